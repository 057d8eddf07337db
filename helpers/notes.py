"""Your own notes on the text, kept against sentence IDs in a file in your learner folder.

Notes live in ``my_work/notes_<text>.csv`` (one file per text, e.g.
``notes_safe_china_readout_en.csv``), never in ``data/``. Each note is keyed by
its **sentence ID** and a **note ID** you choose (default ``"1"``), so that:

* re-running a cell that adds the same note changes nothing (no duplicates);
* :func:`add_note` never replaces a different note silently: it asks you to use
  :func:`edit_note` or another ``note_id``;
* :func:`edit_note` replaces the text and keeps every earlier version in the
  same file (``status`` ``replaced``), so :func:`note_history` can show it;
* re-running the original :func:`add_note` cell after an edit keeps the edit;
* :func:`remove_note` takes a note off your notes (status ``removed``); its text
  stays in the file, and adding a note with the same IDs later starts it again.

The file has the columns ``sentence_id``, ``note_id``, ``version``, ``status``
(``current``, ``replaced`` or ``removed``) and ``note``; it is written atomically (a crash
never leaves half a file), so you may open it in a spreadsheet to read it.
"""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pandas as pd

from .reading import SHOWN_PARAGRAPHS, ReadingView, _paragraph_filter, _within_limit, check_limit
from .text import Speech, sentences
from .workspace import my_work_dir, write_atomic

COLUMNS = ["sentence_id", "note_id", "version", "status", "note"]


def notes_file(speech: Speech, folder: str | os.PathLike | None = None) -> Path:
    """The path of the notes file for this text in the learner folder (the folder is created if needed).

    >>> notes_file(load_speech()).name  # doctest: +SKIP
    'notes_safe_china_readout_en.csv'
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(speech.source).stem).strip("_") or "text"
    return my_work_dir(folder) / f"notes_{stem}.csv"


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(
            f"Your notes file {path.name} could not be read ({type(exc).__name__}). "
            "Fix: if you edited it by hand, undo the edit or rename the file to start a new one."
        ) from None
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"Your notes file {path.name} lacks the column(s) {', '.join(missing)}. "
            "Fix: restore the header line 'sentence_id,note_id,version,status,note', or rename the file."
        )
    table["version"] = pd.to_numeric(table["version"], errors="coerce").fillna(1).astype(int)
    return table[COLUMNS]


def _write(path: Path, table: pd.DataFrame) -> None:
    buffer = io.StringIO()
    table[COLUMNS].to_csv(buffer, index=False, lineterminator="\n")
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        raise PermissionError(
            f"Could not save your notes to {path.name} in {path.parent}: {exc.strerror or exc}. "
            "Fix: check that you may write to that folder, or pass folder= a folder you own."
        ) from None


def _sentence_id(speech: Speech, sentence_id) -> str:
    sid = str(sentence_id).strip().upper().replace(" ", "")
    known = sentences(speech).sentence_id
    if sid not in set(known):
        raise KeyError(
            f"There is no sentence {sentence_id!r} in {speech.source}, so the note was not saved. "
            f"Fix: use an ID of the form P3.S2; this text has {known.iloc[0]} to {known.iloc[-1]}."
        )
    return sid


def _note_text(text, sid: str) -> str:
    if not isinstance(text, str):
        raise ValueError(f"The note for {sid} must be text in quotes, not {type(text).__name__} {text!r}. "
                         'Fix: for example "A metaphor of defence."')
    if not text.strip():
        raise ValueError(f"The note for {sid} is empty, so it was not saved. Fix: write your note between the quotes.")
    return text.strip()


def _note_id(note_id) -> str:
    value = str(note_id).strip() if note_id is not None else ""
    if not value:
        raise ValueError("The note_id is empty. Fix: give a short label such as note_id='1' or note_id='metaphor'.")
    return value


def _key(table: pd.DataFrame, sid: str, nid: str) -> pd.Series:
    return (table.sentence_id == sid) & (table.note_id == nid)


def _show(table: pd.DataFrame, sid: str, nid: str) -> pd.DataFrame:
    row = table[_key(table, sid, nid) & (table.status == "current")]
    return row[["sentence_id", "note_id", "note"]].reset_index(drop=True)


def add_note(speech: Speech, sentence_id: str, text: str, note_id: str = "1",
             folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Save a note against a sentence; running the same cell again changes nothing. Returns the saved note.

    >>> add_note(load_speech(), "P7.S2", "A metaphor of defence.")  # doctest: +SKIP
      sentence_id note_id                    note
    0       P7.S2       1  A metaphor of defence.
    """
    sid = _sentence_id(speech, sentence_id)
    note = _note_text(text, sid)
    nid = _note_id(note_id)
    path = notes_file(speech, folder)
    table = _read(path)
    same = table[_key(table, sid, nid)]
    if not (same.status == "current").any():  # a new note, or one removed earlier: start it (again)
        version = int(same.version.max()) + 1 if len(same) else 1
        new = pd.DataFrame([[sid, nid, version, "current", note]], columns=COLUMNS)
        table = pd.concat([table, new], ignore_index=True) if not table.empty else new
        _write(path, table)
    elif note not in set(same.note):
        current = same.loc[same.status == "current", "note"]
        raise ValueError(
            f"{sid} already has a note with note_id={nid!r} that says {current.iloc[0]!r}. Nothing was changed. "
            f"Fix: to change it, use edit_note(speech, {sid!r}, ..., note_id={nid!r}) (the old text is kept); "
            "to add a second note, give it another note_id."
        )
    # else: the same text is already saved (current, or an earlier version you have since edited): keep it.
    return _show(table, sid, nid)


