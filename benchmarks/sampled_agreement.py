"""Top-50 agreement of sampled betweenness with a much larger sample, where exact is out of reach.

At London scale an exact reference would take about half a day of CPU (750,000 sources), so
``network.py`` cannot score the brokers there. This compares the ranking the engine gives (its default
number of pairs, drawn with each ``--sampling-seeds`` seed, as ``run_analysis`` draws them with the
graph's seed) with one from ``--reference-samples`` pairs drawn with another seed. The larger sample
has noise of its own (a fifth of the variance at five times the pairs), so the figure is a little
lower than agreement with exact would be; it is a check, not the exact measure.

Run from the repository root::

    .venv/bin/python benchmarks/sampled_agreement.py --scale london --seed 0 \\
        --sampling-seeds 0 1 --reference-samples 6000000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._synthetic_graph import SCALES, scaled_city  # noqa: E402
from community.network.betweenness import DEFAULT_SAMPLES  # noqa: E402
from community.network.graph import tie_table  # noqa: E402
from community.network.pair_sampling import pair_betweenness  # noqa: E402

TOP = 50
REFERENCE_SEED = 10_007  # a seed no run of the engine uses for these graphs


def _ranking(raw: np.ndarray) -> np.ndarray:
    """Nodes by descending score, ties by node order (as ``BetweennessResult.ranking``)."""
    return np.lexsort((np.arange(len(raw)), -raw))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="london")
    parser.add_argument("--seed", type=int, default=0, help="graph seed")
    parser.add_argument("--sampling-seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    parser.add_argument("--reference-samples", type=int, default=5 * DEFAULT_SAMPLES)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--reference-cache",
        type=Path,
        help="a .npz file: the reference is loaded from it if it exists (and was made for the same "
        "scale, seed and --reference-samples), else computed and saved there",
    )
    args = parser.parse_args(argv)
    if args.reference_samples <= args.samples:
        parser.error("--reference-samples must be more than --samples")

    city = scaled_city(args.scale, args.seed)
    ix = tie_table(city.people, city.groups, city.ties, now=city.now).index()
    del city
    A = ix.adjacency(False)
    print(f"synthetic {args.scale} seed {args.seed}: {ix.n:,} nodes, {len(ix.src):,} edges")

    def run(samples: int, seed: int) -> np.ndarray:
        start = time.perf_counter()
        raw, _ = pair_betweenness(A.indptr, A.indices, samples=samples, seed=seed, threads=args.threads)
        print(f"  {samples:,} pairs, sampling seed {seed}: {time.perf_counter() - start:.1f} s", flush=True)
        return raw

    cache = args.reference_cache
    made = {"scale": args.scale, "seed": args.seed, "samples": args.reference_samples}
    if cache is not None and cache.exists():
        with np.load(cache) as saved:
            found = {key: saved[key].item() for key in made}
            if found != made:
                parser.error(f"{cache} holds the reference for {found}, not {made}")
            reference = saved["scores"]
        print(f"  reference loaded from {cache}")
    else:
        reference = run(args.reference_samples, REFERENCE_SEED)
        if cache is not None:
            np.savez(cache, scores=reference, **made)
    order = _ranking(reference)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    inside = set(order[:TOP].tolist())
    line = reference[order[TOP - 1]]
    tops = {}
    for seed in args.sampling_seeds:
        ours = _ranking(run(args.samples, seed))[:TOP]
        tops[seed] = set(ours.tolist())
        misses = [i for i in ours.tolist() if i not in inside]
        shortfall = max((100 * (1 - reference[i] / line) for i in misses), default=0.0)
        top10 = len(set(ours[:10].tolist()) & set(order[:10].tolist()))
        print(
            f"sampling seed {seed}: top {TOP} against the {args.reference_samples:,}-pair estimate "
            f"{len(tops[seed] & inside)}/{TOP}; top 10 {top10}/10; lowest reference rank among "
            f"ours {int(rank[ours].max()) + 1}; worst miss "
            f"{shortfall:.1f} % below its {TOP}th score"
        )
    seeds = list(tops)
    for i, a in enumerate(seeds):
        for b in seeds[i + 1 :]:
            print(f"sampling seeds {a} and {b}: {len(tops[a] & tops[b])}/{TOP} of their top {TOP} shared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
