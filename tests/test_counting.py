"""helpers.counting and the counting figures: hand-computed fixtures, tie order, bad input."""

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from helpers import counting as C
from helpers.plots import bars_and_cloud, frequency_bars, make_word_cloud
from helpers.text import load_speech, segment, tokens


@pytest.fixture(scope="module")
def speech():
    return load_speech()


# ---------------------------------------------------------------- tokens and tables

def test_words_are_the_tokens_of_helpers_text(speech):
    assert C.words(speech) == tokens(speech).token.tolist()
    assert len(C.words(speech)) == 733


def test_frequency_table_ties_in_stable_order_with_shared_rank():
    table = C.frequency_table(["b", "c", "a", "b", "c", "a", "d", "e", "e", "e"])
    assert table.word.tolist() == ["e", "a", "b", "c", "d"]
    assert table["rank"].tolist() == [1, 2, 2, 2, 5]
    assert table["count"].tolist() == [3, 2, 2, 2, 1]
    assert table.per_1000.tolist() == [300.0, 200.0, 200.0, 200.0, 100.0]


def test_frequency_table_order_does_not_depend_on_input_order():
    toks = ["x", "y", "z", "y", "x", "w"]
    assert C.frequency_table(toks).equals(C.frequency_table(toks[::-1]))


def test_per_1000_keeps_the_whole_text_as_denominator_after_stop_words():
    table = C.frequency_table(["the", "the", "cat", "sat"], stopwords=["the"])
    assert table.word.tolist() == ["cat", "sat"] and table.per_1000.tolist() == [250.0, 250.0]


def test_course_text_counts(speech):
    table = C.frequency_table(speech).set_index("word")["count"]
    assert (table["security"], table["safety"], table["governance"], table["must"], table["we"]) == (14, 6, 12, 7, 11)


def test_min_count_filters_and_rejects_values_below_one():
    assert C.frequency_table(["a", "a", "b"], min_count=2).word.tolist() == ["a"]
    with pytest.raises(ValueError, match="min_count=0 is not allowed: it must be a whole number of at least 1"):
        C.frequency_table(["a"], min_count=0)
    with pytest.raises(ValueError, match="min_count=-3 is not allowed"):
        C.keyness_general(["a"], min_count=-3)
    with pytest.raises(ValueError, match="min_count=2.5 is not allowed: it must be a whole number"):
        C.frequency_table(["a"], min_count=2.5)


def test_empty_text_is_rejected_with_a_clear_message():
    with pytest.raises(ValueError, match="has no word tokens, so there is nothing to count"):
        C.frequency_table([])
    with pytest.raises(ValueError, match="has no word tokens"):
        C.frequency_table(segment("— … —"))
    with pytest.raises(TypeError, match="not str.*Fix"):
        C.frequency_table("some text")


# ----------------------------------------------------------------------- stop words

def test_default_stop_words_are_documented_and_keep_modals_and_we():
    stop = C.load_stopwords()
    assert {"the", "of", "and", "'s"} <= stop
    assert not {"we", "must", "should", "security"} & stop


def test_learner_stop_word_file_from_my_work(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    (tmp_path / "mine.txt").write_text("# my list\nThe\n\nPeople's\n", encoding="utf-8")
    assert C.load_stopwords("mine.txt") == {"the", "people", "'s"}
    table = C.frequency_table(["the", "people", "'s", "cat"], stopwords="mine.txt")
    assert table.word.tolist() == ["cat"]


def test_missing_stop_word_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"There is no stop-word file at .*nope\.txt.*my_work/"):
        C.frequency_table(["a"], stopwords="nope.txt")


