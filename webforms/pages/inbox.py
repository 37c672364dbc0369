"""The start page: the tasks waiting for me and for my roles; claiming and releasing them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import context
from ..complaint_forms import categories
from ..inbox_filters import SCOPES, SORTS, InboxFilters, role_choices
from ..inbox_lines import figures, inbox_lines, page_count
from ..menu import landing_page
from ..signin import login

bp = Blueprint("inbox", __name__)


@bp.get("/")
@login_required
def index():
    if not request.args and (start := landing_page()):  # nobody with case work lands on an empty list
        return redirect(start)
    engine = context.engine()
    roles = role_choices(current_user.roles, engine.plugin.on_behalf_of)
    kinds = categories(engine.plugin.forms)
    filters = InboxFilters.from_args(request.args, roles, kinds)
    inbox = engine.inbox(login(), **filters.engine_arguments())
    lines = inbox_lines(inbox, login(), engine.plugin.public_role, kinds)
    pages, more_pages = page_count(inbox)
    return render_template(
        "inbox.html",
        inbox=inbox,
        lines=lines,
        figures=figures(inbox),
        filters=filters,
        pages=pages,
        more_pages=more_pages,
        scopes=SCOPES,
        sorts=SORTS,
        roles=roles,
        categories=kinds,
    )


@bp.post("/taken/<task_id>/oppakken")
@login_required
def claim(task_id):
    task = context.engine().claim(task_id, login())
    flash(f"U heeft de taak ‘{task.title}’ ({task.reference}) opgepakt.", "success")
    return redirect(url_for("inbox.index", scope="mine"))


@bp.post("/taken/<task_id>/vrijgeven")
@login_required
def release(task_id):
    task = context.engine().release(task_id, login())
    flash(f"De taak ‘{task.title}’ ({task.reference}) is vrijgegeven voor uw collega's.", "success")
    return redirect(url_for("inbox.index", scope="roles"))
