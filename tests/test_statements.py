"""Statements (issue 22): reports of one utterance grouped across articles, editors' decisions, translation
ties, permanent IDs, the ledger, the statement pages and data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import lxml.html
import pytest

from annals.ingest.ledger import format_ledger, parse_ledger
from annals.ingest.sources import load_archive
from annals.link import statements as S
from annals.model import AnnotatedArticle, Article, LedgerEntry, Paragraph, Quote, TextSpan
from annals.pipeline import check
from conftest import ARCHIVE, make_project, run_annals

D = dt.date
ARCH, _ = load_archive(ARCHIVE)
SETTINGS = S.Settings.of(ARCH)


def article(aid: str, date: dt.date | None, paragraphs: list[str], sidecar: dict | None = None,
            lines: dict | None = None) -> Article:
    return Article(id=aid, source_file=f"{aid}.txt", sha256="0" * 64, title=f"Title {aid}", title_basis="source",
                   date=date, date_basis="source" if date else "missing", date_text=None, publisher=f"Outlet {aid}",
                   publisher_basis="url", original_url=None, url_repair=None, byline=None, caption=None, credit=None,
                   related=(), closing=(), paragraphs=tuple(Paragraph(i + 1, t, (i + 1,)) for i, t in enumerate(paragraphs)),
                   joins=(), sidecar=sidecar or {}, sidecar_lines=lines or {}, sidecar_name=f"{aid}.yml")


def quote(a: Article, words: str, speaker_id: str | None = None, speaker: str | None = None, kind: str = "full",
          n: int = 0, speaker_kind: str = "person") -> Quote:
    """The quotation of ``words`` in ``a`` (its ``n``-th occurrence's paragraph)."""
    hits = [(p.n, p.text.find(words)) for p in a.paragraphs if words in p.text]
    para, start = hits[n]
    qid = "q-" + format(abs(hash((a.id, words, n))) % 16 ** 10, "010x")
    return Quote(qid, a.id, words, kind, (TextSpan(para, start, start + len(words)),), speaker_id,
                 speaker if speaker is not None else (speaker_id.replace("-", " ").title() if speaker_id else None),
                 speaker_kind="none" if speaker is None and speaker_id is None else speaker_kind)


def grouped(records, archive=ARCH):
    out, problems = S.group(records, archive)
    seen = {}
    for r in out:
        for s in r.statements:
            seen.setdefault(s.key, s)
    return list(seen.values()), problems, out


def group_of(statements, qid):
    return next((s for s in statements if qid in s.reports), None)


# ---- the seeds -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds():
    return check(ARCHIVE)


def test_the_seeds_telegram_is_one_statement_reported_by_002_and_004(seeds):
    """Issue 22, worked example: Putin's telegram to Biden (15 December 2020), three passages quoted by 004
    (a000005) and given in reported speech by 002 (a000003), is one statement with both wordings."""
    quotes = {q.id: q for r in seeds.records for q in r.quotes}
    statements = {s.key: s for r in seeds.records for s in r.statements}.values()
    telegram = next(s for s in statements if any(quotes[q].text.startswith("For my part, I am ready") for q in s.reports))
    assert telegram.id is not None and telegram.speaker_id == "vladimir-putin"
    assert sorted(set(telegram.articles)) == ["a000003", "a000005"]
    assert len(telegram.reports) == 6
    assert {quotes[q].kind for q in telegram.reports if quotes[q].article_id == "a000003"} == {"reported"}
    assert {e.basis for e in telegram.edges} == {"similar", "passage"}
    assert all(e.score >= SETTINGS.similarity for e in telegram.edges if e.basis == "similar")
    # the Kremlin's reason for waiting, reported by both: a statement of its own
    kremlin = [s for s in statements if s.speaker == "Kremlin" and s.id]
    assert len(kremlin) == 1 and sorted(set(kremlin[0].articles)) == ["a000003", "a000005"]
    # nothing else in the seeds is reported by two articles
    assert sum(1 for s in statements if len(set(s.articles)) > 1) == 2


# ---- the measures --------------------------------------------------------------------------------

def test_a_partial_quotation_is_found_in_the_full_one_and_spellings_match():
    full = S.content_words("We are ready to work with any American president, I hope.", SETTINGS)
    part = S.content_words("ready to work with any American president", SETTINGS)
    assert S.similarity(part, full, SETTINGS.word_match) == (100.0, 4)
    # first person put in the third; a plural matches its singular (RapidFuzz ratio of the words)
    a = S.content_words("For my part, I am ready for contacts with the hostages", SETTINGS)
    b = S.content_words("for his part, he is ready for contacts with the hostage", SETTINGS)
    assert S.similarity(a, b, SETTINGS.word_match)[0] == 100.0
    unrelated = S.content_words("The sanctions have not achieved their goal", SETTINGS)
    assert S.similarity(part, unrelated, SETTINGS.word_match)[1] == 0


def _two(speaker_b="vladimir-putin", date_b=D(2020, 12, 16), kind_b="full", words_b=None, said_b="he said"):
    words = "We are ready to work with any American president and to solve the accumulated problems"
    a = article("a900001", D(2020, 12, 15), [f'"{words}," Putin said.'])
    b = article("a900002", date_b, [f'"{words_b or words}," {said_b}.'])
    qa = quote(a, words, "vladimir-putin")
    qb = quote(b, words_b or words, speaker_b, kind=kind_b,
               speaker_kind="none" if speaker_b is None else "person") if speaker_b != "unlisted" else \
        quote(b, words_b or words, None, "Ivan Petrov")
    return [AnnotatedArticle(a, quotes=(qa,)), AnnotatedArticle(b, quotes=(qb,))], qa, qb


def test_the_same_words_of_one_speaker_in_two_articles_are_one_statement():
    records, qa, qb = _two()
    statements, problems, _ = grouped(records)
    s = group_of(statements, qa.id)
    assert problems == [] and s is not None and qb.id in s.reports and s.id is not None
    assert [(e.basis, e.score) for e in s.edges] == [("similar", 100.0)]


def test_the_same_words_of_two_speakers_are_two_statements():
    records, qa, qb = _two(speaker_b="dmitry-peskov")
    statements, _, _ = grouped(records)
    assert group_of(statements, qa.id) is None and group_of(statements, qb.id) is None


def test_no_speaker_no_statement_unless_an_editor_links_it():
    records, qa, qb = _two(speaker_b=None)
    assert qb.speaker_kind == "none"
    statements, _, _ = grouped(records)
    assert group_of(statements, qb.id) is None
    a, b = records
    linked = [a, dataclasses.replace(b, article=dataclasses.replace(
        b.article, sidecar={"statements": [{"quote": qb.id, "same_as": qa.id, "note": "the same telegram"}]}))]
    statements, problems, _ = grouped(linked)
    s = group_of(statements, qb.id)
    assert problems == [] and qa.id in s.reports
    assert [(e.basis, e.note) for e in s.edges] == [("editor", "the same telegram")]


def test_reports_further_apart_than_the_window_are_grouped_only_as_a_recall():
    """Beyond ``window_days`` a later report joins only when every word of it is in the earlier one (a
    statement recalled weeks later), and never beyond ``recall_days``."""
    assert SETTINGS.window_days < SETTINGS.recall_days
    late = D(2020, 12, 15) + dt.timedelta(days=SETTINGS.window_days + 1)
    near, qa, qb = _two(date_b=D(2020, 12, 15) + dt.timedelta(days=SETTINGS.window_days))
    assert group_of(grouped(near)[0], qa.id) is not None
    # most words alike, but the later report says more: not a recall
    more, qc, _ = _two(date_b=late, words_b="We are ready to work with any American president and to solve "
                                            "the accumulated problems of trade")
    assert group_of(grouped(more)[0], qc.id) is None
    # a fragment of the words, recalled weeks later ("had said earlier"): a recall
    fragment = "ready to work with any American president"
    recalled, qe, qf = _two(date_b=late, kind_b="partial", words_b=fragment, said_b="he had said earlier")
    s = group_of(grouped(recalled)[0], qe.id)
    assert s is not None and qf.id in s.reports and [e.basis for e in s.edges] == ["recall"]
    # the same stock words weeks later, not said to be older: said again, another statement
    again, qi, _ = _two(date_b=late, kind_b="partial", words_b=fragment)
    assert group_of(grouped(again)[0], qi.id) is None
    # the day it names is before the window: a recall too
    named, qj, _ = _two(date_b=late, kind_b="partial", words_b=fragment, said_b="he said on 15 December")
    assert group_of(grouped(named)[0], qj.id) is not None
    too_late, qg, _ = _two(date_b=D(2020, 12, 15) + dt.timedelta(days=SETTINGS.recall_days + 1), kind_b="partial",
                           words_b=fragment, said_b="he had said earlier")
    assert group_of(grouped(too_late)[0], qg.id) is None
    # too few words to recall a statement by
    short, qh, _ = _two(date_b=late, kind_b="partial", words_b="any American president", said_b="he had said earlier")
    assert len(S.content_words("any American president", SETTINGS)) < SETTINGS.recall_min_words
    assert group_of(grouped(short)[0], qh.id) is None


def test_the_window_runs_from_a_statements_first_report():
    """Three reports five days apart, each like the next: the third (which says more, so it is no recall)
    is too far from the first to join, though near the second."""
    words = "We are ready to work with any American president and to solve the accumulated problems"
    said = [words, words, words + " of trade"]
    step = SETTINGS.window_days // 2 + 1
    arts = [article(f"a90000{i}", D(2020, 12, 1) + dt.timedelta(days=i * step), [f'"{w}," Putin said.'])
            for i, w in enumerate(said)]
    qs = [quote(a, w, "vladimir-putin") for a, w in zip(arts, said)]
    statements, _, _ = grouped([AnnotatedArticle(a, quotes=(q,)) for a, q in zip(arts, qs)])
    first = group_of(statements, qs[0].id)
    assert qs[1].id in first.reports and qs[2].id not in first.reports


def test_a_one_word_partial_quotation_joins_when_its_word_is_rare():
    """"hostage" inside "relations have become hostages of ...": one word, but one few reports use; a
    stock word ("ready") quoted alone joins nothing."""
    a = article("a900001", D(2020, 12, 17), ['Putin said relations had become a "hostage" of politics.',
                                             '"We are ready," he said.', '"We are ready to talk," he said.',
                                             '"We are ready to wait," he said.'])
    b = article("a900002", D(2020, 12, 17), ['Putin said relations have become hostages of the struggle in the '
                                             'United States, and that Russia was ready for anything.'])
    part = quote(a, "hostage", "vladimir-putin", kind="partial")
    others = [quote(a, w, "vladimir-putin") for w in ("We are ready", "We are ready to talk", "We are ready to wait")]
    clause = quote(b, "relations have become hostages of the struggle in the United States, and that Russia was "
                      "ready for anything", "vladimir-putin", kind="reported")
    records = [AnnotatedArticle(a, quotes=(part, *others)), AnnotatedArticle(b, quotes=(clause,))]
    weights = S.rarity([S.content_words(q.text, SETTINGS) for q in (part, *others, clause)])
    assert weights[S.stem("hostage")] >= SETTINGS.fragment_weight > weights[S.stem("ready")]
    statements, _, _ = grouped(records)
    s = group_of(statements, part.id)
    assert s is not None and clause.id in s.reports
    assert group_of(statements, others[0].id) is None


def test_without_grouping_settings_only_editors_group():
    records, qa, _ = _two()
    assert group_of(grouped(records, dataclasses.replace(ARCH, grouping={}))[0], qa.id) is None


def test_a_clause_wrapping_quotations_of_two_answers_joins_one_statement_not_both():
    """A reported clause around two partial quotations (a blog's summary of two answers) must not bridge
    the statements each partial belongs to."""
    one = "ready to work with any American president"
    two = "have not achieved their goal and they will not achieve it"
    a = article("a900001", D(2020, 12, 17), [f'"We are {one}," Putin said.', f'"The sanctions {two}," he said.',
                                            "Putin also said the weather was cold in Moscow that day."])
    b = article("a900002", D(2020, 12, 18),
                [f'Putin said Russia was "{one}", and that the sanctions "{two}."', "Nothing else happened."])
    qa1, qa2 = quote(a, f"We are {one}", "vladimir-putin"), quote(a, f"The sanctions {two}", "vladimir-putin")
    qa3 = quote(a, "the weather was cold in Moscow that day", "vladimir-putin", kind="reported")
    clause = quote(b, f'Russia was "{one}", and that the sanctions "{two}."', "vladimir-putin", kind="reported")
    qb1, qb2 = quote(b, one, "vladimir-putin", kind="partial"), quote(b, two, "vladimir-putin", kind="partial")
    records = [AnnotatedArticle(a, quotes=(qa1, qa2, qa3)), AnnotatedArticle(b, quotes=(clause, qb1, qb2))]
    no_passages = dataclasses.replace(ARCH, grouping={**ARCH.grouping, "statements": {**ARCH.grouping["statements"],
                                                                                       "passages": False}})
    statements, _, _ = grouped(records, no_passages)
    first, second = group_of(statements, qa1.id), group_of(statements, qa2.id)
    assert qb1.id in first.reports and qb2.id in second.reports
    assert first is not second
    assert sum(clause.id in s.reports for s in statements) == 1


def test_passages_reported_side_by_side_by_two_articles_are_one_occasion():
    p1 = "relations must rest on equality and mutual respect between the two countries"
    p2 = "we are ready for contacts and interaction with the new administration"
    a = article("a900001", D(2020, 12, 15), [f'Putin said "{p1}."', f'He added: "{p2}."'])
    b = article("a900002", D(2020, 12, 15), [f'Putin wrote that {p1}.', f'He also wrote that {p2}.'])
    qs = [quote(a, p1, "vladimir-putin", "Vladimir Putin", "partial"), quote(a, p2, "vladimir-putin", "Vladimir Putin", "partial"),
          quote(b, p1, "vladimir-putin", "Vladimir Putin", "reported"), quote(b, p2, "vladimir-putin", "Vladimir Putin", "reported")]
    records = [AnnotatedArticle(a, quotes=tuple(qs[:2])), AnnotatedArticle(b, quotes=tuple(qs[2:]))]
    statements, _, _ = grouped(records)
    s = group_of(statements, qs[0].id)
    assert sorted(s.reports) == sorted(q.id for q in qs)
    assert [e.basis for e in s.edges].count("passage") == 1
    # another speaker between the two passages in one article: not side by side there, so two statements
    a2 = article("a900001", D(2020, 12, 15), [f'Putin said "{p1}."', 'Peskov said "no comment at all today".',
                                             f'Putin added: "{p2}."'])
    qs2 = [quote(a2, p1, "vladimir-putin", kind="partial"), quote(a2, "no comment at all today", "dmitry-peskov", kind="partial"),
           quote(a2, p2, "vladimir-putin", kind="partial")]
    records = [AnnotatedArticle(a2, quotes=tuple(qs2)), AnnotatedArticle(b, quotes=tuple(qs[2:]))]
    statements, _, _ = grouped(records)
    assert group_of(statements, qs2[0].id) is not group_of(statements, qs2[2].id)
    # an article that names an occasion of many answers (a news conference) is no evidence of passages
    # (the other article says "said", not "wrote": a written channel would keep them apart by itself)
    a3 = article("a900001", D(2020, 12, 15), [f'Putin told his annual news conference "{p1}."', f'He added: "{p2}."'])
    b3 = article("a900002", D(2020, 12, 15), [f'Putin said that {p1}.', f'He also said that {p2}.'])
    qs3 = [quote(a3, p1, "vladimir-putin", kind="partial"), quote(a3, p2, "vladimir-putin", kind="partial")]
    qb3 = [quote(b3, p1, "vladimir-putin", kind="reported"), quote(b3, p2, "vladimir-putin", kind="reported")]
    records = [AnnotatedArticle(a3, quotes=tuple(qs3)), AnnotatedArticle(b3, quotes=tuple(qb3))]
    statements, _, _ = grouped(records)
    first, second = group_of(statements, qs3[0].id), group_of(statements, qs3[1].id)
    assert first is not None and second is not None and first is not second


def test_passages_are_next_to_each_other():
    """Two passages with a third statement of the speaker between them in both articles are not joined
    (answers reported in the order given); the one beside each is."""
    p1 = "relations must rest on equality and mutual respect between the two countries"
    p2 = "the sanctions imposed on Russia have failed and will keep failing for years"
    p3 = "we are ready for contacts and interaction with the new administration"
    a = article("a900001", D(2020, 12, 15), [f'Putin said "{p1}."', f'He said "{p2}."', f'He added: "{p3}."'])
    b = article("a900002", D(2020, 12, 15), [f'Putin wrote that {p1}.', f'He said that {p2}.', f'He also wrote that {p3}.'])
    qa = [quote(a, p, "vladimir-putin", kind="partial") for p in (p1, p2, p3)]
    qb = [quote(b, p, "vladimir-putin", kind="reported") for p in (p1, p2, p3)]
    no_b_middle = [AnnotatedArticle(a, quotes=tuple(qa)), AnnotatedArticle(b, quotes=(qb[0], qb[1], qb[2]))]
    alone = dataclasses.replace(b, sidecar={"statements": [{"quote": qb[1].id, "alone": True}]})
    records = [no_b_middle[0], AnnotatedArticle(alone, quotes=(qb[0], qb[1], qb[2]))]
    statements, _, _ = grouped(records)
    first, third = group_of(statements, qa[0].id), group_of(statements, qa[2].id)
    assert first is not None and third is not None and first is not third


# ---- editors' decisions ---------------------------------------------------------------------------

def _with_sidecar(rec: AnnotatedArticle, entries: list, lines: dict | None = None) -> AnnotatedArticle:
    return dataclasses.replace(rec, article=dataclasses.replace(rec.article, sidecar={"statements": entries},
                                                                sidecar_lines=lines or {}))


def test_an_editor_splits_a_grouping_with_not_with_or_alone():
    records, qa, qb = _two()
    a, b = records
    for entry in ({"quote": qb.id, "not_with": qa.id}, {"quote": qb.id, "alone": True}):
        statements, problems, _ = grouped([a, _with_sidecar(b, [entry])])
        assert problems == [] and group_of(statements, qa.id) is None, entry


def test_editor_decisions_that_cannot_stand_are_errors_naming_the_sidecar_line():
    records, qa, qb = _two()
    a, b = records
    lines = {f"/statements/{i}": 10 + i for i in range(5)} | {"/statements/0/quote": 20, "/statements/2/same_as": 22}
    entries = [{"quote": "q-0000000000", "same_as": qa.id},  # not a quotation of this article
               {"quote": qb.id, "same_as": qa.id, "not_with": qa.id},  # two decisions
               {"quote": qb.id, "same_as": "q-1111111111"},  # no such quotation anywhere
               {"quote": qb.id, "same_as": qb.id},  # itself
               {"no_translation_in": "a999999"}]  # no such article
    _, problems, _ = grouped([a, _with_sidecar(b, entries, lines)])
    got = [(p.path, p.line, p.message) for p in problems]
    assert got[0] == ("articles/a900002.yml", 20, "statements: this article has no quotation q-0000000000; copy the "
                      "ID from the quotation's link on its page or from data/quotes.json")
    assert got[1][:2] == ("articles/a900002.yml", 11) and "one decision" in got[1][2] and "same_as, not_with" in got[1][2]
    assert got[2] == ("articles/a900002.yml", 22, "statements: same_as: no quotation q-1111111111 in the archive")
    assert got[3][1] == 13 and "names the quotation itself" in got[3][2]
    assert got[4][1] == 14 and "a999999" in got[4][2]
    assert all(p.severity == "error" for p in problems)


def test_saying_one_statement_and_not_one_is_a_contradiction():
    records, qa, qb = _two()
    a, b = records
    _, problems, _ = grouped([_with_sidecar(a, [{"quote": qa.id, "same_as": qb.id}], {"/statements/0/same_as": 5}),
                              _with_sidecar(b, [{"quote": qb.id, "not_with": qa.id}], {"/statements/0/not_with": 7})])
    assert [(p.path, p.line) for p in problems] == [("articles/a900002.yml", 7)]
    assert "articles/a900001.yml:5" in problems[0].message and "keep one decision" in problems[0].message


# ---- translations -------------------------------------------------------------------------------

RU = ("Путин заявил: «Мы готовы работать с любым американским президентом». "
      "Песков добавил, что дата разговора не определена.")


def _translation(tie: dict | None = None, ru_quote: bool = False):
    en = article("a900001", D(2020, 12, 17), ['"We are ready to work with any American president," Putin said.'])
    ru = article("a900002", D(2020, 12, 17), [RU])
    qen = quote(en, "We are ready to work with any American president", "vladimir-putin", "Vladimir Putin")
    qru = quote(ru, "Мы готовы работать с любым американским президентом", "vladimir-putin", "Путин")
    rec_en = AnnotatedArticle(en, quotes=(qen,), officials=("vladimir-putin",))
    if tie is not None:
        rec_en = _with_sidecar(rec_en, [{"quote": qen.id, "translates": tie, "note": "the Kremlin's Russian text"}],
                               {"/statements/0": 4, "/statements/0/translates/exact": 8, "/statements/0/translates/article": 7})
    rec_ru = AnnotatedArticle(ru, quotes=(qru,) if ru_quote else (), officials=("dmitry-peskov", "vladimir-putin"))
    return [rec_en, rec_ru], qen, qru


def test_a_translation_tied_to_russian_words_shows_them_as_its_original():
    records, qen, _ = _translation({"article": "a900002", "exact": "Мы готовы работать с любым американским президентом"})
    statements, problems, _ = grouped(records)
    assert [p for p in problems if p.severity == "error"] == []
    s = group_of(statements, qen.id)
    assert s.id is not None and s.reports == (qen.id,)  # a page: its original words are known
    (o,) = s.originals
    assert (o.article_id, o.paragraph, o.language, o.note) == ("a900002", 1, "ru", "the Kremlin's Russian text")
    assert RU[o.start:o.end] == o.text


def test_a_tie_to_words_that_are_not_there_names_the_line_and_the_closest_text():
    records, _, _ = _translation({"article": "a900002", "exact": "Мы готовы работать с каждым американским президентом"})
    _, problems, _ = grouped(records)
    (p,) = [p for p in problems if p.severity == "error"]
    assert (p.path, p.line) == ("articles/a900001.yml", 8)
    assert ("is not in the article's running text; closest text: '«Мы готовы работать с любым американским "
            "президентом».' in paragraph 1") in p.message
    records, _, _ = _translation({"article": "a000001", "exact": "x"})
    (p,) = [p for p in grouped(records)[1] if p.severity == "error"]
    assert p.line == 7 and "'a000001' is not another article of the archive" in p.message


def test_once_the_russian_quotation_is_found_the_tie_makes_one_statement_of_both():
    """Built for the Russian finder to come: when a quotation of the Russian article covers the tied words,
    the English report and the Russian one are one statement (basis: translation)."""
    records, qen, qru = _translation({"article": "a900002", "exact": "Мы готовы работать с любым американским президентом"},
                                     ru_quote=True)
    statements, _, _ = grouped(records)
    s = group_of(statements, qen.id)
    assert qru.id in s.reports and [e.basis for e in s.edges] == ["translation"]
    assert s.originals[0].text in RU


def test_the_build_suggests_a_russian_article_that_may_hold_the_original():
    records, qen, _ = _translation()
    _, problems, _ = grouped(records)
    (p,) = problems
    assert p.severity == "review" and p.path == "articles/a900001.yml"
    assert f"({qen.id}) may translate words of a900002, a Russian article of the same day that names the speaker" in p.message
    records[0] = _with_sidecar(records[0], [{"no_translation_in": "a900002"}])
    assert grouped(records)[1] == []


# ---- permanent IDs --------------------------------------------------------------------------------

def _ledger(*lines: str) -> tuple[LedgerEntry, ...]:
    entries, problems = parse_ledger("".join(f"{line}\n" for line in lines))
    assert problems == []
    return entries


def test_ids_survive_a_rebuild_and_new_groups_get_the_next_number():
    groups = {"k1": frozenset({"q-0000000001", "q-0000000002"}), "k2": frozenset({"q-0000000003", "q-0000000004"})}
    order = {"k1": (1,), "k2": (0,)}
    first = S.assign_ids(groups, order, {"k1", "k2"}, ())
    assert first.ids == {"k2": "s000001", "k1": "s000002"}  # oldest group first
    ledger = _ledger("s000001 q-0000000003 q-0000000004", "s000002 q-0000000001 q-0000000002", "s000003 > s000002")
    again = S.assign_ids(groups | {"k3": frozenset({"q-0000000005", "q-0000000006"})}, order | {"k3": (2,)}, {"k1", "k2", "k3"}, ledger)
    assert again.ids == {"k2": "s000001", "k1": "s000002", "k3": "s000004"}  # never reuses s000003


def test_a_merge_keeps_the_older_id_and_redirects_the_other():
    ledger = _ledger("s000001 q-0000000001 q-0000000002", "s000002 q-0000000003 q-0000000004", "s000003 > s000002")
    result = S.assign_ids({"k": frozenset({"q-0000000001", "q-0000000002", "q-0000000003", "q-0000000004"})}, {"k": (0,)}, {"k"}, ledger)
    assert result.ids == {"k": "s000001"}
    assert result.merged == {"s000002": "s000001", "s000003": "s000001"}  # a chain of merges ends at the survivor


def test_a_split_leaves_the_id_with_the_larger_part():
    ledger = _ledger("s000001 q-0000000001 q-0000000002 q-0000000003")
    result = S.assign_ids({"a": frozenset({"q-0000000001"}), "b": frozenset({"q-0000000002", "q-0000000003", "q-0000000009"})},
                          {"a": (0,), "b": (1,)}, {"b"}, ledger)
    assert result.ids == {"b": "s000001"} and result.merged == {}


def test_an_id_whose_reports_are_all_gone_keeps_its_line():
    ledger = _ledger("s000001 q-0000000001 q-0000000002", "s000002 q-0000000003 q-0000000004")
    result = S.assign_ids({"k": frozenset({"q-0000000008", "q-0000000009"})}, {"k": (0,)}, {"k"}, ledger)
    assert result.ids == {"k": "s000003"} and result.merged == {}
    now = dataclasses.replace(_statement("s000003"), reports=("q-0000000009", "q-0000000008"))
    assert format_ledger(S.updated_ledger(ledger, [now])).splitlines()[-3:] == [
        "s000001 q-0000000001 q-0000000002", "s000002 q-0000000003 q-0000000004", "s000003 q-0000000008 q-0000000009"]


def _statement(ident):
    from annals.model import Statement
    return Statement(key="q-0000000001", id=ident, speaker_id=None, speaker=None, reports=("q-0000000001",), articles=("a1",), edges=())


def test_the_ledger_round_trips_and_a_bad_line_names_its_number():
    text = format_ledger(_ledger("s000002 q-730e3a30e6 q-1d66716b90", "s000003 > s000002"))
    assert text.endswith("s000002 q-1d66716b90 q-730e3a30e6\ns000003 > s000002\n")
    assert parse_ledger(text)[1] == []
    _, problems = parse_ledger("# c\ns000001 q-1\nx1 q-1\ns000002 > s000002\ns000003 q-730e3a30e6\ns000003 q-730e3a30e6\n")
    assert [(p.path, p.line) for p in problems] == [("statements.txt", 2), ("statements.txt", 3), ("statements.txt", 4),
                                                    ("statements.txt", 6)]
    assert "'q-1' is not a quotation ID" in problems[0].message


def test_a_build_records_ids_once_and_a_merge_redirects_the_retired_page(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "archive" / "statements.txt").unlink()
    trial = run_annals("build", "--no-site", "--no-registry-update", cwd=project)
    assert trial.returncode == 0, trial.stderr
    assert not (project / "archive" / "statements.txt").exists()  # a trial build issues nothing
    first = run_annals("build", "--no-site", cwd=project)
    assert first.returncode == 0, first.stderr
    ledger = (project / "archive" / "statements.txt").read_text(encoding="utf-8")
    ids = re.findall(r"^(s\d{6}) ", ledger, re.M)
    assert len(ids) == 2 and "statement IDs recorded in archive/statements.txt" in first.stdout
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    assert (project / "archive" / "statements.txt").read_text(encoding="utf-8") == ledger  # stable
    # an editor says the two statements are one (wrongly, for the test): the older ID stays
    side = project / "archive" / "articles" / "004_06a7b271a246a29e.yml"
    quotes = json.loads((project / "docs" / "data" / "quotes.json").read_text(encoding="utf-8"))
    mine = next(q["id"] for q in quotes if q["article_id"] == "a000005" and q["statement_id"] == ids[0])
    other = next(q["id"] for q in quotes if q["statement_id"] == ids[1])
    side.write_text(side.read_text(encoding="utf-8") + f"statements:\n  - quote: {mine}\n    same_as: {other}\n",
                    encoding="utf-8")
    merged = run_annals("build", "--no-site", cwd=project)
    assert merged.returncode == 0, merged.stderr
    after = (project / "archive" / "statements.txt").read_text(encoding="utf-8")
    assert f"{ids[1]} > {ids[0]}\n" in after
    redirect = (project / "docs" / "statements" / ids[1] / "index.html").read_text(encoding="utf-8")
    assert f'url=../{ids[0]}/"' in redirect
    assert f"/statements/{ids[1]}/" in (project / "archive" / "published.txt").read_text(encoding="utf-8")


# ---- pages and data --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site / "site"


def _doc(site: Path, url: str):
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def test_the_seed_site_has_the_telegram_page_with_both_wordings_side_by_side(site):
    """Issue 22, 'Done when': the seed site has a statement page for Putin's December 2020 telegram listing
    both seed reports, passage by passage, the differences marked word by word."""
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    quotes = {q["id"]: q for q in json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))}
    telegram = next(r for r in rows if r["speaker_id"] == "vladimir-putin" and r["date"] == "2020-12-15")
    page = _doc(site, telegram["url"])
    assert page.cssselect("h1")[0].text_content() == "Statement by Vladimir Putin, 15 December 2020"
    passages = page.cssselect("section.annals-passage")
    assert len(passages) == 3
    for section in passages:
        reports = section.cssselect("li.annals-report")
        articles = sorted(a.get("href").split("/")[3] for r in reports for a in r.cssselect("figcaption a")[:1])
        assert articles == ["a000003", "a000005"]  # one wording from each article, side by side
        words = [r.cssselect("blockquote")[0].text_content() for r in reports]
        assert sorted(words) == sorted(quotes[r.get("id")[2:]]["text"] for r in reports)
    # 002's "for his part, he is ready for cooperation and contacts with the President-elect" beside 004's
    # "For my part, I am ready for interaction and contacts with you,": the differing words marked
    reported = page.get_element_by_id(f"r-{next(q for q in telegram['reports'] if quotes[q]['text'].startswith('for his part'))}")
    marked = [ins.text_content() for ins in reported.cssselect("ins.annals-diff")]
    # his/my, he is/I am, cooperation/interaction, the President-elect/you (the hyphen is punctuation)
    assert marked == ["his", "he is", "cooperation", "the President", "elect"]
    assert "underlined" in reported.text_content()
    kinds = sorted(r.cssselect("figcaption")[0].text_content().split(" — ")[0] for r in page.cssselect("li.annals-report"))
    assert kinds == ["direct quotation"] + ["partial quotation"] * 2 + ["reported speech"] * 3
    assert "6 reports in 2 articles by 2 outlets" in page.cssselect(".annals-counts")[0].text_content()


