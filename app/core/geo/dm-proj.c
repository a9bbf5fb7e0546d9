/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-proj"

#include "config.h"

#include <geodesic.h>
#include <math.h>

#include "dm-geodesy.h"
#include "dm-proj.h"

#define DEG (G_PI / 180.0)

static void
context_free (gpointer data)
{
  proj_context_destroy (data);
}

static GPrivate proj_context_key = G_PRIVATE_INIT (context_free);

PJ_CONTEXT *
dm_proj_get_context (void)
{
  PJ_CONTEXT *ctx = g_private_get (&proj_context_key);

  if (ctx == NULL)
    {
      ctx = proj_context_create ();
      /* Opening a file never touches the network; neither does PROJ. */
      proj_context_set_enable_network (ctx, FALSE);
      proj_log_level (ctx, PJ_LOG_NONE);
      g_private_set (&proj_context_key, ctx);
    }
  return ctx;
}

struct _DmLocalProj {
  DmLocalProjMethod method;
  double lon0, lat0;

  /* DM_LOCAL_PROJ_PROJ */
  PJ *pj;
  PJ_CONTEXT *pj_ctx;

  /* DM_LOCAL_PROJ_GEODESIC */
  struct geod_geodesic geod;

  /* DM_LOCAL_PROJ_FAST: the centre in ECEF, the east/north/up unit
   * vectors there, and the Gaussian radius of curvature. */
  double o[3], e[3], n[3], u[3];
  double radius;
};

/* WGS 84 */
#define A  DM_WGS84_A
#define E2 (DM_WGS84_F * (2.0 - DM_WGS84_F))
#define B2 (A * A * (1.0 - E2))

static inline void
geodetic_to_ecef (double lon_deg, double lat_deg, double out[3])
{
  double sl = sin (lat_deg * DEG), cl = cos (lat_deg * DEG);
  double so = sin (lon_deg * DEG), co = cos (lon_deg * DEG);
  double nu = A / sqrt (1.0 - E2 * sl * sl);

  out[0] = nu * cl * co;
  out[1] = nu * cl * so;
  out[2] = nu * (1.0 - E2) * sl;
}

static void
fast_init (DmLocalProj *self)
{
  double sl = sin (self->lat0 * DEG), cl = cos (self->lat0 * DEG);
  double so = sin (self->lon0 * DEG), co = cos (self->lon0 * DEG);
  double w = sqrt (1.0 - E2 * sl * sl);
  double m = A * (1.0 - E2) / (w * w * w), nu = A / w;

  geodetic_to_ecef (self->lon0, self->lat0, self->o);
  self->e[0] = -so;
  self->e[1] = co;
  self->e[2] = 0.0;
  self->n[0] = -sl * co;
  self->n[1] = -sl * so;
  self->n[2] = cl;
  self->u[0] = cl * co;
  self->u[1] = cl * so;
  self->u[2] = sl;
  self->radius = sqrt (m * nu);
}

/*
 * The tangent plane (orthographic along the centre's normal) maps a point
 * at geodesic distance s to radius ≈ R sin (s/R); stretching the radius to
 * R asin (ρ/R) makes it equidistant up to terms of order e²(s/R)², a few
 * millimetres at 50 km.
 */
static inline void
fast_forward (const DmLocalProj *self, double *x, double *y)
{
  double p[3], d[3], east, north, rho;

  geodetic_to_ecef (*x, *y, p);
  d[0] = p[0] - self->o[0];
  d[1] = p[1] - self->o[1];
  d[2] = p[2] - self->o[2];
  east = d[0] * self->e[0] + d[1] * self->e[1];
  north = d[0] * self->n[0] + d[1] * self->n[1] + d[2] * self->n[2];
  rho = hypot (east, north);
  if (rho > 0.0)
    {
      double k = self->radius * asin (MIN (rho / self->radius, 1.0)) / rho;

      east *= k;
      north *= k;
    }
  *x = east;
  *y = north;
}

static inline void
fast_inverse (const DmLocalProj *self, double *x, double *y)
{
  double s = hypot (*x, *y), east = *x, north = *y;
  double q[3], qa, qb, qc, t, p[3];

  if (s > 0.0)
    {
      double k = self->radius * sin (s / self->radius) / s;

      east *= k;
      north *= k;
    }
  for (int i = 0; i < 3; i++)
    q[i] = self->o[i] + east * self->e[i] + north * self->n[i];
  /* Down the centre's normal onto the ellipsoid: the root of a quadratic
   * nearest zero, in the form that does not cancel. */
  qa = (self->u[0] * self->u[0] + self->u[1] * self->u[1]) / (A * A) + self->u[2] * self->u[2] / B2;
  qb = 2.0 * ((q[0] * self->u[0] + q[1] * self->u[1]) / (A * A) + q[2] * self->u[2] / B2);
  qc = (q[0] * q[0] + q[1] * q[1]) / (A * A) + q[2] * q[2] / B2 - 1.0;
  t = -2.0 * qc / (qb + sqrt (MAX (qb * qb - 4.0 * qa * qc, 0.0)));
  for (int i = 0; i < 3; i++)
    p[i] = q[i] + t * self->u[i];
  /* On the surface, tan φ = z / ((1 − e²) p) exactly. */
  *x = atan2 (p[1], p[0]) / DEG;
  *y = atan2 (p[2], (1.0 - E2) * hypot (p[0], p[1])) / DEG;
}

