# wardtasks: `make run` serves the demo ward, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wardtasks
PORT   ?= 5000
# What running needs (`make run`), and the test tools on top of it (`make test`): each
# stamp is redone when pyproject.toml changes; a venv made by `make run` gets the test
# extra at the first `make test`.
STAMP  := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.installed-test-stamp
MO     := wardtasks/translations/vi/LC_MESSAGES/messages.mo
# gunicorn serves the app without docstrings and asserts (PYTHONOPTIMIZE=2, `python
# -OO`): on the demo ward with 4 workers (bench/memory.py) a worker's RSS 68.3 → 62.9 MB
# and the whole server's PSS 182.8 → 172.4 MB. The libraries' bytecode for it is
# compiled once (OPT_STAMP): a master that compiled them from source at each start would
# fork its workers from a heap full of the compiler's leftovers (179.6 MB instead).
# Its code objects also leave out the column positions that only a traceback's ^^^
# markers use (PYTHONNODEBUGRANGES=1; line numbers stay), compiled so too: a worker's RSS
# 62.1 → 61.6 MB (bench/results/2026-12-08-memory.md). The stamp's name changed with
# it, so that a venv compiled before is compiled again (-f: the old files are not stale).
SERVE_ENV := PYTHONOPTIMIZE=2 PYTHONNODEBUGRANGES=1
OPT_STAMP := $(VENV)/.optimized-nodebugranges-stamp

.PHONY: run test test-sqlite test-postgresql fuzz lint translations translations-update bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

$(OPT_STAMP): $(STAMP)
	$(SERVE_ENV) $(BIN)/python -m compileall -q -f -o 2 $(VENV)/lib wardtasks
	touch $(OPT_STAMP)

$(MO): $(STAMP) $(wildcard wardtasks/translations/*/LC_MESSAGES/messages.po)
	$(BIN)/pybabel compile --statistics -d wardtasks/translations

translations: $(MO)

## run: install what running needs, create and seed the SQLite demo ward if needed, serve
## on 127.0.0.1:$(PORT) with one worker per core (gunicorn.conf.py)
run: $(STAMP) $(MO) $(OPT_STAMP)
	WARDTASKS_DATABASE_URL= $(FLASK) db upgrade
	WARDTASKS_DATABASE_URL= $(FLASK) seed-demo --if-empty
	@echo "wardtasks: open http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	$(SERVE_ENV) WARDTASKS_DATABASE_URL= $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) \
		--access-logfile - 'wardtasks:create_app()'

## test: install the test extra too, lint, type-check, then the whole suite on SQLite and
## on PostgreSQL, the two legs side by side (one per core: 9 min 50 s one after the other
## on this 2-core machine); each leg's output is printed whole when it ends
test: lint
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgresql

lint: $(TEST_STAMP) $(MO)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-sqlite: $(TEST_STAMP) $(MO)
	$(BIN)/pytest --db=sqlite

# Skipped with a reason unless WARDTASKS_TEST_POSTGRES_URL is set (.ci/run sets it).
test-postgresql: $(TEST_STAMP) $(MO)
	$(BIN)/pytest --db=postgresql

## fuzz: every route, form and role sent hostile values (Hypothesis), on SQLite then
## PostgreSQL: about 12,000 requests, a few minutes; not part of `make test`.
## WARDTASKS_FUZZ_EXAMPLES sets the examples per route (default 100).
fuzz: $(TEST_STAMP) $(MO)
	$(BIN)/pytest --db=sqlite tests/fuzz_routes.py
	$(BIN)/pytest --db=postgresql tests/fuzz_routes.py

## translations-update: collect new strings from the code into the catalogues
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output \
		-o wardtasks/translations/messages.pot .
	$(BIN)/pybabel update -i wardtasks/translations/messages.pot -d wardtasks/translations \
		--ignore-obsolete

bench: $(STAMP) $(MO) $(OPT_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
