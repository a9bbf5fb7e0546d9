/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-derive.h"
#include "dm-engine.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-proj.h"
#include "dm-scenario.h"
#include "dm-sides.h"

/* ---- Helpers -------------------------------------------------------------- */

static DmGeometry *
box (double lon0, double lat0, double lon1, double lat1)
{
  const double xy[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1 };

  return dm_geometry_new_polygon (xy, 4);
}

/* Geodesic distance from a point to a path; a local planar frame picks
 * the segments worth the geodesic computation. */
static double
point_path_distance_m (double lon, double lat, const double *xy, guint n)
{
  double kx = 111320.0 * cos (lat * G_PI / 180.0), ky = 111130.0;
  g_autofree double *planar = g_new (double, MAX (n, 1));
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

static DmGeometry *
derive (const DmGeometry *held,
        const DmDeriveCountry *countries,
        guint n_countries,
        double tolerance_m,
        DmDeriveReport **report,
        GError **error)
{
  DmDeriveOptions options = DM_DERIVE_OPTIONS_INIT;

  options.tolerance_m = tolerance_m;
  return dm_derive_contact_line (held, countries, n_countries, &options, report, error);
}

/* ---- A tracker-shaped polygon ------------------------------------------- */

/*
 * Country C (30–36° E, 46–50° N) with neighbour N to its east and sea
 * everywhere else.  The held territory is C's east: its edge runs along a
 * wiggly front from the north coast to the south coast, then along the
 * coast and the border as a tracker draws them, 1–3.5 km off the
 * basemap's: inside the country and outside it, with a wedge-shaped dip
 * 3.5 km deep.  It has a hole (an encircled pocket of side A's), a
 * bridgehead across the front, and an island at sea.  Vertices about
 * @step_m apart, shaken by up to @jitter_m.
 */
typedef struct {
  DmGeometry *held;
  GArray *front; /* double lon/lat: the true front, north to south */
  DmGeometry *country;
  DmGeometry *neighbour;
} Tracker;

static void
tracker_free (Tracker *t)
{
  dm_geometry_free (t->held);
  g_array_unref (t->front);
  dm_geometry_free (t->country);
  dm_geometry_free (t->neighbour);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tracker, tracker_free)

/* Appends the straight stretch from @a to @b in steps of about @step_m. */
static void
add_stretch (GArray *ring, const double *a, const double *b, double step_m, double jitter_m, GRand *rand)
{
  double len = dm_geodesy_distance_m (a[0], a[1], b[0], b[1]);
  guint k = MAX ((guint) ceil (len / step_m), 1);

  for (guint i = 0; i < k; i++)
    {
      double t = (double) i / k;
      double p[2] = { a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]) };

      if (i > 0 && jitter_m > 0)
        {
          p[0] += g_rand_double_range (rand, -jitter_m, jitter_m) / 75000.0;
          p[1] += g_rand_double_range (rand, -jitter_m, jitter_m) / 111000.0;
        }
      g_array_append_vals (ring, p, 2);
    }
}

static double
front_lon (double lat)
{
  return 33.5 + 0.35 * sin (lat * 2.3) + 0.12 * sin (lat * 11.0) + 0.02 * sin (lat * 53.0);
}

