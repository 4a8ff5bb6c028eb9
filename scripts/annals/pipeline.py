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
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annals import link
from annals.annotate import annotate
from annals.cache import ArticleCache, CitationCache, article_key, context_key
from annals.ingest import ledger
from annals.ingest.parse import parse_article
from annals.ingest.sources import broken_gazetteer, load_archive, read_yaml_file
from annals.link.editorial import editorial_stage
from annals.link.statements import updated_ledger
from annals.model import AnnotatedArticle, Archive, Problem, Sidecar, SourceFile, Statement
from annals.progress import Progress
from annals.publish import registry as reg
from annals.publish.mkdocs import site_url_of
from annals.publish.writer import DocsWriter
from annals.render import cite, csl, site
from annals.render.kit import RenderConfig, article_path, default_edition_date, statement_url


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
    site_pages_built: int | None = None
    """Files MkDocs built again in an incremental site build (None: the whole site was built)."""
    ledger_written: bool = False
    """Whether the build rewrote ``archive/statements.txt`` (statement IDs issued or changed, issue 22)."""
    timings: dict = field(default_factory=dict)
    """Seconds per stage (``load``, ``parse+annotate``, ``cross-article``, ``render``, ``write``, ``mkdocs``,
    ``pagefind``), under ``spans`` each stage's (name, start, end) wall-clock times, and under ``cpu``
    each stage's CPU seconds (this process and its ended children), for the benchmark."""


def source_files(archive_dir: Path) -> list[Path]:
    """The raw article files (``articles/*.txt``) of the archive, sorted; none when ``articles/`` is not a
    folder of the archive (missing, or a symlink that leads out of it: the loader refuses such a folder
    unread, and nothing in it is counted or listed either)."""
    from annals.ingest.sources import outside_archive

    folder = archive_dir / "articles"
    if outside_archive(archive_dir, folder) is not None or not folder.is_dir():
        return []
    return sorted(folder.glob("*.txt"))


def count_sources(archive_dir: Path) -> int:
    """How many raw article files the archive holds (:func:`source_files`)."""
    return len(source_files(archive_dir))


class SettingError(ValueError):
    """A setting from the environment that cannot be used; the message names it and says what is expected."""


EPOCH_MAX = 253402300799
"""9999-12-31T23:59:59Z, the last second a date can name."""


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org): None when unset or empty, else its value, which must
    be a non-negative whole number of seconds since 1970-01-01 written in ASCII digits, as ``date +%s``
    prints it; anything else (``abc``, ``-5``, ``1e9``, `` 5``, a date after 9999) raises SettingError."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > EPOCH_MAX:
        shown = epoch if len(epoch) <= 40 else epoch[:40] + "..."
        raise SettingError(f"SOURCE_DATE_EPOCH={shown!r} is not a date: expected a whole number of seconds since "
                           f"1970-01-01 UTC, in digits only, at most {EPOCH_MAX} (e.g. `date +%s` prints "
                           "1767225600 on 2026-01-01); or unset it to build with today's date")
    return int(epoch)


def epoch_date() -> dt.date | None:
    """The UTC date of ``SOURCE_DATE_EPOCH`` (:func:`source_date_epoch`), or None when it is unset."""
    epoch = source_date_epoch()
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date() if epoch is not None else None


