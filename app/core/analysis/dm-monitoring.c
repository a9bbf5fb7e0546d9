/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-monitoring"

#include "config.h"

#include "dm-monitoring.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-proj.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-monitoring-error-quark, dm_monitoring_error)
/* clang-format on */

/* Vertices of a range circle when coverage is measured: the 256-gon
 * misses 0.01 % of the circle's area. */
#define CIRCLE_VERTICES 128
/* Across the zone, where a station looks for what is out of range:
 * shares of the side's width from the line. */
static const double across[] = { 0.02, 0.25, 0.5, 0.75, 1.0 };

static const DmSensorType sensor_types[] = {
  /* Translators: kinds of sensor in a monitoring plan, with rough planning ranges */
  { "camera", N_ ("Day and night camera"), 5000.0 },
  { "ground-radar", N_ ("Ground surveillance radar"), 20000.0 },
  { "drone", N_ ("Small drone"), 40000.0 },
  { NULL, NULL, 0 },
};

const DmSensorType *
dm_sensor_types (void)
{
  return sensor_types;
}

const DmSensorType *
dm_sensor_type_find (const char *id)
{
  for (const DmSensorType *t = sensor_types; t->id != NULL; t++)
    if (g_strcmp0 (t->id, id) == 0)
      return t;
  return NULL;
}

/* ---- Walking along a part of the line ----------------------------------- */

typedef struct {
  const double *xy;
  guint n;
  double *at; /* distance along to each vertex */
} Path;

static void
path_init (Path *p, const double *xy, guint n)
{
  p->xy = xy;
  p->n = n;
  p->at = g_new (double, n);
  p->at[0] = 0;
  for (guint i = 1; i < n; i++)
    p->at[i] = p->at[i - 1] + dm_geodesy_distance_m (xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1]);
}

static void
path_clear (Path *p)
{
  g_clear_pointer (&p->at, g_free);
}

static double
path_length (const Path *p)
{
  return p->at[p->n - 1];
}

/* The point @s along the path and the line's azimuth there. */
static void
path_at (const Path *p, double s, double *lon, double *lat, double *azimuth)
{
  guint lo = 0, hi = p->n - 1;
  const double *a, *b;
  double len, az1, az2;

  s = CLAMP (s, 0, path_length (p));
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (p->at[mid] <= s)
        lo = mid;
      else
        hi = mid;
    }
  /* Skip repeated vertices. */
  while (lo > 0 && p->at[lo + 1] - p->at[lo] <= 0)
    lo--;
  a = p->xy + 2 * lo;
  b = a + 2;
  dm_geodesy_inverse (a[0], a[1], b[0], b[1], &len, &az1, &az2);
  if (len <= 0)
    {
      *lon = a[0];
      *lat = a[1];
      *azimuth = 0;
      return;
    }
  if (s - p->at[lo] >= len)
    {
      *lon = b[0];
      *lat = b[1];
      *azimuth = az2;
      return;
    }
  dm_geodesy_direct (a[0], a[1], az1, s - p->at[lo], lon, lat);
  if (len - (s - p->at[lo]) > 1e-3)
    dm_geodesy_inverse (*lon, *lat, b[0], b[1], NULL, azimuth, NULL);
  else
    *azimuth = az2;
}

/* Square to the line at @s, @offset_m to side @side's hand (A: left). */
static void
path_offset (const Path *p, double s, DmSide side, double offset_m, double *lon, double *lat)
{
  double x, y, az;

  path_at (p, s, &x, &y, &az);
  if (offset_m <= 0)
    {
      *lon = x;
      *lat = y;
      return;
    }
  dm_geodesy_direct (x, y, az + (side == DM_SIDE_A ? -90.0 : 90.0), offset_m, lon, lat);
}

/* ---- Posts ------------------------------------------------------------- */

static double
side_width (const DmZoneRule *rule, DmSide side)
{
  return side == DM_SIDE_A ? rule->width_a_m : rule->width_b_m;
}

/* The distance from a point to the line, looking only at segments a flat
 * earth puts within @reach_m of it (INFINITY when none is). */
