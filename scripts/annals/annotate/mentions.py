"""People named in an article: full names, aliases, surnames, title + surname, role nouns.

Pure.  ``find_mentions(article, officials)`` returns every mention in text order, each resolved
to a gazetteer ID, and the problems for an editor (a fuzzy match is never accepted silently: it
is listed for review).  Resolution rules, in order of precedence:

1. a full name or one of ``other_names`` (transliterations), written as in the gazetteer;
2. a title before a surname ("President Putin", "Foreign Minister Lavrov", "then-President
   Medvedev"), the title taken from the memberships held on the article's date;
3. a surname alone: the person already named in the article, else the only person in the
   gazetteer with that surname (a surname right after another capitalised word is someone
   else's: "Rand Paul" is not Ron Paul);
4. a role noun ("the Kremlin spokesman", "the prime minister", "his spokesman") resolved to whoever
   held the role on the article's date (undated: only if one person ever held it);
5. a word one letter away from a known surname: a ``fuzzy`` mention, listed for review.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from annals.model import Article, Mention, Official, Problem, TextSpan

PARTICLES = {"von", "van", "de", "der", "al", "bin", "ibn", "la", "le", "di", "da"}
POSSESSIVE = r"(?:['’]s)?"
WORD_END = r"(?![\w-])"
CAPWORD = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)(?![\w-])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def surnames_of(name: str) -> list[str]:
    """``Bashar al-Assad`` -> [al-Assad, Assad]; ``Karin von Hippel`` -> [von Hippel, Hippel]; else the last word."""
    words = name.split()
    out = []
    for i, w in enumerate(words[1:], 1):
        if w.lower() in PARTICLES:
            out.append(" ".join(words[i:]))
            break
    last = words[-1]
    if "-" in last and last.split("-", 1)[0].lower() in PARTICLES:
        out.append(last)
        last = last.split("-", 1)[1]
    out.append(last)
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Everything the mention finder matches, compiled once per gazetteer."""

    people: dict
    """ID -> Official."""
    full_re: re.Pattern | None
    full: dict
    """surface -> (person ID, method)."""
    surname_re: re.Pattern | None
    surnames: dict
    """surname -> tuple of person IDs."""
    role_re: re.Pattern | None
    roles: dict
    """casefolded role noun -> tuple of (person ID, Membership)."""
    titles: dict
    """casefolded title -> tuple of (person ID, Membership)."""
    owned_re: re.Pattern | None = None
    owned: dict | None = None
    """casefolded bare noun of a role noun ``X's spokesman`` -> tuple of (owner surname, person ID, Membership)."""


_INDEX_CACHE: dict[int, tuple[tuple, NameIndex]] = {}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _apostrophes(key: str) -> str:
    """A role noun as looked up: case folded, a curly apostrophe read as a straight one."""
    return key.replace("’", "'").casefold()


