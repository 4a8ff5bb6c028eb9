"""``annals serve``: live preview that rebuilds only what an edit touches.

A watchdog observer on the archive re-runs the pipeline when a source, sidecar or gazetteer
changes (events arriving together are coalesced into one run).  The pipeline keeps its
per-article cache in memory between runs, so only the edited article is parsed and annotated
again; the writer rewrites only files whose content changed; and MkDocs' server runs in
``dirty`` mode, so it re-renders only the pages whose Markdown was rewritten (plus the site
furniture), instead of the whole site.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from .build import BuildFailed, build
from .cache import ArticleCache

log = logging.getLogger("annals.serve")

QUIET_SECONDS = 0.05
"""Wait this long after the last file event before rebuilding (an editor's save is several events)."""


class Rebuilder:
    """Runs the pipeline into ``docs/`` on demand, one run at a time, keeping the cache warm."""

    def __init__(self, archive: str, docs_dir: str, config: str, cache_dir: str | None = ".cache/annals"):
        self.archive, self.docs_dir, self.config = archive, docs_dir, config
        self.cache = ArticleCache(cache_dir)
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self) -> bool:
        t0 = time.perf_counter()
        try:
            # the registry of published URLs is checked, never added to: a preview publishes nothing
            _, report = build(self.archive, self.docs_dir, None, self.config, cache=self.cache, update_registry=False)
        except BuildFailed as failed:
            for p in failed.problems:
                log.error("%s", p)
            return False
        log.info("annals: %d sources -> %d pages (%d files changed) in %.2f s", report.sources, report.pages,
                 report.written, time.perf_counter() - t0)
        return True

    def request(self) -> None:
        """Ask for a rebuild soon (called from the file watcher's thread)."""
        self._pending.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._pending.wait(0.2):
                continue
            while self._pending.is_set():  # coalesce a burst of events
                self._pending.clear()
                time.sleep(QUIET_SECONDS)
            self.run()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="annals-rebuild", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)


def serve(archive: str, docs_dir: str, config: str, dev_addr: str, cache_dir: str | None = ".cache/annals") -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rebuilder = Rebuilder(archive, docs_dir, config, cache_dir)
    rebuilder.run()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type not in ("modified", "created", "deleted", "moved"):
                return
            rebuilder.request()

    rebuilder.start()
    observer = Observer()
    observer.schedule(Handler(), str(Path(archive)), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config, dev_addr=dev_addr, livereload=True, build_type="dirty",
                     docs_dir=str(Path(docs_dir).resolve()))
    finally:
        observer.stop()
        observer.join()
        rebuilder.stop()
    return 0
