"""Feedback of the checks of notebooks 00-04 for answers students actually gave in the trials."""

import contextlib
import io

import pandas as pd

from helpers.checks import (check_chance_agreement, check_kappa, check_lecturer_sentence, check_my_stopword_table,
                            check_people_terms, check_reporting_verbs, check_social_security_count)
from helpers.counting import frequency_table, load_stopwords
from helpers.text import load_speech

FOUR = {"xi", "jinping", "must", "should"}


def _said(check, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*args)
    return out.getvalue()


def test_right_paragraph_wrong_sentence():
    assert "Right paragraph, wrong sentence" in _said(check_lecturer_sentence, "P2.S2")


def test_reporting_verbs_as_a_table_column_are_accepted():
    verbs = ["emphasized", "pointed out", "emphasized", "pointed out", "emphasized", "pointed out", "emphasized"]
    said = _said(check_reporting_verbs, pd.Series(verbs))
    assert said.startswith("✅") and "in P1 and P3, the second sentence" in said


def test_too_few_reporting_verbs_always_gives_the_count():
    five = ["pointed out", "emphasized", "pointed out", "emphasized", "pointed out"]
    assert "you have 5; the text has 7" in _said(check_reporting_verbs, five)
    assert "you have 5; the text has 7" in _said(check_reporting_verbs, five)  # second try too


def test_the_people_phrase_gets_a_hint_about_phrases():
    assert "misses" in _said(check_people_terms, ["the people"])


def test_kappa_with_wrong_arithmetic_is_not_called_rounded():
    said = _said(check_kappa, 0.905)
    assert "arithmetic is off" in said and "rounded" not in said.split("arithmetic")[0]
    assert "looks rounded" in _said(check_kappa, 0.9)
    assert "arithmetic is off" in _said(check_chance_agreement, 0.62)


def test_stop_word_table_near_misses_are_named():
    speech = load_speech()
    assert "You also removed we" in _said(check_my_stopword_table,
                                          frequency_table(speech, stopwords=load_stopwords() | FOUR | {"we"}))
    assert "keep the whole table" in _said(check_my_stopword_table,
                                           frequency_table(speech, stopwords=load_stopwords() | FOUR).head(20))
    indexed = frequency_table(speech, stopwords=load_stopwords() | FOUR).set_index("word")
    assert "without set_index" in _said(check_my_stopword_table, indexed)


def test_social_security_three_is_not_called_a_sentence_count():
    said = _said(check_social_security_count, 3)
    assert "sentences" not in said and "previous token is 'social'" in said