def name_index(officials: tuple[Official, ...]) -> NameIndex:
    """The compiled index (cached per gazetteer object)."""
    cached = _INDEX_CACHE.get(id(officials))
    if cached is not None and cached[0] is officials:
        return cached[1]
    people = {o.id: o for o in officials}
    full: dict = {}
    surnames: dict = {}
    roles: dict = {}
    titles: dict = {}
    owned: dict = {}
    for o in officials:
        for k, name in enumerate((o.name, *o.other_names)):
            full.setdefault(nfc(name), (o.id, "name" if k == 0 else "alias"))
            for s in surnames_of(nfc(name)):
                if len(s) >= 3:
                    surnames.setdefault(s, [])
                    if o.id not in surnames[s]:
                        surnames[s].append(o.id)
        for m in o.memberships:
            for noun in m.role_nouns:
                roles.setdefault(_apostrophes(nfc(noun)), []).append((o.id, m))
                owner = re.match(r"^([A-Z][\w-]+)['’]s (.+)$", nfc(noun))
                if owner:
                    owned.setdefault(owner.group(2).casefold(), []).append((owner.group(1).casefold(), o.id, m))
            for title in m.titles:
                titles.setdefault(nfc(title).casefold(), []).append((o.id, m))
    full_re = re.compile(rf"(?<![\w-])({_alternation(full)}){POSSESSIVE}{WORD_END}") if full else None
    surname_re = re.compile(rf"(?<![\w-])({_alternation(surnames)}){POSSESSIVE}{WORD_END}") if surnames else None
    role_words = _alternation(roles).replace("'", "['’]")  # either apostrophe: "Foreign Ministry’s spokeswoman"
    role_re = re.compile(rf"(?<![\w-])({role_words}){WORD_END}", re.IGNORECASE) if roles else None
    owned_re = re.compile(rf"(?<![\w-])(his|her)\s+({_alternation(owned)}){WORD_END}", re.IGNORECASE) if owned else None
    index = NameIndex(people, full_re, full, surname_re, {k: tuple(v) for k, v in surnames.items()}, role_re,
                      {k: tuple(v) for k, v in roles.items()}, {k: tuple(v) for k, v in titles.items()},
                      owned_re, {k: tuple(v) for k, v in owned.items()})
    _INDEX_CACHE[id(officials)] = (officials, index)
    return index


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


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion or substitution."""
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


def _title_before(text: str, start: int, index: NameIndex, candidates: tuple[str, ...], day) -> tuple[str | None, str | None]:
    """A title written right before ``text[start:]`` that one of ``candidates`` held: (person ID, title)."""
    before = text[max(0, start - 60):start]
    m = re.search(r"((?:then-|former |ex-|acting )?)((?:[A-Z][\w.-]*\s+){1,4})$", before)
    if not m:
        return None, None
    words = m.group(2).split()
    for k in range(len(words)):
        title = " ".join(words[k:])
        entries = index.titles.get(title.casefold())
        if not entries:
            continue
        then = bool(m.group(1))
        matching = [pid for pid in holders(entries, None if then or day is None else day) if pid in candidates]
        if len(matching) == 1:
            return matching[0], m.group(1) + title
    return None, None


def find_mentions(article: Article, officials: tuple[Official, ...]) -> tuple[tuple[Mention, ...], list[Problem]]:
    """Every mention of a gazetteer person in the article's paragraphs, in text order."""
    if not officials:
        return (), []
    index = name_index(officials)
    day = article.date
    found: list[Mention] = []
    problems: list[Problem] = []
    seen_people: list[str] = []
    for p in article.paragraphs:
        text = p.text
        taken: list[tuple[int, int]] = []
        here: list[Mention] = []

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        def add(a: int, b: int, pid: str, method: str) -> None:
            taken.append((a, b))
            here.append(Mention(person_id=pid, span=TextSpan(p.n, a, b), surface=text[a:b], method=method))

        for m in index.full_re.finditer(text) if index.full_re else ():
            pid, method = index.full[m.group(1)]
            add(m.start(1), m.end(1), pid, method)
        for m in index.surname_re.finditer(text) if index.surname_re else ():
            a, b = m.start(1), m.end(1)
            if not free(a, b):
                continue
            cands = index.surnames[m.group(1)]
            pid, title = _title_before(text, a, index, cands, day)
            if pid:
                add(a, b, pid, "title")
                continue
            prev = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, a - 30):a])
            if prev and prev.group(1).casefold() not in index.titles and not _is_sentence_word(prev.group(1)):
                continue  # "Rand Paul": another person's first name stands before the surname
            earlier = [x for x in reversed(seen_people + [h.person_id for h in here if h.span.start < a]) if x in cands]
            if earlier:
                add(a, b, earlier[0], "surname")
            elif len(cands) == 1:
                add(a, b, cands[0], "surname")
            else:
                now = [c for c in cands if day and index.people[c].roles_on(day)]
                if len(now) == 1:
                    add(a, b, now[0], "surname")
        for m in index.role_re.finditer(text) if index.role_re else ():
            a, b = m.start(1), m.end(1)
            if not free(a, b):
                continue
            if any(h.span.start >= b and text[b:h.span.start].strip(" ,") == "" for h in here):
                continue  # "Kremlin spokesman Dmitry Peskov": a title before a name, not a mention of its own
            if any(h.span.end <= a and re.fullmatch(r"['’]s?|,\s+(?:the\s+|a\s+|then\s+|now\s+)?(?:[\w'’-]+\s+){0,4}",
                                                     text[h.span.end:a]) for h in here):
                continue  # "Vyacheslav Volodin, the State Duma speaker": the name says who, not the date
            pids = holders(index.roles.get(_apostrophes(m.group(1)), ()), day)
            if len(pids) > 1:  # "the president" on a day two presidents hold office: the one named last
                named = seen_people + [h.person_id for h in sorted(here, key=lambda h: h.span.start) if h.span.start < a]
                pids = [next((x for x in reversed(named) if x in pids), None)]
            if len(pids) == 1 and pids[0]:
                add(a, b, pids[0], "role")
        for m in index.owned_re.finditer(text) if index.owned_re else ():
            a, b = m.start(0), m.end(0)
            if not free(a, b):
                continue
            # "his spokesman": the owner is the last person of that gender named before
            before = seen_people + [h.person_id for h in sorted(here, key=lambda h: h.span.start) if h.span.start < a]
            gender = "female" if m.group(1).lower() == "her" else "male"
            entries = []
            for owner in dict.fromkeys(reversed(before)):  # the nearest person of that gender who has such a role
                if index.people[owner].gender != gender:
                    continue
                keys = {x.casefold() for x in surnames_of(index.people[owner].name)}
                entries = [(pid, mm) for sur, pid, mm in index.owned.get(m.group(2).casefold(), ()) if sur in keys]
                if entries:
                    break
            pids = holders(entries, day)
            if len(pids) == 1:
                add(a, b, pids[0], "role")
        for m in CAPWORD.finditer(text):
            a, b = m.start(1), m.end(1)
            word = m.group(1)
            if len(word) < 6 or not free(a, b) or _is_sentence_word(word):
                continue
            close = sorted({pid for s, pids in index.surnames.items() if len(s) >= 6 and _edit1(word, s) for pid in pids})
            if len(close) == 1:
                add(a, b, close[0], "fuzzy")
                problems.append(Problem(f"articles/{article.source_file}", p.lines[0] if p.lines else None,
                                        f"{word!r} in paragraph {p.n} looks like {index.people[close[0]].name!r} "
                                        f"(one letter differs); confirm in the sidecar or correct officials.yml",
                                        severity="review"))
        here.sort(key=lambda x: x.span.start)
        found.extend(here)
        seen_people.extend(h.person_id for h in here)
    return tuple(found), problems


