"""Stage 4, link: what needs every article at once (same-event links, the editors' browse keys).

:func:`cross_article` is the pipeline's cross-article step (``pipeline.CROSS_ARTICLE_STAGES``):
:mod:`annals.link.related` finds the articles about the same event and the same statement reported
twice.  (Submodules are imported inside the functions, as they were when this was ``browse``.)
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Archive, Problem


def cross_article(records: tuple[AnnotatedArticle, ...], archive: Archive) -> tuple[tuple[AnnotatedArticle, ...], list[Problem]]:
    """The cross-article stage (``build.CROSS_ARTICLE_STAGES``): fill each record's ``related``
    (same-event articles) and check the editors' browse keys of the sidecars."""
    from annals.link import related

    linked = tuple(related.link_records(list(records)))
    return linked, check(list(linked), archive)


def check(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Problems in the editors' browse keys of the sidecars (``related``, ``tags``), with file and line."""
    from annals.link import related
    from annals.render.browse import tags

    return related.check_sidecars(records, archive) + tags.check_sidecars(records, archive)

