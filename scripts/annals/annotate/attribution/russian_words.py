"""Russian words for the Russian quotation finder: tokens (``razdel``), lemmas and grammar (``pymorphy3``
with its Russian dictionaries), the compiled ``lexicon.ru.yml`` and the gazetteer's Russian names.

Pure.  Everything here is a function of its arguments, memoised (``functools.lru_cache``): the analyser
is loaded once per process, each word is analysed once, the lexicon and the name index are compiled once
per lexicon and per gazetteer.  Words are compared by lemma, so that a name or a phrase in any of the six
cases meets its entry (Песков, Пескова, Пескову, Песковым, Пескове -> песков).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import razdel

from annals.model import Official


@lru_cache(maxsize=1)
def analyser() -> pymorphy3.MorphAnalyzer:
    """pymorphy3's analyser with the OpenCorpora dictionaries (pymorphy3-dicts-ru), loaded once."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@dataclass(frozen=True, slots=True)
class Reading:
    """One grammatical reading of a word."""

    lemma: str
    """Dictionary form, lower case (``ё`` kept as the dictionary writes it)."""
    grammemes: frozenset
    """pymorphy3 grammemes (OpenCorpora tags): ``NOUN``, ``Surn``, ``Name``, ``nomn``, ``femn``, ..."""


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[Reading, ...]:
    """The word's readings, most likely first."""
    return tuple(Reading(p.normal_form, frozenset(p.tag.grammemes)) for p in analyser().parse(word))


def fold(word: str) -> str:
    """Lower case with ``ё`` written ``е`` (Russian texts write either)."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset:
    """Every lemma the word can have, and the word itself, folded."""
    return frozenset({fold(word), *(fold(r.lemma) for r in readings(word))})


def can_be(word: str, *grammemes: str) -> bool:
    """Has the word a reading with all these grammemes?"""
    need = set(grammemes)
    return any(need <= r.grammemes for r in readings(word))


def phrase_lemmas(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as the lemmas of its words, first reading each ("по словам" -> по, слово)."""
    return tuple(fold(readings(w)[0].lemma) if readings(w) else fold(w) for w in phrase.split())


def _token_lemma(word: str) -> str:
    """A word of a name as its first reading's lemma (folded), the word itself if it has none."""
    return fold(readings(word)[0].lemma) if word.isalpha() and readings(word) else fold(word)


def agency_at(lex: "RussianLexicon", toks, i: int) -> tuple[int, str] | None:
    """The agency whose words start at ``toks[i]`` (in any case, capitals as the lexicon writes them):
    (number of tokens, its name), or None."""
    for words, name in lex.agency_words:
        if i + len(words) > len(toks):
            continue
        parts = tokens(name)
        if all(lem in lemmas(toks[i + k].text) | {fold(toks[i + k].text)} and toks[i + k].text[:1].isupper() == parts[k].text[:1].isupper()
               for k, lem in enumerate(words)):
            return len(words), name
    return None


@dataclass(frozen=True, slots=True)
class Token:
    """A word or a punctuation mark of a paragraph."""

    text: str
    start: int
    end: int


