"""Frozen, typed records passed between the pipeline stages.

Every stage takes records from this module and returns records from this module;
none of them is ever mutated.  Sequences are tuples so that records hash and compare
by value, which the build cache and the determinism tests rely on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "review"]
TitleBasis = Literal["source", "editor", "derived"]
DateBasis = Literal["source", "editor", "missing"]
PublisherBasis = Literal["url", "editor", "unknown"]
QuoteKind = Literal["full", "partial", "scare", "reported"]
Confidence = Literal["high", "medium", "low", "none"]
"""How sure an attribution is (``none`` for a scare quote, which has no speaker)."""
QuoteMethod = Literal[
    "", "name+verb", "unlisted+verb", "title", "label", "according", "channel", "role", "possessive", "pronoun",
    "pronoun-ambiguous", "pronoun-object", "anaphor", "anaphor-ambiguous", "anaphor-object", "institution",
    "document", "participle", "carried", "carried-introduced", "colon", "outlet", "digest", "fuzzy", "editor", "unresolved"]
"""The evidence for a quotation's speaker (doc/attribution.md lists each with its confidence); empty for a
scare quote.  A new kind of evidence is added here first (the build cache refuses a value outside it)."""
SpeakerKind = Literal["person", "institution", "none"]
MentionMethod = Literal["name", "alias", "surname", "title", "role", "fuzzy"]
"""Who speaks: a person, an institution with no person named, or no one the text identifies."""
AnchorKind = Literal["note", "correction", "original", "credit"]
LinkBasis = Literal["detected", "editor"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, reported as ``path:line: message``."""

    path: str
    """File the problem is in, relative to the archive folder where possible."""
    line: int | None
    """1-based line number in that file, or None when the problem is about the whole file."""
    message: str
    """What is wrong and what was expected, in one sentence."""
    severity: Severity = "error"
    """``error`` stops the build; ``review`` only lists the item for an editor (fails under --strict)."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A raw article exactly as it sits in ``archive/articles/``."""

    name: str
    """File name inside ``articles/`` (the raw file keeps its scraped name)."""
    raw: bytes
    """The bytes of the file, never altered."""
    sha256: str
    """Hex SHA-256 of ``raw``."""
    text: str
    """``raw`` decoded (UTF-8, BOM removed), line ends unchanged."""
    encoding_note: str | None
    """How ``text`` was decoded when it was not plain UTF-8 (e.g. a BOM was removed)."""


@dataclass(frozen=True, slots=True)
class Sidecar:
    """The editor's YAML file beside a raw article (``<name>.yml``), validated."""

    name: str
    """File name of the sidecar inside ``articles/``."""
    data: dict
    """The parsed mapping (plain YAML types)."""
    lines: dict
    """Line number of each top-level key and of nested keys as ``"a.b"`` dotted paths."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the running text, after joining paragraphs that a scrape split."""

    n: int
    """1-based position of the paragraph in the body; the page anchor is ``p<n>``."""
    text: str
    """The words as the source has them (link residue ``[text](#)`` shown as ``text``)."""
    lines: tuple[int, ...]
    """Line numbers in the raw file that this paragraph came from (several when joined)."""


@dataclass(frozen=True, slots=True)
class UrlRepair:
    """A repair made to a broken original URL; the raw text keeps the broken form."""

    found: str
    """The URL as written in the source."""
    repaired: str
    """The URL used for links."""
    reason: str
    """What was changed and why."""


