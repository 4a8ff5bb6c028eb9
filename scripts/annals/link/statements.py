"""Statements: the reports of one utterance, grouped across articles (issue 22).  Pure.

A *statement* is one utterance by one speaker on one occasion; its *reports* are the quotations and
reported speech of it in the archive's articles (``Quote``).  :func:`group` puts the reports into
statements and stores them on the records (``AnnotatedArticle.statements``), once per build:

1. **Who.**  Only a report with a speaker is grouped by a measure: the same gazetteer ID, or the same
   unlisted name (spellings reduced by :func:`annals.annotate.names.name_key`, Cyrillic romanised
   first), or the same institution.  No speaker, no statement, unless an editor links it.
2. **When.**  Two reports in different articles are compared only when the articles are dated within
   ``window_days`` of each other (``archive/grouping.yml``); undated articles are grouped by editors only.
3. **What.**  :func:`similarity`: the share of the shorter report's content words (function words left
   out, first person put in the third: ``words`` in ``grouping.yml``; each reduced to its stem,
   :func:`stem`) found in the longer one, a word
   matching another when RapidFuzz's ratio of the two reaches ``word_match`` (hostage/hostages).  At
   least ``min_shared_words`` words in common (or all of a short fragment's, at least
   ``min_fragment_words``), and a share of at least ``similarity``.  A quotation
   whose words lie inside another of the same speaker in the same article (a partial quotation inside
   the reported clause that wraps it) is the same report (``nested``).
4. **Occasion.**  Each report's occasion (the day resolved from the article's date, the channel: read
   from the words around it, :mod:`annals.link.occasion`): two reports whose occasions conflict (another
   day, a written channel against a spoken one, two specific channels) are never joined by a measure, nor
   are two groups holding such reports; two whose occasions agree (the same day and specific channel) are
   joined on less word evidence (``occasion``, its note naming the occasion).  Two statements of one
   speaker whose reports stand side by side (no other speaker's quotation between them) in at least
   ``passage_articles`` articles are passages of one occasion, as two reports of one telegram quote three
   of its sentences each (``passage``).
5. **Editors** decide in the sidecar, and win (``statements:``, checked here with ``path:line:``)::

       statements:
         - quote: q-0123456789        # a quotation of this article
           same_as: q-9876543210      # one statement with that quotation (a paraphrase, a translation)
           note: ...
         - quote: q-0123456789
           not_with: q-9876543210     # never one statement with it (a split)
         - quote: q-0123456789
           alone: true                # its own statement: no measure groups it
         - quote: q-0123456789
           translates:                # the words it translates, in an archived article
             article: a000123
             exact: ...               # as in the article (prefix:/suffix: when they occur twice)
         - no_translation_in: a000123 # none of this article's quotations translates words of a000123

Grouping is constrained agglomeration: links are taken strongest first (editors', nested, then by
similarity, then passages) and two groups are joined unless an editor keeps one of their reports
apart from the other.  Each statement records the links that joined it (``Statement.edges``: the
basis, the score, the editor's note).  A group reported by two articles or more, or joined by an
editor, or with original-language words, gets a permanent ID (:func:`assign_ids`, from the ledger
``archive/statements.txt``) and a page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from annals.annotate.attribution.russian_words import readings
from annals.annotate.editorial import resolve
from annals.annotate.names import CYRILLIC, KeyRules, name_key, romanisations
from annals.link.occasion import Occasion, OccasionRules, agree, carry, conflict, fill, frame, lead, read
from annals.model import (AnnotatedArticle, Archive, Article, LedgerEntry, OriginalText, Problem, Quote,
                          Statement, StatementEdge)

TOKEN = re.compile(r"[^\W_]+")
NOT_CYRILLIC = re.compile("[^\u0400-\u04ff]+")
NOT_LATIN = re.compile("[^A-Za-z]+")
STATEMENT_ID = re.compile(r"s(\d{6})")
DECISIONS = ("same_as", "not_with", "alone", "translates")
"""The keys of a sidecar ``statements:`` entry that decide something about its ``quote``; one per entry."""
PRIORITY = {"editor": 0, "translation": 0, "nested": 1, "similar": 2, "message": 3, "occasion": 4, "recall": 5, "passage": 6}


# ---- settings ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Settings:
    """``archive/grouping.yml`` (schema ``grouping.schema.json``), read once per build."""

    measured: bool
    """False when the archive has no ``grouping.yml``: only editors group reports then."""
    window_days: int = 0
    """Most days between the articles of two reports grouped by a measure."""
    similarity: float = 100.0
    """Least :func:`similarity` for one statement."""
    min_shared_words: int = 1
    """Least content words in common ..."""
    min_fragment_words: int = 1
    """... unless every word of the shorter report is found and it has at least this many (a partial quotation
    of two words inside a full one)."""
    word_match: float = 100.0
    """Least RapidFuzz ratio for two words to count as one ..."""
    spelling_match: float | None = None
    """... when one is within the other (solv/resolv); any other pair of words needs this (a spelling
    variant); None: ``word_match`` for every pair."""
    passages: bool = False
    """Join passages of one occasion (step 4 above)."""
    passage_articles: int = 2
    """In how many articles two passages must stand side by side."""
    fragment_weight: float = 0.0
    """A fragment (every content word found in the other report) of fewer than ``min_fragment_words`` words
    counts when the rarity weights (0-1, :func:`rarity`) of its words add up to this (0: never): a one-word
    partial quotation of a word few reports use ("hostage")."""
    recall_days: int = 0
    """Most days between the first report of a statement and a later report that recalls it, beyond
    ``window_days``: every word of the later report is a word of an earlier one (itself, or its first
    ``stem_letters`` letters); 0: no recalls."""
    recall_min_words: int = 3
    """Least content words of a recalling report."""
    recall_back: re.Pattern | None = None
    """Words by which a later report says it recalls earlier words ("earlier", "in November" is read as a
    day): with it, a recall must say so; None: any later report may recall."""
    stem_letters: int = 0
    """Two reports are compared only when they share a word or a word's first this many letters
    (hostage/hostages); 0: a whole word."""
    message_days: int | None = None
    """Most days between the articles of two reports of one written message (:func:`_message`); None: the
    rule is off."""
    stems: bool = False
    """Compare words by their stems (:func:`stem`)."""
    occasion_similarity: float = 100.0
    """Least :func:`similarity` of two reports whose occasions agree (the same day and the same specific
    channel, :func:`annals.link.occasion.agree`) ..."""
    occasion_min_shared: int = 10**6
    """... and least content words in common."""
    occasion: OccasionRules = OccasionRules()
    """How articles name an occasion (``occasion:``)."""
    function_words: frozenset[str] = frozenset()
    """Words left out when comparing."""
    third_person: tuple[tuple[str, str], ...] = ()
    """First-person words and their third-person forms."""
    many_answers: re.Pattern | None = None
    """Words that name an occasion of many answers (a news conference, a briefing, an interview): an article
    that names one in its first paragraph or around two reports is no evidence that they are passages of
    one utterance (two answers are two statements)."""

    @classmethod
    def of(cls, archive: Archive | None) -> "Settings":
        data = (archive.grouping if archive is not None else None) or {}
        if not data:
            return cls(measured=False)
        st, words = data["statements"], data["words"]
        return cls(measured=True, window_days=st["window_days"], similarity=float(st["similarity"]),
                   min_shared_words=st["min_shared_words"], min_fragment_words=st["min_fragment_words"],
                   word_match=float(st["word_match"]),
                   spelling_match=float(st["spelling_match"]) if "spelling_match" in st else None,
                   passages=bool(st["passages"]), passage_articles=st.get("passage_articles", 2),
                   fragment_weight=float(st.get("fragment_weight", 0)), recall_days=st.get("recall_days", 0),
                   recall_min_words=st.get("recall_min_words", 3), stem_letters=st.get("stem_letters", 0),
                   recall_back=_phrases(words["recall_back"]) if "recall_back" in words else None,
                   stems=bool(st.get("stems", False)), message_days=st.get("message_days"),
                   occasion_similarity=float(st.get("occasion_similarity", 100)),
                   occasion_min_shared=st.get("occasion_min_shared", 10**6),
                   occasion=OccasionRules.of(data.get("occasion")),
                   function_words=frozenset(words["function_words"]),
                   many_answers=_phrases(words.get("many_answers") or ()),
                   third_person=tuple(sorted(words["third_person"].items())))


def _phrases(phrases) -> re.Pattern | None:
    """One case-insensitive pattern matching any of the phrases as whole words; None for none."""
    if not phrases:
        return None
    alternatives = sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases), key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def content_words(text: str, settings: Settings) -> tuple[str, ...]:
    """The words of a report that carry its content, in order, each once: lower case, first person in the
    third, function words left out, each reduced to its stem (``stems``: :func:`stem`)."""
    person = dict(settings.third_person)
    out: dict[str, None] = {}
    for w in TOKEN.findall(text.casefold()):
        w = person.get(w, w)
        if w not in settings.function_words:
            w = stem(w) if settings.stems else w
            if w not in settings.function_words:
                out.setdefault(w)
    return tuple(out)


@lru_cache(maxsize=1)
def _english() -> snowballstemmer.stemmer:
    """The Snowball (Porter 2) English stemmer, made once per process."""
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word's stem, so that the forms of one word compare as one: a Russian word's dictionary form
    (pymorphy3's likeliest reading: заявил, заявила -> заявить), an English word's Snowball stem
    (achieved, achieve -> achiev; results -> result); numbers as they are."""
    if CYRILLIC.search(word):
        found = readings(word)
        return found[0].lemma.replace("ё", "е") if found else word
    if word.isdigit():
        return word
    return _english().stemWord(word)


