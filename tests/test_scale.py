"""Scaling: synthetic archives, the per-article cache, the process pool, progress, and page sizes
that do not grow with the archive.  Small N only (speed targets live in `make bench`)."""

from __future__ import annotations

import io
import re
import statistics
from pathlib import Path

import pytest

from annals.pipeline import POOL_MIN_ARTICLES, build_date, check, per_article_stage
from annals.cache import ArticleCache
from annals.progress import Progress
from annals.ingest.sources import load_archive
from annals_dev.synth import make_archive
from conftest import make_project, run_annals
from site_links import check_site


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return make_archive(tmp_path_factory.mktemp("synth") / "archive", POOL_MIN_ARTICLES)


def test_synthetic_archive_checks_without_errors_and_repeats_no_paragraph(synthetic):
    result = check(synthetic)
    assert result.sources == POOL_MIN_ARTICLES
    assert result.errors == ()
    paragraphs = [p.text for r in result.records for p in r.article.paragraphs]
    assert len(paragraphs) > 7 * POOL_MIN_ARTICLES
    assert len(set(paragraphs)) == len(paragraphs)
    titles = {r.article.title for r in result.records}
    assert len(titles) > 0.9 * POOL_MIN_ARTICLES
    assert len({r.article.date for r in result.records}) > 100
    assert any(r.article.byline for r in result.records) and any(r.article.credit for r in result.records)


def test_same_seed_same_archive_other_seed_other_texts(tmp_path):
    a = make_archive(tmp_path / "a", 3, seed=7)
    b = make_archive(tmp_path / "b", 3, seed=7)
    c = make_archive(tmp_path / "c", 3, seed=8)
    read = lambda root: [p.read_bytes() for p in sorted((root / "articles").glob("*.txt"))]
    assert read(a) == read(b)
    assert not set(read(a)) & set(read(c))


def test_pool_gives_the_same_records_as_one_process(synthetic):
    archive, _ = load_archive(synthetic)
    today = build_date()
    serial = per_article_stage(archive, today, jobs=1)
    pooled = per_article_stage(archive, today, jobs=2)
    assert pooled == serial


def test_cache_skips_unchanged_articles_and_recomputes_an_edited_one(synthetic, tmp_path):
    archive_dir = tmp_path / "archive"
    import shutil

    shutil.copytree(synthetic, archive_dir)
    cache = ArticleCache(tmp_path / "cache")
    cold = check(archive_dir, cache=cache)
    assert (cache.hits, cache.misses) == (0, POOL_MIN_ARTICLES)
    cache = ArticleCache(tmp_path / "cache")
    warm = check(archive_dir, cache=cache)
    assert (cache.hits, cache.misses) == (POOL_MIN_ARTICLES, 0)
    assert warm.records == cold.records and warm.problems == cold.problems

    edited = sorted((archive_dir / "articles").glob("*.txt"))[4]
    text = edited.read_text(encoding="utf-8")
    first = next(line for line in text.split("\n")[3:] if len(line) > 80)
    edited.write_text(text.replace(first, first + " Edited.", 1), encoding="utf-8")
    cache = ArticleCache(tmp_path / "cache")
    after = check(archive_dir, cache=cache)
    assert (cache.hits, cache.misses) == (POOL_MIN_ARTICLES - 1, 1)
    assert after.records == check(archive_dir).records  # same as no cache at all
    assert any(p.text.endswith(" Edited.") for r in after.records for p in r.article.paragraphs)


def test_sidecar_edit_misses_the_cache(synthetic, tmp_path):
    import shutil

    archive_dir = tmp_path / "archive"
    shutil.copytree(synthetic, archive_dir)
    check(archive_dir, cache=ArticleCache(tmp_path / "cache"))
    side = sorted((archive_dir / "articles").glob("*.yml"))[0]
    side.write_text(side.read_text(encoding="utf-8") + "title: An editor's title\n", encoding="utf-8")
    cache = ArticleCache(tmp_path / "cache")
    result = check(archive_dir, cache=cache)
    assert cache.misses == 1
    assert result.records[0].article.title == "An editor's title"


