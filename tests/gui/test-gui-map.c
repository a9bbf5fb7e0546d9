/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window on the sample at a known centre and zoom: basemap tiles, the
 * contact line and the DMZ appear where Web Mercator puts them; layer
 * actions hide them; a file that cannot be opened is reported in the
 * window with its name.  Skips (77) without a display; run under Xvfb
 * (xvfb-run -a meson test -C build --suite gui). */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>
#include <string.h>

#include "dm-document-layer.h"
#include "dm-document.h"
#include "dm-engine.h"
#include "dm-units.h"
#include "dm-tile-source.h"
#include "dm-window.h"
#include "dm-scale-bar.h"
#include "dm-sides-panel.h"
#include "dm-sides.h"
#include "dm-warnings-panel.h"
#include "dm-annex-panel.h"
#include "dm-edit-layer.h"
#include "dm-monitoring-panel.h"
#include "dm-zones-panel.h"
#include "dm-fingerprint.h"
#include "dm-geodesy.h"
#include "dm-zones.h"
#include "gui-test.h"
#include <glib/gstdio.h>

#define CENTER_LAT 47.3
#define CENTER_LON 37.0
#define ZOOM       8

/* Until the Monitoring panel has placed or measured what it was asked. */
static void
wait_monitoring (DmMonitoringPanel *panel)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  spin (20);
  while (dm_monitoring_panel_is_busy (panel) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin (20);
}

static gboolean
close_to (const guint8 *p, guint32 rgb, int tolerance)
{
  return ABS ((int) p[0] - (int) ((rgb >> 16) & 0xff)) <= tolerance &&
         ABS ((int) p[1] - (int) ((rgb >> 8) & 0xff)) <= tolerance &&
         ABS ((int) p[2] - (int) (rgb & 0xff)) <= tolerance;
}

/* The map widget rendered to bytes in R, G, B, A order. */
static guint8 *
grab (GtkWidget *window, GtkWidget *map, int *width, int *height, gsize *stride)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (map);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  guint8 *data;

  /* Let pending frames (and tiles) land first; on a slow machine (a
   * sanitizer build) the map may not be laid out again yet after a zoom,
   * and draws nothing: wait for it a while longer. */
  spin (300);
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (tries > 0)
        spin (250);
      *width = gtk_widget_get_width (map);
      *height = gtk_widget_get_height (map);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  *stride = (gsize) *width * 4;
  data = g_malloc (*stride * *height);
  gdk_texture_download (texture, data, *stride);
  /* cairo's ARGB32 in memory (B, G, R, A here) to R, G, B, A */
  for (gsize i = 0; i < *stride * *height; i += 4)
    {
      guint8 b = data[i];
      data[i] = data[i + 2];
      data[i + 2] = b;
    }
  return data;
}

/* The map once its picture has stopped changing (tiles drawn in worker
 * threads have all arrived): two grabs 400 ms apart alike, within 60 s. */
static guint8 *
grab_settled (GtkWidget *window, GtkWidget *map, int *width, int *height, gsize *stride)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint8 *last;

  /* The basemap's tiles first (slow under the sanitizers), then two
   * frames alike. */
  while (dm_tile_source_get_n_pending () > 0 && g_get_monotonic_time () < deadline)
    spin (100);
  last = grab (window, map, width, height, stride);

  while (g_get_monotonic_time () < deadline)
    {
      int w, h;
      gsize s;
      guint8 *now;

      spin (400);
      now = grab (window, map, &w, &h, &s);
      if (w == *width && h == *height && s == *stride && memcmp (now, last, s * h) == 0)
        {
          g_free (now);
          break;
        }
      g_free (last);
      last = now;
      *width = w, *height = h, *stride = s;
    }
  return last;
}

static const guint8 *
pixel (const guint8 *pixels, gsize stride, double x, double y)
{
  return pixels + (gsize) floor (y) * stride + (gsize) floor (x) * 4;
}

typedef struct {
  double x, y;   /* a vertex of the line, map pixels */
  double nx, ny; /* the line's unit left normal there */
} Probe;

/* Vertices of the contact line in view, with their normals, every few
 * vertices. */
static GArray *
line_probes (DmEngine *engine, GtkWidget *layer, GtkWidget *map, int width, int height)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
  DmDocument *doc = dm_engine_get_document (engine);
  const DmGeometry *line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  guint n = dm_geometry_get_n_points (line);
  GArray *probes = g_array_new (FALSE, FALSE, sizeof (Probe));

  for (guint i = 1; i + 1 < n; i += 7)
    {
      double lon, lat, x[3], y[3], mx, my, dx, dy, len;
      Probe p;

      for (int k = -1; k <= 1; k++)
        {
          dm_geometry_get_point (line, i + k, &lon, &lat);
          shumate_viewport_location_to_widget_coords (viewport, layer, lat, lon, &x[k + 1], &y[k + 1]);
        }
      gtk_widget_translate_coordinates (layer, map, x[1], y[1], &mx, &my);
      if (mx < 20 || my < 20 || mx >= width - 20 || my >= height - 20)
        continue;
      dx = x[2] - x[0];
      dy = y[2] - y[0];
      len = hypot (dx, dy);
      if (len < 2)
        continue;
      p.x = mx;
      p.y = my;
      p.nx = dy / len;
      p.ny = -dx / len;
      g_array_append_val (probes, p);
    }
  return probes;
}

/* How many probes have a dark (line core) pixel within 2 px. */
static guint
count_dark (const guint8 *pixels, gsize stride, GArray *probes)
{
  guint found = 0;

  for (guint i = 0; i < probes->len; i++)
    {
      const Probe *p = &g_array_index (probes, Probe, i);
      gboolean dark = FALSE;

      for (int dy = -2; dy <= 2 && !dark; dy++)
        for (int dx = -2; dx <= 2 && !dark; dx++)
          {
            const guint8 *q = pixel (pixels, stride, p->x + dx, p->y + dy);
            dark = q[0] < 90 && q[1] < 90 && q[2] < 100;
          }
      found += dark;
    }
  return found;
}

/* Probes whose pixels @offset px to each side of the line differ between
 * two captures by more than 24 levels in a channel. */
static guint
count_changed_beside (const guint8 *a, const guint8 *b, gsize stride, GArray *probes, double offset)
{
  guint changed = 0;

  for (guint i = 0; i < probes->len; i++)
    {
      const Probe *p = &g_array_index (probes, Probe, i);
      gboolean differs = FALSE;

      for (int s = -1; s <= 1; s += 2)
        {
          const guint8 *pa = pixel (a, stride, p->x + s * offset * p->nx, p->y + s * offset * p->ny);
          const guint8 *pb = pixel (b, stride, p->x + s * offset * p->nx, p->y + s * offset * p->ny);

          for (int c = 0; c < 3; c++)
            differs |= ABS ((int) pa[c] - (int) pb[c]) > 24;
        }
      changed += differs;
    }
  return changed;
}

static gboolean
wait_for (DmWindow *window, gboolean (*done) (DmWindow *), guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (done (window))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_results (DmWindow *window)
{
  DmEngine *engine = (DmEngine *) dm_window_get_engine (window);

  return engine != NULL && dm_engine_get_results (engine) != NULL;
}

/* Complete results of the document as it is now. */
static gboolean
has_current_results (DmWindow *window)
{
  DmEngine *engine = (DmEngine *) dm_window_get_engine (window);
  DmResults *results = engine != NULL ? dm_engine_get_results (engine) : NULL;

  return results != NULL && results->complete &&
         results->revision == dm_document_get_revision (dm_engine_get_document (engine));
}

static gboolean
has_complete_results (DmWindow *window)
{
  DmEngine *engine = (DmEngine *) dm_window_get_engine (window);

  return engine != NULL && dm_engine_get_results (engine) != NULL && dm_engine_get_results (engine)->complete;
}

static gboolean
not_loading (DmWindow *window)
{
  return !dm_window_is_loading (window);
}

/* The spin buttons under @widget, in order. */
static void
find_spins (GtkWidget *widget, GPtrArray *out)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_spins (c, out);
}

