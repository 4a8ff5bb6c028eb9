"""The lexicon's word lists compiled into regular expressions and sets, once per lexicon.

Every word the attribution looks for (speech and reporting verbs, outlets, institutions, documents,
person nouns, anonymous sources, anaphoric nouns, name cues, ...) is in ``archive/lexicon.yml``,
validated by ``schemas/lexicon.schema.json``; this module only compiles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass



@dataclass(slots=True)
class Lexicon:
    """The lexicon's word lists, compiled once per lexicon."""

    verb_re: re.Pattern | None
    report_re: re.Pattern | None
    agency_re: re.Pattern | None
    document_re: re.Pattern | None
    institution_re: re.Pattern | None
    utterance_re: re.Pattern | None
    source_re: re.Pattern | None
    anonymous_re: re.Pattern | None
    anaphor_re: re.Pattern | None
    name_cue_re: re.Pattern | None
    name_cue_after_re: re.Pattern | None
    channel_re: re.Pattern | None
    person_noun_re: re.Pattern | None
    person_noun_after_re: re.Pattern | None
    role_phrase_re: re.Pattern | None
    audience_re: re.Pattern | None
    addressee_verbs: frozenset
    gap_words: frozenset
    title_words: frozenset
    not_person: frozenset
    non_names: frozenset
    honorifics: frozenset
    question_labels: frozenset
    institution_prefixes: tuple
    female_titles: frozenset
    male_titles: frozenset
    female_endings: tuple
    male_endings: tuple
    scare_max: int
    institutions: frozenset
    subordinate_openers: frozenset


def _words_re(words, flags=re.IGNORECASE, suffix="") -> re.Pattern | None:
    words = [w for w in words or () if w]
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])({alt}){suffix}(?![\w-])", flags)


def _role_phrase_re(lex: dict) -> re.Pattern | None:
    """A determiner (or a possessor), up to three modifiers, a person noun of the lexicon, and an "of/to ..."
    complement with a capitalised word: "the speaker of the Duma", "Putin's spokesman", "one deputy"."""
    nouns = [w for w in lex.get("person_nouns", ()) if w]
    if not nouns:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(nouns), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])(?P<det>[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Ss]everal|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|"
                      rf"[A-Z][\w-]*['’]s)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<noun>{alt})s?(?![\w-])"
                      rf"(?:\s+(?:of|to|at|in|for)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s*){{1,5}})?")


_LEX_CACHE: dict[int, tuple[dict, Lexicon]] = {}


def compile_lexicon(lex: dict) -> Lexicon:
    """The compiled word lists of ``lex`` (cached per lexicon object)."""
    cached = _LEX_CACHE.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    fold = lambda key: frozenset(w.casefold() for w in lex.get(key, ()))  # noqa: E731
    gender = lex.get("name_gender") or {}
    person_nouns = lex.get("person_nouns", ())
    compiled = Lexicon(
        verb_re=_words_re(lex.get("speech_verbs")),
        report_re=_words_re(lex.get("reporting_verbs")),
        agency_re=_words_re(lex.get("agencies"), flags=0),
        document_re=_words_re(lex.get("documents")),
        institution_re=_words_re(lex.get("institutions"), flags=0),
        utterance_re=_words_re(lex.get("utterance_nouns")),
        source_re=_words_re(lex.get("source_phrases")),
        anonymous_re=_words_re(lex.get("anonymous_sources")),
        anaphor_re=_words_re(lex.get("anaphoric_nouns")),
        name_cue_re=_words_re(lex.get("name_cues"), suffix=r"[\s,:]*$"),
        name_cue_after_re=_words_re(lex.get("name_cues_after"), suffix=""),
        channel_re=_words_re(lex.get("channel_verbs")),
        person_noun_re=_words_re(person_nouns, suffix=r"\s+$"),
        person_noun_after_re=_words_re(person_nouns),
        role_phrase_re=_role_phrase_re(lex),
        audience_re=_words_re(lex.get("audiences"), suffix="", flags=re.IGNORECASE) and re.compile(
            r"\s+(?:" + "|".join(re.escape(w) for w in sorted(lex.get("audiences", ()), key=len, reverse=True)) + r")(?![\w-])",
            re.IGNORECASE),
        addressee_verbs=fold("addressee_verbs"),
        gap_words=fold("subject_gap_words"),
        title_words=fold("title_words"),
        not_person=frozenset(lex.get("not_person_words", ())),
        non_names=fold("capitalised_non_names"),
        honorifics=frozenset(lex.get("honorifics", ())),
        question_labels=frozenset(lex.get("question_labels", ())),
        institution_prefixes=tuple(lex.get("institution_prefixes", ())),
        female_titles=fold("female_title_words"),
        male_titles=fold("male_title_words"),
        female_endings=tuple(gender.get("female_endings", ())),
        male_endings=tuple(gender.get("male_endings", ())),
        scare_max=int(lex.get("scare_max_words", 2)),
        institutions=fold("institutions"),
        subordinate_openers=fold("subordinate_openers"),
    )
    _LEX_CACHE.clear()
    _LEX_CACHE[id(lex)] = (lex, compiled)
    return compiled
