"""Loading administrative regions (GB/T 2260 codes; street codes extend the district's).

The bundled file holds the regions the organisations on this deployment serve; a deployment adds
its own rows with `python manage.py load_regions FILE`.
"""

import csv
from pathlib import Path

BUNDLED = Path(__file__).parent / "data" / "regions.csv"


def load_regions(region_model, path: Path = BUNDLED) -> int:
    """Create or update regions from a CSV (code,name,level,parent); parents come first."""
    count = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region_model.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "level": row["level"],
                          "parent_id": row["parent"] or None},
            )
            count += 1
    return count
