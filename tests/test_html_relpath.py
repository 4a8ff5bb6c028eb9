"""``annals.render.html.relpath`` (used by every relative link of the site) answers exactly as ``posixpath.relpath``."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.render import html as H
from conftest import examples

SEGMENT = st.sampled_from(["a", "b", "articles", "a000001", ".", "..", "", "page", "2", "x y", "é"])
PATH = st.builds(lambda lead, parts, trail: lead + "/".join(parts) + trail,
                 st.sampled_from(["", "", "/"]), st.lists(SEGMENT, max_size=5), st.sampled_from(["", "/"]))


def _relpath(fn, path: str, start: str) -> str | type:
    try:
        return fn(path, start)
    except ValueError as e:
        return type(e)


@settings(max_examples=examples(2000), deadline=None)
@given(PATH, PATH)
def test_relpath_is_posixpath_relpath(path, start):
    assert _relpath(H.relpath, path, start) == _relpath(posixpath.relpath, path, start)


def test_relative_links_between_site_pages():
    assert H.rel("articles/a000001/", "officials/vladimir-putin/") == "../../officials/vladimir-putin/"
    assert H.rel("quotes/page/2/", "quotes/") == "../../"
    assert H.rel("", "articles/a000001/#q-1") == "articles/a000001/#q-1"
    assert H.rel("articles/", "articles/") == "./"
