"""Occasions of reports (link/occasion.py) and their use in statement grouping (issue 22).

Texts here are invented for the test and quote no one."""

from __future__ import annotations

import datetime as dt

from annals.link import occasion as O
from annals.link import statements as S
from annals.model import AnnotatedArticle
from test_statements import ARCH, SETTINGS, article, group_of, grouped, quote

D = dt.date
RULES = SETTINGS.occasion


def _read(text: str, date: dt.date | None = D(2016, 11, 14)) -> O.Occasion:  # a Monday
    return O.read(text, date, RULES)


def _day(o: O.Occasion) -> dt.date | None:
    return dt.date.fromordinal(o.day) if o.day is not None else None


def test_a_named_weekday_is_the_latest_such_day_on_or_before_the_articles_date():
    assert _day(_read("Lavrov said on Thursday")) == D(2016, 11, 10)
    assert _day(_read("Lavrov said on Monday")) == D(2016, 11, 14)
    assert _day(_read("the minister said yesterday")) == D(2016, 11, 13)
    assert _day(_read("заявил в среду")) == D(2016, 11, 9)  # any case of the Russian name (среда -> среду)
    assert _read("Lavrov said on Thursday", None).first is None  # an undated article resolves no day
    unnamed = _read("Lavrov said")  # no day named: on or before the article's date
    assert unnamed.first is None and D.fromordinal(unnamed.last) == D(2016, 11, 14)
    assert O.conflict(unnamed, _read("on Thursday", D(2016, 11, 17))) == "different days"


def test_an_event_a_span_and_two_days_are_not_one_day():
    assert _read("he said, after Tuesday's election").first is None  # the election's day, not the words'
    week = _read("said last week")
    assert week.day is None and (D.fromordinal(week.first), D.fromordinal(week.last)) == (D(2016, 11, 7), D(2016, 11, 13))
    month = _read("Asked about it in November, he said")
    assert D.fromordinal(month.first) == D(2016, 11, 1) and D.fromordinal(month.last) == D(2016, 11, 14)
    assert _day(_read("said on 10 November")) == D(2016, 11, 10)
    assert _read("said on Wednesday and again on Friday").first is None  # which one: unknown


def test_only_the_frame_counts_not_the_quoted_words():
    a = article("a900101", D(2016, 11, 14), ['"We will meet them on Friday at a briefing," Peskov told reporters on Monday.'])
    q = quote(a, "We will meet them on Friday at a briefing,", "dmitry-peskov")
    o = O.read(O.frame(a, q, (q,)), a.date, RULES)
    assert _day(o) == D(2016, 11, 14) and {c.name for c in o.channels} == {"reporters"}


def test_channels_conflict_across_kinds_and_between_specific_ones():
    telegram, conference = _read("in a telegram"), _read("at a news conference")
    reporters, facebook, tv = _read("told reporters"), _read("wrote on Facebook"), _read("told the Rossiya-1 channel")
    assert O.conflict(telegram, conference) and O.conflict(facebook, tv)  # written against spoken
    assert O.conflict(conference, _read("in an interview"))  # two specific spoken channels
    assert O.conflict(conference, reporters) is None and O.conflict(tv, _read("in an interview")) is None
    assert O.conflict(_read("on Thursday"), _read("on Friday")) == "different days"
    assert O.conflict(_read("last week"), _read("on Thursday")) is None  # the 10th is in last week
    assert O.agree(_read("at a news conference on Thursday"), _read("told a news conference on Thursday"))
    assert not O.agree(_read("on Thursday"), _read("on Thursday"))  # a day alone is not an occasion


def test_a_report_that_names_no_occasion_takes_the_one_before_it():
    own = [_read("said at a news conference on Thursday"), _read(""), _read("On Wednesday he said"), _read("")]
    carried = O.carry(own)
    assert carried[1].day == own[0].day and carried[1].channels == own[0].channels and carried[1].carried
    assert _day(carried[2]) == D(2016, 11, 9) and not carried[2].channels  # another day: another occasion
    assert carried[3].day == carried[2].day


def test_stems_make_forms_of_one_word_one():
    assert S.stem("achieved") == S.stem("achieve") and S.stem("results") == S.stem("result")
    assert S.stem("заявила") == S.stem("заявил") == "заявить"
    assert S.content_words("The sanctions have not achieved their goal", SETTINGS) == \
        S.content_words("sanction achieve goals", SETTINGS)


def test_stems_that_only_look_alike_are_two_words_and_spellings_are_one():
    def found(a: str, b: str) -> tuple[str, ...]:
        return S.found_words(S.content_words(a, SETTINGS), S.content_words(b, SETTINGS), SETTINGS.word_match,
                             SETTINGS.spelling_match)
    assert found("prepared", "repaired") == ()  # prepar / repair: a ratio of 83, neither within the other
    assert found("solve", "resolve") == (S.stem("solve"),)  # solv within resolv
    assert found("Zhirinovsky", "Zhirinovskii") == (S.stem("zhirinovsky"),)  # a spelling: ratio over 90


