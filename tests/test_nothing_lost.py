"""Nothing lost: every helper that writes a learner file writes it atomically and never overwrites work silently.

One contract, checked for every writer (notes, coding sheets, exports, notebook copies):

* an interrupted write (``os.replace`` or the write itself fails, or the learner
  presses Stop) leaves the previous version byte for byte, and no temporary file;
* a file that already holds work is replaced only with an explicit choice
  (``edit_note``, ``overwrite=True``).
"""

import ast
import os
from pathlib import Path

import pytest

from helpers import coding, notes, workspace
from helpers.text import load_speech

ROOT = Path(__file__).resolve().parent.parent
SPEECH = load_speech()


@pytest.fixture
def my_work(tmp_path, monkeypatch):
    folder = tmp_path / "my_work"
    monkeypatch.setenv("COURSE_MY_WORK", str(folder))
    return workspace.my_work_dir()


@pytest.fixture(scope="module")
def codebook():
    return coding.load_codebook(version=1)


def _sheet(codebook):
    return coding.sheet_from_dict({"P6.S4": ["risk_prevention"]}, codebook)


# Each writer: (make the first version, write a second version) -> the file they write.
def _notes_add(my_work, codebook):
    notes.add_note(SPEECH, "P7.S2", "first note")
    return notes.notes_file(SPEECH), lambda: notes.add_note(SPEECH, "P7.S3", "another note")


def _notes_edit(my_work, codebook):
    notes.add_note(SPEECH, "P7.S2", "first note")
    return notes.notes_file(SPEECH), lambda: notes.edit_note(SPEECH, "P7.S2", "edited note")


def _blank_sheet(my_work, codebook):
    path = coding.write_blank_sheet(codebook, sentence_ids=["P6.S1"])
    return path, lambda: coding.write_blank_sheet(codebook, sentence_ids=["P6.S1", "P6.S2"], overwrite=True)


def _export_codings(my_work, codebook):
    path = coding.export_codings(_sheet(codebook))
    empty = coding.sheet_from_dict({"P6.S4": []}, codebook)
    return path, lambda: coding.export_codings(empty, overwrite=True)


def _export_taguette(my_work, codebook):
    path = coding.export_taguette_codebook(codebook, name="book.csv")
    changed = {**codebook, "codes": codebook["codes"][:2]}
    return path, lambda: coding.export_taguette_codebook(changed, name="book.csv", overwrite=True)


def _export_refi(my_work, codebook):
    path = coding.export_refi_codebook(codebook, name="book.qdc")
    changed = {**codebook, "codes": codebook["codes"][:2]}
    return path, lambda: coding.export_refi_codebook(changed, name="book.qdc", overwrite=True)


WRITERS = [_notes_add, _notes_edit, _blank_sheet, _export_codings, _export_taguette, _export_refi]


def _crash_replace(src, dst):
    raise OSError(28, "No space left on device")


def _crash_fsync(fd):
    raise OSError(5, "Input/output error")


def _stop_button(src, dst):
    raise KeyboardInterrupt


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("failure", [("replace", _crash_replace), ("fsync", _crash_fsync),
                                     ("replace", _stop_button)], ids=["rename-fails", "write-fails", "interrupted"])
def test_interrupted_write_keeps_the_previous_version(writer, failure, my_work, codebook, monkeypatch):
    path, write_again = writer(my_work, codebook)
    before = path.read_bytes()
    assert before, "the first version was written"
    name, crash = failure
    monkeypatch.setattr(os, name, crash)
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_again()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "no temporary file is left behind"


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__.strip("_"))
def test_the_second_version_is_written_when_nothing_fails(writer, my_work, codebook):
    """The contract above is not met trivially by never writing."""
    path, write_again = writer(my_work, codebook)
    before = path.read_bytes()
    write_again()
    assert path.read_bytes() != before


def test_a_different_note_never_replaces_a_saved_one(my_work):
    notes.add_note(SPEECH, "P7.S2", "first note")
    before = notes.notes_file(SPEECH).read_bytes()
    with pytest.raises(ValueError, match="edit_note"):
        notes.add_note(SPEECH, "P7.S2", "a different note")
    assert notes.notes_file(SPEECH).read_bytes() == before


def test_an_edit_keeps_the_earlier_text(my_work):
    notes.add_note(SPEECH, "P7.S2", "first note")
    notes.edit_note(SPEECH, "P7.S2", "edited note")
    assert notes.note_history(SPEECH, "P7.S2").note.tolist() == ["first note", "edited note"]


def test_a_damaged_notes_file_is_not_rewritten(my_work):
    path = notes.notes_file(SPEECH)
    path.write_bytes(b"my own table\xff\xfe, not the notes layout\n")
    with pytest.raises(ValueError, match=path.name):
        notes.add_note(SPEECH, "P7.S2", "first note")
    assert path.read_bytes() == b"my own table\xff\xfe, not the notes layout\n"


