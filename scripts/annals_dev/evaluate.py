"""How good is the quotation finder?  Its output on some articles against a hand-made gold standard.

``evaluate(archive_dir, gold_file)`` parses the gold articles, runs the rules (mentions and
quotations, *without* the editors' sidecar ``quotes:`` decisions: the rules alone are measured) and
scores them with :func:`score`, a pure function of the gold items and the predictions.

Matching rule (Citron's "overlap match", as in Newell et al., *Quote Extraction and Analysis for
News*, 2018): a found quotation matches a gold one when their character spans in the article's body
share at least one character.  Matching is one to one: pairs of the same kind are taken first, then
the pairs sharing more characters, each quotation used once.  Gold items marked ``optional`` are
matched last; a quotation matched to one is neither a hit nor a false hit.

Figures, per kind and over all kinds:
- precision = matched / found, recall = matched / gold, F1 their harmonic mean.  Per kind, a match
  counts only when gold and found kinds are both that kind (a kind error costs both);
  over all kinds, any match counts.
- speaker accuracy = matched gold quotations that have a speaker (not ``scare``) whose found speaker
  is right / all such matched quotations.  A gazetteer ID must be found as that ``speaker_id``; a
  name not in the gazetteer must be found as that ``speaker`` (case and a leading "the" ignored), or as
  the gazetteer person of that name (any spelling: the name keys of :mod:`annals.annotate.names`) when
  the person was added to the gazetteer after the gold was written (the gold names a speaker the
  gazetteer lacked at the time: ``same_person``).
- via agreement, kind agreement (over matched quotations), and mentions resolved to the right person.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annals.pipeline import build_date
from annals.annotate.mentions import find_mentions, name_index
from annals.annotate.names import name_key
from annals.model import Archive, Article, Mention, Problem, Quote
from annals.ingest.parse import parse_article
from annals.annotate.quotes import find_quotes
from annals.ingest.sources import load_archive, load_articles, read_yaml_file

KINDS = ("full", "partial", "scare", "reported")
CONFIDENCE_ORDER = ["high", "medium", "low", "none"]
DEFAULT_GOLD = Path("tests/gold/quotes.yml")


# ---- records -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A quotation in the gold standard, located in its article's body."""

    article_id: str
    """The article's permanent ID."""
    text: str
    """The words (pieces joined by a space)."""
    spans: tuple[tuple[int, int], ...]
    """Character ranges in the article's body (paragraph texts joined by a newline); empty for a caption."""
    kind: str
    """``full``, ``partial``, ``scare`` or ``reported``."""
    speaker: str | None
    """Gazetteer ID, or the name of a speaker not in the gazetteer, or None (scare quote)."""
    via: str | None
    """The agency or outlet that relays the words."""
    optional: bool
    """A borderline item: not counted either way."""
    caption: bool
    """The words stand in a photo caption (not searched; listed, not scored)."""
    line: int | None
    """Line of the item in the gold file."""
    classes: tuple[str, ...] = ()
    """The attribution phenomena the item exercises (tests/attribution/README.md)."""
    speaker_kind: str | None = None
    """``person``, ``institution`` or ``none``, when the gold gives it."""
    file: str = ""
    """The gold file the item is in."""

    @property
    def not_quote(self) -> bool:
        """Marks around a name or title (kind ``name``): no one's words; finding it with a speaker is an error."""
        return self.kind == "name"


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A mention in the gold standard: words that must resolve to a person."""

    article_id: str
    """The article's permanent ID."""
    surface: str
    """The words (inside the brackets of ``at``)."""
    span: tuple[int, int]
    """Character range in the article's body."""
    person: str
    """The gazetteer ID the words must resolve to."""
    line: int | None
    """Line of the item in the gold file."""


@dataclass(frozen=True, slots=True)
class Found:
    """A quotation the finder found, located in its article's body."""

    article_id: str
    """The article's permanent ID."""
    quote_id: str
    """The quotation's permanent ID."""
    text: str
    """The words."""
    spans: tuple[tuple[int, int], ...]
    """Character ranges in the article's body."""
    kind: str
    """Kind found."""
    speaker_id: str | None
    """Gazetteer ID found, or None."""
    speaker: str | None
    """Display name found, or None."""
    via: str | None
    """Relaying outlet found."""
    confidence: str
    """Confidence of the attribution."""
    method: str = ""
    """The evidence of the attribution (``Quote.method``: ``name+verb``, ``pronoun``, ``carried``, ...)."""


