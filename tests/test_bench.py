"""The benchmark (bench/run.py) runs end to end at a tiny size and reports every figure."""

import json

from bench.run import REQUIRED_KEYS, TINY, run_benchmark, table


def test_the_benchmark_runs_at_a_tiny_size_and_reports_every_figure():
    result = json.loads(json.dumps(run_benchmark(TINY), default=str))

    assert set(REQUIRED_KEYS) <= set(result)
    assert result["timer_duplicates"] == 0 and result["timers_missed"] == 0
    assert result["lifecycles_per_s"] > 0 and result["bare_lifecycles_per_s"] > 0
    assert 0 < result["durability_ratio"] < 10
    assert result["growth_ratio"] > 0 and result["state_bytes_last"] > 0
    assert 0 < result["inbox_sql_statements"] <= 10
    assert result["http_instances_per_s"] > 0 and result["http_complete_median_ms"] > 0
    assert result["http_worker_peak_rss_mb"] > 0 and "11 requests" in result["http_note"]
    assert "postgres" in result["postgres_note"].lower() or "skipped" in result["postgres_note"]
    assert "durability ratio" in table(result)
