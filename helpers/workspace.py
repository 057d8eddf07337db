"""Where the course lives, how its files are read, and where a learner's own files go.

The course root is found in this order (docs/design.md §10):

1. the ``COURSE_ROOT`` environment variable, if it is set;
2. the nearest folder, from the current directory upward, that holds both
   ``data/`` and ``notebooks/``;
3. the folder above the installed ``helpers`` package.

Learner files (copies of notebooks, notes, coding sheets, edited word lists)
live in ``my_work/`` at the course root (or in the folder named by the
``COURSE_MY_WORK`` environment variable, which the tests use to keep your own
files out of their way). ``my_work/`` is git-ignored, so a ``git pull`` or
nbgitpuller never touches it. Nothing here ever writes to ``data/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from .filecheck import check_plain_text

MY_WORK = "my_work"


def _is_course_root(folder: Path) -> bool:
    return (folder / "data").is_dir() and (folder / "notebooks").is_dir()


def course_root() -> Path:
    """Return the folder that holds ``data/`` and ``notebooks/``.

    >>> (course_root() / "data").is_dir()
    True
    """
    tried = []
    env = os.environ.get("COURSE_ROOT")
    if env:
        folder = Path(env).expanduser().resolve()
        if _is_course_root(folder):
            return folder
        tried.append(f"COURSE_ROOT={env}")
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_course_root(folder):
            return folder
    tried.append(f"every folder from {here} upward")
    package_parent = Path(__file__).resolve().parent.parent
    if _is_course_root(package_parent):
        return package_parent
    tried.append(f"the folder above the helpers package ({package_parent})")
    raise FileNotFoundError(
        "Could not find the course folder (one that holds both data/ and notebooks/). "
        f"Tried: {'; '.join(tried)}. Fix: open the notebook from inside the course folder, "
        "or set the COURSE_ROOT environment variable to the folder you cloned."
    )


def resolve_path(path: str | os.PathLike) -> Path:
    """The file a learner means by ``path``: the one rule of every loader for a path it is given.

    ``~`` is expanded. An absolute path, or one that exists from the current folder, is used as it is.
    Otherwise the same name is tried inside ``my_work/`` (with a leading ``my_work/`` taken off, since a
    kernel often runs inside that folder), then from the course root. If none exists, the path is returned
    as given, so that the loader's message names what the learner typed (anything but a str or a path is
    returned unchanged, for the loader to refuse).

    >>> resolve_path("data/glossary.csv").name
    'glossary.csv'
    """
    if not isinstance(path, (str, os.PathLike)):
        return path
    path = Path(path).expanduser()
    if path.is_absolute() or path.exists():
        return path
    return next((candidate for candidate in _candidates(path) if candidate.exists()), path)


def _candidates(path: Path) -> list[Path]:
    """Where :func:`resolve_path` looks for a relative path, after the current folder."""
    candidates = [my_work_dir() / path]
    if len(path.parts) > 1 and path.parts[0] == MY_WORK:
        candidates.append(my_work_dir() / Path(*path.parts[1:]))
    try:
        candidates.append(course_root() / path)
    except FileNotFoundError:
        pass
    return candidates


def data_file(name: str) -> Path:
    """Path of a file in the course's read-only ``data/`` folder.

    >>> data_file("safe_china_readout_en.txt").name
    'safe_china_readout_en.txt'
    """
    path = course_root() / "data" / name
    if not path.exists():
        raise FileNotFoundError(
            f"The course data file data/{name} is missing. Fix: restore it with "
            f"'git checkout -- data/{name}', or check the spelling of {name!r}."
        )
    return path


def read_text_file(path: str | os.PathLike, what: str = "text file") -> str:
    """Read a UTF-8 text file (BOM or not, any line endings) with a clear message for every bad case.

    ``what`` names the kind of file in the messages ("stop-word list", "codebook", ...).
    Every loader in the course reads its files through this one function.

    >>> read_text_file(data_file("safe_china_readout_en.txt"))[:10]
    'Xi Jinping'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"The {what} should be given as a path in quotes, such as 'my_work/file.txt', "
            f"not as {type(path).__name__} {path!r}. Fix: put the file's path in quotes."
        )
    path = Path(path).expanduser()
    if not path.exists():
        tried = "" if path.is_absolute() else (
            " Tried: " + "; ".join(str(p.resolve()) for p in [path, *_candidates(path)]) + ".")
        raise FileNotFoundError(
            f"There is no {what} at {path}.{tried} Fix: check the path and the file name "
            "(a relative path starts from the folder the notebook is in, then my_work/)."
        )
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder, not a {what}. Fix: pass the path of a file inside it."
        )
    data = path.read_bytes()
    check_plain_text(data, path, what)  # a Word, PDF or HTML file renamed .txt gets its own message
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path.name} is not UTF-8 text (byte {exc.start} cannot be read as UTF-8). "
            "Fix: open it in a text editor and save it with the encoding 'UTF-8'."
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml_file(path: str | os.PathLike, what: str, fix: str) -> object:
    """Read a YAML file through :func:`read_text_file`; a syntax error names the line and ``fix``.

    >>> read_yaml_file(data_file("codebook_v1.yml"), "codebook", "check the indentation")["version"]
    1
    """
    text = read_text_file(path, what)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{Path(path).name} is not valid YAML{where}. Fix: {fix}.") from None


def my_work_dir(folder: str | os.PathLike | None = None) -> Path:
    """Return the learner folder (``my_work/`` at the course root), creating it on first use.

    Pass ``folder`` (or set ``COURSE_MY_WORK``) to use another place; it may never be inside ``data/``.

    >>> my_work_dir().name  # doctest: +SKIP
    'my_work'
    """
    root = course_root()
    if folder is None:
        folder = os.environ.get("COURSE_MY_WORK") or root / MY_WORK
    target = Path(folder).expanduser().resolve()
    data = (root / "data").resolve()
    if target == data or data in target.parents:
        raise ValueError(
            f"{target} is inside the course's data/ folder, which is read-only. "
            "Fix: keep your own files in my_work/ (the default)."
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PermissionError(
            f"Could not create the learner folder {target}: {exc.strerror}. "
            "Fix: choose a folder you can write to, for example my_work/ inside the course."
        ) from None
    return target


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` so that a crash never leaves a half-written file.

    The text goes to a temporary file in the same folder, which then replaces
    ``path`` in one step. If anything fails, the previous version stays intact.

    >>> write_atomic(my_work_dir() / "notes.txt", "my first note")  # doctest: +SKIP
    PosixPath('.../my_work/notes.txt')
    """
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def make_my_copies(pattern: str = "[0-9][0-9]_*.ipynb") -> pd.DataFrame:
    """Copy the student notebooks into ``my_work/``, never overwriting a copy you already have.

    Returns a table with one row per notebook: its name and what happened.

    >>> make_my_copies("00_*.ipynb")  # doctest: +SKIP
                  notebook   result
    0  00_start_here.ipynb   copied
    """
    source = course_root() / "notebooks"
    target = my_work_dir()
    report = []
    for notebook in sorted(source.glob(pattern)):
        copy = target / notebook.name
        if copy.exists():
            report.append((notebook.name, "kept your existing copy"))
        else:
            write_atomic(copy, notebook.read_text(encoding="utf-8"))  # never a half-copied notebook
            report.append((notebook.name, "copied"))
    if not report:
        raise FileNotFoundError(
            f"No notebooks in {source} match {pattern!r}. "
            "Fix: use a pattern such as '01_*.ipynb', or '[0-9][0-9]_*.ipynb' for all."
        )
    return pd.DataFrame(report, columns=["notebook", "result"])
