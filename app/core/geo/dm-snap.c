/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-snap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-snap.h"

/* clang-format off */
G_DEFINE_QUARK (dm-snap-error-quark, dm_snap_error)
/* clang-format on */

/* 0.1° cells (about 11 × 7 km in Ukraine): a pointer tolerance of a few
 * pixels spans one to four cells from zoom 8 in, where snapping matters,
 * and a cell of the basemap's densest linework holds a few dozen
 * segments. */
#define CELL_DEG         0.1
#define CELLS_PER_DEGREE 10.0

/* One geometry that can be snapped to. */
typedef struct {
  DmSnapSource source; /* NONE for a free slot */
  guint feature_id;
  DmLineworkKind kind;
  DmGeometry *owned; /* a feature's copy */
  const DmGeometry *geometry;
} Source;

/* A segment from vertex @a to vertex @b of a source (a == b for a lone
 * point), filed in every cell its bounding box touches. */
typedef struct {
  guint32 source;
  guint32 a;
  guint32 b;
} Entry;

struct _DmSnapIndex {
  GArray *sources;      /* Source */
  GHashTable *features; /* id → source slot + 1 */
  int linework_slot[DM_N_LINEWORK_KINDS];
  GHashTable *cells;   /* cell key → GArray of Entry */
  GPtrArray *basemaps; /* DmBasemap, kept alive for their linework */
  guint n_entries;
};

static void
source_clear (gpointer data)
{
  Source *s = data;

  g_clear_pointer (&s->owned, dm_geometry_free);
  s->geometry = NULL;
  s->source = DM_SNAP_SOURCE_NONE;
}

DmSnapIndex *
dm_snap_index_new (void)
{
  DmSnapIndex *self = g_new0 (DmSnapIndex, 1);

  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, source_clear);
  self->features = g_hash_table_new (NULL, NULL);
  self->cells = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->basemaps = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_basemap_unref);
  for (guint k = 0; k < DM_N_LINEWORK_KINDS; k++)
    self->linework_slot[k] = -1;
  return self;
}

void
dm_snap_index_free (DmSnapIndex *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->sources);
  g_hash_table_unref (self->features);
  g_hash_table_unref (self->cells);
  g_ptr_array_unref (self->basemaps);
  g_free (self);
}

static inline int
cell_of (double degrees)
{
  return (int) floor (degrees * CELLS_PER_DEGREE);
}

/* Longitude and latitude cells fit 12 bits each (3,600 × 1,800 cells);
 * never 0, which GHashTable's direct keys could not tell from "none". */
static inline gpointer
cell_key (int cx, int cy)
{
  return GUINT_TO_POINTER (((guint) (cx + 2048) << 12 | (guint) (cy + 1024)) + 1);
}

static inline void
cell_range (double lon0, double lat0, double lon1, double lat1, int *cx0, int *cy0, int *cx1, int *cy1)
{
  *cx0 = CLAMP (cell_of (MIN (lon0, lon1)), -1800, 1800);
  *cx1 = CLAMP (cell_of (MAX (lon0, lon1)), -1800, 1800);
  *cy0 = CLAMP (cell_of (MIN (lat0, lat1)), -900, 900);
  *cy1 = CLAMP (cell_of (MAX (lat0, lat1)), -900, 900);
}

/* Calls @func for every segment (and lone point) of @g. */
typedef void (*SegmentFunc) (DmSnapIndex *self, guint slot, const double *xy, guint a, guint b, gpointer data);

static void
foreach_segment (DmSnapIndex *self, guint slot, const DmGeometry *g, SegmentFunc func, gpointer data)
{
  const double *xy = dm_geometry_get_coords (g);
  gboolean polygonal = dm_geometry_is_polygonal (g);

  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint m, o = dm_geometry_get_ring_offset (g, p, r);

        dm_geometry_get_ring (g, p, r, &m);
        if (m == 1)
          func (self, slot, xy, o, o, data);
        for (guint i = 0; i + 1 < m; i++)
          func (self, slot, xy, o + i, o + i + 1, data);
        /* Polygon rings are stored open: the closing edge counts too. */
        if (polygonal && m >= 3)
          func (self, slot, xy, o + m - 1, o, data);
      }
}

