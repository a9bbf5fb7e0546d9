/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <math.h>

#include "dm-geodesy.h"
#include "dm-geometry.h"
#include "dm-geos.h"

static void
test_polygon_ring_open (void)
{
  const double xy[] = { 0, 0, 1, 0, 1, 1, 0, 1, 0, 0 };
  g_autoptr (DmGeometry) g = dm_geometry_new_polygon (xy, 5);

  /* The closing point is dropped on the way in. */
  g_assert_cmpuint (dm_geometry_get_n_points (g), ==, 4);
  g_assert_cmpuint (dm_geometry_get_n_parts (g), ==, 1);
  g_assert_cmpuint (dm_geometry_get_n_rings (g, 0), ==, 1);
  g_assert_true (dm_geometry_is_polygonal (g));
}

static void
test_multipolygon_offsets (void)
{
  const double outer[] = { 0, 0, 4, 0, 4, 4, 0, 4 };
  const double hole[] = { 1, 1, 2, 1, 2, 2 };
  const double second[] = { 10, 10, 11, 10, 11, 11 };
  g_autoptr (DmGeometry) g = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  guint n, part, ring;
  const double *r;

  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, outer, 4);
  dm_geometry_add_ring (g, hole, 3);
  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, second, 3);

  g_assert_cmpuint (dm_geometry_get_n_points (g), ==, 10);
  g_assert_cmpuint (dm_geometry_get_n_parts (g), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_rings (g, 0), ==, 2);
  g_assert_cmpuint (dm_geometry_get_n_rings (g, 1), ==, 1);
  r = dm_geometry_get_ring (g, 1, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (r[0], ==, 10);
  g_assert_cmpuint (dm_geometry_get_ring_offset (g, 0, 1), ==, 4);

  g_assert_true (dm_geometry_locate_point (g, 5, &part, &ring));
  g_assert_cmpuint (part, ==, 0);
  g_assert_cmpuint (ring, ==, 1);
  g_assert_true (dm_geometry_locate_point (g, 7, &part, &ring));
  g_assert_cmpuint (part, ==, 1);
  g_assert_cmpuint (ring, ==, 0);
  g_assert_false (dm_geometry_locate_point (g, 10, NULL, NULL));

  /* Inserting into the hole shifts the next part's ring. */
  dm_geometry_insert_point (g, 5, 1.5, 0.5);
  g_assert_cmpuint (dm_geometry_get_n_points (g), ==, 11);
  r = dm_geometry_get_ring (g, 0, 1, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (r[2], ==, 1.5);
  r = dm_geometry_get_ring (g, 1, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (r[0], ==, 10);

  dm_geometry_remove_point (g, 5);
  r = dm_geometry_get_ring (g, 0, 1, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (r[2], ==, 2);
}

static void
test_edit_and_copy (void)
{
  const double xy[] = { 30, 45, 31, 46, 32, 47 };
  g_autoptr (DmGeometry) g = dm_geometry_new_linestring (xy, 3);
  g_autoptr (DmGeometry) c = dm_geometry_copy (g);
  double lon, lat, x0, y0, x1, y1;

  g_assert_true (dm_geometry_equal (g, c));
  dm_geometry_set_point (c, 1, 31.5, 46.5);
  g_assert_false (dm_geometry_equal (g, c));
  dm_geometry_get_point (c, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 31.5);
  g_assert_cmpfloat (lat, ==, 46.5);

  dm_geometry_insert_point (c, 3, 33, 48); /* append */
  g_assert_cmpuint (dm_geometry_get_n_points (c), ==, 4);
  dm_geometry_get_point (c, 3, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 33);

  dm_geometry_reverse (c);
  dm_geometry_get_point (c, 0, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 33);
  g_assert_cmpfloat (lat, ==, 48);

  dm_geometry_get_extent (c, &x0, &y0, &x1, &y1);
  g_assert_cmpfloat (x0, ==, 30);
  g_assert_cmpfloat (y1, ==, 48);

  g_assert_true (dm_geometry_coords_in_range (c));
  dm_geometry_set_point (c, 0, 30, 91);
  g_assert_false (dm_geometry_coords_in_range (c));
}

/* Whether @g's only part runs through exactly these points, either way. */
static gboolean
one_run_through (const DmGeometry *g, const double *xy, guint n)
{
  guint m;
  const double *run;
  gboolean forward = TRUE, backward = TRUE;

  if (dm_geometry_get_n_parts (g) != 1)
    return FALSE;
  run = dm_geometry_get_ring (g, 0, 0, &m);
  if (m != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      forward = forward && run[2 * i] == xy[2 * i] && run[2 * i + 1] == xy[2 * i + 1];
      backward = backward && run[2 * i] == xy[2 * (n - 1 - i)] && run[2 * i + 1] == xy[2 * (n - 1 - i) + 1];
    }
  return forward || backward;
}

static gboolean
refuse_pair (guint a, guint b, gpointer data)
{
  guint *calls = data;

  g_assert_cmpuint (a, ==, 0);
  g_assert_cmpuint (b, ==, 2);
  (*calls)++;
  return FALSE;
}

static void
test_shared_boundaries (void)
{
  /* A's ring starts halfway along the edge it shares with B, and repeats
   * a vertex there: still one run, from (1, 0) to (1, 1). */
  const double a[] = { 1, 0.5, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0 };
  const double b[] = { 1, 0, 2, 0, 2, 1, 1, 1, 1, 0.5 };
  const double shared[] = { 1, 0, 1, 0.5, 1, 1 };
  /* An island: its whole ring is the hole of the lake around it. */
  const double lake_outer[] = { 10, 10, 14, 10, 14, 14, 10, 14 };
  const double island[] = { 11, 11, 12, 11, 12, 12, 11, 12 };
  g_autoptr (DmGeometry) ga = dm_geometry_new_polygon (a, 6);
  g_autoptr (DmGeometry) gb = dm_geometry_new_polygon (b, 5);
  g_autoptr (DmGeometry) lake = dm_geometry_new (DM_GEOMETRY_POLYGON);
  g_autoptr (DmGeometry) gi = dm_geometry_new_polygon (island, 4);
  const DmGeometry *pair[] = { ga, NULL, gb };
  const DmGeometry *ring[] = { lake, gi };
  g_autoptr (DmGeometry) borders = dm_geometry_shared_boundaries (pair, 3, NULL, NULL);
  g_autoptr (DmGeometry) refused = NULL;
  g_autoptr (DmGeometry) shore = NULL;
  guint calls = 0, m;
  const double *xy;

  g_assert_true (one_run_through (borders, shared, 3));

  refused = dm_geometry_shared_boundaries (pair, 3, refuse_pair, &calls);
  g_assert_cmpuint (dm_geometry_get_n_parts (refused), ==, 0);
  g_assert_cmpuint (calls, >, 0);

  dm_geometry_begin_part (lake);
  dm_geometry_add_ring (lake, lake_outer, 4);
  dm_geometry_add_ring (lake, island, 4);
  shore = dm_geometry_shared_boundaries (ring, 2, NULL, NULL);
  /* Drawn once, by the lake (the first to have it), closed. */
  g_assert_cmpuint (dm_geometry_get_n_parts (shore), ==, 1);
  xy = dm_geometry_get_ring (shore, 0, 0, &m);
  g_assert_cmpuint (m, ==, 5);
  g_assert_cmpfloat (xy[0], ==, xy[8]);
  g_assert_cmpfloat (xy[1], ==, xy[9]);
}

/* Rings turned to run either way; already right, left alone. */
static void
test_ring_orient (void)
{
  const double ccw[] = { 30, 45, 31, 45, 31, 46, 30, 46 };
  const double cw[] = { 30, 46, 31, 46, 31, 45, 30, 45 };
  double xy[8];
  /* Five points: the middle one stays where it is. */
  double odd[] = { 0, 0, 1, 0, 2, 1, 1, 2, 0, 1 };
  const double odd_reversed[] = { 0, 1, 1, 2, 2, 1, 1, 0, 0, 0 };

  memcpy (xy, ccw, sizeof xy);
  dm_ring_orient (xy, 4, TRUE);
  g_assert_cmpmem (xy, sizeof xy, ccw, sizeof ccw);
  dm_ring_orient (xy, 4, FALSE);
  g_assert_cmpmem (xy, sizeof xy, cw, sizeof cw);
  memcpy (xy, cw, sizeof xy);
  dm_ring_orient (xy, 4, FALSE);
  g_assert_cmpmem (xy, sizeof xy, cw, sizeof cw);
  dm_ring_orient (xy, 4, TRUE);
  g_assert_cmpmem (xy, sizeof xy, ccw, sizeof ccw);
  dm_ring_reverse (odd, 5);
  g_assert_cmpmem (odd, sizeof odd, odd_reversed, sizeof odd_reversed);
  dm_ring_orient (xy, 0, TRUE);
}

/* Across the 180th meridian: a path's and a ring's longitudes run on past
 * ±180 (179, 180.5, 182); a hole lies beside its shell; a ring round a
 * pole (Antarctica's in a world map) stays as drawn; unwrapping twice
 * changes nothing. */
static void
test_unwrap_rings (void)
{
  const double path[] = { 179.0, 66.0, -179.5, 66.2, -178.0, 66.4 };
  const double shell[] = { 179.0, 60.0, -179.0, 60.0, -179.0, 62.0, 179.0, 62.0 };
  const double hole[] = { -179.8, 60.5, -179.5, 60.5, -179.5, 61.0 };
  const double pole[] = { -180.0, -80.0, 0.0, -70.0, 180.0, -80.0, 180.0, -90.0, -180.0, -90.0 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (path, 3);
  g_autoptr (DmGeometry) poly = dm_geometry_new_polygon (shell, 4);
  g_autoptr (DmGeometry) south = dm_geometry_new_polygon (pole, 5);
  g_autoptr (DmGeometry) before = dm_geometry_copy (south);
  double lon, lat;

  g_assert_true (dm_geometry_unwrap_rings (line));
  dm_geometry_get_point (line, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 180.5);
  dm_geometry_get_point (line, 2, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 182.0);
  g_assert_false (dm_geometry_unwrap_rings (line));

  dm_geometry_add_ring (poly, hole, 3);
  g_assert_true (dm_geometry_unwrap_rings (poly));
  for (guint i = 0; i < dm_geometry_get_n_points (poly); i++)
    {
      dm_geometry_get_point (poly, i, &lon, &lat);
      g_assert_cmpfloat (lon, >=, 179.0);
      g_assert_cmpfloat (lon, <=, 181.0);
    }
  /* 2° × 2° at 61° N, less the hole: as 10° further west. */
  {
    double west_shell[8], west_hole[6];
    g_autoptr (DmGeometry) west = NULL;

    for (guint i = 0; i < 8; i++)
      west_shell[i] = i % 2 == 0 ? remainder (shell[i] - 10.0, 360.0) : shell[i];
    for (guint i = 0; i < 6; i++)
      west_hole[i] = i % 2 == 0 ? hole[i] + 360.0 - 10.0 : hole[i];
    west = dm_geometry_new_polygon (west_shell, 4);
    dm_geometry_add_ring (west, west_hole, 3);
    g_assert_cmpfloat (fabs (dm_geodesy_geometry_area_m2 (poly) / dm_geodesy_geometry_area_m2 (west) - 1.0), <, 1e-9);
  }

  g_assert_false (dm_geometry_unwrap_rings (south));
  g_assert_true (dm_geometry_equal (south, before));
}

/* One frame for a set: −180…180 unless the set straddles the 180th
 * meridian; each part is moved beside the frame's centre. */
static void
test_lon_frame (void)
{
  const double ukraine[] = { 37.0, 48.0, 38.0, 47.5 };
  const double east[] = { 178.0, 65.0, 179.5, 65.5 };
  const double west[] = { -179.5, 66.0, -177.0, 66.5 };
  g_autoptr (DmGeometry) a = dm_geometry_new_linestring (ukraine, 2);
  g_autoptr (DmGeometry) e = dm_geometry_new_linestring (east, 2);
  g_autoptr (DmGeometry) w = dm_geometry_new_linestring (west, 2);
  DmLonFrame frame;
  double lon, lat;

  dm_lon_frame_init (&frame);
  dm_lon_frame_add (&frame, a);
  g_assert_cmpfloat (dm_lon_frame_centre (&frame), ==, 0.0);
  dm_lon_frame_init (&frame);
  dm_lon_frame_add (&frame, w);
  g_assert_cmpfloat (dm_lon_frame_centre (&frame), ==, 0.0);
  g_assert_false (dm_geometry_wrap_near (w, 0.0));
  dm_lon_frame_add (&frame, e);
  g_assert_cmpfloat (dm_lon_frame_centre (&frame), ==, 180.0);
  g_assert_false (dm_geometry_wrap_near (e, 180.0));
  g_assert_true (dm_geometry_wrap_near (w, 180.0));
  dm_geometry_get_point (w, 0, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 180.5);
  dm_geometry_get_point (w, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 183.0);
}

/* For others' files: cut at ±180 in the path's own order, the cut on
 * the segment's geodesic (the pieces add up to its length), every
 * longitude in −180…180; a polygon's
 * pieces keep its area; what lies in range is left alone (NULL). */
static void
test_split_antimeridian (void)
{
  const double path[] = { 179.0, 66.0, 180.5, 67.0, 182.0, 67.0 };
  const double square[] = { 179.0, 60.0, 181.0, 60.0, 181.0, 62.0, 179.0, 62.0 };
  const double ukraine[] = { 37.0, 48.0, 38.0, 47.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (path, 3);
  g_autoptr (DmGeometry) poly = dm_geometry_new_polygon (square, 4);
  g_autoptr (DmGeometry) in_range = dm_geometry_new_linestring (ukraine, 2);
  g_autoptr (DmGeometry) cut = dm_geometry_split_antimeridian (line);
  g_autoptr (DmGeometry) pieces = dm_geometry_split_antimeridian (poly);
  guint n;
  const double *xy;

  g_assert_null (dm_geometry_split_antimeridian (in_range));

  g_assert_nonnull (cut);
  g_assert_cmpint (dm_geometry_get_geometry_type (cut), ==, DM_GEOMETRY_MULTILINESTRING);
  g_assert_cmpuint (dm_geometry_get_n_parts (cut), ==, 2);
  xy = dm_geometry_get_ring (cut, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (xy[0], ==, 179.0);
  g_assert_cmpfloat (xy[2], ==, 180.0);
  /* On the geodesic, a little poleward of the chord's 66.667° N. */
  g_assert_cmpfloat (xy[3], >, 66.0 + 2.0 / 3.0);
  g_assert_cmpfloat (xy[3], <, 66.7);
  xy = dm_geometry_get_ring (cut, 1, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (xy[0], ==, -180.0);
  g_assert_cmpfloat (xy[1], ==, dm_geometry_get_ring (cut, 0, 0, NULL)[3]);
  g_assert_cmpfloat (xy[2], ==, -179.5);
  g_assert_cmpfloat (xy[4], ==, -178.0);
  g_assert_true (dm_geometry_coords_in_range (cut));
  g_assert_cmpfloat (fabs (dm_geodesy_geometry_length_m (cut) - dm_geodesy_geometry_length_m (line)), <, 1e-3);

  g_assert_nonnull (pieces);
  g_assert_cmpint (dm_geometry_get_geometry_type (pieces), ==, DM_GEOMETRY_MULTIPOLYGON);
  g_assert_cmpuint (dm_geometry_get_n_parts (pieces), ==, 2);
  g_assert_true (dm_geometry_coords_in_range (pieces));
  g_assert_cmpfloat (fabs (dm_geodesy_geometry_area_m2 (pieces) / dm_geodesy_geometry_area_m2 (poly) - 1.0), <, 1e-9);
}

/* Planar ring areas: the sign says which way round (dm_ring_orient()
 * turns rings by it); exact for a small ring far from the origin. */
/* Even-odd, open or closed, either way round; the south edge in, the
 * north edge out, the west edge in, the east edge out (half-open, as the
 * territory's edge index counts a settlement on a swap's edge). */
static void
test_ring_contains_point (void)
{
  const double open[] = { 30, 50, 31, 50, 31, 51, 30, 51 };
  const double closed[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
  /* A U: its notch is outside. */
  const double u[] = { 0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3 };

  for (guint k = 0; k < 2; k++)
    {
      const double *xy = k == 0 ? open : closed;
      guint n = k == 0 ? 4 : 5;

      g_assert_true (dm_ring_contains_point (xy, n, 30.5, 50.5));
      g_assert_false (dm_ring_contains_point (xy, n, 31.5, 50.5));
      g_assert_false (dm_ring_contains_point (xy, n, 30.5, 49.5));
      g_assert_true (dm_ring_contains_point (xy, n, 30.5, 50.0));
      g_assert_false (dm_ring_contains_point (xy, n, 30.5, 51.0));
      g_assert_true (dm_ring_contains_point (xy, n, 30.0, 50.5));
      g_assert_false (dm_ring_contains_point (xy, n, 31.0, 50.5));
    }
  g_assert_true (dm_ring_contains_point (u, 8, 0.5, 2));
  g_assert_false (dm_ring_contains_point (u, 8, 1.5, 2));
  g_assert_true (dm_ring_contains_point (u, 8, 1.5, 0.5));
}

static void
test_ring_signed_area (void)
{
  const double ccw[] = { 0, 0, 2, 0, 2, 1, 0, 1 };
  const double closed[] = { 0, 0, 2, 0, 2, 1, 0, 1, 0, 0 };
  /* 1e-6° square near the antimeridian and the pole: the sum about the
   * first point keeps its area to the last bits. */
  const double far[] = { 179.999999, 88.999999, 180.0, 88.999999, 180.0, 89.0, 179.999999, 89.0 };
  double cw[8], oriented[8];

  for (guint i = 0; i < 4; i++)
    {
      cw[2 * i] = ccw[2 * (3 - i)];
      cw[2 * i + 1] = ccw[2 * (3 - i) + 1];
    }
  g_assert_cmpfloat (dm_ring_signed_area (ccw, 4), ==, 2.0);
  g_assert_cmpfloat (dm_ring_signed_area (closed, 5), ==, 2.0);
  g_assert_cmpfloat (dm_ring_signed_area (cw, 4), ==, -2.0);
  g_assert_cmpfloat (dm_ring_signed_area (ccw, 0), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (dm_ring_signed_area (far, 4), 1e-12, 1e-20);
  memcpy (oriented, cw, sizeof cw);
  dm_ring_orient (oriented, 4, TRUE);
  g_assert_cmpfloat (dm_ring_signed_area (oriented, 4), ==, 2.0);
  dm_ring_orient (oriented, 4, FALSE);
  g_assert_cmpfloat (dm_ring_signed_area (oriented, 4), ==, -2.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geometry/polygon/ring-open", test_polygon_ring_open);
  g_test_add_func ("/geometry/multipolygon/offsets", test_multipolygon_offsets);
  g_test_add_func ("/geometry/linestring/edit-copy", test_edit_and_copy);
  g_test_add_func ("/geometry/shared-boundaries", test_shared_boundaries);
  g_test_add_func ("/geometry/ring-orient", test_ring_orient);
  g_test_add_func ("/geometry/antimeridian/unwrap", test_unwrap_rings);
  g_test_add_func ("/geometry/antimeridian/frame", test_lon_frame);
  g_test_add_func ("/geometry/antimeridian/split", test_split_antimeridian);
  g_test_add_func ("/geometry/ring/signed-area", test_ring_signed_area);
  g_test_add_func ("/geometry/ring/contains-point", test_ring_contains_point);
  return g_test_run ();
}
