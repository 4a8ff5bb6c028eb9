"""``annals.annotate.alternation``: a word list written as a tree of shared prefixes matches exactly what the
plain alternation, longest word first, matches: the same spans, in every context (a boundary after it, a
following pattern that makes the regex engine go back to a shorter word, case folded or not)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.annotate.alternation import alternation
from conftest import examples

LETTERS = ["a", "b", "s", "i", "k", "A", "S", "é", "É", "ſ", "ı", "İ", "\u212a", "µ", "μ", "ß", "’", "'", " ", "-", "."]
WORD = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=5)
TEXT = st.text(alphabet=st.sampled_from([*LETTERS, "x", "\n"]), max_size=30)
CONTEXTS = [r"(?<![\w-])({})(?![\w-])", r"({})s?(?![\w-])", r"({})\s+b", r"({})", r"x?({})(?!a)"]


def plain(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def spans(pattern: str, text: str, flags: int) -> list[tuple[int, int, int, int]]:
    return [(*m.span(), *m.span(1)) for m in re.finditer(pattern, text, flags)]


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(WORD, min_size=1, max_size=8), TEXT, st.sampled_from(CONTEXTS), st.booleans())
def test_the_tree_matches_what_the_plain_alternation_matches(words, text, context, ignorecase):
    flags = re.IGNORECASE if ignorecase else 0
    text = text + " " + " ".join(words)  # every word present at least once
    tree = alternation(words, ignorecase=ignorecase)
    assert spans(context.format(tree), text, flags) == spans(context.format(plain(words)), text, flags)


def test_longer_words_first_and_shared_prefixes():
    words = ["the embassy", "the embassy's", "the envoy", "TASS"]
    tree = alternation(words)
    assert tree.count("he") == 1 and tree.count("mbassy") == 1  # each shared prefix written (and compared) once
    found = re.compile(rf"(?<![\w-])({tree})(?![\w-])", re.IGNORECASE)
    assert [m.group(1) for m in found.finditer("The embassy's view; the Embassy, Tass and the envoys")] == [
        "The embassy's", "the Embassy", "Tass"]
    assert re.fullmatch(alternation([]), "") is None  # no word: matches nothing
