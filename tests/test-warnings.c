/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <math.h>

#include "dm-basemap.h"
#include "dm-bench.h"
#include "dm-geodesy.h"
#include "dm-sides.h"
#include "dm-warnings.h"

static DmGeometry *
square (double lon0, double lat0, double lon1, double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

static DmWarning *
warning_at (GPtrArray *warnings, guint i)
{
  return g_ptr_array_index (warnings, i);
}

/* ---- Settlements ---- */

static void
test_settlement_radius (void)
{
  g_assert_cmpfloat_with_epsilon (dm_warnings_settlement_radius_m (1000), 600.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dm_warnings_settlement_radius_m (26000), 600.0 * sqrt (26.0), 1e-9);
  /* Clamped: a hamlet still has half a kilometre, a city at most 12 km. */
  g_assert_cmpfloat (dm_warnings_settlement_radius_m (10), ==, 500.0);
  g_assert_cmpfloat (dm_warnings_settlement_radius_m (0), ==, 500.0);
  g_assert_cmpfloat (dm_warnings_settlement_radius_m (3000000), ==, 12000.0);
}

static void
test_settlements_line (void)
{
  /* Along 48° N; 0.02° of latitude is about 2.2 km, 0.05° about 5.6 km. */
  const double xy[] = { 37.0, 48.0, 37.5, 48.0, 38.0, 48.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  DmPlace places[] = {
    { .lon = 37.5, .lat = 48.02, .population = 26000, .name_en = (char *) "Kupiansk" },
    { .lon = 37.6, .lat = 48.05, .population = 26000, .name_en = (char *) "Farville" },
    { .lon = 37.3, .lat = 48.004, .population = 0, .name_en = (char *) "Hamlet" },
    { .lon = 37.3, .lat = 47.993, .population = 0, .name_en = (char *) "Other Hamlet" },
    { .lon = 30.0, .lat = 40.0, .population = 5000000, .name_en = (char *) "Far City" },
    /* Beyond the east end: the end point is nearest, 2.98 km away. */
    { .lon = 38.04, .lat = 48.0, .population = 26000, .name_en = (char *) "East End" },
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  g_autoptr (GPtrArray) w = NULL;

  w = dm_warnings_settlements (line, "The contact line", index);
  g_assert_cmpuint (w->len, ==, 3);

  g_assert_cmpint (warning_at (w, 0)->kind, ==, DM_WARNING_SETTLEMENT_CUT);
  g_assert_cmpstr (warning_at (w, 0)->message, ==, "The contact line cuts through Kupiansk (pop. 26,000)");
  g_assert_cmpfloat (warning_at (w, 0)->lon, ==, 37.5);
  g_assert_cmpfloat (warning_at (w, 0)->lat, ==, 48.02);
  g_assert_cmpstr (warning_at (w, 1)->message, ==, "The contact line cuts through Hamlet");
  g_assert_cmpstr (warning_at (w, 2)->message, ==, "The contact line cuts through East End (pop. 26,000)");
}

static void
test_settlements_boundary (void)
{
  /* A zone's boundary: the ring's closing edge (west, 35° E) counts. */
  g_autoptr (DmGeometry) zone = square (35.0, 48.0, 36.0, 49.0);
  DmPlace places[] = {
    { .lon = 35.003, .lat = 48.5, .population = 1000, .name_en = (char *) "Westedge" },
    { .lon = 35.5, .lat = 48.5, .population = 1000000, .name_en = (char *) "Middle" },
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  g_autoptr (GPtrArray) w = NULL;

  w = dm_warnings_settlements (zone, "The demilitarised zone’s edge", index);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpstr (warning_at (w, 0)->message, ==, "The demilitarised zone’s edge cuts through Westedge (pop. 1,000)");
}

static void
test_settlements_none (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 7, 0);
  DmPlace places[] = {
    { .lon = 20.0, .lat = 60.0, .population = 100000, .name_en = (char *) "Far North" },
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  g_autoptr (GPtrArray) w = NULL;

  w = dm_warnings_settlements (line, "The contact line", index);
  g_assert_cmpuint (w->len, ==, 0);
  g_clear_pointer (&w, g_ptr_array_unref);
  w = dm_warnings_settlements (line, "The contact line", NULL);
  g_assert_cmpuint (w->len, ==, 0);
}

/* ---- Self-intersections ---- */

static void
test_self_figure_eight (void)
{
  /* A closed figure eight crosses itself once, in the middle. */
  const double xy[] = { 35.0, 48.0, 36.0, 49.0, 36.0, 48.0, 35.0, 49.0, 35.0, 48.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 5);
  g_autoptr (GPtrArray) w = dm_warnings_self_intersections (line);

  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpint (warning_at (w, 0)->kind, ==, DM_WARNING_SELF_INTERSECTION);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lon, 35.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lat, 48.5, 1e-12);
  g_assert_cmpstr (warning_at (w, 0)->message, ==, "The line crosses itself at 48.50000° N, 35.50000° E");
}

static void
test_self_loop_and_touch (void)
{
  /* An open line looping over itself once, then running through one of
   * its own vertices (a touch counts: the sides are ambiguous there). */
  const double xy[] = {
    0.0, 0.0,  2.0, 0.0, 2.0, 1.0, 1.0, 1.0, 1.0, -1.0, /* crosses (1, 0) */
    3.0, -1.0, 3.0, 2.0, 2.0, 2.0, 2.0, 1.0,            /* back to vertex (2, 1) */
  };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, G_N_ELEMENTS (xy) / 2);
  g_autoptr (GPtrArray) w = dm_warnings_self_intersections (line);

  g_assert_cmpuint (w->len, ==, 2);
  /* Sorted by longitude. */
  g_assert_cmpfloat (warning_at (w, 0)->lon, ==, 1.0);
  g_assert_cmpfloat (warning_at (w, 0)->lat, ==, 0.0);
  g_assert_cmpfloat (warning_at (w, 1)->lon, ==, 2.0);
  g_assert_cmpfloat (warning_at (w, 1)->lat, ==, 1.0);
}

static void
test_self_multi (void)
{
  /* Two stretches of a MultiLineString crossing each other. */
  g_autoptr (DmGeometry) multi = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  const double a[] = { 35.0, 48.0, 36.0, 48.0 };
  const double b[] = { 35.5, 47.5, 35.5, 48.5 };
  g_autoptr (GPtrArray) w = NULL;

  dm_geometry_begin_part (multi);
  dm_geometry_add_ring (multi, a, 2);
  dm_geometry_begin_part (multi);
  dm_geometry_add_ring (multi, b, 2);
  w = dm_warnings_self_intersections (multi);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpfloat (warning_at (w, 0)->lon, ==, 35.5);
  g_assert_cmpfloat (warning_at (w, 0)->lat, ==, 48.0);
}

static void
test_self_none (void)
{
  /* Repeated vertices and a closed ring are not crossings. */
  const double xy[] = { 0, 0, 1, 0, 1, 0, 1, 0, 2, 1, 2, 1, 3, 0 };
  const double ring[] = { 0, 0, 1, 0, 1, 1, 0, 1, 0, 0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, G_N_ELEMENTS (xy) / 2);
  g_autoptr (DmGeometry) closed = dm_geometry_new_linestring (ring, 5);
  g_autoptr (DmGeometry) front = dm_bench_make_front_line (30000, 3, 0);
  g_autoptr (GPtrArray) w1 = dm_warnings_self_intersections (line);
  g_autoptr (GPtrArray) w2 = dm_warnings_self_intersections (closed);
  g_autoptr (GPtrArray) w3 = dm_warnings_self_intersections (front);

  g_assert_cmpuint (w1->len, ==, 0);
  g_assert_cmpuint (w2->len, ==, 0);
  g_assert_cmpuint (w3->len, ==, 0);
}

/* ---- Swaps ---- */

static void
test_swap_overlap (void)
{
  g_autoptr (GPtrArray) geoms = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (DmGeometry) overlap = square (35.4, 48.4, 35.5, 48.5);
  g_autoptr (GPtrArray) w = NULL;
  double overlap_m2 = dm_geodesy_geometry_area_m2 (overlap);

  g_ptr_array_add (geoms, square (35.0, 48.0, 35.5, 48.5));
  g_ptr_array_add (names, (char *) "North");
  g_ptr_array_add (geoms, square (35.4, 48.4, 36.0, 49.0));
  g_ptr_array_add (names, (char *) "South");
  /* Shares an edge with the first: touching is no overlap. */
  g_ptr_array_add (geoms, square (34.0, 48.0, 35.0, 48.5));
  g_ptr_array_add (names, (char *) "West");

  w = dm_warnings_swap_overlaps (geoms, names);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpint (warning_at (w, 0)->kind, ==, DM_WARNING_SWAP_OVERLAP);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lon, 35.45, 1e-9);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lat, 48.45, 1e-9);
  /* 7.4 km × 11.1 km */
  g_assert_cmpfloat_with_epsilon (overlap_m2 / 1e6, 82.3, 0.1);
  g_assert_cmpstr (warning_at (w, 0)->message, ==, "Swaps “North” and “South” overlap by 82.3 km²");
  g_clear_pointer (&w, g_ptr_array_unref);

  /* Without names. */
  w = dm_warnings_swap_overlaps (geoms, NULL);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_true (g_str_has_prefix (warning_at (w, 0)->message, "Swaps “Swap 1” and “Swap 2” overlap by"));
}

