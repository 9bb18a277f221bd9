"""``warledger spark-extract INPUT OUTPUT``: the extraction chain over a whole archive on Spark.

A thin shell over ``warledger.spark.run_job``: start (or join) a Spark session, run the
job, print what was written. Bad records are counted in OUTPUT/errors and make the exit
status 1, as failed inputs do for ``ingest``; a missing pyspark, a bad path or an existing
OUTPUT is a usage error (2). ``warledger import OUTPUT`` loads the result into a store.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Optional

import typer

from warledger.commands import command
from warledger.commands.extract import READING
from warledger.errors import WarledgerError
from warledger.options import Options


def register(app: typer.Typer) -> None:
    @command(app, "spark-extract", settings=READING)
    def spark_extract(
        input_path: str = typer.Argument(..., metavar="INPUT",
                                         help="JSON Lines, Parquet or WARC: a file, folder or glob "
                                              "(any path Spark reads: file:, hdfs:, s3a:)."),
        output: str = typer.Argument(..., metavar="OUTPUT",
                                     help="Folder for articles/, claims/, events/, attributions/, errors/."),
        master: Optional[str] = typer.Option(None, "--master",
                                             help="Spark master URL (local[4], spark://host:7077, yarn); "
                                                  "default: spark-submit's or local[*]."),
        fmt: Optional[str] = typer.Option(None, "--format",
                                          help="jsonl | parquet | warc (default: from the file names)."),
        partitions: Optional[int] = typer.Option(None, "--partitions", min=1,
                                                 help="Pieces the input is read and analysed in "
                                                      "(default: about 200 articles each, at least 2 x cores)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing OUTPUT."),
        verbose: bool = typer.Option(False, "--verbose",
                                     help="Show Spark's own log and progress bars on the terminal."),
        *, options: Options,
    ) -> int:
        """Extract claims, events and attributions from a whole archive with Apache Spark."""
        from warledger.spark import check_input, detect_format, require_pyspark, run_job, session

        require_pyspark()
        # Spark resolves a relative path against its JVM's folder: a session started
        # elsewhere (a notebook's, another caller's) would read another corpus.jsonl
        input_path, output = _absolute(input_path), _absolute(output)
        check_input(input_path)
        fmt = fmt or detect_format(input_path)
        running = _running_session()
        log = None if verbose or running else _log_file()
        line = _ProgressLine()
        try:
            spark = running or session(master or (None if _has_master() else "local[*]"),
                                       options=options, log=log)
            try:
                report = run_job(spark, input_path, output, options, fmt=fmt,
                                 overwrite=overwrite, partitions=partitions, progress=line)
            finally:
                line.end()
                if running is None:  # a session someone else started (a notebook) stays up
                    spark.stop()
        except Exception as exc:
            if log is None or isinstance(exc, WarledgerError):
                raise
            # Spark itself failed (a lost cluster, a JVM error): its log says why
            print(f"warledger: the Spark job failed ({type(exc).__name__}); Spark's log is in "
                  f"{log} (or run again with --verbose)", file=sys.stderr)
            return 1
        if log is not None and os.path.exists(log):
            os.remove(log)  # kept only when something went wrong
        print(f"{report.articles} articles ({report.clusters} clusters), {report.claims} claims, "
              f"{report.events} events, {report.attributions} attributions, "
              f"{report.errors} errors written to {report.output}", file=sys.stderr)
        if report.errors:
            print(f"warledger: {report.errors} records failed: see {report.output.rstrip('/')}/errors",
                  file=sys.stderr)
        return 1 if report.errors else 0


class _ProgressLine:
    """``articles done / total, rate`` on one line of stderr: rewritten in place on a
    terminal; elsewhere (a log, CI) a line each time another tenth is done."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = -1
        self.last = ""

    def __call__(self, done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds > 0 else 0.0
        text = f"analysed {done:,}/{total:,} articles, {rate:.1f} articles/s"
        if self.tty:
            if text != self.last:
                print(f"\r{text}\033[K", end="", file=sys.stderr, flush=True)
        else:
            tenth = done * 10 // total if total else 10
            if tenth != self.shown and (done or not total):
                print(text, file=sys.stderr, flush=True)
                self.shown = tenth
        self.last = text

    def end(self) -> None:
        if self.tty and self.last:
            print(file=sys.stderr, flush=True)
            self.last = ""


def _log_file() -> str:
    """Where Spark's own output goes when the user did not ask to see it."""
    import tempfile

    return os.path.join(tempfile.gettempdir(), f"warledger-spark-{os.getpid()}.log")


def _running_session() -> Any:
    """The SparkSession already active in this process, if any (None without pyspark)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _absolute(path: str) -> str:
    """A local path made absolute (from this process's folder); a URL as it is."""
    import os

    if "://" in path or path.startswith("file:"):
        return path
    return os.path.abspath(path)


def _has_master() -> bool:
    """Whether spark-submit (or the environment) already chose a master."""
    import os

    return "spark.master" in os.environ.get("PYSPARK_SUBMIT_ARGS", "") or bool(
        os.environ.get("MASTER") or os.environ.get("SPARK_MASTER"))
