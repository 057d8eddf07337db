"""Hand-in bundles for the re-run tests: ordinary ones made by pack_submission, and malicious ones.

Every bundle is generated here, at test time: the ordinary ones by pack_submission() from the solution of
notebook 07 (as a learner would hand it in), the malicious ones by pack_submission() from notebooks whose
cells attack the instructor's files, or by rewriting a good zip. Also a command that writes a class of 30:

    python tests/rerun_bundles.py FOLDER [COURSE]   # then: python -m helpers.rerun FOLDER --out report.csv
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import sys
import zipfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def pack(cells_or_notebook, name: str, folder: Path) -> Path:
    """Save a notebook in a learner folder of its own and pack it with pack_submission(); return the zip."""
    from helpers.submission import pack_submission

    my_work = folder / "learner_my_work"
    my_work.mkdir(parents=True, exist_ok=True)
    notebook = (cells_or_notebook if not isinstance(cells_or_notebook, list)
                else new_notebook(cells=[new_code_cell(c) for c in cells_or_notebook], metadata=KERNELSPEC))
    path = my_work / f"{name}.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    saved = os.environ.get("COURSE_MY_WORK")
    os.environ["COURSE_MY_WORK"] = str(my_work)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            bundle = pack_submission(path)
    finally:
        os.environ["COURSE_MY_WORK"] = saved if saved is not None else ""
        if saved is None:
            del os.environ["COURSE_MY_WORK"]
    target = folder / f"{name}.zip"
    shutil.move(bundle, target)
    shutil.rmtree(my_work)
    return target


def solution_bundle(folder: Path, name: str = "submission_07_assignment") -> Path:
    """The solution of notebook 07, handed in as a learner would (with its stored outputs)."""
    notebook = nbformat.read(ROOT / "notebooks" / "solutions" / "07_assignment.ipynb", as_version=4)
    return pack(notebook, name, folder)


def attack_cells(course: Path, home: Path, memory_mb: int) -> dict[str, str]:
    """One code cell per attack on the instructor's files, environment, memory and network."""
    return {
        "write to the working folder": "open('PWNED.txt', 'w').write('pwned')",
        "write to ../data/": "open('../data/PWNED.txt', 'w').write('pwned')",
        "overwrite the course text via ../data/": "open('../data/safe_china_readout_en.txt', 'a').write('pwned')",
        "write to ~": "import pathlib; (pathlib.Path.home() / 'PWNED.txt').write_text('pwned')",
        "write to the instructor's home": f"open({str(home / 'PWNED.txt')!r}, 'w').write('pwned')",
        "write to an absolute path in the course": f"open({str(course / 'notebooks' / 'PWNED.txt')!r}, 'w').write('x')",
        "delete a course file": f"import os; os.remove({str(course / 'README.md')!r})",
        "rename a course file": f"import os; os.rename({str(course / 'LICENSE')!r}, 'LICENSE')",
        "remove a course folder": f"import shutil; shutil.rmtree({str(course / 'docs')!r})",
        "chmod a course file": f"import os; os.chmod({str(course / 'README.md')!r}, 0o777)",
        "escape through a symbolic link": (f"import os; os.symlink({str(course)!r}, 'course_link'); "
                                           "open('course_link/notebooks/PWNED.txt', 'w').write('x')"),
        "change the environment, then write through helpers": (
            f"import os; os.environ['COURSE_ROOT'] = {str(course)!r}; os.environ['COURSE_MY_WORK'] = "
            f"{str(course / 'my_work')!r}\nfrom helpers.workspace import my_work_dir; my_work_dir()"),
        "run another program": f"import subprocess; subprocess.run(['touch', {str(course / 'PWNED.txt')!r}])",
        "run a shell command": f"import os; os.system('touch {course / 'PWNED.txt'}')",
        "exhaust memory": f"import numpy; block = numpy.empty({(memory_mb + 512) * 2**20}, dtype='uint8')",
        "open a non-loopback connection": ("import socket\nwith socket.socket() as s:\n    s.settimeout(1)\n"
                                           "    s.connect(('192.0.2.1', 80))"),
    }


