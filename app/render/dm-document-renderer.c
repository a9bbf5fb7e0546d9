/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-render"
#include "config.h"

#include "dm-document-renderer.h"
#include "dm-monitoring.h"
#include "dm-style.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* Vertices per chunk: the unit of culling. */
#define CHUNK 64
/* Level of detail: a vertex closer than this (pixels, Manhattan) to the
 * last one drawn is skipped. */
#define LOD_PX 0.8

/* Projection */

static double
viewport_world (const DmViewport *vp)
{
  return vp->tile_size * pow (2.0, vp->zoom);
}

void
dm_viewport_to_widget (const DmViewport *vp, double lon, double lat, double *x, double *y)
{
  double world = viewport_world (vp);
  double mx, my, cx, cy, dx, dy;

  dm_mercator_unit (lon, lat, &mx, &my);
  dm_mercator_unit (vp->lon, vp->lat, &cx, &cy);
  dx = (mx - cx) * world;
  dy = (my - cy) * world;
  *x = vp->width / 2 + dx * cos (vp->rotation) - dy * sin (vp->rotation);
  *y = vp->height / 2 + dx * sin (vp->rotation) + dy * cos (vp->rotation);
}

void
dm_viewport_get_mercator_matrix (const DmViewport *vp, cairo_matrix_t *matrix)
{
  double world = viewport_world (vp), cx, cy;

  g_return_if_fail (vp != NULL && matrix != NULL);

  dm_mercator_unit (vp->lon, vp->lat, &cx, &cy);
  /* widget = centre + R(rotation) · world · (m − centre) */
  cairo_matrix_init_translate (matrix, vp->width / 2, vp->height / 2);
  cairo_matrix_rotate (matrix, vp->rotation);
  cairo_matrix_scale (matrix, world, world);
  cairo_matrix_translate (matrix, -cx, -cy);
}

void
dm_viewport_to_location (const DmViewport *vp, double x, double y, double *lon, double *lat)
{
  double world = viewport_world (vp);
  double cx, cy, dx, dy, ux, uy;

  dm_mercator_unit (vp->lon, vp->lat, &cx, &cy);
  ux = x - vp->width / 2;
  uy = y - vp->height / 2;
  dx = ux * cos (vp->rotation) + uy * sin (vp->rotation);
  dy = -ux * sin (vp->rotation) + uy * cos (vp->rotation);
  dm_mercator_unit_inverse (cx + dx / world, cy + dy / world, lon, lat);
}

/* Projected geometry: rings of normalised Mercator coordinates (0..1, y
 * down) cut into chunks of CHUNK segments with bounding boxes. */

typedef struct {
  double min_x, min_y, max_x, max_y;
} BBox;

typedef struct {
  guint first; /* point index into Proj.coords */
  guint n;     /* points, the next chunk's first included */
  BBox box;
} Chunk;

typedef struct {
  guint first_chunk;
  guint n_chunks;
  guint first_point;
  guint n_points;
  gboolean hole;
} PRing;

typedef struct {
  GArray *coords; /* double pairs */
  GArray *chunks; /* Chunk */
  GArray *rings;  /* PRing */
  GArray *parts;  /* guint: first ring of each part */
  BBox box;
} Proj;

static void
bbox_empty (BBox *b)
{
  b->min_x = b->min_y = G_MAXDOUBLE;
  b->max_x = b->max_y = -G_MAXDOUBLE;
}

static void
bbox_add (BBox *b, double x, double y)
{
  b->min_x = MIN (b->min_x, x);
  b->min_y = MIN (b->min_y, y);
  b->max_x = MAX (b->max_x, x);
  b->max_y = MAX (b->max_y, y);
}

static gboolean
bbox_intersects (const BBox *a, const BBox *b)
{
  return !(a->max_x < b->min_x || a->min_x > b->max_x || a->max_y < b->min_y || a->min_y > b->max_y);
}

static Proj *
proj_new (void)
{
  Proj *p = g_new0 (Proj, 1);

  p->coords = g_array_new (FALSE, FALSE, sizeof (double));
  p->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  p->rings = g_array_new (FALSE, FALSE, sizeof (PRing));
  p->parts = g_array_new (FALSE, FALSE, sizeof (guint));
  bbox_empty (&p->box);
  return p;
}

static void
proj_free (Proj *p)
{
  if (p == NULL)
    return;
  g_array_unref (p->coords);
  g_array_unref (p->chunks);
  g_array_unref (p->rings);
  g_array_unref (p->parts);
  g_free (p);
}

static void
proj_begin_part (Proj *p)
{
  guint first = p->rings->len;

  g_array_append_val (p->parts, first);
}

/* Adds a ring already in normalised Mercator (@m: n_points pairs). */
static void
proj_add_projected_ring (Proj *p, const double *m, guint n_points, gboolean hole)
{
  PRing ring = { p->chunks->len, 0, p->coords->len / 2, n_points, hole };

  if (n_points == 0)
    return;
  g_array_append_vals (p->coords, m, 2 * n_points);
  /* Chunks overlap by one point so every segment lies in one chunk. */
  for (guint first = 0; first == 0 || first + 1 < n_points; first += CHUNK)
    {
      const double *c = (const double *) (gpointer) p->coords->data + 2 * ring.first_point;
      Chunk chunk = { ring.first_point + first, MIN (CHUNK + 1, n_points - first), { 0 } };

      bbox_empty (&chunk.box);
      for (guint i = 0; i < chunk.n; i++)
        bbox_add (&chunk.box, c[2 * (first + i)], c[2 * (first + i) + 1]);
      bbox_add (&p->box, chunk.box.min_x, chunk.box.min_y);
      bbox_add (&p->box, chunk.box.max_x, chunk.box.max_y);
      g_array_append_val (p->chunks, chunk);
      ring.n_chunks++;
      if (n_points == 1)
        break;
    }
  g_array_append_val (p->rings, ring);
}

static void
project_ring (const double *xy, guint n_points, GArray *out)
{
  g_array_set_size (out, 2 * n_points);
  for (guint i = 0; i < n_points; i++)
    dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &g_array_index (out, double, 2 * i),
                      &g_array_index (out, double, 2 * i + 1));
}

static void
proj_add_ring (Proj *p, const double *xy, guint n_points, gboolean hole)
{
  g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (double));

  project_ring (xy, n_points, m);
  proj_add_projected_ring (p, (const double *) (gpointer) m->data, n_points, hole);
}

static Proj *
proj_new_from_geometry (const DmGeometry *geometry)
{
  Proj *p = proj_new ();

  for (guint part = 0; part < dm_geometry_get_n_parts (geometry); part++)
    {
      proj_begin_part (p);
      for (guint r = 0; r < dm_geometry_get_n_rings (geometry, part); r++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (geometry, part, r, &n);

          proj_add_ring (p, xy, n, r > 0);
        }
    }
  return p;
}

/* Zones' rings projected, by the address of their coordinates: tiles a
 * revision did not recompute keep their pieces, so most rings of new
 * results were projected for the last ones.  Addresses are safe keys
 * while the results holding them live: the table only holds rings of the
 * results being replaced, still alive while the new ones are projected. */
typedef struct {
  GArray *coords; /* double pairs, normalised Mercator */
  guint n_points;
  guint generation;
} RingProj;

static void
ring_proj_free (RingProj *r)
{
  g_array_unref (r->coords);
  g_free (r);
}

typedef struct {
  Proj *proj;
  GHashTable *rings;
  guint generation;
} ZoneBuild;

static void
add_zone_ring (const double *xy, guint n_points, gboolean is_hole, gpointer user_data)
{
  ZoneBuild *b = user_data;
  RingProj *r = g_hash_table_lookup (b->rings, xy);

  if (r == NULL || r->n_points != n_points)
    {
      r = g_new0 (RingProj, 1);
      r->coords = g_array_new (FALSE, FALSE, sizeof (double));
      r->n_points = n_points;
      project_ring (xy, n_points, r->coords);
      g_hash_table_replace (b->rings, (gpointer) xy, r);
    }
  r->generation = b->generation;
  if (!is_hole)
    proj_begin_part (b->proj);
  proj_add_projected_ring (b->proj, (const double *) (gpointer) r->coords->data, n_points, is_hole);
}

static gboolean
ring_proj_is_old (gpointer key, gpointer value, gpointer user_data)
{
  return ((RingProj *) value)->generation != GPOINTER_TO_UINT (user_data);
}

/* Drawing context */

typedef struct {
  cairo_t *cr;
  double world;
  double cx, cy; /* world pixels of the viewport's centre */
  BBox view;     /* normalised Mercator, with a margin */
  BBox full;     /* the whole viewport, when drawing part of it */
  BBox labels;   /* where a label's feature may lie and reach into view */
  double weight; /* line weights: thinner when zoomed out */
  guint n_vertices;
} Ctx;

static inline void
ctx_point (const Ctx *ctx, const double *m, double *x, double *y)
{
  *x = m[0] * ctx->world - ctx->cx;
  *y = m[1] * ctx->world - ctx->cy;
}