@dataclass(frozen=True, slots=True)
class FoundMention:
    """A mention the finder resolved, located in its article's body."""

    article_id: str
    """The article's permanent ID."""
    span: tuple[int, int]
    """Character range in the article's body."""
    person: str
    """Gazetteer ID."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched, found and gold counts, and the figures made from them."""

    matched: int
    """Gold items matched by a found one (of the same kind, per kind)."""
    found: int
    """Found items that count (not matched to an optional gold item)."""
    gold: int
    """Gold items that count (not optional)."""

    @property
    def precision(self) -> float:
        """matched / found (1.0 when nothing was found)."""
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """matched / gold (1.0 when there is no gold item)."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Ratio:
    """A count of right answers out of a total."""

    right: int
    """Right answers."""
    total: int
    """All answers."""

    @property
    def value(self) -> float:
        """right / total (1.0 when there is nothing to judge)."""
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``annals evaluate`` prints."""

    articles: int
    """Articles in the gold standard."""
    overall: Counts
    """All kinds together (a match of another kind counts)."""
    by_kind: tuple[tuple[str, Counts], ...]
    """Per kind, in ``KINDS`` order."""
    speaker: Ratio
    """Right speakers among matched gold quotations that have one."""
    via: Ratio
    """Right ``via`` among matched quotations where the gold or the finder gives one."""
    kind: Ratio
    """Right kinds among matched quotations."""
    exact: Ratio
    """Matched quotations whose words are the gold words exactly (ends' spaces and punctuation ignored)."""
    mentions: Ratio
    """Gold mentions resolved to the right person."""
    scare_attributed: int
    """Matched gold scare quotes the finder gave a speaker (must stay 0)."""
    misses: tuple[GoldQuote, ...]
    """Gold quotations nothing matched."""
    false_hits: tuple[Found, ...]
    """Found quotations that match no gold one."""
    wrong_speakers: tuple[tuple[GoldQuote, Found], ...]
    """Matched, but the speaker is wrong."""
    wrong_kinds: tuple[tuple[GoldQuote, Found], ...]
    """Matched, but the kind is wrong."""
    wrong_via: tuple[tuple[GoldQuote, Found], ...]
    """Matched, but ``via`` differs."""
    mention_errors: tuple[tuple[GoldMention, tuple[str, ...]], ...]
    """Gold mentions not resolved to the right person, with the people found there instead."""
    not_scored: tuple[GoldQuote, ...]
    """Gold quotations in photo captions (not searched)."""
    by_class: tuple[tuple[str, int, int, int], ...] = ()
    """Per attribution class: (class, gold items, matched, right speaker among matched).  For ``not-quote``
    a gold item left unfound counts as matched and right (a name in marks need not be listed)."""
    calibration: tuple[tuple[str, int, int], ...] = ()
    """Per confidence level of the found speaker: (level, attributions, right ones)."""
    by_method: tuple[tuple[str, str, int, int, int], ...] = ()
    """Per evidence method of the found speaker: (method, confidence, attributions, right ones, listed
    officials named wrongly), so that the method -> confidence mapping is read from data."""
    worst: tuple[tuple[GoldQuote, Found], ...] = ()
    """A listed official named where the text names someone else (or no one): must be empty."""
    names_attributed: int = 0
    """Gold names and titles in marks (kind ``name``) that the finder gave a speaker."""
    ms_per_article: float = 0.0
    """Milliseconds the mention and quotation stages took per article (this run, one process)."""

    def figures(self) -> dict[str, float]:
        """The figures a gate holds floors on: ``<kind>.precision``, ``all.f1``, ``speaker``, ..."""
        out: dict[str, float] = {}
        for name, c in (*self.by_kind, ("all", self.overall)):
            out.update({f"{name}.precision": c.precision, f"{name}.recall": c.recall, f"{name}.f1": c.f1})
        out.update(speaker=self.speaker.value, via=self.via.value, kind=self.kind.value, exact=self.exact.value,
                   mentions=self.mentions.value,
                   scare_attributed=float(self.scare_attributed), worst=float(len(self.worst)),
                   names_attributed=float(self.names_attributed))
        for level, n, right in self.calibration:
            out[f"{level}.right"] = right / n if n else 1.0
        for name, n, matched, right in self.by_class:
            out[f"class.{name}"] = right / matched if matched else 1.0
        return out


