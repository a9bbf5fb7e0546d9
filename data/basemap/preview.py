#!/usr/bin/python3
"""Render a quick PNG of the basemap (and optional GeoJSON overlays) for a
visual check.  Needs python3-matplotlib.
Usage: preview.py BASEMAP.gpkg OUT.png W/E/S/N [overlay.geojson ...]"""
import json
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection, PolyCollection
from osgeo import ogr

gpkg, out, bbox = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3].split("/")]
W, E, S, N = bbox
ds = ogr.Open(gpkg)


def rings(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        return [g.GetGeometryRef(0).GetPoints()]
    if t == ogr.wkbMultiPolygon:
        return [g.GetGeometryRef(i).GetGeometryRef(0).GetPoints() for i in range(g.GetGeometryCount())]
    return []


def lines(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbLineString:
        return [g.GetPoints()]
    if t in (ogr.wkbMultiLineString, ogr.wkbPolygon, ogr.wkbMultiPolygon):
        out = []
        for i in range(g.GetGeometryCount()):
            out += lines(g.GetGeometryRef(i))
        return out
    if t == ogr.wkbLinearRing:
        return [g.GetPoints()]
    return []


def feats(layer, where=None):
    lyr = ds.GetLayer(layer)
    lyr.SetSpatialFilterRect(W, S, E, N)
    if where:
        lyr.SetAttributeFilter(where)
    for f in lyr:
        yield f


fig, ax = plt.subplots(figsize=(12, 12 * (N - S) / (E - W) * 1.45))
ax.set_facecolor("#cfe3f3")
ax.add_collection(PolyCollection([[(x, y) for x, y, *_ in r] for f in feats("land") for r in rings(f.GetGeometryRef())],
                                 facecolors="#f4f1e8", edgecolors="none"))
ax.add_collection(LineCollection([[(x, y) for x, y, *_ in l] for f in feats("admin1") for l in lines(f.GetGeometryRef())],
                                 colors="#b0a0b0", linewidths=0.4))
ax.add_collection(LineCollection([[(x, y) for x, y, *_ in l] for f in feats("countries") for l in lines(f.GetGeometryRef())],
                                 colors="#705070", linewidths=1.0))
ax.add_collection(PolyCollection([[(x, y) for x, y, *_ in r] for f in feats("lakes") for r in rings(f.GetGeometryRef())],
                                 facecolors="#9cc7ea", edgecolors="#5a90c0", linewidths=0.3))
for f in feats("rivers"):
    named = bool(f.GetField("name_en"))
    rank = f.GetField("rank")
    ax.add_collection(LineCollection([[(x, y) for x, y, *_ in l] for l in lines(f.GetGeometryRef())],
                                     colors="#1060c0" if named else "#5a90c0",
                                     linewidths=1.4 if named else (0.8 if rank <= 2 else 0.3)))
ax.add_collection(LineCollection([[(x, y) for x, y, *_ in l] for f in feats("coastline") for l in lines(f.GetGeometryRef())],
                                 colors="#3070a0", linewidths=0.5))
for f in feats("places", "population >= 100000"):
    g = f.GetGeometryRef()
    ax.plot(g.GetX(), g.GetY(), "k.", ms=3)
    ax.text(g.GetX(), g.GetY(), " " + f.GetField("name_en"), fontsize=6)
for path in sys.argv[4:]:
    with open(path) as fh:
        gj = json.load(fh)
    for ft in gj["features"]:
        gm = ft["geometry"]
        if gm["type"] == "LineString":
            xs, ys = zip(*gm["coordinates"])
            ax.plot(xs, ys, "-", color="#d52b1e", lw=1.3)
            ax.plot(xs[0], ys[0], "go")
        elif gm["type"] in ("Polygon", "MultiPolygon"):
            polys = gm["coordinates"] if gm["type"] == "MultiPolygon" else [gm["coordinates"]]
            ax.add_collection(PolyCollection([p[0] for p in polys], facecolors="#d52b1e33",
                                             edgecolors="#d52b1e", linewidths=0.6))
ax.set_xlim(W, E)
ax.set_ylim(S, N)
ax.set_aspect(1.45)
fig.savefig(out, dpi=110, bbox_inches="tight")