def tokens(text: str) -> tuple[Token, ...]:
    """The paragraph's tokens (razdel)."""
    return tuple(Token(t.text, t.start, t.stop) for t in razdel.tokenize(text))


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of the paragraph (razdel)."""
    return tuple((s.start, s.stop) for s in razdel.sentenize(text))


def phrase_in(text: str, phrase: str) -> bool:
    """Does ``text`` write ``phrase`` in any case ("выборов президента США 2016 года" for "Выборы президента
    США 2016 года"): its words in a row, each with the phrase word's lemma among its own?"""
    want = phrase_lemmas(phrase)
    words = [t.text for t in tokens(text) if t.text.isalnum()]
    return any(all(lem in lemmas(words[i + k]) for k, lem in enumerate(want)) for i in range(len(words) - len(want) + 1))


# ---- the lexicon -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RussianLexicon:
    """``lexicon.ru.yml`` compiled: lemma sets and lemma sequences."""

    speech: frozenset
    naming: frozenset
    utterance: frozenset
    impersonal: frozenset
    documents: frozenset
    sources: tuple[tuple[str, ...], ...]
    content_refs: tuple[tuple[str, ...], ...]
    conjunctions: frozenset
    """Conjunctions that open the clause of reported words after a speech verb (что, будто), folded."""
    """Phrases that open a sentence by referring to the sentence before as what was said ("об этом")."""
    roles: tuple[tuple[tuple[str, ...], str], ...]
    """(phrase lemmas, membership role), longest phrase first."""
    agencies: tuple[str, ...]
    agency_words: tuple[tuple[tuple[str, ...], str], ...]
    """(the lemmas of an agency's words, its name), longest first: an outlet in any case ("Интерфаксу",
    "«Российской газете»")."""
    institutions: dict
    name_cues: frozenset
    anonymous: frozenset
    anaphoric: frozenset
    institution_nouns: frozenset
    relative: frozenset
    question_labels: frozenset
    answer_labels: frozenset
    transcript_nouns: frozenset
    pronouns: dict
    scare_max: int
    feminine_endings: tuple[tuple[str, str], ...]


def compile_russian(lex: dict) -> RussianLexicon:
    """The compiled word lists of a ``lexicon.ru.yml`` mapping (memoised by content)."""
    return _compiled(json.dumps(lex, sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=4)
def _compiled(text: str) -> RussianLexicon:
    lex = json.loads(text)
    words = lambda key: frozenset(lem for w in lex.get(key, ()) for lem in phrase_lemmas(w))  # noqa: E731
    roles = sorted(((phrase_lemmas(r["phrase"]), r["role"]) for r in lex.get("roles", ())),
                   key=lambda r: (-len(r[0]), r[0], r[1]))
    return RussianLexicon(
        speech=words("speech_verbs"), naming=words("naming_verbs"), utterance=words("utterance_nouns"),
        impersonal=words("impersonal_verbs"), documents=words("document_nouns"),
        sources=tuple(sorted({phrase_lemmas(p) for p in lex.get("source_phrases", ())}, key=lambda p: (-len(p), p))),
        conjunctions=frozenset(fold(w) for w in lex.get("clause_conjunctions", ())),
        content_refs=tuple(sorted({phrase_lemmas(p) for p in lex.get("content_references", ())})),
        roles=tuple(roles), agencies=tuple(sorted(lex.get("agencies", ()), key=lambda a: (-len(a), a))),
        agency_words=tuple(sorted(((tuple(_token_lemma(t.text) for t in tokens(a)), a) for a in lex.get("agencies", ())),
                                  key=lambda a: (-len(a[0]), a))),
        institutions={fold(k): v for k, v in (lex.get("institutions") or {}).items()},
        name_cues=words("name_cues"), anonymous=words("anonymous_sources"),
        anaphoric=words("anaphoric_nouns"), institution_nouns=words("institution_nouns"), relative=words("relative_pronouns"),
        question_labels=words("question_labels"), answer_labels=words("answer_labels"),
        transcript_nouns=words("transcript_nouns"),
        pronouns={fold(k): v for k, v in (lex.get("pronouns") or {}).items()},
        scare_max=int(lex.get("scare_max_words", 0)),
        feminine_endings=tuple(tuple(p) for p in lex.get("feminine_surname_endings", ())))


# ---- the gazetteer's Russian names -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RussianName:
    """A gazetteer person's Russian name, as the finder matches it."""

    person_id: str
    given: frozenset
    """Lemmas of the given name (for "Сергей Иванов" / "Игорь Иванов")."""
    initial: str
    """First letter of the given name (for "Д.Трамп", "М.В.Захарова")."""
    gender: str | None
    surname: str
    """The surname as the gazetteer writes it (nominative), folded."""


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Surname lemma -> the gazetteer people with that surname."""

    by_surname: dict


def surname_keys(surname: str) -> frozenset:
    """The lemmas a gazetteer surname is matched on: the word itself and its readings as a surname or a
    name (a reading as a common noun is left out: Песков is not the plural of песок)."""
    keys = {fold(surname)}
    surn = {fold(r.lemma) for r in readings(surname) if "Surn" in r.grammemes}
    # a foreign surname the dictionary reads as a given name (Байден): its singular readings only, not the
    # plural of a given name inside a Russian surname (Иванов as "of the Ivans")
    keys |= surn or {fold(r.lemma) for r in readings(surname) if {"Name", "sing"} <= r.grammemes}
    return frozenset(keys)


@lru_cache(maxsize=4)
def name_index(officials: tuple[Official, ...]) -> NameIndex:
    """The Russian names (``name_ru``) of the gazetteer, by surname lemma."""
    by: dict = {}
    for o in officials:
        if not o.name_ru:
            continue
        words = o.name_ru.split()
        entry = RussianName(o.id, lemmas(words[0]), fold(words[0][0]), o.gender, fold(words[-1]))
        for key in surname_keys(words[-1]):
            by.setdefault(key, []).append(entry)
    return NameIndex({k: tuple(v) for k, v in by.items()})


def nominative(word: str, gender: str | None, lex: RussianLexicon) -> str:
    """A name word in the nominative (Натальи -> Наталья, Лукина -> Лукин), keeping its capital."""
    for parsed in analyser().parse(word):
        g = parsed.tag.grammemes
        if not g & {"Name", "Surn"} or (gender == "female" and "masc" in g) or (gender == "male" and "femn" in g):
            continue
        form = parsed.inflect({"nomn", "sing"})
        if form is not None:
            return _cap(form.word, word)
    if gender == "female":
        low = fold(word)
        for ending, nom in lex.feminine_endings:
            if low.endswith(fold(ending)):
                return _cap(low[: -len(ending)] + nom, word)
    return word


def _cap(form: str, like: str) -> str:
    return form[:1].upper() + form[1:] if like[:1].isupper() else form
