"""Which elections an article concerns, from its date and its words.  Pure.

An article concerns an election when

* it names it: ``the 2016 U.S. presidential election``, ``2012 Russian presidential vote``
  (a year of an election in the gazetteer, then within a few words an election word);
* it is dated in the election's season (from 120 days before election day, 200 before a Russian
  one, until 60 days after the inauguration), uses an election word (``lexicon.yml``), and names
  the election's winner or runner-up;
* undated, it names both the winner and the runner-up of one election and uses an election word;
* in Russian, it writes the election's Russian name (``name_ru``) in any case ("после выборов президента
  США 2016 года"), compared word by word by lemma (``russian_words.phrase_at``).
"""

from __future__ import annotations

import datetime as dt
import re

from annals.annotate.attribution.russian_words import phrase_in
from annals.model import Archive, Article, Election, Mention

BEFORE = {"US": 120, "RU": 200}
AFTER_INAUGURATION = 60
NAMED = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:['’]s)?\s+(?:([A-Z][\w.]*|Russian|American)\s+)?"
                   r"(?:presidential\s+)?(election|elections|vote|race|campaign|ballot)\b", re.IGNORECASE)


def _in_season(e: Election, day: dt.date) -> bool:
    end = (e.inauguration or e.date) + dt.timedelta(days=AFTER_INAUGURATION)
    return e.date - dt.timedelta(days=BEFORE.get(e.country, 120)) <= day <= end


def elections_for(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[str, ...]:
    """IDs of the elections the article concerns, by date."""
    if not archive.elections:
        return ()
    text = "\n".join(p.text for p in article.paragraphs)
    title_text = f"{article.title}\n{text}"
    people = {m.person_id for m in mentions}
    words = archive.lexicon.get("election_words", ()) if archive.lexicon else ()
    language = (article.language or "en").split("-")[0]
    words = (*words, *((archive.lexicons or {}).get(language) or {}).get("election_words", ()))  # lexicon.ru.yml
    has_word = bool(words) and re.search(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])",
        title_text, re.IGNORECASE) is not None
    by_year: dict = {}
    for e in archive.elections:
        by_year.setdefault(e.date.year, []).append(e)
    found: set[str] = set()
    for m in NAMED.finditer(title_text):
        year = int(m.group(1))
        adjective = (m.group(2) or "").lower().replace(".", "")
        options = by_year.get(year, [])
        if adjective in ("russian", "russia's", "ru"):
            options = [e for e in options if e.country == "RU"]
        elif adjective in ("us", "u s", "american", "united", "america's"):
            options = [e for e in options if e.country == "US"]
        elif len(options) > 1:
            options = [e for e in options if e.country == "US"]
        found.update(e.id for e in options)
        for e in options:
            for kw in e.keywords:
                if kw.lower() in title_text.lower():
                    found.add(e.id)
    if language == "ru":
        found.update(e.id for e in archive.elections if e.name_ru and phrase_in(title_text, e.name_ru))
    for e in archive.elections:
        named = {e.winner, e.runner_up} & people
        if article.date is not None:
            if has_word and named and _in_season(e, article.date):
                found.add(e.id)
        elif has_word and {e.winner, e.runner_up} <= people:
            found.add(e.id)
    order = {e.id: (e.date, e.id) for e in archive.elections}
    return tuple(sorted(found, key=lambda i: order[i]))
