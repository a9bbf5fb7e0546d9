/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-zones"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-geos.h"
#include "dm-proj.h"
#include "dm-sides.h"
#include "dm-units.h"
#include "dm-zones.h"

/* clang-format off */
G_DEFINE_QUARK (dm-zones-error-quark, dm_zones_error)
/* clang-format on */

/*
 * Round joins.  Arc vertices lie on the circle, but where two arcs cross,
 * the vertex is where two chords cross: inside both circles by up to the
 * sag.  GEOS rounds a join's number of chords to the nearest integer, so
 * a chord spans up to 1.5 quanta: with 32 segments a quadrant, 4.2°, a
 * sag of 1 − cos 2.1° = 0.068% of the width, within the 0.1% asked for
 * with room for the input simplification below.
 */
#define QUADRANT_SEGMENTS 32
/* The buffer's input is simplified (Douglas-Peucker) within this fraction
 * of the width: 0.8 m for a 4 km DMZ, a fifth of the accuracy asked for
 * (0.1%; with the sag above, at worst 0.088%), so a dense line's
 * redundant vertices cost GEOS nothing.  The side split and the pieces
 * use the line exactly. */
#define SIMPLIFY_FRACTION 2e-4
/* Longer segments are densified along their geodesic before projecting,
 * so that a straight projected segment stays within millimetres of it. */
#define MAX_PROJECTED_SEGMENT_M 10000.0
/* Line ends within this of a region border are extended to it. */
#define REGION_EXTEND_TOLERANCE_M 50000.0
/* Band parameter sets kept (a width dragged in a spin button makes many). */
#define MAX_BAND_ENTRIES 8

/* Pieces: polygons in lon/lat, immutable once made, shared by results. */
typedef struct {
  GArray *xy;    /* double: lon, lat of every ring, rings open */
  GArray *rings; /* guint: points of each ring */
  GArray *parts; /* guint: rings of each polygon (exterior first) */
  double area_m2;
} Pieces;

static void
pieces_clear (gpointer data)
{
  Pieces *p = data;

  g_array_unref (p->xy);
  g_array_unref (p->rings);
  g_array_unref (p->parts);
}

static Pieces *
pieces_new (void)
{
  Pieces *p = g_atomic_rc_box_new0 (Pieces);

  p->xy = g_array_new (FALSE, FALSE, sizeof (double));
  p->rings = g_array_new (FALSE, FALSE, sizeof (guint));
  p->parts = g_array_new (FALSE, FALSE, sizeof (guint));
  return p;
}

static Pieces *
pieces_ref (Pieces *p)
{
  return g_atomic_rc_box_acquire (p);
}

static void
pieces_unref (Pieces *p)
{
  g_atomic_rc_box_release_full (p, pieces_clear);
}

/* Adds the polygons of @g; exteriors counter-clockwise, holes clockwise,
 * so a renderer can fill all pieces as one path with the nonzero rule;
 * with their geodesic area when @measure (a zone dissolved for export
 * has its area already: 2 s at a million vertices). */
static void
pieces_add_geos (Pieces *p, GEOSContextHandle_t ctx, const GEOSGeometry *g, gboolean measure)
{
  int type = GEOSGeomTypeId_r (ctx, g);

  if (type == GEOS_POLYGON)
    {
      int n_holes = GEOSGetNumInteriorRings_r (ctx, g);
      guint n_rings = 0;

      if (GEOSisEmpty_r (ctx, g))
        return;
      for (int r = -1; r < n_holes; r++)
        {
          const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r (ctx, g) : GEOSGetInteriorRingN_r (ctx, g, r);
          const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, ring);
          unsigned int n = 0;
          guint first = p->xy->len;
          double *xy, a;

          GEOSCoordSeq_getSize_r (ctx, seq, &n);
          if (n < 4)
            {
              if (r < 0)
                return;
              continue;
            }
          g_array_set_size (p->xy, first + 2 * n);
          xy = &g_array_index (p->xy, double, first);
          GEOSCoordSeq_copyToBuffer_r (ctx, seq, xy, FALSE, FALSE);
          n--; /* stored open */
          g_array_set_size (p->xy, first + 2 * n);
          dm_ring_orient (xy, n, r < 0);
          if (measure)
            {
              a = fabs (dm_geodesy_ring_area_m2 (xy, n));
              p->area_m2 += r < 0 ? a : -a;
            }
          g_array_append_val (p->rings, n);
          n_rings++;
        }
      g_array_append_val (p->parts, n_rings);
    }
  else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    {
      for (int i = 0; i < GEOSGetNumGeometries_r (ctx, g); i++)
        pieces_add_geos (p, ctx, GEOSGetGeometryN_r (ctx, g, i), measure);
    }
}

static void
pieces_add_geometry (Pieces *p, const DmGeometry *g)
{
  if (!dm_geometry_is_polygonal (g))
    return;
  for (guint part = 0; part < dm_geometry_get_n_parts (g); part++)
    {
      guint n_rings = 0;

      for (guint r = 0; r < dm_geometry_get_n_rings (g, part); r++)
        {
          guint n, first = p->xy->len;
          const double *src = dm_geometry_get_ring (g, part, r, &n);
          double *xy, a;

          if (n < 3)
            continue;
          g_array_append_vals (p->xy, src, 2 * n);
          xy = &g_array_index (p->xy, double, first);
          dm_ring_orient (xy, n, r == 0);
          a = fabs (dm_geodesy_ring_area_m2 (xy, n));
          p->area_m2 += r == 0 ? a : -a;
          g_array_append_val (p->rings, n);
          n_rings++;
        }
      if (n_rings > 0)
        g_array_append_val (p->parts, n_rings);
    }
}

/* Results */

struct _DmZoneResult {
  gatomicrefcount ref_count;
  GPtrArray *pieces[3]; /* Pieces*, indexed by DmSide (NONE: not sided) */
  double area_m2[3];
  /* When the pieces are a band's tiles, each cut to its tile of this
   * size: dm_zone_result_dissolve_side() joins them along tile edges. */
  double tile_deg;
};

G_DEFINE_BOXED_TYPE (DmZoneResult, dm_zone_result, dm_zone_result_ref, dm_zone_result_unref)

static DmZoneResult *
result_new (void)
{
  DmZoneResult *result = g_new0 (DmZoneResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  for (guint s = 0; s < 3; s++)
    result->pieces[s] = g_ptr_array_new_with_free_func ((GDestroyNotify) pieces_unref);
  return result;
}

static void
result_add (DmZoneResult *result, DmSide side, Pieces *pieces)
{
  if (pieces == NULL || pieces->parts->len == 0)
    return;
  g_ptr_array_add (result->pieces[side], pieces_ref (pieces));
  result->area_m2[side] += pieces->area_m2;
}

DmZoneResult *
dm_zone_result_ref (DmZoneResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
dm_zone_result_unref (DmZoneResult *result)
{
  g_return_if_fail (result != NULL);

  if (g_atomic_ref_count_dec (&result->ref_count))
    {
      for (guint s = 0; s < 3; s++)
        g_ptr_array_unref (result->pieces[s]);
      g_free (result);
    }
}

double
dm_zone_result_get_area_m2 (DmZoneResult *result, DmSide side)
{
  g_return_val_if_fail (result != NULL, 0.0);
  g_return_val_if_fail (side <= DM_SIDE_B, 0.0);

  if (side == DM_SIDE_NONE)
    return result->area_m2[0] + result->area_m2[1] + result->area_m2[2];
  return result->area_m2[side];
}

static gboolean
side_selected (DmSide wanted, guint s)
{
  return wanted == DM_SIDE_NONE || (guint) wanted == s;
}

guint
dm_zone_result_get_n_pieces (DmZoneResult *result, DmSide side)
{
  guint n = 0;

  g_return_val_if_fail (result != NULL, 0);

  for (guint s = 0; s < 3; s++)
    if (side_selected (side, s))
      for (guint i = 0; i < result->pieces[s]->len; i++)
        n += ((Pieces *) g_ptr_array_index (result->pieces[s], i))->parts->len;
  return n;
}

void
dm_zone_result_foreach_ring (DmZoneResult *result, DmSide side, DmZoneRingFunc func, gpointer user_data)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (func != NULL);

  for (guint s = 0; s < 3; s++)
    {
      if (!side_selected (side, s))
        continue;
      for (guint i = 0; i < result->pieces[s]->len; i++)
        {
          Pieces *p = g_ptr_array_index (result->pieces[s], i);
          const double *xy = (const double *) p->xy->data;
          guint ring = 0;

          for (guint part = 0; part < p->parts->len; part++)
            for (guint r = 0; r < g_array_index (p->parts, guint, part); r++)
              {
                guint n = g_array_index (p->rings, guint, ring++);

                func (xy, n, r > 0, user_data);
                xy += 2 * n;
              }
        }
    }
}

DmGeometry *
dm_zone_result_get_geometry (DmZoneResult *result, DmSide side)
{
  DmGeometry *g;

  g_return_val_if_fail (result != NULL, NULL);

  g = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  for (guint s = 0; s < 3; s++)
    {
      if (!side_selected (side, s))
        continue;
      for (guint i = 0; i < result->pieces[s]->len; i++)
        {
          Pieces *p = g_ptr_array_index (result->pieces[s], i);
          const double *xy = (const double *) p->xy->data;
          guint ring = 0;

          for (guint part = 0; part < p->parts->len; part++)
            {
              dm_geometry_begin_part (g);
              for (guint r = 0; r < g_array_index (p->parts, guint, part); r++)
                {
                  guint n = g_array_index (p->rings, guint, ring++);

                  dm_geometry_add_ring (g, xy, n);
                  xy += 2 * n;
                }
            }
        }
    }
  return g;
}

static GEOSGeometry *
geos_ring (GEOSContextHandle_t ctx, const double *xy, guint n)
{
  g_autofree double *buf = g_new (double, 2 * (n + 1));
  GEOSCoordSequence *seq;

  memcpy (buf, xy, 2 * n * sizeof (double));
  buf[2 * n] = xy[0];
  buf[2 * n + 1] = xy[1];
  seq = GEOSCoordSeq_copyFromBuffer_r (ctx, buf, n + 1, FALSE, FALSE);
  return seq != NULL ? GEOSGeom_createLinearRing_r (ctx, seq) : NULL;
}

/*
 * One side's tile pieces merged without an overlay.  Each piece is cut to
 * its tile, so where the zone runs on into the next tile its outline
 * leaves the piece along the tile's edge; and a tile keeps the side's
 * faces apart, so faces of one tile share edges.  Cutting both away
 * leaves chains of the zone's true outline, which join end to start: at
 * the same point within a tile, across a tile edge to the neighbour's.
 * Neighbouring tiles drew the outline in their own projections, so an end
 * and the start it joins are metres apart at most (a buffer arc's
 * sagitta): an end joins the nearest start within STITCH_TOLERANCE_M,
 * else (the outline touches the tile's edge where the next tile has
 * nothing) its piece's next chain along the cut edges.  Rings that come
 * out counter-clockwise are outlines, clockwise ones holes.  Anything
 * else (an end near two starts, a start joined twice or never, a hole in
 * no outline) gives NULL, and the caller merges with GEOS: on a clean
 * line of a million vertices 40 ms against 600; a noisy one can fail at
 * many tiles' edges (the attempt costs a tenth of GEOS's union).
 */
#define STITCH_TOLERANCE_M 25.0
/* Joins add slivers of 1e-13 of the area (measured on the sample, both
 * trackers' lines and a million vertices): a lost hole of 100 m² in a
 * zone of 4,000 km² is 2.5e-8. */
#define STITCH_AREA_TOLERANCE 1e-9

typedef struct {
  const double *xy; /* the ring's points (open) */
  guint n;
  guint first, n_edges; /* the chain: points first .. first + n_edges (mod n) */
  guint piece, end;     /* its piece, and its last point there */
  guint next_own;       /* the next chain along the piece's cut edges */
  guint joined;         /* the chain its end joins (G_MAXUINT: none yet) */
  gboolean own;         /* joined along its piece's cut edges */
} Chain;

static const double *
chain_point (const Chain *c, guint k)
{
  return c->xy + 2 * ((c->first + k) % c->n);
}

/* Whether @a and @b lie on one tile line (both on x = k·T, or y = k·T):
 * an edge from one to the other lies on a tile's edge, where pieces are
 * cut. */
static gboolean
same_tile_line (const double *a, const double *b, double T)
{
  for (guint k = 0; k < 2; k++)
    {
      double line = nearbyint (a[k] / T) * T;

      if (fabs (a[k] - line) <= 1e-11 && fabs (b[k] - line) <= 1e-11)
        return TRUE;
    }
  return FALSE;
}

static double
stitch_gap_m (const double *a, const double *b)
{
  double dx = (b[0] - a[0]) * 111320.0 * cos ((a[1] + b[1]) * G_PI / 360.0), dy = (b[1] - a[1]) * 110574.0;

  return sqrt (dx * dx + dy * dy);
}

typedef struct {
  GArray *xy; /* double, open */
  double box[4];
  double area;   /* signed, deg² */
  GArray *holes; /* guint: indices of rings */
} StitchRing;

static void
stitch_ring_clear (gpointer data)
{
  StitchRing *r = data;

  g_clear_pointer (&r->xy, g_array_unref);
  g_clear_pointer (&r->holes, g_array_unref);
}

static void
stitch_ring_finish (StitchRing *r)
{
  const double *xy = (const double *) (gpointer) r->xy->data;
  guint n = r->xy->len / 2;

  r->box[0] = r->box[1] = INFINITY;
  r->box[2] = r->box[3] = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      r->box[0] = MIN (r->box[0], xy[2 * i]);
      r->box[1] = MIN (r->box[1], xy[2 * i + 1]);
      r->box[2] = MAX (r->box[2], xy[2 * i]);
      r->box[3] = MAX (r->box[3], xy[2 * i + 1]);
    }
  r->area = dm_ring_signed_area (xy, n);
}

static void
append_point (GArray *xy, const double *p)
{
  guint n = xy->len / 2;

  if (n > 0 && g_array_index (xy, double, 2 * n - 2) == p[0] && g_array_index (xy, double, 2 * n - 1) == p[1])
    return;
  g_array_append_vals (xy, p, 2);
}

typedef struct {
  double a[2], b[2];
} EdgeKey;

static guint
edge_key_hash (gconstpointer key)
{
  guint64 w[4], h = 1469598103934665603ull;

  memcpy (w, key, sizeof w);
  for (guint i = 0; i < 4; i++)
    h = (h ^ w[i]) * 1099511628211ull;
  return (guint) (h ^ (h >> 32));
}

static gboolean
edge_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (EdgeKey)) == 0;
}

