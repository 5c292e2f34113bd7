"""Spanish language data and the one text-normalisation module."""

from ingest.lang.es.numbers import cardinal_value, ordinal_value
from ingest.lang.es.roles import ROLE_NOUNS, is_role_qualifier, singular_role
from models.keys import person_key
from models.text import fold, fold_key


def test_fold_and_key_forms():
    assert fold("Peñón ÁLVAREZ, Sr.") == "penon alvarez, sr."
    assert fold_key("Peñón ÁLVAREZ, Sr.") == "penon alvarez sr"
    assert person_key("  José  Núñez-Ortiz ") == "jose nunez ortiz"


def test_numbers_and_roles():
    assert ordinal_value(["Décima", "Segunda"]) == 12
    assert cardinal_value("dos mil veintiuno") == 2021
    assert singular_role("Regidores") == "regidor"
    assert "architect" in ROLE_NOUNS and "directora" in ROLE_NOUNS
    assert is_role_qualifier("Segunda") and is_role_qualifier("ex") and not is_role_qualifier("Ana")
