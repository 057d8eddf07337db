"""The reader's edition (helpers/site.py): a Jupyter Book 1.x website of the solution notebooks.

The builds are marked ``site``; plain ``python -m pytest`` leaves them out. Run them with::

    python -m pip install -e ".[test,site]" -c requirements-lock.txt
    python -m pytest tests/test_site.py -m site -n 0 -rs

Without jupyter-book they are skipped with the reason (``-rs`` shows it); with
``COURSE_REQUIRE_SLOW_TESTS=1`` (set by .ci/run) they fail instead. The checker itself is
tested on hand-made pages in the default run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import site

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def _only_when_asked_for(request):
    """The builds run only when the marker is named (-m site), even if addopts were overridden (-o addopts=)."""
    if not re.search(r"(?<!not )\bsite\b", request.config.getoption("markexpr") or ""):
        pytest.skip("site test skipped: select it with -m site (it builds the website twice, about 30 s)")


def _require_jupyter_book():
    try:
        site.jupyter_book()
    except FileNotFoundError as exc:
        reason = f"reader's edition not built: {exc}"
        if os.environ.get("COURSE_REQUIRE_SLOW_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.site
def test_reader_edition_builds_from_clean_with_every_page_link_and_figure(tmp_path, _only_when_asked_for):
    _require_jupyter_book()
    html_dir, problems = site.build(ROOT, tmp_path / "reader")
    assert not problems, "\n".join(problems)
    # the same promises, checked directly on the files
    pages = [html_dir / "notebooks" / "solutions" / f"{p.stem}.html" for p in SOLUTIONS]
    if (ROOT / "docs" / "instructor_guide.md").exists():
        pages.append(html_dir / "docs" / "instructor_guide.html")
    assert all(page.exists() for page in pages)
    home = (html_dir / "intro.html").read_text(encoding="utf-8")
    assert "How to start" in home and "minutes" in home
    for path, page in zip(SOLUTIONS, pages):
        descriptions = [text for _, text in site.figures(json.loads(path.read_text(encoding="utf-8")))]
        assert all(descriptions), f"{path.name}: a figure without a **Figure description:** cell"
        assert site._parse(page).images == descriptions, f"{page.name}: the figures' alt text is not their description"
    # formulas render offline: MathJax is a local file, and no page asks the web for a script
    assert (html_dir / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000
    parsed = [site._parse(page) for page in pages]
    assert any(p.has_math for p in parsed), "no page has a formula, so the offline check proves nothing"
    for page, p in zip(pages, parsed):
        remote = [src for src in p.scripts if src.startswith(("http:", "https:", "//"))]
        assert not remote, f"{page.name} loads {remote}"
        if p.has_math:
            assert any(src.endswith("_static/mathjax/tex-chtml.js") for src in p.scripts), page.name


@pytest.mark.site
def test_build_fails_on_a_broken_link_a_missing_description_and_a_missing_page(tmp_path, _only_when_asked_for):
    _require_jupyter_book()
    root = tmp_path / "course"
    shutil.copytree(ROOT / "site", root / "site")
    (root / "notebooks" / "solutions").mkdir(parents=True)
    notebook = json.loads(SOLUTIONS[0].read_text(encoding="utf-8"))
    figure, _ = site.figures(notebook)[0]
    notebook["cells"][figure + 1]["source"] = "A bar chart."  # no longer a **Figure description:**
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "[Gone](99_gone.ipynb)"})
    (root / "notebooks" / "solutions" / SOLUTIONS[0].name).write_text(json.dumps(notebook), encoding="utf-8")
    html_dir, problems = site.build(root, tmp_path / "reader")
    report = "\n".join(problems)
    assert "jupyter-book build failed" in report and "99_gone.ipynb" in report
    assert "figure 1 has no **Figure description:** cell after it" in report
    (html_dir / "notebooks" / "solutions" / f"{SOLUTIONS[0].stem}.html").unlink()
    assert f"missing page: notebooks/solutions/{SOLUTIONS[0].stem}.html" in site.check_site(html_dir, ["intro", f"notebooks/solutions/{SOLUTIONS[0].stem}"], {})


def _page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_checker_finds_broken_links_missing_alt_text_and_missing_navigation(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(b"png")
    _page(tmp_path / "intro.html", '<a href="nb/one.html">one</a> <a class="right-next" href="nb/one.html">next</a>')
    _page(tmp_path / "nb" / "one.html", '<img src="../_images/a.png" alt="_images/a.png"> <a href="two.html">2</a>'
          ' <a href="../intro.html#nowhere">up</a> <img src="../_images/missing.png" alt="B">')
    problems = site.check_site(tmp_path, ["intro", "nb/one", "nb/two"], {"nb/one": ["Bars.", "Lines."]})
    assert problems == [
        "missing page: nb/two.html",
        "broken link in nb/one.html: two.html",
        "broken link in nb/one.html: ../intro.html#nowhere (no such anchor)",
        "broken link in nb/one.html: ../_images/missing.png",
        "nb/one.html has no 'next' link to nb/two.html",
        "nb/one.html: figure 1 alt text '_images/a.png' is not its description 'Bars.'",
        "nb/one.html: figure 2 alt text 'B' is not its description 'Lines.'",
    ]


def test_checker_accepts_a_good_site(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(b"png")
    _page(tmp_path / "intro.html", '<a class="right-next" href="nb/one.html">next</a> <a href="#top" id="top">top</a>')
    _page(tmp_path / "nb" / "one.html", '<img src="../_images/a.png" alt="Bars, one per\n paragraph.">'
          ' <a href="../intro.html#top">up</a> <a href="https://example.org">out</a>')
    assert site.check_site(tmp_path, ["intro", "nb/one"], {"nb/one": ["Bars, one per paragraph."]}) == []


def test_checker_flags_scripts_from_the_web_and_formulas_without_local_mathjax(tmp_path):
    (tmp_path / "_static" / "mathjax").mkdir(parents=True)
    (tmp_path / "_static" / "mathjax" / "tex-chtml.js").write_text("// MathJax", encoding="utf-8")
    math = '<span class="math notranslate nohighlight">\\(G^2\\)</span>'
    _page(tmp_path / "intro.html", '<a class="right-next" href="one.html">next</a>'
          '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>' + math)
    _page(tmp_path / "one.html", '<script src="_static/mathjax/tex-chtml.js"></script>' + math)
    assert site.check_site(tmp_path, ["intro", "one"], {}) == [
        "intro.html loads a script from the web: https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js",
        "intro.html has formulas but no local MathJax script",
    ]
