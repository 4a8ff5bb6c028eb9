"""Stage 1, the loader: read ``archive/`` into validated records.  All input I/O is here.

``load_archive(root)`` reads every raw article, its sidecar and the gazetteers, checks
all of them, and returns the records together with every problem found, so that the
build can report everything at once instead of stopping at the first error.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from annals.model import Archive, Problem, Sidecar, SourceFile
from annals.ingest.ledger import LEDGER_FILE, MAX_BYTES as MAX_LEDGER_BYTES, parse_ledger
from annals.ingest.yamlio import Loaded, YamlError, load_yaml, validate

MAX_SOURCE_BYTES = 2_000_000
"""Largest raw article accepted (news articles are a few KB; a larger file is an error)."""

MAX_YAML_BYTES = 5_000_000
"""Largest YAML file accepted."""

ARTICLE_SUFFIX = ".txt"
SIDECAR_SUFFIX = ".yml"


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def decode_source(raw: bytes, rel: str) -> tuple[str | None, str | None, list[Problem]]:
    """Decode raw bytes as UTF-8 with an explicit, recorded rule for a BOM; never replace bytes."""
    note = None
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        note = "a UTF-8 byte-order mark was removed before parsing"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = "it looks like UTF-16; convert it with `iconv -f utf-16 -t utf-8`"
        else:
            hint = "if it is Windows-1252 or Latin-1, convert it with `iconv -f cp1252 -t utf-8`"
        return None, note, [
            Problem(rel, line, f"not valid UTF-8 (byte {bad} at column {col}); save the file as UTF-8 ({hint})")
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(rel, line, "contains a NUL byte; a text article cannot contain NUL (is it a binary file?)"))
    if not text.strip():
        problems.append(Problem(rel, None, "is empty (or only whitespace); expected the text of an article"))
    if "\r" in text:
        kind = "CRLF" if "\r\n" in text else "CR"
        note = "; ".join(n for n in (note, f"{kind} line ends read as line breaks") if n)
    return (None if problems else text), note, problems


def outside_archive(root: Path, path: Path) -> Problem | None:
    """A problem if ``path`` is a symlink (or inside a symlinked folder) that leads out of the archive.

    The message names where it leads but never quotes the file: nothing outside the archive is read."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        return Problem(_rel(root, path), None, "is a symlink that loops; replace it with the file itself")
    if target.is_relative_to(root.resolve()):
        return None
    what = "folder" if path.is_dir() else "file"
    return Problem(_rel(root, path), None, f"is a symlink to {target}, outside the archive; "
                                           f"copy the {what} into the archive instead")


def read_yaml_file(root: Path, path: Path, schema_name: str) -> tuple[Loaded | None, list[Problem]]:
    """Read, parse and validate one YAML file; problems name the file and line.  A file that leads out
    of the archive through a symlink is refused unread."""
    rel = _rel(root, path)
    if (problem := outside_archive(root, path)) is not None:
        return None, [problem]
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        return None, [Problem(rel, None, f"is {size} bytes; YAML files may be at most {MAX_YAML_BYTES} bytes")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, "not valid UTF-8; save the YAML file as UTF-8")]
    try:
        loaded = load_yaml(text, rel)
    except YamlError as err:
        return None, [err.problem]
    problems = validate(loaded, schema_name, rel)
    return (None if problems else loaded), problems


def _printable(text: str) -> str:
    """A file name fit for a one-line message: undecodable bytes as ``\\xe9``, controls as ``\\n``."""
    raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in raw)


