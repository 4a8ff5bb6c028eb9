"""Downloads (issue 5): the archive's data as JSON, CSV and JSON Lines, described once.  Pure.

One list, ``DATASETS``, names each data set (articles, quotations, statements, officials, elections, same-event
links), the
function that makes its rows and the JSON Schema (``schemas/``) that documents its fields.
Everything else is derived from it, so that the files, their description and the page that
offers them cannot drift apart:

* ``data/<name>.json`` (an array of objects), ``data/<name>.csv`` (a header row; a list or a
  mapping is a JSON text in its cell, a null an empty cell, booleans ``true``/``false``) and
  ``data/<name>.jsonl`` (one object per line), the same rows in the same order;
* ``data/datapackage.json``: a Frictionless Data Package with one resource per file (path,
  format, media type, Table Schema with field types converted from the JSON Schema, licence);
* ``data.md`` (the page ``data/``): every file with its format and fields, and schema.org
  ``Dataset`` JSON-LD whose ``distribution`` lists the same files.

Deterministic: rows sorted by ID, keys in schema order, no dates from the clock.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from annals.ingest.yamlio import schema
from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render.editorial import EXPORT_PATH as ANNOTATIONS_PATH
from annals.render.feeds import SITE_FEED
from annals.render.kit import RenderContext, article_url, front_matter, wayback_url
from annals.render import statements
from annals.render.quotations import election_rows, official_rows, quote_rows

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
RIGHTS = ("The annotations (IDs, attributions, links, editors' notes, the gazetteers) are licensed under "
          "CC BY 4.0. The source texts, and the words quoted from them (titles, bylines, quotations), "
          "belong to their publishers.")


def article_rows(records: list[AnnotatedArticle], ctx: RenderContext) -> list[dict]:
    """Rows of ``data/articles.*``: every article with its provenance, by ID."""
    base = ctx.config.site_url
    rows = []
    for rec in sorted(records, key=lambda r: r.article.id):
        a = rec.article
        rows.append({
            "id": a.id,
            "url": a.url,
            "permalink": base + a.url,
            "title": a.title,
            "title_basis": a.title_basis,
            "source_title": a.source_title,
            "date": a.date.isoformat() if a.date else None,
            "date_basis": a.date_basis,
            "publisher": a.publisher,
            "original_url": a.original_url and H.safe_url(a.original_url),
            "wayback_url": wayback_url(a.original_url, a.date) if a.original_url else None,
            "byline": a.byline,
            "officials": list(rec.officials),
            "elections": list(rec.elections),
            "quotes": [q.id for q in rec.quotes],
            "source_file": a.source_file,
            "sha256": a.sha256,
            "needs_editor": list(a.editor_flags),
        })
    return rows


def event_rows(records: list[AnnotatedArticle], ctx: RenderContext) -> list[dict]:
    """Rows of ``data/events.*``: every same-event pair the link stage stored on the records
    (``AnnotatedArticle.events``), once, by pair, with the editors' notes on it (``same_event``)."""
    links = {(link.a, link.b): link for r in records for link in r.events}
    notes: dict[tuple[str, str], list[str]] = {}
    for r in sorted(records, key=lambda r: r.article.id):
        for s in r.same_event:
            pair = tuple(sorted((r.article.id, s.id)))
            if s.note and s.note not in notes.setdefault(pair, []):
                notes[pair].append(s.note)
    return [{"id": f"{a}-{b}", "a": a, "b": b, "basis": link.basis, "score": link.score,
             "notes": notes.get((a, b), []), "url_a": article_url(a), "url_b": article_url(b)}
            for (a, b), link in sorted(links.items())]


@dataclass(frozen=True, slots=True)
class Dataset:
    """One data set offered for download in every format of ``FORMATS``."""

    name: str
    """File stem under ``data/`` and the prefix of its resource names (``articles``)."""
    title: str
    """Human title (``Articles``)."""
    description: str
    """What one row is, in a sentence or two (no counts or sizes: they change with the archive)."""
    schema: str
    """Name of the JSON Schema in ``schemas/`` that documents the JSON file (fields and their order)."""
    rows: Callable[[list[AnnotatedArticle], RenderContext], list[dict]]
    """Makes the rows from the records and the render context."""
    foreign_keys: tuple[tuple[str, str], ...] = ()
    """(field, other data set): the field holds IDs of the other data set's rows."""


@dataclass(frozen=True, slots=True)
class Format:
    """A file format every data set is written in."""

    extension: str
    """File extension and Frictionless ``format`` (``csv``)."""
    mediatype: str
    """IANA media type of the file."""
    label: str
    """Name shown on the page."""
    note: str
    """How values are written in this format."""


