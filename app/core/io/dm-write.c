/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-write"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dm-units.h"
#include "dm-write.h"

/* clang-format off: the name is a string written bare */
G_DEFINE_QUARK (dm - export - error - quark, dm_export_error)
/* clang-format on */

void
dm_write_add_field (OGRLayerH layer, const char *name, OGRFieldType type)
{
  OGRFieldDefnH def = OGR_Fld_Create (name, type);

  OGR_L_CreateField (layer, def, TRUE);
  OGR_Fld_Destroy (def);
}

char *
dm_write_temp_path_beside (const char *path)
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
gboolean
dm_write_finish (DmGdalDataset *ds, const char *tmp, const char *path, gboolean ok, GError **error)
{
  if (!ok)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), path,
                     CPLGetLastErrorMsg ());
      dm_gdal_dataset_close (ds);
      g_unlink (tmp);
      return FALSE;
    }
  dm_gdal_dataset_close (ds);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Cannot write “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

GDALDriverH
dm_write_check_destination (const char *path, const char *driver_name, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  GDALDriverH driver;

  dm_gdal_init ();
  if (driver_name == NULL || (driver = GDALGetDriverByName (driver_name)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot tell which format to write “%s” in: end the name with .geojson, .kml, .kmz or .gpkg"),
                   base);
      return NULL;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _ ("Cannot write “%s”: the folder “%s” does not exist"), path, dir);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Cannot write “%s”: it is a folder"), path);
      return NULL;
    }
  return driver;
}

DmGdalDataset *
dm_write_create (GDALDriverH driver, const char *tmp, const char *path, char **options, GError **error)
{
  DmGdalDataset *ds;

  /* A GeoPackage refuses to be created over an existing file. */
  g_unlink (tmp);
  CPLErrorReset ();
  if ((ds = GDALCreate (driver, tmp, 0, 0, 0, GDT_Unknown, options)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE,
                   _ ("Cannot write “%s”: %s. Choose a folder you can write to."), path,
                   *CPLGetLastErrorMsg () != '\0' ? CPLGetLastErrorMsg () : g_strerror (errno));
      return NULL;
    }
  return ds;
}

OGRLayerH
dm_write_create_layer (DmGdalDataset *ds, const char *name, OGRwkbGeometryType type, char **options)
{
  g_autoptr (DmOgrSrs) wgs84 = OSRNewSpatialReference (NULL);

  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  return GDALDatasetCreateLayer (ds, name, type == wkbNone ? NULL : wgs84, type, options);
}

gboolean
dm_write_zones (OGRLayerH layer, DmDocument *document, DmResults *results, GError **error)
{
  dm_write_add_field (layer, "name", OFTString);
  dm_write_add_field (layer, "kind", OFTString);
  dm_write_add_field (layer, "side", OFTString);
  dm_write_add_field (layer, "side_name", OFTString);
  dm_write_add_field (layer, "width_m", OFTReal);
  dm_write_add_field (layer, "area_m2", OFTReal);
  dm_write_add_field (layer, "area_km2", OFTReal);
  dm_write_add_field (layer, "area_mi2", OFTReal);
  dm_write_add_field (layer, "zone_area_m2", OFTReal);
  dm_write_add_field (layer, "color", OFTString);

  for (guint i = 0; i < results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (results->zones, i);

      if (z->zone == NULL)
        continue;
      for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
        {
          g_autoptr (DmGeometry) g = NULL;
          g_autoptr (DmOgrFeature) f = NULL;
          double area = dm_zone_result_get_area_m2 (z->zone, side);
          OGRGeometryH og;

          if (area <= 0)
            continue;
          if ((g = dm_zone_result_dissolve_side (z->zone, side)) == NULL)
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_GEOMETRY,
                           _ ("The zone “%s” could not be merged into one polygon for export"), z->rule->name);
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
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing the zone “%s” failed: %s"),
                           z->rule->name, CPLGetLastErrorMsg ());
              return FALSE;
            }
        }
    }
  return TRUE;
}
