/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dm-cli.h"
#include "dm-engine.h"
#include "dm-figures.h"
#include "dm-geodesy.h"
#include "dm-scenario.h"

int
dm_cli_parse (const char *command,
              const char *parameter_string,
              const char *summary,
              GOptionEntry *entries,
              GOptionEntry *extra,
              int *argc,
              char ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *params = g_strdup_printf ("%s %s", command, parameter_string);

  context = g_option_context_new (params);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "demarcate-cli %s: %s\n", command, error->message);
      return DM_CLI_EXIT_USAGE;
    }
  return -1;
}

int
dm_cli_fail (const GError *error)
{
  /* One line a person can act on: the message says what and where. */
  fprintf (stderr, _ ("demarcate-cli: error: %s\n"), error->message);
  return DM_CLI_EXIT_FAILURE;
}

DmDocument *
dm_cli_load (const char *path, gboolean need_line, DmLengthUnit units, GError **error)
{
  g_autoptr (DmDeriveReport) derived = NULL;
  g_autoptr (DmDocument) doc = NULL;
  g_auto (GStrv) problems = NULL;

  if ((doc = dm_scenario_load_full (path, NULL, &derived, NULL, &problems, NULL, error)) == NULL)
    return NULL;
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* Translators: a project file, then what is wrong with it */
      fprintf (stderr, _ ("demarcate-cli: warning: “%s”: %s\n"), base, problems[i]);
    }
  if (derived != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *text = dm_derive_report_describe (derived, units);

      /* One line, on stderr: --json output stays one document.
       * Translators: “occupied.geojson” is a polygon of held territory: … */
      fprintf (stderr, _ ("“%s” is a polygon of held territory. %s\n"), base, text);
    }
  if (need_line && dm_document_get_contact_line (doc) == NULL)
    {
      g_autofree char *why = dm_scenario_explain_no_line (doc, path);

      g_set_error_literal (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID, why);
      return NULL;
    }
  /* A line of repeated points has no length and no sides: no figure of
   * it means anything. */
  if (need_line && !dm_geodesy_geometry_has_length (dm_feature_get_geometry (dm_document_get_contact_line (doc))))
    {
      const DmGeometry *g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *where = NULL;
      double lon, lat;

      dm_geometry_get_point (g, 0, &lon, &lat);
      where = dm_format_position (lat, lon, 4);
      /* Translators: a file's name, how many vertices its line has, and where they all lie */
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   ngettext ("The contact line of “%s” has no length: its %u vertex lies at %s",
                             "The contact line of “%s” has no length: its %u vertices all lie at %s",
                             dm_geometry_get_n_points (g)),
                   base, dm_geometry_get_n_points (g), where);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

int
dm_cli_usage_error (const char *command, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, _ ("demarcate-cli %s: %s (see “demarcate-cli %s --help”)\n"), command, msg, command);
  return DM_CLI_EXIT_USAGE;
}

gboolean
dm_cli_parse_length_unit (const char *command, const char *str, DmLengthUnit *unit, int *exit_code)
{
  if (str == NULL)
    return TRUE;
  if (!dm_length_unit_from_string (str, unit))
    {
      *exit_code = dm_cli_usage_error (command, _ ("unknown unit “%s”; use km, mi, nmi or m"), str);
      return FALSE;
    }
  return TRUE;
}

void
dm_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

void
dm_cli_json_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

