"""People named in an article: names in any romanisation, titles, role nouns, possessive roles.

Pure.  ``find_mentions(article, officials, lexicon)`` returns every mention of a gazetteer person in
text order, each resolved to a gazetteer ID, and the problems for an editor.  How:

1. **Names.**  Capitalised words standing together form a *run* ("Foreign Minister Sergei Lavrov").
   Each word is reduced to its name key (:mod:`annals.annotate.names`), so every spelling of a name matches
   the forms generated from the gazetteer's Cyrillic.  In a run: a whole name (given + surname,
   given + patronymic + surname, initial + surname); else a surname, when the words before it in the
   run are title words (``President``, ``Foreign Minister``) or none.  A surname right after another
   capitalised word that is not a title is someone else's ("Rand Paul" is not Ron Paul), and from
   then on that surname alone means that other person in this article.
2. **Which person.**  A surname several people share goes to the one the article named already, else
   to the one whose title stands before it on the article's date, else to the only one in the
   gazetteer, else to the only one holding an office that day.
3. **Role nouns** ("the Kremlin spokesman", "Russia's foreign minister") go to whoever held the role on
   the article's date (undated: only when one person ever held it); a noun several people hold that
   day ("the president") goes to the holder named last before it, else to nobody.
4. **Possessive roles** ("Putin's spokesman", "his press secretary", "the president's aide") are
   resolved before the name inside them: the owner is found first (the name, the role noun, or the
   last person of that gender for his/her), then the holder of a membership that ``serves`` a role the
   owner held that day and has the noun among its ``possessive_nouns``.  The owner is not the speaker.
5. A capitalised word one letter away from a gazetteer surname is a ``fuzzy`` mention, listed for review.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from annals.model import Article, Mention, Official, Problem, TextSpan
from annals.annotate.names import INITIAL, PARTICLES, KeyRules, NameForms, name_forms, name_key, plain, split_name

TOKEN = re.compile(r"(?<![\w’'.-])(?:[A-Z]\.(?=\s)|[A-Z][\w’'-]*\w|(?:al|el|bin|ibn)-[A-Z][\w’'-]*\w|(?:von|van|de|der|al|bin|ibn|la|le|di|da|el)(?=(?:\s+(?:von|van|de|der|den|la|le|di|da|del|du))*\s+[A-Z]))")
POSSESSIVE_END = re.compile(r"['’]s$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def surnames_of(name: str) -> list[str]:
    """``Bashar al-Assad`` -> [al-Assad, Assad]; ``Karin von Hippel`` -> [von Hippel, Hippel]; else the last word."""
    _, last = split_name(name)
    out = [" ".join(last)]
    if len(last) > 1:
        out.append(last[-1])
    if "-" in last[-1] and last[-1].split("-", 1)[0].casefold() in {"al", "el", "bin"}:
        out.append(last[-1].split("-", 1)[1])
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Everything the mention finder matches, built once per gazetteer and lexicon."""

    people: dict
    """ID -> Official."""
    forms: dict
    """ID -> NameForms."""
    full: dict
    """Tuple of word keys -> tuple of person IDs."""
    surnames: dict
    """Surname key -> tuple of person IDs."""
    longest: int
    """Most words in a full-name key."""
    titles: dict
    """Casefolded title -> tuple of (person ID, Membership)."""
    title_words: frozenset
    """Casefolded words that stand in titles (gazetteer titles and the lexicon's ``title_words``)."""
    not_given: frozenset
    """Casefolded capitalised words that are never a given name (sentence openers, days, places)."""
    role_re: re.Pattern | None
    """The first words of the role nouns (matched first; the whole noun is then compared: see :func:`role_nouns_in`)."""
    roles: dict
    """Casefolded role noun -> tuple of (person ID, Membership)."""

    possessive_re: re.Pattern | None
    possessive: dict
    """Casefolded possessive noun -> tuple of (person ID, Membership) whose membership serves another role."""
    rules: KeyRules
    """The name-key rules."""
    near: dict
    """A surname key of 6 letters or more, and each with one letter deleted -> the surname keys (for ``fuzzy``)."""
    not_person: frozenset = frozenset()
    """Capitalised words that never stand in a person's name (``not_person_words``: places, institutions)."""
    roles_by_first: dict = None
    """Casefolded first word -> the role nouns that begin with it, longest first."""
    not_the_holder: frozenset = frozenset()
    """Casefolded words before a role noun that make it someone other than the office's holder that day:
    indefinite determiners ("a Kremlin spokesman"), former words ("the former foreign minister") and rank words
    ("the deputy foreign minister")."""
    home_words: dict = None
    """Casefolded nationality word -> its country (``nationalities``): "Russia's foreign minister" fits a
    Russian holder, "Ukraine's foreign minister" does not."""


