"""`flask categories ...`: load the categories of help from a file, and list them."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.common import read_file, unit_of_work
from community.places import import_categories, list_categories, read_category_file


@click.group("categories", help="The categories of help residents offer and ask for.")
def categories_cli() -> None:
    pass


def describe_import(result) -> str:
    parts = [f"{result.added} new", f"{result.updated} changed", f"{result.unchanged} unchanged"]
    if result.restored:
        parts.append(f"{result.restored} restored")
    line = f"Imported {result.total} categories: {', '.join(parts)}."
    if result.not_in_file:
        line += f" {result.not_in_file} already in Weave but not in the file were left as they are."
    return line


@categories_cli.command(
    "import",
    help="Add or update categories from a YAML or CSV file (see community/data/starter-categories.yaml), "
    "matched by slug and put in the file's order. Safe to repeat; a bad file changes nothing.",
)
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    data = read_file(file, "a YAML or CSV file")
    with unit_of_work() as session:
        result = import_categories(session, specs=read_category_file(data, filename=file.name))
    click.echo(describe_import(result))


@categories_cli.command("list", help="List the categories in order, with their flags.")
@with_appcontext
def list_command() -> None:
    with unit_of_work() as session:
        categories = list_categories(session)
        rows = [(c.slug, c.name, c.sensitive, c.regulated, c.retired) for c in categories]
    if not rows:
        click.echo("No categories yet. Load some with: flask categories import "
                   "community/data/starter-categories.yaml")
        return
    for slug, name, sensitive, regulated, retired in rows:
        flags = [word for word, on in (("sensitive", sensitive), ("regulated", regulated),
                                       ("retired", retired)) if on]
        click.echo(f"{slug:<28} {name}" + (f" ({', '.join(flags)})" if flags else ""))
