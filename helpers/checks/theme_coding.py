"""Checks for notebook 03 (theme coding). Expected values are stated here; tests recompute them from data/."""

from __future__ import annotations

from ..coding import code_keys, load_codebook, sheet_from_dict
from .core import as_number, check, correct, empty, hint, is_blank, normalise_id

__all__ = ["check_governance_code", "check_my_codes", "check_observed_agreement", "check_chance_agreement",
           "check_kappa", "check_paradox", "check_most_disputed_code", "check_busiest_paragraph"]

#: The ten sentences the learner codes (paragraphs P6 to P8).
TEN_SENTENCES = ["P6.S1", "P6.S2", "P6.S3", "P6.S4", "P7.S1", "P7.S2", "P7.S3", "P8.S1", "P8.S2", "P8.S3"]
#: The code whose agreement the learner computes by hand.
HAND_CODE = "social_governance"
#: The code whose spread over paragraphs the learner reads off the heatmap.
HEATMAP_CODE = "social_governance"


#: The 2 × 2 table of HAND_CODE for the first two v1 reference coders (data/coding/v1_coder_a.csv and
#: v1_coder_b.csv), stated here and recomputed from the CSV files by a test: 25 sentences, coder A gave
#: the code to 6, coder B to 7, both to 6, so they agree on 24.
SENTENCES, A_ONES, B_ONES, BOTH_ONES = 25, 6, 7, 6
AGREE = SENTENCES - (A_ONES - BOTH_ONES) - (B_ONES - BOTH_ONES)


def _hand_values() -> dict:
    """p_o, p_e and kappa from the stated table, with the values of the usual slips."""
    n, a, b = SENTENCES, A_ONES / SENTENCES, B_ONES / SENTENCES
    p_o = AGREE / n
    p_e = a * b + (1 - a) * (1 - b)
    pooled = (a + b) / 2
    return {"p_o": p_o, "p_e": p_e, "kappa": (p_o - p_e) / (1 - p_e), "scott_p_e": pooled**2 + (1 - pooled) ** 2,
            "one_coder": a**2 + (1 - a) ** 2, "agree": AGREE, "both_ones": BOTH_ONES / n}


#: A hand-computed value is right if it is within TOLERANCE of the exact one: rounding or cutting it to three
#: decimals passes. Within NEAR it is "close": most likely rounded or cut to two decimals.
TOLERANCE = 0.001
NEAR = 0.01


def _close(x, y, tol=TOLERANCE):
    return abs(x - y) < tol + 1e-12


