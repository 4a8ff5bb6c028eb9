"""``annals.render.search._words``: the words of a paragraph as Pagefind counts them (runs of non-space
characters), cut at the quotation anchors inside a word, a piece of zero-width spaces alone being no word.
It runs on every paragraph of every article (``quotes.json``); here it answers as the rule says, by brute force."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.render.search import _words
from conftest import examples

TEXT = st.text(alphabet=st.sampled_from(["a", "b", "“", "”", " ", "\n", "\u200b", "é", ",", "\u00a0"]), max_size=40)


def by_the_rule(text: str, splits: list[int]) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"\S+", text):
        cuts = sorted({m.start(), m.end(), *(c for c in splits if m.start() < c < m.end())})
        out += [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].replace("\u200b", "")]
    return out


@settings(max_examples=examples(3000), deadline=None)
@given(TEXT, st.lists(st.integers(min_value=-2, max_value=45), max_size=6))
def test_words_are_the_runs_of_non_spaces_cut_at_the_anchors(text, splits):
    assert _words(text, sorted(splits)) == by_the_rule(text, splits)


def test_a_quotation_anchor_inside_a_word_cuts_it():
    text = "He said:“We are ready”"
    assert [text[a:b] for a, b in _words(text, [8])] == ["He", "said:", "“We", "are", "ready”"]
    spaced = "a \u200b b"
    assert [spaced[a:b] for a, b in _words(spaced, [])] == ["a", "b"]
