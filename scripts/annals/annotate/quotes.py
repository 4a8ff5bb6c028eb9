"""Quotations and reported speech, with their speakers: attribution by the grammar of reporting.

Pure.  ``find_quotes(article, mentions, archive)`` returns the article's quotations in text order
and the problems for an editor.  The design (doc/attribution.md has the reasons and the figures):

1. **Marks.**  Quotation marks are paired per paragraph with a stack, so nested marks stay inside
   their quotation: English “ ” and " ", Russian « » and „ “ (a „ is closed by “ or ”).  A straight
   ``"`` opens after a space or at the start and closes after a word.  A quotation left open at the end
   of a paragraph continues into the next one when that one opens with a quotation mark or starts in
   lower case.  Single marks are paired only outside double ones; apostrophes are not marks.
2. **Sentences.**  The reporter's sentences are found once per paragraph with quoted words masked
   (linear in the paragraph's length), so a full stop inside a quotation never ends the reporter's
   sentence.
3. **Who can speak.**  Per paragraph, once: listed people (:mod:`annals.annotate.mentions`: any spelling, titles,
   role nouns by date, possessive roles resolved before the name inside them), people the gazetteer
   does not list (a run of capitalised words shaped like a name, with the title before it or the
   apposition after it), pronouns, anaphoric nouns ("the diplomat"), institutions, outlets, documents,
   and anonymous sources ("a source", "officials").  Word lists: ``archive/lexicon.yml``.
4. **Speech events.**  A speech verb and its subject: the name after the verb when the verb follows
   the quotation (``"...," said Peskov``, ``said Ivan Petrov, an analyst``), the subject before it
   (across appositions, "who", adverbs), the main clause's subject for a participle (``..., saying``),
   ``according to X``, channels (``RIA Novosti quoted X as saying``: X speaks, the outlet is ``via``;
   ``X told Interfax``), ``X's comment that``, and transcript labels (``PESKOV: ...``).
5. **The chain.**  Pronouns and anaphoric nouns go to the last *salient* person of that gender (the
   last speaker, or a person named as a sentence's subject; a newly named subject changes who "he"
   is); an object ("Lavrov told Pompeo") is not salient.  A full quotation standing alone carries the
   speaker of the paragraph before it only when no other person was named as a subject in between.
6. **No guess.**  When the evidence does not name a speaker the quotation is unattributed and its
   ``unattributed_reason`` says why (an anonymous source, a pronoun with no antecedent, a role whose
   holder that day is not in the gazetteer, a name or title in marks, a scare term); never the
   nearest listed person.
7. **Confidence** by the kind of evidence (``method``): high for a name and a verb in the quotation's
   sentence, medium for roles, pronouns and participles, low for carried quotations; calibrated on
   the development corpus (``annals evaluate``).
8. **Identity.**  ``q-`` + 10 hex digits of SHA-256 over the article ID followed by the NFC,
   whitespace-normalised words; a second identical quotation in one article gets ``-2``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from annals.annotate.mentions import name_index, role_on, runs
from annals.annotate.names import name_key
from annals.model import Archive, Article, Mention, Problem, Quote, TextSpan

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
OPENERS_BEFORE = " \t\n([{—–-/:;"
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "jan", "feb", "mar", "apr",
                 "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "jr", "sr", "prof", "inc", "corp", "co"}
PRONOUNS = {"he": "male", "she": "female", "it": "thing"}
MASK = "\u2063"  # invisible separator: stands in for masked (quoted) characters, keeps offsets


def quote_id(article_id: str, text: str) -> str:
    """Permanent quote ID: ``q-`` + 10 hex of SHA-256 of article ID + NFC, whitespace-normalised text."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "q-" + hashlib.sha256((article_id + norm).encode("utf-8")).hexdigest()[:10]


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# ---- step 1: quotation marks ---------------------------------------------------------------

@dataclass(slots=True)
class Piece:
    """Words of one quotation inside one paragraph: ``text[start:end]``; marks at start-1 / end."""

    n: int
    start: int
    end: int
    closed: bool


@dataclass(slots=True)
class Found:
    """A quotation being assembled (pieces in order) or a reported-speech clause."""

    pieces: list[Piece]
    single: bool = False
    reported: bool = False
    kind: str = ""
    speaker_id: str | None = None
    speaker: str | None = None
    via: str | None = None
    confidence: str = "low"
    document: str | None = None
    method: str = ""
    speaker_kind: str = "person"
    reason: str = ""
    title: str | None = None
    label: str = ""
    label_n: int = 0


def _double_marks(text: str) -> list[tuple[int, str]]:
    """(position, 'open'|'close') of each double quotation mark.

    ``“`` closes a quotation that ``„`` opened (the Russian and German pairing „...“) and opens one
    otherwise; ``«``/``„`` always open, ``»``/``”`` always close; a straight ``"`` opens after a space or
    an opening bracket and before a non-space, and closes otherwise."""
    marks = []
    low_open = 0  # how many „ are open
    for i, ch in enumerate(text):
        if ch == "„":
            low_open += 1
            marks.append((i, "open"))
        elif ch == "“" and low_open:
            low_open -= 1
            marks.append((i, "close"))
        elif ch in DOUBLE_OPEN:
            marks.append((i, "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if (before in OPENERS_BEFORE or i == 0) and not after.isspace():
                marks.append((i, "open"))
            elif not before.isspace():
                marks.append((i, "close"))
    return marks


def _outer_pairs(marks: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], int | None]:
    """The outermost quotations among ``marks``: (open, close) pairs, nested pairs inside them skipped, and
    the position of a quotation still open at the end (or None).  A close with nothing open is ignored."""
    pairs = []
    depth, open_at = 0, None
    for pos, kind in marks:
        if kind == "open":
            if depth == 0:
                open_at = pos
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pairs.append((open_at, pos))
                open_at = None
    return pairs, open_at


def _single_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of words inside single quotation marks in ``text[lo:hi]`` (apostrophes skipped)."""
    out = []
    i = lo
    open_at = None
    while i < hi:
        ch = text[i]
        if ch in "'‘’":
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if open_at is None and ch in "'‘" and (before.isspace() or before in "([—–:" or i == 0) and after.isalnum():
                open_at = i
            elif open_at is not None and ch in "'’" and not after.isalnum() and (before.isalnum() or before in ".,!?"):
                if i - open_at > 1:
                    out.append((open_at + 1, i))
                open_at = None
        i += 1
    return out


def find_marked(article: Article) -> list[Found]:
    """Every quotation delimited by quotation marks, pieces over paragraphs joined."""
    found: list[Found] = []
    current: Found | None = None
    paragraphs = article.paragraphs
    for idx, p in enumerate(paragraphs):
        text = p.text
        marks = _double_marks(text)
        if current is not None:  # continuing from the paragraph before
            if marks and marks[0][0] == 0 and marks[0][1] == "open":
                marks = marks[1:]
                start = 1
            else:
                start = 0
            close = next((pos for pos, kind in marks if kind == "close"), None)
            if close is None:
                current.pieces.append(Piece(p.n, start, len(text), False))
                marks = []
            else:
                current.pieces.append(Piece(p.n, start, close, True))
                found.append(current)
                current = None
                marks = [(pos, kind) for pos, kind in marks if pos > close]
        doubles: list[tuple[int, int]] = []
        pairs, open_at = _outer_pairs(marks)
        for a, b in pairs:
            if b - a > 1:
                doubles.append((a + 1, b))
                found.append(Found([Piece(p.n, a + 1, b, True)]))
        if open_at is not None:
            nxt = paragraphs[idx + 1].text if idx + 1 < len(paragraphs) else ""
            piece = Piece(p.n, open_at + 1, len(text), False)
            if nxt and (nxt[0] in DOUBLE_OPEN + '"' or nxt[0].islower()):
                current = Found([piece])
            else:
                found.append(Found([piece]))
            doubles.append((open_at + 1, len(text)))
        # single quotation marks, outside the double ones only
        lo = 0
        for a, b in sorted(doubles) + [(len(text) + 1, len(text) + 1)]:
            for s, e in _single_pairs(text, lo, min(a - 1, len(text))):
                found.append(Found([Piece(p.n, s, e, True)], single=True))
            lo = b + 1
    if current is not None:
        found.append(current)
    return found


# ---- step 2: sentences ------------------------------------------------------------------------

def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by MASK (same length)."""
    if not spans:
        return text
    parts = []
    pos = 0
    for a, b in sorted(spans):
        a, b = max(a, pos, 0), min(b, len(text))
        if b <= a:
            continue
        parts.append(text[pos:a])
        parts.append(MASK * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


SENT_END = re.compile(r"[.!?…][\"”’'»)\u2063]*(?=\s+(?:[\"“‘'«„(]?[A-Z0-9]|\u2063))")
LAST_TOKEN = re.compile(r"(\S+)$")


def sentences(masked_text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph whose quoted words are masked.  Linear in its length:
    each full stop looks back at one word only (an abbreviation or an initial does not end a sentence)."""
    out = []
    start = 0
    n = len(masked_text)
    for m in SENT_END.finditer(masked_text):
        if m.group(0) == ".":
            found = LAST_TOKEN.search(masked_text, max(start, m.start() - 40), m.start() + 1)
            tok = (found.group(1) if found else "").rstrip(".").lstrip("(\"“")
            if tok.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", tok):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < n and masked_text[start].isspace():
            start += 1
    out.append((start, n))
    return [(a, b) for a, b in out if b > a]


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence that holds ``pos`` (or ends there), by bisection."""
    if not sents:
        return (0, 0)
    k = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if k < 0:
        return sents[0]
    a, b = sents[k]
    if a <= pos <= b:
        return a, b
    return sents[k + 1] if k + 1 < len(sents) else sents[-1]


# ---- step 3: who can speak -------------------------------------------------------------------------

@dataclass(slots=True)
class Candidate:
    """Something that can be the subject of a speech verb."""

    start: int
    end: int
    kind: str
    """``person`` (gazetteer), ``unlisted`` (a name not in the gazetteer), ``pronoun``, ``anaphor`` ("the
    diplomat"), ``document``, ``institution``, ``agency`` (an outlet), ``anonymous`` ("a source")."""
    person_id: str | None = None
    name: str | None = None
    method: str = ""
    gender: str | None = None
    document: str | None = None
    """The document noun, for a document resolved to its author."""
    title: str | None = None
    """The title the text gives an unlisted person."""
    key: str | None = None
    """Identity in the article's chain: a gazetteer ID, or ``~`` + the name key of an unlisted surname."""
    reason: str = ""
    """For an ``anonymous`` candidate: why it names no one ("an unnamed official", "a role whose holder ...")."""


@dataclass(slots=True)
class Lexicon:
    """The lexicon's word lists, compiled once per lexicon."""

    verb_re: re.Pattern | None
    report_re: re.Pattern | None
    agency_re: re.Pattern | None
    document_re: re.Pattern | None
    institution_re: re.Pattern | None
    utterance_re: re.Pattern | None
    source_re: re.Pattern | None
    anonymous_re: re.Pattern | None
    anaphor_re: re.Pattern | None
    name_cue_re: re.Pattern | None
    name_cue_after_re: re.Pattern | None
    channel_re: re.Pattern | None
    person_noun_re: re.Pattern | None
    person_noun_after_re: re.Pattern | None
    role_phrase_re: re.Pattern | None
    audience_re: re.Pattern | None
    addressee_verbs: frozenset
    gap_words: frozenset
    title_words: frozenset
    not_person: frozenset
    non_names: frozenset
    honorifics: frozenset
    question_labels: frozenset
    institution_prefixes: tuple
    female_titles: frozenset
    male_titles: frozenset
    female_endings: tuple
    male_endings: tuple
    scare_max: int
    institutions: frozenset
    subordinate_openers: frozenset


def _words_re(words, flags=re.IGNORECASE, suffix="") -> re.Pattern | None:
    words = [w for w in words or () if w]
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])({alt}){suffix}(?![\w-])", flags)


def _role_phrase_re(lex: dict) -> re.Pattern | None:
    """A determiner (or a possessor), up to three modifiers, a person noun of the lexicon, and an "of/to ..."
    complement with a capitalised word: "the speaker of the Duma", "Putin's spokesman", "one deputy"."""
    nouns = [w for w in lex.get("person_nouns", ()) if w]
    if not nouns:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(nouns), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])(?P<det>[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Ss]everal|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|"
                      rf"[A-Z][\w-]*['’]s)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<noun>{alt})s?(?![\w-])"
                      rf"(?:\s+(?:of|to|at|in|for)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s*){{1,5}})?")


