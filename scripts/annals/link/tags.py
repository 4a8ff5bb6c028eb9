"""The editors' tags (``tags:`` in a sidecar): each must be an ID of a gazetteer.

Editors add tags the annotator missed in a sidecar::

    tags:
      officials: [dmitry-medvedev]
      elections: [us-2012]

A tag that is no gazetteer ID is an error naming the sidecar file and line, with the nearest correct ID.
The tags are shown by :mod:`annals.render.browse.tags`.
"""

from __future__ import annotations

from rapidfuzz import process

from annals.model import AnnotatedArticle, Archive, Problem


def check_sidecars(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Every tag an editor wrote in a sidecar must be a gazetteer ID; say which one was meant."""
    if archive is None:
        return []
    known = {"officials": sorted(o.id for o in archive.officials), "elections": sorted(e.id for e in archive.elections)}
    files = {"officials": "officials.yml", "elections": "elections.yml"}
    sides = {side.data.get("id"): side for _, side in archive.sources}
    problems = []
    for rec in records:
        tags = rec.article.tags
        side = sides.get(rec.article.id)
        path = f"articles/{side.name}" if side else f"articles/{rec.article.source_file}"
        for facet in ("officials", "elections"):
            for i, value in enumerate(getattr(tags, facet)):
                if value in known[facet]:
                    continue
                line = side.lines.get(f"/tags/{facet}/{i}") if side else None
                guess = process.extractOne(str(value), known[facet]) if known[facet] else None
                hint = f"; did you mean {guess[0]!r}?" if guess and guess[1] >= 60 else ""
                problems.append(Problem(path, line, f"tags.{facet}: {value!r} is not an ID in archive/{files[facet]}"
                                                    f"{hint}"))
    return problems
