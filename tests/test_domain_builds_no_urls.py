"""The domain builds no URLs: no string in ``community/`` is a path on this site, like ``"/needs/"``.

Notices carry a ``Target`` instead, and the web app makes the link (``app/notices/links.py``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# A path on the site: a slash, then a lower-case word, then the end, a slash or a query.
SITE_PATH = re.compile(r"^/[a-z][a-z0-9_-]*(/|\?|$)")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def url_paths(source: str) -> list[str]:
    """Every string, or piece of an f-string, in ``source`` that is a path on the site (not docstrings)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [part for part in node.values if isinstance(part, ast.Constant)]
            skip.update(id(part) for part in parts)
            paths = [str(part.value) for part in parts if SITE_PATH.match(str(part.value))]
            if paths:
                found.append(f"line {node.lineno}: f{paths[0]!r}…")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if SITE_PATH.match(node.value):
                found.append(f"line {node.lineno}: {node.value!r}")
    return found


def test_the_domain_has_no_url_paths():
    found = {str(path.relative_to(PROJECT)): url_paths(path.read_text())
             for path in sorted((PROJECT / "community").rglob("*.py"))}
    assert {path: paths for path, paths in found.items() if paths} == {}


def test_the_scan_finds_paths_the_domain_used_to_write():
    # Positive control: what community/ held before notices carried targets.
    source = '''
"""A docstring may say /needs/1."""
SENT_INTRODUCTIONS_LINK = "/connectors/introductions"
def _link(need):
    return f"/needs/{need.id}"
notify(session, link=f"{root}/groups/{group.id}/members")
ratio = "1/2"
'''
    assert url_paths(source) == [
        "line 3: '/connectors/introductions'", "line 5: f'/needs/'…", "line 6: f'/groups/'…"]
