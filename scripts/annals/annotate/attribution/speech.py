"""Speech events, a speech verb and its subject.

After a quotation the nearest verb (``"...," said X, an analyst``); before it the outermost verb of its
clause; a person's verb before an institution's.  Subjects across appositions, parentheses, "who"
and adverbs; participles (``..., saying``) take the main clause's subject; channels (``Y quoted X as
saying``: X speaks, the outlet is ``via``); ``according to X``; ``X's comment that``; a name alone
before a colon; an introduction ending in a colon gives the speaker of the quotation after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annals.annotate.attribution.candidates import candidates, matches, paragraph_of
from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.chain import POSSESSOR, antecedent, apposed_name, referring, resolve
from annals.annotate.attribution.evidence import institution_name
from annals.annotate.attribution.sentences import MASK
from annals.model import Article


DATELINE = re.compile(r"\s*[A-Z][A-Z .,'’-]{1,30}(?:,?\s+[A-Za-z]{3,9}\.?\s+\d{1,2}\.?)?\s*[(/]\s*$")
"""The start of a paragraph up to an agency in a dateline's parentheses or slashes."""
NEGATED = re.compile(r"(?:^|[\s,])not\s+$")
"""A person named after "not" ("Medvedev, not Putin, who ...") is explicitly not the one who speaks."""


def _gap_ok(ctx: Context, gap: str) -> bool:
    """May ``gap`` stand between a subject and its verb?  ("also", an apposition ", the head of ..., ")."""
    g = re.sub(r"\([^()]{0,120}\)", "", gap)  # a parenthesis: "His post (he prefers Facebook) said"
    g = re.sub(r"\s[—–-]{1,2}\s[^—–\u2063]{1,80}?\s[—–-]{1,2}\s", " ", g).strip()  # or between dashes: "Pushkov - who else - tweeted"
    g = re.sub(r"^(?:in|at)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}(?=\s|$)", "", g).strip()  # "The embassy in Washington said"
    g = re.sub(r"^['’]s\b", "", g).strip()
    if not g:
        return True
    if g.startswith(",") and (g.endswith(",") or g.endswith(MASK)) and re.search(r"\w", g):
        # an apposition ("Kosachev, the head of ..., said"), which may hold a short term in marks ("Michael McFaul,
        # one of the architects of Obama's "reset" with Moscow, responded"; "..., whose supporters call it "stolen," said")
        return _short_marks(g) and len(g) < 160
    relative = ctx.lex.relative_re.search(g) if ctx.lex.relative_re else None
    if relative is not None:
        head, tail = g[:relative.start()], g[relative.end():]
        words = tail.split()
        if (not head.strip() or head.startswith(",") and _short_marks(head)) and len(words) <= 2 and all(
                w.casefold() in ctx.lex.gap_words for w in words):
            return True  # "Volodin, who said" / "Trump, the Republican nominee, who told ...": the relative clause's subject
    words = re.findall(r"[\w'’-]+", g)
    if len(words) > 4 or re.search(r"[,;:]", g):
        return False
    return all(w.casefold() in ctx.lex.gap_words for w in words)


def _short_marks(g: str) -> bool:
    """Quoted words inside a gap are a short term at most (no run of masked characters longer than 40)."""
    return all(len(run) <= 40 for run in re.findall(MASK + "+", g))


def is_participle(word: str) -> bool:
    return word.lower().endswith("ing")


def leading_phrase_end(ctx: Context, text: str, sent: tuple[int, int]) -> int | None:
    """Where a leading subordinate phrase ends ("When Trump called, Putin said ...": at its comma), or None
    when the sentence does not open with one (``subordinate_openers``)."""
    first_word = re.match(r"\s*([\w'’-]+)", text[sent[0]:sent[1]])
    if not first_word or first_word.group(1).casefold() not in ctx.lex.subordinate_openers:
        return None
    comma = text.find(",", sent[0], sent[1])
    return comma if comma >= 0 else None


def main_subject(ctx: Context, text: str, sent: tuple[int, int], left: list[Candidate]) -> Candidate | None:
    """The subject of the sentence's main clause: the first speaker-like candidate, after a leading
    subordinate phrase ("After meeting Trump, Putin ...") when the sentence opens with one; a role phrase with a
    name in apposition is that name ("The deputy foreign minister, Sergei Ryabkov, warned ..., saying")."""
    subject = _main_subject(ctx, text, sent, left)
    if subject is not None and subject in left:
        k = left.index(subject)
        named = apposed_name(text, subject, left[k + 1] if k + 1 < len(left) else None)
        if named is not None:
            return named
    return subject


