"""Lookups and markup shared by the browse pages (officials, elections, quotations, timeline, home).

Pure: built from the annotated records and the gazetteers.  Everything from a source, a
sidecar or a gazetteer reaches the page through :mod:`annals.render.html`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from annals.model import AnnotatedArticle, Archive, Election, Official, Quote
from annals.render import html as H
from annals.render import listing
from annals.render.kit import KIND_TEXT, PER_PAGE, RenderContext, front_matter, human_date, statement_url, unattributed_html
from annals.render import kit

MAX_SLUG = 80
"""Longest slug: it names a page folder, and file systems limit a name to 255 bytes (some to 143)."""


def slug(name: str) -> str:
    """ASCII slug of a name (``Karin von Hippel`` -> ``karin-von-hippel``); a hash when nothing is left;
    a long one shortened and given a hash of the whole name (an editor's speaker name can be any text)."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    if len(out) > MAX_SLUG:
        out = out[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    return out or "s-" + digest


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone quoted: a gazetteer official or an unlisted speaker (named in the text only)."""

    key: str
    """``<official id>`` or ``unlisted:<name>``."""
    name: str
    """Display name."""
    url: str
    """Site-relative page URL."""
    official: Official | None
    """The gazetteer record, or None for an unlisted speaker."""


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A quotation with what the listings show beside it."""

    quote: Quote
    """The quotation."""
    record: AnnotatedArticle
    """Its article."""
    speaker: Speaker | None
    """Who said it (None for a scare quote)."""
    election: Election | None
    """The election it is filed under (the article's election nearest its date)."""

    @property
    def url(self) -> str:
        """Site-relative permalink of the quotation."""
        return kit.quote_url(self.record.article.id, self.quote.anchor)

    @property
    def date(self) -> dt.date | None:
        return self.record.article.date

    def sort_key(self) -> tuple:
        a = self.record.article
        return (a.date or dt.date.max, a.id, self.quote.spans[0].paragraph if self.quote.spans else 0,
                self.quote.spans[0].start if self.quote.spans else 0, self.quote.id)


class Index:
    """Everything the browse pages look up, computed once from the records and the gazetteers."""

    def __init__(self, records: list[AnnotatedArticle], archive: Archive):
        self.records = sorted(records, key=lambda r: r.article.id)
        self.by_id = {r.article.id: r for r in self.records}
        self.officials = {o.id: o for o in archive.officials}
        self.elections = {e.id: e for e in archive.elections}
        self.election_order = sorted(self.elections.values(), key=lambda e: (e.date, e.id))
        self.speakers: dict[str, Speaker] = {o.id: Speaker(o.id, o.name, kit.official_url(o.id), o)
                                             for o in self.officials.values()}
        unlisted = sorted({q.speaker for r in self.records for q in r.quotes
                           if q.speaker and (q.speaker_id is None or q.speaker_id not in self.officials)})
        taken: set[str] = set()
        for name in unlisted:
            s = slug(name)
            while s in taken:
                s += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:4]
            taken.add(s)
            self.speakers["unlisted:" + name] = Speaker("unlisted:" + name, name, kit.speaker_url(s), None)
        self.rows: list[QuoteRow] = []
        for r in self.records:
            election = self.election_of(r)
            for q in r.quotes:
                self.rows.append(QuoteRow(q, r, self.speaker_of(q), election))
        self.rows.sort(key=QuoteRow.sort_key)
        self.statement_of: dict[str, tuple[str, str | None]] = {}
        """Quotation ID -> (its statement's key, the statement's permanent ID or None), for quotations that
        report a statement reported more than once (link stage, issue 22)."""
        for r in self.records:
            for st in r.statements:
                for qid in st.reports:
                    self.statement_of[qid] = (st.key, st.id)
        self._rows_by_speaker: dict[str, list[QuoteRow]] = {}
        for row in self.rows:
            if row.speaker:
                self._rows_by_speaker.setdefault(row.speaker.key, []).append(row)
        self._mentioning: dict[str, list[AnnotatedArticle]] = {}
        self._about: dict[str, list[AnnotatedArticle]] = {}
        for r in self.records:
            for o in self.article_officials(r):
                self._mentioning.setdefault(o, []).append(r)
            for e in self.article_elections(r):
                self._about.setdefault(e, []).append(r)

    def statement_key(self, q: Quote) -> str:
        """What counts as one statement: its statement's key, or the quotation's own ID when it is its only report."""
        return self.statement_of.get(q.id, (q.id, None))[0]

    def statement_url(self, q: Quote) -> str | None:
        """Site-relative URL of the page of the quotation's statement, when it has one."""
        ident = self.statement_of.get(q.id, (None, None))[1]
        return statement_url(ident) if ident else None

    def statements(self, rows: list[QuoteRow]) -> list[QuoteRow]:
        """One row per statement among ``rows`` (its first, in their order), scare quotes left out: what the
        pages count, so that a statement reported by three articles counts once."""
        seen: set[str] = set()
        out = []
        for row in rows:
            if row.quote.kind == "scare":
                continue
            key = self.statement_key(row.quote)
            if key not in seen:
                seen.add(key)
                out.append(row)
        return out

    def speaker_of(self, q: Quote) -> Speaker | None:
        if q.speaker_id and q.speaker_id in self.speakers:
            return self.speakers[q.speaker_id]
        if q.speaker:
            return self.speakers.get("unlisted:" + q.speaker)
        return None

    def article_officials(self, r: AnnotatedArticle) -> tuple[str, ...]:
        """Gazetteer IDs of the people an article concerns: found by the annotator plus an editor's tags."""
        extra = r.article.tags.officials
        quoted = [q.speaker_id for q in r.quotes if q.speaker_id]
        return tuple(sorted({i for i in (*r.officials, *quoted, *extra) if i in self.officials}))

    def article_elections(self, r: AnnotatedArticle) -> tuple[str, ...]:
        """Election IDs an article concerns, by election day."""
        extra = r.article.tags.elections
        ids = {i for i in (*r.elections, *extra) if i in self.elections}
        return tuple(sorted(ids, key=lambda i: (self.elections[i].date, i)))

    def election_of(self, r: AnnotatedArticle) -> Election | None:
        """The one election an article's quotations are filed under: its election nearest the article's date."""
        ids = self.article_elections(r)
        if not ids:
            return None
        if r.article.date is None:
            return self.elections[ids[0]]
        day = r.article.date
        return min((self.elections[i] for i in ids), key=lambda e: (abs((day - e.date).days), e.date))

    def rows_of(self, speaker_key: str) -> list[QuoteRow]:
        """Quotations of one speaker, by date."""
        return list(self._rows_by_speaker.get(speaker_key, ()))

    def mentioning(self, official_id: str) -> list[AnnotatedArticle]:
        """Articles that concern one official, by ID."""
        return list(self._mentioning.get(official_id, ()))

    def about(self, election_id: str) -> list[AnnotatedArticle]:
        """Articles that concern one election, by ID."""
        return list(self._about.get(election_id, ()))


def article_link(from_url: str, r: AnnotatedArticle) -> str:
    """A link to an article, with its outlet and date."""
    a = r.article
    date = f'<time datetime="{a.date.isoformat()}">{human_date(a.date)}</time>' if a.date else "undated"
    return (f'<a href="{H.rel(from_url, a.url)}">{H.text(a.title)}</a>'
            f' <span class="annals-basis">— {H.text(a.publisher or "publisher unknown")}, {date}</span>')


def article_item(from_url: str, r: AnnotatedArticle) -> str:
    """A list item linking to an article, with its outlet and date."""
    return f"<li>{article_link(from_url, r)}</li>"


def quote_item(from_url: str, row: QuoteRow, show_speaker: bool = True) -> str:
    """A quotation as a blockquote-like list item with its permalink."""
    q, a = row.quote, row.record.article
    who = ""
    if show_speaker and q.kind != "scare" and (row.speaker is None or q.speaker_kind == "none"):
        who = f'<span class="annals-q-speaker">{unattributed_html(q.unattributed_reason)}</span>: '
    elif show_speaker and row.speaker:
        title = f", {H.text(q.speaker_title)}" if q.speaker_title and not q.speaker_id else ""
        who = f'<a class="annals-q-speaker" href="{H.rel(from_url, row.speaker.url)}">{H.text(row.speaker.name)}</a>{title}: '
    date = f'<time datetime="{a.date.isoformat()}">{human_date(a.date)}</time>' if a.date else "undated"
    via = f", via {H.text(q.via)}" if q.via else ""
    return (f'<li class="annals-q annals-q-{H.attr(q.kind)}">{who}<q>{H.text(q.text)}</q>'
            f'<br><span class="annals-basis">{KIND_TEXT.get(q.kind, H.text(q.kind))}{via} — '
            f'<a href="{H.rel(from_url, row.url)}">{H.text(a.title)}</a>, {date}</span></li>')


def chunks(base_url: str, items: list, per_page: int = PER_PAGE) -> list[tuple[listing.PageInfo, list]]:
    """The pages of a listing (``annals.render.listing``) with the items on each (one empty page when none)."""
    return [(info, items[info.first:info.last]) for info in listing.pages(base_url, len(items), per_page)]


def page(title_text: str, body: str, hide_toc: bool = False, meta: dict | None = None) -> str:
    """A generated page: escaped title in front matter (plus ``meta``), one raw HTML block."""
    meta = {"title": H.attr(title_text), **(meta or {})}
    if hide_toc:
        meta["hide"] = ["toc"]
    return front_matter(meta) + body + "\n"


def _build_index(ctx: RenderContext) -> Index:
    return Index(list(ctx.records), ctx.archive)


def index_of(ctx: RenderContext) -> Index:
    """The browse lookups of the context's records and gazetteers, built once per render and shared by
    every page provider and per-article section (each building its own made rendering quadratic)."""
    return ctx.lookup(_build_index)
