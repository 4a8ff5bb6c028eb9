"""Citing an article or a quotation (issue 5, items 3 to 5; issue 19, item 4).  Pure.

* ``csl_items``: the article as CSL-JSON, two items: the original (``article-newspaper``: title, outlet,
  date, URL, authors when the byline names people) and the archive copy (``webpage``: the permalink
  and the date of this edition of the archive).  What the source does not say is left out, never
  invented: no date gives "n.d." in the styles that say so; an editor's title is put in square
  brackets (the styles' convention for a title supplied by the citer).
* ``cite_page``: the article's citations file, ``cite/<id>.html``: both items in APA 7, MLA 9 and
  Chicago 17, rendered by citeproc-py (``annals.render.csl``), and the downloads.  A small standalone
  page: what a reader without JavaScript opens from the article's cite section, and what
  ``docs/assets/cite.js`` loads to fill its dialog.  The article page itself carries no rendered
  citation: six per article are rendered once, into this file, and a quotation's citation is the
  archive copy's with the quotation's address, which the dialog puts in place of the page's.
* ``cite_section``: a TAIL_SECTION, the article's cite section (``#cite``): the cite control, the link
  to the citations file, the downloads; kept out of Pagefind.
* ``cite_control`` / ``quote_cite``: the one small control that opens the dialog, for the article (beside
  its facts) and for each quotation (in the quotations list, ``quotations.quotes_section``); without
  JavaScript a link to the cite section.
* ``article_cite_files``: an ARTICLE_FILES provider writing ``cite/<id>.html``, ``cite/<id>.bib``, ``cite/<id>.ris`` and
  ``cite/<id>.json``.
* ``cite_front_matter``: a FRONT_MATTER provider: Highwire ``citation_*``, Dublin Core, OpenGraph and
  JSON-LD values under ``annals_cite``, which ``overrides/partials/annals-cite-meta.html`` puts in the
  page head (escaped there).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from annals.model import AnnotatedArticle, Article, Quote
from annals.render import csl
from annals.render import html as H
from annals.render.kit import RenderContext
from annals.render.kit import permalink as site_permalink

WIKIDATA = "https://www.wikidata.org/wiki/"


# ---- who wrote it ----------------------------------------------------------------------------

_NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$|^(?:de|da|di|van|von|der|den|la|le|du|al|el|bin|ibn)$")
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def byline_authors(byline: str | None, publisher: str | None, lexicon: dict) -> list[dict]:
    """CSL names for a byline that names people; ``[]`` when it names none or is unclear.

    "Moscow Times Reporter", "TASS", "Reuters Staff" name no person: such an article is cited without
    an author.  A byline is a person's name only when each part has two to five capitalised words and
    none of them is in ``lexicon.yml``'s ``byline_not_person`` or ``agencies`` or the outlet's name.
    Without a lexicon nothing is taken for a person.
    """
    stop_words = {w.lower() for w in lexicon.get("byline_not_person", ())}
    if not byline or not stop_words:
        return []
    stop_phrases = {w.lower() for w in lexicon.get("agencies", ())}
    if publisher:
        stop_phrases.add(publisher.lower())
        stop_words.update(w.lower() for w in re.findall(r"\w+", publisher) if len(w) > 3)
    text = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.I)
    names = []
    for part in _SPLIT.split(text):
        words = part.split()
        if not 2 <= len(words) <= 5 or part.lower() in stop_phrases:
            return []
        if any(not _NAME_WORD.match(w) or w.lower().strip(".") in stop_words or any(c.isdigit() for c in w)
               for w in words):
            return []
        names.append({"family": words[-1], "given": " ".join(words[:-1])})
    return names


def authors(a: Article, lexicon: dict) -> list[dict]:
    """Authors of the article: the source's byline, else an editor's ``byline`` in the sidecar."""
    found = byline_authors(a.byline, a.publisher, lexicon)
    if not found and not a.byline and a.editor_byline:
        found = byline_authors(a.editor_byline, a.publisher, lexicon)
    return found


# ---- the items -------------------------------------------------------------------------------

def cite_title(a: Article) -> str:
    """The title to cite: the source's own as published (even where an editor's title heads the page),
    else an editor's (or derived) title in square brackets, as the styles ask for a supplied title."""
    if a.source_title:
        return a.source_title
    return a.title if a.title_basis == "source" else f"[{a.title}]"