static Tracker *
tracker_new (double step_m, double jitter_m, guint32 seed)
{
  Tracker *t = g_new0 (Tracker, 1);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GArray) outer = g_array_new (FALSE, FALSE, sizeof (double));
  /* The tracker's coast 1.7 km inside the basemap's in the south, 1.9 km
   * in the north; its border 2.5 km inside, then 2 km outside, then 1 km
   * inside with a 3.5 km dip, then 3 km inside. */
  const double south = 46.0 + 1700.0 / 111000.0, north = 50.0 - 1900.0 / 111000.0;
  const double kx = 111320.0 * cos (48.0 * G_PI / 180.0);
  const double corners[][2] = {
    { front_lon (south), south },  { 36.0 - 2500.0 / kx, south }, { 36.0 - 2500.0 / kx, 47.0 },
    { 36.0 + 2000.0 / kx, 47.0 },  { 36.0 + 2000.0 / kx, 48.0 },  { 36.0 - 1000.0 / kx, 48.0 },
    { 36.0 - 1000.0 / kx, 48.45 }, { 36.0 - 3500.0 / kx, 48.5 }, /* the dip */
    { 36.0 - 1000.0 / kx, 48.55 }, { 36.0 - 1000.0 / kx, 49.0 },  { 36.0 - 3000.0 / kx, 49.0 },
    { 36.0 - 3000.0 / kx, north }, { front_lon (north), north },
  };
  const double hole[] = { 35.0, 47.5, 35.0, 47.55, 35.05, 47.55, 35.05, 47.5 };
  const double bridgehead[] = { 32.5, 48.0, 32.6, 48.0, 32.6, 48.05, 32.5, 48.05 };
  const double island[] = { 34.0, 45.5, 34.1, 45.5, 34.1, 45.6, 34.0, 45.6 };
  guint n_front = 0;

  t->country = box (30, 46, 36, 50);
  t->neighbour = box (36, 44, 40, 52);
  t->front = g_array_new (FALSE, FALSE, sizeof (double));

  /* Counter-clockwise round the held territory: east along the south
   * coast, north along the border, west along the north coast... */
  for (guint c = 0; c + 1 < G_N_ELEMENTS (corners); c++)
    add_stretch (outer, corners[c], corners[c + 1], step_m, jitter_m, rand);
  /* ... and south along the front. */
  n_front = (guint) ceil (dm_geodesy_distance_m (32, north, 32, south) / step_m);
  for (guint i = 0; i < n_front; i++)
    {
      double lat = north - (north - south) * i / n_front;
      double p[2] = { front_lon (lat), lat };

      g_array_append_vals (t->front, p, 2);
      if (i > 0 && jitter_m > 0)
        {
          p[0] += g_rand_double_range (rand, -jitter_m, jitter_m) / 75000.0;
          p[1] += g_rand_double_range (rand, -jitter_m, jitter_m) / 111000.0;
        }
      g_array_append_vals (outer, p, 2);
    }

  t->held = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  dm_geometry_begin_part (t->held);
  dm_geometry_add_ring (t->held, (const double *) (gpointer) outer->data, outer->len / 2);
  dm_geometry_add_ring (t->held, hole, 4);
  dm_geometry_begin_part (t->held);
  dm_geometry_add_ring (t->held, bridgehead, 4);
  dm_geometry_begin_part (t->held);
  dm_geometry_add_ring (t->held, island, 4);
  return t;
}

/* The longest part of @line. */
static const double *
longest_part (const DmGeometry *line, guint *n)
{
  const double *best = NULL;
  double best_len = -1;

  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint np;
      const double *xy = dm_geometry_get_ring (line, p, 0, &np);
      double len = dm_geodesy_path_length_m (xy, np);

      if (len > best_len)
        {
          best = xy;
          *n = np;
          best_len = len;
        }
    }
  return best;
}

static gboolean
part_is_closed (const DmGeometry *line, guint p)
{
  guint n;
  const double *xy = dm_geometry_get_ring (line, p, 0, &n);

  return n >= 4 && xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1];
}

