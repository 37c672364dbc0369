"""The JSON API under /api/v1 (issue 8): complaints, tasks, processes, reports and the
complainant's public endpoints, authenticated by personal API tokens, documented by an OpenAPI
document beside the routes. Each module below adds its routes to the one blueprint `bp`;
`token_page` is the web page (its own blueprint, behind the login) where staff make tokens."""

from . import (  # noqa: F401  (importing a module registers its routes)
    account,
    auth,
    body,
    complaints,
    docs,
    problems,
    processes,
    public,
    reports,
    tasks,
    token_page,
)
from .blueprint import bp

__all__ = ["bp"]
