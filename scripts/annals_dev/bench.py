"""``annals bench``: build synthetic archives of N articles and measure every stage.

For each N (default 100 and 1,000; 10,000 with ``--sizes 100,1000,10000``) the bench makes a project in a scratch folder
(this repo's ``mkdocs.yml``, ``overrides/`` and hand-written ``docs/``, a synthetic archive of
N articles with the repo's gazetteers) and measures, each in its own process so that peak
memory belongs to it:

- ``annals build`` with a cold cache: wall time and peak memory (the whole process tree's proportional
  set size, sampled from ``/proc``: a page that a forked worker shares with its parent counts once; the
  sum of the processes' RSS, which counts it in each, is printed beside it) of each stage (load, parse+annotate, cross-article, render, write,
  MkDocs, and whatever else the build runs), and our stages' throughput in articles/s;
- the same pipeline again with a warm cache (``--no-site``);
- one article edited, then ten articles added, each followed by ``annals build`` (warm cache, the last
  ``docs/`` and ``site/`` kept: the incremental build);
- Pagefind over the site when the build did not already run it;
- page sizes (median and largest HTML page), the site's size, and the bytes a browser fetches
  for a first search (Chromium through Playwright, counted by the local server);
- edit-to-preview: ``annals serve`` started (warm cache, the built site: its start-up is timed until it
  serves an article), one raw article edited, time until the served page shows the edit;
- a bare MkDocs + Material build of the same articles as plain Markdown pages (out of the nav,
  default search plugin on), and our total as a ratio of it; its first search (Material's index) and
  ``mkdocs serve``'s start-up and edit-to-preview;
- Zensical over the same ``docs/`` when it is installed.

Each stage also gets its CPU time (the build's own account of itself and its ended children; the
bench's account of each process it ran).  On a machine shared with other jobs the wall times measure
the load as much as the build; CPU time does not, so the table adds two estimates for idle cores:
our stages' throughput, and our total against the bare build (each stage's CPU time, the process
pool's divided by the cores; bare MkDocs runs on one core).

First comes issue 20's table (:func:`issue_table`): each row's figure beside the same-run bare figure, the
ratio and the issue's target and moonshot.

Nothing here is a test: it prints figures.  Use ``--sizes`` to choose N and ``--skip`` to leave
parts out.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from annals_dev.synth import add_articles, make_archive

REPO = Path(__file__).resolve().parents[2]
PARTS = ("warm", "incremental", "pagefind", "search", "preview", "bare", "zensical", "attribution")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# ---- measuring a process tree -----------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            kids.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return kids


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def tree_rss(pid: int, pids: list[int] | None = None) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants, summed: an upper bound of what the tree
    uses, since pages shared by several processes (a forked worker shares its parent's) count once in
    each."""
    total = 0
    for p in pids if pids is not None else tree_pids(pid):
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total


