"""For instructors: re-run handed-in bundles in a throwaway folder, one bundle or a whole folder of them.

A whole class, one command (the bundles may sit in one folder per learner, as an LMS export makes them)::

    python -m helpers.rerun hand_ins/ --out marking/report.csv

Re-running a bundle runs the learner's code. What this module does about it:

1. **Checks the zip before unpacking anything** (:func:`check_bundle`): a size cap on the unpacked total, a
   compression-ratio cap (zip bombs), no absolute paths, no ``..``, no links, only the files
   ``pack_submission()`` writes, checksums as the manifest says. A refused bundle never runs.
2. **A throwaway folder per re-run**: a copy of the course's layout with read-only copies of ``data/`` and
   ``docs/rubric.md``, the bundle's ``my_work/``, and its own home, temporary and Jupyter folders. The
   kernel starts in its ``notebooks/`` with ``COURSE_ROOT``, ``HOME``, ``TMPDIR`` ... pointing inside it
   and a small environment of its own (your environment variables are not passed on, and this process's
   ``os.environ`` never changes). The folder is removed afterwards; the re-run notebook and a text report
   come back to the output folder you choose, and an earlier result is never replaced unless you ask.
3. **Guards in the kernel** (:mod:`helpers.guard`): no network but loopback; no writes, deletes, renames
   or chmod outside the throwaway folder (nor inside its ``data/``); no other programs; a memory limit
   (Linux); and a time limit for the whole notebook.

It is not a sandbox: see the instructor guide for what these do not prevent, and how to add an account
and network of their own for work you do not trust.

>>> check_bundle("no_such_bundle.zip")
Traceback (most recent call last):
...
FileNotFoundError: There is no bundle at no_such_bundle.zip. Fix: pass the path of the .zip file handed in.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from . import guard
from .submission import check_submission, inspect_submission
from .workspace import course_root, write_atomic

TIMEOUT = 600  # seconds for the whole notebook
MEMORY_MB = 2048  # address space of the kernel, MiB (a kernel running notebook 07 uses about 1 GiB of it)
MAX_UNPACKED_MB = 50  # a bundle is a notebook and a few text files: a few MB at most
MAX_RATIO = 100  # unpacked / packed size of one member; text and notebooks pack 3-20 times
STARTUP = Path(__file__).resolve().parent / "startup"  # sitecustomize.py applies helpers/guard.py
KEPT_VARIABLES = ("PATH", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONUTF8",
                  "IPYKERNEL_CELL_NAME", "NLTK_DATA", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT")


class BundleError(ValueError):
    """A bundle refused before anything in it runs; the message names the bundle, the problem and the fix."""


# --------------------------------------------------------------------------- checking a bundle

def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"the member {name!r} has an absolute path"
    if ".." in parts:
        return f"the member {name!r} climbs out of the bundle with '..'"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"the member {name!r} is a symbolic link"
    return None


def check_bundle(bundle: str | os.PathLike, max_unpacked_mb: float = MAX_UNPACKED_MB,
                 max_ratio: float = MAX_RATIO) -> dict:
    """Check a hand-in zip without unpacking it; return its manifest or raise :class:`BundleError`.

    Also FileNotFoundError for a missing file.
    """
    bundle = Path(bundle)
    if not bundle.is_file():
        raise FileNotFoundError(f"There is no bundle at {bundle}. Fix: pass the path of the .zip file handed in.")

    def refuse(problem: str, fix: str = "ask the learner for the zip that pack_submission() made") -> BundleError:
        return BundleError(f"{bundle.name} was not re-run: {problem}. Fix: {fix}.")

    try:
        with zipfile.ZipFile(bundle) as archive:
            members = archive.infolist()
            for info in members:
                problem = _member_problem(info)
                if problem:
                    raise refuse(problem)
            total = sum(info.file_size for info in members)
            if total > max_unpacked_mb * 1024 * 1024:
                raise refuse(f"it would unpack to {total / 2**20:.0f} MB, over the cap of {max_unpacked_mb} MB",
                             "ask for the notebook and its my_work/ files only, or raise max_unpacked_mb")
            for info in members:
                if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
                    raise refuse(f"the member {info.filename!r} unpacks {info.file_size / max(info.compress_size, 1):.0f}"
                                 f" times larger than it is packed (over {max_ratio}: a zip bomb)")
            names = [info.filename for info in members]
            if len(set(names)) != len(names):
                raise refuse("it holds two members with the same name")
            manifest = json.loads(archive.read("MANIFEST.json"))
            notebook = manifest.get("notebook") if isinstance(manifest, dict) else None
            if not isinstance(notebook, str) or "/" in notebook or "\\" in notebook or not notebook.endswith(".ipynb"):
                raise refuse(f"its MANIFEST.json names no notebook at the top of the bundle ({notebook!r})")
            if notebook not in names:
                raise refuse(f"the notebook {notebook} that MANIFEST.json names is not in the bundle")
            strays = [n for n in names if n not in (notebook, "MANIFEST.json") and not n.startswith("my_work/")]
            if strays:
                raise refuse(f"it holds files pack_submission() does not pack: {', '.join(sorted(strays))}")
            for name, expected in (manifest.get("files") or {}).items():
                if name in names and hashlib.sha256(archive.read(name)).hexdigest() != expected:
                    raise refuse(f"{name} does not match the checksum in MANIFEST.json (it was changed after packing)")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refuse(f"it is not a submission bundle (no readable MANIFEST.json: {type(exc).__name__})") from None
    except (OSError, EOFError, RuntimeError) as exc:  # unreadable, truncated, encrypted
        raise refuse(f"it could not be read ({type(exc).__name__}: {exc})") from None
    return manifest


def _unpack(bundle: Path, manifest: dict, my_work: Path, max_unpacked_mb: float) -> Path:
    """Write the notebook and the my_work/ files into ``my_work``, counting bytes as they come out."""
    budget = max_unpacked_mb * 1024 * 1024
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            if info.is_dir() or info.filename == "MANIFEST.json":
                continue
            relative = info.filename[len("my_work/"):] if info.filename.startswith("my_work/") else info.filename
            target = my_work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "xb") as sink:
                while chunk := source.read(1 << 16):
                    budget -= len(chunk)
                    if budget < 0:
                        raise BundleError(f"{bundle.name} was not re-run: it unpacks to more than "
                                          f"{max_unpacked_mb} MB. Fix: ask for the notebook and its my_work/ files only.")
                    sink.write(chunk)
    return my_work / manifest["notebook"]


# --------------------------------------------------------------------------- the throwaway folder

def _read_only(folder: Path) -> None:
    for path in [*folder.rglob("*"), folder]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def _remove(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _font_caches() -> list[Path]:
    """matplotlib's cached list of your fonts, where matplotlib keeps it (looked up, never created)."""
    home = Path.home()
    folders = [os.environ.get("MPLCONFIGDIR"), Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib",
               home / ".matplotlib"]
    return next((found for folder in folders if folder and (found := sorted(Path(folder).glob("fontlist-*.json")))), [])


