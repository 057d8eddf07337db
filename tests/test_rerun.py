"""helpers.rerun and helpers.guard: re-running learners' bundles never touches the instructor's files.

Every bundle is generated here (tests/rerun_bundles.py): ordinary ones by pack_submission(), malicious ones
by pack_submission() from attacking notebooks or by rewriting a good zip. The instructor's checkout is a
temporary git copy of this course and the instructor's home a temporary folder; after a re-run both must be
byte-for-byte unchanged, with nothing new in them. Two tests start a kernel (the attacks, and the folder
command from the README); the rest check bundles, guards and the report without one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import psutil
import pytest

from helpers import guard, rerun
from rerun_bundles import attack_cells, bad_zips, pack, solution_bundle

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file and a marker for every folder under ``folder`` (.git left to git status)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == ".git":
            continue
        found[relative.as_posix()] = ("dir" if path.is_dir() and not path.is_symlink()
                                      else hashlib.sha256(path.read_bytes()).hexdigest() + oct(path.stat().st_mode))
    return found


def course_copy(target: Path) -> Path:
    """The instructor's checkout: the course's tracked files in a fresh git repository, committed."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run(git + ["init", "-q"], cwd=target, check=True)
    subprocess.run(git + ["add", "-A"], cwd=target, check=True)
    subprocess.run(git + ["commit", "-qm", "course"], cwd=target, check=True)
    return target


def git_status(course: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--ignored"], cwd=course,
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory):
    return solution_bundle(tmp_path_factory.mktemp("good"))


# --------------------------------------------------------------------------- bundles checked before unpacking

def test_a_good_bundle_passes_the_checks(good_bundle):
    manifest = rerun.check_bundle(good_bundle)
    assert manifest["notebook"] == "submission_07_assignment.ipynb"


def test_every_bad_zip_is_refused_with_a_message_naming_it(good_bundle, tmp_path):
    made = bad_zips(good_bundle, tmp_path / "bad")
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("rerun_*"))
    for words, bundle in made.items():
        with pytest.raises(rerun.BundleError) as caught:
            rerun.check_bundle(bundle)
        message = str(caught.value)
        assert message.startswith(f"{bundle.name} was not re-run: ") and words in message, message
        assert "Fix:" in message
    assert set(Path(os.environ.get("TMPDIR", "/tmp")).glob("rerun_*")) == before  # nothing was unpacked


def test_the_size_cap_counts_the_unpacked_total(good_bundle):
    with pytest.raises(rerun.BundleError, match=r"would unpack to \d+ MB, over the cap of 0.01 MB"):
        rerun.check_bundle(good_bundle, max_unpacked_mb=0.01)