static void
insert_segment (DmSnapIndex *self, guint slot, const double *xy, guint a, guint b, gpointer data)
{
  Entry e = { slot, a, b };
  int cx0, cy0, cx1, cy1;

  cell_range (xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], &cx0, &cy0, &cx1, &cy1);
  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        gpointer key = cell_key (cx, cy);
        GArray *cell = g_hash_table_lookup (self->cells, key);

        if (cell == NULL)
          {
            cell = g_array_new (FALSE, FALSE, sizeof (Entry));
            g_hash_table_insert (self->cells, key, cell);
          }
        g_array_append_val (cell, e);
        self->n_entries++;
      }
}

static void
collect_cells (DmSnapIndex *self, guint slot, const double *xy, guint a, guint b, gpointer data)
{
  GHashTable *keys = data;
  int cx0, cy0, cx1, cy1;

  cell_range (xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], &cx0, &cy0, &cx1, &cy1);
  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      g_hash_table_add (keys, cell_key (cx, cy));
}

static guint
add_source (DmSnapIndex *self, Source *source)
{
  guint slot = self->sources->len;

  /* Reuse a free slot: features come and go while editing. */
  for (guint i = 0; i < self->sources->len; i++)
    if (g_array_index (self->sources, Source, i).source == DM_SNAP_SOURCE_NONE)
      {
        slot = i;
        break;
      }
  if (slot == self->sources->len)
    g_array_append_val (self->sources, *source);
  else
    g_array_index (self->sources, Source, slot) = *source;
  foreach_segment (self, slot, source->geometry, insert_segment, NULL);
  return slot;
}

/* Takes a source's entries out of the cells its segments touch. */
static void
remove_source (DmSnapIndex *self, guint slot)
{
  Source *s = &g_array_index (self->sources, Source, slot);
  g_autoptr (GHashTable) keys = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  foreach_segment (self, slot, s->geometry, collect_cells, keys);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GArray *cell = g_hash_table_lookup (self->cells, key);
      guint kept = 0;

      if (cell == NULL)
        continue;
      for (guint i = 0; i < cell->len; i++)
        if (g_array_index (cell, Entry, i).source != slot)
          g_array_index (cell, Entry, kept++) = g_array_index (cell, Entry, i);
      self->n_entries -= cell->len - kept;
      if (kept == 0)
        g_hash_table_remove (self->cells, key);
      else
        g_array_set_size (cell, kept);
    }
  source_clear (s);
}

void
dm_snap_index_add_linework (DmSnapIndex *self, DmBasemap *basemap, DmLineworkKind kind)
{
  Source s = { DM_SNAP_SOURCE_BASEMAP, 0, kind, NULL, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (basemap != NULL);
  g_return_if_fail (kind < DM_N_LINEWORK_KINDS);

  if (self->linework_slot[kind] >= 0)
    remove_source (self, self->linework_slot[kind]);
  s.geometry = dm_basemap_get_linework (basemap, kind);
  g_ptr_array_add (self->basemaps, dm_basemap_ref (basemap));
  self->linework_slot[kind] = add_source (self, &s);
}

void
dm_snap_index_remove_feature (DmSnapIndex *self, guint id)
{
  guint slot;

  g_return_if_fail (self != NULL);

  slot = GPOINTER_TO_UINT (g_hash_table_lookup (self->features, GUINT_TO_POINTER (id)));
  if (slot == 0)
    return;
  remove_source (self, slot - 1);
  g_hash_table_remove (self->features, GUINT_TO_POINTER (id));
}

void
dm_snap_index_set_feature (DmSnapIndex *self, guint id, const DmGeometry *geometry)
{
  Source s = { DM_SNAP_SOURCE_FEATURE, id, 0, NULL, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != 0);

  dm_snap_index_remove_feature (self, id);
  if (geometry == NULL || dm_geometry_is_empty (geometry))
    return;
  s.owned = dm_geometry_copy (geometry);
  s.geometry = s.owned;
  g_hash_table_insert (self->features, GUINT_TO_POINTER (id), GUINT_TO_POINTER (add_source (self, &s) + 1));
}

static void
add_features (DmSnapIndex *self, GPtrArray *features)
{
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);

      dm_snap_index_set_feature (self, dm_feature_get_id (f), dm_feature_get_geometry (f));
    }
}

