"""Occasions: when and through what channel a report says its words were spoken (issue 22).  Pure.

A statement is one utterance on one occasion.  Articles name the occasion around the words they report:
the day ("said on Thursday", "yesterday", "on 10 November", "last week", «в четверг») and the channel
("in a telegram", "at a news conference", "wrote on Facebook", "told the Rossiya-1 channel").
:func:`occasions` reads them for every report from the *frame* of its sentence (the sentence's words
outside every quotation's words, so that a day the speaker talks about is not taken for the day they
spoke), resolves the day against the article's date, and carries a report's occasion forward to the
next reports of the same speaker in the article that name none of their own ("he added", "the minister
noted").  Word lists are data: ``occasion:`` in ``archive/grouping.yml`` (weekday and month names come
from CLDR through Babel, in the languages listed there).

The link stage uses occasions two ways (:mod:`annals.link.statements`): two reports whose occasions
*conflict* (days that cannot be one, or a written channel against a spoken one, or two different
specific channels) are never joined by a measure; two reports whose occasions *agree* (the same day and
the same specific channel) are joined on less word evidence than other pairs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import get_day_names

from annals.annotate.attribution.russian_words import readings
from annals.ingest.parse import MONTHS
from annals.model import Article, Quote

SENTENCE_END = re.compile(r"[.!?…][\"'”»’)]*\s+")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d{1,4}")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Channel:
    """A way of speaking named by ``occasion.channels`` in ``grouping.yml``."""

    name: str
    kind: str
    """``written`` (a telegram, a statement, a post) or ``spoken`` (a news conference, an interview)."""
    specific: bool
    """False for a channel that many occasions share (``told reporters``, ``on television``): it agrees
    with any channel of its kind and conflicts with none of them."""
    whole: bool = False
    """A message that is one utterance however many passages are quoted (a telegram, a letter)."""


@dataclass(frozen=True, slots=True)
class OccasionRules:
    """``occasion:`` of ``grouping.yml``, compiled once per build."""

    weekdays: tuple[tuple[str, int], ...] = ()
    """Weekday names (lower case, and for Russian their dictionary form) and their number (Monday 0)."""
    days: tuple[tuple[str, int, int], ...] = ()
    """Phrases naming a day relative to the article's date, with the first and last day they allow."""
    weeks: tuple[tuple[str, int], ...] = ()
    """Phrases naming a calendar week relative to the article's (0 this week, -1 last week)."""
    in_month: frozenset[str] = frozenset()
    """Words that, before a month's name, say the words were spoken in that month ("in November")."""
    channels: tuple[Channel, ...] = ()
    """The channels, in the order of the groups of ``channel_pattern``."""
    channel_pattern: re.Pattern | None = None
    """Every channel's phrases as one pattern, longest first, group ``c<i>`` for ``channels[i]``."""
    day_pattern: re.Pattern | None = None
    """The ``days`` and ``weeks`` phrases as one pattern, longest first."""

    @classmethod
    def of(cls, data: dict | None) -> "OccasionRules":
        if not data:
            return cls()
        weekdays = {}
        for language in data.get("weekday_languages") or ():
            for context in ("format", "stand-alone"):
                for number, name in get_day_names("wide", context=context, locale=language).items():
                    weekdays[name.casefold()] = number
                    weekdays[_lemma(name.casefold())] = number
        days = tuple(sorted(((p.casefold(), int(a), int(b)) for p, (a, b) in (data.get("days") or {}).items()),
                            key=lambda t: (-len(t[0]), t[0])))
        weeks = tuple(sorted(((p.casefold(), int(n)) for p, n in (data.get("weeks") or {}).items()),
                             key=lambda t: (-len(t[0]), t[0])))
        channels, alternatives = [], []
        for entry in data.get("channels") or ():
            channels.append(Channel(entry["name"], entry["kind"], bool(entry.get("specific", True)), bool(entry.get("whole", False))))
            alternatives += [(phrase, len(channels) - 1) for phrase in entry["phrases"]]
        alternatives.sort(key=lambda t: (-len(t[0]), t[0]))
        channel_pattern = re.compile(r"\b(?:" + "|".join(f"(?P<c{i}_{k}>{_pattern(p)})" for k, (p, i) in enumerate(alternatives))
                                     + ")", re.IGNORECASE) if alternatives else None
        phrases = sorted({p for p, *_ in days} | {p for p, _ in weeks}, key=lambda p: (-len(p), p))
        day_pattern = re.compile(r"\b(?:" + "|".join(_pattern(p) for p in phrases) + ")", re.IGNORECASE) if phrases else None
        return cls(tuple(sorted(weekdays.items())), days, weeks, frozenset(w.casefold() for w in data.get("in_month") or ()),
                   tuple(channels), channel_pattern, day_pattern)


