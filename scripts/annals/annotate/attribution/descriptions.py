"""Role phrases and what they refer to: "the minister said", "the diplomat added", "the Communist leader".

A role phrase is a determiner or a possessor, up to three modifiers, a person noun and an optional
complement (:attr:`Lexicon.role_phrase_re`).  When the gazetteer resolves it by the article's date
(:mod:`annals.annotate.mentions`: "the Kremlin spokesman" in 2016) it is a mention and never reaches
this module.  Otherwise:

- an indefinite phrase ("a senior diplomat", "one lawmaker") or a plural one ("Trump's advisers") is
  someone the text does not name;
- a definite phrase ("the minister", "our ambassador", "the ministry's spokesman") refers back to the
  last person on the article's chain whose roles *fit* it: the roles they hold on the article's date
  (gazetteer memberships: role, organisation, titles, role nouns) and the titles the text gave them
  ("Alexander Yakovenko, the Foreign Ministry spokesman").  A phrase fits when its head noun is the
  head of one of those roles, with the same rank ("the deputy minister" is not "the minister"), or a
  role the lexicon says it covers (``description_heads``: "the diplomat" covers an ambassador and the
  foreign ministry's staff); when each of its capitalised words ("Communist", "Duma") stands in those
  roles or in another name of their organisation (``organisation_names``); when its nationality fits
  (``nationalities``); and when its gender does ("the spokeswoman").  "Former" looks at roles held
  before the date.  An anonymous person ("a senior Russian diplomat ... the diplomat said") is on the
  chain too: a phrase that refers to them names no one.
- a definite phrase that fits no one named before names no one either, with the reason.

Language: the determiners, rank words, nouns, covers and nationalities are lexicon data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.sentences import sentence_of

WORD = re.compile(r"[\w’'.-]+")
CHAIN_REACH = 200
"""How many entries of the chain a role phrase looks back over (hundreds of sentences of ordinary text)."""


@dataclass(frozen=True, slots=True)
class Description:
    """What a role phrase says about the person it names."""

    text: str
    """The phrase as written."""
    head: str
    """The head noun, casefolded, without rank words ("minister")."""
    rank: str
    """The rank words before the head ("deputy"), or ""."""
    qualifiers: tuple[str, ...]
    """Casefolded words that must stand in the person's roles ("communist", "duma")."""
    nationality: str | None
    """The country a nationality word names ("Russia"), or None."""
    former: bool
    """"The former minister": roles held before the article's date."""
    gender: str | None
    """``female`` for "the spokeswoman", ``male`` for "the chairman", else None."""
    plural: bool
    """"Trump's advisers": several people."""
    definite: bool
    """Definite ("the", "our", a possessor) rather than indefinite ("a", "one")."""
    words: frozenset = frozenset()
    """Every word of the phrase, casefolded (without a possessive -'s)."""
    identifying: bool = False
    """A country's office ("Russia's ambassador to Washington"): it names the holder that day, not someone named before."""


