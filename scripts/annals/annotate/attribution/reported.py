"""Reported speech: words a reporting verb introduces without quotation marks.

A clause after a reporting verb ("said that ...", "said on Friday it was ...", "told reporters it
was ..."), a participle's clause (", adding that ..."), a source phrase ("According to X, ...",
"..., under terms of a decree signed by X"), a parenthetical verb ("..., his spokesman said.").  The
speaker is the verb's subject, resolved through the chain; a person reporting inside an institution's
words ("A Kremlin readout said that Putin expressed confidence that ...") is the speaker of the inner clause.
"""

from __future__ import annotations

import bisect
import re

from annals.annotate.attribution.candidates import candidates, matches
from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.chain import remember, resolve
from annals.annotate.attribution.evidence import confidence_of, display, method_of, speaker_kind
from annals.annotate.attribution.marks import Found, Piece
from annals.annotate.attribution.sentences import MASK, sentence_of
from annals.annotate.attribution.speech import is_participle, main_subject, possessive_source, subject_of_verb, via_in


UNNAMED = ("anonymous", "pronoun", "anaphor")
"""Subjects that may be people the text does not name (or cannot be resolved): their reported words are
kept, unattributed, with the reason."""


def _words(text: str, clause: tuple[int, int]) -> int:
    """How many of the reporter's words the clause holds (a clause that is only a quotation holds none)."""
    return len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " ")))


def _speaks(r: Candidate | None) -> bool:
    """Can ``r`` be shown as the speaker of reported words?  A person, an unlisted name, an institution,
    or a document whose author is known."""
    return r is not None and (r.kind in ("person", "unlisted", "institution") or (r.kind == "document" and bool(r.person_id)))


def sentence_speakers(ctx: Context, n: int, text: str, sent: tuple[int, int], results: list[Found]) -> None:
    """Reported speech in one sentence, and the speakers it introduces (for he/she later)."""
    lex = ctx.lex
    if not lex.report_re and not lex.verb_re:
        return
    cands = candidates(ctx, n, text, sent[0], sent[1])
    if _source_phrase(ctx, n, text, sent, cands, results):
        return
    _parenthetical(ctx, n, text, sent, cands, results)
    for v in matches(ctx, n, text, "report_re", sent[0], sent[1]):
        if MASK in v.group(0) or _reported_over(ctx, n, v.start(1), v.end(1)):
            continue  # (a verb inside words already reported)
        if is_participle(v.group(1)) and not re.search(r"\bas\s+$", text[sent[0]:v.start(1)]):
            continue  # "..., saying" belongs to the sentence's own verb; "was quoted as saying that" does not
        subject = subject_of_verb(ctx, n, text, sent, v, cands, False)
        if subject is None:
            continue
        r, why = resolve(ctx, subject, n, subject.start)
        if r is None:
            if subject.kind in UNNAMED:  # "a senior diplomat said Moscow expected ...": reported, by no one named
                clause = _reported_clause(ctx, text, sent, v, cands)
                if clause is not None and _words(text, clause) >= 2 and not _reported_over(ctx, n, *clause):
                    _add_reported(ctx, n, text, clause, None, "verb", results, why or "an unnamed source")
            continue
        if r.kind in ("person", "document", "unlisted"):
            remember(ctx, n, subject.start, r)
        if subject.start >= v.end(1) and v.group(1).casefold() in lex.inversion_verbs:
            continue  # "The deal, said Lavrov, is dead": inverted inside the sentence, no clause after the verb
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
        if _reported_over(ctx, n, *clause):
            continue
        _add_reported(ctx, n, text, clause, r, "verb", results)  # (and go on: "... and said ..." reports again)
    _participles(ctx, n, text, sent, cands, results)


def _reported_over(ctx: Context, n: int, a: int, b: int) -> bool:
    """Do the words ``[a, b)`` of paragraph ``n`` overlap reported words already recorded?"""
    done = ctx.reported_at.get(n, [])
    k = bisect.bisect_right(done, (b, float("inf")))
    return any(x0 < b and a < x1 for x0, x1 in done[max(0, k - 3):k])


# (the start of a content clause with no complementiser: Lexicon.clause_start_re)


