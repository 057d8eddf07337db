"""Offline: every non-loopback connection is refused in the test process and in kernels; NLTK has no data.

The guard is helpers/guard.py, applied by helpers/startup/sitecustomize.py, put on PYTHONPATH by the root
conftest.py, so every Python process the tests start (nbval's kernels included)
loads it. These tests prove it is really active, in both places.
"""

import json
import os
import socket
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
REMOTE = [("192.0.2.1", 80), ("203.0.113.7", 443)]  # TEST-NET addresses: never local
REMOTE6 = ("2001:db8::1", 80, 0, 0)  # IPv6 documentation prefix


def _listening_server():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    return server


@pytest.mark.parametrize("address", REMOTE)
def test_remote_connect_is_refused_here(address):
    with socket.socket() as sock:
        sock.settimeout(2)
        with pytest.raises(ConnectionRefusedError, match="network blocked"):
            sock.connect(address)
        with pytest.raises(ConnectionRefusedError, match="network blocked"):
            sock.connect_ex(address)


def test_remote_ipv6_and_create_connection_are_refused_here():
    if socket.has_ipv6:
        with socket.socket(socket.AF_INET6) as sock, pytest.raises(ConnectionRefusedError, match="network blocked"):
            sock.connect(REMOTE6)
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=2)


def test_loopback_stays_allowed_here():
    with _listening_server() as server:
        host, port = server.getsockname()
        with socket.create_connection((host, port), timeout=2) as client:
            peer, _ = server.accept()
            client.sendall(b"ping")
            assert peer.recv(4) == b"ping"
            peer.close()
        with socket.create_connection(("localhost", port), timeout=2):
            pass


def test_nltk_data_points_at_an_empty_folder():
    import nltk

    folder = Path(os.environ["NLTK_DATA"])
    assert folder.is_dir() and not any(folder.iterdir()), "NLTK_DATA must be an empty folder"
    assert nltk.data.path[0] == str(folder), "NLTK looks in NLTK_DATA first"
    assert str(ROOT) not in str(folder)


KERNEL_PROBE = """
import json, os, socket
found = {}
for address in [("192.0.2.1", 80), ("203.0.113.7", 443)]:
    sock = socket.socket(); sock.settimeout(2)
    try:
        sock.connect(address)
        found[address[0]] = "connected"
    except OSError as exc:
        found[address[0]] = f"{type(exc).__name__}: {exc}"
    finally:
        sock.close()
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
with socket.create_connection(server.getsockname(), timeout=2):
    found["loopback"] = "ok"
server.close()
folder = os.environ.get("NLTK_DATA", "")
found["nltk_data"] = folder
found["nltk_data_empty"] = os.path.isdir(folder) and not os.listdir(folder)
print(json.dumps(found))
"""


def test_guard_is_active_inside_a_kernel(tmp_path):
    """A kernel started the way nbval starts one (current environment) refuses the network too."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_PROBE)])
    NotebookClient(notebook, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[0].outputs
    assert outputs and outputs[0].get("name") == "stdout", outputs
    found = json.loads(outputs[0]["text"])
    for host in ("192.0.2.1", "203.0.113.7"):
        assert found[host].startswith("ConnectionRefusedError: network blocked"), found[host]
    assert found["loopback"] == "ok"
    assert found["nltk_data"] == os.environ["NLTK_DATA"]
    assert found["nltk_data_empty"] is True
