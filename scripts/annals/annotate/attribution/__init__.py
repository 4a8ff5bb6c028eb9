"""Quotations and reported speech, with their speakers: attribution by the grammar of reporting.

Pure.  :func:`find_quotes` (``find_quotes(article, mentions, archive)``) returns the article's
quotations in text order and the problems for an editor.  The steps, one module each (doc/attribution.md
has the reasons and the figures):

- :mod:`.lexicon`     the word lists of ``archive/lexicon.yml``, compiled once per lexicon;
- :mod:`.marks`       quotation marks paired into quotations (pieces over paragraphs);
- :mod:`.sentences`   the reporter's sentences, with quoted words masked;
- :mod:`.context`     the records the steps share: a candidate speaker, a paragraph, the article's state;
- :mod:`.candidates`  who can speak in a paragraph: listed people, unlisted names, pronouns, role
                      phrases, institutions, outlets, documents, anonymous sources; titles the text gives;
- :mod:`.descriptions` role phrases ("the minister", "the Communist leader"): whom they refer to, by the
                      roles people hold that day and the titles the text gave them;
- :mod:`.chain`       the article's chain of people: what a pronoun, a noun or a document refers to;
- :mod:`.speech`      speech events: a speech verb and its subject, channels, "according to";
- :mod:`.turns`       transcript turns (``PESKOV: ...``);
- :mod:`.reported`    reported speech (clauses after a reporting verb, participles, source phrases);
- :mod:`.quotations`  one quotation: a quotation or a name in marks, its kind, its speaker or the reason
                      there is none;
- :mod:`.evidence`    the evidence of an attribution (``method``) and its confidence;
- :mod:`.records`     the frozen :class:`annals.model.Quote` records and their permanent IDs;
- :mod:`.finder`      the article, paragraph by paragraph, sentence by sentence.

Language: every word the steps look for comes from the lexicon (a new language adds words, not code);
the machinery is the same for each.
"""

from __future__ import annotations

from annals.annotate.attribution.languages import find_quotes  # by the article's language (Russian: .russian)
from annals.annotate.attribution.records import quote_id

__all__ = ["find_quotes", "quote_id"]
