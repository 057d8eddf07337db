"""The set-up files agree with each other and with the README."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL = 'python -m pip install -e ".[test]" -c requirements-lock.txt'
OPEN_COMMAND = f"{INSTALL} && jupyter lab --notebook-dir . notebooks/00_start_here.ipynb"
TEST_COMMAND = f"{INSTALL} && python -m pytest"


def _requirements():
    project = PYPROJECT["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def _name(requirement):
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group().lower().replace("_", "-")


def test_every_dependency_is_bounded():
    for requirement in _requirements():
        assert ">=" in requirement and "<" in requirement.replace("<=", ""), f"{requirement} needs a lower and an upper bound"


def test_environment_yml_lists_the_same_packages_and_bounds():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = {_name(d): d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    conda.pop("python"), conda.pop("pip")
    pip = {_name(r): r.replace(" ", "") for r in _requirements()}
    assert conda == pip


def test_lock_file_pins_every_dependency():
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[_name(name)] = pinned
    for requirement in _requirements():
        assert pins.get(_name(requirement)), f"{_name(requirement)} is not pinned in requirements-lock.txt"


def test_readme_states_the_two_commands_exactly():
    assert OPEN_COMMAND in README
    assert TEST_COMMAND in README


def test_every_file_that_states_the_launch_command_states_it_verbatim():
    stating = [path for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *ROOT.glob("docs/*.md"),
                                 *ROOT.glob("site/*.md")]
               if "&& jupyter lab" in path.read_text(encoding="utf-8")]
    assert ROOT / "README.md" in stating
    for path in stating:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert "&& jupyter lab" not in line or line.strip() == OPEN_COMMAND, f"{path.name}: {line}"


def test_ci_runs_the_readme_test_command_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci
    assert "-m venv" in ci