def permalink(ctx: RenderContext, path: str) -> str:
    """Absolute URL of a site-relative path (relative if the site has no ``site_url``)."""
    return site_permalink(ctx.config, path)


def _date_parts(d: dt.date) -> dict:
    return {"date-parts": [[d.year, d.month, d.day]]}


def _lexicon(ctx) -> dict:
    return ctx.archive.lexicon


def original_item(rec: AnnotatedArticle, ctx) -> dict:
    """CSL-JSON of the original newspaper article."""
    a = rec.article
    item: dict = {"id": f"{a.id}-original", "type": "article-newspaper", "title": cite_title(a)}
    names = authors(a, _lexicon(ctx))
    if names:
        item["author"] = names
    if a.publisher:
        item["container-title"] = a.publisher
    if a.date:
        item["issued"] = _date_parts(a.date)
    if a.original_url:
        item["URL"] = H.safe_url(a.original_url)
    return item


def archive_item(rec: AnnotatedArticle, ctx) -> dict:
    """CSL-JSON of the archive copy: the same article on its permanent page in this archive."""
    a = rec.article
    item: dict = {"id": f"{a.id}-archive", "type": "webpage", "title": cite_title(a),
                  "container-title": ctx.config.site_name, "URL": permalink(ctx, a.url)}
    names = authors(a, _lexicon(ctx))
    if names:
        item["author"] = names
    day = ctx.config.edition_date
    if day:
        item["issued"] = _date_parts(day)
    return item


def csl_items(rec: AnnotatedArticle, ctx) -> list[dict]:
    """The original article and the archive copy, as CSL-JSON."""
    return [original_item(rec, ctx), archive_item(rec, ctx)]


# ---- the archive copy's citation, made once for every edition ---------------------------------
# The archive copy is dated by the edition (``RenderConfig.edition_date``: the newest article's date),
# so every new edition would change every article's three archive-copy citations and render them again
# (at 10,000 articles 30,000 renderings, about 50 s of CPU, for adding one article).  Instead it is
# rendered, and cached, with a fixed stand-in date (``EDITION_STAND_IN``); the stand-in's text in the
# style is then replaced by the edition date's, both as citeproc renders them in that style (a probe
# item rendered with each date: ``csl.Citations.date_change``).  The same text as rendering the item with
# the edition date (tested), or that rendering itself when the stand-in's text is not found exactly once.

EDITION_STAND_IN = dt.date(1111, 11, 11)
"""The date the archive copy is rendered with before the edition's own date is put in its place."""


def archive_template_item(rec: AnnotatedArticle, ctx) -> dict:
    """``archive_item`` dated ``EDITION_STAND_IN`` instead of the edition (the same for every edition)."""
    item = archive_item(rec, ctx)
    if "issued" in item:
        item["issued"] = _date_parts(EDITION_STAND_IN)
    return item


def archive_html(rec: AnnotatedArticle, ctx, style_key: str) -> str:
    """The archive copy's citation in one style: ``ctx.citations.html(archive_item(rec, ctx), style_key)``,
    made from the edition-independent rendering of ``archive_template_item``."""
    day = ctx.config.edition_date
    if day is None:
        return ctx.citations.html(archive_item(rec, ctx), style_key)
    template = ctx.citations.html(archive_template_item(rec, ctx), style_key)
    old, new = ctx.citations.date_change(style_key, EDITION_STAND_IN, day, ctx.config.site_name)
    if old and template.count(old) == 1:
        return template.replace(old, new)
    return ctx.citations.html(archive_item(rec, ctx), style_key)


# ---- the cite section, the controls, the citations file ---------------------------------------

def download_paths(article_id: str) -> dict[str, str]:
    """Site-relative paths of the article's citation files, by format."""
    return {"BibTeX": f"cite/{article_id}.bib", "RIS": f"cite/{article_id}.ris", "CSL-JSON": f"cite/{article_id}.json"}


