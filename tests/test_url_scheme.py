"""One URL scheme (issue 18, item 1): a page's site-relative URL is spelled in the render kit only.

Read from the source with ``ast``: no render module other than ``render/kit.py`` holds a string (or the
literal part of an f-string, where a URL begins) that starts with one of the site's page folders.  A
page's own sub-pages are built on the URL the kit gives (``kit.official_url(id) + "feed.xml"``), which
this test allows: the literal then follows a value, it does not begin a URL.  Docstrings and comments are
not code, and a file-name pattern with ``*`` (a glob over built files) is not a URL.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from annals.render import kit

RENDER = Path(__file__).resolve().parent.parent / "scripts" / "annals" / "render"
FOLDERS = ("articles/", "officials/", "speakers/", "elections/", "quotes/", "statements/")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            out.add(id(node.value))
    return out


def _starts_url(text: str) -> bool:
    for prefix in ("", "../", "/"):
        if text.startswith(tuple(prefix + f for f in FOLDERS)):
            return "*" not in text
    return False


def spelled_urls(source: str) -> list[str]:
    """Page URLs written out in a module: string constants and the URL-beginning parts of f-strings."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            for i, v in enumerate(node.values):
                if not (isinstance(v, ast.Constant) and isinstance(v.value, str)):
                    continue
                # where a URL can begin: the start of the string, or just after a quotation mark or '=' in markup
                starts = [v.value] if i == 0 else []
                starts += [v.value[j + 1:] for j, ch in enumerate(v.value) if ch in "\"'="]
                if any(_starts_url(s) for s in starts):
                    out.append(f"{node.lineno}: {ast.unparse(node)}")
                    break
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _starts_url(node.value) or any(_starts_url(node.value[j + 1:]) for j, ch in enumerate(node.value)
                                               if ch in "\"'="):
                out.append(f"{node.lineno}: {node.value!r}")
    return out


def test_no_render_module_spells_a_page_url():
    found = []
    for path in sorted(RENDER.rglob("*.py")):
        if path.name == "kit.py":
            continue
        found += [f"{path.relative_to(RENDER)}:{line}" for line in spelled_urls(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("source, found", [
    ('x = f"officials/{pid}/"', ['1: f\'officials/{pid}/\'']),
    ('x = "elections/"', ["1: 'elections/'"]),
    ("x = f'<a href=\"../articles/{a}/\">'", ['1: f\'<a href="../articles/{a}/">\'']),
    ('x = "<a href=\\"quotes/\\">"', ["1: '<a href=\"quotes/\">'"]),
    ('x = base + "feed.xml"\ny = f"{base}articles/"', []),
    ('"""Pages: officials/<id>/."""\nx = "articles/*/index.html"', []),
])
def test_the_reader_finds_a_spelled_url_and_leaves_the_rest(source, found):
    assert spelled_urls(source) == found


def test_the_kit_gives_each_page_its_url():
    assert kit.article_url("a000001") == "articles/a000001/"
    assert kit.official_url("dmitry-peskov") == "officials/dmitry-peskov/"
    assert kit.speaker_url("ivan-petrov") == "speakers/ivan-petrov/"
    assert kit.election_url("us-2012") == "elections/us-2012/"
    assert kit.quote_url("a000001", "q-0123456789") == "articles/a000001/#q-0123456789"
    assert kit.page_path(kit.OFFICIALS) == "officials/index.md"


def test_an_article_record_gives_the_kits_url():
    from annals.model import Article

    fields = {f: None for f in Article.__slots__ if not f.startswith("__")}
    article = Article(**{**fields, "id": "a000042", "paragraphs": (), "related": (), "closing": (), "joins": ()})
    assert article.url == kit.article_url("a000042")
