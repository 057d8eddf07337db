"""Theme coding: codebooks, coding sheets, disagreements, co-occurrence and exports.

A **codebook** is a YAML file (``data/codebook_v0.yml`` to ``data/codebook_v2.yml``) with a
``version`` and a list of ``codes`` (the course's v1 and v2 also have a ``changelog``). To code with it,
every code needs :data:`REQUIRED_FIELDS` (``key``, ``name``, ``short_definition``: a thin codebook such as
v0); the rules table, the REFI-QDA export and a dictionary need more of :data:`CODE_FIELDS` and say which
(:func:`require_fields`). All codes have the same fields. A code's ``key`` names its column in coding sheets.

A **coding sheet** is a CSV file with a ``sentence_id`` column, then one column per
code key holding 1 (the sentence has the code) or 0 (it does not); ``1.0`` and ``0.0``,
as a spreadsheet or pandas may save them, are read as 1 and 0. A sentence may
carry several codes, or none. Learner sheets may also keep a ``text`` and a ``memo``
column; those are ignored when the sheet is read.

Learner files go to ``my_work/`` (:func:`helpers.workspace.my_work_dir`); nothing
here writes to ``data/``, and a sheet with work in it is never overwritten.

>>> book = load_codebook(version=1)
>>> book["version"], len(book["codes"]), book["codes"][0]["key"]
(1, 11, 'guiding_concept')
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import uuid
import warnings
from pathlib import Path
from typing import Mapping
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from .text import load_speech, sentences
from .workspace import data_file, my_work_dir, read_text_file, read_yaml_file, resolve_path, write_atomic

CODE_FIELDS = ("key", "name", "short_definition", "full_definition", "when_to_use", "when_not_to_use",
               "example", "near_miss", "indicators")
REQUIRED_FIELDS = ("key", "name", "short_definition")  # enough to code with (a "thin" codebook such as v0)
CODEBOOK_COLUMN = "codebook"  # a sheet's record of the codebook it was made with (codebook_fingerprint)
EXTRA_SHEET_COLUMNS = ("text", "memo", CODEBOOK_COLUMN)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- codebooks


def _course_ids(speech=None) -> list[str]:
    return sentences(speech if speech is not None else load_speech()).sentence_id.tolist()


def load_codebook(path: str | os.PathLike | None = None, version: int = 1, speech=None) -> dict:
    """Read and validate a codebook; with no path, the course's ``data/codebook_v{version}.yml``.

    Checks: every code has at least ``key``, ``name`` and ``short_definition`` (enough to code with:
    ``version=0`` is such a thin codebook), and every code has the same fields, none of them empty; keys
    are snake_case and unique, names are unique, ``indicators`` (if given) is a list of words or phrases,
    and the example and near-miss sentence IDs (if given) exist in the text (``speech``; default the course
    text). Errors name the code and the fix. Uses that need more fields (the rules table, the REFI export,
    a dictionary) ask for them with :func:`require_fields`.

    >>> load_codebook(version=1)["codes"][2]["name"]
    'Party leadership'
    """
    file = data_file(f"codebook_v{version}.yml") if path is None else resolve_path(path)
    book = read_yaml_file(file, "codebook", "check the indentation and that text containing a colon is in quotes")
    return validate_codebook(book, source=file.name, speech=speech)


def validate_codebook(book, source: str = "codebook", speech=None) -> dict:
    """Check a codebook already read into a dict (see :func:`load_codebook`); returns it unchanged.

    >>> validate_codebook({"version": 1, "codes": []})
    Traceback (most recent call last):
    ...
    ValueError: codebook has no codes. Fix: list at least one code under 'codes:'.
    """
    if not isinstance(book, dict):
        raise ValueError(f"{source} should hold a mapping with 'version', 'changelog' and 'codes'. "
                         "Fix: compare it with data/codebook_v1.yml.")
    for field in ("version", "codes"):
        if field not in book:
            raise ValueError(f"{source} has no '{field}'. Fix: add '{field}:' at the top level.")
    codes = book["codes"]
    if not isinstance(codes, list) or not codes:
        raise ValueError(f"{source} has no codes. Fix: list at least one code under 'codes:'.")
    ids = set(_course_ids(speech))
    seen_keys, seen_names = {}, {}
    first_fields = None
    for number, code in enumerate(codes, start=1):
        label = code.get("key", f"number {number}") if isinstance(code, dict) else f"number {number}"
        if not isinstance(code, dict):
            raise ValueError(f"Code {label} in {source} is not a mapping of fields. Fix: give it 'key:', 'name:' and so on.")
        fields = {f for f in CODE_FIELDS if f in code}
        first_fields = fields if first_fields is None else first_fields
        missing = [f for f in CODE_FIELDS if f in (REQUIRED_FIELDS + tuple(first_fields))
                   and (f not in code or code[f] in (None, "", []))]
        if missing:
            raise ValueError(f"Code {label!r} in {source} lacks {', '.join(missing)}. "
                             f"Fix: fill in every field the other codes have (a code needs at least "
                             f"{', '.join(REQUIRED_FIELDS)}; see the first code for the layout).")
        extra = sorted(fields - first_fields)
        if extra:
            first = codes[0].get("key", "number 1")
            raise ValueError(f"Code {first!r} in {source} lacks {', '.join(extra)}, which code {label!r} has. "
                             "Fix: give every code the same fields (a thin codebook: key, name and "
                             "short_definition only).")
        key = str(code["key"])
        if not _KEY.match(key):
            raise ValueError(f"Code key {key!r} in {source} is not snake_case. Fix: use lower-case letters, "
                             "digits and underscores, starting with a letter (it becomes a column name).")
        for value, seen, what in ((key, seen_keys, "key"), (str(code["name"]).strip().lower(), seen_names, "name")):
            if value in seen:
                raise ValueError(f"Codes {seen[value]!r} and {key!r} in {source} have the same {what} "
                                 f"{code[what]!r}. Fix: give each code its own {what}.")
            seen[value] = key
        if "near_miss" in code:
            near = code["near_miss"]
            if not isinstance(near, dict) or not near.get("sentence_id") or not near.get("why"):
                raise ValueError(f"Code {key!r} in {source}: near_miss needs 'sentence_id' and 'why'. "
                                 "Fix: give the ID of a sentence that almost qualifies and say why it does not.")
        for field, value in (("example", code.get("example")), ("near_miss", (code.get("near_miss") or {}).get("sentence_id"))):
            if value is not None and str(value).strip().upper() not in ids:
                raise ValueError(f"Code {key!r} in {source}: the {field} sentence {value!r} is not in the text. "
                                 "Fix: use a sentence ID such as P3.S2 from the sentences table.")
        indicators = code.get("indicators", ["-"])
        if not isinstance(indicators, list) or not all(isinstance(i, str) and i.strip() for i in indicators):
            raise ValueError(f"Code {key!r} in {source}: indicators must be a list of words or phrases. "
                             "Fix: write them as [word, another phrase].")
    return book


def require_fields(codebook: dict, fields, purpose: str) -> None:
    """Raise a clear ValueError if the codebook's codes lack any of ``fields``, needed for ``purpose``.

    >>> require_fields(load_codebook(version=0), ["when_to_use"], "the rules table")
    Traceback (most recent call last):
    ...
    ValueError: The codebook (version 0) has no when_to_use, which the rules table needs. It has key, name, short_definition. Fix: use a codebook with those fields (such as version=1), or add them to every code.
    """
    codes = codebook.get("codes") or [{}]
    missing = [f for f in fields if any(f not in code for code in codes)]
    if missing:
        have = ", ".join(f for f in CODE_FIELDS if f in codes[0])
        raise ValueError(f"The codebook (version {codebook.get('version')}) has no {', '.join(missing)}, which "
                         f"{purpose} needs. It has {have}. Fix: use a codebook with those fields (such as "
                         "version=1), or add them to every code.")


def code_keys(codebook: dict) -> list[str]:
    """The code keys, in codebook order (the column names of a coding sheet).

    >>> code_keys(load_codebook())[:2]
    ['guiding_concept', 'development_security']
    """
    if not isinstance(codebook, dict) or not isinstance(codebook.get("codes"), list):
        raise TypeError(
            f"Expected a codebook loaded with load_codebook(), not {type(codebook).__name__}. "
            "Fix: book = load_codebook(version=1) (or load_codebook('my_work/my_codebook.yml')), then pass book."
        )
    return [code["key"] for code in codebook["codes"]]


def codebook_fingerprint(codebook: dict) -> str:
    """A short label of what a codebook says: ``v<version>-<8 hex digits>`` (sha256 of its codes, every field).

    v0, v1 and v2 share their code keys but not their definitions and rules, so a sheet records this label
    (column :data:`CODEBOOK_COLUMN`) to say which codebook it was made with. Runs of whitespace are one space,
    so re-wrapping the YAML, its comments and its changelog leave the label as it is; any change to a code's
    wording changes it. It starts with a letter and holds a hyphen, so a spreadsheet keeps it as text.

    >>> codebook_fingerprint({"version": 1, "codes": [{"key": "x", "name": "X", "short_definition": "An  x."}]})
    'v1-485f347d'
    """
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return " ".join(str(value).split())

    canonical = json.dumps(plain(codebook["codes"]), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"v{codebook.get('version', '')}-{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:8]}"


class CodebookMismatch(UserWarning):
    """Sheets made with different codebooks are read or compared as if they were made with one."""


def recorded_codebook(raw: pd.DataFrame) -> str | None:
    """The codebook label a sheet records (its ``codebook`` column), or None (an older sheet, a spreadsheet).

    >>> recorded_codebook(pd.DataFrame({"sentence_id": ["P1.S1"], "codebook": [" v1-485f347d "]}))
    'v1-485f347d'
    """
    if CODEBOOK_COLUMN not in raw.columns:
        return None
    labels = sorted({str(v).strip() for v in raw[CODEBOOK_COLUMN] if str(v).strip() not in ("", "nan")})
    return " + ".join(labels) or None


def codebook_mismatch(recorded: str | None, codebook: dict, source: str) -> str | None:
    """A plain message when a sheet records another codebook than ``codebook``; None when it matches or records none.

    >>> codebook_mismatch("v0-00000000", {"version": 1, "codes": [{"key": "x"}]}, "s.csv").split(",")[0]
    's.csv was made with codebook v0-00000000'
    """
    expected = codebook_fingerprint(codebook)
    if recorded is None or recorded == expected:
        return None
    return (f"{source} was made with codebook {recorded}, but it is read with codebook {expected}: the codes have "
            "the same keys but not the same definitions, so its coding does not mean the same. Fix: read it with "
            "the codebook it was made with (the label starts with its version), or code it again.")


def warn_if_mixed(sheets: Mapping[str, pd.DataFrame], purpose: str) -> None:
    """Warn (:class:`CodebookMismatch`) when the sheets compared were made with different codebooks.

    A sheet's codebook is ``sheet.attrs["codebook"]``, set by the readers; sheets without it are not judged.
    """
    made_with = {name: sheet.attrs.get(CODEBOOK_COLUMN) for name, sheet in sheets.items()}
    labels = sorted({label for label in made_with.values() if label})
    if len(labels) > 1:
        which = ", ".join(f"{name}: {label}" for name, label in made_with.items() if label)
        warnings.warn(f"{purpose} compares sheets made with different codebooks ({which}). The codes share their "
                      "keys but not their definitions, so agreement between these sheets mixes two instruments. "
                      "Fix: compare sheets made with one codebook.", CodebookMismatch, stacklevel=3)


def codebook_table(codebook: dict, fields=("key", "name", "short_definition", "example")) -> pd.DataFrame:
    """The codebook as a table, one row per code, with the chosen fields.

    >>> codebook_table(load_codebook()).columns.tolist()
    ['key', 'name', 'short_definition', 'example']
    """
    require_fields(codebook, fields, "this table")
    rows = []
    for code in codebook["codes"]:
        row = {}
        for field in fields:
            value = code[field]
            if field == "near_miss":
                value = f"{value['sentence_id']}: {value['why']}"
            elif isinstance(value, list):
                value = "; ".join(value)
            row[field] = value
        rows.append(row)
    return pd.DataFrame(rows, columns=list(fields))


def codebook_changes(old: dict, new: dict) -> pd.DataFrame:
    """What changed between two codebook versions: one row per code and field that differs.

    >>> codebook_changes(load_codebook(), load_codebook()).empty
    True
    """
    before = {c["key"]: c for c in old["codes"]}
    after = {c["key"]: c for c in new["codes"]}
    rows = []
    for key in list(before) + [k for k in after if k not in before]:
        if key not in after:
            rows.append((key, "(code)", "present", "removed"))
        elif key not in before:
            rows.append((key, "(code)", "absent", "added"))
        else:
            for field in CODE_FIELDS[1:]:
                if before[key].get(field) != after[key].get(field):
                    rows.append((key, field, _show(before[key].get(field)), _show(after[key].get(field))))
    return pd.DataFrame(rows, columns=["code", "field", f"v{old['version']}", f"v{new['version']}"])


def _show(value) -> str:
    if isinstance(value, dict):
        return f"{value.get('sentence_id')}: {value.get('why')}"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


# --------------------------------------------------------------------------- coding sheets


def coding_units(speech=None, sentence_ids=None) -> pd.DataFrame:
    """The sentences to code: all of the speech's (default: the course text), or those IDs in that order.

    >>> coding_units(sentence_ids=["p6.s1", "P1.S1"]).sentence_id.tolist()
    ['P6.S1', 'P1.S1']
    """
    table = sentences(speech if speech is not None else load_speech())
    if sentence_ids is None:
        return table
    wanted = [str(i).strip().upper() for i in sentence_ids]
    unknown = [i for i in wanted if i not in set(table.sentence_id)]
    if unknown:
        raise KeyError(f"Sentence IDs {unknown} are not in the text. Fix: use IDs such as P3.S2.")
    return table.set_index("sentence_id").loc[wanted].reset_index()


def blank_sheet(codebook: dict, sentence_ids=None, speech=None) -> pd.DataFrame:
    """A fresh coding sheet: ``sentence_id``, one column per code with 0 in every cell, then the ``text``.

    The coder changes 0 to 1 where a code applies, so no cell has to be typed from scratch.

    >>> sheet = blank_sheet(load_codebook(), ["P6.S1"])
    >>> sheet.columns.tolist()[:3], sheet.loc[0, "technology"]
    (['sentence_id', 'guiding_concept', 'development_security'], '0')
    """
    keys = code_keys(codebook)
    table = coding_units(speech, sentence_ids)
    sheet = pd.DataFrame({"sentence_id": table.sentence_id})
    for key in keys:
        sheet[key] = "0"
    sheet["text"] = table.text.to_numpy()
    return sheet


def _binary(value) -> int | None:
    """1 or 0 for a coding-sheet cell such as ``"1"``, ``" 0 "``, ``"1.0"``, ``"0,0"``; None for anything else.

    >>> [_binary(v) for v in ("1", " 0 ", "1.0", "0.00", "1,0", "", "2", "yes", "nan")]
    [1, 0, 1, 0, 1, None, None, None, None]
    """
    text = str(value).strip()
    if text in ("0", "1"):
        return int(text)
    if re.fullmatch(r"[01][.,]0+", text):
        return int(text[0])
    return None


def _has_work(path: Path) -> bool:
    """True if a sheet holds anything a coder put there: a 1, a memo, any text in a code column...

    A sheet whose code cells are all 0 (or blank) and which has nothing else besides ``sentence_id``
    and ``text`` is what :func:`blank_sheet` writes, so it is not work. (A coder who decided that no
    code applies anywhere has a sheet of zeros too; rewriting it for the same sentences loses nothing.)
    Cells are judged by value, so ``0.0`` saved by pandas or a spreadsheet still counts as 0.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=sheet_separator(text)))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return True  # unreadable: treat it as someone's work and leave it alone
    for row in rows:
        for name, value in row.items():
            if name in ("sentence_id", "text"):
                continue
            if name is None:  # more cells than header names: something was added
                return True
            text = (value or "").strip()
            if text and _binary(text) != 0:
                return True
    return False


