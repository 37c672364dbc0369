"""Fetching new mail from an IMAP mailbox. Each message is stored before it is flagged or moved,
and its UID is recorded per mailbox (with UIDVALIDITY): a fetch that dies half-way, or runs twice
at once, stores every message once (the Message-ID check in the intake catches the rest)."""

import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .errors import EngineError
from .inbound_models import ImapReceipt

log = logging.getLogger(__name__)
TIMEOUT = 60


@dataclass
class FetchReport:
    stored: list = field(default_factory=list)  # Receipts of messages stored now
    duplicates: int = 0  # messages that were already stored (flagged or moved now)
    refused: list = field(default_factory=list)  # (uid, reason) of messages that cannot be stored


class ImapMailbox:
    """One folder of one IMAP account; `settings` has host, port, user, password, folder, tls,
    done_folder and ca_file."""

    def __init__(self, settings):
        self.settings = settings
        self.imap = None
        self.key = None
        self.can_move = False

    def __enter__(self):
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file)
        if s.tls == "ssl":
            self.imap = imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=TIMEOUT)
        else:
            self.imap = imaplib.IMAP4(s.host, s.port, timeout=TIMEOUT)
            if s.tls == "starttls":
                self.imap.starttls(ssl_context=context)
        self.imap.login(s.user, s.password)
        capabilities = _ok(self.imap.capability(), "mogelijkheden opvragen")[0] or b""
        self.can_move = b"MOVE" in capabilities.upper().split()
        if s.done_folder:
            self.imap.create(_quoted(s.done_folder))  # refused when it exists: fine
        _ok(self.imap.select(_quoted(s.folder)), f"map {s.folder} openen")
        validity = (self.imap.response("UIDVALIDITY")[1] or [b"0"])[0].decode()
        self.key = f"{s.user}@{s.host}:{s.port}/{s.folder}/{validity}"[:400]
        return self

    def __exit__(self, *exc):
        try:
            self.imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass

    def uids(self, criterion: str = "ALL") -> list[int]:
        data = _ok(self.imap.uid("SEARCH", None, criterion), "berichten zoeken")
        return [int(uid) for uid in (data[0] or b"").split()]

    def message(self, uid: int) -> bytes:
        data = _ok(self.imap.uid("FETCH", str(uid), "(BODY.PEEK[])"), "bericht ophalen")
        return next(part[1] for part in data if isinstance(part, tuple))

    def done(self, uid: int) -> None:
        """Flag the message as read, or move it to the done folder."""
        target = self.settings.done_folder
        if not target:
            _ok(self.imap.uid("STORE", str(uid), "+FLAGS", "(\\Seen)"), "bericht markeren")
            return
        if self.can_move:
            _ok(self.imap.uid("MOVE", str(uid), _quoted(target)), "bericht verplaatsen")
            return
        _ok(self.imap.uid("COPY", str(uid), _quoted(target)), "bericht kopiëren")
        _ok(self.imap.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)"), "bericht markeren")
        self.imap.expunge()


def fetch(intake, settings, mailbox_type=ImapMailbox) -> FetchReport:
    """Store every message in the folder not stored before, then flag or move it."""
    report = FetchReport()
    db = intake.engine.db
    with mailbox_type(settings) as mailbox:
        with db.read() as session:
            rows = session.execute(
                select(ImapReceipt.uid, ImapReceipt.mail_id).where(ImapReceipt.mailbox == mailbox.key)
            )
            known = dict(rows.all())
        # Flagged messages stay in the folder: only those not yet flagged need a second look.
        unfinished = set(mailbox.uids("ALL" if settings.done_folder else "UNSEEN"))
        for uid in mailbox.uids():
            if uid in known:
                if known[uid] is not None and uid in unfinished:
                    mailbox.done(uid)  # stored before, but the flag or move did not happen
                continue
            mail_id = _take_in(intake, mailbox.message(uid), uid, report)
            _remember(db, intake.engine.clock.now(), mailbox.key, uid, mail_id)
            if mail_id is not None:  # a refused message stays where it is, for a person to see
                mailbox.done(uid)
    return report


def _take_in(intake, raw: bytes, uid: int, report: FetchReport) -> int | None:
    try:
        receipt = intake.receive(raw, source="imap")
    except EngineError as refusal:  # e.g. too large: keep it in the mailbox for a person to see
        log.warning("IMAP message %s not stored: %s", uid, refusal.message)
        report.refused.append((uid, refusal.message))
        return None
    if receipt.duplicate:
        report.duplicates += 1
    else:
        report.stored.append(receipt)
    return receipt.mail_id


def _remember(db, now, key, uid, mail_id) -> None:
    try:
        with db.write() as session:
            session.add(ImapReceipt(mailbox=key, uid=uid, mail_id=mail_id, at=now))
    except IntegrityError:  # another fetch recorded it at the same moment
        pass


def _quoted(folder: str) -> str:
    return '"' + re.sub(r'(["\\])', r"\\\1", folder) + '"'


def _ok(result, what: str):
    status, data = result
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP: {what} mislukt: {data!r}")
    return data
