/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <geodesic.h>

#include "dm-geodesy.h"
#include "test-tools.h"
#include "dm-units.h"

/*
 * Published GeographicLib results on WGS 84 (Karney, "Algorithms for
 * geodesics", J. Geodesy 87, 2013; the worked examples of the Wikipedia
 * article "Geodesics on an ellipsoid" that quotes it).
 */
static void
test_inverse_published (void)
{
  double s12, azi1, azi2;

  dm_geodesy_inverse (0.0, -30.0, 179.8, 29.9, &s12, &azi1, &azi2);
  g_assert_cmpfloat_with_epsilon (s12, 19989832.827610, 1e-3);
  g_assert_cmpfloat_with_epsilon (azi1, 161.890524736, 1e-9);
  g_assert_cmpfloat_with_epsilon (azi2, 18.090737246, 1e-9);
}

static void
test_direct_published (void)
{
  double lon2, lat2;

  dm_geodesy_direct (0.0, 40.0, 30.0, 10000e3, &lon2, &lat2);
  g_assert_cmpfloat_with_epsilon (lat2, 41.79331020506, 1e-11);
  g_assert_cmpfloat_with_epsilon (lon2, 137.84490004377, 1e-11);
}

/* One octant of the ellipsoid: an eighth of WGS 84's surface,
 * 510,065,621,724,088.5 m² (GeographicLib's authalic area). */
static void
test_area_octant (void)
{
  const double ccw[] = { 0, 0, 90, 0, 0, 90 };
  const double cw[] = { 0, 0, 0, 90, 90, 0 };
  const double expected = 510065621724088.5 / 8.0;

  g_assert_cmpfloat_with_epsilon (dm_geodesy_ring_area_m2 (ccw, 3) / expected, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_ring_area_m2 (cw, 3) / -expected, 1.0, 1e-9);
}

static void
test_geometry_area_with_hole (void)
{
  /* A 1°×1° cell near Donetsk with a 0.5°×0.5° hole; two parts. */
  const double outer[] = { 37, 47, 38, 47, 38, 48, 37, 48, 37, 47 };
  const double hole[] = { 37.25, 47.25, 37.25, 47.75, 37.75, 47.75, 37.75, 47.25 };
  const double second[] = { 39, 47, 40, 47, 40, 48, 39, 48 };
  g_autoptr (DmGeometry) g = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  double a_outer = dm_geodesy_ring_area_m2 (outer, 5);
  double a_hole = fabs (dm_geodesy_ring_area_m2 (hole, 4));
  double a_second = dm_geodesy_ring_area_m2 (second, 4);

  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, outer, 5);
  dm_geometry_add_ring (g, hole, 4); /* clockwise, as holes should be */
  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, second, 4);

  /* A 1° cell at 47.5°N is about 111.2 km × 75.2 km ≈ 8,360 km². */
  g_assert_cmpfloat (a_outer, >, 8.2e9);
  g_assert_cmpfloat (a_outer, <, 8.5e9);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (g), a_outer - a_hole + a_second, 1e-3);
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (g), >, 2 * (111e3 + 75e3) * 2);
}

static void
test_point_path_distance (void)
{
  /* A meridian segment; a point 0.1° of longitude east of its middle. */
  const double path[] = { 36.0, 47.0, 36.0, 49.0 };
  guint seg;
  double f, d, expected;

  d = dm_geodesy_point_path_distance_m (36.1, 48.0, path, 2, &seg, &f);
  expected = dm_geodesy_distance_m (36.1, 48.0, 36.0, 48.0);
  g_assert_cmpuint (seg, ==, 0);
  /* The foot of the perpendicular is close to 48°N (not exactly: the
   * geodesic from the point meets the meridian at a right angle). */
  g_assert_cmpfloat (fabs (f - 0.5), <, 1e-3);
  g_assert_cmpfloat (d, <=, expected + 1e-6);
  g_assert_cmpfloat (d, >, expected - 1.0);

  /* Beyond the end: the distance to the end point. */
  d = dm_geodesy_point_path_distance_m (36.0, 50.0, path, 2, &seg, &f);
  g_assert_cmpfloat_with_epsilon (d, dm_geodesy_distance_m (36.0, 50.0, 36.0, 49.0), 1e-6);
  g_assert_cmpfloat (f, ==, 1.0);
}

/*
 * Random pairs over the region of interest and beyond, against
 * GeographicLib's own C++ tools (Debian's geographiclib-tools): an
 * implementation independent of the C port inside PROJ.
 */
