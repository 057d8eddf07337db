"""data/ is never written: the session check (tests/data_guard.py) works, and the writing helpers keep out of data/.

The check on the real run: tests/conftest.py takes checksums of every file under
data/ when pytest starts and compares them when the session ends, after nbval
has executed every solution and student notebook. That costs no extra notebook
run. The tests here prove the check fails when it should.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest

import data_guard

ROOT = Path(__file__).resolve().parent.parent


def _fake_session(tmp_path, worker=False):
    config = SimpleNamespace(stash=pytest.Stash(), pluginmanager=SimpleNamespace(get_plugin=lambda name: None))
    if worker:
        config.workerinput = {}
    return SimpleNamespace(config=config, exitstatus=pytest.ExitCode.OK)


def _folder(tmp_path):
    folder = tmp_path / "data"
    (folder / "coding").mkdir(parents=True)
    (folder / "glossary.csv").write_text("term\nsafe china\n", encoding="utf-8")
    (folder / "coding" / "v2.csv").write_text("sentence_id\nP1.S1\n", encoding="utf-8")
    return folder


def test_snapshot_covers_every_file_under_data():
    names = set(data_guard.snapshot())
    on_disk = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert names == on_disk and "safe_china_readout_en.txt" in names


def test_changes_name_added_removed_and_changed_files():
    before = {"a.csv": "1", "b.txt": "2", "c.yml": "3"}
    after = {"a.csv": "1", "b.txt": "9", "d.txt": "4"}
    assert data_guard.changes(before, after) == ["data/b.txt: changed", "data/c.yml: removed", "data/d.txt: added"]
    assert data_guard.changes(before, dict(before)) == []


def test_session_fails_when_data_was_written(tmp_path):
    folder = _folder(tmp_path)
    session = _fake_session(tmp_path)
    data_guard.start(session.config, folder)
    (folder / "coding" / "v2.csv").write_text("sentence_id\nP1.S2\n", encoding="utf-8")
    (folder / "notes.txt").write_text("oops", encoding="utf-8")
    assert data_guard.finish(session, folder) == ["data/coding/v2.csv: changed", "data/notes.txt: added"]
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED


def test_session_passes_when_data_is_untouched_and_workers_do_not_check(tmp_path):
    folder = _folder(tmp_path)
    session = _fake_session(tmp_path)
    data_guard.start(session.config, folder)
    (folder / "glossary.csv").read_text(encoding="utf-8")  # reading is fine
    assert data_guard.finish(session, folder) == []
    assert session.exitstatus == pytest.ExitCode.OK
    worker = _fake_session(tmp_path, worker=True)
    data_guard.start(worker.config, folder)
    (folder / "glossary.csv").write_text("changed", encoding="utf-8")
    assert data_guard.finish(worker, folder) == [] and worker.exitstatus == pytest.ExitCode.OK


def test_the_hooks_of_the_test_run_take_the_snapshot_and_fail_the_session_on_a_change():
    """tests/conftest.py's hooks, called as pytest calls them in the main process (this test may run in a worker)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tests_conftest_hooks", ROOT / "tests" / "conftest.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    session = _fake_session(None)
    hooks.pytest_configure(session.config)
    assert set(session.config.stash[data_guard.SNAPSHOT]) == set(data_guard.snapshot())
    hooks.pytest_sessionfinish(session, session.exitstatus)
    assert session.exitstatus == pytest.ExitCode.OK  # data/ is untouched
    session.config.stash[data_guard.SNAPSHOT]["glossary.csv"] = "another checksum"  # as if data/ had changed
    hooks.pytest_sessionfinish(session, session.exitstatus)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