# ---- reading the gold file ---------------------------------------------------------------------

def body_of(article: Article) -> tuple[str, tuple[int, ...]]:
    """The article's body (paragraph texts joined by a newline) and where each paragraph starts."""
    starts, pos = [], 0
    for p in article.paragraphs:
        starts.append(pos)
        pos += len(p.text) + 1
    return "\n".join(p.text for p in article.paragraphs), tuple(starts)


def _at(body: str, at: str) -> tuple[int, int] | str:
    """Locate ``at`` ("words [the mention] words") in ``body``: the bracketed range, or what is wrong."""
    open_, close = at.index("["), at.rindex("]")
    plain = at[:open_] + at[open_ + 1:close] + at[close + 1:]
    count = body.count(plain)
    if count != 1:
        return f"the snippet {plain!r} occurs {count} times in the article (it must occur once)"
    k = body.index(plain)
    return k + open_, k + close - 1


def _locate_pieces(body: str, pieces: list[str], at: str | None) -> tuple[tuple[int, int], ...] | str:
    if at is not None:
        where = _at(body, at)
        if isinstance(where, str):
            return where
        if body[where[0]:where[1]] != pieces[0]:
            return f"the bracketed words of `at` are not the text's first piece {pieces[0]!r}"
        start = where[0]
    else:
        count = body.count(pieces[0])
        if count != 1:
            return (f"the words {pieces[0][:60]!r} occur {count} times in the article; "
                    "give `at:` with a unique snippet and the words in [brackets]" if count else
                    f"the words {pieces[0][:60]!r} are not in the article's body; copy them exactly")
        start = body.index(pieces[0])
    spans = [(start, start + len(pieces[0]))]
    for piece in pieces[1:]:
        k = body.find(piece, spans[-1][1])
        gap = body[spans[-1][1]:k] if k >= 0 else ""
        if k < 0 or len(gap.strip(" \n\"“”'‘’«»")) > 0:
            return f"the piece {piece[:60]!r} does not follow the one before it in the article"
        spans.append((k, k + len(piece)))
    return tuple(spans)


def read_gold(gold_file: Path, article_of: Callable[[str], Article | None]
              ) -> tuple[tuple[GoldQuote, ...], tuple[GoldMention, ...], tuple[Article, ...], list[Problem]]:
    """Read and locate the gold standard.  ``article_of`` gives the parsed article of a raw file name.

    Returns the gold quotations, the gold mentions, the gold articles, and the problems
    (an unknown file, words that are not in the article, or occur more than once without ``at``).
    """
    gold_file = Path(gold_file)
    if not gold_file.is_file():
        return (), (), (), [Problem(str(gold_file), None, "gold file not found; give its path with --gold")]
    loaded, problems = read_yaml_file(gold_file.parent, gold_file, "gold")
    if loaded is None:
        return (), (), (), problems
    rel, lines = gold_file.name, loaded.lines
    quotes: list[GoldQuote] = []
    mentions: list[GoldMention] = []
    gold_articles: list[Article] = []
    for i, entry in enumerate(loaded.data["articles"]):
        article = article_of(entry["file"])
        if article is None:
            problems.append(Problem(rel, lines.get(f"/articles/{i}/file"),
                                    f"no article {entry['file']!r} in the archive's articles/"))
            continue
        if article.id != entry["id"]:
            problems.append(Problem(rel, lines.get(f"/articles/{i}/id"),
                                    f"{entry['file']} has the ID {article.id}, not {entry['id']}"))
            continue
        gold_articles.append(article)
        body, _ = body_of(article)
        for j, q in enumerate(entry.get("quotes") or []):
            line = lines.get(f"/articles/{i}/quotes/{j}")
            pieces = q["text"] if isinstance(q["text"], list) else [q["text"]]
            caption = q.get("where") == "caption"
            spans: tuple | str = ()
            if caption:
                if " ".join(pieces) not in (article.caption or ""):
                    problems.append(Problem(rel, line, f"the words {pieces[0][:60]!r} are not in the article's caption"))
                    continue
            else:
                spans = _locate_pieces(body, pieces, q.get("at"))
                if isinstance(spans, str):
                    problems.append(Problem(rel, line, spans))
                    continue
            quotes.append(GoldQuote(article.id, " ".join(pieces), spans, q["kind"], q["speaker"], q.get("via"),
                                    bool(q.get("optional")), caption, line, tuple(q.get("classes", ())),
                                    q.get("speaker_kind"), rel))
        for j, m in enumerate(entry.get("mentions") or []):
            line = lines.get(f"/articles/{i}/mentions/{j}")
            where = _at(body, m["at"])
            if isinstance(where, str):
                problems.append(Problem(rel, line, where))
                continue
            mentions.append(GoldMention(article.id, body[where[0]:where[1]], where, m["person"], line))
    return tuple(quotes), tuple(mentions), tuple(gold_articles), problems


