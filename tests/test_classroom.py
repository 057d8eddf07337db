"""helpers.classroom: a class's sheets and bundles in a folder -> alpha per code, checked against `krippendorff`.

The `krippendorff` package (a test dependency only) is the oracle: nominal level, missing data as nan.
"""

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import zipfile

import krippendorff
import nbformat
import numpy as np
import pandas as pd
import pytest

from helpers.agreement import krippendorff_alpha
from helpers.classroom import class_agreement, read_class
from helpers.coding import code_keys, consensus_sheet, load_codebook
from helpers.submission import pack_submission
from helpers.workspace import course_root, my_work_dir
from krippendorff_examples import KRIPP_2011, KRIPP_DOC

nan = np.nan
BOOK = load_codebook(version=1)
KEYS = code_keys(BOOK)


def _oracle(array):
    return krippendorff.alpha(reliability_data=np.asarray(array, dtype=float), level_of_measurement="nominal")


@pytest.mark.parametrize("ratings, published", [(KRIPP_DOC, 0.691358), (KRIPP_2011, 0.743421)])
def test_the_oracle_and_ours_give_krippendorffs_published_values(ratings, published):
    assert round(_oracle(ratings), 6) == published
    assert round(krippendorff_alpha(ratings), 6) == published


def test_the_oracles_default_level_is_not_nominal():
    """Guard against calling the oracle at its default (interval) level, which differs here."""
    assert round(krippendorff.alpha(reliability_data=np.asarray(KRIPP_2011, dtype=float)), 6) != 0.743421


# --------------------------------------------------------------------------- a simulated class in a folder


def _class(seed=7, coders=8):
    """Coders x sentences x codes: each starts from the v2 consensus and flips cells with probability 0.15."""
    rng = np.random.default_rng(seed)
    base = consensus_sheet()[KEYS].to_numpy(dtype=float)
    flips = rng.random((coders, *base.shape)) < 0.15
    return np.where(flips, 1 - base, base), consensus_sheet().sentence_id.tolist()


def _csv(values, ids, sep=",", bom=False, crlf=False):
    rows = [sep.join(["sentence_id", *KEYS, "memo"])]
    for sid, row in zip(ids, values):
        cells = ["" if np.isnan(v) else str(int(v)) for v in row]
        rows.append(sep.join([sid, *cells, "" if np.isnan(row).all() else f'"why {sid}{sep} a memo"']))
    text = ("\r\n" if crlf else "\n").join(rows) + "\n"
    return ("\ufeff" if bom else "") + text


def _bundle(folder, name, sheet_text, sheet_name="my_coding_v1.csv"):
    """A real hand-in bundle made by pack_submission from a saved notebook that uses the sheet."""
    work = my_work_dir()  # a fresh learner folder per hand-in (the fixtures set COURSE_MY_WORK)
    (work / sheet_name).write_text(sheet_text, encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"coding_panel(book, '{sheet_name}')")])
    path = work / "07_assignment.ipynb"
    nbformat.write(notebook, path)
    bundle = pack_submission(path)
    shutil.copy(bundle, folder / name)


@pytest.fixture
def learner(tmp_path, monkeypatch):
    """Point COURSE_MY_WORK at a new folder for each simulated learner; returns the function that does it."""
    def new(name):
        monkeypatch.setenv("COURSE_MY_WORK", str(tmp_path / "learners" / name))
    return new


@pytest.fixture
def class_folder(tmp_path, learner):
    """Eight hand-ins: five bundles (one incomplete), a comma sheet, a semicolon sheet from Excel, a broken sheet."""
    values, ids = _class()
    folder = tmp_path / "hand_ins"
    folder.mkdir()
    incomplete = values[4].copy()
    incomplete[10:] = nan  # coder 5 stopped after ten sentences
    for n in range(4):
        learner(f"student{n + 1}")
        _bundle(folder, f"student{n + 1}_submission.zip", _csv(values[n], ids))
    learner("student5")
    _bundle(folder, "student5_submission.zip", _csv(incomplete, ids))
    (folder / "student6.csv").write_text(_csv(values[5], ids), encoding="utf-8")
    (folder / "student7_excel.csv").write_bytes(_csv(values[6], ids, sep=";", bom=True, crlf=True).encode("utf-8"))
    (folder / "student8_broken.csv").write_text(_csv(values[7], ids).replace("P2.S1,", "P2.S1,maybe,", 1),
                                                encoding="utf-8")
    expected = np.stack([values[0], values[1], values[2], values[3], incomplete, values[5], values[6]])
    return folder, expected


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))}


def test_the_class_folder_gives_the_oracles_alpha_and_names_the_broken_file(class_folder):
    folder, expected = class_folder
    sheets, files = read_class(folder, BOOK)
    assert files.status.tolist().count("used") == 7
    broken = files.set_index("file").loc["student8_broken.csv"]
    assert broken.status == "skipped" and "could not be read as a CSV file" in broken.reason
    assert "Expected 13 fields in line 5, saw 14" in broken.reason
    assert files.set_index("file").loc["student5_submission.zip:my_work/my_coding_v1.csv", "coded"] == 10
    table = class_agreement(sheets, KEYS, resamples=200, seed=1).set_index("code")
    for j, code in enumerate(KEYS):
        assert table.loc[code, "alpha"] == pytest.approx(_oracle(expected[:, :, j]), abs=5e-4)
        assert table.loc[code, "low"] <= table.loc[code, "alpha"] <= table.loc[code, "high"]
    assert (table.coders == 7).all()


