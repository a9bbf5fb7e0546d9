/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-compare.h"
#include "dm-geodesy.h"

static DmGeometry *
square (double lon0,
        double lat0,
        double lon1,
        double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

static void
test_compare_bulge (void)
{
  /* Eastward along 48.5° N: north is on the left, side A.  The second line
   * bulges north by a triangle, which passes from A to B.  The first line
   * has vertices at the triangle's base ends: areas are geodesic, and a
   * geodesic from 35.3° to 35.7° E is not the two halves of it (about
   * 0.1 % of the triangle at this latitude). */
  g_autoptr(DmGeometry) region = square (35, 48, 36, 49);
  const double xy1[] = { 34.9, 48.5, 35.3, 48.5, 35.7, 48.5, 36.1, 48.5 };
  const double xy2[] = { 34.9, 48.5, 35.3, 48.5, 35.5, 48.7, 35.7, 48.5, 36.1, 48.5 };
  const double tri[] = { 35.3, 48.5, 35.7, 48.5, 35.5, 48.7 };
  g_autoptr(DmGeometry) line1 = dm_geometry_new_linestring (xy1, 4);
  g_autoptr(DmGeometry) line2 = dm_geometry_new_linestring (xy2, 5);
  g_autoptr(DmComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;
  double tri_m2 = fabs (dm_geodesy_ring_area_m2 (tri, 3));

  cmp = dm_compare_lines (line1, line2, region, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cmp);

  /* 29.5 km × 22.2 km / 2: about 328 km². */
  g_assert_cmpfloat (tri_m2, >, 3.2e8);
  g_assert_cmpfloat (tri_m2, <, 3.4e8);
  g_assert_nonnull (cmp->a_to_b);
  g_assert_cmpfloat (fabs (cmp->a_to_b_area_m2 - tri_m2) / tri_m2, <, 1e-6);
  g_assert_cmpfloat (cmp->b_to_a_area_m2, <, 1.0);
  g_assert_cmpfloat_with_epsilon (cmp->net_to_b_m2, cmp->a_to_b_area_m2 - cmp->b_to_a_area_m2, 1e-6);

  /* The sides' areas follow. */
  g_assert_cmpfloat (fabs ((cmp->side_b2_area_m2 - cmp->side_b1_area_m2) - tri_m2) / tri_m2, <, 1e-6);
  g_assert_cmpfloat (fabs ((cmp->side_a1_area_m2 - cmp->side_a2_area_m2) - tri_m2) / tri_m2, <, 1e-6);
  g_assert_cmpfloat (fabs (cmp->side_a1_area_m2 + cmp->side_b1_area_m2 -
                           dm_geodesy_geometry_area_m2 (region)) / dm_geodesy_geometry_area_m2 (region), <, 1e-9);

  g_assert_cmpfloat (fabs (cmp->length1_m - dm_geodesy_path_length_m (xy1, 4)), <, 1e-6);
  g_assert_cmpfloat (fabs (cmp->length2_m - dm_geodesy_path_length_m (xy2, 5)), <, 1e-6);
  g_assert_cmpfloat (cmp->length2_m, >, cmp->length1_m);
}

static void
test_compare_reverse (void)
{
  /* Swapping the lines swaps the directions. */
  g_autoptr(DmGeometry) region = square (35, 48, 36, 49);
  const double xy1[] = { 34.9, 48.5, 35.3, 48.5, 35.7, 48.5, 36.1, 48.5 };
  const double xy2[] = { 34.9, 48.5, 35.3, 48.5, 35.5, 48.7, 35.7, 48.5, 36.1, 48.5 };
  const double tri[] = { 35.3, 48.5, 35.7, 48.5, 35.5, 48.7 };
  g_autoptr(DmGeometry) line1 = dm_geometry_new_linestring (xy1, 4);
  g_autoptr(DmGeometry) line2 = dm_geometry_new_linestring (xy2, 5);
  g_autoptr(DmComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;
  double tri_m2 = fabs (dm_geodesy_ring_area_m2 (tri, 3));

  cmp = dm_compare_lines (line2, line1, region, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (cmp->b_to_a_area_m2 - tri_m2) / tri_m2, <, 1e-6);
  g_assert_cmpfloat (cmp->a_to_b_area_m2, <, 1.0);
  g_assert_cmpfloat (cmp->net_to_b_m2, <, 0);
}

static void
test_compare_same (void)
{
  g_autoptr(DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.9, 48.5, 35.5, 48.6, 36.1, 48.5 };
  g_autoptr(DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  g_autoptr(DmComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;

  cmp = dm_compare_lines (line, line, region, &error);
  g_assert_no_error (error);
  g_assert_null (cmp->a_to_b);
  g_assert_null (cmp->b_to_a);
  g_assert_cmpfloat (cmp->a_to_b_area_m2, ==, 0);
  g_assert_cmpfloat (cmp->b_to_a_area_m2, ==, 0);
}

static void
test_compare_invalid (void)
{
  g_autoptr(DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.9, 48.5, 36.1, 48.5 };
  g_autoptr(DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr(DmGeometry) point = dm_geometry_new_point (35.5, 48.5);
  g_autoptr(GError) error = NULL;
  DmComparison *cmp;

  cmp = dm_compare_lines (line, point, region, &error);
  g_assert_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID);
  g_assert_null (cmp);
  g_clear_error (&error);

  cmp = dm_compare_lines (line, line, line, &error);
  g_assert_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID);
  g_assert_null (cmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/bulge/a-to-b", test_compare_bulge);
  g_test_add_func ("/compare/bulge/b-to-a", test_compare_reverse);
  g_test_add_func ("/compare/same-line", test_compare_same);
  g_test_add_func ("/compare/invalid", test_compare_invalid);

  return g_test_run ();
}
