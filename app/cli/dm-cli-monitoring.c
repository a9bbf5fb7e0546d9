/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm-cli.h"
#include "dm-export.h"
#include "dm-figures.h"
#include "dm-monitoring.h"

/* "95%", "95 %" or "0.95": a share. */
static gboolean
parse_share (const char *text, double *share)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  gboolean percent = len > 0 && copy[len - 1] == '%';
  char *end = NULL;

  if (percent)
    copy[len - 1] = '\0';
  g_strstrip (copy);
  *share = g_ascii_strtod (copy, &end);
  if (copy[0] == '\0' || end == NULL || *end != '\0' || !isfinite (*share))
    return FALSE;
  if (percent || *share > 1)
    *share /= 100.0;
  return TRUE;
}

/* The zone named @name, or the first demilitarised zone (then the first
 * band along the line) when @name is NULL. */
static DmZoneFigures *
find_zone (DmResults *r, const char *name, GError **error)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; r->zones != NULL && i < r->zones->len; i++)
      {
        DmZoneFigures *z = g_ptr_array_index (r->zones, i);
        gboolean match = name != NULL ? pass == 0 && g_strcmp0 (z->rule->name, name) == 0
                         : pass == 1  ? z->rule->kind == DM_ZONE_DEMILITARISED
                         : pass == 2  ? z->rule->type == DM_ZONE_RULE_LINE_BAND
                                      : FALSE;

        if (match)
          return z;
      }
  for (guint i = 0; r->zones != NULL && i < r->zones->len; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            ((DmZoneFigures *) g_ptr_array_index (r->zones, i))->rule->name);
  if (name != NULL)
    g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE, _ ("There is no zone “%s”. The zones are: %s."),
                 name, names->len > 0 ? names->str : _ ("none"));
  else
    g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE,
                 _ ("There is no zone along the contact line to watch: add a DMZ (--dmz 5mi)."));
  return NULL;
}

void
dm_cli_add_plan_json (JsonBuilder *b, const char *zone_name, const DmMonitoringPlan *plan)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "zone");
  json_builder_add_string_value (b, zone_name);
  dm_cli_json_double (b, "sensor_range_m", plan->options.range_m);
  dm_cli_json_double (b, "spacing_m", plan->spacing_m);
  json_builder_set_member_name (b, "crew");
  json_builder_add_int_value (b, plan->options.crew);
  json_builder_set_member_name (b, "posts");
  json_builder_begin_array (b);
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);

      json_builder_begin_object (b);
      dm_cli_json_double (b, "lon", p->lon);
      dm_cli_json_double (b, "lat", p->lat);
      json_builder_set_member_name (b, "side");
      json_builder_add_string_value (b, p->side == DM_SIDE_A ? "A" : "B");
      json_builder_set_member_name (b, "part");
      json_builder_add_int_value (b, p->part + 1);
      dm_cli_json_double (b, "along_m", p->along_m);
      dm_cli_json_double (b, "range_m", p->range_m > 0 ? p->range_m : plan->options.range_m);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "posts_a");
  json_builder_add_int_value (b, plan->n_posts[0]);
  json_builder_set_member_name (b, "posts_b");
  json_builder_add_int_value (b, plan->n_posts[1]);
  dm_cli_json_double (b, "coverage", plan->coverage);
  dm_cli_json_double (b, "zone_area_m2", plan->zone_area_m2);
  dm_cli_json_double (b, "covered_m2", plan->covered_m2);
  json_builder_set_member_name (b, "uncovered");
  json_builder_begin_array (b);
  for (guint i = 0; i < plan->uncovered->len; i++)
    {
      const DmUncoveredStretch *u = &g_array_index (plan->uncovered, DmUncoveredStretch, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "side");
      json_builder_add_string_value (b, u->side == DM_SIDE_A ? "A" : "B");
      json_builder_set_member_name (b, "part");
      json_builder_add_int_value (b, u->part + 1);
      dm_cli_json_double (b, "from_m", u->from_m);
      dm_cli_json_double (b, "to_m", u->to_m);
      dm_cli_json_double (b, "length_m", u->to_m - u->from_m);
      dm_cli_json_double (b, "lon", u->lon);
      dm_cli_json_double (b, "lat", u->lat);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  dm_cli_json_double (b, "uncovered_m", plan->uncovered_m);
  dm_cli_json_double (b, "observers", plan->observers);
  dm_cli_json_double (b, "patrols_per_day", plan->patrols_per_day);
  dm_cli_json_double (b, "uniimog_observers", plan->uniimog_observers);
  dm_cli_json_double (b, "uniimog_patrols_per_day", plan->uniimog_patrols_per_day);
  dm_cli_json_double (b, "line_length_m", plan->line_length_m);
  json_builder_end_object (b);
}

