"""Annals: an annotated, citable archive of what Russian officials said about US elections.

Stages, each a subpackage, importing only forward (earlier stages and :mod:`annals.model`):
:mod:`annals.ingest` (load and parse ``archive/``) -> :mod:`annals.annotate` (per article) ->
:mod:`annals.link` (cross-article) -> :mod:`annals.render` (pages) -> :mod:`annals.publish` (write
``docs/``, registry, search index).  On top: :mod:`annals.pipeline` runs them and MkDocs,
:mod:`annals.serve` previews, :mod:`annals.cli` is the ``annals`` command.
"""

__version__ = "0.1.0"
