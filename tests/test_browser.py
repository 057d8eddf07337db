"""End to end in a real (headless) Chromium: the learner's path from the README's launch command, then
Run All of every student notebook in JupyterLab.

Marked ``browser``; plain ``python -m pytest`` leaves it out. Run it with::

    python -m pytest tests/test_browser.py -m browser -n 0 -rs -s

It needs Debian's Chromium (``apt-get install chromium``) and Playwright's Python package
(``pip install playwright``; never ``playwright install``). Without them it is skipped, with the reason
(shown by ``-rs``); with ``COURSE_REQUIRE_SLOW_TESTS=1`` (set by .ci/run) a missing tool fails instead.

JupyterLab is started with the README's own launch command, read from README.md, in a fresh copy of the
course (as a clone has it), so nothing in the course folder changes. The learner's path
(``test_learners_path_from_the_readme_command``): the page the command opens (notebook 00), the course
folder at the root of the file browser, Run All in 00 (which makes the copies in ``my_work/``),
``my_work/01_close_reading.ipynb`` opened by double-clicks in the file browser, Run All, an answer typed
and checked, saved, and still there after a reload; the "Next" link of a copy opening the next copy; and
the hand-in steps of ``my_work/07_assignment.ipynb`` leaving the bundle in ``my_work/``. Screenshots of
every step go to a folder that is printed (or set ``COURSE_SCREENSHOTS``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from browser_support import (CHROMIUM, CHROMIUM_ARGS, KERNEL_IDLE, LabServer, changed_outside_my_work, copy_course,
                             files_under, launch_args, menu, require_tools)

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


@pytest.fixture(scope="module")
def lab(tmp_path_factory, _only_when_asked_for):
    require_tools()
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
    print(f"\nscreenshots of every step: {folder}")
    for name, seconds in TIMINGS.items():
        print(f"  {name}: {seconds:.1f} s in the browser")
    if lab.process is not None:
        print(f"  jupyter lab server RSS: {psutil.Process(lab.process.pid).memory_info().rss / 2**20:.0f} MiB")
    print(f"  files: {', '.join(sorted(p.name for p in folder.glob('*.png')))}")


def test_the_server_is_the_readme_command_serving_the_course_folder(lab):
    assert lab.args == launch_args() and lab.args[:2] == ["jupyter", "lab"]
    assert lab.args[-1].endswith("00_start_here.ipynb")
    names = {item["name"] for item in lab.request("GET", "/api/contents")[1]["content"]}
    assert {"data", "docs", "notebooks", "helpers", "README.md"} <= names, names


def test_server_needs_the_token_and_stops_sessions_by_id(lab):
    assert lab.request("GET", "/api/status", token=False)[0] == 403
    assert lab.request("GET", "/api/contents", token=False)[0] == 403
    assert lab.request("GET", "/api/status")[0] == 200
    status, session = lab.request("POST", "/api/sessions", {
        "path": "probe.ipynb", "type": "notebook", "name": "probe", "kernel": {"name": "python3"}})
    assert status == 201, lab.server_log()
    kernel_processes = psutil.Process(lab.process.pid).children(recursive=True)
    assert kernel_processes, "the session started no kernel process"
    assert lab.shut_down_sessions() == [session["kernel"]["id"]]
    assert lab.request("GET", "/api/kernels")[1] == []
    gone, alive = psutil.wait_procs(kernel_processes, timeout=15)
    assert not alive, f"kernel processes still running: {alive}"


def _executed(path: Path) -> int:
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError):
        return -1
    return sum(c["cell_type"] == "code" and c["execution_count"] is not None for c in cells)


def _figure_cells_kept(path: Path) -> list[str]:
    """Sources of solution figure cells that the student version keeps unchanged (so it must draw them too)."""
    solution = json.loads((ROOT / "notebooks" / "solutions" / path.name).read_text(encoding="utf-8"))
    student = {"".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"}
    return [src for c in solution["cells"] if c["cell_type"] == "code"
            and any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
            and (src := "".join(c["source"])) in student]


# ----------------------------------------------------------------------------- the learner's path

VISIBLE_TAB_PATH = """() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')?.id
  && [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current')]
     .map(t => t.title).join('\\n')"""
# the first code cell whose source starts with the given text
CELL_INDEX = f"""(text) => [...document.querySelectorAll('{NOTEBOOK} .jp-Cell')].findIndex(c =>
  c.classList.contains('jp-CodeCell') && c.querySelector('.jp-InputArea-editor')?.textContent.trim().startsWith(text))"""
ANSWER = 'answer = "b"  # my answer, typed in JupyterLab'


def _shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))


def _wait_until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.2)


def _run_all(page) -> None:
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
    menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(RUN_FINISHED, timeout=240_000, polling=250)
    page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)


def _save(page, path: Path) -> None:
    numbered = page.evaluate(NUMBERED)
    menu(page, "File", "docmanager:save")
    _wait_until(lambda: _executed(path) == numbered, f"{path.name} saved with {numbered} cells run")


def _open_in_file_browser(page, name: str) -> None:
    """Double-click an item of the file browser's current folder, as a learner does."""
    item = page.locator(".jp-DirListing-item", has=page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(name)}$")))
    deadline = time.monotonic() + 60
    while not item.count():  # the browser lists new files within seconds; its refresh button makes it sooner
        assert time.monotonic() < deadline, f"{name} never appeared in the file browser"
        page.locator(".jp-FileBrowser-toolbar [data-command='filebrowser:refresh'], "
                     ".jp-FileBrowser-toolbar button[title^='Refresh']").first.click()
        time.sleep(1)
    item.first.dblclick()


def _visible_path(page) -> str:
    return page.evaluate(VISIBLE_TAB_PATH) or ""


def _sources(path: Path) -> list[str]:
    try:
        return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    except (OSError, ValueError):  # not yet saved, or being written
        return []


def _errors(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [f"cell {i}: {o['ename']}: {o['evalue']}" for i, c in enumerate(cells) if c["cell_type"] == "code"
            for o in c["outputs"] if o["output_type"] == "error"]


def test_learners_path_from_the_readme_command(lab, browser, screenshots):
    my_work = lab.root / "my_work"
    assert not my_work.exists(), "a fresh course has no my_work/ until notebook 00 makes it"
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        # 1. the page the README's command opens: notebook 00
        opened = lab.opened_url()
        page.goto(opened)
        page.wait_for_url(re.compile(r"/lab/tree/notebooks/00_start_here\.ipynb"), timeout=120_000)
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        assert "Path: notebooks/00_start_here.ipynb" in _visible_path(page)
        page.locator(f"{NOTEBOOK} h1", has_text="00 · Start here").wait_for()
        _shot(page, screenshots, "01_launch_opens_notebook_00")

        # 2. the file browser's root (its home icon) is the course folder
        page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
        for name in ("data", "docs", "notebooks", "helpers", "README.md"):
            page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{name}$")).wait_for(timeout=30_000)
        _shot(page, screenshots, "02_file_browser_root_is_the_course_folder")

        # 3. Run All in notebook 00 makes the learner's copies
        _run_all(page)
        _save(page, lab.root / "notebooks" / "00_start_here.ipynb")
        assert not _errors(lab.root / "notebooks" / "00_start_here.ipynb")
        assert (my_work / "01_close_reading.ipynb").is_file() and (my_work / "07_assignment.ipynb").is_file()
        _shot(page, screenshots, "03_notebook_00_ran_and_made_my_work")

        # 4. my_work/01_close_reading.ipynb, opened by double-clicks in the file browser
        _open_in_file_browser(page, "my_work")
        page.locator(".jp-BreadCrumbs", has_text="my_work").wait_for(timeout=30_000)
        _shot(page, screenshots, "04_my_work_in_the_file_browser")
        _open_in_file_browser(page, "01_close_reading.ipynb")
        page.wait_for_url(re.compile(r"/lab/tree/my_work/01_close_reading\.ipynb"), timeout=60_000)
        _wait_until(lambda: "Path: my_work/01_close_reading.ipynb" in _visible_path(page), "the tab of my_work/01")
        copy = my_work / "01_close_reading.ipynb"
        _run_all(page)
        _save(page, copy)
        assert not _errors(copy), _errors(copy)
        _shot(page, screenshots, "05_my_work_01_ran")

        # 5. an answer typed into an exercise cell, then its check run
        index = page.evaluate(CELL_INDEX, "check_who_speaks(")
        assert index > 0, "notebook 01 has no check_who_speaks cell"
        cells = page.locator(f"{NOTEBOOK} .jp-Cell")
        exercise, check = cells.nth(index - 1), cells.nth(index)
        assert "answer = None" in exercise.locator(".jp-InputArea-editor").inner_text()
        check_prompt = check.locator(".jp-InputPrompt").inner_text()
        exercise.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.type(ANSWER)
        assert ANSWER in exercise.locator(".jp-InputArea-editor").inner_text()
        page.keyboard.press("Shift+Enter")  # runs the exercise and moves on to the check
        page.keyboard.press("Shift+Enter")  # runs the check
        page.wait_for_function(f"""() => {{
            const p = document.querySelectorAll('{NOTEBOOK} .jp-Cell')[{index}].querySelector('.jp-InputPrompt');
            return /\\[\\d+\\]/.test(p.textContent) && p.textContent !== {json.dumps(check_prompt)}; }}""",
                               timeout=60_000)
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=60_000)
        feedback = check.locator(".jp-OutputArea-output").all_inner_texts()
        assert "".join(feedback).strip(), "the check cell printed nothing"
        check.scroll_into_view_if_needed()
        _shot(page, screenshots, "06_answer_typed_and_checked")

        # 6. saved, and still there after a reload
        menu(page, "File", "docmanager:save")
        _wait_until(lambda: any(ANSWER in src for src in _sources(copy)), "the answer in the saved notebook")
        saved = json.loads(copy.read_text(encoding="utf-8"))["cells"]
        position = next(i for i, c in enumerate(saved) if ANSWER in "".join(c["source"]))
        assert "check_who_speaks(" in "".join(saved[position + 1]["source"])
        assert saved[position + 1]["outputs"], "the saved check cell has no output"
        page.reload()
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        _wait_until(lambda: "Path: my_work/01_close_reading.ipynb" in _visible_path(page), "my_work/01 after reload")
        answer = page.locator(f"{NOTEBOOK} .jp-InputArea-editor", has_text=ANSWER)
        answer.wait_for(timeout=30_000)
        answer.scroll_into_view_if_needed()
        _shot(page, screenshots, "07_answer_still_there_after_reload")

        # 7. the "Next" link at the bottom of a copy opens the next copy, in my_work/
        link = page.locator(f"{NOTEBOOK} .jp-RenderedMarkdown a", has_text="02 · Context").last
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_url(re.compile(r"/lab/tree/my_work/02_context\.ipynb"), timeout=60_000)
        _wait_until(lambda: "Path: my_work/02_context.ipynb" in _visible_path(page), "the tab of my_work/02")
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        _shot(page, screenshots, "08_next_link_opens_my_work_02")

        # 8. the hand-in steps of my_work/07_assignment.ipynb leave the bundle in my_work/
        _open_in_file_browser(page, "07_assignment.ipynb")  # the file browser still shows my_work/
        _wait_until(lambda: "Path: my_work/07_assignment.ipynb" in _visible_path(page), "the tab of my_work/07")
        assignment, bundle = my_work / "07_assignment.ipynb", my_work / "submission_07_assignment.zip"
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        menu(page, "Kernel", "runmenu:restart-and-run-all")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        page.wait_for_function(RUN_FINISHED, timeout=240_000, polling=250)
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        _save(page, assignment)
        saved_at = assignment.stat().st_mtime
        for call in ("check_submission()", "pack_submission()"):  # run again once saved, as the notebook says
            cell = cells.nth(page.evaluate(CELL_INDEX, call))
            cell.locator(".jp-InputPrompt").click()
            page.keyboard.press("Shift+Enter")
            page.get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
        _wait_until(lambda: bundle.is_file() and bundle.stat().st_mtime >= saved_at, "the bundle packed after saving")
        page.locator(f"{NOTEBOOK} .jp-OutputArea-output", has_text="submission_07_assignment.zip").last.scroll_into_view_if_needed()
        _shot(page, screenshots, "09_assignment_checked_and_packed")
        page.locator(".jp-DirListing-itemText", has_text=re.compile(r"^submission_07_assignment\.zip$")).wait_for(timeout=60_000)
        _shot(page, screenshots, "10_bundle_in_my_work")
    finally:
        context.close()
        lab.shut_down_sessions()
    assert not _errors(assignment), _errors(assignment)
    with zipfile.ZipFile(bundle) as archive:
        packed = json.loads(archive.read("07_assignment.ipynb"))
    assert packed == json.loads(assignment.read_text(encoding="utf-8")), "the bundle holds another version"
    assert not page_errors, f"JavaScript errors in JupyterLab: {page_errors}"


# ----------------------------------------------------------------------------- every notebook, Run All


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
        menu(page, "Run", "runmenu:run-all")
        page.wait_for_function(RUN_FINISHED, timeout=180_000, polling=250)
        page.get_by_text(KERNEL_IDLE).wait_for(timeout=60_000)
        images = page.evaluate(IMAGES)
        numbered = page.evaluate(NUMBERED)
        menu(page, "File", "docmanager:save")
        deadline = time.monotonic() + 30  # wait until the file holds what the page shows
        while _executed(copy) != numbered and time.monotonic() < deadline:
            time.sleep(0.2)
        page.evaluate(SCROLL_TO_FIGURE)
        page.screenshot(path=str(screenshots / f"run_all_{path.stem}.png"))
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
