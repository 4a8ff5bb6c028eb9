"""The build cache: results kept between builds, stored as data, never as code.

A *store* is one file under the cache folder (``.cache/annals/``, gitignored) mapping keys
(hex SHA-256 strings) to values of one declared type.  The file is JSON, never ``pickle``:
reading a cache can only ever produce the records of :mod:`annals.model` (or plain text),
so a cache file someone else wrote cannot run code.

File format (``FORMAT``)::

    annals-cache <FORMAT> <kind> <sha256 of the body> <length of the body>\\n
    <body: one JSON object, key -> encoded value>

Values are encoded by their declared type (``Store.VALUE``): a dataclass of the model is the
list of its field values in declaration order, a tuple a list, a date its ISO text; untyped
``dict`` fields (a sidecar's plain YAML data) use tagged JSON (``{"map": ...}``, ``{"date": ...}``,
``{"tuple": ...}``), so that every value comes back exactly as it went in.  Decoding checks the
shape against the declared type as it goes.

A missing file, a file of another format version or kind, a wrong checksum or length (a torn
write, an edit), JSON that does not parse, or an entry of the wrong shape is *ignored*: the entry
(or the whole file) counts as a miss, is recomputed, and the next ``save()`` rewrites the file.
Writes go to a temporary file renamed into place.  Deleting the folder is always safe.

The stores:

- ``ArticleCache`` (``articles.json``): the per-article stage's (record, problems) pair, keyed by a
  hash over everything ``pipeline.process_article`` depends on: the raw file's name and hash, the
  sidecar (data and line numbers, which problems cite), the archive without its sources
  (publishers and every gazetteer), the build date (future dates are rejected) and the code of
  the ``annals`` package itself (any code change empties the cache in effect).  Cross-article
  stages, rendering and indexes are never cached here: any article may change them.
- ``CitationCache`` (``citations.json``): rendered citations (``csl.Citations``: key -> HTML).

A new store is a subclass naming its ``FILE`` and its ``VALUE`` type (any combination of str,
int, float, bool, None, dates, tuples, lists, dicts and the model's dataclasses).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import types
import typing
from pathlib import Path

from annals import model
from annals.model import AnnotatedArticle, Archive, Problem, Sidecar, SourceFile

DEFAULT_DIR = Path(".cache") / "annals"
FORMAT = "3"
"""Version of the file format and of the value encoding; a file of another version is ignored."""
MAGIC = b"annals-cache"


@functools.cache
def code_version() -> str:
    """Hash of the package's source files and schemas: a code change invalidates every entry."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(FORMAT.encode())
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json"), *root.rglob("*.yml")]):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def context_key(gazetteers: Archive, today: dt.date | None = None) -> str:
    """Hash of what every article's result depends on besides the article itself: the code and the
    gazetteers, and ``today`` (the build date) for a result that depends on it.  Parsing compares an
    article's dates with the build date only to refuse dates in the future, so a result none of whose
    dates was after it is the same on any later day: it is kept under the key without a date
    (``Article.dates_checked``; :func:`annals.pipeline.per_article_stage`)."""
    plain = dataclasses.replace(gazetteers, root="", sources=())
    day = today.isoformat() if today is not None else "any day"
    return hashlib.sha256(f"{code_version()}\0{day}\0{plain!r}".encode()).hexdigest()


def article_key(source: SourceFile, sidecar: Sidecar, context: str) -> str:
    """Key of one article's entry."""
    return hashlib.sha256(f"{context}\0{source.name}\0{source.sha256}\0{source.encoding_note!r}\0"
                          f"{sidecar!r}".encode()).hexdigest()


# ---- the codec: typed values <-> JSON-able data -------------------------------------------------

class CodecError(ValueError):
    """A value that cannot be encoded, or stored data that does not have the declared shape."""


def _fail(expected: str, value: object) -> typing.NoReturn:
    raise CodecError(f"expected {expected}, found {type(value).__name__}")


