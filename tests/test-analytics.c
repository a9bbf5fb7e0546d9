/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-analytics.h"
#include "dm-bench.h"
#include "dm-basemap.h"
#include "dm-engine.h"
#include "dm-gdal.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-scenario.h"
#include "dm-territory-cache.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

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
  g_autoptr (DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr (DmGeometry) line = meridian_line ();
  g_autoptr (DmGeometry) west = square (30, 46, 31, 48);
  g_autoptr (DmGeometry) east = square (31, 46, 32, 48);
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  g_autoptr (DmGeometry) swap = square (31.2, 46.5, 31.4, 46.7);
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
  g_autoptr (DmGeometry) far = square (40, 40, 41, 41);
  g_autoptr (DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr (DmGeometry) line = meridian_line ();
  g_autoptr (DmGeometry) empty = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  g_autoptr (GError) error = NULL;
  DmTerritory *t;

  /* A region the line does not reach: no split to report. */
  t = dm_territory_compute (line, far, "Far", NULL, &error);
  g_assert_null (t);
  g_assert_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_NOT_DIVIDED);
  g_assert_nonnull (strstr (error->message, "Far"));
  g_clear_error (&error);

  /* An empty region. */
  t = dm_territory_compute (line, empty, "Nothing", NULL, &error);
  g_assert_null (t);
  g_assert_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_EMPTY_REGION);
  g_clear_error (&error);

  /* A line given as the region, and a one-point line. */
  t = dm_territory_compute (line, line, "Line", NULL, &error);
  g_assert_null (t);
  g_assert_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  {
    const double xy[] = { 31, 47 };
    g_autoptr (DmGeometry) dot = dm_geometry_new_linestring (xy, 1);

    t = dm_territory_compute (dot, region, "Square", NULL, &error);
    g_assert_null (t);
    g_assert_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_INVALID);
    g_clear_error (&error);
  }
}

/* A line stopping 0.1° (about 11 km) inside the square at both ends is
 * extended to the edge within the default 50 km, not within 5 km. */
static void
test_territory_extend (void)
{
  const double xy[] = { 31, 46.1, 31, 47.9 };
  g_autoptr (DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (DmGeometry) west = square (30, 46, 31, 48);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmTerritory) t = NULL;
  DmTerritory *t2;

  t = dm_territory_compute (line, region, "Square", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (t->area_m2_side[0] / dm_geodesy_geometry_area_m2 (west) - 1), <, 1e-9);
  /* The halves add up to the square with the split's vertices on its
   * edges (edges are geodesics between vertices: a vertex added on a 2°
   * edge moves it, by 46 ppm here; real outlines have short edges). */
  {
    const double with_cuts[] = { 30, 46, 31, 46, 32, 46, 32, 48, 31, 48, 30, 48 };
    g_autoptr (DmGeometry) cut = dm_geometry_new_polygon (with_cuts, 6);

    g_assert_cmpfloat (fabs (t->area_m2 / dm_geodesy_geometry_area_m2 (cut) - 1), <, 1e-12);
  }
  g_assert_cmpfloat (t->swapped_m2, ==, 0);

  t2 = dm_territory_compute_full (line, region, "Square", NULL, 5000, &error);
  g_assert_null (t2);
  g_assert_error (error, DM_ANALYTICS_ERROR, DM_ANALYTICS_ERROR_NOT_DIVIDED);
  g_assert_nonnull (strstr (error->message, "5"));
}

/*
 * Swaps move (swap ∩ region) from giver to receiver: a swap reaching out
 * of the region moves only its inside part, a straddling swap moves only
 * the part on the giver's side, and where two swaps overlap the later
 * one decides (nothing is counted twice).
 */
static void
test_territory_swaps_geometric (void)
{
  g_autoptr (DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr (DmGeometry) line = meridian_line ();
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  g_autoptr (DmGeometry) outside = square (31.8, 47.0, 32.2, 47.2); /* half outside, on B */
  g_autoptr (DmGeometry) inside_half = square (31.8, 47.0, 32.0, 47.2);
  /* 1/4 on A, 3/4 on B: B gives.  With vertices where the line cuts it. */
  const double straddle_xy[] = { 30.9, 46.4, 31.0, 46.4, 31.3, 46.4, 31.3, 46.6, 31.0, 46.6, 30.9, 46.6 };
  g_autoptr (DmGeometry) straddle = dm_geometry_new_polygon (straddle_xy, 6);
  g_autoptr (DmGeometry) straddle_b = square (31.0, 46.4, 31.3, 46.6);
  g_autoptr (DmGeometry) w1 = square (30.2, 47.5, 30.6, 47.7); /* on A, A gives */
  g_autoptr (DmGeometry) w2 = square (30.4, 47.5, 30.8, 47.7); /* overlaps w1 by half */
  /* W1 ∪ W2 as the later swap W2 plus what W1 adds (polygon edges are
   * geodesics between vertices, so expected areas are built from the
   * same vertices the overlay makes). */
  g_autoptr (DmGeometry) w1_only = square (30.2, 47.5, 30.4, 47.7);
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GError) error = NULL;
  double moved_to_a, moved_to_b, a0, b0;

  g_ptr_array_add (swaps, dm_swap_figures_compute (line, outside, 1, "Outside", DM_SIDE_NONE, DM_SIDE_NONE));
  g_ptr_array_add (swaps, dm_swap_figures_compute (line, straddle, 2, "Straddle", DM_SIDE_NONE, DM_SIDE_NONE));
  g_ptr_array_add (swaps, dm_swap_figures_compute (line, w1, 3, "W1", DM_SIDE_NONE, DM_SIDE_NONE));
  g_ptr_array_add (swaps, dm_swap_figures_compute (line, w2, 4, "W2", DM_SIDE_NONE, DM_SIDE_NONE));
  t = dm_territory_compute (line, region, "Square", swaps, &error);
  g_assert_no_error (error);

  a0 = t->area_m2_side[0];
  b0 = t->area_m2_side[1];
  /* To A: the inside half of "Outside" and the B part of "Straddle";
   * to B: W1 ∪ W2 (the overlap once). */
  moved_to_a = dm_geodesy_geometry_area_m2 (inside_half) + dm_geodesy_geometry_area_m2 (straddle_b);
  moved_to_b = dm_geodesy_geometry_area_m2 (w2) + dm_geodesy_geometry_area_m2 (w1_only);
  g_test_message ("to A %.6f km², to B %.6f km²", moved_to_a / 1e6, moved_to_b / 1e6);
  g_assert_cmpfloat (fabs (t->after_swaps_m2_side[0] - (a0 + moved_to_a - moved_to_b)) / a0, <, 1e-9);
  g_assert_cmpfloat (fabs (t->after_swaps_m2_side[1] - (b0 - moved_to_a + moved_to_b)) / b0, <, 1e-9);
  g_assert_cmpfloat (fabs (t->swapped_m2 / (moved_to_a + moved_to_b) - 1), <, 1e-9);
  g_assert_cmpfloat (fabs (t->after_swaps_share_side[0] + t->after_swaps_share_side[1] - 1), <, 1e-12);
}

static void
test_swaps_balance (void)
{
  g_autoptr (DmGeometry) line = meridian_line ();
  g_autoptr (DmGeometry) s_west = square (30.5, 46.5, 30.7, 46.7);
  g_autoptr (DmGeometry) s_east = square (31.2, 46.5, 31.3, 46.6);
  g_autoptr (DmGeometry) s_straddle = square (30.9, 47.0, 31.3, 47.2); /* 1/4 west, 3/4 east */
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
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
  g_assert_false (f->straddles);
  g_assert_null (f->note);
  f = g_ptr_array_index (swaps, 2);
  g_assert_cmpint (f->giver, ==, DM_SIDE_B);
  g_assert_cmpint (f->receiver, ==, DM_SIDE_A);
  g_assert_cmpfloat (fabs (f->area_on_a_m2 / as - 0.25), <, 0.01);
  /* The cut adds vertices on 0.4° geodesic edges: a few ppm. */
  g_assert_cmpfloat (fabs ((f->area_on_a_m2 + f->area_on_b_m2) / as - 1), <, 1e-5);
  /* Straddling: said in a note that names the majority side. */
  g_assert_true (f->straddles);
  g_assert_nonnull (f->note);
  g_assert_nonnull (strstr (f->note, "side B"));
  g_test_message ("%s", f->note);

  /* An explicit giver wins over where the land lies. */
  {
    g_autoptr (DmSwapFigures) o = dm_swap_figures_compute (line, s_west, 4, "O", DM_SIDE_B, DM_SIDE_NONE);
    g_assert_cmpint (o->giver, ==, DM_SIDE_B);
    g_assert_cmpint (o->receiver, ==, DM_SIDE_A);
    g_assert_false (o->inferred);
    /* B gives land A holds already: nothing changes hands, and the note
     * says so. */
    g_assert_cmpfloat (o->transfer_m2, <, 1e-6 * aw);
    g_assert_nonnull (o->note);
    g_test_message ("%s", o->note);
  }
  /* A receiver alone makes the other side the giver. */
  {
    g_autoptr (DmSwapFigures) o = dm_swap_figures_compute (line, s_west, 5, "R", DM_SIDE_NONE, DM_SIDE_A);
    g_assert_cmpint (o->giver, ==, DM_SIDE_B);
    g_assert_cmpint (o->receiver, ==, DM_SIDE_A);
    g_assert_false (o->inferred);
  }

  /* Only the straddling swap's part on B (its giver) changes hands. */
  f = g_ptr_array_index (swaps, 2);
  g_assert_cmpfloat (f->transfer_m2, ==, f->area_on_b_m2);
  as = f->transfer_m2;
  g_assert_cmpfloat (fabs (as / dm_geodesy_geometry_area_m2 (s_straddle) - 0.75), <, 0.01);
  f = g_ptr_array_index (swaps, 0);
  g_assert_cmpfloat (fabs (f->transfer_m2 / aw - 1), <, 1e-9);

  dm_swap_balance_compute (swaps, &bal);
  g_assert_cmpfloat (fabs (bal.gives_m2[0] - aw), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.gets_m2[0] - (ae + as)), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.net_m2[0] + bal.net_m2[1]), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.ratio_a - (ae + as) / aw), <, 1e-9);
  g_assert_cmpfloat (fabs (bal.gives_m2[1] - (ae + as)), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.gets_m2[1] - aw), <, 1e-3);
  g_assert_cmpfloat (fabs (bal.ratio_b - aw / (ae + as)), <, 1e-9);
  g_test_message ("swaps: W %.3f km², E %.3f km², S %.3f km²; A gives %.3f gets %.3f ratio %.4f", aw / 1e6, ae / 1e6,
                  as / 1e6, bal.gives_m2[0] / 1e6, bal.gets_m2[0] / 1e6, bal.ratio_a);

  /* No swaps: all zero, ratios 0 rather than a division by zero. */
  {
    g_autoptr (GPtrArray) none = g_ptr_array_new ();
    dm_swap_balance_compute (none, &bal);
    g_assert_cmpfloat (bal.gives_m2[0] + bal.gets_m2[1] + bal.ratio_a + bal.ratio_b, ==, 0);
  }
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
  g_assert_cmpfloat (fabs (uniimog.line_length_m - 1448409.6), <, 1e-6);

  /* The reference line itself gives the reference figures. */
  dm_monitoring_estimate (uniimog.line_length_m, &uniimog, &obs, &pat);
  g_assert_cmpfloat (fabs (obs - 400), <, 1e-9);
  g_assert_cmpfloat (fabs (pat - 64), <, 1e-9);

  /* An edited ratio: 10 observers and 2 patrols per 100 km. */
  {
    DmMonitoringRatio r = { 10, 2, 100e3 };

    dm_monitoring_estimate (1087.1e3, &r, &obs, NULL);
    g_assert_cmpfloat (fabs (obs - 108.71), <, 1e-9);
    dm_monitoring_estimate (0, &r, &obs, &pat);
    g_assert_cmpfloat (obs + pat, ==, 0);
  }
}

