"""helpers.notes: notes keyed by sentence and note ID, safe re-runs, recoverable edits, atomic writes."""

import os
import tempfile

import pandas as pd
import pytest

from helpers.notes import add_note, edit_note, note_history, notes, notes_file, show_notes
from helpers.text import load_speech, segment


@pytest.fixture(scope="module")
def speech():
    return load_speech()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "mine"


def _rows(speech, folder):
    return pd.read_csv(notes_file(speech, folder), dtype=str, keep_default_na=False)


def test_note_is_saved_in_the_learner_folder_not_data(speech, folder):
    shown = add_note(speech, "p7.s2", "  A metaphor of defence.  ", folder=folder)
    assert shown.values.tolist() == [["P7.S2", "1", "A metaphor of defence."]]
    path = notes_file(speech, folder)
    assert path == folder.resolve() / "notes_safe_china_readout_en.csv"
    assert path.read_text(encoding="utf-8") == (
        "sentence_id,note_id,version,status,note\nP7.S2,1,1,current,A metaphor of defence.\n")


def test_default_folder_is_my_work_from_the_environment(speech, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "env_work"))
    add_note(speech, "P1.S1", "Meeting date, no year.")
    assert (tmp_path / "env_work" / "notes_safe_china_readout_en.csv").exists()


def test_rerun_does_not_duplicate_or_lose(speech, folder):
    add_note(speech, "P7.S2", "Metaphor.", folder=folder)
    add_note(speech, "P2.S2", "Discussion not reported.", note_id="silence", folder=folder)
    before = notes_file(speech, folder).read_bytes()
    for _ in range(3):  # the learner runs the same cells again
        add_note(speech, "P7.S2", "Metaphor.", folder=folder)
        add_note(speech, "P2.S2", "Discussion not reported.", note_id="silence", folder=folder)
    assert notes_file(speech, folder).read_bytes() == before
    assert notes(speech, folder).values.tolist() == [["P2.S2", "silence", "Discussion not reported."],
                                                     ["P7.S2", "1", "Metaphor."]]


def test_two_notes_on_one_sentence_need_two_note_ids(speech, folder):
    add_note(speech, "P7.S2", "Metaphor.", folder=folder)
    with pytest.raises(ValueError, match=r"P7.S2 already has a note with note_id='1' that says 'Metaphor.'.*"
                                         r"Nothing was changed.*edit_note.*another note_id"):
        add_note(speech, "P7.S2", "Something else.", folder=folder)
    add_note(speech, "P7.S2", "Something else.", note_id="2", folder=folder)
    assert notes(speech, folder).note.tolist() == ["Metaphor.", "Something else."]


def test_edit_replaces_and_keeps_previous_text(speech, folder):
    add_note(speech, "P7.S2", "Metaphor.", folder=folder)
    shown = edit_note(speech, "P7.S2", "Metaphor; a Mao allusion? (hypothesis)", folder=folder)
    assert shown.note.tolist() == ["Metaphor; a Mao allusion? (hypothesis)"]
    assert notes(speech, folder).note.tolist() == ["Metaphor; a Mao allusion? (hypothesis)"]
    history = note_history(speech, "P7.S2", folder=folder)
    assert history.values.tolist() == [[1, "replaced", "Metaphor."],
                                       [2, "current", "Metaphor; a Mao allusion? (hypothesis)"]]


def test_rerunning_the_whole_notebook_after_an_edit_keeps_the_edit(speech, folder):
    def run_all():
        add_note(speech, "P7.S2", "Metaphor.", folder=folder)
        edit_note(speech, "P7.S2", "Metaphor, edited.", folder=folder)

    run_all()
    once = notes_file(speech, folder).read_bytes()
    run_all()
    run_all()
    assert notes_file(speech, folder).read_bytes() == once  # no new versions, nothing reverted
    assert notes(speech, folder).note.tolist() == ["Metaphor, edited."]


def test_edit_of_a_missing_note(speech, folder):
    with pytest.raises(KeyError, match=r"no note with note_id='1' on P3.S2 to edit.*add_note"):
        edit_note(speech, "P3.S2", "x", folder=folder)


@pytest.mark.parametrize("sentence_id", ["P9.S1", "P1.S9", "P1", "", "nonsense"])
def test_unknown_sentence_id(speech, folder, sentence_id):
    with pytest.raises(KeyError, match=rf"no sentence {sentence_id!r} in safe_china_readout_en.txt, so the note "
                                       r"was not saved.*P1.S1 to P8.S3"):
        add_note(speech, sentence_id, "A note.", folder=folder)
    assert not notes_file(speech, folder).exists()


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_note(speech, folder, text):
    with pytest.raises(ValueError, match=r"The note for P1.S1 is empty, so it was not saved.*between the quotes"):
        add_note(speech, "P1.S1", text, folder=folder)
    assert not notes_file(speech, folder).exists()


def test_note_that_is_not_text(speech, folder):
    with pytest.raises(ValueError, match="must be text in quotes, not int"):
        add_note(speech, "P1.S1", 42, folder=folder)


def test_empty_note_id(speech, folder):
    with pytest.raises(ValueError, match="note_id is empty"):
        add_note(speech, "P1.S1", "x", note_id=" ", folder=folder)


