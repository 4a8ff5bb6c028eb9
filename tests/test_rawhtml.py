"""Generated pages go through Python-Markdown whole (``annals.render.rawhtml``, issue 7): MkDocs writes the
HTML body annals wrote, with the same elements Python-Markdown's own HTML parsing would give, and
MkDocs still knows each generated page's anchors for its ``validation: anchors``."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import markdown
import pytest
import yaml

from annals.render import kit as R
from annals.publish.mkdocs import run_mkdocs
from annals.render.rawhtml import MARK
from conftest import ROOT


def project_markdown(raw_html: bool) -> markdown.Markdown:
    """Python-Markdown with mkdocs.yml's extensions, with or without ``annals.render.rawhtml``."""
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    names = [e for e in cfg["markdown_extensions"] if raw_html or e != "annals.render.rawhtml"]
    return markdown.Markdown(extensions=names, extension_configs=cfg["mdx_configs"])


def convert(md: markdown.Markdown, page: str) -> str:
    from mkdocs.utils.meta import get_data

    md.reset()
    return md.convert(get_data(page)[0])


def elements(html: str) -> list[tuple]:
    """Every element (and comment but the mark) in order with its attributes and non-blank text and tail."""
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    return [(el.tag, sorted(el.attrib.items()), (el.text or "").strip() and el.text, (el.tail or "").strip() and el.tail)
            for el in doc.iter() if lxml.html.tostring(el, with_tail=False).decode() != MARK]


@pytest.fixture(scope="module")
def generated_pages(built_site) -> dict[str, str]:
    """The seed build's generated Markdown pages, by docs path."""
    docs = built_site / "docs"
    names = (docs / ".annals-generated").read_text(encoding="utf-8").splitlines()
    return {n: (docs / n).read_text(encoding="utf-8") for n in names if n.endswith(".md")}


def test_every_generated_page_is_marked_and_no_hand_written_one(built_site, generated_pages):
    assert len(generated_pages) > 20
    assert [n for n, text in generated_pages.items() if f"---\n\n{MARK}\n" not in text] == []
    hand = [p for p in (built_site / "docs").glob("*.md") if p.relative_to(built_site / "docs").as_posix()
            not in generated_pages]
    assert hand and [p.name for p in hand if MARK in p.read_text(encoding="utf-8")] == []


def test_a_generated_page_comes_out_as_its_body(generated_pages):
    md = project_markdown(raw_html=True)
    for name, text in generated_pages.items():
        body = text.split(MARK + "\n", 1)[1]
        assert convert(md, text) == body.strip(), name


def test_a_generated_page_has_the_elements_python_markdown_would_give_it(generated_pages):
    with_ext, without = project_markdown(raw_html=True), project_markdown(raw_html=False)
    for name, text in generated_pages.items():
        assert elements(convert(with_ext, text)) == elements(convert(without, text)), name


def test_a_hand_written_page_is_left_to_python_markdown():
    page = "# Title\n\nSome *text* and <span id=\"s\">raw</span>.\n"
    assert convert(project_markdown(raw_html=True), page) == convert(project_markdown(raw_html=False), page)


# ---- MkDocs' anchor validation still sees the anchors of generated pages -----------------------

def tiny_project(tmp: Path, link: str) -> Path:
    """mkdocs.yml's theme, plugins and extensions (no nav), one generated page and one hand-written
    page with a Markdown link to ``link``."""
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("nav", "not_in_nav"):
        cfg.pop(key, None)
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    shutil.copytree(ROOT / "overrides", tmp / "overrides")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "generated.md").write_text(
        R.front_matter({"title": "Generated"}) + '<h1 id="top">Generated</h1><p id="p1" class="x">One.</p>\n',
        encoding="utf-8")
    (tmp / "docs" / "index.md").write_text(f"# Home\n\nSee [paragraph one]({link}).\n", encoding="utf-8")
    return tmp


def test_a_markdown_link_to_an_anchor_of_a_generated_page_passes_the_strict_build(tmp_path):
    project = tiny_project(tmp_path, "generated.md#p1")
    run_mkdocs(project / "mkdocs.yml", project / "docs", project / "site", strict=True)
    assert '<p id="p1" class="x">One.</p>' in (project / "site" / "generated" / "index.html").read_text(encoding="utf-8")


def test_a_markdown_link_to_a_missing_anchor_of_a_generated_page_fails_it(tmp_path, capsys):
    from mkdocs.exceptions import Abort

    project = tiny_project(tmp_path, "generated.md#p2")
    with pytest.raises(Abort):
        run_mkdocs(project / "mkdocs.yml", project / "docs", project / "site", strict=True)
    assert "'#p2'" in capsys.readouterr().err
