/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-derive"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-derive.h"
#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-sides.h"

G_DEFINE_QUARK (dm-derive-error-quark, dm_derive_error)

/* Lower bounds of the length of a degree on WGS 84 (m): of latitude at the
 * equator, of longitude at latitude φ times cos φ (both grow with the
 * flattening), so windows built from them never miss a neighbour. */
#define METRES_PER_DEG_LAT_MIN 110574.0
#define METRES_PER_DEG_LON_EQ  111319.0

/* One segment of the country's outline, indexed in a GEOS STRtree. */
typedef struct {
  double xy[4];
} Segment;

typedef struct {
  GEOSContextHandle_t ctx;
  GEOSSTRtree *tree;
  Segment *segments;
  GPtrArray *envelopes;   /* GEOSGeometry*, alive as long as the tree */
  double tolerance_m;
} Outline;

typedef struct {
  double lon, lat;
  double kx, ky;         /* metres per degree of longitude, latitude here */
  double tolerance_m;
  gboolean near;
} NearQuery;

static void
outline_clear (Outline *o)
{
  if (o->tree != NULL)
    GEOSSTRtree_destroy_r (o->ctx, o->tree);
  o->tree = NULL;
  g_clear_pointer (&o->envelopes, g_ptr_array_unref);
  g_clear_pointer (&o->segments, g_free);
}

static void
free_envelope (gpointer data)
{
  dm_geos_geometry_free (data);
}

static void
outline_init (Outline          *o,
              GEOSContextHandle_t ctx,
              const DmGeometry *country,
              double            tolerance_m)
{
  guint n_seg = 0, k = 0;

  o->ctx = ctx;
  o->tolerance_m = tolerance_m;
  o->tree = GEOSSTRtree_create_r (ctx, 10);
  o->envelopes = g_ptr_array_new_with_free_func (free_envelope);

  for (guint p = 0; p < dm_geometry_get_n_parts (country); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (country, p); r++)
      {
        guint n;

        dm_geometry_get_ring (country, p, r, &n);
        n_seg += n;
      }
  o->segments = g_new (Segment, MAX (n_seg, 1));

  /* Rings are stored open: segment i joins vertex i to vertex (i+1) mod n. */
  for (guint p = 0; p < dm_geometry_get_n_parts (country); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (country, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (country, p, r, &n);

        for (guint i = 0; i < n; i++)
          {
            Segment *s = &o->segments[k++];
            GEOSGeometry *env;
            guint j = (i + 1) % n;

            s->xy[0] = xy[2 * i];
            s->xy[1] = xy[2 * i + 1];
            s->xy[2] = xy[2 * j];
            s->xy[3] = xy[2 * j + 1];
            env = GEOSGeom_createRectangle_r (ctx,
                                              MIN (s->xy[0], s->xy[2]), MIN (s->xy[1], s->xy[3]),
                                              MAX (s->xy[0], s->xy[2]), MAX (s->xy[1], s->xy[3]));
            if (env == NULL)
              continue;
            g_ptr_array_add (o->envelopes, env);
            GEOSSTRtree_insert_r (ctx, o->tree, env, s);
          }
      }
}

static void
near_query_cb (void *item,
               void *user_data)
{
  const Segment *s = item;
  NearQuery *q = user_data;
  double x0, y0, dx, dy, len2, t, px, py;

  if (q->near)
    return;
  /* In the local frame the outline's edges, straight in lon/lat as GEOS
   * and the split treat them, stay straight. */
  x0 = (s->xy[0] - q->lon) * q->kx;
  y0 = (s->xy[1] - q->lat) * q->ky;
  dx = (s->xy[2] - s->xy[0]) * q->kx;
  dy = (s->xy[3] - s->xy[1]) * q->ky;
  len2 = dx * dx + dy * dy;
  t = len2 > 0 ? CLAMP (-(x0 * dx + y0 * dy) / len2, 0.0, 1.0) : 0.0;
  px = x0 + t * dx;
  py = y0 + t * dy;
  if (px * px + py * py <= q->tolerance_m * q->tolerance_m)
    q->near = TRUE;
}

/* TRUE when (lon, lat) lies within the tolerance of the outline, measured
 * in a local equirectangular frame scaled by the WGS 84 radii of
 * curvature at the point: within a few km it agrees with geodesic
 * distances to about 1e-4, and unlike a geodesic distance to a long edge
 * it follows the edge as drawn (a 10° edge along a parallel is a
 * rhumb line here, and its geodesic runs 12 km north of it). */
static gboolean
outline_is_near (Outline *o,
                 double   lon,
                 double   lat)
{
  double phi = lat * G_PI / 180.0;
  double e2 = DM_WGS84_F * (2.0 - DM_WGS84_F);
  double w = sqrt (1.0 - e2 * sin (phi) * sin (phi));
  NearQuery q = {
    lon, lat,
    DM_WGS84_A / w * cos (phi) * G_PI / 180.0,              /* N cos φ */
    DM_WGS84_A * (1.0 - e2) / (w * w * w) * G_PI / 180.0,  /* M */
    o->tolerance_m, FALSE,
  };
  g_autoptr(DmGeosGeometry) window = NULL;
  double dlat = o->tolerance_m / METRES_PER_DEG_LAT_MIN * 1.01 + 1e-9;
  double c = MAX (cos (MIN (fabs (lat) + dlat, 90.0) * G_PI / 180.0), 1e-6);
  double dlon = MIN (o->tolerance_m / (METRES_PER_DEG_LON_EQ * c) * 1.01 + 1e-9, 360.0);

  window = GEOSGeom_createRectangle_r (o->ctx, lon - dlon, lat - dlat, lon + dlon, lat + dlat);
  if (window == NULL)
    return FALSE;
  GEOSSTRtree_query_r (o->ctx, o->tree, window, near_query_cb, &q);

  return q.near;
}

/* A vertex of a densified boundary ring. */
typedef struct {
  double lon, lat;
  gboolean inserted;   /* added by densification, not in the boundary */
  gboolean near;       /* follows the border */
} RingVertex;

/* The ring with extra vertices so that no segment is longer than
 * @step_m: a long straight boundary edge between two border vertices may
 * still leave the border in between.  Interpolation is linear in lon/lat,
 * which is what the polygon's edge is. */
static GArray *
densify_ring (const double *xy,
              guint         n,
              double        step_m)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (RingVertex), n);

  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      RingVertex v = { xy[2 * i], xy[2 * i + 1], FALSE, FALSE };
      double len = dm_geodesy_distance_m (xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1]);
      guint k = step_m > 0 && len > step_m ? (guint) MIN (ceil (len / step_m) - 1, 100000.0) : 0;

      g_array_append_val (out, v);
      for (guint m = 1; m <= k; m++)
        {
          double t = (double) m / (k + 1);
          RingVertex w = {
            xy[2 * i] + t * (xy[2 * j] - xy[2 * i]),
            xy[2 * i + 1] + t * (xy[2 * j + 1] - xy[2 * i + 1]),
            TRUE, FALSE,
          };

          g_array_append_val (out, w);
        }
    }

  return out;
}

