"""An article page in a real headless Chromium: it loads, shows the source text, requests nothing outside."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_article_page_renders_in_chromium(page, served_site):
    page.goto(served_site + "articles/a000005/")
    assert page.locator("h1#title").inner_text().startswith("Putin Congratulates U.S. President-Elect Biden")
    assert "For my part, I am ready for interaction and contacts with you" in page.locator(".annals-source").inner_text()
    assert page.outside_requests == []
