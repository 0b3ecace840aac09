"""Every page of the book read in Chromium on a phone (390 px) and a desktop (1280 px).

Each page is loaded once per width (the `readings` fixture); the tests then check what was read:
the menu and contents buttons open their panels on a phone, one search field, nothing wider than
the screen, every table and figure either fits its column or scrolls in its own box with a cue,
figures keep readable text on a phone, no console error, no request leaving the site, and every
link inside the site reaches an existing page and anchor.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import HTML, ROOT, WIDTHS, load

pytestmark = pytest.mark.site

PAGES = [entry + ".html" for entry in (
    lambda toc: [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
)(yaml.safe_load((ROOT / "_toc.yml").read_text()))]
PHONE, DESKTOP = WIDTHS["phone"], WIDTHS["desktop"]
CASES = [(page, width) for width in (PHONE, DESKTOP) for page in PAGES]
READABLE = 0.7  # a figure shown at 70% of its drawn size keeps its 13 px labels above 9 px

# What one page shows, measured in the browser. A table or figure image "fits" when it is no
# wider than the article column; otherwise its nearest ancestor that scrolls sideways is its box,
# and the .scroll-cue around it shows the note (::before) and the fading edge (::after).
MEASURE = """() => {
  const article = document.querySelector('.bd-article');
  const column = article.getBoundingClientRect();
  const shown = (e) => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const item = (e) => {
    const r = e.getBoundingClientRect();
    let box = e.parentElement;
    while (box !== article && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    const cue = e.closest('.scroll-cue');
    const note = cue && getComputedStyle(cue, '::before');
    const fade = cue && getComputedStyle(cue, '::after');
    return {
      what: (e.tagName === 'IMG' ? 'figure ' : 'table ') +
            (e.closest('figure, .cell, section')?.id || e.textContent.trim().slice(0, 40)),
      fits: r.left >= column.left - 1 && r.right <= column.right + 1,
      scrolls: box !== article && box.scrollWidth > box.clientWidth &&
               box.getBoundingClientRect().right <= column.right + 1,
      note: note && note.display !== 'none' ? note.content : '',
      fade: !!fade && fade.content !== 'none' && fade.backgroundImage.includes('gradient') &&
            cue.classList.contains('more-right'),
      drawn: e.naturalWidth || 0,
      width: r.width,
    };
  };
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    items: [...article.querySelectorAll('table, figure img')].map(item),
    searches: [...document.querySelectorAll('.search-button-field, .search-button__button, form.bd-search')]
      .filter(shown).length,
    navigation: [...document.querySelectorAll('#pst-primary-sidebar a')].filter(shown).length,
    contents: document.querySelector('#pst-secondary-sidebar') !== null,
    contentsShown: [...document.querySelectorAll('#pst-secondary-sidebar a')].filter(shown).length,
    links: [...document.querySelectorAll('a[href], link[rel="icon"]')].map((a) => a.href),
  };
}"""


def _opens(page, kind: str) -> bool:
    """Click the visible button of the primary ('menu') or secondary ('contents') sidebar and
    say whether its panel opened with links a reader can see; close it again."""
    buttons = page.locator(f".{kind}-toggle:visible")
    if buttons.count() != 1:
        return False
    buttons.click()
    panel = page.locator(f"#pst-{kind}-sidebar-modal")
    try:
        panel.locator("a").first.wait_for(state="visible", timeout=2000)
    except PlaywrightTimeout:
        return False
    opened = panel.evaluate("d => d.open")
    page.keyboard.press("Escape")
    return opened


@pytest.fixture(scope="module")
def readings(browser, site_url):
    """{(page, width): what the page showed}, each page loaded once per width."""
    found = {}
    for page, width in CASES:
        tab = load(browser, site_url, page, width)
        try:
            reading = tab.page.evaluate(MEASURE)
            reading["problems"] = tab.problems()
            if width == PHONE:
                reading["menu"] = _opens(tab.page, "primary")
                reading["contents opens"] = reading["contents"] and _opens(tab.page, "secondary")
        finally:
            tab.page.context.close()
        found[page, width] = reading
    return found


def test_every_page_of_the_table_of_contents_is_read():
    assert len(PAGES) == len(set(PAGES)) >= 10
    assert all((HTML / page).exists() for page in PAGES), "run make book first"


@pytest.mark.parametrize("page", PAGES)
def test_on_a_phone_the_menu_and_contents_buttons_open_their_panels(readings, page):
    reading = readings[page, PHONE]
    assert reading["menu"], "the menu button does not open the site navigation"
    assert reading["contents opens"] == reading["contents"], "the contents button opens nothing"


@pytest.mark.parametrize("page", PAGES)
def test_on_a_desktop_navigation_and_contents_are_in_view(readings, page):
    reading = readings[page, DESKTOP]
    assert reading["navigation"] >= len(PAGES) - 1
    assert not reading["contents"] or reading["contentsShown"] > 0


@pytest.mark.parametrize("page, width", CASES)
def test_one_search_field(readings, page, width):
    assert readings[page, width]["searches"] == 1


@pytest.mark.parametrize("page, width", CASES)
def test_nothing_is_wider_than_the_screen(readings, page, width):
    assert readings[page, width]["overflow"] <= 0


@pytest.mark.parametrize("page, width", CASES)
def test_every_table_and_figure_fits_or_scrolls_in_its_box_with_a_cue(readings, page, width):
    for item in readings[page, width]["items"]:
        if item["fits"]:
            continue
        assert item["scrolls"], f"{item['what']} is cut off: wider than the column, no scroll box"
        assert "scroll" in item["note"] and item["fade"], f"{item['what']} scrolls with no cue"


@pytest.mark.parametrize("page", PAGES)
def test_figures_keep_readable_text_on_a_phone(readings, page):
    for item in readings[page, PHONE]["items"]:
        if item["drawn"]:
            assert item["width"] >= READABLE * item["drawn"], \
                f"{item['what']} shown at {item['width']:.0f} of {item['drawn']} px"


@pytest.mark.parametrize("page, width", CASES)
def test_no_console_error_and_no_request_leaving_the_site(readings, page, width):
    problems = readings[page, width]["problems"]
    assert problems == [], "\n".join(problems)


@cache
def _anchors(path: Path) -> frozenset:
    return frozenset(re.findall(r'\s(?:id|name)="([^"]+)"', path.read_text(errors="replace")))


@pytest.mark.parametrize("page", PAGES)
def test_every_link_inside_the_site_resolves(readings, page, site_url):
    host = urlparse(site_url).netloc
    broken = []
    for link in set(readings[page, DESKTOP]["links"]):
        url = urlparse(link)
        if url.netloc != host:
            continue
        target = HTML / unquote(url.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link}: no such file")
        elif url.fragment and unquote(url.fragment) not in _anchors(target):
            broken.append(f"{link}: no #{url.fragment} on {target.name}")
    assert broken == [], "\n".join(sorted(broken))
