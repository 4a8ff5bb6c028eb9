"""Stage 6, publish: the generated files written into ``docs/``, checked against what was published,
indexed for search.

:mod:`annals.publish.writer` (the only writer of ``docs/``), :mod:`annals.publish.registry` (published
URLs and redirects), :mod:`annals.publish.pagefind` (the search index of ``site/``).
"""