void
dm_cli_plan_options_clear (DmCliPlanOptions *o)
{
  g_clear_pointer (&o->zone, g_free);
  g_clear_pointer (&o->sensor, g_free);
  g_clear_pointer (&o->range, g_free);
  g_clear_pointer (&o->spacing, g_free);
  g_clear_pointer (&o->coverage, g_free);
}

GOptionEntry *
dm_cli_plan_option_entries (DmCliPlanOptions *o)
{
  static GOptionEntry entries[7];
  const GOptionEntry model[] = {
    { "zone", 'z', 0, G_OPTION_ARG_STRING, &o->zone, N_ ("The zone to watch, by name (default: the DMZ)"),
      N_ ("NAME") },
    { "sensor", 0, 0, G_OPTION_ARG_STRING, &o->sensor,
      N_ ("A kind of sensor and its range: camera (5 km), ground-radar (20 km) or drone (40 km)"), N_ ("TYPE") },
    { "sensor-range", 0, 0, G_OPTION_ARG_STRING, &o->range, N_ ("The sensors’ range (default 10 km)"),
      N_ ("DISTANCE") },
    { "spacing", 0, 0, G_OPTION_ARG_STRING, &o->spacing,
      N_ ("Posts placed this far apart along each side (default: the file’s observation posts if it has "
          "some, else the sensors’ range)"),
      N_ ("DISTANCE") },
    { "coverage", 0, 0, G_OPTION_ARG_STRING, &o->coverage,
      N_ ("Instead of a spacing: as few posts as keep this share of the zone in range, e.g. 95%"), N_ ("SHARE") },
    { "crew", 0, 0, G_OPTION_ARG_INT, &o->crew, N_ ("Observers a post (default 8)"), N_ ("N") },
    { NULL }
  };

  if (o->crew == 0)
    o->crew = DM_MONITORING_DEFAULT_CREW;
  memcpy (entries, model, sizeof model);
  return entries;
}

gboolean
dm_cli_plan_options_parse (const char *command, DmCliPlanOptions *o, DmMonitoringOptions *out, int *exit_code)
{
  g_autoptr (GError) error = NULL;
  DmMonitoringOptions options = DM_MONITORING_OPTIONS_INIT;

  if (o->spacing != NULL && o->coverage != NULL)
    {
      *exit_code = dm_cli_usage_error (command, _ ("give --spacing or --coverage, not both"));
      return FALSE;
    }
  if (o->sensor != NULL)
    {
      const DmSensorType *type = dm_sensor_type_find (o->sensor);

      if (type == NULL)
        {
          *exit_code =
            dm_cli_usage_error (command, _ ("unknown sensor “%s”; use camera, ground-radar or drone"), o->sensor);
          return FALSE;
        }
      options.range_m = type->range_m;
    }
  if (o->crew < 1 || o->crew > 1000)
    {
      *exit_code = dm_cli_usage_error (command, _ ("--crew takes 1 to 1,000 observers"));
      return FALSE;
    }
  options.crew = (guint) o->crew;
  if ((o->range != NULL && !dm_parse_distance (o->range, DM_LENGTH_KM, &options.range_m, &error)) ||
      (o->spacing != NULL && !dm_parse_distance (o->spacing, DM_LENGTH_KM, &options.spacing_m, &error)))
    {
      *exit_code = dm_cli_fail (error);
      return FALSE;
    }
  if (o->spacing == NULL)
    options.spacing_m = o->coverage != NULL ? 0 : options.range_m;
  else if (options.spacing_m <= 0)
    {
      *exit_code = dm_cli_usage_error (command, _ ("--spacing needs a distance of 10 m or more"));
      return FALSE;
    }
  if (o->coverage != NULL && !parse_share (o->coverage, &options.target))
    {
      *exit_code = dm_cli_usage_error (command, _ ("“%s” is not a share: write e.g. 95%% or 0.95"), o->coverage);
      return FALSE;
    }
  o->place = o->spacing != NULL || o->coverage != NULL;
  *out = options;
  return TRUE;
}

