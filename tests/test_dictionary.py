"""helpers.dictionary: loading with validation, matching by the course tokenizer, scoring against hand counts."""

import math

import pandas as pd
import pytest
import yaml

from helpers.dictionary import (code_sentences, dictionary_from_codebook, dictionary_matches, errors, load_dictionary,
                                matches_in, score, validate_dictionary)
from helpers.text import segment
from helpers.workspace import data_file

SPEECH = segment("A Title\n\nFood security matters. Cybersecurity is new.\n\nThe Party's leadership is firm. "
                 "We keep the people safe and secure.")


def _write(tmp_path, text, name="dict.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ matching rules

@pytest.mark.parametrize("text, entry, found", [
    ("Food security matters.", "security", True),
    ("Cybersecurity is new.", "security", False),  # whole tokens only
    ("Cybersecurity is new.", "cyber*", True),  # * matches any letters inside the word
    ("The Party's leadership is firm.", "party's leadership", True),  # possessive split the same way
    ("The Party’s leadership is firm.", "Party's Leadership", True),  # curly apostrophe and case ignored
    ("the \"two miracles\" of growth", "two miracles", True),  # quotation marks ignored
    ("leadership of the party", "party leadership", False),  # order matters, words must be adjacent
    ("We keep the people safe and secure.", "secur*", True),
])
def test_matching_rules(text, entry, found):
    assert bool(matches_in(text, {"c": [entry]})) is found


def test_code_sentences_gives_a_coding_sheet():
    d = {"security": ["security", "secure"], "party": ["party's leadership"]}
    sheet = code_sentences(SPEECH, d)
    assert sheet.columns.tolist() == ["sentence_id", "security", "party"]
    assert sheet.sentence_id.tolist() == ["P1.S1", "P1.S2", "P2.S1", "P2.S2"]
    assert sheet.security.tolist() == [1, 0, 0, 1] and sheet.party.tolist() == [0, 0, 1, 0]
    assert dictionary_matches(SPEECH, d).values.tolist() == [
        ["P1.S1", "security", "security"], ["P2.S1", "party", "party's leadership"], ["P2.S2", "security", "secure"]]


# ------------------------------------------------------------------ scoring (hand-computed)

def _sheet(values):
    ids = [f"P1.S{i}" for i in range(1, len(values) + 1)]
    return pd.DataFrame({"sentence_id": ids, "x": values})


def test_score_against_hand_computed_values():
    # automatic 1 1 1 0 0 0 0 0 0 0 ; manual 1 1 0 1 0 0 0 0 0 0  -> tp 2, fp 1, fn 1, tn 6
    auto = _sheet([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    manual = _sheet([1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
    row = score(auto, manual).iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn) == (2, 1, 1, 6)
    assert row.precision == pytest.approx(2 / 3, abs=1e-3) and row.recall == pytest.approx(2 / 3, abs=1e-3)
    assert row.f1 == pytest.approx(2 / 3, abs=1e-3)
    # kappa: p_o = 0.8; p_e = 0.3*0.3 + 0.7*0.7 = 0.58; (0.8 - 0.58) / 0.42 = 0.5238
    assert row.kappa == pytest.approx(0.524, abs=1e-3)


def test_score_pools_codes_and_reports_undefined_values():
    auto = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "x": [0, 0], "y": [1, 0]})
    manual = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "x": [0, 0], "y": [1, 1]})
    table = score(auto, manual).set_index("code")
    assert math.isnan(table.at["x", "precision"]) and math.isnan(table.at["x", "recall"])
    assert math.isnan(table.at["x", "kappa"])
    assert "precision undefined" in table.at["x", "note"] and "kappa undefined: no variation" in table.at["x", "note"]
    assert (table.at["all codes", "tp"], table.at["all codes", "fn"], table.at["all codes", "tn"]) == (1, 1, 2)


def test_score_rejects_sheets_of_different_texts_or_codes():
    with pytest.raises(ValueError, match="cover different sentences"):
        score(_sheet([1, 0]), _sheet([1, 0, 1]))
    with pytest.raises(KeyError, match="not in both sheets"):
        score(_sheet([1]), _sheet([1]), codes=["nope"])


def test_errors_lists_false_positives_and_negatives_with_matched_words():
    d = {"security": ["security"]}
    auto = code_sentences(SPEECH, d)
    manual = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2", "P2.S1", "P2.S2"], "security": [0, 1, 0, 0]})
    table = errors(SPEECH, auto, manual, d, "security")
    assert table[["sentence_id", "error", "matched"]].values.tolist() == [
        ["P1.S1", "false positive", "security"], ["P1.S2", "false negative", ""]]
    with pytest.raises(KeyError, match="not a code of the dictionary"):
        errors(SPEECH, auto, manual, d, "party")


# ------------------------------------------------------------------ loading and validation

def test_bad_dictionaries_are_reported_with_code_and_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no dictionary file"):
        load_dictionary(tmp_path / "missing.yml")
    with pytest.raises(ValueError, match="not valid YAML near line 3"):
        load_dictionary(_write(tmp_path, "codes:\n  x: [a, b\n  y: c\n"))
    with pytest.raises(ValueError, match="no 'codes:' section"):
        load_dictionary(_write(tmp_path, "x: [a]\n"))
    (tmp_path / "latin.yml").write_bytes("codes:\n  x: [sécurité]\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_dictionary(tmp_path / "latin.yml")
    bad = {"codes": {"Bad Key": ["a"], "empty": [], "dup": ["Security", "security"], "blank": ["--"]}}
    with pytest.raises(ValueError) as info:
        validate_dictionary(bad, "test.yml")
    message = str(info.value)
    for part in ("test.yml has 4 problem(s)", "'Bad Key' is not a code key", "empty: give a list",
                 "dup: entry 'security' is listed twice", "blank: entry '--' has no words"):
        assert part in message
    with pytest.raises(ValueError, match="'nope' is not a code in the codebook"):
        validate_dictionary({"codes": {"nope": ["a"]}}, codebook={"codes": [{"key": "yes"}]})


def test_course_dictionary_is_built_from_codebook_v2_indicators():
    book = yaml.safe_load(data_file("codebook_v2.yml").read_text(encoding="utf-8"))
    dictionary = load_dictionary(codebook=book)
    assert dictionary == {code["key"]: [str(i) for i in code["indicators"]] for code in book["codes"]}
    assert dictionary == dictionary_from_codebook(book)


def test_dictionary_from_a_codebook_without_indicators_says_which_code():
    with pytest.raises(ValueError, match="x: give a list of at least one word or phrase"):
        dictionary_from_codebook({"codes": [{"key": "x"}]})
    with pytest.raises(ValueError, match="no list of codes"):
        dictionary_from_codebook({"version": 1})
