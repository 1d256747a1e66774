# One command for the main job, one for the tests; both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test lint install clean model heads

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

# Rebuild the event-sense layer from src/wirecoder/sense/data (deterministic; prints the dev
# figures): tune the encoder (about 15 minutes on two cores), then fit the heads on it.
# NGEC's lead sentences are converted first when ../shared/data/ngec exists. torch's CPU
# build comes from PyTorch's index, else from the configured one.
TORCH ?= torch==2.13.0
model: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -c "import torch" 2>/dev/null || \
		$(BIN)/pip install --quiet $(TORCH) --index-url https://download.pytorch.org/whl/cpu || \
		$(BIN)/pip install --quiet "$(TORCH)+cpu"
	if [ -d ../shared/data/ngec ]; then $(BIN)/python scripts/convert_ngec.py; fi
	$(BIN)/python -m wirecoder.sense.tune
	$(BIN)/python -m wirecoder.sense.build

# Refit the heads only, on the shipped encoder (a minute; no torch): for labels of your own.
heads: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m wirecoder.sense.build

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out build test-artifacts *.egg-info src/*.egg-info