static void
test_settlements_in_zone (void)
{
  const double xy[] = { 35.0, 47.0, 36.0, 47.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (DmZoneRule) rule = dm_zone_rule_new_line_band ("DMZ", DM_ZONE_DEMILITARISED, 4000, 4000);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmZoneResult) zone = dm_zones_evaluate_from_scratch (line, rule, NULL, &error);
  g_autoptr (DmSettlements) s = NULL;
  DmPlace places[] = {
    { 35.5, 47.02, 50000, (char *) "Inside", NULL, NULL, (char *) "UA" },  /* ~2.2 km north */
    { 35.5, 47.10, 90000, (char *) "Outside", NULL, NULL, (char *) "UA" }, /* ~11 km north */
    { 35.2, 46.98, 1000, (char *) "Small", NULL, NULL, (char *) "UA" },    /* ~2.2 km south */
  };

  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));

  g_assert_no_error (error);
  s = dm_settlements_in_zone (zone, index);
  g_assert_cmpuint (s->n_settlements, ==, 2);
  g_assert_cmpint (s->population, ==, 51000);
  g_assert_cmpstr (g_ptr_array_index (s->names, 0), ==, "Inside (50,000)");
}

/* The settlement test (crossing parity over the zone's ring edges, in
 * bands) agrees with GEOS on a grid of 10,000 points over a one-sided,
 * tiled zone along a winding 3,000-vertex line. */
static void
test_settlements_agree_with_geos (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 5, 250e3);
  g_autoptr (DmZoneRule) rule = dm_zone_rule_new_line_band ("Band", DM_ZONE_WITHDRAWAL, 12000, 3000);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmZoneResult) zone = dm_zones_evaluate_from_scratch (line, rule, NULL, &error);
  g_autoptr (DmGeometry) pieces = NULL;
  g_autoptr (DmGeosGeometry) geom = NULL;
  g_autoptr (DmSettlements) s = NULL;
  g_autoptr (GArray) places = g_array_new (FALSE, TRUE, sizeof (DmPlace));
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const GEOSPreparedGeometry *prepared;
  double x0, y0, x1, y1;
  guint expected = 0;

  g_assert_no_error (error);
  pieces = dm_zone_result_get_geometry (zone, DM_SIDE_NONE);
  dm_geometry_get_extent (pieces, &x0, &y0, &x1, &y1);
  geom = dm_geometry_to_geos (ctx, pieces);
  prepared = GEOSPrepare_r (ctx, geom);
  for (guint i = 0; i < 100; i++)
    for (guint j = 0; j < 100; j++)
      {
        /* Irrational steps: no point falls on a tile edge. */
        DmPlace p = { x0 + (x1 - x0) * (i + 0.5 + 0.1 * M_SQRT2) / 100,
                      y0 + (y1 - y0) * (j + 0.5 + 0.1 * M_SQRT1_2) / 100,
                      1,
                      (char *) "P",
                      NULL,
                      NULL,
                      (char *) "UA" };
        g_autoptr (DmGeosGeometry) pt = GEOSGeom_createPointFromXY_r (ctx, p.lon, p.lat);

        expected += GEOSPreparedIntersects_r (ctx, prepared, pt) == 1;
        g_array_append_val (places, p);
      }
  GEOSPreparedGeom_destroy_r (ctx, prepared);
  {
    g_autoptr (DmPlaceIndex) index = dm_place_index_new ((const DmPlace *) (gpointer) places->data, places->len);

    s = dm_settlements_in_zone (zone, index);
  }
  g_test_message ("%u of %u points inside (GEOS: %u)", s->n_settlements, places->len, expected);
  g_assert_cmpuint (expected, >, 300);
  g_assert_cmpuint (s->n_settlements, ==, expected);
}

static void
test_basemap (void)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (DmBasemap) map = dm_basemap_get_default (&error);
  const char *name = NULL;
  const DmGeometry *ua, *donetsk;

  g_test_message ("basemap loaded in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  const DmPlace *places;
  guint n;

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (dm_basemap_default_path (), "basemap.gpkg"));
  ua = dm_basemap_find_region (map, "Ukraine", &name, &error);
  g_assert_nonnull (ua);
  g_assert_cmpstr (name, ==, "Ukraine");
  g_assert_true (ua == dm_basemap_find_region (map, "UA", NULL, NULL));
  g_assert_true (ua == dm_basemap_find_region (map, "ua", NULL, NULL));
  g_assert_true (ua == dm_basemap_find_region (map, "Україна", NULL, NULL));
  g_assert_true (ua == dm_basemap_find_region (map, "УКРАИНА", NULL, NULL));
  g_assert_true (ua == dm_basemap_get_country (map, "UA"));
  g_assert_null (dm_basemap_get_country (map, "UA-14"));
  /* Ukraine de jure, Crimea included: about 603,500 km² (the basemap's
   * simplified 1:10m outline gives a little less). */
  g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (ua), >, 590e9);
  g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (ua), <, 610e9);

  donetsk = dm_basemap_find_region (map, "UA-14", &name, &error);
  g_assert_nonnull (donetsk);
  g_assert_cmpstr (name, ==, "Donetsk");
  g_assert_true (donetsk == dm_basemap_get_admin1 (map, "ua-14"));
  g_assert_null (dm_basemap_get_admin1 (map, "UA"));
  g_assert_cmpstr (dm_basemap_get_region_name (map, "UA-14"), ==, "Donetsk");
  g_assert_cmpstr (dm_basemap_get_region_name (map, "BY"), ==, "Belarus");
  g_assert_null (dm_basemap_get_region_name (map, "XX"));
  /* By name in English, Ukrainian and Russian, whole or as people say it. */
  {
    const char *names[] = { "Donetsk",  "donetsk", "Donetska oblast",  "Donetska", "Донецька область",
                            "Донецька", "Донецьк", "Донецкая область", "Донецк",   "DONETSK OBLAST" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_test_message ("%s", names[i]);
        g_assert_true (donetsk == dm_basemap_find_region (map, names[i], NULL, NULL));
      }
  }
  /* Kharkivska oblast as "Харьков" (Russian city stem), Kyiv the city. */
  g_assert_true (dm_basemap_find_region (map, "Харьков", NULL, NULL) == dm_basemap_get_admin1 (map, "UA-63"));
  g_assert_true (dm_basemap_find_region (map, "Kyiv", NULL, NULL) == dm_basemap_get_admin1 (map, "UA-30"));
  g_assert_null (dm_basemap_find_region (map, "Atlantis", NULL, &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NO_SUCH_REGION);
  g_assert_nonnull (strstr (error->message, "Atlantis"));
  g_clear_error (&error);
  /* Too short to stand for a name. */
  g_assert_null (dm_basemap_find_region (map, "Don", NULL, NULL));

  places = dm_basemap_get_places (map, &n);
  g_assert_cmpuint (n, >, 10000);
  g_assert_cmpint (places[0].population, >=, places[n - 1].population);
  {
    /* Around Donetsk city: the city itself first, all inside the box. */
    g_autoptr (GPtrArray) near = dm_basemap_query_places (map, 37.5, 47.8, 38.1, 48.2, 10000);
    const DmPlace *first;

    g_assert_cmpuint (near->len, >, 3);
    first = g_ptr_array_index (near, 0);
    g_assert_cmpstr (first->name_en, ==, "Donetsk");
    g_assert_cmpint (first->population, >, 500000);
    for (guint i = 0; i < near->len; i++)
      {
        const DmPlace *p = g_ptr_array_index (near, i);

        g_assert_true (p->lon >= 37.5 && p->lon <= 38.1 && p->lat >= 47.8 && p->lat <= 48.2);
        g_assert_cmpint (p->population, >=, 10000);
        if (i > 0)
          g_assert_cmpint (p->population, <=, ((const DmPlace *) g_ptr_array_index (near, i - 1))->population);
      }
  }
  {
    g_autoptr (GPtrArray) none = dm_basemap_query_places (map, -10, -10, -9, -9, 0);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* The Black Sea and Azov coasts. */
  g_assert_true (dm_geometry_is_lineal (dm_basemap_get_coastline (map)));
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (dm_basemap_get_coastline (map)), >, 10000e3);

  g_test_message ("attribution: %s", dm_basemap_get_attribution (map));
  g_assert_cmpstr (dm_basemap_get_attribution (map), ==,
                   "Natural Earth; iso-codes (LGPL); GSHHG (LGPL); GeoNames (CC BY 4.0)");
  g_assert_nonnull (strstr (dm_basemap_get_attribution_full (map), "Data © GeoNames"));
  g_assert_nonnull (strstr (dm_basemap_get_attribution_full (map), "Wessel"));

  /* One instance shared: the default is loaded once. */
  {
    g_autoptr (DmBasemap) again = dm_basemap_get_default (NULL);
    g_assert_true (again == map);
  }
}

