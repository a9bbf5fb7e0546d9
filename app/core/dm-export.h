/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-document.h"
#include "dm-engine.h"

G_BEGIN_DECLS

#define DM_EXPORT_ERROR (dm_export_error_quark ())
GQuark dm_export_error_quark (void);

typedef enum {
  DM_EXPORT_ERROR_UNKNOWN_FORMAT,
  DM_EXPORT_ERROR_WRITE,
  DM_EXPORT_ERROR_GEOMETRY,
} DmExportError;

/* GDAL's driver for a file name: .geojson/.json, .kml, .kmz, .gpkg. */
const char *dm_export_driver_for_path (const char *path);

/*
 * Writes the zones of @results, one feature per zone and side (dissolved
 * pieces), with their figures as attributes, through GDAL.  GeoJSON follows
 * RFC 7946 (WGS 84, counter-clockwise exteriors, 7 decimals).  The file is
 * written beside and renamed into place, so a failure leaves no half file.
 */
gboolean    dm_export_zones           (DmDocument  *document,
                                       DmResults   *results,
                                       const char  *path,
                                       GError     **error);

/* One geometry with string attributes, as one feature of a new file
 * (GeoJSON per RFC 7946, KML, KMZ or GeoPackage by the name's ending). */
gboolean    dm_export_geometry        (const DmGeometry *geometry,
                                       GHashTable       *properties,
                                       const char       *layer_name,
                                       const char       *path,
                                       GError          **error);

/* A DmGeometry as an OGR geometry (rings closed); NULL for empty. */
gpointer    dm_geometry_to_ogr        (const DmGeometry *geometry);

G_END_DECLS
