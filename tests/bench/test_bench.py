"""The bench's arithmetic: reading wrk, medians and ratios, the targets (no server)."""

from __future__ import annotations

import pytest

from bench import generate, report
from bench.run import duration_ms, parse_wrk, server_env, summarise

WRK_CLEAN = """\
Running 3s test @ http://127.0.0.1:8123/bench/bare/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.21ms    1.02ms  18.33ms   91.02%
    Req/Sec     1.90k   120.55     2.10k    80.00%
  Latency Distribution
     50%    4.05ms
     75%    4.48ms
     90%    5.01ms
     99%    8.77ms
  11362 requests in 3.00s, 2.96MB read
Requests/sec:   3786.41
Transfer/sec:      0.99MB
"""

WRK_ERRORS = """\
Running 2s test @ http://127.0.0.1:8123/events/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.40us  101.00us   1.52s    99.00%
    Req/Sec    50.00     10.00    70.00     80.00%
  Latency Distribution
     50%  812.40us
     75%  900.00us
     90%    1.20ms
     99%    1.52s
  200 requests in 2.00s, 1.00MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:     99.50
Transfer/sec:    512.00KB
"""


def test_it_reads_rate_percentiles_and_no_errors():
    assert parse_wrk(WRK_CLEAN) == {
        "rps": 3786.41,
        "p50_ms": 4.05,
        "p99_ms": 8.77,
        "non_2xx": 0,
        "socket_errors": 0,
    }


def test_it_reads_microseconds_seconds_and_every_kind_of_error():
    figures = parse_wrk(WRK_ERRORS)
    assert figures["rps"] == 99.5
    assert figures["p50_ms"] == pytest.approx(0.8124)
    assert figures["p99_ms"] == pytest.approx(1520.0)
    assert figures["non_2xx"] == 7
    assert figures["socket_errors"] == 6


def test_it_refuses_output_without_figures():
    with pytest.raises(ValueError, match="nothing measurable"):
        parse_wrk("unable to connect to 127.0.0.1:8123 Connection refused\n")


@pytest.mark.parametrize(
    ("text", "ms"), [("250us", 0.25), ("3.5ms", 3.5), ("1.20s", 1200.0), ("1.00m", 60000.0)]
)
def test_it_converts_wrk_durations_to_milliseconds(text, ms):
    assert duration_ms(text) == pytest.approx(ms)


def run(rps: float, p50: float = 1.0, p99: float = 2.0, non_2xx: int = 0, sockets: int = 0):
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": non_2xx, "socket_errors": sockets}


def test_it_keeps_medians_and_the_median_of_ratios_to_the_bare_view_of_each_run():
    bare = [run(4000), run(2000), run(3000)]
    # 10% of the bare view in every run, although the machine slowed down in run 2.
    page = [run(400, p50=5, p99=9), run(200, p50=7, p99=30, non_2xx=1), run(300, p50=6, p99=12)]
    summary = summarise(page, bare)
    assert summary["rps"] == 300
    assert summary["p50_ms"] == 6
    assert summary["p99_ms"] == 12
    assert summary["errors"] == 1
    assert summary["ratio"] == pytest.approx(0.1)
    assert summary["runs"] == 3


def test_the_ratio_is_per_run_not_of_the_medians():
    bare = [run(1000), run(3000), run(2000)]
    page = [run(500), run(300), run(400)]
    # Ratios 0.5, 0.1, 0.2: their median is 0.2; the ratio of medians would be 0.2 too
    # by chance here, so check against a set where they differ.
    assert summarise(page, bare)["ratio"] == pytest.approx(0.2)
    page = [run(500), run(300), run(100)]
    # Ratios 0.5, 0.1, 0.05: median 0.1; medians' ratio 300/2000 = 0.15.
    assert summarise(page, bare)["ratio"] == pytest.approx(0.1)


def test_each_search_word_matches_only_its_own_records():
    words = generate.WORDS
    assert len(set(words)) == len(words) == 300
    assert not any(a != b and b.startswith(a) for a in words for b in words)
    texts = "Bench Organisation Programme Event Topic Person Source made-up benchmarks on"
    assert not any(word.startswith(w[: len(word)]) for word in words for w in texts.lower().split())


def test_the_sizes_keep_their_proportions():
    sizes = generate.Sizes(100_000)
    assert (sizes.organisations, sizes.programmes, sizes.people, sizes.topics) == (
        10_000,
        5_000,
        20_000,
        200,
    )
    assert generate.Sizes(1_000).topics == 20


def figure(ratio: float, group: str, p50: float = 5.0, p99: float = 10.0) -> dict:
    return {"ratio": ratio, "group": group, "p50_ms": p50, "p99_ms": p99, "rps": 1.0}


