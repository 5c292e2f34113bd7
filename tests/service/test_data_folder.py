"""A full disk and a read-only data folder, for real: small tmpfs mounts (skipped where mounting is not allowed)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.samples import good_documents
from tests.service.test_cli import run


@contextlib.contextmanager
def mounted(path: Path, size_mb: int, *, read_only: bool = False) -> Iterator[Path]:
    path.mkdir(parents=True)
    options = f"size={size_mb}m" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _folder(path: Path) -> Path:
    path.mkdir()
    for name, data in good_documents().items():
        (path / name).write_bytes(data)
    return path


def test_a_full_disk_ends_the_batch_with_one_line_and_the_summary(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "lote")
    with mounted(tmp_path / "pequeno", 40) as disk:
        env = {**cli_env, "ACERVO_DATA_DIR": str(disk / "data")}
        result = run(["ingest", str(folder)], env)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "is full" in result.stderr and "not tried" in result.stderr
    assert "0 ingested, 0 skipped as duplicate, 0 failed" in result.stderr


def test_a_read_only_data_folder_is_one_clear_line(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "lote")
    with mounted(tmp_path / "solo-lectura", 10, read_only=True) as disk:
        env = {**cli_env, "ACERVO_DATA_DIR": str(disk)}
        result = run(["ingest", str(folder)], env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"error: the data folder {disk} cannot be written (read-only); nothing was stored"], lines


def test_two_ingests_at_once_on_a_fresh_data_folder_both_finish(tmp_path, cli_env) -> None:
    import sys

    docs = good_documents()
    names = sorted(docs)
    halves = []
    for number, part in enumerate((names[::2], names[1::2])):
        folder = tmp_path / f"lote-{number}"
        folder.mkdir()
        for name in part:
            (folder / name).write_bytes(docs[name])
        halves.append(folder)
    acervo = Path(sys.executable).with_name("acervo")
    procs = [subprocess.Popen([str(acervo), "ingest", str(f)], env=cli_env, stderr=subprocess.PIPE, text=True)
             for f in halves]
    results = [(p.wait(600), p.stderr.read()) for p in procs]
    for code, stderr in results:
        assert code == 0 and "Traceback" not in stderr, stderr
    assert sum(int(s.split(" ingested")[0].split()[-1]) for _, s in results) == len(docs)
