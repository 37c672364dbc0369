"""A task's form: shown with the complaint beside it, validated and completed by the engine."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from engine.errors import ConcurrentUpdate, InvalidFormData, NotAllowed, TaskAlreadyCompleted

from .. import context, form_data
from ..case_kind import decisive_facts
from ..complaint_view import complaint_view
from ..signin import login
from ..task_form import first_values, task_form

bp = Blueprint("tasks", __name__)


@bp.route("/taken/<task_id>", methods=["GET", "POST"])
@login_required
def task(task_id):
    engine = context.engine()
    found = engine.task(task_id, viewer=login())
    case = complaint_view(engine, found.reference, login())
    if found.state != "ready" and request.method != "POST":
        return render_template("task_done.html", task=found, case=case)
    if found.state != "ready":  # done by someone else since this form was opened
        return _done_elsewhere(engine, found, case)
    if found.id not in {t.id for t in engine.tasks(login=login(), reference=found.reference)}:
        # Gone from my tasks: completed a moment ago by someone else (a 409 saying by whom), or
        # never mine (403).
        return _done_elsewhere(engine, found, case) or abort(403)
    if request.method != "POST":
        return _page(engine, found, case, first_values(found, case.complaint))
    try:
        engine.complete_task(found.id, login(), form_data.to_json(found.schema or {}, request.form))
    except InvalidFormData as error:
        return _page(engine, found, case, request.form, error.fields, error.message, status=400)
    except TaskAlreadyCompleted as error:
        return _page(engine, found, case, request.form, notice=error.message, status=409, stale=True)
    except (ConcurrentUpdate, NotAllowed):
        if done := _done_elsewhere(engine, found, case):
            return done
        raise
    flash(f"Opgeslagen: ‘{found.title}’ voor {found.reference}.", "success")
    return redirect(url_for("inbox.index"))


def _done_elsewhere(engine, found, case):
    """The page saying who completed the task (409 for a form sent too late), or None while the
    task is still open (then the refusal at hand stands)."""
    latest = found if found.state != "ready" else engine.task(found.id, viewer=login())
    if latest.state == "ready":
        return None
    notice = TaskAlreadyCompleted(latest.completed_by, latest.completed_at).message
    if request.method != "POST":
        return render_template("task_done.html", task=latest, case=case)
    return _page(engine, latest, case, request.form, notice=notice, status=409, stale=True)


def _page(engine, found, case, values, errors=None, notice=None, status=200, stale=False):
    form = task_form(engine, found, case.complaint.data, values, errors, notice)
    facts = decisive_facts(engine, found.form, case.complaint.data)
    return render_template("task.html", form=form, case=case, facts=facts, stale=stale), status