/* Adds the rings of @p to the current path.  Closed rings (polygons):
 * a chunk out of view becomes the chord between its ends, which stays
 * inside the chunk's box and so out of view, leaving the fill in view
 * unchanged.  Open rings (lines): a chunk out of view lifts the pen. */
static void
path_proj_rings (Ctx *ctx, const Proj *p, gboolean closed, guint first_ring, guint n_rings)
{
  const double *coords = (const double *) (gpointer) p->coords->data;

  if (!bbox_intersects (&p->box, &ctx->view))
    return;
  for (guint r = first_ring; r < MIN (p->rings->len, first_ring + n_rings); r++)
    {
      const PRing *ring = &g_array_index (p->rings, PRing, r);
      gboolean pen_down = FALSE;
      double lx = 0, ly = 0;

      for (guint c = 0; c < ring->n_chunks; c++)
        {
          const Chunk *chunk = &g_array_index (p->chunks, Chunk, ring->first_chunk + c);
          gboolean visible = bbox_intersects (&chunk->box, &ctx->view);

          if (!visible && !closed)
            {
              pen_down = FALSE;
              continue;
            }
          if (!visible)
            {
              double x0, y0, x1, y1;

              ctx_point (ctx, coords + 2 * chunk->first, &x0, &y0);
              ctx_point (ctx, coords + 2 * (chunk->first + chunk->n - 1), &x1, &y1);
              if (!pen_down)
                cairo_move_to (ctx->cr, x0, y0);
              cairo_line_to (ctx->cr, x1, y1);
              pen_down = TRUE;
              lx = x1;
              ly = y1;
              ctx->n_vertices += 2;
              continue;
            }
          for (guint i = pen_down ? 1 : 0; i < chunk->n; i++)
            {
              double x, y;

              ctx_point (ctx, coords + 2 * (chunk->first + i), &x, &y);
              if (!pen_down)
                {
                  cairo_move_to (ctx->cr, x, y);
                  pen_down = TRUE;
                }
              else if (i + 1 < chunk->n && fabs (x - lx) + fabs (y - ly) < LOD_PX)
                continue;
              else
                cairo_line_to (ctx->cr, x, y);
              lx = x;
              ly = y;
              ctx->n_vertices++;
            }
        }
      if (closed && pen_down)
        cairo_close_path (ctx->cr);
    }
}

static void
path_proj (Ctx *ctx, const Proj *p, gboolean closed)
{
  path_proj_rings (ctx, p, closed, 0, G_MAXUINT);
}

/* The outline of polygon rings without their axis-parallel edges: zones
 * come in pieces cut along tile edges (meridians and parallels, exact in
 * Mercator too), and those seams are not the zone's edge. */
static void
path_outline (Ctx *ctx, const Proj *p)
{
  const double *coords = (const double *) (gpointer) p->coords->data;

  if (!bbox_intersects (&p->box, &ctx->view))
    return;
  for (guint r = 0; r < p->rings->len; r++)
    {
      const PRing *ring = &g_array_index (p->rings, PRing, r);

      for (guint c = 0; c < ring->n_chunks; c++)
        {
          const Chunk *chunk = &g_array_index (p->chunks, Chunk, ring->first_chunk + c);
          gboolean last_chunk = c + 1 == ring->n_chunks;
          gboolean pen_down = FALSE, pending = FALSE;
          guint n = chunk->n + (last_chunk && ring->n_points > 2 ? 1 : 0);
          double lx = 0, ly = 0, px = 0, py = 0;

          if (!bbox_intersects (&chunk->box, &ctx->view))
            continue;
          for (guint i = 0; i + 1 < n; i++)
            {
              /* The closing edge wraps to the ring's first point. */
              guint a = chunk->first + i;
              guint b = i + 1 < chunk->n ? a + 1 : ring->first_point;
              const double *pa = coords + 2 * a, *pb = coords + 2 * b;
              double x, y;

              if (pa[0] == pb[0] || pa[1] == pb[1])
                {
                  if (pending)
                    cairo_line_to (ctx->cr, px, py);
                  pen_down = pending = FALSE;
                  continue;
                }
              if (!pen_down)
                {
                  ctx_point (ctx, pa, &lx, &ly);
                  cairo_move_to (ctx->cr, lx, ly);
                  pen_down = TRUE;
                }
              ctx_point (ctx, pb, &x, &y);
              /* Level of detail, as in path_proj(): an end too close to
               * the last one drawn waits; a seam or the chunk's end draws
               * it. */
              if (fabs (x - lx) + fabs (y - ly) < LOD_PX)
                {
                  pending = TRUE;
                  px = x;
                  py = y;
                  continue;
                }
              cairo_line_to (ctx->cr, x, y);
              lx = x;
              ly = y;
              pending = FALSE;
              ctx->n_vertices++;
            }
          if (pending)
            cairo_line_to (ctx->cr, px, py);
        }
    }
}

/* A line's visible runs as arrays of pixel coordinates (for offsets). */
typedef void (*RunFunc) (Ctx *ctx, const double *pts, guint n, gpointer data);

static void
foreach_run (Ctx *ctx, const Proj *p, RunFunc func, gpointer data)
{
  const double *coords = (const double *) (gpointer) p->coords->data;
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));

  if (!bbox_intersects (&p->box, &ctx->view))
    return;
  for (guint r = 0; r < p->rings->len; r++)
    {
      const PRing *ring = &g_array_index (p->rings, PRing, r);

      g_array_set_size (pts, 0);
      for (guint c = 0; c < ring->n_chunks; c++)
        {
          const Chunk *chunk = &g_array_index (p->chunks, Chunk, ring->first_chunk + c);

          if (!bbox_intersects (&chunk->box, &ctx->view))
            {
              if (pts->len >= 4)
                func (ctx, (const double *) (gpointer) pts->data, pts->len / 2, data);
              g_array_set_size (pts, 0);
              continue;
            }
          for (guint i = pts->len > 0 ? 1 : 0; i < chunk->n; i++)
            {
              double xy[2];
              guint n = pts->len / 2;

              ctx_point (ctx, coords + 2 * (chunk->first + i), &xy[0], &xy[1]);
              if (n > 0 && i + 1 < chunk->n &&
                  fabs (xy[0] - g_array_index (pts, double, 2 * n - 2)) +
                      fabs (xy[1] - g_array_index (pts, double, 2 * n - 1)) <
                    LOD_PX)
                continue;
              g_array_append_vals (pts, xy, 2);
            }
        }
      if (pts->len >= 4)
        func (ctx, (const double *) (gpointer) pts->data, pts->len / 2, data);
    }
}

/* The polyline offset by @offset pixels to the left of its direction
 * (negative: to the right), with joins limited so sharp turns do not
 * spike. */
