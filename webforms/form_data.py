"""Between HTML forms and a task's JSON data: what the browser sends is text, the schema says
which answers are booleans or numbers."""

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
