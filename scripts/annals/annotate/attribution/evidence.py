"""The evidence of an attribution and the confidence it earns.

``method`` names the kind of evidence (a name and a verb, a role, a pronoun, a carried speaker, ...);
the confidence follows from it (``CONFIDENCE``), calibrated on the development corpus (``annals
evaluate``; the table is in doc/attribution.md).  Also how a speaker is shown (gazetteer ID and name,
an unlisted name, an institution's shortest name) and its kind (person, institution, none).
"""

from __future__ import annotations

from annals.annotate.attribution.context import Candidate, Context


def display(ctx: Context, c: Candidate) -> tuple[str | None, str | None]:
    if c.kind in ("person", "document") and c.person_id:
        return c.person_id, ctx.people[c.person_id].name
    if c.kind == "unlisted":
        return None, c.name
    if c.kind == "institution":  # one name per institution: "the Russian Foreign Ministry" is "Foreign Ministry"
        return None, institution_name(ctx, c.name or "")
    return None, None


def institution_name(ctx: Context, name: str) -> str | None:
    """The shortest name of an institution: without "the" and the lexicon's ``institution_prefixes``."""
    words = name.split()
    prefixes = {w.casefold() for w in ctx.lex.institution_prefixes} | {"the"}
    while len(words) > 1 and words[0].casefold() in prefixes:
        words = words[1:]
    out = " ".join(words)
    return out[0].upper() + out[1:] if out else None


def speaker_kind(c: Candidate | None) -> str:
    if c is None:
        return "none"
    if c.kind == "institution" or (c.kind == "document" and not c.person_id):
        return "institution"
    return "person"


# Evidence -> confidence.  Calibrated on the development corpus (doc/attribution.md).
CONFIDENCE = {
    "name+verb": "high", "unlisted+verb": "high", "according": "high", "channel": "medium", "label": "high",
    "institution": "medium", "possessive": "medium", "role": "medium", "title": "high", "pronoun": "medium",
    "anaphor": "medium", "pronoun-ambiguous": "medium", "anaphor-ambiguous": "medium", "pronoun-object": "low",
    "anaphor-object": "low", "participle": "medium", "document": "medium", "carried": "low", "fuzzy": "medium",
    "carried-introduced": "medium", "outlet": "medium", "digest": "medium",
}


def method_of(c: Candidate, how: str) -> str:
    """The evidence type of an attribution (``Quote.method``)."""
    if how == "according" and c.method.startswith(("pronoun", "anaphor")) or how == "according" and c.method == "role":
        return c.method  # "according to him": the evidence is the pronoun's chain
    if how in ("carried", "carried-introduced", "label", "according", "channel", "possessive", "digest"):
        return how
    if c.kind == "document":
        return "document"
    if c.kind == "institution":
        return "outlet" if c.method == "outlet" else "institution"
    if c.method.startswith(("pronoun", "anaphor")) or c.method in ("role", "fuzzy"):
        return c.method
    if how == "participle":
        return "participle"
    if c.kind == "unlisted":
        return "unlisted+verb"
    return "name+verb"


def confidence_of(method: str) -> str:
    return CONFIDENCE.get(method, "low")
