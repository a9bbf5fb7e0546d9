/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-edit-layer.h"
#include "dm-snapper.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-geodesy.h"
#include "dm-units.h"

/* Pixels: how near the pointer must be to a handle or a line to take it. */
#define HANDLE_RADIUS 7.0
#define LINE_RADIUS   6.0
#define POINT_RADIUS  10.0
/* Handles are drawn only when no more than this many are in view. */
#define MAX_HANDLES 4000
/* Pixels between neighbouring handles drawn. */
#define HANDLE_SPACING 10.0
#define NO_PART        G_MAXUINT

/* Pixels within which a pointer snaps to a vertex or a line. */
#define SNAP_RADIUS 10.0

struct _DmEditLayer {
  ShumateLayer parent_instance;

  DmEngine *engine;
  DmEditTool tool;
  gboolean snapping;
  DmSnapper *snapper; /* the document's and the basemap's lines, or NULL */

  guint selected;        /* feature id, 0 for none */
  guint part;            /* the selected part of a line of several, or NO_PART */
  GArray *vertices;      /* guint, ascending: selected vertices */
  GArray *draft;         /* double lon, lat pairs: the path being drawn */
  gboolean measure_done; /* Enter ended a measurement; a click starts anew */
  DmLengthUnit units;

  gboolean has_hover;
  double hover_x, hover_y;
  gboolean has_snap;
  double snap_lon, snap_lat;

  enum {
    DRAG_NONE,
    DRAG_VERTICES,
    DRAG_BOX
  } drag;
  double drag_x0, drag_y0;
  double drag_x1, drag_y1;
  guint grabbed; /* the vertex under the pointer when a drag began */
  double grabbed_lon, grabbed_lat;
  double applied_dlon, applied_dlat;
  gboolean moved; /* the drag has left its starting pixel */

  /* The selected feature's vertices in normalised Mercator, kept across
   * frames (a moved vertex is updated in place): a frame projects them
   * with a multiply-add each. */
  GArray *merc;       /* double pairs */
  guint merc_feature; /* 0: to be made */
  GArray *pixels;     /* double pairs: this frame's widget coordinates */

  /* A treaty annex's turning points and markers shown on the map. */
  GArray *annex_marks;  /* AnnexMark */
  guint annex_selected; /* index into them, G_MAXUINT for none */
};

typedef struct {
  double lon, lat;
  guint number;
  gboolean marker;
} AnnexMark;

/* More marks than this in view: only the selected one (the line shows
 * where the rest are). */
#define MAX_ANNEX_MARKS 400

G_DEFINE_FINAL_TYPE (DmEditLayer, dm_edit_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_SNAPPING,
  PROP_SELECTED_FEATURE,
  N_PROPS
};

enum {
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_DRAFT_CHANGED,
  SIGNAL_ANNOTATE,
  SIGNAL_POST,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
dm_edit_tool_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { DM_EDIT_TOOL_SELECT, "DM_EDIT_TOOL_SELECT", "select" },
    { DM_EDIT_TOOL_LINE, "DM_EDIT_TOOL_LINE", "line" },
    { DM_EDIT_TOOL_SWAP, "DM_EDIT_TOOL_SWAP", "swap" },
    { DM_EDIT_TOOL_ANNOTATE, "DM_EDIT_TOOL_ANNOTATE", "annotate" },
    { DM_EDIT_TOOL_MEASURE, "DM_EDIT_TOOL_MEASURE", "measure" },
    { DM_EDIT_TOOL_POST, "DM_EDIT_TOOL_POST", "post" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("DmEditTool", values));
  return type;
}

/* ---- Helpers ----------------------------------------------------------- */

static DmDocument *
get_document (DmEditLayer *self)
{
  return self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
}

static DmFeature *
get_selected (DmEditLayer *self)
{
  DmDocument *doc = get_document (self);

  return doc != NULL && self->selected != 0 ? dm_document_lookup_feature (doc, self->selected) : NULL;
}

static void
get_view (DmEditLayer *self, DmViewport *view)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);

  view->lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  view->lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  view->zoom = shumate_viewport_get_zoom_level (viewport);
  view->rotation = shumate_viewport_get_rotation (viewport);
  view->width = gtk_widget_get_width (GTK_WIDGET (self));
  view->height = gtk_widget_get_height (GTK_WIDGET (self));
  view->tile_size = source != NULL ? (int) shumate_map_source_get_tile_size (source) : 256;
}

static gboolean
is_vertex_selected (DmEditLayer *self, guint index)
{
  for (guint i = 0; i < self->vertices->len; i++)
    if (g_array_index (self->vertices, guint, i) == index)
      return TRUE;
  return FALSE;
}

