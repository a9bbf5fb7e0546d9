/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-render"
#include "config.h"

#include "dm-basemap-renderer.h"

#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <pango/pangocairo.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-mercator.h"

#define MAX_ZOOM 24

/* Coordinates are stored once as normalised Web Mercator (0..1 both ways,
 * y down) in fixed point, 2³² steps across the world (a 16th of a pixel
 * at zoom 20, half the memory of doubles), so drawing a tile is a scale
 * and an offset per vertex. */
typedef struct {
  guint offset; /* in points, into Layer.coords */
  guint n_points;
} Ring;

#define UNIT_STEPS 4294967295.0

static inline guint32
unit_encode (double v)
{
  return (guint32) llround (CLAMP (v, 0.0, 1.0) * UNIT_STEPS);
}

static inline double
unit_decode (guint32 v)
{
  return v / UNIT_STEPS;
}

typedef struct {
  double min_x, min_y, max_x, max_y;
  guint first_ring;
  guint n_rings; /* a polygon's rings are all kept: one path, even-odd */
  int rank;
} Shape;

/* Shapes are found by a grid of GRID × GRID cells over the world (zoom
 * 6's tiles): a cell lists the shapes whose box touches it.  A world of
 * land has 63,000 shapes; a tile at zoom 10 needs a few. */
#define GRID_ZOOM 6
#define GRID      (1 << GRID_ZOOM)

/* A layer is kept for the application's life, in arrays of its exact
 * size; it is made in a LayerBuilder's. */
typedef struct _Layer Layer;
struct _Layer {
  Shape *shapes;
  guint n_shapes;
  Ring *rings;
  guint32 *coords;   /* pairs (unit_encode) */
  guint n_points;    /* pairs in coords */
  guint *cell_start; /* GRID² + 1 offsets into cell_shapes */
  guint *cell_shapes;
  Layer *coarse; /* the same thinned to half a pixel at coarse_zoom, drawn up to it */
  int coarse_zoom;
};

/* The levels of detail: the layer itself, then copies for these zooms
 * (a copy that would keep most of the points is not made: the finer one
 * is drawn there too). */
static const int coarse_zooms[] = { 7, 4, 1 };

typedef struct {
  double x, y; /* normalised Mercator */
  gint64 population;
  const char *name[DM_N_LANGUAGES]; /* the basemap's; falls back to English */
  int klass;                        /* 0 largest … 3 smallest */
  int text_w[DM_N_LANGUAGES];       /* pixels, measured when first placed (height 0: not yet) */
  int text_h[DM_N_LANGUAGES];
} Place;

/* A placed label is its place and the side of the dot its text is on
 * (LABEL_LEFT); where it lies follows from the place (label_box()). */
#define LABEL_LEFT 1u

typedef struct {
  double x, y;           /* world pixels of the dot */
  double lx, ly;         /* world pixels of the text's top left */
  double x0, y0, x1, y1; /* world pixels of dot and text together */
} LabelBox;

/* A zoom level's labels, and which of them each tile-sized cell of the
 * world holds (a world of places has 100,000 labels at zoom 13): the
 * cells' keys sorted, each with its run of label indices. */
typedef struct {
  int z, tile_size;
  DmLanguage lang;
  guint n_labels;
  guint32 *labels; /* place index << 1 | LABEL_LEFT */
  guint n_cells;
  gint64 *cell_keys;
  guint *cell_start; /* n_cells + 1 offsets into cell_labels */
  guint *cell_labels;
} LabelSet;

struct _DmBasemapRenderer {
  gint ref_count;
  DmBasemap *basemap; /* the places' names are its own */
  Layer land, lakes, rivers;
  /* Borders as lines: the edges two polygons share, so that coasts and
   * the data's own clipping edges are never drawn as borders. */
  Layer countries, admin1;
  Place *places; /* largest first */
  guint n_places;
  GMutex label_lock;                 /* guards labels and placing */
  GCond label_placed;                /* a zoom level's labels placed (placing shrank) */
  GHashTable *placing;               /* keys of label sets being placed now */
  GMutex measure_lock;               /* the places' text sizes are written under it */
  int measured_zoom[DM_N_LANGUAGES]; /* sizes known up to this zoom (atomic) */
  GHashTable *labels;                /* (language << 24 | z << 16 | tile_size) → LabelSet */
};

static const struct {
  double r, g, b;
} sea = { 0xaa / 255.0, 0xd3 / 255.0, 0xdf / 255.0 };
static const struct {
  double r, g, b;
} land = { 0xf2 / 255.0, 0xef / 255.0, 0xe9 / 255.0 };

void
dm_web_mercator_project (double lon, double lat, int z, int tile_size, double *px, double *py)
{
  double world = ldexp (tile_size, z);
  double mx, my;

  dm_mercator_unit (lon, lat, &mx, &my);
  *px = mx * world;
  *py = my * world;
}

typedef struct {
  GArray *shapes; /* Shape */
  GArray *rings;  /* Ring */
  GArray *coords; /* guint32 */
} LayerBuilder;

static void
builder_init (LayerBuilder *b, guint n_points)
{
  b->shapes = g_array_new (FALSE, FALSE, sizeof (Shape));
  b->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  b->coords = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 2 * n_points);
}

/* A GArray's elements in memory of their exact size (a GArray's grows
 * by powers of two: a third of it unused on average); the array is
 * freed.  Never NULL. */
static gpointer
array_take_exact (GArray *array, guint *len)
{
  gsize size = (gsize) array->len * g_array_get_element_size (array);
  gpointer data;

  *len = array->len;
  data = g_array_free (array, FALSE);
  return g_realloc (data, MAX (size, 1));
}

