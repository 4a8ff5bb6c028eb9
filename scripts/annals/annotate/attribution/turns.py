"""Transcript turns: a paragraph that opens with a speaker's label (``PESKOV: ...``, ``Question: ...``,
or a label alone on the line before) is a full quotation of that speaker, or of no one named.
"""

from __future__ import annotations

import re

from annals.annotate.attribution.context import Candidate, Context
from annals.annotate.attribution.marks import Found, Piece
from annals.annotate.names import name_key
from annals.model import Article


LABEL_RE = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(\s*\([^)\n]{1,40}\))?:\s+(?=[^\s\"“«„])")


def labelled_turns(ctx: Context, article: Article) -> list[Found]:
    """Transcript turns: a paragraph that opens with a speaker's label ("PESKOV:", "Question (Interfax):")
    is a full quotation of the rest of it.  The label must be in capitals, a question label, or a name."""
    out = []
    pending = None
    for p in article.paragraphs:
        if pending is not None:  # "Maria Zakharova:" alone on a line: this paragraph is her turn
            label, pending = pending, None
            if not LABEL_RE.match(p.text) and len(p.text.strip()) > 1 and p.text.strip()[0] not in "\"“«„":
                f = Found([Piece(p.n, 0, len(p.text.rstrip()), True)], kind="full")
                f.method, f.label, f.label_n = "label", label, p.n - 1
                out.append(f)
                continue
        alone = re.fullmatch(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}):\s*", p.text)
        if alone is not None and alone.group(1).casefold() not in ctx.lex.section_labels:
            pending = alone.group(1)
            continue
        m = LABEL_RE.match(p.text)
        if m is None:
            continue
        label = m.group(1)
        if label.casefold() in ctx.lex.section_labels:
            continue  # "BACKGROUND: ...": a section of the text, not a speaker's turn
        if not (label.isupper() and len(label) > 1 or label in ctx.lex.question_labels
                or any(c.kind == "person" and c.method in ("name", "surname") for c in ctx.mentions_by_par.get(p.n, ())
                       if False)):
            if not any(x.span.start == 0 and x.span.end == len(label) for x in ctx.mentions_by_par.get(p.n, ())):
                continue
        end = len(p.text.rstrip())
        if end - m.end() < 2:
            continue
        f = Found([Piece(p.n, m.end(), end, True)], kind="full")
        f.method = "label"
        f.label, f.label_n = label, p.n
        out.append(f)
    return out


def label_speaker(ctx: Context, f: Found) -> tuple[Candidate | None, str]:
    """Who a transcript label names: a listed person, an unlisted one named in full before, or no one."""
    n = f.label_n
    label = f.label
    if label in ctx.lex.question_labels or label.split()[0] in ctx.lex.question_labels:
        return None, "a question from the floor (the asker is not named)"
    for m in ctx.mentions_by_par.get(n, ()):
        if m.span.start < len(label) + 1:
            o = ctx.people[m.person_id]
            return Candidate(m.span.start, m.span.end, "person", o.id, o.name, "label", o.gender, key=o.id), ""
    rules = ctx.index.rules if ctx.index is not None else None
    last = label.split()[-1]
    key = "~" + (name_key(last, rules) if rules else last.casefold())
    if key in ctx.unlisted:
        c = ctx.unlisted[key]
        return Candidate(0, len(label), "unlisted", name=c.name, method="label", gender=c.gender, title=c.title, key=key), ""
    return None, "a transcript label that names no one the article introduced"
