"""The staging copy made from a spare (``publish.output.sync_tree``, ``Staging(target, spare)``).

An incremental build starts its staging folder from the version of the output that the last build
replaced (kept in the cache folder) and brings it up to date, instead of making every folder and hard
link anew.  Whatever the spare holds (an older version, files where folders are, stray symbolic links,
the debris of a build that died half-way), the staging copy must come out exactly as a copy made from
nothing would: the same names, each file the very file of the live output (a hard link), nothing
written through a link, and the live output untouched.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from annals.publish import output


def tree(folder: Path) -> dict[str, tuple[str, str]]:
    """Every entry below ``folder``: ("dir", ""), ("link", target) or ("file", sha256 of its bytes)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                out[rel] = ("dir", "")
            else:
                out[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink()}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def live_site(root: Path) -> Path:
    site = root / "site"
    write(site / "index.html", "home\n")
    write(site / "articles" / "a000001" / "index.html", "one\n")
    write(site / "articles" / "a000002" / "index.html", "two\n")
    write(site / "assets" / "x.css", "css\n")
    write(site / "pagefind" / "pagefind.js", "index\n")  # left out (skip), as the build leaves out Pagefind's folder
    os.symlink("index.html", site / "home.html")
    return site


def messy_spare(spare: Path, site: Path) -> None:
    """An older version with every kind of difference from the live one."""
    write(spare / "index.html", "an older home\n")  # another file of that name
    os.link(site / "assets" / "x.css", spare / "x-elsewhere.css")  # the live file, under another name
    write(spare / "articles" / "a000001", "a file where the live output has a folder\n")
    (spare / "articles" / "a000002" / "index.html").mkdir(parents=True)  # a folder where a file is
    write(spare / "articles" / "a000002" / "index.html" / "deep.html", "deep\n")
    write(spare / "gone" / "old.html", "removed since\n")  # not in the live output
    os.symlink("elsewhere.html", spare / "home.html")  # a link to another target
    write(spare / "pagefind" / "old.pf", "old index\n")  # under the skipped folder
    os.symlink("/", spare / "assets")  # a symbolic link where a folder is: never followed


def skip(rel: str) -> bool:
    return rel.split("/", 1)[0] == "pagefind"


def test_a_staging_copy_from_a_messy_spare_equals_one_made_from_nothing(tmp_path):
    site = live_site(tmp_path)
    before, live_inodes = tree(site), inodes(site)
    spare = tmp_path / "cache" / "spare" / "site"
    messy_spare(spare, site)
    fresh = tmp_path / "fresh"
    expected_files = output.link_tree(site, fresh, skip)

    stage = output.Staging(site, spare).begin(link=True, skip=skip)
    assert not spare.exists()  # taken as the staging folder
    assert stage.files == expected_files == {"index.html", "articles/a000001/index.html",
                                             "articles/a000002/index.html", "assets/x.css"}
    assert tree(stage.path) == tree(fresh)
    got = inodes(stage.path)
    assert got == {rel: live_inodes[rel] for rel in got}  # every file is the live file itself
    assert tree(site) == before and inodes(site) == live_inodes
    assert (tmp_path / "cache" / "spare").is_dir() and Path("/").is_dir()  # the link to / was unlinked, not followed


def test_commit_keeps_the_replaced_version_as_the_spare_and_the_next_copy_starts_from_it(tmp_path):
    site = live_site(tmp_path)
    spare = tmp_path / "cache" / "spare" / "site"
    first = output.Staging(site, spare).begin(link=True, skip=skip)
    output.replace_file(first.path / "articles" / "a000001" / "index.html", b"one, edited\n")
    (first.path / "assets" / "x.css").unlink()
    first.commit()
    assert (site / "articles" / "a000001" / "index.html").read_text() == "one, edited\n"
    assert not (site / "assets" / "x.css").exists()
    assert (spare / "articles" / "a000001" / "index.html").read_text() == "one\n"  # the old version, kept
    assert [p.name for p in tmp_path.iterdir() if ".annals-" in p.name] == []

    before, live_inodes = tree(site), inodes(site)
    second = output.Staging(site, spare).begin(link=True, skip=skip)
    assert tree(second.path) == tree(site) == before
    assert inodes(second.path) == live_inodes
    output.replace_file(second.path / "index.html", b"home, edited\n")
    assert (site / "index.html").read_text() == "home\n"  # not written through the link
    second.abort()
    assert tree(site) == before
    assert spare.is_dir()  # an aborted staging folder becomes the spare again: the next build syncs it


def test_a_full_build_replaces_an_older_spare_with_the_version_it_replaced(tmp_path):
    site = live_site(tmp_path)
    spare = tmp_path / "cache" / "spare" / "site"
    write(spare / "ancient.html", "ancient\n")
    stage = output.Staging(site, spare).begin(link=False)
    write(stage.path / "index.html", "rebuilt\n")
    stage.commit()
    assert tree(site) == {"index.html": ("file", hashlib.sha256(b"rebuilt\n").hexdigest())}
    assert (spare / "articles" / "a000002" / "index.html").read_text() == "two\n"
    assert not (spare / "ancient.html").exists()


def test_without_a_spare_nothing_is_kept(tmp_path):
    site = live_site(tmp_path)
    stage = output.Staging(site).begin(link=True, skip=skip)
    stage.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
