"""Annals: an annotated, citable archive of what Russian officials said about US elections.

Stages (one module each): :mod:`sources` (load) -> :mod:`parse` -> :mod:`annotate` ->
:mod:`render` -> :mod:`writer` -> MkDocs (:mod:`build`).  :mod:`cli` is the ``annals`` command.
"""

__version__ = "0.1.0"
