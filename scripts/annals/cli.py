"""The ``annals`` command: a thin layer that parses arguments and calls the library."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from annals import __version__
from annals.pipeline import BuildFailed, SettingError, build, check
from annals.model import Problem
from annals.progress import Progress
from annals.publish.output import OutputError
from annals.publish.writer import WriteError


def _print_problems(problems, out=None) -> None:
    for p in problems:
        print(str(p), file=out or sys.stderr)  # looked up per call, so that a caller may redirect it


def _review_list(problems: tuple[Problem, ...]) -> None:
    review = [p for p in problems if p.severity == "review"]
    if review:
        print(f"Needs an editor ({len(review)}):")
        for p in review:
            print(f"  {p}")


def cmd_check(args) -> int:
    result = check(args.archive)
    _print_problems(result.errors)
    print(f"{result.sources} sources checked: {len(result.errors)} errors, {len(result.review)} items for an editor")
    _review_list(result.problems)
    failing = result.problems if args.strict else result.errors
    return 1 if failing else 0


def cmd_build(args) -> int:
    from mkdocs.exceptions import MkDocsException  # (Abort is a SystemExit: caught by name)

    try:
        result, report = build(args.archive, args.docs_dir, None if args.no_site else args.site_dir,
                               args.config, strict=args.strict, cache=_cache(args), jobs=args.jobs,
                               progress=Progress(sys.stderr), search=not args.no_search,
                               update_registry=not args.no_registry_update, wait=_say_waiting)
    except BuildFailed as failed:
        _print_problems(failed.problems)
        print(f"Aborted with {len(failed.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except (WriteError, OutputError) as err:
        print(f"annals: {err}", file=sys.stderr)
        return 1
    except MkDocsException as err:  # MkDocs' own failure, e.g. a strict build with warnings (printed above)
        print(f"annals: MkDocs: {err}", file=sys.stderr)
        return 1
    if args.timings_json:
        Path(args.timings_json).write_text(json.dumps(report.timings, indent=1) + "\n", encoding="utf-8")
    print(f"{report.sources} sources -> {report.pages} article pages")
    if report.registry_added:
        done = "recorded in" if report.registry_written else "not recorded (--no-registry-update) in"
        print(f"{report.registry_added} new URLs and anchors {done} {Path(args.archive) / 'published.txt'}")
    if report.ledger_written:
        print(f"statement IDs recorded in {Path(args.archive) / 'statements.txt'}")
    _review_list(result.problems)
    return 0


def _say_waiting(message: str) -> None:
    print(f"annals: {message} ...", file=sys.stderr, flush=True)


def _cache(args):
    from annals.cache import ArticleCache

    return ArticleCache(None if args.no_cache else args.cache_dir)


def cmd_add(args) -> int:
    from annals.ingest.ids import add

    try:
        new, problems = add(args.archive, args.files)
    except OSError as err:  # the disk, not the input: say what could not be written
        print(f"annals: could not add: {err.strerror}: {err.filename}", file=sys.stderr)
        return 1
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        _print_problems(errors)
        print(f"Nothing added: {len(errors)} problem(s).", file=sys.stderr)
        return 1
    for f, ident in zip(args.files, new):
        print(f"{ident}  articles/{Path(f).name}")
    for p in problems:  # warnings: added all the same
        print(f"warning: {p}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from annals.serve import serve

    try:
        return serve(args.archive, args.docs_dir, args.config, args.dev_addr,
                     cache_dir=None if args.no_cache else args.cache_dir, site_dir=args.site_dir)
    except (WriteError, OutputError) as err:
        print(f"annals: {err}", file=sys.stderr)
        return 1


def dev_tool(name: str):
    """The developer tool ``annals_dev.<name>`` (``scripts/annals_dev/``, not part of the installed
    package), or None after saying on stderr that it is absent and how to get it."""
    try:
        return importlib.import_module(f"annals_dev.{name}")
    except ModuleNotFoundError as err:
        if err.name not in ("annals_dev", f"annals_dev.{name}"):
            raise
    print(f"annals {name}: this command is a developer tool (scripts/annals_dev/{name}.py in a checkout of the "
          f"repository), which is not installed with the package; run `make {name}` in a checkout, or put its "
          "scripts/ folder on PYTHONPATH", file=sys.stderr)
    return None


def cmd_evaluate(args) -> int:
    if Path(args.gold).name == "statements.yml":  # a statement-grouping gold (issue 22): its own module
        tool = dev_tool("statements_eval")
        if tool is None:
            return 2
        report, problems = tool.evaluate(args.archive, args.gold, editors=args.with_editors)
        if report is None:
            _print_problems(problems)
            print(f"Aborted with {len(problems)} problem(s).", file=sys.stderr)
            return 1
        print(tool.format_report(report, args.gold, items=True if args.show_items else None, editors=args.with_editors), end="")
        return 0
    tool = dev_tool("evaluate")
    if tool is None:
        return 2
    evaluate, format_report = tool.evaluate, tool.format_report

    report, problems = evaluate(args.archive, args.gold)
    if report is None:
        _print_problems(problems)
        print(f"Aborted with {len(problems)} problem(s).", file=sys.stderr)
        return 1
    print(format_report(report, args.gold, items=True if args.show_items else None), end="")
    return 0


def cmd_bench(args) -> int:
    tool = dev_tool("bench")
    return 2 if tool is None else tool.run(args)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="annals", description="Build the Annals archive: raw articles in, annotated site out.")
    ap.add_argument("--version", action="version", version=f"annals {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def paths(p, docs=True, site=True, config=True):
        p.add_argument("--archive", default="archive", help="archive folder (default: archive)")
        if docs:
            p.add_argument("--docs-dir", default="docs", help="generated Markdown folder (default: docs)")
        if site:
            p.add_argument("--site-dir", default="site", help="built site folder (default: site)")
        if config:
            p.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")

    def speed(p):
        p.add_argument("--jobs", type=int, default=None,
                       help="worker processes for parsing and annotating (default: ANNALS_JOBS or the number of cores)")
        p.add_argument("--cache-dir", default=".cache/annals",
                       help="where unchanged articles' results are kept (default: .cache/annals)")
        p.add_argument("--no-cache", action="store_true", help="parse and annotate every article afresh")

    b = sub.add_parser("build", help="check the archive, write docs/ and build site/")
    paths(b)
    b.add_argument("--strict", action="store_true", help="fail on anything that needs an editor, and on MkDocs warnings")
    b.add_argument("--no-site", action="store_true", help="write docs/ only; do not run MkDocs")
    b.add_argument("--no-search", action="store_true",
                   help="do not index the site with Pagefind (faster; the site has no search)")
    b.add_argument("--no-registry-update", action="store_true",
                   help="check the registry of published URLs (archive/published.txt) but do not add this build's new "
                        "ones, nor record new statement IDs (archive/statements.txt): a trial build")
    speed(b)
    b.add_argument("--timings-json", metavar="FILE", help="write each stage's seconds and wall-clock span to FILE (for the bench)")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="check the archive and list what needs an editor; write nothing")
    paths(c, docs=False, site=False, config=False)
    c.add_argument("--strict", action="store_true", help="exit non-zero if anything needs an editor")
    c.set_defaults(func=cmd_check)

    a = sub.add_parser("add", help="copy raw articles into the archive and give each a permanent ID")
    paths(a, docs=False, site=False, config=False)
    a.add_argument("files", nargs="+", help="raw article files (.txt)")
    a.set_defaults(func=cmd_add)

    bn = sub.add_parser("bench", help="build synthetic archives of N articles and print the figures of each stage "
                                      "(a developer tool: scripts/annals_dev/bench.py)")
    bn.add_argument("--sizes", default="100,1000",
                    help="comma-separated N (default: 100,1000; add 10000 for the target size)")
    bn.add_argument("--skip", default="", help="comma-separated parts to leave out (an unknown name lists them)")
    bn.add_argument("--seed", type=int, default=1, help="seed of the synthetic archives (default: 1)")
    bn.add_argument("--work-dir", default=None,
                    help="scratch folder, kept (default: a temporary folder, removed after)")
    bn.add_argument("--json", default=None, help="also write the figures as JSON to this file")
    bn.set_defaults(func=cmd_bench)

    e = sub.add_parser("evaluate", help="score the quotation finder, or the statement grouping, against a hand-made gold standard")
    paths(e, docs=False, site=False, config=False)
    e.add_argument("--gold", default="tests/gold/quotes.yml",
                   help="gold standard of quotations and mentions (default: tests/gold/quotes.yml), or a corpus part "
                        "folder with articles/ and gold/ (tests/attribution/dev); a file named statements.yml is a "
                        "statement-grouping gold (tests/gold/statements.yml, tests/attribution/dev/statements.yml): "
                        "pairwise precision and recall")
    e.add_argument("--show-items", action="store_true",
                   help="list misses and wrong speakers even for a held-out part (test, ru-test, validation2, "
                        "ru-validation, or a corpus folder outside tests/)")
    e.add_argument("--with-editors", action="store_true",
                   help="statement grouping: apply the editors' statements: decisions of the gold's sidecars (same_as, "
                        "not_with, ...) too; by default the measures alone are scored")
    e.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("serve", help="preview with live reload; rebuilds what an edit touches")
    paths(s)
    s.add_argument("--cache-dir", default=".cache/annals", help="where unchanged articles' results are kept (default: .cache/annals)")
    s.add_argument("--no-cache", action="store_true", help="parse and annotate every article afresh on every rebuild")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingError as err:  # the environment, not the archive: one line, no traceback
        print(f"annals: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