static void
layer_take (Layer *layer, LayerBuilder *b)
{
  guint n_rings, n_coords;

  layer->shapes = array_take_exact (b->shapes, &layer->n_shapes);
  layer->rings = array_take_exact (b->rings, &n_rings);
  layer->coords = array_take_exact (b->coords, &n_coords);
  layer->n_points = n_coords / 2;
  b->shapes = b->rings = b->coords = NULL;
}

static void
layer_clear (Layer *layer)
{
  g_clear_pointer (&layer->shapes, g_free);
  g_clear_pointer (&layer->rings, g_free);
  g_clear_pointer (&layer->coords, g_free);
  g_clear_pointer (&layer->cell_start, g_free);
  g_clear_pointer (&layer->cell_shapes, g_free);
  if (layer->coarse != NULL)
    {
      layer_clear (layer->coarse);
      g_clear_pointer (&layer->coarse, g_free);
    }
}

static void
shape_cells (const Shape *s, int *x0, int *y0, int *x1, int *y1)
{
  *x0 = CLAMP ((int) floor (s->min_x * GRID), 0, GRID - 1);
  *y0 = CLAMP ((int) floor (s->min_y * GRID), 0, GRID - 1);
  *x1 = CLAMP ((int) floor (s->max_x * GRID), 0, GRID - 1);
  *y1 = CLAMP ((int) floor (s->max_y * GRID), 0, GRID - 1);
}

/* The grid, once the shapes are in: counted, then filled. */
static void
layer_index (Layer *layer)
{
  guint *count = g_new0 (guint, GRID * GRID + 1);
  guint *fill;

  for (guint i = 0; i < layer->n_shapes; i++)
    {
      int x0, y0, x1, y1;

      shape_cells (&layer->shapes[i], &x0, &y0, &x1, &y1);
      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          count[y * GRID + x + 1]++;
    }
  for (guint c = 1; c <= GRID * GRID; c++)
    count[c] += count[c - 1];
  layer->cell_start = count;
  layer->cell_shapes = g_new (guint, MAX (count[GRID * GRID], 1));
  fill = g_memdup2 (count, sizeof (guint) * GRID * GRID);
  for (guint i = 0; i < layer->n_shapes; i++)
    {
      int x0, y0, x1, y1;

      shape_cells (&layer->shapes[i], &x0, &y0, &x1, &y1);
      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          layer->cell_shapes[fill[y * GRID + x]++] = i;
    }
  g_free (fill);
}

/* A copy with the vertices closer than @tolerance (normalised units) to
 * the last one kept left out, and shapes smaller than it dropped. */
static Layer *
layer_thin (const Layer *layer, double tolerance, gboolean polygons)
{
  Layer *out = g_new0 (Layer, 1);
  LayerBuilder b;

  builder_init (&b, layer->n_points);
  for (guint i = 0; i < layer->n_shapes; i++)
    {
      const Shape *source = &layer->shapes[i];
      Shape shape = *source;

      if (shape.max_x - shape.min_x < tolerance && shape.max_y - shape.min_y < tolerance)
        continue;
      shape.first_ring = b.rings->len;
      shape.n_rings = 0;
      for (guint r = 0; r < source->n_rings; r++)
        {
          const Ring *ring = &layer->rings[source->first_ring + r];
          const guint32 *xy = layer->coords + 2 * ring->offset;
          Ring thin = { b.coords->len / 2, 0 };
          double lx = 0, ly = 0;

          /* Both ends of a long edge stay: two pieces of land that meet
           * along one (the basemap's cells) keep meeting exactly. */
          for (guint k = 0; k < ring->n_points; k++)
            {
              double x = unit_decode (xy[2 * k]), y = unit_decode (xy[2 * k + 1]);

              if (k == 0 || k + 1 == ring->n_points || fabs (x - lx) + fabs (y - ly) > tolerance ||
                  fabs (unit_decode (xy[2 * k + 2]) - x) + fabs (unit_decode (xy[2 * k + 3]) - y) > tolerance)
                {
                  g_array_append_vals (b.coords, xy + 2 * k, 2);
                  lx = x;
                  ly = y;
                  thin.n_points++;
                }
            }
          if (thin.n_points < (polygons ? 3u : 2u))
            {
              g_array_set_size (b.coords, 2 * thin.offset);
              continue;
            }
          g_array_append_val (b.rings, thin);
          shape.n_rings++;
        }
      if (shape.n_rings > 0)
        g_array_append_val (b.shapes, shape);
    }
  layer_take (out, &b);
  return out;
}

/* The layer made of @b, its index and its coarse copies. */
static void
layer_finish (Layer *layer, LayerBuilder *b, gboolean polygons)
{
  layer_take (layer, b);
  layer_index (layer);
  for (guint i = 0; i < G_N_ELEMENTS (coarse_zooms); i++)
    {
      /* Half a pixel of a 256-pixel tile at that zoom. */
      Layer *coarse = layer_thin (layer, 0.5 / (256.0 * (1 << coarse_zooms[i])), polygons);

      /* Data already about as coarse (a world basemap at zoom 7): no copy. */
      if (coarse->n_points > layer->n_points / 4 * 3)
        {
          layer_clear (coarse);
          g_free (coarse);
          continue;
        }
      layer->coarse = coarse;
      layer->coarse_zoom = coarse_zooms[i];
      layer = coarse;
      layer_index (layer);
    }
}

