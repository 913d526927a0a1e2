# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
BIN := .venv/bin
export UV_PYTHON_DOWNLOADS := never
# Compile bytecode at install: this machine sets PYTHONDONTWRITEBYTECODE, so
# without it every command would compile the whole of Django again.
export UV_COMPILE_BYTECODE := 1

.PHONY: install run test lint format messages

# A virtual environment in .venv/ with exactly the locked dependencies.
install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@$(PYTHON) -m uv sync --locked --quiet

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py ensure_editor
	@echo ""
	@echo "  Site:     http://127.0.0.1:8000/"
	@echo "  Admin:    http://127.0.0.1:8000/admin/"
	@echo "  API docs: http://127.0.0.1:8000/api/docs/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The browser tests (pytest -m browser) drive Debian's Chromium: without it
# they are left out, and the line below says how to have them.
CHROMIUM := /usr/bin/chromium

test: install
	@if [ -n "$$CI" ]; then \
		echo "CI: the slow suites (browser, schemathesis) run once, on PostgreSQL, in .ci/run."; \
		$(BIN)/python -m pytest -m "not browser and not schemathesis"; \
	elif [ -x $(CHROMIUM) ]; then \
		$(BIN)/python -m pytest; \
	else \
		echo "No $(CHROMIUM): the browser tests are left out (apt-get install -y chromium brings them in)."; \
		$(BIN)/python -m pytest -m "not browser"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The French interface: collect the messages into locale/fr/…/django.po, then,
# once they are translated there, compile django.mo (committed: a fresh machine
# needs no gettext tools). tests/cyberpeace/test_translations.py checks both.
messages: install
	$(BIN)/python manage.py makemessages --locale fr --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --ignore "bench/*"
	$(BIN)/python manage.py compilemessages --locale fr --ignore ".venv/*"

# The benchmarks (bench/, README "Benchmarks"): synthetic data at 1k, 10k and
# 100k events in PostgreSQL, gunicorn driven by wrk, bench/report.md. Heavy:
# about 20 minutes on 2 cores. wrk comes from Debian's packages.
.PHONY: bench
bench: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null 2>&1 \
		|| (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1) \
		|| { echo "wrk is missing and could not be installed: run 'sudo apt-get install -y wrk', then make bench again."; exit 1; }
	$(BIN)/python -m bench

# The load test (bench/load.py, README "Load test"): 32 readers (wrk) and an editor
# saving records for 60 s against the production server; bench/load.md. About 90 s.
.PHONY: load
load: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null 2>&1 \
		|| (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1) \
		|| { echo "wrk is missing and could not be installed: run 'sudo apt-get install -y wrk', then make load again."; exit 1; }
	$(BIN)/python -m bench.load

# The MDN HTTP Observatory's grade of the production server, scanned offline over
# https on 127.0.0.1 (README "HTTP Observatory"); needs Node 20+ and npm, and ports 80
# and 443 free. bench/observatory.md; fails unless the grade is A+.
.PHONY: observatory
observatory: install
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js 20 or later with npm, then make observatory again."; exit 1; }
	$(BIN)/python -m bench.observatory
