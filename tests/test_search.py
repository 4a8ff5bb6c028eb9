"""Search (issue 6): Pagefind's index of the built seed site, read back from its files.

Pagefind writes gzip(``pagefind_dcd`` + CBOR) index files and gzip(``pagefind_dcd`` + JSON) fragments,
one fragment per indexed page or record; these tests read them directly.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

import lxml.html
import pytest

import cbor2

from annals.publish.pagefind import stable_pagefind

MAGIC = b"pagefind_dcd"


def fragments(site: Path, pages: str = "/articles/") -> list[dict]:
    """The index's records of pages under ``pages`` (article pages; ``/``: every record, statement pages too)."""
    out = []
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(MAGIC)
        record = json.loads(data[len(MAGIC):])
        if record["url"].startswith(pages):
            out.append(record)
    return out


def statement_urls(site: Path) -> list[str]:
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    return sorted("/" + r["url"] for r in rows)


def quotes(site: Path) -> list[dict]:
    return json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site / "site"


def test_material_search_index_is_gone(site):
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_pagefinds_unused_interfaces_are_not_written(site):
    names = sorted(p.name for p in (site / "pagefind").iterdir() if p.is_file())
    assert [n for n in names if n.startswith(("pagefind-ui", "pagefind-modular", "pagefind-component", "pagefind-highlight"))] == []


def test_only_article_and_statement_pages_are_indexed_one_record_each(site):
    urls = [f["url"] for f in fragments(site, "/")]
    assert len(statement_urls(site)) == 2  # the seeds' telegram and the Kremlin's reason for waiting
    assert sorted(urls) == [f"/articles/a00000{i}/" for i in range(1, 6)] + statement_urls(site)


def test_a_statement_page_is_a_record_with_its_words_and_filters(site):
    """Issue 22: a statement is a search result of its own: title (speaker and date), the reports' words,
    filters (official, election, year, publisher, kind ``statement``, language) and ``outlets`` for search.js;
    the page's notes and the reasons for the grouping are not indexed."""
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    telegram = next(r for r in rows if r["speaker_id"] == "vladimir-putin")
    (record,) = [f for f in fragments(site, "/statements/") if f["url"] == "/" + telegram["url"]]
    assert record["meta"]["title"] == "Statement by Vladimir Putin, 15 December 2020"
    assert record["filters"]["kind"] == ["statement"] and record["filters"]["official"] == ["Vladimir Putin"]
    assert record["filters"]["year"] == ["2020"] and record["filters"]["outlets"] == ["2"]
    assert record["filters"]["language"] == ["English"]
    words = set(_words(record["content"]))
    quoted = {q["id"]: q["text"] for q in quotes(site)}
    for qid in telegram["reports"]:
        assert set(_words(quoted[qid])) <= words, qid
    assert "alike" not in words and "underlined" not in words  # the reasons and notes stay out


def test_quotations_of_a_statement_with_a_page_name_it_in_quotes_json(site):
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    of = {q: r for r in rows for q in r["reports"]}
    seen = 0
    for f in fragments(site):
        for e in entries(site, f["url"]):
            if e[0] in of:
                assert e[5] == [of[e[0]]["id"], of[e[0]]["url"], len(of[e[0]]["outlets"])]
                seen += 1
            else:
                assert len(e) == 5
    assert seen == sum(1 for r in rows for q in r["reports"] if q in {e[0] for f in fragments(site) for e in entries(site, f["url"])})
    assert seen >= 6


def entries(site: Path, url: str) -> list:
    """An article's ``quotes.json`` (beside its page), which search.js fetches for a result shown."""
    return json.loads((site / url.strip("/") / "quotes.json").read_text(encoding="utf-8"))


def test_only_date_and_publisher_are_metadata_and_quotation_words_are_not_searchable_through_it(site):
    """Pagefind 1.5 makes every metadata value searchable: only what a result shows is metadata, so that
    words such as "direct" or "quotation" match an article only where its text has them."""
    from annals.publish.pagefind import unpack

    assert {k for f in fragments(site) for k in f["meta"]} <= {"title", "date", "publisher", "image", "image_alt"}
    (meta,) = (site / "pagefind").glob("*.pf_meta")
    chunks = unpack(meta.read_bytes())[2]
    postings = {}
    for _, _, name in chunks:
        for word, pages, *_ in unpack((site / "pagefind" / "index" / f"{name}.pf_index").read_bytes())[0]:
            postings[word] = pages
    body = " ".join(f["content"].lower() for f in fragments(site))
    for word in ("direct", "quotat", "speech", "partial"):
        with_meta = [p for p in postings.get(word, []) if p[2]]
        assert with_meta == [], word
        assert (word in postings) == (word in body), word