static int
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
selection_changed (DmEditLayer *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
segment_distance (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* The selected feature's vertex nearest to (x, y) within the handle
 * radius. */
static gboolean
hit_vertex (DmEditLayer *self, const DmViewport *view, double x, double y, guint *index)
{
  DmFeature *feature = get_selected (self);
  const DmGeometry *g;
  double best = HANDLE_RADIUS;
  gboolean found = FALSE;

  if (feature == NULL)
    return FALSE;
  g = dm_feature_get_geometry (feature);
  for (guint i = 0; i < dm_geometry_get_n_points (g); i++)
    {
      double lon, lat, vx, vy, d;

      dm_geometry_get_point (g, i, &lon, &lat);
      dm_viewport_to_widget (view, lon, lat, &vx, &vy);
      d = hypot (vx - x, vy - y);
      if (d <= best)
        {
          best = d;
          *index = i;
          found = TRUE;
        }
    }
  return found;
}

/* Calls @func for every segment of every ring of @g with the index at
 * which a vertex inserted in that segment goes (a polygon's closing
 * segment inserts at its ring's start: the ring is closed, so that is
 * between its last and first vertex). */
typedef gboolean (*SegmentFunc) (double ax, double ay, double bx, double by, guint insert_at, gpointer data);

static void
for_each_segment (const DmGeometry *g, const DmViewport *view, SegmentFunc func, gpointer data)
{
  gboolean closed = dm_geometry_is_polygonal (g);

  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (g, p, r, &n);
        guint offset = dm_geometry_get_ring_offset (g, p, r);
        guint n_segments = closed ? n : (n > 0 ? n - 1 : 0);
        double ax, ay, bx, by;

        if (n < 2)
          continue;
        dm_viewport_to_widget (view, xy[0], xy[1], &ax, &ay);
        for (guint i = 0; i < n_segments; i++)
          {
            guint j = (i + 1) % n;

            dm_viewport_to_widget (view, xy[2 * j], xy[2 * j + 1], &bx, &by);
            if (!func (ax, ay, bx, by, j == 0 ? offset : offset + i + 1, data))
              return;
            ax = bx;
            ay = by;
          }
      }
}

typedef struct {
  double x, y;
  double best;
  guint insert_at;
  double mx, my;
  gboolean found;
} MidpointHit;

static gboolean
midpoint_hit (double ax, double ay, double bx, double by, guint insert_at, gpointer data)
{
  MidpointHit *hit = data;
  double mx = (ax + bx) / 2, my = (ay + by) / 2;
  double d = hypot (mx - hit->x, my - hit->y);

  /* Segments too short on screen have no midpoint handle. */
  if (hypot (bx - ax, by - ay) < 4 * HANDLE_RADIUS)
    return TRUE;
  if (d <= hit->best)
    {
      hit->best = d;
      hit->insert_at = insert_at;
      hit->mx = mx;
      hit->my = my;
      hit->found = TRUE;
    }
  return TRUE;
}

static gboolean
hit_midpoint (DmEditLayer *self, const DmViewport *view, double x, double y, guint *insert_at, double *mx, double *my)
{
  DmFeature *feature = get_selected (self);
  MidpointHit hit = { x, y, HANDLE_RADIUS, 0, 0, 0, FALSE };

  if (feature == NULL || dm_geometry_is_puntal (dm_feature_get_geometry (feature)))
    return FALSE;
  for_each_segment (dm_feature_get_geometry (feature), view, midpoint_hit, &hit);
  *insert_at = hit.insert_at;
  *mx = hit.mx;
  *my = hit.my;
  return hit.found;
}

typedef struct {
  double x, y;
  double best;
  gboolean inside;
  guint best_vertex; /* the nearest segment's end vertex */
} LineHit;

static gboolean
line_hit (double ax, double ay, double bx, double by, guint insert_at, gpointer data)
{
  LineHit *hit = data;
  double d = segment_distance (hit->x, hit->y, ax, ay, bx, by);

  if (d < hit->best)
    {
      hit->best = d;
      hit->best_vertex = insert_at;
    }
  /* Even-odd crossing count for polygons (holes included). */
  if ((ay > hit->y) != (by > hit->y) && hit->x < ax + (hit->y - ay) * (bx - ax) / (by - ay))
    hit->inside = !hit->inside;
  return TRUE;
}

/* The document feature under (x, y): annotations first, then observation
 * posts, then lines, then land swaps (their edges or inside).  @part: (out) (optional) the part
 * of a line of several under the pointer, else NO_PART. */
static guint
hit_feature (DmEditLayer *self, const DmViewport *view, double x, double y, guint *part)
{
  DmDocument *doc = get_document (self);
  g_autoptr (GPtrArray) features = NULL;
  static const DmRole order[] = { DM_ROLE_ANNOTATION, DM_ROLE_OBSERVATION_POST, DM_ROLE_CONTACT_LINE,
                                  DM_ROLE_LAND_SWAP };

  if (part != NULL)
    *part = NO_PART;
  if (doc == NULL)
    return 0;
  features = dm_document_list_features (doc, -1);
  for (guint o = 0; o < G_N_ELEMENTS (order); o++)
    for (guint i = 0; i < features->len; i++)
      {
        DmFeature *f = g_ptr_array_index (features, i);
        const DmGeometry *g = dm_feature_get_geometry (f);

        if (dm_feature_get_role (f) != order[o])
          continue;
        if (dm_geometry_is_puntal (g))
          {
            double lon, lat, px, py;

            if (dm_geometry_get_n_points (g) == 0)
              continue;
            dm_geometry_get_point (g, 0, &lon, &lat);
            dm_viewport_to_widget (view, lon, lat, &px, &py);
            if (hypot (px - x, py - y) <= POINT_RADIUS)
              return dm_feature_get_id (f);
          }
        else
          {
            LineHit hit = { x, y, G_MAXDOUBLE, FALSE, 0 };

            for_each_segment (g, view, line_hit, &hit);
            if (hit.best <= LINE_RADIUS || (dm_geometry_is_polygonal (g) && hit.inside))
              {
                guint p, r;

                if (part != NULL && dm_geometry_is_lineal (g) && dm_geometry_get_n_parts (g) > 1 &&
                    hit.best_vertex > 0 && dm_geometry_locate_point (g, hit.best_vertex - 1, &p, &r))
                  *part = p;
                return dm_feature_get_id (f);
              }
          }
      }
  return 0;
}

/* The snapping target within SNAP_RADIUS of a pointer position, when
 * snapping is on: the document's vertices and segments and the
 * basemap's borders, rivers and coast.  The vertex being dragged (and
 * its two segments) is no target. */
static gboolean
snap_target (DmEditLayer *self, const DmViewport *view, double x, double y, double *lon, double *lat)
{
  gboolean dragging_one = self->drag == DRAG_VERTICES && self->vertices->len == 1;

  return self->snapping && self->snapper != NULL &&
         dm_snapper_snap (self->snapper, view, x, y, SNAP_RADIUS, dragging_one ? self->selected : 0,
                          dragging_one ? (gint) g_array_index (self->vertices, guint, 0) : -1, lon, lat);
}

/* Where a pointer position puts a point: the snapping target when
 * snapping is on and one is near, else the position itself. */
static void
pointer_location (DmEditLayer *self, const DmViewport *view, double x, double y, double *lon, double *lat)
{
  if (snap_target (self, view, x, y, lon, lat))
    return;
  dm_viewport_to_location (view, x, y, lon, lat);
}

static void
update_snap (DmEditLayer *self, const DmViewport *view, double x, double y)
{
  gboolean had = self->has_snap;

  self->has_snap = snap_target (self, view, x, y, &self->snap_lon, &self->snap_lat);
  if (had || self->has_snap)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const char *
tool_draft_minimum_message (DmEditTool tool)
{
  return tool == DM_EDIT_TOOL_SWAP ? _ ("A land swap needs at least three points")
                                   : _ ("A line needs at least two points");
}

/* ---- Selection ---------------------------------------------------------- */

guint
dm_edit_layer_get_selected_feature (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), 0);
  return self->selected;
}

const guint *
dm_edit_layer_get_selected_vertices (DmEditLayer *self, guint *n_vertices)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), NULL);
  g_return_val_if_fail (n_vertices != NULL, NULL);

  *n_vertices = self->vertices->len;
  return (const guint *) (gpointer) self->vertices->data;
}

guint
dm_edit_layer_get_selected_part (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), NO_PART);
  return self->part;
}

void
dm_edit_layer_select_part (DmEditLayer *self, guint feature_id, guint part)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  g_array_set_size (self->vertices, 0);
  self->part = part;
  if (self->selected != feature_id)
    {
      self->selected = feature_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FEATURE]);
    }
  selection_changed (self);
}

void
dm_edit_layer_select (DmEditLayer *self, guint feature_id, const guint *vertices, guint n_vertices)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  g_array_set_size (self->vertices, 0);
  self->part = NO_PART;
  if (n_vertices > 0)
    g_array_append_vals (self->vertices, vertices, n_vertices);
  g_array_sort (self->vertices, compare_guint);
  if (self->selected != feature_id)
    {
      self->selected = feature_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FEATURE]);
    }
  selection_changed (self);
}

