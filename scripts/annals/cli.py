"""The ``annals`` command: a thin layer that parses arguments and calls the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .build import BuildFailed, build, check
from .model import Problem
from .progress import Progress
from .writer import WriteError


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


def _show_mkdocs_warnings() -> None:
    """Print MkDocs' warnings as ``WARNING - message`` on stderr.  Without a handler of ours they are lost
    in strict mode (MkDocs' own counting handler takes them) and printed without their level otherwise."""
    import logging

    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "annals", False) for h in logger.handlers):
        handler = logging.StreamHandler()  # sys.stderr, looked up when the handler is made
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        handler.annals = True
        logger.addHandler(handler)


def cmd_build(args) -> int:
    from mkdocs.exceptions import Abort

    _show_mkdocs_warnings()
    try:
        result, report = build(args.archive, args.docs_dir, None if args.no_site else args.site_dir,
                               args.config, strict=args.strict, cache=_cache(args), jobs=args.jobs,
                               progress=Progress(sys.stderr), search=not args.no_search,
                               update_registry=not args.no_registry_update)
    except BuildFailed as failed:
        _print_problems(failed.problems)
        print(f"Aborted with {len(failed.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except WriteError as err:
        print(f"annals: {err}", file=sys.stderr)
        return 1
    except Abort as err:  # MkDocs stopped (in strict mode: on the warnings printed above); docs/ is written
        print(f"annals: MkDocs: {err}", file=sys.stderr)
        return 1
    if args.timings_json:
        Path(args.timings_json).write_text(json.dumps(report.timings, indent=1) + "\n", encoding="utf-8")
    print(f"{report.sources} sources -> {report.pages} article pages")
    if report.registry_added:
        done = "recorded in" if report.registry_written else "not recorded (--no-registry-update) in"
        print(f"{report.registry_added} new URLs and anchors {done} {Path(args.archive) / 'published.txt'}")
    _review_list(result.problems)
    return 0


def _cache(args):
    from .cache import ArticleCache

    return ArticleCache(None if args.no_cache else args.cache_dir)


def cmd_add(args) -> int:
    from .ids import add

    new, problems = add(args.archive, args.files)
    _print_problems(problems)
    if problems:
        print(f"Nothing added: {len(problems)} problem(s).", file=sys.stderr)
        return 1
    for f, ident in zip(args.files, new):
        print(f"{ident}  articles/{Path(f).name}")
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(args.archive, args.docs_dir, args.config, args.dev_addr,
                 cache_dir=None if args.no_cache else args.cache_dir)


def cmd_evaluate(args) -> int:
    from .evaluate import evaluate, format_report

    report, problems = evaluate(args.archive, args.gold)
    if report is None:
        _print_problems(problems)
        print(f"Aborted with {len(problems)} problem(s).", file=sys.stderr)
        return 1
    print(format_report(report, args.gold), end="")
    return 0


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
                   help="check the registry of published URLs (archive/published.txt) but do not add this build's new ones")
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

    from . import bench

    bn = sub.add_parser("bench", help="build synthetic archives of N articles and print the figures of each stage")
    bench.add_arguments(bn)
    bn.set_defaults(func=bench.run)

    e = sub.add_parser("evaluate", help="score the quotation finder against a hand-made gold standard")
    paths(e, docs=False, site=False, config=False)
    e.add_argument("--gold", default="tests/gold/quotes.yml",
                   help="gold standard of quotations and mentions (default: tests/gold/quotes.yml)")
    e.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("serve", help="preview with live reload; rebuilds what an edit touches")
    paths(s, site=False)
    s.add_argument("--cache-dir", default=".cache/annals", help="where unchanged articles' results are kept (default: .cache/annals)")
    s.add_argument("--no-cache", action="store_true", help="parse and annotate every article afresh on every rebuild")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