/* One shape per polygon part (or per line part), for finer culling. */
static void
layer_add_geometry (LayerBuilder *layer, const DmGeometry *geometry, int rank)
{
  guint n_parts = dm_geometry_get_n_parts (geometry);

  for (guint p = 0; p < n_parts; p++)
    {
      Shape shape = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, layer->rings->len, 0, rank };
      guint n_rings = dm_geometry_get_n_rings (geometry, p);

      for (guint r = 0; r < n_rings; r++)
        {
          guint n_points;
          const double *xy = dm_geometry_get_ring (geometry, p, r, &n_points);
          Ring ring = { layer->coords->len / 2, n_points };

          if (n_points < 2)
            continue;
          for (guint i = 0; i < n_points; i++)
            {
              double m[2];
              guint32 fixed[2];

              dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &m[0], &m[1]);
              fixed[0] = unit_encode (m[0]);
              fixed[1] = unit_encode (m[1]);
              m[0] = unit_decode (fixed[0]);
              m[1] = unit_decode (fixed[1]);
              g_array_append_vals (layer->coords, fixed, 2);
              shape.min_x = MIN (shape.min_x, m[0]);
              shape.max_x = MAX (shape.max_x, m[0]);
              shape.min_y = MIN (shape.min_y, m[1]);
              shape.max_y = MAX (shape.max_y, m[1]);
            }
          g_array_append_val (layer->rings, ring);
          shape.n_rings++;
        }
      if (shape.n_rings > 0)
        g_array_append_val (layer->shapes, shape);
    }
}

static guint
geometry_n_points (const DmGeometry *geometry)
{
  guint n = 0;

  for (guint p = 0; p < dm_geometry_get_n_parts (geometry); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (geometry, p); r++)
      {
        guint n_points;

        dm_geometry_get_ring (geometry, p, r, &n_points);
        n += n_points;
      }
  return n;
}

static void
add_shape (const DmGeometry *shape, int rank, gpointer user_data)
{
  layer_add_geometry (user_data, shape, rank);
}

static gboolean
layer_load (Layer *layer, DmBasemap *basemap, const char *name, const char *rank_field, GError **error)
{
  LayerBuilder b;

  builder_init (&b, 0);
  if (!dm_basemap_foreach_shape (basemap, name, rank_field, add_shape, &b, error))
    {
      g_array_unref (b.shapes);
      g_array_unref (b.rings);
      g_array_unref (b.coords);
      return FALSE;
    }
  layer_finish (layer, &b, rank_field == NULL);
  return TRUE;
}

/* The boundaries between the countries or the admin-1 regions: the
 * basemap's linework (the edges two regions share), which snapping uses
 * too, so that coasts and the data's own clipping edges are never drawn
 * as borders. */
static void
borders_load (Layer *layer, DmBasemap *basemap, DmLineworkKind kind)
{
  const DmGeometry *linework = dm_basemap_get_linework (basemap, kind);
  LayerBuilder b;

  builder_init (&b, geometry_n_points (linework));
  layer_add_geometry (&b, linework, 0);
  layer_finish (layer, &b, FALSE);
}

static int
place_class (gint64 population)
{
  if (population >= 1000000)
    return 0;
  if (population >= 200000)
    return 1;
  if (population >= 50000)
    return 2;
  return 3;
}

static int
compare_places (gconstpointer a, gconstpointer b)
{
  const Place *pa = a, *pb = b;

  if (pa->population != pb->population)
    return pa->population > pb->population ? -1 : 1;
  return g_strcmp0 (pa->name[0], pb->name[0]);
}

static void
places_load (DmBasemapRenderer *self, DmBasemap *basemap)
{
  guint n;
  const DmPlace *source = dm_basemap_get_places (basemap, &n);
  GArray *places = g_array_sized_new (FALSE, TRUE, sizeof (Place), n);
  for (guint i = 0; i < n; i++)
    {
      const DmPlace *p = &source[i];
      Place place = { 0 };

      if (p->name_en == NULL || *p->name_en == '\0')
        continue;
      dm_mercator_unit (p->lon, p->lat, &place.x, &place.y);
      place.population = p->population;
      for (guint l = 0; l < DM_N_LANGUAGES; l++)
        place.name[l] = dm_place_get_name (p, (DmLanguage) l);
      place.klass = place_class (place.population);
      g_array_append_val (places, place);
    }
  g_array_sort (places, compare_places);
  self->places = array_take_exact (places, &self->n_places);
}

static void
label_set_free (gpointer data)
{
  LabelSet *set = data;

  g_free (set->labels);
  g_free (set->cell_keys);
  g_free (set->cell_start);
  g_free (set->cell_labels);
  g_free (set);
}

DmBasemapRenderer *
dm_basemap_renderer_new (DmBasemap *basemap, GError **error)
{
  g_autoptr (DmBasemapRenderer) self = g_new0 (DmBasemapRenderer, 1);

  self->ref_count = 1;
  g_mutex_init (&self->label_lock);
  g_cond_init (&self->label_placed);
  self->placing = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->measure_lock);
  for (guint l = 0; l < DM_N_LANGUAGES; l++)
    self->measured_zoom[l] = -1;
  self->labels = g_hash_table_new_full (NULL, NULL, NULL, label_set_free);
  if (basemap != NULL)
    self->basemap = dm_basemap_ref (basemap);
  else if ((self->basemap = basemap = dm_basemap_get_default (error)) == NULL)
    return NULL;

  if (!layer_load (&self->land, basemap, "land", NULL, error) ||
      !layer_load (&self->lakes, basemap, "lakes", NULL, error) ||
      !layer_load (&self->rivers, basemap, "rivers", "rank", error))
    return NULL;
  borders_load (&self->countries, basemap, DM_LINEWORK_BORDER);
  borders_load (&self->admin1, basemap, DM_LINEWORK_ADMIN1);
  places_load (self, basemap);
#ifdef __GLIBC__
  /* Reading the world's layers took and gave back some 200 MB in small
   * pieces: return what malloc keeps of it to the system. */
  malloc_trim (0);
#endif

  return g_steal_pointer (&self);
}

DmBasemapRenderer *
dm_basemap_renderer_get_default (GError **error)
{
  static DmBasemapRenderer *renderer;
  static GMutex lock;
  DmBasemapRenderer *ret = NULL;

  g_mutex_lock (&lock);
  if (renderer == NULL)
    renderer = dm_basemap_renderer_new (NULL, error);
  if (renderer != NULL)
    ret = dm_basemap_renderer_ref (renderer);
  g_mutex_unlock (&lock);
  return ret;
}

