"""helpers.concordance and the dispersion plot: hand-computed fixtures, NLTK cross-checks, bad input."""

import itertools
import math
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from helpers import concordance as K
from helpers import counting as C
from helpers.plots import dispersion_plot
from helpers.text import load_speech, segment, sentences, tokenize, tokens


@pytest.fixture(scope="module")
def speech():
    return load_speech()


SMALL = segment("Title line\n\nAlpha beta gamma alpha. Beta alpha delta.\n\nGamma alpha beta. Epsilon zeta.")
# tokens: 0 alpha 1 beta 2 gamma 3 alpha | 4 beta 5 alpha 6 delta || 7 gamma 8 alpha 9 beta | 10 epsilon 11 zeta


# ---------------------------------------------------------------- the index and KWIC

def test_index_positions_are_the_tokens_of_helpers_text(speech):
    index = K.build_index(speech)
    table = tokens(speech)
    assert index.tokens == table.token.tolist() and index.n_tokens == 733
    for word in ("security", "safety", "'s"):
        assert index.positions(word).tolist() == table.index[table.token == word].tolist()
    assert K.build_index(speech) is index  # built once


def test_kwic_lines_carry_the_right_sentence_ids(speech):
    table = tokens(speech)
    lines = K.kwic(speech, "security")
    assert len(lines) == 14
    assert lines.sentence_id.tolist() == table.loc[lines.position, "sentence_id"].tolist()
    assert set(lines.node) == {"security"}
    assert lines.position.is_monotonic_increasing


def test_kwic_phrase_matches_across_tokens_and_within_one_sentence(speech):
    lines = K.kwic(speech, "public safety", window=2)
    assert lines.sentence_id.tolist() == ["P3.S2", "P6.S3", "P6.S3"]
    assert lines.node.tolist() == ["public safety"] * 3
    assert lines.right.tolist()[0] == "governance resolutely"
    assert K.kwic(speech, "people's").node.tolist() == ["people 's"]  # the possessive is its own token
    assert len(K.kwic(SMALL, "gamma alpha")) == 2
    with pytest.raises(KeyError, match="does not occur .* each of its words does"):
        K.kwic(SMALL, "delta gamma")  # 6 and 7 are adjacent positions, but in different sentences


def test_kwic_context_window_and_edges():
    lines = K.kwic(SMALL, "alpha", window=2)
    assert lines.left.tolist() == ["", "beta gamma", "alpha beta", "delta gamma"]
    assert lines.right.tolist() == ["beta gamma", "beta alpha", "delta gamma", "beta epsilon"]
    inside = K.kwic(SMALL, "alpha", window=2, within_sentence=True)
    assert inside.right.tolist() == ["beta gamma", "", "delta", "beta"]


def test_kwic_sorting_like_antconc():
    by_1r = K.kwic(SMALL, "alpha", window=2, sort="1R")
    assert by_1r.right.str.split().str[0].tolist() == ["beta", "beta", "beta", "delta"]
    assert by_1r.position.tolist() == [0, 3, 8, 5]  # ties keep reading order
    by_1l = K.kwic(SMALL, "alpha", window=2, sort="1L")
    assert by_1l.position.tolist() == [0, 5, 3, 8]  # '' (text start), beta, gamma, gamma
    by_2r = K.kwic(SMALL, "alpha", window=2, sort=["1R", "2R"])
    assert by_2r.right.tolist() == ["beta alpha", "beta epsilon", "beta gamma", "delta gamma"]
    assert by_2r.position.tolist() == [3, 8, 0, 5]


def test_kwic_wildcard(speech):
    lines = K.kwic(speech, "secur*")
    assert set(lines.node) == {"security"} and len(lines) == 14  # 'cybersecurity' does not start with 'secur'
    assert set(K.kwic(speech, "*security").node) == {"security", "cybersecurity"}


# ---------------------------------------------------------------- bad input, with the messages a learner sees

def test_unknown_term_lists_what_to_try(speech):
    with pytest.raises(KeyError, match=r"'securty' does not occur in safe_china_readout_en.txt .*Try: 'security'"):
        K.kwic(speech, "securty")
    with pytest.raises(KeyError, match="Try:"):
        K.collocates(speech, "zzzz")


