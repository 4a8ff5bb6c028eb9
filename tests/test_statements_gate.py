"""Statement grouping, eval gate (issue 22, item 5): pairwise precision and recall against the hand-made
golds may not fall below these floors (``annals evaluate --gold <...>/statements.yml``).

The floors are the figures measured when the grouping was tuned on the seeds and the dev sets
(doc/statements.md, "Figures"), rounded down a little, by the measures alone and with the editors' links of
the gold's sidecars (``--with-editors``).  The issue's bar is 0.95/0.95; it is met on the seeds only, and
doc/statements.md says why not elsewhere (paraphrases and translations no measure sees; reports the
quotation finder misses; a news conference's answers are not joined as passages).  The held-out golds
(tests/statements/test/, tests/attribution/ru-test/) have no floor: the statements test set is scored and
printed here (aggregates only), for the record, never to accept or reject a change."""

from __future__ import annotations

import dataclasses

import pytest

from annals_dev import statements_eval as E
from conftest import ARCHIVE, ROOT

GOLDS = {  # (gold, with the editors' links) -> (precision floor, recall floor, most wrong pairs)
    ("tests/gold/statements.yml", False): (0.95, 0.95, 0),
    ("tests/gold/statements.yml", True): (0.95, 0.95, 0),
    # 1.000 (1/1) / 0.167 (1/6) since the scorer no longer lets another speaker's clause stand for a report
    # (0.333 / 0.167 before: Gromov's reported clauses that the finder runs on over Putin's partial quotations)
    # 2026-12-08, attribution: the 16 articles of the old validation part were promoted into tests/attribution/dev/
    # and this gold extended for them (its calls 8-12: five statements of one occasion or document); with the
    # finder of milestone 5: 0.571 (4/7) / 0.100 (4/40), 3 wrong pairs -- Zyuganov's "a circus" to two tabloids'
    # reporters the same day (two occasions by call 11), and the Duma speaker's words of 9 November 2016 to the
    # chamber and to journalists (two occasions, the same words)
    ("tests/attribution/dev/statements.yml", False): (0.55, 0.09, 3),
    # measured 2026-12-08 (stems, occasions, the lead's event, one written message, recalls that look back;
    # eleven articles, one of them Russian; the finder of attribution milestone 5): 1.000 (50/50) / 0.505
    # (50/99) alone, 1.000 (55/55) / 0.556 (55/99) with editors
    ("tests/statements/dev/statements.yml", False): (0.95, 0.49, 0),
    ("tests/statements/dev/statements.yml", True): (0.95, 0.54, 0),
}
HELD_OUT = "tests/statements/test/statements.yml"


def _run(gold: str, editors: bool):
    records, loaded, problems = E.run(ARCHIVE, ROOT / gold, editors)
    assert problems == []
    reports, problems = E.read_reports(loaded, records)
    assert problems == []
    return records, reports


@pytest.fixture(scope="module")
def runs():
    return {key: _run(*key) for key in GOLDS}


@pytest.mark.parametrize("key", sorted(GOLDS), ids=lambda k: f"{k[0]}{'+editors' if k[1] else ''}")
def test_grouping_stays_above_its_floors(runs, key):
    records, reports = runs[key]
    report = E.score(reports, records)
    precision, recall, wrong = GOLDS[key]
    assert report.precision >= precision and report.recall >= recall and len(report.wrong) <= wrong, \
        E.format_report(report, key[0], editors=key[1])


@pytest.mark.parametrize("editors", [False, True], ids=["alone", "editors"])
def test_the_held_out_test_set_is_scored_and_printed(editors, capsys):
    """The statements test set (held out): figures printed, pairs not listed, no floor (the lead's rule:
    a held-out part reports, it does not decide)."""
    records, reports = _run(HELD_OUT, editors)
    report = E.score(reports, records)
    text = E.format_report(report, HELD_OUT, editors=editors)
    assert "(held-out gold: pairs not listed)" in text or not (report.missed or report.wrong)
    assert report.statements == 7 and report.reports == 43
    with capsys.disabled():
        print("\n" + text, end="")


def _regrouped(records, how):
    """The records with every speaker's reports put into one statement (``lump``) or none (``split``)."""
    from annals.model import Statement

    out = []
    if how == "split":
        return [dataclasses.replace(r, statements=()) for r in records]
    by_speaker: dict[str, list] = {}
    for r in records:
        for q in r.quotes:
            if q.speaker_id and q.kind != "scare":
                by_speaker.setdefault(q.speaker_id, []).append(q)
    lumps = {k: Statement(key=min(q.id for q in qs), id=None, speaker_id=k, speaker=None,
                          reports=tuple(q.id for q in qs), articles=tuple(q.article_id for q in qs), edges=())
             for k, qs in by_speaker.items() if len(qs) > 1}
    for r in records:
        mine = tuple(s for s in lumps.values() if r.article.id in s.articles)
        out.append(dataclasses.replace(r, statements=mine))
    return out


def test_the_gate_catches_a_grouping_that_lumps_or_splits(runs):
    """The floors are not vacuous: grouping every report of a speaker together, or nothing, fails them."""
    for key in (("tests/gold/statements.yml", False), ("tests/statements/dev/statements.yml", False)):
        records, reports = runs[key]
        gold = key[0]
        precision, recall, wrong = GOLDS[key]
        lumped = E.score(reports, _regrouped(records, "lump"))
        split = E.score(reports, _regrouped(records, "split"))
        assert lumped.precision < precision or len(lumped.wrong) > wrong, gold
        assert split.recall < recall, gold


def test_evaluate_prints_the_figures(tmp_path):
    from conftest import run_annals

    result = run_annals("evaluate", "--gold", str(ROOT / "tests/gold/statements.yml"), "--archive", str(ARCHIVE),
                        cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Statement grouping against ") and "2 statements, 8 reports" in lines[0]
    assert lines[1] == "  pairwise: precision 1.000 (16/16), recall 1.000 (16/16), F1 1.000"
