"""Who calls: a personal API token in `Authorization: Bearer <token>` on every request except the
public ones. Session cookies are never read here, so a browser cannot be tricked into writing."""

from flask import current_app, g, request

from .. import context
from .blueprint import bp
from .problems import ApiError

MISSING = (
    "Stuur een persoonlijk API-token mee: Authorization: Bearer <token>. Maak er een aan op /api-tokens."
)
UNKNOWN = "Dit API-token is onbekend of ingetrokken, of de gebruiker is niet meer actief."


@bp.before_request
def authenticate() -> None:
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "public", False):
        return
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, MISSING, code="unauthorized")
    user = context.engine().token_user(secret.strip())
    if user is None:
        raise ApiError(401, UNKNOWN, code="invalid_token")
    g.api_user = user


def caller() -> str:
    """The login of the token's user."""
    return g.api_user.login


def caller_roles() -> tuple[str, ...]:
    return g.api_user.roles


def me():
    return g.api_user