_LEX_CACHE: dict[int, tuple[dict, Lexicon]] = {}


def compile_lexicon(lex: dict) -> Lexicon:
    """The compiled word lists of ``lex`` (cached per lexicon object)."""
    cached = _LEX_CACHE.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    fold = lambda key: frozenset(w.casefold() for w in lex.get(key, ()))  # noqa: E731
    gender = lex.get("name_gender") or {}
    person_nouns = lex.get("person_nouns", ())
    compiled = Lexicon(
        verb_re=_words_re(lex.get("speech_verbs")),
        report_re=_words_re(lex.get("reporting_verbs")),
        agency_re=_words_re(lex.get("agencies"), flags=0),
        document_re=_words_re(lex.get("documents")),
        institution_re=_words_re(lex.get("institutions"), flags=0),
        utterance_re=_words_re(lex.get("utterance_nouns")),
        source_re=_words_re(lex.get("source_phrases")),
        anonymous_re=_words_re(lex.get("anonymous_sources")),
        anaphor_re=_words_re(lex.get("anaphoric_nouns")),
        name_cue_re=_words_re(lex.get("name_cues"), suffix=r"[\s,:]*$"),
        name_cue_after_re=_words_re(lex.get("name_cues_after"), suffix=""),
        channel_re=_words_re(lex.get("channel_verbs")),
        person_noun_re=_words_re(person_nouns, suffix=r"\s+$"),
        person_noun_after_re=_words_re(person_nouns),
        role_phrase_re=_role_phrase_re(lex),
        audience_re=_words_re(lex.get("audiences"), suffix="", flags=re.IGNORECASE) and re.compile(
            r"\s+(?:" + "|".join(re.escape(w) for w in sorted(lex.get("audiences", ()), key=len, reverse=True)) + r")(?![\w-])",
            re.IGNORECASE),
        addressee_verbs=fold("addressee_verbs"),
        gap_words=fold("subject_gap_words"),
        title_words=fold("title_words"),
        not_person=frozenset(lex.get("not_person_words", ())),
        non_names=fold("capitalised_non_names"),
        honorifics=frozenset(lex.get("honorifics", ())),
        question_labels=frozenset(lex.get("question_labels", ())),
        institution_prefixes=tuple(lex.get("institution_prefixes", ())),
        female_titles=fold("female_title_words"),
        male_titles=fold("male_title_words"),
        female_endings=tuple(gender.get("female_endings", ())),
        male_endings=tuple(gender.get("male_endings", ())),
        scare_max=int(lex.get("scare_max_words", 2)),
        institutions=fold("institutions"),
        subordinate_openers=fold("subordinate_openers"),
    )
    _LEX_CACHE.clear()
    _LEX_CACHE[id(lex)] = (lex, compiled)
    return compiled


@dataclass(slots=True)
class Par:
    """One paragraph as the attribution sees it: masked text, sentences, and who can speak in it."""

    n: int
    text: str
    """The paragraph with quoted words masked."""
    sents: list
    cands: list
    """Candidates in text order."""
    starts: list
    """Each candidate's start, for bisection."""


@dataclass(slots=True)
class Context:
    """What the speaker finder knows about one article."""

    article: Article
    archive: Archive
    lex: Lexicon
    people: dict
    mentions_by_par: dict
    index: object
    """The gazetteer's name index (:class:`annals.annotate.mentions.NameIndex`)."""
    pars: dict = field(default_factory=dict)
    """Paragraph number -> Par, built as the scan reaches it."""
    chain: list = field(default_factory=list)
    """(paragraph, position, Candidate resolved to a person or an unlisted person, role) in text order;
    role is ``speaker``, ``subject`` or ``other``."""
    unlisted: dict = field(default_factory=dict)
    """Surname key -> the unlisted person's Candidate (full name and title as first written)."""
    document_authors: dict = field(default_factory=dict)
    """document noun -> person ID of its author."""
    history: list = field(default_factory=list)
    """(paragraph, position, Candidate) of each speaker and document that spoke, in text order."""
    reported_at: dict = field(default_factory=dict)
    """Paragraph -> sorted (start, end) of the reported clauses already recorded."""
    label_spans: dict = field(default_factory=dict)
    """Paragraph -> (start, end) of a transcript turn's words (no reported speech is looked for in them)."""


def make_context(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> Context:
    lexicon = archive.lexicon or {}
    by_par: dict = {}
    for m in mentions:
        by_par.setdefault(m.span.paragraph, []).append(m)
    return Context(article=article, archive=archive, lex=compile_lexicon(lexicon), people={o.id: o for o in archive.officials},
                   mentions_by_par=by_par, index=name_index(archive.officials, lexicon) if archive.officials else None)


PRONOUN_RE = re.compile(r"(?<![\w-])(he|she|it|He|She|It)(?![\w'’-])")
UNLISTED_RE = re.compile(r"(?<![\w’'.-])(?:[A-Z]\.(?=\s)|[A-Z][\w’'-]*\w|(?:von|van|de|der|al|bin|ibn|la|le|di|da|el)(?=\s+[A-Z]))")


def _gender_of(lex: Lexicon, ctx: Context, words: list[str], title: str | None) -> str | None:
    """The gender of an unlisted person: from the title's words (spokeswoman), a gazetteer person's given
    name, or the endings the lexicon gives for names (name_gender)."""
    for w in (title or "").casefold().split():
        if w in lex.female_titles:
            return "female"
        if w in lex.male_titles:
            return "male"
    index = ctx.index
    if index is not None and len(words) >= 2:
        first = name_key(words[0], index.rules)
        genders = {ctx.people[pid].gender for pid, f in index.forms.items() if first in f.given}
        if len(genders) == 1:
            return genders.pop()
    last = words[-1].casefold()
    if any(last.endswith(e) for e in lex.female_endings):
        return "female"
    if any(last.endswith(e) for e in lex.male_endings):
        return "male"
    return None


def _paragraph(ctx: Context, n: int) -> Par:
    """The paragraph's masked text, sentences and candidates (built once)."""
    par = ctx.pars.get(n)
    if par is not None:
        return par
    raise KeyError(n)


def build_par(ctx: Context, n: int, text: str) -> Par:
    """Sentences and every candidate speaker of paragraph ``n`` (``text`` has its quoted words masked)."""
    lex = ctx.lex
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        k = bisect.bisect_right(taken, (a, float("inf")))
        if k and taken[k - 1][1] > a:
            return False
        return not (k < len(taken) and taken[k][0] < b)

    def take(a: int, b: int) -> None:
        bisect.insort(taken, (a, b))

    mentions = sorted(ctx.mentions_by_par.get(n, ()), key=lambda m: (m.span.start, -m.span.end))
    roles = _role_phrases(ctx, text, mentions)
    for a, b, _ in roles:  # "Putin's spokesman" in 2004: the possessor is not a candidate
        take(a, b)
    for m in mentions:  # outermost first: "Putin's spokesman" (a role) holds the name "Putin"
        a, b = m.span.start, m.span.end
        if MASK in text[a:b] or not free(a, b):
            continue
        o = ctx.people[m.person_id]
        out.append(Candidate(a, b, "person", m.person_id, o.name, m.method, o.gender, key=m.person_id))
        take(a, b)
    for regex, kind in ((lex.agency_re, "agency"), (lex.institution_re, "institution"), (lex.anonymous_re, "anonymous"),
                        (lex.document_re, "document"), (lex.anaphor_re, "anaphor")):
        for m in regex.finditer(text) if regex else ():
            a, b = m.start(1), m.end(1)
            if MASK in text[a:b] or not free(a, b):
                continue
            if kind == "anaphor" and APPOSED.search(text, max(0, a - 40), a):
                continue  # "Kosachev, the senator, said": an apposition to the name, not a new reference
            out.append(Candidate(a, b, kind, name=m.group(1), method=kind))
            take(a, b)
    out.extend(c for _, _, c in roles)
    for m in PRONOUN_RE.finditer(text):
        a, b = m.start(1), m.end(1)
        if free(a, b):
            out.append(Candidate(a, b, "pronoun", gender=PRONOUNS[m.group(1).lower()], method="pronoun"))
    out.extend(_unlisted(ctx, text, free, take))
    out.sort(key=lambda c: c.start)
    par = Par(n, text, sentences(text), out, [c.start for c in out])
    ctx.pars[n] = par
    return par


APPOSED = re.compile(r"[A-Z][\w'’.-]*,\s*$")
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "many", "other"})