def rewrite(good: Path, target: Path, extra: dict[str, bytes] = {}, symlink: str | None = None,
            drop: str | None = None) -> Path:
    """A copy of a good bundle with members added (any name), one dropped, or a symbolic link added."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        for info in source.infolist():
            if info.filename != drop:
                zipped.writestr(info, source.read(info))
        for name, data in extra.items():
            zipped.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(info, "/etc/passwd")
    return target


def bad_zips(good: Path, folder: Path) -> dict[str, Path]:
    """Bundles refused before anything is unpacked, each with the words the refusal must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "broken.zip"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])  # cut short, as a failed upload
    manifest = json.loads(zipfile.ZipFile(good).read("MANIFEST.json"))
    escaping = dict(manifest, notebook="../outside.ipynb")
    return {
        "not a submission bundle": broken,
        "climbs out of the bundle with '..'": rewrite(good, folder / "dotdot.zip", {"my_work/../../../PWNED.txt": b"x"}),
        "has an absolute path": rewrite(good, folder / "absolute.zip", {"/tmp/PWNED.txt": b"x"}),
        "is a symbolic link": rewrite(good, folder / "symlink.zip", symlink="my_work/link.csv"),
        "a zip bomb": rewrite(good, folder / "bomb.zip", {"my_work/zeros.csv": bytes(20 * 2**20)}),
        "names no notebook at the top": rewrite(rewrite(good, folder / "tmp.zip", drop="MANIFEST.json"),
                                                folder / "escaping_manifest.zip",
                                                {"MANIFEST.json": json.dumps(escaping).encode()}),
        "does not match the checksum": rewrite(rewrite(good, folder / "tmp2.zip", drop=manifest["notebook"]),
                                               folder / "tampered.zip", {manifest["notebook"]: b"{}"}),
        "does not pack: run.sh": rewrite(good, folder / "stray.zip", {"run.sh": b"rm -rf ~"}),
    }


def make_class(folder: Path, course: Path = ROOT, home: Path | None = None, ordinary: int = 20) -> dict[str, str]:
    """Write a class of bundles, one folder per learner as an LMS export has it; return learner -> kind.

    The malicious ones attack ``course`` (the instructor's checkout) and ``home`` (default: your home).
    """
    folder.mkdir(parents=True, exist_ok=True)
    work = folder.parent / f".{folder.name}_work"
    kinds = {}
    good = solution_bundle(work)
    for n in range(1, ordinary + 1):
        (folder / f"learner{n:02d}").mkdir()
        shutil.copy(good, folder / f"learner{n:02d}" / "submission_07_assignment.zip")
        kinds[f"learner{n:02d}"] = "ordinary"
    for n, (words, bundle) in enumerate(bad_zips(good, work / "bad").items(), start=1):
        if n > 5:
            break
        (folder / f"bad{n}").mkdir()
        shutil.copy(bundle, folder / f"bad{n}" / "submission_07_assignment.zip")
        kinds[f"bad{n}"] = words
    attacks = attack_cells(course, home or Path.home(), 2048)
    groups = {"files": [c for k, c in attacks.items() if k.startswith(("write", "overwrite", "delete", "rename",
                                                                           "remove", "chmod", "escape"))],
              "environment": [attacks["change the environment, then write through helpers"],
                              attacks["run another program"], attacks["run a shell command"]],
              "memory": [attacks["exhaust memory"]], "network": [attacks["open a non-loopback connection"]],
              "endless": ["while True:\n    pass"]}
    for name, cells in groups.items():
        (folder / f"attack_{name}").mkdir()
        pack(cells, "submission_07_assignment", folder / f"attack_{name}")
        kinds[f"attack_{name}"] = name
    shutil.rmtree(work)
    return kinds


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    made = make_class(Path(sys.argv[1]), course=Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT)
    print(f"{len(made)} bundles in {sys.argv[1]}: " + ", ".join(f"{k}={v}" for k, v in made.items()))
