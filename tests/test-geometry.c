/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-geometry.h"

static void
test_polygon_ring_open (void)
{
  const double xy[] = { 0, 0, 1, 0, 1, 1, 0, 1, 0, 0 };
  g_autoptr(DmGeometry) g = dm_geometry_new_polygon (xy, 5);

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
  g_autoptr(DmGeometry) g = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
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
  g_autoptr(DmGeometry) g = dm_geometry_new_linestring (xy, 3);
  g_autoptr(DmGeometry) c = dm_geometry_copy (g);
  double lon, lat, x0, y0, x1, y1;

  g_assert_true (dm_geometry_equal (g, c));
  dm_geometry_set_point (c, 1, 31.5, 46.5);
  g_assert_false (dm_geometry_equal (g, c));
  dm_geometry_get_point (c, 1, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 31.5);
  g_assert_cmpfloat (lat, ==, 46.5);

  dm_geometry_insert_point (c, 3, 33, 48);  /* append */
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/geometry/polygon/ring-open", test_polygon_ring_open);
  g_test_add_func ("/geometry/multipolygon/offsets", test_multipolygon_offsets);
  g_test_add_func ("/geometry/linestring/edit-copy", test_edit_and_copy);
  return g_test_run ();
}
