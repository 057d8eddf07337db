"""Measure the budgets of docs/design.md §8 and print them as one Markdown table.

Run from the course folder (it takes a few minutes; ``--quick`` skips the
pytest run and repeats less)::

    python -m helpers.benchmark
    python -m helpers.benchmark --quick
    python -m helpers.benchmark --long-text-only

What is measured, side by side in one run so that the ratios hold on any machine:

* every solution notebook in ``notebooks/solutions/``, executed top to bottom in
  a fresh kernel (nbclient), against a *bare* kernel that runs only the
  notebook's own import lines (the floor): wall time from kernel start to the
  last cell, and the kernel's peak memory (``VmHWM`` in ``/proc/<pid>/status``);
* each parameterised notebook (01, 04, 05, 07; solution and student versions) run on the generated
  200,000-word text of the test corpus (``tests/fixtures/corpus/make_long.py``) against its run on
  the course text: the difference is held against a budget of 20 s;
* the whole ``python -m pytest`` run (default options), as a subprocess;
* the helpers on a generated corpus of one million words (sentences of the course
  text resampled with a fixed seed), each beside a bare-Python floor and, where
  one exists, NLTK's equivalent. Times are the best of a few repeats, taken in turn
  (floor, NLTK, helper, floor, ...) so that all see the same machine load.

This is a tool, not a test: nothing here asserts a time. Linux only for memory
(elsewhere the memory column says "n/a").
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import dataclasses
import datetime
import gc
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from .text import Speech, load_speech, segment, sentences, tokenize
from .workspace import course_root

NOTEBOOK_BUDGET_S = 1.5
LONG_TEXT_WORDS = 200_000
LONG_TEXT_BUDGET_S = 20  # a parameterised notebook on LONG_TEXT_WORDS words, above its time on the course text
MEMORY_BUDGET_MB = 300
PYTEST_BUDGET_S = 120
FREQ_BUDGET = 1.5  # × re.findall + Counter
KWIC_BUDGET = 2.0  # × dict-of-positions lookup
KWIC_TERM = "security"
KWIC_WINDOW = 5
STABLE_ENV = {"IPYKERNEL_CELL_NAME": "<IPY-INPUT>", "PYTHONHASHSEED": "0"}


# --------------------------------------------------------------------------- helpers

def best_time(function: Callable, repeats: int = 3):
    """Run ``function`` ``repeats`` times; return (best seconds, last result).

    >>> seconds, result = best_time(lambda: sum(range(10)), repeats=2)
    >>> result, seconds >= 0
    (45, True)
    """
    best, result = math.inf, None
    with _settled_memory():
        for _ in range(repeats):
            gc.collect()
            start = time.perf_counter()
            result = function()
            best = min(best, time.perf_counter() - start)
    return best, result


@contextlib.contextmanager
def _settled_memory():
    """Collect garbage once, then freeze what exists: each ``gc.collect()`` inside only scans new objects."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def side_by_side(functions: dict, repeats: int = 3) -> dict:
    """Time several functions in turn, ``repeats`` rounds, so that all see the same machine load.

    Returns name -> (best seconds, last result).

    >>> sorted(side_by_side({"a": lambda: 1, "b": lambda: 2}, repeats=2))
    ['a', 'b']
    """
    best = {name: math.inf for name in functions}
    results = {}
    with _settled_memory():
        for _ in range(repeats):
            for name in best:
                gc.collect()
                start = time.perf_counter()
                results[name] = functions[name]()
                best[name] = min(best[name], time.perf_counter() - start)
    return {name: (best[name], results[name]) for name in best}


def make_corpus(n_words: int = 1_000_000, seed: int = 0, per_paragraph: int = 4) -> Speech:
    """A Speech of at least ``n_words`` tokens: course sentences drawn at random (fixed seed).

    >>> speech = make_corpus(500)
    >>> 500 <= len(tokenize(" ".join(speech.paragraphs))) < 600
    True
    """
    pool = sentences(load_speech()).text.tolist()
    lengths = [len(tokenize(s)) for s in pool]
    rng = random.Random(seed)
    picked, total = [], 0
    while total < n_words:
        i = rng.randrange(len(pool))
        picked.append(pool[i])
        total += lengths[i]
    paras = [" ".join(picked[i:i + per_paragraph]) for i in range(0, len(picked), per_paragraph)]
    return segment("\n\n".join(paras), source=f"benchmark corpus ({n_words} words, seed {seed})")


