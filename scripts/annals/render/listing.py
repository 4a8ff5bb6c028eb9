"""Listings that paginate: one helper for every index page of the site.

A listing of any length is split into pages of at most ``per_page`` items, so that no page
grows with the archive (Material also copies the nav into every page: listings stay out of
the nav, and the pager below has a fixed number of links whatever the page count).

URLs: the first page is the listing's own URL, the others ``<url>page/<n>/``::

    articles/            docs/articles/index.md
    articles/page/2/     docs/articles/page/2/index.md

Usage from a page provider (``annals.render.kit.Features.pages``)::

    from annals.render.listing import paginate
    files = paginate("officials/dmitry-medvedev/quotes/", quotes, item_html,
                     title="Quotations of Dmitry Medvedev", intro_html="<p>...</p>")

``item_html(page_url, item)`` returns one ``<li>``'s inner HTML; it receives the URL of the
page the item appears on so that it can build relative links with ``html.rel``.  Everything
that comes from a source must go through ``html.text``/``html.attr`` as usual; ``title`` is
plain text (escaped here).  Pure: returns ``{docs path: text}`` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from annals.render import html as H
from annals.render.kit import PER_PAGE, front_matter

T = TypeVar("T")

PAGER_WINDOW = 2
"""Page links shown on each side of the current page (plus first, last, previous, next)."""


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Where one page of a listing sits among its siblings."""

    number: int
    """1-based page number."""
    count: int
    """How many pages the listing has."""
    url: str
    """Site-relative URL of this page (``articles/page/2/``)."""
    first: int
    """0-based index of the first item on this page."""
    last: int
    """0-based index after the last item on this page."""
    total: int
    """How many items the whole listing has."""


def page_url(base_url: str, number: int) -> str:
    """Site-relative URL of page ``number`` of the listing at ``base_url`` (which ends in ``/``)."""
    if not base_url.endswith("/"):
        raise ValueError(f"listing URL must end in '/': {base_url!r}")
    return base_url if number == 1 else f"{base_url}page/{number}/"


def page_path(base_url: str, number: int) -> str:
    """Docs path (relative to ``docs/``) of page ``number``: the URL plus ``index.md``."""
    return page_url(base_url, number) + "index.md"


def pages(base_url: str, total: int, per_page: int = PER_PAGE) -> list[PageInfo]:
    """The pages of a listing of ``total`` items (one empty page when there are none)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    count = max(1, -(-total // per_page))
    return [PageInfo(n, count, page_url(base_url, n), (n - 1) * per_page, min(total, n * per_page), total)
            for n in range(1, count + 1)]


def pager_html(base_url: str, info: PageInfo) -> str:
    """A pager with a bounded number of links: previous, first, a window around this page, last, next."""
    if info.count == 1:
        return ""

    def link(n: int, label: str, rel_attr: str = "") -> str:
        href = H.rel(info.url, page_url(base_url, n))
        return f'<a href="{H.attr(href)}"{rel_attr}>{label}</a>'
    parts = []
    if info.number > 1:
        parts.append(link(info.number - 1, "← Previous", ' rel="prev"'))
    shown = sorted({1, info.count, *range(max(1, info.number - PAGER_WINDOW), min(info.count, info.number + PAGER_WINDOW) + 1)})
    prev = 0
    for n in shown:
        if n - prev > 1:
            parts.append('<span class="annals-pager-gap">…</span>')
        if n == info.number:
            parts.append(f'<span class="annals-pager-current" aria-current="page">{n}</span>')
        else:
            parts.append(link(n, str(n)))
        prev = n
    if info.number < info.count:
        parts.append(link(info.number + 1, "Next →", ' rel="next"'))
    return (f'<nav class="annals-pager" aria-label="Pages of this listing">'
            f'<span class="annals-pager-where">Page {info.number} of {info.count}</span> {" ".join(parts)}</nav>')


def paginate(base_url: str, items: Sequence[T], item_html: Callable[[str, T], str], *, title: str,
             intro_html: str = "", per_page: int = PER_PAGE, list_class: str = "annals-list",
             heading_id: str = "listing", front: dict | None = None) -> dict[str, str]:
    """Every page of a listing: ``{docs path: Markdown text}``.

    ``title`` is plain text (escaped here, and given to the theme escaped); ``intro_html`` is
    trusted HTML shown on every page above the list; ``front`` adds front-matter keys.
    """
    out: dict[str, str] = {}
    for info in pages(base_url, len(items), per_page):
        head_title = title if info.number == 1 else f"{title} (page {info.number} of {info.count})"
        meta = {"title": H.attr(head_title), **(front or {})}
        rows = "".join(f"<li>{item_html(info.url, item)}</li>" for item in items[info.first:info.last])
        span = (f'<p class="annals-pager-span">Items {info.first + 1}–{info.last} of {info.total}.</p>'
                if info.count > 1 else "")
        pager = pager_html(base_url, info)
        body = (f'<h1 id="{H.attr(heading_id)}">{H.text(head_title)}</h1>{intro_html}{span}{pager}'
                f'<ul class="{H.attr(list_class)}">{rows}</ul>{pager}')
        out[page_path(base_url, info.number)] = front_matter(meta) + body + "\n"
    return out