static char *
ogr_text (OGRFeatureH f, OGRFeatureDefnH defn, const char *field)
{
  int i = OGR_FD_GetFieldIndex (defn, field);
  const char *v;

  if (i < 0 || !OGR_F_IsFieldSetAndNotNull (f, i) || *(v = OGR_F_GetFieldAsString (f, i)) == '\0')
    return NULL;
  return g_strdup (v);
}

static int
compare_population (gconstpointer a, gconstpointer b)
{
  const DmPlace *pa = a, *pb = b;

  return (pb->population > pa->population) - (pb->population < pa->population);
}

static void
free_place_names (gpointer data)
{
  DmPlace *p = data;

  g_free (p->name_en);
  g_free (p->name_uk);
  g_free (p->name_ru);
  g_free (p->country);
}

/*
 * The basemap reads its places and regions' names with SQLite from the
 * GeoPackage (dm-basemap.c); read here with OGR, feature by feature, they
 * are the same: every place's position, population, names and country in
 * the same order (largest first, the file's order among equals), and
 * every country's code and shape (its OGR feature's, by FID).
 */
static void
test_basemap_as_ogr (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (GArray) mine = NULL;
  g_autoptr (GArray) want = g_array_new (FALSE, TRUE, sizeof (DmPlace));
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureDefnH defn;
  OGRFeatureH f;
  const DmPlace *places;
  guint n_places, n_countries = 0;

  g_assert_nonnull (map);
  g_array_set_clear_func (want, free_place_names);
  dm_gdal_init ();
  ds = GDALOpenEx (dm_basemap_default_path (), GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayerByName (ds, "places");
  defn = OGR_L_GetLayerDefn (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH g = OGR_F_GetGeometryRef (f);
      DmPlace p = { 0 };

      g_assert_nonnull (g);
      p.lon = OGR_G_GetX (g, 0);
      p.lat = OGR_G_GetY (g, 0);
      p.population = OGR_F_GetFieldAsInteger64 (f, OGR_FD_GetFieldIndex (defn, "population"));
      p.name_en = ogr_text (f, defn, "name_en");
      p.name_uk = ogr_text (f, defn, "name_uk");
      p.name_ru = ogr_text (f, defn, "name_ru");
      p.country = ogr_text (f, defn, "country_iso_a2");
      g_array_append_val (want, p);
      OGR_F_Destroy (f);
    }
  g_array_sort (want, compare_population);
  places = dm_basemap_get_places (map, &n_places);
  g_assert_cmpuint (n_places, ==, want->len);
  g_assert_cmpuint (n_places, >, 100000);
  for (guint i = 0; i < n_places; i++)
    {
      const DmPlace *a = &places[i], *b = &g_array_index (want, DmPlace, i);

      g_assert_cmpfloat (a->lon, ==, b->lon);
      g_assert_cmpfloat (a->lat, ==, b->lat);
      g_assert_cmpint (a->population, ==, b->population);
      g_assert_cmpstr (a->name_en, ==, b->name_en);
      g_assert_cmpstr (a->name_uk, ==, b->name_uk);
      g_assert_cmpstr (a->name_ru, ==, b->name_ru);
      g_assert_cmpstr (a->country, ==, b->country);
    }

  mine = dm_basemap_list_regions (map, NULL);
  layer = GDALDatasetGetLayerByName (ds, "countries");
  defn = OGR_L_GetLayerDefn (layer);
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      const DmRegionInfo *info = &g_array_index (mine, DmRegionInfo, n_countries);
      g_autofree char *code = ogr_text (f, defn, "iso_a2");

      g_assert_cmpuint (n_countries, <, mine->len);
      g_assert_cmpstr (info->code, ==, code);
      /* The shape read by FID is this feature's (a few, for time). */
      if (n_countries % 40 == 0 || g_strcmp0 (code, "UA") == 0)
        {
          g_autoptr (DmGeometry) g = dm_geometry_from_ogr (OGR_F_GetGeometryRef (f));

          g_assert_nonnull (g);
          g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (info->geometry), dm_geodesy_geometry_area_m2 (g),
                                          1.0);
        }
      n_countries++;
      OGR_F_Destroy (f);
    }
  g_assert_cmpuint (n_countries, ==, mine->len);

  /* Ukraine's admin-1 regions: the same codes, in the file's order. */
  {
    g_autoptr (GArray) regions = dm_basemap_list_regions (map, "UA");
    guint n = 0;

    layer = GDALDatasetGetLayerByName (ds, "admin1");
    defn = OGR_L_GetLayerDefn (layer);
    OGR_L_SetAttributeFilter (layer, "country_iso_a2 = 'UA'");
    while ((f = OGR_L_GetNextFeature (layer)) != NULL)
      {
        g_autofree char *code = ogr_text (f, defn, "iso_3166_2");

        g_assert_cmpuint (n, <, regions->len);
        g_assert_cmpstr (g_array_index (regions, DmRegionInfo, n).code, ==, code);
        n++;
        OGR_F_Destroy (f);
      }
    g_assert_cmpuint (n, ==, regions->len);
    g_assert_cmpuint (n, >=, 25);
  }
  GDALClose (ds);
}

/* A GeoPackage blob (header, envelope, WKB) made by hand, both byte orders. */
static GByteArray *
gpkg_blob (guint8 flags, guint envelope_doubles, gboolean wkb_le, guint32 type, double x, double y)
{
  GByteArray *b = g_byte_array_new ();
  gboolean header_le = (flags & 1) != 0;
  guint8 head[8] = { 'G', 'P', 0, flags, 0, 0, 0, 0 };
  guint32 srs = header_le ? GUINT32_TO_LE (4326) : GUINT32_TO_BE (4326);
  guint8 order = wkb_le ? 1 : 0;
  guint32 t = wkb_le ? GUINT32_TO_LE (type) : GUINT32_TO_BE (type);

  memcpy (head + 4, &srs, 4);
  g_byte_array_append (b, head, 8);
  for (guint i = 0; i < envelope_doubles; i++)
    {
      double zero = 0.0;

      g_byte_array_append (b, (const guint8 *) &zero, 8);
    }
  g_byte_array_append (b, &order, 1);
  g_byte_array_append (b, (const guint8 *) &t, 4);
  for (guint k = 0; k < 3; k++)
    {
      double v = k == 0 ? x : k == 1 ? y : 123.0;
      guint64 bits;

      memcpy (&bits, &v, 8);
      bits = wkb_le ? GUINT64_TO_LE (bits) : GUINT64_TO_BE (bits);
      g_byte_array_append (b, (const guint8 *) &bits, 8);
    }
  return b;
}

/* The basemap's places are read from their GeoPackage blobs: a point with
 * or without an envelope, in either byte order, 2D or with Z or M, and
 * nothing else. */
static void
test_gpkg_blob_point (void)
{
  const struct {
    guint8 flags;
    guint envelope;
    gboolean wkb_le;
    guint32 type;
    gboolean ok;
  } cases[] = {
    { 0x01, 0, TRUE, 1, TRUE },          /* as GDAL writes a point */
    { 0x02, 4, FALSE, 1, TRUE },         /* big-endian, an XY envelope */
    { 0x05, 6, TRUE, 1001, TRUE },       /* ISO Z, an XYZ envelope */
    { 0x01, 0, TRUE, 0x80000001, TRUE }, /* extended WKB's Z flag */
    { 0x09, 8, FALSE, 3001, TRUE },      /* ZM, an XYZM envelope */
    { 0x11, 0, TRUE, 1, FALSE },         /* empty */
    { 0x21, 0, TRUE, 1, FALSE },         /* an extended GeoPackage type */
    { 0x0b, 0, TRUE, 1, FALSE },         /* envelope indicator 5 */
    { 0x01, 0, TRUE, 2, FALSE },         /* a line string */
    { 0x01, 0, TRUE, 1004, FALSE },      /* a multipoint Z */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GByteArray)
        b = gpkg_blob (cases[i].flags, cases[i].envelope, cases[i].wkb_le, cases[i].type, 30.5, -48.25);
      double lon = 0, lat = 0;

      g_assert_cmpint (dm_gpkg_blob_get_point (b->data, b->len, &lon, &lat), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpfloat (lon, ==, 30.5);
          g_assert_cmpfloat (lat, ==, -48.25);
          /* One byte short of the point's y: refused. */
          g_assert_false (dm_gpkg_blob_get_point (b->data, 8 + 8 * cases[i].envelope + 20, &lon, &lat));
        }
    }
  {
    g_autoptr (GByteArray) b = gpkg_blob (0x01, 0, TRUE, 1, 1, 2);
    double lon, lat;

    b->data[8] = 7; /* no such byte order */
    g_assert_false (dm_gpkg_blob_get_point (b->data, b->len, &lon, &lat));
    b->data[8] = 1;
    b->data[0] = 'X';
    g_assert_false (dm_gpkg_blob_get_point (b->data, b->len, &lon, &lat));
    g_assert_false (dm_gpkg_blob_get_point (NULL, 0, &lon, &lat));
  }
}

