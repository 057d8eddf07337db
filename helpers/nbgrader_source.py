"""Make an nbgrader course folder from a solution notebook, and put learners' copies into it.

The course's markers are nbgrader's (``### BEGIN SOLUTION`` / ``### END SOLUTION``), but nbgrader
also needs per-cell metadata, which our notebooks do not carry, and it ignores tags. This module adds
the metadata from the markers: a cell with a solution region becomes an nbgrader solution cell (its
``grade_id`` is the cell's id; a Markdown one, a written answer, is "manually graded" with 0 points,
since the rubric marks the whole assignment); a cell tagged ``solution`` or ``instructor`` is left
out, as in the student version; and the auto-graded tests of ``grading/NN_name_tests.yml``, if that
file exists, become nbgrader test cells. ``nbgrader_config.py`` sets the code stub to ``# YOUR CODE HERE`` (ours,
which never raises) and the Markdown stub to nothing, so ``nbgrader generate_assignment`` makes our
student version plus the test cells::

    python -m helpers.nbgrader_source notebooks/solutions/07_assignment.ipynb
    python -m helpers.nbgrader_source notebooks/solutions/07_assignment.ipynb --student s01 --submission s01.ipynb

The first writes ``_build/nbgrader/`` (``--course-dir`` to choose); the second puts a learner's copy
(made from our student version, so without nbgrader's metadata) into ``submitted/s01/``, with the
metadata and test cells matched by cell id, ready for ``nbgrader autograde``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

from .student import BEGIN, DROP_TAGS, render
from .workspace import course_root, read_text_file, read_yaml_file

CONFIG = """\
# nbgrader settings for this course, written by python -m helpers.nbgrader_source.
import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "reading-safe-china"
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE"}}  # the course's stub: nothing that raises
c.ClearSolutions.text_stub = ""  # a Markdown solution region is removed, as in the student notebooks
# Autograding runs every cell, the hand-in cells too: the course is found here, and files that
# record_fingerprint() and pack_submission() write go to this folder, never to your own my_work/.
os.environ.setdefault("COURSE_ROOT", {root!r})
os.environ.setdefault("COURSE_MY_WORK", os.path.join(os.path.dirname(os.path.abspath(__file__)), "autograde_my_work"))
"""
TEST_FIELDS = {"id", "after", "points", "source"}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def solution_cell_ids(notebook: dict) -> list[str]:
    """Ids of the cells that hold a solution region (the cells a learner answers in).

    >>> answer = "x = None\\n### BEGIN SOLUTION\\nx = 2\\n### END SOLUTION"
    >>> solution_cell_ids({"cells": [{"id": "a", "cell_type": "code", "source": "x = 1"},
    ...                              {"id": "b", "cell_type": "code", "source": answer}]})
    ['b']
    """
    return [cell["id"] for cell in notebook["cells"] if BEGIN in _source(cell)
            and not DROP_TAGS & set(cell.get("metadata", {}).get("tags", []))]


def load_tests(path: str | Path, notebook: dict) -> list[dict]:
    """Read the auto-graded tests; each gets ``after_id``, the id of the code cell whose first line is ``after``."""
    tests = read_yaml_file(path, "list of autograder tests", "check the indentation of each '- id:' entry")
    if not isinstance(tests, list) or not tests:
        raise ValueError(f"{Path(path).name} should be a list of tests, each with the fields {sorted(TEST_FIELDS)}.")
    first_lines = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            first_lines.setdefault(_source(cell).split("\n")[0].strip(), []).append(cell["id"])
    for number, test in enumerate(tests, 1):
        if not isinstance(test, dict) or set(test) != TEST_FIELDS:
            got = sorted(test) if isinstance(test, dict) else type(test).__name__
            raise ValueError(f"{Path(path).name}, test {number}: fields {got}, expected {sorted(TEST_FIELDS)}.")
        found = first_lines.get(str(test["after"]).strip(), [])
        if len(found) != 1:
            raise ValueError(
                f"{Path(path).name}, test {test['id']!r}: {len(found)} code cells start with the line "
                f"{test['after']!r}. Fix: give the first line of exactly one code cell of the notebook."
            )
        test["after_id"] = found[0]
    return tests


def with_nbgrader_metadata(notebook: dict, solution_ids: list[str], tests: list[dict]) -> dict:
    """A copy of ``notebook`` with nbgrader's metadata on the solution cells and the test cells added.

    ``notebook`` is the solution notebook (for the nbgrader source) or a learner's copy of the student
    version (for a submission); cells are matched by id, so both get the same ``grade_id`` values. A test
    whose cell a learner deleted goes at the end, where every answer has run.
    """
    result = copy.deepcopy(notebook)
    after = {}
    for test in tests:
        after.setdefault(test["after_id"], []).append(test)
    cells = []
    for cell in result["cells"]:
        metadata = cell.setdefault("metadata", {})
        if DROP_TAGS & set(metadata.get("tags", [])):
            continue
        if cell.get("id") in solution_ids:
            metadata["nbgrader"] = {"grade": False, "grade_id": cell["id"], "locked": False,
                                    "schema_version": 3, "solution": True, "task": False}
            if cell["cell_type"] == "markdown":  # a written answer: nbgrader lists it for marking by hand
                metadata["nbgrader"].update(grade=True, points=0)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
        cells += [_test_cell(test) for test in after.pop(cell.get("id"), [])]
    cells += [_test_cell(test) for left in after.values() for test in left]
    result["cells"] = cells
    return result


def _test_cell(test: dict) -> dict:
    grade_id = f"test-{test['id']}"
    return {"cell_type": "code", "execution_count": None, "id": grade_id, "outputs": [],
            "source": test["source"].rstrip("\n"),
            "metadata": {"nbgrader": {"grade": True, "grade_id": grade_id, "locked": True, "points": test["points"],
                                      "schema_version": 3, "solution": False, "task": False}}}


def default_tests(solution: Path) -> Path:
    """Where the auto-graded tests of a notebook live: ``grading/NN_name_tests.yml``."""
    return course_root() / "grading" / f"{solution.stem}_tests.yml"


def prepare(solution: str | Path, course_dir: str | Path, tests: str | Path | None = None,
            student: str | None = None, submission: str | Path | None = None) -> Path:
    """Write the nbgrader config and source notebook (or, with ``student``, a submission); return its path."""
    solution = Path(solution)
    notebook = json.loads(read_text_file(solution, "solution notebook"))
    tests = default_tests(solution) if tests is None else Path(tests)
    test_list = load_tests(tests, notebook) if tests.exists() else []
    ids = solution_cell_ids(notebook)
    assignment = solution.stem
    course_dir = Path(course_dir)
    if student is None:
        folder, source = course_dir / "source" / assignment, notebook
        (course_dir / "nbgrader_config.py").parent.mkdir(parents=True, exist_ok=True)
        (course_dir / "nbgrader_config.py").write_text(CONFIG.format(root=str(course_root())), encoding="utf-8")
    else:
        folder = course_dir / "submitted" / student / assignment
        source = json.loads(read_text_file(submission, "submitted notebook"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / solution.name
    target.write_text(render(with_nbgrader_metadata(source, ids, test_list)), encoding="utf-8", newline="\n")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.nbgrader_source", description=__doc__.splitlines()[0])
    parser.add_argument("solution", help="a solution notebook, such as notebooks/solutions/07_assignment.ipynb")
    parser.add_argument("--course-dir", default=None, help="the nbgrader course folder (default: _build/nbgrader)")
    parser.add_argument("--tests", default=None, help="auto-graded tests (default: grading/NN_name_tests.yml)")
    parser.add_argument("--student", help="a student id: put --submission into submitted/STUDENT/ instead")
    parser.add_argument("--submission", help="the learner's notebook (their copy of the student version)")
    args = parser.parse_args(argv)
    if bool(args.student) != bool(args.submission):
        parser.error("give --student and --submission together")
    course_dir = Path(args.course_dir) if args.course_dir else course_root() / "_build" / "nbgrader"
    try:
        target = prepare(args.solution, course_dir, args.tests, args.student, args.submission)
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
