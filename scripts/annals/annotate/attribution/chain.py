"""The article's chain of people, and what a pronoun, an anaphoric noun or a document refers to.

People go on the chain in text order (as a sentence's subject, another person of the sentence, or a
speaker).  Pronouns and anaphoric nouns go, in Hobbs' order, to the leftmost fitting person of the
nearest sentence before them (this paragraph and two before); possessors are not antecedents, and an
anonymous source or an unresolved role is a person who names no one.  A document speaks for its
owner or author.  A quotation with no attribution of its own carries the last speaker only while no
other person has since been a sentence's subject.
"""

from __future__ import annotations

import bisect
import re

from annals.annotate.attribution.candidates import candidates, record_title
from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.descriptions import refer
from annals.annotate.attribution.sentences import MASK, sentence_of


POSSESSOR = re.compile(r"['’]s?\s+[\w-]")


def enter(ctx: Context, n: int, pos: int, c: Candidate, role: str) -> None:
    """Put a person (listed, unlisted, or anonymous: "a senior official ... he said") on the article's chain."""
    if c.kind in ("person", "unlisted") and c.key:
        ctx.chain.append((n, pos, c, role))
    elif c.kind == "anonymous":
        c.key = c.key or f"?{n}:{pos}"
        ctx.chain.append((n, pos, c, role))


def chain_sentence(ctx: Context, n: int, text: str, sent: tuple[int, int]) -> None:
    """The people of one sentence go on the chain; the first, when it opens the sentence (after at most a
    leading phrase closed by a comma), is the sentence's subject.  A role phrase goes on as the person it
    refers to (or as the unnamed person it stands for)."""
    every = candidates(ctx, n, text, sent[0], sent[1])
    cands = [c for c in every if c.kind in ("person", "unlisted", "anonymous") or c.description is not None]
    _pronoun_subject(ctx, n, text, sent, every)
    if not cands:
        return
    first = cands[0]
    opener = re.match(r"\s*([\w'’-]+)", text[sent[0]:sent[1]])
    comma = text.find(",", sent[0], sent[1])
    if opener and opener.group(1).casefold() in ctx.lex.subordinate_openers and comma >= 0 and first.start < comma:
        # "Unlike Lavrov, Pompeo was upbeat": the person in the leading phrase is not the sentence's subject
        first = next((c for c in cands if c.start > comma), None) or Candidate(0, 0, "none")
    lead = text[sent[0]:first.start] if first.kind != "none" else MASK
    subject = MASK not in lead and (len(lead.split()) <= 3 or lead.rstrip().endswith(",")) and not re.search(
        r"\b(?:to|with|by|for|of|from|about|against|on|at)\s*$", lead, re.IGNORECASE) and not any(
        x.kind == "pronoun" and x.gender in ("male", "female") and x.end <= first.start for x in every)
    # ("He met Pompeo later": the pronoun is the subject, Pompeo an object)
    for i, c in enumerate(cands):
        role = "subject" if c is first and subject else "other"
        named = apposed_name(text, c, cands[i + 1] if i + 1 < len(cands) else None)
        if named is not None:
            # "The official representative of the Foreign Ministry, Alexandr Lukashevich, told ...", "His deputy for
            # the economy, Olga Fedotova, was more cautious": the role phrase and the name after it are one person,
            # the name's (the role phrase alone would stand for someone the text does not name)
            if text[c.start:named.start].strip(" ,"):  # the role phrase is a title the text gives the name
                record_title(ctx, named.key, text[c.start:named.start].strip(" ,"))
            c = referring(named, c, named.method or "name")
        elif c.description is not None:
            h = referent(ctx, c, n, c.start)
            if h is None:  # refers to no one: an unnamed person from here on
                c = Candidate(c.start, c.end, "anonymous", name=c.name, gender=c.gender, reason=referent_reason(c))
            else:
                c = Candidate(c.start, c.end, h.kind, h.person_id, h.name, "anaphor", h.gender, h.document, h.title, h.key,
                              h.reason)
        enter(ctx, n, c.start, c, role)


