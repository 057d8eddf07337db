"""requirements-kernel.txt: the kernel's libraries for a JupyterHub image, without the server stack.

The hub simulation that installs it is tests/test_hub.py (marker ``hub``, run by .ci/run).
"""

import ast
import json
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.utils import canonicalize_name

from helpers import kernel_lock

ROOT = Path(__file__).resolve().parent.parent
KERNEL = kernel_lock.read_pins(ROOT / "requirements-kernel.txt")
LOCK = kernel_lock.read_pins(ROOT / "requirements-lock.txt")
# Packages of the Jupyter server stack, and those it shares with kernels (a hub must keep its own).
SERVER = {canonicalize_name(name) for name in """
    jupyterlab jupyter_server notebook jupyterlab_server jupyter-lsp notebook_shim jupyter_server_terminals
    jupyter-events jupyter_builder jupyterhub terminado nbconvert nbclassic voila
    jupyter_client jupyter_core tornado traitlets pyzmq nbformat nbclient""".split()}
EVERY_SERVER_HAS = {"nbformat", "nbclient", "packaging", "jupyter-client", "jupyter-core"}  # jupyter_server requires them


def test_kernel_lock_has_no_server_package():
    assert KERNEL, "requirements-kernel.txt pins nothing"
    assert not SERVER & KERNEL.keys(), f"server packages in requirements-kernel.txt: {sorted(SERVER & KERNEL.keys())}"


def test_kernel_pins_agree_with_the_main_lock():
    for name, (written, version) in KERNEL.items():
        assert name in LOCK, f"{written} is pinned in requirements-kernel.txt but not in requirements-lock.txt"
        assert LOCK[name][1] == version, f"{written}: {version} in the kernel lock, {LOCK[name][1]} in the main lock"


def _imported_modules():
    sources = [path.read_text(encoding="utf-8") for path in (ROOT / "helpers").rglob("*.py")]
    for path in (ROOT / "notebooks" / "solutions").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                sources.append("\n".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))
    modules = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"helpers"}


def test_every_library_the_course_imports_is_pinned_or_comes_with_every_jupyter_server():
    distributions = packages_distributions()
    imported = {canonicalize_name(distributions[module][0]) for module in _imported_modules()}
    assert {"numpy", "pandas", "matplotlib", "pyyaml"} <= imported  # the scan itself works
    missing = imported - KERNEL.keys() - EVERY_SERVER_HAS
    assert not missing, f"imported by helpers or a notebook but not in requirements-kernel.txt: {sorted(missing)}"
    assert "ipykernel" in KERNEL


def test_kernel_lock_is_current(capsys):
    assert kernel_lock.main(["--check"]) == 0, capsys.readouterr().err
