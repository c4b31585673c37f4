"""Marking the domain's words for translation, without knowing how they are translated.

The domain speaks English and knows nothing of Flask or Babel. A message a person may read (an error, a
label, a notice) is written ``_("There is no category %(slug)s", slug=slug)``: that call returns a
``Text``, which *is* the English string (a ``str``: it compares, joins, slices and is stored exactly as
before) and also remembers its message id and values. ``pybabel extract`` finds the ``_`` and ``_n`` calls.

Whoever shows the text to a person translates it then: the web app installs its translator once with
``set_translator`` and calls ``translate(text)`` where domain words reach a page, a form or an API answer.
With no translator installed, ``translate`` gives back the English, so nothing changes until a language is
added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Text", "Translator", "_", "_n", "set_translator", "get_translator", "translate"]


class Text(str):
    """English text, already formatted, that also carries what a translator needs to say it again."""

    # Not "count": that is str.count, which a Text must keep.
    msgid: str
    plural: str | None
    number: int | None
    params: dict[str, Any]

    def __new__(
        cls, msgid: str, params: dict[str, Any] | None = None, *,
        plural: str | None = None, number: int | None = None,
    ) -> Text:
        params = dict(params or {})
        english = plural if plural is not None and number != 1 else msgid
        if plural is not None:
            params.setdefault("num", number)
        text = super().__new__(cls, english % params if params else english)
        text.msgid, text.plural, text.number, text.params = msgid, plural, number, params
        return text


def _(msgid: str, **params: Any) -> str:
    """Mark ``msgid`` for translation; ``%(name)s`` placeholders take their values from ``params``.

    The result is a ``Text`` (typed as the ``str`` it is, so marked words go wherever words went).
    """
    return Text(msgid, params)


def _n(singular: str, plural: str, count: int, **params: Any) -> str:
    """Mark a message whose wording depends on ``count`` (available as ``%(num)d``); a ``Text`` too."""
    return Text(singular, params, plural=plural, number=count)


@dataclass(frozen=True)
class Translator:
    """How the layer showing the text translates: gettext(msgid) and ngettext(singular, plural, n)."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]


_translator: Translator | None = None


def set_translator(translator: Translator | None) -> None:
    global _translator
    _translator = translator


def get_translator() -> Translator | None:
    return _translator


def translate(text: str) -> str:
    """``text`` in the reader's language: a ``Text`` is translated with its values put back in.

    A plain string is translated as its own message id, so a domain message built before it was marked
    still finds its translation when it has no placeholders. With no translator, the English.
    """
    if _translator is None:
        return str(text)
    if not isinstance(text, Text):
        return _translator.gettext(text) if text else text
    if text.plural is not None:
        words = _translator.ngettext(text.msgid, text.plural, text.number or 0)
    else:
        words = _translator.gettext(text.msgid)
    if not text.params:
        return words
    # A value may itself be marked ("Title" in "%(what)s must be 120 characters or fewer").
    return words % {name: _translated(value) for name, value in text.params.items()}


def _translated(value: Any) -> Any:
    return translate(value) if isinstance(value, Text) else value
