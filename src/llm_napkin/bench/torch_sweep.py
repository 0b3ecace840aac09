"""The measurement behind ``data/h200_roofline.json``, for any CUDA GPU.

Run ``python -m llm_napkin.bench.torch_sweep out.json`` on a machine with PyTorch and a CUDA GPU
(torch is not a dependency of this package: install it yourself). It writes a file in the same
format as the H200 data, which ``llm_napkin.measurements`` reads and fits.

What it measures (the H200 run measured the same): every time is the median of 20 repetitions
after 3 warm-ups, taken with CUDA events; decode steps are captured in CUDA graphs, so that
kernel-launch overhead does not pollute small batches.

- ``copy_bytes_per_s``: device-to-device copy of a 4 GiB bf16 tensor, bytes read plus written
- ``read_bytes_per_s``: ``sum()`` over the same tensor, bytes read
- ``matmul_flops_per_s``: an 8192 x 8192 x 8192 bf16 matrix product; ``matmul_fp8_flops_per_s``
  the same in fp8 (e4m3) through ``torch._scaled_mm`` where the GPU has it
- ``dense``: a decode step through 16 bf16 matrices of 8192 x 8192 (2 GiB), a batch of token
  vectors multiplied by each
- ``moe``: 64 experts of 7168 x 2048 bf16 (1.75 GiB), each token routed to top_k (4 or 8) of them,
  perfectly balanced: every expert multiplies ceil(batch * top_k / 64) tokens, in one batched
  matmul per step
- ``attention``: decode attention of 16 sequences, GQA with 8 KV heads of 8 query heads each,
  d_head 128, against a bf16 cache of growing context
"""

import json
import math
import statistics
import sys
import time

REPEATS, WARMUPS = 20, 3
DENSE = dict(d_model=8192, layers=16)
DENSE_BATCHES = (1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256, 320, 384, 512, 640, 768, 1024,
                 1536, 2048, 3072, 4096, 6144, 8192)
MOE = dict(experts=64, d_model=7168, d_expert=2048)
MOE_TOP_K = (4, 8)
MOE_BATCHES = (8, 16, 32, 64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 2560, 3072, 4096, 5120,
               6144, 8192, 12288, 16384, 24576, 32768, 49152, 65536, 98304, 131072)
ATTENTION = dict(batch=16, kv_heads=8, q_per_kv=8, d_head=128)
CONTEXTS = (1024, 4096, 16384, 65536, 131072)


def _median_seconds(torch, run, graph=False):
    """Median of REPEATS timings of `run()` (seconds) after WARMUPS, with CUDA events; with
    graph=True `run` is first captured in a CUDA graph and the graph is replayed."""
    if graph:
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(WARMUPS):
                run()
        torch.cuda.current_stream().wait_stream(stream)
        captured = torch.cuda.CUDAGraph()
        with torch.cuda.graph(captured):
            run()
        run = captured.replay
    for _ in range(WARMUPS):
        run()
    torch.cuda.synchronize()
    times = []
    for _ in range(REPEATS):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        run()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 1e3)
    return statistics.median(times)


def _rates(torch, dev):
    out = {}
    x = torch.empty(2 ** 31, dtype=torch.bfloat16, device=dev)  # 4 GiB
    y = torch.empty_like(x)
    out["copy_bytes_per_s"] = 2 * x.numel() * 2 / _median_seconds(torch, lambda: y.copy_(x))
    out["read_bytes_per_s"] = x.numel() * 2 / _median_seconds(torch, lambda: x.sum())
    del x, y
    n = 8192
    a = torch.randn(n, n, dtype=torch.bfloat16, device=dev)
    b = torch.randn(n, n, dtype=torch.bfloat16, device=dev)
    out["matmul_flops_per_s"] = 2 * n ** 3 / _median_seconds(torch, lambda: a @ b)
    try:
        a8, b8 = a.to(torch.float8_e4m3fn), b.to(torch.float8_e4m3fn).t()
        one = torch.tensor(1.0, device=dev)
        out["matmul_fp8_flops_per_s"] = 2 * n ** 3 / _median_seconds(
            torch, lambda: torch._scaled_mm(a8, b8, scale_a=one, scale_b=one,
                                            out_dtype=torch.bfloat16))
    except (AttributeError, RuntimeError):
        out["matmul_fp8_flops_per_s"] = None  # no fp8 matmul on this GPU
    return out


