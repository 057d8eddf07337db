"""Refuse files that are not plain text, with a message that says what the file is and how to fix it.

:func:`helpers.workspace.read_text_file` calls :func:`check_plain_text` on every file it reads, so
a Word document, a PDF or a web page saved with a ``.txt`` name never loads as if it were a speech.
What is checked, from the file's first bytes (its "signature") or its text:

* a zip archive (``PK\\x03\\x04``: a .docx, .odt or .xlsx file) or an old Word file (.doc);
* a PDF (``%PDF-``) or an RTF file (``{\\rtf``);
* UTF-16 text (what Windows calls "Unicode"), recognised by its byte-order mark;
* NUL bytes anywhere (a damaged file, or not a text file);
* a web page (the text starts with ``<!DOCTYPE html`` or ``<html``, or has an ``<html``,
  ``<head`` or ``<body`` tag near its start).
"""

from __future__ import annotations

import re
from pathlib import Path

_SAVE_AS_TEXT = "File → Save As → Plain Text (.txt), with the encoding UTF-8"
_SIGNATURES = (
    (b"PK\x03\x04", "a Word document (.docx) or another zipped file (.odt, .xlsx), not plain text",
     f"open it in Word (or LibreOffice) and use {_SAVE_AS_TEXT}"),
    (b"\xd0\xcf\x11\xe0", "an old Word document (.doc) or another Office file, not plain text",
     f"open it in Word (or LibreOffice) and use {_SAVE_AS_TEXT}"),
    (b"%PDF-", "a PDF file, not plain text",
     "open the PDF, select the text and copy it into a text editor, then save it as .txt with the "
     "encoding UTF-8 (or open the PDF in Word and use " + _SAVE_AS_TEXT + ")"),
    (b"{\\rtf", "a rich-text (RTF) file, not plain text",
     f"open it in Word, WordPad or TextEdit and use {_SAVE_AS_TEXT}"),
    (b"\xff\xfe", "text saved as UTF-16 (what Windows calls 'Unicode'), not UTF-8",
     "open it in a text editor and save it again with the encoding UTF-8"),
    (b"\xfe\xff", "text saved as UTF-16 (what Windows calls 'Unicode'), not UTF-8",
     "open it in a text editor and save it again with the encoding UTF-8"),
)
_HTML = re.compile(r"^\s*(<!doctype\s+html|<html)|<(html|head|body)[\s>]", re.IGNORECASE)


def check_plain_text(data: bytes, path: str | Path, what: str = "text file") -> None:
    """Raise ValueError naming the file, what is wrong and the fix, when ``data`` is not plain text.

    >>> check_plain_text("Plain words.".encode("utf-8"), "speech.txt")
    >>> check_plain_text(b"PK\\x03\\x04rest", "speech.txt")
    Traceback (most recent call last):
    ...
    ValueError: speech.txt is a Word document (.docx) or another zipped file (.odt, .xlsx), not plain text, so it cannot be read as a text file. Fix: open it in Word (or LibreOffice) and use File → Save As → Plain Text (.txt), with the encoding UTF-8.
    """
    name = Path(path).name
    for signature, problem, fix in _SIGNATURES:
        if data.startswith(signature):
            raise ValueError(f"{name} is {problem}, so it cannot be read as a {what}. Fix: {fix}.")
    nul, count = data.find(b"\x00"), data.count(b"\x00")
    if nul >= 0:
        raise ValueError(
            f"{name} holds {count} NUL byte(s) (the first at byte {nul}), which plain text never "
            f"has: the file is damaged, or it is not a {what}. Fix: copy the text you need into a new file in "
            "a text editor and save it as .txt with the encoding UTF-8."
        )
    if _HTML.search(data[:2000].decode("utf-8", errors="replace")):
        raise ValueError(
            f"{name} is a web page (HTML code), not the plain text of a {what}. Fix: open the page in a "
            "browser, select the text you need, copy it into a text editor and save it as .txt with the "
            "encoding UTF-8."
        )
