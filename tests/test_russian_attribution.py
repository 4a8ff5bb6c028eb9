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


def article(*paragraphs: str, date=dt.date(2020, 11, 9), language="ru", title="Заголовок") -> Article:
    return Article(id="a999990", source_file="x.txt", sha256="0", title=title, title_basis="source",
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


# ---- shapes of the third ru-dev batch (issue 22: the finder generalised by the grammar of reporting) -----

def test_a_quotation_over_two_paragraphs_is_read_where_it_ends(archive):
    # Russian text need not reopen the marks at the second paragraph; the attribution follows the end
    assert quotes(archive, "«Годами нас учили. Теперь весь мир смотрит.", "Мы просто фиксируем факты», — написала Мария Захарова.") == [
        ("full", "Годами нас учили. Теперь весь мир смотрит. Мы просто фиксируем факты", "maria-zakharova")]


def test_a_hyphen_between_spaces_is_a_dash(archive):
    assert quotes(archive, "- Республиканцы будут жёстче, - сказал Сергей Лавров.",
                  "\"Выводы делать рано\", - добавил министр.") == [
        ("full", "Республиканцы будут жёстче", "sergey-lavrov"), ("full", "Выводы делать рано", "sergey-lavrov")]


def test_an_outlet_in_any_case_is_via_and_a_datelines_agency_is_not(archive):
    found, _ = find_quotes(article("Сергей Лавров заявил «Интерфаксу», что переговоры продолжатся.",
                                   "МОСКВА, 3 ноября. ИНТЕРФАКС - Сергей Рябков сообщил, что встреча состоится."), (), archive)
    assert [(q.kind, q.text, q.speaker_id, q.via) for q in found] == [
        ("reported", "переговоры продолжатся", "sergey-lavrov", "Интерфакс"),
        ("reported", "встреча состоится", "sergei-ryabkov", None)]


def test_a_term_in_marks_is_the_speakers_word_unless_it_is_a_lone_noun(archive):
    assert quotes(archive, "Песков подчеркнул, что Москва рассчитывает на «прагматичный» диалог.",
                  "Песков сказал, что «перезагрузка» закончилась.") == [
        ("reported", "Москва рассчитывает на «прагматичный» диалог", "dmitry-peskov"),
        ("partial", "прагматичный", "dmitry-peskov"),
        ("reported", "«перезагрузка» закончилась", "dmitry-peskov"),
        ("scare", "перезагрузка", None)]


def test_a_source_phrase_set_off_inside_the_sentence(archive):
    assert quotes(archive, "Путин, по словам Пескова, рассчитывает на «прагматичный» диалог.") == [
        ("partial", "прагматичный", "dmitry-peskov")]


def test_an_institution_speaks_through_its_document_and_its_anaphor(archive):
    assert quotes(archive, "МИД России отвергает обвинения как «беспочвенные».", "«Ответа нет», – отмечается в документе.",
                  "В министерстве также напомнили, что Москва готова к диалогу.") == [
        ("partial", "беспочвенные", "МИД"), ("full", "Ответа нет", "МИД"),
        ("reported", "Москва готова к диалогу", "МИД")]


def test_the_owner_of_a_post_or_an_answer_in_the_genitive_speaks(archive):
    assert quotes(archive, "«Ждём шагов», — говорится в посте Вячеслава Володина.",
                  "Помощник президента Юрий Ушаков встретился с журналистами. Ответ помощника был кратким: «Об этом говорить рано».") == [
        ("full", "Ждём шагов", "vyacheslav-volodin"), ("full", "Об этом говорить рано", "yuri-ushakov")]


def test_direct_speech_split_around_its_attribution_is_one_speakers(archive):
    assert quotes(archive, "— Готовы ли мы? Да, готовы, — добавил Владимир Путин. — Но мяч не на нашей стороне.") == [
        ("full", "Готовы ли мы? Да, готовы", "vladimir-putin"), ("full", "Но мяч не на нашей стороне.", "vladimir-putin")]


def test_a_transcript_named_in_its_title_speaks_for_its_principal(archive):
    found, _ = find_quotes(article("Об итогах выборов в США", "Мы уважаем выбор американцев и ждём шагов от новой администрации.",
                                   "Вопрос: Что вы скажете о санкциях?", "Ответ: Санкции ничего не дали и ничего не дадут.",
                                   title="Брифинг официального представителя МИД России М.В.Захаровой"), (), archive)
    assert [(q.kind, q.text, q.speaker_id) for q in found] == [
        ("full", "Мы уважаем выбор американцев и ждём шагов от новой администрации.", "maria-zakharova"),
        ("full", "Санкции ничего не дали и ничего не дадут.", "maria-zakharova")]
    # a turn that quotes someone is still the principal's, and the words it quotes are that someone's
    found, _ = find_quotes(article("Вчера Дмитрий Песков сказал, что «спешить некуда». Мы с ним согласны.",
                                   title="Брифинг официального представителя МИД России М.В.Захаровой"), (), archive)
    assert [(q.kind, q.text, q.speaker_id) for q in found] == [
        ("full", "Вчера Дмитрий Песков сказал, что «спешить некуда». Мы с ним согласны.", "maria-zakharova"),
        ("partial", "спешить некуда", "dmitry-peskov")]
    # a title that reports the transcript: the editor's own lines are nobody's words, the answers are his
    found, _ = find_quotes(article("Публикуем расшифровку ежедневного брифинга в Кремле.", "Вопрос: Когда будет встреча?",
                                   "Ответ: Сроки пока не определены.",
                                   title="Дмитрий Песков ответил на вопросы журналистов. Стенограмма"), (), archive)
    assert [(q.text, q.speaker_id) for q in found] == [("Сроки пока не определены.", "dmitry-peskov")]


def test_an_interviews_dash_turns_are_the_interviewees_and_its_questions_nobodys(archive):
    assert quotes(archive, "Постоянный представитель России при ООН рассказал в интервью РИА Новости о настроениях в Нью-Йорке.",
                  "— Василий Алексеевич, обсуждают ли дипломаты итоги выборов?", "— Конечно, обсуждают, это естественно.") == [
        ("full", "Конечно, обсуждают, это естественно.", "vasily-nebenzya")]


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


def test_another_countrys_office_is_not_the_role(archive):
    # "президент США" is not the President of Russia; "президент" alone is
    assert quotes(archive, "Президент США заявил, что переговоры продолжатся.", "Президент заявил, что Москва готова.") == [
        ("reported", "Москва готова", "vladimir-putin")]


def test_about_this_points_back_at_the_sentence_before(archive):
    assert quotes(archive, "Москва не будет вмешиваться в спор о подсчёте голосов. Об этом заявил Дмитрий Песков.",
                  "Лавров прилетел в Анкару. Об этом сообщил Песков.") == [
        ("reported", "Москва не будет вмешиваться в спор о подсчёте голосов", "dmitry-peskov"),
        ("reported", "Лавров прилетел в Анкару", "dmitry-peskov")]


def test_the_reported_clause_opens_with_a_conjunction_of_the_lexicon(archive):
    from dataclasses import replace

    text = "Захарова заявила, будто Москва готова к диалогу."
    assert quotes(archive, text) == []  # "будто" is not in archive/lexicon.ru.yml
    lexicons = {**archive.lexicons, "ru": {**archive.lexicons["ru"], "clause_conjunctions": ["что", "будто"]}}
    assert quotes(replace(archive, lexicons=lexicons), text) == [("reported", "Москва готова к диалогу", "maria-zakharova")]


# ---- the gate on the Russian dev part ------------------------------------------------------------

FLOORS = {  # measured 2026-12-08 on ru-dev (24 articles, 159 quotations): partial recall 0.976 (one short
    # partial of an unnamed source taken for a scare term), speaker 0.994, kind 0.994, via 0.917, every other
    # figure 1.000 (training figures: the rules were written from these texts)
    "full.precision": 0.97, "full.recall": 0.97, "partial.precision": 0.97, "partial.recall": 0.95,
    "reported.precision": 0.97, "reported.recall": 0.97, "all.precision": 0.97, "all.recall": 0.97,
    "speaker": 0.97, "kind": 0.97, "via": 0.85, "exact": 0.97,
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