FORMATS: tuple[Format, ...] = (
    Format("json", "application/json", "JSON", "an array of objects; null where a value is unknown"),
    Format("csv", "text/csv", "CSV",
           "UTF-8, a header row, comma-separated; a list or a mapping is written as JSON text in its cell, "
           "an unknown value as an empty cell, booleans as true/false; a text that begins with =, +, -, @, "
           "a tab, a carriage return or ' is written after a ' (so that a spreadsheet shows it as text "
           "instead of running it as a formula): drop that first ' when reading"),
    Format("jsonl", "application/jsonl", "JSON Lines", "one JSON object per line, the same objects as the JSON file"),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset("articles", "Articles",
            "Every article in the archive: its permanent ID and permalink, title and date with where each comes "
            "from, publisher, original URL with a Wayback Machine link, byline, the officials it mentions, the "
            "elections it concerns, its quotations, and the SHA-256 checksum of the raw source file.",
            "articles", article_rows),
    Dataset("quotes", "Quotations",
            "Every quotation and reported statement found in the articles, with its speaker, kind, confidence "
            "and permalink (the article page and the quotation's anchor).",
            "quotes", lambda records, ctx: statements.with_statement_ids(quote_rows(records), ctx),
            foreign_keys=(("article_id", "articles"), ("speaker_id", "officials"), ("statement_id", "statements"))),
    Dataset("statements", "Statements",
            "Every statement with a page: one utterance by one speaker on one occasion, with every report of it "
            "(quotation IDs, articles, outlets), why the reports are grouped (a similarity score, an editor), and "
            "the original-language words where known.",
            "statements", statements.statement_rows,
            foreign_keys=(("speaker_id", "officials"),)),
    Dataset("officials", "Officials",
            "The gazetteer of people (Popolo-style): names and transliterations, roles over time, Wikidata QID, "
            "and the articles that mention each person.",
            "officials-data", lambda records, ctx: official_rows(records, ctx.archive)),
    Dataset("elections", "Elections",
            "The US and Russian presidential elections the archive covers: dates, candidates, outcome, and the "
            "articles that concern each election.",
            "elections-data", lambda records, ctx: election_rows(records, ctx.archive)),
    Dataset("events", "Same-event links",
            "Pairs of articles that report the same event: detected (published within days of each other, their "
            "openings sharing their content words, with the score) or confirmed by an editor, with the editors' "
            "notes on how the reports relate.",
            "events-data", event_rows, foreign_keys=(("a", "articles"), ("b", "articles"))),
)

EXTRA_FILES: tuple[tuple[str, str, str, str], ...] = (
    (ANNOTATIONS_PATH.removeprefix("data/"), "jsonld", "application/ld+json",
     "Every editorial annotation (notes, corrections, original wording, provenance) as a W3C Web Annotation "
     "collection; words are targeted with TextQuoteSelectors."),
)
"""Data files written by other features: (file name under ``data/``, format, media type, description)."""

PACKAGE_PATH = "data/datapackage.json"
PAGE_PATH = "data.md"


# ---- fields: JSON Schema -> Table Schema ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Field:
    """One column of a data set, as documented by its JSON Schema."""

    name: str
    """Key in the JSON object and CSV column name."""
    type: str
    """Table Schema type: string, integer, number, boolean, date, array, object."""
    nullable: bool
    """True when the value may be null (an empty CSV cell)."""
    description: str
    """What the field holds."""
    enum: tuple = ()
    """The allowed values, when the schema lists them."""
    pattern: str | None = None
    """Regular expression every non-empty string value matches."""
    minimum: int | None = None
    """Smallest allowed number."""
    required: bool = False
    """The value is never null nor empty."""


def fields_of(json_schema: dict) -> tuple[Field, ...]:
    """The columns of an array-of-objects JSON Schema, in its property order."""
    out = []
    for name, prop in json_schema["items"]["properties"].items():
        types = prop.get("type", [])
        types = [types] if isinstance(types, str) else list(types)
        enum = tuple(v for v in prop.get("enum", ()) if v is not None)
        nullable = "null" in types or None in prop.get("enum", ())
        base = next((t for t in types if t != "null"), "string")
        if base == "string" and prop.get("format") == "date":
            base = "date"
        pattern = prop.get("pattern") if base == "string" else None
        required = not nullable and base != "array" and (
            base != "string" or bool(pattern) or prop.get("minLength", 0) >= 1 or bool(enum))
        out.append(Field(name, base, nullable, prop.get("description", ""), enum, pattern,
                         prop.get("minimum"), required))
    return tuple(out)


