"""Mailing a complainant a fresh personal link: the only thing staff can do with one."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required

from engine.errors import EngineError, NotAllowed, NotFound

from .. import context
from ..signin import login

bp = Blueprint("link_mail", __name__, url_prefix="/klachten")


@bp.post("/<reference>/links/<task_id>/opnieuw")
@login_required
def resend(reference, task_id):
    engine = context.engine()
    found = engine.task(task_id, viewer=login())
    if found.reference != reference:
        raise NotFound("Deze taak hoort niet bij deze klacht.")
    try:
        engine.resend_task_link(task_id, login())
    except (NotAllowed, NotFound):
        raise
    except EngineError as refusal:
        flash(refusal.message, "fout")
    else:
        flash(f"Een nieuwe link voor ‘{found.title}’ wordt naar de klager gemaild.", "success")
    return redirect(url_for("complaints.show", reference=reference))
