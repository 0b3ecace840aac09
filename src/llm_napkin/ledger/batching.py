"""Claims of the lecture's first topic: batching, cost per token and latency (chapter 1).

The findings use the chapter's running example, which is also its widget's default: Llama 3.1 70B
in bf16 on the fewest H100s that hold it (four), a 1,024-token context, and an assumed price of
$2 per chip-hour (for illustration; no provider quotes it).
"""

import numpy as np

from .. import serving
from ..catalogs import hardware
from ..show import fmt
from ..show.views.batching import DEFAULTS
from . import Claim

PRICE = DEFAULTS["price"]  #: $ per chip-hour, an assumption for illustration
CONTEXT = DEFAULTS["context"]  #: tokens of context for the findings that count the KV cache
LONG_CONTEXT = 32_768  #: tokens: a context long enough for the cache read to set the floor
FAST = dict(chips=16, batch=8)  #: the chapter's fast mode
SLOW = dict(chips=4, batch=512)  #: the chapter's slow mode
GPUS = ("H100 SXM", "H200", "B200")  #: the NVIDIA GPUs the lecture has in mind
LECTURE_LATENCY = (0.015, 0.020)  #: s: the lecture's "15 to 20 ms"
FAR_PAST_ANY_KNEE = 1e9  #: a batch large enough that the weight read's share of a token vanishes


def example(chips: int | None = None, precision: str | None = None) -> serving.Deployment:
    """The chapter's running example, on `chips` chips (default: the fewest that hold it)."""
    return serving.deploy(DEFAULTS["chip"], DEFAULTS["model"],
                          precision or DEFAULTS["precision"], chips)


def _name(d: serving.Deployment) -> str:
    return f"{d.model.name} in {d.precision} on {d.chips} × {d.chip.name}"


def _most_important() -> str:
    d = example()
    batch_lever = d.cost_per_token(1, 0, PRICE) / d.cost_per_token(d.knee_batch(), 0, PRICE)
    fp8 = example(precision="fp8")
    precision_lever = d.cost_per_token(1, 0, PRICE) / fp8.cost_per_token(1, 0, PRICE)
    more = example(chips=4 * d.chips)
    chips_lever = d.cost_per_token(1, 0, PRICE) / more.cost_per_token(1, 0, PRICE)
    return (f"For {_name(d)}, going from batch 1 to the knee ({fmt.sig(d.knee_batch())}) cuts "
            f"the cost per token {fmt.sig(batch_lever)} times. The model's other levers move it "
            f"far less: fp8 weights (on {fp8.chips} chips) divide it by "
            f"{fmt.sig(precision_lever, 2)}, four times the chips by {fmt.sig(chips_lever, 2)} "
            f"(no change while memory bound). Levers the model leaves "
            f"out, such as speculative decoding or cheaper chips, are not compared.")


def _batch_one() -> str:
    d = example()
    one, knee = d.cost_per_token(1, 0, PRICE), d.cost_per_token(d.knee_batch(), 0, PRICE)
    return (f"{_name(d)}, no KV cache, {fmt.dollars(PRICE)} per chip-hour: "
            f"{fmt.per_million_tokens(one)} at batch 1 against {fmt.per_million_tokens(knee)} at "
            f"the knee, {fmt.sig(one / knee)} times less. Below the knee the cost falls as one "
            f"over the batch.")


def _u_shape() -> str:
    d = example()
    batches = np.geomspace(1, 2**16, 400)
    costs = d.cost_per_token(batches, CONTEXT, PRICE)
    never_rises = bool(np.all(np.diff(costs) <= 1e-15))
    return (f"Read as the lecture describes it (very dear at small batches, near a floor at "
            f"large ones) it holds, but the curve is an L, not a U: for {_name(d)} at a "
            f"{CONTEXT:,}-token context the cost "
            f"{'never rises' if never_rises else 'rises somewhere'} over batches 1 to "
            f"{batches[-1]:,.0f}. A rise needs a cost the model leaves out, such as a price "
            f"on the user's wait ({{ref}}`batching-ex-open`).")


