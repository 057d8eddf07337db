"""helpers.reading: finding terms, who speaks, highlighting (accessible, escaped, any text)."""

import html
import re

import pytest

from helpers.reading import (SHOWN_PARAGRAPHS, find_terms, highlight, sentences_with, show_text,
                             structure_map, voices)
from helpers.text import load_speech, segment

OTHER = segment(
    "A Test Speech\n\n2024-05-01\n\n"
    "The Mayor opened the <b>meeting</b> & welcomed guests. She said that we must fix the roads.\n\n"
    "\"Safety first,\" she added. Residents should report potholes.\n\n"
    "Related News",
    source="other.txt",
)


@pytest.fixture(scope="module")
def speech():
    return load_speech()


# ---------------------------------------------------------------- find_terms / sentences_with

def test_find_terms_course_text_modals_by_hand(speech):
    table = find_terms(speech, {"obligation": ["must", "should"]})
    # counted by reading the text: "must" in P1.S3 P4.S1 P4.S3 P5.S2 P6.S2 P7.S2 P8.S2,
    # "should" in P4.S2 P5.S3 P5.S4 P6.S3 P6.S4 P7.S3 P8.S3
    assert table.groupby("term").size().to_dict() == {"must": 7, "should": 7}
    assert table.sentence_id.tolist()[:4] == ["P1.S3", "P4.S1", "P4.S2", "P4.S3"]


def test_whole_words_only_and_possessives(speech):
    assert find_terms(speech, ["we"]).match.str.lower().eq("we").all()  # not "well-being"
    assert "P1.S2" not in set(find_terms(speech, ["we"]).sentence_id)  # P1.S2 has "well-being" only
    assert "P5.S2" in set(find_terms(speech, ["people"]).sentence_id)  # "people's well-being"


def test_phrase_ignores_quotes_and_case(speech):
    assert sentences_with(speech, "TWO MIRACLES") == ["P3.S2"]
    assert sentences_with(speech, "Fengqiao Experience") == ["P7.S3"]
    assert sentences_with(speech, "copper wall and iron wall") == ["P7.S2"]
    assert sentences_with(speech, "no such phrase here") == []


def test_longer_overlapping_match_wins(speech):
    table = find_terms(speech, {"short": ["iron"], "long": ["iron army"]})
    assert table[table.sentence_id == "P8.S3"][["category", "match"]].values.tolist() == [["long", "iron army"]]


def test_regex_terms(speech):
    table = find_terms(speech, [r"\w+tion of"], regex=True)
    assert "construction of" in set(table.match.str.lower())