static double
near_distance (const DmGeometry *line, double lon, double lat, double reach_m)
{
  double kx = cos (lat * G_PI / 180.0) * 111320.0, ky = 110540.0, best = INFINITY;

  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);

      for (guint i = 0; i + 1 < n; i++)
        {
          double ax = (xy[2 * i] - lon) * kx, ay = (xy[2 * i + 1] - lat) * ky;
          double bx = (xy[2 * i + 2] - lon) * kx, by = (xy[2 * i + 3] - lat) * ky;
          double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
          double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0, 1) : 0;
          double fx = ax + t * dx, fy = ay + t * dy;

          if (fx * fx + fy * fy > (reach_m * 1.05 + 100) * (reach_m * 1.05 + 100))
            continue;
          best = MIN (best, dm_geodesy_point_path_distance_m (lon, lat, xy + 2 * i, 2, NULL, NULL));
        }
    }
  return best;
}

/* A post of @side at @s: square to the line, then moved along that
 * square until it is the side's width from the whole line, on the zone's
 * edge (square to a wiggling line, the width alone falls short of it). */
static void
post_position (const DmGeometry *line,
               const Path *path,
               double s,
               DmSide side,
               double width_m,
               double *lon,
               double *lat)
{
  double offset = width_m;

  path_offset (path, s, side, offset, lon, lat);
  for (int i = 0; i < 6 && width_m > 0; i++)
    {
      double d = near_distance (line, *lon, *lat, width_m);

      if (!isfinite (d) || fabs (d - width_m) < 1.0)
        break;
      offset = CLAMP (offset + (width_m - d), 0, 3 * width_m);
      path_offset (path, s, side, offset, lon, lat);
    }
}

static void
place_posts (GArray *posts, const DmGeometry *line, const DmZoneRule *rule, double spacing_m)
{
  g_array_set_size (posts, 0);
  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);
      Path path;
      double length;

      if (n < 2)
        continue;
      path_init (&path, xy, n);
      length = path_length (&path);
      for (guint s = 0; s < 2; s++)
        {
          DmSide side = s == 0 ? DM_SIDE_A : DM_SIDE_B;
          guint count = MAX (1, (guint) floor (length / spacing_m + 0.5));
          /* Evenly over the part, half a step from each end. */
          double step = length / count;

          for (guint k = 0; k < count; k++)
            {
              DmPost post = { 0, 0, side, part, (k + 0.5) * step };

              post_position (line, &path, post.along_m, side, side_width (rule, side), &post.lon, &post.lat);
              g_array_append_val (posts, post);
            }
        }
      path_clear (&path);
    }
}

/* Within range of a post: a cheap flat-earth test first. */
static gboolean
in_range (GArray *posts, double range_m, double lon, double lat)
{
  double k = cos (lat * G_PI / 180.0) * 111320.0;
  double slack = range_m * 1.01 + 2000.0;

  for (guint i = 0; i < posts->len; i++)
    {
      const DmPost *p = &g_array_index (posts, DmPost, i);
      double dx = (lon - p->lon) * k, dy = (lat - p->lat) * 110540.0;

      if (dx * dx + dy * dy > slack * slack)
        continue;
      if (dm_geodesy_distance_m (lon, lat, p->lon, p->lat) <= range_m)
        return TRUE;
    }
  return FALSE;
}

/* Walks every station of every part and side; @func sees each sample
 * across the zone. */
typedef void (*StationFunc) (gpointer data, guint part, DmSide side, double s, gboolean covered);

static void
walk_stations (const DmGeometry *line,
               const DmZoneRule *rule,
               GArray *posts,
               double range_m,
               double step_m,
               StationFunc func,
               gpointer data,
               guint *n_samples,
               guint *n_covered)
{
  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n, n_stations;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);
      Path path;
      double length;

      if (n < 2)
        continue;
      path_init (&path, xy, n);
      length = path_length (&path);
      n_stations = (guint) ceil (length / step_m) + 1;
      for (guint sd = 0; sd < 2; sd++)
        {
          DmSide side = sd == 0 ? DM_SIDE_A : DM_SIDE_B;
          double w = side_width (rule, side);

          if (w <= 0)
            continue;
          for (guint k = 0; k < n_stations; k++)
            {
              double s = MIN (k * step_m, length), x, y, az;
              gboolean covered = TRUE;

              path_at (&path, s, &x, &y, &az);
              for (guint a = 0; a < G_N_ELEMENTS (across); a++)
                {
                  double lon, lat;
                  gboolean c;

                  dm_geodesy_direct (x, y, az + (side == DM_SIDE_A ? -90.0 : 90.0), w * across[a], &lon, &lat);
                  c = in_range (posts, range_m, lon, lat);
                  covered = covered && c;
                  if (n_samples != NULL)
                    (*n_samples)++;
                  if (n_covered != NULL && c)
                    (*n_covered)++;
                }
              if (func != NULL)
                func (data, part, side, s, covered);
            }
        }
      path_clear (&path);
    }
}

