"""Template imports answer as Jinja's own do: the module is shared unless the page brings new globals."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from app.templating import _Template

TEMPLATES = {
    "macros.html": "{% macro shout() %}{{ greeting|default('hello') }}!{% endmacro %}",
    "page.html": "{% from 'macros.html' import shout %}{{ shout() }}",
}


def _env(template_class) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES))
    env.template_class = template_class
    env.globals["shared"] = 1
    return env


def test_an_import_shares_the_imported_module_when_the_page_brings_no_new_globals():
    env = _env(_Template)
    assert env.get_template("page.html").render() == "hello!"
    module = env.get_template("macros.html")._module
    assert module is not None
    env.get_template("page.html").render()
    assert env.get_template("macros.html")._module is module


def test_a_page_with_globals_of_its_own_gives_them_to_what_it_imports_as_jinja_does():
    for template_class in (_Template, Environment.template_class):
        env = _env(template_class)
        page = env.get_template("page.html", globals={"greeting": "good morning"})
        assert page.render() == "good morning!", template_class
