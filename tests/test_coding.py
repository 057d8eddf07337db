"""helpers.coding: codebooks, coding sheets (bad inputs with their messages), summaries, exports, data."""

import copy
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
import yaml

from helpers.coding import (
    CODE_FIELDS, blank_sheet, code_keys, codebook_changes, codebook_table, codes_by_paragraph, co_occurrence,
    disagreements, export_codings, export_refi_codebook, export_taguette_codebook, load_codebook, read_sheet,
    refi_codebook_xml, sheet_from_dict, side_by_side, validate_codebook, write_blank_sheet,
)
from helpers.text import load_speech, sentences
from helpers.workspace import course_root, my_work_dir

ROOT = course_root()
IDS = sentences(load_speech()).sentence_id.tolist()
BOOK = load_codebook(version=1)
KEYS = code_keys(BOOK)


# --------------------------------------------------------------------------- the course codebook


@pytest.mark.parametrize("version", [v for v in (1, 2) if (ROOT / "data" / f"codebook_v{v}.yml").exists()])
def test_course_codebooks_are_valid(version):
    book = load_codebook(version=version)
    assert book["version"] == version
    assert 8 <= len(book["codes"]) <= 12
    assert book["changelog"][-1]["version"] == version
    for code in book["codes"]:
        assert set(CODE_FIELDS) <= set(code)
        assert code["example"] in IDS and code["near_miss"]["sentence_id"] in IDS
        assert code["example"] != code["near_miss"]["sentence_id"]


def test_codebook_table_and_changes():
    table = codebook_table(BOOK, fields=("key", "near_miss", "indicators"))
    assert table.key.tolist() == KEYS
    assert table.near_miss[0].startswith("P1.S1: ")
    changed = copy.deepcopy(BOOK)
    changed["version"] = 2
    changed["codes"][0]["when_to_use"] = "new rule"
    changed["codes"].append({**changed["codes"][1], "key": "extra", "name": "Extra"})
    diff = codebook_changes(BOOK, changed)
    assert diff.values.tolist()[0][:2] == ["guiding_concept", "when_to_use"]
    assert diff.columns.tolist() == ["code", "field", "v1", "v2"]
    assert ["extra", "(code)", "absent", "added"] in diff.values.tolist()


# --------------------------------------------------------------------------- bad codebooks


def _bad_book(tmp_path, change):
    book = copy.deepcopy(BOOK)
    change(book)
    path = tmp_path / "book.yml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda b: b["codes"][1].pop("when_not_to_use"), r"Code 'development_security' in book.yml lacks when_not_to_use"),
    (lambda b: b["codes"][2].update(name="Overall national security concept"),
     r"Codes 'guiding_concept' and 'party_leadership' in book.yml have the same name"),
    (lambda b: b["codes"][2].update(key="guiding_concept"), r"have the same key"),
    (lambda b: b["codes"][3].update(example="P9.S1"),
     r"Code 'political_security' in book.yml: the example sentence 'P9.S1' is not in the text"),
    (lambda b: b["codes"][3]["near_miss"].update(sentence_id="P1.S9"), r"the near_miss sentence 'P1.S9'"),
    (lambda b: b["codes"][4]["near_miss"].pop("why"), r"near_miss needs 'sentence_id' and 'why'"),
    (lambda b: b["codes"][5].update(key="Social Governance"), r"is not snake_case"),
    (lambda b: b["codes"][6].update(indicators="law"), r"indicators must be a list"),
    (lambda b: b.pop("version"), r"has no 'version'"),
    (lambda b: b.update(codes=[]), r"has no codes"),
])
def test_bad_codebooks_name_the_code_and_the_fix(tmp_path, change, message):
    with pytest.raises(ValueError, match=message) as info:
        load_codebook(_bad_book(tmp_path, change))
    assert "Fix:" in str(info.value)