@dataclass(frozen=True, slots=True)
class EditorTags:
    """Tags an editor adds to an article page (sidecar ``tags:``), as gazetteer IDs; the link stage checks
    each against the gazetteers (:mod:`annals.link.tags`)."""

    officials: tuple[str, ...] = ()
    """IDs of people in ``officials.yml``."""
    elections: tuple[str, ...] = ()
    """IDs of elections in ``elections.yml``."""


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed source article: what the raw file and its sidecar say, nothing inferred."""

    id: str
    """Permanent ID from the sidecar; the page URL is built from it."""
    source_file: str
    """Name of the raw file in ``archive/articles/``."""
    sha256: str
    """Hex SHA-256 of the raw bytes."""
    title: str
    """Title shown on the page."""
    title_basis: TitleBasis
    """Where the title came from: the source text, an editor (sidecar), or derived from the first sentence."""
    date: dt.date | None
    """Publication date, or None when neither the source nor an editor gives one."""
    date_basis: DateBasis
    """Where the date came from; never guessed."""
    date_text: str | None
    """The date as written in the source (or the editor's note on how it was inferred)."""
    publisher: str | None
    """Outlet name, from the URL's domain (``publishers.yml``) or the sidecar."""
    publisher_basis: PublisherBasis
    """Where the publisher came from."""
    original_url: str | None
    """Link to the original article (repaired if it had to be)."""
    url_repair: UrlRepair | None
    """The repair made to ``original_url``, if any."""
    byline: str | None
    """Author line without ``By`` and without link residue."""
    caption: str | None
    """Photo caption text."""
    credit: str | None
    """Photo credit (``Image Credit: ...``, a bold name, or a ``Name / Agency`` line)."""
    related: tuple[str, ...]
    """Titles from ``Related article:`` lines, in order."""
    closing: tuple[str, ...]
    """Closing lines such as ``AFP contributed reporting.``."""
    paragraphs: tuple[Paragraph, ...]
    """The running text."""
    joins: tuple[int, ...]
    """Raw line numbers at which a paragraph split by the scrape was joined to the one before."""
    encoding_note: str | None = None
    """How the raw bytes were decoded when not plain UTF-8."""
    source_title: str | None = None
    """The title as the source publishes it, when it has one; differs from ``title`` when an editor's
    title (``title_basis`` ``editor``) replaces it.  Citations cite this one."""
    credit_line: str | None = None
    """The photo credit line as the source writes it when the credit is wrapped in words of its own
    (``(Image Credit: ...)``); None when ``caption`` and ``credit`` are the line's words."""
    language: str | None = None
    """BCP 47 tag of the article's language: the sidecar's ``language:``, else detected from the script of
    its words (``ru`` when mostly Cyrillic, ``en`` when mostly Latin; :mod:`annals.ingest.language`)."""
    editor_flags: tuple[str, ...] = ()
    """What still needs an editor (e.g. ``untitled``, ``undated``)."""
    tags: EditorTags = EditorTags()
    """The editor's tags (sidecar ``tags:``)."""
    related_reject: tuple[str, ...] = ()
    """IDs of articles detected as reporting the same event that an editor says do not (sidecar
    ``related.reject``)."""
    editor_byline: str | None = None
    """An editor's byline for a source that has none (sidecar ``byline``); ``byline`` stays the source's."""
    dates_checked: tuple[dt.date, ...] = ()
    """The dates that parsing compared with the build date to refuse dates in the future (the source's, and
    an editor's that stands in for it), in order; nothing else in the record depends on the build date."""
    sidecar: dict = field(default_factory=dict, compare=False, hash=False)
    """The sidecar mapping as validated, for the sections the annotate stage reads itself (notes,
    corrections, quotations) and the link stage's ``statements:`` checks; every other stage reads the
    typed fields above."""
    sidecar_lines: dict = field(default_factory=dict, compare=False, hash=False)
    """Line of each sidecar key (``/quotes/0/id`` -> 7), so later stages can name the line of a problem."""
    sidecar_name: str = field(default="", compare=False, hash=False)
    """File name of the sidecar inside ``articles/``."""

    @property
    def url(self) -> str:
        """Site-relative permalink of the article page."""
        return f"articles/{self.id}/"


@dataclass(frozen=True, slots=True)
class Membership:
    """A role a person held (Popolo ``membership``)."""

    role: str
    """Role title as written in running text, e.g. ``Prime Minister``, ``Kremlin spokesman``."""
    organization: str
    """Organisation, e.g. ``Government of Russia``."""
    start_date: dt.date | None
    """First day in the role, or None when unknown."""
    end_date: dt.date | None
    """Last day in the role, or None while it lasts."""
    approximate: bool = False
    """True when the dates are known only to the month or year."""
    titles: tuple[str, ...] = ()
    """Words written before the surname for the holder (``President``, ``Foreign Minister``)."""
    role_nouns: tuple[str, ...] = ()
    """How reporters name the holder without the name (``Kremlin spokesman``), resolved by date."""
    serves: str | None = None
    """The role this one works for (another membership's ``role``): "Putin's spokesman" is its holder."""
    possessive_nouns: tuple[str, ...] = ()
    """Nouns written after the served person's name or pronoun ("Putin's spokesman", "his aide")."""

    def holds_on(self, day: dt.date) -> bool:
        """Was the role held on ``day``?"""
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True, slots=True)
class Official:
    """A person in the gazetteer (``archive/officials.yml``, Popolo-style)."""

    id: str
    """Stable slug, e.g. ``dmitry-peskov``; the person's page is ``officials/<id>/``."""
    name: str
    """Display name."""
    other_names: tuple[str, ...]
    """Aliases and transliterations (Dmitri/Dmitry, Alexei/Alexey/Aleksei, ...)."""
    gender: str | None
    """``female``, ``male`` or None; used to resolve he/she."""
    wikidata: str | None
    """Wikidata QID, e.g. ``Q7747``."""
    memberships: tuple[Membership, ...]
    """Roles over time, oldest first."""
    description: str
    """One line about the person."""
    sources: tuple[str, ...]
    """Where the facts above come from (URLs)."""
    russian_official: bool
    """True for Russian officials; False for US figures and others quoted."""
    name_ru: str | None = None
    """The name in Cyrillic; Latin spellings are generated from it (:mod:`annals.annotate.names`)."""

    def roles_on(self, day: dt.date) -> tuple[Membership, ...]:
        """Roles held on ``day``."""
        return tuple(m for m in self.memberships if m.holds_on(day))


