"""Citations in a real browser: a click on one lands on its entry in the page's references,
and the reference lists, long addresses and all, fit a phone's width."""

import pytest

from .conftest import WIDTHS

pytestmark = pytest.mark.site


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_citation_jumps_to_its_entry_in_the_pages_references(open_page, width):
    tab = open_page("book/05_overtraining.html", width)
    citation = tab.page.locator(".bibtex-citation a").nth(3)
    key = citation.get_attribute("href").removeprefix("#")
    label = citation.inner_text()
    citation.click()
    tab.page.wait_for_function(f"location.hash === '#{key}'")
    entry = tab.page.locator(f"li#{key}")
    assert entry.inner_text().startswith(f"[{label}] ")
    # in the window (the last entries of a page cannot scroll up to its top)
    top = entry.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < tab.page.viewport_size["height"] - 40


@pytest.mark.parametrize("path", ["book/bibliography.html", "book/intro.html",
                                  "book/03_moe.html"])
def test_reference_lists_fit_a_phone(open_page, path):
    tab = open_page(path, WIDTHS["phone"])
    entries = tab.page.locator("li[id^=cite-], div.citation[id^=cite-]")
    assert entries.count() >= 5
    widest = entries.evaluate_all("es => Math.max(...es.map(e => e.getBoundingClientRect().right))")
    assert widest <= WIDTHS["phone"]
