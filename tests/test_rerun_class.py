"""A class of 30 generated bundles re-run by the README's folder command (marker ``class_rerun``: run by .ci/run).

20 ordinary bundles (pack_submission() of notebook 07's solution), a broken zip, a zip bomb, zips with a
``..`` member, an absolute path and a symbolic link, and five malicious notebooks (files, environment and
programs, memory, network, an endless loop) that attack a temporary git copy of the course. Afterwards the
copy is byte-for-byte unchanged with nothing new in it, and the report says what happened to each bundle.
"""

import os
import subprocess
import sys
import time

import pytest

from rerun_bundles import make_class
from test_rerun import course_copy, git_status, read_report, readme_command, snapshot

pytestmark = pytest.mark.class_rerun


def test_a_class_of_30_bundles(tmp_path):
    course, home = course_copy(tmp_path / "course"), tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("the instructor's notes", encoding="utf-8")
    kinds = make_class(tmp_path / "hand_ins", course=course, home=home)
    assert len(kinds) == 30
    before = {"course": snapshot(course), "home": snapshot(home)}
    env = dict(os.environ, COURSE_ROOT=str(course), HOME=str(home))
    args = [sys.executable if word == "python" else word for word in readme_command().split()] + ["--timeout", "30"]
    started = time.monotonic()
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "30/30" in done.stderr
    assert snapshot(course) == before["course"] and git_status(course) == ""
    assert snapshot(home) == before["home"]
    rows = {row["learner"]: row for row in read_report(tmp_path / "marking" / "report.csv").values()}
    assert len(rows) == 30
    for learner, kind in kinds.items():
        row = rows[learner]
        if kind == "ordinary":
            assert row["status"] == "ran" and row["errors"] == "" and row["Fresh run"] == "met", row
        elif kind == "endless":
            assert row["status"] == "stopped" and "time limit of 30 s" in row["errors"], row
        elif kind in ("files", "environment"):
            assert row["status"] == "ran" and "re-run guard" in row["errors"] and row["Fresh run"] == "not met", row
        elif kind == "memory":
            assert "MemoryError" in row["errors"], row
        elif kind == "network":
            assert "network blocked" in row["errors"], row
        else:
            assert row["status"] == "refused" and kind in row["errors"], row
    ordinary = [float(rows[k]["seconds"]) for k, v in kinds.items() if v == "ordinary"]
    print(f"\n30 bundles in {seconds:.1f} s; ordinary bundles {min(ordinary):.1f}-{max(ordinary):.1f} s "
          f"(median {sorted(ordinary)[len(ordinary) // 2]:.1f} s)")
