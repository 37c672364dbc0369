"""What the modeler page needs: the forms, roles and functions of this engine, and its policy."""

import base64
import hashlib

from flask import url_for
from flask_wtf.csrf import generate_csrf

from engine.diagram import MAX_DIAGRAM_BYTES

from .security import HEADERS

# bpmn-js-properties-panel writes these two style attributes into its own containers.
PANEL_STYLES = ("height: 100%", "flex: none; height: auto")


def editor_settings(engine, diagram_url: str | None) -> dict:
    """Plain data for the modeler page (rendered into a data attribute, read by editor.js)."""
    forms = engine.plugin.forms
    keys = forms.keys() if hasattr(forms, "keys") else []
    return {
        "diagram": diagram_url,
        "blank": url_for("static", filename="modeler/blank.bpmn"),
        "descriptor": url_for("static", filename="modeler/spiffworkflow.json"),
        "check": url_for("modeler.check"),
        "deploy": url_for("modeler.deploy"),
        "versions": url_for("modeler.versions.index"),
        "maxBytes": MAX_DIAGRAM_BYTES,
        "forms": [{"key": key, "title": (forms.schema(key) or {}).get("title") or key} for key in keys],
        "roles": [{"key": key, "label": label} for key, label in engine.plugin.roles.items()],
        "functions": sorted([*engine.plugin.functions, "now"]),
        "csrf": generate_csrf(),
    }


def problem_list(problems) -> list[dict]:
    return [{"element": element, "message": message} for element, message in problems]


def editor_policy() -> str:
    """The app's Content-Security-Policy, allowing exactly the properties panel's two style attributes."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in PANEL_STYLES
    )
    return f"{HEADERS['Content-Security-Policy']}; style-src-attr 'unsafe-hashes' {hashes}"
