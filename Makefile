# The two commands a new reader needs are `make book` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
NOTEBOOKS := $(wildcard book/*.ipynb)
BUILD  := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
PORT   ?= 8000

.PHONY: book test serve lab lock notebooks clean student pdf classroom
# What `make pdf` needs from Debian (about 370 MB); poppler-utils for the PDF's test.
TEX_PACKAGES := latexmk texlive-xetex texlive-latex-extra texlive-fonts-recommended \
                fonts-freefont-otf fonts-lmodern poppler-utils

# .venv holds exactly the lock (every package, hash-checked), then the book's own package. The
# stamp's name carries the checksum of both files, so a change to either rebuilds .venv (and a
# mere touch, as a git checkout does, does not).
$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "make needs Python 3.11, the Python of $(LOCK); $(PYTHON) is $$($(PYTHON) -V 2>&1)."; \
	  echo "Name another with: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# The site's JavaScript (widget manager, anywidget, uPlot), exactly as package-lock.json pins it.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "make needs Node.js and npm for the site's JavaScript:" \
	  "install them (Debian: sudo apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# Rewrites the lock from pyproject.toml: every direct and indirect dependency of the package and
# its extras, for Python 3.11 on Linux, with the hashes of all its files. Pins already in the
# lock are kept where they still fit; `make lock UPGRADE=--upgrade` moves every one to the latest.
# uv runs from a venv of its own, so a stale lock never has to be installed first.
UV := uv==0.13.9
lock:
	rm -rf _build/uv
	$(PYTHON) -m venv _build/uv
	_build/uv/bin/python -m pip install --quiet $(UV)
	_build/uv/bin/uv pip compile pyproject.toml --extra book --extra test --extra lab \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes \
	  --quiet $(UPGRADE) -o $(LOCK)

book: $(STAMP) $(NODE_STAMP)
	$(BUILD)
	@echo "The site is in _build/html/index.html (make serve shows it on http://localhost:$(PORT))."

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest tests --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg
	$(BUILD)
	$(BIN)/pytest --site tests/test_site.py tests/browser

serve: book
	$(BIN)/python -m http.server --directory _build/html $(PORT)

# The notebooks, live, in JupyterLab (widgets included); LAB_ARGS passes options to it, for
# example LAB_ARGS="--no-browser --port=8888". Jupyter refuses to run as root unless told to,
# as in a container, where root is the usual user.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=book $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

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
