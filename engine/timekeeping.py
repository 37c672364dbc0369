"""Keeping time: firing due timers (terms and timed starts) and sending the mail they cause."""

import logging
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm.exc import StaleDataError

from . import access, audit, outbox, users
from .errors import ProcessFailure
from .models import Definition, Instance, InstanceViewer, StartTimer
from .step import Step
from .views import Fired

log = logging.getLogger(__name__)
# Instances whose terms are fired in one transaction: fewer commits, a short hold on the write lock.
TIMER_BATCH = 25


class Timekeeping:
    """Mixed into Engine: needs self.db, self.plugin, self.clock, self._model, self._restore, self._begin."""

    def fire_due_timers(self) -> list[Fired]:
        """Fire every timer due now: start timed processes, move instances past their terms."""
        now = self.clock.now()
        fired = self._start_due_processes(now)
        with self.db.read() as session:
            due = session.scalars(
                select(Instance.id)
                .where(Instance.status == "open", Instance.next_due <= now)
                .order_by(Instance.next_due)
            ).all()
        for start in range(0, len(due), TIMER_BATCH):
            fired.extend(self._fire_batch(due[start : start + TIMER_BATCH], now))
        return fired

    def _fire_batch(self, instance_ids, now) -> list[Fired]:
        """One transaction for a batch of instances, each in its own savepoint: a failing instance
        is rolled back alone. Rows another scheduler holds are skipped (PostgreSQL)."""
        fired = []
        with self.db.write() as session, session.no_autoflush:
            instances = session.scalars(
                select(Instance)
                .where(Instance.id.in_(instance_ids), Instance.status == "open", Instance.next_due <= now)
                .order_by(Instance.next_due)
                .with_for_update(skip_locked=True, of=Instance)
            ).all()
            for instance in instances:
                try:
                    with session.begin_nested():
                        fired.extend(self._fire_instance(session, instance, now))
                except StaleDataError:
                    audit.forget_head(session, instance.id)  # another scheduler or a user was first
                except ProcessFailure as error:
                    audit.forget_head(session, instance.id)
                    log.error("timers of instance %s failed: %s", instance.reference, error.message)
                except Exception:  # one broken instance must not hold up every other term
                    audit.forget_head(session, instance.id)
                    log.exception("timers of instance %s failed", instance.reference)
        return fired

    def _fire_instance(self, session, instance, now) -> list[Fired]:
        model = self._model(instance.definition)
        step = Step(session, instance, model, self._restore(instance, model), now, self.plugin)
        step.advance()
        step.save()
        return [Fired(instance.reference, "timer_fired", *fired) for fired in step.fired]

    def _start_due_processes(self, now) -> list[Fired]:
        fired = []
        while True:
            with self.db.write() as session:
                timer = session.scalar(
                    select(StartTimer)
                    .where(StartTimer.next_due <= now)
                    .order_by(StartTimer.next_due)
                    .limit(1)
                )
                if timer is None:
                    return fired
                due, process_id = timer.next_due, timer.process_id
                definition = session.get(Definition, timer.definition_id)
                model = self._model(definition)
                claimed = session.execute(
                    update(StartTimer)
                    .where(StartTimer.process_id == process_id, StartTimer.next_due == due)
                    .values(next_due=self._next_start(model, due))
                ).rowcount
                if claimed != 1:
                    continue
                instance = self._begin(session, definition, model, audit.SYSTEM, {}, timer_due=due)
                fired.append(
                    Fired(
                        instance.reference,
                        "process_started",
                        model.start_event.bpmn_id,
                        model.start_event.bpmn_name,
                        due,
                    )
                )

    def next_due(self) -> datetime | None:
        """The earliest moment any timer falls due: an instance's term or a timed start."""
        with self.db.read() as session:
            instance = session.scalar(select(func.min(Instance.next_due)).where(Instance.status == "open"))
            start = session.scalar(select(func.min(StartTimer.next_due)))
        return min((m for m in (instance, start) if m is not None), default=None)

    def send_mail(self, transport) -> dict:
        """Send the outbox mails that are due now: counts of sent, retried and failed mails."""
        return outbox.send_due(self.db, self.clock.now(), transport)

    def outbox(
        self,
        status: str | None = None,
        limit: int = 200,
        viewer: str | None = None,
        reference: str | None = None,
    ):
        """Mails newest first, links masked; only those of one instance when `reference` is given
        (the caller checks that the reader may see that instance). For a `viewer`, mails of
        sensitive instances they may not see are shielded (without one: the operator's command line)."""
        with self.db.read() as session:
            return outbox.listing(session, status, limit, self._mail_shield(session, viewer), reference)

    def _mail_shield(self, session, viewer):
        if viewer is None:
            return lambda instance_id, data: False
        user = users.require_active(session, viewer)
        if access.sees_all(self.plugin, users.roles_of(user)):
            return lambda instance_id, data: False
        mine = set(
            session.scalars(select(InstanceViewer.instance_id).where(InstanceViewer.login == user.login))
        )
        return lambda instance_id, data: self.plugin.sensitive(data) and instance_id not in mine
