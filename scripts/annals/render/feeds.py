"""Atom feeds of new articles (issue 5): site-wide, per official and per election.  Pure.

* ``feeds/articles.xml``: the newest additions to the archive;
* ``officials/<id>/feed.xml``: the newest additions that mention or quote the person;
* ``elections/<id>/feed.xml``: the newest additions that concern the election.

Order: entries come in the order the archive added the articles, newest addition first (article IDs
are issued in that order, so this is descending ID); each feed holds the ``FEED_ENTRIES`` newest.
Dates: an entry's ``published`` and ``updated`` are the article's date (from the source or an
editor); an undated article, and a feed with no entries, take the edition date (``RenderConfig.edition_date``:
``SOURCE_DATE_EPOCH`` if set, else the newest article date; the day MkDocs dates the sitemap with), so
the same archive always gives the same feeds.  A feed's ``updated`` is the newest of its entries'.  Never the clock.

Every text is placed by ``xml.etree.ElementTree``, which escapes it; characters that XML 1.0 does
not allow (control characters) are shown as their Unicode control pictures, as on the pages.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render.kit import RenderContext, default_edition_date, human_date
from annals.render import kit

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/atom+xml"
SITE_FEED = "feeds/articles.xml"
FEED_ENTRIES = 50
"""Entries per feed: the newest additions (a feed reader keeps what it has seen)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\x80-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 does not allow, and DEL (allowed, but shown as a picture on the pages too)."""


def official_feed(pid: str) -> str:
    """Site path of an official's feed."""
    return kit.official_url(pid) + "feed.xml"


def election_feed(eid: str) -> str:
    """Site path of an election's feed."""
    return kit.election_url(eid) + "feed.xml"


def feed_link(page_url: str, feed_path: str, label: str) -> str:
    """The visible link to a feed on the page at ``page_url``."""
    return (f'<p class="annals-feed-link"><a class="annals-feed" href="{H.attr(H.rel(page_url, feed_path))}" '
            f'type="{MEDIA_TYPE}">{H.text(label)}</a></p>')


def feed_meta(feed_path: str) -> dict:
    """Front matter that makes ``overrides/partials/annals-feeds.html`` link the page's feed in its head
    (titled with the page's title: no source text goes into front matter unescaped)."""
    return {"feed": feed_path}


def _picture(ch: str) -> str:
    code = ord(ch)
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def _clean(value: str) -> str:
    """Text XML 1.0 can carry: control characters become their control pictures (U+2400 + code, U+2421
    for DEL), anything else it cannot hold U+FFFD."""
    return _NOT_XML.sub(lambda m: _picture(m.group()), value)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def newest_additions(records: list[AnnotatedArticle], n: int = FEED_ENTRIES) -> list[AnnotatedArticle]:
    """The ``n`` most recently added articles, newest first (IDs are issued in order)."""
    return sorted(records, key=lambda r: r.article.id, reverse=True)[:n]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrib.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def atom_feed(entries: list[AnnotatedArticle], ctx: RenderContext, feed_path: str, page_path: str, title: str,
              subtitle: str, default_date: dt.date) -> str:
    """One Atom feed document (RFC 4287) of ``entries`` in the given order."""
    base = ctx.config.site_url
    names = {o.id: o.name for o in ctx.archive.officials}
    elections = {e.id: e.title for e in ctx.archive.elections}

    def absolute(path: str) -> str:
        return base + path if base else path

    def ident(path: str) -> str:  # an absolute IRI even without a site_url (unit tests)
        return base + path if base else f"urn:annals:{path}"

    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML_NS}}}lang": "en"})
    _sub(feed, "id", ident(feed_path))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "link", rel="self", type=MEDIA_TYPE, href=absolute(feed_path))
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(page_path))
    dates = [r.article.date or default_date for r in entries]
    _sub(feed, "updated", _stamp(max(dates, default=default_date)))
    author = _sub(feed, "author")
    _sub(author, "name", ctx.config.site_name)
    if base:
        _sub(author, "uri", base)
    _sub(feed, "generator", "annals")
    _sub(feed, "rights", "Annotations CC BY 4.0; source texts belong to their publishers.")
    for rec, day in zip(entries, dates):
        a = rec.article
        entry = _sub(feed, "entry")
        _sub(entry, "id", ident(a.url))
        _sub(entry, "title", a.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=absolute(a.url))
        if a.original_url:
            _sub(entry, "link", rel="via", href=H.safe_url(a.original_url))
        if a.date:
            _sub(entry, "published", _stamp(a.date))
        _sub(entry, "updated", _stamp(day))
        if a.byline or a.publisher:
            _sub(_sub(entry, "author"), "name", a.byline or a.publisher)
        for pid in rec.officials:
            _sub(entry, "category", term=pid, scheme=absolute(kit.OFFICIALS), label=names.get(pid, pid))
        for eid in rec.elections:
            _sub(entry, "category", term=eid, scheme=absolute(kit.ELECTIONS), label=elections.get(eid, eid))
        quotes = sum(1 for q in rec.quotes if q.kind != "scare")
        summary = (f"{a.publisher or 'Publisher unknown'}, {human_date(a.date)}. "
                   f"{quotes} quotation{'s' if quotes != 1 else ''} or statement{'s' if quotes != 1 else ''}"
                   + (f"; mentions {', '.join(names.get(p, p) for p in rec.officials)}." if rec.officials else "."))
        _sub(entry, "summary", summary, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: the site-wide feed, and one feed per official and per election of the gazetteers."""
    ET.register_namespace("", ATOM)
    day = ctx.config.edition_date or default_edition_date(records)
    name = ctx.config.site_name
    out = {SITE_FEED: atom_feed(newest_additions(records), ctx, SITE_FEED, kit.ARTICLES, f"{name}: new articles",
                                "Articles newly added to the archive, newest addition first.", day)}
    for o in ctx.archive.officials:
        mine = [r for r in records if o.id in r.officials]
        out[official_feed(o.id)] = atom_feed(newest_additions(mine), ctx, official_feed(o.id), kit.official_url(o.id),
                                             f"{name}: {o.name}",
                                             f"Articles newly added to the archive that mention or quote {o.name}.", day)
    for e in ctx.archive.elections:
        mine = [r for r in records if e.id in r.elections]
        out[election_feed(e.id)] = atom_feed(newest_additions(mine), ctx, election_feed(e.id), kit.election_url(e.id),
                                             f"{name}: {e.title}",
                                             f"Articles newly added to the archive about the {e.title}.", day)
    return out