def found_words(short: tuple[str, ...], long_: tuple[str, ...], word_match: float,
                spelling: float | None = None) -> tuple[str, ...]:
    """The words of ``short`` found in ``long_``: there, or RapidFuzz's ratio with one of its words at least
    ``word_match``.  With ``spelling``: a word within the other (solv/resolv, terror/terrorist) at
    ``word_match``, any other pair (a spelling: zhirinovsky/zhirinovskii) only at ``spelling``, so that two
    stems that merely look alike (prepar/repair) are not one word."""
    present = set(long_)
    out = []
    for w in short:
        if w in present:
            out.append(w)
            continue
        for v, score, _ in process.extract(w, long_, scorer=fuzz.ratio, score_cutoff=word_match, limit=None):
            if spelling is None or score >= spelling or w in v or v in w:
                out.append(w)
                break
    return tuple(out)


def similarity(a: tuple[str, ...], b: tuple[str, ...], word_match: float,
               weights: dict[str, float] | None = None, spelling: float | None = None) -> tuple[float, int]:
    """(share of the shorter word list's words found in the longer, 0-100; how many were found).  A word
    is found when it is in the other list or RapidFuzz's ratio with one of its words is ``word_match`` or more.
    With ``weights`` (:func:`rarity`) the share is of the words' weights: a rare word found counts for more
    than a stock one."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0, 0
    found = found_words(short, long_, word_match, spelling)
    if weights is None:
        return 100.0 * len(found) / len(short), len(found)
    total = sum(weights.get(w, 1.0) for w in short)
    return 100.0 * sum(weights.get(w, 1.0) for w in found) / total, len(found)


def rarity(words: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]) -> dict[str, float]:
    """Each content word's weight over the reports grouped together, 0-1: its inverse document frequency
    (smoothed, ``ln((1 + N) / (1 + reports with the word)) + 1``) over that of a word used once, so that a
    weight means the same in a small archive and a large one.  A word that many reports use (stock words of
    officials: ready, relations, president) weighs less than one few use."""
    df = Counter(w for ws in words for w in set(ws))
    n = len(words)
    top = math.log((1 + n) / 2) + 1.0
    return {w: (math.log((1 + n) / (1 + c)) + 1.0) / top for w, c in df.items()}


def speaker_key(q: Quote, rules: KeyRules, schemes: tuple[str, ...]) -> str | None:
    """Who said it, as a key that every spelling of one speaker shares; None for no speaker."""
    if q.kind == "scare" or q.speaker_kind == "none" or not q.speaker:
        return None
    if q.speaker_id:
        return "id:" + q.speaker_id
    words = []
    for w in q.speaker.split():
        if CYRILLIC.search(w) and schemes:
            w = (romanisations(w, schemes) or (w,))[0]
        words.append(name_key(w, rules))
    return ("institution:" if q.speaker_kind == "institution" else "name:") + " ".join(words)


# ---- the reports ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Report:
    """A quotation as the grouping sees it."""

    quote: Quote
    article: Article
    position: int
    """Its index among the article's quotations (text order)."""
    speaker: str | None
    """:func:`speaker_key`."""
    words: tuple[str, ...]
    """:func:`content_words`."""
    occasion: Occasion = Occasion()
    """When and how the article says the words were spoken (:mod:`annals.link.occasion`)."""
    elections: frozenset[str] = frozenset()
    """The elections its article concerns (``AnnotatedArticle.elections``)."""
    named: frozenset[str] = frozenset()
    """The officials its article names (``AnnotatedArticle.officials``)."""
    looks_back: bool = False
    """Its frame says the words are older than its article (``recall_back``, or a day named before the
    window): it may recall a statement (:func:`_similar`)."""

    @property
    def order(self) -> tuple:
        a = self.article
        return (a.date is None, a.date.toordinal() if a.date else 0, a.id, self.position)


