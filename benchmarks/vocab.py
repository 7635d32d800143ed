"""Memory on a stream of words never seen before: the vocabulary keeps its first words, then stays flat.

Usage: python benchmarks/vocab.py [--rounds 6] [--words 60000]

Each round analyses offers made of ``--words`` new random words (300 an offer, ``fast`` profile) and prints the
process RSS, the words the vocabulary holds and the size of its string store. Real offers repeat most of their
words; this is the worst case for memory.
"""

from __future__ import annotations

import argparse
import os
import random
import string


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--words", type=int, default=60_000)
    args = ap.parse_args()

    import skillmine
    from skillmine.miner.facade import VOCAB_GROWTH

    miner = skillmine.load(profile="fast")
    rng = random.Random(0)
    vocab = miner.nlp.vocab
    print(f"VOCAB_GROWTH {VOCAB_GROWTH}; after load: RSS {rss_mb():.0f} MB, {sum(1 for _ in vocab)} words held")
    for k in range(args.rounds):
        words = [
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12))) for _ in range(args.words)
        ]
        offers = [" ".join(words[i : i + 300]) + " GMAO" for i in range(0, len(words), 300)]
        list(miner.analyze_many(offers, evidence=0))
        print(
            f"round {k + 1}: {args.words * (k + 1)} new words read; RSS {rss_mb():.0f} MB, "
            f"{sum(1 for _ in vocab)} words held, {len(vocab.strings)} strings"
        )


if __name__ == "__main__":
    main()
