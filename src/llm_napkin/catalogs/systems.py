"""Scale-up systems (NVLink servers and racks) with their published figures, each with its source.

Every figure carries its own source; None means no source we could read gives it. Powers are in
watts, masses in kilograms, bandwidths in bytes/s per GPU and per direction. What a domain of a
given size needs (links, switch chips) is computed in `llm_napkin.scaleup`.
"""

from dataclasses import dataclass

from .. import checks
from . import Catalog


@dataclass(frozen=True)
class ScaleUpSystem:
    """One NVLink domain as NVIDIA ships (or has announced) it."""

    name: str
    year: int
    shipping: bool  #: False for systems only announced
    gpus: int  #: GPU packages in one domain
    links_per_gpu: int | None  #: NVLink links per GPU package
    switch_chips: int | None  #: NVLink switch chips in the domain
    ports_per_switch: int | None  #: NVLink ports per switch chip
    scaleup_bandwidth: float | None  #: NVLink bandwidth per GPU per direction (bytes/s)
    cables: int | None  #: cables in the NVLink network, as published (None: none published)
    power: float | None  #: whole system (W)
    mass: float | None  #: whole system (kg)
    sources: tuple[tuple[str, str], ...]  #: (figure, where it comes from) for every figure given
    chip: str | None = None  #: the GPU's name in llm_napkin.catalogs.hardware, if it is there
    hbm_bytes_per_gpu: float | None = None  #: only where `chip` is None (bytes)
    hbm_bandwidth_per_gpu: float | None = None  #: only where `chip` is None (bytes/s)
    notes: str = ""
    aliases: tuple[str, ...] = ()

    FIGURES = ("gpus", "links_per_gpu", "switch_chips", "ports_per_switch", "scaleup_bandwidth",
               "cables", "power", "mass", "hbm_bytes_per_gpu", "hbm_bandwidth_per_gpu")

    def source(self, figure: str) -> str:
        """Where `figure` (a field name) comes from."""
        checks.one_of("figure", figure, self.FIGURES)
        for name, text in self.sources:
            if name == figure:
                return text
        raise ValueError(f"{self.name} gives no {figure}")


G, T = 1e9, 1e12

_HOPPER_NVLINK = ("NVIDIA H100 datasheet and Hopper architecture page: fourth-generation NVLink, "
                  "900 GB/s per GPU counting both directions, over 18 links (Austin et al., How "
                  "to Scale Your Model, GPU part: 18 x 25 GB/s per direction)")
_DGX_H100 = ("NVIDIA DGX H100 datasheet: 8x H100, NVSwitch 4x, system power ~10.2 kW max; NVIDIA "
             "DGX BasePOD reference architecture, Core Components: four NVSwitch chips")
_NVLINK5 = ("NVIDIA GB200 NVL72 and DGX B200 specifications: fifth-generation NVLink, 1.8 TB/s "
            "per GPU counting both directions, over 18 links of 100 GB/s")
_NVL72_TRAYS = ("NVIDIA DGX GB200 User Guide, Hardware (https://docs.nvidia.com/dgx/"
                "dgxgb200-user-guide/hardware.html): 18 compute trays of 4 GPUs and 9 NVLink "
                "switch trays; 2 switch chips and 144 NVLink ports per tray in NVIDIA's GTC 2024 "
                "material as reported by SemiAnalysis (18 NVSwitches per rack)")
_RUBIN = ("NVIDIA, Inside the NVIDIA Rubin Platform (technical blog, 2026) and CES 2026 "
          "announcements as reported by the trade press: Vera Rubin NVL72, 72 Rubin GPU packages, "
          "NVLink 6 at 3.6 TB/s per GPU counting both directions, 260 TB/s per rack")
_RUBIN_HBM = ("NVIDIA's preliminary Rubin GPU figures from CES 2026 as reported by the trade "
              "press (for example Silicon Tales, 'Vera Rubin NVL72'; MirrorFrog, 'NVIDIA Vera "
              "Rubin platform deep dive'): 288 GB of HBM4 per GPU, 20.7 TB per rack, about 22 TB/s "
              "per GPU")
_RUBIN_ULTRA = ("NVIDIA GTC 2025 keynote as reported by Tom's Hardware: Rubin Ultra NVL576 "
                "('Kyber' rack), 144 packages of 4 GPU dies (576 dies) in one NVLink domain, "
                "about 600 kW per rack, second half of 2027")

