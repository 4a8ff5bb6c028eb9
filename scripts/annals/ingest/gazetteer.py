"""The gazetteers: ``archive/officials.yml`` and ``archive/elections.yml`` -> records.

Pure: takes YAML already read and schema-checked by the loader (``sources.py``) and turns it
into :class:`~annals.model.Official` and :class:`~annals.model.Election` records, checking what
a schema cannot: unique IDs, a name shared by two people, a role that ends before it starts, an
election that names a person the gazetteer does not have.  Each problem names file and line.
"""

from __future__ import annotations

import datetime as dt

from annals.model import Election, Membership, Official, Problem
from annals.ingest.yamlio import Loaded

OFFICIALS_FILE = "officials.yml"
ELECTIONS_FILE = "elections.yml"

MAX_ID_CHARS = 100
"""Longest gazetteer ID: an ID names its page's folder (``officials/<id>/``), and file systems limit a
name to 255 bytes (ext4, XFS, btrfs, APFS, NTFS), some to 143 (eCryptfs); 100 leaves room for the
build's suffixes.  Checked by ``check`` as well as ``build``, before anything is written."""


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def officials_from_yaml(loaded: Loaded, file: str = OFFICIALS_FILE) -> tuple[tuple[Official, ...], list[Problem]]:
    """Records for every person; problems for duplicates and impossible dates."""
    problems: list[Problem] = []
    people: list[Official] = []
    seen: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    for i, entry in enumerate(loaded.data or []):
        ident = entry["id"]
        line = loaded.lines.get(f"/{i}/id")
        if ident in seen:
            problems.append(Problem(file, line, f"id {ident!r} is already used at line {seen[ident]}; each person needs one entry"))
            continue
        seen[ident] = line or 0
        if len(ident) > MAX_ID_CHARS:
            problems.append(Problem(file, line, f"id {ident[:40]}... is {len(ident)} characters long; expected at most "
                                                f"{MAX_ID_CHARS} (it names the person's page folder, and file systems "
                                                "limit a file name to 255 bytes)"))
            continue
        for j, name in enumerate([entry["name"], *entry.get("other_names", [])]):
            key = " ".join(name.casefold().split())
            if key in names and names[key][0] != ident:
                other, other_line = names[key]
                nline = loaded.lines.get(f"/{i}/other_names/{j - 1}" if j else f"/{i}/name", line)
                problems.append(Problem(file, nline, f"name {name!r} is also a name of {other!r} (line {other_line}); "
                                                     "a name must point to one person"))
            names.setdefault(key, (ident, line or 0))
        memberships = []
        for k, m in enumerate(entry.get("memberships", [])):
            start, end = _date(m.get("start_date")), _date(m.get("end_date"))
            if start and end and end < start:
                problems.append(Problem(file, loaded.lines.get(f"/{i}/memberships/{k}/end_date", line),
                                        f"{ident}: role {m['role']!r} ends ({end}) before it starts ({start})"))
            memberships.append(Membership(role=m["role"], organization=m["organization"], start_date=start, end_date=end,
                                          approximate=bool(m.get("approximate", False)),
                                          titles=tuple(m.get("titles", ())), role_nouns=tuple(m.get("role_nouns", ())),
                                          serves=m.get("serves"), possessive_nouns=tuple(m.get("possessive_nouns", ()))))
        wikidata = next((x["identifier"] for x in entry.get("identifiers", []) if x["scheme"] == "wikidata"), None)
        people.append(Official(id=ident, name=entry["name"], other_names=tuple(entry.get("other_names", ())),
                               gender=entry.get("gender"), wikidata=wikidata,
                               memberships=tuple(sorted(memberships, key=lambda m: (m.start_date or dt.date.min))),
                               description=entry["description"], sources=tuple(entry["sources"]),
                               russian_official=entry["russian_official"], name_ru=entry.get("name_ru")))
    return tuple(sorted(people, key=lambda o: o.id)), problems


def elections_from_yaml(loaded: Loaded, people: set[str] | None, file: str = ELECTIONS_FILE) -> tuple[tuple[Election, ...], list[Problem]]:
    """Records for every election; problems for duplicates and unknown people.

    ``people`` is None when officials.yml could not be read: references are then not checked
    (its own errors are reported instead of one error per reference).
    """
    problems: list[Problem] = []
    out: list[Election] = []
    seen: dict[str, int] = {}
    titles: dict[str, tuple[str, int | None]] = {}  # title, case and spacing ignored -> (first id, its line)
    for i, e in enumerate(loaded.data or []):
        ident = e["id"]
        line = loaded.lines.get(f"/{i}/id")
        if ident in seen:
            problems.append(Problem(file, line, f"id {ident!r} is already used at line {seen[ident]}"))
            continue
        seen[ident] = line or 0
        title_line = loaded.lines.get(f"/{i}/title", line)
        first = titles.setdefault(" ".join(e["title"].casefold().split()), (ident, title_line))
        if first[0] != ident:
            problems.append(Problem(file, title_line, f"title {e['title']!r} is already the title of {first[0]} "
                                                      f"(line {first[1]}); each election needs its own title"))
        if not ident.startswith(e["country"].lower() + "-") or not ident.endswith(str(_date(e["date"]).year)):
            problems.append(Problem(file, line, f"id {ident!r} does not match country {e['country']} and date {e['date']}; "
                                                f"expected {e['country'].lower()}-{_date(e['date']).year}"))
        refs = [("winner", e["winner"]), ("runner_up", e["runner_up"])]
        refs += [(f"candidates/{k}", c) for k, c in enumerate(e["candidates"])]
        refs += [(f"electoral_votes/{k}", k) for k in e.get("electoral_votes", {})]
        refs += [(f"vote_percent/{k}", k) for k in e.get("vote_percent", {})]
        for where, person in refs:
            if people is not None and person not in people:
                problems.append(Problem(file, loaded.lines.get(f"/{i}/{where}", line),
                                        f"{ident}: {person!r} is not in officials.yml; add the person there first"))
        inauguration = _date(e.get("inauguration"))
        if inauguration and inauguration < _date(e["date"]):
            problems.append(Problem(file, loaded.lines.get(f"/{i}/inauguration", line),
                                    f"{ident}: inauguration {inauguration} is before election day {e['date']}"))
        out.append(Election(id=ident, country=e["country"], title=e["title"], date=_date(e["date"]),
                            winner=e["winner"], runner_up=e["runner_up"], candidates=tuple(e["candidates"]),
                            electoral_votes=tuple(e.get("electoral_votes", {}).items()), inauguration=inauguration,
                            notes=e.get("notes", ""), vote_percent=tuple(e.get("vote_percent", {}).items()),
                            keywords=tuple(e.get("keywords", ())), sources=tuple(e["sources"]),
                            name_ru=e.get("name_ru")))
    return tuple(sorted(out, key=lambda x: (x.date, x.id))), problems
