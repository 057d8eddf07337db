"""Load a speech, split it into its parts, give every sentence a stable ID, and tokenize.

Segmenting rules (docs/design.md §10), for the course text and any other UTF-8 file:

* UTF-8 with or without a byte-order mark; any line endings (LF, CRLF, CR).
* If the file has blank lines, paragraphs are blank-line-separated blocks (the
  lines of a block are joined with a space); otherwise every non-empty line is a
  paragraph.
* A leading short line without final punctuation is the **title**, and a date
  or date-time line right after it is the **dateline**, but only when content
  follows them. A one-line file is just ``P1``.
* Trailing **boilerplate** (web page furniture such as "Related News") is
  recognised from the markers listed in ``data/boilerplate_markers.txt``.
* Content paragraphs are ``P1``, ``P2``, ...; sentences are ``P3.S2`` (the
  second sentence of the third paragraph). Counts, keyness, concordances and
  coding use the content paragraphs only.

Tokenizer rules (one tokenizer everywhere):

* case-folded to lower case; curly apostrophes become straight ones;
* a token is a run of letters or digits; hyphenated words stay whole
  (``political-legal``), and so do inner apostrophes (``don't``);
* the possessive ``'s`` is split off as its own token (``people's`` ->
  ``people``, ``'s``); a plural possessive loses its apostrophe (``states'`` ->
  ``states``);
* punctuation is dropped. Nothing is downloaded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .workspace import data_file, read_text_file, resolve_path

COURSE_TEXT = "safe_china_readout_en.txt"
TITLE_MAX_CHARS = 200
BOILERPLATE_MAX_CHARS = 120

_DATELINE = re.compile(
    r"""^\s*(
        \d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?        # 2025-06-23 08:49
      | \d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}(,?\s+\d{1,2}:\d{2})?             # 28 February 2025
      | [A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}(,?\s+\d{1,2}:\d{2})?           # February 28, 2025
    )\s*$""",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "No.", "Vol.", "e.g.", "i.e.",
                  "etc.", "vs.", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Oct.",
                  "Nov.", "Dec.", "U.S.", "U.K.", "P.R.C.")
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*'?")


@dataclass(frozen=True)
class Speech:
    """A speech split into its parts. ``paragraphs`` holds the content only.

    >>> speech = load_speech()
    >>> len(speech.paragraphs), speech.boilerplate
    (8, ('Related News',))
    """

    source: str
    title: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]


def require_speech(value) -> Speech:
    """Return ``value`` if it is a Speech; otherwise raise a TypeError that says how to get one.

    Every function that takes a speech checks it through here (via :func:`sentences`).

    >>> require_speech("some text")
    Traceback (most recent call last):
    ...
    TypeError: Expected a speech loaded with load_speech(), not str 'some text'. Fix: speech = load_speech() (or load_speech("path/to/file.txt")), then pass speech.
    """
    if isinstance(value, Speech):
        return value
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    raise TypeError(
        f"Expected a speech loaded with load_speech(), not {type(value).__name__} {shown}. "
        'Fix: speech = load_speech() (or load_speech("path/to/file.txt")), then pass speech.'
    )


def _blocks(text: str) -> list[str]:
    lines = text.split("\n")
    has_blank = any(not line.strip() for line in text.strip().split("\n"))
    if not has_blank:
        return [" ".join(line.split()) for line in lines if line.strip()]
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(" ".join(current).split()))
            current = []
    return blocks


@lru_cache(maxsize=1)
def boilerplate_markers() -> tuple[str, ...]:
    """The phrases that mark trailing web boilerplate, read from ``data/boilerplate_markers.txt``.

    >>> "Related News" in boilerplate_markers()
    True
    """
    lines = data_file("boilerplate_markers.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_boilerplate(block: str) -> bool:
    lowered = block.lower()
    return len(block) <= BOILERPLATE_MAX_CHARS and any(
        lowered.startswith(marker.lower()) for marker in boilerplate_markers()
    )


def _is_title(block: str) -> bool:
    return len(block) <= TITLE_MAX_CHARS and not block.rstrip().endswith((".", "!", "?", ";", ":", ","))


def segment(text: str, source: str = "<text>") -> Speech:
    """Split already-read text into title, dateline, content paragraphs and boilerplate.

    >>> segment("A Title\\n2025-02-28\\nFirst paragraph. Second sentence.").dateline
    '2025-02-28'
    """
    blocks = _blocks(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    boilerplate: list[str] = []
    while len(blocks) > 1 and _is_boilerplate(blocks[-1]):
        boilerplate.insert(0, blocks.pop())
    title = dateline = None
    if len(blocks) > 1 and _is_title(blocks[0]):
        if _DATELINE.match(blocks[1]):
            if len(blocks) > 2:
                title, dateline, blocks = blocks[0], blocks[1].strip(), blocks[2:]
        else:
            title, blocks = blocks[0], blocks[1:]
    elif len(blocks) > 1 and _DATELINE.match(blocks[0]):
        dateline, blocks = blocks[0].strip(), blocks[1:]
    if not blocks:
        raise ValueError(
            f"{source} has a title or boilerplate but no content paragraphs. "
            "Fix: check that the speech's text itself is in the file."
        )
    return Speech(source, title, dateline, tuple(blocks), tuple(boilerplate))


def load_speech(path: str | os.PathLike | None = None) -> Speech:
    """Load a speech from a UTF-8 text file; with no path, the course text.

    >>> load_speech().dateline
    '2025-06-23 08:49'
    """
    file = data_file(COURSE_TEXT) if path is None else resolve_path(path)
    text = read_text_file(file, "speech file")
    if not text.strip():
        raise ValueError(
            f"{Path(file).name} is empty or holds only white space. Fix: put the speech's text in the file "
            "(title and dateline optional, then one paragraph per line or blank lines between paragraphs)."
        )
    return segment(text, source=Path(file).name)


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences at ., ! or ? followed by a capital or a digit.

    Common abbreviations (Mr., Dr., e.g., No., ...) do not end a sentence.

    >>> split_sentences("He spoke. Dr. Li listened! Was it long?")
    ['He spoke.', 'Dr. Li listened!', 'Was it long?']
    """
    pieces = _SENTENCE_END.split(paragraph.strip())
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return [s for s in sentences if s]