def test_codebook_that_is_not_yaml_or_missing(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("codes:\n  - key: a\n   name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.yml is not valid YAML near line \d"):
        load_codebook(path)
    with pytest.raises(FileNotFoundError, match="There is no codebook"):
        load_codebook(tmp_path / "nothing.yml")
    with pytest.raises(ValueError, match="should hold a mapping"):
        validate_codebook(["a list"])


# --------------------------------------------------------------------------- blank sheets


def test_blank_sheet_layout():
    sheet = blank_sheet(BOOK, ["p6.s1", "P6.S2"])
    assert sheet.columns.tolist() == ["sentence_id", *KEYS, "text"]
    assert sheet.sentence_id.tolist() == ["P6.S1", "P6.S2"]
    assert (sheet[KEYS] == "0").all().all()  # pre-filled: the coder only changes 0 to 1
    with pytest.raises(KeyError, match=r"\['P9.S9'\] are not in the text"):
        blank_sheet(BOOK, ["P9.S9"])


def test_blank_sheet_never_overwrites_work(capsys):
    path = write_blank_sheet(BOOK, name="test_sheet.csv", sentence_ids=["P6.S1", "P6.S2"])
    assert path.parent == my_work_dir()
    filled = pd.read_csv(path, dtype=str, keep_default_na=False)
    filled.loc[0, "risk_prevention"] = "1"
    filled.to_csv(path, index=False)
    before = path.read_bytes()
    assert write_blank_sheet(BOOK, name="test_sheet.csv", sentence_ids=["P6.S1", "P6.S2"]) == path
    assert path.read_bytes() == before
    assert "Kept your existing sheet my_work/test_sheet.csv" in capsys.readouterr().out
    write_blank_sheet(BOOK, name="test_sheet.csv", sentence_ids=["P6.S1", "P6.S2"], overwrite=True)
    assert path.read_bytes() != before


def test_a_memo_counts_as_work_and_a_blank_sheet_is_rewritten(capsys):
    path = write_blank_sheet(BOOK, name="memo_sheet.csv", sentence_ids=["P6.S1"])
    write_blank_sheet(BOOK, name="memo_sheet.csv", sentence_ids=["P6.S1", "P6.S2"])
    assert len(pd.read_csv(path)) == 2  # still blank, so rewritten
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet["memo"] = ["unsure about this one", ""]
    sheet.to_csv(path, index=False)
    write_blank_sheet(BOOK, name="memo_sheet.csv", sentence_ids=["P6.S1"])
    assert len(pd.read_csv(path)) == 2 and "Kept" in capsys.readouterr().out


def _rewrite(path, change):
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(sheet)
    sheet.to_csv(path, index=False)


def test_a_sheet_of_zeros_is_not_work_and_is_rewritten(capsys):
    path = write_blank_sheet(BOOK, name="zeros.csv", sentence_ids=["P6.S1"])
    write_blank_sheet(BOOK, name="zeros.csv", sentence_ids=["P6.S1", "P6.S2"])
    assert len(pd.read_csv(path)) == 2 and "Kept" not in capsys.readouterr().out
    # the same sheet after pandas' fillna(0) (0.0 everywhere) or with the old blank cells is still not work
    frame = pd.read_csv(path)
    frame[KEYS] = frame[KEYS].astype(float)
    frame.to_csv(path, index=False)
    assert "0.0" in path.read_text(encoding="utf-8")
    write_blank_sheet(BOOK, name="zeros.csv", sentence_ids=["P6.S1"])
    assert len(pd.read_csv(path)) == 1
    _rewrite(path, lambda sheet: sheet.__setitem__(KEYS[0], ""))
    write_blank_sheet(BOOK, name="zeros.csv", sentence_ids=["P6.S1", "P6.S2"])
    assert len(pd.read_csv(path)) == 2 and "Kept" not in capsys.readouterr().out


@pytest.mark.parametrize("value", ["1", "1.0", " 1 ", "x", "0.5"])
def test_any_cell_that_is_not_a_zero_counts_as_work(capsys, value):
    path = write_blank_sheet(BOOK, name="work.csv", sentence_ids=["P6.S1", "P6.S2"])
    _rewrite(path, lambda sheet: sheet.__setitem__("technology", ["0", value]))
    before = path.read_bytes()
    write_blank_sheet(BOOK, name="work.csv", sentence_ids=["P6.S1", "P6.S2"])
    assert path.read_bytes() == before and "Kept your existing sheet my_work/work.csv" in capsys.readouterr().out


def test_a_row_with_more_cells_than_the_header_counts_as_work(capsys):
    path = write_blank_sheet(BOOK, name="extra.csv", sentence_ids=["P6.S1"])
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + ",my note\n", encoding="utf-8")
    before = path.read_bytes()
    write_blank_sheet(BOOK, name="extra.csv", sentence_ids=["P6.S1"])
    assert path.read_bytes() == before and "Kept" in capsys.readouterr().out