def tree_pss(pid: int, pids: list[int] | None = None) -> int:
    """Proportional set size (bytes) of ``pid`` and all its descendants, summed (``/proc/<pid>/smaps_rollup``):
    a page shared by k processes counts 1/k in each, so the sum is the memory the tree really holds.  Reading
    it costs the kernel a walk of each process's page tables (about 20 ms of CPU per GB)."""
    total = 0
    for p in pids if pids is not None else tree_pids(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            pass
    return total


@dataclass
class Run:
    """One measured process."""

    wall: float
    peak: int
    """Peak memory of the process tree, bytes: its proportional set size (:func:`tree_pss`), shared pages
    counted once."""
    cpu: float
    """CPU seconds (user + system) of the process and the children it waited for."""
    returncode: int
    stdout: str
    stderr: str
    samples: list = field(default_factory=list)
    """(time.time(), memory bytes) samples: the tree's PSS where it was read, else its RSS capped by the
    peak PSS so far."""
    peak_rss: int = 0
    """Peak of the tree's resident memory summed over its processes (:func:`tree_rss`, shared pages counted in
    each process): the figure benches before 2026-12-07 printed."""

    def peak_between(self, start: float, end: float) -> int:
        inside = [rss for t, rss in self.samples if start <= t <= end]
        return max(inside, default=0)


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def idle_estimate(stage_cpu: dict, total_cpu: float, parallel: tuple[str, ...] = ("parse+annotate",)) -> float:
    """Wall time the stages would take on this machine with nothing else running: each stage's CPU time,
    the parallel ones divided by the cores, plus what no stage accounts for (start-up, imports).

    Wall times on a shared machine measure the other jobs as much as ours; CPU time does not."""
    n = cores()
    in_stages = sum(stage_cpu.values())
    return sum(c / n if name in parallel else c for name, c in stage_cpu.items()) + max(0.0, total_cpu - in_stages)


PSS_INTERVAL = 0.5
"""Seconds between two readings of a tree's PSS (each a walk of its page tables by the kernel)."""


def measure(cmd: list[str], cwd: Path, env: dict | None = None, interval: float = 0.05) -> Run:
    """Run ``cmd`` to completion, sampling its process tree's memory every ``interval`` s."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    c0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
    samples = []
    peak = peak_rss = 0
    pss_at = float("-inf")
    while proc.poll() is None:
        pids = tree_pids(proc.pid)
        rss = tree_rss(proc.pid, pids)
        peak_rss = max(peak_rss, rss)
        now = time.monotonic()
        # PSS <= RSS: read it (costly) only when it could be a new peak, at most every PSS_INTERVAL seconds
        if rss > peak and now - pss_at >= PSS_INTERVAL:
            pss_at = now
            mem = tree_pss(proc.pid, pids)
            peak = max(peak, mem)
        else:
            mem = min(rss, peak)
        samples.append((time.time(), mem))
        time.sleep(interval)
    wall = time.perf_counter() - t0
    out.seek(0)
    err.seek(0)
    return Run(wall, peak, _children_cpu() - c0, proc.returncode, out.read().decode("utf-8", "replace"),
               err.read().decode("utf-8", "replace"), samples, peak_rss)


def _env() -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(REPO / "scripts") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _annals(*args: str) -> list[str]:
    return [sys.executable, "-m", "annals", *args]


# ---- projects -----------------------------------------------------------------------------

def hand_written_docs(docs: Path) -> list[Path]:
    """The repo's hand-written docs entries: everything in docs/ the build did not generate."""
    manifest = docs / ".annals-generated"
    generated = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.exists() else set()
    tops = {g.split("/", 1)[0] for g in generated if "/" in g} | {g for g in generated if "/" not in g}
    out = []
    for path in sorted(docs.iterdir()):
        if path.name == ".annals-generated" or path.name in tops and path.name != "assets":
            continue
        out.append(path)
    return out


def make_project(dest: Path, n: int, seed: int) -> Path:
    """A scratch project of N synthetic articles using this repo's configuration and theme."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", dest / "overrides")
    (dest / "docs").mkdir()
    for path in hand_written_docs(REPO / "docs"):
        if path.is_dir():
            shutil.copytree(path, dest / "docs" / path.name)
        else:
            shutil.copy(path, dest / "docs" / path.name)
    make_archive(dest / "archive", n, seed=seed, template=REPO / "archive")
    return dest


BARE_MKDOCS_YML = """site_name: Bare
site_url: https://bare.example.org/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
not_in_nav: |
  /articles/
"""


def make_bare_project(dest: Path, project: Path) -> int:
    """The same articles as plain Markdown pages (title, date line, paragraphs) for a bare build."""
    from annals.pipeline import check

    result = check(project / "archive")
    docs = dest / "docs" / "articles"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(BARE_MKDOCS_YML, encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# Bare\n\nThe same articles, plain.\n", encoding="utf-8")
    for rec in result.records:
        a = rec.article
        body = "\n\n".join(p.text for p in a.paragraphs)
        (docs / f"{a.id}.md").write_text(f"# {a.title}\n\n{a.date or 'undated'} · {a.publisher or ''}\n\n{body}\n",
                                         encoding="utf-8")
    return len(result.records)


# ---- site figures ---------------------------------------------------------------------------

def site_figures(site: Path) -> dict:
    pages = sorted(p.stat().st_size for p in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    return {"pages": len(pages), "median_page": int(statistics.median(pages)), "largest_page": pages[-1],
            "largest_page_path": largest.relative_to(site).as_posix(), "site_bytes": total}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingServer:
    """Serves a folder on localhost and records the size (raw and gzipped) of every file served."""

    def __init__(self, folder: Path):
        import functools
        import http.server

        served = self.served = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = Path(self.translate_path(self.path))
                if path.is_dir():
                    path = path / "index.html"
                super().do_GET()
                if path.is_file():
                    data = path.read_bytes()
                    served.append((self.path, len(data), len(gzip.compress(data, 6))))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


SEARCH_INPUTS = ("input.md-search__input", "input.pagefind-ui__search-input", "#annals-search input", "input[type=search]")
SEARCH_DONE = "[data-annals-search-results][aria-busy=false]"
"""The header's result list says it is done (``docs/assets/search.js``)."""


def first_search_bytes(site: Path, query: str = "Lavrov sanctions", second: str = "Peskov election",
                       wait_results: bool = True) -> dict:
    """Bytes a browser fetches for search when it opens the home page and makes one query, and the time
    to results.

    Counted: every file whose path names ``search`` or ``pagefind`` (script, index, worker, WASM, chunks,
    fragments) and the articles' ``quotes.json`` that search.js fetches for the results it shows, from
    page load until results show; raw and gzip-compressed sizes.  Timed: from focusing
    the header's box (the index not yet loaded) to the results shown, for the first query, and for a
    second query on the warm index."""
    from playwright.sync_api import sync_playwright

    server = CountingServer(site)
    res: dict = {}
    counted: list = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(server.url, wait_until="networkidle")
            used = None
            for sel in SEARCH_INPUTS:
                loc = page.locator(sel)
                if loc.count():
                    used = sel
                    if not loc.first.is_visible():
                        page.keyboard.press("/")
                        with contextlib.suppress(Exception):
                            page.locator("label.md-search__icon, label[for=__search]").first.click(timeout=2000)
                    t0 = time.perf_counter()
                    loc.first.click(timeout=5000, force=True)
                    loc.first.fill(query)
                    if wait_results and (page.locator(SEARCH_DONE).count() or sel == "input.md-search__input"):
                        page.wait_for_selector(SEARCH_DONE, state="attached", timeout=60_000)
                        res["search_first_ms"] = (time.perf_counter() - t0) * 1000
                        res["search_results"] = page.locator("[data-annals-search-results] a").count()
                    break
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            counted = list(server.served)
            if wait_results and used == "input.md-search__input" and "search_first_ms" in res:
                loc = page.locator(used).first
                t0 = time.perf_counter()
                loc.fill(second)
                page.wait_for_function(f"document.querySelector('[data-annals-search-results]').getAttribute('aria-busy') === 'false'"
                                       f" && document.querySelector('.md-search__input').value === {json.dumps(second)}",
                                       timeout=60_000)
                res["search_second_ms"] = (time.perf_counter() - t0) * 1000
            browser.close()
    finally:
        server.close()
    hits = [s for s in counted if "search" in s[0] or "pagefind" in s[0] or s[0].endswith("/quotes.json")]
    return {"search_input": used, "search_files": len(hits), "search_bytes": sum(s[1] for s in hits),
            "search_bytes_gzip": sum(s[2] for s in hits), **res}


# ---- edit to preview --------------------------------------------------------------------------

def edit_line(path: Path, marker: str) -> None:
    """Append `` <marker>.`` to the longest line of a text file (an edit inside a paragraph)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = max(range(len(lines)), key=lambda k: len(lines[k]))
    lines[i] += f" {marker}."
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_to_preview(project: Path, timeout: float = 600.0, bare: bool = False) -> dict:
    """Start ``annals serve`` (``bare``: ``mkdocs serve`` of the bare project), time until it serves the first
    article (start-up), then edit that article's source and time until the served page shows the edit."""
    port = _free_port()
    log = open(project / "serve.log", "wb")
    cmd = ([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] if bare
           else _annals("serve", "--dev-addr", f"127.0.0.1:{port}"))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if proc.poll() is not None:
                return {"preview_error": "serve exited: " + (project / "serve.log").read_text()[-400:]}
            try:
                urllib.request.urlopen(base + "articles/a000001/", timeout=5).read()
                break
            except OSError:
                if time.perf_counter() - t0 > timeout:
                    return {"preview_error": "serve did not start"}
                time.sleep(0.1)
        startup = time.perf_counter() - t0
        time.sleep(1.0)
        source = (project / "docs" / "articles" / "a000001.md" if bare
                  else sorted((project / "archive" / "articles").glob("*.txt"))[0])
        marker = f"Benchmarkedit{int(time.time())}"
        t0 = time.perf_counter()
        edit_line(source, marker)
        while time.perf_counter() - t0 < timeout:
            try:
                if marker in urllib.request.urlopen(base + "articles/a000001/", timeout=5).read().decode():
                    return {"serve_startup": startup, "edit_to_preview": time.perf_counter() - t0}
            except OSError:
                pass
            time.sleep(0.05)
        return {"serve_startup": startup, "preview_error": f"edit not shown after {timeout:.0f} s"}
    finally:
        os.killpg(proc.pid, 15)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
        log.close()


def rebuild(project: Path, name: str) -> dict:
    """One ``annals build`` after an edit (warm cache, the last output kept): wall, CPU, peak memory of the
    process tree, and how many site files MkDocs built again (None: the whole site)."""
    timings = project / f"timings-{name}.json"
    run = measure(_annals("build", "--timings-json", str(timings)), project, _env())
    if run.returncode != 0:
        raise RuntimeError(f"annals build ({name}) failed:\n{run.stderr[-3000:]}")
    t = json.loads(timings.read_text(encoding="utf-8"))
    return {"wall": run.wall, "cpu": run.cpu, "peak": run.peak, "peak_rss": run.peak_rss, "site_files_built": t.get("site_files_built"),
            "stages": {k: round(v, 3) for k, v in t.items() if isinstance(v, float)}}


# ---- one size -----------------------------------------------------------------------------

def bench_one(n: int, work: Path, skip: set[str], seed: int, log=print) -> dict:
    res: dict = {"n": n, "load_before": os.getloadavg()[0]}
    project = make_project(work / f"n{n}", n, seed)
    res["archive_bytes"] = sum(p.stat().st_size for p in (project / "archive" / "articles").glob("*.txt"))
    log(f"[{n}] archive written ({res['archive_bytes'] / 1e6:.1f} MB of raw text); building ...")
    timings_file = project / "timings.json"
    run = measure(_annals("build", "--timings-json", str(timings_file), "--cache-dir", ".cache/annals"), project, _env())
    if run.returncode != 0:
        raise RuntimeError(f"annals build failed at N={n}:\n{run.stderr[-3000:]}")
    timings = json.loads(timings_file.read_text())
    stages = {}
    for name, start, end in timings["spans"]:
        stages[name] = {"wall": end - start, "peak": run.peak_between(start, end), "cpu": timings.get("cpu", {}).get(name)}
    res["stages"] = stages
    res["build_wall"], res["build_peak"], res["build_cpu"] = run.wall, run.peak, run.cpu
    res["build_peak_rss"] = run.peak_rss
    own = ("load", "parse+annotate", "cross-article", "render")
    ours = sum(stages[s]["wall"] for s in own if s in stages)
    res["our_stages_wall"] = ours
    res["throughput"] = n / ours if ours else None
    own_cpu = {s: stages[s]["cpu"] for s in own if stages.get(s, {}).get("cpu") is not None}
    if own_cpu:
        res["our_stages_cpu"] = sum(own_cpu.values())
        res["our_stages_idle"] = idle_estimate(own_cpu, 0.0)
        res["throughput_idle"] = n / res["our_stages_idle"]
    all_cpu = {name: st["cpu"] for name, st in stages.items() if st["cpu"] is not None}
    res["build_idle"] = idle_estimate(all_cpu, run.cpu) if all_cpu else None
    res.update(site_figures(project / "site"))
    if "warm" not in skip:
        warm = measure(_annals("build", "--no-site", "--timings-json", str(project / "timings-warm.json")), project, _env())
        wt = json.loads((project / "timings-warm.json").read_text())
        res["warm_pipeline_wall"] = warm.wall
        res["warm_parse_annotate"] = wt.get("parse+annotate")
    bare = work / f"n{n}-bare"
    if "bare" not in skip:
        make_bare_project(bare, project)  # the same N articles, before the incremental rows add ten
    if "incremental" not in skip:
        log(f"[{n}] edit one article, rebuild ...")
        edit_line(sorted((project / "archive" / "articles").glob("*.txt"))[n // 2], "Benchmarkeditone")
        res["edit_one"] = rebuild(project, "edit-one")
        log(f"[{n}] add 10 articles, rebuild ...")
        add_articles(project / "archive", n + 1, 10, seed)
        res["add_ten"] = rebuild(project, "add-ten")
    if "pagefind" not in skip and not (project / "site" / "pagefind").exists():
        log(f"[{n}] pagefind ...")
        pf = measure([sys.executable, "-m", "pagefind", "--site", "site"], project, _env())
        res["pagefind"] = {"wall": pf.wall, "peak": pf.peak, "cpu": pf.cpu, "separate": True, "ok": pf.returncode == 0}
    elif (project / "site" / "pagefind").exists():
        res["pagefind"] = {"separate": False}
    pf_dir = project / "site" / "pagefind"
    if pf_dir.is_dir():
        files = [p for p in pf_dir.rglob("*") if p.is_file()]
        res["pagefind_index_bytes"], res["pagefind_files"] = sum(p.stat().st_size for p in files), len(files)
    if "search" not in skip:
        log(f"[{n}] first search in Chromium ...")
        try:
            res.update(first_search_bytes(project / "site"))
        except Exception as exc:  # the bench reports what it could not measure and goes on
            res["search_error"] = f"{type(exc).__name__}: {exc}"[:300]
    if "bare" not in skip:
        log(f"[{n}] bare MkDocs + Material ...")
        b = measure([sys.executable, "-m", "mkdocs", "build", "-q"], bare, _env())
        res["bare"] = {"wall": b.wall, "peak": b.peak, "cpu": b.cpu, "ok": b.returncode == 0, **{
            k: v for k, v in site_figures(bare / "site").items() if k in ("median_page", "site_bytes")}}
        if (bare / "site" / "search" / "search_index.json").exists():
            res["bare"]["search_index_bytes"] = (bare / "site" / "search" / "search_index.json").stat().st_size
        if "search" not in skip:
            try:
                found = first_search_bytes(bare / "site", wait_results=False)
                res["bare"].update({k: found[k] for k in ("search_bytes", "search_bytes_gzip", "search_files")})
            except Exception as exc:
                res["bare"]["search_error"] = f"{type(exc).__name__}: {exc}"[:300]
        if "preview" not in skip:
            log(f"[{n}] bare: edit-to-preview with mkdocs serve ...")
            res["bare"].update(edit_to_preview(bare, bare=True))
        total = res["build_wall"] + (res["pagefind"]["wall"] if res.get("pagefind", {}).get("separate") else 0)
        res["ratio_to_bare"] = total / b.wall
        if res.get("build_idle") and b.cpu:
            separate = res["pagefind"]["cpu"] if res.get("pagefind", {}).get("separate") else 0.0
            res["ratio_to_bare_idle"] = (res["build_idle"] + separate) / b.cpu  # bare MkDocs is one process, one core
    if "zensical" not in skip and shutil.which("zensical", path=str(Path(sys.executable).parent)):
        log(f"[{n}] zensical ...")
        cfg = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.zensical.yml").write_text(cfg + "\nsite_dir: zensical-site\n", encoding="utf-8")
        z = measure([str(Path(sys.executable).parent / "zensical"), "build", "-f", "mkdocs.zensical.yml"], project, _env())
        res["zensical"] = {"wall": z.wall, "peak": z.peak, "cpu": z.cpu, "ok": z.returncode == 0}
    if "preview" not in skip:
        log(f"[{n}] edit-to-preview with annals serve ...")
        res.update(edit_to_preview(project))
    res["load_after"] = os.getloadavg()[0]
    return res


# ---- report -----------------------------------------------------------------------------------

def _mb(b: int | None) -> str:
    return "—" if not b else f"{b / 1e6:,.1f} MB"


def _kb(b: int | None) -> str:
    return "—" if b is None else f"{b / 1e3:,.1f} KB"


def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f} s"


ISSUE_ROWS = (
    # (row, our figure, bare figure, kind, target, moonshot): kind "ratio" compares ours / bare with the
    # target and moonshot; "bytes" and "seconds" compare our figure itself.
    ("edit one article, rebuild", "edit_one.wall", "bare.wall", "ratio", 1.0, 0.2),
    ("add 10 articles, rebuild", "add_ten.wall", "bare.wall", "ratio", 1.2, 0.3),
    ("cold build", "build_wall", "bare.wall", "ratio", 6.0, 2.0),
    ("peak memory of the whole build (process tree)", "peak", "bare.peak", "bytes", 2e9, 1e9),
    ("first search transfer", "search_bytes", "bare.search_bytes", "bytes", 400e3, 250e3),
    ("edit-to-preview in serve", "edit_to_preview", "bare.edit_to_preview", "seconds", 5.0, 1.0),
    ("serve start-up (warm cache)", "serve_startup", "bare.serve_startup", "seconds", 60.0, 10.0),
)
"""Issue 20's table: the figure, the same-run bare MkDocs + Material figure (a full ``mkdocs build`` of the
same articles as plain pages for the build rows, its peak memory, Material's search, ``mkdocs serve``), the
ratio, and the targets (which apply at N = 10,000)."""


def _get(res: dict, path: str):
    value = res
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _figure(kind: str, value) -> str:
    if value is None:
        return "—"
    return _mb(value) if kind == "bytes" and value >= 1e6 else _kb(value) if kind == "bytes" else _s(value)


def issue_table(res: dict) -> str:
    """Issue 20's table for one N."""
    res = {**res, "peak": max((x for x in (res.get("build_peak"), _get(res, "edit_one.peak"),
                                           _get(res, "add_ten.peak")) if x), default=None),
           "peak_rss": max((x for x in (res.get("build_peak_rss"), _get(res, "edit_one.peak_rss"),
                                        _get(res, "add_ten.peak_rss")) if x), default=None)}
    out = [f"#### Issue 20's table, N = {res['n']:,} (targets apply at N = 10,000)", "",
           "| | annals | bare MkDocs + Material | ratio | target | moonshot | meets target |",
           "|---|---:|---:|---:|---|---|---|"]
    for row, ours_at, bare_at, kind, target, moon in ISSUE_ROWS:
        ours, bare = _get(res, ours_at), _get(res, bare_at)
        ratio = ours / bare if ours is not None and bare else None
        judged = ratio if kind == "ratio" else ours
        if kind == "ratio":
            goals = (f"<= {target:g}x bare", f"<= {moon:g}x bare")
        else:
            goals = tuple(f"< {_figure(kind, g)}" for g in (target, moon))
        meets = "—" if judged is None else ("moonshot" if judged <= moon else "yes" if judged <= target else "no")
        shown_ours = _figure("seconds" if kind == "ratio" else kind, ours)
        shown_bare = _figure("seconds" if kind == "ratio" else kind, bare)
        if row.startswith("edit one") or row.startswith("add 10"):
            built = _get(res, ours_at.split(".")[0] + ".site_files_built")
            shown_ours += f" ({'whole site' if built is None else f'{built} site files'} built)"
        if row.startswith("peak memory") and res.get("peak_rss"):
            shown_ours += f" PSS ({_figure(kind, res['peak_rss'])} RSS summed over the processes)"
        if row.startswith("first search") and res.get("search_bytes_gzip") is not None:
            shown_ours += f" ({_kb(res['search_bytes_gzip'])} gzipped)"
            if _get(res, "bare.search_bytes_gzip") is not None:
                shown_bare += f" ({_kb(res['bare']['search_bytes_gzip'])} gzipped)"
        out.append(f"| {row} | {shown_ours} | {shown_bare} | {'—' if ratio is None else f'{ratio:.2f}x'} | "
                   f"{goals[0]} | {goals[1]} | {meets} |")
    return "\n".join(out) + "\n"


def table(res: dict) -> str:
    n = res["n"]
    rows = [("stage", "wall", "CPU", "peak memory")]
    for name, st in res["stages"].items():
        rows.append((name, _s(st["wall"]), _s(st.get("cpu")), _mb(st["peak"])))
    accounted = sum(st["wall"] for st in res["stages"].values())
    accounted_cpu = sum(st.get("cpu") or 0.0 for st in res["stages"].values())
    rows.append(("other (start-up, imports)", _s(res["build_wall"] - accounted),
                 _s(max(0.0, res["build_cpu"] - accounted_cpu)), ""))
    rows.append(("**annals build, total**", _s(res["build_wall"]), _s(res["build_cpu"]), _mb(res["build_peak"])))
    pf = res.get("pagefind")
    if pf and pf.get("separate"):
        rows.append(("Pagefind (run separately)", _s(pf["wall"]), _s(pf["cpu"]), _mb(pf["peak"])))
    elif pf:
        rows.append(("Pagefind", "inside the build", "", ""))
    if "bare" in res:
        rows.append(("bare MkDocs + Material", _s(res["bare"]["wall"]), _s(res["bare"]["cpu"]), _mb(res["bare"]["peak"])))
    if "zensical" in res:
        z = res["zensical"]
        rows.append(("Zensical 0.0.73, same docs/" + ("" if z["ok"] else " (FAILED)"), _s(z["wall"]), _s(z["cpu"]),
                     _mb(z["peak"])))
    out = [f"### N = {n:,}", "", "| " + " | ".join(rows[0]) + " |", "|---|---:|---:|---:|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    facts = [
        ("load average (1 min) before / after", f"{res['load_before']:.1f} / {res.get('load_after', 0.0):.1f} "
                                                 f"on {cores()} cores"),
        ("our stages (load, parse+annotate, cross-article, render)", f"{res['throughput']:,.0f} articles/s ({_s(res['our_stages_wall'])})"),
    ]
    if "throughput_idle" in res:
        facts.append(("the same on idle cores (from CPU time)", f"{res['throughput_idle']:,.0f} articles/s "
                                                                 f"({_s(res['our_stages_idle'])}; CPU {_s(res['our_stages_cpu'])})"))
    if "warm_pipeline_wall" in res:
        facts.append(("pipeline again, warm cache, no MkDocs", f"{_s(res['warm_pipeline_wall'])} (parse+annotate {_s(res.get('warm_parse_annotate'))})"))
    if "ratio_to_bare" in res:
        facts.append(("our total / bare MkDocs", f"{res['ratio_to_bare']:.2f}"))
    if "ratio_to_bare_idle" in res:
        facts.append(("the same on idle cores (from CPU time)", f"{res['ratio_to_bare_idle']:.2f}"))
    facts += [
        ("HTML pages", f"{res['pages']:,}"),
        ("median / largest page", f"{_kb(res['median_page'])} / {_kb(res['largest_page'])} ({res['largest_page_path']})"),
        ("site size", _mb(res["site_bytes"]) + (f" (bare: {_mb(res['bare']['site_bytes'])})" if "bare" in res else "")),
    ]
    if "search_bytes" in res:
        facts.append(("first search fetches", f"{_kb(res['search_bytes'])} ({_kb(res['search_bytes_gzip'])} gzipped, "
                                              f"{res['search_files']} files; input {res['search_input']})"))
    if "search_first_ms" in res:
        facts.append(("time to results", f"first query {res['search_first_ms']:,.0f} ms (from focusing the box, index cold; "
                                         f"{res.get('search_results', 0)} shown), second query "
                                         f"{res.get('search_second_ms', 0):,.0f} ms"))
    if res.get("pagefind_index_bytes"):
        facts.append(("Pagefind index on disk", f"{_mb(res['pagefind_index_bytes'])} ({res['pagefind_files']:,} files)"))
    elif "search_error" in res:
        facts.append(("first search", "not measured: " + res["search_error"]))
    if "edit_to_preview" in res:
        facts.append(("edit to preview (annals serve)", f"{_s(res['edit_to_preview'])} (serve start-up {_s(res['serve_startup'])})"))
    elif "preview_error" in res:
        facts.append(("edit to preview", "not measured: " + res["preview_error"]))
    out += ["", "| figure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts]
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    """``annals bench`` (its options are defined in ``annals.cli``)."""
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(PARTS)
    if unknown:
        print(f"annals bench: unknown part(s) to skip: {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}",
              file=sys.stderr)
        return 2
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.mkdtemp(prefix="annals-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"annals bench: N = {', '.join(f'{n:,}' for n in sizes)} on {os.cpu_count()} cores; scratch {work}", flush=True)
    results = []
    if "attribution" not in skip:  # the mention and quotation stages alone (issue 17; issue 21 item 7)
        from annals_dev import attribution_bench

        print(attribution_bench.table(attribution_bench.figures()), flush=True)
    try:
        for n in sizes:
            res = bench_one(n, work, skip, args.seed, log=lambda m: print(m, file=sys.stderr, flush=True))
            results.append(res)
            print(issue_table(res), flush=True)
            print(table(res), flush=True)
            if not args.work_dir:
                for sub in (work / f"n{n}", work / f"n{n}-bare"):
                    shutil.rmtree(sub, ignore_errors=True)
    finally:
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    return 0
