"""The lexicon's word lists compiled into regular expressions and sets, once per lexicon.

Every word the attribution looks for (speech and reporting verbs, outlets, institutions, documents,
person nouns, anonymous sources, anaphoric nouns, name cues, ...) is in ``archive/lexicon.yml``,
validated by ``schemas/lexicon.schema.json``; this module only compiles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annals.annotate.alternation import alternation



@dataclass(slots=True)
class Lexicon:
    """The lexicon's word lists, compiled once per lexicon."""

    verb_re: re.Pattern | None
    report_re: re.Pattern | None
    first_words: dict
    """Pattern name ("verb_re", "report_re") -> the casefolded first words of its list: a paragraph is scanned
    word by word and the pattern tried only where one stands (a 300-word alternation is slow to search)."""
    agency_re: re.Pattern | None
    document_re: re.Pattern | None
    institution_re: re.Pattern | None
    utterance_re: re.Pattern | None
    source_re: re.Pattern | None
    anonymous_re: re.Pattern | None
    name_cue_re: re.Pattern | None
    name_cue_after_re: re.Pattern | None
    term_cue_re: re.Pattern | None
    """A naming word right before quoted words ("so-called", "dubbed"): a term, in any case."""
    term_cues: frozenset
    channel_re: re.Pattern | None
    outlet_before_re: re.Pattern | None
    """An outlet noun and the outlet's name after it ("the newspaper "Izvestia"")."""
    outlet_after_re: re.Pattern | None
    """An outlet's name and an outlet noun after it ("Ekho Moskvy radio", "the Rossiya-24 TV channel")."""
    not_outlet: frozenset
    """Capitalised words that are never an outlet's name (``not_person_words`` that name places and institutions)."""
    preposition_before_re: re.Pattern | None
    """A preposition (``place_prepositions``, ``complement_words``) right before a word, with "the"."""
    outlet_noun_words: frozenset
    """Casefolded words of the outlet nouns ("tv" of "TV channel"), not part of an outlet's name."""
    medium_re: re.Pattern | None
    """A preposition of a medium right before an outlet noun ("wrote in the weekly"): the author's own
    column, not a relay (``medium_prepositions``)."""
    agent_re: re.Pattern | None
    """A preposition naming who did something, right before an institution ("released by the Kremlin")."""
    person_noun_re: re.Pattern | None
    person_noun_after_re: re.Pattern | None
    role_phrase_re: re.Pattern | None
    audience_re: re.Pattern | None
    addressee_verbs: frozenset
    inversion_verbs: frozenset
    document_verbs: frozenset
    """Verbs with which a document gives its words (``document_verbs``), speech verbs for a document subject only."""
    question_words: frozenset
    """Words that open an indirect question (``question_words``): no reported words after them."""
    negation_words: frozenset
    """Words that negate a reporting verb right before it (``negation_words``)."""
    """Speech verbs with no person object, which may stand before their subject (``inversion_verbs``)."""
    gap_words: frozenset
    title_words: frozenset
    not_person: frozenset
    non_names: frozenset
    honorifics: frozenset
    question_labels: frozenset
    section_labels: frozenset
    """Casefolded labels of a text's sections ("Background:", "UPDATE:"): not a speaker's turn."""
    institution_prefixes: tuple
    place_prepositions: tuple
    """Prepositions of a short phrase between a name and its apposition ("Valya on the fourth floor, a ...")."""
    pronoun_re: re.Pattern | None
    """Subject pronouns (``subject_pronouns``)."""
    pronoun_gender: dict
    """Casefolded subject or possessive pronoun -> male, female or thing."""
    possessive_pronoun_re: re.Pattern | None
    source_pronoun_re: re.Pattern | None
    possessive_source_re: re.Pattern | None
    """A source phrase with its source as a possessor ("In Peskov's opinion", "in his view"): group ``who``."""
    naming_re: re.Pattern | None
    """A verb of naming ("dubbed", "labelled"; ``naming_verbs``): its subject's words are the term it gives."""
    continuation_re: re.Pattern | None
    """A speech verb that presupposes earlier words of its subject, right after a pronoun ("he added"):
    ``continuation_verbs`` after up to one gap word."""
    clause_words: frozenset
    """Casefolded words that make a stretch of text a clause of its own (subject pronouns, auxiliaries,
    complementisers): a verb's tail holding one is not an adverbial."""
    """A source phrase and an object pronoun ("according to him", "in her words"): group 2 the pronoun."""
    female_titles: frozenset
    male_titles: frozenset
    female_endings: tuple
    male_endings: tuple
    female_given_endings: tuple
    male_given_exceptions: frozenset
    scare_max: int
    institutions: frozenset
    subordinate_openers: frozenset
    definite: frozenset
    """Determiners of a definite role phrase ("the", "our")."""
    indefinite: frozenset
    """Determiners of an indefinite role phrase ("a", "one")."""
    possessive: frozenset
    """Possessive pronouns before a role noun ("his", "our")."""
    rank_words: frozenset
    former_words: frozenset
    complement_words: frozenset
    """Prepositions that open a role phrase's complement ("of", "to")."""
    complement_split: re.Pattern
    """Splits a role at its complement: "minister | of foreign affairs"."""
    member_nouns: frozenset
    """Nouns several people hold at once ("deputy", "senator"): the gazetteer's one holder is not the one meant."""
    subunit_nouns: frozenset
    """Parts of an organisation ("committee", "department") a role can be in."""
    epithets: frozenset
    """Epithet nouns ("the firebrand"), casefolded."""
    complemented_nouns: tuple
    """Person nouns that hold a complement ("secretary of state"), longest first."""
    person_noun_set: frozenset
    """Person and epithet nouns, casefolded."""
    description_heads: dict
    """Head noun -> (heads, whole roles, organisations, title words) it covers (casefolded sets)."""
    nationality: dict
    """Casefolded nationality word -> country."""
    country_names: dict
    """Country -> its casefolded words."""
    organisation_names: dict
    """Casefolded organisation -> its other names."""
    audience_words: frozenset
    """Casefolded words of the ``audiences`` ("reporters", "journalists")."""
    complementiser_re: re.Pattern | None
    """A complementiser ("that") after a few words, opening a reported clause."""
    clause_start_re: re.Pattern
    """Where a content clause with no complementiser starts after a verb: a subject word (``clause_subject_words``),
    or up to three capitalised words and a finite verb (``auxiliaries``, or a word with a ``past_tense_endings``)."""
    coordinator_re: re.Pattern | None
    """A coordinating conjunction right before a verb ("and saying"): ``coordinators``."""
    relative_re: re.Pattern | None
    """A comma and a relative pronoun (``relative_openers``): ", who"."""
    infinitive_re: re.Pattern | None
    """An infinitive marker right before a verb ("to say")."""
    passive_re: re.Pattern | None
    """A form of "be" and up to two adverbs right before a verb ("was told", "has been described"): the verb is
    passive, its subject is the one spoken to or about (``passive_auxiliaries``)."""
    clause_boundary_re: re.Pattern | None
    """A clause boundary inside a sentence: a semicolon, a spaced dash, or a comma before a conjunction."""
    organisation_generic: frozenset
    """Casefolded other names that fit several organisations or are a common noun ("ministry", "chamber")."""
    organisation_name_re: re.Pattern | None
    """The specific names of the organisations (full and other names), to find the one a text named."""


