"""Browsing the archive: pages per official and election, quotations, timelines, related coverage, tags.

Each page kind is its own module and is listed in :mod:`annals.render.site`'s extension points.
"""

from __future__ import annotations

from annals.render import site as _render  # noqa: F401  (first: render.site imports the page modules below)
