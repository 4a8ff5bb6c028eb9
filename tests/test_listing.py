"""Paginated listings (annals.render.listing): every item once, bounded pages, links that resolve."""

from __future__ import annotations

import posixpath
import re

import lxml.html
import pytest

from annals.render import html as H
from annals.render.listing import page_path, page_url, pages, paginate


def item(url: str, n: int) -> str:
    return f'<a href="{H.attr(H.rel(url, f"things/{n}/"))}">thing {n}</a>'


def body(text: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(text.split("---\n\n", 1)[1])


def resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page, href)) + "/"


def test_urls_and_paths_of_pages():
    assert page_url("articles/", 1) == "articles/"
    assert page_url("articles/", 3) == "articles/page/3/"
    assert page_path("articles/", 1) == "articles/index.md"
    assert page_path("articles/", 3) == "articles/page/3/index.md"
    with pytest.raises(ValueError):
        page_url("articles", 2)


@pytest.mark.parametrize("total,per_page,count", [(0, 50, 1), (1, 50, 1), (50, 50, 1), (51, 50, 2), (120, 50, 3)])
def test_page_count(total, per_page, count):
    got = pages("x/", total, per_page)
    assert len(got) == count
    assert got[-1].last == total


def test_every_item_appears_once_in_order():
    files = paginate("things/", list(range(1, 121)), item, title="Things", per_page=50)
    assert sorted(files) == ["things/index.md", "things/page/2/index.md", "things/page/3/index.md"]
    seen = []
    for path in ["things/index.md", "things/page/2/index.md", "things/page/3/index.md"]:
        seen += [int(a.text.split()[1]) for a in body(files[path]).cssselect("ul.annals-list a")]
    assert seen == list(range(1, 121))


def test_item_links_are_relative_to_their_page():
    files = paginate("things/", list(range(1, 121)), item, title="Things", per_page=50)
    a = body(files["things/page/3/index.md"]).cssselect("ul.annals-list a")[0]
    assert a.get("href") == "../../101/"
    assert resolve("things/page/3/", a.get("href")) == "things/101/"


def test_pager_links_point_at_existing_pages_and_stay_bounded():
    files = paginate("t/", list(range(10_000)), item, title="T", per_page=10)
    assert len(files) == 1000
    for path in ("t/index.md", "t/page/500/index.md", "t/page/1000/index.md"):
        url = path.removesuffix("index.md")
        nav = body(files[path]).cssselect("nav.annals-pager")[0]
        hrefs = [a.get("href") for a in nav.cssselect("a")]
        assert len(hrefs) <= 2 * 2 + 4  # window both sides + first, last, previous, next
        for href in hrefs:
            assert resolve(url, href) + "index.md" in files
    middle = body(files["t/page/500/index.md"]).cssselect("nav.annals-pager")[0]
    assert middle.cssselect("a[rel=prev]")[0].get("href") == "../499/"
    assert middle.cssselect("a[rel=next]")[0].get("href") == "../501/"
    assert middle.cssselect("[aria-current=page]")[0].text == "500"
    first = body(files["t/page/2/index.md"]).cssselect("a[rel=prev]")[0].get("href")
    assert resolve("t/page/2/", first) == "t/"


def test_title_is_escaped():
    files = paginate("t/", [1], item, title="<b>x</b>")
    assert "<b>x</b>" not in files["t/index.md"]
    assert re.search(r"^title: '?&lt;b&gt;x&lt;/b&gt;'?$", files["t/index.md"], re.M)
