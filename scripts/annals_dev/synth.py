"""Synthetic archives for the benchmark and the scaling tests.

``make_archive(dest, n, seed)`` writes ``n`` raw articles in the scraped format of the seeds
(title or none, byline, dates in several formats or glued to the first sentence, photo
credits of three kinds, ``[text](#)`` link residue, straight and curly quotation marks,
quotations over two paragraphs, sentences split by a blank line, ``Related article:`` lines,
closing lines, ``Original url:`` trailers) with their sidecars.  Texts are assembled at random
from a vocabulary, names of officials and candidates, places and dates, so no two articles
share a paragraph; the same ``seed`` gives the same archive byte for byte.

Gazetteer files (``publishers.yml``, ``officials.yml``, ...) are copied from a template
archive (the repo's ``archive/`` by default) so the synthetic archive is checked like the real one.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

OFFICIALS = (
    ("Vladimir Putin", "President"), ("Dmitry Peskov", "Kremlin spokesman"),
    ("Sergei Lavrov", "Foreign Minister"), ("Maria Zakharova", "Foreign Ministry spokeswoman"),
    ("Dmitry Medvedev", "Security Council deputy chairman"), ("Sergei Ryabkov", "Deputy Foreign Minister"),
    ("Konstantin Kosachev", "senator"), ("Vyacheslav Volodin", "State Duma speaker"),
    ("Valentina Matviyenko", "Federation Council speaker"), ("Anatoly Antonov", "ambassador to the United States"),
    ("Leonid Slutsky", "lawmaker"), ("Alexei Pushkov", "senator"), ("Yury Ushakov", "Kremlin aide"),
    ("Sergei Naryshkin", "foreign intelligence chief"), ("Vasily Nebenzya", "UN envoy"),
)
CANDIDATES = ("Donald Trump", "Joe Biden", "Kamala Harris", "Hillary Clinton", "Barack Obama",
              "Mitt Romney", "John McCain", "George W. Bush", "John Kerry", "Al Gore")
OUTLETS = ("TASS", "RIA Novosti", "Interfax", "Rossia 24", "Channel One", "RBC", "Izvestia", "Kommersant")
PLACES = ("Moscow", "St. Petersburg", "Sochi", "Kazan", "Vladivostok", "Minsk", "Geneva", "Helsinki",
          "Beijing", "New York", "Washington", "Istanbul", "Astana", "Yekaterinburg")
DOMAINS = ("themoscowtimes.com", "tass.com", "rt.com", "reuters.com", "apnews.com", "kremlin.ru",
           "mid.ru", "interfax.com", "ria.ru", "meduza.io", "bbc.com", "theguardian.com", "rferl.org")
PHOTOGRAPHERS = ("Denis Grishkin", "Mikhail Metzler", "Sergei Bobylev", "Alexei Druzhinin", "Ilya Pitalev",
                 "Maxim Shemetov", "Yuri Kochetkov", "Kirill Kudryavtsev", "Natalia Kolesnikova")
AGENCIES = ("TASS", "AFP", "Reuters", "Sputnik", "Kremlin.ru", "AP", "EPA")
ADJECTIVES = ("strategic", "bilateral", "unprecedented", "cautious", "pragmatic", "hostile", "constructive",
              "sovereign", "domestic", "legitimate", "transparent", "sweeping", "fragile", "decisive",
              "historic", "partisan", "electoral", "diplomatic", "nuclear", "economic", "mutual", "lasting",
              "turbulent", "pointed", "sober", "measured", "polarised", "contested", "formal", "informal")
NOUNS = ("dialogue", "sanctions", "relations", "interference", "campaign", "ballot", "turnout", "treaty",
         "arms control", "summit", "embassy", "delegation", "statement", "telegram", "congratulations",
         "election", "result", "administration", "Congress", "Senate", "pipeline", "grain deal", "security",
         "sovereignty", "cooperation", "rhetoric", "propaganda", "hacking", "observers", "recount",
         "inauguration", "transition", "debate", "primary", "polls", "allegations", "investigation",
         "diplomats", "visa", "consulate", "trade", "energy", "Ukraine", "Syria", "NATO", "missile shield")
VERBS = ("welcomed", "criticised", "dismissed", "questioned", "praised", "rejected", "noted", "warned of",
         "denied", "acknowledged", "called for", "ruled out", "hinted at", "condemned", "played down",
         "stressed", "downplayed", "signalled", "proposed", "raised")
ADVERBS = ("again", "openly", "repeatedly", "sharply", "quietly", "publicly", "firmly", "briefly", "later")
SPEECH = ("said", "told reporters", "said in a statement", "wrote on Telegram", "told journalists",
          "said at a briefing", "told a news conference", "said on state television")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _Writer:
    """Random text of one article, from one seeded generator."""

    def __init__(self, rng: random.Random, serial: int):
        self.r = rng
        self.serial = serial

    def pick(self, seq):
        return self.r.choice(seq)

    def phrase(self) -> str:
        r = self.r
        return f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}"

    def clause(self) -> str:
        r = self.r
        forms = (
            lambda: f"Moscow {r.choice(VERBS)} the {self.phrase()} over {r.choice(NOUNS)}",
            lambda: f"{r.choice(CANDIDATES)} had {r.choice(VERBS)} {r.choice(('a', 'the'))} {self.phrase()}",
            lambda: f"the {self.phrase()} would depend on the {self.phrase()} in {r.choice(PLACES)}",
            lambda: f"Washington {r.choice(ADVERBS)} {r.choice(VERBS)} any {self.phrase()}",
            lambda: f"{r.randint(2, 97)} percent of voters backed {r.choice(CANDIDATES)} in the {self.phrase()}",
        )
        return r.choice(forms)()

    def sentence(self) -> str:
        r = self.r
        name, role = r.choice(OFFICIALS)
        forms = (
            lambda: f"{name}, the {role}, {r.choice(ADVERBS)} {r.choice(VERBS)} the {self.phrase()} on {r.choice(WEEKDAYS)}.",
            lambda: f"Speaking in {r.choice(PLACES)}, {name} said {self.clause()}.",
            lambda: f"The {self.phrase()} came after {self.clause()}, {r.choice(OUTLETS)} reported.",
            lambda: f"Analysts in {r.choice(PLACES)} said {self.clause()} and that {self.clause()}.",
            lambda: f"{name.split()[-1]} {r.choice(VERBS)} {r.choice(CANDIDATES)}'s {self.phrase()}, calling it {r.choice(ADJECTIVES)}.",
        )
        return r.choice(forms)()

    def quotation(self) -> str:
        r = self.r
        name, role = r.choice(OFFICIALS)
        words = f"We {r.choice(VERBS)} the {self.phrase()}, and {self.clause()}"
        o, c = r.choice((('"', '"'), ("\u201c", "\u201d")))
        forms = (
            lambda: f"{o}{words},{c} {name} {r.choice(SPEECH)}.",
            lambda: f"{name}, the {role}, {r.choice(SPEECH)} that {self.clause()}: {o}{words}.{c}",
            lambda: f"{o}{words},{c} said {name.split()[-1]}, adding that the {self.phrase()} was {o}{r.choice(ADJECTIVES)}.{c}",
        )
        return r.choice(forms)()

    def paragraph(self) -> str:
        r = self.r
        parts = [self.quotation() if r.random() < 0.45 else self.sentence() for _ in range(r.randint(2, 4))]
        text = " ".join(parts)
        if r.random() < 0.15:  # link residue inside a sentence
            words = text.split(" ")
            i = r.randrange(1, len(words) - 1)
            if words[i].isalpha():
                words[i] = f"[{words[i]}](#)"
            text = " ".join(words)
        return text

    def date(self) -> dt.date:
        year = self.pick((2000, 2004, 2008, 2012, 2016, 2020, 2024))
        start = dt.date(year - 1, 6, 1).toordinal()
        return dt.date.fromordinal(self.r.randint(start, min(dt.date(year, 12, 31).toordinal(), dt.date(2024, 12, 31).toordinal())))

    def date_line(self, d: dt.date) -> str:
        return self.pick((f"{MONTHS[d.month - 1]} {d.day:02d}, {d.year}", f"{d.day} {MONTHS[d.month - 1]} {d.year}",
                          d.isoformat()))

    def credit(self) -> str:
        r = self.r
        who = r.choice(PHOTOGRAPHERS)
        return r.choice((f"(Image Credit: {who} / {r.choice(AGENCIES)})", f"{who} / {r.choice(AGENCIES)}",
                         f"{r.choice(('A', 'The'))} {self.phrase()} in {r.choice(PLACES)}. **{who}**"))

    def title(self) -> str:
        r = self.r
        name = r.choice(OFFICIALS)[0]
        t = r.choice((f"{name.split()[-1]} {r.choice(VERBS).title()} {r.choice(CANDIDATES)}'s {self.phrase().title()}",
                      f"Kremlin {r.choice(VERBS).title()} {self.phrase().title()} After {r.choice(CANDIDATES).split()[-1]} Win",
                      f"Russia and the U.S. {r.choice(ADVERBS).title()} Spar Over {self.phrase().title()}"))
        return f"{t} ({self.serial})" if r.random() < 0.3 else t

    def article(self) -> tuple[str, dict]:
        """The raw text and extra sidecar keys (an editor's date or title where the source has none)."""
        r = self.r
        d = self.date()
        lines: list[str] = [""] * r.randint(0, 2)
        sidecar: dict = {}
        glued = r.random() < 0.08
        if not glued:
            lines += [self.title(), ""]
        if not glued and r.random() < 0.4:
            lines += [r.choice((f"By [{r.choice(PHOTOGRAPHERS)}](#)", f"By {r.choice(PHOTOGRAPHERS)}")), ""]
        dated = r.random() < 0.93
        if dated and not glued:
            lines += [self.date_line(d), "", "", ""][: r.randint(2, 4)]
        elif not dated:
            sidecar["date"] = d.isoformat()
            sidecar["date_note"] = "synthetic: dated by the generator"
        if not glued and r.random() < 0.7:
            lines += [self.credit(), ""]
        paras = [self.paragraph() for _ in range(r.randint(7, 13))]
        paras[0] = f"{self.pick(PLACES).upper()} - {paras[0]}" if r.random() < 0.3 else paras[0]
        if glued:
            paras[0] = f" date {d.isoformat()} {paras[0]}"
        for i, p in enumerate(paras):
            if i and r.random() < 0.06:  # a scrape split mid-sentence
                words = p.split(" ")
                cut = len(words) // 2
                if words[cut][:1].islower() and not words[cut - 1].endswith((".", ":", ",")):
                    lines += [" ".join(words[:cut]), "", " ".join(words[cut:]), ""]
                    continue
            lines += [p, ""]
            if i == 3 and r.random() < 0.2:
                lines += [f"Related article: {self.title()}", ""]
        if r.random() < 0.2:
            lines += [f"{r.choice(('AFP', 'Reuters', 'Interfax', 'AP'))} contributed reporting.", ""]
        if r.random() < 0.85:
            slug = "-".join(self.phrase().lower().split())
            url = f"https://www.{r.choice(DOMAINS)}/{d.year}/{d.month:02d}/{d.day:02d}/{slug}-a{self.serial}"
            lines += ["Original url:", url]
        else:
            sidecar["original_url"] = f"https://www.{r.choice(DOMAINS)}/news/{self.serial}"
        return "\n".join(lines) + "\n", sidecar


def article_text(seed: int, serial: int) -> tuple[str, dict]:
    """Raw text and sidecar extras of article number ``serial`` of the archive with ``seed``."""
    return _Writer(random.Random(f"{seed}:{serial}"), serial).article()


def make_archive(dest: str | Path, n: int, seed: int = 1, template: str | Path | None = None) -> Path:
    """Write a synthetic archive of ``n`` articles into ``dest`` (created; must not hold articles)."""
    dest = Path(dest)
    template = Path(template) if template else Path(__file__).resolve().parents[2] / "archive"
    articles = dest / "articles"
    articles.mkdir(parents=True, exist_ok=False)
    if template.is_dir():
        for path in sorted(template.iterdir()):
            if path.is_file() and path.suffix in (".yml", ".yaml") and path.name != "issued-ids.txt":
                shutil.copy(path, dest / path.name)
    add_articles(dest, 1, n, seed)
    return dest


def add_articles(archive: str | Path, first: int, count: int, seed: int = 1) -> list[str]:
    """Write synthetic articles number ``first`` .. ``first + count - 1`` (raw file and sidecar with a fresh
    ID, recorded in ``issued-ids.txt``) into ``archive``; return their IDs."""
    import yaml

    archive = Path(archive)
    articles = archive / "articles"
    ids = []
    for i in range(first, first + count):
        ident = f"a{i:06d}"
        ids.append(ident)
        text, extra = article_text(seed, i)
        name = f"s{i:06d}_{random.Random(f'{seed}-{i}').getrandbits(64):016x}"
        (articles / f"{name}.txt").write_text(text, encoding="utf-8")
        side = {"id": ident, **extra}
        (articles / f"{name}.yml").write_text(
            "# yaml-language-server: $schema=../../scripts/annals/schemas/sidecar.schema.json\n"
            + yaml.safe_dump(side, sort_keys=False, allow_unicode=True), encoding="utf-8")
    issued = archive / "issued-ids.txt"
    before = issued.read_text(encoding="utf-8") if issued.exists() else ""
    issued.write_text(before + "".join(f"{i}\n" for i in ids), encoding="utf-8")
    return ids
