"""One quotation in marks: is it anyone's words, what kind, and who said it.

A name or title in marks (after a cue word, before one, or in Title Case) and a short term with no
speaker are ``scare``.  Otherwise the quotation's own sentence is read for a speech event; a quotation
that runs over paragraphs may be attributed after its last piece; a sentence that is only a quotation
continues an introduction ending in a colon, or the speaker before it (carried).  When nothing names a
speaker, the quotation is unattributed with the reason; never the nearest listed person.
"""

from __future__ import annotations

import re

from annals.annotate.attribution.candidates import candidates, matches, paragraph_of
from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.chain import carried_speaker, remember, resolve
from annals.annotate.attribution.evidence import confidence_of, display, method_of, speaker_kind
from annals.annotate.attribution.marks import Found, words_of
from annals.annotate.attribution.sentences import MASK, sentence_of
from annals.annotate.attribution.speech import Attribution, _gap_ok, attribute, clause_start, introduced, main_subject, via_in
from annals.model import Article


TITLE_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "de", "la", "or"})


def _not_a_quotation(ctx: Context, text: str, qa: int, qb: int, words: str) -> str:
    """Why quoted words are a name or a title rather than anyone's words ("" when they may be words)."""
    cue = ctx.lex.name_cue_re.search(text, max(0, qa - 40), qa) if ctx.lex.name_cue_re else None
    if cue is not None and len(words.split()) <= 8:
        # after a noun for a named thing ("the weekly", "the law") a name is written with a capital; after a
        # naming word ("so-called", "dubbed") any term
        if cue.group(1).casefold() in ctx.lex.term_cues or words[:1].isupper() or words[:1].isdigit():
            return NAME
    term = ctx.lex.term_cue_re.search(text, max(0, qa - 40), qa) if ctx.lex.term_cue_re else None
    if term is not None and len(words.split()) <= 8:
        return NAME
    after = ctx.lex.name_cue_after_re.match(text, qb + 1) if ctx.lex.name_cue_after_re and text[qb:qb + 1] == " " else None
    if after is not None and len(words.split()) <= 8:
        return NAME
    ws = words.rstrip(",.").split() if len(words.split()) > 1 else words.split()
    if 1 <= len(ws) <= 6 and not re.search(r"[.,!?;:…]$", " ".join(ws)) and ws[0][:1].isupper() and all(
            w[:1].isupper() or w.casefold() in TITLE_SMALL or not w[:1].isalpha() for w in ws) and (
            len(ws) > 1 or not ws[0].isalpha() or ws[0].isupper() or len(ws[0]) > 1 and ctx.lex.verb_re is not None):
        if len(ws) > 1 or (qa > 0 and not text[:qa].rstrip().endswith((":", ","))):
            return NAME
    return ""


NAME = "a name or title in quotation marks"


def _named_thing(ctx: Context, text: str, qa: int, words: str) -> bool:
    """Quoted words right after a noun for a named thing, written as a name ("In the weekly 'Obshchaya
    Gazeta', the commentator wrote"): a name, whatever verb stands near."""
    cue = ctx.lex.name_cue_re.search(text, max(0, qa - 40), qa) if ctx.lex.name_cue_re else None
    if cue is None:  # "the Center "Atlantic Studies"", "the Foundation "Vector Segodnya"": a capitalised noun of a named thing
        cue = re.search(r"\b(?:the|The)\s+([A-Z][a-z]+)\s+$", text[max(0, qa - 40):qa])
    return (cue is not None and cue.group(1).casefold() not in ctx.lex.term_cues and len(words.split()) <= 6
            and all(w[:1].isupper() or w.casefold() in TITLE_SMALL or not w[:1].isalpha() for w in words.rstrip(",.").split()))


