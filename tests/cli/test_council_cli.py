"""`flask council setup`, `flask council show` and `flask categories import`/`list`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from community.models import Area, AuditEntry, Category, CouncilSettings
from community.places import DEFAULT_CATEGORIES, STARTER_CATEGORIES_FILE, view_of_bounds
from tests.builders.people import make_user

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WARDS = FIXTURES / "areas" / "portmere_wards.geojson"
CATEGORIES = FIXTURES / "categories" / "portmere.csv"


def invoke(runner, *args, **kwargs):
    return runner.invoke(args=list(args), **kwargs)


def rows(session, model):
    session.expire_all()
    return session.scalars(select(model)).all()


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_setup_names_the_council_imports_its_wards_and_categories_and_says_what_is_left(runner, session):
    result = invoke(runner, "council", "setup", "--name", "Portmere Borough Council", "--wards", str(WARDS),
                    "--categories", str(CATEGORIES))

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Council: Portmere Borough Council.",
        "Imported 4 wards: 4 new, 0 updated.",
        "Imported 5 categories: 5 new, 0 changed, 0 unchanged.",
        "Name: Portmere Borough Council",
    ]
    # The map's start is worked out from the wards: the middle of the four squares, at the zoom that fits.
    zoom = view_of_bounds(54.04, -2.82, 54.08, -2.78).zoom
    assert f"Maps start at 54.06000, -2.80000, zoom {zoom} (worked out from the wards)." in lines
    assert lines[-2:] == [
        "Still to do:",
        '  flask users create --role admin --email you@council.example --name "Your Name"',
    ]
    assert [s.name for s in rows(session, CouncilSettings)] == ["Portmere Borough Council"]
    assert sorted(a.name for a in rows(session, Area)) == [
        "Castle Hill", "Harbourside", "Millbrook", "Saltmarsh"
    ]
    assert [c.slug for c in session.scalars(select(Category).order_by(Category.position))] == [
        "food-and-shopping", "boat-repairs", "befriending", "health-support", "childcare"
    ]
    health, childcare = (session.scalar(select(Category).where(Category.slug == s))
                         for s in ("health-support", "childcare"))
    assert (health.sensitive, health.regulated, childcare.sensitive, childcare.regulated) == (
        True, False, False, True
    )


def test_setup_is_safe_to_run_again_and_keeps_the_name_it_has(runner, session):
    first = invoke(runner, "council", "setup", "--name", "Portmere Borough Council", "--wards", str(WARDS))
    assert first.exit_code == 0, first.output
    make_user(session, role="admin")
    session.commit()

    again = invoke(runner, "council", "setup", "--wards", str(WARDS), "--categories", str(CATEGORIES))

    assert again.exit_code == 0, again.output
    assert "Imported 4 wards: 0 new, 4 updated." in again.output
    assert again.output.splitlines()[-1] == "Ready: people can register, post and set up groups."
    assert count(session, CouncilSettings) == 1 and count(session, Area) == 4
    renamed = invoke(runner, "council", "setup", "--name", "Portmere Council")
    assert renamed.exit_code == 0
    assert [s.name for s in rows(session, CouncilSettings)] == ["Portmere Council"]
    assert [e.detail for e in rows(session, AuditEntry) if e.action == "council.named"] == [
        "Portmere Borough Council", "from Portmere Borough Council to Portmere Council"
    ]


def test_setup_asks_for_the_name_the_first_time(runner, session):
    result = invoke(runner, "council", "setup", input="Portmere Borough Council\n")

    assert result.exit_code == 0, result.output
    assert "The council's name:" in result.output
    assert [s.name for s in rows(session, CouncilSettings)] == ["Portmere Borough Council"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", " "], "Enter the council's name"),
        (["--name", "x" * 121], "The council's name must be 120 characters or fewer"),
        (["--name", "Portmere", "--wards", "missing.geojson"], "There is no file called missing.geojson"),
        (["--name", "Portmere", "--wards", str(FIXTURES / "areas" / "not_json.geojson")],
         "The file must be GeoJSON, but it is not valid JSON"),
        (["--name", "Portmere", "--wards", str(WARDS),
          "--categories", str(FIXTURES / "areas" / "two_wards.geojson")],
         "The file must be a list of categories, each with a slug, a name and a description"),
    ],
)
def test_bad_input_fails_with_one_line_and_writes_nothing(runner, session, args, message):
    result = invoke(runner, "council", "setup", *args)

    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {message}"]
    assert [count(session, model) for model in (CouncilSettings, Area, Category)] == [0, 0, 0]


def test_setup_refuses_the_demo_database(runner, session):
    make_user(session, is_demo=True)
    session.commit()

    result = invoke(runner, "council", "setup", "--name", "Portmere Borough Council")

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: This database holds the Weave demo: set up a council in an empty database "
        "(see README, 'Setting up a real council')."
    ]
    assert count(session, CouncilSettings) == 0


def test_show_lists_every_step_on_an_empty_database(runner, session):
    result = invoke(runner, "council", "show")

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Name: not set",
        "Areas: 0 wards, 0 LSOAs; 0 postcodes.",
        "Categories of help: 0.",
        "Still to do:",
        '  flask council setup --name "Your Council"',
        "  flask areas import WARDS.geojson --kind ward",
        "  flask categories import community/data/starter-categories.yaml",
        '  flask users create --role admin --email you@council.example --name "Your Name"',
    ]


def test_the_starter_file_imports_the_sixteen_demo_categories_and_again_changes_nothing(runner, session):
    first = invoke(runner, "categories", "import", str(STARTER_CATEGORIES_FILE))
    again = invoke(runner, "categories", "import", str(STARTER_CATEGORIES_FILE))

    assert first.output == "Imported 16 categories: 16 new, 0 changed, 0 unchanged.\n"
    assert again.output == "Imported 16 categories: 0 new, 0 changed, 16 unchanged.\n"
    assert [c.slug for c in session.scalars(select(Category).order_by(Category.position))] == [
        spec.slug for spec in DEFAULT_CATEGORIES
    ]
    listed = invoke(runner, "categories", "list")
    assert listed.output.splitlines()[7] == (
        "personal-care                Personal care (sensitive, regulated)"
    )


def test_a_second_file_updates_by_slug_and_leaves_the_others_after_it(runner, session):
    invoke(runner, "categories", "import", str(STARTER_CATEGORIES_FILE))

    result = invoke(runner, "categories", "import", str(CATEGORIES))

    assert result.exit_code == 0, result.output
    assert result.output == (
        "Imported 5 categories: 1 new, 4 changed, 0 unchanged. 12 already in Weave but not in the file were "
        "left as they are.\n"
    )
    ordered = [c.slug for c in session.scalars(select(Category).order_by(Category.position))]
    assert ordered[:5] == ["food-and-shopping", "boat-repairs", "befriending", "health-support", "childcare"]
    assert len(ordered) == 17


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("slug,name\nBad Slug,Bad\n", "c.csv",
         "Row 2: A slug is lower-case letters, digits and single hyphens, like food-and-shopping"),
        ("slug,name\nok,Fine\nok,Again\n", "c.csv", "Row 3 repeats the slug ok"),
        ("slug,name,sensitive\nok,Fine,perhaps\n", "c.csv",
         "Row 2 (ok): sensitive must be yes or no, not “perhaps”"),
        ("- slug: ok\n  name: Fine\n  colour: red\n", "c.yaml",
         "Entry 1 has fields Weave does not know: colour. Use slug, name, description, sensitive, regulated"),
        ("- slug: ok\n  name: [unclosed\n", "c.yaml", "The file is not valid YAML at line 3"),
        ("title,name\nx,y\n", "c.csv",
         "The CSV file's first row must name its columns: slug, name, description, sensitive, regulated"),
        ("[]\n", "c.yaml", "The file has no categories in it"),
    ],
)
def test_a_bad_category_file_names_the_entry_and_writes_nothing(runner, session, tmp_path, content, name,
                                                                  message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    result = invoke(runner, "categories", "import", str(path))

    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {message}"]
    assert count(session, Category) == 0
