"""Build the reader's edition: an offline website of the solution notebooks with their stored outputs.

Needs the optional ``site`` extra (Jupyter Book 1.x), then, from the course folder::

    python -m pip install -e ".[test,site]" -c requirements-lock.txt
    python -m helpers.site             # builds _build/reader/_build/html/index.html, then checks it

Nothing is executed: the pages show the outputs stored in ``notebooks/solutions/``. The builder copies
``site/_config.yml``, ``site/intro.md`` (with a table of the sequence made from the notebooks'
headers), every ``notebooks/solutions/NN_*.ipynb`` and ``docs/instructor_guide.md`` (if it exists)
into ``_build/reader/``, writes ``_toc.yml`` there, sets each figure's alt text to its
**Figure description:**, builds from clean with warnings treated as errors, and then checks the HTML:
every page present, every internal link resolving, every figure carrying its description.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .workspace import course_root

DESCRIPTION = "**Figure description:**"
GUIDE = Path("docs") / "instructor_guide.md"


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def plain_text(markdown: str) -> str:
    """Markdown of a figure description -> the plain sentence(s) used as alt text.

    >>> plain_text("**Figure description:** A *bar* chart of `P1` to [P8](#p8),\\n one bar each.")
    'A bar chart of P1 to P8, one bar each.'
    """
    text = markdown.replace(DESCRIPTION, "", 1)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*`]+", "", text)
    return " ".join(text.split())


def figures(notebook: dict) -> list[tuple[int, str]]:
    """(index of the figure's code cell, its description as plain text) for every cell with an image output.

    A figure without a description cell right after it gets an empty description.

    >>> nb = {"cells": [{"cell_type": "code", "source": "fig = f()", "outputs": [{"data": {"image/png": "x"}}]},
    ...                 {"cell_type": "markdown", "source": "**Figure description:** Bars."}]}
    >>> figures(nb)
    [(0, 'Bars.')]
    """
    cells = notebook["cells"]
    found = []
    for i, cell in enumerate(cells):
        if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            nxt = cells[i + 1] if i + 1 < len(cells) else {"cell_type": "code", "source": ""}
            described = nxt["cell_type"] == "markdown" and _source(nxt).startswith(DESCRIPTION)
            found.append((i, plain_text(_source(nxt)) if described else ""))
    return found


def header(notebook: dict) -> dict:
    """Title, time and core question from a notebook's first cell.

    >>> header({"cells": [{"source": "# 01 · Close reading\\n\\n**Core question:** Who speaks?\\n\\n| **Time** | 60 minutes |"}]})
    {'title': '01 · Close reading', 'time': '60 minutes', 'question': 'Who speaks?'}
    """
    first = _source(notebook["cells"][0])
    title = re.search(r"^# (.+)$", first, re.M)
    minutes = re.search(r"\|\s*\*\*Time\*\*\s*\|\s*([^|]+?)\s*\|", first)
    question = re.search(r"\*\*Core question:\*\*\s*(.+)", first)
    return {"title": title.group(1).strip() if title else "",
            "time": minutes.group(1) if minutes else "",
            "question": question.group(1).strip() if question else ""}


def stage(root: Path, dest: Path) -> list[str]:
    """Copy the book's sources into ``dest`` (emptied first); return the page names in reading order.

    >>> stage(course_root(), Path("_build/reader"))  # doctest: +SKIP
    ['intro', 'notebooks/solutions/00_start_here', ..., 'docs/instructor_guide']
    """
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "notebooks" / "solutions").mkdir(parents=True)
    shutil.copyfile(root / "site" / "_config.yml", dest / "_config.yml")
    rows, chapters = [], []
    for path in sorted((root / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for i, description in figures(notebook):
            notebook["cells"][i].setdefault("metadata", {})["mystnb"] = {"image": {"alt": description}}
        for cell in notebook["cells"]:
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if "colab-setup" in tags:
                tags.append("remove-cell")
        (dest / "notebooks" / "solutions" / path.name).write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8", newline="\n")
        info = header(notebook)
        page = f"notebooks/solutions/{path.stem}"
        chapters.append(page)
        question = info["question"].replace("|", "\\|")
        rows.append(f"| [{info['title'] or path.stem}]({page}.ipynb) | {question} | {info['time']} |")
    if not chapters:
        raise FileNotFoundError(f"No solution notebooks (NN_*.ipynb) in {root / 'notebooks' / 'solutions'}; there is nothing to build.")
    table = "\n".join(["| Notebook | Core question | Time |", "|---|---|---|", *rows])
    intro = (root / "site" / "intro.md").read_text(encoding="utf-8")
    intro = re.sub(r"^<!-- SEQUENCE:.*-->$", lambda _: table, intro, count=1, flags=re.M)
    (dest / "intro.md").write_text(intro, encoding="utf-8", newline="\n")
    toc = ["format: jb-book", "root: intro", "parts:", "  - caption: Notebooks", "    chapters:"]
    toc += [f"      - file: {page}" for page in chapters]
    pages = ["intro", *chapters]
    if (root / GUIDE).exists():
        (dest / "docs").mkdir()
        shutil.copyfile(root / GUIDE, dest / GUIDE)
        toc += ["  - caption: For instructors", "    chapters:", "      - file: docs/instructor_guide"]
        pages.append("docs/instructor_guide")
    (dest / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8", newline="\n")
    return pages


class _Page(html.parser.HTMLParser):
    """Links, ids, images (with alt) and the 'next page' link of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.images, self.next = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if "right-next" in (attrs.get("class") or "").split():
                self.next = attrs["href"]
        if tag in ("img", "script") and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and "_images/" in (attrs.get("src") or ""):
            self.images.append(" ".join((attrs.get("alt") or "").split()))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def check_site(html_dir: Path, pages: list[str], expected_figures: dict[str, list[str]]) -> list[str]:
    """Problems in a built site: missing pages, broken internal links, figures without their description.

    ``pages`` are page names in reading order; ``expected_figures`` maps a page name to its figure
    descriptions, in order. An empty list means the site is fine.

    >>> check_site(Path("/nonexistent"), ["intro"], {})
    ['missing page: intro.html']
    """
    problems = []
    parsed = {}
    for name in pages:
        path = html_dir / f"{name}.html"
        if path.exists():
            parsed[name] = _parse(path)
        else:
            problems.append(f"missing page: {name}.html")
    for other in sorted(html_dir.rglob("*.html")) if html_dir.exists() else []:
        if "_static" in other.relative_to(html_dir).parts:  # theme templates, not pages
            continue
        name = other.relative_to(html_dir).with_suffix("").as_posix()
        page = parsed.get(name) or _parse(other)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "#")) or not parts.path:
                continue
            target = (other.parent / unquote(parts.path)).resolve()
            if not target.exists():
                problems.append(f"broken link in {name}.html: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                problems.append(f"broken link in {name}.html: {link} (no such anchor)")
    home = parsed.get(pages[0]) if pages else None
    for i, name in enumerate(pages):
        if name not in parsed:
            continue
        if home is not None and i and not any(urlsplit(link).path.endswith(f"{name}.html") for link in home.links):
            problems.append(f"the home page does not link to {name}.html")
        if i + 1 < len(pages) and (parsed[name].next or "").split("#")[0].split("/")[-1] != f"{pages[i + 1].split('/')[-1]}.html":
            problems.append(f"{name}.html has no 'next' link to {pages[i + 1]}.html")
        want = expected_figures.get(name, [])
        got = parsed[name].images
        if len(got) != len(want):
            problems.append(f"{name}.html shows {len(got)} figure(s); the notebook has {len(want)}")
        for k, (alt, description) in enumerate(zip(got, want), start=1):
            if not description:
                problems.append(f"{name}.html: figure {k} has no **Figure description:** cell after it")
            elif alt != description:
                problems.append(f"{name}.html: figure {k} alt text {alt[:60]!r} is not its description {description[:60]!r}")
    return problems


def jupyter_book() -> str:
    """Path of the ``jupyter-book`` command of this Python, or a clear error if the extra is missing."""
    found = Path(sys.executable).with_name("jupyter-book")
    found = str(found) if found.exists() else shutil.which("jupyter-book")
    if not found:
        raise FileNotFoundError(
            "jupyter-book is not installed. Fix: python -m pip install -e \".[test,site]\" -c requirements-lock.txt"
        )
    return found


def build(root: Path | None = None, dest: Path | None = None) -> tuple[Path, list[str]]:
    """Stage, build from clean (warnings are errors) and check; return the HTML folder and the problems.

    >>> build()  # doctest: +SKIP
    (PosixPath('.../_build/reader/_build/html'), [])
    """
    root = Path(root or course_root())
    dest = Path(dest or root / "_build" / "reader")
    command = jupyter_book()
    pages = stage(root, dest)
    result = subprocess.run([command, "build", str(dest), "--builder", "html", "--warningiserror", "--keep-going"],
                            capture_output=True, text=True)
    html_dir = dest / "_build" / "html"
    problems = []
    if result.returncode != 0:
        log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
        warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        problems.append("jupyter-book build failed:\n" + "\n".join(warnings or log.splitlines()[-20:]))
    expected = {}
    for name in pages:
        if name.startswith("notebooks/"):
            notebook = json.loads((dest / f"{name}.ipynb").read_text(encoding="utf-8"))
            expected[name] = [text for _, text in figures(notebook)]
    problems += check_site(html_dir, pages, expected)
    return html_dir, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the book's sources and build (default: _build/reader)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        html_dir, problems = build(dest=args.out)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    print(f"{'FAILED' if problems else 'built'} in {time.perf_counter() - started:.1f} s: {html_dir / 'index.html'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