def _role_phrases(ctx: Context, text: str, mentions: list) -> list[tuple[int, int, Candidate]]:
    """People named only by a role that no gazetteer membership resolves ("the speaker of the Duma" in 2000,
    "Putin's spokesman" in 2004, "one deputy"): candidates that name no one, so that neither the verb nor
    a pronoun after them reaches for someone else.  A definite role first looks back for an unlisted
    person the article gave that title ("Andrei Nesterenko, the spokesman ... the spokesman said")."""
    regex = ctx.lex.role_phrase_re
    if regex is None:
        return []
    out = []
    spans = sorted((x.span.start, x.span.end) for x in mentions)
    for m in regex.finditer(text):
        a, b = m.start(), m.end()
        noun_at = m.start("noun")
        k = bisect.bisect_right(spans, (noun_at, float("inf")))
        if MASK in text[a:b] or any(x0 <= noun_at < x1 for x0, x1 in spans[max(0, k - 3):k]):
            continue
        det = m.group("det").casefold()
        if det not in INDEFINITE and not re.search(r"\b(?:[Aa]ccording to|by|from)\s+$", text[max(0, a - 20):a]) and (
                re.match(r",?\s*(?:[A-Z][\w'’.-]*\s+)+[A-Z]", text[b:b + 60]) or re.search(r"[A-Z][\w'’.-]*,\s*$", text[max(0, a - 40):a])):
            continue  # "the Kremlin spokesman, Dmitry Peskov" / "Leonid Slutsky, the head of ...": the name says who
        noun = m.group("noun").casefold()
        gender = "female" if noun in ctx.lex.female_titles else "male" if noun in ctx.lex.male_titles else None
        if det in INDEFINITE:
            why = f"an unnamed person ({m.group(0).strip()})"
        else:
            titled = [c for c in ctx.unlisted.values() if c.title and noun in c.title.casefold()]
            if len(titled) == 1:
                t = titled[0]
                out.append((a, b, Candidate(a, b, "unlisted", name=t.name, method="anaphor", gender=t.gender,
                                            title=t.title, key=t.key)))
                continue
            why = f"named only by a role ({m.group(0).strip()}) whose holder that day is not in the gazetteer"
        out.append((a, b, Candidate(a, b, "anonymous", name=m.group(0), method="anonymous", gender=gender, reason=why)))
    return out


def _unlisted(ctx: Context, text: str, free, take) -> list[Candidate]:
    """People the gazetteer does not list: a run of two or three name-shaped capitalised words (a title
    before it is taken off and kept), or one surname of an unlisted person the article named in full."""
    lex = ctx.lex
    rules = ctx.index.rules if ctx.index is not None else None
    out = []
    for run in runs(text):
        words = [t.word for t in run]
        k = 0
        while k < len(words) - 1 and (words[k].casefold() in lex.title_words or words[k] in lex.honorifics
                                      or words[k].casefold().startswith(("then-", "ex-"))):
            k += 1
        body = run[k:]
        if not body or not free(body[0].start, body[-1].start + len(body[-1].word)):
            continue
        names = [t.word for t in body]
        if any(w in lex.not_person or w.casefold() in lex.non_names or (w.isupper() and len(w) > 1) for w in names):
            continue
        a, b = body[0].start, body[-1].start + len(body[-1].word)
        title = " ".join(words[:k]) or None
        if title is None:
            before = lex.person_noun_re.search(text, max(0, a - 60), a) if lex.person_noun_re else None
            if before is not None:
                title = before.group(1)
        key = "~" + (name_key(names[-1], rules) if rules else names[-1].casefold())
        if len(names) >= 2 and len(names) <= 4 and not all(n.endswith(".") for n in names[:-1]) or (
                len(names) >= 2 and names[0].endswith(".")):
            if len(names) > 4:
                continue
            if title is None:
                after = re.match(r",\s+(?:(?:a|an|the|its|his|her|Russia['’]s|a\s+former|the\s+former)\s+)?"
                                 r"((?:[\w'’.-]+\s+){0,4}?)", text[b:b + 120])
                if after:
                    noun = lex.person_noun_after_re.match(text, b + after.end(1)) if lex.person_noun_after_re else None
                    if noun is not None:
                        title = (after.group(1) + noun.group(1)).strip()
            full = " ".join(names)
            gender = _gender_of(lex, ctx, names, title)
            c = Candidate(a, b, "unlisted", name=full, method="unlisted", gender=gender, title=title, key=key)
            ctx.unlisted.setdefault(key, c)
            out.append(c)
            take(a, b)
        elif len(names) == 1 and key in ctx.unlisted:
            first = ctx.unlisted[key]
            out.append(Candidate(a, b, "unlisted", name=first.name, method="unlisted", gender=first.gender,
                                 title=first.title, key=key))
            take(a, b)
    return out


def candidates(ctx: Context, n: int, text: str, lo: int, hi: int) -> list[Candidate]:
    """Candidates in ``text[lo:hi]`` of paragraph ``n``."""
    par = ctx.pars[n]
    i = bisect.bisect_left(par.starts, lo)
    j = bisect.bisect_left(par.starts, hi)
    return [c for c in par.cands[i:j] if c.end <= hi]


def _gap_ok(ctx: Context, gap: str) -> bool:
    """May ``gap`` stand between a subject and its verb?  ("also", an apposition ", the head of ..., ")."""
    g = re.sub(r"\([^()]{0,120}\)", "", gap).strip()  # a parenthesis: "His post (he prefers Facebook) said"
    g = re.sub(r"^['’]s\b", "", g).strip()
    if not g:
        return True
    if g.startswith(",") and g.endswith(",") and re.search(r"\w", g):
        return MASK not in g and len(g) < 160
    if re.fullmatch(r",\s*who(?:\s+[\w'’-]+){0,2}", g):  # "Volodin, who said": the relative clause's subject
        return all(w.casefold() in ctx.lex.gap_words for w in g.split()[1:][1:]) if len(g.split()) > 2 else True
    words = re.findall(r"[\w'’-]+", g)
    if len(words) > 4 or re.search(r"[,;:]", g):
        return False
    return all(w.casefold() in ctx.lex.gap_words for w in words)


# ---- step 5: the chain ---------------------------------------------------------------------------

def _enter(ctx: Context, n: int, pos: int, c: Candidate, role: str) -> None:
    """Put a person (listed, unlisted, or anonymous: "a senior official ... he said") on the article's chain."""
    if c.kind in ("person", "unlisted") and c.key:
        ctx.chain.append((n, pos, c, role))
    elif c.kind == "anonymous":
        c.key = c.key or f"?{n}:{pos}"
        ctx.chain.append((n, pos, c, role))


def _chain_sentence(ctx: Context, n: int, text: str, sent: tuple[int, int]) -> None:
    """The people of one sentence go on the chain; the first, when it opens the sentence (after at most a
    leading phrase closed by a comma), is the sentence's subject."""
    cands = [c for c in candidates(ctx, n, text, sent[0], sent[1]) if c.kind in ("person", "unlisted", "anonymous")]
    if not cands:
        return
    first = cands[0]
    lead = text[sent[0]:first.start]
    subject = MASK not in lead and (len(lead.split()) <= 3 or lead.rstrip().endswith(",")) and not re.search(
        r"\b(?:to|with|by|for|of|from|about|against|on|at)\s*$", lead, re.IGNORECASE)
    for c in cands:
        _enter(ctx, n, c.start, c, "subject" if c is first and subject else "other")


def resolve(ctx: Context, c: Candidate, n: int, pos: int) -> tuple[Candidate | None, str]:
    """A candidate made concrete, and why not when it cannot be: a pronoun or anaphoric noun becomes the
    last salient person that fits; a document its author."""
    if c.kind in ("person", "unlisted", "institution"):
        return c, ""
    if c.kind == "anonymous":
        return None, c.reason or "an unnamed source"
    if c.kind in ("pronoun", "anaphor"):
        if c.gender == "thing":
            for hn, hpos, h in reversed(ctx.history[-50:]):
                if (hn, hpos) < (n, pos) and h.kind in ("document", "institution"):
                    return h, ""
            doc = _last_document(ctx, n, pos)
            if doc is not None:
                author = ctx.document_authors[doc]
                return Candidate(c.start, c.end, "document", author, ctx.people[author].name, "document",
                                 ctx.people[author].gender, document=doc, key=author), ""
            return None, "no antecedent for 'it'"
        return _antecedent(ctx, c, n, pos)
    if c.kind == "document":
        text = ctx.pars[n].text if n in ctx.pars else ""
        owner = re.search(r"(?<![\w-])([Hh]is|[Hh]er)\s+(?:[\w'’-]+\s+){0,2}$", text[max(0, c.start - 40):c.start])
        if owner:  # "His Facebook post said": the owner of the document
            pron = Candidate(c.start, c.end, "pronoun", gender="female" if owner.group(1).lower() == "her" else "male")
            r, why = _antecedent(ctx, pron, n, c.start - len(owner.group(0)))
            if r is None:
                return None, why
            return Candidate(c.start, c.end, "document", r.person_id, r.name, "document", r.gender,
                             document=c.name.lower(), key=r.key) if r.kind == "person" else r, ""
        poss = [x for x in ctx.pars[n].cands if x.kind in ("person", "unlisted") and x.end <= c.start
                and re.fullmatch(r"['’]s\s+(?:[\w'’-]+\s+){0,2}", text[x.end:c.start])] if n in ctx.pars else []
        if poss:  # "Kosachev's post said"
            x = poss[-1]
            return Candidate(c.start, c.end, "document" if x.kind == "person" else "unlisted", x.person_id, x.name,
                             "document", x.gender, document=c.name.lower(), title=x.title, key=x.key), ""
        author = ctx.document_authors.get(c.name.casefold())
        if author:
            return Candidate(c.start, c.end, "document", author, ctx.people[author].name, "document",
                             ctx.people[author].gender, document=c.name.lower(), key=author), ""
        return Candidate(c.start, c.end, "document", None, None, "document", document=c.name.lower()), ""
    if c.kind == "agency":
        return None, "an outlet, not a speaker"
    return None, "no speaker"


