"""Checks every map document must pass, for the tests of each map (posts, groups, coverage, network).

    from tests.maps.assertions import assert_map_document

    config = assert_map_document(render_document(m), tiles_url=TILES)

fails unless the document is valid HTML with a title and one h1, loads every script and stylesheet from
this site (the tile URL template is the only outside address), has no inline event handlers, and carries its
data configuration as escaped JSON; it returns that configuration.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from tests.web.conftest import check_page

CONFIG_ID = "weave-map-config"


def asset_urls(html: str) -> list[str]:
    """Every URL the document asks the browser to load by itself: scripts, stylesheets, images, frames."""
    page = BeautifulSoup(html, "html.parser")
    urls = [tag["src"] for tag in page.find_all(["script", "img", "iframe"], src=True)]
    urls += [tag["href"] for tag in page.find_all("link", href=True)]
    # CSS @import or url() inside inline styles would be another way out.
    for style in page.find_all("style"):
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", style.get_text())
    return urls


def absolute_urls(text: str) -> set[str]:
    """Every http(s) or protocol-relative URL anywhere in the text."""
    return set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'<>)]*", text))


def map_config(html: str) -> dict:
    page = BeautifulSoup(html, "html.parser")
    element = page.find("script", id=CONFIG_ID)
    assert element is not None, f"No <script id={CONFIG_ID}> in the map document"
    assert element.get("type") == "application/json"
    return json.loads(element.string)


def assert_map_document(html: str, *, tiles_url: str) -> dict:
    check_page(html)
    assert_self_hosted(html, tiles_url=tiles_url)
    raw = BeautifulSoup(html, "html.parser").find("script", id=CONFIG_ID).string
    assert "<" not in raw and ">" not in raw, "The config JSON must escape < and >"
    return map_config(html)


def assert_self_hosted(html: str, *, tiles_url: str) -> None:
    """Nothing but the tile server outside this site: no CDN, no jQuery, Bootstrap or icon fonts."""
    for url in asset_urls(html):
        assert urlsplit(url).netloc == "" and url.startswith("/"), f"Asset from another host: {url}"
    tile_host = urlsplit(tiles_url).netloc
    foreign = {url for url in absolute_urls(html) if urlsplit(url if ":" in url else "https:" + url).netloc
               != tile_host}
    assert not foreign, f"The document names other hosts: {sorted(foreign)}"
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), "Inline event handler attribute"
    for banned in ("jquery", "bootstrap", "awesome-markers", "font-awesome", "fontawesome", "glyphicons"):
        assert banned not in html.lower(), f"{banned} is referenced by the map document"