static void
check_tracker_line (Tracker *t, const DmGeometry *line, DmDeriveReport *report)
{
  const double *fxy = (const double *) (gpointer) t->front->data;
  guint nf = t->front->len / 2, n = 0, closed = 0;
  const double *lxy = longest_part (line, &n);
  double worst = 0;

  /* Three parts: the front, the hole's edge and the bridgehead's; the
   * island at sea and every stretch along the border and coast, dip
   * included, left out. */
  g_assert_cmpuint (dm_geometry_get_n_parts (line), ==, 3);
  g_assert_cmpuint (report->n_parts, ==, 3);
  g_assert_cmpstr (report->country_code, ==, "C");
  g_assert_cmpstr (report->neighbour_code, ==, "N");
  g_assert_cmpstr (report->neighbour_name, ==, "Neighbour");
  for (guint p = 0; p < 3; p++)
    closed += part_is_closed (line, p);
  g_assert_cmpuint (closed, ==, 2);

  /* The front, every bit of it, within 100 m of the line, and the line's
   * vertices on the front, but for the ends carried to the coast. */
  for (guint i = 0; i < nf; i += MAX (nf / 1500, 1))
    worst = MAX (worst, point_path_distance_m (fxy[2 * i], fxy[2 * i + 1], lxy, n));
  g_test_message ("front to derived line: at most %.0f m", worst);
  g_assert_cmpfloat (worst, <, 100.0);
  worst = 0;
  for (guint i = 0; i < n; i += MAX (n / 1500, 1))
    if (lxy[2 * i + 1] > 46.05 && lxy[2 * i + 1] < 49.95)
      worst = MAX (worst, point_path_distance_m (lxy[2 * i], lxy[2 * i + 1], fxy, nf));
  g_assert_cmpfloat (worst, <, 100.0);
  /* It reaches the basemap's coast at both ends (the tracker's lies about
   * 2 km inside), running north with the held territory on its right. */
  g_assert_cmpfloat (fabs (lxy[1] - 46.0), <, 2e-5); /* a metre beyond */
  g_assert_cmpfloat (fabs (lxy[2 * n - 1] - 50.0), <, 2e-5);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 35.5, 48.0), ==, DM_SIDE_B);
  g_assert_cmpint (dm_sides_classify_point (lxy, n, 31.0, 48.0), ==, DM_SIDE_A);

  /* The closed parts: the pocket lies on side A of its edge, the
   * bridgehead on side B of its. */
  for (guint p = 0; p < 3; p++)
    {
      guint np;
      const double *pxy = dm_geometry_get_ring (line, p, 0, &np);

      if (!part_is_closed (line, p))
        continue;
      if (pxy[0] > 34)
        g_assert_cmpint (dm_sides_classify_point (pxy, np, 35.025, 47.525), ==, DM_SIDE_A);
      else
        g_assert_cmpint (dm_sides_classify_point (pxy, np, 32.55, 48.025), ==, DM_SIDE_B);
    }

  /* What was left out: about 4° of border (less 1° outside it, less the
   * stretches near the front), two coasts of about 2.5° of longitude, the
   * island (at sea, beyond the coast). */
  g_test_message ("border %.0f km, coast %.0f km, outside %.0f km, %u stubs", report->border_m / 1e3,
                  report->coast_m / 1e3, report->outside_m / 1e3, report->n_stubs);
  g_assert_cmpfloat (report->border_m, >, 300e3);
  g_assert_cmpfloat (report->border_m, <, 380e3); /* a jagged edge is longer */
  g_assert_cmpfloat (report->coast_m, >, 300e3);
  g_assert_cmpfloat (report->coast_m, <, 420e3);
  g_assert_cmpfloat (report->outside_m, >, 150e3);
  g_assert_cmpfloat (fabs (report->length_m - dm_geodesy_geometry_length_m (line)), <, 1.0);
}

static void
test_tracker (void)
{
  g_autoptr (Tracker) t = tracker_new (1000, 0, 1);
  DmDeriveCountry countries[] = { { "N", "Neighbour", t->neighbour }, { "C", "Country", t->country } };
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  line = derive (t->held, countries, 2, DM_DERIVE_DEFAULT_TOLERANCE_M, &report, &error);
  g_assert_no_error (error);
  check_tracker_line (t, line, report);

  text = dm_derive_report_describe (report, DM_LENGTH_KM);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "3 parts"));
  g_assert_nonnull (strstr (text, "Country (side A) against Neighbour (side B)"));
  g_assert_nonnull (strstr (text, "along the border"));
  g_assert_nonnull (strstr (text, "along the coast"));

  /* The ring's direction does not matter. */
  {
    g_autoptr (DmGeometry) turned = dm_geometry_copy (t->held);
    g_autoptr (DmDeriveReport) r2 = NULL;
    g_autoptr (DmGeometry) line2 = NULL;

    dm_geometry_reverse (turned);
    line2 = derive (turned, countries, 2, DM_DERIVE_DEFAULT_TOLERANCE_M, &r2, &error);
    g_assert_no_error (error);
    check_tracker_line (t, line2, r2);
  }
}

/* With a narrower tolerance, the stretches drawn 2.5–3.5 km off the
 * border come back as pieces of "front". */
static void
test_tracker_tolerance (void)
{
  g_autoptr (Tracker) t = tracker_new (1000, 0, 2);
  DmDeriveCountry countries[] = { { "C", "Country", t->country }, { "N", "Neighbour", t->neighbour } };
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;

  line = derive (t->held, countries, 2, 2000.0, &report, &error);
  g_assert_no_error (error);
  g_test_message ("at 2 km: %u parts, %.0f km", report->n_parts, report->length_m / 1e3);
  g_assert_cmpuint (dm_geometry_get_n_parts (line), >, 3);
}

