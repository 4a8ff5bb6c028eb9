"""The language of an article: the sidecar's ``language:`` if an editor gave one, else the script of its
words.

Pure.  :func:`script_language` counts letters: mostly Cyrillic is ``ru`` (the archive's non-English
sources are Russian), mostly Latin ``en``; a text with no letters has none.  An editor's tag always wins;
where it contradicts the script (``language: en`` over Cyrillic text), :func:`language_of` returns a
problem for review, since the quotation rules and the search index both follow the tag.
"""

from __future__ import annotations

import re

from annals.model import Paragraph, Problem

NOT_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")
NOT_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]+")
SCRIPT_OF = {"ru": "Cyrillic", "en": "Latin"}


def script_language(texts) -> str | None:
    """``ru`` when the letters of ``texts`` are mostly Cyrillic, ``en`` when mostly Latin, None with none."""
    text = "".join(texts)
    cyrillic = len(NOT_CYRILLIC.sub("", text))
    latin = len(NOT_LATIN.sub("", text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic > latin else "en"


def language_of(paragraphs: tuple[Paragraph, ...], title: str | None, sidecar: dict, sidecar_lines: dict,
                side_rel: str) -> tuple[str | None, list[Problem]]:
    """The article's BCP 47 language tag and, when an editor's tag contradicts the script, a review item."""
    detected = script_language([title or "", *(p.text for p in paragraphs)])
    given = sidecar.get("language")
    if not given:
        return detected, []
    primary = given.split("-")[0].lower()
    problems = []
    if detected and primary in SCRIPT_OF and detected != primary:
        problems.append(Problem(side_rel, sidecar_lines.get("/language"),
                                f"language: {given}, but the text is mostly {SCRIPT_OF[detected]} letters ({detected}); "
                                "the quotation rules and the search index follow this tag: correct it, or remove "
                                "it to use the script", severity="review"))
    return given, problems