/* A piece's points, each with the edge from it to the next point of its
 * ring: whether that edge is cut away (it lies on a tile edge, or two
 * faces of the tile share it: a side's faces are kept apart in a tile),
 * the point whose edge is the same edge the other way, and the chain
 * that starts there. */
typedef struct {
  const double *xy;
  guint n_points;
  double area; /* signed, deg², of its rings with any */
  guint8 *cut;
  guint *next, *twin, *chain_at;
} PieceIndex;

static void
piece_index_clear (gpointer data)
{
  PieceIndex *pi = data;

  g_free (pi->cut);
  g_free (pi->next);
  g_free (pi->twin);
  g_free (pi->chain_at);
}

static void
piece_index_init (PieceIndex *pi, Pieces *p, double T)
{
  guint n_points = p->xy->len / 2, at = 0;
  g_autoptr (GHashTable) edges = NULL;
  g_autofree EdgeKey *keys = NULL;

  pi->xy = (const double *) (gpointer) p->xy->data;
  pi->n_points = n_points;
  pi->cut = g_new0 (guint8, MAX (n_points, 1));
  pi->next = g_new (guint, MAX (n_points, 1));
  pi->twin = g_new (guint, MAX (n_points, 1));
  pi->chain_at = g_new (guint, MAX (n_points, 1));
  if (p->rings->len > 1)
    {
      edges = g_hash_table_new (edge_key_hash, edge_key_equal);
      keys = g_new0 (EdgeKey, MAX (n_points, 1));
    }
  for (guint r = 0; r < p->rings->len; r++)
    {
      guint n = g_array_index (p->rings, guint, r);
      const double *xy = pi->xy + 2 * at;
      /* A ring of no area (along a path and back, left by a cut to the
       * region) encloses nothing: GEOS's union drops it too. */
      double area = dm_ring_signed_area (xy, n);
      gboolean empty = fabs (area) <= 1e-15;

      if (!empty)
        pi->area += area;

      for (guint v = 0; v < n; v++)
        {
          const double *a = &xy[2 * v], *b = &xy[2 * ((v + 1) % n)];

          pi->next[at + v] = at + (v + 1) % n;
          pi->twin[at + v] = G_MAXUINT;
          pi->chain_at[at + v] = G_MAXUINT;
          pi->cut[at + v] = empty || same_tile_line (a, b, T);
          if (keys != NULL && !empty)
            {
              keys[at + v] = (EdgeKey){ { a[0], a[1] }, { b[0], b[1] } };
              g_hash_table_insert (edges, &keys[at + v], GUINT_TO_POINTER (at + v + 1));
            }
        }
      at += n;
    }
  if (keys != NULL)
    for (guint v = 0; v < n_points; v++)
      {
        EdgeKey back = { { keys[v].b[0], keys[v].b[1] }, { keys[v].a[0], keys[v].a[1] } };
        guint other = GPOINTER_TO_UINT (g_hash_table_lookup (edges, &back));

        if (other != 0 && !pi->cut[v])
          {
            pi->cut[v] = TRUE;
            pi->twin[v] = other - 1;
          }
      }
}

/* From point @g, the end of a chain, along cut edges (a tile's edge, or
 * across to the face that shares an edge) to the next chain's start; the
 * points on the way appended to @path when not NULL.  G_MAXUINT when
 * there is none. */
static guint
walk_to_next_chain (const PieceIndex *pi, guint g, GArray *path)
{
  for (guint steps = 0; steps <= 2 * pi->n_points; steps++)
    {
      if (!pi->cut[g])
        return pi->chain_at[g];
      if (pi->twin[g] != G_MAXUINT)
        g = pi->next[pi->twin[g]];
      else
        {
          g = pi->next[g];
          if (path != NULL)
            append_point (path, &pi->xy[2 * g]);
        }
    }
  return G_MAXUINT;
}

static gint64
cell_key (gint64 x, gint64 y)
{
  return (gint64) (((guint64) x << 32) ^ (guint32) y);
}

static Pieces *
stitch_pieces (GPtrArray *pieces, double T)
{
  double cell = STITCH_TOLERANCE_M / 110574.0, cell_x, max_lat = 0.0, area_in = 0.0, area_out = 0.0;
  g_autoptr (GArray) chains = g_array_new (FALSE, FALSE, sizeof (Chain));
  g_autoptr (GArray) rings = g_array_new (FALSE, TRUE, sizeof (StitchRing));
  g_autoptr (GHashTable) starts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) keys = NULL;
  g_autoptr (GArray) index = g_array_new (FALSE, TRUE, sizeof (PieceIndex));
  Pieces *out;

  g_array_set_clear_func (rings, stitch_ring_clear);
  g_array_set_clear_func (index, piece_index_clear);

  /* The chains of every ring; rings wholly inside their tile as they are. */
  g_array_set_size (index, pieces->len);
  for (guint i = 0; i < pieces->len; i++)
    {
      Pieces *p = g_ptr_array_index (pieces, i);
      PieceIndex *pi = &g_array_index (index, PieceIndex, i);
      guint at = 0, first_chain = chains->len;

      piece_index_init (pi, p, T);
      area_in += pi->area;
      for (guint r = 0; r < p->rings->len; r++)
        {
          guint n = g_array_index (p->rings, guint, r), start = G_MAXUINT;
          const double *xy = pi->xy + 2 * at;
          const guint8 *ring_cut = pi->cut + at;

          for (guint v = 0; v < n && start == G_MAXUINT; v++)
            if (ring_cut[v])
              start = (v + 1) % n; /* a chain may begin after it */
          if (start == G_MAXUINT)
            {
              StitchRing whole = { g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n), { 0 }, 0, NULL };

              g_array_append_vals (whole.xy, xy, 2 * n);
              stitch_ring_finish (&whole);
              g_array_append_val (rings, whole);
              at += n;
              continue;
            }
          for (guint k = 0; k < n;)
            {
              guint v = (start + k) % n, m = 0;

              while (k + m < n && !ring_cut[(v + m) % n])
                m++;
              if (m > 0)
                {
                  Chain c = { xy, n, v, m, i, at + (v + m) % n, G_MAXUINT, G_MAXUINT, FALSE };
                  gboolean point = TRUE;

                  /* A chain that never leaves its first point (a tile's
                   * cut grazing a corner) has no outline to give: cut. */
                  for (guint j = 1; j <= m && point; j++)
                    point = stitch_gap_m (chain_point (&c, 0), chain_point (&c, j)) <= 1e-6;
                  if (point)
                    for (guint j = 0; j < m; j++)
                      pi->cut[at + (v + j) % n] = TRUE;
                  else
                    {
                      pi->chain_at[at + v] = chains->len;
                      g_array_append_val (chains, c);
                    }
                }
              k += m + 1; /* past the chain and the cut edge after it */
            }
          at += n;
        }
      /* Each chain's next one along the piece's cut edges. */
      for (guint c = first_chain; c < chains->len; c++)
        {
          Chain *chain = &g_array_index (chains, Chain, c);

          chain->next_own = walk_to_next_chain (pi, chain->end, NULL);
        }
    }

  /* Starts by cell of about the tolerance (in longitude too, at the
   * highest latitude). */
  for (guint c = 0; c < chains->len; c++)
    {
      const Chain *chain = &g_array_index (chains, Chain, c);

      max_lat = MAX (max_lat, fabs (chain_point (chain, 0)[1]));
      max_lat = MAX (max_lat, fabs (chain_point (chain, chain->n_edges)[1]));
    }
  cell_x = cell / cos (MIN (max_lat, 89.0) * G_PI / 180.0);
  keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), chains->len);
  g_array_set_size (keys, chains->len);
  for (guint c = 0; c < chains->len; c++)
    {
      const double *p = chain_point (&g_array_index (chains, Chain, c), 0);
      gint64 *key = &g_array_index (keys, gint64, c);
      GSList *list;

      *key = cell_key ((gint64) floor (p[0] / cell_x), (gint64) floor (p[1] / cell));
      list = g_hash_table_lookup (starts, key);
      g_hash_table_replace (starts, key, g_slist_prepend (list, GUINT_TO_POINTER (c)));
    }

  /* Each end joins the nearest start within the tolerance, else its own ring's next chain. */
  for (guint c = 0; c < chains->len; c++)
    {
      Chain *chain = &g_array_index (chains, Chain, c);
      const double *end = chain_point (chain, chain->n_edges);
      gint64 cx = (gint64) floor (end[0] / cell_x), cy = (gint64) floor (end[1] / cell);
      const double *before = chain_point (chain, chain->n_edges - 1);
      double best = INFINITY, second = INFINITY, best_turn = INFINITY;
      guint best_c = G_MAXUINT, at_end = G_MAXUINT;

      for (gint64 dx = -1; dx <= 1; dx++)
        for (gint64 dy = -1; dy <= 1; dy++)
          {
            gint64 key = cell_key (cx + dx, cy + dy);

            for (GSList *l = g_hash_table_lookup (starts, &key); l != NULL; l = l->next)
              {
                guint o = GPOINTER_TO_UINT (l->data);
                const Chain *other = &g_array_index (chains, Chain, o);
                const double *start = chain_point (other, 0), *after = chain_point (other, 1);
                double d = stitch_gap_m (end, start);

                /* Across a tile's edge a start on the same line; else
                 * the very point. */
                if (d > 1e-6 && !same_tile_line (end, start, T))
                  continue;
                if (d < best)
                  {
                    second = best;
                    best = d;
                    best_c = o;
                  }
                else if (d < second)
                  second = d;
                /* Starts at the end's very point (pieces of several tiles
                 * meet at a tile's corner): the outline, the zone on its
                 * left, goes on along the first edge clockwise from the
                 * way it came. */
                if (d <= 1e-6)
                  {
                    double back = atan2 (before[1] - end[1], before[0] - end[0]);
                    double turn = fmod (back - atan2 (after[1] - start[1], after[0] - start[0]) + 4 * G_PI, 2 * G_PI);

                    if (turn == 0.0)
                      turn = 2 * G_PI;
                    if (turn < best_turn)
                      {
                        best_turn = turn;
                        at_end = o;
                      }
                  }
              }
          }
      if (second <= 1e-6)
        best_c = at_end; /* several at the very point */
      else if (best <= STITCH_TOLERANCE_M && second <= STITCH_TOLERANCE_M && second < 10.0 * best + 1e-3)
        goto fail; /* two starts about as near: which one continues the outline is not clear */
      if (best <= STITCH_TOLERANCE_M)
        {
          chain->joined = best_c;
          chain->own = best_c == chain->next_own;
        }
      else if (chain->next_own != G_MAXUINT)
        {
          chain->joined = chain->next_own;
          chain->own = TRUE;
        }
      else
        goto fail;
    }
  /* Every start joined once: where not, the tiles do not join up. */
  {
    g_autofree guint *claims = g_new0 (guint, MAX (chains->len, 1));

    for (guint c = 0; c < chains->len; c++)
      {
        const Chain *chain = &g_array_index (chains, Chain, c);

        if (chain->joined != G_MAXUINT)
          claims[chain->joined]++;
      }
    for (guint c = 0; c < chains->len; c++)
      if (claims[c] != 1)
        goto fail;
  }

  /* Rings from the chains, in the order of the chains. */
  {
    g_autofree gboolean *done = g_new0 (gboolean, MAX (chains->len, 1));

    for (guint c = 0; c < chains->len; c++)
      {
        StitchRing ring = { NULL, { 0 }, 0, NULL };
        guint cur = c;

        if (done[c])
          continue;
        ring.xy = g_array_new (FALSE, FALSE, sizeof (double));
        do
          {
            const Chain *chain = &g_array_index (chains, Chain, cur);

            if (done[cur])
              {
                g_array_unref (ring.xy);
                goto fail;
              }
            done[cur] = TRUE;
            for (guint k = 0; k <= chain->n_edges; k++)
              append_point (ring.xy, chain_point (chain, k));
            if (chain->own)
              /* Along the piece's cut edges (round a tile's corner, at
               * times) to the next chain. */
              walk_to_next_chain (&g_array_index (index, PieceIndex, chain->piece), chain->end, ring.xy);
            cur = chain->joined;
          }
        while (cur != c);
        /* Closed: the last point is the first again when the join is exact. */
        if (ring.xy->len >= 4 &&
            g_array_index (ring.xy, double, ring.xy->len - 2) == g_array_index (ring.xy, double, 0) &&
            g_array_index (ring.xy, double, ring.xy->len - 1) == g_array_index (ring.xy, double, 1))
          g_array_set_size (ring.xy, ring.xy->len - 2);
        if (ring.xy->len < 6)
          {
            g_array_unref (ring.xy);
            continue;
          }
        stitch_ring_finish (&ring);
        /* Two copies of an edge that do not quite match trace a ring of
         * no area. */
        if (fabs (ring.area) <= 1e-15)
          {
            g_array_unref (ring.xy);
            continue;
          }
        g_array_append_val (rings, ring);
      }
  }

  /* The outline encloses what the pieces did: a ring lost (one wholly on
   * tile lines) or one made up (a walk round a tile) changes the area. */
  for (guint r = 0; r < rings->len; r++)
    area_out += g_array_index (rings, StitchRing, r).area;
  if (g_getenv ("DM_STITCH_DEBUG"))
    g_printerr ("stitch area in %.12g out %.12g rel %.3g\n", area_in, area_out, (area_out - area_in) / area_in);
  if (!(fabs (area_out - area_in) <= STITCH_AREA_TOLERANCE * fabs (area_in)))
    goto fail;

  /* Holes to their outlines: the smallest that holds a point of them (the
   * middle of an edge: a vertex may touch the outline). */
  for (guint h = 0; h < rings->len; h++)
    {
      StitchRing *hole = &g_array_index (rings, StitchRing, h);
      const double *xy = (const double *) (gpointer) hole->xy->data;
      double p[2] = { (xy[0] + xy[2]) / 2, (xy[1] + xy[3]) / 2 };
      guint best = G_MAXUINT;

      if (hole->area >= 0.0)
        continue;
      for (guint o = 0; o < rings->len; o++)
        {
          StitchRing *outline = &g_array_index (rings, StitchRing, o);

          if (outline->area <= 0.0 || p[0] < outline->box[0] || p[0] > outline->box[2] || p[1] < outline->box[1] ||
              p[1] > outline->box[3] ||
              !dm_ring_contains_point ((const double *) (gpointer) outline->xy->data, outline->xy->len / 2, p[0], p[1]))
            continue;
          if (best == G_MAXUINT || outline->area < g_array_index (rings, StitchRing, best).area)
            best = o;
        }
      if (best == G_MAXUINT)
        goto fail;
      {
        StitchRing *outline = &g_array_index (rings, StitchRing, best);

        if (outline->holes == NULL)
          outline->holes = g_array_new (FALSE, FALSE, sizeof (guint));
        g_array_append_val (outline->holes, h);
      }
    }

  out = pieces_new ();
  for (guint o = 0; o < rings->len; o++)
    {
      StitchRing *outline = &g_array_index (rings, StitchRing, o);
      guint n_rings = 1 + (outline->holes != NULL ? outline->holes->len : 0);

      if (outline->area <= 0.0)
        continue;
      for (guint k = 0; k < n_rings; k++)
        {
          GArray *xy = k == 0 ? outline->xy
                              : g_array_index (rings, StitchRing, g_array_index (outline->holes, guint, k - 1)).xy;
          guint n = xy->len / 2;

          g_array_append_vals (out->xy, xy->data, xy->len);
          g_array_append_val (out->rings, n);
        }
      g_array_append_val (out->parts, n_rings);
    }
  {
    GHashTableIter iter;
    gpointer list;

    g_hash_table_iter_init (&iter, starts);
    while (g_hash_table_iter_next (&iter, NULL, &list))
      g_slist_free (list);
  }
  return out;

