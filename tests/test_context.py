"""Notebook 02's data (timeline, glossary, sources) and its loaders, term finder and checks."""

import contextlib
import io
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.checks import (check_count_claim, check_days_to_posting, check_first_miracle_sentence,
                            check_readout_tells_us, check_social_security_count, check_template_moves,
                            check_term_sentences)
from helpers.context import (GLOSSARY_COLUMNS, find_term, load_glossary, load_sources, load_timeline,
                             parse_date, split_ids, term_locations)
from helpers.plots import timeline_chart
from helpers.text import load_speech, segment, sentence_text, tokens

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


# --- the data files -------------------------------------------------------------------------------

def test_glossary_has_exactly_the_agreed_columns():
    header = (DATA / "glossary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(GLOSSARY_COLUMNS)


def test_every_glossary_and_timeline_row_has_an_existing_source():
    known = set(load_sources().id)
    for name, table in (("glossary", load_glossary()), ("timeline", load_timeline())):
        for row in table.itertuples():
            ids = split_ids(row.sources)
            assert ids, f"{name}: {row} has no source"
            assert set(ids) <= known, f"{name}: unknown source in {row.sources}"


def test_at_least_twelve_formulations_and_ten_events():
    assert len(load_glossary()) >= 12
    assert len(load_timeline()) >= 10


def test_every_glossary_term_occurs_in_the_text_ignoring_case_and_quotes():
    raw = " ".join(load_speech().paragraphs).lower()
    plain = re.sub(r"[\"“”‘’]", "", raw)
    for term in load_glossary().term:
        assert term.lower() in plain, f"{term!r} does not occur in the course text"
        assert find_term(load_speech(), term), f"find_term does not find {term!r}"


def test_timeline_dates_parse_and_span_2002_to_the_posting():
    timeline = load_timeline()
    assert all(parse_date(d) for d in timeline.date)
    assert timeline.date.iloc[0] == "2002-12-26"
    assert timeline.date.iloc[-1] == "2025-06-23"
    assert timeline.when.is_monotonic_increasing


def test_unverified_chinese_wordings_are_flagged():
    glossary = load_glossary().set_index("term")
    for term in ("legalization of petition work", "political-legal iron army",
                 "absolute leadership of the Party Central Committee over national security work and political-legal work"):
        assert "not verified" in glossary.loc[term, "status"]
    assert glossary.loc["two miracles", "xinhua_english"].startswith("twin miracles")
    assert glossary.loc["Safe China", "xinhua_english"] == "Peaceful China"


def test_my_sources_are_in_range_and_mirrors_are_marked():
    sources = load_sources().set_index("id")
    mine = [i for i in sources.index if 5 <= int(i[1:]) <= 59]
    assert len(mine) >= 40
    assert sources.loc["S02", "mirror"] == "yes"  # Xinhua English, reposted
    for sid in mine:
        publisher = sources.loc[sid, "publisher"].lower()
        if "repost" in publisher or "reposted" in publisher:
            assert sources.loc[sid, "mirror"] == "yes", sid


def test_source_kinds_are_honest_and_no_spam_mirror_is_cited():
    sources = load_sources().set_index("id")
    assert sources.loc["S01", "kind"] == "unofficial translation"  # the course text's page is not official
    assert sources.loc["S49", "kind"] == "blog"
    spam_hosts = ("yulongkeji", "myoldtime", "zzfmdn", "thebl.us")
    cited = [sid for sid, url in sources.url.items() if any(host in url for host in spam_hosts)]
    assert cited == []
    # the methods references give the publication's title, not a description in brackets, where it was checked
    checked = ["S60", "S61", "S62", "S63", "S64", "S65", "S66", "S70", "S71", "S72", "S73", "S75", "S80", "S81"]
    assert not [sid for sid in checked if sources.loc[sid, "title"].startswith("[")]


def test_every_source_the_instructor_guide_cites_exists():
    known = set(load_sources().id)
    cited = set(re.findall(r"\[(S\d{2,3})\]", (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")))
    assert len(cited) >= 10, "the guide's background reading cites its sources by ID"
    assert cited <= known, f"not in sources.csv: {sorted(cited - known)}"


# --- parsing and matching -------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2025-02-28", (pd.Timestamp("2025-02-28"), "day")),
    ("2005-10", (pd.Timestamp("2005-10-01"), "month")),
    ("2025-02-30", None), ("28/02/2025", None), ("2025", None), ("", None), ("2025-13", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_find_term_ignores_case_and_quotes_but_needs_whole_words():
    speech = segment('Title\n2025-02-28\nThe "Two Miracles" matter. Cybersecurity is new. National security too.')
    assert find_term(speech, "two miracles") == ["P1.S1"]
    assert find_term(speech, "security") == ["P1.S3"]  # not inside 'cybersecurity'
    assert find_term(speech, "miracles matter") == ["P1.S1"]


def test_term_locations_on_the_course_text_hand_counted():
    table = term_locations(load_speech(), ["overall social security prevention and control", "two miracles", "absent phrase"])
    assert table.sentence_ids.tolist() == ["P3.S2, P7.S1", "P3.S2", ""]
    assert table.occurrences.tolist() == [2, 1, 0]


def test_find_term_rejects_an_empty_term():
    with pytest.raises(ValueError, match="no letters or digits"):
        find_term(load_speech(), " '' ")


# --- bad input gives messages naming file, row and fix --------------------------------------------

def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SOURCES = "id,author,title,publisher,date,url,kind,mirror\nS01,A,T,P,,,official,no\n"


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"timeline\.csv.*Fix"):
        load_timeline(tmp_path / "timeline.csv")


def test_missing_column(tmp_path):
    path = _write(tmp_path, "glossary.csv", "term,chinese,pinyin,gloss,sources,status\nx,y,z,g,S01,verified\n")
    with pytest.raises(ValueError) as info:
        load_glossary(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))
    message = str(info.value)
    assert "glossary.csv" in message and "'xinhua_english'" in message and "Fix" in message


def test_unknown_source_id(tmp_path):
    path = _write(tmp_path, "timeline.csv", "date,event,sources\n2025-02-28,Session,S01\n2025-06-23,Posted,S01;S99\n")
    with pytest.raises(KeyError) as info:
        load_timeline(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))
    message = str(info.value)
    assert "timeline.csv, line 3" in message and "S99" in message and "Fix" in message


def test_empty_sources_cell(tmp_path):
    path = _write(tmp_path, "timeline.csv", "date,event,sources\n2025-02-28,Session,\n")
    with pytest.raises(ValueError, match=r"timeline\.csv, line 2: no source ID.*Fix"):
        load_timeline(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))


def test_bad_date(tmp_path):
    path = _write(tmp_path, "timeline.csv", "date,event,sources\n2025-02-28,Session,S01\n28 Feb 2025,Again,S01\n")
    with pytest.raises(ValueError) as info:
        load_timeline(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))
    message = str(info.value)
    assert "timeline.csv, line 3" in message and "'28 Feb 2025'" in message and "YYYY-MM-DD" in message


