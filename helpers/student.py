"""Build the student notebooks from the solution notebooks (one source, two versions).

Run ``python -m helpers.student`` from the course folder after editing a
notebook in ``notebooks/solutions/``; ``python -m helpers.student --check``
exits with status 1 if a committed student notebook is stale or still holds a
solution marker.

Rules (nbgrader's markers, docs/design.md §6):

* a cell tagged ``solution`` or ``instructor`` is left out;
* in a code cell, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION``
  become ``# YOUR CODE HERE`` (same indentation, nothing that raises);
* in a markdown cell, that region is removed;
* outputs and execution counts are cleared; notebook metadata keeps only the
  kernel and language information.

The result is byte-identical on every rerun.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

from .workspace import course_root

DROP_TAGS = {"solution", "instructor"}
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n(?:.*?\n)??[ \t]*### END SOLUTION[^\n]*(\n|$)", re.S | re.M)
KEEP_METADATA = ("kernelspec", "language_info")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _strip_regions(text: str, code: bool) -> str:
    def replace(match: re.Match) -> str:
        return f"{match.group(1)}# YOUR CODE HERE{match.group(2)}" if code else ""

    return _REGION.sub(replace, text)


def student_version(notebook: dict) -> dict:
    """Return the student version of a solution notebook given as a JSON dict.

    >>> nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
    ...        "source": "answer = None\\n### BEGIN SOLUTION\\nanswer = 4\\n### END SOLUTION\\n"}],
    ...       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> student_version(nb)["cells"][0]["source"]
    'answer = None\\n# YOUR CODE HERE\\n'
    """
    result = {key: copy.deepcopy(value) for key, value in notebook.items() if key != "cells"}
    result["metadata"] = {k: v for k, v in notebook.get("metadata", {}).items() if k in KEEP_METADATA}
    cells = []
    for cell in notebook.get("cells", []):
        if DROP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        cell = copy.deepcopy(cell)
        is_code = cell["cell_type"] == "code"
        cell["source"] = _strip_regions(_source(cell), code=is_code)
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k != "execution"}
        if is_code:
            cell["outputs"] = []
            cell["execution_count"] = None
        if cell["cell_type"] == "markdown" and not cell["source"].strip():
            continue
        cells.append(cell)
    result["cells"] = cells
    return result


def render(notebook: dict) -> str:
    """Serialise a notebook exactly as Jupyter saves it (validated, stable key order)."""
    return nbformat.writes(nbformat.from_dict(notebook)) + "\n"


def build(root: Path | None = None, check: bool = False) -> list[str]:
    """Write (or, with ``check=True``, compare) every student notebook; return the problems found."""
    root = root or course_root()
    problems = []
    solutions = sorted((root / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if not solutions:
        return [f"no solution notebooks found in {root / 'notebooks' / 'solutions'}"]
    for solution in solutions:
        text = render(student_version(json.loads(solution.read_text(encoding="utf-8"))))
        target = root / "notebooks" / solution.name
        for marker in (BEGIN, END):
            if marker in text:
                problems.append(f"{solution.name}: a '{marker}' marker has no partner; fix the solution notebook")
        if check:
            if not target.exists():
                problems.append(f"{target.name}: missing; run 'python -m helpers.student'")
            elif target.read_text(encoding="utf-8") != text:
                problems.append(f"{target.name}: stale; run 'python -m helpers.student'")
        elif not problems:
            target.write_text(text, encoding="utf-8", newline="\n")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.student", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the student notebooks are up to date")
    args = parser.parse_args(argv)
    problems = build(check=args.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("student notebooks are up to date" if args.check else "student notebooks written")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
