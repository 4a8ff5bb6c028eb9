"""The Russian quotation finder (issue 22, item 2): names in any case, roles by date, the grammar of
Russian reporting, and an evaluation gate on the Russian dev part.  Every text here is invented and
every expected value written by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from annals.annotate.attribution.languages import find_mentions, find_quotes
from annals.ingest.sources import load_archive
from annals_dev.evaluate import evaluate
from annals.model import Article, Paragraph
from conftest import ARCHIVE, ROOT

RU_DEV = ROOT / "tests" / "attribution" / "ru-dev"


@pytest.fixture(scope="module")
def archive():
    arch, problems = load_archive(ARCHIVE)
    assert not [p for p in problems if p.severity == "error"]
    return arch


def article(*paragraphs: str, date=dt.date(2020, 11, 9), language="ru") -> Article:
    return Article(id="a999990", source_file="x.txt", sha256="0", title="Заголовок", title_basis="source",
                   date=date, date_basis="source", date_text=None, publisher=None, publisher_basis="unknown",
                   original_url=None, url_repair=None, byline=None, caption=None, credit=None, related=(), closing=(),
                   paragraphs=tuple(Paragraph(i + 1, t, (i + 1,)) for i, t in enumerate(paragraphs)), joins=(),
                   language=language)


def quotes(archive, *paragraphs, **kw):
    found, problems = find_quotes(article(*paragraphs, **kw), (), archive)
    assert problems == []
    return [(q.kind, q.text, q.speaker_id or q.speaker) for q in found]


@pytest.mark.parametrize("form", ["Песков", "Пескова", "Пескову", "Песковым", "Пескове"])
def test_a_surname_in_any_case_is_the_gazetteer_person(archive, form):
    mentions, _ = find_mentions(article(f"Журналисты говорили о {form} весь день."), archive.officials, archive.lexicon)
    assert [(m.person_id, m.surface) for m in mentions] == [("dmitry-peskov", form)]


def test_case_forms_of_a_speaker_in_source_phrases(archive):
    assert quotes(archive, "По словам Пескова, решение пока не принято.",
                  "Как сообщил Лавров, «переговоры продолжатся».",
                  "По мнению Захаровой, Вашингтон ошибается.") == [
        ("reported", "решение пока не принято", "dmitry-peskov"),
        ("partial", "переговоры продолжатся", "sergey-lavrov"),
        ("reported", "Вашингтон ошибается", "maria-zakharova"),
    ]


def test_an_addressee_in_the_dative_is_not_the_speaker(archive):
    # "Лавров ответил Пескову": the nominative is the speaker, the dative the one spoken to
    assert quotes(archive, "«Мы это обсудим», — ответил Пескову Лавров.") == [("full", "Мы это обсудим", "sergey-lavrov")]


@pytest.mark.parametrize("year, holder", [(2000, "igor-ivanov"), (2010, "sergey-lavrov")])
def test_a_role_is_its_holder_on_the_articles_date(archive, year, holder):
    found = quotes(archive, "«Выборы — дело американцев», — подчеркнул глава МИД.", date=dt.date(year, 11, 8))
    assert found == [("full", "Выборы — дело американцев", holder)]


def test_a_role_nobody_listed_held_that_day_leaves_the_quotation_unattributed(archive):
    # the gazetteer lists an aide to the president (Ushakov) only from 2012
    found, _ = find_quotes(article("«Поздравление уже отправлено», — сообщил помощник президента.",
                                   date=dt.date(2004, 11, 3)), (), archive)
    [q] = found
    assert (q.speaker, q.speaker_kind) == (None, "none")
    assert "Aide to the President of Russia" in q.unattributed_reason


def test_an_unlisted_speaker_is_named_in_the_nominative_and_found_again_by_surname(archive):
    assert quotes(archive, "По словам политолога Ивана Петрова, пауза объяснима.",
                  "«Спешить некуда», — добавил Петров.") == [
        ("reported", "пауза объяснима", "Иван Петров"),
        ("full", "Спешить некуда", "Иван Петров"),
    ]


def test_dash_opened_direct_speech_and_a_pronoun(archive):
    assert quotes(archive, "— Мы готовы к диалогу, — заявила Мария Захарова.", "— Но не любой ценой, — добавила она.") == [
        ("full", "Мы готовы к диалогу", "maria-zakharova"),
        ("full", "Но не любой ценой", "maria-zakharova"),
    ]


def test_a_colon_and_nested_marks(archive):
    assert quotes(archive, "Володин был краток: «Формула „сначала слова, потом дела“ не работает».") == [
        ("full", "Формула „сначала слова, потом дела“ не работает", "vyacheslav-volodin")]


def test_an_unnamed_source_is_no_speaker_and_an_outlet_is_via(archive):
    found, _ = find_quotes(article("«Телеграмма ушла утром», — сообщил РИА Новости источник в Кремле."), (), archive)
    [q] = found
    assert (q.speaker, q.unattributed_reason, q.via) == (None, "an unnamed source", "РИА Новости")


def test_names_in_marks_and_scare_terms_are_no_ones_words(archive):
    found = quotes(archive, "Газета «Известия» писала о «перезагрузке», а Лавров назвал её «ошибкой».")
    assert found == [("scare", "перезагрузке", None), ("partial", "ошибкой", "sergey-lavrov")]


def test_reported_clause_after_and_before_the_verb(archive):
    assert quotes(archive, "Песков заявил, что Кремль не будет торопиться.",
                  "Россия готова к диалогу, сообщил в понедельник Дмитрий Песков.") == [
        ("reported", "Кремль не будет торопиться", "dmitry-peskov"),
        ("reported", "Россия готова к диалогу", "dmitry-peskov"),
    ]


def test_transcript_labels(archive):
    assert quotes(archive, "Вопрос: Что вы скажете?", "М.В.Захарова: Мы это не комментируем.") == [
        ("full", "Мы это не комментируем.", "maria-zakharova")]


def test_a_quotation_after_a_paragraph_ending_with_a_colon(archive):
    assert quotes(archive, "Вечером выступил Сергей Лавров. Он заявил:", "«Советов давать не будем».") == [
        ("full", "Советов давать не будем", "sergey-lavrov")]


def test_a_relative_clause_speaks_for_the_person_before_it_not_the_subject(archive):
    assert quotes(archive, "Рябков раскритиковал Захарову, которая заявила, что выборы прошли честно.") == [
        ("reported", "выборы прошли честно", "maria-zakharova")]


def test_an_anaphoric_noun_and_a_new_subject_for_a_pronoun(archive):
    assert quotes(archive, "«Мы ждём итогов», — сказала Мария Захарова.", "«Спешить не будем», — добавила дипломат.",
                  "С ней не согласился Вячеслав Володин.", "«Ждать нечего», — сказал он.") == [
        ("full", "Мы ждём итогов", "maria-zakharova"),
        ("full", "Спешить не будем", "maria-zakharova"),
        ("full", "Ждать нечего", "vyacheslav-volodin"),
    ]


def test_an_english_article_still_goes_to_the_english_finder(archive):
    english = article('"We are ready," Peskov said.', language="en")
    mentions, _ = find_mentions(english, archive.officials, archive.lexicon)
    found, _ = find_quotes(english, mentions, archive)
    assert [(q.text, q.speaker_id) for q in found] == [("We are ready,", "dmitry-peskov")]


def test_an_election_named_in_russian_in_any_case(archive):
    from annals.annotate.elections import elections_for

    text = "Итоги выборов президента США 2016 года до сих пор обсуждают в Москве."
    assert elections_for(article(text, date=dt.date(2018, 5, 1)), (), archive) == ("us-2016",)
    assert elections_for(article("Итоги выборов обсуждают в Москве.", date=dt.date(2018, 5, 1)), (), archive) == ()
    assert {e.id: e.name_ru for e in archive.elections}["ru-2012"] == "Выборы президента России 2012 года"

def test_the_suggested_officials_entry_of_a_cyrillic_name_is_romanised(archive):
    from annals.annotate.quotes import officials_entry
    from annals.model import Quote, TextSpan

    q = Quote(id="q-1", article_id="a999990", text="Рано", kind="full", spans=(TextSpan(1, 0, 4),), speaker_id=None,
              speaker="Андрей Смирнов", via=None, confidence="high", role=None, method="unlisted+verb",
              speaker_title="депутат Госдумы")
    entry = officials_entry(q, tuple(archive.lexicon["romanisation_schemes"]))
    assert entry.startswith("- {id: andrey-smirnov, name: Andrey Smirnov, name_ru: Андрей Смирнов, gender: null,"), entry
    assert officials_entry(q).startswith("- {id: TODO, name: Андрей Смирнов,")  # no scheme given: the editor chooses


# ---- the gate on the Russian dev part ------------------------------------------------------------

FLOORS = {  # measured 2026-12-07 on ru-dev (12 articles, 77 quotations): partial recall 0.895 (two short
    # partials taken for scare terms), speaker 0.987, via 0.857, every other figure 1.000
    "full.precision": 0.97, "full.recall": 0.97, "partial.precision": 0.97, "partial.recall": 0.87,
    "reported.precision": 0.95, "reported.recall": 0.95, "all.precision": 0.97, "all.recall": 0.97,
    "speaker": 0.97, "kind": 0.97, "via": 0.8, "exact": 0.95,
}


@pytest.fixture(scope="module")
def report():
    rep, problems = evaluate(ARCHIVE, RU_DEV)
    assert problems == []
    return rep


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_ru_dev_floor(report, figure):
    assert report.figures()[figure] >= FLOORS[figure], f"{figure} fell to {report.figures()[figure]:.3f}"


def test_ru_dev_no_listed_official_in_the_wrong_mouth(report):
    assert report.scare_attributed == 0 and report.names_attributed == 0