def test_each_quotation_of_a_statement_links_to_its_page_without_words_among_the_source(site):
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    for row in rows:
        for article in row["articles"]:
            page = _doc(site, f"articles/{article}/")
            for qid in (q for q in row["reports"] if page.get_element_by_id(q, None) is not None):
                assert page.get_element_by_id(qid).get("data-statement") == row["id"]
                about = page.get_element_by_id(f"{qid}-about")
                link = about.cssselect("a.annals-statement-link")[0]
                assert link.get("href") == f"../../statements/{row['id']}/"
                assert not about.xpath("ancestor::*[@data-pagefind-body]")  # below the text, not in it


def test_statements_are_listed_and_exported(site):
    rows = json.loads((site / "data" / "statements.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == sorted(re.findall(r"^(s\d{6}) ", (ARCHIVE / "statements.txt").read_text(
        encoding="utf-8"), re.M))
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    for r in rows:
        assert sorted(q["id"] for q in quotes if q["statement_id"] == r["id"]) == sorted(r["reports"])
        assert r["article_count"] == len(r["articles"]) >= 2
    listed = [a.get("href") for a in _doc(site, "statements/").cssselect("ul.annals-list > li > a")]
    assert sorted(listed) == sorted(r["url"].removeprefix("statements/") for r in rows)
    assert (site / "data" / "statements.csv").read_text(encoding="utf-8").startswith("id,url,speaker_id,")


