"""The benchmark's printed table and its chart (bench/out/latency.png, matplotlib Agg backend)."""
from __future__ import annotations

from pathlib import Path


def _row(cells, widths) -> str:
    return "  ".join(str("-" if cell is None else cell).rjust(width) if i else str(cell).ljust(width)
                     for i, (cell, width) in enumerate(zip(cells, widths)))


def _table(header: list[str], rows: list[list], widths: list[int] | None = None) -> list[str]:
    widths = widths or [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    return [_row(header, widths), _row(["-" * w for w in widths], widths)] + [_row(r, widths) for r in rows]


def _load_lines(load: dict) -> list[str]:
    runs = load["runs"]
    lines = [f"\n== Latency and throughput ({load['turns_per_user']} messages a conversation, at least 100 a run "
             f"(fewer people hold several conversations in a row), closed loop, no think time; "
             f"bot updates: {load['bot_updates']})"]
    lines += _table(["users", "path", "sent", "replied", "lost", "p50 ms", "p95 ms", "p99 ms", "msg/s", "replies/s",
                     "on script"],
                    [[r["users"], r["path"], r["sent"], r["replied"], r["lost"], r["p50_ms"], r["p95_ms"], r["p99_ms"],
                      r["msgs_per_s"], r["replies_per_s"], f"{r['on_script']:.0%}"] for r in runs])
    lines.append("(msg/s: people's messages answered per second; replies/s: the assistant's messages sent per second)")
    lines.append("messages back per turn (full: Telegram messages; bare: Rasa's replies), most for the welcome / "
                 "most for any other turn: " + "; ".join(f"{r['users']} users {r['path']}: {r.get('welcome_bubbles')} / "
                                                        f"{r.get('most_bubbles')}" for r in runs))
    lines.append("full / bare: " + "; ".join(f"{r['users']} users: p50 x{r['p50_ratio']}, throughput x{r['throughput_ratio']}"
                                             for r in load["ratios"]))
    for key, words in (("full_throughput_vs_stock", "full-stack throughput / the stock bot's"),
                       ("bare_p50_vs_stock", "bare p50 / the stock bot's")):
        if key in load.get("anchor", {}):
            lines.append(f"against the stock Rasa bot (rasa init, REST, one process): {words} at "
                         f"{load['anchor'][key]['users']} users: x{load['anchor'][key]['ratio']}")
    full = [r for r in runs if r["path"] == "full"]
    if full:
        lines.append("full stack, mean ms per message: until getUpdates returned it / until PTB began it / handling")
        lines += [f"  {r['users']:>2} users: {r.get('fetch_wait_mean_ms')} / {r.get('queue_wait_mean_ms')} / "
                  f"{r.get('handling_mean_ms')}" for r in full]
    names = list(dict.fromkeys(name for r in runs for name in r["cpu_ms_per_msg"] if name not in ("machine", "other processes")))
    names.append("other processes")
    lines.append("CPU ms per answered message, per process ('other processes': not started by the bench):")
    lines += _table(["users", "path", *names],
                    [[r["users"], r["path"], *(r["cpu_ms_per_msg"].get(n) for n in names)] for r in runs])
    for r in (r for r in runs if r.get("profile")):
        lines.append(f"\n== CPU profile, a further full-stack run with {r['users']} users, not counted above (py-spy; flame graphs in bench/out/profile-*.svg): "
                     "each process's ten costliest functions by their own samples, in ms per answered message (a thread "
                     "waiting for a free core counts too, so these run above the CPU table's; compare shares)")
        for name, found in r["profile"].items():
            lines.append(f"{name}: {found['cpu_ms_per_turn']} ms per message sampled ({found['samples']} samples, "
                         f"{found.get('waiting_samples', 0)} more waiting in an event loop or thread pool)")
            lines += [f"  {row['ms_per_turn']:>7.2f} ms  {row['share']:>5.1%}  {row['function']}" for row in found["top"]]
    lines.append("\n== Peak RSS (MB): " + ", ".join(f"{name} {mb}" for name, mb in load["peak_rss_mb"].items()))
    if "largest_process_rss_mb" in load:
        lines.append(f"largest single process (MB, of how many), Rasa with {load['rasa_workers']} Sanic worker(s): "
                     + ", ".join(f"{name} {mb} of {count}" for name, (mb, count) in load["largest_process_rss_mb"].items()))
    return lines


def _understanding_lines(results: dict) -> list[str]:
    lines = []
    if "training" in results:
        t = results["training"]
        lines.append(f"\n== Training (rasa train --force, full model): {t['seconds']} s, model {t['model_mb']} MB, "
                     f"peak RSS {t['peak_rss_mb']} MB")
    u = results.get("understanding", {})
    lines.append("\n== Understanding")
    if "nlu_cross_validation" in u:
        cv = u["nlu_cross_validation"]
        lines.append(f"intent F1 ({cv['folds']}-fold cross-validation): weighted {cv['intent_f1_weighted']}, macro "
                     f"{cv['intent_f1_macro']}, accuracy {cv['accuracy']} ({cv['seconds']} s); response selection "
                     f"F1 weighted {cv.get('response_f1_weighted')}; lowest: "
                     + ", ".join(f"{name} {f1:.2f}" for name, f1 in cv["worst_intents"]))
    if "heldout" in u:
        h = u["heldout"]
        lines.append(f"held-out messages: accuracy {h['accuracy']} on {h['messages']} (by voice: "
                     + ", ".join(f"{v} {a}" for v, a in h["by_voice"].items()) + "); lowest intents: "
                     + ", ".join(f"{i} {a}" for i, a in list(h["by_intent"].items())[:5])
                     + f"; ordinary messages read as a disclosure: {h['ordinary_read_as_disclosure']}")
    if "heldout_second" in u:
        h = u["heldout_second"]
        lines.append(f"second held-out set (another writer, intents only): accuracy {h['accuracy']} on {h['messages']} "
                     "(by voice: " + ", ".join(f"{v} {a}" for v, a in h["by_voice"].items()) + "); lowest intents: "
                     + ", ".join(f"{i} {a}" for i, a in list(h["by_intent"].items())[:5])
                     + f"; ordinary messages read as a disclosure: {h['ordinary_read_as_disclosure']}")
    if "conversations" in u:
        c = u["conversations"]
        lines.append(f"conversation scripts: {c['passed']}/{c['scripts']} pass ({c['pass_rate']:.0%}), "
                     f"{c['expected_failures']} marked as expected failures; most fallback replies to one message "
                     f"(scripts and {c['must_fall_back']} messages that must fall back): {c['max_fallbacks']}")
    if "glossary" in u:
        g = u["glossary"]
        lines.append(f"glossary: {g['hits']}/{g['misspelt_queries']} misspelt terms found ({g['terms']} terms)")
    if "safeguarding" in u:
        lines.append("safeguarding (recall on disclosures / false-positive rate on ordinary messages):")
        rows = []
        for name, s in u["safeguarding"].items():
            for how in ("patterns", "nlu_pipeline", "full_reply"):
                r = s.get(how)
                if r:
                    rows.append([name, how, f"{s['disclosures']}/{s['ordinary']}", f"{r['recall']:.1%}", r["missed"],
                                 f"{r['false_positive_rate']:.1%}", r["false_positives"]])
        lines += _table(["set", "check", "disc/ord", "recall", "missed", "FP rate", "FPs"], rows)
        newest = max((name for name in u["safeguarding"] if name.startswith("blind")), key=lambda n: int(n[5:] or 0),
                     default=None)
        blind = u["safeguarding"].get(newest, {}).get("per_category")
        if blind:
            lines.append(f"safeguarding per kind of harm, the newest blind set, {newest} (pipeline recall; patterns' "
                         "recall and false alarms among its ordinary messages):")
            lines += _table(["kind", "disclosures", "recall", "pattern recall", "pattern false alarms"],
                            [[c, r["disclosures"], f"{r['recall']:.0%}", f"{r['pattern_recall']:.0%}",
                              r["pattern_false_alarms"]] for c, r in blind.items()])
    return lines


def _readability_lines(rows: list[dict], summary: dict) -> list[str]:
    lines = ["\n== Plain language: Flesch-Kincaid grade per topic, worst first (target: family <= 6, young people <= 5;"
             " glossary entries, graded as family texts, are listed only when over)"]
    listed = [r for r in rows if r["over_target"] or not r["topic"].startswith("glossary/")]
    lines += _table(["audience", "topic", "grade", "target", "words", "over"],
                    [[r["audience"], r["topic"], r["grade"], r["target"], r["words"], "OVER" if r["over_target"] else ""]
                     for r in listed])
    lines.append("; ".join(f"{a}: {s['over_target']} of {s['topics']} topics over target, worst {s['worst']}"
                           for a, s in summary.items()))
    return lines


def table(results: dict) -> str:
    lines = [f"meeting-prep benchmark, {results['machine']['cpu']}, {results['machine']['cores']} cores, "
             f"{results['machine']['memory_gb']} GB"]
    if "load" in results:
        lines += _load_lines(results["load"])
    if "replicas" in results:
        lines += _replica_lines(results["replicas"])
    if "alerts" in results:
        lines += _alert_lines(results["alerts"])
    lines += _understanding_lines(results)
    if "readability" in results:
        lines += _readability_lines(results["readability"]["topics"], results["readability"]["summary"])
    lines.append("\n== Time per part (s): wall / CPU of the bench and what it started / CPU of other processes")
    lines += [f"  {part}: {t['wall']} / {t['bench_cpu']} / {t['other_processes_cpu']}" for part, t in results["seconds"].items()]
    m = results["machine"]
    lines.append(f"bench wall time: {results['wall_seconds']} s; load average at start {m['load_average_at_start']}, "
                 f"at end {m.get('load_average_at_end')}")
    return "\n".join(lines)


def _replica_lines(found: dict) -> list[str]:
    if "skipped" in found:
        return [f"\n== Scale-out through HAProxy: not measured ({found['skipped']})"]
    lines = [f"\n== Scale-out: {found['people']} people at once through HAProxy, Rasa replicas of one worker each "
             "(and as many action servers), PostgreSQL and Redis shared. On one machine this shows the replicas' cost "
             "and correctness, not scaling: they share its cores"]
    lines += _table(["replicas", "sent", "replied", "lost", "off script", "kept twice", "p50 ms", "p95 ms", "msg/s",
                     "Rasa CPU ms/msg"],
                    [[r["replicas"], r["sent"], r["replied"], r["lost"], f"{1 - r['on_script']:.1%}", r["duplicated"],
                      r["p50_ms"], r["p95_ms"], r["msgs_per_s"],
                      round(sum(v for k, v in r["cpu_ms_per_msg"].items() if k.startswith("rasa")), 1)]
                     for r in found["runs"]])
    return lines


def _alert_lines(alerts: dict) -> list[str]:
    email, telegram = alerts["email"], alerts["telegram"]
    return ["\n== Safeguarding alerts: from the disclosure sent to the alert delivered (target <= 5 s)",
            f"coordinator email (local SMTP): {alerts['email_delivered']}/{alerts['disclosures']} delivered, "
            f"median {email['median_s']} s, slowest {email['max_s']} s",
            f"coordinator Telegram (fake Bot API): {alerts['telegram_delivered']}/{alerts['disclosures']} delivered, "
            f"median {telegram['median_s']} s, slowest {telegram['max_s']} s"]


def chart(load: dict, path: Path) -> None:
    import matplotlib  # here, not at the top: the table's tests run where only `make test` installed packages

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = load["runs"]
    levels = sorted({r["users"] for r in runs})
    by = {(r["path"], r["users"]): r for r in runs}
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    labels = {"stock": "stock Rasa bot (rasa init, REST)", "bare": "bare Rasa REST",
              "full": "full stack (Telegram fake -> PTB -> Rasa)"}
    colours = {"stock": "#8c8c8c", "bare": "#4c72b0", "full": "#dd8452"}
    paths = [name for name in labels if any(r["path"] == name for r in runs)]
    width = 0.8 / len(paths)
    for number, path_name in enumerate(paths):
        offset = (number - (len(paths) - 1) / 2) * width
        xs = [i + offset for i in range(len(levels))]
        got = [by.get((path_name, n), {}) for n in levels]
        p50 = [r.get("p50_ms") or 0 for r in got]
        label = labels[path_name]
        left.bar(xs, p50, width, color=colours[path_name], label=f"{label}: p50")
        left.scatter(xs, [r.get("p95_ms") or 0 for r in got], marker="_", s=300, color="black", zorder=3)
        left.scatter(xs, [r.get("p99_ms") or 0 for r in got], marker="v", s=30, color="black", zorder=3)
        right.bar(xs, [r.get("msgs_per_s") or 0 for r in got], width, color=colours[path_name], label=label)
    left.scatter([], [], marker="_", s=300, color="black", label="p95")
    left.scatter([], [], marker="v", s=30, color="black", label="p99")
    values = [r[k] for r in runs for k in ("p50_ms", "p99_ms") if r.get(k)]
    if values and max(values) / max(min(values), 1e-9) > 30:
        left.set_yscale("log")
    for axis, title, unit in ((left, "Reply latency", "ms"), (right, "Throughput", "messages answered per second")):
        axis.set_xticks(range(len(levels)), [f"{n} user{'s' if n > 1 else ''}" for n in levels])
        axis.set_title(title)
        axis.set_ylabel(unit)
        axis.grid(axis="y", alpha=0.3)
    left.legend(fontsize=8)
    right.legend(fontsize=8)
    for ratio in load["ratios"]:
        i = levels.index(ratio["users"])
        right.annotate(f"x{ratio['throughput_ratio']}", (i + width / 2, by[("full", ratio["users"])]["msgs_per_s"]),
                       ha="center", va="bottom", fontsize=8)
    figure.suptitle("meeting-prep: full stack vs bare Rasa (same model, same conversations)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
