/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-geodesy"

#include "config.h"

#include <geodesic.h>
#include <math.h>

#include "dm-geodesy.h"

/* Initialised once, then only read: geod_* functions take it as const. */
static const struct geod_geodesic *
wgs84 (void)
{
  static struct geod_geodesic g;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      geod_init (&g, DM_WGS84_A, DM_WGS84_F);
      g_once_init_leave (&initialised, 1);
    }
  return &g;
}

double
dm_geodesy_distance_m (double lon1, double lat1, double lon2, double lat2)
{
  double s12 = 0.0;

  geod_inverse (wgs84 (), lat1, lon1, lat2, lon2, &s12, NULL, NULL);
  return s12;
}

void
dm_geodesy_inverse (double lon1,
                    double lat1,
                    double lon2,
                    double lat2,
                    double *distance_m,
                    double *azimuth1_deg,
                    double *azimuth2_deg)
{
  geod_inverse (wgs84 (), lat1, lon1, lat2, lon2, distance_m, azimuth1_deg, azimuth2_deg);
}

void
dm_geodesy_direct (double lon1, double lat1, double azimuth_deg, double distance_m, double *lon2, double *lat2)
{
  /* Unrolled: the longitude goes on from @lon1 (180.2 from 179.5), as an
   * unwrapped geometry's do (dm_geometry_unwrap_rings()). */
  geod_gendirect (wgs84 (), lat1, lon1, azimuth_deg, GEOD_LONG_UNROLL, distance_m, lat2, lon2, NULL, NULL, NULL, NULL,
                  NULL, NULL);
}

double
dm_geodesy_path_length_m (const double *xy, guint n_points)
{
  double total = 0.0;

  g_return_val_if_fail (xy != NULL || n_points == 0, 0.0);

  for (guint i = 1; i < n_points; i++)
    total += dm_geodesy_distance_m (xy[2 * (i - 1)], xy[2 * (i - 1) + 1], xy[2 * i], xy[2 * i + 1]);
  return total;
}

/*
 * The area of a ring with geodesic edges, as the sum over its edges of the
 * area between each edge and the equator (Karney's S12, counter-clockwise
 * positive).  Karney's exact S12 costs a geodesic inverse an edge, which
 * is most of the time of a zone's tiles on a dense line; for a short edge
 * the same quadrilateral is taken on the authalic sphere instead (the
 * latitude mapped to the authalic one, so that the area between a
 * parallel and the equator is the ellipsoid's exactly), where it has a
 * closed form.  The two edges (the ellipsoid's geodesic and the sphere's)
 * differ by a lune of under 0.006 m² for 500 m at any latitude up to
 * 89° (0.0004 m² for 200 m, 0.04 m² for 1 km: /geodesy/area/short-edges
 * checks it); longer edges keep Karney's S12.  The terms are summed with Kahan's
 * compensation (a country's ring sums terms of 10¹³ m²).  A ring round a
 * pole, beyond ±89° or with an edge of exactly 180° of longitude (which
 * way round it goes is a tie) is left to geod_polygon whole.
 */

/* Edges shorter than this (roughly measured) are taken on the sphere. */
#define AUTHALIC_EDGE_MAX_M 500.0

typedef struct {
  double e, e2, qp, rq2; /* eccentricity, its square, q at the pole, R_q² */
} Authalic;

static const Authalic *
authalic (void)
{
  static Authalic au;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      double f = DM_WGS84_F;

      au.e2 = f * (2.0 - f);
      au.e = sqrt (au.e2);
      au.qp = (1.0 - au.e2) * (1.0 / (1.0 - au.e2) + atanh (au.e) / au.e);
      au.rq2 = DM_WGS84_A * DM_WGS84_A * au.qp / 2.0;
      g_once_init_leave (&initialised, 1);
    }
  return &au;
}

/* tan(β/2) of the authalic latitude β of @lat_deg. */
static double
authalic_half_tan (const Authalic *au, double lat_deg)
{
  double s = sin (lat_deg * (G_PI / 180.0));
  double sb = (1.0 - au->e2) * (s / (1.0 - au->e2 * s * s) + atanh (au->e * s) / au->e) / au->qp;

  sb = CLAMP (sb, -1.0, 1.0);
  return sb / (1.0 + sqrt (1.0 - sb * sb));
}