def _words_re(words, flags=re.IGNORECASE, suffix="") -> re.Pattern | None:
    words = [w for w in words or () if w]
    if not words:
        return None
    alt = alternation(words, ignorecase=bool(flags & re.IGNORECASE))
    return re.compile(rf"(?<![\w-])({alt}){suffix}(?![\w-])", flags)


def _role_phrase_re(lex: dict) -> re.Pattern | None:
    """A role phrase: a determiner (``definite_determiners``, ``indefinite_determiners``) or a possessor ("Putin's",
    "the ministry's"), up to three modifiers, a person noun (``person_nouns``, ``epithet_nouns``; ``pl``: a plural
    -s) and a complement (``complement_words``) with capitalised words: "the speaker of the Duma", "one deputy"."""
    nouns = [w for w in (*lex.get("person_nouns", ()), *lex.get("epithet_nouns", ())) if w]
    dets = [w for w in (*lex.get("definite_determiners", ()), *lex.get("indefinite_determiners", ()),
                        *lex.get("possessive_determiners", ())) if w]
    if not nouns or not dets:
        return None
    alt = alternation(nouns)
    det = alternation(dets)
    first = "|".join(re.escape(w) for w in sorted(set(lex.get("definite_determiners", ())), key=lambda w: (-len(w), w)))
    prep = "|".join(re.escape(w) for w in sorted(set(lex.get("complement_words", ())), key=lambda w: (-len(w), w))) or "of"
    # a former word written as a prefix ("the ex-president"; ``former_words`` ending in a hyphen)
    prefix = "|".join(re.escape(w) for w in sorted({w for w in lex.get("former_words", ()) if w.endswith("-")}, key=len, reverse=True))
    prefix = rf"(?:(?i:{prefix}))?" if prefix else ""
    return re.compile(rf"(?<![\w-])(?P<det>(?:(?i:{first})\s+)?[\w-]+['’]s|(?i:{det})(?![\w'’-]))\s+(?:(?:[A-Z]\.)+\s+|[\w'’-]+\s+){{0,3}}?"
                      rf"{prefix}(?P<noun>(?i:{alt}))(?P<pl>s)?(?![\w-]|['’]s\b)"
                      rf"(?:\s+(?:{prep})\s+(?:(?i:{first})\s+)?(?:[A-Z][\w'’.-]*\s*){{1,5}})?")


