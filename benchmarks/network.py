"""City-, county- and London-scale benchmark of the network engine against plain NetworkX.

Run from the repository root::

    .venv/bin/python benchmarks/network.py [--scale city|county|london] [--seeds N] [--seed 0]
        [--timeout 1800] [--memory-gb 8] [--analysis-memory-gb G] [--skip-baselines]
        [--skip-analysis] [--estimator pairs|kadabra] [--samples N] [--threads T]
        [--kadabra-err E] [--top-k K] [--json PATH]

Scales (``benchmarks/_synthetic_graph.SCALES``): city 30,000 people and 2,000 groups (~105,000
ties), county 150,000 and 10,000 (~520,000), London 800,000 and 50,000. It prints, in one run:

* for each of ``--seeds`` seeds (``--seed``, ``--seed + 1``, ...): the whole ``run_analysis``
  wall time, CPU time and peak RSS, measured in a fresh subprocess (address space capped by
  ``--analysis-memory-gb`` if given), with the time of every stage on the first.
  With one betweenness thread its CPU is split by thread (the main thread, and betweenness on
  its second thread), which gives the wall time two idle cores would take, whatever else the
  machine is doing; each stage is
  logged as it starts, so a run stopped by the time cap still says where its time went;
* the top-50 overlap of our broker ranking with exact betweenness (computed once per graph by
  Brandes, compiled and checked against igraph, leaves folded, split over two processes, cached in
  the temp folder by the graph's edges; at county and London scale only with ``--reference``, as it
  takes an hour or more), and its min / median over seeds;
* NetworkX baselines (exact betweenness, constraint, effective size,
  Louvain), each in its own subprocess under a memory limit and a time cap,
  with failures and timeouts reported as the result, against our steps alone under the same
  time cap. Baselines and our steps load the graph alone, pickled once per graph in the temp
  folder, so what they hold is the graph and their own work, not our input records.

The graph comes from ``city_graph(seed)`` in ``_synthetic_graph.py``, or, with
``--demo [PATH_OR_URL]``, from the city-scale demo database (seeded once by
``benchmarks/_city_db.py`` and read through ``community.insights.network_source``, exactly
as an analysis run reads it). The machine may be shared, so the load average is
printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._synthetic_graph import SCALES, scaled_city  # noqa: E402

# NetworkX call -> (label, which of our steps does the same job).
BASELINES = {
    "nx_betweenness": ("nx.betweenness_centrality (exact)", "betweenness"),
    "nx_constraint": ("nx.constraint (weighted)", "burt"),
    "nx_effective_size": ("nx.effective_size (weighted)", "burt"),
    "nx_effective_size_per_node": ("nx.effective_size(nodes=all, weighted)", "burt"),
    "nx_louvain": ("nx.community.louvain_communities", "louvain"),
}
OURS = {
    "betweenness": "betweenness (sampled pairs, every core)",
    "burt": "constraint + effective size",
    "louvain": "Louvain (igraph)",
}
TOP = 50
SAMPLE_SOURCES = 200


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


DEMO_ENV = "WEAVE_BENCH_NETWORK_DEMO"
SCALE_ENV = "WEAVE_BENCH_NETWORK_SCALE"


def _city(seed: int):
    """The synthetic city, or the demo database's community when ``--demo`` was given.

    The demo's records are read once and pickled, so every subprocess analyses the same input.
    """
    target = os.environ.get(DEMO_ENV)
    if not target:
        return scaled_city(os.environ.get(SCALE_ENV, "city"), seed)
    import hashlib
    import pickle
    import tempfile
    from types import SimpleNamespace

    digest = hashlib.sha1(target.encode()).hexdigest()[:10]
    cache = Path(tempfile.gettempdir()) / f"weave-network-demo-{digest}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from benchmarks._city_db import city_engine
    from community.db import make_sessionmaker
    from community.insights.coverage import coverage_cells, get_coverage
    from community.insights.network_source import load_community

    engine = city_engine(target if target != "default" else None)
    with make_sessionmaker(engine)() as session:
        records = load_community(session)
        cells = coverage_cells(get_coverage(session, window_days=90, now=records.now))
    city = SimpleNamespace(
        people=records.people,
        groups=records.groups,
        ties=records.ties,
        open_needs=records.open_needs,
        coverage_cells=cells,
        now=records.now,
        area_names=records.area_names,
    )
    cache.write_bytes(pickle.dumps(city))
    return city


def _graph(seed: int):
    from community.network.graph import build_graph

    city = _city(seed)
    return city, build_graph(city.people, city.groups, city.ties, now=city.now)


def _graph_only(seed: int):
    """The graph alone, pickled once per graph in the temp folder, for the baselines and our steps.

    Built from the records, London's graph takes 91 s and its records hold 3.5 GB: under an
    8 GB cap every NetworkX baseline would be charged for our input and fail before its call.
    Loaded from the pickle, a worker holds the graph and what NetworkX itself allocates. The
    file name carries a digest of the code that makes the graph, so a changed generator makes a
    new file.
    """
    import gc
    import hashlib
    import pickle
    import tempfile

    sources = [ROOT / "benchmarks" / "_synthetic_graph.py", ROOT / "community" / "network" / "graph.py"]
    digest = hashlib.sha1(b"".join(path.read_bytes() for path in sources))
    digest.update(f"{os.environ.get(SCALE_ENV, 'city')} {os.environ.get(DEMO_ENV, '')} {seed}".encode())
    path = Path(tempfile.gettempdir()) / f"weave-network-graph-{digest.hexdigest()[:12]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    G = _graph(seed)[1]
    gc.collect()
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(G, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
    return G


# --- work done inside the subprocesses ------------------------------------------------------


def _work_analysis(
    seed: int, estimator: str, samples: int | None, err: float | None, top_k: int, threads: int | None
) -> dict:
    from benchmarks._exact_reference import edge_key
    from community.network import analysis, run_analysis
    from community.network.betweenness import DEFAULT_SAMPLES
    from community.network.graph import build_graph

    plain, spent = analysis.betweenness, {}

    def timed(*args, **kwargs):
        # On its own thread: the process's CPU so far is the main thread's work before the
        # betweenness started, and this thread's CPU is the betweenness alone.
        spent["before"] = time.process_time() - spent["cpu0"]
        start = time.thread_time()
        # run_analysis has no estimator, KADABRA or threads option (the engine's own choices),
        # so the benchmark passes them through here.
        extra = {"estimator": estimator, "threads": threads}
        if estimator == "kadabra":
            extra |= {"top_k": top_k} | ({"err": err} if err is not None else {})
        out = plain(*args, **kwargs, **extra)
        spent["betweenness"] = time.thread_time() - start
        return out

    analysis.betweenness = timed
    city = _city(seed)
    key = edge_key(build_graph(city.people, city.groups, city.ties, now=city.now))
    before = _peak_mb()
    wall, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    spent["cpu0"] = cpu

    def progress(percent: int, stage: str) -> None:
        print(
            f"stage {percent:3d}% {stage} at {time.perf_counter() - wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU, peak RSS {_peak_mb():.0f} MB",
            file=sys.stderr,
            flush=True,
        )

    result = run_analysis(
        city.people,
        city.groups,
        city.ties,
        now=city.now,
        seed=seed,
        open_needs=city.open_needs,
        coverage_cells=city.coverage_cells,
        area_names=city.area_names,
        top_brokers=TOP,
        progress=progress,
        samples=DEFAULT_SAMPLES if samples is None else samples,
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    main_cpu = time.thread_time() - main_cpu
    json.dumps(result.to_dict(), allow_nan=False)
    return {
        "wall": wall,
        "cpu": cpu,
        "top_k": top_k,
        "threads": threads,
        "main_cpu": main_cpu,
        "cpu_before_betweenness": spent.get("before", 0.0),
        "betweenness_cpu": spent.get("betweenness", 0.0),
        # With two idle cores the main thread and the betweenness thread run side by side.
        # (With more than one betweenness thread its helpers' CPU is not on its thread: no estimate.)
        "idle_wall": max(main_cpu, spent.get("before", 0.0) + spent.get("betweenness", 0.0))
        if estimator == "kadabra" and (threads or 1) == 1
        else None,
        "peak_mb": _peak_mb(),
        "records_mb": before,
        "timings": result.timings,
        "betweenness": result.betweenness,
        "counts": result.counts,
        "fingerprint": result.fingerprint,
        "edge_key": key,
        "brokers": [b.node for b in result.brokers],
    }


class _OverCap(Exception):
    pass


def _over_cap(signum, frame):
    raise _OverCap


def _work_baseline(task: str, seed: int, cap: float | None = None) -> dict:
    import signal

    import networkx as nx

    G = _graph_only(seed)
    calls = {
        "nx_betweenness": lambda: nx.betweenness_centrality(G),
        "nx_constraint": lambda: nx.constraint(G, weight="weight"),
        "nx_effective_size": lambda: nx.effective_size(G, weight="weight"),
        # The per-node path needs no n x n matrix (and is the correct one for
        # weighted graphs, see networkx PR #8906), but loops in Python.
        "nx_effective_size_per_node": lambda: nx.effective_size(G, nodes=list(G), weight="weight"),
        "nx_louvain": lambda: nx.community.louvain_communities(G, weight="weight", seed=seed),
        # Brandes from SAMPLE_SOURCES sources costs that share of the full run,
        # so it projects the exact time when the full run hits the cap.
        "nx_betweenness_sampled": lambda: nx.betweenness_centrality(G, k=SAMPLE_SOURCES, seed=seed),
    }
    if cap:
        # The cap is on the call's own CPU time: building the graph is not NetworkX's work, and
        # on a shared machine a wall-clock cap would charge NetworkX for other people's jobs.
        signal.signal(signal.SIGPROF, _over_cap)
        signal.setitimer(signal.ITIMER_PROF, cap)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        calls[task]()
    except MemoryError:
        return {
            "status": "out of memory",
            "wall": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "peak_mb": _peak_mb(),
        }
    except _OverCap:
        return {
            "status": f"over the cap of {cap:.0f} s of CPU",
            "wall": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "peak_mb": _peak_mb(),
        }
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    out = {"status": "ok", "wall": wall, "cpu": cpu, "peak_mb": _peak_mb()}
    if task == "nx_betweenness_sampled":
        out["projected"] = cpu * G.number_of_nodes() / SAMPLE_SOURCES
    return out


def _work_ours(seed: int, cap: float | None = None) -> dict:
    """Our steps that have a NetworkX counterpart, timed one after another, alone.

    Betweenness runs last, on its own thread, and is given ``cap`` seconds of wall time: compiled
    sampling cannot be stopped from Python, and at London scale it can run past any cap, which
    would leave no figure for the steps that do finish.
    """
    import threading

    from community.network.betweenness import betweenness
    from community.network.communities import detect_communities
    from community.network.indexed import GraphIndex
    from community.network.structural_holes import burt_from_index

    G = _graph_only(seed)
    ix = GraphIndex.from_graph(G)
    ix.to_igraph(), ix.adjacency(False)
    times: dict = {}
    for key, call in (
        ("burt", lambda: burt_from_index(ix)),
        ("louvain", lambda: detect_communities(G, seed=seed, index=ix)),
    ):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        times[key] = time.perf_counter() - start
        times[key + "_cpu"] = time.process_time() - cpu

    def between() -> None:
        # The process's CPU: the sampler's own threads do the work while this one waits.
        start, cpu = time.perf_counter(), time.process_time()
        betweenness(G, seed=seed, index=ix)
        times["betweenness"] = time.perf_counter() - start
        times["betweenness_cpu"] = time.process_time() - cpu

    thread = threading.Thread(target=between, daemon=True)
    thread.start()
    thread.join(cap)
    if thread.is_alive():
        times["betweenness"] = times["betweenness_cpu"] = None
        times["betweenness_status"] = f"over the cap of {cap:.0f} s"
    return times


def _work_reference(seed: int, part: int, out: str) -> dict:
    import numpy as np

    from benchmarks._exact_reference import edge_key, exact_raw

    G = _graph_only(seed)
    start = time.perf_counter()
    # Summing igraph's per-source contributions over a partition of the
    # sources gives exactly the full betweenness; two halves use both cores.
    nodes, raw = exact_raw(G, part=part, parts=2)
    np.savez(out, nodes=np.asarray(nodes), raw=raw)
    # The parent checks this against the analysed graph's key before it keeps the reference.
    return {"status": "ok", "wall": time.perf_counter() - start, "edge_key": edge_key(G)}


# --- the parent ------------------------------------------------------------------------------


def _command(task: str, seed: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        task,
        "--seed",
        str(seed),
        *extra,
    ]


def _limit(memory_bytes: int | None):
    def apply() -> None:
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def _finish(proc: subprocess.Popen, timeout: float) -> dict:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        # The analysis worker logs each stage to stderr, so a timeout still says where it was.
        stages = [line for line in err.splitlines() if line.startswith("stage ")]
        return {"status": f"timeout after {timeout:.0f} s", "wall": timeout, "stages": stages}
    if proc.returncode != 0:
        lines = err.strip().splitlines()
        stages = [line for line in lines if line.startswith("stage ")]
        tail = ([line for line in lines if not line.startswith("stage ")] or ["no output"])[-1]
        if "MemoryError" in err:
            where = [line.strip() for line in lines if line.strip().startswith("File ")]
            status = "out of memory" + (f" in {where[-1]}" if where else "")
        elif proc.returncode < 0:
            # SIGKILL with no traceback is most likely the kernel's OOM killer (see dmesg).
            status = f"killed by signal {-proc.returncode}"
        else:
            status = f"failed: {tail[:120]}"
        return {"status": status, "stages": stages}
    return json.loads(out.strip().splitlines()[-1])


def _start(cmd: list[str], memory_bytes: int | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit(memory_bytes),
    )


def _reference(seed: int, scale: str, key: str, timeout: float) -> tuple[list, float | str, dict]:
    """Exact ranking (highest first, ties by node id) of the graph with edge key ``key``,
    the seconds it took (or "cached") and the raw exact values."""
    import numpy as np

    from benchmarks._exact_reference import key_path, load_key

    seconds: float | str = "cached"
    found = load_key(key)
    if found is None:
        target = key_path(key)
        parts = [str(target) + f".part{p}.npz" for p in (0, 1)]
        procs = [
            _start(_command("reference", seed, "--scale", scale, "--part", str(p), "--out", parts[p]))
            for p in (0, 1)
        ]
        start = time.perf_counter()
        results = [_finish(p, timeout) for p in procs]
        if any(r.get("status") != "ok" for r in results):
            return [], "; ".join(r["status"] for r in results), {}
        # A reference of another graph would be cached under this graph's key and score every later run.
        if any(r.get("edge_key") != key for r in results):
            for part in parts:
                os.remove(part)
            return [], "failed: the reference was computed on a different graph", {}
        seconds = time.perf_counter() - start
        a, b = np.load(parts[0]), np.load(parts[1])
        np.savez(target, nodes=a["nodes"], raw=a["raw"] + b["raw"])
        for part in parts:
            os.remove(part)
        found = load_key(key)
        assert found is not None
    return sorted(found, key=lambda n: (-round(found[n], 6), n)), seconds, found


def _fmt(seconds) -> str:
    return f"{seconds:.2f} s" if isinstance(seconds, float | int) else str(seconds)


def _agreement(ours: list[str], ranking: list[str]) -> tuple[int, int, int]:
    rank = {n: i for i, n in enumerate(ranking)}
    overlap = len(set(ours[:TOP]) & set(ranking[:TOP]))
    top10 = len(set(ours[:10]) & set(ranking[:10]))
    worst = max((rank.get(n, len(ranking)) for n in ours[:TOP]), default=0) + 1
    return overlap, top10, worst


def _shortfall(ours: list[str], ranking: list[str], exact: dict) -> float:
    """How far below the exact 50th score (per cent) our lowest wrongly chosen broker is.

    The top 50 often ends among near-ties, so a miss 0.5 % below the line is not one 10 % below.
    """
    if len(ranking) < TOP or not exact[ranking[TOP - 1]]:
        return 0.0
    line = exact[ranking[TOP - 1]]
    inside = set(ranking[:TOP])
    return max((100 * (1 - exact.get(n, 0.0) / line) for n in ours[:TOP] if n not in inside), default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--seeds", type=int, default=1, help="number of seeds (graphs) to run")
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="time cap per NetworkX baseline, seconds (default 30 min)",
    )
    parser.add_argument("--reference-timeout", type=float, default=3600.0)
    parser.add_argument(
        "--reference",
        action="store_true",
        help="compute exact references at county or London scale too (hours)",
    )
    parser.add_argument(
        "--memory-gb", type=float, default=8.0, help="address-space limit per NetworkX baseline"
    )
    parser.add_argument(
        "--analysis-memory-gb",
        type=float,
        default=None,
        help="address-space limit for the run_analysis subprocess",
    )
    parser.add_argument(
        "--demo",
        nargs="?",
        const="default",
        metavar="PATH_OR_URL",
        help="analyse the city demo database (default /tmp/weave-bench-city.sqlite) instead of the "
        "synthetic city",
    )
    parser.add_argument(
        "--estimator",
        choices=["pairs", "kadabra"],
        default="pairs",
        help="sampled betweenness: the engine's pairs (default) or networkit's KADABRA",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=None,
        help="pairs drawn by the pairs estimator (default: the engine's DEFAULT_SAMPLES)",
    )
    parser.add_argument(
        "--kadabra-err",
        type=float,
        default=None,
        help="KADABRA's err (default: the engine's DEFAULT_KADABRA_ERR)",
    )
    parser.add_argument(
        "--top-k",
        type=int,
        default=0,
        help="run KADABRA in top-k mode (stops once the top k are separated; the rest score 0)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for sampled betweenness (default: the engine's: every core for pairs, which "
        "gives the same brokers on any number; one for KADABRA, which only then does)",
    )
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="also write every seed's figures and broker ranking to PATH (JSON), e.g. to score "
        "agreement later against a reference still being computed",
    )
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument(
        "--skip-analysis", action="store_true", help="only the NetworkX baselines and our steps"
    )
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--cap", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    os.environ[SCALE_ENV] = args.scale
    if args.demo:
        os.environ[DEMO_ENV] = args.demo
    if args.worker:
        if args.worker == "analysis":
            result = _work_analysis(
                args.seed, args.estimator, args.samples, args.kadabra_err, args.top_k, args.threads
            )
        elif args.worker == "reference":
            result = _work_reference(args.seed, args.part, args.out)
        elif args.worker == "ours":
            result = _work_ours(args.seed, args.cap)
        else:
            result = _work_baseline(args.worker, args.seed, args.cap)
        print(json.dumps({"status": "ok"} | result), flush=True)
        # Our betweenness may still be running on a thread that cannot be stopped: leave now.
        os._exit(0)

    what = "demo " + args.demo if args.demo else f"synthetic {args.scale}"
    seeds = [args.seed] if args.demo else list(range(args.seed, args.seed + args.seeds))
    print(
        f"Weave network benchmark: {what}, seeds {seeds}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    cap = int(args.analysis_memory_gb * 1024**3) if args.analysis_memory_gb else None
    reference = not args.skip_reference and (args.scale == "city" or args.reference or args.demo)
    rows = []
    knobs = ["--top-k", str(args.top_k), "--estimator", args.estimator]
    for flag, value in (
        ("--samples", args.samples), ("--kadabra-err", args.kadabra_err), ("--threads", args.threads)
    ):
        if value is not None:
            knobs += [flag, str(value)]
    for seed in [] if args.skip_analysis else seeds:
        analysis = _finish(
            _start(_command("analysis", seed, "--scale", args.scale, *knobs), cap),
            max(args.timeout, 600.0),
        )
        if analysis.get("status") != "ok":
            print(f"seed {seed}: run_analysis failed: {analysis['status']}")
            for line in analysis.get("stages", []):
                print(f"  {line}")
            rows.append({"seed": seed, "status": analysis["status"]})
            continue
        c = analysis["counts"]
        b = analysis["betweenness"]
        print(
            f"\nseed {seed}: {c['nodes']:,} nodes ({c['people']:,} people with ties, "
            f"{c.get('people_without_ties', 0):,} without, {c['groups']:,} groups), "
            f"{c['edges']:,} edges"
        )
        print(
            f"  run_analysis: {analysis['wall']:.2f} s wall, {analysis['cpu']:.2f} s CPU, "
            f"peak RSS {analysis['peak_mb']:.0f} MB (of which {analysis['records_mb']:.0f} MB "
            "before the call: interpreter, libraries and input records)"
        )
        if analysis["idle_wall"] is not None:
            print(
                f"  CPU by thread: main {analysis['main_cpu']:.2f} s, betweenness "
                f"{analysis['betweenness_cpu']:.2f} s (started after "
                f"{analysis['cpu_before_betweenness']:.2f} s of CPU); wall on two idle cores about "
                f"{analysis['idle_wall']:.1f} s"
            )
        print(
            f"  betweenness: {b['method']} ({b['library']}), {b['samples']} samples, "
            f"err={b['err']}, top_k={analysis['top_k']}, seed={b['seed']}, {b['seconds']:.2f} s "
            f"on a second thread, with {analysis['threads'] or 'the default number of'} thread(s)"
        )
        if seed == seeds[0]:
            for stage, seconds in analysis["timings"].items():
                print(f"    {stage:<42} {seconds:7.3f} s")
        row = {
            "seed": seed,
            "status": "ok",
            "wall": analysis["wall"],
            "cpu": analysis["cpu"],
            "rss": analysis["peak_mb"],
            "betweenness": b,
            "idle_wall": analysis["idle_wall"],
            "main_cpu": analysis["main_cpu"],
            "betweenness_cpu": analysis["betweenness_cpu"],
            "timings": analysis["timings"],
            "edge_key": analysis["edge_key"],
            "brokers": analysis["brokers"],
        }
        if reference:
            ranking, seconds, exact = _reference(
                seed, args.scale, analysis["edge_key"], args.reference_timeout
            )
            if ranking:
                overlap, top10, worst = _agreement(analysis["brokers"], ranking)
                row["agreement"] = overlap
                print(
                    f"  top-{TOP} agreement with exact ({_fmt(seconds)}): {overlap}/{TOP} = "
                    f"{overlap / TOP:.0%}; top-10 {top10}/10; lowest exact rank among ours {worst}"
                    f", {_shortfall(analysis['brokers'], ranking, exact):.1f} % below the "
                    f"exact {TOP}th score"
                )
            else:
                print(f"  exact reference failed: {seconds}")
        rows.append(row)

    if args.json:
        Path(args.json).write_text(json.dumps({"scale": args.scale, "rows": rows}, indent=1))
    ok = [r for r in rows if r["status"] == "ok"]
    if ok:
        walls = sorted(r["wall"] for r in ok)
        cpus = sorted(r["cpu"] for r in ok)
        rss = max(r["rss"] for r in ok)
        print(
            f"\nsummary over {len(ok)} seed(s): wall min {walls[0]:.1f} s, median "
            f"{walls[len(walls) // 2]:.1f} s, max {walls[-1]:.1f} s; CPU min {cpus[0]:.1f} s, median "
            f"{cpus[len(cpus) // 2]:.1f} s, max {cpus[-1]:.1f} s (wall is CPU plus waiting for a core "
            f"on a shared machine); peak RSS max {rss:.0f} MB"
        )
        agree = sorted(r["agreement"] for r in ok if "agreement" in r)
        if agree:
            print(
                f"top-{TOP} agreement over {len(agree)} seed(s): min {agree[0]}/{TOP} "
                f"({agree[0] / TOP:.0%}), median {agree[len(agree) // 2]}/{TOP}, "
                f"max {agree[-1]}/{TOP}; every seed >= 95 %: {all(a >= 0.95 * TOP for a in agree)}"
            )

    if not args.skip_baselines:
        seed = seeds[0]
        ours = _finish(
            _start(_command("ours", seed, "--scale", args.scale, "--cap", str(args.timeout))),
            args.timeout + 1800.0,
        )
        print("\nour steps alone (one process, one after another, graph built beforehand):")
        if ours.get("status") != "ok":
            print(f"  failed: {ours.get('status')}; no NetworkX comparison")
            return 0
        for key, label in OURS.items():
            if ours[key] is None:
                print(f"  {label:<40} {ours[key + '_status']} of wall time")
            else:
                print(f"  {label:<40} {ours[key]:8.2f} s wall, {ours[key + '_cpu']:8.2f} s CPU")
        limit = int(args.memory_gb * 1024**3)
        print(
            f"\nNetworkX baselines (each in its own process, {args.memory_gb:g} GB address "
            f"space, a cap of {args.timeout:.0f} s of CPU on the call), against our step alone (CPU):"
        )
        # The subprocess also loads the graph first, so it gets far longer than the cap.
        hard = args.timeout + 1800.0
        for task, (name, key) in BASELINES.items():
            cmd = _command(task, seed, "--scale", args.scale, "--cap", str(args.timeout))
            res = _finish(_start(cmd, limit), hard)
            mine = ours[key + "_cpu"]
            versus = "ours also over the cap" if mine is None else f"{{}}x ours ({mine:.2f} s)"
            if res.get("status") == "ok":
                ratio = "" if mine is None else f"{res['cpu'] / mine:,.1f}"
                print(
                    f"  {name:<40} {res['cpu']:9.2f} s CPU ({res['wall']:.2f} s wall)  peak "
                    f"{res['peak_mb']:6.0f} MB  {versus.format(ratio)}"
                )
            elif res["status"].startswith("over the cap"):
                ratio = "" if mine is None else f">{args.timeout / mine:,.1f}"
                print(
                    f"  {name:<40} {res['status']} ({res['wall']:.0f} s wall, peak "
                    f"{res['peak_mb']:.0f} MB)  ({versus.format(ratio)})"
                )
                if task == "nx_betweenness":
                    cmd = _command(
                        "nx_betweenness_sampled", seed, "--scale", args.scale, "--cap", str(args.timeout)
                    )
                    sample = _finish(_start(cmd, limit), hard)
                    if sample.get("status") == "ok":
                        print(
                            f"  {'':<40} projected from {SAMPLE_SOURCES} sources: "
                            f"{sample['projected']:,.0f} s of CPU"
                            + ("" if mine is None else f" = {sample['projected'] / mine:,.0f}x ours")
                        )
                    else:
                        print(f"  {'':<40} {SAMPLE_SOURCES}-source sample: {sample.get('status')}")
            else:
                spent = f" after {res['cpu']:.1f} s of CPU, peak {res['peak_mb']:.0f} MB"
                print(f"  {name:<40} {res['status']}" + (spent if "cpu" in res else ""))
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
