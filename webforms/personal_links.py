"""Signed, expiring links for the complainant, who has no account: one per complainant task (the
token names the task and what it is for) and one for the complaint's status page.

Time comes from the engine's clock, so a link expires in procedure time (tests move it)."""

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

TASK_SALT = "klacht.klager-taak"
STATUS_SALT = "klacht.klager-status"
DAY = 24 * 3600


class LinkExpired(Exception):
    """A genuine link whose time is up."""


class LinkInvalid(Exception):
    """Not a link this app made (tampered, truncated, or for another purpose)."""


@dataclass(frozen=True)
class TaskLink:
    task_id: str
    purpose: str  # the form the task asks for; a link never opens another kind of task


class PersonalLinks:
    def __init__(self, secret: str, clock, task_days: int, status_days: int):
        signer = _clocked_signer(clock)
        self._task = URLSafeTimedSerializer(secret, salt=TASK_SALT, signer=signer)
        self._status = URLSafeTimedSerializer(secret, salt=STATUS_SALT, signer=signer)
        self._task_age = task_days * DAY
        self._status_age = status_days * DAY

    def task_token(self, task_id: str, purpose: str) -> str:
        return self._task.dumps({"task": task_id, "purpose": purpose})

    def task_link(self, token: str) -> TaskLink:
        payload = _load(self._task, token, self._task_age)
        if not isinstance(payload, dict) or not {"task", "purpose"} <= payload.keys():
            raise LinkInvalid()
        return TaskLink(str(payload["task"]), str(payload["purpose"]))

    def status_token(self, reference: str) -> str:
        return self._status.dumps({"reference": reference})

    def status_reference(self, token: str) -> str:
        payload = _load(self._status, token, self._status_age)
        if not isinstance(payload, dict) or "reference" not in payload:
            raise LinkInvalid()
        return str(payload["reference"])


def _load(serializer, token: str, max_age: int):
    try:
        return serializer.loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None


def _clocked_signer(clock):
    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock.now().timestamp())

    return ClockedSigner
