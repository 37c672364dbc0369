"""The WSGI entry point for a production server: `gunicorn -w 4 -b 0.0.0.0:8000 webforms.wsgi:app`.

The app is built from the environment (KLACHT_DATABASE_URL, KLACHT_SECRET_KEY, KLACHT_ENV, ...;
see webforms/settings.py and docs/production.md). Every gunicorn worker imports this module after
the fork and so builds its own app, engine and connection pool. The schema must exist
(`klacht init`); timers and mail belong to one `klacht scheduler` process beside the workers.
"""

from . import create_app

app = create_app()