void
dm_cli_json_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
dm_cli_json_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
dm_cli_add_zone_json (JsonBuilder *b, DmZoneFigures *z)
{
  json_builder_begin_object (b);
  dm_cli_json_string (b, "name", z->rule->name);
  dm_cli_json_string (b, "kind", dm_zone_kind_to_string (z->rule->kind));
  dm_cli_json_string (b, "type", dm_zone_rule_type_to_string (z->rule->type));
  if (z->rule->type == DM_ZONE_RULE_BOUNDARY_BAND)
    {
      dm_cli_json_string (b, "border", z->rule->boundary_name);
      dm_cli_json_string (b, "inside", z->rule->region_name);
      dm_cli_json_double (b, "distance_m", z->rule->distance_m);
    }
  dm_cli_json_double (b, "width_a_m", z->rule->width_a_m);
  dm_cli_json_double (b, "width_b_m", z->rule->width_b_m);
  dm_cli_json_string (b, "error", z->error);
  if (z->zone != NULL)
    {
      dm_cli_json_double (b, "area_m2", dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE));
      dm_cli_json_double (b, "area_a_m2", dm_zone_result_get_area_m2 (z->zone, DM_SIDE_A));
      dm_cli_json_double (b, "area_b_m2", dm_zone_result_get_area_m2 (z->zone, DM_SIDE_B));
    }
  if (z->countries != NULL)
    {
      /* A border band inside several countries: "area_by_country": {"UA": m², …} */
      json_builder_set_member_name (b, "area_by_country");
      json_builder_begin_object (b);
      for (guint c = 0; c < z->countries->len; c++)
        dm_cli_json_double (b, g_array_index (z->countries, DmRegionArea, c).code,
                            g_array_index (z->countries, DmRegionArea, c).area_m2);
      json_builder_end_object (b);
    }
  if (z->settlements != NULL)
    {
      json_builder_set_member_name (b, "settlements");
      json_builder_add_int_value (b, z->settlements->n_settlements);
      json_builder_set_member_name (b, "population");
      json_builder_add_int_value (b, z->settlements->population);
      json_builder_set_member_name (b, "largest_settlements");
      json_builder_begin_array (b);
      for (guint k = 0; k < MIN (10u, z->settlements->names->len); k++)
        json_builder_add_string_value (b, g_ptr_array_index (z->settlements->names, k));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

DmResults *
dm_cli_compute (const char *path,
                DmCliZoneOptions *zone_options,
                const char *region,
                const DmMonitoringRatio *ratio,
                DmLengthUnit units,
                DmDocument **document,
                GError **error)
{
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  DmResults *results;

  if ((doc = dm_cli_load (path, TRUE, units, error)) == NULL)
    return NULL;
  if (zone_options != NULL && !dm_cli_apply_zone_options (doc, zone_options, error))
    return NULL;

  engine = dm_engine_new (doc);
  if (ratio != NULL)
    dm_engine_set_monitoring_ratio (engine, ratio);
  if (region != NULL)
    dm_engine_set_territory_region (engine, region);
  if ((results = dm_engine_compute (engine, NULL, error)) == NULL)
    return NULL;
  *document = g_steal_pointer (&doc);
  return results;
}

void
dm_cli_print_figures (GPtrArray *figures)
{
  /* The rows as the window and the page word them (dm-figures.h): a
   * heading, then its rows indented, details under them. */
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (!(f->uses & DM_FIGURE_TEXT))
        continue;
      if (f->kind == DM_FIGURE_HEADING)
        printf ("%s\n", f->label);
      else if (f->kind == DM_FIGURE_ROW)
        /* Translators: a figure in the CLI's text: “Area: 8,857 km²” */
        printf (_ ("  %s: %s\n"), f->label, f->value);
      else
        printf ("  %s\n", f->label);
      if (f->detail != NULL)
        {
          g_auto (GStrv) lines = g_strsplit (f->detail, "\n", -1);

          for (guint k = 0; lines[k] != NULL; k++)
            printf ("    %s\n", lines[k]);
        }
    }
}

GOptionEntry *
dm_cli_entries_join (const GOptionEntry *a, const GOptionEntry *b)
{
  guint na = 0, nb = 0;
  GOptionEntry *all;

  while (a[na].long_name != NULL)
    na++;
  while (b[nb].long_name != NULL)
    nb++;
  all = g_new0 (GOptionEntry, na + nb + 1);
  memcpy (all, a, na * sizeof *a);
  memcpy (all + na, b, nb * sizeof *b);
  return all;
}
