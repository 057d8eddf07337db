"""helpers.workspace: finding the course, the learner folder, safe writes, copies that never overwrite."""

import os
from pathlib import Path

import pytest

from helpers import workspace
from helpers.workspace import course_root, data_file, make_my_copies, my_work_dir, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def test_course_root_from_environment(monkeypatch):
    monkeypatch.setenv("COURSE_ROOT", str(ROOT))
    assert course_root() == ROOT


def test_course_root_from_current_folder(monkeypatch):
    monkeypatch.delenv("COURSE_ROOT")
    monkeypatch.chdir(ROOT / "notebooks" / "solutions")
    assert course_root() == ROOT


def test_course_root_falls_back_to_package_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_ROOT")
    monkeypatch.chdir(tmp_path)
    assert course_root() == ROOT


def test_course_root_error_says_what_was_tried(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(workspace, "__file__", str(tmp_path / "helpers" / "workspace.py"))
    with pytest.raises(FileNotFoundError) as caught:
        course_root()
    message = str(caught.value)
    assert "COURSE_ROOT=" in message and "upward" in message and "Fix" in message


def test_missing_data_file_names_it():
    with pytest.raises(FileNotFoundError, match="data/nope.csv.*git checkout"):
        data_file("nope.csv")


def test_my_work_is_created_and_never_inside_data(tmp_path):
    target = my_work_dir(tmp_path / "mine")
    assert target.is_dir()
    with pytest.raises(ValueError, match="read-only"):
        my_work_dir(ROOT / "data" / "notes")


def test_my_work_unwritable_gives_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PermissionError, match="Could not create the learner folder"):
        my_work_dir(blocker / "sub")


def test_write_atomic_keeps_old_version_when_interrupted(tmp_path, monkeypatch):
    path = write_atomic(tmp_path / "notes.csv", "version 1")

    def crash(src, dst):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "version 2")
    assert path.read_text(encoding="utf-8") == "version 1"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.csv"]  # no temporary file left behind


def test_write_atomic_makes_its_temporary_file_beside_the_target(tmp_path, monkeypatch):
    """On a hub the system temp folder may be on another mount, where os.replace fails: stay in the same folder."""
    moves = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (moves.append((Path(src), Path(dst))), real_replace(src, dst)))
    write_atomic(tmp_path / "notes.csv", "version 1")
    assert [(src.parent, dst) for src, dst in moves] == [(tmp_path, tmp_path / "notes.csv")]


def test_make_my_copies_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    first = make_my_copies("00_*.ipynb")
    assert first.result.tolist() == ["copied"]
    (tmp_path / "00_start_here.ipynb").write_text("my work", encoding="utf-8")
    second = make_my_copies("00_*.ipynb")
    assert second.result.tolist() == ["kept your existing copy"]
    assert (tmp_path / "00_start_here.ipynb").read_text(encoding="utf-8") == "my work"


def test_make_my_copies_unknown_pattern(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="No notebooks.*Fix"):
        make_my_copies("99_*.ipynb")


def test_my_work_is_git_ignored():
    assert "my_work/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_every_loader_finds_a_learner_file_by_the_same_rule(tmp_path, monkeypatch):
    """A name is found from the current folder, then in my_work/ (with or without my_work/), then in the course."""
    from helpers.coding import load_codebook
    from helpers.counting import load_stopwords
    from helpers.text import load_speech

    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    folder = my_work_dir()
    (folder / "speech.txt").write_text("A short speech. It has two sentences.", encoding="utf-8")
    (folder / "stop.txt").write_text("a\nit\n", encoding="utf-8")
    (folder / "book.yml").write_text(data_file("codebook_v1.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert workspace.resolve_path("speech.txt") == workspace.resolve_path("my_work/speech.txt") == folder / "speech.txt"
    monkeypatch.chdir(tmp_path)  # from another folder, a path relative to the course root still works
    assert workspace.resolve_path("data/glossary.csv") == data_file("glossary.csv")
    assert load_speech("my_work/speech.txt").paragraphs == ("A short speech. It has two sentences.",)
    assert load_stopwords("stop.txt") == {"a", "it"}
    assert load_codebook("book.yml") == load_codebook(version=1)
    assert workspace.resolve_path("nowhere.txt") == Path("nowhere.txt")  # the message names what was typed


def test_a_missing_relative_path_lists_the_absolute_paths_tried(tmp_path, monkeypatch):
    from helpers.text import load_speech

    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as caught:
        load_speech("my_speech.txt")
    message = str(caught.value)
    assert f"Tried: {tmp_path / 'my_speech.txt'}; {tmp_path / 'my_work' / 'my_speech.txt'}" in message


@pytest.mark.parametrize("folder", ["notebooks", "notebooks/solutions", "my_work"])
def test_the_readme_text_path_works_from_every_notebook_folder(folder, tmp_path, monkeypatch):
    """The README's TEXT_PATH line, read from the README, finds the file in my_work/ from all three folders."""
    import re
    import shutil

    from helpers.text import load_speech
    from helpers.workspace import course_root

    readme = (course_root() / "README.md").read_text(encoding="utf-8")
    path = re.search(r'`TEXT_PATH = "([^"]+)"`', readme).group(1)
    course = tmp_path / "course"
    shutil.copytree(course_root() / "data", course / "data")
    for part in ("notebooks/solutions", "my_work"):
        (course / part).mkdir(parents=True)
    (course / "my_work" / Path(path).name).write_text("My Title\n\nOne paragraph. Two sentences.\n", encoding="utf-8")
    monkeypatch.setenv("COURSE_ROOT", str(course))
    monkeypatch.delenv("COURSE_MY_WORK", raising=False)
    monkeypatch.chdir(course / folder)
    assert load_speech(path).title == "My Title"