@dataclass(frozen=True, slots=True)
class Election:
    """An election in the gazetteer (``archive/elections.yml``)."""

    id: str
    """Stable slug, e.g. ``us-2012``; the election's page is ``elections/<id>/``."""
    country: str
    """``US`` or ``RU``."""
    title: str
    """Display name, e.g. ``2012 US presidential election``."""
    date: dt.date
    """Election day (first round)."""
    winner: str | None
    """Gazetteer ID of the winner."""
    runner_up: str | None
    """Gazetteer ID of the runner-up."""
    candidates: tuple[str, ...]
    """Gazetteer IDs of the main candidates."""
    electoral_votes: tuple[tuple[str, int], ...]
    """(person ID, Electoral College votes) for US elections; empty otherwise."""
    inauguration: dt.date | None
    """Inauguration day."""
    notes: str = ""
    """Anything else worth one line."""
    vote_percent: tuple[tuple[str, float], ...] = ()
    """(person ID, share of the popular vote in percent)."""
    keywords: tuple[str, ...] = ()
    """Phrases that tie a text to this election besides its year (``Florida recount``)."""
    sources: tuple[str, ...] = ()
    """Where the facts can be checked (URLs)."""
    name_ru: str | None = None
    """The election's name in Russian (``Выборы президента США 2016 года``), or None."""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of ``archive/statements.txt``: a statement ID the build issued, and what it holds."""

    id: str
    """The permanent ID (``s000001``)."""
    reports: tuple[str, ...]
    """Quotation IDs the statement held when a build last recorded it (sorted)."""
    merged_into: str | None
    """The ID it was merged into (its page redirects there), or None while it stands."""
    line: int
    """1-based line in the file."""


@dataclass(frozen=True, slots=True)
class Archive:
    """Everything the loader read, validated; the input of the pure stages."""

    root: str
    """The archive folder as given."""
    sources: tuple[tuple[SourceFile, Sidecar], ...]
    """Each raw file with its sidecar, sorted by file name."""
    publishers: dict
    """Domain -> publisher name (``publishers.yml``)."""
    officials: tuple[Official, ...]
    """Gazetteer of people (``officials.yml``), sorted by ID."""
    elections: tuple[Election, ...]
    """Gazetteer of elections (``elections.yml``), sorted by date."""
    lexicon: dict = field(default_factory=dict, hash=False)
    """Word lists of the quotation finder (``lexicon.yml``): speech verbs, agencies, documents, ..."""
    lexicons: dict = field(default_factory=dict, hash=False)
    """Word lists of the other languages' quotation finders (``lexicon.<tag>.yml``), by language tag:
    ``{"ru": {...}}`` from ``lexicon.ru.yml``."""
    grouping: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    """Settings and word lists of the cross-article stage (``grouping.yml``: the statements' date window,
    similarity thresholds).  Not part of ``repr``: the per-article cache does not depend on it."""
    statement_ids: tuple["LedgerEntry", ...] = field(default=(), hash=False, compare=False, repr=False)
    """The statement IDs issued so far (``statements.txt``), in file order.  Not part of ``repr``: the
    per-article cache does not depend on it."""

    @classmethod
    def empty(cls, root: str = "") -> "Archive":
        """An archive without sources, gazetteers or word lists (for a render that needs none)."""
        return cls(root=root, sources=(), publishers={}, officials=(), elections=())


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of one paragraph's text: ``paragraph.text[start:end]``."""

    paragraph: int
    """Paragraph number (``Paragraph.n``)."""
    start: int
    """Offset of the first character."""
    end: int
    """Offset after the last character."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation found in an article, with who said it."""

    id: str
    """Permanent ID, independent of position: article ID plus a hash of the normalised text."""
    article_id: str
    """The article it is in."""
    text: str
    """The quoted words (paragraph pieces joined by a space), without the quotation marks."""
    kind: QuoteKind
    """``full``, ``partial``, ``scare`` or ``reported``."""
    spans: tuple[TextSpan, ...]
    """Where the words are on the page (several spans when it runs over paragraphs)."""
    speaker_id: str | None = None
    """Gazetteer ID of the speaker, or None (unlisted speaker or no speaker)."""
    speaker: str | None = None
    """Speaker's display name, or None for a scare quote."""
    via: str | None = None
    """The outlet or agency the quote was reported through (``according to Interfax``)."""
    confidence: Confidence = "low"
    """``high`` (name and verb in the sentence), ``medium`` (pronoun or role noun), ``low`` (guess) or ``none``
    (a scare quote: no speaker); it follows from ``method``."""
    role: str | None = None
    """Role the speaker held on the article's date (``then-President``)."""
    reviewed: bool = False
    """An editor confirmed or corrected it in the sidecar (``quotes:``)."""
    document: str | None = None
    """The document that says the words (``decree``), when the speaker is its author."""
    method: QuoteMethod = ""
    """The evidence for the speaker (``name+verb``, ``unlisted+verb``, ``according``, ``channel``, ``label``,
    ``institution``, ``role``, ``pronoun``, ``anaphor``, ``participle``, ``document``, ``carried``, ``editor``;
    ``unresolved`` when there is none).  doc/attribution.md lists them with their confidence."""
    speaker_kind: SpeakerKind = "person"
    """``person``, ``institution`` (an institution speaking, no person named) or ``none``."""
    unattributed_reason: str | None = None
    """Why no speaker is given, when none is: an anonymous source, a pronoun with no antecedent, a name
    or title in quotation marks, a scare term, no attribution in the text."""
    speaker_title: str | None = None
    """The title the text gives a speaker who is not in the gazetteer ("political scientist")."""

    @property
    def anchor(self) -> str:
        """HTML id of the quote on its article page."""
        return self.id


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in an article."""

    person_id: str
    """Gazetteer ID."""
    span: TextSpan
    """Where the name (or alias, or role noun) stands."""
    surface: str
    """The words as written."""
    method: MentionMethod
    """How it was resolved: ``name``, ``alias``, ``surname``, ``title``, ``role`` or ``fuzzy``."""


# ---- editors' annotations (annotate/editorial.py) and cross-article links (link/) ----------

@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an editor's statement comes from: words in an archived article, a URL or a citation."""

    article: str | None = None
    """Permanent ID of the archived article whose words are the evidence."""
    exact: str | None = None
    """Those words, exactly."""
    prefix: str | None = None
    """Words right before them, if the editor gave any."""
    suffix: str | None = None
    """Words right after them, if the editor gave any."""
    url: str | None = None
    """Web address of the evidence."""
    title: str | None = None
    """Title of the page at ``url``."""
    citation: str | None = None
    """A citation in words."""