/* 200,000 vertices, 6 m apart, each shaken by up to 3 m: the same line. */
static void
test_tracker_dense (void)
{
  g_autoptr (Tracker) t = tracker_new (6.4, 3.0, 3);
  DmDeriveCountry countries[] = { { "N", "Neighbour", t->neighbour }, { "C", "Country", t->country } };
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;
  gint64 t0;

  g_assert_cmpuint (dm_geometry_get_n_points (t->held), >, 190000);
  t0 = g_get_monotonic_time ();
  line = derive (t->held, countries, 2, DM_DERIVE_DEFAULT_TOLERANCE_M, &report, &error);
  g_assert_no_error (error);
  g_test_message ("%u vertices derived in %.0f ms", dm_geometry_get_n_points (t->held),
                  (g_get_monotonic_time () - t0) / 1000.0);
  check_tracker_line (t, line, report);
}

/* A ring that crosses itself (a loop in the front) is repaired first. */
static void
test_self_intersecting (void)
{
  g_autoptr (DmGeometry) country = box (30, 46, 36, 50);
  DmDeriveCountry countries[] = { { "C", "Country", country } };
  /* A square across the country's east half, its west side with a
   * bow-tie: it crosses itself at 48° N. */
  const double xy[] = {
    33.0, 45.0, 37.0, 45.0, 37.0, 51.0, 33.0, 51.0, 33.0, 48.2, 33.3, 47.8, 33.3, 48.2, 33.0, 47.8
  };
  g_autoptr (DmGeometry) held = dm_geometry_new_polygon (xy, G_N_ELEMENTS (xy) / 2);
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;

  line = derive (held, countries, 1, DM_DERIVE_DEFAULT_TOLERANCE_M, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* From coast to coast along 33° E, some 445 km, whatever the loop. */
  g_assert_cmpfloat (report->length_m, >, 440e3);
  g_assert_cmpfloat (report->length_m, <, 520e3);
  g_assert_null (report->neighbour_name);
  for (guint i = 0; i < dm_geometry_get_n_points (line); i++)
    {
      double lon, lat;

      dm_geometry_get_point (line, i, &lon, &lat);
      g_assert_cmpfloat (lon, >=, 33.0 - 1e-9);
      g_assert_cmpfloat (lon, <=, 33.3 + 1e-9);
    }
}

static void
test_enclave (void)
{
  /* Held land away from every border: its whole outline, closed, with the
   * inside on the right. */
  g_autoptr (DmGeometry) country = box (30, 45, 40, 50);
  g_autoptr (DmGeometry) control = box (34, 47, 35, 48);
  DmDeriveCountry countries[] = { { "C", "Country", country } };
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;
  const double *lxy;
  guint n;

  line = derive (control, countries, 1, DM_DERIVE_DEFAULT_TOLERANCE_M, NULL, &error);
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
test_errors (void)
{
  g_autoptr (DmGeometry) country = box (30, 45, 40, 50);
  g_autoptr (DmGeometry) outside = box (41, 45, 42, 46);
  g_autoptr (DmGeometry) everything = box (29, 44, 41, 51);
  g_autoptr (DmGeometry) point = dm_geometry_new_point (35, 47);
  DmDeriveCountry countries[] = { { "C", "Country", country } };
  DmDeriveOptions bad = DM_DERIVE_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  DmGeometry *line;

  line = derive (outside, countries, 1, DM_DERIVE_DEFAULT_TOLERANCE_M, NULL, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP);
  /* Where the polygon is, and what the basemap covers. */
  g_assert_nonnull (strstr (error->message, "from 45.00° N, 41.00° E to 46.00° N, 42.00° E"));
  g_assert_nonnull (strstr (error->message, "outside the basemap, which covers 45° N, 30° E to 50° N, 40° E"));
  g_assert_null (line);
  g_clear_error (&error);

  /* Within the basemap, between two countries (at sea). */
  {
    g_autoptr (DmGeometry) west = box (30, 45, 32, 50);
    g_autoptr (DmGeometry) east = box (38, 45, 40, 50);
    g_autoptr (DmGeometry) between = box (34, 46, 35, 47);
    DmDeriveCountry two[] = { { "W", "West", west }, { "E", "East", east } };

    line = derive (between, two, 2, DM_DERIVE_DEFAULT_TOLERANCE_M, NULL, &error);
    g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP);
    g_assert_nonnull (strstr (error->message, "lies in no country of the basemap"));
    g_assert_null (line);
    g_clear_error (&error);
  }

  /* The whole country held: nothing but coast. */
  line = derive (everything, countries, 1, DM_DERIVE_DEFAULT_TOLERANCE_M, NULL, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NOTHING_LEFT);
  g_assert_null (line);
  g_clear_error (&error);

  line = derive (point, countries, 1, DM_DERIVE_DEFAULT_TOLERANCE_M, NULL, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID);
  g_assert_null (line);
  g_clear_error (&error);

  bad.tolerance_m = 0;
  line = dm_derive_contact_line (country, countries, 1, &bad, NULL, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID);
  g_assert_null (line);
  g_clear_error (&error);

  bad = (DmDeriveOptions) DM_DERIVE_OPTIONS_INIT;
  bad.country = "Atlantis";
  line = dm_derive_contact_line (country, countries, 1, &bad, NULL, &error);
  g_assert_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP);
  g_assert_null (line);
}

