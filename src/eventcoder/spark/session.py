"""Build a SparkSession for eventcoder jobs (tests reuse one per test session)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.errors import ConfigError, EventcoderError, InputError, StoreError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Spark settings for a single machine / CI; a cluster's spark-submit --conf overrides them.
LOCAL_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
    "spark.python.worker.reuse": "true",  # keep Python workers (and their loaded Coder) between tasks
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.partitionOverwriteMode": "static",
    # the driver JVM only moves rows and writes Parquet here: a serial GC and the quick (C1) JIT leave the
    # cores to the Python workers, which do the coding (cuts JVM CPU time; see docs/spark.md)
    "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
}


def spark_available() -> str | None:
    """None when pyspark and a Java runtime are there; otherwise why not (for skips and error messages)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'eventcoder[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return None
    import shutil

    if shutil.which("java") is None:
        return "no Java runtime found (install Java 17 or set JAVA_HOME)"
    return None


def _package_root() -> str:
    import eventcoder

    return str(Path(eventcoder.__file__).resolve().parents[1])


def build_session(master: str | None = "local[2]", app_name: str = "eventcoder",
                  conf: dict[str, str] | None = None, log_level: str = "ERROR") -> SparkSession:
    """Get or create the SparkSession.

    ``master=None`` leaves the master to ``spark-submit``; a ``local[...]`` master also makes Python workers
    use this interpreter and see this copy of eventcoder (on a cluster, ship a packed environment instead,
    see docs/spark.md). Settings already given in ``conf`` win over the local defaults.
    """
    why = spark_available()
    if why:
        raise ConfigError(why)
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName(app_name)
    settings: dict[str, str] = {}
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            settings.update(LOCAL_CONF)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            root = _package_root()
            paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
            if root not in paths:  # workers inherit the JVM's environment in local mode
                os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # the JVM could not start: Java missing or broken, port problems
        raise ConfigError(f"cannot start Spark: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from e
    spark.sparkContext.setLogLevel(log_level)
    return spark


_CAUSE = re.compile(r"[A-Za-z]+(Exception|Error)\b.*?: ")
_TYPED = re.compile(r"eventcoder\.errors\.(InputError|DictionaryError|StoreError|ConfigError): (.+)")


@contextlib.contextmanager
def spark_errors(what: str) -> Iterator[None]:
    """Turn Spark's exceptions into eventcoder's typed errors (one line, no Java stack trace).

    A typed error raised inside a Python worker comes back wrapped in Java exceptions: its type and message
    are recovered from the text. Missing or existing paths (AnalysisException) are InputErrors."""
    try:
        yield
    except EventcoderError:
        raise
    except Exception as e:
        text = str(e)
        typed = _TYPED.findall(text)
        if typed:
            name, message = typed[-1]
            cls = {"InputError": InputError, "StoreError": StoreError}.get(name, ConfigError)
            raise cls(message.strip()) from None
        try:
            from pyspark.errors import AnalysisException
        except ImportError:  # pragma: no cover - pyspark < 3.4
            from pyspark.sql.utils import AnalysisException
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # Java errors start with "An error occurred while calling ..."; the cause is a "...Exception: ..." line
        causes = [line for line in lines if _CAUSE.search(line) and not line.startswith("at ")]
        first = (causes or lines or [type(e).__name__])[0]
        if isinstance(e, AnalysisException):
            raise InputError(f"{what}: {first}") from None
        raise StoreError(f"{what} failed: {first[:500]}") from e
