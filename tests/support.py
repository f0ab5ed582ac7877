"""Helpers shared by test modules."""

import os

import pytest


def require_or_skip(env_var: str, reason: str):
    """Skip locally when an outside part is missing; CI sets env_var to make it a failure."""
    if os.environ.get(env_var) == "1":
        pytest.fail(f"{reason} (required because {env_var}=1)")
    pytest.skip(reason)
