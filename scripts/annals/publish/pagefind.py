"""Search (issue 6), the I/O: run Pagefind over the built site and write ``site/pagefind/``.

Pagefind's binary (``pagefind_bin``) runs as a service (``pagefind --service``): requests and
responses are base64-encoded JSON messages ending in a comma, on its stdin and stdout.  This
module speaks that protocol itself instead of using the ``pagefind`` package's asyncio client,
because in 1.5.2 that client (a) reads one response per 0.1 s (it sleeps before each read), so
every request costs 0.1 s, and (b) stops
the service right after asking it to write files, which under load left ``pagefind-entry.json``
empty.  Here requests are pipelined, a thread reads the responses as they come, and the index
files are fetched (``GetFiles``), made stable (``stable_pagefind``) and written by us into
``site/pagefind.new/``, which replaces ``site/pagefind/`` only once it is complete.

Only article pages (``search.PAGES``) and statement pages (``search.STATEMENT_PAGES``, a shard of their
own: issue 22) are handed to Pagefind: the others carry no
``data-pagefind-body`` and would be skipped anyway, but Pagefind would first read and parse every
one of them (at 1,000 articles: 4,389 pages, 10 s of its time, against 2 s for the 1,000 articles).

Each article page is one record; its quotations are found inside it (``render/search.py``).  They were
records of their own until issue 20, item 3 (small pages read with a second ``AddDir``: ``AddRecord``
is quadratic in Pagefind 1.5.2, since it looks every new URL up in a list of all pages added so far).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import cbor2

from annals.render.search import LANGUAGE, PAGES, STATEMENT_PAGES, UNUSED_FILES


# ---- a stable index ------------------------------------------------------------------------
# Pagefind 1.5.2 writes its filter index in hash-map order: its filter map is a Rust HashMap,
# seeded at random in every process (its source says "TODO: Change filter indexes to BTree to
# give them a stable hash").  The same site gives filter files with the same entries in another
# order, so other file names, another ``pf_meta`` and another ``pagefind-entry.json`` on every
# build.  ``stable_pagefind`` rewrites those files with filters and values sorted; everything
# else Pagefind writes (word index, fragments, scripts) is already stable.

PAGEFIND_MAGIC = b"pagefind_dcd"
"""Every compressed Pagefind index file is gzip(``PAGEFIND_MAGIC`` + CBOR)."""


def unpack(raw: bytes) -> object:
    """The value of a compressed Pagefind index file (``pf_meta``, ``pf_filter``, ``pf_index``)."""
    data = gzip.decompress(raw)
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind index file")
    return cbor2.loads(data[len(PAGEFIND_MAGIC):])


def pack(value: object, level: int = 9) -> bytes:
    """``unpack``'s inverse: CBOR with the shortest heads (cbor2's default, as Pagefind's minicbor
    writes them), gzip (``level``) without a time stamp."""
    return gzip.compress(PAGEFIND_MAGIC + cbor2.dumps(value), compresslevel=level, mtime=0)


def _short_hash(lang: str, raw: bytes, length: int, taken: set[str]) -> str:
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
    entry = json.loads(files["pagefind-entry.json"])
    gone: set[str] = set()
    out: dict[str, bytes | None] = {}
    for lang, info in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = unpack(files[meta_path])
        # MetaIndex: [version, pages, index_chunks, filters: [[name, hash]], sorts: [[name, pages]], meta_fields]
        filters, taken = [], set()
        for name, old in sorted(meta[3]):
            path = f"filter/{old}.pf_filter"
            fname, values = unpack(files[path])
            raw = pack([fname, sorted(values, key=lambda v: v[0])])
            new = _short_hash(lang, raw, 7, taken)
            taken.add(new)
            filters.append([name, new])
            gone.add(path)
            out[f"filter/{new}.pf_filter"] = raw
        meta[3] = filters
        if len(meta) > 4:
            meta[4] = sorted(meta[4], key=lambda s: s[0])
        raw = pack(meta)
        new_meta = _short_hash(lang, raw, 10, set())
        gone.add(meta_path)
        out[f"pagefind.{new_meta}.pf_meta"] = raw
        info["hash"] = new_meta
    entry["languages"] = dict(sorted(entry["languages"].items()))
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return {**{p: None for p in sorted(gone - set(out))}, **out}


FRESH: tuple[str, ...] = ("pagefind",)
"""The site's top-level folders that :func:`run_pagefind` writes whole on every build: left out of the
staging copy of the site (``publish.output.Staging``) and never pruned by the incremental MkDocs build.
An index that is updated in parts would instead keep its folder in the copy and replace only what
changed (unlinking a file before writing it, as ``publish.output.replace_file`` does)."""


class PagefindError(Exception):
    """Pagefind answered a request with an error, or stopped."""


def pagefind_binary() -> str:
    """The Pagefind executable: ``PAGEFIND_BINARY_PATH``, else the pinned ``pagefind_bin`` package's."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return env
    from pagefind_bin import get_executable

    return str(get_executable())