def _participles(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                 results: list[Found]) -> None:
    """", adding that ...", ", saying Russia was ready ...": more words of the sentence's subject."""
    lex = ctx.lex
    if not lex.verb_re or not cands:
        return
    for v in matches(ctx, n, text, "verb_re", sent[0], sent[1]):
        if not is_participle(v.group(1)) or MASK in v.group(0):
            continue
        subject = main_subject(ctx, text, sent, [c for c in cands if c.end <= v.start(1)])
        if subject is None or subject.kind in ("anonymous", "agency"):
            continue
        before = text[sent[0]:v.start(1)]
        coordinated = ctx.lex.coordinator_re.search(before) if ctx.lex.coordinator_re else None
        if coordinated is not None:  # ", calling it "..." and saying ...": a second participle of the same subject
            before = before[:coordinated.start()]
        if not re.search(r"[,\u2063]\s*$", before) and not (coordinated and _after_participle(ctx, before)):
            continue
        rest = text[v.end(1):sent[1]]
        m = ctx.lex.complementiser_re.match(rest) if ctx.lex.complementiser_re else None  # "saying only at a meeting that"
        if m is not None and re.search(r"[,;:]", rest[:m.start(1)]):
            m = None
        if m is None and v.group(1).casefold() == "saying":
            m = ctx.lex.clause_start_re.match(rest)
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


def _after_participle(ctx: Context, before: str) -> bool:
    """Does ``before`` hold a participle set off by a comma ("..., calling it "...""), which a coordinated
    participle ("and saying") continues?"""
    last = None
    for m in ctx.lex.verb_re.finditer(before) if ctx.lex.verb_re else ():
        last = m
    return last is not None and is_participle(last.group(1)) and bool(re.search(r"[,\u2063]\s*$", before[:last.start(1)]))


def _adverbial(ctx: Context, words: str) -> bool:
    """Words of a time adverbial between a verb and its clause ("on Friday", "late on Monday")."""
    ws = re.findall(r"[\w'’-]+", words)
    return bool(ws) and all(w.casefold() in ctx.lex.gap_words or w.casefold() in ctx.lex.non_names for w in ws)


def _reported_clause(ctx: Context, text: str, sent: tuple[int, int], v: re.Match, cands: list[Candidate]) -> tuple[int, int] | None:
    """The words a reporting verb introduces: after "that", or a clause that starts right after the verb."""
    rest = text[v.end(1):sent[1]]
    lex = ctx.lex
    before = re.findall(r"[\w'’-]+", text[max(sent[0], v.start(1) - 24):v.start(1)])[-2:]
    if any(w.casefold() in lex.negation_words or w.casefold().endswith(("n't", "n’t")) for w in before):
        return None  # "did not say that ...", "never said": no words reported
    m = ctx.lex.complementiser_re.match(rest) if ctx.lex.complementiser_re else None  # "said (in an interview with "X") that"
    lead = 0
    if m is None and v.group(1).casefold() in ctx.lex.addressee_verbs:
        audience = ctx.lex.audience_re.match(rest) if ctx.lex.audience_re else None
        if audience is None:
            return None  # "told the Security Council.": the person spoken to, not the words
        lead = audience.end()  # "told journalists it was too early": an audience, then the words
    question = re.match(r"\s*([\w'’-]+)", rest[lead:])
    if m is None and question is not None and question.group(1).casefold() in lex.question_words:
        return None  # "did not say what Moscow would do", "told reporters whether ...": an indirect question
    if m is None:
        # (an adverbial ends on its noun: "on Monday", never on "in" or "a" -- "said in a statement posted ...")
        ends = [0] + [w.end() for w in re.finditer(r"\s+[\w'’-]+(?=\s)", rest[lead:lead + 60])
                      if w.group().strip().casefold() not in lex.place_prepositions and w.group().strip().casefold() not in
                      lex.complement_words | lex.definite | lex.indefinite][:3]
        for k in ends:  # "said on Friday he would", "told Interfax on Monday the Kremlin had": a time or place first
            m = ctx.lex.clause_start_re.match(rest, lead + k) if not k or _adverbial(ctx, rest[lead:lead + k]) else None
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
    for v in matches(ctx, n, text, "report_re", clause[0], clause[1]):
        if MASK in v.group(0) or is_participle(v.group(1)):
            continue
        subject = subject_of_verb(ctx, n, text, clause, v, inside, False)
        r = resolve(ctx, subject, n, subject.start)[0] if subject is not None else None
        if r is None or r.kind != "person":
            continue
        inner = _reported_clause(ctx, text, (clause[0], clause[1]), v, inside)
        if inner is not None:
            remember(ctx, n, subject.start, r)
            return r, (inner[0], clause[1])
    return None


