"""Downloads (issue 5): data files in three formats, the Frictionless package, the Data page.

Everything is read back from the seed site built by the real `annals build` (``built_site``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import extruct
import frictionless
import jsonschema
import lxml.html
import pytest
import yaml

from annals.ingest.yamlio import schema
from conftest import ARCHIVE, ROOT

DATASETS = {"articles": "articles", "quotes": "quotes", "officials": "officials-data", "elections": "elections-data"}
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]


def data(site: Path) -> Path:
    return site / "site" / "data"


def json_rows(site: Path, name: str) -> list[dict]:
    return json.loads((data(site) / f"{name}.json").read_text(encoding="utf-8"))


def package(site: Path) -> dict:
    return json.loads((data(site) / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data_page(built_site):
    return (built_site / "site" / "data" / "index.html").read_bytes()


# ---- the files -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATASETS)
def test_jsonl_holds_the_json_rows_in_order(built_site, name):
    lines = (data(built_site) / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json_rows(built_site, name)


def _decoded(cell: str, value: object) -> object:
    """A CSV cell read back the way the Data page says values are written."""
    if value is None:
        assert cell == ""
        return None
    if isinstance(value, bool):
        return {"true": True, "false": False}[cell]
    if isinstance(value, str) and cell.startswith("'"):
        return cell[1:]  # a text that a spreadsheet would read as a formula is written after a '
    if isinstance(value, (list, dict)):
        return json.loads(cell)
    return type(value)(cell)


@pytest.mark.parametrize("name", DATASETS)
def test_csv_holds_the_json_rows_in_order(built_site, name):
    with (data(built_site) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = json_rows(built_site, name)
    assert len(rows) == len(expected) > 0
    for row, obj in zip(rows, expected):
        assert list(row) == list(obj)
        assert {k: _decoded(row[k], v) for k, v in obj.items()} == obj


@pytest.mark.parametrize("name,schema_name", DATASETS.items())
def test_json_rows_validate_against_their_schema(built_site, name, schema_name):
    validator = jsonschema.Draft202012Validator(schema(schema_name), format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(json_rows(built_site, name))) == []


@pytest.mark.parametrize("name", DATASETS)
def test_rows_are_sorted_by_id_where_the_id_is_the_order(built_site, name):
    ids = [r["id"] for r in json_rows(built_site, name)]
    assert len(set(ids)) == len(ids)
    if name in ("articles", "officials"):
        assert ids == sorted(ids)


def test_article_rows_carry_provenance(built_site):
    by_id = {a["id"]: a for a in json_rows(built_site, "articles")}
    a = by_id["a000002"]
    assert a["permalink"] == SITE_URL + "articles/a000002/"
    assert a["wayback_url"] == f"https://web.archive.org/web/20241106/{a['original_url']}"
    assert by_id["a000001"]["original_url"] is None and by_id["a000001"]["wayback_url"] is None
    quotes = [q["id"] for q in json_rows(built_site, "quotes") if q["article_id"] == "a000002"]
    assert a["quotes"] == quotes and quotes


def test_article_checksums_are_those_of_the_raw_files(built_site):
    for a in json_rows(built_site, "articles"):
        assert a["sha256"] == hashlib.sha256((ARCHIVE / "articles" / a["source_file"]).read_bytes()).hexdigest()


# ---- the Frictionless package ----------------------------------------------------------------

def test_datapackage_validates(built_site):
    report = frictionless.validate(str(data(built_site) / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    tabular = [t for t in report.tasks if t.name.rsplit("-", 1)[0] in DATASETS]
    assert len(tabular) == 3 * len(DATASETS) and all(t.stats["rows"] > 0 for t in tabular)


def test_every_file_in_data_is_a_resource(built_site):
    files = {p.name for p in data(built_site).iterdir()} - {"datapackage.json", "index.html"}
    assert {r["path"] for r in package(built_site)["resources"]} == files


def test_resources_have_format_mediatype_schema_and_licence(built_site):
    pkg = package(built_site)
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0" and "publishers" in pkg["description"]
    media = {"json": "application/json", "csv": "text/csv", "jsonl": "application/jsonl"}
    for r in pkg["resources"]:
        if r["name"].rsplit("-", 1)[0] not in DATASETS:
            continue
        assert r["format"] == r["path"].rsplit(".", 1)[1] and r["mediatype"] == media[r["format"]]
        assert [f["name"] for f in r["schema"]["fields"]] == list(json_rows(built_site, r["path"].split(".")[0])[0])
        assert all(f["type"] in {"string", "integer", "number", "boolean", "date", "array", "object"}
                   for f in r["schema"]["fields"])
        assert r["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"


def _break_quotes_csv(text: str, how: str) -> str:
    rows = list(csv.reader(text.splitlines()))
    col = {name: i for i, name in enumerate(rows[0])}
    if how == "not-an-integer":
        rows[1][col["paragraph"]] = "two"
    elif how == "unknown-kind":
        rows[1][col["kind"]] = "rumour"
    elif how == "missing-id":
        rows[1][col["id"]] = ""
    elif how == "unknown-article":
        rows[1][col["article_id"]] = "a999999"
    elif how == "missing-column":
        rows = [r[:-1] for r in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("how,error", [("not-an-integer", "type-error"), ("unknown-kind", "constraint-error"),
                                       ("missing-id", "primary-key"), ("unknown-article", "foreign-key"),
                                       ("missing-column", "missing-label")])
def test_a_broken_csv_is_reported_invalid(built_site, tmp_path, how, error):
    folder = tmp_path / "data"
    shutil.copytree(data(built_site), folder)
    path = folder / "quotes.csv"
    path.write_text(_break_quotes_csv(path.read_text(encoding="utf-8"), how), encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    errors = [(t.name, e.type) for t in report.tasks for e in t.errors]
    assert {name for name, _ in errors} == {"quotes-csv"}
    assert any(kind.startswith(error) for _, kind in errors), errors


def test_a_broken_json_row_is_reported_invalid(built_site, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data(built_site), folder)
    rows = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    rows[0]["date"] = "7 November 2012"
    (folder / "articles.json").write_text(json.dumps(rows), encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert [(t.name, e.type) for t in report.tasks for e in t.errors] == [("articles-json", "type-error")]


# ---- the Data page ---------------------------------------------------------------------------

def test_data_page_is_in_the_nav(built_site):
    home = lxml.html.fromstring((built_site / "site" / "index.html").read_bytes())
    assert any(a.text_content().strip() == "Data" for a in home.cssselect("nav a[href]")
               if a.get("href").rstrip("/").endswith("data"))


def test_data_page_links_every_file(built_site, data_page):
    doc = lxml.html.fromstring(data_page)
    hrefs = {a.get("href") for a in doc.cssselect("article a[href]")}
    for r in package(built_site)["resources"]:
        assert r["path"] in hrefs
        assert (data(built_site) / r["path"]).is_file()
    assert "datapackage.json" in hrefs


@pytest.mark.parametrize("name", DATASETS)
def test_data_page_documents_every_column(built_site, data_page, name):
    doc = lxml.html.fromstring(data_page)
    heading = doc.get_element_by_id(name)
    table = heading.getnext()
    while table.tag != "table":
        table = table.getnext()
    documented = [tr.cssselect("td")[0].text_content() for tr in table.cssselect("tbody tr")]
    header = (data(built_site) / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert documented == header
    assert all(tr.cssselect("td")[2].text_content().strip() for tr in table.cssselect("tbody tr"))


def _dataset(data_page: bytes) -> dict:
    found = extruct.extract(data_page, base_url=SITE_URL + "data/", syntaxes=["json-ld"], uniform=True)["json-ld"]
    datasets = [d for d in found if d.get("@type") == "Dataset"]
    assert len(datasets) == 1
    return datasets[0]


def test_dataset_jsonld_names_licence_and_page(data_page):
    ds = _dataset(data_page)
    assert ds["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert ds["url"] == SITE_URL + "data/"
    assert 50 <= len(ds["description"]) <= 5000 and "publishers" in ds["description"]


def test_dataset_distribution_is_every_resource_and_resolves(built_site, data_page):
    dist = _dataset(data_page)["distribution"]
    assert all(d["@type"] == "DataDownload" for d in dist)
    by_path = {d["contentUrl"].removeprefix(SITE_URL): d for d in dist}
    resources = {f"data/{r['path']}": r for r in package(built_site)["resources"]}
    assert set(by_path) == set(resources) | {"data/datapackage.json"}
    for path, d in by_path.items():
        assert (built_site / "site" / path).is_file()
        if path in resources:
            assert d["encodingFormat"] == resources[path]["mediatype"]


def test_hostile_site_data_package_validates(hostile_site):
    """The data files of the hostile cases (markup, quotes, commas, newlines, control characters in every
    field) are still valid CSV, JSON and JSON Lines for their schemas."""
    report = frictionless.validate(str(hostile_site / "site" / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