def test_an_earlier_result_is_never_replaced_unless_asked(good_bundle, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / f"{good_bundle.stem}_rerun.ipynb"
    earlier.write_text("my marked copy", encoding="utf-8")
    with pytest.raises(FileExistsError, match="from an earlier re-run.*overwrite=True"):
        rerun.rerun_bundle(good_bundle, out=out)
    assert earlier.read_text(encoding="utf-8") == "my marked copy"


# --------------------------------------------------------------------------- the guards, without a kernel

def test_network_guard_refuses_by_interception():
    """The hook itself is called: it raises before any socket exists, so nothing can be sent."""
    for event, args in [("socket.connect", (None, ("192.0.2.1", 80))), ("socket.sendto", (None, ("8.8.8.8", 53))),
                        ("socket.connect", (None, ("2001:db8::1", 80, 0, 0))),
                        ("socket.getaddrinfo", ("example.org", 443, 0, 0, 0))]:
        with pytest.raises(ConnectionRefusedError, match="network blocked"):
            guard._network_hook(event, args)
    for event, args in [("socket.connect", (None, ("127.0.0.1", 8888))), ("socket.connect", (None, "/tmp/x.sock")),
                        ("socket.getaddrinfo", ("localhost", 80, 0, 0, 0)), ("socket.connect", (None, ("::1", 1)))]:
        guard._network_hook(event, args)  # loopback stays allowed


GUARDED_SCRIPT = r"""
import json, mmap, os, shutil, sqlite3, subprocess, sys, tempfile
outside, root = sys.argv[1], sys.argv[2]
attempts = {
    "open w outside": lambda: open(os.path.join(outside, "file.txt"), "w"),
    "open a outside": lambda: open(os.path.join(outside, "file.txt"), "a"),
    "open r+ outside": lambda: open(os.path.join(outside, "file.txt"), "r+"),
    "os.open outside": lambda: os.open(os.path.join(outside, "new.txt"), os.O_WRONLY | os.O_CREAT),
    "relative ../": lambda: open("../../outside/file.txt", "w"),
    "os.remove": lambda: os.remove(os.path.join(outside, "file.txt")),
    "os.rename": lambda: os.rename(os.path.join(outside, "file.txt"), "stolen.txt"),
    "os.replace into": lambda: os.replace("mine.txt", os.path.join(outside, "file.txt")),
    "os.mkdir": lambda: os.mkdir(os.path.join(outside, "new")),
    "os.rmdir": lambda: os.rmdir(os.path.join(outside, "sub")),
    "shutil.rmtree": lambda: shutil.rmtree(os.path.join(outside, "sub")),
    "shutil.copyfile": lambda: shutil.copyfile("mine.txt", os.path.join(outside, "file.txt")),
    "shutil.move": lambda: shutil.move(os.path.join(outside, "file.txt"), "moved.txt"),
    "os.chmod": lambda: os.chmod(os.path.join(outside, "file.txt"), 0o777),
    "os.utime": lambda: os.utime(os.path.join(outside, "file.txt"), (0, 0)),
    "os.truncate": lambda: os.truncate(os.path.join(outside, "file.txt"), 0),
    "os.link": lambda: os.link(os.path.join(outside, "file.txt"), "hard.txt"),
    "os.symlink": lambda: os.symlink(outside, "soft"),
    "dir_fd trick": lambda: os.open("file.txt", os.O_WRONLY, dir_fd=os.open(outside, os.O_RDONLY)),
    "sqlite3 outside": lambda: sqlite3.connect(os.path.join(outside, "db.sqlite")),
    "write in data/": lambda: open(os.path.join(root, "data", "text.txt"), "w"),
    "subprocess": lambda: subprocess.run(["true"]),
    "os.system": lambda: os.system("true"),
    "memory over the limit": lambda: mmap.mmap(-1, 2048 * 2**20),
}
allowed = {
    "write inside": lambda: open("inside.txt", "w").write("ok"),
    "tempfile inside": lambda: tempfile.mkstemp(),
    "mkdir and rmtree inside": lambda: (os.makedirs("a/b"), shutil.rmtree("a")),
    "rename inside": lambda: os.rename("inside.txt", "renamed.txt"),
    "read outside": lambda: open(os.path.join(outside, "file.txt")).read(),
    "read data/": lambda: open(os.path.join(root, "data", "text.txt")).read(),
}
found = {}
for name, attempt in {**attempts, **allowed}.items():
    try:
        attempt()
        found[name] = "done"
    except BaseException as exc:
        found[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(found))
"""


def test_write_program_and_memory_guards_in_a_fresh_process(tmp_path):
    """The guards a re-run kernel gets, applied by sitecustomize in a new Python process (they cannot be undone)."""
    outside, root = tmp_path / "outside", tmp_path / "root"
    (outside / "sub").mkdir(parents=True)
    (outside / "file.txt").write_text("the instructor's", encoding="utf-8")
    (root / "data").mkdir(parents=True)
    (root / "data" / "text.txt").write_text("course text", encoding="utf-8")
    (root / "work").mkdir()
    (root / "work" / "mine.txt").write_text("learner's", encoding="utf-8")
    before = snapshot(outside)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(rerun.STARTUP), "TMPDIR": str(root / "work"),
           guard.WRITE_ROOT: str(root), guard.READ_ONLY: str(root / "data"), guard.MEMORY_MB: "1024"}
    done = subprocess.run([sys.executable, "-c", GUARDED_SCRIPT, str(outside), str(root)], cwd=root / "work",
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    refused = {name: result for name, result in found.items() if name not in (
        "write inside", "tempfile inside", "mkdir and rmtree inside", "rename inside", "read outside", "read data/")}
    for name, result in refused.items():
        expected = ("MemoryError", "OSError: [Errno 12]") if name == "memory over the limit" else "PermissionError: [Errno 13] re-run guard"
        assert result.startswith(expected), (name, result)
    assert {found[name] for name in ("write inside", "tempfile inside", "mkdir and rmtree inside",
                                     "rename inside", "read outside", "read data/")} == {"done"}, found
    assert snapshot(outside) == before
    assert (root / "data" / "text.txt").read_text(encoding="utf-8") == "course text"


def test_the_kernel_gets_none_of_the_instructors_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_API_TOKEN", "secret")
    places = rerun.make_throwaway(tmp_path / "throwaway", ROOT)
    env = rerun.kernel_environment(places, 1024)
    assert "INSTRUCTOR_API_TOKEN" not in env and "secret" not in env.values()
    for key in ("COURSE_ROOT", "COURSE_MY_WORK", "HOME", "TMPDIR", "TEMP", "TMP", "MPLCONFIGDIR", "IPYTHONDIR",
                "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", guard.WRITE_ROOT):
        assert Path(env[key]).resolve().is_relative_to((tmp_path / "throwaway").resolve()), key
    assert env["PYTHONPATH"] == str(rerun.STARTUP) and env[guard.MEMORY_MB] == "1024"
    data = places["course"] / "data" / "safe_china_readout_en.txt"
    assert data.read_bytes() == (ROOT / "data" / "safe_china_readout_en.txt").read_bytes()
    assert not os.access(data, os.W_OK) or os.geteuid() == 0  # read-only (root ignores it: the guard does not)
    assert oct(data.stat().st_mode)[-3:] == "444"
    rerun._remove(tmp_path / "throwaway")
    assert not (tmp_path / "throwaway").exists()


# --------------------------------------------------------------------------- malicious bundles, in a kernel

@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """One bundle whose cells attack everything at once, re-run in a kernel with every other cell still running."""
    base = tmp_path_factory.mktemp("attacked")
    course, home = course_copy(base / "course"), base / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "settings.txt").write_text("the instructor's settings", encoding="utf-8")
    attacks = attack_cells(course, home, rerun.MEMORY_MB)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_ROOT", str(course))
        patch.setenv("HOME", str(home))
        bundle = pack(list(attacks.values()), "submission_attacks", base / "hand_ins")
        before = {"course": snapshot(course), "home": snapshot(home), "environ": dict(os.environ)}
        record = rerun.rerun_bundle(bundle, out=base / "marking")
        after = {"course": snapshot(course), "home": snapshot(home), "environ": dict(os.environ),
                 "children": [" ".join(child.cmdline()) for child in psutil.Process().children(recursive=True)]}
    return {"attacks": list(attacks), "record": record, "before": before, "after": after, "course": course,
            "out": base / "marking"}