def reports_of(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...], archive: Archive | None,
               settings: Settings) -> dict[str, Report]:
    """Every quotation of the records that is not a scare quote, by ID."""
    lexicon = archive.lexicon if archive is not None else {}
    rules, schemes = KeyRules.from_lexicon(lexicon), tuple((lexicon or {}).get("romanisation_schemes") or ())
    out = {}
    for rec in records:
        elections, named = frozenset(rec.elections), frozenset(rec.officials)
        mine = [Report(q, rec.article, i, speaker_key(q, rules, schemes), content_words(q.text, settings),
                       elections=elections, named=named)
                for i, q in enumerate(rec.quotes) if q.kind != "scare"]
        if settings.occasion.channels or settings.occasion.weekdays:
            mine = _with_occasions(mine, rec, settings)
        out.update((r.quote.id, r) for r in mine)
    return out


def _with_occasions(mine: list[Report], rec: AnnotatedArticle, settings: Settings) -> list[Report]:
    """The article's reports with their occasions: read from each report's frame, then carried along each
    run of one speaker's consecutive reports (:func:`annals.link.occasion.carry`)."""
    runs: list[list[Report]] = []
    for r in mine:
        if r.speaker is None:
            continue
        if runs and runs[-1][-1].speaker == r.speaker:
            runs[-1].append(r)
        else:
            runs.append([r])
    occasion: dict[str, Occasion] = {}
    seen: dict[str, Occasion] = {}  # one sentence read once, however many of its quotations it frames
    back: set[str] = set()
    event = lead(rec.article, rec.quotes, settings.occasion)
    in_lead = {m.person_id for m in rec.mentions if m.span.paragraph == 1} | {
        r.quote.speaker_id for r in mine if r.quote.speaker_id and any(s.paragraph == 1 for s in r.quote.spans)}
    for run in runs:
        own = []
        for r in run:
            text = frame(rec.article, r.quote, rec.quotes)
            if text not in seen:
                seen[text] = read(text, rec.article.date, settings.occasion)
            own.append(seen[text])
            if settings.recall_back is not None and settings.recall_back.search(text):
                back.add(r.quote.id)
        for r, o in zip(run, carry(own)):  # the lead's event for what a speaker it names leaves unsaid
            occasion[r.quote.id] = fill(o, event) if r.quote.speaker_id in in_lead else o
    day = rec.article.date.toordinal() if rec.article.date else None

    def older(o: Occasion) -> bool:
        return o.first is not None and day is not None and o.last < day - settings.window_days
    return [replace(r, occasion=occasion[r.quote.id], looks_back=r.quote.id in back or older(occasion[r.quote.id]))
            if r.quote.id in occasion else r for r in mine]


# ---- editors' decisions ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Decisions:
    """The sidecars' ``statements:`` entries, checked."""

    links: tuple[StatementEdge, ...]
    """``same_as`` and resolved ``translates`` between two quotations."""
    apart: frozenset[tuple[str, str]]
    """``not_with`` pairs (sorted)."""
    alone: frozenset[str]
    """Quotations no measure may group."""
    originals: tuple[OriginalText, ...]
    """``translates`` ties whose words are no quotation of their article (yet)."""
    declined: frozenset[tuple[str, str]]
    """(article, other article): ``no_translation_in``."""
    problems: tuple[Problem, ...]