def _main_subject(ctx: Context, text: str, sent: tuple[int, int], left: list[Candidate]) -> Candidate | None:
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
        comma = text.find(",", sent[0], sent[1])
        if comma >= 0 and all(c.start < comma for c in subject):
            # "In an interview with Lavrov, the journalist asked:": the main clause's subject is no one the finder
            # knows; the person in the leading phrase is not it
            return None
    return subject[0]


def is_passive(ctx: Context, text: str, sent: tuple[int, int], verb: re.Match) -> bool:
    """Is the speech verb passive ("was told", "has been described")?"""
    return not is_participle(verb.group(1)) and ctx.lex.passive_re is not None and bool(
        ctx.lex.passive_re.search(text, max(sent[0], verb.start(1) - 30), verb.start(1)))


def subject_of_verb(ctx: Context, n: int, text: str, sent: tuple[int, int], verb: re.Match,
                    cands: list[Candidate], after_quote: bool) -> Candidate | None:
    """The subject of the speech verb ``verb`` (see :func:`_subject_of_verb`); a coordinated subject ("Lavrov
    and Peskov said") is several speakers, whom one attribution cannot name: an unnamed source with that reason."""
    c = _subject_of_verb(ctx, n, text, sent, verb, cands, after_quote)
    if c is None:
        return _outlet_subject(ctx, text, sent, verb, cands, after_quote)
    if c.kind not in ("person", "unlisted", "anaphor", "pronoun") or ctx.lex.coordinator_re is None:
        return c
    if after_quote and (c.description is not None or c.kind == "anonymous"):
        # "...," said the Russian deputy foreign minister, Sergei Ryabkov: the name in apposition to the role
        named = [x for x in cands if x.start >= c.end and x.kind in ("person", "unlisted")
                 and re.fullmatch(r"(?:\s+[\w'’-]+){0,4}\s*,\s*", text[c.end:x.start])]
        if named:
            return named[0]
    for x in cands:
        if x is c or x.kind not in ("person", "unlisted", "anaphor", "institution"):
            continue
        between = text[x.end:c.start] if x.end <= c.start else text[c.end:x.start]
        if abs((x.end if x.end <= c.start else x.start) - (c.start if x.end <= c.start else c.end)) <= 6 and re.fullmatch(
                r"\s*(?:,\s*)?", ctx.lex.coordinator_re.sub("", between, count=1)) and ctx.lex.coordinator_re.search(between):
            return Candidate(min(x.start, c.start), max(x.end, c.end), "anonymous", method="coordinated",
                             reason=f"several speakers ({text[min(x.start, c.start):max(x.end, c.end)]})")
    return c


def _title_start(ctx: Context, text: str, lo: int, a: int) -> int:
    """Where the title words before a name begin ("the Kremlin leader Vladimir Putin": at "the")."""
    lex = ctx.lex
    while a > lo:
        m = re.search(r"([\w'’.-]+)\s+$", text[max(lo, a - 40):a])
        if m is None:
            return a
        w = m.group(1).casefold()
        if w not in lex.title_words and w not in lex.person_noun_set and w not in lex.definite:
            return a
        a = max(lo, a - 40) + m.start(1)
    return a


def _attributive(ctx: Context, text: str, c: Candidate) -> bool:
    """Is the name ``c`` a modifier of a person noun after it ("a Putin ally said", "said a Putin critic, Garry
    Kasparov"), rather than a person in its own right?"""
    if c.kind not in ("person", "unlisted"):
        return False
    m = re.match(r"\s+([a-z][\w-]*)", text[c.end:c.end + 30])
    return m is not None and m.group(1) in ctx.lex.person_noun_set


def _outlet_subject(ctx: Context, text: str, sent: tuple[int, int], verb: re.Match, cands: list[Candidate],
                    after_quote: bool) -> Candidate | None:
    """An outlet as the subject of a speech verb when no person or institution is ("The daily Kommersant notes
    that ...", ""...," Izvestia wrote"): it speaks in its own voice.  Not after a preposition ("told Interfax")."""
    if is_passive(ctx, text, sent, verb):
        return None
    vs, ve = verb.start(1), verb.end(1)
    if after_quote:
        right = [x for x in cands if x.start >= ve]
        return right[0] if right and right[0].kind == "agency" and not text[ve:right[0].start].strip() else None
    opens = clause_start(ctx, text, sent, vs)
    left = [x for x in cands if opens <= x.start and x.end <= vs]
    if not left or left[-1].kind != "agency" or not _gap_ok(ctx, text[left[-1].end:vs]):
        return None
    x = left[-1]
    preps = ctx.lex.preposition_before_re
    if preps is not None and preps.search(text, max(sent[0], x.start - 12), x.start) or re.search(
            r"\b(?:to|with|by|from|for)\s+(?:the\s+)?$", text[max(sent[0], x.start - 10):x.start], re.IGNORECASE):
        return None
    return x