static void
path_offset (cairo_t *cr, const double *pts, guint n, double offset)
{
  for (guint i = 0; i < n; i++)
    {
      double nx = 0, ny = 0, len, x = pts[2 * i], y = pts[2 * i + 1];
      int n_normals = 0;

      /* Sum of the adjacent segments' unit left normals (y down). */
      for (int k = -1; k <= 0; k++)
        {
          int a = (int) i + k, b = (int) i + k + 1;
          double dx, dy, l;

          if (a < 0 || b >= (int) n)
            continue;
          dx = pts[2 * b] - pts[2 * a];
          dy = pts[2 * b + 1] - pts[2 * a + 1];
          l = hypot (dx, dy);
          if (l < 1e-9)
            continue;
          nx += dy / l;
          ny += -dx / l;
          n_normals++;
        }
      len = hypot (nx, ny);
      if (offset != 0 && len > 1e-9)
        {
          /* Two unit normals sum to 2 cos(θ/2) for a turn θ: the mitre is
           * offset / cos(θ/2), limited to twice the offset. */
          double half = n_normals == 2 ? len / 2.0 : 1.0;
          double scale = offset / MAX (half, 0.5) / len;

          x += nx * scale;
          y += ny * scale;
        }
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

/* The renderer */

typedef struct {
  guint rule_index;
  char *color;
  Proj *side[2]; /* pieces on side A, on side B */
} ZoneProj;

static void
zone_proj_free (ZoneProj *z)
{
  g_free (z->color);
  proj_free (z->side[0]);
  proj_free (z->side[1]);
  g_free (z);
}

struct _DmDocumentRenderer {
  GObject parent_instance;

  DmDocument *document;
  gulong changed_id;
  DmResults *results;
  DmDocumentLayers layers;

  GHashTable *projs; /* feature id → Proj */
  GPtrArray *zones;  /* ZoneProj, for results */
  /* The slow figures' shapes: each side's territory and the land that
   * changes hands (from and to side A), made when they change. */
  gconstpointer slow;
  Proj *territory[2];
  Proj *changes[2];
  /* What they were made from: the sides' shapes stay the same while
   * figures follow a drag by difference. */
  gconstpointer territory_src[2];
  gconstpointer changes_src;
  GHashTable *zone_rings; /* coordinates' address → RingProj */
  guint ring_generation;
  guint last_vertex_count;

  guint highlight;      /* feature id, 0 for none */
  guint highlight_part; /* of a line of several parts, G_MAXUINT: all */

  /* Since the last dm_document_renderer_take_damage() */
  gboolean damage_all;
  GArray *damage;       /* Damage: changed in the drawing */
  GArray *pending;      /* Damage: to change again when results come */
  GArray *slow_pending; /* Damage: to change again when complete results
                         * bring territory and comparison */
};

G_DEFINE_FINAL_TYPE (DmDocumentRenderer, dm_document_renderer, G_TYPE_OBJECT)

static const Proj *
get_proj (DmDocumentRenderer *self, DmFeature *feature)
{
  guint id = dm_feature_get_id (feature);
  Proj *p = g_hash_table_lookup (self->projs, GUINT_TO_POINTER (id));

  if (p == NULL)
    {
      const DmGeometry *g = dm_feature_get_geometry (feature);
      double lon, lat, range;

      /* An observation post is drawn as its sensor's range. */
      if (dm_feature_get_role (feature) == DM_ROLE_OBSERVATION_POST && dm_geometry_get_n_points (g) > 0 &&
          (range = dm_feature_get_post_range_m (feature)) > 0)
        {
          g_autoptr (DmGeometry) circle = NULL;

          dm_geometry_get_point (g, 0, &lon, &lat);
          circle = dm_monitoring_range_circle (lon, lat, range, DM_STYLE_POST_RANGE_VERTICES);
          p = proj_new_from_geometry (circle);
        }
      else
        p = proj_new_from_geometry (g);
      g_hash_table_insert (self->projs, GUINT_TO_POINTER (id), p);
    }
  return p;
}

/* Damage: what of the drawing an edit or new results changed, so a
 * cached picture of the map (DmDocumentLayer) redraws only that. */

typedef struct {
  BBox box;         /* normalised Mercator; empty: everything */
  double margin;    /* pixels round it */
  guint64 revision; /* results of this revision show it */
} Damage;

/* Pixels round a moved stretch of line: its casing and side fringes. */
#define DAMAGE_LINE_MARGIN 24.0
/* Pixels round a swap or an annotation: their labels. */
#define DAMAGE_LABEL_MARGIN 320.0
/* Pixels round a warning sign. */
#define DAMAGE_SIGN_MARGIN 24.0
/* Beyond this many warnings, new ones damage everything. */
#define DAMAGE_MAX_SIGNS 256
/* Mercator's normalised units per metre at the equator. */
#define UNIT_PER_M (1.0 / 40075016.686)

static void
damage_all (DmDocumentRenderer *self)
{
  self->damage_all = TRUE;
}

static void
damage_add (GArray *list, const BBox *box, double margin, guint64 revision)
{
  Damage d = { *box, margin, revision };

  g_array_append_val (list, d);
}

/* Points @first..@last (clamped) of @p, into @box. */
static void
proj_range_box (const Proj *p, gint64 first, gint64 last, BBox *box)
{
  const double *c = (const double *) (gpointer) p->coords->data;
  gint64 n = p->coords->len / 2;

  for (gint64 i = MAX (first, 0); i <= MIN (last, n - 1); i++)
    bbox_add (box, c[2 * i], c[2 * i + 1]);
}

static void
geometry_range_box (const DmGeometry *g, gint64 first, gint64 last, BBox *box)
{
  const double *c = dm_geometry_get_coords (g);
  gint64 n = dm_geometry_get_n_points (g);

  for (gint64 i = MAX (first, 0); i <= MIN (last, n - 1); i++)
    {
      double m[2];

      dm_mercator_unit (c[2 * i], c[2 * i + 1], &m[0], &m[1]);
      bbox_add (box, m[0], m[1]);
    }
}

/* Moves points @first..@first+@n-1 of @p to where @g has them now, and
 * re-boxes the chunks holding them. */
static void
proj_move_points (Proj *p, const DmGeometry *g, guint first, guint n)
{
  double *c = (double *) (gpointer) p->coords->data;
  const double *xy = dm_geometry_get_coords (g);

  for (guint i = first; i < first + n; i++)
    dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &c[2 * i], &c[2 * i + 1]);
  bbox_empty (&p->box);
  for (guint k = 0; k < p->chunks->len; k++)
    {
      Chunk *chunk = &g_array_index (p->chunks, Chunk, k);

      if (chunk->first < first + n && chunk->first + chunk->n > first)
        {
          bbox_empty (&chunk->box);
          for (guint i = chunk->first; i < chunk->first + chunk->n; i++)
            bbox_add (&chunk->box, c[2 * i], c[2 * i + 1]);
        }
      bbox_add (&p->box, chunk->box.min_x, chunk->box.min_y);
      bbox_add (&p->box, chunk->box.max_x, chunk->box.max_y);
    }
}

/* How far (normalised Mercator, at @lat_unit's latitude) a change of the
 * contact line can change zones; FALSE when a zone depends on the line
 * as a whole (a region split by it). */
static gboolean
zone_reach (DmDocument *document, double my, double *reach)
{
  double lat = atan (sinh (G_PI * (1.0 - 2.0 * my)));
  double metres = 0;

  for (guint i = 0; i < dm_document_get_n_zone_rules (document); i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (document, i);

      if (rule->type == DM_ZONE_RULE_LINE_BAND)
        metres = MAX (metres, MAX (rule->width_a_m, rule->width_b_m));
      else if (rule->type == DM_ZONE_RULE_REGION_SIDE)
        return FALSE;
    }
  /* A little more than the width: pieces are clipped to tiles and
   * rounded by the geometry engine. */
  *reach = 1.02 * metres * UNIT_PER_M / MAX (cos (lat), 0.01);
  return TRUE;
}

/* Damage of a vertex change of @feature: the old places of the touched
 * vertices (from the projection, which it then updates or drops) and
 * their new ones; zones follow when results of @revision come. */
static gboolean
vertex_change_damage (DmDocumentRenderer *self, const DmChange *change, guint64 revision)
{
  DmFeature *feature = dm_document_lookup_feature (self->document, change->feature_id);
  Proj *p = g_hash_table_lookup (self->projs, GUINT_TO_POINTER (change->feature_id));
  const DmGeometry *g;
  DmRole role;
  gint64 first = change->first_vertex;
  BBox box;
  double reach;

  if (feature == NULL || p == NULL)
    return FALSE;
  g = dm_feature_get_geometry (feature);
  role = dm_feature_get_role (feature);
  bbox_empty (&box);
  if (role != DM_ROLE_CONTACT_LINE || !dm_geometry_is_lineal (g))
    {
      /* Small features with labels: all of the old and the new (a post's
       * old range is its projection, the new one round its point). */
      BBox now;

      bbox_add (&box, p->box.min_x, p->box.min_y);
      bbox_add (&box, p->box.max_x, p->box.max_y);
      bbox_empty (&now);
      geometry_range_box (g, 0, G_MAXINT32, &now);
      if (now.min_x > now.max_x)
        return FALSE;
      if (role == DM_ROLE_OBSERVATION_POST)
        {
          double lat = atan (sinh (G_PI * (1.0 - (now.min_y + now.max_y))));
          double r = 1.02 * dm_feature_get_post_range_m (feature) * UNIT_PER_M / MAX (cos (lat), 0.01);

          now.min_x -= r;
          now.min_y -= r;
          now.max_x += r;
          now.max_y += r;
        }
      bbox_add (&box, now.min_x, now.min_y);
      bbox_add (&box, now.max_x, now.max_y);
      damage_add (self->damage, &box, DAMAGE_LABEL_MARGIN, revision);
      /* A swap's giver and receiver come with the results. */
      damage_add (self->pending, &box, DAMAGE_LABEL_MARGIN, revision);
      g_hash_table_remove (self->projs, GUINT_TO_POINTER (change->feature_id));
      return TRUE;
    }

  /* The touched vertices and their neighbours, before and after. */
  switch (change->kind)
    {
    case DM_CHANGE_VERTICES_MOVED:
      proj_range_box (p, first - 1, first + change->n_vertices, &box);
      geometry_range_box (g, first - 1, first + change->n_vertices, &box);
      break;
    case DM_CHANGE_VERTEX_INSERTED:
      proj_range_box (p, first - 1, first, &box);
      geometry_range_box (g, first - 1, first + 1, &box);
      break;
    case DM_CHANGE_VERTEX_REMOVED:
      proj_range_box (p, first - 1, first + 1, &box);
      geometry_range_box (g, first - 1, first, &box);
      break;
    default:
      return FALSE;
    }
  if (box.min_x > box.max_x)
    return FALSE;
  damage_add (self->damage, &box, DAMAGE_LINE_MARGIN, revision);
  if (change->kind == DM_CHANGE_VERTICES_MOVED && dm_geometry_get_n_points (g) == p->coords->len / 2 &&
      change->first_vertex + change->n_vertices <= p->coords->len / 2)
    proj_move_points (p, g, change->first_vertex, change->n_vertices);
  else
    g_hash_table_remove (self->projs, GUINT_TO_POINTER (change->feature_id));

  if (!zone_reach (self->document, (box.min_y + box.max_y) / 2, &reach))
    {
      bbox_empty (&box);
      damage_add (self->pending, &box, 0, revision);
      return TRUE;
    }
  box.min_x -= reach;
  box.max_x += reach;
  box.min_y -= reach;
  box.max_y += reach;
  damage_add (self->pending, &box, DAMAGE_LINE_MARGIN, revision);
  return TRUE;
}

static void
document_changed (DmDocumentRenderer *self, DmChange *change, DmDocument *document)
{
  guint64 revision = dm_document_get_revision (document);
  BBox everything;

  g_assert (DM_IS_DOCUMENT_RENDERER (self));

  switch (change->kind)
    {
    case DM_CHANGE_VERTICES_MOVED:
    case DM_CHANGE_VERTEX_INSERTED:
    case DM_CHANGE_VERTEX_REMOVED:
      if (change->feature_id != 0 && vertex_change_damage (self, change, revision))
        return;
      break;
    default:
      break;
    }

  /* Anything else is redrawn whole, now and when its results come. */
  damage_all (self);
  bbox_empty (&everything);
  damage_add (self->pending, &everything, 0, revision);

  /* A feature's own change drops its projection; anything wider (a
   * proposal switched, a layer removed, an undo) drops them all. */
  switch (change->kind)
    {
    case DM_CHANGE_VERTICES_MOVED:
    case DM_CHANGE_VERTEX_INSERTED:
    case DM_CHANGE_VERTEX_REMOVED:
    case DM_CHANGE_GEOMETRY:
    case DM_CHANGE_FEATURE_REMOVED:
      if (change->feature_id != 0)
        {
          g_hash_table_remove (self->projs, GUINT_TO_POINTER (change->feature_id));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case DM_CHANGE_ACTIVE_PROPOSAL:
    case DM_CHANGE_PROPOSALS:
    case DM_CHANGE_REFERENCE_LAYERS:
      g_hash_table_remove_all (self->projs);
      break;
    case DM_CHANGE_FEATURE_ADDED:
    case DM_CHANGE_FEATURE_PROPERTIES:
    case DM_CHANGE_SIDES:
    case DM_CHANGE_ZONE_RULES:
    default:
      break;
    }
}

void
dm_document_renderer_set_document (DmDocumentRenderer *self, DmDocument *document)
{
  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));
  g_return_if_fail (document == NULL || DM_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_id =
      g_signal_connect_object (document, "changed", G_CALLBACK (document_changed), self, G_CONNECT_SWAPPED);
  g_hash_table_remove_all (self->projs);
  g_array_set_size (self->pending, 0);
  g_array_set_size (self->slow_pending, 0);
  damage_all (self);
  dm_document_renderer_set_results (self, NULL);
}

DmDocument *
dm_document_renderer_get_document (DmDocumentRenderer *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT_RENDERER (self), NULL);
  return self->document;
}

