"""Who can speak.  Per paragraph, once: every candidate subject of a speech verb.

Listed people (:mod:`annals.annotate.mentions`: any spelling, titles, role nouns by date, possessive
roles resolved before the name inside them); people the gazetteer does not list (a run of capitalised
words shaped like a name, with the title before it or the apposition after it; later their surname
alone); pronouns; role phrases the gazetteer does not resolve by date ("the diplomat", "the Communist
leader": :mod:`.descriptions` finds whom they refer to); institutions; outlets; documents; anonymous
sources and indefinite roles ("a senior official", "one deputy"), which name no one.  The titles the
text gives people ("Kremlin spokesman Alexei Gromov") are recorded on the context for the role phrases.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from annals.annotate.attribution.context import Candidate, Context, Par
from annals.annotate.attribution.descriptions import describe
from annals.annotate.attribution.lexicon import Lexicon
from annals.annotate.attribution.sentences import MASK, masked, sentences
from annals.annotate.mentions import runs
from annals.annotate.names import name_key
from annals.model import Article


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
    if len(words) >= 2:  # the given name, when the surname tells nothing ("Marina Levkovich")
        given = words[0].casefold()
        if given.endswith(lex.female_given_endings) and given not in lex.male_given_exceptions:
            return "female"
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
    roles = _role_phrases(ctx, n, text, mentions)
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
                        (lex.document_re, "document")):
        for m in regex.finditer(text) if regex else ():
            a, b = m.start(1), m.end(1)
            if MASK in text[a:b] or not free(a, b):
                continue
            out.append(Candidate(a, b, kind, name=m.group(1), method=kind))
            take(a, b)
    out.extend(c for _, _, c in roles if c is not None)
    for m in lex.pronoun_re.finditer(text) if lex.pronoun_re else ():
        a, b = m.start(1), m.end(1)
        if free(a, b):
            out.append(Candidate(a, b, "pronoun", gender=lex.pronoun_gender.get(m.group(1).casefold()), method="pronoun"))
    out.extend(_unlisted(ctx, text, free, take))
    out.sort(key=lambda c: c.start)
    out = _appositions(ctx, text, out)
    _nicknames(ctx, n, text, out)
    _titles(ctx, text, out, [(a, b) for a, b, c in roles if c is None])
    par = Par(n, text, sentences(text), out, [c.start for c in out])
    ctx.pars[n] = par
    return par


def paragraph_of(ctx: Context, article: Article, spans: dict, n: int) -> Par:
    par = ctx.pars.get(n)
    if par is None:
        par = build_par(ctx, n, masked(article.paragraphs[n - 1].text, spans.get(n, [])))
    return par


OPENING_PARTICIPLE = re.compile(r"(?:^|[.!?\u2063\"”’]\s+)[A-Z][a-z]+ing\s[^,.!?;:\u2063]*$")
"""A sentence that opens with a participle's phrase, not closed yet ("Sneering at ")."""
NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*),\s*$")
NAME_AFTER = re.compile(r",?\s*((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)")


def _beside_name(ctx: Context, text: str, a: int, b: int, spans: list) -> bool:
    """Is the role phrase ``text[a:b]`` set beside a person's name, as its title ("the Kremlin spokesman, Dmitry
    Peskov", "Leonid Slutsky, the head of ...", "His colleague Konstantin Kosachev")?  The name: a mention of the
    gazetteer, or two or more capitalised words that can stand in a name (not ``capitalised_non_names`` or
    ``not_person_words``: "Tuesday, his spokesman" is no apposition)."""
    lex = ctx.lex

    def name_like(words: str, start: int, end: int) -> bool:
        if any(x0 <= start < x1 or x0 < end <= x1 for x0, x1 in spans):
            return True
        ws = words.split()
        return len(ws) >= 2 and all(w.casefold() not in lex.non_names and w not in lex.not_person for w in ws)

    before = NAME_BEFORE.search(text, max(0, a - 60), a)
    opening = OPENING_PARTICIPLE.search(text, max(0, before.start(1) - 120), before.start(1)) if before is not None else None
    if opening is not None and any(w.casefold() in lex.clause_words for w in opening.group().split()):
        opening = None  # ("Leading the pack was Dmitriy Medvedev, the former president": a clause of its own)
    if before is not None and name_like(before.group(1), before.start(1), before.end(1)) and opening is None:
        return True  # (not "Sneering at Kamala Harris, the ex-president added": the name ends a leading phrase)
    after = NAME_AFTER.match(text, b)
    return after is not None and name_like(after.group(1), after.start(1), after.end(1))


