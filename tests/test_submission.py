"""helpers.submission: check_submission on complete, incomplete, missing and broken notebooks; the bundle.

Most notebooks here are built in memory with known cells and outputs (no kernel), so each test states
exactly what makes a submission complete. One test runs a small notebook for real (pack, then re-run
from the bundle in a fresh kernel) to prove that figures' labels and the fingerprint survive a real run.
"""

import json
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.rerun import rerun_submission
from helpers.submission import (FINGERPRINT_MARKER, _figure_text, check_submission, find_required, inspect_submission,
                                pack_submission, rubric)
from helpers.workspace import my_work_dir

ROOT = Path(__file__).resolve().parent.parent
ANSWER = "The readout names the Party as the leader and the people as beneficiaries, in P8.S1 and P5.S1, twice over."


def _fingerprint_output():
    record = {"python": "3.11.0", "pandas": "2.2.0", "text_file": "safe_china_readout_en.txt", "text_sha256": "ab" * 32}
    return new_output("stream", name="stdout", text=f"{FINGERPRINT_MARKER}\n{json.dumps(record, indent=1)}\n")


def _figure_output(title="Who is named", x="Actor word", y="Paragraph"):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.set(title=title, xlabel=x, ylabel=y)
    text = _figure_text(fig)
    plt.close(fig)
    return new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": text})


def _complete():
    """A complete submission: two required sections, answered; one labelled, described figure; a clean run."""
    cells = [
        new_markdown_cell("# 07 · Assignment\n\n**Word limit:** 100 words"),
        new_code_cell("import pandas as pd", execution_count=1),
        new_markdown_cell("## The steps\n\n### Required R1 · An observation (up to 60 words)\n\nPrompt."),
        new_code_cell("r1_ids = None\nr1_ids = ['P5.S1', 'P8.S1']", execution_count=2),
        new_markdown_cell(f"**Answer R1:** *(write under this line; up to 60 words)*\n{ANSWER}"),
        new_markdown_cell("### Required R2 · A figure (up to 40 words)"),
        new_code_cell("fig = make_figure()", execution_count=3, outputs=[_figure_output()]),
        new_markdown_cell("**Figure description:** One row per paragraph and one column per actor word, with counts."),
        new_markdown_cell(f"**Answer R2:**\n{ANSWER}"),
        new_markdown_cell("## Check and hand in"),
        new_code_cell("record_fingerprint(TEXT_PATH)", execution_count=4, outputs=[_fingerprint_output()]),
        new_code_cell("check_submission()", execution_count=9),  # re-run after saving: left out of the count
    ]
    return new_notebook(cells=cells)


def _save(notebook, folder, name="07_assignment.ipynb"):
    path = Path(folder) / name
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    return path


def _by_area(findings):
    return {f.area: f for f in findings}


def test_required_sections_are_found_with_their_limits():
    found = find_required(_complete())
    assert [(s["id"], s["title"], s["limit"], s["level"]) for s in found] == [
        ("R1", "An observation", 60, 3), ("R2", "A figure", 40, 3)]


def test_a_complete_submission_meets_every_requirement(tmp_path, capsys):
    path = _save(_complete(), tmp_path)
    findings = inspect_submission(path)
    assert [f.area for f in findings] == ["Required sections", "Figures", "Fresh run", "Environment fingerprint"]
    assert all(f.ok for f in findings), findings
    assert "All 2 required sections (R1, R2) are answered (38 words in all)" in findings[0].message
    check_submission(path)
    printed = capsys.readouterr().out
    assert printed.startswith("Checking 07_assignment.ipynb\n✅ Required sections")
    assert "All 4 requirements are met." in printed and "Traceback" not in printed


