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

static void
print_json (const char *zone_name, const DmMonitoringPlan *plan)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

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
  root = json_builder_get_root (b);
  dm_cli_print_json (root);
}

int
dm_cli_monitoring (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *zone_name = NULL;
  g_autofree char *sensor = NULL;
  g_autofree char *range_str = NULL;
  g_autofree char *spacing_str = NULL;
  g_autofree char *coverage_str = NULL;
  g_autofree char *units_str = NULL;
  int crew = DM_MONITORING_DEFAULT_CREW;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "zone", 'z', 0, G_OPTION_ARG_STRING, &zone_name, N_ ("The zone to watch, by name (default: the DMZ)"),
      N_ ("NAME") },
    { "sensor", 0, 0, G_OPTION_ARG_STRING, &sensor,
      N_ ("A kind of sensor and its range: camera (5 km), ground-radar (20 km) or drone (40 km)"), N_ ("TYPE") },
    { "sensor-range", 'r', 0, G_OPTION_ARG_STRING, &range_str, N_ ("The sensors’ range (default 10 km)"),
      N_ ("DISTANCE") },
    { "spacing", 's', 0, G_OPTION_ARG_STRING, &spacing_str,
      N_ ("Posts this far apart along each side (default: the sensors’ range)"), N_ ("DISTANCE") },
    { "coverage", 'c', 0, G_OPTION_ARG_STRING, &coverage_str,
      N_ ("Instead of a spacing: as few posts as keep this share of the zone in range, e.g. 95%"), N_ ("SHARE") },
    { "crew", 0, 0, G_OPTION_ARG_INT, &crew, N_ ("Observers a post (default 8)"), N_ ("N") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units_str, N_ ("km (default), mi, nmi or m"), N_ ("UNIT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write the posts and their sensors’ ranges to OUT (.geojson, .kml or .kmz)"), N_ ("OUT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document, values in metres and square metres"), NULL },
    { NULL }
  };
  DmMonitoringOptions options = DM_MONITORING_OPTIONS_INIT;
  DmLengthUnit units = DM_LENGTH_KM;
  DmFiguresStyle style = DM_FIGURES_STYLE_INIT;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (DmMonitoringPlan) plan = NULL;
  g_autoptr (GPtrArray) figures = NULL;
  g_autoptr (GError) error = NULL;
  DmZoneFigures *zone;
  int ret;

  if ((ret = dm_cli_parse ("monitoring", _ ("FILE"),
                           _ ("A monitoring plan for a zone along the contact line (the DMZ unless --zone says "
                              "otherwise): observation posts on each side’s edge of it, the share of the zone "
                              "within their sensors’ range, the stretches out of range, observers and patrols."),
                           entries, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("monitoring", _ ("expected one FILE"));
  if (!dm_cli_parse_length_unit ("monitoring", units_str, &units, &ret))
    return ret;
  if (spacing_str != NULL && coverage_str != NULL)
    return dm_cli_usage_error ("monitoring", _ ("give --spacing or --coverage, not both"));
  if (sensor != NULL)
    {
      const DmSensorType *type = dm_sensor_type_find (sensor);

      if (type == NULL)
        return dm_cli_usage_error ("monitoring", _ ("unknown sensor “%s”; use camera, ground-radar or drone"), sensor);
      options.range_m = type->range_m;
    }
  if (crew < 1 || crew > 1000)
    return dm_cli_usage_error ("monitoring", _ ("--crew takes 1 to 1,000 observers"));
  options.crew = (guint) crew;
  if ((range_str != NULL && !dm_parse_distance (range_str, DM_LENGTH_KM, &options.range_m, &error)) ||
      (spacing_str != NULL && !dm_parse_distance (spacing_str, DM_LENGTH_KM, &options.spacing_m, &error)))
    return dm_cli_fail (error);
  if (spacing_str == NULL)
    options.spacing_m = coverage_str != NULL ? 0 : options.range_m;
  if (spacing_str != NULL && options.spacing_m <= 0)
    return dm_cli_usage_error ("monitoring", _ ("--spacing needs a distance of 10 m or more"));
  if (coverage_str != NULL && !parse_share (coverage_str, &options.target))
    return dm_cli_usage_error ("monitoring", _ ("“%s” is not a share: write e.g. 95%% or 0.95"), coverage_str);
  if (output != NULL && !dm_write_check_not_source (argv[1], output, &error))
    return dm_cli_fail (error);

  if ((results = dm_cli_compute (argv[1], &zo, NULL, NULL, units, &doc, &error)) == NULL)
    return dm_cli_fail (error);
  if ((zone = find_zone (results, zone_name, &error)) == NULL)
    return dm_cli_fail (error);
  if (zone->zone == NULL)
    {
      g_set_error (&error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE, _ ("The zone “%s” could not be made: %s"),
                   zone->rule->name, zone->error != NULL ? zone->error : "");
      return dm_cli_fail (error);
    }
  plan = dm_monitoring_plan_new (dm_feature_get_geometry (dm_document_get_contact_line (doc)), zone->rule, zone->zone,
                                 &options, &error);
  if (plan == NULL)
    return dm_cli_fail (error);
  if (output != NULL && !dm_export_monitoring_plan (doc, zone->rule->name, plan, output, &error))
    return dm_cli_fail (error);
  if (json)
    {
      print_json (zone->rule->name, plan);
      return 0;
    }
  style.units = units;
  figures = dm_figures_build_monitoring_plan (doc, zone->rule->name, plan, &style);
  dm_cli_print_figures (figures);
  if (output != NULL)
    printf (_ ("Wrote %s.\n"), output);
  return 0;
}