fail:
  {
    GHashTableIter iter;
    gpointer list;

    g_hash_table_iter_init (&iter, starts);
    while (g_hash_table_iter_next (&iter, NULL, &list))
      g_slist_free (list);
  }
  return NULL;
}

static DmGeometry *
geometry_of_pieces (Pieces *p)
{
  DmZoneResult *one = result_new ();
  DmGeometry *out;

  result_add (one, DM_SIDE_NONE, p);
  out = dm_zone_result_get_geometry (one, DM_SIDE_NONE);
  dm_zone_result_unref (one);
  return out;
}

DmGeometry *
dm_zone_result_stitch_side (DmZoneResult *result, DmSide side)
{
  g_return_val_if_fail (result != NULL, NULL);

  /* One side's tiles, or an unsided zone's: pieces of two sides share
   * the contact line, not tile edges. */
  for (guint s = 0; s < 3 && result->tile_deg > 0.0; s++)
    if (side_selected (side, s) && result->pieces[s]->len > 0)
      {
        gboolean alone = TRUE;
        Pieces *p;
        DmGeometry *out;

        for (guint o = 0; o < 3; o++)
          alone &= o == s || !side_selected (side, o) || result->pieces[o]->len == 0;
        if (!alone || (p = stitch_pieces (result->pieces[s], result->tile_deg)) == NULL)
          return NULL;
        out = geometry_of_pieces (p);
        pieces_unref (p);
        /* A valid MultiPolygon, or GEOS's union instead: parts that
         * overlap or share an edge enclose the pieces' area as well
         * (12 ms at a million vertices). */
        {
          GEOSContextHandle_t ctx = dm_geos_get_context ();
          g_autoptr (DmGeosGeometry) g = dm_geometry_to_geos (ctx, out);

          if (g == NULL || GEOSisValid_r (ctx, g) != 1)
            g_clear_pointer (&out, dm_geometry_free);
        }
        return out;
      }
  return NULL;
}

DmGeometry *
dm_zone_result_union_side (DmZoneResult *result, DmSide side)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  g_autoptr (GPtrArray) polys = g_ptr_array_new ();
  GEOSGeometry *coll, *merged;
  DmGeometry *out;
  Pieces *tmp;

  g_return_val_if_fail (result != NULL, NULL);

  for (guint s = 0; s < 3; s++)
    {
      if (!side_selected (side, s))
        continue;
      for (guint i = 0; i < result->pieces[s]->len; i++)
        {
          Pieces *p = g_ptr_array_index (result->pieces[s], i);
          const double *xy = (const double *) p->xy->data;
          guint ring = 0;

          for (guint part = 0; part < p->parts->len; part++)
            {
              guint n_rings = g_array_index (p->parts, guint, part);
              GEOSGeometry *shell = NULL;
              g_autofree GEOSGeometry **holes = g_new0 (GEOSGeometry *, MAX (n_rings, 1));

              for (guint r = 0; r < n_rings; r++)
                {
                  guint n = g_array_index (p->rings, guint, ring++);
                  GEOSGeometry *lr = geos_ring (ctx, xy, n);

                  if (r == 0)
                    shell = lr;
                  else
                    holes[r - 1] = lr;
                  xy += 2 * n;
                }
              g_ptr_array_add (polys, GEOSGeom_createPolygon_r (ctx, shell, holes, n_rings - 1));
            }
        }
    }
  coll = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, (GEOSGeometry **) polys->pdata, polys->len);
  if (coll == NULL)
    return NULL;
  merged = GEOSUnaryUnion_r (ctx, coll);
  GEOSGeom_destroy_r (ctx, coll);
  if (merged == NULL)
    return NULL;
  tmp = pieces_new ();
  pieces_add_geos (tmp, ctx, merged, FALSE);
  GEOSGeom_destroy_r (ctx, merged);
  out = geometry_of_pieces (tmp);
  pieces_unref (tmp);
  return out;
}

DmGeometry *
dm_zone_result_dissolve_side (DmZoneResult *result, DmSide side)
{
  DmGeometry *out;

  g_return_val_if_fail (result != NULL, NULL);

  if ((out = dm_zone_result_stitch_side (result, side)) != NULL)
    return out;
  return dm_zone_result_union_side (result, side);
}

DmGeometry *
dm_zone_result_dissolve (DmZoneResult *result)
{
  return dm_zone_result_dissolve_side (result, DM_SIDE_NONE);
}

/* Polylines: one path (the contact line) or several (a boundary). */

typedef struct {
  GArray *xy;     /* double lon/lat */
  GArray *starts; /* guint: first vertex of each path, ascending */
} Polyline;