void
dm_snap_index_add_document (DmSnapIndex *self, DmDocument *document)
{
  g_autoptr (GPtrArray) features = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (DM_IS_DOCUMENT (document));

  features = dm_document_list_features (document, -1);
  add_features (self, features);
  for (guint i = 0; i < dm_document_get_n_reference_layers (document); i++)
    add_features (self, dm_document_get_reference_layer_features (document, i));
}

guint
dm_snap_index_get_n_segments (DmSnapIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_entries;
}

/* ---- Queries ------------------------------------------------------------ */

typedef struct {
  double d2; /* in tolerances, squared */
  guint32 source;
  guint32 index;
  double fraction;
  double lon, lat;
  gboolean found;
} Candidate;

static void
fill_result (DmSnapIndex *self, const Candidate *c, DmSnapFlags type, DmSnapResult *out)
{
  const Source *s = &g_array_index (self->sources, Source, c->source);

  memset (out, 0, sizeof *out);
  out->source = s->source;
  out->feature_id = s->feature_id;
  out->kind = s->kind;
  dm_geometry_locate_point (s->geometry, c->index, &out->part, &out->ring);
  out->type = type;
  out->index = c->index;
  out->fraction = c->fraction;
  out->lon = c->lon;
  out->lat = c->lat;
  out->distance = sqrt (c->d2);
}

gboolean
dm_snap_index_query (DmSnapIndex *self,
                     double lon,
                     double lat,
                     double tol_lon_deg,
                     double tol_lat_deg,
                     DmSnapFlags flags,
                     guint exclude_feature,
                     gint exclude_vertex,
                     DmSnapResult *out)
{
  Candidate vertex = { 1.0, 0, 0, 0, 0, 0, FALSE };
  Candidate segment = vertex;
  int cx0, cy0, cx1, cy1;
  double sx, sy;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (tol_lon_deg > 0 && tol_lat_deg > 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* Work in tolerances: the ellipse becomes the unit circle. */
  sx = 1.0 / tol_lon_deg;
  sy = 1.0 / tol_lat_deg;
  cell_range (lon - tol_lon_deg, lat - tol_lat_deg, lon + tol_lon_deg, lat + tol_lat_deg, &cx0, &cy0, &cx1, &cy1);
  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        GArray *cell = g_hash_table_lookup (self->cells, cell_key (cx, cy));

        for (guint i = 0; cell != NULL && i < cell->len; i++)
          {
            const Entry *e = &g_array_index (cell, Entry, i);
            const Source *s = &g_array_index (self->sources, Source, e->source);
            const double *xy = dm_geometry_get_coords (s->geometry);
            const double *pa = xy + 2 * e->a, *pb = xy + 2 * e->b;
            double ax = (pa[0] - lon) * sx, ay = (pa[1] - lat) * sy;
            double bx = (pb[0] - lon) * sx, by = (pb[1] - lat) * sy;
            gboolean skip_a = FALSE, skip_b = FALSE;

            if (exclude_feature != 0 && s->source == DM_SNAP_SOURCE_FEATURE && s->feature_id == exclude_feature)
              {
                if (exclude_vertex < 0)
                  continue;
                skip_a = e->a == (guint) exclude_vertex;
                skip_b = e->b == (guint) exclude_vertex;
              }
            if (flags & DM_SNAP_VERTEX)
              {
                double da = ax * ax + ay * ay, db = bx * bx + by * by;

                if (!skip_a && da <= vertex.d2)
                  vertex = (Candidate){ da, e->source, e->a, 0, pa[0], pa[1], TRUE };
                if (!skip_b && db <= vertex.d2)
                  vertex = (Candidate){ db, e->source, e->b, 0, pb[0], pb[1], TRUE };
              }
            if ((flags & DM_SNAP_SEGMENT) && e->a != e->b && !skip_a && !skip_b)
              {
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
                double px = ax + t * dx, py = ay + t * dy, d2 = px * px + py * py;

                if (d2 <= segment.d2)
                  segment = (Candidate){
                    d2, e->source, e->a, t, pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1]), TRUE
                  };
              }
          }
      }

  if (vertex.found)
    fill_result (self, &vertex, DM_SNAP_VERTEX, out);
  else if (segment.found)
    fill_result (self, &segment, DM_SNAP_SEGMENT, out);
  else
    return FALSE;
  return TRUE;
}

