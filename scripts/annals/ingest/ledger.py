"""``archive/statements.txt``: the statement IDs the build has issued (issue 22).  Pure (the loader,
:func:`annals.ingest.sources.read_ledger`, reads the file).

A statement's permanent ID (``s000001``) is issued once, by the build that first publishes the statement,
and written here with the quotations it holds; like ``issued-ids.txt`` for articles and ``published.txt``
for URLs, the file is committed with the archive and only the build writes it.  Later builds read it
to give every statement the ID it had, however the grouping changed (``annals.link.statements`` decides
which group keeps which ID: doc/statements.md).  One statement a line::

    s000001 q-730e3a30e6 q-1d66716b90 q-e8d05d1417
    s000002 > s000001

The first line: the ID, then the quotation IDs it held when a build last recorded it, sorted.  The
second: ``s000002`` was merged into ``s000001`` (its page redirects there).  IDs are never reused and no
line is ever removed.
"""

from __future__ import annotations

import re

from annals.model import LedgerEntry, Problem

LEDGER_FILE = "statements.txt"
"""The ledger, relative to the archive folder."""

HEADER = ("# Statement IDs issued by `annals build` (issue 22): one statement a line, its ID and the quotations\n"
          "# it holds, or `<ID> > <ID>` for a statement merged into another (its page redirects there).\n"
          "# Written by the build, which adds IDs and updates members and never removes a line; commit it.\n"
          "# See doc/statements.md.\n")

STATEMENT_ID = re.compile(r"s\d{6}")
QUOTE_ID = re.compile(r"q-[0-9a-f]{10}(?:-\d+)?")
MAX_BYTES = 20_000_000
"""A ledger larger than this is refused (an archive of 10,000 articles writes about 3 MB)."""


def parse_ledger(text: str, file: str = LEDGER_FILE) -> tuple[tuple[LedgerEntry, ...], list[Problem]]:
    """The ledger's entries in file order, and a problem for each line that is not one."""
    entries: list[LedgerEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        ident = words[0]
        if not STATEMENT_ID.fullmatch(ident):
            problems.append(Problem(file, n, f"{ident!r} is not a statement ID; expected a line such as "
                                             "`s000001 q-730e3a30e6 q-1d66716b90` or `s000002 > s000001`"))
            continue
        if ident in seen:
            problems.append(Problem(file, n, f"{ident} is listed twice (first on line {seen[ident]}); "
                                             "restore the file from git"))
            continue
        seen[ident] = n
        if len(words) >= 2 and words[1] == ">":
            if len(words) != 3 or not STATEMENT_ID.fullmatch(words[2]) or words[2] == ident:
                problems.append(Problem(file, n, f"a merge is written `{ident} > s000001` (the ID it was merged into, "
                                                 "another statement's)"))
                continue
            entries.append(LedgerEntry(ident, (), words[2], n))
            continue
        bad = [w for w in words[1:] if not QUOTE_ID.fullmatch(w)]
        if bad:
            problems.append(Problem(file, n, f"{bad[0]!r} is not a quotation ID; expected IDs such as q-730e3a30e6 "
                                             f"after {ident}"))
            continue
        entries.append(LedgerEntry(ident, tuple(sorted(set(words[1:]))), None, n))
    known = {e.id for e in entries}
    for e in entries:
        if e.merged_into is not None and e.merged_into not in known:
            problems.append(Problem(file, e.line, f"{e.id} is said to be merged into {e.merged_into}, which the "
                                                  "file does not list; restore the file from git"))
    return tuple(entries), problems


def format_ledger(entries: tuple[LedgerEntry, ...] | list[LedgerEntry]) -> str:
    """The ledger file's text: the header, then one line per entry in the order of the IDs."""
    lines = []
    for e in sorted(entries, key=lambda e: e.id):
        lines.append(f"{e.id} > {e.merged_into}" if e.merged_into else " ".join((e.id, *sorted(e.reports))))
    return HEADER + "".join(f"{line}\n" for line in lines)