def _compute_floor() -> str:
    d = example()
    compute = d.cost_per_token(d.knee_batch(), 0, PRICE)
    long = d.cost_per_token(FAR_PAST_ANY_KNEE, LONG_CONTEXT, PRICE)
    return (f"With no cache the floor is the compute cost, {fmt.per_million_tokens(compute)} "
            f"for {_name(d)}. Beyond a context of {fmt.sig(d.context_limit())} tokens each "
            f"sequence's cache read takes longer than its multiplies and sets the floor instead: "
            f"at {LONG_CONTEXT:,} tokens it is {fmt.per_million_tokens(long)}, "
            f"{fmt.sig(long / compute)} times the compute floor.")


def _latency_floor() -> str:
    drains = {name: serving.drain_time(hardware.get(name)) for name in GPUS}
    low, high = min(drains.values()), max(drains.values())
    inside = [c.name for c in hardware.CHIPS
              if LECTURE_LATENCY[0] <= serving.drain_time(c) <= LECTURE_LATENCY[1]]
    d = example()
    return (f"In the model no batch is faster than the weight read ({fmt.seconds(d.step_time(1))} "
            f"for {_name(d)}, whose weights fill {fmt.percent(d.weight_bytes / d.hbm_bytes)} of "
            f"their HBM). Reading all of HBM takes "
            f"{', '.join(f'{n} {fmt.seconds(t)}' for n, t in drains.items())}: "
            f"{fmt.sig(low / LECTURE_LATENCY[1], 2)} to {fmt.sig(high / LECTURE_LATENCY[1], 2)} "
            f"times the lecture's 20 ms; only {' and '.join(inside) or 'no chip'} of the "
            f"catalog fall within 15 to 20 ms.")


def _fast_slow() -> str:
    fast, slow = example(chips=FAST["chips"]), example(chips=SLOW["chips"])
    fast_t, slow_t = fast.step_time(FAST["batch"], CONTEXT), slow.step_time(SLOW["batch"], CONTEXT)
    fast_c = fast.cost_per_token(FAST["batch"], CONTEXT, PRICE)
    slow_c = slow.cost_per_token(SLOW["batch"], CONTEXT, PRICE)
    return (f"{slow.model.name} at a {CONTEXT:,}-token context: fast ({FAST['chips']} chips, "
            f"batch {FAST['batch']}) {fmt.seconds(fast_t)} per token at "
            f"{fmt.per_million_tokens(fast_c)}; slow ({SLOW['chips']} chips, batch "
            f"{SLOW['batch']}) {fmt.seconds(slow_t)} at {fmt.per_million_tokens(slow_c)}: "
            f"{fmt.sig(slow_t / fast_t, 2)} times faster for {fmt.sig(fast_c / slow_c, 2)} times "
            f"the price. The small batch sets the price; the speed comes mostly from the extra "
            f"chips. Past the knee ({fmt.sig(slow.knee_batch(CONTEXT))} here) waiting for a larger "
            f"batch no longer lowers the cost.")


CLAIMS = (
    Claim("batching.most-important",
          "Serving many users in one batch is the biggest single lever on the cost of inference.",
          "holds with a caveat", _most_important, sources=("pope2026lecture",)),
    Claim("batching.batch-one",
          "At batch 1 a token is very expensive, because the whole weight read serves one token; "
          "larger batches share that read.", "holds", _batch_one, sources=("pope2026lecture",)),
    Claim("batching.u-shape",
          "Cost per token against batch is U-shaped: very high at small batches, approaching a "
          "floor at large ones.", "holds with a caveat", _u_shape,
          sources=("pope2026lecture",)),
    Claim("batching.compute-floor",
          "The floor of that curve is set by compute time alone.", "holds with a caveat",
          _compute_floor, sources=("pope2026lecture",)),
    Claim("batching.latency-floor",
          "No batch answers faster than the time to read the weights; on current HBM that is "
          "about 15 to 20 ms, the time to read all of HBM once.", "off by a factor",
          _latency_floor, sources=("pope2026lecture",)),
    Claim("batching.fast-slow",
          "A fast mode is a smaller batch at a higher price per token, a slow mode a larger batch "
          "at a lower one, and waiting longer stops paying at the floor.", "holds", _fast_slow,
          sources=("pope2026lecture",)),
)
