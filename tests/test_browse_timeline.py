"""The reaction-timeline SVG, on constructed points: layout, accessibility, escaping, bounded size."""

from __future__ import annotations

import lxml.etree as ET
import pytest

from annals.render.browse import timeline as T

SVG = "{http://www.w3.org/2000/svg}"


def pt(row, day, label=None, href="#x", title="t"):
    return T.Point(row, label or row.title(), day, href, title)


def parse(svg: str):
    return ET.fromstring(svg.encode("utf-8"))


def test_one_row_per_speaker_busiest_first_and_dots_at_their_days():
    points = [pt("peskov", 1), pt("peskov", 1), pt("peskov", 3), pt("putin", 42)]
    lay = T.layout(points)
    assert lay.labels == ("Peskov", "Putin")
    assert lay.bin_days == 1 and (lay.first, lay.last) == (0, 42)
    assert [(d.row, d.start, d.count) for d in lay.dots] == [(0, 1, 2), (0, 3, 1), (1, 42, 1)]


def test_days_before_election_day_widen_the_axis():
    lay = T.layout([pt("a", -182), pt("a", 5)])
    assert (lay.first, lay.last) == (-182, 5)


def test_wide_spans_are_binned_and_rows_capped():
    points = [pt(f"s{i:02d}", d) for i in range(20) for d in range(0, 2000, 3)]
    lay = T.layout(points, max_rows=12, max_bins=60)
    assert len(lay.labels) == 12 and lay.hidden_rows == 8
    assert lay.bin_days > 1
    per_row = max(sum(1 for d in lay.dots if d.row == r) for r in range(12))
    assert per_row <= 60
    assert sum(d.count for d in lay.dots) + lay.hidden_points == len(points)
    assert len(T.svg(points, ident="tl", title="t", description="d")) < 150_000


def test_svg_is_accessible_and_well_formed():
    svg = T.svg([pt("putin", 42, "Vladimir Putin", "../../articles/a000005/#q-0123456789", "15 December 2020")],
                ident="tl-us-2020", title="Reaction timeline: 2020", description="1 statement.")
    root = parse(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "group"
    assert root.get("aria-labelledby") == "tl-us-2020-title tl-us-2020-desc"
    assert root.find(SVG + "title").text == "Reaction timeline: 2020"
    assert root.find(SVG + "desc").text == "1 statement."
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["../../articles/a000005/#q-0123456789"]
    assert links[0].find(f"{SVG}circle/{SVG}title").text == "15 December 2020"
    labels = [t.text for t in root.iter(SVG + "text") if t.get("class") == "annals-tl-label"]
    assert labels == ["Vladimir Putin"]
    assert "<script" not in svg


def test_dot_x_grows_with_days_and_election_day_is_marked():
    svg = T.svg([pt("a", 0), pt("a", 10), pt("a", 30)], ident="t", title="t", description="d")
    xs = [float(c.get("cx")) for c in parse(svg).iter(SVG + "circle")]
    assert xs == sorted(xs) and len(set(xs)) == 3
    # distances proportional to the days: (10-0) : (30-10) = 1 : 2
    assert (xs[2] - xs[1]) == pytest.approx(2 * (xs[1] - xs[0]), rel=0.01)
    assert any(line.get("class") == "annals-tl-zero" for line in parse(svg).iter(SVG + "line"))


def test_labels_and_titles_from_data_are_escaped():
    svg = T.svg([pt("x", 1, "<script>alert(1)</script>", 'a"onmouseover="x', "</title><script>")],
                ident="t", title="<b>", description="&")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(SVG + "title").text == "<b>"
