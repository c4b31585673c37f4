"""`flask directory ...`: import a directory of groups (Open Referral UK or the CSV template), export
Weave's own as ORUK JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.common import read_file, unit_of_work
from community import directory
from community.directory import DirectoryProblems


@click.group("directory", help="The directory of community groups, as Open Referral UK.")
def directory_cli() -> None:
    pass


def _listings(source: str) -> list:
    if source.startswith(("http://", "https://")):
        return directory.fetch_directory(source)
    path = Path(source)
    return directory.read_directory(read_file(path, "a directory file"), filename=path.name)


def _problems(error: DirectoryProblems) -> None:
    for line in error.problems:
        click.echo(line, err=True)
    sys.exit(1)


@directory_cli.command(
    "import",
    help="Import groups from ORUK JSON (a file, or a conforming API's address, whose /services pages are "
    "read) or the CSV template (community/data/directory-template.csv). Groups are matched by their ORUK "
    "id: importing again updates them. Wards are matched by ONS code (or name, or extent), kinds of help "
    "through --mapping. Imported groups have no coordinator until someone claims them. Bad input changes "
    "nothing and prints one line per problem.",
)
@click.argument("source")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path),
              help="YAML: taxonomy_terms (term id, code or name -> category slug) and areas (code or name -> "
              "ward code); see community/data/directory-mapping.yaml")
@click.option("--dry-run", is_flag=True, help="Print what would change, and change nothing.")
@with_appcontext
def import_command(source: str, mapping_file: Path | None, dry_run: bool) -> None:
    try:
        listings = _listings(source)
        mapping = directory.read_mapping(read_file(mapping_file, "a YAML file") if mapping_file else None)
    except DirectoryProblems as error:
        _problems(error)
    refused: DirectoryProblems | None = None
    with unit_of_work() as session:
        try:
            if dry_run:
                plan = directory.plan_import(session, listings=listings, mapping=mapping, source=source)
            else:
                plan = directory.apply_import(session, listings=listings, mapping=mapping, source=source)
            lines = plan.lines(done=not dry_run)
        except DirectoryProblems as error:
            # Raised before anything is written; rolled back all the same.
            session.rollback()
            refused = error
    if refused is not None:
        _problems(refused)
    for line in lines:
        click.echo(line)


@directory_cli.command("export", help="Write every published group, in full, as one ORUK /services page.")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@with_appcontext
def export_command(file: Path | None) -> None:
    with unit_of_work() as session:
        directory.ensure_directory_ids(session)
        document = directory.export_document(session)
    text = json.dumps(document, indent=1, ensure_ascii=False)
    if file is None:
        click.echo(text)
    else:
        file.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {document['total_items']} services to {file}")
