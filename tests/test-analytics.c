/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-analytics.h"
#include "dm-basemap.h"
#include "dm-engine.h"
#include "dm-geodesy.h"
#include "dm-scenario.h"

/* A square region 30–32 E, 46–48 N, split by the meridian 31 E drawn
 * northwards: west (left) is side A, east (right) side B. */
static DmGeometry *
square (double x0, double y0, double x1, double y1)
{
  const double xy[] = { x0, y0, x1, y0, x1, y1, x0, y1 };

  return dm_geometry_new_polygon (xy, 4);
}

static DmGeometry *
meridian_line (void)
{
  const double xy[] = { 31, 45.9, 31, 47, 31, 48.1 };

  return dm_geometry_new_linestring (xy, 3);
}

static void
test_territory_square (void)
{
  g_autoptr(DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr(DmGeometry) line = meridian_line ();
  g_autoptr(DmGeometry) west = square (30, 46, 31, 48);
  g_autoptr(DmGeometry) east = square (31, 46, 32, 48);
  g_autoptr(DmTerritory) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  g_autoptr(DmGeometry) swap = square (31.2, 46.5, 31.4, 46.7);
  double swap_area = dm_geodesy_geometry_area_m2 (swap);

  g_ptr_array_add (swaps, dm_swap_figures_compute (line, swap, 1, "East block", DM_SIDE_NONE, DM_SIDE_NONE));
  t = dm_territory_compute (line, region, "Square", swaps, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (t->area_m2_side[0] / dm_geodesy_geometry_area_m2 (west) - 1), <, 1e-9);
  g_assert_cmpfloat (fabs (t->area_m2_side[1] / dm_geodesy_geometry_area_m2 (east) - 1), <, 1e-9);
  g_assert_cmpfloat (fabs (t->share_side[0] + t->share_side[1] - 1), <, 1e-12);
  /* The swap lies east (side B): B gives it to A. */
  g_assert_cmpfloat (fabs (t->after_swaps_m2_side[0] - (t->area_m2_side[0] + swap_area)), <, 1e-3);
  g_assert_cmpfloat (fabs (t->after_swaps_m2_side[1] - (t->area_m2_side[1] - swap_area)), <, 1e-3);
}

static void
test_territory_errors (void)
{
  g_autoptr(DmGeometry) far = square (40, 40, 41, 41);
  g_autoptr(DmGeometry) line = meridian_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DmTerritory) t = NULL;

  /* A region the line does not reach lies wholly on one side. */
  t = dm_territory_compute (line, far, "Far", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (t->area_m2_side[0] == 0 || t->area_m2_side[1] == 0);
  g_assert_cmpfloat (fabs (t->area_m2 / dm_geodesy_geometry_area_m2 (far) - 1), <, 1e-9);
}

static void
test_swaps_balance (void)
{
  g_autoptr(DmGeometry) line = meridian_line ();
  g_autoptr(DmGeometry) s_west = square (30.5, 46.5, 30.7, 46.7);
  g_autoptr(DmGeometry) s_east = square (31.2, 46.5, 31.3, 46.6);
  g_autoptr(DmGeometry) s_straddle = square (30.9, 47.0, 31.3, 47.2);  /* 1/4 west, 3/4 east */
  g_autoptr(GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  DmSwapFigures *f;
  DmSwapBalance bal;
  double aw = dm_geodesy_geometry_area_m2 (s_west);
  double ae = dm_geodesy_geometry_area_m2 (s_east);
  double as = dm_geodesy_geometry_area_m2 (s_straddle);

  g_ptr_array_add (swaps, dm_swap_figures_compute (line, s_west, 1, "W", DM_SIDE_NONE, DM_SIDE_NONE));
  g_ptr_array_add (swaps, dm_swap_figures_compute (line, s_east, 2, "E", DM_SIDE_NONE, DM_SIDE_NONE));
  g_ptr_array_add (swaps, dm_swap_figures_compute (line, s_straddle, 3, "S", DM_SIDE_NONE, DM_SIDE_NONE));

  f = g_ptr_array_index (swaps, 0);
  g_assert_cmpint (f->giver, ==, DM_SIDE_A);
  g_assert_cmpint (f->receiver, ==, DM_SIDE_B);
  g_assert_true (f->inferred);
  f = g_ptr_array_index (swaps, 2);
  g_assert_cmpint (f->giver, ==, DM_SIDE_B);
  g_assert_cmpfloat (fabs (f->area_on_a_m2 / as - 0.25), <, 0.01);

  /* An explicit giver wins over where the land lies. */
  {
    g_autoptr(DmSwapFigures) o = dm_swap_figures_compute (line, s_west, 4, "O", DM_SIDE_B, DM_SIDE_NONE);
    g_assert_cmpint (o->giver, ==, DM_SIDE_B);
    g_assert_cmpint (o->receiver, ==, DM_SIDE_A);
    g_assert_false (o->inferred);
  }

  dm_swap_balance_compute (swaps, &bal);
  g_assert_cmpfloat (fabs (bal.gives_m2[0] - aw), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.gets_m2[0] - (ae + as)), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.net_m2[0] + bal.net_m2[1]), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.ratio_a - (ae + as) / aw), <, 1e-9);
}

static void
test_monitoring (void)
{
  DmMonitoringRatio uniimog = DM_MONITORING_UNIIMOG;
  double obs, pat;

  /* 1,200 km against UNIIMOG's 400 observers and 64 patrols for 900 mi. */
  dm_monitoring_estimate (1200e3, &uniimog, &obs, &pat);
  g_assert_cmpfloat (fabs (obs - 400.0 * 1200e3 / 1448409.6), <, 1e-9);
  g_assert_cmpint ((int) round (obs), ==, 331);
  g_assert_cmpint ((int) round (pat), ==, 53);
}

