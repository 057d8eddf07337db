"""Every parameterised notebook, in both versions, runs on texts it was not written for.

The texts are the test corpus (``tests/fixtures/corpus``: hand-written texts of varied shapes, none
tuned to the notebooks' example words) and the generated 200,000-word text (``make_long.py``).

* The marker ``anytext`` runs the whole matrix: every corpus text and the long one, each through all eight
  notebooks (01, 04, 05 and 07, solution and student versions). It starts a kernel per text and takes
  minutes, so ``.ci/run`` runs it as a tier of its own, after the README's test command.
* The plain run keeps what needs no kernel: the matrix's own shape here, and the segmentation of every
  corpus text against its hand-written expectations (``tests/test_corpus.py``).

For each text the eight notebooks run in ONE kernel, one after another, with ``%reset -f`` between them
(an empty namespace, so a missing import still fails) and the parameters cell rewritten to the text, as
papermill would inject it. A last cell prints the file name and the paragraph count, which must match the
corpus's hand-written expectations. No cell may show an error, except the listed exercise cells below,
and no check may call a solution's answer wrong (it may say that it knows the course text only).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
EXPECTED = {entry["file"]: entry for entry in yaml.safe_load((CORPUS / "expected.yml").read_text("utf-8"))["texts"]}
STORED = sorted(p.name for p in CORPUS.glob("c*.txt"))
LONG = "long_generated.txt"


def _parameterised(folder):
    found = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells):
            found.append(path)
    return found


NOTEBOOKS = _parameterised(ROOT / "notebooks" / "solutions") + _parameterised(ROOT / "notebooks")

def _label(path):
    return path.relative_to(ROOT / "notebooks").as_posix()


def _text_path(name, tmp_path_factory):
    if name != LONG:
        return CORPUS / name
    target = tmp_path_factory.getbasetemp() / LONG
    if not target.exists():
        subprocess.run([sys.executable, str(CORPUS / "make_long.py"), str(target)], check=True,
                       capture_output=True)
    return target


def run_all(text, my_work, monkeypatch):
    """Run the eight notebooks on ``text`` in one kernel; return {label: [(cell, error or None)]} and the
    output of the closing cell of each notebook."""
    monkeypatch.setenv("COURSE_MY_WORK", str(my_work))
    combined, spans = nbformat.v4.new_notebook(), {}
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        first = len(combined.cells)
        combined.cells.append(nbformat.v4.new_code_cell("%reset -f"))
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            if "parameters" in cell.metadata.get("tags", []):
                cell.source = f"TEXT_PATH = {str(text)!r}  # injected by the test"
            combined.cells.append(cell)
        combined.cells.append(nbformat.v4.new_code_cell("print(speech.source, len(speech.paragraphs))"))
        spans[_label(path)] = (first, len(combined.cells))
    client = NotebookClient(combined, timeout=900, kernel_name="python3", record_timing=False, allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "notebooks" / "solutions")}})
    client.execute()
    return {label: combined.cells[a:b] for label, (a, b) in spans.items()}


def _errors(cells):
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                trace = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(output.get("traceback", [])))
                yield cell.get("id", ""), cell.source.splitlines()[0] if cell.source else "", trace[-800:]


def check_text(name, tmp_path_factory, monkeypatch):
    text = _text_path(name, tmp_path_factory)
    runs = run_all(text, tmp_path_factory.mktemp("my_work"), monkeypatch)
    problems = []
    for label, cells in runs.items():
        closing = "".join(o.get("text", "") for o in cells[-1].get("outputs", []) if o.get("output_type") == "stream")
        expected = f"{text.name} {EXPECTED[name]['paragraphs']}\n"
        if closing != expected:
            problems.append(f"{label}: closing cell printed {closing!r}, expected {expected!r}")
        if label.startswith("solutions/"):
            wrong = [c.source.splitlines()[0] for c in cells if "🔎 Not yet." in
                     "".join(o.get("text", "") for o in c.get("outputs", []) if o.get("output_type") == "stream")]
            if wrong:
                problems.append(f"{label}: on {name} these checks call the solution's answer wrong (a check whose "
                                f"answer holds for the course text only should return course_text_only): {wrong}")
        for cell_id, first, trace in _errors(cells):
            problems.append(f"{label} fails on {name} in cell {cell_id} {first!r}:\n{trace}")
    assert not problems, "\n\n".join(problems)


def test_the_matrix_covers_both_versions_of_the_four_notebooks():
    names = sorted(_label(p) for p in NOTEBOOKS)
    assert [n for n in names if n.startswith("solutions/")] == [f"solutions/{n}" for n in names if "/" not in n]
    assert {n.split("/")[-1][:2] for n in names} == {"01", "04", "05", "07"}
    assert len(STORED) >= 12


@pytest.mark.anytext
@pytest.mark.parametrize("name", STORED + [LONG])
def test_notebooks_run_on_every_corpus_text(name, tmp_path_factory, monkeypatch):
    check_text(name, tmp_path_factory, monkeypatch)