@pytest.mark.parametrize("terms, message", [
    ([], "No terms given"),
    ({"obligation": []}, "'obligation' has an empty"),
    ([""], "empty or non-text term"),
    (42, "got int"),
    ({str(i): ["x"] for i in range(8)}, "8 categories are too many"),
])
def test_bad_terms_say_how_to_fix(speech, terms, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        find_terms(speech, terms)


def test_bad_regex_is_explained(speech):
    with pytest.raises(ValueError, match=r"'\(unclosed' is not a valid regular expression.*regex=True"):
        find_terms(speech, ["(unclosed"], regex=True)


# ---------------------------------------------------------------- voices / structure map

def test_reporting_verbs_course_text(speech):
    assert _reporting_verbs(speech) == ["emphasized", "pointed out"] * 3 + ["emphasized"]


def test_voices_course_text(speech):
    table = voices(speech).set_index("sentence_id")
    assert table.loc["P1.S1", "voice"] == "narrator"
    assert table.loc["P1.S2", "speaker"] == "General Secretary Xi Jinping"
    assert table.loc["P3.S1", "voice"] == "narrator"  # "delivered an important speech" reports an act, not words
    assert table.loc["P3.S2", "speaker"] == "He"
    assert table.loc["P8.S3", "voice"] == "reported (continued, inferred)"
    assert (table.loc[["P2.S1", "P2.S2"], "voice"] == "narrator").all()


def test_structure_map_one_row_per_paragraph(speech):
    table = structure_map(speech, claims={"P2": "the lecture and the discussion"})
    assert table.paragraph_id.tolist() == [f"P{i}" for i in range(1, 9)]
    assert table.voice.tolist() == ["narrator, then reported speech", "narrator", "narrator, then reported speech"] \
        + ["reported speech"] * 5
    assert table.loc[1, "main claim (analyst's reading)"] == "the lecture and the discussion"
    assert table.loc[0, "main claim (analyst's reading)"] == ""


def test_structure_map_unknown_claim_key(speech):
    with pytest.raises(KeyError, match=r"'P9' is not a paragraph ID.*P1 to P8"):
        structure_map(speech, claims={"P9": "x"})


def test_voices_on_another_text():
    table = voices(OTHER)
    assert table.voice.tolist() == ["narrator", "reported", "reported", "reported (continued, inferred)"]
    assert table.reporting_verb.tolist() == ["", "said", "added", ""]


# ---------------------------------------------------------------- highlight / show_text

def test_highlight_marks_without_relying_on_colour(speech):
    view = highlight(speech, {"metaphor": ["copper wall and iron wall"]}, paragraphs=["P7"])
    assert "**copper wall and iron wall**[metaphor]" in view.text
    assert "<strong>copper wall and iron wall</strong>" in view.html  # bold
    assert "text-decoration:underline" in view.html  # underline
    assert "<sup" in view.html and "[metaphor]" in view.html  # written label
    assert "Legend" in view.html and "1 match)" in view.html
    assert "P8" not in view.text


def test_categories_differ_in_underline_style_and_colour(speech):
    view = highlight(speech, {"obligation": ["must"], "we": ["we"]}, paragraphs="P7")
    styles = re.findall(r'<mark style="([^"]+)"', view.html)
    assert len({s for s in styles}) == 2
    assert "text-decoration-style:solid" in view.html and "text-decoration-style:double" in view.html
    assert "#F4D48C" in view.html  # Okabe-Ito orange #E69F00 at 45 % on white: 255-0.45*(255-c) per channel


def test_highlight_works_on_another_text_and_escapes_html():
    view = highlight(OTHER, {"obligation": ["must", "should"], "tag": ["<b>meeting</b>"]})
    assert "<b>meeting</b>" not in view.html.replace("<strong>&lt;b&gt;meeting&lt;/b&gt;</strong>", "")
    assert "&lt;b&gt;meeting&lt;/b&gt; &amp; welcomed" not in view.html  # it is highlighted, so split
    assert "&amp; welcomed guests" in view.html
    # plain text stays plain; the mark runs from the term's first word to its last (the one rule: the
    # punctuation around a term's words is not part of the term)
    assert "<**b>meeting</b**[tag]>" in view.text
    assert "**must**[obligation]" in view.text and "**should**[obligation]" in view.text
    assert "[P2.S2]" in view.text and "Related News" not in view.text


def test_category_names_and_labels_are_escaped():
    view = highlight(OTHER, {"<script>": ["roads"]}, sentence_labels={"P2.S1": "<i>quote</i>"})
    assert "<script>" not in view.html and "&lt;script&gt;" in view.html
    assert "<i>quote</i>" not in view.html and "{&lt;i&gt;quote&lt;/i&gt;}" in view.html


def test_sentence_labels_mark_whole_sentences(speech):
    view = highlight(speech, sentence_labels={"p6.s2": "directive", "P6.S1": "evaluation"}, paragraphs=["P6"])
    assert "[P6.S2] {directive} We must prioritize" in view.text
    assert "border-left:6px" in view.html and "{directive} whole sentences labelled directive" in view.text


def test_sentence_labels_differ_in_shape_not_only_colour(speech):
    who = voices(speech)
    view = highlight(speech, sentence_labels=dict(zip(who.sentence_id, who.voice)), paragraphs=["P1", "P3"])
    # three voices: solid, double and dotted bars (no dashed: one dashed line looks solid) and three marker shapes
    assert "border-left:6px solid" in view.html and "border-left:6px double" in view.html
    assert "border-left:6px dotted" in view.html and "dashed" not in view.html
    for marker, label in (("■", "narrator"), ("●", "reported"), ("▲", "reported (continued, inferred)")):
        assert f'{marker}</span> <strong>{{{label}}}</strong>' in view.html
        assert f"(marker {marker}," in view.html


def test_legend_names_terms_that_match_nothing(speech):
    view = highlight(speech, {"the people": ["people", "everyone", "masses"]})
    assert "[the people] people, everyone, masses (6 matches; no match in the text shown for 'masses'" in view.text
    assert "no match in the text shown for &#x27;masses&#x27;" in view.html
    assert "no match" not in highlight(speech, {"the people": ["people", "everyone"]}).text
    # with a paragraph filter, only the paragraphs shown count
    assert "no match in the text shown for 'everyone'" in highlight(speech, {"p": ["people", "everyone"]},
                                                                     paragraphs=["P1"]).text


def test_sentence_labels_unknown_id(speech):
    with pytest.raises(KeyError, match=r"no sentence 'P9.S1'.*P1.S1 to P8.S3"):
        highlight(speech, sentence_labels={"P9.S1": "directive"})


def test_unknown_paragraph(speech):
    with pytest.raises(KeyError, match=r"'P12' is not a paragraph ID.*P1 to P8"):
        highlight(speech, "must", paragraphs=["P12"])


def test_show_text_shows_every_part_and_escapes():
    view = show_text(OTHER)
    lines = view.text.splitlines()
    assert lines[0] == "TITLE        A Test Speech" and lines[1] == "DATELINE     2024-05-01"
    assert lines[-1] == "BOILERPLATE  Related News"
    assert "&lt;b&gt;meeting&lt;/b&gt; &amp; welcomed" in view.html and "<b>meeting</b>" not in view.html
    assert repr(view) == view.text and view._repr_html_() == view.html


def test_highlight_and_voices_on_the_fixture_text():
    from pathlib import Path
    path = Path(__file__).parent / "fixtures" / "another_speech.txt"
    other = load_speech(path)
    assert _reporting_verbs(other) == ["emphasized", "pointed out", "noted", "emphasized", "pointed out"]
    view = highlight(other, {"obligation": ["must", "should"]})
    assert view.text.count("**must**[obligation]") + view.text.count("**Must**[obligation]") == 3
    assert "[P5.S2] We **should**[obligation] measure" in view.text


def _reporting_verbs(speech):
    table = voices(speech)
    return table.loc[table.voice == "reported", "reporting_verb"].tolist()


# ---------------------------------------------------------------- the notebook's checks

def _said(fn, *args, **kwargs):
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args, **kwargs)
    return out.getvalue()


