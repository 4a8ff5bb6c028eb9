"""Stage 5, the build: load, check, parse, annotate, render, write, then MkDocs.

``check()`` runs every stage that can find a problem and writes nothing.  ``build()``
does the same, stops if anything is wrong (reporting everything, not the first error),
and only then writes ``docs/`` and runs MkDocs into ``site/``.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import functools
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annals import link
from annals.annotate import annotate
from annals.cache import ArticleCache, CitationCache, article_key, context_key
from annals.ingest.parse import parse_article
from annals.ingest.sources import broken_gazetteer, load_archive, read_yaml_file
from annals.link.editorial import editorial_stage
from annals.model import AnnotatedArticle, Archive, Problem, Sidecar, SourceFile
from annals.progress import Progress
from annals.publish import registry as reg
from annals.publish.mkdocs import run_mkdocs, site_url_of
from annals.publish.writer import write_docs
from annals.render import cite, csl, site
from annals.render.kit import RenderConfig, article_path, default_edition_date


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What the checking stages produced."""

    records: tuple[AnnotatedArticle, ...]
    """Annotated articles, sorted by ID."""
    problems: tuple[Problem, ...]
    """Everything found: errors and items for an editor."""
    sources: int
    """How many raw article files the archive holds."""
    archive: Archive | None = None
    """The loaded archive (gazetteers, publishers), for the renderers."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def review(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "review")


@dataclass(slots=True)
class BuildReport:
    """Figures of one build, for the summary line and the benchmark."""

    sources: int = 0
    pages: int = 0
    written: int = 0
    removed: int = 0
    search: dict = field(default_factory=dict)
    """Pagefind's counts (``pages``, ``quotes``), when the build indexed the site."""
    registry_added: int = 0
    """Lines the registry of published URLs (``archive/published.txt``) gained."""
    registry_written: bool = False
    """Whether the build rewrote the registry (it changed, and updating was not turned off)."""
    timings: dict = field(default_factory=dict)
    """Seconds per stage (``load``, ``parse+annotate``, ``cross-article``, ``render``, ``write``, ``mkdocs``,
    ``pagefind``), under ``spans`` each stage's (name, start, end) wall-clock times, and under ``cpu``
    each stage's CPU seconds (this process and its ended children), for the benchmark."""


def count_sources(archive_dir: Path) -> int:
    folder = archive_dir / "articles"
    return len([p for p in folder.glob("*.txt")]) if folder.is_dir() else 0


