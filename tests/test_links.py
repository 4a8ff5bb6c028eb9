"""Every internal link and anchor of the built seed site resolves (issue 4, item 7): the seed archive
builds under `annals build --strict` (MkDocs' own link validation as errors), our checker
(``site_links``) follows every link and anchor in every page, and LinkChecker, a real link checker,
crawls the site over HTTP with its anchor check on.  Both checkers are shown to fail on a broken link."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import lxml.html
import pytest

from conftest import make_project, run_annals
from site_links import check_site, page_links

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


@pytest.fixture(scope="module")
def strict_site(tmp_path_factory) -> Path:
    """The seed archive built by `annals build --strict`; the site folder."""
    project = make_project(tmp_path_factory.mktemp("strict"))
    result = run_annals("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_seed_archive_builds_under_strict(strict_site):
    assert (strict_site / "index.html").is_file()
    assert sorted(p.name for p in (strict_site / "articles").iterdir() if p.is_dir())[:5] == [
        "a000001", "a000002", "a000003", "a000004", "a000005"]


@pytest.mark.site
def test_a_broken_link_fails_the_strict_build_and_is_shown(tmp_path):
    """MkDocs' link validation is on and, under --strict, fatal: its warning is printed, then the abort."""
    project = make_project(tmp_path / "p")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the list](missing-page.md).\n", encoding="utf-8")
    result = run_annals("build", "--strict", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("WARNING -  ") and "missing-page.md" in line for line in lines), result.stderr
    assert lines[-1] == "annals: MkDocs: Aborted with 1 warnings in strict mode!"


def test_every_internal_link_and_anchor_of_the_seed_site_resolves(strict_site):
    broken, checked = check_site(strict_site)
    assert [str(b) for b in broken] == []
    assert checked > 1000


@pytest.mark.parametrize("listing", ["quotes/", "quotes/page/2/", "officials/dmitry-medvedev/", "elections/us-2012/"])
def test_quotation_permalinks_on_listings_are_among_the_links_checked(strict_site, listing):
    """The listings link to quotations by ``#q-...`` anchors on article pages (SVG dots included)."""
    doc = lxml.html.fromstring((strict_site / listing / "index.html").read_bytes())
    assert any("#q-" in href for href in page_links(doc))


def _tiny_site(root: Path) -> Path:
    """A two-page site with one link of every kind, good and broken."""
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text('<html><body><h1 id="x">A</h1><a href="../">home</a></body></html>')
    (root / "index.html").write_text(
        '<html><body id="top">'
        '<a href="a/">ok dir</a> <a href="a/#x">ok anchor</a> <a href="#top">ok here</a> '
        '<a href="a/#:~:text=A">text fragment</a> <a href="https://example.org/gone">outside</a> '
        '<a href="a/#missing">broken anchor</a> <a href="b/">missing page</a> <a href="#nowhere">broken here</a> '
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a href="a/#gone"><circle r="1"/></a><a xlink:href="a/index.html#old"><circle r="1"/></a></svg>'
        '<img src="missing.png" alt=""> <a href="../../above/">above the root</a>'
        '</body></html>')
    return root


def test_checker_reports_each_broken_link_and_anchor(tmp_path):
    broken, checked = check_site(_tiny_site(tmp_path / "site"))
    assert sorted((b.page, b.href) for b in broken) == sorted([
        ("index.html", "a/#missing"), ("index.html", "b/"), ("index.html", "#nowhere"), ("index.html", "a/#gone"),
        ("index.html", "a/index.html#old"), ("index.html", "missing.png"), ("index.html", "../../above/")])
    assert checked == 12


def test_checker_finds_a_quotation_anchor_removed_from_a_seed_page(strict_site, tmp_path):
    """Take one quotation's anchor off its article page: every listing that links to it is reported."""
    site = tmp_path / "site"
    shutil.copytree(strict_site, site)
    page = site / "articles" / "a000001" / "index.html"
    doc = lxml.html.fromstring(page.read_bytes())
    qid = sorted(el.get("id") for el in doc.cssselect("[id^='q-']"))[0]
    page.write_bytes(page.read_bytes().replace(f'id="{qid}"'.encode(), b'id="renamed"'))
    broken, _ = check_site(site)
    pages = {b.page for b in broken}
    assert {b.reason for b in broken} == {f"no id {qid!r} in articles/a000001/index.html"}
    assert "quotes/index.html" in pages and any(p.startswith("officials/") for p in pages)


# ---- LinkChecker over HTTP (it drops root to `nobody`, and in file mode skips anchors of folder URLs) ----

class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "local test server")  # lets LinkChecker go above 10 requests/s
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    servers = []

    def start(folder: Path) -> str:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def linkchecker(url: str, tmp_path: Path) -> list[dict]:
    """LinkChecker's rows (CSV) for a crawl from ``url`` with its anchor check on; only rows with a finding."""
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=100\nthreads=4\n[AnchorCheck]\n", encoding="utf-8")
    result = subprocess.run([str(LINKCHECKER), "--config", str(config), "--no-status", "--output", "csv", url],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr  # 1: broken links found
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def findings(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(link, page, what) for each invalid link and each warning that is not about a text fragment."""
    out = []
    for row in rows:
        if row["valid"] != "True":
            out.append((row["urlname"], row["parentname"], row["result"]))
        elif row["warningstring"] and "(decoded: `:~:text=" not in row["warningstring"]:
            out.append((row["urlname"], row["parentname"], row["warningstring"]))
    return out


def test_linkchecker_finds_no_broken_link_in_the_seed_site(strict_site, serve, tmp_path):
    rows = linkchecker(serve(strict_site), tmp_path)
    assert findings(rows) == []


def test_linkchecker_reports_a_missing_page_and_a_missing_anchor(serve, tmp_path):
    rows = linkchecker(serve(_tiny_site(tmp_path / "site")), tmp_path)
    found = {(link, what.split(" ")[0]) for link, _, what in findings(rows)}
    assert ("b/", "404") in found
    assert ("a/#missing", "Anchor") in found and ("a/#gone", "Anchor") in found
    assert not any(link == "a/#:~:text=A" for link, _ in found)
    # LinkChecker does not check a page's links to itself ("#nowhere") nor SVG xlink:href: site_links does
