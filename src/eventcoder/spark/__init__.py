"""Apache Spark scale-out: code articles per partition and dedup events across a cluster.

* ``session.build_session(master)`` — a SparkSession set up for eventcoder (UI off, small shuffles, the
  package importable by Python workers in local mode).
* ``schema`` — the Spark schema of the event output, derived from ``eventcoder.model.EVENT_FIELDS``.
* ``worker`` — what runs inside each executor: one lazily built ``Coder`` per Python worker process.
* ``job.run_code_job`` — read JSONL/Parquet, code with ``mapPartitions``, write partitioned Parquet.
* ``dedup.run_dedup_job`` — apply the store's ``DedupRule`` to coded events.

Importing this package does not import pyspark; the modules that need it import it themselves.
"""
