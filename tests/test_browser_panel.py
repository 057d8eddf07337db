"""End to end: the coding panel in JupyterLab, clicked in a real (headless) Chromium.

Marked ``browser``; run it with ``python -m pytest tests/test_browser_panel.py -m browser -n 0 -rs`` (needs
Debian's Chromium and Playwright's Python package, as tests/test_browser.py does; skipped with the reason
otherwise). The course is copied to a temporary folder; a notebook there shows the panel as notebook 03 does.
The first test toggles codes on three sentences, types a memo, reloads the page, runs the cell again as a
learner would, and checks that the sheet in my_work/ and the panel's state are intact. The second walks the
issue's "done when" as a learner: the learner's copy of notebook 03, six sentences coded, a memo typed and
the page reloaded at once, the panel cell run again, the rest coded, then notebook 07's pack_submission();
the bundle must hold the sheet with every sentence coded. Screenshots of each step go to
``$COURSE_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from helpers.coding import codebook_fingerprint, load_codebook

from browser_support import CHROMIUM, CHROMIUM_ARGS, KERNEL_IDLE, LabServer, copy_course, menu, require_tools

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PANEL_CELL = ('from helpers.checks.theme_coding import TEN_SENTENCES\nfrom helpers.coding import load_codebook\n'
              'from helpers.panel import coding_panel\n\n'
              'panel = coding_panel(load_codebook(version=1), "my_coding_v1.csv", TEN_SENTENCES)\npanel')
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .widget-vbox"
PANEL_03 = 'panel = coding_panel(book_v1, "my_coding_v1.csv", TEN_SENTENCES)'
MEMO = "close call: risk prevention, or public safety? The 'when not to use' rule decided."


@pytest.fixture(autouse=True, scope="module")
def _only_when_asked_for(request):
    if not re.search(r"(?<!not )\bbrowser\b", request.config.getoption("markexpr") or ""):
        pytest.skip("browser test skipped: select it with -m browser")


def _open_page(playwright):
    """A new page in headless Chromium, and the list its JavaScript errors are collected in."""
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def _run_panel(page):
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
    menu(page, "Run", "runmenu:run-all")
    panel = page.locator(PANEL).first
    panel.wait_for(timeout=90_000)
    return panel


def _toggle(panel, name):
    return panel.locator("button.widget-toggle-button", has_text=re.compile(f"^{re.escape(name)}$"))


def _sheet(path: Path) -> dict:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {row["sentence_id"]: row for row in rows}


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def test_codes_and_a_memo_survive_a_reload(tmp_path):
    require_tools()
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "course"
    copy_course(ROOT, root)
    probe = root / "notebooks" / "panel_probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PANEL_CELL)],
                                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                                                     "language": "python"}}), probe)
    sheet = root / "my_work" / "my_coding_v1.csv"
    with LabServer(root, tmp_path / "home") as lab, sync_playwright() as playwright:
        page, errors = _open_page(playwright)
        page.goto(f"{lab.url}/lab/workspaces/panel/tree/notebooks/panel_probe.ipynb?token={lab.token}")
        panel = _run_panel(page)
        expect(panel).to_contain_text("0 of 10 coded")
        expect(panel).to_contain_text("[P6.S1]")
        _toggle(panel, "Risk prevention and control").click()
        expect(panel).to_contain_text("1 of 10 coded")
        panel.locator("textarea").fill(MEMO)
        panel.locator("button", has_text="Next ▶").click()
        expect(panel).to_contain_text("[P6.S2]")
        _toggle(panel, "Political and regime security").click()
        _toggle(panel, "Ideology, public opinion and social mentality").click()
        panel.locator("button", has_text="Next ▶").click()
        expect(panel).to_contain_text("[P6.S3]")
        panel.locator("button", has_text="No code applies").click()
        expect(panel).to_contain_text("3 of 10 coded")

        assert _wait_for(lambda: sheet.exists() and _sheet(sheet)["P6.S3"]["risk_prevention"] == "0"), \
            f"the sheet was not saved: {sheet.read_text(encoding='utf-8') if sheet.exists() else 'missing'}"
        saved = sheet.read_bytes()
        rows = _sheet(sheet)
        assert rows["P6.S1"]["risk_prevention"] == "1" and rows["P6.S1"]["memo"] == MEMO
        assert rows["P6.S2"]["political_security"] == "1" and rows["P6.S2"]["ideology_opinion"] == "1"
        assert set(v for k, v in rows["P6.S3"].items() if k not in ("sentence_id", "memo", "text", "codebook")) == {"0"}
        assert rows["P6.S4"]["risk_prevention"] == ""  # not coded yet

        page.reload()
        panel = _run_panel(page)  # the learner runs the cell again
        expect(panel).to_contain_text("3 of 10 coded")
        expect(panel).to_contain_text("[P6.S4]")  # resumes after the last coded sentence
        for _ in range(3):
            panel.locator("button", has_text="◀ Previous").click()
        expect(panel).to_contain_text("[P6.S1]")
        expect(_toggle(panel, "Risk prevention and control")).to_have_class(re.compile(r"mod-active"))
        expect(_toggle(panel, "Public safety domains")).not_to_have_class(re.compile(r"mod-active"))
        expect(panel.locator("textarea")).to_have_value(MEMO)
        panel.locator("button", has_text="Next ▶").click()
        expect(_toggle(panel, "Political and regime security")).to_have_class(re.compile(r"mod-active"))
        assert sheet.read_bytes() == saved, "reopening the panel changed the sheet"
        assert not errors, f"JavaScript errors in JupyterLab: {errors}"
        page.context.browser.close()


WALK = [  # (sentence, codes to toggle, memo): the learner's coding of notebook 03's ten sentences
    ("P6.S1", ["Risk prevention and control"], "close call: risk prevention or public safety? 'when not to use' decided."),
    ("P6.S2", ["Political and regime security", "Ideology, public opinion and social mentality"], ""),
    ("P6.S3", [], ""),
    ("P6.S4", ["Rule of law and petitions"], ""),
    ("P7.S1", ["Party leadership"], ""),
    ("P7.S2", ["Social governance and the people"], "typed, then the page was reloaded at once"),
    ("P7.S3", ["Public safety domains"], ""),
    ("P8.S1", [], ""),
    ("P8.S2", ["Technology, cyber and AI"], "last close call"),
    ("P8.S3", ["Development and security together"], ""),
]


def _code(panel, sentence, codes, memo, coded_before):
    """Code the sentence the panel shows (it must be ``sentence``); a memo is typed last and left unsent by Next."""
    expect = __import__("playwright.sync_api", fromlist=["expect"]).expect
    expect(panel).to_contain_text(f"[{sentence}]")
    for name in codes:
        _toggle(panel, name).click()
    if not codes:
        panel.locator("button", has_text="No code applies").click()
    expect(panel).to_contain_text(f"{coded_before + 1} of 10 coded")
    if memo:
        panel.locator("textarea").fill(memo)


def _cell(page, first_line):
    """The code cell of the open notebook whose source starts with the line ``first_line``."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter(
        has=page.locator(".cm-line", has_text=re.compile(f"^{re.escape(first_line)}$")))