/* Places by box: the index finds in a box exactly the places a pass
 * over all of them finds, in their order (largest first), for boxes
 * large and small, on cell edges, at the poles and the antimeridian;
 * none for an empty or NaN box. */
static void
test_place_index (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  const DmPlaceIndex *index = dm_basemap_get_place_index (map);
  const DmPlace *places;
  guint n_places, n_found = 0;
  /* Fixed boxes: the whole world, beyond it, a 0.1° cell exactly, the
   * poles, both sides of the antimeridian, Ukraine's east. */
  const double fixed[][4] = {
    { -180, -90, 180, 90 },  { -500, -100, 500, 100 }, { 37.5, 48.0, 37.6, 48.1 }, { -180, 80, 180, 90 },
    { -180, -90, 180, -60 }, { 179, -20, 180, -10 },   { -180, -20, -179, -10 },   { 31.0, 46.0, 40.0, 52.0 },
  };

  g_assert_true (dm_basemap_get_place_index (map) == index);
  places = dm_place_index_get_places (index, &n_places);
  g_assert_true (places == dm_basemap_get_places (map, NULL));
  for (guint b = 0; b < G_N_ELEMENTS (fixed) + 300; b++)
    {
      double x0, y0, x1, y1;
      guint k = 0;

      if (b < G_N_ELEMENTS (fixed))
        {
          x0 = fixed[b][0], y0 = fixed[b][1], x1 = fixed[b][2], y1 = fixed[b][3];
        }
      else
        {
          /* Near Ukraine, sized from a town to a country, at times on
           * a cell's edge exactly. */
          double w = pow (10, g_rand_double_range (rand, -2.5, 1.0)), h = w * g_rand_double_range (rand, 0.3, 2.0);

          x0 = g_rand_double_range (rand, 22, 42);
          y0 = g_rand_double_range (rand, 44, 53);
          if (b % 3 == 0)
            {
              x0 = round (x0 * 10) / 10;
              y0 = round (y0 * 10) / 10;
            }
          x1 = x0 + w;
          y1 = y0 + h;
        }
      g_array_set_size (got, 0);
      dm_place_index_query (index, x0, y0, x1, y1, got);
      for (guint i = 0; i < n_places; i++)
        if (places[i].lon >= x0 && places[i].lon <= x1 && places[i].lat >= y0 && places[i].lat <= y1)
          {
            g_assert_cmpuint (k, <, got->len);
            g_assert_cmpuint (g_array_index (got, guint, k), ==, i);
            k++;
          }
      g_assert_cmpuint (k, ==, got->len);
      n_found += k;
      if (b == 0)
        g_assert_cmpuint (k, ==, n_places);
    }
  g_test_message ("%u places found in %u boxes", n_found, (guint) G_N_ELEMENTS (fixed) + 300);

  /* Empty, inverted and NaN boxes hold none; appending keeps what was there. */
  g_array_set_size (got, 1);
  g_array_index (got, guint, 0) = 42;
  dm_place_index_query (index, 38, 48, 37, 49, got);
  dm_place_index_query (index, NAN, 48, 38, 49, got);
  dm_place_index_query (index, 37, 48, 38, NAN, got);
  g_assert_cmpuint (got->len, ==, 1);
  dm_place_index_query (index, 37, 48, 38, 49, got);
  g_assert_cmpuint (got->len, >, 10);
  g_assert_cmpuint (g_array_index (got, guint, 0), ==, 42);

  /* A place without a position is in no box; an empty index holds none. */
  {
    DmPlace odd[] = {
      { NAN, 48.0, 10, (char *) "Nowhere", NULL, NULL, (char *) "XX" },
      { 37.0, 48.0, 5, (char *) "Here", NULL, NULL, (char *) "XX" },
    };
    g_autoptr (DmPlaceIndex) small = dm_place_index_new (odd, G_N_ELEMENTS (odd));
    g_autoptr (DmPlaceIndex) empty = dm_place_index_new (NULL, 0);

    g_array_set_size (got, 0);
    dm_place_index_query (small, -180, -90, 180, 90, got);
    g_assert_cmpuint (got->len, ==, 1);
    g_assert_cmpuint (g_array_index (got, guint, 0), ==, 1);
    dm_place_index_query (empty, -180, -90, 180, 90, got);
    g_assert_cmpuint (got->len, ==, 1);
  }
}

