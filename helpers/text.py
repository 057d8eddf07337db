"""Load a speech, split it into its parts, give every sentence a stable ID, and tokenize.

The rules below are the whole of what the code does; each one is general (no file is special).

File and paragraphs

* UTF-8 with or without a byte-order mark; any line endings (LF, CRLF, CR). A file that is not
  text at all (a Word or PDF file renamed .txt, a web page, NUL bytes) is refused with a message
  that says how to save it as plain text (``helpers.filecheck``).
* If the file has blank lines, paragraphs are blank-line-separated blocks (the lines of a block
  are joined with a space); otherwise every non-empty line is a paragraph.

Title and dateline (the "head" of the file)

* A **dateline** is a line that holds a date and nothing else (a label such as "Updated:", a
  weekday, a place before a comma and a time after the date are allowed). Date forms:
  ``2025-06-23 08:49``, ``2024-03-14T08:49:00Z``, ``28 February 2025``, ``February 28, 2025``,
  ``Monday, March 4, 2024``, ``14.03.2024``, ``03/14/2024``, ``March 2024``, ``2024年3月14日``.
* A **title** is a short line (at most 30 words and 200 characters) that is one sentence and has
  no sentence-final punctuation other than ``?`` or ``!`` (closing quotes and brackets are looked
  through, so a line ending in ``.”`` or ``.)`` is a sentence, hence a paragraph; a final
  abbreviation such as ``U.S.`` is not an ending).
* The file may start with a title, a title and a dateline, or a dateline; they count only when
  content follows them (a one-line file is just ``P1``). The title and the dateline may each be a
  block of their own, or lines of the first block: when the first block begins with a dateline
  line, or with a title line followed by a dateline line, that block is split into its lines.
* A **news-agency dateline** at the start of the first paragraph, a place followed by a date
  and/or an agency in brackets and a dash (``BEIJING, May 15 (Xinhua) --``,
  ``WASHINGTON (AP) —``), is taken out of ``P1`` and kept as the dateline (after a dateline line,
  if the file has one, joined by " | "), so that ``P1.S1`` is the reporter's first sentence,
  word for word. Nothing is lost: :func:`parts` and :func:`show_text` still show it.
* A **byline** ("By Jane Li, Staff Reporter": a line of at most 12 words starting with "By" and
  a capital, no final period) right after the title or dateline is kept apart (``speech.byline``).
* A line holding only a time ("2:14 P.M. EDT") right after the dateline joins it (`` | ``); a
  last line holding only a time, perhaps after "END" (a transcript's end time), is boilerplate.
* Trailing **boilerplate** (web page furniture such as "Related News") is a run of last blocks
  that each start with a marker listed in ``data/boilerplate_markers.txt`` (as a whole word, a
  bracket before it allowed: "[Editor: ...]") and have only short lines (at most 120 characters
  each, so a marker block may carry its list of headlines).
* Content paragraphs are ``P1``, ``P2``, ...; sentences are ``P3.S2`` (the second sentence of the
  third paragraph). Counts, keyness, concordances and coding use the content paragraphs only.

Sentences

* A sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets right after it,
  which stay with the sentence) followed by white space and a capital letter or a digit,
  possibly behind an opening quote or bracket; or at ``。``, ``！`` or ``？``.
* Titles never end a sentence: Mr., Mrs., Ms., Dr., Prof., Sen., Gov., Rep., Gen., Lt., Col.,
  Maj., Capt., St., and neither do e.g., i.e., vs. and the month abbreviations (``NEVER_END``).
* Reference words (No., Art., Vol., Fig., p., ...: ``REFERENCE``) do not end a sentence when a
  number follows ("Art. 4 of the charter"); otherwise they are ordinary words ("No. We will not.").
* A time (a.m., p.m.) ends the sentence before a capital unless a time zone follows
  ("at 10 a.m. Beijing time", "2:14 P.M. EDT").
* Abbreviations that can end a sentence (Inc., Ltd., Co., Corp., Jr., and any
  dotted initials such as ``U.S.``, ``U.N.`` or the ``F.`` of "John F. Kennedy") end it only
  when the next word is a common sentence opener (``The``, ``We``, ``In``, ``But``, ...,
  ``SENTENCE_OPENERS``): "in the U.S. The talks" is two sentences, "the U.S. Congress" and
  "John F. Kennedy" are not broken. A name right after such an abbreviation ("... in the
  U.S. China said") is therefore not a break: a known limit.
* ``etc.`` is an ordinary word: followed by a capital it ends the sentence.

Tokens (one tokenizer everywhere)

* case-folded to lower case (after matching: only a capital letter can be an initial); curly
  apostrophes become straight ones;
* a token is a run of letters or digits; hyphenated words stay whole (``political-legal``,
  ``2025-06-23``), and so do inner apostrophes (``don't``);
* abbreviations keep their period: dotted ones (``U.S.`` -> ``u.s.``, ``e.g.``, ``p.m.``),
  single initials (the ``F.`` of "John F. Kennedy" -> ``f.``), the titles and company words of
  the sentence rules above plus ``etc.`` (``Gen.`` -> ``gen.``, ``Inc.`` -> ``inc.``); a period
  after any other word or number is punctuation (``GDP.`` -> ``gdp``), the reference words
  included, since they are ordinary words too (``No. 10`` -> ``no``, ``10``, as in "I said no.");
* a token never depends on the text beyond the characters next to it (no look across white
  space), so counting the distinct runs of a text gives the same tokens (``helpers.counting``);
* numbers stay whole with their decimal point or thousands separator (``3.5``, ``1,200``), a
  percent sign (``3.5%``) and a currency sign before them (``$4.2``, ``€1,200``, ``£5``, ``¥30``);
  the word after a number is its own token (``$4.2 billion`` -> ``$4.2``, ``billion``);
* the possessive ``'s`` is split off as its own token (``people's`` -> ``people``, ``'s``); a
  plural possessive loses its apostrophe (``states'`` -> ``states``);
* other punctuation is dropped. Nothing is downloaded.

Language

* The word tools (tokens, counts, keyness, collocates, the stop-word list, the dictionary, the
  reporting verbs) are built for English. :func:`load_speech` warns (``UserWarning``, never an
  error) when a text is mostly Chinese, Japanese or Korean characters, mostly in another script,
  or in Latin letters but hardly any English function words (judged on its first 20,000
  characters), and says what still works. There is
  no word segmenter for Chinese in the course (see ``language_note``).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .workspace import data_file, read_text_file, resolve_path

COURSE_TEXT = "safe_china_readout_en.txt"
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
BYLINE_MAX_WORDS = 12
LANGUAGE_SAMPLE_CHARS = 20_000
BOILERPLATE_MAX_CHARS = 120

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_DATE = rf"""(?:
        \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}                                      # 2025-06-23, 2025/06/23
        (?:T\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?  # ...T08:49:00Z
      | \d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})                           # 14.03.2024, 03/14/2024
      | \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}                          # 28 February 2025
      | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}                          # February 28, 2025
      | {_MONTH},?\s+\d{{4}}                                                    # March 2024
      | \d{{4}}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日号])?                    # 2024年3月14日
    )"""
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)"
_TIME_LINE = re.compile(rf"^\s*(?:END\s+)?{_TIME}\s*$")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)"
_LABEL = r"(?i:(?:updated|published|posted|released|issued|delivered|date|dated)(?:\s+on)?\s*:?\s+)"
_DATELINE = re.compile(
    rf"""^\s*{_LABEL}?(?:[A-Z][\w.'’ -]{{1,40}},\s+)?(?:{_WEEKDAY},?\s+)?{_DATE}
         (?:(?:,\s*|\s+|\s+at\s+|\s*[|–—-]\s*){_TIME})?\s*$""",
    re.VERBOSE,
)
_AGENCY_DATELINE = re.compile(
    rf"""^(?P<dateline>(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}})?)
         (?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))?
         (?:\s*\((?P<agency>[A-Z][\w .&/-]{{0,30}})\))?)
         \s*(?:--|—|–|-)\s+(?=\S)""",
    re.VERBOSE,
)
_BYLINE = re.compile(r"(?:[Bb]y|BY|(?:Written|Reported) by)\s*:?\s+[A-Z]")
_SENTENCE_END = re.compile(r"""([.!?]+["'”’)\]»]*)\s+(?=["'“‘(\[«]?[A-Z0-9])|([。！？]+[」』”’）)]*)\s*(?=\S)""")
#: Words with a final period that never end a sentence (titles, Latin and month abbreviations).
NEVER_END = frozenset("""Mr. Mrs. Ms. Messrs. Dr. Prof. Sen. Sens. Gov. Rep. Reps. Gen. Lt. Col. Maj. Capt.
    Cmdr. Adm. Sgt. Cpl. Pres. Rev. Hon. Amb. Sec. Supt. Insp. Fr. Mt. St. cf. vs. approx. e.g. i.e.
    Jan. Feb. Mar. Apr. Aug. Sept. Oct. Nov. Dec.""".split())
#: Reference words: they do not end a sentence when a number follows ("No. 10", "Art. 4", "p. 5").
REFERENCE = frozenset("No. Nos. Art. Arts. Vol. Vols. Sect. Para. Paras. Fig. Figs. Ch. Chap. p. pp.".split())
#: Abbreviations that end a sentence only when a sentence opener follows (dotted initials count too).
CAN_END = frozenset("Inc. Ltd. Co. Corp. Bros. Jr. Sr. Esq.".split())
#: Times: they end a sentence before a capital, unless a time zone follows ("10 a.m. Beijing time", "EDT").
TIMES = frozenset("a.m. p.m. A.M. P.M.".split())
#: Common first words of an English sentence, used after an abbreviation that can end a sentence.
SENTENCE_OPENERS = frozenset("""a an the this that these those it its he she they we i you there here in on at
    for but and or so yet however as if when while after before since although though because with by from to
    of our their his her my your no not what which who how why where all some many most both each every such
    then thus also still one meanwhile moreover furthermore nevertheless today yesterday tomorrow now last next
    other another more during under over according""".split())
_INITIALS = re.compile(r"(?:[A-Za-z]{1,2}\.){2,}|[A-Z]\.")
_CLOSERS = "\"'”’)]»」』）"
_OPENERS = "\"'“‘([«「『（"
_KNOWN_ABBREVIATIONS = "|".join(sorted(
    (re.escape(w[:-1].lower()) for w in NEVER_END | CAN_END | {"etc."} if w.count(".") == 1), key=len, reverse=True))
_TOKEN = re.compile(rf"""
      (?=[\d$€£¥₹])(?:                                         # (a cheap look first keeps tokenize fast)
          [$€£¥₹]\d+(?:[.,]\d+)*%?                              # currency: $4.2, €1,200
        | \d+(?:[.,]\d+)+%?                                     # decimals and thousands: 3.5, 1,200, 3.5%
        | \d+%)                                                 # percent: 50%
    | (?=[^\W\d_]{{1,7}}\.)(?:
          (?:[^\W\d_]\.){{2,}}                                   # dotted abbreviations: u.s., e.g., p.m.
        | (?<![\w.'-])(?i:{_KNOWN_ABBREVIATIONS})\.(?![^\W_])  # known abbreviations: Dr., Gen., Inc., etc.
        | (?<![\w.'-])[A-Z]\.(?![^\W_]))                        # initials: the F. of John F. Kennedy
    | [^\W_]+(?:[-'][^\W_]+)*'?                                 # words, hyphenated words, inner apostrophes
""", re.VERBOSE)
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: English function words: a text in Latin letters with almost none of these is not English.
_ENGLISH_FUNCTION_WORDS = frozenset("the and of to in is that a for it on with as be are was by this we our".split())


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
    byline: str | None = None


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


def _blocks(text: str) -> list[list[str]]:
    """The file's blocks, each a list of its stripped lines (one line per block when there is no blank line)."""
    lines = text.split("\n")
    if not any(not line.strip() for line in text.strip().split("\n")):
        return [[line.strip()] for line in lines if line.strip()]
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    return blocks


def _join(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _split_head(blocks: list[list[str]]) -> list[list[str]]:
    """Give the head lines of the first block (title, dateline, byline) blocks of their own."""
    head = blocks[0]
    cut = 0
    if _is_dateline(head[0]):
        cut = 1
    elif len(head) > 1 and _is_title(head[0]) and (_is_dateline(head[1]) or _is_byline(head[1])):
        cut = 2
    if cut and cut < len(head) and not _is_byline(head[cut - 1]) and _is_byline(head[cut]):
        cut += 1
    if cut and len(head) > 1:
        blocks = [[line] for line in head[:cut]] + ([head[cut:]] if head[cut:] else []) + blocks[1:]
    return blocks


def _is_byline(line: str) -> bool:
    core = line.strip()
    return bool(_BYLINE.match(core)) and len(core.split()) <= BYLINE_MAX_WORDS and not core.endswith(".")


@lru_cache(maxsize=1)
def boilerplate_markers() -> tuple[str, ...]:
    """The phrases that mark trailing web boilerplate, read from ``data/boilerplate_markers.txt``.

    >>> "Related News" in boilerplate_markers()
    True
    """
    lines = data_file("boilerplate_markers.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_boilerplate(block: list[str]) -> bool:
    """A block whose first line starts with a marker (as a whole word) and whose lines are all short."""
    first = block[0].lstrip("[(").lower()
    return all(len(line) <= BOILERPLATE_MAX_CHARS for line in block) and any(
        first.startswith(marker.lower()) and not first[len(marker):len(marker) + 1].isalnum()
        for marker in boilerplate_markers()
    )


def _is_dateline(line: str) -> bool:
    return bool(_DATELINE.match(line))


def _last_word_is_abbreviation(text: str) -> bool:
    word = text.split()[-1].lstrip(_OPENERS) if text.split() else ""
    return word in NEVER_END | CAN_END | TIMES or bool(_INITIALS.fullmatch(word))


def _is_title(block: str) -> bool:
    """A short line, one sentence, with no sentence-final punctuation other than ? or !."""
    core = block.strip().rstrip(_CLOSERS)
    if not core or len(block) > TITLE_MAX_CHARS or len(block.split()) > TITLE_MAX_WORDS:
        return False
    if core.endswith((".", ";", ":", ",", "。", "；", "：", "，")) and not _last_word_is_abbreviation(core):
        return False
    return len(split_sentences(block)) == 1


def segment(text: str, source: str = "<text>") -> Speech:
    """Split already-read text into title, dateline, content paragraphs and boilerplate.

    >>> segment("A Title\\n2025-02-28\\nFirst paragraph. Second sentence.").dateline
    '2025-02-28'
    >>> speech = segment("My Title\\n2024-03-14\\n\\nBEIJING, May 15 (Xinhua) -- It rained.\\n\\nMore.")
    >>> speech.title, speech.dateline, speech.paragraphs[0]
    ('My Title', '2024-03-14 | BEIJING, May 15 (Xinhua)', 'It rained.')
    """
    blocks = _blocks(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    boilerplate: list[str] = []
    while len(blocks) > 1 and (_is_boilerplate(blocks[-1]) or _TIME_LINE.match(_join(blocks[-1]))):
        boilerplate.insert(0, _join(blocks.pop()))
    blocks = _split_head(blocks) if blocks else blocks
    title = dateline = byline = None
    if len(blocks) > 1 and _is_title(_join(blocks[0])) and not _is_dateline(_join(blocks[0])):
        if _is_dateline(_join(blocks[1])):
            if len(blocks) > 2:
                title, dateline, blocks = _join(blocks[0]), _join(blocks[1]), blocks[2:]
        else:
            title, blocks = _join(blocks[0]), blocks[1:]
    elif len(blocks) > 1 and _is_dateline(_join(blocks[0])):
        dateline, blocks = _join(blocks[0]), blocks[1:]
    while (title or dateline) and len(blocks) > 1:  # a byline and a time line, in either order
        first = _join(blocks[0])
        if byline is None and _is_byline(first):
            byline = first
        elif dateline and _TIME_LINE.match(first):
            dateline = f"{dateline} | {first}"
        else:
            break
        blocks = blocks[1:]
    paragraphs = [_join(block) for block in blocks]
    agency = _AGENCY_DATELINE.match(paragraphs[0]) if paragraphs else None
    if agency and (agency.group("date") or agency.group("agency")):
        found = agency.group("dateline").strip()
        dateline = found if dateline is None else f"{dateline} | {found}"
        paragraphs[0] = paragraphs[0][agency.end():]
    if not paragraphs:
        raise ValueError(
            f"{source} has a title or boilerplate but no content paragraphs. "
            "Fix: check that the speech's text itself is in the file."
        )
    return Speech(source, title, dateline, tuple(paragraphs), tuple(boilerplate), byline)


def language_note(text: str, source: str = "<text>") -> str | None:
    """A note on what works when ``text`` is not English, or None when it looks like English.

    The course does not segment Chinese into words. jieba, the usual Chinese segmenter, works offline,
    but its last release dates from January 2020; and a segmenter alone would not make the English
    stop words, dictionary, glossary and reporting verbs work on a Chinese text.

    >>> language_note("Xi Jinping spoke at the meeting on the work of the Party.") is None
    True
    >>> language_note("平安中国建设。")[:40]
    '<text> is mostly Chinese, Japanese or Ko'
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]  # the start of a text tells its language
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    cjk = len(_CJK.findall(sample)) / letters
    marks = any(mark in text for mark in "。？！")
    if cjk > 0.5:
        ids = ("sentence IDs (P3.S2), since its sentences end in 。, ？ or ！" if marks else
               "sentence IDs, but each paragraph is one sentence, since the text has no 。, ？ or ！")
        return (
            f"{source} is mostly Chinese, Japanese or Korean characters, but the course's word tools are "
            f"built for English. What works: the title, dateline and paragraphs; {ids}; show_text, "
            "highlight and find_terms find the characters you type. What does not work: word tokens, word "
            "counts, keyness, collocates, the dictionary and the reporting verbs, because the course has no "
            "word segmenter for these languages (a run of characters between punctuation marks counts as one "
            "'word'). Fix: for notebooks 04-07, use an English translation of the text."
        )
    latin = len(_LATIN.findall(sample)) / letters
    words = tokenize(sample)
    english = sum(word in _ENGLISH_FUNCTION_WORDS for word in words) / len(words) if words else 0
    if latin < 0.5 or (len(words) >= 30 and english < 0.08):
        return (
            f"{source} does not look like English, but the course's word tools are built for English. What "
            "works: the title, dateline, paragraphs and sentence IDs, tokens and raw counts. What does not "
            "work as intended: the stop-word list, the dictionary, the glossary and the reporting verbs, which "
            "are English lists. Fix: use an English text, or your own stop-word list and dictionary."
        )
    return None


def is_course_text(speech: Speech) -> bool:
    """Whether ``speech`` is the course text (the notebooks' worked examples then use its own words).

    >>> is_course_text(load_speech())
    True
    """
    return speech.source == COURSE_TEXT and speech == load_speech()


def load_speech(path: str | os.PathLike | None = None) -> Speech:
    """Load a speech from a UTF-8 text file; with no path, the course text.

    A relative path is looked for from the notebook's folder, then in ``my_work/``
    (:func:`helpers.workspace.resolve_path`).

    A text that is not English loads, with a ``UserWarning`` that says what will and will not
    work (:func:`language_note`).

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
    speech = segment(text, source=Path(file).name)
    note = language_note(text, Path(file).name)
    if note:
        warnings.warn(note, UserWarning, stacklevel=2)
    return speech


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a period, ! or ? at the end of ``before`` ends the sentence (see the module rules)."""
    if not before.rstrip(_CLOSERS).endswith("."):
        return True
    word = before.split()[-1].lstrip(_OPENERS).rstrip(_CLOSERS)
    if word in NEVER_END or (word in REFERENCE and after[:1].isdigit()):
        return False
    if word in TIMES:
        return not re.match(r"[\w']+\s+time\b|[A-Z]{2,4}T?\b", after.lstrip(_OPENERS))
    if word in CAN_END or _INITIALS.fullmatch(word):
        following = re.match(r"[\w']+(?=[\s,;:])", after.lstrip(_OPENERS))
        return bool(following) and following.group().lower() in SENTENCE_OPENERS
    return True


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences by the rules of the module docstring.

    >>> split_sentences("He spoke. Dr. Li listened! Was it long?")
    ['He spoke.', 'Dr. Li listened!', 'Was it long?']
    >>> split_sentences('John F. Kennedy said "Go." Gen. Li met U.S. envoys in the U.S. The talks ended.')
    ['John F. Kennedy said "Go."', 'Gen. Li met U.S. envoys in the U.S.', 'The talks ended.']
    """
    text = paragraph.strip()
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1) if match.group(1) else match.end(2)
        if match.group(1) and not _ends_sentence(text[start:end], text[match.end():]):
            continue
        found.append(text[start:end].strip())
        start = match.end()
    found.append(text[start:].strip())
    return [s for s in found if s]


def sentences(speech: Speech) -> pd.DataFrame:
    """One row per sentence of the content paragraphs, with its stable ID.

    Columns: ``sentence_id`` (``P3.S2``), ``paragraph_id`` (``P3``), ``paragraph``
    and ``sentence`` (1-based numbers), ``text``.

    >>> sentences(load_speech()).sentence_id.tolist()[:4]
    ['P1.S1', 'P1.S2', 'P1.S3', 'P2.S1']
    """
    return _sentence_table(require_speech(speech)).copy()  # a copy: the caller may change it


@lru_cache(maxsize=4)
def _sentence_table(speech: Speech) -> pd.DataFrame:
    """The sentence table of a speech, split once (a long text takes about a second) and kept."""
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
    """The whole file as a table of its parts: title, dateline, byline, paragraphs, boilerplate.

    >>> parts(load_speech()).part.tolist()[:3]
    ['title', 'dateline', 'paragraph']
    """
    rows = []
    if require_speech(speech).title is not None:
        rows.append(("title", "", speech.title))
    if speech.dateline is not None:
        rows.append(("dateline", "", speech.dateline))
    if speech.byline is not None:
        rows.append(("byline", "", speech.byline))
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
    >>> tokenize("The U.S. paid $4.2 billion, up 3.5% on 1,200 firms.")
    ['the', 'u.s.', 'paid', '$4.2', 'billion', 'up', '3.5%', 'on', '1,200', 'firms']
    """
    if not isinstance(text, str):
        raise TypeError(
            f"tokenize needs text (a string), not {type(text).__name__}. "
            "Fix: pass a sentence or paragraph, for example tokenize(speech.paragraphs[0])."
        )
    straight = text.replace("’", "'").replace("‘", "'")  # matched with its case: "F." is an initial, "f." not
    if "'" not in straight:  # no possessive and no trailing apostrophe: the matches are the tokens
        return [token.lower() for token in _TOKEN.findall(straight)]
    return [token for token, _, _ in token_spans(text)]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` (as :func:`tokenize` gives them) with where each stands: (token, start, end).

    >>> token_spans("People’s safety")
    [('people', 0, 6), ("'s", 6, 8), ('safety', 9, 15)]
    """
    straight = text.replace("’", "'").replace("‘", "'")
    spans: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(straight):
        raw, start, end = match.group(), match.start(), match.end()
        if raw.lower().endswith("'s"):
            spans += [(raw[:-2].lower(), start, end - 2), ("'s", end - 2, end)]
        else:
            kept = raw.rstrip("'")
            spans.append((kept.lower(), start, start + len(kept)))
    return spans


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