def _run_cell(page, cell):
    """Select ``cell`` (command mode) and run it from the Run menu, as a learner does."""
    cell.locator(".jp-InputPrompt").click()
    menu(page, "Run", "runmenu:run")


def test_done_when_code_reload_resume_finish_hand_in(tmp_path):
    """Issue 14's "done when", in a real browser, from the learner's copy of notebook 03 to the hand-in bundle."""
    require_tools()
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "course"
    copy_course(ROOT, root)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_ROOT", "COURSE_MY_WORK")}
    # what notebook 00's make_my_copies() cell does for the learner
    subprocess.run([sys.executable, "-c", "from helpers.workspace import make_my_copies; "
                    "print(make_my_copies('0[37]_*.ipynb'))"], cwd=root, env=env, check=True)
    shots = Path(os.environ.get("COURSE_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    sheet = root / "my_work" / "my_coding_v1.csv"
    bundle = root / "my_work" / "submission_07_assignment.zip"
    with LabServer(root, tmp_path / "home") as lab, sync_playwright() as playwright:
        page, errors = _open_page(playwright)

        def shot(name, element=None):
            target = shots / f"{len(list(shots.iterdir())) + 1:02d}_{name}.png"
            if element is not None:  # the top of the cell at the top of the window
                element.evaluate("node => node.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(target))

        page.goto(f"{lab.url}/lab/workspaces/walk/tree/my_work/03_theme_coding.ipynb?token={lab.token}")
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
        panel_cell = _cell(page, PANEL_03)
        panel_cell.locator(".jp-InputPrompt").click()
        menu(page, "Run", "notebook:run-all-above")
        _run_cell(page, panel_cell)
        panel = panel_cell.locator(".widget-vbox").first
        panel.wait_for(timeout=120_000)
        expect(panel_cell).to_contain_text("Run this cell")  # the note that outlives the panel
        expect(panel).to_contain_text("0 of 10 coded")
        shot("panel_opened", panel_cell)
        for n, (sentence, codes, memo) in enumerate(WALK[:6]):
            if n:
                panel.locator("button", has_text="Next ▶").click()
            if n == 5:  # the learner saves the notebook (Ctrl+S), as autosave would
                notebook = root / "my_work" / "03_theme_coding.ipynb"
                saved_before = notebook.stat().st_mtime_ns
                panel_cell.locator(".jp-InputPrompt").click()
                page.keyboard.press("Control+s")
                assert _wait_for(lambda: notebook.stat().st_mtime_ns != saved_before), "the notebook was not saved"
            _code(panel, sentence, codes, memo, n)
        shot("six_coded_memo_typed", panel_cell)
        page.reload()  # at once: the last memo was typed, never left by Next or a click
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
        panel_cell = _cell(page, PANEL_03)
        panel_cell.scroll_into_view_if_needed()
        expect(panel_cell).to_contain_text("Run this cell")  # the saved note tells the learner what to do
        shot("after_reload_before_rerun")
        assert _wait_for(lambda: _sheet(sheet)["P7.S2"]["memo"] == WALK[5][2]), \
            f"the memo typed before the reload was lost: {_sheet(sheet)['P7.S2']}"

        panel_cell = _cell(page, PANEL_03)
        _run_cell(page, panel_cell)  # the learner runs the panel's cell again
        panel = panel_cell.locator(".widget-vbox").first
        panel.wait_for(timeout=90_000)
        expect(panel).to_contain_text("6 of 10 coded")
        expect(panel).to_contain_text("[P7.S3]")  # resumes after the last coded sentence
        shot("resumed", panel_cell)
        for n, (sentence, codes, memo) in enumerate(WALK[6:], start=6):
            _code(panel, sentence, codes, memo, n)
            if n < len(WALK) - 1:
                panel.locator("button", has_text="Next ▶").click()
        panel.locator("button", has_text="◀ Previous").click()  # leaving the sentence writes its memo at once
        expect(panel).to_contain_text("10 of 10 coded")
        shot("all_coded", panel_cell)
        rows = _sheet(sheet)
        assert rows["P8.S2"]["memo"] == "last close call"
        session = next(s for s in lab.request("GET", "/api/sessions")[1] if s["path"].endswith("03_theme_coding.ipynb"))
        assert lab.request("POST", f"/api/kernels/{session['kernel']['id']}/restart")[0] == 200
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
        expect(panel_cell).to_contain_text("Run this cell")
        shot("kernel_restarted", panel_cell)  # what the learner sees when the panel is no longer live

        page.goto(f"{lab.url}/lab/workspaces/walk/tree/my_work/07_assignment.ipynb?token={lab.token}")
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
        setup = _cell(page, "import pandas as pd")
        shot("assignment_opened")
        _run_cell(page, setup)
        expect(setup.locator(".jp-InputPrompt")).to_contain_text("[1]", timeout=90_000)
        saved_before = (root / "my_work" / "07_assignment.ipynb").stat().st_mtime_ns
        page.keyboard.press("Control+s")
        assert _wait_for(lambda: (root / "my_work" / "07_assignment.ipynb").stat().st_mtime_ns != saved_before)
        pack = _cell(page, "pack_submission()")
        _run_cell(page, pack)
        expect(pack).to_contain_text("Packed", timeout=90_000)
        shot("handed_in", pack)
        assert not errors, f"JavaScript errors in JupyterLab: {errors}"
        page.context.browser.close()

    with zipfile.ZipFile(bundle) as archive:
        handed_in = archive.read("my_work/my_coding_v1.csv").decode("utf-8")
    assert handed_in == sheet.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(handed_in)))
    codes = {row["sentence_id"]: {k for k, v in row.items() if v == "1"} for row in rows}
    assert [row["sentence_id"] for row in rows] == [sentence for sentence, _, _ in WALK]
    names = {code["name"]: code["key"] for code in load_codebook(version=1)["codes"]}
    assert codes == {sentence: {names[n] for n in chosen} for sentence, chosen, _ in WALK}
    assert all(row[k] in ("0", "1") for row in rows for k in names.values())  # every sentence coded
    assert {row["sentence_id"]: row["memo"] for row in rows if row["memo"]} == {s: m for s, _, m in WALK if m}
    assert {row["codebook"] for row in rows} == {codebook_fingerprint(load_codebook(version=1))}
