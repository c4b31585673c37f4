"""Finding words a person would read that no translator would ever see.

Templates are read through Jinja's own parser, so text inside ``{% trans %}`` blocks and ``_()`` calls (which
the parser turns into gettext calls) is never reported. What is left is put back together in page order,
with a placeholder where an expression is written out, and read as HTML: any text with a letter in it, or
a visible attribute (``alt``, ``title``, ``aria-label``, ``placeholder``), is unmarked. Inside expressions,
a quoted string is unmarked where it is written out: the ``text``/``html`` parameters of the GOV.UK
macros, ``{{ 'Yes' if ... }}``, ``|default('None')``, and words passed to our own macros (or their
defaults) or kept in ``{% set %}`` and ``{% with %}``.

Python (forms, views) is read with ``ast``: a string literal that reads like words (a space, or a capital
and a small letter) outside a gettext call is unmarked. Docstrings, strings only compared with or used as
keys and type names, and messages of errors raised for programmers (``TypeError``) are not read.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from jinja2 import Environment, nodes

LETTER = re.compile(r"[^\W\d_]")
# Stands for an expression's output; not a letter, so "{{ count }}" alone is never text.
PLACEHOLDER, PLACEHOLDER_END = "\ue000", "\ue001"
WRITTEN = re.compile(f"{PLACEHOLDER}(\\d+){PLACEHOLDER_END}")
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "aria-roledescription"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# Parameters of the GOV.UK macros (and our own dicts) whose values are shown to people.
SHOWN_KEYS = {
    "text", "html", "titleText", "descriptionText", "visuallyHiddenText", "iconFallbackText", "labelText",
    "caption", "placeholder", "alt", "title", "aria-label", "hint", "label", "legend", "navigationLabel",
    "menuButtonText", "menuButtonLabel",
}
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext", "_l", "_n", "lazy_gettext", "lazy_ngettext"}
SHOWN_FILTER_ARGUMENTS = {"default", "d"}
# Raised for programmers, never shown to a reader.
PROGRAMMING_ERRORS = {"TypeError", "RuntimeError", "AssertionError", "NotImplementedError"}


@dataclass(frozen=True)
class Unmarked:
    where: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.text!r}"


def _without_formats(value: str) -> str:
    """'%g km' reads 'km': printf directives are not words."""
    return re.sub(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[a-zA-Z%]", "", value)


def reads_like_words(value: str) -> bool:
    """'Not said', 'Yes', 'no demand'; not 'open', 'govuk-body', '%d %m %Y' or 'in_progress'."""
    if not re.search(r"[^\W\d_]{2,}", value) or value.startswith(("govuk-", "weave-")):
        return False
    return bool(re.search(r"[^\W\d_]\s+[^\W\d_]", value) or re.match(r"\W*[A-Z][a-z]", value))


# Templates ---------------------------------------------------------------------------------------------


def unmarked_in_template(env: Environment, source: str, name: str) -> list[Unmarked]:
    tree = env.parse(source, name)
    in_html, shown = _unmarked_html(tree, name)
    return sorted([*in_html, *_unmarked_expressions(tree, name, shown)], key=lambda u: (u.line, u.text))


def _pieces(node: nodes.Node, out: list[tuple[str, int]], written: list[nodes.Expr]) -> None:
    """The template's literal HTML in page order; each expression written out is a numbered placeholder."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Output):
            for item in child.nodes:
                if isinstance(item, nodes.TemplateData):
                    out.append((item.data, item.lineno))
                else:
                    out.append((f"{PLACEHOLDER}{len(written)}{PLACEHOLDER_END}", item.lineno))
                    written.append(item)
        elif isinstance(child, nodes.Stmt | nodes.Helper):
            _pieces(child, out, written)


