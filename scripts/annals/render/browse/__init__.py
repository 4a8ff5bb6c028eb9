"""Browsing the archive: pages per official and election, quotations, timelines, related coverage, tags.

Each page kind is its own module and is listed in :data:`annals.render.site.FEATURES`; what they share
(lookups over every record, list items) is :mod:`annals.render.browse.common`.
"""