static void
get_default_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  DmBasemapRenderer *renderer = dm_basemap_renderer_get_default (&error);

  if (renderer != NULL)
    g_task_return_pointer (task, renderer, (GDestroyNotify) dm_basemap_renderer_unref);
  else
    g_task_return_error (task, error);
}

void
dm_basemap_renderer_get_default_async (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dm_basemap_renderer_get_default_async);
  g_task_run_in_thread (task, get_default_thread);
}

DmBasemapRenderer *
dm_basemap_renderer_get_default_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

DmBasemapRenderer *
dm_basemap_renderer_ref (DmBasemapRenderer *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
dm_basemap_renderer_unref (DmBasemapRenderer *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  layer_clear (&self->land);
  layer_clear (&self->lakes);
  layer_clear (&self->rivers);
  layer_clear (&self->countries);
  layer_clear (&self->admin1);
  g_clear_pointer (&self->places, g_free);
  g_clear_pointer (&self->basemap, dm_basemap_unref);
  g_hash_table_unref (self->labels);
  g_mutex_clear (&self->label_lock);
  g_cond_clear (&self->label_placed);
  g_hash_table_unref (self->placing);
  g_mutex_clear (&self->measure_lock);
  g_free (self);
}

/* Drawing */

typedef struct {
  cairo_t *cr;
  double world;  /* world size in pixels */
  double ox, oy; /* world pixels of the area's top left */
  int tile_size;
  double width, height;              /* of the area drawn, in pixels (a tile: tile_size) */
  gboolean whole_labels;             /* an area: only labels wholly inside (tiles
                                      * draw their part of labels across edges) */
  double min_x, min_y, max_x, max_y; /* normalised, with a margin */
} Tile;

static gboolean
shape_visible (const Tile *t, const Shape *s)
{
  return !(s->max_x < t->min_x || s->min_x > t->max_x || s->max_y < t->min_y || s->min_y > t->max_y);
}

/* Adds a shape's rings to the current path, skipping vertices closer than
 * a third of a pixel to the last one drawn (level of detail). */
static void
path_shape (const Tile *t, const Layer *layer, const Shape *s, gboolean close)
{
  double scale = t->world / UNIT_STEPS;

  for (guint r = 0; r < s->n_rings; r++)
    {
      const Ring *ring = &layer->rings[s->first_ring + r];
      const guint32 *xy = layer->coords + 2 * ring->offset;
      double lx = 0, ly = 0;

      for (guint i = 0; i < ring->n_points; i++)
        {
          double px = xy[2 * i] * scale - t->ox;
          double py = xy[2 * i + 1] * scale - t->oy;

          if (i == 0)
            cairo_move_to (t->cr, px, py);
          else if (i + 1 == ring->n_points || fabs (px - lx) + fabs (py - ly) > 0.33 ||
                   (fabs ((double) xy[2 * i + 2] - xy[2 * i]) + fabs ((double) xy[2 * i + 3] - xy[2 * i + 1])) * scale >
                     0.33)
            cairo_line_to (t->cr, px, py); /* (the start of a long edge stays, as in layer_thin) */
          else
            continue;
          lx = px;
          ly = py;
        }
      if (close)
        cairo_close_path (t->cr);
    }
}

/* The layer to draw at zoom @z: its coarsest copy made for @z or above. */
static const Layer *
layer_at (const Layer *layer, int z)
{
  while (layer->coarse != NULL && z <= layer->coarse_zoom)
    layer = layer->coarse;
  return layer;
}

/* Calls @func on every shape of @layer whose box meets the tile, each
 * once: a shape in several of the tile's cells is taken in the first
 * (its top-left one inside the tile's range). */
static guint
layer_foreach (const Tile *t,
               const Layer *layer,
               gboolean (*func) (const Tile *, const Layer *, const Shape *, gpointer),
               gpointer data)
{
  int qx0 = CLAMP ((int) floor (t->min_x * GRID), 0, GRID - 1),
      qx1 = CLAMP ((int) floor (t->max_x * GRID), 0, GRID - 1);
  int qy0 = CLAMP ((int) floor (t->min_y * GRID), 0, GRID - 1),
      qy1 = CLAMP ((int) floor (t->max_y * GRID), 0, GRID - 1);
  guint n = 0;

  /* Most of the world in view: every shape, once. */
  if ((qx1 - qx0 + 1) * (qy1 - qy0 + 1) > GRID * GRID / 16)
    {
      for (guint i = 0; i < layer->n_shapes; i++)
        {
          const Shape *s = &layer->shapes[i];

          if (shape_visible (t, s) && func (t, layer, s, data))
            n++;
        }
      return n;
    }
  for (int cy = qy0; cy <= qy1; cy++)
    for (int cx = qx0; cx <= qx1; cx++)
      for (guint k = layer->cell_start[cy * GRID + cx]; k < layer->cell_start[cy * GRID + cx + 1]; k++)
        {
          const Shape *s = &layer->shapes[layer->cell_shapes[k]];
          int x0, y0, x1, y1;

          shape_cells (s, &x0, &y0, &x1, &y1);
          if (MAX (x0, qx0) != cx || MAX (y0, qy0) != cy)
            continue;
          if (shape_visible (t, s) && func (t, layer, s, data))
            n++;
        }
  return n;
}

static gboolean
path_closed (const Tile *t, const Layer *layer, const Shape *s, gpointer data)
{
  path_shape (t, layer, s, GPOINTER_TO_INT (data));
  return TRUE;
}

static guint
path_layer (const Tile *t, const Layer *layer, gboolean close, int z)
{
  return layer_foreach (t, layer_at (layer, z), path_closed, GINT_TO_POINTER (close));
}

static gboolean
path_rank (const Tile *t, const Layer *layer, const Shape *s, gpointer data)
{
  if (s->rank != GPOINTER_TO_INT (data))
    return FALSE;
  path_shape (t, layer, s, FALSE);
  return TRUE;
}

static double
river_width (int rank, int z)
{
  static const double base[] = { 0.6, 1.6, 1.2, 0.9, 0.6, 0.6, 0.6, 0.6, 0.8, 0.6, 0.5 };
  double f = z <= 5 ? 0.6 : z == 6 ? 0.8 : z == 7 ? 1.0 : z == 8 ? 1.3 : 1.7;

  return base[CLAMP (rank, 0, 10)] * f;
}

static int
river_max_rank (int z)
{
  if (z <= 5)
    return 1;
  if (z == 6)
    return 2;
  if (z == 7)
    return 3;
  if (z <= 8)
    return 4;
  return 10;
}

static gint64
min_population (int z)
{
  static const gint64 by_zoom[] = { 5000000, 5000000, 5000000, 2000000, 1000000, 500000,
                                    200000,  50000,   20000,   5000,    1000 };
  return z < (int) G_N_ELEMENTS (by_zoom) ? by_zoom[z] : 0;
}

static const char *
place_font (int klass)
{
  static const char *fonts[] = { "Sans Bold 10.5", "Sans Bold 9", "Sans 8.5", "Sans 8" };
  return fonts[CLAMP (klass, 0, 3)];
}

static double
place_dot_radius (int klass)
{
  static const double r[] = { 3.5, 3.0, 2.5, 2.0 };
  return r[CLAMP (klass, 0, 3)];
}

static PangoLayout *
make_layout (cairo_t *cr, const char *text, int klass)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (place_font (klass));
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* A label's size in pixels, measured the first time a zoom level needs it
 * (a world of places: most are never shown in most languages), with one
 * layout per class of place (@layouts), set up once per placement. */
static void
measure_place (Place *p, DmLanguage lang, cairo_t *cr, PangoLayout **layouts)
{
  if (p->text_h[lang] > 0)
    return;
  if (layouts[p->klass] == NULL)
    layouts[p->klass] = make_layout (cr, "", p->klass);
  pango_layout_set_text (layouts[p->klass], p->name[lang], -1);
  pango_layout_get_pixel_size (layouts[p->klass], &p->text_w[lang], &p->text_h[lang]);
  p->text_h[lang] = MAX (p->text_h[lang], 1);
}

typedef struct {
  double x0, y0, x1, y1;
} Box;

#define CELL 128.0

/* A grid cell's key: g_int64_hash folds the halves together (cy ^ cx),
 * which puts whole diagonals of cells in one bucket. */
static guint
cell_hash (gconstpointer key)
{
  guint64 k = *(const guint64 *) key;

  k ^= k >> 33;
  k *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  k ^= k >> 33;
  return (guint) k;
}

/* The boxes placed so far, found by CELL-pixel cells: an open-addressing
 * table of cells, each the head of a list of (box, next) entries, all in
 * flat arrays (a world of places makes 100,000 boxes per zoom). */
typedef struct {
  gint64 *keys; /* cell keys; slot empty when heads[] is G_MAXUINT */
  guint *heads; /* first entry of the cell */
  guint mask;   /* slots - 1 */
  guint n_used;
  GArray *entries; /* guint pairs: box index, next entry (G_MAXUINT: end) */
  GArray *boxes;   /* Box */
} BoxGrid;

static void
box_grid_init (BoxGrid *grid, guint expected)
{
  guint slots = 1024;

  while (slots < 4 * expected)
    slots *= 2;
  grid->keys = g_new (gint64, slots);
  grid->heads = g_new (guint, slots);
  memset (grid->heads, 0xff, slots * sizeof (guint));
  grid->mask = slots - 1;
  grid->n_used = 0;
  grid->entries = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  grid->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
}

static void
box_grid_clear (BoxGrid *grid)
{
  g_free (grid->keys);
  g_free (grid->heads);
  g_array_unref (grid->entries);
  g_array_unref (grid->boxes);
}

/* The slot of @key: its own, or the empty one where it would go. */
static guint
box_grid_slot (const BoxGrid *grid, gint64 key)
{
  guint i = cell_hash (&key) & grid->mask;

  while (grid->heads[i] != G_MAXUINT && grid->keys[i] != key)
    i = (i + 1) & grid->mask;
  return i;
}

static void
box_grid_grow (BoxGrid *grid)
{
  BoxGrid bigger = *grid;
  guint slots = 2 * (grid->mask + 1);

  bigger.keys = g_new (gint64, slots);
  bigger.heads = g_new (guint, slots);
  memset (bigger.heads, 0xff, slots * sizeof (guint));
  bigger.mask = slots - 1;
  for (guint i = 0; i <= grid->mask; i++)
    if (grid->heads[i] != G_MAXUINT)
      {
        guint j = box_grid_slot (&bigger, grid->keys[i]);

        bigger.keys[j] = grid->keys[i];
        bigger.heads[j] = grid->heads[i];
      }
  g_free (grid->keys);
  g_free (grid->heads);
  *grid = bigger;
}

static gint64
box_cell_key (gint64 cx, gint64 cy)
{
  return (gint64) (((guint64) cy << 32) ^ (guint64) (guint32) cx);
}

static gboolean
box_free (const BoxGrid *grid, const Box *b)
{
  for (gint64 cy = (gint64) floor (b->y0 / CELL); cy <= (gint64) floor (b->y1 / CELL); cy++)
    for (gint64 cx = (gint64) floor (b->x0 / CELL); cx <= (gint64) floor (b->x1 / CELL); cx++)
      {
        guint slot = box_grid_slot (grid, box_cell_key (cx, cy));

        for (guint e = grid->heads[slot]; e != G_MAXUINT;)
          {
            const guint *entry = &g_array_index (grid->entries, guint, 2 * e);
            const Box *o = &g_array_index (grid->boxes, Box, entry[0]);

            if (!(b->x1 < o->x0 || b->x0 > o->x1 || b->y1 < o->y0 || b->y0 > o->y1))
              return FALSE;
            e = entry[1];
          }
      }
  return TRUE;
}

static void
box_add (BoxGrid *grid, const Box *b)
{
  guint index = grid->boxes->len;

  g_array_append_val (grid->boxes, *b);
  for (gint64 cy = (gint64) floor (b->y0 / CELL); cy <= (gint64) floor (b->y1 / CELL); cy++)
    for (gint64 cx = (gint64) floor (b->x0 / CELL); cx <= (gint64) floor (b->x1 / CELL); cx++)
      {
        gint64 key = box_cell_key (cx, cy);
        guint slot = box_grid_slot (grid, key);
        guint entry[2] = { index, grid->heads[slot] };

        if (grid->heads[slot] == G_MAXUINT)
          {
            if (2 * (grid->n_used + 1) > grid->mask + 1)
              {
                box_grid_grow (grid);
                slot = box_grid_slot (grid, key);
              }
            grid->keys[slot] = key;
            grid->n_used++;
          }
        grid->heads[slot] = grid->entries->len;
        g_array_append_vals (grid->entries, entry, 1);
      }
}

/* The sizes of the labels a zoom level may show, measured once and kept
 * in the places (one thread at a time: they are written here only). */
static void
measure_labels (DmBasemapRenderer *self, int z, DmLanguage lang)
{
  gint64 min_pop = min_population (z);
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layouts[4] = { NULL };

  /* A zoom shows fewer places than the next: once a zoom is measured, so
   * are those below it. */
  if (z <= g_atomic_int_get (&self->measured_zoom[lang]))
    return;
  g_mutex_lock (&self->measure_lock);
  if (z <= self->measured_zoom[lang])
    {
      g_mutex_unlock (&self->measure_lock);
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  for (guint i = 0; i < self->n_places; i++)
    {
      Place *p = &self->places[i];

      if (p->population < min_pop)
        break;
      measure_place (p, lang, cr, layouts);
    }
  for (guint k = 0; k < G_N_ELEMENTS (layouts); k++)
    g_clear_object (&layouts[k]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_atomic_int_set (&self->measured_zoom[lang], z);
  g_mutex_unlock (&self->measure_lock);
}

/* Where the text of a label goes: right or left of the dot. */
static Box
label_text_box (double x, double y, double r, int tw, int th, gboolean left)
{
  if (left)
    return (Box){ x - r - 3 - tw, y - th / 2.0, x - r - 2, y + th / 2.0 };
  return (Box){ x + r + 2, y - th / 2.0, x + r + 3 + tw, y + th / 2.0 };
}

/* Where a placed label lies in the world pixels of its set's zoom. */
static void
label_box (const DmBasemapRenderer *self, const LabelSet *set, guint32 label, LabelBox *out)
{
  const Place *p = &self->places[label >> 1];
  double world = ldexp (set->tile_size, set->z);
  double r = place_dot_radius (p->klass);
  int tw = p->text_w[set->lang], th = p->text_h[set->lang];
  Box text;

  out->x = p->x * world;
  out->y = p->y * world;
  text = label_text_box (out->x, out->y, r, tw, th, (label & LABEL_LEFT) != 0);
  out->lx = text.x0 + 0.5;
  out->ly = text.y0;
  out->x0 = MIN (out->x - r, out->lx);
  out->x1 = MAX (out->x + r, out->lx + tw);
  out->y0 = MIN (out->y - r, out->ly);
  out->y1 = MAX (out->y + r, out->ly + th);
}

typedef struct {
  gint64 key;
  guint label;
} CellEntry;

static int
compare_cell_entries (gconstpointer a, gconstpointer b)
{
  const CellEntry *ea = a, *eb = b;

  if (ea->key != eb->key)
    return ea->key < eb->key ? -1 : 1;
  return ea->label < eb->label ? -1 : ea->label > eb->label;
}

/* Which labels each tile-sized cell holds, as sorted keys and runs. */
static void
label_set_index (const DmBasemapRenderer *self, LabelSet *set)
{
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (CellEntry));
  const CellEntry *e;

  for (guint i = 0; i < set->n_labels; i++)
    {
      LabelBox l;

      label_box (self, set, set->labels[i], &l);
      for (gint64 cy = (gint64) floor (l.y0 / set->tile_size); cy <= (gint64) floor (l.y1 / set->tile_size); cy++)
        for (gint64 cx = (gint64) floor (l.x0 / set->tile_size); cx <= (gint64) floor (l.x1 / set->tile_size); cx++)
          {
            CellEntry entry = { box_cell_key (cx, cy), i };

            g_array_append_val (entries, entry);
          }
    }
  g_array_sort (entries, compare_cell_entries);
  e = (const CellEntry *) (gpointer) entries->data;
  set->cell_labels = g_new (guint, MAX (entries->len, 1));
  for (guint i = 0; i < entries->len; i++)
    {
      set->cell_labels[i] = e[i].label;
      if (i == 0 || e[i].key != e[i - 1].key)
        set->n_cells++;
    }
  set->cell_keys = g_new (gint64, MAX (set->n_cells, 1));
  set->cell_start = g_new (guint, set->n_cells + 1);
  for (guint i = 0, c = 0; i < entries->len; i++)
    if (i == 0 || e[i].key != e[i - 1].key)
      {
        set->cell_keys[c] = e[i].key;
        set->cell_start[c++] = i;
      }
  set->cell_start[set->n_cells] = entries->len;
}

/* The labels of a cell: a run of cell_labels, empty when it holds none. */
static const guint *
label_set_cell (const LabelSet *set, gint64 key, guint *n)
{
  guint lo = 0, hi = set->n_cells;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (set->cell_keys[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == set->n_cells || set->cell_keys[lo] != key)
    {
      *n = 0;
      return NULL;
    }
  *n = set->cell_start[lo + 1] - set->cell_start[lo];
  return set->cell_labels + set->cell_start[lo];
}

/* The labels of a zoom level, placed for the whole world (largest places
 * first, no overlaps), so that neighbouring tiles agree.  Reads the
 * places' sizes only (measure_labels() first). */
static LabelSet *
place_labels (DmBasemapRenderer *self, int z, int tile_size, DmLanguage lang)
{
  LabelSet *set;
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (guint32));
  BoxGrid grid;
  double world = ldexp (tile_size, z);
  gint64 min_pop = min_population (z);

  box_grid_init (&grid, self->n_places);
  for (guint i = 0; i < self->n_places; i++)
    {
      const Place *p = &self->places[i];
      double x = p->x * world, y = p->y * world;
      double r = place_dot_radius (p->klass);
      Box dot = { x - r - 1, y - r - 1, x + r + 1, y + r + 1 };
      Box right, left;
      guint32 label = (guint32) i << 1;

      if (p->population < min_pop)
        break;
      if (!box_free (&grid, &dot))
        continue;
      right = label_text_box (x, y, r, p->text_w[lang], p->text_h[lang], FALSE);
      left = label_text_box (x, y, r, p->text_w[lang], p->text_h[lang], TRUE);
      if (!box_free (&grid, &right))
        {
          if (!box_free (&grid, &left))
            continue;
          label |= LABEL_LEFT;
        }
      box_add (&grid, &dot);
      box_add (&grid, (label & LABEL_LEFT) ? &left : &right);
      g_array_append_val (labels, label);
    }
  box_grid_clear (&grid);
  set = g_new0 (LabelSet, 1);
  set->z = z;
  set->tile_size = tile_size;
  set->lang = lang;
  set->n_labels = labels->len;
  set->labels = g_memdup2 (labels->data, MAX (labels->len, 1) * sizeof (guint32));
  label_set_index (self, set);
  return set;
}

/* A zoom level's labels, placed once and kept.  Placing takes up to a few
 * hundred milliseconds for a world of places, so it is done without the
 * lock: a tile at one zoom never waits for another zoom's labels, and one
 * that needs a zoom being placed waits for that, not to place it again. */
static const LabelSet *
get_labels (DmBasemapRenderer *self, int z, int tile_size, DmLanguage lang)
{
  guint key = ((guint) lang << 24) | ((guint) z << 16) | (guint) tile_size;
  LabelSet *set;

  g_mutex_lock (&self->label_lock);
  while ((set = g_hash_table_lookup (self->labels, GUINT_TO_POINTER (key))) == NULL &&
         g_hash_table_contains (self->placing, GUINT_TO_POINTER (key)))
    g_cond_wait (&self->label_placed, &self->label_lock);
  if (set != NULL)
    {
      g_mutex_unlock (&self->label_lock);
      return set;
    }
  g_hash_table_add (self->placing, GUINT_TO_POINTER (key));
  g_mutex_unlock (&self->label_lock);

  measure_labels (self, z, lang);
  set = place_labels (self, z, tile_size, lang);
  g_mutex_lock (&self->label_lock);
  g_hash_table_insert (self->labels, GUINT_TO_POINTER (key), set);
  g_hash_table_remove (self->placing, GUINT_TO_POINTER (key));
  g_cond_broadcast (&self->label_placed);
  g_mutex_unlock (&self->label_lock);
  return set;
}

void
dm_basemap_renderer_prepare_labels (DmBasemapRenderer *self,
                                    int min_zoom,
                                    int max_zoom,
                                    int tile_size,
                                    DmLanguage language)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (language < DM_N_LANGUAGES);

  for (int z = MAX (min_zoom, 0); z <= MIN (max_zoom, MAX_ZOOM); z++)
    get_labels (self, z, tile_size, language);
}

static void
draw_label (DmBasemapRenderer *self, const Tile *t, const LabelBox *l, guint32 label, DmLanguage lang)
{
  const Place *p = &self->places[label >> 1];
  double r = place_dot_radius (p->klass);
  double x0 = l->x0 - t->ox, x1 = l->x1 - t->ox;
  double y0 = l->y0 - t->oy, y1 = l->y1 - t->oy;
  double margin = 2;
  g_autoptr (PangoLayout) layout = NULL;

  if (x1 < -margin || y1 < -margin || x0 > t->width + margin || y0 > t->height + margin)
    return;
  if (t->whole_labels && (x0 < 0 || y0 < 0 || x1 > t->width || y1 > t->height))
    return;

  cairo_new_path (t->cr);
  cairo_arc (t->cr, l->x - t->ox, l->y - t->oy, r, 0, 2 * G_PI);
  cairo_set_source_rgb (t->cr, 1, 1, 1);
  cairo_fill_preserve (t->cr);
  cairo_set_source_rgb (t->cr, 0.2, 0.2, 0.2);
  cairo_set_line_width (t->cr, p->klass == 0 ? 1.6 : 1.2);
  cairo_stroke (t->cr);

  layout = make_layout (t->cr, p->name[lang], p->klass);
  cairo_move_to (t->cr, l->lx - t->ox, l->ly - t->oy);
  pango_cairo_layout_path (t->cr, layout);
  cairo_set_source_rgba (t->cr, 1, 1, 1, 0.85);
  cairo_set_line_width (t->cr, 3);
  cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (t->cr);
  cairo_move_to (t->cr, l->lx - t->ox, l->ly - t->oy);
  cairo_set_source_rgb (t->cr, 0.13, 0.13, 0.13);
  pango_cairo_show_layout (t->cr, layout);
}

/* The labels in the tile or area: from the cells it covers, each label
 * once (in the first of its cells inside the area). */
static void
draw_labels (DmBasemapRenderer *self, const Tile *t, int z, DmLanguage lang)
{
  const LabelSet *set = get_labels (self, z, t->tile_size, lang);
  double margin = 2, ts = t->tile_size;
  gint64 qx0 = (gint64) floor ((t->ox - margin) / ts), qx1 = (gint64) floor ((t->ox + t->width + margin) / ts);
  gint64 qy0 = (gint64) floor ((t->oy - margin) / ts), qy1 = (gint64) floor ((t->oy + t->height + margin) / ts);

  for (gint64 cy = qy0; cy <= qy1; cy++)
    for (gint64 cx = qx0; cx <= qx1; cx++)
      {
        guint n;
        const guint *cell = label_set_cell (set, box_cell_key (cx, cy), &n);

        for (guint i = 0; i < n; i++)
          {
            guint32 label = set->labels[cell[i]];
            LabelBox l;

            label_box (self, set, label, &l);
            if (MAX ((gint64) floor (l.x0 / ts), qx0) != cx || MAX ((gint64) floor (l.y0 / ts), qy0) != cy)
              continue;
            draw_label (self, t, &l, label, lang);
          }
      }
}

/* Draws the area (t->ox, t->oy)–(+width, +height) of world pixels at
 * zoom @z into (0, 0)–(width, height) of t->cr. */
static void
draw_area (DmBasemapRenderer *self, const Tile *tt, int z, DmLanguage language)
{
  Tile t = *tt;
  cairo_t *cr = t.cr;
  double margin = 4.0 / t.world;

  t.min_x = t.ox / t.world - margin;
  t.min_y = t.oy / t.world - margin;
  t.max_x = (t.ox + t.width) / t.world + margin;
  t.max_y = (t.oy + t.height) / t.world + margin;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, t.width, t.height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, sea.r, sea.g, sea.b);
  cairo_paint (cr);

  /* Land */
  cairo_new_path (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  if (path_layer (&t, &self->land, TRUE, z) > 0)
    {
      cairo_set_source_rgb (cr, land.r, land.g, land.b);
      cairo_fill (cr);
    }

  /* Admin-1 and country borders, only where there is land */
  cairo_new_path (cr);
  if (path_layer (&t, &self->land, TRUE, z) > 0)
    {
      cairo_save (cr);
      cairo_clip (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (z >= 5)
        {
          static const double dash[] = { 4, 2 };
          cairo_new_path (cr);
          path_layer (&t, &self->admin1, FALSE, z);
          cairo_set_source_rgba (cr, 0.55, 0.45, 0.6, 0.55);
          cairo_set_line_width (cr, z >= 8 ? 1.0 : 0.7);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_new_path (cr);
      path_layer (&t, &self->countries, FALSE, z);
      cairo_set_source_rgba (cr, 0.78, 0.68, 0.82, 0.8);
      cairo_set_line_width (cr, z >= 7 ? 5 : 3.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.45, 0.33, 0.52);
      cairo_set_line_width (cr, z >= 7 ? 1.3 : 1.0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  cairo_new_path (cr);

  /* Lakes, then rivers */
  if (path_layer (&t, &self->lakes, TRUE, z) > 0)
    {
      cairo_set_source_rgb (cr, sea.r, sea.g, sea.b);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.55, 0.72, 0.82);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 0.56, 0.76, 0.87);
  for (int rank = river_max_rank (z); rank >= 1; rank--)
    {
      cairo_new_path (cr);
      layer_foreach (&t, layer_at (&self->rivers, z), path_rank, GINT_TO_POINTER (rank));
      cairo_set_line_width (cr, river_width (rank, z));
      cairo_stroke (cr);
    }

  draw_labels (self, &t, z, language);
  cairo_restore (cr);
}

void
dm_basemap_renderer_draw_tile (DmBasemapRenderer *self,
                               cairo_t *cr,
                               int x,
                               int y,
                               int z,
                               int tile_size,
                               DmLanguage language)
{
  Tile t = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (z >= 0 && z <= MAX_ZOOM);
  g_return_if_fail (language < DM_N_LANGUAGES);

  t.cr = cr;
  t.world = ldexp (tile_size, z);
  t.ox = (double) x * tile_size;
  t.oy = (double) y * tile_size;
  t.tile_size = tile_size;
  t.width = t.height = tile_size;
  draw_area (self, &t, z, language);
}

void
dm_basemap_renderer_draw_area (DmBasemapRenderer *self,
                               cairo_t *cr,
                               double x,
                               double y,
                               double width,
                               double height,
                               int z,
                               int tile_size,
                               DmLanguage language)
{
  Tile t = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (z >= 0 && z <= MAX_ZOOM);
  g_return_if_fail (language < DM_N_LANGUAGES);
  g_return_if_fail (width > 0 && height > 0);

  t.cr = cr;
  t.world = ldexp (tile_size, z);
  t.ox = x;
  t.oy = y;
  t.tile_size = tile_size;
  t.width = width;
  t.height = height;
  t.whole_labels = TRUE;
  draw_area (self, &t, z, language);
}

static cairo_status_t
write_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
dm_basemap_renderer_render_png (DmBasemapRenderer *self,
                                int x,
                                int y,
                                int z,
                                int tile_size,
                                int scale,
                                DmLanguage language,
                                GError **error)
{
  cairo_surface_t *surface;
  GByteArray *array;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (scale >= 1 && scale <= 4, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, tile_size * scale, tile_size * scale);
  array = g_byte_array_new ();
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  dm_basemap_renderer_draw_tile (self, cr, x, y, z, tile_size, language);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_to_array, array);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not render tile %d/%d/%d: %s", z, x, y,
                   cairo_status_to_string (status));
      g_byte_array_unref (array);
      return NULL;
    }
  return g_byte_array_free_to_bytes (array);
}
