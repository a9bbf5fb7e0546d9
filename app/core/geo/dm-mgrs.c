/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-mgrs.h"

#include <math.h>
#include <string.h>

#include "dm-geodesy.h"

#define UTM_K0 0.9996

/* The series' constants for WGS 84, computed once (Karney 2011,
 * "Transverse Mercator with an accuracy of a few nanometers", eq. 35). */
typedef struct {
  double e;        /* eccentricity */
  double a1;       /* rectifying radius times k0 */
  double alpha[7]; /* alpha[1..6] */
} Series;

static const Series *
series (void)
{
  static Series s;
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      double f = DM_WGS84_F, n = f / (2.0 - f);
      double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;

      s.e = sqrt (f * (2.0 - f));
      s.a1 = UTM_K0 * DM_WGS84_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
      s.alpha[1] =
        n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0 + 7891.0 * n6 / 37800.0;
      s.alpha[2] =
        13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0 - 1983433.0 * n6 / 1935360.0;
      s.alpha[3] = 61.0 * n3 / 240.0 - 103.0 * n4 / 140.0 + 15061.0 * n5 / 26880.0 + 167603.0 * n6 / 181440.0;
      s.alpha[4] = 49561.0 * n4 / 161280.0 - 179.0 * n5 / 168.0 + 6601661.0 * n6 / 7257600.0;
      s.alpha[5] = 34729.0 * n5 / 80640.0 - 3418889.0 * n6 / 1995840.0;
      s.alpha[6] = 212378941.0 * n6 / 319334400.0;
      g_once_init_leave (&done, 1);
    }
  return &s;
}

static int
utm_zone (double lon, double lat)
{
  int zone;

  lon = fmod (lon + 180.0, 360.0);
  if (lon < 0)
    lon += 360.0;
  zone = (int) floor (lon / 6.0) + 1;
  if (zone > 60)
    zone = 60;
  lon -= 180.0;
  /* South-west Norway and Svalbard. */
  if (lat >= 56.0 && lat < 64.0 && lon >= 3.0 && lon < 12.0)
    zone = 32;
  else if (lat >= 72.0 && lat < 84.0 && lon >= 0.0 && lon < 42.0)
    zone = lon < 9.0 ? 31 : lon < 21.0 ? 33 : lon < 33.0 ? 35 : 37;
  return zone;
}

gboolean
dm_utm_forward (double lon, double lat, int *zone, gboolean *north, double *easting, double *northing)
{
  const Series *s = series ();
  double phi, lam, t, xi1, eta1, xi, eta;
  int z;

  if (!isfinite (lon) || !isfinite (lat) || lat < -80.0 || lat >= 84.0)
    return FALSE;
  z = utm_zone (lon, lat);
  lam = remainder (lon - (6.0 * z - 183.0), 360.0) * G_PI / 180.0;
  phi = lat * G_PI / 180.0;
  /* The conformal latitude's tangent. */
  t = sinh (atanh (sin (phi)) - s->e * atanh (s->e * sin (phi)));
  xi1 = atan2 (t, cos (lam));
  eta1 = asinh (sin (lam) / hypot (t, cos (lam)));
  xi = xi1;
  eta = eta1;
  for (int j = 1; j <= 6; j++)
    {
      xi += s->alpha[j] * sin (2.0 * j * xi1) * cosh (2.0 * j * eta1);
      eta += s->alpha[j] * cos (2.0 * j * xi1) * sinh (2.0 * j * eta1);
    }
  if (zone != NULL)
    *zone = z;
  if (north != NULL)
    *north = lat >= 0.0;
  if (easting != NULL)
    *easting = 500000.0 + s->a1 * eta;
  if (northing != NULL)
    *northing = s->a1 * xi + (lat >= 0.0 ? 0.0 : 10000000.0);
  return TRUE;
}

