"""The complainant's own endpoints, without a token: file a complaint from a website (rate limited
together with the public web form) and read its status with the personal status-link token."""

from flask import request

from engine.errors import NotFound

from .. import context
from ..complainant_status import complainant_status
from ..complaint_forms import PROCESS, PUBLIC_FIXED, REGISTRATION_FORM, public_schema
from ..complaint_links import status_link, task_link
from ..personal_links import LinkExpired, LinkInvalid
from . import body, shapes
from .blueprint import bp, public
from .problems import ApiError

TOO_MANY = "Er zijn vanaf dit adres veel klachten ingediend. Probeer het over een uur opnieuw."
EXPIRED = "Deze statuslink is verlopen. Neem contact op met de relatiemanager voor een nieuwe link."
INVALID = "Deze statuslink is niet geldig."
NOT_ON_FORM = "Dit veld hoort niet bij het klachtenformulier."


@bp.post("/public/complaints")
@public
def file_complaint():
    engine = context.engine()
    throttle = context.throttle("public_form")
    if throttle.exceeded(request.remote_addr):
        raise ApiError(429, TOO_MANY)
    data = body.json_object()
    allowed = public_schema(engine.plugin.forms.schema(REGISTRATION_FORM))["properties"]
    unknown = {name: NOT_ON_FORM for name in data if name not in allowed}
    if unknown:
        raise ApiError(400, "De ingevulde gegevens zijn niet geldig.", unknown, code="invalid_data")
    complaint = engine.start_by_complainant(PROCESS, {**data, **PUBLIC_FIXED})
    answers = [(t.title, task_link(t)) for t in complaint.tasks if t.role == engine.plugin.public_role]
    token = context.links().status_token(complaint.reference)
    return shapes.filed(complaint.reference, token, status_link(complaint.reference), answers), 201


@bp.get("/public/status/<token>")
@public
def complaint_status(token):
    engine = context.engine()
    try:
        found = engine.instance(context.links().status_reference(token))
    except LinkExpired:
        raise ApiError(410, EXPIRED, code="link_expired") from None
    except (LinkInvalid, NotFound):
        raise ApiError(404, INVALID) from None
    return shapes.complainant_status(complainant_status(engine, found))
