/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-bench"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-bench.h"
#include "dm-derive.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-monitoring.h"
#include "dm-proj.h"
#include "dm-units.h"
#include "dm-zone-rule.h"
#include "dm-zones.h"

#define START_LON 32.5
#define START_LAT 46.5
#define END_LON   38.0
#define END_LAT   50.2
/* Wavelengths from about the baseline's length to 2 km. */
#define N_TERMS 30

typedef struct {
  double kx, ky;         /* km per degree of lon, lat at mid-latitude */
  double ux, uy, nx, ny; /* along and left of the baseline, km frame */
  double length_km;      /* of the baseline */
  double m[N_TERMS], c[N_TERMS], phase[N_TERMS];
} Curve;

static void
curve_init (Curve *curve, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  double mid = (START_LAT + END_LAT) / 2 * G_PI / 180.0;
  double dx, dy;

  curve->kx = 111.32 * cos (mid);
  curve->ky = 111.13;
  dx = (END_LON - START_LON) * curve->kx;
  dy = (END_LAT - START_LAT) * curve->ky;
  curve->length_km = hypot (dx, dy);
  curve->ux = dx / curve->length_km;
  curve->uy = dy / curve->length_km;
  curve->nx = -curve->uy;
  curve->ny = curve->ux;
  for (guint k = 0; k < N_TERMS; k++)
    {
      /* m half-waves over the baseline: wavelength 2 L / m. */
      curve->m[k] = floor (2.0 * pow (1.23, k));
      curve->phase[k] = g_rand_double_range (rand, 0, 2 * G_PI);
      /* Amplitude ∝ wavelength: equal slope at every scale, like a
       * line drawn along fields, rivers and villages. */
      curve->c[k] = (2.0 * curve->length_km / curve->m[k]) * g_rand_double_range (rand, 0.5, 1.0);
    }
}

/* The lateral offset (km) at t in [0, 1], pinned to 0 at both ends. */
static double
curve_offset (const Curve *curve, double scale, double t)
{
  double y = 0.0;

  for (guint k = 0; k < N_TERMS; k++)
    {
      double a = G_PI * curve->m[k];

      y +=
        curve->c[k] * (sin (a * t + curve->phase[k]) - (1 - t) * sin (curve->phase[k]) - t * sin (a + curve->phase[k]));
    }
  return scale * y;
}

static void
curve_sample (const Curve *curve, double scale, guint n, double *xy)
{
  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);
      double x = t * curve->length_km, y = curve_offset (curve, scale, t);

      xy[2 * i] = START_LON + (x * curve->ux + y * curve->nx) / curve->kx;
      xy[2 * i + 1] = START_LAT + (x * curve->uy + y * curve->ny) / curve->ky;
    }
}

DmGeometry *
dm_bench_make_front_line (guint n_vertices, guint32 seed, double length_m)
{
  Curve curve;
  const guint n_ref = 4000;
  g_autofree double *ref = g_new (double, 2 * n_ref);
  g_autofree double *xy = NULL;
  double lo = 0.0, hi = 0.1;

  g_return_val_if_fail (n_vertices >= 2, NULL);

  if (length_m <= 0.0)
    length_m = 1200e3;
  curve_init (&curve, seed);
  /* The amplitude scale that makes the curve about as long as asked
   * (to 1e-5, on one reference sampling, so every n_vertices samples the
   * same curve). */
  for (;;)
    {
      curve_sample (&curve, hi, n_ref, ref);
      if (dm_geodesy_path_length_m (ref, n_ref) > length_m || hi > 1e3)
        break;
      hi *= 2.0;
    }
  for (guint iter = 0; iter < 24; iter++)
    {
      double mid = (lo + hi) / 2;

      curve_sample (&curve, mid, n_ref, ref);
      if (dm_geodesy_path_length_m (ref, n_ref) > length_m)
        hi = mid;
      else
        lo = mid;
    }
  xy = g_new (double, 2 * n_vertices);
  curve_sample (&curve, (lo + hi) / 2, n_vertices, xy);
  return dm_geometry_new_linestring (xy, n_vertices);
}

/* Timing */

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct {
  double median, min, max;
  guint n;
} Stats;