@pytest.mark.parametrize("work", ["coded", "memo", "unreadable"])
def test_a_coding_sheet_with_work_is_kept_without_overwrite(work, my_work, codebook, capsys):
    path = coding.write_blank_sheet(codebook, sentence_ids=["P6.S1"])
    if work == "unreadable":
        path.write_bytes(b"\xff\xfe not utf-8")
    else:
        text = path.read_text(encoding="utf-8").splitlines()
        header = text[0].split(",")
        if work == "coded":
            text[1] = text[1].replace("P6.S1,", "P6.S1,1", 1)
        else:
            text[0] += ",memo"
            text[1] += ",my memo"
        assert header[0] == "sentence_id"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
    before = path.read_bytes()
    assert coding.write_blank_sheet(codebook, sentence_ids=["P6.S1"]) == path
    assert path.read_bytes() == before
    assert "Kept your existing sheet" in capsys.readouterr().out
    coding.write_blank_sheet(codebook, sentence_ids=["P6.S1"], overwrite=True)
    assert path.read_bytes() != before


@pytest.mark.parametrize("export", ["codings", "taguette", "refi"])
def test_an_export_never_replaces_a_different_file_without_overwrite(export, my_work, codebook):
    name = {"codings": "my_codings.csv", "taguette": "book.csv", "refi": "book.qdc"}[export]
    path = my_work / name
    path.write_text("my own edits", encoding="utf-8")
    run = {"codings": lambda **kw: coding.export_codings(_sheet(codebook), **kw),
           "taguette": lambda **kw: coding.export_taguette_codebook(codebook, name=name, **kw),
           "refi": lambda **kw: coding.export_refi_codebook(codebook, name=name, **kw)}[export]
    with pytest.raises(FileExistsError, match=f"my_work/{name}.*overwrite=True"):
        run()
    assert path.read_text(encoding="utf-8") == "my own edits"
    run(overwrite=True)
    assert path.read_text(encoding="utf-8") != "my own edits"


def test_notebook_copies_never_overwrite(my_work):
    (my_work / "00_start_here.ipynb").write_text("my work", encoding="utf-8")
    assert workspace.make_my_copies("00_*.ipynb").result.tolist() == ["kept your existing copy"]
    assert (my_work / "00_start_here.ipynb").read_text(encoding="utf-8") == "my work"


def test_an_interrupted_notebook_copy_leaves_no_half_copy(my_work, monkeypatch):
    def power_cut(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(KeyboardInterrupt):
        workspace.make_my_copies("00_*.ipynb")
    assert list(my_work.iterdir()) == []  # neither a half copy nor a temporary file


# Authoring tools that write course files (not learner files) on purpose.
AUTHORING = {"execute.py", "student.py", "site.py", "benchmark.py", "workspace.py",
             "kernel_lock.py", "nbgrader_source.py"}
# Known direct writes that are not learner work, each with its reason.
KNOWN = {
    "rerun.py:_unpack open(..., write)": "instructor tool: unpacks a checked bundle into its throwaway folder ('x': no overwrite)",
    "rerun.py:make_throwaway copytree()": "instructor tool: the read-only copy of data/ in the throwaway folder",
    "rerun.py:make_throwaway copy2()": "instructor tool: the rubric and matplotlib's font list, into the throwaway folder",
    "rerun.py:_execute open(..., write)": "instructor tool: the kernel's log, in the throwaway folder",
}
WRITE_METHODS = {"write_text", "write_bytes", "to_csv", "to_excel", "to_json", "to_parquet", "savefig", "dump"}
SHUTIL_COPIES = {"copy", "copy2", "copyfile", "copytree", "move"}


def _call_name(node):
    func = node.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        if func.attr in SHUTIL_COPIES:
            return func.attr if owner == "shutil" else None
        return func.attr if func.attr in WRITE_METHODS else None
    if isinstance(func, ast.Name) and func.id in WRITE_METHODS | {"copyfile", "copy2"}:
        return func.id
    return None


def _opens_for_writing(node):
    if not (isinstance(node.func, ast.Name) and node.func.id == "open"):
        return False
    modes = [*node.args[1:2], *[k.value for k in node.keywords if k.arg == "mode"]]
    return any(isinstance(m, ast.Constant) and isinstance(m.value, str) and set(m.value) & set("wax+") for m in modes)


def _to_buffer(node):
    """df.to_csv(buffer) or df.to_csv(index=False) (which returns text): not a file write."""
    first = node.args[0] if node.args else None
    return first is None or (isinstance(first, ast.Name) and first.id in {"buffer", "out", "stream", "handle"})


def _writes(path):
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for function in functions or [tree]:
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name and not (name == "to_csv" and _to_buffer(node)):
                found.append((node.lineno, f"{path.name}:{getattr(function, 'name', '')} {name}()"))
            elif _opens_for_writing(node):
                found.append((node.lineno, f"{path.name}:{getattr(function, 'name', '')} open(..., write)"))
    return [hit for _, hit in sorted(set(found))]


def test_learner_files_are_written_only_through_write_atomic():
    modules = [p for p in sorted((ROOT / "helpers").rglob("*.py")) if p.name not in AUTHORING]
    offenders = [hit for path in modules for hit in _writes(path) if hit not in KNOWN]
    assert offenders == [], ("these helpers write files directly; write learner files with "
                             f"helpers.workspace.write_atomic instead: {offenders}")


def test_the_scan_finds_a_direct_write(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import shutil\ndef save(p, df):\n    df.to_csv(p)\n    open(p, 'w').write('x')\n"
                   "    p.write_text('x')\n    shutil.copyfile(p, p)\n    df.copy()\n    df.to_csv(index=False)\n"
                   "    open(p).read()\n", encoding="utf-8")
    assert _writes(bad) == ["bad.py:save to_csv()", "bad.py:save open(..., write)", "bad.py:save write_text()",
                            "bad.py:save copyfile()"]
