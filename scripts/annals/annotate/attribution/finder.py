"""The article: paragraph by paragraph, the events of each (sentences, quotations, transcript turns) in
text order, so that the chain of people grows as a reader's would.
"""

from __future__ import annotations

from annals.annotate.attribution.candidates import paragraph_of
from annals.annotate.attribution.context import make_context
from annals.annotate.attribution.chain import chain_sentence, learn_documents, remember
from annals.annotate.attribution.evidence import confidence_of, display, speaker_kind
from annals.annotate.attribution.marks import Found, find_marked
from annals.annotate.attribution.quotations import one_quote
from annals.annotate.attribution.records import records
from annals.annotate.attribution.reported import sentence_speakers
from annals.annotate.attribution.sentences import quoted_spans
from annals.annotate.attribution.turns import label_speaker, labelled_turns
from annals.model import Archive, Article, Mention, Problem, Quote


def find_quotes(article: Article, mentions: tuple[Mention, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """All quotations and reported speech of the article, in text order, with speakers."""
    ctx = make_context(article, mentions, archive)
    learn_documents(ctx)
    marked = find_marked(article)
    labelled = labelled_turns(ctx, article)
    ctx.label_spans = {f.pieces[0].n: (f.pieces[0].start, f.pieces[0].end) for f in labelled}
    by_first: dict = {}
    for f in marked:
        by_first.setdefault(f.pieces[0].n, []).append(f)
    spans = quoted_spans(article, marked)
    results: list[Found] = []
    scare_max = ctx.lex.scare_max
    for p in article.paragraphs:
        par = paragraph_of(ctx, article, spans, p.n)
        text, sents = par.text, par.sents
        here = sorted(by_first.get(p.n, []), key=lambda f: f.pieces[0].start)
        events = [(f.pieces[0].start, "quote", f) for f in here]
        events += [(f.pieces[0].start, "label", f) for f in labelled if f.pieces[0].n == p.n]
        events += [(a, "sentence", (a, b)) for a, b in sents]
        events.sort(key=lambda e: (e[0], 0 if e[1] == "sentence" else 1))
        for pos, what, obj in events:
            if what == "sentence":
                chain_sentence(ctx, p.n, text, obj)
                inside = ctx.label_spans.get(p.n)
                if inside is None or not (inside[0] <= obj[0] < inside[1]):
                    sentence_speakers(ctx, p.n, text, obj, results)
                continue
            if what == "label":
                c, why = label_speaker(ctx, obj)
                if c is None:
                    obj.reason, obj.method = why, "unresolved"
                else:
                    obj.speaker_id, obj.speaker = display(ctx, c)
                    obj.speaker_kind, obj.title = speaker_kind(c), c.title if c.kind == "unlisted" else None
                    obj.method = "label"
                    obj.confidence = confidence_of("label")
                    remember(ctx, p.n, 0, c)
                results.append(obj)
                continue
            one_quote(ctx, article, spans, p, text, sents, obj, results, scare_max)
    return records(article, ctx, results)