/* Keeps the selection meaningful when the document changes under it
 * (undo, a removed feature, a removed vertex). */
static void
document_changed (DmEditLayer *self, DmChange *change, DmDocument *doc)
{
  DmFeature *feature;

  if (self->merc_feature != 0 && (change->feature_id == 0 || change->feature_id == self->merc_feature))
    {
      DmFeature *f = dm_document_lookup_feature (doc, self->merc_feature);
      const DmGeometry *g = f != NULL ? dm_feature_get_geometry (f) : NULL;

      if (g != NULL && change->kind == DM_CHANGE_VERTICES_MOVED &&
          dm_geometry_get_n_points (g) * 2 == self->merc->len &&
          change->first_vertex + change->n_vertices <= dm_geometry_get_n_points (g))
        {
          const double *xy = dm_geometry_get_coords (g);
          double *m = (double *) (gpointer) self->merc->data;

          for (guint i = change->first_vertex; i < change->first_vertex + change->n_vertices; i++)
            dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &m[2 * i], &m[2 * i + 1]);
        }
      else
        self->merc_feature = 0;
    }

  if (self->selected == 0)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  feature = dm_document_lookup_feature (doc, self->selected);
  /* Another proposal's features are not the ones selected, whatever
   * their ids. */
  if (feature == NULL || change->kind == DM_CHANGE_ACTIVE_PROPOSAL)
    {
      dm_edit_layer_select (self, 0, NULL, 0);
      return;
    }
  if (change->feature_id == self->selected &&
      (change->kind == DM_CHANGE_VERTEX_REMOVED || change->kind == DM_CHANGE_VERTEX_INSERTED ||
       change->kind == DM_CHANGE_GEOMETRY) &&
      self->drag == DRAG_NONE)
    {
      guint n = dm_geometry_get_n_points (dm_feature_get_geometry (feature));

      if (self->part != NO_PART && self->part >= dm_geometry_get_n_parts (dm_feature_get_geometry (feature)))
        self->part = NO_PART;

      for (guint i = self->vertices->len; i > 0; i--)
        if (g_array_index (self->vertices, guint, i - 1) >= n)
          g_array_remove_index (self->vertices, i - 1);
      selection_changed (self);
      return;
    }
  if (change->kind == DM_CHANGE_FEATURE_PROPERTIES && change->feature_id == self->selected)
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Editing ------------------------------------------------------------ */

static guint
min_points (DmFeature *feature)
{
  switch (dm_feature_get_role (feature))
    {
    case DM_ROLE_LAND_SWAP:
      return 3;
    case DM_ROLE_ANNOTATION:
    case DM_ROLE_OBSERVATION_POST:
      return 1;
    case DM_ROLE_CONTACT_LINE:
    case DM_ROLE_REFERENCE:
    default:
      return 2;
    }
}

gboolean
dm_edit_layer_delete_selection (DmEditLayer *self)
{
  DmDocument *doc;
  DmFeature *feature;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  doc = get_document (self);
  feature = get_selected (self);
  if (feature == NULL)
    return FALSE;

  if (self->vertices->len == 0)
    {
      /* A part of a line of several goes alone. */
      if (self->part != NO_PART && self->part < dm_geometry_get_n_parts (dm_feature_get_geometry (feature)))
        {
          guint part = self->part;

          /* The line stays selected, no part of it: a second Delete must
           * not take the part that moved into its place. */
          self->part = NO_PART;
          dm_document_remove_part (doc, self->selected, part);
          selection_changed (self);
        }
      else
        dm_document_remove_feature (doc, self->selected);
      return TRUE;
    }
  else
    {
      const DmGeometry *g = dm_feature_get_geometry (feature);
      g_autoptr (GArray) doomed = g_array_copy (self->vertices);
      guint id = self->selected;

      /* Every ring must keep enough vertices to stay a line or polygon. */
      for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
        for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
          {
            guint n, offset = dm_geometry_get_ring_offset (g, p, r), removed = 0;

            dm_geometry_get_ring (g, p, r, &n);
            for (guint i = 0; i < doomed->len; i++)
              {
                guint v = g_array_index (doomed, guint, i);

                removed += v >= offset && v < offset + n;
              }
            if (n - removed < min_points (feature))
              {
                g_signal_emit (self, signals[SIGNAL_MESSAGE], 0,
                               dm_feature_get_role (feature) == DM_ROLE_LAND_SWAP
                                 ? _ ("A land swap keeps at least three corners; delete the swap instead")
                                 : _ ("A line keeps at least two vertices; delete the line instead"));
                return FALSE;
              }
          }
      dm_edit_layer_select (self, id, NULL, 0);
      dm_document_begin_group (doc, doomed->len == 1 ? _ ("Delete vertex") : _ ("Delete vertices"));
      for (guint i = doomed->len; i > 0; i--)
        dm_document_remove_vertex (doc, id, g_array_index (doomed, guint, i - 1));
      dm_document_end_group (doc);
      return TRUE;
    }
}

gboolean
dm_edit_layer_nudge (DmEditLayer *self, double dx, double dy)
{
  DmDocument *doc = get_document (self);
  DmViewport view;
  double lon0, lat0, lon1, lat1;
  DmFeature *feature;
  g_autoptr (GArray) all = NULL;
  const GArray *moved = self->vertices;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  if (doc == NULL || (feature = get_selected (self)) == NULL)
    return FALSE;
  /* No vertex selected: the whole feature moves. */
  if (self->vertices->len == 0)
    {
      guint n = dm_geometry_get_n_points (dm_feature_get_geometry (feature));

      all = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
      for (guint i = 0; i < n; i++)
        g_array_append_val (all, i);
      moved = all;
    }
  get_view (self, &view);
  dm_viewport_to_location (&view, view.width / 2, view.height / 2, &lon0, &lat0);
  dm_viewport_to_location (&view, view.width / 2 + dx, view.height / 2 + dy, &lon1, &lat1);
  dm_document_begin_group (doc, all != NULL ? _ ("Move feature") : _ ("Nudge vertices"));
  dm_document_move_vertices (doc, self->selected, (const guint *) (gpointer) moved->data, moved->len, lon1 - lon0,
                             lat1 - lat0);
  dm_document_end_group (doc);
  dm_document_seal_undo (doc);
  return TRUE;
}

/* ---- Drawing paths ------------------------------------------------------ */

guint
dm_edit_layer_get_n_draft_points (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), 0);
  return self->draft->len / 2;
}