def _side(a: Article) -> str:
    return f"articles/{a.sidecar_name}" if a.sidecar_name else f"articles/{a.source_file.rsplit('.', 1)[0]}.yml"


def _overlaps(q: Quote, paragraph: int, start: int, end: int) -> bool:
    return any(s.paragraph == paragraph and s.start < end and start < s.end for s in q.spans)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def decisions(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...], reports: dict[str, Report]) -> Decisions:
    """Read and check every sidecar's ``statements:``: each problem names the sidecar and line."""
    by_id = {r.article.id: r for r in records}
    links: list[StatementEdge] = []
    apart: set[tuple[str, str]] = set()
    alone: set[str] = set()
    originals: list[OriginalText] = []
    declined: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    said: dict[tuple[str, str], tuple[str, str, int | None]] = {}  # pair -> (decision, path, line) for contradictions
    for rec in records:
        a = rec.article
        entries = a.sidecar.get("statements") or []
        path, lines = _side(a), a.sidecar_lines
        mine = {q.id for q in rec.quotes}
        for i, entry in enumerate(entries):
            at = f"/statements/{i}"
            line = lines.get(at)
            if not isinstance(entry, dict):
                continue  # the schema says so
            if "no_translation_in" in entry:
                other = entry["no_translation_in"]
                extra = sorted(k for k in entry if k not in ("no_translation_in", "note"))
                if extra:
                    problems.append(Problem(path, line, f"statements: no_translation_in stands alone (with an optional "
                                                        f"note); move {', '.join(extra)} to an entry of its own"))
                elif other not in by_id or other == a.id:
                    problems.append(Problem(path, lines.get(at + "/no_translation_in", line),
                                            f"statements: no_translation_in names {other}, which is not another "
                                            "article of the archive"))
                else:
                    declined.add((a.id, other))
                continue
            chosen = [k for k in DECISIONS if k in entry]
            if "quote" not in entry or len(chosen) != 1:
                problems.append(Problem(path, line, "statements: each entry names a quotation of this article "
                                                    "(quote: q-...) and one decision: same_as, not_with, alone "
                                                    f"or translates (this one has {', '.join(chosen) or 'none'})"))
                continue
            qid, kind = entry["quote"], chosen[0]
            if qid not in mine:
                problems.append(Problem(path, lines.get(at + "/quote", line),
                                        f"statements: this article has no quotation {qid}; copy the ID from the "
                                        "quotation's link on its page or from data/quotes.json"))
                continue
            note = entry.get("note")
            if kind == "alone":
                if entry["alone"]:
                    alone.add(qid)
                continue
            if kind in ("same_as", "not_with"):
                other = entry[kind]
                kline = lines.get(f"{at}/{kind}", line)
                if other == qid:
                    problems.append(Problem(path, kline, f"statements: {kind} names the quotation itself ({qid})"))
                    continue
                if other not in reports:
                    problems.append(Problem(path, kline, f"statements: {kind}: no quotation {other} in the archive"))
                    continue
                pair = tuple(sorted((qid, other)))
                if pair in said and said[pair][0] != kind:
                    first = said[pair]
                    where = f"{first[1]}:{first[2]}" if first[2] else first[1]
                    problems.append(Problem(path, kline, f"statements: {qid} and {other} are said to be one statement "
                                                         f"and not one ({where}); keep one decision"))
                    continue
                said[pair] = (kind, path, kline)
                if kind == "same_as":
                    links.append(StatementEdge(pair[0], pair[1], "editor", None, note))
                else:
                    apart.add(pair)
                continue
            tie = entry["translates"] or {}
            tline = lines.get(f"{at}/translates/article", line)
            target = by_id.get(tie.get("article"))
            if target is None or target.article.id == a.id:
                problems.append(Problem(path, tline, f"statements: translates: {tie.get('article')!r} is not another "
                                                     "article of the archive; give the ID of the article with the "
                                                     "original words (aNNNNNN)"))
                continue
            where, message = resolve(target.article.paragraphs, tie["exact"], tie.get("prefix"), tie.get("suffix"),
                                     f"the original words in {target.article.id}")
            if message:
                problems.append(Problem(path, lines.get(f"{at}/translates/exact", tline), f"statements: translates: {message}"))
                continue
            n, start = where
            end = start + len(tie["exact"])
            language = tie.get("language") or getattr(target.article, "language", None) or "ru"
            found = [q for q in target.quotes if q.kind != "scare" and _overlaps(q, n, start, end)]
            if found:
                other = found[0].id
                pair = tuple(sorted((qid, other)))
                links.append(StatementEdge(pair[0], pair[1], "translation", None, note))
            originals.append(OriginalText(qid, tie["exact"], language, target.article.id, n, start, end, note))
    return Decisions(tuple(links), frozenset(apart), frozenset(alone), tuple(originals), frozenset(declined),
                     tuple(problems))


# ---- measured links ------------------------------------------------------------------------------

def _nested(reports: dict[str, Report]) -> list[StatementEdge]:
    """Quotations of one speaker whose words overlap, in one article."""
    by_article: dict[str, list[Report]] = defaultdict(list)
    for r in reports.values():
        if r.speaker is not None:
            by_article[r.article.id].append(r)
    out = []
    for items in by_article.values():
        items.sort(key=lambda r: r.position)
        for i, x in enumerate(items):
            for y in items[i + 1:]:
                if x.speaker == y.speaker and any(_overlaps(x.quote, s.paragraph, s.start, s.end) for s in y.quote.spans):
                    a, b = sorted((x.quote.id, y.quote.id))
                    out.append(StatementEdge(a, b, "nested", 100.0))
    return out


