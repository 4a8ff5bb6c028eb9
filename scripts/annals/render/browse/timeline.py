"""Reaction timelines drawn as SVG at build time: no chart script, nothing fetched.

A timeline shows statements by days since election day, one row per speaker.  Statements
on the same day by the same speaker share one dot whose area grows with their number;
when the span of days is wide the days are grouped into bins so that the drawing stays
small however large the archive (at most ``max_rows`` rows x ``max_bins`` dots).

Pure: records in, markup out.  Every label passes through :mod:`annals.render.html`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from annals.render import html as H


@dataclass(frozen=True, slots=True)
class Point:
    """One statement to draw."""

    row: str
    """Key of the row (a speaker's gazetteer ID or ``unlisted:<name>``)."""
    label: str
    """Row label shown at the left (the speaker's name)."""
    day: int
    """Days since election day (negative: before it)."""
    href: str
    """Link to the statement (page-relative, with its anchor)."""
    title: str
    """Tooltip and accessible name of the dot (date, speaker, opening words)."""


@dataclass(frozen=True, slots=True)
class Dot:
    """What is drawn: statements of one row falling in one bin."""

    row: int
    """Row index, top first."""
    start: int
    """First day of the bin."""
    end: int
    """Last day of the bin."""
    count: int
    """Statements in the bin."""
    href: str
    """Link of the first statement of the bin."""
    title: str
    """Tooltip of the dot."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Rows and dots of one timeline, before drawing."""

    labels: tuple[str, ...]
    """Row labels, top first."""
    dots: tuple[Dot, ...]
    """Dots, by row then day."""
    first: int
    """First day shown."""
    last: int
    """Last day shown."""
    bin_days: int
    """Days per dot (1 unless the span is wide)."""
    hidden_rows: int
    """Speakers left out because there were more than ``max_rows`` (counted in the description)."""
    hidden_points: int
    """Statements of the left-out speakers."""


def _bin_days(span: int, max_bins: int) -> int:
    for size in (1, 2, 7, 14, 30, 61, 91, 182, 365):
        if span / size <= max_bins:
            return size
    return max(365, math.ceil(span / max_bins))


def layout(points: list[Point], max_rows: int = 12, max_bins: int = 60) -> Layout:
    """Group points into rows (busiest first, then by label) and bins of days."""
    by_row: dict[str, list[Point]] = {}
    for p in points:
        by_row.setdefault(p.row, []).append(p)
    order = sorted(by_row, key=lambda k: (-len(by_row[k]), by_row[k][0].label, k))
    shown, hidden = order[:max_rows], order[max_rows:]
    kept = [p for k in shown for p in by_row[k]]
    first = min([0] + [p.day for p in kept])
    last = max([0] + [p.day for p in kept])
    size = _bin_days(last - first + 1, max_bins)
    dots = []
    for i, key in enumerate(shown):
        bins: dict[int, list[Point]] = {}
        for p in sorted(by_row[key], key=lambda p: (p.day, p.href)):
            bins.setdefault((p.day - first) // size, []).append(p)
        for b, members in sorted(bins.items()):
            start = first + b * size
            title = members[0].title if len(members) == 1 else f"{len(members)} statements: {members[0].title}"
            dots.append(Dot(i, start, start + size - 1, len(members), members[0].href, title))
    return Layout(tuple(by_row[k][0].label for k in shown), tuple(dots), first, last, size,
                  len(hidden), sum(len(by_row[k]) for k in hidden))


def _ticks(first: int, last: int) -> list[int]:
    span = max(1, last - first)
    step = next(s for s in (1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730, 1825, 3650, 10**9) if span / s <= 8)
    start = math.ceil(first / step) * step
    ticks = list(range(start, last + 1, step))
    if 0 not in ticks and first <= 0 <= last:
        ticks.append(0)
    return sorted(ticks)


def _day_text(d: int) -> str:
    if d == 0:
        return "election day"
    return f"{d:+d}"


LABEL_MIN, LABEL_MAX = 110, 260
"""Width of the row labels' column, in the SVG's units: from the longest label, within these bounds."""


def svg(points: list[Point], *, ident: str, title: str, description: str, max_rows: int = 12,
        max_bins: int = 60) -> str:
    """The timeline as an inline SVG element with ``<title>``/``<desc>`` (role ``group``, not ``img``: its points are links, and an image may hold no interactive element)."""
    lay = layout(points, max_rows, max_bins)
    plot_w, row_h, top, bottom = 560, 22, 10, 34
    # room for the longest row label at 11 units a character's height (about 6.3 wide), so none is cut
    label_w = round(min(LABEL_MAX, max(LABEL_MIN, 14 + 6.3 * max((len(t) for t in lay.labels), default=0))))
    width = label_w + plot_w + 20
    height = top + row_h * max(1, len(lay.labels)) + bottom
    span = max(1, lay.last - lay.first + lay.bin_days)

    def x(day: float) -> float:
        return label_w + (day - lay.first) / span * plot_w

    desc = description
    if lay.bin_days > 1:
        desc += f" Each dot groups {lay.bin_days} days."
    if lay.hidden_rows:
        desc += f" {lay.hidden_rows} more speakers ({lay.hidden_points} statements) are not drawn."
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="annals-timeline" role="group" '
             f'viewBox="0 0 {width} {height}" width="100%" '
             f'aria-labelledby="{ident}-title {ident}-desc" id="{ident}">',
             f'<title id="{ident}-title">{H.text(title)}</title>',
             f'<desc id="{ident}-desc">{H.text(desc)}</desc>']
    axis_y = top + row_h * max(1, len(lay.labels))
    parts.append(f'<g class="annals-tl-axis" aria-hidden="true">'
                 f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}"/>')
    for t in _ticks(lay.first, lay.last):
        tx = x(t + (lay.bin_days - 1) / 2)
        parts.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis_y + 4}"'
                     + (' class="annals-tl-zero"' if t == 0 else "") + "/>"
                     f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle">{_day_text(t)}</text>')
    parts.append(f'<text x="{label_w + plot_w / 2:.0f}" y="{axis_y + 30}" text-anchor="middle">'
                 f'days since election day</text></g>')
    for i, label in enumerate(lay.labels):
        y = top + row_h * i + row_h / 2
        parts.append(f'<text class="annals-tl-label" x="{label_w - 8}" y="{y + 4:.0f}" text-anchor="end">{H.text(label)}</text>'
                     f'<line class="annals-tl-row" x1="{label_w}" y1="{y:.0f}" x2="{label_w + plot_w}" y2="{y:.0f}" aria-hidden="true"/>')
    for d in lay.dots:
        y = top + row_h * d.row + row_h / 2
        r = min(row_h / 2 - 1, 3.5 + 2 * math.sqrt(d.count - 1))
        cx = x((d.start + d.end) / 2)
        parts.append(f'<a href="{H.attr(d.href)}"><circle cx="{cx:.1f}" cy="{y:.0f}" r="{r:.1f}" '
                     f'data-day="{d.start}" data-count="{d.count}"><title>{H.text(d.title)}</title></circle></a>')
    parts.append("</svg>")
    return "".join(parts)
