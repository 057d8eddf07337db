"""data/ is read-only: checksums of every file under data/ at the start and at the end of the test run.

Loaded by tests/conftest.py. The checksums are taken once when pytest starts
(in the main process, before any worker or kernel runs) and again when the
whole session has finished, after nbval has executed every solution and student
notebook. So the comparison costs nothing extra: no notebook is run twice.
If anything under data/ was added, removed or changed, the run fails with a
message that names the files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
SNAPSHOT = pytest.StashKey[dict]()


def snapshot(folder: Path = DATA) -> dict[str, str]:
    """sha256 of every file under ``folder``, keyed by its path relative to ``folder``."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What differs between two snapshots, one line per file, sorted."""
    lines = [f"data/{name}: added" for name in after.keys() - before.keys()]
    lines += [f"data/{name}: removed" for name in before.keys() - after.keys()]
    lines += [f"data/{name}: changed" for name in before.keys() & after.keys() if before[name] != after[name]]
    return sorted(lines)


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")  # a pytest-xdist worker; the main process does the check


def start(config, folder: Path = DATA) -> None:
    if not _is_worker(config):
        config.stash[SNAPSHOT] = snapshot(folder)


def finish(session, folder: Path = DATA) -> list[str]:
    config = session.config
    if _is_worker(config) or SNAPSHOT not in config.stash:
        return []
    found = changes(config.stash[SNAPSHOT], snapshot(folder))
    if found:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "data/ was written during the tests", red=True)
            for line in found:
                reporter.write_line(line)
            reporter.write_line(
                "A helper, test or notebook wrote to data/, which is read-only (docs/design.md §9). Fix: write "
                "learner files with helpers.workspace (my_work_dir, write_atomic); restore data/ with git. "
                "(If you edited data/ yourself while the tests ran, just run them again.)"
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    return found
