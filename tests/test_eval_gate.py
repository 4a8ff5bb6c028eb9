"""The evaluation gate (after trafilatura's tests/eval_gate.py): the quotation finder on the five seeds,
scored against the hand-made gold standard tests/gold/quotes.yml, may not fall below these floors.

The floors are the figures measured when they were set, rounded down a little; raise them when the
finder improves, never lower them to let a change through.  Issue 3 asks for at least 0.97 for
precision and recall of `full` and `partial` quotations and for speaker accuracy.
"""

from __future__ import annotations

import dataclasses
import functools

import pytest

from annals_dev.evaluate import Found, evaluate, score
from annals.ingest.sources import load_archive
from conftest import ARCHIVE, ROOT

GOLD = ROOT / "tests" / "gold" / "quotes.yml"

FLOORS = {  # measured 2026-12-03: every figure 1.000 except exact words 0.947 and mentions 0.989
    "full.precision": 0.97, "full.recall": 0.97,
    "partial.precision": 0.97, "partial.recall": 0.97,
    "scare.precision": 0.95, "scare.recall": 0.95,
    "reported.precision": 0.95, "reported.recall": 0.95,
    "all.precision": 0.97, "all.recall": 0.97, "all.f1": 0.97,
    "speaker": 0.97,
    "kind": 0.97,
    "via": 0.95,
    "exact": 0.90,
    "mentions": 0.97,
}
CEILINGS = {"scare_attributed": 0.0}  # a scare quote is never attributed


@pytest.fixture(scope="module")
def report():
    rep, problems = evaluate(ARCHIVE, GOLD)
    assert problems == []
    return rep


@pytest.fixture(scope="module")
def found():
    """The finder's quotations on the seeds, rebuilt for the breakage tests."""
    from annals.pipeline import build_date
    from annals_dev.evaluate import found_quotes, read_gold, run_rules
    from annals.ingest.parse import parse_article

    archive, _ = load_archive(ARCHIVE)
    pairs = {s.name: (s, sc) for s, sc in archive.sources}
    gold, gold_mentions, articles, problems = read_gold(
        GOLD, lambda name: parse_article(*pairs[name], archive.publishers, today=build_date())[0])
    assert problems == []
    out: list[Found] = []
    for article in articles:
        out += found_quotes(article, run_rules(article, archive)[1])
    return archive, gold, tuple(out)


def failing(rep) -> set[str]:
    figures = rep.figures()
    return ({k for k, floor in FLOORS.items() if figures[k] < floor}
            | {k for k, ceiling in CEILINGS.items() if figures[k] > ceiling})


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_figure_holds_its_floor(report, figure):
    assert report.figures()[figure] >= FLOORS[figure], report.figures()


@pytest.mark.parametrize("figure", sorted(CEILINGS))
def test_figure_stays_under_its_ceiling(report, figure):
    assert report.figures()[figure] <= CEILINGS[figure]


def _drop_every_other(found):
    return found[::2]


def _rotate_speakers(found):
    speakers = [(f.speaker_id, f.speaker) for f in found if f.kind != "scare"]
    speakers = speakers[1:] + speakers[:1]
    it = iter(speakers)
    return tuple(f if f.kind == "scare" else dataclasses.replace(f, speaker_id=(s := next(it))[0], speaker=s[1])
                 for f in found)


def _partial_as_full(found):
    return tuple(dataclasses.replace(f, kind="full") if f.kind == "partial" else f for f in found)


def _junk_hits(found):
    """A three-character false hit just after each found quotation."""
    extra = [dataclasses.replace(f, quote_id=f"junk-{i}", kind="full", spans=((f.spans[-1][1] + 2, f.spans[-1][1] + 5),))
             for i, f in enumerate(found)]
    return found + tuple(extra)


def _attribute_scare(found):
    return tuple(dataclasses.replace(f, speaker_id="vladimir-putin", speaker="Vladimir Putin") if f.kind == "scare" else f
                 for f in found)


