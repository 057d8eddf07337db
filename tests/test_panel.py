"""helpers.panel: the coding panel's state, its saving (atomic, never blank over work) and its widget wiring."""

import os
from pathlib import Path

import pytest

from helpers import workspace
from helpers.coding import code_keys, load_codebook, read_partial_sheet, read_sheet
from helpers.panel import CodingSession, coding_panel
from helpers.text import load_speech
from helpers.workspace import my_work_dir

V1 = load_codebook(version=1)
TEN = ["P6.S1", "P6.S2", "P6.S3", "P6.S4", "P7.S1", "P7.S2", "P7.S3", "P8.S1", "P8.S2", "P8.S3"]
ANOTHER = Path(__file__).resolve().parent / "fixtures" / "another_speech.txt"


def _on_disk(session):
    """The sheet as read back from the file by the partial-sheet reader (another route than the session)."""
    table = read_partial_sheet(session.path, session.codebook, session.ids, session.speech).set_index("sentence_id")
    codes = {}
    for sid, row in table.iterrows():
        values = row[session.keys]
        codes[sid] = None if values.isna().all() else {k for k in session.keys if values[k] == 1}
    return codes, table.memo.to_dict()


def test_a_new_session_writes_a_sheet_with_nothing_coded():
    session = CodingSession(V1, "new.csv", TEN)
    assert session.progress() == "0 of 10 coded" and session.current == "P6.S1"
    codes, memos = _on_disk(session)
    assert set(codes.values()) == {None} and set(memos.values()) == {""}


def test_every_change_is_on_disk_before_the_method_returns():
    session = CodingSession(V1, "changes.csv", TEN)
    session.toggle("risk_prevention")
    assert _on_disk(session)[0]["P6.S1"] == {"risk_prevention"}
    session.toggle("political_security")
    session.set_memo('close call; "regime" or party?\nsecond line')
    session.move(1)
    session.no_code()
    codes, memos = _on_disk(session)
    assert codes["P6.S1"] == {"risk_prevention", "political_security"} and codes["P6.S2"] == set()
    assert memos["P6.S1"] == 'close call; "regime" or party?\nsecond line'
    assert session.progress() == "2 of 10 coded"
    session.toggle("risk_prevention")  # a code replaces "no code applies"
    session.toggle("risk_prevention")  # removing the last code: not coded again
    assert _on_disk(session)[0]["P6.S2"] is None
    with pytest.raises(KeyError, match="'fear' is not a code of this codebook"):
        session.toggle("fear")


def test_reopening_resumes_after_the_last_coded_sentence_with_everything_intact():
    first = CodingSession(V1, "resume.csv", TEN)
    for step, key in enumerate(["risk_prevention", "public_safety", "technology"]):
        first.toggle(key)
        first.set_memo(f"memo {step}")
        first.move(1)
    before = first.path.read_bytes()
    again = CodingSession(V1, "resume.csv", TEN)
    assert again.path.read_bytes() == before  # opening writes nothing
    assert again.current == "P6.S4" and again.progress() == "3 of 10 coded"
    assert again.codes == first.codes and again.memos == first.memos


def test_the_coded_sentences_become_an_ordinary_coding_sheet():
    session = CodingSession(V1, "sheet.csv", TEN)
    session.toggle("risk_prevention")
    session.move(1)
    session.no_code()
    sheet = session.sheet()
    assert sheet.sentence_id.tolist() == ["P6.S1", "P6.S2"]
    assert sheet.set_index("sentence_id").loc["P6.S1"].sum() == 1
    for sid in TEN[2:]:  # finish coding: the file then passes the strict reader of complete sheets
        session.move(1)
        session.no_code()
    assert read_sheet(session.path, V1, TEN).shape == (10, 12)


def test_a_sheet_from_another_codebook_is_refused_and_left_as_it_is(tmp_path):
    own = tmp_path / "own.yml"
    own.write_text("version: 1\ncodes:\n  - key: fear\n    name: Fear\n    short_definition: Danger named.\n",
                   encoding="utf-8")
    mine = CodingSession(load_codebook(own), "mixed.csv", TEN)
    mine.toggle("fear")
    before = mine.path.read_bytes()
    with pytest.raises(ValueError, match=r"my_work/mixed.csv does not fit this codebook.*kept as it is"
                                         r"(.|\n)*not codes of this codebook: fear(.|\n)*code column\(s\) missing"):
        CodingSession(V1, "mixed.csv", TEN)
    assert mine.path.read_bytes() == before


def test_a_sheet_for_other_sentences_is_refused():
    CodingSession(V1, "other.csv", ["P1.S1"]).toggle("guiding_concept")
    with pytest.raises(ValueError, match="sentence ID 'P1.S1' is not one of the sentences to code"):
        CodingSession(V1, "other.csv", TEN)