def _bad_name(name: str) -> str | None:
    """Why a file name cannot be used, or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8"
    control = next((ch for ch in name if unicodedata.category(ch) == "Cc"), None)
    if control is not None:
        return f"the file name contains the control character U+{ord(control):04X}"
    return None


def _safe_entries(root: Path, folder: Path, problems: list[Problem]) -> list[Path]:
    """Files of ``folder`` in sorted order; symlinks that leave the archive are refused."""
    entries = []
    real_root = root.resolve()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        rel = _rel(root, path)
        if bad := _bad_name(path.name):
            problems.append(Problem(_printable(rel), None, f"{bad}; rename it (any UTF-8 text without control characters)"))
            continue
        if path.name.startswith("."):
            if path.suffix in (ARTICLE_SUFFIX, SIDECAR_SUFFIX):  # would vanish without a word: say so
                problems.append(Problem(rel, None, "is a hidden file (its name starts with '.'); "
                                                   "rename it without the leading dot, or move it out of articles/"))
            continue
        if path.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop
                problems.append(Problem(rel, None, "is a symlink that loops; replace it with the file itself"))
                continue
            if not target.is_relative_to(real_root):
                problems.append(Problem(rel, None, f"is a symlink to {target}, outside the archive; "
                                                   "copy the file into the archive instead"))
                continue
        if path.is_dir():
            problems.append(Problem(rel, None, "is a folder; articles/ holds only <name>.txt files and their <name>.yml sidecars"))
            continue
        if not path.is_file():
            what = "a broken symlink" if path.is_symlink() else "not a regular file"
            problems.append(Problem(rel, None, f"is {what}; articles/ holds only plain text files"))
            continue
        entries.append(path)
    return entries


def load_articles(root: Path) -> tuple[list[tuple[SourceFile, Sidecar]], list[Problem]]:
    """Read every ``articles/*.txt`` with its sidecar; report everything wrong."""
    problems: list[Problem] = []
    folder = root / "articles"
    if (problem := outside_archive(root, folder)) is not None:
        return [], [problem]
    if not folder.is_dir():
        return [], [Problem(_rel(root, folder), None, "no articles/ folder; expected archive/articles/<name>.txt files")]
    entries = _safe_entries(root, folder, problems)
    names = {p.name for p in entries}
    present = {p.name for p in folder.iterdir()}  # refused files too: their partners are not orphans
    pairs = []
    for path in entries:
        rel = _rel(root, path)
        if path.suffix == SIDECAR_SUFFIX:
            if path.with_suffix(ARTICLE_SUFFIX).name not in present:
                problems.append(Problem(rel, None, f"sidecar without an article: expected {path.stem}{ARTICLE_SUFFIX} beside it"))
            continue
        if path.suffix != ARTICLE_SUFFIX:
            problems.append(Problem(rel, None, f"unexpected file; articles/ holds only *{ARTICLE_SUFFIX} articles and *{SIDECAR_SUFFIX} sidecars"))
            continue
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            problems.append(Problem(rel, None, f"is {size:,} bytes; an article may be at most {MAX_SOURCE_BYTES:,} bytes "
                                               "(is this really one article?)"))
            continue
        raw = path.read_bytes()
        text, note, decode_problems = decode_source(raw, rel)
        problems.extend(decode_problems)
        side_path = path.with_suffix(SIDECAR_SUFFIX)
        if side_path.name in present and side_path.name not in names:
            continue  # the sidecar itself was refused (and reported)
        if side_path.name not in names:
            problems.append(Problem(rel, None, f"has no sidecar {side_path.name}; add articles with `annals add` so that each gets a permanent ID"))
            continue
        loaded, side_problems = read_yaml_file(root, side_path, "sidecar")
        problems.extend(side_problems)
        if text is None or loaded is None:
            continue
        source = SourceFile(name=path.name, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), text=text, encoding_note=note)
        sidecar = Sidecar(name=side_path.name, data=loaded.data or {}, lines=loaded.lines)
        pairs.append((source, sidecar))
    problems.extend(_duplicate_ids(root, pairs))
    return pairs, problems


def _duplicate_ids(root: Path, pairs: list[tuple[SourceFile, Sidecar]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for _, side in pairs:
        ident = side.data["id"]
        if ident in seen:
            problems.append(Problem(f"articles/{side.name}", side.lines.get("/id"),
                                    f"id {ident!r} is already used by articles/{seen[ident]}; every article needs its own ID "
                                    "(`annals add` issues one)"))
        else:
            seen[ident] = side.name
    return problems


def _optional_yaml(root: Path, name: str, schema_name: str, problems: list[Problem], empty):
    """The validated data of the archive's optional file ``name`` (``empty`` when it is missing, empty or
    invalid); its problems are added to ``problems``."""
    path = root / name
    if not path.exists():
        return empty
    loaded, found = read_yaml_file(root, path, schema_name)
    problems.extend(found)
    return (loaded.data or empty) if loaded is not None else empty


def load_archive(root: str | os.PathLike) -> tuple[Archive, list[Problem]]:
    """Read and validate the whole archive folder.  Returns the records and all problems found."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return Archive(str(root), (), {}, (), ()), [Problem(str(root), None, "archive folder not found")]
    pairs, article_problems = load_articles(root)
    problems.extend(article_problems)
    publishers = {entry["domain"]: entry["name"]
                  for entry in _optional_yaml(root, "publishers.yml", "publishers", problems, [])}
    officials, elections = load_gazetteers(root, problems)
    lexicon = _optional_yaml(root, "lexicon.yml", "lexicon", problems, {})
    grouping = _optional_yaml(root, "grouping.yml", "grouping", problems, {})
    statement_ids, found = read_ledger(root)
    problems.extend(found)
    lexicons = load_language_lexicons(root, problems)
    archive = Archive(root=str(root), sources=tuple(pairs), publishers=publishers, officials=officials,
                      elections=elections, lexicon=lexicon, lexicons=lexicons, grouping=grouping,
                      statement_ids=statement_ids)
    return archive, problems


def read_ledger(root: Path) -> tuple[tuple, list[Problem]]:
    """Read ``<root>/statements.txt`` (none yet: no IDs issued).  Refused unread if it leads out of the
    archive or is too large; a line that is not an entry is a problem naming it."""
    path = root / LEDGER_FILE
    if not path.exists():
        return (), []
    if (problem := outside_archive(root, path)) is not None:
        return (), [problem]
    if not path.is_file():
        return (), [Problem(LEDGER_FILE, None, "is not a file; it should be the plain text list of statement IDs")]
    size = path.stat().st_size
    if size > MAX_LEDGER_BYTES:
        return (), [Problem(LEDGER_FILE, None, f"is {size} bytes; the statement ledger may be at most {MAX_LEDGER_BYTES} bytes")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (), [Problem(LEDGER_FILE, raw[: exc.start].count(b"\n") + 1, "not valid UTF-8; restore it from git")]
    return parse_ledger(text)


LANGUAGE_LEXICONS = {"ru": "lexicon.ru.yml"}
"""The word lists of each language that has quotation rules besides English (schema ``lexicon-<tag>``)."""


def load_language_lexicons(root: Path, problems: list[Problem]) -> dict:
    """``lexicon.<tag>.yml`` of each language with quotation rules (optional files), by language tag."""
    out: dict = {}
    for tag, name in sorted(LANGUAGE_LEXICONS.items()):
        path = root / name
        if path.exists():
            loaded, found = read_yaml_file(root, path, f"lexicon-{tag}")
            problems.extend(found)
            if loaded is not None:
                out[tag] = loaded.data or {}
    return out


GAZETTEER_FILES = ("publishers.yml", "officials.yml", "elections.yml", "lexicon.yml", *LANGUAGE_LEXICONS.values())
"""The files every article is read against (outlets, people, elections, the quotation finder's words)."""


def broken_gazetteer(problems: list[Problem]) -> bool:
    """Did a gazetteer fail to load?  Then no article should be judged yet: against an empty list of
    people every quotation's speaker is "not in officials.yml", and every tag an unknown ID (a cascade
    of misleading messages after the one that matters)."""
    return any(p.severity == "error" and p.path in GAZETTEER_FILES for p in problems)


def load_gazetteers(root: Path, problems: list[Problem]) -> tuple[tuple, tuple]:
    """``officials.yml`` and ``elections.yml`` (both optional) as records; problems appended."""
    from annals.ingest.gazetteer import elections_from_yaml, officials_from_yaml

    officials: tuple = ()
    elections: tuple = ()
    people_ok = True
    path = root / "officials.yml"
    if path.exists():
        loaded, found = read_yaml_file(root, path, "officials")
        problems.extend(found)
        people_ok = loaded is not None
        if loaded is not None:
            officials, found = officials_from_yaml(loaded, _rel(root, path))
            problems.extend(found)
    path = root / "elections.yml"
    if path.exists():
        loaded, found = read_yaml_file(root, path, "elections")
        problems.extend(found)
        if loaded is not None:
            elections, found = elections_from_yaml(loaded, {o.id for o in officials} if people_ok else None,
                                                  _rel(root, path))
            problems.extend(found)
    return officials, elections