def write_blank_sheet(codebook: dict, name: str = "my_coding_sheet.csv", sentence_ids=None,
                      overwrite: bool = False, speech=None) -> Path:
    """Write a blank coding sheet into the learner folder and return its path.

    Every code cell starts at 0. If a sheet of that name already holds any coding (a 1 anywhere, a memo,
    any other text), it is kept as it is and its path returned; pass ``overwrite=True`` to replace it.
    A sheet that still holds only zeros (or blanks) is simply rewritten.

    >>> write_blank_sheet(load_codebook(), sentence_ids=["P6.S1"]).name  # doctest: +SKIP
    'my_coding_sheet.csv'
    """
    if Path(name).name != name or not name.endswith(".csv"):
        raise ValueError(f"{name!r} should be a plain file name ending in .csv, such as 'my_coding_sheet.csv'.")
    path = my_work_dir() / name
    if path.exists() and _has_work(path) and not overwrite:
        print(f"Kept your existing sheet my_work/{name}: it already has coding in it "
              "(pass overwrite=True to start again).")
        return path
    write_atomic(path, blank_sheet(codebook, sentence_ids, speech).to_csv(index=False, lineterminator="\n"))
    return path


SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def sheet_separator(text: str, source: str = "the sheet") -> str:
    r"""The separator of a CSV sheet: comma, semicolon (Excel in many European locales) or tab, from its header.

    >>> sheet_separator("sentence_id;guiding_concept\nP1.S1;1\n")
    ';'
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    found = [sep for sep in SEPARATORS if sep in header]
    if len(found) == 1:
        return found[0]
    try:
        return csv.Sniffer().sniff(header, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        raise ValueError(f"{source}: cannot tell which character separates the columns of the header row "
                         f"{header[:60]!r} (expected commas, semicolons or tabs, one kind only). Fix: save it from "
                         "your spreadsheet as 'CSV UTF-8', with the header row sentence_id,<code keys>.") from None


def sheet_table(text: str, source: str = "the sheet") -> pd.DataFrame:
    r"""A CSV sheet's text (comma, semicolon or tab separated; BOM and CRLF allowed) as a table of strings.

    >>> sheet_table("\ufeffsentence_id;x\r\nP1.S1;1\r\n").values.tolist()
    [['P1.S1', '1']]
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError(f"{source} could not be read as a CSV file (it is empty). Fix: save it from your "
                         "spreadsheet as 'CSV UTF-8', with the header row kept.")
    try:
        return pd.read_csv(io.StringIO(text), sep=sheet_separator(text, source), dtype=str,
                           keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"{source} could not be read as a CSV file ({detail}). Fix: save it from your "
                         "spreadsheet as 'CSV UTF-8', with the header row kept and one cell per code.") from None