def results(**changes) -> dict:
    uncached = {
        "bare": figure(1.0, "bare"),
        "html events list": figure(0.05, "facets"),
        "html events search": figure(0.045, "search", p50=20, p99=40),
        "html event detail": figure(0.07, "html-detail"),
        "api events list": figure(0.07, "api-list"),
        "api changes first": figure(0.2, "feed"),
        "api changes deep": figure(0.19, "feed"),
    }
    uncached |= changes
    return {
        "sizes": {
            "100k": {"uncached": uncached, "cached": {
                "bare": figure(1, "bare"), "api events list": figure(0.5, "api-list")}},
            "1k": {"uncached": {"html event detail": figure(0.1, "html-detail")}},
        },
        "feed_depth": {"100k": 60},
        "memory_mb": {"100k": {"uncached": [90.0, 120.5]}},
        "seed_seconds": 4.2,
    }  # fmt: skip


def verdicts(data: dict) -> dict[str, bool]:
    return {target.name: target.met for target in report.targets(data)}


def test_every_target_is_met_by_figures_that_meet_it():
    found = verdicts(results())
    assert found == {
        "every endpoint answers 200": True,
        "no error under load (non-2xx/3xx, socket)": True,
        "html events search vs html events list": True,
        "change feed page 60 vs first": True,
        "html event detail: 1k / 100k ratio": True,
        "p99 <= 3x p50, uncached, 7 endpoints": True,
        "p99 <= 3x p50, cached, 2 endpoints": True,
        "uncached api-list (1)": True,
        "uncached html-detail (1)": True,
        "cached, every endpoint (1)": True,
        "peak memory per worker": True,
        "manage.py seed (fresh SQLite)": True,
    }


def test_an_error_under_load_misses():
    data = results(**{"api events list": figure(0.07, "api-list") | {"errors": 12}})
    [target] = [t for t in report.targets(data) if t.name.startswith("no error under load")]
    assert not target.met
    assert target.measured == "api events list (100k uncached: 12)"


def test_an_endpoint_that_failed_misses():
    data = results()
    data["failed"] = {"100k uncached": {"html events feed.ics": 500}}
    [target] = [t for t in report.targets(data) if t.name == "every endpoint answers 200"]
    assert not target.met
    assert target.measured == "failed: html events feed.ics (500, 100k uncached)"


def test_a_slow_search_misses_its_target_on_throughput_or_on_p99():
    slow = verdicts(results(**{"html events search": figure(0.04, "search", p50=20, p99=40)}))
    assert slow["html events search vs html events list"] is False
    late = verdicts(results(**{"html events search": figure(0.05, "search", p50=60, p99=150)}))
    assert late["html events search vs html events list"] is False


def test_a_deep_feed_page_slower_than_the_first_misses():
    found = verdicts(results(**{"api changes deep": figure(0.18, "feed")}))
    assert found["change feed page 60 vs first"] is False


def test_a_detail_that_slows_down_with_size_misses_the_scale_target():
    found = verdicts(results(**{"html event detail": figure(0.06, "html-detail")}))
    assert found["html event detail: 1k / 100k ratio"] is False


def test_a_wide_tail_and_a_low_ratio_miss():
    found = verdicts(results(**{"api events list": figure(0.05, "api-list", p50=5, p99=16)}))
    assert found["p99 <= 3x p50, uncached, 7 endpoints"] is False
    assert found["uncached api-list (1)"] is False


def test_a_missed_target_is_explained_in_the_report():
    data = results(**{"api events list": figure(0.02, "api-list")})
    data |= {
        "settings": {"workers": 2, "connections": 16, "seconds": 2, "runs": 3,
                     "search_word": "qaboka"},
        "machine": {"date": "2026-11-28", "commit": "abc", "cores": 2, "python": "3.13",
                    "postgresql": "15", "wrk": "wrk 4.1.0"},
        "total_seconds": 600,
    }  # fmt: skip
    data["memory_mb"]["1k"] = {"uncached": [80.0]}
    data["feed_depth"]["1k"] = 60
    for modes in data["sizes"].values():
        for figures in modes.values():
            for name, f in figures.items():
                f.update(path=f"/{name}/", errors=0)
    text = report.markdown(data, report.targets(data))
    assert (
        "| uncached api-list (1) | >= 0.06 | lowest 0.020 (api events list) | **missed** |" in text
    )
    assert "- **uncached api-list (1)**: an API list of 50 events embeds" in text


def test_the_cold_mode_turns_every_cache_off_and_the_others_keep_the_kept_counts():
    cold = server_env("postgres://x/y", "cold")
    uncached = server_env("postgres://x/y", "uncached")
    cached = server_env("postgres://x/y", "cached")
    names = ("PAGE_CACHE_SECONDS", "COUNT_CACHE_SECONDS", "RECORD_CACHE_SECONDS")
    assert [cold.get(name) for name in names] == ["0", "0", "0"]
    assert [uncached.get(name) for name in names] == ["0", None, None]
    assert [cached.get(name) for name in names] == [None, None, None]