APPOSED = re.compile(r"(?:\s+(?:of|for|at|to|in|on)\s+[^,;:()\u2063]{1,50}?)?\s*,?\s+"
                     r"|(?:\s+[a-z][\w'’-]*){1,3}\s*,\s+")  # ("The deputy foreign minister, Sergei Ryabkov": words of the title)


def apposed_name(text: str, c: Candidate, nxt: Candidate | None) -> Candidate | None:
    """The name in apposition right after a role phrase (``c``): the next candidate, a person or an unlisted
    person, after at most a short complement of the role ("of the Foreign Ministry") and a comma."""
    if c.description is None and c.kind != "anonymous" or nxt is None or nxt.kind not in ("person", "unlisted") or nxt.start < c.end:
        return None
    if not APPOSED.fullmatch(text, c.end, nxt.start) or POSSESSOR.match(text, nxt.end) and text[nxt.end:nxt.end + 1] in "'’":
        return None
    return nxt


def _pronoun_subject(ctx: Context, n: int, text: str, sent: tuple[int, int], every: list[Candidate]) -> None:
    """A sentence whose subject is "he" or "she" (opening it) goes on the chain as the person the pronoun refers to,
    in the role "topic": the person the text goes on talking about ("He also criticised Biden's pick. "..."": a
    quotation standing alone after it may still be his)."""
    if not every or every[0].kind != "pronoun" or every[0].gender not in ("male", "female"):
        return
    c = every[0]
    if re.search(r"\w", text[sent[0]:c.start]) or not re.match(r"\s", text[c.end:c.end + 1]):
        return  # (only a pronoun that opens its sentence: its subject)
    h, _ = antecedent(ctx, c, n, c.start)
    if h is not None and h.kind in ("person", "unlisted") and h.key:
        ctx.chain.append((n, c.start, referring(h, c, "pronoun"), "topic"))


def referent(ctx: Context, c: Candidate, n: int, pos: int) -> Candidate | None:
    """The chain entry a definite role phrase refers to (a person, an unlisted person or an unnamed one),
    found once and kept on the candidate."""
    if c.referent is None:
        c.referent = refer(ctx, c, n, pos)
    return c.referent[0]


def referent_reason(c: Candidate) -> str:
    return c.referent[1] if c.referent else ""