@pytest.mark.parametrize("term", ["", "   ", "!!!", None, 3])
def test_empty_term_is_refused(speech, term):
    with pytest.raises(ValueError, match="search term .* Fix: give a word or phrase"):
        K.kwic(speech, term)


@pytest.mark.parametrize("window", [0, -1, 2.5, True, "5"])
def test_window_below_one_is_refused(speech, window):
    with pytest.raises(ValueError, match=r"window=.* must be a whole number of at least 1 .* Fix: for example window=5"):
        K.kwic(speech, "security", window=window)
    with pytest.raises(ValueError, match="window="):
        K.collocates(speech, "security", window=window)


@pytest.mark.parametrize("min_freq", [0, -3, 1.5])
def test_min_freq_below_one_is_refused(speech, min_freq):
    with pytest.raises(ValueError, match=r"min_freq=.* must be a whole number of at least 1"):
        K.collocates(speech, "security", min_freq=min_freq)
    with pytest.raises(ValueError, match=r"min_freq="):
        K.bigram_collocates(speech, min_freq=min_freq)


def test_other_bad_input(speech):
    with pytest.raises(ValueError, match="sort='3X' is not a sort key"):
        K.kwic(speech, "security", sort="3X")
    with pytest.raises(ValueError, match="not larger than window=2"):
        K.kwic(speech, "security", window=2, sort="3R")
    with pytest.raises(ValueError, match="empty window"):
        K.collocates(speech, "security", left=0, right=0)
    with pytest.raises(ValueError, match="No word occurs at least min_freq=50 times near 'security'"):
        K.collocates(speech, "security", min_freq=50)
    with pytest.raises(TypeError, match="Expected a speech from load_speech"):
        K.kwic("the text itself", "security")
    with pytest.raises(ValueError, match="no words to search"):
        K.kwic(segment("... --- ..."), "security")
    with pytest.raises(ValueError, match="No terms given"):
        K.dispersion(speech, [])
    with pytest.raises(ValueError, match="sort_by='pmi' is not a column"):
        K.collocates(speech, "security", sort_by="pmi")
    with pytest.raises(ValueError, match="do not make a 2×2 table"):
        K.association_scores(5, 3, 10, 100)


# ---------------------------------------------------------------- association measures: hand-computed 2×2

def test_two_by_two_by_hand():
    # o11 = 2, r1 = 10, c1 = 4, n = 100: E = 10 × 4 / 100 = 0.4
    table = K.contingency_table(2, 10, 4, 100)
    assert table.loc["in window"].tolist() == [2, 8, 10]
    assert table.loc["elsewhere"].tolist() == [2, 88, 90]
    assert table.loc["expected in window", "collocate"] == pytest.approx(0.4)
    scores = K.association_scores(2, 10, 4, 100)
    assert scores["expected"] == pytest.approx(0.4)
    assert scores["mi"] == pytest.approx(math.log2(5))                     # log2(2 / 0.4) = 2.321928
    assert scores["mi"] == pytest.approx(2.321928, abs=1e-6)
    assert scores["log_dice"] == pytest.approx(14 + math.log2(4 / 14))     # 12.192645
    assert scores["log_dice"] == pytest.approx(12.192645, abs=1e-6)
    # G² = 2 (2 ln(2/0.4) + 8 ln(8/9.6) + 2 ln(2/3.6) + 88 ln(88/86.4)) = 4.398908
    assert scores["log_likelihood"] == pytest.approx(4.398908, abs=1e-6)
    assert scores["t_score"] == pytest.approx((2 - 0.4) / math.sqrt(2))


def test_zero_counts_give_minus_infinity_or_nan_not_an_error(speech):
    never = K.association_scores(0, 10, 4, 100)
    assert never["mi"] == -math.inf and never["log_dice"] == -math.inf and never["log_likelihood"] > 0
    assert math.isnan(K.association_scores(0, 0, 4, 100)["mi"])
    assert K.count(speech, "national security") == 5 and K.count(speech, "peaceful china") == 0
    assert K.word_in_formulations(speech, "peaceful", ["peaceful china"])["count"].tolist() == [0, 1]
    assert K.word_in_formulations(speech, "xylophone", ["xylophone security"])["count"].tolist() == [0, 0]


