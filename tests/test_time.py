"""The time convention (issue 15): each notebook's stated time is its core path, and every document agrees.

* The header's ``| **Time** | N minutes ...`` row: N (the first integer) is the core time.
* Every ``## `` heading ends with ``(K minutes)``, except "📌 Key points" and a heading that starts with
  "Back to" (the closing question): those belong to the section before them.
* A section whose heading contains "Going further" is optional: its minutes are not in N, and no later core
  cell depends on it (the marker ``core_path`` runs each solution notebook with those sections' cells removed;
  it is slow, so ``.ci/run`` runs it as a tier of its own).
* N = the sum of the core sections' K, and the core prose (words of the Markdown cells outside Going-further
  sections, header cell included) is at most 45 words per stated minute.
* Notebook 00's course table, the README's sequence table and the instructor guide's plan headings state
  each notebook's N, and the README's total and the guide's "core paths add up to" are their sum.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.execute import STABLE_ENV

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
WORDS_PER_MINUTE = 45
EXEMPT = re.compile(r"^(📌 Key points|Back to\b)")
MINUTES = re.compile(r"\((\d+) minutes?\)\s*$")


def words(text):
    """Words of prose: runs of letters or digits, joined by an apostrophe or a hyphen.

    >>> words("Two coders' kappa: 0.62 -- a well-known [S02] score.")
    9
    """
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def header_minutes(cells):
    """N: the first integer after **Time** in the header cell."""
    found = re.search(r"\*\*Time\*\*\D*(\d+)", "".join(cells[0]["source"]))
    assert found, "the header has no '| **Time** | N minutes |' row"
    return int(found.group(1))


def sections(cells):
    """[{heading, minutes, further, words, cells}] in order; the header cell opens a section of its own.

    A Markdown cell with a ``## `` heading that is not exempt starts a new section (its last such heading
    names it); an exempt heading ("📌 Key points", "Back to ...") stays in the section before it.
    """
    found = [{"heading": "(header)", "minutes": 0, "further": False, "words": 0, "cells": []}]
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and index > 0:
            for heading in re.findall(r"^## (.+?)\s*$", source, re.M):
                if not EXEMPT.match(heading):
                    minutes = MINUTES.search(heading)
                    found.append({"heading": heading, "minutes": int(minutes.group(1)) if minutes else None,
                                  "further": "Going further" in heading, "words": 0, "cells": []})
        found[-1]["cells"].append(index)
        if cell["cell_type"] == "markdown":
            found[-1]["words"] += words(source)
    return found


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _name(path):
    return path.name


def stated_times():
    """{"00": N, ...} from the notebooks' headers."""
    return {path.name[:2]: header_minutes(_cells(path)) for path in SOLUTIONS}


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_every_heading_states_its_minutes(path):
    headings = [h for cell in _cells(path) if cell["cell_type"] == "markdown"
                for h in re.findall(r"^## (.+?)\s*$", "".join(cell["source"]), re.M)]
    missing = [h for h in headings if not EXEMPT.match(h) and not MINUTES.search(h)]
    assert headings, f"{path.name} has no '## ' headings"
    assert not missing, f"{path.name}: these '## ' headings do not end with '(K minutes)': {missing}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_header_time_is_the_sum_of_the_core_sections(path):
    cells = _cells(path)
    core = [s for s in sections(cells)[1:] if not s["further"]]
    total, stated = sum(s["minutes"] or 0 for s in core), header_minutes(cells)
    assert stated == total, (
        f"{path.name}: the header states {stated} minutes but the core sections add up to "
        f"{total}: " + ", ".join(f"{s['heading']!r}" for s in core))


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_core_prose_fits_the_stated_time(path):
    cells = _cells(path)
    core_words, stated = sum(s["words"] for s in sections(cells) if not s["further"]), header_minutes(cells)
    limit = WORDS_PER_MINUTE * stated
    assert core_words <= limit, (
        f"{path.name}: {core_words} words of core prose for {stated} minutes (at most {limit}); "
        "move material into a 'Going further' section, trim it, or state a longer time")


def test_the_parser_sees_minutes_going_further_and_exempt_headings():
    md = lambda s: {"cell_type": "markdown", "source": s}  # noqa: E731
    cells = [md("# 09 · T\n\n| **Time** | 15 minutes: the core; Going further adds 5 |"),
             md("## One (10 minutes)\n\nfour words of prose"), {"cell_type": "code", "source": "x = 1"},
             md("## Going further: more (5 minutes)"), md("## Two (5 minutes)"),
             md("## Back to the question\n\n## 📌 Key points")]
    found = sections(cells)
    assert header_minutes(cells) == 15
    assert [(s["heading"], s["minutes"], s["further"], s["cells"]) for s in found[1:]] == [
        ("One (10 minutes)", 10, False, [1, 2]), ("Going further: more (5 minutes)", 5, True, [3]),
        ("Two (5 minutes)", 5, False, [4, 5])]
    assert found[1]["words"] == 7  # the heading counts too: One, 10, minutes, four, words, of, prose


def _table(text, row):
    """{"00": minutes} from the rows of a Markdown table that match ``row`` (number, minutes)."""
    return {number: int(minutes) for number, minutes in re.findall(row, text, re.M)}


def _same_times(where, found):
    stated = stated_times()
    wrong = [f"{n}: {found.get(n, 'missing')} against the header's {m}" for n, m in stated.items() if found.get(n) != m]
    wrong += [f"{n}: no such notebook" for n in found if n not in stated]
    assert not wrong, f"{where}: times that differ from the notebooks' headers: " + "; ".join(wrong)


def test_notebook_00_course_table_states_the_header_times():
    table = "\n".join("".join(c["source"]) for c in _cells(SOLUTIONS[0]) if c["cell_type"] == "markdown")
    _same_times("notebook 00's course table", _table(table, r"^\| (\d\d) \|[^\n]*\| (\d+) min \|$"))


def test_readme_sequence_table_and_total_state_the_header_times():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sequence = readme.split("## The sequence", 1)[1].split("\n## ", 1)[0]
    _same_times("the README's sequence table", _table(sequence, r"^\| (\d\d) \|[^\n]*\| (\d+) min \|$"))
    total = re.search(r"\*\*Total\*\*[^\n]*?(\d+) min", sequence)
    assert total and int(total.group(1)) == sum(stated_times().values()), \
        "the README's sequence table needs a '**Total**' row with the sum of the notebooks' times"


def test_instructor_guide_plans_state_the_header_times():
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    _same_times("the instructor guide's plan headings", _table(guide, r"^### (\d\d) · [^\n]*\((\d+) minutes\)$"))
    total = re.search(r"core paths add up to (\d+) minutes", guide)
    assert total and int(total.group(1)) == sum(stated_times().values()), \
        "the guide's session plans should say 'The core paths add up to N minutes', N the sum of the headers' times"


def core_path(path):
    """The notebook with the cells of its Going-further sections removed."""
    notebook = nbformat.read(path, as_version=4)
    further = {i for s in sections(notebook.cells) if s["further"] for i in s["cells"]}
    notebook.cells = [cell for i, cell in enumerate(notebook.cells) if i not in further]
    return notebook, len(further)


@pytest.mark.core_path
@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_core_path_runs_without_the_going_further_sections(path, tmp_path, monkeypatch):
    for name, value in STABLE_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    notebook, removed = core_path(path)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [(cell.get("id"), re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(o.get("traceback", [])))[-600:])
              for cell in notebook.cells if cell.cell_type == "code"
              for o in cell.outputs if o.get("output_type") == "error"]
    assert not errors, f"{path.name} with its {removed} Going-further cells removed fails: {errors}"
