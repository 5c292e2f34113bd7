"""`acervo ingest`, `search`, `eval retrieval` and `reindex` as a user runs them: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ACERVO = Path(sys.executable).with_name("acervo")

DOCS = {
    "acta-agua.md": "# Acta de la sesión del Consejo Directivo\n\nTorreón, 31 de octubre de 2019.\n\n"
    "Los consejeros hablaron de la escasez de agua potable y de los pozos con arsénico. "
    "Se tomó el acuerdo JD-XI-1 para elaborar el diagnóstico hídrico.\n",
    "convenio.txt": "Firma de convenio\n\nEl 5 de febrero de 2021 el Instituto firmó el convenio de "
    "colaboración con el INFONAVIT para recuperar vivienda abandonada.\n",
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACERVO), *args], env=env, capture_output=True, text=True, timeout=600)


def test_search_eval_and_reindex_from_the_command_line(tmp_path, cli_env) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingested = run(["ingest", str(folder)], cli_env)
    assert ingested.returncode == 0, ingested.stderr

    found = run(["search", "convenio INFONAVIT", "--json", "--limit", "5"], cli_env)
    assert found.returncode == 0, found.stderr
    results = [json.loads(line) for line in found.stdout.splitlines()]
    assert results[0]["file_name"] == "convenio.txt"
    assert {"file_name", "score", "page", "snippet"} <= set(results[0])
    assert "<mark>INFONAVIT</mark>" in results[0]["snippet"]

    filtered = run(["search", "vivienda abandonada", "--json", "--year", "2021"], cli_env)
    assert [json.loads(line)["file_name"] for line in filtered.stdout.splitlines()] == ["convenio.txt"]
    # Water is in the 2019 minutes only: under a 2021 filter nothing matches, and the count says so.
    nothing = run(["search", "agua", "--json", "--facets", "--year", "2021"], cli_env)
    assert [json.loads(line) for line in nothing.stdout.splitlines()][-1]["total"] == 0
    bad = run(["search", "agua", "--date-from", "ayer"], cli_env)
    assert bad.returncode != 0 and "--date-from" in bad.stderr

    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"query": "escasez de agua", "relevant": ["acta-agua.md"]}) + "\n", encoding="utf-8"
    )
    out = tmp_path / "results.jsonl"
    evaluated = run(["eval", "retrieval", str(queries), "--out", str(out), "--compare-modes"], cli_env)
    assert evaluated.returncode == 0, evaluated.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["query"] == "escasez de agua" and record["results"][0] == "acta-agua.md"
    table = {line.split()[0]: line.split()[1:] for line in evaluated.stderr.splitlines() if line.strip()}
    assert table["hybrid"] == ["1.000"] and {"dense", "sparse"} <= set(table)

    rebuilt = run(["reindex"], cli_env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "passages indexed" in rebuilt.stderr
    human = run(["search", "JD-XI-1"], cli_env)
    assert human.returncode == 0 and "acta-agua.md" in human.stdout