def test_mi_favours_rare_pairs_log_likelihood_does_not():
    rare = K.association_scores(1, 1, 1, 733)        # two hapaxes side by side
    frequent = K.association_scores(5, 10, 14, 733)  # 'national security' in the course text
    assert rare["mi"] == pytest.approx(math.log2(733)) and rare["mi"] > frequent["mi"]
    assert rare["log_likelihood"] < frequent["log_likelihood"]


def _nltk_bigram_scores(toks):
    finder = BigramCollocationFinder.from_words(toks)
    measures = BigramAssocMeasures
    return {name: dict(finder.score_ngrams(getattr(measures, name)))
            for name in ("pmi", "likelihood_ratio", "dice", "student_t", "raw_freq")}


def test_bigram_collocates_match_nltk(speech):
    table = K.bigram_collocates(speech, within_sentence=False)
    nltk_scores = _nltk_bigram_scores(tokens(speech).token.tolist())
    assert len(table) == len(nltk_scores["pmi"])
    for row in table.itertuples():
        pair = (row.w1, row.w2)
        assert row.mi == pytest.approx(nltk_scores["pmi"][pair], rel=1e-9)
        assert row.log_likelihood == pytest.approx(nltk_scores["likelihood_ratio"][pair], rel=1e-6, abs=1e-6)
        assert row.log_dice == pytest.approx(14 + math.log2(nltk_scores["dice"][pair]), rel=1e-9)
        assert row.t_score == pytest.approx(nltk_scores["student_t"][pair], rel=1e-6)
        assert row.observed / 733 == pytest.approx(nltk_scores["raw_freq"][pair])


def test_bigram_collocates_within_sentences_drop_crossing_pairs():
    crossing = K.bigram_collocates(SMALL, within_sentence=False)
    inside = K.bigram_collocates(SMALL)
    pairs = set(zip(crossing.w1, crossing.w2)) - set(zip(inside.w1, inside.w2))
    assert pairs == {("delta", "gamma"), ("beta", "epsilon")}  # 'alpha beta'→'beta alpha' stays: both in-sentence


def test_collocates_window_by_hand():
    # node 'beta' at 1, 4, 9; window 1 each side, within the sentence:
    # positions 0 (alpha), 2 (gamma), 5 (alpha; 3 belongs to the previous sentence), 8 (alpha); 10 is the next sentence
    table = K.collocates(SMALL, "beta", window=1, min_freq=1).set_index("collocate")
    assert table.loc["alpha", "observed"] == 3 and table.loc["gamma", "observed"] == 1
    assert set(table.window_tokens) == {4} and table.loc["alpha", "collocate_freq"] == 4
    expected = K.association_scores(3, 4, 4, 12, f_node=3)
    assert table.loc["alpha", "mi"] == pytest.approx(expected["mi"])  # log2(3 × 12 / (4 × 4))
    assert table.loc["alpha", "mi"] == pytest.approx(math.log2(36 / 16))
    assert table.loc["alpha", "log_dice"] == pytest.approx(14 + math.log2(6 / 7))  # f_node = 3, c1 = 4
    assert set(table.node_freq) == {3}  # 'beta' occurs 3 times: the f_node of logDice, shown beside the table
    # expected = 4 × c1 / 12: alpha 4 × 4 / 12 = 1.33, flagged as under 5
    assert table.loc["alpha", "expected_under_5"] and table.loc["alpha", "expected"] == pytest.approx(16 / 12)
    crossing = K.collocates(SMALL, "beta", window=1, min_freq=1, within_sentence=False).set_index("collocate")
    assert crossing.loc["alpha", "observed"] == 4 and crossing.loc["epsilon", "observed"] == 1


