"""Bad input: every loader and learner-facing helper fails with a message a learner can act on.

Each case asserts, for one bad file or value:

* the exception is a built-in type (FileNotFoundError, ValueError, KeyError, TypeError, ...);
* it is raised by our code: the traceback's last frame is in helpers/, and no
  library exception is chained to it (``raise ... from None``), so a deep
  library traceback is never the first thing a learner sees;
* the message names the file or the value, says what is wrong (given per case),
  and says how to fix it ("Fix:", "Try:", or a correct example: "such as",
  "for example", "e.g.").
"""

import re
import traceback
from pathlib import Path

import pytest
import yaml

from helpers import agreement, coding, concordance, context, counting, notes, plots, reading, text, workspace

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
FIX = re.compile(r"\bFix\b|\bTry\b|such as|for example|e\.g\.")
SPEECH = text.load_speech()
BOOK = coding.load_codebook(version=1)


def _file(tmp, name, content):
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _codebook(tmp, change, name="book.yml"):
    book = yaml.safe_load((ROOT / "data" / "codebook_v1.yml").read_text(encoding="utf-8"))
    change(book)
    return _file(tmp, name, yaml.safe_dump(book, allow_unicode=True, sort_keys=False))


def _sheet(tmp, rows, name="sheet.csv", header=None):
    header = header or ["sentence_id", *coding.code_keys(BOOK)]
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return _file(tmp, name, "\n".join(lines) + "\n")


def _row(sid, value="0", n=None):
    return [sid] + [value] * (n or len(coding.code_keys(BOOK)))


ALL_ROWS = [_row(sid) for sid in text.sentences(SPEECH).sentence_id]
GLOSSARY_HEAD = "term,chinese,pinyin,xinhua_english,gloss,sources,status\n"
TIMELINE_HEAD = "date,event,strand,sources\n"
SOURCES_HEAD = "id,author,title,publisher,date,url,kind,mirror\n"
SOURCE_ROW = "S01,Xinhua,A title,Xinhua,2025-06-23,http://example.org,official,no\n"


def _remove_indicators(book):
    del book["codes"][0]["indicators"]


def _camel_key(book):
    book["codes"][0]["key"] = "GuidingConcept"


def _unknown_example(book):
    book["codes"][0]["example"] = "P9.S9"


def _duplicate_name(book):
    book["codes"][1]["name"] = book["codes"][0]["name"]