def test_blank_sheet_name_must_be_a_csv_file_name():
    with pytest.raises(ValueError, match="plain file name ending in .csv"):
        write_blank_sheet(BOOK, name="../data/x.csv")


# --------------------------------------------------------------------------- reading sheets


def _write(tmp_path, rows, columns=None):
    frame = pd.DataFrame(rows, columns=columns or ["sentence_id", *KEYS])
    path = tmp_path / "sheet.csv"
    frame.to_csv(path, index=False)
    return path


def _good_rows(ids=("P6.S1", "P6.S2")):
    return [[sid] + [0] * len(KEYS) for sid in ids]


def test_read_a_good_sheet_with_text_and_memo(tmp_path):
    rows = _good_rows()
    rows[0][KEYS.index("risk_prevention") + 1] = 1
    frame = pd.DataFrame(rows, columns=["sentence_id", *KEYS])
    frame["text"], frame["memo"] = "x", ""
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    sheet = read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])
    assert sheet.columns.tolist() == ["sentence_id", *KEYS]
    assert sheet.risk_prevention.tolist() == [1, 0] and sheet[KEYS].dtypes.eq(int).all()


def test_unknown_sentence_id_is_reported_with_its_row(tmp_path):
    path = _write(tmp_path, _good_rows(("P6.S1", "P9.S4")))
    with pytest.raises(ValueError, match=r"row 3: unknown sentence ID 'P9.S4'"):
        read_sheet(path, BOOK, sentence_ids=["P6.S1"])


def test_unknown_code_column_is_reported(tmp_path):
    rows = [r + [1] for r in _good_rows()]
    path = _write(tmp_path, rows, ["sentence_id", *KEYS, "economy"])
    with pytest.raises(ValueError, match=r"column 'economy': unknown code"):
        read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])


def test_zero_and_one_as_decimals_are_accepted(tmp_path):
    # a sheet written by pandas after fillna(0) holds 0.0 and 1.0
    frame = pd.DataFrame(_good_rows(), columns=["sentence_id", *KEYS])
    frame[KEYS] = frame[KEYS].astype(float)
    frame.loc[1, "technology"] = 1.0
    path = tmp_path / "floats.csv"
    frame.to_csv(path, index=False)
    assert "1.0" in path.read_text(encoding="utf-8")
    sheet = read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])
    assert sheet.technology.tolist() == [0, 1] and sheet[KEYS].dtypes.eq(int).all()


def test_the_blank_sheet_filled_in_reads_back(tmp_path):
    path = write_blank_sheet(BOOK, name="roundtrip.csv", sentence_ids=["P6.S1", "P6.S2"], overwrite=True)
    _rewrite(path, lambda sheet: sheet.__setitem__("risk_prevention", ["1", "0"]))
    sheet = read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])
    assert sheet.risk_prevention.tolist() == [1, 0] and int(sheet[KEYS].to_numpy().sum()) == 1


@pytest.mark.parametrize("value", ["2", "yes", "", "x", "0.5", "1.5", "nan", "-1"])
def test_values_other_than_0_or_1_are_reported_with_row_and_column(tmp_path, value):
    rows = _good_rows()
    rows[1][KEYS.index("technology") + 1] = value
    path = _write(tmp_path, rows)
    with pytest.raises(ValueError, match=rf"row 3, column 'technology': value '{value}' is not 0 or 1"):
        read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])


def test_missing_sentences_and_duplicates_and_missing_columns(tmp_path):
    path = _write(tmp_path, _good_rows(("P6.S1", "P6.S1")))
    with pytest.raises(ValueError) as info:
        read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2", "P6.S3"])
    message = str(info.value)
    assert "sheet.csv has 2 problem(s)" in message
    assert "row 3: sentence P6.S1 appears twice (also row 2)" in message
    assert "missing sentences: P6.S2, P6.S3" in message
    path = _write(tmp_path, [r[:-1] for r in _good_rows()], ["sentence_id", *KEYS[:-1]])
    with pytest.raises(ValueError, match=rf"code column\(s\) missing: {KEYS[-1]}"):
        read_sheet(path, BOOK, sentence_ids=["P6.S1", "P6.S2"])