/* What replacing @old results by @new changes in the drawing: zones
 * where edits since @old were (their damage waited in self->pending),
 * warning signs, swaps' givers and receivers. */
static void
results_damage (DmDocumentRenderer *self, DmResults *old, DmResults *new)
{
  guint kept = 0;

  if (old == NULL || new == NULL || old->zones == NULL || new->zones == NULL || old->zones->len != new->zones->len)
    {
      damage_all (self);
      return;
    }
  for (guint i = 0; i < self->pending->len; i++)
    {
      Damage *d = &g_array_index (self->pending, Damage, i);

      if (d->revision > new->revision)
        g_array_index (self->pending, Damage, kept++) = *d;
      else if (d->box.min_x > d->box.max_x)
        damage_all (self);
      else
        {
          g_array_append_val (self->damage, *d);
          /* The tints follow an edit only with the complete results. */
          if (!new->complete)
            g_array_append_val (self->slow_pending, *d);
        }
    }
  g_array_set_size (self->pending, kept);
  if (new->complete)
    {
      kept = 0;
      for (guint i = 0; i < self->slow_pending->len; i++)
        {
          Damage *d = &g_array_index (self->slow_pending, Damage, i);

          if (d->revision > new->revision)
            g_array_index (self->slow_pending, Damage, kept++) = *d;
          else
            g_array_append_val (self->damage, *d);
        }
      g_array_set_size (self->slow_pending, kept);
    }

  /* Warning signs: those that came, went or moved (the list keeps its
   * order, so a sign that stays compares equal to itself). */
  if (old->warnings != new->warnings)
    {
      guint n_old = old->warnings != NULL ? old->warnings->len : 0;
      guint n_new = new->warnings != NULL ? new->warnings->len : 0;
      guint n_damaged = 0;

      for (guint i = 0; i < MAX (n_old, n_new); i++)
        {
          const DmWarning *a = i < n_old ? g_ptr_array_index (old->warnings, i) : NULL;
          const DmWarning *b = i < n_new ? g_ptr_array_index (new->warnings, i) : NULL;
          const DmWarning *both[2] = { a, b };

          if (a != NULL && b != NULL && a->lon == b->lon && a->lat == b->lat)
            continue;
          if (++n_damaged > DAMAGE_MAX_SIGNS)
            {
              damage_all (self);
              break;
            }
          for (guint k = 0; k < 2; k++)
            {
              BBox box;
              double m[2];

              if (both[k] == NULL)
                continue;
              bbox_empty (&box);
              dm_mercator_unit (both[k]->lon, both[k]->lat, &m[0], &m[1]);
              bbox_add (&box, m[0], m[1]);
              damage_add (self->damage, &box, DAMAGE_SIGN_MARGIN, new->revision);
            }
        }
    }

  /* Givers and receivers: a moved line can change them anywhere. */
  if ((old->swaps == NULL) != (new->swaps == NULL) || (old->swaps != NULL && old->swaps->len != new->swaps->len))
    damage_all (self);
  else if (old->swaps != NULL)
    for (guint i = 0; i < new->swaps->len; i++)
      {
        const DmSwapFigures *a = g_ptr_array_index (old->swaps, i);
        const DmSwapFigures *b = g_ptr_array_index (new->swaps, i);

        if (a->feature_id != b->feature_id || a->giver != b->giver || a->receiver != b->receiver)
          damage_all (self);
      }
}

static void
slow_projs_clear (DmDocumentRenderer *self)
{
  for (guint s = 0; s < 2; s++)
    {
      g_clear_pointer (&self->territory[s], proj_free);
      g_clear_pointer (&self->changes[s], proj_free);
      self->territory_src[s] = NULL;
    }
  self->changes_src = NULL;
  self->slow = NULL;
}

/* Territory and comparison come with the complete results; they are
 * projected again only when new ones come. */
static void
slow_projs_update (DmDocumentRenderer *self, DmResults *results)
{
  gconstpointer slow = results != NULL ? results->slow : NULL;

  if (slow == self->slow)
    return;
  if (results != NULL && self->slow != NULL && results->comparison == self->changes_src &&
      (results->territory != NULL ? (gconstpointer) results->territory->side_geometry[0] : NULL) ==
        self->territory_src[0] &&
      (results->territory != NULL ? (gconstpointer) results->territory->side_geometry[1] : NULL) ==
        self->territory_src[1])
    {
      self->slow = slow;
      return;
    }
  /* A tint that comes or goes changes everything; one that follows an
   * edit changes where the edit was (results_damage). */
  if (results == NULL || (results->territory != NULL) != (self->territory[0] != NULL || self->territory[1] != NULL) ||
      (results->comparison != NULL) != (self->changes[0] != NULL || self->changes[1] != NULL))
    damage_all (self);
  slow_projs_clear (self);
  self->slow = slow;
  if (results == NULL)
    return;
  for (guint s = 0; s < 2 && results->territory != NULL; s++)
    {
      self->territory_src[s] = results->territory->side_geometry[s];
      if (results->territory->side_geometry[s] != NULL)
        self->territory[s] = proj_new_from_geometry (results->territory->side_geometry[s]);
    }
  self->changes_src = results->comparison;
  if (results->comparison != NULL)
    {
      if (results->comparison->a_to_b != NULL)
        self->changes[0] = proj_new_from_geometry (results->comparison->a_to_b);
      if (results->comparison->b_to_a != NULL)
        self->changes[1] = proj_new_from_geometry (results->comparison->b_to_a);
    }
}

void
dm_document_renderer_set_results (DmDocumentRenderer *self, DmResults *results)
{
  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));

  if (results == self->results)
    return;
  results_damage (self, self->results, results);
  slow_projs_update (self, results);
  if (results != NULL)
    dm_results_ref (results);
  g_ptr_array_set_size (self->zones, 0);
  self->ring_generation++;
  for (guint i = 0; results != NULL && results->zones != NULL && i < results->zones->len; i++)
    {
      DmZoneFigures *zf = g_ptr_array_index (results->zones, i);
      ZoneBuild build = { NULL, self->zone_rings, self->ring_generation };
      ZoneProj *z;

      /* A hidden zone is kept and computed, not drawn. */
      if (zf->zone == NULL || zf->rule->hidden)
        continue;
      z = g_new0 (ZoneProj, 1);
      z->rule_index = i;
      z->color = g_strdup (zf->rule->color);
      z->side[0] = proj_new ();
      z->side[1] = proj_new ();
      build.proj = z->side[0];
      dm_zone_result_foreach_ring (zf->zone, DM_SIDE_A, add_zone_ring, &build);
      build.proj = z->side[1];
      dm_zone_result_foreach_ring (zf->zone, DM_SIDE_B, add_zone_ring, &build);
      g_ptr_array_add (self->zones, z);
    }
  /* Only rings of the new results stay; then the old results may go. */
  g_hash_table_foreach_remove (self->zone_rings, ring_proj_is_old, GUINT_TO_POINTER (self->ring_generation));
  g_clear_pointer (&self->results, dm_results_unref);
  self->results = results;
}

