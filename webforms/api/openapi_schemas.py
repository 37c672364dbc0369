"""The shapes of the OpenAPI document (components/schemas), as webforms/api/shapes.py makes them."""


def nullable(kind: str, **more) -> dict:
    return {"type": [kind, "null"], **more}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def strict(properties: dict, **more) -> dict:
    """An object with exactly these properties, all of them always present."""
    return {"type": "object", "properties": properties, "required": list(properties), **more}


MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601, Europe/Amsterdam"}
MAYBE_MOMENT = {**MOMENT, "type": ["string", "null"]}
TEXT = {"type": "string"}
MAYBE_TEXT = nullable("string")
STATUS = {"type": "string", "enum": ["open", "closed", "cancelled"]}
LIST_OF_TEXT = {"type": "array", "items": TEXT}
PAGE = {"type": "integer", "minimum": 1}

TASK = strict(
    {
        "id": {**TEXT, "description": "Id van de taak (UUID)"},
        "reference": {**TEXT, "description": "Kenmerk van de klacht of instantie"},
        "process": TEXT,
        "task": {**TEXT, "description": "BPMN-id van de taak"},
        "title": TEXT,
        "role": MAYBE_TEXT,
        "roles": LIST_OF_TEXT,
        "assignee": MAYBE_TEXT,
        "claimed": {"type": "boolean"},
        "form": {**MAYBE_TEXT, "description": "Naam van het formulier; het schema staat bij GET /tasks/{id}"},
        "due": {**MAYBE_MOMENT, "description": "Termijn"},
        "state": {"type": "string", "enum": ["ready", "completed", "cancelled"]},
        "created_at": MOMENT,
        "completed_at": MAYBE_MOMENT,
        "completed_by": MAYBE_TEXT,
    }
)
INSTANCE = strict(
    {
        "reference": TEXT,
        "process": TEXT,
        "process_name": TEXT,
        "version": {"type": "integer"},
        "status": STATUS,
        "data": {"type": "object", "description": "Alle vastgelegde gegevens"},
        "started_at": MOMENT,
        "started_by": TEXT,
        "closed_at": MAYBE_MOMENT,
        "next_due": MAYBE_MOMENT,
        "tasks": {"type": "array", "items": ref("Task"), "description": "Open taken met termijn"},
    }
)
HANDLER = strict({"login": TEXT, "name": MAYBE_TEXT, "function": MAYBE_TEXT})
COMPLAINT_SUMMARY = strict(
    {
        "reference": TEXT,
        "status": STATUS,
        "status_label": TEXT,
        "complainant_name": MAYBE_TEXT,
        "category": MAYBE_TEXT,
        "started_at": MOMENT,
        "closed_at": MAYBE_MOMENT,
    }
)
EVENT = strict(
    {
        "at": MOMENT,
        "actor": TEXT,
        "on_behalf_of": MAYBE_TEXT,
        "event": TEXT,
        "task": MAYBE_TEXT,
        "title": MAYBE_TEXT,
        "task_id": MAYBE_TEXT,
        "data_before": nullable("object"),
        "data_after": nullable("object"),
        "details": nullable("object"),
    }
)
VERSION = strict(
    {
        "version": {"type": "integer"},
        "name": TEXT,
        "deployed_at": MOMENT,
        "deployed_by": TEXT,
        "comment": TEXT,
    }
)
PROCESS = strict(
    {
        "process_id": TEXT,
        "name": TEXT,
        "latest_version": {"type": "integer"},
        "versions": {"type": "array", "items": ref("Version")},
    }
)
ERROR = strict(
    {
        "error": strict(
            {
                "code": {**TEXT, "description": "Vaste code, bijvoorbeeld invalid_data of task_completed"},
                "message": {**TEXT, "description": "Uitleg in het Nederlands"},
                "fields": {
                    "type": "object",
                    "additionalProperties": TEXT,
                    "description": "Per veld wat er niet klopt (leeg als het niet om velden gaat)",
                },
            }
        )
    }
)

SCHEMAS = {
    "Error": ERROR,
    "Task": TASK,
    "TaskDetail": {
        "allOf": [
            ref("Task"),
            strict(
                {"documentation": MAYBE_TEXT, "schema": {**nullable("object"), "description": "JSON Schema"}}
            ),
        ]
    },
    "InboxPage": strict(
        {
            "tasks": {
                "type": "array",
                "items": {
                    "allOf": [
                        ref("Task"),
                        strict({"summary": {"type": "object"}, "working_days_left": nullable("integer")}),
                    ]
                },
            },
            "total": {"type": "integer"},
            "page": PAGE,
            "per_page": PAGE,
            "counts": strict(
                {"mine": {"type": "integer"}, "roles": {"type": "integer"}, "overdue": {"type": "integer"}}
            ),
            "capped": {
                "type": "array",
                "items": {"enum": ["total", "mine", "roles", "overdue"]},
                "description": "Figures that stopped counting at their cap: there are at least that many.",
            },
        }
    ),
    "Instance": INSTANCE,
    "InstanceTasks": strict(
        {"reference": TEXT, "status": STATUS, "tasks": {"type": "array", "items": ref("Task")}}
    ),
    "Complaint": {
        "allOf": [
            ref("Instance"),
            strict({"status_label": TEXT, "handler": {"oneOf": [HANDLER, {"type": "null"}]}}),
        ]
    },
    "ComplaintPage": strict(
        {
            "complaints": {"type": "array", "items": COMPLAINT_SUMMARY},
            "total": {"type": "integer"},
            "page": PAGE,
            "per_page": PAGE,
        }
    ),
    "Started": strict(
        {
            "reference": TEXT,
            "visible": {"type": "boolean", "description": "Of u de instantie na het starten mag inzien"},
            "status": STATUS,
            "tasks": {"type": "array", "items": ref("Task")},
            "url": TEXT,
        }
    ),
    "History": strict({"events": {"type": "array", "items": EVENT}}),
    "Version": VERSION,
    "Processes": strict({"processes": {"type": "array", "items": PROCESS}}),
    "Report": {"type": "object", "required": ["period", "comparison"], "description": "Kwartaalrapportage"},
    "Me": strict({"login": TEXT, "name": TEXT, "function": TEXT, "roles": LIST_OF_TEXT}),
    "Filed": strict(
        {
            "reference": TEXT,
            "status_token": {**TEXT, "description": "Voor GET /api/v1/public/status/{token}"},
            "status_url": TEXT,
            "answer_links": {"type": "array", "items": strict({"title": TEXT, "url": TEXT})},
        }
    ),
    "ComplainantStatus": strict(
        {
            "reference": TEXT,
            "received": MOMENT,
            "phase": TEXT,
            "phases": {
                "type": "array",
                "items": strict(
                    {"title": TEXT, "explanation": TEXT, "state": {"enum": ["done", "current", "todo"]}}
                ),
            },
            "due": MAYBE_MOMENT,
            "withdrawn": {"type": "boolean"},
            "registered": {"type": "array", "items": strict({"field": TEXT, "label": TEXT, "value": TEXT})},
        }
    ),
}
