"""Stage 3, the annotator: an Article plus the gazetteers -> an AnnotatedArticle.

Pure: records in, records out.  Finds who is mentioned (:mod:`annals.annotate.mentions`), what they said
(:mod:`annals.annotate.quotes`, then the editors' decisions in the sidecar's ``quotes:``), and which
elections the article concerns (:mod:`annals.annotate.elections`).
"""

from __future__ import annotations

from annals.annotate.elections import elections_for
from annals.annotate.mentions import find_mentions
from annals.model import AnnotatedArticle, Archive, Article, Problem
from annals.annotate.quotes import apply_overrides, find_quotes, review_problems


def annotate(article: Article, archive: Archive) -> tuple[AnnotatedArticle, list[Problem]]:
    """Find who is mentioned and quoted and which elections the article concerns."""
    mentions, problems = find_mentions(article, archive.officials, archive.lexicon)
    quotes, found = find_quotes(article, mentions, archive)
    problems += found
    quotes, found = apply_overrides(article, quotes, archive)
    problems += found
    problems += review_problems(article, quotes, archive)
    people = {m.person_id for m in mentions} | {q.speaker_id for q in quotes if q.speaker_id}
    return AnnotatedArticle(article=article, mentions=mentions, quotes=quotes,
                            elections=elections_for(article, mentions, archive),
                            officials=tuple(sorted(people))), problems
