"""The process owner's BPMN modeler, validation and versions (issue 5)."""

from flask import Blueprint

bp = Blueprint("modeler", __name__, url_prefix="/procesbeheer")
