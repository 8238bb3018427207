from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The synthetic province and the benchmark suite (docs/benchmarks.md)."""

    name = "anxin.bench"
    verbose_name = "Benchmarks"
