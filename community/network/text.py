"""Small helpers for the plain-language reasons shown on the page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["count", "join_all", "join_names", "name_of", "ward_list"]


def count(n: int, noun: str, plural: str | None = None) -> str:
    """Return ``"1 group"`` or ``"3 groups"``.

    Examples
    --------
    >>> count(1, "group"), count(3, "group"), count(2, "person", "people")
    ('1 group', '3 groups', '2 people')
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def join_names(names: Iterable[str], limit: int = 3) -> str:
    """Join names as English: ``"a, b and c"``; long lists end ``"and 2 more"``.

    Examples
    --------
    >>> join_names(["Ashby"]), join_names(["Ashby", "Elmwood"]), join_names("abcde")
    ('Ashby', 'Ashby and Elmwood', 'a, b, c and 2 more')
    """
    items = list(names)
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def name_of(code: str, names: Mapping[str, str] | None) -> str:
    """Display name for a ward code or category slug, falling back to the code.

    Examples
    --------
    >>> name_of("E05013500", {"E05013500": "Ashby Central"}), name_of("food", None)
    ('Ashby Central', 'food')
    """
    return (names or {}).get(code, code)


def join_all(names: Iterable[str]) -> str:
    """Join every name as English, however many: ``"a, b and c"``.

    Examples
    --------
    >>> join_all([]), join_all(["Ashby"]), join_all("abcde")
    ('', 'Ashby', 'a, b, c, d and e')
    """
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ward_list(codes: Iterable[str], names: Mapping[str, str] | None) -> str:
    """Name every ward in ``codes``: one or two by name, three or more counted first.

    Names are sorted so the same wards always read the same; an empty list
    reads ``"no listed ward"``.

    Examples
    --------
    >>> names = {"A": "Ashby", "E": "Elmwood", "S": "Sandmere"}
    >>> ward_list(["E"], names), ward_list(["S", "A"], names)
    ('Elmwood', 'Ashby and Sandmere')
    >>> ward_list(["S", "A", "E"], names), ward_list([], names)
    ('3 wards: Ashby, Elmwood and Sandmere', 'no listed ward')
    """
    shown = sorted({name_of(c, names) for c in codes})
    if not shown:
        return "no listed ward"
    if len(shown) <= 2:
        return join_all(shown)
    return f"{len(shown)} wards: {join_all(shown)}"
