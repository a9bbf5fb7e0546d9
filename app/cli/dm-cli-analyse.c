/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-engine.h"
#include "dm-figures.h"
#include "dm-scenario.h"

static void
print_json (DmDocument *doc, DmResults *r, const char *plan_zone, const DmMonitoringPlan *plan)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sides");
  json_builder_begin_object (b);
  dm_cli_json_string (b, "A", dm_document_get_side_name (doc, DM_SIDE_A));
  dm_cli_json_string (b, "B", dm_document_get_side_name (doc, DM_SIDE_B));
  json_builder_end_object (b);
  dm_cli_json_double (b, "line_length_m", r->line_length_m);
  json_builder_set_member_name (b, "line_vertices");
  json_builder_add_int_value (b, r->line_vertices);

  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (r->zones, i);

      dm_cli_add_zone_json (b, z);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "territory");
  if (r->territory != NULL)
    {
      const DmTerritory *t = r->territory;

      json_builder_begin_object (b);
      dm_cli_json_string (b, "region", t->region_name);
      dm_cli_json_double (b, "area_m2", t->area_m2);
      dm_cli_json_double (b, "area_a_m2", t->area_m2_side[0]);
      dm_cli_json_double (b, "area_b_m2", t->area_m2_side[1]);
      dm_cli_json_double (b, "share_a", t->share_side[0]);
      dm_cli_json_double (b, "share_b", t->share_side[1]);
      dm_cli_json_double (b, "after_swaps_area_a_m2", t->after_swaps_m2_side[0]);
      dm_cli_json_double (b, "after_swaps_area_b_m2", t->after_swaps_m2_side[1]);
      dm_cli_json_double (b, "after_swaps_share_a", t->after_swaps_share_side[0]);
      dm_cli_json_double (b, "after_swaps_share_b", t->after_swaps_share_side[1]);
      if (t->has_population)
        {
          /* The basemap's settlements on each side and their people. */
          dm_cli_json_int (b, "settlements_a", t->settlements_side[0]);
          dm_cli_json_int (b, "settlements_b", t->settlements_side[1]);
          dm_cli_json_int (b, "population_a", t->population_side[0]);
          dm_cli_json_int (b, "population_b", t->population_side[1]);
          dm_cli_json_int (b, "after_swaps_population_a", t->after_swaps_population_side[0]);
          dm_cli_json_int (b, "after_swaps_population_b", t->after_swaps_population_side[1]);
        }
      json_builder_set_member_name (b, "regions");
      json_builder_begin_array (b);
      for (guint i = 0; t->regions != NULL && i < t->regions->len; i++)
        {
          const DmTerritoryRegion *tr = g_ptr_array_index (t->regions, i);

          json_builder_begin_object (b);
          dm_cli_json_string (b, "code", tr->code);
          dm_cli_json_string (b, "name", tr->name);
          dm_cli_json_double (b, "area_m2", tr->area_m2);
          dm_cli_json_double (b, "area_a_m2", tr->area_m2_side[0]);
          dm_cli_json_double (b, "area_b_m2", tr->area_m2_side[1]);
          dm_cli_json_double (b, "share_a", tr->share_side[0]);
          dm_cli_json_double (b, "share_b", tr->share_side[1]);
          if (t->has_population)
            {
              dm_cli_json_int (b, "population_a", tr->population_side[0]);
              dm_cli_json_int (b, "population_b", tr->population_side[1]);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  else
    {
      json_builder_begin_object (b);
      dm_cli_json_string (b, "error", r->territory_error);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "swaps");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->swaps->len; i++)
    {
      const DmSwapFigures *f = g_ptr_array_index (r->swaps, i);

      json_builder_begin_object (b);
      dm_cli_json_string (b, "name", f->name);
      dm_cli_json_double (b, "area_m2", f->area_m2);
      dm_cli_json_string (b, "giver", dm_side_to_letter (f->giver));
      dm_cli_json_string (b, "receiver", dm_side_to_letter (f->receiver));
      json_builder_set_member_name (b, "inferred");
      json_builder_add_boolean_value (b, f->inferred);
      if (f->settlements != NULL)
        {
          /* Inside it, and changing hands (not already the receiver's). */
          dm_cli_json_int (b, "settlements", f->settlements->n_settlements);
          dm_cli_json_int (b, "population", f->settlements->population);
          dm_cli_json_int (b, "settlements_moved", f->moved_settlements);
          dm_cli_json_int (b, "population_moved", f->moved_population);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "balance");
  json_builder_begin_object (b);
  dm_cli_json_double (b, "a_gives_m2", r->balance.gives_m2[0]);
  dm_cli_json_double (b, "a_gets_m2", r->balance.gets_m2[0]);
  dm_cli_json_double (b, "a_net_m2", r->balance.net_m2[0]);
  dm_cli_json_double (b, "b_gives_m2", r->balance.gives_m2[1]);
  dm_cli_json_double (b, "b_gets_m2", r->balance.gets_m2[1]);
  dm_cli_json_double (b, "b_net_m2", r->balance.net_m2[1]);
  dm_cli_json_double (b, "ratio_a", r->balance.ratio_a);
  dm_cli_json_int (b, "a_people_gives", r->balance.people_gives[0]);
  dm_cli_json_int (b, "a_people_gets", r->balance.people_gets[0]);
  dm_cli_json_int (b, "a_people_net", r->balance.people_net[0]);
  dm_cli_json_int (b, "b_people_gives", r->balance.people_gives[1]);
  dm_cli_json_int (b, "b_people_gets", r->balance.people_gets[1]);
  dm_cli_json_int (b, "b_people_net", r->balance.people_net[1]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const DmWarning *w = g_ptr_array_index (r->warnings, i);
      static const char *const kinds[] = { "settlement-cut", "swap-overlap", "self-intersection",
                                           "zone-crosses-border" };

      json_builder_begin_object (b);
      dm_cli_json_string (b, "kind", w->kind < G_N_ELEMENTS (kinds) ? kinds[w->kind] : "other");
      dm_cli_json_double (b, "lon", w->lon);
      dm_cli_json_double (b, "lat", w->lat);
      dm_cli_json_string (b, "message", w->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "monitoring");
  json_builder_begin_object (b);
  dm_cli_json_double (b, "observers", r->observers);
  dm_cli_json_double (b, "patrols_per_day", r->patrols_per_day);
  dm_cli_json_double (b, "reference_observers", r->monitoring_ratio.observers);
  dm_cli_json_double (b, "reference_patrols_per_day", r->monitoring_ratio.patrols_per_day);
  dm_cli_json_double (b, "reference_line_length_m", r->monitoring_ratio.line_length_m);
  json_builder_end_object (b);
  if (plan != NULL)
    {
      json_builder_set_member_name (b, "monitoring_plan");
      dm_cli_add_plan_json (b, plan_zone, plan);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  dm_cli_print_json (root);
}

static void
print_text (DmDocument *doc, DmResults *r, DmLengthUnit lu, const char *plan_zone, const DmMonitoringPlan *plan)
{
  DmFiguresStyle style = { lu, FALSE, FALSE };
  g_autoptr (GPtrArray) figures = dm_figures_build (doc, r, &style);

  dm_cli_print_figures (figures);
  if (plan != NULL)
    {
      g_autoptr (GPtrArray) plan_figures = dm_figures_build_monitoring_plan (doc, plan_zone, plan, &style);

      dm_cli_print_figures (plan_figures);
    }

  if (r->warnings->len > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u warning:\n", "%u warnings:\n", r->warnings->len), r->warnings->len);
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const DmWarning *w = g_ptr_array_index (r->warnings, i);

      printf ("  %s (%.4f, %.4f)\n", w->message, w->lat, w->lon);
    }
}

int
dm_cli_analyse (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *units = NULL;
  g_autofree char *region = NULL;
  g_autofree char *monitoring = NULL;
  gboolean json = FALSE, with_plan = FALSE;
  GOptionEntry entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &region,
      N_ ("Region to split as territory (default: side A’s country), e.g. UA or UA-14"), N_ ("REGION") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units, N_ ("km (default), mi, nmi or m"), N_ ("UNIT") },
    { "monitoring", 0, 0, G_OPTION_ARG_STRING, &monitoring,
      N_ ("Reference mission as OBSERVERS,PATROLS_PER_DAY,LINE_LENGTH (default UNIIMOG: 400,64,900mi)"), N_ ("RATIO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document, values in metres and square metres"), NULL },
    { "plan", 0, 0, G_OPTION_ARG_NONE, &with_plan,
      N_ ("Add a monitoring plan (as the monitoring command makes it, with its options)"), NULL },
    { NULL }
  };
  g_auto (DmCliPlanOptions) po = { 0 };
  g_autofree GOptionEntry *all = dm_cli_entries_join (entries, dm_cli_plan_option_entries (&po));
  g_autoptr (DmMonitoringPlan) plan = NULL;
  DmMonitoringOptions plan_options;
  const char *plan_zone = NULL;
  DmMonitoringRatio ratio = DM_MONITORING_UNIIMOG;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (GError) error = NULL;
  DmLengthUnit lu = DM_LENGTH_KM;
  int ret;

  if ((ret = dm_cli_parse ("analyse", _ ("FILE"),
                           _ ("Every figure for the contact line of FILE: line length, each zone’s "
                              "area in total and per side with the settlements inside, territory "
                              "per side and share, land swaps and their balance, and the monitoring "
                              "estimate."),
                           all, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("analyse", _ ("expected one FILE"));
  if (!dm_cli_plan_options_parse ("analyse", &po, &plan_options, &ret))
    return ret;
  if (!dm_cli_parse_length_unit ("analyse", units, &lu, &ret))
    return ret;

  if (monitoring != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (monitoring, ",", 3);
      char *end = NULL;

      if (g_strv_length (parts) != 3 || (ratio.observers = g_ascii_strtod (parts[0], &end)) <= 0 || *end != '\0' ||
          (ratio.patrols_per_day = g_ascii_strtod (parts[1], &end)) < 0 || *end != '\0' ||
          !dm_parse_distance (parts[2], DM_LENGTH_MI, &ratio.line_length_m, NULL) || ratio.line_length_m <= 0)
        return dm_cli_usage_error ("analyse",
                                   _ ("“%s” is not a monitoring ratio: write OBSERVERS,PATROLS_PER_DAY,LENGTH, for "
                                      "example “400,64,900mi”"),
                                   monitoring);
    }

  if ((results = dm_cli_compute (argv[1], &zo, region, &ratio, lu, &doc, &error)) == NULL)
    return dm_cli_fail (error);
  if (with_plan &&
      (plan = dm_cli_make_plan (doc, results, po.zone, &plan_options, po.place, &plan_zone, &error)) == NULL)
    return dm_cli_fail (error);

  if (json)
    print_json (doc, results, plan_zone, plan);
  else
    print_text (doc, results, lu, plan_zone, plan);
  return 0;
}