# ---- running the finder ------------------------------------------------------------------------

def _global(starts: tuple[int, ...], paragraph: int, a: int, b: int) -> tuple[int, int]:
    return starts[paragraph - 1] + a, starts[paragraph - 1] + b


def found_quotes(article: Article, quotes: tuple[Quote, ...]) -> tuple[Found, ...]:
    """The finder's quotations of one article, located in its body."""
    _, starts = body_of(article)
    return tuple(Found(article.id, q.id, q.text, tuple(_global(starts, s.paragraph, s.start, s.end) for s in q.spans),
                       q.kind, q.speaker_id, q.speaker, q.via, q.confidence, q.method or "") for q in quotes)


def found_mentions(article: Article, mentions: tuple[Mention, ...]) -> tuple[FoundMention, ...]:
    """The finder's mentions of one article, located in its body."""
    _, starts = body_of(article)
    return tuple(FoundMention(article.id, _global(starts, m.span.paragraph, m.span.start, m.span.end), m.person_id)
                 for m in mentions)


def run_rules(article: Article, archive: Archive) -> tuple[tuple[Mention, ...], tuple[Quote, ...]]:
    """The rules alone on one article: mentions and quotations, without the sidecar's ``quotes:``."""
    mentions, _ = find_mentions(article, archive.officials, archive.lexicon)
    quotes, _ = find_quotes(article, mentions, archive)
    return mentions, quotes


# ---- scoring -----------------------------------------------------------------------------------

def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)


def _norm(name: str | None) -> str:
    words = " ".join((name or "").split()).casefold()
    return words[4:] if words.startswith("the ") else words


def _trim(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:!?\"“”'‘’«»")


def speaker_right(gold: GoldQuote, found: Found, gazetteer: frozenset[str],
                  same_person: Callable[[str, str], bool] | None = None) -> bool:
    """Is the found speaker the gold one?  (A gazetteer ID by ID, another speaker by name; a name the gold
    wrote before its person entered the gazetteer also by that person's ID, when ``same_person(name, ID)``.)"""
    if gold.speaker in gazetteer:
        return found.speaker_id == gold.speaker
    if found.speaker_id is not None:
        return bool(gold.speaker and same_person is not None and same_person(gold.speaker, found.speaker_id))
    return _norm(found.speaker) == _norm(gold.speaker)


def person_matcher(officials, lexicon) -> Callable[[str, str], bool]:
    """``same_person(name, person_id)``: is ``name`` (as a gold file writes it) a full name of that gazetteer
    person, in any spelling the name index knows?"""
    index = name_index(officials, lexicon)

    def same_person(name: str, person_id: str) -> bool:
        forms = index.forms.get(person_id)
        words = name.split()
        return forms is not None and len(words) >= 2 and tuple(name_key(w, index.rules) for w in words) in forms.full

    return same_person


def _match(gold: list[GoldQuote], found: list[Found], taken: set[int]) -> list[tuple[GoldQuote, Found]]:
    pairs = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            if fi in taken or f.article_id != g.article_id:
                continue
            if g.not_quote and f.kind == "reported":
                continue  # a name inside a reported clause is not the clause
            shared = _overlap(g.spans, f.spans)
            if shared:
                same = g.kind == f.kind or (g.not_quote and f.kind == "scare")
                pairs.append((-same, -shared, gi, fi))
    pairs.sort()
    out, used_g = [], set()
    for _, _, gi, fi in pairs:
        if gi in used_g or fi in taken:
            continue
        used_g.add(gi)
        taken.add(fi)
        out.append((gold[gi], found[fi]))
    return out


