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
