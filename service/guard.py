"""The data folder before and during a batch: writable, room left on its disk, one `acervo ingest` at a time."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

# Stop a batch while the disk still has this much room: the index and SQLite write through memory maps,
# and a map that cannot grow ends the process with a bus error and no message.
RESERVE_BYTES = 64 * 1024 * 1024


class DataFolderError(Exception):
    """The data folder cannot take what a command must write; the message is one line for the user."""


def check_writable(data_dir: Path) -> None:
    """Raise DataFolderError unless `data_dir` exists (or can be made) and a file can be written in it."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as exc:
        reason = "read-only" if exc.errno in (30, 13) else (exc.strerror or str(exc))
        raise DataFolderError(f"the data folder {data_dir} cannot be written ({reason}); nothing was stored") from None


def room_left(data_dir: Path, path: Path) -> str | None:
    """Why the next file should not be tried (the disk is about full), or None."""
    try:
        free = shutil.disk_usage(data_dir).free
        size = path.stat().st_size
    except OSError:
        return None
    # The file is kept, parsed into text, chunked and embedded: a few times its size, plus the reserve.
    if free < RESERVE_BYTES + 4 * size:
        return f"the disk holding the data folder {data_dir} is full ({free / 1e6:.0f} MB free)"
    return None


class FolderLock:
    """An exclusive lock on a file in the data folder, held until released or the process ends."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def data_lock(data_dir: Path, name: str, *, on_wait: Callable[[], None] | None = None, wait: bool = True) -> FolderLock:
    """Take `data_dir/locks/NAME.lock`; with `wait`, block until its holder ends (telling `on_wait` once),
    else raise DataFolderError. The kernel drops it when the process dies, so a crash never leaves it stale."""
    folder = data_dir / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DataFolderError(f"cannot lock the data folder {data_dir}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            os.close(fd)
            raise DataFolderError(f"another process holds {folder / name}.lock") from None
        if on_wait:
            on_wait()
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return FolderLock(fd)