def _composites(reports: dict[str, Report], nested: list[StatementEdge]) -> frozenset[str]:
    """Quotations whose words wrap two or more others of their speaker (a reported clause around several
    partial quotations, which may come from different answers): such a clause joins one statement, never
    two (it would bridge them)."""
    inner: Counter = Counter()
    for e in nested:
        a, b = reports[e.a].quote, reports[e.b].quote
        outer = a if sum(x.end - x.start for x in a.spans) >= sum(x.end - x.start for x in b.spans) else b
        inner[outer.id] += 1
    return frozenset(q for q, n in inner.items() if n >= 2)


def _similar(reports: dict[str, Report], settings: Settings) -> list[StatementEdge]:
    """Reports of one speaker within the window whose words are similar enough (``similar``), and later
    reports within ``recall_days`` that repeat words of an earlier one, every one of them (``recall``)."""
    weights = rarity([r.words for r in reports.values()])
    by_speaker: dict[str, list[Report]] = defaultdict(list)
    for r in reports.values():
        if r.speaker is not None and r.words:
            by_speaker[r.speaker].append(r)
    stem = settings.stem_letters or 10**6
    out = []
    for items in by_speaker.values():
        items.sort(key=lambda r: r.order)  # so that a later partner has a higher index
        days = [r.article.date.toordinal() if r.article.date else None for r in items]
        dated = [i for i, d in enumerate(days) if d is not None]
        dated_days = [days[i] for i in dated]
        for i, x in enumerate(items):
            xs = set(x.words) | {w[:stem] for w in x.words}
            if days[i] is None:  # undated: only its own article's other reports
                near, far = [y for y in items[i + 1:] if y.article.id == x.article.id], []
            else:
                start = bisect.bisect_left(dated_days, days[i])
                end = bisect.bisect_right(dated_days, days[i] + settings.window_days)
                near = [items[j] for j in dated[start:end] if j > i]
                last = bisect.bisect_right(dated_days, days[i] + settings.recall_days) if settings.recall_days else end
                far = [items[j] for j in dated[end:last]]
            for y in near:
                edge = _message(x, y, settings)
                if edge is not None:
                    out.append(edge)
                    continue
                if xs.isdisjoint(y.words) and xs.isdisjoint(w[:stem] for w in y.words):
                    continue  # no word or word's beginning in common: not worth a fuzzy comparison
                if conflict(x.occasion, y.occasion):
                    continue  # another day or another channel: another utterance
                edge = _link(x, y, settings, weights)
                if edge is not None:
                    out.append(edge)
            for y in far:  # a recall: every word of the later report is in the earlier (itself or its stem)
                if (settings.recall_min_words <= len(y.words) <= len(x.words) and not conflict(x.occasion, y.occasion)
                        and (settings.recall_back is None or y.looks_back)
                        and all(w in xs or w[:stem] in xs for w in y.words)):
                    a, b = sorted((x.quote.id, y.quote.id))
                    out.append(StatementEdge(a, b, "recall", 100.0, f"{(y.article.date - x.article.date).days} days later"))
    return out


def _message(x: Report, y: Report, settings: Settings) -> StatementEdge | None:
    """Two reports of one written message (a telegram, a letter: a channel that is ``whole``), in any
    language: both name it, their occasions do not conflict, their articles are dated within
    ``message_days`` of each other and concern one election.  A message is one utterance, so its
    passages and its translations are one statement, whatever their words."""
    if settings.message_days is None or x.article.id == y.article.id:
        return None
    whole = {c for c in x.occasion.channels if c.whole} & {c for c in y.occasion.channels if c.whole}
    if not whole or conflict(x.occasion, y.occasion):
        return None
    named = (x.named & y.named) - {x.quote.speaker_id, y.quote.speaker_id}
    if not (x.elections & y.elections or named):
        return None
    if x.article.date is None or y.article.date is None or abs((x.article.date - y.article.date).days) > settings.message_days:
        return None
    a, b = sorted((x.quote.id, y.quote.id))
    day = x.occasion.day if x.occasion.day is not None else y.occasion.day
    when = f" of {dt.date.fromordinal(day).isoformat()}" if day is not None else ""
    about = ", ".join([*(f"election {e}" for e in sorted(x.elections & y.elections)), *sorted(named)])
    return StatementEdge(a, b, "message", None, f"one {min(c.name for c in whole)}{when}; both articles name {about}")


def _link(x: Report, y: Report, settings: Settings, weights: dict[str, float]) -> StatementEdge | None:
    """The measured link of two reports of one speaker within the window, or None."""
    score, shared = similarity(x.words, y.words, settings.word_match, weights, settings.spelling_match)
    short = x.words if len(x.words) <= len(y.words) else y.words
    whole = shared == len(short)
    fragment = whole and (len(short) >= settings.min_fragment_words
                          or 0 < settings.fragment_weight <= sum(weights.get(w, 1.0) for w in short))
    a, b = sorted((x.quote.id, y.quote.id))
    same = agree(x.occasion, y.occasion)
    note = f"same occasion: {x.occasion.describe()}" if same else None
    if (shared >= settings.min_shared_words or fragment) and score >= settings.similarity:
        return StatementEdge(a, b, "similar", round(score, 1), note)
    if same and shared >= settings.occasion_min_shared and score >= settings.occasion_similarity:
        return StatementEdge(a, b, "occasion", round(score, 1), note)
    return None


# ---- grouping ------------------------------------------------------------------------------------

