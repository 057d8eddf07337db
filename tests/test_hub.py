"""A class on JupyterHub, simulated: the README's hub commands leave the hub's own JupyterLab alone.

A second virtual environment with an older JupyterLab plays the hub's image. The commands of the
README's "Teaching a whole class" section are run in it, verbatim, from a copy of the course (as an
image build would); then a learner's clone, as nbgitpuller makes it, runs notebook 00 in a kernel of
that environment. Marked ``hub``; plain ``python -m pytest`` leaves it out. Run it (PyPI needed, about
three minutes)::

    python -m pytest tests/test_hub.py -m hub -n 0 -rs
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from test_kernel_lock import KERNEL, SERVER

ROOT = Path(__file__).resolve().parent.parent
# The hub's image: JupyterLab and server older than the lock's (4.6.6, 2.21.1), and older versions of
# packages it shares with kernels, wherever the locked ipykernel allows it (jupyter_client >= 8.9 and
# tornado >= 6.5.7 it does not).
HUB_IMAGE = ("jupyterlab==4.2.5", "jupyter_server==2.14.2", "traitlets==5.14.3", "jupyter_core==5.7.2",
             "nbformat==5.10.4", "nbclient==0.10.2", "pyzmq==26.2.0")
BIN = "Scripts" if os.name == "nt" else "bin"


@pytest.fixture
def _only_when_asked_for(request):
    """Runs only when the marker is named (-m hub): it builds a virtual environment from PyPI."""
    if not re.search(r"(?<!not )\bhub\b", request.config.getoption("markexpr") or ""):
        pytest.skip("hub test skipped: select it with -m hub (it installs a second environment from PyPI)")
    if not shutil.which("git"):
        if os.environ.get("COURSE_REQUIRE_SLOW_TESTS"):
            pytest.fail("hub test needs git to list the course's files")
        pytest.skip("hub test skipped: git is not installed")


def readme_hub_commands() -> list[str]:
    """The commands of the first code block in the README's "Teaching a whole class" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Teaching a whole class\n")[1].split("\n## ")[0]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def copy_course(target: Path) -> Path:
    """The course's files as a clone of the next commit would have them (tracked and new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def hub_env(hub: Path, **extra: str) -> dict[str, str]:
    """The environment of a hub user: the hub's Python first on PATH, none of the test suite's settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"COURSE_ROOT", "COURSE_MY_WORK", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["PATH"] = os.pathsep.join([str(hub / BIN), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(hub)
    return {**env, **extra}


def freeze(python: Path, env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "freeze", "--all"], env=env, capture_output=True, text=True,
                         check=True).stdout
    return {canonicalize_name(n): v for n, _, v in (line.partition("==") for line in out.splitlines()) if v}


def test_readme_hub_commands_install_the_kernel_lock_and_the_course_without_dependencies():
    commands = readme_hub_commands()
    assert "python -m pip install -r requirements-kernel.txt" in commands
    assert "python -m pip install --no-deps ." in commands
    assert not any("requirements-lock.txt" in command for command in commands)


@pytest.mark.hub
def test_course_on_a_simulated_hub(tmp_path, _only_when_asked_for):
    hub = tmp_path / "hub-image"
    python = hub / BIN / "python"
    env = hub_env(hub)
    subprocess.run([sys.executable, "-m", "venv", str(hub)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *HUB_IMAGE], env=env, check=True)
    before = freeze(python, env)
    image = {canonicalize_name(name): version for name, _, version in (pin.partition("==") for pin in HUB_IMAGE)}
    assert {name: before.get(name) for name in image} == image, "the hub image is not as asked for"

    build = copy_course(tmp_path / "image-build" / "course")
    for command in readme_hub_commands():  # verbatim, as the admin types them in the image's environment
        subprocess.run(command, shell=True, cwd=build, env=env, check=True)
    shutil.rmtree(build)  # the image keeps no checkout of the course
    after = freeze(python, env)

    changed = {name: (before.get(name), after.get(name)) for name in SERVER if before.get(name) != after.get(name)}
    assert not changed, f"the course's install changed the hub's server stack: {changed}"
    wrong = {name: (version, after.get(name)) for name, (_, version) in KERNEL.items() if after.get(name) != version}
    assert not wrong, f"kernel libraries not at the locked versions: {wrong}"
    assert {name: after.get(name) for name in image} == image
    print("hub image after the course's install:", {name: after.get(name) for name in sorted(SERVER) if name in after})

    # A learner: nbgitpuller's clone in their home, my_work/ inside it, a kernel of the hub's Python.
    home = tmp_path / "home" / "jovyan"
    clone = copy_course(home / "course")
    learner = hub_env(hub, HOME=str(home), PYTHONPATH=str(ROOT / "tests" / "offline"),  # offline, as every test
                      NLTK_DATA=os.environ.get("NLTK_DATA", str(tmp_path / "no_nltk_data")))
    where = subprocess.run([str(python), "-c", "import helpers; print(helpers.__file__)"], cwd=clone / "notebooks",
                           env=learner, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(hub), f"helpers imported from {where}, not from the hub's environment"
    subprocess.run([str(hub / BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=300", "--output-dir", str(tmp_path / "run"),
                    "00_start_here.ipynb"], cwd=clone / "notebooks", env=learner, check=True)
    ran = json.loads((tmp_path / "run" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in ran["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["execution_count"] for cell in code), "not every code cell ran"
    errors = [out for cell in code for out in cell["outputs"] if out["output_type"] == "error"]
    assert not errors, errors
    assert (clone / "my_work" / "01_close_reading.ipynb").exists(), "notebook 00 did not make the copies in the clone"