class PagefindService:
    """One ``pagefind --service`` process; ``request`` sends, ``result`` waits for the answer."""

    def __init__(self, cwd: Path):
        self._log = tempfile.TemporaryFile()
        self._proc = subprocess.Popen([pagefind_binary(), "--service"], cwd=cwd, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._log)
        self._next = 0
        self._answers: dict[int, dict] = {}
        self._cond = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = bytearray()  # appending to a bytearray does not copy what came before
        stream = self._proc.stdout
        while True:
            chunk = stream.read1(1 << 20) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                break
            buf += chunk
            if b"," not in chunk:  # inside a long answer: no message ends here
                continue
            *messages, rest = bytes(buf).split(b",")
            buf = bytearray(rest)
            for raw in messages:
                if not raw.strip():
                    continue
                msg = json.loads(base64.b64decode(raw))
                with self._cond:
                    self._answers[msg.get("message_id")] = msg.get("payload") or {}
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def request(self, payload: dict) -> int:
        """Send one request; returns its message id (answers arrive in any order)."""
        self._next += 1
        msg = base64.b64encode(json.dumps({"message_id": self._next, "payload": payload}).encode("utf-8"))
        try:
            self._proc.stdin.write(msg + b",")
        except BrokenPipeError as exc:
            raise PagefindError(f"Pagefind stopped: {self.log()}") from exc
        return self._next

    def flush(self) -> None:
        """Hand what was requested to Pagefind now (``result`` does so before it waits)."""
        try:
            self._proc.stdin.flush()
        except BrokenPipeError as exc:
            raise PagefindError(f"Pagefind stopped: {self.log()}") from exc

    def result(self, message_id: int) -> dict:
        """Wait for the answer to ``message_id``; raise PagefindError if it is an error."""
        self.flush()
        with self._cond:
            while message_id not in self._answers:
                if self._closed:
                    raise PagefindError(f"Pagefind stopped before answering: {self.log()}")
                self._cond.wait()
            payload = self._answers.pop(message_id)
        if payload.get("type") == "Error":
            raise PagefindError(f"Pagefind: {payload.get('message')}")
        return payload

    def call(self, payload: dict) -> dict:
        return self.result(self.request(payload))

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:]

    def close(self) -> None:
        with_input = self._proc.stdin
        if with_input and not with_input.closed:
            with_input.close()
        self._proc.terminate()
        self._proc.wait()
        self._reader.join(5)
        self._log.close()


