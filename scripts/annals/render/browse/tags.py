"""Tags: two facets, officials and elections, shown on every article by Material's tags plugin.

``mkdocs.yml`` runs two instances of ``material/tags``, one reading the front-matter key
``official_tags``, the other ``election_tags``.  The allowed tags are the gazetteers' names
(``archive/officials.yml``, ``archive/elections.yml``): :func:`annals.publish.mkdocs.configure` sets
them on both instances (from :func:`allowed`) before MkDocs builds, so a tag that is not in a gazetteer fails the build.
Our own check (:func:`annals.link.tags.check_sidecars`) runs first and names the sidecar file and
line, with the nearest correct ID.

Editors add tags the annotator missed in a sidecar::

    tags:
      officials: [dmitry-medvedev]
      elections: [us-2012]

The theme partial ``overrides/partials/tags.html`` links each tag to the official's or
election's page (``tag_links`` in the page's front matter), and shows the people quoted apart from
the people merely mentioned (issue 19, item 6): ``quoted_tags`` lists the tags of the quoted
speakers, ``quoted_unlisted`` the quoted speakers who are not in the gazetteer (no tag; a link to
their page), ``mentioned_tags`` the tags of everyone else named.
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Archive
from annals.render import html as H
from annals.render.browse.common import index_of
from annals.render.kit import RenderContext
from annals.render import kit

FACETS = {"officials": "official_tags", "elections": "election_tags"}
"""Sidecar key -> front-matter key (the ``tags_name_property`` of a tags plugin instance)."""


def tag_name(text: str) -> str:
    """A tag as the theme receives it: HTML-escaped (Material prints tag names unescaped)."""
    return H.attr(text)


def allowed(archive: Archive) -> dict[str, set[str]]:
    """Front-matter key -> the tags allowed in it (escaped gazetteer names)."""
    return {"official_tags": {tag_name(o.name) for o in archive.officials},
            "election_tags": {tag_name(e.title) for e in archive.elections}}


def front_matter(rec: AnnotatedArticle, ctx: RenderContext) -> dict:
    """FRONT_MATTER provider: the article's tags in both facets and where each tag links."""
    index = index_of(ctx)
    url = rec.article.url
    people = [index.officials[i] for i in index.article_officials(rec)]
    elections = [index.elections[i] for i in index.article_elections(rec)]
    links = {tag_name(o.name): H.rel(url, kit.official_url(o.id)) for o in people}
    links.update({tag_name(e.title): H.rel(url, kit.election_url(e.id)) for e in elections})
    meta: dict = {}
    if people:
        meta["official_tags"] = [tag_name(o.name) for o in sorted(people, key=lambda o: (o.name, o.id))]
    speakers = {s.key: s for s in (index.speaker_of(q) for q in rec.quotes if q.kind != "scare") if s is not None}
    quoted = {tag_name(s.name) for s in speakers.values() if s.official is not None}
    if quoted:
        meta["quoted_tags"] = [t for t in meta.get("official_tags", []) if t in quoted]
    mentioned = [t for t in meta.get("official_tags", []) if t not in quoted]
    if mentioned:
        meta["mentioned_tags"] = mentioned
    unlisted = sorted((s for s in speakers.values() if s.official is None), key=lambda s: (s.name, s.key))
    if unlisted:
        meta["quoted_unlisted"] = [{"name": tag_name(s.name), "url": H.rel(url, s.url)} for s in unlisted]
    if elections:
        meta["election_tags"] = [tag_name(e.title) for e in elections]
    if links:
        meta["tag_links"] = links
    return meta
