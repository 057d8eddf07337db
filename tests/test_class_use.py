"""Running the course for a whole class: updates never touch learner work; Binder installs helpers;
links to the repository come from its one recorded address (CITATION.cff)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from browser_support import changed_outside_my_work

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git")
PLACEHOLDER = "OWNER/REPO"


def _git(*args, cwd):
    return subprocess.run([GIT, "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_my_work_is_git_ignored():
    assert "my_work/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if GIT is None or not (ROOT / ".git").exists():
        pytest.skip("git or the .git folder is missing: only .gitignore was checked")
    assert subprocess.run([GIT, "check-ignore", "-q", "my_work/01_close_reading.ipynb"], cwd=ROOT).returncode == 0
    assert _git("ls-files", "my_work", cwd=ROOT) == "", "a tracked file in my_work/ would collide with learner work"


@pytest.mark.skipif(GIT is None, reason="git is not installed: the git pull simulation needs it")
def test_git_pull_updates_the_course_and_keeps_learner_work(tmp_path):
    upstream, learner = tmp_path / "upstream", tmp_path / "learner"
    (upstream / "notebooks").mkdir(parents=True)
    shutil.copyfile(ROOT / ".gitignore", upstream / ".gitignore")
    (upstream / "notebooks" / "01_x.ipynb").write_text("version 1", encoding="utf-8")
    _git("init", "-q", cwd=upstream)
    _git("add", "-A", cwd=upstream)
    _git("commit", "-q", "-m", "v1", cwd=upstream)
    _git("clone", "-q", str(upstream), str(learner), cwd=tmp_path)
    (learner / "my_work").mkdir()
    (learner / "my_work" / "01_x.ipynb").write_text("my answers", encoding="utf-8")
    (upstream / "notebooks" / "01_x.ipynb").write_text("version 2", encoding="utf-8")
    (upstream / "my_work").mkdir()  # even if upstream had a my_work/ folder, it could not be committed
    (upstream / "my_work" / "01_x.ipynb").write_text("upstream", encoding="utf-8")
    _git("add", "-A", cwd=upstream)
    _git("commit", "-q", "-m", "v2", cwd=upstream)
    _git("pull", "-q", "--ff-only", cwd=learner)
    assert (learner / "notebooks" / "01_x.ipynb").read_text(encoding="utf-8") == "version 2"
    assert (learner / "my_work" / "01_x.ipynb").read_text(encoding="utf-8") == "my answers"
    assert _git("status", "--porcelain", cwd=learner) == ""


def test_change_detector_flags_writes_outside_my_work():
    before = {"data/a.csv": "1", "notebooks/01_x.ipynb": "2"}
    after = {"data/a.csv": "1", "notebooks/01_x.ipynb": "3", "my_work/notes.md": "4", "notes.md": "5"}
    assert changed_outside_my_work(before, after, "01_x.ipynb") == ["notes.md"]
    assert changed_outside_my_work(before, after, "02_y.ipynb") == ["notebooks/01_x.ipynb", "notes.md"]


def test_binder_installs_the_helpers_package():
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "python -m pip install --no-deps -e ." in post_build.read_text(encoding="utf-8")
    # repo2docker reads binder/ instead of the root when that folder exists
    assert not (ROOT / "binder").exists() or (ROOT / "binder" / "environment.yml").exists()
    assert yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["name"]


def repository() -> str:
    """owner/name from CITATION.cff's repository-code (the one place), or the placeholder."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    found = re.match(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", cff.get("repository-code") or "")
    return found.group(1) if found else PLACEHOLDER


def test_links_to_the_repository_use_the_address_in_citation_cff():
    expected = repository()
    texts = {p.name: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", ROOT / "CONTRIBUTING.md",
                                                             ROOT / "docs" / "instructor_guide.md"] if p.exists()}
    pattern = r"mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)|repo=https%3A%2F%2Fgithub\.com%2F([^%\s&)]+%2F[^%\s&)]+)"
    for name, text in texts.items():
        for match in re.finditer(pattern, text):
            found = (match.group(1) or match.group(2)).replace("%2F", "/")
            assert found == expected, f"{name} links to {found}; CITATION.cff says {expected}"