/* ---- Real trackers' snapshots -------------------------------------------- */

static char *
test_data (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* Points every @step_m along the parts of @g (lines, or rings). */
static GArray *
sample_along (const DmGeometry *g, double step_m)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean rings = dm_geometry_is_polygonal (g);

  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (g, p, r, &n);
        guint segs = rings ? n : n - 1;

        for (guint i = 0; i < segs; i++)
          {
            const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];
            double s, az1, az2;
            guint k;

            dm_geodesy_inverse (a[0], a[1], b[0], b[1], &s, &az1, &az2);
            k = MAX ((guint) ceil (s / step_m), 1);
            for (guint j = 0; j < k; j++)
              {
                double q[2];

                dm_geodesy_direct (a[0], a[1], az1, s * j / k, &q[0], &q[1]);
                g_array_append_vals (out, q, 2);
              }
          }
      }
  return out;
}

/* Everything in metres: an azimuthal equidistant projection centred on
 * Ukraine (under 0.3 % off over the front, far below what is tested). */
typedef struct {
  GEOSContextHandle_t ctx;
  DmLocalProj *proj;
} Metric;

static GEOSGeometry *
metric_geos (Metric *m, const DmGeometry *g)
{
  g_autoptr (DmGeometry) projected = dm_local_proj_forward_geometry (m->proj, g);

  return dm_geometry_to_geos (m->ctx, projected);
}

static GEOSGeometry *
metric_points (Metric *m, GArray *lonlat)
{
  g_autoptr (GArray) xy = g_array_copy (lonlat);
  GEOSGeometry **pts = g_new (GEOSGeometry *, MAX (xy->len / 2, 1));
  GEOSGeometry *multi;

  dm_local_proj_forward (m->proj, (double *) (gpointer) xy->data, xy->len / 2);
  for (guint i = 0; i < xy->len / 2; i++)
    pts[i] =
      GEOSGeom_createPointFromXY_r (m->ctx, g_array_index (xy, double, 2 * i), g_array_index (xy, double, 2 * i + 1));
  multi = GEOSGeom_createCollection_r (m->ctx, GEOS_MULTIPOINT, pts, xy->len / 2);
  g_free (pts);
  return multi;
}

/* Of @points, the share within @d of @target (both projected). */
static double
share_within (Metric *m, const GEOSGeometry *points, const GEOSGeometry *target, double d)
{
  const GEOSPreparedGeometry *prepared = GEOSPrepare_r (m->ctx, target);
  guint n = GEOSGetNumGeometries_r (m->ctx, points), near = 0;

  for (guint i = 0; i < n; i++)
    near += GEOSPreparedDistanceWithin_r (m->ctx, prepared, GEOSGetGeometryN_r (m->ctx, points, i), d) == 1;
  GEOSPreparedGeom_destroy_r (m->ctx, prepared);
  return n > 0 ? (double) near / n : 0.0;
}