def _subject_of_verb(ctx: Context, n: int, text: str, sent: tuple[int, int], verb: re.Match,
                     cands: list[Candidate], after_quote: bool) -> Candidate | None:
    """The subject of the speech verb ``verb`` within the sentence ``sent``.  A possessor is never the
    subject ("Medvedev's spokeswoman Natalya Timakova said": not Medvedev)."""
    vs, ve = verb.start(1), verb.end(1)
    if is_passive(ctx, text, sent, verb):
        # "he was told by the host", "Lavrov was asked": the subject is spoken to; the agent after "by" speaks
        agent = [c for c in cands if c.start >= ve and re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,3}?by\s+", text[ve:c.start])
                 and c.kind != "agency"]
        return agent[0] if agent else None
    people = [c for c in cands if c.kind != "agency" and not (POSSESSOR.match(text, c.end) and (c.end < vs or after_quote) and (
        c.kind != "person" or c.method != "role" or text[c.end:c.end + 1] in "'’")) and not _attributive(ctx, text, c)
        and not NEGATED.search(text, max(sent[0], c.start - 12), c.start)]  # ("It was Medvedev, not Putin, who said")
    # "...," said Peskov / said Kremlin spokesman Dmitry Peskov / said Ivan Petrov, an analyst / said he
    # (not a participle: '"a circus," telling our reporter' -- a participle's subject is never after it)
    if after_quote and not is_participle(verb.group(1)):
        right = [c for c in people if c.start >= ve and c.start - ve <= 60]
        lex = ctx.lex
        for kinds in (("person", "unlisted", "pronoun", "anonymous", "anaphor"), ("institution", "document")):
            for c in right:
                if c.kind not in kinds:
                    continue
                between = text[ve:c.start]
                words = [w.casefold() for w in re.findall(r"[\w'’.-]+", between)]
                if words and (words[-1] in lex.complement_words or words[-1] in lex.place_prepositions):
                    continue  # "said an ally of Putin": the object of a preposition
                if re.fullmatch(r"[\s,]*(?:(?:the\s+|a\s+|an\s+)?[A-Za-z'’.-]+\s+){0,5}(?:[A-Za-z'’.-]+,\s+)?", between) \
                        and MASK not in between:  # (an apposition's name after a comma: "said Lavrov's counterpart, Antony Blinken")
                    if c.kind != "document" or not between.strip():
                        return c
    if verb.group(1).casefold() in ctx.lex.inversion_verbs and re.search(r",\s*$", text[sent[0]:vs]):
        # "It was, said Irina Volskaya, a specialist ..., "...."": a verb with no person object, inverted inside the
        # sentence, before its subject (a name, then a comma or the sentence's end)
        right = [c for c in people if c.start >= ve]
        if right and right[0].kind in ("person", "unlisted") and re.fullmatch(r"\s+", text[ve:right[0].start]) and re.match(
                r"\s*(?:,|[.!?]|$)", text[right[0].end:sent[1]]):
            return right[0]
    left = [c for c in people if c.end <= vs and c.start >= sent[0] and (MASK not in text[c.end:vs] or (
        text[c.end:c.end + 1] == "," and _short_marks(text[c.end:vs])))]
    opens = clause_start(ctx, text, sent, vs)
    if any(c.start >= opens for c in left):  # the verb's own clause names its subject ("..., and then Putin went on to say")
        left = [c for c in left if c.start >= opens]
    before = text[sent[0]:vs]
    passive = re.search(r"\b(?:was|were|is|are|has been|had been)\s+(?:\w+\s+){0,2}?(?:quoted|cited)\b(?:\s+by\s+[^,]{1,60}?)?\s+as\s+$",
                        before)
    if is_participle(verb.group(1)) and re.search(r"\bas\s+$", before) and not passive:
        # "RIA Novosti quoted Lavrov as saying": the object of the channel verb speaks
        chan = None
        for m in ctx.lex.channel_re.finditer(text, sent[0], vs) if ctx.lex.channel_re else ():
            chan = m
        if chan is not None:
            obj = [c for c in left if c.start >= chan.end(1)]
            if obj:
                return obj[0]
    if is_participle(verb.group(1)) and left:
        own = left[-1]
        if re.search(r"\bwith\s+$", text[sent[0]:_title_start(ctx, text, sent[0], own.start)]) and _gap_ok(ctx, text[own.end:vs]):
            # "..., with one senior diplomat calling it "..."": the participle has a subject of its own
            return own
    if is_participle(verb.group(1)) and left:
        # "Lavrov said ..., saying" / "Peskov was quoted as saying": the subject of the sentence
        return main_subject(ctx, text, sent, left)
    if ctx.lex.coordinator_re and ctx.lex.coordinator_re.search(text, max(sent[0], vs - 8), vs) or re.search(
            r",\s*but\s+(?:[\w'’-]+\s+){0,1}$", text[max(sent[0], vs - 16):vs]):
        # "Peskov reminded reporters that ... "..." and said ...": a coordinated verb has the clause's subject
        # (also after ", but": "X said Moscow was ready, but warned that ...")
        opens = clause_start(ctx, text, sent, vs)
        before = [c for c in people if c.end <= vs and c.start >= opens]
        subject = main_subject(ctx, text, sent, before) if before else None
        if subject is not None:
            return subject
        own = re.findall(r"[\w'’-]+", text[opens:vs].replace(MASK, " "))
        if opens > sent[0] and all(w.casefold() in ctx.lex.gap_words for w in own):
            # "Peskov insisted the boss had "no plans", and reminded reporters that ...": a second verb phrase of
            # the first clause's subject (its own clause has no subject of its own)
            first = [c for c in people if c.end <= opens and c.start >= sent[0]]
            subject = main_subject(ctx, text, sent, first) if first else None
            if subject is not None and subject.kind != "anonymous":
                return subject
    if left and ctx.lex.infinitive_re and ctx.lex.infinitive_re.search(text, max(sent[0], vs - 12), vs):
        # "Putin went on television to say": the infinitive's subject is its clause's subject, unless a noun phrase
        # stands between them ("handed Lavrov a button meant to say": the button's words, not Clinton's)
        subject = main_subject(ctx, text, (max(sent[0], min(c.start for c in left)), sent[1]), left)
        between = re.findall(r"[\w'’-]+", text[subject.end:vs]) if subject is not None else []
        lex = ctx.lex
        if subject is not None and not any(w.casefold() in lex.definite or w.casefold() in lex.indefinite
                                           or w.casefold() in lex.possessive for w in between):
            return subject
        return None
    preps = ctx.lex.preposition_before_re
    for kinds in (("person", "unlisted", "pronoun", "document", "anaphor", "anonymous"), ("institution",)):
        for c in reversed(left):  # nearest first; an institution only when no person fits
            t = _title_start(ctx, text, sent[0], c.start)
            prep = preps.search(text, max(sent[0], t - 12), t) if preps is not None else None
            if prep is not None and any(x is not c and x.start < prep.start() and (x.end >= prep.start() or not text[x.end:prep.start()].strip())
                                        for x in left):
                continue  # "a source in the ministry told", "the aide to the Kremlin leader Vladimir Putin said": the
                # object of a preposition after a noun (or inside a role phrase) is no subject
            gap = text[c.end:vs]
            if c.kind in kinds and gap.strip() == "," and ctx.lex.relative_re:
                opened = text.rfind(",", sent[0], c.start)
                rel = ctx.lex.relative_re.match(text, opened) if opened >= 0 else None
                if rel is not None:  # "The LDPR leader, who inherited the party from X, said": not X, who's antecedent
                    outer = [x for x in left if x.end <= opened and not text[x.end:opened].strip()]
                    if outer:
                        return outer[-1]
                    continue
            if c.kind in kinds and (_gap_ok(ctx, gap) or gap.strip() == "," and text[sent[0]:c.start].rstrip().endswith(",")):
                return c  # (", Karin von Hippel, shared": a name in apposition, set off by commas)
    first = next((c for c in left if c.kind in ("person", "unlisted", "pronoun", "document", "anaphor", "anonymous")), None)
    if first is not None:
        gap = text[first.end:vs]
        then = re.search(r",\s*(?:and\s+)?then\s*$", gap)
        if then is not None and first.kind in ("person", "unlisted", "pronoun", "anaphor"):
            gap = gap[:then.start()] + " and "  # "She paused, then added that ...": a second verb of the same subject
        # "Putin wished Biden success and expressed ...": the sentence's subject, across a short object
        limit = 20 if re.search(r"\band\s*$", gap) else 5  # "X congratulated Bush on ... and said"
        if MASK not in gap and not re.search(r"[,;:]|\b(?:who|which|that|whom|whose)\b", gap) and len(gap.split()) <= limit:
            return first
    return None


