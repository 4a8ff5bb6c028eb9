"""Quotations and reported speech, with their speakers.

Pure.  ``find_quotes(article, mentions, archive)`` returns the article's quotations in text order
and the problems for an editor.  The steps:

1. **Marks.**  Straight and curly double quotation marks (and guillemets) are paired per
   paragraph; a straight ``"`` opens after a space or at the start and closes after a word.  A
   quotation left open at the end of a paragraph continues into the next one when that one opens
   with a quotation mark (the convention for a quotation over several paragraphs) or starts in
   lower case (a scrape that split a sentence).  Single quotation marks are paired only outside
   double ones (a nested quotation is part of its quotation's words); apostrophes are not marks.
2. **Sentences.**  The reporter's sentence around each quotation is found with quoted words masked,
   so a full stop inside a quotation never ends the reporter's sentence.
3. **Speaker.**  In that sentence: a possessive utterance ("Romney's comment that ..."),
   "according to <person>", or a speech verb (``lexicon.yml``) and its subject: the name right after
   the verb when the verb follows the quotation (``"...," said Peskov``), the subject of the sentence
   for an ``-ing`` form (``Lavrov said ..., saying "..."``, ``Peskov was quoted as saying``), else the
   nearest person, pronoun, role noun or document before the verb.  ``he``/``she`` is the last
   speaker of that gender; ``the decree`` is spoken by its author (the person named with it).  News
   agencies are recorded as ``via``, never as the speaker.  A quotation with no speaker in its
   sentence is a ``scare`` quote if short, else it continues the previous speaker (low confidence).
4. **Kind.**  ``full``: starts with a capital and stands as its own sentence (at the start of the
   reporter's sentence, after a colon or right after the speech verb); ``partial``: a fragment
   inside the reporter's sentence; ``scare``: a term with no speaker; ``reported``: indirect speech
   (``X said that ...``, ``according to X, ...``).
5. **Identity.**  ``q-`` + 10 hex digits of SHA-256 over the article ID followed by the NFC,
   whitespace-normalised words; a second identical quotation in one article gets ``-2``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from annals.annotate.mentions import role_on
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


def _double_marks(text: str) -> list[tuple[int, str]]:
    """(position, 'open'|'close') of each double quotation mark."""
    marks = []
    for i, ch in enumerate(text):
        if ch in DOUBLE_OPEN:
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
        open_at = None
        doubles: list[tuple[int, int]] = []
        for pos, kind in marks:
            if kind == "open" and open_at is None:
                open_at = pos
            elif kind == "close" and open_at is not None:
                if pos - open_at > 1:
                    doubles.append((open_at + 1, pos))
                    found.append(Found([Piece(p.n, open_at + 1, pos, True)]))
                open_at = None
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
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = MASK
    return "".join(chars)


SENT_END = re.compile(r"[.!?…][\"”’'»)\u2063]*(?=\s+(?:[\"“‘'«(]?[A-Z0-9]|\u2063))")


def sentences(masked_text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph whose quoted words are masked."""
    out = []
    start = 0
    for m in SENT_END.finditer(masked_text):
        if m.group(0) == ".":
            tok = re.search(r"(\S+)$", masked_text[:m.start() + 1]).group(1).rstrip(".").lstrip("(\"“")
            if tok.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", tok):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(masked_text) and masked_text[start].isspace():
            start += 1
    out.append((start, len(masked_text)))
    return [(a, b) for a, b in out if b > a]


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in sents:
        if a <= pos < b or pos == b:
            return a, b
    return sents[-1] if sents else (0, 0)


# ---- step 3: speakers --------------------------------------------------------------------------

@dataclass(slots=True)
class Candidate:
    """Something that can be the subject of a speech verb."""

    start: int
    end: int
    kind: str
    """``person`` (gazetteer), ``unlisted`` (a name not in the gazetteer), ``pronoun``, ``document``, ``institution``."""
    person_id: str | None = None
    name: str | None = None
    method: str = ""
    gender: str | None = None
    document: str | None = None
    """The document noun, for a document resolved to its author."""


