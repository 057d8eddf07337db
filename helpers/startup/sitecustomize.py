"""Python imports this file at start-up when its folder is on PYTHONPATH: it applies helpers/guard.py.

The test suite (conftest.py) and every re-run kernel (helpers/rerun.py) put this folder on PYTHONPATH, so
each Python process they start refuses the network, and a re-run kernel also gets the write, program and
memory guards its COURSE_GUARD_* variables ask for. guard.py is loaded by its path, so nothing else of
the course is imported at start-up.
"""

import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    "course_guard", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "guard.py"))
_guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_guard)
_guard.apply_from_environment()
