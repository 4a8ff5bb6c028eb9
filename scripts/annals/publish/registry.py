"""Nothing published ever breaks (issue 5, item 2).  Pure: text in, text and problems out.

``archive/published.txt`` (the *registry*) lists every URL and anchor the site has published: each
generated page (``/articles/a000005/``, ``/officials/dmitry-peskov/``, listing pages, ...) and, on
article pages, each paragraph and quotation anchor (``/articles/a000005/#p3``,
``/articles/a000005/#q-730e3a30e6``), one per line, sorted.  ``annals build`` adds what is new and
never removes a line.  A build whose pages no longer hold a registered URL or anchor fails, naming the
registry's line, unless ``archive/redirects.yml`` says where it went:

* a **page redirect** (``from: /articles/a000009/``) becomes a static HTML page at the old address
  (meta refresh, a link, and a tiny script that keeps the ``#anchor``, or sends it where an anchor
  redirect of that page says);
* an **anchor redirect** (``from: /articles/a000003/#q-0123456789``) on a page that still exists
  becomes an element with the old ID on that page: an empty alias just before the target when the
  target is on the same page (works without JavaScript), else a note "this passage has moved" with a
  link, shown only when it is the target, which ``permalinks.js`` follows at once.

``plan(files, registry, redirects)`` checks all of this against the rendered files and returns the
files to add or change, the new registry and the problems; the build does the reading and writing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from annals.render import html as H
from annals.model import Problem

REGISTRY_FILE = "published.txt"
"""The registry, relative to the archive folder."""
REDIRECTS_FILE = "redirects.yml"
"""The declared redirects, relative to the archive folder (schema ``schemas/redirects.schema.json``)."""

HEADER = ("# Every URL and anchor Annals has published, one per line, in order. Written by `annals build`,\n"
          "# which adds new ones and never removes a line; commit it. A build that no longer has one fails\n"
          "# unless archive/redirects.yml says where it went. See doc/output.md, \"URLs\".\n")

ARTICLE_PAGE = re.compile(r"/articles/a\d+/")
CITABLE_ANCHOR = re.compile(r"p\d+|q-[0-9a-f]{10}(?:-\d+)?")
"""Anchors that are registered: paragraphs and quotations (other IDs on a page are page furniture)."""
URL_FORM = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*(?:#[A-Za-z][A-Za-z0-9_-]*)?")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the registry."""

    url: str
    """Site-absolute URL, ``/articles/a000005/`` or ``/articles/a000005/#p3``."""
    line: int
    """1-based line in the registry file."""


@dataclass(frozen=True, slots=True)
class Redirect:
    """One item of ``archive/redirects.yml``."""

    source: str
    """The old URL (``from``): a page, or a page plus ``#anchor``."""
    target: str
    """Where it went (``to``): a published page, optionally with an anchor."""
    line: int
    """1-based line of the item in the redirects file."""
    file: str | None = None
    """The file that declares it, when not ``redirects.yml`` (``statements.txt`` declares the redirects of
    merged statements, issue 22)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What the registry stage decided."""

    files: tuple[tuple[str, str], ...]
    """Docs files to add or replace: redirect pages, and pages given alias anchors."""
    registry: str
    """The registry's new text (the old lines plus everything this build publishes)."""
    problems: tuple[Problem, ...]
    """Registered URLs or anchors that this build drops, and bad redirects."""
    added: int
    """How many lines the registry gains."""


def split(url: str) -> tuple[str, str | None]:
    """``/a/b/#x`` -> (``/a/b/``, ``x``); ``/a/b/`` -> (``/a/b/``, None).  A query (only a redirect's
    target has one: ``/quotes/?year=2020``, the filtered quotations table) is not part of the page."""
    page, sep, anchor = url.partition("#")
    return page.partition("?")[0], (anchor if sep else None)


def _rel(here: str, target: str) -> str:
    """Relative link from the page ``here`` (site path without the leading ``/``) to the site path
    ``target``, keeping ``target``'s query and anchor."""
    rest, sep, anchor = target.partition("#")
    page, qsep, query = rest.partition("?")
    link = H.rel(here, page.lstrip("/"))
    return link + qsep + query + sep + anchor


