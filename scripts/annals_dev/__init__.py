"""Developer tools of Annals, kept outside the installed package ``annals``.

They run from a checkout of the repository (``scripts/`` on the path, as ``make`` and the tests
set it): the byte-identity check of restructurings (:mod:`annals_dev.identity`).
"""
