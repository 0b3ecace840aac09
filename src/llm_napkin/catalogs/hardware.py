"""Accelerators with their published figures, each with its source.

The ridge point and drain time of a chip are formulas and live in `llm_napkin.roofline`.

Conventions: FLOP/s are dense (vendors often print 2:4-sparse figures, twice as large); link
bandwidths are per chip and per direction (vendors often print both directions added); capacities
are in decimal bytes as the vendors print them. `scaleup_domain` is how many chips share the fast
network (NVLink, ICI) in the standard system; `scaleout_bandwidth` is the chip's share of the
slower network between such domains (InfiniBand or Ethernet NICs, TPU data-center network).
"""

from dataclasses import dataclass

from . import Catalog
from .precision import PRECISIONS

G, T, P = 1e9, 1e12, 1e15


@dataclass(frozen=True)
class Chip:
    """One accelerator as deployed in its standard system."""

    name: str
    bf16_flops: float  #: dense bf16 FLOP/s
    fp8_flops: float | None  #: dense fp8 FLOP/s; None where the chip has no fp8 matmul
    fp4_flops: float | None  #: dense fp4 FLOP/s; None where the chip has no fp4 matmul
    hbm_bytes: float  #: HBM capacity (bytes)
    hbm_bandwidth: float  #: HBM bandwidth (bytes/s)
    scaleup_bandwidth: float  #: fast-network bandwidth per chip, per direction (bytes/s)
    scaleup_domain: int  #: chips in one fast-network domain
    scaleout_bandwidth: float  #: slow-network bandwidth per chip, per direction (bytes/s)
    year: int  #: first shipped
    sources: tuple[str, ...]
    notes: str = ""
    aliases: tuple[str, ...] = ()

    def flops(self, precision: str) -> float:
        """Dense FLOP/s in `precision` ('bf16', 'fp8' or 'fp4')."""
        value = {"bf16": self.bf16_flops, "fp8": self.fp8_flops, "fp4": self.fp4_flops}.get(precision)
        if value is None:
            has = [p for p in PRECISIONS if getattr(self, f"{p}_flops") is not None]
            raise ValueError(f"{self.name} has no {precision!r} matmul rate; it has {', '.join(has)}")
        return value

    @property
    def scale_ratio(self) -> float:
        """How many times faster the scale-up network is than scale-out, per chip."""
        return self.scaleup_bandwidth / self.scaleout_bandwidth


_NVIDIA_NOTE = "HBM in the vendor's decimal GB. Scale-out: one NIC per GPU, as in the DGX system."

