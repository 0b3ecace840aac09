"""Browser tests of the built site (a package, so that the tests import their conftest helpers)."""
