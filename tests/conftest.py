"""Shared test helpers: the repo's paths, a project copy in a temp folder, and page text extraction.

Test lanes (``make test`` runs them all; ``make test-fast`` only the unmarked ones):

* ``site``: builds a site (real MkDocs) or runs ``annals build``/``serve``;
* ``cli``: runs a program in a subprocess (the ``annals`` command: Python's start-up and every import each time);
* ``slow``: builds a larger synthetic archive or runs a long search;
* ``browser``: drives a real headless Chromium.

``site``, ``cli`` and ``slow`` are given at collection from what a test and its fixtures run
(:func:`pytest_collection_modifyitems`: a site fixture, ``run_annals("build")``, ``run_mkdocs``, a
subprocess), and checked when it runs: ``run_annals`` in a test without ``cli`` (or ``build`` without
``site``) fails, so that the fast lane never starts a process or builds a site by mistake.

The seed and hostile sites are built once per run, not once per xdist worker (:func:`shared_build`).
Hypothesis examples: with ``HYPOTHESIS_PROFILE=fast`` (``make test-fast``) property tests try a tenth as many
(:func:`examples`).
"""

from __future__ import annotations

import fcntl
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from hypothesis import settings

settings.register_profile("fast", max_examples=20)
if os.environ.get("HYPOTHESIS_PROFILE") == "fast":
    settings.load_profile("fast")

SITE_FIXTURES = frozenset({"built_site", "hostile_site", "world_site", "strict_site", "evolution", "scaled_sites"})
"""Fixtures that build a site: a test using one (directly or through another fixture) is marked ``site``."""
SLOW_FIXTURES = frozenset({"synthetic", "scaled_sites"})
"""Fixtures that make a larger synthetic archive: a test using one is marked ``slow``."""
SLOW_MODULES = {
    "test_attribution_linear.py": "times the finder on paragraphs up to 1 MB",
    "test_hostile.py": "every case of tests/hostile/ through the real checks: about 150 archives",
}
"""Test modules that are slow as a whole, with the reason."""


_BUILDS = re.compile(r"""run_annals\(\s*["'](?:build|serve)["']|run_mkdocs\(|\bbuild\(""")
_SUBPROCESS = re.compile(r"run_annals\(|subprocess\.|Popen\(")


def _code_of(item) -> str:
    """The source of a test and of every fixture it uses (what it will run)."""
    funcs = [item.function] + [d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs]
    text = []
    for func in funcs:
        try:
            text.append(inspect.getsource(func))
        except (OSError, TypeError):
            pass
    return "\n".join(text)


def pytest_collection_modifyitems(config, items):
    """Give each test its lane from what it runs (a test may also say so itself)."""
    for item in items:
        names, code = set(item.fixturenames), _code_of(item)
        if SITE_FIXTURES & names or _BUILDS.search(code):
            item.add_marker(pytest.mark.site)
        if SLOW_FIXTURES & names or item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if _SUBPROCESS.search(code):
            item.add_marker(pytest.mark.cli)