/* The longitude difference in (-180, 180]. */
static double
lon_difference (double lon1, double lon2)
{
  double d = remainder (lon2 - lon1, 360.0);

  return d == -180.0 ? 180.0 : d;
}

static double
ring_area_karney (const double *xy, guint n_points)
{
  struct geod_polygon p;
  double area = 0.0;

  geod_polygon_init (&p, FALSE);
  for (guint i = 0; i < n_points; i++)
    geod_polygon_addpoint (wgs84 (), &p, xy[2 * i + 1], xy[2 * i]);
  /* reverse = FALSE, sign = TRUE: counter-clockwise is positive. */
  geod_polygon_compute (wgs84 (), &p, FALSE, TRUE, &area, NULL);
  return area;
}

double
dm_geodesy_ring_area_m2 (const double *xy, guint n_points)
{
  const Authalic *au = authalic ();
  /* Degrees to metres, roughly (the edge's length only picks the method). */
  const double m_per_deg = DM_WGS84_A * G_PI / 180.0;
  double sum = 0.0, carry = 0.0, turn = 0.0, t_prev;

  g_return_val_if_fail (xy != NULL || n_points == 0, 0.0);

  /* A closed ring's repeated point adds a zero-length edge: harmless. */
  if (n_points < 3)
    return 0.0;

  for (guint i = 0; i < n_points; i++)
    if (!(fabs (xy[2 * i + 1]) <= 89.0) || !isfinite (xy[2 * i]))
      return ring_area_karney (xy, n_points);

  t_prev = authalic_half_tan (au, xy[2 * (n_points - 1) + 1]);
  for (guint i = 0; i < n_points; i++)
    {
      guint j = i == 0 ? n_points - 1 : i - 1; /* the edge j → i */
      double lon1 = xy[2 * j], lat1 = xy[2 * j + 1], lon2 = xy[2 * i], lat2 = xy[2 * i + 1];
      double dlon = lon_difference (lon1, lon2), t = authalic_half_tan (au, lat2);
      double dx = dlon * cos ((lat1 + lat2) * (G_PI / 360.0)), dy = lat2 - lat1;
      double term, y, next;

      if (fabs (dlon) == 180.0)
        return ring_area_karney (xy, n_points);
      turn += dlon;
      if ((dx * dx + dy * dy) * m_per_deg * m_per_deg < AUTHALIC_EDGE_MAX_M * AUTHALIC_EDGE_MAX_M)
        term = au->rq2 * 2.0 * atan (tan (dlon * (G_PI / 360.0)) * (t_prev + t) / (1.0 + t_prev * t));
      else
        {
          term = 0.0;
          geod_geninverse (wgs84 (), lat1, lon1, lat2, lon2, NULL, NULL, NULL, NULL, NULL, NULL, &term);
        }
      /* Kahan: what the sum drops is carried to the next term. */
      y = term - carry;
      next = sum + y;
      carry = (next - sum) - y;
      sum = next;
      t_prev = t;
    }
  /* Round a pole: the sums above leave out a full turn's area. */
  if (fabs (turn) > 180.0)
    return ring_area_karney (xy, n_points);
  return -sum;
}

gboolean
dm_geodesy_geometry_has_length (const DmGeometry *geometry)
{
  g_return_val_if_fail (geometry != NULL, FALSE);

  if (dm_geometry_is_puntal (geometry))
    return FALSE;
  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (geometry, p, r, &n);
        /* Polygon rings are stored open: their closing edge counts too. */
        guint n_edges = dm_geometry_is_polygonal (geometry) && n > 1 ? n : (n > 0 ? n - 1 : 0);

        for (guint i = 0; i < n_edges; i++)
          {
            const double *a = &xy[2 * i], *b = &xy[2 * ((i + 1) % n)];

            /* Equal points measure nothing; points apart (but for a pole's
             * longitudes) something. */
            if ((a[0] != b[0] || a[1] != b[1]) && dm_geodesy_distance_m (a[0], a[1], b[0], b[1]) > 0)
              return TRUE;
          }
      }
  return FALSE;
}

double
dm_geodesy_geometry_length_m (const DmGeometry *geometry)
{
  double total = 0.0;

  g_return_val_if_fail (geometry != NULL, 0.0);

  if (dm_geometry_is_puntal (geometry))
    return 0.0;

  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (geometry, p, r, &n);

        total += dm_geodesy_path_length_m (xy, n);
        /* Polygon rings are stored open: add the closing edge. */
        if (dm_geometry_is_polygonal (geometry) && n > 1)
          total += dm_geodesy_distance_m (xy[2 * (n - 1)], xy[2 * (n - 1) + 1], xy[0], xy[1]);
      }
  return total;
}

