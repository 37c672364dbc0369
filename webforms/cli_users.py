"""`klacht users ...` beyond add and list: what the staff page can do, on the command line
(same engine verbs, same rules). Attached to the `users` group by webforms/cli.py."""

import click

import process
from process.staff import ADMIN_ROLE, TOLD_ON_DEACTIVATION, deactivation_notice

from . import output

AS = click.option("--as", "actor", default="systeem", show_default=True, help="Who makes the change.")


def attach_user_commands(users, json_option, refusals) -> None:
    """Add the commands to the `users` group; the decorators come from the CLI's core module."""

    def command(name):
        def decorate(function):
            return users.command(name)(json_option(refusals(click.pass_obj(function))))

        return decorate

    @command("change")
    @click.argument("login")
    @click.option("--name")
    @click.option("--function", "function_")
    @click.option("--email")
    @click.option("--role", "roles", multiple=True, type=click.Choice(process.STAFF_ROLES))
    @AS
    def change(ctx, login, name, function_, email, roles, actor):
        """Change a user's name, function, e-mail or roles (roles given replace all roles)."""
        now = ctx.engine.user(login)
        if now is None:
            raise click.BadParameter(f"gebruiker '{login}' bestaat niet", param_hint="LOGIN")
        user = ctx.engine.update_user(
            actor,
            login,
            name=now.name if name is None else name,
            function=now.function if function_ is None else function_,
            email=now.email if email is None else email,
            roles=list(roles) or list(now.roles),
            admin_role=ADMIN_ROLE,
        )
        ctx.emit(user, output.user_line(user))

    @command("deactivate")
    @click.argument("login")
    @AS
    def deactivate(ctx, login, actor):
        """Deactivate a user: sessions end, open tasks go back to the pool, managers are told."""
        moved = ctx.engine.deactivate_user(
            actor, login, admin_role=ADMIN_ROLE, tell_roles=TOLD_ON_DEACTIVATION, notice=deactivation_notice
        )
        ctx.emit(
            {"login": login, "tasks": moved}, f"{login} gedeactiveerd; {len(moved)} taak/taken weer open."
        )

    @command("activate")
    @click.argument("login")
    @AS
    def activate(ctx, login, actor):
        """Let a deactivated user sign in again."""
        ctx.engine.activate_user(actor, login)
        ctx.emit({"login": login}, f"{login} is weer actief.")

    @command("reset-password")
    @click.argument("login")
    @AS
    def reset_password(ctx, login, actor):
        """Give a user a new random password, printed once; their sessions end."""
        password = ctx.engine.reset_password(actor, login)
        ctx.emit(
            {"login": login, "password": password},
            f"Nieuw wachtwoord voor {login} (wordt één keer getoond): {password}",
        )

    @command("history")
    @click.argument("login", required=False)
    def history(ctx, login):
        """The audit trail of staff accounts (newest first)."""
        events = ctx.engine.account_events(login)
        ctx.emit(
            events,
            "\n".join(
                f"{output.when(e.at)} {e.actor} {e.event} {e.login} {e.details or ''}" for e in events
            )
            or "Geen wijzigingen.",
        )
