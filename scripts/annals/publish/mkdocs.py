"""Publishing with MkDocs: ``docs/`` -> ``site/``, in this process, configured as the build needs.

:func:`run_mkdocs` builds the site; :func:`configure` sets what MkDocs needs from the gazetteers (the
tags plugins' allowed tags, so that a tag not in a gazetteer fails the build); :func:`site_url_of`
reads ``site_url`` from ``mkdocs.yml``.  ``annals serve`` configures its live server with the same
:func:`configure`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

import yaml

from annals.model import Archive
from annals.render.browse import tags


def configure(cfg, archive: Archive | None) -> None:
    """Give each tags-plugin instance its allowed tags (from the gazetteers) before MkDocs builds."""
    if archive is None:
        return
    from material.plugins.tags.structure.tag import Tag

    allow = tags.allowed(archive)
    for name, plugin in cfg.plugins.items():
        if not name.startswith("material/tags"):
            continue
        prop = plugin.config.tags_name_property
        if prop in allow and allow[prop]:
            plugin.config.tags_allowed = {Tag(t) for t in allow[prop]}


class _MkDocsWarnings(logging.Handler):
    """Prints MkDocs' warnings and errors on stderr as MkDocs' own command does (``WARNING -  ...``).

    Without it a strict build that MkDocs aborts says nothing of why: MkDocs counts the warnings
    with a handler of its own, so Python's last-resort printing never happens."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname} -  {record.getMessage()}", file=sys.stderr)


def _release_markdown_plugin():
    """A MkDocs plugin, added by ``run_mkdocs`` (not in ``mkdocs.yml``; it changes no output), that
    drops each page's Markdown source once MkDocs has turned it into HTML.

    MkDocs 1.6 converts every page before it writes any, keeping both the source and the HTML of all
    of them until the end; after the conversion only ``Page.title`` looks at the source, and only
    at whether there is one (our plugins are Material's tags, with listings off).  At 1,000
    articles this is ~300 MB of MkDocs' peak memory."""
    from mkdocs.plugins import BasePlugin, event_priority

    class ReleaseMarkdown(BasePlugin):
        @event_priority(-100)  # after every other plugin's page_content event
        def on_page_content(self, html, *, page, config, files):
            page.markdown = ""  # not None: MkDocs' ``Page.title`` returns None for a page without source
            return html

    return ReleaseMarkdown()


def load(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, archive: Archive | None = None):
    """MkDocs' configuration for a build of ``docs_dir`` into ``site_dir``, set as the build needs it."""
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()),
                      strict=strict)
    configure(cfg, archive)  # allowed tags come from the gazetteers
    return cfg


STATE_FORMAT = 1
"""Version of the site state (:func:`run_mkdocs`'s record of what it built); another version is ignored."""

_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments")
_OWN_CODE = ("render/rawhtml.py", "publish/mkdocs.py", "publish/output.py")
"""Our code that runs inside MkDocs or decides what it rebuilds (a change rebuilds the whole site)."""


def site_key(cfg, hand_written: list[Path]) -> str | None:
    """What every page of the site depends on besides its own Markdown: ``mkdocs.yml``, the theme
    (``custom_dir``'s files by content, the theme's own files by size and time), the hand-written pages,
    the versions of MkDocs and its companions, and our code that runs inside MkDocs.  A site built under
    another key is rebuilt whole.  None when pages depend on each other in a way a partial build would
    miss: a ``nav`` entry without a title takes its title from the page."""
    import hashlib
    from importlib import metadata

    if not _titled(cfg.nav):
        return None
    h = hashlib.sha256(f"annals-site {STATE_FORMAT}\0".encode())
    h.update(Path(cfg.config_file_path).read_bytes() + b"\0")
    for name in _PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none\0".encode())
    own = Path(__file__).resolve().parents[1]
    for rel in _OWN_CODE:
        h.update(rel.encode() + b"\0" + (own / rel).read_bytes() + b"\0")
    custom = cfg.theme.custom_dir
    for folder in cfg.theme.dirs:
        for path in sorted(Path(folder).rglob("*")):
            if not path.is_file():
                continue
            h.update(f"{path}\0".encode())
            if custom and folder == custom:
                h.update(path.read_bytes() + b"\0")
            else:
                st = path.stat()
                h.update(f"{st.st_size} {st.st_mtime_ns}\0".encode())
    docs = Path(cfg.docs_dir)
    for path in sorted(hand_written):
        h.update(f"docs/{path.relative_to(docs).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return h.hexdigest()


def _titled(nav) -> bool:
    """Whether every entry of a ``nav`` configuration names its title (None: no nav, MkDocs makes one from
    the pages' titles)."""
    if nav is None:
        return False
    for item in nav:
        if not isinstance(item, dict):
            return False
        for value in item.values():
            if isinstance(value, list) and not _titled(value):
                return False
    return True


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns, st.st_size]