def _apostrophes(key: str) -> str:
    return key.replace("’", "'").casefold()


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def name_index(officials: tuple[Official, ...], lexicon: dict | None) -> NameIndex:
    """The compiled index (cached per gazetteer and lexicon object)."""
    return _name_index(officials, _LexKey(lexicon or {}))


class _LexKey:
    """Hashable by identity wrapper of a lexicon dict, for the index cache."""

    __slots__ = ("lex",)

    def __init__(self, lex: dict):
        self.lex = lex

    def __hash__(self) -> int:
        return id(self.lex)

    def __eq__(self, other) -> bool:
        return isinstance(other, _LexKey) and other.lex is self.lex


@lru_cache(maxsize=4)
def _name_index(officials: tuple[Official, ...], lexkey: _LexKey) -> NameIndex:
    lex = lexkey.lex
    rules = KeyRules.from_lexicon(lex)
    schemes = tuple(lex.get("romanisation_schemes") or ())
    people = {o.id: o for o in officials}
    forms: dict[str, NameForms] = {}
    full: dict = {}
    surnames: dict = {}
    roles: dict = {}
    titles: dict = {}
    possessive: dict = {}
    title_words = {w.casefold() for w in lex.get("title_words", ())}
    pairs = tuple(tuple(p) for p in lex.get("role_noun_variants", ()))
    for o in officials:
        f = name_forms((nfc(o.name), *map(nfc, o.other_names)), o.name_ru, schemes, rules)
        forms[o.id] = f
        for k in f.full:
            full.setdefault(k, [])
            if o.id not in full[k]:
                full[k].append(o.id)
        for s in f.surnames:
            if len(s) >= 3:
                surnames.setdefault(s, [])
                if o.id not in surnames[s]:
                    surnames[s].append(o.id)
        for m in o.memberships:
            for noun in _variants(m.role_nouns, pairs):
                roles.setdefault(_apostrophes(nfc(noun)), []).append((o.id, m))
            for title in m.titles:
                titles.setdefault(nfc(title).casefold(), []).append((o.id, m))
                title_words.update(w.casefold() for w in title.split())
            if m.serves:
                for noun in m.possessive_nouns:
                    possessive.setdefault(noun.casefold(), []).append((o.id, m))
    firsts = {k.split()[0] for k in roles}
    role_words = _alternation(firsts).replace("'", "['’]")
    role_re = re.compile(rf"(?<![\w-])({role_words})(?![\w-])", re.IGNORECASE) if roles else None
    possessive_re = re.compile(rf"(?<![\w-])({_alternation(possessive)})(?![\w-])", re.IGNORECASE) if possessive else None
    by_first: dict = {}
    for k in sorted(roles, key=lambda k: (-len(k), k)):
        by_first.setdefault(k.split()[0], []).append(k)
    return NameIndex(people, forms, {k: tuple(v) for k, v in full.items()}, {k: tuple(v) for k, v in surnames.items()},
                     max((len(k) for k in full), default=2), {k: tuple(v) for k, v in titles.items()},
                     frozenset(title_words), frozenset(w.casefold() for w in lex.get("capitalised_non_names", ())),
                     role_re, {k: tuple(v) for k, v in roles.items()}, possessive_re,
                     {k: tuple(v) for k, v in possessive.items()}, rules, _near(surnames),
                     frozenset(lex.get("not_person_words", ())), {k: tuple(v) for k, v in by_first.items()},
                     frozenset(w.casefold() for key in ("indefinite_determiners", "former_words", "rank_words")
                               for w in lex.get(key, ())),
                     {w.casefold(): country for country, words in (lex.get("nationalities") or {}).items() for w in words})


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