def one_quote(ctx: Context, article: Article, spans: dict, p, text: str, sents: list, f: Found,
               results: list[Found], scare_max: int) -> None:
    qa, qb = f.pieces[0].start - 1, f.pieces[-1].end + 1
    last = f.pieces[-1]
    sent = sentence_of(sents, qa)
    words = words_of(article, f)
    nwords = len(words.split())
    why_name = _not_a_quotation(ctx, text, qa, qb, words)
    if last.n != p.n:  # runs over paragraphs: attribution may follow the last piece
        lpar = paragraph_of(ctx, article, spans, last.n)
        lsent = sentence_of(lpar.sents, last.end)
        a = attribute(ctx, last.n, lpar.text, (lsent[0], lsent[1]), 0, min(last.end + 1, len(lpar.text)))
        if a.speaker is None and not a.reason:
            a = attribute(ctx, p.n, text, (sent[0], len(text)), qa, len(text))
        via = (via_in(ctx, lpar.text, lsent[0], lsent[1], n=last.n, speaker=a.speaker)
               or via_in(ctx, text, sent[0], qa, n=p.n, speaker=a.speaker))
    else:
        a = attribute(ctx, p.n, text, sent, qa, qb)
        if a.speaker is None and not a.reason and not words[:1].isupper():
            named = _named_by(ctx, p.n, text, sent, qa)
            if named is not None:  # "Zakharova dubbed the debate "a circus"": her word
                a, why_name = Attribution(named, "verb", verb_near=True), ""
        via = via_in(ctx, text, sent[0], sent[1], n=p.n, speaker=a.speaker)
        if why_name and a.how not in ("verb", "channel") or why_name and a.speaker is not None and (
                not beside_speech_verb(ctx, text, qa, qb) or _named_thing(ctx, text, qa, words)):
            f.kind, f.reason = "scare", why_name
            results.append(f)
            return
    c, how = a.speaker, a.how
    standalone = not text[sent[0]:qa].strip(" \t\"“”'‘’«»„") and not re.sub(r"[\s.,!?\"“”'‘’«»…)]", "", text[qb:sent[1]])
    if c is None and not a.reason:
        same = _same_sentence_speaker(ctx, p.n, text, sent, qa, results)
        if same is not None:  # 'The talks were "useful," and the next round "not yet scheduled."': one speaker
            f.kind = _kind(article, f, text, sent, qa)
            for field in ("speaker_id", "speaker", "speaker_kind", "title", "method", "confidence", "document"):
                setattr(f, field, getattr(same, field))
            f.via = via
            results.append(f)
            return
    if c is None and not a.reason and (nwords > scare_max or nwords > 1 and not words[:1].isupper()):
        intro = introduced(ctx, article, spans, p.n, sent) if standalone else None
        if intro is not None:
            c, how = intro, "carried-introduced"
        else:
            introduced_here = text[sent[0]:qa].rstrip().endswith(":")
            # a sentence whose subject could be the source itself (an outlet, an institution, a document, an
            # unnamed source, a name in marks: "the daily "X" dubbed the gift "..."") does not carry a speaker
            source = [x for x in candidates(ctx, p.n, text, sent[0], sent[1])
                      if x.kind in ("agency", "institution", "document", "anonymous") and not qa <= x.start < qb]
            carries = standalone or (not a.verb_near and not source and MASK not in text[sent[0]:qa])
            carried = carried_speaker(ctx, p.n, qa, sent) if carries and not introduced_here else None
            if carried is not None and _named_after(ctx, p.n, text, qb, carried):
                # ""...," Lavrov said. || "..." Ryabkov was speaking in Geneva.": the words may be the one's named after them
                carried, a.reason = None, "the speaker before it and a person named after it compete"
            if carried is not None:
                c, how = carried, "carried"
                via = None
            elif introduced_here:  # "Ryabkov gave a long answer: "..."": the clause before the colon is his
                # (in the clause before the colon: "Pompeo met Lavrov, and the Russian said:" is not Pompeo's)
                subject = main_subject(ctx, text, sent, [x for x in candidates(ctx, p.n, text, clause_start(ctx, text, sent, qa), qa)])
                if subject is not None:
                    r, why = resolve(ctx, subject, p.n, subject.start)
                    if r is not None and r.kind in ("person", "unlisted"):
                        c, how = r, "carried-introduced"
                    elif why:
                        a.reason = why
    if c is None or (c.kind == "document" and not c.person_id and how != "verb"):
        # no speaker: a term (scare quote) unless a speech verb stands beside it or it is a sentence of its own
        unresolved = bool(a.reason) or beside_speech_verb(ctx, text, qa, qb) or (nwords > scare_max and words[:1].isupper())
        if c is None and not unresolved:
            f.kind, f.reason = "scare", why_name or "a term in quotation marks, no one is quoted as saying it"
        else:
            f.kind = _kind(article, f, text, sent, qa)
            f.reason = a.reason or ("a document whose author is not named" if c is not None else
                                    "a speech verb stands beside it, but its subject is no one the finder can identify"
                                    if beside_speech_verb(ctx, text, qa, qb) else "the text does not say who said it")
            f.method = "unresolved"
            f.via = via  # "a source in the ministry told RIA Novosti": the outlet relays an unnamed source's words
            if a.reason or (c is None and beside_speech_verb(ctx, text, qa, qb)):
                # its speaker is someone unnamed, or someone the finder did not recognise ("...," replied his
                # interviewer): "he added" after it, or the next quotation, does not reach back past them
                ctx.chain.append((p.n, qa, Candidate(qa, qb, "anonymous", key=f"?{p.n}:{qa}", reason=a.reason or (
                    "the speaker of the quotation before is not identified")), "speaker"))
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
        remember(ctx, p.n, qa, c)
    results.append(f)


