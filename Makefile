# The one entry point: `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# Development default: debug on. An environment that sets DJANGO_DEBUG itself (production sets
# DJANGO_DEBUG=0, docs/operations.md) keeps its own value, so `make migrate` there stays in production mode.
DJANGO_DEBUG ?= 1
export DJANGO_DEBUG

# The public pages' benchmark (see docs/performance.md) needs Debian's wrk.
/usr/bin/wrk:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "The benchmark needs Debian's wrk: sudo apt-get install wrk" >&2; exit 1; \
	fi

bench-public: install-dev /usr/bin/wrk
	$(PY) benchmarks/public_pages.py


.PHONY: lock upgrade
.PHONY: bench-public run test test-fast install install-dev dev-env messages makemessages migrate fixtures demo lint format check-deploy ci clean

# The outbox worker runs next to the development server: mail appears in this console. Links in
# mail point at HOST unless DJANGO_SITE_URL is set.
run: install messages migrate fixtures demo
	export DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://$(HOST)}"; \
	$(MANAGE) send_notifications --loop --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

# Installs exactly the locked set (requirements/*.txt, with hashes; `make lock`), then the
# portal itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/base.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Test-only browser assets: axe-core from the npm registry, Debian's Chromium.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; \
	fi

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

makemessages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

migrate: install
	$(MANAGE) migrate --no-input -v0

fixtures: install
	$(MANAGE) seed

demo: install
	$(MANAGE) create_demo_accounts

# Two worker processes (pytest-xdist), one per core; PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 2

test: install-dev messages node_modules/axe-core/axe.min.js /usr/bin/chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Everything but the browser journeys: no Chromium or npm needed. The HTML validator needs Java
# (vnu.jar); without it, it is left out and the run says so.
test-fast: install-dev messages
	@if command -v java >/dev/null; then skip=; else \
		echo "test-fast: no Java, so skipping tests/portal/test_html_validity.py (the HTML validator)"; \
		skip=--ignore=tests/portal/test_html_validity.py; fi; \
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $$skip $(PYTEST_ARGS)

# Only on request: a git-ignored .env with debug on, for plain `manage.py` calls in this checkout.
dev-env:
	printf '# Development settings for this checkout (never used in production)\nDJANGO_DEBUG=1\n' > .env

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_ALLOWED_HOSTS=portal.example.jp REDIS_URL=redis://cache:6379/0 \
		$(MANAGE) check --deploy --fail-level WARNING

ci:
	bash .ci/run

# The lock (docs/dependencies.md): requirements/*.txt with hashes, compiled by pip-tools from
# pyproject.toml. `make lock` pins what the .venv has now (the tested set); `make upgrade`
# lets every dependency move to the newest release its range in pyproject.toml allows.
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links

$(VENV)/bin/pip-compile: $(VENV)/.installed
	$(PY) -m pip install --quiet "pip-tools>=7.4"

lock: install-dev $(VENV)/bin/pip-compile
	mkdir -p requirements
	$(PY) -m pip freeze --exclude-editable | grep -iv '^zenkoku-renkei-portal' > requirements/.installed.txt
	$(PIP_COMPILE) --constraint requirements/.installed.txt -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --constraint requirements/.installed.txt --extra dev -o requirements/dev.txt pyproject.toml
	rm requirements/.installed.txt

upgrade: $(VENV)/bin/pip-compile
	mkdir -p requirements
	$(PIP_COMPILE) --upgrade -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --upgrade --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