# (id, call(tmp) -> raises, exception type, [strings the message must contain])
CASES = [
    # text files (helpers.text)
    ("text: missing file", lambda t: text.load_speech(t / "nope.txt"), FileNotFoundError, ["nope.txt", "no speech file"]),
    ("text: a folder", lambda t: text.load_speech(t), IsADirectoryError, [None, "folder"]),
    ("text: not UTF-8", lambda t: text.load_speech(_file(t, "latin.txt", "Caf\xe9 society.".encode("latin-1"))),
     ValueError, ["latin.txt", "not UTF-8"]),
    ("text: empty file", lambda t: text.load_speech(_file(t, "empty.txt", " \n\n ")), ValueError,
     ["empty.txt", "empty"]),
    ("text: path is a number", lambda t: text.load_speech(5), (TypeError, ValueError), ["5"]),
    ("text: unknown sentence ID", lambda t: text.sentence_text(SPEECH, "P9.S9"), KeyError, ["'P9.S9'", "no sentence"]),
    ("text: tokenize(None)", lambda t: text.tokenize(None), (TypeError, ValueError), ["None"]),
    # the learner folder and course files (helpers.workspace)
    ("workspace: missing data file", lambda t: workspace.data_file("nope.csv"), FileNotFoundError,
     ["data/nope.csv", "missing"]),
    ("workspace: no notebook matches", lambda t: workspace.make_my_copies("99_*.ipynb"), FileNotFoundError,
     ["'99_*.ipynb'", "No notebooks"]),
    ("workspace: learner folder inside data/", lambda t: workspace.my_work_dir(ROOT / "data" / "mine"), ValueError,
     ["data", "read-only"]),
    # codebooks (helpers.coding)
    ("codebook: missing file", lambda t: coding.load_codebook(t / "nope.yml"), FileNotFoundError,
     ["nope.yml", "no codebook"]),
    ("codebook: not YAML", lambda t: coding.load_codebook(_file(t, "bad.yml", "codes:\n  - key: a\n   name: [b\n")),
     ValueError, ["bad.yml", "not valid YAML", "line"]),
    ("codebook: a list, not a mapping", lambda t: coding.load_codebook(_file(t, "list.yml", "- a\n- b\n")),
     ValueError, ["list.yml", "mapping"]),
    ("codebook: field missing", lambda t: coding.load_codebook(_codebook(t, _remove_indicators)), ValueError,
     ["book.yml", "guiding_concept", "lacks indicators"]),
    ("codebook: key not snake_case", lambda t: coding.load_codebook(_codebook(t, _camel_key)), ValueError,
     ["'GuidingConcept'", "snake_case"]),
    ("codebook: example not in the text", lambda t: coding.load_codebook(_codebook(t, _unknown_example)), ValueError,
     ["'P9.S9'", "not in the text"]),
    ("codebook: two codes with one name", lambda t: coding.load_codebook(_codebook(t, _duplicate_name)), ValueError,
     ["book.yml", "same name"]),
    # coding sheets (helpers.coding)
    ("sheet: missing file", lambda t: coding.read_sheet(t / "nope.csv", BOOK), FileNotFoundError,
     ["nope.csv", "no coding sheet"]),
    ("sheet: value 2", lambda t: coding.read_sheet(_sheet(t, [_row("P1.S1", "2")] + ALL_ROWS[1:]), BOOK), ValueError,
     ["sheet.csv", "row 2", "'2' is not 0 or 1"]),
    ("sheet: blank cell", lambda t: coding.read_sheet(_sheet(t, [_row("P1.S1", "")] + ALL_ROWS[1:]), BOOK),
     ValueError, ["sheet.csv", "row 2", "'' is not 0 or 1"]),
    ("sheet: unknown sentence ID", lambda t: coding.read_sheet(_sheet(t, ALL_ROWS + [_row("P9.S9")]), BOOK),
     ValueError, ["sheet.csv", "'P9.S9'", "unknown sentence ID"]),
    ("sheet: no sentence_id column", lambda t: coding.read_sheet(
        _sheet(t, [r[1:] for r in ALL_ROWS], header=coding.code_keys(BOOK)), BOOK), ValueError,
     ["sheet.csv", "no 'sentence_id' column"]),
    ("sheet: not UTF-8", lambda t: coding.read_sheet(_file(t, "excel.csv", b"sentence_id,x\nP1.S1,\xff\xfe\n"), BOOK),
     ValueError, ["excel.csv", "not UTF-8"]),
    ("sheet: unknown code in a dict", lambda t: coding.sheet_from_dict({"P6.S4": ["risk"]}, BOOK), ValueError,
     ["'risk'", "unknown code"]),
    ("sheet: blank sheet for unknown IDs", lambda t: coding.blank_sheet(BOOK, ["P9.S9"]), KeyError,
     ["'P9.S9'", "not in the text"]),
    ("sheet: file name not .csv", lambda t: coding.write_blank_sheet(BOOK, name="sheet.xlsx"), ValueError,
     ["'sheet.xlsx'", ".csv"]),
    # glossary, timeline, sources (helpers.context)
    ("glossary: missing file", lambda t: context.load_glossary(t / "nope.csv"), FileNotFoundError,
     ["nope.csv", "no glossary file"]),
    ("glossary: column missing", lambda t: context.load_glossary(_file(t, "g.csv", "term,pinyin\nSafe China,x\n")),
     ValueError, ["g.csv", "'chinese'"]),
    ("glossary: unknown source ID", lambda t: context.load_glossary(
        _file(t, "g.csv", GLOSSARY_HEAD + "Safe China,平安中国,,,,S98,verified\n")), KeyError,
     ["g.csv", "line 2", "S98", "not in sources.csv"]),
    ("glossary: unquoted comma", lambda t: context.load_glossary(
        _file(t, "g.csv", GLOSSARY_HEAD + "Safe China,平安中国,,,a gloss, with a comma,S02,verified\n")), ValueError,
     ["g.csv", "line 2", "number of fields"]),
    ("glossary: empty status", lambda t: context.load_glossary(
        _file(t, "g.csv", GLOSSARY_HEAD + "Safe China,平安中国,,,,S02,\n")), ValueError,
     ["g.csv", "line 2", "'status' is empty"]),
    ("glossary: not UTF-8", lambda t: context.load_glossary(_file(t, "g.csv", GLOSSARY_HEAD.encode() + b"\xff\n")),
     ValueError, ["g.csv", "UTF-8"]),
    ("timeline: impossible date", lambda t: context.load_timeline(
        _file(t, "tl.csv", TIMELINE_HEAD + "2025-02-30,A meeting,x,S02\n")), ValueError,
     ["tl.csv", "line 2", "'2025-02-30'", "not a date"]),
    ("timeline: empty event", lambda t: context.load_timeline(_file(t, "tl.csv", TIMELINE_HEAD + "2025-02-28,,x,S02\n")),
     ValueError, ["tl.csv", "line 2", "event is empty"]),
    ("timeline: no events", lambda t: context.load_timeline(_file(t, "tl.csv", TIMELINE_HEAD)), ValueError,
     ["tl.csv", "no events"]),
    ("sources: unknown kind", lambda t: context.load_sources(
        _file(t, "s.csv", SOURCES_HEAD + SOURCE_ROW.replace("official", "rumour"))), ValueError,
     ["s.csv", "line 2", "'rumour'"]),
    ("sources: ID used twice", lambda t: context.load_sources(_file(t, "s.csv", SOURCES_HEAD + SOURCE_ROW * 2)),
     ValueError, ["s.csv", "line 3", "S01", "used twice"]),
    ("sources: bad ID", lambda t: context.load_sources(_file(t, "s.csv", SOURCES_HEAD + SOURCE_ROW.replace("S01", "7"))),
     ValueError, ["s.csv", "'7'", "not a source ID"]),
    ("context: term with no words", lambda t: context.find_term(SPEECH, "?!"), ValueError, ["'?!'", "no letters or digits"]),
    # stop words, frequency tables, keyness (helpers.counting)
    ("stop words: missing file", lambda t: counting.load_stopwords(t / "mine.txt"), FileNotFoundError,
     ["mine.txt", "no stop-word file"]),
    ("stop words: not UTF-8", lambda t: counting.load_stopwords(_file(t, "sw.txt", b"the\nd\xe9j\xe0\n")), ValueError,
     ["sw.txt", "not UTF-8"]),
    ("stop words: a number in the list", lambda t: counting.stopword_set(["the", 3]), TypeError,
     ["3", "must be text"]),
    ("stop words: wrong type", lambda t: counting.stopword_set(3.5), TypeError, ["float", "stopwords must be"]),
    ("glossary terms: no term column", lambda t: counting.glossary_terms(_file(t, "terms.csv", "word\nsafe\n")),
     ValueError, ["terms.csv", "no column 'term'"]),
    ("frequency table: min_count=0", lambda t: counting.frequency_table(SPEECH, min_count=0), ValueError,
     ["min_count=0", "at least 1"]),
    ("frequency table: min_count='3'", lambda t: counting.frequency_table(SPEECH, min_count="3"), ValueError,
     ["min_count='3'", "whole number"]),
    ("frequency table: a string, not a speech", lambda t: counting.frequency_table("Safe China"), TypeError,
     ["not str"]),
    ("keyness: negative floor", lambda t: counting.keyness_general(SPEECH, floor=-1), ValueError,
     ["floor is -1", "small positive number"]),
    ("keyness: unknown word list", lambda t: counting.keyness_general(SPEECH, wordlist="huge"), ValueError,
     ["'huge'", "wordlist must be"]),
    ("MATTR: window=0", lambda t: counting.mattr(SPEECH, window=0), ValueError, ["window=0", "at least 1"]),
    ("paragraph words: unknown paragraph", lambda t: counting.paragraph_words(SPEECH, ["P99"]), KeyError,
     ["'P99'", "no paragraph"]),
    # concordance (helpers.concordance)
    ("KWIC: window=0", lambda t: concordance.kwic(SPEECH, "security", window=0), ValueError,
     ["window=0", "at least 1"]),
    ("KWIC: window=2.5", lambda t: concordance.kwic(SPEECH, "security", window=2.5), ValueError,
     ["window=2.5", "whole number"]),
    ("KWIC: unknown term", lambda t: concordance.kwic(SPEECH, "secrity"), KeyError, ["'secrity'", "does not occur"]),
    ("KWIC: phrase not in the text", lambda t: concordance.kwic(SPEECH, "security china"), KeyError,
     ["'security china'", "does not occur"]),
    ("KWIC: empty term", lambda t: concordance.kwic(SPEECH, "  "), ValueError, ["'  '", "empty"]),
    ("KWIC: bad sort key", lambda t: concordance.kwic(SPEECH, "security", sort="9R"), ValueError,
     ["'9R'", "not a sort key"]),
    ("KWIC: not a speech", lambda t: concordance.kwic("the text", "security"), TypeError,
     ["str", "Expected a speech"]),
    ("collocates: min_freq too high", lambda t: concordance.collocates(SPEECH, "security", min_freq=500), ValueError,
     ["min_freq=500", "No word occurs"]),
    ("dispersion DP: unknown part", lambda t: concordance.gries_dp(SPEECH, ["security"], by="chapter"), ValueError,
     ["'chapter'", "not a part"]),
    # notes and the reading view (helpers.notes, helpers.reading)
    ("notes: unknown sentence ID", lambda t: notes.add_note(SPEECH, "P9.S1", "x", folder=t), KeyError,
     ["'P9.S1'", "no sentence", "not saved"]),
    ("notes: empty note", lambda t: notes.add_note(SPEECH, "P1.S1", "   ", folder=t), ValueError,
     ["P1.S1", "empty"]),
    ("notes: note that is not text", lambda t: notes.add_note(SPEECH, "P1.S1", 42, folder=t), ValueError,
     ["P1.S1", "int"]),
    ("reading: unknown paragraph", lambda t: reading.highlight(SPEECH, "security", paragraphs=["P99"]), KeyError,
     ["'P99'", "not a paragraph ID"]),
    ("reading: invalid regular expression", lambda t: reading.find_terms(SPEECH, "secur(", regex=True), ValueError,
     ["'secur('", "not a valid regular expression"]),
    ("reading: terms of the wrong type", lambda t: reading.highlight(SPEECH, 5), ValueError, ["int", "Terms must be"]),
    ("reading: label for an unknown sentence", lambda t: reading.highlight(SPEECH, sentence_labels={"P0.S1": "x"}),
     KeyError, ["'P0.S1'", "no sentence"]),
    # inter-coder agreement (helpers.agreement)
    ("agreement: one coder only", lambda t: agreement.fleiss_kappa([[1, 0, 1]]), ValueError,
     ["shape (1, 3)", "at least 2 coders"]),
    ("agreement: labels that are not numbers", lambda t: agreement.cohen_kappa(["a", "b"], ["a", "a"]), ValueError,
     ["Ratings must be numbers", "'a'"]),
    # a folder where a file is expected, or None where a speech is expected (learner slips)
    ("sheet: a folder, not a file", lambda t: coding.read_sheet(t, BOOK), IsADirectoryError, [None]),
    ("codebook: a folder, not a file", lambda t: coding.load_codebook(t), IsADirectoryError, [None]),
    ("stop words: a folder, not a file", lambda t: counting.load_stopwords(t), IsADirectoryError, [None]),
    ("glossary: a folder, not a file", lambda t: context.load_glossary(t), IsADirectoryError, [None]),
    ("frequency table: None for the speech", lambda t: counting.frequency_table(None), (TypeError, ValueError), ["None"]),
    ("context: find_term(None)", lambda t: context.find_term(None, "security"), (TypeError, ValueError), ["None"]),
    ("reading: a string, not a speech", lambda t: reading.highlight("the text", "security"), (TypeError, ValueError), ["str"]),
    ("notes: None for the speech", lambda t: notes.add_note(None, "P1.S1", "x", folder=t), (TypeError, ValueError), ["None"]),
    ("sheet: None for the codebook", lambda t: coding.blank_sheet(None), (TypeError, ValueError), ["None"]),
]