def test_unquoted_comma_is_reported(tmp_path):
    path = _write(tmp_path, "timeline.csv", "date,event,sources\n2025-02-28,Session, on AI,S01\n")
    with pytest.raises(ValueError, match=r"line 2.*double quotes"):
        load_timeline(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))


def test_bad_sources_file(tmp_path):
    path = _write(tmp_path, "sources.csv", SOURCES + "S01,B,T,P,,,rumour,no\n")
    with pytest.raises(ValueError, match=r"sources\.csv, line 3: the ID S01 is used twice"):
        load_sources(path)
    path = _write(tmp_path, "sources.csv", SOURCES.replace("official", "rumour"))
    with pytest.raises(ValueError, match=r"sources\.csv, line 2: kind 'rumour'.*Fix"):
        load_sources(path)


def test_duplicate_glossary_term(tmp_path):
    row = "Safe China,平安中国,Píng'ān Zhōngguó,Peaceful China,g,S01,verified\n"
    path = _write(tmp_path, "glossary.csv", ",".join(GLOSSARY_COLUMNS) + "\n" + row + row.replace("Safe", '"safe"'))
    with pytest.raises(ValueError, match=r"glossary\.csv, line 3: the term"):
        load_glossary(path, sources=load_sources(_write(tmp_path, "sources.csv", SOURCES)))


# --- figure and checks ----------------------------------------------------------------------------

def test_timeline_chart_has_one_labelled_row_per_event():
    timeline = load_timeline()
    fig = timeline_chart(timeline)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(timeline) and labels[0].startswith("2002-12-26")
    assert ax.get_title() and ax.get_xlabel() == "year"
    assert len(ax.get_legend().get_texts()) == timeline.strand.nunique() + 1  # + 'only the month is known'
    plt.close(fig)


def test_timeline_zoom_panel_spreads_the_2025_events_apart():
    import matplotlib.dates as mdates

    timeline = load_timeline()
    fig = timeline_chart(timeline, zoom_year=2025)
    main, zoom = fig.axes
    assert zoom.get_title() == "2025 enlarged" and zoom.get_xlabel() == "month of 2025"
    left, right = (mdates.num2date(x).replace(tzinfo=None) for x in zoom.get_xlim())
    assert pd.Timestamp("2025-01-20") <= left <= pd.Timestamp("2025-02-28")
    assert pd.Timestamp("2025-06-23") <= right <= pd.Timestamp("2025-07-15")
    # every 2025 event is drawn in the zoom panel, and nothing from other years is visible there
    xs = [pd.Timestamp(line.get_xdata()[0]) for line in zoom.get_lines() if len(line.get_xdata())]
    visible = sorted(x.date().isoformat() for x in xs if left <= x <= right)
    assert visible == ["2025-02-28", "2025-03-07", "2025-04-25", "2025-06-23"]
    # in the zoom, the closest pair (7 days apart) is at least 3 % of the panel width apart
    span = zoom.get_xlim()[1] - zoom.get_xlim()[0]
    assert 7 / span > 0.03
    assert main.get_legend() is not None
    plt.close(fig)
    with pytest.raises(ValueError, match="zoom_year=1990.*no event"):
        timeline_chart(timeline, zoom_year=1990)