def test_collocates_one_side_matches_the_bigram_table(speech):
    left = K.collocates(speech, "security", left=1, right=0, min_freq=1, within_sentence=False)
    assert left.set_index("collocate").loc["national", "observed"] == 5
    table = K.collocates(speech, "security", window=4, min_freq=2)
    assert (table.observed >= 2).all()
    assert table.log_dice.is_monotonic_decreasing


# ---------------------------------------------------------------- dispersion

def test_dispersion_rows_belong_to_their_labels(speech):
    table = tokens(speech)
    hits = K.dispersion(speech, ["security", "public safety", "party"])
    for row in hits.itertuples():
        first = tokenize(row.term)[0]
        assert table.loc[row.position, "token"] == first
        assert table.loc[row.position, "sentence_id"] == row.sentence_id
        assert table.loc[row.position, "paragraph_id"] == row.paragraph_id
    assert hits.groupby("term", sort=False).size().to_dict() == {"security": 14, "public safety": 3, "party": 5}


def test_paragraph_counts_are_recounted_independently(speech):
    by_par = K.dispersion_by_paragraph(speech, ["security", "public safety"])
    for row in by_par.itertuples():
        words = tokenize(speech.paragraphs[int(row.paragraph_id[1:]) - 1])
        target = tokenize(row.term)
        expected = sum(words[i:i + len(target)] == target for i in range(len(words)))
        assert (row.count, row.tokens) == (expected, len(words)), row


def test_wide_table_keeps_text_order_past_nine_paragraphs():
    text = "\n\n".join(f"Paragraph {i} says {'echo ' * i}here." for i in range(1, 12))
    wide = K.dispersion_by_paragraph(segment(text), ["echo", "absent"], wide=True)
    assert wide.index.tolist() == [f"P{i}" for i in range(1, 12)]  # not P1, P10, P11, P2, ...
    assert wide["echo"].tolist() == list(range(1, 12))
    assert wide["absent"].tolist() == [0] * 11


def test_gries_dp_by_hand():
    # parts of 4, 2 and 2 tokens: s = (.5, .25, .25); 'alpha' 2 times, both in part 1: v = (1, 0, 0)
    text = segment("Alpha alpha beta gamma.\n\nDelta epsilon.\n\nZeta eta.")
    row = K.gries_dp(text, ["alpha", "beta", "theta"]).set_index("term")
    assert row.loc["alpha", "dp"] == pytest.approx(0.5 * (0.5 + 0.25 + 0.25))          # 0.5
    assert row.loc["alpha", "dp_norm"] == pytest.approx(0.5 / (1 - 0.25))              # 0.6667
    assert row.loc["beta", "dp"] == pytest.approx(0.5 * (0.5 + 0.25 + 0.25))
    assert math.isnan(row.loc["theta", "dp"]) and row.loc["theta", "count"] == 0
    even = segment("Alpha beta.\n\nAlpha beta.")
    assert K.gries_dp(even, "alpha").dp.iloc[0] == pytest.approx(0.0)


def _dp(counts, sizes):
    """DP written out once more for the brute force below: ½ Σ |c_i / f − s_i|."""
    f, total = sum(counts), sum(sizes)
    return 0.5 * sum(abs(c / f - z / total) for c, z in zip(counts, sizes))


def _brute_force_dp_min(sizes, f):
    """Try every way of putting f hits into the parts (stars and bars) and keep the smallest DP."""
    k = len(sizes)
    best = math.inf
    for bars in itertools.combinations(range(f + k - 1), k - 1):
        edges = (-1, *bars, f + k - 1)
        best = min(best, _dp([edges[i + 1] - edges[i] - 1 for i in range(k)], sizes))
    return best


def test_dp_minimum_by_hand():
    # parts of 2, 1 and 1 tokens: s = (.5, .25, .25)
    # 1 hit: best in the big part, v = (1, 0, 0): ½ (.5 + .25 + .25) = .5
    # 2 hits: v = (.5, .5, 0): ½ (0 + .25 + .25) = .25;  4 hits: (2, 1, 1) matches s exactly: 0
    # 3 hits: v = (1/3, 1/3, 1/3): ½ (1/6 + 1/12 + 1/12) = 1/6
    assert K.dp_minimum([2, 1, 1], 1) == pytest.approx(0.5)
    assert K.dp_minimum([2, 1, 1], 2) == pytest.approx(0.25)
    assert K.dp_minimum([2, 1, 1], 3) == pytest.approx(1 / 6)
    assert K.dp_minimum([2, 1, 1], 4) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="frequency=0"):
        K.dp_minimum([2, 1, 1], 0)
    with pytest.raises(ValueError, match="part_sizes"):
        K.dp_minimum([], 3)


