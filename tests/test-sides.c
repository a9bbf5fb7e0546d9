/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-bench.h"
#include "dm-geodesy.h"
#include "dm-sides.h"

static void
test_classify_straight (void)
{
  /* Eastward along 48° N: north is left (side A). */
  const double line[] = { 35.0, 48.0, 36.0, 48.0 };

  g_assert_cmpint (dm_sides_classify_point (line, 2, 35.5, 48.1), ==, DM_SIDE_A);
  g_assert_cmpint (dm_sides_classify_point (line, 2, 35.5, 47.9), ==, DM_SIDE_B);
  /* Beyond the ends: the side of the end segment's direction. */
  g_assert_cmpint (dm_sides_classify_point (line, 2, 34.0, 48.01), ==, DM_SIDE_A);
  g_assert_cmpint (dm_sides_classify_point (line, 2, 37.0, 47.99), ==, DM_SIDE_B);
  /* On the line. */
  g_assert_cmpint (dm_sides_classify_point (line, 2, 35.5, 48.0), ==, DM_SIDE_NONE);
}

static void
test_classify_bend (void)
{
  /* East, then a left turn north at (1, 0): the outside of the bend is
   * the right (B), also in the wedge where the nearest point is the vertex
   * and one segment's extension would say otherwise. */
  const double line[] = { 0.0, 0.0, 1.0, 0.0, 1.0, 1.0 };
  const double *paths[] = { line };
  const guint n[] = { 3 };

  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 1.1, -0.1, NULL), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 1.3, -0.01, NULL), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 1.01, -0.3, NULL), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 0.9, 0.1, NULL), ==, DM_SIDE_A);
  /* Beyond the far end, west of its northward direction: A. */
  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 0.9, 1.5, NULL), ==, DM_SIDE_A);

  /* A right turn: the wedge outside is on the left. */
  {
    const double right[] = { 0.0, 0.0, 1.0, 0.0, 1.0, -1.0 };
    const double *rp[] = { right };
    double d;

    g_assert_cmpint (dm_sides_classify_point_planar (rp, n, 1, 1.1, 0.1, &d), ==, DM_SIDE_A);
    g_assert_cmpfloat_with_epsilon (d, sqrt (0.02), 1e-12);
  }
}

static void
test_classify_repeated_points (void)
{
  /* Repeated vertices must not confuse the bisector. */
  const double line[] = { 0, 0, 1, 0, 1, 0, 1, 0, 2, 1 };
  const double *paths[] = { line };
  const guint n[] = { 5 };

  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 1.0, 0.2, NULL), ==, DM_SIDE_A);
  g_assert_cmpint (dm_sides_classify_point_planar (paths, n, 1, 1.05, -0.2, NULL), ==, DM_SIDE_B);
}

static DmGeometry *
square (double lon0, double lat0, double lon1, double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

static void
test_split_square (void)
{
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.5, 48.5, 35.5, 48.4, 36.5, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  g_autoptr (DmGeometry) a = NULL, b = NULL;
  g_autoptr (GError) error = NULL;
  double area = dm_geodesy_geometry_area_m2 (region);
  double area_a, area_b;

  g_assert_true (dm_sides_split_region (line, region, 50e3, &a, &b, &error));
  g_assert_no_error (error);
  area_a = dm_geodesy_geometry_area_m2 (a);
  area_b = dm_geodesy_geometry_area_m2 (b);
  g_assert_cmpint (dm_geometry_get_geometry_type (a), ==, DM_GEOMETRY_MULTIPOLYGON);
  g_assert_cmpuint (dm_geometry_get_n_parts (a), ==, 1);
  g_assert_cmpuint (dm_geometry_get_n_parts (b), ==, 1);
  /* The parts add up to the region; the line dips south in the middle,
   * so the north (A) is a little more than half. */
  g_assert_cmpfloat_with_epsilon ((area_a + area_b) / area, 1.0, 1e-9);
  g_assert_cmpfloat (area_a, >, 0.5 * area);
  g_assert_cmpfloat (area_a, <, 0.65 * area);

  /* Reversing the line swaps the sides. */
  {
    g_autoptr (DmGeometry) ra = NULL, rb = NULL;

    dm_geometry_reverse (line);
    g_assert_true (dm_sides_split_region (line, region, 50e3, &ra, &rb, &error));
    g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (ra) / area_b, 1.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (rb) / area_a, 1.0, 1e-9);
  }
}