BREAKAGES = {  # a deliberately broken prediction set, and a figure it must push past its limit
    "half the quotations dropped": (_drop_every_other, "full.recall"),
    "speakers rotated": (_rotate_speakers, "speaker"),
    "partial quotations called full": (_partial_as_full, "partial.recall"),
    "a false hit after each quotation": (_junk_hits, "all.precision"),
    "scare quotes attributed": (_attribute_scare, "scare_attributed"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_the_gate_fails_a_broken_prediction_set(found, name):
    archive, gold, predictions = found
    breakage, figure = BREAKAGES[name]
    gazetteer = frozenset(o.id for o in archive.officials)
    assert figure not in failing(score(gold, predictions, gazetteer=gazetteer))  # the real set passes it
    assert figure in failing(score(gold, breakage(predictions), gazetteer=gazetteer))


# ---- the attribution corpus (issue 17): parts written for testing, scored with the same rules ----------
# Floors a change may not lower on the development part (measured when set, rounded down a little; raise them
# as the finder improves).  The held-out parts (test, ru-test) are scored and printed (figures only, no item),
# but hold no floor or ceiling here: a threshold on them would accept or reject changes by the held-out
# figures, which is tuning on them through their aggregates (COORDINATION.md, the lead's notes).  Their
# figures are recorded at milestones in doc/attribution.md; the bar is judged there.
CORPUS = ROOT / "tests" / "attribution"
PART_FLOORS = {
    # measured 2026-12-08 on dev (44 articles, 691 gold items: the 28 written for development and the 16 of the
    # old validation part, promoted into dev at that date so that their failures can be read): recall 0.977,
    # precision 0.993, speaker 0.918, high right 286/287, 3 listed officials named wrongly (all from the promoted
    # articles: the 28 first ones have none).  The fresh held-out part for generalisation is validation2.
    # Raised at milestone 5 (2026-12-08): recall 0.981, precision 0.993, speaker 0.964, high right 294/294, none named
    # wrongly.
    "dev": {"all.recall": 0.975, "all.precision": 0.98, "speaker": 0.95, "high.right": 0.98},
}
PART_CEILINGS = {"dev": 0}  # a listed official named where the text names someone else
HELD_OUT_PARTS = ("test", "ru-test", "validation2", "ru-validation")


@functools.lru_cache(maxsize=None)
def _evaluated(part: str):
    return evaluate(ARCHIVE, CORPUS / part)


def _part_report(part: str):
    if not (CORPUS / part / "gold").is_dir():
        pytest.skip(f"no corpus part {part} yet")
    rep, problems = _evaluated(part)
    assert problems == [], [str(p) for p in problems][:5]
    return rep


@pytest.mark.parametrize("part, figure", [(p, f) for p, floors in PART_FLOORS.items() for f in sorted(floors)])
def test_corpus_part_holds_its_floor(part, figure):
    figures = _part_report(part).figures()
    assert figures.get(figure, 1.0) >= PART_FLOORS[part][figure]  # the value only, never the items


@pytest.mark.parametrize("part", sorted(PART_CEILINGS))
def test_no_listed_official_is_named_where_the_text_names_someone_else(part):
    rep = _part_report(part)
    assert len(rep.worst) <= PART_CEILINGS[part], len(rep.worst)


@pytest.mark.parametrize("part", HELD_OUT_PARTS)
def test_a_held_out_part_is_scored_without_problems(part):
    """The held-out parts load and score (their gold locates in their texts); their figures are not gated."""
    rep = _part_report(part)
    assert rep.overall.gold > 0


def test_a_held_out_part_prints_figures_only(tmp_path):
    """The report of a held-out part (test, ru-test, validation2) lists no quotation, speaker or article, unless asked."""
    from annals_dev.evaluate import format_report

    rep = _part_report("dev")
    held_out = format_report(rep, tmp_path / "test")
    assert "“" not in format_report(rep, tmp_path / "validation2")
    shown = format_report(rep, tmp_path / "dev")
    assert "Wrong speaker" not in held_out and "Misses" not in held_out and "“" not in held_out
    assert "Wrong speaker" in shown
    assert "Wrong speaker" in format_report(rep, tmp_path / "test", items=True)


def test_a_corpus_folder_outside_the_tests_prints_figures_only(tmp_path):
    """A private probe (a corpus folder outside the repository's tests) is held out whatever its name: its
    items are not printed by accident; a part under tests/ that is not held out still lists them."""
    from annals_dev.evaluate import format_report

    rep = _part_report("dev")
    probe = tmp_path / "probe"
    probe.mkdir()
    outside = format_report(rep, probe)
    assert "Wrong speaker" not in outside and "“" not in outside
    assert "Wrong speaker" in format_report(rep, CORPUS / "dev")
    assert "Wrong speaker" in format_report(rep, probe, items=True)
