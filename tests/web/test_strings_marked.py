"""Every word a person reads is marked for translation: templates and forms, with positive controls.

The checks themselves live in tests/unmarked_text.py; the planted examples below prove they can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unmarked_text import unmarked_flashes, unmarked_in_python, unmarked_in_template

APP = Path(__file__).resolve().parents[2] / "app"
TEMPLATES = sorted((APP / "templates").rglob("*.html"))
FORMS = sorted([APP / "forms.py", *APP.glob("*/forms.py")])
VIEWS = sorted(path for path in APP.rglob("*.py") if path.name != "forms.py")


def template_name(path: Path) -> str:
    return str(path.relative_to(APP / "templates"))


def test_there_are_templates_forms_and_views_to_check():
    assert len(TEMPLATES) > 50 and len(FORMS) > 5 and len(VIEWS) > 30


def test_every_template_marks_the_words_it_shows(app):
    unmarked = [
        str(found)
        for path in TEMPLATES
        for found in unmarked_in_template(app.jinja_env, path.read_text(), template_name(path))
    ]
    assert not unmarked, "Mark these with {{ _('...') }} or {% trans %}:\n" + "\n".join(unmarked)


def test_every_form_marks_its_labels_hints_and_messages():
    unmarked = [str(found) for path in FORMS for found in unmarked_in_python(path.read_text(), path.name)]
    assert not unmarked, "Wrap these in _l(...) (lazy_gettext):\n" + "\n".join(unmarked)


def test_every_view_marks_the_words_it_flashes():
    unmarked = [
        str(found)
        for path in VIEWS
        for found in unmarked_flashes(path.read_text(), str(path.relative_to(APP)))
    ]
    assert not unmarked, "Wrap these in _(...) (gettext), or _l(...) at import time:\n" + "\n".join(unmarked)


UNMARKED_TEMPLATES = [
    "<p>Hello there</p>",
    "<h1>Change the role of {{ name }}</h1>",
    '<img src="x.png" alt="A map of the ward">',
    '<a href="/x" title="Open the map">{{ _("Map") }}</a>',
    '<input type="submit" value="Search">',
    "{{ govukButton({'text': 'Save'}) }}",
    "{{ govukSummaryList({'rows': [{'key': {'text': 'Name'}, 'value': {'text': user.name}}]}) }}",
    "<td>{{ 'Yes' if group.broker else 'No' }}</td>",
    "<td>{{ ward.name or 'Not given' }}</td>",
    "<td>{{ value|default('None given') }}</td>",
    "{% set heading = kind_label or 'Every gap' %}<h1>{{ heading }}</h1>",
    "{% with caption='Needs near you' %}{% include 'table.html' %}{% endwith %}",
    "{% macro field(label='Where is it?') %}{{ label }}{% endmacro %}",
    "{% macro tag(status, label) %}{{ label }}{% endmacro %}{{ tag('hidden', 'Hidden by a moderator') }}",
    "{% if count == 1 %}person{% else %}people{% endif %}",
]

MARKED_TEMPLATES = [
    "<p>{{ _('Hello there') }}</p>",
    "<h1>{% trans name=person.name %}Change the role of {{ name }}{% endtrans %}</h1>",
    "<p>{% trans count=n %}{{ count }} person{% pluralize %}{{ count }} people{% endtrans %}</p>",
    '<img src="x.png" alt="{{ _(\'A map of the ward\') }}">',
    "{{ govukButton({'text': _('Save'), 'classes': 'govuk-button--secondary'}) }}",
    "<td>{{ _('Yes') if group.broker else _('No') }}</td>",
    '<div class="govuk-body weave-user-text" id="body">{{ need.body }}</div>',
    '<input type="hidden" name="action" value="{{ \'unverify\' if verified else \'verify\' }}">',
    "<a class=\"govuk-link\" href=\"{{ url_for('groups.detail', group_id=group.id) }}\">{{ group.name }}</a>",
    "<script>const words = 'Some words';</script><style>p::after { content: 'More words'; }</style>",
    "{% if need.status == 'in_progress' %}{{ need.title }}{% endif %} – 3, 4 · ({{ n }})",
    "<span>{{ '%.1f'|format(hours) }}</span>",
    "<!-- A comment for developers -->{# and a Jinja comment #}",
]


@pytest.mark.parametrize("source", UNMARKED_TEMPLATES)
def test_a_planted_unmarked_word_is_found(app, source):
    assert unmarked_in_template(app.jinja_env, source, "planted.html")


@pytest.mark.parametrize("source", MARKED_TEMPLATES)
def test_marked_words_and_markup_pass(app, source):
    assert unmarked_in_template(app.jinja_env, source, "planted.html") == []


def test_an_unmarked_word_is_reported_with_its_line(app):
    source = "<div>\n  {{ x }}\n  <p>Unmarked words</p>\n</div>"
    [found] = unmarked_in_template(app.jinja_env, source, "t.html")
    assert (found.where, found.line, found.text) == ("t.html", 3, "Unmarked words")


UNMARKED_PYTHON = [
    'name = StringField("Your name")',
    'name = StringField(_l("Your name"), validators=[DataRequired("Enter your name")])',
    'email = StringField(_l("Email"), description="You will use this to sign in.")',
    'TOO_LONG = f"Note must be {NOTE_MAX} characters or fewer"',
    'SHOW = options([("both", "Needs and offers")])',
    'raise ValidationError("How far you will go must be a number")',
]

MARKED_PYTHON = [
    'name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name"))])',
    'TOO_LONG = _l("Note must be %(max)s characters or fewer", max=NOTE_MAX)',
    'def f(value):\n    """A docstring Is Not Shown."""\n    return value in (None, "", "None")',
    'widget = GovTextInput(); autocomplete = "current-password"; kind = "in_progress"',
    'Refusal = Callable[[DomainError, "BaseForm | None"], "Response | None"]',
    'raise TypeError("a confirm refusal must answer with a response")',
    'raise ValueError(gettext("%(what)s must be a real date", what=self.what))',
]


@pytest.mark.parametrize("source", UNMARKED_PYTHON)
def test_a_planted_unmarked_form_string_is_found(source):
    assert unmarked_in_python(source, "planted.py")


@pytest.mark.parametrize("source", MARKED_PYTHON)
def test_marked_form_strings_pass(source):
    assert unmarked_in_python(source, "planted.py") == []


UNMARKED_FLASHES = [
    'flash("You are signed in.", "success")',
    'flash(f"Welcome to Weave, {user.display_name}.")',
    'submit(form, action, success="Your offer has been updated.", next_url=url)',
    'confirm(action, success=lambda need: f"“{need.title}” is marked as met.", next_url=url)',
    'tell(url, category="error", fallback="That could not be done.")',
]

MARKED_FLASHES = [
    'flash(_("You are signed in."), "success")',
    'flash(_("Welcome to Weave, %(name)s.", name=user.display_name))',
    'submit(form, action, success=SAVED, next_url=url_for("groups.detail", group_id=group.id))',
    'confirm(action, success=lambda need: _("“%(title)s” is met.", title=need.title), next_url=url)',
    'flash(translate(error.message), "info")',
]


@pytest.mark.parametrize("source", UNMARKED_FLASHES)
def test_a_planted_unmarked_flash_is_found(source):
    assert unmarked_flashes(source, "planted.py")


@pytest.mark.parametrize("source", MARKED_FLASHES)
def test_marked_flashes_pass(source):
    assert unmarked_flashes(source, "planted.py") == []