def _named_after(ctx: Context, n: int, text: str, qb: int, speaker: Candidate) -> bool:
    """Is someone other than ``speaker`` named after a quotation in the rest of its paragraph, who may be the
    one whose words they are?  (A person the next paragraph names is a new topic more often than the source.)"""
    others = [x for x in candidates(ctx, n, text, qb, len(text)) if x.kind in ("person", "unlisted", "anaphor")]
    return any(x.key != speaker.key and (x.kind != "anaphor" or x.key is None or x.key != speaker.key) for x in others
               if x.person_id != speaker.person_id or x.kind == "unlisted" and x.key != speaker.key)


def _same_sentence_speaker(ctx: Context, n: int, text: str, sent: tuple[int, int], qa: int, results: list[Found]) -> Found | None:
    """The attributed quotation before ``qa`` in the same sentence, when no person, pronoun or speech verb stands
    between it and this one: this quotation continues its words."""
    prev = None
    for r in reversed(results[-6:]):
        if r.pieces[0].n == n and not r.reported and sent[0] <= r.pieces[0].start - 1 < qa and len(r.pieces) == 1:
            prev = r
            break
    if prev is None or not (prev.speaker_id or prev.speaker) or prev.kind == "scare":
        return None
    lo = prev.pieces[-1].end + 1
    if any(x.kind in ("person", "unlisted", "pronoun", "anaphor", "anonymous", "institution", "agency")
           for x in candidates(ctx, n, text, lo, qa)) or matches(ctx, n, text, "verb_re", lo, qa):
        return None
    return prev


def _named_by(ctx: Context, n: int, text: str, sent: tuple[int, int], qa: int) -> Candidate | None:
    """The person whose term a quotation after a verb of naming is ("Zakharova dubbed the debate "a circus"",
    "Medvedev ridiculed Biden as "sleepy""): the verb's own subject, right before it, resolved to a person."""
    if ctx.lex.naming_re is None:
        return None
    verb = None
    for m in ctx.lex.naming_re.finditer(text, max(sent[0], qa - 60), qa):
        verb = m
    if verb is None or MASK in text[verb.end():qa]:
        return None
    left = [x for x in candidates(ctx, n, text, sent[0], verb.start(1)) if x.kind in ("person", "unlisted", "pronoun", "anaphor")]
    if not left or not _gap_ok(ctx, text[left[-1].end:verb.start(1)]):
        return None
    r, _ = resolve(ctx, left[-1], n, left[-1].start)
    return r if r is not None and r.kind in ("person", "unlisted") else None


def beside_speech_verb(ctx: Context, text: str, qa: int, qb: int) -> bool:
    """Is the quotation ``text[qa:qb]`` (marks included) attributed by its shape: a speech verb within
    a few words after it ('"...," he said') or right before it ('told reporters: "..."')?"""
    if not ctx.lex.verb_re:
        return False
    after = re.match(r"[\s,]*((?:[\w'’.-]+\s+){0,4}[\w'’-]+)", text[qb:qb + 60])
    if after and any(ctx.lex.verb_re.fullmatch(w) for w in after.group(1).split()):
        return True
    before = re.search(r"([\w'’-]+)(?:\s+(?:reporters|journalists))?\s*[:,]?\s*$", text[max(0, qa - 60):qa])
    return bool(before and ctx.lex.verb_re.fullmatch(before.group(1)))


SAYING_LAST = {"saying", "said", "says", "added", "adding", "told", "wrote", "writing", "declared", "stated", "replied",
               "asked", "reporters", "journalists", "tweeted", "posted", "quipped", "continued", "noted", "stressed"}


def _kind(article: Article, f: Found, text: str, sent: tuple[int, int], qa: int) -> str:
    words = words_of(article, f).lstrip("…. ")
    if not words or not (words[0].isupper() or words[0].isdigit()):
        return "partial"
    pre = text[sent[0]:qa].rstrip()
    if not pre or pre.endswith(":") or pre.endswith(MASK + ","):
        return "full"
    last = re.search(r"([\w'’-]+)\s*,?$", pre)
    if last and last.group(1).lower() in SAYING_LAST:
        return "full"
    return "partial"