def encode_plain(value: object) -> object:
    """Untyped data (a sidecar's YAML values) as tagged JSON: scalars and lists as they are, anything
    else as a one-key object naming its type, so that decoding gives back the same types."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else _fail("a finite number", value)
    if isinstance(value, list):
        return [encode_plain(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [encode_plain(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise CodecError("mapping keys must be strings")
        return {"map": {k: encode_plain(v) for k, v in value.items()}}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    raise CodecError(f"cannot store a {type(value).__name__}")


def decode_plain(data: object) -> object:
    if data is None or isinstance(data, (str, bool, int, float)):
        return data
    if isinstance(data, list):
        return [decode_plain(v) for v in data]
    if isinstance(data, dict) and len(data) == 1:
        (tag, inner), = data.items()
        if tag == "map" and isinstance(inner, dict):
            return {k: decode_plain(v) for k, v in inner.items()}
        if tag == "tuple" and isinstance(inner, list):
            return tuple(decode_plain(v) for v in inner)
        if tag == "date" and isinstance(inner, str):
            return dt.date.fromisoformat(inner)
        if tag == "datetime" and isinstance(inner, str):
            return dt.datetime.fromisoformat(inner)
    _fail("plain data", data)


@functools.cache
def _codec(tp) -> tuple:
    """(encode, decode) for the declared type ``tp``."""
    if tp is typing.Any or tp is object or tp is dict:
        return encode_plain, decode_plain
    if tp is type(None) or tp is None:
        def dec_none(v):
            return None if v is None else _fail("null", v)
        return (lambda v: None), dec_none
    if tp in (str, bool):
        def dec_scalar(v, tp=tp):
            return v if type(v) is tp else _fail(tp.__name__, v)
        return (lambda v: v), dec_scalar
    if tp is int:
        def dec_int(v):
            return v if type(v) is int else _fail("int", v)
        return (lambda v: v), dec_int
    if tp is float:
        def dec_float(v):
            return float(v) if type(v) in (int, float) else _fail("float", v)
        return encode_plain, dec_float
    if tp is dt.date:
        def dec_date(v):
            return dt.date.fromisoformat(v) if isinstance(v, str) else _fail("date", v)
        return (lambda v: v.isoformat()), dec_date
    if dataclasses.is_dataclass(tp):
        return _dataclass_codec(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        def dec_literal(v, allowed=args):
            return v if v in allowed and type(v) in (str, int, bool) else _fail(f"one of {allowed}", v)
        return (lambda v: v), dec_literal
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise TypeError(f"only X | None unions can be stored, not {tp}")
        enc, dec = _codec(rest[0])
        return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))
    if origin in (tuple, list):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            codecs = [_codec(a) for a in args]  # a fixed-length tuple: (str, int)

            def enc_fixed(v):
                return [e(x) for (e, _), x in zip(codecs, v, strict=True)]

            def dec_fixed(v):
                if not isinstance(v, list) or len(v) != len(codecs):
                    _fail(f"a list of {len(codecs)}", v)
                return tuple(d(x) for (_, d), x in zip(codecs, v))
            return enc_fixed, dec_fixed
        enc, dec = _codec(args[0]) if args else (encode_plain, decode_plain)
        make = tuple if origin is tuple else list

        def dec_seq(v):
            return make(dec(x) for x in v) if isinstance(v, list) else _fail("a list", v)
        return (lambda v: [enc(x) for x in v]), dec_seq
    raise TypeError(f"no cache codec for {tp!r}")


def _dataclass_codec(cls) -> tuple:
    hints = typing.get_type_hints(cls, vars(model) | {"dt": dt})
    fields = [f.name for f in dataclasses.fields(cls)]
    codecs = [_codec(hints[name]) for name in fields]

    def enc(v):
        if type(v) is not cls:
            _fail(cls.__name__, v)
        return [e(getattr(v, name)) for name, (e, _) in zip(fields, codecs)]

    def dec(v):
        if not isinstance(v, list) or len(v) != len(codecs):
            _fail(f"{cls.__name__} ({len(codecs)} fields)", v)
        return cls(*[d(x) for (_, d), x in zip(codecs, v)])
    return enc, dec


def encode(value: object, tp) -> object:
    """``value`` of declared type ``tp`` as JSON-able data (CodecError if it cannot be stored)."""
    return _codec(tp)[0](value)


def decode(data: object, tp) -> object:
    """The value of type ``tp`` that ``encode`` turned into ``data`` (CodecError if the shape is wrong)."""
    try:
        return _codec(tp)[1](data)
    except CodecError:
        raise
    except (TypeError, ValueError, AttributeError) as exc:  # a bad date, a dataclass refusing its fields
        raise CodecError(str(exc)) from None


# ---- the file ------------------------------------------------------------------------------------

def write_store(path: Path, kind: str, entries: dict[str, object]) -> None:
    """Write ``entries`` (key -> encoded value) as a store file, atomically."""
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False).encode("utf-8")
    header = b" ".join([MAGIC, FORMAT.encode(), kind.encode(), hashlib.sha256(body).hexdigest().encode(),
                        str(len(body)).encode()])
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(header + b"\n" + body)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_store(path: Path, kind: str) -> dict[str, object] | None:
    """The entries of a store file (key -> encoded value), or None if it is missing, of another
    format or kind, damaged (checksum, length) or not a JSON object of strings."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header, sep, body = raw.partition(b"\n")
    parts = header.split(b" ")
    if not sep or len(parts) != 5 or parts[:3] != [MAGIC, FORMAT.encode(), kind.encode()]:
        return None
    if parts[4] != str(len(body)).encode() or parts[3] != hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        entries = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(entries, dict):
        return None
    return entries