def build_date() -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` if set, else today (used only to reject future dates)."""
    return epoch_date() or dt.datetime.now(tz=dt.timezone.utc).date()


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
    any_day, this_day = context_key(gaz), context_key(gaz, today)

    def undated(value: tuple[AnnotatedArticle, list[Problem]]) -> bool:
        """Is this result today's too?  Yes when none of the dates its parse compared with the build date is
        after today (nor, as it is stored under the undated key only then, after the day it was made)."""
        return all(d <= today for d in value[0].article.dates_checked)

    results: list[tuple[AnnotatedArticle, list[Problem]] | None] = []
    todo: list[int] = []
    keys = []
    with progress.stage("parse+annotate", len(archive.sources)) as advance:
        for i, (source, sidecar) in enumerate(archive.sources):
            key = (article_key(source, sidecar, any_day), article_key(source, sidecar, this_day))
            keys.append(key)
            hit = cache.get_first(((key[0], undated), (key[1], None)))
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
        cache.put(keys[i][0] if undated(value) else keys[i][1], value)  # under the build date only if it depends on it
    cache.save()
    if not cache.defer_writes:
        cache.release()  # the records live on in `results`; the cache's copies are not needed again
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
          jobs: int | None = None, progress: Progress | None = None,
          per_article: dict[str, AnnotatedArticle] | None = None) -> CheckResult:
    """Read and check the whole archive; write nothing.  ``timings`` receives each stage's seconds;
    ``cache`` (default: none) skips unchanged articles; ``jobs`` worker processes (default: the cores);
    ``per_article`` receives each article's record as the per-article stage made it (before the
    cross-article stages), by ID (``annals serve``)."""
    timings = {} if timings is None else timings
    archive_dir = Path(archive_dir)
    source_date_epoch()  # a SOURCE_DATE_EPOCH that is not a date is refused before anything is read
    with _timed(timings, "load"):
        archive, problems = load_archive(archive_dir)
    if broken_gazetteer(problems):  # the articles are checked once the gazetteers load (no cascade)
        problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        return CheckResult((), tuple(problems), count_sources(archive_dir), archive)
    today = build_date()
    with _timed(timings, "parse+annotate"):
        records, found = per_article_stage(archive, today, cache, jobs, progress)
        problems.extend(found)
    if per_article is not None:
        per_article.clear()
        per_article.update((r.article.id, r) for r in records)
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
    return epoch_date() or default_edition_date(records)


def epoch_of(day: dt.date) -> str:
    """``SOURCE_DATE_EPOCH`` for a day: its first second, UTC; never before 1970-01-01 (0): the epoch
    cannot be negative (MkDocs' gzip header fails on one, for an archive whose newest article is older)."""
    return str(max(0, int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())))


def prepare_citations(result: CheckResult, config: RenderConfig, cache: ArticleCache | None,
                      jobs: int | None, citations: csl.Citations | None = None) -> csl.Citations:
    """The citations the render will ask for, made before rendering: taken from ``citations`` (kept by
    ``annals serve``) or the cache, the rest rendered across ``jobs`` processes; what is new is saved to
    the cache.  A speed-up only (rendering asks for anything missing)."""
    with citations_prepared(result, config, cache, jobs, citations) as prepared:
        pass
    return prepared


@contextlib.contextmanager
def citations_prepared(result: CheckResult, config: RenderConfig, cache: ArticleCache | None,
                       jobs: int | None, citations: csl.Citations | None = None):
    """:func:`prepare_citations` while the caller renders: the citations not in ``citations`` or the cache are
    rendered by a pool of ``jobs`` processes in the background (the article pages and most other files need
    none; the citations files wait for theirs), and saved to the cache when the block ends without error."""
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
    try:
        citations.prerender(items, default_jobs() if jobs is None else jobs, POOL_MIN_ARTICLES, wait=False)
        yield citations
        citations.finish()
    finally:
        citations.close()
    for key in keys:
        if key not in stored:
            store.put(key, citations.rendered[key])
    store.save()


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


def statement_redirects(archive: Archive | None, records: tuple[AnnotatedArticle, ...]) -> list[reg.Redirect]:
    """The redirects of statements merged into others (issue 22): each retired ID's page to the ID it
    went to, as ``archive/statements.txt`` (the ledger) and the link stage decided."""
    lines = {e.id: e.line for e in (archive.statement_ids if archive is not None else ())}
    seen: dict[str, str] = {}
    for rec in records:
        for s in rec.statements:
            for old in s.merged:
                seen[old] = s.id
    return [reg.Redirect(f"/{statement_url(old)}", f"/{statement_url(new)}", lines.get(old, 0), ledger.LEDGER_FILE)
            for old, new in sorted(seen.items())]


def statement_ledger_text(archive: Archive | None, records: tuple[AnnotatedArticle, ...]) -> str | None:
    """The text ``archive/statements.txt`` should have after this build, or None when there is nothing to
    record (no statement has an ID and the file does not exist)."""
    old = archive.statement_ids if archive is not None else ()
    seen: dict[str, Statement] = {}
    for rec in records:
        for s in rec.statements:
            seen.setdefault(s.key, s)
    entries = updated_ledger(old, list(seen.values()))
    return ledger.format_ledger(entries) if entries else None


def registry_stage(archive_dir: Path, ids: dict[str, frozenset[str]], paths: set[str],
                   text_of: Callable[[str], str],
                   hand_written: frozenset[str] = frozenset(),
                   extra_redirects: list[reg.Redirect] | None = None) -> tuple[reg.Plan, list[Problem]]:
    """Read the registry of published URLs and the declared redirects, and check the generated pages
    against them (``registry.plan_pages``: ``ids`` of each page, every generated path, ``text_of`` a page;
    ``hand_written``: URLs of the hand-written pages): every registered URL and anchor must still resolve.
    ``extra_redirects``: redirects the build makes itself (merged statements, :func:`statement_redirects`)."""
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
    result = reg.plan_pages(ids, paths, text_of, entries, redirects + list(extra_redirects or ()),
                            hand_written=hand_written)
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
        lost = [p.name for p in source_files(Path(archive_dir)) if p.name not in parsed]
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


def site_state_file(cache: ArticleCache | None, site_dir: Path) -> Path | None:
    """Where the state of the site ``site_dir`` is kept (in the cache folder), or None without a cache."""
    if cache is None or cache.folder is None:
        return None
    import hashlib

    return cache.folder / f"site-{hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]}.json"


SITE_STATE_KIND = "site-state"


def read_site_state(path: Path | None) -> dict | None:
    """The state recorded by the last build of a site (``publish.mkdocs.run_mkdocs``), or None."""
    from annals.cache import read_store

    if path is None:
        return None
    entries = read_store(path, SITE_STATE_KIND)
    state = entries.get("state") if entries else None
    return state if isinstance(state, dict) else None


def write_site_state(path: Path | None, state: dict) -> None:
    from annals.cache import write_store

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_store(path, SITE_STATE_KIND, {"state": state})
    except OSError:
        pass  # without it the next build is a full one


class PageMemo(ArticleCache):
    """What the last builds rendered each article page from, in the cache folder, one store per ``docs/``
    folder: docs path -> (digest of the page's inputs and of the code, inode, modification time and size of
    the file written, the IDs on the page, and the article's files rendered with it (``Features.article_files``)
    as (path, inode, modification time, size)).  A page whose inputs are unchanged and whose files are the very
    files recorded (so nothing else wrote them since) is not rendered again, nor are its files: the staging
    copy already holds them (``site.render_iter``'s ``unchanged``)."""

    KIND = "pages"
    VALUE = tuple[str, int, int, int, tuple[str, ...], tuple[tuple[str, int, int, int], ...]]

    def __init__(self, folder: str | os.PathLike, docs: Path):
        super().__init__(folder)
        import hashlib

        self.FILE = f"pages-{hashlib.sha256(str(docs).encode()).hexdigest()[:16]}.json"


def record_digest(rec: AnnotatedArticle) -> bytes:
    """A digest of a record that equal records share however they were made (computed now, or read back
    from the cache, whose maps come back with their keys sorted): of the cache's encoding, keys sorted."""
    import json

    from annals.cache import AnnotatedArticle as Record, encode

    data = json.dumps(encode(rec, Record), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).digest()


def record_digests(records: tuple[AnnotatedArticle, ...]) -> dict[str, bytes]:
    return {r.article.id: record_digest(r) for r in records}


DOCS_STATE_KIND = "docs-state"


def docs_state_file(cache: ArticleCache | None, docs: Path) -> Path | None:
    """Where the inputs of the last ``docs/`` written into ``docs`` are recorded (in the cache folder)."""
    if cache is None or cache.folder is None:
        return None
    return cache.folder / f"docs-{hashlib.sha256(str(docs).encode()).hexdigest()[:16]}.json"


def docs_inputs(digests: dict[str, bytes], config: RenderConfig, archive: Archive | None, archive_dir: Path) -> str:
    """A digest of everything the generated files of ``docs/`` are rendered from: the code, the render
    configuration, the gazetteers, every record (after the cross-article stages) and the archive's own
    files beside ``articles/`` (the registry of published URLs and the redirects, which decide the redirect
    pages and alias anchors, the ID ledgers).  Equal digests give byte-identical ``docs/``."""
    from annals.cache import code_version

    h = hashlib.sha256(f"annals-docs 1\0{code_version()}\0{config!r}\0".encode())
    plain = dataclasses.replace(archive, root="", sources=()) if archive is not None else None
    h.update(f"{plain!r}\0".encode())
    for ident in sorted(digests):
        h.update(ident.encode() + b"\0" + digests[ident])
    for path in sorted(archive_dir.iterdir()) if archive_dir.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            h.update(f"\0{path.name}\0".encode() + path.read_bytes())
    return h.hexdigest()


def _docs_stamp(docs: Path) -> list[int] | None:
    """What changes when ``docs/`` is replaced or its generated files are rewritten: the folder's inode
    (each build swaps in a new folder) and the manifest's inode, modification time and size."""
    from annals.publish.writer import MANIFEST

    try:
        folder, manifest = docs.stat(), (docs / MANIFEST).stat()
    except OSError:
        return None
    return [folder.st_ino, manifest.st_ino, manifest.st_mtime_ns, manifest.st_size]


def record_docs_state(cache: ArticleCache | None, docs: Path, inputs: str) -> None:
    from annals.cache import write_store

    path = docs_state_file(cache, docs)
    stamp = _docs_stamp(docs)
    if path is None or stamp is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_store(path, DOCS_STATE_KIND, {"inputs": inputs, "stamp": stamp})
    except OSError:
        pass  # without it `annals serve` renders the whole site once at start-up


def docs_up_to_date(cache: ArticleCache | None, docs: Path, inputs: str) -> bool:
    """Whether ``docs`` holds what a build from ``inputs`` (:func:`docs_inputs`) writes: the last build that
    wrote it recorded the same inputs, and nothing has replaced or rewritten its generated files since."""
    from annals.cache import read_store

    path = docs_state_file(cache, docs)
    entries = read_store(path, DOCS_STATE_KIND) if path is not None else None
    return bool(entries) and entries.get("inputs") == inputs and entries.get("stamp") == _docs_stamp(docs)


def _stat3(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def write_pages(result: CheckResult, config: RenderConfig, archive_dir: Path, writer: DocsWriter,
                timings: dict, cache: ArticleCache | None, jobs: int | None,
                citations: csl.Citations | None = None, docs_target: Path | None = None,
                digests: dict[str, bytes] | None = None) -> reg.Plan:
    """Render every generated file and write each as it comes (``writer``), then check the registry of
    published URLs against what was written and write its redirect pages and alias anchors; finish the
    writer (remove what is no longer generated, write the manifest).  Raises BuildFailed if the registry
    has problems (the caller discards what was written).

    With a cache, an article page whose inputs did not change since the build that wrote it is kept as it
    is (:class:`PageMemo`); ``docs_target``: the folder the memo is kept for (the writer's, or the one its
    staging copy replaces).  ``digests``, when given, receives each record's digest (:func:`record_digest`)."""
    from annals.cache import code_version

    ids: dict[str, frozenset[str]] = {}
    memo = PageMemo(cache.folder, docs_target or writer.folder) if cache is not None and cache.folder else None
    keys: dict[str, str] = {}
    kept: dict[str, tuple] = {}

    def unchanged(path: str, inputs: str) -> bool:
        """The page ``path`` and its files, kept if the last build made them from ``inputs`` and nothing wrote
        them since (the very files recorded: inode, modification time, size)."""
        key = keys[path] = hashlib.sha256(f"{code_version()}\0{inputs}".encode()).hexdigest()
        entry = memo.get(path)
        if entry is None or entry[0] != key or _stat3(writer.folder / path) != tuple(entry[1:4]):
            return False
        files = entry[5]
        if not writer.can_keep(path) or not all(
                writer.can_keep(rel) and _stat3(writer.folder / rel) == (ino, mtime, size)
                for rel, ino, mtime, size in files):
            return False
        for rel in (path, *(f[0] for f in files)):
            writer.keep(rel)
        kept[path] = entry
        return True

    recorded: dict[str, tuple] = {}

    def rendered(path: str, files: tuple[str, ...]) -> None:
        """Record the files rendered with the article page ``path`` (recorded itself as it was written)."""
        entry = recorded.pop(path, None)
        if entry is not None:
            stats = tuple((rel, *st) for rel in files if (st := _stat3(writer.folder / rel)) is not None)
            memo.put(path, (*entry[:5], stats))

    with _timed(timings, "render"), citations_prepared(result, config, cache, jobs, citations) as citations:
        if memo is not None or digests is not None:
            digests = digests if digests is not None else {}
            digests.update(record_digests(result.records))
        for rel, text in site.render_iter(list(result.records), config, result.archive, citations=citations,
                                          unchanged=unchanged if memo is not None else None, digests=digests,
                                          rendered=rendered if memo is not None else None):
            if text is None:
                ids[rel] = frozenset(kept[rel][4])
                continue
            target = writer.put(rel, text)
            if rel.endswith(".md"):
                ids[rel] = reg.ids_of(text)
            if memo is not None and rel in keys:
                recorded[rel] = (keys[rel], *_stat3(target), tuple(sorted(ids[rel])), ())
                memo.put(rel, recorded[rel])
    with _timed(timings, "registry"):
        plan, found = registry_stage(archive_dir, ids, writer.produced,
                                     lambda rel: (writer.folder / rel).read_text(encoding="utf-8"),
                                     writer.hand_written_pages(), statement_redirects(result.archive, result.records))
    if found:
        raise BuildFailed(result, tuple(found))
    with _timed(timings, "write"):
        for rel, text in plan.files:
            writer.put(rel, text, replace=True)
            if memo is not None and rel in keys:
                memo.put(rel, ("", 0, 0, 0, (), ()))  # changed after rendering (alias anchors): rendered again next time
        writer.finish()
    if memo is not None:
        memo.save()
    return plan


def build(archive_dir: str | os.PathLike = "archive", docs_dir: str | os.PathLike = "docs",
          site_dir: str | os.PathLike | None = "site", config_file: str | os.PathLike = "mkdocs.yml",
          strict: bool = False, config: RenderConfig = RenderConfig(), cache: ArticleCache | None = None,
          jobs: int | None = None, progress: Progress | None = None,
          search: bool = True, update_registry: bool = True,
          checked: CheckResult | None = None, citations: csl.Citations | None = None,
          wait: Callable[[str], None] | None = None, locked: bool = False,
          in_place: bool = False) -> tuple[CheckResult, BuildReport]:
    """Check everything, then write ``docs/`` and (unless ``site_dir`` is None) build the site,
    then (unless ``search`` is False) index it with Pagefind.

    The output folders are checked first (``publish.output.check_folders``: never the archive, the project,
    the cache or each other) and locked for the whole build (a second build waits; ``wait(message)`` is
    told who holds them), unless the caller holds the lock (``locked``).  ``docs/`` and ``site/`` are
    built in staging folders beside them, starting from hard-linked copies of the last output, and swapped
    in whole at the end (``publish.output.Staging``): a build that fails or dies leaves the old output
    as it was.  The site is built incrementally where its recorded state allows (``publish.mkdocs``).
    ``in_place`` (``annals serve``, which holds the lock) writes ``docs/`` in place and builds no site.

    Raises BuildFailed, having written nothing, if any error is found (or, with ``strict``,
    anything that needs an editor), or if the build would drop a URL or anchor listed in
    ``archive/published.txt`` that ``archive/redirects.yml`` does not redirect.  After a
    successful build the registry gains what this build published (unless ``update_registry``
    is false).  ``cache``, ``jobs``, ``progress``: see ``check``.  ``checked``: the result of a ``check``
    of the same archive just run by the caller (``annals serve``), used instead of checking again;
    ``citations``: renderings kept by the caller between builds (``annals serve``).
    """
    from annals.publish.output import OutputLock, check_folders

    source_date_epoch()  # refused before anything is locked or written (SettingError)
    if in_place:
        site_dir = None
    folders = check_folders(docs_dir, site_dir, archive_dir=archive_dir,
                            project_dir=Path(config_file).resolve().parent,
                            cache_dir=cache.folder if cache is not None and cache.folder is not None else None)
    lock = None
    if not locked:
        lock = OutputLock([folders.docs, *([folders.site] if folders.site else [])], wait)
    try:
        return _build(Path(archive_dir), folders.docs, folders.site, Path(config_file), strict, config, cache, jobs,
                      progress or Progress(None), search, update_registry, checked, citations, in_place)
    finally:
        if lock is not None:
            lock.release()


def _build(archive_dir: Path, docs: Path, site_dir: Path | None, config_file: Path, strict: bool,
           config: RenderConfig, cache: ArticleCache | None, jobs: int | None, progress: Progress, search: bool,
           update_registry: bool, checked: CheckResult | None, citations: csl.Citations | None,
           in_place: bool) -> tuple[CheckResult, BuildReport]:
    """:func:`build` with the output folders checked and locked."""
    from annals.publish.output import Staging, disk_error

    report = BuildReport()
    timings = report.timings
    result = checked if checked is not None else check(archive_dir, timings, cache, jobs, progress)
    report.sources = result.sources
    verify(result, archive_dir, strict)
    config = site_render_config(config, config_file, result.records)
    stages: list[Staging] = []
    digests: dict[str, bytes] | None = None
    try:
        try:
            if in_place:
                writer = DocsWriter(docs, in_place=True, label=str(docs))
            else:
                with _timed(timings, "stage"):
                    docs_stage = Staging(docs, spare_folder(cache, docs)).begin(link=True)
                stages.append(docs_stage)
                writer = DocsWriter(docs_stage.path, label=str(docs))
            digests = {} if docs_state_file(cache, docs) is not None else None
            plan = write_pages(result, config, archive_dir, writer, timings, cache, jobs, citations, docs, digests)
        except OSError as err:
            raise disk_error(err, str(docs)) from None
        report.written, report.removed = writer.written, writer.removed
        report.pages = sum(1 for rec in result.records if article_path(rec) in writer.produced)
        give_back_memory()
        if site_dir is not None:
            try:
                site_stage = _build_site(result, config, config_file, writer, site_dir, strict, cache, search,
                                         progress, report)
            except OSError as err:
                raise disk_error(err, str(site_dir)) from None
            stages.append(site_stage)
        with _timed(timings, "swap"):
            while stages:  # docs first, then the site: each folder is the old or the new one, whole
                try:
                    stages[0].commit()
                except OSError as err:
                    raise disk_error(err, str(stages[0].target)) from None
                stages.pop(0)
    finally:
        for stage in stages:
            stage.abort()
    report.registry_added = plan.added
    registry_path = archive_dir / reg.REGISTRY_FILE
    if update_registry and (not registry_path.is_file() or registry_path.read_text(encoding="utf-8") != plan.registry):
        from annals.publish.output import replace_file

        tmp = registry_path.with_name(f".{registry_path.name}.{os.getpid()}.tmp")
        replace_file(tmp, plan.registry.encode("utf-8"))
        os.replace(tmp, registry_path)  # a build killed while writing it leaves the old registry whole
        report.registry_written = True
    ledger_text = statement_ledger_text(result.archive, result.records)
    ledger_path = archive_dir / ledger.LEDGER_FILE
    if update_registry and ledger_text is not None and (
            not ledger_path.is_file() or ledger_path.read_text(encoding="utf-8") != ledger_text):
        from annals.publish.output import replace_file

        tmp = ledger_path.with_name(f".{ledger_path.name}.{os.getpid()}.tmp")
        replace_file(tmp, ledger_text.encode("utf-8"))
        os.replace(tmp, ledger_path)  # the statement IDs this build issued (issue 22), whole or not at all
        report.ledger_written = True
    if digests is not None:  # with the registry as it is now: building again with it writes the same docs/
        record_docs_state(cache, docs, docs_inputs(digests, config, result.archive, archive_dir))
    return result, report


def _build_site(result: CheckResult, config: RenderConfig, config_file: Path, writer: DocsWriter, site_dir: Path,
                strict: bool, cache: ArticleCache | None, search: bool, progress: Progress, report: BuildReport):
    """MkDocs from the staged ``docs/`` into a staging copy of ``site/`` (incremental when the last site's
    state allows), then Pagefind; returns the site's Staging, ready to commit."""
    from annals.publish import mkdocs as mk
    from annals.publish.output import Staging
    from annals.publish.pagefind import FRESH

    timings = report.timings
    docs_stage = writer.folder
    state_file = site_state_file(cache, site_dir)
    with _timed(timings, "stage"):
        cfg = mk.load(config_file, docs_stage, staging_path_of(site_dir), strict, result.archive)
        hand_written = [p for p in _files(docs_stage) if p.relative_to(docs_stage).as_posix() not in writer.produced]
        key = mk.site_key(cfg, hand_written)
        previous = read_site_state(state_file)
        incremental = mk.incremental_ok(previous, key) and site_dir.is_dir()
        site_stage = Staging(site_dir, spare_folder(cache, site_dir)).begin(
            link=incremental, skip=lambda rel: rel.split("/", 1)[0] in FRESH)
    try:
        if len(result.records) >= progress.min_items:
            progress.note(f"mkdocs: building {'the changed pages' if incremental else 'every page'} into {site_dir} ...")
        with _timed(timings, "mkdocs"), _env("SOURCE_DATE_EPOCH", epoch_of(config.edition_date)):
            state = mk.run_mkdocs(config_file, docs_stage, site_stage.path, strict, result.archive,
                                  previous if incremental else None, site_stage.files, cfg, FRESH)
        state["key"] = key
        report.site_pages_built = timings["site_files_built"] = state.get("rebuilt")
        give_back_memory()
        if search:
            from annals.publish.pagefind import run_pagefind

            with _timed(timings, "pagefind"):
                report.search = run_pagefind(site_stage.path, cache_dir=cache.folder if cache is not None else None)
        if key is not None:
            write_site_state(state_file, state)
    except BaseException:
        site_stage.abort()
        raise
    return site_stage


def spare_folder(cache: ArticleCache | None, target: Path) -> Path | None:
    """Where the version of the output folder ``target`` that a build replaces is kept for the next build to
    start from (``publish.output.Staging``'s spare), in the cache folder; None without a cache."""
    if cache is None or cache.folder is None:
        return None
    return cache.folder / "spare" / f"{target.name}-{hashlib.sha256(str(target).encode()).hexdigest()[:16]}"


def staging_path_of(target: Path) -> Path:
    from annals.publish.output import staging_path

    return staging_path(target)


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder`` except its hidden ones (as MkDocs reads it)."""
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
    return out
