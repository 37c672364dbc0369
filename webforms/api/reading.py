"""The OpenAPI document made readable: operations per tag, with their parameters, the fields of
their request body and their answers, for the API page."""

from dataclasses import dataclass

METHODS = ("get", "post", "put", "patch", "delete")
TYPES = {
    "string": "tekst",
    "integer": "geheel getal",
    "boolean": "ja/nee",
    "number": "getal",
    "object": "object",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    tag: str
    method: str
    path: str
    summary: str
    description: str
    public: bool
    parameters: list[Field]
    body: list[Field] | None
    responses: list[tuple[str, str]]
    example: str


def operations(spec: dict) -> list[Operation]:
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                found.append(_operation(spec, path, method, item[method]))
    return found


def tags(found: list[Operation]) -> list[tuple[str, list[Operation]]]:
    grouped: dict[str, list[Operation]] = {}
    for each in found:
        grouped.setdefault(each.tag, []).append(each)
    return list(grouped.items())


def _operation(spec, path, method, op) -> Operation:
    public = op.get("security") == []
    body = op.get("requestBody")
    return Operation(
        tag=op["tags"][0],
        method=method.upper(),
        path=path,
        summary=op["summary"],
        description=op.get("description", ""),
        public=public,
        parameters=[_parameter(p) for p in op.get("parameters", [])],
        body=_fields(spec, body["content"]["application/json"]["schema"]) if body else None,
        responses=[(code, answer["description"]) for code, answer in op["responses"].items()],
        example=_curl(method.upper(), path, public, body is not None),
    )


def _parameter(parameter) -> Field:
    schema = parameter.get("schema", {})
    kind = _kind(schema)
    where = {"path": "in het pad", "query": "in de query", "header": "header"}[parameter["in"]]
    return Field(
        parameter["name"],
        f"{kind}, {where}",
        parameter.get("required", False),
        parameter.get("description", ""),
    )


def _fields(spec, schema) -> list[Field]:
    schema = _resolved(spec, schema)
    required = set(schema.get("required", ()))
    return [
        Field(name, _kind(prop), name in required, prop.get("title") or prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def _resolved(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _kind(schema) -> str:
    if "enum" in schema:
        return "een van: " + ", ".join(map(str, schema["enum"]))
    kind = schema.get("type", "")
    kind = next((k for k in kind if k != "null"), "") if isinstance(kind, list) else kind
    if schema.get("format") == "email":
        return "e-mailadres"
    return TYPES.get(kind, kind or "waarde")


def _curl(method, path, public, with_body) -> str:
    parts = ["curl"]
    if method != "GET":
        parts.append(f"-X {method}")
    if not public:
        parts.append('-H "Authorization: Bearer $TOKEN"')
    if with_body:
        parts.append("-H 'Content-Type: application/json' -d '{...}'")
    parts.append(f'"$BASE{path}"')
    return " ".join(parts)