static void
test_settlements_in_zone (void)
{
  const double xy[] = { 35.0, 47.0, 36.0, 47.0 };
  g_autoptr(DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr(DmZoneRule) rule = dm_zone_rule_new_line_band ("DMZ", DM_ZONE_DEMILITARISED, 4000, 4000);
  g_autoptr(GError) error = NULL;
  g_autoptr(DmZoneResult) zone = dm_zones_evaluate_from_scratch (line, rule, NULL, &error);
  g_autoptr(DmSettlements) s = NULL;
  DmPlace places[] = {
    { 35.5, 47.02, 50000, (char *) "Inside", NULL, NULL, (char *) "UA" },   /* ~2.2 km north */
    { 35.5, 47.10, 90000, (char *) "Outside", NULL, NULL, (char *) "UA" },  /* ~11 km north */
    { 35.2, 46.98, 1000, (char *) "Small", NULL, NULL, (char *) "UA" },     /* ~2.2 km south */
  };

  g_assert_no_error (error);
  s = dm_settlements_in_zone (zone, places, G_N_ELEMENTS (places));
  g_assert_cmpuint (s->n_settlements, ==, 2);
  g_assert_cmpint (s->population, ==, 51000);
  g_assert_cmpstr (g_ptr_array_index (s->names, 0), ==, "Inside (50,000)");
}

static void
test_basemap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DmBasemap) map = dm_basemap_get_default (&error);
  const char *name = NULL;
  const DmGeometry *ua, *donetsk;
  const DmPlace *places;
  guint n;

  g_assert_no_error (error);
  ua = dm_basemap_find_region (map, "Ukraine", &name, &error);
  g_assert_nonnull (ua);
  g_assert_true (ua == dm_basemap_find_region (map, "UA", NULL, NULL));
  g_assert_true (ua == dm_basemap_find_region (map, "Україна", NULL, NULL));
  /* Ukraine de jure, Crimea included: about 603,500 km² (the basemap's
   * simplified 1:10m outline gives a little less). */
  g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (ua), >, 590e9);
  g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (ua), <, 610e9);
  donetsk = dm_basemap_find_region (map, "UA-14", &name, &error);
  g_assert_nonnull (donetsk);
  g_assert_true (donetsk == dm_basemap_find_region (map, "Donetsk", NULL, NULL));
  g_assert_null (dm_basemap_find_region (map, "Atlantis", NULL, &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION);
  g_clear_error (&error);

  places = dm_basemap_get_places (map, &n);
  g_assert_cmpuint (n, >, 10000);
  g_assert_cmpint (places[0].population, >=, places[n - 1].population);
  g_assert_nonnull (strstr (dm_basemap_get_attribution (map), "Natural Earth"));

  g_assert_null (dm_basemap_open ("/nonexistent/basemap.gpkg", &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NOT_FOUND);
}

/* The sample line splits Ukraine into two parts adding up to it, and the
 * Russian-held part matches the sample's occupied territory, which was cut
 * from the same outline by the same line. */
static void
test_sample_territory (void)
{
  g_autofree char *line_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autofree char *occ_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "occupied-territory.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DmDocument) doc = dm_scenario_load_geodata (line_path, NULL, NULL, &error);
  g_autoptr(DmDocument) occ = NULL;
  g_autoptr(DmEngine) engine = NULL;
  g_autoptr(DmResults) r = NULL;
  g_autoptr(DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr(GPtrArray) refs = NULL;
  double ua_area, occ_area;

  g_assert_no_error (error);
  g_assert_cmpstr (dm_document_get_side_name (doc, DM_SIDE_A), ==, "Ukraine");
  engine = dm_engine_new (doc);
  r = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->territory);

  ua_area = dm_geodesy_geometry_area_m2 (dm_basemap_find_region (map, "UA", NULL, NULL));
  g_assert_cmpfloat (fabs (r->territory->area_m2 / ua_area - 1), <, 1e-6);

  occ = dm_scenario_load_geodata (occ_path, NULL, NULL, &error);
  g_assert_no_error (error);
  refs = dm_document_list_features (occ, DM_ROLE_REFERENCE);
  g_assert_cmpuint (refs->len, ==, 1);
  occ_area = dm_geodesy_geometry_area_m2 (dm_feature_get_geometry (g_ptr_array_index (refs, 0)));
  g_test_message ("side B %.1f km², occupied territory %.1f km²", r->territory->area_m2_side[1] / 1e6, occ_area / 1e6);
  g_assert_cmpfloat (fabs (r->territory->area_m2_side[1] / occ_area - 1), <, 0.01);

  /* DMZ settlements: the line runs through Kherson's riverfront. */
  {
    DmZoneFigures *z = g_ptr_array_index (r->zones, 0);
    g_assert_nonnull (z->settlements);
    g_assert_cmpuint (z->settlements->n_settlements, >, 5);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analytics/territory/square", test_territory_square);
  g_test_add_func ("/analytics/territory/not-cut", test_territory_errors);
  g_test_add_func ("/analytics/swaps/balance", test_swaps_balance);
  g_test_add_func ("/analytics/monitoring", test_monitoring);
  g_test_add_func ("/analytics/settlements-in-zone", test_settlements_in_zone);
  g_test_add_func ("/analytics/basemap", test_basemap);
  g_test_add_func ("/analytics/sample/territory", test_sample_territory);
  return g_test_run ();
}
