"""The build cache is data, not code (issue 21, item 10): JSON with a format version and a checksum,
never pickle; a damaged or foreign cache is ignored and rebuilt, and a hit is exactly the record a
fresh run gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import re
from pathlib import Path

import pytest

from annals import cache as C
from annals.cache import ArticleCache, CitationCache
from annals.pipeline import build_date, check, per_article_stage
from annals.ingest.sources import load_archive
from conftest import ARCHIVE, ROOT

MARKER = Path("/tmp/annals-cache-pwned")


@pytest.fixture(scope="module")
def seeds():
    archive, problems = load_archive(ARCHIVE)
    assert [p for p in problems if p.severity == "error"] == []
    return archive


_FRESH: dict = {}


def fresh(seeds):
    """The per-article stage without a cache (computed once per module)."""
    if "value" not in _FRESH:
        _FRESH["value"] = per_article_stage(seeds, build_date(), None, jobs=1)
    return _FRESH["value"]


def run(seeds, folder: Path) -> tuple[ArticleCache, tuple]:
    cache = ArticleCache(folder)
    return cache, per_article_stage(seeds, build_date(), cache, jobs=1)


def test_no_module_of_the_package_uses_pickle_or_marshal():
    offenders = []
    for path in sorted((ROOT / "scripts" / "annals").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"^\s*(import|from)\s+(c?pickle|marshal|shelve|dill)\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert offenders == []


def test_a_hit_gives_back_exactly_the_fresh_records_and_problems(seeds, tmp_path):
    expected = fresh(seeds)
    cold, first = run(seeds, tmp_path / "c")
    assert (cold.hits, cold.misses) == (0, len(seeds.sources))
    warm, second = run(seeds, tmp_path / "c")
    assert (warm.hits, warm.misses, warm.ignored) == (len(seeds.sources), 0, 0)
    assert second == first == expected
    # the fields that records do not compare (the sidecar itself) come back too, with their types
    for got, want in zip(second[0], expected[0]):
        assert got.article.sidecar == want.article.sidecar
        assert got.article.sidecar_lines == want.article.sidecar_lines
        assert got.article.sidecar_name == want.article.sidecar_name
        assert type(got.article.paragraphs) is tuple and type(got.quotes) is tuple


def test_the_file_is_json_behind_a_versioned_header_with_the_body_checksum(seeds, tmp_path):
    run(seeds, tmp_path / "c")
    raw = (tmp_path / "c" / "articles.json").read_bytes()
    header, body = raw.split(b"\n", 1)
    magic, version, kind, digest, length = header.decode().split(" ")
    assert (magic, kind) == ("annals-cache", "articles")
    assert version.isdigit()
    assert digest == hashlib.sha256(body).hexdigest() and int(length) == len(body)
    entries = json.loads(body)
    assert len(entries) == len(seeds.sources)
    assert all(re.fullmatch(r"[0-9a-f]{64}", k) for k in entries)


def test_untyped_sidecar_values_keep_their_types():
    value = {"date": dt.date(2020, 2, 29), "when": dt.datetime(2020, 1, 2, 3, 4, 5), "n": 1, "x": 1.5,
             "yes": True, "none": None, "list": [1, "a", [dt.date(1999, 12, 31)]], "t": ("a", 2),
             "nested": {"map": "not a tag", "tuple": ["x"]}}
    data = json.loads(json.dumps(C.encode(value, dict)))
    back = C.decode(data, dict)
    assert back == value
    assert type(back["date"]) is dt.date and type(back["when"]) is dt.datetime and type(back["t"]) is tuple
    assert type(back["yes"]) is bool and type(back["x"]) is float


@pytest.mark.parametrize("value", [float("nan"), {1: "a"}, b"bytes", {1, 2}])
def test_a_value_the_format_cannot_hold_is_refused_not_mangled(value):
    with pytest.raises(C.CodecError):
        C.encode({"k": value}, dict)


def damage_flip(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one bit in the middle of the body
    path.write_bytes(bytes(raw))


def damage_truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) * 2 // 3])  # a torn write


def damage_pickle(path: Path) -> None:
    """A pickle whose loading would run a command (what the old cache format would have done)."""
    class Payload:
        def __reduce__(self):
            return (eval, (f"open({str(MARKER)!r}, 'w').write('ran')",))
    path.write_bytes(pickle.dumps({"format": "2", "entries": Payload()}))


def damage_other_version(path: Path) -> None:
    raw = path.read_bytes()
    header, body = raw.split(b"\n", 1)
    parts = header.split(b" ")
    parts[1] = b"999"
    path.write_bytes(b" ".join(parts) + b"\n" + body)


def damage_valid_checksum_wrong_shape(path: Path) -> None:
    """A well-formed file (right header, right checksum) whose entries are not records."""
    entries = json.loads(path.read_bytes().split(b"\n", 1)[1])
    entries = {k: ["not", {"a": "record"}] for k in entries}
    C.write_store(path, "articles", entries)


def damage_citations_file(path: Path) -> None:
    """A store of another kind (rendered citations) put where the articles belong."""
    (path.parent / "citations.json").unlink(missing_ok=True)
    store = CitationCache(path.parent)
    store.put("k" * 64, "<i>HTML</i>")
    store.save()
    path.write_bytes((path.parent / "citations.json").read_bytes())


@pytest.mark.parametrize("damage", [damage_flip, damage_truncate, damage_pickle, damage_other_version,
                                    damage_valid_checksum_wrong_shape, damage_citations_file],
                         ids=lambda f: f.__name__.removeprefix("damage_"))
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(seeds, tmp_path, damage):
    MARKER.unlink(missing_ok=True)
    expected = fresh(seeds)
    run(seeds, tmp_path / "c")
    path = tmp_path / "c" / "articles.json"
    damage(path)
    damaged = path.read_bytes()
    cache, result = run(seeds, tmp_path / "c")
    assert result == expected
    assert cache.hits == 0 and cache.misses == len(seeds.sources) and cache.ignored >= 1
    assert not MARKER.exists()
    assert path.read_bytes() != damaged  # rewritten whole ...
    again, result = run(seeds, tmp_path / "c")
    assert (again.hits, again.ignored) == (len(seeds.sources), 0)  # ... and good again
    assert result == expected


def test_one_bad_entry_costs_only_that_entry(seeds, tmp_path):
    run(seeds, tmp_path / "c")
    path = tmp_path / "c" / "articles.json"
    entries = json.loads(path.read_bytes().split(b"\n", 1)[1])
    victim = sorted(entries)[0]
    entries[victim][0][0][1] = 12345  # the record's first field of the article (source_file): not a string
    C.write_store(path, "articles", entries)
    cache, result = run(seeds, tmp_path / "c")
    assert (cache.hits, cache.misses, cache.ignored) == (len(seeds.sources) - 1, 1, 1)
    assert result == fresh(seeds)


def test_the_old_pickle_file_is_never_read(seeds, tmp_path):
    MARKER.unlink(missing_ok=True)
    folder = tmp_path / "c"
    folder.mkdir()
    damage_pickle(folder / "articles.pickle")
    cache, _ = run(seeds, folder)
    assert cache.hits == 0 and not MARKER.exists()


def test_a_cache_folder_that_cannot_be_written_only_costs_time(seeds, tmp_path):
    blocker = tmp_path / "c"
    blocker.write_text("a file where the folder should be\n")
    cache, result = run(seeds, blocker)
    assert result == fresh(seeds)
    assert blocker.read_text() == "a file where the folder should be\n"


def test_check_with_a_corrupt_cache_gives_the_same_result_as_without(tmp_path):
    folder = tmp_path / "c"
    check(ARCHIVE, cache=ArticleCache(folder))
    damage_truncate(folder / "articles.json")
    with_cache = check(ARCHIVE, cache=ArticleCache(folder))
    assert with_cache.records == check(ARCHIVE).records and with_cache.problems == check(ARCHIVE).problems


def test_ci_carries_the_build_cache_between_runs():
    """The workflow restores .cache/annals before building (actions/cache), keyed by what makes its entries
    stale beyond the stores' own keys: the pinned packages and the CSL styles."""
    import yaml

    from conftest import ROOT

    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))["jobs"]["test"]["steps"]
    cached = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/cache@")]
    assert cached, "no actions/cache step"
    step = steps[cached[0]]
    assert step["with"]["path"] == ".cache/annals"
    for part in ("requirements.txt", "scripts/annals/render/csl/*.csl"):
        assert part in step["with"]["key"] and part in step["with"]["restore-keys"]
    builds = [i for i, s in enumerate(steps) if "make test" in str(s.get("run", "")) or "annals build" in str(s.get("run", ""))]
    assert builds and cached[0] < min(builds)