/* The nearest point of a geodesic segment, against a search along it in
 * steps of a few metres: the same distance to a millimetre, never more. */
static void
test_point_segment_brute_force (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261207);

  for (guint i = 0; i < 60; i++)
    {
      double lon1 = g_rand_double_range (rand, 20, 50), lat1 = g_rand_double_range (rand, -60, 65);
      double az, len = g_rand_double_range (rand, 10, 60000), lon2, lat2, s13;
      double lon = lon1 + g_rand_double_range (rand, -0.6, 0.6), lat = lat1 + g_rand_double_range (rand, -0.4, 0.4);
      double seg[4], best = INFINITY, mine, f;
      const guint steps = 20000;

      az = g_rand_double_range (rand, 0, 360);
      dm_geodesy_direct (lon1, lat1, az, len, &lon2, &lat2);
      dm_geodesy_inverse (lon1, lat1, lon2, lat2, &s13, &az, NULL);
      for (guint k = 0; k <= steps; k++)
        {
          double x, y;

          dm_geodesy_direct (lon1, lat1, az, s13 * k / steps, &x, &y);
          best = MIN (best, dm_geodesy_distance_m (lon, lat, x, y));
        }
      seg[0] = lon1;
      seg[1] = lat1;
      seg[2] = lon2;
      seg[3] = lat2;
      mine = dm_geodesy_point_path_distance_m (lon, lat, seg, 2, NULL, &f);
      g_assert_cmpfloat (mine, <=, best + 1e-6);
      g_assert_cmpfloat (best - mine, <, 1e-3);
      g_assert_cmpfloat (f, >=, 0.0);
      g_assert_cmpfloat (f, <=, 1.0);
    }
}

static void
test_against_geodsolve (void)
{
  g_autofree char *geodsolve = g_find_program_in_path ("GeodSolve");
  g_autoptr (GString) input = g_string_new (NULL);
  g_autofree char *output = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20251101);
  double pts[200][4];

  if (geodsolve == NULL)
    {
      g_test_skip ("GeodSolve (geographiclib-tools) is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      pts[i][0] = g_rand_double_range (rand, -180, 180);
      pts[i][1] = g_rand_double_range (rand, -89, 89);
      pts[i][2] = g_rand_double_range (rand, -180, 180);
      pts[i][3] = g_rand_double_range (rand, -89, 89);
      if (i < 100) /* half of them short, front-line-sized */
        {
          pts[i][0] = g_rand_double_range (rand, 20, 50);
          pts[i][1] = g_rand_double_range (rand, 40, 60);
          pts[i][2] = pts[i][0] + g_rand_double_range (rand, -0.5, 0.5);
          pts[i][3] = pts[i][1] + g_rand_double_range (rand, -0.5, 0.5);
        }
      g_string_append_printf (input, "%.12f %.12f %.12f %.12f\n", pts[i][1], pts[i][0], pts[i][3], pts[i][2]);
    }
  output = run_tool (geodsolve, "-i -p 9", input->str);
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      double azi1, azi2, s12, mine;

      g_assert_cmpint (sscanf (lines[i], "%lf %lf %lf", &azi1, &azi2, &s12), ==, 3);
      mine = dm_geodesy_distance_m (pts[i][0], pts[i][1], pts[i][2], pts[i][3]);
      /* The WGS 84 test set's standard: 1 mm. */
      g_assert_cmpfloat_with_epsilon (mine, s12, 1e-3);
    }
}

static void
test_against_planimeter (void)
{
  g_autofree char *planimeter = g_find_program_in_path ("Planimeter");
  g_autoptr (GString) input = g_string_new (NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *output = NULL;
  double xy[2 * 400];
  double n_edges, perimeter, area;
  guint n = 400;

  if (planimeter == NULL)
    {
      g_test_skip ("Planimeter (geographiclib-tools) is not installed");
      return;
    }

  /* A star-shaped ring 300 km across around Zaporizhzhia, CCW. */
  for (guint i = 0; i < n; i++)
    {
      double a = 2 * G_PI * i / n;
      double r = 1.0 + 0.3 * g_rand_double (rand);

      xy[2 * i] = 35.1 + 1.5 * r * cos (a);
      xy[2 * i + 1] = 47.8 + 1.0 * r * sin (a);
      g_string_append_printf (input, "%.12f %.12f\n", xy[2 * i + 1], xy[2 * i]);
    }
  output = run_tool (planimeter, "-p 6", input->str);
  g_assert_cmpint (sscanf (output, "%lf %lf %lf", &n_edges, &perimeter, &area), ==, 3);
  g_assert_cmpfloat (n_edges, ==, n);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_ring_area_m2 (xy, n) / area, 1.0, 1e-9);
  {
    g_autoptr (DmGeometry) g = dm_geometry_new_polygon (xy, n);
    g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_length_m (g), perimeter, 1e-3);
  }
}

