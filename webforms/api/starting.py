"""Starting an instance for a caller, once per Idempotency-Key, and answering as the caller may
see it afterwards (a discrimination complaint, say, is hidden from the staff member who filed it)."""

from flask import url_for

from engine.errors import NotFound

from .. import context
from . import body, shapes
from .auth import caller

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY = 200


def start(process_id: str, endpoint: str):
    """(body, status, headers) of starting `process_id` with the request's JSON object."""
    engine = context.engine()
    data = body.json_object()
    key = body.header_text(IDEMPOTENCY_HEADER, MAX_KEY)
    if key is None:
        reference, created = engine.start(process_id, caller(), data).reference, True
    else:
        view, created = engine.start_once(process_id, caller(), data, key)
        reference = view.reference
    url = url_for(endpoint, reference=reference)
    return (
        shapes.started(reference, _visible(engine, reference), url),
        201 if created else 200,
        {"Location": url},
    )


def _visible(engine, reference):
    try:
        return engine.instance(reference, viewer=caller())
    except NotFound:
        return None