def incremental_plugin(previous: dict | None, outputs: set[str] | None = None, rebuilt: list[str] | None = None):
    """A MkDocs plugin for a build into a staging copy of the last site (``dirty``): it decides which files
    to build again, and unlinks their old output first, so that MkDocs never writes through a hard link
    shared with the live site.

    A file is kept when its output and its source are the very files the last build recorded (same
    inode, modification time and size: an unchanged file keeps its inode in the staging copies, a
    rewritten one gets a new one); anything else is built again, and so is every template MkDocs always
    writes (``sitemap.xml``, ``404.html``).  ``outputs`` receives every output path of the build,
    ``rebuilt`` the sources built again.  With ``previous`` None (``annals serve``, whose site is a
    hard-linked copy of the built one), MkDocs' own rule decides (an output older than its source is
    built again), and the plugin only unlinks what will be written."""
    from mkdocs.plugins import BasePlugin, event_priority

    recorded = previous.get("files", {}) if previous is not None else None
    outputs = set() if outputs is None else outputs
    rebuilt = [] if rebuilt is None else rebuilt

    def keep():
        return False

    def build():
        return True

    class Incremental(BasePlugin):
        @event_priority(-100)
        def on_files(self, files, *, config):
            site = Path(config.site_dir)
            for f in files:
                if not f.inclusion.is_included():
                    continue
                outputs.add(f.dest_uri)
                src = f.abs_src_path
                if recorded is None:
                    unchanged = f.generated_by is None and src is not None and not f.is_modified()
                else:
                    entry = recorded.get(f.dest_uri)
                    unchanged = (entry is not None and f.generated_by is None and src is not None
                                 and entry[3] == _source_id(f, config) and entry[4:7] == _stat(src)
                                 and entry[0:3] == _stat(f.abs_dest_path))
                if unchanged:
                    f.is_modified = keep
                else:
                    _unlink(site / f.dest_uri)
                    f.is_modified = build
                    rebuilt.append(f.src_uri)
            for name in _templates(config):
                outputs.add(name)
                _unlink(site / name)
            return files

    return Incremental()