def via_in(ctx: Context, text: str, lo: int, hi: int, exclude: tuple[int, int] | None = None, n: int | None = None,
           speaker: Candidate | None = None) -> str | None:
    """The outlet or institution that relays words said in ``text[lo:hi]`` (paragraph ``n``): a news agency of
    the lexicon (``agencies``); an outlet the sentence names with an outlet noun ("told Ekho Moskvy radio",
    "the newspaper "Izvestia"", "on the air of the Rossiya-24 TV channel": ``outlet_nouns``); or, for a
    person's words, an institution that reports them ("..., the Kremlin said.", "a text released by the
    Kremlin press service")."""
    for m in ctx.lex.agency_re.finditer(text, lo, hi) if ctx.lex.agency_re else ():
        if exclude and exclude[0] <= m.start(1) < exclude[1]:
            continue
        if DATELINE.match(text[:m.start(1)]) and re.match(r"\s*[)/]", text[m.end(1):]):
            continue  # "MOSCOW, Nov 10 (Reuters) -", "MOSCOW, November 10. /TASS/.": a dateline, not a relay
        if speaker is not None and speaker.method == "outlet" and speaker.name == m.group(1):
            continue  # the outlet speaks in its own voice
        return m.group(1)
    if n is None:
        return None
    original = ctx.article.paragraphs[n - 1].text
    lex = ctx.lex
    for regex in (lex.outlet_before_re, lex.outlet_after_re):
        for m in regex.finditer(original, lo, hi) if regex is not None else ():
            words = m.group("name").strip("'’\"“”«»").split()
            while words and words[-1].casefold() in lex.outlet_noun_words:  # "the Rossiya-24 TV channel"
                words.pop()
            if not words or exclude and exclude[0] <= m.start("name") < exclude[1]:
                continue
            if any(w in lex.not_outlet or w.casefold() in lex.nationality for w in words) or words[0].casefold() in lex.non_names:
                continue
            before = re.search(r"([\w'’-]+)\s+$", original[max(0, m.start() - 12):m.start()])
            if before is not None and before.group(1).casefold() in lex.indefinite:
                continue  # "a German paper": no outlet named
            if lex.medium_re and lex.medium_re.search(original, max(0, m.start() - 12), m.start() + 1):
                continue  # "wrote in the weekly X": the author's own column, not a relay
            name = " ".join(words)
            if speaker is not None and speaker.name and name.casefold() == speaker.name.casefold():
                continue  # the outlet is the speaker itself
            return name
    if speaker is None or speaker.kind not in ("person", "unlisted"):
        return None
    for c in candidates(ctx, n, text, lo, hi):
        if c.kind != "institution":
            continue
        by = ctx.lex.agent_re.search(text, max(lo, c.start - 12), c.start) if ctx.lex.agent_re else None
        says = [v for v in matches(ctx, n, text, "verb_re", c.end, min(hi, c.end + 30))  # "..., the Kremlin (also) said"
                if all(w.casefold() in ctx.lex.gap_words and not (ctx.lex.document_re and ctx.lex.document_re.fullmatch(w))
                       for w in text[c.end:v.start(1)].split())]  # (not "a Foreign Ministry statement said": a document speaks)
        if says and re.search(r"\b(?:at|in|from|inside|outside)\s+(?:the\s+)?$", text[max(lo, c.start - 12):c.start]):
            continue  # "Peskov at the Kremlin told reporters": a place, not a relay
        if by is not None or says:
            return institution_name(ctx, c.name or "")
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