def describe(ctx: Context, text: str, det: tuple[int, int], noun: tuple[int, int], plural: bool, end: int,
             tail: str = "") -> Description:
    """The description of a role phrase ``text[det[0]:end]``: its determiner or possessor at ``det``, its head
    noun at ``noun`` (``plural``: with a plural -s), its complement up to ``end``, and ``tail``, the words its
    complement's possessor owns ("the head of the Duma's [international affairs committee]"), which qualify it too."""
    lex = ctx.lex
    det_text = text[det[0]:det[1]]
    det_cf = det_text.casefold()
    definite = det_cf not in lex.indefinite
    noun_text = " ".join(text[noun[0]:noun[1]].casefold().split())
    rank, head = split_rank(lex, noun_text)
    words = WORD.findall(text[det[1]:noun[0]])
    complement = text[noun[1] + (1 if plural else 0):end]
    mod_rank, _ = split_rank(lex, " ".join(w.casefold() for w in words) + " " + head)
    rank = rank or mod_rank
    former = any(w.casefold() in lex.former_words or w.casefold().startswith(tuple(f for f in lex.former_words if f.endswith("-")))
                 for w in words)
    qualifiers: list[str] = []
    nationality = None
    possessor = [w for w in WORD.findall(det_text[:-2]) if w.casefold() not in lex.definite] if det_cf.endswith(("'s", "’s")) else []
    tail_words = WORD.findall(tail)
    for w in possessor + words + WORD.findall(complement) + tail_words:
        cf = w.casefold().rstrip(".")
        bare = re.sub(r"['’]s$", "", cf)
        if w.casefold() in lex.nationality or bare in lex.nationality:
            nationality = lex.nationality.get(w.casefold()) or lex.nationality.get(bare)
            continue
        if bare in lex.complement_words or bare in lex.definite or bare in lex.rank_words or bare in head.split():
            continue
        if bare in lex.person_noun_set and not w[:1].isupper():
            continue  # "the official spokesman": another noun of the role, not a word its holder's roles must have
        if w[:1].isupper() or w in possessor or bare != cf or w in tail_words:  # capitalised, or a possessor's
            qualifiers.append(bare)
    gender = "female" if head in lex.female_titles else "male" if head in lex.male_titles else None
    phrase = text[det[0]:end] + " " + tail
    return Description(" ".join(text[det[0]:end].split()), head, rank, tuple(qualifiers), nationality, former, gender,
                       plural, definite, frozenset(re.sub(r"['’]s$", "", w.casefold()) for w in WORD.findall(phrase)))


def split_rank(lex, phrase: str) -> tuple[str, str]:
    """(rank, head) of a casefolded noun phrase: the rank words standing before its last noun."""
    words = phrase.split()
    rank = [w for w in words[:-1] if w in lex.rank_words]
    if not rank:
        return "", phrase
    keep = [w for w in words if w not in lex.rank_words]
    return " ".join(sorted(set(rank))), " ".join(keep)


@dataclass(slots=True)
class Unit:
    """One role of a person, as words: a gazetteer membership (its role, titles and role nouns, each with
    its head, and its organisation with the organisation's other names) or a title the text gave them."""

    entries: list
    """(string, (rank, head), words) of each way the role is written, casefolded."""
    org_words: set
    """Words of the organisation and its other names."""
    words: set
    """Every word of the unit."""
    organisation: str
    role: str
    """The membership's role, or the title."""


@dataclass(slots=True)
class Roles:
    """What the article knows of one person's roles: one :class:`Unit` per role, and their country."""

    units: list
    country: str | None

    @property
    def known(self) -> bool:
        return bool(self.units)


def head_of(ctx: Context, s: str) -> tuple[str, str]:
    """(rank, head noun) of a role or title, casefolded: the person noun it ends with before its
    complement ("minister of foreign affairs" -> minister; "deputy foreign minister" -> deputy, minister)."""
    lex = ctx.lex
    for noun in lex.complemented_nouns:  # "secretary of state", "head of state": a noun with its complement
        k = f" {s} ".find(f" {noun} ")
        if k >= 0:
            return " ".join(sorted({w for w in s[:k].split() if w in lex.rank_words})), noun
    pre = lex.complement_split.split(s, 1)[0].strip()
    words = pre.split()
    for k in range(max(0, len(words) - 3), len(words)):
        tail = " ".join(words[k:])
        if tail in lex.person_noun_set:
            rank, head = split_rank(lex, tail)
            before = {w for w in words[:k] if w in lex.rank_words} | set(rank.split())
            return " ".join(sorted(before)), head
    if not words:
        return "", ""
    return " ".join(sorted({w for w in words[:-1] if w in lex.rank_words})), words[-1]


def _words(s: str) -> set:
    return {re.sub(r"['’]s\b", "", w) for w in WORD.findall(s)}


def _unit(ctx: Context, strings, organisation: str = "", role: str = "", org_names=()) -> Unit:
    u = Unit([], set(), set(), organisation.casefold(), " ".join(role.casefold().split()))
    seen = set()
    for s in strings:
        s = " ".join(s.casefold().split())
        if s and s not in seen:
            seen.add(s)
            ws = _words(s)
            u.entries.append((s, head_of(ctx, s), ws))
            u.words |= ws
    for s in (organisation, *org_names):
        ws = _words(" ".join(s.casefold().split()))
        u.org_words |= ws
        u.words |= ws
    return u


