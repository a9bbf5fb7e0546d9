/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-line-ops"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-line-ops.h"
#include "dm-proj.h"
#include "dm-units.h"

/* clang-format off */
G_DEFINE_QUARK (dm-line-ops-error-quark, dm_line_ops_error)
/* clang-format on */

/* ---- Parts --------------------------------------------------------------- */

static gboolean
check_lineal (const DmGeometry *line, GError **error)
{
  if (line == NULL || !dm_geometry_is_lineal (line) || dm_geometry_get_n_points (line) < 2)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_NOT_A_LINE,
                   _ ("Only a line with at least two vertices has parts to split or join; this feature is a %s"),
                   line != NULL ? dm_geometry_type_to_string (dm_geometry_get_geometry_type (line)) : "(none)");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const double *xy;
  guint n;
  DmGeometry *owned; /* keeps a reversed copy alive */
} Part;

static void
part_clear (Part *p)
{
  g_clear_pointer (&p->owned, dm_geometry_free);
}

static GArray *
parts_of (const DmGeometry *line)
{
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (Part));

  g_array_set_clear_func (parts, (GDestroyNotify) part_clear);
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      Part part = { 0 };

      part.xy = dm_geometry_get_ring (line, p, 0, &part.n);
      g_array_append_val (parts, part);
    }
  return parts;
}

/* A LineString for one part, a MultiLineString for several. */
static DmGeometry *
geometry_from_parts (GArray *parts)
{
  DmGeometry *g;

  if (parts->len == 1)
    return dm_geometry_new_linestring (g_array_index (parts, Part, 0).xy, g_array_index (parts, Part, 0).n);
  g = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  for (guint i = 0; i < parts->len; i++)
    {
      dm_geometry_begin_part (g);
      dm_geometry_add_ring (g, g_array_index (parts, Part, i).xy, g_array_index (parts, Part, i).n);
    }
  return g;
}

DmGeometry *
dm_line_split_part (const DmGeometry *line, guint vertex, GError **error)
{
  g_autoptr (GArray) parts = NULL;
  guint part, ring, offset;
  Part *p, second = { 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_lineal (line, error))
    return NULL;
  if (!dm_geometry_locate_point (line, vertex, &part, &ring))
    part = 0;
  parts = parts_of (line);
  p = &g_array_index (parts, Part, part);
  offset = dm_geometry_get_ring_offset (line, part, 0);
  if (vertex <= offset || vertex + 1 >= offset + p->n)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_BAD_VERTEX,
                   _ ("A line is split at one of its inner vertices, not at an end"));
      return NULL;
    }
  second.xy = p->xy + 2 * (vertex - offset);
  second.n = p->n - (vertex - offset);
  p->n = vertex - offset + 1;
  g_array_insert_val (parts, part + 1, second);
  return geometry_from_parts (parts);
}

/* 0: a's end to b's start; 1: b's end to a's start. */
static void
join_gaps (const Part *a, const Part *b, double gaps[2])
{
  gaps[0] = dm_geodesy_distance_m (a->xy[2 * a->n - 2], a->xy[2 * a->n - 1], b->xy[0], b->xy[1]);
  gaps[1] = dm_geodesy_distance_m (b->xy[2 * b->n - 2], b->xy[2 * b->n - 1], a->xy[0], a->xy[1]);
}

gboolean
dm_line_nearest_part (const DmGeometry *line, guint part, guint *other, double *gap_m)
{
  g_autoptr (GArray) parts = NULL;
  double best = G_MAXDOUBLE;
  guint best_part = G_MAXUINT;

  g_return_val_if_fail (line != NULL, FALSE);

  if (!dm_geometry_is_lineal (line) || part >= dm_geometry_get_n_parts (line))
    return FALSE;
  parts = parts_of (line);
  for (guint i = 0; i < parts->len; i++)
    {
      double gaps[2];

      if (i == part || g_array_index (parts, Part, i).n == 0 || g_array_index (parts, Part, part).n == 0)
        continue;
      join_gaps (&g_array_index (parts, Part, part), &g_array_index (parts, Part, i), gaps);
      if (MIN (gaps[0], gaps[1]) < best)
        {
          best = MIN (gaps[0], gaps[1]);
          best_part = i;
        }
    }
  if (best_part == G_MAXUINT)
    return FALSE;
  if (other != NULL)
    *other = best_part;
  if (gap_m != NULL)
    *gap_m = best;
  return TRUE;
}

