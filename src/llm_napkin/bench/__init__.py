"""Measure a machine the way the book's H200 data was measured.

``torch_sweep``  the script behind ``data/h200_roofline.json``: PyTorch on any CUDA GPU (torch is
                 not a dependency of the package; it is imported only when the script runs)
``numpy_sweep``  the same dense and MoE decode-step shapes, scaled down, timed with NumPy on the
                 reader's CPU in seconds

Both return what `llm_napkin.measurements` reads, so the book's fits and plots apply unchanged.
"""
