"""The API's one blueprint: every resource module adds its routes here, so one CSRF exemption
covers them all (the API ignores cookies; a Bearer token authenticates each request)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def public(view):
    """Mark a view as open without a token (the document, and the complainant's endpoints)."""
    view.public = True
    return view
