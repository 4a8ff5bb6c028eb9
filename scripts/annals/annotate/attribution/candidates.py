"""Who can speak.  Per paragraph, once: every candidate subject of a speech verb.

Listed people (:mod:`annals.annotate.mentions`: any spelling, titles, role nouns by date, possessive
roles resolved before the name inside them); people the gazetteer does not list (a run of capitalised
words shaped like a name, with the title before it or the apposition after it; later their surname
alone); pronouns; anaphoric nouns ("the diplomat"); institutions; outlets; documents; anonymous
sources and role phrases no membership resolves ("a senior official", "Putin's spokesman" in 2004),
which name no one.  ``Context`` is what the finder knows about one article as the scan goes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from annals.annotate.attribution.lexicon import Lexicon, compile_lexicon
from annals.annotate.attribution.sentences import MASK, masked, sentences
from annals.annotate.mentions import name_index, runs
from annals.annotate.names import name_key
from annals.model import Archive, Article, Mention


PRONOUNS = {"he": "male", "she": "female", "it": "thing"}


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


def paragraph_of(ctx: Context, article: Article, spans: dict, n: int) -> Par:
    par = ctx.pars.get(n)
    if par is None:
        par = build_par(ctx, n, masked(article.paragraphs[n - 1].text, spans.get(n, [])))
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
