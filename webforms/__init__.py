"""The web app for staff and complainants: a thin layer over engine/ and process/."""


def create_app(settings=None, engine=None):
    """The Flask app (see webforms.app); imported lazily so the CLI does not load Flask."""
    from .app import create_app as build

    return build(settings, engine)


__all__ = ["create_app"]
