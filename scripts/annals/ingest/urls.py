"""The one URL check: web addresses (http, https) only, judged as a browser would read them.

Every URL that enters the archive (a source's ``Original url:`` line, a sidecar's
``original_url``, notes' and corrections' ``source.url``, the gazetteers' ``sources``) goes
through :func:`check_url` when it is read; the records hold only URLs it accepted.  The
renderers pass every URL they write through :func:`annals.render.html.safe_url`, which refuses
anything ``check_url`` would not give back unchanged (a second line of defence: a URL that
reached a record some other way still never reaches a page, feed, meta tag or data file).

What a browser does to an ``href`` before it decides the scheme, and what we do first:

- removes leading and trailing C0 control characters and spaces, and every tab, CR and LF
  anywhere (``" java\\tscript:"`` is ``javascript:``);
- reads the scheme case-insensitively (``JaVaScRiPt:``);
- decodes character references in HTML attributes (``&#106;avascript:``, ``javascript&colon;``),
  and some contexts (a URL inside a URL, a redirect) decode percent-escapes (``%6A``);
- treats ``\\`` as ``/`` in http(s) URLs.

A URL is accepted only if that reading gives http or https *and* the text as written already
says so plainly: ``http://`` or ``https://`` (lower case) then a host, no control or invisible
characters, no whitespace.  An accepted URL is used exactly as written.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = ("http", "https")
EXPECTED = "expected a web address starting with http:// or https://"

_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def browser_scheme(url: str) -> str | None:
    """The scheme a browser could end up with for ``url`` (lower case), or None for a relative URL.

    Character references and percent-escapes are decoded as long as that changes anything
    (bounded), the way a URL passed through an attribute, a redirect or another URL would be."""
    seen = url
    for _ in range(8):
        decoded = unquote(html.unescape(seen))
        if decoded == seen:
            break
        seen = decoded
    seen = re.sub(r"[\t\n\r]", "", seen.replace("\\", "/").strip(_C0_AND_SPACE))
    m = _SCHEME_RE.match(seen)
    return m.group(1).lower() if m else None


def check_url(raw: object) -> tuple[str | None, str | None]:
    """(the URL to use, None) if ``raw`` is an http(s) URL, else (None, why not: ``'<raw>' is ...;
    expected ...``) ready for a ``path:line:`` message."""
    if not isinstance(raw, str):
        return None, f"{raw!r} is not text; {EXPECTED}"
    shown = repr(raw)
    control = next((ch for ch in raw if unicodedata.category(ch) in ("Cc", "Cf") and ch not in " "), None)
    if control is not None:
        return None, (f"{shown} contains the invisible or control character U+{ord(control):04X}, which a browser "
                      f"may drop or read differently; {EXPECTED}, with no such characters")
    if raw != raw.strip():
        return None, f"{shown} has spaces around it; {EXPECTED}, with no spaces around it"
    if re.search(r"\s", raw):
        return None, f"{shown} contains a space; {EXPECTED} (write a space inside a URL as %20)"
    scheme = browser_scheme(raw)
    if scheme not in SAFE_SCHEMES:
        what = f"a browser reads it as a {scheme}: URL" if scheme else "it has no scheme"
        return None, f"{shown} is not a web address ({what}); {EXPECTED}"
    written = _SCHEME_RE.match(raw)
    if written is None or written.group(1).lower() != scheme:
        return None, (f"{shown} hides its scheme behind character references or %-escapes; "
                      f"{EXPECTED}, written plainly")
    if written.group(1) != scheme:
        return None, f"{shown} has its scheme in capitals; {EXPECTED} (in lower case)"
    rest = raw[written.end():]
    if not rest.startswith("//") or "\\" in raw:
        return None, f"{shown} is not a well-formed web address; {EXPECTED} and a host name (forward slashes only)"
    try:
        host = urlsplit(raw).hostname
    except ValueError:
        host = None
    if not host:
        return None, f"{shown} has no host name; {EXPECTED} and a host name"
    return raw, None


def is_checked(url: object) -> bool:
    """True if ``url`` is a URL that :func:`check_url` accepts."""
    return check_url(url)[0] is not None
