"""Names of people: Latin spellings generated from the Cyrillic, and a key that makes spellings equal.

Pure.  A Russian name reaches English text in many spellings (Dmitry, Dmitri, Dmitriy, Dmitrii;
Slutsky, Slutskiy, Slutskii; Matviyenko, Matvienko; Nebenzya, Nebenzia).  Instead of a hand-kept list
per person, the gazetteer gives the name in Cyrillic (``name_ru``) and:

1. :func:`romanisations` writes it in every romanisation system the lexicon names
   (``romanisation_schemes``: BGN/PCGN, ICAO, GOST, Library of Congress, scholarly, Wikipedia,
   Telegram, ... as implemented by the ``iuliia`` library);
2. :func:`name_key` reduces any Latin spelling to a key by the rewrite rules of the lexicon
   (``name_key_rules``: ``x`` -> ``ks``, ``kh`` -> ``h``, ``y``/``j`` -> ``i``, doubled letters once, ...),
   so that the spellings of one name, generated or not (the English ``Alexander``), share one key.

Both sides of a match go through the same key, so the rules need only be consistent, not linguistic.
The rules and schemes are data (``archive/lexicon.yml``); this module knows no language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import iuliia

INITIAL = re.compile(r"^[A-Z]\.$")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class KeyRules:
    """The compiled ``name_key_rules`` of a lexicon: (pattern, replacement) applied in order."""

    rules: tuple[tuple[re.Pattern, str], ...]
    """Each rule as a compiled pattern and its replacement (``re.sub`` syntax)."""

    @classmethod
    def from_lexicon(cls, lexicon: dict | None) -> "KeyRules":
        """The rules of ``lexicon`` (none: the key is the lower-cased word without accents)."""
        pairs = (lexicon or {}).get("name_key_rules") or ()
        return _compiled(tuple(tuple(p) for p in pairs))


@lru_cache(maxsize=8)
def _compiled(pairs: tuple[tuple[str, str], ...]) -> KeyRules:
    return KeyRules(tuple((re.compile(p), r) for p, r in pairs))


def plain(word: str) -> str:
    """``word`` lower-cased, without accents or combining marks (``Pёtr`` -> ``petr``, ``Ĭ`` -> ``i``)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(word: str, rules: KeyRules) -> str:
    """The matching key of one word of a name: every spelling of one Russian name gives the same key."""
    key = plain(word)
    for pattern, replacement in rules.rules:
        key = pattern.sub(replacement, key)
    return key


def romanisations(cyrillic: str, schemes: tuple[str, ...]) -> tuple[str, ...]:
    """``cyrillic`` in each named romanisation system (unknown scheme names are skipped), sorted, once each."""
    return _romanisations(cyrillic, tuple(schemes))


@lru_cache(maxsize=4096)
def _romanisations(cyrillic: str, schemes: tuple[str, ...]) -> tuple[str, ...]:
    out = set()
    for name in schemes:
        schema = iuliia.schemas.get(name)
        if schema is not None:
            latin = schema.translate(cyrillic)
            if not CYRILLIC.search(latin):  # a scheme that leaves a letter untransliterated (ё) is no spelling
                out.add(latin)
    return tuple(sorted(out))


@dataclass(frozen=True, slots=True)
class NameForms:
    """The word keys of one person's names, as the mention finder matches them."""

    full: frozenset[tuple[str, ...]]
    """Keys of whole names, word by word: (given, surname), (given, patronymic, surname), (initial, surname)."""
    surnames: frozenset[str]
    """Keys of the surname (and of its part after a particle: ``al-Assad`` -> ``assad``)."""
    given: frozenset[str]
    """Keys of the given names (to tell "Rand Paul" from "Ron Paul")."""
    spellings: tuple[str, ...]
    """Every Latin full name the forms were made from (the gazetteer's and the generated ones), sorted."""


PARTICLES = frozenset({"von", "van", "de", "der", "al", "bin", "ibn", "la", "le", "di", "da", "el"})


def split_name(name: str) -> tuple[list[str], list[str]]:
    """(given words, surname words) of a Latin name: particles start the surname (``Karin von Hippel``)."""
    words = name.split()
    for i, w in enumerate(words[1:], 1):
        if w.casefold() in PARTICLES or w.split("-", 1)[0].casefold() in PARTICLES and "-" in w:
            return words[:i], words[i:]
    return words[:-1], words[-1:]


def surname_keys(surname_words: list[str], rules: KeyRules) -> set[str]:
    """Keys of a surname written as one or more words: ``von Hippel`` -> {vonhippel, hippel}."""
    out = {"".join(name_key(w, rules) for w in surname_words)}
    last = surname_words[-1]
    if "-" in last and last.split("-", 1)[0].casefold() in PARTICLES:
        out.add(name_key(last.split("-", 1)[1], rules))
    if len(surname_words) > 1:
        out.add(name_key(last, rules))
    return out


def name_forms(names: tuple[str, ...], name_ru: str | None, schemes: tuple[str, ...], rules: KeyRules) -> NameForms:
    """The forms of a person named ``names`` (Latin) and, if given, ``name_ru`` (Cyrillic, all its romanisations)."""
    spellings = set(names)
    if name_ru:
        words = name_ru.split()
        for latin in romanisations(name_ru, schemes):
            spellings.add(latin)
            lw = latin.split()
            if len(words) >= 3:  # given, patronymic, surname: also the name without the patronymic
                spellings.add(f"{lw[0]} {lw[-1]}")
    full, surnames, given = set(), set(), set()
    for spelling in spellings:
        first, last = split_name(spelling)
        if not last:
            continue
        skeys = surname_keys(last, rules)
        surnames |= skeys
        gkeys = [name_key(w, rules) for w in first if not INITIAL.match(w)]
        if first and not INITIAL.match(first[0]):
            given.add(name_key(first[0], rules))
        for s in skeys:
            full.add((*gkeys, s))
            if gkeys:
                full.add((gkeys[0], s))
        if len(gkeys) == 2:  # given name and patronymic, the polite Russian address ("Sergei Viktorovich")
            full.add(tuple(gkeys))
            if first:
                full.add((plain(first[0])[:1] + ".", s))
    return NameForms(frozenset(full), frozenset(surnames), frozenset(given), tuple(sorted(spellings)))