def _clause_boundary_re(lex: dict) -> re.Pattern:
    """A semicolon; a spaced dash; a comma (or a spaced dash) before a word of ``clause_openers`` ("while",
    "but", "who") that a complementiser (``complementisers``: "that") does not follow."""
    alt = "|".join(re.escape(w) for w in sorted(lex.get("clause_openers", ()), key=len, reverse=True))
    rel = "|".join(re.escape(w) for w in sorted(lex.get("relative_openers", ()), key=len, reverse=True))
    comp = "|".join(re.escape(w) for w in lex.get("complementisers", ()))
    not_comp = rf"(?!(?:{comp})\b)" if comp else ""
    opener = rf"|(?:,|\s[-–—])\s+(?:{alt})\s+{not_comp}" if alt else ""
    relative = rf"|,\s+(?P<rel>{rel})\s+{not_comp}" if rel else "|(?P<rel>(?!))"
    return re.compile(rf";{opener}{relative}", re.IGNORECASE)


def _clause_start_re(lex: dict) -> re.Pattern:
    """The start of a content clause right after a reporting verb: a subject pronoun ("said he would",
    ``clause_subject_words``), or a determiner (``clause_determiners``) or up to three capitalised words followed
    within a few words by a finite verb (``auxiliaries``, or a word with a ``past_tense_endings``): "said the
    talks would", "said Moscow expected" -- not "declared the reset a success"."""
    alt = lambda key: "|".join(re.escape(w) for w in sorted(lex.get(key, ()), key=len, reverse=True)) or "(?!)"  # noqa: E731
    ends = "|".join(re.escape(w) for w in lex.get("past_tense_endings", ())) or "(?!)"
    finite = rf"(?:(?i:{alt('auxiliaries')})\b|[a-z]+(?:{ends})\b)"
    return re.compile(rf"\s+(?=(?i:{alt('clause_subject_words')})\b"
                      rf"|(?i:{alt('clause_determiners')})\s+(?:[\w'’.-]+\s+){{0,4}}?{finite}"
                      rf"|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}\s+{finite})")


def _complementiser_re(lex: dict) -> re.Pattern | None:
    """A complementiser after up to ten words (which may be quoted: "said in an interview with the "X" radio
    station that"; or set off by commas: "said, speaking to reporters, that"), group 1 its start."""
    comp = "|".join(re.escape(w) for w in lex.get("complementisers", ()))
    if not comp:
        return None
    return re.compile(rf"(?:(?:\s+[\w'’\u2063.-]+){{0,10}}?|,\s+[^,;:\u2063]{{1,80}}?,)(,?\s+)(?i:{comp})\s+")


def _possessive_source_re(lex: dict) -> re.Pattern | None:
    """The ``possessive_source_phrases`` ("in {}'s opinion"), the possessor (one to four words) in group ``who``."""
    alts = []
    for phrase in lex.get("possessive_source_phrases") or ():
        if "{}" not in phrase:
            continue
        pre, post = phrase.split("{}", 1)
        alts.append(re.escape(pre).replace("'", "['’]") + r"(?P<who%d>[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?)" % len(alts)
                    + re.escape(post).replace("'", "['’]"))
    if not alts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _source_pronoun_re(lex: dict) -> re.Pattern | None:
    """A source phrase (``source_phrases``) and an object pronoun (``object_pronouns``): "according to him"."""
    phrases = "|".join(re.escape(w) for w in sorted(lex.get("source_phrases") or (), key=len, reverse=True))
    pronouns = "|".join(re.escape(w) for w in sorted((lex.get("object_pronouns") or {}).keys(), key=len, reverse=True))
    if not phrases or not pronouns:
        return None
    return re.compile(rf"(?<![\w-])({phrases})\s+({pronouns})(?![\w'’-])", re.IGNORECASE)