def _antecedent(ctx: Context, c: Candidate, n: int, pos: int) -> tuple[Candidate | None, str]:
    """The person a pronoun or anaphoric noun refers to (Hobbs' order): the first person of that gender in
    its own sentence before it, else in the sentence before, and so on back over this paragraph and the
    two before; in each sentence the leftmost (the subject before the objects).  A newly named person
    thus changes who "he" is, while an object named after the subject does not.  An anonymous source
    or a role whose holder is unknown is a person too: "he" then names no one."""
    def fits(h: Candidate) -> bool:
        return c.gender is None or h.gender is None or h.gender == c.gender

    how = "pronoun" if c.kind == "pronoun" else "anaphor"
    group: list = []
    group_id = None
    for hn, hpos, h, role in reversed(ctx.chain):
        if (hn, hpos) >= (n, pos):
            continue
        if n - hn > 2:
            break
        par = ctx.pars.get(hn)
        sid = (hn, _sentence_of(par.sents, hpos)[0]) if par is not None else (hn, 0)
        if group and sid != group_id:
            break
        if par is not None and POSSESSOR.match(par.text, h.end) and par.text[h.end:h.end + 1] in "'’":
            continue  # "the president-elect's promises": a possessor is not what "he" refers to
        if hn == n and par is not None and par.text[h.end:pos].rstrip().endswith(",") and sid == (n, _sentence_of(par.sents, pos)[0]):
            continue  # "Asked about X, he said": not X
        if fits(h) and (c.kind != "anaphor" or h.kind != "anonymous"):
            group_id = sid
            group.append((hpos, role, h))
    if not group:
        return None, f"no one before '{ctx.article.paragraphs[n - 1].text[c.start:c.end]}' to refer to"
    group.sort(key=lambda g: (g[0], g[1] != "speaker"))
    h = group[0][2]
    if h.kind == "anonymous":
        return None, h.reason or "an unnamed source (the pronoun refers to a person the text does not name)"
    out = _as(h, c, how)
    others = {g[2].key for g in group if g[2].key != h.key}
    out.method = how if not others else how + "-ambiguous"
    return out, ""


def _as(h: Candidate, c: Candidate, method: str) -> Candidate:
    return Candidate(c.start, c.end, h.kind, h.person_id, h.name, method, h.gender, h.document, h.title, h.key)


def _last_document(ctx: Context, n: int, pos: int) -> str | None:
    """The document noun named last before paragraph ``n``, offset ``pos``, whose author is known (this
    paragraph and the three before)."""
    if not ctx.lex.document_re or not ctx.document_authors:
        return None
    for p in reversed(ctx.article.paragraphs[max(0, n - 4):n]):
        limit = pos if p.n == n else len(p.text)
        last = None
        for m in ctx.lex.document_re.finditer(p.text, max(0, limit - 2000), limit):
            if m.group(1).casefold() in ctx.document_authors:
                last = m.group(1).casefold()
        if last:
            return last
    return None


def _verb_is_participle(word: str) -> bool:
    return word.lower().endswith("ing")


def _main_subject(ctx: Context, text: str, sent: tuple[int, int], left: list[Candidate]) -> Candidate | None:
    """The subject of the sentence's main clause: the first speaker-like candidate, after a leading
    subordinate phrase ("After meeting Trump, Putin ...") when the sentence opens with one."""
    subject = [c for c in left if c.kind in ("person", "unlisted", "pronoun", "anaphor", "anonymous")] or [
        c for c in left if c.kind in ("document", "institution")]  # "Foreign Ministry spokesman X": the person
    if not subject:
        return None
    first_word = re.match(r"\s*([\w'’-]+)", text[sent[0]:sent[1]])
    if first_word and first_word.group(1).casefold() in ctx.lex.subordinate_openers:
        comma = text.find(",", sent[0], subject[-1].start)
        if comma >= 0:
            after = [c for c in subject if c.start > comma]
            if after:
                return after[0]
    return subject[0]


POSSESSOR = re.compile(r"['’]s?\s+[\w-]")


def subject_of_verb(ctx: Context, n: int, text: str, sent: tuple[int, int], verb: re.Match,
                    cands: list[Candidate], after_quote: bool) -> Candidate | None:
    """The subject of the speech verb ``verb`` within the sentence ``sent``.  A possessor is never the
    subject ("Medvedev's spokeswoman Natalya Timakova said": not Medvedev)."""
    vs, ve = verb.start(1), verb.end(1)
    people = [c for c in cands if c.kind != "agency" and not (POSSESSOR.match(text, c.end) and c.end < vs and (
        c.kind != "person" or c.method != "role" or text[c.end:c.end + 1] in "'’"))]
    # "...," said Peskov / said Kremlin spokesman Dmitry Peskov / said Ivan Petrov, an analyst / said he
    if after_quote:
        right = [c for c in people if c.start >= ve and c.start - ve <= 60]
        for kinds in (("person", "unlisted", "pronoun", "anonymous", "anaphor"), ("institution", "document")):
            for c in right:
                if c.kind not in kinds:
                    continue
                between = text[ve:c.start]
                if re.fullmatch(r"[\s,]*(?:(?:the\s+|a\s+|an\s+)?[A-Za-z'’.-]+\s+){0,5}", between) and MASK not in between:
                    if c.kind != "document" or not between.strip():
                        return c
    left = [c for c in people if c.end <= vs and c.start >= sent[0] and MASK not in text[c.end:vs]]
    before = text[sent[0]:vs]
    passive = re.search(r"\b(?:was|were|is|are|has been|had been)\s+(?:\w+\s+){0,2}?(?:quoted|cited)\b(?:\s+by\s+[^,]{1,60}?)?\s+as\s+$",
                        before)
    if _verb_is_participle(verb.group(1)) and re.search(r"\bas\s+$", before) and not passive:
        # "RIA Novosti quoted Lavrov as saying": the object of the channel verb speaks
        chan = None
        for m in ctx.lex.channel_re.finditer(text, sent[0], vs) if ctx.lex.channel_re else ():
            chan = m
        if chan is not None:
            obj = [c for c in left if c.start >= chan.end(1)]
            if obj:
                return obj[0]
    if _verb_is_participle(verb.group(1)) and left:
        # "Lavrov said ..., saying" / "Peskov was quoted as saying": the subject of the sentence
        return _main_subject(ctx, text, sent, left)
    for kinds in (("person", "unlisted", "pronoun", "document", "anaphor", "anonymous"), ("institution",)):
        for c in reversed(left):  # nearest first; an institution only when no person fits
            gap = text[c.end:vs]
            if c.kind in kinds and (_gap_ok(ctx, gap) or gap.strip() == "," and text[sent[0]:c.start].rstrip().endswith(",")):
                return c  # (", Karin von Hippel, shared": a name in apposition, set off by commas)
    first = next((c for c in left if c.kind in ("person", "unlisted", "pronoun", "document", "anaphor", "anonymous")), None)
    if first is not None:
        gap = text[first.end:vs]
        # "Putin wished Biden success and expressed ...": the sentence's subject, across a short object
        limit = 20 if re.search(r"\band\s*$", gap) else 5  # "X congratulated Bush on ... and said"
        if MASK not in gap and not re.search(r"[,;:]|\b(?:who|which|that|whom|whose)\b", gap) and len(gap.split()) <= limit:
            return first
    return None


def _via(ctx: Context, text: str, lo: int, hi: int, exclude: tuple[int, int] | None = None) -> str | None:
    for m in ctx.lex.agency_re.finditer(text, lo, hi) if ctx.lex.agency_re else ():
        if exclude and exclude[0] <= m.start(1) < exclude[1]:
            continue
        return m.group(1)
    return None


@dataclass(slots=True)
class Attribution:
    """What the evidence of one sentence says about a quotation's speaker."""

    speaker: Candidate | None
    how: str = ""
    """``verb``, ``according``, ``channel``, ``possessive``, ``label``, ``carried``."""
    reason: str = ""
    """Why there is no speaker, when there is none."""
    verb_near: bool = False
    """A speech verb stands in the sentence (a quotation, not a term)."""


CLAUSE_BOUNDARY = re.compile(r";|,\s+(?:while|whereas|but|although|though|and|who|which)\s+(?!that\b)")