def examples(n: int) -> int:
    """Hypothesis examples for a property test: ``n``, or a tenth of it (at least 20) in the fast lane."""
    return n if os.environ.get("HYPOTHESIS_PROFILE") != "fast" else max(20, n // 10)


_LANE = {"site": True, "cli": True}
"""Whether the running test may build a site (set before each test's fixtures by ``pytest_runtest_setup``)."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _LANE["site"] = any(item.get_closest_marker(m) for m in ("site", "slow", "browser"))
    _LANE["cli"] = _LANE["site"] or item.get_closest_marker("cli") is not None


def shared_build(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` once per test run, whatever the number of xdist workers: the first worker to take the
    lock builds into a folder all of them share; the others wait and use it.  The result is read-only by
    convention (a test that changes files copies them first)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's base folder, shared by the workers
    target, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)
            make(target)
            done.write_text("built\n", encoding="utf-8")
    return target

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "archive"
SEEDS = ROOT.parent / "shared" / "seeds"
HAND_WRITTEN = ("about.md", "assets", "cite.md", "methodology.md", "search.md")  # docs/ entries that are not generated


def make_project(tmp: Path, archive: Path | None = ARCHIVE) -> Path:
    """A self-contained project folder: mkdocs.yml, the hand-written docs, and a copy of an archive."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp / "overrides", dirs_exist_ok=True)
    (tmp / "docs").mkdir(exist_ok=True)
    for name in HAND_WRITTEN:
        src = ROOT / "docs" / name
        if src.is_dir():
            shutil.copytree(src, tmp / "docs" / name, dirs_exist_ok=True)
        else:
            shutil.copy(src, tmp / "docs" / name)
    if archive is not None:
        shutil.copytree(archive, tmp / "archive")
    return tmp


def run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `annals` command (the console script's module) in ``cwd``; ``env`` adds variables.
    ``build`` and ``serve`` are for tests marked ``site`` (or ``slow``, ``browser``)."""
    if args and args[0] in ("build", "serve") and not _LANE["site"]:
        pytest.fail(f"annals {args[0]} builds a site: mark this test @pytest.mark.site (the fast lane builds none)")
    if not _LANE["cli"]:
        pytest.fail("run_annals starts a process: mark this test @pytest.mark.cli (the fast lane starts none)")
    return _run_annals(*args, cwd=cwd, env=env)


def _run_annals(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(cwd),
           "PYTHONPATH": str(ROOT / "scripts"), **(env or {})}  # this checkout's package, even beside another install
    return subprocess.run([sys.executable, "-m", "annals", *args], cwd=cwd, capture_output=True, text=True, env=env)


def visible_text(html_bytes: bytes, selector: str = ".annals-source") -> str:
    """Whitespace-normalised text of the elements matching ``selector`` (annotation furniture excluded)."""
    doc = lxml.html.fromstring(html_bytes)
    for el in doc.cssselect(".annals-annotation"):
        el.drop_tree()
    parts = [" ".join(el.text_content().split()) for el in doc.cssselect(selector)]
    return " ".join(parts)


@pytest.fixture
def clipboard(tmp_path_factory):
    """Hold the clipboard for one test: every Chromium of the run (one per xdist worker) shares one clipboard,
    so a test that writes it and reads it back must not overlap another that does (a lock in the run's base
    folder, shared by the workers)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    with open(root / "clipboard.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seed archive built once per test run into a temp project (docs/ and site/)."""
    def make(folder: Path) -> None:
        make_project(folder)
        result = _run_annals("build", cwd=folder)
        assert result.returncode == 0, result.stderr

    return shared_build(tmp_path_factory, "seeds", make)


# ---- real browser: Debian's chromium driven by Playwright, pages served by a static server ----

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's, installed by `make test`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class StaticServer:
    """``python -m http.server``-equivalent serving one folder on a free localhost port."""

    def __init__(self, folder: Path):
        import functools
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def served_site(built_site):
    """The seed site served over HTTP on localhost; yields the base URL."""
    server = StaticServer(built_site / "site")
    yield server.url
    server.close()


@pytest.fixture
def page(browser):
    """A fresh browser page whose requests to anything but localhost are recorded and blocked."""
    context = browser.new_context()
    pg = context.new_page()
    pg.outside_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            pg.outside_requests.append(url)
            route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()


# ---- hostile input (issue 8): every page case of tests/hostile/ built once --------------------

@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """Every page case in one archive, built once per test run by the real `annals build` (subprocess, real MkDocs)."""
    from hostile_cases import PAGE_CASES, materialise

    def make(project: Path) -> None:
        make_project(project, archive=None)
        for case in PAGE_CASES:
            materialise(case, project / "archive", project / "outside")
        result = _run_annals("build", cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        n = sum(len(c.pages) for c in PAGE_CASES)
        assert result.stdout.splitlines()[0] == f"{n} sources -> {n} article pages"

    return shared_build(tmp_path_factory, "hostile", make)


@pytest.fixture(scope="session")
def served_hostile_site(hostile_site):
    """The hostile page cases' site served over HTTP on localhost; yields the base URL."""
    server = StaticServer(hostile_site / "site")
    yield server.url
    server.close()