def test_progress_prints_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    p = Progress(out, min_items=10, tty=False)
    with p.stage("parse+annotate", 20) as advance:
        for _ in range(20):
            advance(1)
    lines = out.getvalue().splitlines()
    assert lines[0] == "parse+annotate: 0/20"
    assert "parse+annotate: 10/20" in lines
    assert re.fullmatch(r"parse\+annotate: 20/20 in \d+\.\d s", lines[-1])
    assert "\r" not in out.getvalue()


class _Terminal(io.StringIO):
    """An in-memory stream that says it is a terminal, as sys.stderr does in an interactive shell."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream_type", "bar"), [(io.StringIO, False), (_Terminal, True)])
def test_progress_shows_a_bar_on_a_terminal_and_plain_lines_otherwise(stream_type, bar):
    """The CLI passes sys.stderr without saying what it is: Progress asks the stream (isatty)."""
    out = stream_type()
    with Progress(out, min_items=10).stage("render", 40) as advance:
        for _ in range(40):
            advance(1)
    text = out.getvalue()
    assert ("\r" in text) is bar  # tqdm redraws its line; plain output never does
    assert (text.splitlines()[0] == "render: 0/40") is not bar
    assert "40/40" in text


def test_progress_is_silent_for_small_stages():
    out = io.StringIO()
    with Progress(out, min_items=500, tty=False).stage("x", 20) as advance:
        advance(20)
    assert out.getvalue() == ""


def _html_sizes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


SIZES = (100, 200)
"""Two synthetic archives (the second holds the first's articles and as many again): whole listing
pages (50 items) in both, and several pages of every long listing."""

MEDIAN_PAGE_LIMIT = 60_000
HEAVIEST_PAGE_LIMIT = 400_000
"""Issue 4's weight limits (bytes of HTML): median page, heaviest page."""


@pytest.fixture(scope="module")
def scaled_sites(tmp_path_factory) -> dict[int, Path]:
    """The real `annals build` of each synthetic archive in ``SIZES``: N -> project folder."""
    projects = {}
    for n in SIZES:
        project = make_project(tmp_path_factory.mktemp(f"n{n}"), archive=None)
        make_archive(project / "archive", n)
        result = run_annals("build", cwd=project)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        projects[n] = project
    return projects


@pytest.mark.parametrize("n", SIZES)
def test_no_page_is_heavy(scaled_sites, n):
    """Median page under 60 KB, heaviest under 400 KB: no page embeds the whole archive."""
    sizes = _html_sizes(scaled_sites[n] / "site")
    assert len(sizes) > 2 * n
    assert statistics.median(sizes.values()) < MEDIAN_PAGE_LIMIT
    heaviest = max(sizes, key=sizes.get)
    assert sizes[heaviest] < HEAVIEST_PAGE_LIMIT, heaviest


@pytest.mark.parametrize("listing", ["articles/", "quotes/", "elections/us-2012/", "officials/vladimir-putin/"])
def test_long_listings_fill_several_pages(scaled_sites, listing):
    """The larger synthetic archive is large enough to paginate what grows with it."""
    assert (scaled_sites[SIZES[-1]] / "site" / listing / "page" / "3" / "index.html").exists()


def test_every_link_of_the_larger_synthetic_site_resolves(scaled_sites):
    """Pagination, listings and quotation anchors at scale: every internal link and anchor resolves."""
    broken, checked = check_site(scaled_sites[SIZES[-1]] / "site")
    assert [str(b) for b in broken[:20]] == []
    assert checked > 50_000


def test_page_size_does_not_grow_with_the_archive(scaled_sites):
    """Every page of a 100-article build keeps its size in a 200-article build of the same articles
    (no page lists the whole archive, no nav of every article); the largest page stays put."""
    small, large = (_html_sizes(scaled_sites[n] / "site") for n in SIZES)
    assert "articles/page/2/index.html" in small and "articles/page/4/index.html" in large
    last_pages = {}
    for path in small:  # the last page of a paginated listing is partial in the small build: it may fill up
        m = re.fullmatch(r"(.*/)page/(\d+)/index\.html", path)
        if m:
            last_pages[m.group(1)] = max(last_pages.get(m.group(1), 1), int(m.group(2)))
    partial = {f"{base}page/{n}/index.html" for base, n in last_pages.items()}
    partial |= {f"{m.group(1)}index.html" for path in large  # a listing of one page in the small build
                if (m := re.fullmatch(r"(.*/)page/2/index\.html", path)) and m.group(1) not in last_pages}
    common = sorted((set(small) & set(large)) - partial)
    assert len(common) > 100
    grown = {p: (small[p], large[p]) for p in common if large[p] > small[p] * 1.25 + 2_000}
    assert not grown, f"pages that grew with the archive: {grown}"
    assert max(large.values()) <= max(small.values()) * 1.25 + 2_000


@pytest.mark.slow
@pytest.mark.site
def test_serve_rebuilds_only_the_edited_article(tmp_path):
    """`annals serve` on 60 articles: an edit to one raw file shows on its served page; the pipeline
    reuses the cache (1 article re-parsed, its page written first, few files rewritten, an untouched
    article's and the listing's files not) and MkDocs runs a dirty build; on SIGTERM serve removes
    its site folder."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import ROOT

    project = make_project(tmp_path / "p", archive=None)
    make_archive(project / "archive", 60)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(project), "PYTHONPATH": str(ROOT / "scripts"),
           "TMPDIR": str(tmp)}
    log = project / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "annals", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/articles/a000007/"

    def fetch() -> str:
        return urllib.request.urlopen(url, timeout=5).read().decode()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        serving = [p.name for p in project.iterdir() if p.name.startswith(".site.annals-serve-pid")]
        assert len(serving) == 1  # the site MkDocs serves, beside site/
        docs = project / "docs"
        untouched = ("articles/a000030/index.md", "articles/index.md", "index.md")
        mtimes = {p: (docs / p).stat().st_mtime_ns for p in (*untouched, "articles/a000007/index.md")}
        source = sorted((project / "archive" / "articles").glob("*.txt"))[6]
        text = source.read_text(encoding="utf-8")
        longest = max(text.split("\n"), key=len)
        source.write_text(text.replace(longest, longest + " Zanzibarwordedit.", 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "Zanzibarwordedit" not in fetch():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        while len(re.findall(r"\(\d+ files changed\)", log.read_text())) < 2:  # the whole-site step too
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    text = log.read_text()
    assert "dirty" in text.lower()
    assert "1 article page(s) edited, 1 rewritten first" in text, text  # the quick step, before the archive is read again
    changed = [int(m) for m in re.findall(r"\((\d+) files changed\)", text)]
    assert changed[0] > 60 and 1 <= changed[-1] < 10, text
    assert (docs / "articles/a000007/index.md").stat().st_mtime_ns != mtimes["articles/a000007/index.md"]
    assert {p: (docs / p).stat().st_mtime_ns for p in untouched} == {p: mtimes[p] for p in untouched}
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []  # the preview's site is gone


@pytest.mark.slow
def test_bench_prints_a_table_per_size(tmp_path):
    """`annals bench` end to end on a tiny archive (the slow parts skipped): one table with every stage of
    the build, the throughput and the page figures.  Speed is not checked here."""
    result = run_annals("bench", "--sizes", "30", "--skip", "warm,pagefind,search,preview,bare,zensical",
                        "--work-dir", str(tmp_path / "bench"), "--json", str(tmp_path / "bench.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("### N = ") == 1 and "### N = 30" in out
    for row in ("| load |", "| parse+annotate |", "| render |", "| write |", "| mkdocs |", "**annals build, total**",
                "our stages (load, parse+annotate, cross-article, render) |", "| median / largest page |"):
        assert row in out, (row, out)
    assert re.search(r"\| HTML pages \| \d{2,} \|", out), out
    import json

    (figures,) = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert figures["n"] == 30 and figures["throughput"] > 0 and figures["median_page"] > 1000
