/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-engine.h"
#include "dm-figures.h"
#include "dm-scenario.h"

/* The figures worded once: the rows every display takes, in order, with
 * the numbers and the names that stand alone. */

static DmResults *
sample_results (DmDocument **doc_out)
{
  g_autofree char *path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = dm_scenario_load (path, NULL, &error);
  g_autoptr (DmEngine) engine = NULL;
  DmResults *r;

  g_assert_no_error (error);
  engine = dm_engine_new (doc);
  r = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  *doc_out = g_steal_pointer (&doc);
  return r;
}

/* The figure @id; the test fails without it. */
static const DmFigure *
find (GPtrArray *figures, const char *id)
{
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (g_strcmp0 (f->id, id) == 0)
        return f;
    }
  g_error ("no figure “%s”", id);
}

static void
test_sample (void)
{
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) r = sample_results (&doc);
  DmFiguresStyle style = { DM_LENGTH_KM, TRUE, FALSE };
  g_autoptr (GPtrArray) figures = dm_figures_build (doc, r, &style);
  const char *order[] = { "line", "zone.1", "swaps", "territory", "territory.regions", "monitoring" };
  DmZoneFigures *dmz = g_ptr_array_index (r->zones, 0);
  const DmFigure *f;
  guint next = 0;
  g_autofree char *area = NULL;

  /* The sections, in order. */
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *h = g_ptr_array_index (figures, i);

      if (h->kind == DM_FIGURE_HEADING)
        {
          g_assert_cmpuint (next, <, G_N_ELEMENTS (order));
          g_assert_cmpstr (h->id, ==, order[next]);
          next++;
        }
    }
  g_assert_cmpuint (next, ==, G_N_ELEMENTS (order));

  /* The line's length in both units, its number in metres. */
  f = find (figures, "line.length");
  g_assert_cmpstr (f->value, ==, "1,087 km (675 mi)");
  g_assert_cmpfloat (f->number, ==, r->line_length_m);
  g_assert_cmpstr (f->name, ==, "Contact line length");
  g_assert_true (f->uses & DM_FIGURE_PANEL);
  /* Vertices are for the text and the table, not the panel. */
  f = find (figures, "line.vertices");
  g_assert_false (f->uses & DM_FIGURE_PANEL);
  g_assert_cmpfloat (f->number, ==, r->line_vertices);

  /* The DMZ on each side, in the side's colour, worded once. */
  f = find (figures, "zone.1.area.A");
  g_assert_cmpstr (f->label, ==, "On Ukraine’s side");
  g_assert_cmpstr (f->name, ==, "Demilitarised zone: area on Ukraine’s side");
  g_assert_cmpstr (f->color, ==, dm_document_get_side_color (doc, DM_SIDE_A));
  area = dm_format_area (dm_zone_result_get_area_m2 (dmz->zone, DM_SIDE_A), DM_AREA_KM2);
  g_assert_cmpstr (f->value, ==, area);
  f = find (figures, "zone.1.settlements");
  g_assert_true (g_str_has_suffix (f->value, "pop. 695,366"));
  g_assert_true (g_str_has_prefix (f->detail, "Largest: "));
  g_assert_false (f->uses & DM_FIGURE_TABLE);
  f = find (figures, "zone.1.population");
  g_assert_cmpint (f->quantity, ==, DM_QUANTITY_PEOPLE);
  g_assert_cmpfloat (f->number, ==, 695366);

  /* Territory: area and share; each region both sides in the table, the
   * smaller side's on the panel. */
  f = find (figures, "territory.B");
  g_assert_cmpfloat (f->share, ==, r->territory->share_side[1]);
  g_assert_cmpstr (f->share_name, ==, "Share of Ukraine held by Russia");
  f = find (figures, "territory.region.UA-14.B");
  g_assert_true (f->uses & DM_FIGURE_PANEL);
  g_assert_nonnull (f->detail);
  f = find (figures, "territory.region.UA-14.A");
  g_assert_cmpuint (f->uses, ==, DM_FIGURE_TABLE);

  /* No swaps: said so. */
  f = find (figures, "swaps.none");
  g_assert_cmpint (f->kind, ==, DM_FIGURE_NOTE);

  /* Miles: the same rows, other values. */
  {
    DmFiguresStyle miles = { DM_LENGTH_MI, FALSE, FALSE };
    g_autoptr (GPtrArray) in_miles = dm_figures_build (doc, r, &miles);

    g_assert_cmpuint (in_miles->len, ==, figures->len);
    g_assert_cmpstr (find (in_miles, "line.length")->value, ==, "675 mi");
    g_assert_true (g_str_has_suffix (find (in_miles, "zone.1.area")->value, "mi²"));
  }
}

/* Every row the table takes has a name and a number; every heading and
 * note stays out of it. */
static void
test_table_rows (void)
{
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) r = sample_results (&doc);
  g_autoptr (GPtrArray) figures = dm_figures_build (doc, r, NULL);
  guint n_table = 0;

  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      g_assert_nonnull (f->id);
      g_assert_nonnull (f->label);
      if (!(f->uses & DM_FIGURE_TABLE))
        continue;
      n_table++;
      g_assert_cmpint (f->kind, ==, DM_FIGURE_ROW);
      g_assert_nonnull (f->name);
      g_assert_false (isnan (f->number));
      g_assert_cmpint (f->quantity, !=, DM_QUANTITY_NONE);
      g_assert_cmpint (f->quantity, !=, DM_QUANTITY_TEXT);
    }
  g_assert_cmpuint (n_table, >, 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/figures/sample", test_sample);
  g_test_add_func ("/figures/table-rows", test_table_rows);
  return g_test_run ();
}