DmGeometry *
dm_line_join_parts (const DmGeometry *line, guint part_a, guint part_b, double max_gap_m, double *gap_m, GError **error)
{
  g_autoptr (GArray) parts = NULL;
  g_autofree double *xy = NULL;
  const Part *head, *tail;
  Part *a, *b, joined = { 0 };
  double gaps[2], turned[2];
  guint skip, n_parts;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_lineal (line, error))
    return NULL;
  n_parts = dm_geometry_get_n_parts (line);
  if (part_a == part_b || part_a >= n_parts || part_b >= n_parts)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_SAME_LINE,
                   _ ("A part is joined to another part of the line; this line has %u"), n_parts);
      return NULL;
    }
  parts = parts_of (line);
  a = &g_array_index (parts, Part, part_a);
  b = &g_array_index (parts, Part, part_b);
  join_gaps (a, b, gaps);
  if (MIN (gaps[0], gaps[1]) > max_gap_m)
    {
      g_autofree char *gap = NULL, *max = NULL;

      /* End to end or start to start: one part turned round would do. */
      turned[0] =
        dm_geodesy_distance_m (a->xy[2 * a->n - 2], a->xy[2 * a->n - 1], b->xy[2 * b->n - 2], b->xy[2 * b->n - 1]);
      turned[1] = dm_geodesy_distance_m (a->xy[0], a->xy[1], b->xy[0], b->xy[1]);
      if (MIN (turned[0], turned[1]) <= max_gap_m)
        {
          g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_DIRECTION,
                       _ ("The two parts run in opposite directions, so joining them would put one "
                          "part’s side A where the other has side B: reverse one of them first"));
          return NULL;
        }
      gap = dm_format_length (MIN (gaps[0], gaps[1]), DM_LENGTH_KM);
      max = dm_format_length (max_gap_m, DM_LENGTH_KM);
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_TOO_FAR,
                   _ ("The nearest ends of the two parts are %s apart, more than %s: "
                      "move one end nearer the other first"),
                   gap, max);
      return NULL;
    }
  if (gaps[0] <= gaps[1])
    head = a, tail = b;
  else
    head = b, tail = a;
  /* A vertex the two parts share is written once. */
  skip = head->xy[2 * head->n - 2] == tail->xy[0] && head->xy[2 * head->n - 1] == tail->xy[1] ? 1 : 0;
  xy = g_new (double, 2 * (head->n + tail->n - skip));
  memcpy (xy, head->xy, 2 * head->n * sizeof (double));
  memcpy (xy + 2 * head->n, tail->xy + 2 * skip, 2 * (tail->n - skip) * sizeof (double));
  joined.xy = xy;
  joined.n = head->n + tail->n - skip;
  if (gap_m != NULL)
    *gap_m = MIN (gaps[0], gaps[1]);
  /* The joined part takes the earlier place. */
  g_array_remove_index (parts, MAX (part_a, part_b));
  g_array_index (parts, Part, MIN (part_a, part_b)) = joined;
  return geometry_from_parts (parts);
}

DmGeometry *
dm_line_remove_part (const DmGeometry *line, guint part)
{
  g_autoptr (GArray) parts = NULL;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (part < dm_geometry_get_n_parts (line), NULL);

  if (dm_geometry_get_n_parts (line) <= 1)
    return NULL;
  parts = parts_of (line);
  g_array_remove_index (parts, part);
  return geometry_from_parts (parts);
}

DmGeometry *
dm_line_reverse_part (const DmGeometry *line, guint part)
{
  g_autoptr (GArray) parts = NULL;
  Part *p;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (part < dm_geometry_get_n_parts (line), NULL);

  parts = parts_of (line);
  p = &g_array_index (parts, Part, part);
  p->owned = dm_geometry_new_linestring (p->xy, p->n);
  dm_geometry_reverse (p->owned);
  p->xy = dm_geometry_get_ring (p->owned, 0, 0, &p->n);
  return geometry_from_parts (parts);
}

DmGeometry *
dm_line_add_parts (const DmGeometry *line, const DmGeometry *more)
{
  g_autoptr (GArray) parts = NULL;
  g_autoptr (GArray) extra = NULL;

  g_return_val_if_fail (line != NULL && more != NULL, NULL);

  parts = parts_of (line);
  extra = parts_of (more);
  for (guint i = 0; i < extra->len; i++)
    {
      Part p = g_array_index (extra, Part, i);

      if (p.n > 0)
        {
          /* @extra keeps its own clear function: the copy owns nothing. */
          p.owned = NULL;
          g_array_append_val (parts, p);
        }
    }
  return geometry_from_parts (parts);
}