static void
polyline_init (Polyline *pl)
{
  pl->xy = g_array_new (FALSE, FALSE, sizeof (double));
  pl->starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
polyline_clear (Polyline *pl)
{
  g_clear_pointer (&pl->xy, g_array_unref);
  g_clear_pointer (&pl->starts, g_array_unref);
}

static guint
polyline_n_points (const Polyline *pl)
{
  return pl->xy->len / 2;
}

static const double *
polyline_point (const Polyline *pl, guint i)
{
  return &g_array_index (pl->xy, double, 2 * i);
}

static gboolean
polyline_is_start (const Polyline *pl, guint v)
{
  guint lo = 0, hi = pl->starts->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2, s = g_array_index (pl->starts, guint, mid);

      if (s == v)
        return TRUE;
      if (s < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* Segment i joins vertices i and i + 1 of the same path. */
static gboolean
polyline_segment_valid (const Polyline *pl, guint i)
{
  return i + 1 < polyline_n_points (pl) && !polyline_is_start (pl, i + 1);
}

static gboolean
polyline_is_end (const Polyline *pl, guint v)
{
  return v + 1 >= polyline_n_points (pl) || polyline_is_start (pl, v + 1);
}

/* The path holding vertex @v: its first and last vertex. */
static void
polyline_path_of (const Polyline *pl, guint v, guint *first, guint *last)
{
  guint lo = 0, hi = pl->starts->len;

  /* The last start <= v. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (pl->starts, guint, mid) <= v)
        lo = mid;
      else
        hi = mid;
    }
  *first = pl->starts->len > 0 ? g_array_index (pl->starts, guint, lo) : 0;
  *last = lo + 1 < pl->starts->len ? g_array_index (pl->starts, guint, lo + 1) - 1 : polyline_n_points (pl) - 1;
}

static guint
polyline_path_start (const Polyline *pl, guint v)
{
  guint first, last;

  polyline_path_of (pl, v, &first, &last);
  return first;
}

/* A closed path (an enclave's whole outline) has no ends to extend. */
static gboolean
polyline_path_is_closed (const Polyline *pl, guint v)
{
  guint first, last;

  polyline_path_of (pl, v, &first, &last);
  return last > first + 1 && memcmp (polyline_point (pl, first), polyline_point (pl, last), 2 * sizeof (double)) == 0;
}

/* Vertex indices from @from on move by @delta: the parts after an
 * inserted or removed vertex start one later or earlier. */
static void
polyline_shift_starts (Polyline *pl, guint from, int delta)
{
  for (guint k = 0; k < pl->starts->len; k++)
    if (g_array_index (pl->starts, guint, k) > from)
      g_array_index (pl->starts, guint, k) += delta;
}

static void
polyline_set (Polyline *pl, const DmGeometry *g, gboolean closed_rings)
{
  g_array_set_size (pl->xy, 0);
  g_array_set_size (pl->starts, 0);
  if (g == NULL)
    return;
  for (guint part = 0; part < dm_geometry_get_n_parts (g); part++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, part); r++)
      {
        guint n, start = polyline_n_points (pl);
        const double *xy = dm_geometry_get_ring (g, part, r, &n);

        /* A line keeps every part, even of one point, so that vertex
         * indices stay those of the geometry (edits are incremental); a
         * part of one point has no segment.  A ring needs three. */
        if (n < (closed_rings ? 2 : 1))
          continue;
        g_array_append_val (pl->starts, start);
        g_array_append_vals (pl->xy, xy, 2 * n);
        if (closed_rings)
          g_array_append_vals (pl->xy, xy, 2);
      }
}

/* Tiles */

typedef struct {
  gint64 key;
  int ix, iy;
  GArray *ranges; /* guint pairs: first and last segment of each run */
  gboolean dirty;
  Pieces *pieces[3]; /* by DmSide */
  gboolean region_known;
  int region_state; /* 0: outside the region, 1: inside, 2: partly */
  GEOSGeometry *region_part;
} Tile;

enum {
  REGION_OUTSIDE,
  REGION_INSIDE,
  REGION_PARTLY
};

static gint64
tile_key (int ix, int iy)
{
  /* Through unsigned: shifting a negative index is undefined. */
  return (gint64) (((guint64) (guint32) ix << 32) | (guint32) iy);
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_array_unref (tile->ranges);
  for (guint s = 0; s < 3; s++)
    g_clear_pointer (&tile->pieces[s], pieces_unref);
  if (tile->region_part != NULL)
    GEOSGeom_destroy_r (dm_geos_get_context (), tile->region_part);
  g_free (tile);
}

/* Runs are kept as sorted, disjoint, maximal ranges: a canonical form, so
 * a tile's runs after any edit sequence equal those built from scratch. */
static void
ranges_add (GArray *ranges, guint seg)
{
  guint n = ranges->len / 2, k = n;
  guint *r = (guint *) ranges->data;

  /* k: the first range starting after seg (usually the end: appends). */
  while (k > 0 && r[2 * (k - 1)] > seg)
    k--;
  if (k > 0 && r[2 * (k - 1) + 1] >= seg)
    return;
  if (k > 0 && r[2 * (k - 1) + 1] + 1 == seg)
    {
      r[2 * (k - 1) + 1] = seg;
      if (k < n && r[2 * k] == seg + 1)
        {
          r[2 * (k - 1) + 1] = r[2 * k + 1];
          g_array_remove_range (ranges, 2 * k, 2);
        }
      return;
    }
  if (k < n && r[2 * k] == seg + 1)
    {
      r[2 * k] = seg;
      return;
    }
  {
    guint pair[2] = { seg, seg };

    g_array_insert_vals (ranges, 2 * k, pair, 2);
  }
}

static void
ranges_remove (GArray *ranges, guint seg)
{
  guint n = ranges->len / 2;
  guint *r = (guint *) ranges->data;

  for (guint k = 0; k < n; k++)
    {
      guint s = r[2 * k], e = r[2 * k + 1];

      if (seg < s || seg > e)
        continue;
      if (s == e)
        g_array_remove_range (ranges, 2 * k, 2);
      else if (seg == s)
        r[2 * k] = s + 1;
      else if (seg == e)
        r[2 * k + 1] = e - 1;
      else
        {
          guint pair[2] = { seg + 1, e };

          r[2 * k + 1] = seg - 1;
          g_array_insert_vals (ranges, 2 * (k + 1), pair, 2);
        }
      return;
    }
}

/* Band entries: the tiles of one set of band parameters. */

typedef struct {
  double width_a_m, width_b_m;
  gboolean sided;     /* line bands: split by side, flat ends */
  DmGeometry *region; /* clip, or NULL */
  GEOSGeometry *region_g;
  double reach_m, tile_deg;
  GHashTable *tiles; /* &tile->key → Tile */
  GPtrArray *dirty;  /* Tile*, each once (tile->dirty) */
  guint64 last_used;
} BandEntry;

static void
band_entry_free (gpointer data)
{
  BandEntry *entry = data;

  g_ptr_array_unref (entry->dirty);
  g_hash_table_unref (entry->tiles);
  g_clear_pointer (&entry->region, dm_geometry_free);
  if (entry->region_g != NULL)
    GEOSGeom_destroy_r (dm_geos_get_context (), entry->region_g);
  g_free (entry);
}

/* Sizes are multiples of DM_ZONES_TILE_GRID_DEG that divide 1°, so tile
 * edges fall on round figures. */
static double
round_tile_size (double want)
{
  static const double sizes[] = { 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0 };
  const char *env = g_getenv ("DM_ZONES_TILE_DEG");

  if (env != NULL && g_ascii_strtod (env, NULL) > 0.0)
    return g_ascii_strtod (env, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (sizes[i] >= want)
      return sizes[i];
  return sizes[G_N_ELEMENTS (sizes) - 1];
}

double
dm_zones_tile_size_deg (double reach_m)
{
  /* Measured (dm-bench): tiles about 2.5 times the reach balance the
   * stretches buffered twice (near tile edges) against the tiles one
   * edit touches. */
  return round_tile_size (2.5 * reach_m / 111000.0);
}

/* A sparse line's tiles hold about this many vertices, when a tile of at
 * most SPARSE_MAX_TILE_DEG can (measured, dm-bench, 3,000 vertices over
 * 1,200 km with a 5-mile DMZ: 0.1° tiles of ~25 vertices take 42 ms from
 * scratch, 0.25° tiles 24 ms, an edit's update 1.6 and 1.4 ms).  Larger
 * tiles would stretch each tile's local projection; dense lines keep the
 * reach's size. */
#define SPARSE_VERTICES_PER_TILE 64
#define SPARSE_MAX_TILE_DEG      0.25
/* Segment lengths are summed in these units, exactly: an edited line and
 * the same line given afresh have the same sum, hence the same tiles. */
#define SEGMENT_UNITS_PER_DEG 1e7

/* The tile size for bands reaching @reach_m from a line whose segments
 * sum to @sum (SEGMENT_UNITS_PER_DEG) over @n of them: the reach's, larger
 * where the segments are long enough that a tile would hold few (each
 * tile's buffer, split and union cost about the same however little it
 * holds). */
static double
tile_size_for_line (double reach_m, gint64 sum, guint n)
{
  double mean_deg = n > 0 ? (double) sum / n / SEGMENT_UNITS_PER_DEG : 0;

  return round_tile_size (
    MAX (2.5 * reach_m / 111000.0, MIN (SPARSE_VERTICES_PER_TILE * mean_deg, SPARSE_MAX_TILE_DEG)));
}

static BandEntry *
band_entry_new (double width_a_m, double width_b_m, gboolean sided, const DmGeometry *region)
{
  BandEntry *entry = g_new0 (BandEntry, 1);

  entry->width_a_m = width_a_m;
  entry->width_b_m = width_b_m;
  entry->sided = sided;
  entry->region = region != NULL ? dm_geometry_copy (region) : NULL;
  entry->reach_m = MAX (width_a_m, width_b_m);
  entry->tile_deg = dm_zones_tile_size_deg (entry->reach_m);
  entry->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, tile_free);
  entry->dirty = g_ptr_array_new ();
  return entry;
}

/*
 * The tiles a segment can reach: its lon/lat box grown by the reach, in
 * degrees that can only overestimate (the shortest degree of latitude,
 * 110,574 m, and of longitude at the box's poleward edge), plus the
 * poleward bulge of a long geodesic over its chord.
 */
static void
segment_tile_span (const BandEntry *entry, const double *a, const double *b, int *ix0, int *ix1, int *iy0, int *iy1)
{
  /* Across the 180th meridian the short way, not round the globe: a line
   * is unwrapped there (dm_geometry_unwrap_rings()), but a segment given
   * wrapped must not count its tiles by thousands. */
  double b_lon = b[0] - a[0] > 180.0 ? b[0] - 360.0 : b[0] - a[0] < -180.0 ? b[0] + 360.0 : b[0];
  double lon_lo = MIN (a[0], b_lon), lon_hi = MAX (a[0], b_lon);
  double lat_lo = MIN (a[1], b[1]), lat_hi = MAX (a[1], b[1]);
  double phi = MAX (fabs (lat_lo), fabs (lat_hi));
  double len_m =
    hypot ((lon_hi - lon_lo) * 111320.0 * cos (MIN (phi, 89.0) * G_PI / 180.0), (lat_hi - lat_lo) * 111320.0) * 1.01;
  double bulge = len_m * len_m / (8.0 * 6.3e6) * MAX (1.0, tan (MIN (phi, 85.0) * G_PI / 180.0));
  double r = entry->reach_m * 1.02 + bulge + 1.0;
  double dlat = r / 110574.0, dlon;
  double T = entry->tile_deg;

  phi = MIN (MAX (fabs (lat_lo - dlat), fabs (lat_hi + dlat)), 89.0);
  dlon = r / (111319.49 * cos (phi * G_PI / 180.0));
  *ix0 = (int) floor ((lon_lo - dlon) / T);
  *ix1 = (int) floor ((lon_hi + dlon) / T);
  *iy0 = (int) floor ((lat_lo - dlat) / T);
  *iy1 = (int) floor ((lat_hi + dlat) / T);
}

static void
mark_dirty (BandEntry *entry, Tile *tile)
{
  if (!tile->dirty)
    {
      tile->dirty = TRUE;
      g_ptr_array_add (entry->dirty, tile);
    }
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void append_densified (GArray *out, const double *a, const double *b);

/* A segment over a few tiles long: its tiles are found along it. */
static gboolean
segment_is_long (const BandEntry *entry, const double *a, const double *b)
{
  return MAX (fabs (b[0] - a[0]), fabs (b[1] - a[1])) > 4.0 * entry->tile_deg;
}

/* The tiles within reach of a long segment from @a to @b, each once, as
 * keys into @keys: those of each stretch between its points along the
 * geodesic, so that a segment across a continent does not fill its whole
 * bounding box with tiles. */
static void
long_segment_tiles (const BandEntry *entry, const double *a, const double *b, GArray *keys)
{
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 last = G_MININT64;
  guint n, kept = 0;

  g_array_append_vals (points, a, 2);
  append_densified (points, a, b);
  g_array_append_vals (points, b, 2);
  n = points->len / 2;
  for (guint p = 0; p + 1 < n; p++)
    {
      int ix0, ix1, iy0, iy1;

      segment_tile_span (entry, &g_array_index (points, double, 2 * p), &g_array_index (points, double, 2 * p + 2),
                         &ix0, &ix1, &iy0, &iy1);
      for (int ix = ix0; ix <= ix1; ix++)
        for (int iy = iy0; iy <= iy1; iy++)
          {
            gint64 key = tile_key (ix, iy);

            g_array_append_val (keys, key);
          }
    }
  g_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    if (g_array_index (keys, gint64, i) != last)
      g_array_index (keys, gint64, kept++) = last = g_array_index (keys, gint64, i);
  g_array_set_size (keys, kept);
}

static void
tile_add_segment (BandEntry *entry, gint64 key, guint seg)
{
  Tile *tile = g_hash_table_lookup (entry->tiles, &key);

  if (tile == NULL)
    {
      tile = g_new0 (Tile, 1);
      tile->key = key;
      tile->ix = (int) (guint32) ((guint64) key >> 32);
      tile->iy = (int) (guint32) key;
      tile->ranges = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (entry->tiles, &tile->key, tile);
    }
  ranges_add (tile->ranges, seg);
  mark_dirty (entry, tile);
}

static void
tile_remove_segment (BandEntry *entry, gint64 key, guint seg)
{
  Tile *tile = g_hash_table_lookup (entry->tiles, &key);

  if (tile != NULL)
    {
      ranges_remove (tile->ranges, seg);
      mark_dirty (entry, tile);
    }
}

/* Segment @seg added to (@add) or removed from every tile within reach
 * of it: those of its bounding box, or of a long one's corridor. */
static void
band_entry_update_segment (BandEntry *entry, const Polyline *pl, guint seg, gboolean add)
{
  const double *a, *b;

  if (!polyline_segment_valid (pl, seg))
    return;
  a = polyline_point (pl, seg);
  b = polyline_point (pl, seg + 1);
  if (segment_is_long (entry, a, b))
    {
      g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));

      long_segment_tiles (entry, a, b, keys);
      for (guint i = 0; i < keys->len; i++)
        (add ? tile_add_segment : tile_remove_segment) (entry, g_array_index (keys, gint64, i), seg);
    }
  else
    {
      int ix0, ix1, iy0, iy1;

      segment_tile_span (entry, a, b, &ix0, &ix1, &iy0, &iy1);
      for (int ix = ix0; ix <= ix1; ix++)
        for (int iy = iy0; iy <= iy1; iy++)
          (add ? tile_add_segment : tile_remove_segment) (entry, tile_key (ix, iy), seg);
    }
}

static void
band_entry_add_segment (BandEntry *entry, const Polyline *pl, guint seg)
{
  band_entry_update_segment (entry, pl, seg, TRUE);
}

static void
band_entry_remove_segment (BandEntry *entry, const Polyline *pl, guint seg)
{
  band_entry_update_segment (entry, pl, seg, FALSE);
}

/* Segment indices from @from on move by @delta (a vertex inserted or
 * removed); no run may hold the segments the edit removed. */
static void
band_entry_shift (BandEntry *entry, guint from, int delta)
{
  GHashTableIter iter;
  Tile *tile;

  g_hash_table_iter_init (&iter, entry->tiles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    {
      guint *r = (guint *) tile->ranges->data;

      for (guint k = 0; k < tile->ranges->len; k++)
        if (r[k] >= from)
          r[k] += delta;
    }
}

static void
band_entry_rebuild (BandEntry *entry, const Polyline *pl, double tile_deg)
{
  g_ptr_array_set_size (entry->dirty, 0);
  g_hash_table_remove_all (entry->tiles);
  entry->tile_deg = tile_deg;
  for (guint seg = 0; seg + 1 < polyline_n_points (pl); seg++)
    band_entry_add_segment (entry, pl, seg);
}

/* Computing one tile */

typedef struct {
  GEOSContextHandle_t ctx;
  GPtrArray *runs;  /* GArray of projected x/y */
  GPtrArray *geoms; /* GEOSGeometry* owned, runs then end extensions */
} TileWork;

static void
append_densified (GArray *out, const double *a, const double *b)
{
  double s, azi1, azi2;
  guint n;

  dm_geodesy_inverse (a[0], a[1], b[0], b[1], &s, &azi1, &azi2);
  n = (guint) ceil (s / MAX_PROJECTED_SEGMENT_M);
  for (guint i = 1; i < n; i++)
    {
      double p[2];

      dm_geodesy_direct (a[0], a[1], azi1, s * i / n, &p[0], &p[1]);
      g_array_append_vals (out, p, 2);
    }
}

/* Segment @v of @pl (to vertex v + 1) after its first vertex, points
 * added along the geodesic where it is long: MAX_PROJECTED_SEGMENT_M
 * apart at most.  A long segment's points are made once for every tile
 * it crosses, and kept in @long_segments. */
static void
append_segment (GArray *out, const Polyline *pl, guint v, GHashTable *long_segments)
{
  const double *a = polyline_point (pl, v), *b = polyline_point (pl, v + 1);
  /* A cheap overestimate first: most segments are far shorter. */
  double kx = 111320.0 * cos (MIN (fabs (a[1]), 89.0) * G_PI / 180.0);
  double rough = hypot ((b[0] - a[0]) * kx, (b[1] - a[1]) * 111320.0) * 1.05;

  if (rough > MAX_PROJECTED_SEGMENT_M && dm_geodesy_distance_m (a[0], a[1], b[0], b[1]) > MAX_PROJECTED_SEGMENT_M)
    {
      gpointer key = GUINT_TO_POINTER (v + 1);
      GArray *between = g_hash_table_lookup (long_segments, key);

      if (between == NULL)
        {
          between = g_array_new (FALSE, FALSE, sizeof (double));
          append_densified (between, a, b);
          g_hash_table_insert (long_segments, key, between);
        }
      g_array_append_vals (out, between->data, between->len);
    }
  g_array_append_vals (out, b, 2);
}

/* Douglas-Peucker in the plane: the kept vertices, in order, into @out. */
static void
simplify_path (const double *xy, guint n, double tolerance, GArray *out)
{
  g_autofree guint8 *keep = g_new0 (guint8, n);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  double tol2 = tolerance * tolerance;

  g_array_set_size (out, 0);
  if (n <= 2)
    {
      g_array_append_vals (out, xy, 2 * n);
      return;
    }
  keep[0] = keep[n - 1] = 1;
  {
    guint pair[2] = { 0, n - 1 };

    g_array_append_vals (stack, pair, 2);
  }
  while (stack->len > 0)
    {
      guint lo = g_array_index (stack, guint, stack->len - 2);
      guint hi = g_array_index (stack, guint, stack->len - 1);
      double ax = xy[2 * lo], ay = xy[2 * lo + 1];
      double ux = xy[2 * hi] - ax, uy = xy[2 * hi + 1] - ay;
      double len2 = ux * ux + uy * uy, worst = -1.0;
      guint worst_i = lo;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = lo + 1; i < hi; i++)
        {
          double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay, d2;

          if (len2 > 0.0)
            {
              double t = CLAMP ((px * ux + py * uy) / len2, 0.0, 1.0);
              double qx = px - t * ux, qy = py - t * uy;

              d2 = qx * qx + qy * qy;
            }
          else
            d2 = px * px + py * py;
          if (d2 > worst)
            {
              worst = d2;
              worst_i = i;
            }
        }
      if (worst > tol2)
        {
          guint pairs[4] = { lo, worst_i, worst_i, hi };

          keep[worst_i] = 1;
          g_array_append_vals (stack, pairs, 4);
        }
    }
  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_vals (out, &xy[2 * i], 2);
}

static void
add_nonnull (GPtrArray *array, gpointer data)
{
  if (data != NULL)
    g_ptr_array_add (array, data);
}

static double
point_segment_distance2 (double px, double py, const double *a, const double *b)
{
  double ux = b[0] - a[0], uy = b[1] - a[1], len2 = ux * ux + uy * uy;
  double t = len2 > 0.0 ? CLAMP (((px - a[0]) * ux + (py - a[1]) * uy) / len2, 0.0, 1.0) : 0.0;
  double qx = a[0] + t * ux - px, qy = a[1] + t * uy - py;

  return qx * qx + qy * qy;
}

static double
point_box_distance2 (const double *p, const double *box)
{
  double dx = MAX (MAX (box[0] - p[0], 0.0), p[0] - box[2]);
  double dy = MAX (MAX (box[1] - p[1], 0.0), p[1] - box[3]);

  return dx * dx + dy * dy;
}

/* Whether a segment comes within @reach of the box (x0, y0, x1, y1). */
static gboolean
segment_near_box (const double *a, const double *b, const double *box, double reach)
{
  double r2 = reach * reach;
  double corners[8] = { box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3] };

  if (point_box_distance2 (a, box) <= r2 || point_box_distance2 (b, box) <= r2)
    return TRUE;
  /* Far from the box's bounds grown by the reach: out. */
  if (MAX (a[0], b[0]) < box[0] - reach || MIN (a[0], b[0]) > box[2] + reach || MAX (a[1], b[1]) < box[1] - reach ||
      MIN (a[1], b[1]) > box[3] + reach)
    return FALSE;
  /* Disjoint convex shapes are nearest at a vertex of one of them: the
   * segment's ends (done) or the box's corners, unless they cross. */
  for (guint c = 0; c < 4; c++)
    if (point_segment_distance2 (corners[2 * c], corners[2 * c + 1], a, b) <= r2)
      return TRUE;
  {
    /* Liang-Barsky: does the segment cross the box? */
    double t0 = 0.0, t1 = 1.0, d[2] = { b[0] - a[0], b[1] - a[1] };
    double lo[2] = { box[0] - a[0], box[1] - a[1] }, hi[2] = { box[2] - a[0], box[3] - a[1] };

    for (guint k = 0; k < 2; k++)
      {
        if (d[k] == 0.0)
          {
            if (lo[k] > 0.0 || hi[k] < 0.0)
              return FALSE;
            continue;
          }
        t0 = MAX (t0, MIN (lo[k] / d[k], hi[k] / d[k]));
        t1 = MIN (t1, MAX (lo[k] / d[k], hi[k] / d[k]));
      }
    return t0 <= t1;
  }
}

static GEOSGeometry *
line_from_array (GEOSContextHandle_t ctx, const double *xy, guint n)
{
  GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r (ctx, xy, n, FALSE, FALSE);

  return seq != NULL ? GEOSGeom_createLineString_r (ctx, seq) : NULL;
}

static GEOSGeometry *
collect (GEOSContextHandle_t ctx, int type, GPtrArray *geoms)
{
  GEOSGeometry **clones = g_new (GEOSGeometry *, MAX (geoms->len, 1));
  GEOSGeometry *coll;

  for (guint i = 0; i < geoms->len; i++)
    clones[i] = GEOSGeom_clone_r (ctx, g_ptr_array_index (geoms, i));
  coll = GEOSGeom_createCollection_r (ctx, type, clones, geoms->len);
  g_free (clones);
  return coll;
}

static void
geos_free (gpointer g)
{
  if (g != NULL)
    GEOSGeom_destroy_r (dm_geos_get_context (), g);
}

/* An extension of a true line end along its last segment (in the plane),
 * so that a face wrapping round the end of the line is split there too. */
static GEOSGeometry *
end_extension (GEOSContextHandle_t ctx, const double *end, const double *prev, double length)
{
  double dx = end[0] - prev[0], dy = end[1] - prev[1], len = hypot (dx, dy);
  double xy[4];

  if (len == 0.0)
    return NULL;
  xy[0] = end[0];
  xy[1] = end[1];
  xy[2] = end[0] + dx / len * length;
  xy[3] = end[1] + dy / len * length;
  return line_from_array (ctx, xy, 2);
}

static void
tile_region_part (BandEntry *entry, Tile *tile)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  double T = entry->tile_deg;
  double x0 = tile->ix * T, y0 = tile->iy * T, x1 = (tile->ix + 1) * T, y1 = (tile->iy + 1) * T;

  if (tile->region_known)
    return;
  tile->region_known = TRUE;
  tile->region_part = GEOSClipByRect_r (ctx, entry->region_g, x0, y0, x1, y1);
  if (tile->region_part == NULL || GEOSisEmpty_r (ctx, tile->region_part))
    tile->region_state = REGION_OUTSIDE;
  else
    {
      double a = 0.0;

      GEOSArea_r (ctx, tile->region_part, &a);
      tile->region_state = a >= (x1 - x0) * (y1 - y0) * (1.0 - 1e-12) ? REGION_INSIDE : REGION_PARTLY;
    }
}

