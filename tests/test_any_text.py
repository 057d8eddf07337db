"""Any text, not only this one: the workflow runs on a second, invented readout and on unusual files.

* ``tests/fixtures/another_speech.txt`` is an invented readout (see tests/fixtures/README.md): a title, a
  dateline, five blank-line-separated paragraphs and a ``Related News`` line.
* The parameterised notebooks themselves run on the test corpus (``tests/test_notebooks_any_text.py``),
  whose texts were not written with the notebooks' example words in mind, as this one was.
* Unusual files (a single paragraph, Windows or old-Mac line endings, a byte-order mark, very long lines)
  load the same way; empty, non-UTF-8, missing files and folders fail with a message that names the fix.
"""

import json
from pathlib import Path

import pytest

from helpers.checks.core import course_text_only
from helpers.text import load_speech, paragraphs, sentences, tokenize, tokens

ROOT = Path(__file__).resolve().parent.parent
ANOTHER = ROOT / "tests" / "fixtures" / "another_speech.txt"
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
#: the notebooks the course promises can run on another text (docs/design.md §10)
PROMISED = ("01", "04", "05", "07")
PARAMETER_LINE = "TEXT_PATH = None"


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _source(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _parameter_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [i for i, cell in enumerate(cells) if "parameters" in _tags(cell)]


PARAMETERISED = [path for path in SOLUTIONS if _parameter_cells(path)]


def test_the_promised_notebooks_are_parameterised():
    assert {p.name[:2] for p in PARAMETERISED} >= set(PROMISED)


# ------------------------------------------------------------------ the second text itself

@pytest.fixture(scope="module")
def another():
    return load_speech(ANOTHER)


def test_second_text_is_segmented_as_written(another):
    assert another.title == "Minister Tomas Arlen Calls for Safer Rivers and Stronger Local Governance"
    assert another.dateline == "14 March 2024"
    assert another.boilerplate == ("Related News",)
    assert paragraphs(another).sentences.tolist() == [3, 2, 3, 3, 3]
    table = sentences(another)
    assert table.sentence_id.tolist()[:4] == ["P1.S1", "P1.S2", "P1.S3", "P2.S1"]
    assert table.loc[table.sentence_id == "P2.S1", "text"].item().startswith("Dr. Mira Solen,")  # not split at "Dr."
    assert "related" not in set(tokens(another).token)


def test_course_text_only_is_polite_on_another_text(another):
    assert course_text_only(None) is None
    assert course_text_only(load_speech()) is None
    feedback = course_text_only(another)
    assert feedback.status == "note"
    assert "course text only" in feedback.message and "another_speech.txt" in feedback.message


# ------------------------------------------------------------------ unusual files

def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_windows_and_old_mac_line_endings_and_bom_give_the_same_speech(tmp_path, another):
    lf = ANOTHER.read_text(encoding="utf-8")
    for name, data in [("crlf.txt", lf.replace("\n", "\r\n").encode("utf-8")),
                       ("cr.txt", lf.replace("\n", "\r").encode("utf-8")),
                       ("bom_crlf.txt", b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode("utf-8"))]:
        speech = load_speech(_write(tmp_path, name, data))
        assert (speech.title, speech.dateline, speech.paragraphs, speech.boilerplate) == \
            (another.title, another.dateline, another.paragraphs, another.boilerplate), name


def test_bom_does_not_leak_into_the_title_or_the_first_token(tmp_path):
    speech = load_speech(_write(tmp_path, "bom.txt", "\ufeffA Title\n\nSecurity first. Then safety.\n".encode("utf-8")))
    assert speech.title == "A Title"
    assert tokens(speech).token.tolist()[0] == "security"


def test_a_single_paragraph_is_p1(tmp_path):
    speech = load_speech(_write(tmp_path, "one.txt", b"We must keep the rivers safe. Everyone has a role."))
    assert speech.title is None and speech.dateline is None
    assert sentences(speech).sentence_id.tolist() == ["P1.S1", "P1.S2"]


def test_a_single_paragraph_after_title_and_dateline(tmp_path):
    data = "Short Title\r\n2024-03-14\r\nOnly one paragraph here. It has two sentences.\r\n".encode("utf-8")
    speech = load_speech(_write(tmp_path, "titled.txt", data))
    assert (speech.title, speech.dateline, len(speech.paragraphs)) == ("Short Title", "2024-03-14", 1)


def test_very_long_lines(tmp_path):
    sentence = "The council must review the flood plan and report on public safety every year. "
    long_paragraph = sentence * 2_000  # one line of about 160,000 characters
    no_full_stop = "security " * 20_000  # one line with no sentence end at all
    data = f"{long_paragraph}\n\n{no_full_stop}\n".encode("utf-8")
    speech = load_speech(_write(tmp_path, "long.txt", data))
    table = sentences(speech)
    assert len(speech.paragraphs) == 2
    assert (table.paragraph_id == "P1").sum() == 2_000
    assert (table.paragraph_id == "P2").sum() == 1
    assert len(tokenize(speech.paragraphs[1])) == 20_000


def test_helpers_downstream_accept_another_text(another):
    from helpers import counting

    table = counting.frequency_table(another)
    top = table.set_index("word")["count"]
    assert top["security"] == 3 and top["safety"] == 3 and top["people"] == 3


def test_a_title_and_boilerplate_only_is_read_as_content(tmp_path):
    """(Empty, blank and non-UTF-8 files are tested once, in test_text.py.)"""
    path = _write(tmp_path, "title_only.txt", b"Just A Title\n\nRelated News\n")
    assert load_speech(path).paragraphs == ("Just A Title",)


def test_missing_file_and_folder_fail_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="There is no speech file at .*Fix:"):
        load_speech(tmp_path / "nowhere.txt")
    with pytest.raises(IsADirectoryError, match="is a folder, not a speech file"):
        load_speech(tmp_path)


# ------------------------------------------------------------------ the parameterised notebooks

@pytest.mark.parametrize("number", PROMISED)
def test_promised_notebooks_have_one_parameters_cell_after_setup(number):
    found = [p for p in SOLUTIONS if p.name.startswith(number)]
    assert found, f"notebook {number} is missing from notebooks/solutions/"
    cells = json.loads(found[0].read_text(encoding="utf-8"))["cells"]
    marked = _parameter_cells(found[0])
    assert len(marked) == 1, f"{found[0].name} needs exactly one cell tagged 'parameters' (it has {len(marked)})"
    code = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code"]
    assert marked[0] == code[1], "the parameters cell is the first code cell after the setup cell"
    assert PARAMETER_LINE in _source(cells[marked[0]])