class _Groups:
    """Union-find over quotation IDs that keeps editors' ``not_with`` and ``alone`` decisions."""

    def __init__(self, ids, apart: frozenset[tuple[str, str]], alone: frozenset[str],
                 composites: frozenset[str] = frozenset(), days: dict[str, int | None] | None = None,
                 settings: "Settings | None" = None, occasions: dict[str, Occasion] | None = None):
        self.composites = composites
        self.occasions = {i: {o} for i, o in (occasions or {}).items() if not o.empty}
        """Root -> the occasions its reports name: a measure joins no two groups whose reports name
        occasions that cannot be one (another day, another channel)."""
        self.settings = settings
        self.span = {i: (d, d) for i, d in (days or {}).items() if d is not None}
        """Root -> (first, last day) of its dated reports: a measure may not stretch a statement beyond the
        window from its first report (a recall may, to ``recall_days``)."""
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in ids}
        self.blocked: dict[str, set[str]] = {i: set() for i in ids}
        for a, b in apart:
            if a in self.parent and b in self.parent:
                self.blocked[a].add(b)
                self.blocked[b].add(a)
        self.alone = {i: i in alone for i in ids}
        self.edges: dict[str, list[StatementEdge]] = {i: [] for i in ids}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, edge: StatementEdge) -> bool:
        x, y = self.find(edge.a), self.find(edge.b)
        if x == y:
            return False
        if edge.basis not in ("editor", "translation"):
            if self.alone[x] or self.alone[y]:
                return False
            for q in (edge.a, edge.b):  # a composite joins one group: only while it is alone in its own
                if q in self.composites and len(self.members[self.find(q)]) > 1:
                    return False
        if self.blocked[x] & self.members[y] or self.blocked[y] & self.members[x]:
            return False
        ox, oy = self.occasions.get(x, ()), self.occasions.get(y, ())
        if edge.basis not in ("editor", "translation") and any(conflict(a, b) for a in ox for b in oy):
            return False
        sx, sy = self.span.get(x), self.span.get(y)
        if edge.basis not in ("editor", "translation") and self.settings is not None and sx and sy:
            st = self.settings
            limit = st.recall_days if edge.basis == "recall" else max(st.window_days, sx[1] - sx[0], sy[1] - sy[0])
            if max(sx[1], sy[1]) - min(sx[0], sy[0]) > limit:
                return False
        if x > y:
            x, y = y, x
            sx, sy = sy, sx
        if sx or sy:
            both = [d for d in (sx, sy) if d]
            self.span[x] = (min(d[0] for d in both), max(d[1] for d in both))
            self.span.pop(y, None)
        if ox or oy:
            self.occasions[x] = set(ox) | set(oy)
            self.occasions.pop(y, None)
        self.parent[y] = x
        self.members[x] |= self.members.pop(y)
        self.blocked[x] |= self.blocked.pop(y)
        self.alone[x] = self.alone[x] or self.alone.pop(y)
        self.edges[x] += [*self.edges.pop(y), edge]
        return True

    def roots(self) -> list[str]:
        return sorted(self.members)


def _edge_order(e: StatementEdge) -> tuple:
    return (PRIORITY[e.basis], -(e.score or 0.0), e.a, e.b)


def _runs(records, reports: dict[str, Report]) -> dict[str, tuple[str, int]]:
    """Quotation ID -> (article, run): consecutive quotations of one speaker with no other speaker's between."""
    out = {}
    for rec in records:
        run, last = 0, None
        for q in rec.quotes:
            r = reports.get(q.id)
            if r is None or r.speaker is None:
                continue
            if r.speaker != last:
                run, last = run + 1, r.speaker
            out[q.id] = (rec.article.id, run)
    return out


def _many_answers(article: Article, a: Quote, b: Quote, settings: Settings) -> bool:
    """Does the article name an occasion of many answers in its first paragraph or in the paragraphs from
    one report to the other?"""
    if settings.many_answers is None:
        return False
    numbers = [s.paragraph for s in (*a.spans, *b.spans)]
    lo, hi = min(numbers), max(numbers)
    return any(settings.many_answers.search(p.text) for p in article.paragraphs if p.n == 1 or lo <= p.n <= hi)


def _passages(groups: _Groups, records, reports: dict[str, Report], settings: Settings) -> None:
    """Join statements whose reports stand side by side in ``passage_articles`` articles (step 4): next to
    each other among their speaker's reports, no other statement of the speaker and no other speaker's
    quotation between them, in an article that does not say the occasion had many answers."""
    runs = _runs(records, reports)
    position = {qid: reports[qid].position for qid in runs}
    in_order = sorted(runs, key=lambda q: (runs[q], position[q]))
    many: dict[tuple[str, str], bool] = {}
    while True:
        seq: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)  # (article, run) -> [(root, a report)]
        for qid in in_order:
            root, line = groups.find(qid), seq[runs[qid]]
            if not line or line[-1][0] != root:
                line.append((root, qid))
            else:
                line[-1] = (root, qid)  # the last report of the stretch is the one beside the next
        together: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
        for (article, _), line in sorted(seq.items()):
            for (x, qx), (y, qy) in zip(line, line[1:]):
                if (qx, qy) not in many:
                    rx, ry = reports[qx], reports[qy]
                    many[(qx, qy)] = (_many_answers(rx.article, rx.quote, ry.quote, settings)
                                      or conflict(rx.occasion, ry.occasion) is not None)
                if many[(qx, qy)]:
                    continue
                pair = (x, y) if x < y else (y, x)
                together[pair].setdefault(article, (qx, qy))
        joined = False
        for (x, y), articles in sorted(together.items()):
            if len(articles) < settings.passage_articles or groups.find(x) == groups.find(y):
                continue
            first = sorted(articles)[0]
            a, b = sorted(articles[first])
            note = "reported side by side in " + ", ".join(sorted(articles))
            joined |= groups.join(StatementEdge(a, b, "passage", None, note))
        if not joined:
            return


