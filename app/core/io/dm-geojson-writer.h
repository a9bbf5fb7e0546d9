/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdal.h>
#include <glib.h>
#include <ogr_api.h>

G_BEGIN_DECLS

/* What a GeoJSON FeatureCollection says of itself. */
typedef struct {
  const char *name;        /* the collection's "name" */
  const char *description; /* its "description", or NULL */
  const char *members;     /* more top-level members (RFC 7946 §6.1): a JSON object's text, or NULL */
} DmGeoJsonDocument;

/* Writes @layer (a layer in memory, as dm-export fills it) to @path (a
 * GDAL file name: /vsimem/… for a staged export) as one RFC 7946
 * FeatureCollection, byte for byte as GDAL's GeoJSON driver writes it
 * with RFC7946=YES and COORDINATE_PRECISION=7, but streamed: GDAL builds
 * each feature as a tree of json-c objects and prints every coordinate
 * through a C++ stream, 6 s for a million vertices.
 *
 * Exterior rings are written anticlockwise and holes clockwise; a
 * MultiPolygon or MultiLineString of one part is written as that part;
 * what reaches within 10° of the antimeridian or crosses it is cut there
 * by GDAL's own code first (WRAPDATELINE); coordinates have at most 7
 * decimals, real fields 17 significant digits.  String fields of subtype
 * OFSTJSON are written as the JSON they hold, their numbers as they stand;
 * every other string as a string (GDAL also takes any string in brackets
 * that parses as JSON for JSON: a note “[1]” would come back a list).
 * @document's members are written as GDAL writes NATIVE_DATA, without
 * "type", "features", "bbox", "crs" and the members RFC 7946 §7.1 keeps
 * for other objects.
 *
 * A layer GDAL writes otherwise is written by GDAL's own driver, whole:
 * a geometry beyond ±90° of latitude (GDAL refuses it), not finite, with
 * Z or M, empty, or a collection; a field of another type than integer,
 * real or string.  @display names the file in errors.  FALSE with @error
 * when writing fails. */
gboolean dm_geojson_write (OGRLayerH layer,
                           const DmGeoJsonDocument *document,
                           const char *path,
                           const char *display,
                           GError **error);

/* @v as GDAL writes a coordinate at 7 decimals ("%.7f" less trailing
 * zeros, with GDAL's rounding of a trailing 00000x or 99999x); returns
 * the length. */
#define DM_GEOJSON_NUMBER_BUF_SIZE 80
int dm_geojson_format_coordinate (double v, char buf[DM_GEOJSON_NUMBER_BUF_SIZE]);

G_END_DECLS
