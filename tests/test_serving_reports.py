import pytest

from llm_napkin import layouts
from llm_napkin.catalogs import hardware, models, serving_reports

DEEPSEEK, SGLANG = serving_reports.get("DeepSeek production"), serving_reports.get("LMSYS")


def test_reports_name_catalog_entries_and_carry_sources():
    for report in serving_reports.REPORTS:
        hardware.get(report.chip)
        models.get(report.model)
        assert report.sources and all("http" in s for s in report.sources)
        assert all(len(text) > 20 for _, text in report.figures)


def test_published_figures():
    # Day 6 overview: EP144 over 18 nodes, 32 redundant, 14.8k tokens/s per node, 4,989 KV.
    assert (DEEPSEEK.decode_nodes * DEEPSEEK.gpus_per_node, DEEPSEEK.expert_gpus) == (144, 144)
    assert DEEPSEEK.decode_throughput_per_node == 14_800 and DEEPSEEK.context == 4989
    assert DEEPSEEK.speed_per_user == (20, 22)
    # LMSYS: 9 decode nodes, EP72, 256 per GPU at 2,000 tokens, 22,282 per node.
    assert (SGLANG.expert_gpus, SGLANG.batch_per_gpu, SGLANG.decode_throughput_per_node) == \
        (72, 256, 22_282)


def test_layout_from_report():
    layout = layouts.from_report(DEEPSEEK, dispatch_bytes=1, combine_bytes=2)
    assert layout.chip.name == "H800" and layout.expert_slots == 2 and layout.split == "data"
    assert layouts.from_report(SGLANG).expert_slots == 4  # 288 / 72


def test_network_cap_by_hand():
    layout = layouts.from_report(DEEPSEEK, dispatch_bytes=1, combine_bytes=2)
    # Per token and step: 58 MoE layers x 7,168 values x (1 + 2) bytes x 8 x 17/18 copies over
    # InfiniBand = 9.43 MB; 8 GPUs at 50 GB/s each move 42,450 tokens/s.
    per_token = 58 * 7168 * 3 * 8 * 17 / 18
    assert 8 / layouts.all_to_all_time(layout, 1) == pytest.approx(8 * 50e9 / per_token)
    assert 8 * 50e9 / per_token == pytest.approx(42_450, abs=10)


def test_prediction_for_deepseek():
    layout = layouts.from_report(DEEPSEEK, dispatch_bytes=1, combine_bytes=2)
    # At 21 tokens/s per user a 47.6 ms step would allow more sequences than HBM holds (164).
    batch = layouts.predicted_batch(layout, DEEPSEEK.context, 21)
    assert batch == 164
    predicted = layouts.throughput_per_node(layout, batch, DEEPSEEK.context)
    assert predicted == pytest.approx(8 * 164 / layouts.step_time(layout, 164, DEEPSEEK.context))
    # Network bound: the step is the all-to-all, so the node hits the InfiniBand cap.
    assert predicted == pytest.approx(8 / layouts.all_to_all_time(layout, 1))
    assert 2.5 < predicted / DEEPSEEK.decode_throughput_per_node < 3.2


def test_bad_report_name():
    with pytest.raises(ValueError, match="known serving reports"):
        serving_reports.get("OpenAI")
