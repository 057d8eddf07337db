"""Feedback of the checks of notebooks 05-07 for answers students actually gave in the trials.

Expected values are computed here by hand from the course data: 14 tokens 'security', 5 in sentences
coded political_security; 'cybersecurity' adds one token outside them (5/15); guiding_concept has
precision 4/10 and recall 4/4.
"""

import builtins
import contextlib
import io
import json
import math
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.agreement import agreement_table
from helpers.checks import (check_agreement_codes, check_chosen_codes, check_error_reason, check_figure,
                            check_mi_by_hand, check_observation_ids, check_precision_recall,
                            check_pattern_breaker, check_share_in_coded)
from helpers.coding import consensus_sheet, disagreements, load_codebook, sheet_from_dict
from helpers.submission import FINGERPRINT_MARKER, inspect_submission, record_fingerprint
from helpers.text import load_speech, sentences, tokens

ROOT = Path(__file__).resolve().parent.parent
FIX = "Fix: pass a dict such as {'me': my_sheet, 'reference': reference}"


def _said(check, *args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*args, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def r2():
    speech = load_speech()
    ids = list(sentences(speech).sentence_id)
    my_codes = ["political_security"]
    my_sheet = sheet_from_dict({sid: [] for sid in ids}, load_codebook(version=2), sentence_ids=ids, speech=speech)
    return my_sheet, consensus_sheet(), my_codes


# 1. agreement_table and disagreements: the three calls students tried get a plain TypeError with the fix.
@pytest.mark.parametrize("function", [agreement_table, disagreements])
@pytest.mark.parametrize("call, named", [
    (lambda f, me, ref, codes: f(me, ref), "DataFrame"),
    (lambda f, me, ref, codes: f(me, ref, codes=codes), "2 separate arguments"),
    (lambda f, me, ref, codes: f([me, ref]), "a list"),
])
def test_agreement_functions_explain_how_to_pass_the_sheets(r2, function, call, named):
    my_sheet, second_coder, my_codes = r2
    with pytest.raises(TypeError) as raised:
        call(function, my_sheet, second_coder, my_codes)
    message = str(raised.value)
    assert function.__name__ in message and named in message and FIX in message


def test_r2_instructions_show_the_call_and_it_works(r2):
    notebook = json.loads((ROOT / "notebooks" / "07_assignment.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert 'agreement_table({"me": my_sheet, "reference": second_coder}, codes=my_codes)' in markdown
    my_sheet, second_coder, my_codes = r2
    table = agreement_table({"me": my_sheet, "reference": second_coder}, codes=my_codes, resamples=20)
    assert list(table.code) == ["political_security", "pooled"]
    assert set(disagreements({"me": my_sheet, "reference": second_coder}, codes=my_codes).code) == {"political_security"}


# 2. A bare string is not a list of codes.
def test_a_bare_code_string_is_refused_with_the_list_form():
    said = _said(check_chosen_codes, "political_security")
    assert not said.startswith("✅")
    assert 'put it in a list: my_codes = ["political_security"]' in said


# 3. The setup cell imports bar_chart, which R4 and check_figure suggest.
def test_setup_cell_imports_bar_chart():
    for path in ("notebooks/07_assignment.ipynb", "notebooks/solutions/07_assignment.ipynb"):
        notebook = json.loads((ROOT / path).read_text(encoding="utf-8"))
        setup = "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code")["source"])
        assert "bar_chart" in setup, path


# 4. The fingerprint: printed in one call, and read back when saved as two stream outputs.
def test_record_fingerprint_prints_once(monkeypatch):
    calls = []
    monkeypatch.setattr(builtins, "print", lambda *args, **kwargs: calls.append(args))
    record_fingerprint()
    assert len(calls) == 1 and FINGERPRINT_MARKER in calls[0][0]


def test_fingerprint_split_over_two_stream_outputs_is_complete(tmp_path):
    record = {"python": "3.11.0", "pandas": "2.2.0", "text_file": "safe_china_readout_en.txt", "text_sha256": "ab" * 32}
    outputs = [new_output("stream", name="stdout", text=FINGERPRINT_MARKER + "\n"),
               new_output("stream", name="stdout", text=json.dumps(record, indent=1) + "\n")]
    notebook = new_notebook(cells=[
        new_markdown_cell("# 07 · Assignment"),
        new_code_cell("record_fingerprint(TEXT_PATH)", execution_count=1, outputs=outputs),
    ])
    path = tmp_path / "07_assignment.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    found = {f.area: f for f in inspect_submission(path)}["Environment fingerprint"]
    assert found.ok, found.message
    assert "Python 3.11.0, pandas 2.2.0" in found.message


# 5. One string of several IDs: the suggested list has one ID per item.
def test_ids_in_one_string_get_a_list_of_separate_ids():
    said = _said(check_observation_ids, "P6.S2, P6.S3")
    assert 'r1_ids = ["P6.S2", "P6.S3"]' in said
    assert '["P6.S2, P6.S3"]' not in said


# 6. A wrong denominator in the share of 'security' tokens.
def _security():
    joined = tokens(load_speech()).merge(consensus_sheet(), on="sentence_id")
    return joined, joined[joined.token == "security"]


def test_share_divided_by_all_tokens_is_called_too_small():
    joined, sec = _security()
    said = _said(check_share_in_coded, sec.political_security.sum() / len(joined))
    assert "too small" in said and "len(security)" in said and "str.contains" not in said


def test_share_above_one_is_called_impossible():
    _, sec = _security()
    said = _said(check_share_in_coded, sec.political_security.sum() / consensus_sheet().political_security.sum())
    assert "A share is at most 1" in said and "len(security)" in said and "str.contains" not in said


# 7. Option d: P5.S3 matched 'system', so the feedback talks of the new false positives only.
def test_option_d_speaks_of_the_new_false_positives():
    said = _said(check_error_reason, "d")
    assert "each new false positive" in said and "each sentence matched" not in said


# 8. MI by hand without brackets round r1 × c1.
def test_mi_bracket_slip_is_named():
    o11_ps, r1_ps, c1_ps, n = 3, 5, 6, 733
    said = _said(check_mi_by_hand, math.log2(o11_ps * n / r1_ps * c1_ps))
    assert "Put r1 × c1 in brackets: n / (r1 * c1)" in said


# 9. The pattern-breaker hints point to the table column, not to the answer.
def test_pattern_breaker_hints_point_to_the_sequence_column():
    said = _said(check_pattern_breaker, "P4")
    assert "longer than one word" not in said and "necessary" not in said
    assert "sequence column" in said


def _out(capsys, fn, *args):
    fn(*args)
    return capsys.readouterr().out


# ----------------------------------------------------------------------------- 06: share in coded sentences

def test_share_correct(capsys):
    assert _out(capsys, check_share_in_coded, 5 / 14).startswith("✅ Correct. 5 of the 14 occurrences")


@pytest.mark.parametrize("answer", [5 / 12, 0.9, 5 / 15, 2 / 9])
def test_share_feedback_never_repeats_not_yet(capsys, answer):
    assert "Not yet. Not yet." not in _out(capsys, check_share_in_coded, answer)


def test_share_names_the_cybersecurity_mistake(capsys):
    printed = _out(capsys, check_share_in_coded, 5 / 15)  # joined[joined.token.str.contains('secur')]
    assert "'cybersecurity'" in printed and "str.contains" in printed


def test_share_names_counting_sentences_instead_of_tokens(capsys):
    assert "share of sentences" in _out(capsys, check_share_in_coded, 2 / 9)


def test_share_check_follows_the_course_data_it_was_computed_from(capsys, tmp_path, monkeypatch):
    import shutil  # the check keeps its shares between calls: a changed or missing file must still count

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    assert _out(capsys, check_share_in_coded, 2 / 9).count("share of sentences") == 1
    consensus = tmp_path / "data" / "coding" / "v2_consensus.csv"
    consensus.unlink()
    assert "v2_consensus.csv) is missing" in _out(capsys, check_share_in_coded, 2 / 9)
    shutil.copy(ROOT / "data" / "coding" / "v2_consensus.csv", consensus)
    assert "share of sentences" in _out(capsys, check_share_in_coded, 2 / 9)


def test_share_hint_is_the_same_on_every_try_and_never_the_answer(capsys):
    hints = [_out(capsys, check_share_in_coded, 0.9) for _ in range(3)]
    assert len(set(hints)) == 1 and "Two numbers" in hints[0]
    assert "0.36" not in hints[0] and "5 of the 14" not in hints[0]


# ----------------------------------------------------------------------------- 06: precision and recall

@pytest.mark.parametrize("answer", [
    (0.4, 1.0), [0.4, 1.0], np.array([0.4, 1.0]),
    pd.Series({"precision": 0.4, "recall": 1.0}),
    pd.DataFrame({"code": ["guiding_concept"], "precision": [0.4], "recall": [1.0], "f1": [0.571]})
      .set_index("code").loc["guiding_concept", ["precision", "recall"]],
])
def test_precision_recall_accepts_any_sequence_of_two_numbers(capsys, answer):
    assert _out(capsys, check_precision_recall, answer).startswith("✅ Correct. precision 0.40")


def test_precision_recall_three_numbers_says_what_is_expected(capsys):
    printed = _out(capsys, check_precision_recall, (0.4, 1.0, 0.571))
    assert "three numbers" in printed and "(precision, recall)" in printed and "No answer yet" not in printed


def test_precision_recall_wrong_has_one_not_yet(capsys):
    printed = _out(capsys, check_precision_recall, (0.5, 0.5))
    assert printed.startswith("🔎 Not yet. Count tp, fp and fn") and "Not yet. Not yet." not in printed


def test_precision_recall_swapped(capsys):
    assert "swapped" in _out(capsys, check_precision_recall, (1.0, 0.4))


# ----------------------------------------------------------------------------- 06: multiple choice

@pytest.mark.parametrize("letter, expected", [("b", "✅ Correct."), ("a", "🔎"), ("c", "🔎"), ("d", "🔎")])
def test_error_reason_letters(capsys, letter, expected):
    assert _out(capsys, check_error_reason, letter).startswith(expected)


def test_error_reason_distractor_d_names_whole_word_matching(capsys):
    assert "whole words" in _out(capsys, check_error_reason, "d")


# ----------------------------------------------------------------------------- 07: agreement table codes

def test_agreement_codes_flags_codes_not_chosen(capsys):
    table = pd.DataFrame({"code": ["party_leadership", "social_governance", "technology", "pooled"]})
    printed = _out(capsys, check_agreement_codes, table, ["party_leadership", "social_governance"])
    assert printed.startswith("🔎 Not yet.") and "technology" in printed and "codes=my_codes" in printed


def test_agreement_codes_accepts_the_chosen_codes(capsys):
    table = pd.DataFrame({"code": ["party_leadership", "pooled"]})
    assert _out(capsys, check_agreement_codes, table, ["party_leadership"]).startswith("✅ Correct.")


def test_agreement_codes_without_codes_asks_for_them(capsys):
    assert "my_codes" in _out(capsys, check_agreement_codes, None, None)


# ----------------------------------------------------------------------------- 07: figure

def test_figure_given_an_axes_says_use_ax_figure(capsys):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.set(title="T", xlabel="x", ylabel="y")
    try:
        assert "a Figure, not an Axes: use fig = ax.figure" in _out(capsys, check_figure, ax)
        success = _out(capsys, check_figure, fig)
    finally:
        plt.close(fig)
    assert success.startswith("✅") and "cell below" not in success and "right under the figure" in success
