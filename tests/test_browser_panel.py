"""End to end: the coding panel in JupyterLab, clicked in a real (headless) Chromium.

Marked ``browser``; run it with ``python -m pytest tests/test_browser_panel.py -m browser -n 0 -rs`` (needs
Debian's Chromium and Playwright's Python package, as tests/test_browser.py does; skipped with the reason
otherwise). The course is copied to a temporary folder; a notebook there shows the panel as notebook 03 does.
The test toggles codes on three sentences, types a memo, reloads the page, runs the cell again as a learner
would, and checks that the sheet in my_work/ and the panel's state are intact.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import nbformat
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, KERNEL_IDLE, LabServer, copy_course, menu, require_tools

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PANEL_CELL = ('from helpers.checks.theme_coding import TEN_SENTENCES\nfrom helpers.coding import load_codebook\n'
              'from helpers.panel import coding_panel\n\n'
              'panel = coding_panel(load_codebook(version=1), "my_coding_v1.csv", TEN_SENTENCES)\npanel')
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .widget-vbox"
MEMO = "close call: risk prevention, or public safety? The 'when not to use' rule decided."


@pytest.fixture(autouse=True, scope="module")
def _only_when_asked_for(request):
    if not re.search(r"(?<!not )\bbrowser\b", request.config.getoption("markexpr") or ""):
        pytest.skip("browser test skipped: select it with -m browser")


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
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
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
        assert set(v for k, v in rows["P6.S3"].items() if k not in ("sentence_id", "memo", "text")) == {"0"}
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
        chromium.close()