def _source_phrase(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                   results: list[Found]) -> bool:
    """"According to X, ..." and "..., under terms of a decree signed by X." (``source_phrases``): X says the rest.

    X is the first person, unlisted name, institution or document after the phrase; a news agency there
    is only ``via`` (the verb, if any, names the speaker).  True when reported speech was added."""
    owned = possessive_source(ctx, n, text, sent[0], sent[1], cands)
    if owned is not None and not text[sent[0]:owned[0].start()].strip():  # "In Peskov's opinion, the sanctions will fail."
        m, r, why = owned
        comma = text.find(",", m.end(), sent[1])
        if comma >= 0 and re.fullmatch(r"\s*", text[m.end():comma]):
            clause = (comma + 1, _clause_end(text, sent))
            if clause[1] - clause[0] >= 12 and _words(text, clause) >= 2:
                if r is not None:
                    remember(ctx, n, m.start(), r)
                _add_reported(ctx, n, text, clause, r, "according", results, why or "an unnamed source")
                return True
    for m in ctx.lex.source_re.finditer(text, sent[0], sent[1]) if ctx.lex.source_re else ():
        after = [c for c in cands if c.start >= m.end(1) and c.kind != "pronoun"]
        pm = ctx.lex.source_pronoun_re.match(text, m.start(1)) if ctx.lex.source_pronoun_re else None
        if pm is not None:  # "according to him": the pronoun's antecedent
            after = [Candidate(pm.start(2), pm.end(2), "pronoun", gender=ctx.lex.pronoun_gender.get(pm.group(2).casefold()),
                               method="pronoun")]
        if not after or not re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,3}?", text[m.end(1):after[0].start]):
            continue
        c = after[0]
        r, why = resolve(ctx, c, n, c.start) if c.kind != "agency" else (None, "")
        if not _speaks(r) and not (r is None and c.kind in UNNAMED):
            continue
        if not text[sent[0]:m.start(1)].strip():  # leading: "According to the Kremlin, ..."
            comma = text.find(",", c.end, sent[1])
            if comma < 0:
                continue
            clause = (comma + 1, _clause_end(text, sent))
        else:  # trailing: "..., under terms of a decree signed by ..."
            before = text[sent[0]:m.start(1)].rstrip()
            if not before.endswith(",") or re.search(r"[,;:\u2063]", text[c.end:sent[1]]):
                continue  # (a phrase set off in the middle, "X, in the words of Y, is to "..."": not the end of the clause)
            clause = (sent[0], sent[0] + len(before) - 1)
        if clause[1] - clause[0] < 12 or len(re.findall(r"[\w'’-]+", text[clause[0]:clause[1]].replace(MASK, " "))) < 2:
            continue
        how = "according"
        inner = _inner_report(ctx, n, text, clause, [x for x in cands if clause[0] <= x.start < clause[1]])
        if inner is not None:  # "According to Peskov, Putin said that ...": Putin's words, as Peskov relays them
            r, clause = inner
            how = "verb"
        elif r is not None and r.kind in ("person", "document", "unlisted"):
            remember(ctx, n, c.start, r)
        _add_reported(ctx, n, text, clause, r, how, results, why or "an unnamed source")
        return True
    return False