def build_date() -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` if set, else today (used only to reject future dates)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()


def gazetteers_only(archive: Archive) -> Archive:
    """The archive without its sources: what the per-article stage needs besides one article.

    Sent once to each worker process instead of once per article (the sources are the bulk).
    """
    return dataclasses.replace(archive, sources=())


def process_article(source: SourceFile, sidecar: Sidecar, gazetteers: Archive,
                    today: dt.date) -> tuple[AnnotatedArticle, list[Problem]]:
    """The per-article stage: parse and annotate one article.  Pure; depends only on its arguments.

    ``gazetteers`` is the archive without its sources (``gazetteers_only``): an annotator must
    not look at other articles here; cross-article work goes in ``CROSS_ARTICLE_STAGES``.
    """
    article, problems = parse_article(source, sidecar, gazetteers.publishers, today=today)
    rec, notes = annotate(article, gazetteers)
    return rec, [*problems, *notes]


CrossArticleStage = Callable[[tuple[AnnotatedArticle, ...], Archive],
                             tuple[tuple[AnnotatedArticle, ...], list[Problem]]]
CROSS_ARTICLE_STAGES: tuple[CrossArticleStage, ...] = (
    functools.partial(editorial_stage, marks=site.OTHER_MARKS),  # editors' anchors, overlaps with the page's other marks, same-event links, evidence (issue 9)
    link.cross_article,  # related coverage: same-event articles, editors' browse keys (issue 4)
)
"""Stages that need every article at once (related coverage, duplicate detection), run in order
after the per-article stage, on all records sorted by ID; each returns the (new) records and its
problems.  They are never cached: any article may change their result.  One line per feature."""


POOL_MIN_ARTICLES = 200
"""Below this many articles to process, a process pool costs more than it saves."""

_WORKER_GAZETTEERS: Archive | None = None
_WORKER_TODAY: dt.date | None = None


def _init_worker(gazetteers: Archive, today: dt.date) -> None:
    global _WORKER_GAZETTEERS, _WORKER_TODAY
    _WORKER_GAZETTEERS, _WORKER_TODAY = gazetteers, today


def _work(pair: tuple[SourceFile, Sidecar]) -> tuple[AnnotatedArticle, list[Problem]]:
    return process_article(pair[0], pair[1], _WORKER_GAZETTEERS, _WORKER_TODAY)


def default_jobs() -> int:
    """Worker processes: ``ANNALS_JOBS`` if set, else the number of usable cores."""
    env = os.environ.get("ANNALS_JOBS")
    if env:
        return max(1, int(env))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def per_article_stage(archive: Archive, today: dt.date, cache: ArticleCache | None = None, jobs: int | None = None,
                      progress: Progress | None = None) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """Run ``process_article`` over every source: cached results where the inputs are unchanged,
    the rest across ``jobs`` worker processes (each gets the gazetteers once, then only its articles)."""
    cache = cache or ArticleCache(None)
    progress = progress or Progress(None)
    jobs = default_jobs() if jobs is None else jobs
    gaz = gazetteers_only(archive)
    context = context_key(gaz, today)
    results: list[tuple[AnnotatedArticle, list[Problem]] | None] = []
    todo: list[int] = []
    keys = []
    with progress.stage("parse+annotate", len(archive.sources)) as advance:
        for i, (source, sidecar) in enumerate(archive.sources):
            key = article_key(source, sidecar, context)
            keys.append(key)
            hit = cache.get(key)
            results.append(hit)
            if hit is None:
                todo.append(i)
            else:
                advance(1)
        pairs = [archive.sources[i] for i in todo]
        if jobs > 1 and len(pairs) >= POOL_MIN_ARTICLES:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(8, min(256, len(pairs) // (jobs * 8)))
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_init_worker, initargs=(gaz, today)) as pool:
                computed = []
                for value in pool.map(_work, pairs, chunksize=chunk):
                    computed.append(value)
                    advance(1)
        else:
            computed = []
            for source, sidecar in pairs:
                computed.append(process_article(source, sidecar, gaz, today))
                advance(1)
    for i, value in zip(todo, computed):
        results[i] = value
        cache.put(keys[i], value)
    cache.save()
    records, problems = [], []
    for rec, found in results:
        records.append(rec)
        problems.extend(found)
    return records, problems


def cross_article_stage(records: tuple[AnnotatedArticle, ...], archive: Archive) -> tuple[tuple[AnnotatedArticle, ...], list[Problem]]:
    """Run every ``CROSS_ARTICLE_STAGES`` entry in order."""
    problems: list[Problem] = []
    for stage in CROSS_ARTICLE_STAGES:
        records, found = stage(records, archive)
        problems.extend(found)
    return tuple(sorted(records, key=lambda r: r.article.id)), problems


def check(archive_dir: str | os.PathLike, timings: dict | None = None, cache: ArticleCache | None = None,
          jobs: int | None = None, progress: Progress | None = None) -> CheckResult:
    """Read and check the whole archive; write nothing.  ``timings`` receives each stage's seconds;
    ``cache`` (default: none) skips unchanged articles; ``jobs`` worker processes (default: the cores)."""
    timings = {} if timings is None else timings
    archive_dir = Path(archive_dir)
    with _timed(timings, "load"):
        archive, problems = load_archive(archive_dir)
    if broken_gazetteer(problems):  # the articles are checked once the gazetteers load (no cascade)
        problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        return CheckResult((), tuple(problems), count_sources(archive_dir), archive)
    today = build_date()
    with _timed(timings, "parse+annotate"):
        records, found = per_article_stage(archive, today, cache, jobs, progress)
        problems.extend(found)
    with _timed(timings, "cross-article"):
        ordered, found = cross_article_stage(tuple(sorted(records, key=lambda r: r.article.id)), archive)
        problems.extend(found)
    problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
    return CheckResult(ordered, tuple(problems), count_sources(archive_dir), archive)


def _cpu_seconds() -> float:
    """CPU time used so far by this process and by its children that have ended (the pool's workers,
    Pagefind), user and system."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextlib.contextmanager
def _timed(timings: dict, name: str):
    """Record the wall time of a stage as ``timings[name]`` (seconds), its span in ``timings["spans"]``
    and its CPU time in ``timings["cpu"][name]`` (which, unlike wall time, a busy machine does not inflate)."""
    start = time.time()
    t0 = time.perf_counter()
    c0 = _cpu_seconds()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        timings.setdefault("spans", []).append((name, start, time.time()))
        cpu = timings.setdefault("cpu", {})
        cpu[name] = cpu.get(name, 0.0) + _cpu_seconds() - c0


def edition_date(records: tuple[AnnotatedArticle, ...]) -> dt.date:
    """The date of this edition of the archive, computed once per build and carried in the render config
    (``RenderConfig.edition_date``: citations, Robust Links, feeds) and given to MkDocs (the sitemap):
    ``SOURCE_DATE_EPOCH`` if set, else the newest article date (``kit.default_edition_date``); never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return default_edition_date(records)


def epoch_of(day: dt.date) -> str:
    """``SOURCE_DATE_EPOCH`` for a day: its first second, UTC; never before 1970-01-01 (0): the epoch
    cannot be negative (MkDocs' gzip header fails on one, for an archive whose newest article is older)."""
    return str(max(0, int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())))


def prepare_citations(result: CheckResult, config: RenderConfig, cache: ArticleCache | None,
                      jobs: int | None, citations: csl.Citations | None = None) -> csl.Citations:
    """The citations the render will ask for, made before rendering: taken from ``citations`` (kept by
    ``annals serve``) or the cache, the rest rendered across ``jobs`` processes; what is new is saved to
    the cache.  A speed-up only (rendering asks for anything missing)."""
    citations = citations if citations is not None else csl.Citations()
    ctx = site.context(result.records, config, result.archive)
    items = [item for rec in result.records for item in cite.rendered_items(rec, ctx)]
    store = CitationCache(cache.folder if cache is not None else None)
    keys = sorted({csl.memo_key(item, style.key) for item in items for style in csl.STYLES})
    stored = set()
    for key in keys:
        if key not in citations.rendered and (value := store.get(key)) is not None:
            stored.add(key)
            citations.rendered[key] = value
    citations.prerender(items, default_jobs() if jobs is None else jobs, POOL_MIN_ARTICLES)
    for key in keys:
        if key not in stored:
            store.put(key, citations.rendered[key])
    store.save()
    return citations


def give_back_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc's ``malloc_trim``).

    The rendered pages (at 1,000 articles about 200 million characters, ~400 MB) are many strings
    of tens of KB each: freed, they stay in the process's heap, so MkDocs and Pagefind would run on
    top of them.  A no-op where the C library has no ``malloc_trim``."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


@contextlib.contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    if old is None:
        os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)


def registry_stage(archive_dir: Path, files: dict[str, str],
                   hand_written: frozenset[str] = frozenset()) -> tuple[reg.Plan, list[Problem]]:
    """Read the registry of published URLs and the declared redirects, and check ``files`` against
    them (``registry.plan``): every registered URL and anchor must still resolve."""
    problems: list[Problem] = []
    entries: list[reg.Entry] = []
    registry_path = archive_dir / reg.REGISTRY_FILE
    if registry_path.is_file():
        try:
            text = registry_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = ""
            problems.append(Problem(reg.REGISTRY_FILE, None, "not valid UTF-8; restore it from git"))
        entries, found = reg.parse_registry(text)
        problems.extend(found)
    redirects: list[reg.Redirect] = []
    redirects_path = archive_dir / reg.REDIRECTS_FILE
    if redirects_path.is_file():
        loaded, found = read_yaml_file(archive_dir, redirects_path, "redirects")
        problems.extend(found)
        if loaded is not None:
            redirects, found = reg.parse_redirects(loaded.data, loaded.lines)
            problems.extend(found)
    result = reg.plan(files, entries, redirects, hand_written=hand_written)
    return result, [*problems, *result.problems]


class BuildFailed(Exception):
    """The archive has errors; nothing was written."""

    def __init__(self, result: CheckResult, problems: tuple[Problem, ...]):
        super().__init__(f"{len(problems)} problem(s)")
        self.result = result
        self.problems = problems


def verify(result: CheckResult, archive_dir: str | os.PathLike, strict: bool = False) -> None:
    """Raise BuildFailed if the checked archive may not be written: an error (with ``strict``, anything
    that needs an editor), or a source that was not turned into a page."""
    failing = result.problems if strict else result.errors
    if failing:
        raise BuildFailed(result, failing)
    if len(result.records) != result.sources:  # never lose a source silently: name the ones lost
        parsed = {r.article.source_file for r in result.records}
        folder = Path(archive_dir) / "articles"
        lost = sorted(p.name for p in folder.glob("*.txt") if p.name not in parsed)
        raise BuildFailed(result, tuple(
            Problem(f"articles/{name}", None, "was not turned into a page, and no reason was found; "
                                             "this is a bug in annals: please report it with this file")
            for name in lost) or (Problem(str(archive_dir), None,
                                          f"{result.sources} sources but {len(result.records)} articles parsed"),))


def site_render_config(config: RenderConfig, config_file: str | os.PathLike,
                       records: tuple[AnnotatedArticle, ...]) -> RenderConfig:
    """``config`` completed as the build renders with it: ``site_url`` from the MkDocs config and the
    edition's date from the records, where ``config`` leaves them unset."""
    return dataclasses.replace(config, site_url=config.site_url or site_url_of(config_file),
                               edition_date=config.edition_date or edition_date(records))


def build(archive_dir: str | os.PathLike = "archive", docs_dir: str | os.PathLike = "docs",
          site_dir: str | os.PathLike | None = "site", config_file: str | os.PathLike = "mkdocs.yml",
          strict: bool = False, config: RenderConfig = RenderConfig(), cache: ArticleCache | None = None,
          jobs: int | None = None, progress: Progress | None = None,
          search: bool = True, update_registry: bool = True,
          checked: CheckResult | None = None, citations: csl.Citations | None = None) -> tuple[CheckResult, BuildReport]:
    """Check everything, then write ``docs/`` and (unless ``site_dir`` is None) build the site,
    then (unless ``search`` is False) index it with Pagefind.

    Raises BuildFailed, having written nothing, if any error is found (or, with ``strict``,
    anything that needs an editor), or if the build would drop a URL or anchor listed in
    ``archive/published.txt`` that ``archive/redirects.yml`` does not redirect.  After a
    successful build the registry gains what this build published (unless ``update_registry``
    is false).  ``cache``, ``jobs``, ``progress``: see ``check``.  ``checked``: the result of a ``check``
    of the same archive just run by the caller (``annals serve``), used instead of checking again;
    ``citations``: renderings kept by the caller between builds (``annals serve``).
    """
    report = BuildReport()
    timings = report.timings
    progress = progress or Progress(None)
    result = checked if checked is not None else check(archive_dir, timings, cache, jobs, progress)
    report.sources = result.sources
    verify(result, archive_dir, strict)
    config = site_render_config(config, config_file, result.records)
    with _timed(timings, "render"):
        citations = prepare_citations(result, config, cache, jobs, citations)
        files = site.render(list(result.records), config, result.archive, citations=citations)
    report.pages = sum(1 for rec in result.records if article_path(rec) in files)
    with _timed(timings, "registry"):
        plan, found = registry_stage(Path(archive_dir), files, reg.hand_written_pages(docs_dir))
    if found:
        raise BuildFailed(result, tuple(found))
    files.update(plan.files)
    with _timed(timings, "write"):
        report.written, report.removed = write_docs(docs_dir, files)
    page_count = len(files)
    del files  # written: MkDocs reads them from docs/
    give_back_memory()
    if site_dir is not None:
        if len(result.records) >= progress.min_items:
            progress.note(f"mkdocs: building {page_count} pages into {site_dir} ...")
        with _timed(timings, "mkdocs"), _env("SOURCE_DATE_EPOCH", epoch_of(config.edition_date)):
            run_mkdocs(Path(config_file), Path(docs_dir), Path(site_dir), strict, result.archive)
        give_back_memory()
        if search:
            from annals.publish.pagefind import run_pagefind

            with _timed(timings, "pagefind"):
                report.search = run_pagefind(Path(site_dir), result.records, result.archive)
    report.registry_added = plan.added
    registry_path = Path(archive_dir) / reg.REGISTRY_FILE
    if update_registry and (not registry_path.is_file() or registry_path.read_text(encoding="utf-8") != plan.registry):
        registry_path.write_text(plan.registry, encoding="utf-8")
        report.registry_written = True
    return result, report
