"""Personal links are sent, never shown: staff can have a complainant's link mailed again (a
fresh link, to the address on file), but no staff page or list ever shows a live one."""

from . import access, audit, inbox, outbox, users
from .errors import EngineError, NotAllowed, NotFound
from .models import Task
from .views import Notice

NO_ADDRESS = "Er is geen e-mailadres van de klager bekend; leg het antwoord namens de klager vast."


class LinkMail:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def resend_task_link(self, task_id: str, actor: str) -> int:
        """Mail the person the process is about a fresh link to their open task; how many mails."""
        with self.db.write() as session:
            row = session.get(Task, task_id)
            user = users.require_active(session, actor)
            if row is None:
                raise NotFound("Deze taak bestaat niet.")
            roles = users.roles_of(user)
            access.require_visible(session, self.plugin, row.instance, user.login, roles)
            public = self.plugin.public_role
            if row.state != "ready" or public is None or row.role != public:
                raise NotAllowed("Voor deze taak is geen persoonlijke link te versturen.")
            if not set(roles) & set(self.plugin.on_behalf_of.get(public, ())):
                raise NotAllowed("Je mag deze link niet opnieuw versturen.")
            now = self.clock.now()
            notice = Notice(
                kind="task_created",
                name=row.bpmn_id,
                reference=row.instance.reference,
                case=dict(row.instance.data),
                now=now,
                directory=users.Directory(session),
                task=inbox.task_view(row),
            )
            mails = [
                outbox.Mail(**mail) for mail in (self.plugin.notify(notice) if self.plugin.notify else [])
            ]
            if not mails:
                raise EngineError(NO_ADDRESS)
            outbox.queue(session, row.instance_id, now, mails)
            audit.record(
                session,
                row.instance,
                now,
                "link_resent",
                user.login,
                bpmn_id=row.bpmn_id,
                title=row.title,
                task_id=row.id,
            )
            return len(mails)