/*
 * The derived line against a reference front made independently of the
 * derivation: the polygon's edge inside Ukraine less what lies within
 * 4 km of Ukraine's border or coast (measured by GEOS, in metres).  At
 * 1.5 km, 97 % of the reference lies near the line and 97 % of the line
 * (away from the border and coast, where the reference stops) near the
 * reference; and no part of the line follows the border or coast alone
 * (every part that is not an enclave's ring reaches beyond 4 km of it).
 */
static void
check_real (const char *name, double min_km, double max_km)
{
  g_autofree char *path = test_data (name);
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) edge = NULL, along = NULL, ref = NULL, away = NULL;
  g_autoptr (DmGeosGeometry) ua = NULL, ua_edge = NULL, line_g = NULL, ref_g = NULL, ref_pts = NULL, away_pts = NULL;
  const GEOSPreparedGeometry *ua_p, *ua_edge_p;
  const DmGeometry *held, *ukraine;
  Metric m;
  double r_to_d, d_to_r;
  guint n_parts;

  g_assert_nonnull (basemap);
  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  held = ((DmImportFeature *) g_ptr_array_index (layer->features, 0))->geometry;
  ukraine = dm_basemap_find_region (basemap, "UA", NULL, &error);
  g_assert_no_error (error);

  line = dm_derive_contact_line_basemap (held, basemap, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->country_name, ==, "Ukraine");
  g_assert_cmpstr (report->neighbour_name, ==, "Russia");
  g_test_message ("%s: %.0f km in %u parts; left out %.0f km border, %.0f km coast, %.0f km outside, "
                  "%u stubs (%.1f km)",
                  name, report->length_m / 1e3, report->n_parts, report->border_m / 1e3, report->coast_m / 1e3,
                  report->outside_m / 1e3, report->n_stubs, report->stubs_m / 1e3);
  g_assert_cmpfloat (report->length_m, >, min_km * 1e3);
  g_assert_cmpfloat (report->length_m, <, max_km * 1e3);

  m.ctx = dm_geos_get_context ();
  m.proj = dm_local_proj_new (35.0, 48.5);
  ua = metric_geos (&m, ukraine);
  ua_edge = GEOSBoundary_r (m.ctx, ua);
  ua_p = GEOSPrepare_r (m.ctx, ua);
  ua_edge_p = GEOSPrepare_r (m.ctx, ua_edge);
  line_g = metric_geos (&m, line);

  /* The reference: samples every 200 m of the polygon's edge, inside
   * Ukraine and beyond 4 km of its outline. */
  edge = sample_along (held, 200.0);
  ref = g_array_new (FALSE, FALSE, sizeof (double));
  {
    g_autoptr (DmGeosGeometry) pts = metric_points (&m, edge);

    for (guint i = 0; i < edge->len / 2; i++)
      {
        const GEOSGeometry *pt = GEOSGetGeometryN_r (m.ctx, pts, i);

        if (GEOSPreparedContains_r (m.ctx, ua_p, pt) == 1 &&
            GEOSPreparedDistanceWithin_r (m.ctx, ua_edge_p, pt, 4000.0) == 0)
          g_array_append_vals (ref, &g_array_index (edge, double, 2 * i), 2);
      }
  }
  ref_pts = metric_points (&m, ref);
  r_to_d = share_within (&m, ref_pts, line_g, 1500.0);

  /* The line's samples away from the outline, against the reference as a
   * set of points 200 m apart (1.6 km covers the spacing). */
  along = sample_along (line, 200.0);
  away = g_array_new (FALSE, FALSE, sizeof (double));
  {
    g_autoptr (DmGeosGeometry) pts = metric_points (&m, along);

    for (guint i = 0; i < along->len / 2; i++)
      if (GEOSPreparedDistanceWithin_r (m.ctx, ua_edge_p, GEOSGetGeometryN_r (m.ctx, pts, i), 4000.0) == 0)
        g_array_append_vals (away, &g_array_index (along, double, 2 * i), 2);
  }
  away_pts = metric_points (&m, away);
  d_to_r = share_within (&m, away_pts, ref_pts, 1600.0);
  g_test_message ("%s: reference %.0f km, %.1f %% of it within 1.5 km of the line; "
                  "%.1f %% of the line away from the outline (%.0f of %.0f km) within 1.5 km of it",
                  name, ref->len / 2 * 0.2, 100 * r_to_d, 100 * d_to_r, away->len / 2 * 0.2, along->len / 2 * 0.2);
  g_assert_cmpfloat (r_to_d, >=, 0.97);
  g_assert_cmpfloat (d_to_r, >=, 0.97);

  /* No part follows the border or coast alone. */
  n_parts = dm_geometry_get_n_parts (line);
  for (guint p = 0; p < n_parts; p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, p, 0, &n);
      g_autoptr (DmGeometry) part = dm_geometry_new_linestring (xy, n);
      g_autoptr (GArray) samples = sample_along (part, 200.0);
      g_autoptr (DmGeosGeometry) pts = metric_points (&m, samples);
      gboolean beyond = FALSE;

      for (guint i = 0; i < samples->len / 2 && !beyond; i++)
        beyond = GEOSPreparedDistanceWithin_r (m.ctx, ua_edge_p, GEOSGetGeometryN_r (m.ctx, pts, i), 4000.0) == 0;
      g_assert_true (beyond || part_is_closed (line, p));
    }

  GEOSPreparedGeom_destroy_r (m.ctx, ua_p);
  GEOSPreparedGeom_destroy_r (m.ctx, ua_edge_p);
  dm_local_proj_free (m.proj);
}

