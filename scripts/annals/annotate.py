"""Stage 3, the annotator: an Article plus the gazetteers -> an AnnotatedArticle.

Pure: records in, records out.  This first version carries the article through with no
mentions, quotations or elections; those arrive with the gazetteer (issue 3).
"""

from __future__ import annotations

from .model import AnnotatedArticle, Archive, Article, Problem


def annotate(article: Article, archive: Archive) -> tuple[AnnotatedArticle, list[Problem]]:
    """Find who is mentioned and quoted and which elections the article concerns."""
    return AnnotatedArticle(article=article), []
