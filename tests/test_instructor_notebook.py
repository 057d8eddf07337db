"""The instructor notebook (notebooks/instructor/class_coding.ipynb) keeps the course template, and its stored
results are labelled as a simulated class wherever they appear.

It is an instructor's notebook, so helpers.student makes no student version of it (it lives outside
notebooks/solutions/ and its name has no NN_ prefix); nbval runs it like every other notebook.
"""

import json
import re
from pathlib import Path

import pytest

from helpers.student import build

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "instructor" / "class_coding.ipynb"
CELLS = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
HEADER_PARTS = ("Learning objectives", "Time", "Prerequisites", "Text used", "Libraries")


def _src(cell):
    return "".join(cell["source"])


def _outputs(cell):
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or ""
        yield "".join(text)


def test_template_header_headings_and_footer():
    first = _src(CELLS[0])
    assert first.startswith("# Instructor · ")
    for part in HEADER_PARTS:
        assert f"**{part}**" in first
    levels = [len(m.group(1)) for c in CELLS if c["cell_type"] == "markdown" for m in re.finditer(r"^(#+) ", _src(c), re.M)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:]))
    last = _src([c for c in CELLS if c["cell_type"] == "markdown"][-1])
    assert all(part in last for part in ("📌 Key points", "**Limits", "**Next"))


def test_setup_first_executed_in_order_figures_described_no_machine_paths():
    code = [c for c in CELLS if c["cell_type"] == "code"]
    assert "from helpers" in _src(code[0])
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    for i, cell in enumerate(CELLS):
        if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            assert _src(CELLS[i + 1]).startswith("**Figure description:**")
    assert not re.search(r"(?<![\w.])/(root|work|tmp|home|Users|var)/\S", NOTEBOOK.read_text(encoding="utf-8"))


def test_every_stored_result_is_labelled_simulated():
    results = [cell for cell in CELLS if cell["cell_type"] == "code" and cell.get("outputs")]
    assert len(results) >= 5
    for i, cell in enumerate(CELLS):
        if cell not in results:
            continue
        if any("image/png" in o.get("data", {}) for o in cell["outputs"]):  # a figure: its title and description
            assert "{label}" in _src(cell) and "simulated" in _src(CELLS[i + 1])
            continue
        text = "\n".join(_outputs(cell))
        assert "SIMULATED" in text or "simulated" in text, f"an output does not say it is simulated: {text[:200]}"
    assert "SIMULATED class" in _src(CELLS[0])
    assert not re.search(r"\b(students?|learners?) (said|wrote|coded)\b", NOTEBOOK.read_text(encoding="utf-8"))


def test_no_student_version_is_made_of_it(tmp_path):
    build()  # writes the student versions of notebooks/solutions/NN_*.ipynb only
    assert not list((ROOT / "notebooks").glob("class_coding*.ipynb"))
    assert build(check=True) == []
