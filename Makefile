# Development entry points. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; production reads its own environment (see .env.example).
export DEBUG ?= 1

.PHONY: run serve worker release test lint migrate demo messages messages-update backup restore clean

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
# The Uzbek Cyrillic catalogue is made from the Uzbek one (after translating it, run it again).
messages-update: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l ru -l uz --no-location -v 0 \
		--ignore=.venv --ignore=var --ignore=tests --ignore=node_modules
	DEBUG=1 $(BIN)/python manage.py cyrillic_catalogue

migrate: $(VENV)/.installed messages
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The background worker (Celery) with its beat: sends the Telegram outbox. It needs the Redis broker
# (REDIS_URL, default the local one); run the site with the same REDIS_URL so it queues there.
worker: export REDIS_URL ?= redis://127.0.0.1:6379/0
worker: $(VENV)/.installed
	mkdir -p var
	$(BIN)/celery -A newsportal worker --beat --schedule var/celerybeat-schedule --concurrency 2 --loglevel INFO

# What every new version needs before it serves, in production too (deploy/README.md): compile the
# catalogues, migrate, collect the static files, with the environment as it is (DEBUG=1 unless set).
release: $(VENV)/.installed
	$(BIN)/python manage.py release

# The site as in production, on http://127.0.0.1:8000: DEBUG off, gunicorn
# (gunicorn.conf.py), static files collected and served by whitenoise,
# persistent database connections; Redis cache, page cache and buffered view
# counts when REDIS_URL is set. Without SECRET_KEY a local one is made once in
# var/secret_key. Plain HTTP on loopback: no HTTPS redirect or HSTS here (nginx
# with TLS does that in deploy/).
serve: export DEBUG = 0
serve: $(VENV)/.installed
	mkdir -p var
	test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	chmod 600 var/secret_key
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}" \
	CONN_MAX_AGE="$${CONN_MAX_AGE:-60}" sh -c '\
		$(BIN)/python manage.py release -v 0 && \
		$(BIN)/python manage.py load_demo && \
		exec $(BIN)/gunicorn -c gunicorn.conf.py newsportal.wsgi'

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