void
dm_document_renderer_set_layers (DmDocumentRenderer *self, DmDocumentLayers layers)
{
  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));
  if (self->layers != (layers & DM_DOCUMENT_LAYER_ALL))
    damage_all (self);
  self->layers = layers & DM_DOCUMENT_LAYER_ALL;
}

void
dm_document_renderer_set_highlight (DmDocumentRenderer *self, guint feature_id)
{
  guint ids[2];

  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));

  if (feature_id == self->highlight)
    return;
  ids[0] = self->highlight;
  ids[1] = feature_id;
  self->highlight = feature_id;
  for (guint i = 0; i < 2; i++)
    {
      DmFeature *f = ids[i] != 0 && self->document != NULL ? dm_document_lookup_feature (self->document, ids[i]) : NULL;
      const Proj *p;

      if (f == NULL)
        continue;
      p = get_proj (self, f);
      if (p->box.min_x > p->box.max_x)
        continue;
      damage_add (self->damage, &p->box, DM_STYLE_HIGHLIGHT_WIDTH, 0);
    }
}

void
dm_document_renderer_set_highlight_part (DmDocumentRenderer *self, guint part)
{
  DmFeature *f;
  const Proj *p;

  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));

  if (part == self->highlight_part)
    return;
  self->highlight_part = part;
  f = self->highlight != 0 && self->document != NULL ? dm_document_lookup_feature (self->document, self->highlight)
                                                     : NULL;
  if (f == NULL)
    return;
  p = get_proj (self, f);
  if (p->box.min_x <= p->box.max_x)
    damage_add (self->damage, &p->box, DM_STYLE_HIGHLIGHT_WIDTH, 0);
}

guint
dm_document_renderer_get_highlight (DmDocumentRenderer *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT_RENDERER (self), 0);
  return self->highlight;
}

gboolean
dm_damage_box_to_rect (const DmDamageBox *b, const DmViewport *vp, cairo_rectangle_int_t *rect)
{
  const double corners[4][2] = {
    { b->west, b->south },
    { b->east, b->south },
    { b->east, b->north },
    { b->west, b->north },
  };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  g_return_val_if_fail (b != NULL && vp != NULL && rect != NULL, FALSE);

  for (guint k = 0; k < 4; k++)
    {
      double x, y;

      dm_viewport_to_widget (vp, corners[k][0], corners[k][1], &x, &y);
      x0 = MIN (x0, x);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x);
      y1 = MAX (y1, y);
    }
  x0 = MAX (floor (x0 - b->margin), 0);
  y0 = MAX (floor (y0 - b->margin), 0);
  x1 = MIN (ceil (x1 + b->margin), ceil (vp->width));
  y1 = MIN (ceil (y1 + b->margin), ceil (vp->height));
  if (!(x1 > x0 && y1 > y0))
    return FALSE;
  *rect = (cairo_rectangle_int_t){ (int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0) };
  return TRUE;
}

gboolean
dm_document_renderer_take_damage (DmDocumentRenderer *self, GArray *boxes)
{
  gboolean partial;

  g_return_val_if_fail (DM_IS_DOCUMENT_RENDERER (self), FALSE);
  g_return_val_if_fail (boxes != NULL && g_array_get_element_size (boxes) == sizeof (DmDamageBox), FALSE);

  partial = !self->damage_all;
  for (guint i = 0; partial && i < self->damage->len; i++)
    {
      const Damage *d = &g_array_index (self->damage, Damage, i);
      DmDamageBox b;

      dm_mercator_unit_inverse (d->box.min_x, d->box.max_y, &b.west, &b.south);
      dm_mercator_unit_inverse (d->box.max_x, d->box.min_y, &b.east, &b.north);
      b.margin = d->margin;
      g_array_append_val (boxes, b);
    }
  g_array_set_size (self->damage, 0);
  self->damage_all = FALSE;
  return partial;
}

DmDocumentLayers
dm_document_renderer_get_layers (DmDocumentRenderer *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT_RENDERER (self), 0);
  return self->layers;
}

guint
dm_document_renderer_get_last_vertex_count (DmDocumentRenderer *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT_RENDERER (self), 0);
  return self->last_vertex_count;
}

/* Colours */

static void
set_rgba (cairo_t *cr, DmRgb c, double alpha)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

static DmRgb
side_rgb (DmDocumentRenderer *self, DmSide side)
{
  return dm_style_parse_rgb (dm_document_get_side_color (self->document, side), DM_STYLE_FALLBACK_COLOR);
}

/* A fill of @background hatched in @color: lines at 45° (@slope 1) or
 * −45° (@slope −1), @spacing pixels apart, as a repeating vector tile
 * anchored to the map (so it moves with the ground when panning).
 * Filling a zone with it costs what a plain fill does; clipping to the
 * zone and stroking lines across the view took about 25 ms a frame on the
 * sample's DMZ (tests/gui/bench-gui.c). */
static cairo_pattern_t *
hatch_pattern (const Ctx *ctx,
               DmRgb background,
               double background_alpha,
               DmRgb color,
               double alpha,
               double slope,
               double spacing)
{
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  /* On screen, a tile of pixels, anchored on whole pixels: pixman repeats
   * it with a copy.  On paper (PDF, SVG), vector lines. */
  gboolean raster = cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE;
  cairo_surface_t *tile =
    raster ? cairo_surface_create_similar (target, CAIRO_CONTENT_COLOR_ALPHA, (int) spacing, (int) spacing)
           : cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &(cairo_rectangle_t){ 0, 0, spacing, spacing });
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  double ox = fmod (ctx->cx, spacing), oy = fmod (ctx->cy, spacing);

  set_rgba (cr, background, background_alpha);
  cairo_paint (cr);
  /* The tile's diagonal, and its neighbours' ends that cross its corners. */
  for (int k = -1; k <= 1; k++)
    {
      cairo_move_to (cr, k * spacing, slope > 0 ? spacing : 0);
      cairo_line_to (cr, (k + 1) * spacing, slope > 0 ? 0 : spacing);
    }
  set_rgba (cr, color, alpha);
  cairo_set_line_width (cr, DM_STYLE_ZONE_HATCH_WIDTH);
  cairo_stroke (cr);
  cairo_destroy (cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  if (raster)
    {
      double sx = 1, sy = 1;

      /* Whole device pixels: the user-space origin of a partial redraw
       * is the whole picture's, so the hatching meets itself. */
      cairo_surface_get_device_scale (target, &sx, &sy);
      ox = round (ox * sx) / sx;
      oy = round (oy * sy) / sy;
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
    }
  cairo_matrix_init_translate (&matrix, ox, oy);
  cairo_pattern_set_matrix (pattern, &matrix);
  return pattern;
}

/* Each side's land in its colour, faintly, under everything. */
static void
draw_territory (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;

  for (guint s = 0; s < 2; s++)
    {
      if (self->territory[s] == NULL)
        continue;
      cairo_new_path (cr);
      path_proj (ctx, self->territory[s], TRUE);
      if (!cairo_has_current_point (cr))
        continue;
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      set_rgba (cr, side_rgb (self, s == 0 ? DM_SIDE_A : DM_SIDE_B), DM_STYLE_TERRITORY_ALPHA);
      cairo_fill (cr);
    }
}

/* Land changing hands from the compared proposal to this one: hatched in
 * the receiving side's colour, edged in it. */
