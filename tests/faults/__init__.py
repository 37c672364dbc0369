"""Fault tests (issue 7, items 2 and 4): many writers at once, a deadline racing a user, a worker
killed in the middle of a step, side effects failing after the user's work was committed."""