def score(gold: tuple[GoldQuote, ...], found: tuple[Found, ...], gold_mentions: tuple[GoldMention, ...] = (),
          mentions: tuple[FoundMention, ...] = (), gazetteer: frozenset[str] = frozenset(), articles: int = 0,
          same_person: Callable[[str, str], bool] | None = None) -> Report:
    """Score found quotations and mentions against the gold ones (see the module's docstring)."""
    counted = [g for g in gold if not g.optional and not g.caption and not g.not_quote]
    names = [g for g in gold if not g.optional and not g.caption and g.not_quote]
    optional = [g for g in gold if g.optional and not g.caption]
    taken: set[int] = set()
    found_list = list(found)
    pairs = _match(counted, found_list, taken)
    name_pairs = _match(names, found_list, taken)
    named_wrongly = [(g, f) for g, f in name_pairs if f.speaker_id or f.speaker]
    optional_pairs = _match(optional, found_list, taken)
    ignored = {id(f) for _, f in optional_pairs} | {id(f) for g, f in name_pairs if (g, f) not in named_wrongly}
    matched_ids = {id(f) for _, f in pairs}
    counting = [f for f in found_list if id(f) not in ignored]
    by_kind = tuple((k, Counts(sum(1 for g, f in pairs if g.kind == f.kind == k),
                               sum(1 for f in counting if f.kind == k),
                               sum(1 for g in counted if g.kind == k))) for k in KINDS)
    attributable = [(g, f) for g, f in pairs if g.kind != "scare"]
    wrong_speakers = tuple((g, f) for g, f in attributable if not speaker_right(g, f, gazetteer, same_person))
    with_via = [(g, f) for g, f in attributable if g.via or f.via]
    wrong_via = tuple((g, f) for g, f in with_via if _norm(g.via) != _norm(f.via))
    wrong_kinds = tuple((g, f) for g, f in pairs if g.kind != f.kind)
    matched_gold = {id(g) for g, _ in pairs}
    mention_errors = []
    for m in gold_mentions:
        here = tuple(sorted({x.person for x in mentions if x.article_id == m.article_id
                             and _overlap((m.span,), (x.span,))}))
        if m.person not in here:
            mention_errors.append((m, here))
    right_ids = {id(g) for g, f in attributable if speaker_right(g, f, gazetteer, same_person)}
    by_class = []
    for name in sorted({c for g in counted + names for c in g.classes}):
        items = [g for g in counted + names if name in g.classes]
        matched = [g for g in items if id(g) in matched_gold and g.kind != "scare"]
        right = [g for g in matched if id(g) in right_ids]
        unfound_names = [g for g in items if g.not_quote and g not in [x for x, _ in named_wrongly]]
        scares = [g for g in items if g.kind == "scare" and id(g) in matched_gold]
        scares_right = [g for g, f in pairs if g in scares and not (f.speaker_id or f.speaker)]
        by_class.append((name, len(items), len(matched) + len(unfound_names) + len(scares),
                         len(right) + len(unfound_names) + len(scares_right)))
    levels: dict[str, list[int]] = {}
    methods: dict[tuple[str, str], list[int]] = {}
    for g, f in attributable + named_wrongly:
        if f.speaker_id or f.speaker:
            right = speaker_right(g, f, gazetteer, same_person)
            n_right = levels.setdefault(f.confidence, [0, 0])
            n_right[0] += 1
            n_right[1] += right
            m_right = methods.setdefault((f.method or "?", f.confidence), [0, 0, 0])
            m_right[0] += 1
            m_right[1] += right
            m_right[2] += bool(not right and f.speaker_id in gazetteer)
    calibration = tuple((level, *levels[level]) for level in sorted(levels, key=CONFIDENCE_ORDER.index))
    worst = tuple((g, f) for g, f in attributable + named_wrongly
                  if f.speaker_id in gazetteer and not speaker_right(g, f, gazetteer, same_person))
    return Report(
        by_class=tuple(by_class), calibration=calibration, worst=worst,
        by_method=tuple((m, c, *methods[m, c]) for m, c in sorted(methods, key=lambda k: (CONFIDENCE_ORDER.index(k[1]), k[0]))), names_attributed=len(named_wrongly),
        articles=articles,
        overall=Counts(len(pairs), len(counting), len(counted)),
        by_kind=by_kind,
        speaker=Ratio(len(attributable) - len(wrong_speakers), len(attributable)),
        via=Ratio(len(with_via) - len(wrong_via), len(with_via)),
        kind=Ratio(len(pairs) - len(wrong_kinds), len(pairs)),
        exact=Ratio(sum(1 for g, f in pairs if _trim(g.text) == _trim(f.text)), len(pairs)),
        mentions=Ratio(len(gold_mentions) - len(mention_errors), len(gold_mentions)),
        scare_attributed=sum(1 for g, f in pairs if g.kind == "scare" and (f.speaker_id or f.speaker)),
        misses=tuple(g for g in counted if id(g) not in matched_gold),
        false_hits=tuple(f for f in counting if id(f) not in matched_ids),
        # (a name in marks given a speaker is a false hit: it stays in `counting`, matched to nothing counted)
        wrong_speakers=wrong_speakers, wrong_kinds=wrong_kinds, wrong_via=wrong_via,
        mention_errors=tuple(mention_errors),
        not_scored=tuple(g for g in gold if g.caption),
    )