static void
draft_changed (DmEditLayer *self)
{
  g_signal_emit (self, signals[SIGNAL_DRAFT_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_edit_layer_cancel_draft (DmEditLayer *self)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (self->draft->len == 0)
    return;
  g_array_set_size (self->draft, 0);
  draft_changed (self);
}

static void
add_draft_point (DmEditLayer *self, double lon, double lat)
{
  guint n = self->draft->len / 2;
  double xy[2] = { lon, lat };

  /* A second click on the same spot (a double click's first half, say)
   * adds nothing. */
  if (n > 0 && g_array_index (self->draft, double, 2 * n - 2) == lon &&
      g_array_index (self->draft, double, 2 * n - 1) == lat)
    return;
  g_array_append_vals (self->draft, xy, 2);
  draft_changed (self);
}

gboolean
dm_edit_layer_finish_draft (DmEditLayer *self)
{
  DmDocument *doc = get_document (self);
  guint n = self->draft->len / 2;
  g_autoptr (DmFeature) feature = NULL;
  const double *xy = (const double *) (gpointer) self->draft->data;
  guint id;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  if (doc == NULL)
    return FALSE;
  switch (self->tool)
    {
    case DM_EDIT_TOOL_LINE:
      if (n < 2)
        {
          g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, tool_draft_minimum_message (self->tool));
          return FALSE;
        }
      feature = dm_feature_new (DM_ROLE_CONTACT_LINE, _ ("Contact line"), dm_geometry_new_linestring (xy, n));
      break;
    case DM_EDIT_TOOL_SWAP:
      {
        g_autoptr (GPtrArray) swaps = dm_document_list_features (doc, DM_ROLE_LAND_SWAP);
        g_autofree char *name = NULL;
        g_autoptr (DmGeometry) polygon = NULL;

        if (n < 3)
          {
            g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, tool_draft_minimum_message (self->tool));
            return FALSE;
          }
        polygon = dm_geometry_new_polygon (xy, n);
        /* Exterior rings counter-clockwise, whichever way it was drawn. */
        if (dm_geodesy_ring_area_m2 (xy, n) < 0)
          dm_geometry_reverse (polygon);
        /* Translators: %u numbers the land swaps */
        name = g_strdup_printf (_ ("Land swap %u"), swaps->len + 1);
        /* Giver and receiver follow from where it lies until the user
         * sets them. */
        feature = dm_feature_new_land_swap (name, g_steal_pointer (&polygon), DM_SIDE_NONE, DM_SIDE_NONE);
      }
      break;
    case DM_EDIT_TOOL_MEASURE:
      /* A measurement stays on the map until Escape or a new one. */
      return FALSE;
    case DM_EDIT_TOOL_SELECT:
    case DM_EDIT_TOOL_ANNOTATE:
    case DM_EDIT_TOOL_POST:
    default:
      return FALSE;
    }
  id = dm_document_add_feature (doc, feature);
  g_array_set_size (self->draft, 0);
  draft_changed (self);
  dm_edit_layer_set_tool (self, DM_EDIT_TOOL_SELECT);
  /* A line drawn where there is one already is a new part of it: that
   * part is selected. */
  {
    DmFeature *added = dm_document_lookup_feature (doc, id);
    guint n_parts = added != NULL ? dm_geometry_get_n_parts (dm_feature_get_geometry (added)) : 0;

    if (self->tool == DM_EDIT_TOOL_SELECT && added != NULL && dm_feature_get_role (added) == DM_ROLE_CONTACT_LINE &&
        n_parts > 1)
      dm_edit_layer_select_part (self, id, n_parts - 1);
    else
      dm_edit_layer_select (self, id, NULL, 0);
  }
  return TRUE;
}

/* The path measured: the points clicked and, while measuring goes on,
 * the pointer (where it snaps, with snapping on) as the next one. */
static GArray *
measure_path (DmEditLayer *self)
{
  GArray *path = g_array_copy (self->draft);

  if (self->has_hover && !self->measure_done && path->len > 0)
    {
      double p[2] = { 0, 0 };

      if (self->has_snap)
        {
          p[0] = self->snap_lon;
          p[1] = self->snap_lat;
        }
      else
        {
          DmViewport view;

          get_view (self, &view);
          dm_viewport_to_location (&view, self->hover_x, self->hover_y, &p[0], &p[1]);
        }
      g_array_append_vals (path, p, 2);
    }
  return path;
}

/* The geodesic length of @path and, from three points, the area it
 * encloses; FALSE for fewer than two points. */
static gboolean
measure_figures (const GArray *path, double *length_m, double *area_m2)
{
  guint n = path->len / 2;
  const double *xy = (const double *) (gpointer) path->data;

  if (n < 2)
    return FALSE;
  if (length_m != NULL)
    *length_m = dm_geodesy_path_length_m (xy, n);
  if (area_m2 != NULL)
    *area_m2 = n >= 3 ? fabs (dm_geodesy_ring_area_m2 (xy, n)) : 0;
  return TRUE;
}

gboolean
dm_edit_layer_get_measure (DmEditLayer *self, double *length_m, double *area_m2)
{
  g_autoptr (GArray) path = NULL;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  if (self->tool != DM_EDIT_TOOL_MEASURE)
    return FALSE;
  path = measure_path (self);
  return measure_figures (path, length_m, area_m2);
}

/* ---- Input -------------------------------------------------------------- */

gboolean
dm_edit_layer_drag_begin (DmEditLayer *self, double x, double y, GdkModifierType state)
{
  DmDocument *doc = get_document (self);
  DmViewport view;
  guint index;
  double mx, my;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  self->drag = DRAG_NONE;
  self->moved = FALSE;
  if (doc == NULL || self->tool != DM_EDIT_TOOL_SELECT)
    return FALSE;
  get_view (self, &view);
  self->drag_x0 = self->drag_x1 = x;
  self->drag_y0 = self->drag_y1 = y;

  if (hit_vertex (self, &view, x, y, &index))
    {
      DmFeature *feature = get_selected (self);

      if (state & GDK_SHIFT_MASK)
        {
          /* Shift adds a vertex to the selection (or takes it out). */
          if (is_vertex_selected (self, index))
            {
              for (guint i = 0; i < self->vertices->len; i++)
                if (g_array_index (self->vertices, guint, i) == index)
                  g_array_remove_index (self->vertices, i--);
              selection_changed (self);
              return TRUE; /* nothing to drag: the click is taken */
            }
          g_array_append_val (self->vertices, index);
          g_array_sort (self->vertices, compare_guint);
          selection_changed (self);
        }
      else if (!is_vertex_selected (self, index))
        dm_edit_layer_select (self, self->selected, &index, 1);
      dm_geometry_get_point (dm_feature_get_geometry (feature), index, &self->grabbed_lon, &self->grabbed_lat);
      self->grabbed = index;
      self->applied_dlon = self->applied_dlat = 0;
      self->drag = DRAG_VERTICES;
      dm_document_begin_group (doc, self->vertices->len == 1 ? _ ("Move vertex") : _ ("Move vertices"));
      return TRUE;
    }

  if (hit_midpoint (self, &view, x, y, &index, &mx, &my))
    {
      double lon, lat;

      /* Dragging a midpoint handle inserts a vertex there and moves it. */
      dm_viewport_to_location (&view, mx, my, &lon, &lat);
      dm_document_begin_group (doc, _ ("Insert vertex"));
      dm_document_insert_vertex (doc, self->selected, index, lon, lat);
      dm_edit_layer_select (self, self->selected, &index, 1);
      self->grabbed = index;
      self->grabbed_lon = lon;
      self->grabbed_lat = lat;
      self->applied_dlon = self->applied_dlat = 0;
      self->drag = DRAG_VERTICES;
      return TRUE;
    }

  if ((state & GDK_SHIFT_MASK) && get_selected (self) != NULL)
    {
      self->drag = DRAG_BOX;
      return TRUE;
    }
  return FALSE;
}

