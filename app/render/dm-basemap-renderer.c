/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-render"
#include "config.h"

#include "dm-basemap-renderer.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-import.h"
#include "dm-mercator.h"

#define MAX_ZOOM 24

/* Coordinates are stored once as normalised Web Mercator (0..1 both ways,
 * y down), so drawing a tile is a scale and an offset per vertex. */
typedef struct {
  guint offset; /* in points, into Layer.coords */
  guint n_points;
} Ring;

typedef struct {
  double min_x, min_y, max_x, max_y;
  guint first_ring;
  guint n_rings; /* a polygon's rings are all kept: one path, even-odd */
  int rank;
} Shape;

typedef struct {
  GArray *shapes; /* Shape */
  GArray *rings;  /* Ring */
  GArray *coords; /* double pairs */
} Layer;

typedef struct {
  double x, y; /* normalised Mercator */
  gint64 population;
  char *name[DM_N_LABEL_LANGUAGES]; /* falls back to English */
  int klass;                        /* 0 largest … 3 smallest */
  int text_w[DM_N_LABEL_LANGUAGES]; /* pixels, measured once */
  int text_h[DM_N_LABEL_LANGUAGES];
} Place;

typedef struct {
  guint place;
  double x, y;   /* world pixels of the dot */
  double lx, ly; /* world pixels of the text's top left */
} Label;