CITE_PAGE_CSS = "assets/cite-page.css"
"""The citations file's stylesheet (hand-written, in ``docs/assets/``)."""


def citations_path(article_id: str) -> str:
    """Site-relative path of the article's citations file (``cite_page``)."""
    return f"cite/{article_id}.html"


def cite_notes(a: Article) -> list[str]:
    """What a reader should know about the article's citations (plain sentences)."""
    notes = []
    if a.source_title and a.source_title != a.title:
        notes.append(f"Cited under the source's own title; this archive heads the page with an editor's title, "
                     f"“{a.title}”.")
    elif not a.source_title and a.title_basis != "source":
        notes.append("The title in square brackets was supplied by an editor: the source has none.")
    if not a.date:
        notes.append("The source states no date (n.d.).")
    if not a.publisher:
        notes.append("The outlet is unknown.")
    return notes


def cite_control(what: str, quote_id: str | None = None, href: str = "#cite", text: str = "Cite") -> str:
    """The one small control that opens the citations dialog (``cite.js``): of the article, or of the
    quotation ``quote_id``; without JavaScript a link to ``href`` (the article's cite section)."""
    data = f' data-cite-quote="{H.attr(quote_id)}"' if quote_id else " data-cite-article"
    label = f' aria-label="Cite {H.attr(what)}"' if text == "Cite" else ""  # a visible text that says what: its own name
    return f'<a class="annals-cite-control" href="{H.attr(href)}"{data}{label}>{text}</a>'


def quote_cite(q: Quote, rec: AnnotatedArticle, ctx) -> str:
    """The cite control of one quotation (an ``item_extra`` of ``quotations.quotes_section``)."""
    return " " + cite_control("this quotation", q.id)


def cite_section(rec: AnnotatedArticle, ctx) -> str:
    """TAIL_SECTION: the article's cite section: the control, the citations file, the downloads."""
    a = rec.article
    links = " · ".join(f'<a href="{H.attr(H.rel(a.url, path))}" download>{fmt}</a>'
                       for fmt, path in download_paths(a.id).items())
    note = "".join(f'<p class="annals-basis">{H.text(n)}</p>' for n in cite_notes(a))
    file = H.rel(a.url, citations_path(a.id))
    return (f'<section class="annals-cite" data-pagefind-ignore data-cite-file="{H.attr(file)}">'
            f'<h2 id="cite">Cite this article</h2>'
            f'<p>The original article and this archive copy (its permanent address and the date of this edition '
            f'of the archive) in APA 7, MLA 9 and Chicago 17: {cite_control("this article", href=file, text="the citations")}. '
            f'To cite a quotation, use its own <b>Cite</b> in the list above, or cite this archive copy at the '
            f'quotation\'s address (its # link in the text).</p>'
            f'{note}<p class="annals-cite-downloads">Download: {links}</p></section>')


def cite_page(rec: AnnotatedArticle, ctx) -> str:
    """``cite/<id>.html``: the article's citations in the three styles, a standalone page (see the module)."""
    a = rec.article
    original, copy = csl_items(rec, ctx)
    title = H.text(a.title)
    styles = "".join(
        f'<section data-style="{style.key}"><h2>{style.label}</h2>'
        f'<p class="annals-cite-entry" data-cite="original">{ctx.citations.html(original, style.key)}</p>'
        f'<p class="annals-cite-entry" data-cite="archive">{archive_html(rec, ctx, style.key)}</p></section>'
        for style in csl.STYLES)
    back = H.attr(H.rel(citations_path(a.id), a.url))
    downloads = " · ".join(f'<a href="{H.attr(H.rel(citations_path(a.id), path))}" download>{fmt}</a>'
                           for fmt, path in download_paths(a.id).items())
    notes = "".join(f'<p class="annals-basis">{H.text(n)}</p>' for n in cite_notes(a))
    css = H.attr(H.rel(citations_path(a.id), CITE_PAGE_CSS))
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f'<link rel="stylesheet" href="{css}"><title>Cite: {title} – {H.text(ctx.config.site_name)}</title></head>\n'
            f'<body><main class="annals-citations" data-page="{H.attr(copy["URL"])}">'
            f'<h1>Cite: {title}</h1><p><a href="{back}">Back to the article</a></p>'
            '<p>First the original article, then this archive copy (its permanent address and the date of this '
            'edition of the archive). To cite a quotation, cite the archive copy at the quotation\'s address: '
            'the page\'s address followed by the quotation\'s anchor (<code>#q-…</code>, its # link on the page).</p>'
            f'{styles}{notes}<p class="annals-cite-downloads">Download: {downloads}</p></main></body></html>\n')