def test_check_sentence_types_accepts_defensible_alternatives():
    from helpers.checks import check_sentence_types
    base = {"P1.S1": "description", "P3.S2": "description", "P4.S1": "evaluation",
            "P6.S1": "evaluation", "P6.S2": "directive"}
    assert _said(check_sentence_types, base).startswith("✅")
    assert _said(check_sentence_types, {**base, "P3.S2": "evaluation", "P4.S1": "directive"}).startswith("✅")
    assert "Three sentences are ambiguous" in _said(check_sentence_types, base)
    first = _said(check_sentence_types, {**base, "p6.s2": "description"})
    assert first.startswith("🔎 Not yet. 1 of the five is hard to defend") and "Look again at P6.S2" in first
    assert "'must'" in first  # the misconception of this answer, on the first try
    assert _said(check_sentence_types, {"P1.S1": "description"}).startswith("✏️")


def test_check_reporting_verbs_names_the_misconception():
    from helpers.checks import check_reporting_verbs
    right = ["emphasized", "pointed out"] * 3 + ["emphasized"]
    assert _said(check_reporting_verbs, right).startswith("✅")
    assert _said(check_reporting_verbs, [v.replace("emphasized", "Emphasised") for v in right]).startswith("✅")
    assert "delivered an important speech" in _said(check_reporting_verbs, right[:2] + ["delivered"] + right[2:])
    assert _said(check_reporting_verbs, right, speech=OTHER).startswith("ℹ️ Note.") and "course text only" in \
        _said(check_reporting_verbs, right, speech=OTHER)