struct _DmBasemapRenderer {
  gint ref_count;
  Layer land, lakes, rivers;
  /* Borders as lines: the edges two polygons share, so that coasts and
   * the data's own clipping edges are never drawn as borders. */
  Layer countries, admin1;
  GArray *places; /* Place, largest first */
  GMutex label_lock;
  gboolean measured;
  GHashTable *labels; /* (language << 24 | z << 16 | tile_size) → GArray of Label */
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

static void
layer_init (Layer *layer)
{
  layer->shapes = g_array_new (FALSE, FALSE, sizeof (Shape));
  layer->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  layer->coords = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
layer_clear (Layer *layer)
{
  g_clear_pointer (&layer->shapes, g_array_unref);
  g_clear_pointer (&layer->rings, g_array_unref);
  g_clear_pointer (&layer->coords, g_array_unref);
}

/* One shape per polygon part (or per line part), for finer culling. */
static void
layer_add_geometry (Layer *layer, const DmGeometry *geometry, int rank)
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

              dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &m[0], &m[1]);
              g_array_append_vals (layer->coords, m, 2);
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

static gboolean
layer_load (Layer *layer, DmBasemap *basemap, const char *name, const char *rank_field, GError **error)
{
  const DmImportLayer *data;

  layer_init (layer);
  data = dm_basemap_get_layer (basemap, name, error);
  if (data == NULL)
    {
      g_prefix_error (error, "Basemap layer “%s”: ", name);
      return FALSE;
    }
  for (guint i = 0; i < data->features->len; i++)
    {
      DmImportFeature *f = g_ptr_array_index (data->features, i);
      int rank = 0;

      if (rank_field != NULL)
        {
          const char *v = g_hash_table_lookup (f->properties, rank_field);
          if (v != NULL)
            rank = atoi (v);
        }
      layer_add_geometry (layer, f->geometry, rank);
    }
  return TRUE;
}

/* The boundaries between the countries or the admin-1 regions: every
 * edge that two different regions share (Natural Earth's admin-1
 * polygons and the countries dissolved from them share their vertices
 * exactly), joined into runs, as the basemap's snapping linework finds
 * them. */
static void
borders_load (Layer *layer, DmBasemap *basemap, gboolean countries)
{
  g_autoptr (GPtrArray) polygons = dm_basemap_get_region_geometries (basemap, countries);
  g_autoptr (DmGeometry) borders = NULL;

  layer_init (layer);
  borders = dm_geometry_shared_boundaries ((const DmGeometry *const *) polygons->pdata, polygons->len, NULL, NULL);
  layer_add_geometry (layer, borders, 0);
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
  const DmPlace *places = dm_basemap_get_places (basemap, &n);

  self->places = g_array_new (FALSE, TRUE, sizeof (Place));
  for (guint i = 0; i < n; i++)
    {
      const DmPlace *p = &places[i];
      const char *names[DM_N_LABEL_LANGUAGES] = { p->name_en, p->name_uk, p->name_ru };
      Place place = { 0 };

      if (p->name_en == NULL || *p->name_en == '\0')
        continue;
      dm_mercator_unit (p->lon, p->lat, &place.x, &place.y);
      place.population = p->population;
      for (guint l = 0; l < DM_N_LABEL_LANGUAGES; l++)
        place.name[l] = g_strdup (names[l] != NULL && *names[l] != '\0' ? names[l] : p->name_en);
      place.klass = place_class (place.population);
      g_array_append_val (self->places, place);
    }
  g_array_sort (self->places, compare_places);
}

DmBasemapRenderer *
dm_basemap_renderer_new (DmBasemap *basemap, GError **error)
{
  g_autoptr (DmBasemapRenderer) self = g_new0 (DmBasemapRenderer, 1);
  g_autoptr (DmBasemap) owned = NULL;

  if (basemap == NULL && (basemap = owned = dm_basemap_get_default (error)) == NULL)
    return NULL;

  self->ref_count = 1;
  g_mutex_init (&self->label_lock);
  self->labels = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  if (!layer_load (&self->land, basemap, "land", NULL, error) ||
      !layer_load (&self->lakes, basemap, "lakes", NULL, error) ||
      !layer_load (&self->rivers, basemap, "rivers", "rank", error))
    return NULL;
  borders_load (&self->countries, basemap, TRUE);
  borders_load (&self->admin1, basemap, FALSE);
  places_load (self, basemap);

  return g_steal_pointer (&self);
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
  if (self->places != NULL)
    {
      for (guint i = 0; i < self->places->len; i++)
        for (guint l = 0; l < DM_N_LABEL_LANGUAGES; l++)
          g_free (g_array_index (self->places, Place, i).name[l]);
      g_array_unref (self->places);
    }
  g_hash_table_unref (self->labels);
  g_mutex_clear (&self->label_lock);
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
  const double *coords = (const double *) (gpointer) layer->coords->data;

  for (guint r = 0; r < s->n_rings; r++)
    {
      const Ring *ring = &g_array_index (layer->rings, Ring, s->first_ring + r);
      const double *xy = coords + 2 * ring->offset;
      double lx = 0, ly = 0;

      for (guint i = 0; i < ring->n_points; i++)
        {
          double px = xy[2 * i] * t->world - t->ox;
          double py = xy[2 * i + 1] * t->world - t->oy;

          if (i == 0)
            cairo_move_to (t->cr, px, py);
          else if (i + 1 == ring->n_points || fabs (px - lx) + fabs (py - ly) > 0.33)
            cairo_line_to (t->cr, px, py);
          else
            continue;
          lx = px;
          ly = py;
        }
      if (close)
        cairo_close_path (t->cr);
    }
}

static guint
path_layer (const Tile *t, const Layer *layer, gboolean close, int max_rank)
{
  guint n = 0;

  for (guint i = 0; i < layer->shapes->len; i++)
    {
      const Shape *s = &g_array_index (layer->shapes, Shape, i);

      if ((max_rank > 0 && (s->rank > max_rank || s->rank <= 0)) || !shape_visible (t, s))
        continue;
      path_shape (t, layer, s, close);
      n++;
    }
  return n;
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

static void
measure_places (DmBasemapRenderer *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < self->places->len; i++)
    {
      Place *p = &g_array_index (self->places, Place, i);

      for (guint l = 0; l < DM_N_LABEL_LANGUAGES; l++)
        {
          g_autoptr (PangoLayout) layout = make_layout (cr, p->name[l], p->klass);

          pango_layout_get_pixel_size (layout, &p->text_w[l], &p->text_h[l]);
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  self->measured = TRUE;
}

typedef struct {
  double x0, y0, x1, y1;
} Box;

#define CELL 128.0

static gboolean
box_free (GHashTable *grid, GArray *boxes, const Box *b)
{
  for (gint64 cy = (gint64) floor (b->y0 / CELL); cy <= (gint64) floor (b->y1 / CELL); cy++)
    for (gint64 cx = (gint64) floor (b->x0 / CELL); cx <= (gint64) floor (b->x1 / CELL); cx++)
      {
        gint64 key = (gint64) (((guint64) cy << 32) ^ (guint64) cx); /* unsigned: cy may be negative */
        GArray *cell = g_hash_table_lookup (grid, &key);

        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          {
            const Box *o = &g_array_index (boxes, Box, g_array_index (cell, guint, i));
            if (!(b->x1 < o->x0 || b->x0 > o->x1 || b->y1 < o->y0 || b->y0 > o->y1))
              return FALSE;
          }
      }
  return TRUE;
}

static void
box_add (GHashTable *grid, GArray *boxes, const Box *b)
{
  guint index = boxes->len;

  g_array_append_val (boxes, *b);
  for (gint64 cy = (gint64) floor (b->y0 / CELL); cy <= (gint64) floor (b->y1 / CELL); cy++)
    for (gint64 cx = (gint64) floor (b->x0 / CELL); cx <= (gint64) floor (b->x1 / CELL); cx++)
      {
        gint64 key = (gint64) (((guint64) cy << 32) ^ (guint64) cx); /* unsigned: cy may be negative */
        GArray *cell = g_hash_table_lookup (grid, &key);

        if (cell == NULL)
          {
            cell = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (grid, g_memdup2 (&key, sizeof key), cell);
          }
        g_array_append_val (cell, index);
      }
}

/* The labels of a zoom level, placed once for the whole world (largest
 * places first, no overlaps), so that neighbouring tiles agree. */
static GArray *
get_labels (DmBasemapRenderer *self, int z, int tile_size, DmLabelLanguage lang)
{
  guint key = ((guint) lang << 24) | ((guint) z << 16) | (guint) tile_size;
  GArray *labels;

  g_mutex_lock (&self->label_lock);
  labels = g_hash_table_lookup (self->labels, GUINT_TO_POINTER (key));
  if (labels == NULL)
    {
      g_autoptr (GHashTable)
        grid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
      g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (Box));
      double world = ldexp (tile_size, z);
      gint64 min_pop = min_population (z);

      if (!self->measured)
        measure_places (self);
      labels = g_array_new (FALSE, FALSE, sizeof (Label));
      for (guint i = 0; i < self->places->len; i++)
        {
          const Place *p = &g_array_index (self->places, Place, i);
          double x = p->x * world, y = p->y * world;
          double r = place_dot_radius (p->klass);
          Box dot = { x - r - 1, y - r - 1, x + r + 1, y + r + 1 };
          int tw = p->text_w[lang], th = p->text_h[lang];
          Box right = { x + r + 2, y - th / 2.0, x + r + 3 + tw, y + th / 2.0 };
          Box left = { x - r - 3 - tw, right.y0, x - r - 2, right.y1 };
          Label label = { i, x, y, 0, 0 };
          const Box *chosen = NULL;

          if (p->population < min_pop)
            break;
          if (!box_free (grid, boxes, &dot))
            continue;
          if (box_free (grid, boxes, &right))
            chosen = &right;
          else if (box_free (grid, boxes, &left))
            chosen = &left;
          else
            continue;
          label.lx = chosen->x0 + 0.5;
          label.ly = chosen->y0;
          box_add (grid, boxes, &dot);
          box_add (grid, boxes, chosen);
          g_array_append_val (labels, label);
        }
      g_hash_table_insert (self->labels, GUINT_TO_POINTER (key), labels);
    }
  g_mutex_unlock (&self->label_lock);
  return labels;
}

static void
draw_labels (DmBasemapRenderer *self, const Tile *t, int z, DmLabelLanguage lang)
{
  GArray *labels = get_labels (self, z, t->tile_size, lang);
  double margin = 2;

  for (guint i = 0; i < labels->len; i++)
    {
      const Label *l = &g_array_index (labels, Label, i);
      const Place *p = &g_array_index (self->places, Place, l->place);
      double r = place_dot_radius (p->klass);
      double x0 = MIN (l->x - r, l->lx) - t->ox, x1 = MAX (l->x + r, l->lx + p->text_w[lang]) - t->ox;
      double y0 = MIN (l->y - r, l->ly) - t->oy, y1 = MAX (l->y + r, l->ly + p->text_h[lang]) - t->oy;
      g_autoptr (PangoLayout) layout = NULL;

      if (x1 < -margin || y1 < -margin || x0 > t->width + margin || y0 > t->height + margin)
        continue;
      if (t->whole_labels && (x0 < 0 || y0 < 0 || x1 > t->width || y1 > t->height))
        continue;

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
}

/* Draws the area (t->ox, t->oy)–(+width, +height) of world pixels at
 * zoom @z into (0, 0)–(width, height) of t->cr. */
static void
draw_area (DmBasemapRenderer *self, const Tile *tt, int z, DmLabelLanguage language)
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
  if (path_layer (&t, &self->land, TRUE, 0) > 0)
    {
      cairo_set_source_rgb (cr, land.r, land.g, land.b);
      cairo_fill (cr);
    }

  /* Admin-1 and country borders, only where there is land */
  cairo_new_path (cr);
  if (path_layer (&t, &self->land, TRUE, 0) > 0)
    {
      cairo_save (cr);
      cairo_clip (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (z >= 5)
        {
          static const double dash[] = { 4, 2 };
          cairo_new_path (cr);
          path_layer (&t, &self->admin1, FALSE, 0);
          cairo_set_source_rgba (cr, 0.55, 0.45, 0.6, 0.55);
          cairo_set_line_width (cr, z >= 8 ? 1.0 : 0.7);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_new_path (cr);
      path_layer (&t, &self->countries, FALSE, 0);
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
  if (path_layer (&t, &self->lakes, TRUE, 0) > 0)
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
      Tile rt = t;
      cairo_new_path (cr);
      for (guint i = 0; i < self->rivers.shapes->len; i++)
        {
          const Shape *s = &g_array_index (self->rivers.shapes, Shape, i);
          if (s->rank == rank && shape_visible (&rt, s))
            path_shape (&rt, &self->rivers, s, FALSE);
        }
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
                               DmLabelLanguage language)
{
  Tile t = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (z >= 0 && z <= MAX_ZOOM);
  g_return_if_fail (language < DM_N_LABEL_LANGUAGES);

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
                               DmLabelLanguage language)
{
  Tile t = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (z >= 0 && z <= MAX_ZOOM);
  g_return_if_fail (language < DM_N_LABEL_LANGUAGES);
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
                                DmLabelLanguage language,
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

DmLabelLanguage
dm_label_language_from_string (const char *str)
{
  if (g_strcmp0 (str, "uk") == 0)
    return DM_LABEL_LANGUAGE_UK;
  if (g_strcmp0 (str, "ru") == 0)
    return DM_LABEL_LANGUAGE_RU;
  return DM_LABEL_LANGUAGE_EN;
}
