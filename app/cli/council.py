"""`flask council ...`: set up the council this Weave is for, and see what it has loaded."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import exists, select

from app.cli.categories import describe_import
from app.cli.common import fail, read_file, unit_of_work
from community.models import User, UserRole
from community.places import (
    council_name,
    council_name_problem,
    council_overview,
    holds_demo,
    import_areas,
    import_categories,
    kind_label,
    read_category_file,
    set_council_name,
)


@click.group("council", help="The council running this Weave: its name, wards and categories of help.")
def council_cli() -> None:
    pass


@council_cli.command(
    "setup",
    help="Name the council and, optionally, import its wards and categories of help in one go. Asks for "
    "the name if it is not given. Safe to run again: files are matched by code and slug, and a bad file "
    "or name changes nothing.",
)
@click.option("--name", help="The council's name, as residents know it.")
@click.option("--wards", "wards_file", type=click.Path(path_type=Path),
              help="A GeoJSON file of the council's ward boundaries (as `flask areas import`).")
@click.option("--code-property", help="The ward file's property holding the code (found automatically).")
@click.option("--name-property", help="The ward file's property holding the name (found automatically).")
@click.option("--categories", "categories_file", type=click.Path(path_type=Path),
              help="A YAML or CSV file of categories of help, like community/data/starter-categories.yaml.")
@with_appcontext
def setup(name: str | None, wards_file: Path | None, code_property: str | None, name_property: str | None,
          categories_file: Path | None) -> None:
    # Everything is read and checked before anything is written, so a mistake leaves the database as it was.
    with unit_of_work() as session:
        if holds_demo(session):
            fail("This database holds the Weave demo: set up a council in an empty database "
                 "(see README, 'Setting up a real council').")
        current = council_name(session)
    if name is None:
        # Asked only the first time: run again, it keeps the name it has.
        name = current if current is not None else click.prompt("The council's name")
    problem = council_name_problem(name)
    if problem:
        fail(problem)
    wards = read_file(wards_file, "a GeoJSON file") if wards_file else None
    category_data = read_file(categories_file, "a YAML or CSV file") if categories_file else None
    with unit_of_work() as session:
        categories = (read_category_file(category_data, filename=categories_file.name)
                      if categories_file and category_data is not None else None)
        set_council_name(session, name=name)
        imported = categories_imported = None
        if wards is not None:
            imported = import_areas(session, source=wards, kind="ward", code_property=code_property,
                                    name_property=name_property)
        if categories is not None:
            categories_imported = import_categories(session, specs=categories)
    click.echo(f"Council: {name}.")
    if imported is not None:
        click.echo(f"Imported {kind_label('ward', imported.total)}: {imported.created:,} new, "
                   f"{imported.updated:,} updated.")
    if categories_imported is not None:
        click.echo(describe_import(categories_imported))
    _show()


@council_cli.command("show", help="What the council has set up, and what is still to do.")
@with_appcontext
def show() -> None:
    _show()


def _show() -> None:
    with unit_of_work() as session:
        overview = council_overview(session)
        has_admin = bool(session.scalar(select(exists().where(
            User.role == UserRole.ADMIN, User.deleted_at.is_(None)
        ))))
    click.echo(f"Name: {overview.name or 'not set'}")
    click.echo(f"Areas: {kind_label('ward', overview.wards)}, {kind_label('lsoa', overview.lsoas)}; "
               f"{overview.postcodes:,} postcodes.")
    if overview.bounds is not None:
        (lat, lng), zoom = overview.view.centre, overview.view.zoom
        click.echo(f"Maps start at {lat:.5f}, {lng:.5f}, zoom {zoom} (worked out from the wards).")
    retired = f" ({overview.retired_categories} retired)" if overview.retired_categories else ""
    click.echo(f"Categories of help: {overview.categories}{retired}.")
    steps = []
    if not overview.name:
        steps.append('flask council setup --name "Your Council"')
    if not overview.wards:
        steps.append("flask areas import WARDS.geojson --kind ward")
    if not overview.categories:
        steps.append("flask categories import community/data/starter-categories.yaml")
    if not has_admin:
        steps.append('flask users create --role admin --email you@council.example --name "Your Name"')
    if steps:
        click.echo("Still to do:")
        for step in steps:
            click.echo(f"  {step}")
    else:
        click.echo("Ready: people can register, post and set up groups.")


@council_cli.command(
    "deliver",
    help="Send pending escalations to the teams' own systems (Open311 or a signed webhook). Failures are "
    "tried again later with backoff; run it every minute from a scheduler.",
)
@with_appcontext
def deliver() -> None:
    from community.council import deliver_due

    with unit_of_work() as session:
        report = deliver_due(session)
    click.echo(f"Delivered {report.delivered}, to try again {report.retrying}, failed {report.failed}.")


@council_cli.command(
    "forecast",
    help="Forecast weekly demand for every ward and kind of help 8 weeks ahead (the method chosen by "
    "backtesting) and store a warning where it exceeds what the ward's groups and offers can meet. Weekly.",
)
@with_appcontext
def forecast() -> None:
    from community.council.forecast import refresh_warnings

    with unit_of_work() as session:
        report = refresh_warnings(session)
    methods = ", ".join(f"{name} {count}" for name, count in sorted(report.methods.items())) or "none"
    click.echo(f"Forecast {report.series} series ({methods}); {report.warnings} weeks over capacity.")


@council_cli.command(
    "evidence",
    help="Work out the demand-management figures of the needs again (the evidence page reads them). Run "
    "it every 10 minutes from a scheduler so that nobody waits for them.",
)
@with_appcontext
def evidence() -> None:
    from community.council.evidence import refresh_demand_rollup

    with unit_of_work() as session:
        rows = refresh_demand_rollup(session)
    click.echo(f"The evidence has {rows} month, ward and kind-of-help figures.")