def _positions(fragment: dict, entry: list) -> list[int]:
    at = {a["id"]: a["location"] for a in fragment["anchors"]}
    runs = entry[4]
    return [at[entry[0]] + runs[i] + k for i in range(0, len(runs), 2) for k in range(runs[i + 1])]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_each_quotation_is_found_at_its_words_inside_its_article(site):
    """Every quotation that search finds (full, partial, reported) is an entry of its article's ``quotes``
    metadata, and the word positions it gives (from its anchor, which Pagefind lists with its position)
    are the quotation's words in the indexed text: what search.js shows and matches."""
    by_url = {f["url"]: f for f in fragments(site)}
    expected = [q for q in quotes(site) if q["kind"] in ("full", "partial", "reported")]
    assert expected
    seen = set()
    for q in expected:
        page = by_url[f"/articles/{q['article_id']}/"]
        (entry,) = [e for e in entries(site, page["url"]) if e[0] == q["id"]]
        words = page["content"].split(" ")
        assert _words(" ".join(words[p] for p in _positions(page, entry))) == _words(q["text"]), q["id"]
        seen.add(q["id"])
    listed = {e[0] for f in fragments(site) for e in entries(site, f["url"])}
    assert listed == seen  # terms in quotation marks are not search results


def test_every_quotation_anchor_exists_on_its_page(site):
    for f in fragments(site):
        doc = lxml.html.fromstring((site / f["url"].lstrip("/") / "index.html").read_bytes())
        for e in entries(site, f["url"]):
            assert doc.get_element_by_id(e[0]) is not None, (f["url"], e[0])


def test_quotation_entries_carry_speaker_kind_and_whether_listed(site):
    by_url = {f["url"]: f for f in fragments(site)}
    q = next(q for q in quotes(site) if q["speaker_id"] == "dmitry-peskov" and q["kind"] == "full")
    page = by_url["/" + q["url"].split("#")[0]]
    (entry,) = [e for e in entries(site, page["url"]) if e[0] == q["id"]]
    assert entry[1:4] == ["direct quotation", "Dmitry Peskov", 1]
    assert "Dmitry Peskov" in page["filters"]["official"]
    assert "direct quotation" in page["filters"]["kind"]


def test_first_search_metadata_lists_pages_only(site):
    """``pf_meta`` (downloaded whole by every first search) lists one entry per indexed page."""
    import cbor2

    from annals.publish.pagefind import unpack

    (meta,) = (site / "pagefind").glob("*.pf_meta")
    assert len(unpack(meta.read_bytes())[1]) == len(fragments(site, "/")) == 5 + len(statement_urls(site))


def articles(site: Path) -> list[dict]:
    return json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", range(5))
def test_article_page_filters_give_year_publisher_and_kind(site, article):
    a = articles(site)[article]
    page = next(f for f in fragments(site) if f["url"] == "/" + a["url"])
    assert page["filters"].get("year") == ([a["date"][:4]] if a["date"] else None)
    assert page["filters"].get("publisher") == ([a["publisher"]] if a["publisher"] else None)
    kinds = {"full": "direct quotation", "partial": "partial quotation", "reported": "reported speech"}
    present = {kinds[q["kind"]] for q in quotes(site) if q["article_id"] == a["id"] and q["kind"] in kinds}
    assert page["filters"]["kind"][0] == "article" and set(page["filters"]["kind"][1:]) == present


def test_article_page_filters_name_its_officials_and_elections(site):
    doc = lxml.html.fromstring((site / "articles" / "a000005" / "index.html").read_bytes())
    values = {(el.get("data-pagefind-filter"), el.text_content()) for el in doc.cssselect("[data-pagefind-filter]")}
    assert ("official", "Vladimir Putin") in values
    assert ("election", "2020 US presidential election") in values
    assert ("year", "2020") in values
    assert ("kind", "article") in values


@pytest.mark.parametrize("furniture", [
    "Editorial method",  # nav
    "Cite this",  # cite box / editorial head
    "Quotations and reported speech",  # the list after the text
    "— Donald Trump",  # a speaker label inside the text
    "Editor's note",  # an editor's note inside the text
])
def test_page_furniture_is_not_indexed(site, furniture):
    for f in fragments(site):
        assert furniture not in f["content"], (f["url"], furniture)


