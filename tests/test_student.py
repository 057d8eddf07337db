"""helpers.student: one source, two versions; the committed student notebooks are current."""

import json

from helpers.student import build, main, render, student_version


def _nb(*cells):
    return {"cells": list(cells), "metadata": {"kernelspec": {"name": "python3", "display_name": "P", "language": "python"},
            "widgets": {}}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, tags=(), outputs=()):
    return {"cell_type": "code", "id": "c", "metadata": {"tags": list(tags)} if tags else {}, "source": source,
            "outputs": list(outputs), "execution_count": 3}


def _md(source, tags=()):
    return {"cell_type": "markdown", "id": "m", "metadata": {"tags": list(tags)} if tags else {}, "source": source}


def test_solution_region_in_code_becomes_placeholder_keeping_indent():
    src = "answer = None\nif True:\n    ### BEGIN SOLUTION\n    answer = 42\n    x = 1\n    ### END SOLUTION\nprint(answer)\n"
    cell = student_version(_nb(_code(src)))["cells"][0]
    assert cell["source"] == "answer = None\nif True:\n    # YOUR CODE HERE\nprint(answer)\n"
    assert "raise" not in cell["source"]


def test_two_regions_in_one_cell():
    src = "a = None\n### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = None\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION"
    assert student_version(_nb(_code(src)))["cells"][0]["source"] == "a = None\n# YOUR CODE HERE\nb = None\n# YOUR CODE HERE"


def test_tagged_cells_dropped_and_markdown_regions_removed():
    nb = _nb(_md("model answer", tags=["solution"]), _code("secret()", tags=["instructor"]),
             _md("Keep.\n### BEGIN SOLUTION\nHidden.\n### END SOLUTION\nAlso kept."),
             _md("### BEGIN SOLUTION\nonly hidden\n### END SOLUTION\n"))
    cells = student_version(nb)["cells"]
    assert [c["source"] for c in cells] == ["Keep.\nAlso kept."]


def test_outputs_counts_and_extra_metadata_cleared():
    nb = student_version(_nb(_code("1 + 1", outputs=[{"output_type": "stream", "name": "stdout", "text": "2"}])))
    assert nb["cells"][0]["outputs"] == [] and nb["cells"][0]["execution_count"] is None
    assert set(nb["metadata"]) == {"kernelspec"}


def test_render_is_stable():
    nb = student_version(_nb(_code("x = 1")))
    assert render(nb) == render(json.loads(render(nb)))


def test_committed_student_notebooks_are_current():
    assert build(check=True) == []


def test_check_reports_stale_and_unpaired_markers(tmp_path, capsys):
    (tmp_path / "notebooks" / "solutions").mkdir(parents=True)
    solution = tmp_path / "notebooks" / "solutions" / "01_x.ipynb"
    solution.write_text(json.dumps(_nb(_code("### BEGIN SOLUTION\nx = 1\n"))), encoding="utf-8")
    problems = build(root=tmp_path, check=True)
    assert any("no partner" in p for p in problems) and any("missing" in p for p in problems)
    solution.write_text(json.dumps(_nb(_code("x = 1"))), encoding="utf-8")
    assert build(root=tmp_path) == []
    assert build(root=tmp_path, check=True) == []
    (tmp_path / "notebooks" / "01_x.ipynb").write_text("edited", encoding="utf-8")
    assert build(root=tmp_path, check=True) == ["01_x.ipynb: stale; run 'python -m helpers.student'"]


def test_command_line_check_exit_code():
    assert main(["--check"]) == 0
