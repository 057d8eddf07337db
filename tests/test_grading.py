"""nbgrader, for real: our markers make nbgrader's student version, and nbgrader autogrades notebook 07.

The converter (helpers/nbgrader_source.py) is tested in the plain run. The nbgrader runs are marked
``grading``; plain ``python -m pytest`` leaves them out. Run them (about two minutes)::

    python -m pip install -e ".[test,grading]" -c requirements-lock.txt
    python -m pytest tests/test_grading.py -m grading -n 0 -rs
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import nbgrader_source

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "notebooks" / "solutions" / "07_assignment.ipynb"
STUDENT = ROOT / "notebooks" / "07_assignment.ipynb"
TESTS = ROOT / "grading" / "07_assignment_tests.yml"
ASSIGNMENT = SOLUTION.stem
# A deliberately wrong submission: two answers of the right kind of mistake, the rest as the solution.
WRONG = {'my_variant = "A"': 'my_variant = "E"',
         'r1_ids = ["P4.S2", "P5.S1", "P5.S3", "P8.S2"]': 'r1_ids = "P4.S2, P5.S1"'}
WRONG_FAILS = {"test-variant", "test-r1-sentence-ids"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# --- the converter, in the plain run -------------------------------------------------------------

def test_solution_and_student_versions_get_the_same_grade_ids():
    solution, student = _load(SOLUTION), _load(STUDENT)
    ids = nbgrader_source.solution_cell_ids(solution)
    tests = nbgrader_source.load_tests(TESTS, solution)
    marked = [nbgrader_source.with_nbgrader_metadata(nb, ids, tests) for nb in (solution, student)]
    grade_ids = [[c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"] if "nbgrader" in c["metadata"]]
                 for nb in marked]
    assert grade_ids[0] == grade_ids[1] and len(grade_ids[0]) == len(ids) + len(tests)
    solution_cells = [c for c in marked[0]["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert solution_cells and all("### BEGIN SOLUTION" in _source(c) for c in solution_cells)
    assert all(not c.get("outputs") for c in marked[0]["cells"] if c["cell_type"] == "code")


def test_every_test_cell_follows_the_cell_it_names():
    solution = _load(SOLUTION)
    marked = nbgrader_source.with_nbgrader_metadata(solution, nbgrader_source.solution_cell_ids(solution),
                                                    nbgrader_source.load_tests(TESTS, solution))
    spec = yaml.safe_load(TESTS.read_text(encoding="utf-8"))
    for test in spec:
        index = next(i for i, c in enumerate(marked["cells"]) if c.get("id") == f"test-{test['id']}")
        assert _source(marked["cells"][index - 1]).split("\n")[0] == test["after"]
        assert marked["cells"][index]["metadata"]["nbgrader"]["points"] == test["points"]


def test_a_test_whose_cell_the_learner_deleted_goes_at_the_end():
    solution, student = _load(SOLUTION), _load(STUDENT)
    tests = nbgrader_source.load_tests(TESTS, solution)
    variant_check = next(t["after_id"] for t in tests if t["id"] == "variant")
    student["cells"] = [c for c in student["cells"] if c["id"] != variant_check]
    marked = nbgrader_source.with_nbgrader_metadata(student, nbgrader_source.solution_cell_ids(solution), tests)
    assert marked["cells"][-1]["id"] == "test-variant"
    assert sum(c["id"].startswith("test-") for c in marked["cells"]) == len(tests)


def test_tagged_cells_are_left_out_as_in_the_student_version():
    notebook = {"cells": [{"id": "a", "cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "model"},
                          {"id": "b", "cell_type": "markdown", "metadata": {}, "source": "kept"}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert [c["id"] for c in nbgrader_source.with_nbgrader_metadata(notebook, [], [])["cells"]] == ["b"]


def test_a_test_whose_cell_is_not_found_names_the_file_and_the_line(tmp_path):
    bad = tmp_path / "tests.yml"
    bad.write_text("- id: x\n  after: no such line\n  points: 1\n  source: assert True\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tests\.yml, test 'x': 0 code cells start with the line 'no such line'"):
        nbgrader_source.load_tests(bad, _load(SOLUTION))
    bad.write_text("- id: x\n  points: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tests\.yml, test 1: fields \['id', 'points'\], expected"):
        nbgrader_source.load_tests(bad, _load(SOLUTION))


# --- nbgrader itself, marked `grading` -------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory, request):
    """An nbgrader course folder in tmp with notebook 07 released, or a skip (a failure in CI) without nbgrader."""
    if not re.search(r"(?<!not )\bgrading\b", request.config.getoption("markexpr") or ""):
        pytest.skip("grading test skipped: select it with -m grading (it runs nbgrader, about two minutes)")
    if importlib.util.find_spec("nbgrader") is None:
        reason = 'nbgrader is not installed: python -m pip install -e ".[test,grading]" -c requirements-lock.txt'
        if os.environ.get("COURSE_REQUIRE_SLOW_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("nbgrader_course")
    assert nbgrader_source.main([str(SOLUTION), "--course-dir", str(folder)]) == 0
    nbgrader(folder, "generate_assignment", ASSIGNMENT)
    return folder


def nbgrader(folder: Path, *args: str) -> str:
    """Run an nbgrader command in the course folder; nbgrader calls alembic, so this venv's bin goes on PATH."""
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=folder, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0 and "[ERROR]" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.grading
def test_generate_assignment_makes_our_student_version_plus_the_test_cells(course):
    release = _load(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    tests = [c for c in release["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
             and not c["metadata"]["nbgrader"]["solution"]]
    others = [(c["cell_type"], _source(c)) for c in release["cells"] if c not in tests]
    ours = [(c["cell_type"], _source(c)) for c in _load(STUDENT)["cells"]]
    assert others == ours
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in tests] == [
        f"test-{t['id']}" for t in yaml.safe_load(TESTS.read_text(encoding="utf-8"))]
    assert not any("BEGIN SOLUTION" in source or "NotImplementedError" in source for _, source in others)


@pytest.mark.grading
def test_autograde_gives_full_marks_to_the_solution_and_less_to_wrong_answers(course, tmp_path):
    solution_text = SOLUTION.read_text(encoding="utf-8")
    wrong_text = solution_text
    for right, wrong in WRONG.items():
        right, wrong = json.dumps(right)[1:-1], json.dumps(wrong)[1:-1]  # as written inside the notebook's JSON
        assert right in wrong_text, f"the solution no longer has {right}: update WRONG"
        wrong_text = wrong_text.replace(right, wrong)
    (tmp_path / "wrong.ipynb").write_text(wrong_text, encoding="utf-8")
    submissions = {"right": SOLUTION, "wrong": tmp_path / "wrong.ipynb", "blank": STUDENT}
    for student, path in submissions.items():
        assert nbgrader_source.main([str(SOLUTION), "--course-dir", str(course),
                                     "--student", student, "--submission", str(path)]) == 0
    nbgrader(course, "autograde", ASSIGNMENT)
    nbgrader(course, "export")
    with open(course / "grades.csv", encoding="utf-8", newline="") as stream:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(stream)}
    points = sum(test["points"] for test in yaml.safe_load(TESTS.read_text(encoding="utf-8")))
    print("scores (score, max_score):", scores)
    assert scores["right"] == (points, points)
    assert scores["wrong"][0] < points and scores["blank"][0] == 0

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "wrong")
        failed = {grade.name for grade in notebook.grades if grade.auto_score is not None and grade.auto_score == 0}
    assert failed == WRONG_FAILS