DmMonitoringPlan *
dm_cli_make_plan (DmDocument *doc,
                  DmResults *results,
                  const char *zone_name,
                  const DmMonitoringOptions *options,
                  gboolean place,
                  const char **zone_used,
                  GError **error)
{
  DmZoneFigures *zone = find_zone (results, zone_name, error);
  const DmGeometry *line;
  g_autoptr (GArray) posts = NULL;
  DmMonitoringPlan *plan;

  if (zone == NULL)
    return NULL;
  if (zone->zone == NULL)
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE, _ ("The zone “%s” could not be made: %s"),
                   zone->rule->name, zone->error != NULL ? zone->error : "");
      return NULL;
    }
  *zone_used = zone->rule->name;
  line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  posts = dm_monitoring_document_posts (doc);
  if (posts->len > 0 && !place)
    return dm_monitoring_plan_new_for_posts (line, zone->rule, zone->zone, options, (const DmPost *) posts->data,
                                             posts->len, error);
  if ((plan = dm_monitoring_plan_new (line, zone->rule, zone->zone, options, error)) != NULL)
    dm_monitoring_place_posts (doc, plan);
  return plan;
}

int
dm_cli_monitoring (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_auto (DmCliPlanOptions) po = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *units_str = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units_str, N_ ("km (default), mi, nmi or m"), N_ ("UNIT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write the posts and their sensors’ ranges to OUT (.geojson, .kml or .kmz)"), N_ ("OUT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document, values in metres and square metres"), NULL },
    { NULL }
  };
  g_autofree GOptionEntry *all = dm_cli_entries_join (entries, dm_cli_plan_option_entries (&po));
  DmMonitoringOptions options;
  DmLengthUnit units = DM_LENGTH_KM;
  DmFiguresStyle style = DM_FIGURES_STYLE_INIT;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (DmMonitoringPlan) plan = NULL;
  g_autoptr (GPtrArray) figures = NULL;
  g_autoptr (GError) error = NULL;
  const char *zone_name = NULL;
  int ret;

  if ((ret = dm_cli_parse ("monitoring", _ ("FILE"),
                           _ ("A monitoring plan for a zone along the contact line (the DMZ unless --zone says "
                              "otherwise): observation posts on each side’s edge of it, the share of the zone "
                              "within their sensors’ range, the stretches out of range, observers and patrols."),
                           all, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("monitoring", _ ("expected one FILE"));
  if (!dm_cli_parse_length_unit ("monitoring", units_str, &units, &ret) ||
      !dm_cli_plan_options_parse ("monitoring", &po, &options, &ret))
    return ret;
  if (output != NULL && !dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);

  if ((results = dm_cli_compute (argv[1], &zo, NULL, NULL, units, &doc, &error)) == NULL ||
      (plan = dm_cli_make_plan (doc, results, po.zone, &options, po.place, &zone_name, &error)) == NULL)
    return dm_cli_fail (error);
  if (output != NULL && !dm_export_monitoring_plan (doc, zone_name, plan, output, &error))
    return dm_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      dm_cli_add_plan_json (b, zone_name, plan);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      return 0;
    }
  style.units = units;
  figures = dm_figures_build_monitoring_plan (doc, zone_name, plan, &style);
  dm_cli_print_figures (figures);
  if (output != NULL)
    printf (_ ("Wrote %s.\n"), output);
  return 0;
}
