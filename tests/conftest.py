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


def pytest_collection_modifyitems(config, items):
    if config.getoption("--site"):
        return
    skip = pytest.mark.skip(reason="site checks run with --site, after the build (make test)")
    for item in items:
        if "site" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "site: checks of the built HTML site")
    os.environ.setdefault("MPLBACKEND", "Agg")