/* Faces in lon/lat cut to the tile's box.  Near the poles a face's
 * outline, turned back into degrees, can touch itself where GEOS's quick
 * rectangle clip gives up: such a face alone is repaired and cut by an
 * overlay instead. */
static GEOSGeometry *
clip_faces_to_tile (GEOSContextHandle_t ctx, const GEOSGeometry *faces, double x0, double y0, double x1, double y1)
{
  g_autoptr (GPtrArray) parts = NULL;
  g_autoptr (DmGeosGeometry) rect = NULL;
  GEOSGeometry *clipped = GEOSClipByRect_r (ctx, faces, x0, y0, x1, y1);

  if (clipped != NULL)
    return clipped;
  parts = g_ptr_array_new_with_free_func (geos_free);
  rect = GEOSGeom_createRectangle_r (ctx, x0, y0, x1, y1);
  if (rect == NULL)
    return NULL;
  for (int i = 0; i < GEOSGetNumGeometries_r (ctx, faces); i++)
    {
      const GEOSGeometry *face = GEOSGetGeometryN_r (ctx, faces, i);
      GEOSGeometry *part = GEOSClipByRect_r (ctx, face, x0, y0, x1, y1);

      if (part == NULL)
        {
          g_autoptr (DmGeosGeometry) valid = dm_geos_make_valid (ctx, face, NULL);

          if (valid == NULL || (part = GEOSIntersection_r (ctx, valid, rect)) == NULL)
            return NULL;
        }
      g_ptr_array_add (parts, part);
    }
  return collect (ctx, GEOS_GEOMETRYCOLLECTION, parts);
}

/* Projected side faces → lon/lat pieces clipped to the tile (and region). */
static gboolean
finish_side (BandEntry *entry, Tile *tile, DmLocalProj *proj, GEOSContextHandle_t ctx, GPtrArray *faces, Pieces **out)
{
  double T = entry->tile_deg;
  double x0 = tile->ix * T, y0 = tile->iy * T, x1 = (tile->ix + 1) * T, y1 = (tile->iy + 1) * T;
  g_autoptr (DmGeosGeometry) coll = NULL, ll = NULL, clipped = NULL;
  Pieces *p;

  *out = NULL;
  if (faces->len == 0)
    return TRUE;
  coll = collect (ctx, GEOS_GEOMETRYCOLLECTION, faces);
  if (coll == NULL)
    return FALSE;
  ll = dm_local_proj_inverse_geos (proj, ctx, coll);
  if (ll == NULL)
    return FALSE;
  clipped = clip_faces_to_tile (ctx, ll, x0, y0, x1, y1);
  if (clipped == NULL)
    return FALSE;

  p = pieces_new ();
  if (entry->region_g != NULL && tile->region_state == REGION_PARTLY)
    {
      /* Face by face: faces share edges, so their collection is not a
       * valid MultiPolygon for an overlay. */
      for (int i = 0; i < GEOSGetNumGeometries_r (ctx, clipped); i++)
        {
          GEOSGeometry *part = GEOSIntersection_r (ctx, GEOSGetGeometryN_r (ctx, clipped, i), tile->region_part);

          if (part == NULL)
            {
              pieces_unref (p);
              return FALSE;
            }
          pieces_add_geos (p, ctx, part, TRUE);
          GEOSGeom_destroy_r (ctx, part);
        }
    }
  else
    pieces_add_geos (p, ctx, clipped, TRUE);
  *out = p;
  return TRUE;
}

static gboolean
tile_compute (BandEntry *entry, const Polyline *pl, GHashTable *long_segments, Tile *tile)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  double T = entry->tile_deg;
  double lon0 = tile->ix * T, lat0 = tile->iy * T;
  g_autoptr (DmLocalProj) proj = NULL;
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) run_geoms = g_ptr_array_new_with_free_func (geos_free);
  g_autoptr (GArray) simple = g_array_new (FALSE, FALSE, sizeof (double));
  double min_width = entry->sided && entry->width_a_m > 0.0 && entry->width_b_m > 0.0
                       ? MIN (entry->width_a_m, entry->width_b_m)
                       : entry->reach_m;
  g_autoptr (GPtrArray) split_geoms = g_ptr_array_new_with_free_func (geos_free);
  g_autofree const double **run_xy = NULL;
  g_autofree guint *run_n = NULL;
  g_autofree guint *then = NULL;
  guint n_ranges;
  g_autoptr (DmGeosGeometry) runs_g = NULL, split_g = NULL, split_c = NULL;
  GEOSBufferParams *params;
  double box[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
  double widths[2];
  double reach = entry->reach_m * (1.0 + 1e-6) + 1.0;
  guint n_widths = 0;
  gboolean ok = FALSE;
  g_autoptr (GPtrArray) faces_a = g_ptr_array_new_with_free_func (geos_free);
  g_autoptr (GPtrArray) faces_b = g_ptr_array_new_with_free_func (geos_free);
  Pieces *new_pieces[3] = { NULL, NULL, NULL };

  if (entry->region_g != NULL)
    {
      tile_region_part (entry, tile);
      if (tile->region_state == REGION_OUTSIDE)
        {
          ok = TRUE;
          goto out;
        }
    }

  proj = dm_local_proj_new_with_method (lon0 + T / 2, lat0 + T / 2, DM_LOCAL_PROJ_FAST);

  /* A box round the tile in the plane, a little larger than it: buffers
   * and runs are cut to it before splitting, so that every run crosses
   * the box from side to side (its ends lie beyond the reach). */
  for (guint edge = 0; edge < 4; edge++)
    for (guint i = 0; i < 8; i++)
      {
        double f = i / 8.0, p[2];

        switch (edge)
          {
          case 0:
            p[0] = lon0 + f * T;
            p[1] = lat0;
            break;
          case 1:
            p[0] = lon0 + T;
            p[1] = lat0 + f * T;
            break;
          case 2:
            p[0] = lon0 + T - f * T;
            p[1] = lat0 + T;
            break;
          default:
            p[0] = lon0;
            p[1] = lat0 + T - f * T;
            break;
          }
        dm_local_proj_forward (proj, p, 1);
        box[0] = MIN (box[0], p[0]);
        box[1] = MIN (box[1], p[1]);
        box[2] = MAX (box[2], p[0]);
        box[3] = MAX (box[3], p[1]);
      }
  {
    /* Eight samples an edge leave a sagitta of centimetres. */
    double margin = 5.0 + 0.001 * (box[2] - box[0]);

    box[0] -= margin;
    box[1] -= margin;
    box[2] += margin;
    box[3] += margin;
  }

  /* The runs, projected, cut to the stretches within reach of the box
   * (finer than the lon/lat test that put them in this tile): their ends
   * lie beyond the reach, so their end caps never touch the box. */
  n_ranges = tile->ranges->len / 2;
  then = g_new (guint, MAX (n_ranges, 1));
  for (guint k = 0; k < n_ranges; k++)
    then[k] = G_MAXUINT;
  /* A closed part crossing the tile through its closing vertex is one run
   * on: the range ending there goes on with the range starting there (two
   * runs would have flat ends at the vertex and leave a notch). */
  for (guint k = 0; k < n_ranges; k++)
    {
      guint e = g_array_index (tile->ranges, guint, 2 * k + 1), first, last;

      if (!polyline_path_is_closed (pl, e))
        continue;
      polyline_path_of (pl, e, &first, &last);
      if (e + 1 != last)
        continue;
      for (guint j = 0; j < n_ranges; j++)
        if (j != k && g_array_index (tile->ranges, guint, 2 * j) == first)
          {
            then[k] = j;
            then[j] = k; /* taken: never a run of its own */
            break;
          }
    }
  for (guint k = 0; k < n_ranges; k++)
    {
      guint s = g_array_index (tile->ranges, guint, 2 * k);
      guint e = g_array_index (tile->ranges, guint, 2 * k + 1);
      g_autoptr (GArray) run = NULL;
      double *xy;
      guint n, n_all, offset, i = 0;

      if (then[k] != G_MAXUINT && g_array_index (tile->ranges, guint, 2 * then[k]) != polyline_path_start (pl, e))
        continue; /* the second half of a joined pair */
      run = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (e - s + 2));
      g_array_append_vals (run, polyline_point (pl, s), 2);
      for (guint v = s; v <= e; v++)
        append_segment (run, pl, v, long_segments);
      if (then[k] != G_MAXUINT)
        {
          guint s2 = g_array_index (tile->ranges, guint, 2 * then[k]);
          guint e2 = g_array_index (tile->ranges, guint, 2 * then[k] + 1);

          for (guint v = s2; v <= e2; v++)
            append_segment (run, pl, v, long_segments);
        }
      /* Only the points near the tile are projected: a long segment's
       * points far from it are left out, keeping one beyond each end of
       * the stretch near it, so that no segment near the tile is cut. */
      n_all = run->len / 2;
      offset = 0;
      n = n_all;
      {
        double mlat = 2.0 * (reach + MAX_PROJECTED_SEGMENT_M) / 110000.0;
        double far_lat = MAX (fabs (lat0 - mlat), fabs (lat0 + T + mlat));
        const double *ll = (const double *) run->data;

        if (far_lat < 85.0)
          {
            double mlon = mlat / cos (far_lat * G_PI / 180.0);
            guint lo = G_MAXUINT, hi = 0;

            for (guint p = 0; p < n_all; p++)
              if (ll[2 * p] >= lon0 - mlon && ll[2 * p] <= lon0 + T + mlon && ll[2 * p + 1] >= lat0 - mlat &&
                  ll[2 * p + 1] <= lat0 + T + mlat)
                {
                  lo = MIN (lo, p);
                  hi = p;
                }
            if (lo != G_MAXUINT)
              {
                offset = lo > 0 ? lo - 1 : 0;
                n = MIN (hi + 1, n_all - 1) - offset + 1;
              }
          }
      }
      xy = (double *) run->data + 2 * offset;
      dm_local_proj_forward (proj, xy, n);

      while (i + 1 < n)
        {
          guint first, last;
          GArray *sub;
          double *sxy;
          guint sn;

          while (i + 1 < n && !segment_near_box (&xy[2 * i], &xy[2 * i + 2], box, reach))
            i++;
          if (i + 1 >= n)
            break;
          first = i;
          while (i + 1 < n && segment_near_box (&xy[2 * i], &xy[2 * i + 2], box, reach))
            i++;
          last = i; /* vertices first..last */
          sub = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (last - first + 1));
          g_array_append_vals (sub, &xy[2 * first], 2 * (last - first + 1));
          sxy = (double *) sub->data;
          sn = sub->len / 2;
          g_ptr_array_add (runs, sub);
          simplify_path (sxy, sn, SIMPLIFY_FRACTION * min_width, simple);
          add_nonnull (run_geoms, line_from_array (ctx, (double *) simple->data, simple->len / 2));
          if (entry->sided)
            {
              double ext = 1.5 * entry->reach_m + 1.0;

              gboolean closed = polyline_path_is_closed (pl, s);

              add_nonnull (split_geoms, line_from_array (ctx, sxy, sn));
              if (first + offset == 0 && polyline_is_start (pl, s) && !closed)
                add_nonnull (split_geoms, end_extension (ctx, &sxy[0], &sxy[2], ext));
              if (last + offset == n_all - 1 && polyline_is_end (pl, e + 1) && !closed)
                add_nonnull (split_geoms, end_extension (ctx, &sxy[2 * (sn - 1)], &sxy[2 * (sn - 2)], ext));
            }
        }
    }
  if (run_geoms->len != runs->len)
    goto out;
  if (runs->len == 0)
    {
      ok = TRUE;
      goto out;
    }
  run_xy = g_new (const double *, runs->len);
  run_n = g_new (guint, runs->len);
  for (guint k = 0; k < runs->len; k++)
    {
      GArray *run = g_ptr_array_index (runs, k);

      run_xy[k] = (const double *) run->data;
      run_n[k] = run->len / 2;
    }
  runs_g = collect (ctx, GEOS_MULTILINESTRING, run_geoms);
  if (runs_g == NULL)
    goto out;

  if (entry->sided)
    {
      split_g = collect (ctx, GEOS_MULTILINESTRING, split_geoms);
      split_c = split_g != NULL ? GEOSClipByRect_r (ctx, split_g, box[0], box[1], box[2], box[3]) : NULL;
      if (split_c == NULL)
        goto out;
      if (entry->width_a_m > 0.0)
        widths[n_widths++] = entry->width_a_m;
      if (entry->width_b_m > 0.0 && entry->width_b_m != entry->width_a_m)
        widths[n_widths++] = entry->width_b_m;
    }
  else
    widths[n_widths++] = entry->width_a_m;

  params = GEOSBufferParams_create_r (ctx);
  GEOSBufferParams_setEndCapStyle_r (ctx, params, entry->sided ? GEOSBUF_CAP_FLAT : GEOSBUF_CAP_ROUND);
  GEOSBufferParams_setJoinStyle_r (ctx, params, GEOSBUF_JOIN_ROUND);
  GEOSBufferParams_setQuadrantSegments_r (ctx, params, QUADRANT_SEGMENTS);

  for (guint w = 0; w < n_widths; w++)
    {
      g_autoptr (DmGeosGeometry) buf = NULL, clipped = NULL, boundary = NULL, noded = NULL, faces = NULL;
      const GEOSPreparedGeometry *prepared;

      buf = GEOSBufferWithParams_r (ctx, runs_g, params, widths[w]);
      clipped = buf != NULL ? GEOSClipByRect_r (ctx, buf, box[0], box[1], box[2], box[3]) : NULL;
      if (clipped == NULL)
        break;
      if (!entry->sided)
        {
          g_ptr_array_add (faces_a, g_steal_pointer (&clipped));
          continue;
        }
      if (GEOSisEmpty_r (ctx, clipped))
        continue;

      /* Faces of the buffer cut by the line: union nodes the linework. */
      boundary = GEOSBoundary_r (ctx, clipped);
      noded = boundary != NULL ? GEOSUnion_r (ctx, boundary, split_c) : NULL;
      if (noded == NULL)
        break;
      {
        const GEOSGeometry *in[1] = { noded };

        faces = GEOSPolygonize_r (ctx, in, 1);
      }
      prepared = faces != NULL ? GEOSPrepare_r (ctx, clipped) : NULL;
      if (prepared == NULL)
        break;
      for (int i = 0; i < GEOSGetNumGeometries_r (ctx, faces); i++)
        {
          const GEOSGeometry *face = GEOSGetGeometryN_r (ctx, faces, i);
          g_autoptr (DmGeosGeometry) inside = GEOSPointOnSurface_r (ctx, face);
          double x, y;
          DmSide side;

          if (inside == NULL || GEOSisEmpty_r (ctx, inside))
            continue;
          /* Holes of the buffer (inside a loop of the line) are faces too. */
          if (!GEOSPreparedContains_r (ctx, prepared, inside))
            continue;
          GEOSGeomGetX_r (ctx, inside, &x);
          GEOSGeomGetY_r (ctx, inside, &y);
          side = dm_sides_classify_point_planar (run_xy, run_n, runs->len, x, y, NULL);
          if (side == DM_SIDE_A && widths[w] == entry->width_a_m)
            g_ptr_array_add (faces_a, GEOSGeom_clone_r (ctx, face));
          else if (side == DM_SIDE_B && widths[w] == entry->width_b_m)
            g_ptr_array_add (faces_b, GEOSGeom_clone_r (ctx, face));
        }
      GEOSPreparedGeom_destroy_r (ctx, prepared);
    }
  GEOSBufferParams_destroy_r (ctx, params);

  if (entry->sided)
    ok = finish_side (entry, tile, proj, ctx, faces_a, &new_pieces[DM_SIDE_A]) &&
         finish_side (entry, tile, proj, ctx, faces_b, &new_pieces[DM_SIDE_B]);
  else
    ok = finish_side (entry, tile, proj, ctx, faces_a, &new_pieces[DM_SIDE_NONE]);

