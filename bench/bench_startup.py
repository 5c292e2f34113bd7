"""Start-up: how long `acervo --help`, `acervo keys list` and `acervo agreements` take, as a user runs them
(a fresh process on an empty data folder), median of five runs each. The target is under a second: commands
that only read the store must not import torch, transformers, spaCy or Alembic.

    python -m bench.bench_startup
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACERVO = Path(sys.executable).with_name("acervo")
COMMANDS = (["--help"], ["keys", "list"], ["agreements"])
HEAVY = ("torch", "transformers", "spacy", "alembic", "sentence_transformers")


def timed(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run([str(ACERVO), *args], env=env, capture_output=True, check=True)
    return time.perf_counter() - began


def heavy_imports(args: list[str], env: dict[str, str]) -> list[str]:
    code = (
        "import sys; from service.cli import app\n"
        f"sys.argv = ['acervo', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    line = next(x for x in out.stderr.splitlines() if x.startswith("HEAVY:"))
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="acervo-startup-")) / "data"
    env = {**os.environ, "ACERVO_DATA_DIR": str(data)}
    subprocess.run([str(ACERVO), "keys", "list"], env=env, capture_output=True, check=True)  # create the store once
    print(f"{'command':22s} {'median s':>9s}  heavy modules imported")
    for args in COMMANDS:
        runs = [timed(args, env) for _ in range(5)]
        heavy = ", ".join(heavy_imports(args, env)) or "-"
        print(f"acervo {' '.join(args):15s} {statistics.median(runs):9.2f}  {heavy}")


if __name__ == "__main__":
    main()
