"""`flask postcodes ...`: import an ONS Postcode Directory-style CSV so residents can give a postcode."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.common import fail, unit_of_work
from community.places import import_postcodes


@click.group("postcodes", help="Postcode centroids, for finding a resident's place by postcode.")
def postcodes_cli() -> None:
    pass


@postcodes_cli.command(
    "import",
    help="Import a CSV with postcode (pcds, pcd or postcode), latitude (lat) and longitude (long) columns, "
    "such as the ONS Postcode Directory. Existing postcodes are replaced; a bad file changes nothing.",
)
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    try:
        handle = file.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        fail(f"There is no file called {file}")
    except IsADirectoryError:
        fail(f"{file} is a folder, not a CSV file")
    except OSError as error:
        fail(f"Could not read {file}: {error.strerror}")
    try:
        with handle, unit_of_work() as session:
            result = import_postcodes(session, handle)
    except UnicodeDecodeError:
        fail(f"{file} is not a UTF-8 text file")
    click.echo(f"Imported {result.imported:,} postcodes.")
    if result.skipped:
        click.echo(f"Left out {result.skipped:,} postcodes without a latitude and longitude.")
