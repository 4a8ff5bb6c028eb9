"""The records' closed vocabularies (``Literal`` types in model.py) hold what the stages really produce.

A value outside its ``Literal`` is a defect even where nothing reads it yet: the build cache decodes by
the declared types and refuses such a value, so an article whose quotation carries a new ``method``
would be re-annotated on every build, and the data files document the vocabularies as closed.  Checked
two ways: against the quotation finder's own tables (a method it can name), and on every record the
seeds and the attribution development corpora (English and Russian) give.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

import pytest

from annals import cache, model
from annals.model import Quote, TextSpan

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "archive", ROOT / "tests" / "attribution" / "dev", ROOT / "tests" / "attribution" / "ru-dev"]


def literal_values(tp) -> tuple | None:
    """The allowed values of a ``Literal`` (or ``Literal | None``) type, else None."""
    if typing.get_origin(tp) is typing.Literal:
        return typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [literal_values(a) for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) == 1 and inner[0] is not None:
            return (*inner[0], None)
    return None


def outside_vocabulary(obj, where: str = "") -> list[str]:
    """Every field of ``obj`` (and of the records inside it) whose value is not in its ``Literal``."""
    out = []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        hints = typing.get_type_hints(type(obj), vars(model) | {"dt": model.dt})
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            allowed = literal_values(hints[f.name])
            if allowed is not None and value not in allowed:
                out.append(f"{where}{type(obj).__name__}.{f.name} = {value!r}")
            out += outside_vocabulary(value, f"{where}{type(obj).__name__}.{f.name}: ")
    elif isinstance(obj, tuple):
        for x in obj:
            out += outside_vocabulary(x, where)
    return out


def test_the_checker_finds_a_value_outside_its_vocabulary():
    q = Quote("q-0123456789", "a000001", "words", "full", (TextSpan(1, 0, 5),), method="hunch", confidence="low")
    assert outside_vocabulary(q) == ["Quote.method = 'hunch'"]
    assert outside_vocabulary(dataclasses.replace(q, method="role", speaker_kind="crowd")) == \
        ["Quote.speaker_kind = 'crowd'"]


def test_the_cache_refuses_a_value_outside_the_vocabulary():
    """Why the vocabularies must be complete: a record with such a value cannot be read back from the cache."""
    enc, dec = cache._codec(Quote)
    good = Quote("q-0123456789", "a000001", "words", "full", (TextSpan(1, 0, 5),), method="role", confidence="medium")
    assert dec(enc(good)) == good
    with pytest.raises(cache.CodecError):
        dec(enc(dataclasses.replace(good, method="hunch")))


def test_every_method_and_confidence_of_the_finder_is_in_the_vocabulary():
    from annals.annotate.attribution import evidence

    methods = set(typing.get_args(model.QuoteMethod))
    assert set(evidence.CONFIDENCE) - methods == set()
    assert set(evidence.CONFIDENCE.values()) - set(typing.get_args(model.Confidence)) == set()


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_record_of_a_corpus_stays_in_the_vocabularies(corpus):
    from annals.pipeline import check

    result = check(str(corpus))
    assert result.records
    assert [x for r in result.records for x in outside_vocabulary(r, f"{r.article.id}: ")] == []


def test_the_data_schema_offers_the_same_vocabularies():
    """``data/quotes.*`` documents each closed field with the records' own values (a method is null, not
    empty, for a scare quote)."""
    import json

    props = json.loads((ROOT / "scripts" / "annals" / "schemas" / "quotes.schema.json").read_text())["items"]["properties"]
    assert props["kind"]["enum"] == list(typing.get_args(model.QuoteKind))
    assert props["confidence"]["enum"] == list(typing.get_args(model.Confidence))
    assert props["speaker_kind"]["enum"] == list(typing.get_args(model.SpeakerKind))
    assert props["method"]["enum"] == [m for m in typing.get_args(model.QuoteMethod) if m] + [None]


def test_the_sidecar_sections_later_stages_read_are_typed_fields_of_the_article():
    """``tags``, ``related.reject`` and an editor's ``byline`` are parsed once, at ingest, into fields of
    ``Article``; the link and render stages read those, not the sidecar's mapping."""
    import hashlib

    from annals.ingest.parse import parse_article
    from annals.model import EditorTags, Sidecar, SourceFile

    raw = b"A title\n\nMOSCOW - The Kremlin said nothing new on Tuesday about the count.\n"
    source = SourceFile("x.txt", raw, hashlib.sha256(raw).hexdigest(), raw.decode(), None)
    data = {"id": "a000042", "tags": {"officials": ["vladimir-putin"], "elections": ["us-2020", "us-2016"]},
            "related": {"reject": ["a000007"]}, "byline": "Anna Ivanova"}
    article, problems = parse_article(source, Sidecar("x.yml", data, {}), {})
    assert [p.severity for p in problems] == ["review"]  # undated: for an editor, not an error
    assert article.tags == EditorTags(officials=("vladimir-putin",), elections=("us-2020", "us-2016"))
    assert (article.related_reject, article.editor_byline, article.byline) == (("a000007",), "Anna Ivanova", None)
    bare, _ = parse_article(source, Sidecar("x.yml", {"id": "a000042"}, {}), {})
    assert (bare.tags, bare.related_reject, bare.editor_byline) == (EditorTags(), (), None)


SIDECAR_READERS = {
    "annotate": "the annotate stage reads its own sections (notes, corrections, quotations: attribution's to type)",
    "link/statements.py": "the statements: decisions, checked there with their sidecar lines (issue 22)",
}


def test_no_other_stage_reads_the_raw_sidecar():
    """Outside the readers listed above, code reads the typed fields of ``Article`` (``tags``,
    ``related_reject``, ``editor_byline``) or the editorial record, never ``Article.sidecar``."""
    import ast

    package = ROOT / "scripts" / "annals"
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("ingest/") or any(rel == k or rel.startswith(k + "/") for k in SIDECAR_READERS):
            continue
        found += [f"{rel}:{n.lineno}" for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(n, ast.Attribute) and n.attr == "sidecar"]
    assert found == []
