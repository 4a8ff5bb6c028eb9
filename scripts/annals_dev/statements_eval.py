"""How good is the statement grouping?  Pairwise precision and recall against a hand-made gold (issue 22).

``annals evaluate --gold <folder>/statements.yml`` (the hook is in ``annals.cli``; the quotation
finder's own evaluation is :mod:`annals_dev.evaluate`).  A statements gold lists the statements reported
by two or more articles, each with its reports (``file`` and ``text``, the words of a quotation as the
quotation gold has them)::

    statements:
      - speaker: vladimir-putin
        reports:
          - {file: 002_438d2bf8bcbd74dd.txt, text: for his part, he is ready for cooperation ...}
          - {file: 004_06a7b271a246a29e.txt, text: "For my part, I am ready for interaction and contacts with you,"}

The articles are read from the folder of each ``file``: the archive's ``articles/`` (seeds), or the
``articles/`` of the gold file's folder and of its sibling folders (corpus parts: a gold may span
``test/`` and ``ru-test/``); every article of each folder used is grouped, not only the ones the gold
names, so that a false grouping anywhere counts.  The build runs as ``annals build`` would (parse,
annotate, the cross-article stage, with the archive's gazetteers and ``grouping.yml``), without the
editors' ``statements:`` decisions: the measures alone are scored (``--with-editors``: with them).

Scoring, pairwise (as for coreference and entity resolution):

* each gold report is located in its article's body and matched to the finder's quotation that overlaps
  it most (one to one); a quotation that overlaps an already matched gold report (a partial quotation
  inside the reported clause that wraps it) stands for the same report;
* an *item* is a gold report, or a found quotation that matches none;
* gold pairs: two items in one gold statement; found pairs: two items in one found statement;
* a pair of two unmatched found quotations of one article is not scored (the gold lists statements
  reported by two articles or more, and is silent about one article's repetitions);
* precision = right found pairs / found pairs, recall = right found pairs / gold pairs.

A gold report the finder missed (no overlapping quotation) loses its pairs: the figures are end to end.
``grouping_only`` gives them among the gold reports the finder found, which measures the grouping alone.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from annals.ingest.sources import load_archive, load_articles, read_yaml_file
from annals.model import AnnotatedArticle, Archive, Problem, Sidecar
from annals_dev.evaluate import _locate_pieces, body_of, found_quotes


@dataclass(frozen=True, slots=True)
class GoldReport:
    """A report of the gold, located in its article's body."""

    key: str
    """``g<statement>.<report>`` (its place in the gold file)."""
    statement: int
    """Index of its statement in the gold."""
    article_id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    line: int | None


@dataclass(frozen=True, slots=True)
class PairReport:
    """Figures of one evaluation."""

    gold_pairs: int
    found_pairs: int
    right_pairs: int
    reports: int
    """Gold reports."""
    matched: int
    """Gold reports the finder found (an overlapping quotation)."""
    statements: int
    """Gold statements."""
    articles: int
    """Articles grouped."""
    grouping_only: tuple[int, int, int]
    """(gold pairs, found pairs, right pairs) among matched gold reports only."""
    missed: tuple[tuple[str, str], ...] = ()
    """Gold pairs not found: (words of one, words of the other)."""
    wrong: tuple[tuple[str, str], ...] = ()
    """Found pairs that the gold does not have."""

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self.ratio(self.right_pairs, self.found_pairs)

    @property
    def recall(self) -> float:
        return self.ratio(self.right_pairs, self.gold_pairs)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _folders(gold_path: Path, archive_dir: Path, names: set[str]) -> tuple[list[Path], list[str]]:
    """The folders whose ``articles/`` hold the gold's files, and the names found in none."""
    candidates = [archive_dir, gold_path.parent, *sorted(p for p in gold_path.parent.parent.iterdir() if p.is_dir())]
    used, left = [], set(names)
    for folder in candidates:
        here = {p.name for p in (folder / "articles").glob("*.txt")} if (folder / "articles").is_dir() else set()
        if here & left:
            used.append(folder)
            left -= here
    return used, sorted(left)


def _without_decisions(pairs):
    return tuple((source, Sidecar(side.name, {k: v for k, v in side.data.items() if k != "statements"}, side.lines))
                 for source, side in pairs)


