"""Coding sheets as spreadsheets write them (semicolons, tabs, BOM, CRLF) and thin codebooks (v0)."""

import copy
import csv
import io

import pandas as pd
import pytest
import yaml

from helpers.coding import (
    code_keys, codebook_table, export_refi_codebook, load_codebook, read_sheet, reference_sheets,
    require_fields, write_blank_sheet,
)
from helpers.text import load_speech, sentences
from helpers.workspace import my_work_dir

BOOK = load_codebook(version=1)
KEYS = code_keys(BOOK)
IDS = sentences(load_speech()).sentence_id.tolist()


def _rows():
    """A filled sheet as rows of strings, with a memo holding the characters that need quoting."""
    rows = [["sentence_id", *KEYS, "memo"]]
    for n, sid in enumerate(IDS):
        cells = ["1" if (n + k) % 4 == 0 else "0" for k in range(len(KEYS))]
        rows.append([sid, *cells, 'close call; "maybe", not sure' if n == 3 else ""])
    return rows


def _excel_bytes(rows, delimiter):
    """What Excel's 'CSV UTF-8' writes: a BOM, CRLF line ends, the locale's list separator."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _expected(rows):
    table = pd.DataFrame(rows[1:], columns=rows[0])[["sentence_id", *KEYS]]
    return table.astype({k: int for k in KEYS})


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_sheets_with_any_separator_bom_and_crlf_read_the_same(tmp_path, delimiter):
    rows = _rows()
    path = tmp_path / "sheet.csv"
    path.write_bytes(_excel_bytes(rows, delimiter))
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf" and b"\r\n" in path.read_bytes()
    pd.testing.assert_frame_equal(read_sheet(path, BOOK), _expected(rows))


def test_pandas_semicolon_sheet_with_decimal_commas(tmp_path):
    rows = _rows()
    table = pd.DataFrame(rows[1:], columns=rows[0])
    table[KEYS[0]] = table[KEYS[0]].map({"1": "1,0", "0": "0,0"})
    path = tmp_path / "sheet.csv"
    table.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(read_sheet(path, BOOK), _expected(rows))


def test_a_header_without_separators_gets_a_clear_message(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("sentence_id guiding_concept\nP1.S1 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"odd.csv: cannot tell which character separates.*commas, semicolons or tabs"):
        read_sheet(path, BOOK)


def test_a_semicolon_sheet_with_work_is_never_overwritten_blank(capsys):
    path = my_work_dir() / "excel_sheet.csv"
    rows = [["sentence_id", *KEYS]] + [[sid] + ["0"] * len(KEYS) for sid in IDS[:3]]
    rows[2][3] = "1"
    path.write_bytes(_excel_bytes(rows, ";"))
    before = path.read_bytes()
    write_blank_sheet(BOOK, "excel_sheet.csv", sentence_ids=IDS[:3])
    assert path.read_bytes() == before
    assert "Kept your existing sheet" in capsys.readouterr().out


# --------------------------------------------------------------------------- thin codebooks


def test_the_thin_codebook_v0_loads_for_coding_with_the_keys_of_v1():
    v0 = load_codebook(version=0)
    assert code_keys(v0) == KEYS
    assert codebook_table(v0, fields=("key", "name", "short_definition")).shape == (len(KEYS), 3)
    sheets = reference_sheets(0, v0)
    assert sorted(sheets) == ["coder_e", "coder_f"]
    assert all(sheet.shape == (25, 1 + len(KEYS)) for sheet in sheets.values())


def test_uses_that_need_more_than_a_thin_codebook_say_which_fields_are_missing():
    v0 = load_codebook(version=0)
    with pytest.raises(ValueError, match=r"has no when_to_use, near_miss, which this table needs. "
                                         r"It has key, name, short_definition"):
        codebook_table(v0, fields=("key", "when_to_use", "near_miss"))
    with pytest.raises(ValueError, match=r"has no full_definition, when_to_use, when_not_to_use, indicators, "
                                         r"which the REFI-QDA export needs"):
        export_refi_codebook(v0)
    require_fields(BOOK, ["when_to_use", "near_miss"], "the rules table")  # v1 has them: no error


def test_a_learners_own_thin_codebook_loads(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("version: 1\ncodes:\n  - key: fear\n    name: Fear\n    short_definition: Danger named.\n"
                    "  - key: hope\n    name: Hope\n    short_definition: A better future.\n", encoding="utf-8")
    assert code_keys(load_codebook(path)) == ["fear", "hope"]


@pytest.mark.parametrize("change, message", [
    (lambda b: b["codes"][1].pop("short_definition"),
     r"Code 'development_security' in book.yml lacks short_definition.*at least key, name, short_definition"),
    (lambda b: b["codes"][0].pop("indicators"),
     r"Code 'guiding_concept' in book.yml lacks indicators, which code 'development_security' has"),
    (lambda b: b["codes"][2].update(when_to_use=""), r"Code 'party_leadership' in book.yml lacks when_to_use"),
])
def test_codes_must_share_their_fields(tmp_path, change, message):
    book = copy.deepcopy(BOOK)
    change(book)
    path = tmp_path / "book.yml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_codebook(path)
