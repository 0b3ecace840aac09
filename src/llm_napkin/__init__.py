"""llm_napkin: the shared model behind the book.

Every formula is a plain function of numbers that also accepts SymPy symbols, so a chapter derives
its results by calling the same code that computes its tables, plots and widgets. SI units
throughout: seconds, bytes, FLOP, FLOP/s, bytes/s, US dollars.

Module map, in layers; a module imports only from the layers below it.

Foundation
    ``symbolic``         arithmetic that works on SymPy symbols and NumPy numbers alike
    ``checks``           input checks: a ValueError that names the parameter and what is accepted

Data (``catalogs``), each figure with its source
    ``catalogs.hardware``    accelerators: FLOP/s, HBM, links
    ``catalogs.models``      transformer architectures and published sizes
    ``catalogs.systems``     scale-up systems (NVLink servers and racks)
    ``catalogs.quality``     published dense-against-MoE quality comparisons
    ``catalogs.precision``   bytes per value of each number format
    ``measurements``         the H200 sweeps shipped with the package, and their fits

Formulas, one idea of the lecture each
    ``roofline``         one decode step: fetch weights and KV cache, multiply; the knee
    ``attention``        the KV cache and the arithmetic of attention (MHA, GQA, MQA, MLA)
    ``parameters``       parameters by part, from a model's architecture
    ``serving``          a model on a group of chips: step time, cost, memory, knees by part
    ``moe``              the sparsity trade of mixture-of-experts models
    ``expert_parallel``  experts spread over GPUs and domains; the all-to-all
    ``scaleup``          links and switch chips of a scale-up domain
    ``avalanche``        how far one flipped input bit spreads: random networks, Feistel, AES
    ``reversible``       Feistel rounds and RevNet blocks; recomputation against the KV cache

Claims (``ledger``)
    every claim of the lecture, where the book checks it, and the verdict

Presentation (``show``)
    ``show.fmt``, ``show.plotstyle``, ``show.charts``, ``show.widgets``, ``show.page``, and
    ``show.views``: one pure view per chapter widget
"""

__version__ = "0.1.0"
