"""Issue 21 item 7: the quotation and mention stages take time linear in a paragraph's length.

One paragraph of ordinary news prose used to take time growing with the cube of its length (25 KB: 12 s,
50 KB: 89 s, 200 KB: killed after ten minutes) in the finder's sentence splitter.  The bound here is
generous (a megabyte in well under two minutes on a loaded machine; it takes a few seconds); the figures
themselves are printed by `make bench` (the attribution row).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from annals.annotate import annotate
from annals.ingest.parse import parse_article
from annals.ingest.sources import load_archive
from annals.model import Sidecar, SourceFile
from conftest import ARCHIVE

# Invented prose in the shape of wire copy: names, titles, roles, quotations, reported speech, an outlet.
UNIT = ('Russian Foreign Minister Sergei Lavrov said on Monday that Moscow was "ready to work" with the new '
        'administration. "We will judge by deeds," he told reporters, adding that the ministry would wait for the '
        'official results. Dmitry Peskov, the Kremlin spokesman, said the president had no plans to call the winner, '
        'according to Interfax. Analysts in Moscow, including Ivan Petrov of a research center, called the reaction '
        '"cautious." ')


def _one_paragraph_article(size: int):
    body = (UNIT * (size // len(UNIT) + 1))[:size]
    raw = f"A long paragraph\n\nNovember 10, 2016\n\n{body}\n".encode()
    source = SourceFile(name="long.txt", raw=raw, sha256="0" * 64, text=raw.decode(), encoding_note=None)
    sidecar = Sidecar(name="long.yml", data={"id": "a999999"}, lines={})
    return source, sidecar


@pytest.mark.slow
def test_a_one_megabyte_paragraph_is_parsed_and_annotated_in_seconds():
    archive, _ = load_archive(ARCHIVE)
    source, sidecar = _one_paragraph_article(1_000_000)
    start = time.perf_counter()
    article, _ = parse_article(source, sidecar, archive.publishers, today=dt.date(2026, 1, 1))
    record, _ = annotate(article, archive)
    seconds = time.perf_counter() - start
    assert len(article.paragraphs) == 1
    assert len(record.quotes) > 10_000  # every unit's quotations were found, not given up on
    assert seconds < 120, f"{seconds:.1f} s for one paragraph of 1 MB"


def test_time_grows_linearly_with_the_paragraph():
    """Four times the text may take at most about eight times as long (noise allowed; a quadratic step
    would take sixteen times, the old cubic one sixty-four)."""
    archive, _ = load_archive(ARCHIVE)

    def seconds(size: int) -> float:
        source, sidecar = _one_paragraph_article(size)
        article, _ = parse_article(source, sidecar, archive.publishers, today=dt.date(2026, 1, 1))
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            annotate(article, archive)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(50_000), seconds(200_000)
    assert large < 8 * small + 0.5, f"50 KB: {small:.2f} s, 200 KB: {large:.2f} s"
