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
    statements = len(list((russian_site / "site" / "statements").glob("s*/index.html")))
    assert statements >= 1
    # the seeds, the English report and the statement pages (English): the shards (articles, statements)
    # merged language by language into one index
    assert entry["languages"]["en"]["page_count"] == 6 + statements
    assert json.loads((russian_site / "site" / "pagefind" / "shards.json").read_text()) == []


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


# ---- a language whose pages are all in a later shard (the Russian article a000097 in shards of two IDs:
# the first shard, pagefind/, holds a000001 alone, English): its search must still start ----------------

@pytest.fixture(scope="module")
def russian_in_a_later_shard(russian_site, tmp_path_factory):
    """The Russian site's pages indexed in shards of two IDs, merged (the build's way) and side by side
    (what the browser merges when a merge is refused)."""
    from annals.publish.pagefind import run_pagefind

    root = tmp_path_factory.mktemp("ru-shards")
    merged, apart = root / "merged", root / "apart"
    shutil.copytree(russian_site / "site", merged)
    shutil.copytree(russian_site / "site", apart)
    assert run_pagefind(merged, shard_size=2)["merged"] is True
    assert run_pagefind(apart, shard_size=2, merge=False)["merged"] is False
    return merged, apart


def test_a_merged_index_has_every_language_of_every_shard_in_its_first_folder(russian_site, russian_in_a_later_shard):
    merged, _ = russian_in_a_later_shard
    folder = merged / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "ru"]
    assert entry["languages"]["ru"]["page_count"] == 1
    whole = json.loads((russian_site / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == whole["languages"]["en"]["page_count"]
    for info in entry["languages"].values():  # each language's meta and WebAssembly beside the scripts
        assert (folder / f"pagefind.{info['hash']}.pf_meta").is_file()
        assert (folder / f"wasm.{info['wasm']}.pagefind").is_file()
    assert (folder / "pagefind.js").is_file()
    assert json.loads((folder / "shards.json").read_text()) == []


def test_side_by_side_a_language_starts_in_the_first_shard_that_has_it(russian_in_a_later_shard):
    _, apart = russian_in_a_later_shard
    folder = apart / "pagefind"
    names = json.loads((folder / "shards.json").read_text())
    entries = {n: json.loads((folder / n / "pagefind-entry.json").read_text(encoding="utf-8")) for n in ["", *names]}
    assert "ru" not in entries[""]["languages"]
    (first,) = [n for n in names if "ru" in entries[n]["languages"]][:1]
    assert first == "s48"  # a000097 // 2
    assert (folder / first / "wasm.ru.pagefind").is_file()
    assert not list((folder / first).glob("wasm.en.pagefind"))  # English starts in pagefind/, with its own


def _language_index(files: dict[str, bytes], lang: str) -> dict:
    """One language's index read back (files by path): every word's postings and its spellings' (with
    diacritics), every filter value's pages, by page URL (page numbers are an index's own)."""
    import gzip

    from annals.publish.pagefind import unpack

    info = json.loads(files["pagefind-entry.json"])["languages"][lang]
    meta = unpack(files[f"pagefind.{info['hash']}.pf_meta"])
    urls = [json.loads(gzip.decompress(files[f"fragment/{h}.pf_fragment"])[12:])["url"] for h, _ in meta[1]]

    def rows(postings):
        page, out = 0, []
        for i, (delta, body, in_meta) in enumerate(postings):
            page = delta if i == 0 else page + delta
            out.append((urls[page], tuple(body), tuple(in_meta)))
        return sorted(out)

    words = {}
    for _, _, name in meta[2]:
        for word, postings, extra in unpack(files[f"index/{name}.pf_index"])[0]:
            words[word] = (rows(postings), sorted((v, tuple(rows(ps))) for v, ps in extra))
    filters = {}
    for _, name in meta[3]:
        fname, values = unpack(files[f"filter/{name}.pf_filter"])
        filters[fname] = {value: sorted(urls[p] for p in members) for value, members in values}
    return {"pages": sorted(urls), "words": words, "filters": filters, "fields": meta[5], "count": info["page_count"]}


def test_shards_merge_per_language_into_the_index_pagefind_makes_of_all_pages(russian_site, tmp_path):
    """Two Russian pages in two shards (the Russian article's page copied to a000099) and English pages in
    others: the merged index's languages are Pagefind's own index of all the article pages at once, word
    for word, spellings with diacritics (её, дождётся under their stems) included."""
    from annals.publish.pagefind import PAGES, index_files, merge_shards, shard_files, shard_of

    site = tmp_path / "site"
    shutil.copytree(russian_site / "site", site)
    shutil.copytree(site / "articles" / RU_ID, site / "articles" / "a000099")
    members: dict[int, list[str]] = {}
    for page in sorted((site / "articles").glob("a0*/index.html")):
        members.setdefault(shard_of(page.parent.name, 2), []).append(page.relative_to(site).as_posix())
    merged = merge_shards([shard_files(site, k, members[k], None, 2)[0] for k in sorted(members)])
    whole, count = index_files(site, PAGES)
    assert count == 8  # six English pages, the Russian one and its copy
    for lang in ("en", "ru"):
        assert _language_index(merged, lang) == _language_index(whole, lang), lang
    ru = _language_index(merged, "ru")
    assert ru["count"] == 2 and any(extra for _, extra in ru["words"].values())
    assert {"wasm.en.pagefind", "wasm.ru.pagefind"} <= set(merged)


@pytest.fixture(scope="module")
def served_later_shard(russian_in_a_later_shard):
    servers = [StaticServer(site) for site in russian_in_a_later_shard]
    yield [s.url for s in servers]
    for s in servers:
        s.close()


@pytest.mark.browser
@pytest.mark.parametrize("layout", [0, 1], ids=["merged", "side-by-side"])
def test_russian_search_works_when_the_first_shard_has_no_russian_page(page, served_later_shard, layout):
    page.goto(served_later_shard[layout] + "search/?q=выборами")
    assert RU_ID in result_paths(page)
    page.goto(served_later_shard[layout] + "search/?q=Peskov")
    assert "a000001" in result_paths(page)
    assert page.outside_requests == []
