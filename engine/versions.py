"""Diagram versions: list, check, compare, roll back, and move running instances to a newer one."""

from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from . import audit, inbox, users
from .diagram import problems, read_diagram
from .diagram_diff import DiagramDiff, compare
from .errors import InvalidDiagram, NotAllowed, NotFound
from .migration import MigrationOutcome, MigrationRefused, move, refresh_rows
from .models import Definition, Instance, Task
from .step import Step


@dataclass(frozen=True)
class VersionView:
    id: int
    process_id: str
    name: str
    version: int
    deployed_at: datetime
    deployed_by: str
    comment: str
    running: int  # open instances on this version
    latest: bool


@dataclass(frozen=True)
class RunningView:
    """An open instance and where it stands, for choosing which ones to migrate."""

    reference: str
    definition_id: int
    version: int
    started_at: datetime
    steps: tuple[str, ...]
    next_due: datetime | None


class Versions:
    """Mixed into Engine: needs self.db, self.plugin, self.clock, self._model and self._restore."""

    def versions(self, process_id: str | None = None) -> list[VersionView]:
        """Every deployed version, newest first per process, with how many instances run on it."""
        with self.db.read() as session:
            query = select(Definition).order_by(Definition.process_id, Definition.version.desc())
            if process_id:
                query = query.where(Definition.process_id == process_id)
            return [self._version_view(session, row) for row in session.scalars(query)]

    def version_file(self, definition_id: int) -> tuple[VersionView, str]:
        """A version and the BPMN file it was deployed from."""
        with self.db.read() as session:
            row = _definition(session, definition_id)
            return self._version_view(session, row), row.xml

    def latest_file(self) -> tuple[VersionView, str] | None:
        """The file deployed last (it holds the newest version of each process it contains)."""
        with self.db.read() as session:
            row = session.scalar(select(Definition).order_by(Definition.id.desc()).limit(1))
            return None if row is None else (self._version_view(session, row), row.xml)

    def check_diagram(self, xml: bytes) -> list[tuple[str | None, str]]:
        """What stands in the way of deploying this file; [] when it can be deployed."""
        try:
            diagram = read_diagram(xml)
            xml.decode("utf-8")
        except InvalidDiagram as refused:
            return refused.problems
        except UnicodeDecodeError:
            return [(None, "het bestand moet in UTF-8 zijn opgeslagen")]
        return problems(diagram, self.plugin, self.clock.now())

    def compare_versions(self, old_id: int, new_id: int) -> DiagramDiff:
        """What changed in a process from one version to another (any order, same process)."""
        with self.db.read() as session:
            old, new = _definition(session, old_id), _definition(session, new_id)
            if old.process_id != new.process_id:
                raise NotAllowed("Alleen versies van hetzelfde proces kunnen worden vergeleken.")
            return compare(_tree(old.xml), _tree(new.xml), old.process_id, old.version, new.version)

    def roll_back(self, definition_id: int, actor: str, comment: str = ""):
        """Deploy an earlier version's file again, as the newest version."""
        with self.db.read() as session:
            users.require_active(session, actor)
            row = _definition(session, definition_id)
            version, xml = row.version, row.xml.encode("utf-8")
        note = f"Teruggezet naar versie {version}" + (f": {comment}" if comment else "")
        deployed = self.deploy(xml, actor=actor, comment=note)
        if not any(each.new for each in deployed):
            raise NotAllowed(f"Versie {version} is gelijk aan de nieuwste versie; er is niets teruggezet.")
        return deployed

    def running(self, process_id: str) -> list[RunningView]:
        """Open instances of a process with their version and the steps they wait in."""
        with self.db.read() as session:
            rows = session.scalars(
                select(Instance)
                .where(Instance.process_id == process_id, Instance.status == "open")
                .order_by(Instance.id)
            ).all()
            steps = {}
            for instance_id, title in session.execute(
                select(Task.instance_id, Task.title)
                .join(Instance)
                .where(Task.state == "ready", Instance.process_id == process_id)
                .order_by(Task.created_at)
            ):
                steps.setdefault(instance_id, []).append(title)
            return [
                RunningView(
                    row.reference,
                    row.definition_id,
                    row.definition.version,
                    row.started_at,
                    tuple(steps.get(row.id, ())),
                    row.next_due,
                )
                for row in rows
            ]

    def migrate(self, references: list[str], definition_id: int, actor: str) -> list[MigrationOutcome]:
        """Move each instance to this (newer) version when its active steps exist there."""
        with self.db.read() as session:
            users.require_active(session, actor)
            _definition(session, definition_id)
        outcomes = []
        for reference in references:
            try:
                outcomes.append(self._migrate(reference, definition_id, actor))
            except MigrationRefused as refused:
                outcomes.append(MigrationOutcome(reference, False, refused.message))
            except StaleDataError:
                outcomes.append(MigrationOutcome(reference, False, "iemand anders wijzigde de klacht net"))
            except NotFound as missing:
                outcomes.append(MigrationOutcome(reference, False, missing.message))
        return outcomes

    def _migrate(self, reference, definition_id, actor) -> MigrationOutcome:
        with self.db.write() as session:
            instance = inbox.instance_row(session, reference)
            target = session.get(Definition, definition_id)
            before = instance.definition
            _require_newer(instance, before, target)
            model = self._model(target)
            workflow = self._restore(instance, self._model(before))
            new_terms = move(workflow, model, target.version)
            now = self.clock.now()
            instance.definition = target
            audit.record(
                session,
                instance,
                now,
                "migrated",
                actor,
                title=f"versie {before.version} → versie {target.version}",
                details={
                    "from_version": before.version,
                    "to_version": target.version,
                    "new_terms": {key: due.isoformat() for key, _name, due in new_terms},
                },
            )
            step = Step(session, instance, model, workflow, now, self.plugin)
            step.advance()
            step.save()
            ready = select(Task).where(Task.instance_id == instance.id, Task.state == "ready")
            refresh_rows(session.scalars(ready), model, workflow)
            session.flush()
            message = f"omgezet van versie {before.version} naar versie {target.version}"
            return MigrationOutcome(reference, True, message, new_terms)

    @staticmethod
    def _version_view(session, row: Definition) -> VersionView:
        running = session.scalar(
            select(func.count()).where(Instance.definition_id == row.id, Instance.status == "open")
        )
        newest = session.scalar(
            select(func.max(Definition.version)).where(Definition.process_id == row.process_id)
        )
        return VersionView(
            id=row.id,
            process_id=row.process_id,
            name=row.name,
            version=row.version,
            deployed_at=row.deployed_at,
            deployed_by=row.deployed_by,
            comment=row.comment,
            running=running,
            latest=row.version == newest,
        )


def _definition(session, definition_id) -> Definition:
    row = session.get(Definition, definition_id)
    if row is None:
        raise NotFound(f"Versie {definition_id} bestaat niet.")
    return row


def _require_newer(instance, current, target) -> None:
    if target is None:
        raise MigrationRefused("de gekozen versie bestaat niet")
    if instance.status != "open":
        raise MigrationRefused("de klacht loopt niet meer")
    if target.process_id != instance.process_id:
        raise MigrationRefused("de gekozen versie hoort bij een ander proces")
    if target.version <= current.version:
        raise MigrationRefused(f"de klacht loopt al op versie {current.version}; kies een nieuwere versie")


def _tree(xml: str):
    # Deployed files passed the safe parser once; parse them again just as carefully.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(xml.encode("utf-8"), parser)