static void
draw_changes (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;

  for (guint k = 0; k < 2; k++)
    {
      DmRgb receiver = side_rgb (self, k == 0 ? DM_SIDE_B : DM_SIDE_A);
      cairo_pattern_t *pattern;

      if (self->changes[k] == NULL)
        continue;
      cairo_new_path (cr);
      path_proj (ctx, self->changes[k], TRUE);
      if (!cairo_has_current_point (cr))
        continue;
      cairo_save (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      pattern = hatch_pattern (ctx, receiver, DM_STYLE_CHANGE_FILL_ALPHA, receiver, DM_STYLE_CHANGE_HATCH_ALPHA,
                               k == 0 ? 1 : -1, DM_STYLE_CHANGE_HATCH_SPACING);
      cairo_set_source (cr, pattern);
      cairo_pattern_destroy (pattern);
      cairo_fill_preserve (cr);
      set_rgba (cr, receiver, 1.0);
      cairo_set_line_width (cr, DM_STYLE_CHANGE_EDGE_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_zones (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  static const DmSide sides[2] = { DM_SIDE_A, DM_SIDE_B };

  /* Last rule first, so the first (usually the DMZ) is on top. */
  for (guint i = self->zones->len; i-- > 0;)
    {
      ZoneProj *z = g_ptr_array_index (self->zones, i);
      DmRgb fill = dm_style_parse_rgb (z->color, DM_STYLE_ZONE_DEFAULT_COLOR);

      for (guint s = 0; s < 2; s++)
        {
          cairo_pattern_t *pattern;

          cairo_new_path (cr);
          path_proj (ctx, z->side[s], TRUE);
          if (!cairo_has_current_point (cr))
            continue;
          cairo_save (cr);
          /* Tile pieces are not dissolved: winding fills their shared
           * edges seamlessly; no outline, or the seams would show. */
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
          /* The zone's colour, hatched in the colour of the side the
           * piece lies on, leaning one way for side A and the other for
           * side B: one fill. */
          pattern = hatch_pattern (ctx, fill, DM_STYLE_ZONE_FILL_ALPHA, side_rgb (self, sides[s]),
                                   DM_STYLE_ZONE_HATCH_ALPHA, s == 0 ? 1 : -1, DM_STYLE_ZONE_HATCH_SPACING);
          cairo_set_source (cr, pattern);
          cairo_pattern_destroy (pattern);
          cairo_fill (cr);
          cairo_restore (cr);

          /* The zone's edge, so its width reads at any zoom. */
          cairo_new_path (cr);
          path_outline (ctx, z->side[s]);
          set_rgba (cr, dm_style_darken (fill, DM_STYLE_ZONE_EDGE_DARKEN), DM_STYLE_ZONE_EDGE_ALPHA);
          cairo_set_line_width (cr, DM_STYLE_ZONE_EDGE_WIDTH);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }
    }
}

static void
stroke_line_run (Ctx *ctx, const double *pts, guint n, gpointer data)
{
  DmDocumentRenderer *self = data;
  cairo_t *cr = ctx->cr;
  DmRgb a = side_rgb (self, DM_SIDE_A), b = side_rgb (self, DM_SIDE_B);

  /* A white casing, a fringe of each side's colour on its side, then the
   * line itself, dark, on top. */
  double k = ctx->weight;

  cairo_new_path (cr);
  path_offset (cr, pts, n, 0);
  cairo_set_source_rgba (cr, 1, 1, 1, DM_STYLE_LINE_CASING_ALPHA);
  cairo_set_line_width (cr, DM_STYLE_LINE_CASING_WIDTH * k);
  cairo_stroke (cr);

  path_offset (cr, pts, n, DM_STYLE_LINE_FRINGE_OFFSET * k);
  set_rgba (cr, a, 1.0);
  cairo_set_line_width (cr, DM_STYLE_LINE_FRINGE_WIDTH * k);
  cairo_stroke (cr);

  path_offset (cr, pts, n, -DM_STYLE_LINE_FRINGE_OFFSET * k);
  set_rgba (cr, b, 1.0);
  cairo_set_line_width (cr, DM_STYLE_LINE_FRINGE_WIDTH * k);
  cairo_stroke (cr);

  path_offset (cr, pts, n, 0);
  set_rgba (cr, DM_STYLE_LINE_COLOR, 1.0);
  cairo_set_line_width (cr, MAX (DM_STYLE_LINE_WIDTH * k, 1.0));
  cairo_stroke (cr);
  ctx->n_vertices += n;
}

static void
draw_lines (DmDocumentRenderer *self, Ctx *ctx)
{
  g_autoptr (GPtrArray) lines = dm_document_list_features (self->document, DM_ROLE_CONTACT_LINE);

  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < lines->len; i++)
    {
      DmFeature *f = g_ptr_array_index (lines, i);

      if (dm_feature_get_role (f) == DM_ROLE_CONTACT_LINE)
        foreach_run (ctx, get_proj (self, f), stroke_line_run, self);
    }
}

/* The selected feature glows: a wide translucent stroke along it. */
static void
draw_highlight (DmDocumentRenderer *self, Ctx *ctx)
{
  DmFeature *f = self->highlight != 0 ? dm_document_lookup_feature (self->document, self->highlight) : NULL;
  const DmGeometry *g;

  if (f == NULL || dm_feature_get_role (f) == DM_ROLE_ANNOTATION)
    return;
  g = dm_feature_get_geometry (f);
  if (dm_geometry_is_puntal (g))
    return;
  cairo_new_path (ctx->cr);
  /* A line's parts are its rings, one each. */
  if (dm_geometry_is_lineal (g) && self->highlight_part < dm_geometry_get_n_parts (g))
    path_proj_rings (ctx, get_proj (self, f), FALSE, self->highlight_part, 1);
  else
    path_proj (ctx, get_proj (self, f), dm_geometry_is_polygonal (g));
  cairo_set_source_rgba (ctx->cr, DM_STYLE_HIGHLIGHT_R, DM_STYLE_HIGHLIGHT_G, DM_STYLE_HIGHLIGHT_B,
                         DM_STYLE_HIGHLIGHT_ALPHA);
  cairo_set_line_width (ctx->cr, DM_STYLE_HIGHLIGHT_WIDTH);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (ctx->cr);
}

static PangoLayout *
make_layout (cairo_t *cr, const char *markup, const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Text with a white halo, its top left at x, y. */
static void
draw_text (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 3.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_swaps (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  g_autoptr (GPtrArray) swaps = dm_document_list_features (self->document, DM_ROLE_LAND_SWAP);

  for (guint i = 0; i < swaps->len; i++)
    {
      DmFeature *f = g_ptr_array_index (swaps, i);
      const Proj *p;
      const DmSwapFigures *sf;
      DmSide giver, receiver;
      double x, y, mx, my;

      if (dm_feature_get_role (f) != DM_ROLE_LAND_SWAP)
        continue;
      p = get_proj (self, f);
      sf = self->results != NULL ? dm_results_find_swap (self->results, dm_feature_get_id (f)) : NULL;
      dm_swap_sides (sf, dm_feature_get_from_side (f), dm_feature_get_to_side (f), &giver, &receiver);

      if (!bbox_intersects (&p->box, &ctx->labels))
        continue;
      cairo_new_path (cr);
      path_proj (ctx, p, TRUE);
      /* Filled in the receiver's colour, edged in the giver's. */
      cairo_save (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      set_rgba (cr, side_rgb (self, receiver), DM_STYLE_SWAP_FILL_ALPHA);
      cairo_fill_preserve (cr);
      {
        static const double dash[] = { DM_STYLE_SWAP_DASH_ON, DM_STYLE_SWAP_DASH_OFF };
        set_rgba (cr, side_rgb (self, giver), DM_STYLE_SWAP_EDGE_ALPHA);
        cairo_set_line_width (cr, DM_STYLE_SWAP_EDGE_WIDTH);
        cairo_set_dash (cr, dash, 2, 0);
        cairo_stroke (cr);
      }
      cairo_restore (cr);

      /* "Name: Giver → Receiver" at the box's centre when it is in view
       * and the swap is big enough to hold it. */
      mx = (p->box.min_x + p->box.max_x) / 2;
      my = (p->box.min_y + p->box.max_y) / 2;
      ctx_point (ctx, (double[]){ mx, my }, &x, &y);
      if ((p->box.max_x - p->box.min_x) * ctx->world > 40)
        {
          const char *name = dm_feature_get_name (f);
          g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>\n%s → %s",
                                                             name != NULL && *name ? name : _ ("Land swap"),
                                                             dm_document_get_side_name (self->document, giver),
                                                             dm_document_get_side_name (self->document, receiver));
          g_autoptr (PangoLayout) layout = make_layout (cr, markup, "Sans 8.5");
          int w, h;

          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
          pango_layout_get_pixel_size (layout, &w, &h);
          draw_text (cr, layout, x - w / 2.0, y - h / 2.0);
        }
    }
}

static void
draw_points (Ctx *ctx, const Proj *p, double radius)
{
  const double *coords = (const double *) (gpointer) p->coords->data;

  for (guint i = 0; i < p->coords->len / 2; i++)
    {
      double x, y;

      if (coords[2 * i] < ctx->view.min_x || coords[2 * i] > ctx->view.max_x || coords[2 * i + 1] < ctx->view.min_y ||
          coords[2 * i + 1] > ctx->view.max_y)
        continue;
      ctx_point (ctx, coords + 2 * i, &x, &y);
      cairo_new_sub_path (ctx->cr);
      cairo_arc (ctx->cr, x, y, radius, 0, 2 * G_PI);
      ctx->n_vertices++;
    }
}

/* Observation posts: each sensor's range, then the posts over them. */
static void
draw_posts (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  g_autoptr (GPtrArray) posts = dm_document_list_features (self->document, DM_ROLE_OBSERVATION_POST);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < posts->len; i++)
      {
        DmFeature *f = g_ptr_array_index (posts, i);
        const DmGeometry *g = dm_feature_get_geometry (f);
        DmSide side = dm_feature_get_post_side (f);
        DmRgb c =
          dm_style_parse_rgb (dm_document_get_side_color (self->document, side != DM_SIDE_NONE ? side : DM_SIDE_A),
                              DM_STYLE_LINE_COLOR);
        const Proj *p = get_proj (self, f);
        double lonlat[2], m[2], x, y, r = DM_STYLE_POST_SIZE / 2;
        g_autoptr (GArray) projected = g_array_new (FALSE, FALSE, sizeof (double));

        if (dm_geometry_get_n_points (g) == 0 || !bbox_intersects (&p->box, &ctx->labels))
          continue;
        if (pass == 0)
          {
            if (dm_feature_get_post_range_m (f) <= 0)
              continue;
            cairo_new_path (cr);
            path_proj (ctx, p, TRUE);
            set_rgba (cr, c, DM_STYLE_POST_RANGE_FILL_ALPHA);
            cairo_fill_preserve (cr);
            set_rgba (cr, c, DM_STYLE_POST_RANGE_EDGE_ALPHA);
            cairo_set_line_width (cr, DM_STYLE_POST_RANGE_EDGE_WIDTH);
            cairo_stroke (cr);
            continue;
          }
        dm_geometry_get_point (g, 0, &lonlat[0], &lonlat[1]);
        project_ring (lonlat, 1, projected);
        m[0] = g_array_index (projected, double, 0);
        m[1] = g_array_index (projected, double, 1);
        ctx_point (ctx, m, &x, &y);
        cairo_new_path (cr);
        cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
        set_rgba (cr, c, 1.0);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_set_line_width (cr, DM_STYLE_POST_EDGE_WIDTH);
        cairo_stroke (cr);
        ctx->n_vertices++;
      }
}

static void
draw_annotations (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  g_autoptr (GPtrArray) notes = dm_document_list_features (self->document, DM_ROLE_ANNOTATION);

  for (guint i = 0; i < notes->len; i++)
    {
      DmFeature *f = g_ptr_array_index (notes, i);
      const DmGeometry *g = dm_feature_get_geometry (f);
      const Proj *p;
      const char *text;

      if (dm_feature_get_role (f) != DM_ROLE_ANNOTATION)
        continue;
      p = get_proj (self, f);
      if (!bbox_intersects (&p->box, &ctx->labels))
        continue;
      cairo_new_path (cr);
      if (dm_geometry_is_puntal (g))
        {
          draw_points (ctx, p, DM_STYLE_ANNOTATION_RADIUS);
          set_rgba (cr, DM_STYLE_ANNOTATION_COLOR, 1.0);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, DM_STYLE_ANNOTATION_EDGE_WIDTH);
          cairo_stroke (cr);
        }
      else
        {
          path_proj (ctx, p, dm_geometry_is_polygonal (g));
          set_rgba (cr, DM_STYLE_ANNOTATION_COLOR, 1.0);
          cairo_set_line_width (cr, DM_STYLE_ANNOTATION_EDGE_WIDTH);
          cairo_stroke (cr);
        }
      text = dm_feature_get_text (f);
      if (text == NULL || *text == '\0')
        text = dm_feature_get_name (f);
      if (text != NULL && *text != '\0')
        {
          const double *m = (const double *) (gpointer) p->coords->data;
          g_autofree char *markup = g_markup_escape_text (text, -1);
          g_autoptr (PangoLayout) layout = make_layout (cr, markup, "Sans Italic 9");
          double x, y;
          int w, h;

          ctx_point (ctx, m, &x, &y);
          pango_layout_get_pixel_size (layout, &w, &h);
          draw_text (cr, layout, x + 7, y - h / 2.0);
        }
    }
}

static void
draw_references (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint l = 0; l < dm_document_get_n_reference_layers (self->document); l++)
    {
      GPtrArray *features = dm_document_get_reference_layer_features (self->document, l);

      /* One path per kind for the whole layer: a single fill and a single
       * stroke however many features it has. */
      for (int pass = 0; pass < 3 && features != NULL; pass++)
        {
          cairo_new_path (cr);
          for (guint i = 0; i < features->len; i++)
            {
              DmFeature *f = g_ptr_array_index (features, i);
              const DmGeometry *g = dm_feature_get_geometry (f);

              if (pass == 0 && dm_geometry_is_polygonal (g))
                path_proj (ctx, get_proj (self, f), TRUE);
              else if (pass == 1 && dm_geometry_is_lineal (g))
                path_proj (ctx, get_proj (self, f), FALSE);
              else if (pass == 2 && dm_geometry_is_puntal (g))
                draw_points (ctx, get_proj (self, f), 3.0);
            }
          if (!cairo_has_current_point (cr))
            continue;
          if (pass == 0)
            {
              cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
              set_rgba (cr, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_FILL_ALPHA);
              cairo_fill_preserve (cr);
              set_rgba (cr, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_EDGE_ALPHA);
              cairo_set_line_width (cr, DM_STYLE_REFERENCE_EDGE_WIDTH);
              cairo_stroke (cr);
            }
          else if (pass == 1)
            {
              set_rgba (cr, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_LINE_ALPHA);
              cairo_set_line_width (cr, DM_STYLE_REFERENCE_LINE_WIDTH);
              cairo_stroke (cr);
            }
          else
            {
              set_rgba (cr, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_LINE_ALPHA);
              cairo_fill (cr);
            }
        }
    }
}

static void
draw_warnings (DmDocumentRenderer *self, Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  g_autoptr (GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double));
  double k = ctx->weight, gap = 18 * k;

  if (self->results == NULL || self->results->warnings == NULL)
    return;
  for (guint i = 0; i < self->results->warnings->len; i++)
    {
      const DmWarning *w = g_ptr_array_index (self->results->warnings, i);
      double m[2], x, y;
      gboolean crowded = FALSE;

      dm_mercator_unit (w->lon, w->lat, &m[0], &m[1]);
      /* Culled against the whole view, so crowding is decided the same
       * when only part of it is drawn. */
      if (m[0] < ctx->full.min_x || m[0] > ctx->full.max_x || m[1] < ctx->full.min_y || m[1] > ctx->full.max_y)
        continue;
      ctx_point (ctx, m, &x, &y);
      /* One sign for warnings closer than a sign's size: the list in the
       * sidebar has them all, and zooming in separates them. */
      for (guint j = 0; j < drawn->len && !crowded; j += 2)
        crowded = fabs (g_array_index (drawn, double, j) - x) < gap &&
                  fabs (g_array_index (drawn, double, j + 1) - y) < gap;
      if (crowded)
        continue;
      g_array_append_val (drawn, x);
      g_array_append_val (drawn, y);
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, k, k);
      x = y = 0;
      /* A warning sign: amber triangle, dark edge, an exclamation mark. */
      cairo_new_path (cr);
      cairo_move_to (cr, x, y - 9);
      cairo_line_to (cr, x + 8, y + 5);
      cairo_line_to (cr, x - 8, y + 5);
      cairo_close_path (cr);
      cairo_set_source_rgb (cr, 0.96, 0.76, 0.07);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.15, 0.1, 0.0);
      cairo_set_line_width (cr, 1.3);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_move_to (cr, x, y - 4.5);
      cairo_line_to (cr, x, y + 0.5);
      cairo_set_line_width (cr, 1.8);
      cairo_stroke (cr);
      cairo_arc (cr, x, y + 2.8, 1.0, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_restore (cr);
    }
}

