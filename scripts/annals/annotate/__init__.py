"""Stage 3, the annotator: an Article plus the gazetteers -> an AnnotatedArticle.

Pure: records in, records out.  Finds who is mentioned (:mod:`annals.annotate.mentions`), what they said
(:mod:`annals.annotate.quotes`, then the editors' decisions in the sidecar's ``quotes:``), which
elections the article concerns (:mod:`annals.annotate.elections`), and resolves the editors'
annotations to exact words (:mod:`annals.annotate.editorial`).
"""

from __future__ import annotations

from annals.annotate.editorial import editorial_of
from annals.annotate.elections import elections_for
from annals.annotate.attribution.languages import find_mentions
from annals.annotate.quotes import apply_overrides, find_quotes, review_problems
from annals.model import AnnotatedArticle, Archive, Article, Problem


def annotate(article: Article, archive: Archive) -> tuple[AnnotatedArticle, list[Problem]]:
    """Find who is mentioned and quoted, which elections the article concerns, and where the editors'
    annotations stand; an annotation whose words cannot be found is a problem naming the sidecar line."""
    mentions, problems = find_mentions(article, archive.officials, archive.lexicon)
    quotes, found = find_quotes(article, mentions, archive)
    problems += found
    quotes, found = apply_overrides(article, quotes, archive)
    problems += found
    problems += review_problems(article, quotes, archive)
    editorial, unresolved = editorial_of(article)
    problems += [Problem(f"articles/{article.sidecar_name}", article.sidecar_lines.get(u.key), u.message)
                 for u in unresolved]
    people = {m.person_id for m in mentions} | {q.speaker_id for q in quotes if q.speaker_id}
    return AnnotatedArticle(article=article, mentions=mentions, quotes=quotes,
                            elections=elections_for(article, mentions, archive),
                            officials=tuple(sorted(people)), editorial=editorial), problems