static void
test_basemap_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dm-basemap-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "basemap.gpkg", NULL);
  g_autofree char *partial = g_build_filename (dir, "partial.gpkg", NULL);

  g_assert_no_error (error);

  /* Missing. */
  g_assert_null (dm_basemap_open ("/nonexistent/basemap.gpkg", &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/basemap.gpkg"));
  g_assert_nonnull (strstr (error->message, "DM_DATADIR"));
  g_clear_error (&error);

  /* Not a GeoPackage. */
  g_assert_true (g_file_set_contents (text, "not a geopackage\n", -1, NULL));
  g_assert_null (dm_basemap_open (text, &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID);
  g_clear_error (&error);

  /* A GeoPackage with countries only: the message names the first
   * missing layer. */
  {
    GDALDriverH drv;
    GDALDatasetH ds;
    OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
    OGRLayerH layer;
    OGRFeatureH f;
    OGRGeometryH g = NULL;
    OGRFieldDefnH fd = OGR_Fld_Create ("iso_a2", OFTString);
    char *wkt = (char *) "POLYGON ((30 46, 32 46, 32 48, 30 48, 30 46))";

    dm_gdal_init ();
    drv = GDALGetDriverByName ("GPKG");
    ds = GDALCreate (drv, partial, 0, 0, 0, GDT_Unknown, NULL);
    g_assert_nonnull (ds);
    OSRImportFromEPSG (srs, 4326);
    OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
    layer = GDALDatasetCreateLayer (ds, "countries", srs, wkbPolygon, NULL);
    OGR_L_CreateField (layer, fd, TRUE);
    f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
    OGR_F_SetFieldString (f, 0, "XX");
    OGR_G_CreateFromWkt (&wkt, srs, &g);
    OGR_F_SetGeometryDirectly (f, g);
    g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
    OGR_F_Destroy (f);
    OGR_Fld_Destroy (fd);
    OSRDestroySpatialReference (srs);
    GDALClose (ds);
  }
  g_assert_null (dm_basemap_open (partial, &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“admin1”"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_unlink (text);
  g_unlink (partial);
  g_rmdir (dir);
}

/* Who gives and who gets a swap: the figures' sides win, then the
 * swap's own, then side A giving. */
static void
test_swap_sides (void)
{
  DmSwapFigures figures = { 0 };
  DmSide g, r;

  figures.giver = DM_SIDE_B;
  figures.receiver = DM_SIDE_A;
  dm_swap_sides (&figures, DM_SIDE_A, DM_SIDE_B, &g, &r);
  g_assert_cmpint (g, ==, DM_SIDE_B);
  g_assert_cmpint (r, ==, DM_SIDE_A);
  dm_swap_sides (NULL, DM_SIDE_B, DM_SIDE_NONE, &g, &r);
  g_assert_cmpint (g, ==, DM_SIDE_B);
  g_assert_cmpint (r, ==, DM_SIDE_A);
  dm_swap_sides (NULL, DM_SIDE_NONE, DM_SIDE_NONE, &g, &r);
  g_assert_cmpint (g, ==, DM_SIDE_A);
  g_assert_cmpint (r, ==, DM_SIDE_B);
}

static void
count_shape (const DmGeometry *shape, int value, gpointer user_data)
{
  guint *counts = user_data;

  counts[0]++;
  counts[1] += dm_geometry_is_polygonal (shape);
  counts[2] += value > 0;
}

/* Layers read shape by shape, as stored; the regions' polygons as the
 * renderer draws their borders from. */
static void
test_basemap_layers (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) countries = dm_basemap_get_region_geometries (map, TRUE);
  g_autoptr (GPtrArray) admin1 = dm_basemap_get_region_geometries (map, FALSE);
  guint land[3] = { 0 }, rivers[3] = { 0 };

  /* The world's land in 62,910 polygons (one per cell of the GSHHG
   * data), rivers as lines with their rank (1 the largest). */
  g_assert_true (dm_basemap_foreach_shape (map, "land", NULL, count_shape, land, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (land[0], >, 60000);
  g_assert_cmpuint (land[1], ==, land[0]);
  g_assert_cmpuint (land[2], ==, 0);
  g_assert_true (dm_basemap_foreach_shape (map, "rivers", "rank", count_shape, rivers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rivers[0], >, 1000);
  g_assert_cmpuint (rivers[1], ==, 0);
  g_assert_cmpuint (rivers[2], ==, rivers[0]);
  g_assert_false (dm_basemap_foreach_shape (map, "no_such_layer", NULL, count_shape, land, &error));
  g_assert_error (error, DM_BASEMAP_ERROR, DM_BASEMAP_ERROR_INVALID);
  g_clear_error (&error);
  /* The world's countries (Natural Earth's, de jure: 237) and Ukraine's
   * 27 regions among the admin-1 ones. */
  g_assert_cmpuint (countries->len, >, 200);
  g_assert_cmpuint (admin1->len, >, 27);
  g_assert_true (g_ptr_array_find (countries, dm_basemap_get_country (map, "UA"), NULL));
}

/* Territory straight from the sample line and the basemap's Ukraine:
 * the two sides add up to Ukraine. */
static void
test_sample_split (void)
{
  g_autofree char *line_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (line_path, NULL, NULL, &error);
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  const DmGeometry *line, *ua;
  double ua_area;
  gint64 start;

  g_assert_no_error (error);
  line = ((DmImportFeature *) g_ptr_array_index (layer->features, 0))->geometry;
  ua = dm_basemap_get_country (map, "UA");
  ua_area = dm_geodesy_geometry_area_m2 (ua);

  /* Two swaps: a block west of Donetsk city (B gives), a block north of
   * Zaporizhzhia (A gives). */
  {
    g_autoptr (DmGeometry) s1 = square (37.6, 47.9, 37.7, 48.0);
    g_autoptr (DmGeometry) s2 = square (35.1, 47.9, 35.3, 48.0);

    g_ptr_array_add (swaps, dm_swap_figures_compute (line, s1, 1, "Donetsk block", DM_SIDE_NONE, DM_SIDE_NONE));
    g_ptr_array_add (swaps, dm_swap_figures_compute (line, s2, 2, "Zaporizhzhia block", DM_SIDE_NONE, DM_SIDE_NONE));
    g_assert_cmpint (((DmSwapFigures *) g_ptr_array_index (swaps, 0))->giver, ==, DM_SIDE_B);
    g_assert_cmpint (((DmSwapFigures *) g_ptr_array_index (swaps, 1))->giver, ==, DM_SIDE_A);
  }

  start = g_get_monotonic_time ();
  t = dm_territory_compute (line, ua, "Ukraine", swaps, &error);
  g_assert_no_error (error);
  g_test_message ("Ukraine %.1f km²: A %.1f km² (%.2f %%), B %.1f km² (%.2f %%); after swaps A %.1f B %.1f; %.1f ms",
                  ua_area / 1e6, t->area_m2_side[0] / 1e6, 100 * t->share_side[0], t->area_m2_side[1] / 1e6,
                  100 * t->share_side[1], t->after_swaps_m2_side[0] / 1e6, t->after_swaps_m2_side[1] / 1e6,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpfloat (fabs (t->area_m2 / ua_area - 1), <, 1e-6);
  /* The sample README: 116,393 km² on side B. */
  g_assert_cmpfloat (fabs (t->area_m2_side[1] / 116393e6 - 1), <, 0.01);
  g_assert_cmpfloat (fabs (t->after_swaps_m2_side[0] + t->after_swaps_m2_side[1] - t->area_m2) / t->area_m2, <, 1e-9);
  {
    double s1 = ((DmSwapFigures *) g_ptr_array_index (swaps, 0))->area_m2;
    double s2 = ((DmSwapFigures *) g_ptr_array_index (swaps, 1))->area_m2;

    g_assert_cmpfloat (fabs (t->after_swaps_m2_side[0] - (t->area_m2_side[0] + s1 - s2)) / t->area_m2, <, 1e-9);
  }
}

/* One basemap, several threads computing territory at once (each with
 * its own GEOS context): the same figures as in one thread. */
typedef struct {
  const DmGeometry *line;
  const DmGeometry *region;
  double area_a;
} ThreadJob;

static gpointer
territory_thread (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr (DmTerritory) t = dm_territory_compute (job->line, job->region, "Ukraine", NULL, NULL);

  job->area_a = t != NULL ? t->area_m2_side[0] : -1;
  return NULL;
}

static void
test_sample_threads (void)
{
  g_autofree char *line_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (DmImportLayer) layer = dm_import_read (line_path, NULL, NULL, NULL);
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmTerritory) ref = NULL;
  ThreadJob jobs[4];
  GThread *threads[4];

  g_assert_nonnull (layer);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].line = ((DmImportFeature *) g_ptr_array_index (layer->features, 0))->geometry;
      jobs[i].region = dm_basemap_get_country (map, "UA");
      threads[i] = g_thread_new ("territory", territory_thread, &jobs[i]);
    }
  ref = dm_territory_compute (jobs[0].line, jobs[0].region, "Ukraine", NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpfloat (jobs[i].area_a, ==, ref->area_m2_side[0]);
    }
}

/* The sample line splits Ukraine into two parts adding up to it, and the
 * Russian-held part matches the sample's occupied territory, which was cut
 * from the same outline by the same line. */
static void
test_sample_territory (void)
{
  g_autofree char *line_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autofree char *occ_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "occupied-territory.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = dm_scenario_load_geodata (line_path, NULL, NULL, &error);
  g_autoptr (DmDocument) occ = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) r = NULL;
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (GPtrArray) refs = NULL;
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

/* People on each side: known towns either side of the meridian line, in
 * a swap, in a sub-region; each figure the sum of those places'
 * populations. */
static void
test_people_constructed (void)
{
  g_autoptr (DmGeometry) region = square (30, 46, 32, 48);
  g_autoptr (DmGeometry) line = meridian_line ();
  g_autoptr (DmGeometry) swap = square (31.2, 46.5, 31.4, 46.7); /* on B: B gives it to A */
  g_autoptr (DmGeometry) north = square (30, 47, 32, 48);        /* a sub-region */
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  g_autoptr (DmTerritory) t = NULL;
  g_autoptr (GError) error = NULL;
  DmPlace places[] = {
    { 30.5, 47.5, 100000, (char *) "West North", NULL, NULL, (char *) "XX" }, /* A, north */
    { 30.5, 46.5, 20000, (char *) "West South", NULL, NULL, (char *) "XX" },  /* A */
    { 31.5, 47.5, 7000, (char *) "East North", NULL, NULL, (char *) "XX" },   /* B, north */
    { 31.3, 46.6, 3000, (char *) "In the swap", NULL, NULL, (char *) "XX" },  /* B, in the swap */
    { 31.25, 46.55, 1500, (char *) "Also swapped", NULL, NULL, (char *) "XX" },
    { 33.0, 47.0, 900000, (char *) "Outside", NULL, NULL, (char *) "XX" }, /* outside the region */
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  DmRegionInfo sub = { "XX-N", "North", north };
  DmSwapFigures *sf;
  DmSwapBalance balance;

  sf = dm_swap_figures_compute (line, swap, 1, "East block", DM_SIDE_NONE, DM_SIDE_NONE);
  dm_swap_figures_add_settlements (sf, line, index);
  g_ptr_array_add (swaps, sf);
  g_assert_cmpint (sf->giver, ==, DM_SIDE_B);
  g_assert_cmpuint (sf->settlements->n_settlements, ==, 2);
  g_assert_cmpint (sf->settlements->population, ==, 3000 + 1500);
  g_assert_cmpuint (sf->moved_settlements, ==, 2);
  g_assert_cmpint (sf->moved_population, ==, 4500);
  dm_swap_balance_compute (swaps, &balance);
  g_assert_cmpint (balance.people_gets[0], ==, 4500);
  g_assert_cmpint (balance.people_gives[1], ==, 4500);
  g_assert_cmpint (balance.people_net[0], ==, 4500);
  g_assert_cmpint (balance.people_net[1], ==, -4500);

  t = dm_territory_compute (line, region, "Square", swaps, &error);
  g_assert_no_error (error);
  dm_territory_add_regions (t, &sub, 1);
  dm_territory_add_population (t, swaps, &sub, 1, index);
  g_assert_true (t->has_population);
  g_assert_cmpuint (t->settlements_side[0], ==, 2);
  g_assert_cmpuint (t->settlements_side[1], ==, 3);
  g_assert_cmpint (t->population_side[0], ==, 120000);
  g_assert_cmpint (t->population_side[1], ==, 11500);
  g_assert_cmpint (t->after_swaps_population_side[0], ==, 124500);
  g_assert_cmpint (t->after_swaps_population_side[1], ==, 7000);
  g_assert_cmpuint (t->after_swaps_settlements_side[0], ==, 4);
  /* The sub-region: the two northern towns. */
  g_assert_nonnull (t->regions);
  for (guint i = 0; i < t->regions->len; i++)
    {
      const DmTerritoryRegion *tr = g_ptr_array_index (t->regions, i);

      if (g_strcmp0 (tr->code, "XX-N") != 0)
        continue;
      g_assert_cmpint (tr->population_side[0], ==, 100000);
      g_assert_cmpint (tr->population_side[1], ==, 7000);
    }
  /* A swap whose places already lie on the receiver's side moves nobody. */
  {
    g_autoptr (DmGeometry) west = square (30.4, 46.4, 30.6, 46.6);
    DmSwapFigures *w = dm_swap_figures_compute (line, west, 2, "West", DM_SIDE_B, DM_SIDE_A);

    dm_swap_figures_add_settlements (w, line, index);
    g_assert_cmpuint (w->settlements->n_settlements, ==, 1);
    g_assert_cmpuint (w->moved_settlements, ==, 0);
    g_assert_cmpint (w->moved_population, ==, 0);
    dm_swap_figures_free (w);
  }
  {
    g_autofree char *text = dm_people_describe (4500, 2);

    g_assert_cmpstr (text, ==, "4,500 in 2 settlements");
  }
}

/* The sample: each side's people equal the sum, computed here with GEOS,
 * of the basemap's places inside each side's land. */
static void
test_people_sample (void)
{
  g_autofree char *line_path = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = dm_scenario_load_geodata (line_path, NULL, NULL, &error);
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) r = NULL;
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const DmPlace *places;
  guint n_places;
  gint64 want[2] = { 0, 0 }, edge[2] = { 0, 0 };

  g_assert_no_error (error);
  {
    /* A swap on Ukraine's side holding Tomakivka and Vil’ne, whose eastern
     * edge runs through Zaporizhzhia a few metres west of its centre
     * (35.1903° E, 47.8229° N). */
    g_autoptr (DmFeature)
      swap = dm_feature_new_land_swap ("Cut", square (34.7, 47.6, 35.19, 47.9), DM_SIDE_NONE, DM_SIDE_NONE);

    dm_document_add_feature (doc, swap);
  }
  engine = dm_engine_new (doc);
  r = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->territory);
  g_assert_true (r->territory->has_population);
  places = dm_basemap_get_places (map, &n_places);
  {
    const DmSwapFigures *sf = g_ptr_array_index (r->swaps, 0);
    gint64 inside = 0;
    gboolean warned = FALSE;

    for (guint i = 0; i < n_places; i++)
      if (places[i].lon > 34.7 && places[i].lon < 35.19 && places[i].lat > 47.6 && places[i].lat < 47.9)
        inside += places[i].population;
    g_assert_cmpint (inside, >, 10000);
    g_assert_nonnull (sf->settlements);
    g_assert_cmpint (sf->giver, ==, DM_SIDE_A);
    g_assert_cmpint (sf->settlements->population, ==, inside);
    g_assert_cmpint (sf->moved_population, ==, inside);
    g_assert_cmpint (r->balance.people_net[1], ==, inside);
    for (guint i = 0; i < r->warnings->len; i++)
      {
        const DmWarning *w = g_ptr_array_index (r->warnings, i);

        warned = warned || (strstr (w->message, "The land swap “Cut”") != NULL && strstr (w->message, "Zaporizh"));
      }
    g_test_message ("swap “Cut”: %" G_GINT64_FORMAT " people inside; a warning names the city it cuts: %d", inside,
                    warned);
    g_assert_true (warned);
  }
  /* GEOS: the places each side's land contains, and those on its edge
   * (the line through a town's very centre: either side may count it,
   * one does). */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, r->territory->side_geometry[s]);
      const GEOSPreparedGeometry *prepared = GEOSPrepare_r (ctx, g);

      for (guint i = 0; i < n_places; i++)
        {
          g_autoptr (DmGeosGeometry) pt = GEOSGeom_createPointFromXY_r (ctx, places[i].lon, places[i].lat);

          if (GEOSPreparedContains_r (ctx, prepared, pt) == 1)
            want[s] += places[i].population;
          else if (GEOSPreparedIntersects_r (ctx, prepared, pt) == 1)
            edge[s] += places[i].population;
        }
      GEOSPreparedGeom_destroy_r (ctx, prepared);
    }
  g_test_message ("people: Ukraine %" G_GINT64_FORMAT " (GEOS %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT
                  " on the edge), Russia %" G_GINT64_FORMAT " (GEOS %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT ")",
                  r->territory->population_side[0], want[0], edge[0], r->territory->population_side[1], want[1],
                  edge[1]);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpint (r->territory->population_side[s], >=, want[s]);
      g_assert_cmpint (r->territory->population_side[s], <=, want[s] + edge[s]);
    }
  /* Shared edges' towns counted once. */
  g_assert_cmpint (r->territory->population_side[0] + r->territory->population_side[1], ==,
                   want[0] + want[1] + MAX (edge[0], edge[1]));
  g_assert_cmpint (r->territory->population_side[0], >, r->territory->population_side[1]);
  g_assert_cmpint (r->territory->population_side[1], >, 1000000);
}

