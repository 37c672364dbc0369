"""The OpenAPI 3.1 document of /api/v1, kept beside the routes (a test compares the two). The
request bodies of the complaint forms are the procedure's own form definitions."""

import process

from ..complaint_forms import REGISTRATION_FORM, categories, public_schema
from ..inbox_filters import SORTS
from .openapi_parts import (
    idempotency_header,
    json_body,
    operation,
    path_parameter,
    query_parameter,
)
from .openapi_schemas import SCHEMAS, ref

INTRO = """Met deze API praten andere systemen (website, CRM, rapportagetools) met de klachtafhandeling,
met precies dezelfde regels als de webformulieren.

**Inloggen**: maak in de webapplicatie onder *API-tokens* een persoonlijk token aan (of met
`klacht tokens create LOGIN`) en stuur het mee als `Authorization: Bearer <token>`. Het token
handelt met uw rollen. Een sessiecookie van de browser telt hier niet.

**Fouten** hebben altijd de vorm `{"error": {"code", "message", "fields"}}`."""


def document(forms) -> dict:
    """The whole document; `forms` is the engine's form catalog (for the registration form)."""
    registration = forms.schema(REGISTRATION_FORM)
    kinds = list(categories(forms))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Klachtafhandeling API", "version": "1", "description": INTRO},
        "security": [{"token": []}],
        "paths": _paths(registration, kinds),
        "components": {
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token"}
            },
            "schemas": {
                **SCHEMAS,
                "Registration": registration,
                "PublicRegistration": public_schema(registration),
            },
        },
    }