def test_unwritable_learner_folder_cannot_be_created(speech, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(PermissionError, match="Could not create the learner folder"):
        add_note(speech, "P1.S1", "x", folder=blocker / "notes")


def test_unwritable_learner_folder_when_saving(speech, folder, monkeypatch):
    folder.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what write_atomic meets in a read-only folder
    with pytest.raises(PermissionError, match=r"Could not save your notes to notes_safe_china_readout_en.csv in "
                                              r".*mine: Permission denied\. Fix: check that you may write"):
        add_note(speech, "P1.S1", "x", folder=folder)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write to read-only folders")
def test_read_only_folder_for_real(speech, folder):
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="Could not save your notes"):
            add_note(speech, "P1.S1", "x", folder=folder)
    finally:
        folder.chmod(0o700)


def test_damaged_notes_file_is_named(speech, folder):
    folder.mkdir()
    notes_file(speech, folder).write_text("sentence_id,note\nP1.S1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes_safe_china_readout_en.csv lacks the column\(s\) note_id, version, "
                                         r"status.*header line"):
        notes(speech, folder)


def test_notes_with_commas_quotes_and_newlines_round_trip(speech, folder):
    text = 'He "emphasized", then:\nanother line, with <html> & commas'
    add_note(speech, "P1.S2", text, folder=folder)
    assert notes(speech, folder).note.tolist() == [text]
    add_note(speech, "P1.S2", text, folder=folder)  # still recognised as the same note
    assert len(_rows(speech, folder)) == 1


def test_show_notes_beside_the_text_escaped(speech, folder):
    add_note(speech, "P7.S2", "A <b>bold</b> claim & more", folder=folder)
    view = show_notes(speech, paragraphs=["P7"], folder=folder)
    assert view.text.splitlines()[1].startswith("[P7.S2] We must combine")
    assert view.text.splitlines()[2] == "    NOTE [1] A <b>bold</b> claim & more"
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more" in view.html and "<b>bold</b>" not in view.html
    assert "[P8.S1]" not in view.text and "<th" in view.html


def test_show_notes_unknown_paragraph(speech, folder):
    with pytest.raises(KeyError, match="'P9'.*not a paragraph ID"):
        show_notes(speech, paragraphs=["P9"], folder=folder)


def test_each_text_has_its_own_notes_file(speech, folder):
    other = segment("One sentence here. Another one there.", source="my speech (draft).txt")
    add_note(other, "P1.S2", "On the other text.", folder=folder)
    add_note(speech, "P1.S2", "On the course text.", folder=folder)
    assert notes_file(other, folder).name == "notes_my_speech_draft.csv"
    assert notes(other, folder).note.tolist() == ["On the other text."]
    assert notes(speech, folder).note.tolist() == ["On the course text."]


# ---------------------------------------------------------------- the notebook's stretch exercise (check_my_note)

def _said(fn, *args, **kwargs):
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args, **kwargs)
    return out.getvalue()


def test_rewording_the_stretch_note_and_rerunning_never_raises(speech, tmp_path, monkeypatch):
    from helpers.checks import check_my_note
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "work"))
    assert _said(check_my_note, None, speech=speech).startswith("✏️")  # the student version as shipped
    first = _said(check_my_note, ("P2.S2", "Only an event.", "silence"), speech=speech)
    assert first.startswith("✅") and "is saved" in first
    assert _said(check_my_note, ("P2.S2", "Only an event.", "silence"), speech=speech) == first  # re-run
    reworded = _said(check_my_note, ("P2.S2", "Only an event; no words.", "silence"), speech=speech)
    assert reworded.startswith("✅") and "edit of your earlier wording" in reworded
    assert note_history(speech, "P2.S2", note_id="silence").note.tolist() == ["Only an event.",
                                                                               "Only an event; no words."]
    with pytest.raises(ValueError, match="already has a note"):  # add_note itself still refuses
        add_note(speech, "P2.S2", "Third wording.", note_id="silence")


def test_stretch_note_bad_input_gives_feedback_and_echoes_input(speech, tmp_path, monkeypatch):
    from helpers.checks import check_my_note
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "work"))
    assert "'Li Yan' is not a sentence ID" in _said(check_my_note, ("Li Yan", "x", "a"), speech=speech)
    assert "you gave 'P2.S2'" in _said(check_my_note, "P2.S2", speech=speech)
    assert "must not be empty" in _said(check_my_note, ("P2.S2", "  ", "a"), speech=speech)
    notes_file(speech).write_text("garbage\n", encoding="utf-8")  # a damaged file is reported, not raised
    assert "not saved" in _said(check_my_note, ("P2.S2", "x", "a"), speech=speech)


def test_show_notes_on_a_long_text_shows_the_paragraphs_with_notes_and_names_the_rest(folder):
    long = segment("\n\n".join(f"Part {p} opens. Part {p} closes." for p in range(1, 301)), source="long.txt")
    for sid in ("P250.S2", "P3.S1", "P120.S1"):
        add_note(long, sid, f"on {sid}", folder=folder)
    view = show_notes(long, folder=folder, limit=2)
    lines = view.text.splitlines()
    assert lines[0].startswith("Shown: 2 of the 3 paragraphs with a note (1 more is left out; 297 paragraphs")
    assert [line.split("]")[0] for line in lines[1:]] == ["[P3.S1", "    NOTE [1", "[P3.S2", "[P120.S1",
                                                          "    NOTE [1", "[P120.S2"]
    assert "limit=None" in view.html and len(show_notes(long, folder=folder, limit=None).text.splitlines()) == 603