def test_an_incomplete_submission_says_what_is_missing(tmp_path, capsys):
    notebook = _complete()
    notebook.cells[4].source = "**Answer R1:** *(write under this line; up to 60 words)*\n"  # R1 left blank
    notebook.cells[3].source = "r1_ids = None\n# YOUR CODE HERE"  # its code never filled in
    notebook.cells[7].source = "A grid of counts."  # the description lost its label
    notebook.cells[6].outputs = [_figure_output(y="")]  # and the figure its y-axis label
    notebook.cells[3].execution_count = 5  # a cell re-run out of order
    notebook.cells[10].outputs = []  # no fingerprint
    check_submission(_save(notebook, tmp_path))
    printed = capsys.readouterr().out
    assert "🔎 Required sections" in printed
    assert "R1 (An observation): not answered yet (0 words)" in printed
    assert "R1: 1 code cell(s) still to fill in" in printed
    assert "figure 1 (code cell 3) lacks a y-axis label" in printed
    assert "the next cell must be Markdown beginning **Figure description:**" in printed
    assert "code cell 2 ran as number 5 where a fresh top-to-bottom run gives 2" in printed
    assert "🔎 Environment fingerprint: No environment fingerprint" in printed
    assert "0 of 4 requirements met" in printed


def test_word_limits_section_and_total(tmp_path):
    notebook = _complete()
    notebook.cells[4].source = "**Answer R1:**\n" + "word " * 70
    findings = _by_area(inspect_submission(_save(notebook, tmp_path)))
    message = findings["Required sections"].message
    assert "R1: 70 words, over its limit of 60" in message
    assert "Your answers have 89 words in all" not in message  # 70 + 19 = 89 <= 100
    notebook.cells[8].source = "**Answer R2:**\n" + "word " * 35
    message = _by_area(inspect_submission(_save(notebook, tmp_path)))["Required sections"].message
    assert "105 words in all, over the word limit of 100" in message


def test_answer_cell_without_its_marker_line_is_reported(tmp_path):
    notebook = _complete()
    notebook.cells[8].source = ANSWER  # the learner deleted the line **Answer R2:**
    message = _by_area(inspect_submission(_save(notebook, tmp_path)))["Required sections"].message
    assert "R2: I cannot find its answer cell" in message and "**Answer R2:**" in message


def test_an_error_and_a_cell_never_run(tmp_path):
    notebook = _complete()
    notebook.cells[6].outputs.append(new_output("error", ename="KeyError", evalue="x", traceback=[]))
    notebook.cells[10].execution_count = None
    message = _by_area(inspect_submission(_save(notebook, tmp_path)))["Fresh run"].message
    assert "code cell 3 stopped with an error (KeyError)" in message
    assert "code cell 4 has not been run" in message


def test_figure_without_readable_labels_and_no_figure_at_all(tmp_path):
    notebook = _complete()
    notebook.cells[6].outputs = [new_output("display_data", data={"image/png": "x", "text/plain": "<Figure size 800x450 with 1 Axes>"})]
    message = _by_area(inspect_submission(_save(notebook, tmp_path)))["Figures"].message
    assert "I cannot read its title and axis labels" in message and "show_figure_labels()" in message
    notebook.cells[6].outputs = []
    message = _by_area(inspect_submission(_save(notebook, tmp_path)))["Figures"].message
    assert message.startswith("The notebook has no figure")


@pytest.mark.parametrize("content, expected", [
    (None, "There is no notebook at"),
    (b"{not json", "could not be read as a notebook"),
    (b'{"cells": "nope"}', "is JSON but not a Jupyter notebook"),
    (b"\xff\xfe\x00binary", "is not a text file"),
])
def test_missing_or_broken_file_gets_a_clear_message_not_a_traceback(tmp_path, capsys, content, expected):
    path = tmp_path / "07_assignment.ipynb"
    if content is not None:
        path.write_bytes(content)
    check_submission(path)
    printed = capsys.readouterr().out
    assert f"🔎 Notebook file: {path.name} " in printed or "🔎 Notebook file: There is no notebook at" in printed
    assert expected in printed and "Fix:" in printed and "Traceback" not in printed
    assert str(tmp_path) not in printed  # no machine paths shown to the learner


def test_default_path_is_the_copy_in_my_work(capsys):
    check_submission()
    assert "There is no notebook at my_work/07_assignment.ipynb" in capsys.readouterr().out


def test_student_version_of_the_assignment_is_incomplete(capsys):
    student = ROOT / "notebooks" / "07_assignment.ipynb"
    findings = _by_area(inspect_submission(student))
    assert not findings["Required sections"].ok and not findings["Fresh run"].ok
    for sid in ("R1", "R2", "R3", "R4", "R5"):
        assert f"{sid} (" in findings["Required sections"].message


