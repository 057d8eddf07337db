"""A coding panel: code sentences one at a time in the notebook, saved to ``my_work/`` after every change.

:class:`CodingSession` holds the state and its rules (plain Python, tested without a browser);
:func:`coding_panel` only wires it to ipywidgets. The sheet it writes is an ordinary coding sheet
(``sentence_id``, one column per code key, ``memo``, ``text``, ``codebook``): a coded sentence has 0 or 1
in every code cell, a sentence not yet coded has blank code cells. The ``codebook`` column records which
codebook the sheet was made with (:func:`helpers.coding.codebook_fingerprint`: v0, v1 and v2 share their
code keys), and a sheet that records another codebook is refused. A sentence counts as coded once it has a code,
or once "No code applies" is pressed for it.

Every click is written at once, atomically (:func:`helpers.workspace.write_atomic`), so a crash
leaves the previous version whole. A memo reaches the kernel as it is typed and is written once typing
pauses (:data:`MEMO_PAUSE` seconds), or at once by the next click; closing the page loses nothing the
kernel has received, because the kernel writes it after the pause. Reopening reads the sheet and resumes after the last coded sentence.
An existing sheet is never overwritten blank; a sheet that does not fit the codebook or the text (another
codebook's columns, other sentences) is refused with a message and left as it is.

Keyboard: Tab and Shift+Tab move between the buttons, the memo and Previous/Next; Space or Enter
presses the focused button or toggle.

>>> session = CodingSession(load_codebook(version=0), "doc_panel.csv", ["P6.S1", "P6.S2"])  # doctest: +SKIP
>>> session.toggle("risk_prevention"); session.progress()  # doctest: +SKIP
'1 of 2 coded'
"""

from __future__ import annotations

import csv
import io
import math
import threading
from html import escape
from pathlib import Path

from .coding import (CODEBOOK_COLUMN, code_keys, codebook_fingerprint, codebook_mismatch, coding_units,
                     load_codebook, partial_sheet_from_text, sheet_from_dict)
from .text import load_speech, sentences
from .workspace import my_work_dir, read_text_file, write_atomic

RULE_FIELDS = ("full_definition", "when_to_use", "when_not_to_use", "near_miss")
MEMO_PAUSE = 1.0  # seconds without typing after which a memo is written

__all__ = ["CodingSession", "coding_panel", "load_codebook"]