/* ---- Coverage ----------------------------------------------------------- */

DmGeometry *
dm_monitoring_range_circle (double lon, double lat, double range_m, guint n_points)
{
  g_autofree double *xy = g_new (double, 2 * n_points);

  for (guint i = 0; i < n_points; i++)
    /* Counter-clockwise: azimuths run clockwise, so go backwards. */
    dm_geodesy_direct (lon, lat, 360.0 - 360.0 * i / n_points, range_m, &xy[2 * i], &xy[2 * i + 1]);
  return dm_geometry_new_polygon (xy, n_points);
}

/* The area of @piece (one polygon, lon/lat) and of its part within range
 * of @posts, in an azimuthal equidistant projection centred on it. */
static gboolean
piece_coverage (const DmGeometry *piece, GArray *posts, double range_m, double *area, double *covered, GError **error)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  double min_lon, min_lat, max_lon, max_lat, clon, clat, radius;
  g_autoptr (DmLocalProj) proj = NULL;
  g_autoptr (DmGeometry) flat = NULL;
  g_autoptr (DmGeosGeometry) g = NULL;
  g_autoptr (GPtrArray) circles = g_ptr_array_new ();
  GEOSGeometry *collection, *all, *inside;

  dm_geometry_get_extent (piece, &min_lon, &min_lat, &max_lon, &max_lat);
  clon = (min_lon + max_lon) / 2;
  clat = (min_lat + max_lat) / 2;
  radius =
    MAX (dm_geodesy_distance_m (clon, clat, min_lon, min_lat), dm_geodesy_distance_m (clon, clat, max_lon, max_lat));
  radius = MAX (radius, MAX (dm_geodesy_distance_m (clon, clat, min_lon, max_lat),
                             dm_geodesy_distance_m (clon, clat, max_lon, min_lat)));
  /* The fast projection is good to millimetres within 50 km. */
  proj =
    dm_local_proj_new_with_method (clon, clat, radius + range_m <= 50000 ? DM_LOCAL_PROJ_FAST : DM_LOCAL_PROJ_GEODESIC);
  flat = dm_local_proj_forward_geometry (proj, piece);
  if (flat == NULL || (g = dm_geometry_to_geos (ctx, flat)) == NULL || !GEOSArea_r (ctx, g, area))
    goto failed;
  *covered = 0;
  for (guint i = 0; i < posts->len; i++)
    {
      const DmPost *p = &g_array_index (posts, DmPost, i);
      g_autoptr (DmGeometry) circle = NULL;
      g_autoptr (DmGeometry) circle_flat = NULL;
      GEOSGeometry *c;

      if (dm_geodesy_distance_m (clon, clat, p->lon, p->lat) > radius + range_m)
        continue;
      circle = dm_monitoring_range_circle (p->lon, p->lat, range_m, CIRCLE_VERTICES);
      circle_flat = dm_local_proj_forward_geometry (proj, circle);
      if (circle_flat == NULL || (c = dm_geometry_to_geos (ctx, circle_flat)) == NULL)
        goto failed;
      g_ptr_array_add (circles, c);
    }
  if (circles->len == 0)
    return TRUE;
  collection =
    GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, (GEOSGeometry **) circles->pdata, circles->len);
  if (collection == NULL)
    goto failed;
  all = GEOSUnaryUnion_r (ctx, collection);
  GEOSGeom_destroy_r (ctx, collection);
  if (all == NULL)
    goto failed;
  inside = GEOSIntersection_r (ctx, g, all);
  if (inside == NULL)
    {
      /* A piece GEOS finds invalid: repaired, then cut. */
      g_autoptr (DmGeosGeometry) valid = dm_geos_make_valid (ctx, g, NULL);

      inside = valid != NULL ? GEOSIntersection_r (ctx, valid, all) : NULL;
    }
  GEOSGeom_destroy_r (ctx, all);
  if (inside == NULL || !GEOSArea_r (ctx, inside, covered))
    {
      if (inside != NULL)
        GEOSGeom_destroy_r (ctx, inside);
      goto failed;
    }
  GEOSGeom_destroy_r (ctx, inside);
  return TRUE;

failed:
  g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_FAILED,
               _ ("The coverage of the zone could not be measured: %s"), dm_geos_last_error ());
  return FALSE;
}

