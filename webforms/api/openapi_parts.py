"""Building blocks of the OpenAPI document: operations with their answers, parameters, bodies."""

from .openapi_schemas import ref

CODES = {
    "200": "Gelukt",
    "201": "Aangemaakt",
    "400": "Ongeldige invoer; `fields` noemt per veld wat er niet klopt",
    "401": "Geen, een onbekend of een ingetrokken API-token",
    "403": "Uw rollen staan dit niet toe",
    "404": "Bestaat niet, of u mag het niet inzien",
    "409": "De taak is intussen afgerond of gewijzigd; er is niets gewijzigd",
    "410": "De link is verlopen",
    "413": "Het verzoek is te groot",
    "422": "Kan niet worden uitgevoerd (bijvoorbeeld een hergebruikte Idempotency-Key met andere gegevens)",
    "429": "Te veel verzoeken; probeer het later opnieuw",
}


def operation(
    tag, summary, description, schema, codes, params=(), body=None, public=False, media="application/json"
):
    """One operation; `codes` lists its answers, like "200 401 404"."""
    ok = {"schema": ref(schema)} if schema else {"schema": {"type": "object"}}
    operation = {
        "tags": [tag],
        "summary": summary,
        "description": description,
        "responses": {
            code: {"description": CODES[code], "content": {media: ok} if code < "300" else error_content()}
            for code in codes.split()
        },
    }
    if public:
        operation["security"] = []
    if params:
        operation["parameters"] = list(params)
    if body:
        operation["requestBody"] = body
    if "401" in codes.split():
        operation["responses"]["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return operation


def error_content() -> dict:
    return {"application/json": {"schema": ref("Error")}}


def path_parameter(name, description) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def query_parameter(name, schema, description="") -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def idempotency_header() -> dict:
    return {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Zelf gekozen sleutel (bijvoorbeeld een UUID): hetzelfde verzoek nog eens "
        "maakt niets nieuws.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[ -~]+$"},
    }


def json_body(schema) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}