def _near(surnames: dict) -> dict:
    """Symmetric-delete index: two keys one edit apart share a key or a one-deletion form."""
    out: dict = {}
    for s in surnames:
        if len(s) >= 6:
            for d in _deletions(s):
                out.setdefault(d, set()).add(s)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _variants(nouns, pairs) -> list[str]:
    """Role nouns with each equivalent form of ``pairs`` substituted both ways (once each, in order)."""
    out = dict.fromkeys(nouns)
    for noun in list(nouns):  # "Federation Council chairwoman" is also "chairwoman of the Federation Council"
        m = re.fullmatch(r"((?:[A-Z][\w.'’-]*\s+)+)([a-z][\w -]*)", noun)
        if m:
            out.setdefault(f"{m.group(2)} of the {m.group(1).strip()}")
    for noun in list(out):
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                if x in noun:
                    out.setdefault(noun.replace(x, y))
    return list(out)


class _RoleMatch:
    """A role noun found in a text: ``start(1)``, ``end(1)``, ``group(1)`` as a regular expression's match."""

    __slots__ = ("a", "b", "words")

    def __init__(self, a: int, b: int, words: str):
        self.a, self.b, self.words = a, b, words

    def start(self, _group: int = 0) -> int:
        return self.a

    def end(self, _group: int = 0) -> int:
        return self.b

    def group(self, _group: int = 0) -> str:
        return self.words


def _the_holder(index: NameIndex, text: str, a: int, b: int, pids: list) -> bool:
    """May the role noun ``text[a:b]`` name its holder that day?  Not after an indefinite determiner, a former
    word or a rank word ("a Kremlin spokesman", "the former foreign minister", "the deputy foreign minister":
    a lower office, held by someone else), nor with a country that is not the holders'
    before it or after it ("Ukraine's foreign minister", "the German foreign minister", "the foreign minister of
    Ukraine"): a capitalised qualifier that is neither a title word nor the holders' country names someone else."""
    before = re.search(r"([\w'’.-]+)\s+$", text[max(0, a - 40):a])
    word = before.group(1) if before else ""
    if word.casefold() in index.not_the_holder or word.casefold().startswith(("ex-", "then-")):
        return False
    russian = all(index.people[p].russian_official for p in pids)
    home = {w for w, country in (index.home_words or {}).items() if (country == "Russia") == russian}
    after = re.match(r"\s+(?:of|to|in)\s+(?:the\s+)?([A-Z][\w'’.-]*)", text[b:b + 40])
    for qualifier in (word, after.group(1) if after else ""):
        q = qualifier.casefold()
        if not qualifier[:1].isupper() or q in home:
            continue
        if q in (index.home_words or {}) or re.search(r"(?:an|ese|ish|i)$", q):
            return False  # another country's ("Ukrainian", "German", "American" for a Russian office)
        stem = re.sub(r"['’]s$", "", q)
        if stem in index.title_words or stem in index.not_given or stem in home:
            continue
        if q != stem or after and qualifier == after.group(1):
            return False  # someone else's ("Ukraine's foreign minister", "the foreign minister of Ukraine")
    return True


