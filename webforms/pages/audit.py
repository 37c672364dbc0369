"""Auditor pages: complaint search, history on the diagram, audit chain (issue 4)."""

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import login_required

from process.rules import HANDLER_ROLE

from .. import context
from ..audit_as_it_was import as_it_was
from ..audit_csv import complaints_csv
from ..audit_filters import LATE_LABELS, SORTS, ComplaintFilters
from ..audit_history import complaint_history, history_json
from ..audit_rights import AUDITORS, WAIT_READERS, require, template_helpers
from ..audit_waiting import MEASURES, WaitingChoice, diagram_config, heat
from ..complaint_forms import PROCESS, STATUS_LABELS, categories
from ..dutch_time import local
from ..form_data import whole_number
from ..signin import login
from .documents import attachment

bp = Blueprint("audit", __name__, url_prefix="/audit")
bp.app_context_processor(template_helpers)


@bp.get("/")
@login_required
def index():
    require(AUDITORS)
    return redirect(url_for("audit.complaints"))


@bp.get("/klachten")
@login_required
def complaints():
    require(AUDITORS)
    engine = context.engine()
    filters = ComplaintFilters.from_args(request.args)
    return render_template(
        "audit/complaints.html",
        found=engine.find_instances(filters.query(), login()),
        filters=filters,
        statuses=STATUS_LABELS,
        categories=categories(engine.plugin.forms),
        handlers=[user for user in engine.users() if HANDLER_ROLE in user.roles],
        versions=_versions(engine),
        late=LATE_LABELS,
        columns=SORTS,
    )


@bp.get("/klachten.csv")
@login_required
def complaints_download():
    require(AUDITORS)
    engine = context.engine()
    rows = engine.export_instances(ComplaintFilters.from_args(request.args).query(), login())
    body = complaints_csv(rows, categories(engine.plugin.forms))
    headers = {"Content-Disposition": 'attachment; filename="klachten.csv"'}
    return Response(body, mimetype="text/csv; charset=utf-8", headers=headers)


@bp.get("/klachten/<reference>")
@login_required
def history(reference):
    found = _history(reference)
    xml = url_for("audit.diagram", definition_id=found.path.definition_id)
    return render_template("audit/history.html", history=found, diagram=found.diagram(xml))


@bp.get("/klachten/<reference>/export.json")
@login_required
def history_download(reference):
    body = json.dumps(history_json(_history(reference)), ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": f'attachment; filename="{reference}-geschiedenis.json"'}
    return Response(body, mimetype="application/json", headers=headers)


@bp.get("/klachten/<reference>/afdrukken")
@login_required
def history_print(reference):
    found = _history(reference)
    return render_template("audit/print.html", history=found, now=context.engine().clock.now())


@bp.get("/klachten/<reference>/stand/<int:event_id>")
@login_required
def case_as_it_was(reference, event_id):
    found = _history(reference)
    engine = context.engine()
    shown = as_it_was(engine.case_as_it_was(reference, event_id, login()), found, engine.plugin.forms)
    if shown is None:
        abort(404)
    return render_template("audit/as_it_was.html", history=found, shown=shown)


@bp.get("/inzage")
@login_required
def viewings():
    require(AUDITORS)
    engine = context.engine()
    found = engine.viewings(login(), page=whole_number(request.args.get("pagina")) or 1)
    people = {user.login: user for user in engine.users()}
    return render_template("audit/viewings.html", found=found, people=people)


@bp.get("/wachten")
@login_required
def waiting():
    require(WAIT_READERS)
    engine = context.engine()
    choice = WaitingChoice.from_args(request.args, local(engine.clock.now()).date())
    steps = heat(engine.step_loads(**choice.engine_arguments()), choice.measure)
    versions = _versions(engine)
    definition = choice.drawn_version(versions)
    if definition is None:
        abort(404)
    xml = url_for("audit.diagram", definition_id=definition.id)
    return render_template(
        "audit/waiting.html",
        choice=choice,
        steps=steps,
        measures=MEASURES,
        versions=versions,
        diagram=diagram_config(steps, xml),
    )


@bp.get("/diagram/<int:definition_id>.bpmn")
@login_required
def diagram(definition_id):
    require(WAIT_READERS)
    return attachment(
        context.engine().definition_xml(definition_id).encode("utf-8"), f"diagram-{definition_id}.bpmn"
    )


def _history(reference):
    """The history of a complaint the user may audit; looking at a sensitive one is recorded."""
    require(AUDITORS)
    engine = context.engine()
    engine.instance(reference, viewer=login())  # refused when not visible; a sensitive one: a view
    return complaint_history(engine, reference, login(), context.settings().closing_days)


def _versions(engine):
    return [d for d in engine.definitions() if d.process_id == PROCESS]