@pytest.mark.parametrize("f", [1, 2, 5, 9, 14])
def test_dp_minimum_matches_every_possible_spread_of_the_hits(speech, f):
    sizes = K.dispersion_by_paragraph(speech, "security").tokens.tolist()  # the course text's 8 paragraphs
    assert K.dp_minimum(sizes, f) == pytest.approx(_brute_force_dp_min(sizes, f))
    assert K.dp_minimum([5, 5, 5, 5], 2) == pytest.approx(_brute_force_dp_min([5, 5, 5, 5], 2))


def test_gries_dp_reports_the_floor_beside_the_value(speech):
    table = K.gries_dp(speech, ["security", "people", "safety"]).set_index("term")
    sizes = K.dispersion_by_paragraph(speech, "people").tokens.tolist()
    for term in table.index:
        assert table.loc[term, "dp_min"] == pytest.approx(_brute_force_dp_min(sizes, int(table.loc[term, "count"])))
        assert table.loc[term, "dp"] >= table.loc[term, "dp_min"]
    hits = K.dispersion_by_paragraph(speech, "people")["count"].tolist()
    assert table.loc["people", "dp"] == pytest.approx(_dp(hits, sizes))


def test_fisher_exact_p_by_hand():
    # Fisher's lady tasting tea: 3 of 4 cups right, margins 4 and 4 of 8. P(3) + P(4) = (16 + 1) / 70
    assert K.fisher_exact_greater(3, 4, 4, 8) == pytest.approx(17 / 70)
    # two words seen once each, side by side: the collocate falls on the one window position by chance 1 in n
    assert K.fisher_exact_greater(1, 1, 1, 733) == pytest.approx(1 / 733)
    assert K.fisher_exact_greater(0, 10, 4, 100) == pytest.approx(1.0)


def test_dispersion_plot_rows_and_labels_agree(speech):
    hits = K.dispersion(speech, ["security", "safety", "people"])
    fig = dispersion_plot(hits, ["security", "safety", "people"], K.paragraph_starts(speech), 733)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["security (n=14)", "safety (n=6)", "people (n=5)"]
    for y, collection in enumerate(ax.collections):
        offsets = collection.get_offsets()
        assert (abs(offsets[:, 1] - y) <= 0.2 + 1e-9).all()  # on its own row; close hits are nudged by at most 0.2
        term = labels[y].split(" (")[0]
        assert sorted(offsets[:, 0]) == sorted(hits.loc[hits.term == term, "position"])
    assert len({c.get_paths()[0].vertices.tobytes() for c in ax.collections}) == 3  # a different marker per row
    plt.close(fig)


# ---------------------------------------------------------------- sequences and formulations

def test_sequence_of_reporting_and_modal_verbs(speech):
    seq = K.sequence(speech)
    assert seq.position.is_monotonic_increasing
    reporting = seq[seq.category == "reporting verb"]
    assert Counter(reporting.match) == {"emphasized": 4, "pointed out": 3}  # P1.S2 and the openers of P3–P8
    modals = Counter(seq.loc[seq.category == "modal verb", "match"])
    assert modals["must"] == 7 and modals["should"] == 7 and modals["it is necessary"] == 1


def test_sequence_prefers_the_longer_phrase(speech):
    seq = K.sequence(speech, {"word": ["public"], "phrase": ["public safety"]})
    assert (seq.category == "phrase").sum() == 3 and (seq.category == "word").sum() == 2
    with pytest.raises(ValueError, match="categories must be a dict"):
        K.sequence(speech, ["must"])


