"""Search (issue 6): Pagefind's index of the built seed site, read back from its files.

Pagefind writes gzip(``pagefind_dcd`` + CBOR) index files and gzip(``pagefind_dcd`` + JSON) fragments,
one fragment per indexed page or record; these tests read them directly.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import lxml.html
import pytest

import cbor2

from annals.publish.pagefind import stable_pagefind

MAGIC = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    out = []
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(MAGIC)
        out.append(json.loads(data[len(MAGIC):]))
    return out


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


def test_only_article_pages_and_quotations_are_indexed(site):
    urls = {f["url"] for f in fragments(site)}
    pages = {u for u in urls if "#" not in u}
    assert pages == {f"/articles/a00000{i}/" for i in range(1, 6)}


def test_each_quotation_is_a_record_with_its_permalink(site):
    records = {f["url"]: f for f in fragments(site) if "#" in f["url"]}
    expected = {"/" + q["url"]: q for q in quotes(site) if q["kind"] in ("full", "partial", "reported")}
    assert set(records) == set(expected)
    for url, q in expected.items():
        assert records[url]["content"] == q["text"], url


def test_every_quotation_record_anchor_exists_on_its_page(site):
    for f in fragments(site):
        if "#" not in f["url"]:
            continue
        path, anchor = f["url"].lstrip("/").split("#")
        doc = lxml.html.fromstring((site / path / "index.html").read_bytes())
        assert doc.get_element_by_id(anchor) is not None, f["url"]


def test_quotation_records_carry_speaker_title_date_and_publisher(site):
    by_url = {f["url"]: f for f in fragments(site)}
    q = next(q for q in quotes(site) if q["speaker_id"] == "dmitry-peskov" and q["kind"] == "full")
    rec = by_url["/" + q["url"]]
    page = by_url[f"/articles/{q['article_id']}/"]
    assert rec["meta"]["speaker"] == "Dmitry Peskov"
    assert rec["meta"]["title"] == page["meta"]["title"]
    article = next(a for a in articles(site) if a["id"] == q["article_id"])
    assert rec["meta"].get("publisher") == article["publisher"]
    assert rec["meta"].get("date") == page["meta"].get("date")
    assert rec["filters"]["official"] == ["Dmitry Peskov"]
    assert rec["filters"]["kind"] == ["direct quotation"]


def articles(site: Path) -> list[dict]:
    return json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", range(5))
def test_article_page_filters_give_year_publisher_and_kind(site, article):
    a = articles(site)[article]
    page = next(f for f in fragments(site) if f["url"] == "/" + a["url"])
    assert page["filters"].get("year") == ([a["date"][:4]] if a["date"] else None)
    assert page["filters"].get("publisher") == ([a["publisher"]] if a["publisher"] else None)
    assert page["filters"]["kind"] == ["article"]


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


# ---- how quotation records reach Pagefind: small pages read with AddDir ----------------------

def _index_records(records) -> dict[str, dict]:
    """Index ``records`` alone with the build's own code; their fragments by URL."""
    import tempfile

    from annals.publish.pagefind import index_files

    with tempfile.TemporaryDirectory() as empty:
        files, pages = index_files(Path(empty), tuple(records))
    assert pages == 0
    out = {}
    for name, raw in files.items():
        if name.endswith(".pf_fragment"):
            f = json.loads(gzip.decompress(raw)[len(MAGIC):])
            out[f["url"]] = f
    return out


HOSTILE_TEXTS = [
    '</span><span data-pagefind-meta="title">pwned</span><span data-pagefind-filter="kind">pwned</span>',
    "<script>window.HOSTILE=1</script> &amp; & \"double\" 'single' <!-- comment --> <![CDATA[x]]>",
    "Access \u202eevil\u202c level \u2066admin\u2069 Pu\u200btin \ufeff.",
    "ends without a stop",
    "___PAGEFIND_ANCHOR___x words {{ 7*7 }} [md](javascript:x)",
]


