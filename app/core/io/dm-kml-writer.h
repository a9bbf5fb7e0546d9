/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdal.h>
#include <glib.h>
#include <ogr_api.h>

G_BEGIN_DECLS

/* What a KML document says of itself and how its layers are titled. */
typedef struct {
  const char *id;           /* the Document's id */
  const char *name;         /* its title */
  const char *description;  /* or NULL */
  OGRStyleTableH styles;    /* shared styles, OGR style strings (PEN, BRUSH, LABEL), or NULL */
  GHashTable *folder_names; /* layer name → the Folder's title; the layer name when absent */
} DmKmlDocument;

/* Writes every layer of @ds (a dataset in memory, as dm-export fills it)
 * as one KML 2.2 document to @path (a GDAL file name: /vsimem/… for a
 * staged export), as GDAL's LIBKML driver lays it out and reads it back,
 * but streamed: LIBKML builds the whole document in memory and takes
 * minutes over a million vertices.
 *
 * Each layer is a Folder, its fields a Schema (“layer.schema”), each
 * feature a Placemark (“layer.N”) with its set fields as SimpleData.
 * The fields “name” and “description” are the Placemark's own, a
 * “tessellate” of 1 makes lines and polygons follow the ground, a style
 * string “@id” refers to a shared style.  Text with markup goes in CDATA.
 * Coordinates are written with 15 significant digits.  @display names the
 * file in errors.  FALSE with @error when writing fails. */
gboolean
dm_kml_write (GDALDatasetH ds, const DmKmlDocument *document, const char *path, const char *display, GError **error);

/* @v as printf's "%.15g" writes it in the C locale (as LIBKML writes
 * coordinates), five times as fast for numbers from 1 to 10⁹; returns
 * the length. */
#define DM_KML_NUMBER_BUF_SIZE 32
int dm_kml_format_number (double v, char buf[DM_KML_NUMBER_BUF_SIZE]);

G_END_DECLS