/* ---- The territory kept by difference ----------------------------------- */

/* The territory from scratch, with sub-regions and people, as the cache
 * makes it when it cannot use the difference. */
static DmTerritory *
territory_from_scratch (const DmGeometry *line,
                        const DmGeometry *region,
                        GPtrArray *swaps,
                        GArray *admin1,
                        const DmPlaceIndex *places)
{
  g_autoptr (GError) error = NULL;
  DmTerritory *t = dm_territory_compute (line, region, "Ukraine", swaps, &error);

  g_assert_no_error (error);
  dm_territory_add_regions (t, (const DmRegionInfo *) (gpointer) admin1->data, admin1->len);
  dm_territory_add_population (t, swaps, (const DmRegionInfo *) (gpointer) admin1->data, admin1->len, places);
  return t;
}

static void
assert_territories_agree (const DmTerritory *got, const DmTerritory *want)
{
  double tol = 1e-6 * want->area_m2;

  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpfloat (fabs (got->area_m2_side[s] - want->area_m2_side[s]), <=, tol);
      g_assert_cmpfloat (fabs (got->after_swaps_m2_side[s] - want->after_swaps_m2_side[s]), <=, tol);
      g_assert_cmpfloat (fabs (got->share_side[s] - want->share_side[s]), <=, 1e-6);
      g_assert_cmpuint (got->settlements_side[s], ==, want->settlements_side[s]);
      g_assert_cmpint (got->population_side[s], ==, want->population_side[s]);
      g_assert_cmpuint (got->after_swaps_settlements_side[s], ==, want->after_swaps_settlements_side[s]);
      g_assert_cmpint (got->after_swaps_population_side[s], ==, want->after_swaps_population_side[s]);
    }
  g_assert_cmpfloat (fabs (got->swapped_m2 - want->swapped_m2), <=, tol);
  g_assert_cmpuint (got->regions->len, ==, want->regions->len);
  for (guint i = 0; i < want->regions->len; i++)
    {
      const DmTerritoryRegion *w = g_ptr_array_index (want->regions, i);
      const DmTerritoryRegion *g = g_ptr_array_index (got->regions, i);

      /* In the same order, with the same figures. */
      g_assert_cmpstr (g->code, ==, w->code);
      for (guint s = 0; s < 2; s++)
        {
          g_assert_cmpfloat (fabs (g->area_m2_side[s] - w->area_m2_side[s]), <=, 1e-6 * w->area_m2);
          g_assert_cmpint (g->population_side[s], ==, w->population_side[s]);
        }
    }
}

/*
 * Random edits of @line (moves of every size, inserts, removals, all over
 * it, some near its ends, one near the swap): after each the cache's
 * territory equals the one from scratch to 1e-6 of the whole, people and
 * oblasts included; at least @min_by_difference of the edits went by
 * difference.
 */
