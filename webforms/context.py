"""What a request works with: the engine, the personal links and the rate limits of this app."""

from flask import current_app


def engine():
    return current_app.extensions["klacht"]


def settings():
    return current_app.extensions["klacht_settings"]


def links():
    return current_app.extensions["klacht_links"]


def throttle(name: str):
    return current_app.extensions["klacht_throttles"][name]
