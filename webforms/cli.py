"""The `klacht` command line: drive the procedure from a terminal or a script.

Every command prints text, or JSON with --json. A refusal prints a clear message on stderr and
exits with status 2; nothing is changed then.
"""

import functools
import json
import sys
from pathlib import Path

import click
from sqlalchemy.exc import DatabaseError

import process
from engine.errors import EngineError

from . import output
from .cli_mail import mail
from .cli_users import attach_user_commands
from .composition import build_engine, install, mail_transport
from .mail_intake import imap_job
from .settings import Settings, parse_moment

DEMO_PASSWORD = "klacht-demo"
DEMO_USERS = [
    ("carla", "Carla de Vries", "Accountmanager", "carla@example.org", ["contactpersoon"]),
    (
        "yasmin",
        "Yasmin Asrafali",
        "Relatiemanager",
        "yasmin@example.org",
        ["relatiemanager", "afhandelaar", "contactpersoon"],
    ),
    ("henk", "Henk Jansen", "Procesverantwoordelijke", "henk@example.org", ["afhandelaar"]),
    ("pieter", "Pieter Bakker", "Procesbeheerder", "pieter@example.org", ["procesbeheerder"]),
    ("anna", "Anna Visser", "Auditor", "anna@example.org", ["auditor"]),
    ("bram", "Bram de Boer", "Applicatiebeheerder", "bram@example.org", ["beheerder"]),
]


class Context:
    def __init__(self, settings: Settings, as_json: bool):
        self.settings = settings
        self.as_json = as_json
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            self._engine = build_engine(self.settings)
        return self._engine

    def emit(self, value, text: str) -> None:
        click.echo(json.dumps(output.plain(value), ensure_ascii=False, indent=2) if self.as_json else text)


def json_option(command):
    """--json after the command too, so both `klacht --json x` and `klacht x --json` work."""

    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @functools.wraps(command)
    def wrapper(*args, as_json=False, **kwargs):
        context = click.get_current_context().find_object(Context)
        context.as_json = context.as_json or as_json
        return command(*args, **kwargs)

    return wrapper


