"""The data files: the course text is intact and described; sources are well-formed."""

import csv
import re
from fnmatch import fnmatch
from pathlib import Path

import yaml

from helpers.environment import COURSE_TEXT_SHA256, sha256

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
KINDS = {"official", "scholarly", "journalism", "reference", "unofficial translation", "blog", "NGO report", "software"}


def _sources():
    with open(DATA / "sources.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_course_text_is_byte_identical():
    assert sha256(DATA / "safe_china_readout_en.txt") == COURSE_TEXT_SHA256


def test_provenance_record():
    record = yaml.safe_load((DATA / "provenance.yml").read_text(encoding="utf-8"))
    assert record["sha256"] == COURSE_TEXT_SHA256
    assert record["source_page"]["posted"] == "2025-06-23 08:49"
    assert record["event"]["date"] == "2025-02-28"
    assert record["source_page"]["publisher"] == "not established"
    assert "not Xinhua's" in record["translation"]["status"]
    assert record["rights"]["status"] == "unknown"
    known = {row["id"] for row in _sources()}
    for part in ("source_page", "event", "translation"):
        assert set(record[part]["sources"]) <= known


def test_sources_are_well_formed():
    rows = _sources()
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "source IDs must be unique"
    for row in rows:
        assert re.fullmatch(r"S\d{2,3}", row["id"]), row["id"]
        assert row["title"].strip() and row["publisher"].strip(), row["id"]
        assert row["kind"] in KINDS, f"{row['id']}: kind {row['kind']!r}"
        assert row["mirror"] in {"yes", "no"}, row["id"]
        assert row["url"].startswith(("http://", "https://")) or not row["url"], row["id"]
        assert not row["date"] or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]), row["id"]


def test_every_data_file_is_described_in_data_readme():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    described = re.findall(r"^\| (.+?) \|", readme, re.M)
    patterns = [name for cell in described for name in re.findall(r"`([^`]+)`", cell)]
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and path.name != "README.md":
            name = path.relative_to(DATA).as_posix()
            assert any(fnmatch(name, pattern) for pattern in patterns), f"data/README.md does not describe {name}"


def _sheet(name):
    with open(DATA / "coding" / name, encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_codebook_v0_is_v1_cut_down_to_names_and_one_line_definitions():
    v0 = yaml.safe_load((DATA / "codebook_v0.yml").read_text(encoding="utf-8"))
    v1 = yaml.safe_load((DATA / "codebook_v1.yml").read_text(encoding="utf-8"))
    assert v0["version"] == 0
    assert [set(code) for code in v0["codes"]] == [{"key", "name", "short_definition"}] * len(v1["codes"])
    assert [(c["key"], c["name"], c["short_definition"]) for c in v0["codes"]] == \
        [(c["key"], c["name"], c["short_definition"]) for c in v1["codes"]]


def test_v0_reference_sheets_code_every_sentence_with_every_v0_code():
    keys = [code["key"] for code in yaml.safe_load((DATA / "codebook_v0.yml").read_text(encoding="utf-8"))["codes"]]
    ids = [row[0] for row in _sheet("v1_coder_a.csv")[1:]]  # the 25 sentence IDs, as in every reference sheet
    for name in ("v0_coder_e.csv", "v0_coder_f.csv"):
        header, *rows = _sheet(name)
        assert header == ["sentence_id", *keys], name
        assert [row[0] for row in rows] == ids, name
        assert all(value in {"0", "1"} for row in rows for value in row[1:]), name
