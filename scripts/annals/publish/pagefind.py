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

Only article pages are handed to Pagefind (``search.PAGES``): the others carry no
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
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import cbor2

from annals.render.search import LANGUAGE, PAGES, UNUSED_FILES


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


def pack(value: object) -> bytes:
    """``unpack``'s inverse: CBOR with the shortest heads (cbor2's default, as Pagefind's minicbor
    writes them), gzip without a time stamp."""
    return gzip.compress(PAGEFIND_MAGIC + cbor2.dumps(value), compresslevel=9, mtime=0)


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


def index_files(site_dir: Path) -> tuple[dict[str, bytes], int]:
    """Index the article pages of ``site_dir`` (``PAGES``); returns (files of ``pagefind/`` by relative
    path, made stable, without ``UNUSED_FILES``; number of pages indexed).  Writes nothing under ``site_dir``.

    The files are fetched (``GetFiles``) rather than written by Pagefind (``WriteFiles``): Pagefind
    1.5 answers ``WriteFiles`` while its last writes may still be in flight (tokio writes a file in
    a background thread and the file is never flushed), and a build that read the index right after
    found ``pagefind-entry.json`` empty."""
    service = PagefindService(site_dir)
    try:
        index = service.call({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
        pages = service.call({"type": "AddDir", "index_id": index, "path": str(site_dir), "glob": PAGES})["page_count"]
        files = service.call({"type": "GetFiles", "index_id": index})["files"]
    finally:
        service.close()
    out = {}
    for f in files:
        rel = f["path"].removeprefix("pagefind/")
        if not rel.startswith(UNUSED_FILES):
            out[rel] = base64.b64decode(f["content"])
    if not out.get("pagefind-entry.json"):
        raise PagefindError("Pagefind returned no index entry (pagefind-entry.json)")
    for rel, data in stable_pagefind(out).items():
        if data is None:
            out.pop(rel, None)
        else:
            out[rel] = data
    return out, pages


def run_pagefind(site_dir: str | os.PathLike, out_dir: str | os.PathLike | None = None) -> dict:
    """Index the article pages of the built site ``site_dir`` into ``out_dir`` (default
    ``site_dir/pagefind``), replaced whole once the new index is complete (written beside it as
    ``<out_dir>.new``, then renamed).  Reads nothing but ``site_dir``'s article pages (``PAGES``), so the
    index can be written into a staging copy of the site or beside it.  Returns ``pages`` (pages indexed)."""
    site = Path(site_dir).resolve()
    files, pages = index_files(site)
    out = Path(out_dir).resolve() if out_dir is not None else site / "pagefind"
    new = out.with_name(out.name + ".new")
    if new.exists():
        shutil.rmtree(new)
    try:
        for rel in sorted(files):
            target = (new / rel).resolve()
            if not target.is_relative_to(new):
                raise PagefindError(f"Pagefind returned a path outside pagefind/: {rel!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    new.rename(out)
    return {"pages": pages}
