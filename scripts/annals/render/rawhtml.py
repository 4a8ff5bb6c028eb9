"""Python-Markdown extension ``annals.render.rawhtml``: a generated page's body goes through whole.

Every page `annals build` writes is YAML front matter, then :data:`MARK`, then one block of HTML
built with :mod:`annals.render.html` (see render.py).  Python-Markdown would read that block tag by tag
(its ``html_block`` preprocessor, Python's ``html.parser``) only to hand it back unchanged, and
MkDocs reads it a second time to learn the page's anchor ids: together about four fifths of
MkDocs' time on our pages (README, Scale).  This extension stores the body after :data:`MARK`
as one raw HTML block without parsing it, so the page's HTML is what it would have been.

MkDocs still learns the body's ``id`` attributes (for its ``validation: anchors`` of Markdown
links into generated pages): they are handed to its raw-HTML scan as one short line of ``<a id>``
start tags, which is taken out again before Python-Markdown's own HTML preprocessor runs.

Listed under ``markdown_extensions`` in mkdocs.yml, so MkDocs and Zensical both load it.  A page
without :data:`MARK` (the hand-written ones) is left to Python-Markdown as usual.
"""

from __future__ import annotations

import html
import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

MARK = "<!-- annals:raw-html -->"
"""First line of a generated page's body: everything after it is one raw HTML block."""

# An id attribute inside a tag.  In annals.render.html's output ``<`` and ``>`` occur only as tag
# delimiters (text and attribute values are escaped), and attribute values are double-quoted.
_ID_RE = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')

_STASH_PRIORITY = 25
"""After ``normalize_whitespace`` (30), before MkDocs' raw-HTML anchor scan (21)."""
_DROP_PRIORITY = 20.5
"""After MkDocs' anchor scan (21), before Python-Markdown's ``html_block`` (20)."""


def anchor_ids(body: str) -> list[str]:
    """The ``id`` values of the tags in ``body``, in order, unescaped as an HTML parser gives them."""
    return [html.unescape(v) for v in _ID_RE.findall(body)]


class _Stash(Preprocessor):
    """Store the body after MARK as one raw block; leave a placeholder and the anchor line."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.anchor_line: str | None = None

    def run(self, lines: list[str]) -> list[str]:
        self.anchor_line = None
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None or lines[start] != MARK:
            return lines
        body = "\n".join(lines[start + 1:]).strip("\n")
        placeholder = self.md.htmlStash.store(body)
        ids = anchor_ids(body)
        if not ids:
            return [*lines[:start], placeholder, ""]
        self.anchor_line = "".join(f'<a id="{html.escape(i)}">' for i in ids)  # start tags are all MkDocs reads
        return [*lines[:start], placeholder, "", self.anchor_line, ""]


class _Drop(Preprocessor):
    """Take the anchor line out again once MkDocs has read it."""

    def __init__(self, md: Markdown, stash: _Stash):
        super().__init__(md)
        self.stash = stash

    def run(self, lines: list[str]) -> list[str]:
        if self.stash.anchor_line is None:
            return lines
        line, self.stash.anchor_line = self.stash.anchor_line, None
        return [x for x in lines if x != line]


class RawHtmlExtension(Extension):
    """Pass a generated page's HTML body through Python-Markdown unparsed (see the module)."""

    def extendMarkdown(self, md: Markdown) -> None:
        stash = _Stash(md)
        md.preprocessors.register(stash, "annals_raw_html", _STASH_PRIORITY)
        md.preprocessors.register(_Drop(md, stash), "annals_raw_html_anchors", _DROP_PRIORITY)


def makeExtension(**kwargs) -> RawHtmlExtension:  # noqa: N802 (Python-Markdown's entry point name)
    return RawHtmlExtension(**kwargs)