def _record_plugin(outputs: set[str], files_out: list):
    """A MkDocs plugin that keeps the build's ``Files`` (for the site state) and its output paths."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Record(BasePlugin):
        @event_priority(-100)
        def on_files(self, files, *, config):
            files_out.append(files)
            outputs.update(f.dest_uri for f in files if f.inclusion.is_included())
            outputs.update(_templates(config))
            return files

    return Record()


def _templates(config) -> list[str]:
    names = sorted(set(config.theme.static_templates) | set(config.extra_templates))
    return names + (["sitemap.xml.gz"] if "sitemap.xml" in names else [])


def _source_id(f, config) -> str:
    """The source of a file as the state records it: docs-relative for pages and docs files, else its path."""
    return f"docs:{f.src_uri}" if f.abs_src_path and Path(f.abs_src_path).is_relative_to(config.docs_dir) else str(f.abs_src_path)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


class _Counter(logging.Handler):
    """Counts MkDocs' warnings and errors.  A site built with warnings is built whole the next time
    (:func:`incremental_ok`): a partial build would not repeat the warnings of the pages it keeps, and a
    ``--strict`` build would pass where a full one fails."""

    def __init__(self, level):
        super().__init__(level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def incremental_ok(previous: dict | None, key: str | None) -> bool:
    """Whether a site whose last build left the state ``previous`` may be built incrementally under ``key``:
    same format and key, and no warning in that build."""
    return (previous is not None and key is not None and previous.get("format") == STATE_FORMAT
            and previous.get("key") == key and previous.get("warnings") == 0
            and isinstance(previous.get("files"), dict))


class _DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale links: the annals build decides itself what
    to build again (:func:`incremental_plugin`), and under ``--strict`` the warning would abort it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, archive: Archive | None = None,
               previous: dict | None = None, linked: set[str] = frozenset(), cfg=None,
               fresh: tuple[str, ...] = ()) -> dict:
    """Build the site with MkDocs in this process (its warnings on stderr); return the site state to keep
    for the next build (``previous`` of that build).

    With ``previous`` (the state of the site that ``site_dir`` is a hard-linked copy of, whose ``linked``
    files it holds), the build is incremental: only the pages and files whose source or output changed are
    built again (:func:`incremental_plugin`), and the linked files that this build does not produce are
    removed, except under the top-level folders ``fresh`` (written after MkDocs, e.g. Pagefind's).  Without,
    ``site_dir`` must be empty and everything is built.  ``cfg``: the configuration from :func:`load`
    (loaded here if None).

    Raises ``mkdocs.exceptions.MkDocsException`` (``Abort`` for a strict build with warnings)."""
    from mkdocs.commands.build import build as mkdocs_build

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(h, _MkDocsWarnings) for h in logger.handlers):
        logger.addHandler(_MkDocsWarnings(logging.WARNING))
    build_logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarningFilter) for f in build_logger.filters):
        build_logger.addFilter(_DirtyWarningFilter())
    if cfg is None:
        cfg = load(config_file, docs_dir, site_dir, strict, archive)
    cfg.plugins["annals/release-markdown"] = _release_markdown_plugin()
    outputs: set[str] = set()
    files_seen: list = []
    rebuilt: list[str] = []
    dirty = previous is not None
    if dirty:
        cfg.plugins["annals/incremental"] = incremental_plugin(previous, outputs, rebuilt)
    cfg.plugins["annals/record"] = _record_plugin(outputs, files_seen)
    warnings = _Counter(logging.WARNING)
    logger.addHandler(warnings)
    try:
        if page_by_page(cfg):
            build_page_by_page(cfg, dirty=dirty)
        else:
            mkdocs_build(cfg, dirty=dirty)
    finally:
        logger.removeHandler(warnings)
    site = Path(cfg.site_dir)
    if dirty:
        prune(site, linked - outputs, keep=lambda rel: rel.split("/", 1)[0] in fresh)
    files = {}
    for f in files_seen[-1] if files_seen else ():
        if not f.inclusion.is_included():
            continue
        dest = _stat(str(site / f.dest_uri))
        src = _stat(f.abs_src_path) if f.abs_src_path else None
        if dest is not None and src is not None and f.generated_by is None:
            files[f.dest_uri] = [*dest, _source_id(f, cfg), *src]
    return {"format": STATE_FORMAT, "files": files, "rebuilt": len(rebuilt) if dirty else None,
            "warnings": warnings.count}


def prune(site: Path, stale: set[str], keep=lambda rel: False) -> int:
    """Remove the ``stale`` files (relative paths) of ``site``, and the folders they leave empty."""
    removed = 0
    root = site.resolve()
    for rel in sorted(stale):
        if keep(rel):
            continue
        path = site / rel
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
        parent = path.parent
        while parent.resolve() != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


_PAGE_LOCAL_PLUGINS = ("material/tags",)
"""Plugins whose output for a page depends only on that page (Material's tags without listings or export)."""


def page_by_page(cfg) -> bool:
    """Whether :func:`build_page_by_page` gives this configuration's site: every ``nav`` entry names its title
    (a page's title otherwise comes from its rendering, which the nav of every page shows), and every plugin
    writes a page from that page alone (Material's tags without listings or export, and ours)."""
    if not _titled(cfg.nav):
        return False
    for name, plugin in cfg.plugins.items():
        if name.startswith("annals/"):
            continue
        if not name.startswith(_PAGE_LOCAL_PLUGINS):
            return False
        if plugin.config.get("listings") or plugin.config.get("export"):
            return False
    return True


def build_page_by_page(config, dirty: bool = False, parallel_min: int | None = None) -> None:
    """MkDocs 1.6's ``build`` (``mkdocs.commands.build.build``, pinned: 1.6 is the last 1.x), with one change:
    each page is read, converted and written in turn, and its HTML dropped once written, instead of every
    page being converted first and all of them written after.  MkDocs' way keeps the whole site's HTML in
    memory until the end (at 10,000 articles, gigabytes); here it holds one page.  It gives the same site
    when no page's output depends on another page's conversion: :func:`page_by_page` decides.  The pages are
    shared between this process and a forked one (:func:`build_pages`) when there are at least ``parallel_min``
    to build (None: :data:`PARALLEL_MIN_PAGES`; the cores, ``ANNALS_JOBS``, allowing)."""
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if not dirty:
            utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        env = config.plugins.on_env(env, config=config, files=files)
        copy_static_files(files, config, dirty, inclusion)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        build_pages(doc_files, config, files, nav, env, dirty, page_jobs(),
                    PARALLEL_MIN_PAGES if parallel_min is None else parallel_min)
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            logger.error(str(e))
            raise Abort("Aborted with a BuildError!")
        raise
    finally:
        logger.removeHandler(warning_counter)


PARALLEL_MIN_PAGES = 400
"""Below this many pages to build, a second process costs more than it saves."""


def page_jobs() -> int:
    """Processes that build the pages: ``ANNALS_JOBS`` if set (as for the rest of the build), else the usable
    cores, at most two (the pages are split in two halves)."""
    env = os.environ.get("ANNALS_JOBS")
    if env:
        return min(2, max(1, int(env)))
    return min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _build_one(file, config, files, doc_files, nav, env, dirty) -> None:
    from mkdocs.commands.build import _build_page, _populate_page

    _populate_page(file.page, config, files, dirty)
    _build_page(file.page, config, doc_files, nav, env, dirty, excluded=file.inclusion.is_excluded())
    file.page.content = None  # written: its HTML is not needed again


class _Captured(logging.Handler):
    """The log records of a forked page builder, to be logged again by its parent."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def build_pages(doc_files, config, files, nav, env, dirty: bool, jobs: int, parallel_min: int = PARALLEL_MIN_PAGES) -> None:
    """Read, convert and write each page of ``doc_files`` (one at a time, its HTML dropped once written), the
    pages to build shared between this process and a forked one when there are at least ``parallel_min``
    of them and ``jobs`` > 1.  MkDocs builds one page at a time on one core; the
    pages of this build do not depend on each other (:func:`page_by_page`), so the other core can build every
    second one.  The fork sends back what MkDocs keeps of each page it built (the anchors it has, the anchors
    it links to, a title found in its content) and its log messages, which are logged here again (so that
    ``--strict`` and the warning count see them)."""
    import gc
    import json
    import signal

    from mkdocs.exceptions import BuildError

    todo = [f for f in doc_files if not dirty or f.is_modified()]
    if jobs < 2 or len(todo) < parallel_min or not hasattr(os, "fork"):
        for file in todo:
            _build_one(file, config, files, doc_files, nav, env, dirty)
        return
    theirs, ours = todo[1::2], todo[0::2]
    read_end, write_end = os.pipe()
    gc.collect()
    gc.freeze()  # the fork's garbage collector leaves the objects of this process alone (no copy of their pages)
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # the fork: build its pages, send back what MkDocs keeps of them, exit without cleaning up
        status = 1
        try:
            os.close(read_end)
            logger = logging.getLogger("mkdocs")
            captured = _Captured()
            logger.handlers = [captured]
            logger.propagate = False
            kept, error = {}, None
            try:
                for file in theirs:
                    _build_one(file, config, files, doc_files, nav, env, dirty)
                    page = file.page
                    kept[file.src_uri] = (sorted(page.present_anchor_ids or ()) if page.present_anchor_ids is not None
                                          else None, page._title_from_render,
                                          {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()})
            except BaseException as err:  # sent to the parent, which raises it
                error = f"{type(err).__name__}: {err}"
            data = json.dumps([kept, captured.records, error]).encode("utf-8")
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        for file in ours:
            _build_one(file, config, files, doc_files, nav, env, dirty)
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # this build fails: the other half is not needed
        os.close(read_end)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(read_end, "rb") as answer:
        data = answer.read()  # the fork writes once it is done: this waits for it
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        raise RuntimeError("the second MkDocs page builder ended without an answer")
    kept, records, error = json.loads(data)
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    if error is not None:
        raise BuildError(f"the second page builder failed: {error}")
    by_uri = {f.src_uri: f for f in files}
    for file in theirs:
        anchors, title, links = kept[file.src_uri]
        file.page.present_anchor_ids = set(anchors) if anchors is not None else None
        file.page._title_from_render = title
        file.page.links_to_anchors = {by_uri[uri]: value for uri, value in links.items()} or None


def copy_static_files(files, config, dirty: bool, inclusion) -> None:
    """MkDocs' ``Files.copy_static_files`` (every file that is not a page, into the site), with the files of
    ``docs/`` hard-linked instead of copied (the citations files, ``quotes.json``, data files: five files an
    article; a copy cost 4 times the CPU of a link).  The writer never changes a file of ``docs/`` in place
    (it writes a new file) and the incremental build unlinks a site file before MkDocs writes it, so neither
    copy changes through the other.  The theme's files, generated files, and any file the link fails for
    (another file system) are copied as MkDocs does."""
    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    folders: set[str] = set()
    for file in files:
        if file.is_documentation_page() or not inclusion(file.inclusion):
            continue
        src = file.abs_src_path
        if file.generated_by is not None or not src or not src.startswith(docs) or (dirty and not file.is_modified()):
            file.copy_file(dirty)
            continue
        dest = file.abs_dest_path
        folder = os.path.dirname(dest)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(dest)
            os.link(src, dest, follow_symlinks=True)
        except OSError:
            file.copy_file(dirty)


def site_url_of(config_file: str | os.PathLike) -> str:
    """``site_url`` of the MkDocs config, ending in ``/``; empty when the file or the key is missing."""
    class Loader(yaml.SafeLoader):  # mkdocs.yml may hold tags such as !ENV: read them as plain values
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    url = data.get("site_url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url:
        return ""
    return url if url.endswith("/") else url + "/"