/* ---- Tracing ------------------------------------------------------------ */

static const Source *
result_source (DmSnapIndex *self, const DmSnapResult *r)
{
  int slot = -1;

  if (r->source == DM_SNAP_SOURCE_FEATURE)
    slot = (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->features, GUINT_TO_POINTER (r->feature_id))) - 1;
  else if (r->source == DM_SNAP_SOURCE_BASEMAP && r->kind < DM_N_LINEWORK_KINDS)
    slot = self->linework_slot[r->kind];
  return slot >= 0 ? &g_array_index (self->sources, Source, slot) : NULL;
}

/* The points from position @s0 to @s1 going forward along a path of @m
 * vertices (a cycle of @cycle vertices when @cycle > 0, and then @s1 may
 * exceed @cycle), both ends included. */
static GArray *
walk (const double *xy, guint cycle, double s0, double s1, const double *p0, const double *p1)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (out, p0, 2);
  for (guint j = (guint) floor (s0) + 1; (double) j < s1; j++)
    g_array_append_vals (out, xy + 2 * (cycle > 0 ? j % cycle : j), 2);
  g_array_append_vals (out, p1, 2);
  return out;
}

static void
reverse_path (GArray *path)
{
  double *d = (double *) (gpointer) path->data;
  guint n = path->len / 2;

  for (guint i = 0; i < n / 2; i++)
    for (guint k = 0; k < 2; k++)
      {
        double t = d[2 * i + k];

        d[2 * i + k] = d[2 * (n - 1 - i) + k];
        d[2 * (n - 1 - i) + k] = t;
      }
}

/* ---- Tracing across lines ------------------------------------------------ */

/* A line whose end comes within this of another line joins it there: the
 * basemap's river parts stop a few dozen metres short of each other, and
 * at a reservoir's shore. */
#define JOIN_GAP_M 1500.0
/* Lines looked at: those within this margin (degrees) of the box round
 * the two points. */
#define NETWORK_MARGIN_DEG 0.5
#define M_PER_DEG          111195.0

/* One path (a part's line, or a ring) near the two points. */
typedef struct {
  const double *xy;
  guint m;     /* vertices */
  guint cycle; /* a closed ring's vertex count, else 0 */
  guint slot, part, ring;
  double min_x, min_y, max_x, max_y;
  double *cum;   /* metres from vertex 0 to each vertex, round to it again on a cycle */
  GArray *nodes; /* guint: nodes on this path */
} NPath;

typedef struct {
  guint path;
  double s; /* vertex index plus fraction */
  double lon, lat;
} NNode;

typedef struct {
  guint a, b;
  double cost;
  gboolean along; /* along their path, else a straight join */
} NEdge;

static double
approx_m (double lon0, double lat0, double lon1, double lat1)
{
  double k = cos ((lat0 + lat1) / 2 * G_PI / 180.0);

  return hypot ((lon1 - lon0) * k, lat1 - lat0) * M_PER_DEG;
}

static double
npath_at (const NPath *p, double s)
{
  guint last = p->cycle > 0 ? p->cycle : p->m - 1;
  guint i = (guint) floor (s);

  if (i >= last)
    return p->cum[last];
  return p->cum[i] + (s - i) * (p->cum[i + 1] - p->cum[i]);
}

/* Metres along @p between positions @s0 and @s1, and whether the way is
 * forward (on a cycle, the shorter way round). */
