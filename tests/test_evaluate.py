"""`annals evaluate`: the matching rule and the figures on small hand-made cases, then the command."""

from __future__ import annotations

import shutil

import pytest

from annals_dev.evaluate import Found, FoundMention, GoldMention, GoldQuote, score
from conftest import ROOT, make_project, run_annals

GAZ = frozenset({"dmitry-peskov", "sergey-lavrov"})


def gold(start, end, kind="full", speaker="dmitry-peskov", via=None, optional=False, caption=False, article="a1"):
    return GoldQuote(article, "x" * (end - start), ((start, end),), kind, speaker, via, optional, caption, 1)


def found(start, end, kind="full", speaker_id="dmitry-peskov", speaker=None, via=None, article="a1"):
    return Found(article, f"q-{start}", "x" * (end - start), ((start, end),), kind, speaker_id, speaker, via, "high")


def test_one_shared_character_is_a_match():
    rep = score((gold(10, 20),), (found(19, 40),), gazetteer=GAZ)
    assert (rep.overall.matched, rep.misses, rep.false_hits) == (1, (), ())


def test_touching_spans_do_not_match():
    rep = score((gold(10, 20),), (found(20, 40),), gazetteer=GAZ)
    assert (rep.overall.matched, len(rep.misses), len(rep.false_hits)) == (0, 1, 1)


def test_quotations_in_different_articles_never_match():
    rep = score((gold(10, 20),), (found(10, 20, article="a2"),), gazetteer=GAZ)
    assert rep.overall.matched == 0


def test_matching_is_one_to_one():
    rep = score((gold(10, 20),), (found(10, 20), found(12, 18)), gazetteer=GAZ)
    assert (rep.overall.matched, rep.overall.found, rep.overall.precision) == (1, 2, 0.5)


def test_same_kind_is_matched_first():
    # a reported clause wrapping a partial quotation: each found one goes to the gold one of its kind
    rep = score((gold(0, 100, "reported"), gold(40, 60, "partial")),
                (found(40, 60, "partial"), found(0, 100, "reported")), gazetteer=GAZ)
    assert rep.wrong_kinds == () and rep.kind.value == 1.0


def test_a_kind_error_counts_against_both_kinds_but_not_overall():
    rep = score((gold(0, 10, "partial"),), (found(0, 10, "full"),), gazetteer=GAZ)
    by_kind = dict(rep.by_kind)
    assert (by_kind["partial"].recall, by_kind["full"].precision, rep.overall.f1) == (0.0, 0.0, 1.0)


def test_optional_gold_is_neither_miss_nor_false_hit():
    rep = score((gold(0, 10, optional=True), gold(50, 60, optional=True)), (found(0, 10),), gazetteer=GAZ)
    assert (rep.overall.gold, rep.overall.found, rep.misses, rep.false_hits) == (0, 0, (), ())


def test_caption_gold_is_listed_not_scored():
    rep = score((gold(0, 0, caption=True),), (), gazetteer=GAZ)
    assert (rep.overall.gold, len(rep.not_scored)) == (0, 1)


@pytest.mark.parametrize("gold_speaker, speaker_id, speaker, right", [
    ("dmitry-peskov", "dmitry-peskov", "Dmitry Peskov", True),
    ("dmitry-peskov", "sergey-lavrov", "Sergey Lavrov", False),
    ("dmitry-peskov", None, "Dmitry Peskov", False),        # a gazetteer person must be found by ID
    ("Kremlin", None, "the Kremlin", True),                  # a name: case and a leading "the" ignored
    ("Kremlin", None, "Foreign Ministry", False),
    ("Kremlin", None, None, False),
])
def test_speaker_accuracy(gold_speaker, speaker_id, speaker, right):
    rep = score((gold(0, 10, "reported", gold_speaker),), (found(0, 10, "reported", speaker_id, speaker),), gazetteer=GAZ)
    assert rep.speaker.value == (1.0 if right else 0.0)