@dataclass(frozen=True, slots=True)
class Anchored:
    """One annotation anchored to exact words of one paragraph."""

    id: str
    """Permanent ID, independent of position: ``ed-`` + 10 hex of sha256(article, kind, exact, prefix, suffix).
    It is also the HTML id of the highlighted words on the page."""
    kind: AnchorKind
    """``note``, ``correction`` ([sic]), ``original`` (original-language text) or ``credit`` (an outlet the text relies on)."""
    key: str
    """Where it is in the sidecar, as a path (``/notes/0``), for error lines."""
    exact: str
    """The annotated words, exactly as the paragraph has them."""
    prefix: str | None
    """The editor's prefix, if any."""
    suffix: str | None
    """The editor's suffix, if any."""
    paragraph: int
    """Paragraph number (``Paragraph.n``)."""
    start: int
    """Offset of the first annotated character in the paragraph text."""
    end: int
    """Offset after the last annotated character."""
    body: str
    """The note; for a correction, what is right; for original text, the words in that language; for a credit, the outlet."""
    note: str | None = None
    """A correction's explanation."""
    language: str | None = None
    """BCP 47 tag of original-language text."""
    source: Evidence | None = None
    """Evidence for the note or correction."""
    needs_source: bool = False
    """True when the editor marked the statement as not yet backed by a source."""


