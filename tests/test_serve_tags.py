"""`annals serve` configures MkDocs as `annals build` does: the tags plugins allow only the
gazetteers' names, so a tag outside them fails the preview's rebuild (issue 4, item 6)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from annals.render.browse.tags import allowed
from annals.serve import mkdocs_config
from annals.ingest.sources import load_archive
from conftest import ARCHIVE, ROOT, make_project


def test_preview_config_allows_exactly_the_gazetteer_names(tmp_path):
    archive, _ = load_archive(ARCHIVE)
    (tmp_path / "docs").mkdir()
    cfg = mkdocs_config(str(ROOT / "mkdocs.yml"), str(tmp_path / "docs"), str(tmp_path / "site"), archive)
    tags = {p.config.tags_name_property: {t.name for t in p.config.tags_allowed}
            for name, p in cfg.plugins.items() if name.startswith("material/tags")}
    assert tags == allowed(archive)
    assert "Dmitry Medvedev" in tags["official_tags"] and "2012 US presidential election" in tags["election_tags"]


def test_serve_fails_a_page_whose_tag_is_not_in_the_gazetteer(tmp_path):
    project = make_project(tmp_path / "p")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(project),
           "PYTHONPATH": str(ROOT / "scripts")}
    log = project / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "annals", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/articles/a000001/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                first = urllib.request.urlopen(url, timeout=5).read().decode()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert "Dmitry Peskov" in first
        page = project / "docs" / "articles" / "a000001" / "index.md"
        text = page.read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        assert "- Dmitry Peskov\n" in front
        page.write_text(text.replace("- Dmitry Peskov\n", "- Dmitri Peskov\n", 1), encoding="utf-8")
        deadline = time.monotonic() + 90
        while "Tags not in allow list: Dmitri Peskov" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        # (the live-reload server then holds requests until a build succeeds: nothing to fetch)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
