"""Helpers shared by test modules."""

import os
import socket

import pytest


def require_or_skip(env_var: str, reason: str):
    """Skip locally when an outside part is missing; CI sets env_var to make it a failure."""
    if os.environ.get(env_var) == "1":
        pytest.fail(f"{reason} (required because {env_var}=1)")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
