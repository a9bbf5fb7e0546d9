/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dm-basemap.h"
#include "dm-cli.h"
#include "dm-write.h"
#include "dm-compare.h"
#include "dm-engine.h"
#include "dm-export.h"
#include "dm-scenario.h"

typedef struct {
  DmDocument *doc;
  DmResults *results;
} Side;

static gboolean
load (const char *path, const char *region, DmLengthUnit units, Side *out, GError **error)
{
  g_autoptr (DmEngine) engine = NULL;

  if ((out->doc = dm_cli_load (path, TRUE, units, error)) == NULL)
    return FALSE;
  engine = dm_engine_new (out->doc);
  if (region != NULL)
    dm_engine_set_territory_region (engine, region);
  return (out->results = dm_engine_compute (engine, NULL, error)) != NULL;
}

/* A figure of both files. */
typedef struct {
  const char *key;
  const char *label;
  double v[2];
  gboolean area;
} FigureRow;

static void
add_row (GPtrArray *names,
         GPtrArray *values,
         GPtrArray *units,
         char *name,  /* (transfer full) */
         char *value, /* (transfer full) */
         const char *unit)
{
  g_ptr_array_add (names, name);
  g_ptr_array_add (values, value);
  g_ptr_array_add (units, g_strdup (unit != NULL ? unit : ""));
}

/* The comparison as a table of name, value and unit, as the .csv export
 * writes figures. */
static gboolean
write_csv (const char *path,
           const DmComparison *cmp,
           const char *const names[2],
           const FigureRow *rows,
           guint n_rows,
           char **argv,
           DmAreaUnit au,
           DmLengthUnit lu,
           DmCsvStyle style,
           GError **error)
{
  g_autoptr (GPtrArray) n = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) u = g_ptr_array_new_with_free_func (g_free);
  const char *as = dm_area_unit_symbol (au);
  g_autofree char *file_a = g_path_get_basename (argv[1]);
  g_autofree char *file_b = g_path_get_basename (argv[2]);

  add_row (n, v, u, g_strdup (_ ("First file")), g_strdup (file_a), NULL);
  add_row (n, v, u, g_strdup (_ ("Second file")), g_strdup (file_b), NULL);
  /* Translators: a figure's name in the CSV: “Land from Ukraine to Russia” */
  add_row (n, v, u, g_strdup_printf (_ ("Land from %s to %s"), names[0], names[1]),
           dm_export_csv_number (dm_area_from_m2 (cmp->a_to_b_area_m2, au), 3), as);
  add_row (n, v, u, g_strdup_printf (_ ("Land from %s to %s"), names[1], names[0]),
           dm_export_csv_number (dm_area_from_m2 (cmp->b_to_a_area_m2, au), 3), as);
  /* Translators: “People from Ukraine to Russia”, in the settlements changing hands */
  add_row (n, v, u, g_strdup_printf (_ ("People from %s to %s"), names[0], names[1]),
           g_strdup_printf ("%" G_GINT64_FORMAT, cmp->population[0]), _ ("people"));
  add_row (n, v, u, g_strdup_printf (_ ("People from %s to %s"), names[1], names[0]),
           g_strdup_printf ("%" G_GINT64_FORMAT, cmp->population[1]), _ ("people"));
  for (guint i = 0; i < cmp->regions->len; i++)
    {
      const DmComparisonRegion *r = g_ptr_array_index (cmp->regions, i);

      /* Translators: “Donetsk: land from Ukraine to Russia” */
      add_row (n, v, u, g_strdup_printf (_ ("%s: land from %s to %s"), r->name, names[0], names[1]),
               dm_export_csv_number (dm_area_from_m2 (r->a_to_b_m2, au), 3), as);
      add_row (n, v, u, g_strdup_printf (_ ("%s: land from %s to %s"), r->name, names[1], names[0]),
               dm_export_csv_number (dm_area_from_m2 (r->b_to_a_m2, au), 3), as);
    }
  for (guint i = 0; i < cmp->places->len; i++)
    {
      const DmComparisonPlace *p = g_ptr_array_index (cmp->places, i);

      /* Translators: “Pokrovsk: from Ukraine to Russia”, its population */
      add_row (n, v, u,
               g_strdup_printf (_ ("%s: from %s to %s"), p->name, names[p->from == DM_SIDE_B ? 1 : 0],
                                names[p->to == DM_SIDE_B ? 1 : 0]),
               g_strdup_printf ("%" G_GINT64_FORMAT, p->population), _ ("people"));
    }
  for (guint i = 0; i < n_rows; i++)
    {
      const char *unit = rows[i].area ? as : i == 0 ? dm_length_unit_symbol (lu) : NULL;

      for (guint k = 0; k < 3; k++)
        {
          double x = k < 2 ? rows[i].v[k] : rows[i].v[1] - rows[i].v[0];

          if (rows[i].area)
            x = dm_area_from_m2 (x, au);
          else if (i == 0)
            x = dm_length_from_m (x, lu);
          /* Translators: “Line length: occupied-2024.geojson”, “Line length: difference” */
          add_row (n, v, u,
                   g_strdup_printf (_ ("%s: %s"), rows[i].label,
                                    k == 0   ? file_a
                                    : k == 1 ? file_b
                                             : _ ("difference")),
                   dm_export_csv_number (x, rows[i].area || i == 0 ? 3 : 0), unit);
        }
    }
  return dm_export_table_csv (path, n, v, u, style, error);
}