def run(archive_dir: str | Path, gold_file: str | Path, editors: bool = False
        ) -> tuple[tuple[AnnotatedArticle, ...], dict, list[Problem]]:
    """Build the records of the gold's articles as ``annals check`` would, editors' statement decisions
    left out unless ``editors``: (records, the gold's YAML, problems)."""
    from annals import pipeline

    gold_path, archive_dir = Path(gold_file), Path(archive_dir)
    if not gold_path.is_file():
        return (), {}, [Problem(str(gold_path), None, "gold file not found; give its path with --gold")]
    loaded, problems = read_yaml_file(gold_path.parent, gold_path, "statements-gold")
    if loaded is None:
        return (), {}, problems
    archive, found = load_archive(archive_dir)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        return (), {}, errors
    names = {r["file"] for s in loaded.data["statements"] for r in s["reports"]}
    folders, missing = _folders(gold_path, archive_dir, names)
    if missing:
        return (), {}, [Problem(gold_path.name, None, f"no article {missing[0]!r} in the archive or beside the gold file")]
    pairs = []
    for folder in folders:
        if folder == archive_dir:
            pairs += list(archive.sources)
            continue
        part, found = load_articles(folder)
        errors = [p for p in found if p.severity == "error"]
        if errors:
            return (), {}, [Problem(f"{folder}/{p.path}", p.line, p.message) for p in errors]
        pairs += part
    pairs = sorted(pairs, key=lambda p: p[0].name)
    archive = dataclasses.replace(archive, sources=tuple(pairs) if editors else _without_decisions(pairs),
                                  statement_ids=())
    records, _ = pipeline.per_article_stage(archive, pipeline.build_date(), None, 1)
    records, found = pipeline.cross_article_stage(tuple(sorted(records, key=lambda r: r.article.id)), archive)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        return (), {}, errors
    return records, {"data": loaded.data, "lines": loaded.lines, "name": gold_path.name}, []


def read_reports(gold: dict, records: tuple[AnnotatedArticle, ...]) -> tuple[list[GoldReport], list[Problem]]:
    """The gold's reports located in their articles."""
    by_file = {r.article.source_file: r for r in records}
    out, problems = [], []
    for i, st in enumerate(gold["data"]["statements"]):
        for j, rep in enumerate(st["reports"]):
            line = gold["lines"].get(f"/statements/{i}/reports/{j}")
            rec = by_file.get(rep["file"])
            if rec is None:
                problems.append(Problem(gold["name"], line, f"no article {rep['file']!r}"))
                continue
            pieces = rep["text"] if isinstance(rep["text"], list) else [rep["text"]]
            body, _ = body_of(rec.article)
            spans = _locate_pieces(body, pieces, rep.get("at"))
            if isinstance(spans, str):
                problems.append(Problem(gold["name"], line, spans))
                continue
            out.append(GoldReport(f"g{i}.{j}", i, rec.article.id, " ".join(pieces), spans, line))
    return out, problems


def _overlap(a, b) -> int:
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in a for y0, y1 in b)


