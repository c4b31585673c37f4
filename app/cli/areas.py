"""`flask areas ...`: import boundary files and see what is loaded."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.common import fail, unit_of_work
from community.places import count_areas_by_kind, import_areas, kind_label
from community.places.areas import MAX_AREA_POINTS

# Boundary files for a whole country run to a few hundred megabytes; a council's wards are a few.
MAX_FILE_BYTES = 200 * 10**6


@click.group("areas", help="Area boundaries: wards, LSOAs and custom areas.")
def areas_cli() -> None:
    pass


@areas_cli.command("import", help="Create or update areas from a GeoJSON file of polygons, by code.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--kind", default="ward", show_default=True, help="ward, lsoa or custom.")
@click.option("--code-property", help="The feature property holding the code (found automatically: WD13CD).")
@click.option("--name-property", help="The feature property holding the name (found automatically: WD13NM).")
@with_appcontext
def import_command(file: Path, kind: str, code_property: str | None, name_property: str | None) -> None:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            fail(f"{file} is {size / 1e6:,.0f} MB, more than the {MAX_FILE_BYTES // 10**6} MB Weave reads: "
                 "simplify the boundaries first (for example with mapshaper or ogr2ogr -simplify) "
                 "or split it")
        data = file.read_bytes()
    except FileNotFoundError:
        fail(f"There is no file called {file}")
    except IsADirectoryError:
        fail(f"{file} is a folder, not a GeoJSON file")
    except OSError as error:
        fail(f"Could not read {file}: {error.strerror}")
    with unit_of_work() as session:
        result = import_areas(
            session, source=data, kind=kind, code_property=code_property, name_property=name_property,
            progress=lambda line: click.echo(line, err=True),
        )
    click.echo(
        f"Imported {kind_label(kind, result.total)}: {result.created:,} new, {result.updated:,} updated."
    )
    if result.skipped:
        click.echo(f"Left out {result.skipped:,} features that are not polygons.")
    if result.simplified:
        click.echo(f"Simplified {result.simplified:,} boundaries with more than {MAX_AREA_POINTS:,} points.")
    if result.repaired:
        click.echo(f"Mended {result.repaired:,} boundaries whose outline touched itself.")


@areas_cli.command("list", help="Count the areas of each kind.")
@with_appcontext
def list_command() -> None:
    with unit_of_work() as session:
        counts = count_areas_by_kind(session)
    if not any(counts.values()):
        click.echo("No areas yet. Import boundaries with: flask areas import FILE.geojson")
        return
    for kind, count in counts.items():
        click.echo(kind_label(kind, count))
