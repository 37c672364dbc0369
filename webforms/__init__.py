"""The web app for staff and complainants: a thin layer over engine/ and process/."""
