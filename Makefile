# The two commands of the README, and a few for developers.
PORT ?= 8000
PY := .venv/bin/python

.PHONY: run test setup lint messages bench

# The task worker and scheduler (escalations, overdue visits, exports) run beside the web server
# and stop with it: Ctrl-C reaches runserver, and the EXIT trap stops run_jobs with SIGTERM,
# which lets the task in hand finish.
run: ## Set up everything, load demo data and serve on http://127.0.0.1:$(PORT), with a task worker
	scripts/setup.sh
	$(PY) manage.py migrate --noinput
	PORT=$(PORT) $(PY) manage.py load_demo
	$(PY) manage.py run_jobs & jobs=$$!; \
	trap 'kill -TERM $$jobs 2>/dev/null; wait $$jobs' EXIT; trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: ## The whole suite (DATABASE_URL=postgres://… runs it on PostgreSQL)
	scripts/setup.sh --test
	$(PY) -m pytest $(PYTEST_ARGS)

bench: ## Benchmarks on PostgreSQL (docs/benchmarks.md); BENCH_ARGS="--clients 1000000" for a province
	scripts/setup.sh
	$(PY) manage.py bench --write-docs $(BENCH_ARGS)

setup:
	scripts/setup.sh --test

lint:
	.venv/bin/ruff check .

messages: ## Extract translatable strings into locale/zh_Hans (needs GNU gettext)
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore="*/tests/*" --settings=config.settings.test
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=staticfiles --settings=config.settings.test
