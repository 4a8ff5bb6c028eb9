"""The GitHub workflow a new owner can trust: Pages rights and the Pages artifact only for a push to main,
and a deploy that stops when mkdocs.yml's site_url is not the repository's Pages address."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_only_the_deploy_job_on_main_may_write_to_pages():
    wf = workflow()
    assert wf["permissions"] == {"contents": "read"}
    writers = {name for name, job in wf["jobs"].items()
               if {"pages", "id-token"} & {k for k, v in (job.get("permissions") or {}).items() if v == "write"}}
    assert writers == {"deploy"}
    assert wf["jobs"]["deploy"]["if"] == ON_MAIN


def test_the_pages_artifact_is_uploaded_only_on_main():
    for name, job in workflow()["jobs"].items():
        for step in job["steps"]:
            if "upload-pages-artifact" in step.get("uses", ""):
                assert step.get("if") == ON_MAIN or job.get("if") == ON_MAIN, name


def _site_url_check(tmp_path: Path, site_url: str, pages_url: str) -> subprocess.CompletedProcess:
    step = next(s for s in workflow()["jobs"]["deploy"]["steps"] if "site_url" in s.get("name", ""))
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nsite_url: {site_url}\n", encoding="utf-8")
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PAGES_URL": pages_url})


def test_deploy_stops_when_site_url_is_not_the_pages_address(tmp_path):
    assert _site_url_check(tmp_path, "https://owner.github.io/annals/", "https://owner.github.io/annals").returncode == 0
    wrong = _site_url_check(tmp_path, "https://annals.example.org/", "https://owner.github.io/annals")
    assert wrong.returncode == 1 and "set site_url in mkdocs.yml" in wrong.stdout