gboolean
dm_ups_forward (double lon, double lat, gboolean *north, double *easting, double *northing)
{
  /* Polar stereographic, scale 0.994 at the pole, false easting and
   * northing 2,000 km (Snyder, Map Projections, 21-33 and 21-34). */
  const double k0 = 0.994, fe = 2000000.0, e2 = DM_WGS84_F * (2.0 - DM_WGS84_F), e = sqrt (e2);
  gboolean n;
  double phi, lam, sinphi, t, rho;

  if (!isfinite (lon) || !isfinite (lat) || lat > 90.0 || lat < -90.0 || (lat >= -80.0 && lat < 84.0))
    return FALSE;
  n = lat >= 84.0;
  phi = (n ? lat : -lat) * G_PI / 180.0;
  lam = remainder (lon, 360.0) * G_PI / 180.0;
  sinphi = sin (phi);
  t = tan (G_PI / 4.0 - phi / 2.0) / pow ((1.0 - e * sinphi) / (1.0 + e * sinphi), e / 2.0);
  rho = 2.0 * DM_WGS84_A * k0 * t / sqrt (pow (1.0 + e, 1.0 + e) * pow (1.0 - e, 1.0 - e));
  if (north != NULL)
    *north = n;
  if (easting != NULL)
    *easting = fe + rho * sin (lam);
  if (northing != NULL)
    *northing = n ? fe - rho * cos (lam) : fe + rho * cos (lam);
  return TRUE;
}

/* The UPS reference (beyond 84° N and 80° S): no zone, the band A or B
 * (south, west or east of the 0° meridian) or Y or Z (north), then the
 * 100 km square's letters as GeographicLib's MGRS gives them. */
static char *
ups_format (double lon, double lat)
{
  static const char bands[] = "ABYZ";
  static const char *const columns[] = { "JKLPQRSTUXYZ", "ABCFGHJKLPQR", "RSTUXYZ", "ABCFGHJ" };
  static const char *const rows[] = { "ABCDEFGHJKLMNPQRSTUVWXYZ", "ABCDEFGHJKLMNP" };
  double easting, northing;
  gboolean north;
  gint64 e, n;
  int ix, iy, band, first, column, row;

  if (!dm_ups_forward (lon, lat, &north, &easting, &northing))
    return NULL;
  e = (gint64) floor (easting + 1e-9);
  n = (gint64) floor (northing + 1e-9);
  ix = (int) (e / 100000);
  iy = (int) (n / 100000);
  band = (north ? 2 : 0) + (ix >= 20 ? 1 : 0);
  first = north ? 13 : 8;
  column = ix - (ix >= 20 ? 20 : first);
  row = iy - first;
  if (column < 0 || column >= (int) strlen (columns[band]) || row < 0 || row >= (int) strlen (rows[north ? 1 : 0]))
    return NULL;
  return g_strdup_printf ("%c %c%c %05d %05d", bands[band], columns[band][column], rows[north ? 1 : 0][row],
                          (int) (e % 100000), (int) (n % 100000));
}

char *
dm_mgrs_format (double lon, double lat)
{
  /* Latitude bands of 8° from 80° S, I and O left out; X is 12°. */
  static const char bands[] = "CDEFGHJKLMNPQRSTUVWX";
  static const char *const columns[] = { "ABCDEFGH", "JKLMNPQR", "STUVWXYZ" };
  static const char rows[] = "ABCDEFGHJKLMNPQRSTUV";
  double easting, northing;
  gboolean north;
  int zone, band, column, row;
  gint64 e, n;

  if (isfinite (lat) && (lat >= 84.0 || lat < -80.0))
    return ups_format (lon, lat);
  if (!dm_utm_forward (lon, lat, &zone, &north, &easting, &northing))
    return NULL;
  band = MIN ((int) floor ((lat + 80.0) / 8.0), 19);
  /* To the metre, truncated (MGRS names the square a point is in); a
   * hair below a whole metre from rounding stays in its metre. */
  e = (gint64) floor (easting + 1e-9);
  n = (gint64) floor (northing + 1e-9);
  column = (int) (e / 100000) - 1;
  /* The row letters repeat every 2,000 km; even zones start at F. */
  row = (int) ((n / 100000 + (zone % 2 == 0 ? 5 : 0)) % 20);
  if (column < 0 || column > 7)
    return NULL;
  return g_strdup_printf ("%02d%c %c%c %05d %05d", zone, bands[band], columns[(zone - 1) % 3][column], rows[row],
                          (int) (e % 100000), (int) (n % 100000));
}