def resolve(ctx: Context, c: Candidate, n: int, pos: int) -> tuple[Candidate | None, str]:
    """A candidate made concrete, and why not when it cannot be: a pronoun or anaphoric noun becomes the
    last salient person that fits; a document its author."""
    if c.kind == "institution":
        return _institution_named(ctx, c, n, pos), ""
    if c.kind in ("person", "unlisted"):
        return c, ""
    if c.kind == "anonymous":
        return None, c.reason or "an unnamed source"
    if c.description is not None:
        h = referent(ctx, c, n, pos)
        if h is None or h.kind == "anonymous":
            return None, referent_reason(c) or "refers to someone the text does not name"
        return Candidate(c.start, c.end, h.kind, h.person_id, h.name, "anaphor", h.gender, h.document, h.title, h.key), ""
    if c.kind in ("pronoun", "anaphor"):
        if c.gender == "thing":
            par = ctx.pars.get(n)
            if par is not None:  # "the Foreign Ministry said it hoped ...": the institution of its sentence, or the one before
                k = par.sents.index(sentence_of(par.sents, pos)) if par.sents else 0
                for lo, hi in (par.sents[k:k + 1] + par.sents[max(0, k - 1):k]) if par.sents else ():
                    inst = [x for x in candidates(ctx, n, par.text, lo, min(hi, pos)) if x.kind in ("institution", "document")
                            and not POSSESSOR.match(par.text, x.end)]
                    if inst and inst[0].kind == "document":  # "The telegram, published on ..., was cooler. "...," it read"
                        r, _ = resolve(ctx, inst[0], n, inst[0].start)
                        if r is not None and (r.kind == "institution" or r.person_id):
                            return r, ""
                        inst = [x for x in inst if x.kind == "institution"]
                    if inst:
                        return inst[0], ""
            for hn, hpos, h in reversed(ctx.history[-50:]):
                if (hn, hpos) < (n, pos) and h.kind in ("document", "institution"):
                    return h, ""
            doc = _last_document(ctx, n, pos)
            if doc is not None:
                author = ctx.document_authors[doc]
                return Candidate(c.start, c.end, "document", author, ctx.people[author].name, "document",
                                 ctx.people[author].gender, document=doc, key=author), ""
            return None, "no antecedent for 'it'"
        return antecedent(ctx, c, n, pos)
    if c.kind == "document":
        text = ctx.pars[n].text if n in ctx.pars else ""
        owner = re.search(r"(?<![\w-])([Hh]is|[Hh]er)\s+(?:[\w'’-]+\s+){0,2}$", text[max(0, c.start - 40):c.start])
        if owner:  # "His Facebook post said": the owner of the document
            pron = Candidate(c.start, c.end, "pronoun", gender="female" if owner.group(1).lower() == "her" else "male")
            r, why = antecedent(ctx, pron, n, c.start - len(owner.group(0)))
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
        issuer = ctx.document_institutions.get(c.name.casefold())
        if issuer:  # "the statement said": the institution that issued it
            inst = Candidate(c.start, c.end, "institution", name=issuer, method="institution", key=f"@{issuer}")
            return _institution_named(ctx, inst, n, c.start), ""
        return Candidate(c.start, c.end, "document", None, None, "document", document=c.name.lower()), ""
    if c.kind == "agency":  # an outlet that is a verb's subject speaks in its own voice
        return Candidate(c.start, c.end, "institution", name=c.name, method="outlet", key=f"@{c.name}"), ""
    return None, "no speaker"


def _institution_named(ctx: Context, c: Candidate, n: int, pos: int) -> Candidate:
    """An institution named by its head noun alone ("the ministry said") is the one the text named before in
    full with that head ("the Foreign Ministry"): the nearest before it, in this paragraph or the three before."""
    words = (c.name or "").split()
    if len(words) > 2 or len(words) == 2 and words[0].casefold() != "the":
        return c
    head = words[-1].casefold()
    for k in range(n, max(0, n - 4), -1):
        par = ctx.pars.get(k)
        if par is None:
            continue
        for x in reversed(par.cands):
            if x.kind != "institution" or (k == n and x.start >= pos) or x is c:
                continue
            xs = (x.name or "").split()
            if len(xs) >= 2 and xs[-1].casefold() == head and not (len(xs) == 2 and xs[0].casefold() == "the"):
                return Candidate(c.start, c.end, "institution", name=x.name, method=c.method, key=x.key)
    return c