static double
npath_between (const NPath *p, double s0, double s1, gboolean *forward)
{
  double total, fwd;

  if (p->cycle == 0)
    {
      *forward = s0 <= s1;
      return fabs (npath_at (p, s1) - npath_at (p, s0));
    }
  total = p->cum[p->cycle];
  fwd = s1 >= s0 ? npath_at (p, s1) - npath_at (p, s0) : total - npath_at (p, s0) + npath_at (p, s1);
  *forward = fwd <= total - fwd;
  return MIN (fwd, total - fwd);
}

/* The nearest point of @p to (@lon, @lat): its position, and how far. */
static double
npath_nearest (const NPath *p, double lon, double lat, double *s, double *x, double *y)
{
  guint n_seg = p->cycle > 0 ? p->cycle : p->m - 1;
  double best = G_MAXDOUBLE, k = cos (lat * G_PI / 180.0);

  for (guint i = 0; i < n_seg; i++)
    {
      guint j = (i + 1) % p->m;
      double ax = p->xy[2 * i], ay = p->xy[2 * i + 1], bx = p->xy[2 * j], by = p->xy[2 * j + 1];
      double dx = (bx - ax) * k, dy = by - ay, l2 = dx * dx + dy * dy;
      double t = l2 > 0 ? CLAMP (((lon - ax) * k * dx + (lat - ay) * dy) / l2, 0.0, 1.0) : 0.0;
      double qx = ax + t * (bx - ax), qy = ay + t * (by - ay);
      double d = approx_m (lon, lat, qx, qy);

      if (d < best)
        {
          best = d;
          *s = i + t;
          *x = qx;
          *y = qy;
        }
    }
  return best;
}

static guint
add_node (GArray *nodes, GArray *paths, guint path, double s, double lon, double lat)
{
  NNode node = { path, s, lon, lat };
  guint id = nodes->len;

  g_array_append_val (nodes, node);
  g_array_append_val (g_array_index (paths, NPath, path).nodes, id);
  return id;
}

static void
add_edge (GArray *edges, guint a, guint b, double cost, gboolean along)
{
  NEdge e = { a, b, cost, along };

  g_array_append_val (edges, e);
}

static void
append_point (GArray *out, double lon, double lat)
{
  guint n = out->len / 2;

  if (n > 0 && g_array_index (out, double, 2 * n - 2) == lon && g_array_index (out, double, 2 * n - 1) == lat)
    return;
  g_array_append_val (out, lon);
  g_array_append_val (out, lat);
}

/* The vertices of @p strictly between positions @s0 and @s1, in order. */
static void
append_walk (GArray *out, const NPath *p, double s0, double s1)
{
  gboolean forward;
  int n = (int) (p->cycle > 0 ? p->cycle : p->m);

  npath_between (p, s0, s1, &forward);
  if (forward)
    {
      double end = (p->cycle > 0 && s1 < s0) ? s1 + n : s1;

      for (int j = (int) floor (s0) + 1; (double) j < end; j++)
        {
          int k = j % n;

          append_point (out, p->xy[2 * k], p->xy[2 * k + 1]);
        }
    }
  else
    {
      double end = (p->cycle > 0 && s1 > s0) ? s1 - n : s1;

      for (int j = (int) ceil (s0) - 1; (double) j > end; j--)
        {
          int k = ((j % n) + n) % n;

          append_point (out, p->xy[2 * k], p->xy[2 * k + 1]);
        }
    }
}

static GArray *sort_nodes; /* for compare_s: the nodes being sorted by */

static int
compare_s (gconstpointer a, gconstpointer b)
{
  double sa = g_array_index (sort_nodes, NNode, *(const guint *) a).s;
  double sb = g_array_index (sort_nodes, NNode, *(const guint *) b).s;

  return sa < sb ? -1 : sa > sb;
}

static void
npath_clear (gpointer data)
{
  NPath *p = data;

  g_free (p->cum);
  g_array_unref (p->nodes);
}

/* Position along its path of a snapped point. */
static double
result_position (const DmGeometry *g, const DmSnapResult *r)
{
  guint offset = dm_geometry_get_ring_offset (g, r->part, r->ring);

  return (r->index - offset) + (r->type == DM_SNAP_SEGMENT ? r->fraction : 0);
}

