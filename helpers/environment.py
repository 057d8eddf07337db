"""Check the set-up: package versions and the course text's checksum (the environment fingerprint)."""

from __future__ import annotations

import hashlib
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from .text import COURSE_TEXT
from .workspace import data_file

COURSE_TEXT_SHA256 = "1427ceb52c61ef6357897a2a604ea0589ba11a50e0ce81201b36ef8d92eca560"
PACKAGES = ("jupyterlab", "matplotlib", "wordcloud", "pandas", "numpy", "nltk", "wordfreq", "pyyaml")


def sha256(path: Path) -> str:
    """The SHA-256 checksum of a file, as 64 hex digits.

    >>> sha256(data_file(COURSE_TEXT)) == COURSE_TEXT_SHA256
    True
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def versions() -> pd.DataFrame:
    """The Python version and the version of each course library (``not installed`` if missing).

    >>> versions().package.tolist()[:2]
    ['python', 'jupyterlab']
    """
    rows = [("python", platform.python_version())]
    for name in PACKAGES:
        try:
            rows.append((name, version(name)))
        except PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["package", "version"])


def check_text_checksum() -> None:
    """Print whether the course text is byte-identical to the one the course was written for."""
    digest = sha256(data_file(COURSE_TEXT))
    if digest == COURSE_TEXT_SHA256:
        print(f"✅ The course text data/{COURSE_TEXT} is intact (sha256 {digest[:12]}…).")
        return
    print(
        f"⚠️ data/{COURSE_TEXT} has changed (sha256 {digest[:12]}…, expected {COURSE_TEXT_SHA256[:12]}…). "
        f"Numbers in the notebooks may differ. Fix: 'git checkout -- data/{COURSE_TEXT}'."
    )


def fingerprint() -> dict:
    """Everything needed to reproduce a run: versions and the text's checksum.

    >>> fingerprint()["course_text_sha256"] == COURSE_TEXT_SHA256
    True
    """
    record = dict(versions().itertuples(index=False, name=None))
    record["course_text_sha256"] = sha256(data_file(COURSE_TEXT))
    return record
