#!/usr/bin/env python
"""Benchmarks (not tests). Entry point for every scenario:

    python bench/run.py generate --initiatives 100000 --partnerships 1000000 [--reset]
    python bench/run.py list [--repeat 5]
    python bench/run.py map [--runs 30]
    python bench/run.py search
    python bench/run.py indicators [--repeat 3]
    python bench/run.py finder [--repeat 5]
    python bench/run.py import [--sizes 2000,20000] [--per-row]
    python bench/run.py profiles [--formats pdf] [--requests 200]

Without a scenario, ``generate`` runs with its defaults. The database is DATABASE_URL, by default
the SQLite file bench/results/bench.sqlite3. See bench/README.md.
"""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}"


def django_setup() -> None:
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    # With DEBUG on, Django keeps every query in memory: millions of inserts would not fit.
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()


def _generate(argv: Sequence[str]) -> int:
    from bench.generate import main

    return main(argv)


def _map(argv: Sequence[str]) -> int:
    from bench.map_scenario import main

    return main(argv)


def _search(argv: Sequence[str]) -> int:
    from bench.search_scenario import main

    return main(argv)


def _list(argv: Sequence[str]) -> int:
    from bench.list_scenario import main

    return main(argv)


SCENARIOS: dict[str, Callable[[Sequence[str]], int]] = {
    "generate": _generate,
    "map": _map,
    "list": _list,
    "search": _search,
    "insights": lambda argv: __import__("bench.insights_scenario", fromlist=["main"]).main(argv),
    "export": lambda argv: __import__("bench.export_scenario", fromlist=["main"]).main(argv),
    "indicators": lambda argv: __import__("bench.indicators_scenario", fromlist=["main"]).main(argv),
    "finder": lambda argv: __import__("bench.finder_scenario", fromlist=["main"]).main(argv),
    "import": lambda argv: __import__("bench.import_scenario", fromlist=["main"]).main(argv),
    "profiles": lambda argv: __import__("bench.profile_scenario", fromlist=["main"]).main(argv),
}


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print("Scenarios:", ", ".join(SCENARIOS))
        return 0
    name, rest = (argv[0], argv[1:]) if argv and not argv[0].startswith("-") else ("generate", argv)
    if name not in SCENARIOS:
        print(f"Unknown scenario '{name}'. Scenarios: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    Path(ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    if name == "import":
        # The import scenario empties its database: never the one the other scenarios read.
        os.environ.setdefault(
            "DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'results' / 'import-bench.sqlite3'}"
        )
    django_setup()
    return SCENARIOS[name](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