static Stats
stats_of (double *ms, guint n)
{
  Stats s = { 0, 0, 0, n };

  if (n == 0)
    return s;
  qsort (ms, n, sizeof (double), compare_double);
  s.min = ms[0];
  s.max = ms[n - 1];
  s.median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  return s;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
geos_geodesic_area (GEOSContextHandle_t ctx, const GEOSGeometry *g)
{
  int type = GEOSGeomTypeId_r (ctx, g);
  double total = 0.0;

  if (type == GEOS_POLYGON)
    {
      for (int r = -1; r < GEOSGetNumInteriorRings_r (ctx, g); r++)
        {
          const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r (ctx, g) : GEOSGetInteriorRingN_r (ctx, g, r);
          const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, ring);
          unsigned int n = 0;
          g_autofree double *xy = NULL;
          double a;

          GEOSCoordSeq_getSize_r (ctx, seq, &n);
          xy = g_new (double, 2 * MAX (n, 1));
          GEOSCoordSeq_copyToBuffer_r (ctx, seq, xy, FALSE, FALSE);
          a = fabs (dm_geodesy_ring_area_m2 (xy, n));
          total += r < 0 ? a : -a;
        }
    }
  else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r (ctx, g); i++)
      total += geos_geodesic_area (ctx, GEOSGetGeometryN_r (ctx, g, i));
  return total;
}

/* What any GIS does: the whole line in one AEQD at its centre, one GEOS
 * buffer with round caps and GEOS's default 8 segments a quadrant, back to
 * WGS 84, and its geodesic area. */
static gboolean
baseline (const DmGeometry *line, double width_m, double *area_m2)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  double x0, y0, x1, y1;
  guint n = dm_geometry_get_n_points (line);
  g_autofree double *xy = g_memdup2 (dm_geometry_get_coords (line), 2 * n * sizeof (double));
  g_autoptr (DmLocalProj) proj = NULL;
  g_autoptr (DmGeosGeometry) g = NULL, buf = NULL, back = NULL;
  GEOSCoordSequence *seq;

  dm_geometry_get_extent (line, &x0, &y0, &x1, &y1);
  proj = dm_local_proj_new ((x0 + x1) / 2, (y0 + y1) / 2);
  if (proj == NULL || !dm_local_proj_forward (proj, xy, n))
    return FALSE;
  seq = GEOSCoordSeq_copyFromBuffer_r (ctx, xy, n, FALSE, FALSE);
  g = GEOSGeom_createLineString_r (ctx, seq);
  buf = GEOSBuffer_r (ctx, g, width_m, 8);
  if (buf == NULL)
    return FALSE;
  back = dm_local_proj_inverse_geos (proj, ctx, buf);
  if (back == NULL)
    return FALSE;
  *area_m2 = geos_geodesic_area (ctx, back);
  return TRUE;
}

static void
bench_projections (FILE *out)
{
  const guint n = 20000;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree double *tmp = g_new (double, 2 * n);
  const char *names[] = { "PROJ aeqd", "geod_inverse/direct", "fast (tangent plane)" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = 35.0 + g_rand_double_range (rand, -0.2, 0.2);
      xy[2 * i + 1] = 48.0 + g_rand_double_range (rand, -0.2, 0.2);
    }
  fprintf (out, "Local projection, forward + inverse, per point:\n");
  for (int m = DM_LOCAL_PROJ_PROJ; m <= DM_LOCAL_PROJ_FAST; m++)
    {
      g_autoptr (DmLocalProj) proj = dm_local_proj_new_with_method (35.0, 48.0, m);
      double t0, t1, worst = 0.0;

      memcpy (tmp, xy, 2 * n * sizeof (double));
      t0 = now_ms ();
      dm_local_proj_forward (proj, tmp, n);
      dm_local_proj_inverse (proj, tmp, n);
      t1 = now_ms ();
      for (guint i = 0; i < n; i++)
        worst = MAX (worst, dm_geodesy_distance_m (xy[2 * i], xy[2 * i + 1], tmp[2 * i], tmp[2 * i + 1]));
      fprintf (out, "  %-22s %7.3f µs   (round trip error ≤ %.1e m)\n", names[m], (t1 - t0) * 1000.0 / n, worst);
    }
  fprintf (out, "\n");
}

