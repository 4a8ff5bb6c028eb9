"""Stages 1 and 2, ingest: ``archive/`` read, validated and parsed into records.

:mod:`annals.ingest.sources` (``load_archive``: every raw file, sidecar and gazetteer, checked; all input
I/O), :mod:`annals.ingest.yamlio` (YAML with line numbers, JSON Schemas), :mod:`annals.ingest.gazetteer`
(officials and elections as records), :mod:`annals.ingest.parse` (``parse_article``: one raw article ->
``Article``), :mod:`annals.ingest.ids` (``annals add``: permanent IDs).
"""
