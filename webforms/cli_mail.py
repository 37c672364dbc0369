"""`klacht mail`: take in one message from an MTA's pipe, fetch a mailbox, list incoming mail.

`mail receive` follows the mail gateway convention (sysexits.h): 0 once the message is stored,
75 (EX_TEMPFAIL) when it could not be stored now, so the MTA keeps it and tries again."""

import json
import sys

import click
from sqlalchemy.exc import DBAPIError, OperationalError

from engine.errors import EngineError
from engine.inbound_mail import MAX_MESSAGE_BYTES
from engine.mail_desk import STATUSES

from . import output
from .mail_intake import ImapSettings, mail_intake

EX_TEMPFAIL = 75
STATUS_LABELS = {
    "new": "nieuw",
    "registered": "geregistreerd",
    "archived": "geen klacht",
    "filed": "bij klacht",
    "ignored": "genegeerd",
}


def _emit(ctx, as_json, value, text) -> None:
    if as_json or ctx.as_json:
        click.echo(json.dumps(output.plain(value), ensure_ascii=False, indent=2))
    else:
        click.echo(text)


def _refuse(message: str, status: int = 2):
    click.echo(f"Fout: {message}", err=True)
    sys.exit(status)


@click.group()
def mail():
    """Incoming mail: receive (MTA pipe), fetch (IMAP), list."""


@mail.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def receive(ctx, as_json):
    """Store one RFC 5322 message read from standard input."""
    raw = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
    if not raw.strip():
        _refuse("er kwam geen bericht binnen op standaardinvoer.")
    try:
        receipt = mail_intake(ctx.engine, ctx.settings).receive(raw, source="pipe")
    except EngineError as error:
        _refuse(error.message)
    except (OperationalError, DBAPIError) as error:
        reason = type(error.orig).__name__
        _refuse(f"de database is niet bereikbaar ({reason}); probeer later opnieuw.", EX_TEMPFAIL)
    except Exception as error:  # anything else: keep the message with the MTA, never lose it
        _refuse(f"het bericht kon niet worden opgeslagen ({type(error).__name__}).", EX_TEMPFAIL)
    _emit(ctx, as_json, receipt, _receipt_line(receipt))


@mail.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def fetch(ctx, as_json):
    """Store the new messages of the IMAP mailbox (KLACHT_IMAP_*), then flag or move them."""
    import imaplib

    from engine.imap_fetch import fetch as fetch_mailbox

    settings = ImapSettings.from_env()
    if settings is None:
        _refuse("geen IMAP-postvak ingesteld (KLACHT_IMAP_HOST, KLACHT_IMAP_USER, KLACHT_IMAP_PASSWORD).")
    try:
        report = fetch_mailbox(mail_intake(ctx.engine, ctx.settings), settings)
    except (OSError, imaplib.IMAP4.error) as error:
        _refuse(f"het postvak is niet bereikbaar: {error}", EX_TEMPFAIL)
    except (OperationalError, DBAPIError) as error:
        _refuse(f"de database is niet bereikbaar ({type(error.orig).__name__}).", EX_TEMPFAIL)
    lines = [_receipt_line(r) for r in report.stored]
    lines.append(f"{len(report.stored)} opgeslagen, {report.duplicates} al eerder opgeslagen.")
    lines += [f"Niet opgeslagen (UID {uid}): {reason}" for uid, reason in report.refused]
    _emit(ctx, as_json, report, "\n".join(lines))


@mail.command("list")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(ctx, status, as_json):
    """Incoming mail, newest first."""
    try:
        found = mail_intake(ctx.engine, ctx.settings).mails(status)
    except (OperationalError, DBAPIError) as error:
        reason = type(error.orig).__name__
        _refuse(f"de database is niet bruikbaar ({reason}). Is `klacht init` al uitgevoerd?")
    lines = [
        f"{m.id:>5}  {STATUS_LABELS[m.status]:<13} {m.reference or '':<13} {m.sender:<30} {m.subject}"
        for m in found
    ]
    _emit(ctx, as_json, found, "\n".join(lines) or "Geen mail.")


def _receipt_line(receipt) -> str:
    where = f" bij {receipt.reference}" if receipt.reference else ""
    again = " (was al opgeslagen)" if receipt.duplicate else ""
    return f"Mail {receipt.mail_id}: {STATUS_LABELS[receipt.status]}{where}{again}"
