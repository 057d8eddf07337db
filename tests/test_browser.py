"""End to end: every student notebook, Run All in JupyterLab, in a real (headless) Chromium.

Marked ``browser``; plain ``python -m pytest`` leaves it out. Run it with::

    python -m pytest tests/test_browser.py -m browser -n 0 -rs

It needs Debian's Chromium (``apt-get install chromium``) and Playwright's Python package
(``pip install playwright``; never ``playwright install``). Without them it is skipped, with the reason
(shown by ``-rs``); with ``COURSE_REQUIRE_SLOW_TESTS=1`` (set by .ci/run) a missing tool fails instead.
The notebooks are copied to a temporary folder first, so nothing in the course folder changes.
Screenshots go to a temporary folder (printed; or set ``COURSE_SCREENSHOTS``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from browser_support import (CHROMIUM, CHROMIUM_ARGS, KERNEL_IDLE, LabServer, changed_outside_my_work, copy_course,
                             files_under, missing)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TIMINGS: dict[str, float] = {}

# the notebook in the visible tab (a fresh workspace per test opens no other tab, but be sure)
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# Run All is finished when a prompt shows a number and none shows [*] (an error aborts the rest).
RUN_FINISHED = """() => {
  const prompts = [...document.querySelectorAll(`${NOTEBOOK} .jp-CodeCell .jp-InputPrompt`)].map(p => p.textContent);
  return prompts.some(t => /\\[\\d+\\]/.test(t)) && !prompts.some(t => t.includes('*'));
}"""
NUMBERED = """() => [...document.querySelectorAll(`${NOTEBOOK} .jp-CodeCell .jp-InputPrompt`)]
  .filter(p => /\\[\\d+\\]/.test(p.textContent)).length"""
IMAGES = """() => [...document.querySelectorAll(`${NOTEBOOK} .jp-OutputArea-output img`)]
  .map(img => ({complete: img.complete, width: img.naturalWidth}))"""
RUN_FINISHED, NUMBERED, IMAGES = (js.replace("${NOTEBOOK}", NOTEBOOK) for js in (RUN_FINISHED, NUMBERED, IMAGES))
SCROLL_TO_FIGURE = f"() => document.querySelector('{NOTEBOOK} .jp-OutputArea-output img')?.scrollIntoView()"


@pytest.fixture(autouse=True, scope="module")
def _only_when_asked_for(request):
    """Run only when the marker is named (-m browser), even if addopts were overridden (-o addopts=)."""
    if not re.search(r"(?<!not )\bbrowser\b", request.config.getoption("markexpr") or ""):
        pytest.skip("browser test skipped: select it with -m browser (it takes about two minutes)")


def _require_tools():
    reason = missing()
    if reason:
        if os.environ.get("COURSE_REQUIRE_SLOW_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, _only_when_asked_for):
    _require_tools()
    root = tmp_path_factory.mktemp("course")
    copy_course(ROOT, root)
    server = LabServer(root, tmp_path_factory.mktemp("lab_home")).start()
    yield server
    left = server.stop()
    assert not left, f"processes left running after the server was shut down: {left}"


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    left = [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]
    gone, alive = psutil.wait_procs(left, timeout=10)
    assert not alive, f"Chromium processes left running: {[p.pid for p in alive]}"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory, lab):
    # outside pytest's own temporary folders, which later runs delete
    folder = Path(os.environ.get("COURSE_SCREENSHOTS") or tempfile.mkdtemp(prefix="course_screenshots_"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nscreenshots of every notebook after Run All: {folder}")
    for name, seconds in TIMINGS.items():
        print(f"  {name}: {seconds:.1f} s in the browser")
    if lab.process is not None:
        print(f"  jupyter lab server RSS: {psutil.Process(lab.process.pid).memory_info().rss / 2**20:.0f} MiB")


def test_server_needs_the_token_and_stops_with_nothing_left(tmp_path):
    _require_tools()
    server = LabServer(tmp_path / "root", tmp_path / "home")
    (tmp_path / "root").mkdir()
    with server:
        assert server.request("GET", "/api/status", token=False)[0] == 403
        assert server.request("GET", "/api/contents", token=False)[0] == 403
        assert server.request("GET", "/api/status")[0] == 200
        status, session = server.request("POST", "/api/sessions", {
            "path": "probe.ipynb", "type": "notebook", "name": "probe", "kernel": {"name": "python3"}})
        assert status == 201, server.server_log()
        kernel_processes = psutil.Process(server.process.pid).children(recursive=True)
        assert kernel_processes, "the session started no kernel process"
        assert server.shut_down_sessions() == [session["kernel"]["id"]]
        assert server.request("GET", "/api/kernels")[1] == []
        pid = server.process.pid
        left = server.stop()
    assert left == []
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not [p for p in kernel_processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def _executed(path: Path) -> int:
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError):
        return -1
    return sum(c["cell_type"] == "code" and c["execution_count"] is not None for c in cells)


def _menu(page, menu: str, command: str) -> None:
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(f"li[data-command='{command}']").click()


def _figure_cells_kept(path: Path) -> list[str]:
    """Sources of solution figure cells that the student version keeps unchanged (so it must draw them too)."""
    solution = json.loads((ROOT / "notebooks" / "solutions" / path.name).read_text(encoding="utf-8"))
    student = {"".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"}
    return [src for c in solution["cells"] if c["cell_type"] == "code"
            and any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
            and (src := "".join(c["source"])) in student]


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.stem)
def test_student_notebook_runs_all_in_jupyterlab(lab, browser, screenshots, path):
    copy = lab.root / "notebooks" / path.name
    lab.shut_down_sessions()  # never reattach to an old kernel
    files_before = files_under(lab.root)
    started = time.perf_counter()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        # a workspace of its own, so JupyterLab does not reopen the tabs of the previous test
        page.goto(f"{lab.url}/lab/workspaces/{path.stem}/tree/notebooks/{path.name}?token={lab.token}")
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=90_000)
        _menu(page, "Run", "runmenu:run-all")
        page.wait_for_function(RUN_FINISHED, timeout=180_000, polling=250)
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=60_000)
        images = page.evaluate(IMAGES)
        numbered = page.evaluate(NUMBERED)
        _menu(page, "File", "docmanager:save")
        deadline = time.monotonic() + 30  # wait until the file holds what the page shows
        while _executed(copy) != numbered and time.monotonic() < deadline:
            time.sleep(0.2)
        page.evaluate(SCROLL_TO_FIGURE)
        page.screenshot(path=str(screenshots / f"{path.stem}.png"))
    finally:
        context.close()
        stopped = lab.shut_down_sessions()
    TIMINGS[path.name] = time.perf_counter() - started
    assert stopped, "no kernel was running for the notebook"
    assert lab.request("GET", "/api/kernels")[1] == []

    saved = json.loads(copy.read_text(encoding="utf-8"))
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    errors = [f"cell {i}: {o['ename']}: {o['evalue']}" for i, c in enumerate(code)
              for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{path.name} raised in JupyterLab: {errors}"
    not_run = [i for i, c in enumerate(code) if c["execution_count"] is None]
    assert not not_run, f"{path.name}: code cells {not_run} did not run (saved: {copy})"
    pngs = sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"])
    assert len(images) == pngs, f"{pngs} figure outputs, but {len(images)} images in the page"
    assert all(img["complete"] and img["width"] > 0 for img in images), f"an image did not render: {images}"
    drawn = {"".join(c["source"]) for c in code if any("image/png" in o.get("data", {}) for o in c["outputs"])}
    undrawn = [src[:60] for src in _figure_cells_kept(path) if src not in drawn]
    assert not undrawn, f"figure cells that drew nothing in the browser: {undrawn}"
    assert not page_errors, f"JavaScript errors in JupyterLab: {page_errors}"
    # what a git pull or nbgitpuller may update stays as it was: the notebook wrote only to my_work/
    written = changed_outside_my_work(files_before, files_under(lab.root), path.name)
    assert not written, f"{path.name} wrote outside my_work/: {written}"