/*
 * The shortest way from @from to @to over the lines near them, a line's
 * end joining another line that passes within JOIN_GAP_M: along the
 * Dnieper, say, from one of the basemap's river parts to the next, or
 * round a reservoir's shore to where the river leaves it.  Dijkstra over
 * the lines' ends, their joins and the two points.
 */
static DmGeometry *
trace_network (DmSnapIndex *self, const DmSnapResult *from, const DmSnapResult *to, GError **error)
{
  g_autoptr (GArray) paths = g_array_new (FALSE, TRUE, sizeof (NPath));
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (NNode));
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (NEdge));
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *dist = NULL;
  g_autofree int *via = NULL;
  g_autofree gboolean *done = NULL;
  g_autoptr (GArray) route = g_array_new (FALSE, FALSE, sizeof (guint));
  double w = MIN (from->lon, to->lon) - NETWORK_MARGIN_DEG, e = MAX (from->lon, to->lon) + NETWORK_MARGIN_DEG;
  double s = MIN (from->lat, to->lat) - NETWORK_MARGIN_DEG, n = MAX (from->lat, to->lat) + NETWORK_MARGIN_DEG;
  double gap_deg = JOIN_GAP_M / M_PER_DEG / cos (MAX (fabs (s), fabs (n)) * G_PI / 180.0);
  int from_slot = -1, to_slot = -1;
  guint start = G_MAXUINT, goal = G_MAXUINT, n_nodes;

  g_array_set_clear_func (paths, npath_clear);
  {
    const Source *fs = result_source (self, from), *ts = result_source (self, to);

    from_slot = (int) (fs - &g_array_index (self->sources, Source, 0));
    to_slot = (int) (ts - &g_array_index (self->sources, Source, 0));
  }

  /* The paths near the two points. */
  for (guint slot = 0; slot < self->sources->len; slot++)
    {
      const Source *src = &g_array_index (self->sources, Source, slot);
      const DmGeometry *g = src->geometry;

      if (src->source == DM_SNAP_SOURCE_NONE || g == NULL || dm_geometry_is_puntal (g))
        continue;
      /* The basemap's linework joins up; the document's features only
       * carry a trace that starts or ends on them. */
      if (src->source == DM_SNAP_SOURCE_FEATURE && (int) slot != from_slot && (int) slot != to_slot)
        continue;
      for (guint part = 0; part < dm_geometry_get_n_parts (g); part++)
        for (guint ring = 0; ring < dm_geometry_get_n_rings (g, part); ring++)
          {
            NPath p = { 0 };
            guint segments;

            p.xy = dm_geometry_get_ring (g, part, ring, &p.m);
            if (p.m < 2)
              continue;
            p.min_x = p.min_y = G_MAXDOUBLE;
            p.max_x = p.max_y = -G_MAXDOUBLE;
            for (guint i = 0; i < p.m; i++)
              {
                p.min_x = MIN (p.min_x, p.xy[2 * i]);
                p.max_x = MAX (p.max_x, p.xy[2 * i]);
                p.min_y = MIN (p.min_y, p.xy[2 * i + 1]);
                p.max_y = MAX (p.max_y, p.xy[2 * i + 1]);
              }
            if (p.max_x < w || p.min_x > e || p.max_y < s || p.min_y > n)
              continue;
            if (dm_geometry_is_polygonal (g))
              p.cycle = p.m;
            else if (p.m >= 4 && p.xy[0] == p.xy[2 * p.m - 2] && p.xy[1] == p.xy[2 * p.m - 1])
              p.cycle = p.m - 1;
            p.slot = slot;
            p.part = part;
            p.ring = ring;
            segments = p.cycle > 0 ? p.cycle : p.m - 1;
            p.cum = g_new (double, segments + 1);
            p.cum[0] = 0;
            for (guint i = 0; i < segments; i++)
              {
                guint j = (i + 1) % p.m;

                p.cum[i + 1] = p.cum[i] + approx_m (p.xy[2 * i], p.xy[2 * i + 1], p.xy[2 * j], p.xy[2 * j + 1]);
              }
            p.nodes = g_array_new (FALSE, FALSE, sizeof (guint));
            g_array_append_val (paths, p);
            if ((int) slot == from_slot && part == from->part && ring == from->ring)
              start = add_node (nodes, paths, paths->len - 1, result_position (g, from), from->lon, from->lat);
            if ((int) slot == to_slot && part == to->part && ring == to->ring)
              goal = add_node (nodes, paths, paths->len - 1, result_position (g, to), to->lon, to->lat);
          }
    }
  if (start == G_MAXUINT || goal == G_MAXUINT)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED,
                   _ ("A line can only be traced between two points snapped to it; move the pointer onto the line"));
      return NULL;
    }

  /* Each open line's ends join the lines that pass near them. */
  for (guint i = 0; i < paths->len; i++)
    {
      NPath *p = &g_array_index (paths, NPath, i);

      if (p->cycle > 0)
        continue;
      for (guint end = 0; end < 2; end++)
        {
          double se = end == 0 ? 0 : p->m - 1;
          double ex = p->xy[2 * (guint) se], ey = p->xy[2 * (guint) se + 1];
          guint end_node = G_MAXUINT;

          for (guint j = 0; j < paths->len; j++)
            {
              NPath *q = &g_array_index (paths, NPath, j);
              double sq = 0, qx = ex, qy = ey, d;

              if (j == i || ex < q->min_x - gap_deg || ex > q->max_x + gap_deg || ey < q->min_y - gap_deg ||
                  ey > q->max_y + gap_deg)
                continue;
              d = npath_nearest (q, ex, ey, &sq, &qx, &qy);
              if (d > JOIN_GAP_M)
                continue;
              if (end_node == G_MAXUINT)
                end_node = add_node (nodes, paths, i, se, ex, ey);
              add_edge (edges, end_node, add_node (nodes, paths, j, sq, qx, qy), d, FALSE);
            }
        }
    }

  /* Along each path, between its nodes in order (and round a cycle). */
  sort_nodes = nodes;
  for (guint i = 0; i < paths->len; i++)
    {
      NPath *p = &g_array_index (paths, NPath, i);

      g_array_sort (p->nodes, compare_s);
      for (guint k = 0; k + 1 < p->nodes->len || (p->cycle > 0 && k + 1 == p->nodes->len && k > 0); k++)
        {
          guint a = g_array_index (p->nodes, guint, k);
          guint b = g_array_index (p->nodes, guint, (k + 1) % p->nodes->len);
          gboolean forward;

          add_edge (edges, a, b,
                    npath_between (p, g_array_index (nodes, NNode, a).s, g_array_index (nodes, NNode, b).s, &forward),
                    TRUE);
        }
    }
  sort_nodes = NULL;

  /* Dijkstra (the graph has a few hundred nodes). */
  n_nodes = nodes->len;
  dist = g_new (double, n_nodes);
  via = g_new (int, n_nodes);
  done = g_new0 (gboolean, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      dist[i] = G_MAXDOUBLE;
      via[i] = -1;
    }
  dist[start] = 0;
  for (;;)
    {
      guint u = G_MAXUINT;

      for (guint i = 0; i < n_nodes; i++)
        if (!done[i] && dist[i] < G_MAXDOUBLE && (u == G_MAXUINT || dist[i] < dist[u]))
          u = i;
      if (u == G_MAXUINT || u == goal)
        break;
      done[u] = TRUE;
      for (guint k = 0; k < edges->len; k++)
        {
          const NEdge *ed = &g_array_index (edges, NEdge, k);
          guint v = ed->a == u ? ed->b : ed->b == u ? ed->a : G_MAXUINT;

          if (v != G_MAXUINT && !done[v] && dist[u] + ed->cost < dist[v])
            {
              dist[v] = dist[u] + ed->cost;
              via[v] = (int) k;
            }
        }
    }
  if (dist[goal] == G_MAXDOUBLE)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_DIFFERENT_LINES,
                   _ ("No line leads from one point to the other (lines further than 1.5 km apart are not joined); "
                      "pick both on connected lines"));
      return NULL;
    }

  /* The route, from the start. */
  for (guint v = goal; v != start;)
    {
      const NEdge *ed = &g_array_index (edges, NEdge, via[v]);

      g_array_prepend_val (route, via[v]);
      v = ed->a == v ? ed->b : ed->a;
    }
  append_point (out, from->lon, from->lat);
  {
    guint u = start;

    for (guint k = 0; k < route->len; k++)
      {
        const NEdge *ed = &g_array_index (edges, NEdge, g_array_index (route, guint, k));
        guint v = ed->a == u ? ed->b : ed->a;
        const NNode *nu = &g_array_index (nodes, NNode, u), *nv = &g_array_index (nodes, NNode, v);

        if (ed->along)
          append_walk (out, &g_array_index (paths, NPath, nu->path), nu->s, nv->s);
        append_point (out, nv->lon, nv->lat);
        u = v;
      }
  }
  if (out->len < 4)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_SAME_POINT,
                   _ ("Both ends of the trace are the same point; pick a second point further along the line"));
      return NULL;
    }
  return dm_geometry_new_linestring ((const double *) (gpointer) out->data, out->len / 2);
}

