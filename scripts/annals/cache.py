"""The per-article cache: skip parsing and annotating an article whose inputs did not change.

An entry is keyed by a SHA-256 over everything ``build.process_article`` depends on: the raw
file's name and hash, the sidecar (data and line numbers, which problems cite), the archive
without its sources (publishers and every gazetteer), the build date (future dates are
rejected) and the code of the ``annals`` package itself (any code change empties the cache in
effect).  The value is the pickled (record, problems) pair.  Cross-article stages, rendering
and indexes are never cached: any article may change them.

Entries live in ``.cache/annals/articles.pickle`` (gitignored), written atomically; a missing,
unreadable or stale entry is simply recomputed.  Deleting the folder is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
from pathlib import Path

from annals.model import AnnotatedArticle, Archive, Problem, Sidecar, SourceFile

DEFAULT_DIR = Path(".cache") / "annals"
FORMAT = "2"


@functools.cache
def code_version() -> str:
    """Hash of the package's source files and schemas: a code change invalidates every entry."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(FORMAT.encode())
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json"), *root.rglob("*.yml")]):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def context_key(gazetteers: Archive, today: dt.date) -> str:
    """Hash of what every article's result depends on besides the article itself."""
    plain = dataclasses.replace(gazetteers, root="", sources=())
    return hashlib.sha256(f"{code_version()}\0{today.isoformat()}\0{plain!r}".encode()).hexdigest()


def article_key(source: SourceFile, sidecar: Sidecar, context: str) -> str:
    """Key of one article's entry."""
    return hashlib.sha256(f"{context}\0{source.name}\0{source.sha256}\0{source.encoding_note!r}\0"
                          f"{sidecar!r}".encode()).hexdigest()


class ArticleCache:
    """Entries in one file, ``<folder>/articles.pickle`` (None: a cache that never hits, stores nothing).

    One file rather than one per article: at 10,000 articles, creating 10,000 small files costs
    more than parsing them.  ``save()`` keeps only the entries this build used, so the file
    never grows beyond the archive.
    """

    FILE = "articles.pickle"

    def __init__(self, folder: str | os.PathLike | None = DEFAULT_DIR, defer_writes: bool = False):
        self.folder = Path(folder) if folder is not None else None
        self.defer_writes = defer_writes
        """``save()`` keeps the entries in memory only, and ``flush()`` writes them (``annals serve``: the
        file is rewritten once a rebuild is done, not before its first pages are written)."""
        self.hits = 0
        self.misses = 0
        self._old: dict | None = None
        self._used: dict = {}
        self._changed = False
        self._unwritten = False

    def _load(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.folder is not None:
                try:
                    with open(self.folder / self.FILE, "rb") as f:
                        loaded = pickle.load(f)
                    if isinstance(loaded, dict) and loaded.get("format") == FORMAT:
                        self._old = loaded["entries"]
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                        ValueError, KeyError):
                    self._old = {}  # unreadable or from older code: recompute everything
        return self._old

    def get(self, key: str) -> tuple[AnnotatedArticle, list[Problem]] | None:
        value = self._load().get(key) if self.folder is not None else None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = value
        return value

    def put(self, key: str, value: tuple[AnnotatedArticle, list[Problem]]) -> None:
        self._used[key] = value
        self._changed = True

    def save(self) -> None:
        """Write the entries used by this build (atomically) if anything changed (with ``defer_writes``,
        only at the next ``flush()``)."""
        if self.folder is None or not (self._changed or len(self._used) != len(self._load())):
            self.keep()
            return
        if self.defer_writes:
            self._unwritten = True
        else:
            self._write(self._used)
        self.keep()

    def flush(self) -> None:
        """Write the entries that ``save()`` kept in memory, if any (see ``defer_writes``)."""
        if self._unwritten and self._old is not None:
            self._write(self._old)
            self._unwritten = False

    def _write(self, entries: dict) -> None:
        path = self.folder / self.FILE
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump({"format": FORMAT, "entries": entries}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time on the next build

    def keep(self) -> None:
        """Start the next build from this one's entries, in memory (``annals serve`` reuses one cache)."""
        self._old, self._used, self._changed = self._used, {}, False


class CitationCache(ArticleCache):
    """Rendered citations (``csl.MEMO`` entries: key -> HTML) in ``<folder>/citations.pickle``.

    citeproc-py takes several milliseconds per entry, six entries per article; an unchanged
    article's citations are taken from here.  The keys hash the item, the style files and
    citeproc-py's version, so a stale entry is never hit."""

    FILE = "citations.pickle"