def test_a_hostile_statement_page_shows_the_markup_as_text(hostile_site):
    """tests/hostile/statement-hostile: wordings, an editor's note, a translation tie's note and the original
    words full of markup are text on the statement page, never elements (the browser check is in
    test_hostile_browser.py)."""
    pages = sorted((hostile_site / "site" / "statements").glob("s*/index.html"))
    page = next(lxml.html.fromstring(p.read_bytes()) for p in pages
                if "Kremlin Statement Test" in p.read_text(encoding="utf-8"))
    body = page.cssselect("article.annals-statement")[0]
    assert body.cssselect("script, img, svg, iframe") == []
    assert not [a for el in body.iter() for a in el.attrib if a.startswith("on")]
    text = body.text_content()
    for payload in ("<script>window.HOSTILE='statement'</script>", "<img src=x onerror=window.HOSTILE='s2'>",
                    "<img src=x onerror=window.HOSTILE='same'> </li></ul><script>window.HOSTILE='note'</script>",
                    "\"><svg onload=window.HOSTILE='tie'>", "готов <script>window.HOSTILE='ru'</script> говорить со всеми"):
        assert payload in text, payload
    assert body.cssselect("blockquote[lang=ru]")  # the original beside the translation


def test_a_tied_translation_shows_beside_its_russian_original_on_the_statement_page(tmp_path):
    """Issue 22, item 3, in a test archive: seed 004's "For my part, I am ready for interaction and contacts
    with you" tied to the Russian words of a Kremlin-readout-style test text (tests/fixtures/statements-ru,
    invented, never in archive/).  The English finder already finds the Russian quotation (no speaker):
    the tie makes it a report of the telegram, and the page shows the original beside the translation."""
    project = make_project(tmp_path / "p")
    fixture = Path(__file__).parent / "fixtures" / "statements-ru"
    for name in ("kremlin-telegram-ru.txt", "kremlin-telegram-ru.yml"):
        (project / "archive" / "articles" / name).write_bytes((fixture / name).read_bytes())
    side = project / "archive" / "articles" / "004_06a7b271a246a29e.yml"
    side.write_text(side.read_text(encoding="utf-8") + (
        "statements:\n  - quote: q-e8d05d1417\n    translates:\n      article: a000099\n"
        "      exact: Со своей стороны готов к взаимодействию и контактам с Вами\n"
        "    note: The Russian text of the telegram (a test text).\n"), encoding="utf-8")
    result = run_annals("build", "--no-site", "--no-registry-update", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = json.loads((project / "docs" / "data" / "statements.json").read_text(encoding="utf-8"))
    telegram = next(r for r in rows if "q-e8d05d1417" in r["reports"])
    assert "a000099" in telegram["articles"]  # the Russian quotation joined it through the tie
    assert telegram["originals"] == [{"quote_id": "q-e8d05d1417", "language": "ru", "article_id": "a000099",
                                      "paragraph": 3, "text": "Со своей стороны готов к взаимодействию и контактам с Вами"}]
    page = lxml.html.fromstring((project / "docs" / telegram["url"] / "index.md").read_text(encoding="utf-8")
                                .split("<!-- annals:raw-html -->", 1)[1])
    pair = page.get_element_by_id("r-q-e8d05d1417").cssselect(".annals-parallel")[0]
    english, original = pair.cssselect("blockquote")
    assert english.text_content() == "For my part, I am ready for interaction and contacts with you,"
    assert original.get("lang") == "ru" and original.text_content() == "Со своей стороны готов к взаимодействию и контактам с Вами"
    assert "The Russian text of the telegram (a test text)." in pair.text_content()
    link = pair.cssselect(".annals-original figcaption a")[0].get("href")
    assert link == "../../articles/a000099/#p3"
    russian_report = next(li for li in page.cssselect("li.annals-report")
                          if li.cssselect("blockquote")[0].get("lang") == "ru")
    assert "translation" in page.cssselect("ul.annals-statement-basis")[0].text_content()
    assert russian_report.get("id") != "r-q-e8d05d1417"
