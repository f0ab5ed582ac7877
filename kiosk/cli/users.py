"""`kiosk users ...`: staff accounts. Disabling an account, a new password or a new role end
every session of the account at once (kiosk/accounts.py)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from flask.cli import with_appcontext

from ..accounts import (
    AccountError,
    add_user,
    find_user,
    list_users,
    reset_password,
    set_active,
    set_role,
)
from ..audit import cli_actor
from ..db import database
from ..models.staff import ROLES
from .schema import ready_database


@click.group()
def users() -> None:
    """Staff accounts for the counter console."""


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@contextmanager
def _account_change():
    """A transaction on the accounts whose refusals are the command's error message."""
    ready_database()
    try:
        with database().session() as session:
            yield session
    except AccountError as refused:
        raise click.ClickException(str(refused)) from refused


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_add(name: str, role: str, password_stdin: bool) -> None:
    """Add a staff account (or reset its password); the password is asked for."""
    password = _password(password_stdin)
    with _account_change() as session:
        add_user(session, name, password, role, actor=cli_actor())
    click.echo(f"Account {name!r} ({role}) is ready.")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """Every account with its role and whether it may sign in."""
    ready_database()
    with database().session() as session:
        for user in list_users(session):
            state = "active" if user.active else "disabled"
            click.echo(f"{user.username:<24} {user.role:<10} {state}")


@users.command("disable")
@click.argument("name")
@with_appcontext
def users_disable(name: str) -> None:
    """Stop an account from signing in; its open sessions end at once."""
    with _account_change() as session:
        set_active(session, find_user(session, name), False, cli_actor())
    click.echo(f"Account {name!r} is disabled; its sessions have ended.")


@users.command("enable")
@click.argument("name")
@with_appcontext
def users_enable(name: str) -> None:
    """Let a disabled account sign in again."""
    with _account_change() as session:
        set_active(session, find_user(session, name), True, cli_actor())
    click.echo(f"Account {name!r} may sign in again.")


@users.command("reset-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_reset_password(name: str, password_stdin: bool) -> None:
    """Give an account a new password; its open sessions end at once."""
    password = _password(password_stdin)
    with _account_change() as session:
        reset_password(session, find_user(session, name), password, cli_actor())
    click.echo(f"Account {name!r} has a new password; its sessions have ended.")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def users_set_role(name: str, role: str) -> None:
    """Change what an account may do; its open sessions end at once."""
    with _account_change() as session:
        set_role(session, find_user(session, name), role, cli_actor())
    click.echo(f"Account {name!r} is now {role}; its sessions have ended.")
