/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <gdal.h>
#include <cpl_error.h>
#include <ogr_api.h>

#include "dm-export.h"
#include "dm-gdal.h"
#include "dm-units.h"

G_DEFINE_QUARK (dm-export-error-quark, dm_export_error)

const char *
dm_export_driver_for_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json"))
    return "GeoJSON";
  if (g_str_has_suffix (lower, ".kml"))
    return "KML";
  if (g_str_has_suffix (lower, ".kmz"))
    return "LIBKML";
  if (g_str_has_suffix (lower, ".gpkg"))
    return "GPKG";
  return NULL;
}

static OGRGeometryH
ring_to_ogr (const double *xy,
             guint         n,
             gboolean      closed)
{
  OGRGeometryH ring = OGR_G_CreateGeometry (closed ? wkbLinearRing : wkbLineString);

  for (guint i = 0; i < n; i++)
    OGR_G_AddPoint_2D (ring, xy[2 * i], xy[2 * i + 1]);
  if (closed && n > 0)
    OGR_G_AddPoint_2D (ring, xy[0], xy[1]);
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

static void
add_field (OGRLayerH     layer,
           const char   *name,
           OGRFieldType  type)
{
  OGRFieldDefnH def = OGR_Fld_Create (name, type);

  OGR_L_CreateField (layer, def, TRUE);
  OGR_Fld_Destroy (def);
}

static char *
temp_path_beside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = g_strndup (base, dot != NULL ? (gsize) (dot - base) : strlen (base));
  g_autofree char *name = g_strdup_printf (".%s.partial-%d%s", stem, (int) getpid (), dot != NULL ? dot : "");

  return g_build_filename (dir, name, NULL);
}

/* Closes the file written beside @path and renames it into place when
 * @ok, else removes it: a failed export never leaves a half file. */
static gboolean
finish_write (DmGdalDataset *ds,
              const char    *tmp,
              const char    *path,
              gboolean       ok,
              GError       **error)
{
  if (!ok)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _("Writing “%s” failed: %s"), path, CPLGetLastErrorMsg ());
      dm_gdal_dataset_close (ds);
      g_unlink (tmp);
      return FALSE;
    }
  dm_gdal_dataset_close (ds);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Checks the destination and names the driver; FALSE with @error set. */
static GDALDriverH
check_destination (const char  *path,
                   GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *driver_name = dm_export_driver_for_path (path);
  GDALDriverH driver;

  dm_gdal_init ();
  if (driver_name == NULL || (driver = GDALGetDriverByName (driver_name)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("Cannot tell which format to write “%s” in: end the name with .geojson, .kml, .kmz or .gpkg"),
                   base);
      return NULL;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _("Cannot write “%s”: the folder “%s” does not exist"), path, dir);
      return NULL;
    }
  return driver;
}

gboolean
dm_export_geometry (const DmGeometry *geometry,
                    GHashTable       *properties,
                    const char       *layer_name,
                    const char       *path,
                    GError          **error)
{
  g_auto(DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();
  char *lco_rfc[] = { (char *) "RFC7946=YES", (char *) "COORDINATE_PRECISION=7", NULL };
  g_autoptr(DmGdalDataset) ds = NULL;
  g_autoptr(DmOgrFeature) f = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GList) keys = NULL;
  OGRSpatialReferenceH wgs84;
  GDALDriverH driver;
  OGRLayerH layer;
  gboolean geojson;

  g_return_val_if_fail (geometry != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((driver = check_destination (path, error)) == NULL)
    return FALSE;
  geojson = g_str_equal (GDALGetDriverShortName (driver), "GeoJSON");
  tmp = temp_path_beside (path);
  if ((ds = GDALCreate (driver, tmp, 0, 0, 0, GDT_Unknown, NULL)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _("Cannot write “%s”: %s. Choose a folder you can write to."), path, CPLGetLastErrorMsg ());
      return FALSE;
    }
  wgs84 = OSRNewSpatialReference (NULL);
  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  layer = GDALDatasetCreateLayer (ds, layer_name, wgs84, wkbUnknown, geojson ? lco_rfc : NULL);
  OSRRelease (wgs84);
  if (layer == NULL)
    goto failed;

  if (properties != NULL)
    {
      keys = g_list_sort (g_hash_table_get_keys (properties), (GCompareFunc) g_strcmp0);
      for (GList *l = keys; l != NULL; l = l->next)
        add_field (layer, l->data, OFTString);
    }
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  for (GList *l = keys; l != NULL; l = l->next)
    OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, l->data), g_hash_table_lookup (properties, l->data));
  OGR_F_SetGeometryDirectly (f, dm_geometry_to_ogr (geometry));
  if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
    goto failed;

  return finish_write (g_steal_pointer (&ds), tmp, path, TRUE, error);

