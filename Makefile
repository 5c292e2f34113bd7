# Two commands do everything on a fresh machine (see README):
#   make demo   install, ingest examples/, serve the API and UI on http://127.0.0.1:8000/
#   make test   install with test tools, lint, run the test suite
PY ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test install lint

$(STAMP): pyproject.toml scripts/setup.sh scripts/ocr-data.sh
	bash scripts/setup.sh
	touch $(STAMP)

install: $(STAMP)

# The demo serves on loopback only; reading is open there so the staff page works without a key.
demo: $(STAMP)
	$(VENV)/bin/acervo models prepare
	-$(VENV)/bin/acervo ingest examples/
	ACERVO_OPEN_READ=$${ACERVO_OPEN_READ:-1} $(VENV)/bin/acervo serve

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q --durations=15
