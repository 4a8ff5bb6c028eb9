"""Permanent article IDs and ``annals add``.

IDs look like ``a000042``.  Every ID ever issued is appended to ``archive/issued-ids.txt``
and is never issued again, even if its article is later removed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from annals.model import Problem
from annals.ingest.sources import MAX_SOURCE_BYTES, _bad_name, _printable, decode_source, outside_archive

LEDGER = "issued-ids.txt"
ID_RE = re.compile(r"^a(\d{6})$")
SIDECAR_ID_RE = re.compile(r"^id:\s*['\"]?(a\d{6})", re.MULTILINE)
SIDECAR_HEADER = "# yaml-language-server: $schema=../../scripts/annals/schemas/sidecar.schema.json\n"


def issued(root: Path) -> list[str]:
    """IDs in the ledger, in issue order (``ledger_problems`` first: this assumes a readable ledger)."""
    path = root / LEDGER
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ledger_problems(root: Path) -> list[Problem]:
    """Why the ledger of issued IDs cannot be trusted, if it cannot: no ID may be issued from a ledger
    that is not a plain UTF-8 file inside the archive listing IDs (an ID could be issued twice)."""
    path = root / LEDGER
    if not path.exists() and not path.is_symlink():
        return []
    if (outside := outside_archive(root, path)) is not None:
        return [outside]
    if not path.is_file():
        return [Problem(LEDGER, None, "is not a file; expected the list of issued IDs, one per line (restore it from git)")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(LEDGER, raw[: exc.start].count(b"\n") + 1,
                        "not valid UTF-8; expected issued IDs, one per line (restore it from git)")]
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not ID_RE.match(line.strip()):
            return [Problem(LEDGER, n, f"{_printable(line.strip()[:40])!r} is not an article ID; expected one ID "
                                       "(a and six digits) per line (restore the file from git)")]
    return []


def next_id(taken: list[str]) -> str:
    numbers = [int(m.group(1)) for t in taken if (m := ID_RE.match(t))]
    return f"a{max(numbers, default=0) + 1:06d}"


def add(root: str | Path, files: list[str | Path]) -> tuple[list[str], list[Problem]]:
    """Copy raw files into ``root/articles/`` byte for byte and give each a sidecar with a new ID.

    Nothing is copied, and no ID issued, if any file is refused: missing, a folder, a name already
    taken (by an article or by a sidecar left without its article), a hidden name, or content that
    cannot be an article (empty, not UTF-8, binary).  Nothing in the archive is ever overwritten.
    A file whose bytes are already in the archive (or given twice) is added, with a warning
    (a ``review`` problem in the result).
    """
    root = Path(root)
    articles = root / "articles"
    if (articles.exists() or articles.is_symlink()) and (outside := outside_archive(root, articles)) is not None:
        return [], [outside]  # nothing is written, read or compared through it
    problems: list[Problem] = []
    contents: dict[Path, bytes] = {}
    for f in map(Path, files):
        where = _printable(str(f))
        if not f.is_file():
            problems.append(Problem(where, None, "not a file; expected a raw article (.txt)"))
        elif bad := _bad_name(f.name):
            problems.append(Problem(where, None, f"{bad}; rename it (any UTF-8 text without control characters)"))
        elif f.name.startswith("."):
            problems.append(Problem(where, None, "is a hidden file (its name starts with '.'); rename it without the leading dot"))
        elif f.suffix != ".txt":
            problems.append(Problem(where, None, "expected a .txt file"))
        elif (articles / f.name).exists() or (articles / f.name).is_symlink():
            problems.append(Problem(where, None, f"articles/{f.name} already exists; rename the file to add it as a new article"))
        elif (articles / f"{f.stem}.yml").exists() or (articles / f"{f.stem}.yml").is_symlink():
            problems.append(Problem(f"articles/{f.stem}.yml", None,
                                    "sidecar exists without its source: restore the .txt or remove the sidecar"))
        elif f.stat().st_size > MAX_SOURCE_BYTES:
            problems.append(Problem(where, None, f"is {f.stat().st_size:,} bytes; an article may be at most "
                                                 f"{MAX_SOURCE_BYTES:,} bytes (is this really one article?)"))
        else:
            raw = f.read_bytes()
            _, _, unfit = decode_source(raw, where)
            problems.extend(unfit)
            contents[f] = raw
    names = [Path(f).name for f in files]
    dupes = sorted({n for n in names if names.count(n) > 1})
    problems.extend(Problem(n, None, "given twice") for n in dupes)
    problems.extend(ledger_problems(root))
    if problems:
        return [], problems
    warnings = _same_bytes(articles, [(Path(f), contents[Path(f)]) for f in files])
    articles.mkdir(parents=True, exist_ok=True)
    taken = issued(root) + [m.group(1) for p in sorted(articles.glob("*.yml"))
                            if (m := SIDECAR_ID_RE.search(p.read_text(encoding="utf-8", errors="replace")))]
    new_ids = []
    for f in map(Path, files):
        new = next_id(taken + new_ids)
        with open(articles / f.name, "xb") as out:  # "x": fails rather than replace a file that appeared meanwhile
            out.write(contents[f])
        try:
            with open(articles / f"{f.stem}.yml", "x", encoding="utf-8") as out:
                out.write(f"{SIDECAR_HEADER}id: {new}\n")
        except OSError:
            (articles / f.name).unlink()  # ours (created above): no article is left without its sidecar
            raise
        with (root / LEDGER).open("a", encoding="utf-8") as ledger:
            ledger.write(new + "\n")
        new_ids.append(new)
    return new_ids, warnings


def _same_bytes(articles: Path, incoming: list[tuple[Path, bytes]]) -> list[Problem]:
    """Warnings for incoming files whose bytes are those of an archived article or of another incoming file."""
    known: dict[str, str] = {}
    if articles.is_dir():
        for path in sorted(articles.glob("*.txt")):
            if path.is_file() and not path.is_symlink():
                side = path.with_suffix(".yml")
                m = SIDECAR_ID_RE.search(side.read_text(encoding="utf-8", errors="replace")) if side.is_file() else None
                label = f"articles/{path.name}" + (f" ({m.group(1)})" if m else "")
                known.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), label)
    warnings = []
    for f, raw in incoming:
        digest = hashlib.sha256(raw).hexdigest()
        if digest in known:
            warnings.append(Problem(_printable(str(f)), None,
                                    f"has the same bytes as {known[digest]}; added as a new article all the same "
                                    f"(if it is the same article, remove articles/{f.name} and articles/{f.stem}.yml)",
                                    severity="review"))
        else:
            known[digest] = _printable(str(f))
    return warnings
