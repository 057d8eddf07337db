"""Notebook structure: the template (docs/design.md §5) and the conventions (§10) hold in every notebook."""

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
STUDENTS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ALL = SOLUTIONS + STUDENTS
HEADER_PARTS = ("Learning objectives", "Time", "Prerequisites", "Text used", "Libraries")
ICONS = {"🔔": "Discuss", "🥊": "Your turn", "✍️": "Reflect", "✅": "Check"}


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell):
    return "".join(cell["source"])


def _name(path):
    return f"{path.parent.name}/{path.name}"


def test_every_notebook_has_both_versions():
    assert [p.name for p in SOLUTIONS] == [p.name for p in STUDENTS]
    assert SOLUTIONS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_header_and_icon_legend(path):
    first = _src(_cells(path)[0])
    assert re.match(rf"# {path.name[:2]} · \S", first), "the first cell starts with '# NN · Title'"
    for part in HEADER_PARTS:
        assert f"**{part}**" in first, f"header lacks '{part}'"
    for icon, word in ICONS.items():
        assert re.search(rf"{icon}\s*\**{word}", first), f"icon legend lacks {icon} {word}"


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_headings_in_order(path):
    levels = [len(m.group(1)) for c in _cells(path) if c["cell_type"] == "markdown"
              for m in re.finditer(r"^(#+) ", _src(c), re.M)]
    assert levels.count(1) == 1 and levels[0] == 1, "exactly one H1, first"
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from H{before} to H{after}"


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_footer(path):
    last = _src([c for c in _cells(path) if c["cell_type"] == "markdown"][-1])
    for part in ("📌 Key points", "**Limits", "**Next"):
        assert part in last, f"the last Markdown cell lacks '{part}'"


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_setup_cell_imports_helpers_and_nothing_is_installed_or_downloaded(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code" and "colab-setup" not in c["metadata"].get("tags", [])]
    assert "from helpers" in _src(code[0]), "the first code cell is the setup cell that imports helpers"
    text = "\n".join(_src(c) for c in _cells(path))
    assert not re.search(r"^\s*[!%]?\s*pip\s+install", text, re.M)
    assert "nltk.download" not in text and "urlopen" not in text and "requests.get" not in text


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_no_absolute_machine_paths(path):
    raw = path.read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])/(root|work|tmp|home|Users|var)/\S", raw)
    assert not re.search(r"[A-Z]:\\\\", raw)


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_solution_executed_in_order_without_errors(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), \
        "run 'python -m helpers.execute' on this notebook"
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_every_figure_is_described(path):
    cells = _cells(path)
    for i, cell in enumerate(cells):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if images:
            following = cells[i + 1] if i + 1 < len(cells) else None
            assert following is not None and following["cell_type"] == "markdown" \
                and _src(following).startswith("**Figure description:**"), \
                f"code cell {i} makes a figure; the next cell must begin '**Figure description:**'"


@pytest.mark.parametrize("path", STUDENTS, ids=_name)
def test_student_version_is_clean(path):
    raw = path.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in raw and "END SOLUTION" not in raw
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert not {"solution", "instructor"} & set(cell["metadata"].get("tags", []))


def test_citations_resolve_to_sources():
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as stream:
        known = {row["id"] for row in csv.DictReader(stream)}
    cited = {(p.name, m) for p in SOLUTIONS for c in _cells(p) if c["cell_type"] == "markdown"
             for m in re.findall(r"\[(S\d{2,3})\]", _src(c))}
    unknown = sorted(f"{name}: [{sid}]" for name, sid in cited if sid not in known)
    assert not unknown, f"citations not in data/sources.csv: {unknown}"


def test_links_between_notebooks_resolve():
    broken = []
    for path in ALL:
        for cell in _cells(path):
            for target in re.findall(r"\]\(([^)#:]+\.(?:ipynb|md))\)", _src(cell)):
                if not (path.parent / target).exists():
                    broken.append(f"{_name(path)} -> {target}")
    assert not broken
