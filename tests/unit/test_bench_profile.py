"""The bench's reading of py-spy's raw stacks (bench/profile.py): each function's own CPU per message."""
from bench.profile import PROJECT, RATE, own_costs, top_costs


def test_the_function_running_at_each_sample_is_charged_with_it(tmp_path):
    raw = tmp_path / "profile-rasa.txt"
    raw.write_text(
        "<module> (rasa/__main__.py:5);handle (rasa/core/agent.py:90);_linear "
        f"({PROJECT}/bot/rasa_components/sentence_encoder.py:156) 30\n"
        "<module> (rasa/__main__.py:5);handle (/x/.venv-rasa/lib/python3.10/site-packages/rasa/core/agent.py:90) 10\n"
        "<module> (rasa/__main__.py:5);handle (rasa/core/agent.py:90);_linear "
        f"({PROJECT}/bot/rasa_components/sentence_encoder.py:157) 20\n"
        "not a stack line\n")
    costs = own_costs(raw)
    assert costs == {"_linear (bot/rasa_components/sentence_encoder.py)": 50, "handle (rasa/core/agent.py)": 10}

    summary = top_costs({"rasa": raw}, turns=10)["rasa"]
    assert summary["samples"] == 60
    assert summary["cpu_ms_per_turn"] == round(60 * 1000 / RATE / 10, 1)  # 60 samples at 100 a second, 10 messages
    assert summary["top"][0] == {"function": "_linear (bot/rasa_components/sentence_encoder.py)",
                                 "ms_per_turn": 50.0, "share": 0.833}


def test_an_event_loop_waiting_in_c_is_not_counted_as_work(tmp_path):
    raw = tmp_path / "profile-actions.txt"
    raw.write_text("main (x.py:1);serve (/v/lib/python3.10/site-packages/sanic/server/runners.py:9) 90\n"
                   "main (x.py:1);load_json (/v/lib/python3.10/site-packages/sanic/request.py:3) 10\n")
    summary = top_costs({"actions": raw}, turns=1)["actions"]
    assert (summary["samples"], summary["waiting_samples"], summary["cpu_ms_per_turn"]) == (10, 90, 100.0)
    assert [row["function"] for row in summary["top"]] == ["load_json (sanic/request.py)"]