static gboolean
measure_coverage (DmMonitoringPlan *plan, DmZoneResult *zone, GError **error)
{
  double area = 0, covered = 0;

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (DmGeometry) pieces = dm_zone_result_get_geometry (zone, s == 0 ? DM_SIDE_A : DM_SIDE_B);

      for (guint p = 0; pieces != NULL && p < dm_geometry_get_n_parts (pieces); p++)
        {
          g_autoptr (DmGeometry) piece = dm_geometry_new (DM_GEOMETRY_POLYGON);
          double a = 0, c = 0;

          dm_geometry_begin_part (piece);
          for (guint r = 0; r < dm_geometry_get_n_rings (pieces, p); r++)
            {
              guint n;
              const double *xy = dm_geometry_get_ring (pieces, p, r, &n);

              dm_geometry_add_ring (piece, xy, n);
            }
          if (!piece_coverage (piece, plan->posts, plan->options.range_m, &a, &c, error))
            return FALSE;
          area += a;
          covered += c;
        }
    }
  plan->zone_area_m2 = dm_zone_result_get_area_m2 (zone, DM_SIDE_NONE);
  plan->coverage = area > 0 ? CLAMP (covered / area, 0.0, 1.0) : 0.0;
  plan->covered_m2 = plan->coverage * plan->zone_area_m2;
  return TRUE;
}

/* ---- Uncovered stretches ----------------------------------------------- */

typedef struct {
  const DmGeometry *line;
  GArray *out;
  gboolean open;
  DmUncoveredStretch current;
  guint part;
  DmSide side;
} Runs;

static void
run_close (Runs *r)
{
  if (!r->open)
    return;
  g_array_append_val (r->out, r->current);
  r->open = FALSE;
}

static void
run_station (gpointer data, guint part, DmSide side, double s, gboolean covered)
{
  Runs *r = data;

  if (r->open && (part != r->current.part || side != r->current.side))
    run_close (r);
  if (covered)
    {
      run_close (r);
      return;
    }
  if (!r->open)
    {
      r->open = TRUE;
      r->current = (DmUncoveredStretch){ side, part, MAX (0, s - DM_MONITORING_STATION_M / 2), 0, 0, 0 };
    }
  r->current.to_m = s + DM_MONITORING_STATION_M / 2;
}

static void
find_uncovered (DmMonitoringPlan *plan, const DmGeometry *line, const DmZoneRule *rule)
{
  Runs runs = { line, plan->uncovered, FALSE, { 0 }, 0, 0 };

  g_array_set_size (plan->uncovered, 0);
  walk_stations (line, rule, plan->posts, plan->options.range_m, DM_MONITORING_STATION_M, run_station, &runs, NULL,
                 NULL);
  run_close (&runs);
  plan->uncovered_m = 0;
  for (guint i = 0; i < plan->uncovered->len; i++)
    {
      DmUncoveredStretch *u = &g_array_index (plan->uncovered, DmUncoveredStretch, i);
      guint n;
      const double *xy = dm_geometry_get_ring (line, u->part, 0, &n);
      Path path;
      double az;

      path_init (&path, xy, n);
      u->to_m = MIN (u->to_m, path_length (&path));
      path_at (&path, (u->from_m + u->to_m) / 2, &u->lon, &u->lat, &az);
      path_clear (&path);
      plan->uncovered_m += u->to_m - u->from_m;
    }
}

/* ---- The plan ------------------------------------------------------------- */

static double
sampled_coverage (const DmGeometry *line, const DmZoneRule *rule, GArray *posts, double range_m)
{
  guint n = 0, covered = 0;

  /* Every 1.5 km: a guide for the search, measured exactly after. */
  walk_stations (line, rule, posts, range_m, 1500.0, NULL, NULL, &n, &covered);
  return n > 0 ? (double) covered / n : 1.0;
}

static void
count_and_figures (DmMonitoringPlan *plan, const DmGeometry *line)
{
  plan->n_posts[0] = plan->n_posts[1] = 0;
  for (guint i = 0; i < plan->posts->len; i++)
    plan->n_posts[g_array_index (plan->posts, DmPost, i).side == DM_SIDE_A ? 0 : 1]++;
  plan->observers = (double) plan->posts->len * plan->options.crew;
  plan->patrols_per_day = plan->observers * DM_MONITORING_UNIIMOG.patrols_per_day / DM_MONITORING_UNIIMOG.observers;
  plan->line_length_m = dm_geodesy_geometry_length_m (line);
  dm_monitoring_estimate (plan->line_length_m, &DM_MONITORING_UNIIMOG, &plan->uniimog_observers,
                          &plan->uniimog_patrols_per_day);
}