/* Which side of the run @xy the controlled territory lies on, by vote: at
 * a few segments, a point a few metres to each side of the midpoint; the
 * one inside @inside is classified against the run.  Returns DM_SIDE_NONE
 * when no sample could tell. */
static DmSide
controlled_side (GEOSContextHandle_t           ctx,
                 const GEOSPreparedGeometry   *inside,
                 const double                 *xy,
                 guint                         n)
{
  guint votes_a = 0, votes_b = 0;
  guint n_samples = MIN (n - 1, 15);

  for (guint s = 0; s < n_samples; s++)
    {
      guint i = (guint) (((double) s + 0.5) * (n - 1) / n_samples);
      double lon0 = xy[2 * i], lat0 = xy[2 * i + 1];
      double lon1 = xy[2 * i + 2], lat1 = xy[2 * i + 3];
      double mlon = (lon0 + lon1) / 2, mlat = (lat0 + lat1) / 2;
      double c = cos (mlat * G_PI / 180.0);
      double dx = (lon1 - lon0) * c, dy = lat1 - lat0;
      double len_deg = hypot (dx, dy);
      double off_deg;

      if (len_deg == 0 || c <= 0)
        continue;
      /* A tenth of the segment, at most about 20 m: close enough to the
       * line to be on this stretch's side, far enough to be off it. */
      off_deg = MIN (len_deg * 0.1, 20.0 / METRES_PER_DEG_LAT_MIN);

      for (int sign = -1; sign <= 1; sign += 2)
        {
          /* Left normal (-dy, dx) in the local frame, back to degrees. */
          double plon = mlon + sign * (-dy / len_deg) * off_deg / c;
          double plat = mlat + sign * (dx / len_deg) * off_deg;
          g_autoptr(DmGeosGeometry) pt = GEOSGeom_createPointFromXY_r (ctx, plon, plat);

          if (pt == NULL || GEOSPreparedContains_r (ctx, inside, pt) != 1)
            continue;
          switch (dm_sides_classify_point (xy, n, plon, plat))
            {
            case DM_SIDE_A:
              votes_a++;
              break;
            case DM_SIDE_B:
              votes_b++;
              break;
            case DM_SIDE_NONE:
            default:
              break;
            }
        }
    }

  if (votes_a == votes_b)
    return DM_SIDE_NONE;
  return votes_a > votes_b ? DM_SIDE_A : DM_SIDE_B;
}