def test_indexed_page_text_is_the_source_text(site):
    page = next(f for f in fragments(site) if f["url"] == "/articles/a000002/")
    assert "Donald Trump claimed a \"magnificent\" victory over Kamala Harris" in page["content"]


def index_files(site: Path) -> dict[str, bytes]:
    out = site / "pagefind"
    names = ["pagefind-entry.json", *(p.name for p in out.glob("*.pf_meta")),
             *(f"filter/{p.name}" for p in (out / "filter").glob("*.pf_filter"))]
    return {n: (out / n).read_bytes() for n in names}


def test_cbor2_gives_back_pagefinds_bytes(site):
    """Decoding and encoding again (as ``stable_pagefind`` does) keeps Pagefind's own bytes."""
    for name, raw in index_files(site).items():
        if name.endswith((".pf_meta", ".pf_filter")):
            data = gzip.decompress(raw)[len(MAGIC):]
            assert cbor2.dumps(cbor2.loads(data)) == data, name


def _pack(value) -> bytes:
    return gzip.compress(MAGIC + cbor2.dumps(value), mtime=0)


def test_stable_index_does_not_depend_on_hash_map_order(site):
    """Shuffle what Pagefind writes in hash-map order (filters, their values): the result is the same."""
    files = index_files(site)
    entry = json.loads(files["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = cbor2.loads(gzip.decompress(files[meta_name])[len(MAGIC):])
    rng = random.Random(6)
    shuffled = dict(files)
    rng.shuffle(meta[3])
    for _, h in meta[3]:
        name, values = cbor2.loads(gzip.decompress(files[f"filter/{h}.pf_filter"])[len(MAGIC):])
        rng.shuffle(values)
        shuffled[f"filter/{h}.pf_filter"] = _pack([name, values])
    shuffled[meta_name] = _pack(meta)
    assert stable_pagefind(shuffled) == stable_pagefind(files)


def test_stable_index_is_what_the_build_wrote(site):
    """The build already wrote the stable form: normalising again changes nothing."""
    files = index_files(site)
    changes = stable_pagefind(files)
    assert changes and all(files.get(name) == data for name, data in changes.items())


# ---- the quotations metadata of a page, from hostile text ------------------------------------

HOSTILE_SPEAKER = '</span><span data-pagefind-meta="title">x</span> "q" \\ \u202e <b>&amp;'


def test_quotes_file_survives_a_hostile_speaker_name():
    """A speaker's name is data: JSON that parses back to the same name (search.js puts it on the page
    with textContent only)."""
    from dataclasses import replace

    from annals.render import site
    from annals.render.kit import RenderConfig
    from annals.render.search import quote_files
    from browse_world import world

    records, archive = world()
    rec = next(r for r in records if r.article.id == "a000004")  # its quotation's speaker is unlisted
    rec = replace(rec, quotes=tuple(replace(q, speaker=HOSTILE_SPEAKER) for q in rec.quotes))
    records = [rec if r.article.id == rec.article.id else r for r in records]
    ctx = site.context(records, RenderConfig(), archive)
    files = dict(quote_files(records, ctx))
    assert sorted(files) == [f"articles/{r.article.id}/quotes.json" for r in sorted(records, key=lambda r: r.article.id)]
    (entry,) = json.loads(files["articles/a000004/quotes.json"])
    assert entry[0] == rec.quotes[0].id and entry[2] == HOSTILE_SPEAKER and entry[3] == 0


# ---- shards: several indexes, merged in the browser; unchanged shards taken from the cache -----

def test_shard_glob_covers_exactly_its_ids():
    import fnmatch

    from annals.publish.pagefind import shard_glob, shard_of

    for size in (2, 10, 1000, 2000, 5000):
        for n in (0, 1, 1999, 2000, 4321, 9999, 10000, 123456):
            ident = f"a{n:06d}"
            path = f"articles/{ident}/index.html"
            for shard in {shard_of(ident, size), shard_of(ident, size) + 1}:
                glob = shard_glob(shard, size).replace("[0-1]", "[01]")
                assert fnmatch.fnmatchcase(path, glob) == (shard == n // size), (size, n, shard, glob)
    with pytest.raises(ValueError):
        shard_glob(0, 3000)


@pytest.fixture(scope="module")
def sharded(site, tmp_path_factory):
    """The seed site indexed in shards of two IDs (a000001 | a000002-3 | a000004-5), with a build cache:
    merged into one index, and side by side (``merge=False``, what the browser merges when a merge is
    refused)."""
    import shutil

    from annals.publish.pagefind import run_pagefind

    root = tmp_path_factory.mktemp("sharded")
    copy, apart = root / "site", root / "apart"
    shutil.copytree(site, copy)
    shutil.copytree(site, apart)
    cache = root / "cache"
    first = run_pagefind(copy, cache_dir=cache, shard_size=2)
    assert run_pagefind(apart, shard_size=2, merge=False) == {"pages": 7, "shards": 4, "reused": 0, "merged": False}
    return copy, cache, first, apart


def _normalised(folder: Path) -> dict:
    """An index read back: pages, every word's postings and every filter value's pages, by fragment
    hash (page numbers are an index's own), the metadata fields and the chunks' boundaries."""
    from annals.publish.pagefind import unpack

    entry = json.loads((folder / "pagefind-entry.json").read_text())
    (info,) = entry["languages"].values()
    meta = unpack((folder / f"pagefind.{info['hash']}.pf_meta").read_bytes())
    pages = meta[1]
    words = {}
    for _, _, name in meta[2]:
        for word, postings, extra in unpack((folder / "index" / f"{name}.pf_index").read_bytes())[0]:
            page, rows = 0, []
            for i, (delta, body, in_meta) in enumerate(postings):
                page = delta if i == 0 else page + delta
                rows.append((pages[page][0], body, in_meta))
            words[word] = (sorted(rows), extra)
    filters = {}
    for _, name in meta[3]:
        fname, rows = unpack((folder / "filter" / f"{name}.pf_filter").read_bytes())
        filters[fname] = {value: sorted(pages[p][0] for p in members) for value, members in rows}
    return {"pages": sorted(map(tuple, pages)), "words": words, "filters": filters, "fields": meta[5],
            "chunks": [c[:2] for c in meta[2]], "count": info["page_count"],
            "fragments": sorted(p.name for p in (folder / "fragment").glob("*.pf_fragment"))}


def test_shards_merge_into_the_index_pagefind_makes_of_all_pages_at_once(site, sharded):
    """Four shards (four Pagefind processes: three of article pages, one of statement pages) merged: the
    same pages, words with the same positions in the same pages, filters, metadata fields and chunk
    boundaries as the build's own index of all seven pages."""
    copy, cache, first, _ = sharded
    assert first == {"pages": 7, "shards": 4, "reused": 0, "merged": True}
    assert json.loads((copy / "pagefind" / "shards.json").read_text()) == []
    assert _normalised(copy / "pagefind") == _normalised(site / "pagefind")


def test_shards_side_by_side_are_listed_for_the_browser(sharded):
    *_, apart = sharded
    assert json.loads((apart / "pagefind" / "shards.json").read_text()) == ["s1", "s2", "statements"]
    urls = {}
    for folder in (apart / "pagefind", *(apart / "pagefind" / n for n in ("s1", "s2", "statements"))):
        assert (folder / "pagefind-entry.json").is_file() and list(folder.glob("*.pf_meta"))
        urls[folder.name] = sorted(f["url"] for f in fragments_in(folder))
    assert urls == {"pagefind": ["/articles/a000001/"], "s1": ["/articles/a000002/", "/articles/a000003/"],
                    "s2": ["/articles/a000004/", "/articles/a000005/"], "statements": statement_urls(apart)}
    assert not list((apart / "pagefind" / "s1").glob("*.js")) and not list((apart / "pagefind" / "s1").glob("wasm.*"))


def test_unchanged_shards_come_from_the_cache_and_only_a_changed_one_is_indexed(sharded):
    from annals.publish.pagefind import run_pagefind

    copy, cache, *_ = sharded
    before = {p.relative_to(copy).as_posix(): p.read_bytes() for p in (copy / "pagefind").rglob("*") if p.is_file()}
    assert run_pagefind(copy, cache_dir=cache, shard_size=2) == {"pages": 7, "shards": 4, "reused": 4, "merged": True}
    again = {p.relative_to(copy).as_posix(): p.read_bytes() for p in (copy / "pagefind").rglob("*") if p.is_file()}
    assert again == before
    page = copy / "articles" / "a000004" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<p id=\"p1\"", "<p id=\"p1\" data-x=\"1\"", 1),
                    encoding="utf-8")
    assert run_pagefind(copy, cache_dir=cache, shard_size=2)["reused"] == 3
    assert len(list((cache / "pagefind").iterdir())) == 4  # the stale shard's entry is gone


def fragments_in(folder: Path) -> list[dict]:
    out = []
    for f in sorted((folder / "fragment").glob("*.pf_fragment")):
        out.append(json.loads(gzip.decompress(f.read_bytes())[len(MAGIC):]))
    return out
