/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gdal"

#include "config.h"

/* VSIStatBufL is struct stat64. */
#define _LARGEFILE64_SOURCE 1

#include <string.h>

#include "dm-gdal.h"
#include "dm-geos.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_vsi.h>
#pragma GCC diagnostic pop

/* Drivers that only ever talk to servers or databases.  A local file can
 * name them (an OGR VRT whose source is "PG:host=..."), so they are not
 * registered at all.  Names of drivers this GDAL lacks are ignored. */
static const char network_drivers[] = "AmigoCloud Carto CouchDB CSW DAAS EEDA EEDAI Elasticsearch GeoRaster HANA "
                                      "HTTP MongoDBv3 MSSQLSpatial MySQL NGW OAPIF OCI ODBC OGCAPI OGR_OGDI "
                                      "PLMOSAIC PLSCENES PostGISRaster PostgreSQL WCS WFS WMS WMTS";

/* Replaces CPLHTTPFetch() for the whole process: every driver that would
 * download something (schemas, styles, WFS pages) gets a failed request. */
static CPLHTTPResult *
refuse_http_fetch (const char *url,
                   CSLConstList options,
                   GDALProgressFunc progress,
                   void *progress_data,
                   CPLHTTPFetchWriteFunc write_func,
                   void *write_data,
                   void *user_data)
{
  CPLHTTPResult *result = CPLCalloc (1, sizeof (CPLHTTPResult));

  /* GDAL asks the handler to close persistent connections with this
   * option; it wants a non-NULL result and no request. */
  if (CSLFetchNameValue (options, "CLOSE_PERSISTENT") != NULL)
    return result;

  g_debug ("Refused a network request from GDAL for %s", url);
  result->nStatus = 7; /* CURLE_COULDNT_CONNECT */
  result->pszErrBuf = CPLStrdup ("Network access is disabled in Demarcate");
  return result;
}

/* GDAL's virtual file systems that reach the network.  /vsicurl/ and the
 * cloud ones honour CPL_VSIL_CURL_ALLOWED_FILENAME, the _streaming/ ones do
 * not (checked with GDAL 3.6): all of them are replaced by a file system
 * where nothing exists. */
static const char *const network_file_systems[] = {
  "/vsicurl/",
  "/vsicurl_streaming/",
  "/vsis3/",
  "/vsis3_streaming/",
  "/vsigs/",
  "/vsigs_streaming/",
  "/vsiaz/",
  "/vsiaz_streaming/",
  "/vsiadls/",
  "/vsioss/",
  "/vsioss_streaming/",
  "/vsiswift/",
  "/vsiswift_streaming/",
  "/vsiwebhdfs/",
  "/vsihdfs/",
  NULL,
};

static void *
refuse_vsi_open (void *user_data, const char *filename, const char *access)
{
  g_debug ("Refused to open %s: network access is disabled", filename);
  return NULL;
}

static int
refuse_vsi_stat (void *user_data, const char *filename, VSIStatBufL *stat_buf, int flags)
{
  return -1;
}

static void
install_offline_file_systems (void)
{
  VSIFilesystemPluginCallbacksStruct *cb = VSIAllocFilesystemPluginCallbacksStruct ();

  cb->open = refuse_vsi_open;
  cb->stat = refuse_vsi_stat;
  /* GDAL copies the callbacks; a prefix installed again replaces the old
   * handler. */
  for (guint i = 0; network_file_systems[i] != NULL; i++)
    VSIInstallPluginHandler (network_file_systems[i], cb);
  VSIFreeFilesystemPluginCallbacksStruct (cb);
}

