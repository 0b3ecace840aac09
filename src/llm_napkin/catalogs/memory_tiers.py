"""Memory tiers a server can keep a KV cache in, with capacity and read bandwidth, each sourced.

One representative device per tier, as deployed in one 8-GPU server (HBM: one GPU's). Decimal
bytes as vendors print them; bandwidths are sequential reads. The drain time (capacity over
bandwidth) is a formula and lives in `llm_napkin.roofline`.
"""

from dataclasses import dataclass

from . import Catalog
from .hardware import CHIPS

G, T = 1e9, 1e12


@dataclass(frozen=True)
class Tier:
    """One memory or storage device."""

    name: str
    device: str
    capacity: float  #: bytes
    bandwidth: float  #: bytes/s, sequential read
    sources: tuple[str, ...]
    price_per_byte: float | None = None  #: US dollars to buy a byte of it; None if not sourced
    aliases: tuple[str, ...] = ()
    notes: str = ""


_H200 = CHIPS.get("H200")
_PRICES = ("Computer Weekly's analysis of weekly Amazon.com drive prices aggregated by "
           "Diskprices.com, September 2024: flash drives $0.085 per GB on average, SAS and SATA "
           "hard disks $0.039 per GB")

TIERS = Catalog("memory tier", (
    Tier(name="HBM", device="one H200's HBM3e", capacity=_H200.hbm_bytes,
         bandwidth=_H200.hbm_bandwidth, sources=_H200.sources[:1]),
    Tier(name="host DDR", aliases=("DDR", "DRAM"),
         device="DDR5-4800 of an 8-GPU H200 server (32 x 64 GB)", capacity=2 * T,
         bandwidth=16 * 4800e6 * 8,
         sources=("MLCommons inference results v4.1, closed/NVIDIA/systems/"
                  "H200-SXM-141GBx8_TRT_MaxQ.json: host memory 2 TB, 32x 64GB "
                  "MTC40F2046S1RC48BA1 (DDR5-4800 RDIMM), 2 Intel Xeon Platinum 8480C",),
         notes="Bandwidth: 4,800 MT/s x 8 bytes = 38.4 GB/s per channel, on 16 channels "
               "(2 sockets of 8, two DIMMs per channel): the book's assumption, not the "
               "source's figure."),
    Tier(name="NVMe flash", aliases=("flash", "SSD"), device="Samsung PM1743 15.36 TB",
         capacity=15.36 * T, bandwidth=13 * G,
         price_per_byte=0.085e-9,
         sources=("AnandTech (Ryan Smith, 2021-12-23), 'Samsung Announces First PCIe 5.0 "
                  "Enterprise SSD: PM1743': 15.36 TB, peak sequential read 13 GB/s",
                  _PRICES),
         notes="The price is the average of flash drives sold on Amazon, not of this drive."),
    Tier(name="hard disk", aliases=("disk", "HDD", "spinning disk"),
         device="Seagate Exos X20 20 TB", capacity=20 * T, bandwidth=285e6,
         sources=("Blocks and Files (2022-03-28): the 20 TB Exos X20 has a sustained data "
                  "transfer rate of 285 MB/s; https://blocksandfiles.com/2022/03/28/"
                  "seagate-launches-10-platter-20tb-video-surveillance-disk-drive/",
                  _PRICES),
         price_per_byte=0.039e-9,
         notes="The price is the average of SAS and SATA disks sold on Amazon."),
))


get = TIERS.get  #: the entry called `name` (case, spaces and dashes do not matter)
names = TIERS.names  #: every entry's name
