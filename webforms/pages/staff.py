"""Staff management for the administrator: add, change facts and roles, deactivate (open tasks
back to the pool, relationship managers told), reset a password (shown once). The same engine
verbs and rules as `klacht users`; every change lands in the account audit trail."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

import process
from engine.errors import EngineError, InvalidFormData
from process.staff import ADMIN_ROLE, TOLD_ON_DEACTIVATION, deactivation_notice

from .. import context
from ..signin import login

bp = Blueprint("staff", __name__, url_prefix="/beheer/medewerkers")
FACTS = ("name", "function", "email")


@bp.before_request
@login_required
def only_admins():
    if not current_user.has_any((ADMIN_ROLE,)):
        abort(403)


@bp.get("/")
def index():
    return _overview()


@bp.post("/")
def add():
    engine, form = context.engine(), request.form
    password = engine.new_password()
    try:
        added = engine.add_user(
            login=form.get("login", "").strip(),
            password=password,
            roles=form.getlist("roles"),
            actor=login(),
            **{f: form.get(f, "") for f in FACTS},
        )
    except InvalidFormData as error:
        return _overview(errors=error.fields, values=form, status=400)
    except EngineError as error:
        return _overview(errors={"login": error.message}, values=form, status=error.status)
    return _overview(shown_once=(added, password))


@bp.route("/<login_>", methods=["GET", "POST"])
def edit(login_):
    engine = context.engine()
    user = engine.user(login_) or abort(404)
    if request.method != "POST":
        return _edit(user)
    form = request.form
    try:
        engine.update_user(
            login(),
            user.login,
            roles=form.getlist("roles"),
            admin_role=ADMIN_ROLE,
            **{f: form.get(f, "") for f in FACTS},
        )
    except InvalidFormData as error:
        return _edit(user, errors=error.fields, values=form, status=400)
    except EngineError as error:
        return _edit(user, problem=error.message, values=form, status=error.status)
    flash(f"De gegevens van {user.login} zijn opgeslagen.", "success")
    return redirect(url_for("staff.index"))


@bp.post("/<login_>/deactiveren")
def deactivate(login_):
    user = context.engine().user(login_) or abort(404)
    try:
        moved = context.engine().deactivate_user(
            login(),
            user.login,
            admin_role=ADMIN_ROLE,
            tell_roles=TOLD_ON_DEACTIVATION,
            notice=deactivation_notice,
        )
    except EngineError as error:
        return _edit(user, problem=error.message, status=error.status)
    told = " De relatiemanagers hebben een bericht gekregen." if moved else ""
    flash(
        f"{user.name} is gedeactiveerd; {len(moved)} open taken staan weer open voor hun rol.{told}",
        "success",
    )
    return redirect(url_for("staff.index"))


@bp.post("/<login_>/activeren")
def activate(login_):
    context.engine().activate_user(login(), login_)
    flash(f"{login_} kan weer inloggen.", "success")
    return redirect(url_for("staff.index"))


@bp.post("/<login_>/wachtwoord")
def reset_password(login_):
    user = context.engine().user(login_) or abort(404)
    password = context.engine().reset_password(login(), user.login)
    return _overview(shown_once=(user, password))


def _overview(errors=None, values=None, shown_once=None, status=200):
    engine = context.engine()
    page = render_template(
        "staff/index.html",
        users=engine.users(),
        events=engine.account_events()[:50],
        roles=_roles(),
        errors=errors or {},
        values=values or {},
        shown_once=shown_once,
    )
    response = make_response(page, status)
    if shown_once:
        response.headers["Cache-Control"] = "no-store"  # a password is on this page
    return response


def _edit(user, errors=None, values=None, problem=None, status=200):
    values = values or {**{f: getattr(user, f) for f in FACTS}, "roles": user.roles}
    chosen = values.getlist("roles") if hasattr(values, "getlist") else values["roles"]
    return render_template(
        "staff/edit.html",
        user=user,
        values=values,
        chosen=chosen,
        roles=_roles(),
        errors=errors or {},
        problem=problem,
        events=context.engine().account_events(user.login),
    ), status


def _roles() -> list[tuple[str, str]]:
    return [(role, process.ROLES[role]) for role in process.STAFF_ROLES]