DmLocalProj *
dm_local_proj_new (double lon0, double lat0)
{
  return dm_local_proj_new_with_method (lon0, lat0, DM_LOCAL_PROJ_PROJ);
}

DmLocalProj *
dm_local_proj_new_with_method (double lon0, double lat0, DmLocalProjMethod method)
{
  g_autoptr (DmLocalProj) self = NULL;

  g_return_val_if_fail (isfinite (lon0) && isfinite (lat0), NULL);
  g_return_val_if_fail (fabs (lat0) <= 90.0, NULL);

  self = g_new0 (DmLocalProj, 1);
  self->method = method;
  self->lon0 = lon0;
  self->lat0 = lat0;

  switch (method)
    {
    case DM_LOCAL_PROJ_PROJ:
      {
        g_autofree char *def = NULL;
        char lat_buf[G_ASCII_DTOSTR_BUF_SIZE], lon_buf[G_ASCII_DTOSTR_BUF_SIZE];

        /* g_ascii_dtostr: PROJ strings take '.' whatever the locale. */
        def = g_strdup_printf ("+proj=aeqd +lat_0=%s +lon_0=%s +x_0=0 +y_0=0 +ellps=WGS84 +units=m",
                               g_ascii_dtostr (lat_buf, sizeof lat_buf, lat0),
                               g_ascii_dtostr (lon_buf, sizeof lon_buf, lon0));
        self->pj_ctx = dm_proj_get_context ();
        self->pj = proj_create (self->pj_ctx, def);
        if (self->pj == NULL)
          {
            g_warning ("PROJ cannot make a local projection at %g, %g: %s", lon0, lat0,
                       proj_context_errno_string (self->pj_ctx, proj_context_errno (self->pj_ctx)));
            return NULL;
          }
      }
      break;
    case DM_LOCAL_PROJ_GEODESIC:
      geod_init (&self->geod, DM_WGS84_A, DM_WGS84_F);
      break;
    case DM_LOCAL_PROJ_FAST:
      fast_init (self);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  return g_steal_pointer (&self);
}

void
dm_local_proj_free (DmLocalProj *self)
{
  if (self == NULL)
    return;
  if (self->pj != NULL)
    {
      /* Destroy it with the context of the thread that frees it. */
      proj_assign_context (self->pj, dm_proj_get_context ());
      proj_destroy (self->pj);
    }
  g_free (self);
}

void
dm_local_proj_get_centre (const DmLocalProj *self, double *lon0, double *lat0)
{
  g_return_if_fail (self != NULL);

  if (lon0)
    *lon0 = self->lon0;
  if (lat0)
    *lat0 = self->lat0;
}

DmLocalProjMethod
dm_local_proj_get_method (const DmLocalProj *self)
{
  g_return_val_if_fail (self != NULL, DM_LOCAL_PROJ_PROJ);
  return self->method;
}

static gboolean
proj_transform (DmLocalProj *self, double *xy, guint n_points, PJ_DIRECTION direction)
{
  PJ_CONTEXT *ctx = dm_proj_get_context ();
  size_t done;

  if (self->pj_ctx != ctx)
    {
      proj_assign_context (self->pj, ctx);
      self->pj_ctx = ctx;
    }
  /* A "+proj=" operation (not a CRS) takes radians in and gives radians out. */
  if (direction == PJ_FWD)
    for (guint i = 0; i < 2 * n_points; i++)
      xy[i] *= DEG;
  proj_errno_reset (self->pj);
  done = proj_trans_generic (self->pj, direction, xy, 2 * sizeof (double), n_points, xy + 1, 2 * sizeof (double),
                             n_points, NULL, 0, 0, NULL, 0, 0);
  if (direction == PJ_INV)
    for (guint i = 0; i < 2 * n_points; i++)
      xy[i] /= DEG;
  if (done != n_points || proj_errno (self->pj) != 0)
    return FALSE;
  for (guint i = 0; i < 2 * n_points; i++)
    if (!isfinite (xy[i]))
      return FALSE;
  return TRUE;
}

gboolean
dm_local_proj_forward (DmLocalProj *self, double *xy, guint n_points)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (xy != NULL || n_points == 0, FALSE);

  switch (self->method)
    {
    case DM_LOCAL_PROJ_PROJ:
      return proj_transform (self, xy, n_points, PJ_FWD);
    case DM_LOCAL_PROJ_GEODESIC:
      for (guint i = 0; i < n_points; i++)
        {
          double s, azi;

          geod_inverse (&self->geod, self->lat0, self->lon0, xy[2 * i + 1], xy[2 * i], &s, &azi, NULL);
          xy[2 * i] = s * sin (azi * DEG);
          xy[2 * i + 1] = s * cos (azi * DEG);
        }
      return TRUE;
    case DM_LOCAL_PROJ_FAST:
      for (guint i = 0; i < n_points; i++)
        fast_forward (self, &xy[2 * i], &xy[2 * i + 1]);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Longitudes come back in −180…180; a projection centred near the 180th
 * meridian gives them back beside its centre (179.5, 180.5), as the
 * unwrapped geometry it was given (dm_geometry_unwrap_rings()). */
static gboolean
beside_centre (const DmLocalProj *self, double *xy, guint n_points, gboolean ok)
{
  for (guint i = 0; ok && i < n_points; i++)
    xy[2 * i] += 360.0 * round ((self->lon0 - xy[2 * i]) / 360.0);
  return ok;
}

static gboolean
local_inverse (DmLocalProj *self, double *xy, guint n_points)
{
  switch (self->method)
    {
    case DM_LOCAL_PROJ_PROJ:
      return proj_transform (self, xy, n_points, PJ_INV);
    case DM_LOCAL_PROJ_GEODESIC:
      for (guint i = 0; i < n_points; i++)
        {
          double x = xy[2 * i], y = xy[2 * i + 1];
          double lat, lon;

          geod_direct (&self->geod, self->lat0, self->lon0, atan2 (x, y) / DEG, hypot (x, y), &lat, &lon, NULL);
          xy[2 * i] = lon;
          xy[2 * i + 1] = lat;
        }
      return TRUE;
    case DM_LOCAL_PROJ_FAST:
      for (guint i = 0; i < n_points; i++)
        fast_inverse (self, &xy[2 * i], &xy[2 * i + 1]);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
dm_local_proj_inverse (DmLocalProj *self, double *xy, guint n_points)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (xy != NULL || n_points == 0, FALSE);

  return beside_centre (self, xy, n_points, local_inverse (self, xy, n_points));
}

static DmGeometry *
transform_geometry (DmLocalProj *self, const DmGeometry *geometry, gboolean forward)
{
  g_autoptr (DmGeometry) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);

  out = dm_geometry_new (dm_geometry_get_geometry_type (geometry));
  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    {
      dm_geometry_begin_part (out);
      for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (geometry, p, r, &n);
          g_autofree double *buf = g_memdup2 (xy, 2 * sizeof (double) * n);

          if (!(forward ? dm_local_proj_forward (self, buf, n) : dm_local_proj_inverse (self, buf, n)))
            return NULL;
          dm_geometry_add_ring (out, buf, n);
        }
    }
  return g_steal_pointer (&out);
}

DmGeometry *
dm_local_proj_forward_geometry (DmLocalProj *self, const DmGeometry *geometry)
{
  return transform_geometry (self, geometry, TRUE);
}

DmGeometry *
dm_local_proj_inverse_geometry (DmLocalProj *self, const DmGeometry *geometry)
{
  return transform_geometry (self, geometry, FALSE);
}

typedef struct {
  DmLocalProj *proj;
  gboolean forward;
  gboolean failed;
} TransformData;

static int
transform_xy (double *x, double *y, void *userdata)
{
  TransformData *data = userdata;
  double xy[2] = { *x, *y };

  if (!(data->forward ? dm_local_proj_forward (data->proj, xy, 1) : dm_local_proj_inverse (data->proj, xy, 1)))
    {
      data->failed = TRUE;
      return 0;
    }
  *x = xy[0];
  *y = xy[1];
  return 1;
}

static GEOSGeometry *
transform_geos (DmLocalProj *self, GEOSContextHandle_t ctx, const GEOSGeometry *geometry, gboolean forward)
{
  TransformData data = { self, forward, FALSE };
  GEOSGeometry *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ctx != NULL && geometry != NULL, NULL);

  out = GEOSGeom_transformXY_r (ctx, geometry, transform_xy, &data);
  if (out != NULL && data.failed)
    {
      GEOSGeom_destroy_r (ctx, out);
      out = NULL;
    }
  return out;
}

GEOSGeometry *
dm_local_proj_forward_geos (DmLocalProj *self, GEOSContextHandle_t ctx, const GEOSGeometry *geometry)
{
  return transform_geos (self, ctx, geometry, TRUE);
}

GEOSGeometry *
dm_local_proj_inverse_geos (DmLocalProj *self, GEOSContextHandle_t ctx, const GEOSGeometry *geometry)
{
  return transform_geos (self, ctx, geometry, FALSE);
}
