"""What the speaker finder knows about one article as it reads it: the candidates of each paragraph and
the article's context (chain of people, titles, documents, what was reported where).

``Candidate`` is anything that can be the subject of a speech verb; ``Par`` one paragraph as the
finder sees it (masked text, sentences, candidates); ``Context`` the article's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annals.annotate.attribution.lexicon import Lexicon, compile_lexicon
from annals.annotate.mentions import name_index
from annals.model import Archive, Article, Mention


@dataclass(slots=True)
class Candidate:
    """Something that can be the subject of a speech verb."""

    start: int
    end: int
    kind: str
    """``person`` (gazetteer), ``unlisted`` (a name not in the gazetteer), ``pronoun``, ``anaphor`` ("the
    diplomat"), ``document``, ``institution``, ``agency`` (an outlet), ``anonymous`` ("a source")."""
    person_id: str | None = None
    name: str | None = None
    method: str = ""
    gender: str | None = None
    document: str | None = None
    """The document noun, for a document resolved to its author."""
    title: str | None = None
    """The title the text gives an unlisted person."""
    key: str | None = None
    """Identity in the article's chain: a gazetteer ID, or ``~`` + the name key of an unlisted surname."""
    reason: str = ""
    """For an ``anonymous`` candidate: why it names no one ("an unnamed official", "a role whose holder ...")."""
    description: object = None
    """For a definite role phrase (``anaphor``): its :class:`annals.annotate.attribution.descriptions.Description`."""
    referent: tuple | None = None
    """The chain entry a role phrase was found to refer to, once resolved: (Candidate or None, reason)."""


@dataclass(slots=True)
class Par:
    """One paragraph as the attribution sees it: masked text, sentences, and who can speak in it."""

    n: int
    text: str
    """The paragraph with quoted words masked."""
    sents: list
    cands: list
    """Candidates in text order."""
    starts: list
    """Each candidate's start, for bisection."""
    matches: dict = field(default_factory=dict)
    """Lexicon pattern name -> (starts, matches) of its matches in ``text``, found once."""


@dataclass(slots=True)
class Context:
    """What the speaker finder knows about one article."""

    article: Article
    archive: Archive
    lex: Lexicon
    people: dict
    mentions_by_par: dict
    index: object
    """The gazetteer's name index (:class:`annals.annotate.mentions.NameIndex`)."""
    pars: dict = field(default_factory=dict)
    """Paragraph number -> Par, built as the scan reaches it."""
    chain: list = field(default_factory=list)
    """(paragraph, position, Candidate resolved to a person or an unlisted person, role) in text order;
    role is ``speaker``, ``subject`` or ``other``."""
    unlisted: dict = field(default_factory=dict)
    """Surname key -> the unlisted person's Candidate (full name and title as first written)."""
    document_authors: dict = field(default_factory=dict)
    document_institutions: dict = field(default_factory=dict)
    """document noun -> the institution that issued it, when no person is named as its author."""
    """document noun -> person ID of its author."""
    history: list = field(default_factory=list)
    """(paragraph, position, Candidate) of each speaker and document that spoke, in text order."""
    reported_at: dict = field(default_factory=dict)
    """Paragraph -> sorted (start, end) of the reported clauses already recorded."""
    label_spans: dict = field(default_factory=dict)
    """Paragraph -> (start, end) of a transcript turn's words (no reported speech is looked for in them)."""
    titles: dict = field(default_factory=dict)
    """Chain key -> the titles the text gave that person ("Kremlin spokesman", "the Communist Party leader")."""
    nicknames: dict = field(default_factory=dict)
    """Casefolded words of a nickname the text gave -> the person's Candidate ("Mad Vlad")."""
    fit_cache: dict = field(default_factory=dict)
    """(Description, chain key) -> whether that person's roles fit the description."""
    roles_cache: dict = field(default_factory=dict)
    """(chain key, former, titles known) -> their :class:`annals.annotate.attribution.descriptions.Roles`."""


def make_context(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> Context:
    lexicon = archive.lexicon or {}
    by_par: dict = {}
    for m in mentions:
        by_par.setdefault(m.span.paragraph, []).append(m)
    return Context(article=article, archive=archive, lex=compile_lexicon(lexicon), people={o.id: o for o in archive.officials},
                   mentions_by_par=by_par, index=name_index(archive.officials, lexicon) if archive.officials else None)
