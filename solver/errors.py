"""Errors the command line turns into one line and an exit code."""

from __future__ import annotations


class SolverError(Exception):
    exit_code = 3


class BadInput(SolverError):
    """The user's input is unusable (missing file, bad option value): exit code 2."""

    exit_code = 2


class ModelUnavailable(SolverError):
    """The model endpoint cannot be reached or does not know the model: exit code 3."""

    exit_code = 3
