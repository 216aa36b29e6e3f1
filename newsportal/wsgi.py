import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
application = get_wsgi_application()

if not settings.DEBUG:
    # gunicorn runs no system checks: a production site with an error (a catalogue never compiled)
    # stops here, in gunicorn's master, and says what to run.
    from newsportal.checks import refuse_to_start_on_errors

    refuse_to_start_on_errors()