def refusals(command):
    """Turn the engine's refusals into a message on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        context = click.get_current_context().find_object(Context)
        try:
            return command(*args, **kwargs)
        except DatabaseError as error:
            click.echo(
                f"Fout: de database is niet bruikbaar ({type(error.orig).__name__}). "
                "Is `klacht init` al uitgevoerd?",
                err=True,
            )
            sys.exit(2)
        except EngineError as error:
            fields = getattr(error, "fields", {})
            if context.as_json:
                body = {"error": {"code": type(error).__name__, "message": error.message, "fields": fields}}
                click.echo(json.dumps(body, ensure_ascii=False), err=True)
            else:
                click.echo(f"Fout: {error.message}", err=True)
                for field, message in fields.items():
                    click.echo(f"  {field}: {message}", err=True)
            sys.exit(2)

    return wrapper


def json_argument(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"geen geldige JSON: {error.msg} (positie {error.pos})") from None
    if not isinstance(value, dict):
        raise click.BadParameter('verwacht een JSON-object, bijvoorbeeld \'{"veld": "waarde"}\'')
    return value


def moment_argument(_ctx, _param, value):
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
@click.option("--db", "database_url", envvar="KLACHT_DATABASE_URL", help="SQLAlchemy URL of the database.")
@click.option(
    "--now", callback=moment_argument, envvar="KLACHT_NOW", help="Act as if it is this ISO 8601 moment."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def main(ctx, database_url, now, as_json):
    """Klachtafhandeling: the complaint procedure on the command line."""
    ctx.obj = Context(Settings.from_env(database_url=database_url, now=now), as_json)


main.add_command(mail)


@main.command()
@click.option("--demo", is_flag=True, help="Also add one demo user per role.")
@json_option
@refusals
@click.pass_obj
def init(ctx: Context, demo):
    """Create or upgrade the database and deploy the bundled diagram."""
    deployed = install(ctx.engine)
    added = add_demo_users(ctx.engine) if demo else []
    lines = [f"Database klaar: {ctx.settings.database_url}"]
    lines += [f"In gebruik genomen: {d.process_id} versie {d.version}" for d in deployed if d.new]
    lines += [f"Demogebruiker {u.login} ({', '.join(u.roles)}), wachtwoord {DEMO_PASSWORD}" for u in added]
    ctx.emit(
        {"deployed": deployed, "demo_users": added, "demo_password": DEMO_PASSWORD if added else None},
        "\n".join(lines),
    )


def add_demo_users(engine) -> list:
    added = []
    for login, name, function, email, roles in DEMO_USERS:
        if engine.user(login) is None:
            added.append(
                engine.add_user(
                    login=login,
                    name=name,
                    function=function,
                    email=email,
                    password=DEMO_PASSWORD,
                    roles=roles,
                )
            )
    return added


@main.group()
def users():
    """Staff accounts."""


@users.command("add")
@click.argument("login")
@click.option("--name", required=True)
@click.option("--function", "function_", required=True, help="Function (title) of the user.")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(process.STAFF_ROLES))
@json_option
@refusals
@click.pass_obj
def users_add(ctx: Context, login, name, function_, email, password, roles):
    """Add a user with one or more roles."""
    user = ctx.engine.add_user(
        login=login, name=name, function=function_, email=email, password=password, roles=list(roles)
    )
    ctx.emit(user, f"Gebruiker {user.login} toegevoegd ({', '.join(user.roles)}).")


@users.command("list")
@json_option
@refusals
@click.pass_obj
def users_list(ctx: Context):
    """List the users."""
    found = ctx.engine.users()
    ctx.emit(found, "\n".join(output.user_line(u) for u in found) or "Geen gebruikers.")


attach_user_commands(users, json_option, refusals)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--comment", default="", help="What changed in this version.")
@click.option("--as", "actor", default="systeem", help="Who deploys it.")
@json_option
@refusals
@click.pass_obj
def deploy(ctx: Context, file: Path, comment, actor):
    """Validate a BPMN file and deploy it as a new version."""
    deployed = ctx.engine.deploy(file.read_bytes(), actor=actor, comment=comment)
    ctx.emit(
        deployed,
        "\n".join(
            f"{d.process_id}: versie {d.version}" + ("" if d.new else " (ongewijzigd)") for d in deployed
        ),
    )


@main.group()
def complaints():
    """Complaints: register, list, show."""


@complaints.command("start")
@click.option("--as", "actor", required=True, help="Login of the staff member who registers it.")
@click.option("--data", required=True, help="The registration form as a JSON object.")
@json_option
@refusals
@click.pass_obj
def complaints_start(ctx: Context, actor, data):
    """Register a complaint; prints its reference."""
    complaint = ctx.engine.start(process.COMPLAINT_PROCESS, actor, json_argument(data))
    ctx.emit(output.instance(complaint), f"{complaint.reference}")


@complaints.command("list")
@click.option("--status", type=click.Choice(["open", "closed", "cancelled"]))
@json_option
@refusals
@click.pass_obj
def complaints_list(ctx: Context, status):
    """List complaints."""
    found = ctx.engine.instances(process.COMPLAINT_PROCESS, status)
    ctx.emit(
        [output.instance_summary(c) for c in found],
        "\n".join(output.instance_line(c) for c in found) or "Geen klachten.",
    )


@complaints.command("show")
@click.argument("reference")
@json_option
@refusals
@click.pass_obj
def complaints_show(ctx: Context, reference):
    """Status, data and open tasks of one complaint."""
    complaint = ctx.engine.instance(reference)
    ctx.emit(output.instance(complaint), output.instance_text(complaint))


@complaints.command("cancel")
@click.argument("reference")
@click.option("--as", "actor", required=True)
@click.option("--reason", required=True)
@json_option
@refusals
@click.pass_obj
def complaints_cancel(ctx: Context, reference, actor, reason):
    """Withdraw a complaint (relationship manager)."""
    complaint = ctx.engine.cancel(reference, actor, reason)
    ctx.emit(output.instance(complaint), f"{complaint.reference} ingetrokken.")


@complaints.command("reassign")
@click.argument("reference")
@click.option("--handler", required=True, help="Login of the new handler.")
@click.option("--as", "actor", required=True, help="Login of the relationship manager.")
@click.option("--reason", required=True)
@json_option
@refusals
@click.pass_obj
def complaints_reassign(ctx: Context, reference, handler, actor, reason):
    """Hand a complaint to another handler; open tasks move with it."""
    complaint = ctx.engine.reassign(reference, actor, handler, reason)
    ctx.emit(output.instance(complaint), f"{complaint.reference} overgedragen aan {handler}.")


@main.group()
def tasks():
    """Tasks waiting for people."""


@tasks.command("list")
@click.option("--as", "actor", help="Only the tasks this user may do.")
@click.option("--complaint", "reference", help="Only the tasks of this complaint.")
@json_option
@refusals
@click.pass_obj
def tasks_list(ctx: Context, actor, reference):
    """Ready tasks with their due dates."""
    found = ctx.engine.tasks(login=actor, reference=reference)
    ctx.emit([output.task(t) for t in found], "\n".join(output.task_line(t) for t in found) or "Geen taken.")


@tasks.command("show")
@click.argument("task_id")
@json_option
@refusals
@click.pass_obj
def tasks_show(ctx: Context, task_id):
    """One task with its form."""
    task = ctx.engine.task(task_id)
    ctx.emit(output.task(task, detail=True), output.task_text(task))


@tasks.command("complete")
@click.argument("task_id")
@click.option("--as", "actor", required=True)
@click.option("--data", default="{}", help="The task's form as a JSON object.")
@json_option
@refusals
@click.pass_obj
def tasks_complete(ctx: Context, task_id, actor, data):
    """Complete a task with its form data."""
    done = ctx.engine.complete_task(task_id, actor, json_argument(data))
    complaint = ctx.engine.instance(done.reference)
    ctx.emit(
        {"completed": output.task(done), "complaint": output.instance(complaint)},
        f"Afgerond: {done.title} ({done.reference}). Status: {complaint.status}."
        + "".join(f"\nVolgende: {output.task_line(t)}" for t in complaint.tasks),
    )


@main.group()
def timers():
    """Terms and other timers."""


@timers.command("fire")
@json_option
@refusals
@click.pass_obj
def timers_fire(ctx: Context):
    """Fire every timer that is due now."""
    fired = ctx.engine.fire_due_timers()
    ctx.emit(
        [output.fired(f) for f in fired],
        "\n".join(output.fired_line(f) for f in fired) or "Geen timers verlopen.",
    )


@main.group()
def audit():
    """The audit trail."""


@audit.command("verify")
@click.option("--complaint", "reference", help="Only this complaint's trail.")
@json_option
@refusals
@click.pass_obj
def audit_verify(ctx: Context, reference):
    """Check that no audit event was changed, removed or reordered (exit 1 when one was)."""
    check = ctx.engine.verify_audit(reference)
    if check.intact:
        ctx.emit(
            {"intact": True, "events": check.events}, f"Audittrail intact: {check.events} gebeurtenissen."
        )
        return
    ctx.emit(
        {
            "intact": False,
            "events": check.events,
            "broken_event": check.broken_id,
            "complaint": check.broken_reference,
            "reason": check.reason,
        },
        f"Audittrail GEBROKEN bij gebeurtenis {check.broken_id} ({check.broken_reference}): {check.reason}.",
    )
    sys.exit(1)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@json_option
@refusals
@click.pass_obj
def backup(ctx: Context, path: Path, force):
    """Copy the SQLite database to PATH while the app keeps running, and check the copy.

    Exit status 1 when the copy was written but its audit chain is broken (as in the database).
    For PostgreSQL use pg_dump; see docs/backup.md.
    """
    from engine import backup as backups

    made = backups.backup(ctx.settings.database_url, path, force=force)
    ctx.emit(made, output.copy_text(made, restored=False))
    if made.audit_intact is False:
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace the database if it exists.")
@json_option
@refusals
@click.pass_obj
def restore(ctx: Context, path: Path, force):
    """Replace the SQLite database by the backup PATH, checked, and upgraded when it is older.

    Stop the web workers and the scheduler first; a database still in use is refused.
    """
    from engine import backup as backups

    restored = backups.restore(ctx.settings.database_url, path, force=force)
    ctx.emit(restored, output.copy_text(restored, restored=True))


@main.group()
def privacy():
    """Personal data: subject access, erasure."""


CHOSEN = click.option(
    "--complaint",
    "chosen",
    multiple=True,
    help="Only this complaint (repeat); needed for a name of several people.",
)


@privacy.command("export")
@click.argument("person")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="ZIP file to write.")
@CHOSEN
@json_option
@refusals
@click.pass_obj
def privacy_export(ctx: Context, person, out, chosen):
    """Everything held about PERSON (e-mail address or name) as a ZIP with JSON and documents."""
    archive = ctx.engine.subject_access(person, None, list(chosen) or None)
    out = out or Path(f"inzage-{person.replace('@', '_at_').replace(' ', '_')}.zip")
    out.write_bytes(archive)
    ctx.emit({"file": str(out), "bytes": len(archive)}, f"Inzage geschreven naar {out}.")


@privacy.command("erase")
@click.argument("person")
@CHOSEN
@json_option
@refusals
@click.pass_obj
def privacy_erase(ctx: Context, person, chosen):
    """Erase PERSON's data from every complaint (refused under a legal hold)."""
    erased = ctx.engine.erase_subject(person, None, list(chosen) or None)
    ctx.emit({"erased": erased}, f"Gewist uit: {', '.join(erased)}.")


