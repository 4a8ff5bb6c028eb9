"""Search (issue 6): what Pagefind indexes besides the built pages.  Pure.

Pagefind runs after MkDocs over ``site/`` (``build.run_pagefind``, the I/O).  It indexes only
what sits inside ``data-pagefind-body`` (an article's source text, ``render.py``), so nav,
footer, cite boxes, editorial heads and the quotations list stay out; annotations inside the
text (speaker labels, editors' notes) carry ``data-pagefind-ignore``.

* ``page_facets``: a HEAD_SECTION.  A hidden block on every article page carrying the page's
  filters (``data-pagefind-filter``: official, election, year, publisher, kind=article) and
  its metadata (``data-pagefind-meta``: date, publisher).  Pagefind reads filters and metadata
  anywhere on the page, also inside ``data-pagefind-ignore``.
* ``quote_records``: one ``SearchRecord`` per quotation (full, partial, reported; terms in
  quotation marks have no speaker and are left out), with the quotation's permalink
  (``/articles/<id>/#<quote id>``) as its URL, so a hit lands on the very quotation.
* ``record_page`` / ``record_path``: how a record reaches Pagefind, as a small HTML page whose path
  under a temporary folder is its URL (``articles/<id>/#<quote id>``), read with ``AddDir``
  (``search_index.index_files`` says why not ``AddRecord``).

Filter names are ``FILTERS``; the search page and the header box read the same names from
the URL (``search/?q=...&official=...``).
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render.browse.common import Index, index_of
from annals.render.kit import KIND_TEXT, human_date

FILTERS = ("official", "election", "year", "publisher", "kind")
"""Pagefind filter names, in the order the search page shows them."""
ARTICLE_KIND = "article"
"""The ``kind`` filter value of an article page (a quotation's kind is its ``KIND_TEXT``)."""
INDEXED_KINDS = ("full", "partial", "reported")
"""Quote kinds indexed as records of their own."""
LANGUAGE = "en"
"""The language of every record (the site is English; one index)."""
PAGES = "articles/*/index.html"
"""The built pages Pagefind reads (a glob under ``site/``): the article pages, the only ones with
``data-pagefind-body`` (``render.py``; listings such as ``articles/page/2/`` lie a level deeper).
Any other page would be read and then skipped for want of that attribute."""
UNUSED_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces and highlighter, which the site does not use (``docs/assets/search.js``
talks to ``pagefind.js`` directly): not written, ~420 KB less per site."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """A record Pagefind indexes besides the built pages (as a page of its own, ``record_page``)."""

    url: str
    """Result URL, from the site root, as Pagefind writes page URLs (``/articles/a000001/#q-...``)."""
    content: str
    """The indexed text: the quotation's words."""
    meta: tuple[tuple[str, str], ...]
    """Shown with the result: ``title`` (the article's), ``speaker``, ``date``, ``publisher``, ``kind``, ``quote``."""
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """Filter name -> values (``FILTERS``)."""


def _year(rec: AnnotatedArticle) -> tuple[str, ...]:
    return (str(rec.article.date.year),) if rec.article.date else ()


def article_filters(rec: AnnotatedArticle, index) -> dict[str, tuple[str, ...]]:
    """An article's filter values: officials and elections it concerns (names), year, publisher."""
    return {
        "official": tuple(sorted({index.officials[i].name for i in index.article_officials(rec)})),
        "election": tuple(index.elections[i].title for i in index.article_elections(rec)),
        "year": _year(rec),
        "publisher": (rec.article.publisher,) if rec.article.publisher else (),
    }


def _date_text(rec: AnnotatedArticle) -> str:
    return human_date(rec.article.date) if rec.article.date else ""


def page_facets(rec: AnnotatedArticle, ctx) -> str:
    """Hidden filters and metadata of an article page, read by Pagefind (a HEAD_SECTION)."""
    filters = article_filters(rec, index_of(ctx))
    filters["kind"] = (ARTICLE_KIND,)
    parts = []
    for name in FILTERS:
        for value in filters.get(name, ()):
            parts.append(f'<span data-pagefind-filter="{name}">{H.text(value)}</span>')
    meta = {"date": _date_text(rec), "publisher": rec.article.publisher or "", "kind": ARTICLE_KIND}
    for name, value in meta.items():
        if value:
            parts.append(f'<span data-pagefind-meta="{name}">{H.text(value)}</span>')
    return f'<div class="annals-search-facets" hidden data-pagefind-ignore>{"".join(parts)}</div>'


RECORD_GLOB = "articles/*/#*"
"""Where ``record_path`` puts the quotation pages, as a glob under their folder (for Pagefind's ``AddDir``)."""


def record_path(record: SearchRecord) -> str:
    """Where a record's page goes, relative to the folder Pagefind reads: its URL without the
    leading ``/`` (``articles/a000001/#q-0123456789``).  Pagefind gives a page read from a folder
    the URL of its path in that folder, so this file's result URL is the record's own, ``#`` and all.

    Raises ValueError for a URL that is not ``/articles/<id>/#<quote id>`` (one folder, one anchor,
    nothing that could leave the folder, no ``index.html``, which Pagefind cuts out of URLs)."""
    path = record.url.removeprefix("/")
    parts = path.split("/")
    if (not record.url.startswith("/") or len(parts) != 3 or parts[0] != "articles"
            or not parts[2].startswith("#") or path.count("#") != 1 or "index.html" in path
            or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in (parts[1], parts[2][1:]))):
        raise ValueError(f"not a quotation permalink: {record.url!r}")
    return path


def record_page(record: SearchRecord) -> str:
    """The HTML Pagefind reads for a record: the quotation's words as the page body (an inline
    element, so Pagefind adds no sentence stop after them), its metadata and filters in the
    element-text form (``data-pagefind-meta="speaker"``), everything escaped (``html.text``).

    Pagefind indexes it as it indexed the record sent with ``AddRecord`` (same URL, words, metadata
    and filters), except that metadata and filter values come out trimmed with runs of whitespace
    made one space (as the article pages' own, ``page_facets``), and control characters such as
    U+0007 as their pictures (as the article page shows them)."""
    parts = [f'<span data-pagefind-body>{H.text(record.content)}</span>']
    parts += [f'<span data-pagefind-meta="{H.attr(k)}">{H.text(v)}</span>' for k, v in record.meta]
    parts += [f'<span data-pagefind-filter="{H.attr(k)}">{H.text(v)}</span>' for k, vs in record.filters for v in vs]
    return f'<!DOCTYPE html><html lang="{LANGUAGE}"><body>{"".join(parts)}</body></html>\n'


def quote_records(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...], archive) -> tuple[SearchRecord, ...]:
    """One record per quotation (``INDEXED_KINDS``), in the order of the quotations table."""
    index = Index(list(records), archive)
    filters_of = {r.article.id: article_filters(r, index) for r in index.records}
    out = []
    for row in index.rows:
        q, rec = row.quote, row.record
        if q.kind not in INDEXED_KINDS or not q.text.strip():
            continue
        base = filters_of[rec.article.id]
        official = (row.speaker.name,) if row.speaker and row.speaker.official else ()
        filters = (("official", official), ("election", base["election"]), ("year", base["year"]),
                   ("publisher", base["publisher"]), ("kind", (KIND_TEXT[q.kind],)))
        meta = [("title", rec.article.title), ("speaker", row.speaker.name if row.speaker else (q.speaker or "")),
                ("date", _date_text(rec)), ("publisher", rec.article.publisher or ""), ("kind", KIND_TEXT[q.kind]),
                ("quote", q.id)]
        out.append(SearchRecord(url=f"/{rec.article.url}#{q.anchor}", content=q.text,
                                meta=tuple((k, v) for k, v in meta if v),
                                filters=tuple((k, v) for k, v in filters if v)))
    return tuple(out)


