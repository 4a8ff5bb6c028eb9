"""The attribution row of ``make bench``: the mention and quotation stages, per article and on one long paragraph.

Issue 17 asks for the two stages together at most 10 ms per article on average; issue 21 (item 7) for a
1 MB one-paragraph article in seconds.  Measured in this process, warm (the gazetteer's name index is
built once, before timing), over the seeds and the development corpus (texts of real length and shape),
then over one paragraph of 1 MB of invented wire prose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

from annals.annotate.mentions import find_mentions
from annals.annotate.quotes import find_quotes
from annals.ingest.parse import parse_article
from annals.ingest.sources import load_archive, load_articles
from annals.model import Sidecar, SourceFile

UNIT = ('Russian Foreign Minister Sergei Lavrov said on Monday that Moscow was "ready to work" with the new '
        'administration. "We will judge by deeds," he told reporters, adding that the ministry would wait for the '
        'official results. Dmitry Peskov, the Kremlin spokesman, said the president had no plans to call the winner, '
        'according to Interfax. Analysts in Moscow, including Ivan Petrov of a research center, called the reaction '
        '"cautious." ')


def _stages(article, archive) -> float:
    start = time.perf_counter()
    mentions, _ = find_mentions(article, archive.officials, archive.lexicon)
    find_quotes(article, mentions, archive)
    return time.perf_counter() - start


ROOT = Path(__file__).resolve().parents[2]
"""The checkout this tool belongs to (its archive/ and tests/attribution/dev/ are measured)."""


def figures(archive_dir: str | Path = ROOT / "archive", corpus: str | Path = ROOT / "tests" / "attribution" / "dev",
            rounds: int = 3) -> dict:
    """ms per article (best of ``rounds``) over the seeds and the corpus part, and seconds for a 1 MB paragraph."""
    archive, _ = load_archive(archive_dir)
    today = dt.date(2026, 1, 1)
    pairs = list(archive.sources)
    if Path(corpus, "articles").is_dir():
        pairs += load_articles(Path(corpus))[0]
    articles = [parse_article(s, sc, archive.publishers, today=today)[0] for s, sc in pairs]
    if not articles:
        return {"articles": 0, "ms_per_article": 0.0, "one_mb_paragraph_s": 0.0}
    archive = dataclasses.replace(archive, sources=tuple(pairs))
    _stages(articles[0], archive)  # the name index, once
    best = min(sum(_stages(a, archive) for a in articles) for _ in range(rounds))
    body = (UNIT * (1_000_000 // len(UNIT) + 1))[:1_000_000]
    raw = f"A long paragraph\n\nNovember 10, 2016\n\n{body}\n".encode()
    long_article = parse_article(SourceFile("long.txt", raw, "0" * 64, raw.decode(), None),
                                 Sidecar("long.yml", {"id": "a999999"}, {}), archive.publishers, today=today)[0]
    return {"articles": len(articles), "ms_per_article": 1000 * best / len(articles),
            "one_mb_paragraph_s": _stages(long_article, archive)}


def table(res: dict) -> str:
    return (f"attribution (mentions + quotations, {res['articles']} real-shaped articles, warm): "
            f"{res['ms_per_article']:.1f} ms per article (target 10); one 1 MB paragraph: "
            f"{res['one_mb_paragraph_s']:.1f} s")


if __name__ == "__main__":
    print(table(figures()))
