/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include <string.h>

#include "dm-basemap.h"
#include "dm-cli.h"
#include "dm-write.h"
#include "dm-engine.h"
#include "dm-export.h"
#include "dm-scenario.h"

int
dm_cli_zones (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *units = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
                               N_ ("Write the zones to OUT (.geojson, .kml, .kmz or .gpkg)"), N_ ("OUT") },
                             { "units", 'u', 0, G_OPTION_ARG_STRING, &units,
                               N_ ("Units for the printed areas: km (default), mi, nmi or m"), N_ ("UNIT") },
                             { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the figures as one JSON document"),
                               NULL },
                             { NULL } };
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (GError) error = NULL;
  DmLengthUnit lu = DM_LENGTH_KM;
  DmAreaUnit au;
  int ret;

  if ((ret = dm_cli_parse ("zones", _ ("FILE"),
                           _ ("Computes the zones along the contact line of FILE (a file holding one "
                              "line makes it the contact line as digitised, side A on its left) and "
                              "writes them as polygons with their figures as attributes. Widths take "
                              "m, km, mi or nmi; a bare number is in miles."),
                           entries, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("zones", _ ("expected one FILE"));
  if (output == NULL && !json)
    return dm_cli_usage_error ("zones", _ ("say where to write the zones with -o OUT, or print them with --json"));
  if (!dm_cli_parse_length_unit ("zones", units, &lu, &ret))
    return ret;
  au = dm_area_unit_for_length (lu);

  if (output != NULL && !dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);
  if ((doc = dm_cli_load (argv[1], TRUE, lu, &error)) == NULL)
    return dm_cli_fail (error);
  if (!dm_cli_apply_zone_options (doc, &zo, &error))
    return dm_cli_fail (error);

  engine = dm_engine_new (doc);
  if ((results = dm_engine_compute (engine, NULL, &error)) == NULL)
    return dm_cli_fail (error);

  for (guint i = 0; i < results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (results->zones, i);

      if (z->zone == NULL)
        {
          g_set_error (&error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID, _ ("The zone “%s” could not be made: %s"),
                       z->rule->name, z->error);
          return dm_cli_fail (error);
        }
    }

  if (output != NULL && !dm_export_zones (doc, results, output, &error))
    return dm_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line_length_m");
      json_builder_add_double_value (b, results->line_length_m);
      json_builder_set_member_name (b, "zones");
      json_builder_begin_array (b);
      for (guint i = 0; i < results->zones->len; i++)
        {
          DmZoneFigures *z = g_ptr_array_index (results->zones, i);

          dm_cli_add_zone_json (b, z);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      return 0;
    }

  for (guint i = 0; i < results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (results->zones, i);
      g_autofree char *total = dm_format_area (dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE), au);
      g_autofree char *a = dm_format_area (dm_zone_result_get_area_m2 (z->zone, DM_SIDE_A), au);
      g_autofree char *bb = dm_format_area (dm_zone_result_get_area_m2 (z->zone, DM_SIDE_B), au);
      g_autofree char *wa = dm_format_length (z->rule->width_a_m, lu);
      g_autofree char *wb = dm_format_length (z->rule->width_b_m, lu);

      /* Translators: zone name, total area, side A name, its width, its area, side B ... */
      printf (_ ("%s: %s (%s side %s: %s; %s side %s: %s)\n"), z->rule->name, total,
              dm_document_get_side_name (doc, DM_SIDE_A), wa, a, dm_document_get_side_name (doc, DM_SIDE_B), wb, bb);
    }
  if (output != NULL)
    printf (_ ("Wrote %s\n"), output);
  return 0;
}
