"""The page where staff make and revoke their personal API tokens (a normal web page behind the
login, with CSRF-protected forms). A new token is shown once, in the answer to the form."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import login_required

from engine.errors import InvalidFormData

from .. import context
from ..signin import login

bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")


@bp.get("/")
@login_required
def index():
    return _page()


@bp.post("/")
@login_required
def create():
    try:
        made = context.engine().create_token(login(), request.form.get("name", ""))
    except InvalidFormData as error:
        return _page(error=error.fields.get("name"), status=400)
    response = _page(new=made)
    response.headers["Cache-Control"] = "no-store"  # the token itself is on this page
    return response


@bp.post("/<int:token_id>/intrekken")
@login_required
def revoke(token_id):
    revoked = context.engine().revoke_token(token_id, login())
    flash(f"Het token ‘{revoked.name or revoked.id}’ is ingetrokken; het werkt niet meer.", "success")
    return redirect(url_for("api_tokens.index"))


def _page(new=None, error=None, status=200):
    tokens = context.engine().api_tokens(login())
    return make_response(render_template("api/tokens.html", tokens=tokens, new=new, error=error), status)