void
dm_document_renderer_draw_legend_symbol (DmDocumentRenderer *self,
                                         cairo_t *cr,
                                         DmLegendSymbol symbol,
                                         guint index,
                                         double width,
                                         double height)
{
  Ctx ctx = { cr, 0 };

  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (self->document == NULL || width <= 0 || height <= 0)
    return;
  ctx.weight = 1.0;
  cairo_save (cr);
  cairo_new_path (cr);
  switch (symbol)
    {
    case DM_LEGEND_SIDE:
      /* The fringe a side has along the line, as a patch. */
      cairo_rectangle (cr, 0, height * 0.15, width, height * 0.7);
      set_rgba (cr, side_rgb (self, index == DM_SIDE_B ? DM_SIDE_B : DM_SIDE_A), 1.0);
      cairo_fill (cr);
      break;

    case DM_LEGEND_CONTACT_LINE:
      {
        /* Drawn left to right, so side A's fringe is above (its left). */
        double pts[] = { 2, height / 2, width - 2, height / 2 };

        cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        stroke_line_run (&ctx, pts, 2, self);
      }
      break;

    case DM_LEGEND_ZONE:
      {
        const DmZoneRule *rule = index < dm_document_get_n_zone_rules (self->document)
                                   ? dm_document_get_zone_rule (self->document, index)
                                   : NULL;
        DmRgb fill = dm_style_parse_rgb (rule != NULL ? rule->color : NULL, DM_STYLE_ZONE_DEFAULT_COLOR);

        /* As on the map: the fill, side A's hatching on the left half and
         * side B's on the right, the zone's edge round it. */
        for (guint s = 0; s < 2; s++)
          {
            cairo_pattern_t *pattern =
              hatch_pattern (&ctx, fill, DM_STYLE_ZONE_FILL_ALPHA, side_rgb (self, s == 0 ? DM_SIDE_A : DM_SIDE_B),
                             DM_STYLE_ZONE_HATCH_ALPHA, s == 0 ? 1 : -1, DM_STYLE_ZONE_HATCH_SPACING);

            cairo_rectangle (cr, s * width / 2, 0, width / 2, height);
            cairo_set_source (cr, pattern);
            cairo_pattern_destroy (pattern);
            cairo_fill (cr);
          }
        cairo_rectangle (cr, 0.6, 0.6, width - 1.2, height - 1.2);
        set_rgba (cr, dm_style_darken (fill, DM_STYLE_ZONE_EDGE_DARKEN), DM_STYLE_ZONE_EDGE_ALPHA);
        cairo_set_line_width (cr, 1.2);
        cairo_stroke (cr);
      }
      break;

    case DM_LEGEND_CHANGE:
      {
        DmRgb receiver = side_rgb (self, index == 0 ? DM_SIDE_B : DM_SIDE_A);
        cairo_pattern_t *pattern = hatch_pattern (&ctx, receiver, DM_STYLE_CHANGE_FILL_ALPHA, receiver,
                                                  DM_STYLE_CHANGE_HATCH_ALPHA, index == 0 ? 1 : -1,
                                                  DM_STYLE_CHANGE_HATCH_SPACING);

        cairo_rectangle (cr, 1, 1, width - 2, height - 2);
        cairo_set_source (cr, pattern);
        cairo_pattern_destroy (pattern);
        cairo_fill_preserve (cr);
        set_rgba (cr, receiver, 1.0);
        cairo_set_line_width (cr, DM_STYLE_CHANGE_EDGE_WIDTH);
        cairo_stroke (cr);
      }
      break;

    case DM_LEGEND_LAND_SWAP:
      {
        static const double dash[] = { 6, 3 };

        /* Filled in the receiver's colour (B), edged in the giver's (A). */
        cairo_rectangle (cr, 1, 1, width - 2, height - 2);
        set_rgba (cr, side_rgb (self, DM_SIDE_B), 0.28);
        cairo_fill_preserve (cr);
        set_rgba (cr, side_rgb (self, DM_SIDE_A), 0.95);
        cairo_set_line_width (cr, 2.0);
        cairo_set_dash (cr, dash, 2, 0);
        cairo_stroke (cr);
      }
      break;

    case DM_LEGEND_POST:
      {
        DmRgb c =
          dm_style_parse_rgb (dm_document_get_side_color (self->document, index == DM_SIDE_B ? DM_SIDE_B : DM_SIDE_A),
                              DM_STYLE_LINE_COLOR);
        double r = DM_STYLE_POST_SIZE / 2;

        cairo_arc (cr, width / 2, height / 2, MIN (width, height) / 2 - 0.5, 0, 2 * G_PI);
        set_rgba (cr, c, DM_STYLE_POST_RANGE_FILL_ALPHA);
        cairo_fill_preserve (cr);
        set_rgba (cr, c, DM_STYLE_POST_RANGE_EDGE_ALPHA);
        cairo_set_line_width (cr, DM_STYLE_POST_RANGE_EDGE_WIDTH);
        cairo_stroke (cr);
        cairo_rectangle (cr, width / 2 - r, height / 2 - r, 2 * r, 2 * r);
        set_rgba (cr, c, 1.0);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_set_line_width (cr, DM_STYLE_POST_EDGE_WIDTH);
        cairo_stroke (cr);
      }
      break;

    case DM_LEGEND_ANNOTATION:
    default:
      cairo_arc (cr, width / 2, height / 2, 4.5, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

/* The box of normalised Mercator that widget pixels @x0,@y0–@x1,@y1 of
 * @vp cover, @margin pixels wider (the circle round them when rotated). */
static void
view_box (const Ctx *ctx, const DmViewport *vp, double x0, double y0, double x1, double y1, double margin, BBox *box)
{
  double cx = (x0 + x1) / 2 - vp->width / 2, cy = (y0 + y1) / 2 - vp->height / 2;
  double hx = (x1 - x0) / 2, hy = (y1 - y0) / 2, mx, my;

  if (vp->rotation != 0)
    {
      double r = hypot (hx, hy), c = cos (vp->rotation), s = sin (vp->rotation);
      double ux = cx * c + cy * s, uy = -cx * s + cy * c;

      cx = ux;
      cy = uy;
      hx = hy = r;
    }
  mx = ctx->cx + cx;
  my = ctx->cy + cy;
  box->min_x = (mx - hx - margin) / ctx->world;
  box->max_x = (mx + hx + margin) / ctx->world;
  box->min_y = (my - hy - margin) / ctx->world;
  box->max_y = (my + hy + margin) / ctx->world;
}

static void
draw_area (DmDocumentRenderer *self,
           cairo_t *cr,
           const DmViewport *vp,
           double x,
           double y,
           double width,
           double height,
           double label_margin)
{
  Ctx ctx = { cr, 0 };
  double mx, my;

  self->last_vertex_count = 0;
  if (self->document == NULL || vp->width <= 0 || vp->height <= 0 || vp->tile_size <= 0 || width <= 0 || height <= 0)
    return;

  ctx.world = viewport_world (vp);
  dm_mercator_unit (vp->lon, vp->lat, &mx, &my);
  ctx.cx = mx * ctx.world;
  ctx.cy = my * ctx.world;
  /* Full weight from zoom 9 (a town's streets), about half at 7 and out. */
  ctx.weight = CLAMP ((vp->zoom - 5.0) / 4.0, 0.55, 1.0);
  /* What is to be drawn, as boxes in normalised Mercator, with a margin
   * for line widths (and labels, when drawing part of the view). */
  view_box (&ctx, vp, x, y, x + width, y + height, 16.0, &ctx.view);
  view_box (&ctx, vp, x, y, x + width, y + height, label_margin, &ctx.labels);
  view_box (&ctx, vp, 0, 0, vp->width, vp->height, 16.0, &ctx.full);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_translate (cr, vp->width / 2, vp->height / 2);
  cairo_rotate (cr, vp->rotation);

  if (self->layers & DM_DOCUMENT_LAYER_TERRITORY)
    draw_territory (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_REFERENCES)
    draw_references (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_COMPARISON)
    draw_changes (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_ZONES)
    draw_zones (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_SWAPS)
    draw_swaps (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_LINE)
    draw_lines (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_POSTS)
    draw_posts (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_ANNOTATIONS)
    draw_annotations (self, &ctx);
  draw_highlight (self, &ctx);
  if (self->layers & DM_DOCUMENT_LAYER_WARNINGS)
    draw_warnings (self, &ctx);

  cairo_restore (cr);
  self->last_vertex_count = ctx.n_vertices;
}

void
dm_document_renderer_draw (DmDocumentRenderer *self, cairo_t *cr, const DmViewport *vp)
{
  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));
  g_return_if_fail (cr != NULL && vp != NULL);

  draw_area (self, cr, vp, 0, 0, vp->width, vp->height, 16.0);
}

void
dm_document_renderer_draw_area (DmDocumentRenderer *self,
                                cairo_t *cr,
                                const DmViewport *vp,
                                double x,
                                double y,
                                double width,
                                double height)
{
  g_return_if_fail (DM_IS_DOCUMENT_RENDERER (self));
  g_return_if_fail (cr != NULL && vp != NULL);

  /* Labels reach out of what they label: a swap's name, an annotation's
   * text can fall in the area while their features lie outside. */
  draw_area (self, cr, vp, x, y, width, height, DAMAGE_LABEL_MARGIN);
}

static void
dm_document_renderer_dispose (GObject *object)
{
  DmDocumentRenderer *self = DM_DOCUMENT_RENDERER (object);

  dm_document_renderer_set_document (self, NULL);
  G_OBJECT_CLASS (dm_document_renderer_parent_class)->dispose (object);
}

static void
dm_document_renderer_finalize (GObject *object)
{
  DmDocumentRenderer *self = DM_DOCUMENT_RENDERER (object);

  g_clear_pointer (&self->results, dm_results_unref);
  slow_projs_clear (self);
  g_hash_table_unref (self->projs);
  g_ptr_array_unref (self->zones);
  g_hash_table_unref (self->zone_rings);
  g_array_unref (self->damage);
  g_array_unref (self->pending);
  g_array_unref (self->slow_pending);
  G_OBJECT_CLASS (dm_document_renderer_parent_class)->finalize (object);
}

static void
dm_document_renderer_class_init (DmDocumentRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dm_document_renderer_dispose;
  object_class->finalize = dm_document_renderer_finalize;
}

static void
dm_document_renderer_init (DmDocumentRenderer *self)
{
  self->layers = DM_DOCUMENT_LAYER_ALL;
  self->highlight_part = G_MAXUINT;
  self->projs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) proj_free);
  self->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) zone_proj_free);
  self->zone_rings = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ring_proj_free);
  self->damage = g_array_new (FALSE, FALSE, sizeof (Damage));
  self->pending = g_array_new (FALSE, FALSE, sizeof (Damage));
  self->slow_pending = g_array_new (FALSE, FALSE, sizeof (Damage));
  self->damage_all = TRUE;
}

DmDocumentRenderer *
dm_document_renderer_new (void)
{
  return g_object_new (DM_TYPE_DOCUMENT_RENDERER, NULL);
}
