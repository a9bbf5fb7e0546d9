/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-export.h"
#include "dm-gdal.h"

G_BEGIN_DECLS

/* What dm-export.c shares with dm-project.c: one way to write a file
 * atomically, one way to write zones. */

/* ".NAME.partial-PID.EXT" in @path's folder. */
char       *_dm_export_temp_path_beside (const char    *path);
/* The driver for @path after checking its folder exists; NULL with
 * @error set. */
GDALDriverH _dm_export_check_destination (const char   *path,
                                         const char    *driver_name,
                                         GError       **error);
/* Creates the file beside @path; NULL with @error set (naming @path). */
DmGdalDataset *_dm_export_create      (GDALDriverH     driver,
                                       const char     *tmp,
                                       const char     *path,
                                       char          **options,
                                       GError        **error);
/* Closes @ds and renames @tmp into place when @ok, else removes it; with
 * @error already set (by the caller) only cleans up. */
gboolean    _dm_export_finish_write   (DmGdalDataset  *ds,
                                       const char     *tmp,
                                       const char     *path,
                                       gboolean        ok,
                                       GError        **error);
/* A WGS 84 longitude/latitude layer. */
OGRLayerH   _dm_export_create_layer   (DmGdalDataset  *ds,
                                       const char     *name,
                                       OGRwkbGeometryType type,
                                       char          **options);
/* One feature per zone and side with its figures (dm_export_zones). */
gboolean    _dm_export_write_zones    (OGRLayerH       layer,
                                       DmDocument     *document,
                                       DmResults      *results,
                                       GError        **error);

/* The zone rules without their geometries (named regions stand for
 * them), as a JSON array: what an import needs to rebuild them. */
char       *_dm_export_zone_rules_json (DmDocument    *document);

/* dm_project_save with @active as the project's active proposal;
 * @results, when given, must be @active's figures. */
gboolean    _dm_project_save_as       (DmDocument          *document,
                                       DmResults           *results,
                                       const DmProjectView *view,
                                       guint                active,
                                       const char          *path,
                                       GError             **error);

G_END_DECLS
