/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"
#include "dm-gdal.h"
#include "dm-results.h"

G_BEGIN_DECLS

/*
 * Writing geodata files safely, for exports and projects alike: the
 * destination checked, the file written beside it under a temporary
 * name and renamed into place, so a failure (a full disk) never leaves a
 * half file where a good one was.  Errors are DM_EXPORT_ERROR.
 */
#define DM_EXPORT_ERROR (dm_export_error_quark ())
GQuark dm_export_error_quark (void);

typedef enum {
  DM_EXPORT_ERROR_UNKNOWN_FORMAT,
  DM_EXPORT_ERROR_WRITE,
  DM_EXPORT_ERROR_GEOMETRY,
} DmExportError;

/* ".NAME.partial-PID.EXT" in @path's folder. */
char *dm_write_temp_path_beside (const char *path);
/* The driver @driver_name for @path after checking its folder exists;
 * NULL with @error set. */
GDALDriverH dm_write_check_destination (const char *path, const char *driver_name, GError **error);
/* Creates @tmp, to become @path; NULL with @error set (naming @path). */
DmGdalDataset *dm_write_create (GDALDriverH driver, const char *tmp, const char *path, char **options, GError **error);
/* Closes @ds and renames @tmp into place when @ok, else removes it; with
 * @error already set (by the caller) only cleans up. */
gboolean dm_write_finish (DmGdalDataset *ds, const char *tmp, const char *path, gboolean ok, GError **error);
/* A WGS 84 longitude/latitude layer (no SRS for wkbNone). */
OGRLayerH dm_write_create_layer (DmGdalDataset *ds, const char *name, OGRwkbGeometryType type, char **options);
void dm_write_add_field (OGRLayerH layer, const char *name, OGRFieldType type);
/* One feature per zone and side with its figures (dm_export_zones). */
gboolean dm_write_zones (OGRLayerH layer, DmDocument *document, DmResults *results, GError **error);

G_END_DECLS
