"""What a staff account must state: a name, a function and one e-mail address, never empty or
only white space (the handler's name and function are recorded in complaints)."""

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