def group(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...], archive: Archive | None
          ) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """The records with their statements stored on them (``AnnotatedArticle.statements``), and the
    problems of the sidecars' ``statements:`` entries and of the translation suggestions."""
    settings = Settings.of(archive)
    reports = reports_of(records, archive, settings)
    dec = decisions(records, reports)
    edges = list(dec.links)
    composites: frozenset[str] = frozenset()
    if settings.measured:
        nested = _nested(reports)
        composites = _composites(reports, nested)
        edges += nested + _similar(reports, settings)
    days = {q: r.article.date.toordinal() if r.article.date else None for q, r in reports.items()}
    groups = _Groups(sorted(reports), dec.apart, dec.alone, composites, days, settings if settings.measured else None,
                     {q: r.occasion for q, r in reports.items()})
    problems = list(dec.problems)
    def first_day(e: StatementEdge) -> int:  # equal links: the earlier first, so a statement starts at its first report
        return min((d for d in (days[e.a], days[e.b]) if d is not None), default=0)

    for edge in sorted(edges, key=lambda e: (PRIORITY[e.basis], -(e.score or 0.0), first_day(e), e.a, e.b)):
        if not groups.join(edge) and edge.basis in ("editor", "translation") and groups.find(edge.a) != groups.find(edge.b):
            problems.append(Problem("statements", None, f"the editors' link of {edge.a} and {edge.b} is not applied: "
                                                        "another editor's not_with or alone keeps them apart"))
    if settings.measured and settings.passages:
        _passages(groups, records, reports, settings)
    originals: dict[str, list[OriginalText]] = defaultdict(list)
    for o in [*dec.originals, *_annotated_originals(records)]:
        originals[groups.find(o.quote_id)].append(o)
    ledger = archive.statement_ids if archive is not None else ()
    statements = _statements(groups, reports, originals, ledger)
    problems += suggestions(records, reports, statements, dec, settings)
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        for aid in dict.fromkeys(s.articles):
            by_article[aid].append(s)
    out = [replace(r, statements=tuple(by_article.get(r.article.id, ()))) if r.article.id in by_article or r.statements
           else r for r in records]
    return out, problems


def _annotated_originals(records) -> list[OriginalText]:
    """Editors' ``original_language`` annotations that cover a quotation's words."""
    out = []
    for rec in records:
        ed = rec.editorial
        if ed is None:
            continue
        for an in ed.anchored:
            if an.kind != "original":
                continue
            for q in rec.quotes:
                if q.kind != "scare" and _overlaps(q, an.paragraph, an.start, an.end):
                    out.append(OriginalText(q.id, an.body, an.language or "und", None, an.paragraph, an.start, an.end,
                                            an.note))
                    break
    return out


# ---- permanent IDs -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Assignment:
    """What :func:`assign_ids` decided."""

    ids: dict[str, str]
    """Group key -> permanent ID."""
    merged: dict[str, str]
    """Retired ID -> the ID it now redirects to (followed to the end of a chain of merges)."""


def assign_ids(groups: dict[str, frozenset[str]], order: dict[str, tuple], needs_id: set[str],
               ledger: tuple[LedgerEntry, ...]) -> Assignment:
    """Give groups their permanent IDs.  ``groups``: key -> quotation IDs; ``order``: key -> sort key
    (oldest first); ``needs_id``: keys of the groups that are published (a page) if they have no ID yet.

    Each ID of the ledger goes, oldest ID first, to the group holding most of the quotations it held
    (ties: the oldest group); a group with several IDs keeps the oldest, and the others are merged into it
    (their pages redirect).  An ID none of whose quotations is left keeps its line and loses its page
    (``published.txt`` then asks an editor for a redirect).  Groups that need an ID and have none get
    new ones, numbered after the highest ever issued, oldest group first."""
    live = {e.id: set(e.reports) for e in ledger if e.merged_into is None}
    home: dict[str, str] = {}
    for key, members in groups.items():
        for q in members:
            home[q] = key
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for ident in sorted(live):
        counts = Counter(home[q] for q in live[ident] if q in home)
        candidates = [(n, key) for key, n in counts.items() if key not in ids]
        if candidates:
            best = min(candidates, key=lambda c: (-c[0], order[c[1]]))[1]
            ids[best] = ident
            taken.add(ident)
    merged: dict[str, str] = {}
    for ident in sorted(live):
        if ident in taken:
            continue
        counts = Counter(ids[home[q]] for q in live[ident] if q in home and home[q] in ids)
        if counts:
            merged[ident] = min(counts.items(), key=lambda c: (-c[1], c[0]))[0]
    previously = {e.id: e.merged_into for e in ledger if e.merged_into is not None}
    for ident, target in previously.items():
        seen = {ident}
        while target in previously and target not in seen:  # follow a chain of merges
            seen.add(target)
            target = previously[target]
        target = merged.get(target, target)
        if target in taken:
            merged[ident] = target
    numbers = [int(m.group(1)) for e in ledger if (m := STATEMENT_ID.fullmatch(e.id))]
    n = max(numbers, default=0)
    for key in sorted((k for k in needs_id if k not in ids), key=lambda k: order[k]):
        n += 1
        ids[key] = f"s{n:06d}"
    return Assignment(ids, merged)


