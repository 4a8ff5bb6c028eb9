"""The writer refuses to write outside ``docs/`` however a path gets there (a symbolic link as a folder or as
the file itself), also after it has checked (and remembers) other files of the same folder."""

from __future__ import annotations

import os

import pytest

from annals.publish.writer import DocsWriter, WriteError


def test_a_link_out_of_docs_is_refused_as_a_folder_or_as_the_file_even_in_a_folder_checked_before(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = tmp_path / "docs"
    writer = DocsWriter(docs)
    writer.put("articles/a1/index.md", "one\n")
    writer.put("articles/a1/quotes.json", "[]\n")  # the folder is now known to be inside docs/
    (docs / "cite").mkdir()
    writer.put("cite/a1.bib", "bib\n")
    os.symlink(outside / "stolen.bib", docs / "cite" / "a2.bib")  # the file itself leads out
    with pytest.raises(WriteError, match="outside docs"):
        writer.put("cite/a2.bib", "bib\n")
    os.symlink(outside, docs / "articles" / "a3")  # a folder that leads out
    with pytest.raises(WriteError, match="outside docs"):
        writer.put("articles/a3/index.md", "three\n")
    with pytest.raises(WriteError, match="relative paths inside docs"):
        writer.put("articles/../../outside/x.md", "x\n")
    assert list(outside.iterdir()) == []
    assert (docs / "articles" / "a1" / "quotes.json").read_text() == "[]\n"