def edit_note(speech: Speech, sentence_id: str, text: str, note_id: str = "1",
              folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Replace a note's text; the earlier text stays in the file (see :func:`note_history`).

    >>> edit_note(load_speech(), "P7.S2", "A metaphor of defence; Mao 1934?")  # doctest: +SKIP
      sentence_id note_id                              note
    0       P7.S2       1  A metaphor of defence; Mao 1934?
    """
    sid = _sentence_id(speech, sentence_id)
    note = _note_text(text, sid)
    nid = _note_id(note_id)
    path = notes_file(speech, folder)
    table = _read(path)
    key = _key(table, sid, nid)
    if not key.any():
        raise KeyError(
            f"There is no note with note_id={nid!r} on {sid} to edit. "
            f"Fix: add it first with add_note(speech, {sid!r}, ..., note_id={nid!r})."
        )
    current = key & (table.status == "current")
    if table.loc[current, "note"].tolist() != [note]:
        version = int(table.loc[key, "version"].max()) + 1
        table.loc[current, "status"] = "replaced"
        table = pd.concat([table, pd.DataFrame([[sid, nid, version, "current", note]], columns=COLUMNS)],
                          ignore_index=True)
        _write(path, table)
    return _show(table, sid, nid)


def remove_note(speech: Speech, sentence_id: str, note_id: str = "1",
                folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Take a note off your notes; its text stays in the file (status ``removed``). Returns your notes.

    >>> remove_note(load_speech(), "P7.S2", note_id="1")  # doctest: +SKIP
    """
    sid = _sentence_id(speech, sentence_id)
    nid = _note_id(note_id)
    path = notes_file(speech, folder)
    table = _read(path)
    current = _key(table, sid, nid) & (table.status == "current")
    if not current.any():
        raise KeyError(f"There is no note with note_id={nid!r} on {sid} to remove. "
                       "Fix: check notes(speech) for the sentence and note IDs of your notes.")
    table.loc[current, "status"] = "removed"
    _write(path, table)
    return notes(speech, folder)


def _order(speech: Speech) -> dict[str, int]:
    return {sid: i for i, sid in enumerate(sentences(speech).sentence_id)}


def notes(speech: Speech, folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Your current notes on this text, in reading order (columns ``sentence_id``, ``note_id``, ``note``).

    >>> notes(load_speech())  # doctest: +SKIP
    """
    table = _read(notes_file(speech, folder))
    table = table[table.status == "current"].copy()
    order = _order(speech)
    table["_pos"] = table.sentence_id.map(order).fillna(len(order))
    table = table.sort_values(["_pos", "note_id"], kind="stable")
    return table[["sentence_id", "note_id", "note"]].reset_index(drop=True)


def note_history(speech: Speech, sentence_id: str, note_id: str = "1",
                 folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every version of one note, oldest first (columns ``version``, ``status``, ``note``).

    >>> note_history(load_speech(), "P7.S2")  # doctest: +SKIP
    """
    sid = _sentence_id(speech, sentence_id)
    nid = _note_id(note_id)
    table = _read(notes_file(speech, folder))
    rows = table[_key(table, sid, nid)].sort_values("version")
    if rows.empty:
        raise KeyError(f"There is no note with note_id={nid!r} on {sid}. Fix: check notes(speech) for your notes.")
    return rows[["version", "status", "note"]].reset_index(drop=True)


def show_notes(speech: Speech, paragraphs=None, folder: str | os.PathLike | None = None,
               limit: int | None = SHOWN_PARAGRAPHS) -> ReadingView:
    """The text with your notes beside each sentence (a two-column table), for all or some paragraphs.

    On a text of more than ``limit`` paragraphs only those with a note are shown, the first ``limit`` of
    them, and a line above the table says how many are left out; ``limit=None`` shows every paragraph.

    >>> show_notes(load_speech(), paragraphs=["P7"])  # doctest: +SKIP
    """
    check_limit(limit)
    current = notes(speech, folder)
    by_sentence = {sid: group for sid, group in current.groupby("sentence_id", sort=False)}
    wanted = _paragraph_filter(speech, paragraphs)
    by_paragraph: dict[str, list] = {}
    for row in sentences(speech).itertuples():
        if wanted is None or row.paragraph_id in wanted:
            by_paragraph.setdefault(row.paragraph_id, []).append(row)
    shown, note = _within_limit(by_paragraph, set(by_sentence), limit, what="with a note")
    rows_html, rows_text = [], []
    for row in (row for pid in shown for row in by_paragraph[pid]):
        group = by_sentence.get(row.sentence_id)
        mine = [] if group is None else list(zip(group.note_id, group.note))
        cell = "<br>".join(f"<strong>[{html.escape(n)}]</strong> {html.escape(t)}" for n, t in mine)
        rows_html.append(
            f'<tr><td style="vertical-align:top;text-align:left"><code>{row.sentence_id}</code></td>'
            f'<td style="vertical-align:top;text-align:left;max-width:38em">{html.escape(row.text)}</td>'
            f'<td style="vertical-align:top;text-align:left;max-width:24em;background:#FFF8E6">{cell}</td></tr>')
        rows_text.append(f"[{row.sentence_id}] {row.text}")
        rows_text += [f"    NOTE [{n}] {t}" for n, t in mine]
    head = ('<tr><th style="text-align:left">ID</th><th style="text-align:left">Sentence</th>'
            '<th style="text-align:left">Your notes</th></tr>')
    above = f'<p style="background:#eee;color:#000;padding:2px 6px">{html.escape(note)}</p>' if note else ""
    return ReadingView(f"{above}<table>{head}{''.join(rows_html)}</table>", "\n".join(([note] if note else []) + rows_text))
