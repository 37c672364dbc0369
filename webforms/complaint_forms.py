"""The procedure's forms and fields that web pages use by name (the rest is generic)."""

import process

PROCESS = process.COMPLAINT_PROCESS
REGISTRATION_FORM = "registratie"

# What the complainant sees of their own complaint: never staff names or internal notes.
COMPLAINANT_FIELDS = (
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "description",
    "channel",
    "category",
)

# On the public form the complainant does not say how it reached us, nor who served them.
PUBLIC_FIXED = {"channel": "website"}
PUBLIC_HIDDEN = ("channel", "service_employee", "service_employee_name")


def in_your_words(schema: dict | None) -> dict | None:
    """A form as the complainant reads it: the second-person wording (`x-you`, `x-you-title`,
    `x-you-description`) the form gives beside its staff wording."""
    if not schema:
        return schema
    fields = {}
    for name, prop in schema.get("properties", {}).items():
        worded = dict(prop)
        if "x-you" in prop:  # the staff description does not fit the complainant's wording
            worded["title"] = prop["x-you"]
            worded.pop("description", None)
        if "x-you-description" in prop:
            worded["description"] = prop["x-you-description"]
        if "x-you-autocomplete" in prop:  # their own name and address: the browser may fill them in
            worded["x-autocomplete"] = prop["x-you-autocomplete"]
        fields[name] = worded
    worded = {**schema, "properties": fields}
    for key in ("title", "description"):
        if f"x-you-{key}" in schema:
            worded[key] = schema[f"x-you-{key}"]
    return worded


def public_schema(schema: dict) -> dict:
    """The registration form as the complainant fills it in on the website."""
    schema = in_your_words(schema)
    shown = {k: v for k, v in schema["properties"].items() if k not in PUBLIC_HIDDEN}
    return {
        **schema,
        "properties": shown,
        "required": [name for name in schema.get("required", ()) if name in shown],
    }


STATUS_LABELS = {"open": "In behandeling", "closed": "Afgesloten", "cancelled": "Ingetrokken"}


def categories(forms) -> dict[str, str]:
    """The kinds of complaint, value to Dutch label, as the registration form offers them."""
    prop = forms.schema(REGISTRATION_FORM)["properties"]["category"]
    labels = prop.get("x-labels", {})
    return {value: labels.get(value, value) for value in prop["enum"]}


def handler_text(data: dict) -> str | None:
    """Name and function of the handler, as recorded when the handler was assigned."""
    name = data.get("handler_name")
    if not name:
        return None
    function = data.get("handler_function")
    return f"{name} ({function})" if function else name
