"""Tags: two facets, officials and elections, shown on every article by Material's tags plugin.

``mkdocs.yml`` runs two instances of ``material/tags``, one reading the front-matter key
``official_tags``, the other ``election_tags``.  The allowed tags are the gazetteers' names
(``archive/officials.yml``, ``archive/elections.yml``): :func:`configure_mkdocs` sets them on
both instances before MkDocs builds, so a tag that is not in a gazetteer fails the build.
Our own check (:func:`check_sidecars`) runs first and names the sidecar file and line, with
the nearest correct ID.

Editors add tags the annotator missed in a sidecar::

    tags:
      officials: [dmitry-medvedev]
      elections: [us-2012]

The theme partial ``overrides/partials/tags.html`` links each tag to the official's or
election's page (``tag_links`` in the page's front matter).
"""

from __future__ import annotations

from rapidfuzz import process

from annals.render import html as H
from annals.render import site as R
from annals.model import AnnotatedArticle, Archive, Problem
from annals.render.browse.common import index_of

FACETS = {"officials": "official_tags", "elections": "election_tags"}
"""Sidecar key -> front-matter key (the ``tags_name_property`` of a tags plugin instance)."""


def tag_name(text: str) -> str:
    """A tag as the theme receives it: HTML-escaped (Material prints tag names unescaped)."""
    return H.attr(text)


def allowed(archive: Archive | None) -> dict[str, set[str]]:
    """Front-matter key -> the tags allowed in it (escaped gazetteer names)."""
    officials = archive.officials if archive else ()
    elections = archive.elections if archive else ()
    return {"official_tags": {tag_name(o.name) for o in officials},
            "election_tags": {tag_name(e.title) for e in elections}}


def front_matter(rec: AnnotatedArticle, ctx: R.RenderContext) -> dict:
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


def check_sidecars(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Every tag an editor wrote in a sidecar must be a gazetteer ID; say which one was meant."""
    if archive is None:
        return []
    known = {"officials": sorted(o.id for o in archive.officials), "elections": sorted(e.id for e in archive.elections)}
    files = {"officials": "officials.yml", "elections": "elections.yml"}
    sides = {side.data.get("id"): side for _, side in archive.sources}
    problems = []
    for rec in records:
        tags = rec.article.sidecar.get("tags") or {}
        side = sides.get(rec.article.id)
        path = f"articles/{side.name}" if side else f"articles/{rec.article.source_file}"
        for facet in ("officials", "elections"):
            for i, value in enumerate(tags.get(facet) or []):
                if value in known[facet]:
                    continue
                line = side.lines.get(f"/tags/{facet}/{i}") if side else None
                guess = process.extractOne(str(value), known[facet]) if known[facet] else None
                hint = f"; did you mean {guess[0]!r}?" if guess and guess[1] >= 60 else ""
                problems.append(Problem(path, line, f"tags.{facet}: {value!r} is not an ID in archive/{files[facet]}"
                                                    f"{hint}"))
    return problems


def configure_mkdocs(cfg, archive: Archive | None) -> None:
    """Give each tags-plugin instance its allowed tags (from the gazetteers) before MkDocs builds."""
    if archive is None:
        return
    from material.plugins.tags.structure.tag import Tag

    allow = allowed(archive)
    for name, plugin in cfg.plugins.items():
        if not name.startswith("material/tags"):
            continue
        prop = plugin.config.tags_name_property
        if prop in allow and allow[prop]:
            plugin.config.tags_allowed = {Tag(t) for t in allow[prop]}
