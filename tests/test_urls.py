"""One URL check for everything that becomes a link (issue 21, item 1): http and https only, judged
after the normalisation a browser applies; the renderers refuse anything else as a second line."""

from __future__ import annotations

import dataclasses

import pytest

from annals.ingest.urls import browser_scheme, check_url
from annals.render import html as H

GOOD = ["https://www.themoscowtimes.com/2024/11/06/a", "http://example.com", "https://example.com:8080/a?b=c#d",
        "https://xn--80ak6aa92e.com/", "https://пример.рф/путь", "https://example.com/a%20b",
        "https://example.com/a&amp;b"]

# (url, the scheme a browser would end up with): every one must be refused
BAD = [
    ("javascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    (" javascript:alert(1)", "javascript"),
    ("\x01javascript:alert(1)", "javascript"),
    ("java\tscript:alert(1)", "javascript"),
    ("java\nscript:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("&#x6A;avascript:alert(1)", "javascript"),
    ("&#106avascript:alert(1)", "javascript"),   # a reference without its semicolon still counts
    ("javascript&colon;alert(1)", "javascript"),
    ("%6Aavascript:alert(1)", "javascript"),
    ("%256Aavascript:alert(1)", "javascript"),   # escaped twice
    ("data:text/html,<script>alert(1)</script>", "data"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("file:///etc/passwd", "file"),
    ("//evil.example/x", None),
    ("evil.example/x", None),
    ("", None),
]


@pytest.mark.parametrize("url", GOOD)
def test_web_addresses_are_accepted_unchanged(url):
    assert check_url(url) == (url, None)
    assert H.safe_url(url) == url


@pytest.mark.parametrize("url,scheme", BAD, ids=[repr(u) for u, _ in BAD])
def test_what_a_browser_would_not_read_as_http_is_refused(url, scheme):
    assert browser_scheme(url) == scheme
    checked, why = check_url(url)
    assert checked is None
    assert why.startswith(repr(url) + " ") and "expected a web address starting with http:// or https://" in why
    with pytest.raises(H.UnsafeUrl, match="^refusing to write the URL "):
        H.safe_url(url)


@pytest.mark.parametrize("url,why", [
    ("HTTPS://example.com/", "'HTTPS://example.com/' has its scheme in capitals; expected a web address starting "
                             "with http:// or https:// (in lower case)"),
    ("https&#58;//example.com/", "'https&#58;//example.com/' hides its scheme behind character references or "
                                 "%-escapes; expected a web address starting with http:// or https://, written plainly"),
    ("https:\\\\evil.example/", "'https:\\\\\\\\evil.example/' is not a well-formed web address; expected a web address "
                                "starting with http:// or https:// and a host name (forward slashes only)"),
    ("https:evil.example", "'https:evil.example' is not a well-formed web address; expected a web address starting "
                           "with http:// or https:// and a host name (forward slashes only)"),
    ("https:///path", "'https:///path' has no host name; expected a web address starting with http:// or https:// "
                      "and a host name"),
    ("https://exa mple.com", "'https://exa mple.com' contains a space; expected a web address starting with "
                             "http:// or https:// (write a space inside a URL as %20)"),
    ("https://example.com/\u202egpj.exe", "'https://example.com/\\u202egpj.exe' contains the invisible or control "
                                          "character U+202E, which a browser may drop or read differently; expected a "
                                          "web address starting with http:// or https://, with no such characters"),
    (42, "42 is not text; expected a web address starting with http:// or https://"),
])
def test_the_reason_says_what_is_wrong_and_what_was_expected(url, why):
    assert check_url(url) == (None, why)


def test_a_record_that_bypassed_the_loader_still_cannot_put_javascript_on_a_page(tmp_path):
    """Render an article whose record was made by hand with a javascript: URL: the renderer refuses."""
    from annals.pipeline import check
    from annals.render.site import RenderConfig, RenderContext, render
    from conftest import ARCHIVE

    result = check(ARCHIVE)
    bad = result.records[0]
    bad = dataclasses.replace(bad, article=dataclasses.replace(bad.article, original_url="javascript:alert(1)"))
    records = (bad, *result.records[1:])
    with pytest.raises(H.UnsafeUrl, match=r"^refusing to write the URL 'javascript:alert\(1\)'"):
        render(records, RenderConfig(), result.archive)