gboolean
dm_monitoring_plan_update (DmMonitoringPlan *plan,
                           const DmGeometry *line,
                           const DmZoneRule *rule,
                           DmZoneResult *zone,
                           GError **error)
{
  g_return_val_if_fail (plan != NULL && line != NULL && rule != NULL && zone != NULL, FALSE);

  count_and_figures (plan, line);
  find_uncovered (plan, line, rule);
  return measure_coverage (plan, zone, error);
}

DmMonitoringPlan *
dm_monitoring_plan_new (const DmGeometry *line,
                        const DmZoneRule *rule,
                        DmZoneResult *zone,
                        const DmMonitoringOptions *options,
                        GError **error)
{
  g_autoptr (DmMonitoringPlan) plan = NULL;

  g_return_val_if_fail (line != NULL && rule != NULL && zone != NULL && options != NULL, NULL);

  if (!isfinite (options->range_m) || options->range_m <= 0 || options->range_m > DM_MONITORING_MAX_RANGE_M)
    {
      g_autofree char *max = dm_format_length_setting (DM_MONITORING_MAX_RANGE_M, DM_LENGTH_KM);

      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("A sensor’s range must be more than 0 and at most %s."), max);
      return NULL;
    }
  if (options->spacing_m == 0 && (!(options->target > 0) || options->target > 1))
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("The share of the zone to cover must be more than 0 %% and at most 100 %%."));
      return NULL;
    }
  if (options->spacing_m < 0 || !isfinite (options->spacing_m) || (options->spacing_m > 0 && options->spacing_m < 10))
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID, "%s",
                   _ ("Posts must be at least 10 m apart."));
      return NULL;
    }
  if (options->crew == 0 || options->crew > 1000)
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_INVALID,
                   _ ("A post’s crew must be from 1 to 1,000 observers."));
      return NULL;
    }
  if (rule->type != DM_ZONE_RULE_LINE_BAND)
    {
      g_set_error (error, DM_MONITORING_ERROR, DM_MONITORING_ERROR_ZONE,
                   _ ("Posts stand along a zone that follows the contact line; “%s” does not. Choose the DMZ or "
                      "another band along the line."),
                   rule->name != NULL ? rule->name : "");
      return NULL;
    }

  plan = g_new0 (DmMonitoringPlan, 1);
  plan->options = *options;
  plan->posts = g_array_new (FALSE, FALSE, sizeof (DmPost));
  plan->uncovered = g_array_new (FALSE, FALSE, sizeof (DmUncoveredStretch));

  if (options->spacing_m > 0)
    plan->spacing_m = options->spacing_m;
  else
    {
      /* The widest spacing whose sampled coverage reaches the share (it
       * falls as posts spread out), then closer until the measured one
       * does. */
      double lo = options->range_m / 20, hi = 4 * options->range_m + rule->width_a_m + rule->width_b_m;

      /* Eleven halvings: to a 2,000th of the range searched. */
      for (int i = 0; i < 11; i++)
        {
          double mid = (lo + hi) / 2;

          place_posts (plan->posts, line, rule, mid);
          if (sampled_coverage (line, rule, plan->posts, options->range_m) >= options->target)
            lo = mid;
          else
            hi = mid;
        }
      plan->spacing_m = lo;
      for (int i = 0; i < 20; i++)
        {
          place_posts (plan->posts, line, rule, plan->spacing_m);
          if (!measure_coverage (plan, zone, error))
            return NULL;
          if (plan->coverage >= options->target || plan->spacing_m <= options->range_m / 20)
            break;
          plan->spacing_m *= 0.97;
        }
    }
  place_posts (plan->posts, line, rule, plan->spacing_m);
  if (!dm_monitoring_plan_update (plan, line, rule, zone, error))
    return NULL;
  return g_steal_pointer (&plan);
}

DmMonitoringPlan *
dm_monitoring_plan_copy (const DmMonitoringPlan *plan)
{
  DmMonitoringPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->posts = g_array_copy (plan->posts);
  copy->uncovered = g_array_copy (plan->uncovered);
  return copy;
}

void
dm_monitoring_plan_free (DmMonitoringPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->posts);
  g_array_unref (plan->uncovered);
  g_free (plan);
}