def make_throwaway(base: Path, course: Path) -> dict[str, Path]:
    """Lay out a throwaway course in ``base``: read-only data/ and docs/rubric.md, empty notebooks/ and my_work/."""
    places = {name: base / name for name in ("course", "home", "tmp", "jupyter", "ipython", "matplotlib")}
    for place in places.values():
        place.mkdir(parents=True)
    root = places["course"]
    shutil.copytree(course / "data", root / "data")
    (root / "docs").mkdir()
    if (course / "docs" / "rubric.md").is_file():
        shutil.copy2(course / "docs" / "rubric.md", root / "docs" / "rubric.md")
    _read_only(root / "data")
    _read_only(root / "docs")
    for cache in _font_caches():  # matplotlib's list of your fonts, so each kernel need not build it (1-2 s)
        shutil.copy2(cache, places["matplotlib"] / cache.name)
    (root / "notebooks").mkdir()
    (root / "my_work").mkdir()
    return places


def kernel_environment(places: dict[str, Path], memory_mb: int | None) -> dict[str, str]:
    """The kernel's whole environment: a few harmless variables of yours, and every place inside the throwaway folder."""
    env = {key: value for key, value in os.environ.items() if key in KEPT_VARIABLES or key.startswith("LC_")}
    root = places["course"]
    env.update({
        "COURSE_ROOT": str(root), "COURSE_MY_WORK": str(root / "my_work"),
        "HOME": str(places["home"]), "USERPROFILE": str(places["home"]),
        "TMPDIR": str(places["tmp"]), "TEMP": str(places["tmp"]), "TMP": str(places["tmp"]),
        "MPLCONFIGDIR": str(places["matplotlib"]), "IPYTHONDIR": str(places["ipython"]),
        "JUPYTER_CONFIG_DIR": str(places["jupyter"] / "config"), "JUPYTER_DATA_DIR": str(places["jupyter"] / "data"),
        "JUPYTER_RUNTIME_DIR": str(places["jupyter"] / "runtime"), "XDG_CACHE_HOME": str(places["home"] / ".cache"),
        "XDG_CONFIG_HOME": str(places["home"] / ".config"), "XDG_DATA_HOME": str(places["home"] / ".local" / "share"),
        "PYTHONPATH": str(STARTUP), "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",  # one core; less address space
        guard.WRITE_ROOT: str(root.parent), guard.READ_ONLY: os.pathsep.join([str(root / "data"), str(root / "docs")]),
    })
    if memory_mb:
        env[guard.MEMORY_MB] = str(int(memory_mb))
    return env