def _paths(registration, kinds) -> dict:
    reference = path_parameter("reference", "Kenmerk, bijvoorbeeld KL-2026-0001")
    task_id = path_parameter("task_id", "Id van de taak")
    listing = [
        query_parameter("page", {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}),
        query_parameter("per_page", {"type": "integer", "minimum": 1, "maximum": 200, "default": 25}),
    ]
    category = query_parameter("category", {"type": "string", "enum": kinds}, "Soort klacht")
    form_body = json_body(
        {"type": "object", "description": "De velden van het formulier van de taak (zie `schema`)"}
    )
    return {
        "/api/v1/complaints": {
            "post": operation(
                "Klachten",
                "Klacht registreren",
                "Registreert een klacht met het klachtenformulier. "
                "Met dezelfde `Idempotency-Key` nog eens: dezelfde klacht (200), nooit een tweede.",
                "Started",
                "201 200 400 401 403 404 413 422",
                params=[idempotency_header()],
                body=json_body(ref("Registration")),
            ),
            "get": operation(
                "Klachten",
                "Klachten die u mag inzien",
                "Nieuwste eerst, per pagina.",
                "ComplaintPage",
                "200 400 401",
                params=[
                    query_parameter("status", {"type": "string", "enum": ["open", "closed", "cancelled"]}),
                    category,
                    *listing,
                ],
            ),
        },
        "/api/v1/complaints/{reference}": {
            "get": operation(
                "Klachten",
                "Eén klacht",
                "Status, gegevens, behandelaar en open taken met termijn.",
                "Complaint",
                "200 401 404",
                params=[reference],
            ),
        },
        "/api/v1/complaints/{reference}/reassign": {
            "post": operation(
                "Klachten",
                "Afhandelaar wisselen",
                "Draagt de klacht over aan een andere afhandelaar (relatiemanager; dezelfde regels als "
                "bij het toewijzen). Open taken gaan mee; beide afhandelaars krijgen bericht.",
                "Complaint",
                "200 400 401 403 404 413 422",
                params=[reference],
                body=json_body(
                    {
                        "type": "object",
                        "properties": {"handler": {"type": "string"}, "reason": {"type": "string"}},
                        "required": ["handler", "reason"],
                    }
                ),
            ),
        },
        "/api/v1/complaints/{reference}/history": {
            "get": operation(
                "Klachten",
                "Geschiedenis van een klacht",
                "Alles wat er met de klacht gebeurde.",
                "History",
                "200 401 404",
                params=[reference],
            ),
        },
        "/api/v1/tasks": {
            "get": operation(
                "Taken",
                "Uw takenlijst",
                "Taken voor u (`mine`) of voor uw rollen (`roles`).",
                "InboxPage",
                "200 400 401",
                params=[
                    query_parameter(
                        "scope", {"type": "string", "enum": ["mine", "roles"], "default": "mine"}
                    ),
                    query_parameter("role", {"type": "string", "enum": list(process.ROLES)}),
                    category,
                    query_parameter(
                        "overdue", {"type": "boolean", "default": False}, "Alleen taken over hun termijn"
                    ),
                    query_parameter("sort", {"type": "string", "enum": list(SORTS), "default": "due"}),
                    *listing,
                ],
            ),
        },
        "/api/v1/tasks/{task_id}": {
            "get": operation(
                "Taken",
                "Eén taak met formulier",
                "Met de instructie en het JSON Schema van het formulier. Een open taak opent alleen "
                "voor wie haar mag doen, net als in de webapplicatie.",
                "TaskDetail",
                "200 401 403 404",
                params=[task_id],
            ),
        },
        "/api/v1/tasks/{task_id}/claim": {
            "post": operation(
                "Taken",
                "Taak oppakken",
                "Neemt een groepstaak: daarna ziet alleen u haar.",
                "Task",
                "200 401 403 404 409",
                params=[task_id],
            ),
        },
        "/api/v1/tasks/{task_id}/release": {
            "post": operation(
                "Taken",
                "Taak vrijgeven",
                "Geeft een opgepakte taak terug aan de rol.",
                "Task",
                "200 401 403 404 409",
                params=[task_id],
            ),
        },
        "/api/v1/tasks/{task_id}/complete": {
            "post": operation(
                "Taken",
                "Taak afronden",
                "Rondt de taak af met de gegevens van haar formulier.",
                "Task",
                "200 400 401 403 404 409 413 422",
                params=[task_id],
                body=form_body,
            ),
        },
        "/api/v1/processes": {
            "get": operation(
                "Processen", "Gedeployde processen", "Elk proces met zijn versies.", "Processes", "200 401"
            ),
        },
        "/api/v1/processes/{process_id}/instances": {
            "post": operation(
                "Processen",
                "Proces starten",
                "Start de nieuwste versie met de gegevens van het startformulier; "
                "geeft het kenmerk en de open taken. Ook met `Idempotency-Key`.",
                "Started",
                "201 200 400 401 403 404 413 422",
                params=[path_parameter("process_id", "Id van het proces"), idempotency_header()],
                body=form_body,
            ),
        },
        "/api/v1/instances/{reference}": {
            "get": operation(
                "Processen",
                "Eén instantie",
                "Status, gegevens en open taken.",
                "Instance",
                "200 401 404",
                params=[reference],
            ),
        },
        "/api/v1/instances/{reference}/tasks": {
            "get": operation(
                "Processen",
                "Open taken van een instantie",
                "",
                "InstanceTasks",
                "200 401 404",
                params=[reference],
            ),
        },
        "/api/v1/reports/{period}": {
            "get": operation(
                "Rapportage",
                "Cijfers van de rapportage",
                "Voor relatiemanager en auditor.",
                "Report",
                "200 400 401 403 404",
                params=[path_parameter("period", "Kwartaal (2026Q4) of dagen (2026-01-01..2026-03-31)")],
            ),
        },
        "/api/v1/public/complaints": {
            "post": operation(
                "Klager",
                "Klacht indienen (website)",
                "Zonder token; hooguit 5 per uur per adres, samen met het webformulier.",
                "Filed",
                "201 400 404 413 429",
                body=json_body(ref("PublicRegistration")),
                public=True,
            ),
        },
        "/api/v1/public/status/{token}": {
            "get": operation(
                "Klager",
                "Status van een klacht",
                "Met het token uit de persoonlijke statuslink.",
                "ComplainantStatus",
                "200 404 410",
                params=[path_parameter("token", "Token uit de statuslink")],
                public=True,
            ),
        },
        "/api/v1/me": {
            "get": operation(
                "Account", "Wie ben ik", "De gebruiker en rollen van het token.", "Me", "200 401"
            ),
        },
        "/api/v1/openapi.json": {
            "get": operation("Documentatie", "Dit document", "OpenAPI 3.1.", None, "200", public=True),
        },
        "/api/v1/docs": {
            "get": operation(
                "Documentatie",
                "Leesbare API-pagina",
                "Deze documentatie als webpagina.",
                None,
                "200",
                public=True,
                media="text/html",
            ),
        },
    }
