import os

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")
settings.register_profile("book", max_examples=60, deadline=None)
settings.load_profile("book")


def pytest_addoption(parser):
    parser.addoption("--site", action="store_true",
                     help="check the built site in _build/html (make test builds it first)")
    parser.addoption("--classroom", action="store_true",
                     help="check the student edition and the PDF (make classroom builds them)")


def pytest_collection_modifyitems(config, items):
    skips = {
        "site": (config.getoption("--site"),
                 "site checks run with --site, after the build (make test)"),
        "classroom": (config.getoption("--classroom"),
                      "student edition and PDF checks run with --classroom (make classroom)"),
    }
    for marker, (wanted, reason) in skips.items():
        if wanted:
            continue
        for item in items:
            if item.get_closest_marker(marker) is not None:  # not item.keywords: it holds folder names
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_configure(config):
    config.addinivalue_line("markers", "site: checks of the built HTML site")
    config.addinivalue_line("markers", "classroom: checks of the built student edition and PDF")
    os.environ.setdefault("MPLBACKEND", "Agg")
