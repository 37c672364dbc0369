"""Incoming mail in this procedure: who handles the mail list, who hears of a complainant's reply,
and how a new mail fills the registration form."""

MAIL_DESK_ROLES = ("contactpersoon", "relatiemanager")
MANAGER_ROLE = "relatiemanager"
MAIL_CHANNEL = "e-mail"


def told_about_mail(case: dict, status: str) -> tuple[str | None, str | None]:
    """(login, role) told of a reply: the handler of an open complaint; the relationship manager
    when no handler is assigned yet or the complaint is closed."""
    if status == "open" and case.get("handler"):
        return case["handler"], None
    return None, MANAGER_ROLE


def registration_from_mail(sender_name: str, sender: str, subject: str, text: str) -> dict:
    """The registration form's starting values for a mail: sender, its text, channel e-mail."""
    description = text.strip() or subject.strip()
    if subject.strip() and text.strip():
        description = f"{subject.strip()}\n\n{text.strip()}"
    return {
        "complainant_name": sender_name[:200],
        "complainant_email": sender[:254],
        "description": description[:20000],
        "channel": MAIL_CHANNEL,
    }