def test_whole_text_is_the_default_expectation(tmp_path):
    with pytest.raises(ValueError, match=r"missing sentences: P1.S1, P1.S2"):
        read_sheet(_write(tmp_path, _good_rows(("P6.S1",))), BOOK)


def test_unreadable_or_absent_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no coding sheet"):
        read_sheet(tmp_path / "none.csv", BOOK)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="could not be read as a CSV file"):
        read_sheet(empty, BOOK)
    no_id = tmp_path / "noid.csv"
    no_id.write_text("id,technology\nP6.S1,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no 'sentence_id' column"):
        read_sheet(no_id, BOOK)


def test_sheet_from_dict_and_its_errors():
    sheet = sheet_from_dict({"p6.s3": ["public_safety", "technology"], "P6.S4": "risk_prevention"}, BOOK)
    assert sheet.sentence_id.tolist() == ["P6.S3", "P6.S4"]
    assert sheet.loc[0, ["public_safety", "technology", "risk_prevention"]].tolist() == [1, 1, 0]
    assert sheet.loc[1, "risk_prevention"] == 1
    with pytest.raises(ValueError, match=r"P6.S3: unknown code 'safety'"):
        sheet_from_dict({"P6.S3": ["safety"]}, BOOK)
    with pytest.raises(ValueError, match=r"unknown sentence ID 'P6.S9'"):
        sheet_from_dict({"P6.S9": []}, BOOK)
    with pytest.raises(ValueError, match=r"missing sentences: P6.S2"):
        sheet_from_dict({"P6.S1": []}, BOOK, sentence_ids=["P6.S1", "P6.S2"])
    with pytest.raises(ValueError, match="Give your coding as a dict"):
        sheet_from_dict(["P6.S1"], BOOK)


# --------------------------------------------------------------------------- comparing and summarising


def _two_coders():
    a = sheet_from_dict({"P6.S1": ["risk_prevention"], "P6.S2": ["political_security", "ideology_opinion"],
                         "P6.S3": ["public_safety", "technology"]}, BOOK)
    b = sheet_from_dict({"P6.S1": ["risk_prevention", "guiding_concept"], "P6.S2": ["political_security"],
                         "P6.S3": ["public_safety", "technology"]}, BOOK)
    return a, b


def test_disagreement_table_lists_each_differing_code():
    a, b = _two_coders()
    table = disagreements({"A": a, "B": b})
    assert table[["sentence_id", "code", "A", "B"]].values.tolist() == [
        ["P6.S1", "guiding_concept", 0, 1], ["P6.S2", "ideology_opinion", 1, 0]]
    assert table.text[0].startswith("Xi Jinping emphasized that preventing")


def test_side_by_side_skips_missing_sheets():
    a, b = _two_coders()
    table = side_by_side({"you": None, "A": a, "B": b})
    assert table.columns.tolist() == ["sentence_id", "A", "B", "text"]
    assert table.A[1] == "political_security, ideology_opinion"
    with pytest.raises(ValueError, match="No coding sheets"):
        side_by_side({"you": None})


def test_co_occurrence_and_paragraph_counts_by_hand():
    a, _ = _two_coders()
    matrix = co_occurrence(a)
    assert matrix.loc["public_safety", "technology"] == 1 == matrix.loc["technology", "public_safety"]
    assert matrix.loc["political_security", "political_security"] == 1
    assert matrix.loc["risk_prevention", "technology"] == 0
    assert (matrix.values == matrix.values.T).all()
    by_paragraph = codes_by_paragraph(a)
    assert by_paragraph.index.tolist() == ["P6"] and by_paragraph.loc["P6"].sum() == 5


# --------------------------------------------------------------------------- exports


def test_taguette_export(tmp_path):
    path = export_taguette_codebook(BOOK, name="t.csv")
    table = pd.read_csv(path)
    assert table.columns.tolist() == ["tag", "description"] and table.tag.tolist() == KEYS
    assert export_taguette_codebook(BOOK, name="t.csv") == path  # same content: no complaint
    path.write_text("tag,description\nmine,my own\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists and differs"):
        export_taguette_codebook(BOOK, name="t.csv")


