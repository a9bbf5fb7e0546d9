/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-write.h"
#include "dm-export.h"
#include "dm-fingerprint.h"
#include "dm-scenario.h"

/* The proposal named @name (the active one when NULL). */
static gboolean
find_proposal (DmDocument *doc, const char *name, const char *path, guint *index, GError **error)
{
  g_autoptr (GString) names = NULL;

  if (name == NULL)
    {
      *index = dm_document_get_active_proposal (doc);
      return TRUE;
    }
  names = g_string_new (NULL);
  for (guint p = 0; p < dm_document_get_n_proposals (doc); p++)
    {
      if (g_strcmp0 (dm_document_get_proposal_name (doc, p), name) == 0)
        {
          *index = p;
          return TRUE;
        }
      g_string_append_printf (names, "%s“%s”", p > 0 ? ", " : "", dm_document_get_proposal_name (doc, p));
    }
  g_set_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID, _ ("“%s” has no proposal named “%s”; it has %s"), path,
               name, names->str);
  return FALSE;
}

int
dm_cli_export (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *proposal = NULL;
  g_autofree char *units = NULL;
  g_autofree char *csv_style = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write to OUT: .geojson, .kml, .kmz, .gpkg (a project file) or .csv (the figures)"), N_ ("OUT") },
    { "proposal", 'p', 0, G_OPTION_ARG_STRING, &proposal, N_ ("The proposal to export (default: the active one)"),
      N_ ("NAME") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units,
      N_ ("Units of the figures in KML descriptions and the CSV: km (default), mi, nmi or m"), N_ ("UNIT") },
    { "csv-style", 0, 0, G_OPTION_ARG_STRING, &csv_style, CSV_STYLE_HELP, N_ ("STYLE") },
    { NULL }
  };
  DmExportOptions options = DM_EXPORT_OPTIONS_INIT;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fp_short = NULL;
  guint index;
  int ret;

  if ((ret = dm_cli_parse ("export", _ ("FILE"),
                           _ ("Exports a proposal of FILE (geodata or a Demarcate project) for partners: "
                              "GeoJSON per RFC 7946, KML or KMZ with the colours of the screen, a "
                              "GeoPackage project, or a CSV of the figures. Every export carries the "
                              "proposal’s fingerprint. Zone options replace the file’s zone rules."),
                           entries, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("export", _ ("expected one FILE"));
  if (output == NULL)
    return dm_cli_usage_error ("export", _ ("say where to write with -o OUT"));
  if (!dm_export_format_for_path (output, NULL))
    return dm_cli_usage_error ("export",
                               _ ("cannot tell the format of “%s”: end it with .geojson, .kml, .kmz, .gpkg or .csv"),
                               output);
  if (!dm_cli_parse_length_unit ("export", units, &options.units, &ret))
    return ret;
  if (csv_style != NULL && !dm_csv_style_from_string (csv_style, &options.csv_style))
    return dm_cli_usage_error ("export", CSV_STYLE_ERROR, csv_style);

  if (!dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);
  if ((doc = dm_cli_load (argv[1], TRUE, options.units, &error)) == NULL)
    return dm_cli_fail (error);
  if (!dm_cli_apply_zone_options (doc, &zo, &error))
    return dm_cli_fail (error);
  if (!find_proposal (doc, proposal, argv[1], &index, &error))
    return dm_cli_fail (error);
  if (!dm_export_document (doc, NULL, index, output, &options, &error))
    return dm_cli_fail (error);

  fingerprint = dm_fingerprint_compute (doc, index);
  fp_short = dm_fingerprint_short (fingerprint);
  /* Translators: “Wrote out.kml (proposal “Proposal 1”, fingerprint a1b2-c3d4-e5f6)” */
  printf (_ ("Wrote %s (proposal “%s”, fingerprint %s)\n"), output, dm_document_get_proposal_name (doc, index),
          fp_short);
  return 0;
}

int
dm_cli_fingerprint (int argc, char **argv)
{
  g_autofree char *proposal = NULL;
  gboolean full = FALSE, canonical = FALSE, json = FALSE, line_only = FALSE;
  GOptionEntry entries[] = {
    { "line", 0, 0, G_OPTION_ARG_NONE, &line_only,
      N_ ("The fingerprint of the contact line alone (what a treaty annex prints), whatever the sides, swaps and "
          "zones"),
      NULL },
    { "proposal", 'p', 0, G_OPTION_ARG_STRING, &proposal, N_ ("The proposal (default: the active one)"), N_ ("NAME") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_ ("Print the whole SHA-256, not the short form"), NULL },
    { "canonical", 0, 0, G_OPTION_ARG_NONE, &canonical,
      N_ ("Print the canonical text the fingerprint is computed over"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document"), NULL },
    { NULL }
  };
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fp_short = NULL;
  guint index;
  int ret;

  if ((ret = dm_cli_parse ("fingerprint", _ ("FILE"),
                           _ ("The fingerprint of a proposal of FILE (geodata, an export or a Demarcate "
                              "project): a SHA-256 over its contact line, land swaps and zone rules, "
                              "coordinates rounded to 7 decimals. Two parties with the same fingerprint "
                              "look at the same proposal."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("fingerprint", _ ("expected one FILE"));

  if ((doc = dm_cli_load (argv[1], line_only, DM_LENGTH_KM, &error)) == NULL)
    return dm_cli_fail (error);
  if (!find_proposal (doc, proposal, argv[1], &index, &error))
    return dm_cli_fail (error);

  if (line_only)
    {
      /* dm_cli_load() said why there is none. */
      fingerprint = dm_fingerprint_line (dm_feature_get_geometry (dm_document_get_contact_line (doc)));
    }
  else if (canonical)
    {
      g_autofree char *text = dm_fingerprint_canonical_form (doc, index);

      fputs (text, stdout);
      return 0;
    }
  else
    fingerprint = dm_fingerprint_compute (doc, index);
  fp_short = dm_fingerprint_short (fingerprint);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "proposal");
      json_builder_add_string_value (b, dm_document_get_proposal_name (doc, index));
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, fp_short);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, fingerprint);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      return 0;
    }
  printf ("%s\n", full ? fingerprint : fp_short);
  return 0;
}
