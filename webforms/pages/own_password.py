"""Every staff member changes their own password here; their other sessions end with it."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from engine.errors import InvalidFormData

from .. import context, signin
from ..signin import login

bp = Blueprint("own_password", __name__)
NOT_THE_SAME = "De twee nieuwe wachtwoorden zijn niet gelijk."


@bp.route("/mijn-wachtwoord", methods=["GET", "POST"])
@login_required
def page():
    if request.method != "POST":
        return render_template("own_password.html", errors={})
    new = request.form.get("new", "")
    if new != request.form.get("repeat", ""):
        return render_template("own_password.html", errors={"repeat": NOT_THE_SAME}), 400
    try:
        context.engine().change_password(login(), request.form.get("current", ""), new)
    except InvalidFormData as error:
        errors = {"new" if name == "password" else name: message for name, message in error.fields.items()}
        return render_template("own_password.html", errors=errors), 400
    signin.renew()  # every session ended with the old password; this browser gets a new one
    flash("Uw wachtwoord is gewijzigd. Op andere apparaten moet u opnieuw inloggen.", "success")
    return redirect(url_for("inbox.index"))
