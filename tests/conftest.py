"""Hooks for the whole test run (the network guard and environment are in the root conftest.py).

* data/ is read-only: its checksums are compared at the start and the end of the
  run, after nbval has executed every notebook (see tests/data_guard.py).
"""

from data_guard import finish, start


def pytest_configure(config):
    start(config)


def pytest_sessionfinish(session, exitstatus):
    finish(session)