out:
  if (ok)
    for (guint s = 0; s < 3; s++)
      {
        g_clear_pointer (&tile->pieces[s], pieces_unref);
        tile->pieces[s] = new_pieces[s];
      }
  else
    for (guint s = 0; s < 3; s++)
      g_clear_pointer (&new_pieces[s], pieces_unref);
  return ok;
}

static int
compare_tiles (gconstpointer a, gconstpointer b)
{
  const Tile *ta = *(Tile **) a, *tb = *(Tile **) b;

  return ta->key < tb->key ? -1 : ta->key > tb->key;
}

/* Below this many dirty tiles (a drag's few), one thread computes them. */
#define PARALLEL_MIN_TILES 16

static gint max_threads; /* 0: one per core */

void
dm_zones_set_max_threads (guint n)
{
  g_atomic_int_set (&max_threads, (gint) n);
}

static guint
n_threads_for (guint n_tiles)
{
  guint n = g_atomic_int_get (&max_threads) > 0 ? (guint) g_atomic_int_get (&max_threads) : g_get_num_processors ();

  return n_tiles < PARALLEL_MIN_TILES ? 1 : MAX (1, MIN (n, n_tiles / (PARALLEL_MIN_TILES / 2)));
}

/* One of the threads computing dirty tiles: every n-th of them. */
typedef struct {
  BandEntry *entry;
  const Polyline *pl;
  GPtrArray *tiles; /* Tile*, the dirty ones */
  guint first, step;
  GCancellable *cancellable;
  guint8 *ok; /* per tile: 1 computed, 0 not (failed, or cancelled first) */
} TileJob;

static gpointer
tile_job_run (gpointer data)
{
  TileJob *job = data;
  /* A segment longer than a tile runs through many: densified once (a
   * table per thread; the same points in any). */
  g_autoptr (GHashTable)
    long_segments = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);

  for (guint i = job->first; i < job->tiles->len; i += job->step)
    {
      if (g_cancellable_is_cancelled (job->cancellable))
        break;
      job->ok[i] = tile_compute (job->entry, job->pl, long_segments, g_ptr_array_index (job->tiles, i)) ? 1 : 0;
    }
  return NULL;
}

/*
 * Many dirty tiles (a line from scratch, a new width): computed on every
 * core.  Tiles are independent and each one's pieces are the same
 * whichever thread makes them, so results are identical whatever the
 * number of threads.  The region's part of each tile is cut first, here
 * (the region is shared).  Computed tiles leave the dirty list; those that
 * failed or were not reached stay, in order.
 */
static void
compute_dirty_in_parallel (BandEntry *entry, const Polyline *pl, GCancellable *cancellable, guint *n_recomputed)
{
  guint n_threads = n_threads_for (entry->dirty->len);
  g_autoptr (GPtrArray) tiles = g_ptr_array_new ();
  g_autofree guint8 *ok = NULL;
  g_autofree TileJob *jobs = NULL;
  g_autofree GThread **threads = NULL;

  /* In the order the one-thread loop takes them: from the end. */
  for (guint i = entry->dirty->len; i-- > 0;)
    {
      Tile *tile = g_ptr_array_index (entry->dirty, i);

      if (tile->ranges->len == 0)
        continue; /* left to the loop below, which drops it */
      if (entry->region_g != NULL)
        tile_region_part (entry, tile);
      g_ptr_array_add (tiles, tile);
    }
  ok = g_new0 (guint8, MAX (tiles->len, 1));
  jobs = g_new0 (TileJob, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t] = (TileJob){ entry, pl, tiles, t, n_threads, cancellable, ok };
      /* The calling thread takes the first share. */
      if (t > 0)
        threads[t] = g_thread_new ("dm-zones-tiles", tile_job_run, &jobs[t]);
    }
  tile_job_run (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < tiles->len; i++)
    if (ok[i])
      {
        Tile *tile = g_ptr_array_index (tiles, i);

        tile->dirty = FALSE;
        g_ptr_array_remove (entry->dirty, tile);
        if (n_recomputed != NULL)
          (*n_recomputed)++;
      }
}

/* Recomputes the dirty tiles of @entry and collects every tile's pieces. */
static DmZoneResult *
band_entry_evaluate (BandEntry *entry,
                     const Polyline *pl,
                     GCancellable *cancellable,
                     guint *n_recomputed,
                     GError **error)
{
  g_autoptr (GPtrArray) all = NULL;
  /* A segment longer than a tile runs through many: densified once. */
  g_autoptr (GHashTable)
    long_segments = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  Tile *tile;
  DmZoneResult *result;

  if (n_threads_for (entry->dirty->len) > 1)
    compute_dirty_in_parallel (entry, pl, cancellable, n_recomputed);
  /* What is left: empty tiles, a drag's few, a failure to report. */
  while (entry->dirty->len > 0)
    {
      tile = g_ptr_array_index (entry->dirty, entry->dirty->len - 1);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (tile->ranges->len == 0)
        {
          g_ptr_array_set_size (entry->dirty, entry->dirty->len - 1);
          g_hash_table_remove (entry->tiles, &tile->key);
          continue;
        }
      if (!tile_compute (entry, pl, long_segments, tile))
        {
          g_autofree char *where =
            dm_format_position ((tile->iy + 0.5) * entry->tile_deg, (tile->ix + 0.5) * entry->tile_deg, 2);

          /* Translators: %s is a position such as “48.45° N, 37.12° E” */
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_FAILED,
                       _ ("The zone could not be computed near %s; "
                          "check the contact line there for loops or repeated points."),
                       where);
          return NULL;
        }
      tile->dirty = FALSE;
      g_ptr_array_set_size (entry->dirty, entry->dirty->len - 1);
      if (n_recomputed != NULL)
        (*n_recomputed)++;
    }

  /* In key order, so that equal caches give equal results. */
  all = g_ptr_array_sized_new (g_hash_table_size (entry->tiles));
  g_hash_table_iter_init (&iter, entry->tiles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    g_ptr_array_add (all, tile);
  g_ptr_array_sort (all, compare_tiles);

  result = result_new ();
  result->tile_deg = entry->tile_deg;
  for (guint i = 0; i < all->len; i++)
    {
      tile = g_ptr_array_index (all, i);
      for (guint s = 0; s < 3; s++)
        result_add (result, s, tile->pieces[s]);
    }
  return result;
}

/* The cache */

typedef struct {
  DmZoneRule *rule;
  guint64 serial;
  DmZoneResult *result;
} Memo;

static void
memo_free (gpointer data)
{
  Memo *memo = data;

  dm_zone_rule_free (memo->rule);
  dm_zone_result_unref (memo->result);
  g_free (memo);
}

struct _DmZoneCache {
  Polyline line;
  /* The line's valid segments: their number and lengths summed (each
   * MAX (|Δlat|, |Δlon| cos lat), SEGMENT_UNITS_PER_DEG), kept through
   * edits: what its bands' tile size follows. */
  guint n_segments;
  gint64 segments_sum;
  gboolean has_line;
  gboolean unusable_line; /* given, but not one line of two points or more */
  guint64 serial;         /* bumped by every change of the line */
  guint64 clock;
  GPtrArray *entries; /* BandEntry */
  GPtrArray *memos;   /* Memo: other rule types, by line serial */
  GPtrArray *bands;   /* Memo: boundary bands before the line splits them,
                       * whatever the line (they do not depend on it) */
  guint n_recomputed;
};

/* Segment @s of the cached line in the count (@sign +1) or out of it
 * (−1); a join between parts is no segment. */
static void
cache_count_segment (DmZoneCache *cache, guint s, int sign)
{
  const Polyline *pl = &cache->line;
  const double *a, *b;

  if (!polyline_segment_valid (pl, s))
    return;
  a = polyline_point (pl, s);
  b = polyline_point (pl, s + 1);
  cache->segments_sum +=
    sign *
    (gint64) llround (MAX (fabs (b[1] - a[1]), fabs (b[0] - a[0]) * cos (a[1] * G_PI / 180.0)) * SEGMENT_UNITS_PER_DEG);
  cache->n_segments += sign;
}

static void
cache_count_line (DmZoneCache *cache)
{
  cache->segments_sum = 0;
  cache->n_segments = 0;
  for (guint s = 0; s + 1 < polyline_n_points (&cache->line); s++)
    cache_count_segment (cache, s, +1);
}

double
dm_zone_cache_get_mean_segment_deg (DmZoneCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);
  return cache->n_segments > 0 ? (double) cache->segments_sum / cache->n_segments / SEGMENT_UNITS_PER_DEG : 0;
}

/* The tile size of a band reaching @reach_m from the cached line. */
static double
cache_tile_size (DmZoneCache *cache, double reach_m)
{
  return tile_size_for_line (reach_m, cache->segments_sum, cache->n_segments);
}

DmZoneCache *
dm_zone_cache_new (void)
{
  DmZoneCache *cache = g_new0 (DmZoneCache, 1);

  polyline_init (&cache->line);
  cache->entries = g_ptr_array_new_with_free_func (band_entry_free);
  cache->memos = g_ptr_array_new_with_free_func (memo_free);
  cache->bands = g_ptr_array_new_with_free_func (memo_free);
  return cache;
}

void
dm_zone_cache_free (DmZoneCache *cache)
{
  if (cache == NULL)
    return;
  g_ptr_array_unref (cache->entries);
  g_ptr_array_unref (cache->memos);
  g_ptr_array_unref (cache->bands);
  polyline_clear (&cache->line);
  g_free (cache);
}

/* A line of one part or several (real front lines meet borders and
 * have bridgeheads); at least one part must have a segment. */
static gboolean
line_usable (const DmGeometry *line)
{
  if (line == NULL || !dm_geometry_is_lineal (line))
    return FALSE;
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint n;

      dm_geometry_get_ring (line, p, 0, &n);
      if (n >= 2)
        return TRUE;
    }
  return FALSE;
}

void
dm_zone_cache_set_line (DmZoneCache *cache, const DmGeometry *line)
{
  g_return_if_fail (cache != NULL);

  cache->serial++;
  g_ptr_array_set_size (cache->memos, 0);
  cache->has_line = line_usable (line);
  cache->unusable_line = line != NULL && !cache->has_line;
  polyline_set (&cache->line, cache->has_line ? line : NULL, FALSE);
  cache_count_line (cache);
  for (guint i = 0; i < cache->entries->len; i++)
    {
      BandEntry *entry = g_ptr_array_index (cache->entries, i);

      if (entry->sided)
        band_entry_rebuild (entry, &cache->line, cache_tile_size (cache, entry->reach_m));
    }
}

/* The parts begin where the geometry's do (an insert or a removal at a
 * part's end is placed by the geometry's own rule). */
static gboolean
parts_match (const Polyline *pl, const DmGeometry *line)
{
  guint k = 0;

  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    {
      guint n;

      dm_geometry_get_ring (line, p, 0, &n);
      if (n < 1)
        continue;
      if (k >= pl->starts->len || g_array_index (pl->starts, guint, k) != dm_geometry_get_ring_offset (line, p, 0))
        return FALSE;
      k++;
    }
  return k == pl->starts->len;
}

static gboolean
points_match (const Polyline *pl, const DmGeometry *line, guint from, guint to)
{
  const double *coords = dm_geometry_get_coords (line);

  for (guint i = from; i < to && i < polyline_n_points (pl); i++)
    if (memcmp (polyline_point (pl, i), &coords[2 * i], 2 * sizeof (double)) != 0)
      return FALSE;
  return TRUE;
}

