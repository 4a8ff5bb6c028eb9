"""Written paths stay inside docs/ and site/ (issue 8), and the build is reproducible."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annals.publish.writer import WriteError, check_path, write_docs
from conftest import ROOT, make_project, run_annals


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x.md", "articles/../../x.md", "articles//a.md", "./a.md", "",
                                 "articles/..", "a\\..\\..\\x.md/../../y.md"])
def test_the_writer_refuses_paths_that_leave_docs(tmp_path, rel):
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(WriteError, match="^refusing to write "):
        check_path(docs, rel)
    with pytest.raises(WriteError):
        write_docs(docs, {"index.md": "ok\n", rel: "escaped\n"})
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["docs"]  # nothing written, not even index.md


def test_the_writer_refuses_a_docs_folder_symlinked_outside(tmp_path):
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    docs.mkdir()
    outside.mkdir()
    (docs / "articles").symlink_to(outside)
    with pytest.raises(WriteError, match="resolves outside"):
        write_docs(docs, {"articles/a000001.md": "x\n"})
    assert list(outside.iterdir()) == []


def test_a_tampered_manifest_cannot_delete_outside_docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (docs / ".annals-generated").write_text("../victim.txt\n/etc/hostname\n")
    with pytest.raises(WriteError):
        write_docs(docs, {"index.md": "x\n"})
    assert victim.read_text() == "keep me\n"


@pytest.mark.site
def test_cli_reports_a_refused_write_in_one_line(tmp_path):
    project = make_project(tmp_path / "p")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "docs" / "articles").symlink_to(outside)
    result = run_annals("build", "--no-site", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(r"annals: refusing to write 'articles/a\d{6}/index\.md': it resolves outside docs\n", result.stderr)
    assert list(outside.iterdir()) == []


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_a_build_writes_only_docs_site_and_its_cache_and_honours_source_date_epoch(tmp_path):
    """One project, two builds.  MkDocs dates its output (sitemap lastmod) from SOURCE_DATE_EPOCH: the
    build sets it from the newest article (2024-11-06 in the seeds) unless the caller gives one."""
    project = make_project(tmp_path / "p")
    before = tree(project)
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    after = tree(project)
    changed = sorted(p for p in after if before.get(p) != after[p]) + sorted(set(before) - set(after))
    assert changed
    assert [p for p in changed if not p.startswith(("docs/", "site/", ".cache/annals/"))] == []
    assert [p for p in changed if p.startswith("docs/") and p.split("/")[1] in ("about.md", "assets")] == []
    assert lastmods(project) == {"2024-11-06"}

    epoch = int(dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc).timestamp())
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(project),
           "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run([sys.executable, "-m", "annals", "build"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert lastmods(project) == {"2025-03-04"}


def lastmods(project: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", (project / "site" / "sitemap.xml").read_text(encoding="utf-8")))


def test_add_refuses_a_file_name_with_a_control_character(tmp_path):
    project = make_project(tmp_path / "p")
    bad = tmp_path / "new\nline.txt"
    bad.write_bytes(b"Title\n\nBody.\n")
    result = run_annals("add", str(bad), cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"{tmp_path}/new\\nline.txt: the file name contains the control character "
                                             "U+000A; rename it (any UTF-8 text without control characters)")
    assert not (project / "archive" / "articles" / "new\nline.txt").exists()
