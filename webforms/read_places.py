"""Each request is one place of reading for the engine's record of who read a sensitive
complaint: a page (GET) is one view named by its path; a form sent back is not a new view."""

from flask import g, request

from engine.read_log import done_reading, reading_at


def init_app(app) -> None:
    @app.before_request
    def start_reading():
        g.read_place = reading_at(request.path if request.method == "GET" else None)

    @app.teardown_request
    def stop_reading(_error=None):
        token = g.pop("read_place", None)
        if token is not None:
            try:
                done_reading(token)
            except ValueError:  # torn down in another context than it started in: nothing to undo
                pass