static void
test_swap_no_overlap (void)
{
  g_autoptr (GPtrArray) geoms = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_geometry_free);
  g_autoptr (GPtrArray) w = NULL;

  g_ptr_array_add (geoms, square (35.0, 48.0, 35.5, 48.5));
  g_ptr_array_add (geoms, square (35.5, 48.0, 36.0, 48.5));
  g_ptr_array_add (geoms, square (37.0, 48.0, 38.0, 48.5));
  w = dm_warnings_swap_overlaps (geoms, NULL);
  g_assert_cmpuint (w->len, ==, 0);
  g_clear_pointer (&w, g_ptr_array_unref);

  g_ptr_array_set_size (geoms, 0);
  w = dm_warnings_swap_overlaps (geoms, NULL);
  g_assert_cmpuint (w->len, ==, 0);
}

/* ---- Zones ---- */

static void
test_zone_outside (void)
{
  g_autoptr (DmGeometry) zone = square (35.0, 48.0, 36.0, 49.0);
  g_autoptr (DmGeometry) allowed = square (34.0, 47.0, 35.9, 50.0);
  g_autoptr (DmGeometry) strip = square (35.9, 48.0, 36.0, 49.0);
  g_autoptr (GPtrArray) w = NULL;

  w = dm_warnings_zone_outside (zone, "The demilitarised zone", allowed, "Ukraine");
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpint (warning_at (w, 0)->kind, ==, DM_WARNING_ZONE_CROSSES_BORDER);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lon, 35.95, 1e-9);
  g_assert_cmpfloat_with_epsilon (warning_at (w, 0)->lat, 48.5, 1e-9);
  /* 7.4 km × 111 km */
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (strip) / 1e6, 822.0, 1.0);
  g_assert_cmpstr (warning_at (w, 0)->message, ==, "The demilitarised zone extends 822 km² outside Ukraine");
}

