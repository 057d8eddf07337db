"""Write ``requirements-kernel.txt``: the kernel's libraries alone, for a JupyterHub image.

``requirements-lock.txt`` pins everything, the Jupyter server stack included, so installing it into a
hub's image can move the hub's own JupyterLab. The kernel lock keeps what a kernel running the notebooks
needs: the course's dependencies, except those the Jupyter server stack owns (``jupyterlab``,
``nbformat``, ``nbclient``), and everything they require, except what ``jupyter_server`` itself
requires (``jupyter_client``, ``tornado``, ``traitlets``, ...): the hub's versions of those serve the
kernel too. Versions are those of the main lock;
dependencies are read from the installed packages (this platform's markers), so run it in an
environment installed with ``-c requirements-lock.txt``::

    python -m helpers.kernel_lock           # rewrite requirements-kernel.txt
    python -m helpers.kernel_lock --check   # exit status 1 if it is stale
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .workspace import course_root

SERVER_ROOT = "jupyter_server"
LEFT_TO_THE_HUB = {"jupyterlab", "nbformat", "nbclient"}  # course dependencies the server stack owns
HEADER = """\
# The kernel's libraries alone, for a JupyterHub image (README, "Teaching a whole class"):
# what a kernel running the notebooks imports, at the versions of requirements-lock.txt, without
# the Jupyter server stack (jupyterlab, jupyter_server and what jupyter_server requires, such as
# jupyter_client, jupyter_core, tornado, traitlets, pyzmq, nbformat, nbclient): the hub keeps its own.
# Linux, Python 3.11. Made from requirements-lock.txt and pyproject.toml by:
#   python -m helpers.kernel_lock
"""


def read_pins(path: Path) -> dict[str, tuple[str, str]]:
    """Pins of a requirements file: canonical name -> (name as written, version).

    >>> read_pins(course_root() / "requirements-lock.txt")["pyyaml"]
    ('PyYAML', '6.0.4')
    """
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = (name.strip(), version.strip())
    return pins


def closure(roots: list[str]) -> set[str]:
    """Canonical names of ``roots`` and everything they require here (extras left out).

    >>> sorted(closure(["pyyaml"]))
    ['pyyaml']
    """
    found, todo = set(), [canonicalize_name(name) for name in roots]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return found


def kernel_lock(root: Path) -> str:
    """The text of ``requirements-kernel.txt`` for the course in ``root``."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    roots = [Requirement(text).name for text in project["dependencies"]]
    roots = {canonicalize_name(name) for name in roots} - LEFT_TO_THE_HUB
    pins = read_pins(root / "requirements-lock.txt")
    lines = []
    for name in sorted(roots | (closure(roots) - closure([SERVER_ROOT]))):
        written, version = pins[name]
        installed = metadata.version(name)
        if installed != version:
            raise RuntimeError(
                f"{written} {installed} is installed but requirements-lock.txt pins {version}. Fix: run this in "
                'an environment installed with: python -m pip install -e ".[test]" -c requirements-lock.txt'
            )
        lines.append(f"{written}=={version}")
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.kernel_lock", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that requirements-kernel.txt is current")
    args = parser.parse_args(argv)
    root = course_root()
    target = root / "requirements-kernel.txt"
    text = kernel_lock(root)
    if args.check:
        if target.exists() and target.read_text(encoding="utf-8") == text:
            print("requirements-kernel.txt is current")
            return 0
        print("requirements-kernel.txt is stale. Fix: python -m helpers.kernel_lock", file=sys.stderr)
        return 1
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target.name} ({text.count('==')} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