def roles_of(ctx: Context, h: Candidate, former: bool) -> Roles:
    """The roles of the person ``h`` stands for: gazetteer memberships on the article's date (or before it,
    for "former"), and the titles the text gave them."""
    cache = ctx.roles_cache
    key = (h.key, former, len(ctx.titles.get(h.key, ())))
    if key in cache:
        return cache[key]
    lex = ctx.lex
    roles = Roles([], None)
    day = ctx.article.date
    if h.kind == "person" and h.person_id in ctx.people:
        o = ctx.people[h.person_id]
        now = {m.role for m in o.memberships if day is not None and m.holds_on(day)}
        for m in o.memberships:
            if day is not None and ((m.end_date is None or m.end_date >= day or m.role in now) if former else not m.holds_on(day)):
                continue  # ("the former president": a membership that ended before the article's date, not held again)
            roles.units.append(_unit(ctx, (m.role, *m.titles, *m.role_nouns), m.organization, m.role,
                                     lex.organisation_names.get(m.organization.casefold(), ())))
        if o.russian_official:
            roles.country = lex.nationality.get("russia")
    elif h.kind == "anonymous" and h.name:
        roles.units.append(_unit(ctx, (h.name,), role=h.name))
    for s in ctx.titles.get(h.key, ()):
        roles.units.append(_unit(ctx, (s,), role=s))
    if roles.country is None:
        words = {w for u in roles.units for w in u.words}
        strings = [e[0] for u in roles.units for e in u.entries]
        country = next((lex.nationality[w] for w in sorted(words) if w in lex.nationality), None)
        if country is None:
            country = next((c for c, names in lex.country_names.items()
                            if any(f" {x} " in f" {s} " for s in strings for x in names)), None)
        roles.country = country
    cache[key] = roles
    return roles


def _head_fits(ctx: Context, d: Description, rank: str, head: str, words: set) -> bool:
    """Does the head of the description name a role written with this head (itself, with its rank, or one it
    covers), or, for an epithet, a title the text wrote with that word?"""
    if rank == d.rank and head == d.head:
        return True
    if d.head in ctx.lex.epithets and d.head in words:
        return True  # "the ultranationalist": as the text described them
    cover = ctx.lex.description_heads.get(d.head)
    return cover is not None and rank == d.rank and head in cover[0]


def _unit_fits(ctx: Context, d: Description, u: Unit) -> bool:
    """One way of writing the role carries the description's head and, with the organisation's names, its
    qualifying words ("the Duma chairman": Duma); a role written in a part of the organisation
    (``subunit_nouns``: "Chairman of the State Duma Committee on ...") fits a qualified description only if
    the description names that part too.  Or the head covers the role as a whole (``description_heads``:
    roles, organisations, words of a title), the qualifying words standing anywhere in it."""
    def subunit_missing(words: set) -> bool:
        return bool(d.qualifiers) and any(w in words and w not in d.words for w in ctx.lex.subunit_nouns)

    for s, (rank, head), words in u.entries:
        if _head_fits(ctx, d, rank, head, words) and all(q in words or q in u.org_words for q in d.qualifiers) \
                and not subunit_missing(words):
            return True
    cover = ctx.lex.description_heads.get(d.head)
    if cover is None or d.rank:
        return False
    _, whole, orgs, title_words = cover
    covered = (u.role in whole or u.role.removesuffix(" of russia") in whole or u.organisation in orgs
               or any(f" {w} " in f" {s} " for s, _, _ in u.entries for w in title_words))
    return covered and all(q in u.words for q in d.qualifiers) and not subunit_missing(_words(u.role))


def fits(ctx: Context, d: Description, h: Candidate) -> bool:
    """Do the roles of the person ``h`` stands for fit the description ``d``?  One role must carry its head
    and its qualifying words; gender and nationality must not contradict it."""
    if d.gender and h.gender and h.gender in ("male", "female") and d.gender != h.gender:
        return False
    roles = roles_of(ctx, h, d.former)
    if d.nationality and roles.country and d.nationality != roles.country:
        return False
    return any(_unit_fits(ctx, d, u) for u in roles.units)


