"""What a complaint's history page shows: the path on its diagram, every audit event, each term
with its due moment and outcome, and whether the audit chain is intact."""

from dataclasses import dataclass

import process
from process.terms import complaint_terms
from process.visibility import sensitive

from . import output
from .answers import answers
from .audit_timeline import TimelineItem, timeline, who
from .complaint_forms import REGISTRATION_FORM, STATUS_LABELS, handler_text


@dataclass(frozen=True)
class History:
    complaint: object  # the engine's InstanceView
    status: str
    handler: str | None
    registered: list
    terms: list  # process.terms.TermOutcome
    timeline: list[TimelineItem]
    entries: list  # the engine's AuditEntry, for the JSON export
    chain: object  # the engine's ChainCheck
    path: object  # the engine's InstancePath
    sensitive: bool
    people: dict  # login -> the engine's UserView

    def diagram(self, xml_url: str) -> dict:
        """What static/audit/diagram.js needs: where the XML is and which elements get which marker
        class (static/audit/audit.css styles each one, the page's legend names them)."""
        path = self.path
        markers = {
            "pad-afgerond": path.completed,
            "pad-actief": path.active,
            "pad-termijn-verstreken": path.timers_fired,
            "pad-termijn-loopt": path.timers_running,
            "pad-gevolgd": path.flows,
        }
        return {"xml": xml_url, "process": self.complaint.process_id, "markers": markers}


def complaint_history(engine, reference: str, viewer: str, closing_days=()) -> History:
    complaint = engine.instance(reference, viewer=viewer)
    people = {user.login: user for user in engine.users()}
    entries = engine.audit_entries(reference, viewer)
    facts = engine.instance_facts(reference, viewer)
    calendar = process.WorkingDayCalendar(closing_days)
    forms = engine.plugin.forms
    return History(
        complaint=complaint,
        status=STATUS_LABELS.get(complaint.status, complaint.status),
        handler=handler_text(complaint.data),
        registered=answers(
            forms.schema(REGISTRATION_FORM),
            complaint.data,
            names={login: user.name for login, user in people.items()},
        ),
        terms=complaint_terms(facts, engine.clock.now(), calendar),
        timeline=timeline(entries, people, forms, engine.plugin.roles),
        entries=entries,
        chain=engine.verify_audit(reference),
        path=engine.instance_path(reference, viewer),
        sensitive=sensitive(complaint.data),
        people=people,
    )


def history_json(history: History) -> dict:
    """The whole history as plain data: moments in Europe/Amsterdam ISO 8601."""
    complaint = history.complaint
    return output.plain(
        {
            "reference": complaint.reference,
            "process": complaint.process_id,
            "version": complaint.version,
            "status": complaint.status,
            "started_at": complaint.started_at,
            "closed_at": complaint.closed_at,
            "data": complaint.data,
            "chain": {
                "intact": history.chain.intact,
                "events": history.chain.events,
                "broken_event": history.chain.broken_id,
                "reason": history.chain.reason,
            },
            "terms": [
                {
                    "kind": term.kind,
                    "round": term.round,
                    "due": term.due,
                    "done_at": term.done_at,
                    "outcome": term.outcome,
                    "met": term.met,
                    "next_term": term.next_term.isoformat() if term.next_term else None,
                }
                for term in history.terms
            ],
            "path": history.path,
            "events": [_event(entry, history.people) for entry in history.entries],
        }
    )


def _event(entry, people) -> dict:
    person = people.get(entry.actor)
    return {
        "id": entry.id,
        "at": entry.at,
        "event": entry.event,
        "actor": entry.actor,
        "actor_name": person.name if person else None,
        "actor_function": person.function if person else None,
        "actor_text": who(entry.actor, people),
        "on_behalf_of": entry.on_behalf_of,
        "step": entry.bpmn_id,
        "title": entry.title,
        "form": entry.form,
        "data_before": entry.data_before,
        "data_after": entry.data_after,
        "details": entry.details,
        "hash": entry.hash,
    }
