"""The Flask app put together: engine, security, login, blueprints and error pages."""

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api, dutch_time, errors, menu, read_places, security, signin
from .composition import build_engine
from .pages import (
    audit,
    auth,
    case_file,
    complainant,
    complaints,
    corrective_actions,
    documents,
    handover,
    inbox,
    link_mail,
    mail_in,
    modeler,
    outbox,
    own_password,
    privacy,
    public,
    reports,
    staff,
    tasks,
)
from .personal_links import PersonalLinks
from .settings import Settings
from .throttle import Throttle

BLUEPRINTS = (
    auth.bp,
    inbox.bp,
    tasks.bp,
    complaints.bp,
    case_file.bp,
    complainant.bp,
    public.bp,
    audit.bp,
    modeler.bp,
    api.bp,
    api.token_page.bp,
    reports.bp,
    outbox.bp,
    documents.bp,
    privacy.bp,
    mail_in.bp,
    staff.bp,
    own_password.bp,
    link_mail.bp,
    handover.bp,
    corrective_actions.bp,
)


def create_app(settings: Settings | None = None, engine=None) -> Flask:
    """The web app on the given settings (default: from the environment) and engine.

    The database must exist: `klacht serve` and `klacht init` create it.
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    if settings.proxies:
        # The client's address and scheme from the X-Forwarded-* headers the proxies in front set.
        hops = settings.proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.config.update(security.web_config(settings))
    engine = engine or build_engine(settings)
    app.extensions["klacht"] = engine
    app.extensions["klacht_settings"] = settings
    app.extensions["klacht_links"] = PersonalLinks(
        app.secret_key, engine.clock, settings.task_link_days, settings.status_link_days
    )
    app.extensions["klacht_throttles"] = {
        "login": Throttle(limit=5, window=15 * 60, name="login"),  # failures per account
        "login_address": Throttle(limit=20, window=15 * 60, name="login_address"),  # per address
        "public_form": Throttle(limit=5, window=3600, name="public_form"),
    }
    # The API reads no cookies (a Bearer token authenticates it), so a forged request gets nowhere.
    CSRFProtect(app).exempt(api.bp)
    signin.init_app(app)
    read_places.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    dutch_time.init_app(app)
    menu.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
