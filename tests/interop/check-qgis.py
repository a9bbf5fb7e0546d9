#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Demarcate GeoPackage as QGIS draws it with the styles stored in it.

QGIS (its Python bindings, headless) opens the contact line with the
default style the file carries and renders stretches of it; at each, the
colour nearest side A's lies left of the line's direction and side B's
right of it, as Demarcate draws them.  Usage: check-qgis.py FILE.gpkg
"""
import math
import os
import sqlite3
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsMapRendererCustomPainterJob, QgsMapSettings, QgsRectangle,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter


def hex_rgb(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def main(path):
    db = sqlite3.connect(path)
    meta = dict(db.execute("SELECT key, value FROM demarcate_metadata"))
    colours = {"A": hex_rgb(meta["side_a_color"]), "B": hex_rgb(meta["side_b_color"])}
    db.close()

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(path + "|layername=contact_lines", "contact_lines", "ogr")
    if not layer.isValid():
        print("qgis: %s: the contact_lines layer does not open" % path)
        return 1
    symbol = layer.renderer().symbol() if hasattr(layer.renderer(), "symbol") else None
    if symbol is None or symbol.symbolLayerCount() < 3:
        print("qgis: %s: QGIS did not apply the stored style (%s)" % (path, layer.renderer().type()))
        return 1

    # Stretches of the line: the middles of its longest segments.
    segments = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        for part in geometry.constParts():
            points = [(p.x(), p.y()) for p in part.vertices()]
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                segments.append((math.hypot(x1 - x0, y1 - y0), x0, y0, x1, y1))
    segments.sort(reverse=True)
    checked = failed = 0
    for length, x0, y0, x1, y1 in segments[:12]:
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        half = length / 4
        size = 200
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setOutputSize(QSize(size, size))
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setExtent(QgsRectangle(mx - half, my - half, mx + half, my + half))
        image = QImage(QSize(size, size), QImage.Format_ARGB32)
        image.fill(QColor(255, 255, 255))
        painter = QPainter(image)
        job = QgsMapRendererCustomPainterJob(settings, painter)
        job.renderSynchronously()
        painter.end()
        # On screen (y down) the line runs (dx, -dy); its left is (-dy, -dx).
        norm = math.hypot(x1 - x0, y1 - y0)
        lx, ly = -(y1 - y0) / norm, -(x1 - x0) / norm
        centre = size / 2.0
        best = {"A": (1e9, 0), "B": (1e9, 0)}
        for step in range(-12, 13):
            t = step / 2.0
            px, py = int(round(centre + lx * t)), int(round(centre + ly * t))
            c = image.pixelColor(px, py)
            rgb = (c.red(), c.green(), c.blue())
            for side, want in colours.items():
                d = math.dist(rgb, want)
                if d < best[side][0]:
                    best[side] = (d, t)
        if best["A"][0] > 90 or best["B"][0] > 90:
            continue
        checked += 1
        if not (best["A"][1] > 0 > best["B"][1]):
            failed += 1
            print("qgis: %s: at %.4f, %.4f side A's colour lies %.1f px left of the line, side B's %.1f px"
                  % (path, mx, my, best["A"][1], best["B"][1]))
    if checked < 3:
        print("qgis: %s: the sides' colours were found at only %d of 12 stretches" % (path, checked))
        return 1
    if failed:
        print("qgis: %s: the sides' colours lie on the wrong sides at %d of %d stretches" % (path, failed, checked))
        return 1
    print("qgis: %s: side A's colour left of the line, side B's right, at all %d stretches" % (path, checked))
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1])
    # QGIS's bindings may crash tearing down at exit: leave at once.
    sys.stdout.flush()
    os._exit(code)
