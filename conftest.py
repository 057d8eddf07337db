"""Test configuration shared by the unit tests and the notebook (nbval) tests.

* Offline: every non-loopback connection is refused, in pytest and in every
  kernel it starts (tests/offline/sitecustomize.py), and NLTK_DATA points at an
  empty folder, so nothing can be downloaded.
* Stable notebook outputs: kernels run with a fixed cell name and hash seed;
  images and HTML are not compared (their text form still is).
* Isolation: COURSE_ROOT is this folder, and learner files go to a temporary
  my_work/ (tests never touch yours).
* Strict checks: COURSE_STRICT_CHECKS makes an error inside a check_* raise (in
  tests and in every notebook kernel), so a check's own bug fails the tests.
"""

import importlib.util
import os
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent
OFFLINE = ROOT / "tests" / "offline"

os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty_nltk_data_")
os.environ["IPYKERNEL_CELL_NAME"] = "<IPY-INPUT>"
os.environ["PYTHONHASHSEED"] = "0"
os.environ["COURSE_ROOT"] = str(ROOT)
os.environ["COURSE_MY_WORK"] = tempfile.mkdtemp(prefix="my_work_")
os.environ["COURSE_STRICT_CHECKS"] = "1"
os.environ.pop("MPLBACKEND", None)

_spec = importlib.util.spec_from_file_location("course_network_guard", OFFLINE / "sitecustomize.py")
_spec.loader.exec_module(importlib.util.module_from_spec(_spec))  # the same guard in this process


SKIP_COMPARE = ("image/png", "image/jpeg", "image/svg+xml", "text/html")


def pytest_collectstart(collector):
    if collector.path is not None and collector.path.suffix == ".ipynb":
        collector.skip_compare += SKIP_COMPARE
