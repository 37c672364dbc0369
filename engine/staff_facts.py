"""What a staff account must state: a name, a function and one e-mail address, never empty or
only white space (the handler's name and function are recorded in complaints), and known roles."""

from .errors import InvalidFormData
from .mailbox import InvalidMailbox, single_mailbox

REQUIRED = {
    "name": "Vul een naam in.",
    "function": "Vul een functie in.",
    "email": "Vul een e-mailadres in.",
}


def checked(*, name, function, email) -> dict:
    """{name, function, email} trimmed, the address normalised; or InvalidFormData per field."""
    given = {"name": name, "function": function, "email": email}
    clean = {field: value.strip() if isinstance(value, str) else "" for field, value in given.items()}
    errors = {field: REQUIRED[field] for field, value in clean.items() if not value}
    if clean["email"]:
        try:
            clean["email"] = single_mailbox(clean["email"])
        except InvalidMailbox as refusal:
            errors["email"] = refusal.message
    if errors:
        raise InvalidFormData(errors, " ".join(errors.values()))
    return clean


def known_roles(roles, known) -> list[str]:
    """The roles asked for, each once, all known to the process; or InvalidFormData on `roles`."""
    wanted = list(dict.fromkeys(r for r in roles or () if r))
    unknown = [r for r in wanted if known and r not in known]
    if unknown:
        message = f"Onbekende rol: {', '.join(unknown)}."
        raise InvalidFormData({"roles": message}, message)
    if not wanted:
        raise InvalidFormData({"roles": "Kies minstens één rol."}, "Kies minstens één rol.")
    return wanted