def page_ids(files: dict[str, str]) -> dict[str, frozenset[str]]:
    """Every generated page's site-absolute URL -> the IDs of the elements on it."""
    return {"/" + H.page_url(path): ids_of(text) for path, text in files.items() if path.endswith(".md")}


def published(pages: dict[str, frozenset[str]]) -> set[str]:
    """What a build publishes: every page, and the paragraph and quotation anchors of article pages."""
    out = set(pages)
    for url, ids in pages.items():
        if ARTICLE_PAGE.fullmatch(url):
            out.update(f"{url}#{i}" for i in ids if CITABLE_ANCHOR.fullmatch(i))
    return out


def parse_registry(text: str, file: str = REGISTRY_FILE) -> tuple[list[Entry], list[Problem]]:
    """The registry's lines (comments and blank lines skipped); a line that is no URL is a problem."""
    entries, problems = [], []
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not URL_FORM.fullmatch(line) or _dot_segment(line):
            problems.append(Problem(file, n, f"{line!r} is not a published URL; expected a site path such as "
                                             "/articles/a000001/ or /articles/a000001/#p3 (one per line)"))
            continue
        entries.append(Entry(line, n))
    return entries, problems


def natural_key(url: str) -> tuple:
    """Sort key: pages with numbers compared as numbers (``page/2/`` before ``page/10/``), each page
    before its anchors, paragraphs in order (``#p2`` before ``#p10``), then quotations by ID."""
    page, anchor = split(url)
    page_key = tuple(int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", page)))
    if anchor is None:
        return (page_key, 0, 0, "")
    if re.fullmatch(r"p\d+", anchor):
        return (page_key, 1, int(anchor[1:]), "")
    return (page_key, 2, 0, anchor)


def format_registry(urls: set[str]) -> str:
    """The registry file's text: the header, then the URLs in natural order."""
    return HEADER + "".join(f"{u}\n" for u in sorted(urls, key=natural_key))


def _dot_segment(url: str) -> bool:
    return any(seg in (".", "..") for seg in split(url)[0].split("/"))


def parse_redirects(data: object, lines: dict, file: str = REDIRECTS_FILE) -> tuple[list[Redirect], list[Problem]]:
    """Redirects from schema-valid YAML data (a list of ``{from, to, note}``); ``lines`` maps
    ``/0`` to the item's line.  A ``.``/``..`` segment or a ``from`` given twice is a problem."""
    out, problems, seen = [], [], {}
    for i, item in enumerate(data or []):
        line = lines.get(f"/{i}", lines.get(f"/{i}/from", 0))
        bad = [k for k in ("from", "to") if _dot_segment(item[k])]
        if bad:
            problems.append(Problem(file, line, f"{bad[0]}: {item[bad[0]]!r} has a '.' or '..' segment; "
                                                "write the URL as the site shows it"))
            continue
        if item["from"] in seen:
            problems.append(Problem(file, line, f"from: {item['from']} is redirected twice (first at line "
                                                f"{seen[item['from']]}); keep one"))
            continue
        seen[item["from"]] = line
        out.append(Redirect(item["from"], item["to"], line))
    return out, problems


def _insert_before_id(text: str, ident: str, markup: str) -> str | None:
    m = re.search(r'<[A-Za-z][^<>]*?\sid="' + re.escape(ident) + '"', text)
    return None if m is None else text[: m.start()] + markup + text[m.start():]


def _insert_at_top(text: str, markup: str) -> str:
    """After the page's first ``</h1>``, else at the start of the body (after the front matter)."""
    at = text.find("</h1>")
    if at >= 0:
        at += len("</h1>")
    else:
        at = text.find("\n---\n") + len("\n---\n") if text.startswith("---\n") else 0
        while text.startswith("\n", at):
            at += 1
    return text[:at] + markup + text[at:]


def docs_path_of(page: str) -> str:
    """The docs path of the redirect page for the old page ``page``: ``/articles/a000009/`` ->
    ``articles/a000009/index.html`` (MkDocs copies it to the site as it is)."""
    return page.lstrip("/") + "index.html"


def _script_json(value: object) -> str:
    return json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def redirect_page(source: str, target: str, anchors: dict[str, str]) -> str:
    """Static HTML at the old page ``source`` that sends readers to ``target`` keeping the anchor
    (``#p3`` stays ``#p3``), or to ``anchors[anchor]`` where an anchor redirect says so."""
    here = source.lstrip("/")
    default = _rel(here, target)
    keep = split(target)[1] is None
    mapped = {a: _rel(here, t) for a, t in sorted(anchors.items())}
    script = ("(function(){var m=" + _script_json(mapped) + ",d=" + _script_json(default) + ",k=" + ("true" if keep else "false")
              + ",h=location.hash.slice(1);location.replace(Object.prototype.hasOwnProperty.call(m,h)?m[h]"
              ":(k?d+location.hash:d));})();")
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Moved to {H.text(target)}</title>\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{H.attr(default)}\">\n"
            f"<script>{script}</script>\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={H.attr(default)}\">\n"
            "</head>\n<body>\n"
            f"<p>This page has moved to <a href=\"{H.attr(default)}\">{H.text(target)}</a>.</p>\n"
            "</body>\n</html>\n")