def test_a_crash_between_writes_leaves_the_previous_sheet_whole(monkeypatch):
    session = CodingSession(V1, "crash.csv", TEN)
    session.toggle("risk_prevention")
    saved = session.path.read_bytes()
    real_replace = os.replace

    def crash(src, dst):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(workspace.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        session.toggle("technology")
    assert session.path.read_bytes() == saved
    assert [p.name for p in my_work_dir().iterdir() if p.name.startswith(".crash.csv")] == []
    monkeypatch.setattr(workspace.os, "replace", real_replace)
    session.set_memo("after the crash")
    codes, memos = _on_disk(session)
    assert codes["P6.S1"] == {"risk_prevention", "technology"} and memos["P6.S1"] == "after the crash"


def test_a_half_written_temporary_file_from_a_killed_kernel_is_ignored():
    session = CodingSession(V1, "killed.csv", TEN)
    session.toggle("public_safety")
    (my_work_dir() / ".killed.csv.abc123.tmp").write_text("sentence_id,guid", encoding="utf-8")
    assert CodingSession(V1, "killed.csv", TEN).codes["P6.S1"] == {"public_safety"}


def test_another_text_with_the_learners_own_thin_codebook(tmp_path):
    own = tmp_path / "own.yml"
    own.write_text("version: 1\ncodes:\n  - key: fear\n    name: Fear\n    short_definition: Danger named.\n"
                   "  - key: hope\n    name: Hope\n    short_definition: A better future.\n", encoding="utf-8")
    speech = load_speech(ANOTHER)
    session = CodingSession(load_codebook(own, speech=speech), "another.csv", speech=speech)
    assert session.progress().endswith(f"of {len(session.ids)} coded") and session.ids[0] == "P1.S1"
    session.toggle("hope")
    assert "[P1.S1]" in session.context_html() and "<mark" in session.context_html()
    assert _on_disk(session)[0]["P1.S1"] == {"hope"}


def test_the_widget_saves_what_is_clicked_and_shows_the_rules_only_when_the_codebook_has_them():
    panel = coding_panel(V1, "widget.csv", TEN)
    session = panel.session
    toggles = [row.children[0] for row in panel.children if getattr(row, "children", None)
               and getattr(row.children[0], "description", "") in {c["name"] for c in V1["codes"]}]
    assert [t.description for t in toggles] == [c["name"] for c in V1["codes"]]
    toggles[7].value = True  # risk prevention
    memo = next(c for c in panel.children if type(c).__name__ == "Textarea")
    memo.value = "typed memo"
    buttons = next(c for c in panel.children if type(c).__name__ == "HBox" and
                   [b.description for b in c.children] == ["◀ Previous", "Next ▶"])
    buttons.children[1].click()
    assert session.current == "P6.S2" and toggles[7].value is False and memo.value == ""
    buttons.children[0].click()
    assert toggles[7].value is True and memo.value == "typed memo"
    assert _on_disk(session)[0]["P6.S1"] == {code_keys(V1)[7]}
    assert "1 of 10 coded" in panel.children[0].value
    assert any(type(c).__name__ == "Accordion" for c in panel.children)
    thin = coding_panel(load_codebook(version=0), "thin.csv", TEN)
    assert not any(type(c).__name__ == "Accordion" for c in thin.children)


def test_the_panel_coding_becomes_the_dict_that_notebook_03_checks():
    from helpers.checks import check_my_codes

    session = CodingSession(V1, "as_dict.csv", TEN)
    for n, sid in enumerate(TEN):
        if n % 3 == 0:
            session.no_code()
        else:
            session.toggle("rule_of_law")
            session.toggle("guiding_concept")
        session.move(1)
    coded = session.as_dict()
    assert list(coded) == TEN and coded["P6.S1"] == [] and coded["P6.S2"] == ["guiding_concept", "rule_of_law"]
    check_my_codes(coded)  # accepted: prints feedback, raises nothing


def _memo_and_next(panel):
    memo = next(c for c in panel.children if type(c).__name__ == "Textarea")
    buttons = next(c for c in panel.children if type(c).__name__ == "HBox" and
                   [b.description for b in c.children] == ["◀ Previous", "Next ▶"])
    return memo, buttons.children[1]


def test_a_memo_is_written_after_a_pause_in_typing_not_on_every_keystroke():
    panel = coding_panel(V1, "typing.csv", TEN)
    memo, _ = _memo_and_next(panel)
    written = panel.session.path.read_bytes()
    for n in range(1, 6):  # five keystrokes, as the browser sends them
        memo.value = "close call"[: n * 2]
    assert panel.session.path.read_bytes() == written  # nothing written while typing
    assert panel.session.memos["P6.S1"] == "close call" and panel.memo_pause.pending
    panel.memo_pause.fire()  # what the timer does after MEMO_PAUSE seconds without a keystroke
    assert _on_disk(panel.session)[1]["P6.S1"] == "close call" and not panel.memo_pause.pending


def test_the_pause_timer_itself_writes_the_memo_when_nothing_else_happens():
    panel = coding_panel(V1, "timer.csv", TEN)
    memo, _ = _memo_and_next(panel)
    memo.value = "typed, then the page was closed"
    timer = panel.memo_pause._timer
    timer.join(timeout=60)  # the learner does nothing more; the kernel's timer runs out
    assert _on_disk(panel.session)[1]["P6.S1"] == "typed, then the page was closed"


def test_leaving_a_sentence_writes_its_memo_at_once():
    panel = coding_panel(V1, "leaving.csv", TEN)
    memo, forward = _memo_and_next(panel)
    memo.value = "written when I press Next"
    forward.click()
    assert not panel.memo_pause.pending and panel.session.current == "P6.S2"
    assert _on_disk(panel.session)[1]["P6.S1"] == "written when I press Next"


def test_the_saved_output_says_in_plain_words_to_run_the_cell(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    panel = coding_panel(V1, "shown.csv", TEN)
    with capture_output() as shown:
        panel._ipython_display_()
    note, widget = shown.outputs
    assert "Run this cell" in note.data["text/markdown"] and "my_work/shown.csv" in note.data["text/plain"]
    assert "**" not in note.data["text/plain"]
    assert widget.data["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.model_id
    assert widget.data["text/plain"] == "Coding panel for my_work/shown.csv: run this cell to show it."


def test_the_sheet_records_its_codebook_in_every_row():
    from helpers.coding import codebook_fingerprint

    session = CodingSession(V1, "recorded.csv", TEN)
    rows = session.path.read_text(encoding="utf-8").splitlines()
    assert rows[0].endswith(",memo,text,codebook")
    assert all(row.endswith("," + codebook_fingerprint(V1)) for row in rows[1:]) and len(rows) == 11