def test_attacks_leave_the_course_checkout_byte_for_byte_unchanged(attacked):
    assert attacked["after"]["course"] == attacked["before"]["course"]
    assert git_status(attacked["course"]) == ""  # nothing changed, nothing new, not even an ignored file


def test_attacks_leave_the_instructors_home_and_environment_unchanged(attacked):
    assert attacked["after"]["home"] == attacked["before"]["home"]
    assert attacked["after"]["environ"] == attacked["before"]["environ"]


def test_no_kernel_is_left_running(attacked):
    assert not [c for c in attacked["after"]["children"] if "ipykernel" in c], attacked["after"]["children"]


ALLOWED_INSIDE = {"write to the working folder", "write to ~"}  # they land in the throwaway folder, then vanish


def test_the_report_names_what_each_attack_met(attacked):
    errors = attacked["record"]["errors"]
    by_cell = {int(m.group(1)): line for line in errors if (m := re.match(r"code cell (\d+): ", line))}
    for number, attack in enumerate(attacked["attacks"], start=1):
        if attack in ALLOWED_INSIDE:
            assert number not in by_cell, (attack, by_cell.get(number))
            continue
        expected = {"exhaust memory": ["MemoryError"], "open a non-loopback connection":
                    ["ConnectionRefusedError: network blocked"]}.get(attack, ["PermissionError: ", "re-run guard: "])
        assert number in by_cell and all(words in by_cell[number] for words in expected), (attack, by_cell.get(number))
    assert attacked["record"]["status"] == "ran"
    report = attacked["record"]["report"].read_text(encoding="utf-8")
    assert "Errors in the re-run:" in report and "re-run guard: refused to change" in report
    assert sorted(p.name for p in attacked["out"].iterdir()) == ["submission_attacks_rerun.ipynb",
                                                                 "submission_attacks_rerun.txt"]


# --------------------------------------------------------------------------- a whole folder, one command