@dataclass(slots=True)
class Context:
    """What the speaker finder knows about one article."""

    article: Article
    archive: Archive
    mentions_by_par: dict
    people: dict
    lex: dict
    verb_re: re.Pattern | None
    report_re: re.Pattern | None
    agency_re: re.Pattern | None
    document_re: re.Pattern | None
    institution_re: re.Pattern | None
    utterance_re: re.Pattern | None
    passive_re: re.Pattern | None
    source_re: re.Pattern | None
    addressee_verbs: set
    gap_words: set
    history: list = field(default_factory=list)
    """(paragraph, position, Candidate resolved to a person or document author) in text order."""
    document_authors: dict = field(default_factory=dict)
    """document noun -> person ID of its author."""


def _words_re(words, flags=re.IGNORECASE, suffix="") -> re.Pattern | None:
    words = [w for w in words or () if w]
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])({alt}){suffix}(?![\w-])", flags)


def make_context(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> Context:
    lex = archive.lexicon or {}
    by_par: dict = {}
    for m in mentions:
        by_par.setdefault(m.span.paragraph, []).append(m)
    return Context(
        article=article, archive=archive, mentions_by_par=by_par, people={o.id: o for o in archive.officials}, lex=lex,
        verb_re=_words_re(lex.get("speech_verbs")),
        report_re=_words_re(lex.get("reporting_verbs")),
        agency_re=_words_re(lex.get("agencies"), flags=0),
        document_re=_words_re(lex.get("documents")),
        institution_re=_words_re(lex.get("institutions"), flags=0),
        utterance_re=_words_re(lex.get("utterance_nouns")),
        passive_re=_words_re(lex.get("passive_phrases")),
        source_re=_words_re(lex.get("source_phrases")),
        addressee_verbs={w.casefold() for w in lex.get("addressee_verbs", ())},
        gap_words={w.casefold() for w in lex.get("subject_gap_words", ())},
    )


UNLISTED = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:\s+(?:(?:von|van|de|der|al|bin|la|le)\s+)?[A-Z][a-z'’-]+){1,2})(?![\w-])")
NOT_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "While", "When", "After", "Before", "Russian", "Russia",
             "Russians", "American", "U", "US", "United", "States", "Kremlin", "Foreign", "Ministry", "State",
             "President", "Prime", "Minister", "Moscow", "Washington", "White", "House", "Federation", "Council",
             "Duma", "Security", "Former", "Deputy", "Speaker", "Republican", "Democratic", "Electoral", "College",
             "Eastern", "Western", "North", "South", "Middle", "East", "Central", "European", "Union", "Soviet",
             "Commonwealth", "Independent", "Group", "Eight", "Related", "Original", "Ukraine", "Crimea", "Syria",
             "Capitol", "Hill", "Telegram", "Seoul", "Korea", "Libyan", "Syrian", "Asia", "Europe", "Royal",
             "Institute", "Services", "Department", "Agency", "International", "Development", "Nations", "Affairs",
             "Committee", "Economic", "National", "General", "Secretary", "Ambassador", "Senator", "Governor",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
             "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
             "According", "Based", "Indeed", "Throughout", "Recently", "Relations", "Ties", "Closer", "Many", "Other",
             "Now", "It", "He", "She", "They", "We", "I", "Those", "This", "That", "There", "Toxic", "Banderite",
             "Given", "His", "Her", "Our", "Their", "Its", "Mr", "Mrs", "Ms", "Dr", "News", "TV", "Channel"}


def candidates(ctx: Context, n: int, text: str, lo: int, hi: int) -> list[Candidate]:
    """Possible subjects in ``text[lo:hi]`` of paragraph ``n`` (quoted words are masked in ``text``)."""
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for m in ctx.mentions_by_par.get(n, ()):
        if lo <= m.span.start and m.span.end <= hi and MASK not in text[m.span.start:m.span.end]:
            out.append(Candidate(m.span.start, m.span.end, "person", m.person_id, ctx.people[m.person_id].name,
                                 m.method, ctx.people[m.person_id].gender))
            taken.append((m.span.start, m.span.end))
    seg = text[lo:hi]
    for m in re.finditer(r"(?<![\w-])(he|she|it|He|She|It)(?![\w'’-])", seg):
        out.append(Candidate(lo + m.start(), lo + m.end(), "pronoun", gender=PRONOUNS[m.group(1).lower()]))
    for regex, kind in ((ctx.document_re, "document"), (ctx.institution_re, "institution"), (ctx.agency_re, "agency")):
        for m in regex.finditer(seg) if regex else ():
            a, b = lo + m.start(1), lo + m.end(1)
            if all(b <= x or a >= y for x, y in taken):
                out.append(Candidate(a, b, kind, name=m.group(1)))
                taken.append((a, b))
    for m in UNLISTED.finditer(seg):
        a, b = lo + m.start(1), lo + m.end(1)
        words = m.group(1).split()
        if words[0] in NOT_NAMES or words[-1] in NOT_NAMES or any(w in NOT_NAMES for w in words):
            continue
        if all(b <= x or a >= y for x, y in taken):
            out.append(Candidate(a, b, "unlisted", name=m.group(1), method="unlisted"))
            taken.append((a, b))
    return sorted(out, key=lambda c: c.start)


def _gap_ok(ctx: Context, gap: str) -> bool:
    """May ``gap`` stand between a subject and its verb?  ("also", an appositive ", the head of ..., ")."""
    g = gap.strip()
    g = re.sub(r"^['’]s\b", "", g).strip()
    if not g:
        return True
    if g.startswith(",") and g.endswith(","):
        return MASK not in g and len(g) < 160
    words = re.findall(r"[\w'’-]+", g)
    if len(words) > 4 or re.search(r"[,;:]", g):
        return False
    return all(w.casefold() in ctx.gap_words for w in words)


def resolve(ctx: Context, c: Candidate, n: int, pos: int) -> Candidate | None:
    """A candidate made concrete: a pronoun becomes the last speaker that fits; a document its author."""
    if c.kind in ("person", "unlisted"):
        return c
    if c.kind == "pronoun":
        for hn, hpos, h in reversed(ctx.history):
            if (hn, hpos) >= (n, pos):
                continue
            if c.gender == "thing" and h.kind == "document":
                return h
            if c.gender != "thing" and h.kind == "person" and h.gender == c.gender:
                return Candidate(c.start, c.end, "person", h.person_id, h.name, "pronoun", h.gender)
        if c.gender == "thing":  # no document has spoken yet: the last one named before, if its author is known
            doc = _last_document(ctx, n, pos)
            if doc is not None:
                author = ctx.document_authors[doc]
                return Candidate(c.start, c.end, "document", author, ctx.people[author].name, "document",
                                 ctx.people[author].gender, document=doc)
        if c.gender in ("male", "female"):  # nobody has spoken yet: the last person of that gender named before
            for m in reversed([m for par, ms in ctx.mentions_by_par.items() for m in ms]):
                if (m.span.paragraph, m.span.start) < (n, pos) and ctx.people[m.person_id].gender == c.gender:
                    return Candidate(c.start, c.end, "person", m.person_id, ctx.people[m.person_id].name, "pronoun",
                                     c.gender)
        return None
    if c.kind == "document":
        author = ctx.document_authors.get(c.name.casefold())
        if author:
            return Candidate(c.start, c.end, "document", author, ctx.people[author].name, "document",
                             ctx.people[author].gender, document=c.name.lower())
        return Candidate(c.start, c.end, "document", None, None, "document", document=c.name.lower())
    if c.kind == "institution":
        return c
    return None


def _last_document(ctx: Context, n: int, pos: int) -> str | None:
    """The document noun named last before paragraph ``n``, offset ``pos``, whose author is known."""
    if not ctx.document_re:
        return None
    for p in reversed(ctx.article.paragraphs[:n]):
        limit = pos if p.n == n else len(p.text)
        for m in reversed(list(ctx.document_re.finditer(p.text, 0, limit))):
            if m.group(1).casefold() in ctx.document_authors:
                return m.group(1).casefold()
    return None


def _verb_is_participle(word: str) -> bool:
    return word.lower().endswith("ing")


def subject_of_verb(ctx: Context, n: int, text: str, sent: tuple[int, int], verb: re.Match,
                    cands: list[Candidate], after_quote: bool) -> Candidate | None:
    """The subject of the speech verb ``verb`` within the sentence ``sent``."""
    vs, ve = verb.start(1), verb.end(1)
    people = [c for c in cands if c.kind != "agency"]
    # "...," said Peskov / said Kremlin spokesman Dmitry Peskov / said he
    if after_quote:
        right = [c for c in people if c.start >= ve and c.start - ve <= 60]
        for kinds in (("person", "unlisted", "pronoun"), ("institution", "document")):
            for c in right:
                if c.kind not in kinds:
                    continue
                between = text[ve:c.start]
                if re.fullmatch(r"[\s,]*(?:(?:the\s+)?[A-Za-z'’.-]+\s+){0,5}", between) and MASK not in between:
                    if c.kind != "document" or not between.strip():
                        return c
    left = [c for c in people if c.end <= vs and c.start >= sent[0] and MASK not in text[c.end:vs]]
    if _verb_is_participle(verb.group(1)) and left:
        # "Lavrov said ..., saying" / "Peskov was quoted as saying": the subject of the sentence
        subject = [c for c in left if c.kind in ("person", "unlisted", "pronoun", "document")]
        if subject:
            return subject[0]
    for kinds in (("person", "unlisted", "pronoun", "document"), ("institution",)):
        for c in reversed(left):  # nearest first; an institution only when no person fits
            if c.kind in kinds and _gap_ok(ctx, text[c.end:vs]):
                return c
    first = next((c for c in left if c.kind in ("person", "unlisted", "pronoun", "document")), None)
    if first is not None:
        gap = text[first.end:vs]
        # "Putin wished Biden success and expressed ...": the sentence's subject, across a short object
        # (a longer one when a verb phrase before it ends in "and": "wished the President-elect every success and")
        limit = 8 if re.search(r"\band\s*$", gap) else 5
        if MASK not in gap and not re.search(r"[,;:]|\b(?:who|which|that|whom|whose)\b", gap) and len(gap.split()) <= limit:
            return first
    return None


def _via(ctx: Context, text: str, lo: int, hi: int, exclude: tuple[int, int] | None = None) -> str | None:
    for m in ctx.agency_re.finditer(text, lo, hi) if ctx.agency_re else ():
        if exclude and exclude[0] <= m.start(1) < exclude[1]:
            continue
        return m.group(1)
    return None


def attribute(ctx: Context, n: int, text: str, sent: tuple[int, int], qa: int, qb: int) -> tuple[Candidate | None, str]:
    """Speaker of the quotation at ``text[qa:qb]`` (marks included) in sentence ``sent``; (candidate, how)."""
    cands = candidates(ctx, n, text, sent[0], sent[1])
    pre = text[sent[0]:qa]
    # "Romney's comment ... that ...": the owner of the words
    if ctx.utterance_re:
        for c in reversed([c for c in cands if c.kind == "person" and c.end <= qa]):
            tail = text[c.end:qa]
            m = re.match(r"['’]s\s+(?:[\w-]+\s+){0,3}?", tail)
            if m and ctx.utterance_re.match(tail, m.end()) and MASK not in tail:
                return c, "possessive"
    # "Peskov: "..."": a name alone before a colon (interviews, transcripts)
    for c in cands:
        if c.kind in ("person", "unlisted") and not text[sent[0]:c.start].strip() and re.fullmatch(r"\s*:\s*", text[c.end:qa]):
            return c, "verb"
    m = re.search(r"\baccording to\s*$", text[sent[0]:cands[0].start]) if cands else None
    for c in cands:
        if c.kind in ("person", "unlisted") and re.search(r"\b[Aa]ccording to\s+$", text[max(sent[0], c.start - 20):c.start]):
            return c, "according"
    del m, pre
    verbs = [v for v in ctx.verb_re.finditer(text, sent[0], sent[1])] if ctx.verb_re else []
    verbs = [v for v in verbs if MASK not in v.group(0)]
    scored = []
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
        resolved = resolve(ctx, subject, n, subject.start)
        if resolved is None:
            continue
        scored.append((dist, resolved))
    if scored:
        scored.sort(key=lambda s: s[0])
        return scored[0][1], "verb"
    return None, ""


def _remember(ctx: Context, n: int, pos: int, c: Candidate) -> None:
    if c.kind in ("person", "document") and (c.person_id or c.kind == "document"):
        ctx.history.append((n, pos, c))


def learn_documents(ctx: Context) -> None:
    """Authors of documents: the person named with the document's first mention ("a decree signed by Putin")."""
    if not ctx.document_re:
        return
    for p in ctx.article.paragraphs:
        for m in ctx.document_re.finditer(p.text):
            noun = m.group(1).casefold()
            if noun in ctx.document_authors:
                continue
            ms = ctx.mentions_by_par.get(p.n, ())
            # "Putin's decree", "decree signed by President Vladimir Putin", "a decree by Putin"
            own = [x for x in ms if 0 <= m.start(1) - x.span.end <= 25 and re.match(r"['’]s\b", p.text[x.span.end:])]
            by = [x for x in ms if 0 <= x.span.start - m.end(1) <= 40
                  and re.match(r"\s+(?:\w+\s+){0,2}?(?:by|from)\s+(?:[A-Z][\w.-]*\s+){0,3}$", p.text[m.end(1):x.span.start])]
            wrote = [x for x in ms if 0 <= m.start(1) - x.span.end <= 60 and re.fullmatch(
                r"(?:['’]s)?\s+(?:has\s+|had\s+|also\s+)?(?:signed|issued|sent|wrote|published|released|approved|penned)"
                r"\s+(?:[\w-]+\s+){0,3}", p.text[x.span.end:m.start(1)])]
            author = (own or by or wrote[-1:] or [None])[0]
            if author is not None:
                ctx.document_authors[noun] = author.person_id


def display(ctx: Context, c: Candidate) -> tuple[str | None, str | None]:
    if c.kind in ("person", "document") and c.person_id:
        return c.person_id, ctx.people[c.person_id].name
    if c.kind == "unlisted":
        return None, c.name
    if c.kind == "institution":  # one name per institution: "the Kremlin" and "The Kremlin" are "Kremlin"
        name = re.sub(r"^[Tt]he\s+", "", c.name or "")
        return None, name[0].upper() + name[1:] if name else None
    return None, None


def confidence_of(c: Candidate, how: str) -> str:
    if how == "context":
        return "low"
    if c.kind == "person" and c.method in ("name", "alias", "title", "surname") and how in ("verb", "possessive", "according"):
        return "high"
    if c.kind == "unlisted":
        return "high"
    return "medium"


def method_of(c: Candidate, how: str) -> str:
    if how == "context":
        return "context"
    if c.kind == "document":
        return "document"
    if c.method in ("pronoun", "role", "fuzzy"):
        return c.method
    if how in ("possessive", "according"):
        return how
    return "name+verb"


def find_quotes(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """All quotations and reported speech of the article, in text order, with speakers."""
    ctx = make_context(article, mentions, archive)
    learn_documents(ctx)
    marked = find_marked(article)
    by_first: dict = {}
    quoted_spans: dict = {}
    for f in marked:
        by_first.setdefault(f.pieces[0].n, []).append(f)
        for piece in f.pieces:
            ptext = article.paragraphs[piece.n - 1].text
            if piece.closed and piece.end > piece.start and ptext[piece.end - 1] in ".…":
                # keep the quotation's final stop visible: it may end the reporter's sentence too
                # (not "?" or "!": '"Why would we interfere?" Lavrov asked.' is one sentence)
                quoted_spans.setdefault(piece.n, []).extend([(piece.start - 1, piece.end - 1), (piece.end, piece.end + 1)])
            else:
                quoted_spans.setdefault(piece.n, []).append((piece.start - 1, piece.end + 1))
    results: list[Found] = []
    scare_max = int(ctx.lex.get("scare_max_words", 2))
    for p in article.paragraphs:
        text = masked(p.text, quoted_spans.get(p.n, []))
        sents = sentences(text)
        here = sorted(by_first.get(p.n, []), key=lambda f: f.pieces[0].start)
        events = [(f.pieces[0].start, "quote", f) for f in here]
        events += [(a, "sentence", (a, b)) for a, b in sents]
        events.sort(key=lambda e: (e[0], 0 if e[1] == "sentence" else 1))
        for pos, what, obj in events:
            if what == "sentence":
                _sentence_speakers(ctx, p.n, text, obj, results)
                continue
            f = obj
            qa, qb = f.pieces[0].start - 1, f.pieces[-1].end + 1
            last = f.pieces[-1]
            sent = _sentence_of(sents, qa)
            if last.n != p.n:  # runs over paragraphs: attribution may follow the last piece
                ltext = masked(article.paragraphs[last.n - 1].text, quoted_spans.get(last.n, []))
                lsent = _sentence_of(sentences(ltext), last.end)
                c, how = attribute(ctx, last.n, ltext, (lsent[0], lsent[1]), 0, min(last.end + 1, len(ltext)))
                if c is None:
                    c, how = attribute(ctx, p.n, text, (sent[0], len(text)), qa, len(text))
                via = _via(ctx, ltext, lsent[0], lsent[1]) or _via(ctx, text, sent[0], qa)
            else:
                c, how = attribute(ctx, p.n, text, sent, qa, qb)
                via = _via(ctx, text, sent[0], sent[1])
            words = _words(article, f)
            nwords = len(words.split())
            if c is None and nwords > scare_max:
                prior = [h for h in ctx.history if (h[0], h[1]) < (p.n, qa) and p.n - h[0] <= 2]
                if prior:
                    c, how = prior[-1][2], "context"
                    via = None
            if c is None or (c.kind == "document" and not c.person_id and how != "verb"):
                # no speaker: a term (scare quote), unless a speech verb stands right beside it
                # ('"We are ready," he said' with no "he" to resolve) or it is a whole sentence of more
                # than scare_max_words: then a quotation whose speaker an editor must give (low
                # confidence, on the review list)
                unresolved = c is None and (_beside_speech_verb(ctx, text, qa, qb)
                                            or (nwords > scare_max and words[:1].isupper()))
                f.kind = "scare" if c is None and not unresolved else _kind(article, f, text, sent, qa)
                f.method = "unresolved" if unresolved else f.method
                if c is not None:
                    f.document = c.document
                results.append(f)
                continue
            f.kind = _kind(article, f, text, sent, qa) if not f.pieces[-1].n != p.n else (
                "full" if words[:1].isupper() else "partial")
            f.speaker_id, f.speaker = display(ctx, c)
            f.via = via
            f.confidence = confidence_of(c, how)
            f.method = method_of(c, how)
            if c.kind == "document":
                f.document = c.document
            if how not in ("context", "possessive"):
                _remember(ctx, p.n, qa, c)
            results.append(f)
    return _records(article, ctx, results)


def _beside_speech_verb(ctx: Context, text: str, qa: int, qb: int) -> bool:
    """Is the quotation ``text[qa:qb]`` (marks included) attributed by its shape: a speech verb within
    a few words after it ('"...," he said') or right before it ('told reporters: "..."')?"""
    if not ctx.verb_re:
        return False
    after = re.match(r"[\s,]*((?:[\w'’.-]+\s+){0,4}[\w'’-]+)", text[qb:qb + 60])
    if after and any(ctx.verb_re.fullmatch(w) for w in after.group(1).split()):
        return True
    before = re.search(r"([\w'’-]+)(?:\s+(?:reporters|journalists))?\s*[:,]?\s*$", text[max(0, qa - 60):qa])
    return bool(before and ctx.verb_re.fullmatch(before.group(1)))


def _document_noun(ctx: Context, text: str, c: Candidate) -> str | None:
    m = ctx.document_re.match(text, c.start) if ctx.document_re else None
    return m.group(1).lower() if m else None


def _words(article: Article, f: Found) -> str:
    return " ".join(article.paragraphs[x.n - 1].text[x.start:x.end].strip() for x in f.pieces)


def _kind(article: Article, f: Found, text: str, sent: tuple[int, int], qa: int) -> str:
    words = _words(article, f).lstrip("…. ")
    if not words or not (words[0].isupper() or words[0].isdigit()):
        return "partial"
    pre = text[sent[0]:qa].rstrip()
    if not pre or pre.endswith(":") or pre.endswith(MASK + ","):
        return "full"
    last = re.search(r"([\w'’-]+)\s*,?$", pre)
    if last and last.group(1).lower() in {"saying", "said", "says", "added", "adding", "told", "wrote", "writing",
                                           "declared", "stated", "replied", "asked", "reporters", "journalists",
                                           "tweeted", "posted", "quipped", "continued", "noted", "stressed"}:
        return "full"
    return "partial"


def _speaks(r: Candidate | None) -> bool:
    """Can ``r`` be shown as the speaker of reported words?  A person, an unlisted name, an institution,
    or a document whose author is known."""
    return r is not None and (r.kind in ("person", "unlisted", "institution") or (r.kind == "document" and bool(r.person_id)))


def _sentence_speakers(ctx: Context, n: int, text: str, sent: tuple[int, int], results: list[Found]) -> None:
    """Reported speech in one sentence, and the speakers it introduces (for he/she later)."""
    if not ctx.report_re and not ctx.verb_re:
        return
    cands = candidates(ctx, n, text, sent[0], sent[1])
    if _source_phrase(ctx, n, text, sent, cands, results) or _parenthetical(ctx, n, text, sent, cands, results):
        return
    for v in (ctx.report_re.finditer(text, sent[0], sent[1]) if ctx.report_re else ()):
        if MASK in v.group(0):
            continue
        if _verb_is_participle(v.group(1)) and not re.search(r"\bas\s+$", text[sent[0]:v.start(1)]):
            continue  # "..., saying" belongs to the sentence's own verb; "was quoted as saying that" does not
        subject = subject_of_verb(ctx, n, text, sent, v, cands, False)
        if subject is None:
            continue
        r = resolve(ctx, subject, n, subject.start)
        if r is None:
            continue
        if r.kind in ("person", "document"):
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


def _participles(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                 results: list[Found]) -> None:
    """", adding that ...", ", saying Russia was ready ...": more words of the sentence's subject."""
    subject = next((c for c in cands if c.kind in ("person", "unlisted", "pronoun", "institution", "document")), None)
    for v in ctx.verb_re.finditer(text, sent[0], sent[1]) if ctx.verb_re and subject is not None else ():
        if not _verb_is_participle(v.group(1)) or MASK in v.group(0) or v.start(1) < subject.end:
            continue
        if not re.search(r"[,\u2063]\s*$", text[sent[0]:v.start(1)]):  # after a comma (or a quotation's ',"')
            continue
        rest = text[v.end(1):sent[1]]
        m = re.match(r"\s+(?:only\s+)?that\s+", rest)
        if m is None and v.group(1).casefold() == "saying":
            m = re.match(r"\s+(?=(?:he|she|it|they|we|there|Moscow|Russia|Washington|[A-Z][a-z]+\s+(?:is|was|would|will|had|has|could|should|must|might)\b))", rest)
        if m is None:
            continue
        r = resolve(ctx, subject, n, subject.start)
        clause = (v.end(1) + m.end(), _clause_end(text, sent))
        if not _speaks(r) or clause[1] - clause[0] < 12:
            continue
        if len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " "))) < 2:
            continue  # the clause is a quotation, not the reporter's words
        if any(x.reported and x.pieces[0].n == n and x.pieces[0].start <= clause[0] < x.pieces[0].end for x in results):
            continue
        _add_reported(ctx, n, text, clause, r, "verb", results)


