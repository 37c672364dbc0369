"""Deploying diagrams: validated, versioned, and the schedule of timer start events."""

import hashlib
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition
from sqlalchemy import select

from . import inbox
from .clock import FixedClock
from .diagram import problems, read_diagram
from .errors import InvalidDiagram
from .models import Definition, StartTimer
from .process_fingerprint import fingerprint, stored_fingerprint
from .state import ClockedScriptEngine


class Deployment:
    """Mixed into Engine: needs self.db, self.plugin, self.clock and self._models."""

    def deploy(self, xml: bytes, actor: str, comment: str = ""):
        """Validate a BPMN file and deploy each of its processes whose content is new."""
        diagram = read_diagram(xml)
        try:
            text = xml.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidDiagram([(None, "het bestand moet in UTF-8 zijn opgeslagen")]) from None
        found = problems(diagram, self.plugin)
        if found:
            raise InvalidDiagram(found)
        digest = hashlib.sha256(xml).hexdigest()
        now = self.clock.now()
        deployed = []
        with self.db.write() as session:
            for process_id, model in diagram.models.items():
                latest = inbox.latest_definition(session, process_id)
                unchanged = latest is not None and (
                    latest.sha256 == digest
                    or stored_fingerprint(latest.xml, process_id) == fingerprint(diagram.tree, process_id)
                )
                if unchanged:  # the same process, whatever else changed in the file or drawing
                    deployed.append(inbox.definition_view(latest))
                    continue
                row = Definition(
                    process_id=process_id,
                    version=latest.version + 1 if latest else 1,
                    name=model.name,
                    xml=text,
                    sha256=digest,
                    deployed_at=now,
                    deployed_by=actor,
                    comment=comment,
                )
                session.add(row)
                session.flush()
                self._models[row.id] = model
                if model.start_timer is not None:
                    self._schedule(session, row, model, after=now)
                deployed.append(inbox.definition_view(row, new=True))
        return deployed

    def is_deployed(self, xml: bytes) -> bool:
        """Whether this exact file was deployed before (as any version)."""
        digest = hashlib.sha256(xml).hexdigest()
        with self.db.read() as session:
            return (
                session.scalar(select(Definition.id).where(Definition.sha256 == digest).limit(1)) is not None
            )

    def _schedule(self, session, definition, model, after: datetime) -> None:
        timer = session.get(StartTimer, definition.process_id)
        due = self._next_start(model, after)
        if timer is None:
            session.add(
                StartTimer(process_id=definition.process_id, definition_id=definition.id, next_due=due)
            )
        else:
            timer.definition_id, timer.next_due = definition.id, due

    def _next_start(self, model, after: datetime) -> datetime:
        """The first moment after `after` at which the process's timer start event falls due."""
        definition = model.start_timer.event_definition
        element = model.start_timer.bpmn_id
        if not isinstance(definition, TimeDateEventDefinition):
            raise InvalidDiagram([(element, "een starttimer moet een datum/tijd-expressie (timeDate) zijn")])
        engine = ClockedScriptEngine(self.plugin.functions, FixedClock(after))
        try:
            due = definition.get_datetime(engine.evaluate_detached(definition.expression, {}))
        except Exception as error:  # the expression is the diagram author's code
            raise InvalidDiagram([(element, f"de starttimer kan niet worden berekend: {error}")]) from None
        if due <= after:
            raise InvalidDiagram([(element, "de starttimer geeft geen moment in de toekomst")])
        return due

    def _model(self, definition: Definition):
        model = self._models.get(definition.id)
        if model is None:
            model = read_diagram(definition.xml.encode("utf-8")).models[definition.process_id]
            self._models[definition.id] = model
        return model