def attribute(ctx: Context, n: int, text: str, sent: tuple[int, int], qa: int, qb: int) -> Attribution:
    """Speaker of the quotation at ``text[qa:qb]`` (marks included) in sentence ``sent``."""
    lex = ctx.lex
    cands = candidates(ctx, n, text, sent[0], sent[1])
    # "Romney's comment ... that ...": the owner of the words (not "calling Romney's statements 'a relic'")
    if lex.utterance_re:
        for c in reversed([c for c in cands if c.kind in ("person", "unlisted") and c.end <= qa]):
            tail = text[c.end:qa]
            m = re.match(r"['’]s\s+(?:[\w-]+\s+){0,3}?", tail)
            if m and MASK not in tail:
                noun = lex.utterance_re.match(tail, m.end())
                rest = tail[noun.end():] if noun else ""
                that = re.search(r"(?:\bthat\s+(?:[\w'’-]+\s+){0,8}|[:,]\s*)$", rest)
                if noun and that and not re.search(r"\b(?:is|are|was|were|as|be|been)\b", rest[:that.start()]):
                    return Attribution(c, "possessive", verb_near=True)
    # "Peskov: "..."": a name alone before a colon (interviews, transcripts)
    for c in cands:
        if c.kind in ("person", "unlisted") and not text[sent[0]:c.start].strip() and re.fullmatch(r"\s*:\s*", text[c.end:qa]):
            return Attribution(c, "label", verb_near=True)
    for c in cands:
        if re.search(r"\b[Aa]ccording to\s+(?:the\s+)?$", text[max(sent[0], c.start - 20):c.start]):
            if c.kind in ("person", "unlisted"):
                return Attribution(c, "according", verb_near=True)
            if c.kind == "anonymous":
                return Attribution(None, reason="anonymous source", verb_near=True)
    verbs = [v for v in lex.verb_re.finditer(text, sent[0], sent[1])] if lex.verb_re else []
    verbs = [v for v in verbs if MASK not in v.group(0)]
    scored = []
    reasons = []
    for v in verbs:
        after = v.start() >= qb
        if after:
            dist = v.start() - qb
            after_quote = MASK not in text[qb:v.start()] and re.fullmatch(r"[\s,]*", text[qb + 1:v.start()]) is not None
        else:
            dist = qa - v.end()
            after_quote = False
        subject = subject_of_verb(ctx, n, text, sent, v, cands, after_quote)
        if subject is None:
            continue
        resolved, why = resolve(ctx, subject, n, subject.start)
        if resolved is None:
            reasons.append((dist, why))
            continue
        rank = 1 if resolved.kind in ("institution", "document") else 0  # a person's verb before an institution's
        # before the quotation, the outermost speech verb: "Ryabkov said that Biden had dismissed it: "..."" is
        # Ryabkov's (the later verb stands in his reported clause); after it, the nearest ("...," said X)
        boundary = not after and CLAUSE_BOUNDARY.search(text, v.end(1), qa)  # ", while Zyuganov remarked ...": another clause
        order = dist if after or boundary else -dist if rank == 0 and subject.start < v.start(1) else dist
        scored.append((rank, 0 if after and after_quote else 1, order, dist, resolved,
                       "channel" if re.search(r"\bas\s+$", text[sent[0]:v.start(1)]) else "verb"))
    if scored:
        scored.sort(key=lambda s: s[:3])
        scored = [(d, r, h) for _, _, _, d, r, h in scored]
        if reasons and min(reasons)[0] < scored[0][0]:
            return Attribution(None, reason=min(reasons)[1], verb_near=True)
        return Attribution(scored[0][1], scored[0][2], verb_near=True)
    if reasons:
        return Attribution(None, reason=min(reasons)[1], verb_near=True)
    return Attribution(None, reason="", verb_near=bool(verbs))


def _remember(ctx: Context, n: int, pos: int, c: Candidate) -> None:
    """A speaker (or a document that spoke) is the most salient entity from here on."""
    if c.kind in ("person", "document", "institution") and (c.person_id or c.kind in ("document", "institution")):
        ctx.history.append((n, pos, c))
    if c.kind in ("person", "unlisted") and c.key:
        ctx.chain.append((n, pos, c, "speaker"))
    elif c.kind == "document" and c.person_id:
        ctx.chain.append((n, pos, c, "speaker"))


def learn_documents(ctx: Context) -> None:
    """Authors of documents: the person named with the document's first mention ("a decree signed by Putin")."""
    if not ctx.lex.document_re:
        return
    for p in ctx.article.paragraphs:
        ms = sorted(ctx.mentions_by_par.get(p.n, ()), key=lambda x: x.span.start)
        if not ms:
            continue
        starts = [x.span.start for x in ms]
        for m in ctx.lex.document_re.finditer(p.text):
            noun = m.group(1).casefold()
            if noun in ctx.document_authors:
                continue
            lo = bisect.bisect_left(starts, m.start(1) - 80)
            hi = bisect.bisect_right(starts, m.end(1) + 40)
            near = ms[lo:hi]
            # "Putin's decree", "decree signed by President Vladimir Putin", "a decree by Putin"
            own = [x for x in near if 0 <= m.start(1) - x.span.end <= 25 and re.match(r"['’]s\b", p.text[x.span.end:])]
            by = [x for x in near if 0 <= x.span.start - m.end(1) <= 40
                  and re.match(r"\s+(?:\w+\s+){0,2}?(?:by|from)\s+(?:[A-Z][\w.-]*\s+){0,3}$", p.text[m.end(1):x.span.start])]
            wrote = [x for x in near if 0 <= m.start(1) - x.span.end <= 60 and re.fullmatch(
                r"(?:['’]s)?\s+(?:has\s+|had\s+|also\s+)?(?:signed|issued|sent|wrote|published|released|approved|penned|"
                r"said\s+in|wrote\s+in|declared\s+in|announced\s+in|told\s+\w+\s+in)"
                r"\s+(?:[\w-]+\s+){0,3}", p.text[x.span.end:m.start(1)])]
            author = (own or by or wrote[-1:] or [None])[0]
            if author is not None:
                ctx.document_authors[noun] = author.person_id


def display(ctx: Context, c: Candidate) -> tuple[str | None, str | None]:
    if c.kind in ("person", "document") and c.person_id:
        return c.person_id, ctx.people[c.person_id].name
    if c.kind == "unlisted":
        return None, c.name
    if c.kind == "institution":  # one name per institution: "the Russian Foreign Ministry" is "Foreign Ministry"
        return None, institution_name(ctx, c.name or "")
    return None, None


def institution_name(ctx: Context, name: str) -> str | None:
    """The shortest name of an institution: without "the" and the lexicon's ``institution_prefixes``."""
    words = name.split()
    prefixes = {w.casefold() for w in ctx.lex.institution_prefixes} | {"the"}
    while len(words) > 1 and words[0].casefold() in prefixes:
        words = words[1:]
    out = " ".join(words)
    return out[0].upper() + out[1:] if out else None


def speaker_kind(c: Candidate | None) -> str:
    if c is None:
        return "none"
    if c.kind == "institution" or (c.kind == "document" and not c.person_id):
        return "institution"
    return "person"


# Evidence -> confidence.  Calibrated on the development corpus (doc/attribution.md).
CONFIDENCE = {
    "name+verb": "high", "unlisted+verb": "high", "according": "high", "channel": "high", "label": "high",
    "institution": "medium", "possessive": "medium", "role": "medium", "title": "high", "pronoun": "medium",
    "anaphor": "medium", "pronoun-ambiguous": "medium", "anaphor-ambiguous": "medium", "pronoun-object": "low",
    "anaphor-object": "low", "participle": "medium", "document": "medium", "carried": "low", "fuzzy": "medium",
    "carried-introduced": "medium",
}


def method_of(c: Candidate, how: str) -> str:
    """The evidence type of an attribution (``Quote.method``)."""
    if how in ("carried", "carried-introduced", "label", "according", "channel", "possessive"):
        return how
    if c.kind == "document":
        return "document"
    if c.kind == "institution":
        return "institution"
    if c.method.startswith(("pronoun", "anaphor")) or c.method in ("role", "fuzzy"):
        return c.method
    if how == "participle":
        return "participle"
    if c.kind == "unlisted":
        return "unlisted+verb"
    return "name+verb"


def confidence_of(method: str) -> str:
    return CONFIDENCE.get(method, "low")


# ---- the article --------------------------------------------------------------------------------

def _quoted_spans(article: Article, marked: list[Found]) -> dict:
    out: dict = {}
    for f in marked:
        for piece in f.pieces:
            ptext = article.paragraphs[piece.n - 1].text
            if piece.closed and piece.end > piece.start and ptext[piece.end - 1] in ".…":
                # keep the quotation's final stop visible: it may end the reporter's sentence too
                # (not "?" or "!": '"Why would we interfere?" Lavrov asked.' is one sentence)
                out.setdefault(piece.n, []).extend([(piece.start - 1, piece.end - 1), (piece.end, piece.end + 1)])
            else:
                out.setdefault(piece.n, []).append((piece.start - 1, piece.end + 1))
    return out


def _par(ctx: Context, article: Article, spans: dict, n: int) -> Par:
    par = ctx.pars.get(n)
    if par is None:
        par = build_par(ctx, n, masked(article.paragraphs[n - 1].text, spans.get(n, [])))
    return par


TITLE_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "de", "la", "or"})


def _not_a_quotation(ctx: Context, text: str, qa: int, qb: int, words: str) -> str:
    """Why quoted words are a name or a title rather than anyone's words ("" when they may be words)."""
    cue = ctx.lex.name_cue_re.search(text, max(0, qa - 40), qa) if ctx.lex.name_cue_re else None
    if cue is not None and len(words.split()) <= 8:
        return "a name or title in quotation marks"
    after = ctx.lex.name_cue_after_re.match(text, qb + 1) if ctx.lex.name_cue_after_re and text[qb:qb + 1] == " " else None
    if after is not None and len(words.split()) <= 8:
        return "a name or title in quotation marks"
    ws = words.rstrip(",.").split() if len(words.split()) > 1 else words.split()
    if 1 <= len(ws) <= 6 and not re.search(r"[.,!?;:…]$", " ".join(ws)) and ws[0][:1].isupper() and all(
            w[:1].isupper() or w.casefold() in TITLE_SMALL or not w[:1].isalpha() for w in ws) and (
            len(ws) > 1 or not ws[0].isalpha() or ws[0].isupper() or len(ws[0]) > 1 and ctx.lex.verb_re is not None):
        if len(ws) > 1 or (qa > 0 and not text[:qa].rstrip().endswith((":", ","))):
            return "a name or title in quotation marks"
    return ""


def _carried(ctx: Context, n: int, qa: int, sent: tuple[int, int]) -> Candidate | None:
    """The speaker a quotation with no attribution of its own continues: the last speaker, named in this
    paragraph or the one before, when no other person has since been a sentence's subject."""
    for hn, hpos, h, role in reversed(ctx.chain):
        if (hn, hpos) >= (n, qa) or (hn == n and sent[0] <= hpos < sent[1]):
            continue
        if n - hn > 1:
            return None
        if role == "speaker":
            return _as(h, h, "carried")
        if role == "subject":
            return None
    return None


