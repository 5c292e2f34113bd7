"""The queue server's watchdog: it stops its target once the process that started it is gone, and only
that process (not a later one given the same id)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from service.watchdog import start_time, stop, watch


def test_the_target_is_stopped_when_the_parent_is_not_the_one_named() -> None:
    target = subprocess.Popen(["sleep", "60"])
    try:
        # Named parent is not ours: as if `acervo serve` had died and this process had been adopted.
        watch(parent=os.getppid() + 1, target=target.pid)
        assert target.wait(5) == -15  # SIGTERM, so that a queue server flushes its files
    finally:
        target.kill()
        target.wait()


def test_the_watch_ends_with_its_target_while_the_parent_lives() -> None:
    target = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    watcher = threading.Thread(target=watch, args=(os.getppid(), target.pid))
    watcher.start()
    target.wait(10)
    watcher.join(10)
    assert not watcher.is_alive() and target.returncode == 0  # ended by itself, not stopped


def test_a_later_process_with_the_same_id_is_not_stopped() -> None:
    target = subprocess.Popen(["sleep", "60"])
    try:
        stop(target.pid, "0")  # a start time that is not this process's
        assert target.poll() is None and start_time(target.pid) not in (None, "0")
    finally:
        target.kill()
        target.wait()
    assert start_time(target.pid) is None