def _index_with_add_record(records) -> dict[str, dict]:
    """The same records sent one by one with Pagefind's ``AddRecord`` (the build's former way): the oracle."""
    import base64
    import tempfile

    from annals.render.search import LANGUAGE
    from annals.publish.pagefind import PagefindService

    with tempfile.TemporaryDirectory() as empty:
        service = PagefindService(Path(empty))
        try:
            index = service.call({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
            for r in records:
                service.call({"type": "AddRecord", "index_id": index, "url": r.url, "content": r.content,
                              "language": LANGUAGE, "meta": dict(r.meta),
                              "filters": {k: list(v) for k, v in r.filters}, "sort": None})
            files = service.call({"type": "GetFiles", "index_id": index})["files"]
        finally:
            service.close()
    out = {}
    for f in files:
        if f["path"].endswith(".pf_fragment"):
            frag = json.loads(gzip.decompress(base64.b64decode(f["content"]))[len(MAGIC):])
            out[frag["url"]] = frag
    return out


def test_quotation_pages_index_as_add_record_did():
    """Hostile words, metadata and filters: the fragment Pagefind makes of a quotation page is the
    one it made of the same record sent with ``AddRecord``: URL, words, metadata, filters."""
    from annals.render.search import SearchRecord

    records = [SearchRecord(url=f"/articles/a00000{i}/#q-{i}", content=text,
                            meta=(("title", f"Title {i} <b>{text[:20].strip()}"), ("speaker", "Dmitry Peskov"),
                                  ("kind", "direct quotation"), ("quote", f"q-{i}")),
                            filters=(("official", ("Dmitry Peskov", text[:12].strip())), ("year", ("2020",)),
                                     ("kind", ("direct quotation",))))
               for i, text in enumerate(HOSTILE_TEXTS)]
    got, expected = _index_records(records), _index_with_add_record(records)
    assert set(got) == {r.url for r in records}
    assert got == expected
    assert got["/articles/a000000/#q-0"]["meta"]["title"].startswith("Title 0")


def test_quotation_pages_normalise_whitespace_in_meta_and_filters():
    """Where the two ways differ: element text is trimmed, runs of spaces and newlines made one space."""
    from annals.render.search import SearchRecord

    rec = SearchRecord(url="/articles/a000001/#q-1", content=" two\n\nlines  ", meta=(("title", " A  B\n"),),
                       filters=(("official", (" Dmitry  Peskov\n",)),))
    f = _index_records([rec])[rec.url]
    assert (f["content"], f["meta"], f["filters"]) == ("two lines", {"title": "A B"}, {"official": ["Dmitry Peskov"]})


def test_quotation_pages_show_control_characters_as_on_the_page():
    from annals.render.search import SearchRecord

    rec = SearchRecord(url="/articles/a000001/#q-1", content="bell\x07here", meta=(("title", "T\x07"),),
                       filters=(("kind", ("direct quotation",)),))
    f = _index_records([rec])[rec.url]
    assert f["content"] == "bell\u2407here" and f["meta"]["title"] == "T\u2407"


@pytest.mark.parametrize("url", ["/articles/a1/q-1", "articles/a1/#q-1", "/articles/a1/#", "/articles/../#q-1",
                                 "/articles/a1/x/#q-1", "/elsewhere/a1/#q-1", "/articles/a#1/#q-1",
                                 "/articles/a1/#q-1#x", "/articles/a\\1/#q-1", "/articles/a1/#index.html"])
def test_record_path_refuses_anything_but_a_quotation_permalink(url):
    from annals.render.search import SearchRecord, record_path

    with pytest.raises(ValueError):
        record_path(SearchRecord(url=url, content="x", meta=(), filters=()))


def test_record_path_is_the_url_under_the_folder():
    from annals.render.search import SearchRecord, record_path

    assert record_path(SearchRecord(url="/articles/a000001/#q-0123456789", content="x", meta=(), filters=())) \
        == "articles/a000001/#q-0123456789"