def test_solution_version_of_the_assignment_is_complete():
    solution = ROOT / "notebooks" / "solutions" / "07_assignment.ipynb"
    findings = inspect_submission(solution)
    assert all(f.ok for f in findings), [f.message for f in findings if not f.ok]


def test_rubric_has_criteria_and_levels():
    table = rubric()
    assert table.columns.tolist() == ["Criterion", "Weight", "Strong", "Adequate", "Developing", "Missing"]
    assert len(table) >= 6 and table.Weight.astype(int).sum() == 100


def test_rubric_assesses_sourced_context_and_allows_an_argued_normative_claim():
    table = rubric().set_index("Criterion")
    context = [name for name in table.index if "sourced context" in name.lower()]
    assert len(context) == 1 and int(table.loc[context[0], "Weight"]) > 0  # learning outcome 4 is marked
    tone = table.loc[next(name for name in table.index if name.startswith("8.")), "Strong"]
    assert "normative argument" in tone and "never on its direction" in tone


def test_pack_and_rerun_a_real_submission(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))  # a learner folder of its own
    folder = my_work_dir()
    (folder / "my_sheet.csv").write_text("sentence_id,code\nP1.S1,1\n", encoding="utf-8")
    (folder / "unrelated.csv").write_text("x\n1\n", encoding="utf-8")  # not named in the notebook: packed all the same
    (folder / "01_close_reading.ipynb").write_text("{}", encoding="utf-8")
    (folder / "submission_old.zip").write_bytes(b"old")
    cells = [
        new_markdown_cell("# 07 · Assignment\n\n### Required R1 · A figure (up to 60 words)"),
        new_code_cell("import pandas as pd\nfrom helpers.plots import bar_chart\nfrom helpers.workspace import my_work_dir\n"
                      "from helpers.submission import record_fingerprint, show_figure_labels\nshow_figure_labels()"),
        new_code_cell("sheet = pd.read_csv(my_work_dir() / 'my_sheet.csv')\nprint(len(sheet))"),
        new_code_cell("fig = bar_chart(['P1'], [1], title='Sheet rows', xlabel='Paragraph', ylabel='Rows')"),
        new_markdown_cell("**Figure description:** One bar for paragraph P1, one row high, from the learner's sheet."),
        new_markdown_cell(f"**Answer R1:**\n{ANSWER}"),
        new_code_cell("record_fingerprint()"),
    ]
    path = _save(new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                    "language": "python"}}), folder, "07_mine.ipynb")
    bundle = pack_submission(path)
    printed = capsys.readouterr().out
    assert bundle == folder / "submission_07_mine.zip" and "- my_work/my_sheet.csv" in printed
    size = (folder / "submission_07_mine.zip").stat().st_size / 1024
    assert repr(bundle) == f"my_work/submission_07_mine.zip ({size:,.1f} KB)"  # as a cell's last line shows it
    assert "- my_work/unrelated.csv" in printed
    assert ("Left out: my_work/01_close_reading.ipynb (another notebook), my_work/submission_old.zip (a bundle)"
            in printed)
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == ["07_mine.ipynb", "MANIFEST.json", "my_work/my_sheet.csv",
                                              "my_work/unrelated.csv"]
    (folder / "my_sheet.csv").unlink()  # the re-run must use the bundled copy, not the learner's folder
    rerun = rerun_submission(bundle)
    printed = capsys.readouterr().out
    assert rerun.name == "submission_07_mine_rerun.ipynb"
    assert "All 4 requirements are met." in printed, printed
    executed = json.loads(rerun.read_text(encoding="utf-8"))
    assert "Figure: title 'Sheet rows'; x axis 'Paragraph'; y axis 'Rows'" in json.dumps(executed)