void
dm_zone_cache_line_changed (DmZoneCache *cache,
                            const DmGeometry *new_line,
                            guint first_vertex,
                            guint n_vertices,
                            DmChangeKind kind)
{
  Polyline *pl;
  guint n_old, n_new, v = first_vertex;
  const double *coords;

  g_return_if_fail (cache != NULL);

  pl = &cache->line;
  n_old = polyline_n_points (pl);
  if (!cache->has_line || !line_usable (new_line))
    {
      dm_zone_cache_set_line (cache, new_line);
      return;
    }
  n_new = dm_geometry_get_n_points (new_line);
  coords = dm_geometry_get_coords (new_line);
  cache->serial++;
  g_ptr_array_set_size (cache->memos, 0);

#define FOR_ENTRIES(stmt)                                        \
  for (guint e_ = 0; e_ < cache->entries->len; e_++)             \
    {                                                            \
      BandEntry *entry = g_ptr_array_index (cache->entries, e_); \
      if (entry->sided)                                          \
        {                                                        \
          stmt;                                                  \
        }                                                        \
    }

  switch (kind)
    {
    case DM_CHANGE_VERTICES_MOVED:
      {
        guint seg_lo = v > 0 ? v - 1 : 0;
        guint seg_hi = v + n_vertices; /* exclusive */

        if (n_new != n_old || n_vertices == 0 || v + n_vertices > n_old)
          break;
        seg_hi = MIN (seg_hi, n_old - 1);
        FOR_ENTRIES (for (guint s = seg_lo; s < seg_hi; s++) band_entry_remove_segment (entry, pl, s));
        for (guint s = seg_lo; s < seg_hi; s++)
          cache_count_segment (cache, s, -1);
        memcpy (&g_array_index (pl->xy, double, 2 * v), &coords[2 * v], 2 * n_vertices * sizeof (double));
        for (guint s = seg_lo; s < seg_hi; s++)
          cache_count_segment (cache, s, +1);
        FOR_ENTRIES (for (guint s = seg_lo; s < seg_hi; s++) band_entry_add_segment (entry, pl, s));
        if (!points_match (pl, new_line, seg_lo, seg_hi + 1))
          break;
        return;
      }
    case DM_CHANGE_VERTEX_INSERTED:
      if (n_new != n_old + 1 || v > n_old)
        break;
      FOR_ENTRIES (if (v >= 1 && v <= n_old - 1) band_entry_remove_segment (entry, pl, v - 1));
      if (v >= 1 && v <= n_old - 1)
        cache_count_segment (cache, v - 1, -1);
      FOR_ENTRIES (band_entry_shift (entry, v, +1));
      g_array_insert_vals (pl->xy, 2 * v, &coords[2 * v], 2);
      polyline_shift_starts (pl, v, +1);
      if (v >= 1)
        cache_count_segment (cache, v - 1, +1);
      cache_count_segment (cache, v, +1);
      FOR_ENTRIES (if (v >= 1) band_entry_add_segment (entry, pl, v - 1); band_entry_add_segment (entry, pl, v));
      if (!parts_match (pl, new_line) || !points_match (pl, new_line, v > 0 ? v - 1 : 0, v + 2))
        break;
      return;
    case DM_CHANGE_VERTEX_REMOVED:
      if (n_new + 1 != n_old || v >= n_old || n_new < 2)
        break;
      FOR_ENTRIES (if (v >= 1) band_entry_remove_segment (entry, pl, v - 1); band_entry_remove_segment (entry, pl, v));
      if (v >= 1)
        cache_count_segment (cache, v - 1, -1);
      cache_count_segment (cache, v, -1);
      FOR_ENTRIES (band_entry_shift (entry, v + 1, -1));
      g_array_remove_range (pl->xy, 2 * v, 2);
      polyline_shift_starts (pl, v, -1);
      if (v >= 1)
        cache_count_segment (cache, v - 1, +1);
      FOR_ENTRIES (if (v >= 1) band_entry_add_segment (entry, pl, v - 1));
      if (!parts_match (pl, new_line) || !points_match (pl, new_line, v > 0 ? v - 1 : 0, v + 1))
        break;
      return;
    default:
      break;
    }
#undef FOR_ENTRIES

  /* Anything else, or a change that does not match its description. */
  dm_zone_cache_set_line (cache, new_line);
}

void
dm_zone_cache_get_stats (DmZoneCache *cache, guint *n_recomputed, guint *n_tiles)
{
  g_return_if_fail (cache != NULL);

  if (n_recomputed != NULL)
    *n_recomputed = cache->n_recomputed;
  if (n_tiles != NULL)
    {
      *n_tiles = 0;
      for (guint i = 0; i < cache->entries->len; i++)
        *n_tiles += g_hash_table_size (((BandEntry *) g_ptr_array_index (cache->entries, i))->tiles);
    }
}

static gboolean
region_equal (const DmGeometry *a, const DmGeometry *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return dm_geometry_equal (a, b);
}

static BandEntry *
cache_band_entry (DmZoneCache *cache, double width_a_m, double width_b_m, const DmGeometry *region, GError **error)
{
  BandEntry *entry;

  for (guint i = 0; i < cache->entries->len; i++)
    {
      entry = g_ptr_array_index (cache->entries, i);
      if (entry->sided && entry->width_a_m == width_a_m && entry->width_b_m == width_b_m &&
          region_equal (entry->region, region))
        {
          entry->last_used = ++cache->clock;
          return entry;
        }
    }

  if (cache->entries->len >= MAX_BAND_ENTRIES)
    {
      guint oldest = 0;

      for (guint i = 1; i < cache->entries->len; i++)
        if (((BandEntry *) g_ptr_array_index (cache->entries, i))->last_used <
            ((BandEntry *) g_ptr_array_index (cache->entries, oldest))->last_used)
          oldest = i;
      g_ptr_array_remove_index_fast (cache->entries, oldest);
    }

  entry = band_entry_new (width_a_m, width_b_m, TRUE, region);
  if (region != NULL)
    {
      GEOSContextHandle_t ctx = dm_geos_get_context ();

      entry->region_g = dm_geometry_to_geos (ctx, region);
      if (entry->region_g != NULL && !GEOSisValid_r (ctx, entry->region_g))
        {
          GEOSGeometry *valid = GEOSMakeValid_r (ctx, entry->region_g);

          GEOSGeom_destroy_r (ctx, entry->region_g);
          entry->region_g = valid;
        }
      if (entry->region_g == NULL)
        {
          band_entry_free (entry);
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                       _ ("The region the zone is clipped to is not a usable polygon."));
          return NULL;
        }
    }
  entry->last_used = ++cache->clock;
  g_ptr_array_add (cache->entries, entry);
  band_entry_rebuild (entry, &cache->line, cache_tile_size (cache, entry->reach_m));
  return entry;
}

static DmZoneResult *
evaluate_line_band (DmZoneCache *cache, const DmZoneRule *rule, GCancellable *cancellable, GError **error)
{
  BandEntry *entry;

  if (!(rule->width_a_m >= 0.0 && rule->width_b_m >= 0.0 && isfinite (rule->width_a_m) && isfinite (rule->width_b_m)))
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID, _ ("The zone “%s” has a negative or unknown width."),
                   rule->name ? rule->name : "");
      return NULL;
    }
  if (rule->region != NULL && !dm_geometry_is_polygonal (rule->region))
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   _ ("The zone “%s” is clipped to something that is not an area."), rule->name ? rule->name : "");
      return NULL;
    }
  if (!cache->has_line || (rule->width_a_m == 0.0 && rule->width_b_m == 0.0))
    return result_new ();

  entry = cache_band_entry (cache, rule->width_a_m, rule->width_b_m, rule->region, error);
  if (entry == NULL)
    return NULL;
  /* Edits made the line sparser or denser: tiles of the size a line given
   * afresh would have (the same pieces as from scratch). */
  if (cache_tile_size (cache, entry->reach_m) != entry->tile_deg)
    band_entry_rebuild (entry, &cache->line, cache_tile_size (cache, entry->reach_m));
  return band_entry_evaluate (entry, &cache->line, cancellable, &cache->n_recomputed, error);
}

/* The cached line, every part of it. */
static DmGeometry *
cache_line_geometry (DmZoneCache *cache)
{
  const Polyline *pl = &cache->line;
  DmGeometry *g;

  if (pl->starts->len == 1)
    return dm_geometry_new_linestring ((const double *) pl->xy->data, polyline_n_points (pl));
  g = dm_geometry_new (DM_GEOMETRY_MULTILINESTRING);
  for (guint k = 0; k < pl->starts->len; k++)
    {
      guint first, last;

      polyline_path_of (pl, g_array_index (pl->starts, guint, k), &first, &last);
      if (last <= first)
        continue;
      dm_geometry_begin_part (g);
      dm_geometry_add_ring (g, polyline_point (pl, first), last - first + 1);
    }
  return g;
}

/* Splits @zone by the line into the result's sides (or leaves it unsided
 * without a line); with @only_side, keeps that side alone. */
static DmZoneResult *
result_from_split (DmZoneCache *cache, const DmGeometry *zone, DmSide only_side, GError **error)
{
  DmZoneResult *result = result_new ();
  g_autoptr (DmGeometry) line = NULL, a = NULL, b = NULL;
  Pieces *p;

  if (!cache->has_line)
    {
      p = pieces_new ();
      pieces_add_geometry (p, zone);
      result_add (result, DM_SIDE_NONE, p);
      pieces_unref (p);
      return result;
    }
  line = cache_line_geometry (cache);
  if (!dm_sides_split_region (line, zone, REGION_EXTEND_TOLERANCE_M, &a, &b, error))
    {
      dm_zone_result_unref (result);
      return NULL;
    }
  if (only_side != DM_SIDE_B)
    {
      p = pieces_new ();
      pieces_add_geometry (p, a);
      result_add (result, DM_SIDE_A, p);
      pieces_unref (p);
    }
  if (only_side != DM_SIDE_A)
    {
      p = pieces_new ();
      pieces_add_geometry (p, b);
      result_add (result, DM_SIDE_B, p);
      pieces_unref (p);
    }
  return result;
}

static DmZoneResult *
evaluate_boundary_band (DmZoneCache *cache, const DmZoneRule *rule, GCancellable *cancellable, GError **error)
{
  BandEntry *entry;
  Polyline boundary;
  g_autoptr (DmZoneResult) band = NULL;
  g_autoptr (DmGeometry) zone = NULL;
  DmZoneResult *result;

  if (rule->boundary == NULL || dm_geometry_is_puntal (rule->boundary) || dm_geometry_is_empty (rule->boundary) ||
      !(rule->distance_m > 0.0 && isfinite (rule->distance_m)))
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   _ ("The zone “%s” needs a boundary line and a distance from it."), rule->name ? rule->name : "");
      return NULL;
    }
  if (rule->region != NULL && !dm_geometry_is_polygonal (rule->region))
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   _ ("The zone “%s” is kept inside something that is not an area."), rule->name ? rule->name : "");
      return NULL;
    }

  /* A border far from the line is the same band after every edit of the
   * line (the NATO border's takes a third of a second): made once. */
  for (guint i = 0; i < cache->bands->len && band == NULL; i++)
    {
      Memo *memo = g_ptr_array_index (cache->bands, i);

      if (dm_zone_rule_equal (memo->rule, rule))
        band = dm_zone_result_ref (memo->result);
    }
  if (band != NULL)
    goto split;

  /* The same tiles, unsided and with round ends: every point within the
   * distance of the boundary (a polygon's outline, rings closed). */
  polyline_init (&boundary);
  polyline_set (&boundary, rule->boundary, dm_geometry_is_polygonal (rule->boundary));
  entry = band_entry_new (rule->distance_m, rule->distance_m, FALSE, NULL);
  if (rule->region != NULL)
    {
      GEOSContextHandle_t ctx = dm_geos_get_context ();

      entry->region = dm_geometry_copy (rule->region);
      entry->region_g = dm_geometry_to_geos (ctx, rule->region);
      if (entry->region_g != NULL && !GEOSisValid_r (ctx, entry->region_g))
        {
          GEOSGeometry *valid = GEOSMakeValid_r (ctx, entry->region_g);

          GEOSGeom_destroy_r (ctx, entry->region_g);
          entry->region_g = valid;
        }
      if (entry->region_g == NULL)
        {
          band_entry_free (entry);
          polyline_clear (&boundary);
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                       _ ("The region of the zone “%s” is not a usable polygon."), rule->name ? rule->name : "");
          return NULL;
        }
    }
  band_entry_rebuild (entry, &boundary, entry->tile_deg);
  band = band_entry_evaluate (entry, &boundary, cancellable, &cache->n_recomputed, error);
  band_entry_free (entry);
  polyline_clear (&boundary);
  if (band == NULL)
    return NULL;
  {
    Memo *memo = g_new0 (Memo, 1);

    memo->rule = dm_zone_rule_copy (rule);
    memo->result = dm_zone_result_ref (band);
    if (cache->bands->len >= 8)
      g_ptr_array_remove_index (cache->bands, 0);
    g_ptr_array_add (cache->bands, memo);
  }

split:
  if (!cache->has_line)
    return g_steal_pointer (&band);

  /* Per side: the dissolved band split by the contact line. */
  zone = dm_zone_result_dissolve (band);
  if (zone == NULL)
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_FAILED, _ ("The zone “%s” could not be assembled."),
                   rule->name ? rule->name : "");
      return NULL;
    }
  result = result_from_split (cache, zone, DM_SIDE_NONE, error);
  return result;
}

/* Web Mercator, and with it the map, stops here; so do zones. */
#define POLAR_LIMIT 85.0

/* Why no zone can be drawn from @pl, or NULL: a line that reaches
 * towards a pole, where neither the map nor the zones in longitude and
 * latitude can serve, or one whose vertices all lie at one place (no
 * length, no sides).  A line across the 180th meridian is unwrapped
 * (dm_geometry_unwrap_rings()) and served like any other. */