@main.group()
def retention():
    """Retention of closed complaints."""


@retention.command("run")
@json_option
@refusals
@click.pass_obj
def retention_run(ctx: Context):
    """Pseudonymise the closed complaints whose retention term has ended (the daily job)."""
    done = ctx.engine.apply_retention()
    ctx.emit({"pseudonymised": done}, f"Gepseudonimiseerd: {', '.join(done)}." if done else "Niets te doen.")


@complaints.command("hold")
@click.argument("reference")
@click.option("--reason", help="Why the complaint must be kept (a legal hold).")
@click.option("--lift", is_flag=True, help="Lift the legal hold.")
@json_option
@refusals
@click.pass_obj
def complaints_hold(ctx: Context, reference, reason, lift):
    """Put a legal hold on a complaint, or lift it: no retention, no erasure meanwhile."""
    if lift == bool(reason):
        raise click.UsageError("Geef --reason of --lift.")
    ctx.engine.set_legal_hold(reference, None, None if lift else reason)
    ctx.emit(
        {"reference": reference, "legal_hold": None if lift else reason},
        f"{reference}: bewaarplicht {'opgeheven' if lift else 'vastgelegd'}.",
    )


@main.group()
def tokens():
    """Personal API tokens (Authorization: Bearer <token>); only their hash is stored."""


