"""The composition root: the engine built with this procedure's plug-ins and the given settings."""

import process
from engine.clock import FixedClock, SystemClock
from engine.db import Database
from engine.plugin import ProcessPlugin
from engine.smtp import SmtpSettings, SmtpTransport
from engine.workflow_engine import Engine
from process import case_kinds, corrective_actions, privacy, term_dates, visibility
from process.contract import complaint_contract
from process.mail import Notifier
from process.subject_summary import SubjectSummary

from .personal_links import PersonalLinks
from .security import DEMO_SECRET_KEY
from .settings import Settings


class MailLinks:
    """Absolute personal links for mails, signed like the web app signs them."""

    def __init__(self, settings: Settings, clock):
        self.base = settings.base_url
        self.links = PersonalLinks(
            settings.secret_key or DEMO_SECRET_KEY, clock, settings.task_link_days, settings.status_link_days
        )

    def task_url(self, task_id: str, form: str | None) -> str:
        return f"{self.base}/link/{self.links.task_token(task_id, form or '')}"

    def status_url(self, reference: str) -> str:
        return f"{self.base}/status/{self.links.status_token(reference)}"


def build_engine(settings: Settings) -> Engine:
    calendar = process.WorkingDayCalendar(settings.closing_days)
    forms = process.FormCatalog()
    clock = FixedClock(settings.now) if settings.now else SystemClock()
    plugin = ProcessPlugin(
        functions=process.diagram_functions(calendar),
        forms=forms,
        roles=process.ROLES,
        completion_rules={**process.COMPLETION_RULES, **term_dates.term_rules(clock.now, calendar)},
        acting_refusal=process.acting_refusal,
        barred=process.barred,
        handover_field=process.HANDOVER_FIELD,
        handover_form=process.HANDOVER_FORM,
        handover_roles=process.REASSIGN_ROLES,
        follow_ups=corrective_actions.follow_ups,
        follow_up_roles=corrective_actions.DONE_ROLES,
        follow_up_readers=corrective_actions.READER_ROLES,
        on_behalf_of=process.ON_BEHALF_OF,
        reference_prefixes=process.REFERENCE_PREFIXES,
        cancel_roles=process.CANCEL_ROLES,
        case_roles=process.CASE_ROLES,
        public_role=process.PUBLIC_ROLE,
        public_processes=(process.COMPLAINT_PROCESS,),
        see_all_roles=process.SEE_ALL_ROLES,
        viewers=process.viewers,
        sensitive=visibility.sensitive,
        summary_fields=process.SUMMARY_FIELDS,
        search_fields=process.SEARCH_FIELDS,
        working_days_between=calendar.working_days_between,
        notify=Notifier(MailLinks(settings, clock), settings.organisation, settings.task_link_days),
        personal_fields=privacy.personal_fields(forms),
        retention_defaults=privacy.RETENTION_DEFAULTS,
        retention_days=privacy.retention_days,
        is_about=privacy.is_about,
        privacy_roles=privacy.PRIVACY_ROLES,
        contracts={process.COMPLAINT_PROCESS: complaint_contract},
        subject_summary=SubjectSummary(forms, settings.organisation),
        case_kinds=case_kinds.CASE_KINDS,
        decisive_facts=case_kinds.DECISIVE_FACTS,
    )
    return Engine(Database(settings.database_url), plugin, clock, zone=process.TIMEZONE)


def mail_transport(settings: Settings) -> SmtpTransport | None:
    """SMTP when configured; None keeps mails in the outbox for the admin to see."""
    if not settings.smtp_host:
        return None
    return SmtpTransport(
        SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            tls=settings.smtp_tls,
            sender=settings.mail_from,
        )
    )


def install(engine: Engine) -> list:
    """Create or upgrade the schema and deploy the bundled diagram unless it already was."""
    engine.db.upgrade()
    engine.index_search_texts()
    xml = process.DIAGRAM.read_bytes()
    if engine.is_deployed(xml):
        return []
    return engine.deploy(xml, actor="systeem", comment="meegeleverd diagram")
