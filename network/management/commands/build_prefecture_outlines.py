"""Regenerate network/data/prefecture_outlines.json from the PyPI package japanmap.

Only this command needs japanmap (the `dev` extra); the portal draws its map from the committed
file, with no map service, tiles or CDN. The file holds each prefecture's outline as an SVG path
in the map's own coordinates and the projection that placed it, so that network/maps.py puts the
municipalities' register coordinates in the same place.
"""

import json
import math
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

OUTPUT = Path(settings.BASE_DIR) / "network" / "data" / "prefecture_outlines.json"
# An equirectangular projection scaled for 36°N, which keeps Honshu's shape at this size.
PROJECTION = {
    "west": 127.4,
    "north": 45.8,
    "x_scale": round(math.cos(math.radians(36)), 6),
    "units_per_degree": 40,
    # Okinawa is drawn in a frame in the Sea of Japan, as Japanese maps usually do.
    "inset": {"prefecture": "47", "shift_lon": 5.6, "shift_lat": 15.0},
    "width": 600,
    "height": 760,
}


def project(
    lon: float, lat: float, projection: dict, *, inset: bool = False
) -> tuple[float, float]:
    if inset:
        lon += projection["inset"]["shift_lon"]
        lat += projection["inset"]["shift_lat"]
    k = projection["units_per_degree"]
    return (
        round((lon - projection["west"]) * projection["x_scale"] * k, 1),
        round((projection["north"] - lat) * k, 1),
    )


class Command(BaseCommand):
    help = "Build network/data/prefecture_outlines.json (47 prefecture outlines for the map)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(OUTPUT))

    def handle(self, *args, output, **options):
        try:
            from japanmap import get_data, pref_points
        except ImportError as exc:
            raise CommandError("pip install '.[dev]' first (japanmap)") from exc

        outlines = pref_points(get_data())  # real longitudes and latitudes, nothing moved
        if len(outlines) != 47:
            raise CommandError(f"expected 47 prefectures, got {len(outlines)}")
        paths = {}
        for index, points in enumerate(outlines, start=1):
            code = f"{index:02d}"
            inset = code == PROJECTION["inset"]["prefecture"]
            projected = []
            for lon, lat in points:
                point = project(lon, lat, PROJECTION, inset=inset)
                if not projected or projected[-1] != point:
                    projected.append(point)
            paths[code] = "M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z"
        data = {
            "source": f"japanmap {metadata.version('japanmap')}",
            "projection": PROJECTION,
            "prefectures": paths,
        }
        Path(output).write_text(
            json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        self.stdout.write(self.style.SUCCESS(f"wrote {output}: {len(paths)} prefectures"))
