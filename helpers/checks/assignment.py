"""Checks for notebook 07 (the assignment). They check the form of an answer, never its argument.

They work on any text: give ``speech=`` when the notebook reads another text (``TEXT_PATH``).
"""

from __future__ import annotations

import re

from ..text import load_speech, sentences
from .core import check, correct, empty, hint, is_blank, normalise_id

__all__ = ["check_variant", "check_observation_ids", "check_chosen_codes", "check_agreement_codes", "check_figure"]

VARIANTS = ("A", "B", "C", "D")
_ID = re.compile(r"^P\d+\.S\d+$")
#: R1 rests on two to four sentences (the brief says so).
MIN_IDS, MAX_IDS = 2, 4


@check
def check_variant(answer):
    """Check that the research-question variant is one of A–D.

    >>> check_variant("a")
    ✅ Correct. You are answering variant A. Keep to its question throughout; the rubric marks the claim against it.
    """
    if is_blank(answer):
        return empty('Write the letter of the variant your instructor set, in quotes: my_variant = "B".')
    if not isinstance(answer, str):
        return empty(f'The variant is a letter in quotes, such as "B" (you gave {type(answer).__name__}).')
    letter = answer.strip().upper().rstrip(".)")
    if letter in VARIANTS:
        return correct(f"You are answering variant {letter}. Keep to its question throughout; the rubric marks "
                       "the claim against it.")
    return hint(f"{answer!r} is not one of the variants. Choose A, B, C or D from the table in the brief.")


def _ids_of(speech):
    return list(sentences(speech if speech is not None else load_speech()).sentence_id)


@check
def check_observation_ids(answer, speech=None):
    """Check the sentence IDs behind the close-reading observation (R1): two to four, all in the text.

    >>> check_observation_ids(["P4.S2", "p5.s1"])
    ✅ Correct. 2 sentences from the text (P4.S2, P5.S1). Quote their words in your answer and say what each one does.
    """
    if is_blank(answer):
        return empty('Give a list of sentence IDs in quotes: r1_ids = ["P4.S2", "P5.S1"].')
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[\s,;]+", answer.strip().strip("[]")) if p.strip("'\"")]
        shown = ", ".join(f'"{p.strip(chr(39) + chr(34))}"' for p in parts) or '"P4.S2", "P5.S1"'
        return empty(f"Put the IDs in a list, each ID in its own quotes: r1_ids = [{shown}]. "
                     "An observation needs at least two sentences.")
    if not isinstance(answer, (list, tuple)) or not all(isinstance(item, str) for item in answer):
        return empty('Give a list of IDs, each in quotes: r1_ids = ["P4.S2", "P5.S1"].')
    given = [normalise_id(item) for item in answer]
    malformed = [g for g in given if not _ID.match(g)]
    if malformed:
        return hint(f"{', '.join(malformed)} {'is' if len(malformed) == 1 else 'are'} not a sentence ID. A sentence ID looks like P3.S2 (paragraph, then "
                    "sentence); a paragraph ID such as P3 is not enough.")
    known = _ids_of(speech)
    unknown = [g for g in given if g not in known]
    if unknown and speech is not None and speech != load_speech():
        return empty(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in {speech.source}, the text you are working on "
                     f"({known[0]} to {known[-1]}). Choose sentences from this text.")
    if unknown:
        return hint(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the text. This text runs from {known[0]} to {known[-1]}; "
                    "the sentence table above lists every ID.")
    if len(set(given)) < MIN_IDS:
        return hint("An observation about how the text works needs at least two sentences to compare. Add another ID.")
    if len(set(given)) > MAX_IDS:
        return hint(f"You gave {len(set(given))} sentences; the brief asks for two to four. Keep the ones your "
                    "observation rests on, so that each can be quoted and discussed in 150 words.")
    return correct(f"{len(set(given))} sentences from the text ({', '.join(dict.fromkeys(given))}). Quote their words "
                   "in your answer and say what each one does.")


def _code_keys() -> list[str]:
    from ..coding import code_keys, load_codebook

    try:
        return code_keys(load_codebook(version=2))
    except FileNotFoundError:
        return code_keys(load_codebook(version=1))


