"""Publishing with MkDocs: ``docs/`` -> ``site/``, in this process, configured as the build needs.

:func:`run_mkdocs` builds the site; :func:`configure` sets what MkDocs needs from the gazetteers (the
tags plugins' allowed tags, so that a tag not in a gazetteer fails the build); :func:`site_url_of`
reads ``site_url`` from ``mkdocs.yml``.  ``annals serve`` configures its live server with the same
:func:`configure`.
"""

from __future__ import annotations

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


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, archive: Archive | None = None) -> None:
    """Build the site with MkDocs in this process (its warnings on stderr).

    Raises ``mkdocs.exceptions.MkDocsException`` (``Abort`` for a strict build with warnings)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(h, _MkDocsWarnings) for h in logger.handlers):
        logger.addHandler(_MkDocsWarnings(logging.WARNING))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()),
                      strict=strict)
    configure(cfg, archive)  # allowed tags come from the gazetteers
    cfg.plugins["annals/release-markdown"] = _release_markdown_plugin()
    mkdocs_build(cfg)


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