class Pause:
    """Run ``action`` once ``seconds`` pass without another :meth:`poke` (a debounce, on a timer thread).

    >>> pause = Pause(60, lambda: print("saved")); pause.poke(); pause.fire()
    saved
    """

    def __init__(self, seconds: float, action):
        self.seconds, self.action, self._timer = seconds, action, None

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def poke(self) -> None:
        """Start the wait again (each keystroke)."""
        self.cancel()
        self._timer = threading.Timer(self.seconds, self.fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def fire(self) -> None:
        """Run the action now (the timer does this; a test may too)."""
        self.cancel()
        self.action()


def not_live_note(session: "CodingSession") -> str:
    """What a saved notebook shows above the panel: how to bring it back when it is not running."""
    return (f"**Coding panel** for `my_work/{session.path.name}` ({len(session.ids)} sentences, codebook "
            f"{session.fingerprint}). No panel under this line, or one that does not respond (after reopening the "
            "notebook or restarting the kernel)? **Run this cell**: the panel opens again at the first sentence "
            "you have not coded. Your coding is saved in that sheet, not in the notebook.")


class CodingSession:
    """The panel's state: the sentences, each one's codes (None = not coded yet) and memo, the position.

    Every change goes through a method that saves the sheet before it returns.

    >>> s = CodingSession(load_codebook(version=0), "doc_session.csv", ["P6.S1", "P6.S2"])  # doctest: +SKIP
    >>> s.no_code(); s.move(1); s.current  # doctest: +SKIP
    'P6.S2'
    """

    def __init__(self, codebook: dict, name: str, sentence_ids=None, speech=None):
        if Path(name).name != name or not name.endswith(".csv"):
            raise ValueError(f"{name!r} should be a plain file name ending in .csv, such as 'my_coding_v1.csv'.")
        self.codebook = codebook
        self.keys = code_keys(codebook)
        self.speech = speech if speech is not None else load_speech()
        self.table = coding_units(self.speech, sentence_ids).reset_index(drop=True)
        self.ids = self.table.sentence_id.tolist()
        self.path = my_work_dir() / name
        self.fingerprint = codebook_fingerprint(codebook)
        self.codes: dict[str, set | None] = {sid: None for sid in self.ids}
        self.memos: dict[str, str] = {sid: "" for sid in self.ids}
        self.unsaved = False  # a memo typed but not yet written
        self._lock = threading.Lock()  # a memo may be written from a timer thread
        if self.path.exists():
            self._read()
        else:
            self.save()
        self.position = self.resume_position()

    # ----------------------------------------------------------------- reading and saving

    def _read(self) -> None:
        try:
            text = read_text_file(self.path, "coding sheet")
            sheet = partial_sheet_from_text(text, self.path.name, self.codebook, self.ids, self.speech)
            problem = codebook_mismatch(sheet.attrs[CODEBOOK_COLUMN], self.codebook, f"my_work/{self.path.name}")
            if problem:
                raise ValueError(problem)
        except ValueError as exc:
            raise ValueError(f"my_work/{self.path.name} does not fit this codebook and these sentences, so the "
                             f"panel will not use it; the file is kept as it is.\n{exc}\nFix: open it with the "
                             "codebook it was made with, or give the panel another sheet name.") from None
        for row in sheet.itertuples(index=False):
            values = [getattr(row, k) for k in self.keys]
            if not any(math.isnan(v) for v in values):
                self.codes[row.sentence_id] = {k for k, v in zip(self.keys, values) if v == 1}
            self.memos[row.sentence_id] = row.memo

    def sheet_text(self) -> str:
        """The sheet as CSV text: blank code cells for sentences not yet coded."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["sentence_id", *self.keys, "memo", "text", CODEBOOK_COLUMN])
        for sid, text in zip(self.ids, self.table.text):
            codes = self.codes[sid]
            cells = [""] * len(self.keys) if codes is None else ["1" if k in codes else "0" for k in self.keys]
            writer.writerow([sid, *cells, self.memos[sid], text, self.fingerprint])
        return out.getvalue()

    def save(self) -> Path:
        """Write the sheet atomically (a temporary file, then one rename); one writer at a time."""
        with self._lock:
            path = write_atomic(self.path, self.sheet_text())
            self.unsaved = False
            return path

    # ----------------------------------------------------------------- changes (each one saved)

    @property
    def current(self) -> str:
        return self.ids[self.position]

    def toggle(self, key: str) -> None:
        """Apply or remove a code on the current sentence; removing the last one leaves it not coded."""
        if key not in self.keys:
            raise KeyError(f"{key!r} is not a code of this codebook. Fix: use one of {', '.join(self.keys)}.")
        codes = set(self.codes[self.current] or ())
        codes ^= {key}
        self.codes[self.current] = codes or None
        self.save()

    def no_code(self) -> None:
        """Mark the current sentence as coded with no code (pressed again: not coded)."""
        self.codes[self.current] = None if self.codes[self.current] == set() else set()
        self.save()

    def set_memo(self, text: str, save: bool = True) -> None:
        """Set the current sentence's memo; ``save=False`` keeps it for the next :meth:`flush` (typing)."""
        self.memos[self.current] = str(text)
        self.unsaved = True
        if save:
            self.save()

    def flush(self) -> None:
        """Write the sheet if a memo is waiting to be written."""
        if self.unsaved:
            self.save()

    def move(self, step: int) -> None:
        """Go ``step`` sentences forward (negative: back), staying within the list; a waiting memo is written first."""
        self.flush()
        self.position = min(max(self.position + step, 0), len(self.ids) - 1)

    # ----------------------------------------------------------------- reading the state

    def coded(self) -> list[str]:
        return [sid for sid in self.ids if self.codes[sid] is not None]

    def as_dict(self) -> dict[str, list[str]]:
        """The coded sentences as ``{"P6.S1": ["risk_prevention"], "P6.S2": [], ...}`` (the form notebook 03 checks)."""
        return {sid: sorted(self.codes[sid], key=self.keys.index) for sid in self.coded()}

    def progress(self) -> str:
        return f"{len(self.coded())} of {len(self.ids)} coded"

    def resume_position(self) -> int:
        """The first sentence not yet coded after the last coded one (else the first not coded, else 0)."""
        done = [i for i, sid in enumerate(self.ids) if self.codes[sid] is not None]
        todo = [i for i, sid in enumerate(self.ids) if self.codes[sid] is None]
        later = [i for i in todo if done and i > done[-1]]
        return (later or todo or [0])[0]

    def sheet(self):
        """The coded sentences as a checked 0/1 coding sheet (for agreement_table and side_by_side)."""
        coded = {sid: sorted(self.codes[sid]) for sid in self.coded()}
        if not coded:
            raise ValueError("No sentence is coded yet. Fix: code at least one sentence in the panel.")
        return sheet_from_dict(coded, self.codebook, speech=self.speech)

    def context_html(self) -> str:
        """The current sentence's paragraph, the sentence marked by a box, bold type and its ID (not colour alone)."""
        row = self.table.iloc[self.position]
        parts = []
        for other in sentences(self.speech).itertuples(index=False):
            if other.paragraph_id != row.paragraph_id:
                continue
            if other.sentence_id == row.sentence_id:
                parts.append(f'<mark style="font-weight:bold;border:2px solid currentColor;padding:0 2px">'
                             f"▶ [{other.sentence_id}] {escape(other.text)}</mark>")
            else:
                parts.append(f'<span style="opacity:0.75">{escape(other.text)}</span>')
        return (f"<p><b>Sentence {row.sentence_id}</b> ({self.position + 1} of {len(self.ids)} in this sheet) · "
                f"paragraph {row.paragraph_id} around it:</p><p style='line-height:1.6'>{' '.join(parts)}</p>")


def rules_html(code: dict) -> str:
    """A code's rules (full definition, when to use, when not to use, near miss) as HTML; '' for a thin codebook."""
    lines = []
    for field in RULE_FIELDS:
        if field in code:
            value = code[field]
            if isinstance(value, dict):
                value = f"{value.get('sentence_id')}: {value.get('why')}"
            lines.append(f"<p><b>{field.replace('_', ' ')}:</b> {escape(' '.join(str(value).split()))}</p>")
    return "".join(lines)


def coding_panel(codebook: dict, name: str, sentence_ids=None, speech=None):
    """Show the coding panel for ``codebook`` and the sheet ``my_work/<name>``; returns the widget.

    The session is the widget's ``.session`` attribute (``panel.session.sheet()`` gives the coded sentences).

    >>> panel = coding_panel(load_codebook(version=1), "my_coding_v1.csv", ["P6.S1", "P6.S2"])  # doctest: +SKIP
    """
    import ipywidgets as w

    class CodingPanel(w.VBox):
        """The panel's VBox, displayed after a plain note that outlives it in the saved notebook."""

        def _ipython_display_(self):
            from IPython.display import display

            note = not_live_note(self.session)
            display({"text/markdown": note, "text/plain": note.replace("**", "").replace("`", "")}, raw=True)
            bundle = self._repr_mimebundle_()
            bundle["text/plain"] = f"Coding panel for my_work/{self.session.path.name}: run this cell to show it."
            display(bundle, raw=True)

    session = CodingSession(codebook, name, sentence_ids, speech)
    header, context, status = w.HTML(), w.HTML(), w.HTML()
    toggles = {code["key"]: w.ToggleButton(description=code["name"], tooltip=code["short_definition"],
                                           layout=w.Layout(width="18em"))
               for code in codebook["codes"]}
    rows = [w.HBox([toggles[code["key"]], w.HTML(f"<small>{escape(code['short_definition'])}</small>")])
            for code in codebook["codes"]]
    none = w.ToggleButton(description="No code applies", layout=w.Layout(width="18em"))
    # every keystroke reaches the kernel (nothing is lost if the page closes); the file is written after a pause
    memo = w.Textarea(placeholder="Memo for this sentence: why this coding, what was a close call (optional)",
                      layout=w.Layout(width="95%"), continuous_update=True)
    back, forward = w.Button(description="◀ Previous"), w.Button(description="Next ▶")
    children = [header, context, *rows, none]
    if any(rules_html(code) for code in codebook["codes"]):
        rules = w.Accordion(children=[w.HTML(rules_html(code)) for code in codebook["codes"]],
                            titles=tuple(f"Rules: {code['name']}" for code in codebook["codes"]), selected_index=None)
        children.append(rules)
    children += [memo, w.HBox([back, forward]), status]
    updating = [False]

    def show() -> None:
        updating[0] = True
        codes = session.codes[session.current]
        for key, button in toggles.items():
            button.value = bool(codes) and key in codes
            button.icon = "check" if button.value else ""
        none.value = codes == set()
        memo.value = session.memos[session.current]
        back.disabled = session.position == 0
        forward.disabled = session.position == len(session.ids) - 1
        header.value = f"<h4>{escape(session.progress())} · sheet my_work/{escape(session.path.name)}</h4>"
        context.value = session.context_html()
        updating[0] = False

    def saving(change, redraw: bool = True) -> None:
        try:
            change()
            status.value = f"Saved: {escape(session.progress())}."
        except OSError as exc:
            status.value = f"<b>Not saved</b> ({escape(str(exc))}): your last change is only in this panel. Try again."
        if redraw:
            show()

    for key, button in toggles.items():
        button.observe(lambda _c, key=key: updating[0] or saving(lambda: session.toggle(key)), "value")
    none.observe(lambda _c: updating[0] or saving(session.no_code), "value")
    def typed(text) -> None:
        session.set_memo(text, save=False)
        pause.poke()

    def moving(step) -> None:
        pause.cancel()
        saving(lambda: session.move(step))  # a memo still waiting is written first

    pause = Pause(MEMO_PAUSE, lambda: saving(session.flush, redraw=False))
    memo.observe(lambda c: updating[0] or typed(c["new"]), "value")
    back.on_click(lambda _b: moving(-1))
    forward.on_click(lambda _b: moving(1))
    show()
    panel = CodingPanel(children)
    panel.session, panel.memo_pause = session, pause
    return panel