def evaluate(archive_dir: str | Path = "archive", gold_file: str | Path = DEFAULT_GOLD) -> tuple[Report | None, list[Problem]]:
    """Run the rules on the gold articles and score them.  (None, problems) on errors.

    ``gold_file`` is a gold file over the archive's own articles (the seeds: tests/gold/quotes.yml), or a
    corpus part folder (tests/attribution/dev) holding ``articles/`` and one gold file per article in
    ``gold/``; the part's articles are read with the archive's gazetteer and lexicon."""
    archive, problems = load_archive(archive_dir)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return None, errors
    gold_path = Path(gold_file)
    if gold_path.is_dir():
        pairs_list, part_problems = load_articles(gold_path)
        errors = [p for p in part_problems if p.severity == "error"]
        if errors:
            return None, [Problem(f"{gold_path}/{p.path}", p.line, p.message) for p in errors]
        archive = dataclasses.replace(archive, sources=tuple(pairs_list))
        gold_files = sorted((gold_path / "gold").glob("*.yml"))
        if not gold_files:
            return None, [Problem(str(gold_path / "gold"), None, "no gold files (<name>.yml) in the part's gold/ folder")]
    else:
        gold_files = [gold_path]
    today = build_date()
    pairs = {source.name: (source, sidecar) for source, sidecar in archive.sources}

    def article_of(name: str) -> Article | None:
        if name not in pairs:
            return None
        return parse_article(*pairs[name], archive.publishers, today=today)[0]

    gold: list = []
    gold_mentions: list = []
    articles: list = []
    for path in gold_files:
        g, gm, arts, problems = read_gold(path, article_of)
        if problems:
            return None, problems
        gold += g
        gold_mentions += gm
        articles += arts
    found: list[Found] = []
    mentions: list[FoundMention] = []
    seconds = 0.0
    for article in articles:
        start = time.perf_counter()
        ms, qs = run_rules(article, archive)
        seconds += time.perf_counter() - start
        found += found_quotes(article, qs)
        mentions += found_mentions(article, ms)
    gazetteer = frozenset(o.id for o in archive.officials)
    report = score(tuple(gold), tuple(found), tuple(gold_mentions), tuple(mentions), gazetteer, len(articles),
                   person_matcher(archive.officials, archive.lexicon))
    return dataclasses.replace(report, ms_per_article=1000 * seconds / max(1, len(articles))), []


# ---- the printed report ------------------------------------------------------------------------

def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= n else f"“{text[:n - 1]}…”"


HELD_OUT = ("test", "ru-test", "validation2", "ru-validation")
"""Corpus parts nobody tunes on: their report lists no item unless asked (``--show-items``)."""

TESTS = Path(__file__).resolve().parents[2] / "tests"
"""The repository's test folder: a corpus part outside it (a private probe of real articles) is held out too."""


def held_out(gold_file: str | Path) -> bool:
    """Is this gold a held-out part, whose items are not printed unless asked?  One of ``HELD_OUT``, or any
    folder outside the repository's tests (a private probe: nobody should read its items by accident)."""
    path = Path(gold_file).resolve()
    return path.name in HELD_OUT or path.is_dir() and not path.is_relative_to(TESTS)