def _reported_clause(ctx: Context, text: str, sent: tuple[int, int], v: re.Match, cands: list[Candidate]) -> tuple[int, int] | None:
    """The words a reporting verb introduces: after "that", or a clause that starts right after the verb."""
    rest = text[v.end(1):sent[1]]
    m = re.match(r"(?:\s+[\w'’-]+){0,8}?\s+that\s+", rest)
    if m is None and v.group(1).casefold() in ctx.addressee_verbs:
        return None  # "told the Security Council.": the person spoken to, not the words
    if m is None:
        m = re.match(r"\s+(?=(?:he|she|it|they|we|there|Moscow|Russia|Washington|the|his|her|its|[A-Z][a-z]+\s+(?:is|was|would|will|had|has|handed|wanted|could|should|must|might)\b))", rest)
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
    for v in ctx.report_re.finditer(text, clause[0], clause[1]):
        if MASK in v.group(0) or _verb_is_participle(v.group(1)):
            continue
        subject = subject_of_verb(ctx, n, text, clause, v, inside, False)
        r = resolve(ctx, subject, n, subject.start) if subject is not None else None
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
    for m in ctx.source_re.finditer(text, sent[0], sent[1]) if ctx.source_re else ():
        after = [c for c in cands if c.start >= m.end(1) and c.kind != "pronoun"]
        if not after or not re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,3}?", text[m.end(1):after[0].start]):
            continue
        c = after[0]
        r = resolve(ctx, c, n, c.start) if c.kind != "agency" else None
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
        if r.kind in ("person", "document"):
            _remember(ctx, n, c.start, r)
        _add_reported(ctx, n, text, clause, r, "according", results)
        return True
    return False


