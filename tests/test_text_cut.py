"""Text cut short for a page (issue 21, item 11) never splits what a reader sees as one character:
emoji joined by zero-width joiners, skin tones, flags, keycaps, letters with combining accents."""

from __future__ import annotations

import pytest

from annals.render.html import cut

FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # woman, woman, girl, boy
THUMB = "\U0001F44D\U0001F3FD"  # thumbs up, medium skin tone
FLAG_US, FLAG_RU = "\U0001F1FA\U0001F1F8", "\U0001F1F7\U0001F1FA"
ENGLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"  # black flag + tags
KEYCAP = "1\ufe0f\u20e3"
ACCENT = "e\u0301"  # e + combining acute


# each case: the grapheme clusters of a run of text a reader sees as whole characters
CASES = {"zwj-family": [FAMILY], "skin-tone": [THUMB], "two-flags": [FLAG_US, FLAG_RU], "tag-flag": [ENGLAND],
         "keycap": [KEYCAP], "accent": [ACCENT], "heart-vs16": ["\u2764\ufe0f"]}


@pytest.mark.parametrize("clusters", CASES.values(), ids=CASES.keys())
def test_no_cut_point_splits_a_cluster(clusters):
    before, after = "Peskov said ", " and more words after it."
    text = before + "".join(clusters) + after
    boundaries = set(range(len(before) + 1))
    at = len(before)
    for c in clusters:
        at += len(c)
        boundaries.add(at)
    boundaries |= set(range(at, len(text) + 1))
    for limit in range(1, len(text) + 2):
        out = cut(text, limit)
        assert len(out) <= limit
        kept = out.removesuffix("…")
        assert text.startswith(kept)
        assert len(kept) in boundaries, (limit, kept)


def test_flags_are_paired_from_the_start_of_their_run():
    text = "x" + FLAG_US + FLAG_RU + "y"
    assert cut(text, 5) == "x" + FLAG_US + "…"  # not US + a lone R
    assert cut(text, 4) == "x" + FLAG_US + "…"


def test_short_text_and_plain_words_are_unchanged():
    assert cut("short", 10) == "short"
    assert cut("a" * 100, 10) == "a" * 9 + "…"
    assert cut("word word word", 11) == "word word…"  # trailing space dropped before the ellipsis