# --------------------------------------------------------------------------- running one notebook

def _cell_errors(notebook) -> list[str]:
    errors, number = [], 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        number += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                value = str(output.get("evalue", ""))
                errors.append(f"code cell {number}: {output.get('ename', 'error')}: {value[:300]}")
    return errors


def _execute(notebook, places: dict[str, Path], timeout: int, memory_mb: int | None) -> list[str]:
    """Run every cell (errors do not stop the run) in a guarded kernel; return what stopped it, if anything."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    cwd = places["course"] / "notebooks"
    # This Python's own kernel (no kernel folders searched, so none of yours is used and none is created).
    km = AsyncKernelManager(kernel_name="python3", connection_file=str(places["jupyter"] / "kernel.json"),
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))
    deadline = time.monotonic() + timeout
    client = NotebookClient(notebook, km=km, allow_errors=True, record_timing=False,
                            timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
                            resources={"metadata": {"path": str(cwd)}})
    log = places["tmp"].parent / "kernel.log"  # the kernel's own messages, for the report if it dies
    with open(log, "wb") as stream:
        try:
            client.execute(env=kernel_environment(places, memory_mb), cwd=str(cwd), stdout=stream, stderr=stream)
        except CellTimeoutError:
            return [f"stopped: the notebook ran longer than the time limit of {timeout} s"]
        except DeadKernelError:
            last = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            return ["stopped: the kernel died (over the memory limit, or the code crashed Python)"
                    + (f"; its last message: {last[0][:300]}" if last else "")]
        except Exception as exc:  # the kernel would not start, or nbclient failed: report, go on with the class
            return [f"stopped: {type(exc).__name__}: {str(exc)[:300]}"]
        finally:
            if run_sync(km.is_alive)():  # a kernel we started is ours to stop, whatever happened
                run_sync(km.shutdown_kernel)(now=True)
    return []


def _targets(bundle: Path, out: Path) -> tuple[Path, Path]:
    return out / f"{bundle.stem}_rerun.ipynb", out / f"{bundle.stem}_rerun.txt"


def rerun_bundle(bundle: str | os.PathLike, out: str | os.PathLike | None = None, overwrite: bool = False,
                 timeout: int = TIMEOUT, memory_mb: int | None = MEMORY_MB,
                 max_unpacked_mb: float = MAX_UNPACKED_MB) -> dict:
    """Re-run one bundle safely; return a record: notebook, report, findings, errors, status, seconds.

    A bundle that is refused (or missing) raises; everything that happens once it runs is in the record.
    """
    import nbformat

    started = time.monotonic()
    bundle = Path(bundle).expanduser()
    out = Path(out).expanduser() if out is not None else bundle.parent
    notebook_target, report_target = _targets(bundle, out)
    earlier = [p for p in (notebook_target, report_target) if p.exists()]
    if earlier and not overwrite:
        raise FileExistsError(f"{earlier[0]} is there from an earlier re-run of {bundle.name}. Fix: pass "
                              "overwrite=True (--redo) to replace it, or choose another output folder.")
    manifest = check_bundle(bundle, max_unpacked_mb=max_unpacked_mb)
    base = Path(tempfile.mkdtemp(prefix="rerun_"))
    try:
        places = make_throwaway(base, course_root())
        notebook_file = _unpack(bundle, manifest, places["course"] / "my_work", max_unpacked_mb)
        notebook = nbformat.read(notebook_file, as_version=4)
        stopped = _execute(notebook, places, timeout, memory_mb)
    finally:
        _remove(base)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(notebook_target, nbformat.writes(notebook) + "\n")
    findings = inspect_submission(notebook_target)
    errors = stopped + _cell_errors(notebook)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        check_submission(notebook_target)
    text = f"Re-run of {bundle.name}\n" + printed.getvalue()
    if errors:
        text += "Errors in the re-run:\n" + "".join(f"- {error}\n" for error in errors)
    write_atomic(report_target, text)
    return {"notebook": notebook_target, "report": report_target, "findings": findings, "errors": errors,
            "status": "stopped" if stopped else "ran", "seconds": round(time.monotonic() - started, 1)}


def rerun_submission(bundle: str | os.PathLike, timeout: int = TIMEOUT, out: str | os.PathLike | None = None,
                     overwrite: bool = False) -> Path:
    """Re-run one hand-in bundle in a throwaway folder and print the check; return the re-run notebook's path.

    The notebook and a text report are saved as ``<bundle>_rerun.ipynb`` and ``<bundle>_rerun.txt`` in
    ``out`` (default: beside the bundle); an earlier result is kept unless ``overwrite=True``.
    Raises FileNotFoundError, :class:`BundleError` (a ValueError) or FileExistsError, with the fix.

    >>> rerun_submission("hand_ins/submission_07_assignment.zip")  # doctest: +SKIP
    """
    record = rerun_bundle(bundle, out=out, overwrite=overwrite, timeout=timeout)
    print(record["report"].read_text(encoding="utf-8"), end="")
    return record["notebook"]


# --------------------------------------------------------------------------- a whole folder

def find_bundles(folder: Path, skip: Path | None = None) -> list[Path]:
    """Every .zip under ``folder`` (sub-folders too), in a stable order; hidden and __MACOSX folders left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if (path.suffix.lower() == ".zip" and path.is_file()
                and not any(part.startswith(".") or part == "__MACOSX" for part in relative)
                and not (skip is not None and skip in path.parents)):
            found.append(path)
    return found


