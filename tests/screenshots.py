"""README screenshots: written only when KLACHT_SCREENSHOTS names a folder (`make screenshots`),
never by an ordinary test run, which must not write into the repository."""

import os
from pathlib import Path


def screenshot(page, name: str, **options) -> None:
    folder = os.environ.get("KLACHT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), **options)