def test_stop_word_file_that_is_not_utf8(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café\nthe\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.txt is not UTF-8 text \(byte 3 .*save it with the encoding 'UTF-8'"):
        C.load_stopwords(bad)


def test_a_stop_word_of_two_words_is_refused_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    (tmp_path / "my_stopwords.txt").write_text("# mine\nthe\nxi jinping\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'xi jinping' \(line 3 of my_stopwords.txt\) is 2 words.*'xi' and 'jinping'"):
        C.frequency_table(["the", "xi"], stopwords="my_stopwords.txt")
    with pytest.raises(ValueError, match=r"'Xi Jinping' is 2 words.*terms="):
        C.stopword_set(C.load_stopwords() | {"Xi Jinping"})


def test_stop_words_of_the_wrong_type():
    with pytest.raises(TypeError, match="must be text in quotes"):
        C.stopword_set(["the", 3])
    with pytest.raises(TypeError, match="stopwords must be None, 'default'"):
        C.stopword_set(3)


# -------------------------------------------------------------- multi-word expressions

def test_compound_longest_match_first_left_to_right():
    toks = "the overall national security concept and national security and national".split()
    out = C.compound(toks, ["national security", "overall national security concept"])
    assert out == ["the", "overall national security concept", "and", "national security", "and", "national"]


def test_mwe_counts_before_and_after_on_the_course_text(speech):
    terms = C.glossary_terms()
    assert "Safe China" in terms
    units = C.term_counts(speech, terms).set_index("term")["count"]
    assert units["safe china"] == 10 and units["overall national security concept"] == 2
    table = C.before_after(speech, terms, ["security", "safe", "china", "governance"]).set_index("word")
    assert table.loc["security"].tolist() == [14, 7, -7]
    assert table.loc["safe"].tolist() == [10, 0, -10]
    assert table.loc["governance"].tolist() == [12, 11, -1]
    after = C.frequency_table(speech, terms=terms).set_index("word")["count"]
    assert after["safe china"] == 10 and after["security"] == 7


# ------------------------------------------------------------------------ keyness

def test_keyness_general_floor_is_visible_and_negative_keywords_appear():
    toks = ["zzqxv"] * 3 + ["security"] * 5 + ["the"] * 2 + ["cat"] * 90
    table = C.keyness_general(toks, min_count=2).set_index("word")
    assert bool(table.loc["zzqxv", "floor_used"]) and table.loc["zzqxv", "p_used"] == 1e-9
    assert table.loc["zzqxv", "log_ratio"] == pytest.approx(math.log2(0.03 / 1e-9))
    by_hand = 2 * (3 * math.log(3 / (100 * 1e-9)) + 97 * math.log(97 / (100 * (1 - 1e-9))))
    assert table.loc["zzqxv", "G2"] == pytest.approx(by_hand)
    assert not {"p_value", "p_bonferroni"} & set(table.columns)  # a ranking, not a test
    assert table.loc["the", "direction"] == "-"  # 2 % here against about 5 % in general English (ASCII minus)
    assert table.loc["security", "direction"] == "+"
    assert "zzqxv" not in C.keyness_general(toks, min_count=4).word.tolist()


def test_keyness_general_on_the_course_text_notes_what_wordfreq_splits(speech):
    table = C.keyness_general(speech).set_index("word")
    assert table.loc["higher-level", "wordfreq_reads_as"] == "higher + level"
    by_hand = 2 * (14 * math.log(14 / (733 * 0.000158)) + 719 * math.log(719 / (733 * (1 - 0.000158))))
    assert table.loc["security", "G2"] == pytest.approx(by_hand)
    assert table.loc["jinping", "floor_used"]


def test_floor_sensitivity_changes_with_the_floor():
    table = C.floor_sensitivity(["zzqxv"] * 3 + ["cat"] * 7, floors=[1e-9, 1e-8])
    assert table.floor.tolist() == [1e-9, 1e-8]
    assert table.log_ratio.diff().iloc[1] == pytest.approx(-math.log2(10))


def test_keyness_general_rejects_a_bad_floor():
    with pytest.raises(ValueError, match="floor is 0"):
        C.keyness_general(["a"] * 3, floor=0)


def test_keyness_between_parts_uses_4_term_g2(speech):
    target = C.paragraph_words(speech, ["P1", "P2", "P3"])
    reference = C.paragraph_words(speech, ["P4", "P5", "P6", "P7", "P8"])
    assert len(target) + len(reference) == 733
    table = C.keyness_between(target, reference).set_index("word")
    row = table.loc["should"]
    assert (row.a, row.b, row.c, row.d) == (0, 7, len(target), len(reference))
    c, d = len(target), len(reference)
    e2, e4 = d * 7 / (c + d), d * (c + d - 7) / (c + d)
    e3 = c * (c + d - 7) / (c + d)
    by_hand = 2 * (7 * math.log(7 / e2) + c * math.log(c / e3) + (d - 7) * math.log((d - 7) / e4))
    assert row.G2 == pytest.approx(by_hand)
    assert row.direction == "-"
    assert row.log_ratio == pytest.approx(math.log2((0.5 / len(target)) / (7 / len(reference))))
    # E1 = 7c/(c+d) is below 5, so the p shown is Fisher's exact: all 7 in the reference, by hand
    # P(0 of 7 in the target) = C(d,7)/C(c+d,7); two-sided adds the tables as unlikely or less.
    assert row.small_expected and row.p_from == "Fisher exact"
    probability = [math.comb(c, k) * math.comb(d, 7 - k) / math.comb(c + d, 7) for k in range(8)]
    two_sided = sum(q for q in probability if q <= probability[0] * (1 + 1e-9))
    assert row.p_value == pytest.approx(two_sided)
    common = table.loc["the"]
    assert not common.small_expected and common.p_from == "G2, chi-squared"
    assert common.p_value == pytest.approx(math.erfc(math.sqrt(common.G2 / 2)))


def test_unknown_paragraph_id(speech):
    with pytest.raises(KeyError, match="There is no paragraph 'P9'.*P1 to P8"):
        C.paragraph_words(speech, ["P1", "p9"])


# ------------------------------------------------------------------------ diversity

def test_ttr_and_mattr_by_hand():
    toks = ["a", "b", "a", "c", "a", "a"]
    assert C.ttr_by_length(toks, step=6).TTR.tolist() == [0.5]
    # windows of 3: aba(2) bac(3) aca(2) caa(2) -> mean 9/4 types / 3
    assert C.mattr(toks, window=3) == pytest.approx((2 + 3 + 2 + 2) / 4 / 3)
    assert C.mattr(toks, window=6) == pytest.approx(0.5)
    assert C.mattr(toks, window=1) == 1.0


def test_mattr_matches_a_plain_sliding_window(speech):
    toks = C.words(speech)
    plain = np.mean([len(set(toks[i:i + 50])) / 50 for i in range(len(toks) - 49)])
    assert C.mattr(toks, 50) == pytest.approx(plain)


def test_mattr_bad_window():
    with pytest.raises(ValueError, match="The text has 3 tokens, fewer than the window of 50"):
        C.mattr(["a", "b", "c"], 50)
    with pytest.raises(ValueError, match="window=0 is not allowed"):
        C.mattr(["a"], 0)


def test_ttr_falls_with_length(speech):
    curve = C.ttr_by_length(speech, step=100)
    assert curve.tokens.tolist()[-1] == 733 and curve.TTR.is_monotonic_decreasing


def test_summary_panel(speech):
    panel = C.summary(speech).set_index("measure")["value"]
    assert panel["tokens"] == 733 and panel["types"] == 300 and panel["sentences"] == 25
    assert panel["TTR"] == round(300 / 733, 3)
    short = C.summary(segment("One short line of text."))
    assert short.set_index("measure").loc["MATTR (50)", "value"] is None


# ------------------------------------------------------------------------ figures

def test_word_cloud_words_are_the_frequency_tables_top_words(speech):
    table = C.frequency_table(speech, stopwords="default")
    cloud = make_word_cloud(table, n=25)
    top = table.head(25).word.tolist()
    assert set(cloud.words_) == set(top)
    assert {word for (word, _), *_ in cloud.layout_} == set(top)  # every word was placed
    largest = max(cloud.words_, key=lambda w: (cloud.words_[w], [-ord(ch) for ch in w]))
    assert largest == table.word.iloc[0]


def test_word_cloud_is_reproducible_and_a_new_instance_each_time(speech):
    table = C.frequency_table(speech, stopwords="default")
    first, second = make_word_cloud(table, n=20), make_word_cloud(table, n=20)
    assert first is not second and first.layout_ == second.layout_
    assert not first.collocations


def test_figures_reject_a_table_without_counts():
    with pytest.raises(ValueError, match="'word' and 'count' columns"):
        frequency_bars(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="n=0 is not allowed"):
        bars_and_cloud(pd.DataFrame({"word": ["a"], "count": [1]}), n=0)


# ------------------------------------------------------------------------ scale

def test_frequency_table_agrees_with_counter_on_a_large_corpus(speech):
    rng = np.random.default_rng(7)
    toks = C.words(speech)
    big = [toks[i] for i in rng.integers(0, len(toks), 200_000)]
    table = C.frequency_table(big)
    assert dict(zip(table.word, table["count"])) == Counter(big)
    assert C.mattr(big, 50) > 0


# ------------------------------------------------- the fast counter equals the tokenizer

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.text import tokenize  # noqa: E402

PIECES = st.sampled_from(["People", "people's", "States'", "don't", "well-being", "’s", "it’s", "‘quoted’",
                          "İstanbul", "ß", "x-", "-y", "'", "''s", "a'b'c", "_", "2025", "18th", "—", ",", ".",
                          "security", "Safe China", "é", "\n", " ", "\t", "--", "a_b", "-'s", "'-", "Ǆ", "ﬁ"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_token_counts_equal_counter_of_tokenize(text):
    if text.strip():
        assert C.token_counts(segment(text)) == Counter(tokenize("\n".join(segment(text).paragraphs)))


def test_token_counts_on_the_course_text(speech):
    assert C.token_counts(speech) == Counter(tokens(speech).token)


# ------------------------------------------------- direction signs a learner can type

def test_direction_uses_ascii_signs_only(speech):
    general = C.keyness_general(speech, min_count=1)
    between = C.keyness_between(C.paragraph_words(speech, ["P1", "P2", "P3"]),
                                C.paragraph_words(speech, ["P4", "P5", "P6", "P7", "P8"]))
    for table in (general, between):
        assert set(table.direction) == {"+", "-"}
        assert len(table[table.direction == "-"]) > 0  # what a learner types on a keyboard finds the rows


# ------------------------------------------------- the checks of notebook 04

from helpers.checks import counting_words as W  # noqa: E402


def _said(capsys, check, *args, **kwargs):
    check(*args, **kwargs)
    return capsys.readouterr().out


def test_governance_g2_accepts_two_decimals_and_names_coarse_rounding(capsys):
    g2 = float(C.keyness_general(load_speech()).set_index("word").loc["governance", "G2"])
    assert round(g2, 2) == 148.86
    for good in (g2, 148.86, 148.9):
        assert _said(capsys, W.check_governance_g2, good).startswith("✅")
    for rounded in (149, 149.0, 150):
        out = _said(capsys, W.check_governance_g2, rounded)
        assert out.startswith("🔎") and "looks rounded" in out and "Re-check a" not in out
    assert "Re-check a" in _said(capsys, W.check_governance_g2, 120.0)
    assert "unrounded, or rounded to two decimals" in _said(capsys, W.check_governance_g2, None)


def test_stopword_check_grammar_and_the_terms_mistake(capsys):
    speech = load_speech()
    out = _said(capsys, W.check_my_stopword_table, C.frequency_table(speech, stopwords="default"))
    assert "jinping, must, should, xi are still in your table" in out
    out = _said(capsys, W.check_my_stopword_table, C.frequency_table(speech, stopwords=C.load_stopwords() | {"xi", "jinping", "must"}))
    assert "should is still in your table" in out
    with_terms = C.frequency_table(speech, stopwords=C.load_stopwords() | W.EXTRA_STOPWORDS, terms=C.glossary_terms())
    out = _said(capsys, W.check_my_stopword_table, with_terms)
    assert out.startswith("🔎") and "terms=" in out


def test_load_stopwords_is_a_frozenset_combined_with_a_bar():
    stop = C.load_stopwords()
    assert isinstance(stop, frozenset)
    assert {"xi"} <= (stop | {"xi"}) and "xi" not in stop


def test_keyness_direction_compares_rates_not_raw_counts():
    """'x' is 2 of 10 tokens in the target (20%) and 10 of 100 in the reference (10%): more frequent in the
    target although its raw count there is smaller."""
    target, reference = ["x"] * 2 + ["y"] * 8, ["x"] * 10 + ["y"] * 90
    between = C.keyness_between(target, reference, min_count=1).set_index("word")
    assert between.loc["x", "direction"] == "+" and between.loc["y", "direction"] == "-"
    general = C.keyness_general(["governance"] * 2 + ["the"] * 2 + ["safety"] * 96, min_count=1).set_index("word")
    assert general.loc["governance", "direction"] == "+" and general.loc["the", "direction"] == "-"