typedef struct {
  const char *name;
  guint n_vertices;
  guint baseline_runs, scratch_runs, update_runs;
} Size;

/* @line cut in six parts, a few vertices dropped at each cut: the shape
 * of a line derived from a tracker's polygon. */
static DmGeometry *
six_parts (const DmGeometry *line)
{
  guint n;
  const double *xy = dm_geometry_get_ring (line, 0, 0, &n);
  DmGeometry *g = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  guint per = n / 6, gap = MAX (n / 200, 2);

  for (guint p = 0; p < 6; p++)
    {
      guint first = p * per + (p > 0 ? gap : 0), last = p < 5 ? (p + 1) * per : n;

      dm_geometry_begin_part (g);
      dm_geometry_add_ring (g, xy + 2 * first, last - first);
    }
  return g;
}

/* Medians of one-vertex updates of the DMZ of @line (moves of up to
 * 200 m at random vertices). */
static gboolean
median_update_ms (DmGeometry *line, const DmZoneRule *dmz, guint runs, guint32 seed, double *median_ms, GError **error)
{
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *ms = g_new0 (double, runs);
  guint n = dm_geometry_get_n_points (line);
  g_autoptr (DmZoneResult) cold = NULL;

  dm_zone_cache_set_line (cache, line);
  if ((cold = dm_zone_cache_evaluate (cache, dmz, NULL, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < runs; r++)
    {
      guint v = g_rand_int_range (rand, 1, n - 1);
      double lon, lat, t0;
      g_autoptr (DmZoneResult) result = NULL;

      dm_geometry_get_point (line, v, &lon, &lat);
      lon += g_rand_double_range (rand, -200, 200) / (111320.0 * cos (lat * G_PI / 180.0));
      lat += g_rand_double_range (rand, -200, 200) / 111132.0;
      t0 = now_ms ();
      dm_geometry_set_point (line, v, lon, lat);
      dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTICES_MOVED);
      result = dm_zone_cache_evaluate (cache, dmz, NULL, error);
      ms[r] = now_ms () - t0;
      if (result == NULL)
        return FALSE;
    }
  *median_ms = stats_of (ms, runs).median;
  return TRUE;
}

DmGeometry *
dm_bench_make_held_polygon (guint n_vertices, guint32 seed)
{
  g_autoptr (DmGeometry) front = dm_bench_make_front_line (MAX (n_vertices, 16) - 4, seed, 0.0);
  g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;
  const double *xy = dm_geometry_get_ring (front, 0, 0, &n);
  /* From the front's north-eastern end through Russia and the sea south
   * of Crimea back to its south-western end. */
  const double close[] = { 41.0, 50.6, 41.0, 44.0, 32.0, 44.0, 32.0, 46.4 };

  g_array_append_vals (ring, xy, 2 * n);
  g_array_append_vals (ring, close, G_N_ELEMENTS (close));
  return dm_geometry_new_polygon ((const double *) (gpointer) ring->data, ring->len / 2);
}

int
dm_bench_derive (DmBasemap *basemap, guint n_vertices, FILE *out)
{
  g_autoptr (DmGeometry) held = dm_bench_make_held_polygon (n_vertices, 42);
  double ms[3];
  guint parts = 0;
  double length = 0;

  for (guint r = 0; r < G_N_ELEMENTS (ms); r++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmDeriveReport) report = NULL;
      g_autoptr (DmGeometry) line = NULL;
      double t0 = now_ms ();

      line = dm_derive_contact_line_basemap (held, basemap, NULL, &report, &error);
      ms[r] = now_ms () - t0;
      if (line == NULL)
        {
          fprintf (out, "derive failed at %u vertices: %s\n", n_vertices, error->message);
          return 1;
        }
      parts = report->n_parts;
      length = report->length_m;
    }
  fprintf (out,
           "derive-line, a %u-vertex polygon of held territory across Ukraine: median %.0f ms "
           "(min %.0f, max %.0f): %.0f km in %u parts\n",
           dm_geometry_get_n_points (held), stats_of (ms, 3).median, stats_of (ms, 3).min, stats_of (ms, 3).max,
           length / 1000.0, parts);
  fprintf (out, "BENCH derive vertices=%u median_ms=%.1f\n", dm_geometry_get_n_points (held), stats_of (ms, 3).median);
  return 0;
}