def test_check_sentence_with_phrase_on_any_text():
    from helpers.checks import check_sentence_with_phrase
    assert _said(check_sentence_with_phrase, "p7.s2").startswith("✅")
    assert _said(check_sentence_with_phrase, "P2.S2", phrase="potholes", speech=OTHER).startswith("✅")
    assert "does not occur" in _said(check_sentence_with_phrase, "P1.S1", speech=OTHER)
    assert "paragraph ID" in _said(check_sentence_with_phrase, "P7")


def test_check_sentence_with_phrase_accepts_a_one_item_list_and_explains_longer_ones():
    from helpers.checks import check_sentence_with_phrase
    one = _said(check_sentence_with_phrase, ["P7.S2"])  # what sentences_with returns
    assert one.startswith("✅") and "sentences_with returns a list; one ID is enough" in one
    longer = _said(check_sentence_with_phrase, ["P7.S2", "P7.S1"])
    assert longer.startswith("🔎") and "Your list has 2 IDs ('P7.S2', 'P7.S1')" in longer
    assert "one sentence" in longer


def test_checks_echo_the_learners_input_as_typed():
    from helpers.checks import check_sentence_types, check_sentence_with_phrase
    assert "'Li Yan' is not a sentence ID" in _said(check_sentence_with_phrase, "Li Yan")
    assert "'p7' is a paragraph ID" in _said(check_sentence_with_phrase, "p7")
    base = {"P1.S1": "description", "P3.S2": "description", "P4.S1": "evaluation",
            "P6.S1": "evaluation", "P6.S2": "directive"}
    assert "P4.S1 has 'Evalution '" in _said(check_sentence_types, {**base, "P4.S1": "Evalution "})


def test_check_sentence_types_p6s1_either_label_and_form_messages():
    from helpers.checks import check_sentence_types
    base = {"P1.S1": "description", "P3.S2": "description", "P4.S1": "evaluation",
            "P6.S1": "evaluation", "P6.S2": "directive"}
    assert _said(check_sentence_types, {**base, "P6.S1": "directive"}).startswith("✅")  # "an important task"
    two = _said(check_sentence_types, {**base, "P3.S2": ["description", "evaluation"]})
    assert two.startswith("✏️") and "one label per sentence; either is accepted where the sentence is ambiguous" in two
    extra = _said(check_sentence_types, {**base, "P8.S1": "directive"})
    assert extra.startswith("✅") and "'P8.S1' is not one of the five sentences" in extra
    specific = _said(check_sentence_types, {**base, "P1.S1": "evaluation"})
    assert "Look again at P1.S1. Is there a judging word" in specific
    assert specific.count("Look") == 1  # no "Look again at P1.S1: Look for ..."


def test_check_reporting_verbs_too_few_names_order_and_tolist():
    from helpers.checks import check_reporting_verbs
    first = _said(check_reporting_verbs, ["emphasized", "pointed out"])
    assert "Order matters" in first and ".tolist()" in first


def test_check_people_terms():
    from helpers.checks import check_people_terms
    assert _said(check_people_terms, ["people", "everyone"]).startswith("✅")
    trial = _said(check_people_terms, ["people", "everyone", "public", "masses"])  # the trial student's answer
    assert trial.startswith("🔎") and "'masses' matched nothing" in trial
    assert "'mass prevention and control' (P7.S2)" in _said(check_people_terms, ["people", "everyone", "masses"])
    public = _said(check_people_terms, ["people", "everyone", "public"])
    assert public.startswith("🔎") and "'public safety system' (P6.S3)" in public
    assert _said(check_people_terms, None).startswith("✏️")
    assert "[' People ']" in _said(check_people_terms, " People ")  # echoed as typed
    other = _said(check_people_terms, ["citizens"], speech=OTHER)  # another text: no verdict, but the 0 matches
    assert other.startswith("ℹ️ Note.") and "course text only" in other and "'citizens' matched nothing in other.txt" in other
    assert "Every term matches something" in _said(check_people_terms, ["Residents"], speech=OTHER)


