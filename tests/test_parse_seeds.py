"""The parser on the five seeds: each expected record was written by hand from the raw file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annals.model import Sidecar
from annals.ingest.parse import parse_article
from annals.ingest.sources import decode_source, read_yaml_file
from conftest import ARCHIVE

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.result.json"))


def parse_raw(name: str):
    """Parse a seed with a bare sidecar (ID only), so that only the raw text is tested."""
    from annals.model import SourceFile
    import hashlib

    raw = (ARCHIVE / "articles" / name).read_bytes()
    text, note, problems = decode_source(raw, name)
    assert not problems
    source = SourceFile(name, raw, hashlib.sha256(raw).hexdigest(), text, note)
    pubs, _ = read_yaml_file(ARCHIVE, ARCHIVE / "publishers.yml", "publishers")
    publishers = {p["domain"]: p["name"] for p in pubs.data}
    return parse_article(source, Sidecar("x.yml", {"id": "a999999"}, {}), publishers)


@pytest.fixture(params=FIXTURES, ids=lambda p: p.name.split(".")[0])
def case(request):
    expected = json.loads(request.param.read_text(encoding="utf-8"))
    name = request.param.name.replace(".result.json", ".txt")
    article, problems = parse_raw(name)
    return name, expected, article, problems


SIMPLE_FIELDS = ("title", "title_basis", "date_basis", "date_text", "publisher", "publisher_basis",
                 "original_url", "byline", "caption", "credit", "credit_line", "source_title")


@pytest.mark.parametrize("field", SIMPLE_FIELDS)
def test_field(case, field):
    _, expected, article, _ = case
    if field not in expected:
        pytest.skip(f"the fixture does not state {field}")
    assert getattr(article, field) == expected[field]


def test_date(case):
    _, expected, article, _ = case
    assert (article.date.isoformat() if article.date else None) == expected["date"]


def test_related_and_closing_lines(case):
    _, expected, article, _ = case
    assert list(article.related) == expected["related"]
    assert list(article.closing) == expected["closing"]


def test_url_repair_is_recorded(case):
    _, expected, article, _ = case
    if expected["url_repair"] is None:
        assert article.url_repair is None
    else:
        assert article.url_repair.found == expected["url_repair"]["found"]
        assert article.url_repair.repaired == expected["url_repair"]["repaired"]
        assert article.original_url == expected["url_repair"]["repaired"]


def test_paragraphs(case):
    _, expected, article, _ = case
    assert len(article.paragraphs) == expected["paragraph_count"]
    assert article.paragraphs[0].text.startswith(expected["first_paragraph_starts"])
    assert article.paragraphs[-1].text.startswith(expected["last_paragraph_starts"])
    for n, text in expected.get("paragraphs", {}).items():
        assert article.paragraphs[int(n) - 1].text == text


def test_split_paragraphs_joined(case):
    _, expected, article, _ = case
    assert list(article.joins) == expected["joins"]


def test_checksum_is_of_the_raw_bytes(case):
    import hashlib

    name, _, article, _ = case
    assert article.sha256 == hashlib.sha256((ARCHIVE / "articles" / name).read_bytes()).hexdigest()


def test_editor_flags(case):
    _, expected, article, problems = case
    assert list(article.editor_flags) == expected["editor_flags"]
    assert all(p.severity == "review" for p in problems), [str(p) for p in problems]


def test_untitled_gets_a_flagged_title():
    article, problems = parse_raw("002_438d2bf8bcbd74dd.txt")
    assert article.title.startswith("After six weeks of waiting")
    assert any("has no title" in p.message and p.severity == "review" for p in problems)
