/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-write.h"
#include "dm-derive.h"
#include "dm-export.h"
#include "dm-geodesy.h"
#include "dm-scenario.h"

int
dm_cli_derive_line (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *country_name = NULL;
  g_autofree char *tolerance_str = NULL;
  g_autofree char *min_length_str = NULL;
  g_autofree char *side_a = NULL;
  g_autofree char *side_b = NULL;
  g_autofree char *tolerance_help = NULL;
  g_autofree char *min_length_help = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write the contact line to OUT (.geojson, .kml, .kmz or .gpkg)"), N_ ("OUT") },
    { "country", 'c', 0, G_OPTION_ARG_STRING, &country_name,
      N_ ("The country the polygon lies in (default: the one holding most of it)"), N_ ("COUNTRY") },
    { "tolerance", 't', 0, G_OPTION_ARG_STRING, &tolerance_str, NULL, N_ ("DISTANCE") },
    { "min-length", 0, 0, G_OPTION_ARG_STRING, &min_length_str, NULL, N_ ("DISTANCE") },
    { "side-a", 0, 0, G_OPTION_ARG_STRING, &side_a, N_ ("Name of side A (default: the polygon’s country)"),
      N_ ("NAME") },
    { "side-b", 0, 0, G_OPTION_ARG_STRING, &side_b,
      N_ ("Name of side B, who holds the polygon (default: the neighbour whose border it follows)"), N_ ("NAME") },
    { NULL }
  };
  DmDeriveOptions options = DM_DERIVE_OPTIONS_INIT;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (GHashTable) props = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *length_str = NULL;
  g_autofree char *described = NULL;
  DmFeature *line;
  int ret;

  {
    g_autofree char *tol = dm_format_length (DM_DERIVE_DEFAULT_TOLERANCE_M, DM_LENGTH_KM);
    g_autofree char *min = dm_format_length (DM_DERIVE_DEFAULT_MIN_LENGTH_M, DM_LENGTH_KM);

    /* Translators: %s is a distance */
    entries[2].description = tolerance_help =
      g_strdup_printf (_ ("How wide a strip of land between the polygon and the border or coast still counts as "
                          "following them: trackers draw borders a few km off the basemap’s (default %s)"),
                       tol);
    entries[3].description = min_length_help =
      g_strdup_printf (_ ("Drop pieces of front shorter than this (default %s)"), min);
  }
  if ((ret = dm_cli_parse ("derive-line", _ ("CONTROL"),
                           _ ("Derives the contact line from a polygon of held territory (a tracker’s "
                              "control-of-territory snapshot): the stretches of its edge that meet the "
                              "rest of its country, without those along the state border or the coast, "
                              "oriented so that the held territory is side B (right of the line’s "
                              "direction).  Prints what was left out."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("derive-line", _ ("expected one CONTROL file"));
  if (output == NULL)
    return dm_cli_usage_error ("derive-line", _ ("say where to write the line with -o OUT"));
  if ((tolerance_str != NULL && !dm_parse_distance (tolerance_str, DM_LENGTH_KM, &options.tolerance_m, &error)) ||
      (min_length_str != NULL && !dm_parse_distance (min_length_str, DM_LENGTH_KM, &options.min_length_m, &error)))
    return dm_cli_fail (error);
  options.country = country_name;

  if (!dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);
  if ((doc = dm_scenario_load_full (argv[1], &options, &report, NULL, NULL, NULL, &error)) == NULL)
    return dm_cli_fail (error);
  if (report == NULL || (line = dm_document_get_contact_line (doc)) == NULL)
    {
      g_autofree char *base = g_path_get_basename (argv[1]);

      g_set_error (&error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _ ("“%s” is not a polygon of held territory: it holds lines or features with roles. "
                      "Open it as it is (analyse, export), or give a file with polygons alone."),
                   base);
      return dm_cli_fail (error);
    }

  length_str = g_strdup_printf ("%.3f", report->length_m);
  props = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (props, (char *) "name", (char *) dm_feature_get_name (line));
  g_hash_table_insert (props, (char *) "role", (char *) "contact_line");
  g_hash_table_insert (props, (char *) "side_a",
                       side_a != NULL ? side_a : (char *) dm_document_get_side_name (doc, DM_SIDE_A));
  g_hash_table_insert (props, (char *) "side_b",
                       side_b != NULL ? side_b : (char *) dm_document_get_side_name (doc, DM_SIDE_B));
  g_hash_table_insert (props, (char *) "length_m", length_str);
  g_hash_table_insert (props, (char *) "method", (char *) dm_feature_get_property (line, "method"));
  g_hash_table_insert (props, (char *) "derived_from", (char *) dm_feature_get_property (line, "derived_from"));

  if (!dm_export_geometry (dm_feature_get_geometry (line), props, "contact_line", output, &error))
    return dm_cli_fail (error);

  described = dm_derive_report_describe (report, DM_LENGTH_KM);
  printf (_ ("Wrote %s (%u vertices). %s\n"), output, dm_geometry_get_n_points (dm_feature_get_geometry (line)),
          described);
  return 0;
}