def role_nouns_in(index: NameIndex, text: str):
    """The role nouns of the gazetteer in ``text``, left to right, longest first at each place, not
    overlapping (whole words, any case, either apostrophe).  The first word is found by a regular expression of
    first words, the rest compared directly: linear in the text, fast however many role nouns there are."""
    if index.role_re is None:
        return
    end = -1
    for m in index.role_re.finditer(text):
        a = m.start(1)
        if a < end:
            continue
        for noun in index.roles_by_first.get(_apostrophes(m.group(1)), ()):
            b = a + len(noun)
            if _apostrophes(text[a:b]) == noun and not (b < len(text) and (text[b].isalnum() or text[b] in "_-")):
                yield _RoleMatch(a, b, text[a:b])
                end = b
                break


def holders(entries, day: dt.date | None) -> list[str]:
    """People (IDs, in order, once each) whose membership among ``entries`` holds on ``day`` (any time if undated)."""
    out = []
    for pid, m in entries:
        if (day is None or m.holds_on(day)) and pid not in out:
            out.append(pid)
    return out


def role_on(official: Official, day: dt.date | None) -> str | None:
    """The role ``official`` held on ``day`` (the latest begun, if several), or None."""
    if day is None:
        return None
    held = official.roles_on(day)
    return held[-1].role if held else None


def served_by(index: NameIndex, owner: str, noun: str, day: dt.date | None) -> list[str]:
    """Who is ``owner``'s ``noun`` on ``day``: holders of a membership with that possessive noun that serves a
    role ``owner`` held that day ("Putin's spokesman" in 2010: the prime minister's press secretary)."""
    person = index.people[owner]
    held = {m.role for m in (person.roles_on(day) if day else person.memberships)}
    entries = [(pid, m) for pid, m in index.possessive.get(noun.casefold(), ()) if m.serves in held and pid != owner]
    return holders(entries, day)


@dataclass(slots=True)
class Token:
    """A capitalised word of a paragraph (or an initial, or a name particle)."""

    start: int
    end: int
    word: str
    """The word without a possessive ``'s``."""
    possessive: bool


def runs(text: str) -> list[list[Token]]:
    """Capitalised words standing together (separated by one space only), in text order."""
    out: list[list[Token]] = []
    last_end = -10
    for m in TOKEN.finditer(text):
        word = m.group(0)
        poss = bool(POSSESSIVE_END.search(word))
        tok = Token(m.start(), m.end(), word[:-2] if poss else word, poss)
        if out and m.start() - last_end == 1 and text[last_end].isspace() and not out[-1][-1].possessive:
            out[-1].append(tok)
        else:
            out.append([tok])
        last_end = m.end()
    return out


def _units(run: list[Token]) -> list[Token]:
    """A run with each name particle joined to the word after it ("von Hippel" is one word of a name)."""
    out: list[Token] = []
    i = 0
    while i < len(run):
        tok = run[i]
        if tok.word in PARTICLES and i + 1 < len(run):  # lower case only: "Al Gore" is a given name
            nxt = run[i + 1]
            out.append(Token(tok.start, nxt.end, tok.word + " " + nxt.word, nxt.possessive))
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _key(tok: Token, rules: KeyRules) -> str:
    if INITIAL.match(tok.word):
        return plain(tok.word)
    return "".join(name_key(w, rules) for w in tok.word.split())


