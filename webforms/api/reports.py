"""The quarterly report figures, for the relationship manager and auditors (as on the web page)."""

from engine.errors import EngineError

from .. import context
from ..reporting import READERS, complaint_report
from .auth import caller_roles
from .blueprint import bp
from .problems import ApiError

OUT_OF_RANGE = "Periode '{}' ligt buiten de kalender die dit systeem kent."


@bp.get("/reports/<period>")
def report(period):
    if not set(caller_roles()) & set(READERS):
        raise ApiError(403, "Alleen de relatiemanager en auditors mogen rapportages inzien.")
    try:
        return complaint_report(context.engine(), context.settings().closing_days, period)
    except EngineError as error:  # a period it cannot read
        raise ApiError(400, error.message, {"period": error.message}) from None
    except OverflowError:  # the period before year 1, or the day after 31 December 9999
        raise ApiError(400, OUT_OF_RANGE.format(period), {"period": OUT_OF_RANGE.format(period)}) from None
