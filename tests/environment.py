"""Loaded by pytest before Django (see pyproject.toml): tests run as development does.

Settings refuse to start without SECRET_KEY when DEBUG is off, and production
variables from a developer's shell must not leak into a test run.
"""

import os

os.environ["DEBUG"] = "1"
for name in ("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "MEDIA_ROOT", "STATIC_ROOT"):
    os.environ.pop(name, None)
