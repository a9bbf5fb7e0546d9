/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * Reading vector geodata through GDAL/OGR: any format GDAL reads (tested:
 * GeoJSON, KML, KMZ, GeoPackage, ESRI Shapefile, GPX, FlatGeobuf, CSV with
 * a WKT or longitude/latitude columns), reprojected to WGS 84 longitude/
 * latitude, Z and M dropped, curves linearised, invalid polygons repaired
 * with GEOS and the repairs reported.
 *
 * Never touches the network: URLs, /vsicurl/ and the other network file
 * systems, and database or web-service connection strings are refused
 * before GDAL sees them (DM_IMPORT_ERROR_NETWORK).  Every call opens its
 * own dataset, so the functions can run in any thread, several at once.
 * Cancelling gives G_IO_ERROR_CANCELLED.
 */

#define DM_IMPORT_ERROR (dm_import_error_quark ())
GQuark dm_import_error_quark (void);

typedef enum {
  DM_IMPORT_ERROR_NOT_FOUND,
  DM_IMPORT_ERROR_UNREADABLE,      /* no permission */
  DM_IMPORT_ERROR_NOT_GEODATA,     /* no GDAL driver reads it */
  DM_IMPORT_ERROR_NO_VECTOR_LAYER, /* a raster, or no layers at all */
  DM_IMPORT_ERROR_NO_SUCH_LAYER,
  DM_IMPORT_ERROR_EMPTY_LAYER,      /* no features, or none with a geometry */
  DM_IMPORT_ERROR_UNKNOWN_CRS,      /* none given, or no way to WGS 84 */
  DM_IMPORT_ERROR_OUT_OF_RANGE,     /* not a longitude/latitude after reprojection */
  DM_IMPORT_ERROR_NETWORK,          /* a URL, /vsicurl/..., "PG:..." */
  DM_IMPORT_ERROR_INVALID_GEOMETRY, /* broken beyond repair */
  DM_IMPORT_ERROR_FAILED,
} DmImportError;

typedef struct {
  char *name;
  char *geometry_type; /* OGR's name for the layer type, e.g. "Multi Polygon" */
  gint64 n_features;
  char *crs_name; /* NULL if none */
  char *crs_id;   /* "EPSG:32637" if known, else NULL */
  gboolean has_extent;
  double extent[4]; /* WGS 84 min lon, min lat, max lon, max lat */
} DmLayerInfo;

typedef struct {
  char *path;
  char *driver;      /* GDAL short name, e.g. "GPKG" */
  GPtrArray *layers; /* DmLayerInfo*, owned */
} DmSourceInfo;

void dm_layer_info_free (DmLayerInfo *info);
void dm_source_info_free (DmSourceInfo *info);

/* Layers, feature counts, geometry types, CRS and extent, without reading
 * the features.  A layer without a known CRS has no extent unless its
 * format implies WGS 84. */
DmSourceInfo *dm_import_probe (const char *path, GError **error);

typedef struct {
  gint64 fid;
  char *name;             /* from a name/Name/NAME/title field, or NULL */
  DmGeometry *geometry;   /* WGS 84, valid, never empty */
  GHashTable *properties; /* utf8 field name → utf8 value, every non-null field */
} DmImportFeature;

typedef struct {
  char *path;
  char *driver; /* GDAL short name */
  char *layer_name;
  guint n_source_layers; /* vector layers in the file, this one among them */
  char *source_crs;      /* "EPSG:32637", or the CRS's name */
  GPtrArray *features;   /* DmImportFeature*, owned */
  GPtrArray *repairs;    /* char*: "Feature 12: Self-intersection near 37.12300 48.45600 — repaired" */
  guint n_skipped;       /* features without geometry */
} DmImportLayer;

void dm_import_feature_free (DmImportFeature *feature);
void dm_import_layer_free (DmImportLayer *layer);

/* Reads one layer: @layer_name, or when NULL the only vector layer, or
 * else the first layer with features (layers with a geometry column
 * first). */
DmImportLayer *dm_import_read (const char *path, const char *layer_name, GCancellable *cancellable, GError **error);
/* The same for data Demarcate ships, checked when they were built (the
 * offline basemap, data/basemap/build_basemap.py): shapes are taken as they
 * are, without the validity check and repair, and longitudes stay in
 * −180…180, so that a layer of the whole world reads in a fraction of
 * the time. */
DmImportLayer *dm_import_read_trusted (const char *path, const char *layer_name, GError **error);
/* Every feature of @layer moved by whole turns of longitude into one
 * frame: −180…180°, or 0…360° for a layer that straddles the 180th
 * meridian (dm_lon_frame_centre()); a line that the file split at the
 * meridian is joined again.  dm_import_read() does this; call it again
 * after joining features read from several layers. */
void dm_import_layer_unwrap (DmImportLayer *layer);

/* The names of the vector layers, NULL-terminated. */
char **dm_import_list_layers (const char *path, GError **error);

/* Every polygon of @layer dissolved into one (multi)polygon (a control
 * map drawn in pieces, say); NULL when it holds none. */
DmGeometry *dm_import_layer_union_polygons (const DmImportLayer *layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmLayerInfo, dm_layer_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSourceInfo, dm_source_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmImportFeature, dm_import_feature_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmImportLayer, dm_import_layer_free)

G_END_DECLS
