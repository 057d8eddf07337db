"""Every document the repository points to is in the repository.

A reference is a path ending in ``.md`` (``docs/design.md``, ``CONTRIBUTING.md``, a Markdown link), or the
name of a design or teaching document that lives outside the repository; in Python files only comments
and docstrings are read, and learner files (``my_work/...``) are not documents. It counts as found when it
exists relative to the file that names it or to the repository's root, or when a file of the
repository has that path at its end (``design.md`` for ``docs/design.md``).
"""

import ast
import io
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.I)
MD_PATH = re.compile(r"(?<![\w/.-])((?:\.\.?/)?[\w./-]*[\w-]\.md)\b")
# an embedded image (base64, as in a notebook's outputs): no reference is that long, and scanning it is slow
BASE64 = re.compile(r"[A-Za-z0-9+/=]{200,}")
# documents of the course's authors that were never part of the repository (built in pieces, so that this
# file does not name them itself)
OUTSIDE = re.compile(r"\b(?:" + "|".join(["DES" + "IGN", "BR" + "IEF", "PEDA" + "GOGY", "tooling" + "-notes",
                                          "context" + "-facts"]) + r")\b")


def _files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                check=True, capture_output=True, text=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of what a reader reads: every line, or in Python its comments and docstrings
    (a string such as ``"notes.md"`` in code is a file name in a test, not a reference)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []  # not text (an image, a zip)
    if path.suffix != ".py":
        return [(number, BASE64.sub(" ", line)) for number, line in enumerate(text.splitlines(), 1)]
    comments = [(t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type == tokenize.COMMENT]
    nodes = [node for node in ast.walk(ast.parse(text))
             if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    docstrings = [(node.body[0].lineno, ast.get_docstring(node) or "") for node in nodes if node.body]
    return comments + [(start + i, line) for start, doc in docstrings for i, line in enumerate(doc.splitlines())]


def missing_references(files: list[Path], root: Path = ROOT) -> list[str]:
    """``file:line: reference`` for every document reference that nothing in the repository answers.

    >>> import tempfile; folder = Path(tempfile.mkdtemp()); (folder / "a.md").write_text("see b.md and a.md")
    17
    >>> missing_references([folder / "a.md"], folder)
    ['a.md:1: b.md']
    """
    names = {f.relative_to(root).as_posix() for f in files}
    missing = []
    for path in files:
        for number, line in _prose(path):
            line = URL.sub(" ", line)
            for match in OUTSIDE.finditer(line):
                missing.append(f"{path.relative_to(root).as_posix()}:{number}: {match.group()}")
            for ref in MD_PATH.findall(line):
                if ref.startswith("my_work/") or ((path.parent / ref).exists() or (root / ref).exists()
                        or any(name == ref or name.endswith("/" + ref.lstrip("./")) for name in names)):
                    continue
                missing.append(f"{path.relative_to(root).as_posix()}:{number}: {ref}")
    return missing


def test_every_named_document_is_in_the_repository():
    files = [f for f in _files() if f != Path(__file__).resolve()]
    assert len(files) > 50
    missing = missing_references(files)
    assert not missing, "documents named but not in the repository:\n" + "\n".join(missing)


def test_the_design_and_methods_documents_are_there_and_pointed_to():
    for name in ("docs/design.md", "docs/methods.md"):
        assert (ROOT / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/design.md" in readme
