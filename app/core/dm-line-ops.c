/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-line-ops"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-line-ops.h"
#include "dm-proj.h"

G_DEFINE_QUARK (dm-line-ops-error-quark, dm_line_ops_error)

static gboolean
check_linestring (const DmGeometry  *line,
                  GError           **error)
{
  if (line == NULL || dm_geometry_get_geometry_type (line) != DM_GEOMETRY_LINESTRING ||
      dm_geometry_get_n_points (line) < 2)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_NOT_A_LINE,
                   _("Only a single line with at least two vertices can be split or joined; "
                     "this feature is a %s"),
                   line != NULL ? dm_geometry_type_to_string (dm_geometry_get_geometry_type (line)) : "(none)");
      return FALSE;
    }
  return TRUE;
}

gboolean
dm_line_split (const DmGeometry  *line,
               guint              vertex,
               DmGeometry       **first,
               DmGeometry       **second,
               GError           **error)
{
  const double *xy;
  guint n;

  g_return_val_if_fail (first != NULL && second != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_linestring (line, error))
    return FALSE;
  xy = dm_geometry_get_ring (line, 0, 0, &n);
  if (vertex == 0 || vertex >= n - 1)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_BAD_VERTEX,
                   _("A line is split at one of its inner vertices (1 to %u), not at vertex %u"),
                   n >= 3 ? n - 2 : 0, vertex);
      return FALSE;
    }
  *first = dm_geometry_new_linestring (xy, vertex + 1);
  *second = dm_geometry_new_linestring (xy + 2 * vertex, n - vertex);
  return TRUE;
}

DmGeometry *
dm_line_join (const DmGeometry  *a,
              const DmGeometry  *b,
              double            *gap_m,
              GError           **error)
{
  const double *pa, *pb;
  guint na, nb, best = 0, skip;
  double gaps[4];
  g_autofree double *xy = NULL;
  g_autoptr(DmGeometry) rb = NULL;
  const double *head, *tail;
  guint n_head, n_tail;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_linestring (a, error) || !check_linestring (b, error))
    return NULL;
  pa = dm_geometry_get_ring (a, 0, 0, &na);
  pb = dm_geometry_get_ring (b, 0, 0, &nb);

  /* 0: a's end to b's start, 1: a's end to b's end, 2: b's end to a's
   * start, 3: b's start to a's start. */
  gaps[0] = dm_geodesy_distance_m (pa[2 * na - 2], pa[2 * na - 1], pb[0], pb[1]);
  gaps[1] = dm_geodesy_distance_m (pa[2 * na - 2], pa[2 * na - 1], pb[2 * nb - 2], pb[2 * nb - 1]);
  gaps[2] = dm_geodesy_distance_m (pb[2 * nb - 2], pb[2 * nb - 1], pa[0], pa[1]);
  gaps[3] = dm_geodesy_distance_m (pb[0], pb[1], pa[0], pa[1]);
  for (guint i = 1; i < 4; i++)
    if (gaps[i] < gaps[best])
      best = i;

  /* @a keeps its direction: the sides of a contact line depend on it. */
  if (best == 1 || best == 3)
    {
      rb = dm_geometry_copy (b);
      dm_geometry_reverse (rb);
      pb = dm_geometry_get_ring (rb, 0, 0, &nb);
    }
  if (best <= 1)
    {
      head = pa, n_head = na;
      tail = pb, n_tail = nb;
    }
  else
    {
      head = pb, n_head = nb;
      tail = pa, n_tail = na;
    }
  /* A vertex the two lines share is written once. */
  skip = head[2 * n_head - 2] == tail[0] && head[2 * n_head - 1] == tail[1] ? 1 : 0;
  xy = g_new (double, 2 * (n_head + n_tail - skip));
  memcpy (xy, head, 2 * n_head * sizeof (double));
  memcpy (xy + 2 * n_head, tail + 2 * skip, 2 * (n_tail - skip) * sizeof (double));
  if (gap_m != NULL)
    *gap_m = gaps[best];
  return dm_geometry_new_linestring (xy, n_head + n_tail - skip);
}

/* ---- Douglas–Peucker ---------------------------------------------------- */

/* Squared distance from @p to the segment @a–@b in the plane. */
static double
segment_distance2 (const double *p,
                   const double *a,
                   const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  double ex, ey;

  t = CLAMP (t, 0.0, 1.0);
  ex = a[0] + t * dx - p[0];
  ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey;
}

/* Marks in @keep the vertices Douglas–Peucker keeps between @first and
 * @last (both kept) of the path @xy; index @n_points stands for vertex 0
 * again (a ring closing on itself).  Iterative: a 300,000-vertex line
 * would overflow the stack by recursion. */
static void
douglas_peucker (const double *xy,
                 guint         n_points,
                 guint         first,
                 guint         last,
                 double        tolerance2,
                 gboolean     *keep)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint span[2] = { first, last };

  keep[first % n_points] = TRUE;
  keep[last % n_points] = TRUE;
  g_array_append_val (stack, span);
  while (stack->len > 0)
    {
      guint *top = &g_array_index (stack, guint, 2 * (stack->len - 1));
      guint a = top[0], b = top[1], far = 0;
      double far_d2 = -1;

      g_array_set_size (stack, stack->len - 1);
      for (guint i = a + 1; i < b; i++)
        {
          double d2 = segment_distance2 (xy + 2 * i, xy + 2 * a, xy + 2 * (b % n_points));

          if (d2 > far_d2)
            {
              far_d2 = d2;
              far = i;
            }
        }
      if (far_d2 > tolerance2)
        {
          guint left[2] = { a, far }, right[2] = { far, b };

          keep[far] = TRUE;
          g_array_append_val (stack, left);
          g_array_append_val (stack, right);
        }
    }
}

