"""The gazetteers (archive/officials.yml, archive/elections.yml): loaded, validated, errors name file and line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from annals.ingest.sources import load_archive
from conftest import ARCHIVE


@pytest.fixture(scope="module")
def archive():
    loaded, problems = load_archive(ARCHIVE)
    assert problems == []
    return loaded


def test_people_named_in_the_seeds_are_all_in_the_gazetteer(archive):
    ids = {o.id for o in archive.officials}
    # read off the five seeds by hand: every person named in them
    named = {"vladimir-putin", "barack-obama", "dmitry-peskov", "dmitry-medvedev", "mitt-romney", "sergey-lavrov",
             "alexei-pushkov", "george-w-bush", "muammar-gaddafi", "bashar-al-assad", "ron-paul", "rick-santorum",
             "rick-perry", "donald-trump", "kamala-harris", "maria-zakharova", "valentina-matviyenko",
             "leonid-slutsky", "joe-biden", "alexey-navalny", "karin-von-hippel", "tom-donilon", "yuri-ushakov"}
    assert named <= ids
    voices = {"vyacheslav-volodin", "konstantin-kosachev", "sergei-ryabkov", "sergey-kislyak", "anatoly-antonov",
              "vasily-nebenzya", "vladimir-zhirinovsky", "gennady-zyuganov", "boris-gryzlov"}
    assert voices <= ids


def test_every_russian_official_has_a_cyrillic_name(archive):
    missing = [o.id for o in archive.officials if o.russian_official and not o.name_ru]
    assert missing == []


@pytest.mark.parametrize("spelling, person", [
    ("Dmitri Peskov", "dmitry-peskov"), ("Dmitriy Peskov", "dmitry-peskov"), ("Dmitrii Peskov", "dmitry-peskov"),
    ("Yury Ushakov", "yuri-ushakov"), ("Iurii Ushakov", "yuri-ushakov"), ("Aleksei Pushkov", "alexei-pushkov"),
    ("Alexey Pushkov", "alexei-pushkov"), ("Sergei Lavrov", "sergey-lavrov"), ("Mariya Zakharova", "maria-zakharova"),
    ("Leonid Slutskii", "leonid-slutsky"), ("Leonid Slutskiy", "leonid-slutsky"),
    ("Valentina Matvienko", "valentina-matviyenko"), ("Vassily Nebenzia", "vasily-nebenzya"),
    ("Sergei Kisliak", "sergey-kislyak"), ("Gennadii Ziuganov", "gennady-zyuganov"),
    ("Aleksandr Lukashevich", "alexander-lukashevich"), ("Petr Tolstoy", "pyotr-tolstoy"),
    ("Konstantin Kosachyov", "konstantin-kosachev"), ("Nikolay Patrushev", "nikolai-patrushev"),
])
def test_transliterations_are_names_of_the_same_person(archive, spelling, person):
    """Spellings the gazetteer does not write: generated from the Cyrillic and matched on the name key."""
    import datetime as dt

    from annals.annotate.mentions import find_mentions
    from test_quotes import article

    mentions, _ = find_mentions(article(f"{spelling} spoke to reporters.", date=dt.date(2018, 1, 1)),
                                archive.officials, archive.lexicon)
    assert [(m.surface, m.person_id) for m in mentions] == [(spelling, person)]


def test_roles_are_resolved_by_date(archive):
    by_id = {o.id: o for o in archive.officials}
    medvedev = by_id["dmitry-medvedev"]
    assert [m.role for m in medvedev.roles_on(dt.date(2010, 6, 1))] == ["President of Russia"]
    assert [m.role for m in medvedev.roles_on(dt.date(2012, 11, 7))] == ["Prime Minister of Russia"]
    assert by_id["vladimir-putin"].wikidata == "Q7747"
    assert by_id["barack-obama"].wikidata == "Q76"


def test_elections_us_and_russia_2000_to_2024(archive):
    by_id = {e.id: e for e in archive.elections}
    assert sorted(i for i in by_id if i.startswith("us-")) == [f"us-{y}" for y in range(2000, 2025, 4)]
    assert sorted(i for i in by_id if i.startswith("ru-")) == ["ru-2000", "ru-2004", "ru-2008", "ru-2012", "ru-2018", "ru-2024"]
    us2012 = by_id["us-2012"]
    assert (us2012.date, us2012.winner, us2012.runner_up) == (dt.date(2012, 11, 6), "barack-obama", "mitt-romney")
    assert dict(us2012.electoral_votes) == {"barack-obama": 332, "mitt-romney": 206}
    assert dict(by_id["us-2020"].electoral_votes) == {"joe-biden": 306, "donald-trump": 232}
    for e in by_id.values():
        if e.country == "US":
            votes = dict(e.electoral_votes)
            assert votes[e.winner] >= 270 and sum(votes.values()) <= 538
            assert e.inauguration == dt.date(e.date.year + 1, 1, 20)
    assert by_id["ru-2008"].winner == "dmitry-medvedev"


def _archive_with(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(ARCHIVE, root)
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_unknown_key_names_file_and_line(tmp_path):
    lines = (ARCHIVE / "officials.yml").read_text(encoding="utf-8").split("\n")
    n = lines.index("- id: dmitry-peskov")
    lines.insert(n + 1, "  nickname: Peskov")
    root = _archive_with(tmp_path, "officials.yml", "\n".join(lines))
    _, problems = load_archive(root)
    assert [str(p) for p in problems] == [
        f"officials.yml:{n + 2}: unknown key 'nickname'; expected one of: description, gender, id, identifiers, "
        "memberships, name, name_ru, notes, other_names, russian_official, sources"]


@pytest.mark.parametrize("bad", ["2015-13-10", "2015-02-30", "10 August 2015"])
def test_a_bad_date_names_file_and_line(tmp_path, bad):
    text = (ARCHIVE / "officials.yml").read_text(encoding="utf-8").replace("start_date: 2015-08-10", f"start_date: {bad}", 1)
    line = next(i for i, l in enumerate(text.split("\n"), 1) if bad in l)
    root = _archive_with(tmp_path, "officials.yml", text)
    _, problems = load_archive(root)
    assert len(problems) == 1, problems
    assert str(problems[0]).startswith(f"officials.yml:{line}:") and "not a date; expected YYYY-MM-DD" in str(problems[0])


def test_a_role_that_ends_before_it_starts_is_an_error(tmp_path):
    text = (ARCHIVE / "officials.yml").read_text(encoding="utf-8").replace(
        "start_date: 2015-08-10, end_date: null", "start_date: 2015-08-10, end_date: 2014-01-01", 1)
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "end_date: 2014-01-01" in l)
    _, problems = load_archive(_archive_with(tmp_path, "officials.yml", text))
    assert [str(p) for p in problems] == [f"officials.yml:{line}: maria-zakharova: role 'Director of the Information "
                                          "and Press Department' ends (2014-01-01) before it starts (2015-08-10)"]


def test_election_naming_an_unknown_person_is_an_error_with_its_line(tmp_path):
    text = (ARCHIVE / "elections.yml").read_text(encoding="utf-8").replace("runner_up: mitt-romney", "runner_up: mitt-romny")
    line = text.split("\n").index("  runner_up: mitt-romny") + 1
    root = _archive_with(tmp_path, "elections.yml", text)
    _, problems = load_archive(root)
    assert [str(p) for p in problems] == [
        f"elections.yml:{line}: us-2012: 'mitt-romny' is not in officials.yml; add the person there first"]


def test_a_name_shared_by_two_people_is_an_error(tmp_path):
    text = (ARCHIVE / "officials.yml").read_text(encoding="utf-8").replace(
        "  name_ru: Игорь Сергеевич Иванов\n  other_names: []", "  name_ru: Игорь Сергеевич Иванов\n  other_names: [Sergey Lavrov]", 1)
    root = _archive_with(tmp_path, "officials.yml", text)
    _, problems = load_archive(root)
    assert len(problems) == 1 and "name 'Sergey Lavrov' is also a name of 'sergey-lavrov'" in problems[0].message
