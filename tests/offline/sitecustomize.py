"""Loaded by every Python process the tests start (kernels included): no network but loopback.

The test configuration (conftest.py) puts this folder first on PYTHONPATH, so
Python imports this file at start-up. Any attempt to connect to a host that is
not on this machine fails at once with a clear message: that proves that no
notebook or helper downloads anything.
"""

import ipaddress
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(address):
    raise ConnectionRefusedError(f"network blocked during the course tests: {address!r} is not loopback")


def _guarded_connect(self, address):
    if not _is_local(address):
        _refuse(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        _refuse(address)
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
