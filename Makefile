# One command for the main job, one for the tests; both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test lint install clean model

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/wirecoder code examples/iran-us-forces.jsonl -o out/iran-us-forces.jsonl \
		--db out/wirecoder.duckdb --summary
	@echo "Open the analyst UI on this store: make serve (PORT=8001 for another port), then http://127.0.0.1:8000/ui/"

serve: $(STAMP)
	$(BIN)/wirecoder serve --db out/wirecoder.duckdb --host $(HOST) --port $(PORT)

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/pytest -q

# Rebuild the event-sense heads from src/wirecoder/sense/data (deterministic; prints the
# dev figures). NGEC's lead sentences are converted first when ../shared/data/ngec exists.
model: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	if [ -d ../shared/data/ngec ]; then $(BIN)/python scripts/convert_ngec.py; fi
	$(BIN)/python -m wirecoder.sense.build

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out build test-artifacts *.egg-info src/*.egg-info
