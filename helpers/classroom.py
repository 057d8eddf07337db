"""A class's coding: read every coding sheet in a folder, and compute Krippendorff's alpha per code.

Run ``python -m helpers.classroom FOLDER --out report.csv``. FOLDER holds plain coding sheets (``.csv``
separated by commas, semicolons or tabs, with or without Excel's BOM) and hand-in bundles (``.zip`` made
by :func:`helpers.submission.pack_submission`: the notebook, ``my_work/...`` files, ``MANIFEST.json``).
Each usable sheet is one coder, named by its file (``bundle.zip:my_work/sheet.csv`` for a sheet in a
bundle). A coder may have coded only some sentences: the rest are missing data, which nominal alpha
allows. A sheet that records another codebook than ``--codebook`` (its ``codebook`` column, written by the
coding panel) is skipped, since v0, v1 and v2 share their code keys; a sheet that records none (an older
sheet, a spreadsheet) is read with ``--codebook``. Every file that cannot be used is named with the reason and skipped; nothing in FOLDER is
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
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .agreement import (BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bootstrap_alpha, interval_decision, is_undefined,
                        krippendorff_alpha, weakest_code)
from .coding import CODEBOOK_COLUMN, code_keys, codebook_mismatch, load_codebook, partial_sheet_from_text
from .text import load_speech, sentences
from .workspace import my_work_dir, write_atomic

SHEET_SUFFIXES = (".csv", ".tsv", ".txt")


def _read_member(data: bytes, name: str, codebook: dict, speech) -> pd.DataFrame:
    """A sheet's bytes (a file, or a member of a bundle) read and checked as by read_partial_sheet."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not UTF-8 text (byte {exc.start}). Fix: save it as 'CSV UTF-8'.") from None
    return partial_sheet_from_text(text, name, codebook, speech=speech)


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
            other_codebook = codebook_mismatch(sheet.attrs[CODEBOOK_COLUMN], codebook, name)
            if other_codebook:  # v0, v1 and v2 share their code keys: only the recorded codebook tells them apart
                rows.append((name, "skipped", other_codebook.replace("Fix: read it with", "Fix: run the command "
                             "with --codebook set to"), 0))
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
    (resamples in which alpha had no value, dropped), ``decision`` (on the lower bound:
    :func:`helpers.agreement.interval_decision`), ``note``. Undefined alpha is NaN with the reason in ``note``.
    The instrument is judged by its weakest code (:func:`helpers.agreement.weakest_code`), not by a mean.
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
        row["decision"] = interval_decision(row["low"])
        rows.append(row)
    columns = ["code", "coders", "sentences", "alpha", "low", "high", "resamples", "undefined", "decision", "note"]
    return pd.DataFrame(rows)[columns]


def code_shares(sheets: dict, keys: list[str]) -> pd.DataFrame:
    """Sentences × codes: the share of the coders who coded the sentence that applied the code (NaN: nobody coded it).

    >>> a = pd.DataFrame({"sentence_id": ["P1.S1"], "x": [1.0]}); b = a.assign(x=0.0)
    >>> float(code_shares({"a": a, "b": b}, ["x"]).loc["P1.S1", "x"])
    0.5
    """
    ids = next(iter(sheets.values())).sentence_id.tolist()
    with np.errstate(invalid="ignore"):
        shares = {code: np.nanmean(ratings(sheets, code), axis=0) if len(sheets) else [] for code in keys}
    return pd.DataFrame(shares, index=pd.Index(ids, name="sentence_id"))


def disagreement_ranking(sheets: dict, keys: list[str], speech=None) -> pd.DataFrame:
    """Sentences ranked by disagreement: ``sentence_id``, ``coders``, ``disagreement`` (the share of coder pairs
    that differ, averaged over codes), ``splits`` (``code: applied/coded`` for every code the coders split on),
    ``memos`` (each coder's memo, with the coder's name), ``text``. Most disputed first; ties in reading order.

    >>> a = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "x": [1.0, 0.0], "memo": ["sure", ""]})
    >>> disagreement_ranking({"a": a, "b": a.assign(x=[0.0, 0.0])}, ["x"])[["sentence_id", "splits"]].values.tolist()
    [['P1.S1', 'x: 1/2'], ['P1.S2', '']]
    """
    text = sentences(speech if speech is not None else load_speech()).set_index("sentence_id").text
    ids = next(iter(sheets.values())).sentence_id.tolist()
    rows = []
    for n, sid in enumerate(ids):
        splits, pair_shares, coders = [], [], 0
        for code in keys:
            values = ratings(sheets, code)[:, n]
            values = values[~np.isnan(values)]
            coders = max(coders, len(values))
            ones, m = int(values.sum()), len(values)
            if m >= 2:
                pair_shares.append(ones * (m - ones) / (m * (m - 1) / 2))
            if 0 < ones < m:
                splits.append(f"{code}: {ones}/{m}")
        memos = [f"{name}: {sheet.memo.iloc[n]}" for name, sheet in sheets.items()
                 if "memo" in sheet and str(sheet.memo.iloc[n]).strip()]
        rows.append({"sentence_id": sid, "coders": coders,
                     "disagreement": round(float(np.mean(pair_shares)), 3) if pair_shares else np.nan,
                     "splits": "; ".join(splits), "memos": " | ".join(memos), "text": text[sid], "order": n})
    table = pd.DataFrame(rows).sort_values(["disagreement", "order"], ascending=[False, True], na_position="last")
    return table.drop(columns="order").reset_index(drop=True)


