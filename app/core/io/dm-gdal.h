/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"

/* cpl_port.h tests __clang_major__ without defined (), which -Wundef flags. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#pragma GCC diagnostic pop

G_BEGIN_DECLS

/*
 * GDAL set-up shared by every module that reads or writes geodata.
 *
 * dm_gdal_init() registers the drivers once per process and keeps GDAL
 * off the network for the whole process (DESIGN.md: opening a file never
 * touches the network): no HTTP fetches, no /vsicurl/ and cloud file
 * systems, no PROJ grid downloads, no drivers that exist only to talk to
 * servers and databases, no external KML styles.  Call it before any
 * other GDAL function, and instead of GDALAllRegister(): the drivers that
 * only talk to servers are left out at registration.  It is cheap after
 * the first call and thread-safe.
 */
void dm_gdal_init (void);

/*
 * TRUE when GDAL would not read @path from a local file: a URL
 * (http://, https://, ftp://, s3://...), a network or cloud virtual file
 * system (/vsicurl/, /vsis3/, /vsigs/, /vsiaz/, ... and /vsistdin/),
 * also when nested in /vsizip/, /vsigzip/, /vsitar/ chains, or a driver
 * connection string such as "PG:dbname=x" or "WFS:http://...".
 * Pure string inspection: touches neither GDAL nor the file system.
 */
gboolean dm_gdal_path_is_remote (const char *path);

/* Whether GDAL sees something at @path, which may be a local virtual path
 * such as "/vsizip/front.zip/front.shp".  Calls dm_gdal_init(). */
gboolean dm_gdal_path_exists (const char *path);

/*
 * g_autoptr () for GDAL's C handles.
 *
 * GDAL's handles are all `void *`, so they cannot carry cleanup functions
 * of their own.  Each gets a distinct opaque type here; because C converts
 * `void *` to and from any object pointer implicitly, these pointers are
 * assigned from and passed to GDAL functions without casts:
 *
 *   g_autoptr (DmGdalDataset) ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, NULL, NULL);
 *   OGRLayerH layer = GDALDatasetGetLayer (ds, 0);
 *
 * Layers (OGRLayerH) and geometries returned by OGR_F_GetGeometryRef()
 * belong to their dataset or feature and need no cleanup.
 */
typedef struct _DmGdalDataset DmGdalDataset;   /* GDALDatasetH, GDALClose () */
typedef struct _DmOgrFeature DmOgrFeature;     /* OGRFeatureH, OGR_F_Destroy () */
typedef struct _DmOgrGeometry DmOgrGeometry;   /* OGRGeometryH, OGR_G_DestroyGeometry () */
typedef struct _DmOgrSrs DmOgrSrs;             /* OGRSpatialReferenceH, OSRRelease () */
typedef struct _DmOgrTransform DmOgrTransform; /* OGRCoordinateTransformationH */
typedef char DmCplString;                      /* a string GDAL allocated, CPLFree () */
typedef char *DmCslList;                       /* char ** from GDAL, CSLDestroy () */

static inline void
dm_gdal_dataset_close (DmGdalDataset *ds)
{
  GDALClose (ds);
}
static inline void
dm_ogr_feature_free (DmOgrFeature *f)
{
  OGR_F_Destroy (f);
}
static inline void
dm_ogr_geometry_free (DmOgrGeometry *g)
{
  OGR_G_DestroyGeometry (g);
}
static inline void
dm_ogr_srs_release (DmOgrSrs *srs)
{
  OSRRelease (srs);
}
static inline void
dm_ogr_transform_free (DmOgrTransform *ct)
{
  OCTDestroyCoordinateTransformation (ct);
}
static inline void
dm_cpl_string_free (DmCplString *s)
{
  CPLFree (s);
}
static inline void
dm_csl_list_free (DmCslList *l)
{
  CSLDestroy (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmGdalDataset, dm_gdal_dataset_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmOgrFeature, dm_ogr_feature_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmOgrGeometry, dm_ogr_geometry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmOgrSrs, dm_ogr_srs_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmOgrTransform, dm_ogr_transform_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmCplString, dm_cpl_string_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmCslList, dm_csl_list_free)

/*
 * Keeps GDAL's error messages off stderr in the calling thread while the
 * scope lives; they are logged with g_debug() instead, and
 * CPLGetLastErrorMsg() still returns the last one.
 *
 *   g_auto (DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();
 */
typedef struct {
  gboolean active;
} DmGdalErrorScope;

DmGdalErrorScope dm_gdal_error_scope_begin (void);
void dm_gdal_error_scope_end (DmGdalErrorScope *scope);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DmGdalErrorScope, dm_gdal_error_scope_end)

/* A DmGeometry as an OGR geometry (rings closed); NULL for empty. */
gpointer dm_geometry_to_ogr (const DmGeometry *geometry);
/* For files others read (exports, zones, annexes): as
 * dm_geometry_to_ogr(), split at the 180th meridian with every longitude
 * in −180…180° (RFC 7946, 3.1.9; dm_geometry_split_antimeridian()).
 * Project files keep Demarcate's unwrapped longitudes. */
gpointer dm_geometry_to_ogr_for_exchange (const DmGeometry *geometry);
/* The inverse, exact to the bit: no reprojection, no repair, closing
 * points dropped; NULL for an empty or unsupported (curved) geometry. */
DmGeometry *dm_geometry_from_ogr (gconstpointer ogr_geometry);

G_END_DECLS