def _parenthetical(ctx: Context, n: int, text: str, sent: tuple[int, int], cands: list[Candidate],
                   results: list[Found]) -> bool:
    """Speech verbs set off by commas: "..., his spokesman said." at the end of the sentence, or
    "In the Middle East, it said, Russia would ..." inside it.  True when reported speech was added."""
    if not ctx.lex.report_re:
        return False
    for v in matches(ctx, n, text, "report_re", sent[0], sent[1]):
        if is_participle(v.group(1)):
            continue
        tail = _without_trailing_phrase(ctx, text[v.end(1):sent[1]])
        final = re.fullmatch(r"(?:,?\s+[\w'’-]+){0,12}?[.!]?\s*", tail) if _adverbial_tail(ctx, tail) else None
        middle = None if final else re.match(r"\s*,\s+(?=\S)", tail)
        if not final and not middle:
            inverted = _inverted(ctx, n, text, sent, v, cands)  # "..., says Tatiana Rovenskaya, who teaches ..."
            if inverted is None:
                continue
            c, final = inverted, True
        else:
            preps = ctx.lex.preposition_before_re
            subj = [c for c in cands if c.end <= v.start(1) and c.kind in ("person", "pronoun", "unlisted", "institution", "document",
                                                                         "anaphor", "anonymous")
                    and (all(w.casefold() in ctx.lex.gap_words for w in text[c.end:v.start(1)].split())
                         or c.kind == "anonymous" and re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,4}", text[c.end:v.start(1)]))
                    and not (preps and preps.search(text, max(sent[0], c.start - 12), c.start)
                             and any(x.end < c.start and re.fullmatch(r"\s+\S+\s+(?:\S+\s+)?", text[x.end:c.start]) for x in cands))]
            if not subj:
                if final and _unknown_frame(ctx, n, text, sent, v, results):
                    return True
                continue
            c = subj[-1]
        if MASK in text[c.start:v.end(1)]:
            continue
        lead = re.search(r",\s+(?:[\w'’.-]+\s+){0,4}?$", text[sent[0]:c.start])  # ", his spokesman" / ", it" / ", Mr."
        if lead is None or (ctx.lex.coordinator_re and ctx.lex.coordinator_re.search(text[sent[0]:c.start], lead.start())):
            continue  # (", and on Monday the Kremlin explained why": another clause, not a parenthesis)
        if middle and not _leading_phrase(ctx, text[sent[0]:sent[0] + lead.start()]):
            continue  # ("Russia, he noted, has spent ...": the clause's subject stands before the parenthesis)
        r, why = resolve(ctx, c, n, c.start)
        if not _speaks(r) and not (r is None and c.kind in UNNAMED):
            continue
        if final:
            clause = (sent[0], sent[0] + lead.start())
        else:
            clause = (v.end(1) + middle.end(), _clause_end(text, sent))
        if clause[1] - clause[0] < 12 or _words(text, clause) < 3 or text[clause[0]:clause[1]].rstrip().endswith(":"):
            continue  # (a clause that is a quotation, or introduces one: the quotation carries its speaker)
        if r is not None and (r.kind == "institution" or (r.kind == "document" and not r.person_id)):
            inner = _inner_report(ctx, n, text, clause, [x for x in cands if clause[0] <= x.start < clause[1]])
            if inner is not None:  # "Putin told Bush that ..., the Kremlin press service reported": Putin's words
                r, clause = inner
        if r is not None and r.kind in ("person", "document", "unlisted"):
            remember(ctx, n, c.start, r)
        _add_reported(ctx, n, text, clause, r, "verb", results, why or "an unnamed source")
        return True
    return False


def _unknown_frame(ctx: Context, n: int, text: str, sent: tuple[int, int], v: re.Match, results: list[Found]) -> bool:
    """A sentence that ends with a speech verb set off by a comma whose subject the finder does not know ("He
    thinks she is too pessimistic, the governor's office said in a statement"): the words before it are that
    subject's report, not the words of a person named inside them; kept, unattributed."""
    frame = re.search(r",\s+((?:[\w'’.-]+\s+){1,5}?)$", text[sent[0]:v.start(1)])
    if frame is None or MASK in frame.group(1) or matches(ctx, n, text, "verb_re", sent[0] + frame.start(1), v.start(1)):
        return False
    words = frame.group(1).split()
    lex = ctx.lex
    if words[0].casefold() not in lex.definite and words[0].casefold() not in lex.possessive or not all(
            w[:1].islower() for w in words[1:]):
        return False  # (a common noun phrase: "the USA Today reported" is an outlet's report)
    clause = (sent[0], sent[0] + frame.start())
    if _words(text, clause) < 3 or _reported_over(ctx, n, *clause) or text[clause[0]:clause[1]].rstrip().endswith(":"):
        return False
    _add_reported(ctx, n, text, clause, None, "verb", results,
                  f"reported by '{frame.group(1).strip()}', whom the finder cannot identify")
    return True


def _without_trailing_phrase(ctx: Context, tail: str) -> str:
    """What follows a sentence-final speech verb, without a trailing phrase set off by a comma that opens with a
    participle or a subordinating word, perhaps after a time noun ("..., Ivanov said on Thursday, adding that ...";
    "..., Putin said on Wednesday, hours after Trump won"): the phrase does not make the verb's clause go on."""
    m = re.search(r",\s+(?:[\w'’-]+\s+){0,2}?([\w'’-]+)\b", tail)
    while m is not None:
        w = m.group(1).casefold()
        if (w in ctx.lex.subordinate_openers or w.endswith("ing")) and MASK not in tail[:m.start()]:
            return tail[:m.start()]
        m = re.compile(r",\s+(?:[\w'’-]+\s+){0,2}?([\w'’-]+)\b").search(tail, m.end())
    return tail


def _leading_phrase(ctx: Context, before: str) -> bool:
    """Is ``before`` (what stands before a parenthesis like ", it said,") a leading phrase -- an adverbial
    ("In the Middle East", "For now") -- rather than the clause's own subject?"""
    first = re.match(r"\s*([\w'’-]+)", before)
    return first is not None and (first.group(1).casefold() in ctx.lex.subordinate_openers
                                  or first.group(1).casefold() in ctx.lex.place_prepositions)


