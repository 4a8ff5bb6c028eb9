"""`annals check` lists what still needs an editor (issue 9, item 6) through the real command: an
article as first added (no title, no date, an unlisted speaker, a speaker guessed with low
confidence) gives one line each, `--strict` fails on them, and the sidecar keys that settle them
empty the list."""

from __future__ import annotations

import re

import pytest

from conftest import make_project, run_annals

RAW = (
    "Lawmakers in Moscow met on Wednesday morning to discuss the results of the vote held abroad the day before.\n"
    "\n"
    '"The vote was fair," Ivan Petrovsky said.\n'  # line 3: a speaker not in officials.yml
    "\n"
    'Lavrov spoke. "The vote was fair," Lavrov said.\n'
    "\n"
    'Russia will "never accept the new sanctions against its companies."\n'  # line 7: no speaker in the sentence
)


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "p")
    raw = tmp_path / "new.txt"
    raw.write_text(RAW, encoding="utf-8")
    added = run_annals("add", str(raw), cwd=project)
    assert added.returncode == 0, added.stderr
    assert added.stdout == "a000006  articles/new.txt\n"
    return project


def review_lines(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Needs an editor")), len(lines))
    return [line.strip() for line in lines[start + 1:]]


def test_check_lists_untitled_undated_unlisted_and_low_confidence(project):
    result = run_annals("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "6 sources checked: 0 errors, 4 items for an editor"
    lines = review_lines(result.stdout)
    assert len(lines) == 4, result.stdout
    assert any(line.startswith("articles/new.txt: has no date") for line in lines)
    assert any(line.startswith("articles/new.txt:1: has no title") for line in lines)
    assert any(re.match(r"articles/new\.txt:3: quote q-[0-9a-f]{10} .*'Ivan Petrovsky' is not in officials\.yml "
                        r"\(unlisted speaker\)", line) for line in lines), lines
    assert any(re.match(r"articles/new\.txt:7: quote q-[0-9a-f]{10} .*'Sergey Lavrov' guessed .*\(low confidence\)",
                        line) for line in lines), lines
    assert run_annals("check", "--strict", cwd=project).returncode == 1


def test_an_editors_sidecar_settles_every_item(project):
    lines = review_lines(run_annals("check", cwd=project).stdout)
    ids = [re.search(r"quote (q-[0-9a-f]{10})", line).group(1) for line in lines if " quote q-" in line]
    assert len(ids) == 2
    side = project / "archive" / "articles" / "new.yml"
    side.write_text(side.read_text(encoding="utf-8") + (
        "title: Lawmakers Discuss the Vote Abroad\n"
        "date: 2024-11-06\n"
        "date_note: The day after the vote the article mentions (a made-up example for this test).\n"
        "quotes:\n"
        f"  - id: {ids[0]}\n    accept: true\n"
        f"  - id: {ids[1]}\n    accept: true\n"), encoding="utf-8")
    result = run_annals("check", "--strict", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "6 sources checked: 0 errors, 0 items for an editor\n"
