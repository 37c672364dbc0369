"""The procedure's forms: one JSON Schema per user task (process/forms/*.json), validated here
with messages in Dutch. The same definition renders the HTML form in the web app."""

import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

FOLDER = Path(__file__).parent / "forms"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_FORMATS = FormatChecker()


@_FORMATS.checks("email")
def _is_email(value) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


class FormCatalog:
    """All forms of the procedure, by form key (the name a user task gives as `formKey`)."""

    def __init__(self, folder: Path = FOLDER):
        self._schemas = {path.stem: json.loads(path.read_text("utf-8")) for path in folder.glob("*.json")}
        self._validators = {
            key: Draft202012Validator(schema, format_checker=_FORMATS)
            for key, schema in self._schemas.items()
        }

    def keys(self) -> list[str]:
        return sorted(self._schemas)

    def schema(self, key: str) -> dict | None:
        return self._schemas.get(key)

    def validate(self, key: str, data) -> tuple[dict, dict[str, str]]:
        """(cleaned data, {field: Dutch message}) for data submitted on form `key`."""
        schema = self._schemas[key]
        if not isinstance(data, dict):
            return {}, {"_form": "De gegevens moeten een object met velden zijn."}
        clean = _cleaned(schema, data)
        errors: dict[str, str] = {}
        for error in self._validators[key].iter_errors(clean):
            for field, message in _messages(schema, clean, error):
                errors.setdefault(field, message)
        return clean, errors


def _cleaned(schema: dict, data: dict) -> dict:
    """Trim text, drop empty optional answers, fill defaults: what a person meant to submit."""
    clean = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
            if value == "" and key in schema.get("properties", {}):
                continue
        clean[key] = value
    for key, prop in schema.get("properties", {}).items():
        if key not in clean and "default" in prop:
            clean[key] = prop["default"]
    return clean


def _messages(schema, data, error):
    field = str(error.absolute_path[0]) if error.absolute_path else None
    kind = error.validator
    if kind == "required":
        return [(name, "Dit veld is verplicht.") for name in error.validator_value if name not in data]
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        return [(name, "Dit veld hoort niet bij dit formulier.") for name in data if name not in known]
    if kind == "anyOf" and field is None:
        hint = schema.get("x-anyOf-message", {})
        message = hint.get("message", "Vul de ontbrekende gegevens in.")
        return [(name, message) for name in hint.get("fields", ["_form"])]
    return [(field or "_form", _message(kind, error))]


def _message(kind, error) -> str:
    value = error.validator_value
    if kind == "type":
        return {
            "boolean": "Kies ja of nee.",
            "string": "Vul hier tekst in.",
            "integer": "Vul een geheel getal in.",
            "number": "Vul een getal in.",
        }.get(value, "Deze waarde heeft de verkeerde vorm.")
    if kind == "enum":
        return "Kies een van de mogelijkheden: " + ", ".join(map(str, value)) + "."
    if kind == "minLength":
        return "Dit veld is verplicht." if value == 1 else f"Vul minstens {value} tekens in."
    if kind == "maxLength":
        return f"Gebruik hoogstens {value} tekens."
    if kind == "pattern":
        return "Deze waarde bevat tekens die hier niet mogen."
    if kind == "format":
        return {
            "email": "Dit is geen geldig e-mailadres.",
            "date": "Vul een geldige datum in (JJJJ-MM-DD).",
        }.get(value, "Deze waarde heeft niet de juiste vorm.")
    return "Deze waarde is niet geldig."