def _edit1(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _title_holder(index: NameIndex, words: list[str], cands: tuple[str, ...], day) -> str | None:
    """The one candidate who held the title written as ``words`` (``then-``/``former`` allow any date)."""
    for k in range(len(words)):
        title = " ".join(words[k:])
        then = title.casefold().startswith(("then-", "former ", "ex-"))
        title = re.sub(r"^(?:then-|former |ex-|acting )", "", title, flags=re.IGNORECASE)
        entries = index.titles.get(title.casefold())
        if not entries:
            continue
        matching = [pid for pid in holders(entries, None if then or day is None else day) if pid in cands]
        if len(matching) == 1:
            return matching[0]
    return None


@dataclass(slots=True)
class _State:
    """What one article's scan knows so far (the chain of names)."""

    last: dict
    """Person ID -> when it was last named in an earlier paragraph (a counter)."""
    last_by_gender: dict
    """Gender -> the person of that gender named last in an earlier paragraph."""
    others: dict
    """Surname key -> True when the article named someone else (not in the gazetteer) by that surname last."""
    tick: int = 0


def find_mentions(article: Article, officials: tuple[Official, ...], lexicon: dict | None = None
                  ) -> tuple[tuple[Mention, ...], list[Problem]]:
    """Every mention of a gazetteer person in the article's paragraphs, in text order."""
    if not officials:
        return (), []
    index = name_index(officials, lexicon)
    day = article.date
    found: list[Mention] = []
    problems: list[Problem] = []
    state = _State({}, {}, {})
    for p in article.paragraphs:
        here = _paragraph(index, p.n, p.text, day, state, problems, article, p.lines[0] if p.lines else None)
        found.extend(here)
    return tuple(found), problems


def _paragraph(index: NameIndex, n: int, text: str, day, state: _State, problems: list[Problem],
               article: Article, line: int | None) -> list[Mention]:
    """The mentions of one paragraph.  Every look-up is by bisection or by key, so the time grows with the
    paragraph's length, not with its square."""
    rules = index.rules
    here: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted, not overlapping
    starts: dict[str, list[int]] = {}  # person -> sorted starts of their mentions here
    order: list[tuple[int, str]] = []  # (start, person), sorted
    ends: list[tuple[int, int]] = []  # (end, index in here), sorted

    def free(a: int, b: int) -> bool:
        k = bisect.bisect_right(taken, (a, float("inf")))
        if k and taken[k - 1][1] > a:
            return False
        return not (k < len(taken) and taken[k][0] < b)

    def add(a: int, b: int, pid: str, method: str) -> None:
        bisect.insort(taken, (a, b))
        bisect.insort(starts.setdefault(pid, []), a)
        bisect.insort(order, (a, pid))
        bisect.insort(ends, (b, len(here)))
        here.append(Mention(person_id=pid, span=TextSpan(n, a, b), surface=text[a:b], method=method))

    def named(pid: str, a: int) -> bool:
        return pid in state.last or bool(starts.get(pid)) and starts[pid][0] < a

    def latest(pids, a: int) -> str | None:
        """Of ``pids``, the one named last before ``a`` (this paragraph first, then the ones before)."""
        best, best_at = None, None
        for pid in pids:
            k = bisect.bisect_left(starts.get(pid, ()), a)
            at = (1, starts[pid][k - 1]) if k else ((0, state.last[pid]) if pid in state.last else None)
            if at is not None and (best_at is None or at > best_at):
                best, best_at = pid, at
        return best

    def last_of_gender(gender: str, a: int) -> str | None:
        k = bisect.bisect_left(order, (a, ""))
        for start, pid in reversed(order[max(0, k - 50):k]):
            if index.people[pid].gender == gender:
                return pid
        return state.last_by_gender.get(gender)

    def mentions_ending(lo: int, hi: int) -> list[Mention]:
        k = bisect.bisect_left(ends, (lo, -1))
        out = []
        while k < len(ends) and ends[k][0] <= hi:
            out.append(here[ends[k][1]])
            k += 1
        return out

    # 1-2: names in runs of capitalised words
    for run in runs(text):
        run = _units(run)
        keys = [_key(t, rules) for t in run]
        i = 0
        while i < len(run):
            hit = None
            for length in range(min(index.longest + 1, len(run) - i), 1, -1):
                window = [k for j, k in enumerate(keys[i:i + length]) if not (0 < j < length - 1 and "." in k)]
                pids = index.full.get(tuple(window))
                if pids:
                    hit = (length, pids)
                    break
            if hit:
                length, pids = hit
                pid = pids[0] if len(pids) == 1 else _pick(index, pids, latest(pids, run[i].start), day)
                if pid:
                    a, b = run[i].start, run[i + length - 1].start + len(run[i + length - 1].word)
                    add(a, b, pid, "name")
                    state.others.pop(keys[i + length - 1], None)
                i += length
                continue
            tok, key = run[i], keys[i]
            pids = index.surnames.get(key)
            if pids and len(key) >= 3:
                before = [t.word for t in run[:i]]
                a, b = tok.start, tok.start + len(tok.word)
                if before and before[-1].casefold() not in index.title_words and before[-1].casefold() not in index.not_given \
                        and not INITIAL.match(before[-1]) and not before[-1].endswith("."):
                    state.others[key] = True  # "Rand Paul": another person's first name stands before the surname
                elif before and all(w.casefold() in index.title_words or w.casefold().startswith(("then-", "ex-"))
                                    for w in before[-4:]) and (pid := _title_holder(index, before[-4:], pids, day)):
                    add(a, b, pid, "title")
                elif state.others.get(key):
                    pass  # the article's other person of that surname
                else:
                    earlier = latest(pids, a)
                    if earlier and sum(1 for pid in pids if pid in state.last or starts.get(pid, ())
                                       and starts[pid][0] < a) > 1:
                        pass  # the article named two people of this surname ("Igor Ivanov and Sergei Ivanov"): either
                    elif earlier:
                        add(a, b, earlier, "surname")
                    elif len(pids) == 1:
                        add(a, b, pids[0], "surname")
                    else:
                        now = [c for c in pids if day and index.people[c].roles_on(day)]
                        if len(now) == 1:
                            add(a, b, now[0], "surname")
            i += 1

    # 3: role nouns by date
    for m in role_nouns_in(index, text):
        a, b = m.start(1), m.end(1)
        if not free(a, b):
            continue
        k = bisect.bisect_left(order, (b, ""))
        if k < len(order) and text[b:order[k][0]].strip(" ,") == "":
            continue  # "Kremlin spokesman Dmitry Peskov": a title before a name, not a mention of its own
        if text[b:b + 2] in ("'s", "’s") and m.group(1).split()[-1][:1].isupper():
            continue  # "the chairman of the Federation Council's committee": the complement owns what follows
        if any(re.fullmatch(r"['’]s?|,\s+(?:the\s+|a\s+|then\s+|now\s+)?(?:[\w'’-]+\s+){0,4}", text[h.span.end:a])
               for h in mentions_ending(a - 80, a)):
            continue  # "Vyacheslav Volodin, the State Duma speaker": the name says who, not the date
        if _beside_a_name(index, text, a, b):
            continue  # the same for a name the gazetteer does not list: "Ivan Orlov, the Kremlin spokesman"
        if re.match(r"['’]s\s", text[b:b + 3]) and index.possessive_re and index.possessive_re.match(text, b + 3):
            continue  # "the president's spokesman": the owner of a possessive role (step 4)
        pids = holders(index.roles.get(_apostrophes(m.group(1)), ()), day)
        if pids and not _the_holder(index, text, a, b, pids):
            continue  # "a Kremlin spokesman", "the former foreign minister", "Ukraine's foreign minister": not the holder
        if len(pids) > 1:  # "the president" on a day two presidents hold office: the one the article named, if only one
            pids = [x for x in pids if named(x, a)]
        if len(pids) == 1 and pids[0]:
            add(a, b, pids[0], "role")

    # 4: possessive roles, owner first
    for m in index.possessive_re.finditer(text) if index.possessive_re else ():
        a, b = m.start(1), m.end(1)
        before = text[max(0, a - 80):a]
        owner, start = None, None
        pm = re.search(r"(?<![\w-])(his|her)\s+(?:(?:top|chief|senior|longtime|own|new|former)\s+)?$", before, re.IGNORECASE)
        if pm:
            gender = "female" if pm.group(1).lower() == "her" else "male"
            # the subject of the sentence when that person comes first in it, else the last one named before
            opening = max(text.rfind(". ", max(0, a - 400), a), text.rfind("? ", max(0, a - 400), a),
                          text.rfind("! ", max(0, a - 400), a), max(0, a - 400) - 1) + 1
            k0, k1 = bisect.bisect_left(order, (opening, "")), bisect.bisect_left(order, (a, ""))
            in_sentence = [pid for _, pid in order[k0:k1] if index.people[pid].gender == gender]
            owner = in_sentence[0] if in_sentence else last_of_gender(gender, a)
            start = a - len(before) + pm.start(1)
        else:
            for h in mentions_ending(a - 20, a):
                gap = text[h.span.end:a]
                if re.fullmatch(r"['’]s\s+(?:(?:top|chief|senior|longtime|own|new|former)\s+)?", gap) or (
                        h.method == "role" and re.fullmatch(r"['’]s\s+", gap)):
                    owner, start = h.person_id, h.span.start
        if owner is None:
            continue
        pids = served_by(index, owner, m.group(1), day)
        if len(pids) == 1:
            bisect.insort(taken, (start, b))
            here.append(Mention(person_id=pids[0], span=TextSpan(n, start, b), surface=text[start:b], method="role"))

    # 5: one letter from a known surname
    for run in runs(text):
        for k, tok in enumerate(run):
            word = tok.word
            if k and run[k - 1].word.casefold() not in index.title_words and run[k - 1].word.casefold() not in index.not_given:
                continue  # "Sergei Markelov": a given name before it, so a whole other name, not a slip
            a, b = tok.start, tok.start + len(word)
            if len(word) < 6 or word.casefold() in index.not_given or word.casefold() in index.title_words or not free(a, b):
                continue
            key = name_key(word, index.rules)
            if key in index.surnames:
                continue
            near = {s for d in _deletions(key) for s in index.near.get(d, ())}
            close = sorted({pid for s in near if _edit1(key, s) for pid in index.surnames[s]})
            if len(close) == 1:
                add(a, b, close[0], "fuzzy")
                problems.append(Problem(f"articles/{article.source_file}", line,
                                        f"{word!r} in paragraph {n} looks like {index.people[close[0]].name!r} "
                                        f"(one letter differs); confirm in the sidecar or correct officials.yml",
                                        severity="review"))
    here.sort(key=lambda x: (x.span.start, -x.span.end))
    for h in here:
        state.tick += 1
        state.last[h.person_id] = state.tick
        gender = index.people[h.person_id].gender
        if gender:
            state.last_by_gender[gender] = h.person_id
    return here


NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*),\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,4}$")
NAME_AFTER = re.compile(r",?\s+((?:[A-Z][\w'’.-]*\s+)+[A-Z][\w'’.-]*)(?=[\s,.;:]|$)")


def _beside_a_name(index: NameIndex, text: str, a: int, b: int) -> bool:
    """Is the role noun ``text[a:b]`` set off by a comma beside a person's name, listed or not ("Ivan Orlov,
    the Kremlin spokesman"; "the Kremlin spokesman, Ivan Orlov")?  A name: two or more capitalised words,
    none of them a word that never stands in a name (``capitalised_non_names``, ``not_person_words``)."""
    def name_like(words: str) -> bool:
        ws = words.split()
        return len(ws) >= 2 and all(w.rstrip(".,").casefold() not in index.not_given and w.rstrip(".,") not in index.not_person
                                    for w in ws)

    before = NAME_BEFORE.search(text, max(0, a - 80), a)
    if before is not None and name_like(before.group(1)):
        return True
    after = NAME_AFTER.match(text, b)
    return after is not None and name_like(after.group(1))


def _pick(index: NameIndex, pids: tuple[str, ...], earlier: str | None, day) -> str | None:
    """One of several people sharing a full name: the one named before, else the one in office that day."""
    if earlier:
        return earlier
    now = [c for c in pids if day and index.people[c].roles_on(day)]
    return now[0] if len(now) == 1 else None
