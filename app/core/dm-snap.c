/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-snap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dm-geodesy.h"
#include "dm-snap.h"

G_DEFINE_QUARK (dm-snap-error-quark, dm_snap_error)

/* 0.1° cells (about 11 × 7 km in Ukraine): a pointer tolerance of a few
 * pixels spans one to four cells from zoom 8 in, where snapping matters,
 * and a cell of the basemap's densest linework holds a few dozen
 * segments. */
#define CELL_DEG 0.1
#define CELLS_PER_DEGREE 10.0

/* One geometry that can be snapped to. */
typedef struct {
  DmSnapSource source;       /* NONE for a free slot */
  guint feature_id;
  DmLineworkKind kind;
  DmGeometry *owned;         /* a feature's copy */
  const DmGeometry *geometry;
} Source;

/* A segment from vertex @a to vertex @b of a source (a == b for a lone
 * point), filed in every cell its bounding box touches. */
typedef struct {
  guint32 source;
  guint32 a;
  guint32 b;
} Entry;

struct _DmSnapIndex
{
  GArray *sources;           /* Source */
  GHashTable *features;      /* id → source slot + 1 */
  int linework_slot[DM_N_LINEWORK_KINDS];
  GHashTable *cells;         /* cell key → GArray of Entry */
  GPtrArray *basemaps;       /* DmBasemap, kept alive for their linework */
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
cell_key (int cx,
          int cy)
{
  return GUINT_TO_POINTER (((guint) (cx + 2048) << 12 | (guint) (cy + 1024)) + 1);
}

static inline void
cell_range (double  lon0,
            double  lat0,
            double  lon1,
            double  lat1,
            int    *cx0,
            int    *cy0,
            int    *cx1,
            int    *cy1)
{
  *cx0 = CLAMP (cell_of (MIN (lon0, lon1)), -1800, 1800);
  *cx1 = CLAMP (cell_of (MAX (lon0, lon1)), -1800, 1800);
  *cy0 = CLAMP (cell_of (MIN (lat0, lat1)), -900, 900);
  *cy1 = CLAMP (cell_of (MAX (lat0, lat1)), -900, 900);
}

/* Calls @func for every segment (and lone point) of @g. */
typedef void (*SegmentFunc) (DmSnapIndex *self, guint slot, const double *xy, guint a, guint b, gpointer data);

static void
foreach_segment (DmSnapIndex      *self,
                 guint             slot,
                 const DmGeometry *g,
                 SegmentFunc       func,
                 gpointer          data)
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
insert_segment (DmSnapIndex  *self,
                guint         slot,
                const double *xy,
                guint         a,
                guint         b,
                gpointer      data)
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
collect_cells (DmSnapIndex  *self,
               guint         slot,
               const double *xy,
               guint         a,
               guint         b,
               gpointer      data)
{
  GHashTable *keys = data;
  int cx0, cy0, cx1, cy1;

  cell_range (xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], &cx0, &cy0, &cx1, &cy1);
  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      g_hash_table_add (keys, cell_key (cx, cy));
}

static guint
add_source (DmSnapIndex *self,
            Source      *source)
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
remove_source (DmSnapIndex *self,
               guint        slot)
{
  Source *s = &g_array_index (self->sources, Source, slot);
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
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
dm_snap_index_add_linework (DmSnapIndex    *self,
                            DmBasemap      *basemap,
                            DmLineworkKind  kind)
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
dm_snap_index_remove_feature (DmSnapIndex *self,
                              guint        id)
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
dm_snap_index_set_feature (DmSnapIndex      *self,
                           guint             id,
                           const DmGeometry *geometry)
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
add_features (DmSnapIndex *self,
              GPtrArray   *features)
{
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);

      dm_snap_index_set_feature (self, dm_feature_get_id (f), dm_feature_get_geometry (f));
    }
}

void
dm_snap_index_add_document (DmSnapIndex *self,
                            DmDocument  *document)
{
  g_autoptr(GPtrArray) features = NULL;

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
  double d2;               /* in tolerances, squared */
  guint32 source;
  guint32 index;
  double fraction;
  double lon, lat;
  gboolean found;
} Candidate;

static void
fill_result (DmSnapIndex     *self,
             const Candidate *c,
             DmSnapFlags      type,
             DmSnapResult    *out)
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
dm_snap_index_query (DmSnapIndex  *self,
                     double        lon,
                     double        lat,
                     double        tol_lon_deg,
                     double        tol_lat_deg,
                     DmSnapFlags   flags,
                     guint         exclude_feature,
                     gint          exclude_vertex,
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
                  vertex = (Candidate) { da, e->source, e->a, 0, pa[0], pa[1], TRUE };
                if (!skip_b && db <= vertex.d2)
                  vertex = (Candidate) { db, e->source, e->b, 0, pb[0], pb[1], TRUE };
              }
            if ((flags & DM_SNAP_SEGMENT) && e->a != e->b && !skip_a && !skip_b)
              {
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
                double px = ax + t * dx, py = ay + t * dy, d2 = px * px + py * py;

                if (d2 <= segment.d2)
                  segment = (Candidate) { d2, e->source, e->a, t, pa[0] + t * (pb[0] - pa[0]),
                                          pa[1] + t * (pb[1] - pa[1]), TRUE };
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
result_source (DmSnapIndex        *self,
               const DmSnapResult *r)
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
walk (const double *xy,
      guint         cycle,
      double        s0,
      double        s1,
      const double *p0,
      const double *p1)
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

DmGeometry *
dm_snap_trace (DmSnapIndex         *self,
               const DmSnapResult  *from,
               const DmSnapResult  *to,
               GError             **error)
{
  const Source *source;
  const double *xy;
  const double p0[2] = { from->lon, from->lat }, p1[2] = { to->lon, to->lat };
  guint m, offset, cycle = 0;
  double s0, s1;
  g_autoptr(GArray) path = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((source = result_source (self, from)) == NULL || result_source (self, to) == NULL)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED,
                   _("A line can only be traced between two points snapped to it; move the pointer onto the line"));
      return NULL;
    }
  if (from->source != to->source || result_source (self, to) != source ||
      from->part != to->part || from->ring != to->ring)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_DIFFERENT_LINES,
                   _("The two points are on different lines; tracing follows one line, so pick both on the same one"));
      return NULL;
    }

  xy = dm_geometry_get_ring (source->geometry, from->part, from->ring, &m);
  offset = dm_geometry_get_ring_offset (source->geometry, from->part, from->ring);
  /* Positions along the path: vertex index plus the fraction of the way
   * to the next. */
  s0 = (from->index - offset) + (from->type == DM_SNAP_SEGMENT ? from->fraction : 0);
  s1 = (to->index - offset) + (to->type == DM_SNAP_SEGMENT ? to->fraction : 0);
  if (s0 == s1)
    {
      g_set_error (error, DM_SNAP_ERROR, DM_SNAP_ERROR_SAME_POINT,
                   _("Both ends of the trace are the same point; pick a second point further along the line"));
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
      g_autoptr(GArray) forward = walk (xy, cycle, s0, s1 > s0 ? s1 : s1 + cycle, p0, p1);
      g_autoptr(GArray) backward = walk (xy, cycle, s1, s0 > s1 ? s0 : s0 + cycle, p1, p0);
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
