"""Execute solution notebooks in place, in a fresh kernel, so their stored outputs are reproducible.

Run from the course folder after editing a solution notebook::

    python -m helpers.execute notebooks/solutions/01_close_reading.ipynb
    python -m helpers.execute            # every solution notebook

Each notebook runs top to bottom in a new kernel started in its own folder,
with the settings the tests use (``IPYKERNEL_CELL_NAME`` fixed so warnings do
not carry a random file name; an empty learner folder, as a new learner has;
no execution timestamps stored). Then run
``python -m helpers.student`` to refresh the student versions.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .workspace import course_root

STABLE_ENV = {"IPYKERNEL_CELL_NAME": "<IPY-INPUT>", "PYTHONHASHSEED": "0"}


def execute_notebook(path: str | os.PathLike, timeout: int = 600) -> Path:
    """Run one notebook top to bottom in a fresh kernel and save it with its outputs.

    >>> execute_notebook("notebooks/solutions/00_start_here.ipynb")  # doctest: +SKIP
    """
    path = Path(path).resolve()
    notebook = nbformat.read(path, as_version=4)
    os.environ.update(STABLE_ENV)
    os.environ["COURSE_MY_WORK"] = tempfile.mkdtemp(prefix="my_work_")  # outputs as for a new learner
    os.environ.pop("MPLBACKEND", None)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or sorted((course_root() / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        print(f"executing {path} ...", flush=True)
        execute_notebook(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
