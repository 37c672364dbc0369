"""Reading what a client sends: a JSON object body and query parameters, refused with a 400 and a
Dutch message when malformed (never a 500, whatever the bytes)."""

import json
import math

from flask import request

from .blueprint import bp
from .problems import ApiError

MAX_DEPTH = 20
MAX_DIGITS = 15  # larger whole numbers are no answer to any form, and break other JSON readers
NOT_JSON = "De inhoud is geen geldige JSON"
BAD_PARAMETER = "Een parameter van het verzoek is niet geldig."


def json_object() -> dict:
    """The request body as a JSON object; an empty body counts as `{}`."""
    raw = request.get_data(cache=False)
    if not raw.strip():
        return {}
    try:
        value = json.loads(
            raw.decode("utf-8"),
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except UnicodeDecodeError:
        raise ApiError(400, f"{NOT_JSON}: gebruik UTF-8.", code="invalid_json") from None
    except json.JSONDecodeError as error:
        where = f" (regel {error.lineno}, kolom {error.colno})"
        raise ApiError(400, f"{NOT_JSON}{where}.", code="invalid_json") from None
    except (ValueError, RecursionError) as error:
        raise ApiError(400, f"{NOT_JSON}: {error}", code="invalid_json") from None
    if not isinstance(value, dict):
        raise ApiError(400, 'Stuur een JSON-object, bijvoorbeeld {"veld": "waarde"}.', code="invalid_json")
    _check(value, 1)
    return value


def _no_constant(name):
    raise ValueError(f"{name} is geen getal dat hier kan worden opgeslagen.")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"het getal {text[:20]}… is te groot.")
    return int(text)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"het getal {text[:20]} is te groot.")
    return number


def _check(value, depth: int) -> None:
    """Refuse what no database stores as text: NUL characters, lone surrogates, deep nesting."""
    if depth > MAX_DEPTH:
        raise ApiError(400, f"{NOT_JSON}: de gegevens zijn te diep genest.", code="invalid_json")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, f"{NOT_JSON}: de tekst bevat ongeldige tekens.", code="invalid_json") from None
    if "\x00" in text:
        raise ApiError(400, f"{NOT_JSON}: de tekst bevat een NUL-teken.", code="invalid_json")


def choice(name: str, allowed, default: str | None = None) -> str | None:
    """A query parameter that must be one of `allowed` (absent: `default`)."""
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise ApiError(400, BAD_PARAMETER, {name: "Kies een van: " + ", ".join(allowed) + "."})
    return value


def number(name: str, default: int, low: int, high: int) -> int:
    """A whole-number query parameter between `low` and `high`."""
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 9 and low <= int(value) <= high):
        raise ApiError(400, BAD_PARAMETER, {name: f"Geef een geheel getal van {low} tot en met {high}."})
    return int(value)


def flag(name: str) -> bool:
    value = request.args.get(name, "false")
    if value not in ("true", "false"):
        raise ApiError(400, BAD_PARAMETER, {name: "Geef true of false."})
    return value == "true"


def header_text(name: str, limit: int) -> str | None:
    """A header of printable ASCII up to `limit` characters, or None when absent."""
    value = request.headers.get(name)
    if value is None:
        return None
    if not 0 < len(value) <= limit or not value.isascii() or not value.isprintable():
        raise ApiError(400, BAD_PARAMETER, {name: f"Gebruik 1 tot {limit} leesbare ASCII-tekens."})
    return value


@bp.before_request
def readable_path() -> None:
    """A path part that no record can have (NUL, control characters) names nothing: 404."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and (not value.isprintable() or len(value) > 200):
            raise ApiError(404)
