/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-derive.h"
#include "dm-geodesy.h"
#include "dm-import.h"
#include "dm-sides.h"

static DmGeometry *
square (double lon0,
        double lat0,
        double lon1,
        double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

/* A wiggly south-north line from 44° N to 51° N round 35° E, in @n
 * vertices (about 1.5 km apart for 520). */
static GArray *
wiggly_line (guint n)
{
  GArray *xy = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      double lat = 44.0 + 7.0 * i / (n - 1);
      double lon = 35.0 + 0.4 * sin (lat * 2.1) + 0.15 * sin (lat * 9.7) + 0.03 * sin (lat * 41.0);

      g_array_append_val (xy, lon);
      g_array_append_val (xy, lat);
    }

  return xy;
}

/* Geodesic distance from a point to a path; a local planar frame picks
 * the segments worth the geodesic computation (the nearest ones, with a
 * margin far beyond the frame's error). */
static double
point_path_distance_m (double        lon,
                       double        lat,
                       const double *xy,
                       guint         n)
{
  double kx = 111320.0 * cos (lat * G_PI / 180.0), ky = 111130.0;
  g_autofree double *planar = g_new (double, n);
  double best_planar = G_MAXDOUBLE, best = G_MAXDOUBLE;

  for (guint i = 0; i + 1 < n; i++)
    {
      double x0 = (xy[2 * i] - lon) * kx, y0 = (xy[2 * i + 1] - lat) * ky;
      double dx = (xy[2 * i + 2] - xy[2 * i]) * kx, dy = (xy[2 * i + 3] - xy[2 * i + 1]) * ky;
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (-(x0 * dx + y0 * dy) / len2, 0.0, 1.0) : 0.0;

      planar[i] = hypot (x0 + t * dx, y0 + t * dy);
      best_planar = MIN (best_planar, planar[i]);
    }
  for (guint i = 0; i + 1 < n; i++)
    if (planar[i] <= best_planar * 1.02 + 50.0)
      best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, &xy[2 * i], 2, NULL, NULL));

  return best;
}

/* Geodesic distance from each vertex of @from to the path @to: the largest. */
static double
max_distance_m (const double *from,
                guint         n_from,
                const double *to,
                guint         n_to,
                double        min_lat,
                double        max_lat)
{
  double worst = 0;

  for (guint i = 0; i < n_from; i++)
    if (from[2 * i + 1] >= min_lat && from[2 * i + 1] <= max_lat)
      worst = MAX (worst, point_path_distance_m (from[2 * i], from[2 * i + 1], to, n_to));

  return worst;
}

static void
test_derive_synthetic (void)
{
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  g_autoptr(GArray) wiggle = wiggly_line (520);
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(DmGeometry) control = NULL;
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;
  /* Closed far beyond the country (through the neighbour and the sea):
   * only the wiggle inside is contact line. */
  const double close[] = { 42.0, 51.0, 42.0, 44.0 };
  const double *wxy = (const double *) (gpointer) wiggle->data;
  const double *lxy;
  guint n;
  double len, d;

  g_array_append_vals (ring, wiggle->data, wiggle->len);
  g_array_append_vals (ring, close, 4);
  control = dm_geometry_new_polygon ((const double *) (gpointer) ring->data, ring->len / 2);

  line = dm_derive_contact_line (control, country, DM_DERIVE_DEFAULT_TOLERANCE_M,
                                 DM_DERIVE_DEFAULT_MIN_LENGTH_M, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_LINESTRING);

  lxy = dm_geometry_get_ring (line, 0, 0, &n);
  /* The derived line lies on the wiggle, and every vertex of the wiggle
   * inside the country is within the tolerance of it (the ends stop
   * where the wiggle comes within 2 km of the border). */
  d = max_distance_m (lxy, n, wxy, wiggle->len / 2, -90, 90);
  g_assert_cmpfloat (d, <, 1.0);
  d = max_distance_m (wxy, wiggle->len / 2, lxy, n, 45.0, 50.0);
  g_assert_cmpfloat (d, <=, DM_DERIVE_DEFAULT_TOLERANCE_M * 1.01);
  /* Beyond the country: nothing. */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (lxy[2 * i + 1], >=, 45.0 - 1e-9);
      g_assert_cmpfloat (lxy[2 * i + 1], <=, 50.0 + 1e-9);
    }

  /* 5° of latitude plus the wiggle; shorter by at most 2 km at each end. */
  len = dm_geodesy_geometry_length_m (line);
  g_test_message ("synthetic derived line: %u vertices, %.1f km", n, len / 1000);
  g_assert_cmpfloat (len, >, 556e3);
  g_assert_cmpfloat (len, <, 1000e3);

  /* Controlled territory (east) on side B, the rest on side A; the line
   * then runs south to north. */
  g_assert_cmpfloat (lxy[1], <, lxy[2 * n - 1]);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 38.0, 47.5), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 32.0, 47.5), ==, DM_SIDE_A);
}

