"""Constructed records for the browse tests: the five seeds as parsed, plus a small hand-made
gazetteer and hand-placed quotations (found by reading the seeds), so that the browse pages can be
tested without depending on the annotator's output."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from annals.pipeline import check

from annals.model import Archive, Election, Membership, Official, Quote, TextSpan
from conftest import ARCHIVE

D = dt.date


def _qid(article_id: str, text: str) -> str:
    import hashlib
    import unicodedata

    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "q-" + hashlib.sha256((article_id + norm).encode("utf-8")).hexdigest()[:10]


OFFICIALS = (
    Official("dmitry-medvedev", "Dmitry Medvedev", ("Dmitri Medvedev",), "male", "Q23530",
             (Membership("President of Russia", "Russia", D(2008, 5, 7), D(2012, 5, 7)),
              Membership("Prime Minister", "Government of Russia", D(2012, 5, 8), D(2020, 1, 16))),
             "Russian president 2008-2012, prime minister 2012-2020.", (), True),
    Official("dmitry-peskov", "Dmitry Peskov", ("Dmitri Peskov",), "male", "Q4164871",
             (Membership("Kremlin spokesman", "Presidential Administration", D(2012, 5, 22), None),), "Kremlin spokesman.",
             (), True),
    Official("vladimir-putin", "Vladimir Putin", (), "male", "Q7747",
             (Membership("President of Russia", "Russia", D(2012, 5, 7), None),), "President of Russia.", (), True),
    Official("barack-obama", "Barack Obama", (), "male", "Q76", (), "US president 2009-2017.", (), False),
    Official("joe-biden", "Joe Biden", (), "male", "Q6279", (), "US president 2021-2025.", (), False),
)
ELECTIONS = (
    Election("us-2012", "US", "2012 US presidential election", D(2012, 11, 6), "barack-obama", None,
             ("barack-obama",), (("barack-obama", 332),), D(2013, 1, 20)),
    Election("us-2020", "US", "2020 US presidential election", D(2020, 11, 3), "joe-biden", None,
             ("joe-biden",), (("joe-biden", 306),), D(2021, 1, 20)),
)
ARTICLE_ELECTIONS = {"a000001": ("us-2012",), "a000004": ("us-2012",), "a000003": ("us-2020",), "a000005": ("us-2020",)}
QUOTES = {  # article -> (speaker id or None, speaker name, kind, exact words)
    "a000001": [("dmitry-peskov", "Dmitry Peskov", "full",
                 "In general, the Kremlin took the news about Barack Obama's victory in the elections very positively,"),
                ("dmitry-medvedev", "Dmitry Medvedev", "full", "Obama is an understandable and predictable partner,")],
    "a000005": [("vladimir-putin", "Vladimir Putin", "full", "For my part, I am ready for interaction and contacts with you,")],
    "a000004": [(None, "Yury Ushakov", "full", "Putin emphasized that in developing the relationship with the United States")],
}


def _quote(rec, speaker_id, speaker, kind, words):
    for p in rec.article.paragraphs:
        start = p.text.find(words)
        if start >= 0:
            text = words.rstrip(",")
            return Quote(_qid(rec.article.id, text), rec.article.id, text, kind,
                         (TextSpan(p.n, start, start + len(text)),), speaker_id, speaker, None, "high")
    raise AssertionError(f"{words!r} not in {rec.article.id}")


def world():
    """(records, archive): the seeds with the constructed gazetteer, quotations and elections."""
    result = check(ARCHIVE)
    records = []
    for rec in result.records:
        aid = rec.article.id
        quotes = tuple(_quote(rec, *q) for q in QUOTES.get(aid, ()))
        officials = tuple(sorted({q.speaker_id for q in quotes if q.speaker_id}))
        # the detector is tested on its own: the editors' same-event links (issue 9) are left out here
        sidecar = {k: v for k, v in rec.article.sidecar.items() if k != "same_event"}
        rec = replace(rec, article=replace(rec.article, sidecar=sidecar),
                      editorial=replace(rec.editorial, same_event=()) if rec.editorial else None)
        records.append(replace(rec, quotes=quotes, officials=officials, elections=ARTICLE_ELECTIONS.get(aid, ())))
    archive = Archive(str(ARCHIVE), result.archive.sources, result.archive.publishers, OFFICIALS, ELECTIONS)
    return records, archive
