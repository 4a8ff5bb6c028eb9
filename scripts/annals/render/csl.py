"""The citation processor: CSL-JSON items -> escaped HTML in APA 7, MLA 9 and Chicago 17 (issue 5).

Citations are rendered by citeproc-py (pinned 0.11.1) from the official CSL style files in ``csl/``
(see ``csl/README.md`` for their source and licence), never formatted by hand.  Pure apart from
reading those bundled style files once.

Escaping: citeproc-py's HTML formatter does not escape the item's values (a title ``<b>x</b>``
comes out as markup), so the styles are rendered with a formatter that marks italics, bold and so on
with private-use characters; the whole result is then escaped with :func:`annals.render.html.text` and only
those marks become tags.  Nothing from a source can reach the page as markup.

citeproc-py 0.11.1 has two bugs that the three styles meet on newspaper articles; they are fixed
here (``_fix_citeproc``), for that version only, following the CSL 1.0.2 specification:

* ``cs:substitute`` must suppress the variables it rendered for the rest of the entry; citeproc-py
  does so only for a direct ``variable``, not for a ``macro``, so an article without an author
  printed its title twice in APA and MLA ("Title. (2024). Title. ...") and the newspaper twice in
  Chicago (citeproc-py/citeproc-py issue 91).
* ``cs:label`` must render nothing when its variable is empty; citeproc-py printed the term, so
  Chicago 17 added a stray "Edition." to every newspaper article.

and ``punctuate`` applies two punctuation rules it lacks (a period inside the closing quotation
mark; no doubled period).

It also caches the lookup of macros by name (the styles call macros thousands of times per entry;
without the cache APA took about 90 ms per entry).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as _model
from citeproc.source.json import CiteProcJSON

from annals.render import html as H

STYLE_DIR = Path(__file__).with_name("csl")
CITEPROC_VERSION = "0.11.1"


@dataclass(frozen=True, slots=True)
class Style:
    """One citation style of the cite box."""

    key: str
    """Short name used in HTML ids and classes (``apa``)."""
    label: str
    """Name shown to readers (``APA 7``)."""
    file: str
    """CSL file in ``csl/``."""


STYLES: tuple[Style, ...] = (
    Style("apa", "APA 7", "apa.csl"),
    Style("mla", "MLA 9", "modern-language-association.csl"),
    Style("chicago", "Chicago 17", "chicago-notes-bibliography-17th-edition.csl"),
)
STYLE_BY_KEY = {s.key: s for s in STYLES}

# Private-use characters that stand for formatting inside citeproc's output (open, close, tag).
_MARKS = {
    "i": ("\ue010", "\ue011"),
    "b": ("\ue012", "\ue013"),
    "sc": ("\ue014", "\ue015"),
    "sup": ("\ue016", "\ue017"),
    "sub": ("\ue018", "\ue019"),
}
_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sc": ('<span class="annals-smallcaps">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
_RESERVED = {chr(c) for c in range(0xE010, 0xE020)}


def _wrap(kind: str):
    open_, close = _MARKS[kind]
    return lambda text: f"{open_}{text}{close}"


_FORMATTER = types.SimpleNamespace(
    preformat=lambda text: text,
    Italic=_wrap("i"), Oblique=_wrap("i"), Bold=_wrap("b"), Light=str, Underline=str,
    Superscript=_wrap("sup"), Subscript=_wrap("sub"), SmallCaps=_wrap("sc"),
)


def _fix_citeproc() -> None:
    """Apply the fixes described in the module docstring (once; only to the pinned version)."""
    if getattr(_model, "_annals_fixed", False):
        return
    if citeproc.__version__ != CITEPROC_VERSION:
        raise RuntimeError(f"annals.render.csl fixes citeproc-py {CITEPROC_VERSION}; found {citeproc.__version__}: "
                           "check whether the fixes are still needed and update CITEPROC_VERSION")
    macros: dict[tuple[int, str], object] = {}
    macro_vars: dict[tuple[int, str], frozenset] = {}

    def get_macro(self, name):
        root = self.get_root()
        key = (id(root), name)
        found = macros.get(key)
        if found is None:
            found = macros[key] = root.xpath_search(f"cs:macro[@name='{name}'][1]")[0]
        return found

    def variables(element, seen: tuple[str, ...] = ()) -> set:
        out: set = set()
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            if node.get("variable"):
                out.update((node.tag, v) for v in node.get("variable").split())
            name = node.get("macro")
            if name and name not in seen:
                key = (id(node.get_root()), name)
                if key not in macro_vars:
                    macro_vars[key] = frozenset(variables(node.get_macro(name), (*seen, name)))
                out |= macro_vars[key]
        return out

    def add_to_repressed_list(self, child, context):
        repressed = context.get_layout().repressed
        for tag, variable in sorted(variables(child)):
            repressed.setdefault(tag, []).append(variable)

    label_process = _model.Label.process

    def label(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and not name.startswith("page"):
            try:
                item.reference[name.replace("-", "_")]
            except _model.VariableError:
                return None
        return label_process(self, item, variable=variable, plural=plural, context=context, **kwargs)

    _model.CitationStylesElement.get_macro = get_macro
    _model.Substitute.add_to_repressed_list = add_to_repressed_list
    _model.Label.process = label
    _model._annals_fixed = True


def _speed_up_citeproc() -> None:
    """Memoise what citeproc-py 0.11.1 looks up again on every rendering although it depends on the
    parsed style alone (once; only to the pinned version, which ``_fix_citeproc`` checks).  Per entry it
    walked a group's whole subtree and the macros it calls 655 times (``calls_variable``, whether an
    element can render a variable: a fifth of its time) and ran about 60 XPath queries on the style
    (the enclosing layout, locale options, terms and date formats, a names element's substitute), and
    it found the entry's reference through two properties 360 times (a quarter of its time).

    The lookups of the style are memoised per element (keyed by the element itself: lxml keeps an
    element's Python proxy, and so its identity, while the memo holds it; the memos are bounded by the
    three styles' trees); a citation item keeps its reference once found (in its own ``__dict__``, not
    among its keys).  The output is the same: ``tests/test_cite.py`` renders varied items with and
    without these, in two processes."""
    if getattr(_model, "_annals_fast", False):
        return
    memos: dict = {}

    def memo(cls, name):
        original = getattr(cls, name)
        table = memos.setdefault((cls, name), {})

        def method(self, *args, **kwargs):
            key = (self, args, tuple(sorted(kwargs.items())))
            try:
                return table[key]
            except KeyError:
                found = table[key] = original(self, *args, **kwargs)
                return found
        method.__wrapped__ = original
        setattr(cls, name, method)

    for cls, name in ((_model.Parent, "calls_variable"), (_model.Text, "calls_variable"),
                      (_model.Locale, "get_term"), (_model.Locale, "get_date"),
                      (_model.CitationStylesElement, "get_layout"),
                      (_model.CitationStylesElement, "get_locale_option"),
                      (_model.Date, "is_locale_date"), (_model.Names, "substitute")):
        memo(cls, name)

    from citeproc.source import CitationItem

    def reference(self):
        own = self.__dict__
        try:
            return own["_annals_reference"]
        except KeyError:
            found = own["_annals_reference"] = self.bibliography.source[self.key]
            return found

    CitationItem.reference = property(reference)
    _model._annals_fast = True


@functools.cache
def _style(key: str) -> CitationStylesStyle:
    _fix_citeproc()
    _speed_up_citeproc()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(STYLE_DIR / STYLE_BY_KEY[key].file), validate=False)


def _scrub(value):
    """The item with the formatter's private-use marks removed from every string (never markup)."""
    if isinstance(value, str):
        return "".join("\ufffd" if ch in _RESERVED else ch for ch in value) if _RESERVED & set(value) else value
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value


_QUOTE_THEN_STOP = re.compile("”([.,])")
_DOUBLE_STOP = re.compile(r"(?<!\.)([.?!])\.(?!\.)")


def punctuate(rendered: str) -> str:
    """Two rules of CSL 1.0.2 that citeproc-py 0.11.1 does not apply: the en-US locale's
    ``punctuation-in-quote`` (a period or comma after a closing quotation mark goes inside it) and
    the removal of a period that doubles the punctuation before it ("U.S.." -> "U.S.", "Why?." -> "Why?")."""
    return _DOUBLE_STOP.sub(r"\1", _QUOTE_THEN_STOP.sub(r"\1”", rendered))


def _to_html(rendered: str) -> str:
    out = H.text(punctuate(rendered))
    for kind, (open_, close) in _MARKS.items():
        out = out.replace(open_, _TAGS[kind][0]).replace(close, _TAGS[kind][1])
    return out


def _render(style_key: str, item_json: str) -> str:
    item = _scrub(json.loads(item_json))
    item["id"] = "item"
    bibliography = CitationStylesBibliography(_style(style_key), CiteProcJSON([item]), _FORMATTER)
    bibliography.register(Citation([CitationItem("item")]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = bibliography.bibliography()
    return _to_html("".join(str(e) for e in entries))


@functools.cache
def styles_version() -> str:
    """Hash of citeproc-py's version and the style files: part of every memo key."""
    h = hashlib.sha256(citeproc.__version__.encode())
    for style in STYLES:
        h.update(style.key.encode() + b"\0" + (STYLE_DIR / style.file).read_bytes() + b"\0")
    return h.hexdigest()


def memo_key(item: dict, style_key: str) -> str:
    """Key of one rendering: the style, the item and the style files (:class:`Citations`, the build cache)."""
    item_json = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{styles_version()}\0{style_key}\0{item_json}".encode()).hexdigest()


def render_html(item: dict, style_key: str) -> str:
    """The bibliography entry of one CSL-JSON item in one style, as escaped HTML (``<i>`` etc. only).
    Renders every time: a render keeps its renderings in a :class:`Citations`."""
    return _render(style_key, json.dumps(item, sort_keys=True, ensure_ascii=False))


def _render_task(task: tuple[str, str, str]) -> tuple[str, str]:
    key, style_key, item_json = task
    return key, _render(style_key, item_json)


def _render_chunk(tasks: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [_render_task(t) for t in tasks]


POOL_CHUNKS_PER_JOB = 8
"""A pool's tasks go out in about this many chunks per worker (fewer messages; still a fair spread)."""


class Citations:
    """The rendered citations of a render, held on its context (``RenderContext.citations``): each
    (CSL-JSON item, style) is rendered by citeproc-py once, when first asked for, or beforehand in a
    process pool (:meth:`prerender`); the pipeline fills it from the build cache and saves what is new.

    ``annals serve`` keeps one across rebuilds and calls :meth:`retain_used` after each, so that it
    holds the citations of the current archive only and does not grow with every edit."""

    def __init__(self, rendered: dict[str, str] | None = None):
        self.rendered: dict[str, str] = dict(rendered or {})
        """Renderings by :func:`memo_key`."""
        self._used: set[str] = set()
        self._pool = None
        self._pending: dict[str, object] = {}
        """Key -> the future of the pool's chunk that renders it (:meth:`prerender` with ``wait=False``)."""

    def html(self, item: dict, style_key: str) -> str:
        """``render_html(item, style_key)``, rendered once."""
        key = memo_key(item, style_key)
        self._used.add(key)
        found = self.rendered.get(key)
        if found is None and key in self._pending:
            self._collect(self._pending[key])
            found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = render_html(item, style_key)
        return found

    def prerender(self, items: list[dict], jobs: int = 1, min_pool: int = 200, wait: bool = True) -> int:
        """Render every (item, style) not held yet, across ``jobs`` processes when there are at least
        ``min_pool`` of them.  Only a speed-up: :meth:`html` gives the same result without it.
        Returns how many renderings were made (or started).

        The pool's workers are spawned, not forked: fresh interpreters that import this module and get
        only their tasks, so they share (and, as Python touches reference counts, copy) none of the
        caller's memory, which at the render stage holds every record (issue 20: the forked workers
        were the build's peak memory at 10,000 articles).  With ``wait=False`` the pool renders while
        the caller goes on (the article pages need no citation); :meth:`html` waits for the chunk of a
        key it is asked for, and :meth:`finish` for all of them."""
        tasks, seen = [], set(self.rendered) | set(self._pending)
        for item in items:
            for style in STYLES:
                key = memo_key(item, style.key)
                if key not in seen:
                    seen.add(key)
                    tasks.append((key, style.key, json.dumps(item, sort_keys=True, ensure_ascii=False)))
        if jobs > 1 and len(tasks) >= min_pool:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if self._pool is None:
                self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
            size = max(4, len(tasks) // (jobs * POOL_CHUNKS_PER_JOB))
            for start in range(0, len(tasks), size):
                chunk = tasks[start:start + size]
                future = self._pool.submit(_render_chunk, chunk)
                for key, _, _ in chunk:
                    self._pending[key] = future
            if wait:
                self.finish()
        else:
            self.rendered.update(_render_task(t) for t in tasks)
        return len(tasks)

    def _collect(self, future) -> None:
        for key, value in future.result():
            self.rendered[key] = value
            self._pending.pop(key, None)

    def finish(self) -> None:
        """Wait for every rendering :meth:`prerender` started, and end its pool."""
        try:
            for future in list(dict.fromkeys(self._pending.values())):  # each chunk still pending, once
                self._collect(future)
        finally:
            self.close()

    def close(self) -> None:
        """End the pool :meth:`prerender` started, dropping what it has not rendered yet (:meth:`html`
        renders such a key itself if asked)."""
        self._pending = {}
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def date_change(self, style_key: str, old: dt.date, new: dt.date, site_name: str) -> tuple[str, str]:
        """How a web page's date reads in a style: the part of the rendering that differs between ``old``
        and ``new`` (the rest of two renderings of one probe item, a page of ``site_name``, is the same),
        as (text with ``old``, text with ``new``); empty texts when the two render alike."""
        renderings = []
        for day in (old, new):
            probe = {"id": "probe", "type": "webpage", "title": "Probe", "container-title": site_name,
                     "URL": "https://example.org/probe", "issued": {"date-parts": [[day.year, day.month, day.day]]}}
            renderings.append(self.html(probe, style_key))
        a, b = renderings
        start = 0
        while start < min(len(a), len(b)) and a[start] == b[start]:
            start += 1
        end = 0
        while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
            end += 1
        return a[start:len(a) - end], b[start:len(b) - end]

    def retain_used(self) -> None:
        """Forget the renderings not asked for since the last call (those of edited or removed articles)."""
        self.rendered = {k: v for k, v in self.rendered.items() if k in self._used}
        self._used = set()
