"""The build's output is byte-identical to the recorded reference (``tests/fixtures/identity.txt``).

Restructuring commits (modules moved, code reorganised) must not change a byte of ``docs/`` or
``site/``; ``annals_dev.identity`` builds the seeds and a 200-article synthetic archive with a fixed
``SOURCE_DATE_EPOCH`` and digests both trees.  A commit that changes the output on purpose rewrites the
reference (``make identity-update``) in a commit of its own that says why.
"""

from __future__ import annotations

import pytest

from annals_dev import identity

REFERENCE = identity.REPO / "tests" / "fixtures" / "identity.txt"


def reference() -> list[str]:
    return [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


@pytest.mark.slow
def test_docs_and_site_are_byte_identical_to_the_reference(tmp_path):
    got = identity.identity(tmp_path / "work", manifests=tmp_path / "manifests")
    assert got == reference(), (f"the build's output changed (per-file hashes in {tmp_path / 'manifests'}); "
                                "if that is intended, run `make identity-update` and commit the reference with the reason")


def test_a_changed_file_changes_the_digest(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text("one", encoding="utf-8")
    before = identity.digest(identity.manifest(tmp_path / "a"))
    (tmp_path / "a" / "x.html").write_text("two", encoding="utf-8")
    after = identity.digest(identity.manifest(tmp_path / "a"))
    assert after != before
    (tmp_path / "a" / "x.html").rename(tmp_path / "a" / "y.html")  # the same bytes under another name
    assert identity.digest(identity.manifest(tmp_path / "a")) != after