# ---- a stable index ------------------------------------------------------------------------
# Pagefind 1.5.2 writes its filter index in hash-map order: its filter map is a Rust HashMap,
# seeded at random in every process (its source says "TODO: Change filter indexes to BTree to
# give them a stable hash").  The same site gives filter files with the same entries in another
# order, so other file names, another ``pf_meta`` and another ``pagefind-entry.json`` on every
# build.  ``stable_pagefind`` rewrites those files with filters and values sorted; everything
# else Pagefind writes (word index, fragments, scripts) is already stable.

def cbor_decode(data: bytes) -> object:
    """Decode the CBOR subset Pagefind writes (integers, byte and text strings, arrays, maps)."""
    value, end = _cbor_item(data, 0)
    if end != len(data):
        raise ValueError(f"trailing bytes after CBOR item at {end}")
    return value


def _cbor_item(data: bytes, pos: int) -> tuple[object, int]:
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x} at {pos - 1}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 2:
        return bytes(data[pos:pos + arg]), pos + arg
    if major == 3:
        return data[pos:pos + arg].decode("utf-8"), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _cbor_item(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = _cbor_item(data, pos)
            value, pos = _cbor_item(data, pos)
            pairs.append((key, value))
        return dict(pairs), pos
    raise ValueError(f"unsupported CBOR major type {major} at {pos - 1}")


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {arg}")


def cbor_encode(value: object) -> bytes:
    """Encode with the shortest heads (as minicbor does); the inverse of ``cbor_decode``."""
    if isinstance(value, bool) or value is None:
        raise ValueError("booleans and null are not used by Pagefind's index")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise ValueError(f"cannot encode {type(value).__name__} as CBOR")


PAGEFIND_MAGIC = b"pagefind_dcd"
"""Every compressed Pagefind index file is gzip(``PAGEFIND_MAGIC`` + CBOR)."""


def _unpack(raw: bytes) -> object:
    import gzip

    data = gzip.decompress(raw)
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind index file")
    return cbor_decode(data[len(PAGEFIND_MAGIC):])


def _pack(value: object) -> bytes:
    import gzip

    return gzip.compress(PAGEFIND_MAGIC + cbor_encode(value), compresslevel=9, mtime=0)


def _short_hash(lang: str, raw: bytes, length: int, taken: set[str]) -> str:
    import hashlib

    full = hashlib.sha256(raw).hexdigest()
    while f"{lang}_{full[:length]}" in taken and length < len(full):
        length += 1
    return f"{lang}_{full[:length]}"


def stable_pagefind(files: dict[str, bytes]) -> dict[str, bytes | None]:
    """Pagefind's entry, meta and filter files (paths relative to ``pagefind/``) -> the changes that
    make them independent of hash-map order: path -> new bytes, or None for a file to delete.

    Filter files get their values sorted by value and a name from their content; the meta file
    lists filters (and sort keys) by name and refers to the new names; the entry names the new meta.
    """
    import json

    entry = json.loads(files["pagefind-entry.json"])
    gone: set[str] = set()
    out: dict[str, bytes | None] = {}
    for lang, info in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = _unpack(files[meta_path])
        # MetaIndex: [version, pages, index_chunks, filters: [[name, hash]], sorts: [[name, pages]], meta_fields]
        filters, taken = [], set()
        for name, old in sorted(meta[3]):
            path = f"filter/{old}.pf_filter"
            fname, values = _unpack(files[path])
            raw = _pack([fname, sorted(values, key=lambda v: v[0])])
            new = _short_hash(lang, raw, 7, taken)
            taken.add(new)
            filters.append([name, new])
            gone.add(path)
            out[f"filter/{new}.pf_filter"] = raw
        meta[3] = filters
        if len(meta) > 4:
            meta[4] = sorted(meta[4], key=lambda s: s[0])
        raw = _pack(meta)
        new_meta = _short_hash(lang, raw, 10, set())
        gone.add(meta_path)
        out[f"pagefind.{new_meta}.pf_meta"] = raw
        info["hash"] = new_meta
    entry["languages"] = dict(sorted(entry["languages"].items()))
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return {**{p: None for p in sorted(gone - set(out))}, **out}
