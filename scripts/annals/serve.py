"""``annals serve``: live preview.

MkDocs' own server watches ``docs/`` and reloads the browser; a watchdog observer on the
archive re-runs the pipeline when a source, sidecar or gazetteer changes.  The writer
rewrites only files whose content changed, so MkDocs rebuilds only what an edit touched.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .build import BuildFailed, build

log = logging.getLogger("annals.serve")


def _rebuild(archive: str, docs_dir: str, config: str) -> None:
    try:
        _, report = build(archive, docs_dir, None, config)
        log.info("annals: %d sources -> %d pages (%d files changed)", report.sources, report.pages, report.written)
    except BuildFailed as failed:
        for p in failed.problems:
            log.error("%s", p)


def serve(archive: str, docs_dir: str, config: str, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _rebuild(archive, docs_dir, config)
    lock = threading.Lock()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type not in ("modified", "created", "deleted", "moved"):
                return
            with lock:
                _rebuild(archive, docs_dir, config)

    observer = Observer()
    observer.schedule(Handler(), str(Path(archive)), recursive=True)
    observer.start()
    try:
        mkdocs_serve(config, dev_addr=dev_addr, livereload=True, docs_dir=str(Path(docs_dir).resolve()))
    finally:
        observer.stop()
        observer.join()
    return 0
