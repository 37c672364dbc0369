"""Real messages as mail clients and servers send them: built with the standard library where it
writes what clients write, by hand where the point is what a library would never write."""

import base64
from email.message import EmailMessage
from email.utils import format_datetime

from process.calendar import AMSTERDAM
from tests.conftest import FRIDAY_MORNING

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def mail(
    sender="Piet Puk <piet@example.org>",
    subject="Klacht",
    text="Ik wil klagen.",
    *,
    html=None,
    attachments=(),
    message_id="<m1@mail.example.org>",
    **headers,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "klachten@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(FRIDAY_MORNING.astimezone(AMSTERDAM))
    if message_id:
        message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


def latin1_mail() -> bytes:
    """Outlook's Western European mail: ISO-8859-1 quoted-printable body, Q-encoded subject."""
    return (
        b"From: =?iso-8859-1?Q?Jos=E9_M=FCller?= <jose@example.org>\r\n"
        b"To: klachten@example.org\r\n"
        b"Subject: =?iso-8859-1?Q?Klacht_over_de_caf=E9?=\r\n"
        b"Message-ID: <latin1@mail.example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="iso-8859-1"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"De koffie in het caf=E9 was koud, na=EFef van mij.\r\n"
    )


def windows1252_8bit_mail() -> bytes:
    """8-bit Windows-1252 text, a base64 subject in UTF-8 and a filename in RFC 2231."""
    return (
        b"From: Anna <anna@example.org>\r\n"
        b"Subject: =?utf-8?B?S2xhY2h0OiDigqwgNTAgdGUgdmVlbCBiZXRhYWxk?=\r\n"
        b"Message-ID: <cp1252@mail.example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        b"Ik betaalde \x80 50 te veel \x96 \x93onterecht\x94.\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''factuur%20%E2%82%AC50.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(PDF).replace(b"\n", b"\r\n")
        + b"--b1--\r\n"
    )


def malformed_mail() -> bytes:
    """What a broken script sends: a header without colon, 8-bit bytes in the subject, an
    unknown charset, a boundary that never closes, base64 with garbage."""
    return (
        b"From: kapot@example.org\r\n"
        b"Subject: Caf\xe9 \xff\xfe kapot\r\n"
        b'Content-Type: multipart/mixed; boundary="zz"\r\n'
        b"This line is no header\r\n\r\n"
        b"--zz\r\nContent-Type: text/plain; charset=x-nonsense-9\r\n\r\nTekst met \xe9 erin.\r\n"
        b'--zz\r\nContent-Type: application/pdf; name="x.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        b"!!!notbase64***\r\n"
    )


def auto_reply(to_message_id=None) -> bytes:
    headers = {"Auto_Submitted": "auto-replied"}
    if to_message_id:
        headers["In_Reply_To"] = to_message_id
    return mail(
        "Jan <jan@example.org>",
        "Automatisch antwoord: afwezig",
        "Ik ben afwezig tot maandag.",
        message_id="<ooo@mail.example.org>",
        **headers,
    )


def bounce() -> bytes:
    """A delivery status notification (RFC 3464) from the mailer daemon."""
    return (
        b"From: Mail Delivery System <MAILER-DAEMON@mail.example.org>\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\n"
        b"Message-ID: <bounce@mail.example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        b"--r\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        b"--r\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mail.example.org\r\n\r\nFinal-Recipient: rfc822; weg@example.org\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n"
        b"--r--\r\n"
    )