def _message(exc):
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


def _last_frame(exc):
    return Path(traceback.extract_tb(exc.__traceback__)[-1].filename).resolve()


def _check(call, kind, must, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "my_work"))
    with pytest.raises(Exception) as caught:
        call(tmp_path)
    exc = caught.value
    message = _message(exc)
    assert type(exc).__module__ == "builtins", f"{type(exc).__module__}.{type(exc).__name__} is not a built-in type"
    assert isinstance(exc, kind), f"expected {kind}, got {type(exc).__name__}: {message}"
    assert HELPERS in _last_frame(exc).parents, f"raised in {_last_frame(exc)}, not by the helpers: {message}"
    assert exc.__cause__ is None and (exc.__context__ is None or exc.__suppress_context__), \
        f"a library exception is chained to it (use 'from None'): {exc.__context__!r}"
    for part in must:
        assert (part or tmp_path.name) in message, f"the message does not name {part or tmp_path.name!r}: {message}"
    assert FIX.search(message), f"the message does not say how to fix it: {message}"
    assert len(message.splitlines()[0]) < 400, "one or two plain sentences (a list of problems may follow)"


def _param(case):
    name, call, kind, must = case
    return pytest.param(call, kind, must, id=name)


@pytest.mark.parametrize("call, kind, must", [_param(c) for c in CASES])
def test_bad_input_gives_a_message_a_learner_can_act_on(call, kind, must, tmp_path, monkeypatch):
    _check(call, kind, must, tmp_path, monkeypatch)


