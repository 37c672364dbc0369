"""Auditor pages: complaint search, history on the diagram, audit chain (issue 4)."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
