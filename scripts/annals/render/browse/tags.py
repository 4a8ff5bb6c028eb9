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
election's page (``tag_links`` in the page's front matter).
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Archive
from annals.render import html as H
from annals.render.browse.common import index_of
from annals.render.kit import RenderContext

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
    links = {tag_name(o.name): H.rel(url, f"officials/{o.id}/") for o in people}
    links.update({tag_name(e.title): H.rel(url, f"elections/{e.id}/") for e in elections})
    meta: dict = {}
    if people:
        meta["official_tags"] = [tag_name(o.name) for o in sorted(people, key=lambda o: (o.name, o.id))]
    if elections:
        meta["election_tags"] = [tag_name(e.title) for e in elections]
    if links:
        meta["tag_links"] = links
    return meta