def _plural(n: int, word: str) -> str:
    """'1 code', '2 codes'.

    >>> _plural(1, "code"), _plural(0, "disagreement")
    ('1 code', '0 disagreements')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _shortened(value, expected) -> bool:
    """True if ``value`` is ``expected`` rounded or cut to one or two decimals.

    >>> _shortened(0.9, 0.896), _shortened(0.89, 0.896), _shortened(0.905, 0.896)
    (True, True, False)
    """
    return any(_close(value, shorter, 1e-9) for places in (1, 2)
               for shorter in (round(expected, places), int(expected * 10 ** places) / 10 ** places))


def _near(value, expected, what):
    """Feedback for an answer within NEAR of the exact value but not within TOLERANCE, else None."""
    if _shortened(value, expected):
        return hint(f"Close, but not exact: {what} = {value:g} looks rounded or cut to fewer decimals. Give three "
                    f"decimals, or leave the unrounded expression that computes {what}.")
    if _close(value, expected, NEAR):
        return hint(f"Close, but the arithmetic is off: {what} = {value:g} is not the exact value rounded. "
                    "Recompute each share from the table (count ÷ 25) and keep all decimals until the end.")
    return None


def _numeric_feedback(answer, what):
    if is_blank(answer):
        return empty(f"Replace None with a number between 0 and 1, for example {what} = 0.8 "
                     "(or the expression that computes it).")
    value = as_number(answer)
    if value is None:
        return empty(f"{what} should be a number such as 0.8, not {type(answer).__name__}.")
    return value


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
GOVERNANCE_CODE = ("a", "`social_governance`")


@check
def check_governance_code(answer):
    """Multiple choice: which code does 'public safety governance models' in P6.S3 NOT call for?

    >>> check_governance_code("a")
    ✅ Correct. The codebook's when-not-to-use rule for social_governance excludes governance that is only public safety governance, and P6.S3 is its near-miss example: a shared word is not a shared theme.
    """
    if is_blank(answer):
        return empty('Replace None with the letter of your choice in quotes, for example answer = "b".')
    if not isinstance(answer, str):
        return empty('Give a letter in quotes: "a", "b" or "c".')
    choice = answer.strip().lower().strip("()")
    if choice == GOVERNANCE_CODE[0]:
        return correct("The codebook's when-not-to-use rule for social_governance excludes governance that is "
                       "only public safety governance, and P6.S3 is its near-miss example: a shared word is "
                       "not a shared theme.")
    if choice == "b":
        return hint("public_safety is exactly what P6.S3 is about: it names the public safety system and its "
                    "domains. Re-read the when_not_to_use column of the rules table in the tour above: which "
                    "code's rule speaks of 'governance'?")
    if choice == "c":
        return hint("technology applies to P6.S3 because it names cybersecurity and artificial intelligence "
                    "security. The question asks which code the word 'governance' might wrongly trigger.")
    return empty('Answer with one of the letters "a", "b" or "c".')


@check
def check_my_codes(answer):
    """Check the form of the learner's coding of the ten sentences (there is no single right coding).

    >>> check_my_codes({sid: [] for sid in TEN_SENTENCES})
    🔎 Not yet. You gave no code to any sentence. Most sentences in P6–P8 carry at least one theme: read each against the codebook's short definitions.
    """
    if is_blank(answer):
        return empty('Replace None with a dict: {"P6.S1": ["risk_prevention"], "P6.S2": [...], ...} — one '
                     "entry for each of the ten sentences, with a list of code keys (an empty list is allowed).")
    if not isinstance(answer, dict):
        return empty("Your coding should be a dict in { }, with sentence IDs as keys and lists of code keys "
                     f"as values (you gave {type(answer).__name__}).")
    given = {normalise_id(k) for k in answer}
    missing = [s for s in TEN_SENTENCES if s not in given]
    extra = sorted(given - set(TEN_SENTENCES))
    if extra:
        return hint(f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not among the ten sentences "
                    "P6.S1–P8.S3. Keep to those ten.")
    if missing:
        return hint(f"Still to code: {', '.join(missing)}. Give every one of the ten sentences an entry "
                    "(an empty list [] if no code applies).")
    keys = set(code_keys(load_codebook(version=1)))
    for sid, codes in answer.items():
        if isinstance(codes, str):
            return empty(f"The value for {sid} is text, {codes!r}; put it in a list, even for one code: "
                         f"[{codes!r}]. Every value is a list in [ ], an empty one [] if no code applies.")
        if not isinstance(codes, (list, tuple, set)):
            return empty(f"The value for {sid} should be a list of code keys in [ ], such as ['technology'].")
        unknown = [c for c in codes if c not in keys]
        if unknown:
            return hint(f"{unknown[0]!r} (for {sid}) is not a code key. Use the keys from the codebook table, "
                        "written exactly, such as 'risk_prevention'.")
    sheet = sheet_from_dict(answer, load_codebook(version=1), sentence_ids=TEN_SENTENCES)
    applied = int(sheet.drop(columns="sentence_id").to_numpy().sum())
    if applied == 0:
        return hint("You gave no code to any sentence. Most sentences in P6–P8 carry at least one theme: "
                    "read each against the codebook's short definitions.")
    return correct(f"All ten sentences are coded, with {_plural(applied, 'code')} applied in all. There is no single right "
                   "answer here: what matters next is where you and a reference coder differ, and why.")


@check
def check_observed_agreement(answer):
    """Observed agreement p_o for HAND_CODE between the first two v1 reference coders (all 25 sentences)."""
    value = _numeric_feedback(answer, "p_o")
    if not isinstance(value, float):
        return value
    expected = _hand_values()["p_o"]
    if _close(value, expected):
        return correct(f"p_o = {expected:.3f}: the share of the 25 sentences where both coders made the same "
                       "choice, counting 'both 0' as agreement too.")
    if _close(value / 100, expected, NEAR):
        return hint("That looks like a percentage. Give p_o as a proportion between 0 and 1.")
    near = _near(value, expected, "p_o")
    if near:
        return near
    values = _hand_values()
    if _close(value, values["agree"]):
        return hint(f"{value:g} is a count of sentences. p_o is a share: divide the count by the number of "
                    "sentences.")
    if _close(value, 1 - expected):
        return hint("That is the share of sentences where the coders disagree. p_o is the share where they agree.")
    if _close(value, values["both_ones"]):
        return hint("That counts only the sentences where both coders gave the code. Agreement on 'both 0' counts "
                    "as agreement too: add the two diagonal cells of the table.")
    return hint("Count the sentences on the diagonal of the 2 × 2 table (both 1, or both 0) and divide by the "
                "number of sentences.")


@check
def check_chance_agreement(answer):
    """Chance agreement p_e for Cohen's kappa, from each coder's own marginals."""
    value = _numeric_feedback(answer, "p_e")
    if not isinstance(value, float):
        return value
    values = _hand_values()
    scott = values["scott_p_e"]
    # Scott's pooled p_e can lie within the tolerance of Cohen's (it does for the course data): an exact,
    # unrounded Scott value still gets its own hint.
    exact_scott = abs(value - scott) < 1e-9 and abs(scott - values["p_e"]) > 1e-9
    if _close(value, values["p_e"]) and not exact_scott:
        return correct(f"p_e = {values['p_e']:.3f}: how often two coders with these habits would agree if they "
                       "coded at random — both 1 by chance plus both 0 by chance.")
    if exact_scott or (_close(value, scott) and not _close(scott, values["p_e"])):
        return hint("You pooled the two coders' shares, which is Scott's pi / Fleiss' kappa. Cohen's kappa "
                    "multiplies coder A's share by coder B's share, each with their own marginals.")
    if _close(value, values["one_coder"]) and not _close(values["one_coder"], values["p_e"]):
        return hint("You used one coder's share twice. Multiply coder A's share of 1s by coder B's share of 1s, "
                    "then do the same for 0s.")
    near = _near(value, values["p_e"], "p_e")
    if near:
        return near
    if _close(value, (A_ONES / SENTENCES) * (B_ONES / SENTENCES)):
        return hint("That is the chance of 'both 1' only. Add the chance of 'both 0': (A's share of 0s × B's share "
                    "of 0s).")
    return hint("p_e adds two products: (A's share of 1s × B's share of 1s) + (A's share of 0s × B's share of 0s); "
                "each share is a row or column total of the 2 × 2 table divided by the number of sentences.")


@check
def check_kappa(answer):
    """Cohen's kappa for HAND_CODE between the first two v1 reference coders."""
    value = _numeric_feedback(answer, "kappa")
    if not isinstance(value, float):
        return value
    values = _hand_values()
    p_o, p_e, kappa = values["p_o"], values["p_e"], values["kappa"]
    if _close(value, kappa):
        return correct(f"kappa = {kappa:.3f}: the share of the possible improvement over chance that "
                       "the coders actually achieved.")
    if p_o < 1 and _close(value, (p_o - p_e) / (1 - p_o), NEAR):
        return hint("You divided by 1 − p_o, the room left above the observed agreement. Kappa divides by the "
                    "room above chance: (p_o − p_e) / (1 − p_e).")
    near = _near(value, kappa, "kappa")
    if near:
        return near
    if _close(value, p_o - p_e, NEAR):
        return hint("You have the numerator, p_o − p_e. Divide it by the room above chance, 1 − p_e.")
    if _close(value, p_o, NEAR):
        return hint("That is the observed agreement. Kappa corrects it for chance: (p_o − p_e) / (1 − p_e).")
    if any(_close(value, slip, NEAR) for slip in (p_o - p_e / 1 - p_e, p_o - p_e / (1 - p_e))):
        return hint("Check the brackets: without them Python divides before it subtracts. Write "
                    "(p_o - p_e) / (1 - p_e).")
    return hint("kappa = (p_o − p_e) / (1 − p_e). Use the p_o and p_e you computed above; compute the numerator "
                "and the denominator separately, then divide.")


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
PARADOX = ("b", "Both coders say 0 almost everywhere")


