"""Reading one RFC 5322 message into plain data: sender, subject, text, attachments, and whether
a machine sent it (an auto-reply or a bounce). Tolerant: a malformed message gives what it can."""

import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from .mail_text import html_to_text

MAX_TEXT = 100_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
AUTO_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ReadMail:
    message_id: str | None
    refers_to: tuple[str, ...]
    sender: str
    sender_name: str
    subject: str
    sent_at: datetime | None
    text: str
    attachments: tuple[Attachment, ...] = ()
    machine: str | None = None  # "auto-reply" or "bounce" when no person wrote it
    problems: tuple[str, ...] = field(default=())


def read_mail(raw: bytes) -> ReadMail:
    message = message_from_bytes(raw, policy=policy.default)
    sender_name, sender = _address(_header(message, "From"))
    problems = []
    text, attachments = _content(message, problems)
    if message.defects:
        problems.append("Het bericht is niet helemaal volgens de regels opgebouwd; gelezen wat kon.")
    return ReadMail(
        message_id=next(iter(_ids(_header(message, "Message-ID"))), None),
        refers_to=tuple(_ids(_header(message, "In-Reply-To")) + _ids(_header(message, "References"))),
        sender=_clean(sender),
        sender_name=_clean(sender_name),
        subject=_clean(_header(message, "Subject"))[:300],
        sent_at=_date(_header(message, "Date")),
        text=_clean(text)[:MAX_TEXT],
        attachments=tuple(attachments),
        machine=_machine(message, sender),
        problems=tuple(problems),
    )


def _clean(text: str) -> str:
    """Without NUL and other control characters (no database stores a NUL in text)."""
    return CONTROL.sub("", text)


def _header(message, name) -> str:
    """A header's decoded value; "" when absent or beyond repair."""
    try:
        value = message.get(name)
        return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()
    except Exception:  # a header the modern parser chokes on: decode it the old way
        raw = message.get_all(name, [""])[0] if hasattr(message, "get_all") else ""
        try:
            return str(make_header(decode_header(str(raw)))).strip()
        except Exception:
            return str(raw).encode("ascii", "replace").decode()


def _address(value: str) -> tuple[str, str]:
    found = [(name, addr) for name, addr in getaddresses([value]) if "@" in addr]
    if not found:
        return "", ""
    name, addr = found[0]
    return name.strip()[:200], addr.strip().lower()[:254]


def _ids(value: str) -> list[str]:
    return [found.strip() for found in re.findall(r"<([^<>\s]+)>", value or "")][:50]


def _date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _content(message, problems) -> tuple[str, list[Attachment]]:
    body = _body_part(message)
    text = _text_of(body, problems) if body is not None else ""
    attachments = []
    for part in message.walk():
        if part is body or part.is_multipart():
            continue
        filename = _filename(part)
        inline_text = part.get_content_maintype() == "text" and not filename
        if inline_text or (part.get_content_disposition() == "inline" and not filename):
            continue
        data = part.get_payload(decode=True) or b""
        attachments.append(Attachment(_clean(filename) or "bijlage", _content_type(part, filename), data))
    return text, attachments


def _body_part(message):
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception:
        return None


def _text_of(part, problems) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):  # unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        problems.append("De tekenset van de tekst is onbekend; onleesbare tekens zijn vervangen.")
    if not isinstance(content, str):
        content = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def _filename(part) -> str:
    try:
        return (part.get_filename() or "").strip()
    except Exception:
        return ""


def _content_type(part, filename: str) -> str:
    declared = part.get_content_type()
    if declared == "application/octet-stream" and filename:
        return mimetypes.guess_type(filename)[0] or declared
    return declared


def _machine(message, sender: str) -> str | None:
    if message.get_content_type() == "multipart/report" or _header(message, "X-Failed-Recipients"):
        return "bounce"
    if sender.split("@", 1)[0] in BOUNCE_SENDERS:
        return "bounce"
    auto = _header(message, "Auto-Submitted").lower()
    if auto and not auto.startswith("no"):
        return "auto-reply"
    if any(_header(message, name) for name in AUTO_HEADERS):
        return "auto-reply"
    if _header(message, "Precedence").lower() in AUTO_PRECEDENCE:
        return "auto-reply"
    if _header(message, "Return-Path") == "<>":
        return "auto-reply"
    return None
