"""Errors a user can act on: the CLI prints their message on one line, no traceback."""


class UserError(Exception):
    """A problem the user can fix (a missing folder, a bad config value)."""