def _outlet_re(lex: dict, before: bool) -> re.Pattern | None:
    """An outlet named with an outlet noun (``outlet_nouns``): the noun before the name ("the newspaper
    Izvestia", "the daily "Kommersant"") or after it ("Ekho Moskvy radio", "the Izvestia daily"); the name is
    one to four capitalised words, maybe in quotation marks (group ``name``)."""
    nouns = "|".join(re.escape(w) for w in sorted(lex.get("outlet_nouns", ()), key=len, reverse=True))
    if not nouns:
        return None
    name = r"[\"“«„']?(?P<name>[A-Z][\w'’.-]*(?:[ -][A-Z0-9][\w'’.-]*){0,3})[\"”»“']?"
    if before:
        return re.compile(rf"(?<![\w-])(?i:{nouns}),?\s+{name}")
    return re.compile(rf"{name}\s+(?i:{nouns})(?![\w-])")


def _generic_names(lex: dict) -> frozenset:
    """Other names of organisations that say which one only in context: shared by several, or a single
    common noun ("ministry", "chamber", "party")."""
    count: dict = {}
    for names in (lex.get("organisation_names") or {}).values():
        for n in set(x.casefold() for x in names):
            count[n] = count.get(n, 0) + 1
    return frozenset(n for n, k in count.items() if k > 1 or (" " not in n and n == n.lower() and n.isalpha()))


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
        verb_re=_words_re([*(lex.get("speech_verbs") or ()), *(lex.get("document_verbs") or ())]),
        report_re=_words_re(lex.get("reporting_verbs")),
        first_words={"verb_re": frozenset(w.split()[0].casefold() for w in [*(lex.get("speech_verbs") or ()), *(lex.get("document_verbs") or ())]
                                          if w.strip()),
                     "report_re": frozenset(w.split()[0].casefold() for w in lex.get("reporting_verbs") or () if w.strip())},
        agency_re=_words_re(lex.get("agencies"), flags=0),
        document_re=_words_re(lex.get("documents")),
        institution_re=_words_re([*(lex.get("institutions") or ()), *(  # "The embassy said": "the" opens a sentence too
            "T" + w[1:] for w in lex.get("institutions") or () if w.startswith("the "))], flags=0),
        utterance_re=_words_re(lex.get("utterance_nouns")),
        source_re=_words_re(lex.get("source_phrases")),
        anonymous_re=_words_re(lex.get("anonymous_sources")),
        name_cue_re=_words_re(lex.get("name_cues"), suffix=r"[\s,:]*$"),
        name_cue_after_re=_words_re(lex.get("name_cues_after"), suffix=""),
        term_cue_re=_words_re(lex.get("term_cues"), suffix=r"[\s,:]*$"),
        term_cues=fold("term_cues"),
        channel_re=_words_re(lex.get("channel_verbs")),
        outlet_before_re=_outlet_re(lex, before=True),
        outlet_after_re=_outlet_re(lex, before=False),
        not_outlet=frozenset(lex.get("not_outlet_words", ())),
        preposition_before_re=_words_re(sorted(set(lex.get("place_prepositions", ())) | set(lex.get("complement_words", ()))),
                                        suffix=r"\s+$"),
        outlet_noun_words=frozenset(w.casefold() for n in lex.get("outlet_nouns", ()) for w in n.split()),
        medium_re=_words_re(lex.get("medium_prepositions"), suffix=r"\s+(?:the\s+)?(?=\S*$)"),
        agent_re=_words_re(lex.get("agent_prepositions"), suffix=r"\s+(?:the\s+)?$"),
        person_noun_re=_words_re(person_nouns, suffix=r"\s+$"),
        person_noun_after_re=_words_re(person_nouns),
        role_phrase_re=_role_phrase_re(lex),
        audience_re=_words_re(lex.get("audiences"), suffix="", flags=re.IGNORECASE) and re.compile(
            r"\s+(?:" + "|".join(re.escape(w) for w in sorted(lex.get("audiences", ()), key=len, reverse=True)) + r")(?![\w-])",
            re.IGNORECASE),
        addressee_verbs=fold("addressee_verbs"),
        inversion_verbs=fold("inversion_verbs"),
        document_verbs=fold("document_verbs"),
        question_words=fold("question_words"),
        negation_words=fold("negation_words"),
        gap_words=fold("subject_gap_words"),
        title_words=fold("title_words"),
        not_person=frozenset(lex.get("not_person_words", ())),
        non_names=fold("capitalised_non_names"),
        honorifics=frozenset(lex.get("honorifics", ())),
        question_labels=frozenset(lex.get("question_labels", ())),
        section_labels=fold("section_labels"),
        institution_prefixes=tuple(lex.get("institution_prefixes", ())),
        place_prepositions=tuple(lex.get("place_prepositions", ())),
        pronoun_re=_words_re(list((lex.get("subject_pronouns") or {}).keys()), suffix=r"(?!['’])"),
        source_pronoun_re=_source_pronoun_re(lex),
        naming_re=_words_re(lex.get("naming_verbs")),
        possessive_source_re=_possessive_source_re(lex),
        continuation_re=(re.compile(r"\s+(?:[\w'’-]+\s+)?(?:" + "|".join(re.escape(w) for w in sorted(
            lex["continuation_verbs"], key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE) if lex.get("continuation_verbs") else None),
        clause_words=fold("clause_subject_words") | fold("auxiliaries") | fold("complementisers") | fold("passive_auxiliaries"),
        pronoun_gender={k.casefold(): v for part in ("subject_pronouns", "possessive_pronouns", "object_pronouns")
                        for k, v in (lex.get(part) or {}).items()},
        possessive_pronoun_re=_words_re(list((lex.get("possessive_pronouns") or {}).keys())),
        female_titles=fold("female_title_words"),
        male_titles=fold("male_title_words"),
        female_endings=tuple(gender.get("female_endings", ())),
        male_endings=tuple(gender.get("male_endings", ())),
        female_given_endings=tuple(gender.get("female_given_endings", ())),
        male_given_exceptions=frozenset(w.casefold() for w in gender.get("male_given_exceptions", ())),
        scare_max=int(lex.get("scare_max_words", 2)),
        institutions=fold("institutions"),
        subordinate_openers=fold("subordinate_openers"),
        definite=fold("definite_determiners"),
        indefinite=fold("indefinite_determiners"),
        possessive=fold("possessive_determiners"),
        rank_words=fold("rank_words"),
        former_words=fold("former_words"),
        complement_words=fold("complement_words"),
        complement_split=re.compile(r"\s+(?:" + "|".join(re.escape(w.casefold()) for w in lex.get("complement_words", ()) or ("of",))
                                    + r")\s+"),
        epithets=fold("epithet_nouns"),
        subunit_nouns=fold("subunit_nouns"),
        member_nouns=fold("member_nouns"),
        complemented_nouns=tuple(sorted({w.casefold() for w in person_nouns if re.search(
            r"\s(?:" + "|".join(re.escape(c) for c in lex.get("complement_words", ()) or ("of",)) + r")\s", w.casefold())},
            key=lambda w: (-len(w), w))),
        person_noun_set=frozenset(w.casefold() for w in (*person_nouns, *lex.get("epithet_nouns", ()))),
        description_heads={k.casefold(): tuple(frozenset(w.casefold() for w in (v or {}).get(part, ()))
                                               for part in ("heads", "roles", "organisations", "words"))
                           for k, v in (lex.get("description_heads") or {}).items()},
        nationality={w.casefold(): country for country, ws in (lex.get("nationalities") or {}).items() for w in ws},
        country_names={country: tuple(w.casefold() for w in ws) for country, ws in (lex.get("nationalities") or {}).items()},
        organisation_names={k.casefold(): tuple(v) for k, v in (lex.get("organisation_names") or {}).items()},
        organisation_generic=_generic_names(lex),
        clause_boundary_re=_clause_boundary_re(lex),
        clause_start_re=_clause_start_re(lex),
        complementiser_re=_complementiser_re(lex),
        audience_words=frozenset(w.casefold() for a in lex.get("audiences", ()) for w in a.split()),
        coordinator_re=_words_re(lex.get("coordinators"), suffix=r"\s*$"),
        relative_re=_words_re(lex.get("relative_openers"), flags=re.IGNORECASE) and re.compile(
            r",\s*(?:" + "|".join(re.escape(w) for w in lex.get("relative_openers", ())) + r")\b", re.IGNORECASE),
        infinitive_re=_words_re(lex.get("infinitive_markers"), suffix=r"\s+$"),
        passive_re=_words_re(lex.get("passive_auxiliaries"), suffix=r"\s+(?:[a-z]+\s+)?$"),
        organisation_name_re=_words_re([n for k, v in (lex.get("organisation_names") or {}).items() for n in (k, *v)
                                        if n.casefold() not in _generic_names(lex)]),
    )
    _LEX_CACHE.clear()
    _LEX_CACHE[id(lex)] = (lex, compiled)
    return compiled
