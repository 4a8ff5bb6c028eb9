"""Shared test helpers: the repo's paths, a project copy in a temp folder, and page text extraction."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

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
    """Run the real `annals` command (the console script's module) in ``cwd``; ``env`` adds variables."""
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seed archive built once into a temp project (docs/ and site/)."""
    project = make_project(tmp_path_factory.mktemp("site"))
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


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
    """Every page case in one archive, built by the real `annals build` (subprocess, real MkDocs)."""
    project = make_project(tmp_path_factory.mktemp("hostile"), archive=None)
    from hostile_cases import PAGE_CASES, materialise

    for case in PAGE_CASES:
        materialise(case, project / "archive", project / "outside")
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    n = sum(len(c.pages) for c in PAGE_CASES)
    assert result.stdout.splitlines()[0] == f"{n} sources -> {n} article pages"
    return project


@pytest.fixture(scope="session")
def served_hostile_site(hostile_site):
    """The hostile page cases' site served over HTTP on localhost; yields the base URL."""
    server = StaticServer(hostile_site / "site")
    yield server.url
    server.close()