CHIPS = Catalog("chip", (
    Chip(
        name="A100 SXM", aliases=("A100", "A100 80GB"), year=2020,
        bf16_flops=312 * T, fp8_flops=None, fp4_flops=None,
        hbm_bytes=80 * G, hbm_bandwidth=2039 * G,
        scaleup_bandwidth=300 * G, scaleup_domain=8, scaleout_bandwidth=25 * G,
        sources=(
            "NVIDIA A100 Tensor Core GPU datasheet (80GB SXM column): BF16 312 TFLOPS dense "
            "(624 with sparsity), 80GB HBM2e, 2,039 GB/s, NVLink 600 GB/s (both directions); "
            "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/"
            "nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf",
            "NVIDIA DGX A100 datasheet: 8 GPUs, 8x single-port ConnectX-6 200 Gb/s HDR InfiniBand",
        ),
        notes=_NVIDIA_NOTE + " No fp8 (Ampere has int8 instead).",
    ),
    Chip(
        name="H100 SXM", aliases=("H100",), year=2022,
        bf16_flops=989.4 * T, fp8_flops=1978.9 * T, fp4_flops=None,
        hbm_bytes=80 * G, hbm_bandwidth=3.35 * T,
        scaleup_bandwidth=450 * G, scaleup_domain=8, scaleout_bandwidth=50 * G,
        sources=(
            "NVIDIA H100 Tensor Core GPU datasheet (SXM column): BF16 1,979 TFLOPS and FP8 3,958 "
            "TFLOPS with sparsity (half dense), 80GB, 3.35 TB/s, NVLink 900 GB/s (both directions)",
            "NVIDIA DGX BasePOD reference architecture, Core Components: DGX H100 has 4 NVSwitch "
            "chips and 8x ConnectX-7 up to 400 Gb/s; https://docs.nvidia.com/dgx-basepod/",
        ),
        notes=_NVIDIA_NOTE,
    ),
    Chip(
        name="H800", aliases=("H800 SXM", "H800 SXM5"), year=2023,
        bf16_flops=989.4 * T, fp8_flops=1978.9 * T, fp4_flops=None,
        hbm_bytes=80 * G, hbm_bandwidth=3.35 * T,
        scaleup_bandwidth=200 * G, scaleup_domain=8, scaleout_bandwidth=50 * G,
        sources=(
            "Zhao et al., Insights into DeepSeek-V3: Scaling Challenges and Reflections on "
            "Hardware for AI Architectures (arXiv:2505.09343), section 2.3: the H800 is the H100 "
            "SXM with NVLink cut from 900 GB/s to 400 GB/s (both directions), each node with "
            "eight 400 Gb/s InfiniBand CX7 NICs, one per GPU",
            "DeepSeek-AI, DeepSeek-V3 Technical Report (arXiv:2412.19437), section 3.2.2: "
            "NVLink delivers about 160 GB/s per GPU in practice, about 3.2 times InfiniBand's "
            "50 GB/s",
            "Same GH100 die, tensor-core rates, 80 GB of HBM3 and 3.35 TB/s as the H100 SXM "
            "(NVIDIA H100 datasheet, SXM column); https://aiwiki.ai/wiki/nvidia_h800",
        ),
        notes=_NVIDIA_NOTE + " The export variant of the H100 DeepSeek trained and serves on; "
              "only NVLink (and FP64) differ. Scale-up is the specification's 200 GB/s per "
              "direction; DeepSeek measured about 160 GB/s.",
    ),
    Chip(
        name="H200", aliases=("H200 SXM",), year=2024,
        bf16_flops=989.4 * T, fp8_flops=1978.9 * T, fp4_flops=None,
        hbm_bytes=141 * G, hbm_bandwidth=4.8 * T,
        scaleup_bandwidth=450 * G, scaleup_domain=8, scaleout_bandwidth=50 * G,
        sources=(
            "NVIDIA H200 Tensor Core GPU datasheet (SXM column): BF16 1,979 TFLOPS and FP8 3,958 "
            "TFLOPS with sparsity, 141GB HBM3e, 4.8 TB/s, NVLink 900 GB/s (both directions)",
            "NVIDIA DGX BasePOD reference architecture, Core Components: DGX H200, 1,128 GB for 8 "
            "GPUs, 8x ConnectX-7 400 Gb/s; https://docs.nvidia.com/dgx-basepod/",
        ),
        notes=_NVIDIA_NOTE,
    ),
    Chip(
        name="B200", aliases=("HGX B200", "DGX B200"), year=2024,
        bf16_flops=2.25 * P, fp8_flops=4.5 * P, fp4_flops=9 * P,
        hbm_bytes=180 * G, hbm_bandwidth=8 * T,
        scaleup_bandwidth=900 * G, scaleup_domain=8, scaleout_bandwidth=50 * G,
        sources=(
            "NVIDIA HGX B200 specifications (8 GPUs, with sparsity): FP16/BF16 36 PFLOPS, FP8 72 "
            "PFLOPS, FP4 144 PFLOPS; 1.44 TB HBM3e; 64 TB/s; NVLink 1.8 TB/s per GPU (both "
            "directions). Divided by 8 GPUs and by 2 for dense",
            "NVIDIA DGX B200 User Guide, Hardware Overview: 1,440 GB for 8 GPUs, 2 NVLink switch "
            "chips, 8x ConnectX-7 400 Gb/s; https://docs.nvidia.com/dgx/dgxb200-user-guide/",
        ),
        notes=_NVIDIA_NOTE,
    ),
    Chip(
        name="GB200 NVL72", aliases=("GB200", "NVL72"), year=2025,
        bf16_flops=2.5 * P, fp8_flops=5 * P, fp4_flops=10 * P,
        hbm_bytes=186 * G, hbm_bandwidth=8 * T,
        scaleup_bandwidth=900 * G, scaleup_domain=72, scaleout_bandwidth=50 * G,
        sources=(
            "NVIDIA GB200 NVL72 specifications (72 GPUs, with sparsity): FP16/BF16 360 PFLOPS, "
            "FP8 720 PFLOPS, FP4 1,440 PFLOPS; up to 13.4 TB HBM3e; 576 TB/s; NVLink 130 TB/s "
            "(both directions). Divided by 72 GPUs and by 2 for dense",
            "NVIDIA DGX GB200 User Guide, Hardware: 18 compute trays of 4 GPUs, 9 NVLink switch "
            "trays, 4x ConnectX-7 400G per compute tray; https://docs.nvidia.com/dgx/"
            "dgxgb200-user-guide/hardware.html",
        ),
        notes=_NVIDIA_NOTE + " Figures are per Blackwell GPU of the rack.",
    ),
    Chip(
        name="TPU v5e", aliases=("v5e",), year=2023,
        bf16_flops=197 * T, fp8_flops=None, fp4_flops=None,
        hbm_bytes=16 * G, hbm_bandwidth=819 * G,
        scaleup_bandwidth=200 * G, scaleup_domain=256, scaleout_bandwidth=3.125 * G,
        sources=(
            "Google Cloud TPU v5e documentation (https://cloud.google.com/tpu/docs/v5e): 197 "
            "TFLOP/s bf16, 394 int8, 16 GB HBM2, 819 GB/s, bidirectional ICI 400 GB/s per chip, "
            "256 chips per pod",
            "Austin et al., How to Scale Your Model (Google DeepMind, 2025), part 2, TPU Specs: DCN "
            "about 6.25e9 B/s per TPU, 12.5e9 for v6e, 3.125e9 for v5e; "
            "https://jax-ml.github.io/scaling-book/tpus/",
        ),
        notes="No fp8 (int8 at 394 TOPS). ICI is a 2D torus, not a switch: all-to-all costs "
              "more hops than on NVLink.",
    ),
    Chip(
        name="TPU v5p", aliases=("v5p",), year=2023,
        bf16_flops=459 * T, fp8_flops=None, fp4_flops=None,
        hbm_bytes=95 * G, hbm_bandwidth=2765 * G,
        scaleup_bandwidth=600 * G, scaleup_domain=8960, scaleout_bandwidth=6.25 * G,
        sources=(
            "Google Cloud TPU v5p documentation (https://cloud.google.com/tpu/docs/v5p): 459 "
            "TFLOP/s bf16, 918 int8, 95 GB HBM2e, 2,765 GB/s, bidirectional ICI 1,200 GB/s per "
            "chip, DCN 50 Gb/s per chip, 8,960 chips per pod",
            "Austin et al., How to Scale Your Model (Google DeepMind, 2025), part 2, TPU Specs: DCN "
            "about 6.25e9 B/s per TPU, 12.5e9 for v6e, 3.125e9 for v5e; "
            "https://jax-ml.github.io/scaling-book/tpus/",
        ),
        notes="No fp8 (int8 at 918 TOPS). ICI is a 3D torus with optical switching between cubes.",
    ),
    Chip(
        name="TPU v6e", aliases=("v6e", "Trillium"), year=2024,
        bf16_flops=918 * T, fp8_flops=None, fp4_flops=None,
        hbm_bytes=32 * G, hbm_bandwidth=1640 * G,
        scaleup_bandwidth=400 * G, scaleup_domain=256, scaleout_bandwidth=12.5 * G,
        sources=(
            "Google Cloud TPU v6e documentation (https://cloud.google.com/tpu/docs/v6e): 918 "
            "TFLOP/s bf16, 1,836 int8, 32 GB HBM, 1,640 GB/s, 256 chips per pod",
            "Google Cloud TPU7x documentation, comparison table (https://cloud.google.com/tpu/docs/"
            "tpu7x): bidirectional ICI per chip 800 GB/s for v6e, DCN 100 Gb/s per chip",
            "Austin et al., How to Scale Your Model (Google DeepMind, 2025), part 2, TPU Specs: DCN "
            "about 6.25e9 B/s per TPU, 12.5e9 for v6e, 3.125e9 for v5e; "
            "https://jax-ml.github.io/scaling-book/tpus/",
        ),
        notes="No fp8 (int8 at 1,836 TOPS). ICI is a 2D torus.",
    ),
    Chip(
        name="GB300 NVL72", aliases=("GB300", "B300", "Blackwell Ultra"), year=2025,
        bf16_flops=2.5 * P, fp8_flops=5 * P, fp4_flops=15 * P,
        hbm_bytes=288 * G, hbm_bandwidth=8 * T,
        scaleup_bandwidth=900 * G, scaleup_domain=72, scaleout_bandwidth=100 * G,
        sources=(
            "NVIDIA GB300 NVL72 specifications (72 Blackwell Ultra GPUs): FP4 1,440 PFLOPS sparse "
            "and 1,080 dense, FP8 720 PFLOPS and BF16 360 PFLOPS with sparsity, up to 20 TB HBM3e "
            "at 576 TB/s, NVLink 130 TB/s. Divided by 72 GPUs (and by 2 for dense FP8 and BF16)",
            "NVIDIA Blackwell Ultra (B300) announcements, GTC 2025: 288 GB HBM3e per GPU in "
            "12-high stacks",
            "NVIDIA Enterprise Reference Architecture, GB300 NVL72 components (https://docs.nvidia"
            ".com/enterprise-reference-architectures/nvl72-ai-factory/latest/components.html): "
            "4 ConnectX-8 (800 Gb/s) per compute tray of 4 GPUs",
        ),
        notes=_NVIDIA_NOTE + " 288 GB is the nominal HBM per GPU; NVIDIA's rack total of 'up to "
              "20 TB' is about 279 GB per GPU usable.",
    ),
))
get = CHIPS.get  #: the chip called `name` (case, spaces and dashes do not matter)
names = CHIPS.names  #: every chip's name, oldest first
