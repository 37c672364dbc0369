"""Where a redirect may go when a request names the place (`next` after logging in): only a
path on this site. Every view that follows such a value asks `local_target` first."""

from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000


def local_target(value) -> str | None:
    """`value` when it is a plain path on this site, otherwise None.

    Refused: anything a browser could read as another origin (`//host`, `/\\host`, a scheme,
    `/%09/host` once the browser drops the tab), control characters, white space other than a
    space and backslashes in any form (raw or percent-encoded, decoded as often as it takes),
    and very long values."""
    if not isinstance(value, str) or not value or len(value) > MAX_LENGTH:
        return None
    seen = value
    for _ in range(5):  # %25 nests encodings; a few rounds reach the bottom of any real path
        if not _plain_path(seen):
            return None
        decoded = unquote(seen)
        if decoded == seen:
            return value
        seen = decoded
    return None


def _plain_path(text: str) -> bool:
    if any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" or (c.isspace() and c != " ") for c in text):
        return False
    if not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc
