/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-compare.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-scenario.h"
#include "dm-geodesy.h"

static DmGeometry *
square (double lon0, double lat0, double lon1, double lat1)
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
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy1[] = { 34.9, 48.5, 35.3, 48.5, 35.7, 48.5, 36.1, 48.5 };
  const double xy2[] = { 34.9, 48.5, 35.3, 48.5, 35.5, 48.7, 35.7, 48.5, 36.1, 48.5 };
  const double tri[] = { 35.3, 48.5, 35.7, 48.5, 35.5, 48.7 };
  g_autoptr (DmGeometry) line1 = dm_geometry_new_linestring (xy1, 4);
  g_autoptr (DmGeometry) line2 = dm_geometry_new_linestring (xy2, 5);
  g_autoptr (DmComparison) cmp = NULL;
  g_autoptr (GError) error = NULL;
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
  g_assert_cmpfloat (fabs (cmp->side_a1_area_m2 + cmp->side_b1_area_m2 - dm_geodesy_geometry_area_m2 (region)) /
                       dm_geodesy_geometry_area_m2 (region),
                     <, 1e-9);

  g_assert_cmpfloat (fabs (cmp->length1_m - dm_geodesy_path_length_m (xy1, 4)), <, 1e-6);
  g_assert_cmpfloat (fabs (cmp->length2_m - dm_geodesy_path_length_m (xy2, 5)), <, 1e-6);
  g_assert_cmpfloat (cmp->length2_m, >, cmp->length1_m);
}

static void
test_compare_reverse (void)
{
  /* Swapping the lines swaps the directions. */
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy1[] = { 34.9, 48.5, 35.3, 48.5, 35.7, 48.5, 36.1, 48.5 };
  const double xy2[] = { 34.9, 48.5, 35.3, 48.5, 35.5, 48.7, 35.7, 48.5, 36.1, 48.5 };
  const double tri[] = { 35.3, 48.5, 35.7, 48.5, 35.5, 48.7 };
  g_autoptr (DmGeometry) line1 = dm_geometry_new_linestring (xy1, 4);
  g_autoptr (DmGeometry) line2 = dm_geometry_new_linestring (xy2, 5);
  g_autoptr (DmComparison) cmp = NULL;
  g_autoptr (GError) error = NULL;
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
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.9, 48.5, 35.5, 48.6, 36.1, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 3);
  g_autoptr (DmComparison) cmp = NULL;
  g_autoptr (GError) error = NULL;

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
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  const double xy[] = { 34.9, 48.5, 36.1, 48.5 };
  g_autoptr (DmGeometry) line = dm_geometry_new_linestring (xy, 2);
  g_autoptr (DmGeometry) point = dm_geometry_new_point (35.5, 48.5);
  g_autoptr (GError) error = NULL;
  DmComparison *cmp;

  cmp = dm_compare_lines (line, point, region, &error);
  g_assert_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID);
  g_assert_null (cmp);
  g_clear_error (&error);

  cmp = dm_compare_lines (line, line, line, &error);
  g_assert_error (error, DM_COMPARE_ERROR, DM_COMPARE_ERROR_INVALID);
  g_assert_null (cmp);
}

/* Regions and settlements: a bulge into one of two regions, holding a
 * place; a place outside it stays. */
static void
test_compare_details (void)
{
  g_autoptr (DmGeometry) region = square (35, 48, 36, 49);
  g_autoptr (DmGeometry) west = square (35, 48, 35.5, 49);
  g_autoptr (DmGeometry) east = square (35.5, 48, 36, 49);
  const double xy1[] = { 34.9, 48.5, 35.1, 48.5, 35.4, 48.5, 36.1, 48.5 };
  const double xy2[] = { 34.9, 48.5, 35.1, 48.5, 35.25, 48.7, 35.4, 48.5, 36.1, 48.5 };
  g_autoptr (DmGeometry) line1 = dm_geometry_new_linestring (xy1, 4);
  g_autoptr (DmGeometry) line2 = dm_geometry_new_linestring (xy2, 5);
  DmRegionInfo regions[] = { { "XX-E", "East", east }, { "XX-W", "West", west } };
  DmPlace places[] = {
    { 35.25, 48.6, 12000, (char *) "Inside", NULL, NULL, (char *) "XX" },
    { 35.25, 48.8, 5000, (char *) "Beyond", NULL, NULL, (char *) "XX" },
    { 35.75, 48.6, 7000, (char *) "Elsewhere", NULL, NULL, (char *) "XX" },
  };
  g_autoptr (DmPlaceIndex) index = dm_place_index_new (places, G_N_ELEMENTS (places));
  const char *names[2] = { "Alpha", "Beta" };
  g_autoptr (DmComparison) cmp = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *region_text = NULL, *place_text = NULL;
  const DmComparisonRegion *r;

  cmp = dm_compare_lines_full (line1, line2, region, regions, 2, index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->regions->len, ==, 1);
  r = g_ptr_array_index (cmp->regions, 0);
  g_assert_cmpstr (r->code, ==, "XX-W");
  g_assert_cmpfloat (fabs (r->a_to_b_m2 - cmp->a_to_b_area_m2) / cmp->a_to_b_area_m2, <, 1e-6);
  g_assert_cmpuint (cmp->places->len, ==, 1);
  g_assert_cmpint (cmp->population[0], ==, 12000);
  g_assert_cmpint (cmp->population[1], ==, 0);
  region_text = dm_comparison_region_describe (r, names, DM_AREA_KM2);
  place_text = dm_comparison_place_describe (g_ptr_array_index (cmp->places, 0), names);
  g_assert_true (g_str_has_prefix (region_text, "West: "));
  g_assert_nonnull (strstr (region_text, "from Alpha to Beta"));
  g_assert_cmpstr (place_text, ==, "Inside (pop. 12,000), from Alpha to Beta");
  {
    g_autofree char *summary = dm_comparison_places_describe (cmp, names);
    g_autoptr (DmComparison) same = dm_compare_lines_full (line1, line1, region, regions, 2, index, &error);
    g_autofree char *none = NULL;

    g_assert_cmpstr (summary, ==, "1 settlement changes hands: 12,000 people from Alpha to Beta, 0 from Beta to Alpha");
    g_assert_no_error (error);
    none = dm_comparison_places_describe (same, names);
    g_assert_cmpstr (none, ==, "No settlement changes hands");
  }
}

static char *
test_data (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static double
difference_inside_m2 (GEOSContextHandle_t ctx, const GEOSGeometry *a, const GEOSGeometry *b, const GEOSGeometry *region)
{
  g_autoptr (DmGeosGeometry) d = GEOSDifference_r (ctx, a, b);
  g_autoptr (DmGeosGeometry) in = d != NULL ? GEOSIntersection_r (ctx, d, region) : NULL;
  g_autoptr (DmGeometry) g = in != NULL ? dm_geometry_from_geos (ctx, in) : NULL;

  return g != NULL && dm_geometry_is_polygonal (g) ? dm_geodesy_geometry_area_m2 (g) : 0.0;
}

/* Two trackers' snapshots a year apart, their lines derived: the land
 * changing hands agrees with the polygons' own difference inside Ukraine
 * within 5 %. */
static void
test_compare_real (void)
{
  g_autofree char *p24 = test_data ("occupied-2024-11-01.geojson");
  g_autofree char *p25 = test_data ("occupied-2025-11-01.geojson");
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
  g_autoptr (DmDocument) d24 = NULL, d25 = NULL;
  g_autoptr (DmImportLayer) l24 = NULL, l25 = NULL;
  g_autoptr (DmComparison) cmp = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) admin1 = NULL;
  g_autoptr (DmGeosGeometry) h24 = NULL, h25 = NULL, ua = NULL;
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  DmRegionInfo region;
  double gained, lost, sum = 0;

  d24 = dm_scenario_load (p24, NULL, &error);
  g_assert_no_error (error);
  d25 = dm_scenario_load (p25, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dm_basemap_find_region_info (basemap, "UA", &region, &error));
  admin1 = dm_basemap_list_regions (basemap, "UA");
  cmp = dm_compare_lines_full (dm_feature_get_geometry (dm_document_get_contact_line (d24)),
                               dm_feature_get_geometry (dm_document_get_contact_line (d25)), region.geometry,
                               (const DmRegionInfo *) (gpointer) admin1->data, admin1->len,
                               dm_basemap_get_place_index (basemap), &error);
  g_assert_no_error (error);

  l24 = dm_import_read (p24, NULL, NULL, &error);
  l25 = dm_import_read (p25, NULL, NULL, &error);
  g_assert_no_error (error);
  h24 = dm_geometry_to_geos (ctx, ((DmImportFeature *) g_ptr_array_index (l24->features, 0))->geometry);
  h25 = dm_geometry_to_geos (ctx, ((DmImportFeature *) g_ptr_array_index (l25->features, 0))->geometry);
  ua = dm_geometry_to_geos (ctx, region.geometry);
  gained = difference_inside_m2 (ctx, h25, h24, ua);
  lost = difference_inside_m2 (ctx, h24, h25, ua);
  g_test_message ("from Ukraine to Russia %.0f km² (polygons %.0f km²), back %.1f km² (polygons %.1f km²), "
                  "%u oblasts, %u settlements",
                  cmp->a_to_b_area_m2 / 1e6, gained / 1e6, cmp->b_to_a_area_m2 / 1e6, lost / 1e6, cmp->regions->len,
                  cmp->places->len);
  g_assert_cmpfloat (fabs (cmp->a_to_b_area_m2 / gained - 1.0), <, 0.05);
  g_assert_cmpfloat (fabs (cmp->net_to_b_m2 / (gained - lost) - 1.0), <, 0.05);
  /* The little that went back: within 5 % of what went forward. */
  g_assert_cmpfloat (fabs (cmp->b_to_a_area_m2 - lost), <, 0.05 * gained);

  /* The oblasts add up to the whole; Donetsk first. */
  for (guint i = 0; i < cmp->regions->len; i++)
    sum += ((DmComparisonRegion *) g_ptr_array_index (cmp->regions, i))->a_to_b_m2;
  g_assert_cmpfloat (fabs (sum / cmp->a_to_b_area_m2 - 1.0), <, 1e-3);
  g_assert_cmpstr (((DmComparisonRegion *) g_ptr_array_index (cmp->regions, 0))->code, ==, "UA-14");
  g_assert_cmpuint (cmp->places->len, >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/bulge/a-to-b", test_compare_bulge);
  g_test_add_func ("/compare/bulge/b-to-a", test_compare_reverse);
  g_test_add_func ("/compare/same-line", test_compare_same);
  g_test_add_func ("/compare/invalid", test_compare_invalid);
  g_test_add_func ("/compare/details", test_compare_details);
  g_test_add_func ("/compare/real", test_compare_real);

  return g_test_run ();
}