def _learner(bundle: Path, folder: Path) -> str:
    """The learner: the bundle's folder under the hand-in folder (one per learner in an LMS export), else its name."""
    relative = bundle.relative_to(folder)
    return relative.parts[0] if len(relative.parts) > 1 else bundle.stem


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_report(path: Path, rows: list[dict]) -> None:
    areas = list(dict.fromkeys(key for row in rows for key in row if key not in _FIXED))
    columns = _FIXED[:3] + areas + _FIXED[3:]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue())


_FIXED = ["bundle", "learner", "status", "errors", "seconds", "rerun_notebook", "sha256"]


def rerun_folder(folder: str | os.PathLike, report: str | os.PathLike, results: str | os.PathLike | None = None,
                 redo: bool = False, overwrite: bool = False, timeout: int = TIMEOUT,
                 memory_mb: int | None = MEMORY_MB, progress: bool = True) -> list[dict]:
    """Re-run every bundle under ``folder``; write one CSV row per bundle to ``report``; return the rows.

    Columns: bundle, learner, status (ran / stopped / refused / error), one column per requirement of
    ``check_submission`` (met / not met), errors, seconds, rerun_notebook, sha256. Re-run notebooks and
    text reports go to ``results`` (default: ``<report>_results/`` beside the report). An existing report
    is extended: bundles it already holds are skipped (``redo`` runs them again); ``overwrite`` starts a
    new report instead. The report is saved after every bundle, so an interrupted run can be resumed.
    """
    from tqdm import tqdm

    folder, report = Path(folder).expanduser(), Path(report).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no folder {folder}. Fix: pass the folder that holds the hand-in zips.")
    results = Path(results).expanduser() if results else report.with_name(f"{report.stem}_results")
    rows: dict[str, dict] = {}
    if report.exists() and not overwrite:
        with report.open(encoding="utf-8", newline="") as stream:
            rows = {row["bundle"]: row for row in csv.DictReader(stream)}
    bundles = find_bundles(folder, skip=results.resolve() if results.resolve() != folder.resolve() else None)
    changed, skipped = [], 0
    report.parent.mkdir(parents=True, exist_ok=True)
    bar = tqdm(bundles, unit="bundle", disable=not progress, file=sys.stderr)
    for bundle in bar:
        name = bundle.relative_to(folder).as_posix()
        bar.set_postfix_str(name)
        checksum = _sha256(bundle)
        if name in rows and not redo:
            skipped += 1
            if rows[name].get("sha256") != checksum:
                changed.append(name)
            continue
        row = {"bundle": name, "learner": _learner(bundle, folder), "sha256": checksum}
        started = time.monotonic()
        try:
            record = rerun_bundle(bundle, out=results / Path(name).parent, overwrite=redo or overwrite,
                                  timeout=timeout, memory_mb=memory_mb)
        except BundleError as exc:
            row.update(status="refused", errors=str(exc))
        except Exception as exc:  # one bundle must never stop the class
            row.update(status="error", errors=f"{type(exc).__name__}: {exc}")
        else:
            row.update(status=record["status"], errors=" | ".join(record["errors"]),
                       rerun_notebook=record["notebook"].relative_to(results).as_posix())
            row.update({finding.area: "met" if finding.ok else "not met" for finding in record["findings"]})
        row["seconds"] = f"{time.monotonic() - started:.1f}"
        rows[name] = row
        _write_report(report, list(rows.values()))
    if not rows:
        _write_report(report, [])
    if skipped:
        print(f"Skipped {skipped} bundle(s) already in {report.name} (pass --redo to re-run them).")
    if changed:
        print(f"Changed since they were re-run (pass --redo to re-run them): {', '.join(changed)}")
    return list(rows.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.rerun", description=(
        "Re-run every hand-in bundle (.zip) under FOLDER, each in a throwaway folder with guards, and write one "
        "report CSV. This runs the learners' code: read the instructor guide's section on marking first."))
    parser.add_argument("folder", help="folder with the bundles (sub-folders too, e.g. one per learner)")
    parser.add_argument("--out", required=True, help="the report CSV to write, e.g. marking/report.csv")
    parser.add_argument("--results", help="folder for the re-run notebooks (default: <report>_results/ beside it)")
    parser.add_argument("--redo", action="store_true", help="re-run bundles already in the report, replacing their results")
    parser.add_argument("--overwrite", action="store_true", help="start a new report instead of extending the old one")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help=f"seconds per notebook (default {TIMEOUT})")
    parser.add_argument("--memory-mb", type=int, default=MEMORY_MB, help=f"kernel memory limit (default {MEMORY_MB})")
    args = parser.parse_args(argv)
    try:
        rows = rerun_folder(args.folder, args.out, results=args.results, redo=args.redo, overwrite=args.overwrite,
                            timeout=args.timeout, memory_mb=args.memory_mb)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    counts = {status: sum(row.get("status") == status for row in rows) for status in ("ran", "stopped", "refused", "error")}
    print(f"Report: {args.out} ({len(rows)} bundle(s): " + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
