"""Every check, with the right answer (✅) and at least three realistic wrong ones (no ✅).

The wrong answers are those learners gave in the trials and the usual slips: off by one, the neighbouring
sentence, the count before a step, a wrong type, a tied alternative. Each wrong answer names a fragment of
the diagnosis it must get, on the first try and on every try (there is no attempt counter), and
``never`` names text a hint must not contain (the answer itself).
"""

import contextlib
import io
import json
import math
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import helpers.checks as checks
from helpers.checks.context import TEMPLATE_MOVES
from helpers.checks.theme_coding import TEN_SENTENCES
from helpers.counting import frequency_table, glossary_terms, load_stopwords
from helpers.concordance import watchwords
from helpers.text import load_speech, sentence_text, tokens

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VERBS = ["emphasized", "pointed out"] * 3 + ["emphasized"]
TYPES = {"P1.S1": "description", "P3.S2": "description", "P4.S1": "evaluation", "P6.S1": "evaluation",
         "P6.S2": "directive"}
P_O, P_E = 24 / 25, 6 / 25 * 7 / 25 + 19 / 25 * 18 / 25
KAPPA = (P_O - P_E) / (1 - P_E)
G2 = 148.8634
FOUR = {"xi", "jinping", "must", "should"}


def _stop_table(**kwargs):
    return frequency_table(load_speech(), **kwargs)


def _coding(**codes):
    coding = {sid: [] for sid in TEN_SENTENCES}
    coding.update({sid.replace("_", "."): value for sid, value in codes.items()})
    return coding


def _mask():
    words = tokens(load_speech())
    return (words.token == "security") & (words.token.shift(1) == "social")


def _figure(title="Actors", xlabel="word", ylabel="paragraph", plot=True):
    fig, ax = plt.subplots()
    if plot:
        ax.bar(["a", "b"], [1, 2])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return fig


def _agreement(*codes):
    return pd.DataFrame({"code": [*codes, "pooled"]})


def _scores():
    """The score table of notebook 06; its first row is guiding_concept."""
    from helpers.coding import consensus_sheet, load_codebook
    from helpers.dictionary import code_sentences, load_dictionary, score

    table = score(code_sentences(load_speech(), load_dictionary(codebook=load_codebook())), consensus_sheet())
    assert table.code[0] == "guiding_concept"
    return table


