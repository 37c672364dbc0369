"""The composition root: the engine built with this procedure's plug-ins and the given settings."""

import process
from engine.clock import FixedClock, SystemClock
from engine.db import Database
from engine.plugin import ProcessPlugin
from engine.workflow_engine import Engine

from .settings import Settings


def build_engine(settings: Settings) -> Engine:
    calendar = process.WorkingDayCalendar(settings.closing_days)
    plugin = ProcessPlugin(
        functions=process.diagram_functions(calendar),
        forms=process.FormCatalog(),
        roles=process.ROLES,
        completion_rules=process.COMPLETION_RULES,
        on_behalf_of=process.ON_BEHALF_OF,
        reference_prefixes=process.REFERENCE_PREFIXES,
        cancel_roles=process.CANCEL_ROLES,
        case_roles=process.CASE_ROLES,
        public_role=process.PUBLIC_ROLE,
        public_processes=(process.COMPLAINT_PROCESS,),
        see_all_roles=process.SEE_ALL_ROLES,
        viewers=process.viewers,
        summary_fields=process.SUMMARY_FIELDS,
        working_days_between=calendar.working_days_between,
    )
    clock = FixedClock(settings.now) if settings.now else SystemClock()
    return Engine(Database(settings.database_url), plugin, clock, zone=process.TIMEZONE)


def install(engine: Engine) -> list:
    """Create or upgrade the schema and deploy the bundled diagram unless it already was."""
    engine.db.upgrade()
    xml = process.DIAGRAM.read_bytes()
    if engine.is_deployed(xml):
        return []
    return engine.deploy(xml, actor="systeem", comment="meegeleverd diagram")
