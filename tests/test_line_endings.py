"""Line endings: a Windows checkout keeps the data's bytes, and every file the course writes uses ``\\n``.

Git for Windows converts LF to CRLF on checkout (``core.autocrlf=true``) unless ``.gitattributes`` says
otherwise; that would change the text's checksum. The same conversion is applied on Linux when a clone
asks for it, so the first test clones this repository at HEAD with ``core.autocrlf=true``.

Python writes ``os.linesep`` (``\\r\\n`` on Windows) wherever a writer does not ask for ``\\n``. The second
test runs every writer with Windows' behaviour imitated (``os.linesep = "\\r\\n"`` and the pure-Python
``io.open``, which reads ``os.linesep`` when it opens a file) and checks the bytes written.
"""

from __future__ import annotations

import _pyio
import builtins
import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TEXT = "data/safe_china_readout_en.txt"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def crlf_clone(tmp_path_factory):
    """A clone of this repository's HEAD made as Git for Windows makes it by default."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (for example a downloaded ZIP): nothing to clone")
    target = tmp_path_factory.mktemp("autocrlf") / "course"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "--config", "core.autocrlf=true", "--quiet", "--no-local",
                    str(ROOT), str(target)],
                   check=True, capture_output=True, text=True)
    _git("-c", "advice.detachedHead=false", "checkout", "--quiet", _git("rev-parse", "HEAD").strip(), cwd=target)
    assert _git("config", "core.autocrlf", cwd=target).strip() == "true"
    return target


def test_clone_with_autocrlf_converts_ordinary_text_files(crlf_clone):
    """The clone really is a CRLF checkout: a file with no attribute (the licence) got CRLF line endings."""
    assert b"\r\n" in (crlf_clone / "LICENSE").read_bytes()


def test_text_checksum_survives_a_windows_checkout(crlf_clone):
    stated = yaml.safe_load((crlf_clone / "data" / "provenance.yml").read_text(encoding="utf-8"))["sha256"]
    actual = hashlib.sha256((crlf_clone / TEXT).read_bytes()).hexdigest()
    assert actual == stated, f"{TEXT} changed on a core.autocrlf=true checkout: .gitattributes must mark data/ -text"


def test_data_notebooks_and_scripts_keep_their_committed_bytes(crlf_clone):
    kept = [p for p in _git("ls-files", cwd=crlf_clone).splitlines()
            if p.startswith("data/") or p.endswith(".ipynb") or p in (".ci/run", "postBuild")]
    assert any(p.startswith("data/") for p in kept) and any(p.endswith(".ipynb") for p in kept)
    changed = [p for p in kept if (crlf_clone / p).read_bytes()
               != subprocess.run(["git", "show", f"HEAD:{p}"], cwd=crlf_clone, check=True, capture_output=True).stdout]
    assert not changed, f"changed by a core.autocrlf=true checkout: {changed}"


# --------------------------------------------------------------------------- files the course writes


@pytest.fixture
def windows_newlines(monkeypatch):
    """Open text files as Python on Windows does: ``\\n`` is written as ``os.linesep``, here ``\\r\\n``."""
    monkeypatch.setattr(os, "linesep", "\r\n")
    monkeypatch.setattr(io, "open", _pyio.open)
    monkeypatch.setattr(builtins, "open", _pyio.open)


def test_the_imitation_of_windows_does_write_crlf(windows_newlines, tmp_path):
    """Without this, the next test could pass because the imitation does nothing."""
    (tmp_path / "plain.txt").write_text("a\nb\n", encoding="utf-8")
    import pandas as pd

    pd.DataFrame({"a": [1, 2]}).to_csv(tmp_path / "plain.csv", index=False)
    assert (tmp_path / "plain.txt").read_bytes() == b"a\r\nb\r\n"
    assert (tmp_path / "plain.csv").read_bytes() == b"a\r\n1\r\n2\r\n"


def _copy_notebooks(target: Path) -> None:
    (target / "notebooks" / "solutions").mkdir(parents=True)
    (target / "data").mkdir()
    for path in (ROOT / "notebooks" / "solutions").glob("0[07]_*.ipynb"):
        shutil.copy(path, target / "notebooks" / "solutions" / path.name)


def test_every_writer_uses_lf(windows_newlines, tmp_path, monkeypatch):
    from helpers import coding, concordance, notes, student, submission, workspace
    from helpers.text import load_speech

    my_work = tmp_path / "my_work"
    monkeypatch.setenv("COURSE_MY_WORK", str(my_work))
    speech = load_speech()
    codebook = coding.load_codebook()

    workspace.write_atomic(workspace.my_work_dir() / "plain.txt", "one\ntwo\n")
    workspace.make_my_copies("0[07]_*.ipynb")
    coding.write_blank_sheet(codebook, sentence_ids=["P6.S1", "P6.S2"])
    coding.export_taguette_codebook(codebook)
    coding.export_refi_codebook(codebook)
    coding.export_codings(coding.sheet_from_dict({"P6.S4": ["risk_prevention"]}, codebook))
    notes.add_note(speech, "P7.S2", "A metaphor.\nOf defence.")
    concordance.save_table(concordance.kwic(speech, "safety"), "kwic_safety.csv")
    bundle = submission.pack_submission(my_work / "07_assignment.ipynb")
    assert bundle is not None and bundle.is_file()
    course = tmp_path / "course"  # helpers.student regenerates the student versions of a course folder
    _copy_notebooks(course)
    assert student.build(course) == []

    written = sorted(p for p in [*my_work.rglob("*"), *(course / "notebooks").glob("*.ipynb")] if p.is_file())
    texts = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in written if p.suffix != ".zip"}
    with zipfile.ZipFile(bundle) as archive:
        texts |= {f"{bundle.name}:{name}": archive.read(name) for name in archive.namelist()}
    assert {"my_work/plain.txt", "my_work/07_assignment.ipynb", "my_work/my_coding_sheet.csv",
            "my_work/kwic_safety.csv", "course/notebooks/07_assignment.ipynb", f"{bundle.name}:MANIFEST.json"} <= texts.keys()
    with_crlf = [name for name, data in texts.items() if b"\r\n" in data]
    assert not with_crlf, f"written with Windows line endings: {with_crlf}"
    assert all(b"\n" in data for data in texts.values())


def test_an_executed_notebook_is_saved_with_lf(windows_newlines, tmp_path, monkeypatch):
    import nbformat

    from helpers import execute

    for name in (*execute.STABLE_ENV, "COURSE_MY_WORK"):  # execute_notebook sets these; undo it afterwards
        monkeypatch.setenv(name, os.environ.get(name, ""))
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('one\\ntwo')")]), path)
    execute.execute_notebook(path)
    assert nbformat.read(path, as_version=4).cells[0].outputs[0].text == "one\ntwo\n"
    assert b"\r\n" not in path.read_bytes()
