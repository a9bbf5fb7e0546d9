/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "dm-annex.h"
#include "dm-cli.h"
#include "dm-export.h"
#include "dm-fingerprint.h"

static void
add_point_json (JsonBuilder *b, const DmAnnexPoint *p)
{
  g_autofree char *mgrs = dm_annex_point_mgrs (p);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "part");
  json_builder_add_int_value (b, p->part);
  json_builder_set_member_name (b, "point");
  json_builder_add_int_value (b, p->number);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, p->lat);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, p->lon);
  json_builder_set_member_name (b, "mgrs");
  if (mgrs != NULL)
    json_builder_add_string_value (b, mgrs);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "distance_to_next_m");
  if (isfinite (p->distance_to_next_m))
    json_builder_add_double_value (b, p->distance_to_next_m);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "azimuth_to_next_deg");
  if (isfinite (p->azimuth_to_next_deg))
    json_builder_add_double_value (b, p->azimuth_to_next_deg);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
print_json (const DmAnnex *annex, const char *fingerprint)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *fp_short = dm_fingerprint_short (fingerprint);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tolerance_m");
  json_builder_add_double_value (b, annex->tolerance_m);
  json_builder_set_member_name (b, "max_deviation_m");
  json_builder_add_double_value (b, annex->max_deviation_m);
  json_builder_set_member_name (b, "parts");
  json_builder_add_int_value (b, annex->n_parts);
  json_builder_set_member_name (b, "drawn_vertices");
  json_builder_add_int_value (b, annex->n_drawn_vertices);
  json_builder_set_member_name (b, "length_m");
  json_builder_add_double_value (b, annex->length_m);
  json_builder_set_member_name (b, "drawn_length_m");
  json_builder_add_double_value (b, annex->drawn_length_m);
  json_builder_set_member_name (b, "line_fingerprint");
  json_builder_add_string_value (b, fp_short);
  json_builder_set_member_name (b, "line_fingerprint_sha256");
  json_builder_add_string_value (b, fingerprint);
  json_builder_set_member_name (b, "marker_spacing_m");
  json_builder_add_double_value (b, annex->marker_spacing_m);
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (guint i = 0; i < annex->points->len; i++)
    add_point_json (b, &g_array_index (annex->points, DmAnnexPoint, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "markers");
  json_builder_begin_array (b);
  for (guint i = 0; i < annex->markers->len; i++)
    add_point_json (b, &g_array_index (annex->markers, DmAnnexPoint, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  dm_cli_print_json (root);
}

/* The PDF: the map of the whole line with the numbered points, then the
 * tables, as render --annex prints them. */
static gboolean
write_annex (const char *input, DmAnnex *annex, const char *output, DmLengthUnit units, GError **error)
{
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (DmPrintLayout) layout = NULL;
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *lower = g_ascii_strdown (output, -1);

  if (!g_str_has_suffix (lower, ".pdf"))
    return dm_export_annex (annex, output, error);
  if ((results = dm_cli_compute (input, &zo, NULL, NULL, units, &doc, error)) == NULL)
    return FALSE;
  layout = dm_cli_new_layout (doc, results, units);
  dm_print_layout_set_annex (layout, TRUE, annex->tolerance_m, annex->marker_spacing_m);
  return dm_print_layout_export (layout, output, 150, error);
}

int
dm_cli_annex (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *tolerance_str = NULL;
  g_autofree char *markers_str = NULL;
  g_autofree char *units_str = NULL;
  g_autofree char *tolerance_help = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write the annex to OUT: .csv (the points; markers beside it in NAME-markers.csv), .geojson, .kml or "
          ".kmz (the points), .pdf (the map and the tables)"),
      N_ ("OUT") },
    { "tolerance", 't', 0, G_OPTION_ARG_STRING, &tolerance_str, NULL, N_ ("DISTANCE") },
    { "markers", 'm', 0, G_OPTION_ARG_STRING, &markers_str,
      N_ ("Numbered markers for marking the ground, this far apart along the line (default: none)"), N_ ("DISTANCE") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units_str, N_ ("Lengths in km (default) or mi"), N_ ("UNIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("The annex as one JSON document on standard output"), NULL },
    { NULL }
  };
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmAnnex) annex = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fp_short = NULL;
  g_autofree char *described = NULL;
  double tolerance_m = DM_ANNEX_DEFAULT_TOLERANCE_M, spacing_m = 0.0;
  DmLengthUnit units = DM_LENGTH_KM;
  DmFeature *line;
  int ret;

  {
    g_autofree char *tol = dm_format_length_setting (DM_ANNEX_DEFAULT_TOLERANCE_M, DM_LENGTH_KM);

    /* Translators: %s is a distance */
    entries[1].description = tolerance_help =
      g_strdup_printf (_ ("How far the drawn line may be from the geodesics joining the turning points (default %s)"),
                       tol);
  }
  if ((ret = dm_cli_parse ("annex", _ ("FILE"),
                           _ ("The contact line as a treaty annex gives it: numbered turning points (latitude and "
                              "longitude in decimal degrees and in degrees, minutes and seconds, MGRS, the geodesic "
                              "distance and azimuth to the next point), optionally markers along it, and the "
                              "fingerprint of the line through the points.  Without -o, the CSV on standard output."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("annex", _ ("expected one FILE"));
  if (units_str != NULL && !dm_cli_parse_length_unit ("annex", units_str, &units, &ret))
    return ret;
  if ((tolerance_str != NULL && !dm_parse_distance (tolerance_str, DM_LENGTH_KM, &tolerance_m, &error)) ||
      (markers_str != NULL && !dm_parse_distance (markers_str, DM_LENGTH_KM, &spacing_m, &error)))
    return dm_cli_fail (error);
  if (markers_str != NULL && spacing_m <= 0.0)
    {
      g_autofree char *min = dm_format_length_setting (DM_ANNEX_MIN_MARKER_SPACING_M, DM_LENGTH_KM);

      return dm_cli_usage_error ("annex", _ ("--markers needs a distance of %s or more"), min);
    }
  if (output != NULL && !dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);
  if ((doc = dm_cli_load (argv[1], TRUE, units, &error)) == NULL)
    return dm_cli_fail (error);
  line = dm_document_get_contact_line (doc);
  if ((annex = dm_annex_new (dm_feature_get_geometry (line), tolerance_m, spacing_m, &error)) == NULL)
    return dm_cli_fail (error);
  fingerprint = dm_fingerprint_line (annex->line);
  fp_short = dm_fingerprint_short (fingerprint);

  if (output == NULL && !json)
    {
      g_autofree char *csv = dm_annex_csv (annex->points);

      fputs (csv, stdout);
      return 0;
    }
  if (output != NULL && !write_annex (argv[1], annex, output, units, &error))
    return dm_cli_fail (error);
  if (json)
    {
      print_json (annex, fingerprint);
      return 0;
    }
  described = dm_annex_describe (annex, units);
  /* Translators: “Wrote annex.csv: 1,234 turning points … Line fingerprint: a1b2-c3d4-e5f6.” */
  printf (_ ("Wrote %s: %s Line fingerprint: %s.\n"), output, described, fp_short);
  if (annex->markers->len > 0 && g_str_has_suffix (output, ".csv"))
    {
      g_autofree char *markers_path = dm_export_annex_markers_path (output);

      printf (_ ("Wrote the markers to %s.\n"), markers_path);
    }
  return 0;
}
