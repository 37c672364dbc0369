"""A form's JSON Schema as the fields a template renders: one description per field, with its
widget, choices, current value and error, so the renderer macro needs no schema knowledge."""

from dataclasses import dataclass

from .form_data import NO, YES


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str | None
    widget: str  # text, email, date, number, textarea, select, radio
    required: bool
    value: str
    error: str | None
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    empty_choice: str | None = None  # the text of a select's "nothing chosen" option
    autocomplete: str | None = None  # what the browser may fill in (the person's own details)


YES_NO = (Choice(YES, "Ja"), Choice(NO, "Nee"))


def fields(schema: dict, values: dict, errors: dict, user_choices: dict | None = None) -> list[Field]:
    """The fields of `schema` with the given text values and error messages.

    `user_choices` maps the name of a `user-select` field to the users it may offer.
    """
    required = set(schema.get("required", ()))
    return [
        _field(name, prop, name in required, values, errors, (user_choices or {}).get(name, ()))
        for name, prop in schema.get("properties", {}).items()
    ]


def _field(name, prop, required, values, errors, users) -> Field:
    widget, choices, empty = _widget(prop, required, users)
    return Field(
        name=name,
        label=prop.get("title", name),
        hint=prop.get("description"),
        widget=widget,
        required=required,
        value=values.get(name, ""),
        error=errors.get(name),
        choices=tuple(choices),
        max_length=prop.get("maxLength"),
        empty_choice=empty,
        autocomplete=prop.get("x-autocomplete"),
    )


def _widget(prop, required, users) -> tuple[str, list[Choice], str | None]:
    hint = prop.get("x-widget")
    if prop.get("type") == "boolean":
        return "radio", list(YES_NO), None
    if hint == "user-select":
        if required:
            return "select", list(users), "Kies een medewerker"
        # With an explicit "unknown" choice, leaving it empty means "not recorded yet".
        return "select", list(users), "Nog niet vastgelegd" if "x-unknown" in prop else "Onbekend / niemand"
    if "enum" in prop:
        labels = prop.get("x-labels", {})
        choices = [Choice(str(v), labels.get(str(v), str(v))) for v in prop["enum"]]
        return ("radio", choices, None) if hint == "radio" else ("select", choices, "Kies een mogelijkheid")
    if hint == "textarea":
        return "textarea", [], None
    if prop.get("type") in ("integer", "number"):
        return "number", [], None
    return {"date": "date", "email": "email"}.get(prop.get("format"), "text"), [], None


def form_errors(schema: dict, errors: dict) -> list[str]:
    """Messages that belong to no shown field (the form as a whole, or unknown fields)."""
    known = schema.get("properties", {})
    return [message for name, message in errors.items() if name not in known]