def test_sentence_text_spots_a_list_of_ids():
    speech = load_speech()
    for wrong in (["P3.S2"], ("P3.S2", "P7.S1")):
        with pytest.raises(TypeError) as info:
            sentence_text(speech, wrong)
        message = str(info.value)
        assert "one sentence ID" in message and "pass one ID, for example ids[0]" in message
        assert "'P3.S2'" in message
    assert sentence_text(speech, "P3.S2").startswith("He pointed out")


def _out(fn, *args):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        fn(*args)
    return buffer.getvalue()


@pytest.mark.parametrize("fn, right, wrong, misconception", [
    (check_readout_tells_us, "b", "a", "transcript"),
    (check_readout_tells_us, "b", "c", "decision"),
    (check_count_claim, "c", "d", "importance"),
    (check_count_claim, "c", "b", "one English word for one Chinese word"),
    (check_days_to_posting, 115, 0, "dateline"),
    (check_days_to_posting, 115, 7, "Xinhua"),
    (check_social_security_count, 2, 14, "every 'security'"),
    (check_term_sentences, ["P3.S2", "P7.S1"], ["P7.S1"], "more than one"),
    (check_days_to_posting, 115, -115, "subtract the earlier date from the later one"),
    (check_social_security_count, 2, 5, "'national security'"),
    (check_first_miracle_sentence, sentence_text(load_speech(), "P3.S2"), "P3.S2", "not the sentence"),
    (check_template_moves, {"members listened and discussed": "P2.S2", "important speech": "P3.S1"},
     {"members listened and discussed": "P2.S2", "important speech": "P3.S2"}, "announces"),
])
def test_checks_name_the_misconception(fn, right, wrong, misconception):
    assert _out(fn, right).startswith("✅ Correct.")
    assert _out(fn, None).startswith("✏️ No answer yet.")
    wrong_out = _out(fn, wrong)
    assert wrong_out.startswith("🔎 Not yet.") and misconception in wrong_out


def test_text_specific_checks_say_so_for_another_text():
    other = segment("Another speech about water. It is short.", source="water.txt")
    assert "course text only" in _out(check_days_to_posting, 115, other)


def test_form_messages_fit_the_mistake():
    words = tokens(load_speech())
    words["previous"] = words.token.shift(1)
    mask = (words.token == "security") & (words.previous == "social")
    series_out = _out(check_social_security_count, mask)
    assert series_out.startswith("✏️ Not in the right form yet.") and ".sum()" in series_out
    assert "Timedelta" not in series_out
    assert "len(" in _out(check_social_security_count, words[mask])
    string_out = _out(check_term_sentences, "P3.S2, P7.S1")
    assert string_out.startswith("✏️ Not in the right form yet.") and "list" in string_out
    list_out = _out(check_first_miracle_sentence, ["P3.S2"])
    assert list_out.startswith("✏️ Not in the right form yet.") and "ids[0]" in list_out


def test_feedback_before_section_4_does_not_give_away_the_social_security_count():
    """3.3's feedback must not answer 4.4 ('how many "security" tokens follow "social"?': 2)."""
    answers = [["P3.S2", "P7.S1"], ["P7.S1"], ["P3.S2"], ["P1.S1"], ["P3", "P7"], ["P3.S2", "P4.S1", "P7.S1"]]
    for answer in answers + answers:  # twice, so that the later (more specific) hints are shown too
        out = _out(check_term_sentences, answer).lower()
        assert "twice" not in out and "two" not in out and " 2 " not in out, out
    for wrong in (5, 3, 100, 100, 100):
        assert "twice" not in _out(check_social_security_count, wrong)


def test_notebook_shows_the_locations_table_only_after_exercise_3_3():
    import json

    cells = json.loads((ROOT / "notebooks" / "solutions" / "02_context.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    header = sources[0].split("**Libraries**")[0]
    assert "P3.S2" not in header and "P7.S1" not in header
    check_at = next(i for i, s in enumerate(sources) if s.startswith("check_term_sentences("))
    table_at = next(i for i, s in enumerate(sources) if "term_locations(speech, glossary" in s)
    assert table_at > check_at
    faded = next(i for i, s in enumerate(sources) if "first = sentence_text(speech, ids[0])" in s)
    assert sources[faded + 1].startswith("check_first_miracle_sentence(first)")