def test_refi_qdc_is_well_formed_and_stable():
    xml = refi_codebook_xml(BOOK)
    root = ET.fromstring(xml.encode("utf-8"))
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    codes = root.findall("q:Codes/q:Code", ns)
    assert [c.get("name") for c in codes] == [c["name"] for c in BOOK["codes"]]
    assert all(c.get("isCodable") == "true" and len(c.get("guid")) == 36 for c in codes)
    assert codes[0].find("q:Description", ns).text.startswith("The sentence presents")
    assert refi_codebook_xml(BOOK) == xml
    assert export_refi_codebook(BOOK).name == "codebook_v1.qdc"


def test_codings_export_is_long_form():
    a, _ = _two_coders()
    table = pd.read_csv(export_codings(a, name="long.csv"))
    assert table.columns.tolist() == ["sentence_id", "code", "text"]
    assert table[["sentence_id", "code"]].values.tolist()[:2] == [["P6.S1", "risk_prevention"],
                                                                  ["P6.S2", "political_security"]]


# --------------------------------------------------------------------------- the reference codings (data)


CODING = ROOT / "data" / "coding"
SHEETS = sorted(CODING.glob("v[12]_*.csv")) if CODING.exists() else []


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.name)
def test_reference_sheets_cover_every_sentence_with_0_or_1(path):
    book = load_codebook(version=int(path.name[1]))
    sheet = read_sheet(path, book)  # raises on any problem
    assert sheet.sentence_id.tolist() == IDS
    assert pd.read_csv(path).columns.tolist() == ["sentence_id", *code_keys(book)]


def test_every_data_coding_file_is_described_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for path in SHEETS:
        assert f"coding/{path.name}" in readme


# --------------------------------------------------------------------------- the checks of notebook 03


from helpers.checks.theme_coding import (  # noqa: E402
    HAND_CODE, TEN_SENTENCES, _hand_values, check_busiest_paragraph, check_chance_agreement, check_governance_code,
    check_kappa, check_most_disputed_code, check_my_codes, check_observed_agreement,
)

HAND = _hand_values()


def _said(capsys, check, answer):
    check(answer)
    return capsys.readouterr().out


def test_hand_values_are_those_of_the_2_by_2_table():
    # social_governance, v1: 18 both 0, 6 both 1, 1 only coder_b (24 of 25 agree)
    assert HAND_CODE == "social_governance"
    assert HAND["p_o"] == pytest.approx(24 / 25)
    p_e = 6 / 25 * 7 / 25 + 19 / 25 * 18 / 25
    assert HAND["p_e"] == pytest.approx(p_e)
    assert HAND["kappa"] == pytest.approx((24 / 25 - p_e) / (1 - p_e))


@pytest.mark.parametrize("value", [HAND["kappa"], round(HAND["kappa"], 3), int(HAND["kappa"] * 1000) / 1000])
def test_kappa_to_three_decimals_is_correct(capsys, value):
    assert _said(capsys, check_kappa, value).startswith("✅ Correct. kappa = 0.896")


@pytest.mark.parametrize("value", [0.89, 0.9, round(HAND["kappa"], 2)])
def test_kappa_to_two_decimals_is_close_whichever_way_it_was_rounded(capsys, value):
    out = _said(capsys, check_kappa, value)
    assert out.startswith("🔎 Not yet. Close, but not exact") and "three decimals" in out


def test_kappa_divided_by_one_minus_p_o_gets_its_own_message(capsys):
    wrong = (HAND["p_o"] - HAND["p_e"]) / (1 - HAND["p_o"])
    out = _said(capsys, check_kappa, wrong)
    assert "You divided by 1 − p_o" in out and "brackets" not in out


@pytest.mark.parametrize("slip", ["no_brackets", "half_brackets"])
def test_kappa_without_brackets_is_told_about_brackets(capsys, slip):
    p_o, p_e = HAND["p_o"], HAND["p_e"]
    value = p_o - p_e / 1 - p_e if slip == "no_brackets" else p_o - p_e / (1 - p_e)
    assert "Check the brackets" in _said(capsys, check_kappa, value)