def read_sheet(path: str | os.PathLike, codebook: dict, sentence_ids=None, speech=None) -> pd.DataFrame:
    """Read a filled coding sheet and check it; returns ``sentence_id`` and one 0/1 column per code.

    The sheet may be separated by commas, semicolons or tabs, with or without Excel's UTF-8 BOM and
    Windows line ends (:func:`sheet_table`).

    Problems found (each with its row number as a spreadsheet shows it, header = row 1): sentence
    IDs not in the text or listed twice, columns that are not codes, values other than 0 or 1 (a blank
    cell included; ``0.0`` and ``1.0`` are accepted), sentences missing (``sentence_ids``; default every sentence of the text), code
    columns missing. All of them are reported together in one ValueError.

    >>> read_sheet(data_file("coding/v1_a.csv"), load_codebook()).shape  # doctest: +SKIP
    (25, 12)
    """
    file = resolve_path(path)
    if not file.exists():
        raise FileNotFoundError(f"There is no coding sheet at {file}. Fix: check the file name; "
                                "write_blank_sheet() makes one in my_work/.")
    raw = sheet_table(read_text_file(file, "coding sheet"), file.name)
    sheet = _validate_sheet(raw, codebook, file.name, sentence_ids, speech)
    return _made_with(sheet, recorded_codebook(raw), codebook, file.name)


