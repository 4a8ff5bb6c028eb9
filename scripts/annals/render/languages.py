"""Languages' names as the interface writes them (the ``language`` search filter of article and statement pages)."""

from __future__ import annotations

from annals.render.kit import SITE_LANGUAGE


def language_name(tag: str) -> str:
    """A language's name in the interface's language, from the Unicode CLDR (Babel): ``ru`` -> Russian."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(SITE_LANGUAGE) or tag
    except (ValueError, UnknownLocaleError):
        return tag