def _alias(ident: str) -> str:
    return f'<span id="{H.attr(ident)}" class="annals-alias" data-pagefind-ignore></span>'


def _moved(ident: str, href: str, target: str) -> str:
    return (f'<p id="{H.attr(ident)}" class="annals-annotation annals-moved" data-moved-to="{H.attr(href)}" '
            f'data-pagefind-ignore>This passage has moved: <a href="{H.attr(href)}">{H.text(target)}</a></p>')


def hand_written_pages(docs_dir) -> frozenset[str]:
    """Site-absolute URLs of the hand-written pages of ``docs_dir`` (its ``.md`` files that the build's
    manifest does not list): a redirect must not hide them either."""
    from pathlib import Path

    from annals.publish.writer import read_manifest

    docs = Path(docs_dir)
    if not docs.is_dir():
        return frozenset()
    owned = read_manifest(docs)
    return frozenset("/" + H.page_url(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")
                     if p.relative_to(docs).as_posix() not in owned)


def ids_of(text: str) -> frozenset[str]:
    """The IDs of the elements of a page's text."""
    return frozenset(_ID_ATTR.findall(text))


def plan(files: dict[str, str], registry: list[Entry], redirects: list[Redirect],
         registry_file: str = REGISTRY_FILE, redirects_file: str = REDIRECTS_FILE,
         hand_written: frozenset[str] = frozenset()) -> Plan:
    """Check that every registered URL and anchor still resolves in ``files`` (docs path -> text) or
    through a redirect; build the redirect pages and alias anchors; give the registry's new text.
    ``hand_written``: URLs of pages the build does not generate (``hand_written_pages``)."""
    return plan_pages({p: ids_of(t) for p, t in files.items() if p.endswith(".md")}, set(files),
                      files.__getitem__, registry, redirects, registry_file, redirects_file, hand_written)


def plan_pages(page_ids_by_path: dict[str, frozenset[str]], paths: set[str], text_of, registry: list[Entry],
               redirects: list[Redirect], registry_file: str = REGISTRY_FILE,
               redirects_file: str = REDIRECTS_FILE, hand_written: frozenset[str] = frozenset()) -> Plan:
    """:func:`plan` from what a build that writes its pages as it renders them keeps: the IDs on each
    generated page (docs path -> IDs), every generated path, and ``text_of(path)`` to read a page's
    text back (only the pages that an anchor redirect changes are read)."""
    pages = {"/" + H.page_url(p): set(ids) for p, ids in page_ids_by_path.items()}
    docs_of = {"/" + H.page_url(p): p for p in page_ids_by_path}
    problems: list[Problem] = []
    changed: dict[str, str] = {}

    def exists(url: str) -> str | None:
        """None if ``url`` is a published page (and anchor), else why not."""
        page, anchor = split(url)
        if page not in pages:
            return f"there is no page {page}"
        if anchor is not None and anchor not in pages[page]:
            return f"the page {page} has no anchor #{anchor}"
        return None

    page_redirects: dict[str, Redirect] = {}
    anchor_redirects: dict[str, Redirect] = {}
    for r in redirects:
        why = exists(r.target)
        if why:
            problems.append(Problem(r.file or redirects_file, r.line, f"to: {r.target} does not exist: {why}; "
                                                            "a redirect must lead to a page this build publishes"))
            continue
        page, anchor = split(r.source)
        if anchor is None:
            if page in pages or page in hand_written:
                problems.append(Problem(r.file or redirects_file, r.line, f"from: {page} is still published; a redirect would "
                                                                "hide it: remove this redirect"))
                continue
            page_redirects[page] = r
        else:
            if page in pages and anchor in pages[page]:
                problems.append(Problem(r.file or redirects_file, r.line, f"from: {r.source} is still on its page; remove "
                                                                "this redirect"))
                continue
            anchor_redirects[r.source] = r

    for source, r in sorted(anchor_redirects.items()):  # anchors that moved on pages that still exist
        page, anchor = split(source)
        if page not in pages:
            if page not in page_redirects:
                problems.append(Problem(r.file or redirects_file, r.line, f"from: {source}: its page {page} is neither "
                                                                f"published nor redirected; redirect {page} too"))
            continue
        path = docs_of[page]
        text = changed[path] if path in changed else text_of(path)
        to_page, to_anchor = split(r.target)
        if to_page == page and to_anchor is not None:
            new = _insert_before_id(text, to_anchor, _alias(anchor))
        else:
            href = _rel(page.lstrip("/"), r.target) if to_page != page else "#"
            new = _insert_at_top(text, _alias(anchor) if to_page == page else _moved(anchor, href, r.target))
        if new is None:  # the target ID exists (checked) but its element could not be found: a bug
            problems.append(Problem(r.file or redirects_file, r.line, f"to: {r.target}: the element #{to_anchor} could not be "
                                                            "located in the page's HTML; this is a bug in annals"))
            continue
        changed[path] = new
        pages[page].add(anchor)

    for page, r in sorted(page_redirects.items()):
        anchors = {split(s)[1]: a.target for s, a in anchor_redirects.items() if split(s)[0] == page}
        path = docs_path_of(page)
        if path in paths:
            problems.append(Problem(r.file or redirects_file, r.line, f"from: {page}: the build already writes docs/{path}"))
            continue
        changed[path] = redirect_page(page, r.target, anchors)

    dropped_pages: dict[str, list[Entry]] = {}
    for entry in registry:
        page, anchor = split(entry.url)
        if page in pages:
            if anchor is None or anchor in pages[page]:
                continue
            problems.append(Problem(registry_file, entry.line,
                                    f"{entry.url} was published, but the page {page} no longer has the anchor "
                                    f"#{anchor}; declare where it went in {redirects_file} "
                                    f"(- from: {entry.url} / to: <a published URL>), or restore it"))
        elif page in page_redirects:
            r = page_redirects[page]
            if anchor is None or entry.url in anchor_redirects or split(r.target)[1] is not None:
                continue
            if anchor in pages.get(split(r.target)[0], ()):
                continue
            problems.append(Problem(registry_file, entry.line,
                                    f"{entry.url} was published; its page is redirected to {r.target} "
                                    f"({redirects_file}:{r.line}), which has no anchor #{anchor}; declare where "
                                    f"it went in {redirects_file} (- from: {entry.url} / to: <a published URL>)"))
        else:
            dropped_pages.setdefault(page, []).append(entry)
    for page, entries in sorted(dropped_pages.items(), key=lambda kv: kv[1][0].line):
        first = next((e for e in entries if e.url == page), entries[0])
        more = len(entries) - 1
        also = f" (and {more} anchor{'s' if more != 1 else ''} on it)" if more else ""
        problems.append(Problem(registry_file, first.line,
                                f"{page} was published{also}, but this build has no such page; declare where it "
                                f"went in {redirects_file} (- from: {page} / to: <a published URL>), or restore it"))

    known = {e.url for e in registry}
    now = published({u: frozenset(ids) for u, ids in pages.items()})
    return Plan(files=tuple(sorted(changed.items())), registry=format_registry(known | now),
                problems=tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))),
                added=len(now - known))