static void
check_cache_random_edits (DmGeometry **linep, guint n_edits, guint32 seed, double min_by_difference)
{
  DmGeometry *line = *linep;
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmTerritoryCache) cache = dm_territory_cache_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GArray) admin1 = dm_basemap_list_regions (map, "UA");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmTerritory) first = NULL;
  const DmGeometry *ua = dm_basemap_get_country (map, "UA");
  const DmPlace *places;
  const DmPlaceIndex *index = dm_basemap_get_place_index (map);
  guint n_places, by_difference = 0, flipped = 0, reverted = 0, in_swap = 0, in_swap_by_difference = 0;
  gint64 people_before;
  double swap_lon, swap_lat;

  places = dm_basemap_get_places (map, &n_places);
  dm_geometry_get_point (line, dm_geometry_get_n_points (line) / 3, &swap_lon, &swap_lat);

  for (guint e = 0; e <= n_edits; e++)
    {
      g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
      g_autoptr (DmGeometry) swap = square (swap_lon - 0.1, swap_lat - 0.1, swap_lon + 0.1, swap_lat + 0.1);
      g_autoptr (DmTerritory) got = NULL, want = NULL;
      gboolean diff = FALSE, swap_edit = FALSE, swap_inner = FALSE;

      g_autoptr (DmGeometry) before = dm_geometry_copy (line);

      if (e > 0)
        {
          guint part = g_rand_int_range (rand, 0, dm_geometry_get_n_parts (line)), n, off, v, kind;
          double lon, lat, step = g_rand_int_range (rand, 0, 10) == 0 ? 0.03 : 0.003;

          off = dm_geometry_get_ring_offset (line, part, 0);
          dm_geometry_get_ring (line, part, 0, &n);
          if (n < 8)
            continue;
          v = off + g_rand_int_range (rand, 1, n - 1);
          kind = g_rand_int_range (rand, 0, 10);
          dm_geometry_get_point (line, v, &lon, &lat);
          /* Within the land swap (on whichever part crosses it): the
           * change is its receiver's after the swaps either way, and goes
           * by difference; or across its edge, split again. */
          if (e % 7 == 3)
            {
              g_autoptr (GArray) inside = g_array_new (FALSE, FALSE, sizeof (guint));
              /* Half of them near its edge, moved far enough to cross it. */
              gboolean edge = e % 14 == 3;

              for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
                {
                  guint np, po = dm_geometry_get_ring_offset (line, p, 0);

                  dm_geometry_get_ring (line, p, 0, &np);
                  for (guint j = po + 3; j + 4 < po + np; j++)
                    {
                      double x, y, d;

                      dm_geometry_get_point (line, j, &x, &y);
                      d = MAX (fabs (x - swap_lon), fabs (y - swap_lat));
                      if (edge ? fabs (d - 0.1) < 0.01 : d < 0.1)
                        g_array_append_val (inside, j);
                    }
                }
              if (inside->len > 0)
                {
                  double reach = edge ? 0.02 : step;

                  v = g_array_index (inside, guint, g_rand_int_range (rand, 0, inside->len));
                  dm_geometry_get_point (line, v, &lon, &lat);
                  dm_geometry_set_point (line, v, lon + g_rand_double_range (rand, -reach, reach),
                                         lat + g_rand_double_range (rand, -reach, reach));
                  in_swap += !edge;
                  swap_edit = TRUE;
                  swap_inner = !edge;
                }
            }
          if (swap_edit)
            {
              /* (Made above.) */
            }
          else if (e % 5 == 0)
            {
              /* Over a settlement near the line: it changes sides. */
              for (guint k = 0, i = g_rand_int_range (rand, 0, n_places); k < n_places; k++, i = (i + 1) % n_places)
                {
                  const DmPlace *p = &places[i];
                  guint best = 0;
                  double best_d = 0.02;

                  for (guint j = off + 3; j + 4 < off + n; j++)
                    {
                      double x, y;

                      dm_geometry_get_point (line, j, &x, &y);
                      if (hypot (x - p->lon, y - p->lat) < best_d)
                        {
                          best_d = hypot (x - p->lon, y - p->lat);
                          best = j;
                        }
                    }
                  if (best == 0)
                    continue;
                  dm_geometry_get_point (line, best, &lon, &lat);
                  dm_geometry_set_point (line, best, 2 * p->lon - lon, 2 * p->lat - lat);
                  break;
                }
            }
          else if (kind < 7)
            dm_geometry_set_point (line, v, lon + g_rand_double_range (rand, -step, step),
                                   lat + g_rand_double_range (rand, -step, step));
          else if (kind < 9)
            {
              double lon2, lat2;

              dm_geometry_get_point (line, v + 1, &lon2, &lat2);
              dm_geometry_insert_point (line, v + 1, (lon + lon2) / 2 + g_rand_double_range (rand, -step, step),
                                        (lat + lat2) / 2 + g_rand_double_range (rand, -step, step));
            }
          else
            dm_geometry_remove_point (line, v);
        }
      g_ptr_array_add (swaps, dm_swap_figures_compute (line, swap, 1, "Swap", DM_SIDE_NONE, DM_SIDE_NONE));

      got = dm_territory_cache_compute (cache, line, ua, "Ukraine", swaps,
                                        (const DmRegionInfo *) (gpointer) admin1->data, admin1->len, index, &diff,
                                        &error);
      want = territory_from_scratch (line, ua, swaps, admin1, index);
      if (got == NULL)
        {
          /* An edit that makes the line cross itself, say: the same error. */
          g_assert_nonnull (error);
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      assert_territories_agree (got, want);
      /* What the swap moves, to the square metre (the areas' tolerance
       * above is larger than a small edit's ring). */
      if (swap_edit)
        {
          g_assert_cmpfloat (fabs (got->swapped_m2 - want->swapped_m2), <=, 10.0);
          for (guint s = 0; s < 2; s++)
            g_assert_cmpfloat (fabs ((got->after_swaps_m2_side[s] - got->area_m2_side[s]) -
                                     (want->after_swaps_m2_side[s] - want->area_m2_side[s])),
                               <=, 10.0);
        }
      /* Shapes are the line's when split from scratch; those of an older
       * line when carried by difference. */
      g_assert_true (diff || got->side_geometry_current);
      g_assert_true (!diff || !got->side_geometry_current || dm_geometry_equal (line, before));
      by_difference += diff;
      in_swap_by_difference += swap_inner && diff;
      {
        /* A line made to cross itself is put back: the next edit starts
         * from a simple line again (the cache splits it from scratch). */
        GEOSContextHandle_t ctx = dm_geos_get_context ();
        g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, line);

        if (GEOSisSimple_r (ctx, g) != 1)
          {
            dm_geometry_free (line);
            line = g_steal_pointer (&before);
            reverted++;
          }
      }
      if (e > 0 && diff)
        flipped += got->settlements_side[0] != first->settlements_side[0];
      g_clear_pointer (&first, dm_territory_free);
      first = dm_territory_copy (got);
    }
  *linep = line;
  g_test_message ("%u of %u edits by difference, %u of them moving settlements, %u put back; %u of %u edits "
                  "within the land swap by difference",
                  by_difference, n_edits, flipped, reverted, in_swap_by_difference, in_swap);
  g_assert_cmpfloat (by_difference, >=, min_by_difference * n_edits);
  /* Edits within a swap go by difference too (its land is its
   * receiver's after the swaps, whatever the line says); those across
   * its edge were checked above to the square metre. */
  g_assert_cmpuint (in_swap, >=, 3);
  g_assert_cmpuint (in_swap_by_difference, >=, MAX (2, in_swap / 3));
  /* Edits by difference moved people, or the test checks nothing about
   * them. */
  people_before = first->population_side[0];
  g_assert_cmpint (people_before, >, 0);
  g_assert_cmpuint (flipped, >=, n_edits / 20);
}

static void
test_territory_cache_generated (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 11, 0);

  check_cache_random_edits (&line, 150, 5, 0.7);
}

/* The real tracker's line (three parts, along rivers and coasts). */
static void
test_territory_cache_real (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "occupied-2025-11-01.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = dm_scenario_load (path, NULL, &error);
  g_autoptr (DmGeometry) line = NULL;

  g_assert_no_error (error);
  line = dm_geometry_copy (dm_feature_get_geometry (dm_document_get_contact_line (doc)));
  g_assert_cmpuint (dm_geometry_get_n_parts (line), >, 1);
  check_cache_random_edits (&line, 100, 9, 0.6);
}

static void
assert_swaps_equal (const DmSwapFigures *got, const DmSwapFigures *want)
{
  g_assert_cmpfloat (got->area_m2, ==, want->area_m2);
  g_assert_cmpfloat (got->area_on_a_m2, ==, want->area_on_a_m2);
  g_assert_cmpfloat (got->area_on_b_m2, ==, want->area_on_b_m2);
  g_assert_cmpfloat (got->transfer_m2, ==, want->transfer_m2);
  g_assert_cmpint (got->giver, ==, want->giver);
  g_assert_cmpint (got->receiver, ==, want->receiver);
  g_assert_cmpint (got->straddles, ==, want->straddles);
  g_assert_cmpstr (got->note, ==, want->note);
  g_assert_cmpstr (got->name, ==, want->name);
  g_assert_true (dm_geometry_equal (got->geometry, want->geometry));
  g_assert_cmpint (got->moved_settlements, ==, want->moved_settlements);
  g_assert_cmpint (got->moved_population, ==, want->moved_population);
  g_assert_true ((got->settlements == NULL) == (want->settlements == NULL));
  if (want->settlements != NULL)
    {
      g_assert_cmpuint (got->settlements->n_settlements, ==, want->settlements->n_settlements);
      g_assert_cmpint (got->settlements->population, ==, want->settlements->population);
      g_assert_cmpuint (got->settlements->names->len, ==, want->settlements->names->len);
      for (guint i = 0; i < want->settlements->names->len; i++)
        g_assert_cmpstr (g_ptr_array_index (got->settlements->names, i), ==,
                         g_ptr_array_index (want->settlements->names, i));
    }
}

/* The zone's polygons not wholly inside a region, kept per tile, are
 * those a prepared test of every polygon finds, after every edit of a
 * drag that takes the line over the border and back. */
static void
test_zone_outside_kept (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 3, 0);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (31);
  const DmGeometry *ua = dm_basemap_get_country (map, "UA");
  g_autoptr (DmZoneOutside) kept = dm_zone_outside_new (ua);
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeosGeometry) ua_g = dm_geometry_to_geos (ctx, ua);
  const GEOSPreparedGeometry *prepared = GEOSPrepare_r (ctx, ua_g);
  guint most = 0;

  g_assert_true (dm_zone_outside_get_region (kept) == ua);
  dm_zone_cache_set_line (cache, line);
  for (guint e = 0; e < 40; e++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmZoneResult) zone = NULL;
      g_autoptr (DmGeometry) all = NULL, want = NULL, got = NULL;

      if (e > 0)
        {
          guint v = e % 4 == 0 ? 2 + e % 3 : (guint) g_rand_int_range (rand, 1, 2999);
          double lon, lat, step = e % 4 == 0 ? 0.5 : 0.01;

          dm_geometry_get_point (line, v, &lon, &lat);
          dm_geometry_set_point (line, v, lon + g_rand_double_range (rand, -step, step),
                                 lat + g_rand_double_range (rand, -step, step));
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTICES_MOVED);
        }
      zone = dm_zone_cache_evaluate (cache, dmz, NULL, &error);
      g_assert_no_error (error);
      /* Every polygon of the zone, tested on its own. */
      all = dm_zone_result_get_geometry (zone, DM_SIDE_NONE);
      want = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
      for (guint p = 0; p < dm_geometry_get_n_parts (all); p++)
        {
          g_autoptr (DmGeometry) polygon = dm_geometry_new (DM_GEOMETRY_POLYGON);
          g_autoptr (DmGeosGeometry) g = NULL;

          dm_geometry_begin_part (polygon);
          for (guint r = 0; r < dm_geometry_get_n_rings (all, p); r++)
            {
              guint n;
              const double *xy = dm_geometry_get_ring (all, p, r, &n);

              dm_geometry_add_ring (polygon, xy, n);
            }
          g = dm_geometry_to_geos (ctx, polygon);
          if (GEOSPreparedContains_r (ctx, prepared, g) == 1)
            continue;
          dm_geometry_begin_part (want);
          for (guint r = 0; r < dm_geometry_get_n_rings (all, p); r++)
            {
              guint n;
              const double *xy = dm_geometry_get_ring (all, p, r, &n);

              dm_geometry_add_ring (want, xy, n);
            }
        }
      got = dm_zone_outside_find (kept, zone);
      dm_zone_outside_sweep (kept);
      if (dm_geometry_is_empty (want))
        g_assert_null (got);
      else
        {
          g_assert_nonnull (got);
          g_assert_true (dm_geometry_equal (got, want));
        }
      most = MAX (most, dm_geometry_get_n_parts (want));
    }
  GEOSPreparedGeom_destroy_r (ctx, prepared);
  g_test_message ("up to %u polygons outside", most);
  g_assert_cmpuint (most, >, 0);
}

/* A swap's figures kept from one edit to the next are those computed
 * afresh after every edit of a drag: edits far from the swap, beside it,
 * across it (the line moved through a town, so people change hands),
 * inserts and removals, the swap itself redrawn, its sides given, and the
 * places taken away. */
