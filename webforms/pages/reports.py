"""The quarterly report for the relationship manager and auditors: HTML to read and print, CSV
and PDF to download. The analysis task of each quarter links here."""

from datetime import timedelta

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from process.report_period import quarter
from process.report_render import FORMATS, sections_html
from process.report_tables import introduction

from .. import context
from ..reporting import READERS, complaint_report

bp = Blueprint("reports", __name__, url_prefix="/rapportage")
RECENT_QUARTERS = 8


@bp.get("/")
@login_required
def index():
    _require_reader()
    latest = quarter(context.engine().clock.now().date())
    periods = [latest]
    while len(periods) < RECENT_QUARTERS:
        periods.append(quarter(periods[-1].first - timedelta(days=1)))
    return render_template("reports.html", periods=periods)


@bp.get("/<period>")
@login_required
def show(period):
    _require_reader()
    report = _report(period)
    return render_template(
        "report.html", period=period, introduction=introduction(report), sections=sections_html(report)
    )


@bp.get("/<period>.<kind>")
@login_required
def download(period, kind):
    _require_reader()
    if kind not in ("csv", "pdf", "json"):
        abort(404)
    chosen = FORMATS[kind]
    body = chosen.render(_report(period))
    filename = f"klachtenrapportage-{period}.{chosen.suffix}"
    return Response(
        body,
        mimetype=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _report(period: str) -> dict:
    settings = context.settings()
    return complaint_report(context.engine(), settings.closing_days, period)


def _require_reader() -> None:
    if not current_user.has_any(READERS):
        abort(403)