@tokens.command("create")
@click.argument("login")
@click.option("--name", default="", help="What the token is for, to recognise it later.")
@json_option
@refusals
@click.pass_obj
def tokens_create(ctx: Context, login, name):
    """Make a token for LOGIN, acting with that user's roles; prints it (shown only this once)."""
    made = ctx.engine.create_token(login, name)
    ctx.emit({**output.plain(made.token), "token": made.secret}, made.secret)


@tokens.command("list")
@click.argument("login")
@json_option
@refusals
@click.pass_obj
def tokens_list(ctx: Context, login):
    """The tokens of LOGIN (never the tokens themselves)."""
    found = ctx.engine.api_tokens(login)
    ctx.emit(
        found,
        "\n".join(
            f"{t.id:5}  {t.name or '-':30}  {'actief' if t.active else 'ingetrokken'}  "
            f"aangemaakt {output.when(t.created_at)}"
            for t in found
        )
        or "Geen tokens.",
    )


@tokens.command("revoke")
@click.argument("token_id", type=int)
@json_option
@refusals
@click.pass_obj
def tokens_revoke(ctx: Context, token_id):
    """Revoke token TOKEN_ID at once."""
    revoked = ctx.engine.revoke_token(token_id)
    ctx.emit(revoked, f"Token {revoked.id} van {revoked.login} ingetrokken.")