def clause_start(ctx: Context, text: str, sent: tuple[int, int], pos: int) -> int:
    """Where the clause holding ``pos`` begins: after the last clause boundary before it in its sentence
    (a semicolon, a dash or a comma before a conjunction, ``clause_openers``)."""
    start = sent[0]
    for m in ctx.lex.clause_boundary_re.finditer(text, sent[0], pos) if ctx.lex.clause_boundary_re else ():
        if m.group("rel") is None:  # a relative clause ("X, who ..., said") is inside the clause, not after it
            start = m.end()
    return start


def possessive_source(ctx: Context, n: int, text: str, lo: int, hi: int, cands: list[Candidate]) -> tuple[re.Match, Candidate | None, str] | None:
    """A source phrase with its source as a possessor in ``text[lo:hi]`` ("In Peskov's opinion, ...", "in his
    view"): (the match, the source resolved to a person -- or None --, why not)."""
    m = ctx.lex.possessive_source_re.search(text, lo, hi) if ctx.lex.possessive_source_re else None
    if m is None:
        return None
    a, b = next((m.start(g), m.end(g)) for g, v in m.groupdict().items() if v is not None)
    gender = ctx.lex.pronoun_gender.get(text[a:b].casefold())
    if gender is not None:  # "in his view": the person the pronoun refers to
        r, why = antecedent(ctx, Candidate(a, b, "pronoun", gender=gender, method="pronoun"), n, a)
    else:
        inside = [c for c in cands if a <= c.start and c.end <= b and c.kind in ("person", "unlisted", "anaphor", "anonymous")]
        if not inside:
            return None
        r, why = resolve(ctx, inside[-1], n, inside[-1].start)
    if r is not None and r.kind not in ("person", "unlisted"):
        r, why = None, why or "not a person"
    return m, r, why