def index_files(site_dir: Path, glob: str = PAGES) -> tuple[dict[str, bytes], int]:
    """Index the pages of ``site_dir`` that ``glob`` matches (default: every article page, ``PAGES``);
    returns (the index's files by path relative to its folder, made stable, without ``UNUSED_FILES``;
    number of pages indexed).  Writes nothing under ``site_dir``.

    The files are fetched (``GetFiles``) rather than written by Pagefind (``WriteFiles``): Pagefind
    1.5 answers ``WriteFiles`` while its last writes may still be in flight (tokio writes a file in
    a background thread and the file is never flushed), and a build that read the index right after
    found ``pagefind-entry.json`` empty."""
    service = PagefindService(site_dir)
    try:
        # no force_language: each page goes to the index of its <html lang> (English pages to "en", a
        # Russian source's to "ru"), stemmed for that language (doc/russian.md)
        index = service.call({"type": "NewIndex", "config": {}})["index_id"]
        pages = service.call({"type": "AddDir", "index_id": index, "path": str(site_dir), "glob": glob})["page_count"]
        files = service.call({"type": "GetFiles", "index_id": index})["files"]
    finally:
        service.close()
    out = {}
    for f in files:
        rel = f["path"].removeprefix("pagefind/")
        if not rel.startswith(UNUSED_FILES):
            out[rel] = base64.b64decode(f["content"])
    del files
    if not out.get("pagefind-entry.json"):
        raise PagefindError("Pagefind returned no index entry (pagefind-entry.json)")
    for rel, data in stable_pagefind(out).items():
        if data is None:
            out.pop(rel, None)
        else:
            out[rel] = data
    return out, pages


# ---- several indexes, merged in the browser ----------------------------------------------------
# Pagefind 1.5.2 needs about 0.4 MB per article page while it builds an index (measured at 250, 500
# and 1,000 synthetic articles: 121, 228 and 423 MB; whatever the page's size, from the indexed words),
# so one index of 10,000 articles would take about 4 GB.  The articles are therefore indexed in
# shards of ``SHARD_SIZE`` consecutive IDs, one Pagefind process after another, each into a folder of
# its own: the first shard in ``pagefind/`` (the index ``search.js`` opens), the others in
# ``pagefind/<name>/``, listed in ``pagefind/shards.json``, which ``search.js`` merges in the browser
# (Pagefind's ``mergeIndex``).  A shard's members never change (IDs are issued once, in order: new
# articles go to the last shard), so a shard whose pages are byte for byte those of an earlier build
# is taken from the build cache (``.cache/annals/pagefind/<key>/``) instead of being indexed again.

SHARD_SIZE = 500
"""Articles per index: the IDs ``a<n>`` with the same ``n // SHARD_SIZE``.  One, two or five times a
power of ten, so that a shard is one glob (``shard_glob``).  An edit or an addition indexes its shard
again (the others come from the cache): 500 pages, not 2,000 (at N = 10,000 that was most of the
Pagefind stage of an edit); the merged index is the same whatever the size (``merge_shards``)."""
SHARDS_FILE = "shards.json"
"""In the first shard's folder: the folder names of the other shards, which ``search.js`` merges."""
INDEX_FORMAT = "1"
"""Part of every cached shard's key: change it when what is written for a shard changes."""
_ARTICLE_ID = re.compile(r"a(\d{6})")
_STATEMENT_ID = re.compile(r"s\d{6}")


def shard_of(article_id: str, size: int = SHARD_SIZE) -> int:
    """The shard of an article page's folder name (``a001234`` -> 2 with shards of 500)."""
    m = _ARTICLE_ID.fullmatch(article_id)
    if m is None:
        raise PagefindError(f"not an article ID: {article_id!r}")
    return int(m.group(1)) // size