class _Reader(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.shown: set[int] = set()  # the placeholders that land in text or a visible attribute
        self._hidden = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        kind = dict(attrs).get("type")
        for name, value in attrs:
            button = tag == "input" and name == "value" and kind in BUTTON_INPUTS
            if value and (name in VISIBLE_ATTRIBUTES or button):
                self._read(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._read(data)

    def _read(self, text: str) -> None:
        self.shown |= {int(number) for number in WRITTEN.findall(text)}
        if LETTER.search(WRITTEN.sub(PLACEHOLDER, text)):
            self.found.append((self._offset(), WRITTEN.sub(PLACEHOLDER, text)))


def _unmarked_html(tree: nodes.Template, name: str) -> tuple[list[Unmarked], list[nodes.Expr]]:
    """Unmarked text in the HTML, and the expressions written where a reader sees them."""
    pieces: list[tuple[str, int]] = []
    written: list[nodes.Expr] = []
    _pieces(tree, pieces, written)
    starts, text = [], []
    length = 0
    for data, _line in pieces:
        starts.append(length)
        text.append(data)
        length += len(data)
    page = "".join(text)
    reader = _Reader(page)
    reader.feed(page)
    reader.close()
    found = []
    for offset, words in reader.found:
        index = bisect.bisect_right(starts, offset) - 1
        data, line = pieces[index]
        line += data[: offset - starts[index]].count("\n")
        found.append(Unmarked(name, line, " ".join(words.split())))
    return found, [written[number] for number in sorted(reader.shown)]


def _shown_strings(expr: nodes.Node) -> list[nodes.Const]:
    """The string constants that ``expr`` can write out as they are (not those it only compares)."""
    if isinstance(expr, nodes.Const):
        return [expr] if isinstance(expr.value, str) else []
    if isinstance(expr, nodes.CondExpr):
        return _shown_strings(expr.expr1) + (_shown_strings(expr.expr2) if expr.expr2 else [])
    if isinstance(expr, nodes.Or | nodes.And | nodes.Add):
        return _shown_strings(expr.left) + _shown_strings(expr.right)
    if isinstance(expr, nodes.Concat | nodes.List | nodes.Tuple):
        return [c for item in (expr.nodes if isinstance(expr, nodes.Concat) else expr.items)
                for c in _shown_strings(item)]
    if isinstance(expr, nodes.Filter):
        shown = _shown_strings(expr.node) if expr.node is not None else []
        if expr.name in SHOWN_FILTER_ARGUMENTS:
            shown += [c for arg in expr.args for c in _shown_strings(arg)]
        return shown
    if isinstance(expr, nodes.MarkSafe | nodes.MarkSafeIfAutoescape):
        return _shown_strings(expr.expr)
    return []


def _our_macros(tree: nodes.Template) -> set[str]:
    names = {macro.name for macro in tree.find_all(nodes.Macro)}
    for imported in tree.find_all(nodes.FromImport):
        template = imported.template.value if isinstance(imported.template, nodes.Const) else ""
        if not str(template).startswith("govuk_frontend"):
            names |= {n[1] if isinstance(n, tuple) else n for n in imported.names}
    return names


def _unmarked_expressions(tree: nodes.Template, name: str, shown: list[nodes.Expr]) -> list[Unmarked]:
    candidates: list[tuple[nodes.Const, bool]] = []  # (constant, only if it reads like words)
    macros = _our_macros(tree)
    for pair in tree.find_all(nodes.Pair):
        if isinstance(pair.key, nodes.Const) and pair.key.value in SHOWN_KEYS:
            candidates += [(c, False) for c in _shown_strings(pair.value)]
    for expr in shown:
        candidates += [(c, False) for c in _shown_strings(expr)]
    for assign in tree.find_all(nodes.Assign):
        candidates += [(c, True) for c in _shown_strings(assign.node)]
    for scope in tree.find_all(nodes.With):
        candidates += [(c, True) for value in scope.values for c in _shown_strings(value)]
    for macro in tree.find_all(nodes.Macro):
        candidates += [(c, True) for default in macro.defaults for c in _shown_strings(default)]
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in macros:
            arguments = [*call.args, *(keyword.value for keyword in call.kwargs)]
            candidates += [(c, True) for arg in arguments for c in _shown_strings(arg)]
    return [
        Unmarked(name, const.lineno, const.value)
        for const, words_only in candidates
        if LETTER.search(_without_formats(const.value)) and (not words_only or reads_like_words(const.value))
    ]


# Python ------------------------------------------------------------------------------------------------


def unmarked_in_python(source: str, name: str) -> list[Unmarked]:
    tree = ast.parse(source)
    marked: set[int] = set()  # inside a gettext call, or only compared with (``value in ("", "None")``)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in GETTEXT:
            marked |= {id(inner) for arg in node.args for inner in ast.walk(arg)}
        if isinstance(node, ast.Compare):
            marked |= {id(inner) for part in (node.left, *node.comparators) for inner in ast.walk(part)}
        if isinstance(node, ast.Subscript):  # LABELS["key"], Callable[["BaseForm"], None]
            marked |= {id(inner) for inner in ast.walk(node.slice)}
        raised = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(raised, ast.Call) and _called(raised) in PROGRAMMING_ERRORS:
            marked |= {id(inner) for inner in ast.walk(raised)}
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        Unmarked(name, node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in marked | docstrings and reads_like_words(node.value)
    ]


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


# Views ---------------------------------------------------------------------------------------------------

# Where a view hands words to the reader: flash(words), and the messages submit/confirm/tell flash for it.
FLASHING_CALLS = {"flash": (0,), "submit": (), "confirm": (), "tell": (), "refused": ()}
FLASHED_KEYWORDS = {"success", "fallback"}


def unmarked_flashes(source: str, name: str) -> list[Unmarked]:
    """Words a view flashes (directly, or as ``success=`` / ``fallback=``) without a gettext call."""
    tree = ast.parse(source)
    marked = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Call) and _called(node) in GETTEXT
              for inner in ast.walk(node)}
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _called(call) not in FLASHING_CALLS:
            continue
        flashed = [call.args[i] for i in FLASHING_CALLS[_called(call)] if i < len(call.args)]
        flashed += [keyword.value for keyword in call.keywords if keyword.arg in FLASHED_KEYWORDS]
        for value in flashed:
            for node in ast.walk(value):
                words = _literal_words(node)
                if words and id(node) not in marked:
                    found.append(Unmarked(name, node.lineno, words))
    return found


def _literal_words(node: ast.AST) -> str:
    if isinstance(node, ast.JoinedStr):
        words = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        return words if LETTER.search(words) else ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and LETTER.search(node.value):
        return node.value
    return ""
