"""Stage 4, link: what needs every article at once.

:func:`cross_article` is the pipeline's cross-article step (``pipeline.CROSS_ARTICLE_STAGES``):
:mod:`annals.link.related` finds the articles about the same event; :mod:`annals.link.statements`
groups the reports of one statement across articles (issue 22); :mod:`annals.link.tags` and
:func:`annals.link.related.check_sidecars` check the editors' browse keys; :mod:`annals.link.editorial`
checks the editorial annotations across the archive.
"""

from __future__ import annotations

from annals.link import related, statements, tags
from annals.model import AnnotatedArticle, Archive, Problem


def cross_article(records: tuple[AnnotatedArticle, ...], archive: Archive) -> tuple[tuple[AnnotatedArticle, ...], list[Problem]]:
    """The cross-article stage (``pipeline.CROSS_ARTICLE_STAGES``): fill each record's ``related``
    (same-event articles) and ``statements`` (the statements its quotations report), and check the
    editors' browse keys and statement decisions of the sidecars."""
    linked, problems = statements.group(related.link_records(list(records)), archive)
    return tuple(linked), check(linked, archive) + problems


def check(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Problems in the editors' browse keys of the sidecars (``related``, ``tags``), with file and line."""
    return related.check_sidecars(records, archive) + tags.check_sidecars(records, archive)
