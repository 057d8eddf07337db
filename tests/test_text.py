"""helpers.text: the course text's structure is pinned; other shapes and bad input behave."""

import pytest

from helpers.text import (load_speech, paragraphs, parts, segment, sentence_text, sentences,
                          split_sentences, tokenize, tokens)

COURSE_IDS = [f"P{p}.S{s}" for p, n in enumerate([3, 2, 3, 3, 4, 4, 3, 3], start=1) for s in range(1, n + 1)]


@pytest.fixture(scope="module")
def speech():
    return load_speech()


def test_course_text_parts(speech):
    assert speech.title.startswith("Xi Jinping: Firmly Implement")
    assert speech.dateline == "2025-06-23 08:49"
    assert speech.boilerplate == ("Related News",)
    assert len(speech.paragraphs) == 8
    assert speech.paragraphs[0].startswith("On the morning of February 28")
    assert speech.paragraphs[-1].endswith("iron army of the new era.")


def test_course_text_all_25_sentence_ids(speech):
    assert sentences(speech).sentence_id.tolist() == COURSE_IDS


def test_sentence_boundaries_are_where_a_reader_puts_them(speech):
    assert sentence_text(speech, "P6.S4") == "Efforts should focus on preventing risks in key fields."
    assert sentence_text(speech, "P2.S1").startswith("Comrade Li Yan, Vice President")
    assert sentence_text(speech, "p1.s3").startswith("We must unswervingly implement")


def test_parts_table_keeps_everything(speech):
    table = parts(speech)
    assert table.part.tolist() == ["title", "dateline"] + ["paragraph"] * 8 + ["boilerplate"]
    assert table.loc[table.part == "paragraph", "id"].tolist() == [f"P{i}" for i in range(1, 9)]


def test_counts_cover_content_only(speech):
    table = tokens(speech)
    assert len(table) == paragraphs(speech).words.sum()
    assert "related" not in set(table.token)  # boilerplate excluded
    assert (table.token == "security").sum() == 14  # 15 with the title (docs/methods.md §1)
    assert table.position.tolist() == list(range(len(table)))


@pytest.mark.parametrize("text, expected", [
    ("Safe China", ["safe", "china"]),
    ("the people's well-being", ["the", "people", "'s", "well-being"]),
    ("the people’s rights", ["the", "people", "'s", "rights"]),
    ("the States' duty", ["the", "states", "duty"]),
    ("don't", ["don't"]),
    ("the 18th National Congress, 2025.", ["the", "18th", "national", "congress", "2025"]),
    ('the "Fengqiao Experience"', ["the", "fengqiao", "experience"]),
    ("political-legal iron army", ["political-legal", "iron", "army"]),
    ("— , . !", []),
])
def test_tokenizer_rules(text, expected):
    assert tokenize(text) == expected


def test_a_sentence_may_start_with_a_digit():
    speech = segment("The session met in spring. 2025 was the year of the plan. 18 members attended.")
    assert sentences(speech).text.tolist() == ["The session met in spring.", "2025 was the year of the plan.",
                                               "18 members attended."]


def test_abbreviations_do_not_end_sentences():
    assert split_sentences("Dr. Li spoke. No. 10 followed, e.g. this one. End.") == [
        "Dr. Li spoke.", "No. 10 followed, e.g. this one.", "End."]


def test_blank_line_paragraphs_without_title(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text("First paragraph, line one\nand line two. Second sentence.\n\nSecond paragraph.\n\n\n", encoding="utf-8")
    speech = load_speech(path)
    assert speech.title is None and speech.dateline is None
    assert speech.paragraphs == ("First paragraph, line one and line two. Second sentence.", "Second paragraph.")
    assert sentences(speech).sentence_id.tolist() == ["P1.S1", "P1.S2", "P2.S1"]


def test_title_dateline_and_boilerplate_with_blank_lines(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text("A Short Title\n\n28 February 2025\n\nOne. Two.\n\nThree.\n\nShare this\n", encoding="utf-8")
    speech = load_speech(path)
    assert (speech.title, speech.dateline, speech.boilerplate) == ("A Short Title", "28 February 2025", ("Share this",))
    assert len(speech.paragraphs) == 2


def test_one_line_file_is_p1(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Just one line without a full stop", encoding="utf-8")
    speech = load_speech(path)
    assert speech.title is None and speech.paragraphs == ("Just one line without a full stop",)


def test_title_and_dateline_need_content_after_them():
    speech = segment("A Title\n2025-02-28")
    assert speech.title is None and speech.paragraphs == ("A Title", "2025-02-28")


def test_bom_and_crlf_and_cr(tmp_path):
    body = "Title Line\r\n2025-02-28\r\nFirst. Second.\r\nThird paragraph.\r\n"
    for name, data in [("bom.txt", "\ufeff" + body), ("cr.txt", body.replace("\r\n", "\r"))]:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8"))
        speech = load_speech(path)
        assert speech.title == "Title Line" and speech.dateline == "2025-02-28"
        assert speech.paragraphs == ("First. Second.", "Third paragraph.")


def test_very_long_line(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(" ".join(["Word word word."] * 20000), encoding="utf-8")
    assert len(sentences(load_speech(path))) == 20000


@pytest.mark.parametrize("setup, error, words", [
    (lambda p: p / "missing.txt", FileNotFoundError, ["There is no speech file", "missing.txt", "Fix"]),
    (lambda p: p, IsADirectoryError, ["is a folder", "Fix"]),
    (lambda p: _write(p / "latin1.txt", "caf\xe9".encode("latin-1")), ValueError, ["latin1.txt", "not UTF-8", "Fix"]),
    (lambda p: _write(p / "empty.txt", b""), ValueError, ["empty.txt", "empty", "Fix"]),
    (lambda p: _write(p / "blank.txt", b"  \n\t\n"), ValueError, ["blank.txt", "white space", "Fix"]),
])
def test_bad_input_names_file_problem_and_fix(tmp_path, setup, error, words):
    with pytest.raises(error) as caught:
        load_speech(setup(tmp_path))
    for word in words:
        assert word in str(caught.value)


def test_unknown_sentence_id_says_what_exists(speech):
    with pytest.raises(KeyError) as caught:
        sentence_text(speech, "P9.S1")
    assert "P9.S1" in str(caught.value) and "P1.S1 to P8.S3" in str(caught.value)


def _write(path, data):
    path.write_bytes(data)
    return path


def test_sentences_gives_a_fresh_table_each_time_though_the_split_is_kept():
    speech = load_speech()
    first = sentences(speech)
    first.loc[0, "text"] = "changed"  # a learner's edit of the table must not reach the next call
    assert sentences(speech).text.iloc[0].startswith("On the morning of February 28")