COMMON_CAPS = {"The", "This", "That", "These", "Those", "There", "Their", "They", "When", "While", "After", "Before",
               "Although", "Because", "Since", "Still", "Indeed", "Throughout", "Recently", "Meanwhile", "However",
               "Other", "Many", "Most", "Some", "Relations", "Russia", "Russian", "Russians", "Moscow", "American",
               "Americans", "President", "Prime", "Minister", "Foreign", "Kremlin", "Ministry", "State", "States",
               "United", "Former", "Now", "In", "On", "At", "For", "From", "With", "Without", "And", "But", "Or",
               "If", "As", "It", "He", "She", "We", "I", "A", "An", "Ties", "Closer", "Putin", "Senator", "Governor",
               "Deputy", "Speaker", "Chairman", "Ambassador", "Secretary", "Vice", "General", "Director", "Duma",
               "Council", "Federation", "Security", "Republican", "Republicans", "Democrat", "Democrats",
               "Democratic", "Ukraine", "Ukrainian", "Western", "European", "Europe", "Soviet", "Washington",
               "Based", "According", "Throughout", "Given", "Only", "Even", "Also", "Then", "Yet", "So"}


def _is_sentence_word(word: str) -> bool:
    """A capitalised word that is not a first name (sentence openers, place and title words)."""
    return word in COMMON_CAPS


def _surname_key(official: Official) -> str:
    return surnames_of(official.name)[-1].casefold()


def _last_of_gender(people: list[str], index: NameIndex, gender: str) -> str | None:
    for pid in reversed(people):
        if index.people[pid].gender == gender:
            return pid
    return None