def rendered_items(rec: AnnotatedArticle, ctx) -> list[dict]:
    """Every item the article's citations render: the original, and the archive copy with the stand-in
    date (``archive_html``)."""
    return [original_item(rec, ctx), archive_template_item(rec, ctx)]


# ---- downloads -------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
                   "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _one_line(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())


def bibtex_text(value: str) -> str:
    """A value for a BibTeX field in braces: LaTeX's special characters escaped, one line."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(value))


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's ``url`` field (read verbatim): braces, backslashes and spaces percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(ch, ch) for ch in _one_line(url))


def _csl_date(item: dict) -> dt.date | None:
    parts = item.get("issued", {}).get("date-parts")
    return dt.date(*parts[0]) if parts else None


def _archive_note(copy: dict) -> str:
    day = _csl_date(copy)
    return f"Archived copy: {copy['container-title']}, {copy['URL']}" + (f", {day.isoformat()}" if day else "")


def bibtex(rec: AnnotatedArticle, ctx) -> str:
    """``cite/<id>.bib``: the original article as a BibTeX ``@article`` (biblatex: newspaper)."""
    original, copy = csl_items(rec, ctx)
    fields = [("title", "{" + bibtex_text(original["title"]) + "}")]
    if "author" in original:
        fields.append(("author", " and ".join(bibtex_text(f"{n['family']}, {n['given']}") for n in original["author"])))
    if "container-title" in original:
        fields.append(("journal", bibtex_text(original["container-title"])))
    day = _csl_date(original)
    if day:
        fields += [("date", day.isoformat()), ("year", str(day.year)), ("month", str(day.month)),
                   ("day", str(day.day))]
    if "URL" in original:
        fields.append(("url", bibtex_url(original["URL"])))
    fields.append(("entrysubtype", "newspaper"))
    fields.append(("note", bibtex_text(_archive_note(copy))))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@article{{annals-{rec.article.id},\n{body}\n}}\n"


def ris(rec: AnnotatedArticle, ctx) -> str:
    """``cite/<id>.ris``: the original article as an RIS ``NEWS`` record."""
    original, copy = csl_items(rec, ctx)
    lines = [("TY", "NEWS"), ("TI", original["title"])]
    lines += [("AU", f"{n['family']}, {n['given']}") for n in original.get("author", [])]
    if "container-title" in original:
        lines.append(("T2", original["container-title"]))
    day = _csl_date(original)
    if day:
        lines += [("PY", str(day.year)), ("DA", day.strftime("%Y/%m/%d/"))]
    if "URL" in original:
        lines.append(("UR", original["URL"]))
    lines.append(("N1", _archive_note(copy)))
    lines.append(("ID", f"annals-{rec.article.id}"))
    text = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)
    return text + "ER  - \r\n"


def csl_json(rec: AnnotatedArticle, ctx) -> str:
    """``cite/<id>.json``: both CSL-JSON items."""
    return json.dumps(csl_items(rec, ctx), ensure_ascii=False, indent=1) + "\n"


def article_cite_files(rec: AnnotatedArticle, ctx) -> dict[str, str]:
    """An ARTICLE_FILES provider: the article's citations file and citation downloads."""
    paths = download_paths(rec.article.id)
    return {citations_path(rec.article.id): cite_page(rec, ctx), paths["BibTeX"]: bibtex(rec, ctx),
            paths["RIS"]: ris(rec, ctx), paths["CSL-JSON"]: csl_json(rec, ctx)}