def test_watchwords_and_formulations(speech):
    table = K.watchwords(speech, ["national security", "safe china", "not in this text"]).set_index("term")
    assert table.loc["national security", "count"] == 5
    assert table.loc["national security", "per_1000"] == round(5000 / 733, 2)
    assert table.loc["not in this text", "count"] == 0 and table.loc["not in this text", "first_sentence"] == ""
    parts = K.word_in_formulations(speech, "security", ["national security", "overall national security concept"])
    assert parts["count"].sum() == 14
    assert parts.set_index("formulation")["count"].to_dict() == {
        "national security": 3, "overall national security concept": 2, "(other uses)": 9}


def test_watchwords_flag_nested_terms_and_count_each_token_once(speech):
    terms = ["national security", "overall national security concept", "safe china", "higher-level safe china"]
    table = K.watchwords(speech, terms).set_index("term")
    # counted by hand from the KWIC lines: national security 5 (2 inside the concept), safe china 10 (4 inside)
    assert table["count"].to_dict() == {"national security": 5, "overall national security concept": 2,
                                        "safe china": 10, "higher-level safe china": 4}
    assert table["own_count"].to_dict() == {"national security": 3, "overall national security concept": 2,
                                            "safe china": 6, "higher-level safe china": 4}
    assert table.loc["national security", "nested_in"] == "overall national security concept"
    assert table.loc["safe china", "nested_in"] == "higher-level safe china"
    assert table.loc["higher-level safe china", "nested_in"] == ""
    assert table["own_count"].sum() == 15  # not the 21 that adding up count gives
    # partly overlapping terms share no token either: "a b" and "b c" in "a b c"
    toy = K.watchwords(segment("A b c. A b."), ["a b", "b c"]).set_index("term")
    assert toy["count"].to_dict() == {"a b": 2, "b c": 1}
    assert toy["own_count"].to_dict() == {"a b": 2, "b c": 0} and toy["nested_in"].tolist() == ["", ""]


def test_three_counts_of_national_security_are_explained(speech):
    glossary = K.watchwords(speech, __import__("helpers.counting").counting.glossary_terms() + ["national security"])
    row = glossary.set_index("term").loc["national security"]
    assert (row["count"], row["own_count"]) == (5, 2)  # notebook 04's count with glossary units is 2
    assert row["nested_in"].startswith("overall national security concept, absolute leadership")


def test_watchword_check_flags_nested_terms_and_never_sums_overlaps(capsys):
    from helpers.checks import check_watchword_table
    terms = ["national security", "overall national security concept", "safe china", "higher-level safe china"]
    check_watchword_table(K.watchwords(load_speech(), terms))
    out = capsys.readouterr().out
    assert "15 separate occurrences" in out and "21" not in out
    assert 'Note: "national security" is nested in "overall national security concept"' in out
    # a term that only ever occurs inside another leaves fewer than four separate formulations
    check_watchword_table(K.watchwords(load_speech(), ["higher-level safe china", "public safety",
                                                       "collective study session", "study session"]))
    out = capsys.readouterr().out
    assert out.startswith("🔎") and "'study session' only ever occurs inside another" in out


def test_people_check_notes_a_repeated_sentence(capsys):
    from helpers.checks import check_people_sentences
    check_people_sentences(["P1.S2", "P5.S1", "P5.S1", "P5.S2"])
    out = capsys.readouterr().out
    assert out.startswith("✅") and "Your list repeats P5.S1" in out
    check_people_sentences(["P1.S2", "P5.S1", "P5.S2"])
    assert "Note:" not in capsys.readouterr().out


# ---------------------------------------------------------------- ranking stability