failed:
  return finish_write (g_steal_pointer (&ds), tmp, path, FALSE, error);
}

gboolean
dm_export_zones (DmDocument  *document,
                 DmResults   *results,
                 const char  *path,
                 GError     **error)
{
  const char *driver_name;
  g_autofree char *tmp = NULL;
  g_autoptr(DmGdalDataset) ds = NULL;
  char *lco_rfc[] = { (char *) "RFC7946=YES", (char *) "COORDINATE_PRECISION=7", NULL };
  GDALDriverH driver;
  OGRSpatialReferenceH wgs84;
  OGRLayerH layer;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_auto(DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();

  if ((driver = check_destination (path, error)) == NULL)
    return FALSE;
  driver_name = GDALGetDriverShortName (driver);
  tmp = temp_path_beside (path);
  ds = (DmGdalDataset *) GDALCreate (driver, tmp, 0, 0, 0, GDT_Unknown, NULL);
  if (ds == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _("Cannot write “%s”: %s. Choose a folder you can write to."),
                   path, CPLGetLastErrorMsg ());
      return FALSE;
    }

  wgs84 = OSRNewSpatialReference (NULL);
  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  layer = GDALDatasetCreateLayer (ds, "zones", wgs84, wkbMultiPolygon,
                                  g_str_equal (driver_name, "GeoJSON") ? lco_rfc : NULL);
  OSRRelease (wgs84);
  if (layer == NULL)
    goto write_failed;

  add_field (layer, "name", OFTString);
  add_field (layer, "kind", OFTString);
  add_field (layer, "side", OFTString);
  add_field (layer, "side_name", OFTString);
  add_field (layer, "width_m", OFTReal);
  add_field (layer, "area_m2", OFTReal);
  add_field (layer, "area_km2", OFTReal);
  add_field (layer, "area_mi2", OFTReal);
  add_field (layer, "zone_area_m2", OFTReal);
  add_field (layer, "color", OFTString);

  for (guint i = 0; i < results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (results->zones, i);

      if (z->zone == NULL)
        continue;
      for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
        {
          g_autoptr(DmGeometry) g = NULL;
          g_autoptr(DmOgrFeature) f = NULL;
          double area = dm_zone_result_get_area_m2 (z->zone, side);
          OGRGeometryH og;

          if (area <= 0)
            continue;
          if ((g = dm_zone_result_dissolve_side (z->zone, side)) == NULL)
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_GEOMETRY,
                           _("The zone “%s” could not be merged into one polygon for export"), z->rule->name);
              g_clear_pointer (&ds, dm_gdal_dataset_close);
              g_unlink (tmp);
              return FALSE;
            }
          f = (DmOgrFeature *) OGR_F_Create (OGR_L_GetLayerDefn (layer));
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "name"), z->rule->name);
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "kind"), dm_zone_kind_to_string (z->rule->kind));
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "side"), side == DM_SIDE_A ? "A" : "B");
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "side_name"), dm_document_get_side_name (document, side));
          if (z->rule->type == DM_ZONE_RULE_LINE_BAND)
            OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "width_m"),
                                  side == DM_SIDE_A ? z->rule->width_a_m : z->rule->width_b_m);
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_m2"), area);
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_km2"), dm_area_from_m2 (area, DM_AREA_KM2));
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "area_mi2"), dm_area_from_m2 (area, DM_AREA_MI2));
          OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "zone_area_m2"),
                                dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE));
          OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, "color"), z->rule->color);
          og = dm_geometry_to_ogr (g);
          if (og != NULL)
            OGR_F_SetGeometryDirectly (f, OGR_G_ForceToMultiPolygon (og));
          if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
            goto write_failed;
        }
    }

  return finish_write (g_steal_pointer (&ds), tmp, path, TRUE, error);

write_failed:
  return finish_write (g_steal_pointer (&ds), tmp, path, FALSE, error);
}