def _introduced(ctx: Context, article: Article, spans: dict, n: int, sent: tuple[int, int]) -> Candidate | None:
    """The speaker whose words a sentence of quotation continues: the sentence before it (in this
    paragraph or the last of the paragraph before) ends with a speech verb and a colon ("Lavrov said:")."""
    par = ctx.pars[n]
    k = par.sents.index(sent) if sent in par.sents else -1
    if k > 0:
        pn, prev = n, par.sents[k - 1]
    elif n > 1:
        pn = n - 1
        prevpar = _par(ctx, article, spans, pn)
        if not prevpar.sents:
            return None
        prev = prevpar.sents[-1]
    else:
        return None
    ptext = ctx.pars[pn].text
    body = ptext[prev[0]:prev[1]].rstrip()
    if not body.endswith(":"):
        return None
    end = prev[0] + len(body) - 1
    a = attribute(ctx, pn, ptext, prev, end, end + 1)
    if a.speaker is not None or a.reason:
        return a.speaker
    # "Lavrov gave his first comment to Kommersant. I quote it:": the person the introduction is about
    r, _ = _antecedent(ctx, Candidate(end, end + 1, "pronoun", gender=None), pn, end)
    return _as(r, r, "carried-introduced") if r is not None and r.kind in ("person", "unlisted") else None


LABEL_RE = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(\s*\([^)\n]{1,40}\))?:\s+(?=[^\s\"“«„])")


def _labelled(ctx: Context, article: Article) -> list[Found]:
    """Transcript turns: a paragraph that opens with a speaker's label ("PESKOV:", "Question (Interfax):")
    is a full quotation of the rest of it.  The label must be in capitals, a question label, or a name."""
    out = []
    pending = None
    for p in article.paragraphs:
        if pending is not None:  # "Maria Zakharova:" alone on a line: this paragraph is her turn
            label, pending = pending, None
            if not LABEL_RE.match(p.text) and len(p.text.strip()) > 1 and p.text.strip()[0] not in "\"“«„":
                f = Found([Piece(p.n, 0, len(p.text.rstrip()), True)], kind="full")
                f.method, f.label, f.label_n = "label", label, p.n - 1
                out.append(f)
                continue
        alone = re.fullmatch(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}):\s*", p.text)
        if alone is not None:
            pending = alone.group(1)
            continue
        m = LABEL_RE.match(p.text)
        if m is None:
            continue
        label = m.group(1)
        if not (label.isupper() and len(label) > 1 or label in ctx.lex.question_labels
                or any(c.kind == "person" and c.method in ("name", "surname") for c in ctx.mentions_by_par.get(p.n, ())
                       if False)):
            if not any(x.span.start == 0 and x.span.end == len(label) for x in ctx.mentions_by_par.get(p.n, ())):
                continue
        end = len(p.text.rstrip())
        if end - m.end() < 2:
            continue
        f = Found([Piece(p.n, m.end(), end, True)], kind="full")
        f.method = "label"
        f.label, f.label_n = label, p.n
        out.append(f)
    return out


def _label_speaker(ctx: Context, f: Found) -> tuple[Candidate | None, str]:
    """Who a transcript label names: a listed person, an unlisted one named in full before, or no one."""
    n = f.label_n
    label = f.label
    if label in ctx.lex.question_labels or label.split()[0] in ctx.lex.question_labels:
        return None, "a question from the floor (the asker is not named)"
    for m in ctx.mentions_by_par.get(n, ()):
        if m.span.start < len(label) + 1:
            o = ctx.people[m.person_id]
            return Candidate(m.span.start, m.span.end, "person", o.id, o.name, "label", o.gender, key=o.id), ""
    rules = ctx.index.rules if ctx.index is not None else None
    last = label.split()[-1]
    key = "~" + (name_key(last, rules) if rules else last.casefold())
    if key in ctx.unlisted:
        c = ctx.unlisted[key]
        return Candidate(0, len(label), "unlisted", name=c.name, method="label", gender=c.gender, title=c.title, key=key), ""
    return None, "a transcript label that names no one the article introduced"


def find_quotes(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """All quotations and reported speech of the article, in text order, with speakers."""
    ctx = make_context(article, mentions, archive)
    learn_documents(ctx)
    marked = find_marked(article)
    labelled = _labelled(ctx, article)
    ctx.label_spans = {f.pieces[0].n: (f.pieces[0].start, f.pieces[0].end) for f in labelled}
    by_first: dict = {}
    for f in marked:
        by_first.setdefault(f.pieces[0].n, []).append(f)
    spans = _quoted_spans(article, marked)
    results: list[Found] = []
    scare_max = ctx.lex.scare_max
    for p in article.paragraphs:
        par = _par(ctx, article, spans, p.n)
        text, sents = par.text, par.sents
        here = sorted(by_first.get(p.n, []), key=lambda f: f.pieces[0].start)
        events = [(f.pieces[0].start, "quote", f) for f in here]
        events += [(f.pieces[0].start, "label", f) for f in labelled if f.pieces[0].n == p.n]
        events += [(a, "sentence", (a, b)) for a, b in sents]
        events.sort(key=lambda e: (e[0], 0 if e[1] == "sentence" else 1))
        for pos, what, obj in events:
            if what == "sentence":
                _chain_sentence(ctx, p.n, text, obj)
                inside = ctx.label_spans.get(p.n)
                if inside is None or not (inside[0] <= obj[0] < inside[1]):
                    _sentence_speakers(ctx, p.n, text, obj, results)
                continue
            if what == "label":
                c, why = _label_speaker(ctx, obj)
                if c is None:
                    obj.reason, obj.method = why, "unresolved"
                else:
                    obj.speaker_id, obj.speaker = display(ctx, c)
                    obj.speaker_kind, obj.title = speaker_kind(c), c.title if c.kind == "unlisted" else None
                    obj.method = "label"
                    obj.confidence = confidence_of("label")
                    _remember(ctx, p.n, 0, c)
                results.append(obj)
                continue
            _one_quote(ctx, article, spans, p, text, sents, obj, results, scare_max)
    return _records(article, ctx, results)


def _one_quote(ctx: Context, article: Article, spans: dict, p, text: str, sents: list, f: Found,
               results: list[Found], scare_max: int) -> None:
    qa, qb = f.pieces[0].start - 1, f.pieces[-1].end + 1
    last = f.pieces[-1]
    sent = _sentence_of(sents, qa)
    words = _words(article, f)
    nwords = len(words.split())
    why_name = _not_a_quotation(ctx, text, qa, qb, words)
    if last.n != p.n:  # runs over paragraphs: attribution may follow the last piece
        lpar = _par(ctx, article, spans, last.n)
        lsent = _sentence_of(lpar.sents, last.end)
        a = attribute(ctx, last.n, lpar.text, (lsent[0], lsent[1]), 0, min(last.end + 1, len(lpar.text)))
        if a.speaker is None and not a.reason:
            a = attribute(ctx, p.n, text, (sent[0], len(text)), qa, len(text))
        via = _via(ctx, lpar.text, lsent[0], lsent[1]) or _via(ctx, text, sent[0], qa)
    else:
        a = attribute(ctx, p.n, text, sent, qa, qb)
        via = _via(ctx, text, sent[0], sent[1])
        if why_name and a.how not in ("verb", "channel") or why_name and a.speaker is not None and not _adjacent_verb(ctx, text, qa, qb):
            f.kind, f.reason = "scare", why_name
            results.append(f)
            return
    c, how = a.speaker, a.how
    standalone = not text[sent[0]:qa].strip(" \t\"“”'‘’«»„") and not re.sub(r"[\s.,!?\"“”'‘’«»…)]", "", text[qb:sent[1]])
    if c is None and not a.reason and nwords > scare_max:
        intro = _introduced(ctx, article, spans, p.n, sent) if standalone else None
        if intro is not None:
            c, how = intro, "carried-introduced"
        else:
            introduced_here = text[sent[0]:qa].rstrip().endswith(":")
            carried = _carried(ctx, p.n, qa, sent) if (not a.verb_near or standalone) and not introduced_here else None
            if carried is not None:
                c, how = carried, "carried"
                via = None
            elif introduced_here:  # "Ryabkov gave a long answer: "..."": the clause before the colon is his
                subject = _main_subject(ctx, text, sent, [x for x in candidates(ctx, p.n, text, sent[0], qa)])
                if subject is not None:
                    r, why = resolve(ctx, subject, p.n, subject.start)
                    if r is not None and r.kind in ("person", "unlisted"):
                        c, how = r, "carried-introduced"
                    elif why:
                        a.reason = why
    if c is None or (c.kind == "document" and not c.person_id and how != "verb"):
        # no speaker: a term (scare quote) unless a speech verb stands beside it or it is a sentence of its own
        unresolved = bool(a.reason) or _beside_speech_verb(ctx, text, qa, qb) or (nwords > scare_max and words[:1].isupper())
        if c is None and not unresolved:
            f.kind, f.reason = "scare", why_name or "a term in quotation marks, no one is quoted as saying it"
        else:
            f.kind = _kind(article, f, text, sent, qa)
            f.reason = a.reason or ("the text does not say who said it" if c is None else "a document whose author is not named")
            f.method = "unresolved"
            if a.reason:  # its speaker is someone unnamed: the next quotation does not carry an earlier speaker
                ctx.chain.append((p.n, qa, Candidate(qa, qb, "anonymous", reason=a.reason, key=f"?{p.n}:{qa}"), "speaker"))
            if c is not None:
                f.document = c.document
                f.speaker_kind = "institution"
        results.append(f)
        return
    f.kind = _kind(article, f, text, sent, qa) if last.n == p.n else ("full" if words[:1].isupper() else "partial")
    f.speaker_id, f.speaker = display(ctx, c)
    f.speaker_kind = speaker_kind(c)
    f.title = c.title if c.kind == "unlisted" else None
    f.via = via
    f.method = method_of(c, how)
    f.confidence = confidence_of(f.method)
    if c.kind == "document":
        f.document = c.document
    if how not in ("carried", "possessive"):
        _remember(ctx, p.n, qa, c)
    results.append(f)


def _adjacent_verb(ctx: Context, text: str, qa: int, qb: int) -> bool:
    """A speech verb right before the quotation (``said: "..."``, ``said "..."``) or right after it."""
    return _beside_speech_verb(ctx, text, qa, qb)


def _beside_speech_verb(ctx: Context, text: str, qa: int, qb: int) -> bool:
    """Is the quotation ``text[qa:qb]`` (marks included) attributed by its shape: a speech verb within
    a few words after it ('"...," he said') or right before it ('told reporters: "..."')?"""
    if not ctx.lex.verb_re:
        return False
    after = re.match(r"[\s,]*((?:[\w'’.-]+\s+){0,4}[\w'’-]+)", text[qb:qb + 60])
    if after and any(ctx.lex.verb_re.fullmatch(w) for w in after.group(1).split()):
        return True
    before = re.search(r"([\w'’-]+)(?:\s+(?:reporters|journalists))?\s*[:,]?\s*$", text[max(0, qa - 60):qa])
    return bool(before and ctx.lex.verb_re.fullmatch(before.group(1)))


def _words(article: Article, f: Found) -> str:
    return " ".join(article.paragraphs[x.n - 1].text[x.start:x.end].strip() for x in f.pieces)


SAYING_LAST = {"saying", "said", "says", "added", "adding", "told", "wrote", "writing", "declared", "stated", "replied",
               "asked", "reporters", "journalists", "tweeted", "posted", "quipped", "continued", "noted", "stressed"}


def _kind(article: Article, f: Found, text: str, sent: tuple[int, int], qa: int) -> str:
    words = _words(article, f).lstrip("…. ")
    if not words or not (words[0].isupper() or words[0].isdigit()):
        return "partial"
    pre = text[sent[0]:qa].rstrip()
    if not pre or pre.endswith(":") or pre.endswith(MASK + ","):
        return "full"
    last = re.search(r"([\w'’-]+)\s*,?$", pre)
    if last and last.group(1).lower() in SAYING_LAST:
        return "full"
    return "partial"


def _speaks(r: Candidate | None) -> bool:
    """Can ``r`` be shown as the speaker of reported words?  A person, an unlisted name, an institution,
    or a document whose author is known."""
    return r is not None and (r.kind in ("person", "unlisted", "institution") or (r.kind == "document" and bool(r.person_id)))


def _sentence_speakers(ctx: Context, n: int, text: str, sent: tuple[int, int], results: list[Found]) -> None:
    """Reported speech in one sentence, and the speakers it introduces (for he/she later)."""
    lex = ctx.lex
    if not lex.report_re and not lex.verb_re:
        return
    cands = candidates(ctx, n, text, sent[0], sent[1])
    if _source_phrase(ctx, n, text, sent, cands, results) or _parenthetical(ctx, n, text, sent, cands, results):
        return
    for v in (lex.report_re.finditer(text, sent[0], sent[1]) if lex.report_re else ()):
        if MASK in v.group(0):
            continue
        if _verb_is_participle(v.group(1)) and not re.search(r"\bas\s+$", text[sent[0]:v.start(1)]):
            continue  # "..., saying" belongs to the sentence's own verb; "was quoted as saying that" does not
        subject = subject_of_verb(ctx, n, text, sent, v, cands, False)
        if subject is None:
            continue
        r, _ = resolve(ctx, subject, n, subject.start)
        if r is None:
            continue
        if r.kind in ("person", "document", "unlisted"):
            _remember(ctx, n, subject.start, r)
        clause = _reported_clause(ctx, text, sent, v, cands)
        if clause is None:
            continue
        if r.kind == "institution" or (r.kind == "document" and not r.person_id):
            # "A Kremlin readout said that Putin ... expressed confidence that ...": the person's words, relayed
            inner = _inner_report(ctx, n, text, (v.end(1), clause[1]), cands)
            if inner is not None:
                r, clause = inner
        if clause[1] - clause[0] < 12 or not _speaks(r):
            continue
        if len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " "))) < 2:
            continue  # the clause is a quotation, not the reporter's words
        _add_reported(ctx, n, text, clause, r, "verb", results)
        break
    _participles(ctx, n, text, sent, cands, results)