def shard_glob(shard: int, size: int = SHARD_SIZE) -> str:
    """The glob (under the site) of the article pages of ``shard``: ``articles/a00[0-1]???/index.html``
    for shard 0 of 2,000."""
    exponent = len(str(size)) - 1
    lead = size // 10 ** exponent
    if lead not in (1, 2, 5) or lead * 10 ** exponent != size or exponent > 5:
        raise ValueError(f"a shard size must be 1, 2 or 5 times a power of ten, below 1,000,000: {size}")
    first = shard * size
    digits = f"{first:06d}"
    if len(digits) > 6:
        raise ValueError(f"shard {shard} is past the six-digit IDs")
    head, digit = digits[: 5 - exponent], int(digits[5 - exponent])
    middle = str(digit) if lead == 1 else f"[{digit}-{digit + lead - 1}]"
    return f"articles/a{head}{middle}{'?' * exponent}/index.html"


STATEMENTS_SHARD = "statements"
"""The shard of the statement pages (issue 22: a statement is a search result of its own), indexed after
the articles' shards; its folder under ``pagefind/`` when it stays apart."""


def shard_name(shard: int | str) -> str:
    """A secondary shard's folder under ``pagefind/``."""
    return shard if isinstance(shard, str) else f"s{shard}"


def _shard_key(site: Path, pages: list[str], size: int) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(f"{INDEX_FORMAT}\0{version('pagefind_bin')}\0{LANGUAGE}\0{size}".encode())
    for rel in pages:
        h.update(rel.encode() + b"\0" + hashlib.sha256((site / rel).read_bytes()).digest())
    return h.hexdigest()


def _secondary(rel: str, starts: frozenset[str] = frozenset()) -> bool:
    """Whether a merged index needs the file (its entry, meta, word index, fragments, filters): the first
    shard's scripts serve every shard, and so does its WebAssembly for the languages it has; ``starts``:
    the languages whose search starts in this shard (no earlier shard has them), whose WebAssembly Pagefind
    loads from here (``search.js`` starts a language's instance in the first folder that has it)."""
    return (rel == "pagefind-entry.json" or rel.endswith(".pf_meta") or rel.startswith(("index/", "fragment/", "filter/"))
            or any(rel == f"wasm.{lang}.pagefind" for lang in starts))