def _dense(torch, dev):
    d, layers = DENSE["d_model"], DENSE["layers"]
    weights = [torch.randn(d, d, dtype=torch.bfloat16, device=dev) / d ** 0.5
               for _ in range(layers)]
    points = []
    for batch in DENSE_BATCHES:
        x = torch.randn(batch, d, dtype=torch.bfloat16, device=dev)

        def step():
            h = x
            for w in weights:
                h = h @ w
            return h
        points.append(dict(batch=batch, step_s=_median_seconds(torch, step, graph=True)))
    return dict(DENSE, weight_bytes=layers * d * d * 2, points=points)


def _moe(torch, dev):
    e, d, f = MOE["experts"], MOE["d_model"], MOE["d_expert"]
    weights = torch.randn(e, d, f, dtype=torch.bfloat16, device=dev) / d ** 0.5
    by_top_k = {}
    for top_k in MOE_TOP_K:
        points = []
        for batch in MOE_BATCHES:
            tokens = math.ceil(batch * top_k / e)
            x = torch.randn(e, tokens, d, dtype=torch.bfloat16, device=dev)
            points.append(dict(batch=batch, tokens_per_expert=tokens, step_s=_median_seconds(
                torch, lambda: torch.bmm(x, weights), graph=True)))
        by_top_k[str(top_k)] = points
    return dict(MOE, weight_bytes=e * d * f * 2, by_top_k=by_top_k)


def _attention(torch, dev):
    b, kv, q, dh = (ATTENTION[k] for k in ("batch", "kv_heads", "q_per_kv", "d_head"))
    points = []
    for context in CONTEXTS:
        query = torch.randn(b, kv * q, 1, dh, dtype=torch.bfloat16, device=dev)
        keys = torch.randn(b, kv, context, dh, dtype=torch.bfloat16, device=dev)
        values = torch.randn_like(keys)

        def step():
            return torch.nn.functional.scaled_dot_product_attention(query, keys, values,
                                                                    enable_gqa=True)
        points.append(dict(context=context, step_s=_median_seconds(torch, step, graph=True),
                           kv_bytes=2 * keys.numel() * 2))
        del keys, values
    return dict(ATTENTION, points=points)


def run() -> dict:
    """Measure this machine's first CUDA GPU; the dict has h200_roofline.json's layout."""
    import torch  # imported here: the package does not depend on torch

    if not torch.cuda.is_available():
        raise RuntimeError("torch_sweep needs a CUDA GPU; try llm_napkin.bench.numpy_sweep")
    dev = torch.device("cuda")
    props = torch.cuda.get_device_properties(dev)
    began = time.perf_counter()
    out = dict(device="cuda", torch=torch.__version__, dtype="torch.bfloat16", name=props.name,
               sms=props.multi_processor_count, mem_bytes=props.total_memory,
               l2_bytes=getattr(props, "L2_cache_size", None))
    out.update(_rates(torch, dev))
    out["dense"] = _dense(torch, dev)
    out["moe"] = _moe(torch, dev)
    out["attention"] = _attention(torch, dev)
    out["elapsed_s"] = time.perf_counter() - began
    return out


def main(argv=None) -> None:
    """Measure the first CUDA GPU and write the result as JSON to the path given (default
    roofline.json)."""
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else "roofline.json"
    with open(path, "w") as f:
        json.dump(run(), f, indent=1)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