SYSTEMS = Catalog("system", (
    ScaleUpSystem(
        name="DGX H100", aliases=("HGX H100", "H100 server"), chip="H100 SXM", year=2022,
        shipping=True, gpus=8, links_per_gpu=18, switch_chips=4, ports_per_switch=64,
        scaleup_bandwidth=450 * G, cables=None, power=10.2e3, mass=None,
        sources=(("gpus", _DGX_H100), ("links_per_gpu", _HOPPER_NVLINK),
                 ("switch_chips", _DGX_H100),
                 ("ports_per_switch", "NVIDIA NVLink and NVSwitch page: each third-generation "
                                      "NVSwitch has 64 NVLink ports"),
                 ("scaleup_bandwidth", _HOPPER_NVLINK), ("power", _DGX_H100)),
        notes="GPU-to-switch links run in the baseboard, not in cables. The switch ports the GPUs "
              "leave free lead to the server's external NVLink ports.",
    ),
    ScaleUpSystem(
        name="DGX B200", aliases=("HGX B200", "B200 server"), chip="B200", year=2024,
        shipping=True, gpus=8, links_per_gpu=18, switch_chips=2, ports_per_switch=72,
        scaleup_bandwidth=900 * G, cables=None, power=None, mass=None,
        sources=(("gpus", "NVIDIA DGX B200 User Guide, Hardware Overview: 8 B200 GPUs, 2 "
                          "fifth-generation NVLink switch chips, 14.4 TB/s aggregate"),
                 ("links_per_gpu", _NVLINK5),
                 ("switch_chips", "NVIDIA DGX B200 User Guide, Hardware Overview: 2 "
                                  "fifth-generation NVLink switch chips"),
                 ("ports_per_switch", _NVL72_TRAYS + " (the same switch chip)"),
                 ("scaleup_bandwidth", _NVLINK5)),
        notes="GPU-to-switch links run in the baseboard, not in cables.",
    ),
    ScaleUpSystem(
        name="GB200 NVL72", aliases=("NVL72", "GB200 rack"), chip="GB200 NVL72", year=2025,
        shipping=True, gpus=72, links_per_gpu=18, switch_chips=18, ports_per_switch=72,
        scaleup_bandwidth=900 * G, cables=5000, power=120e3, mass=1360,
        sources=(("gpus", _NVL72_TRAYS), ("links_per_gpu", _NVLINK5),
                 ("switch_chips", _NVL72_TRAYS), ("ports_per_switch", _NVL72_TRAYS),
                 ("scaleup_bandwidth", _NVLINK5),
                 ("cables", "Jensen Huang, GTC 2024 keynote: '5,000 NVLink cables, in total 2 "
                            "miles', copper so as to save the 20 kW that optics would draw "
                            "(transcribed by SemiAnalysis); The Register: more than 5,000 cables"),
                 ("power", "ServeTheHome and Tom's Hardware reports from GTC 2024: about 120 kW "
                           "per rack (NVIDIA's GB300 NVL72 reference architecture gives up to "
                           "142 kW for the next rack)"),
                 ("mass", "The Register and Tom's Hardware from GTC 2024: 1.36 metric tons "
                          "(3,000 lb)")),
        notes="The NVLink spine is a passive copper cable cartridge at the back of the rack.",
    ),
    ScaleUpSystem(
        name="Vera Rubin NVL72", aliases=("Rubin NVL72", "Rubin NVL144", "VR NVL72"),
        year=2026, shipping=False, gpus=72, links_per_gpu=None, switch_chips=None,
        ports_per_switch=None, scaleup_bandwidth=1.8 * T, cables=None, power=None, mass=None,
        hbm_bytes_per_gpu=288 * G, hbm_bandwidth_per_gpu=22 * T,
        sources=(("gpus", _RUBIN), ("scaleup_bandwidth", _RUBIN), ("hbm_bytes_per_gpu", _RUBIN_HBM),
                 ("hbm_bandwidth_per_gpu", _RUBIN_HBM)),
        notes="Announced at GTC 2025 as 'NVL144', counting two dies per package; renamed NVL72.",
    ),
    ScaleUpSystem(
        name="Rubin Ultra NVL576", aliases=("NVL576", "Kyber"), year=2027, shipping=False,
        gpus=144, links_per_gpu=None, switch_chips=None, ports_per_switch=None,
        scaleup_bandwidth=None, cables=None, power=600e3, mass=None,
        sources=(("gpus", _RUBIN_ULTRA), ("power", _RUBIN_ULTRA)),
        notes="576 counts GPU dies; the packages, which carry the NVLink ports, number 144. Later "
              "reports describe a printed-circuit midplane instead of cables; all figures are "
              "roadmap figures.",
    ),
))
get = SYSTEMS.get  #: the system called `name` (case, spaces and dashes do not matter)
names = SYSTEMS.names  #: every system's name, oldest first
