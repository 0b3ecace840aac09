"""Chapter 3 widget: what spreading one model's experts over more scale-up domains costs in
communication and saves in memory."""

import numpy as np

from ... import expert_parallel, moe, roofline
from ...catalogs import hardware, models
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel, Span
from ..plotstyle import COLORS

RACKS = np.arange(1, 65)
ROUTING = {"one copy per expert": False, "one copy per domain": True}
DOMAIN_SIZES = (4, 8, 16, 32, 64, 72, 144, 256, 576)
DEFAULTS = dict(model="DeepSeek-V3", chip="H100 SXM", precision="fp8", experts=256, top_k=8,
                gpus_per_domain=8, racks=2, scaleup_gbps=450, scaleout_gbps=50,
                routing="one copy per expert")


def view(model, chip, precision, experts, top_k, gpus_per_domain, racks, scaleup_gbps,
         scaleout_gbps, routing):
    """Chart and readout for one MoE layer spread over `racks` domains of `gpus_per_domain`.

    Units: bandwidths in GB/s per GPU per direction; experts and top_k are per MoE layer.
    Activations travel in bf16; the compute is the layer's matmuls at the knee batch.
    """
    m = moe.with_experts(models.get(model), experts, top_k)
    c = hardware.get(chip)
    flops = c.flops(precision)
    racks = int(racks)
    layout = dict(top_k=m.experts_per_token, d_model=m.d_model, gpus_per_domain=gpus_per_domain,
                  scaleup_bandwidth=scaleup_gbps * 1e9, scaleout_bandwidth=scaleout_gbps * 1e9,
                  deduplicate=ROUTING[routing])
    per_layer = expert_parallel.active_params_per_moe_layer(m)

    def ratios(domains):  # each network's time, and the all-to-all's, over the layer's compute
        up, out = expert_parallel.network_times(1, domains=domains, **layout)
        compute = roofline.matmul_time(1, per_layer, flops)
        total = expert_parallel.comm_to_compute(active_params_per_layer=per_layer,
                                                flops=flops, domains=domains, **layout)
        return up / compute, out / compute, total

    up, out, total = (np.broadcast_to(r, RACKS.shape) for r in ratios(RACKS))
    here_up, here_out, here = ratios(racks)
    gpus = RACKS * gpus_per_domain
    per_gpu = expert_parallel.weight_bytes_per_gpu(m, precision, gpus) / 1e9
    here_bytes = expert_parallel.weight_bytes_per_gpu(m, precision, racks * gpus_per_domain)
    fewest = expert_parallel.fewest_domains(m, precision, gpus_per_domain, c.hbm_bytes)
    short = (Span(0.8, min(fewest, RACKS[-1]) - 0.5, label="weights exceed HBM"),) \
        if fewest > 1 else ()

    chart = Chart(title=f"{m.name} ({m.experts} experts, top-{m.experts_per_token}), {precision}, "
                        f"domains of {gpus_per_domain} × {c.name}", panels=(
        Panel("Spanning domains slows the all-to-all", "domains one layer spans",
              "all-to-all ÷ layer compute", xlog=True, legend="upper left",
              ylim=(None, 1.8 * total.max()), items=(  # headroom for the legend
                  Line(RACKS, total, COLORS["total"], label="dispatch + combine"),
                  Line(RACKS, up, COLORS["memory"], "--", label="fast network (NVLink)"),
                  Line(RACKS[1:], out[1:], COLORS["compute"], ":",
                       label="slow network (between domains)"),
                  HLine(1, COLORS["limit"], label="layer compute"),
                  Line(racks, here, COLORS["total"], "o"),
                  *short)),
        Panel("but frees memory on every GPU", "domains one layer spans", "weights per GPU (GB)",
              xlog=True, ylog=True, legend="upper right",
              ylim=(None, 4 * max(per_gpu.max(), c.hbm_bytes / 1e9)), items=(
                  Line(RACKS, per_gpu, COLORS["memory"], label="weights per GPU"),
                  HLine(c.hbm_bytes / 1e9, COLORS["limit"], label=f"HBM of one {c.name}"),
                  Line(racks, here_bytes / 1e9, COLORS["total"], "o"),
                  *short)),
    ))

    at_knee = expert_parallel.layer_times_at_knee(
        m, c, precision, racks, gpus_per_domain=gpus_per_domain,
        scaleup_bandwidth=layout["scaleup_bandwidth"],
        scaleout_bandwidth=layout["scaleout_bandwidth"], deduplicate=layout["deduplicate"])
    knee = at_knee.tokens_per_gpu * racks * gpus_per_domain
    readout = (
        f"{racks} domain{'s' if racks > 1 else ''} of {gpus_per_domain} GPUs: "
        f"{expert_parallel.experts_per_gpu(m.experts, racks * gpus_per_domain):.0f} experts per "
        f"GPU per layer, {fmt.si(here_bytes, 'B')} of weights per GPU "
        f"({'fits' if here_bytes <= c.hbm_bytes else 'does not fit'} in "
        f"{fmt.si(c.hbm_bytes, 'B')}); "
        f"{fmt.percent(float(expert_parallel.remote_share(racks)))} of expert picks lie in "
        f"another domain.\n"
        f"At the knee batch ({fmt.sig(knee)} tokens, {fmt.sig(at_knee.tokens_per_gpu)} per GPU) "
        f"one MoE layer computes in {fmt.seconds(at_knee.compute)}; dispatch and combine take "
        f"{fmt.seconds(at_knee.all_to_all)}, {fmt.sig(at_knee.ratio, 2)} times the compute "
        f"(fast network {fmt.sig(here_up, 2)}×, slow network {fmt.sig(here_out, 2)}×)."
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    moe_models = [m.name for m in models.MODELS if m.is_moe]
    return widgets.Explorer(view, {
        **widgets.deployment_choices(DEFAULTS, moe_models),
        "routing": widgets.choice("sending", list(ROUTING), DEFAULTS["routing"]),
        "experts": widgets.count_slider("experts per layer", 8, 512, DEFAULTS["experts"]),
        "top_k": widgets.count_slider("experts per token (top-k)", 1, 16, DEFAULTS["top_k"]),
        "gpus_per_domain": widgets.choice("GPUs per domain", DOMAIN_SIZES,
                                          DEFAULTS["gpus_per_domain"]),
        "racks": widgets.count_slider("domains (racks) per layer", 1, 64, DEFAULTS["racks"]),
        "scaleup_gbps": widgets.log_slider("scale-up GB/s per GPU", 16, 4096,
                                           DEFAULTS["scaleup_gbps"]),
        "scaleout_gbps": widgets.log_slider("scale-out GB/s per GPU", 2, 512,
                                            DEFAULTS["scaleout_gbps"]),
    })
