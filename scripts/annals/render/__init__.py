"""Stage 5, render: annotated records -> the generated files of ``docs/`` (pure; writes nothing).

:mod:`annals.render.site` assembles every page (``render``) from the feature modules beside it;
:mod:`annals.render.html` escapes everything that comes from a source.
"""