static void
test_zone_inside (void)
{
  g_autoptr (DmGeometry) zone = square (35.0, 48.0, 36.0, 49.0);
  g_autoptr (DmGeometry) allowed = square (34.0, 47.0, 37.0, 50.0);
  /* Beyond by 1e-7° (about 7 mm × 111 km ≈ 0.08 ha): under a hectare. */
  g_autoptr (DmGeometry) almost = square (34.0, 47.0, 35.9999999, 50.0);
  g_autoptr (GPtrArray) w1 = dm_warnings_zone_outside (zone, "Zone", allowed, "Ukraine");
  g_autoptr (GPtrArray) w2 = dm_warnings_zone_outside (zone, "Zone", almost, "Ukraine");

  g_assert_cmpuint (w1->len, ==, 0);
  g_assert_cmpuint (w2->len, ==, 0);
}

/* The edge of a band, not its inside, cuts a settlement. */
static void
test_band_edge_settlements (void)
{
  const double xy[] = { 35.0, 47.0, 35.5, 47.0, 36.0, 47.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  double lon, lat_edge_n, lat_inside_n, lat_edge_s;
  g_autoptr (GPtrArray) both = NULL;
  g_autoptr (GPtrArray) one_sided = NULL;
  DmPlace places[3] = { { 0 } };
  g_autoptr (DmPlaceIndex) index = NULL;

  /* Walking east, north is on the left: side A. */
  dm_geodesy_direct (35.3, 47.0, 0.0, 4000.0, &lon, &lat_edge_n);
  dm_geodesy_direct (35.6, 47.0, 0.0, 1000.0, &lon, &lat_inside_n);
  dm_geodesy_direct (35.8, 47.0, 180.0, 4000.0, &lon, &lat_edge_s);
  places[0] = (DmPlace){ 35.3, lat_edge_n, 10000, (char *) "Edgetown", NULL, NULL, (char *) "UA" };
  places[1] = (DmPlace){ 35.6, lat_inside_n, 10000, (char *) "Insideville", NULL, NULL, (char *) "UA" };
  places[2] = (DmPlace){ 35.8, lat_edge_s, 10000, (char *) "Southedge", NULL, NULL, (char *) "UA" };
  index = dm_place_index_new (places, G_N_ELEMENTS (places));

  both = dm_warnings_band_settlements (line, 4000, 4000, "DMZ", index);
  g_assert_cmpuint (both->len, ==, 2);
  g_assert_nonnull (strstr (((DmWarning *) g_ptr_array_index (both, 0))->message, "Edgetown"));
  g_assert_nonnull (strstr (((DmWarning *) g_ptr_array_index (both, 1))->message, "Southedge"));

  /* One-sided: no edge on side B. */
  one_sided = dm_warnings_band_settlements (line, 4000, 0, "DMZ", index);
  g_assert_cmpuint (one_sided->len, ==, 1);
  g_assert_nonnull (strstr (((DmWarning *) g_ptr_array_index (one_sided, 0))->message, "Edgetown"));
}

/* Whether @warnings hold one at the place. */
static gboolean
listed_at (GPtrArray *warnings, const DmPlace *p)
{
  for (guint k = 0; k < warnings->len; k++)
    {
      DmWarning *w = g_ptr_array_index (warnings, k);

      if (w->lon == p->lon && w->lat == p->lat)
        return TRUE;
    }
  return FALSE;
}

/* Whether the place is within @dlon, @dlat degrees of a vertex of @xy
 * (every @step-th): only those are worth the geodesics. */
static gboolean
near_vertices (const DmPlace *p, const double *xy, guint n, guint step, double dlon, double dlat)
{
  for (guint k = 0; k < n; k += step)
    if (fabs (xy[2 * k] - p->lon) < dlon && fabs (xy[2 * k + 1] - p->lat) < dlat)
      return TRUE;
  return FALSE;
}

/* Against a pass over every segment, geodesic: the places a generated
 * front cuts through are those within their radius of it, no more, no
 * fewer (the cell index and the planar filters drop none). */
static void
test_settlements_brute_force (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 8, 0);
  g_autoptr (GPtrArray) warnings = NULL;
  const double *xy = dm_geometry_get_coords (line);
  guint n = dm_geometry_get_n_points (line), n_places, expected = 0;
  const DmPlace *places = dm_basemap_get_places (map, &n_places);

  warnings = dm_warnings_settlements (line, "The line", dm_basemap_get_place_index (map));
  for (guint i = 0; i < n_places; i++)
    {
      const DmPlace *p = &places[i];
      double r = dm_warnings_settlement_radius_m (p->population), d;
      gboolean listed;

      if (!near_vertices (p, xy, n, 1, 1.0, 1.0))
        continue;
      d = dm_geodesy_point_path_distance_m (p->lon, p->lat, xy, n, NULL, NULL);
      listed = listed_at (warnings, p);
      /* A hair either side of the radius may go either way. */
      if (fabs (d - r) < 1.0)
        continue;
      g_assert_true (listed == (d <= r));
      expected += d <= r;
    }
  g_test_message ("%u settlements cut", expected);
  g_assert_cmpuint (expected, >, 5);
}

