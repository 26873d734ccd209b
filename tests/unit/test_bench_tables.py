"""The bench's figures against the stock Rasa bot (bench/load.py `anchor`), and how the tables show them and the replicas."""
from bench.load import anchor
from bench.report import _load_lines


def run(path: str, users: int, p50: float, per_second: float) -> dict:
    return {"path": path, "users": users, "p50_ms": p50, "msgs_per_s": per_second, "sent": 100, "replied": 100,
            "lost": 0, "p95_ms": p50, "p99_ms": p50, "replies_per_s": per_second, "on_script": 1.0,
            "cpu_ms_per_msg": {"rasa": 40.0, "machine": 50.0, "other processes": 0.0}}


RUNS = [run("bare", 1, 50.0, 18.0), run("full", 1, 60.0, 15.0), run("bare", 50, 1300.0, 32.0),
        run("full", 50, 1700.0, 21.0), run("stock", 1, 25.0, 40.0), run("stock", 50, 260.0, 42.0)]


def test_full_throughput_at_the_most_people_and_bare_p50_for_one_are_set_against_the_stock_bot():
    assert anchor(RUNS) == {"full_throughput_vs_stock": {"users": 50, "ratio": 0.5},
                            "bare_p50_vs_stock": {"users": 1, "ratio": 2.0}}


def test_without_the_stock_bot_there_is_no_anchor():
    assert anchor([r for r in RUNS if r["path"] != "stock"]) == {}


def test_the_table_says_both_ratios():
    load = {"turns_per_user": 12, "bot_updates": "as-built", "runs": RUNS, "ratios": [], "anchor": anchor(RUNS),
            "peak_rss_mb": {}}
    text = "\n".join(_load_lines(load))
    assert "full-stack throughput / the stock bot's at 50 users: x0.5" in text
    assert "bare p50 / the stock bot's at 1 users: x2.0" in text


def test_the_replica_table_says_what_was_lost_repeated_and_off_script():
    from bench.report import _replica_lines
    found = {"people": 200, "runs": [{**run("replicas", 200, 900.0, 19.0), "replicas": 1, "duplicated": 0},
                                     {**run("replicas", 200, 600.0, 28.0), "replicas": 2, "duplicated": 1}]}
    text = "\n".join(_replica_lines(found))
    assert "200 people at once through HAProxy" in text and "not scaling" in text
    assert text.splitlines()[-1].split()[:6] == ["2", "100", "100", "0", "0.0%", "1"]
    assert "not measured (no haproxy)" in "\n".join(_replica_lines({"skipped": "no haproxy"}))