static void
test_split_extends_short_ends (void)
{
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  /* Stops about 1.5 km short of the west and east edges. */
  const double xy[] = { 35.02, 48.5, 35.98, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (GError) error = NULL;
  double area = dm_geodesy_geometry_area_m2 (region);

  {
    g_autoptr (DmGeometry) a = NULL, b = NULL;

    g_assert_true (dm_sides_split_region (line, region, 5e3, &a, &b, &error));
    g_assert_no_error (error);
    /* Extended along its geodesic, the line cuts the square in two. */
    g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (a), >, 0.45 * area);
    g_assert_cmpfloat (dm_geodesy_geometry_area_m2 (b), >, 0.45 * area);
    g_assert_cmpfloat_with_epsilon ((dm_geodesy_geometry_area_m2 (a) + dm_geodesy_geometry_area_m2 (b)) / area, 1.0,
                                    1e-9);
  }
  {
    g_autoptr (DmGeometry) a = NULL, b = NULL;

    /* Beyond the tolerance the line is left as it is: it does not cut. */
    g_assert_true (dm_sides_split_region (line, region, 500.0, &a, &b, &error));
    g_assert_cmpfloat_with_epsilon ((dm_geodesy_geometry_area_m2 (a) + dm_geodesy_geometry_area_m2 (b)) / area, 1.0,
                                    1e-9);
    g_assert_true (dm_geodesy_geometry_area_m2 (a) == 0.0 || dm_geodesy_geometry_area_m2 (b) == 0.0);
  }
}

