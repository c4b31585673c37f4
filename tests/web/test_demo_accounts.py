"""The foundation's promise: after seeding, each demo account signs in to a page for its role."""

from __future__ import annotations

from bs4 import BeautifulSoup

from community.demo.people import DEMO_ACCOUNTS, DEMO_PASSWORD

EXPECTED_SECTION = {
    "resident@demo.example.org": "your-help",
    "coordinator@demo.example.org": "your-groups",
    "connector@demo.example.org": "council-overview",
    "admin@demo.example.org": "council-overview",
}


def test_seeded_demo_accounts_are_printed_and_each_signs_in_to_a_page_for_its_role(app, runner):
    # One test, one seed: seeding the small demo is the slow part.
    seeded = runner.invoke(args=["demo", "seed", "--scale", "small", "--seed", "3"])
    assert seeded.exit_code == 0, seeded.output
    for account in DEMO_ACCOUNTS:
        assert account.email in seeded.output
    assert DEMO_PASSWORD in seeded.output

    assert {a.email for a in DEMO_ACCOUNTS} == set(EXPECTED_SECTION)
    for email, section_id in EXPECTED_SECTION.items():
        client = app.test_client()
        response = client.post(
            "/sign-in", data={"email": email, "password": DEMO_PASSWORD}, follow_redirects=True
        )
        assert response.status_code == 200, email
        page = BeautifulSoup(response.data, "html.parser")
        assert page.find(id=section_id) is not None, f"{email} did not land on its role's page"
