"""llm_napkin: the shared model behind the book.

Every formula is a plain function of numbers that also accepts SymPy symbols, so a chapter derives
its results by calling the same code that computes its tables, plots and widgets. SI units
throughout: seconds, bytes, FLOP, FLOP/s, bytes/s, US dollars.

Module map, in layers; a module imports only from the layers below it.

Foundation
    - ``symbolic``: arithmetic that works on SymPy symbols and NumPy numbers alike
    - ``checks``: input checks, a ValueError that names the parameter and what is accepted

Data (``catalogs``), each figure with its source
    - ``catalogs.hardware``: accelerators, with their FLOP/s, HBM and links
    - ``catalogs.models``: transformer architectures and published sizes
    - ``catalogs.systems``: scale-up systems (NVLink servers and racks)
    - ``catalogs.quality``: published dense-against-MoE quality comparisons
    - ``catalogs.precision``: bytes per value of each number format
    - ``catalogs.context_limits``: published context limits of models over time
    - ``catalogs.sparse_schemes``: published sparse-attention designs (DSA, NSA, DeepSeek-V4)
    - ``catalogs.memory_generations``: HBM and FLOP/s of chip generations beyond ``hardware``
    - ``catalogs.scaling_fits``: published fits of Chinchilla's loss L(N, D)
    - ``catalogs.training_runs``: published parameters and pre-training tokens of real models
    - ``catalogs.prices``: dated API price lists, and DeepSeek's published day of serving
    - ``catalogs.memory_tiers``: HBM, host DDR, flash and disk: capacity and read bandwidth
    - ``catalogs.serving_reports``: published figures of DeepSeek-V3 served at scale
    - ``measurements``: the H200 sweeps shipped with the package, and their fits

Formulas, one idea of the lecture each
    - ``roofline``: one decode step, fetch weights and KV cache, multiply; the knee
    - ``attention``: the KV cache and the arithmetic of attention (MHA, GQA, MQA, MLA)
    - ``parameters``: parameters by part, from a model's architecture
    - ``serving``: a model on a group of chips; step time, cost, memory, knees by part
    - ``moe``: the sparsity trade of mixture-of-experts models
    - ``expert_parallel``: experts spread over GPUs and domains; the all-to-all
    - ``scaleup``: links and switch chips of a scale-up domain
    - ``pipelining``: layers cut into stages: traffic, bubbles, memory per GPU, latency
    - ``sparse_attention``: which cached tokens a new token reads: window, top-k, NSA, square root
    - ``long_context``: the balanced context, attention against weights, the memory wall
    - ``scaling_laws``: Chinchilla's loss and the compute-optimal model size and data
    - ``lifetime_cost``: pre-training, RL and inference cost over a model's life; its cheapest size
    - ``price_inversion``: API prices read backwards: KV bytes, decode efficiency, cache tiers
    - ``avalanche``: how far one flipped input bit spreads: random networks, Feistel, AES
    - ``reversible``: Feistel rounds and RevNet blocks; recomputation against the KV cache
    - ``layouts``: tensor/data-parallel attention and expert parallelism; one GPU's step

Measuring (``bench``), the scripts behind the measurements
    - ``bench.torch_sweep``: the H200 sweeps, for any CUDA GPU (needs PyTorch, not a dependency)
    - ``bench.numpy_sweep``: the same step shapes, scaled down, on the reader's CPU

Claims (``ledger``)
    - every claim of the lecture, where the book checks it, and the verdict

Presentation (``show``)
    - ``show.fmt``, ``show.plotstyle``, ``show.charts``, ``show.live``, ``show.page``
    - ``show.diagrams``: explanatory drawings labelled by the model (the introduction's)
    - ``show.views``: one pure view per chapter widget
"""

__version__ = "0.1.0"
