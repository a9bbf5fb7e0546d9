/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dm-basemap.h"
#include "dm-cli.h"
#include "dm-compare.h"
#include "dm-engine.h"
#include "dm-scenario.h"

typedef struct {
  DmDocument *doc;
  DmResults *results;
} Side;

static gboolean
load (const char  *path,
      const char  *region,
      Side        *out,
      GError     **error)
{
  g_autoptr(DmEngine) engine = NULL;

  if ((out->doc = dm_scenario_load (path, NULL, error)) == NULL)
    return FALSE;
  if (dm_document_get_contact_line (out->doc) == NULL)
    {
      g_set_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID,
                   _("“%s” holds no single contact line to compare"), path);
      return FALSE;
    }
  engine = dm_engine_new (out->doc);
  if (region != NULL)
    dm_engine_set_territory_region (engine, region);
  return (out->results = dm_engine_compute (engine, NULL, error)) != NULL;
}

static double
zone_area (DmResults *r,
           DmSide     side)
{
  DmZoneFigures *z = r->zones->len > 0 ? g_ptr_array_index (r->zones, 0) : NULL;

  return z != NULL && z->zone != NULL ? dm_zone_result_get_area_m2 (z->zone, side) : 0;
}

static double
territory (DmResults *r,
           int        side)
{
  return r->territory != NULL ? r->territory->after_swaps_m2_side[side] : 0;
}

int
dm_cli_compare (int    argc,
                char **argv)
{
  g_autofree char *units = NULL;
  g_autofree char *region_name = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &region_name, N_("Region to compare in (default: side A’s country), e.g. UA"), N_("REGION") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units, N_("km (default), mi, nmi or m"), N_("UNIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON document, values in metres and square metres"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DmBasemap) basemap = NULL;
  g_autoptr(DmComparison) cmp = NULL;
  Side s[2] = { { 0 } };
  const DmGeometry *region;
  const char *display = NULL;
  DmLengthUnit lu = DM_LENGTH_KM;
  DmAreaUnit au;
  int ret = 0;
  struct { const char *key; const char *label; double v[2]; gboolean area; } rows[6];

  if ((ret = dm_cli_parse ("compare", _("A B"),
                           _("Compares two proposals of the contact line (each a file holding the "
                             "line, and its swaps): the land that changes hands between them in "
                             "each direction, and the difference in line length, DMZ area, "
                             "territory per side after swaps and the swap balance."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  ret = 0;
  if (argc != 3)
    return dm_cli_usage_error ("compare", _("expected two files, A and B"));
  if (!dm_cli_parse_length_unit ("compare", units, &lu, &ret))
    return ret;
  au = dm_area_unit_for_length (lu);

  for (guint i = 0; i < 2; i++)
    if (!load (argv[1 + i], region_name, &s[i], &error))
      {
        ret = dm_cli_fail (error);
        goto out;
      }
  if ((basemap = dm_basemap_get_default (&error)) == NULL ||
      (region = dm_basemap_find_region (basemap,
                                        region_name != NULL ? region_name : dm_document_get_side_name (s[0].doc, DM_SIDE_A),
                                        &display, &error)) == NULL)
    {
      ret = dm_cli_fail (error);
      goto out;
    }
  cmp = dm_compare_lines (dm_feature_get_geometry (dm_document_get_contact_line (s[0].doc)),
                          dm_feature_get_geometry (dm_document_get_contact_line (s[1].doc)),
                          region, &error);
  if (cmp == NULL)
    {
      ret = dm_cli_fail (error);
      goto out;
    }

  rows[0] = (typeof (rows[0])) { "line_length_m", _("Line length"), { s[0].results->line_length_m, s[1].results->line_length_m }, FALSE };
  rows[1] = (typeof (rows[0])) { "dmz_area_m2", _("DMZ area"), { zone_area (s[0].results, DM_SIDE_NONE), zone_area (s[1].results, DM_SIDE_NONE) }, TRUE };
  rows[2] = (typeof (rows[0])) { "territory_a_m2", _("Territory of side A"), { territory (s[0].results, 0), territory (s[1].results, 0) }, TRUE };
  rows[3] = (typeof (rows[0])) { "territory_b_m2", _("Territory of side B"), { territory (s[0].results, 1), territory (s[1].results, 1) }, TRUE };
  rows[4] = (typeof (rows[0])) { "swap_net_a_m2", _("Swap balance, side A net"), { s[0].results->balance.net_m2[0], s[1].results->balance.net_m2[0] }, TRUE };
  rows[5] = (typeof (rows[0])) { "observers", _("Observers"), { s[0].results->observers, s[1].results->observers }, FALSE };

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, display);
      json_builder_set_member_name (b, "a_to_b_area_m2");
      json_builder_add_double_value (b, cmp->a_to_b_area_m2);
      json_builder_set_member_name (b, "b_to_a_area_m2");
      json_builder_add_double_value (b, cmp->b_to_a_area_m2);
      json_builder_set_member_name (b, "net_to_b_m2");
      json_builder_add_double_value (b, cmp->net_to_b_m2);
      json_builder_set_member_name (b, "figures");
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          json_builder_set_member_name (b, rows[i].key);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "a");
          json_builder_add_double_value (b, rows[i].v[0]);
          json_builder_set_member_name (b, "b");
          json_builder_add_double_value (b, rows[i].v[1]);
          json_builder_set_member_name (b, "difference");
          json_builder_add_double_value (b, rows[i].v[1] - rows[i].v[0]);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      goto out;
    }

  {
    g_autofree char *ab = dm_format_area (cmp->a_to_b_area_m2, au);
    g_autofree char *ba = dm_format_area (cmp->b_to_a_area_m2, au);

    printf (_("Between the two lines, in %s:\n"), display);
    printf (_("  from %s to %s: %s\n"), dm_document_get_side_name (s[0].doc, DM_SIDE_A),
            dm_document_get_side_name (s[0].doc, DM_SIDE_B), ab);
    printf (_("  from %s to %s: %s\n"), dm_document_get_side_name (s[0].doc, DM_SIDE_B),
            dm_document_get_side_name (s[0].doc, DM_SIDE_A), ba);
  }
  {
    g_autofree char *n0 = g_path_get_basename (argv[1]);
    g_autofree char *n1 = g_path_get_basename (argv[2]);

    printf ("%-28s %18s %18s %18s\n", "", n0, n1, _("difference"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *c0 = NULL, *c1 = NULL, *cd = NULL;

      if (rows[i].area)
        {
          c0 = dm_format_area (rows[i].v[0], au);
          c1 = dm_format_area (rows[i].v[1], au);
          cd = dm_format_area (rows[i].v[1] - rows[i].v[0], au);
        }
      else if (i == 0)
        {
          c0 = dm_format_length (rows[i].v[0], lu);
          c1 = dm_format_length (rows[i].v[1], lu);
          cd = dm_format_length (rows[i].v[1] - rows[i].v[0], lu);
        }
      else
        {
          c0 = dm_format_number (rows[i].v[0], 0);
          c1 = dm_format_number (rows[i].v[1], 0);
          cd = dm_format_number (rows[i].v[1] - rows[i].v[0], 0);
        }
      printf ("%-28s %18s %18s %18s\n", rows[i].label, c0, c1, cd);
    }

out:
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&s[i].doc);
      g_clear_pointer (&s[i].results, dm_results_unref);
    }
  return ret;
}
