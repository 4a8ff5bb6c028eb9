"""Byte identity of the build's output: a digest of ``docs/`` and ``site/`` for two archives.

A restructuring (modules moved, code reorganised) must not change what the build writes.  This
tool builds two projects with the checkout's own ``annals`` (``scripts/`` of this checkout first on
the path) and a fixed ``SOURCE_DATE_EPOCH``:

* ``seeds``: the repository's ``archive/`` (the five seed articles and the gazetteers);
* ``synth200``: a synthetic archive of 200 articles (``annals_dev.synth`` or, in checkouts from
  before the developer tools left the package, ``annals.synth``; seed 1, the repository's gazetteers),
  enough to run the per-article stage in its process pool;

and prints, for each project and each of ``docs/`` and ``site/``, the number of files and one
SHA-256 over every file's path and content, in path order::

    seeds docs 118 3f0c...
    seeds site 402 91aa...

``--check FILE`` compares these lines with a reference written earlier (``--write FILE``) and
exits 1, naming the trees that differ, when they do not match; ``--manifest DIR`` also writes
each tree's per-file hashes there, so that two checkouts' manifests can be compared with ``diff``
to find the files that changed.  The test ``tests/test_identity.py`` runs the check against
``tests/fixtures/identity.txt``; a commit that changes the output on purpose rewrites that file
(``make identity-update``) and says why.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"
"""``SOURCE_DATE_EPOCH`` of every build here: 2026-01-01T00:00:00Z (after every seed's date)."""
SYNTH_ARTICLES = 200
SYNTH_SEED = 1
TREES = ("docs", "site")


def hand_written(repo: Path) -> list[Path]:
    """The files of ``docs/`` that git tracks (the hand-written pages and assets), relative to ``docs/``."""
    out = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "docs"], capture_output=True, check=True)
    return sorted(Path(p).relative_to("docs") for p in out.stdout.decode("utf-8").split("\0") if p)


def make_project(dest: Path, repo: Path = REPO) -> Path:
    """A project folder with the checkout's ``mkdocs.yml``, ``overrides/`` and hand-written ``docs/``."""
    dest.mkdir(parents=True)
    shutil.copy(repo / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(repo / "overrides", dest / "overrides")
    for rel in hand_written(repo):
        (dest / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo / "docs" / rel, dest / "docs" / rel)
    return dest


def make_synthetic(dest: Path, repo: Path = REPO) -> None:
    """The synthetic archive, from whichever module the checkout has."""
    try:
        from annals_dev.synth import make_archive
    except ImportError:  # a checkout from before the developer tools left the package
        from annals.synth import make_archive
    make_archive(dest, SYNTH_ARTICLES, seed=SYNTH_SEED, template=repo / "archive")


def env(repo: Path = REPO) -> dict:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
            "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(repo / "scripts"),
            "LANG": "C.UTF-8"}


def build(project: Path, repo: Path = REPO) -> None:
    """``annals build`` in ``project`` with this checkout's package; raises with its output on failure."""
    result = subprocess.run([sys.executable, "-m", "annals", "build", "--no-cache"], cwd=project,
                            capture_output=True, text=True, env=env(repo))
    if result.returncode != 0:
        raise RuntimeError(f"annals build failed in {project}:\n{result.stdout}\n{result.stderr}")


def manifest(folder: Path) -> list[tuple[str, str]]:
    """(path relative to ``folder``, SHA-256 of the content) of every file, in path order."""
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        out.append((path.relative_to(folder).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()))
    return out


def digest(entries: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for rel, sha in entries:
        h.update(rel.encode("utf-8") + b"\0" + sha.encode("ascii") + b"\n")
    return h.hexdigest()


def identity(work: Path, repo: Path = REPO, manifests: Path | None = None) -> list[str]:
    """Build both projects under ``work`` and return the digest lines (``<project> <tree> <files> <sha256>``)."""
    seeds = make_project(work / "seeds", repo)
    shutil.copytree(repo / "archive", seeds / "archive")
    synth = make_project(work / "synth200", repo)
    make_synthetic(synth / "archive", repo)
    lines = []
    for project in (seeds, synth):
        build(project, repo)
        for tree in TREES:
            entries = manifest(project / tree)
            lines.append(f"{project.name} {tree} {len(entries)} {digest(entries)}")
            if manifests is not None:
                manifests.mkdir(parents=True, exist_ok=True)
                (manifests / f"{project.name}-{tree}.txt").write_text(
                    "".join(f"{sha}  {rel}\n" for rel, sha in entries), encoding="utf-8")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annals_dev.identity", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", metavar="FILE", help="compare with the digest lines in FILE; exit 1 if they differ")
    ap.add_argument("--write", metavar="FILE", help="write the digest lines to FILE (the new reference)")
    ap.add_argument("--manifest", metavar="DIR", help="also write each tree's per-file hashes into DIR")
    ap.add_argument("--work-dir", metavar="DIR", help="build here and keep it (default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.mkdtemp(prefix="annals-identity-"))
    try:
        lines = identity(work, REPO, Path(args.manifest) if args.manifest else None)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.check:
        want = [x for x in Path(args.check).read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        differ = [w.split()[0] + " " + w.split()[1] for w, g in zip(want, lines) if w != g]
        if len(want) != len(lines) or differ:
            print(f"differs from {args.check}: {', '.join(differ) or 'number of lines'}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
