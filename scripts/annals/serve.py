"""``annals serve``: live preview that rebuilds only what an edit touches.

A watchdog observer on the archive re-runs the pipeline when a source, sidecar or gazetteer
changes (events arriving together are coalesced into one run).  The pipeline keeps its
per-article cache in memory between runs, so only the edited article is parsed and annotated
again; the writer rewrites only files whose content changed; and MkDocs' server runs in
``dirty`` mode, so it re-renders only the pages whose Markdown was rewritten (plus the site
furniture), instead of the whole site.

MkDocs' own ``serve`` loads ``mkdocs.yml`` afresh for every rebuild, with no way to set what the
build sets from the gazetteers (the tags plugins' allowed tags, ``browse.configure_mkdocs``).  So
:func:`mkdocs_serve` runs MkDocs' live-reload server with a config loader of its own that does,
from the archive of the latest pipeline run: a misspelled tag fails in the preview as in the build.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from . import browse
from .build import BuildFailed, build
from .cache import ArticleCache
from .model import Archive

log = logging.getLogger("annals.serve")

QUIET_SECONDS = 0.05
"""Wait this long after the last file event before rebuilding (an editor's save is several events)."""


class Rebuilder:
    """Runs the pipeline into ``docs/`` on demand, one run at a time, keeping the cache warm."""

    def __init__(self, archive: str, docs_dir: str, config: str, cache_dir: str | None = ".cache/annals"):
        self.archive_dir, self.docs_dir, self.config = archive, docs_dir, config
        self.cache = ArticleCache(cache_dir)
        self.archive: Archive | None = None
        """The gazetteers of the latest successful run (for the tags plugins' allowed tags)."""
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self) -> bool:
        t0 = time.perf_counter()
        try:
            # the registry of published URLs is checked, never added to: a preview publishes nothing
            result, report = build(self.archive_dir, self.docs_dir, None, self.config, cache=self.cache,
                                   update_registry=False)
        except BuildFailed as failed:
            for p in failed.problems:
                log.error("%s", p)
            return False
        self.archive = result.archive
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


def mkdocs_config(config_file: str, docs_dir: str, site_dir: str, archive: Archive | None, **options):
    """MkDocs' configuration as ``annals build`` sets it: the tags plugins allow only the gazetteers' names."""
    from mkdocs.config import load_config

    cfg = load_config(config_file, docs_dir=str(Path(docs_dir).resolve()), site_dir=site_dir, **options)
    browse.configure_mkdocs(cfg, archive)
    return cfg


def mkdocs_serve(config_file: str, docs_dir: str, dev_addr: str, archive: Callable[[], Archive | None]) -> None:
    """MkDocs' live-reload server in dirty mode (as ``mkdocs serve --dirty``), each rebuild configured
    by :func:`mkdocs_config` with the gazetteers ``archive()`` returns at that moment."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="annals_serve_")

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
        if cfg is None:
            cfg = get_config()
            cfg.site_url = serve_url
        mkdocs_build(cfg, serve_url=serve_url, dirty=True)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def serve(archive: str, docs_dir: str, config: str, dev_addr: str, cache_dir: str | None = ".cache/annals") -> int:
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
        mkdocs_serve(config, docs_dir, dev_addr, lambda: rebuilder.archive)
    finally:
        observer.stop()
        observer.join()
        rebuilder.stop()
    return 0