static void
test_derive_reversed_ring (void)
{
  /* The control ring's direction does not matter. */
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  g_autoptr(DmGeometry) control = square (35, 44, 42, 51);
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;
  const double *lxy;
  guint n;

  dm_geometry_reverse (control);
  line = dm_derive_contact_line (control, country, 2000, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_LINESTRING);
  lxy = dm_geometry_get_ring (line, 0, 0, &n);
  g_assert_cmpfloat (lxy[1], <, lxy[2 * n - 1]);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 36.0, 47.5), ==, DM_SIDE_B);
  /* 35° E from 45° to 50° N (555.9 km) less at most 2 km at each end. */
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (line), >=, 555.9e3 - 4.1e3);
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (line), <=, 555.9e3);
}

static void
test_derive_strip (void)
{
  /* A strip across the country: two contact lines, each with the strip
   * on its right. */
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  g_autoptr(DmGeometry) control = square (34, 44, 36, 51);
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;

  line = dm_derive_contact_line (control, country, 2000, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_MULTILINESTRING);
  g_assert_cmpuint (dm_geometry_get_n_parts (line), ==, 2);
  for (guint p = 0; p < 2; p++)
    {
      guint n;
      const double *lxy = dm_geometry_get_ring (line, p, 0, &n);

      g_assert_cmpint (dm_sides_classify_point (lxy, n, 35.0, 47.5), ==, DM_SIDE_B);
    }
}

static void
test_derive_enclave (void)
{
  /* Held land away from every border: its whole outline, closed,
   * clockwise (the inside on the right). */
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  g_autoptr(DmGeometry) control = square (34, 47, 35, 48);
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;
  const double *lxy;
  guint n;

  line = dm_derive_contact_line (control, country, 2000, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_LINESTRING);
  lxy = dm_geometry_get_ring (line, 0, 0, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (lxy[0], ==, lxy[2 * n - 2]);
  g_assert_cmpfloat (lxy[1], ==, lxy[2 * n - 1]);
  g_assert_cmpfloat (dm_geodesy_ring_area_m2 (lxy, n), <, 0);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 34.5, 47.5), ==, DM_SIDE_B);
}

static void
test_derive_short_dropped (void)
{
  /* A bite 3 km deep into the border: its sides are short runs, dropped,
   * next to the real line. */
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  const double xy[] = {
    35.0, 44.0, 42.0, 44.0, 42.0, 51.0, 35.0, 51.0,
    35.0, 45.0, 34.0, 45.0, 34.0, 44.0,   /* overlapping the border only */
  };
  g_autoptr(DmGeometry) control = dm_geometry_new_polygon (xy, G_N_ELEMENTS (xy) / 2);
  const double bite[] = { 30.0, 44.0, 31.0, 44.0, 31.0, 45.03, 30.0, 45.03 };
  g_autoptr(DmGeometry) multi = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;

  dm_geometry_begin_part (multi);
  dm_geometry_add_ring (multi, dm_geometry_get_coords (control), dm_geometry_get_n_points (control));
  dm_geometry_begin_part (multi);
  dm_geometry_add_ring (multi, bite, 4);

  /* The bite's top edge is 3.3 km from the border, 1° (79 km) long: it
   * stays; with a 4 km tolerance it goes. */
  line = dm_derive_contact_line (multi, country, 2000, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_MULTILINESTRING);
  g_clear_pointer (&line, dm_geometry_free);

  line = dm_derive_contact_line (multi, country, 4000, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dm_geometry_get_geometry_type (line), ==, DM_GEOMETRY_LINESTRING);
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (line), >=, 555.9e3 - 4.1e3);
  g_assert_cmpfloat (dm_geodesy_geometry_length_m (line), <=, 555.9e3);
}

static void
test_derive_errors (void)
{
  g_autoptr(DmGeometry) country = square (30, 45, 40, 50);
  g_autoptr(DmGeometry) outside = square (41, 45, 42, 46);
  g_autoptr(DmGeometry) everything = square (29, 44, 41, 51);
  g_autoptr(DmGeometry) point = dm_geometry_new_point (35, 47);
  g_autoptr(GError) error = NULL;
  DmGeometry *line;

  line = dm_derive_contact_line (outside, country, 2000, 5000, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP);
  g_assert_null (line);
  g_clear_error (&error);

  line = dm_derive_contact_line (everything, country, 2000, 5000, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NOTHING_LEFT);
  g_assert_null (line);
  g_clear_error (&error);

  line = dm_derive_contact_line (point, country, 2000, 5000, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID);
  g_assert_null (line);
  g_clear_error (&error);

  line = dm_derive_contact_line (country, point, 2000, 5000, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID);
  g_assert_null (line);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("DM_DATADIR");

  return g_build_filename (dir != NULL ? dir : DM_SOURCE_DATADIR, name, NULL);
}

static void
test_derive_sample (void)
{
  g_autofree char *control_path = data_path ("samples/occupied-territory.geojson");
  g_autofree char *line_path = data_path ("samples/contact-line.geojson");
  g_autofree char *basemap_path = data_path ("basemap.gpkg");
  g_autoptr(DmImportLayer) control = NULL;
  g_autoptr(DmImportLayer) countries = NULL;
  g_autoptr(DmImportLayer) sample = NULL;
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(GError) error = NULL;
  const DmGeometry *ukraine = NULL;
  const DmGeometry *sample_line;
  const double *lxy, *sxy;
  guint n, n_sample, n_near = 0;
  double len;
  gint64 t0;

  if (!g_file_test (control_path, G_FILE_TEST_EXISTS) || !g_file_test (basemap_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("sample data or basemap missing");
      return;
    }

  control = dm_import_read (control_path, NULL, NULL, &error);
  g_assert_no_error (error);
  countries = dm_import_read (basemap_path, "countries", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < countries->features->len; i++)
    {
      DmImportFeature *f = g_ptr_array_index (countries->features, i);

      if (g_strcmp0 (g_hash_table_lookup (f->properties, "iso_a2"), "UA") == 0)
        ukraine = f->geometry;
    }
  g_assert_nonnull (ukraine);
  g_assert_cmpuint (control->features->len, >=, 1);

  t0 = g_get_monotonic_time ();
  line = dm_derive_contact_line (((DmImportFeature *) g_ptr_array_index (control->features, 0))->geometry,
                                 ukraine, DM_DERIVE_DEFAULT_TOLERANCE_M, DM_DERIVE_DEFAULT_MIN_LENGTH_M,
                                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  len = dm_geodesy_geometry_length_m (line);
  g_test_message ("derived sample contact line: %s, %u parts, %u vertices, %.1f km, %.0f ms",
                  dm_geometry_type_to_string (dm_geometry_get_geometry_type (line)),
                  dm_geometry_get_n_parts (line), dm_geometry_get_n_points (line), len / 1000,
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpfloat (len, >, 900e3);
  g_assert_cmpfloat (len, <, 1400e3);
  g_assert_true (dm_geometry_is_lineal (line));

  /* The longest stretch is nearly all of it (the sample also leaves a
   * 13 km piece in the Dnipro delta, cut off by the coast band). */
  lxy = NULL;
  n = 0;
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint np;
      const double *pxy = dm_geometry_get_ring (line, p, 0, &np);

      if (lxy == NULL || dm_geodesy_path_length_m (pxy, np) > dm_geodesy_path_length_m (lxy, n))
        {
          lxy = pxy;
          n = np;
        }
    }
  g_assert_cmpfloat (dm_geodesy_path_length_m (lxy, n), >, 0.9 * len);

  /* Orientation: Donetsk is held (side B), Zaporizhzhia is not (A). */
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 37.80, 48.00), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 35.14, 47.84), ==, DM_SIDE_A);

  /* Against the line the sample territory was made from: most of its
   * vertices lie on the derived line. */
  if (!g_file_test (line_path, G_FILE_TEST_EXISTS))
    return;
  sample = dm_import_read (line_path, NULL, NULL, &error);
  g_assert_no_error (error);
  sample_line = ((DmImportFeature *) g_ptr_array_index (sample->features, 0))->geometry;
  sxy = dm_geometry_get_ring (sample_line, 0, 0, &n_sample);
  for (guint i = 0; i < n_sample; i++)
    if (point_path_distance_m (sxy[2 * i], sxy[2 * i + 1], lxy, n) <= 100.0)
      n_near++;
  g_test_message ("%u of %u sample line vertices within 100 m of the derived line", n_near, n_sample);
  g_assert_cmpfloat ((double) n_near / n_sample, >, 0.8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/derive/synthetic/wiggle", test_derive_synthetic);
  g_test_add_func ("/derive/synthetic/reversed-ring", test_derive_reversed_ring);
  g_test_add_func ("/derive/synthetic/strip", test_derive_strip);
  g_test_add_func ("/derive/synthetic/enclave", test_derive_enclave);
  g_test_add_func ("/derive/synthetic/short-dropped", test_derive_short_dropped);
  g_test_add_func ("/derive/errors", test_derive_errors);
  g_test_add_func ("/derive/sample", test_derive_sample);

  return g_test_run ();
}