@dataclass(frozen=True, slots=True)
class SameEvent:
    """A link to another archived report of the same event."""

    id: str
    """Permanent ID of the other article."""
    note: str | None
    """How the two reports relate."""


@dataclass(frozen=True, slots=True)
class Editorial:
    """Everything editors added to one article, anchors resolved."""

    article_id: str
    """The article."""
    anchored: tuple[Anchored, ...] = ()
    """Anchored annotations, in text order."""
    summary: str | None = None
    """Editor's summary."""
    context: str | None = None
    """Editor's context."""
    provenance: str | None = None
    """What is known about the origin of the text."""
    relies_on: tuple[str, ...] = ()
    """Outlets or agencies the text credits, in the editor's order."""
    reliability: str | None = None
    """Reliability label (``first-hand``, ``attributed``, ``second-hand``, ``unknown-provenance``)."""
    reliability_note: str | None = None
    """Why that label."""
    same_event: tuple[SameEvent, ...] = ()
    """Other reports of the same event named in this sidecar."""
    date_confidence: str | None = None
    """``high``, ``medium`` or ``low`` for an editor's date."""
    title_note: str | None = None
    """Why and how the editor's title was chosen."""
    byline: str | None = None
    """Editor's byline, for a source that has none."""

    @property
    def empty(self) -> bool:
        """True when the editors added nothing."""
        return not (self.anchored or self.summary or self.context or self.provenance or self.reliability
                    or self.same_event or self.date_confidence or self.title_note or self.byline)


@dataclass(frozen=True, slots=True)
class EventLink:
    """Two articles about the same event."""

    a: str
    """Article ID (the smaller)."""
    b: str
    """Article ID (the larger)."""
    score: float | None
    """Detector score (0-100), or None when only an editor linked them."""
    basis: LinkBasis
    """``detected`` or ``editor``."""


StatementBasis = Literal["similar", "occasion", "message", "recall", "nested", "passage", "editor", "translation"]


