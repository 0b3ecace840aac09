"""llm_napkin: the shared model behind the book.

Every formula is a plain function of numbers that also accepts SymPy symbols, so a chapter derives
its results by calling the same code that computes its tables, plots and widgets. SI units
throughout: seconds, bytes, FLOP, FLOP/s, bytes/s, US dollars.
"""

__version__ = "0.1.0"