int
dm_bench_run (const char *filter, FILE *out)
{
  return dm_bench_run_with_extra (filter, out, NULL, NULL);
}

int
dm_bench_run_with_extra (const char *filter, FILE *out, DmBenchExtraFunc extra, gpointer user_data)
{
  static const Size sizes[] = {
    { "3k", 3000, 9, 5, 31 },
    { "30k", 30000, 5, 3, 31 },
    { "300k", 300000, 3, 2, 21 },
  };
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();
  g_autoptr (GString) machine = g_string_new (NULL);
  const double width = dmz->width_a_m;
  gboolean all = filter == NULL || *filter == '\0';

  g_return_val_if_fail (out != NULL, 1);

  fprintf (out,
           "Demarcate bench: DMZ %.2f m (2.5 mi) each side of a ~1,200 km front-line-like line.\n"
           "(a) baseline: one GEOS buffer of the whole line in one AEQD, round caps, 8 segments/quadrant,\n"
           "    with the projection both ways and the geodesic area;\n"
           "(b) Demarcate from scratch: tiled, per-tile AEQD, sides split, flat ends, 32 segments/quadrant;\n"
           "(c) Demarcate after moving one vertex (line_changed + evaluate), random vertices.\n\n",
           width);
  if (all || strstr ("proj", filter) != NULL || strstr (filter, "proj") != NULL)
    bench_projections (out);

  fprintf (out, "%8s %7s %10s | %10s %10s %10s | %10s %10s %10s | %8s %8s | %6s\n", "vertices", "tile°", "length km",
           "(a) med ms", "min", "max", "(b) med ms", "min", "max", "a/b", "a/c", "tiles");
  fprintf (out, "%8s %7s %10s | %10s %10s %10s | %10s %10s %10s | %8s %8s | %6s\n", "", "", "", "", "", "",
           "(c) med ms", "min", "max", "", "", "recomp");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      const Size *size = &sizes[s];
      g_autoptr (DmGeometry) line = NULL;
      g_autoptr (DmZoneCache) cache = NULL;
      g_autoptr (GRand) rand = g_rand_new_with_seed (1000 + s);
      g_autofree double *ms_a = g_new0 (double, size->baseline_runs);
      g_autofree double *ms_b = g_new0 (double, size->scratch_runs);
      g_autofree double *ms_c = g_new0 (double, size->update_runs);
      g_autofree guint *recomputed = g_new0 (guint, size->update_runs);
      double area_a = 0.0, area_b = 0.0, parts_ms = 0.0;
      Stats sa, sb, sc;
      guint n_tiles = 0, n = size->n_vertices;
      g_autoptr (GError) error = NULL;

      if (!all && strstr (size->name, filter) == NULL)
        continue;

      line = dm_bench_make_front_line (n, 42, 0.0);

      for (guint r = 0; r < size->baseline_runs; r++)
        {
          double t0 = now_ms ();

          if (!baseline (line, width, &area_a))
            {
              fprintf (out, "baseline failed at %u vertices\n", n);
              return 1;
            }
          ms_a[r] = now_ms () - t0;
        }
      for (guint r = 0; r < size->scratch_runs; r++)
        {
          double t0 = now_ms ();
          g_autoptr (DmZoneResult) result = dm_zones_evaluate_from_scratch (line, dmz, NULL, &error);

          ms_b[r] = now_ms () - t0;
          if (result == NULL)
            {
              fprintf (out, "from scratch failed at %u vertices: %s\n", n, error->message);
              return 1;
            }
          area_b = dm_zone_result_get_area_m2 (result, DM_SIDE_NONE);
        }

      cache = dm_zone_cache_new ();
      dm_zone_cache_set_line (cache, line);
      {
        g_autoptr (DmZoneResult) cold = dm_zone_cache_evaluate (cache, dmz, NULL, &error);

        if (cold == NULL)
          {
            fprintf (out, "cache failed at %u vertices: %s\n", n, error->message);
            return 1;
          }
      }
      for (guint r = 0; r < size->update_runs; r++)
        {
          guint v = g_rand_int_range (rand, 1, n - 1);
          double lon, lat, t0;
          g_autoptr (DmZoneResult) result = NULL;

          dm_geometry_get_point (line, v, &lon, &lat);
          /* A drag of up to 200 m. */
          lon += g_rand_double_range (rand, -200, 200) / (111320.0 * cos (lat * G_PI / 180.0));
          lat += g_rand_double_range (rand, -200, 200) / 111132.0;
          t0 = now_ms ();
          dm_geometry_set_point (line, v, lon, lat);
          dm_zone_cache_line_changed (cache, line, v, 1, DM_CHANGE_VERTICES_MOVED);
          result = dm_zone_cache_evaluate (cache, dmz, NULL, &error);
          ms_c[r] = now_ms () - t0;
          if (result == NULL)
            {
              fprintf (out, "update failed at %u vertices: %s\n", n, error->message);
              return 1;
            }
          dm_zone_cache_get_stats (cache, &recomputed[r], &n_tiles);
        }

      /* The same edits on the line in six parts, as derived from a
       * tracker's polygon: the same incremental work. */
      {
        g_autoptr (DmGeometry) parts = six_parts (line);

        if (!median_update_ms (parts, dmz, size->update_runs, 2000 + s, &parts_ms, &error))
          {
            fprintf (out, "update of six parts failed at %u vertices: %s\n", n, error->message);
            return 1;
          }
      }

      sa = stats_of (ms_a, size->baseline_runs);
      sb = stats_of (ms_b, size->scratch_runs);
      sc = stats_of (ms_c, size->update_runs);
      {
        guint rec_max = 0;

        for (guint r = 0; r < size->update_runs; r++)
          rec_max = MAX (rec_max, recomputed[r]);
        fprintf (out, "%8u %7.3g %10.0f | %10.1f %10.1f %10.1f | %10.1f %10.1f %10.1f | %8.2f %8.1f | %6u\n", n,
                 dm_zones_tile_size_deg (width), dm_geodesy_geometry_length_m (line) / 1000.0, sa.median, sa.min,
                 sa.max, sb.median, sb.min, sb.max, sa.median / sb.median, sa.median / sc.median, n_tiles);
        fprintf (out, "%8s %7s %10s | %10s %10s %10s | %10.2f %10.2f %10.2f | %8s %8s | %6u\n", "", "", "", "", "", "",
                 sc.median, sc.min, sc.max, "", "", rec_max);
        fprintf (out, "%8s area: baseline %.1f km², Demarcate %.1f km² (%+.3f%%)\n", "", area_a / 1e6, area_b / 1e6,
                 100.0 * (area_a - area_b) / area_b);
        fprintf (out, "%8s update of the line in six parts: median %.2f ms (%.2f× the single line's)\n", "", parts_ms,
                 parts_ms / sc.median);
      }
      g_string_append_printf (machine,
                              "BENCH vertices=%u baseline_ms=%.2f scratch_ms=%.2f update_ms=%.3f "
                              "update_min_ms=%.3f update_max_ms=%.3f ratio_a_c=%.1f ratio_a_b=%.2f "
                              "tiles=%u area_baseline_m2=%.0f area_m2=%.0f update_six_parts_ms=%.3f\n",
                              n, sa.median, sb.median, sc.median, sc.min, sc.max, sa.median / sc.median,
                              sa.median / sb.median, n_tiles, area_a, area_b, parts_ms);
      if (extra != NULL)
        {
          /* The line as generated: the drags above may have made it
           * cross itself. */
          g_autoptr (DmGeometry) fresh = dm_bench_make_front_line (n, 42, 0.0);

          extra (fresh, n, out, user_data);
        }
      fflush (out);
    }
  fprintf (out, "\n%s", machine->str);
  return 0;
}