def test_there_are_enough_cases_across_the_helpers():
    assert len(CASES) >= 30
    assert {c[0].split(":")[0] for c in CASES} >= {"text", "codebook", "sheet", "glossary", "timeline", "sources",
                                                   "stop words", "KWIC", "notes"}


def test_the_checker_rejects_a_deep_library_error(tmp_path, monkeypatch):
    """The suite can fail: a library exception that escapes, or a message without a fix, is caught."""
    import pandas as pd

    with pytest.raises(AssertionError, match="not by the helpers"):
        _check(lambda t: pd.read_csv(t / "nope.csv"), FileNotFoundError, ["nope.csv"], tmp_path, monkeypatch)

    def vague(t):
        raise ValueError("bad value")

    with pytest.raises(AssertionError):
        _check(vague, ValueError, [], tmp_path, monkeypatch)


@pytest.mark.parametrize("name, call", [
    ("window", lambda v: concordance.kwic(SPEECH, "security", window=v)),
    ("min_freq", lambda v: concordance.bigram_collocates(SPEECH, min_freq=v)),
    ("top", lambda v: concordance.ranking_stability(SPEECH, top=v, resamples=10)),
    ("resamples", lambda v: concordance.ranking_stability(SPEECH, resamples=v)),
    ("min_count", lambda v: counting.frequency_table(SPEECH, min_count=v)),
    ("window", lambda v: counting.mattr(SPEECH, window=v)),
    ("step", lambda v: counting.ttr_by_length(SPEECH, step=v)),
    ("resamples", lambda v: agreement.bootstrap_alpha([[1, 0, 1], [1, 0, 0]], resamples=v)),
    ("n", lambda v: plots.word_cloud(counting.frequency_table(SPEECH), n=v)),
])
@pytest.mark.parametrize("value", [0, 2.5, "5", True])
def test_every_count_or_size_is_checked_with_one_message(name, call, value):
    with pytest.raises(ValueError) as info:
        call(value)
    message = str(info.value)
    assert message.startswith(f"{name}={value!r} is not allowed: it must be a whole number of at least 1 (")
    assert f"Fix: for example {name}=" in message
