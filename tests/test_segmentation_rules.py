"""helpers.text's documented rules, one shape at a time; bad files; figures that stay readable on long texts.

Expected values are written by hand from the rules in the helpers.text docstring.
"""

import warnings
import zipfile
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.counting import token_counts
from helpers.plots import HEATMAP_MAX_ROWS, code_heatmap, dispersion_plot
from helpers.text import load_speech, parts, segment, sentences, split_sentences, tokenize

BODY = "\n\nFirst paragraph here. It has two sentences.\n\nSecond paragraph."


def test_title_and_date_on_the_first_two_lines_of_one_block():
    speech = segment("My Title\n2024-03-14\n\nPara one. Two.\n\nPara two.")
    assert (speech.title, speech.dateline) == ("My Title", "2024-03-14")
    assert speech.paragraphs == ("Para one. Two.", "Para two.")


def test_title_and_date_lines_then_the_first_paragraph_in_the_same_block():
    speech = segment("My Title\n2024-03-14\nThe first paragraph\ngoes on here.\n\nMore.")
    assert (speech.title, speech.dateline) == ("My Title", "2024-03-14")
    assert speech.paragraphs == ("The first paragraph goes on here.", "More.")


def test_a_wrapped_first_paragraph_is_not_split_into_a_title():
    speech = segment("First paragraph, line one\nand line two. Second sentence.\n\nSecond paragraph.")
    assert speech.title is None and len(speech.paragraphs) == 2


@pytest.mark.parametrize("date", [
    "2025-06-23 08:49", "28 February 2025", "February 28, 2025", "Monday, March 4, 2024", "14.03.2024",
    "03/14/2024", "2024-03-14T08:49:00Z", "March 2024", "2024年3月14日", "Updated: 2024-03-14 08:49",
    "Sept. 5, 2024", "Beijing, 14 March 2024",
])
def test_datelines_after_a_title_and_alone(date):
    speech = segment(f"A Short Title\n{date}{BODY}")
    assert (speech.title, speech.dateline, len(speech.paragraphs)) == ("A Short Title", date, 2)
    speech = segment(f"{date}{BODY}")
    assert (speech.title, speech.dateline, len(speech.paragraphs)) == (None, date, 2)


@pytest.mark.parametrize("line", ["The year 2024 was hard", "March on, 2024 comes", "Chapter 3"])
def test_lines_that_only_hold_a_date_somewhere_are_not_datelines(line):
    assert segment(f"A Short Title\n{line}{BODY}").dateline is None


@pytest.mark.parametrize("opening, dateline, first", [
    ("BEIJING, May 15 (Xinhua) -- Chinese President Xi Jinping said on Monday that talks went well.",
     "BEIJING, May 15 (Xinhua)", "Chinese President Xi Jinping said on Monday that talks went well."),
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON (AP)", "The Senate voted on Tuesday."),
    ("GENEVA, 3 March — Talks resumed.", "GENEVA, 3 March", "Talks resumed."),
])
def test_news_agency_dateline_is_the_dateline_and_leaves_p1_word_for_word(opening, dateline, first):
    speech = segment(f"Talks Held\n\n{opening} It rained.\n\nMore text.")
    assert speech.dateline == dateline
    assert sentences(speech).text.iloc[0] == first
    assert dateline in parts(speech).text.tolist()


def test_agency_dateline_after_a_dateline_line_is_kept_too():
    speech = segment("Talks Held\n2024-05-15\n\nBEIJING, May 15 (Xinhua) -- It rained.\n\nMore.")
    assert speech.dateline == "2024-05-15 | BEIJING, May 15 (Xinhua)" and speech.paragraphs[0] == "It rained."


@pytest.mark.parametrize("opening", ["NATO -- the alliance met. It rained.", "The leader — who spoke — left. It rained."])
def test_a_dash_without_date_or_agency_is_not_a_dateline(opening):
    speech = segment(f"{opening}\n\nMore.")
    assert speech.dateline is None and speech.paragraphs[0] == opening


@pytest.mark.parametrize("head, title", [
    ("Can Our Town Afford to Wait?", "Can Our Town Afford to Wait?"),
    ("Welcome Home, Champions!", "Welcome Home, Champions!"),
    ("Trade Talks With the U.S.", "Trade Talks With the U.S."),
    ("Remarks (as prepared for delivery)", "Remarks (as prepared for delivery)"),
    ("“We will never give up,” she said.”", None),
    ("Good evening. (I promise to be brief.)", None),
    ("He spoke for an hour (and then he left.)", None),
    ("A sentence that is a paragraph.", None),
])
def test_what_is_a_title(head, title):
    speech = segment(f"{head}{BODY}")
    assert speech.title == title
    assert len(speech.paragraphs) == (2 if title else 3)


