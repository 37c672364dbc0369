"""Refusals and failures shown as calm Dutch pages with the right status; never a stack trace."""

import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from engine.errors import EngineError

log = logging.getLogger(__name__)

TITLES = {
    400: "Dat ging niet goed",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Dat kan hier niet",
    409: "Al gedaan",
    410: "Niet meer geldig",
    413: "Te veel gegevens",
    422: "Dat kan niet",
    429: "Even geduld",
    500: "Er ging iets mis",
}
MESSAGES = {
    400: "Het verzoek kon niet worden verwerkt.",
    403: "U heeft geen toegang tot deze pagina of deze actie.",
    404: "Deze pagina bestaat niet, of u heeft er geen toegang toe.",
    405: "Deze actie is op deze pagina niet mogelijk.",
    413: "U heeft te veel gegevens verstuurd. Maak de tekst korter en probeer het opnieuw.",
    429: "U heeft het te vaak geprobeerd. Wacht even en probeer het daarna opnieuw.",
    500: "Er ging iets mis aan onze kant. Er is niets gewijzigd; probeer het later opnieuw.",
}


def page(status: int, message: str | None = None):
    title = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
    text = message or MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])
    return render_template("error.html", title=title, message=text, status=status), status


def engine_refusal(error: EngineError):
    return page(error.status, error.message)


def csrf_refusal(_error: CSRFError):
    return page(400, "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.")


def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return page(error.code)


def unexpected(error: Exception):
    log.exception("unexpected error", exc_info=error)
    return page(500)


def init_app(app) -> None:
    app.register_error_handler(EngineError, engine_refusal)
    app.register_error_handler(CSRFError, csrf_refusal)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