def _adverbial_tail(ctx: Context, tail: str) -> bool:
    """Is ``tail``, after a verb that ends a sentence's clause, only an audience or a time ("told reporters on
    Monday", "has said", "reported on Wednesday")?"""
    words = re.findall(r"[\w'’-]+", tail)
    if all(w.casefold() in ctx.lex.gap_words or w.casefold() in ctx.lex.audience_words for w in words) and len(words) <= 4:
        return True
    # "told reporters in Minsk on Friday", "said in an interview published on Friday": an audience or a gap word, then
    # phrases opened by prepositions, and no word that makes a clause of its own
    lex = ctx.lex
    opens = lex.subordinate_openers | frozenset(lex.place_prepositions) | lex.complement_words
    return (0 < len(words) <= 12 and MASK not in tail and not re.search(r"[;:]", tail)
            and (words[0].casefold() in lex.gap_words or words[0].casefold() in lex.audience_words or words[0].casefold() in opens)
            and not any(w.casefold() in lex.clause_words for w in words)
            and any(w.casefold() in opens for w in words))


def _inverted(ctx: Context, n: int, text: str, sent: tuple[int, int], v: re.Match, cands: list[Candidate]) -> Candidate | None:
    """The speaker of a trailing inverted attribution: ", says Tatiana Rovenskaya, who teaches ...", ", said the
    minister." (a verb after a comma, then the speaker and only an apposition or a relative clause)."""
    if not re.search(r",\s*$", text[max(sent[0], v.start(1) - 3):v.start(1)]):
        return None
    after = [c for c in cands if c.start >= v.end(1) and re.fullmatch(r"\s+", text[v.end(1):c.start])]
    if not after or after[0].kind not in ("person", "unlisted", "anaphor", "anonymous", "institution"):
        return None
    c = after[0]
    rest = text[c.end:sent[1]]
    if not re.fullmatch(r"(?:,[^\u2063]*)?[.!]?\s*", rest):
        return None
    return c


def _clause_end(text: str, sent: tuple[int, int]) -> int:
    end = sent[1]
    while end > sent[0] and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return end


def _add_reported(ctx: Context, n: int, text: str, clause: tuple[int, int], c: Candidate | None, how: str,
                  results: list[Found], reason: str = "") -> None:
    """Record the reported words ``text[clause]`` of ``c`` (None: a speaker the text does not name, ``reason``)."""
    a, b = clause
    while a < b and text[a].isspace():
        a += 1
    dateline = re.match(r"[A-Z][A-Z .,'’-]{2,40}(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^()]{1,30}\))?\s[-–—]+\s", text[a:b])
    if dateline:
        a += dateline.end()
    tail = re.search(r",\s*(?:according to|as cited by|[A-Z][\w ]{0,30} reported)\b[^,]*$", text[a:b])
    if tail:
        b = a + tail.start()
    for v in matches(ctx, n, text, "verb_re", a, b):  # "..., adding that ...", "... and said ...": the subject's next words
        before = text[a:v.start(1)]
        joint = (re.search(r",\s*$", before) if is_participle(v.group(1)) else None) or (
            ctx.lex.coordinator_re.search(before) if ctx.lex.coordinator_re else None)
        if joint is not None and a + joint.start() > a:
            b = min(b, a + joint.start())
            break
    colon = re.search(r":\s*\u2063", text[a:b])  # a colon before a quotation: what follows is direct speech
    if colon:
        b = a + colon.start()
    semicolon = text.find(";", a, b)  # a semicolon closes the reported clause ("Putin did not say it; Medvedev did")
    if semicolon >= 0:
        b = semicolon
    if b - a < 12:
        return
    f = Found([Piece(n, a, b, True)], reported=True, kind="reported")
    sent = sentence_of(ctx.pars[n].sents, a)
    if c is None:
        f.method, f.reason, f.speaker_kind = "unresolved", reason, "none"
        f.via = via_in(ctx, text, sent[0], max(sent[1], b), n=n)
        bisect.insort(ctx.reported_at.setdefault(n, []), (a, b))
        results.append(f)
        return
    f.speaker_id, f.speaker = display(ctx, c)
    f.speaker_kind = speaker_kind(c)
    f.title = c.title if c.kind == "unlisted" else None
    f.via = via_in(ctx, text, sent[0], max(sent[1], b), n=n, speaker=c)
    f.method = method_of(c, how)
    f.confidence = confidence_of(f.method)
    if c.kind == "document":
        f.document = c.document
    bisect.insort(ctx.reported_at.setdefault(n, []), (a, b))
    results.append(f)