@main.group()
def versions():
    """Versions of the deployed processes: list, check, compare, roll back, move complaints."""


def _version_id(ctx: Context, process_id: str, number: int) -> int:
    found = [v.id for v in ctx.engine.versions(process_id) if v.version == number]
    if not found:
        raise EngineError(f"{process_id} heeft geen versie {number}.")
    return found[0]


@versions.command("list")
@click.option("--process", "process_id", help="Only this process.")
@json_option
@refusals
@click.pass_obj
def versions_list(ctx: Context, process_id):
    listed = ctx.engine.versions(process_id)
    ctx.emit(
        listed,
        "\n".join(
            f"{v.process_id} versie {v.version}{' (nieuwste)' if v.latest else ''}: "
            f"{output.when(v.deployed_at)} door {v.deployed_by}, {v.running} lopend — {v.comment or '-'}"
            for v in listed
        ),
    )


@versions.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@refusals
@click.pass_obj
def versions_check(ctx: Context, file: Path):
    """Validate a BPMN file without deploying it; exit status 2 when it has problems."""
    found = ctx.engine.check_diagram(file.read_bytes())
    lines = [f"{element}: {message}" if element else message for element, message in found]
    ctx.emit(
        [{"element": element, "message": message} for element, message in found],
        "\n".join(lines) or "Geen problemen: dit diagram kan in gebruik worden genomen.",
    )
    if found:
        sys.exit(2)


@versions.command("diff")
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.option("--process", "process_id", default=process.COMPLAINT_PROCESS, show_default=True)
@json_option
@refusals
@click.pass_obj
def versions_diff(ctx: Context, old, new, process_id):
    """What changed from version OLD to version NEW."""
    diff = ctx.engine.compare_versions(_version_id(ctx, process_id, old), _version_id(ctx, process_id, new))
    lines = [f"+ {c.name or c.element} ({c.kind}, {c.element})" for c in diff.added]
    lines += [f"- {c.name or c.element} ({c.kind}, {c.element})" for c in diff.removed]
    for c in diff.changed:
        lines += [f"~ {c.name or c.element} ({c.kind}, {c.element})", *(f"    {line}" for line in c.changes)]
    ctx.emit(diff, "\n".join(lines) or "Geen verschil in de stappen.")


@versions.command("rollback")
@click.argument("number", type=int)
@click.option("--as", "actor", required=True)
@click.option("--comment", default="")
@click.option("--process", "process_id", default=process.COMPLAINT_PROCESS, show_default=True)
@json_option
@refusals
@click.pass_obj
def versions_rollback(ctx: Context, number, actor, comment, process_id):
    """Deploy version NUMBER's file again, as the newest version."""
    deployed = ctx.engine.roll_back(_version_id(ctx, process_id, number), actor, comment)
    ctx.emit(deployed, "\n".join(f"{d.process_id}: versie {d.version}" for d in deployed if d.new))


@versions.command("migrate")
@click.argument("references", nargs=-1, required=True)
@click.option("--to", "number", type=int, required=True, help="The version to move them to.")
@click.option("--as", "actor", required=True)
@click.option("--process", "process_id", default=process.COMPLAINT_PROCESS, show_default=True)
@json_option
@refusals
@click.pass_obj
def versions_migrate(ctx: Context, references, number, actor, process_id):
    """Move running complaints to a newer version; each refusal says why (status 2)."""
    outcomes = ctx.engine.migrate(list(references), _version_id(ctx, process_id, number), actor)
    ctx.emit(outcomes, "\n".join(f"{o.reference}: {o.message}" for o in outcomes))
    if not all(o.migrated for o in outcomes):
        sys.exit(2)


@main.group()
def outbox():
    """Mail to complainants and staff."""


@outbox.command("list")
@click.option("--status", type=click.Choice(["pending", "sending", "sent", "failed"]))
@json_option
@refusals
@click.pass_obj
def outbox_list(ctx: Context, status):
    """Mails in the outbox, newest first."""
    mails = ctx.engine.outbox(status)
    ctx.emit([output.mail(m) for m in mails], "\n".join(output.mail_line(m) for m in mails) or "Geen mail.")