/* The zone width spin buttons in the sidebar's zones panel, in order. */
static void
find_width_spins (GtkWidget *window, GPtrArray *out)
{
  GtkWidget *panel = gui_test_find (window, gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_ZONES_PANEL));

  if (panel != NULL)
    find_spins (panel, out);
}

/* Every key the window and the map bind to a window action (their
 * shortcut controllers, class bindings included) is in the shortcuts
 * window; keypad keys are aliases and left out.  Returns the number checked, @missing lists the
 * others. */
static guint
shortcuts_listed (GtkWidget **widgets, guint n_widgets, GString *missing)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/demarcate/Demarcate/gtk/help-overlay.ui");
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);
  guint n_checked = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accels = NULL;
      g_auto (GStrv) each = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accels, NULL);
      each = g_strsplit (accels != NULL ? accels : "", " ", -1);
      for (guint i = 0; each[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          if (gtk_accelerator_parse (each[i], &key, &mods))
            g_hash_table_add (listed, gtk_accelerator_name (key, mods));
        }
    }
  for (guint w = 0; w < n_widgets; w++)
    {
      g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widgets[w]);

      for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
        {
          g_autoptr (GObject) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
            {
              g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              g_autofree char *name = NULL;
              guint key;

              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              /* Ours are named window actions; GTK's own bindings (F10,
               * the inspector) are not. */
              if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action) ||
                  !g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win."))
                continue;
              key = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
              name = gtk_accelerator_name (key, gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
              if (g_str_has_prefix (gdk_keyval_name (key), "KP_"))
                continue;
              n_checked++;
              if (!g_hash_table_contains (listed, name))
                g_string_append_printf (missing, " %s", name);
            }
        }
    }
  return n_checked;
}

static gboolean
is_history_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Edit History") == 0;
}

/* Opens the history popover and activates the row @steps away from the
 * current state's, which is in bold (positive: below it, undone;
 * negative: above it, redone); FALSE when there is no such row. */
static gboolean
history_jump (DmWindow *window, int steps)
{
  GtkWidget *button = gui_test_find (GTK_WIDGET (window), is_history_button, NULL);
  GtkWidget *popover = button != NULL ? GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))) : NULL;
  GtkWidget *list;

  if (popover == NULL)
    return FALSE;
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  spin (100);
  list = find_type (popover, GTK_TYPE_LIST_BOX);
  {
    int current = -1;
    GtkListBoxRow *row;

    for (int i = 0; list != NULL && (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
      if (gtk_widget_has_css_class (gtk_list_box_row_get_child (row), "heading"))
        current = i;
    row = list != NULL && current >= 0 ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), current + steps) : NULL;
    if (row != NULL && current + steps >= 0)
      {
        g_signal_emit_by_name (list, "row-activated", row);
        spin (100);
        return TRUE;
      }
  }
  gtk_popover_popdown (GTK_POPOVER (popover));
  return FALSE;
}