static gpointer
init_once (gpointer data)
{
  const char *skip = CPLGetConfigOption ("GDAL_SKIP", NULL);
  g_autofree char *all_skipped = NULL;

  all_skipped = skip != NULL && *skip != '\0' ? g_strconcat (skip, " ", network_drivers, NULL)
                                              : g_strdup (network_drivers);
  CPLSetConfigOption ("GDAL_SKIP", all_skipped);

  /* /vsicurl/ and the cloud file systems built on it (/vsis3/, /vsigs/,
   * /vsiaz/, ...) open only the one file named here, which cannot exist. */
  CPLSetConfigOption ("CPL_VSIL_CURL_ALLOWED_FILENAME", "/demarcate/network-access-is-disabled");
  /* Belt and braces should a request get through anyway. */
  CPLSetConfigOption ("GDAL_HTTP_MAX_RETRY", "0");
  CPLSetConfigOption ("GDAL_HTTP_CONNECTTIMEOUT", "1");
  CPLSetConfigOption ("GDAL_HTTP_TIMEOUT", "1");
  /* KML: never fetch styles from other documents; GML: never fetch a
   * WFS schema.  KML network links are exposed as fields by both KML
   * drivers, never followed. */
  CPLSetConfigOption ("LIBKML_EXTERNAL_STYLE", "NO");
  CPLSetConfigOption ("LIBKML_RESOLVE_STYLE", "NO");
  CPLSetConfigOption ("GML_DOWNLOAD_WFS_SCHEMA", "NO");
  CPLSetConfigOption ("GML_SKIP_RESOLVE_ELEMS", "ALL");

  CPLHTTPSetFetchCallback (refuse_http_fetch, NULL);
  /* PROJ: transformation grids from the local proj-data only. */
  OSRSetPROJEnableNetwork (FALSE);

  /* GDAL warns about each driver in GDAL_SKIP that it lacks. */
  CPLPushErrorHandler (CPLQuietErrorHandler);
  GDALAllRegister ();
  CPLPopErrorHandler ();
  install_offline_file_systems ();
  return NULL;
}

void
dm_gdal_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
}

/* Virtual file systems that read local data; anything else after /vsi
 * reaches the network or is not a file (/vsistdin/). */
static const char *const local_vsi[] = {
  "zip", "gzip", "tar", "7z", "rar", "mem", "subfile", "sparse", "crypt", "cached", NULL,
};

/* @s points at a path component ("/vsicurl/..." or "http://...") inside
 * a lower-cased path. */
static gboolean
component_is_remote (const char *s)
{
  const char *p;

  if (g_str_has_prefix (s, "/vsi"))
    {
      g_autofree char *name = NULL;

      for (p = s + 4; g_ascii_isalnum (*p) || *p == '_'; p++)
        ;
      if (*p != '/' && *p != '?' && *p != '\0' && *p != '{')
        return FALSE;
      name = g_strndup (s + 4, p - (s + 4));
      return !g_strv_contains (local_vsi, name);
    }

  /* A URL: scheme "://", RFC 3986 §3.1. */
  if (g_ascii_isalpha (*s))
    {
      for (p = s + 1; g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'; p++)
        ;
      if (g_str_has_prefix (p, "://"))
        return TRUE;
    }
  return FALSE;
}

gboolean
dm_gdal_path_is_remote (const char *path)
{
  g_autofree char *lower = NULL;
  const char *p;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);

  /* A driver connection string: "PG:dbname=x", "WFS:http://...",
   * "ElasticSearch:...".  At least two letters before the colon, so a
   * drive letter ("C:\...") is not one. */
  for (p = lower; g_ascii_isalnum (*p) || *p == '_' || *p == '-'; p++)
    ;
  if (*p == ':' && p - lower >= 2 && g_ascii_isalpha (lower[0]))
    return TRUE;

  /* Every place where a path can start in a /vsizip/ chain: the start,
   * after a slash ("/vsizip//vsicurl/..."), after "{" ("/vsizip/{...}")
   * and after "," ("/vsisubfile/0_100,/vsicurl/..."). */
  for (p = lower; *p != '\0'; p++)
    if ((p == lower || p[-1] == '/' || p[-1] == '{' || p[-1] == ',') && component_is_remote (p))
      return TRUE;

  return FALSE;
}