OK = "✅"
# (check, answer or a function that makes it, extra arguments, expected fragment or OK, text never shown)
CASES = [
    # 00
    ("check_lecturer_sentence", " p2.s1 ", (), OK, None),
    ("check_lecturer_sentence", "P2.S2", (), "Right paragraph, wrong sentence", "P2.S1"),
    ("check_lecturer_sentence", "P2", (), "paragraph ID", "P2.S1"),
    ("check_lecturer_sentence", "Li Yan", (), "not an ID", "P2.S1"),
    ("check_lecturer_sentence", "P1.S1", (), "does not name the lecturer", "P2.S1"),
    ("check_lecturer_sentence", 2.1, (), "put it in quotes", None),
    ("check_lecturer_sentence", "P2.S3", (), "P2 has only two sentences", "P2.S1"),
    ("check_lecturer_sentence", "P1.S2", (), "does not name the lecturer", "P2"),
    # 01
    ("check_who_speaks", "(B)", (), OK, None),
    ("check_who_speaks", "a", (), "quotation marks", None),
    ("check_who_speaks", "c", (), "never reports what they said", None),
    ("check_who_speaks", "d", (), "translator", None),
    ("check_who_speaks", 2, (), "one letter in quotes", None),
    ("check_reporting_verbs", VERBS, (), OK, None),
    ("check_reporting_verbs", lambda: pd.Series(VERBS), (), OK, None),
    ("check_reporting_verbs", ["emphasized", "pointed out"], (), "Order matters", None),
    ("check_reporting_verbs", VERBS[:-1], (), "you have 6; the text has 7", None),
    ("check_reporting_verbs", VERBS + ["emphasized"], (), "You have 8 verbs; the text has 7", None),
    ("check_reporting_verbs", VERBS + ["pointed out"], (), "one too many", "followed by"),
    ("check_reporting_verbs", ["emphasized", "pointed"] * 3 + ["emphasized"], (), "two words", "pointed out"),
    ("check_reporting_verbs", ["pointed out", "emphasized"] * 3 + ["emphasized"], (), "item 1", None),
    ("check_reporting_verbs", VERBS[:2] + ["delivered"] + VERBS[2:], (), "delivered an important speech", None),
    ("check_reporting_verbs", "emphasized", (), "one string", None),
    ("check_sentence_with_phrase", "P7.S2", (), OK, None),
    ("check_sentence_with_phrase", ["P7.S2"], (), OK, None),
    ("check_sentence_with_phrase", "P7.S1", (), "Right paragraph, wrong sentence", "P7.S2"),
    ("check_sentence_with_phrase", "P7.S3", (), "Right paragraph, wrong sentence", "P7.S2"),
    ("check_sentence_with_phrase", "P8.S2", (), "does not contain", "Right paragraph"),
    ("check_sentence_with_phrase", "P8.S2", (), "the document view above", "highlighted"),
    ("check_sentence_with_phrase", "P7", (), "paragraph ID", "P7.S2"),
    ("check_sentence_with_phrase", ["P7.S2", "P7.S1"], (), "Your list has 2 IDs", None),
    ("check_sentence_types", TYPES, (), OK, None),
    ("check_sentence_types", {**TYPES, "P3.S2": "evaluation", "P4.S1": "directive", "P6.S1": "directive"}, (), OK,
     None),
    ("check_sentence_types", {**TYPES, "P6.S2": "description"}, (), "Look again at P6.S2", None),
    ("check_sentence_types", {**TYPES, "P1.S1": "evaluation"}, (), "Is there a judging word", None),
    ("check_sentence_types", {**TYPES, "P4.S1": "description"}, (), "notice 'important' and 'must'", None),
    ("check_sentence_types", {k: "directive" for k in TYPES}, (), "2 of the five are hard to defend", None),
    ("check_sentence_types", {"P1.S1": "description"}, (), "missing: P3.S2", None),
    ("check_sentence_types", {**TYPES, "P4.S1": "Evalution "}, (), "P4.S1 has 'Evalution '", None),
    ("check_people_terms", ["people", "everyone"], (), OK, None),
    ("check_people_terms", ["People"], (), OK, None),
    ("check_people_terms", ["people", "we"], (), "names who must act", None),
    ("check_people_terms", ["people", "everyone", "comrades"], (), "members of the Political Bureau", None),
    ("check_people_terms", ["people", "party"], (), "names the CPC", None),
    ("check_people_terms", ["people", "everyone", "public"], (), "'public safety system' (P6.S3)", None),
    ("check_people_terms", ["people", "society"], (), "social order", None),
    ("check_people_terms", ["people", "country"], (), "state or the nation", None),
    ("check_people_terms", ["people", "everyone", "masses"], (), "'masses' matched nothing", None),
    ("check_people_terms", ["people", "everyone", "people's"], (), "'people' already matches", "population"),
    ("check_people_terms", ["the people"], (), "A phrase matches only", None),
    ("check_people_terms", ["people", "committees"], (), "read its matches", None),
    ("check_people_terms", ["everyone"], (), "use most for the population", None),
    ("check_people_terms", "people", (), "one string", None),
    # 02
    ("check_readout_tells_us", "b", (), OK, None),
    ("check_readout_tells_us", "a", (), "transcript", None),
    ("check_readout_tells_us", "c", (), "decision", None),
    ("check_readout_tells_us", "d", (), "does not report what she said", None),
    ("check_template_moves", dict(TEMPLATE_MOVES), (), OK, None),
    ("check_template_moves", {"members listened and discussed": "P3.S1", "important speech": "P2.S2"}, (),
     "swapped", None),
    ("check_template_moves", {"members listened and discussed": "P2.S2", "important speech": "P3.S2"}, (),
     "announces", None),
    ("check_template_moves", {"members listened and discussed": "P2.S1", "important speech": "P3.S1"}, (),
     "One of the two is right", "P2.S2"),
    ("check_template_moves", {"members listened and discussed": "P9.S1", "important speech": "P3.S1"}, (),
     "not a sentence ID", None),
    ("check_days_to_posting", 115, (), OK, None),
    ("check_days_to_posting", 0, (), "dateline", None),
    ("check_days_to_posting", 7, (), "Xinhua", None),
    ("check_days_to_posting", 116, (), "Off by one", None),
    ("check_days_to_posting", 114, (), "the date the session was officially reported", "Off by one"),
    ("check_days_to_posting", 108, (), "repost of Xinhua's English readout", "Off by one"),
    ("check_days_to_posting", -115, (), "wrong way round", None),
    ("check_days_to_posting", "115", (), "no quotes", None),
    ("check_first_miracle_sentence", lambda: sentence_text(load_speech(), "P3.S2"), (), OK, None),
    ("check_first_miracle_sentence", "P3.S2", (), "not the sentence", None),
    ("check_first_miracle_sentence", lambda: sentence_text(load_speech(), "P3.S1"), (), "not the one", None),
    ("check_first_miracle_sentence", ["P3.S2"], (), "ids[0]", None),
    ("check_first_miracle_sentence", "two miracles", (), "sentence_text(speech, ids[0])", None),
    ("check_term_sentences", ["P7.S1", "p3.s2"], (), OK, None),
    ("check_term_sentences", ["P7.S1"], (), "more than one", None),
    ("check_term_sentences", ["P3", "P7"], (), "not paragraph IDs", None),
    ("check_term_sentences", ["P3.S2", "P4.S1", "P7.S1"], (), "not the whole phrase", None),
    ("check_term_sentences", ["P3.S2", "P4.S1", "P7.S1"], (), "contain part of the phrase", "'security'"),
    ("check_term_sentences", [], (), "Your list is empty", "Replace None"),
    ("check_term_sentences", "P3.S2, P7.S1", (), "one string", None),
    ("check_social_security_count", 2, (), OK, None),
    ("check_social_security_count", 14, (), "every 'security' token", None),
    ("check_social_security_count", 5, (), "'national security'", None),
    ("check_social_security_count", 3, (), "previous token is 'social'", "twice"),
    ("check_social_security_count", 1, (), "previous token is 'social'", "twice"),
    ("check_social_security_count", _mask, (), ".sum()", None),
    ("check_count_claim", "c", (), OK, None),
    ("check_count_claim", "a", (), "third-person summary", None),
    ("check_count_claim", "b", (), "one English word for one Chinese word", None),
    ("check_count_claim", "d", (), "importance", None),
    # 03
    ("check_governance_code", "a", (), OK, None),
    ("check_governance_code", "b", (), "when_not_to_use column", None),
    ("check_governance_code", "c", (), "cybersecurity", None),
    ("check_governance_code", "d", (), '"a", "b" or "c"', None),
    ("check_my_codes", _coding(P6_S1=["risk_prevention"]), (), (OK, "with 1 code applied"), None),
    ("check_my_codes", _coding(), (), "no code to any sentence", None),
    ("check_my_codes", {sid: [] for sid in TEN_SENTENCES[:-1]}, (), "Still to code: P8.S3", None),
    ("check_my_codes", {**_coding(), "P5.S1": []}, (), "not among the ten sentences", None),
    ("check_my_codes", _coding(P6_S1="risk_prevention"), (), "['risk_prevention']", None),
    ("check_my_codes", _coding(P6_S1=["risk"]), (), "not a code key", None),
    ("check_observed_agreement", 0.96, (), OK, None),
    ("check_observed_agreement", 24, (), "a count of sentences", None),  # (a == b).sum(): forgot to divide
    ("check_observed_agreement", 0.04, (), "disagree", None),
    ("check_observed_agreement", 6 / 25, (), "'both 0' counts", None),
    ("check_observed_agreement", 96, (), "percentage", None),
    ("check_observed_agreement", 0.95, (), "Close", None),
    ("check_observed_agreement", 23 / 25, (), "diagonal", None),  # one sentence off
    ("check_chance_agreement", P_E, (), OK, None),
    ("check_chance_agreement", 0.614, (), OK, None),
    ("check_chance_agreement", 0.6152, (), "Scott's pi", None),
    ("check_chance_agreement", 0.6352, (), "one coder's share twice", None),
    ("check_chance_agreement", 6 / 25 * 7 / 25, (), "'both 1' only", None),
    ("check_chance_agreement", 0.61, (), "Close", None),
    ("check_chance_agreement", 0.5, (), "adds two products", None),
    ("check_kappa", KAPPA, (), OK, None),
    ("check_kappa", 0.896, (), OK, None),
    ("check_kappa", 0.9, (), "looks rounded", None),
    ("check_kappa", P_O, (), "observed agreement", None),
    ("check_kappa", P_O - P_E, (), "You have the numerator", None),
    ("check_kappa", (P_O - P_E) / (1 - P_O), (), "You divided by 1 − p_o", None),
    ("check_kappa", P_O - P_E / (1 - P_E), (), "Check the brackets", None),
    ("check_kappa", 0.3, (), "kappa = (p_o − p_e) / (1 − p_e)", None),
    ("check_paradox", "b", (), OK, None),
    ("check_paradox", "a", (), "kappa really is low", None),
    ("check_paradox", "c", (), "uncorrected for chance", None),
    ("check_paradox", 1, (), "letter in quotes", None),
    ("check_most_disputed_code", "development_security", (), (OK, "tied with social_governance"), None),
    ("check_most_disputed_code", "social_governance", (), (OK, "tied with development_security"), None),
    ("check_most_disputed_code", "technology", (), "never disagree on technology", None),
    ("check_most_disputed_code", "governance", (), "not a code key", None),
    ("check_most_disputed_code", 1, (), "put it in quotes", None),
    ("check_busiest_paragraph", "p5", (), (OK, "P5 has 3 sentences"), None),
    ("check_busiest_paragraph", "P3", (), "P3 has 1 sentence coded", "P5"),
    ("check_busiest_paragraph", "P4", (), "P4 has 0 sentences", "P5"),
    ("check_busiest_paragraph", "P5.S1", (), "sentence ID", "such as P5"),
    ("check_busiest_paragraph", "P9", (), "not a paragraph", "P5"),
    # 04
    ("check_people_count", 5, (), OK, None),
    ("check_people_count", 0, (), "lower case", None),  # tokens_.count("People")
    ("check_people_count", 0, (), "split into 'people' and", None),  # tokens_.count("people's")
    ("check_people_count", None, (), "fix that first", None),  # the exercise cell failed, answer stayed None
    ("check_people_count", 1, (), "text.split()", None),
    ("check_people_count", 4, (), "One short", None),
    ("check_people_count", 6, (), "Count the token 'people'", None),
    ("check_people_count", "5", (), "without quotes", None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=load_stopwords() | FOUR), (), (OK, "263 word types"), None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords="default"), (), "jinping, must, should, xi are still",
     None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=sorted(FOUR)), (), "are back", None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=load_stopwords() | FOUR).head(20), (),
     "keep the whole table", None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=load_stopwords() | FOUR | {"we"}), (),
     "You also removed we", None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=load_stopwords() | FOUR, terms=glossary_terms()), (),
     "terms=", None),
    ("check_my_stopword_table", lambda: _stop_table(stopwords=load_stopwords() | FOUR).set_index("word"), (),
     "without set_index", None),
    ("check_security_alone", 5, (), OK, None),
    ("check_security_alone", 14, (), "before any terms are joined", None),
    ("check_security_alone", 7, (), "but not 'national security'", None),
    ("check_security_alone", 9, (), "joins 'national security' only", None),
    ("check_security_alone", 4, (), "Build terms", None),
    ("check_security_alone", 6, (), "Build terms", None),
    ("check_governance_g2", G2, (), OK, None),
    ("check_governance_g2", 148.86, (), OK, None),
    ("check_governance_g2", 148.9, (), OK, None),
    ("check_governance_g2", 149, (), "looks rounded", None),
    ("check_governance_g2", G2 / 2, (), "exactly half", None),
    ("check_governance_g2", G2 / math.log(10), (), "natural log", None),
    ("check_governance_g2", 2 * 12 * math.log(12 / (733 * 1.23e-05)), (), "first term only", None),
    ("check_governance_g2", 120.0, (), "Re-check a", None),
    ("check_ttr_choice", "C", (), OK, None),
    ("check_ttr_choice", "a", (), "TTR falls as a text gets longer", None),
    ("check_ttr_choice", "b", (), "more chances", None),
    ("check_ttr_choice", "d", (), "equally varied", None),
    ("check_ttr_choice", "e", (), "one of the letters", None),
    # 05
    ("check_governance_left", "Social", (), OK, None),
    ("check_governance_left", "safety", (), "only 2 times", None),
    ("check_governance_left", "law-based", (), "only once", None),
    ("check_governance_left", "governance", (), "node word itself", None),
    ("check_governance_left", "public", (), "never stands directly before", None),
    ("check_people_sentences", ["p1.s2", "P5.S1", "P5.S2"], (), (OK, "P5.S1 and P5.S2 have it twice"), None),
    ("check_people_sentences", ["P1.S2", "P5.S1", "P5.S1", "P5.S2", "P5.S2"], (), (OK, "Your list repeats P5.S1, P5.S2"),
     None),
    ("check_people_sentences", ["P1.S2", "P5.S1"], (), "1 sentence(s) are missing", None),
    ("check_people_sentences", ["P1.S2", "P5.S1", "P5.S2", "P5.S3"], (), "P5.S3 has no \"people\"", "party"),
    ("check_people_sentences", ["P1.S2", "P5.S1", "P5.S2", "P9.S1"], (), "not a sentence ID", None),
    ("check_people_sentences", "P1.S2", (), "in a list", None),
    ("check_most_bunched", "people", (), OK, None),
    ("check_most_bunched", "governance", (), "most *evenly* spread", None),
    ("check_most_bunched", "security", (), "A high count does not mean bunched", None),
    ("check_most_bunched", "safety", (), "another term has a larger DP", "high count"),
    ("check_most_bunched", "party", (), "another term has a larger DP", "high count"),
    ("check_most_bunched", "we", (), "one of the five key terms", None),
    ("check_mi_by_hand", 6.2, (), OK, None),
    ("check_mi_by_hand", 3 * 733 / 30, (), "ratio observed / expected", None),
    ("check_mi_by_hand", math.log(3 * 733 / 30), (), "wrong logarithm", None),
    ("check_mi_by_hand", math.log2(3 * 733 / 5 * 6), (), "Put r1 × c1 in brackets", None),
    ("check_mi_by_hand", 30 / 733, (), "expected count", None),
    ("check_mi_by_hand", 7.2, (), "which number goes where", None),
    ("check_pattern_breaker", "p7", (), OK, None),
    ("check_pattern_breaker", "P4", (), "sequence column", "P7"),
    ("check_pattern_breaker", "P8", (), "first modal after the reporting verb is \"must\"", "P7"),
    ("check_pattern_breaker", "P2", (), "P4–P8 only", "P7"),
    ("check_pattern_breaker", "P7.S1", (), "sentence ID", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["safe china", "national security", "public safety",
                                                                 "social governance"]), (), OK, None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["safe china", "national security",
                                                                 "public safety"]), (), "at least four", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["safe china", "national security", "public safety",
                                                                 "security"]), (), "single word", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["peaceful china", "national security",
                                                                 "public safety", "social governance"]), (),
     "does not occur in this text", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["higher-level safe china", "public safety",
                                                                 "collective study session", "study session"]), (),
     "only ever occurs inside another", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["of the", "and the", "that the", "xi jinping"]), (),
     "only of stop words", None),
    ("check_watchword_table", lambda: watchwords(load_speech(), ["safe china", "Safe China", "SAFE CHINA",
                                                                 "national security"]), (),
     "same term written in different case", "only ever occurs inside"),
    ("check_least_stable", "work", (), OK, None),
    ("check_least_stable", "should", (), OK, None),  # a tie: within two points of the lowest share
    ("check_least_stable", "must", (), OK, None),
    ("check_least_stable", "xi", (), "another word does worse", "work"),  # tied in count with must, not in share
    ("check_least_stable", "security", (), "another word does worse", "work"),
    ("check_least_stable", "overall", (), "not among the words ranked 1 to 10", "work"),
    ("check_least_stable", "the", (), "not among the words ranked 1 to 10", "work"),
    # 06
    ("check_share_in_coded", 5 / 14, (), OK, None),
    ("check_share_in_coded", 5 / 15, (), "'cybersecurity'", None),
    ("check_share_in_coded", 2 / 9, (), "share of sentences", None),
    ("check_share_in_coded", 5 / 733, (), "too small", None),
    ("check_share_in_coded", 9 / 14, (), "OUTSIDE", None),
    ("check_share_in_coded", 5, (), "count of occurrences", None),
    ("check_share_in_coded", 35.7, (), "percentage", None),
    ("check_share_in_coded", 0.9, (), "Two numbers", "0.36"),
    ("check_share_in_coded", 0.4, (), "rounded too coarsely", "0.36"),
    ("check_precision_recall", (0.4, 1.0), (), OK, None),
    ("check_precision_recall", (1.0, 0.4), (), "swapped", None),
    ("check_precision_recall", (0.4, 0.5), (), "Your precision is right, your recall is not", None),
    ("check_precision_recall", (0.25, 1.0), (), "Your recall is right, your precision is not", None),
    ("check_precision_recall", (0.5, 0.5), (), "Count tp, fp and fn", None),
    ("check_precision_recall", (0.5, 1.0), (), "the worked example's values", "is right"),
    ("check_precision_recall", (40, 100), (), "percentages", "0.4"),
    ("check_precision_recall", lambda: _scores().iloc[[0]], (), "Select only its precision and recall", None),
    ("check_precision_recall", lambda: _scores().iloc[0], (), "Select only its precision and recall", None),
    ("check_precision_recall", lambda: _scores().loc[0, ["precision", "recall"]], (), OK, None),
    ("check_precision_recall", (0.4, 1.0, 0.571), (), "three numbers", None),
    ("check_error_reason", "b", (), OK, None),
    ("check_error_reason", "a", (), "coders may err", None),
    ("check_error_reason", "c", (), "codebook rule", None),
    ("check_error_reason", "d", (), "each new false positive", None),
    # 07
    ("check_variant", "a", (), OK, None),
    ("check_variant", "E", (), "not one of the variants", None),
    ("check_variant", "variant A", (), "not one of the variants", None),
    ("check_variant", 1, (), "letter in quotes", None),
    ("check_observation_ids", ["P4.S2", "p5.s1"], (), OK, None),
    ("check_observation_ids", ["P4.S2", "P5.S1", "P5.S3", "P8.S2"], (), OK, None),
    ("check_observation_ids", ["P4.S2", "P5.S1", "P5.S3", "P8.S1", "P8.S2"], (), "two to four", None),
    ("check_observation_ids", ["P4.S2"], (), "at least two", None),
    ("check_observation_ids", ["P4.S2", "P4.S2"], (), "at least two", None),
    ("check_observation_ids", ["P4", "P5"], (), "not a sentence ID", None),
    ("check_observation_ids", ["P4.S2", "P9.S1"], (), "not in the text", None),
    ("check_observation_ids", "P6.S2, P6.S3", (), 'r1_ids = ["P6.S2", "P6.S3"]', None),
    ("check_chosen_codes", ["party_leadership"], (), OK, None),
    ("check_chosen_codes", ["party_leadership", "social_governance", "technology", "rule_of_law"], (),
     "one to three", None),
    ("check_chosen_codes", ["Party leadership"], (), "not a key in the codebook", None),
    ("check_chosen_codes", "political_security", (), 'my_codes = ["political_security"]', None),
    ("check_agreement_codes", lambda: _agreement("party_leadership"), (["party_leadership"],), OK, None),
    ("check_agreement_codes", lambda: _agreement("party_leadership", "technology"), (["party_leadership"],),
     "codes you did not choose (technology)", None),
    ("check_agreement_codes", lambda: _agreement("party_leadership"), (["party_leadership", "rule_of_law"],),
     "no row for rule_of_law", None),
    ("check_agreement_codes", ["party_leadership"], (["party_leadership"],), "the table agreement_table", None),
    ("check_figure", _figure, (), OK, None),
    ("check_figure", lambda: _figure(title=""), (), "lacks a title", None),
    ("check_figure", lambda: _figure(xlabel="", ylabel=""), (), "an x-axis label and a y-axis label", None),
    ("check_figure", lambda: _figure(plot=False, title="", xlabel="", ylabel=""), (), "nothing plotted", None),
    ("check_figure", lambda: _figure().axes[0], (), "not an Axes", None),
    ("check_figure", "fig", (), "not a str", None),
]


