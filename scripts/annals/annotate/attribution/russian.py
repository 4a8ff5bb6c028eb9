"""Quotations and reported speech in Russian-language articles, with their speakers.

Pure.  :func:`find_quotes` has the English finder's signature and returns the same records
(:class:`annals.model.Quote`: speaker, speaker_kind, unattributed_reason, confidence, method, via);
:func:`find_mentions` returns the gazetteer people a Russian article names.  The words come from
``archive/lexicon.ru.yml`` (:mod:`.russian_words`); the grammar of Russian reporting is here:

- quotations: « » with „ “ nested (the pairing of :mod:`.marks`), and direct speech opened by a dash at
  the start of a paragraph ("— Это шанс, — добавил он.");
- transcript turns: ``М.В.Захарова: ...`` (a question label such as ``Вопрос:`` is no speaker);
- the speaker of a sentence: the subject (a nominative name, role or pronoun) of its speech verb
  («...», — заявил X; X заявил, что ...; ..., заявил X), of a naming verb (X назвал ... «...»), before a
  colon (X: «...»), or the source of an opening phrase (По словам X, ...; Как сообщил X, «...»);
- names in any case matched by lemma to the gazetteer's ``name_ru``; unlisted people (a given name and a
  surname) written in the nominative; roles ("пресс-секретарь президента") resolved by the article's date
  through the memberships of ``officials.yml``; pronouns (он, она, его) to the last speaker of that
  gender, else the last subject; outlets (ТАСС, «Россия 24») as ``via``, never as speakers; unnamed
  sources (источник) and institutions (в Кремле) as such;
- reported speech: the что-clause after a speech verb or an utterance noun, the clause before
  ", заявил X", the clause after "По словам X,".

Where the text does not say who spoke, the quotation is left unattributed with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annals.annotate.attribution.marks import _double_marks, find_marked
from annals.annotate.attribution.records import quote_id
from annals.annotate.attribution.russian_words import (RussianLexicon, Token, agency_at, can_be, compile_russian, fold,
                                                       lemmas, name_index, nominative, readings, sentences,
                                                       tokens)
from annals.annotate.mentions import role_on
from annals.model import Archive, Article, Mention, Official, Problem, Quote, TextSpan

DASHES = "—–"
DATELINE_AFTER = re.compile(r"[/.]*\s*(?:[—–-]\s|\.)")
"""What follows an agency's name in a wire dateline: its slashes or a full stop, then a dash or the sentence's end."""
CLAUSE_REACH = 25
"""How many tokens after a speech verb its что-clause may begin (past the addressee, the channel, the
place and the day: "заявил журналистам в кулуарах форума в Санкт-Петербурге в среду, что ...")."""
SPACED_DASHES = DASHES + "-"
"""Marks that open direct speech or set off its attribution; a hyphen only between spaces (wire copy typed on
a keyboard: "- Республиканцы будут жёстче, - сказал Косачёв")."""
CLOSERS = "»“”\""
OPENING_MARKS = "«„“\""
"""Marks that open a quotation: a paragraph that begins with one is a quotation, not a transcript turn."""
VERB_LIKE = frozenset({"VERB", "INFN", "PRTS", "ADJS", "GRND", "PRTF", "PRED"})


@dataclass(slots=True)
class Cand:
    """Someone (or something) the text names: a possible speaker."""

    start: int
    end: int
    """Character span in the paragraph."""
    kind: str
    """``person`` (listed), ``unlisted``, ``role``, ``pronoun``, ``institution``, ``anonymous``."""
    nominative: bool
    person_id: str | None = None
    name: str | None = None
    gender: str | None = None
    role: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Marked:
    """A quotation of the paragraph: its pieces ((paragraph, start, end)), kind and speaker."""

    pieces: list
    dash: bool = False
    kind: str = ""
    speaker_id: str | None = None
    speaker: str | None = None
    speaker_kind: str = "none"
    via: str | None = None
    confidence: str = "none"
    method: str = "unresolved"
    reason: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Chain:
    """Who the article spoke of: speakers and main-clause subjects in text order, with genders."""

    recent: list = field(default_factory=list)
    """Resolved people, the latest last: each speaker, and each nominative person of a sentence without
    a speech verb ("С ним не согласился депутат X."), who then is who "он" is."""
    unlisted: dict = field(default_factory=dict)
    """Surname lemma -> an unlisted person named in full earlier in the article."""
    pending: tuple[int, Cand] | None = None
    """The speaker of a sentence that ends with a colon ("Он заявил:"), for a quotation that opens the
    next paragraph: (that paragraph's number, the speaker)."""

    principal: Cand | None = None
    """The person whose interview, briefing or transcript the article is (named in its title, or the
    speaker of the sentence that names the interview): the speaker of its unattributed turns."""
    transcript: bool = False
    """The article is the transcript itself (its title opens with "Брифинг", "Стенограмма", "Интервью",
    ...): every paragraph of running text that no label or mark gives to another is the principal's."""
    authors: list = field(default_factory=list)
    """People and institutions that spoke or acted as subjects, the latest last: the author of a document
    ("отмечается в документе") and what "ведомство" stands for."""

    def last(self, gender: str | None = None) -> Cand | None:
        """The latest person of that gender (any gender: the latest)."""
        return next((c for c in reversed(self.recent) if gender is None or c.gender is None or c.gender == gender), None)

    def last_author(self, institution: bool = False) -> Cand | None:
        """The latest author (an institution only, if asked)."""
        return next((c for c in reversed(self.authors) if not institution or c.kind == "institution"), None)

    def add(self, c: Cand) -> None:
        """A person (or, without gender, an institution) who spoke or was a subject."""
        if c.kind != "institution":
            self.recent.append(c)
        self.authors.append(c)


@dataclass(slots=True)
class Ctx:
    article: Article
    lex: RussianLexicon
    people: dict
    index: object
    chain: Chain


# ---- entry points ----------------------------------------------------------------------------

def _context(article: Article, archive: Archive) -> Ctx:
    lex = compile_russian((archive.lexicons or {}).get("ru") or {})
    ctx = Ctx(article, lex, {o.id: o for o in archive.officials}, name_index(archive.officials), Chain())
    if article.title_basis != "derived":
        _principal_of_title(ctx, article.title)
    return ctx


def _principal_of_title(ctx: Ctx, title: str) -> None:
    """A title that names a transcript ("Брифинг ... М.В.Захаровой", "Дмитрий Песков ответил на вопросы
    журналистов. Стенограмма") and one person: that person is the article's principal speaker."""
    toks = tokens(title)
    words = [t for t in toks if t.text.isalpha()]
    nouns = [t for t in words if lemmas(t.text) & ctx.lex.transcript_nouns]
    if not nouns:
        return
    people = {}
    for c in _candidates(ctx, title, list(toks), []):
        r = _resolved(ctx, c) if c.kind in ("person", "unlisted", "role") else None
        if r is not None and r.kind in ("person", "unlisted"):
            people[r.person_id or r.name] = r
    if len(people) == 1:
        ctx.chain.principal = next(iter(people.values()))
        ctx.chain.transcript = words[0] is nouns[0]


def find_mentions(article: Article, officials: tuple[Official, ...]) -> tuple[Mention, ...]:
    """The gazetteer people a Russian article names (by ``name_ru``, in any case)."""
    index = name_index(officials)
    out = []
    for p in article.paragraphs:
        toks = tokens(p.text)
        for i, t in enumerate(toks):
            for entry in _surname_entries(index, toks, i):
                out.append(Mention(entry.person_id, TextSpan(p.n, t.start, t.end), t.text, "surname"))
    return tuple(out)


def find_quotes(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """The quotations and reported speech of a Russian article, in text order, with speakers."""
    ctx = _context(article, archive)
    found: list[Marked] = []
    marked = [Marked(pieces) for pieces in _continued(article, find_marked(article))]
    # a quotation is read where it ends: a quotation of several paragraphs is attributed after its last
    # piece ("...факты», — написала дипломат"); every piece is masked in its own paragraph
    by_par: dict = {}
    masks: dict = {}
    open_after: set = set()
    for m in marked:
        by_par.setdefault(m.pieces[-1][0], []).append(m)
        for pn, a, b in m.pieces:
            masks.setdefault(pn, []).append((a, b))
        open_after.update(range(m.pieces[0][0], m.pieces[-1][0]))
    for p in article.paragraphs:
        quotes = by_par.get(p.n, [])
        dash = _dash_speech(p.text)
        if dash:
            quotes = [Marked([(p.n, a, b)], dash=True) for a, b in dash] + [
                q for q in quotes if not any(a <= q.pieces[-1][1] < b for a, b in dash)]
        found += _paragraph(ctx, p.n, p.text, sorted(quotes, key=lambda q: q.pieces[-1][1]),
                            masks.get(p.n, []), p.n in open_after)
    return _records(article, ctx, found), []


def _continued(article: Article, found) -> list[list[tuple[int, int, int]]]:
    """The quotations' pieces (paragraph, start, end).  A quotation left open at the end of a paragraph
    goes on into the next one when that paragraph closes a quotation it did not open: Russian text need
    not reopen the marks at the start of each paragraph of a long quotation (the English convention)."""
    out = [[(x.n, x.start, x.end) for x in f.pieces] for f in found]
    paragraphs = article.paragraphs
    for f, pieces in zip(found, out):
        last = f.pieces[-1]
        if last.closed or last.n >= len(paragraphs):
            continue
        depth = 0
        for pos, kind in _double_marks(paragraphs[last.n].text):
            depth += 1 if kind == "open" else -1
            if depth < 0:
                pieces.append((last.n + 1, 0, pos))
                break
    return out


# ---- one paragraph ---------------------------------------------------------------------------

def _dash_speech(text: str) -> list[tuple[int, int]]:
    """Direct speech opened by a dash at the start of a paragraph: the spoken pieces, up to the dash that
    opens the author's words (", — сказал он.") and again after the dash that closes them."""
    if not _opens_with_dash(text):
        return []
    out, pos = [], 1
    while pos < len(text):
        start = pos + len(text[pos:]) - len(text[pos:].lstrip())
        k = next((i for i in range(start, len(text) - 2) if text[i] == " " and text[i + 1] in SPACED_DASHES and text[i + 2] == " "
                  and text[i - 1] in ",!?…"), None)
        if k is None:
            out.append((start, len(text.rstrip())))
            break
        end = k - 1 if text[k - 1] == "," else k
        out.append((start, end))
        reopen = text.find(". " + text[k + 1] + " ", k + 3)
        if reopen < 0:
            break
        pos = reopen + 3
    return out


def _opens_with_dash(text: str) -> bool:
    """Does the paragraph open with a dash (or a hyphen and a space) that starts direct speech?"""
    return text[:1] in DASHES or (text[:1] == "-" and text[1:2] == " ")


def _paragraph(ctx: Ctx, n: int, text: str, quotes: list[Marked], pieces: list, continues: bool) -> list[Marked]:
    """``pieces``: the spans of every quotation piece in the paragraph (of quotations read here or later);
    ``continues``: a quotation goes on into the next paragraph."""
    lex = ctx.lex
    toks = tokens(text)
    kept = [q for q in quotes if not _drop_as_name(lex, text, toks, q, n)]
    names = {(q.pieces[0][1], q.pieces[0][2]) for q in quotes if q not in kept}  # their words stay free (an outlet: via)
    quotes = kept
    masked = sorted({*[(a, b) for a, b in pieces if (a, b) not in names],
                     *[(q.pieces[-1][1], q.pieces[-1][2]) for q in quotes if q.dash]})
    free = [t for t in toks if not any(a <= t.start < b for a, b in masked)]
    agency_spans = _agencies(lex, text, masked)
    out: list[Marked] = []
    label = _label(ctx, text, free)
    if label is None and ctx.chain.transcript and _running_text(text) and not _opens_with_dash(text) \
            and text.lstrip()[:1] not in OPENING_MARKS:
        label = "speaker", ctx.chain.principal, 0  # a turn of the transcript's principal, with no label
    if label is not None:
        kind, cand, colon = label
        if kind == "question":
            return []
        answer = Marked([(n, colon, len(text.rstrip()))], kind="full")
        _assign(ctx, answer, cand, "label", "high" if cand is not ctx.chain.principal else "medium")
        out.append(answer)
        # quotations inside the answer: their own sentences decide; the answer is not re-read as reported speech
    cands = _candidates(ctx, text, free, agency_spans)
    pending = ctx.chain.pending
    carried = pending[1] if pending is not None and any(q.pieces[0][0] == pending[0] and q.pieces[0][1] <= 1
                                                        for q in quotes) else None
    if pending is not None and pending[0] <= n and not continues:
        ctx.chain.pending = None
    bare = None  # the sentence before, when it reported no one's words: what "Об этом заявил X" refers to
    for a, b in _sentences(text, masked):
        s_quotes = [q for q in quotes if a <= max(0, q.pieces[-1][1] - (0 if q.dash else 1)) < b]
        s_toks = [t for t in free if a <= t.start < b]
        s_cands = [c for c in cands if a <= c.start < b]
        via = next((name for x, y, name in agency_spans if a <= x < b and name), None)
        found = _sentence(ctx, n, text, (a, b), s_toks, s_cands, s_quotes, via, label is not None,
                          carried if a == 0 else None, bare)
        out += found
        bare = (a, b) if not found and not any(x < b and y > a for x, y in masked) else None
    # an interview's turns opened by a dash, with no attribution: a question (it asks) is the interviewer's
    # and no quotation; an answer is the principal's
    if ctx.chain.principal is not None:
        for q in [q for q in out if q.dash and q.speaker is None and q.method == "unresolved"]:
            if text[q.pieces[-1][1]:q.pieces[-1][2]].rstrip().endswith("?"):
                out.remove(q)
            else:
                _assign(ctx, q, ctx.chain.principal, "label", "medium")
    # direct speech split around its attribution ("— Готовы? — добавил Путин. — Но мяч не на нашей стороне."):
    # the pieces after the attribution are the same speaker's
    dashes = [q for q in out if q.dash]
    for before, q in zip(dashes, dashes[1:]):
        if q.speaker is None and before.speaker is not None:
            q.speaker_id, q.speaker, q.speaker_kind, q.title = before.speaker_id, before.speaker, before.speaker_kind, before.title
            q.method, q.confidence, q.reason = "carried", "medium", None
    return out


def _running_text(text: str) -> bool:
    """A paragraph of running text (ends as a sentence ends), not a heading."""
    return text.rstrip()[-1:] in ".!?…»\"" and len(text.split()) > 3


def _sentences(text: str, quoted) -> list[tuple[int, int]]:
    """The paragraph's sentences, those that end inside a quotation joined to the next (a quotation of
    several sentences and its attribution are one sentence of the reporter's)."""
    out: list[list[int]] = []
    for a, b in sentences(text):
        if out and any(x < out[-1][1] < y for x, y in quoted):
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _drop_as_name(lex: RussianLexicon, text: str, toks, q: Marked, n: int) -> bool:
    """Marks around an outlet's or a title's name, not a quotation: «Известия», газета «...», с заголовком «...»."""
    if q.dash or len(q.pieces) > 1:
        return False
    a, b = q.pieces[0][1], q.pieces[0][2]
    words = text[a:b]
    inside = tokens(words)
    if words in lex.agencies or (inside and (agency_at(lex, inside, 0) or (0, ""))[0] == len(inside)):
        return True
    before = [t for t in toks if t.end <= a - 1 and t.text.isalpha()]
    return bool(before) and bool(lemmas(before[-1].text) & lex.name_cues) and before[-1].end >= a - 3


def _agencies(lex: RussianLexicon, text: str, quoted) -> list[tuple[int, int, str]]:
    """Outlets named in the paragraph outside the quotations (in marks of their own or not), in any case:
    (start, end, name)."""
    out = []
    toks = tokens(text)
    i = 0
    while i < len(toks):
        hit = agency_at(lex, toks, i) if not any(x <= toks[i].start < y for x, y in quoted) else None
        if hit is None:
            i += 1
            continue
        length, name = hit
        end = toks[i + length - 1].end
        # a wire dateline ("Москва. 3 ноября. ИНТЕРФАКС - ...", "МОСКВА, 9 ноября. /ТАСС/."): the publisher of
        # the whole report, not a channel of one speaker's words
        dateline = bool(DATELINE_AFTER.match(text, end))
        out.append((toks[i].start, end, None if dateline else name))
        i += length
    return out


def _label(ctx: Ctx, text: str, free: list[Token]):
    """A transcript turn: ``Вопрос:`` (a question) or ``М.В.Захарова:`` (a speaker); None otherwise."""
    colon = text.find(":")
    if colon <= 0 or colon > 40:
        return None
    head = [t for t in free if t.end <= colon]
    words = [t for t in head if t.text.isalpha()]
    if not words or len(words) > 4 or not all(w.text[:1].isupper() for w in words):
        return None
    if len(words) == 1 and lemmas(words[0].text) & ctx.lex.question_labels:
        return "question", None, colon
    start = colon + 1 + len(text[colon + 1:]) - len(text[colon + 1:].lstrip())
    if len(words) == 1 and lemmas(words[0].text) & ctx.lex.answer_labels:  # "Ответ:": the principal's turn
        return ("speaker", ctx.chain.principal, start) if ctx.chain.principal is not None else None
    cands = _candidates(ctx, text[:colon], head, [])
    people = [c for c in cands if c.kind in ("person", "unlisted")]
    if len(people) != 1:
        return None
    start = colon + 1 + len(text[colon + 1:]) - len(text[colon + 1:].lstrip())
    return "speaker", people[0], start


# ---- who is named ----------------------------------------------------------------------------

def _surname_entries(index, toks, i: int):
    t = toks[i]
    if not t.text[:1].isupper() or not t.text.isalpha():
        return ()
    entries = {e.person_id: e for key in lemmas(t.text) for e in index.by_surname.get(key, ())}
    if len(entries) <= 1:
        return tuple(entries.values())
    prev = _given_before(toks, i)
    if prev:
        narrowed = [e for e in entries.values() if (len(prev) == 1 and e.initial == fold(prev)) or e.given & lemmas(prev)]
        if len(narrowed) == 1:
            return tuple(narrowed)
    return tuple(sorted(entries.values(), key=lambda e: e.person_id))


def _given_before(toks, i: int) -> str | None:
    """The given name or initial written before the surname at ``i`` ("Игорь Иванов", "Д.Трамп", "М.В.Захарова")."""
    j = i - 1
    while j >= 1 and toks[j].text == "." and len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper():
        if j - 2 >= 1 and toks[j - 2].text == ".":
            j -= 2
            continue
        return toks[j - 1].text
    if j >= 0 and toks[j].text.isalpha() and toks[j].text[:1].isupper() and can_be(toks[j].text, "Name"):
        return toks[j].text
    return None


def _candidates(ctx: Ctx, text: str, free: list[Token], agency_spans) -> list[Cand]:
    lex, out = ctx.lex, []
    date = ctx.article.date
    i = 0
    skip_until = -1
    words = [t for t in free if not any(x <= t.start < y for x, y, _ in agency_spans)]
    while i < len(words):
        t = words[i]
        if t.start < skip_until:
            i += 1
            continue
        role = _role_at(lex, words, i)
        if role is not None:
            length, role_name = role
            last = words[i + length - 1]
            if _of_another_place(words, i + length):
                # "президент США", "глава МИД Франции": the same words name another country's (or body's)
                # office, which no membership of the role holds
                i += length + 1
                continue
            holders = _holders(ctx, role_name, date)
            first = words[i].text
            out.append(Cand(t.start, last.end, "role", can_be(first, "nomn") and not can_be(first, "gent") or
                            _only_nominative(first), person_id=holders[0] if len(holders) == 1 else None,
                            gender=_gender_of(ctx, holders[0]) if len(holders) == 1 else None, role=role_name))
            i += length
            continue
        cand = _name_at(ctx, words, i)
        if cand is not None:
            out.append(cand)
            skip_until = cand.end
            i += 1
            continue
        low = lemmas(t.text)
        if t.text.isalpha() and "NPRO" in {g for r in readings(t.text) for g in r.grammemes} and low & set(lex.pronouns):
            gender = lex.pronouns[next(iter(low & set(lex.pronouns)))]
            nomn = fold(t.text) in lex.pronouns
            out.append(Cand(t.start, t.end, "pronoun", nomn, gender=gender))
        elif low & lex.relative and can_be(t.text, "nomn"):
            # "..., который заявил": the person named right before it
            prior = next((c for c in reversed(out) if c.kind in ("person", "unlisted", "role")), None)
            if prior is not None:
                out.append(Cand(t.start, t.end, prior.kind, True, prior.person_id, prior.name, prior.gender, prior.role))
        elif t.text.islower() and low & lex.anaphoric:
            out.append(Cand(t.start, t.end, "anaphor", can_be(t.text, "nomn")))
        elif low & lex.anonymous:
            out.append(Cand(t.start, t.end, "anonymous", can_be(t.text, "nomn")))
        elif low & set(lex.institutions):
            key = next(iter(sorted(low & set(lex.institutions))))
            out.append(Cand(t.start, t.end, "institution", can_be(t.text, "nomn"), name=lex.institutions[key]))
        elif t.text.islower() and low & lex.institution_nouns:
            # "ведомство", "в министерстве": the institution just spoken of
            out.append(Cand(t.start, t.end, "inst_anaphor", can_be(t.text, "nomn")))
        i += 1
    # a role or a title written before a name ("глава МИД России Сергей Лавров", "политолог Фёдор Лукин")
    # is that name
    kept = []
    for c in out:
        if c.kind in ("role", "anaphor") and any(d.kind in ("person", "unlisted") and 0 <= d.start - c.end <= 25
                                    and "," not in text[c.end:d.start] for d in out):
            continue
        kept.append(c)
    return kept


def _of_another_place(words: list[Token], k: int) -> bool:
    """Is ``words[k]`` a place or an organisation in the genitive (США, Франции, НАТО) right after a role
    phrase, naming whose office it is?"""
    if k >= len(words) or words[k].start - words[k - 1].end > 1 or not words[k].text[:1].isupper():
        return False
    first = readings(words[k].text)[0].grammemes if readings(words[k].text) else frozenset()
    return bool(first & {"Geox", "Orgn"}) and can_be(words[k].text, "gent")


def _only_nominative(word: str) -> bool:
    return can_be(word, "nomn") and not any(r.grammemes & {"gent", "datv", "ablt", "loct"} for r in readings(word)[:1])


def _role_at(lex: RussianLexicon, words: list[Token], i: int):
    for phrase, role in lex.roles:
        if i + len(phrase) <= len(words) and all(lem in lemmas(words[i + k].text) for k, lem in enumerate(phrase)):
            return len(phrase), role
    return None


def _holders(ctx: Ctx, role: str, date) -> list[str]:
    if date is None:
        return []
    return sorted(o.id for o in ctx.people.values() if any(m.role == role and m.holds_on(date) for m in o.memberships))


def _gender_of(ctx: Ctx, person_id: str) -> str | None:
    return ctx.people[person_id].gender if person_id in ctx.people else None


def _name_at(ctx: Ctx, words: list[Token], i: int) -> Cand | None:
    t = words[i]
    if not t.text[:1].isupper() or not t.text.isalpha():
        return None
    entries = _surname_entries(ctx.index, words, i)
    if len(entries) == 1:
        e = entries[0]
        gender_tag = {"male": "masc", "female": "femn"}.get(e.gender or "")
        nomn = fold(t.text) == e.surname or any("nomn" in r.grammemes and (gender_tag is None or gender_tag in r.grammemes or "ms-f" in r.grammemes
                                               or "Fixd" in r.grammemes) for r in readings(t.text)) or not readings(t.text)
        start = t.start
        if i >= 1 and (words[i - 1].text[:1].isupper() and can_be(words[i - 1].text, "Name")):
            start = words[i - 1].start
        return Cand(start, t.end, "person", nomn, person_id=e.person_id, name=ctx.people[e.person_id].name,
                    gender=e.gender)
    if entries:
        return None
    # an unlisted person: a given name and a capitalised surname ("Андрей Смирнов", "Натальи Тимаковой")
    if i + 1 < len(words) and can_be(t.text, "Name") and words[i + 1].text[:1].isupper() and words[i + 1].text.isalpha() \
            and words[i + 1].start - t.end == 1 and not _surname_entries(ctx.index, words, i + 1):
        gender = "female" if can_be(t.text, "Name", "femn") and not can_be(t.text, "Name", "masc") else "male"
        surname = words[i + 1].text
        name = f"{nominative(t.text, gender, ctx.lex)} {nominative(surname, gender, ctx.lex)}"
        cand = Cand(t.start, words[i + 1].end, "unlisted", can_be(t.text, "Name", "nomn"), name=name, gender=gender)
        for key in lemmas(surname) | {fold(name.split()[-1])}:
            ctx.chain.unlisted[key] = cand
        return cand
    # a surname alone of someone named in full before
    known = next((ctx.chain.unlisted[k] for k in sorted(lemmas(t.text)) if k in ctx.chain.unlisted), None)
    if known is not None and not can_be(t.text, "Name", "sing"):
        return Cand(t.start, t.end, "unlisted", can_be(t.text, "nomn"), name=known.name, gender=known.gender)
    return None


# ---- one sentence ----------------------------------------------------------------------------

def _sentence(ctx: Ctx, n: int, text: str, span, toks: list[Token], cands: list[Cand], quotes: list[Marked],
              via: str | None, in_answer: bool, carried: Cand | None = None, bare=None) -> list[Marked]:
    """``bare``: the sentence before, if it reported no one's words ("Россия не будет вмешиваться. Об этом
    заявил Песков.": the sentence this one opens by referring to, with "об этом", is his reported speech)."""
    lex = ctx.lex
    a, b = span
    out: list[Marked] = []
    verbs = [t for k, t in enumerate(toks) if t.text.isalpha() and (lemmas(t.text) & lex.speech or (
        lemmas(t.text) & lex.utterance and k + 2 < len(toks) and toks[k + 1].text == "," and fold(toks[k + 2].text) in lex.conjunctions))]
    naming = [t for t in toks if t.text.isalpha() and lemmas(t.text) & lex.naming]
    found_source = _source_phrase(lex, toks)
    source, inner = found_source if found_source is not None else (None, False)
    speaker, method, clause = None, "unresolved", None
    if source is not None:
        comma = next((t for t in toks if t.start >= source and t.text == ","), None)
        stop = comma.start if comma else b
        inside = [c for c in cands if source <= c.start < stop]
        speaker = _pick(inside, None, require_nominative=False)
        method = "according"
        if inner and speaker is None:  # ", как сообщил ТАСС, ...": an outlet, the sentence's verb decides
            source = None
        elif comma is not None and not inner:
            clause = (comma.end, b)
    if source is None and (verbs or naming):
        verb = (verbs or naming)[0]
        speaker = _subject(lex, text, toks, cands, verb)
        if speaker is None and _plural(verb):
            # "В министерстве напомнили, что ...", "в Кремле заявили": an indefinite-personal sentence speaks
            # for the institution where it happens
            speaker = next((c for c in reversed(cands) if c.kind in ("institution", "inst_anaphor") and c.end <= verb.start), None)
        method = "verb"
        if verbs:
            clause = _reported_clause(lex, text, toks, verbs[0], (a, b), quotes,
                                      subject_after=speaker is not None and speaker.start > verbs[0].start)
    if speaker is None:
        colon = next((t for t in toks if t.text == ":"), None)
        if colon is not None and any(q.pieces[-1][1] > colon.start for q in quotes):
            before = [c for c in cands if c.start < colon.start]
            speaker = _pick(before, colon.start, require_nominative=True)
            method = "colon"
            if speaker is None:  # "Ответ помощника был кратким:": the owner of the words
                speaker = _owner(lex, toks, cands, lex.utterance | lex.documents, colon.start)
            if speaker is None and any(lemmas(t.text) & lex.documents for t in toks if t.start < colon.start):
                speaker, method = ctx.chain.last_author(), "document"
    impersonal = any(t.text.isalpha() and lemmas(t.text) & lex.impersonal for t in toks)
    if speaker is None and impersonal and any(t.text.isalpha() and lemmas(t.text) & lex.documents for t in toks):
        # "«...», — говорится в посте Вячеслава Володина", "отмечается в документе": the document's author, named
        # after it in the genitive, else the latest author
        speaker = _owner(lex, toks, cands, lex.documents, b) or ctx.chain.last_author()
        method = "document"
    if speaker is None and carried is not None and quotes and source is None:
        speaker, method = carried, "carried"  # the paragraph before ended "Он заявил:"
    if speaker is None and not verbs and not naming and source is None:
        for c in cands:
            if c.nominative and c.kind in ("person", "unlisted", "role", "institution"):
                r = _resolved(ctx, c)
                if r is not None and r.kind in ("person", "unlisted", "institution"):
                    ctx.chain.add(r)
    if speaker is not None and speaker.kind == "anaphor" and verbs:
        speaker.gender = _verb_gender((verbs or naming)[0])
    resolved = _resolved(ctx, speaker) if speaker is not None else None
    # quotations of the sentence
    for q in quotes:
        qa, qb = q.pieces[-1][1], q.pieces[-1][2]
        words = text[qa:qb]
        first = words.lstrip()[:1]
        # a term in marks is a scare quote unless someone speaks in the sentence: a naming verb before it, or
        # a speech verb or a source phrase whose speaker is known, and the words are more than one noun and
        # begin in lower case ("подчеркнул, что Россия заинтересована в «конструктивных и предсказуемых»
        # отношениях": his words; "написал, что «перезагрузка» закончилась": a lone noun in marks names a
        # thing; «Время покажет» in mid-sentence is a title)
        spoken = (resolved is not None and resolved.kind in ("person", "unlisted", "institution")
                  and method in ("verb", "according") and first.islower() and not _lone_noun(words))
        short = _is_term(lex, words) and not any(t.end <= qa for t in naming) and not spoken
        if short and not q.dash:
            q.kind, q.reason = "scare", "a term in quotation marks, no one quoted"
            out.append(q)
            continue
        q.kind = "full" if first.isupper() or q.dash or len(q.pieces) > 1 else "partial"
        if in_answer and speaker is None:
            q.reason = "quoted inside a transcript answer, no speaker named"
            out.append(q)
            continue
        _assign(ctx, q, speaker, method, None, resolved=resolved, via=via)
        out.append(q)
    words = [t for t in toks if t.text.isalpha()]
    if clause is None and bare is not None and method == "verb" and verbs and len(words) >= 2 and any(
            all(lem in lemmas(words[k].text) for k, lem in enumerate(phrase)) for phrase in lex.content_refs
            if len(phrase) <= len(words)):
        clause = bare  # "Об этом заявил X": the sentence before is what X said
    if clause is not None and resolved is not None and not in_answer:
        ca, cb = clause
        while cb > ca and text[cb - 1] in " .!?…":
            cb -= 1
        while ca < cb and text[ca] in " —–-":
            ca += 1
        rest = text[ca:cb]
        only_quote = any(q.pieces[-1][1] - 1 <= ca and q.pieces[-1][2] + 1 >= cb for q in quotes)
        if rest and not only_quote and len(rest.split()) >= 2:
            r = Marked([(n, ca, cb)], kind="reported")
            _assign(ctx, r, speaker, method, None, resolved=resolved, via=via)
            out.append(r)
    if resolved is not None and resolved.kind in ("person", "unlisted") and ctx.chain.principal is None and any(
            t.text.isalpha() and lemmas(t.text) & lex.transcript_nouns for t in toks):
        ctx.chain.principal = resolved  # "... рассказал в интервью РИА Новости": the interview's speaker
    if resolved is not None and resolved.kind in ("person", "unlisted", "institution"):
        ctx.chain.add(resolved)
        if text[a:b].rstrip().endswith(":") and not any(q.pieces[-1][1] > a for q in quotes):
            ctx.chain.pending = (n + 1, resolved)
    return out


def _plural(verb: Token) -> bool:
    """Is the verb's likeliest reading plural (заявили)?"""
    return bool(readings(verb.text)) and "plur" in readings(verb.text)[0].grammemes


def _owner(lex: RussianLexicon, toks: list[Token], cands: list[Cand], nouns: frozenset, stop: int) -> Cand | None:
    """The person or institution named in the genitive right after a noun of ``nouns`` before ``stop``
    ("в посте Вячеслава Володина", "Ответ помощника"): whose words or document it is."""
    words = [t for t in toks if t.text.isalpha() and t.start < stop]
    for k, t in enumerate(words[:-1]):
        if lemmas(t.text) & nouns:
            nxt = words[k + 1]
            c = next((c for c in cands if c.start == nxt.start), None)
            if c is not None and c.kind not in ("anonymous",) and can_be(nxt.text, "gent"):
                return c
    return None


def _verb_gender(verb: Token) -> str | None:
    """The gender a past-tense verb shows (сказала: female), or None."""
    first = readings(verb.text)[0].grammemes if readings(verb.text) else frozenset()
    return "female" if "femn" in first else "male" if "masc" in first else None


def _source_phrase(lex: RussianLexicon, toks: list[Token]) -> tuple[int, bool] | None:
    """Where the source of "По словам X, ..." / "Как сообщил X, ..." begins (after the phrase's first word),
    and whether the phrase is set off inside the sentence ("Путин, по словам представителя Кремля,
    рассчитывает ..."), or None."""
    for k0 in [0] + [k + 1 for k, t in enumerate(toks) if t.text == ","]:
        words = [t for t in toks[k0:] if t.text.isalpha()][:4]
        if not words or (k0 and toks[k0] is not words[0]):
            continue
        # "По его словам": a possessive pronoun may stand inside the phrase; it is then the source
        spaced = [words, [words[0], *words[2:]] if len(words) > 2 and lemmas(words[1].text) & set(lex.pronouns) else None]
        for phrase in lex.sources:
            for ws in filter(None, spaced):
                if len(ws) >= len(phrase) and all(lem in lemmas(ws[k].text) for k, lem in enumerate(phrase)):
                    return words[0].end, k0 > 0
    return None


def _subject(lex: RussianLexicon, text: str, toks: list[Token], cands: list[Cand], verb: Token) -> Cand | None:
    """The nominative subject of a speech verb: after it when the verb follows the quotation or the clause
    ("», — сказал X", "..., заявил X"), else the nearest before it, else after it; never inside the
    что-clause that follows the verb."""
    after_clause = next((t.start for t in toks if t.start > verb.start and fold(t.text) in lex.conjunctions), None)
    pool = [c for c in cands if after_clause is None or c.start < after_clause]
    before_verb = text[:verb.start].rstrip()
    inverted = before_verb.endswith((",", *SPACED_DASHES)) or before_verb[-2:-1] in CLOSERS
    if inverted:
        after = [c for c in pool if c.start > verb.start and c.nominative]
        if after:
            return after[0]
    before = [c for c in pool if c.end <= verb.start and c.nominative]
    if before:
        return before[-1]
    after = [c for c in pool if c.start > verb.start and c.nominative]
    return after[0] if after else None


def _pick(cands: list[Cand], before: int | None, require_nominative: bool) -> Cand | None:
    pool = [c for c in cands if c.nominative or not require_nominative]
    return pool[-1] if before is not None and pool else pool[0] if pool else None


def _reported_clause(lex: RussianLexicon, text: str, toks: list[Token], verb: Token, span, quotes,
                     subject_after: bool) -> tuple[int, int] | None:
    """The words reported by a speech verb: its что-clause, or the clause before ", заявил X"."""
    a, b = span
    later = [t for t in toks if t.start > verb.start]
    for k, t in enumerate(later[:CLAUSE_REACH]):
        if t.text == "," and k + 1 < len(later) and fold(later[k + 1].text) in lex.conjunctions:
            return later[k + 1].end, b
        if t.text in ".:;!?" or any(q.pieces[-1][1] - 1 <= t.start < q.pieces[-1][2] + 1 for q in quotes):
            break
    before = text[a:verb.start].rstrip()
    if subject_after and before.endswith(",") and not before[:-1].rstrip().endswith(tuple(CLOSERS)) and not _opens_with_dash(text[a:]):
        return a, a + len(before) - 1
    return None


def _lone_noun(words: str) -> bool:
    """Are the words one noun (its likeliest reading)?"""
    parts = [w.strip(".,!?…:;") for w in words.split()]
    return len(parts) == 1 and bool(readings(parts[0])) and "NOUN" in readings(parts[0])[0].grammemes


def _is_term(lex: RussianLexicon, words: str) -> bool:
    """A short quotation of nouns and adjectives only: a term, not somebody's words."""
    parts = [w.strip(".,!?…:;") for w in words.split()]
    if not parts or len(parts) > lex.scare_max:
        return False
    for w in parts:
        if w and w.isalpha():
            first = readings(w)[0].grammemes if readings(w) else frozenset()
            if first & VERB_LIKE:
                return False
    return True


# ---- speakers --------------------------------------------------------------------------------

def _resolved(ctx: Ctx, c: Cand | None) -> Cand | None:
    """The candidate with its person: a pronoun as the person it stands for; a role as its holder."""
    if c is None:
        return None
    if c.kind == "inst_anaphor":
        prior = ctx.chain.last_author(institution=True)
        if prior is not None:
            return Cand(c.start, c.end, "institution", True, name=prior.name)
        return Cand(c.start, c.end, "unknown", True)
    if c.kind in ("pronoun", "anaphor"):
        prior = ctx.chain.last(c.gender)
        if prior is not None:
            return Cand(c.start, c.end, prior.kind, True, prior.person_id, prior.name, prior.gender, prior.role, prior.title)
        return Cand(c.start, c.end, "unknown", True)
    if c.kind == "role":
        if c.person_id is None:
            return Cand(c.start, c.end, "unknown", True, role=c.role)
        return Cand(c.start, c.end, "person", True, c.person_id, ctx.people[c.person_id].name, c.gender, c.role)
    return c


def _assign(ctx: Ctx, q: Marked, c: Cand | None, method: str, confidence: str | None, resolved: Cand | None = None,
            via: str | None = None) -> None:
    r = resolved if resolved is not None else _resolved(ctx, c)
    q.via = via
    if r is None or c is None:
        q.reason = q.reason or "no speaker named in its sentence"
        return
    if r.kind == "anonymous":
        q.reason = "an unnamed source"
        return
    if r.kind == "unknown":
        q.reason = (f"the role held by no listed person on the article's date ({r.role})" if r.role
                    else "a pronoun with no one it can stand for")
        return
    q.speaker_id, q.speaker = r.person_id, r.name
    q.speaker_kind = "institution" if r.kind == "institution" else "person"
    q.method = {"pronoun": "pronoun", "anaphor": "anaphor", "role": "role", "institution": "institution", "inst_anaphor": "institution"}.get(c.kind) or (
        "unlisted+verb" if r.kind == "unlisted" and method == "verb" else "name+verb" if method == "verb" else method)
    q.confidence = confidence or ("high" if c.kind in ("person", "unlisted") and method in ("verb", "colon", "according", "label")
                                  else "low" if method == "document" else "medium")
    q.title = r.title


def _records(article: Article, ctx: Ctx, found: list[Marked]) -> tuple[Quote, ...]:
    out: list[Quote] = []
    used: dict = {}
    for f in sorted(found, key=lambda f: (f.pieces[0][0], f.pieces[0][1], -f.pieces[-1][2])):
        words = " ".join(article.paragraphs[pn - 1].text[s:e].strip() for pn, s, e in f.pieces)
        if not words.strip() or (f.kind == "reported" and f.speaker is None):
            continue
        base = quote_id(article.id, words)
        used[base] = used.get(base, 0) + 1
        ident = base if used[base] == 1 else f"{base}-{used[base]}"
        scare = f.kind == "scare"
        speaker = None if scare else f.speaker
        out.append(Quote(
            id=ident, article_id=article.id, text=words, kind=f.kind,
            spans=tuple(TextSpan(pn, s, e) for pn, s, e in f.pieces),
            speaker_id=None if scare else f.speaker_id, speaker=speaker, via=None if scare else f.via,
            confidence="none" if scare else f.confidence if speaker else "low",
            role=role_on(ctx.people[f.speaker_id], article.date) if f.speaker_id and not scare else None,
            method=f.method if speaker else "unresolved",
            speaker_kind="none" if scare or not speaker else f.speaker_kind,
            unattributed_reason=None if speaker else (f.reason or "no speaker named in its sentence"),
            speaker_title=None if scare else f.title))
    return tuple(out)