gboolean
dm_gdal_path_exists (const char *path)
{
  VSIStatBufL st;

  g_return_val_if_fail (path != NULL, FALSE);

  dm_gdal_init ();
  return VSIStatExL (path, &st, VSI_STAT_EXISTS_FLAG) == 0;
}

static void CPL_STDCALL
log_gdal_error (CPLErr err_class, CPLErrorNum err_no, const char *msg)
{
  static const char *const names[] = { "none", "debug", "warning", "failure", "fatal" };

  g_debug ("GDAL %s %d: %s", (guint) err_class < G_N_ELEMENTS (names) ? names[err_class] : "?", err_no, msg);
}

DmGdalErrorScope
dm_gdal_error_scope_begin (void)
{
  DmGdalErrorScope scope = { TRUE };

  CPLPushErrorHandler (log_gdal_error);
  return scope;
}

void
dm_gdal_error_scope_end (DmGdalErrorScope *scope)
{
  g_return_if_fail (scope != NULL);

  if (scope->active)
    {
      CPLPopErrorHandler ();
      scope->active = FALSE;
    }
}

/* ---- Geometries to and from OGR ---------------------------------------- */

static OGRGeometryH
ring_to_ogr (const double *xy, guint n, gboolean closed)
{
  OGRGeometryH ring = OGR_G_CreateGeometry (closed ? wkbLinearRing : wkbLineString);

  /* Sized once: adding points one by one reallocates for each (and
   * copies all of them each time under AddressSanitizer). */
  OGR_G_SetPointCount (ring, (int) n + (closed && n > 0 ? 1 : 0));
  for (guint i = 0; i < n; i++)
    OGR_G_SetPoint_2D (ring, (int) i, xy[2 * i], xy[2 * i + 1]);
  if (closed && n > 0)
    OGR_G_SetPoint_2D (ring, (int) n, xy[0], xy[1]);
  return ring;
}

gpointer
dm_geometry_to_ogr (const DmGeometry *g)
{
  OGRGeometryH out;
  guint n_parts;

  g_return_val_if_fail (g != NULL, NULL);

  if (dm_geometry_is_empty (g))
    return NULL;
  n_parts = dm_geometry_get_n_parts (g);

  switch (dm_geometry_get_geometry_type (g))
    {
    case DM_GEOMETRY_POINT:
    case DM_GEOMETRY_MULTIPOINT:
      {
        const double *xy = dm_geometry_get_coords (g);

        if (dm_geometry_get_geometry_type (g) == DM_GEOMETRY_POINT)
          {
            out = OGR_G_CreateGeometry (wkbPoint);
            OGR_G_SetPoint_2D (out, 0, xy[0], xy[1]);
            return out;
          }
        out = OGR_G_CreateGeometry (wkbMultiPoint);
        for (guint i = 0; i < dm_geometry_get_n_points (g); i++)
          {
            OGRGeometryH p = OGR_G_CreateGeometry (wkbPoint);

            OGR_G_SetPoint_2D (p, 0, xy[2 * i], xy[2 * i + 1]);
            OGR_G_AddGeometryDirectly (out, p);
          }
        return out;
      }
    case DM_GEOMETRY_LINESTRING:
    case DM_GEOMETRY_MULTILINESTRING:
      {
        gboolean multi = dm_geometry_get_geometry_type (g) == DM_GEOMETRY_MULTILINESTRING;

        out = multi ? OGR_G_CreateGeometry (wkbMultiLineString) : NULL;
        for (guint p = 0; p < n_parts; p++)
          {
            guint n;
            const double *xy = dm_geometry_get_ring (g, p, 0, &n);
            OGRGeometryH line = ring_to_ogr (xy, n, FALSE);

            if (!multi)
              return line;
            OGR_G_AddGeometryDirectly (out, line);
          }
        return out;
      }
    case DM_GEOMETRY_POLYGON:
    case DM_GEOMETRY_MULTIPOLYGON:
    default:
      {
        gboolean multi = dm_geometry_get_geometry_type (g) == DM_GEOMETRY_MULTIPOLYGON;

        out = multi ? OGR_G_CreateGeometry (wkbMultiPolygon) : NULL;
        for (guint p = 0; p < n_parts; p++)
          {
            OGRGeometryH poly = OGR_G_CreateGeometry (wkbPolygon);

            for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
              {
                guint n;
                const double *xy = dm_geometry_get_ring (g, p, r, &n);

                OGR_G_AddGeometryDirectly (poly, ring_to_ogr (xy, n, TRUE));
              }
            if (!multi)
              return poly;
            OGR_G_AddGeometryDirectly (out, poly);
          }
        return out;
      }
    }
}

