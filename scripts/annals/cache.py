"""The per-article cache: skip parsing and annotating an article whose inputs did not change.

An entry is keyed by a SHA-256 over everything ``build.process_article`` depends on: the raw
file's name and hash, the sidecar (data and line numbers, which problems cite), the archive
without its sources (publishers and every gazetteer), the build date (future dates are
rejected) and the code of the ``annals`` package itself (any code change empties the cache in
effect).  The value is the pickled (record, problems) pair.  Cross-article stages, rendering
and indexes are never cached: any article may change them.

Entries live in ``.cache/annals/`` (gitignored), one file each, written atomically; a missing,
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

from .model import AnnotatedArticle, Archive, Problem, Sidecar, SourceFile

DEFAULT_DIR = Path(".cache") / "annals"
FORMAT = "1"


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
    """Entries on disk under ``folder`` (None: a cache that never hits and stores nothing)."""

    def __init__(self, folder: str | os.PathLike | None = DEFAULT_DIR):
        self.folder = Path(folder) if folder is not None else None
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> tuple[AnnotatedArticle, list[Problem]] | None:
        if self.folder is None:
            self.misses += 1
            return None
        try:
            with open(self._path(key), "rb") as f:
                value = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: tuple[AnnotatedArticle, list[Problem]]) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
