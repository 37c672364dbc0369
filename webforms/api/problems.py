"""Every API error in one shape, `{"error": {"code", "message", "fields"}}`, with a Dutch message;
never an HTML page and never a stack trace."""

import logging

from flask import request
from werkzeug.exceptions import HTTPException

from engine.errors import (
    ConcurrentUpdate,
    EngineError,
    InvalidDiagram,
    InvalidFormData,
    NotAllowed,
    NotFound,
    ProcessFailure,
    TaskAlreadyCompleted,
)
from engine.tokens import IdempotencyKeyReused

from .. import errors as web_errors
from .blueprint import bp

log = logging.getLogger(__name__)

# The most specific class first: a refusal gets the code of the first class it is an instance of.
ENGINE_CODES = (
    (IdempotencyKeyReused, "idempotency_key_reused"),
    (InvalidFormData, "invalid_data"),
    (TaskAlreadyCompleted, "task_completed"),
    (ConcurrentUpdate, "stale"),
    (NotFound, "not_found"),
    (NotAllowed, "forbidden"),
    (InvalidDiagram, "invalid_diagram"),
    (ProcessFailure, "process_failure"),
)
HTTP = {
    400: ("bad_request", "Het verzoek kon niet worden verwerkt."),
    401: ("unauthorized", "Stuur een geldig persoonlijk API-token mee: Authorization: Bearer <token>."),
    403: ("forbidden", "U heeft geen toegang tot deze actie."),
    404: ("not_found", "Dit adres of deze gegevens bestaan niet, of u heeft er geen toegang toe."),
    405: ("method_not_allowed", "Deze HTTP-methode kan op dit adres niet worden gebruikt."),
    409: ("conflict", "Dit verzoek botst met een wijziging van iemand anders. Er is niets gewijzigd."),
    413: ("too_large", "Het verzoek is te groot. Stuur minder gegevens."),
    415: ("unsupported_media_type", "Stuur de gegevens als JSON (Content-Type: application/json)."),
    422: ("unprocessable", "Dit verzoek kan niet worden uitgevoerd."),
    429: ("too_many_requests", "Te veel verzoeken. Wacht even en probeer het daarna opnieuw."),
    500: (
        "server_error",
        "Er ging iets mis aan onze kant. Er is niets gewijzigd; probeer het later opnieuw.",
    ),
}


class ApiError(Exception):
    """A refusal of the API layer itself (authentication, a malformed request)."""

    def __init__(self, status: int, message: str | None = None, fields=None, code: str | None = None):
        super().__init__(message)
        default_code, default_message = HTTP.get(status, HTTP[400])
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.fields = dict(fields or {})


def problem(status: int, code: str, message: str, fields=None, headers=None):
    body = {"error": {"code": code, "message": message, "fields": dict(fields or {})}}
    if status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="klachtafhandeling"', **(headers or {})}
    return body, status, headers or {}


@bp.errorhandler(ApiError)
def api_refusal(error: ApiError):
    return problem(error.status, error.code, error.message, error.fields)


@bp.errorhandler(EngineError)
def engine_refusal(error: EngineError):
    code = next((code for kind, code in ENGINE_CODES if isinstance(error, kind)), "refused")
    return problem(error.status, code, error.message, getattr(error, "fields", None))


@bp.errorhandler(HTTPException)
def http_refusal(error: HTTPException):
    status = error.code or 500
    code, message = HTTP.get(status, HTTP[400] if status < 500 else HTTP[500])
    return problem(status, code, message)


@bp.errorhandler(Exception)
def unexpected(error: Exception):
    log.exception("unexpected error in the API", exc_info=error)
    return problem(500, *HTTP[500])


def _outside_the_api(error: HTTPException):
    # Unmatched URLs belong to no blueprint, so only app-wide handlers see them.
    if request.path.startswith(bp.url_prefix + "/") or request.path == bp.url_prefix:
        return http_refusal(error)
    return web_errors.http_error(error)


bp.app_errorhandler(404)(_outside_the_api)
bp.app_errorhandler(405)(_outside_the_api)
