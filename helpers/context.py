"""Context data for notebook 02: sources, a timeline and a glossary of formulations.

Three small CSV files in ``data/`` (described in ``data/README.md``):

* ``sources.csv``: ``id, author, title, publisher, date, url, kind, mirror``;
* ``timeline.csv``: ``date, event, sources`` (and an optional ``strand`` that
  groups events in the figure). ``date`` is ``YYYY-MM-DD``, or ``YYYY-MM`` where
  the sources give only the month; such dates are placed on the month's first
  day and marked ``precision == "month"``;
* ``glossary.csv``: ``term, chinese, pinyin, xinhua_english, gloss, sources,
  status``. ``term`` is the English exactly as the course text words it.

The loaders check what they read and raise ``FileNotFoundError``,
``ValueError`` or ``KeyError`` with a message that names the file, the line
and the fix. Source IDs in ``sources`` cells are separated by ``;``.

Finding a term in a text follows the course's one rule (:mod:`helpers.terms`):
case, quotation marks and other punctuation are ignored (``two miracles`` finds
``the "two miracles" of``), a term is found only as whole words (``security``
does not match ``cybersecurity``), and ``*`` stands for any letters inside a word.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd

from .terms import build_index, sentences_with_term
from .text import Speech, load_speech, tokenize  # noqa: F401 (load_speech: doctests)
from .workspace import data_file, read_text_file, resolve_path

SOURCE_COLUMNS = ("id", "author", "title", "publisher", "date", "url", "kind", "mirror")
TIMELINE_COLUMNS = ("date", "event", "sources")
GLOSSARY_COLUMNS = ("term", "chinese", "pinyin", "xinhua_english", "gloss", "sources", "status")
KINDS = ("official", "scholarly", "journalism", "reference", "unofficial translation", "blog", "NGO report", "software")
_SOURCE_ID = re.compile(r"S\d{2,3}")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def _path(path, default: str) -> Path:
    return data_file(default) if path is None else resolve_path(path)


def _read_rows(path: Path, required: tuple[str, ...], what: str) -> list[dict]:
    """Read a CSV file into a list of dicts, checking that it exists and has the required columns."""
    text = read_text_file(path, what)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [name.strip() for name in (reader.fieldnames or [])]
        raw = list(reader)
    except csv.Error as exc:
        raise ValueError(
            f"{path.name} could not be read as a UTF-8 CSV file ({exc}). "
            "Fix: save it as 'CSV UTF-8' with a header row."
        ) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise ValueError(
            f"{path.name} has no column {', '.join(repr(m) for m in missing)} (its header is "
            f"{', '.join(header) or 'empty'}). Fix: the first line must name the columns "
            f"{', '.join(required)}."
        )
    rows = []
    for number, row in enumerate(raw, start=2):
        if None in row or any(value is None for value in row.values()):
            raise ValueError(
                f"{path.name}, line {number}: the number of fields does not match the header. "
                "Fix: put double quotes around any field that contains a comma."
            )
        rows.append({key.strip(): value.strip() for key, value in row.items()})
    return rows


def split_ids(cell: str) -> list[str]:
    """Split a ``sources`` cell into IDs: ``"S01; S02"`` -> ``['S01', 'S02']``.

    >>> split_ids("S01; s02;")
    ['S01', 'S02']
    """
    return [part.strip().upper() for part in str(cell).split(";") if part.strip()]


def parse_date(value: str) -> tuple[pd.Timestamp, str] | None:
    """Parse ``YYYY-MM-DD`` (precision ``day``) or ``YYYY-MM`` (precision ``month``); None if invalid.

    >>> parse_date("2005-10")
    (Timestamp('2005-10-01 00:00:00'), 'month')
    >>> parse_date("2025-02-30") is None
    True
    """
    match = _DATE.fullmatch(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        when = pd.Timestamp(year=int(year), month=int(month), day=int(day or 1))
    except ValueError:
        return None
    return when, ("day" if day else "month")


def load_sources(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load and check ``sources.csv``; one row per source, indexed by nothing, sorted as in the file.

    >>> load_sources().loc[0, "id"]
    'S01'
    """
    file = _path(path, "sources.csv")
    rows = _read_rows(file, SOURCE_COLUMNS, "sources file")
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        where = f"{file.name}, line {number}"
        if not _SOURCE_ID.fullmatch(row["id"]):
            raise ValueError(f"{where}: {row['id']!r} is not a source ID. Fix: use S followed by two or three digits, e.g. S07.")
        if row["id"] in seen:
            raise ValueError(f"{where}: the ID {row['id']} is used twice. Fix: give each source its own ID.")
        seen.add(row["id"])
        if row["kind"] not in KINDS:
            raise ValueError(f"{where}: kind {row['kind']!r} is not known. Fix: use one of {', '.join(KINDS)}.")
        if row["mirror"] not in ("yes", "no"):
            raise ValueError(f"{where}: mirror {row['mirror']!r} must be yes or no. Fix: write yes if the page is a repost.")
        if row["date"] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]):
            raise ValueError(f"{where}: date {row['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD. Fix: write it so, or leave it empty.")
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))