def cite_files(records: list[AnnotatedArticle], ctx) -> dict[str, str]:
    """Every article's citations file and citation downloads (:func:`article_cite_files`)."""
    out: dict[str, str] = {}
    for rec in sorted(records, key=lambda r: r.article.id):
        out.update(article_cite_files(rec, ctx))
    return out


# ---- metadata for the page head --------------------------------------------------------------

def officials_by_id(ctx) -> dict:
    """Gazetteer ID -> official, the first of a repeated ID (``ctx.lookup(officials_by_id)``)."""
    return {o.id: o for o in reversed(ctx.archive.officials)}


def _person(ctx, speaker_id: str | None, name: str) -> dict:
    person: dict = {"@type": "Person", "name": name}
    if speaker_id:
        official = ctx.lookup(officials_by_id).get(speaker_id)
        if official is not None and official.wikidata:
            person["sameAs"] = WIKIDATA + official.wikidata
    return person


def json_ld(rec: AnnotatedArticle, ctx) -> dict:
    """schema.org ``NewsArticle`` for the original, with its quotations as ``Quotation`` parts."""
    a = rec.article
    original = original_item(rec, ctx)
    page = permalink(ctx, a.url)
    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": page + "#article",
                  "headline": original["title"], "name": original["title"], "mainEntityOfPage": page,
                  "archivedAt": page, "url": original.get("URL") or page}
    if a.date:
        data["datePublished"] = a.date.isoformat()
    if a.publisher:
        data["publisher"] = {"@type": "Organization", "name": a.publisher}
    if "author" in original:
        data["author"] = [{"@type": "Person", "name": f"{n['given']} {n['family']}"} for n in original["author"]]
    parts = []
    for q in rec.quotes:
        if q.kind == "scare" or not q.speaker:
            continue
        person = _person(ctx, q.speaker_id, q.speaker)
        parts.append({"@type": "Quotation", "@id": permalink(ctx, f"{a.url}#{q.id}"), "text": q.text,
                      "spokenByCharacter": person, "creator": person})
    if parts:
        data["hasPart"] = parts
    return data


def head_meta(rec: AnnotatedArticle, ctx) -> dict:
    """Name/content pairs for ``<meta>`` tags (Highwire, Dublin Core) and OpenGraph properties."""
    a = rec.article
    original = original_item(rec, ctx)
    page = permalink(ctx, a.url)
    title = original["title"]
    names = [f"{n['family']}, {n['given']}" for n in original.get("author", [])]
    meta: list[list[str]] = [["citation_title", title]]
    meta += [["citation_author", n] for n in names]
    if a.date:
        meta.append(["citation_publication_date", a.date.strftime("%Y/%m/%d")])
    if a.publisher:
        meta += [["citation_journal_title", a.publisher], ["citation_publisher", a.publisher]]
    meta.append(["citation_public_url", page])
    meta += [["DC.title", title], ["DC.type", "newspaperArticle"]]
    meta += [["DC.creator", n] for n in names]
    if a.date:
        meta.append(["DC.date", a.date.isoformat()])
    if a.publisher:
        meta.append(["DC.publisher", a.publisher])
    meta.append(["DC.identifier", page])
    if a.original_url:
        meta.append(["DC.source", H.safe_url(a.original_url)])
    og = [["og:title", title], ["og:type", "article"], ["og:url", page], ["og:site_name", ctx.config.site_name]]
    if a.date:
        og.append(["article:published_time", a.date.isoformat()])
    return {"meta": meta, "og": og}


def script_json(data: object) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and ``'`` written as ``\\u003c`` and so on,
    so no value can close the element or open a comment.  Compact and key-sorted (the same text from
    MkDocs and Zensical, whose ``tojson`` filters space the JSON differently)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, escaped)
    return text


def cite_front_matter(rec: AnnotatedArticle, ctx) -> dict:
    """Front matter of the article page read by ``overrides/partials/annals-cite-meta.html``."""
    return {"annals_cite": {**head_meta(rec, ctx), "jsonld": script_json(json_ld(rec, ctx))}}