def test_kappa_numerator_only_and_far_answers(capsys):
    assert "You have the numerator" in _said(capsys, check_kappa, HAND["p_o"] - HAND["p_e"])
    assert "kappa = (p_o − p_e) / (1 − p_e)" in _said(capsys, check_kappa, 0.3)


def test_p_o_and_p_e_use_the_same_tolerance(capsys):
    assert _said(capsys, check_observed_agreement, 0.96).startswith("✅")
    assert "percentage" in _said(capsys, check_observed_agreement, 96)
    assert _said(capsys, check_observed_agreement, 0.95).startswith("🔎 Not yet. Close")
    assert _said(capsys, check_chance_agreement, 0.614).startswith("✅")
    assert _said(capsys, check_chance_agreement, 0.61).startswith("🔎 Not yet. Close")


def test_scott_p_e_unrounded_gets_the_pooling_hint(capsys):
    assert "Scott's pi" in _said(capsys, check_chance_agreement, HAND["scott_p_e"])


def test_my_codes_requires_lists_and_counts_with_grammar(capsys):
    coding = {sid: [] for sid in TEN_SENTENCES}
    coding["P6.S1"] = "risk_prevention"
    out = _said(capsys, check_my_codes, coding)
    assert out.startswith("✏️ Not in the right form yet.") and "['risk_prevention']" in out
    coding["P6.S1"] = ["risk_prevention"]
    assert "with 1 code applied in all" in _said(capsys, check_my_codes, coding)
    coding["P6.S2"] = ["political_security"]
    assert "with 2 codes applied in all" in _said(capsys, check_my_codes, coding)


def test_most_disputed_code_reports_the_tie(capsys):
    # the v1 coders differ on two cells of P1.S2: development_security and social_governance, one each
    for key, other in (("development_security", "social_governance"), ("social_governance", "development_security")):
        out = _said(capsys, check_most_disputed_code, key)
        assert out.startswith(f"✅ Correct. {key} has 1 disagreement, tied with {other}.")
        assert "no code stands out" in out and "(s)" not in out and "often divides" not in out
    assert _said(capsys, check_most_disputed_code, "technology").startswith("🔎 Not yet.")


def test_busiest_paragraph_grammar(capsys):
    out = _said(capsys, check_busiest_paragraph, "P5")
    assert out.startswith("✅ Correct. P5 has 3 sentences coded social_governance") and "(s)" not in out


def test_governance_hint_points_at_the_rules_table(capsys):
    assert "when_not_to_use column of the rules table" in _said(capsys, check_governance_code, "b")


# --------------------------------------------------------------------------- the figures of notebook 03


def test_coding_stripes_use_one_colour_and_the_coder_name_once():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from helpers.plots import STRIPE_COLOUR, coding_stripes

    a, b = _two_coders()
    fig = coding_stripes({"coder_a": a, "coder_b": b})
    try:
        assert [ax.get_title() for ax in fig.axes] == ["coder_a", "coder_b"]
        colours = {to_hex(c) for ax in fig.axes for col in ax.collections for c in col.get_facecolors()}
        assert colours == {to_hex(STRIPE_COLOUR)}
    finally:
        plt.close(fig)


def test_heatmap_of_counts_has_whole_number_ticks_and_a_labelled_bar():
    import matplotlib.pyplot as plt

    from helpers.plots import code_heatmap

    fig = code_heatmap(pd.DataFrame({"a": [0, 3], "b": [2, 1]}, index=["P1", "P2"]), "T", "code", "paragraph",
                       value_label="sentences with the code")
    try:
        bar = fig.axes[1]
        ticks = [t for t in bar.get_yticks() if 0 <= t <= 3]
        assert ticks and all(float(t).is_integer() for t in ticks)
        assert bar.get_ylabel() == "sentences with the code"
    finally:
        plt.close(fig)
    fig = code_heatmap(pd.DataFrame({"a": [0.25, 0.5]}), "T", "x", "y")
    try:  # shares, not counts: the default ticks stay
        assert any(not float(t).is_integer() for t in fig.axes[1].get_yticks())
    finally:
        plt.close(fig)