DmGeometry *
dm_geometry_from_ogr (gconstpointer ogr_geometry)
{
  OGRGeometryH g = (OGRGeometryH) ogr_geometry;
  OGRwkbGeometryType type;
  g_autoptr (DmGeometry) out = NULL;
  gboolean multi;

  if (g == NULL || OGR_G_IsEmpty (g))
    return NULL;
  type = wkbFlatten (OGR_G_GetGeometryType (g));
  switch (type)
    {
    case wkbPoint:
      return dm_geometry_new_point (OGR_G_GetX (g, 0), OGR_G_GetY (g, 0));
    case wkbMultiPoint:
      out = dm_geometry_new (DM_GEOMETRY_MULTIPOINT);
      for (int i = 0; i < OGR_G_GetGeometryCount (g); i++)
        {
          OGRGeometryH p = OGR_G_GetGeometryRef (g, i);
          double xy[2] = { OGR_G_GetX (p, 0), OGR_G_GetY (p, 0) };

          dm_geometry_begin_part (out);
          dm_geometry_add_ring (out, xy, 1);
        }
      return g_steal_pointer (&out);
    case wkbLineString:
    case wkbMultiLineString:
    case wkbPolygon:
    case wkbMultiPolygon:
      break;
    default:
      return NULL;
    }

  multi = type == wkbMultiLineString || type == wkbMultiPolygon;
  out = dm_geometry_new (type == wkbLineString        ? DM_GEOMETRY_LINESTRING
                         : type == wkbMultiLineString ? DM_GEOMETRY_MULTILINESTRING
                         : type == wkbPolygon         ? DM_GEOMETRY_POLYGON
                                                      : DM_GEOMETRY_MULTIPOLYGON);
  for (int p = 0, n_parts = multi ? OGR_G_GetGeometryCount (g) : 1; p < n_parts; p++)
    {
      OGRGeometryH part = multi ? OGR_G_GetGeometryRef (g, p) : g;
      gboolean lineal = type == wkbLineString || type == wkbMultiLineString;
      int n_rings = lineal ? 1 : OGR_G_GetGeometryCount (part);

      dm_geometry_begin_part (out);
      for (int r = 0; r < n_rings; r++)
        {
          OGRGeometryH ring = lineal ? part : OGR_G_GetGeometryRef (part, r);
          int n = OGR_G_GetPointCount (ring);
          g_autofree double *xy = g_new (double, 2 * MAX (n, 1));

          /* Strided copy of x and y straight from OGR: no rounding. */
          OGR_G_GetPoints (ring, xy, 2 * sizeof (double), xy + 1, 2 * sizeof (double), NULL, 0);
          dm_geometry_add_ring (out, xy, n);
        }
    }
  return g_steal_pointer (&out);
}

gpointer
dm_geometry_to_ogr_for_exchange (const DmGeometry *geometry)
{
  g_autoptr (DmGeometry) split = NULL;

  g_return_val_if_fail (geometry != NULL, NULL);

  split = dm_geometry_split_antimeridian (geometry);
  return dm_geometry_to_ogr (split != NULL ? split : geometry);
}