def _wasm_of(files: dict[str, bytes]) -> frozenset[str]:
    """The languages of an index's entry, by the name of their WebAssembly (``wasm.<name>.pagefind``)."""
    entry = json.loads(files["pagefind-entry.json"])
    return frozenset(info.get("wasm") or "unknown" for info in entry["languages"].values())


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    for rel in sorted(files):
        target = (folder / rel).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise PagefindError(f"Pagefind returned a path outside its folder: {rel!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])


def _read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def shard_files(site: Path, shard: int | str, pages: list[str], cache_dir: Path | None,
                size: int = SHARD_SIZE) -> tuple[dict[str, bytes], str, bool]:
    """The index files of one shard (``pages``: its article pages, site-relative): from the cache when
    its pages are unchanged, else indexed now (and cached).  Returns (files, cache key, whether from
    the cache)."""
    key = _shard_key(site, pages, size)
    cached = cache_dir / key if cache_dir is not None else None
    if cached is not None and (cached / ".complete").is_file():
        return _read_tree(cached / "index"), key, True
    files, count = index_files(site, STATEMENT_PAGES if shard == STATEMENTS_SHARD else shard_glob(shard, size))
    if count != len(pages):
        raise PagefindError(f"Pagefind indexed {count} pages of shard {shard}, which has {len(pages)}")
    if cached is not None:
        try:
            tmp = cached.with_name(cached.name + f".{os.getpid()}.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            _write_tree(tmp / "index", files)
            (tmp / ".complete").write_text("", encoding="utf-8")
            shutil.rmtree(cached, ignore_errors=True)
            tmp.rename(cached)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written only costs time
    return files, key, False


# ---- shards merged into one index -------------------------------------------------------------
# Each shard merged in the browser costs a first search one chunk of the word index per query word
# (a chunk holds at least 20,000 word positions, about 30 KB), so the shards are merged here into one
# index, as Pagefind would have written it for all the pages at once, with Pagefind's own chunking
# (``chunk_index``, ``chunk_meta``, ``get_prefixes`` in its ``index/mod.rs``): the memory of the index
# build stays bounded by a shard, the first search fetches what one index costs.  The formats (Pagefind
# 1.5.2, pinned), read from its files: ``pf_meta`` = [version, pages [[fragment hash, word count]], chunks
# [[from, to, hash]], filters [[name, hash]], sorts, metadata field names]; a ``pf_index`` chunk =
# [[[word, postings, extra], ...]], a posting = [page number minus the previous posting's, body positions,
# metadata positions], ``extra`` = the word's spellings with diacritics, [[spelling, postings]] (Russian
# её, новой under the stems "е", "ново"; a stem may have no postings of its own); a ``pf_filter`` = [name,
# [[value, [page numbers]]]].  Metadata positions name their field as -(its place in the field names +
# 1), renumbered for the merged (sorted) field names.  Each language is merged from the shards that have
# it (a language whose pages all lie in a later shard is in the merged index all the same: issue 22), and
# every language's WebAssembly is kept beside the scripts.  Chunks are cut counting a word's own postings
# (spellings not counted: where Pagefind cuts a chunk of such words is not known here; any cut finds the
# same pages).  A shard with sorts is not merged (``MergeRefused``: the shards stay separate and the
# browser merges them, each language starting in the first shard that has it).

CHUNK_POSITIONS = 20000
"""Pagefind's chunk size: a chunk of the word index ends once its postings hold this many values (body
and metadata positions with their markers, plus one per posting); the same chunks as Pagefind's own."""


class MergeRefused(Exception):
    """The shards hold something the merge does not know how to combine."""


def _words_of(files: dict[str, bytes], meta: list):
    for _, _, name in meta[2]:
        yield from unpack(files[f"index/{name}.pf_index"])[0]


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common + 1], b[:common + 1]


def merge_shards(shards: list[dict[str, bytes]]) -> dict[str, bytes]:
    """One index (files by path, as ``index_files`` gives them) from the files of several shards' indexes:
    each language's index is merged from the shards that have that language (a Russian source's page in
    the third shard only is in the merged index's ``ru`` all the same), and every language's WebAssembly
    is kept beside the first shard's scripts, so that the one folder can start a search in any of its
    languages.  Raises MergeRefused (see above)."""
    entries = [json.loads(files["pagefind-entry.json"]) for files in shards]
    entry = entries[0]
    if any(e["version"] != entry["version"] for e in entries):
        raise MergeRefused("shards of other versions")
    out: dict[str, bytes] = {rel: data for rel, data in shards[0].items()
                             if not rel.endswith((".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment"))}
    for files in shards:
        out.update({rel: data for rel, data in files.items()
                    if rel.endswith(".pf_fragment") or (rel.startswith("wasm.") and rel not in out)})
    languages = {}
    for lang in sorted({lang for e in entries for lang in e["languages"]}):
        having = [(files, e["languages"][lang]) for files, e in zip(shards, entries) if lang in e["languages"]]
        info = dict(having[0][1])
        out.update(_merge_language(lang, having, info))
        languages[lang] = info
    entry["languages"] = languages
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _merge_language(lang: str, shards: list[tuple[dict[str, bytes], dict]], info: dict) -> dict[str, bytes]:
    """The meta, word index and filter files of one language's index merged from the shards that have it
    (each: its files and its entry's record of the language); sets ``info``'s hash and page count."""
    import heapq

    metas = [unpack(files[f"pagefind.{lang_info['hash']}.pf_meta"]) for files, lang_info in shards]
    fields = sorted({f for meta in metas for f in (meta[5] if len(meta) > 5 else [])})
    renumber = []  # per shard: its metadata field numbers -> the merged index's
    for meta in metas:
        if meta[0] != metas[0][0] or (len(meta) > 4 and meta[4]) or len(meta) > 6:
            raise MergeRefused("shards of other versions, or with sorts")
        renumber.append({i: fields.index(f) for i, f in enumerate(meta[5] if len(meta) > 5 else [])})
    offsets, pages = [], []
    for meta in metas:
        offsets.append(len(pages))
        pages.extend(meta[1])

    same_fields = [all(i == j for i, j in m.items()) for m in renumber]

    def absolute(k: int, postings: list) -> tuple[list, int | None]:  # postings, the first page absolute; last page
        if not postings:  # a stem found only in spellings with diacritics (её: "е") has no postings of its own
            return [], None
        if not same_fields[k]:  # a metadata position list names its field as -(its number + 1)
            postings = [[d, b, [v if v >= 0 else -(renumber[k][-v - 1] + 1) for v in m]] for d, b, m in postings]
        first = offsets[k] + postings[0][0]
        return [[first, *postings[0][1:]], *postings[1:]], first + sum(p[0] for p in postings[1:])

    def words(k: int):  # a shard's words: (word, shard, postings, last page, variants: [(word, postings, last)])
        for word, postings, extra in _words_of(shards[k][0], metas[k]):
            # ``extra``: the word's spellings with diacritics (её, новой under the stem "е", "ново"), each
            # with postings like the word's own
            variants = []
            for row in extra:
                if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and row[1]):
                    raise MergeRefused(f"the word {word!r} has extra data of an unknown shape")
                variants.append((row[0], *absolute(k, row[1])))
            yield word, k, *absolute(k, postings), variants

    def join(into: list, part: list, last: int | None) -> None:  # a later shard's first page, relative
        if part and last is not None:
            part[0][0] -= last
        into.extend(part)

    out: dict[str, bytes] = {}
    chunks, chunk, size, word_now, postings, last = [], [], 0, None, [], None  # chunks: [first, last, bytes]

    def close(chunk):  # a chunk is packed at once: the merged index is never held decoded
        chunks.append([chunk[0][0], chunk[-1][0], pack([chunk], level=6)])

    variants: dict[str, list] = {}  # the current word's spellings: [postings, last page]
    for word, _, part, part_last, part_variants in heapq.merge(*(words(k) for k in range(len(shards))),
                                                               key=lambda w: (w[0], w[1])):
        if word != word_now:
            if word_now is not None:
                chunk.append([word_now, postings, [[v, ps] for v, (ps, _) in variants.items()]])
                size += sum(len(b) + len(m) + 1 for _, b, m in postings)
                if size >= CHUNK_POSITIONS:
                    close(chunk)
                    chunk, size = [], 0
            word_now, postings, last, variants = word, [], None, {}
        join(postings, part, last)  # the first posting of a later shard: its page minus the previous shard's last
        last = part_last if part_last is not None else last
        for spelling, vpart, vlast in part_variants:
            known = variants.setdefault(spelling, [[], None])
            join(known[0], vpart, known[1])
            known[1] = vlast if vlast is not None else known[1]
    if word_now is not None:
        chunk.append([word_now, postings, [[v, ps] for v, (ps, _) in variants.items()]])
    if chunk:
        close(chunk)
    for i in range(len(chunks) - 1):
        chunks[i][1], chunks[i + 1][0] = _prefixes(chunks[i][1], chunks[i + 1][0])
    taken: set[str] = set()
    index_meta = []
    for first, last, raw in chunks:
        name = _short_hash(lang, raw, 7, taken)
        taken.add(name)
        out[f"index/{name}.pf_index"] = raw
        index_meta.append([first, last, name])
    values: dict[str, dict[str, list[int]]] = {}
    for k, ((files, _), meta) in enumerate(zip(shards, metas)):
        for fname, fhash in meta[3]:
            name, rows = unpack(files[f"filter/{fhash}.pf_filter"])
            for value, members in rows:
                values.setdefault(name, {}).setdefault(value, []).extend(offsets[k] + p for p in members)
    filters, taken = [], set()
    for name in sorted(values):
        raw = pack([name, [[v, sorted(ps)] for v, ps in sorted(values[name].items())]])
        fhash = _short_hash(lang, raw, 7, taken)
        taken.add(fhash)
        out[f"filter/{fhash}.pf_filter"] = raw
        filters.append([name, fhash])
    meta = [metas[0][0], pages, index_meta, filters, [], fields]
    raw = pack(meta)
    meta_hash = _short_hash(lang, raw, 10, set())
    out[f"pagefind.{meta_hash}.pf_meta"] = raw
    info["hash"] = meta_hash
    info["page_count"] = len(pages)
    return out