int
main (int argc, char **argv)
{
  DmWindow *window;
  GtkWidget *map, *layer;
  DmEngine *engine;
  g_autofree char *sample = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) missing = NULL;
  g_autofree guint8 *all = NULL, *no_line = NULL, *no_zones = NULL, *no_basemap = NULL;
  g_autoptr (GArray) probes = NULL;
  int width, height;
  gsize stride;
  gint64 start;
  double azov_x, azov_y;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  /* No g_test_init(): it would make GTK's warning about a missing session
   * bus (usual under Xvfb) fatal.  Criticals stay fatal (G_DEBUG). */
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  start = g_get_monotonic_time ();
  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
  sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  file = g_file_new_for_path (sample);
  dm_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));

  /* The document's results, then the tiles. */
  check (wait_for (window, has_results, 60), "/gui/map/sample-loads");
  engine = (DmEngine *) dm_window_get_engine (window);
  if (engine == NULL)
    return 1;
  g_print ("# sample loaded and computed in %.0f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  /* The basemap is set up in a thread: the window did not wait for it. */
  check (wait_for (window, dm_window_has_basemap, 60), "/gui/map/basemap-loads");
  g_print ("# basemap set up %.0f ms after the window was made\n", (g_get_monotonic_time () - start) / 1000.0);
  spin (2500);

  map = dm_window_get_map (window);
  layer = dm_window_get_layer (window);
  all = grab_settled (GTK_WIDGET (window), map, &width, &height, &stride);
  g_print ("# map is %d×%d\n", width, height);

  /* render's projection agrees with libshumate's. */
  {
    ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
    DmViewport view;
    double sx, sy, rx, ry, worst = 0;

    dm_document_layer_get_view (DM_DOCUMENT_LAYER (layer), &view);
    for (double lon = 35; lon <= 39; lon += 1)
      for (double lat = 46; lat <= 48.5; lat += 0.5)
        {
          shumate_viewport_location_to_widget_coords (viewport, layer, lat, lon, &sx, &sy);
          dm_viewport_to_widget (&view, lon, lat, &rx, &ry);
          worst = MAX (worst, hypot (sx - rx, sy - ry));
        }
    g_print ("# render vs libshumate projection: worst %.3f px\n", worst);
    check (worst < 0.5, "/gui/map/projection-agrees");
  }

  /* The Sea of Azov, well off its coasts, is sea blue. */
  {
    ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
    double x, y;
    const guint8 *p;

    shumate_viewport_location_to_widget_coords (viewport, layer, 46.3, 36.9, &x, &y);
    gtk_widget_translate_coordinates (layer, map, x, y, &azov_x, &azov_y);
    p = pixel (all, stride, azov_x, azov_y);
    g_print ("# Azov pixel at %.0f,%.0f: %02x%02x%02x\n", azov_x, azov_y, p[0], p[1], p[2]);
    check (azov_x >= 0 && azov_x < width && azov_y >= 0 && azov_y < height && close_to (p, 0xaad3df, 10),
           "/gui/map/basemap-sea");
  }

  /* The contact line: a dark core pixel near its vertices. */
  probes = line_probes (engine, layer, map, width, height);
  {
    guint found = count_dark (all, stride, probes);

    g_print ("# line found at %u of %u vertices\n", found, probes->len);
    check (probes->len >= 20 && found >= probes->len * 9 / 10, "/gui/map/line-pixels");
  }

  /* The document layer keeps its drawing as a picture: a pan moves it
   * (no redraw), an edit redraws only the damaged part, a zoom scales it
   * and the view redraws sharp once still.  The line is where it should
   * be after each. */
  {
    ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
    DmDocumentLayerStats before, after;
    DmDocument *doc = dm_engine_get_document (engine);
    DmFeature *line = dm_document_get_contact_line (doc);
    const DmGeometry *g = dm_feature_get_geometry (line);
    guint mid = dm_geometry_get_n_points (g) / 2;
    g_autoptr (GArray) moved = NULL;
    g_autofree guint8 *shot = NULL;
    double lat, lon, vlon, vlat, x, y;
    guint found;

    dm_document_layer_get_stats (DM_DOCUMENT_LAYER (layer), &before);
    shumate_viewport_widget_coords_to_location (viewport, layer, gtk_widget_get_width (layer) / 2.0 + 120,
                                                gtk_widget_get_height (layer) / 2.0 + 80, &lat, &lon);
    shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
    shot = grab (GTK_WIDGET (window), map, &width, &height, &stride);
    moved = line_probes (engine, layer, map, width, height);
    found = count_dark (shot, stride, moved);
    dm_document_layer_get_stats (DM_DOCUMENT_LAYER (layer), &after);
    g_print ("# panned 120,80 px: line at %u of %u vertices; %u whole redraws\n", found, moved->len,
             after.full_redraws - before.full_redraws);
    check (moved->len >= 20 && found >= moved->len * 9 / 10 && after.full_redraws == before.full_redraws,
           "/gui/map/pan-moves-picture");
    /* The picture keeps images only of the chunks the line and zones
     * cross (256 kB each): the sample leaves most of the window empty. */
    g_print ("# the picture's chunks: %u, %u with an image\n", after.chunks, after.chunks_kept);
    check (after.chunks >= 12 && after.chunks_kept > 0 && after.chunks_kept < after.chunks,
           "/gui/map/empty-chunks-freed");

    /* A vertex moved 10 px east: dark there now, by a partial redraw. */
    before = after;
    dm_geometry_get_point (g, mid, &vlon, &vlat);
    shumate_viewport_location_to_widget_coords (viewport, layer, vlat, vlon, &x, &y);
    shumate_viewport_widget_coords_to_location (viewport, layer, x + 10, y, &lat, &lon);
    dm_document_move_vertex (doc, dm_feature_get_id (line), mid, lon, lat);
    g_clear_pointer (&shot, g_free);
    shot = grab (GTK_WIDGET (window), map, &width, &height, &stride);
    {
      double mx, my;
      Probe probe;
      g_autoptr (GArray) one = g_array_new (FALSE, FALSE, sizeof (Probe));

      gtk_widget_translate_coordinates (layer, map, x + 10, y, &mx, &my);
      probe = (Probe){ mx, my, 0, 0 };
      g_array_append_val (one, probe);
      dm_document_layer_get_stats (DM_DOCUMENT_LAYER (layer), &after);
      g_print ("# vertex moved: %u partial, %u whole redraws, the last %.1f ms\n",
               after.partial_redraws - before.partial_redraws, after.full_redraws - before.full_redraws,
               after.last_redraw_ms);
      check (count_dark (shot, stride, one) == 1 && after.partial_redraws > before.partial_redraws &&
               after.full_redraws == before.full_redraws,
             "/gui/map/edit-redraws-part");
    }
    dm_document_undo (doc);

    /* Half a level in: scaled at once, sharp when still. */
    before = after;
    shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) + 0.5);
    g_clear_pointer (&shot, g_free);
    /* The first frame at the new zoom may show the picture scaled; once
     * the view has been still a while, it is drawn again. */
    g_free (grab (GTK_WIDGET (window), map, &width, &height, &stride));
    spin (400);
    shot = grab (GTK_WIDGET (window), map, &width, &height, &stride);
    g_clear_pointer (&moved, g_array_unref);
    moved = line_probes (engine, layer, map, width, height);
    found = count_dark (shot, stride, moved);
    dm_document_layer_get_stats (DM_DOCUMENT_LAYER (layer), &after);
    g_print ("# zoomed in half a level: line at %u of %u vertices; %u whole redraws\n", found, moved->len,
             after.full_redraws - before.full_redraws);
    check (moved->len >= 20 && found >= moved->len * 9 / 10 && after.full_redraws > before.full_redraws,
           "/gui/map/zoom-redraws-sharp");

    /* Back where the other checks expect the view. */
    shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) - 0.5);
    shumate_viewport_widget_coords_to_location (viewport, layer, gtk_widget_get_width (layer) / 2.0 - 120,
                                                gtk_widget_get_height (layer) / 2.0 - 80, &lat, &lon);
    shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
    spin (400);
  }

  /* Hide the line through its action: the dark core goes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-line", NULL);
  no_line = grab (GTK_WIDGET (window), map, &width, &height, &stride);
  {
    guint found = count_dark (no_line, stride, probes);
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), "show-line");
    g_autoptr (GVariant) state = g_action_get_state (action);

    g_print ("# with the line hidden, dark at %u of %u vertices\n", found, probes->len);
    check (!g_variant_get_boolean (state) && found <= probes->len / 10, "/gui/map/toggle-line");
  }

  /* Hide the zones too: the DMZ band beside the line (4 km each side, about
   * 8 px at zoom 8 here) changes colour. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-zones", NULL);
  no_zones = grab (GTK_WIDGET (window), map, &width, &height, &stride);
  {
    guint changed = count_changed_beside (no_line, no_zones, stride, probes, 4.0);

    g_print ("# DMZ pixels changed at %u of %u vertices\n", changed, probes->len);
    check (changed >= probes->len * 7 / 10, "/gui/map/toggle-zones");
  }

  /* Hide the basemap: the sea is gone. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-basemap", NULL);
  no_basemap = grab (GTK_WIDGET (window), map, &width, &height, &stride);
  {
    const guint8 *p = pixel (no_basemap, stride, azov_x, azov_y);

    g_print ("# without the basemap the Azov pixel is %02x%02x%02x\n", p[0], p[1], p[2]);
    check (!close_to (p, 0xaad3df, 10), "/gui/map/toggle-basemap");
  }

  /* Print to PDF through GTK's print operation: A3 landscape, the title
   * and marking on the page, and the line's length as the figures panel
   * has it (both from the engine). */
  {
    g_autofree char *dir = g_dir_make_tmp ("dm-gui-print-XXXXXX", NULL);
    g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
    g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
    g_autoptr (GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while ((dm_engine_get_results (engine) == NULL || !dm_engine_get_results (engine)->complete) &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    check (dm_window_export_map (window, pdf, DM_MAP_EXPORT_DEFAULT, &error), "/gui/print/export-pdf");
    if (error != NULL)
      g_print ("# %s\n", error->message);
    if (pdfinfo != NULL && pdftotext != NULL && error == NULL)
      {
        g_autofree char *info = NULL, *text = NULL;
        g_autofree char *length = dm_format_length (dm_engine_get_results (engine)->line_length_m, DM_LENGTH_KM);
        const char *info_argv[] = { pdfinfo, pdf, NULL };
        const char *text_argv[] = { pdftotext, "-layout", pdf, "-", NULL };

        gui_test_run (info_argv, 60, &info);
        gui_test_run (text_argv, 60, &text);
        check (info != NULL && strstr (info, "1190.55 x 841.89") != NULL, "/gui/print/a3-landscape");
        g_print ("# line length on paper: %s\n", length);
        check (text != NULL && strstr (text, "DRAFT — FOR DISCUSSION") != NULL && strstr (text, length) != NULL,
               "/gui/print/title-marking-figures");
      }
    g_unlink (pdf);
    g_rmdir (dir);
  }

  /* The Treaty Annex panel: the annex core makes of the line, for the
   * tolerance set; a row chosen takes the map to its point; the annex on
   * paper after the map. */
  {
    DmAnnexPanel *panel = DM_ANNEX_PANEL (dm_window_get_annex_panel (window));
    const DmGeometry *line = dm_feature_get_geometry (dm_document_get_contact_line (dm_engine_get_document (engine)));
    g_autoptr (DmAnnex) at25 = dm_annex_new (line, 25, 0, NULL);
    g_autoptr (DmAnnex) at100 = dm_annex_new (line, 100, 0, NULL);
    ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    const DmAnnex *shown;

    /* Off, as the window starts: nothing is made. */
    spin (500);
    check (dm_annex_panel_get_annex (panel) == NULL && !dm_annex_panel_is_busy (panel), "/gui/annex/off-by-default");
    dm_annex_panel_set_enabled (panel, TRUE);
    const DmAnnexPoint *tenth;
    double lat, lon;

    while ((dm_annex_panel_is_busy (panel) || dm_annex_panel_get_annex (panel) == NULL) &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    shown = dm_annex_panel_get_annex (panel);
    g_print ("# annex panel: %u turning points at 25 m (core: %u)\n", shown != NULL ? shown->points->len : 0,
             at25->points->len);
    check (shown != NULL && dm_geometry_equal (shown->line, at25->line), "/gui/annex/panel-lists-core-annex");
    dm_annex_panel_set_tolerance_m (panel, 100);
    deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (dm_annex_panel_is_busy (panel) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    shown = dm_annex_panel_get_annex (panel);
    check (shown != NULL && shown->tolerance_m == 100 && shown->points->len == at100->points->len &&
             at100->points->len < at25->points->len,
           "/gui/annex/tolerance-changes-points");
    tenth = &g_array_index (at100->points, DmAnnexPoint, 9);
    dm_annex_panel_select (panel, 9);
    deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    do
      {
        spin (100);
        lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
        lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
      }
    while (dm_geodesy_distance_m (lon, lat, tenth->lon, tenth->lat) > 1 && g_get_monotonic_time () < deadline);
    g_print ("# map centre %.6f, %.6f; point 10 at %.6f, %.6f\n", lat, lon, tenth->lat, tenth->lon);
    check (dm_geodesy_distance_m (lon, lat, tenth->lon, tenth->lat) <= 1, "/gui/annex/row-goes-to-point");
    /* The annex's points on the map: the selected one ringed in orange
     * at the map's centre; none once the panel is switched off. */
    {
      int w = 0, h = 0;
      gsize st = 0;
      guint ring[2] = { 0, 0 },
            n_marks = dm_edit_layer_get_n_annex_marks (DM_EDIT_LAYER (dm_window_get_edit_layer (window)));

      for (guint pass = 0; pass < 2; pass++)
        {
          g_autofree guint8 *px = NULL;

          if (pass == 1)
            {
              dm_annex_panel_set_enabled (panel, FALSE);
              spin (100);
            }
          px = grab_settled (GTK_WIDGET (window), map, &w, &h, &st);
          for (int dy = -12; dy <= 12; dy++)
            for (int dx = -12; dx <= 12; dx++)
              ring[pass] += close_to (pixel (px, st, w / 2.0 + dx, h / 2.0 + dy), 0xf28c00, 40);
        }
      g_print ("# annex marks: %u (core: %u points, %u markers); orange ring pixels %u, switched off %u\n", n_marks,
               at100->points->len, at100->markers->len, ring[0], ring[1]);
      check (n_marks == at100->points->len + at100->markers->len && ring[0] >= 20 && ring[1] < ring[0] / 4 &&
               dm_edit_layer_get_n_annex_marks (DM_EDIT_LAYER (dm_window_get_edit_layer (window))) == 0,
             "/gui/annex/points-on-map");
      dm_annex_panel_set_enabled (panel, TRUE);
      deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      spin (50);
      while ((dm_annex_panel_is_busy (panel) || dm_annex_panel_get_annex (panel) == NULL) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
    }
    {
      g_autofree char *dir = g_dir_make_tmp ("dm-gui-annex-XXXXXX", NULL);
      g_autofree char *pdf = g_build_filename (dir, "annex.pdf", NULL);
      g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
      g_autoptr (GError) error = NULL;

      check (dm_window_export_map (window, pdf, DM_MAP_EXPORT_ANNEX, &error), "/gui/annex/export-with-annex");
      if (pdftotext != NULL && error == NULL)
        {
          g_autofree char *text = NULL;
          const char *text_argv[] = { pdftotext, pdf, "-", NULL };
          g_autofree char *n = dm_format_number (at100->points->len, 0);
          g_autofree char *says = g_strdup_printf ("%s turning points", n);

          gui_test_run (text_argv, 60, &text);
          check (text != NULL && strstr (text, "Annex, page 1 of") != NULL && strstr (text, says) != NULL,
                 "/gui/annex/pdf-has-annex-pages");
        }
      g_unlink (pdf);
      g_rmdir (dir);
    }
  }

  /* The Monitoring Plan panel: Place Posts puts core's plan into the
   * document as one undo step; a post moved, added with the post tool or
   * deleted changes the figures at once, to what core measures afresh. */
  {
    DmMonitoringPanel *panel = DM_MONITORING_PANEL (dm_window_get_monitoring_panel (window));
    DmDocument *doc = dm_engine_get_document (engine);
    DmResults *r = dm_engine_get_results (engine);
    DmZoneFigures *dmz = g_ptr_array_index (r->zones, 0);
    const DmGeometry *line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
    DmMonitoringOptions options = { 5000, 30000, 0, 6 };
    g_autoptr (DmMonitoringPlan) want = dm_monitoring_plan_new (line, dmz->rule, dmz->zone, &options, NULL);
    g_autoptr (GPtrArray) posts = NULL;
    const DmMonitoringPlan *shown;
    double before = 0;

    wait_monitoring (panel);
    check (dm_monitoring_panel_get_plan (panel) == NULL && !dm_monitoring_panel_is_busy (panel),
           "/gui/monitoring/no-posts-no-plan");
    dm_monitoring_panel_set_options (panel, 5000, 30000, 6);
    check (dm_monitoring_panel_place_posts (panel), "/gui/monitoring/place-started");
    wait_monitoring (panel);
    shown = dm_monitoring_panel_get_plan (panel);
    posts = dm_document_list_features (doc, DM_ROLE_OBSERVATION_POST);
    g_print ("# monitoring panel: %u posts, %.2f %% covered (core: %u, %.2f %%)\n",
             shown != NULL ? shown->posts->len : 0, shown != NULL ? 100 * shown->coverage : 0, want->posts->len,
             100 * want->coverage);
    check (shown != NULL && posts->len == want->posts->len && shown->posts->len == want->posts->len &&
             shown->coverage == want->coverage && shown->observers == want->posts->len * 6.0 &&
             g_strcmp0 (dm_document_get_undo_label (doc), "Place observation posts") == 0,
           "/gui/monitoring/place-posts");
    before = shown != NULL ? shown->coverage : 0;
    dm_document_undo (doc);
    wait_monitoring (panel);
    g_clear_pointer (&posts, g_ptr_array_unref);
    posts = dm_document_list_features (doc, DM_ROLE_OBSERVATION_POST);
    check (posts->len == 0 && dm_monitoring_panel_get_plan (panel) == NULL, "/gui/monitoring/place-undone");
    dm_document_redo (doc);
    wait_monitoring (panel);
    shown = dm_monitoring_panel_get_plan (panel);
    check (shown != NULL && fabs (shown->coverage - before) < 1e-12, "/gui/monitoring/place-redone");

    /* A post moved 5 km: the figures follow at once, as core measures
     * the moved posts afresh. */
    g_clear_pointer (&posts, g_ptr_array_unref);
    posts = dm_document_list_features (doc, DM_ROLE_OBSERVATION_POST);
    if (posts->len > 4)
      {
        DmFeature *post = g_ptr_array_index (posts, 4);
        double lon, lat;
        g_autoptr (GArray) now = NULL;
        g_autoptr (DmMonitoringPlan) fresh = NULL;
        gint64 t0;

        dm_geometry_get_point (dm_feature_get_geometry (post), 0, &lon, &lat);
        dm_document_move_vertex (doc, dm_feature_get_id (post), 0, lon, lat + 0.045);
        t0 = g_get_monotonic_time ();
        while (dm_monitoring_panel_is_busy (panel) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
          g_main_context_iteration (NULL, FALSE);
        g_print ("# a post moved: figures %.1f ms later\n", (g_get_monotonic_time () - t0) / 1000.0);
        /* The engine's results now (those above were replaced). */
        r = dm_engine_get_results (engine);
        dmz = g_ptr_array_index (r->zones, 0);
        now = dm_monitoring_document_posts (doc);
        fresh = dm_monitoring_plan_new_for_posts (line, dmz->rule, dmz->zone, &options, (const DmPost *) now->data,
                                                  now->len, NULL);
        shown = dm_monitoring_panel_get_plan (panel);
        check (shown != NULL && fresh != NULL && shown->coverage != before &&
                 fabs (shown->coverage - fresh->coverage) < 1e-12 && shown->uncovered->len == fresh->uncovered->len &&
                 g_strcmp0 (dm_document_get_undo_label (doc), "Move observation post") == 0,
               "/gui/monitoring/post-moved-live");
      }

    /* The line moved five times in a row (a drag): the figures end as
     * core measures the posts along the line as it is now. */
    {
      DmFeature *line_feature = dm_document_get_contact_line (doc);
      guint id = dm_feature_get_id (line_feature);
      double lon, lat;
      g_autoptr (GArray) now = NULL;
      g_autoptr (DmMonitoringPlan) fresh = NULL;
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      DmResults *rr;
      DmZoneFigures *zz;

      dm_geometry_get_point (dm_feature_get_geometry (line_feature), 300, &lon, &lat);
      for (guint k = 1; k <= 5; k++)
        {
          dm_document_move_vertex (doc, id, 300, lon + 0.002 * k, lat);
          g_main_context_iteration (NULL, FALSE);
        }
      dm_document_seal_undo (doc);
      /* The engine's complete figures of this revision, then the panel's. */
      while (((rr = dm_engine_get_results (engine)) == NULL || !rr->complete ||
              rr->revision != dm_document_get_revision (doc)) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      wait_monitoring (panel);
      zz = g_ptr_array_index (rr->zones, 0);
      now = dm_monitoring_document_posts (doc);
      fresh = dm_monitoring_plan_new_for_posts (dm_feature_get_geometry (line_feature), zz->rule, zz->zone, &options,
                                                (const DmPost *) now->data, now->len, NULL);
      shown = dm_monitoring_panel_get_plan (panel);
      check (shown != NULL && fresh != NULL &&
               dm_monitoring_plan_is_for (shown, dm_feature_get_geometry (line_feature), zz->rule, zz->zone) &&
               fabs (shown->coverage - fresh->coverage) < 1e-12,
             "/gui/monitoring/line-moved");
      dm_document_undo (doc);
      wait_monitoring (panel);
    }

    /* The post tool: a click puts a post on the side it is on, with the
     * panel's range; Delete takes it away. */
    {
      DmEditLayer *edit = DM_EDIT_LAYER (dm_window_get_edit_layer (window));
      guint n_before = posts->len;
      double lon = 37.8, lat = 48.1;
      DmSide side = dm_sides_classify_point_on_line (line, lon, lat);
      g_autoptr (GPtrArray) after = NULL;
      DmFeature *added = NULL;

      g_signal_emit_by_name (edit, "post", lon, lat);
      wait_monitoring (panel);
      after = dm_document_list_features (doc, DM_ROLE_OBSERVATION_POST);
      added = after->len > 0 ? g_ptr_array_index (after, after->len - 1) : NULL;
      shown = dm_monitoring_panel_get_plan (panel);
      check (after->len == n_before + 1 && added != NULL && side != DM_SIDE_NONE &&
               dm_feature_get_post_side (added) == side && dm_feature_get_post_range_m (added) == 5000 &&
               shown != NULL && shown->posts->len == n_before + 1 &&
               shown->n_posts[side == DM_SIDE_A ? 0 : 1] == want->n_posts[side == DM_SIDE_A ? 0 : 1] + 1,
             "/gui/monitoring/post-tool-adds");
      if (added != NULL)
        dm_edit_layer_select (edit, dm_feature_get_id (added), NULL, 0);
      dm_edit_layer_delete_selection (edit);
      wait_monitoring (panel);
      shown = dm_monitoring_panel_get_plan (panel);
      check (shown != NULL && shown->posts->len == n_before, "/gui/monitoring/post-deleted");
    }
    {
      g_autofree char *dir = g_dir_make_tmp ("dm-gui-plan-XXXXXX", NULL);
      g_autofree char *pdf = g_build_filename (dir, "plan.pdf", NULL);
      g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
      g_autoptr (GError) error = NULL;

      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      /* The engine's figures of the document after the delete. */
      while ((dm_engine_get_results (engine) == NULL || !dm_engine_get_results (engine)->complete) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      check (dm_window_export_map (window, pdf, DM_MAP_EXPORT_PLAN, &error), "/gui/monitoring/export-with-plan");
      if (error != NULL)
        g_print ("# %s\n", error->message);
      if (pdftotext != NULL && error == NULL)
        {
          g_autofree char *text = NULL;
          const char *text_argv[] = { pdftotext, pdf, "-", NULL };

          gui_test_run (text_argv, 60, &text);
          check (text != NULL && strstr (text, "Monitoring plan: Demilitarised zone") != NULL,
                 "/gui/monitoring/pdf-has-plan");
        }
      g_unlink (pdf);
      g_rmdir (dir);
    }
    /* The document as it was: the delete, the post added, the move and
     * the placing undone. */
    for (guint i = 0; i < 4; i++)
      dm_document_undo (doc);
    wait_monitoring (panel);
    g_clear_pointer (&posts, g_ptr_array_unref);
    posts = dm_document_list_features (doc, DM_ROLE_OBSERVATION_POST);
    check (posts->len == 0 && dm_monitoring_panel_get_plan (panel) == NULL, "/gui/monitoring/all-undone");
  }

  /* A zone width turned in the sidebar reaches the document; undo and
   * redo bring the spin button back with it. */
  {
    g_autoptr (GPtrArray) spins = g_ptr_array_new ();
    DmDocument *doc = dm_engine_get_document (engine);
    double before_m = dm_document_get_zone_rule (doc, 0)->width_a_m, shown, after_m;
    GtkSpinButton *spin_a;

    find_width_spins (GTK_WIDGET (window), spins);
    check (spins->len == 2, "/gui/sidebar/zone-width-spins");
    if (spins->len == 2)
      {
        spin_a = g_ptr_array_index (spins, 0);
        shown = gtk_spin_button_get_value (spin_a);
        gtk_spin_button_set_value (spin_a, shown + 2);
        spin (50);
        after_m = dm_document_get_zone_rule (doc, 0)->width_a_m;
        g_print ("# DMZ side A: %.1f m shown as %.2f; set to %.2f: %.1f m\n", before_m, shown, shown + 2, after_m);
        check (after_m > before_m * 1.3, "/gui/sidebar/zone-width-edits-document");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        spin (50);
        check (dm_document_get_zone_rule (doc, 0)->width_a_m == before_m &&
                 fabs (gtk_spin_button_get_value (spin_a) - shown) < 1e-9,
               "/gui/sidebar/zone-width-follows-undo");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
        spin (50);
        check (dm_document_get_zone_rule (doc, 0)->width_a_m == after_m &&
                 fabs (gtk_spin_button_get_value (spin_a) - (shown + 2)) < 1e-9,
               "/gui/sidebar/zone-width-follows-redo");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        spin (50);
      }
  }

  /* The attribution, from the basemap's sources table, is whole in the
   * map's corner; the scale bar shows km and mi. */
  {
    GtkWidget *attribution = find_css (GTK_WIDGET (window), "dm-attribution");
    DmScaleBar *scale = DM_SCALE_BAR (find_type (GTK_WIDGET (window), DM_TYPE_SCALE_BAR));
    double km_m = 0, mi_m = 0;
    const char *km = scale != NULL ? dm_scale_bar_get_label (scale, TRUE, &km_m) : NULL;
    const char *mi = scale != NULL ? dm_scale_bar_get_label (scale, FALSE, &mi_m) : NULL;
    const char *text = attribution != NULL ? gtk_label_get_text (GTK_LABEL (attribution)) : "";

    g_print ("# attribution: %s\n", text);
    check (attribution != NULL && strstr (text, "Natural Earth") != NULL && strstr (text, "GeoNames") != NULL &&
             !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (attribution))),
           "/gui/map/attribution-whole");
    /* Each bar a round length (1, 2 or 5 × 10ⁿ km or mi) 44 to 110 px
     * long at the centre's ground resolution, and labelled with it. */
    {
      ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (dm_window_get_map (window)));
      double mpp =
        shumate_map_source_get_meters_per_pixel (shumate_viewport_get_reference_map_source (viewport),
                                                 shumate_viewport_get_zoom_level (viewport),
                                                 shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                                 shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
      double km_units = km_m / 1000, mi_units = mi_m / DM_METRES_PER_MILE;
      g_autofree char *km_label = g_strdup_printf ("%g km", km_units);
      g_autofree char *mi_label = g_strdup_printf ("%g mi", mi_units);

      g_print ("# scale bar: %s (%.0f m, %.0f px), %s (%.0f m, %.0f px)\n", km, km_m, km_m / mpp, mi, mi_m, mi_m / mpp);
      check (km != NULL && mi != NULL && dm_nice_floor (km_units) == km_units && dm_nice_floor (mi_units) == mi_units &&
               km_m / mpp >= 44 && km_m / mpp <= 110 && mi_m / mpp >= 44 && mi_m / mpp <= 110 &&
               (km_units < 1 || g_str_equal (km, km_label)) && g_str_equal (mi, mi_label),
             "/gui/map/scale-km-and-mi");
    }
  }

  /* The application's icons, scalable and symbolic, render: enough of
   * each drawn at the sizes GNOME shows them. */
  {
    static const struct {
      const char *path;
      int size;
    } icons[] = {
      { "icons/hicolor/scalable/apps/io.github.demarcate.Demarcate.svg", 128 },
      { "icons/hicolor/symbolic/apps/io.github.demarcate.Demarcate-symbolic.svg", 16 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
      {
        g_autofree char *path = g_build_filename (g_getenv ("DM_DATADIR"), icons[i].path, NULL);
        g_autoptr (GError) error = NULL;
        g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_size (path, icons[i].size, icons[i].size, &error);
        guint opaque = 0;

        if (pixbuf != NULL && gdk_pixbuf_get_has_alpha (pixbuf))
          for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
            for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
              opaque += gdk_pixbuf_get_pixels (pixbuf)[y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4 + 3] > 128;
        g_print ("# %s at %d px: %s, %u of %d pixels drawn\n", icons[i].path, icons[i].size,
                 error != NULL ? error->message : "rendered", opaque, icons[i].size * icons[i].size);
        check (pixbuf != NULL && gdk_pixbuf_get_width (pixbuf) == icons[i].size &&
                 opaque > icons[i].size * icons[i].size / 10,
               i == 0 ? "/gui/icons/scalable" : "/gui/icons/symbolic");
      }
  }

  /* A warning clicked in the sidebar takes the map to it. */
  {
    GtkWidget *panel =
      wait_for (window, has_complete_results, 30)
        ? gui_test_find (GTK_WIDGET (window), gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_WARNINGS_PANEL))
        : NULL;
    ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
    double copy[2] = { 0, 0 };
    const double *where = NULL;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    double lat = 0, lon = 0;

    /* The first warning listed, clicked. */
    if (panel != NULL && gtk_widget_get_visible (panel) &&
        dm_warnings_panel_get_location (DM_WARNINGS_PANEL (panel), 0, &copy[1], &copy[0]))
      {
        where = copy;
        dm_warnings_panel_activate (DM_WARNINGS_PANEL (panel), 0);
      }
    while (where != NULL && g_get_monotonic_time () < deadline)
      {
        spin (100);
        lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
        lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
        /* Arrived, and the zoom animation over. */
        if (fabs (lat - where[1]) < 1e-3 && fabs (lon - where[0]) < 1e-3 &&
            shumate_viewport_get_zoom_level (viewport) >= 10 - 1e-3)
          break;
      }
    g_print ("# warning at %.4f, %.4f: the map went to %.4f, %.4f, zoom %.1f\n", where != NULL ? where[1] : 0,
             where != NULL ? where[0] : 0, lat, lon, shumate_viewport_get_zoom_level (viewport));
    check (where != NULL && fabs (lat - where[1]) < 1e-3 && fabs (lon - where[0]) < 1e-3 &&
             shumate_viewport_get_zoom_level (viewport) >= 10 - 1e-3,
           "/gui/sidebar/warning-goes-there");
    dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
    spin (200);
  }

  /* Sides: a name typed in the sidebar is the document's; undo puts the
   * old one back in the document and in the sidebar. */
  {
    DmDocument *doc = dm_engine_get_document (engine);
    /* Side A's name: the first entry of the sides panel. */
    GtkWidget *panel = gui_test_find (GTK_WIDGET (window), gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_SIDES_PANEL));
    GtkWidget *row = panel != NULL ? gui_test_find (panel, gui_test_has_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW))
                                   : NULL;
    g_autofree char *before = g_strdup (dm_document_get_side_name (doc, DM_SIDE_A));

    if (row != NULL)
      {
        gtk_editable_set_text (GTK_EDITABLE (row), "Kyiv-held");
        g_signal_emit_by_name (row, "apply");
      }
    check (row != NULL && g_str_equal (dm_document_get_side_name (doc, DM_SIDE_A), "Kyiv-held"),
           "/gui/sidebar/side-name");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    spin (50);
    check (row != NULL && g_str_equal (dm_document_get_side_name (doc, DM_SIDE_A), before) &&
             g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), before),
           "/gui/sidebar/side-name-undo");
  }

  /* The history popover goes back two steps, then forward again. */
  {
    DmDocument *doc = dm_engine_get_document (engine);
    g_autofree char *a = g_strdup (dm_document_get_side_name (doc, DM_SIDE_A));
    g_autofree char *b = g_strdup (dm_document_get_side_name (doc, DM_SIDE_B));

    dm_document_set_side (doc, DM_SIDE_A, "First", dm_document_get_side_color (doc, DM_SIDE_A));
    dm_document_set_side (doc, DM_SIDE_B, "Second", dm_document_get_side_color (doc, DM_SIDE_B));
    check (history_jump (window, 2) && g_str_equal (dm_document_get_side_name (doc, DM_SIDE_A), a) &&
             g_str_equal (dm_document_get_side_name (doc, DM_SIDE_B), b),
           "/gui/history/back-two");
    check (history_jump (window, -2) && g_str_equal (dm_document_get_side_name (doc, DM_SIDE_A), "First") &&
             g_str_equal (dm_document_get_side_name (doc, DM_SIDE_B), "Second"),
           "/gui/history/forward-two");
    history_jump (window, 2);
  }

  /* Units: in miles the DMZ's sides read 2.5 mi each. */
  {
    g_autoptr (GPtrArray) spins = g_ptr_array_new ();

    dm_window_set_units (window, DM_LENGTH_MI);
    spin (50);
    find_width_spins (GTK_WIDGET (window), spins);
    g_print ("# in miles: %.4f\n", spins->len > 0 ? gtk_spin_button_get_value (g_ptr_array_index (spins, 0)) : -1);
    check (spins->len == 2 && fabs (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)) - 2.5) < 1e-3,
           "/gui/prefs/units-miles");
    dm_window_set_units (window, DM_LENGTH_KM);
    spin (50);
  }

  /* Label language: the basemap's labels change (same view, other
   * pixels); back in English they are as before.  (The layers hidden
   * above are shown again first.) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-basemap", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-zones", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-line", NULL);
  {
    int w1, h1;
    gsize s1;
    g_autofree guint8 *en = grab_settled (GTK_WIDGET (window), map, &w1, &h1, &s1);
    g_autofree guint8 *uk = NULL, *en_again = NULL;
    guint changed = 0, unchanged = 0;

    dm_window_set_label_language (window, DM_LANGUAGE_UK);
    spin (1500);
    uk = grab_settled (GTK_WIDGET (window), map, &w1, &h1, &s1);
    dm_window_set_label_language (window, DM_LANGUAGE_EN);
    spin (1500);
    en_again = grab_settled (GTK_WIDGET (window), map, &w1, &h1, &s1);
    for (gsize i = 0; i < s1 * h1; i += 4)
      {
        changed += memcmp (en + i, uk + i, 3) != 0;
        unchanged += memcmp (en + i, en_again + i, 3) == 0;
      }
    g_print ("# Ukrainian labels: %u pixels differ; English again: %u of %d the same\n", changed, unchanged, w1 * h1);
    check (changed > 500 && unchanged > (guint) (w1 * h1) * 99 / 100, "/gui/prefs/label-language");
  }

  /* Online tiles are off unless the user turns them on. */
  {
    g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "app", "gui", NULL);
    g_autoptr (GSettingsSchemaSource) source = g_settings_schema_source_new_from_directory (dir, NULL, FALSE, NULL);
    g_autoptr (GSettingsSchema)
      schema = source != NULL ? g_settings_schema_source_lookup (source, "io.github.demarcate.Demarcate", FALSE) : NULL;
    g_autoptr (GSettingsSchemaKey) key = schema != NULL ? g_settings_schema_get_key (schema, "online-tiles") : NULL;
    g_autoptr (GVariant) value = key != NULL ? g_settings_schema_key_get_default_value (key) : NULL;

    check (value != NULL && !g_variant_get_boolean (value), "/gui/prefs/online-tiles-off-by-default");
  }

  /* The preferred DMZ width applies to a file opened with the built-in
   * default: 10 km gives 5 km each side, and the file counts as unchanged. */
  {
    DmWindow *other = dm_window_new (NULL);
    DmDocument *odoc = NULL;
    gint64 deadline;

    dm_window_set_default_dmz_width (other, 10000);
    dm_window_open (other, file);
    deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while ((dm_window_is_loading (other) || dm_window_get_engine (other) == NULL) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    odoc = dm_window_get_engine (other) != NULL ? dm_engine_get_document ((DmEngine *) dm_window_get_engine (other))
                                                : NULL;
    check (odoc != NULL && dm_document_get_zone_rule (odoc, 0)->width_a_m == 5000 &&
             dm_document_get_zone_rule (odoc, 0)->width_b_m == 5000 && !dm_document_is_modified (odoc),
           "/gui/prefs/default-dmz-width");
    gtk_window_destroy (GTK_WINDOW (other));
    spin (100);
  }

  /* The shortcuts window lists every key. */
  {
    g_autoptr (GString) unlisted = g_string_new (NULL);
    GtkWidget *widgets[] = { GTK_WIDGET (window), map };
    guint n = shortcuts_listed (widgets, G_N_ELEMENTS (widgets), unlisted);

    g_print ("# %u keys bound; missing from the shortcuts window:%s\n", n, unlisted->len > 0 ? unlisted->str : " none");
    check (n >= 25 && unlisted->len == 0, "/gui/shortcuts/every-key-listed");
  }

  /* A file that is not there: the window says so, naming it, and keeps
   * the document it had. */
  missing = g_file_new_for_path ("/nonexistent/folder/missing-line.geojson");
  dm_window_open (window, missing);
  check (wait_for (window, not_loading, 30), "/gui/open/missing-finishes");
  {
    const char *error = dm_window_get_last_error (window);

    g_print ("# error shown: %s\n", error != NULL ? error : "(none)");
    check (error != NULL && strstr (error, "missing-line.geojson") != NULL &&
             (GObject *) engine == dm_window_get_engine (window),
           "/gui/open/missing-file-error");
  }

  /* Importing a large layer shows a progress bar that fills as the
   * features are read, with Cancel beside it. */
  {
    g_autofree char *dir = g_dir_make_tmp ("dm-gui-progress-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "many-lines.geojson", NULL);
    g_autoptr (GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
    g_autoptr (GFile) big = NULL;
    GtkProgressBar *bar = GTK_PROGRESS_BAR (find_type (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR));
    double most = 0;
    guint n_rising = 0;
    gint64 began;

    for (guint f = 0; f < 100000; f++)
      g_string_append_printf (json,
                              "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"road %u\"},"
                              "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                              "[[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f]]}}",
                              f > 0 ? "," : "", f, 34 + (f % 200) * 0.01, 47 + (f / 200) * 0.01,
                              34.004 + (f % 200) * 0.01, 47.003 + (f / 200) * 0.01, 34.008 + (f % 200) * 0.01,
                              47.001 + (f / 200) * 0.01);
    g_string_append (json, "]}");
    g_file_set_contents (path, json->str, -1, NULL);
    big = g_file_new_for_path (path);
    began = g_get_monotonic_time ();
    dm_window_import (window, big, DM_WINDOW_IMPORT_REFERENCE);
    while (dm_window_is_loading (window) && g_get_monotonic_time () - began < 60 * G_USEC_PER_SEC)
      {
        double fraction;

        g_main_context_iteration (NULL, FALSE);
        fraction = bar != NULL ? gtk_progress_bar_get_fraction (bar) : 0;
        if (fraction > most + 0.01)
          {
            most = fraction;
            n_rising++;
          }
      }
    g_print ("# 100,000 lines imported in %.0f ms; the bar rose %u times, to %.2f\n",
             (g_get_monotonic_time () - began) / 1000.0, n_rising, most);
    check (bar != NULL && n_rising >= 2 && most > 0.3, "/gui/open/import-progress-bar");

    /* Cancel stops the reading: no layer is added. */
    {
      guint n_layers = dm_document_get_n_reference_layers (dm_engine_get_document (engine));

      dm_window_import (window, big, DM_WINDOW_IMPORT_REFERENCE);
      spin (100);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-open", NULL);
      spin (2000);
      check (!dm_window_is_loading (window) &&
               dm_document_get_n_reference_layers (dm_engine_get_document (engine)) == n_layers,
             "/gui/open/import-cancel");
    }
    g_unlink (path);
    g_rmdir (dir);
  }

  /* The zones panel: each preset from its Add menu's action makes its
   * zones, computed and drawn; one undo takes the document back exactly;
   * the switch hides a zone from the map (one undo step); a zone is moved
   * and deleted from its menu; a border the basemap cannot serve is
   * refused with the reason, nothing added. */
  {
    DmDocument *doc = dm_engine_get_document (engine);
    GtkWidget *panel = gui_test_find (GTK_WIDGET (window), gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_ZONES_PANEL));
    const guint added[DM_ZONE_N_PRESETS] = { 1, 3, 1, 1, 1 };
    g_autofree char *before = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
    guint n_before = dm_document_get_n_zone_rules (doc);
    g_autoptr (GPtrArray) rules_before = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
    gboolean all_made = TRUE, all_undone = TRUE;
    g_autofree guint8 *plain = NULL;
    int w0, h0;
    gsize s0;

    for (guint i = 0; i < n_before; i++)
      g_ptr_array_add (rules_before, dm_zone_rule_copy (dm_document_get_zone_rule (doc, i)));
    dm_window_go_to (window, 50.0, 34.0, 5);
    wait_for (window, has_current_results, 60);
    spin (2000);
    plain = grab (GTK_WIDGET (window), map, &w0, &h0, &s0);
    for (DmZonePreset p = 0; p < DM_ZONE_N_PRESETS && panel != NULL; p++)
      {
        g_autofree guint8 *with = NULL;
        DmResults *results;
        guint n_area = 0, changed = 0;
        int w1, h1;
        gsize s1;
        gint64 began = g_get_monotonic_time ();

        gtk_widget_activate_action (panel, "zones.add-preset", "u", p);
        wait_for (window, has_current_results, 60);
        results = dm_engine_get_results (engine);
        for (guint z = n_before; results != NULL && results->zones != NULL && z < results->zones->len; z++)
          {
            DmZoneFigures *zf = g_ptr_array_index (results->zones, z);

            n_area += zf->zone != NULL && dm_zone_result_get_area_m2 (zf->zone, DM_SIDE_NONE) > 1e8;
          }
        with = grab (GTK_WIDGET (window), map, &w1, &h1, &s1);
        for (int y = 0; w1 == w0 && h1 == h0 && y < h1; y += 2)
          for (int x = 0; x < w1; x += 2)
            changed += memcmp (plain + y * s0 + 4 * x, with + y * s1 + 4 * x, 3) != 0;
        g_print ("# preset “%s”: %u zones, %u with area, %u pixels changed, %.0f ms\n", dm_zone_preset_get_title (p),
                 dm_document_get_n_zone_rules (doc) - n_before, n_area, changed,
                 (g_get_monotonic_time () - began) / 1000.0);
        all_made &= dm_document_get_n_zone_rules (doc) == n_before + added[p] && n_area == added[p] && changed > 100;
        dm_document_undo (doc);
        wait_for (window, has_current_results, 60);
        {
          g_autofree char *after = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
          gboolean same = dm_document_get_n_zone_rules (doc) == n_before && g_strcmp0 (after, before) == 0;

          for (guint i = 0; same && i < n_before; i++)
            same = dm_zone_rule_equal (dm_document_get_zone_rule (doc, i), g_ptr_array_index (rules_before, i));
          all_undone &= same;
        }
      }
    check (panel != NULL && all_made, "/gui/zones/presets-made-and-drawn");
    check (all_undone, "/gui/zones/preset-undo-exact");

    /* Hide, move, delete: each one undo step. */
    if (panel != NULL)
      {
        GtkWidget *sw;
        guint depth;

        gtk_widget_activate_action (panel, "zones.add-preset", "u", DM_ZONE_PRESET_UKRAINE_BELARUS);
        wait_for (window, has_current_results, 60);
        depth = dm_document_get_undo_depth (doc);
        sw = find_type (panel, GTK_TYPE_SWITCH);
        /* The first row's switch is the DMZ's. */
        if (sw != NULL)
          gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
        spin (200);
        check (sw != NULL && dm_document_get_zone_rule (doc, 0)->hidden &&
                 dm_document_get_undo_depth (doc) == depth + 1,
               "/gui/zones/hide");
        gtk_widget_activate_action (panel, "zones.move-down", "u", 0);
        spin (200);
        check (dm_document_get_zone_rule (doc, 1)->hidden &&
                 dm_document_get_zone_rule (doc, 0)->type == DM_ZONE_RULE_BOUNDARY_BAND &&
                 dm_document_get_undo_depth (doc) == depth + 2,
               "/gui/zones/move");
        gtk_widget_activate_action (panel, "zones.remove", "u", 0);
        spin (200);
        check (dm_document_get_n_zone_rules (doc) == n_before && dm_document_get_undo_depth (doc) == depth + 3,
               "/gui/zones/delete");
        while (dm_document_get_undo_depth (doc) > depth - 1)
          dm_document_undo (doc);
        check (dm_document_get_n_zone_rules (doc) == n_before && !dm_document_get_zone_rule (doc, 0)->hidden,
               "/gui/zones/undo-all");
        {
          g_autoptr (GError) error = NULL;
          gboolean ok = dm_zones_panel_add_border_band (DM_ZONES_PANEL (panel), "x", "UA", "KZ", NULL, 50e3, &error);

          check (!ok && error != NULL && strstr (error->message, "share no land border") != NULL &&
                   dm_document_get_n_zone_rules (doc) == n_before,
                 "/gui/zones/border-refused");
        }
        /* The DMZ (the first zone, along the line) kept within Donetsk
         * oblast, named in Ukrainian: its area shrinks, one undo step
         * brings it back; a name that matches no region is refused and
         * the zone stays as it was. */
        {
          g_autoptr (GError) error = NULL;
          DmResults *res;
          double whole = 0, within = 0;
          guint depth_before;
          gboolean ok, refused;

          wait_for (window, has_current_results, 60);
          res = dm_engine_get_results (engine);
          if (res != NULL && res->zones->len > 0 && ((DmZoneFigures *) g_ptr_array_index (res->zones, 0))->zone != NULL)
            whole =
              dm_zone_result_get_area_m2 (((DmZoneFigures *) g_ptr_array_index (res->zones, 0))->zone, DM_SIDE_NONE);
          depth_before = dm_document_get_undo_depth (doc);
          ok = dm_zones_panel_set_band_region (DM_ZONES_PANEL (panel), 0, "Донецька область", &error);
          wait_for (window, has_current_results, 60);
          res = dm_engine_get_results (engine);
          if (res != NULL && res->zones->len > 0 && ((DmZoneFigures *) g_ptr_array_index (res->zones, 0))->zone != NULL)
            within =
              dm_zone_result_get_area_m2 (((DmZoneFigures *) g_ptr_array_index (res->zones, 0))->zone, DM_SIDE_NONE);
          g_print ("# the DMZ: %.0f km², within Donetsk oblast %.0f km²\n", whole / 1e6, within / 1e6);
          check (ok && g_strcmp0 (dm_document_get_zone_rule (doc, 0)->region_name, "UA-14") == 0 && within > 1e8 &&
                   within < 0.6 * whole && dm_document_get_undo_depth (doc) == depth_before + 1,
                 "/gui/zones/band-within-region");
          g_clear_error (&error);
          refused = !dm_zones_panel_set_band_region (DM_ZONES_PANEL (panel), 0, "Atlantis", &error);
          check (refused && g_strcmp0 (dm_document_get_zone_rule (doc, 0)->region_name, "UA-14") == 0 &&
                   dm_zones_panel_get_last_error (DM_ZONES_PANEL (panel)) != NULL,
                 "/gui/zones/band-region-refused");
          dm_document_undo (doc);
          wait_for (window, has_current_results, 60);
          check (dm_document_get_zone_rule (doc, 0)->region == NULL, "/gui/zones/band-region-undone");
        }
      }
  }

  /* A file from elsewhere on Earth (Chukotka, across the 180th meridian)
   * brings the map to it: its line is on screen, drawn as one line that
   * runs on past 180° E (unwrapped), not round the globe. */
  {
    g_autofree char *dir = g_dir_make_tmp ("dm-gui-far-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "chukotka.geojson", NULL);
    g_autoptr (GFile) far = g_file_new_for_path (path);
    const DmGeometry *line = NULL;
    DmViewport view;
    guint n = 0, on_screen = 0;
    const double *xy = NULL;
    double west = INFINITY, east = -INFINITY;

    g_assert_true (g_file_set_contents (path,
                                        "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
                                        "\"LineString\",\"coordinates\":[[177.5,64.6],[178.6,65.2],[179.4,65.6],"
                                        "[-179.6,66.0],[-178.4,66.3],[-177.2,66.6]]}}",
                                        -1, NULL));
    dm_document_mark_saved (dm_engine_get_document ((DmEngine *) dm_window_get_engine (window)));
    dm_window_open (window, far);
    wait_for (window, not_loading, 30);
    spin (500);
    engine = (DmEngine *) dm_window_get_engine (window);
    if (engine != NULL && dm_document_get_contact_line (dm_engine_get_document (engine)) != NULL)
      line = dm_feature_get_geometry (dm_document_get_contact_line (dm_engine_get_document (engine)));
    if (line != NULL)
      xy = dm_geometry_get_ring (line, 0, 0, &n);
    dm_document_layer_get_view (DM_DOCUMENT_LAYER (dm_window_get_layer (window)), &view);
    for (guint i = 0; i < n; i++)
      {
        double x, y;

        west = MIN (west, xy[2 * i]);
        east = MAX (east, xy[2 * i]);
        dm_viewport_to_widget (&view, xy[2 * i], xy[2 * i + 1], &x, &y);
        on_screen += x >= 0 && y >= 0 && x <= view.width && y <= view.height;
      }
    g_print ("# Chukotka: %u of %u vertices on screen, line from %.1f to %.1f, map centre %.2f, %.2f\n", on_screen, n,
             west, east, view.lat, view.lon);
    check (n == 6 && on_screen == n && west == 177.5 && east == 182.8, "/gui/open/far-file-brought-into-view");
    g_unlink (path);
    g_rmdir (dir);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  return gui_test_finish ();
}
