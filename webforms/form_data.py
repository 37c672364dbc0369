"""Between HTML forms and a task's JSON data: what the browser sends is text, the schema says
which answers are booleans or numbers. Also the whole numbers of forms and query strings (page,
version, number of days)."""

from engine.models import MAX_ID

YES, NO = "ja", "nee"


def to_json(schema: dict, form) -> dict:
    """The answers of a submitted form as JSON for the engine, typed per the schema.

    Only the schema's fields are taken (the CSRF token and the honeypot are not answers). A
    value that does not convert stays text, so the engine's validation names the problem.
    """
    data = {}
    for name, prop in schema.get("properties", {}).items():
        if name in form:
            data[name] = _typed(prop.get("type"), form.get(name, ""))
    return data


def _typed(kind, raw: str):
    if kind == "boolean":
        return {YES: True, NO: False}.get(raw, raw)
    if kind in ("integer", "number") and raw.strip():
        try:
            return int(raw) if kind == "integer" else float(raw)
        except ValueError:
            return raw
    return raw


def whole_number(text: str | None, largest: int = MAX_ID) -> int | None:
    """A typed whole number from 0 up to `largest` (the range of the column it is looked up in),
    or None when it is not one.

    str.isdigit() alone is not enough: it lets through digits int() refuses ("²"), numbers too
    large for the database column (an overflow in the driver) and more digits than int() converts.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(largest))):
        return None
    number = int(text)
    return number if number <= largest else None


def to_form(schema: dict, data: dict) -> dict[str, str]:
    """Answers as the text an HTML form shows: booleans as ja/nee, absent answers left out."""
    values = {}
    for name in schema.get("properties", {}):
        if name in data and data[name] is not None:
            values[name] = as_text(data[name])
    return values


def defaults(schema: dict) -> dict[str, str]:
    """The form's default answers as form text."""
    properties = schema.get("properties", {})
    return to_form(schema, {name: prop["default"] for name, prop in properties.items() if "default" in prop})


def as_text(value) -> str:
    if value is True:
        return YES
    if value is False:
        return NO
    return str(value)
