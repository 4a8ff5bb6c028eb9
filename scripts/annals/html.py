"""Escaping and markup helpers shared by every page renderer.

All text that comes from a source, a sidecar or a gazetteer reaches a page only through
:func:`text` (element content) or :func:`attr` (attribute values).  Generated pages are
raw HTML blocks inside Markdown files, so Markdown, MkDocs and Material never interpret
source text: ``# ``, ``[x](y)``, ``{#id}``, ``!!! note``, ``<!-- material/tags -->``,
``{{ }}`` all arrive in the browser as the characters they are.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that can hide or reorder text (Trojan Source, CVE-2021-42574):
# shown with a visible marker beside them, kept in the text.
INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u200e", "\u200f", "\u061c",  # directional marks
}


_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def _marker(ch: str) -> str:
    name = unicodedata.name(ch, "CONTROL CHARACTER")
    code = f"U+{ord(ch):04X}"
    return (f'<span class="annals-invisible" title="{code} {name}" data-char="{code}">{ch}</span>')


def text(value: str) -> str:
    """Escape text for HTML element content; invisible controls get a visible marker."""
    out = html.escape(value, quote=False)
    if _INVISIBLE_RE.search(value):  # a regex: this runs on every paragraph of every page
        out = _INVISIBLE_RE.sub(lambda m: _marker(m.group()), out)
    return out


def attr(value: str) -> str:
    """Escape a value for a double-quoted HTML attribute."""
    return html.escape(value, quote=True)


def page_url(docs_path: str) -> str:
    """Site-relative URL of a generated page (``use_directory_urls``): ``a/b.md`` -> ``a/b/``."""
    if docs_path == "index.md":
        return ""
    if docs_path.endswith("/index.md"):
        return docs_path[: -len("index.md")]
    return docs_path[: -len(".md")] + "/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to the site-relative ``to_url``."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    base = posixpath.dirname(from_url.rstrip("/")) if not from_url.endswith("/") else from_url.rstrip("/")
    target = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    if target == "./":
        target = "./"
    return target + anchor


@dataclass(frozen=True, slots=True)
class Span:
    """Markup to wrap around ``text[start:end]`` without changing the characters."""

    start: int
    end: int
    open: str
    close: str
    after: str = ""
    """Markup placed right after the span closes (a speaker label, a note marker)."""


def spans(value: str, marks: list[Span] | tuple[Span, ...]) -> str:
    """Escape ``value`` and wrap the given spans; spans may nest but must not cross."""
    ordered = sorted(marks, key=lambda s: (s.start, -s.end))
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for span in ordered:
        while stack and stack[-1].end <= span.start:
            top = stack.pop()
            out.append(text(value[pos:top.end]) + top.close + top.after)
            pos = top.end
        if stack and span.end > stack[-1].end:
            raise ValueError(f"spans cross at {span.start}-{span.end}")
        out.append(text(value[pos:span.start]) + span.open)
        pos = span.start
        stack.append(span)
    while stack:
        top = stack.pop()
        out.append(text(value[pos:top.end]) + top.close + top.after)
        pos = top.end
    out.append(text(value[pos:]))
    return "".join(out)
