"""Personal data: what the system holds about a person, and removing it everywhere it lives
(case data, workflow state, audit payloads, case notes, mails, documents) when the retention term
ends or the person asks, unless a legal hold applies. What counts as personal is the plugin's call."""

import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import select, update

from . import audit, mail_privacy, outbox, search_text, users
from .audit_reading import VIEWED
from .errors import EngineError, NotAllowed, NotFound
from .models import AuditEvent, CaseNote, Document, Instance, OutboxMail, Setting
from .privacy_subjects import SubjectMatch, chosen_references
from .state import dump

ERASED = "[verwijderd]"
RETENTION_KEY = "retention"


def scrub(value, fields: frozenset):
    """A copy with every personal field's value replaced, at any depth."""
    if isinstance(value, dict):
        return {
            k: (ERASED if k in fields and v not in (None, "") else scrub(v, fields)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, fields) for item in value]
    return value


class Privacy:
    """Mixed into Engine: needs self.db, self.plugin, self.clock, self._model and self._restore."""

    # -- legal hold and retention terms ----------------------------------------------------

    def set_legal_hold(self, reference: str, login: str | None, reason: str | None):
        """Put a legal hold on an instance (reason), or lift it (None)."""
        with self.db.write() as session:
            self._privacy_officer(session, login)
            instance = self._instance(session, reference)
            if reason is not None and not reason.strip():
                raise EngineError("Geef een reden voor de bewaarplicht.")
            instance.legal_hold = reason.strip() if reason else None
            event = "legal_hold_set" if reason else "legal_hold_lifted"
            audit.record(
                session, instance, self.clock.now(), event, login or audit.SYSTEM, details={"reason": reason}
            )

    def retention_terms(self) -> dict:
        with self.db.read() as session:
            stored = session.get(Setting, RETENTION_KEY)
            return {**self.plugin.retention_defaults, **(stored.value if stored else {})}

    def set_retention_terms(self, login: str, terms: dict) -> dict:
        """Days to keep closed instances, per category key the plugin knows ("default" for the rest)."""
        bad = [k for k, v in terms.items() if k not in self.plugin.retention_defaults or not _days(v)]
        if bad:
            raise EngineError(
                f"Ongeldige bewaartermijn voor: {', '.join(bad)} (geef een aantal dagen, 1 tot 36500)."
            )
        with self.db.write() as session:
            self._privacy_officer(session, login)
            merged = {**self.retention_terms(), **{k: int(v) for k, v in terms.items()}}
            row = session.get(Setting, RETENTION_KEY) or Setting(key=RETENTION_KEY)
            row.value, row.changed_at, row.changed_by = merged, self.clock.now(), login
            session.add(row)
            return merged

    def retention_due(self, instance) -> object:
        """When a closed instance's retention term ends (None while it is open)."""
        if instance.closed_at is None:
            return None
        return instance.closed_at + timedelta(
            days=self.plugin.retention_days(instance.data, self.retention_terms())
        )

    def apply_retention(self) -> list[str]:
        """Pseudonymise every closed instance whose retention term has ended (the daily job)."""
        now = self.clock.now()
        with self.db.read() as session:
            candidates = session.scalars(
                select(Instance).where(
                    Instance.closed_at.is_not(None),
                    Instance.pseudonymised_at.is_(None),
                    Instance.legal_hold.is_(None),
                )
            ).all()
            expired = [i.reference for i in candidates if self.retention_due(i) < now]
        with self.db.write() as session:  # mail that became no case: the default term
            term = timedelta(days=self.retention_terms()["default"])
            mail_privacy.expire_loose_mails(session, now - term, now)
        for reference in expired:
            self._pseudonymise(reference, audit.SYSTEM, "retention")
        return expired

    # -- the person's rights -------------------------------------------------------------------

    def subject_matches(self, email_or_name: str) -> list[SubjectMatch]:
        """Every instance about this e-mail address or exact name, with whose address it holds."""
        needle = (email_or_name or "").strip().lower()
        if not needle:
            raise EngineError("Geef een e-mailadres of naam.")
        with self.db.read() as session:
            rows = session.execute(select(Instance.reference, Instance.data).order_by(Instance.id))
            return [
                SubjectMatch(ref, data.get("complainant_email") or "", data.get("complainant_name") or "")
                for ref, data in rows
                if self.plugin.is_about(data, needle)
            ]

    def subjects(self, email_or_name: str, chosen=None) -> list[str]:
        """References of the instances a request about this person acts on: by e-mail address
        exactly; by name only if it is one person's, or the `chosen` ones (AmbiguousPerson)."""
        return chosen_references(email_or_name.strip().lower(), self.subject_matches(email_or_name), chosen)

    def subject_access(self, email_or_name: str, login: str | None, chosen=None) -> bytes:
        """A ZIP of everything held about this person: case data, history, notes, mails, documents."""
        references = self.subjects(email_or_name, chosen)
        with self.db.read() as session:
            loose = mail_privacy.loose_mails(session, email_or_name)
        if not references and not loose:
            raise NotFound("Over deze persoon zijn geen gegevens gevonden.")
        buffer = io.BytesIO()
        with self.db.write() as session, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            self._privacy_officer(session, login)
            if loose:
                archive.writestr("mail-zonder-klacht.json", _json(loose))
            exports = []
            for reference in references:
                instance = self._instance(session, reference)
                exports.append(self._export(session, instance))
                archive.writestr(f"{reference}/klacht.json", _json(exports[-1]))
                for document in session.scalars(select(Document).where(Document.instance_id == instance.id)):
                    if document.erased_at is None:
                        archive.writestr(
                            f"{reference}/documenten/{document.id}-{document.filename}", document.content
                        )
                if self.plugin.sensitive(instance.data):
                    audit.record(
                        session,
                        instance,
                        self.clock.now(),
                        VIEWED,
                        login or audit.SYSTEM,
                        details={"page": "inzage-export"},
                    )
                audit.record(session, instance, self.clock.now(), "subject_access", login or audit.SYSTEM)
            if self.plugin.subject_summary is not None:
                archive.writestr(*self.plugin.subject_summary(exports, self.clock.now()))
        return buffer.getvalue()

    def erase_subject(self, email_or_name: str, login: str | None, chosen=None) -> list[str]:
        """Erase a person's data on request; refused for all when one instance is under legal hold."""
        references = self.subjects(email_or_name, chosen)
        with self.db.read() as session:
            loose = mail_privacy.loose_mails(session, email_or_name)
        if not references and not loose:
            raise NotFound("Over deze persoon zijn geen gegevens gevonden.")
        with self.db.read() as session:
            self._privacy_officer(session, login)
            held = [
                (i.reference, i.legal_hold)
                for i in (self._instance(session, r) for r in references)
                if i.legal_hold
            ]
        if held:
            reasons = "; ".join(f"{ref}: {reason}" for ref, reason in held)
            raise NotAllowed(f"Wissen kan niet: er geldt een bewaarplicht ({reasons}).")
        for reference in references:
            self._pseudonymise(reference, login or audit.SYSTEM, "request")
        with self.db.write() as session:
            mail_privacy.erase_loose_mails(session, email_or_name, self.clock.now())
        return references

    # -- doing it --------------------------------------------------------------------------------

    def _pseudonymise(self, reference: str, actor: str, why: str) -> None:
        fields = frozenset(self.plugin.personal_fields)
        now = self.clock.now()
        with self.db.write() as session:
            instance = self._instance(session, reference)
            instance.data = scrub(instance.data, fields)
            search_text.refresh(session, instance, self.plugin.search_fields)
            model = self._model(instance.definition)
            workflow = self._restore(instance, model)
            for each in (workflow, *workflow.subprocesses.values()):
                for task in each.tasks.values():
                    task.data = scrub(task.data, fields)
                each.data = scrub(each.data, fields)
            instance.state = dump(workflow)
            instance.pseudonymised_at = now
            for event in session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance.id)):
                event.data_before = scrub(event.data_before, fields)
                event.data_after = scrub(event.data_after, fields)
                event.details = scrub(event.details, fields | {"text", "payload", "filename"})
                event.erased_at = now
            session.execute(update(CaseNote).where(CaseNote.instance_id == instance.id).values(text=ERASED))
            session.execute(
                update(OutboxMail)
                .where(OutboxMail.instance_id == instance.id)
                .values(recipient=ERASED, body_text=ERASED, body_html="")
            )
            session.execute(
                update(Document)
                .where(Document.instance_id == instance.id)
                .values(content=b"", filename=ERASED, erased_at=now)
            )
            mail_privacy.erase_instance_mails(session, instance.id, now)
            session.flush()
            audit.record(session, instance, now, "pseudonymised", actor, details={"reason": why})

    def _export(self, session, instance) -> dict:
        mails = session.scalars(select(OutboxMail).where(OutboxMail.instance_id == instance.id))
        notes = session.scalars(select(CaseNote).where(CaseNote.instance_id == instance.id))
        return {
            "reference": instance.reference,
            "status": instance.status,
            "data": instance.data,
            "started_at": instance.started_at,
            "closed_at": instance.closed_at,
            "history": [e.__dict__ for e in audit.trail(session, instance.id)],
            "notes": [{"at": n.at, "kind": n.kind, "text": n.text, "channel": n.channel} for n in notes],
            "incoming_mails": mail_privacy.instance_mails(session, instance.id),
            "mails": [
                {
                    "at": m.created_at,
                    "to": m.recipient,
                    "subject": m.subject,
                    "text": outbox.masked(m.body_text),  # whoever handles the ZIP cannot answer for them
                    "status": m.status,
                }
                for m in mails
            ],
        }

    def _instance(self, session, reference) -> Instance:
        found = session.scalar(select(Instance).where(Instance.reference == reference))
        if found is None:
            raise NotFound(f"'{reference}' bestaat niet.")
        return found

    def _privacy_officer(self, session, login) -> None:
        if login is None:
            return  # the operator on the command line, who has the database anyway
        user = users.require_active(session, login)
        if not set(users.roles_of(user)) & set(self.plugin.privacy_roles):
            raise NotAllowed("Alleen de beheerder mag persoonsgegevens inzien, wissen of bewaren.")


def _days(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 36500


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