/* Whether a geometry has length, measured up to its first segment of some:
 * always what the whole length says. */
static void
test_has_length (void)
{
  const double same[] = { 30, 48, 30, 48, 30, 48 };
  const double pole[] = { 10, 90, 50, 90, -120, 90 };
  const double real[] = { 30, 48, 30, 48, 30.001, 48 };
  const double pt[] = { 30, 48 };
  g_autoptr (DmGeometry) parts = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  g_autoptr (DmGeometry) flat_parts = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  DmGeometry *cases[] = {
    dm_geometry_new_linestring (same, 3),     dm_geometry_new_linestring (pole, 3),
    dm_geometry_new_linestring (real, 3),     dm_geometry_new_point (pt[0], pt[1]),
    dm_geometry_new_polygon (real, 3),        dm_geometry_new_polygon (same, 3),
    dm_geometry_new (DM_GEOMETRY_LINESTRING),
  };
  const gboolean want[] = { FALSE, FALSE, TRUE, FALSE, TRUE, FALSE, FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (dm_geodesy_geometry_has_length (cases[i]), ==, want[i]);
      g_assert_cmpint (dm_geodesy_geometry_has_length (cases[i]), ==, dm_geodesy_geometry_length_m (cases[i]) > 0);
      dm_geometry_free (cases[i]);
    }
  /* A part of one point repeated, then one with length. */
  dm_geometry_begin_part (parts);
  dm_geometry_add_ring (parts, same, 3);
  dm_geometry_begin_part (parts);
  dm_geometry_add_ring (parts, real, 3);
  g_assert_true (dm_geodesy_geometry_has_length (parts));
  dm_geometry_begin_part (flat_parts);
  dm_geometry_add_ring (flat_parts, same, 3);
  dm_geometry_begin_part (flat_parts);
  dm_geometry_add_ring (flat_parts, pole, 3);
  g_assert_false (dm_geodesy_geometry_has_length (flat_parts));
}

/* Karney's area of a ring, from PROJ's geodesic.h directly. */
static double
karney_area (const double *xy, guint n)
{
  struct geod_geodesic g;
  struct geod_polygon p;
  double area = 0.0;

  geod_init (&g, DM_WGS84_A, DM_WGS84_F);
  geod_polygon_init (&p, FALSE);
  for (guint i = 0; i < n; i++)
    geod_polygon_addpoint (&g, &p, xy[2 * i + 1], xy[2 * i]);
  geod_polygon_compute (&g, &p, FALSE, TRUE, &area, NULL);
  return area;
}

/*
 * Short edges are taken on the authalic sphere, long ones by Karney's S12
 * (dm-geodesy.c): rings like a zone's tile pieces (a 4 km buffer's arcs of
 * 200 m, a dense line's edges of metres, a tile's edges of kilometres) at
 * every latitude, across the antimeridian and round a pole, both ways
 * round, against geod_polygon.  The sphere's error is under 0.05 m² an
 * edge of 1 km; taking it for 11 km edges would be 58 m² an edge.
 */
