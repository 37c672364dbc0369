"""APScheduler wakes the engine: at the next due timer, and on a periodic sweep as a safety net.

The database is the store of truth (instances.next_due, start_timers, outbox); APScheduler only
ticks. Several schedulers on one database are safe: every timer and every mail is claimed in the
database before it is acted on, so each fires or is sent once.
"""

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)
WAKE_DELAY = timedelta(seconds=1)  # SpiffWorkflow fires a timer when due < now, strictly


class TimerScheduler:
    def __init__(
        self, engine, transport=None, sweep_seconds: int = 60, blocking: bool = False, mail_fetch=None
    ):
        self.engine = engine
        self.transport = transport
        self.mail_fetch = mail_fetch  # fetches incoming mail (an IMAP mailbox) when configured
        self.sweep_seconds = sweep_seconds
        kind = BlockingScheduler if blocking else BackgroundScheduler
        self.scheduler = kind(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )

    def start(self) -> None:
        """Catch up on whatever fell due while nothing ran (terms, retention), then keep ticking."""
        self.scheduler.add_job(self.tick, IntervalTrigger(seconds=self.sweep_seconds), id="sweep")
        self.scheduler.add_job(self.retention, IntervalTrigger(days=1), id="retention")
        if self.mail_fetch is not None:
            self.scheduler.add_job(self.fetch_mail, IntervalTrigger(seconds=self.sweep_seconds), id="mail-in")
        self.tick()
        self.retention()
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def tick(self) -> list:
        """Fire due timers, send due mail, and set the alarm for the next due timer."""
        fired = []
        # Each on its own: a bad night for the database must not stop the scheduler, and timers
        # that fail must not keep the mail in the outbox.
        try:
            fired = self.engine.fire_due_timers()
            for each in fired:
                log.info("fired %s %s (%s)", each.reference, each.element, each.event)
        except Exception:
            log.exception("firing timers failed")
        try:
            if self.transport is not None:
                self.engine.send_mail(self.transport)
        except Exception:
            log.exception("sending mail failed")
        self.wake_at_next_due()
        return fired

    def retention(self) -> list:
        """The daily job: pseudonymise closed cases whose retention term has ended."""
        try:
            done = self.engine.apply_retention()
            if done:
                log.info("retention: pseudonymised %s", ", ".join(done))
            return done
        except Exception:
            log.exception("retention run failed")
            return []

    def fetch_mail(self):
        """Store new incoming mail; a mailbox that is down is tried again on the next sweep."""
        try:
            return self.mail_fetch()
        except Exception:
            log.exception("fetching incoming mail failed")
            return None

    def wake_at_next_due(self):
        due = self.engine.next_due()
        if due is None:
            return None
        at = due + WAKE_DELAY
        if at <= datetime.now(UTC):
            return None  # not firing although due (a failing instance, or a fixed clock): the sweep retries
        self.scheduler.add_job(self.tick, DateTrigger(run_date=at), id="wake", replace_existing=True)
        return at