DmGeometry *
dm_snap_trace (DmSnapIndex *self, const DmSnapResult *from, const DmSnapResult *to, GError **error)
{
  const Source *source;
  const double *xy;
  const double p0[2] = { from->lon, from->lat }, p1[2] = { to->lon, to->lat };
  guint m, offset, cycle = 0;
  double s0, s1;
  g_autoptr (GArray) path = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((source = result_source (self, from)) == NULL || result_source (self, to) == NULL)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED,
                   _ ("A line can only be traced between two points snapped to it; move the pointer onto the line"));
      return NULL;
    }
  /* On different lines: over the lines that join them. */
  if (from->source != to->source || result_source (self, to) != source || from->part != to->part ||
      from->ring != to->ring)
    return trace_network (self, from, to, error);

  xy = dm_geometry_get_ring (source->geometry, from->part, from->ring, &m);
  offset = dm_geometry_get_ring_offset (source->geometry, from->part, from->ring);
  /* Positions along the path: vertex index plus the fraction of the way
   * to the next. */
  s0 = (from->index - offset) + (from->type == DM_SNAP_SEGMENT ? from->fraction : 0);
  s1 = (to->index - offset) + (to->type == DM_SNAP_SEGMENT ? to->fraction : 0);
  if (s0 == s1)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_SAME_POINT,
                   _ ("Both ends of the trace are the same point; pick a second point further along the line"));
      return NULL;
    }
  /* Closed: a polygon's ring (stored open) or a line back at its start. */
  if (dm_geometry_is_polygonal (source->geometry))
    cycle = m;
  else if (m >= 4 && xy[0] == xy[2 * m - 2] && xy[1] == xy[2 * m - 1])
    {
      cycle = m - 1;
      s0 = fmod (s0, cycle);
      s1 = fmod (s1, cycle);
    }

  if (cycle == 0)
    {
      if (s0 < s1)
        path = walk (xy, 0, s0, s1, p0, p1);
      else
        {
          path = walk (xy, 0, s1, s0, p1, p0);
          reverse_path (path);
        }
    }
  else
    {
      g_autoptr (GArray) forward = walk (xy, cycle, s0, s1 > s0 ? s1 : s1 + cycle, p0, p1);
      g_autoptr (GArray) backward = walk (xy, cycle, s1, s0 > s1 ? s0 : s0 + cycle, p1, p0);
      double lf = dm_geodesy_path_length_m ((double *) (gpointer) forward->data, forward->len / 2);
      double lb = dm_geodesy_path_length_m ((double *) (gpointer) backward->data, backward->len / 2);

      if (lf <= lb)
        path = g_steal_pointer (&forward);
      else
        {
          reverse_path (backward);
          path = g_steal_pointer (&backward);
        }
    }
  return dm_geometry_new_linestring ((double *) (gpointer) path->data, path->len / 2);
}
