"""``annals serve``: live preview that rebuilds only what an edit touches.

A watchdog observer on the archive re-runs the pipeline when a source, sidecar or gazetteer
changes (events arriving together are coalesced into one run).  The pipeline keeps its
per-article cache in memory between runs, so only the edited article is parsed and annotated
again.  A run then goes in two steps:

1. the pages of the articles whose records changed (the edited one, and any whose cross-article
   results it changed) are rendered, with every record as context, and rewritten at once; MkDocs'
   server, in ``dirty`` mode, re-renders only those pages (plus the site furniture), and the
   rebuilder waits for that build, so the edited page is served before anything slow starts;
2. the whole site is rendered as ``annals build`` renders it (listings, officials, feeds, data
   files: any of them may show the edit), and the writer rewrites only the files whose content
   changed, which MkDocs re-renders in turn.

Pagefind does not run in the preview: the preview has no search index, and the search box says so.

The preview starts from the built site: MkDocs' server builds into a folder beside ``site/``
(``.site.annals-serve-pid<pid>-<random>``, removed on exit) that starts as a hard-linked copy of
``site/`` (no bytes copied), so that its first build, dirty, renders only the pages whose Markdown
changed since; each file it writes is unlinked first (``publish.mkdocs.incremental_plugin``), never
written through a link into ``site/``.  ``serve`` holds the lock on the output folders
(``publish.output.OutputLock``) while it runs: it writes ``docs/`` in place, and a build started
meanwhile waits, saying so.

MkDocs' own ``serve`` loads ``mkdocs.yml`` afresh for every rebuild, with no way to set what the
build sets from the gazetteers (the tags plugins' allowed tags, ``publish.mkdocs.configure``).  So
:func:`mkdocs_serve` runs MkDocs' live-reload server with a config loader of its own that does,
from the archive of the latest pipeline run: a misspelled tag fails in the preview as in the build.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from annals.cache import ArticleCache
from annals.model import AnnotatedArticle, Archive
from annals.pipeline import BuildFailed, build, check, site_render_config, verify
from annals.publish.mkdocs import configure, incremental_plugin
from annals.publish.writer import write_owned
from annals.render.csl import Citations
from annals.render.kit import RenderConfig
from annals.render.site import render_articles

log = logging.getLogger("annals.serve")

QUIET_SECONDS = 0.05
"""Wait this long after the last file event before rebuilding (an editor's save is several events)."""

QUICK_MAX_ARTICLES = 50
"""At most this many changed records get their pages written first; more (a gazetteer edit changes
every record) go straight to the whole-site step."""

SITE_WAIT_SECONDS = 60.0
"""How long the rebuilder waits for MkDocs to build the first step's pages before the second step."""


class SiteBuilds:
    """When MkDocs' server last finished a build, so that the rebuilder can wait for one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._latest_start = float("-inf")
        """``time.monotonic()`` at the start of the latest finished build."""

    def finished(self, started: float) -> None:
        """A build that started at ``started`` ended (successfully or not)."""
        with self._cond:
            self._latest_start = max(self._latest_start, started)
            self._cond.notify_all()

    def wait_since(self, moment: float, timeout: float) -> bool:
        """Wait until a build that started at or after ``moment`` has finished; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._latest_start >= moment, timeout)


