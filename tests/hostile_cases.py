"""The bad-input fixtures of ``tests/hostile/``: one folder per case, read and materialised here.

A case folder holds ``case.yml`` and, optionally, ``archive/`` (the archive's files as they
are, byte for byte; ``.gitattributes`` keeps git from touching them).  ``case.yml``::

    about: what the case is
    make:                         # files too big, odd or machine-specific to keep in git
      - {path: articles/x.txt, head: "Title\\n\\n", repeat: "word ", size: 20000000, tail: "\\n"}
      - {symlink: articles/y.txt, to: "{outside}/secret.txt"}   # {outside}: a folder beside the archive
      - {path: articles/z.txt, hex: "ff fe 41 00"}
      - {path: "articles/caf\\xe9.txt", escaped: true, text: "..."}   # a name that is not UTF-8
    expect:
      errors:                     # `annals check` and `annals build` exit 1 printing exactly these lines
        - "articles/x.txt: is ..."
      sources: 0                  # optional: the number of sources `annals check` says it checked
    # or
    # or, for `annals add`: files to add (made like `make:` items, in a folder `{incoming}` beside
    # the archive) and the command's exact outcome; when it fails, the archive is left byte for byte
    incoming:
      - {path: x.txt, text: "..."}
    expect:
      add: {exit: 1, stdout: [], stderr: ["articles/x.yml: ..."]}
    # or, for a case that must be built on its own (its dates decide the build's epoch):
    expect:
      build: {exit: 0, first_line: "1 sources -> 1 article pages", stderr: [], lastmod: ["1970-01-01"]}
      # or a build that fails (found only when pages are rendered, so `check` does not see it):
      build: {exit: 1, stderr: ["redirects.yml:1: ...", "Aborted with 1 problem(s); nothing was written."]}
      # or with options and environment ({project}: the project folder, in the expected lines):
      build: {args: [--site-dir, archive], env: {SOURCE_DATE_EPOCH: "1"}, exit: 1, stderr: ["annals: ..."]}
    # or
    expect:
      pages:                      # the case builds; each source gives a page showing exactly its text
        - id: a100001
          title: "..."            # text of the page's <h1>
          body: "..."             # whitespace-normalised visible text of the source part of the page
          body_lines: [3, null]   # ... or: the source's own lines 3..end, whitespace-normalised
      review: ["..."]             # exact "Needs an editor" lines (default: none)
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

HOSTILE = Path(__file__).resolve().parent / "hostile"
REPO_ARCHIVE = Path(__file__).resolve().parent.parent / "archive"
BUILD_DATE_EPOCH = "1767225600"  # 2026-01-01, the build date every case is checked with (future dates)


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    spec: dict

    @property
    def errors(self) -> list[str] | None:
        return self.spec["expect"].get("errors")

    @property
    def sources(self) -> int | None:
        return self.spec["expect"].get("sources")

    @property
    def pages(self) -> list[dict]:
        return self.spec["expect"].get("pages", [])

    @property
    def review(self) -> list[str]:
        return self.spec["expect"].get("review", [])

    @property
    def add(self) -> dict | None:
        return self.spec["expect"].get("add")

    @property
    def build(self) -> dict | None:
        return self.spec["expect"].get("build")


def load_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in HOSTILE.iterdir() if (p / "case.yml").is_file()):
        spec = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
        cases.append(Case(folder.name, folder, spec))
    return cases


CASES = load_cases()
ERROR_CASES = [c for c in CASES if c.errors is not None]
ADD_CASES = [c for c in CASES if c.add is not None]
BUILD_CASES = [c for c in CASES if c.build is not None]
PAGE_CASES = [c for c in CASES if c.errors is None and c.add is None and c.build is None]


def materialise(case: Case, archive: Path, outside: Path) -> None:
    """Copy the case's archive files into ``archive`` (merging) and make its generated files."""
    archive.mkdir(parents=True, exist_ok=True)
    src = case.folder / "archive"
    if src.is_dir():
        for path in sorted(src.rglob("*")):
            target = archive / path.relative_to(src)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                if target.exists():
                    raise AssertionError(f"{case.name}: {target.name} clashes with another case")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    made = {item.get("symlink") or item.get("path") for item in case.spec.get("make", [])}
    for gazetteer in sorted(REPO_ARCHIVE.glob("*.yml")):  # publishers, officials, elections: the real ones
        if not (archive / gazetteer.name).exists() and gazetteer.name not in made:
            shutil.copyfile(gazetteer, archive / gazetteer.name)
    make_files(case.spec.get("make", []), archive, outside)


def make_files(items: list[dict], root: Path, outside: Path) -> None:
    """Make the ``make:`` (or ``incoming:``) items of a case under ``root``."""
    archive = root
    for item in items:
        if "symlink" in item:
            outside.mkdir(parents=True, exist_ok=True)
            (outside / "secret.txt").write_text("Secret\n\nA file outside the archive.\n", encoding="utf-8")
            (archive / item["symlink"]).symlink_to(item["to"].format(outside=outside))
            continue
        if item.get("escaped"):  # a name git cannot be trusted with: "caf\\xe9.txt" is the bytes caf, e9, .txt
            name = item["path"].encode("ascii").decode("unicode_escape").encode("latin-1")
            (archive / "articles").mkdir(exist_ok=True)
            (Path(os.fsdecode(os.fsencode(archive) + b"/" + name))).write_bytes(item["text"].encode("utf-8"))
            continue
        target = archive / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "text" in item:
            target.write_bytes(item["text"].encode("utf-8"))
            continue
        if "hex" in item:
            target.write_bytes(bytes.fromhex(item["hex"]))
            continue
        head = item.get("head", "").encode("utf-8")
        tail = item.get("tail", "").encode("utf-8")
        unit = item["repeat"].encode("utf-8")
        count = (item["size"] - len(head) - len(tail)) // len(unit)
        body = unit * count
        body += unit[: item["size"] - len(head) - len(tail) - len(body)]
        target.write_bytes(head + body + tail)


def source_lines(archive: Path, name: str, first: int, last: int | None) -> str:
    """Whitespace-normalised text of lines ``first..last`` of a source (any line end)."""
    raw = (archive / "articles" / name).read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return " ".join(" ".join(lines[first - 1 : last]).split())
