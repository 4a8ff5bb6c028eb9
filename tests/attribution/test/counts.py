"""Counts of a corpus part's gold, by class, kind and house style (for its NOTE.md).

Run from the repository root:  python tests/attribution/test/counts.py [tests/attribution/<part>]
Reads only gold/*.yml (the house style is the `# house style: ...` comment of each gold file).
Counted items are those not marked `optional`; optional items are shown separately.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

CLASSES = ("direct", "translit", "unlisted", "role", "channel", "carried", "participial",
           "not-quote", "unattributed", "trap")
KINDS = ("full", "partial", "reported", "scare", "name")


def main(part: Path) -> None:
    by_class, by_kind, optional_kind, by_speaker_kind = Counter(), Counter(), Counter(), Counter()
    styles: Counter = Counter()
    style_quotes: Counter = Counter()
    per_article = []
    for gold in sorted((part / "gold").glob("*.yml")):
        text = gold.read_text(encoding="utf-8")
        m = re.search(r"^# house style: (\S+)", text, re.M)
        style = m.group(1) if m else "unknown"
        styles[style] += 1
        for article in yaml.safe_load(text)["articles"]:
            counted = [q for q in article.get("quotes") or [] if not q.get("optional")]
            optional = [q for q in article.get("quotes") or [] if q.get("optional")]
            per_article.append((article["file"], style, len(counted), len(optional)))
            style_quotes[style] += len(counted)
            for q in counted:
                by_kind[q["kind"]] += 1
                by_speaker_kind[q.get("speaker_kind", "?")] += 1
                for c in q.get("classes") or []:
                    by_class[c] += 1
            for q in optional:
                optional_kind[q["kind"]] += 1
    total = sum(n for _, _, n, _ in per_article)
    print(f"articles: {len(per_article)}; counted quotations: {total}; optional: {sum(optional_kind.values())}")
    print("\nper class (counted items; an item has one or more classes):")
    for c in CLASSES:
        print(f"  {c:<13}{by_class[c]:>5}")
    print("\nper kind (counted / optional):")
    for k in KINDS:
        print(f"  {k:<13}{by_kind[k]:>5} / {optional_kind[k]}")
    print("\nper speaker kind (counted):")
    for k in ("person", "institution", "none"):
        print(f"  {k:<13}{by_speaker_kind[k]:>5}")
    print("\nper house style (articles, counted quotations):")
    for s in sorted(styles):
        print(f"  {s:<13}{styles[s]:>3}{style_quotes[s]:>6}")
    print("\nper article (style, counted, optional):")
    for name, style, n, o in per_article:
        print(f"  {name:<48}{style:<13}{n:>4}{o:>4}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