CLAUSE_START = re.compile(r"\s+(?=(?:he|she|it|they|we|there|the|his|her|its|[A-Z][\w'’-]+\s+(?:is|was|would|will|had|has|"
                          r"wanted|could|should|must|might|did|does|do|are|were|cannot|can)\b))")


def _participles(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                 results: list[Found]) -> None:
    """", adding that ...", ", saying Russia was ready ...": more words of the sentence's subject."""
    lex = ctx.lex
    if not lex.verb_re or not cands:
        return
    for v in lex.verb_re.finditer(text, sent[0], sent[1]):
        if not _verb_is_participle(v.group(1)) or MASK in v.group(0):
            continue
        subject = _main_subject(ctx, text, sent, [c for c in cands if c.end <= v.start(1)])
        if subject is None or subject.kind in ("anonymous", "agency"):
            continue
        if not re.search(r"[,\u2063]\s*$", text[sent[0]:v.start(1)]):  # after a comma (or a quotation's ',"')
            continue
        rest = text[v.end(1):sent[1]]
        m = re.match(r"\s+(?:only\s+)?that\s+", rest)
        if m is None and v.group(1).casefold() == "saying":
            m = CLAUSE_START.match(rest)
        if m is None:
            continue
        r, _ = resolve(ctx, subject, n, subject.start)
        clause = (v.end(1) + m.end(), _clause_end(text, sent))
        if not _speaks(r) or clause[1] - clause[0] < 12:
            continue
        if len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " "))) < 2:
            continue  # the clause is a quotation, not the reporter's words
        done = ctx.reported_at.get(n, [])
        k = bisect.bisect_right(done, (clause[0], float("inf")))
        if k and done[k - 1][1] > clause[0]:
            continue  # already reported by the sentence's own verb
        _add_reported(ctx, n, text, clause, r, "participle", results)


def _adverbial(ctx: Context, words: str) -> bool:
    """Words of a time adverbial between a verb and its clause ("on Friday", "late on Monday")."""
    ws = re.findall(r"[\w'’-]+", words)
    return bool(ws) and all(w.casefold() in ctx.lex.gap_words or w.casefold() in ctx.lex.non_names for w in ws)


def _reported_clause(ctx: Context, text: str, sent: tuple[int, int], v: re.Match, cands: list[Candidate]) -> tuple[int, int] | None:
    """The words a reporting verb introduces: after "that", or a clause that starts right after the verb."""
    rest = text[v.end(1):sent[1]]
    m = re.match(r"(?:\s+[\w'’-]+){0,8}?\s+that\s+", rest)
    lead = 0
    if m is None and v.group(1).casefold() in ctx.lex.addressee_verbs:
        audience = ctx.lex.audience_re.match(rest) if ctx.lex.audience_re else None
        if audience is None:
            return None  # "told the Security Council.": the person spoken to, not the words
        lead = audience.end()  # "told journalists it was too early": an audience, then the words
    if m is None:
        skip = re.match(r"(?:\s+(?:on|in|at|last|this|late|early)?\s*[\w'’-]+){0,3}?(?=\s)", rest[lead:])
        for k in (0, skip.end() if skip else 0):  # "said on Friday he would": a time or place first
            m = CLAUSE_START.match(rest, lead + k) if not k or _adverbial(ctx, rest[lead:lead + k]) else None
            if m is not None:
                break
        if m is None:
            if not [c for c in cands if c.kind == "person" and c.start == v.end(1) + 1]:
                return None
            m = re.match(r"\s+", rest)
    return v.end(1) + m.end(), _clause_end(text, sent)


def _inner_report(ctx: Context, n: int, text: str, clause: tuple[int, int],
                  cands: list[Candidate]) -> tuple[Candidate, tuple[int, int]] | None:
    """A person reporting in the words after an institution's or a document's verb (``clause``, from the
    verb's end): "A Kremlin readout said that Putin ... expressed confidence that X" -> (Putin, X)."""
    inside = [c for c in cands if c.start >= clause[0]]
    for v in ctx.lex.report_re.finditer(text, clause[0], clause[1]):
        if MASK in v.group(0) or _verb_is_participle(v.group(1)):
            continue
        subject = subject_of_verb(ctx, n, text, clause, v, inside, False)
        r = resolve(ctx, subject, n, subject.start)[0] if subject is not None else None
        if r is None or r.kind != "person":
            continue
        inner = _reported_clause(ctx, text, (clause[0], clause[1]), v, inside)
        if inner is not None:
            _remember(ctx, n, subject.start, r)
            return r, (inner[0], clause[1])
    return None


def _source_phrase(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                   results: list[Found]) -> bool:
    """"According to X, ..." and "..., under terms of a decree signed by X." (``source_phrases``): X says the rest.

    X is the first person, unlisted name, institution or document after the phrase; a news agency there
    is only ``via`` (the verb, if any, names the speaker).  True when reported speech was added."""
    for m in ctx.lex.source_re.finditer(text, sent[0], sent[1]) if ctx.lex.source_re else ():
        after = [c for c in cands if c.start >= m.end(1) and c.kind != "pronoun"]
        if not after or not re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,3}?", text[m.end(1):after[0].start]):
            continue
        c = after[0]
        r = resolve(ctx, c, n, c.start)[0] if c.kind not in ("agency", "anonymous") else None
        if not _speaks(r):
            continue
        if not text[sent[0]:m.start(1)].strip():  # leading: "According to the Kremlin, ..."
            comma = text.find(",", c.end, sent[1])
            if comma < 0:
                continue
            clause = (comma + 1, _clause_end(text, sent))
        else:  # trailing: "..., under terms of a decree signed by ..."
            before = text[sent[0]:m.start(1)].rstrip()
            if not before.endswith(","):
                continue
            clause = (sent[0], sent[0] + len(before) - 1)
        if clause[1] - clause[0] < 12 or len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " "))) < 2:
            continue
        if r.kind in ("person", "document", "unlisted"):
            _remember(ctx, n, c.start, r)
        _add_reported(ctx, n, text, clause, r, "according", results)
        return True
    return False


