"""What auditors need: finding complaints, who looked at sensitive ones, where complaints wait (issue 4)."""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from . import access, audit, audit_reading, inbox, search_text, users
from .diagram import properties
from .errors import NotFound
from .facts import InstanceFacts, period_facts
from .instance_path import InstancePath, instance_path
from .instance_search import FoundInstance, FoundPage, InstanceQuery, search
from .models import Definition, Instance
from .waiting import StepLoad, step_loads


class Oversight:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def find_instances(self, query: InstanceQuery, viewer: str) -> FoundPage:
        """A page of the instances `viewer` may see that match the query."""
        with self.db.read() as session:
            return search(
                session, query, self._visible(session, viewer), self.clock.now(), indexed=self._indexed
            )

    @property
    def _indexed(self) -> bool:
        return bool(self.plugin.search_fields)

    def index_search_texts(self) -> int:
        """Write the search text of instances that have none (after an upgrade); returns how many."""
        with self.db.write() as session:
            return search_text.backfill(session, self.plugin.search_fields)

    def export_instances(self, query: InstanceQuery, viewer: str) -> list[FoundInstance]:
        """Every instance that matches the query (no pages), for a download."""
        with self.db.read() as session:
            visible = self._visible(session, viewer)
            rows = search(session, query, visible, self.clock.now(), export=True, indexed=self._indexed).rows
            sensitive = [row.reference for row in rows if self.plugin.sensitive(row.data)]
            found = select(Instance.id, Instance.data).where(Instance.reference.in_(sensitive))
            ids = dict(session.execute(found).all())
        self._note_reads(viewer, ids.items(), "export")
        return rows

    def audit_entries(self, reference: str, viewer: str | None = None) -> list[audit_reading.AuditEntry]:
        """Every audit event of an instance with its id, oldest first; the start names its form."""
        with self.db.read() as session:
            row = self._overseen(session, reference, viewer)
            start_form = properties(self._model(row.definition).start_event).get("formKey")
            found = [
                replace(entry, form=start_form) if entry.event == "started" else entry
                for entry in audit_reading.entries(session, row.id)
            ]
        self._note_reads(viewer, [(row.id, row.data)], "geschiedenis")
        return found

    def case_as_it_was(self, reference: str, event_id: int, viewer: str | None = None):
        """The case data as it stood right after one of the instance's audit events."""
        with self.db.read() as session:
            row = self._overseen(session, reference, viewer)
            return audit_reading.as_it_was(session, row.id, event_id)

    def record_view(self, reference: str, viewer: str, page: str) -> None:
        """Record that `viewer` looked at this instance (for instances whose viewing is sensitive)."""
        with self.db.write() as session:
            row = self._overseen(session, reference, viewer)
            audit.record(session, row, self.clock.now(), audit_reading.VIEWED, viewer, details={"page": page})

    def viewings(self, viewer: str, reference: str | None = None, page: int = 1, per_page: int = 50):
        """Recorded views of instances `viewer` may see, newest first."""
        with self.db.read() as session:
            instance_id = self._overseen(session, reference, viewer).id if reference else None
            return audit_reading.viewings(
                session, self._visible(session, viewer), instance_id, max(1, page), min(max(1, per_page), 200)
            )

    def instance_path(self, reference: str, viewer: str | None = None) -> InstancePath:
        """Which elements of its diagram an instance completed, waits in, and which timers fired."""
        with self.db.read() as session:
            row = self._overseen(session, reference, viewer)
            model = self._model(row.definition)
            workflow = self._restore(row, model)
            return instance_path(workflow, row.definition.xml, row.definition_id, row.definition.version)

    def definition_xml(self, definition_id: int) -> str:
        """The BPMN file a deployed version came from."""
        with self.db.read() as session:
            found = session.get(Definition, definition_id)
            if found is None:
                raise NotFound(f"Versie {definition_id} bestaat niet.")
            return found.xml

    def step_loads(self, process_id: str, start, end, version: int | None = None) -> list[StepLoad]:
        """Per task of a process: instances waiting there now, median time open in [start, end)."""
        with self.db.read() as session:
            return step_loads(session, process_id, start, end, version)

    def instance_facts(self, reference: str, viewer: str | None = None) -> InstanceFacts:
        """One instance's task rows and answers, as the report sees them (for its terms)."""
        with self.db.read() as session:
            row = self._overseen(session, reference, viewer)
            moment = row.started_at
            found = period_facts(
                session, row.process_id, moment, moment + timedelta(microseconds=1), self.clock.now()
            )
            return next(each for each in found.instances if each.reference == reference)

    def _overseen(self, session, reference, viewer):
        row = inbox.instance_row(session, reference)
        if viewer is not None:
            user = users.require_active(session, viewer)
            access.require_visible(session, self.plugin, row, user.login, users.roles_of(user))
        return row