@check
def check_paradox(answer):
    """Multiple choice on why a rare code can show high percent agreement and a low kappa.

    >>> check_paradox("b")
    ✅ Correct. When a code is rare, both coders say 0 almost everywhere, so chance agreement is already high; the few 1s decide kappa. Report prevalence next to kappa or alpha.
    """
    if is_blank(answer):
        return empty('Replace None with the letter of your choice in quotes, for example answer = "a".')
    if not isinstance(answer, str):
        return empty('Give a letter in quotes: "a", "b" or "c".')
    choice = answer.strip().lower().strip("()")
    if choice == PARADOX[0]:
        return correct("When a code is rare, both coders say 0 almost everywhere, so chance agreement is already "
                       "high; the few 1s decide kappa. Report prevalence next to kappa or alpha.")
    if choice == "a":
        return hint("The arithmetic is right: kappa really is low here. Look at p_e in the toy example — what "
                    "happens to chance agreement when nearly every judgement is 0?")
    if choice == "c":
        return hint("Percent agreement is not wrong, only uncorrected for chance. Compare p_o with p_e in the "
                    "toy example: which one is close to 1?")
    return empty('Answer with one of the letters "a", "b" or "c".')


#: Sentence-level disagreements per code between the two v1 reference coders (codes not named: none).
DISAGREEMENTS = {"development_security": 1, "social_governance": 1}
#: Sentences coded HEATMAP_CODE per paragraph in the consensus coding (paragraphs not named: none).
HEATMAP_COUNTS = {"P3": 1, "P5": 3, "P7": 1, "P8": 1}
PARAGRAPHS = [f"P{i}" for i in range(1, 9)]