def _pattern(phrase: str) -> str:
    """A phrase as whole words (a regular expression); a trailing ``*`` allows any ending (Russian cases)."""
    stem = phrase.endswith("*")
    words = phrase.rstrip("*").casefold().split()
    body = r"[\s-]+".join(map(re.escape, words))
    return body + (r"\w*" if stem else r"(?!\w)")


def _lemma(word: str) -> str:
    """A Russian word's dictionary form (its likeliest reading); other words as they are."""
    if not CYRILLIC.search(word):
        return word
    found = readings(word)
    return found[0].lemma if found else word


@dataclass(frozen=True, slots=True)
class Occasion:
    """What a report says about when and how its words were spoken."""

    first: int | None = None
    """Earliest day the words can have been spoken (a proleptic ordinal), None: no day named."""
    last: int | None = None
    """Latest day: the last day named, or the article's date when it names none (words are reported after
    they are spoken), None: unknown."""
    channels: frozenset[Channel] = frozenset()
    """The channels the report's sentence names."""
    carried: bool = False
    """Taken from an earlier report of the same speaker in the article (the report names none)."""

    @property
    def day(self) -> int | None:
        """The one day, when the report names a day and not a span of days."""
        return self.first if self.first is not None and self.first == self.last else None

    @property
    def empty(self) -> bool:
        return self.first is None and not self.channels

    def describe(self) -> str:
        parts = []
        if self.day is not None:
            parts.append(dt.date.fromordinal(self.day).isoformat())
        for c in sorted(self.channels, key=lambda c: c.name):
            parts.append(c.name)
        return ", ".join(parts)


def conflict(a: Occasion, b: Occasion) -> str | None:
    """Why two reports cannot be one utterance (days that cannot meet, channels that cannot be one), or
    None."""
    first = max(a.first if a.first is not None else -1, b.first if b.first is not None else -1)
    last = min(a.last if a.last is not None else 10**7, b.last if b.last is not None else 10**7)
    if first > last:
        return "different days"
    if a.channels and b.channels and not any(_compatible(x, y) for x in a.channels for y in b.channels):
        return "different channels"
    return None


def _compatible(x: Channel, y: Channel) -> bool:
    return x.kind == y.kind and (x == y or not x.specific or not y.specific)


def agree(a: Occasion, b: Occasion) -> bool:
    """Do both reports name the same day and the same specific channel?"""
    return (a.day is not None and a.day == b.day
            and any(x == y and x.specific for x in a.channels for y in b.channels))


# ---- reading the frame ---------------------------------------------------------------------------

