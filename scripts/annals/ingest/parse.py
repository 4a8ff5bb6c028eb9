"""Stage 2, the parser: a raw scraped article plus its sidecar -> an :class:`Article`.

Pure: text in, record out.  The parser only separates what the scrape glued together
(title, byline, date, photo credit, related-article lines, the URL trailer) from the
running text; it never changes a word of that text.  What it cannot tell from the text
it leaves empty and flags for an editor instead of guessing.

Layout of a raw file, as seen in the seeds (any part may be missing)::

    [blank lines]
    Title
    By [Byline](#)
    Month DD, YYYY          (or `` date YYYY-MM-DD `` glued to the first sentence; Russian: ``6 ноября 2024``,
                            ``6 ноября 2024 года``/``г.``, ``06.11.2024``)
    Photo credit            (``(Image Credit: ...)``, ``Name / Agency`` or a caption ending ``**Name**``)
    Body paragraphs, with ``Related article: ...`` lines among them
    Closing lines           (``AFP contributed reporting.``)
    Original url:
    <https://...>
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel.dates import get_month_names

from annals.ingest.language import language_of
from annals.ingest.urls import check_url
from annals.model import Article, EditorTags, Paragraph, Problem, Sidecar, SourceFile, UrlRepair

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
# Month names of the other languages the archive takes, from the Unicode CLDR (Babel): the genitive
# ("6 ноября 2024"), the nominative and the abbreviations ("6 нояб. 2024").  Lower case -> 1..12.
OTHER_LANGUAGES = ("ru",)
MONTHS.update({
    name.lower().rstrip("."): number
    for locale in OTHER_LANGUAGES for context in ("format", "stand-alone") for width in ("wide", "abbreviated")
    for number, name in get_month_names(width, context=context, locale=locale).items()
})
_MONTH = r"(?P<month>[^\W\d_]{3,9})\.?"
_YEAR_WORD = r"(?:\s+г(?:ода|\.)?)?"  # Russian "2024 года" / "2024 г." (of the year)
DATE_LINE_RES = (
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}}){_YEAR_WORD}$"),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"),
    re.compile(rf"^(?P<day>\d{{2}})\.(?P<month>\d{{2}})\.(?P<year>\d{{4}}){_YEAR_WORD}$"),  # day first, as in Europe
)
GLUED_DATE_RE = re.compile(r"^date\s+(?P<date>\S+)\s+(?P<rest>\S.*)$", re.IGNORECASE)
BYLINE_RE = re.compile(r"^By\s+(?P<who>\S.{0,150})$")
IMAGE_CREDIT_RE = re.compile(r"^\((?:Image|Photo) [Cc]redit:\s*(?P<credit>[^()]+)\)$")
BOLD_CREDIT_RE = re.compile(r"^(?P<caption>.*?)\*\*(?P<credit>[^*]{1,120})\*\*$")  # linear: no \s* after .*?
AGENCY_CREDIT_RE = re.compile(r"^[\w.'’\- ]{2,60}\s/\s[\w.'’\- ]{2,60}$")
RELATED_RE = re.compile(r"^Related(?: article| articles| reading)?:\s*(?P<title>.*)$", re.IGNORECASE)
CLOSING_RE = re.compile(
    r"^(?:[\w.,&'’ -]{2,80} contributed (?:reporting|to this (?:report|article|story))"
    r"|(?:Additional )?[Rr]eporting by [^.]{2,120}|Editing by [^.]{2,120})\.?$"
)
URL_LABEL_RE = re.compile(r"^Original (?:url|URL|link):\s*(?P<rest>.*)$")
LINK_RESIDUE_RE = re.compile(r"\[([^\[\]\n]+)\]\(#\)")
TERMINAL_RE = re.compile(r"[.!?…:;\"”’')\]»]$")
MAX_TITLE_CHARS = 200
DERIVED_TITLE_WORDS = 12


@dataclass(frozen=True, slots=True)
class Block:
    """A run of non-blank lines of the raw file, joined by single spaces."""

    text: str
    lines: tuple[int, ...]


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and CR only (``str.splitlines`` would also split on U+2028 and friends)."""
    return re.split(r"\r\n|\r|\n", text)