def _role_phrases(ctx: Context, n: int, text: str, mentions: list) -> list[tuple[int, int, Candidate | None]]:
    """People named by a role that no gazetteer membership resolves on the article's date (a mention would
    hold it): an indefinite or plural one ("a senior diplomat", "Trump's advisers") or one after a
    possessive pronoun ("our ambassador") names no one; a definite one ("the minister", "the Communist
    leader") is a role phrase the chain resolves (:mod:`annals.annotate.attribution.descriptions`).  A role
    set off by a comma beside a name ("the Kremlin spokesman, Dmitry Peskov") is that name's title: (a, b, None)."""
    regex = ctx.lex.role_phrase_re
    if regex is None:
        return []
    out = []
    spans = sorted((x.span.start, x.span.end) for x in mentions)
    for m in regex.finditer(text):
        a, b = m.start(), m.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        noun_at = m.start("noun")
        k = bisect.bisect_right(spans, (noun_at, float("inf")))
        if MASK in text[a:m.end("noun")] or any(x0 <= noun_at < x1 for x0, x1 in spans[max(0, k - 3):k]):
            continue
        cut = _name_in_complement(ctx, text, m.end("noun"), b, spans)
        if cut is not None:  # "the chairman of the State Duma Vyacheslav Volodin": the role ends before the name
            b = cut
        noun = (m.start("noun"), m.end("noun"))
        plural = bool(m.group("pl"))
        if b == noun[1] + plural:  # "the official spokesman": the last of the nouns is the head
            nxt = re.match(r"\s+([\w'’-]+(?:\s+[\w'’-]+)?)", text[b:b + 40])
            while nxt is not None:
                ws = nxt.group(1).split()
                last = next((" ".join(ws[:k]) for k in (2, 1) if len(ws) >= k and " ".join(ws[:k]).casefold() in ctx.lex.person_noun_set), None)
                if last is None:
                    break
                start = b + nxt.start(1)
                noun, plural = (start, start + len(last)), False
                b = noun[1]
                if text[b:b + 1] == "s" and not text[b + 1:b + 2].isalnum():
                    plural, b = True, b + 1
                nxt = re.match(r"\s+([\w'’-]+(?:\s+[\w'’-]+)?)", text[b:b + 40])
        tail = ""
        if text[b - 2:b] in ("'s", "’s") and b > noun[1] + 2:  # "the head of the Duma's committee": what it owns
            owned = re.match(r"(?:\s+[\w'’-]+){1,4}?(?=\s*(?:[,.;:()]|$)|\s+(?:" + "|".join(ctx.lex.complement_words or ("of",)) + r")\b)",
                             text[b:b + 80])
            if owned is not None and MASK not in owned.group(0):
                kept = []
                for w in re.finditer(r"\s+([\w'’-]+)", owned.group(0)):  # up to a verb or a small word
                    if ctx.lex.verb_re and ctx.lex.verb_re.fullmatch(w.group(1)) or w.group(1).casefold() in ctx.lex.non_names:
                        break
                    kept.append(w)
                if kept:
                    tail, b = owned.group(0)[:kept[-1].end()], b + kept[-1].end()
        if any(w.casefold() in ctx.lex.non_names for w in re.findall(r"[\w'’-]+", text[m.end("det"):noun_at])):
            continue  # "a doctrine approved by President Putin": a clause, not the modifiers of a role
        d = describe(ctx, text, (m.start("det"), m.end("det")), noun, plural, b, tail)
        det = m.group("det").casefold()
        if det == "its" or det.endswith(("'s", "’s")) and det.split()[0] in ctx.lex.definite and det.split()[-1][:1].islower():
            d = _owner(ctx, n, text, a, d)  # "its speaker", "the chamber's speaker": of the organisation named before
        if not d.plural and not re.search(r"\b(?:[Aa]ccording to|by|from)\s+$", text[max(0, a - 20):a]) and _beside_name(
                ctx, text, a, b, spans):
            out.append((a, b, None))  # "the Kremlin spokesman, Dmitry Peskov" / "Leonid Slutsky, the head of ...": a title
            continue
        if d.plural:
            why, gender = f"unnamed people ({d.text})", "plural"
        elif not d.definite:
            why, gender = f"an unnamed person ({d.text})", d.gender
        elif det in ctx.lex.possessive:
            why, gender = f"named only as someone's {d.head} ({d.text}), whom the gazetteer does not list on that date", d.gender
        elif re.sub(r"['’]s$", "", det) in ctx.lex.nationality:  # "Russia's ambassador": a country's office, not someone named before
            d = dataclasses.replace(d, identifying=True)
            out.append((a, b, Candidate(a, b, "anaphor", name=d.text, method="anaphor", gender=d.gender, description=d)))
            continue
        else:
            out.append((a, b, Candidate(a, b, "anaphor", name=d.text, method="anaphor", gender=d.gender, description=d)))
            continue
        out.append((a, b, Candidate(a, b, "anonymous", name=d.text, method="anonymous", gender=gender, reason=why)))
    return out