def test_byline_time_stamps_and_boilerplate_with_headlines():
    text = ("A Title\nThursday, March 14, 2024\nBy Jane Li, Staff Reporter\n\n2:14 P.M. EDT\n\nOne. Two.\n\n"
            "Three.\n\nEND  2:41 P.M. EDT\n\n[Editor: Lu Wei]\n\nRelated News\nFirst headline here\nSecond one\n\n"
            "Copyright © 2024 Herald. All rights reserved.")
    speech = segment(text)
    assert speech.byline == "By Jane Li, Staff Reporter"
    assert speech.dateline == "Thursday, March 14, 2024 | 2:14 P.M. EDT"
    assert speech.paragraphs == ("One. Two.", "Three.")
    assert speech.boilerplate == ("END 2:41 P.M. EDT", "[Editor: Lu Wei]", "Related News First headline here Second one",
                                  "Copyright © 2024 Herald. All rights reserved.")
    assert parts(speech).part.tolist() == ["title", "dateline", "byline", "paragraph", "paragraph"] + ["boilerplate"] * 4


def test_a_marker_word_inside_a_longer_word_is_not_boilerplate():
    assert segment("One. Two.\n\nPrinting presses ran all night.").boilerplate == ()


@pytest.mark.parametrize("paragraph, expected", [
    ("Sen. Smith and Gov. Brown met Rep. Lee. Gen. Li and Lt. Col. Wang spoke.",
     ["Sen. Smith and Gov. Brown met Rep. Lee.", "Gen. Li and Lt. Col. Wang spoke."]),
    ("Art. 4 of the charter applies. Acme Inc. and Harrow Ltd. signed it.",
     ["Art. 4 of the charter applies.", "Acme Inc. and Harrow Ltd. signed it."]),
    ("John F. Kennedy and Ruth A. Delacroix came. They left.", ["John F. Kennedy and Ruth A. Delacroix came.", "They left."]),
    ("They grew up across the U.S. Some never saw the sea.", ["They grew up across the U.S.", "Some never saw the sea."]),
    ("The U.S. Congress met. It voted.", ["The U.S. Congress met.", "It voted."]),
    ("Pens, paper, etc. Their lives were ordinary.", ["Pens, paper, etc.", "Their lives were ordinary."]),
    ("Acme Inc. The firm grew.", ["Acme Inc.", "The firm grew."]),
    ('She said, "Read the footnotes." Then she left.', ['She said, "Read the footnotes."', "Then she left."]),
    ("“Check your map.” She retired.", ["“Check your map.”", "She retired."]),
    ("Doors shut at 2 p.m. instead of 8 p.m. Returns can wait.", ["Doors shut at 2 p.m. instead of 8 p.m.", "Returns can wait."]),
    ("It starts at 10 a.m. Beijing time. Be there.", ["It starts at 10 a.m. Beijing time.", "Be there."]),
    ("Will it be easy? No. We will try.", ["Will it be easy?", "No.", "We will try."]),
    ("See No. 10 and p. 5 of the report.", ["See No. 10 and p. 5 of the report."]),
    ("中国很安全。我们同意！真的吗？好。", ["中国很安全。", "我们同意！", "真的吗？", "好。"]),
])
def test_sentence_rules(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize("text, expected", [
    ("the U.S. envoy", ["the", "u.s.", "envoy"]),
    ("up 3.5% to $4.2 billion", ["up", "3.5%", "to", "$4.2", "billion"]),
    ("1,200 jobs, 214,000 people, €20, £5 and 50%.", ["1,200", "jobs", "214,000", "people", "€20", "£5", "and", "50%"]),
    ("GDP grew 3.9%.", ["gdp", "grew", "3.9%"]),
    ("Dr. Li and Gen. Wu, Acme Inc., etc.", ["dr.", "li", "and", "gen.", "wu", "acme", "inc.", "etc."]),
    ("John F. Kennedy at 2 p.m.", ["john", "f.", "kennedy", "at", "2", "p.m."]),
    ("No. 10 or no. Art. 4 or modern art.", ["no", "10", "or", "no", "art", "4", "or", "modern", "art"]),
    ("a b c. 14.03.2024 and 2025-06-23", ["a", "b", "c", "14.03.2024", "and", "2025-06-23"]),
    ("the 18th 21st-century COVID-19 rules", ["the", "18th", "21st-century", "covid-19", "rules"]),
])
def test_token_rules(text, expected):
    assert tokenize(text) == expected


def _load_with_warnings(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speech = load_speech(path)
    return speech, [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_chinese_text_loads_with_a_note_on_what_works(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text("绿川市召开会议\n2024年3月14日\n\n会议在上午召开。大家同意！\n\n还有问题吗？没有。", encoding="utf-8")
    speech, notes = _load_with_warnings(path)
    assert (speech.title, speech.dateline) == ("绿川市召开会议", "2024年3月14日")
    assert sentences(speech).sentence_id.tolist() == ["P1.S1", "P1.S2", "P2.S1", "P2.S2"]
    assert len(notes) == 1
    for words in ["zh.txt", "Chinese", "sentence IDs", "What does not work", "word counts", "keyness", "segmenter"]:
        assert words in notes[0]


def test_chinese_without_sentence_marks_says_each_paragraph_is_one_sentence(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text("会议在上午召开大家同意\n\n还有问题吗没有", encoding="utf-8")
    _, notes = _load_with_warnings(path)
    assert "each paragraph is one sentence" in notes[0]


def test_latin_script_text_that_is_not_english_gets_a_note(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Le président de la République a dit que la sécurité est une priorité pour tous les citoyens "
                    "de France et pour le gouvernement qui travaille chaque jour avec les régions du pays.", encoding="utf-8")
    _, notes = _load_with_warnings(path)
    assert len(notes) == 1 and "fr.txt does not look like English" in notes[0]


def test_english_texts_get_no_note():
    assert _load_with_warnings(None)[1] == []


def _docx(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize("name, make, words", [
    ("renamed.txt", _docx, ["Word document", "File → Save As → Plain Text (.txt)"]),
    ("paper.txt", lambda p: p.write_bytes(b"%PDF-1.7\n%binary"), ["PDF", "copy it into a text editor"]),
    ("old.txt", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), ["old Word document", "Save As"]),
    ("rich.txt", lambda p: p.write_bytes(b"{\\rtf1\\ansi text}"), ["RTF", "Save As"]),
    ("nul.txt", lambda p: p.write_bytes(b"Some text\x00\x00 more"), ["2 NUL byte(s)", "byte 9", "new file"]),
    ("wide.txt", lambda p: p.write_bytes("Hello".encode("utf-16")), ["UTF-16", "UTF-8"]),
    ("page.txt", lambda p: p.write_text("<!DOCTYPE html>\n<html><body><p>Speech.</p></body></html>"), ["web page", "browser"]),
    ("saved.txt", lambda p: p.write_text("\n<head><title>X</title></head>\n<body>Speech.</body>"), ["web page", "copy"]),
])
def test_files_that_are_not_plain_text_are_refused_with_a_fix(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    with pytest.raises(ValueError) as caught:
        load_speech(path)
    message = str(caught.value)
    assert name in message and "Fix:" in message
    for word in words:
        assert word in message


def test_code_heatmap_of_a_long_table_is_binned_to_a_readable_height():
    table = pd.DataFrame({"a": range(1000), "b": [1] * 1000}, index=[f"P{i}" for i in range(1, 1001)])
    fig = code_heatmap(table, "T", "code", "paragraph")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) <= HEATMAP_MAX_ROWS and labels[0] == "P1–P34" and labels[-1] == "P987–P1000"
    assert ax.get_ylabel() == "paragraph (in bins of 34 rows, summed)"
    assert fig.get_size_inches()[1] <= 1.8 + 0.42 * HEATMAP_MAX_ROWS
    assert sum(float(t.get_text()) for t in ax.texts if t.get_position()[0] == 0) == sum(range(1000))
    plt.close(fig)


def test_code_heatmap_of_a_short_table_is_unchanged():
    table = pd.DataFrame({"a": [0.5, 1.5]}, index=["P1", "P2"])
    fig = code_heatmap(table, "T", "code", "paragraph", fmt="{:.1f}")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["P1", "P2"]
    assert fig.axes[0].get_ylabel() == "paragraph"
    plt.close(fig)


def test_dispersion_plot_thins_paragraph_boundaries_on_a_long_text():
    starts = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(1, 501)], "start": range(0, 5000, 10)})
    hits = pd.DataFrame({"term": ["a", "b"], "position": [3, 4000]})
    fig = dispersion_plot(hits, paragraph_starts=starts, n_tokens=5000)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) <= 12 and labels[:2] == ["P1", "P43"]
    assert "one paragraph start in 42" in ax.get_xlabel()
    plt.close(fig)


PIECES = ["U.S.", "u.s.", "3.5%", "$4.2", "1,200", "F.", "f.", "No.", "10", "Gen.", "etc.", "p.m.", "GDP.", "a",
          "İstanbul", "people's", "well-being", "—", ",", ".", " ", "\n", "%", "$", "-", "'", "(", "“", "”"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_counting_distinct_runs_gives_the_tokens_of_the_text(text):
    """helpers.counting counts each distinct run of token characters once; that must not change any token."""
    if text.strip():
        speech = segment(text)
        assert token_counts(speech) == Counter(tokenize("\n".join(speech.paragraphs)))
