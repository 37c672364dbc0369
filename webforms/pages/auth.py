"""Logging in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import context, signin
from ..errors import page
from ..redirects import local_target
from ..signin import StaffUser

bp = Blueprint("auth", __name__)

WRONG = "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet."
TOO_MANY = (
    "Te veel mislukte pogingen voor deze gebruikersnaam. Wacht een kwartier en probeer het daarna opnieuw."
)
TOO_MANY_HERE = "Te veel mislukte pogingen vanaf dit adres. Wacht een kwartier en probeer het daarna opnieuw."


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    if request.method != "POST":  # GET, and HEAD (which must never count as an attempt)
        return render_template("login.html", next=_next_page())
    name = request.form.get("login", "").strip()
    account, address = context.throttle("login"), context.throttle("login_address")
    if address.exceeded(request.remote_addr):
        return page(429, TOO_MANY_HERE)
    if account.exceeded(name.lower()):
        return page(429, TOO_MANY)
    user = context.engine().check_password(name, request.form.get("password", ""))
    if user is None or not user.active:
        return render_template("login.html", error=WRONG, login=name, next=_next_page()), 401
    account.clear(name.lower())  # only failures count: a good login forgets the attempts
    address.forgive(request.remote_addr)
    signin.begin(StaffUser(user))
    return redirect(_next_page() or url_for("inbox.index"))


@bp.post("/uitloggen")
@login_required
def logout():
    signin.end()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))


def _next_page() -> str | None:
    """Where to go after logging in: only a path on this site, never another site."""
    return local_target(request.values.get("next"))