def _pair(frame_a: str, frame_b: str, words_a: str, words_b: str):
    a = article("a900201", D(2016, 11, 10), [f'"{words_a}," {frame_a}'])  # a Thursday
    b = article("a900202", D(2016, 11, 11), [f'"{words_b}," {frame_b}'])
    qa, qb = quote(a, words_a, "sergey-lavrov"), quote(b, words_b, "sergey-lavrov")
    statements, problems, _ = grouped([AnnotatedArticle(a, quotes=(qa,)), AnnotatedArticle(b, quotes=(qb,))], ARCH)
    assert problems == []
    return group_of(statements, qa.id), qb


def test_the_same_words_on_two_named_days_are_two_statements():
    words = "We are ready to meet the new administration halfway on the basis of mutual respect"
    s, qb = _pair("Lavrov said on Thursday.", "Lavrov said on Friday.", words, words)
    assert s is None  # a look-alike: the same stock words on another day
    s, qb = _pair("Lavrov said on Thursday.", "Lavrov said yesterday.", words, words)
    assert s is not None and qb.id in s.reports


def test_the_same_words_through_a_written_and_a_spoken_channel_are_two_statements():
    words = "We are ready to meet the new administration halfway on the basis of mutual respect"
    s, _ = _pair("Lavrov wrote in a telegram.", "Lavrov told a news conference yesterday.", words, words)
    assert s is None


def test_one_occasion_needs_fewer_words_in_common_and_says_so():
    a_words = "Moscow will judge the new team by its practical steps and not by its promises to voters"
    b_words = "We shall assess the team by its steps, and the campaign promises are one thing"
    same = _pair("Lavrov told a news conference on Thursday.", "Lavrov told a news conference yesterday.", a_words, b_words)[0]
    assert same is not None and [e.basis for e in same.edges] == ["occasion"]
    assert same.edges[0].note == "same occasion: 2016-11-10, news-conference"
    other = _pair("Lavrov told a news conference on Thursday.", "Lavrov said in an interview yesterday.", a_words, b_words)[0]
    assert other is None  # the same words at another occasion of the day: not enough


def test_the_articles_lead_gives_a_named_speaker_what_his_report_leaves_unsaid():
    event = _read("President Putin's telegram to President Obama on Wednesday was almost cordial.")
    wrote = O.fill(_read("Mr. Putin wrote that he hoped"), event)
    assert _day(wrote) == D(2016, 11, 9) and {c.name for c in wrote.channels} == {"in-writing", "telegram"}
    spoken = _read("he told a news conference")
    assert O.fill(spoken, event) == spoken  # another channel: the lead's event is not this report's


def _message_pair(frame_b: str, officials_b=("barack-obama",), date_b=D(2012, 11, 8)):
    ru = article("a900301", D(2012, 11, 7), ["Владимир Путин направил Бараку Обаме поздравительную телеграмму.",
                                            "В послании говорится: «Надеемся на честный и открытый диалог»."])
    en = article("a900302", date_b, [f'"We count on a frank dialogue with Washington," {frame_b}'])
    qr = quote(ru, "Надеемся на честный и открытый диалог", "vladimir-putin")
    qe = quote(en, "We count on a frank dialogue with Washington,", "vladimir-putin")
    records = [AnnotatedArticle(ru, quotes=(qr,), officials=("barack-obama", "vladimir-putin")),
               AnnotatedArticle(en, quotes=(qe,), officials=(*officials_b, "vladimir-putin"))]
    statements, problems, _ = grouped(records, ARCH)
    assert [p for p in problems if p.severity == "error"] == []  # a translation suggestion when not grouped
    return group_of(statements, qr.id), qe


def test_two_reports_of_one_telegram_are_one_statement_in_any_language():
    """A written message is one utterance: its translation shares no word with it, and still is it."""
    s, qe = _message_pair("Putin wrote in a telegram to Obama on Wednesday.")
    assert s is not None and qe.id in s.reports
    assert [(e.basis, e.note) for e in s.edges] == [
        ("message", "one telegram of 2012-11-07; both articles name barack-obama")]


def test_a_telegram_needs_its_day_its_addressee_and_a_written_channel_on_both_sides():
    assert _message_pair("Putin wrote in a telegram on Thursday.")[0] is None  # after the readout's date
    assert _message_pair("Putin wrote in a telegram.", officials_b=("mitt-romney",))[0] is None  # to someone else
    assert _message_pair("Putin told a news conference on Wednesday.")[0] is None  # spoken, not the message
    assert _message_pair("Putin wrote in a telegram.", date_b=D(2012, 11, 12))[0] is None  # too far apart