def sentences(speech: Speech) -> pd.DataFrame:
    """One row per sentence of the content paragraphs, with its stable ID.

    Columns: ``sentence_id`` (``P3.S2``), ``paragraph_id`` (``P3``), ``paragraph``
    and ``sentence`` (1-based numbers), ``text``.

    >>> sentences(load_speech()).sentence_id.tolist()[:4]
    ['P1.S1', 'P1.S2', 'P1.S3', 'P2.S1']
    """
    require_speech(speech)
    rows = [
        {"sentence_id": f"P{p}.S{s}", "paragraph_id": f"P{p}", "paragraph": p, "sentence": s, "text": text}
        for p, paragraph in enumerate(speech.paragraphs, start=1)
        for s, text in enumerate(split_sentences(paragraph), start=1)
    ]
    return pd.DataFrame(rows, columns=["sentence_id", "paragraph_id", "paragraph", "sentence", "text"])


def paragraphs(speech: Speech) -> pd.DataFrame:
    """One row per content paragraph: ``paragraph_id``, ``sentences`` (how many), ``words``, ``text``.

    >>> paragraphs(load_speech()).sentences.tolist()
    [3, 2, 3, 3, 4, 4, 3, 3]
    """
    require_speech(speech)
    rows = [
        {"paragraph_id": f"P{p}", "sentences": len(split_sentences(text)),
         "words": len(tokenize(text)), "text": text}
        for p, text in enumerate(speech.paragraphs, start=1)
    ]
    return pd.DataFrame(rows, columns=["paragraph_id", "sentences", "words", "text"])


def parts(speech: Speech) -> pd.DataFrame:
    """The whole file as a table of its parts: title, dateline, paragraphs, boilerplate.

    >>> parts(load_speech()).part.tolist()[:3]
    ['title', 'dateline', 'paragraph']
    """
    rows = []
    if require_speech(speech).title is not None:
        rows.append(("title", "", speech.title))
    if speech.dateline is not None:
        rows.append(("dateline", "", speech.dateline))
    rows += [("paragraph", f"P{i}", text) for i, text in enumerate(speech.paragraphs, start=1)]
    rows += [("boilerplate", "", text) for text in speech.boilerplate]
    return pd.DataFrame(rows, columns=["part", "id", "text"])


def sentence_text(speech: Speech, sentence_id: str) -> str:
    """The text of one sentence, by its ID.

    >>> sentence_text(load_speech(), "P2.S1")[:13]
    'Comrade Li Ya'
    """
    if isinstance(sentence_id, Iterable) and not isinstance(sentence_id, str):
        items = list(sentence_id)
        shown = repr(items if len(items) <= 3 else items[:3] + ["..."])
        raise TypeError(
            f"sentence_text takes one sentence ID, but got a {type(sentence_id).__name__}: {shown}. "
            "Fix: pass one ID, for example ids[0] for the first ID in a list called ids."
        )
    table = sentences(speech)
    match = table.loc[table.sentence_id == str(sentence_id).strip().upper(), "text"]
    if match.empty:
        known = f"{table.sentence_id.iloc[0]} to {table.sentence_id.iloc[-1]}"
        raise KeyError(
            f"There is no sentence {sentence_id!r} in {speech.source}. "
            f"Fix: use an ID of the form P3.S2; this text has {known}."
        )
    return match.iloc[0]


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens by the course's documented rules.

    >>> tokenize("The people's well-being, the States' duty — don't stop!")
    ['the', 'people', "'s", 'well-being', 'the', 'states', 'duty', "don't", 'stop']
    """
    if not isinstance(text, str):
        raise TypeError(
            f"tokenize needs text (a string), not {type(text).__name__}. "
            "Fix: pass a sentence or paragraph, for example tokenize(speech.paragraphs[0])."
        )
    lowered = text.replace("’", "'").replace("‘", "'").lower()
    if "'" not in lowered:  # no possessive and no trailing apostrophe: the matches are the tokens
        return _TOKEN.findall(lowered)
    tokens: list[str] = []
    for match in _TOKEN.finditer(lowered):
        token = match.group()
        if token.endswith("'s"):
            tokens += [token[:-2], "'s"]
        else:
            tokens.append(token.rstrip("'"))
    return tokens


def tokens(speech: Speech) -> pd.DataFrame:
    """One row per token of the content paragraphs, in reading order.

    Columns: ``position`` (0-based, over the whole content), ``token``,
    ``sentence_id``, ``paragraph_id``.

    >>> tokens(load_speech()).head(2).token.tolist()
    ['on', 'the']
    """
    rows = [
        (token, row.sentence_id, row.paragraph_id)
        for row in sentences(speech).itertuples()
        for token in tokenize(row.text)
    ]
    table = pd.DataFrame(rows, columns=["token", "sentence_id", "paragraph_id"])
    table.insert(0, "position", range(len(table)))
    return table