static double
zone_area (DmResults *r, DmSide side)
{
  DmZoneFigures *z = r->zones->len > 0 ? g_ptr_array_index (r->zones, 0) : NULL;

  return z != NULL && z->zone != NULL ? dm_zone_result_get_area_m2 (z->zone, side) : 0;
}

static double
territory (DmResults *r, int side)
{
  return r->territory != NULL ? r->territory->after_swaps_m2_side[side] : 0;
}

int
dm_cli_compare (int argc, char **argv)
{
  g_autofree char *units = NULL;
  g_autofree char *region_name = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_style_name = NULL;
  DmCsvStyle csv_style = DM_CSV_MACHINE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &region_name,
      N_ ("Region to compare in (default: side A’s country), e.g. UA"), N_ ("REGION") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units, N_ ("km (default), mi, nmi or m"), N_ ("UNIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("One JSON document, values in metres and square metres"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &csv, N_ ("Also write the figures to OUT.csv: name, value, unit"),
      N_ ("OUT.csv") },
    { "csv-style", 0, 0, G_OPTION_ARG_STRING, &csv_style_name, CSV_STYLE_HELP, N_ ("STYLE") },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemap) basemap = NULL;
  g_autoptr (DmComparison) cmp = NULL;
  Side s[2] = { { 0 } };
  DmRegionInfo region;
  g_autoptr (GArray) admin1 = NULL;
  const char *names[2];
  DmLengthUnit lu = DM_LENGTH_KM;
  DmAreaUnit au;
  int ret = 0;
  FigureRow rows[6];

  if ((ret = dm_cli_parse ("compare", _ ("A B"),
                           _ ("Compares two proposals of the contact line (each a file holding the "
                              "line, and its swaps): the land that changes hands between them in "
                              "each direction, and the difference in line length, DMZ area, "
                              "territory per side after swaps and the swap balance."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  ret = 0;
  if (argc != 3)
    return dm_cli_usage_error ("compare", _ ("expected two files, A and B"));
  if (csv_style_name != NULL && !dm_csv_style_from_string (csv_style_name, &csv_style))
    return dm_cli_usage_error ("compare", CSV_STYLE_ERROR, csv_style_name);
  if (!dm_cli_parse_length_unit ("compare", units, &lu, &ret))
    return ret;
  au = dm_area_unit_for_length (lu);

  for (guint i = 0; csv != NULL && i < 2; i++)
    if (!dm_write_check_not_source (argv[1 + i], csv, &error))
      {
        ret = dm_cli_fail (error);
        goto out;
      }
  for (guint i = 0; i < 2; i++)
    if (!load (argv[1 + i], region_name, lu, &s[i], &error))
      {
        ret = dm_cli_fail (error);
        goto out;
      }
  if ((basemap = dm_basemap_get_default (&error)) == NULL ||
      !dm_basemap_find_region_info (basemap,
                                    region_name != NULL ? region_name : dm_document_get_side_name (s[0].doc, DM_SIDE_A),
                                    &region, &error))
    {
      ret = dm_cli_fail (error);
      goto out;
    }
  /* Where the land lies: the region's own admin-1 regions (none for an
   * admin-1 region itself), and the places on it. */
  admin1 = dm_basemap_list_regions (basemap, region.code);
  cmp = dm_compare_lines_full (dm_feature_get_geometry (dm_document_get_contact_line (s[0].doc)),
                               dm_feature_get_geometry (dm_document_get_contact_line (s[1].doc)), region.geometry,
                               (const DmRegionInfo *) (gpointer) admin1->data, admin1->len,
                               dm_basemap_get_place_index (basemap), &error);
  if (cmp == NULL)
    {
      ret = dm_cli_fail (error);
      goto out;
    }

  names[0] = dm_document_get_side_name (s[0].doc, DM_SIDE_A);
  names[1] = dm_document_get_side_name (s[0].doc, DM_SIDE_B);
  rows[0] = (FigureRow){ "line_length_m",
                         _ ("Line length"),
                         { s[0].results->line_length_m, s[1].results->line_length_m },
                         FALSE };
  rows[1] = (FigureRow){ "dmz_area_m2",
                         _ ("DMZ area"),
                         { zone_area (s[0].results, DM_SIDE_NONE), zone_area (s[1].results, DM_SIDE_NONE) },
                         TRUE };
  rows[2] = (FigureRow){ "territory_a_m2",
                         _ ("Territory of side A"),
                         { territory (s[0].results, 0), territory (s[1].results, 0) },
                         TRUE };
  rows[3] = (FigureRow){ "territory_b_m2",
                         _ ("Territory of side B"),
                         { territory (s[0].results, 1), territory (s[1].results, 1) },
                         TRUE };
  rows[4] = (FigureRow){ "swap_net_a_m2",
                         _ ("Swap balance, side A net"),
                         { s[0].results->balance.net_m2[0], s[1].results->balance.net_m2[0] },
                         TRUE };
  rows[5] = (FigureRow){ "observers", _ ("Observers"), { s[0].results->observers, s[1].results->observers }, FALSE };

  if (csv != NULL && !write_csv (csv, cmp, names, rows, G_N_ELEMENTS (rows), argv, au, lu, csv_style, &error))
    {
      ret = dm_cli_fail (error);
      goto out;
    }

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, region.name);
      json_builder_set_member_name (b, "side_a");
      json_builder_add_string_value (b, names[0]);
      json_builder_set_member_name (b, "side_b");
      json_builder_add_string_value (b, names[1]);
      json_builder_set_member_name (b, "a_to_b_area_m2");
      json_builder_add_double_value (b, cmp->a_to_b_area_m2);
      json_builder_set_member_name (b, "b_to_a_area_m2");
      json_builder_add_double_value (b, cmp->b_to_a_area_m2);
      json_builder_set_member_name (b, "net_to_b_m2");
      json_builder_add_double_value (b, cmp->net_to_b_m2);
      json_builder_set_member_name (b, "a_to_b_population");
      json_builder_add_int_value (b, cmp->population[0]);
      json_builder_set_member_name (b, "b_to_a_population");
      json_builder_add_int_value (b, cmp->population[1]);
      json_builder_set_member_name (b, "regions");
      json_builder_begin_array (b);
      for (guint i = 0; i < cmp->regions->len; i++)
        {
          const DmComparisonRegion *cr = g_ptr_array_index (cmp->regions, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, cr->code);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, cr->name);
          json_builder_set_member_name (b, "a_to_b_area_m2");
          json_builder_add_double_value (b, cr->a_to_b_m2);
          json_builder_set_member_name (b, "b_to_a_area_m2");
          json_builder_add_double_value (b, cr->b_to_a_m2);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "settlements");
      json_builder_begin_array (b);
      for (guint i = 0; i < cmp->places->len; i++)
        {
          const DmComparisonPlace *cp = g_ptr_array_index (cmp->places, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, cp->name);
          json_builder_set_member_name (b, "population");
          json_builder_add_int_value (b, cp->population);
          json_builder_set_member_name (b, "lon");
          json_builder_add_double_value (b, cp->lon);
          json_builder_set_member_name (b, "lat");
          json_builder_add_double_value (b, cp->lat);
          json_builder_set_member_name (b, "from");
          json_builder_add_string_value (b, cp->from == DM_SIDE_A ? "A" : "B");
          json_builder_set_member_name (b, "to");
          json_builder_add_string_value (b, cp->to == DM_SIDE_A ? "A" : "B");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
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

    printf (_ ("Between the two lines, in %s:\n"), region.name);
    printf (_ ("  from %s to %s: %s\n"), names[0], names[1], ab);
    printf (_ ("  from %s to %s: %s\n"), names[1], names[0], ba);
    for (guint i = 0; i < cmp->regions->len; i++)
      {
        g_autofree char *line = dm_comparison_region_describe (g_ptr_array_index (cmp->regions, i), names, au);

        printf ("    %s\n", line);
      }
    {
      g_autofree char *changing = dm_comparison_places_describe (cmp, names);

      printf ("  %s\n", changing);
      for (guint i = 0; i < cmp->places->len; i++)
        {
          g_autofree char *line = dm_comparison_place_describe (g_ptr_array_index (cmp->places, i), names);

          printf ("    %s\n", line);
        }
    }
  }
  {
    g_autofree char *n0 = g_path_get_basename (argv[1]);
    g_autofree char *n1 = g_path_get_basename (argv[2]);

    printf ("%-28s %18s %18s %18s\n", "", n0, n1, _ ("difference"));
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