def notebook_imports(notebook) -> str:
    """The top-level import statements of a notebook's code cells, in order, without repeats.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas as pd\\nx = 1\\n%matplotlib inline"),
    ...                                      nbformat.v4.new_code_cell("from helpers.text import tokenize")])
    >>> print(notebook_imports(nb))
    import pandas as pd
    from helpers.text import tokenize
    """
    lines: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                statement = ast.unparse(node)
                if statement not in lines:
                    lines.append(statement)
    return "\n".join(lines)


def _kernel_pid(km) -> int | None:
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return getattr(process, "pid", None) or getattr(provisioner, "pid", None)


def peak_memory_mb(pid: int | None) -> float | None:
    """Peak resident memory (VmHWM) of a process in MB, from /proc; None where /proc is missing.

    >>> peak_memory_mb(os.getpid()) > 1
    True
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


# ------------------------------------------------------------------------ notebooks

async def _run_kernel(notebook, folder: Path) -> tuple[float, float | None]:
    from nbclient import NotebookClient
    from nbclient.util import ensure_async

    client = NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    client.reset_execution_trackers()
    start = time.perf_counter()
    async with client.async_setup_kernel():
        await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        for index, cell in enumerate(notebook.cells):
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        elapsed = time.perf_counter() - start
        memory = peak_memory_mb(_kernel_pid(client.km))
    return elapsed, memory


def with_text(notebook, text_path: Path):
    """The notebook with its ``parameters`` cell set to ``TEXT_PATH = text_path`` (as papermill would).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("TEXT_PATH = None")])
    >>> nb.cells[0].metadata["tags"] = ["parameters"]
    >>> with_text(nb, Path("/tmp/long.txt")).cells[0].source
    "TEXT_PATH = '/tmp/long.txt'"
    """
    marked = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    if not marked:
        raise ValueError("The notebook has no cell tagged 'parameters', so it cannot be run on another text.")
    marked[0].source = f"TEXT_PATH = {str(text_path)!r}"
    return notebook


def run_notebook(path: Path, imports_only: bool = False, text_path: Path | None = None) -> tuple[float, float | None]:
    """Execute a notebook (or only its import lines, or on another text) in a fresh kernel: (seconds, peak MB)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    if imports_only:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(notebook_imports(notebook))])
    if text_path is not None:
        notebook = with_text(notebook, text_path)
    os.environ["COURSE_MY_WORK"] = tempfile.mkdtemp(prefix="my_work_bench_")
    return asyncio.run(_run_kernel(notebook, path.parent))


def _best_runs(path: Path, repeats: int):
    """Bare kernel and notebook, alternated so that both see the same machine load; best time, peak memory."""
    bare, full = [], []
    for _ in range(repeats):
        bare.append(run_notebook(path, imports_only=True))
        full.append(run_notebook(path))

    def best(runs):
        memories = [r[1] for r in runs if r[1] is not None]
        return min(r[0] for r in runs), (max(memories) if memories else None)

    return best(bare), best(full)