class ArticleCache:
    """One store file, ``<folder>/<FILE>`` (folder None: a cache that never hits, stores nothing).

    One file rather than one per entry: at 10,000 articles, creating 10,000 small files costs
    more than parsing them.  ``save()`` keeps only the entries this build used, so the file
    never grows beyond the archive.  Entries are decoded only when asked for.
    """

    FILE = "articles.json"
    KIND = "articles"
    VALUE = tuple[AnnotatedArticle, list[Problem]]
    """The declared type of every value in this store."""

    def __init__(self, folder: str | os.PathLike | None = DEFAULT_DIR, defer_writes: bool = False):
        self.folder = Path(folder) if folder is not None else None
        self.defer_writes = defer_writes
        """``save()`` keeps the entries in memory only, and ``flush()`` writes them (``annals serve``: the
        file is rewritten once a rebuild is done, not before its first pages are written)."""
        self.hits = 0
        self.misses = 0
        self.ignored = 0
        """Entries (or, as 1, a whole file) found damaged or foreign and recomputed."""
        self._old: dict | None = None  # key -> encoded value
        self._used: dict = {}           # key -> encoded value
        self._values: dict = {}         # key -> value, for keys of _old already decoded (or put)
        self._new_values: dict = {}     # key -> value, for keys of _used
        self._changed = False
        self._unwritten = False

    def _load(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.folder is not None:
                entries = read_store(self.folder / self.FILE, self.KIND)
                if entries is None and (self.folder / self.FILE).exists():
                    self.ignored += 1
                    self._changed = True  # rewrite it even if every entry is recomputed unchanged
                self._old = entries or {}
        return self._old

    def get(self, key: str):
        """The value stored under ``key``, or None (a miss: absent, or stored in a wrong shape)."""
        return self.get_first(((key, None),))

    def get_first(self, candidates: typing.Iterable[tuple[str, typing.Callable[[object], bool] | None]]):
        """The value stored under the first key of ``candidates`` that holds one its test accepts (None: any),
        or None; one lookup: one hit or one miss, whatever the number of keys tried."""
        for key, valid in candidates:
            data = self._load().get(key) if self.folder is not None else None
            value = self._values.get(key) if data is not None else None
            if value is None and data is not None:
                try:
                    value = decode(data, self.VALUE)
                except CodecError:
                    self.ignored += 1
                    self._changed = True
            if value is None or valid is not None and not valid(value):
                continue
            self.hits += 1
            self._used[key] = data
            self._new_values[key] = value
            return value
        self.misses += 1
        return None

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        try:
            self._used[key] = encode(value, self.VALUE)
            self._new_values[key] = value
        except CodecError:
            self._used.pop(key, None)  # a value the format cannot hold is recomputed next time
            self._new_values.pop(key, None)
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
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_store(self.folder / self.FILE, self.KIND, entries)
        except OSError:
            pass  # a cache that cannot be written only costs time on the next build

    def release(self) -> None:
        """Drop the entries held in memory, encoded and decoded (a build that has taken what it needs: at
        10,000 articles they are several hundred MB, which MkDocs and Pagefind would otherwise run on top of).
        A later ``get`` reads the file again.  Not with unwritten entries (``defer_writes``)."""
        if self._unwritten:
            return
        self._old, self._used, self._values, self._new_values = None, {}, {}, {}

    def keep(self) -> None:
        """Start the next build from this one's entries, in memory (``annals serve`` reuses one cache:
        their decoded values are kept too, so a rebuild decodes nothing)."""
        self._old, self._used, self._changed = self._used, {}, False
        self._values, self._new_values = self._new_values, {}


class CitationCache(ArticleCache):
    """Rendered citations (``csl.Citations.rendered``: key -> HTML) in ``<folder>/citations.json``.

    citeproc-py takes several milliseconds per entry, six entries per article; an unchanged
    article's citations are taken from here.  The keys hash the item, the style files and
    citeproc-py's version, so a stale entry is never hit."""

    FILE = "citations.json"
    KIND = "citations"
    VALUE = str
