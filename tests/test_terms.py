"""The one rule for finding a term (helpers.terms), through every helper that finds terms.

Each case below comes from one of the five matchers the course had before (close reading, context,
concordance, dictionary, counting); the expected sentences and counts were worked out by hand from TEXT.
"""

import pytest

from helpers import concordance, context, counting, dictionary, reading
from helpers.terms import find_term_positions, index_of_tokens, term_words
from helpers.text import segment

TEXT = ('The "Two Miracles" matter.\nCybersecurity is new and well-being matters.\n\n'
        "The People’s security, stability and secure lives. National security is safe. China is big.")
SPEECH = segment(TEXT)
# P1.S1 The "Two Miracles" matter.      P1.S2 Cybersecurity is new and well-being matters.
# P2.S1 The People’s security, stability and secure lives.   P2.S2 National security is safe.   P2.S3 China is big.

CASES = [  # term, sentences where it occurs, how many times
    ("two miracles", ["P1.S1"], 1),  # case and quotation marks ignored (close reading, context)
    ("miracles matter", ["P1.S1"], 1),  # a closing quote between the words (context)
    ("security", ["P2.S1", "P2.S2"], 2),  # whole words: not inside "cybersecurity" (context, dictionary)
    ("we", [], 0),  # not inside "well-being" (close reading)
    ("well", [], 0),  # a hyphenated word is one word
    ("well-being", ["P1.S2"], 1),
    ("people", ["P2.S1"], 1),  # a possessive still matches (close reading)
    ("people's security", ["P2.S1"], 1),  # straight apostrophe in the term, curly in the text (dictionary)
    ("people 's security", ["P2.S1"], 1),  # the possessive written apart, as a KWIC line shows it
    ("the people ’s", ["P2.S1"], 1),  # the same with a curly apostrophe
    ("people s", [], 0),  # a bare "s" is not the possessive
    ("security stability", ["P2.S1"], 1),  # a comma between the words is punctuation (context)
    ("stability security", [], 0),  # order matters (dictionary)
    ("safe china", [], 0),  # a phrase stays within one sentence (concordance)
    ("secur*", ["P2.S1", "P2.S2"], 3),  # * at the end: security, secure, security (dictionary, concordance)
    ("*security", ["P1.S2", "P2.S1", "P2.S2"], 3),  # * at the start: cybersecurity too (concordance)
    ("se*ity", ["P2.S1", "P2.S2"], 2),  # * inside a word (concordance)
    ("national *", ["P2.S2"], 1),  # a lone * is any one word (concordance)
    ("secur?", [], 0),  # ? is punctuation, not a wildcard
]


@pytest.mark.parametrize("term, ids, n", CASES)
def test_every_helper_finds_a_term_by_the_one_rule(term, ids, n):
    assert context.find_term(SPEECH, term) == ids
    assert context.term_locations(SPEECH, [term]).occurrences.tolist() == [n]
    assert list(dict.fromkeys(reading.find_terms(SPEECH, [term]).sentence_id)) == ids
    assert concordance.count(SPEECH, term) == n
    sheet = dictionary.code_sentences(SPEECH, {"c": [term]})
    assert sheet.loc[sheet.c == 1, "sentence_id"].tolist() == ids
    if len(term_words(term)) > 1 or "*" in term:  # counting joins multi-word and wildcard terms into units
        assert counting.term_counts(SPEECH, [term])["count"].tolist() == [n]


def test_close_reading_marks_the_words_as_written():
    table = reading.find_terms(SPEECH, ["people's security", "two miracles", "secur*"])
    assert table.match.tolist() == ["Two Miracles", "People’s security", "secure", "security"]


def test_a_token_list_is_one_run_and_a_term_is_read_like_the_text():
    assert term_words("The People’s SECUR*") == ("the", "people", "'s", "secur*")
    hits, length = find_term_positions(index_of_tokens(["safe", "china", "safe", "china"]), "safe *")
    assert hits.tolist() == [0, 2] and length == 2
    assert dictionary.matches_in("Safe. China is big.", {"c": ["safe china"]}) == {"c": ["safe china"]}


def test_counting_units_longest_term_first_then_left_to_right():
    toks = ["a", "b", "c", "d"]
    assert counting.compound(toks, ["a b", "b c d"]) == ["a", "b c d"]  # the longer term takes its tokens first
    assert counting.compound(toks, ["a b", "c d"]) == ["a b", "c d"]
    # in a speech, a unit stays within one sentence: "safe. China" is two words
    assert "safe china" not in counting.compound(SPEECH, ["safe china"])
    assert counting.compound(SPEECH, ["secur*"]).count("secur*") == 3


def test_overlapping_matches_the_longer_term_wins_everywhere():
    terms = ["cybersecurity is", "is new and well-being"]  # they share "is": the longer one, further right, wins
    assert reading.find_terms(SPEECH, terms).match.tolist() == ["is new and well-being"]
    units = counting.compound(SPEECH, terms)
    assert "is new and well-being" in units and "cybersecurity is" not in units and "cybersecurity" in units
    own = concordance.watchwords(SPEECH, terms).own_count.tolist()
    assert own == [0, 1]


def test_the_speech_comes_first_and_the_old_order_says_so():
    with pytest.raises(TypeError, match=r"got str 'two miracles'.*pass speech first"):
        context.find_term("two miracles", SPEECH)
    with pytest.raises(TypeError, match="pass speech first"):
        context.term_locations(["two miracles"], SPEECH)
    manual = dictionary.code_sentences(SPEECH, {"c": ["security"]})
    with pytest.raises(TypeError, match="Expected a speech"):
        dictionary.errors(manual, manual, SPEECH, {"c": ["security"]}, "c")
