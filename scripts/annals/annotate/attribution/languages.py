"""Which rules read an article: chosen by its language (``Article.language``, BCP 47), in this one place.

English (and any language without rules of its own) goes to :mod:`.finder` and
:func:`annals.annotate.mentions.find_mentions`; Russian to :mod:`.russian`.  A new language adds a module
and a line to each table.
"""

from __future__ import annotations

from annals.annotate.attribution import finder, russian
from annals.annotate.mentions import find_mentions as english_mentions
from annals.model import Archive, Article, Mention, Official, Problem, Quote

QUOTE_FINDERS = {"ru": russian.find_quotes}
MENTION_FINDERS = {"ru": lambda article, officials, lexicon: (russian.find_mentions(article, officials), [])}


def language_key(article: Article) -> str:
    """The primary language subtag of the article (``ru`` of ``ru-RU``), ``en`` when unknown."""
    return (article.language or "en").split("-")[0].lower()


def find_quotes(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """The article's quotations by the rules of its language."""
    return QUOTE_FINDERS.get(language_key(article), finder.find_quotes)(article, mentions, archive)


def find_mentions(article: Article, officials: tuple[Official, ...], lexicon: dict) -> tuple[tuple[Mention, ...], list[Problem]]:
    """The gazetteer people the article names, by the rules of its language."""
    return MENTION_FINDERS.get(language_key(article), english_mentions)(article, officials, lexicon)