def blocks_of(text: str) -> list[Block]:
    """Group the raw lines into blocks separated by blank (whitespace-only) lines."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(split_lines(text), start=1):
        if line.strip():
            current.append((number, line.strip()))
        elif current:
            blocks.append(Block(" ".join(t for _, t in current), tuple(n for n, _ in current)))
            current = []
    if current:
        blocks.append(Block(" ".join(t for _, t in current), tuple(n for n, _ in current)))
    return blocks


def strip_link_residue(text: str) -> str:
    """``[text](#)`` left by a scrape that dropped the link target shows as ``text``."""
    return LINK_RESIDUE_RE.sub(r"\1", text)


def parse_date_line(text: str) -> tuple[dt.date | None, bool]:
    """Return (date, looks_like_a_date).  A line shaped like a date but impossible gives (None, True)."""
    for pattern in DATE_LINE_RES:
        m = pattern.match(text)
        if not m:
            continue
        month = m.group("month")
        month_n = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if month_n is None:
            continue
        try:
            return dt.date(int(m.group("year")), month_n, int(m.group("day"))), True
        except ValueError:
            return None, True
    return None, False


ABBREVIATION_END_RE = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|St|Mr|Mrs|Dr|Gen|Sen|Rep|Gov|Pres)\.)$")


def looks_like_title(text: str) -> bool:
    """A heading: short, one line, not ending like a sentence (``... With U.S.`` still is a heading)."""
    if len(text) > MAX_TITLE_CHARS or len(text.split()) > 30 or text.endswith((",", ";", ":")):
        return False
    return not text.endswith(".") or bool(ABBREVIATION_END_RE.search(text))


def repair_url(found: str) -> tuple[str, UrlRepair | None]:
    """Remove whitespace that a scrape put inside a URL, and write its scheme in lower case
    (``HTTPS://`` -> ``https://``, as a browser reads it); record what was done."""
    repaired, reasons = found, []
    if re.search(r"\s", repaired):
        repaired = re.sub(r"\s+", "", repaired)
        reasons.append("removed whitespace inside the URL, which a URL cannot contain")
    if (m := re.match(r"(?i)(https?)://", repaired)) and m.group(1) != m.group(1).lower():
        repaired = m.group(1).lower() + repaired[len(m.group(1)):]
        reasons.append("wrote the scheme in lower case")
    if repaired == found:
        return found, None
    return repaired, UrlRepair(found, repaired, "; ".join(reasons))