@check
def check_chosen_codes(answer):
    """Check the codes chosen for R2: one to three keys of the codebook.

    >>> check_chosen_codes(["party_leadership"])
    ✅ Correct. 1 code from the codebook: party_leadership. Code every sentence for it, then compare with a second coder.
    """
    if is_blank(answer):
        return empty('Give a list of one to three code keys in quotes: my_codes = ["party_leadership"].')
    if isinstance(answer, str):
        keys = [k for k in re.split(r"[\s,;]+", answer.strip().strip("[]")) if k.strip("'\"")]
        shown = ", ".join(f'"{k.strip(chr(39) + chr(34))}"' for k in keys) or '"party_leadership"'
        return empty(f"my_codes must be a list, even for one code: put it in a list: my_codes = [{shown}]. "
                     "A bare string would be read letter by letter.")
    if not isinstance(answer, (list, tuple)) or not all(isinstance(item, str) for item in answer):
        return empty('Give a list of code keys, each in quotes: my_codes = ["party_leadership", "social_governance"].')
    keys = _code_keys()
    given = [item.strip() for item in answer]
    unknown = [g for g in given if g not in keys]
    if unknown:
        return hint(f"{', '.join(unknown)} is not a key in the codebook. Use the key (snake_case), not the name: "
                    "the codebook table in notebook 03 lists them.")
    if not 1 <= len(set(given)) <= 3:
        return hint("Choose one to three codes: enough to answer the question, few enough to code every sentence "
                    "with care in the time.")
    return correct(f"{len(set(given))} code{'s' if len(set(given)) > 1 else ''} from the codebook: "
                   f"{', '.join(dict.fromkeys(given))}. Code every sentence for "
                   f"{'them' if len(set(given)) > 1 else 'it'}, then compare with a second coder.")


@check
def check_agreement_codes(answer, codes=None):
    """Check that the agreement table of R2 has one row per chosen code (and the pooled row), no others.

    Without ``codes=``, ``agreement_table`` compares every code of the sheets, and a code you never used gets
    kappa 0 and a negative alpha from the second coder's sentences alone.

    >>> import pandas as pd
    >>> check_agreement_codes(pd.DataFrame({"code": ["party_leadership", "technology", "pooled"]}), ["party_leadership"])
    🔎 Not yet. Your table has rows for codes you did not choose (technology). You did not code them, so their kappa and alpha only measure the second coder's sentences (kappa 0, alpha below 0). Fix: pass your codes, agreement_table({...}, codes=my_codes).
    """
    import pandas as pd

    if is_blank(codes) or isinstance(codes, str) and not codes.strip():
        return empty('Choose your codes first (my_codes = ["party_leadership"]), then pass them: '
                     "check_agreement_codes(my_agreement, my_codes).")
    chosen = [codes.strip()] if isinstance(codes, str) else [str(c).strip() for c in codes]
    if answer is None:
        return empty("Make the agreement table: my_agreement = agreement_table({\"me\": my_sheet, \"reference\": "
                     "second_coder}, codes=my_codes).")
    if not isinstance(answer, pd.DataFrame) or "code" not in answer.columns:
        return empty(f"my_agreement should be the table agreement_table(...) returns, with a 'code' column "
                     f"(you gave {type(answer).__name__}).")
    rows = [str(c) for c in answer["code"] if str(c) != "pooled"]
    extra = [c for c in rows if c not in chosen]
    missing = [c for c in chosen if c not in rows]
    if extra:
        return hint(f"Your table has rows for codes you did not choose ({', '.join(extra)}). You did not code them, "
                    "so their kappa and alpha only measure the second coder's sentences (kappa 0, alpha below 0). "
                    "Fix: pass your codes, agreement_table({...}, codes=my_codes).")
    if missing:
        return hint(f"Your table has no row for {', '.join(missing)}. Pass codes=my_codes to agreement_table, with "
                    "the same list you coded.")
    return correct(f"One row per code you chose ({', '.join(chosen)}) and a pooled row. Report kappa or alpha for "
                   "each code with its prevalence, and say what a value means for a code used this rarely or often.")


@check
def check_figure(answer):
    """Check that a figure has a title and axis labels on every panel (R4).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set(title="Actors", xlabel="word", ylabel="paragraph")
    >>> check_figure(fig)
    ✅ Correct. The figure has a title and both axis labels. Make sure the **Figure description:** cell right under the figure says what is plotted and what stands out.
    >>> check_figure(ax)
    ✏️ Not in the right form yet. Pass a Figure, not an Axes: use fig = ax.figure, then check_figure(fig).
    >>> plt.close(fig)
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..submission import figure_labels

    if answer is None:
        return empty("Make your figure and keep it in a variable: fig = bar_chart(...) or fig, ax = plt.subplots().")
    if isinstance(answer, Axes):
        return empty("Pass a Figure, not an Axes: use fig = ax.figure, then check_figure(fig).")
    if not isinstance(answer, Figure):
        return empty(f"Pass the figure itself (a matplotlib Figure), not a {type(answer).__name__}: check_figure(fig).")
    panels = figure_labels(answer)
    if not panels:
        return hint("The figure has nothing plotted yet. Draw your chart on it first.")
    parts = (("a title", "title"), ("an x-axis label", "x"), ("a y-axis label", "y"))
    missing = [name for name, key in parts if any(not panel[key].strip() for panel in panels)]
    if missing:
        return hint(f"The figure lacks {' and '.join(missing)}. A reader needs them to know what is plotted: pass "
                    "title=, xlabel= and ylabel=, or call ax.set_title(), ax.set_xlabel(), ax.set_ylabel().")
    return correct("The figure has a title and both axis labels. Make sure the **Figure description:** cell right "
                   "under the figure says what is plotted and what stands out.")
