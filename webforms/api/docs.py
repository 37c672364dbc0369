"""The OpenAPI document at /api/v1/openapi.json and the same document as a readable Dutch page."""

from flask import render_template, request

from .. import context
from .blueprint import bp, public
from .openapi import document
from .reading import operations, tags


@bp.get("/openapi.json")
@public
def openapi_document():
    return document(context.engine().plugin.forms)


@bp.get("/docs")
@public
def docs_page():
    spec = document(context.engine().plugin.forms)
    found = operations(spec)
    return render_template("api/docs.html", spec=spec, tags=tags(found), base=request.host_url.rstrip("/"))