def publisher_for(url: str | None, publishers: dict) -> str | None:
    """Outlet name for a URL's domain, matching subdomains (``www.``) too."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    while host:
        if host in publishers:
            return publishers[host]
        host = host.partition(".")[2]
    return None


def derived_title(paragraphs: tuple[Paragraph, ...]) -> str:
    """First words of the first sentence, for an untitled article (always flagged for an editor)."""
    if not paragraphs:
        return "Untitled article"
    first = re.split(r"(?<=[.!?])\s", paragraphs[0].text, maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:DERIVED_TITLE_WORDS]) + (" …" if len(words) > DERIVED_TITLE_WORDS else "")


def needs_join(before: str, after: str) -> bool:
    """Was one paragraph split in two by the scrape?

    Yes when the first does not end like a sentence and either the second starts in
    lower case or the first leaves a quotation open.
    """
    if TERMINAL_RE.search(before):
        return False
    if after[:1].islower():
        return True
    straight_open = before.count('"') % 2 == 1
    return straight_open or open_doubles(before) > 0


def open_doubles(text: str) -> int:
    """Double quotation marks left open at the end of ``text``: English “ ” and Russian « » and „ “ (a „ is
    closed by the next “, which otherwise opens)."""
    low, high = text.count("„"), text.count("“")
    closing_low = min(low, high)
    opened = text.count("«") + low + high - closing_low
    closed = text.count("»") + text.count("”") + closing_low
    return opened - closed


@dataclass(slots=True)
class _Parts:
    title: str | None = None
    title_line: int | None = None
    byline: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    caption: str | None = None
    credit: str | None = None
    credit_line: str | None = None
    url_found: str | None = None
    url_line: int | None = None
    date_line: int | None = None


def _header(blocks: list[Block], parts: _Parts, problems: list[Problem], rel: str) -> int:
    """Consume header blocks; return the index of the first body block."""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        text = block.text
        glued = GLUED_DATE_RE.match(text) if i == 0 else None
        if glued and re.fullmatch(r"\d{4}-\d{2}-\d{2}", glued.group("date")) and parts.date is None:
            date, _ = parse_date_line(glued.group("date"))
            parts.date, parts.date_text, parts.date_line = date, glued.group("date"), block.lines[0]
            return i  # the rest of this block is the first body paragraph (see _body)
        if (m := BYLINE_RE.match(text)) and parts.byline is None:
            parts.byline = strip_link_residue(m.group("who")).strip()
        elif (m := IMAGE_CREDIT_RE.match(text)) and parts.credit is None:
            parts.credit, parts.credit_line = m.group("credit").strip(), text
        elif parse_date_line(text)[1] and parts.date is None and parts.date_text is None:
            date, _ = parse_date_line(text)
            parts.date, parts.date_text, parts.date_line = date, text, block.lines[0]
        elif (m := BOLD_CREDIT_RE.match(text)) and parts.credit is None:
            parts.caption = m.group("caption").strip() or None
            parts.credit = m.group("credit").strip()
        elif parts.title is not None and parts.credit is None and AGENCY_CREDIT_RE.match(text):
            parts.credit = text
        elif parts.title is None and looks_like_title(text) and not RELATED_RE.match(text):
            parts.title, parts.title_line = text, block.lines[0]
        else:
            return i
        i += 1
    return i


def _body(blocks: list[Block], start: int, parts: _Parts, problems: list[Problem], rel: str):
    related: list[str] = []
    closing: list[str] = []
    body: list[Block] = []
    i = start
    while i < len(blocks):
        block = blocks[i]
        text = block.text
        if i == start and (glued := GLUED_DATE_RE.match(text)) and parts.date_text == glued.group("date"):
            text = glued.group("rest")
            block = Block(text, block.lines)
        if m := URL_LABEL_RE.match(text):
            rest = m.group("rest").strip()
            parts.url_line = block.lines[0]
            if not rest and i + 1 < len(blocks):
                i += 1
                rest = blocks[i].text
            parts.url_line = blocks[i].lines[0]
            parts.url_found = rest.strip().removeprefix("<").removesuffix(">").strip() or None
            if i + 1 < len(blocks):
                problems.append(Problem(rel, blocks[i + 1].lines[0], "text after the original URL; the URL trailer must come last"))
                body.extend(blocks[i + 1 :])  # keep the words: nothing from a source is dropped
            break
        if m := RELATED_RE.match(text):
            related.append(strip_link_residue(m.group("title")).strip())
        elif CLOSING_RE.match(text):
            closing.append(text)
        else:
            body.append(block)
        i += 1
    return body, related, closing


def _join(body: list[Block]) -> tuple[tuple[Paragraph, ...], tuple[int, ...]]:
    """Join blocks a scrape split (see :func:`needs_join`), in linear time even for many short blocks."""
    groups: list[list[Block]] = []
    joins: list[int] = []
    straight = doubles = 0  # quote counts of the current group, kept as it grows
    for block in body:
        if groups:
            last = groups[-1][-1].text
            join = not TERMINAL_RE.search(last[-1:]) and (
                block.text[:1].islower() or straight % 2 == 1 or doubles > 0)
        else:
            join = False
        if join:
            groups[-1].append(block)
            joins.append(block.lines[0])
        else:
            groups.append([block])
            straight = doubles = 0
        straight += block.text.count('"')
        doubles += open_doubles(block.text)
    paragraphs = tuple(
        Paragraph(n=n, text=strip_link_residue(" ".join(b.text for b in group)),
                  lines=tuple(line for b in group for line in b.lines))
        for n, group in enumerate(groups, start=1)
    )
    return paragraphs, tuple(joins)


def parse_article(source: SourceFile, sidecar: Sidecar, publishers: dict,
                  today: dt.date | None = None) -> tuple[Article, list[Problem]]:
    """Parse one raw article with its sidecar.  Returns the record and the problems found.

    ``today`` (the build date) is used only to reject dates in the future.
    """
    rel = f"articles/{source.name}"
    side_rel = f"articles/{sidecar.name}"
    problems: list[Problem] = []
    side = sidecar.data
    blocks = blocks_of(source.text)
    parts = _Parts()
    start = _header(blocks, parts, problems, rel)
    body, related, closing = _body(blocks, start, parts, problems, rel)
    paragraphs, joins = _join(body)
    flags: list[str] = []
    language, found = language_of(paragraphs, parts.title, side, sidecar.lines, side_rel)
    problems += found

    if not paragraphs:
        problems.append(Problem(rel, None, "no body text found after the title and header lines; expected at least one paragraph"))

    # Title: an editor's title wins (a retitle), else the source's, else a derived one.  The source's
    # own title is kept (``source_title``) and shown beside an editor's; replacing it is listed for an
    # editor until ``title_note`` says why.
    if side.get("title"):
        title, title_basis = side["title"], "editor"
        if parts.title and not side.get("title_note"):
            problems.append(Problem(side_rel, sidecar.lines.get("/title"),
                                    f"title: replaces the source's own title {parts.title!r}; the page shows both "
                                    "and citations use the source's; say why in `title_note:`", severity="review"))
    elif parts.title:
        title, title_basis = parts.title, "source"
    else:
        title, title_basis = derived_title(paragraphs), "derived"
        flags.append("untitled")
        problems.append(Problem(rel, 1, "has no title; derived one from the first sentence. "
                                        f"Set `title:` in {side_rel}", severity="review"))

    # Date: the source's, else the editor's; never guessed.  The raw file is never edited, so
    # where the source's date is impossible or in the future, an editor's date replaces it.
    side_date = side.get("date")
    if isinstance(side_date, str):
        side_date = dt.date.fromisoformat(side_date)
    source_wrong = None
    if parts.date_text is not None and parts.date is None:
        source_wrong = f"date {parts.date_text!r} is not a real calendar date"
    elif parts.date is not None and today is not None and parts.date > today:
        source_wrong = f"date {parts.date} ({parts.date_text!r}) is in the future (build date {today})"
    if source_wrong and side_date is None:
        problems.append(Problem(rel, parts.date_line, f"{source_wrong}; set the right `date:` (and `date_note:`) "
                                                      f"in {side_rel}"))
    if parts.date is not None and not source_wrong:
        date, date_basis, date_text = parts.date, "source", parts.date_text
        if side_date is not None and side_date != parts.date:
            problems.append(Problem(side_rel, sidecar.lines.get("/date"),
                                    f"date {side_date} contradicts the source's date {parts.date} ({parts.date_text!r}); "
                                    "remove it from the sidecar"))
    elif side_date is not None:
        date, date_basis, date_text = side_date, "editor", side.get("date_note")
    else:
        date, date_basis, date_text = None, "missing", None
        flags.append("undated")
        if not source_wrong:
            problems.append(Problem(rel, None, f"has no date; set `date:` and `date_note:` in {side_rel} "
                                               "if the date can be established", severity="review"))
    # the dates compared with the build date, above and below: the record depends on the build date through them only
    checked = [d for d in (parts.date, date if date_basis == "editor" else None) if d is not None] if today else []
    if date_basis == "editor" and today is not None and date > today:
        problems.append(Problem(side_rel, sidecar.lines.get("/date"),
                                f"date {date} is in the future (build date {today}); expected a publication date"))

    # Original URL and publisher: only checked web addresses (``urls.check_url``) reach the record.
    # The raw file cannot be edited, so the editor's `original_url:` replaces a source URL that is
    # no web address (``null``: none is known, no link).
    original_url, repair = None, None
    side_url, side_line = side.get("original_url"), sidecar.lines.get("/original_url")
    if side_url is not None:
        side_url, why = check_url(side_url)
        if why:
            problems.append(Problem(side_rel, side_line, f"original_url {why}"))
    if parts.url_found:
        found, found_repair = repair_url(parts.url_found)
        original_url, why = check_url(found)
        repair = found_repair if original_url else None
        if why and "original_url" not in side:
            problems.append(Problem(rel, parts.url_line, f"original URL {why}; the source stays as it is: set "
                                                         f"`original_url:` in {side_rel} to the right one, or "
                                                         "`original_url: null` if none is known (no link)"))
    if original_url is None and side_url is not None:
        original_url, repair = side_url, None
    if side.get("publisher"):
        publisher, publisher_basis = side["publisher"], "editor"
    elif (name := publisher_for(original_url, publishers)) is not None:
        publisher, publisher_basis = name, "url"
    else:
        publisher, publisher_basis = None, "unknown"
        if original_url:
            host = urlsplit(original_url).hostname
            problems.append(Problem(rel, None, f"publisher unknown for domain {host!r}; add it to publishers.yml",
                                    severity="review"))

    article = Article(
        id=side["id"],
        source_file=source.name,
        sha256=source.sha256,
        title=title,
        title_basis=title_basis,
        date=date,
        date_basis=date_basis,
        date_text=date_text,
        publisher=publisher,
        publisher_basis=publisher_basis,
        original_url=original_url,
        url_repair=repair,
        byline=parts.byline,
        caption=parts.caption,
        credit=parts.credit,
        credit_line=parts.credit_line,
        related=tuple(related),
        closing=tuple(closing),
        paragraphs=paragraphs,
        joins=joins,
        encoding_note=source.encoding_note,
        source_title=parts.title,
        language=language,
        editor_flags=tuple(flags),
        tags=EditorTags(tuple((side.get("tags") or {}).get("officials") or ()),
                        tuple((side.get("tags") or {}).get("elections") or ())),
        related_reject=tuple((side.get("related") or {}).get("reject") or ()),
        editor_byline=side.get("byline"),
        dates_checked=tuple(sorted(set(checked))),
        sidecar=side,
        sidecar_lines=sidecar.lines,
        sidecar_name=sidecar.name,
    )
    return article, problems