def antecedent(ctx: Context, c: Candidate, n: int, pos: int) -> tuple[Candidate | None, str]:
    """The person a pronoun or anaphoric noun refers to (Hobbs' order): the first person of that gender in
    its own sentence before it, else in the sentence before, and so on back over this paragraph and the
    two before; in each sentence the leftmost (the subject before the objects).  A newly named person
    thus changes who "he" is, while an object named after the subject does not.  An anonymous source
    or a role whose holder is unknown is a person too: "he" then names no one."""
    def fits(h: Candidate) -> bool:
        return c.gender is None or h.gender is None or h.gender == c.gender

    how = "pronoun" if c.kind == "pronoun" else "anaphor"
    turn = ctx.label_spans.get(n)
    if turn is not None and turn[0] <= pos < turn[1]:
        # inside a transcript turn the speaker is "I": "he" and "the minister" are someone else
        itself = {h.key for hn, hpos, h, role in ctx.chain if hn == n and hpos == 0 and role == "speaker"}
    else:
        itself = set()
    group: list = []
    group_id = None
    possessors: dict = {}
    for hn, hpos, h, role in reversed(ctx.chain):
        if (hn, hpos) >= (n, pos) or h.key in itself:
            continue
        if n - hn > 2:
            break
        par = ctx.pars.get(hn)
        sid = (hn, sentence_of(par.sents, hpos)[0]) if par is not None else (hn, 0)
        if group and sid != group_id:
            break
        if par is not None and POSSESSOR.match(par.text, h.end) and par.text[h.end:h.end + 1] in "'’":
            if fits(h) and h.kind != "anonymous":
                possessors.setdefault(sid, []).append((hpos, h))
            continue  # "the president-elect's promises": a possessor is not what "he" refers to
        if hn == n and par is not None and par.text[h.end:pos].rstrip().endswith(",") and sid == (n, sentence_of(par.sents, pos)[0]):
            continue  # "Asked about X, he said": not X
        if fits(h) and (c.kind != "anaphor" or h.kind != "anonymous"):
            group_id = sid
            group.append((hpos, role, h))
    if not group:
        return None, f"no one before '{ctx.article.paragraphs[n - 1].text[c.start:c.end]}' to refer to"
    group.sort(key=lambda g: (g[0], g[1] != "speaker"))
    h = group[0][2]
    if ctx.lex.coordinator_re is not None and n in ctx.pars:
        par_text = ctx.pars[group_id[0]].text if group_id[0] in ctx.pars else ""
        for _, _, x in group:
            if x.key != h.key and x.kind in ("person", "unlisted") and ctx.lex.coordinator_re.search(
                    par_text[min(h.end, x.end):max(h.start, x.start)] if x.start != h.start else "") and re.fullmatch(
                    r"\s*[\w]+\s*", par_text[min(h.end, x.end):max(h.start, x.start)]):
                # "Lavrov and Pompeo met in Vienna. "...," he said": coordinated, neither is the one subject
                return None, f"'{ctx.article.paragraphs[n - 1].text[c.start:c.end]}' may refer to {h.name} or {x.name}"
    rival = [x for pos_x, x in possessors.get(group_id, ()) if pos_x < group[0][0] and x.key != h.key]
    if rival and not any(g[2].key == h.key and g[1] in ("subject", "speaker") for g in group):
        # "Putin's call with Trump lasted an hour. "...," he said": the possessor and the object compete;
        # grammar does not decide between them
        return None, f"'{ctx.article.paragraphs[n - 1].text[c.start:c.end]}' may refer to {rival[0].name} or {h.name}"
    if h.kind == "anonymous":
        return None, h.reason or "an unnamed source (the pronoun refers to a person the text does not name)"
    word = ctx.article.paragraphs[n - 1].text[c.start:c.end]
    roles = {g[1] for g in group if g[2].key == h.key}
    spoke = [g[2] for g in group if g[1] == "speaker" and g[2].key != h.key and g[2].kind != "anonymous"]
    if spoke and "speaker" not in roles:
        # "Putin congratulated Trump, Peskov said. "...," he added": the subject and the one who spoke compete
        return None, f"'{word}' may refer to {h.name} or {spoke[0].name}"
    cont = ctx.lex.continuation_re.match(ctx.pars[n].text, c.end) if ctx.lex.continuation_re and n in ctx.pars else None
    if cont is not None and not roles & {"subject", "speaker"}:
        # "he added" presupposes someone who spoke: named only as an object ("The remarks were aimed at Pompeo.
        # "...," he added"), the antecedent competes with an earlier speaker
        first = min(g[0] for g in group)
        for hn, hpos, x, role in reversed(ctx.chain):
            if (hn, hpos) >= (group_id[0], first) or n - hn > 2:
                continue
            if role == "speaker" and x.key != h.key and x.kind in ("person", "unlisted") and fits(x):
                return None, f"'{word}' may refer to {h.name} (named as an object) or {x.name}, who spoke before"
            if role == "speaker" and x.key == h.key:
                break
    out = referring(h, c, how)
    others = {g[2].key for g in group if g[2].key != h.key}
    out.method = how if not others else how + "-ambiguous"
    return out, ""


def referring(h: Candidate, c: Candidate, method: str) -> Candidate:
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


