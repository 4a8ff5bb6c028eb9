"""A link checker for a built site folder: every internal link and anchor in every HTML page.

Each ``href``/``src`` of every element (``<a>``, ``<link>``, ``<script>``, ``<img>``, SVG ``<a>``
with ``href`` or ``xlink:href``, ...) is resolved relative to its page, the way a browser does;
a folder URL means its ``index.html``.  A link is broken when its file is missing or when its
fragment names no ``id`` (or ``<a name>``) on the target page.  Links that leave the site (another
scheme or host) are not followed; a text fragment (``#:~:text=...``) is a highlight request, not an
anchor, and is not checked.  Pure file reading: no server, no privileges (LinkChecker's own run is
in ``test_links.py``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LINK_ATTRS = ("href", "src", XLINK_HREF, "xlink:href")  # the HTML parser keeps the prefix


@dataclass(frozen=True, slots=True)
class Broken:
    """One broken link."""

    page: str
    """The page holding the link (path in the site folder)."""
    href: str
    """The link as written."""
    reason: str
    """What is wrong: the missing file, or the missing anchor."""

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"


def page_ids(doc) -> set[str]:
    """Every anchor a fragment can name on a page: ``id`` attributes and ``<a name>``."""
    ids = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    return ids | {el.get("name") for el in doc.iter("a") if el.get("name")}


def page_links(doc) -> list[str]:
    """Every link on a page, in document order."""
    out = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in LINK_ATTRS:
            value = el.get(attr)
            if value is not None:
                out.append(value.strip())
    return out


def target_of(dirs: set[str], page: str, href: str) -> tuple[str, str] | None:
    """(site path of the target file, decoded fragment), or None for a link that leaves the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    # root-relative (only 404.html has them: it is served at any depth): from the site's root, which
    # is the root of site_url's host
    base = "" if parts.path.startswith("/") else posixpath.dirname(page)
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if path == ".." or path.startswith("../"):
        return path, unquote(parts.fragment)  # climbs above the site's root
    if parts.path.endswith("/") or path == "." or path in dirs:
        path = "index.html" if path == "." else posixpath.join(path, "index.html")
    return path, unquote(parts.fragment)


def check_site(site: Path) -> tuple[list[Broken], int]:
    """(broken links, number of internal links checked) for every ``*.html`` under ``site``."""
    files = {p.relative_to(site).as_posix(): p.is_dir() for p in site.rglob("*")}
    dirs = {p for p, is_dir in files.items() if is_dir}
    ids: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    for page in sorted(p for p, is_dir in files.items() if not is_dir and p.endswith(".html")):
        doc = lxml.html.fromstring((site / page).read_bytes())
        ids[page], links[page] = page_ids(doc), page_links(doc)
    broken: list[Broken] = []
    checked = 0
    for page, hrefs in links.items():
        for href in hrefs:
            target = target_of(dirs, page, href)
            if target is None:
                continue
            checked += 1
            path, fragment = target
            if path.startswith(".."):
                broken.append(Broken(page, href, "climbs above the site's root"))
            elif files.get(path) is not False:
                broken.append(Broken(page, href, f"no file {path}"))
            elif not fragment or fragment.startswith(":~:"):
                continue
            elif path not in ids:
                broken.append(Broken(page, href, f"an anchor into {path}, which is not a page"))
            elif fragment not in ids[path]:
                broken.append(Broken(page, href, f"no id {fragment!r} in {path}"))
    return broken, checked