void
dm_edit_layer_drag_update (DmEditLayer *self, double x, double y)
{
  DmDocument *doc = get_document (self);
  DmViewport view;

  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (doc == NULL || self->drag == DRAG_NONE)
    return;
  self->drag_x1 = x;
  self->drag_y1 = y;
  get_view (self, &view);
  if (self->drag == DRAG_VERTICES && get_selected (self) != NULL)
    {
      double lon, lat, gx, gy;

      /* A click on a handle selects; it does not move (no undo step). */
      if (!self->moved && hypot (x - self->drag_x0, y - self->drag_y0) < 1.0)
        return;
      self->moved = TRUE;

      /* The grabbed vertex follows the pointer, keeping the offset at
       * which it was taken; only it snaps. */
      dm_viewport_to_widget (&view, self->grabbed_lon, self->grabbed_lat, &gx, &gy);
      gx += x - self->drag_x0;
      gy += y - self->drag_y0;
      if (self->vertices->len == 1)
        {
          update_snap (self, &view, gx, gy);
          pointer_location (self, &view, gx, gy, &lon, &lat);
          /* Snapping to the vertex being dragged is no snapping. */
          dm_document_move_vertex (doc, self->selected, g_array_index (self->vertices, guint, 0), lon, lat);
        }
      else
        {
          dm_viewport_to_location (&view, gx, gy, &lon, &lat);
          dm_document_move_vertices (doc, self->selected, (const guint *) (gpointer) self->vertices->data,
                                     self->vertices->len, lon - self->grabbed_lon - self->applied_dlon,
                                     lat - self->grabbed_lat - self->applied_dlat);
          self->applied_dlon = lon - self->grabbed_lon;
          self->applied_dlat = lat - self->grabbed_lat;
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_edit_layer_drag_end (DmEditLayer *self, double x, double y)
{
  DmDocument *doc = get_document (self);

  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (self->drag == DRAG_VERTICES)
    {
      dm_edit_layer_drag_update (self, x, y);
      self->drag = DRAG_NONE;
      self->has_snap = FALSE;
      if (doc != NULL)
        {
          dm_document_end_group (doc);
          dm_document_seal_undo (doc);
        }
    }
  else if (self->drag == DRAG_BOX)
    {
      DmFeature *feature = get_selected (self);
      DmViewport view;

      self->drag = DRAG_NONE;
      get_view (self, &view);
      if (feature != NULL)
        {
          const DmGeometry *g = dm_feature_get_geometry (feature);
          double x0 = MIN (self->drag_x0, x), x1 = MAX (self->drag_x0, x);
          double y0 = MIN (self->drag_y0, y), y1 = MAX (self->drag_y0, y);

          for (guint i = 0; i < dm_geometry_get_n_points (g); i++)
            {
              double lon, lat, vx, vy;

              dm_geometry_get_point (g, i, &lon, &lat);
              dm_viewport_to_widget (&view, lon, lat, &vx, &vy);
              if (vx >= x0 && vx <= x1 && vy >= y0 && vy <= y1 && !is_vertex_selected (self, i))
                g_array_append_val (self->vertices, i);
            }
          g_array_sort (self->vertices, compare_guint);
        }
      selection_changed (self);
    }
  self->drag = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_edit_layer_click (DmEditLayer *self, double x, double y, int n_press, GdkModifierType state)
{
  DmViewport view;
  double lon, lat;

  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (get_document (self) == NULL)
    return;
  get_view (self, &view);
  switch (self->tool)
    {
    case DM_EDIT_TOOL_SELECT:
      {
        guint part;
        guint id = hit_feature (self, &view, x, y, &part);
        guint index;

        /* A click on one of the selection's handles was the drag's. */
        if (id == self->selected && id != 0 && hit_vertex (self, &view, x, y, &index))
          return;
        if (id != self->selected || !(state & GDK_SHIFT_MASK))
          dm_edit_layer_select_part (self, id, part);
      }
      break;
    case DM_EDIT_TOOL_LINE:
    case DM_EDIT_TOOL_SWAP:
    case DM_EDIT_TOOL_MEASURE:
      if (n_press >= 2)
        {
          dm_edit_layer_finish_draft (self);
          break;
        }
      if (self->tool == DM_EDIT_TOOL_MEASURE && self->draft->len > 0 && self->measure_done)
        {
          g_array_set_size (self->draft, 0);
          self->measure_done = FALSE;
        }
      pointer_location (self, &view, x, y, &lon, &lat);
      if ((state & GDK_SHIFT_MASK) && self->tool != DM_EDIT_TOOL_MEASURE && self->draft->len >= 2 &&
          self->snapper != NULL)
        {
          guint n = self->draft->len / 2;
          g_autoptr (GArray) traced = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr (GError) error = NULL;

          if (dm_snapper_trace (self->snapper, g_array_index (self->draft, double, 2 * n - 2),
                                g_array_index (self->draft, double, 2 * n - 1), lon, lat, traced, &error) &&
              traced->len >= 2)
            {
              g_array_append_vals (self->draft, traced->data, traced->len);
              draft_changed (self);
              break;
            }
          /* Not traced: the point is added as a plain click, and the
           * window says why. */
          g_signal_emit (self, signals[SIGNAL_MESSAGE], 0,
                         error != NULL ? error->message
                                       : _ ("Tracing follows rivers, borders and coasts: snap both points onto them"));
        }
      add_draft_point (self, lon, lat);
      break;
    case DM_EDIT_TOOL_ANNOTATE:
      pointer_location (self, &view, x, y, &lon, &lat);
      g_signal_emit (self, signals[SIGNAL_ANNOTATE], 0, lon, lat);
      break;
    case DM_EDIT_TOOL_POST:
      pointer_location (self, &view, x, y, &lon, &lat);
      g_signal_emit (self, signals[SIGNAL_POST], 0, lon, lat);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
dm_edit_layer_hover (DmEditLayer *self, double x, double y)
{
  DmViewport view;

  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  self->has_hover = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  get_view (self, &view);
  if (self->tool != DM_EDIT_TOOL_SELECT)
    update_snap (self, &view, x, y);
  if (self->draft->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dm_edit_layer_key (DmEditLayer *self, guint keyval, GdkModifierType state)
{
  double step = (state & GDK_SHIFT_MASK) ? 10 : 1;
  gboolean drawing = self->tool == DM_EDIT_TOOL_LINE || self->tool == DM_EDIT_TOOL_SWAP ||
                     self->tool == DM_EDIT_TOOL_MEASURE;

  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Escape:
      if (self->draft->len > 0)
        {
          dm_edit_layer_cancel_draft (self);
          return TRUE;
        }
      if (self->selected != 0)
        {
          dm_edit_layer_select (self, 0, NULL, 0);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_BackSpace:
      if (drawing && self->draft->len > 0)
        {
          g_array_set_size (self->draft, self->draft->len - 2);
          draft_changed (self);
          return TRUE;
        }
      return self->tool == DM_EDIT_TOOL_SELECT && dm_edit_layer_delete_selection (self);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      return self->tool == DM_EDIT_TOOL_SELECT && dm_edit_layer_delete_selection (self);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!drawing || self->draft->len == 0)
        return FALSE;
      if (self->tool == DM_EDIT_TOOL_MEASURE)
        {
          self->measure_done = TRUE;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      dm_edit_layer_finish_draft (self);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return dm_edit_layer_nudge (self, -step, 0);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return dm_edit_layer_nudge (self, step, 0);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return dm_edit_layer_nudge (self, 0, -step);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return dm_edit_layer_nudge (self, 0, step);
    default:
      return FALSE;
    }
}

/* Controllers on the map. */

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, DmEditLayer *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (dm_edit_layer_drag_begin (self, x, y, state))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, DmEditLayer *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  dm_edit_layer_drag_update (self, x + dx, y + dy);
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, DmEditLayer *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  dm_edit_layer_drag_end (self, x + dx, y + dy);
}

/* A double-click that finishes a drawing is the tools': claimed before
 * the map's own gestures see it (libshumate 1.0.3 zooms on a double-click
 * even with zoom-on-double-click off). */
static void
on_pressed (GtkGestureClick *click, int n_press, double x, double y, DmEditLayer *self)
{
  if (n_press >= 2 && self->tool != DM_EDIT_TOOL_SELECT)
    gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_released (GtkGestureClick *click, int n_press, double x, double y, DmEditLayer *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (click));

  /* Claimed drags (handles, selection boxes) and pans cancel the click
   * gesture, so this is a click. */
  dm_edit_layer_click (self, x, y, n_press, state);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, DmEditLayer *self)
{
  dm_edit_layer_hover (self, x, y);
}

void
dm_edit_layer_hover_end (DmEditLayer *self)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  self->has_hover = FALSE;
  self->has_snap = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion, DmEditLayer *self)
{
  dm_edit_layer_hover_end (self);
}

static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state, DmEditLayer *self)
{
  return dm_edit_layer_key (self, keyval, state);
}

void
dm_edit_layer_attach (DmEditLayer *self, GtkWidget *map)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (DM_IS_EDIT_LAYER (self));
  g_return_if_fail (GTK_IS_WIDGET (map));

  /* Capture phase: a drag on a handle is claimed before the map's own
   * drag gesture can pan; anywhere else it is denied and the map pans. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (drag));

  /* A click that turns into a pan is cancelled by the map's gesture.
   * Capture phase, so that a drawing's double-click is claimed first. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (click));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (map, motion);

  /* Before the map's pan keys: arrows nudge a selection when there is one. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (map, keys);
}

/* ---- Drawing ------------------------------------------------------------ */

static void
draw_handle (cairo_t *cr, double x, double y, gboolean selected)
{
  cairo_rectangle (cr, x - 3.5, y - 3.5, 7, 7);
  if (selected)
    cairo_set_source_rgb (cr, 0.11, 0.42, 0.85);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

static gboolean
draw_midpoint (double ax, double ay, double bx, double by, guint insert_at, gpointer data)
{
  cairo_t *cr = data;

  if (hypot (bx - ax, by - ay) < 4 * HANDLE_RADIUS)
    return TRUE;
  cairo_new_sub_path (cr);
  cairo_arc (cr, (ax + bx) / 2, (ay + by) / 2, 3.5, 0, 2 * G_PI);
  return TRUE;
}

/* The selected feature's vertices in widget pixels for @view. */
static const double *
selection_pixels (DmEditLayer *self, const DmGeometry *g, const DmViewport *view)
{
  guint n = dm_geometry_get_n_points (g);
  cairo_matrix_t matrix;
  const double *m;
  double *px;

  if (self->merc_feature != self->selected || self->merc->len != 2 * n)
    {
      const double *xy = dm_geometry_get_coords (g);

      g_array_set_size (self->merc, 2 * n);
      for (guint i = 0; i < n; i++)
        dm_mercator_unit (xy[2 * i], xy[2 * i + 1], &g_array_index (self->merc, double, 2 * i),
                          &g_array_index (self->merc, double, 2 * i + 1));
      self->merc_feature = self->selected;
    }
  g_array_set_size (self->pixels, 2 * n);
  m = (const double *) (gpointer) self->merc->data;
  px = (double *) (gpointer) self->pixels->data;
  dm_viewport_get_mercator_matrix (view, &matrix);
  for (guint i = 0; i < n; i++)
    {
      px[2 * i] = m[2 * i];
      px[2 * i + 1] = m[2 * i + 1];
      cairo_matrix_transform_point (&matrix, &px[2 * i], &px[2 * i + 1]);
    }
  return px;
}

/* Whether segment @a–@b can show in @view (grown by @margin): not when
 * both ends lie beyond the same edge. */
static gboolean
segment_visible (const double *a, const double *b, const DmViewport *view, double margin)
{
  return !((a[0] < -margin && b[0] < -margin) || (a[1] < -margin && b[1] < -margin) ||
           (a[0] > view->width + margin && b[0] > view->width + margin) ||
           (a[1] > view->height + margin && b[1] > view->height + margin));
}

/* Every visible segment of @g's rings (closed for polygons), in order:
 * @func gets their pixel ends and the index a vertex inserted there would
 * have. */
static void
foreach_visible_segment (const DmGeometry *g,
                         const double *px,
                         const DmViewport *view,
                         double margin,
                         SegmentFunc func,
                         gpointer data)
{
  gboolean closed = dm_geometry_is_polygonal (g);

  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint n, offset = dm_geometry_get_ring_offset (g, p, r);
        guint n_segments;

        dm_geometry_get_ring (g, p, r, &n);
        n_segments = closed ? n : (n > 0 ? n - 1 : 0);
        if (n < 2)
          continue;
        for (guint i = 0; i < n_segments; i++)
          {
            guint j = (i + 1) % n;
            const double *a = px + 2 * (offset + i), *b = px + 2 * (offset + j);

            if (segment_visible (a, b, view, margin) &&
                !func (a[0], a[1], b[0], b[1], j == 0 ? offset : offset + i + 1, data))
              return;
          }
      }
}

static void
draw_selection (DmEditLayer *self, cairo_t *cr, const DmViewport *view)
{
  DmFeature *feature = get_selected (self);
  const DmGeometry *g;
  const double *px;
  guint n, in_view = 0;

  if (feature == NULL)
    return;
  g = dm_feature_get_geometry (feature);
  n = dm_geometry_get_n_points (g);
  px = selection_pixels (self, g, view);

  /* The selected feature's glow under the handles is the document
   * layer's (dm_document_renderer_set_highlight()): drawn into its
   * picture, it is redrawn only where a drag changes it. */
  for (guint i = 0; i < n; i++)
    in_view += px[2 * i] >= -8 && px[2 * i + 1] >= -8 && px[2 * i] <= view->width + 8 &&
               px[2 * i + 1] <= view->height + 8;
  if (in_view > MAX_HANDLES)
    {
      /* Too many to tell apart: only the selected ones. */
      for (guint i = 0; i < self->vertices->len; i++)
        {
          guint v = g_array_index (self->vertices, guint, i);

          draw_handle (cr, px[2 * v], px[2 * v + 1], TRUE);
        }
      return;
    }

  if (!dm_geometry_is_puntal (g))
    {
      foreach_visible_segment (g, px, view, 8, draw_midpoint, cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.7);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  {
    double last_x = -G_MAXDOUBLE, last_y = -G_MAXDOUBLE;

    /* Handles closer than they are wide would hide each other and the
     * line: draw every one that stands apart, and every selected one. */
    for (guint i = 0; i < n; i++)
      {
        double x = px[2 * i], y = px[2 * i + 1];
        gboolean selected = is_vertex_selected (self, i);

        if (x < -8 || y < -8 || x > view->width + 8 || y > view->height + 8)
          continue;
        if (!selected && hypot (x - last_x, y - last_y) < HANDLE_SPACING)
          continue;
        draw_handle (cr, x, y, selected);
        last_x = x;
        last_y = y;
      }
  }
}

static void
draw_label (GtkWidget *widget, cairo_t *cr, double x, double y, const char *text)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  x += 12;
  y -= h + 12;
  cairo_rectangle (cr, x - 6, y - 3, w + 12, h + 6);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.82);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The annex's points: turning points as small rings, markers as
 * diamonds, the selected one ringed in orange with its number. */
static void
draw_annex (DmEditLayer *self, cairo_t *cr, const DmViewport *view)
{
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->annex_marks->len; i++)
    {
      const AnnexMark *m = &g_array_index (self->annex_marks, AnnexMark, i);
      double x, y;

      dm_viewport_to_widget (view, m->lon, m->lat, &x, &y);
      if (x >= -8 && y >= -8 && x <= view->width + 8 && y <= view->height + 8)
        g_array_append_val (seen, i);
    }
  for (guint k = 0; k < seen->len; k++)
    {
      guint i = g_array_index (seen, guint, k);
      const AnnexMark *m = &g_array_index (self->annex_marks, AnnexMark, i);
      double x, y;

      if (i == self->annex_selected || seen->len > MAX_ANNEX_MARKS)
        continue;
      dm_viewport_to_widget (view, m->lon, m->lat, &x, &y);
      cairo_new_path (cr);
      if (m->marker)
        {
          cairo_move_to (cr, x, y - 4.5);
          cairo_line_to (cr, x + 4.5, y);
          cairo_line_to (cr, x, y + 4.5);
          cairo_line_to (cr, x - 4.5, y);
          cairo_close_path (cr);
        }
      else
        cairo_arc (cr, x, y, 3.2, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
    }
  if (self->annex_selected < self->annex_marks->len)
    {
      const AnnexMark *m = &g_array_index (self->annex_marks, AnnexMark, self->annex_selected);
      g_autofree char *text = NULL;
      double x, y;

      dm_viewport_to_widget (view, m->lon, m->lat, &x, &y);
      cairo_new_path (cr);
      cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      cairo_arc (cr, x, y, 9, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.95, 0.55, 0.0, 0.95);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      /* Translators: a treaty annex's turning point or marker on the map, “Point 12”, “Marker 3” */
      text = m->marker ? g_strdup_printf (_ ("Marker %u"), m->number) : g_strdup_printf (_ ("Point %u"), m->number);
      draw_label (GTK_WIDGET (self), cr, x, y, text);
    }
}

static void
draw_draft (DmEditLayer *self, cairo_t *cr, const DmViewport *view)
{
  guint n = self->draft->len / 2;
  const double *xy = (const double *) (gpointer) self->draft->data;
  double x = 0, y = 0;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      dm_viewport_to_widget (view, xy[2 * i], xy[2 * i + 1], &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  /* The rubber band to the pointer, and the closing edge of a polygon. */
  if (self->has_hover && !self->measure_done)
    {
      double hx = self->hover_x, hy = self->hover_y;

      if (self->has_snap)
        dm_viewport_to_widget (view, self->snap_lon, self->snap_lat, &hx, &hy);
      cairo_line_to (cr, hx, hy);
    }
  if (self->tool == DM_EDIT_TOOL_SWAP && n >= 2)
    {
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0.55, 0.25, 0.65, 0.18);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
  cairo_set_line_width (cr, 2);
  {
    static const double dashes[] = { 6, 4 };
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < n; i++)
    {
      dm_viewport_to_widget (view, xy[2 * i], xy[2 * i + 1], &x, &y);
      draw_handle (cr, x, y, i == 0);
    }

  /* The figures follow the pointer: they are the path's as it would be
   * with a click there. */
  if (self->tool == DM_EDIT_TOOL_MEASURE)
    {
      g_autoptr (GArray) path = measure_path (self);
      guint m = path->len / 2;
      double length_m, area_m2;
      g_autofree char *length = NULL, *area = NULL, *text = NULL;

      if (measure_figures (path, &length_m, &area_m2))
        {
          length = dm_format_length (length_m, self->units);
          if (m >= 3)
            {
              area = dm_format_area (area_m2, dm_area_unit_for_length (self->units));
              /* Translators: a measured path's length and the area it encloses */
              text = g_strdup_printf (_ ("%s · enclosed %s"), length, area);
            }
          dm_viewport_to_widget (view, g_array_index (path, double, 2 * m - 2), g_array_index (path, double, 2 * m - 1),
                                 &x, &y);
          draw_label (GTK_WIDGET (self), cr, x, y, text != NULL ? text : length);
        }
    }
}

static void
dm_edit_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DmEditLayer *self = DM_EDIT_LAYER (widget);
  DmViewport view;
  cairo_t *cr;

  if (self->engine == NULL)
    return;
  get_view (self, &view);
  if (view.width <= 0 || view.height <= 0)
    return;
  if (self->selected == 0 && self->draft->len == 0 && !self->has_snap && self->drag != DRAG_BOX &&
      self->annex_marks->len == 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  draw_annex (self, cr, &view);
  draw_selection (self, cr, &view);
  draw_draft (self, cr, &view);
  if (self->drag == DRAG_BOX)
    {
      cairo_rectangle (cr, MIN (self->drag_x0, self->drag_x1), MIN (self->drag_y0, self->drag_y1),
                       fabs (self->drag_x1 - self->drag_x0), fabs (self->drag_y1 - self->drag_y0));
      cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.9);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  if (self->has_snap)
    {
      double x, y;

      /* The snapping target: a ring around the point taken. */
      dm_viewport_to_widget (&view, self->snap_lon, self->snap_lat, &x, &y);
      cairo_arc (cr, x, y, 8, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.95, 0.55, 0.0, 0.95);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

/* ---- Object ------------------------------------------------------------- */

DmEditTool
dm_edit_layer_get_tool (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), DM_EDIT_TOOL_SELECT);
  return self->tool;
}

void
dm_edit_layer_set_tool (DmEditLayer *self, DmEditTool tool)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (self->tool == tool)
    return;
  self->tool = tool;
  g_array_set_size (self->draft, 0);
  self->measure_done = FALSE;
  self->has_snap = FALSE;
  draft_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

gboolean
dm_edit_layer_is_dragging (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);
  return self->drag != DRAG_NONE;
}

gboolean
dm_edit_layer_get_snapping (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), FALSE);
  return self->snapping;
}

void
dm_edit_layer_set_snapping (DmEditLayer *self, gboolean snapping)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  snapping = !!snapping;
  if (self->snapping == snapping)
    return;
  self->snapping = snapping;
  self->has_snap = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPPING]);
}

