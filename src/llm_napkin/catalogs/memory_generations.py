"""Accelerators beyond `hardware.CHIPS`, for the memory wall: HBM capacity, HBM bandwidth and
dense bf16 FLOP/s by generation, each with its source.

`generations()` merges these with the chips of `catalogs.hardware` (read, not copied), oldest
first. A chip announced but not shipped carries `announced=True`; a figure its vendor has not
published is None and is left out of the plots that need it.
"""

from dataclasses import dataclass

from . import Catalog, hardware

G, T, P = 1e9, 1e12, 1e15


@dataclass(frozen=True)
class Generation:
    name: str
    vendor: str
    year: int  #: first shipped (or announced to ship)
    bf16_flops: float | None  #: dense bf16 FLOP/s (None: not published)
    hbm_bytes: float
    hbm_bandwidth: float  #: bytes/s
    sources: tuple[str, ...]
    announced: bool = False
    notes: str = ""
    aliases: tuple[str, ...] = ()


EXTRA = (
    Generation("V100 SXM", "NVIDIA", 2017, 125 * T, 32 * G, 900 * G, (
        "NVIDIA Tesla V100 datasheet (SXM2): 125 TFLOPS tensor performance (fp16 inputs), "
        "32 GB HBM2, 900 GB/s",), notes="No bf16; its fp16 tensor rate stands in."),
    Generation("TPU v4", "Google", 2021, 275 * T, 32 * G, 1200 * G, (
        "Google Cloud TPU v4 documentation (https://cloud.google.com/tpu/docs/v4): 275 TFLOPs "
        "bf16, 32 GiB HBM2, 1,200 GBps",)),
    Generation("MI300X", "AMD", 2023, 1307.4 * T, 192 * G, 5.3 * T, (
        "AMD Instinct MI300X data sheet: 1,307.4 TFLOPS FP16/BF16 dense (2,614.9 with "
        "sparsity), 192 GB HBM3, 5.3 TB/s",)),
    Generation("MI355X", "AMD", 2025, 2.5 * P, 288 * G, 8 * T, (
        "AMD Instinct MI355X specifications: 2.5 PFLOPS FP16/BF16 dense, 288 GB HBM3E, "
        "8 TB/s",)),
    Generation("TPU7x (Ironwood)", "Google", 2025, 2307 * T, 192 * 2**30, 7.37 * T, (
        "Google Cloud TPU7x documentation (https://docs.cloud.google.com/tpu/docs/tpu7x): 2,307 "
        "TFLOPs bf16, 4,614 fp8, 192 GiB HBM per chip",
        "Google, Ironwood: The first Google TPU for the age of inference (2025-04-09): HBM "
        "bandwidth 4.5 times Trillium's (1.64 TB/s), about 7.4 TB/s per chip",),
        notes="Not verified: the bandwidth row of the TPU7x documentation could not be read "
              "here; 7.37 TB/s is 4.5 times Trillium's, as the announcement put it."),
    Generation("Rubin", "NVIDIA", 2026, None, 288 * G, 22 * T, (
        "NVIDIA GTC 2026 keynote as reported by mirrorfrog.com/en/blog/nvidia-vera-rubin-platform-"
        "6-chips-deep-dive: 288 GB HBM4, 22 TB/s, 50 PFLOPS NVFP4 (sparse) per GPU",
        "Tom's Hardware, Nvidia Rubin (tomshardware2025rubin)",),
        announced=True,
        notes="Announced, not shipped; NVIDIA has not published a dense bf16 rate, so Rubin is "
              "left out of FLOP-based ratios."),
)


def generations() -> Catalog:
    """Every chip of `hardware.CHIPS` and of EXTRA as a Generation, oldest first."""
    from_catalog = tuple(
        Generation(c.name, "Google" if c.name.startswith("TPU") else "NVIDIA", c.year,
                   c.bf16_flops, c.hbm_bytes, c.hbm_bandwidth, c.sources, aliases=c.aliases)
        for c in hardware.CHIPS)
    return Catalog("chip generation",
                   sorted(from_catalog + EXTRA, key=lambda g: (g.year, g.hbm_bandwidth)))
