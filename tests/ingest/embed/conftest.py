from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ACERVO = Path(sys.executable).with_name("acervo")


@pytest.fixture(scope="session")
def onnx_model_dir(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path) -> Path:
    """A copy of the converted model with its ONNX exports, written by `acervo models prepare --out`.

    A copy, so the session's plain folder stays without exports and other tests keep running torch."""
    folder = tmp_path_factory.mktemp("onnx") / e5_model_dir.name
    shutil.copytree(e5_model_dir, folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACERVO_")}
    env |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ACERVO_DATA_DIR": str(folder.parent / "data")}
    done = subprocess.run(
        [str(ACERVO), "models", "prepare", "--out", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    assert "onnx-int8: lowest cosine with float32 torch" in done.stderr, done.stderr
    return folder
