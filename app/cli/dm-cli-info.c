/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-import.h"

static char *
format_extent (const DmLayerInfo *info)
{
  if (!info->has_extent)
    return g_strdup (_ ("none (no geometry)"));
  /* Translators: an extent: west – east, south – north, in degrees */
  return g_strdup_printf (_ ("%.6f – %.6f E, %.6f – %.6f N"), info->extent[0], info->extent[2], info->extent[1],
                          info->extent[3]);
}

int
dm_cli_info (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document instead of text"), NULL },
                             { NULL } };
  g_autoptr (DmSourceInfo) source = NULL;
  g_autoptr (GError) error = NULL;
  int ret;

  if ((ret = dm_cli_parse ("info", _ ("FILE"),
                           _ ("Lists the layers of a geodata file GDAL can read (GeoJSON, KML, KMZ, "
                              "GeoPackage, shapefile, GPX, FlatGeobuf, CSV with WKT, …): feature "
                              "counts, geometry types, coordinate reference system and extent "
                              "in WGS 84."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("info", _ ("expected one FILE"));

  if ((source = dm_import_probe (argv[1], &error)) == NULL)
    return dm_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, source->path);
      json_builder_set_member_name (b, "driver");
      json_builder_add_string_value (b, source->driver);
      json_builder_set_member_name (b, "layers");
      json_builder_begin_array (b);
      for (guint i = 0; i < source->layers->len; i++)
        {
          const DmLayerInfo *l = g_ptr_array_index (source->layers, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, l->name);
          json_builder_set_member_name (b, "features");
          json_builder_add_int_value (b, l->n_features);
          json_builder_set_member_name (b, "geometry_type");
          json_builder_add_string_value (b, l->geometry_type);
          json_builder_set_member_name (b, "crs");
          if (l->crs_id != NULL || l->crs_name != NULL)
            json_builder_add_string_value (b, l->crs_id != NULL ? l->crs_id : l->crs_name);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "crs_name");
          if (l->crs_name != NULL)
            json_builder_add_string_value (b, l->crs_name);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "extent");
          if (l->has_extent)
            {
              json_builder_begin_array (b);
              for (guint k = 0; k < 4; k++)
                json_builder_add_double_value (b, l->extent[k]);
              json_builder_end_array (b);
            }
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      return 0;
    }

  printf (_ ("File: %s\n"), source->path);
  printf (_ ("Format: %s\n"), source->driver);
  for (guint i = 0; i < source->layers->len; i++)
    {
      const DmLayerInfo *l = g_ptr_array_index (source->layers, i);
      g_autofree char *extent = format_extent (l);
      g_autofree char *crs = NULL;

      if (l->crs_name != NULL && l->crs_id != NULL)
        crs = g_strdup_printf ("%s (%s)", l->crs_name, l->crs_id);
      else if (l->crs_name != NULL || l->crs_id != NULL)
        crs = g_strdup (l->crs_name != NULL ? l->crs_name : l->crs_id);
      else
        crs = g_strdup (_ ("none"));

      printf (_ ("Layer %u: %s\n"), i + 1, l->name);
      printf (_ ("  Features: %lld\n"), (long long) l->n_features);
      printf (_ ("  Geometry: %s\n"), l->geometry_type);
      printf (_ ("  CRS: %s\n"), crs);
      printf (_ ("  Extent: %s\n"), extent);
    }
  return 0;
}