/* Which vertices of @geometry simplification keeps: a new array of one
 * flag per vertex, and their number in @n_kept. */
static gboolean *
simplify_flags (const DmGeometry *geometry,
                double            tolerance_m,
                guint            *n_kept)
{
  guint n = dm_geometry_get_n_points (geometry);
  gboolean *keep = g_new0 (gboolean, MAX (n, 1));
  gboolean polygonal = dm_geometry_is_polygonal (geometry);
  g_autofree double *plane = NULL;
  g_autoptr(DmLocalProj) proj = NULL;
  double min_lon, min_lat, max_lon, max_lat;

  *n_kept = 0;
  if (n == 0)
    return keep;
  if (!polygonal && !dm_geometry_is_lineal (geometry))
    {
      for (guint i = 0; i < n; i++)
        keep[i] = TRUE;
      *n_kept = n;
      return keep;
    }

  /* Geodesic AEQD: exact distances from the centre, and within 1 % across
   * up to 1,400 km, far below any tolerance's meaning. */
  dm_geometry_get_extent (geometry, &min_lon, &min_lat, &max_lon, &max_lat);
  proj = dm_local_proj_new_with_method ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2,
                                        DM_LOCAL_PROJ_GEODESIC);
  plane = g_memdup2 (dm_geometry_get_coords (geometry), 2 * n * sizeof (double));
  if (!dm_local_proj_forward (proj, plane, n))
    g_warning ("Simplification could not project every vertex; the result may keep more of them");

  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint offset = dm_geometry_get_ring_offset (geometry, p, r), count = 0, far = 0;
        guint m;
        const double *xy = plane + 2 * offset;
        gboolean *k = keep + offset;
        double far_d2 = -1;

        dm_geometry_get_ring (geometry, p, r, &m);
        if (m <= 2 || (polygonal && m <= 3))
          {
            for (guint i = 0; i < m; i++)
              k[i] = TRUE;
            continue;
          }
        if (!polygonal)
          {
            douglas_peucker (xy, m, 0, m - 1, tolerance_m * tolerance_m, k);
            continue;
          }
        /* A ring (stored open): split at its first vertex and the vertex
         * farthest from it, then each half closes on vertex 0. */
        for (guint i = 1; i < m; i++)
          {
            double dx = xy[2 * i] - xy[0], dy = xy[2 * i + 1] - xy[1];

            if (dx * dx + dy * dy > far_d2)
              {
                far_d2 = dx * dx + dy * dy;
                far = i;
              }
          }
        douglas_peucker (xy, m, 0, far, tolerance_m * tolerance_m, k);
        douglas_peucker (xy, m, far, m, tolerance_m * tolerance_m, k);
        for (guint i = 0; i < m; i++)
          count += k[i];
        /* A ring of two vertices is no area: keep such a ring whole. */
        if (count < 3)
          for (guint i = 0; i < m; i++)
            k[i] = TRUE;
      }
  for (guint i = 0; i < n; i++)
    *n_kept += keep[i];
  return keep;
}

DmGeometry *
dm_line_simplify (const DmGeometry *geometry,
                  double            tolerance_m)
{
  g_autofree gboolean *keep = NULL;
  g_autofree double *buf = NULL;
  DmGeometry *out;
  guint n_kept;

  g_return_val_if_fail (geometry != NULL, NULL);
  g_return_val_if_fail (tolerance_m >= 0, NULL);

  keep = simplify_flags (geometry, tolerance_m, &n_kept);
  if (n_kept == dm_geometry_get_n_points (geometry))
    return dm_geometry_copy (geometry);

  out = dm_geometry_new (dm_geometry_get_geometry_type (geometry));
  buf = g_new (double, 2 * MAX (n_kept, 1));
  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    {
      dm_geometry_begin_part (out);
      for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
        {
          guint m, offset = dm_geometry_get_ring_offset (geometry, p, r), j = 0;
          const double *xy = dm_geometry_get_ring (geometry, p, r, &m);

          for (guint i = 0; i < m; i++)
            if (keep[offset + i])
              {
                buf[2 * j] = xy[2 * i];
                buf[2 * j + 1] = xy[2 * i + 1];
                j++;
              }
          dm_geometry_add_ring (out, buf, j);
        }
    }
  return out;
}

guint
dm_line_simplify_count (const DmGeometry *geometry,
                        double            tolerance_m)
{
  g_autofree gboolean *keep = NULL;
  guint n_kept;

  g_return_val_if_fail (geometry != NULL, 0);
  g_return_val_if_fail (tolerance_m >= 0, 0);

  keep = simplify_flags (geometry, tolerance_m, &n_kept);
  return n_kept;
}

void
dm_line_move_vertices (DmGeometry  *geometry,
                       const guint *indices,
                       guint        n_indices,
                       double       dlon,
                       double       dlat)
{
  guint n;
  g_autofree gboolean *moved = NULL;

  g_return_if_fail (geometry != NULL);
  g_return_if_fail (indices != NULL || n_indices == 0);

  n = dm_geometry_get_n_points (geometry);
  moved = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n_indices; i++)
    {
      double lon, lat;

      g_return_if_fail (indices[i] < n);
      if (moved[indices[i]])
        continue;
      moved[indices[i]] = TRUE;
      dm_geometry_get_point (geometry, indices[i], &lon, &lat);
      dm_geometry_set_point (geometry, indices[i], lon + dlon, lat + dlat);
    }
}
