"""Permanent article IDs and ``annals add``.

IDs look like ``a000042``.  Every ID ever issued is appended to ``archive/issued-ids.txt``
and is never issued again, even if its article is later removed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from annals.model import Problem
from annals.ingest.sources import _bad_name, _printable

LEDGER = "issued-ids.txt"
ID_RE = re.compile(r"^a(\d{6})$")
SIDECAR_ID_RE = re.compile(r"^id:\s*['\"]?(a\d{6})", re.MULTILINE)
SIDECAR_HEADER = "# yaml-language-server: $schema=../../scripts/annals/schemas/sidecar.schema.json\n"


def issued(root: Path) -> list[str]:
    """IDs in the ledger, in issue order."""
    path = root / LEDGER
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def next_id(taken: list[str]) -> str:
    numbers = [int(m.group(1)) for t in taken if (m := ID_RE.match(t))]
    return f"a{max(numbers, default=0) + 1:06d}"


def add(root: str | Path, files: list[str | Path]) -> tuple[list[str], list[Problem]]:
    """Copy raw files into ``root/articles/`` byte for byte and give each a sidecar with a new ID.

    Nothing is copied if any file is refused (missing, a folder, or a name already taken).
    """
    root = Path(root)
    articles = root / "articles"
    problems = []
    for f in map(Path, files):
        if not f.is_file():
            problems.append(Problem(str(f), None, "not a file; expected a raw article (.txt)"))
        elif bad := _bad_name(f.name):
            problems.append(Problem(_printable(str(f)), None, f"{bad}; rename it (any UTF-8 text without control characters)"))
        elif f.suffix != ".txt":
            problems.append(Problem(str(f), None, "expected a .txt file"))
        elif (articles / f.name).exists():
            problems.append(Problem(str(f), None, f"articles/{f.name} already exists; rename the file to add it as a new article"))
    names = [Path(f).name for f in files]
    dupes = sorted({n for n in names if names.count(n) > 1})
    problems.extend(Problem(n, None, "given twice") for n in dupes)
    if problems:
        return [], problems
    articles.mkdir(parents=True, exist_ok=True)
    taken = issued(root) + [m.group(1) for p in sorted(articles.glob("*.yml"))
                            if (m := SIDECAR_ID_RE.search(p.read_text(encoding="utf-8", errors="replace")))]
    new_ids = []
    for f in map(Path, files):
        new = next_id(taken + new_ids)
        shutil.copyfile(f, articles / f.name)
        (articles / f"{f.stem}.yml").write_text(f"{SIDECAR_HEADER}id: {new}\n", encoding="utf-8")
        with (root / LEDGER).open("a", encoding="utf-8") as ledger:
            ledger.write(new + "\n")
        new_ids.append(new)
    return new_ids, []
