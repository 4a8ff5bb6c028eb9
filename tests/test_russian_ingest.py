"""Russian-language sources at ingest (issue 22, item 2): dates, the article's language, quotation marks
left open across a scrape's paragraph split.  Expected values written by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from annals.ingest.parse import open_doubles, parse_article, parse_date_line
from annals.ingest.sources import load_articles
from annals.model import Sidecar, SourceFile


def _parse(text: str, side: dict | None = None, lines: dict | None = None):
    raw = text.encode()
    source = SourceFile("ru.txt", raw, hashlib.sha256(raw).hexdigest(), text, None)
    return parse_article(source, Sidecar("ru.yml", {"id": "a999999", **(side or {})}, lines or {}), {})


@pytest.mark.parametrize("line, day", [
    ("6 ноября 2024", dt.date(2024, 11, 6)),
    ("6 ноября 2024 года", dt.date(2024, 11, 6)),
    ("3 ноября 2004 г.", dt.date(2004, 11, 3)),
    ("06.11.2024", dt.date(2024, 11, 6)),
    ("15 декабря 2020 года", dt.date(2020, 12, 15)),
    ("1 марта 2000", dt.date(2000, 3, 1)),
    ("8 мая 2012", dt.date(2012, 5, 8)),
    ("21 янв. 2017", dt.date(2017, 1, 21)),
    ("07.01.2008", dt.date(2008, 1, 7)),  # day first: 7 January, not 1 July
])
def test_russian_date_lines(line, day):
    assert parse_date_line(line) == (day, True)


@pytest.mark.parametrize("line", ["31.02.2020", "30 февраля 2016 года", "06.13.2024"])
def test_impossible_russian_dates_look_like_dates_but_are_none(line):
    assert parse_date_line(line) == (None, True)


@pytest.mark.parametrize("line", ["6 мартобря 2024", "МОСКВА, 9 ноября. /ТАСС/.", "2024 года"])
def test_lines_that_are_not_dates(line):
    assert parse_date_line(line)[1] is False


def test_a_russian_article_gets_its_date_and_language_from_the_text():
    article, problems = _parse("Песков ответил журналистам\n\n6 ноября 2024 года\n\nКремль не спешит с оценками.\n")
    assert (article.date, article.date_text, article.date_basis) == (dt.date(2024, 11, 6), "6 ноября 2024 года", "source")
    assert article.language == "ru"
    assert article.title == "Песков ответил журналистам"
    assert [p.text for p in article.paragraphs] == ["Кремль не спешит с оценками."]
    assert problems == []


def test_an_english_article_is_en_and_a_russian_name_in_it_does_not_change_that():
    article, _ = _parse("Title\n\nNovember 6, 2024\n\nPeskov (Песков) said nothing new today.\n")
    assert article.language == "en"


def test_the_sidecar_language_wins_and_a_contradiction_is_listed_with_its_line():
    article, problems = _parse("Заголовок\n\n06.11.2024\n\nТекст статьи по-русски.\n", {"language": "en"}, {"/language": 3})
    assert article.language == "en"
    [p] = problems
    assert (p.path, p.line, p.severity) == ("articles/ru.yml", 3, "review")
    assert "mostly Cyrillic" in p.message and "(ru)" in p.message


def test_a_sidecar_language_that_agrees_or_is_another_language_is_no_problem():
    _, problems = _parse("Заголовок\n\n06.11.2024\n\nТекст.\n", {"language": "ru"})
    assert problems == []
    article, problems = _parse("Titel\n\n06.11.2024\n\nDer Text.\n", {"language": "de"})
    assert (article.language, problems) == ("de", [])


def test_a_bad_language_tag_is_refused_with_path_and_line(tmp_path: Path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text("Заголовок\n\n06.11.2024\n\nТекст.\n", encoding="utf-8")
    (tmp_path / "articles" / "x.yml").write_text("id: a999999\nlanguage: Russian\n", encoding="utf-8")
    _, problems = load_articles(tmp_path)
    assert any(str(p).startswith("articles/x.yml:2: ") and "language" in str(p) for p in problems), problems


@pytest.mark.parametrize("text, left_open", [
    ("«Мы готовы", 1),
    ("«Мы готовы», — сказал он.", 0),
    ("«Формула „сначала перезагрузка“ себя", 1),   # „ closed by “, « still open
    ("„Не забывайте“, — напомнил он.", 0),
    ("He said “we are", 1),
    ("He said “we are ready.”", 0),
])
def test_open_double_marks(text, left_open):
    assert open_doubles(text) == left_open


def test_a_russian_quotation_left_open_by_a_scrape_is_joined_to_its_paragraph():
    article, _ = _parse("Заголовок\n\n06.11.2024\n\n«Мы готовы к диалогу\n\nНо не любой ценой», — сказал Песков.\n")
    assert [p.text for p in article.paragraphs] == ["«Мы готовы к диалогу Но не любой ценой», — сказал Песков."]