def format_report(report: Report, gold_file: str | Path = DEFAULT_GOLD, items: bool | None = None) -> str:
    """The report as ``annals evaluate`` prints it.  ``items=False`` gives the figures only (no quotation,
    speaker or article is printed); by default that is so for a held-out part (:func:`held_out`)."""
    if items is None:
        items = not held_out(gold_file)
    out = [f"Quotation finder (rules only, no sidecar decisions) against {gold_file}: {report.articles} articles.",
           "Match: spans sharing at least one character (Citron's overlap match), one to one, same kind first.",
           "",
           f"{'kind':<10}{'gold':>6}{'found':>7}{'matched':>9}{'precision':>11}{'recall':>8}{'F1':>7}"]
    for name, c in (*report.by_kind, ("all", report.overall)):
        out.append(f"{name:<10}{c.gold:>6}{c.found:>7}{c.matched:>9}{c.precision:>11.3f}{c.recall:>8.3f}{c.f1:>7.3f}")
    out += ["",
            f"speaker accuracy (matched quotations with a speaker): {report.speaker.right}/{report.speaker.total} = {report.speaker.value:.3f}",
            f"exact words (matched quotations): {report.exact.right}/{report.exact.total} = {report.exact.value:.3f}",
            f"kind agreement (matched quotations): {report.kind.right}/{report.kind.total} = {report.kind.value:.3f}",
            f"via agreement (matched, where either gives one): {report.via.right}/{report.via.total} = {report.via.value:.3f}",
            f"scare quotes given a speaker: {report.scare_attributed}",
            f"names and titles in marks given a speaker: {report.names_attributed}",
            f"a listed official named where the text names someone else (must be 0): {len(report.worst)}",
            f"mentions resolved to the right person: {report.mentions.right}/{report.mentions.total} = {report.mentions.value:.3f}",
            f"not scored (in photo captions, which are not searched): {len(report.not_scored)}",
            f"mention and quotation stages: {report.ms_per_article:.1f} ms per article"]
    if report.by_class:
        out += ["", f"{'class':<14}{'gold':>6}{'matched':>9}{'right':>7}{'speaker':>9}"]
        for name, n, matched, right in report.by_class:
            out.append(f"{name:<14}{n:>6}{matched:>9}{right:>7}{(right / matched if matched else 1.0):>9.3f}")
    out += ["", "calibration (matched quotations the finder gave a speaker):",
            f"{'confidence':<12}{'count':>6}{'right':>7}{'share':>8}"]
    for level, n, right in report.calibration:
        out.append(f"{level:<12}{n:>6}{right:>7}{right / n:>8.3f}")
    if report.by_method:
        out += ["", "per evidence method (Quote.method; worst = a listed official named wrongly):",
                f"{'method':<20}{'confidence':<12}{'count':>6}{'right':>7}{'share':>8}{'worst':>7}"]
        for method, level, n, right, bad in report.by_method:
            out.append(f"{method:<20}{level:<12}{n:>6}{right:>7}{right / n:>8.3f}{bad:>7}")
    if not items:
        out += ["", "(a held-out part: figures only; no item is listed)"]
        return "\n".join(out) + "\n"

    def section(title: str, rows: list[str]) -> None:
        out.extend(["", f"{title} ({len(rows)}):"] + [f"  {r}" for r in rows])

    section("A listed official named where the text names someone else",
            [f"{g.article_id} {f.quote_id} {_short(g.text, 50)}: gold {g.speaker}, found {f.speaker_id} ({f.confidence})"
             for g, f in report.worst])
    section("Misses", [f"{g.article_id} {g.kind} {_short(g.text)} speaker {g.speaker} (gold line {g.line})"
                       for g in report.misses])
    section("False hits", [f"{f.article_id} {f.quote_id} {f.kind} {_short(f.text)} speaker {f.speaker_id or f.speaker}"
                           for f in report.false_hits])
    section("Wrong speaker", [f"{g.article_id} {f.quote_id} {_short(g.text, 50)}: gold {g.speaker}, found "
                              f"{f.speaker_id or f.speaker} ({f.confidence})" for g, f in report.wrong_speakers])
    section("Wrong kind", [f"{g.article_id} {f.quote_id} {_short(g.text, 50)}: gold {g.kind}, found {f.kind}"
                           for g, f in report.wrong_kinds])
    section("Wrong via", [f"{g.article_id} {f.quote_id} {_short(g.text, 50)}: gold {g.via}, found {f.via}"
                          for g, f in report.wrong_via])
    section("Mention errors", [f"{m.article_id} {m.surface!r}: gold {m.person}, found {', '.join(found) or 'nothing'} "
                               f"(gold line {m.line})" for m, found in report.mention_errors])
    return "\n".join(out) + "\n"
