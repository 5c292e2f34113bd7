"""The README documents every setting: a field added to Settings without a row in the configuration table
fails here (in the manner of datasette's test_docs)."""

from __future__ import annotations

import re

import pytest

from models.settings import Settings
from tests.conftest import ROOT


def _configuration_table() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(ACERVO_[A-Z0-9_]+)` \|", section, flags=re.M))


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_configuration_table(field: str) -> None:
    assert f"ACERVO_{field.upper()}" in _configuration_table()


def test_the_table_names_no_setting_that_does_not_exist() -> None:
    known = {f"ACERVO_{name.upper()}" for name in Settings.model_fields}
    assert _configuration_table() - known == set()
