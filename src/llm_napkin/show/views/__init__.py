"""One module per chapter widget: a pure `view(**controls)` and the `explorer()` that wires it."""
