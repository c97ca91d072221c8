# The README's two commands: `make run` and `make test`. Every target does its own set-up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .stamps
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= street
BENCH_PORT ?= 7697
BENCH_API_PORT ?= 8020
BENCH_ARGS ?=
BENCH_HOME ?= benchmarks/.neo4j-bench-$(BENCH_PORT)

.PHONY: help setup run stop status neo4j-start neo4j-stop test lint notebook notebooks-html bench \
  bench-access bench-deps clean browser-deps report-deps report-picture

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

# The explorer's front-end: npm packages from package-lock.json, bundled by esbuild into
# graph_service/static/vendor/ (ignored by git) so the page needs no CDN.
EXPLORER_JS := $(wildcard graph_service/static/js/*.js graph_service/static/js/*/*.js)
EXPLORER_BUNDLE := graph_service/static/vendor/explorer.js
$(EXPLORER_BUNDLE): package.json package-lock.json $(EXPLORER_JS)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

setup: $(STAMPS)/python $(EXPLORER_BUNDLE)  ## create the virtualenv and install everything

# The browser tests drive Debian's chromium; Chinese needs a CJK font. Quick when both are
# there. If they cannot be installed the browser tests fail and say why (they never skip).
browser-deps:  ## install chromium and fonts-noto-cjk (Debian) for the browser tests if missing
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then \
	  echo "browser-deps: chromium and Noto CJK fonts present"; \
	else \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  ( $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	      --no-install-recommends chromium fonts-noto-cjk ) \
	  || echo "browser-deps: could not install chromium/fonts-noto-cjk: the browser tests will fail"; \
	fi

# Briefings (graph-service report) are set in free Chinese TrueType faces from Debian, which the
# PDF embeds: song (title, body), kai (captions), hei (headings, charts). docs/reports.md says why.
REPORT_FONT_PACKAGES := fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei
report-deps:  ## install the briefings' Chinese fonts (Debian) if missing
	@if fc-list 2>/dev/null | grep -q 'SungtiL GB' && fc-list | grep -q 'KaitiM GB' \
	    && fc-list | grep -q 'WenQuanYi Zen Hei'; then \
	  echo "report-deps: the briefings' fonts are present"; \
	else \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  ( $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	      --no-install-recommends fontconfig $(REPORT_FONT_PACKAGES) ) \
	  || echo "report-deps: could not install $(REPORT_FONT_PACKAGES): reports answer 503"; \
	fi

# The README's picture of a briefing's first page: the sample street's PDF, page 1 as PNG
# (pdftoppm from poppler-utils, installed if missing). Needs a running `make run`.
report-picture: setup report-deps  ## redraw docs/images/briefing-first-page.png from the running service's data
	@command -v pdftoppm >/dev/null 2>&1 || { sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo apt-get install -y -q --no-install-recommends poppler-utils; }
	$(BIN)/graph-service report --scope Street:ST01 --format pdf /tmp/briefing-ST01.pdf
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile /tmp/briefing-ST01.pdf docs/images/briefing-first-page

neo4j-start: setup  ## start the local Neo4j 5.26 (fetches its jars from Maven Central once)
	$(BIN)/graph-service neo4j start

neo4j-stop: setup  ## stop the local Neo4j
	$(BIN)/graph-service neo4j stop

status: setup  ## show whether the local Neo4j runs
	$(BIN)/graph-service neo4j status

run: neo4j-start report-deps  ## set up, start Neo4j, load the sample network if empty, serve on :8000
	$(BIN)/graph-service load-sample
	$(BIN)/graph-service accounts first-run --url http://$(HOST):$(PORT)
	$(BIN)/graph-service serve --host $(HOST) --port $(PORT) --pid-file .neo4j/run/api.pid

stop:  ## stop what `make run` started (the API and Neo4j)
	-@test -f .neo4j/run/api.pid && kill $$(cat .neo4j/run/api.pid) 2>/dev/null || true
	@if test -x $(BIN)/graph-service; then $(BIN)/graph-service neo4j stop; fi

lint: setup  ## ruff and mypy
	$(BIN)/ruff check graph_service tests benchmarks
	$(BIN)/ruff format --check graph_service tests benchmarks
	$(BIN)/mypy

test: lint browser-deps report-deps  ## set up and run every test against a real Neo4j (its own server on port 7688)
	$(BIN)/pytest

notebook: setup  ## open the analyst notebooks in JupyterLab (after `make run`, in another terminal)
	GRAPH_SERVICE_URL=http://$(HOST):$(PORT) $(BIN)/jupyter lab --no-browser --ip 127.0.0.1 --notebook-dir notebooks

notebooks-html: neo4j-start  ## run every notebook (as GRAPH_SERVICE_TOKEN's account) on the local database into pages at /notebooks/
	$(BIN)/graph-service load-sample
	$(BIN)/graph-service notebooks-html

# The API-under-load rows need wrk (Debian's package): installed when missing, or said at once.
bench-deps:  ## install wrk (Debian) for the API-under-load benchmark if missing
	@if command -v wrk >/dev/null 2>&1; then \
	  echo "bench-deps: wrk present"; \
	else \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  ( $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	      --no-install-recommends wrk ) \
	  || echo "bench-deps: wrk could not be installed: the API-under-load rows will read n/a"; \
	fi

bench: setup bench-deps  ## benchmarks at one scale, own Neo4j on BENCH_PORT: make bench SCALE=street|district|city
	$(BIN)/python -m benchmarks.run --scale $(SCALE) --port $(BENCH_PORT) --api-port $(BENCH_API_PORT) \
	  --home $(abspath $(BENCH_HOME)) $(BENCH_ARGS)

bench-access: setup  ## the cost of access control and the audit trail alone (on vs off, alternating pairs)
	$(BIN)/python -m benchmarks.access_cost --port $(BENCH_PORT) --api-port $(BENCH_API_PORT) \
	  --home $(abspath $(BENCH_HOME)) $(BENCH_ARGS)

clean:  ## remove the virtualenv and the test server (keeps .neo4j, the run data)
	rm -rf $(VENV) $(STAMPS) .neo4j-test*
