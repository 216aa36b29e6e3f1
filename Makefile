# Development entry points. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; production reads its own environment (see .env.example).
export DEBUG ?= 1

.PHONY: run test lint migrate demo messages messages-update backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# Translation catalogues: locale/*/LC_MESSAGES/django.po are kept in git, the
# compiled .mo files are built here (Babel, so GNU gettext is not needed).
messages: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d locale -D django

# Collect new strings into the catalogues (needs GNU gettext's xgettext).
messages-update: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l ru -l uz --no-location -v 0 \
		--ignore=.venv --ignore=var --ignore=tests --ignore=node_modules

migrate: $(VENV)/.installed messages
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed messages
	$(BIN)/pytest

# A dated folder under var/backups/ with the database (a portable fixture) and the media files.
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup

# make restore BACKUP=var/backups/<date>   (into an empty database)
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<date>"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var