CAPITAL_BEFORE_CAPITAL = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]+(?=\s+[A-Z][\w'’-]+)")


def _name_in_complement(ctx: Context, text: str, lo: int, hi: int, spans: list) -> int | None:
    """Where a person's name starts inside a role phrase's complement (``text[lo:hi]``), written after the
    organisation with no comma ("the deputy of the State Duma Ivan Belov"): a gazetteer mention, or a given name
    the gazetteer knows followed by another capitalised word.  None when there is none."""
    lex = ctx.lex

    def after_organisation(at: int) -> bool:
        # an organisation's own words stand between the complement's preposition and the name ("of the State Duma
        # Ivan Belov"), not only titles ("the spokesman for President Vladimir Putin": Putin is whom he serves)
        before = re.findall(r"[\w'’.-]+", text[lo:at])
        k = max((i for i, w in enumerate(before) if w.casefold() in lex.complement_words), default=-1)
        rest = before[k + 1:]
        if rest and rest[-1].casefold() in lex.person_noun_set:
            return False  # "the aide to the Kremlin leader Vladimir Putin": the name is the leader, whom the aide serves
        return any(w[:1].isupper() and w.casefold() not in lex.title_words and w.casefold() not in lex.definite
                   for w in rest) or bool(rest and lex.organisation_name_re and lex.organisation_name_re.search(" ".join(rest)))

    for x0, _ in spans:
        if lo < x0 < hi:
            return len(text[:x0].rstrip()) if after_organisation(x0) else None
    if ctx.index is None:
        return None
    given = ctx.fit_cache.get(("given names",))
    if given is None:
        given = ctx.fit_cache[("given names",)] = frozenset(k for f in ctx.index.forms.values() for k in f.given)
    for w in CAPITAL_BEFORE_CAPITAL.finditer(text, lo, hi):
        if w.group() not in lex.not_person and name_key(w.group(), ctx.index.rules) in given and after_organisation(w.start()):
            return len(text[:w.start()].rstrip())
    return None


def _owner(ctx: Context, n: int, text: str, a: int, d):
    """A role phrase whose possessor is an organisation named only by a pronoun or a common noun ("its
    speaker", "the chamber's deputy speaker") names the role in the organisation the text named last
    before it (``organisation_names``, within 300 characters): its words become the phrase's qualifiers.
    No organisation named: the possessor stays a qualifier word that must stand in the person's roles."""
    import dataclasses

    names = ctx.lex.organisation_name_re
    last = None
    for m in names.finditer(text, max(0, a - 300), a) if names else ():
        last = m
    paragraphs = ctx.article.paragraphs
    for p in reversed(paragraphs[max(0, n - 4):n - 1]) if last is None and names else ():
        for m in names.finditer(p.text):  # named in a paragraph before ("Russia's Foreign Ministry said ... the ministry's spokesman")
            last = m
        if last is not None:
            break
    if last is None:
        return dataclasses.replace(d, qualifiers=d.qualifiers + (("\u2205",) if not d.qualifiers else ()))
    words = tuple(w.casefold() for w in re.findall(r"[\w'’.-]+", last.group(1)))
    qualifiers = tuple(q for q in d.qualifiers if q not in ctx.lex.organisation_generic) + words
    return dataclasses.replace(d, qualifiers=qualifiers)


def _titles(ctx: Context, text: str, cands: list[Candidate], apposed: list[tuple[int, int]]) -> None:
    """Record the titles the text gives the people of a paragraph: title words before a name ("Russian
    Foreign Minister Igor Ivanov"), a role set off by a comma before or after it ("Russia's ambassador to
    the United States, Sergei Kisliak"; "Gennadii Zyuganov, the Communist Party leader,")."""
    people = [c for c in cands if c.kind in ("person", "unlisted") and c.key]
    if not people:
        return
    lex = ctx.lex
    for c in people:
        before = _title_before(ctx, text, c.start)
        if before:
            record_title(ctx, c.key, before)
        if c.kind == "unlisted" and c.title:
            record_title(ctx, c.key, c.title)
    starts = [c.start for c in people]
    for a, b in apposed:
        k = bisect.bisect_left(starts, b)
        after = people[k:k + 1] if k < len(people) and re.fullmatch(r",?\s*", text[b:people[k].start]) else []
        j = bisect.bisect_left(starts, a) - 1
        before = people[j:j + 1] if j >= 0 and people[j].end <= a and re.fullmatch(r",\s*", text[people[j].end:a]) else []
        for c in after + before:
            record_title(ctx, c.key, text[a:b])


def _title_before(ctx: Context, text: str, a: int) -> str | None:
    """The title words written right before a name at ``a`` ("Russian Foreign Minister", "Chairman of the
    State Duma Committee on International Affairs"): title words, person nouns, institution words among them,
    and the small words that join them; None when there are none."""
    lex = ctx.lex
    words: list[str] = []
    for tok in reversed(re.findall(r"[\w'’-]+(?:\.(?=\w))*\.?|[^\w\s]", text[max(0, a - 80):a])):
        cf = tok.casefold()
        if not tok[:1].isalnum() or (tok.endswith(".") and cf not in lex.title_words and cf not in lex.honorifics):
            break
        if cf in lex.title_words or cf in lex.person_noun_set or (words and tok in lex.not_person):
            words.append(tok)  # title words, and the names of institutions among them ("Foreign Ministry")
        elif words and (cf in lex.complement_words or cf in lex.definite) and len(words) < 8:
            words.append(tok)
        else:
            break
    while words and (words[-1].casefold() in lex.complement_words or words[-1].casefold() in lex.definite):
        words.pop()
    if words and any(w.casefold() in lex.person_noun_set or w.casefold() in lex.title_words for w in words):
        return " ".join(reversed(words))
    return None


def record_title(ctx: Context, key: str, title: str) -> None:
    """Record a title the text gives the person ``key`` (once each)."""
    known = ctx.titles.setdefault(key, [])
    if title not in known:
        known.append(title)


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
        for last in range(len(words) - 3, k - 1, -1):  # "Senate Majority Leader Harold Quinby": up to the last title word
            if words[last].casefold() in lex.title_words:
                k = last + 1
                break
        nick = ctx.nicknames.get(tuple(w.casefold() for w in words[k:]))
        if nick is not None and free(run[k].start, run[-1].start + len(run[-1].word)):
            a, b = run[k].start, run[-1].start + len(run[-1].word)  # "Mad Vlad cackled": the nickname the text gave
            out.append(Candidate(a, b, nick.kind, nick.person_id, nick.name, "nickname", nick.gender, title=nick.title, key=nick.key))
            take(a, b)
            continue
        body = run[k:]
        if not body or not free(body[0].start, body[-1].start + len(body[-1].word)):
            continue
        names = [t.word for t in body]
        if any(w in lex.not_person or w.casefold() in lex.non_names or (w.isupper() and len(w.rstrip(".")) > 1) for w in names):
            continue
        a, b = body[0].start, body[-1].start + len(body[-1].word)
        if lex.outlet_after_re and lex.outlet_after_re.match(text, a) and lex.outlet_after_re.match(text, a).end("name") >= b:
            continue  # "Ekho Moskvy radio": an outlet, not a person
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
        elif len(names) == 1 and key not in ctx.unlisted and not (ctx.index and ctx.index.surnames.get(key[1:])) and (
                single := _single_name(ctx, text, a, b)):
            gender = _gender_of(lex, ctx, names + names, single)  # "marketing manager Olga, 34,": one given name
            c = Candidate(a, b, "unlisted", name=names[0], method="unlisted", gender=gender, title=single, key=key)
            ctx.unlisted.setdefault(key, c)
            out.append(c)
            take(a, b)
        elif len(names) == 1 and key not in ctx.unlisted and not (ctx.index and ctx.index.surnames.get(key[1:])) and \
                _surname_speaks(ctx, text, a, b, names[0]):
            # "Putin met Lukashenko on Monday. Lukashenko said ...": one capitalised word as a speech verb's subject
            c = Candidate(a, b, "unlisted", name=names[0], method="unlisted", gender=None, key=key)
            ctx.unlisted.setdefault(key, c)
            out.append(c)
            take(a, b)
        elif len(names) == 1 and key not in ctx.unlisted and not (ctx.index and ctx.index.surnames.get(key[1:])) and (
                pending := _title_before(ctx, text, a)):
            record_title(ctx, key, pending)  # "Secretary of State Rice": her title, for when the text names her in full
        elif len(names) == 1 and key in ctx.unlisted:
            first = ctx.unlisted[key]
            out.append(Candidate(a, b, "unlisted", name=first.name, method="unlisted", gender=first.gender,
                                 title=first.title, key=key))
            take(a, b)
    return out


def _appositions(ctx: Context, text: str, cands: list[Candidate]) -> list[Candidate]:
    """A role phrase that names no one, standing right beside a name ("Valya on the fourth floor, a retired
    schoolteacher,"; "Her grandson Artyom"), is that person's title, not another person."""
    lex = ctx.lex
    preps = "|".join(re.escape(w) for w in lex.place_prepositions) or "(?!)"
    out = []
    for i, c in enumerate(cands):
        if c.kind == "anonymous" and c.reason.startswith(("an unnamed person", "named only as someone's")):
            prev = next((x for x in reversed(cands[:i]) if x.kind in ("person", "unlisted")), None)
            nxt = next((x for x in cands[i + 1:] if x.kind in ("person", "unlisted")), None)
            if prev is not None and re.fullmatch(rf"(?:,\s*\d{{1,3}})?(?:\s+(?:{preps})\s+[^,.;:\u2063]{{1,40}})?,\s*",
                                                 text[prev.end:c.start]):  # (", 45, a taxi driver,": an age first)
                record_title(ctx, prev.key, text[c.start:c.end])
                continue
            if nxt is not None and re.fullmatch(r",?\s+", text[c.end:nxt.start]):
                record_title(ctx, nxt.key, text[c.start:c.end])
                continue
        out.append(c)
    return out


def _surname_speaks(ctx: Context, text: str, a: int, b: int, word: str) -> bool:
    """Is the one capitalised word ``text[a:b]`` a surname, as the subject right before a speech verb ("Lukashenko
    said")?  Not a word of the lexicon's lists (pronouns, places, nouns, institutions, outlets), nor one in capitals."""
    lex = ctx.lex
    m = re.match(r"\s+(?:(?:also|later|then|again)\s+)?([\w'’-]+)\b", text[b:b + 40])
    if m is None or lex.verb_re is None or not lex.verb_re.fullmatch(m.group(1)) or m.group(1).casefold() in lex.document_verbs:
        return False
    return _plausible_surname(lex, word)


def _plausible_surname(lex, word: str) -> bool:
    """A capitalised word that none of the lexicon's lists claims (pronouns, places, nouns, institutions, outlets)."""
    cf = word.casefold()
    return (len(word) > 2 and word[1:].islower() and word not in lex.not_person and cf not in lex.non_names
            and cf not in lex.person_noun_set and cf not in lex.pronoun_gender and cf not in lex.nationality
            and cf not in lex.epithets
            and not (lex.agency_re and lex.agency_re.fullmatch(word)) and not (lex.institution_re and lex.institution_re.fullmatch(word))
            and not (lex.anonymous_re and lex.anonymous_re.fullmatch(word)))


def _single_name(ctx: Context, text: str, a: int, b: int) -> str | None:
    """A person named by one word, as people in the street are ("her grandson Artyom", "marketing manager Olga,
    34,", "Valya on the fourth floor, a retired schoolteacher,"): a person noun right before the word, or its
    age or an apposition with a person noun right after it (a short place phrase may come between).  The
    title, or None when the word is not shown to be a person's name."""
    lex = ctx.lex
    before = re.search(r"([\w'’-]+(?:\s+[\w'’-]+)?)\s+$", text[max(0, a - 40):a])
    if before is not None:
        words = before.group(1).split()
        for k in range(len(words)):
            if " ".join(words[k:]).casefold() in lex.person_noun_set and words[-1][:1].islower():
                return " ".join(words[k:])
    after = re.match(r"(?:\s+(?:%s)\s+[^,.;:\u2063]{1,40}?)?,\s+(\d{1,3}|(?:%s)\s+(?:[\w'’-]+\s+){0,3}?([\w'’-]+))\s*[,.]" % (
        "|".join(re.escape(w) for w in lex.place_prepositions or ("in",)), "|".join(re.escape(w) for w in lex.indefinite or ("a",))),
        text[b:b + 120])
    if after is not None and (after.group(1).isdigit() or (after.group(2) or "").casefold() in lex.person_noun_set):
        return None if after.group(1).isdigit() else after.group(1)
    return None


def _nicknames(ctx: Context, n: int, text: str, cands: list[Candidate]) -> None:
    """A nickname the text gives a person ("Vladimir Zhirinovsky, the ultranationalist leader nicknamed
    "Mad Vlad""): quoted words after a naming word (``term_cues``), given to the person named last before it
    in the sentence; a later run of those words is that person."""
    lex = ctx.lex
    if lex.term_cue_re is None or MASK not in text:
        return
    original = ctx.article.paragraphs[n - 1].text
    for m in re.finditer(MASK + "+", text):
        cue = lex.term_cue_re.search(text, max(0, m.start() - 30), m.start())
        if cue is None:
            continue
        words = [w for w in re.findall(r"[\w'’-]+", original[m.start():m.end()])]
        while words and words[0].casefold() in lex.definite:
            words = words[1:]
        if not 1 <= len(words) <= 3 or not words[0][:1].isupper():
            continue
        sent_start = max(text.rfind(". ", 0, cue.start()), 0)
        people = [c for c in cands if c.kind in ("person", "unlisted") and sent_start <= c.start < cue.start()]
        if people:
            ctx.nicknames.setdefault(tuple(w.casefold() for w in words), people[-1])
            record_title(ctx, people[-1].key, " ".join(words))  # "the Showman" later refers back to them


WORD_AT = re.compile(r"(?<![\w-])[\w'’]+")


def candidates(ctx: Context, n: int, text: str, lo: int, hi: int) -> list[Candidate]:
    """Candidates in ``text[lo:hi]`` of paragraph ``n``."""
    par = ctx.pars[n]
    i = bisect.bisect_left(par.starts, lo)
    j = bisect.bisect_left(par.starts, hi)
    return [c for c in par.cands[i:j] if c.end <= hi]


def matches(ctx: Context, n: int, text: str, which: str, lo: int, hi: int) -> list:
    """The matches of the lexicon's pattern ``which`` ("verb_re", "report_re") in ``text[lo:hi]`` of paragraph
    ``n``, found once per paragraph (linear in its length) and then by bisection."""
    par = ctx.pars.get(n)
    regex = getattr(ctx.lex, which)
    if regex is None:
        return []
    if par is None or par.text is not text:
        return list(regex.finditer(text, lo, hi))
    found = par.matches.get(which)
    if found is None:
        firsts = ctx.lex.first_words.get(which)
        if firsts is None:
            ms = list(regex.finditer(text))
        else:  # the pattern tried only where one of its first words stands
            ms, end = [], -1
            for w in WORD_AT.finditer(text):
                if w.start() >= end and w.group().casefold() in firsts:
                    m = regex.match(text, w.start())
                    if m is not None:
                        ms.append(m)
                        end = m.end()
        found = par.matches[which] = ([m.start() for m in ms], ms)
    starts, ms = found
    i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    return [m for m in ms[i:j] if m.end() <= hi]