/* ---- Douglas–Peucker ---------------------------------------------------- */

/* Squared distance from @p to the segment @a–@b in the plane. */
static double
segment_distance2 (const double *p, const double *a, const double *b)
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
douglas_peucker (const double *xy, guint n_points, guint first, guint last, double tolerance2, gboolean *keep)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
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
simplify_flags (const DmGeometry *geometry, double tolerance_m, guint *n_kept)
{
  guint n = dm_geometry_get_n_points (geometry);
  gboolean *keep = g_new0 (gboolean, MAX (n, 1));
  gboolean polygonal = dm_geometry_is_polygonal (geometry);
  g_autofree double *plane = NULL;
  g_autoptr (DmLocalProj) proj = NULL;
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
  proj = dm_local_proj_new_with_method ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2, DM_LOCAL_PROJ_GEODESIC);
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
dm_line_simplify (const DmGeometry *geometry, double tolerance_m)
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
dm_line_simplify_count (const DmGeometry *geometry, double tolerance_m)
{
  g_autofree gboolean *keep = NULL;
  guint n_kept;

  g_return_val_if_fail (geometry != NULL, 0);
  g_return_val_if_fail (tolerance_m >= 0, 0);

  keep = simplify_flags (geometry, tolerance_m, &n_kept);
  return n_kept;
}

void
dm_line_move_vertices (DmGeometry *geometry, const guint *indices, guint n_indices, double dlon, double dlat)
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

DmGeometry *
dm_line_offset (const DmGeometry *line, double distance_m)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (DmGeometry) out = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  guint n_out = 0;

  g_return_val_if_fail (line != NULL, NULL);

  for (guint part = 0; part < dm_geometry_get_n_parts (line); part++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (line, part, 0, &n);
      double min_lon = G_MAXDOUBLE, min_lat = G_MAXDOUBLE, max_lon = -G_MAXDOUBLE, max_lat = -G_MAXDOUBLE;
      g_autoptr (DmLocalProj) proj = NULL;
      g_autoptr (DmGeometry) piece = NULL;
      g_autoptr (DmGeometry) flat = NULL;
      g_autoptr (DmGeometry) moved = NULL;
      g_autoptr (DmGeosGeometry) g = NULL;
      g_autoptr (DmGeosGeometry) simple = NULL;
      g_autoptr (DmGeosGeometry) offset = NULL;

      if (n < 2)
        continue;
      for (guint i = 0; i < n; i++)
        {
          min_lon = MIN (min_lon, xy[2 * i]);
          max_lon = MAX (max_lon, xy[2 * i]);
          min_lat = MIN (min_lat, xy[2 * i + 1]);
          max_lat = MAX (max_lat, xy[2 * i + 1]);
        }
      proj = dm_local_proj_new_with_method ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2, DM_LOCAL_PROJ_FAST);
      piece = dm_geometry_new_linestring (xy, n);
      /* GEOS offsets to the left for a positive distance; round joins.
       * Vertices within a metre of the line through their neighbours are
       * left out first (Douglas–Peucker): a dense survey's million
       * vertices offset in a fraction of the time, none a metre off. */
      if ((flat = dm_local_proj_forward_geometry (proj, piece)) == NULL ||
          (g = dm_geometry_to_geos (ctx, flat)) == NULL ||
          (simple = GEOSSimplify_r (ctx, g, DM_LINE_OFFSET_TOLERANCE_M)) == NULL ||
          (offset = GEOSOffsetCurve_r (ctx, simple, distance_m, 8, GEOSBUF_JOIN_ROUND, 5.0)) == NULL ||
          GEOSisEmpty_r (ctx, offset))
        continue;
      {
        g_autoptr (DmGeometry) back = dm_geometry_from_geos (ctx, offset);

        if (back == NULL || !dm_geometry_is_lineal (back) ||
            (moved = dm_local_proj_inverse_geometry (proj, back)) == NULL)
          continue;
      }
      for (guint p = 0; p < dm_geometry_get_n_parts (moved); p++)
        {
          guint m;
          const double *mxy = dm_geometry_get_ring (moved, p, 0, &m);

          if (m < 2)
            continue;
          dm_geometry_begin_part (out);
          dm_geometry_add_ring (out, mxy, m);
          n_out++;
        }
    }
  return n_out > 0 ? g_steal_pointer (&out) : NULL;
}