static char *
line_problem (const Polyline *pl)
{
  gboolean has_length = FALSE;

  for (guint i = 0; i < polyline_n_points (pl); i++)
    {
      const double *a = polyline_point (pl, i);

      if (fabs (a[1]) > POLAR_LIMIT)
        {
          g_autofree char *where = dm_format_position (a[1], a[0], 2);

          /* Translators: %s is a position such as “86.20° N, 30.00° E”; 85° is the latitude where the map
           * stops */
          return g_strdup_printf (_ ("The contact line reaches %s, nearer a pole than 85° of latitude, where "
                                     "the map ends and zones cannot be drawn. Demarcate serves lines "
                                     "between 85° S and 85° N."),
                                  where);
        }
      if (i + 1 < polyline_n_points (pl) && polyline_segment_valid (pl, i))
        {
          const double *b = polyline_point (pl, i + 1);

          has_length |= a[0] != b[0] || a[1] != b[1];
        }
    }
  if (!has_length && polyline_n_points (pl) > 0)
    {
      g_autofree char *where = dm_format_position (polyline_point (pl, 0)[1], polyline_point (pl, 0)[0], 4);

      /* Translators: %s is a position such as “48.4500° N, 37.1200° E” */
      return g_strdup_printf (_ ("The contact line has no length: its vertices all lie at %s. Draw it again, or "
                                 "open a file with a line."),
                              where);
    }
  return NULL;
}

DmZoneResult *
dm_zone_cache_evaluate (DmZoneCache *cache, const DmZoneRule *rule, GCancellable *cancellable, GError **error)
{
  DmZoneResult *result = NULL;

  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cache->n_recomputed = 0;
  if (cache->unusable_line)
    {
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   _ ("The contact line has no part of two points or more to draw the zone “%s” "
                      "from: draw the line, or open a file with one."),
                   rule->name ? rule->name : "");
      return NULL;
    }
  if (rule->type != DM_ZONE_RULE_POLYGON && cache->has_line)
    {
      g_autofree char *problem = line_problem (&cache->line);

      if (problem != NULL)
        {
          g_set_error_literal (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID, problem);
          return NULL;
        }
    }
  if (rule->type == DM_ZONE_RULE_LINE_BAND)
    return evaluate_line_band (cache, rule, cancellable, error);

  for (guint i = 0; i < cache->memos->len; i++)
    {
      Memo *memo = g_ptr_array_index (cache->memos, i);

      if (memo->serial == cache->serial && dm_zone_rule_equal (memo->rule, rule))
        return dm_zone_result_ref (memo->result);
    }

  switch (rule->type)
    {
    case DM_ZONE_RULE_BOUNDARY_BAND:
      result = evaluate_boundary_band (cache, rule, cancellable, error);
      break;
    case DM_ZONE_RULE_REGION_SIDE:
      if (rule->region == NULL || !dm_geometry_is_polygonal (rule->region) ||
          (rule->side != DM_SIDE_A && rule->side != DM_SIDE_B))
        {
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID, _ ("The zone “%s” needs a region and a side."),
                       rule->name ? rule->name : "");
          return NULL;
        }
      if (!cache->has_line)
        {
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_NO_LINE,
                       _ ("The zone “%s” is one side of the contact line, and there is no contact line."),
                       rule->name ? rule->name : "");
          return NULL;
        }
      result = result_from_split (cache, rule->region, rule->side, error);
      break;
    case DM_ZONE_RULE_POLYGON:
      if (rule->region == NULL || !dm_geometry_is_polygonal (rule->region))
        {
          g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID, _ ("The zone “%s” has no polygon."),
                       rule->name ? rule->name : "");
          return NULL;
        }
      result = result_from_split (cache, rule->region, DM_SIDE_NONE, error);
      break;
    default:
      g_set_error (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                   _ ("The zone “%s” is of a kind this version does not know."), rule->name ? rule->name : "");
      return NULL;
    }

  if (result != NULL)
    {
      Memo *memo = g_new0 (Memo, 1);

      memo->rule = dm_zone_rule_copy (rule);
      memo->serial = cache->serial;
      memo->result = dm_zone_result_ref (result);
      if (cache->memos->len >= 16)
        g_ptr_array_remove_index (cache->memos, 0);
      g_ptr_array_add (cache->memos, memo);
    }
  return result;
}

DmZoneResult *
dm_zones_evaluate_from_scratch (const DmGeometry *line,
                                const DmZoneRule *rule,
                                GCancellable *cancellable,
                                GError **error)
{
  g_autoptr (DmZoneCache) cache = dm_zone_cache_new ();

  dm_zone_cache_set_line (cache, line);
  return dm_zone_cache_evaluate (cache, rule, cancellable, error);
}

typedef struct {
  DmZoneResult *result;
  DmGeometry *out;
} DissolveJob;

static gpointer
dissolve_job_run (gpointer data)
{
  DissolveJob *job = data;

  job->out = dm_zone_result_dissolve_side (job->result, DM_SIDE_B);
  return NULL;
}

void
dm_zone_result_dissolve_sides (DmZoneResult *result, DmGeometry *out[2])
{
  DissolveJob job = { result, NULL };
  GThread *thread = NULL;
  guint n_pieces = 0;

  g_return_if_fail (result != NULL && out != NULL);

  for (guint s = 0; s < 3; s++)
    n_pieces += result->pieces[s]->len;
  /* A thread pays for itself with tens of tiles (a 1,000-km front has
   * hundreds; the result is only read). */
  if (n_threads_for (n_pieces) > 1)
    thread = g_thread_new ("dm-zones-dissolve", dissolve_job_run, &job);
  out[0] = dm_zone_result_dissolve_side (result, DM_SIDE_A);
  if (thread != NULL)
    g_thread_join (thread);
  else
    dissolve_job_run (&job);
  out[1] = job.out;
}

/* ---- What was found of a tile's pieces, kept while they are ------------- */

/* Pieces are immutable and an unchanged tile keeps its own: what a zone's
 * tiles were found to hold is kept per Pieces, and forgotten for the
 * tiles no zone found since the last sweep. */
typedef struct {
  Pieces *pieces; /* a reference: keeps the key alive */
  GArray *found;  /* guint, ascending */
  guint generation;
} TileMemo;

typedef struct {
  GHashTable *tiles; /* Pieces* → TileMemo */
  guint generation;
} TileMemos;

static void
tile_memo_free (gpointer data)
{
  TileMemo *t = data;

  pieces_unref (t->pieces);
  g_array_unref (t->found);
  g_free (t);
}

static void
tile_memos_init (TileMemos *memos)
{
  memos->tiles = g_hash_table_new_full (NULL, NULL, NULL, tile_memo_free);
  memos->generation = 0;
}

static void
tile_memos_clear (TileMemos *memos)
{
  g_clear_pointer (&memos->tiles, g_hash_table_unref);
}

/* The memo of @p, marked as found now; NULL when there is none yet. */
static TileMemo *
tile_memos_lookup (TileMemos *memos, Pieces *p)
{
  TileMemo *t = g_hash_table_lookup (memos->tiles, p);

  if (t != NULL)
    t->generation = memos->generation;
  return t;
}

/* A new, empty memo of @p, marked as found now. */
static TileMemo *
tile_memos_add (TileMemos *memos, Pieces *p)
{
  TileMemo *t = g_new0 (TileMemo, 1);

  t->pieces = pieces_ref (p);
  t->found = g_array_new (FALSE, FALSE, sizeof (guint));
  t->generation = memos->generation;
  g_hash_table_insert (memos->tiles, p, t);
  return t;
}

static gboolean
tile_memo_is_old (gpointer key, gpointer value, gpointer user_data)
{
  return ((TileMemo *) value)->generation != GPOINTER_TO_UINT (user_data);
}

static void
tile_memos_sweep (TileMemos *memos)
{
  g_hash_table_foreach_remove (memos->tiles, tile_memo_is_old, GUINT_TO_POINTER (memos->generation));
  memos->generation++;
}

/* ---- Places inside a zone, kept per tile -------------------------------- */

struct _DmZonePlaces {
  const DmPlaceIndex *index;
  TileMemos tiles; /* found: indices of the places inside */
};

DmZonePlaces *
dm_zone_places_new (const DmPlaceIndex *index)
{
  DmZonePlaces *self = g_new0 (DmZonePlaces, 1);

  tile_memos_init (&self->tiles);
  g_return_val_if_fail (index != NULL, self);

  self->index = index;
  return self;
}

void
dm_zone_places_free (DmZonePlaces *self)
{
  if (self == NULL)
    return;
  tile_memos_clear (&self->tiles);
  g_free (self);
}

const DmPlaceIndex *
dm_zone_places_get_index (DmZonePlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->index;
}

/* Whether (x, y) is inside the tile's pieces: crossing parity over their
 * rings, half-open in y and strictly east, as the whole zone's test
 * (dm_settlements_in_zone()) counts; a point on an edge two tiles share
 * is counted by the one tile that test gives it to. */
static gboolean
pieces_contain (const Pieces *p, double x, double y)
{
  const double *xy = (const double *) (gconstpointer) p->xy->data;
  gboolean inside = FALSE;

  for (guint r = 0; r < p->rings->len; r++)
    {
      guint n = g_array_index (p->rings, guint, r);

      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double x0 = xy[2 * j], y0 = xy[2 * j + 1], x1 = xy[2 * i], y1 = xy[2 * i + 1];

          if ((y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0))
            inside = !inside;
        }
      xy += 2 * n;
    }
  return inside;
}

static TileMemo *
tile_places_find (DmZonePlaces *self, Pieces *p)
{
  TileMemo *t = tile_memos_lookup (&self->tiles, p);
  const double *xy = (const double *) (gconstpointer) p->xy->data;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  if (t != NULL)
    return t;
  t = tile_memos_add (&self->tiles, p);
  for (guint i = 0; i < p->xy->len / 2; i++)
    {
      x0 = MIN (x0, xy[2 * i]);
      x1 = MAX (x1, xy[2 * i]);
      y0 = MIN (y0, xy[2 * i + 1]);
      y1 = MAX (y1, xy[2 * i + 1]);
    }
  if (p->xy->len > 0 && self->index != NULL)
    {
      const DmPlace *places = dm_place_index_get_places (self->index, NULL);
      g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));

      dm_place_index_query (self->index, x0, y0, x1, y1, candidates);
      for (guint k = 0; k < candidates->len; k++)
        {
          guint i = g_array_index (candidates, guint, k);

          if (pieces_contain (p, places[i].lon, places[i].lat))
            g_array_append_val (t->found, i);
        }
    }
  return t;
}

static int
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

GArray *
dm_zone_places_find (DmZonePlaces *self, DmZoneResult *zone)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (self != NULL, out);
  g_return_val_if_fail (zone != NULL, out);

  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < zone->pieces[s]->len; i++)
      {
        TileMemo *t = tile_places_find (self, g_ptr_array_index (zone->pieces[s], i));

        g_array_append_vals (out, t->found->data, t->found->len);
      }
  /* In the places' order (largest first), each once. */
  g_array_sort (out, compare_guint);
  for (guint i = 1; i < out->len;)
    if (g_array_index (out, guint, i) == g_array_index (out, guint, i - 1))
      g_array_remove_index (out, i);
    else
      i++;
  return out;
}

void
dm_zone_places_sweep (DmZonePlaces *self)
{
  g_return_if_fail (self != NULL);

  tile_memos_sweep (&self->tiles);
}

/* ---- Polygons of a zone outside a region, kept per tile ----------------- */

struct _DmZoneOutside {
  const DmGeometry *region;
  GEOSGeometry *region_g; /* NULL when it cannot be read */
  const GEOSPreparedGeometry *prepared;
  TileMemos tiles; /* found: the polygons not wholly inside */
};

DmZoneOutside *
dm_zone_outside_new (const DmGeometry *region)
{
  DmZoneOutside *self = g_new0 (DmZoneOutside, 1);
  GEOSContextHandle_t ctx = dm_geos_get_context ();

  tile_memos_init (&self->tiles);
  g_return_val_if_fail (region != NULL, self);

  self->region = region;
  self->region_g = dm_geometry_to_geos (ctx, region);
  if (self->region_g != NULL)
    self->prepared = GEOSPrepare_r (ctx, self->region_g);
  return self;
}

void
dm_zone_outside_free (DmZoneOutside *self)
{
  GEOSContextHandle_t ctx;

  if (self == NULL)
    return;
  ctx = dm_geos_get_context ();
  if (self->prepared != NULL)
    GEOSPreparedGeom_destroy_r (ctx, self->prepared);
  if (self->region_g != NULL)
    GEOSGeom_destroy_r (ctx, self->region_g);
  tile_memos_clear (&self->tiles);
  g_free (self);
}

const DmGeometry *
dm_zone_outside_get_region (DmZoneOutside *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->region;
}

/* The polygons of @p not wholly inside the region: a polygon GEOS cannot
 * read counts as outside. */
static TileMemo *
tile_outside_find (DmZoneOutside *self, Pieces *p)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  TileMemo *t = tile_memos_lookup (&self->tiles, p);
  const double *xy = (const double *) (gconstpointer) p->xy->data;
  guint ring = 0;

  if (t != NULL)
    return t;
  t = tile_memos_add (&self->tiles, p);
  for (guint part = 0; part < p->parts->len; part++)
    {
      guint n_rings = g_array_index (p->parts, guint, part);
      g_autoptr (DmGeometry) polygon = dm_geometry_new (DM_GEOMETRY_POLYGON);
      g_autoptr (DmGeosGeometry) g = NULL;

      dm_geometry_begin_part (polygon);
      for (guint r = 0; r < n_rings; r++)
        {
          guint n = g_array_index (p->rings, guint, ring++);

          dm_geometry_add_ring (polygon, xy, n);
          xy += 2 * n;
        }
      g = dm_geometry_to_geos (ctx, polygon);
      if (g == NULL || GEOSPreparedContains_r (ctx, self->prepared, g) != 1)
        g_array_append_val (t->found, part);
    }
  return t;
}

DmGeometry *
dm_zone_outside_find (DmZoneOutside *self, DmZoneResult *zone)
{
  g_autoptr (DmGeometry) out = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  if (self->prepared == NULL)
    return NULL;
  out = dm_geometry_new (DM_GEOMETRY_MULTIPOLYGON);
  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < zone->pieces[s]->len; i++)
      {
        Pieces *p = g_ptr_array_index (zone->pieces[s], i);
        TileMemo *t = tile_outside_find (self, p);
        const double *xy = (const double *) (gconstpointer) p->xy->data;
        guint ring = 0, k = 0;

        for (guint part = 0; part < p->parts->len && k < t->found->len; part++)
          {
            guint n_rings = g_array_index (p->parts, guint, part);
            gboolean outside = g_array_index (t->found, guint, k) == part;

            if (outside)
              {
                dm_geometry_begin_part (out);
                k++;
              }
            for (guint r = 0; r < n_rings; r++)
              {
                guint n = g_array_index (p->rings, guint, ring++);

                if (outside)
                  dm_geometry_add_ring (out, xy, n);
                xy += 2 * n;
              }
          }
      }
  return dm_geometry_is_empty (out) ? NULL : g_steal_pointer (&out);
}

void
dm_zone_outside_sweep (DmZoneOutside *self)
{
  g_return_if_fail (self != NULL);

  tile_memos_sweep (&self->tiles);
}