def _parenthetical(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                   results: list[Found]) -> bool:
    """Speech verbs set off by commas: "..., his spokesman said." at the end of the sentence, or
    "In the Middle East, it said, Russia would ..." inside it.  True when reported speech was added."""
    if MASK in text[sent[0]:sent[1]] or not ctx.lex.report_re:
        return False  # a sentence with quotation marks: its quotations carry the speakers
    for v in ctx.lex.report_re.finditer(text, sent[0], sent[1]):
        if _verb_is_participle(v.group(1)):
            continue
        tail = text[v.end(1):sent[1]]
        final = re.fullmatch(r"(?:\s+(?:reporters|journalists))?(?:\s+(?:on\s+)?\w+day)?[.!]?\s*", tail)
        middle = None if final else re.match(r"\s*,\s+(?=\S)", tail)
        if not final and not middle:
            continue
        subj = [c for c in cands if c.end <= v.start(1) and c.kind in ("person", "pronoun", "unlisted", "institution", "document", "anaphor")
                and re.fullmatch(r"\s+(?:also\s+|later\s+|then\s+)?", text[c.end:v.start(1)])]
        if not subj:
            continue
        c = subj[-1]
        lead = re.search(r",\s+(?:[\w'’-]+\s+){0,4}?$", text[sent[0]:c.start])  # ", his spokesman" / ", it"
        if lead is None:
            continue
        r, _ = resolve(ctx, c, n, c.start)
        if not _speaks(r):
            continue
        if final:
            clause = (sent[0], sent[0] + lead.start())
        else:
            clause = (v.end(1) + middle.end(), _clause_end(text, sent))
        if clause[1] - clause[0] < 12:
            continue
        if r.kind in ("person", "document", "unlisted"):
            _remember(ctx, n, c.start, r)
        _add_reported(ctx, n, text, clause, r, "verb", results)
        return True
    return False


def _clause_end(text: str, sent: tuple[int, int]) -> int:
    end = sent[1]
    while end > sent[0] and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return end


def _add_reported(ctx: Context, n: int, text: str, clause: tuple[int, int], c: Candidate, how: str,
                  results: list[Found]) -> None:
    a, b = clause
    while a < b and text[a].isspace():
        a += 1
    dateline = re.match(r"[A-Z][A-Z .,]{2,40}\s[-–—]+\s", text[a:b])
    if dateline:
        a += dateline.end()
    tail = re.search(r",\s*(?:according to|as cited by|[A-Z][\w ]{0,30} reported)\b[^,]*$", text[a:b])
    if tail:
        b = a + tail.start()
    cut = re.search(r",\s+(?:saying|adding|noting|calling|stressing|writing|telling)\b", text[a:b])
    if cut:
        b = a + cut.start()
    colon = re.search(r":\s*\u2063", text[a:b])  # a colon before a quotation: what follows is direct speech
    if colon:
        b = a + colon.start()
    if b - a < 12:
        return
    f = Found([Piece(n, a, b, True)], reported=True, kind="reported")
    f.speaker_id, f.speaker = display(ctx, c)
    f.speaker_kind = speaker_kind(c)
    f.title = c.title if c.kind == "unlisted" else None
    sent = _sentence_of(ctx.pars[n].sents, a)
    f.via = _via(ctx, text, sent[0], max(sent[1], b))
    f.method = method_of(c, how)
    f.confidence = confidence_of(f.method)
    if c.kind == "document":
        f.document = c.document
    bisect.insort(ctx.reported_at.setdefault(n, []), (a, b))
    results.append(f)


def _records(article: Article, ctx: Context, results: list[Found]) -> tuple[tuple[Quote, ...], list[Problem]]:
    quotes: list[Quote] = []
    used: dict[str, int] = {}
    problems: list[Problem] = []
    for f in sorted(results, key=lambda f: (f.pieces[0].n, f.pieces[0].start, -f.pieces[-1].end)):
        words = _words(article, f)
        if not words.strip():
            continue
        if f.reported and f.speaker is None:
            continue
        base = quote_id(article.id, words)
        used[base] = used.get(base, 0) + 1
        ident = base if used[base] == 1 else f"{base}-{used[base]}"
        spans = tuple(TextSpan(x.n, x.start, x.end) for x in f.pieces)
        role = role_on(ctx.people[f.speaker_id], article.date) if f.speaker_id else None
        scare = f.kind == "scare"
        quotes.append(Quote(id=ident, article_id=article.id, text=words, kind=f.kind, spans=spans,
                            speaker_id=None if scare else f.speaker_id, speaker=None if scare else f.speaker,
                            via=None if scare else f.via, confidence="none" if scare else f.confidence if f.speaker else "low",
                            role=role, document=None if scare else f.document, method=f.method,
                            speaker_kind="none" if scare or not f.speaker else f.speaker_kind,
                            unattributed_reason=f.reason or None if scare or not f.speaker else None,
                            speaker_title=None if scare else f.title))
    return tuple(quotes), problems


def _short(words: str) -> str:
    w = " ".join(words.split()[:6])
    return f"“{w}…”" if len(words.split()) > 6 else f"“{w}”"


# ---- editors' decisions (sidecar ``quotes:``) and the review list ------------------------------

def apply_overrides(article: Article, quotes: tuple[Quote, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """Apply the sidecar's ``quotes:`` entries: accept, reject, set speaker/kind/via, add a missed one."""
    entries = article.sidecar.get("quotes") or []
    if not entries:
        return quotes, []
    rel = f"articles/{article.sidecar_name or article.source_file}"
    lines = article.sidecar_lines
    people = {o.id: o for o in archive.officials}
    by_id = {q.id: q for q in quotes}
    out = list(quotes)
    problems: list[Problem] = []
    for i, e in enumerate(entries):
        line = lines.get(f"/quotes/{i}/id") or lines.get(f"/quotes/{i}/text") or lines.get(f"/quotes/{i}")
        speaker_id, speaker = None, None
        if "speaker" in e:
            if e["speaker"] in people:
                speaker_id, speaker = e["speaker"], people[e["speaker"]].name
            elif re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", e["speaker"]):
                problems.append(Problem(rel, lines.get(f"/quotes/{i}/speaker", line),
                                        f"speaker {e['speaker']!r} is not an ID in officials.yml; use a gazetteer ID "
                                        "or write the person's name"))
                continue
            else:
                speaker = e["speaker"]
        if "id" in e:
            q = by_id.get(e["id"])
            if q is None:
                known = ", ".join(f"{x.id} ({_short(x.text)})" for x in quotes[:8]) or "none"
                problems.append(Problem(rel, line, f"no quotation {e['id']} in this article; its quotations are: {known}"))
                continue
            k = out.index(q)
            if e.get("reject"):
                out.pop(k)
                continue
            changes: dict = {"reviewed": True}
            if "speaker" in e:
                changes.update(speaker_id=speaker_id, speaker=speaker, method="editor", confidence="high",
                               role=role_on(people[speaker_id], article.date) if speaker_id else None)
            if "kind" in e:
                changes["kind"] = e["kind"]
            if "via" in e:
                changes["via"] = e["via"]
            out[k] = _replace(q, **changes)
            continue
        words = e["text"]
        spans = _locate(article, words)
        if not spans:
            problems.append(Problem(rel, line, f"the words {_short(words)} are not in the article's text; copy them exactly "
                                               "(without the quotation marks)"))
            continue
        out.append(Quote(id=quote_id(article.id, words), article_id=article.id, text=words, kind=e.get("kind", "full"),
                         spans=spans, speaker_id=speaker_id, speaker=speaker, via=e.get("via"), confidence="high",
                         role=role_on(people[speaker_id], article.date) if speaker_id else None, reviewed=True,
                         method="editor"))
    out.sort(key=lambda q: (q.spans[0].paragraph, q.spans[0].start, -q.spans[-1].end))
    return tuple(out), problems


def _replace(q: Quote, **changes) -> Quote:
    import dataclasses

    return dataclasses.replace(q, **changes)


def _locate(article: Article, words: str) -> tuple[TextSpan, ...]:
    """Where ``words`` stand in one paragraph, or over consecutive paragraphs (pieces joined by a space;
    the opening quotation mark of a continuation paragraph is not part of the words)."""
    for p in article.paragraphs:
        k = p.text.find(words)
        if k >= 0:
            return (TextSpan(p.n, k, k + len(words)),)
    paragraphs = article.paragraphs
    for i, p in enumerate(paragraphs[:-1]):
        text = p.text.rstrip()
        k = text.find(words[:12])
        while k >= 0:
            rest = words[len(text) - k:]
            if words.startswith(text[k:]) and rest.startswith(" "):
                spans = [TextSpan(p.n, k, len(text))]
                for q in paragraphs[i + 1:]:
                    rest = rest[1:]
                    start = len(q.text) - len(q.text.lstrip(" \"“‘'«"))
                    body = q.text[start:].rstrip()
                    if body.startswith(rest):
                        return (*spans, TextSpan(q.n, start, start + len(rest)))
                    if not (rest.startswith(body) and rest[len(body):].startswith(" ")):
                        break
                    spans.append(TextSpan(q.n, start, start + len(body)))
                    rest = rest[len(body):]
            k = text.find(words[:12], k + 1)
    return ()


def officials_entry(q: Quote) -> str:
    """A ready-to-paste ``officials.yml`` entry (one line of YAML) for an unlisted speaker: name and the
    title the text gives; the editor completes gender, description and sources."""
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", q.speaker).encode("ascii", "ignore").decode().lower()).strip("-")
    description = (q.speaker_title or "TODO: who this is").replace('"', "'")
    return (f'- {{id: {slug}, name: {q.speaker}, gender: null, russian_official: false, description: "{description}", '
            f"memberships: [], sources: [TODO]}}")


def review_problems(article: Article, quotes: tuple[Quote, ...], archive: Archive) -> list[Problem]:
    """The review list: unlisted speakers and low-confidence attributions an editor has not confirmed."""
    rel = f"articles/{article.source_file}"
    inst = {w.casefold() for w in (archive.lexicon or {}).get("institutions", ())}
    problems = []
    for q in quotes:
        if q.reviewed or q.kind == "scare":
            continue
        p = article.paragraphs[q.spans[0].paragraph - 1]
        line = p.lines[0] if p.lines else None
        if q.speaker and not q.speaker_id and q.speaker_kind == "person" and q.speaker.casefold() not in inst \
                and q.document is None:
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker!r} is not in "
                                               "officials.yml (unlisted speaker); add the person, or set the speaker "
                                               f"in the sidecar's quotes: -- officials.yml entry: {officials_entry(q)}",
                                    severity="review"))
        elif q.speaker is None and q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): no speaker found (a speech verb "
                                               "stands beside it, but not who spoke); set the speaker in the sidecar's "
                                               "quotes:", severity="review"))
        elif q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker or 'unknown'!r} "
                                               "guessed from the sentences before (low confidence); accept it or set "
                                               "the speaker in the sidecar's quotes:", severity="review"))
    return problems
