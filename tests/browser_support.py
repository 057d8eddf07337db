"""A real JupyterLab server and a headless Chromium for tests/test_browser.py.

* ``missing()`` says why the browser test cannot run here (no Chromium, no Playwright), or None.
* ``launch_command()`` reads the README's command that sets up and opens the course; ``launch_args()``
  is its second half (``jupyter lab ...``), as a list of arguments.
* ``LabServer`` runs that command in a copy of the course, adding only what a headless test needs: a
  free port, a token, ``--allow-root`` when run as root, and config/runtime/settings/workspace/IPython
  folders of its own (environment variables). Instead of ``--no-browser``, ``BROWSER`` names a small
  script that records the address JupyterLab asks the learner's browser to open (``opened_url()``).
  It talks to the REST API with the token, shuts sessions, kernels and itself down by their IDs, and
  reports any process it leaves behind.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright's Python package through
``executable_path``; Playwright's own browsers are never downloaded. Set ``COURSE_CHROMIUM`` to use
another Chromium binary.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--no-proxy-server"]
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"


def missing() -> str | None:
    """Why the browser test cannot run here, with the fix; None when it can."""
    reasons = []
    if not Path(CHROMIUM).exists():
        reasons.append(f"no Chromium at {CHROMIUM} (Debian/Ubuntu: sudo apt-get install chromium; or set COURSE_CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        reasons.append("the playwright Python package is not installed (python -m pip install playwright; "
                       "no 'playwright install' needed)")
    return "browser test skipped: " + "; ".join(reasons) if reasons else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


README = Path(__file__).resolve().parent.parent / "README.md"


def launch_command(readme: Path = README) -> str:
    """The README's command that sets up and opens the course (the code block after its bold label).

    >>> launch_command().split(" && ")[1].split()[:2]
    ['jupyter', 'lab']
    """
    text = readme.read_text(encoding="utf-8")
    found = re.search(r"\*\*Set up and open the course\*\*.*?\n```\n(.+?)\n```", text, re.S)
    if not found:
        raise ValueError(f"{readme} has no code block after **Set up and open the course**")
    return found.group(1).strip()


def launch_args(command: str | None = None) -> list[str]:
    """The launch half of the command (after ``&&``) as arguments.

    >>> launch_args("pip install x && jupyter lab notebooks/00.ipynb")
    ['jupyter', 'lab', 'notebooks/00.ipynb']
    """
    install, _, launch = (command or launch_command()).partition(" && ")
    args = shlex.split(launch)
    if args[:2] != ["jupyter", "lab"]:
        raise ValueError(f"the README's command should end with 'jupyter lab ...', not {launch!r}")
    return args


class LabServer:
    """The README's ``jupyter lab ...`` run in ``root`` with isolated settings; use as a context manager."""

    def __init__(self, root: Path, home: Path, args: list[str] | None = None):
        self.root, self.home = root, home
        self.args = launch_args() if args is None else args
        self.opened = home / "opened_url.txt"
        self.token = secrets.token_hex(24)
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self.process: subprocess.Popen | None = None
        self.children: list[psutil.Process] = []

    def _env(self) -> dict:
        cfg = self.home / "config"
        settings = cfg / "user-settings"
        notice = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        for path, value in [(notice, {"fetchNews": "false", "checkForUpdates": False}),
                            # render every cell (no virtual scrolling), so the DOM holds every output
                            (tracker, {"windowingMode": "none"}),
                            # the test saves once, after Run All; no autosave in between
                            (settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings",
                             {"autosave": False})]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")
        browser = self.home / "record_browser_url.py"  # the "web browser": it writes down what it is asked to open
        browser.write_text(f"#!{sys.executable}\nimport pathlib, sys\n"
                           f"pathlib.Path({str(self.opened)!r}).write_text(sys.argv[1], encoding='utf-8')\n",
                           encoding="utf-8")
        browser.chmod(0o755)
        env = dict(os.environ)
        # the jupyter of this Python's environment, as in an activated virtual environment
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        env.update(BROWSER=str(browser), JUPYTER_CONFIG_DIR=str(cfg), JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(self.home / "workspaces"),
                   IPYTHONDIR=str(self.home / "ipython"))
        # a learner's set-up: helpers finds the course from the notebook's folder, my_work/ is in the copy
        env.pop("COURSE_ROOT", None)
        env.pop("COURSE_MY_WORK", None)
        return env

    def start(self) -> "LabServer":
        command = [*self.args, "--port", str(self.port), "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.home.mkdir(parents=True, exist_ok=True)
        self.log = open(self.home / "server.log", "w", encoding="utf-8")
        env = self._env()
        command[0] = shutil.which(command[0], path=env["PATH"]) or command[0]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.root)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {self.process.returncode}:\n{self.server_log()}")
            try:
                if self.request("GET", "/api/status")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.25)
        raise TimeoutError(f"jupyter lab did not answer within 90 s:\n{self.server_log()}")

    def opened_url(self, timeout: float = 60) -> str:
        """The address JupyterLab asked the browser to open (a file:// page that redirects to the lab)."""
        deadline = time.monotonic() + timeout
        while not self.opened.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not self.opened.exists():
            raise TimeoutError(f"jupyter lab opened no browser within {timeout} s:\n{self.server_log()}")
        return self.opened.read_text(encoding="utf-8")

    def server_log(self) -> str:
        return (self.home / "server.log").read_text(encoding="utf-8", errors="replace")[-4000:]

    def request(self, method: str, path: str, body=None, token: bool = True) -> tuple[int, object]:
        """(status, parsed JSON or None) of one REST call, with or without the token."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"token {self.token}")
        try:
            with _NO_PROXY.open(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, None

    def shut_down_sessions(self) -> list[str]:
        """Delete every session (which stops its kernel), then any kernel left, by ID; return the IDs."""
        stopped = []
        for session in self.request("GET", "/api/sessions")[1] or []:
            self.request("DELETE", f"/api/sessions/{session['id']}")
            stopped.append(session["kernel"]["id"])
        for kernel in self.request("GET", "/api/kernels")[1] or []:
            self.request("DELETE", f"/api/kernels/{kernel['id']}")
            stopped.append(kernel["id"])
        return stopped

    def stop(self) -> list[str]:
        """Shut kernels and the server down by ID and PID; return descriptions of processes left running."""
        if self.process is None:
            return []
        try:
            self.children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            self.children = []
        if self.process.poll() is None:
            self.shut_down_sessions()
            self.request("POST", "/api/shutdown")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(timeout=10)
        self.log.close()
        gone, alive = psutil.wait_procs(self.children, timeout=15)
        left = [f"pid {p.pid} ({' '.join(p.cmdline()[:3])})" for p in alive if p.is_running()]
        for process in alive:  # never leave them, but still report them as a failure
            process.kill()
        self.process = None
        return left

    def __enter__(self) -> "LabServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def copy_course(source: Path, target: Path, pattern: str = "[0-9][0-9]_*.ipynb") -> list[Path]:
    """Copy the course as a learner's clone has it (no .git, build output or learner work) into ``target``;
    return its student notebooks. Nothing in the course folder itself changes."""
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
        ".git", "_build", "my_work", ".hypothesis", ".pytest_cache", "__pycache__", "*.egg-info",
        ".ipynb_checkpoints", ".venv", "venv"))
    return sorted((target / "notebooks").glob(pattern))


def files_under(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, keyed by its path relative to ``root``."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def changed_outside_my_work(before: dict, after: dict, notebook: str) -> list[str]:
    """Files a run added, removed or changed, other than learner files, the saved notebook and its checkpoint.

    >>> changed_outside_my_work({"data/a.csv": "1"}, {"data/a.csv": "2", "my_work/n.md": "3"}, "00_x.ipynb")
    ['data/a.csv']
    """
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    allowed = ("my_work/", f"notebooks/{notebook}", "notebooks/.ipynb_checkpoints/")
    return sorted(name for name in changed if not name.startswith(allowed))


def require_tools() -> None:
    """Skip the calling test when Chromium or Playwright is missing; fail instead in CI (COURSE_REQUIRE_SLOW_TESTS)."""
    import pytest

    reason = missing()
    if reason:
        if os.environ.get("COURSE_REQUIRE_SLOW_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)


def menu(page, menu: str, command: str) -> None:
    """Click ``menu`` in JupyterLab's menu bar, then the item that runs ``command``."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(f"li[data-command='{command}']").click()
