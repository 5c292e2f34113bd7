"""The `acervo` command as a user runs it: a real subprocess, a real store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.samples import bad_documents, good_documents

ACERVO = Path(sys.executable).with_name("acervo")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACERVO), *args], env=env, capture_output=True, text=True, timeout=300)


def _folder(path: Path, files: dict[str, bytes]) -> Path:
    path.mkdir(parents=True)
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def test_ingest_reports_each_failure_and_goes_on(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "lote", {**good_documents(), **bad_documents()})
    result = run(["ingest", str(folder)], cli_env)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(Path(line.split(": ")[1]).name for line in errors) == sorted(bad_documents())
    assert f"{len(good_documents())} ingested, 0 skipped as duplicate, {len(bad_documents())} failed" in result.stderr

    again = run(["ingest", str(folder / "acta.md"), str(folder / "minuta.docx")], cli_env)
    assert again.returncode == 0, again.stderr
    assert "0 ingested, 2 skipped as duplicate, 0 failed" in again.stderr


def test_extract_prints_one_schema_object_per_document_and_stores_nothing(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "docs", good_documents())
    result = run(["extract", str(folder), "--format", "jsonl"], cli_env)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(o["file"] for o in objects) == sorted(good_documents())
    for obj in objects:
        assert set(obj) >= {
            "file",
            "doc_type",
            "institution",
            "body",
            "session",
            "participants",
            "agreements",
            "dates",
            "programs",
        }
        assert set(obj["session"]) == {"number", "type", "date", "start_time", "end_time", "place"}
    assert not Path(cli_env["ACERVO_DATA_DIR"]).exists()


def test_extract_names_a_bad_file_and_exits_nonzero(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "docs", {"acta.md": good_documents()["acta.md"], "vacio.txt": b""})
    result = run(["extract", str(folder)], cli_env)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert "vacio.txt" in result.stderr and "empty" in result.stderr


def test_size_limit_is_configurable(tmp_path, cli_env) -> None:
    folder = _folder(tmp_path / "docs", {"grande.txt": "Sesión ordinaria. ".encode() * 20_000})
    result = run(["ingest", str(folder)], {**cli_env, "ACERVO_MAX_FILE_MB": "0.1"})
    assert result.returncode == 1
    assert "grande.txt" in result.stderr and "limit" in result.stderr