def _check_sources(rows: list[dict], file: Path, known: set[str]) -> None:
    for number, row in enumerate(rows, start=2):
        ids = split_ids(row["sources"])
        if not ids:
            raise ValueError(
                f"{file.name}, line {number}: no source ID in the 'sources' column. "
                "Fix: add at least one ID from sources.csv, e.g. S02 (separate several with ;)."
            )
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(
                f"{file.name}, line {number}: source ID {', '.join(unknown)} is not in sources.csv. "
                "Fix: correct the ID, or add the source to sources.csv first."
            )


def load_timeline(path: str | os.PathLike | None = None,
                  sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load and check ``timeline.csv``; sorted by date, with ``when`` (a Timestamp) and ``precision``.

    >>> timeline = load_timeline()
    >>> timeline.iloc[0][["date", "precision"]].tolist()
    ['2002-12-26', 'day']
    """
    file = _path(path, "timeline.csv")
    rows = _read_rows(file, TIMELINE_COLUMNS, "timeline file")
    if not rows:
        raise ValueError(f"{file.name} has a header but no events. Fix: add one event per line.")
    known = set((load_sources() if sources is None else sources)["id"])
    for number, row in enumerate(rows, start=2):
        parsed = parse_date(row["date"])
        if parsed is None:
            raise ValueError(
                f"{file.name}, line {number}: {row['date']!r} is not a date. "
                "Fix: write YYYY-MM-DD, or YYYY-MM when only the month is known (e.g. 2005-10)."
            )
        row["when"], row["precision"] = parsed
        if not row["event"]:
            raise ValueError(f"{file.name}, line {number}: the event is empty. Fix: describe the event in a few words.")
    _check_sources(rows, file, known)
    columns = list(TIMELINE_COLUMNS) + (["strand"] if "strand" in rows[0] else []) + ["when", "precision"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["when", "event"], kind="stable").reset_index(drop=True)


def load_glossary(path: str | os.PathLike | None = None,
                  sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load and check ``glossary.csv``: every row has a term, a Chinese form, a status and known sources.

    >>> "Safe China" in set(load_glossary().term)
    True
    """
    file = _path(path, "glossary.csv")
    rows = _read_rows(file, GLOSSARY_COLUMNS, "glossary file")
    known = set((load_sources() if sources is None else sources)["id"])
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        where = f"{file.name}, line {number}"
        for column in ("term", "chinese", "status"):
            if not row[column]:
                raise ValueError(f"{where}: the column {column!r} is empty. Fix: fill it in "
                                 "(status is 'verified' or says what is not verified).")
        key = " ".join(tokenize(row["term"]))
        if key in seen:
            raise ValueError(f"{where}: the term {row['term']!r} is listed twice. Fix: keep one row per term.")
        seen.add(key)
    _check_sources(rows, file, known)
    return pd.DataFrame(rows, columns=list(GLOSSARY_COLUMNS))


def glossary_terms(path: str | os.PathLike | None = None) -> list[str]:
    """The terms of the glossary (default ``data/glossary.csv``, checked by :func:`load_glossary`), in file order.

    >>> "Safe China" in glossary_terms()
    True
    """
    return load_glossary(path).term.tolist()


def find_term(speech: Speech, term: str) -> list[str]:
    """The IDs of the sentences that contain ``term``, by the course's one rule (:mod:`helpers.terms`).

    >>> speech = load_speech()
    >>> find_term(speech, "two miracles")
    ['P3.S2']
    >>> find_term(speech, "SECURITY is also the hard truth")
    ['P4.S2']
    """
    return sentences_with_term(speech, term)[0]


def term_locations(speech: Speech, terms) -> pd.DataFrame:
    """Where each term occurs: one row per term with ``sentence_ids`` (comma-separated) and ``occurrences``.

    ``terms`` is a list of strings or a glossary DataFrame (its ``term`` column is used).
    Terms keep their order; a term not found gets an empty ``sentence_ids`` and 0.

    >>> term_locations(load_speech(), ["Safe China", "iron army"]).occurrences.tolist()
    [10, 1]
    """
    index = build_index(speech)
    if isinstance(terms, pd.DataFrame):
        terms = terms["term"].tolist()
    if isinstance(terms, str):
        terms = [terms]
    rows = []
    for term in terms:
        ids, counts = sentences_with_term(index, term)
        rows.append({"term": term, "sentence_ids": ", ".join(ids), "occurrences": sum(counts)})
    return pd.DataFrame(rows, columns=["term", "sentence_ids", "occurrences"])
