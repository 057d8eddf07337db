"""A class's coding: read every coding sheet in a folder, and compute Krippendorff's alpha per code.

Run ``python -m helpers.classroom FOLDER --out report.csv``. FOLDER holds plain coding sheets (``.csv``
separated by commas, semicolons or tabs, with or without Excel's BOM) and hand-in bundles (``.zip`` made
by :func:`helpers.submission.pack_submission`: the notebook, ``my_work/...`` files, ``MANIFEST.json``).
Each usable sheet is one coder, named by its file (``bundle.zip:my_work/sheet.csv`` for a sheet in a
bundle). A coder may have coded only some sentences: the rest are missing data, which nominal alpha
allows. Every file that cannot be used is named with the reason and skipped; nothing in FOLDER is
written or changed, and an existing report is only replaced with ``--overwrite``.

>>> main(["no_such_folder", "--out", "report.csv"])  # prints the error and the fix to stderr
1
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .agreement import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bootstrap_alpha, is_undefined, krippendorff_alpha
from .coding import code_keys, load_codebook, read_partial_sheet
from .text import load_speech, sentences
from .workspace import write_atomic

SHEET_SUFFIXES = (".csv", ".tsv", ".txt")


def _read_member(data: bytes, name: str, codebook: dict, speech) -> pd.DataFrame:
    """read_partial_sheet on bytes (via a temporary file, so every check and message is the same)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        return read_partial_sheet(path, codebook, speech=speech)


def _looks_like_sheet(data: bytes, keys: list[str]) -> bool:
    head = data[:2000].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return bool(head) and "sentence_id" in head[0] and any(k in head[0] for k in keys)


def _bundle_sheets(path: Path, keys: list[str], sheet_name: str | None) -> tuple[list[tuple[str, bytes]], str | None]:
    """The coding sheets inside a bundle as (coder name, bytes), or a reason why none can be used."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("MANIFEST.json"))
            members = {n: archive.read(n) for n in archive.namelist() if n.startswith("my_work/")}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [], f"not a readable hand-in bundle ({type(exc).__name__}: no readable zip with MANIFEST.json)"
    changed = [n for n, data in members.items()
               if manifest.get("files", {}).get(n) not in (None, hashlib.sha256(data).hexdigest())]
    if changed:
        return [], f"{', '.join(changed)} changed after packing (checksum differs from MANIFEST.json)"
    sheets = [(n, d) for n, d in members.items() if n.lower().endswith(SHEET_SUFFIXES) and _looks_like_sheet(d, keys)
              and (sheet_name is None or Path(n).name == sheet_name)]
    if not sheets:
        wanted = f" named {sheet_name}" if sheet_name else ""
        return [], f"holds no coding sheet{wanted} (files: {', '.join(sorted(members)) or 'none under my_work/'})"
    if len(sheets) > 1:
        return [], (f"holds {len(sheets)} coding sheets ({', '.join(n for n, _ in sheets)}); "
                    "pass --sheet NAME to choose one")
    return [(f"{path.name}:{sheets[0][0]}", sheets[0][1])], None


def read_class(folder, codebook: dict, speech=None, sheet_name: str | None = None):
    """Every usable coding sheet in ``folder`` (sorted by file name) and every file skipped, with the reason.

    Returns ``(sheets, files)``: ``sheets`` maps coder name -> partial sheet (:func:`read_partial_sheet`:
    NaN = not coded, with ``memo``); ``files`` is a table ``file``, ``status`` (used / skipped), ``reason``,
    ``coded`` (sentences coded). Files and folders whose names start with a dot are ignored.

    >>> read_class("my_class", load_codebook(version=1))  # doctest: +SKIP
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no folder {folder}. Fix: pass the folder that holds the class's "
                                "sheets and bundles, e.g. python -m helpers.classroom hand_ins --out report.csv")
    speech = speech if speech is not None else load_speech()
    keys = code_keys(codebook)
    sheets, rows = {}, []
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if path.is_dir():
            rows.append((path.name, "skipped", "a folder (put its files directly in FOLDER)", 0))
            continue
        if path.suffix.lower() == ".zip":
            found, reason = _bundle_sheets(path, keys, sheet_name)
        elif path.suffix.lower() in SHEET_SUFFIXES:
            found, reason = [(path.name, path.read_bytes())], None
        else:
            found, reason = [], "neither a coding sheet (.csv) nor a hand-in bundle (.zip)"
        if reason:
            rows.append((path.name, "skipped", reason, 0))
        for name, data in found:
            try:
                sheet = _read_member(data, name, codebook, speech)
            except ValueError as exc:
                rows.append((name, "skipped", " ".join(str(exc).split()), 0))
                continue
            coded = int(sheet[keys].notna().all(axis=1).sum())
            if coded == 0:
                rows.append((name, "skipped", "no sentence coded", 0))
                continue
            sheets[name] = sheet
            rows.append((name, "used", "" if coded == len(sheet) else f"{len(sheet) - coded} sentence(s) not coded "
                         "(missing data)", coded))
    return sheets, pd.DataFrame(rows, columns=["file", "status", "reason", "coded"])