def _named_subject(ctx: Context, n: int, text: str, sent: tuple[int, int], v: re.Match, cands: list[Candidate],
                   owner: Candidate) -> bool:
    """Has the speech verb ``v`` a subject of its own, other than ``owner`` (a pronoun may be the owner)?"""
    subject = subject_of_verb(ctx, n, text, sent, v, cands, False)
    return subject is not None and subject.kind != "pronoun" and (subject.key is None or subject.key != owner.key)


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
                if noun and that and not re.search(r"\b(?:is|are|was|were|as|be|been)\b", rest[:that.start()]) and not any(
                        _named_subject(ctx, n, text, sent, v, cands, c) for v in matches(ctx, n, text, "verb_re", c.end + noun.end(), qa)):
                    # (not "Zakharova, responding to Medvedev's post, wrote that ...": a verb with another named subject)
                    return Attribution(c, "possessive", verb_near=True)
        # "His answer, according to RIA Novosti: "..."": the owner of the words is the one the pronoun refers to
        for m in lex.possessive_pronoun_re.finditer(text, sent[0], qa) if lex.possessive_pronoun_re else ():
            noun = lex.utterance_re.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
            rest = text[noun.end():qa] if noun else ""
            if noun and MASK not in rest and re.fullmatch(r"(?:,[^,:;\u2063]{1,60},?)?\s*:\s*", rest) and not matches(
                    ctx, n, text, "verb_re", noun.end(), qa):
                gender = lex.pronoun_gender.get(m.group(1).casefold())
                r, why = antecedent(ctx, Candidate(m.start(1), m.end(1), "pronoun", gender=gender), n, m.start(1))
                if r is None:
                    return Attribution(None, reason=why, verb_near=True)
                return Attribution(r, "possessive", verb_near=True)
    # "Peskov: "..."": a name alone before a colon (interviews, transcripts)
    after = [c for c in cands if c.start >= qb]
    if after and after[0].kind in ("person", "unlisted") and re.fullmatch(r"\s*,?\s*[—–-]{1,2}\s*", text[qb:after[0].start]) \
            and re.fullmatch(r"(?:,[^.!?;]{0,80})?[.!]?\s*", text[after[0].end:sent[1]]) and _short_marks(text[after[0].end:sent[1]]):
        return Attribution(after[0], "digest", verb_near=True)  # ""We will work with anyone" -- Putin.": a byline of words
    for c in cands:
        if c.kind not in ("person", "unlisted") or text[sent[0]:c.start].strip(" \t-–—•*·"):
            continue
        if re.fullmatch(r"\s*:\s*", text[c.end:qa]):
            return Attribution(c, "label", verb_near=True)
        # a digest's line: "- Zakharova, on her Telegram channel: the vote was "archaic."" -- the name, a phrase
        # of the channel or the occasion, a colon, then the words (no other person, no verb of their own)
        head = re.match(r"(?:\s*,[^,:;\u2063]{1,60},?)?\s*:\s+", text[c.end:qa])
        if head is not None and MASK not in text[c.end:c.end + head.end()] and not matches(ctx, n, text, "verb_re", c.end, qa) \
                and not any(x.kind in ("person", "unlisted", "pronoun", "anaphor", "anonymous") and c.end <= x.start < qa
                            for x in cands):
            return Attribution(c, "digest", verb_near=True)
    owned = possessive_source(ctx, n, text, sent[0], qa, cands)
    if owned is not None and not any(_named_subject(ctx, n, text, sent, v, cands, Candidate(0, 0, "pronoun"))
                                     for v in matches(ctx, n, text, "verb_re", owned[0].end(), qa)):
        m, r, why = owned  # "In Peskov's opinion, the talks were "useful"", "in his view"
        return Attribution(r, "according", verb_near=True) if r is not None else Attribution(None, reason=why or "an unnamed source",
                                                                                             verb_near=True)
    m = lex.source_pronoun_re.search(text, sent[0], qa) if lex.source_pronoun_re else None
    if m is not None and not any(_named_subject(ctx, n, text, sent, v, cands, Candidate(0, 0, "pronoun"))
                                 for v in matches(ctx, n, text, "verb_re", m.end(), qa)):
        # "According to him, the talks were "useful"": the person the pronoun refers to
        pron = Candidate(m.start(2), m.end(2), "pronoun", gender=lex.pronoun_gender.get(m.group(2).casefold()), method="pronoun")
        r, why = antecedent(ctx, pron, n, m.start(2))
        if r is not None and r.kind in ("person", "unlisted"):
            return Attribution(r, "according", verb_near=True)
        return Attribution(None, reason=why or "an unnamed source", verb_near=True)
    for c in cands:
        if re.search(r"\b[Aa]ccording to\s+(?:the\s+)?$", text[max(sent[0], c.start - 20):c.start]):
            comma = text.find(",", c.end, qa)
            if comma >= 0 and any(_named_subject(ctx, n, text, sent, v, cands, c) for v in matches(ctx, n, text, "verb_re", comma, qa)):
                break  # "According to Peskov, Putin said "..."": the inner verb's subject speaks (Peskov relays)
            if c.kind in ("person", "unlisted"):
                return Attribution(c, "according", verb_near=True)
            if c.kind == "anonymous":
                return Attribution(None, reason="anonymous source", verb_near=True)
            if c.kind in ("pronoun", "anaphor"):  # "according to the diplomat", "according to him"
                r, why = resolve(ctx, c, n, c.start)
                if r is not None and r.kind in ("person", "unlisted"):
                    return Attribution(referring(r, c, r.method), "according", verb_near=True)
                return Attribution(None, reason=why or "an unnamed source", verb_near=True)
    verbs = matches(ctx, n, text, "verb_re", sent[0], sent[1])
    verbs = [v for v in verbs if MASK not in v.group(0)]
    as_verbs = [v for v in verbs if re.search(r"\bas\s+$", text[sent[0]:v.start(1)])]
    if as_verbs and lex.channel_re:  # "Lavrov quoted Trump as saying": the channel verb's subject relays, it does not speak
        verbs = [v for v in verbs if not (lex.channel_re.fullmatch(v.group(1)) and any(w.start() > v.end() for w in as_verbs))]
    lead = leading_phrase_end(ctx, text, sent)
    if lead is not None and qa > lead and any(v.start(1) > lead for v in verbs):
        # "When Trump called the Kremlin, Putin said "..."": the main clause's verb, not the leading phrase's
        verbs = [v for v in verbs if v.start(1) > lead]
    boundary_re = lex.clause_boundary_re
    closed = []  # relative clauses closed by a comma before the quotation ("Putin, whose spokesman had denied it, said")
    for m in boundary_re.finditer(text, sent[0], qa) if boundary_re else ():
        end = text.find(",", m.end(), qa)
        if m.group("rel") is not None and end >= 0:
            closed.append((m.end(), end))
    inside = [v for v in verbs if any(a <= v.start(1) < b for a, b in closed)]
    if inside and len(inside) < len(verbs):  # their verbs are not the quotation's while the main clause has one
        verbs = [v for v in verbs if v not in inside]
    crossed = {id(v) for v in verbs if boundary_re and (v.start() < qb and _crosses(boundary_re, text, v.end(1), qa) or (
        v.start() >= qb and boundary_re.search(text, qb, v.start(1))))}  # (""...," said Markov, whom Putin called ...")
    if len(crossed) < len(verbs):  # the quotation's own clause has a speech verb: a verb of another clause is not its
        verbs = [v for v in verbs if id(v) not in crossed]
        crossed = set()
    scored = []
    reasons = []
    passive: list = []  # (only when no other verb names a speaker: "X told RIA that contacts had been maintained")
    for v in verbs:
        after = v.start() >= qb
        if after:
            dist = v.start() - qb
            after_quote = MASK not in text[qb:v.start()] and (re.fullmatch(r"[\s,]*", text[qb + 1:v.start()]) is not None or (
                v.group(1).casefold() in lex.inversion_verbs and re.fullmatch(r"[\s,]*(?:has|have|had)\s+", text[qb + 1:v.start(1)])))
            # (""...," has declared the speaker": a translation's inverted order, behind an auxiliary)
        else:
            dist = qa - v.end()
            after_quote = False
        subject = subject_of_verb(ctx, n, text, sent, v, cands, after_quote)
        if subject is None:
            if is_passive(ctx, text, sent, v):  # "Lavrov was told that ...": words said to him, by someone unnamed
                passive.append((dist, "a passive speech verb: the words were said to someone, by no one the text names"))
            continue
        resolved, why = resolve(ctx, subject, n, subject.start)
        if v.group(1).casefold() in lex.document_verbs and (resolved is None or resolved.kind not in ("document", "institution")
                                                           and subject.kind not in ("document", "pronoun")):
            continue  # "Lavrov read a statement": a document verb speaks only for a document ("the text read", "it read")
        if resolved is None:
            reasons.append((dist, why))
            continue
        rank = 1 if resolved.kind in ("institution", "document") else 0  # a person's verb before an institution's
        # before the quotation, the outermost speech verb: "Ryabkov said that Biden had dismissed it: "..."" is
        # Ryabkov's (the later verb stands in his reported clause); after it, the nearest ("...," said X)
        boundary = id(v) in crossed  # ", while Zyuganov remarked ...": another clause
        order = dist if after or boundary else -dist if rank == 0 and subject.start < v.start(1) else dist
        scored.append((rank, 0 if after and after_quote else 1, order, dist, resolved,
                       "channel" if re.search(r"\bas\s+$", text[sent[0]:v.start(1)]) else "verb", v))
    if scored:
        scored.sort(key=lambda s: s[:3])
        best = scored[0]
        inner = [s for s in scored[1:] if s[4].kind in ("person", "unlisted") and s[4].key != best[4].key
                 and best[6].start() < s[6].start() < qa and re.fullmatch(r"[^.;!?\u2063]*[:,]\s*", text[s[6].end(1):qa])]
        if best[4].kind in ("person", "unlisted") and best[6].start() < qa and inner:
            # "Lavrov said Trump had told him: "..."": the words of the inner speaker, as the outer one reports them --
            # or the outer one's own; grammar does not decide
            return Attribution(None, reason=f"the words of {inner[0][4].name} as {best[4].name} reports them, or "
                                            f"{best[4].name}'s own", verb_near=True)
        if crossed and boundary_re is not None:
            # every verb stands in another clause ("Putin did not say it; Medvedev did: "...""): not when the
            # quotation's own clause, which introduces it with a colon, has a person of its own as its subject
            own = qa
            for m in boundary_re.finditer(text, sent[0], qa):
                own = m.end()
            if own < qa and text[own:qa].rstrip().endswith(":") and any(
                    c.kind in ("person", "unlisted", "anaphor") and own <= c.start < qa and c.key != best[4].key for c in cands):
                return Attribution(None, reason="the quotation's own clause has another subject, with no speech verb of its own",
                                   verb_near=True)
        scored = [(d, r, h) for _, _, _, d, r, h, _ in scored]
        if reasons and min(reasons)[0] < scored[0][0]:
            return Attribution(None, reason=min(reasons)[1], verb_near=True)
        return Attribution(scored[0][1], scored[0][2], verb_near=True)
    if reasons or passive:
        return Attribution(None, reason=min(reasons or passive)[1], verb_near=True)
    return Attribution(None, reason="", verb_near=bool(verbs))


def _crosses(boundary_re: re.Pattern, text: str, lo: int, hi: int) -> bool:
    """Does a clause boundary stand in ``text[lo:hi]``, other than a relative clause closed by a comma before ``hi``
    ("Lavrov said that Pompeo, who had called him, was "..."": the relative clause is inside the reported one)?"""
    for m in boundary_re.finditer(text, lo, hi):
        if m.group("rel") is None or "," not in text[m.end():hi]:
            return True
    return False


def introduced(ctx: Context, article: Article, spans: dict, n: int, sent: tuple[int, int]) -> Candidate | None:
    """The speaker whose words a sentence of quotation continues: the sentence before it (in this
    paragraph or the last of the paragraph before) ends with a speech verb and a colon ("Lavrov said:")."""
    par = ctx.pars[n]
    k = par.sents.index(sent) if sent in par.sents else -1
    if k > 0:
        pn, prev = n, par.sents[k - 1]
    elif n > 1:
        pn = n - 1
        prevpar = paragraph_of(ctx, article, spans, pn)
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
    r, _ = antecedent(ctx, Candidate(end, end + 1, "pronoun", gender=None), pn, end)
    return referring(r, r, "carried-introduced") if r is not None and r.kind in ("person", "unlisted") else None