static void
test_swap_cache (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 3, 0);
  g_autoptr (DmSwapCache) cache = dm_swap_cache_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  const DmPlaceIndex *index = dm_basemap_get_place_index (map);
  guint reused_n = 0, computed_n = 0, mid = 1500, moved_people = 0;
  double lon, lat;

  dm_geometry_get_point (line, mid, &lon, &lat);
  for (guint e = 0; e < 80; e++)
    {
      g_autoptr (DmGeometry)
        swap = square (lon - 0.15, lat - 0.1, lon + 0.15 + (e >= 60 && e < 62 ? 0.01 : 0), lat + 0.1);
      g_autoptr (DmSwapFigures) got = NULL, want = NULL;
      DmSide giver = e >= 64 && e < 66 ? DM_SIDE_B : DM_SIDE_NONE;
      const DmPlaceIndex *places = e >= 68 && e < 70 ? NULL : index;
      gboolean reused = FALSE;

      if (e > 0)
        {
          guint n = dm_geometry_get_n_points (line);
          /* Half the edits near the swap's stretch, half anywhere. */
          guint v = e % 2 ? g_rand_int_range (rand, mid - 60, mid + 60) : g_rand_int_range (rand, 1, n - 1);
          double vlon, vlat, step = e % 7 == 0 ? 0.05 : 0.002;

          dm_geometry_get_point (line, v, &vlon, &vlat);
          if (e % 11 == 0)
            dm_geometry_insert_point (line, v, vlon + step, vlat + step);
          else if (e % 13 == 0)
            dm_geometry_remove_point (line, v);
          else
            dm_geometry_set_point (line, v, vlon + g_rand_double_range (rand, -step, step),
                                   vlat + g_rand_double_range (rand, -step, step));
        }
      got = dm_swap_cache_compute (cache, line, swap, 7, "Swap", giver, DM_SIDE_NONE, places, &reused);
      want = dm_swap_figures_compute (line, swap, 7, "Swap", giver, DM_SIDE_NONE);
      if (places != NULL)
        dm_swap_figures_add_settlements (want, line, places);
      assert_swaps_equal (got, want);
      /* What changed the swap itself is never kept. */
      if (e == 60 || e == 62 || e == 64 || e == 66 || e == 68 || e == 70)
        g_assert_false (reused);
      reused_n += reused;
      computed_n += !reused;
      moved_people += want->moved_population > 0;
      dm_swap_cache_sweep (cache);
    }
  g_test_message ("%u edits kept the swap's figures, %u computed them again", reused_n, computed_n);
  g_assert_cmpuint (reused_n, >, 20);
  g_assert_cmpuint (computed_n, >, 20);
  g_assert_cmpuint (moved_people, >, 0);
  /* Without a line: kept too, and a line again computes anew. */
  {
    g_autoptr (DmGeometry) swap = square (lon - 0.15, lat - 0.1, lon + 0.15, lat + 0.1);
    g_autoptr (DmSwapFigures) a = dm_swap_cache_compute (cache, NULL, swap, 7, "Swap", 0, 0, index, NULL);
    g_autoptr (DmSwapFigures) b = NULL;
    gboolean reused = FALSE;

    b = dm_swap_cache_compute (cache, NULL, swap, 7, "Swap", 0, 0, index, &reused);
    g_assert_true (reused);
    assert_swaps_equal (b, a);
    g_clear_pointer (&b, dm_swap_figures_free);
    b = dm_swap_cache_compute (cache, line, swap, 7, "Swap", 0, 0, index, &reused);
    g_assert_false (reused);
  }
}

/* Places in a zone kept per tile agree with a test over the whole zone
 * after every edit of a drag, and the tiles kept follow the zone's. */
static void
test_settlements_zone_kept (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 3, 0);
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (23);
  g_autoptr (DmZonePlaces) kept = NULL;
  const DmPlaceIndex *index = dm_basemap_get_place_index (map);
  guint changed = 0;
  gint64 population = -1;

  kept = dm_zone_places_new (index);
  dm_zone_cache_set_line (cache, line);
  for (guint e = 0; e < 60; e++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmZoneResult) zone = NULL;
      g_autoptr (DmSettlements) want = NULL, got = NULL;

      if (e > 0)
        {
          guint v = g_rand_int_range (rand, 1, 2999);
          double lon, lat;

          dm_geometry_get_point (line, v, &lon, &lat);
          /* Now and then far enough to take a town in or out. */
          dm_geometry_set_point (line, v, lon + g_rand_double_range (rand, -0.05, 0.05),
                                 lat + g_rand_double_range (rand, -0.05, 0.05));
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTICES_MOVED);
        }
      zone = dm_zone_cache_evaluate (cache, dmz, NULL, &error);
      g_assert_no_error (error);
      want = dm_settlements_in_zone (zone, index);
      got = dm_settlements_in_zone_kept (kept, zone);
      dm_zone_places_sweep (kept);
      g_assert_cmpuint (got->n_settlements, ==, want->n_settlements);
      g_assert_cmpint (got->population, ==, want->population);
      g_assert_cmpuint (got->names->len, ==, want->names->len);
      for (guint i = 0; i < want->names->len; i++)
        g_assert_cmpstr (g_ptr_array_index (got->names, i), ==, g_ptr_array_index (want->names, i));
      changed += population >= 0 && got->population != population;
      population = got->population;
    }
  g_assert_cmpint (population, >, 0);
  /* The edits moved people in and out, or nothing was tested. */
  g_assert_cmpuint (changed, >, 0);
}

/* A second part that ends inside Ukraine, far from any border, divides
 * nothing: edits of it change no figure, and the cache does not take the
 * area beside it as changing hands. */
static void
test_territory_cache_dangling_part (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) front = dm_bench_make_front_line (600, 4, 0);
  g_autoptr (DmGeometry) line = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  g_autoptr (DmTerritoryCache) cache = dm_territory_cache_new ();
  g_autoptr (GArray) admin1 = dm_basemap_list_regions (map, "UA");
  g_autoptr (GPtrArray) swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_swap_figures_free);
  const DmGeometry *ua = dm_basemap_get_country (map, "UA");
  const DmPlaceIndex *index = dm_basemap_get_place_index (map);
  guint first;
  double stub[40];

  /* Inside Zhytomyr oblast, over 100 km from the nearest border. */
  for (guint i = 0; i < 20; i++)
    {
      stub[2 * i] = 28.3 + 0.03 * i;
      stub[2 * i + 1] = 50.3 + 0.005 * (i % 3);
    }
  dm_geometry_begin_part (line);
  dm_geometry_add_ring (line, dm_geometry_get_coords (front), dm_geometry_get_n_points (front));
  dm_geometry_begin_part (line);
  dm_geometry_add_ring (line, stub, 20);
  first = dm_geometry_get_n_points (front);

  for (guint e = 0; e < 6; e++)
    {
      g_autoptr (DmTerritory) got = NULL, want = NULL;
      g_autoptr (GError) error = NULL;
      gboolean diff = TRUE;
      double lon, lat;

      if (e > 0)
        {
          dm_geometry_get_point (line, first + 5 + e, &lon, &lat);
          dm_geometry_set_point (line, first + 5 + e, lon, lat + 0.004);
        }
      got = dm_territory_cache_compute (cache, line, ua, "Ukraine", swaps,
                                        (const DmRegionInfo *) (gpointer) admin1->data, admin1->len, index, &diff,
                                        &error);
      g_assert_no_error (error);
      want = territory_from_scratch (line, ua, swaps, admin1, index);
      assert_territories_agree (got, want);
      g_assert_false (diff);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analytics/territory/square", test_territory_square);
  g_test_add_func ("/analytics/territory/errors", test_territory_errors);
  g_test_add_func ("/analytics/territory/extend", test_territory_extend);
  g_test_add_func ("/analytics/territory/swaps-applied", test_territory_swaps_geometric);
  g_test_add_func ("/analytics/swaps/balance", test_swaps_balance);
  g_test_add_func ("/analytics/swaps/sides", test_swap_sides);
  g_test_add_func ("/analytics/monitoring", test_monitoring);
  g_test_add_func ("/analytics/settlements-in-zone", test_settlements_in_zone);
  g_test_add_func ("/analytics/settlements-agree-with-geos", test_settlements_agree_with_geos);
  g_test_add_func ("/analytics/basemap", test_basemap);
  g_test_add_func ("/analytics/basemap/errors", test_basemap_errors);
  g_test_add_func ("/analytics/basemap/place-index", test_place_index);
  g_test_add_func ("/analytics/basemap/as-ogr", test_basemap_as_ogr);
  g_test_add_func ("/analytics/basemap/gpkg-blob", test_gpkg_blob_point);
  g_test_add_func ("/analytics/basemap/layers", test_basemap_layers);
  g_test_add_func ("/analytics/sample/split", test_sample_split);
  g_test_add_func ("/analytics/sample/threads", test_sample_threads);
  g_test_add_func ("/analytics/sample/territory", test_sample_territory);
  g_test_add_func ("/analytics/people/constructed", test_people_constructed);
  g_test_add_func ("/analytics/people/sample", test_people_sample);
  g_test_add_func ("/analytics/territory-cache/generated", test_territory_cache_generated);
  g_test_add_func ("/analytics/settlements-zone-kept", test_settlements_zone_kept);
  g_test_add_func ("/analytics/swap-cache", test_swap_cache);
  g_test_add_func ("/analytics/zone-outside-kept", test_zone_outside_kept);
  g_test_add_func ("/analytics/territory-cache/dangling-part", test_territory_cache_dangling_part);
  g_test_add_func ("/analytics/territory-cache/real", test_territory_cache_real);
  return g_test_run ();
}