@check
def check_most_disputed_code(answer):
    """Which code has the most sentence-level disagreements among the v1 reference coders (ties accepted)."""
    if is_blank(answer):
        return empty('Replace None with a code key in quotes, for example answer = "technology".')
    if not isinstance(answer, str):
        return empty('A code key is text: put it in quotes, for example answer = "technology".')
    key = answer.strip().lower()
    keys = code_keys(load_codebook(version=1))
    if key not in keys:
        return hint(f"{answer!r} is not a code key. Use a key from the 'code' column of the disagreement table.")
    most = max(DISAGREEMENTS.values())
    top = {code for code, n in DISAGREEMENTS.items() if n == most}
    if key in top:
        if len(top) == 1:
            return correct(f"{key} has {_plural(most, 'disagreement')}, more than any other code: the first "
                           "candidate for a sharper definition.")
        others = ", ".join(sorted(top - {key}))
        message = f"{key} has {_plural(most, 'disagreement')}, tied with {others}."
        if most <= 2:
            message += (" With so few disagreements, no code stands out: look at the sentences and the rules "
                        "behind each one rather than at the count.")
        return correct(message)
    if key not in DISAGREEMENTS:
        return hint(f"The coders never disagree on {key}: it is not in the 'code' column of the disagreement table "
                    "at all. Count how often each code appears in that column.")
    return hint(f"{key} has {_plural(DISAGREEMENTS[key], 'disagreement')}; count how often each code appears in the "
                "'code' column of the disagreement table (.code.value_counts()).")


@check
def check_busiest_paragraph(answer):
    """Which paragraph has the most sentences coded HEATMAP_CODE in the consensus coding (ties accepted)."""
    if is_blank(answer):
        return empty('Replace None with a paragraph ID in quotes, for example answer = "P3".')
    if not isinstance(answer, str):
        return empty('A paragraph ID is text: put it in quotes, for example answer = "P3".')
    given = normalise_id(answer)
    if given not in PARAGRAPHS:
        if "." in given:
            return hint(f"{given} is a sentence ID; the heatmap's rows are paragraphs, such as P1.")
        return hint(f"{given} is not a paragraph of the text (P1 to P{len(PARAGRAPHS)}).")
    best = max(HEATMAP_COUNTS.values())
    count = HEATMAP_COUNTS.get(given, 0)
    if count == best:
        return correct(f"{given} has {_plural(best, 'sentence')} coded {HEATMAP_CODE}, the most of any "
                       "paragraph in the consensus coding.")
    return hint(f"{given} has {_plural(count, 'sentence')} coded {HEATMAP_CODE}; another paragraph has more. Read "
                f"the {HEATMAP_CODE} column of the heatmap from top to bottom and find the largest number.")