@pytest.mark.parametrize("gold_speaker, speaker_id, right", [
    ("Dmitrii Peskov", "dmitry-peskov", True),   # a name the gold wrote when the gazetteer lacked the person,
    ("Dmitry Peskov", "dmitry-peskov", True),    # found as the gazetteer person of that name, in any spelling
    ("Dmitry Peskov", "sergey-lavrov", False),   # another gazetteer person is wrong (and the worst error)
    ("Peskov", "dmitry-peskov", False),          # a surname alone is no full name
    ("Kremlin", "dmitry-peskov", False),
])
def test_a_gold_name_is_found_as_the_gazetteer_person_of_that_name(gold_speaker, speaker_id, right):
    from annals.ingest.sources import load_archive
    from annals_dev.evaluate import person_matcher
    from conftest import ARCHIVE

    archive, _ = load_archive(ARCHIVE)
    rep = score((gold(0, 10, "reported", gold_speaker),), (found(0, 10, "reported", speaker_id, "someone"),),
                gazetteer=frozenset({"sergey-lavrov"}), same_person=person_matcher(archive.officials, archive.lexicon))
    assert (rep.speaker.value, len(rep.worst)) == ((1.0, 0) if right else (0.0, 0 if speaker_id == "dmitry-peskov" else 1))


def test_scare_quotes_are_not_in_speaker_accuracy_but_counted_when_attributed():
    rep = score((gold(0, 10, "scare", None),), (found(0, 10, "scare", "dmitry-peskov"),), gazetteer=GAZ)
    assert (rep.speaker.total, rep.scare_attributed) == (0, 1)


def test_via_compares_outlets():
    rep = score((gold(0, 10, via="Interfax"), gold(20, 30), gold(40, 50)),
                (found(0, 10, via="Interfax"), found(20, 30, via="CNN"), found(40, 50)), gazetteer=GAZ)
    assert (rep.via.right, rep.via.total) == (1, 2)


def test_precision_recall_f1():
    rep = score(tuple(gold(i * 10, i * 10 + 5) for i in range(4)), (found(0, 5), found(10, 15), found(100, 105)),
                gazetteer=GAZ)
    c = rep.overall
    assert (c.precision, c.recall, round(c.f1, 4)) == (2 / 3, 0.5, round(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), 4))


def test_mentions_must_resolve_to_the_gold_person():
    golds = (GoldMention("a1", "Peskov", (0, 6), "dmitry-peskov", 1), GoldMention("a1", "he", (10, 12), "sergey-lavrov", 2),
             GoldMention("a1", "X", (20, 21), "sergey-lavrov", 3))
    rep = score((), (), golds, (FoundMention("a1", (0, 6), "dmitry-peskov"), FoundMention("a1", (10, 12), "dmitry-peskov")),
                gazetteer=GAZ)
    assert (rep.mentions.right, [(m.line, who) for m, who in rep.mention_errors]) == (1, [(2, ("dmitry-peskov",)), (3, ())])


# ---- the command --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = make_project(tmp_path_factory.mktemp("eval"))
    (p / "tests" / "gold").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "gold" / "quotes.yml", p / "tests" / "gold" / "quotes.yml")
    return p


def test_evaluate_prints_the_table_and_exits_0(project):
    result = run_annals("evaluate", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3].split() == ["kind", "gold", "found", "matched", "precision", "recall", "F1"]
    assert [ln.split()[0] for ln in lines[4:9]] == ["full", "partial", "scare", "reported", "all"]
    assert any(ln.startswith("speaker accuracy (matched quotations with a speaker): ") for ln in lines)
    assert "Misses (" in result.stdout and "False hits (" in result.stdout


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.replace("text: in the near future.", "text: in the far future."),
     "quotes.yml:{line}: the words 'in the far future.' are not in the article's body; copy them exactly"),
    (lambda s: s.replace("        at: 'promising a \"[reset]\" in'\n", ""),
     "quotes.yml:{line}: the words 'reset' occur 2 times in the article; give `at:` with a unique snippet and the words in [brackets]"),
    (lambda s: s.replace("kind: scare", "kind: scared", 1),
     "quotes.yml:{line}: articles/0/quotes/{n}/kind: "),
])
def test_evaluate_names_the_gold_line_of_a_bad_item_and_exits_1(tmp_path, edit, message):
    project = make_project(tmp_path / "p")
    text = edit((ROOT / "tests" / "gold" / "quotes.yml").read_text(encoding="utf-8"))
    bad = tmp_path / "quotes.yml"
    bad.write_text(text, encoding="utf-8")
    result = run_annals("evaluate", "--gold", str(bad), cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    first = result.stderr.splitlines()[0]
    prefix = message.split("{line}")[0]
    assert first.startswith(prefix), result.stderr
    line = int(first[len(prefix):].split(":")[0])
    assert text.splitlines()[line - 1].strip().startswith(("- text:", "kind:")), (line, text.splitlines()[line - 1])
    assert message.split("{line}: ")[1].split("{n}")[0] in first
