"""Hand in the assignment (notebook 07): check a saved notebook, record the environment, pack a bundle.

How the assignment notebook marks what ``check_submission`` looks for:

* **Required sections** are Markdown headings that start with ``Required`` and an ID, for example
  ``### Required R1 · A close-reading observation (up to 150 words)``. A section runs until the next
  required heading or the next heading of the same or a higher level. ``(up to N words)`` in the heading
  sets the section's word limit; ``**Word limit:** N words`` anywhere in the notebook sets the total.
* **The written answer** to a section is the Markdown cell in it whose first line starts with
  ``**Answer R1:**``. Keep that line and write under it; it counts as answered from
  :data:`MIN_WORDS` words.
* **Code to fill in**: a code cell in a section that still holds nothing but comments and
  ``name = None`` lines (what ``# YOUR CODE HERE`` leaves) counts as not done.
* **Figures**: every figure must have a title and both axis labels, and the next cell must be Markdown
  that starts ``**Figure description:**`` and says what the figure shows. So that the labels can be read
  from a saved file, the notebook calls :func:`show_figure_labels` once: each figure's text form then
  reads ``Figure: title '...'; x axis '...'; y axis '...'``.
* **A fresh run**: the code cells ran top to bottom in a new kernel (execution counts 1, 2, 3, ... in
  order, no errors). The cells that call ``check_submission`` or ``pack_submission`` may be re-run after
  saving; they are left out of the count.
* **The environment fingerprint**: a cell calls :func:`record_fingerprint`, which prints the package
  versions and the checksum of the text analysed under the heading :data:`FINGERPRINT_MARKER`.

``check_submission(path)`` prints what is done and what is missing, with the fix; it never raises
because of the learner's file (a missing, unreadable or half-finished notebook gets a clear message).
``pack_submission()`` zips the notebook with the learner files it uses from ``my_work/`` so that an
instructor can re-run it with ``helpers.rerun`` (one bundle, or a whole folder of them).

>>> find_required({"cells": [{"cell_type": "markdown", "source": "### Required R1 · A claim (up to 50 words)"}]})
[{'id': 'R1', 'title': 'A claim', 'limit': 50, 'level': 3, 'cell': 0}]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .environment import fingerprint
from .text import COURSE_TEXT
from .workspace import course_root, data_file, my_work_dir, resolve_path

ASSIGNMENT = "07_assignment.ipynb"
MIN_WORDS = 15
FINGERPRINT_MARKER = "Environment fingerprint (keep this output in your submission)"
FIGURE_DESCRIPTION = "**Figure description:**"
FIGURE_DESCRIPTION_MIN_WORDS = 8
_SUBMISSION_CALL = re.compile(r"^\s*(?:\w+\s*=\s*)?(check_submission|pack_submission|rerun_submission)\(", re.M)
LEARNER_SUFFIXES = (".csv", ".txt", ".yml", ".yaml", ".json", ".md", ".tsv")

_REQUIRED = re.compile(r"^(#{2,6})\s+Required\s+(R\d+)\b\s*[·:.\-–—]?\s*(.*?)\s*$", re.M)
_LIMIT = re.compile(r"\(up to\s+([\d,]+)\s+words\)", re.I)
_TOTAL_LIMIT = re.compile(r"\*\*Word limit:\*\*\s*([\d,]+)\s+words", re.I)
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_UNFILLED = re.compile(r"^\s*(#.*|[A-Za-z_]\w*\s*=\s*None\s*(#.*)?)?$")
_FIGURE_TEXT = re.compile(r"^Figure: (.*)$", re.S)


class Finding(NamedTuple):
    """One line of the report: which requirement, whether it is met, and what to do."""

    area: str
    ok: bool
    message: str


# --------------------------------------------------------------------------- figures

def figure_labels(fig) -> list[dict]:
    """Title and axis labels of each panel (axes) of a matplotlib figure; a figure title fills in for panels.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set(title="Counts", xlabel="word", ylabel="count")
    >>> figure_labels(fig)
    [{'title': 'Counts', 'x': 'word', 'y': 'count'}]
    >>> plt.close(fig)
    """
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    panels = []
    for ax in fig.get_axes():
        if not ax.get_visible() or (not ax.has_data() and not ax.get_images() and not ax.get_title()):
            continue  # colour bars and empty helper axes carry no chart of their own
        if getattr(ax, "_colorbar", None) is not None:
            continue
        panels.append({"title": ax.get_title() or suptitle, "x": _shared_label(ax, "x"), "y": _shared_label(ax, "y")})
    return panels


def _shared_label(ax, axis: str) -> str:
    """An axis label, or the label of a panel that shares this axis (side-by-side panels label it once)."""
    own = ax.get_xlabel() if axis == "x" else ax.get_ylabel()
    if own:
        return own
    shared = ax.get_shared_x_axes() if axis == "x" else ax.get_shared_y_axes()
    for sibling in shared.get_siblings(ax):
        label = sibling.get_xlabel() if axis == "x" else sibling.get_ylabel()
        if label:
            return label
    return ""


def _figure_text(fig) -> str:
    panels = figure_labels(fig) or [{"title": "", "x": "", "y": ""}]
    return "Figure: " + " | ".join(f"title {p['title']!r}; x axis {p['x']!r}; y axis {p['y']!r}" for p in panels)


def show_figure_labels() -> None:
    """Make every figure's text form list its title and axis labels, so a saved notebook shows them.

    Call it once, in the setup cell. Only the text form changes; the picture is the same.
    """
    try:
        import matplotlib.pyplot as plt
        from IPython import get_ipython
        from matplotlib.figure import Figure
    except ImportError:  # not in IPython: nothing to do
        return
    shell = get_ipython()
    if shell is None:
        return
    # Loading the inline backend resets every figure formatter, so load it first (an empty figure, closed at once).
    plt.close(plt.figure())
    shell.display_formatter.formatters["text/plain"].for_type(Figure, lambda fig, p, cycle: p.text(_figure_text(fig)))


def _parse_figure_text(text: str) -> list[dict] | None:
    match = _FIGURE_TEXT.match(text.strip())
    if not match:
        return None
    panels = []
    for part in match.group(1).split(" | "):
        found = re.fullmatch(r"title (.*); x axis (.*); y axis (.*)", part.strip())
        if not found:
            return None
        panels.append({k: _unquote(v) for k, v in zip(("title", "x", "y"), found.groups())})
    return panels


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" else value


# --------------------------------------------------------------------------- fingerprint

def record_fingerprint(text_path: str | os.PathLike | None = None) -> None:
    """Print the environment fingerprint: package versions and the checksum of the text analysed.

    ``text_path`` is the notebook's ``TEXT_PATH`` (None: the course text). The output stays in the
    saved notebook, so whoever re-runs it can compare their set-up with yours.
    """
    record = fingerprint()
    try:
        file = data_file(COURSE_TEXT) if text_path is None else resolve_path(text_path)
        record["text_file"] = file.name
        record["text_sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError as exc:
        record["text_file"] = Path(str(text_path)).name
        record["text_sha256"] = f"unreadable ({exc.strerror})"
    print(FINGERPRINT_MARKER + "\n" + json.dumps(record, indent=1, sort_keys=True))  # one call: one output


def _recorded_fingerprint(notebook: dict) -> dict | None:
    for cell in notebook.get("cells", []):
        for text in _stream_texts(cell.get("outputs", []) if cell.get("cell_type") == "code" else []):
            if FINGERPRINT_MARKER in text:
                body = text.split(FINGERPRINT_MARKER, 1)[1]
                try:
                    return json.loads(body[body.index("{"): body.rindex("}") + 1])
                except ValueError:
                    return {}
    return None


def _stream_texts(outputs: list) -> list[str]:
    """The text of a cell's outputs, with consecutive outputs of the same stream joined into one.

    Jupyter may save one print (or two prints in a row) as several stream outputs.

    >>> _stream_texts([{"output_type": "stream", "name": "stdout", "text": "a\\n"},
    ...                {"output_type": "stream", "name": "stdout", "text": ["b\\n"]}])
    ['a\\nb\\n']
    """
    texts, previous = [], None
    for output in outputs:
        text = _text(output.get("text", ""))
        stream = output.get("name") if output.get("output_type") == "stream" else None
        if stream is not None and stream == previous:
            texts[-1] += text
        else:
            texts.append(text)
        previous = stream
    return texts


# --------------------------------------------------------------------------- reading a notebook

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


_MARKER_LINE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def _markdown(cell: dict) -> str:
    """A Markdown cell's text without solution-marker lines (they only exist in the solution version)."""
    return _MARKER_LINE.sub("", _text(cell.get("source")))


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:[-'’.][^\W_]+)*", text))  # P3.S2 is one word


def _shown(path: Path) -> str:
    """A path as the learner knows it: my_work/... or relative to the course, never the machine's full path."""
    resolved = path.resolve()
    bases = []
    try:
        bases.append((my_work_dir().resolve(), "my_work/"))
    except (OSError, ValueError):
        pass
    try:
        bases.append((course_root().resolve(), ""))
    except FileNotFoundError:
        pass
    for base, prefix in bases:
        if base in resolved.parents:
            return prefix + resolved.relative_to(base).as_posix()
    return path.name


#: When this kernel imported the helpers (the setup cell of this run of the notebook).
_STARTED = time.time()


def _stale(file: Path) -> str | None:
    """Why the saved file cannot show this run (it was saved before the run began), or None."""
    if not file.is_file() or file.stat().st_mtime >= _STARTED:
        return None
    return (f"{_shown(file)} was saved before this run of the notebook began, so it cannot show this run yet. "
            "When every cell has run, save the notebook (Ctrl+S or Cmd+S) and run this cell again.")


def _default_notebook() -> Path:
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_file():
        return Path(session)
    return my_work_dir() / ASSIGNMENT


def _resolve(path) -> Path:
    """The notebook a learner means: ``path`` by the loaders' rule (workspace.resolve_path), else the default."""
    return _default_notebook() if path is None else resolve_path(path)


def _load(path: Path, call: str = "check_submission") -> tuple[dict | None, str | None]:
    """Read a notebook file; return (notebook, None) or (None, a message for the learner).

    ``call`` names the function the learner ran, so the example in the message is one they can re-run.
    """
    shown = _shown(path)
    if not path.exists():
        return None, (f"There is no notebook at {shown}. Fix: save your notebook (Ctrl+S or Cmd+S) and pass its "
                      f"path, for example {call}(\"my_work/{ASSIGNMENT}\").")
    if path.is_dir():
        return None, f"{shown} is a folder. Fix: pass the path of the .ipynb file inside it."
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, f"{shown} is not a text file. Fix: pass the .ipynb file you worked in."
    except ValueError:
        return None, (f"{shown} could not be read as a notebook (it is not valid notebook JSON). Fix: open it "
                      "in JupyterLab and save it again, or pass the .ipynb file you worked in.")
    except OSError as exc:
        return None, f"{shown} could not be opened ({exc.strerror}). Fix: check that the file is readable."
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None, f"{shown} is JSON but not a Jupyter notebook (no list of cells). Fix: pass your .ipynb file."
    return notebook, None


# --------------------------------------------------------------------------- required sections

def find_required(notebook: dict) -> list[dict]:
    """The required sections of a notebook, in order: ID, title, word limit (or None), heading level, cell."""
    found = []
    for i, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        for match in _REQUIRED.finditer(_text(cell.get("source"))):
            limit = _LIMIT.search(match.group(3))
            title = _LIMIT.sub("", match.group(3)).strip()
            found.append({"id": match.group(2), "title": title,
                          "limit": int(limit.group(1).replace(",", "")) if limit else None,
                          "level": len(match.group(1)), "cell": i})
    return found


def _section_cells(cells: list, start: int, level: int) -> list[int]:
    indices = []
    for j in range(start + 1, len(cells)):
        if cells[j].get("cell_type") == "markdown":
            levels = [len(m.group(1)) for m in _HEADING.finditer(_markdown(cells[j]))]
            if _REQUIRED.search(_markdown(cells[j])) or any(lv <= level for lv in levels):
                break
        indices.append(j)
    return indices


def _answer_words(source: str, section_id: str) -> int | None:
    lines = source.strip().splitlines()
    if not lines or not lines[0].strip().startswith(f"**Answer {section_id}:**"):
        return None
    first = lines[0].strip()[len(f"**Answer {section_id}:**"):]
    first = re.sub(r"^\s*\*\([^)]*\)\*", "", first)  # the italic instructions on the marker line
    return _words(first + "\n" + "\n".join(lines[1:]))


def _is_unfilled(source: str) -> bool:
    return bool(source.strip()) and all(_UNFILLED.match(line) for line in source.splitlines())


def _required_findings(notebook: dict) -> tuple[list[Finding], int]:
    cells = notebook.get("cells", [])
    sections = find_required(notebook)
    if not sections:
        return [Finding("Required sections", False,
                        "I found no required sections (Markdown headings such as '### Required R1 · ...'). "
                        f"Fix: check the assignment notebook itself, {ASSIGNMENT}, not another notebook.")], 0
    problems, total = [], 0
    for section in sections:
        sid = section["id"]
        inside = _section_cells(cells, section["cell"], section["level"])
        counts = [_answer_words(_markdown(cells[j]), sid) for j in inside if cells[j].get("cell_type") == "markdown"]
        counts = [c for c in counts if c is not None]
        if not counts:
            problems.append(f"{sid}: I cannot find its answer cell. Fix: the Markdown cell under the section must "
                            f"begin with the line **Answer {sid}:** (put it back and write under it).")
        else:
            words = sum(counts)
            total += words
            if words < MIN_WORDS:
                problems.append(f"{sid} ({section['title']}): not answered yet ({words} words). Fix: write your answer "
                                f"under **Answer {sid}:**.")
            elif section["limit"] and words > section["limit"]:
                problems.append(f"{sid}: {words} words, over its limit of {section['limit']}. Fix: cut it down.")
        unfilled = [j for j in inside if cells[j].get("cell_type") == "code" and _is_unfilled(_text(cells[j].get("source")))]
        if unfilled:
            problems.append(f"{sid}: {len(unfilled)} code cell(s) still to fill in (they hold only comments or "
                            "'= None'). Fix: replace '# YOUR CODE HERE' with your code.")
    limit = _TOTAL_LIMIT.search("\n".join(_text(c.get("source")) for c in cells if c.get("cell_type") == "markdown"))
    if limit and total > int(limit.group(1).replace(",", "")):
        problems.append(f"Your answers have {total} words in all, over the word limit of {limit.group(1)}. "
                        "Fix: cut the longest answer.")
    ids = ", ".join(s["id"] for s in sections)
    if problems:
        return [Finding("Required sections", False, "Not all required sections are done:\n   - " + "\n   - ".join(problems))], total
    return [Finding("Required sections", True, f"All {len(sections)} required sections ({ids}) are answered "
                    f"({total} words in all).")], total


# --------------------------------------------------------------------------- figures, run, fingerprint

def _figure_findings(notebook: dict) -> list[Finding]:
    cells = notebook.get("cells", [])
    problems, count = [], 0
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not any(key.startswith("image/") for key in data):
                continue
            count += 1
            where = f"figure {count} (code cell {_code_number(cells, i)})"
            panels = _parse_figure_text(_text(data.get("text/plain", "")))
            if panels is None:
                problems.append(f"{where}: I cannot read its title and axis labels. Fix: run the setup cell "
                                "(it calls show_figure_labels()), then Restart Kernel and Run All Cells.")
            else:
                for n, panel in enumerate(panels, start=1):
                    missing = [name for name, key in (("a title", "title"), ("an x-axis label", "x"), ("a y-axis label", "y"))
                               if not panel[key].strip()]
                    if missing:
                        panel_name = f" panel {n}" if len(panels) > 1 else ""
                        problems.append(f"{where}{panel_name} lacks {' and '.join(missing)}. Fix: pass title=, "
                                        "xlabel= and ylabel= (or call ax.set_title, ax.set_xlabel, ax.set_ylabel).")
            following = cells[i + 1] if i + 1 < len(cells) else {}
            text = _markdown(following).strip()
            if following.get("cell_type") != "markdown" or not text.startswith(FIGURE_DESCRIPTION):
                problems.append(f"{where}: the next cell must be Markdown beginning {FIGURE_DESCRIPTION} "
                                "Fix: add one under the figure, saying what it shows.")
            elif _words(text[len(FIGURE_DESCRIPTION):]) < FIGURE_DESCRIPTION_MIN_WORDS:
                problems.append(f"{where}: its description is too short to tell a reader what the figure shows. "
                                "Fix: one or two sentences: what is plotted, and what stands out.")
    if count == 0:
        return [Finding("Figures", False, "The notebook has no figure in its saved outputs. Fix: make the figure the "
                        "brief asks for, run the notebook and save it.")]
    if problems:
        return [Finding("Figures", False, "Not every figure is labelled and described:\n   - " + "\n   - ".join(problems))]
    return [Finding("Figures", True, f"{count} figure(s), each with a title, axis labels and a description.")]


def _code_number(cells: list, index: int) -> int:
    return sum(1 for c in cells[: index + 1] if c.get("cell_type") == "code")


def _run_findings(notebook: dict) -> list[Finding]:
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code" and _text(c.get("source")).strip()]
    if not cells:
        return [Finding("Fresh run", False, "The notebook has no code cells.")]
    problems = []
    errors = [(n, o.get("ename", "error")) for n, c in enumerate(cells, start=1)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    for n, name in errors:
        problems.append(f"code cell {n} stopped with an error ({name}). Fix: correct it and run all cells again.")
    expected = 1
    for n, cell in enumerate(cells, start=1):
        count = cell.get("execution_count")
        if _SUBMISSION_CALL.search(_text(cell.get("source"))):
            if count == expected:
                expected += 1
            continue
        if count is None:
            problems.append(f"code cell {n} has not been run.")
            break
        if count != expected:
            problems.append(f"code cell {n} ran as number {count} where a fresh top-to-bottom run gives {expected}.")
            break
        expected += 1
    if problems:
        return [Finding("Fresh run", False, "The saved notebook did not run top to bottom in a fresh kernel:\n   - "
                        + "\n   - ".join(problems) + "\n   Fix: Kernel → Restart Kernel and Run All Cells…, then save "
                        "(Ctrl+S) and run this check again.")]
    return [Finding("Fresh run", True, f"All {len(cells)} code cells ran in order in one fresh kernel, with no errors.")]


def _fingerprint_findings(notebook: dict) -> list[Finding]:
    recorded = _recorded_fingerprint(notebook)
    if recorded is None:
        return [Finding("Environment fingerprint", False, "No environment fingerprint in the saved outputs. Fix: run "
                        "the cell with record_fingerprint(TEXT_PATH) and keep its output.")]
    needed = ("python", "pandas", "text_file", "text_sha256")
    missing = [key for key in needed if key not in recorded]
    if missing:
        return [Finding("Environment fingerprint", False, f"The fingerprint is incomplete (no {', '.join(missing)}). "
                        "Fix: run record_fingerprint(TEXT_PATH) again and do not edit its output.")]
    current = fingerprint()
    differ = sorted(k for k, v in recorded.items() if k in current and k != "course_text_sha256" and current[k] != v)
    which = "the course text" if recorded["text_sha256"] == current.get("course_text_sha256") else "another text"
    message = (f"Recorded: Python {recorded['python']}, pandas {recorded['pandas']}; text {recorded['text_file']} "
               f"({which}, sha256 {str(recorded['text_sha256'])[:12]}…).")
    if differ:
        message += f" Versions that differ from this environment: {', '.join(differ)} (numbers may differ slightly)."
    return [Finding("Environment fingerprint", True, message)]


def inspect_submission(path: str | os.PathLike | None = None) -> list[Finding]:
    """The findings ``check_submission`` prints, as a list (for tests and for instructors' scripts).

    >>> inspect_submission("no_such_notebook.ipynb")[0].ok
    False
    """
    notebook, problem = _load(_resolve(path))
    if notebook is None:
        return [Finding("Notebook file", False, problem)]
    required, _ = _required_findings(notebook)
    return required + _figure_findings(notebook) + _run_findings(notebook) + _fingerprint_findings(notebook)


def check_submission(path: str | os.PathLike | None = None) -> None:
    """Check a saved assignment notebook and print what is done and what is missing, with fixes.

    ``path``: the .ipynb file (default: the notebook this kernel belongs to, else ``my_work/07_assignment.ipynb``).
    It reads the file as saved on disk, so save first: without ``path``, a file saved before this kernel's run
    began (as during Run All) is not checked, and it says so. It never raises because of the file.

    >>> check_submission("no_such_notebook.ipynb")
    Checking no_such_notebook.ipynb
    🔎 Notebook file: There is no notebook at no_such_notebook.ipynb. Fix: save your notebook (Ctrl+S or Cmd+S) and pass its path, for example check_submission("my_work/07_assignment.ipynb").
    """
    try:
        file = _resolve(path)
        shown = _shown(file)
        stale = _stale(file) if path is None else None
        if stale:
            print(f"⏳ Not checked yet. {stale}")
            return
        findings = inspect_submission(file)
    except Exception as exc:  # never show a learner a traceback from the checker itself
        print(f"🔎 I could not check this notebook ({type(exc).__name__}: {exc}). Fix: pass the path of your saved "
              f".ipynb file, for example check_submission(\"my_work/{ASSIGNMENT}\").")
        return
    print(f"Checking {shown}")
    for finding in findings:
        print(f"{'✅' if finding.ok else '🔎'} {finding.area}: {finding.message}")
    if len(findings) > 1:
        met = sum(f.ok for f in findings)
        if met == len(findings):
            print(f"All {met} requirements are met. Next: pack_submission() makes the bundle to hand in.")
        else:
            print(f"{met} of {len(findings)} requirements met. Fix the items marked 🔎, save, and check again.")


# --------------------------------------------------------------------------- the hand-in bundle

def _learner_files(notebook_path: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files of ``my_work/`` to pack (every learner file, sorted) and those left out, with the reason.

    Packed: every file whose type a learner makes (LEARNER_SUFFIXES: coding sheets, notes, saved tables...).
    Left out: the notebook itself (packed on its own), other notebooks, earlier bundles, hidden files and
    other types. The choice depends on the files alone, never on what the notebook printed.
    """
    folder = my_work_dir()
    packed, left_out = [], []
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if not file.is_file() or file.resolve() == notebook_path.resolve():
            continue
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files (checkpoints, temporary files) are not the learner's work
        if file.suffix.lower() in LEARNER_SUFFIXES:
            packed.append(file)
        else:
            reason = {".ipynb": "another notebook", ".zip": "a bundle"}.get(file.suffix.lower(), "not a data file")
            left_out.append((file, reason))
    return packed, left_out


class Bundle(type(Path())):
    """The zip that :func:`pack_submission` made: a path like any other, shown as the learner knows it.

    >>> Bundle(my_work_dir() / "nowhere.zip")
    my_work/nowhere.zip
    """

    def __repr__(self) -> str:
        try:
            return f"{_shown(self)} ({self.stat().st_size / 1024:,.1f} KB)"
        except OSError:
            return _shown(self)


def pack_submission(path: str | os.PathLike | None = None, extra=(), name: str | None = None) -> Bundle | None:
    """Zip the saved notebook with the learner files in ``my_work/``; return the zip's path (a :class:`Bundle`).

    Every learner file in ``my_work/`` is packed (coding sheets, notes, saved tables: see LEARNER_SUFFIXES),
    whatever the notebook printed; other notebooks and earlier bundles are left out and listed. Add a file of
    another type with ``extra=["my_figure.png"]``. Without ``path``, a notebook saved before this kernel's run
    began is not packed (save it first). The zip goes to
    ``my_work/submission_<notebook name>.zip`` (an earlier bundle of the same name is replaced) and holds the
    notebook, the files under ``my_work/``, and ``MANIFEST.json`` (checksums and the recorded fingerprint).
    Prints what it packed; on a problem it prints the fix and returns None.

    >>> pack_submission()  # doctest: +SKIP
    """
    try:
        file = _resolve(path)
        notebook, problem = _load(file, call="pack_submission")
        if notebook is None:
            print(f"🔎 Nothing packed. {problem}")
            return None
        stale = _stale(file) if path is None else None
        if stale:
            print(f"🔎 Nothing packed. {stale}")
            return None
        unmet = [finding.area for finding in inspect_submission(file) if not finding.ok]
        used, left_out = _learner_files(file)
        folder = my_work_dir()
        for item in extra:
            candidate = folder / item
            if not candidate.is_file():
                print(f"🔎 Nothing packed. There is no file my_work/{item}. Fix: give names of files in my_work/.")
                return None
            if candidate not in used:
                used.append(candidate)
                left_out = [(f, why) for f, why in left_out if f != candidate]
        members = {file.name: file} | {f"my_work/{f.relative_to(folder).as_posix()}": f for f in used}
        manifest = {
            "notebook": file.name,
            "files": {arcname: hashlib.sha256(f.read_bytes()).hexdigest() for arcname, f in members.items()},
            "fingerprint": _recorded_fingerprint(notebook),
            "rerun": "helpers.rerun.rerun_submission('<this zip>') re-runs the notebook with these files.",
        }
        target = folder / (name or f"submission_{file.stem}.zip")
        handle, tmp = tempfile.mkstemp(prefix=".submission.", suffix=".zip", dir=folder)
        os.close(handle)
        try:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                for arcname, member in members.items():
                    bundle.write(member, arcname)
                bundle.writestr("MANIFEST.json", json.dumps(manifest, indent=1, sort_keys=True))
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except Exception as exc:  # a learner must never see a traceback from packing
        print(f"🔎 Nothing packed ({type(exc).__name__}: {exc}). Fix: save your notebook and try again.")
        return None
    if unmet:
        print(f"⚠️ Warning: your notebook does not pass check_submission() yet (not met: {', '.join(unmet)}). "
              "I packed it anyway; run check_submission() to see the fixes, save, and pack again before you hand in.")
    print(f"📦 Packed {_shown(target)} with {file.name} and {len(used)} file(s) from my_work/:")
    for f in used:
        print(f"   - my_work/{f.relative_to(folder).as_posix()}")
    if left_out:
        print("   Left out: " + ", ".join(f"my_work/{f.relative_to(folder).as_posix()} ({why})" for f, why in left_out)
              + ". Add a file with extra=[...] if your notebook needs it.")
    ran_on = (manifest["fingerprint"] or {}).get("text_file")
    if ran_on and ran_on != COURSE_TEXT and not any(f.name == ran_on for f in used):
        print(f"   Not packed: the text your notebook ran on, {ran_on}, is not in my_work/. Copy it there and pack "
              "again, or hand it in beside the zip.")
    print("Hand in this zip file." if not unmet else "Hand in the zip only once check_submission() passes, or "
          "tell your instructor what is missing.")
    return Bundle(target)


# --------------------------------------------------------------------------- the rubric

def rubric(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The assignment rubric (``docs/rubric.md``) as a table: one row per criterion, one column per level.

    >>> rubric().columns.tolist()[:2]
    ['Criterion', 'Weight']
    """
    file = Path(path) if path is not None else course_root() / "docs" / "rubric.md"
    if not file.exists():
        raise FileNotFoundError(f"The rubric {file.name} is missing. Fix: restore docs/rubric.md from the course.")
    rows = [line.strip().strip("|").split("|") for line in file.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("|")]
    if len(rows) < 3:
        raise ValueError(f"{file.name} has no rubric table. Fix: keep its Markdown table (a header row, a --- row, rows).")
    header = [cell.strip() for cell in rows[0]]
    body = [[cell.strip().replace("**", "") for cell in row] for row in rows[2:]]
    return pd.DataFrame(body, columns=header)
