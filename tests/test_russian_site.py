"""A Russian-language article in a built site (issue 22, item 2): the seed archive plus one invented
Russian article (tests/fixtures/russian-site/), built once by the real `annals build` (MkDocs, Pagefind);
its page is marked Russian, its quotations are attributed through case forms, and the search finds it by
a word in another case than the page's (Pagefind's Russian index, stemmed).  Expected values by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from conftest import ROOT, StaticServer, _run_annals, make_project, shared_build

FIXTURE = ROOT / "tests" / "fixtures" / "russian-site"
RU_ID = "a000097"
EN_ID = "a000096"  # an English report that translates one of its quotations (sidecar `statements: translates:`)


@pytest.fixture(scope="session")
def russian_site(tmp_path_factory) -> Path:
    def make(folder: Path) -> None:
        make_project(folder)
        for name in ("ru-peskov-results.txt", "ru-peskov-results.yml", "en-peskov-results.txt", "en-peskov-results.yml"):
            shutil.copy(FIXTURE / name, folder / "archive" / "articles" / name)
        result = _run_annals("build", cwd=folder)
        assert result.returncode == 0, result.stderr

    return shared_build(tmp_path_factory, "russian", make)


def page_of(site: Path, article_id: str):
    return lxml.html.fromstring((site / "site" / "articles" / article_id / "index.html").read_bytes())


@pytest.mark.site
def test_the_russian_page_is_marked_russian_and_an_english_one_is_not(russian_site):
    ru = page_of(russian_site, RU_ID)
    assert ru.get("lang") == "ru"
    assert [d.get("lang") for d in ru.cssselect(".annals-source")] == ["ru"]
    assert "language: ru" in (russian_site / "docs" / "articles" / RU_ID / "index.md").read_text(encoding="utf-8")
    en = page_of(russian_site, "a000001")
    assert en.get("lang") == "en"
    assert [d.get("lang") for d in en.cssselect(".annals-source")] == [None]
    # the interface stays English on the Russian page
    assert ru.cssselect(".md-search__input")[0].get("placeholder") == en.cssselect(".md-search__input")[0].get("placeholder")


@pytest.mark.site
def test_quotations_are_attributed_through_case_forms(russian_site):
    quotes = json.loads((russian_site / "site" / "data" / "quotes.json").read_text(encoding="utf-8"))
    mine = {q["text"]: q for q in quotes if q["article_id"] == RU_ID}
    assert {t: (q["kind"], q["speaker_id"]) for t, q in mine.items()} == {
        "Кремль дождётся официальных итогов выборов в США": ("reported", "dmitry-peskov"),
        "Мы будем судить о новой администрации по её делам": ("full", "dmitry-peskov"),
        # По словам Пескова (genitive)
        "поздравлять победителя до объявления итогов в Кремле не принято": ("reported", "dmitry-peskov"),
        # "ответил он" after "напомнили Пескову" (dative)
        "Слова — это одно, а дела — другое": ("full", "dmitry-peskov"),
    }


@pytest.mark.site
def test_the_article_counts_for_its_official_and_election(russian_site):
    articles = json.loads((russian_site / "site" / "data" / "articles.json").read_text(encoding="utf-8"))
    (a,) = [a for a in articles if a["id"] == RU_ID]
    assert "dmitry-peskov" in a["officials"] and "donald-trump" in a["officials"]
    assert a["elections"] == ["us-2024"]


@pytest.mark.site
def test_pagefind_keeps_a_russian_index_beside_the_english_one(russian_site):
    entry = json.loads((russian_site / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "ru"]
    assert entry["languages"]["ru"]["page_count"] == 1  # the Russian article page (its quotations are found inside it)
    assert entry["languages"]["en"]["page_count"] == 6  # the seeds and the English report


@pytest.mark.site
def test_the_statement_page_shows_the_english_report_beside_the_russian_words(russian_site):
    site = russian_site / "site"
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    english = [q for q in quotes if q["article_id"] == EN_ID and q["text"].startswith("We will judge")]
    russian = [q for q in quotes if q["article_id"] == RU_ID and q["text"].startswith("Мы будем судить")]
    assert len(english) == len(russian) == 1
    assert english[0]["statement_id"] and english[0]["statement_id"] == russian[0]["statement_id"]
    assert russian[0]["speaker_id"] == "dmitry-peskov"
    page = lxml.html.fromstring((site / "statements" / english[0]["statement_id"] / "index.html").read_bytes())
    text = " ".join(page.text_content().split())
    assert "We will judge the new administration by its deeds" in text
    originals = [" ".join(b.text_content().split()) for b in page.cssselect('[lang="ru"]')]
    assert any("Мы будем судить о новой администрации по её делам" in t for t in originals), originals


@pytest.fixture(scope="module")
def served_russian(russian_site):
    server = StaticServer(russian_site / "site")
    yield server.url
    server.close()


def result_paths(page) -> list[str]:
    page.wait_for_selector("[data-annals-search-page-results][aria-busy=false]", state="attached")
    hrefs = page.locator("[data-annals-search-page-results] a.md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [urlsplit(h).path.rstrip("/").split("/")[-1] for h in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("word, on_page", [
    ("выборами", "выборов"),   # instrumental plural; the page has the genitive
    ("Песковым", "Пескову"),   # instrumental; the page has the nominative, the genitive and the dative
    ("делом", "делам"),        # instrumental singular; the page has the dative plural and дела
])
def test_searching_an_inflected_russian_word_finds_the_russian_article(page, served_russian, word, on_page):
    text = (FIXTURE / "ru-peskov-results.txt").read_text(encoding="utf-8")
    assert on_page in text
    assert word not in text  # found by its stem, not by its letters
    page.goto(served_russian + "search/?q=" + word)
    assert RU_ID in result_paths(page)
    assert page.outside_requests == []


@pytest.mark.browser
def test_english_search_still_finds_english_articles_and_not_the_russian_one(page, served_russian):
    page.goto(served_russian + "search/?q=Peskov")
    found = result_paths(page)
    assert {"a000001", "a000002"} & set(found)  # seed articles that name him
    assert RU_ID not in found  # the Russian page writes Песков


@pytest.mark.browser
def test_a_quotation_of_the_russian_article_is_a_result_of_its_own(page, served_russian):
    page.goto(served_russian + "search/?q=" + "администрации")  # the page has "администрации" in one quotation
    page.wait_for_selector("[data-annals-search-page-results][aria-busy=false]", state="attached")
    hrefs = page.locator("[data-annals-search-page-results] a.md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    anchors = [urlsplit(h).fragment for h in hrefs if RU_ID in h and urlsplit(h).fragment]
    assert anchors, hrefs


@pytest.mark.browser
def test_the_language_filter_keeps_only_russian_sources(page, served_russian):
    page.goto(served_russian + "search/?q=")
    page.wait_for_selector('input[name="language"][value="Russian"]', state="attached")
    assert page.locator('input[name="language"]').evaluate_all("els => els.map(e => e.value).sort()") == ["English", "Russian"]
    page.locator('input[name="language"][value="Russian"]').check()
    page.wait_for_function("location.search.includes('language=Russian')")
    found = result_paths(page)
    assert found and set(found) == {RU_ID}
