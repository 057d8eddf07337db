"""Values shared by a notebook and its check have one home in the check module; these tests tie them.

A notebook that changes a setting (the stability resamples, the four extra stop words) or reorders the
options of a multiple-choice exercise fails here, instead of silently checking against another answer.
"""

import json
import re
from pathlib import Path

import pytest

from helpers.checks import close_reading, codes_meet_counts, context, counting_words, theme_coding, words_in_context

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"


def _cells(stem: str) -> list[dict]:
    return json.loads((SOLUTIONS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def _sources(stem: str) -> list[str]:
    return ["".join(cell["source"]) for cell in _cells(stem)]


def test_stability_settings_are_the_checks():
    calls = [s for s in _sources("05_words_in_context") if "ranking_stability(speech" in s]
    assert len(calls) == 1
    found = {k: int(v) for k, v in re.findall(r"\b(top|resamples|seed)=(\d+)", calls[0])}
    assert found == words_in_context.STABILITY


def test_the_four_extra_stop_words_are_the_checks():
    sources = _sources("04_counting_words")
    solution = next(s for s in sources if "### BEGIN SOLUTION" in s and "load_stopwords() |" in s)
    assert set(re.findall(r'"(\w+)"', solution.split("load_stopwords() |")[1])) == counting_words.EXTRA_STOPWORDS
    brief = next(s for s in sources if "the default stop words and these four" in s)
    assert all(f"*{word}*" in brief for word in counting_words.EXTRA_STOPWORDS)


def test_the_ten_sentences_come_from_the_check_module():
    setup = next(s for s in _sources("03_theme_coding") if s.startswith("import"))
    assert "from helpers.checks.theme_coding import HAND_CODE, HEATMAP_CODE, TEN_SENTENCES" in setup


def _options(stem: str, check: str) -> dict[str, str]:
    sources = _sources(stem)
    at = next(i for i, s in enumerate(sources) if s.startswith(f"{check}("))
    text = next(s for s in reversed(sources[max(0, at - 4):at]) if re.search(r"^- \**\(?[a-d][.)]", s, re.M))
    return {m[0]: m[1] for m in re.findall(r"^- \**\(?([a-d])[.)]\)?\**\s+(.*)$", text, re.M)}


@pytest.mark.parametrize("stem, check, answer", [
    ("01_close_reading", "check_who_speaks", close_reading.WHO_SPEAKS),
    ("02_context", "check_readout_tells_us", context.READOUT_TELLS_US),
    ("02_context", "check_count_claim", context.COUNT_CLAIM),
    ("03_theme_coding", "check_governance_code", theme_coding.GOVERNANCE_CODE),
    ("03_theme_coding", "check_paradox", theme_coding.PARADOX),
    ("04_counting_words", "check_ttr_choice", counting_words.TTR_CHOICE),
    ("06_codes_meet_counts", "check_error_reason", codes_meet_counts.ERROR_REASON),
])
def test_multiple_choice_letters_are_the_notebooks(stem, check, answer):
    options = _options(stem, check)
    letter, start = answer
    assert len(options) >= 3 and options[letter].startswith(start), options
