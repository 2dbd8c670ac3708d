"""The guide's CI examples (docs/guide/publish.md) keep the build cache between runs, where gongkai puts it, and
the site the build made (kept_site.py updates it in place)."""

from __future__ import annotations

import yaml
from conftest import PROJECT
from gongkai import cache


def _blocks() -> list[dict]:
    """The indented YAML examples of the guide page (runs of lines indented by 4 or more), parsed."""
    runs: list[list[str]] = [[]]
    for line in (PROJECT / "docs/guide/publish.md").read_text(encoding="utf-8").split("\n"):
        if line.startswith("    ") or (not line.strip() and runs[-1]):
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    found = []
    for run in runs:
        lines = [line for line in run if line.strip()]
        if not lines:
            continue
        indent = min(len(line) - len(line.lstrip()) for line in lines)
        try:
            data = yaml.safe_load("\n".join(line[indent:] for line in run))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def test_github_and_gitea_workflows_restore_the_cache() -> None:
    workflows = [b for b in _blocks() if "jobs" in b]
    assert len(workflows) == 2  # GitHub Pages and Gitea
    for workflow in workflows:
        steps = workflow["jobs"]["build"]["steps"]
        uses = [s.get("uses", "") for s in steps]
        cached = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache@"))]
        build = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("mkdocs build"))
        assert steps.index(cached) < build
        assert cached["with"]["path"].split() == [cache.DEFAULT_DIR, "site"]
        prefix = cached["with"]["restore-keys"].strip()
        assert cached["with"]["key"].startswith(prefix) and "hooks/**" in prefix and "theme/**" in prefix


def test_gitlab_job_keeps_the_cache() -> None:
    job = next(b["pages"] for b in _blocks() if "pages" in b)
    assert "mkdocs.yml" in job["cache"]["key"]["files"]
    build = next(line for line in job["script"] if line.startswith("mkdocs build"))
    site = build.split("-d ")[1].strip() if "-d " in build else "site"
    assert job["cache"]["paths"] == [cache.DEFAULT_DIR + "/", site + "/"]