def said(name, answer, extra=()):
    value = answer() if callable(answer) else answer
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(checks, name)(value, *extra)
    if isinstance(value, matplotlib.figure.Figure):
        plt.close(value)
    elif isinstance(value, matplotlib.axes.Axes):
        plt.close(value.figure)
    return out.getvalue()


@pytest.fixture(autouse=True)
def own_my_work(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))


@pytest.mark.parametrize("name, answer, extra, expected, never", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_feedback(name, answer, extra, expected, never):
    printed = said(name, answer, extra)
    if expected == OK or isinstance(expected, tuple):
        assert printed.startswith("✅ Correct."), printed
        assert expected == OK or expected[1] in printed, printed
    else:
        assert not printed.startswith("✅") and printed.startswith(("🔎 Not yet.", "✏️")), printed
        assert expected in printed, printed
        assert said(name, answer, extra) == printed  # the same diagnosis on the next try
    if never:
        assert never not in printed.split(".", 1)[1], printed


def test_every_check_has_a_right_answer_and_three_wrong_ones():
    names = sorted(n for n in dir(checks) if n.startswith("check_") and n != "check_my_note")
    for name in names:
        rows = [c for c in CASES if c[0] == name]
        right = [c for c in rows if c[3] == OK or isinstance(c[3], tuple)]
        assert right, f"{name} has no right answer in CASES"
        assert len(rows) - len(right) >= 3, f"{name} has fewer than three wrong answers in CASES"


# ---------------------------------------------------------------- the note: saved only when well formed

NOTE = "The discussion is reported only as an event: nothing the members said is given."


@pytest.mark.parametrize("answer, expected", [
    ((NOTE, "P2.S2", "silence"), "wrong order"),
    (("silence", NOTE, "P2.S2"), "wrong order"),
    (("P2.S2", "silence", NOTE), "look swapped"),
    (("P2.S2", NOTE, "my note"), "one short word without spaces"),
    (("P9.S9", NOTE, "silence"), "not a sentence ID"),
    (("P2.S2", NOTE), "three texts"),
])
def test_a_note_in_the_wrong_form_is_refused_and_nothing_is_saved(answer, expected):
    from helpers.notes import notes

    printed = said("check_my_note", answer)
    assert printed.startswith("✏️ Not in the right form yet.") and expected in printed, printed
    assert notes(load_speech()).empty


def test_a_note_in_the_right_form_is_saved_then_edited_then_removed():
    from helpers.notes import note_history, notes, remove_note

    assert said("check_my_note", ("P2.S2", NOTE, "silence")).startswith("✅ Correct. Your note on P2.S2 is saved.")
    assert "saved as an edit" in said("check_my_note", ("P2.S2", NOTE + " Why?", "silence"))
    speech = load_speech()
    assert notes(speech).note.tolist() == [NOTE + " Why?"]
    assert remove_note(speech, "P2.S2", note_id="silence").empty
    assert note_history(speech, "P2.S2", note_id="silence").status.tolist() == ["replaced", "removed"]
    with pytest.raises(KeyError, match="no note with note_id='silence' on P2.S2 to remove"):
        remove_note(speech, "P2.S2", note_id="silence")
    assert said("check_my_note", ("P2.S2", NOTE, "silence")).startswith("✅")  # added again after removal
    assert notes(speech).note.tolist() == [NOTE]


# ---------------------------------------------------------------- every check cell of every solution notebook

def _check_cells():
    for path in sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            source = "".join(cell["source"]).strip()
            name = source.split("(", 1)[0]
            if cell["cell_type"] == "code" and name.startswith("check_") and name in dir(checks):
                yield pytest.param(cell, id=f"{path.stem}-cell{index}-{name}")


CHECK_CELLS = list(_check_cells())


def test_the_solution_notebooks_have_check_cells():
    assert len(CHECK_CELLS) >= 40


@pytest.mark.parametrize("cell", CHECK_CELLS)
def test_every_check_cell_of_the_solutions_says_correct(cell):
    printed = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("output_type") == "stream")
    assert printed.startswith("✅ Correct."), printed