@dataclass(frozen=True, slots=True)
class StatementEdge:
    """One reason two reports are one statement: the basis of a grouping (link stage, ``link/statements``)."""

    a: str
    """Quotation ID (the smaller)."""
    b: str
    """Quotation ID (the larger)."""
    basis: StatementBasis
    """``similar`` (their words, by :func:`annals.link.statements.similarity`), ``occasion`` (fewer words
    alike, on one occasion: the same day and channel, :mod:`annals.link.occasion`), ``message`` (two reports
    of one written message, a telegram, in any language), ``recall`` (a later report,
    beyond the window, whose words are all in an earlier one), ``nested`` (one quotation's
    words inside the other's, same speaker, one article), ``passage`` (two passages of one speaker that
    the same articles report side by side: one occasion), ``editor`` (a sidecar's ``same_as``) or
    ``translation`` (a sidecar's ``translates`` tying a quotation to the words it translates)."""
    score: float | None = None
    """Similarity (0-100) for ``similar`` and ``passage`` (the best pair's); None for an editor's link."""
    note: str | None = None
    """The editor's note, for ``editor`` and ``translation``."""


@dataclass(frozen=True, slots=True)
class OriginalText:
    """The original-language words of a report of a statement, where known."""

    quote_id: str
    """The report (a quotation in a translation) whose original these words are."""
    text: str
    """The words in the original language, exactly as written."""
    language: str
    """BCP 47 tag of ``text`` (``ru``)."""
    article_id: str | None = None
    """The archived article holding the words (a ``translates`` tie), or None for an editor's
    ``original_language`` annotation of the report's own article."""
    paragraph: int | None = None
    """Their paragraph in that article (``Paragraph.n``)."""
    start: int = 0
    """Offset of the first character in that paragraph."""
    end: int = 0
    """Offset after the last character."""
    note: str | None = None
    """The editor's note on the translation."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One utterance by one speaker on one occasion, with every report of it in the archive (issue 22)."""

    key: str
    """Stable key of the group within one build: the smallest of its quotation IDs."""
    id: str | None
    """Permanent ID (``s000001``), issued once and kept through rebuilds and regrouping
    (``archive/statements.txt``); None for a group that has no page (reports from one article only)."""
    speaker_id: str | None
    """Gazetteer ID of the speaker, if listed."""
    speaker: str | None
    """The speaker's name as the reports give it (or an institution's), None if no report names one."""
    reports: tuple[str, ...]
    """Quotation IDs of the reports, oldest article first (date, article ID, order in the text)."""
    articles: tuple[str, ...]
    """IDs of the articles that report it, in the order of ``reports``."""
    edges: tuple[StatementEdge, ...]
    """Why the reports are grouped: the links that joined them (a spanning set, strongest first)."""
    originals: tuple[OriginalText, ...] = ()
    """Original-language words of reports, where known."""
    merged: tuple[str, ...] = ()
    """Permanent IDs of statements merged into this one (their pages redirect here)."""
    date: dt.date | None = None
    """Date of the earliest dated report."""


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with everything the annotate stage found or the editors added."""

    article: Article
    """The parsed article."""
    mentions: tuple[Mention, ...] = ()
    """People named, in text order."""
    quotes: tuple[Quote, ...] = ()
    """Quotations, in text order."""
    elections: tuple[str, ...] = ()
    """IDs of the elections the article concerns."""
    officials: tuple[str, ...] = ()
    """IDs of the people mentioned or quoted, sorted."""
    related: tuple[str, ...] = ()
    """IDs of other articles about the same event (found by the cross-article stage or set by an editor):
    the other ends of ``events``."""
    editorial: Editorial | None = None
    """The editors' annotations, anchors resolved (annotate stage; None only for a record made without it)."""
    events: tuple[EventLink, ...] = ()
    """Same-event links with this article at one end, by the other article's ID (link stage)."""
    statements: tuple[Statement, ...] = ()
    """The statements that quotations of this article report, with all their reports (link stage,
    :mod:`annals.link.statements`): every group of two or more reports, whether it has a page or not."""
    same_event: tuple[SameEvent, ...] = ()
    """The editors' same-event links of this article: its sidecar's and those other sidecars make to it,
    by ID (link stage); shown on both pages."""