double
dm_geodesy_geometry_area_m2 (const DmGeometry *geometry)
{
  double total = 0.0;

  g_return_val_if_fail (geometry != NULL, 0.0);

  if (!dm_geometry_is_polygonal (geometry))
    return 0.0;

  /* Orientation in files varies (RFC 7946 asks for CCW exteriors, shapefiles
   * store CW): magnitudes, exterior minus holes. */
  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (geometry, p, r, &n);
        double a = fabs (dm_geodesy_ring_area_m2 (xy, n));

        total += r == 0 ? a : -a;
      }
  return total;
}

/*
 * Nearest point on a geodesic segment: from the along-track guess, steps
 * of d cos(β − α) along it, with d and β the distance and azimuth from
 * the current point to @lon, @lat and α the segment's azimuth there (the
 * step that makes the geodesic to the point meet the segment at a right
 * angle, as Karney's solution of the interception problem does; each
 * step's error is of order (d / R)², so two to four steps reach a tenth
 * of a millimetre).  Clamped to the segment's ends.
 */
static double
point_segment_distance (double lon, double lat, double lon1, double lat1, double lon2, double lat2, double *fraction)
{
  const struct geod_geodesic *g = wgs84 ();
  struct geod_geodesicline line;
  double s13, s, d = 0.0, d0, az0;

  geod_inverseline (&line, g, lat1, lon1, lat2, lon2, GEOD_DISTANCE_IN | GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH);
  s13 = line.s13;
  geod_inverse (g, lat1, lon1, lat, lon, &d0, &az0, NULL);
  if (s13 <= 0.0)
    {
      if (fraction != NULL)
        *fraction = 0.0;
      return d0;
    }
  s = CLAMP (d0 * cos ((az0 - line.azi1) * G_PI / 180.0), 0.0, s13);
  for (int i = 0; i < 50; i++)
    {
      double plat, plon, azi, az, step, next;

      geod_genposition (&line, GEOD_NOFLAGS, s, &plat, &plon, &azi, NULL, NULL, NULL, NULL, NULL);
      geod_inverse (g, plat, plon, lat, lon, &d, &az, NULL);
      step = d * cos ((az - azi) * G_PI / 180.0);
      next = CLAMP (s + step, 0.0, s13);
      if (fabs (next - s) < 1e-5)
        break;
      s = next;
    }
  /* A point beyond an end is nearest that end. */
  {
    double d1 = dm_geodesy_distance_m (lon, lat, lon2, lat2);

    if (d0 <= d && d0 <= d1)
      {
        s = 0.0;
        d = d0;
      }
    else if (d1 < d)
      {
        s = s13;
        d = d1;
      }
  }
  if (fraction != NULL)
    *fraction = s / s13;
  return d;
}

double
dm_geodesy_point_path_distance_m (double lon,
                                  double lat,
                                  const double *xy,
                                  guint n_points,
                                  guint *segment,
                                  double *fraction)
{
  double best = INFINITY, best_f = 0.0;
  guint best_i = 0;

  g_return_val_if_fail (xy != NULL && n_points > 0, INFINITY);

  if (n_points == 1)
    {
      if (segment)
        *segment = 0;
      if (fraction)
        *fraction = 0.0;
      return dm_geodesy_distance_m (lon, lat, xy[0], xy[1]);
    }

  for (guint i = 0; i + 1 < n_points; i++)
    {
      double f, d;

      /* A cheap lower bound skips segments far away: the distance to either
       * end minus the segment's length cannot exceed the true distance. */
      if (isfinite (best))
        {
          double d0 = dm_geodesy_distance_m (lon, lat, xy[2 * i], xy[2 * i + 1]);
          double len = dm_geodesy_distance_m (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]);

          if (d0 - len > best)
            continue;
        }
      d = point_segment_distance (lon, lat, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], &f);
      if (d < best)
        {
          best = d;
          best_i = i;
          best_f = f;
        }
    }
  if (segment)
    *segment = best_i;
  if (fraction)
    *fraction = best_f;
  return best;
}