def full_match(pattern: str) -> str:
    """A JSON Schema pattern (matched anywhere, anchored with ``^``/``$``) as a Table Schema one (whole value)."""
    head = pattern[1:] if pattern.startswith("^") else ".*" + pattern
    return head[:-1] if head.endswith("$") and not head.endswith("\\$") else head + ".*"


def table_schema(ds: Dataset, resource_format: str) -> dict:
    """The Frictionless Table Schema of one data set's file."""
    fields = []
    for f in fields_of(schema(ds.schema)):
        entry: dict = {"name": f.name, "type": f.type, "description": f.description}
        constraints: dict = {}
        if f.required:
            constraints["required"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.pattern:
            constraints["pattern"] = full_match(f.pattern)
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    out: dict = {"fields": fields, "primaryKey": ["id"]}
    if ds.foreign_keys:
        out["foreignKeys"] = [{"fields": [field], "reference": {"resource": f"{other}-{resource_format}", "fields": ["id"]}}
                              for field, other in ds.foreign_keys]
    return out


# ---- serialising ------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection), and the
quote itself, so that the rule "drop a first '" gives back every text exactly."""


def _cell(value: object) -> str:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    """CSV text: a header row, then one row per object (``_cell`` for each value)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return buf.getvalue()


def to_jsonl(rows: list[dict]) -> str:
    """JSON Lines text: one compact object per line."""
    return "".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows)


def to_json(data: object) -> str:
    """Indented JSON text (the same form as the other data files), a newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def serialise(fmt: str, rows: list[dict], columns: list[str]) -> str:
    """The rows as a file of format ``fmt`` (``json``, ``csv``, ``jsonl``)."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "jsonl":
        return to_jsonl(rows)
    raise ValueError(f"unknown format {fmt!r}")


# ---- the package and the page -----------------------------------------------------------------

EMPTY_NOTE = ("No rows in this edition of the archive; listed as a plain file, since a JSON table without rows "
              "has no columns to read (the CSV file's header and schema give them).")


def resources(empty: frozenset[str] = frozenset()) -> list[dict]:
    """Every downloadable file as a Frictionless resource (paths relative to ``data/``).  The JSON and JSON
    Lines files of a data set in ``empty`` (no rows) are plain files: Frictionless reads no table from them."""
    out = []
    for ds in DATASETS:
        for fmt in FORMATS:
            table = ds.name not in empty or fmt.extension == "csv"
            out.append({
                "name": f"{ds.name}-{fmt.extension}",
                "title": f"{ds.title} ({fmt.label})",
                "description": f"{ds.description} Format: {fmt.note}." + ("" if table else " " + EMPTY_NOTE),
                "path": f"{ds.name}.{fmt.extension}",
                "type": "table" if table else "file",
                "format": fmt.extension,
                "mediatype": fmt.mediatype,
                "encoding": "utf-8",
                **({"schema": table_schema(ds, fmt.extension)} if table else {}),
                "licenses": [LICENSE],
            })
    for path, fmt, mediatype, description in EXTRA_FILES:
        out.append({"name": path.replace(".", "-"), "title": path, "description": description, "path": path,
                    "type": "file", "format": fmt, "mediatype": mediatype, "encoding": "utf-8", "licenses": [LICENSE]})
    return out


def datapackage(ctx: RenderContext, empty: frozenset[str] = frozenset()) -> dict:
    """``data/datapackage.json`` (``empty``: the data sets without rows, see :func:`resources`)."""
    pkg = {
        "name": "annals",
        "title": f"{ctx.config.site_name}: data",
        "description": ("What Russian officials said about US presidential elections: the archive's articles, "
                        "quotations, statements, officials, elections and same-event links. " + RIGHTS),
        "licenses": [LICENSE],
        "resources": resources(empty),
    }
    if ctx.config.site_url:
        pkg["homepage"] = ctx.config.site_url + "data/"
    return pkg


def dataset_jsonld(ctx: RenderContext, empty: frozenset[str] = frozenset()) -> dict:
    """schema.org ``Dataset`` for the page ``data/``: one ``DataDownload`` per file of the package."""
    base = ctx.config.site_url
    page = base + "data/" if base else ""
    downloads = [{"@type": "DataDownload", "name": r["path"], "description": r["description"],
                  "encodingFormat": r["mediatype"], "contentUrl": f"{page}{r['path']}",
                  "license": LICENSE["path"]} for r in resources(empty)]
    downloads.append({"@type": "DataDownload", "name": "datapackage.json",
                      "description": "Frictionless Data Package describing every file above.",
                      "encodingFormat": "application/json", "contentUrl": f"{page}datapackage.json",
                      "license": LICENSE["path"]})
    out = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{ctx.config.site_name}: Russian officials on US presidential elections",
        "description": ("Articles in which Russian officials speak about US presidential elections, with every "
                        "quotation attributed to its speaker, a gazetteer of officials and of elections, and "
                        "editorial annotations. " + RIGHTS),
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": ctx.config.site_name, **({"url": base} if base else {})},
        "keywords": ["Russia", "United States", "presidential elections", "quotations", "news archive"],
        "distribution": downloads,
    }
    if page:
        out["url"] = page
    return out