def score(gold_reports: list[GoldReport], records: tuple[AnnotatedArticle, ...]) -> PairReport:
    """Pairwise figures of the records' statements against the gold reports (module docstring)."""
    found = {f.quote_id: f for r in records for f in found_quotes(r.article, r.quotes) if f.kind != "scare"}
    by_article: dict[str, list] = {}
    for f in found.values():
        by_article.setdefault(f.article_id, []).append(f)
    # one to one, largest overlap first (equal overlaps: the closest fit, the quotation with fewest other
    # characters); then a quotation of the same speaker overlapping a matched report (the reported clause
    # around a partial quotation) stands for it.  A quotation of another speaker that runs over a report
    # (a finder's clause too long) is an item of its own: its error is the finder's, scored there.
    length = {qid: sum(e - s for s, e in f.spans) for qid, f in found.items()}
    options = sorted(((_overlap(g.spans, f.spans), g.key, f.quote_id) for g in gold_reports
                      for f in by_article.get(g.article_id, ()) if _overlap(g.spans, f.spans)),
                     key=lambda t: (-t[0], length[t[2]] - t[0], t[1], t[2]))
    item_of: dict[str, str] = {}
    matched: dict[str, str] = {}
    for _, gkey, qid in options:
        if gkey not in matched and qid not in item_of:
            item_of[qid] = gkey
            matched[gkey] = qid

    def who(qid: str) -> str | None:
        return found[qid].speaker_id or found[qid].speaker

    for _, gkey, qid in options:
        if gkey in matched and who(qid) == who(matched[gkey]):
            item_of.setdefault(qid, gkey)
    for qid in found:
        item_of.setdefault(qid, qid)
    article_of = {g.key: g.article_id for g in gold_reports} | {qid: f.article_id for qid, f in found.items()}
    text_of = {g.key: g.text for g in gold_reports} | {qid: f.text for qid, f in found.items()}

    def pairs_of(groups) -> set[tuple[str, str]]:
        out = set()
        for members in groups:
            items = sorted(set(members))
            for i, x in enumerate(items):
                for y in items[i + 1:]:
                    if x.startswith("q-") and y.startswith("q-") and article_of[x] == article_of[y]:
                        continue  # one article's repetitions: the gold is silent
                    out.add((x, y))
        return out

    gold_groups: dict[int, list[str]] = {}
    for g in gold_reports:
        gold_groups.setdefault(g.statement, []).append(g.key)
    gold_pairs = pairs_of(gold_groups.values())
    seen: set[str] = set()
    found_groups = []
    for r in records:
        for s in r.statements:
            if s.key not in seen:
                seen.add(s.key)
                found_groups.append([item_of[q] for q in s.reports if q in item_of])
    found_pairs = pairs_of(found_groups)
    right = gold_pairs & found_pairs
    only = lambda ps: {p for p in ps if p[0] in matched and p[1] in matched}  # noqa: E731
    return PairReport(
        gold_pairs=len(gold_pairs), found_pairs=len(found_pairs), right_pairs=len(right), reports=len(gold_reports),
        matched=len(matched), statements=len(gold_groups), articles=len(records),
        grouping_only=(len(only(gold_pairs)), len(only(found_pairs)), len(only(right))),
        missed=tuple((text_of[a], text_of[b]) for a, b in sorted(gold_pairs - found_pairs)),
        wrong=tuple((text_of[a], text_of[b]) for a, b in sorted(found_pairs - gold_pairs)))


def evaluate(archive_dir: str | Path, gold_file: str | Path, editors: bool = False
             ) -> tuple[PairReport | None, list[Problem]]:
    """Group the gold's articles and score the grouping: (figures, []) or (None, problems).  ``editors``:
    with the sidecars' ``statements:`` decisions (an editor's same_as for a paraphrase or a translation)."""
    records, gold, problems = run(archive_dir, gold_file, editors)
    if problems:
        return None, problems
    reports, problems = read_reports(gold, records)
    if problems:
        return None, problems
    return score(reports, records), []


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def format_report(report: PairReport, gold_file: str | Path, items: bool | None = None, editors: bool = False) -> str:
    """The printed figures; ``items`` (default: unless the gold is held out) lists missed and wrong pairs."""
    held_out = items is None and any(part in Path(gold_file).parts for part in ("test", "ru-test"))
    show = (not held_out) if items is None else items
    g, f, r = report.grouping_only
    lines = [
        f"Statement grouping against {gold_file}: {report.statements} statements, {report.reports} reports "
        f"({report.matched} found by the quotation finder), {report.articles} articles grouped; "
        + ("with the editors' statement decisions." if editors else "editors' statement decisions left out."),
        f"  pairwise: precision {report.precision:.3f} ({report.right_pairs}/{report.found_pairs}), "
        f"recall {report.recall:.3f} ({report.right_pairs}/{report.gold_pairs}), F1 {report.f1:.3f}",
        f"  grouping alone (among the {report.matched} reports found): precision {PairReport.ratio(r, f):.3f} ({r}/{f}), "
        f"recall {PairReport.ratio(r, g):.3f} ({r}/{g})",
    ]
    if show:
        for title, pairs in (("missed pairs", report.missed), ("wrong pairs", report.wrong)):
            if pairs:
                lines.append(f"  {title} ({len(pairs)}):")
                lines += [f"    “{_short(a)}”  ~  “{_short(b)}”" for a, b in pairs]
    elif report.missed or report.wrong:
        lines.append("  (held-out gold: pairs not listed)")
    return "\n".join(lines) + "\n"