static void
reverse_xy (GArray *xy)
{
  double *c = (double *) (gpointer) xy->data;
  guint n = xy->len / 2;

  for (guint i = 0, j = n - 1; i < j; i++, j--)
    {
      double t0 = c[2 * i], t1 = c[2 * i + 1];

      c[2 * i] = c[2 * j];
      c[2 * i + 1] = c[2 * j + 1];
      c[2 * j] = t0;
      c[2 * j + 1] = t1;
    }
}

static void
append_vertex (GArray           *run,
               const RingVertex *v)
{
  g_array_append_val (run, v->lon);
  g_array_append_val (run, v->lat);
}

/* Collects the runs of one ring (GArray of doubles each) into @runs. */
static void
collect_runs (GArray    *ring,
              GPtrArray *runs)
{
  RingVertex *v = (RingVertex *) (gpointer) ring->data;
  guint n = ring->len;
  guint start = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    if (v[i].near)
      {
        start = i;
        break;
      }

  if (start == G_MAXUINT)
    {
      /* Never near the border: the whole ring, closed. */
      GArray *run = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < n; i++)
        if (!v[i].inserted)
          append_vertex (run, &v[i]);
      if (run->len >= 2)
        append_vertex (run, &v[0]);
      g_ptr_array_add (runs, run);
      return;
    }

  /* Walk once round the ring from a border vertex; a run goes from the
   * last border vertex before a stretch off the border to the first one
   * after it. */
  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;
      guint j = (i + 1) % n;
      GArray *run;

      if (!v[i].near || v[j].near)
        continue;

      run = g_array_new (FALSE, FALSE, sizeof (double));
      append_vertex (run, &v[i]);
      while (!v[j].near)
        {
          if (!v[j].inserted)
            append_vertex (run, &v[j]);
          j = (j + 1) % n;
          k++;
        }
      append_vertex (run, &v[j]);
      g_ptr_array_add (runs, run);
    }
}

static void
free_run (gpointer data)
{
  g_array_unref (data);
}