void
dm_edit_layer_set_units (DmEditLayer *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  self->units = units;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dm_edit_layer_set_engine (DmEditLayer *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  if (self->engine == engine)
    return;
  if (self->drag == DRAG_VERTICES && get_document (self) != NULL)
    dm_document_end_group (get_document (self));
  self->drag = DRAG_NONE;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (dm_engine_get_document (self->engine), self);
  g_set_object (&self->engine, engine);
  g_clear_pointer (&self->snapper, dm_snapper_free);
  if (engine != NULL)
    {
      g_signal_connect_object (dm_engine_get_document (engine), "changed", G_CALLBACK (document_changed), self,
                               G_CONNECT_SWAPPED);
      self->snapper = dm_snapper_new (dm_engine_get_document (engine));
    }
  g_array_set_size (self->draft, 0);
  dm_edit_layer_select (self, 0, NULL, 0);
}

DmEditLayer *
dm_edit_layer_new (ShumateViewport *viewport)
{
  return g_object_new (DM_TYPE_EDIT_LAYER, "viewport", viewport, NULL);
}

static void
dm_edit_layer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmEditLayer *self = DM_EDIT_LAYER (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_SNAPPING:
      g_value_set_boolean (value, self->snapping);
      break;
    case PROP_SELECTED_FEATURE:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_edit_layer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmEditLayer *self = DM_EDIT_LAYER (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      dm_edit_layer_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_SNAPPING:
      dm_edit_layer_set_snapping (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_edit_layer_dispose (GObject *object)
{
  DmEditLayer *self = DM_EDIT_LAYER (object);

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (dm_engine_get_document (self->engine), self);
      g_clear_object (&self->engine);
    }
  g_clear_pointer (&self->snapper, dm_snapper_free);
  G_OBJECT_CLASS (dm_edit_layer_parent_class)->dispose (object);
}

static void
dm_edit_layer_finalize (GObject *object)
{
  DmEditLayer *self = DM_EDIT_LAYER (object);

  g_array_unref (self->vertices);
  g_array_unref (self->draft);
  g_array_unref (self->merc);
  g_array_unref (self->pixels);
  g_array_unref (self->annex_marks);
  G_OBJECT_CLASS (dm_edit_layer_parent_class)->finalize (object);
}

/* The map moved: what this layer draws moves with it (GTK keeps a
 * sibling layer's last picture otherwise). */
static void
viewport_changed (DmEditLayer *self)
{
  if (self->selected != 0 || self->draft->len > 0 || self->has_snap || self->annex_marks->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dm_edit_layer_constructed (GObject *object)
{
  DmEditLayer *self = DM_EDIT_LAYER (object);

  G_OBJECT_CLASS (dm_edit_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify", G_CALLBACK (viewport_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
dm_edit_layer_class_init (DmEditLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_edit_layer_get_property;
  object_class->set_property = dm_edit_layer_set_property;
  object_class->dispose = dm_edit_layer_dispose;
  object_class->finalize = dm_edit_layer_finalize;
  object_class->constructed = dm_edit_layer_constructed;
  widget_class->snapshot = dm_edit_layer_snapshot;

  properties[PROP_TOOL] = g_param_spec_enum ("tool", NULL, NULL, DM_TYPE_EDIT_TOOL, DM_EDIT_TOOL_SELECT,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPPING] =
    g_param_spec_boolean ("snapping", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_FEATURE] =
    g_param_spec_uint ("selected-feature", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DRAFT_CHANGED] =
    g_signal_new ("draft-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The annotate tool was clicked at (lon, lat): the window asks for the
   * text. */
  signals[SIGNAL_ANNOTATE] = g_signal_new ("annotate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* The post tool's click: an observation post to place at (lon, lat). */
  signals[SIGNAL_POST] = g_signal_new ("post", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* Something the user should read (why an edit was refused). */
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dm_edit_layer_init (DmEditLayer *self)
{
  self->vertices = g_array_new (FALSE, FALSE, sizeof (guint));
  self->part = NO_PART;
  self->draft = g_array_new (FALSE, FALSE, sizeof (double));
  self->merc = g_array_new (FALSE, FALSE, sizeof (double));
  self->pixels = g_array_new (FALSE, FALSE, sizeof (double));
  self->annex_marks = g_array_new (FALSE, FALSE, sizeof (AnnexMark));
  self->annex_selected = G_MAXUINT;
  self->units = DM_LENGTH_KM;
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

void
dm_edit_layer_set_annex (DmEditLayer *self, const DmAnnex *annex, guint selected)
{
  g_return_if_fail (DM_IS_EDIT_LAYER (self));

  g_array_set_size (self->annex_marks, 0);
  for (guint list = 0; annex != NULL && list < 2; list++)
    {
      GArray *points = list == 0 ? annex->points : annex->markers;

      for (guint i = 0; i < points->len; i++)
        {
          const DmAnnexPoint *p = &g_array_index (points, DmAnnexPoint, i);
          AnnexMark m = { p->lon, p->lat, p->number, list == 1 };

          g_array_append_val (self->annex_marks, m);
        }
    }
  self->annex_selected = selected < self->annex_marks->len ? selected : G_MAXUINT;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dm_edit_layer_get_n_annex_marks (DmEditLayer *self)
{
  g_return_val_if_fail (DM_IS_EDIT_LAYER (self), 0);
  return self->annex_marks->len;
}
