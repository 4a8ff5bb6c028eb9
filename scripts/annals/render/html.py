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

from annals.ingest.urls import check_url

# Invisible characters that can hide or reorder text (Trojan Source, CVE-2021-42574):
# shown with a visible marker beside them, kept in the text.
INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u200e", "\u200f", "\u061c",  # directional marks
}


# Control characters that are not whitespace: Python-Markdown deletes U+0002/U+0003 (its own
# placeholders) and browsers show none of them, so each is shown as its Unicode control picture
# (U+0007 as "␇", U+007F as "␡") in a marker that names the character.
CONTROL_PICTURES = {chr(c): chr(0x2400 + c) for c in (*range(0x01, 0x09), *range(0x0E, 0x1C))} | {"\x7f": "\u2421"}

_CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1b\x7f]")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "\x01-\x08\x0e-\x1b\x7f]")


def _extends(ch: str) -> bool:
    """Does ``ch`` belong to the character before it (Unicode grapheme clusters, UAX #29: a combining
    mark, a zero-width joiner, a variation selector, an emoji skin tone or tag, a keycap)?"""
    o = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch in "\u200d\ufe0e\ufe0f"
            or 0x1F3FB <= o <= 0x1F3FF or 0xE0020 <= o <= 0xE007F)


def cut(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` if it has at most ``limit`` characters, else its first characters and ``ellipsis``
    (``limit`` in all), never cutting inside a user-perceived character: an emoji joined by zero-width
    joiners (👩‍👩‍👧), with a skin tone or a variation selector, a flag (two regional indicators or
    tag characters), a letter and its combining accents stay whole or go whole."""
    if len(text) <= limit:
        return text
    end = max(0, limit - len(ellipsis))
    while 0 < end < len(text) and (_extends(text[end]) or text[end - 1] == "\u200d"):
        end -= 1
    # regional indicators pair up from the start of their run: do not split a pair
    run = end
    while run > 0 and 0x1F1E6 <= ord(text[run - 1]) <= 0x1F1FF:
        run -= 1
    if (end - run) % 2 == 1 and end < len(text) and 0x1F1E6 <= ord(text[end]) <= 0x1F1FF:
        end -= 1
    return text[:end].rstrip() + ellipsis


class UnsafeUrl(ValueError):
    """A URL that is not a checked web address reached a sink: a bug (URLs are checked when read)."""


def safe_url(url: str) -> str:
    """``url`` itself if it is an http(s) URL as :func:`annals.ingest.urls.check_url` accepts them, else
    raise :class:`UnsafeUrl`.  Every URL from the archive that is written into a page, a feed, a meta
    tag, a data file or a citation passes through here, so that no ``javascript:``, ``data:`` or
    ``vbscript:`` link can be written even if a record was made without the loader's check."""
    checked, why = check_url(url)
    if checked is None:
        raise UnsafeUrl(f"refusing to write the URL {url!r}: {why} (this is a bug in annals: URLs are "
                        "checked when the archive is read)")
    return checked


def _marker(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    if ch in CONTROL_PICTURES:
        name = unicodedata.name(CONTROL_PICTURES[ch]).removeprefix("SYMBOL FOR ")
        return (f'<span class="annals-invisible annals-control" title="{code} {name}" '
                f'data-char="{code}">{CONTROL_PICTURES[ch]}</span>')
    name = unicodedata.name(ch, "CONTROL CHARACTER")
    return (f'<span class="annals-invisible" title="{code} {name}" data-char="{code}">{ch}</span>')


def text(value: str) -> str:
    """Escape text for HTML element content; invisible controls get a visible marker."""
    out = html.escape(value, quote=False)
    if _INVISIBLE_RE.search(value):  # a regex: this runs on every paragraph of every page
        out = _INVISIBLE_RE.sub(lambda m: _marker(m.group()), out)
    return out


def attr(value: str) -> str:
    """Escape a value for a double-quoted HTML attribute (control characters as their pictures)."""
    out = html.escape(value, quote=True)
    if _CONTROL_RE.search(out):
        out = _CONTROL_RE.sub(lambda m: CONTROL_PICTURES[m.group()], out)
    return out


def page_url(docs_path: str) -> str:
    """Site-relative URL of a generated page (``use_directory_urls``): ``a/b.md`` -> ``a/b/``."""
    if docs_path == "index.md":
        return ""
    if docs_path.endswith("/index.md"):
        return docs_path[: -len("index.md")]
    return docs_path[: -len(".md")] + "/"


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``, computed from the strings alone when both are relative paths
    without ``..`` (site-relative URLs): ``posixpath.relpath`` asks the OS for the working directory on
    every call, which made it the largest cost of rendering a page's many links."""
    parts = [x for x in path.split("/") if x and x != "."]
    base = [x for x in start.split("/") if x and x != "."]
    if not path or not start or path[0] == "/" or start[0] == "/" or ".." in parts or ".." in base:
        return posixpath.relpath(path, start)
    i = 0
    while i < len(parts) and i < len(base) and parts[i] == base[i]:
        i += 1
    return "/".join([".."] * (len(base) - i) + parts[i:]) or "."


def rel(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to the site-relative ``to_url``."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    base = posixpath.dirname(from_url.rstrip("/")) if not from_url.endswith("/") else from_url.rstrip("/")
    target = relpath(to_url or ".", base or ".")
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
