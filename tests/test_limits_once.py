"""Text length limits are written once, in the domain: the web forms read them, numbers and words."""

from __future__ import annotations

import ast
from pathlib import Path

from community.limits import TextLimit

PROJECT = Path(__file__).resolve().parent.parent


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) for part in node.values)
    return ""


def written_limits(source: str) -> list[str]:
    """Every ``Length(max=<a number>)`` and every message about a number of characters in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
        if isinstance(node, ast.Call) and name == "Length":
            for keyword in node.keywords:
                if keyword.arg in ("max", "min") and isinstance(keyword.value, ast.Constant):
                    found.append(f"line {node.lineno}: Length({keyword.arg}={keyword.value.value})")
        if "characters or fewer" in _text(node) or "characters or more" in _text(node):
            found.append(f"line {node.lineno}: {_text(node)!r}")
    return found


def test_the_web_app_writes_no_length_limit_of_its_own():
    found = {str(path.relative_to(PROJECT)): written_limits(path.read_text())
             for path in sorted((PROJECT / "app").rglob("*.py"))}
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_scan_finds_a_limit_written_in_a_form():
    # Positive control: what the forms used to say.
    source = '''
title = StringField("Title", validators=[Length(max=120, message="Title must be 120 characters or fewer")])
body = TextAreaField("Details", validators=[wtforms.validators.Length(max=5000)])
'''
    assert sorted(written_limits(source)) == [
        "line 2: 'Title must be 120 characters or fewer'", "line 2: Length(max=120)",
        "line 3: Length(max=5000)",
    ]


def test_a_limit_says_its_number_the_gov_uk_way():
    assert TextLimit("Details", 5000).message == "Details must be 5,000 characters or fewer"
    assert not TextLimit("Title", 3).exceeded_by("abc") and TextLimit("Title", 3).exceeded_by("abcd")