def ratings(sheets: dict, code: str) -> np.ndarray:
    """Coders × sentences for one code: 1.0, 0.0 or NaN (not coded).

    >>> s = pd.DataFrame({"sentence_id": ["P1.S1"], "x": [1.0]}); ratings({"a": s, "b": s}, "x").tolist()
    [[1.0], [1.0]]
    """
    return np.stack([sheet[code].to_numpy(dtype=float) for sheet in sheets.values()])


def class_agreement(sheets: dict, keys: list[str], resamples: int = BOOTSTRAP_RESAMPLES,
                    seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Per code: ``code``, ``coders``, ``sentences`` (coded by two or more), ``alpha`` (nominal, missing data
    allowed), ``low``/``high`` (95 % percentile bootstrap over sentences), ``resamples``, ``undefined``
    (resamples in which alpha had no value, dropped), ``note``. Undefined alpha is NaN with the reason in ``note``.
    """
    rows = []
    for code in keys:
        array = ratings(sheets, code)
        pairable = int(((~np.isnan(array)).sum(axis=0) >= 2).sum())
        row = {"code": code, "coders": int((~np.isnan(array)).any(axis=1).sum()), "sentences": pairable,
               "alpha": np.nan, "low": np.nan, "high": np.nan, "resamples": resamples, "undefined": resamples,
               "note": ""}
        alpha = krippendorff_alpha(array) if len(array) >= 2 else None
        if alpha is None or is_undefined(alpha):
            row["note"] = "undefined: " + (alpha.reason if alpha is not None else "fewer than two coders")
        else:
            ci = bootstrap_alpha(array, resamples=resamples, seed=seed)
            row.update(alpha=round(float(alpha), 3), low=round(ci["low"], 3), high=round(ci["high"], 3),
                       undefined=ci["undefined"])
            if ci["undefined"]:
                row["note"] = f"alpha undefined in {ci['undefined']} of {resamples} resamples (dropped)"
        rows.append(row)
    return pd.DataFrame(rows)


def write_report(table: pd.DataFrame, out, folder, overwrite: bool = False) -> Path:
    """Write the per-code table as CSV, atomically; never into ``folder``, never over a report without ``overwrite``."""
    out, folder = Path(out).expanduser().resolve(), Path(folder).expanduser().resolve()
    if folder == out.parent or folder in out.parents:
        raise ValueError(f"The report {out} would be written inside the class folder {folder}, which this "
                         "command never changes. Fix: give --out a path outside it, e.g. --out report.csv.")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} already exists. Fix: choose another --out name, or add --overwrite "
                              "to replace it.")
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(out, table.to_csv(index=False))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.classroom",
                                     description="Krippendorff's alpha per code for a class's coding sheets.")
    parser.add_argument("folder", help="folder of coding sheets (.csv) and hand-in bundles (.zip); never changed")
    parser.add_argument("--out", required=True, help="where to write the per-code report (CSV)")
    parser.add_argument("--codebook", default="1",
                        help="a codebook file, or a course codebook version (0, 1 or 2; default 1)")
    parser.add_argument("--text", default=None, help="the text that was coded (default: the course text)")
    parser.add_argument("--sheet", default=None, help="in bundles, the name of the sheet to use if there are several")
    parser.add_argument("--resamples", type=int, default=BOOTSTRAP_RESAMPLES)
    parser.add_argument("--seed", type=int, default=BOOTSTRAP_SEED)
    parser.add_argument("--overwrite", action="store_true", help="replace an existing report")
    args = parser.parse_args(argv)
    try:
        speech = load_speech(args.text) if args.text else load_speech()
        book = (load_codebook(version=int(args.codebook), speech=speech) if args.codebook.isdigit()
                else load_codebook(args.codebook, speech=speech))
        sheets, files = read_class(args.folder, book, speech, args.sheet)
        if len(sheets) < 2:
            raise ValueError(f"Only {len(sheets)} usable coding sheet(s) in {args.folder}; agreement needs two "
                             "or more. Fix: see the reasons above for the files skipped.")
        table = class_agreement(sheets, code_keys(book), args.resamples, args.seed)
        _print(files, table, len(sentences(speech)))
        path = write_report(table, args.out, args.folder, args.overwrite)
    except (OSError, ValueError, KeyError) as exc:
        if "files" in locals():
            _print_files(files)
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"\nReport written to {path} ({len(table)} codes).")
    return 0


def _print_files(files: pd.DataFrame) -> None:
    used = files[files.status == "used"]
    skipped = files[files.status == "skipped"]
    print(f"Coders: {len(used)} sheet(s) used; {len(skipped)} file(s) skipped.")
    for row in used.itertuples():
        print(f"  used     {row.file} ({row.coded} sentences coded{'; ' + row.reason if row.reason else ''})")
    for row in skipped.itertuples():
        print(f"  SKIPPED  {row.file}: {row.reason}")


def _print(files: pd.DataFrame, table: pd.DataFrame, n_sentences: int) -> None:
    _print_files(files)
    print(f"\nKrippendorff's alpha (nominal) per code, {n_sentences} sentences; 95 % interval: percentile "
          f"bootstrap over sentences ({table.resamples.iloc[0]} resamples, resamples with undefined alpha dropped):")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(table.fillna({"note": ""}).to_string(index=False, na_rep="undefined"))


if __name__ == "__main__":
    sys.exit(main())