class Rebuilder:
    """Runs the pipeline into ``docs/`` on demand, one run at a time, keeping the cache warm."""

    def __init__(self, archive: str, docs_dir: str, config: str, cache_dir: str | None = ".cache/annals",
                 site_builds: SiteBuilds | None = None):
        self.archive_dir, self.docs_dir, self.config = archive, docs_dir, config
        self.cache = ArticleCache(cache_dir, defer_writes=True)
        self.citations = Citations()
        """Rendered citations, kept between rebuilds: only the current archive's (``Citations.retain_used``)."""
        self.archive: Archive | None = None
        """The gazetteers of the latest successful run (for the tags plugins' allowed tags)."""
        self.site_builds = site_builds
        """MkDocs' builds, to wait for after the first step (None: do not wait)."""
        self.records: dict[str, AnnotatedArticle] | None = None
        """The records of the latest run that wrote the whole site, by ID (None before the first)."""
        self.per_article: dict[str, AnnotatedArticle] = {}
        """The same run's records as the per-article stage made them, before the cross-article stages."""
        self._paths: set[Path] = set()
        self._paths_lock = threading.Lock()
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def changed(self, records: tuple[AnnotatedArticle, ...]) -> list[AnnotatedArticle]:
        """The records that differ from the latest whole-site run's (new articles included)."""
        if self.records is None:
            return list(records)
        return [r for r in records if self.records.get(r.article.id) != r]

    def run(self, paths: set[Path] | None = None) -> bool:
        """One rebuild: the edited articles' pages first (from ``paths``, the files that changed, when they are
        articles: :meth:`quick`), then the whole site (see the module's doc)."""
        t0 = time.perf_counter()
        if paths:
            try:
                self.quick(paths, t0)
            except Exception as exc:  # the full run below reports whatever is wrong, and writes the page anyway
                log.debug("annals: no quick preview: %s", exc)
        per_article: dict[str, AnnotatedArticle] = {}
        try:
            result = check(self.archive_dir, cache=self.cache, per_article=per_article)
            verify(result, self.archive_dir)
            changed = self.changed(result.records)
            if self.records is not None and 0 < len(changed) <= QUICK_MAX_ARTICLES:
                self._write_first(changed, result.records, result.archive, t0)
            if self.records is None and self.up_to_date(result):
                log.info("annals: %d sources; docs/ is as the last build wrote it from this archive: nothing to "
                         "render (%.2f s)", result.sources, time.perf_counter() - t0)
                self.archive = result.archive
                self.records = {r.article.id: r for r in result.records}
                self.per_article = per_article
                return True
            # the registry of published URLs is checked, never added to: a preview publishes nothing
            result, report = build(self.archive_dir, self.docs_dir, None, self.config, cache=self.cache,
                                   update_registry=False, checked=result, citations=self.citations,
                                   in_place=True, locked=True)
            self.citations.retain_used()
        except BuildFailed as failed:
            for p in failed.problems:
                log.error("%s", p)
            return False
        finally:
            self.cache.flush()
        self.archive = result.archive
        self.records = {r.article.id: r for r in result.records}
        self.per_article = per_article
        log.info("annals: %d sources -> %d pages (%d files changed) in %.2f s", report.sources, report.pages,
                 report.written, time.perf_counter() - t0)
        return True

    def up_to_date(self, result) -> bool:
        """Whether ``docs/`` already holds what rendering ``result`` would write (the first run of a serve
        started after a build of the same archive: ``pipeline.docs_up_to_date``), so that start-up renders
        nothing.  Anything else (an archive edited since, another build's ``docs/``, no cache) is rendered."""
        from annals.pipeline import docs_inputs, docs_state_file, docs_up_to_date, record_digests

        docs = Path(self.docs_dir).resolve()
        if docs_state_file(self.cache, docs) is None:
            return False
        config = site_render_config(RenderConfig(), self.config, result.records)
        inputs = docs_inputs(record_digests(result.records), config, result.archive, Path(self.archive_dir))
        return docs_up_to_date(self.cache, docs, inputs)

    def quick(self, paths: set[Path], t0: float) -> bool:
        """Step 0, before the archive is read again: when only existing articles' files changed, parse and
        annotate just those, render their pages against the records of the last run and write them (then
        wait for MkDocs).  What an article's record gets from the other articles (related coverage, the
        editors' cross-checks) is carried over from the last run until the whole-site step, moments later,
        replaces the page with the build's own.  False (nothing written) when the edit is anything else: a
        gazetteer, a new or removed article, an article with an error."""
        import dataclasses
        import hashlib

        from annals.ingest.sources import decode_source, read_yaml_file
        from annals.model import Sidecar, SourceFile
        from annals.pipeline import build_date, gazetteers_only, process_article

        if self.records is None or self.archive is None:
            return False
        root = Path(self.archive_dir)
        folder = (root / "articles").resolve()
        stems = set()
        for path in paths:
            path = Path(path).resolve()
            if path.parent != folder:
                return False  # a gazetteer, the registry, ...: every page may change
            if path.suffix in (".txt", ".yml") and not path.name.startswith("."):
                stems.add(path.stem)  # (an editor's swap and backup files are not articles)
        if not stems or len(stems) > QUICK_MAX_ARTICLES:
            return False
        gazetteers = gazetteers_only(self.archive)
        records = dict(self.records)
        edited = []
        for stem in sorted(stems):
            txt, yml = folder / f"{stem}.txt", folder / f"{stem}.yml"
            raw = txt.read_bytes()
            text, note, problems = decode_source(raw, f"articles/{txt.name}")
            loaded, found = read_yaml_file(root, yml, "sidecar")
            if text is None or loaded is None or any(p.severity == "error" for p in [*problems, *found]):
                return False
            source = SourceFile(name=txt.name, raw=raw, sha256=hashlib.sha256(raw).hexdigest(), text=text,
                                encoding_note=note)
            sidecar = Sidecar(name=yml.name, data=loaded.data or {}, lines=loaded.lines)
            ident = sidecar.data.get("id")
            old, pre = self.records.get(ident), self.per_article.get(ident)
            if old is None or pre is None or old.article.source_file != txt.name:
                return False
            fresh, problems = process_article(source, sidecar, gazetteers, build_date())
            if any(p.severity == "error" for p in problems):
                return False
            carried = {f.name: getattr(old, f.name) for f in dataclasses.fields(old)
                       if getattr(pre, f.name) != getattr(old, f.name)}  # set by the cross-article stages
            records[ident] = dataclasses.replace(fresh, **carried)
            edited.append(records[ident])
        ordered = tuple(records[i] for i in sorted(records))
        self._write_first(edited, ordered, self.archive, t0, what="edited")
        return True

    def _write_first(self, changed: list[AnnotatedArticle], records: tuple[AnnotatedArticle, ...],
                     archive: Archive | None, t0: float, what: str = "changed") -> None:
        """Step 1: write the changed articles' pages, then wait for MkDocs to build them."""
        from annals.pipeline import docs_state_file

        config = site_render_config(RenderConfig(), self.config, records)
        state = docs_state_file(self.cache, Path(self.docs_dir).resolve())
        if state is not None:  # docs/ no longer holds what the recorded inputs give, until the whole-site step
            state.unlink(missing_ok=True)
        written, left = write_owned(self.docs_dir, render_articles(changed, records, config, archive,
                                                                  citations=self.citations))
        moment = time.monotonic()
        log.info("annals: %d article page(s) %s, %d rewritten first in %.2f s%s", len(changed), what, written,
                 time.perf_counter() - t0, f" ({len(left)} new, written with the site)" if left else "")
        if written and self.site_builds is not None:
            self.site_builds.wait_since(moment, SITE_WAIT_SECONDS)

    def request(self, *paths: str | os.PathLike) -> None:
        """Ask for a rebuild soon, saying which files changed (called from the file watcher's thread)."""
        with self._paths_lock:
            self._paths.update(Path(p) for p in paths)
        self._pending.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._pending.wait(0.2):
                continue
            while self._pending.is_set():  # coalesce a burst of events
                self._pending.clear()
                time.sleep(QUIET_SECONDS)
            with self._paths_lock:
                paths, self._paths = self._paths, set()
            self.run(paths)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="annals-rebuild", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)


