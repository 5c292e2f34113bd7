from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from models.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

warnings.filterwarnings("ignore", message=r".*\[W095\].*")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running `acervo` as a subprocess against a private data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACERVO_")}
    env["ACERVO_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture(scope="session")
def extractor():
    from ingest.extract import Extractor

    return Extractor()