def test_ranking_stability_is_reproducible_and_matches_a_plain_loop(speech):
    stop = {"the", "and", "of", "to", "a", "in"}
    one = K.ranking_stability(speech, top=5, resamples=60, seed=7, exclude=stop, min_share=1e-9)
    two = K.ranking_stability(speech, top=5, resamples=60, seed=7, exclude=stop, min_share=1e-9)
    assert one.equals(two)
    # the same resamples, counted one by one with Counter
    index = K.build_index(speech)
    rng = np.random.default_rng(7)
    draws = rng.integers(0, len(index.sentence_ids), size=(60, len(index.sentence_ids)))
    by_sentence = [Counter(t for t in index.tokens[a:b] if t not in stop and t != "'s")
                   for a, b in zip(index.sentence_start, index.sentence_end)]
    in_top = Counter()
    for row in draws:
        total = Counter()
        for s in row:
            total.update(by_sentence[s])
        # tied counts share a rank: a word is in the top 5 when fewer than 5 words have a larger count
        in_top.update(w for w, n in total.items() if sum(m > n for m in total.values()) < 5)
    for row in one.itertuples():
        assert row.in_top_share == pytest.approx(in_top[row.word] / 60), row.word
    assert set(in_top) | set(one.word[one["rank"] <= 5]) == set(one.word)


def test_ranking_stability_ties_share_a_rank_and_count_inside_the_top(speech):
    table = K.ranking_stability(speech, top=10, resamples=20, exclude=C.load_stopwords())
    counts = table.set_index("word")["count"]
    for row in table.itertuples():  # the frequency table's rule: 1 + how many words have a larger count
        assert row.rank == 1 + int((C.frequency_table(speech, stopwords="default")["count"] > row.count).sum())
    tied_at_cut = counts[table.set_index("word")["rank"] == table["rank"][table["rank"] <= 10].max()]
    assert len(tied_at_cut) > 1 and set(tied_at_cut.index) <= set(table.word[table["rank"] <= 10])


def test_ranking_stability_on_a_text_with_one_dominant_word():
    text = segment(" ".join("Echo echo echo word%d." % i for i in range(8)))
    table = K.ranking_stability(text, top=1, resamples=50)
    assert table.word.tolist() == ["echo"] and table.in_top_share.tolist() == [1.0]
    with pytest.raises(ValueError, match="not more than top=50"):
        K.ranking_stability(text, top=50)


def test_save_table_goes_to_my_work_and_never_overwrites_silently(speech, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path))
    lines = K.kwic(speech, "safety")
    assert K.save_table(lines, "kwic.csv") == "my_work/kwic.csv"
    assert (tmp_path / "kwic.csv").read_text(encoding="utf-8").splitlines()[0] == "sentence_id,position,left,node,right"
    assert K.save_table(lines, "kwic.csv") == "my_work/kwic.csv"  # the same content again is fine
    with pytest.raises(FileExistsError, match="my_work/kwic.csv already exists .* overwrite=True"):
        K.save_table(lines.head(2), "kwic.csv")
    K.save_table(lines.head(2), "kwic.csv", overwrite=True)
    assert len((tmp_path / "kwic.csv").read_text(encoding="utf-8").splitlines()) == 3
    with pytest.raises(ValueError, match="not a plain CSV file name"):
        K.save_table(lines, "../kwic.csv")


def test_index_tokens_equal_the_course_tokenizer_on_tricky_text():
    text = segment("The people’s well-being. The States' duty — don't stop! Xi’s 18th Congress.\n\n"
                   "ALL CAPS and ‘quoted’ words. Numbers 1,000 and 2025-02-28 too.")
    expected = [t for s in sentences(text).text for t in tokenize(s)]
    assert K.build_index(text).tokens == expected


def test_dispersion_plot_separates_close_hits_deterministically(speech):
    from helpers.plots import dispersion_offsets
    assert dispersion_offsets([10, 12, 13, 14, 50]) == [0.0, -0.2, 0.2, 0.0, 0.0]
    hits = K.dispersion(speech, ["security"])
    fig = dispersion_plot(hits, ["security"], n_tokens=733)
    offsets = fig.axes[0].collections[0].get_offsets()
    ys = dict(zip(offsets[:, 0].tolist(), offsets[:, 1].tolist()))
    assert ys[497] != ys[501]                       # the two hits of P6.S2, four words apart
    assert ys[68] == 0.0                             # an isolated hit stays on its line
    assert 0 < fig.axes[0].collections[0].get_alpha() < 1
    again = dispersion_plot(hits, ["security"], n_tokens=733).axes[0].collections[0].get_offsets()
    assert (again == offsets).all()
    plt.close("all")