def notebook_rows(repeats: int) -> list[list[str]]:
    os.environ.update(STABLE_ENV)
    os.environ.setdefault("COURSE_ROOT", str(course_root()))
    os.environ.pop("MPLBACKEND", None)
    rows, total_nb, total_bare, failed = [], 0.0, 0.0, False
    for path in sorted((course_root() / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb")):
        name = f"notebook {path.stem}"
        try:
            (bare, bare_mb), (seconds, peak_mb) = _best_runs(path, repeats)
        except Exception as exc:  # a half-finished notebook must not stop the benchmark
            rows.append([name, f"failed: {type(exc).__name__}", "", "", f"≤ +{NOTEBOOK_BUDGET_S} s", "no"])
            failed = True
            continue
        total_nb, total_bare = total_nb + seconds, total_bare + bare
        extra = seconds - bare
        rows.append([f"{name}: wall time", f"{seconds:.2f} s", f"bare kernel, same imports {bare:.2f} s",
                     f"{extra:+.2f} s (×{seconds / bare:.2f})", f"≤ +{NOTEBOOK_BUDGET_S} s",
                     _ok(extra <= NOTEBOOK_BUDGET_S)])
        if peak_mb is None:
            rows.append([f"{name}: peak memory", "n/a (no /proc)", "", "", f"≤ {MEMORY_BUDGET_MB} MB", "?"])
        else:
            rows.append([f"{name}: peak memory", f"{peak_mb:.0f} MB", f"bare kernel {bare_mb:.0f} MB",
                         f"{peak_mb - bare_mb:+.0f} MB", f"≤ {MEMORY_BUDGET_MB} MB", _ok(peak_mb <= MEMORY_BUDGET_MB)])
    if total_bare:
        rows.append(["whole course (sum of notebooks)", f"{total_nb:.2f} s", f"bare kernels {total_bare:.2f} s",
                     f"{total_nb - total_bare:+.2f} s (×{total_nb / total_bare:.2f})", "—",
                     "—" if failed else "see rows"])
    return rows


def make_long_text(folder: Path, words: int = LONG_TEXT_WORDS) -> Path:
    """Write the test corpus's generated long text (``tests/fixtures/corpus/make_long.py``) into ``folder``."""
    target = folder / "long_generated.txt"
    script = course_root() / "tests" / "fixtures" / "corpus" / "make_long.py"
    subprocess.run([sys.executable, str(script), str(target), "--words", str(words)], check=True,
                   capture_output=True)
    return target


def parameterised_notebooks() -> list[Path]:
    """The notebooks with a ``parameters`` cell, solution versions first, then the student versions.

    >>> [p.name[:2] for p in parameterised_notebooks()][:4]
    ['01', '04', '05', '07']
    """
    import json

    found = []
    for folder in (course_root() / "notebooks" / "solutions", course_root() / "notebooks"):
        for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            if any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells):
                found.append(path)
    return found


def long_text_rows() -> list[list[str]]:
    """Each parameterised notebook, both versions, on the generated 200,000-word text against the course text.

    A notebook that raises on either text gets a row that says so (and where), not a time.
    """
    text = make_long_text(Path(tempfile.mkdtemp(prefix="long_text_")))
    rows = []
    for path in parameterised_notebooks():
        version = "solution" if path.parent.name == "solutions" else "student"
        name = f"notebook {path.stem} ({version}) on {LONG_TEXT_WORDS:,} words"
        try:
            course, _ = run_notebook(path)
            seconds, _ = run_notebook(path, text_path=text)
        except Exception as exc:  # a notebook that stops must not stop the benchmark
            message = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()  # the traceback's terminal colours
            first = message.splitlines()[-1][:120] if message else ""
            rows.append([name, f"failed: {type(exc).__name__} {first}".strip(), "", "",
                         f"≤ +{LONG_TEXT_BUDGET_S} s", "**no**"])
            continue
        rows.append([name, f"{seconds:.2f} s", f"course text {course:.2f} s", f"{seconds - course:+.2f} s",
                     f"≤ +{LONG_TEXT_BUDGET_S} s", _ok(seconds - course <= LONG_TEXT_BUDGET_S)])
    return rows


# ------------------------------------------------------------------------ pytest

def pytest_row() -> list[str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=course_root(),
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    summary = lines[-1].strip("= ") if lines else f"exit code {done.returncode}"
    return ["`python -m pytest` (whole suite)", f"{seconds:.1f} s", summary, "", f"≤ {PYTEST_BUDGET_S} s",
            _ok(seconds <= PYTEST_BUDGET_S)]


# ------------------------------------------------------------------------ 1 M words

_FLOOR_TOKEN = re.compile(r"\w+(?:[-']\w+)*")


def _floor_frequency(text: str):
    counter = Counter(_FLOOR_TOKEN.findall(text.lower()))
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _floor_index(toks: list[str]) -> dict[str, list[int]]:
    index = defaultdict(list)
    for position, token in enumerate(toks):
        index[token].append(position)
    return index


def _floor_kwic(toks, index, term=KWIC_TERM, window=KWIC_WINDOW):
    return [(p, " ".join(toks[max(p - window, 0):p]), toks[p], " ".join(toks[p + 1:p + 1 + window]))
            for p in index.get(term, [])]


def _floor_keyness(toks, min_count=3, floor=1e-9):
    from wordfreq import word_frequency

    n = len(toks)
    rows = []
    for word, a in Counter(toks).items():
        if a < min_count:
            continue
        p = max(word_frequency(word, "en", wordlist="small", minimum=0.0), floor)
        e = n * p
        g2 = 2 * (a * math.log(a / e) + ((n - a) * math.log((n - a) / (n - e)) if n > a else 0.0))
        rows.append((word, a, g2))
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def _floor_collocates(toks):
    n = len(toks)
    unigrams, bigrams = Counter(toks), Counter(zip(toks, toks[1:]))
    scores = [((w1, w2), math.log2(c * n / (unigrams[w1] * unigrams[w2]))) for (w1, w2), c in bigrams.items()]
    return sorted(scores, key=lambda s: (-s[1], s[0]))


def corpus_rows(repeats: int, n_words: int = 1_000_000) -> list[list[str]]:
    import nltk
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    from .concordance import bigram_collocates, build_index, kwic
    from .counting import frequency_table, keyness_general

    speech = make_corpus(n_words)
    text = "\n".join(speech.paragraphs)
    toks = tokenize(text)
    label = f"{len(toks) / 1e6:.2f} M words"
    rows = []

    # tokenize + frequency table
    timed = side_by_side({"floor": lambda: _floor_frequency(text), "nltk": lambda: nltk.FreqDist(toks).most_common(),
                          "helper": lambda: frequency_table(speech)}, repeats)
    floor, nltk_fd, helper = timed["floor"][0], timed["nltk"][0], timed["helper"][0]
    rows.append([f"{label}: tokenize + frequency table (`counting.frequency_table`)", f"{helper:.3f} s",
                 f"floor re.findall + Counter {floor:.3f} s; NLTK FreqDist (tokens given) {nltk_fd:.3f} s",
                 f"×{helper / floor:.2f} floor; ×{helper / nltk_fd:.2f} NLTK",
                 f"≤ ×{FREQ_BUDGET} floor and < NLTK", _ok(helper <= FREQ_BUDGET * floor and helper < nltk_fd)])

    # one KWIC query (the first query on a text builds its index: timed in its own row, on fresh copies)
    build, index = best_time(lambda: _floor_index(toks), repeats)
    kwic(speech, KWIC_TERM)
    timed = side_by_side({"floor": lambda: _floor_kwic(toks, index),
                          "helper": lambda: kwic(speech, KWIC_TERM, window=KWIC_WINDOW)}, repeats)
    floor, floor_lines = timed["floor"]

    def nltk_cold():
        return nltk.Text(toks).concordance_list(KWIC_TERM, width=80, lines=10**9)

    nltk_time, _ = best_time(nltk_cold, repeats)
    copies = iter([dataclasses.replace(speech, source=f"{speech.source}, copy {i}") for i in range(repeats)])
    cold, _ = best_time(lambda: build_index(next(copies)), repeats)
    rows.append([f"{label}: index for KWIC and collocates, built once per text (`concordance.build_index`)",
                 f"{cold:.3f} s", f"floor dict-of-positions from given tokens {build:.3f} s; "
                 f"tokenizing alone (floor) is in the first corpus row", f"×{cold / build:.2f} floor",
                 "none in §8 (the floor is built once too)", "—"])
    helper, table = timed["helper"]
    rows.append([f"{label}: one KWIC query, {len(table)} hits, positions + lines (`concordance.kwic`)",
                 f"{helper:.3f} s",
                 f"floor dict-of-positions {floor:.3f} s ({len(floor_lines)} hits); "
                 f"NLTK concordance_list cold {nltk_time:.3f} s",
                 f"×{helper / floor:.2f} floor; ×{helper / nltk_time:.2f} NLTK",
                 f"≤ ×{KWIC_BUDGET} floor", _ok(helper <= KWIC_BUDGET * floor)])

    # keyness
    _floor_keyness(toks[:1000])  # load wordfreq's list once, for both
    keyness_general(toks[:1000])
    timed = side_by_side({"floor": lambda: _floor_keyness(toks), "helper": lambda: keyness_general(toks)}, repeats)
    floor, helper = timed["floor"][0], timed["helper"][0]
    rows.append([f"{label}: keyness vs wordfreq (`counting.keyness_general`, tokens given)", f"{helper:.3f} s",
                 f"floor Counter + G² loop {floor:.3f} s; NLTK has none", f"×{helper / floor:.2f} floor",
                 "none in §8", "—"])

    # bigram collocates
    def nltk_collocates():
        finder = BigramCollocationFinder.from_words(toks)
        return finder.score_ngrams(BigramAssocMeasures.pmi)

    fresh = dataclasses.replace(speech, source=f"{speech.source}, for collocates")
    start = time.perf_counter()
    bigram_collocates(fresh, within_sentence=False)  # tokenizes the text and builds its index first
    cold = time.perf_counter() - start
    timed = side_by_side({"from_words": lambda: BigramCollocationFinder.from_words(toks), "scored": nltk_collocates,
                          "floor": lambda: _floor_collocates(toks),
                          "helper": lambda: bigram_collocates(fresh, within_sentence=False)}, repeats)
    nltk_from_words, nltk_scored, floor = timed["from_words"][0], timed["scored"][0], timed["floor"][0]
    helper = timed["helper"][0]
    rows.append([f"{label}: bigram collocates with scores (`concordance.bigram_collocates`)",
                 f"{helper:.3f} s with the index built; {cold:.3f} s on a new text (tokenize + index + scores)",
                 f"floor Counter + PMI {floor:.3f} s; NLTK from_words {nltk_from_words:.3f} s "
                 f"(+ score_ngrams(pmi) {nltk_scored:.3f} s)",
                 f"×{helper / nltk_from_words:.2f} NLTK from_words (×{cold / nltk_from_words:.2f} on a new text); "
                 f"×{helper / floor:.2f} floor", "≤ NLTK from_words", _ok(cold <= nltk_from_words)])
    return rows


# ------------------------------------------------------------------------ table

def _ok(condition: bool) -> str:
    return "yes" if condition else "**no**"


def header() -> str:
    """One line: date, Python, CPUs, machine.

    >>> header().startswith("Benchmark run on ")
    True
    """
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " · load average at start {:.1f}".format(os.getloadavg()[0])
    except (AttributeError, OSError):
        load = ""
    return (f"Benchmark run on {datetime.date.today().isoformat()} · Python {platform.python_version()} · "
            f"{os.cpu_count()} CPUs · {platform.system()} {platform.machine()} ({cpu}){load}")


def markdown_table(rows: list[list[str]]) -> str:
    """Render rows as a Markdown table with the benchmark's columns.

    >>> print(markdown_table([["a", "1 s", "", "", "", "yes"]]))
    | what | measured | floor / comparison | ratio or difference | budget (§8) | within |
    |---|---|---|---|---|---|
    | a | 1 s |  |  |  | yes |
    """
    head = ["what", "measured", "floor / comparison", "ratio or difference", "budget (§8)", "within"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the pytest run and repeat each measure less")
    parser.add_argument("--words", type=int, default=1_000_000, help="size of the generated corpus")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook runs")
    parser.add_argument("--long-text-only", action="store_true",
                        help="only the parameterised notebooks on the 200,000-word text against the course text")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 5
    first_line = header()  # before the measurements, so the load average is the one they started under
    if args.long_text_only:
        print(first_line, markdown_table(long_text_rows()), sep="\n\n")
        return 0
    rows = []
    if not args.no_notebooks:
        rows += notebook_rows(repeats=1 if args.quick else 3)
        rows += long_text_rows()
    if not args.quick:
        rows.append(pytest_row())
    rows += corpus_rows(repeats, args.words)
    print(first_line)
    print()
    print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
