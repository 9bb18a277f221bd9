"""The Python daemon of warledger's Spark executors: warm the extractor once, then fork.

Why: pyspark runs a daemon per executor that forks one Python worker per concurrent task
(more over a job's life: a worker still being handed back when the next task starts makes
a new one). Each worker used to load the spaCy pipeline, the lexicons, the profiles and the
gazetteer itself, 1.5-2 s and a few hundred MB apiece. Here the daemon loads them before it
forks (``spark.python.daemon.module``, set by ``warledger.spark.session``), so every worker
starts warm and shares those pages with its siblings (copy on write); with
``spark.python.worker.reuse`` (Spark's default) a worker then serves task after task.

The pipeline and profiles are the ones the job ships (``WARLEDGER_SPARK_MODEL`` and
``WARLEDGER_SPARK_PROFILES`` name them relative to the executor's folder); without them the
defaults. A warm-up that fails only costs the speed-up: the tasks load what they need
themselves and report any failure as the job's errors.
"""
from __future__ import annotations

import os
import sys

WARM_TEXT = ("Marvosia's defence ministry said 12 soldiers were killed and two tanks destroyed "
             "near Ilvenna on Tuesday, Tavrenian officials denied it.")


def warm() -> None:
    """Fill the extractor's per-process caches (pipeline, lexicons, profiles, gazetteer)."""
    from warledger.analyze import analyze_many
    from warledger.options import Options
    from warledger.records import Article

    profiles = tuple(p for p in os.environ.get("WARLEDGER_SPARK_PROFILES", "").split(os.pathsep) if p)
    options = Options(model=os.environ.get("WARLEDGER_SPARK_MODEL") or None,
                      profile_paths=profiles)
    article = Article(id="warm-up", name="warm-up", text=WARM_TEXT, published="2025-05-13")
    list(analyze_many([article], options))
    # what the job asks of every article besides: the outlet table and MinHash (and the
    # job's own module, which the tasks' functions are unpickled from)
    import warledger.spark  # noqa: F401
    from warledger.spark_clusters import _member

    _member(article)


def main() -> None:
    try:
        warm()
    except Exception as exc:  # noqa: BLE001 - the tasks load (and report) it themselves
        print(f"warledger: the executor's warm-up failed ({type(exc).__name__}: {exc})",
              file=sys.stderr)
    # the warm objects (about 125,000 the collector tracks: the pipeline's Python side,
    # lexicons, profiles, gazetteer) are put out of the collector's reach: they live as
    # long as the daemon, yet every forked worker's full collections walked them again
    # (0.1 s each) and wrote to each of their pages, which the workers share copy on write
    # until then. Measured on cluster_ids' rounds over 60 articles (local[2], load 3-4):
    # the Python workers' CPU 21.4 s -> 1.8 s, the job 20.5 s -> 6.4 s
    import gc

    gc.collect()
    gc.freeze()
    from pyspark import daemon

    daemon.manager()


if __name__ == "__main__":
    main()
