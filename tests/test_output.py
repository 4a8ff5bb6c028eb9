"""The output folders survive failure (issue 21, items 2, 3, 4 and 9's output folders).

- Dangerous output folders (the archive, the project, the cache, each other; inside or around them) and
  folders that cannot be written are refused with one clear line before anything is written.
- Two builds started together both end well: the second waits, naming the process that holds the lock.
- ``kill -9`` at random moments while the build writes ``docs/``, while MkDocs builds the site and while
  Pagefind indexes it: each time ``docs/`` and ``site/`` are, file for file, either the old complete
  output or the new one, and the next build succeeds.
- The swap's fallback (two renames, where the file system cannot exchange two names) is finished or undone
  by the next build after a crash between the renames.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annals.publish import output
from annals_dev.synth import make_archive
from conftest import ROOT, make_project, run_annals


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def snapshot(project: Path) -> dict[str, str]:
    """Every file of the project (the archive included), by content."""
    return tree(project)


def env() -> dict:
    return {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": "/tmp",
            "PYTHONPATH": str(ROOT / "scripts")}


def start_build(project: Path, *args: str, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "annals", "build", *args], cwd=project, env=env(),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


# ---- refused folders ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("refuse") / "p")


@pytest.mark.parametrize("args, says", [
    (["--site-dir", "archive"], "--site-dir archive ({p}/archive) is the archive ({p}/archive)"),
    (["--site-dir", "archive/articles"], "is inside the archive"),
    (["--docs-dir", "archive/docs"], "--docs-dir archive/docs ({p}/archive/docs) is inside the archive"),
    (["--archive", "site/archive", "--site-dir", "site"], "contains the archive"),
    (["--site-dir", "."], "--site-dir . ({p}) is the project folder (where mkdocs.yml is)"),
    (["--docs-dir", ".."], f"contains the project folder (where mkdocs.yml is) ({{p}})"),
    (["--site-dir", "docs"], "--docs-dir docs ({p}/docs) is --site-dir docs ({p}/docs)"),
    (["--site-dir", "docs/site"], "--docs-dir docs ({p}/docs) contains --site-dir docs/site ({p}/docs/site)"),
    (["--docs-dir", "site/docs"], "--docs-dir site/docs ({p}/site/docs) is inside --site-dir site ({p}/site)"),
    (["--site-dir", ".cache/annals"], "is the cache"),
    (["--site-dir", ".cache"], "contains the cache"),
    (["--site-dir", "/"], "--site-dir / is the root of the file system"),
    (["--site-dir", "nowhere/at/all"], "its parent folder {p}/nowhere/at does not exist"),
    (["--site-dir", "mkdocs.yml"], "--site-dir mkdocs.yml ({p}/mkdocs.yml) is a file, not a folder"),
])
def test_dangerous_or_impossible_output_folders_are_refused_before_anything_is_written(seeds_project, args, says):
    before = snapshot(seeds_project)
    result = run_annals("build", *args, cwd=seeds_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("annals: "), result.stderr
    assert says.format(p=seeds_project) in lines[0]
    assert snapshot(seeds_project) == before
    assert [p.name for p in seeds_project.iterdir() if p.name.startswith(".") and p.name != ".cache"] == []


def test_serve_refuses_them_too(seeds_project):
    result = run_annals("serve", "--site-dir", "archive", "--dev-addr", "127.0.0.1:1", cwd=seeds_project)
    assert result.returncode == 1
    assert result.stderr.startswith("annals: --site-dir archive") and "is the archive" in result.stderr
    assert "Traceback" not in result.stderr


def immutable(folder: Path) -> bool:
    """Make ``folder`` unwritable even for root (``chattr +i``); False where that is not possible."""
    try:
        return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    except OSError:
        return False


def test_a_read_only_output_folder_is_a_clear_error(tmp_path):
    project = make_project(tmp_path / "p")
    out = project / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "old.html").write_text("old\n")
    if not immutable(out):
        pytest.skip("cannot make a folder read-only here (chattr +i)")
    try:
        result = run_annals("build", "--site-dir", "out/site", cwd=project)
    finally:
        subprocess.run(["chattr", "-i", str(out)])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (f"annals: --site-dir out/site ({out}/site): cannot write in {out} (Operation not permitted); "
                             "the build writes its new output beside the old one there: make it writable, or "
                             "choose another folder\n")
    assert (out / "site" / "old.html").read_text() == "old\n"
    assert not (project / "docs" / "articles").exists()  # refused before anything was written


def test_a_folder_that_fails_while_writing_is_a_clear_error_and_changes_nothing(tmp_path):
    """The checks pass, then the disk refuses (here: a file of the old docs/ that cannot be linked into the
    staging copy): one line, no traceback, the old output untouched, nothing left behind."""
    project = make_project(tmp_path / "p")
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    before = snapshot(project / "docs")
    stuck = project / "docs" / "index.md"
    if not immutable(stuck):
        pytest.skip("cannot make a file read-only here (chattr +i)")
    try:
        result = run_annals("build", "--no-site", cwd=project)
    finally:
        subprocess.run(["chattr", "-i", str(stuck)])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == (f"annals: cannot write {project}/docs: Operation not permitted ({stuck}); "
                             "nothing was changed in it\n")
    assert snapshot(project / "docs") == before
    assert [p.name for p in project.iterdir() if ".annals-" in p.name] == []


# ---- two builds at once -----------------------------------------------------------------------------------

def test_two_builds_started_together_both_end_well(tmp_path):
    project = make_project(tmp_path / "p")
    first = start_build(project, log=tmp_path / "first.log")
    second = start_build(project, log=tmp_path / "second.log")
    assert first.wait(300) == 0, (tmp_path / "first.log").read_text()
    assert second.wait(300) == 0, (tmp_path / "second.log").read_text()
    logs = [(tmp_path / name).read_text() for name in ("first.log", "second.log")]
    waited = [log for log in logs if "waiting for it to finish" in log]
    assert len(waited) == 1, logs
    pids = {first.pid, second.pid}
    line = next(line for line in waited[0].splitlines() if "waiting" in line)
    holder = int(line.split("(pid ", 1)[1].split(":", 1)[0])
    assert holder in pids and ": annals build" in line
    assert line.startswith(f"annals: {project}/docs and {project}/site are being written by another annals process")
    assert (project / "site" / "index.html").is_file() and (project / "site" / "pagefind").is_dir()
    assert [p.name for p in project.iterdir() if ".annals-" in p.name] == []
    fresh = make_project(tmp_path / "fresh")
    shutil.copytree(project / "archive", fresh / "archive", dirs_exist_ok=True)
    assert run_annals("build", "--no-cache", cwd=fresh).returncode == 0
    assert tree(project / "site") == tree(fresh / "site") and tree(project / "docs") == tree(fresh / "docs")


def test_a_lock_held_elsewhere_is_named_or_waited_for(tmp_path):
    (tmp_path / "docs").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from annals.publish.output import OutputLock; "
                               f"lock = OutputLock([Path({str(tmp_path / 'docs')!r})]); print('held', flush=True); "
                               "time.sleep(60)"], env=env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(output.OutputError) as refused:
            output.OutputLock([tmp_path / "docs"], blocking=False)
        assert str(refused.value).startswith(f"{tmp_path}/docs is being written by another annals process "
                                             f"(pid {holder.pid}: ")
        said = []
        started = time.monotonic()
        threading_kill = subprocess.Popen(["sh", "-c", f"sleep 1; kill -9 {holder.pid}"])
        with output.OutputLock([tmp_path / "docs"], wait=said.append):
            assert time.monotonic() - started >= 0.9  # waited for the holder, which died (kill -9): lock dropped
        threading_kill.wait()
        assert len(said) == 1 and said[0].endswith("; waiting for it to finish")
    finally:
        holder.kill()
        holder.wait()


# ---- the swap's fallback ----------------------------------------------------------------------------------

def test_a_swap_interrupted_between_its_two_renames_is_finished_by_the_next_build(tmp_path):
    target = tmp_path / "site"
    new, old, marker = output.staging_path(target), output.old_path(target), output.marker_path(target)
    (new / "a").mkdir(parents=True)
    (new / "a" / "index.html").write_text("new\n")
    (old / "a").mkdir(parents=True)
    (old / "a" / "index.html").write_text("old\n")
    marker.touch()  # the crash came after `site -> .site.annals-old`, before `.site.annals-new -> site`
    output.recover(target)
    assert (target / "a" / "index.html").read_text() == "new\n"
    assert not new.exists() and not old.exists() and not marker.exists()

    shutil.rmtree(target)
    (old / "a").mkdir(parents=True)
    (old / "a" / "index.html").write_text("old\n")
    (new / "half").mkdir(parents=True)  # no marker: the staging folder was never complete
    output.recover(target)
    assert (target / "a" / "index.html").read_text() == "old\n" and not new.exists()


def test_the_fallback_swap_gives_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    target = tmp_path / "site"
    (target / "keep").mkdir(parents=True)
    (target / "keep" / "x.html").write_text("kept\n")
    (target / "gone.html").write_text("gone\n")
    stage = output.Staging(target).begin(link=True)
    assert stage.files == {"keep/x.html", "gone.html"}
    (stage.path / "gone.html").unlink()
    output.replace_file(stage.path / "new.html", b"new\n")
    stage.commit()
    assert tree(target) == {"keep/x.html": hashlib.sha256(b"kept\n").hexdigest(),
                            "new.html": hashlib.sha256(b"new\n").hexdigest()}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# ---- kill -9 ---------------------------------------------------------------------------------------------

KILLS = 24
PHASES = ("docs", "mkdocs", "pagefind")


def _group_runs_pagefind(pgid: int) -> bool:
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                if b"pagefind" in f.read():
                    return True
        except OSError:
            continue
    return False


def _differ(got: dict, want: dict) -> list[str]:
    out = [k for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k)]
    return out[:12] + ([f"... {len(out)} in all"] if len(out) > 12 else [])


def _phase(project: Path, pagefind_running: bool) -> str:
    if pagefind_running:
        return "pagefind"
    if (project / ".site.annals-new").exists():
        return "mkdocs"
    if (project / ".docs.annals-new").exists():
        return "docs"
    return "other"


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_the_old_or_the_new_output_and_the_next_build_succeeds(tmp_path):
    """Two versions of one archive (an article and a hand-written page differ, so the site is built whole
    half of the time and incrementally the other half); each round starts a build towards the other
    version and kills its whole process group (Pagefind too) at a random moment, then checks that each of
    ``docs/`` and ``site/`` is exactly one of the two versions' complete outputs (built beforehand, from
    nothing, in another folder; the hand-written page itself, which the editor changes in ``docs/``, is
    left out of the comparison).  Each folder is swapped in whole, docs/ first: a kill between the two
    swaps leaves the new docs/ beside the old site/, which the next build brings up to date.  Every fourth
    round lets the build finish instead."""
    project = make_project(tmp_path / "p", archive=None)
    make_archive(project / "archive", 30)
    source = sorted((project / "archive" / "articles").glob("*.txt"))[4]
    about = project / "docs" / "about.md"
    texts = {"article": [source.read_text(encoding="utf-8")], "about": [about.read_text(encoding="utf-8")]}
    longest = max(texts["article"][0].split("\n"), key=len)
    texts["article"].append(texts["article"][0].replace(longest, longest + " Killtestedit.", 1))
    texts["about"].append(texts["about"][0] + "\nKill test.\n")

    def outputs(project: Path) -> tuple[dict, dict]:
        docs = tree(project / "docs")
        docs.pop("about.md")
        return docs, tree(project / "site")

    def set_version(project: Path, v: tuple[int, int]) -> None:
        (project / "archive" / "articles" / source.name).write_text(texts["article"][v[0]], encoding="utf-8")
        (project / "docs" / "about.md").write_text(texts["about"][v[1]], encoding="utf-8")

    assert run_annals("build", "--no-registry-update", cwd=project).returncode == 0  # version (0, 0)
    expected = {}
    for v in ((0, 0), (1, 0), (0, 1), (1, 1)):
        ref = make_project(tmp_path / f"ref{v[0]}{v[1]}", archive=None)
        shutil.copytree(project / "archive", ref / "archive")
        set_version(ref, v)
        assert run_annals("build", "--no-cache", "--no-registry-update", cwd=ref).returncode == 0
        expected[v] = outputs(ref)
        shutil.rmtree(ref)
    assert expected[(0, 0)] == outputs(project)

    def windows(timings: Path, t0: float) -> dict[str, tuple[float, float]]:
        """Seconds after the start of a build during which it wrote docs/, ran MkDocs and ran Pagefind."""
        spans = json.loads(timings.read_text(encoding="utf-8"))["spans"]
        at = {name: (start - t0, end - t0) for name, start, end in spans}
        return {"docs": (at["render"][0], at["write"][1]), "mkdocs": at["mkdocs"], "pagefind": at["pagefind"]}

    def run(target: tuple[int, int], log: str) -> tuple[subprocess.Popen, float]:
        set_version(project, target)
        t0 = time.time()
        return start_build(project, "--no-registry-update", "--timings-json", str(tmp_path / "t.json"),
                           log=tmp_path / log), t0

    archive, seen = (0, 0), {}
    for kind, target in ((0, (1, 0)), (1, (0, 1))):  # an article changes; a hand-written page too
        proc, t0 = run(target, f"measure{kind}.log")
        assert proc.wait(300) == 0
        seen[kind], archive = windows(tmp_path / "t.json", t0), target
    held = {"docs": archive, "site": archive}  # the version each folder holds
    rng = random.Random(20)
    phases = {p: 0 for p in (*PHASES, "other")}
    kills = 0
    for round_ in range(3 * KILLS):  # until KILLS kills, at least 4 in each phase (timing on a busy machine varies)
        if kills >= KILLS and all(phases[p] >= 4 for p in PHASES):
            break
        kind = round_ % 2
        target = (1 - archive[0], 1 - archive[1] if kind else archive[1])
        proc, t0 = run(target, f"round{round_}.log")
        archive = target
        if round_ % 4 == 3:
            assert proc.wait(300) == 0, (tmp_path / f"round{round_}.log").read_text()
            assert outputs(project) == expected[target]
            seen[kind], held = windows(tmp_path / "t.json", t0), {"docs": target, "site": target}
            continue
        # Kill in the phase with the fewest kills so far: wait until the build is in it (its staging folder
        # exists, or Pagefind runs), then a random part of that phase's measured length.  Waiting for the
        # phase itself, not for a time measured on an earlier build, keeps a busy machine's drift out.
        phase = min(PHASES, key=lambda p: phases[p])
        start, end = seen[kind][phase]
        while proc.poll() is None and _phase(project, _group_runs_pagefind(proc.pid)) != phase:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.9) * (end - start))
        running = _group_runs_pagefind(proc.pid)
        if proc.poll() is not None:  # it finished first: the new output, whole
            assert proc.returncode == 0, (tmp_path / f"round{round_}.log").read_text()
            assert outputs(project) == expected[target]
            held = {"docs": target, "site": target}
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        phases[_phase(project, running)] += 1
        kills += 1
        got = dict(zip(("docs", "site"), outputs(project)))
        for i, folder in enumerate(("docs", "site")):
            old, new = expected[held[folder]][i], expected[target][i]
            assert got[folder] in (old, new), (
                f"round {round_} (killed in {_phase(project, running)}): {folder}/ is neither the old nor the new "
                f"output; it differs from the old in {_differ(got[folder], old)}, from the new in "
                f"{_differ(got[folder], new)}")
            held[folder] = target if got[folder] == new else held[folder]
    assert kills >= KILLS and all(phases[p] >= 4 for p in PHASES), phases
    print(f"kills by phase: {phases}")
    set_version(project, (0, 0))
    result = run_annals("build", "--no-registry-update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert outputs(project) == expected[(0, 0)]
    assert [p.name for p in project.iterdir() if ".annals-" in p.name] == []