static void
test_split_not_cut (void)
{
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  /* Eastward, well south of the square: all of it is on the left. */
  const double xy[] = { 34.0, 47.0, 37.0, 47.2 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (DmGeometry) a = NULL, b = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (dm_sides_split_region (line, region, 50e3, &a, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (dm_geodesy_geometry_area_m2 (a) / dm_geodesy_geometry_area_m2 (region), 1.0, 1e-9);
  g_assert_true (dm_geometry_is_empty (b));
}

static void
test_split_with_hole_and_parts (void)
{
  /* Two squares, the first with a hole the line passes through. */
  const double outer[] = { 35, 48, 36, 48, 36, 49, 35, 49 };
  const double hole[] = { 35.4, 48.4, 35.4, 48.6, 35.6, 48.6, 35.6, 48.4 };
  const double second[] = { 37, 48, 38, 48, 38, 49, 37, 49 };
  g_autoptr (DmGeometry) region = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  const double xy[] = { 34.5, 48.5, 38.5, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (DmGeometry) a = NULL, b = NULL;
  g_autoptr (GError) error = NULL;
  double area;

  dm_geometry_begin_part (region);
  dm_geometry_add_ring (region, outer, 4);
  dm_geometry_add_ring (region, hole, 4);
  dm_geometry_begin_part (region);
  dm_geometry_add_ring (region, second, 4);
  area = dm_geodesy_geometry_area_m2 (region);

  g_assert_true (dm_sides_split_region (line, region, 0.0, &a, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon ((dm_geodesy_geometry_area_m2 (a) + dm_geodesy_geometry_area_m2 (b)) / area, 1.0,
                                  1e-9);
  g_assert_cmpuint (dm_geometry_get_n_parts (a), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_parts (b), ==, 2);
}

/* A line whose ends lie on the region's edges, computed there in
 * floating point (off by a hair either way): it still cuts the region in
 * two, and never leaks through the gap at its ends. */
static void
test_split_ends_on_boundary (void)
{
  const double quad[] = { 35.0, 48.0, 35.13, 48.01, 35.11, 48.12, 34.99, 48.105 };
  g_autoptr (DmGeometry) region = dm_geometry_new_polygon (quad, 4);
  double area = dm_geodesy_geometry_area_m2 (region);

  for (guint k = 1; k < 40; k++)
    {
      double t = k / 40.0 + 1e-3 / 3.0, u = 1.0 - k / 47.0;
      double xy[6] = {
        quad[0] + t * (quad[2] - quad[0]), quad[1] + t * (quad[3] - quad[1]), 35.06, 48.06,
        quad[6] + u * (quad[4] - quad[6]), quad[7] + u * (quad[5] - quad[7]),
      };
      g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
      g_autoptr (DmGeometry) a = NULL, b = NULL;
      g_autoptr (GError) error = NULL;
      double aa, ab;

      g_assert_true (dm_sides_split_region (line, region, 50e3, &a, &b, &error));
      g_assert_no_error (error);
      aa = dm_geodesy_geometry_area_m2 (a);
      ab = dm_geodesy_geometry_area_m2 (b);
      g_assert_cmpfloat (aa, >, 0.05 * area);
      g_assert_cmpfloat (ab, >, 0.05 * area);
      /* The crossings split 10 km edges, whose geodesics run a metre or
       * two off their lon/lat chords: the halves add up within 0.01 %. */
      g_assert_cmpfloat_with_epsilon ((aa + ab) / area, 1.0, 1e-4);
    }
}

static void
test_split_bad_input (void)
{
  g_autoptr (DmGeometry) point = dm_geometry_new_point (35, 48);
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.5, 48.5, 36.5, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  DmGeometry *a = NULL, *b = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (dm_sides_split_region (point, region, 0, &a, &b, &error));
  g_assert_error (error, DM_SIDES_ERROR, DM_SIDES_ERROR_INVALID);
  g_assert_null (a);
  g_clear_error (&error);
  g_assert_false (dm_sides_split_region (line, line, 0, &a, &b, &error));
  g_assert_error (error, DM_SIDES_ERROR, DM_SIDES_ERROR_INVALID);
}

/* Points classified against the segments kept for their box: the same
 * side as against the whole line, for boxes from 1 km to 300 km along a
 * winding 3,000-vertex line in one part and in three, for points inside,
 * on the edges of and outside the box, and on the line's own vertices;
 * and across the antimeridian. */
static void
check_near (const DmGeometry *line, GRand *rand, double x0, double y0, double x1, double y1, guint *n_checked)
{
  g_autoptr (DmSidesNear) near = dm_sides_near_new (line, x0, y0, x1, y1);

  for (guint k = 0; k < 60; k++)
    {
      double lon, lat;

      if (k < 40)
        {
          lon = g_rand_double_range (rand, x0, x1);
          lat = g_rand_double_range (rand, y0, y1);
        }
      else if (k < 45)
        {
          /* On the box's edges. */
          lon = k % 2 ? x0 : x1;
          lat = g_rand_double_range (rand, y0, y1);
        }
      else if (k < 50)
        {
          /* The line's vertices: on the line, no side. */
          dm_geometry_get_point (line, g_rand_int_range (rand, 0, dm_geometry_get_n_points (line)), &lon, &lat);
        }
      else
        {
          /* Outside the box. */
          lon = g_rand_double_range (rand, x0 - 3, x1 + 3);
          lat = g_rand_double_range (rand, y0 - 3, y1 + 3);
        }
      g_assert_cmpint (dm_sides_near_classify (near, lon, lat), ==, dm_sides_classify_point_on_line (line, lon, lat));
      (*n_checked)++;
    }
}

static void
test_near (void)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 5, 0);
  g_autoptr (DmGeometry) parts = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  const double *xy = dm_geometry_get_coords (line);
  /* Across the antimeridian, east to west. */
  const double wrap_xy[] = { 179.2, 65.0, 179.7, 65.2, 179.95, 65.1, -179.9, 65.3, -179.5, 65.0, -179.0, 65.2 };
  g_autoptr (DmGeometry) wrap = dm_geometry_new_linestring (wrap_xy, 6);
  double x0, y0, x1, y1;
  guint n_checked = 0;

  for (guint p = 0; p < 3; p++)
    {
      dm_geometry_begin_part (parts);
      dm_geometry_add_ring (parts, &xy[2 * 1000 * p], p < 2 ? 1000 : 1000 - 1);
    }
  dm_geometry_get_extent (line, &x0, &y0, &x1, &y1);
  for (guint b = 0; b < 150; b++)
    {
      const DmGeometry *l = b % 2 ? line : parts;
      double cx, cy, w = pow (10, g_rand_double_range (rand, -2, 0.5)), h = w * g_rand_double_range (rand, 0.3, 2);

      /* Near the line (a vertex's surroundings), or anywhere in its box. */
      if (b % 3 == 0)
        {
          cx = g_rand_double_range (rand, x0, x1);
          cy = g_rand_double_range (rand, y0, y1);
        }
      else
        dm_geometry_get_point (line, g_rand_int_range (rand, 0, 3000), &cx, &cy);
      check_near (l, rand, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, &n_checked);
    }
  check_near (wrap, rand, 179.6, 64.9, 180.0, 65.4, &n_checked);
  check_near (wrap, rand, -180.0, 64.9, -179.7, 65.4, &n_checked);
  check_near (wrap, rand, 179.99, 65.0, 179.999, 65.2, &n_checked);
  /* Parts that are one point, or one point repeated, are nobody's
   * nearest: they bound nothing (the segments near them still count). */
  {
    g_autoptr (DmGeometry) odd = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
    const double real[] = { 30, 47, 31, 49 }, same[] = { 35, 48, 35, 48 }, one[] = { 35.05, 48.02 };
    const double pole[] = { 10, 89.9, 10, 89.99, 50, 89.99 };

    dm_geometry_begin_part (odd);
    dm_geometry_add_ring (odd, real, 2);
    dm_geometry_begin_part (odd);
    dm_geometry_add_ring (odd, same, 2);
    dm_geometry_begin_part (odd);
    dm_geometry_add_ring (odd, one, 1);
    check_near (odd, rand, 34.9, 47.9, 35.1, 48.1, &n_checked);
    check_near (odd, rand, 30.4, 47.9, 30.6, 48.1, &n_checked);
    /* Near a pole, where the frame's x shrinks to nothing. */
    dm_geometry_begin_part (odd);
    dm_geometry_add_ring (odd, pole, 3);
    check_near (odd, rand, 0, 89.95, 60, 90, &n_checked);
  }
  /* A box with a NaN edge: every point against the whole line. */
  check_near (line, rand, NAN, y0, x1, y1, &n_checked);
  g_test_message ("%u points agree", n_checked);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sides/classify/straight", test_classify_straight);
  g_test_add_func ("/sides/classify/bend-bisector", test_classify_bend);
  g_test_add_func ("/sides/classify/repeated-points", test_classify_repeated_points);
  g_test_add_func ("/sides/near", test_near);
  g_test_add_func ("/sides/split/square", test_split_square);
  g_test_add_func ("/sides/split/extends-short-ends", test_split_extends_short_ends);
  g_test_add_func ("/sides/split/not-cut", test_split_not_cut);
  g_test_add_func ("/sides/split/hole-and-parts", test_split_with_hole_and_parts);
  g_test_add_func ("/sides/split/ends-on-boundary", test_split_ends_on_boundary);
  g_test_add_func ("/sides/split/bad-input", test_split_bad_input);

  return g_test_run ();
}
