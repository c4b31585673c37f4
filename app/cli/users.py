"""`flask users ...`: make accounts and grant roles from the console."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.cli.common import fail, unit_of_work
from community import accounts
from community.models import User


@click.group("users", help="Create accounts and change roles.")
def users_cli() -> None:
    pass


@users_cli.command("create", help="Create an account (for example the first admin).")
@click.option("--email", required=True, help="Email address the person signs in with.")
@click.option("--name", required=True, help="Their name as other people see it.")
@click.option("--role", default="resident", show_default=True, help="resident, connector or admin.")
@click.option(
    "--password",
    default=None,
    help="Leave out to be asked for it without echo (a password typed here lands in shell history).",
)
@with_appcontext
def create(email: str, name: str, role: str, password: str | None) -> None:
    # Check everything cheap before asking for a password, so a typo fails at once.
    for problem in (accounts.role_problem(role), accounts.email_problem(email), accounts.name_problem(name)):
        if problem:
            fail(problem)
    with unit_of_work() as session:
        taken = session.scalar(
            select(User.id).where(User.email_normalised == accounts.normalise_email(email))
        )
    if taken:
        fail(accounts.DUPLICATE_EMAIL)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with unit_of_work() as session:
        user = accounts.create_user(session, email=email, display_name=name, password=password, role=role)
    click.echo(f"Created {role} account {user.email} ({user.display_name}).")


@users_cli.command("set-role", help="Change the role of an existing account.")
@click.option("--email", required=True, help="Email address of the account, in any case.")
@click.option("--role", required=True, help="resident, connector or admin.")
@with_appcontext
def set_role(email: str, role: str) -> None:
    with unit_of_work() as session:
        user = accounts.find_user_by_email(session, email)
        previous = user.role
        accounts.set_role_by_operator(session, user=user, role=role)
    if previous == role:
        click.echo(f"{user.email} is already {role}: nothing changed.")
    else:
        click.echo(f"{user.email} is now {role} (was {previous}).")