def test_voices_finds_lower_case_speakers_and_the_inverted_order():
    """'The treasurer pointed out' and Xinhua's '..., said Xi.' are reported speech (issue 13)."""
    speech = segment("The treasurer pointed out that costs rose. \"We will act,\" said Xi. "
                     "Growth will continue, added the minister.\n\nThe plan is good.", source="x.txt")
    table = voices(speech)
    assert table.voice.tolist() == ["reported", "reported", "reported", "narrator"]
    assert table.speaker.tolist() == ["The treasurer", "Xi", "the minister", ""]
    assert table.reporting_verb.tolist() == ["pointed out", "said", "added", ""]


# ---------------------------------------------------------------- a long text: at most `limit` paragraphs

#: 2,000 sentences in 400 paragraphs; "beacon" stands in every seventh paragraph (P7, P14, ...), twice in each.
LONG = segment("\n\n".join(
    " ".join(f"Sentence {s} of part {p} {'lights a beacon and a beacon' if p % 7 == 0 and s == 2 else 'is plain'}."
             for s in range(1, 6))
    for p in range(1, 401)), source="long.txt")


def test_highlight_on_a_long_text_shows_at_most_limit_paragraphs_with_hits_and_names_the_rest():
    view = highlight(LONG, {"light": ["beacon"]}, limit=10)
    shown = re.findall(r"^P\d+$", view.text, flags=re.M)
    assert shown == [f"P{7 * i}" for i in range(1, 11)]  # the first ten paragraphs that have a match
    with_hits = 400 // 7  # 57 paragraphs with a match, by construction
    assert f"Shown: 10 of the {with_hits} paragraphs with a match" in view.text
    assert f"{with_hits - 10} more are left out" in view.text and "limit=None" in view.text
    assert "(114 matches)" in view.text  # the legend counts every match, not only the shown ones: 57 × 2
    assert view.text.splitlines()[0] in html.unescape(view.html)  # the note is in the HTML too


def test_highlight_default_limit_keeps_a_long_text_readable_and_none_shows_everything():
    assert len(re.findall(r"^P\d+$", highlight(LONG, "beacon").text, flags=re.M)) == SHOWN_PARAGRAPHS
    everything = highlight(LONG, "beacon", limit=None).text
    assert len(re.findall(r"^P\d+$", everything, flags=re.M)) == 400 and "Shown:" not in everything


def test_highlight_on_a_long_text_keeps_labelled_sentences():
    view = highlight(LONG, sentence_labels={"P250.S3": "odd one", "P3.S1": "first"}, limit=5)
    assert re.findall(r"^P\d+$", view.text, flags=re.M) == ["P3", "P250"]
    assert "Shown: 2 of the 2 paragraphs with a match or a labelled sentence (none is left out" in view.text


def test_show_text_on_a_long_text_shows_the_first_paragraphs_and_says_how_to_see_all():
    view = show_text(LONG, limit=3)
    assert re.findall(r"^P\d+$", view.text, flags=re.M) == ["P1", "P2", "P3"]
    assert "Shown: the first 3 of 400 paragraphs. Set limit=None" in view.text


@pytest.mark.parametrize("limit", [0, -1, 2.5, "10", True])
def test_highlight_rejects_a_limit_that_is_not_a_positive_whole_number(limit):
    with pytest.raises(ValueError, match=r"limit=.* is not allowed: it must be a whole number of at least 1 .* Fix: for example limit=50"):
        highlight(LONG, "beacon", limit=limit)


def test_highlight_on_the_course_text_has_no_note(speech):
    assert "Shown:" not in highlight(speech, "must").text and "Shown:" not in show_text(speech).text
