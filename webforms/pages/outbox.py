"""The outbox for the admin: every mail the procedure wrote, whether it was sent, and why not."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from .. import context
from ..signin import login

bp = Blueprint("outbox", __name__, url_prefix="/beheer/mail")
ADMIN_ROLES = ("beheerder",)
STATUSES = {
    "pending": "Wacht op verzending",
    "sending": "Wordt verzonden",
    "sent": "Verzonden",
    "failed": "Mislukt",
}


@bp.get("/")
@login_required
def index():
    if not current_user.has_any(ADMIN_ROLES):
        abort(403)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    mails = context.engine().outbox(status, viewer=login())
    smtp = bool(context.settings().smtp_host)
    return render_template("outbox.html", mails=mails, status=status, statuses=STATUSES, smtp=smtp)
