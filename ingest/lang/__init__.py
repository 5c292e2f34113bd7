"""Language data apart from the extraction logic, one package per language (as spaCy's `lang/`)."""
