"""Moving selected running complaints to a newer version of their process (under /procesbeheer)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

import process

from .. import context
from ..form_data import whole_number
from ..signin import login

bp = Blueprint("migration", __name__, url_prefix="/omzetten")


@bp.get("/")
def index():
    engine = context.engine()
    process_id = request.args.get("proces") or process.COMPLAINT_PROCESS
    versions = engine.versions(process_id)
    running = engine.running(process_id)
    newest = versions[0] if versions else None
    return render_template(
        "modeler/migration.html",
        process_id=process_id,
        processes=sorted({v.process_id for v in engine.versions()}),
        versions=versions,
        newest=newest,
        behind=[r for r in running if newest and r.version < newest.version],
        current=[r for r in running if newest and r.version == newest.version],
    )


@bp.post("/")
def migrate():
    references = request.form.getlist("klacht")
    target = request.form.get("versie", type=whole_number)
    process_id = request.form.get("proces") or process.COMPLAINT_PROCESS
    if not references or not target:
        flash("Kies de klachten die u wilt omzetten en de versie waarnaar.", "fout")
        return redirect(url_for(".index", proces=process_id))
    outcomes = context.engine().migrate(references, target, login())
    return render_template("modeler/migrated.html", outcomes=outcomes, process_id=process_id)
