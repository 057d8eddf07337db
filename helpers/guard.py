"""Guards a Python process puts on itself at start-up: no network but loopback; for a re-run, also writes
only inside one folder, no other programs, and a memory limit.

``helpers/startup/sitecustomize.py`` applies them to every Python process that has that folder on its
``PYTHONPATH``: the test suite puts it there (so the tests run offline), and so does every kernel that
re-runs a learner's submission (:mod:`helpers.rerun`), which also sets the ``COURSE_GUARD_*`` variables.

The guards are audit hooks (PEP 578): Python code cannot remove one once it is added. They stop what
Python code asks Python to do; they do not stop native code (C extensions, ctypes). This file uses the
standard library only, so it can be loaded before anything else.

>>> is_loopback(("127.0.0.1", 8888)), is_loopback(("192.0.2.1", 80)), is_loopback("/tmp/socket")
(True, False, True)
"""

from __future__ import annotations

import errno
import ipaddress
import os
import sys

WRITE_ROOT = "COURSE_GUARD_WRITE_ROOT"  # writes, deletes, renames and chmod only inside this folder
READ_ONLY = "COURSE_GUARD_READ_ONLY"  # ... but not inside these (os.pathsep-separated)
MEMORY_MB = "COURSE_GUARD_MEMORY_MB"  # the address-space limit of the process, in MiB

_SOCKET_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg"}
_PROGRAM_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.startfile",
                   "os.fork", "os.forkpty", "pty.spawn"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
# event: the (position of a path it changes, position of that path's dir_fd or None) pairs in its arguments
_PATH_EVENTS = {
    "os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.mkdir": ((0, 2),), "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),), "os.utime": ((0, 3),), "os.truncate": ((0, None),), "os.chflags": ((0, None),),
    "os.lchflags": ((0, None),), "os.setxattr": ((0, None),), "os.removexattr": ((0, None),),
    "os.rename": ((0, 2), (1, 3)), "os.link": ((0, 2), (1, 3)), "shutil.rmtree": ((0, 1),),
    "shutil.copyfile": ((1, None),), "shutil.copymode": ((1, None),), "shutil.copystat": ((1, None),),
    "shutil.copytree": ((1, None),), "shutil.move": ((0, None), (1, None)), "shutil.chown": ((0, None),),
    "shutil.unpack_archive": ((1, None),), "shutil.make_archive": ((0, None),),
}


def is_loopback(address) -> bool:
    """Whether a socket address stays on this machine (loopback, or not an internet address at all)."""
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in ("localhost", "") or host is None:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _network_hook(event: str, args: tuple) -> None:
    if event in _SOCKET_EVENTS:
        address = args[1] if len(args) > 1 else None
    elif event == "socket.getaddrinfo":  # a name lookup is traffic too (a DNS query)
        address = tuple(args[:2])
    else:
        return
    if address is not None and not is_loopback(address):
        raise ConnectionRefusedError(f"network blocked: {address!r} is not loopback (course guard)")


def refuse_network() -> None:
    """Refuse every connection, datagram and name lookup that is not for this machine (loopback).

    The refusal is an audit hook: the call raises ConnectionRefusedError before anything is sent.
    """
    sys.addaudithook(_network_hook)


def _fd_path(fd: int) -> str | None:
    """The folder an open file descriptor points at (Linux and macOS), or None."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        pass
    try:
        import fcntl
        return fcntl.fcntl(fd, fcntl.F_GETPATH, bytes(1024)).rstrip(b"\0").decode()
    except (ImportError, AttributeError, OSError, ValueError):
        return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def confine_writes(root: str | os.PathLike, read_only=()) -> None:
    """Refuse, from now on, every change to files outside ``root`` (or inside ``read_only``), and new programs.

    Covers what Python code asks for: open() and os.open() for writing, remove, rename, mkdir, rmdir,
    chmod, chown, utime, truncate, links, shutil's copies, moves and rmtree, SQLite files; and
    subprocess, os.system, os.exec*, os.spawn*, os.fork. Each refusal is a PermissionError naming the path.
    """
    root = os.path.realpath(root)
    read_only = [os.path.realpath(folder) for folder in read_only]
    allowed_always = {os.path.realpath(os.devnull)}

    def refuse_unless_inside(path, dir_fd=None) -> None:
        if isinstance(path, int):  # a file descriptor: it was opened (and checked) before
            return
        path = os.fsdecode(os.fspath(path))
        base = _fd_path(dir_fd) if isinstance(dir_fd, int) and dir_fd >= 0 else os.getcwd()
        if base is None:
            raise PermissionError(errno.EACCES, f"re-run guard: refused to change {path!r} relative to an unknown folder")
        full = os.path.realpath(os.path.join(base, path))
        if full in allowed_always:
            return
        if not _inside(full, root) or any(_inside(full, folder) for folder in read_only):
            raise PermissionError(errno.EACCES, f"re-run guard: refused to change {full} (a re-run may only write inside its "
                                  f"own folder {root}, never in its data/, and may open only folders inside it)")

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = args
            if path is None or isinstance(path, int):
                return
            if flags & _WRITE_FLAGS or (isinstance(mode, str) and set(mode) & set("wax+")):
                refuse_unless_inside(path)
            elif mode is None and os.path.isdir(path):  # os.open of a folder: its fd could be a dir_fd that
                refuse_unless_inside(path)  # the "open" event cannot see, so only folders inside may be opened
        elif event in _PATH_EVENTS:
            for position, fd_position in _PATH_EVENTS[event]:
                dir_fd = args[fd_position] if fd_position is not None and len(args) > fd_position else None
                if len(args) > position and args[position] is not None:
                    refuse_unless_inside(args[position], dir_fd)
        elif event == "os.symlink":  # a link made inside that points outside would let a later write escape
            target, link = args[0], args[1]
            refuse_unless_inside(link)
            refuse_unless_inside(os.path.join(os.path.dirname(os.fsdecode(os.fspath(link))), os.fsdecode(os.fspath(target))))
        elif event == "sqlite3.connect":
            database = os.fsdecode(os.fspath(args[0])) if args and args[0] is not None else ""
            if database not in ("", ":memory:") and not database.startswith("file:"):
                refuse_unless_inside(database)
            elif database.startswith("file:"):
                raise PermissionError(errno.EACCES, "re-run guard: SQLite URIs are refused in a re-run; use a plain file name")
        elif event in _PROGRAM_EVENTS:
            raise PermissionError(errno.EACCES, f"re-run guard: starting another program ({event}) is refused in a re-run")

    sys.addaudithook(hook)


def limit_memory(megabytes: int) -> bool:
    """Limit this process's address space (RLIMIT_AS) to ``megabytes`` MiB; False where it cannot be set.

    Enforced on Linux. macOS accepts the call but may not enforce it; Windows has no such limit here.
    """
    try:
        import resource
    except ImportError:  # Windows
        return False
    limit = int(megabytes) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        return False
    return True


def apply_from_environment(environ=os.environ) -> None:
    """What sitecustomize runs at start-up: always the network guard; the others when their variable is set."""
    refuse_network()
    if environ.get(MEMORY_MB):
        limit_memory(int(environ[MEMORY_MB]))
    if environ.get(WRITE_ROOT):
        confine_writes(environ[WRITE_ROOT], [p for p in environ.get(READ_ONLY, "").split(os.pathsep) if p])