/* The edges of a band against every settlement near a generated line:
 * listed exactly when the geodesic distance is within its radius of the
 * edge on its side (those a hair off either way may go either way). */
static void
test_band_brute_force (void)
{
  g_autoptr (DmBasemap) map = dm_basemap_get_default (NULL);
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 8, 0);
  g_autoptr (GPtrArray) warnings = NULL;
  const double *xy = dm_geometry_get_coords (line);
  guint n = dm_geometry_get_n_points (line), n_places, expected = 0;
  const DmPlace *places = dm_basemap_get_places (map, &n_places);
  const double width_a = 4000, width_b = 9000;

  warnings = dm_warnings_band_settlements (line, width_a, width_b, "band", dm_basemap_get_place_index (map));
  for (guint i = 0; i < n_places; i++)
    {
      const DmPlace *p = &places[i];
      double r = dm_warnings_settlement_radius_m (p->population), d, width;
      gboolean listed;

      if (!near_vertices (p, xy, n, 10, 0.6, 0.4))
        continue;
      d = dm_geodesy_point_path_distance_m (p->lon, p->lat, xy, n, NULL, NULL);
      width = dm_sides_classify_point (xy, n, p->lon, p->lat) == DM_SIDE_A ? width_a : width_b;
      listed = listed_at (warnings, p);
      if (fabs (fabs (d - width) - r) < 1.0)
        continue;
      if (listed != (fabs (d - width) <= r))
        g_error ("%s (pop. %" G_GINT64_FORMAT ", radius %.0f m) %.0f m from the line, edge at %.0f m: %s", p->name_en,
                 p->population, r, d, width, listed ? "listed" : "not listed");
      expected += fabs (d - width) <= r;
    }
  g_test_message ("%u settlements on an edge", expected);
  g_assert_cmpuint (expected, >, 10);
}