def _sentences(text: str, blanks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraph's sentences as (start, end), never cut inside a quotation's words."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if any(s < m.start() < e for s, e in blanks):
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def frame(article: Article, quote: Quote, quotes: tuple[Quote, ...]) -> str:
    """The words of the sentences holding the report, outside its words and every other quotation's,
    except another speaker's that runs over it ("..., according to a Kremlin transcript" read as a
    quotation of the Kremlin's is the frame of the words it runs over)."""
    paragraphs = {p.n: p.text for p in article.paragraphs}
    who = quote.speaker_id or quote.speaker
    others = [q for q in quotes if q is quote or not ((q.speaker_id or q.speaker) != who and any(
        a.paragraph == b.paragraph and a.start < b.end and b.start < a.end for a in q.spans for b in quote.spans))]
    pieces = []
    for n in sorted({s.paragraph for s in quote.spans}):
        text = paragraphs.get(n)
        if text is None:
            continue
        blanks = sorted((s.start, s.end) for q in others for s in q.spans if s.paragraph == n)
        mine = [(s.start, s.end) for s in quote.spans if s.paragraph == n]
        chars = list(text)
        for s, e in blanks:
            chars[s:e] = " " * (e - s)
        for s, e in _sentences(text, blanks):
            if any(s < me and ms < e for ms, me in mine):
                pieces.append("".join(chars[s:e]))
    return " ".join(pieces)


def read(text: str, date: dt.date | None, rules: OccasionRules) -> Occasion:
    """The occasion a frame names, its days resolved against the article's date."""
    low = text.casefold()
    channels = set()
    if rules.channel_pattern is not None:
        for m in rules.channel_pattern.finditer(low):
            channels.add(rules.channels[int(m.lastgroup[1:].split("_")[0])])
    spans: set[tuple[int, int]] = set()
    if date is not None:
        d = date.toordinal()
        if rules.day_pattern is not None and rules.day_pattern.search(low):
            for m in rules.day_pattern.finditer(low):
                phrase = " ".join(m.group(0).split())
                for p, a, b in rules.days:
                    if p == phrase:
                        spans.add((d + a, d + b))
                for p, n in rules.weeks:
                    if p == phrase:
                        monday = d - date.weekday() + 7 * n
                        spans.add((monday, min(monday + 6, d)))
            low = rules.day_pattern.sub(" ", low)
        weekdays = dict(rules.weekdays)
        words = list(WORD.finditer(low))
        for i, m in enumerate(words):
            w = m.group(0)
            number = weekdays.get(w)
            if number is None and CYRILLIC.search(w):
                number = weekdays.get(_lemma(w))
            if number is not None:
                if w.endswith(("'s", "’s")) or low[m.end():m.end() + 2] in ("'s", "’s"):
                    continue  # "Tuesday's election": an event, not the day of the words
                back = (date.weekday() - number) % 7
                spans.add((d - back, d - back))
                continue
            month = MONTHS.get(w.rstrip("."))
            if month is None or (len(w) < 3):
                continue
            day = _number(words, i + 1) or _number(words, i - 1)
            year = date.year if month <= date.month else date.year - 1
            if day is not None:
                try:
                    spans.add((dt.date(year, month, day).toordinal(),) * 2)
                except ValueError:
                    pass
            elif i > 0 and words[i - 1].group(0) in rules.in_month:
                first = dt.date(year, month, 1)
                nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
                spans.add((first.toordinal(), min(nxt.toordinal() - 1, d)))
    if len(spans) == 1:
        first, last = next(iter(spans))
        return Occasion(first, last, frozenset(channels))
    # none, or several days (which one is unknown): on or before the article's date
    return Occasion(None, date.toordinal() if date is not None else None, frozenset(channels))


def _number(words, i: int) -> int | None:
    if 0 <= i < len(words) and words[i].group(0).isdigit() and 1 <= int(words[i].group(0)) <= 31:
        return int(words[i].group(0))
    return None


def lead(article: Article, quotes: tuple[Quote, ...], rules: OccasionRules) -> Occasion:
    """The occasion the article's first paragraph names (its words outside the quotations): the event the
    article reports ("President Putin's telegram to President Obama on Wednesday was ...")."""
    first = next((p for p in article.paragraphs if p.n == 1), None)
    if first is None:
        return Occasion()
    chars = list(first.text)
    for q in quotes:
        for s in q.spans:
            if s.paragraph == 1:
                chars[s.start:s.end] = " " * (s.end - s.start)
    return read("".join(chars), article.date, rules)


def fill(o: Occasion, event: Occasion) -> Occasion:
    """A report's occasion with what it leaves unsaid taken from the article's event, when they agree."""
    if event.empty or conflict(o, event) is not None:
        return o
    if (o.first is not None or event.first is None) and (o.channels or not event.channels):
        return o
    first, last = (o.first, o.last) if o.first is not None else (event.first, event.last)
    return Occasion(first, last, o.channels | event.channels, o.carried)


def carry(own: list[Occasion]) -> list[Occasion]:
    """Occasions of one speaker's consecutive reports in one article (text order): a report that names
    no occasion of its own takes the last one named before it; a report that names a day or a channel
    that conflicts with the one carried starts a new occasion, and fills what it does not name from the
    carried one otherwise."""
    out, current = [], Occasion()
    for o in own:
        if o.empty:
            if current.empty:
                out.append(o)
            else:
                out.append(Occasion(current.first, current.last, current.channels, carried=True))
            continue
        if conflict(o, current) is None:
            named = o if o.first is not None or current.first is None else current
            o = Occasion(named.first, named.last, o.channels or current.channels)
        out.append(o)
        current = o
    return out