def run_pagefind(site_dir: str | os.PathLike, out_dir: str | os.PathLike | None = None,
                 cache_dir: str | os.PathLike | None = None, shard_size: int = SHARD_SIZE,
                 merge: bool = True) -> dict:
    """Index the article pages of the built site ``site_dir`` into ``out_dir`` (default
    ``site_dir/pagefind``), one shard after another (the statement pages last, a shard of their own), merged into one index (``merge_shards``; with
    ``merge`` false, or when the merge is refused, the shards are written side by side for the browser
    to merge), replaced whole once the new index is complete (written beside it as ``<out_dir>.new``, then
    renamed).  Reads nothing but ``site_dir``'s article pages, so the index can be written into a staging
    copy of the site or beside it.  ``cache_dir``: the build cache's folder, where shards are kept under
    ``pagefind/`` (None: none kept).  Returns ``pages`` (pages indexed), ``shards``, ``reused`` (shards
    taken from the cache) and ``merged`` (whether the shards were merged into one index)."""
    site = Path(site_dir).resolve()
    out = Path(out_dir).resolve() if out_dir is not None else site / "pagefind"
    cache = Path(cache_dir) / "pagefind" if cache_dir is not None else None
    members: dict[int | str, list[str]] = {}
    for page in sorted((site / "articles").glob("a*/index.html")):
        if _ARTICLE_ID.fullmatch(page.parent.name):
            members.setdefault(shard_of(page.parent.name, shard_size), []).append(page.relative_to(site).as_posix())
    order: list[int | str] = sorted(members)
    statements = sorted(p.relative_to(site).as_posix() for p in (site / "statements").glob("s*/index.html")
                        if _STATEMENT_ID.fullmatch(p.parent.name))
    if statements:
        members[STATEMENTS_SHARD] = statements
        order.append(STATEMENTS_SHARD)
    kept, reused, pages, parts = set(), 0, 0, []
    for shard in order:
        files, key, hit = shard_files(site, shard, members[shard], cache, shard_size)
        kept.add(key)
        reused += hit
        pages += len(members[shard])
        parts.append(files)
    if not parts:  # no article: an empty index, so that search answers "no results"
        parts.append(index_files(site)[0])
    merged = False
    if len(parts) > 1 and merge:
        try:
            parts, merged = [merge_shards(parts)], True
        except MergeRefused:
            pass
    new = out.with_name(out.name + ".new")
    if new.exists():
        shutil.rmtree(new)
    try:
        _write_tree(new, parts[0])
        seen = _wasm_of(parts[0])
        for shard, files in zip(order[1:], parts[1:]):
            starts = _wasm_of(files) - seen
            seen |= starts
            _write_tree(new / shard_name(shard), {k: v for k, v in files.items() if _secondary(k, starts)})
        names = [shard_name(s) for s in order[1:len(parts)]]
        (new / SHARDS_FILE).write_text(json.dumps(names) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    del parts
    if out.exists():
        shutil.rmtree(out)
    new.rename(out)
    if cache is not None and cache.is_dir():  # keep this build's shards only: the cache does not grow
        for entry in cache.iterdir():
            if entry.name not in kept:
                shutil.rmtree(entry, ignore_errors=True)
    return {"pages": pages, "shards": max(1, len(order)), "reused": reused, "merged": merged}