def _json_in_script(data: object) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped so nothing can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fields_table(ds: Dataset) -> str:
    rows = []
    for f in fields_of(schema(ds.schema)):
        kind = f.type + (" or null" if f.nullable else "")
        allowed = f' <span class="annals-basis">({", ".join(H.text(str(v)) for v in f.enum)})</span>' if f.enum else ""
        rows.append(f"<tr><td><code>{H.text(f.name)}</code></td><td>{H.text(kind)}</td>"
                    f"<td>{H.text(f.description)}{allowed}</td></tr>")
    return ('<table class="annals-fields"><thead><tr><th>Field</th><th>Type</th><th>Meaning</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def data_page(ctx: RenderContext, feed_path: str, empty: frozenset[str] = frozenset()) -> str:
    """``data.md``: the files, their formats and fields, the feeds, and the Dataset JSON-LD."""
    url = "data/"
    files = []
    for r in resources(empty):
        files.append(f'<tr><td><a href="{H.attr(r["path"])}" type="{H.attr(r["mediatype"])}"><code>{H.text(r["path"])}</code></a></td>'
                     f'<td>{H.text(r["format"].upper())}</td><td>{H.text(r["title"])}</td></tr>')
    files.append('<tr><td><a href="datapackage.json" type="application/json"><code>datapackage.json</code></a></td>'
                 "<td>JSON</td><td>Frictionless Data Package: every file above with its fields and types</td></tr>")
    formats = "".join(f"<li><strong>{H.text(f.label)}</strong> (<code>.{f.extension}</code>, "
                      f"<code>{H.text(f.mediatype)}</code>): {H.text(f.note)}.</li>" for f in FORMATS)
    sections = []
    for ds in DATASETS:
        links = ", ".join(f'<a href="{ds.name}.{f.extension}"><code>{ds.name}.{f.extension}</code></a>' for f in FORMATS)
        sections.append(f'<h2 id="{ds.name}">{H.text(ds.title)}</h2><p>{H.text(ds.description)}</p>'
                        f"<p>Files: {links}.</p>{_fields_table(ds)}")
    body = [
        '<div class="annals-data">',
        '<h1 id="data">Data</h1>',
        "<p>Everything the archive knows, for download: the articles, the quotations, the statements, the "
        "officials, the elections and the articles that report the same event, each as JSON, CSV and JSON Lines with the same rows in the same order (sorted by ID), "
        "described by a Frictionless Data Package. The files are rebuilt with the site; their fields are "
        "listed below.</p>",
        f"<p>{H.text(RIGHTS)} Cite an article or a quotation by its permalink (the <code>url</code> field).</p>",
        '<h2 id="files">Files</h2>',
        '<table class="annals-files"><thead><tr><th>File</th><th>Format</th><th>Contents</th></tr></thead>'
        f'<tbody>{"".join(files)}</tbody></table>',
        f"<ul>{formats}</ul>",
        '<h2 id="feeds">Feeds</h2>',
        f'<p><a class="annals-feed" href="{H.attr(H.rel(url, feed_path))}" type="application/atom+xml">Atom feed of new '
        "articles</a>. Each official's and each election's page links its own feed of the articles about them. "
        "Entries are in the order the archive added them (newest addition first; article IDs are issued in "
        "that order); an entry's date is the article's publication date.</p>",
        *sections,
        f'<script type="application/ld+json">{_json_in_script(dataset_jsonld(ctx, empty))}</script>',
        "</div>",
    ]
    return front_matter({"title": "Data", "description": "The archive's data for download: JSON, CSV, JSON Lines."}) \
        + "\n".join(body) + "\n"


def files(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: ``data/<data set>.{json,csv,jsonl}``, ``data/datapackage.json`` and ``data.md``."""
    out: dict[str, str] = {}
    empty = set()
    for ds in DATASETS:
        rows = ds.rows(records, ctx)
        if not rows:
            empty.add(ds.name)
        columns = list(schema(ds.schema)["items"]["properties"])
        for fmt in FORMATS:
            out[f"data/{ds.name}.{fmt.extension}"] = serialise(fmt.extension, rows, columns)
    out[PACKAGE_PATH] = to_json(datapackage(ctx, frozenset(empty)))
    out[PAGE_PATH] = data_page(ctx, SITE_FEED, frozenset(empty))
    return out
