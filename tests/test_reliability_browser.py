"""Issue 21, item 11, in a real headless Chromium over the seed site: search works on the 404 page
(served for any missing address, as static hosts do), and no page asks another host for anything,
even in a browser without ResizeObserver (Material's bundle would fetch a polyfill from a CDN)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHRASE = "took the news about Barack Obama"  # words of a direct quotation by Dmitry Peskov (seed 000)


class NotFoundServer:
    """A static server that answers a missing address with the site's 404.html and status 404
    (what GitHub Pages, Netlify and most static hosts do)."""

    def __init__(self, folder: Path):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_error(self, code, message=None, explain=None):
                if code != 404:
                    return super().send_error(code, message, explain)
                body = (folder / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def served(built_site):
    server = NotFoundServer(built_site / "site")
    yield server.url
    server.close()


def new_page(browser, served: str, init_script: str | None = None):
    """A page in a fresh context; every request is recorded, and any to another host is blocked."""
    context = browser.new_context()
    if init_script:
        context.add_init_script(init_script)
    pg = context.new_page()
    pg.requests = []

    def guard(route):
        url = route.request.url
        pg.requests.append(url)
        if url.startswith(served) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    pg.route("**/*", guard)
    return context, pg


def outside(pg, served: str) -> list[str]:
    return [u for u in pg.requests if not u.startswith(served) and not u.startswith(("data:", "blob:"))]


def test_search_works_on_the_404_page(browser, served):
    context, pg = new_page(browser, served)
    try:
        response = pg.goto(served + "no/such/page/at/depth/", wait_until="load")
        assert response.status == 404
        assert pg.locator("h1").first.inner_text() == "404 - Not found"
        # the header's form goes to this site's Search page, not to a host named "search"
        action = pg.evaluate("new URL(document.querySelector('form[name=search]').getAttribute('action'), "
                             "location.href).href")
        assert action == served + "search/"
        pg.locator(".md-search__input").click()
        pg.keyboard.type(PHRASE)
        pg.wait_for_selector("[data-annals-search-results][aria-busy=false]", state="attached")
        links = pg.locator("[data-annals-search-results] a").evaluate_all(
            "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)")
        assert links, "no result on the 404 page"
        assert all(link.startswith(served) for link in links)
        first = links[0].split("#")[0]
        assert pg.request.get(first).status == 200  # the result leads to a page that exists
        assert any("/pagefind/" in u for u in pg.requests)
        assert outside(pg, served) == []
    finally:
        context.close()


PAGES = ["", "articles/a000001/", "officials/dmitry-peskov/", "elections/us-2020/", "search/?q=Kremlin",
         "no/such/page/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site_even_without_resize_observer(browser, served, path):
    """An old browser (no ResizeObserver): Material's bundle would load a polyfill from unpkg.com."""
    context, pg = new_page(browser, served, "delete window.ResizeObserver;")
    try:
        pg.goto(served + path, wait_until="load")
        pg.wait_for_timeout(300)
        assert pg.evaluate("typeof ResizeObserver") == "function"  # the site's own copy took its place
        assert any(u.endswith("/assets/vendor/resize-observer-polyfill-1.5.1.js") for u in pg.requests)
        assert outside(pg, served) == []
    finally:
        context.close()


def test_a_browser_with_resize_observer_does_not_load_the_polyfill(browser, served):
    context, pg = new_page(browser, served)
    try:
        pg.goto(served + "articles/a000001/", wait_until="load")
        assert not any("resize-observer" in u for u in pg.requests)
        assert outside(pg, served) == []
    finally:
        context.close()


MISSING_CHECKED = ["", "articles/", "articles/a000001/", "officials/dmitry-peskov/", "elections/us-2020/", "quotes/",
                   "search/?q=Kremlin", "about/", "no/such/page/"]


@pytest.mark.parametrize("path", MISSING_CHECKED)
def test_no_page_asks_for_a_file_that_is_not_there(browser, served, path):
    """Every request a page makes (scripts, styles, search, Material's own) gets an answer, never a 404.
    Material's bundle fetches ``sitemap.xml`` beside every ``link[rel=alternate]`` (meant for language
    versions): beside our Atom feeds that was ``feeds/sitemap.xml`` on every page, and
    ``officials/<id>/sitemap.xml`` on an official's page, both missing."""
    context, pg = new_page(browser, served)
    missing = []
    pg.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
    try:
        response = pg.goto(served + path, wait_until="networkidle")
        pg.wait_for_timeout(300)
        if path.startswith("no/"):
            assert response.status == 404 and missing[:1] == [f"404 {served}{path}"]
            missing = missing[1:]  # the address asked for is meant to be missing; nothing else
        else:
            assert response.status == 200
        assert pg.locator('link[type="application/atom+xml"]').count() >= 1  # the feed is still announced
        assert missing == []
    finally:
        context.close()