def test_a_new_day_reuses_every_result_that_does_not_depend_on_the_build_date(seeds, tmp_path):
    """The build date enters an article's record only where parsing refuses a date in the future.  A result
    none of whose dates was after its build date is the same on any later day and is reused; one that had a
    date in the future is made again on another day, and gives what a fresh run of that day gives."""
    def stage(day, cache):
        return per_article_stage(seeds, day, cache, jobs=1)

    newest = max(rec.article.date for rec in stage(dt.date(2030, 1, 1), None)[0])
    after, before = newest + dt.timedelta(days=1), newest - dt.timedelta(days=1)

    first = ArticleCache(tmp_path / "c")
    stage(after, first)
    later = ArticleCache(tmp_path / "c")
    assert stage(after + dt.timedelta(days=400), later) == stage(after + dt.timedelta(days=400), None)
    assert (later.hits, later.misses) == (len(seeds.sources), 0)

    # the newest article's date is in the future the day before it: that result depends on the day
    early = ArticleCache(tmp_path / "e")
    records, problems = stage(before, early)
    assert any("is in the future" in p.message for p in problems)
    same_day = ArticleCache(tmp_path / "e")
    assert stage(before, same_day) == (records, problems)
    assert (same_day.hits, same_day.misses) == (len(seeds.sources), 0)
    next_day = ArticleCache(tmp_path / "e")
    assert stage(after, next_day) == stage(after, None)
    assert (next_day.hits, next_day.misses) == (len(seeds.sources) - 1, 1)