def readme_command() -> str:
    """The folder command as the README gives it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return next(line.strip() for line in text.splitlines() if line.strip().startswith("python -m helpers.rerun "))


def read_report(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return {row["bundle"]: row for row in csv.DictReader(stream)}


@pytest.mark.class_rerun  # starts a kernel and runs the command twice: in .ci/run's class tier
def test_the_readme_folder_command_on_a_class(good_bundle, tmp_path):
    command = readme_command()
    assert command == "python -m helpers.rerun hand_ins/ --out marking/report.csv"
    hand_ins = tmp_path / "hand_ins"
    bad = bad_zips(good_bundle, tmp_path / "bad")
    for learner, bundle in [("ana", good_bundle), ("ben", bad["not a submission bundle"]),
                            ("cai", bad["a zip bomb"]), ("dee", bad["climbs out of the bundle with '..'"])]:
        (hand_ins / learner).mkdir(parents=True)
        shutil.copy(bundle, hand_ins / learner / "submission_07_assignment.zip")
    args = [sys.executable if word == "python" else word for word in command.split()]
    done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "dee/submission_07_assignment.zip" in done.stderr and "4/4" in done.stderr  # the progress bar
    report = tmp_path / "marking" / "report.csv"
    rows = read_report(report)
    assert [(r["learner"], r["status"]) for r in rows.values()] == [
        ("ana", "ran"), ("ben", "refused"), ("cai", "refused"), ("dee", "refused")]
    ana = rows["ana/submission_07_assignment.zip"]
    assert [ana[area] for area in ("Required sections", "Figures", "Fresh run", "Environment fingerprint")] == ["met"] * 4
    assert ana["errors"] == "" and float(ana["seconds"]) > 0
    assert (tmp_path / "marking" / "report_results" / ana["rerun_notebook"]).is_file()
    assert "not a submission bundle" in rows["ben/submission_07_assignment.zip"]["errors"]
    assert "zip bomb" in rows["cai/submission_07_assignment.zip"]["errors"]
    assert "'..'" in rows["dee/submission_07_assignment.zip"]["errors"]
    first = report.read_bytes()
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "Skipped 4 bundle(s) already in report.csv" in again.stdout
    assert report.read_bytes() == first  # nothing re-run, the earlier report kept as it was


def test_the_report_is_extended_redone_or_replaced_only_when_asked(good_bundle, tmp_path, capsys):
    """Refused bundles only (no kernel): which rows a second, third and fourth run keep."""
    bad = bad_zips(good_bundle, tmp_path / "bad")
    hand_ins, report = tmp_path / "hand_ins", tmp_path / "report.csv"
    hand_ins.mkdir()
    shutil.copy(bad["a zip bomb"], hand_ins / "ana.zip")
    first = rerun.rerun_folder(hand_ins, report, progress=False)
    assert [(r["bundle"], r["learner"], r["status"]) for r in first] == [("ana.zip", "ana", "refused")]
    shutil.copy(bad["has an absolute path"], hand_ins / "ben.zip")
    shutil.copy(bad["is a symbolic link"], hand_ins / "ana.zip")  # ana hands in again
    second = rerun.rerun_folder(hand_ins, report, progress=False)
    assert [r["bundle"] for r in second] == ["ana.zip", "ben.zip"]
    assert "zip bomb" in second[0]["errors"]  # the earlier row is kept ...
    assert "Changed since they were re-run (pass --redo to re-run them): ana.zip" in capsys.readouterr().out
    third = rerun.rerun_folder(hand_ins, report, redo=True, progress=False)
    assert "symbolic link" in third[0]["errors"]  # ... until asked
    (hand_ins / "ben.zip").unlink()
    assert list(read_report(report)) == ["ana.zip", "ben.zip"]
    fourth = rerun.rerun_folder(hand_ins, report, overwrite=True, progress=False)
    assert [r["bundle"] for r in fourth] == ["ana.zip"] and list(read_report(report)) == ["ana.zip"]


def test_a_zip_with_a_dotdot_member_never_writes_outside(good_bundle, tmp_path):
    bundle = bad_zips(good_bundle, tmp_path / "bad")["climbs out of the bundle with '..'"]
    with zipfile.ZipFile(bundle) as archive:
        assert "my_work/../../../PWNED.txt" in archive.namelist()
    with pytest.raises(rerun.BundleError):
        rerun.rerun_submission(bundle, out=tmp_path / "out")
    assert not list(tmp_path.rglob("PWNED.txt")) and not (tmp_path / "out").exists()
