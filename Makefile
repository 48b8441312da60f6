# Ferry's verbs. `make run` and `make test` work on a fresh clone: they set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test install python-deps frontend-deps frontend-build system-deps migrate demo \
        lint typecheck test-python test-frontend test-browser test-php test-scaled serve worker beat

run: install migrate demo
	$(PY) manage.py serve --with-sandboxes

test: install lint typecheck test-python test-php test-frontend test-browser

install: python-deps frontend-build

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q -r requirements.lock --python $(PY)
	$(VENV)/bin/uv pip install -q --no-deps -e . --python $(PY)
	touch $@

python-deps: $(VENV)/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend-deps: frontend/node_modules/.installed

frontend-build: frontend-deps
	cd frontend && npm run build --silent

# Tools from Debian that tests need: Chromium for the browser tests, php-cli for the shop module.
system-deps:
	@command -v chromium >/dev/null && command -v php >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium php-cli >/dev/null; \
	  else echo "Please install Debian's chromium and php-cli (sudo apt-get install chromium php-cli)"; exit 1; fi; }

migrate: python-deps
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo

lint: python-deps frontend-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd frontend && npx eslint . && npx tsc --noEmit

typecheck: python-deps
	$(VENV)/bin/mypy backend workflows connectors cli tests bench

test-python: python-deps
	$(VENV)/bin/pytest -q -n 2 -m "not browser"

test-scaled: python-deps
	$(VENV)/bin/pytest -q -m "scaled"

test-php: system-deps
	find connectors -name '*.php' -print0 | xargs -0 -r -n1 php -l >/dev/null

test-frontend: frontend-deps
	cd frontend && npx vitest run

test-browser: system-deps frontend-build migrate
	$(VENV)/bin/pytest -q -m browser

serve: migrate
	$(PY) manage.py serve

worker: python-deps
	$(VENV)/bin/celery -A backend worker -l info

beat: python-deps
	$(VENV)/bin/celery -A backend beat -l info