DmGeometry *
dm_derive_contact_line (const DmGeometry *control,
                        const DmGeometry *country,
                        double            tolerance_m,
                        double            min_length_m,
                        GError          **error)
{
  GEOSContextHandle_t ctx;
  g_autoptr(DmGeosGeometry) g_control = NULL;
  g_autoptr(DmGeosGeometry) g_country = NULL;
  g_autoptr(DmGeosGeometry) g_control_valid = NULL;
  g_autoptr(DmGeosGeometry) g_country_valid = NULL;
  g_autoptr(DmGeosGeometry) g_inter = NULL;
  g_autoptr(DmGeometry) inter = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(DmGeometry) result = NULL;
  const GEOSPreparedGeometry *prepared = NULL;
  Outline outline = { 0 };
  guint n_dropped = 0;

  g_return_val_if_fail (control != NULL, NULL);
  g_return_val_if_fail (country != NULL, NULL);
  g_return_val_if_fail (tolerance_m >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dm_geometry_is_polygonal (control) || dm_geometry_is_empty (control))
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _("The controlled territory must be a polygon or a multipolygon, not a %s."),
                   dm_geometry_type_to_string (dm_geometry_get_geometry_type (control)));
      return NULL;
    }
  if (!dm_geometry_is_polygonal (country) || dm_geometry_is_empty (country))
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _("The country must be a polygon or a multipolygon, not a %s."),
                   dm_geometry_type_to_string (dm_geometry_get_geometry_type (country)));
      return NULL;
    }

  ctx = dm_geos_get_context ();
  g_control = dm_geometry_to_geos (ctx, control);
  g_country = dm_geometry_to_geos (ctx, country);
  if (g_control == NULL || g_country == NULL)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _("The controlled territory or the country has a broken outline (%s)."),
                   dm_geos_last_error () != NULL ? dm_geos_last_error () : "?");
      return NULL;
    }
  g_control_valid = dm_geos_make_valid (ctx, g_control, NULL);
  g_country_valid = dm_geos_make_valid (ctx, g_country, NULL);
  if (g_control_valid == NULL || g_country_valid == NULL)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID,
                   _("The controlled territory or the country is broken beyond repair."));
      return NULL;
    }

  /* Clip first: a control polygon closed through the neighbour's land or
   * the sea then has the border or the coast for that stretch. */
  g_inter = GEOSIntersection_r (ctx, g_control_valid, g_country_valid);
  if (g_inter == NULL)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_FAILED,
                   _("Could not intersect the controlled territory with the country (%s)."),
                   dm_geos_last_error () != NULL ? dm_geos_last_error () : "?");
      return NULL;
    }
  inter = dm_geometry_from_geos (ctx, g_inter);
  if (inter == NULL || !dm_geometry_is_polygonal (inter) ||
      dm_geodesy_geometry_area_m2 (inter) <= 0)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NO_OVERLAP,
                   _("The controlled territory does not overlap the country: "
                     "check that both are in the same place and the right country is chosen."));
      return NULL;
    }

  outline_init (&outline, ctx, country, tolerance_m);
  runs = g_ptr_array_new_with_free_func (free_run);

  for (guint p = 0; p < dm_geometry_get_n_parts (inter); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (inter, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (inter, p, r, &n);
        g_autoptr(GArray) ring = NULL;

        if (n < 3)
          continue;
        ring = densify_ring (xy, n, tolerance_m > 0 ? tolerance_m : DM_DERIVE_DEFAULT_TOLERANCE_M);
        for (guint i = 0; i < ring->len; i++)
          {
            RingVertex *v = &g_array_index (ring, RingVertex, i);

            v->near = outline_is_near (&outline, v->lon, v->lat);
          }
        collect_runs (ring, runs);
      }
  outline_clear (&outline);

  prepared = GEOSPrepare_r (ctx, g_inter);
  kept = g_ptr_array_new_with_free_func (free_run);
  for (guint i = 0; i < runs->len; i++)
    {
      GArray *run = g_ptr_array_index (runs, i);
      const double *xy = (const double *) (gconstpointer) run->data;
      guint n = run->len / 2;
      double length_m = n >= 2 ? dm_geodesy_path_length_m (xy, n) : 0.0;

      if (n < 2 || length_m < min_length_m || length_m <= 0)
        {
          n_dropped++;
          continue;
        }
      if (prepared != NULL && controlled_side (ctx, prepared, xy, n) == DM_SIDE_A)
        reverse_xy (run);
      g_debug ("Contact line run %u: %u vertices, %.1f km", kept->len, n, length_m / 1000.0);
      g_ptr_array_add (kept, g_array_ref (run));
    }
  if (prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, prepared);

  if (kept->len == 0)
    {
      g_set_error (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_NOTHING_LEFT,
                   _("Nothing is left of the controlled territory’s outline once the stretches "
                     "along the border and the coast are removed: it does not cut the country, "
                     "or the tolerance is too wide."));
      return NULL;
    }
  if (n_dropped > 0)
    g_debug ("%u pieces shorter than %.0f m dropped", n_dropped, min_length_m);

  if (kept->len == 1)
    {
      GArray *run = g_ptr_array_index (kept, 0);

      return dm_geometry_new_linestring ((const double *) (gconstpointer) run->data, run->len / 2);
    }

  result = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  for (guint i = 0; i < kept->len; i++)
    {
      GArray *run = g_ptr_array_index (kept, i);

      dm_geometry_begin_part (result);
      dm_geometry_add_ring (result, (const double *) (gconstpointer) run->data, run->len / 2);
    }

  return g_steal_pointer (&result);
}
