"""The `annals` command as a user runs it: exact output, exit codes, files written."""

from __future__ import annotations

import hashlib

import pytest

from conftest import ARCHIVE, SEEDS, make_project, run_annals


def test_archive_holds_the_seeds_byte_for_byte():
    names = sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not names:  # shared/ is beside the checkout in CI; the archive's own checksums are tested elsewhere
        names = sorted(p.name for p in (ARCHIVE / "articles").glob("*.txt"))
    assert len(names) == 5
    for name in names:
        archived = (ARCHIVE / "articles" / name).read_bytes()
        if SEEDS.is_dir():
            assert archived == (SEEDS / name).read_bytes(), name
        assert (ARCHIVE / "articles" / name).with_suffix(".yml").exists(), f"{name} has no sidecar"


def test_add_copies_byte_for_byte_and_issues_fresh_ids(tmp_path):
    project = make_project(tmp_path / "p")
    raw = "Title\n\nFirst paragraph of a new article.\r\n\u00a0Second one — with “quotes”.\n".encode()
    (tmp_path / "new one.txt").write_bytes(raw)
    (tmp_path / "другой.txt").write_bytes(b"Another\n\nBody text.\n")
    result = run_annals("add", str(tmp_path / "new one.txt"), str(tmp_path / "другой.txt"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "a000006  articles/new one.txt\na000007  articles/другой.txt\n"
    assert (project / "archive" / "articles" / "new one.txt").read_bytes() == raw
    assert "id: a000006" in (project / "archive" / "articles" / "new one.yml").read_text()


def test_ids_are_never_reused_after_a_removal(tmp_path):
    project = make_project(tmp_path / "p")
    (tmp_path / "x.txt").write_bytes(b"X\n\nBody.\n")
    assert run_annals("add", str(tmp_path / "x.txt"), cwd=project).stdout.startswith("a000006")
    for suffix in (".txt", ".yml"):
        (project / "archive" / "articles" / f"x{suffix}").unlink()
    (tmp_path / "y.txt").write_bytes(b"Y\n\nBody.\n")
    assert run_annals("add", str(tmp_path / "y.txt"), cwd=project).stdout.startswith("a000007")


def test_add_refuses_a_name_already_in_the_archive(tmp_path):
    project = make_project(tmp_path / "p")
    src = ARCHIVE / "articles" / "000_c0c5e357a54d7c48.txt"
    result = run_annals("add", str(src), cwd=project)
    assert result.returncode == 1
    assert "articles/000_c0c5e357a54d7c48.txt already exists" in result.stderr


@pytest.mark.site
def test_a_new_article_builds_into_a_page(tmp_path):
    project = make_project(tmp_path / "p")
    (tmp_path / "n.txt").write_bytes(b"Peskov Comments\n\nJune 1, 2016\n\nThe Kremlin said nothing new.\n")
    run_annals("add", str(tmp_path / "n.txt"), cwd=project)
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "6 sources -> 6 article pages"
    assert (project / "site" / "articles" / "a000006" / "index.html").exists()


def test_check_lists_what_needs_an_editor(tmp_path):
    project = make_project(tmp_path / "p")
    for name in ("000_c0c5e357a54d7c48", "002_438d2bf8bcbd74dd"):  # bare sidecars: as first added
        side = project / "archive" / "articles" / f"{name}.yml"
        ident = [l for l in side.read_text().splitlines() if l.startswith("id:")][0]
        side.write_text(ident + "\n")
    result = run_annals("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "articles/000_c0c5e357a54d7c48.txt: has no date" in result.stdout
    assert "articles/002_438d2bf8bcbd74dd.txt:1: has no title" in result.stdout
    assert run_annals("check", "--strict", cwd=project).returncode == 1


@pytest.mark.site
def test_build_options_choose_every_folder(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "archive").rename(project / "arch")
    result = run_annals("build", "--archive", "arch", "--docs-dir", "docs", "--site-dir", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "articles" / "a000001" / "index.html").exists()


@pytest.mark.site
def test_strict_build_names_the_mkdocs_warning_that_stops_it(tmp_path):
    """A hand-written page with a broken link: MkDocs warns, --strict fails, and says why (it used to exit 1
    without a word: MkDocs' strict-mode counter swallowed the warning and its Abort was a silent SystemExit)."""
    project = make_project(tmp_path / "p")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the missing page](missing-page.md).\n", encoding="utf-8")
    relaxed = run_annals("build", cwd=project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "WARNING - " in relaxed.stderr and "missing-page.md" in relaxed.stderr
    strict = run_annals("build", "--strict", cwd=project)
    assert strict.returncode == 1
    assert "WARNING - " in strict.stderr and "missing-page.md" in strict.stderr
    assert "annals: MkDocs: Aborted with 1 warnings in strict mode!" in strict.stderr


def test_developer_commands_say_so_when_the_developer_tools_are_absent(monkeypatch, capsys):
    """``annals evaluate`` and ``annals bench`` live in scripts/annals_dev/, outside the installed package."""
    import sys

    from annals import cli

    for name in ("annals_dev", "annals_dev.evaluate", "annals_dev.bench"):
        monkeypatch.setitem(sys.modules, name, None)  # what an installed package without the checkout sees
    assert cli.main(["evaluate"]) == 2
    assert "developer tool (scripts/annals_dev/evaluate.py" in capsys.readouterr().err
    assert cli.main(["bench", "--sizes", "10"]) == 2
    assert "developer tool (scripts/annals_dev/bench.py" in capsys.readouterr().err


def test_evaluate_runs_the_developer_tool_from_a_checkout():
    result = run_annals("evaluate", cwd=ARCHIVE.parent)
    assert result.returncode == 0, result.stderr
    assert "F1" in result.stdout


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "1.5", " 5", "１２", "99999999999999"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_source_date_epoch_that_is_not_a_date_is_one_clear_line(value, command, tmp_path, monkeypatch, capsys):
    """SOURCE_DATE_EPOCH must be a non-negative whole number of seconds (reproducible-builds.org); anything
    else stops the command with one line naming the variable and what it expects, before anything is read
    or written (it was a ValueError traceback, or a date before 1970 for a negative value)."""
    from annals import cli

    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code = cli.main([command])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (f"annals: SOURCE_DATE_EPOCH={value!r} is not a date: expected a whole number of seconds since "
                   "1970-01-01 UTC, in digits only, at most 253402300799 (e.g. `date +%s` prints 1767225600 on "
                   "2026-01-01); or unset it to build with today's date\n")
    assert not (project / "docs" / "articles").exists() and not (project / "site").exists()


def test_a_valid_source_date_epoch_dates_the_build(tmp_path, monkeypatch, capsys):
    from annals import cli

    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970-01-01: every seed article is then in the future
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    assert "is in the future (build date 1970-01-01)" in err, err