def test_what_is_packed_does_not_depend_on_the_saved_output(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    (my_work_dir() / "my_assignment_coding.csv").write_text("sentence_id\nP1.S1\n", encoding="utf-8")
    notebook = _complete()
    path = _save(notebook, my_work_dir())
    with zipfile.ZipFile(pack_submission(path)) as archive:
        first = sorted(archive.namelist())
    for cell in notebook.cells:  # the same notebook with every output cleared
        if cell.cell_type == "code":
            cell.outputs = []
    path = _save(notebook, my_work_dir())
    with zipfile.ZipFile(pack_submission(path)) as archive:
        assert sorted(archive.namelist()) == first and "my_work/my_assignment_coding.csv" in first
    capsys.readouterr()


def test_a_file_saved_before_this_run_is_not_checked_or_packed(capsys, tmp_path, monkeypatch):
    """During Run All the saved file is the one from before the run: say so, print no stale verdict."""
    import os
    import helpers.submission as S

    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    path = _save(_complete(), my_work_dir())
    os.utime(path, (S._STARTED - 60, S._STARTED - 60))  # saved a minute before the helpers were imported
    check_submission()
    printed = capsys.readouterr().out
    assert printed.startswith("⏳ Not checked yet.") and "requirements" not in printed and "save the notebook" in printed
    assert pack_submission() is None and "Nothing packed" in capsys.readouterr().out
    os.utime(path, None)  # saved now, after the run
    check_submission()
    assert "All 4 requirements are met." in capsys.readouterr().out


def test_pack_without_a_notebook_explains(capsys):
    assert pack_submission("nowhere.ipynb") is None
    assert capsys.readouterr().out.startswith("🔎 Nothing packed. There is no notebook at")


def test_rerun_rejects_what_is_not_a_bundle(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no bundle"):
        rerun_submission(tmp_path / "none.zip")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a submission bundle"):
        rerun_submission(tmp_path / "bad.zip")


def test_pack_without_a_notebook_suggests_pack_not_check(capsys):
    assert pack_submission("nowhere.ipynb") is None
    printed = capsys.readouterr().out
    assert 'pack_submission("my_work/07_assignment.ipynb")' in printed and "check_submission(" not in printed


def test_pack_warns_when_the_check_fails_but_still_packs(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    notebook = _complete()
    notebook.cells[4].source = "**Answer R1:** *(write under this line; up to 60 words)*\n"  # R1 unanswered
    path = _save(notebook, my_work_dir())
    bundle = pack_submission(path)
    printed = capsys.readouterr().out
    assert bundle is not None and bundle.is_file()
    assert "⚠️ Warning: your notebook does not pass check_submission() yet (not met: Required sections)" in printed
    assert printed.index("⚠️") < printed.index("📦 Packed")


def test_pack_of_complete_work_has_no_warning(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    assert pack_submission(_save(_complete(), my_work_dir())) is not None
    printed = capsys.readouterr().out
    assert "Warning" not in printed and "Hand in this zip file." in printed


def test_my_work_path_resolves_when_the_kernel_runs_inside_my_work(capsys, tmp_path, monkeypatch):
    """The example path "my_work/07_assignment.ipynb" must work from the course root and from inside my_work/."""
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    _save(_complete(), my_work_dir())
    monkeypatch.chdir(my_work_dir())  # a kernel started in my_work/: my_work/my_work/... does not exist
    assert all(f.ok for f in inspect_submission("my_work/07_assignment.ipynb"))
    check_submission("my_work/07_assignment.ipynb")
    assert "All 4 requirements are met." in capsys.readouterr().out


def test_relative_path_resolves_from_the_course_root(tmp_path, monkeypatch):
    """A path relative to the course root (notebooks/solutions/...) works from any folder inside the course."""
    solution = ROOT / "notebooks" / "solutions" / "07_assignment.ipynb"
    monkeypatch.chdir(ROOT / "notebooks")  # course_root() walks up from here
    assert all(f.ok for f in inspect_submission("notebooks/solutions/07_assignment.ipynb"))


def test_pack_names_a_text_it_could_not_pack(capsys, tmp_path, monkeypatch):
    """The text the notebook ran on is packed when it is in my_work/; otherwise pack says so (issue 13)."""
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    notebook = _complete()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if FINGERPRINT_MARKER in output.get("text", ""):
                output.text = output.text.replace("safe_china_readout_en.txt", "my_speech.txt")
    path = _save(notebook, my_work_dir())
    pack_submission(path)
    assert "Not packed: the text your notebook ran on, my_speech.txt, is not in my_work/." in capsys.readouterr().out
    (my_work_dir() / "my_speech.txt").write_text("A speech.\n", encoding="utf-8")
    bundle = pack_submission(path)
    assert "Not packed" not in capsys.readouterr().out
    assert "my_work/my_speech.txt" in zipfile.ZipFile(bundle).namelist()
