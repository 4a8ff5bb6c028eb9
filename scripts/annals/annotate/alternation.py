"""Word lists as regular expressions that match as their plain alternation does, faster.

``(?:the embassy's|the embassy|tass|...)``, longest first, is how the annotators' word lists become patterns;
Python's ``re`` tries such an alternation one word after another at every place it looks, so a list of a
hundred words costs a hundred comparisons a word of text.  :func:`alternation` writes the same list as a
tree of shared prefixes (``the (?:embassy(?:'s|)|...)``): one comparison a letter.  It matches the same words
in the same order of preference: where several words match at one place, the longest is tried first and
the next shorter one when what follows the pattern fails (a word continued is tried before the word ended),
as in the plain alternation sorted by length.  Words of letters that have a case outside ASCII are written
as the plain alternation (with ``ignorecase``, Python folds some letters beyond Latin-1 in ways a tree keyed
by ``str.lower`` would not follow).
"""

from __future__ import annotations

import re

_END = ""


def _plain(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _safe(word: str) -> bool:
    """Whether a tree keyed by ``str.lower`` follows ``re``'s case folding for every letter of ``word``: ASCII,
    caseless characters, and the Latin-1 letters (é, ñ) except the two that ``re`` folds with letters beyond
    Latin-1 (µ with Greek mu, ß with capital sharp s); a word with any other letter is not put in a tree."""
    return all(ch.isascii() or ch.lower() == ch.upper() or "\u00c0" <= ch <= "\u00ff" and ch not in "µß"
               for ch in word)


def alternation(words, ignorecase: bool = True) -> str:
    """A pattern (no group, no flags) matching exactly what ``(?:w1|w2|...)`` over ``words`` sorted by length,
    longest first, matches, under the same flags (``ignorecase``: the pattern is used with ``re.IGNORECASE``
    or inside ``(?i:...)``).  Empty words are left out; none left: a pattern that never matches."""
    words = sorted({w for w in words or () if w})
    if not words:
        return "(?!)"
    if not all(_safe(w) for w in words):
        return _plain(words)
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch.lower() if ignorecase else ch, {})
        node[_END] = {}
    return _pattern(tree)


def _pattern(node: dict) -> str:
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch != _END]
    if _END in node:
        if not branches:
            return ""
        branches.append("")  # the word ends here: tried after every longer word that goes on
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
