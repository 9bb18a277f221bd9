"""The project's exception hierarchy.

Every shell (CLI, API, dashboard) maps these to an exit code or an HTTP status, so library
code raises them instead of printing or exiting. Each carries the file or record it is about
so that a user is told *which* input failed and why, while the rest of a run goes on.
"""
from __future__ import annotations


class WarledgerError(Exception):
    """Base of everything warledger raises on purpose."""

    exit_code = 1
    http_status = 500


class UsageError(WarledgerError):
    """The user asked for something that cannot be done as asked (bad option, bad path)."""

    exit_code = 2
    http_status = 400


class InputError(WarledgerError):
    """One input (file, record, URL) could not be read; the run goes on without it."""

    exit_code = 1
    http_status = 422

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ProfileError(WarledgerError):
    """A conflict profile is missing or malformed."""

    exit_code = 2
    http_status = 400


class StoreError(WarledgerError):
    """The store could not be opened, migrated or written."""

    exit_code = 1
    http_status = 503


class NotFound(WarledgerError):
    """A requested record (article, claim, conflict) does not exist."""

    exit_code = 1
    http_status = 404


class AuthError(WarledgerError):
    """A write was attempted without the right token."""

    exit_code = 2
    http_status = 401


class ReadOnly(WarledgerError):
    """A write on a server started without a token: it is read-only by design."""

    exit_code = 2
    http_status = 403


class TooLarge(WarledgerError):
    """A request body over ``Options.max_body_bytes``."""

    exit_code = 1
    http_status = 413


__all__ = ["AuthError", "InputError", "NotFound", "ProfileError", "ReadOnly", "StoreError",
           "TooLarge", "UsageError", "WarledgerError"]