@outbox.command("send")
@json_option
@refusals
@click.pass_obj
def outbox_send(ctx: Context):
    """Send the mails that are due now over SMTP (KLACHT_SMTP_HOST and friends)."""
    transport = mail_transport(ctx.settings)
    if transport is None:
        raise EngineError("Er is geen SMTP-server ingesteld (KLACHT_SMTP_HOST); de mail blijft in de outbox.")
    counts = ctx.engine.send_mail(transport)
    ctx.emit(
        counts, f"Verstuurd: {counts['sent']}, later opnieuw: {counts['retry']}, mislukt: {counts['failed']}."
    )


@main.command()
@refusals
@click.pass_obj
def scheduler(ctx: Context):
    """Run the timer scheduler on its own (one per installation is enough; more are safe)."""
    from engine.scheduler import TimerScheduler

    ctx.engine.db.upgrade()
    click.echo("Scheduler draait (stoppen met Ctrl+C).")
    runner = TimerScheduler(
        ctx.engine,
        mail_transport(ctx.settings),
        ctx.settings.scheduler_sweep_seconds,
        blocking=True,
        mail_fetch=imap_job(ctx.engine, ctx.settings),
    )
    try:
        runner.start()
    except (KeyboardInterrupt, SystemExit):
        runner.stop()


@main.command()
@click.argument("reference")
@json_option
@refusals
@click.pass_obj
def history(ctx: Context, reference):
    """The audit trail of one complaint."""
    events = ctx.engine.history(reference)
    ctx.emit([output.event(e) for e in events], "\n".join(output.event_line(e) for e in events))


@main.command()
@click.argument("period")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["json", "csv", "html", "pdf"]),
    default="json",
    show_default=True,
    help="What to produce.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@json_option
@refusals
@click.pass_obj
def report(ctx: Context, period, format_, out):
    """The complaint report over PERIOD: a quarter (2026Q4) or days (2026-01-01..2026-03-31)."""
    from process.report_render import FORMATS

    from .reporting import complaint_report

    built = complaint_report(ctx.engine, ctx.settings.closing_days, period)
    rendered = FORMATS[format_].render(built)
    if out is not None:
        out.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
        ctx.emit(
            {"period": built["period"]["label"], "format": format_, "file": str(out)},
            f"Rapportage {built['period']['label']} ({format_}) geschreven naar {out}.",
        )
    else:
        click.echo(rendered, nl=isinstance(rendered, str) and not rendered.endswith("\n"))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@refusals
@click.pass_obj
def serve(ctx: Context, host, port):
    """Run the web app (database and diagram are set up; demo users on an empty database).

    This is Werkzeug's server, fine for a demo or a small office. In production run the app
    under a real WSGI server with your own secret key, after `klacht init`:

        KLACHT_ENV=production KLACHT_SECRET_KEY=<long random text> \\
        KLACHT_DATABASE_URL=postgresql+psycopg://... gunicorn -w 4 webforms.wsgi:app

    With KLACHT_ENV=production the app refuses to start on the demo secret key. Timers and mail
    run inside this process; next to gunicorn run one `klacht scheduler` instead.
    """
    from werkzeug.serving import run_simple

    from engine.scheduler import TimerScheduler

    from . import create_app

    app = create_app(ctx.settings, ctx.engine)
    install(ctx.engine)
    added = add_demo_users(ctx.engine) if not ctx.engine.users() else []
    for user in added:
        click.echo(f"Demogebruiker {user.login} ({', '.join(user.roles)}), wachtwoord {DEMO_PASSWORD}")
    timers = TimerScheduler(
        ctx.engine,
        mail_transport(ctx.settings),
        ctx.settings.scheduler_sweep_seconds,
        mail_fetch=imap_job(ctx.engine, ctx.settings),
    )
    timers.start()
    click.echo(f"Klachtafhandeling draait op http://{host}:{port}/ (stoppen met Ctrl+C)")
    try:
        run_simple(host, port, app, threaded=True)
    finally:
        timers.stop()
