"""This organisation's rules for staff accounts: who administers them, and who is told when a
colleague leaves with open tasks."""

ADMIN_ROLE = "beheerder"
TOLD_ON_DEACTIVATION = ("relatiemanager",)


def deactivation_notice(user, tasks: list[dict]) -> tuple[str, str]:
    """(subject, text) of the mail to the relationship managers: which tasks are open again."""
    lines = "\n".join(f"- {t['reference']}: {t['title']}" for t in tasks)
    text = (
        f"Het account van {user.name} ({user.login}) is gedeactiveerd.\n\n"
        f"Deze taken stonden op naam van {user.name} en staan nu weer open voor hun rol:\n"
        f"{lines}\n\n"
        "Wijs ze zo nodig opnieuw toe."
    )
    return f"Taken van {user.name} staan weer open", text