/* A long segment along a parallel: the geodesic between its ends bows
 * towards the pole (about 480 m at the middle of 2° at 48.5° N), so a
 * place just south of the straight segment is farther than it looks and
 * one just north is nearer.  Listed exactly when the geodesic distance is
 * within the radius. */
static void
test_settlements_long_segment (void)
{
  const double xy[] = { 35.0, 48.5, 37.0, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  /* 1,000 people: a radius of 600 m. */
  DmPlace places[] = {
    { 36.0, 48.5 - 300 / 111200.0, 1000, (char *) "South", NULL, NULL, (char *) "UA" },
    { 36.0, 48.5 + 400 / 111200.0, 1000, (char *) "North", NULL, NULL, (char *) "UA" },
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  g_autoptr (GPtrArray) warnings = dm_warnings_settlements (line, "The line", index);
  double r = dm_warnings_settlement_radius_m (1000);

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      double d = dm_geodesy_point_path_distance_m (places[i].lon, places[i].lat, xy, 2, NULL, NULL);

      g_test_message ("%s: %.0f m from the geodesic, radius %.0f m", places[i].name_en, d, r);
      g_assert_cmpfloat (fabs (d - r), >, 50);
      g_assert_true (listed_at (warnings, &places[i]) == (d <= r));
    }
  /* South of the straight segment but beyond the radius of the geodesic. */
  g_assert_false (listed_at (warnings, &places[0]));
  g_assert_true (listed_at (warnings, &places[1]));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/warnings/settlements/radius", test_settlement_radius);
  g_test_add_func ("/warnings/settlements/line", test_settlements_line);
  g_test_add_func ("/warnings/settlements/boundary", test_settlements_boundary);
  g_test_add_func ("/warnings/settlements/none", test_settlements_none);
  g_test_add_func ("/warnings/self-intersection/figure-eight", test_self_figure_eight);
  g_test_add_func ("/warnings/self-intersection/loop-and-touch", test_self_loop_and_touch);
  g_test_add_func ("/warnings/self-intersection/multi", test_self_multi);
  g_test_add_func ("/warnings/self-intersection/none", test_self_none);
  g_test_add_func ("/warnings/swaps/overlap", test_swap_overlap);
  g_test_add_func ("/warnings/swaps/no-overlap", test_swap_no_overlap);
  g_test_add_func ("/warnings/zone/outside", test_zone_outside);
  g_test_add_func ("/warnings/zone/inside", test_zone_inside);

  g_test_add_func ("/warnings/settlements/band-edge", test_band_edge_settlements);
  g_test_add_func ("/warnings/settlements/brute-force", test_settlements_brute_force);
  g_test_add_func ("/warnings/settlements/band-brute-force", test_band_brute_force);
  g_test_add_func ("/warnings/settlements/long-segment", test_settlements_long_segment);
  return g_test_run ();
}