def test_the_command_prints_writes_the_report_and_loses_nothing(class_folder, tmp_path):
    folder, expected = class_folder  # named hand_ins, as in the guide's command
    before = _snapshot(folder)
    guide = (course_root() / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    command = shlex.split(re.search(r"`(python -m helpers\.classroom hand_ins --out report\.csv)`", guide).group(1))
    command[0] = sys.executable  # the guide's command, run from the folder that holds hand_ins/
    run = subprocess.run(command, cwd=folder.parent, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "SKIPPED  student8_broken.csv" in run.stdout and "7 sheet(s) used; 1 file(s) skipped" in run.stdout
    report = pd.read_csv(folder.parent / "report.csv")
    assert {"code", "coders", "alpha", "low", "high"} <= set(report.columns)
    assert report.alpha.tolist() == pytest.approx([_oracle(expected[:, :, j]) for j in range(len(KEYS))], abs=5e-4)
    assert _snapshot(folder) == before
    again = subprocess.run(command, cwd=folder.parent, capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr and "--overwrite" in again.stderr
    inside = subprocess.run([*command[:5], str(folder / "report.csv")], cwd=folder.parent, capture_output=True,
                            text=True)
    assert inside.returncode == 1 and "never changes" in inside.stderr
    assert _snapshot(folder) == before


def test_bundles_that_cannot_be_used_are_named_with_the_reason(tmp_path, learner):
    values, ids = _class(coders=2)
    folder = tmp_path / "odd"
    folder.mkdir()
    learner("good")
    _bundle(folder, "good.zip", _csv(values[0], ids))
    (folder / "other.csv").write_text(_csv(values[1], ids), encoding="utf-8")
    (folder / "not_a_zip.zip").write_text("hello", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    tampered = folder / "tampered.zip"
    with zipfile.ZipFile(folder / "good.zip") as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"why P1.S1", b"why not P1.S1") if name.endswith(".csv") else data)
    manifest = json.loads(zipfile.ZipFile(tampered).read("MANIFEST.json"))
    assert "my_work/my_coding_v1.csv" in manifest["files"]
    _, files = read_class(folder, BOOK)
    reasons = files.set_index("file").reason
    assert "not a readable hand-in bundle" in reasons["not_a_zip.zip"]
    assert "neither a coding sheet" in reasons["photo.png"]
    assert "changed after packing" in reasons["tampered.zip"]
    assert files.status.tolist().count("used") == 2


# --------------------------------------------------------------------------- decisions and the simulated class


def test_decisions_use_the_lower_bound_and_the_weakest_code_judges_the_codebook():
    from helpers.agreement import interval_decision, weakest_code

    assert interval_decision(0.629) == "do not rely (lower bound < .667)"  # v1 social_governance's lower bound
    assert interval_decision(0.70).startswith("tentative") and interval_decision(0.80).startswith("rely")
    table = pd.DataFrame({"code": ["a", "b", "c"], "low": [0.9, 0.7, nan],
                          "decision": [interval_decision(v) for v in (0.9, 0.7, nan)]})
    assert weakest_code(table, low="low").startswith("Weakest code: b (lower bound 0.700: tentative")
    assert weakest_code(table, low="low").endswith("Undefined (no interval): c.")


def test_an_undefined_code_stays_undefined_in_the_class_table():
    ids = ["P1.S1", "P1.S2", "P1.S3"]
    same = pd.DataFrame({"sentence_id": ids, "x": [0.0, 0.0, 0.0], "y": [1.0, 0.0, 1.0]})
    other = same.assign(y=[1.0, 1.0, 1.0])
    table = class_agreement({"a": same, "b": same, "c": other}, ["x", "y"], resamples=100).set_index("code")
    assert np.isnan(table.loc["x", "alpha"]) and table.loc["x", "decision"] == "undefined"
    assert table.loc["x", "note"].startswith("undefined: no variation")
    assert table.loc["y", "alpha"] == pytest.approx(_oracle(np.array([[1, 0, 1], [1, 0, 1], [1, 1, 1]])), abs=5e-4)


def test_the_simulated_class_follows_its_stated_noise_model():
    from helpers.classroom import SIMULATED_FLIP, simulate_class

    reference = consensus_sheet()
    sim = simulate_class(reference, KEYS, coders=400, seed=3, stop_share=0.0)
    flips = np.stack([(s[KEYS].to_numpy() != reference[KEYS].to_numpy()) for s in sim.values()])
    hard = [KEYS.index(k) for k in ("guiding_concept", "development_security", "party_leadership", "social_governance")]
    easy = [j for j in range(len(KEYS)) if j not in hard]
    assert flips[:, :, hard].mean() == pytest.approx(SIMULATED_FLIP["hard"], abs=0.01)
    assert flips[:, :, easy].mean() == pytest.approx(SIMULATED_FLIP["base"], abs=0.005)
    assert all(name.startswith("simulated_") for name in sim)
    stopped = simulate_class(reference, KEYS, coders=200, seed=3, stop_share=0.5)
    partial = [s for s in stopped.values() if s[KEYS].isna().any(axis=None)]
    assert 70 <= len(partial) <= 130 and all(10 <= s[KEYS[0]].notna().sum() <= 20 for s in partial)


def test_the_course_tables_decide_on_the_lower_bound_not_the_point_estimate():
    from helpers.agreement import agreement_table, interval_decision, krippendorff_band
    from helpers.coding import reference_sheets

    table = agreement_table(reference_sheets(1)).set_index("code")
    row = table.loc["social_governance"]
    assert row.alpha >= 0.8 and krippendorff_band(row.alpha).startswith("rely")  # the point estimate alone says rely
    assert row.alpha_low < 0.667 and row.decision == "do not rely (lower bound < .667)"
    assert (table.drop(index="pooled").decision == table.drop(index="pooled").alpha_low.map(interval_decision)).all()
    assert table.loc["pooled", "decision"] == "no verdict: judge by the weakest code"