int
dm_bench_monitoring (FILE *out)
{
  g_autoptr (DmGeometry) line = dm_bench_make_front_line (3000, 42, 0);
  g_autoptr (DmZoneRule) rule = dm_zone_rule_new_default_dmz ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DmZoneResult) zone = NULL;
  double dmz_ms[3], spacing_ms[3], target_ms[3], move_ms[20], whole_ms[3];
  guint posts = 0, target_posts = 0;
  double coverage = 0, target_coverage = 0;

  for (guint r = 0; r < 3; r++)
    {
      DmMonitoringOptions spaced = { 10000, 10000, 0, 8 }, share = { 10000, 0, 0.95, 8 };
      g_autoptr (DmMonitoringPlan) a = NULL;
      g_autoptr (DmMonitoringPlan) b = NULL;
      double t0 = now_ms ();

      g_clear_pointer (&zone, dm_zone_result_unref);
      if ((zone = dm_zones_evaluate_from_scratch (line, rule, NULL, &error)) == NULL)
        break;
      dmz_ms[r] = now_ms () - t0;
      t0 = now_ms ();
      if ((a = dm_monitoring_plan_new (line, rule, zone, &spaced, &error)) == NULL)
        break;
      spacing_ms[r] = now_ms () - t0;
      t0 = now_ms ();
      if ((b = dm_monitoring_plan_new (line, rule, zone, &share, &error)) == NULL)
        break;
      target_ms[r] = now_ms () - t0;
      posts = a->posts->len;
      coverage = a->coverage;
      target_posts = b->posts->len;
      target_coverage = b->coverage;
      /* The plan measured afresh for the same posts: what a moved post
       * would cost without the cells. */
      {
        g_autoptr (DmMonitoringPlan) c = NULL;

        t0 = now_ms ();
        if ((c = dm_monitoring_plan_new_for_posts (line, rule, zone, &spaced, (const DmPost *) a->posts->data,
                                                   a->posts->len, &error)) == NULL)
          break;
        whole_ms[r] = now_ms () - t0;
      }
      /* A post dragged: 20 steps of 300 m, each a new set of posts. */
      if (r == 2)
        {
          g_autoptr (GArray) moved = g_array_copy (a->posts);

          for (guint k = 0; k < G_N_ELEMENTS (move_ms) && error == NULL; k++)
            {
              DmPost *p = &g_array_index (moved, DmPost, moved->len / 3);

              p->lat += 0.0027;
              t0 = now_ms ();
              if (!dm_monitoring_plan_set_posts (a, line, rule, zone, (const DmPost *) moved->data, moved->len, &error))
                break;
              move_ms[k] = now_ms () - t0;
            }
          if (error != NULL)
            break;
        }
    }
  if (error != NULL)
    {
      fprintf (out, "monitoring failed: %s\n", error->message);
      return 1;
    }
  fprintf (out,
           "monitoring plan of the DMZ of a 1,200 km, 3,000-vertex line, 10 km sensors (median of 3):\n"
           "  the DMZ itself, from scratch:       %8.0f ms\n"
           "  posts every 10 km (%u, %.2f %% covered): %8.0f ms (%.2f × the DMZ)\n"
           "  as few as cover 95 %% (%u, %.2f %%):   %8.0f ms (%.2f × the DMZ)\n",
           stats_of (dmz_ms, 3).median, posts, 100 * coverage, stats_of (spacing_ms, 3).median,
           stats_of (spacing_ms, 3).median / stats_of (dmz_ms, 3).median, target_posts, 100 * target_coverage,
           stats_of (target_ms, 3).median, stats_of (target_ms, 3).median / stats_of (dmz_ms, 3).median);
  fprintf (out,
           "  the same %u posts measured afresh:     %8.1f ms\n"
           "  one post moved 300 m (median of 20):   %8.2f ms (max %.2f; %.0f × faster than afresh)\n",
           posts, stats_of (whole_ms, 3).median, stats_of (move_ms, G_N_ELEMENTS (move_ms)).median,
           stats_of (move_ms, G_N_ELEMENTS (move_ms)).max,
           stats_of (whole_ms, 3).median / stats_of (move_ms, G_N_ELEMENTS (move_ms)).median);
  fprintf (out,
           "BENCH monitoring spacing_ms=%.1f target_ms=%.1f dmz_ms=%.1f afresh_ms=%.1f move_ms=%.2f move_max_ms=%.2f\n",
           stats_of (spacing_ms, 3).median, stats_of (target_ms, 3).median, stats_of (dmz_ms, 3).median,
           stats_of (whole_ms, 3).median, stats_of (move_ms, G_N_ELEMENTS (move_ms)).median,
           stats_of (move_ms, G_N_ELEMENTS (move_ms)).max);
  return 0;
}
