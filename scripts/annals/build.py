"""Stage 5, the build: load, check, parse, annotate, render, write, then MkDocs.

``check()`` runs every stage that can find a problem and writes nothing.  ``build()``
does the same, stops if anything is wrong (reporting everything, not the first error),
and only then writes ``docs/`` and runs MkDocs into ``site/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import browse
from .annotate import annotate
from .model import AnnotatedArticle, Archive, Problem
from .parse import parse_article
from .render import RenderConfig, render
from .sources import load_archive
from .writer import write_docs


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
    timings: dict = field(default_factory=dict)


def count_sources(archive_dir: Path) -> int:
    folder = archive_dir / "articles"
    return len([p for p in folder.glob("*.txt")]) if folder.is_dir() else 0


def build_date() -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` if set, else today (used only to reject future dates)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()


def check(archive_dir: str | os.PathLike) -> CheckResult:
    """Read and check the whole archive; write nothing."""
    archive_dir = Path(archive_dir)
    archive, problems = load_archive(archive_dir)
    today = build_date()
    records = []
    for source, sidecar in archive.sources:
        article, parse_problems = parse_article(source, sidecar, archive.publishers, today=today)
        problems.extend(parse_problems)
        rec, notes = annotate(article, archive)
        problems.extend(notes)
        records.append(rec)
    records.sort(key=lambda r: r.article.id)
    records = browse.cross_link(records)
    problems.extend(browse.check(records, archive))
    problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
    return CheckResult(tuple(records), tuple(problems), count_sources(archive_dir), archive)


def reproducible_epoch(records: tuple[AnnotatedArticle, ...]) -> str:
    """A ``SOURCE_DATE_EPOCH`` derived from the archive (its newest article date) for byte-identical output."""
    dates = [r.article.date for r in records if r.article.date]
    newest = max(dates, default=dt.date(2000, 1, 1))
    return str(int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp()))


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


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, archive: Archive | None = None) -> None:
    """Build the site with MkDocs in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()),
                      strict=strict)
    browse.configure_mkdocs(cfg, archive)  # allowed tags come from the gazetteers
    mkdocs_build(cfg)


class BuildFailed(Exception):
    """The archive has errors; nothing was written."""

    def __init__(self, result: CheckResult, problems: tuple[Problem, ...]):
        super().__init__(f"{len(problems)} problem(s)")
        self.result = result
        self.problems = problems


def build(archive_dir: str | os.PathLike = "archive", docs_dir: str | os.PathLike = "docs",
          site_dir: str | os.PathLike | None = "site", config_file: str | os.PathLike = "mkdocs.yml",
          strict: bool = False, config: RenderConfig = RenderConfig()) -> tuple[CheckResult, BuildReport]:
    """Check everything, then write ``docs/`` and (unless ``site_dir`` is None) build the site.

    Raises BuildFailed, having written nothing, if any error is found (or, with ``strict``,
    anything that needs an editor).
    """
    report = BuildReport()
    t0 = time.perf_counter()
    result = check(archive_dir)
    report.timings["check"] = time.perf_counter() - t0
    failing = result.problems if strict else result.errors
    report.sources = result.sources
    if failing:
        raise BuildFailed(result, failing)
    if len(result.records) != result.sources:  # never lose a source silently
        raise BuildFailed(result, (Problem(str(archive_dir), None,
                                           f"{result.sources} sources but {len(result.records)} articles parsed"),))
    t0 = time.perf_counter()
    files = render(list(result.records), config, result.archive)
    report.pages = sum(1 for p in files if p.startswith("articles/a") and p.endswith(".md"))
    report.timings["render"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    report.written, report.removed = write_docs(docs_dir, files)
    report.timings["write"] = time.perf_counter() - t0
    if site_dir is not None:
        t0 = time.perf_counter()
        with _env("SOURCE_DATE_EPOCH", reproducible_epoch(result.records)):
            run_mkdocs(Path(config_file), Path(docs_dir), Path(site_dir), strict, result.archive)
        report.timings["mkdocs"] = time.perf_counter() - t0
    return result, report
