# The two commands a new reader needs are `make book` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NOTEBOOKS := $(wildcard book/*.ipynb)
BUILD  := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
PORT   ?= 8000

.PHONY: book test serve notebooks clean student pdf classroom
# What `make pdf` needs from Debian (about 370 MB); poppler-utils for the PDF's test.
TEX_PACKAGES := latexmk texlive-xetex texlive-latex-extra texlive-fonts-recommended \
                fonts-freefont-otf fonts-lmodern poppler-utils

$(STAMP): pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# The site's JavaScript (widget manager, anywidget, uPlot), exactly as package-lock.json pins it.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "make needs Node.js and npm for the site's JavaScript:" \
	  "install them (Debian: sudo apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

book: $(STAMP) $(NODE_STAMP)
	$(BUILD)
	@echo "The site is in _build/html/index.html (make serve shows it on http://localhost:$(PORT))."

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest tests --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg
	$(BUILD)
	$(BIN)/pytest --site tests/test_site.py tests/browser

serve: book
	$(BIN)/python -m http.server --directory _build/html $(PORT)

notebooks: $(STAMP)
	$(BIN)/jupyter execute --inplace $(NOTEBOOKS)

# The student edition: every exercise, no solution (tools/student_edition.py), as notebooks and a site.
student: $(STAMP)
	$(BIN)/python tools/student_edition.py . _build/student/src
	$(BIN)/jupyter-book build _build/student/src --builder html -W -n --keep-going
	rm -rf _build/student/html _build/student/notebooks
	mv _build/student/src/_build/html _build/student/html
	mkdir -p _build/student/notebooks && cp _build/student/src/book/*.ipynb _build/student/notebooks/
	@echo "Student notebooks: _build/student/notebooks; student site: _build/student/html/index.html"

# The whole book as one PDF, through xelatex (Jupyter Book's pdflatex builder).
pdf: $(STAMP)
	@missing=""; for p in $(TEX_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; if [ -n "$$missing" ]; then \
	  echo "make pdf needs these Debian packages:$$missing"; \
	  echo "install them with: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi
	$(BIN)/jupyter-book build . --builder pdflatex
	@echo "The PDF is _build/latex/book.pdf."

# The classroom editions and their tests (.ci/run runs this after make test).
classroom: student pdf
	$(BIN)/pytest --classroom tests/test_student.py tests/test_pdf.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