def _parenthetical(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                   results: list[Found]) -> bool:
    """Speech verbs set off by commas: "..., his spokesman said." at the end of the sentence, or
    "In the Middle East, it said, Russia would ..." inside it.  True when reported speech was added."""
    if MASK in text[sent[0]:sent[1]] or not ctx.report_re:
        return False  # a sentence with quotation marks: its quotations carry the speakers
    for v in ctx.report_re.finditer(text, sent[0], sent[1]):
        if _verb_is_participle(v.group(1)):
            continue
        tail = text[v.end(1):sent[1]]
        final = re.fullmatch(r"(?:\s+(?:reporters|journalists))?(?:\s+(?:on\s+)?\w+day)?[.!]?\s*", tail)
        middle = None if final else re.match(r"\s*,\s+(?=\S)", tail)
        if not final and not middle:
            continue
        subj = [c for c in cands if c.end <= v.start(1) and c.kind in ("person", "pronoun", "unlisted", "institution", "document")
                and re.fullmatch(r"\s+(?:also\s+|later\s+|then\s+)?", text[c.end:v.start(1)])]
        if not subj:
            continue
        c = subj[-1]
        lead = re.search(r",\s+(?:[\w'’-]+\s+){0,4}?$", text[sent[0]:c.start])  # ", his spokesman" / ", it"
        if lead is None:
            continue
        r = resolve(ctx, c, n, c.start)
        if not _speaks(r):
            continue
        if final:
            clause = (sent[0], sent[0] + lead.start())
        else:
            clause = (v.end(1) + middle.end(), _clause_end(text, sent))
        if clause[1] - clause[0] < 12:
            continue
        if r.kind in ("person", "document"):
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
    sent = _sentence_of(sentences(text), a)
    f.via = _via(ctx, text, sent[0], max(sent[1], b))
    f.confidence = "medium" if c.method in ("pronoun", "role") or c.kind == "document" else "high"
    f.method = method_of(c, how)
    if c.kind == "document":
        f.document = c.document
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
        speaker = None if f.kind == "scare" else f.speaker
        speaker_id = None if f.kind == "scare" else f.speaker_id
        quotes.append(Quote(id=ident, article_id=article.id, text=words, kind=f.kind, spans=spans,
                            speaker_id=speaker_id, speaker=speaker, via=f.via if f.kind != "scare" else None,
                            confidence=f.confidence if f.kind != "scare" else "none", role=role,
                            document=f.document if f.kind != "scare" else None, method=f.method))
    return tuple(quotes), problems


def _is_institution(ctx: Context, name: str) -> bool:
    return bool(ctx.institution_re and ctx.institution_re.fullmatch(name)) or any(
        name.casefold() == w.casefold() for w in ctx.lex.get("institutions", ()))


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
        if q.speaker and not q.speaker_id and q.speaker.casefold() not in inst and q.document is None:
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker!r} is not in "
                                               "officials.yml (unlisted speaker); add the person, or set the speaker "
                                               "in the sidecar's quotes:", severity="review"))
        elif q.speaker is None and q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): no speaker found (a speech verb "
                                               "stands beside it, but not who spoke); set the speaker in the sidecar's "
                                               "quotes:", severity="review"))
        elif q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker or 'unknown'!r} "
                                               "guessed from the sentences before (low confidence); accept it or set "
                                               "the speaker in the sidecar's quotes:", severity="review"))
    return problems
