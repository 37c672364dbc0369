"""One mailbox per address: the only check an e-mail address passes before it is stored or
mailed to. A list, a display name or an encoded word would let one form field reach others."""

from email_validator import EmailNotValidError, validate_email

MESSAGE = "Vul één geldig e-mailadres in, zoals naam@voorbeeld.nl."


class InvalidMailbox(ValueError):
    """Not exactly one mailbox; the message is Dutch and fit to show."""

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)
        self.message = message


def single_mailbox(address) -> str:
    """The normalised address (domain in lower case), or InvalidMailbox; never asks the DNS."""
    if not isinstance(address, str) or "=?" in address or len(address) > 254:
        raise InvalidMailbox()
    try:
        checked = validate_email(address.strip(), check_deliverability=False, allow_quoted_local=False)
    except EmailNotValidError as error:
        raise InvalidMailbox() from error
    return checked.normalized


def schema_mailboxes(schema: dict | None, data: dict) -> tuple[dict, dict[str, str]]:
    """(data with every `format: email` field normalised, {field: message}) for one form."""
    clean, errors = dict(data), {}
    for name, prop in ((schema or {}).get("properties") or {}).items():
        value = clean.get(name)
        if prop.get("format") != "email" or value in (None, ""):
            continue
        try:
            clean[name] = single_mailbox(value)
        except InvalidMailbox as refusal:
            errors[name] = refusal.message
    return clean, errors
