"""Browsing the archive: pages per official and election, quotations, timelines, related coverage, tags.

Each page kind is its own module and is listed in :mod:`annals.render`'s extension points;
:func:`cross_article` is the check stage's cross-article step, and
:func:`configure_mkdocs` the one the build makes before MkDocs runs.  (Submodules are imported
inside the functions: ``render`` imports them, and they read ``render`` at call time.)
"""

from __future__ import annotations

from .. import render as _render  # noqa: F401  (first: render imports the page modules below)
from ..model import AnnotatedArticle, Archive, Problem


def cross_article(records: tuple[AnnotatedArticle, ...], archive: Archive) -> tuple[tuple[AnnotatedArticle, ...], list[Problem]]:
    """The cross-article stage (``build.CROSS_ARTICLE_STAGES``): fill each record's ``related``
    (same-event articles) and check the editors' browse keys of the sidecars."""
    from . import related

    linked = tuple(related.link_records(list(records)))
    return linked, check(list(linked), archive)


def check(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Problems in the editors' browse keys of the sidecars (``related``, ``tags``), with file and line."""
    from . import related, tags

    return related.check_sidecars(records, archive) + tags.check_sidecars(records, archive)


def configure_mkdocs(cfg, archive: Archive | None) -> None:
    """Set what MkDocs needs from the gazetteers (the tags plugins' allowed tags)."""
    from . import tags

    tags.configure_mkdocs(cfg, archive)