def discussion_sheet(ranking: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The most disputed sentences as a sheet for the codebook revision: the evidence, then blank columns
    ``rule_to_change`` and ``decision`` for the class to fill in.

    >>> discussion_sheet(pd.DataFrame({"sentence_id": ["P1.S1"], "disagreement": [0.5], "splits": ["x: 1/2"],
    ...                                "memos": [""], "text": ["T."]})).columns.tolist()[-2:]
    ['rule_to_change', 'decision']
    """
    sheet = ranking[ranking.disagreement > 0].head(top)[["sentence_id", "disagreement", "splits", "memos", "text"]]
    return sheet.assign(rule_to_change="", decision="").reset_index(drop=True)


def write_discussion_sheet(sheet: pd.DataFrame, name: str = "discussion_sheet.csv", overwrite: bool = False) -> Path:
    """Write the discussion sheet into my_work/; a sheet of that name with other content is kept (FileExistsError).

    >>> write_discussion_sheet(discussion_sheet(disagreement_ranking({}, [])))  # doctest: +SKIP
    """
    if Path(name).name != name or not name.endswith(".csv"):
        raise ValueError(f"{name!r} should be a plain file name ending in .csv, such as 'discussion_sheet.csv'.")
    path = my_work_dir() / name
    text = sheet.to_csv(index=False, lineterminator="\n")
    if path.exists() and path.read_text(encoding="utf-8") != text and not overwrite:
        raise FileExistsError(f"my_work/{name} already exists with other content (perhaps the class's notes). "
                              "Fix: choose another name, or pass overwrite=True.")
    return write_atomic(path, text)


SIMULATED_FLIP = {"base": 0.02, "hard": 0.08}
HARD_CODES = ("guiding_concept", "development_security", "party_leadership", "social_governance")


def simulate_class(reference: pd.DataFrame, keys: list[str], coders: int = 12, seed: int = 2025,
                   flip: dict = SIMULATED_FLIP, hard=HARD_CODES, stop_share: float = 0.25) -> dict:
    """A SIMULATED class (not people): each simulated coder starts from ``reference`` and flips each cell with
    probability ``flip["hard"]`` for the codes in ``hard``, else ``flip["base"]``; a share ``stop_share`` of
    the coders stop early (after 10 to 20 sentences; the rest are not coded). Memos say what was simulated.

    >>> from helpers.coding import consensus_sheet, code_keys, load_codebook
    >>> sim = simulate_class(consensus_sheet(), code_keys(load_codebook(version=2)), coders=3, seed=1)
    >>> sorted(sim)
    ['simulated_01', 'simulated_02', 'simulated_03']
    """
    rng = np.random.default_rng(seed)
    base = reference[keys].to_numpy(dtype=float)
    chance = np.array([flip["hard"] if k in hard else flip["base"] for k in keys])
    sheets = {}
    for c in range(coders):
        flips = rng.random(base.shape) < chance
        values = np.where(flips, 1 - base, base)
        stop = int(rng.integers(10, 21)) if rng.random() < stop_share else len(base)
        values[stop:] = np.nan
        memos = [("" if n >= stop or not flips[n].any() else
                  "simulated: differs from the reference on " + ", ".join(np.array(keys)[flips[n]]))
                 for n in range(len(base))]
        sheet = pd.DataFrame(values, columns=keys)
        sheet.insert(0, "sentence_id", reference.sentence_id.to_numpy())
        sheet["memo"] = memos
        sheets[f"simulated_{c + 1:02d}"] = sheet
    return sheets


def write_sheets(sheets: dict, folder) -> list[Path]:
    """Write partial sheets as CSV files ``<name>.csv`` in ``folder`` (blank cells: not coded); never over a file.

    >>> write_sheets({}, "my_work/simulated_class")  # doctest: +SKIP
    []
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, sheet in sheets.items():
        path = folder / f"{name}.csv"
        if path.exists():
            raise FileExistsError(f"{path} already exists. Fix: write the sheets into an empty folder.")
        table = sheet.copy()
        keys = [c for c in table.columns if c not in ("sentence_id", "memo", "text")]
        table[keys] = table[keys].map(lambda v: "" if pd.isna(v) else str(int(v)))
        paths.append(write_atomic(path, table.to_csv(index=False, lineterminator="\n")))
    return paths


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
    return write_atomic(out, table.to_csv(index=False, lineterminator="\n"))


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
        print(weakest_code(table, low="low"))
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