static void
test_real_2024 (void)
{
  check_real ("occupied-2024-11-01.geojson", 1050, 1250);
}

static void
test_real_2025 (void)
{
  check_real ("occupied-2025-11-01.geojson", 1100, 1450);
}

/* Analysed as the CLI and the window open it: the line derived, a DMZ,
 * and side B's territory the polygon's geodesic area inside Ukraine. */
static void
test_real_analysed (void)
{
  g_autofree char *path = test_data ("occupied-2025-11-01.geojson");
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
  g_autoptr (DmDeriveReport) report = NULL;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) r = NULL;
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmGeosGeometry) held = NULL, ua = NULL, inside = NULL;
  g_autoptr (DmGeometry) inside_dm = NULL;
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  DmZoneFigures *dmz;
  double held_m2;

  doc = dm_scenario_load_full (path, NULL, &report, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (dm_document_get_side_name (doc, DM_SIDE_A), ==, "Ukraine");
  g_assert_cmpstr (dm_document_get_side_name (doc, DM_SIDE_B), ==, "Russia");
  g_assert_cmpstr (dm_document_get_proposal_name (doc, 0), ==, "occupied-2025-11-01");
  g_assert_cmpstr (dm_feature_get_name (dm_document_get_contact_line (doc)), ==,
                   "Contact line derived from occupied-2025-11-01.geojson");
  g_assert_cmpuint (dm_document_get_n_reference_layers (doc), ==, 1);

  engine = dm_engine_new (doc);
  r = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  dmz = g_ptr_array_index (r->zones, 0);
  g_assert_null (dmz->error);
  g_assert_cmpfloat (dm_zone_result_get_area_m2 (dmz->zone, DM_SIDE_NONE), >, 8000e6);
  g_assert_nonnull (r->territory);

  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  held = dm_geometry_to_geos (ctx, ((DmImportFeature *) g_ptr_array_index (layer->features, 0))->geometry);
  ua = dm_geometry_to_geos (ctx, dm_basemap_find_region (basemap, "UA", NULL, NULL));
  inside = GEOSIntersection_r (ctx, held, ua);
  inside_dm = dm_geometry_from_geos (ctx, inside);
  held_m2 = dm_geodesy_geometry_area_m2 (inside_dm);
  g_test_message ("side B %.0f km², the polygon inside Ukraine %.0f km²", r->territory->area_m2_side[1] / 1e6,
                  held_m2 / 1e6);
  g_assert_cmpfloat (fabs (r->territory->area_m2_side[1] / held_m2 - 1.0), <, 0.015);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/derive/tracker/shape", test_tracker);
  g_test_add_func ("/derive/tracker/tolerance", test_tracker_tolerance);
  g_test_add_func ("/derive/tracker/dense", test_tracker_dense);
  g_test_add_func ("/derive/self-intersecting", test_self_intersecting);
  g_test_add_func ("/derive/enclave", test_enclave);
  g_test_add_func ("/derive/errors", test_errors);
  g_test_add_func ("/derive/real/2024-11-01", test_real_2024);
  g_test_add_func ("/derive/real/2025-11-01", test_real_2025);
  g_test_add_func ("/derive/real/analysed", test_real_analysed);

  return g_test_run ();
}
