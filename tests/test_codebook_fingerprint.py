"""A sheet records the codebook it was made with (v0, v1 and v2 share their code keys), and readers warn.

Expected values come by other routes than the fingerprint function: the YAML files re-written in another
layout, one word changed by hand, a sheet saved as Excel does (semicolons, BOM, CRLF, quotes), and the
labels compared with each other rather than with a stored value.
"""

import hashlib
import warnings

import pandas as pd
import pytest
import yaml

from helpers.agreement import agreement_table
from helpers.classroom import main, read_class
from helpers.coding import (CodebookMismatch, codebook_fingerprint, disagreements, load_codebook, read_partial_sheet,
                            read_sheet, reference_sheets, sheet_from_dict)
from helpers.panel import CodingSession
from helpers.workspace import data_file

TEN = ["P6.S1", "P6.S2", "P6.S3", "P6.S4", "P7.S1", "P7.S2", "P7.S3", "P8.S1", "P8.S2", "P8.S3"]
BOOKS = {v: load_codebook(version=v) for v in (0, 1, 2)}


def _reloaded(book: dict, tmp_path, **dump) -> dict:
    path = tmp_path / "book.yml"
    path.write_text(yaml.safe_dump(book, **dump), encoding="utf-8")
    return load_codebook(path)


def test_the_three_course_codebooks_share_keys_but_not_labels():
    keys = {v: [c["key"] for c in book["codes"]] for v, book in BOOKS.items()}
    assert keys[0] == keys[1] == keys[2]
    labels = {v: codebook_fingerprint(book) for v, book in BOOKS.items()}
    assert len(set(labels.values())) == 3
    assert all(label.startswith(f"v{v}-") for v, label in labels.items())


def test_the_label_follows_the_codes_wording_not_the_file_layout(tmp_path):
    book = BOOKS[1]
    label = codebook_fingerprint(book)
    relaid = _reloaded(book, tmp_path, width=40, default_flow_style=True, sort_keys=True)
    assert codebook_fingerprint(relaid) == label  # another layout, key order and line wrapping
    assert codebook_fingerprint({**book, "changelog": ["another note"]}) == label
    changed = yaml.safe_load(yaml.safe_dump(book))
    changed["codes"][3]["when_not_to_use"] += " Also not for slogans."
    assert codebook_fingerprint(changed) != label
    renamed = yaml.safe_load(yaml.safe_dump(book))
    renamed["codes"][0]["name"] = "Overall security concept"
    assert codebook_fingerprint(renamed) != label


def test_the_label_is_the_version_and_a_sha256_prefix_of_the_codes():
    codes = [{"key": "fear", "name": "Fear", "short_definition": "Danger named."}]
    by_hand = hashlib.sha256(b'[{"key":"fear","name":"Fear","short_definition":"Danger named."}]').hexdigest()[:8]
    assert codebook_fingerprint({"version": 3, "codes": codes}) == f"v3-{by_hand}"


def test_a_panel_sheet_survives_an_excel_round_trip_with_its_label(tmp_path):
    session = CodingSession(BOOKS[1], "excel.csv", TEN)
    session.toggle("risk_prevention")
    session.set_memo("a memo; with a semicolon")
    table = pd.read_csv(session.path, dtype=str, keep_default_na=False)
    excel = tmp_path / "excel_saved.csv"  # Excel in a European locale: BOM, semicolons, CRLF, quoted cells
    excel.write_bytes(b"\xef\xbb\xbf" + table.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8"))
    assert pd.read_csv(excel, sep=";", encoding="utf-8-sig").codebook.tolist() == [codebook_fingerprint(BOOKS[1])] * 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sheet = read_partial_sheet(excel, BOOKS[1], TEN)
    assert sheet.attrs["codebook"] == codebook_fingerprint(BOOKS[1]) and sheet.risk_prevention.iloc[0] == 1


def test_older_sheets_without_the_column_are_read_as_before():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sheet = read_sheet(data_file("coding/v1_coder_a.csv"), BOOKS[1])
    assert sheet.shape == (25, 12) and sheet.attrs["codebook"] is None


def test_reading_a_sheet_with_another_codebook_warns_and_the_panel_refuses_it():
    session = CodingSession(BOOKS[0], "made_with_v0.csv", TEN)
    for _ in TEN:
        session.no_code()
        session.move(1)
    before = session.path.read_bytes()
    with pytest.warns(CodebookMismatch, match=r"made_with_v0.csv was made with codebook v0-\w{8}, but it is read "
                                              r"with codebook v1-\w{8}"):
        read_sheet(session.path, BOOKS[1], TEN)
    with pytest.raises(ValueError, match=r"does not fit this codebook(.|\n)*made with codebook v0-"):
        CodingSession(BOOKS[1], "made_with_v0.csv", TEN)
    assert session.path.read_bytes() == before


def test_comparing_sheets_made_with_different_codebooks_warns():
    v0, v1 = reference_sheets(0, BOOKS[0]), reference_sheets(1, BOOKS[1])
    with pytest.warns(CodebookMismatch, match=r"agreement_table compares sheets made with different codebooks"):
        agreement_table({"v0 coder": next(iter(v0.values())), "v1 coder": next(iter(v1.values()))}, resamples=10)
    mine = sheet_from_dict({sid: [] for sid in TEN}, BOOKS[2], sentence_ids=TEN)
    from helpers.coding import select

    with pytest.warns(CodebookMismatch, match="disagreements compares"):
        disagreements({"me": mine, "v1": select(next(iter(v1.values())), TEN)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agreement_table(v1, resamples=10)


def test_the_class_command_skips_a_sheet_made_with_another_codebook(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, version in (("ana.csv", 1), ("ben.csv", 1), ("old.csv", 0)):
        session = CodingSession(BOOKS[version], name, TEN)
        for n, _ in enumerate(TEN):
            session.toggle("risk_prevention") if (n + len(name)) % 3 else session.no_code()
            session.move(1)
        (folder / name).write_bytes(session.path.read_bytes())
    sheets, files = read_class(folder, BOOKS[1])
    assert sorted(sheets) == ["ana.csv", "ben.csv"]
    skipped = files.set_index("file").loc["old.csv"]
    assert skipped.status == "skipped" and "made with codebook v0-" in skipped.reason and "--codebook" in skipped.reason
    assert main([str(folder), "--out", str(tmp_path / "report.csv"), "--resamples", "20"]) == 0
    assert "SKIPPED  old.csv: old.csv was made with codebook v0-" in capsys.readouterr().out