def _made_with(sheet: pd.DataFrame, recorded: str | None, codebook: dict, source: str) -> pd.DataFrame:
    """Record in ``sheet.attrs`` the codebook the file says it was made with; warn if it is not ``codebook``."""
    problem = codebook_mismatch(recorded, codebook, source)
    if problem:
        warnings.warn(problem, CodebookMismatch, stacklevel=3)
    sheet.attrs[CODEBOOK_COLUMN] = recorded
    return sheet


def read_partial_sheet(path: str | os.PathLike, codebook: dict, sentence_ids=None, speech=None) -> pd.DataFrame:
    """Read a coding sheet that may be unfinished: ``sentence_id``, one column per code, ``memo``.

    Code cells are 1.0, 0.0 or NaN (not coded). A sentence whose row is absent, or whose code cells are
    all blank, is not coded; in a row with some cells filled, a blank cell counts as 0. Rows come for every
    sentence of ``sentence_ids`` (default: the whole text), in reading order. Refused, with every problem
    named (ValueError): code columns missing or columns that are not codes (a sheet from another
    codebook), unknown, duplicate or unexpected sentence IDs, values other than 0, 1 or blank.

    >>> read_partial_sheet(data_file("coding/v0_coder_e.csv"), load_codebook(version=0)).shape  # doctest: +SKIP
    (25, 13)
    """
    file = resolve_path(path)
    sheet = partial_sheet_from_text(read_text_file(file, "coding sheet"), file.name, codebook, sentence_ids, speech)
    return _made_with(sheet, sheet.attrs[CODEBOOK_COLUMN], codebook, file.name)