def refer(ctx: Context, c: Candidate, n: int, pos: int) -> tuple[Candidate | None, str]:
    """What a definite role phrase refers to: an entry of the chain before paragraph ``n``, offset ``pos``,
    whose roles fit it, in Hobbs' order (the nearest sentence holding one; in it the leftmost, the subject
    before the objects), as that entry (a person, an unlisted person, or an unnamed one); (None, why) when
    no one named before fits, or when a person named since, whose role the text does not give, may be meant."""
    d: Description = c.description
    if d.identifying:
        h = holder(ctx, d)
        return (h, "") if h is not None else (None, f"named only by a role ('{d.text}') that the gazetteer does not "
                                                     "resolve on that date")
    seen = set()
    unknown = None
    group: list = []
    group_sid = None
    fit_cache = ctx.fit_cache
    for hn, hpos, h, role in reversed(ctx.chain[-CHAIN_REACH:]):  # a bounded look back: linear in the text
        if (hn, hpos) >= (n, pos) or h.kind not in ("person", "unlisted", "anonymous"):
            continue
        par = ctx.pars.get(hn)
        if par is not None and par.text[h.end:h.end + 2] in ("'s", "’s") and h.end > h.start and hpos == h.start:
            continue  # "Obama's victory": a possessor is not what a role phrase refers to
        if h.key in seen and not group:
            continue
        key = (d, h.key, len(ctx.titles.get(h.key, ())))
        ok = fit_cache.get(key)
        if ok is None:
            ok = fit_cache[key] = fits(ctx, d, h)
        if not ok and h.key in seen:
            continue
        if ok or group:
            sid = (hn, sentence_of(par.sents, hpos)[0] if par is not None else 0)
            if group and sid != group_sid:
                break
        if h.key in seen:
            group.append((hpos, h, role))  # where it first stands in the sentence
            continue
        seen.add(h.key)
        if not ok:
            if (unknown is None and not group and h.kind == "unlisted" and n - hn <= 1 and not roles_of(ctx, h, d.former).known
                    and not (d.gender and h.gender in ("male", "female") and d.gender != h.gender)):
                unknown = h  # a person named since whose role the text does not give: may be the one meant
            continue
        group.append((hpos, h, role))
        group_sid = sid
    if not group:
        h = holder(ctx, d)
        if h is not None:
            return h, ""
        return None, (f"named only by a role ('{d.text}') that fits no one the article named before, and whose holder "
                      "that day is not in the gazetteer")
    if unknown is not None:
        return None, f"'{d.text}' may refer to {unknown.name}, whose role the text does not give"
    first = min(group, key=lambda g: g[0])
    h = first[1]
    others = {g[1].key for g in group} - {h.key}
    salient = any(g[1].key == h.key and g[2] in ("subject", "speaker") for g in group)
    if others and not salient:  # two people fit in the nearest sentence, and the first is not its subject
        names = sorted({g[1].name or "someone" for g in group})
        return None, f"'{d.text}' may refer to {' or '.join(names)}"
    if h.kind == "anonymous":
        return h, f"'{d.text}' refers to {h.name or 'someone'}, whom the text does not name"
    return h, ""


def holder(ctx: Context, d: Description) -> Candidate | None:
    """The one person the gazetteer says holds the office a role phrase names on the article's date ("the head
    of Russia's space agency Roscosmos", "its speaker" after "the upper house"), or None.  Only for a phrase
    that names the organisation or the office (qualifying words), of the top rank, and not for nouns several
    people hold at once (``member_nouns``: "the Duma deputy"): the gazetteer lists offices, not every member."""
    specific = d.qualifiers or d.head in ctx.lex.complemented_nouns  # "the Duma speaker", "America's Secretary of State"
    if d.rank or d.former or not specific or d.head in ctx.lex.member_nouns or ctx.article.date is None:
        return None  # ("the former Kremlin spokesman" is not the one who holds the office that day)
    key = ("holder", d)
    if key in ctx.fit_cache:
        return ctx.fit_cache[key]
    found = []
    for o in ctx.people.values():
        h = Candidate(0, 0, "person", o.id, o.name, "role", o.gender, key=o.id)
        if any(m.holds_on(ctx.article.date) for m in o.memberships) and fits(ctx, d, h):
            found.append(h)
    out = found[0] if len(found) == 1 else None
    ctx.fit_cache[key] = out
    return out