static void
test_area_short_edges (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (19);
  const guint n = 3000;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree double *rev = g_new (double, 2 * n);
  static const double near_lats[] = { -88, -60, 0, 45, 60, 75, 86, 88 };
  double worst = 0.0;

  for (int lat0 = -80; lat0 <= 85; lat0 += 5)
    for (guint shape = 0; shape < 3; shape++)
      {
        /* 0: a piece of 12 km × 8 km with ragged edges of 2–60 m; 1: a
         * 4 km circle of 8 m edges cut by a tile edge of 5.3 km, across
         * the antimeridian; 2: a ring of 20 km round, half of it in
         * edges of 5 km; at 85°, a ring round the pole. */
        double lon0 = shape == 1 ? 179.99 : 35.0 + lat0 * 0.1;
        double cosl = cos (lat0 * G_PI / 180.0);
        double ref, mine, ref_rev, mine_rev;
        guint m = 0;

        if (lat0 == 85 && shape != 2)
          continue;
        for (guint i = 0; i < n; i++)
          {
            double a = 2 * G_PI * i / n, dx, dy;

            if (lat0 == 85)
              {
                xy[2 * m] = remainder (360.0 * i / n, 360.0);
                xy[2 * m++ + 1] = 85.0 + 0.01 * sin (7 * a);
                continue;
              }
            if (shape == 0)
              {
                double r = 1.0 + 0.0005 * g_rand_double (rand);

                dx = 6000 * r * cos (a);
                dy = 4000 * r * sin (a);
              }
            else if (shape == 1)
              {
                /* The chord's two ends only. */
                if (4000 * sin (a) > 3000 && 4000 * sin (2 * G_PI * (i + 1) / n) > 3000 &&
                    4000 * sin (2 * G_PI * (i - 1.0) / n) > 3000)
                  continue;
                dx = 4000 * cos (a);
                dy = MIN (4000 * sin (a), 3000);
              }
            else
              {
                if (i >= n / 2 && i % 250 != 0)
                  continue;
                dx = 10000 * cos (a);
                dy = 10000 * sin (a);
              }
            xy[2 * m] = remainder (lon0 + dx / (111320.0 * cosl), 360.0);
            xy[2 * m++ + 1] = lat0 + dy / 111132.0;
          }
        for (guint i = 0; i < m; i++)
          {
            rev[2 * i] = xy[2 * (m - 1 - i)];
            rev[2 * i + 1] = xy[2 * (m - 1 - i) + 1];
          }
        ref = karney_area (xy, m);
        mine = dm_geodesy_ring_area_m2 (xy, m);
        ref_rev = karney_area (rev, m);
        mine_rev = dm_geodesy_ring_area_m2 (rev, m);
        g_assert_cmpfloat (ref, >, 0);
        worst = MAX (worst, fabs (mine - ref));
        if (g_test_verbose ())
          g_test_message ("lat %d shape %u, %u vertices: %.3f m² against %.3f", lat0, shape, m, mine, ref);
        g_assert_cmpfloat (fabs (mine - ref), <=, 0.1 + 1e-11 * ref);
        g_assert_cmpfloat (fabs (mine_rev - ref_rev), <=, 0.1 + 1e-11 * ref);
      }
  /* Edges on both sides of the threshold (500 m), up to 88°: a ring of
   * 3 km round, half of it in edges of 942 m (Karney's), a quarter in
   * 471 m and a quarter in 157 m (the sphere's); an edge of 180° of
   * longitude exactly (which way round is a tie, as geod_polygon has it). */
  for (guint k = 0; k < G_N_ELEMENTS (near_lats); k++)
    {
      double cosl = cos (near_lats[k] * G_PI / 180.0);
      double ref, mine;
      guint m = 0;

      for (guint i = 0; i < 50; i++)
        {
          double a = i < 10 ? G_PI * i / 10 : i < 20 ? G_PI + G_PI * (i - 10) / 20 : 1.5 * G_PI + G_PI * (i - 20) / 60;

          xy[2 * m] = 20.0 + 3000 * cos (a) / (111320.0 * cosl);
          xy[2 * m++ + 1] = near_lats[k] + 3000 * sin (a) / 111132.0;
        }
      ref = karney_area (xy, m);
      mine = dm_geodesy_ring_area_m2 (xy, m);
      worst = MAX (worst, fabs (mine - ref));
      if (g_test_verbose ())
        g_test_message ("lat %g, edges of 942, 471 and 157 m: %.4f m² against %.4f", near_lats[k], mine, ref);
      g_assert_cmpfloat (fabs (mine - ref), <=, 0.1);
    }
  {
    const double tie[] = { 90, 80, -90, 80, -135, 80 };

    g_assert_cmpfloat_with_epsilon (dm_geodesy_ring_area_m2 (tie, 3) / karney_area (tie, 3), 1.0, 1e-12);
  }
  g_test_message ("worst difference from geod_polygon: %.4f m²", worst);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geodesy/inverse/published", test_inverse_published);
  g_test_add_func ("/geodesy/direct/published", test_direct_published);
  g_test_add_func ("/geodesy/area/octant", test_area_octant);
  g_test_add_func ("/geodesy/has-length", test_has_length);
  g_test_add_func ("/geodesy/area/holes-and-parts", test_geometry_area_with_hole);
  g_test_add_func ("/geodesy/distance/point-to-path", test_point_path_distance);
  g_test_add_func ("/geodesy/distance/point-to-segment-brute-force", test_point_segment_brute_force);
  g_test_add_func ("/geodesy/inverse/geodsolve", test_against_geodsolve);
  g_test_add_func ("/geodesy/area/planimeter", test_against_planimeter);
  g_test_add_func ("/geodesy/area/short-edges", test_area_short_edges);
  return g_test_run ();
}