def remember(ctx: Context, n: int, pos: int, c: Candidate) -> None:
    """A speaker (or a document that spoke) is the most salient entity from here on."""
    if c.kind in ("person", "document", "institution") and (c.person_id or c.kind in ("document", "institution")):
        ctx.history.append((n, pos, c))
    if c.kind in ("person", "unlisted") and c.key:
        ctx.chain.append((n, pos, c, "speaker"))
    elif c.kind == "document" and c.person_id:
        ctx.chain.append((n, pos, c, "speaker"))


ISSUED = re.compile(r"(?:['’]s|\s+(?:has\s+|had\s+|also\s+)?(?:issued|released|published|posted|circulated|sent|put\s+out|"
                    r"distributed|adopted)(?:\s+[\w'’-]+){0,4}?)\s+$")
"""Between an institution and a document it issued: "the Foreign Ministry issued a short statement", "the ministry's note"."""


def _learn_institution_documents(ctx: Context, p) -> None:
    """Institutions that issue documents no person signs ("The Foreign Ministry issued a statement. "...," the
    statement said"): the institution named right before the document's first mention, with a verb of issuing."""
    if not ctx.lex.institution_re:
        return
    for m in ctx.lex.document_re.finditer(p.text):
        noun = m.group(1).casefold()
        if noun in ctx.document_authors or noun in ctx.document_institutions:
            continue
        last = None
        for i in ctx.lex.institution_re.finditer(p.text, max(0, m.start(1) - 80), m.start(1)):
            last = i
        if last is not None and ISSUED.fullmatch(p.text, last.end(), m.start(1)) is not None or (
                last is not None and re.fullmatch(r"\s+(?:(?:a|an|the|its)\s+)?(?:[\w'’-]+\s+){0,2}", p.text[last.end():m.start(1)])
                and ISSUED.search(p.text[last.end():m.start(1)])):
            ctx.document_institutions[noun] = p.text[last.start():last.end()].strip()


def learn_documents(ctx: Context) -> None:
    """Authors of documents: the person named with the document's first mention ("a decree signed by Putin"), or
    the institution that issued it ("the Foreign Ministry issued a statement")."""
    if not ctx.lex.document_re:
        return
    for p in ctx.article.paragraphs:
        ms = sorted(ctx.mentions_by_par.get(p.n, ()), key=lambda x: x.span.start)
        if not ms:
            _learn_institution_documents(ctx, p)
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
        _learn_institution_documents(ctx, p)


def carried_speaker(ctx: Context, n: int, qa: int, sent: tuple[int, int]) -> Candidate | None:
    """The speaker a quotation with no attribution of its own continues: the last speaker, named in this
    paragraph or the one before, when no other person has since been a sentence's subject."""
    between: list = []  # (sentence of) other people named since
    topic = None  # (key, sentence) of a sentence since whose subject is "he"/"she" referring to someone
    for hn, hpos, h, role in reversed(ctx.chain):
        if (hn, hpos) >= (n, qa) or (hn == n and sent[0] <= hpos < sent[1]):
            continue
        if (topic[1][0] if topic is not None else n) - hn > 1:
            return None  # (the paragraph before, or before the paragraph that goes on with the speaker as its topic)
        par = ctx.pars.get(hn)
        sid = (hn, sentence_of(par.sents, hpos)[0] if par is not None and par.sents else 0)
        if role == "topic":
            if topic is None and not any(s != sid for _, s in between):
                topic = (h.key, sid)  # ("He also criticised Biden's pick, Antony Blinken. "...""): the objects of his
                continue  # sentence are not a new topic
            return None
        if role == "speaker":
            if topic is not None and topic[0] != h.key:
                return None
            if any(k != h.key and s != sid and (topic is None or s != topic[1]) for k, s in between):
                return None  # "..." Lavrov said. The talks with Pompeo ended. "...": someone else was named since
            return referring(h, h, "carried")
        if role == "subject":
            return None
        between.append((h.key, sid))
    return None