def partial_sheet_from_text(text: str, source: str, codebook: dict, sentence_ids=None, speech=None) -> pd.DataFrame:
    r""":func:`read_partial_sheet` for a sheet's text (``source`` names it in messages), e.g. from inside a zip.

    >>> partial_sheet_from_text("sentence_id;x\nP1.S1;1\n", "s.csv", {"codes": [{"key": "x"}]}, ["P1.S1"]).x.tolist()
    [1.0]
    """
    raw = sheet_table(text, source)
    file = Path(source)
    keys = code_keys(codebook)
    known = _course_ids(speech)
    wanted = [str(s).strip().upper() for s in (sentence_ids if sentence_ids is not None else known)]
    problems = []
    if "sentence_id" not in raw.columns:
        raise ValueError(f"{file.name} has no 'sentence_id' column. Fix: keep the header row of the sheet.")
    extra = [c for c in raw.columns if c not in keys and c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    missing = [k for k in keys if k not in raw.columns]
    if extra:
        problems.append(f"column(s) that are not codes of this codebook: {', '.join(map(str, extra))}")
    if missing:
        problems.append(f"code column(s) missing: {', '.join(missing)}")
    rows, seen = {}, set()
    for i, row in raw.iterrows():
        sid = str(row["sentence_id"]).strip().upper()
        if sid not in wanted:
            problems.append(f"row {i + 2}: sentence ID {row['sentence_id']!r} is not "
                            + ("in the text" if sid not in known else "one of the sentences to code"))
            continue
        if sid in seen:
            problems.append(f"row {i + 2}: sentence {sid} appears twice")
        seen.add(sid)
        cells = {k: str(row[k]).strip() for k in keys if k in raw.columns}
        bad = [k for k, v in cells.items() if v and _binary(v) is None]
        problems += [f"row {i + 2}, column {k!r}: value {cells[k]!r} is not 0, 1 or blank" for k in bad]
        coded = any(cells.values())
        rows[sid] = {k: (float(_binary(v) or 0) if coded else float("nan")) for k, v in cells.items()}
        rows[sid]["memo"] = str(row["memo"]) if "memo" in raw.columns else ""
    if problems:
        shown = problems[:12] + ([f"... and {len(problems) - 12} more"] if len(problems) > 12 else [])
        raise ValueError(f"{file.name} cannot be used with this codebook and text ({len(problems)} problem(s)):\n  - "
                         + "\n  - ".join(shown) + "\nFix: use the sheet with the codebook it was made with, "
                         "or correct the cells named.")
    empty = {**{k: float("nan") for k in keys}, "memo": ""}
    table = pd.DataFrame([{"sentence_id": sid, **rows.get(sid, empty)} for sid in wanted])[["sentence_id", *keys, "memo"]]
    table.attrs[CODEBOOK_COLUMN] = recorded_codebook(raw)  # what the sheet records; the caller judges it
    return table


def sheet_from_dict(codes_by_sentence: Mapping[str, list], codebook: dict, sentence_ids=None,
                    speech=None) -> pd.DataFrame:
    """Turn ``{"P6.S1": ["risk_prevention"], "P6.S2": [], ...}`` into a checked 0/1 coding sheet.

    ``sentence_ids`` are the sentences that must be present (default: the keys given). A single code
    given as a string (``"P6.S4": "risk_prevention"``) is taken as a list of that one code.

    >>> sheet_from_dict({"P6.S4": ["risk_prevention"]}, load_codebook())["risk_prevention"].tolist()
    [1]
    """
    if not isinstance(codes_by_sentence, Mapping):
        raise ValueError("Give your coding as a dict: {'P6.S1': ['risk_prevention'], 'P6.S2': [], ...}.")
    keys = code_keys(codebook)
    rows = []
    for sid, codes in codes_by_sentence.items():
        if isinstance(codes, str):
            codes = [codes]
        row = {"sentence_id": str(sid)}
        row.update({k: "0" for k in keys})
        for code in codes or []:
            row[str(code)] = "1"
        rows.append(row)
    raw = pd.DataFrame(rows).fillna("")
    wanted = sentence_ids if sentence_ids is not None else list(codes_by_sentence)
    sheet = _validate_sheet(raw, codebook, "your coding", wanted, speech, code_rows=True)
    sheet.attrs[CODEBOOK_COLUMN] = codebook_fingerprint(codebook)
    return sheet


def _validate_sheet(raw: pd.DataFrame, codebook: dict, source: str, sentence_ids, speech,
                    code_rows: bool = False) -> pd.DataFrame:
    keys = code_keys(codebook)
    problems = []
    if "sentence_id" not in raw.columns:
        raise ValueError(f"{source} has no 'sentence_id' column. Fix: keep the header row of the blank sheet.")
    known_ids = _course_ids(speech)
    unknown_cols = [c for c in raw.columns if c not in keys and c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    for column in unknown_cols:
        if code_rows:
            bad = raw.index[raw[column] == "1"].tolist()
            for i in bad:
                problems.append(f"{raw.at[i, 'sentence_id']}: unknown code {column!r} (not a key in the codebook)")
        else:
            problems.append(f"column {column!r}: unknown code (not a key in the codebook)")
    missing_cols = [k for k in keys if k not in raw.columns]
    if missing_cols:
        problems.append(f"code column(s) missing: {', '.join(missing_cols)}")
    seen = {}
    known = set(known_ids)  # a set: a list made this quadratic (half a minute for a 13,000-sentence text)
    for i, row in zip(raw.index, raw.to_dict("records")):  # plain dicts: iterrows cost ~0.1 ms a row
        where = f"{row['sentence_id']}" if code_rows else f"row {i + 2}"
        sid = str(row["sentence_id"]).strip().upper()
        if sid not in known:
            problems.append(f"{where}: unknown sentence ID {row['sentence_id']!r}")
        elif sid in seen:
            problems.append(f"{where}: sentence {sid} appears twice (also {seen[sid]})")
        seen.setdefault(sid, where)
        for key in keys:
            if key in raw.columns and _binary(row[key]) is None:
                problems.append(f"{where}, column {key!r}: value {row[key]!r} is not 0 or 1")
    expected = [str(s).strip().upper() for s in (sentence_ids if sentence_ids is not None else known_ids)]
    absent = [s for s in expected if s not in seen]
    if absent:
        problems.append(f"missing sentences: {', '.join(absent)}")
    if problems:
        shown = problems[:12] + ([f"... and {len(problems) - 12} more"] if len(problems) > 12 else [])
        raise ValueError(f"{source} has {len(problems)} problem(s):\n  - " + "\n  - ".join(shown) +
                         "\nFix: use sentence IDs from the text, code keys from the codebook, and 1 or 0 in "
                         "every code cell (0 = the code does not apply).")
    sheet = raw[["sentence_id"] + keys].copy()
    sheet["sentence_id"] = sheet["sentence_id"].str.strip().str.upper()
    for key in keys:
        sheet[key] = sheet[key].map(_binary).astype(int)
    order = {sid: n for n, sid in enumerate(known_ids)}
    return sheet.sort_values("sentence_id", key=lambda s: s.map(order)).reset_index(drop=True)


def reference_sheets(version: int, codebook: dict | None = None) -> dict[str, pd.DataFrame]:
    """The course's reference codings for a codebook version, by coder: ``data/coding/v{version}_*.csv``.

    The adjudicated ``v2_consensus.csv`` is not included (read it with :func:`consensus_sheet`).

    >>> sorted(reference_sheets(1))  # doctest: +SKIP
    ['a', 'b']
    """
    codebook = codebook or load_codebook(version=version)
    folder = data_file("coding")
    files = sorted(p for p in folder.glob(f"v{version}_*.csv") if p.stem != f"v{version}_consensus")
    if not files:
        raise FileNotFoundError(f"There are no reference codings data/coding/v{version}_<coder>.csv. "
                                "Fix: restore data/coding/ from the course repository.")
    sheets = {p.stem.split("_", 1)[1]: read_sheet(p, codebook) for p in files}
    for sheet in sheets.values():  # the course's reference sheets were made with codebook v{version}
        sheet.attrs[CODEBOOK_COLUMN] = codebook_fingerprint(load_codebook(version=version))
    return sheets


def reference_notes(version: int) -> pd.DataFrame:
    """The reference coders' own notes (``data/coding/v{version}_<coder>.notes.txt``): ``sentence_id``, ``coder``, ``note``.

    >>> reference_notes(0).columns.tolist()
    ['sentence_id', 'coder', 'note']
    """
    rows = []
    for path in sorted(data_file("coding").glob(f"v{version}_*.notes.txt")):
        coder = path.name[len(f"v{version}_"):-len(".notes.txt")]
        for line in read_text_file(path, "notes file").splitlines():
            sid, _, note = line.partition("\t")
            if note.strip():
                rows.append((sid.strip().upper(), coder, note.strip()))
    return pd.DataFrame(rows, columns=["sentence_id", "coder", "note"])


def consensus_sheet() -> pd.DataFrame:
    """The adjudicated reference coding (codebook v2) that later notebooks use.

    >>> consensus_sheet().columns[0]  # doctest: +SKIP
    'sentence_id'
    """
    book = load_codebook(version=2)
    sheet = read_sheet(data_file("coding/v2_consensus.csv"), book)
    sheet.attrs[CODEBOOK_COLUMN] = codebook_fingerprint(book)
    return sheet


# --------------------------------------------------------------------------- comparing and summarising


def select(sheet: pd.DataFrame, sentence_ids) -> pd.DataFrame:
    """The rows of a coding sheet for some sentences, in the order given.

    >>> s = sheet_from_dict({"P6.S1": [], "P6.S2": ["political_security"]}, load_codebook())
    >>> select(s, ["p6.s2"]).sentence_id.tolist()
    ['P6.S2']
    """
    wanted = [str(i).strip().upper() for i in sentence_ids]
    unknown = [i for i in wanted if i not in set(sheet.sentence_id)]
    if unknown:
        raise KeyError(f"Sentences {unknown} are not in this coding sheet. Fix: use IDs the sheet covers.")
    return sheet.set_index("sentence_id").loc[wanted].reset_index()


def side_by_side(sheets: Mapping[str, pd.DataFrame | None], speech=None) -> pd.DataFrame:
    """One row per sentence: the codes each coder gave it, as text; sheets that are None are skipped.

    >>> a = sheet_from_dict({"P6.S4": ["risk_prevention"]}, load_codebook())
    >>> side_by_side({"you": a, "A": None}).columns.tolist()
    ['sentence_id', 'you', 'text']
    """
    given = {name: sheet for name, sheet in sheets.items() if sheet is not None}
    if not given:
        raise ValueError("No coding sheets to compare yet. Fix: fill in your coding first.")
    ids = list(next(iter(given.values())).sentence_id)
    table = pd.DataFrame({"sentence_id": ids})
    for name, sheet in given.items():
        indexed = sheet.set_index("sentence_id")
        codes = [c for c in indexed.columns if c not in EXTRA_SHEET_COLUMNS]
        table[name] = [", ".join(c for c in codes if indexed.at[sid, c] == 1) or "—" for sid in ids]
    text = sentences(speech if speech is not None else load_speech()).set_index("sentence_id").text
    table["text"] = [text[sid] for sid in ids]
    return table


def disagreements(sheets: Mapping[str, pd.DataFrame], *others, codes: list[str] | None = None,
                  speech=None) -> pd.DataFrame:
    """Every sentence × code on which the coders differ: ``sentence_id``, ``code``, each coder's 0/1, ``text``.

    Rows are in reading order, then codebook order.

    >>> a = sheet_from_dict({"P6.S4": ["risk_prevention"]}, load_codebook())
    >>> b = sheet_from_dict({"P6.S4": []}, load_codebook())
    >>> disagreements({"A": a, "B": b})[["sentence_id", "code", "A", "B"]].values.tolist()
    [['P6.S4', 'risk_prevention', 1, 0]]
    """
    from .agreement import coder_sheets

    sheets = coder_sheets(sheets, others, "disagreements")
    names = list(sheets)
    first = sheets[names[0]]
    codes = codes or [c for c in first.columns if c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    indexed = {n: s.set_index("sentence_id") for n, s in sheets.items()}
    text = sentences(speech if speech is not None else load_speech()).set_index("sentence_id").text
    rows = []
    for sid in first.sentence_id:
        for code in codes:
            values = [int(indexed[n].at[sid, code]) for n in names]
            if len(set(values)) > 1:
                rows.append([sid, code, *values, text[sid]])
    return pd.DataFrame(rows, columns=["sentence_id", "code", *names, "text"])


def co_occurrence(sheet: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """Codes × codes: how many sentences carry both codes (the diagonal: how many carry the code).

    >>> s = sheet_from_dict({"P6.S3": ["public_safety", "technology"], "P6.S4": ["risk_prevention"]},
    ...                     load_codebook())
    >>> int(co_occurrence(s).loc["public_safety", "technology"])
    1
    """
    codes = codes or [c for c in sheet.columns if c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    matrix = sheet[codes].astype(int)
    return matrix.T @ matrix


def codes_by_paragraph(sheet: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """Paragraphs × codes: how many sentences of each paragraph carry each code.

    >>> s = sheet_from_dict({"P6.S3": ["public_safety"], "P7.S1": []}, load_codebook())
    >>> int(codes_by_paragraph(s).loc["P6", "public_safety"])
    1
    """
    codes = codes or [c for c in sheet.columns if c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    table = sheet[codes].astype(int).copy()
    table.index = sheet.sentence_id.str.split(".").str[0]
    table.index.name = "paragraph_id"
    grouped = table.groupby(level=0, sort=False).sum()
    return grouped


# --------------------------------------------------------------------------- exports


def _write_export(name: str, text: str, overwrite: bool) -> Path:
    if Path(name).name != name:
        raise ValueError(f"{name!r} should be a plain file name; exports go to my_work/.")
    path = my_work_dir() / name
    if path.exists() and path.read_text(encoding="utf-8") != text and not overwrite:
        raise FileExistsError(f"my_work/{name} already exists and differs from this export. "
                              "Fix: pass overwrite=True, or choose another name.")
    return write_atomic(path, text)


def export_taguette_codebook(codebook: dict, name: str | None = None, overwrite: bool = False) -> Path:
    """Write the codebook as a CSV of ``tag,description`` (Taguette's codebook import) into my_work/.

    >>> export_taguette_codebook(load_codebook()).name  # doctest: +SKIP
    'codebook_v1_taguette.csv'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tag", "description"])
    for code in codebook["codes"]:
        writer.writerow([code["key"], f"{code['name']}: {code['short_definition']}"])
    return _write_export(name or f"codebook_v{codebook['version']}_taguette.csv", out.getvalue(), overwrite)


def refi_codebook_xml(codebook: dict) -> str:
    """The codebook as REFI-QDA codebook XML (a ``.qdc`` file), with stable GUIDs derived from the keys.

    >>> refi_codebook_xml(load_codebook()).splitlines()[1][:44]
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" o'
    """
    require_fields(codebook, ("full_definition", "when_to_use", "when_not_to_use", "indicators"), "the REFI-QDA export")
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Reading Safe China course (helpers.coding)">',
             "  <Codes>"]
    for code in codebook["codes"]:
        guid = uuid.uuid5(uuid.NAMESPACE_URL, f"reading-safe-china/codebook/{code['key']}")
        description = (f"{code['full_definition']} When to use: {code['when_to_use']} "
                       f"When not to use: {code['when_not_to_use']} Indicators: {'; '.join(code['indicators'])}")
        lines += [f'    <Code guid="{guid}" name={quoteattr(code["name"])} isCodable="true">',
                  f"      <Description>{escape(' '.join(description.split()))}</Description>",
                  "    </Code>"]
    lines += ["  </Codes>", "</CodeBook>", ""]
    return "\n".join(lines)


def export_refi_codebook(codebook: dict, name: str | None = None, overwrite: bool = False) -> Path:
    """Write the codebook as a REFI-QDA ``.qdc`` file into my_work/ (QualCoder, ATLAS.ti, NVivo, MAXQDA).

    >>> export_refi_codebook(load_codebook()).name  # doctest: +SKIP
    'codebook_v1.qdc'
    """
    return _write_export(name or f"codebook_v{codebook['version']}.qdc", refi_codebook_xml(codebook), overwrite)


def export_codings(sheet: pd.DataFrame, name: str = "my_codings.csv", overwrite: bool = False,
                   speech=None) -> Path:
    """Write a coding sheet in long form (``sentence_id,code,text``: one row per coded sentence) into my_work/.

    One row per applied code, with the sentence text, the layout QDA tools and spreadsheets import most
    easily.

    >>> export_codings(sheet_from_dict({"P6.S4": ["risk_prevention"]}, load_codebook())).name  # doctest: +SKIP
    'my_codings.csv'
    """
    text = sentences(speech if speech is not None else load_speech()).set_index("sentence_id").text
    codes = [c for c in sheet.columns if c not in ("sentence_id", *EXTRA_SHEET_COLUMNS)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sentence_id", "code", "text"])
    for row in sheet.itertuples(index=False):
        for code in codes:
            if int(getattr(row, code)) == 1:
                writer.writerow([row.sentence_id, code, text[row.sentence_id]])
    return _write_export(name, out.getvalue(), overwrite)
