# The two commands a new reader needs are `make book` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NOTEBOOKS := $(wildcard book/*.ipynb)
BUILD  := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
PORT   ?= 8000

.PHONY: book test serve notebooks clean

$(STAMP): pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

book: $(STAMP)
	$(BUILD)
	@echo "The site is in _build/html/index.html (make serve shows it on http://localhost:$(PORT))."

test: $(STAMP)
	$(BIN)/pytest tests --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg
	$(BUILD)
	$(BIN)/pytest --site tests/test_site.py

serve: book
	$(BIN)/python -m http.server --directory _build/html $(PORT)

notebooks: $(STAMP)
	$(BIN)/jupyter execute --inplace $(NOTEBOOKS)

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