def mkdocs_config(config_file: str, docs_dir: str, site_dir: str, archive: Archive | None, **options):
    """MkDocs' configuration as ``annals build`` sets it: the tags plugins allow only the gazetteers' names;
    a dirty build unlinks each output before writing it (the site folder is a hard-linked copy)."""
    from mkdocs.config import load_config

    cfg = load_config(config_file, docs_dir=str(Path(docs_dir).resolve()), site_dir=site_dir, **options)
    configure(cfg, archive)
    cfg.plugins["annals/incremental"] = incremental_plugin(None)
    return cfg


def site_prefix(site_dir: Path) -> str:
    """Site folders of the preview are named ``.<site>.annals-serve-pid<pid>-<random>``, beside ``site/``
    (``tempfile``'s random part has no ``-``, so no other name reads as one of these)."""
    return f".{site_dir.name}.annals-serve-"


def remove_stale_sites(site_dir: str | os.PathLike) -> list[str]:
    """Remove the preview site folders (beside ``site_dir``) of ``annals serve`` processes that no longer
    run (killed before they could remove their own, e.g. by SIGKILL); return their names."""
    site_dir = Path(site_dir)
    prefix = site_prefix(site_dir)
    removed = []
    for path in site_dir.parent.glob(f"{prefix}pid*-*"):
        pid = path.name[len(prefix) + 3:].split("-", 1)[0]
        if not pid.isdigit() or not path.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running (or another user's process): not ours to remove
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def changes_observer():
    """A watchdog observer of the system's file notifications (inotify) that reports only changes
    (written, created, deleted, moved files), for MkDocs' live-reload server.

    MkDocs' own observer polls the watched folders every 0.5 s, each poll a stat of every file of
    ``docs/`` (tens of thousands at 10,000 articles); notifications see a write at once and cost
    nothing between writes.  They also report files merely opened and closed, which MkDocs would take
    for changes (its own build reads every page: it would rebuild for ever); hence the filter."""
    from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileCreatedEvent,
                                 FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
    from watchdog.observers import Observer

    changes = [FileModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent, DirCreatedEvent,
               DirDeletedEvent, DirMovedEvent]

    class ChangesObserver(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangesObserver()


def mkdocs_serve(config_file: str, docs_dir: str, dev_addr: str, archive: Callable[[], Archive | None],
                 site_builds: SiteBuilds | None = None, start_from: str | os.PathLike = "site") -> None:
    """MkDocs' live-reload server in dirty mode (as ``mkdocs serve --dirty``), each rebuild configured
    by :func:`mkdocs_config` with the gazetteers ``archive()`` returns at that moment; each finished
    build is reported to ``site_builds``.  The site is built in a folder beside ``start_from`` (the built
    site), which starts as a hard-linked copy of it, and is removed on return."""
    from annals.publish.output import link_tree
    from annals.publish.pagefind import FRESH

    start_from = Path(start_from).resolve()
    remove_stale_sites(start_from)
    site_dir = tempfile.mkdtemp(prefix=f"{site_prefix(start_from)}pid{os.getpid()}-", dir=start_from.parent)
    try:
        if start_from.is_dir():
            os.rmdir(site_dir)
            link_tree(start_from, Path(site_dir), skip=lambda rel: rel.split("/", 1)[0] in FRESH)
        _serve_site(config_file, docs_dir, dev_addr, archive, site_builds, site_dir)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


class PreviewBuilds:
    """MkDocs' builds for the preview, the quick way where it is safe.

    MkDocs' own dirty build (``mkdocs serve --dirty``) starts every rebuild by listing and describing every
    file of ``docs/`` again (at 10,000 articles about 80,000 files: several seconds), compiles the theme's
    templates again, and only then renders the pages whose Markdown is newer than their HTML.  Here the
    first build is MkDocs' own, and what it made of the files (their list, the navigation, the templates) is
    kept; each later build is told which files changed (:meth:`changed`, from a watch of the same folders)
    and, when those are only existing files of ``docs/`` rewritten in place, builds just them with the kept
    state (:meth:`quick`), as MkDocs' dirty build would build them.  Anything else (a file added or removed,
    ``mkdocs.yml``, the theme, other allowed tags, a change the watch did not see) gets MkDocs' own build,
    and the state is taken again from it."""

    def __init__(self, docs_dir: str | os.PathLike):
        self.docs = Path(docs_dir).resolve()
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._other = True
        """A change outside ``docs/`` (or none seen yet): the next build is MkDocs' own."""
        self.state: dict | None = None
        """What the last full build made: config, files, nav, env, allowed tags."""
        self.quick_builds = 0
        """Builds done the quick way (for tests and the log)."""

    def changed(self, path: str, in_docs: bool) -> None:
        """A file changed (the file watcher's thread): under ``docs/``, or elsewhere (config, theme)."""
        with self._lock:
            if in_docs:
                self._paths.add(path)
            else:
                self._other = True

    def take(self) -> tuple[set[str], bool]:
        with self._lock:
            paths, other = self._paths, self._other
            self._paths, self._other = set(), False
        return paths, other

    def recorder(self, holder: dict):
        """A MkDocs plugin keeping what a full build made of the files (in ``holder``)."""
        from mkdocs.plugins import BasePlugin, event_priority

        class Keep(BasePlugin):
            @event_priority(-200)  # after every other plugin
            def on_files(self, files, *, config):
                holder["files"] = files
                return files

            @event_priority(-200)
            def on_nav(self, nav, *, config, files):
                holder["nav"] = nav
                return nav

            @event_priority(-200)
            def on_env(self, env, *, config, files):
                holder["env"] = env
                return env

        return Keep()

    def plan(self, paths: set[str], allowed) -> list | None:
        """The files of the kept state to build again for ``paths``, or None when MkDocs' own build is needed."""
        state = self.state
        if state is None or state["allowed"] != allowed:
            return None
        files = state["files"]
        chosen = {}
        for path in sorted(paths):
            try:
                rel = Path(path).resolve().relative_to(self.docs)
            except ValueError:
                return None
            if any(part.startswith(".") for part in rel.parts):
                continue  # hidden: MkDocs does not read it (the writer's manifest, an editor's swap file)
            f = files.get_file_from_path(rel.as_posix())
            exists = (self.docs / rel).is_file()
            if f is None:
                if exists:
                    return None  # a new file: the list of files changes
                continue  # made and removed again (a temporary file)
            if not exists or f.abs_src_path is None or f.generated_by is not None:
                return None  # a file removed
            chosen[f.src_uri] = f
        return [chosen[k] for k in sorted(chosen)]

    def quick(self, chosen: list) -> None:
        """Build ``chosen`` (files of the kept state) again, as MkDocs' dirty build builds a modified file: its
        old output is unlinked first (the preview's site is a hard-linked copy of the built one)."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        state = self.state
        config, files, nav, env = state["config"], state["files"], state["nav"], state["env"]
        doc_files = state.setdefault("doc_files", files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        for f in chosen:
            with _suppress_missing():
                os.unlink(f.abs_dest_path)
            if f.is_documentation_page():
                if f.page is None:
                    from mkdocs.structure.pages import Page

                    Page(None, f, config)
                _populate_page(f.page, config, files, dirty=False)
                _build_page(f.page, config, doc_files, nav, env, dirty=False, excluded=f.inclusion.is_excluded())
                f.page.content = None
            else:
                f.copy_file(dirty=False)
        self.quick_builds += 1


def _suppress_missing():
    import contextlib

    return contextlib.suppress(FileNotFoundError)


def _serve_site(config_file: str, docs_dir: str, dev_addr: str, archive: Callable[[], Archive | None],
                site_builds: SiteBuilds | None, site_dir: str, previews: PreviewBuilds | None = None) -> None:
    """:func:`mkdocs_serve` into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEventHandler

    from annals.render.browse import tags

    previews = previews if previews is not None else PreviewBuilds(docs_dir)

    def get_config():
        return mkdocs_config(config_file, docs_dir, site_dir, archive(), dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = "/" + urlsplit(config.site_url or "/").path.strip("/")
    mount_path = mount_path.rstrip("/") + "/"
    serve_url = f"http://{host}:{port}{mount_path}"
    config.site_url = serve_url

    def builder(cfg=None):
        log.info("Building documentation...")
        started = time.monotonic()
        try:
            paths, other = previews.take()
            gazetteers = archive()
            allowed = tags.allowed(gazetteers) if gazetteers is not None else None
            chosen = None if other or not paths else previews.plan(paths, allowed)  # nothing seen: MkDocs' own
            if chosen is not None:
                previews.quick(chosen)
                log.info("annals: %d file(s) built again from MkDocs' kept list of files in %.2f s", len(chosen),
                         time.monotonic() - started)
                return
            if cfg is None:
                cfg = get_config()
                cfg.site_url = serve_url
            holder: dict = {}
            cfg.plugins["annals/preview-state"] = previews.recorder(holder)
            previews.state = None
            mkdocs_build(cfg, serve_url=serve_url, dirty=True)
            if {"files", "nav", "env"} <= holder.keys():
                previews.state = {**holder, "config": cfg, "allowed": allowed}
        finally:
            if site_builds is not None:
                site_builds.finished(started)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.observer = changes_observer()  # before any watch(): MkDocs' own polls every 0.5 s
    docs_root = str(Path(config.docs_dir).resolve())

    class Changes(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory:
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    previews.changed(path, os.path.abspath(path).startswith(docs_root + os.sep))

    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        for path in sorted(getattr(server, "_watched_paths", ())) or [config.docs_dir]:  # what MkDocs watches
            server.observer.schedule(Changes(), os.path.abspath(path), recursive=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _interrupt_on_termination() -> None:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so that ``serve`` shuts down as on Ctrl-C and
    removes its temporary site folder (Python's default for SIGTERM ends the process on the spot)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


def serve(archive: str, docs_dir: str, config: str, dev_addr: str, cache_dir: str | None = ".cache/annals",
          site_dir: str = "site") -> int:
    """``annals serve``: lock the output folders (waiting, and saying so, while a build holds them), then
    preview with live reload until interrupted."""
    from annals.publish.output import OutputLock, check_folders

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _interrupt_on_termination()
    folders = check_folders(docs_dir, site_dir, archive_dir=archive, project_dir=Path(config).resolve().parent,
                            cache_dir=cache_dir)
    with OutputLock([folders.docs, folders.site], wait=lambda message: log.info("annals: %s ...", message)):
        return _serve(archive, docs_dir, config, dev_addr, cache_dir, str(folders.site))


def _serve(archive: str, docs_dir: str, config: str, dev_addr: str, cache_dir: str | None, site_dir: str) -> int:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    site_builds = SiteBuilds()
    rebuilder = Rebuilder(archive, docs_dir, config, cache_dir, site_builds)
    rebuilder.run()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type not in ("modified", "created", "deleted", "moved"):
                return
            rebuilder.request(*(p for p in (event.src_path, getattr(event, "dest_path", "")) if p))

    rebuilder.start()
    observer = Observer()
    observer.schedule(Handler(), str(Path(archive)), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config, docs_dir, dev_addr, lambda: rebuilder.archive, site_builds, site_dir)
    finally:
        observer.stop()
        observer.join()
        rebuilder.stop()
    return 0