def updated_ledger(ledger: tuple[LedgerEntry, ...], statements: list[Statement] | tuple[Statement, ...]
                   ) -> tuple[LedgerEntry, ...]:
    """The ledger after this build: every statement with an ID and its quotations, every merge, and the
    lines of IDs that lost their page, unchanged.  No line is removed."""
    out = {e.id: e for e in ledger}
    for s in statements:
        if s.id is not None:
            out[s.id] = LedgerEntry(s.id, tuple(sorted(s.reports)), None, 0)
            for old in s.merged:
                out[old] = LedgerEntry(old, (), s.id, 0)
    return tuple(out[k] for k in sorted(out))


def _statements(groups: _Groups, reports: dict[str, Report], originals: dict[str, list[OriginalText]],
                ledger: tuple[LedgerEntry, ...]) -> list[Statement]:
    claimed = {q for e in ledger if e.merged_into is None for q in e.reports}
    keep: dict[str, list[Report]] = {}
    for root in groups.roots():
        members = sorted((reports[q] for q in groups.members[root]), key=lambda r: r.order)
        if len(members) > 1 or originals.get(root) or any(r.quote.id in claimed for r in members):
            keep[root] = members
    key_of = {root: members[0].quote.id if len(members) == 1 else min(r.quote.id for r in members)
              for root, members in keep.items()}
    needs = set()
    for root, members in keep.items():
        articles = {r.article.id for r in members}
        if len(articles) > 1 or originals.get(root) or any(e.basis in ("editor", "translation") for e in groups.edges[root]):
            needs.add(key_of[root])
    assignment = assign_ids({key_of[r]: frozenset(groups.members[r]) for r in keep},
                            {key_of[r]: m[0].order for r, m in keep.items()}, needs, ledger)
    merged_into: dict[str, list[str]] = defaultdict(list)
    for old, new in assignment.merged.items():
        merged_into[new].append(old)
    out = []
    for root, members in keep.items():
        key = key_of[root]
        ident = assignment.ids.get(key)
        named = Counter(r.quote.speaker_id for r in members if r.quote.speaker_id)
        speaker_id = min(named.items(), key=lambda c: (-c[1], c[0]))[0] if named else None
        names = Counter(r.quote.speaker for r in members if r.quote.speaker and r.quote.speaker_kind != "none"
                        and (speaker_id is None or r.quote.speaker_id == speaker_id))
        speaker = min(names.items(), key=lambda c: (-c[1], c[0]))[0] if names else None
        dates = [r.article.date for r in members if r.article.date]
        out.append(Statement(
            key=key, id=ident, speaker_id=speaker_id, speaker=speaker,
            reports=tuple(r.quote.id for r in members), articles=tuple(r.article.id for r in members),
            edges=tuple(sorted(groups.edges[root], key=_edge_order)),
            originals=tuple(sorted(originals.get(root, ()), key=lambda o: (o.quote_id, o.article_id or "", o.paragraph or 0, o.start))),
            merged=tuple(sorted(merged_into.get(ident, ()))) if ident else (),
            date=min(dates) if dates else None))
    return sorted(out, key=lambda s: s.key)


# ---- translation suggestions --------------------------------------------------------------------

def script_language(article: Article) -> str | None:
    """``ru`` when the article's words are mostly Cyrillic (the archive's originals are Russian), ``en``
    when mostly Latin; the article's own ``language`` when the record has one."""
    own = getattr(article, "language", None)
    if own:
        return own
    text = "".join(p.text for p in article.paragraphs)
    cyrillic = len(NOT_CYRILLIC.sub("", text))
    latin = len(NOT_LATIN.sub("", text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic > latin else "en"


def suggestions(records, reports: dict[str, Report], statements: list[Statement], dec: Decisions,
                settings: Settings) -> list[Problem]:
    """For an editor (``annals check``): quotations that may translate words of a Russian article of the
    archive: the same speaker named there, articles within the window, no tie made or declined."""
    if not settings.measured:
        return []
    language = {r.article.id: script_language(r.article) for r in records}
    russian = [r for r in records if r.article.date and language[r.article.id] == "ru"]
    if not russian:
        return []
    tied = {(o.quote_id, o.article_id) for o in dec.originals}
    statement_of = {q: s for s in statements for q in s.reports}
    out = []
    for rec in records:
        a = rec.article
        if a.date is None or language[a.id] == "ru":
            continue
        for ru in russian:
            if abs((ru.article.date - a.date).days) > settings.window_days or (a.id, ru.article.id) in dec.declined:
                continue
            spoken = {q.speaker_id for q in ru.quotes if q.speaker_id} | set(ru.officials)
            candidates = []
            for q in rec.quotes:
                r = reports.get(q.id)
                if r is None or not q.speaker_id or q.speaker_id not in spoken or (q.id, ru.article.id) in tied:
                    continue
                s = statement_of.get(q.id)
                if s is not None and ru.article.id in s.articles:
                    continue  # already one statement with a report there
                candidates.append(q)
            if candidates:
                days = abs((ru.article.date - a.date).days)
                ids = ", ".join(q.id for q in candidates[:5]) + (f" and {len(candidates) - 5} more" if len(candidates) > 5 else "")
                out.append(Problem(_side(a), a.sidecar_lines.get("/statements"),
                                   f"{len(candidates)} quotation(s) of {', '.join(sorted({q.speaker_id for q in candidates}))} "
                                   f"({ids}) may translate words of {ru.article.id}, a Russian article "
                                   f"{'of the same day' if days == 0 else f'{days} day(s) apart'} that names the speaker: "
                                   f"tie one with `statements: - {{quote: {candidates[0].id}, translates: {{article: "
                                   f"{ru.article.id}, exact: ...}}}}`, or write `- no_translation_in: {ru.article.id}`",
                                   severity="review"))
    return out
