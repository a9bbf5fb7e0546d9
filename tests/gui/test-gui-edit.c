/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Editing in the window on the sample at a known centre and zoom: every
 * tool and operation driven through the edit layer's gesture entry points
 * (and one vertex drag with real pointer input through xdotool), the
 * document checked afterwards, and random edits undone back to the exact
 * original.  Skips (77) without a display; run under Xvfb. */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <stdarg.h>
#include <shumate/shumate.h>
#include <string.h>

#include "dm-edit-layer.h"
#include "dm-document-layer.h"
#include "dm-document.h"
#include "dm-engine.h"
#include "dm-geodesy.h"
#include "dm-window.h"
#include "dm-proposals-panel.h"
#include "dm-selection-panel.h"
#include "gui-test.h"
#include "dm-basemap.h"

#define CENTER_LAT 47.49
#define CENTER_LON 35.88
#define ZOOM       12

/* Real input reaches the window when the X server and the main loop get
 * to it, later on a slow machine: what it should do, awaited (@ms at most). */
static gboolean
undo_depth_reaches (DmDocument *doc, guint depth, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (dm_document_get_undo_depth (doc) < depth && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  spin (100);
  return dm_document_get_undo_depth (doc) >= depth;
}

static gboolean
line_parts_reach (DmDocument *doc, guint n_parts, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (dm_geometry_get_n_parts (dm_feature_get_geometry (dm_document_get_contact_line (doc))) < n_parts &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  spin (100);
  return dm_geometry_get_n_parts (dm_feature_get_geometry (dm_document_get_contact_line (doc))) >= n_parts;
}

static gboolean
wait_for_results (DmWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      DmEngine *engine = (DmEngine *) dm_window_get_engine (window);

      g_main_context_iteration (NULL, FALSE);
      if (engine != NULL && dm_engine_get_results (engine) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The view's zoom once it is @want (an animation may be under way), or
 * where it stopped after @ms. */
static double
zoom_reaching (ShumateViewport *viewport, double want, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (shumate_viewport_get_zoom_level (viewport) != want && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin (100);
  return shumate_viewport_get_zoom_level (viewport);
}

/* Every feature of every proposal, annotations and proposals' names, as
 * text with coordinates in full precision: equal strings, equal documents. */
static char *
describe (DmDocument *doc)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "active %u\n", dm_document_get_active_proposal (doc));
  for (guint p = 0; p < dm_document_get_n_proposals (doc); p++)
    {
      GPtrArray *features = dm_document_get_proposal_features (doc, p);

      g_string_append_printf (out, "proposal %s\n", dm_document_get_proposal_name (doc, p));
      for (guint i = 0; i < features->len; i++)
        {
          DmFeature *f = g_ptr_array_index (features, i);
          const DmGeometry *g = dm_feature_get_geometry (f);

          g_string_append_printf (out, " feature %u role %d name %s sides %d %d parts %u:", dm_feature_get_id (f),
                                  dm_feature_get_role (f), dm_feature_get_name (f), dm_feature_get_from_side (f),
                                  dm_feature_get_to_side (f), dm_geometry_get_n_parts (g));
          for (guint v = 0; v < dm_geometry_get_n_points (g); v++)
            {
              double lon, lat;

              dm_geometry_get_point (g, v, &lon, &lat);
              g_string_append_printf (out, " %a,%a", lon, lat);
            }
          g_string_append_c (out, '\n');
        }
    }
  {
    g_autoptr (GPtrArray) notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);

    for (guint i = 0; i < notes->len; i++)
      g_string_append_printf (out, "note %u %s\n", dm_feature_get_id (g_ptr_array_index (notes, i)),
                              dm_feature_get_text (g_ptr_array_index (notes, i)));
  }
  return g_string_free (out, FALSE);
}

static void
keep_message (DmEditLayer *edit, const char *message, gpointer data)
{
  char **said = data;

  g_free (*said);
  *said = g_strdup (message);
}

static void
to_pixel (DmEditLayer *edit, double lon, double lat, double *x, double *y)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (edit));

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (edit), lat, lon, x, y);
}

static void
to_location (DmEditLayer *edit, double x, double y, double *lon, double *lat)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (edit));

  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (edit), x, y, lat, lon);
}

/* Metres one pixel spans at (lon, lat) in this view. */
static double
pixel_metres (DmEditLayer *edit, double lon, double lat)
{
  double x, y, lon2, lat2;

  to_pixel (edit, lon, lat, &x, &y);
  to_location (edit, x + 1, y, &lon2, &lat2);
  return dm_geodesy_distance_m (lon, lat, lon2, lat2);
}

/* A vertex of @feature well inside the view, at least 16 px from its
 * neighbours: the one standing most apart, or with @rand a random one. */
static gboolean
vertex_in_view_random (DmEditLayer *edit, DmFeature *feature, GRand *rand, guint *index, double *x, double *y)
{
  const DmGeometry *g = dm_feature_get_geometry (feature);
  int w = gtk_widget_get_width (GTK_WIDGET (edit)), h = gtk_widget_get_height (GTK_WIDGET (edit));
  guint n = dm_geometry_get_n_points (g), n_ok = 0;
  double best = 0;

  for (guint i = 1; i + 1 < n; i++)
    {
      double lon, lat, px, py, qx, qy, gap = G_MAXDOUBLE;

      dm_geometry_get_point (g, i, &lon, &lat);
      to_pixel (edit, lon, lat, &px, &py);
      if (px < w * 0.2 || px > w * 0.8 || py < h * 0.2 || py > h * 0.8)
        continue;
      for (int k = -1; k <= 1; k += 2)
        {
          dm_geometry_get_point (g, i + k, &lon, &lat);
          to_pixel (edit, lon, lat, &qx, &qy);
          gap = MIN (gap, hypot (px - qx, py - qy));
        }
      if (gap <= 16)
        continue;
      n_ok++;
      /* Reservoir sampling picks each candidate with equal chance. */
      if (rand != NULL ? g_rand_int_range (rand, 0, n_ok) == 0 : gap > best)
        {
          best = gap;
          *index = i;
          *x = px;
          *y = py;
        }
    }
  return n_ok > 0;
}

static gboolean
vertex_in_view (DmEditLayer *edit, DmFeature *feature, guint *index, double *x, double *y)
{
  return vertex_in_view_random (edit, feature, NULL, index, x, y);
}

static guint n_results;

static void
results_arrived (void)
{
  n_results++;
}

/* Waits for the engine to deliver results newer than the last seen. */
static gboolean
wait_for_new_results (guint seen, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline && n_results == seen)
    g_main_context_iteration (NULL, FALSE);
  return n_results > seen;
}

static DmFeature *
feature (DmDocument *doc, guint id)
{
  return dm_document_lookup_feature (doc, id);
}

static void
annotate_seen (DmEditLayer *edit, double lon, double lat, double *where)
{
  where[0] = lon;
  where[1] = lat;
}

/* The dialog the window opened holding @key (any when NULL). */
static AdwMessageDialog *
find_dialog_with (DmWindow *window, const char *key)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (w)) && (key == NULL || g_object_get_data (w, key) != NULL))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (DmWindow *window)
{
  return find_dialog_with (window, "dm-entry");
}

/* Real input: xdotool, run with @args (its own name first), while this
 * process keeps its main loop running; FALSE when it is not installed or
 * fails. */
static gboolean
xdotool_run (GPtrArray *args)
{
  gboolean ok;

  g_ptr_array_add (args, NULL);
  ok = gui_test_run ((const char *const *) args->pdata, 60, NULL);
  spin (300);
  return ok;
}

/* A new xdotool command line, or NULL without xdotool. */
static GPtrArray *
xdotool_new (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GPtrArray *args;

  if (xdotool == NULL)
    return NULL;
  args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args, g_steal_pointer (&xdotool));
  return args;
}

/* Appends a move of the pointer to (@x, @y) of @widget; FALSE when the
 * point is off the window. */
static gboolean
xdotool_move (GPtrArray *args, DmWindow *window, GtkWidget *widget, double x, double y)
{
  graphene_point_t in_window;
  double sx, sy;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (window), &GRAPHENE_POINT_INIT (x, y), &in_window))
    return FALSE;
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  if (in_window.x + sx < 0 || in_window.y + sy < 0)
    return FALSE;
  g_ptr_array_add (args, g_strdup ("mousemove"));
  g_ptr_array_add (args, g_strdup ("--window"));
  g_ptr_array_add (args,
                   g_strdup_printf ("%lu", gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)))));
  g_ptr_array_add (args, g_strdup_printf ("%.0f", in_window.x + sx));
  g_ptr_array_add (args, g_strdup_printf ("%.0f", in_window.y + sy));
  return TRUE;
}

static void
xdotool_add (GPtrArray *args, const char *first, ...)
{
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
}

/* Drags with real pointer events: xdotool moves the X pointer over the
 * map while this process keeps its main loop running. */
static gboolean
xdotool_drag (DmWindow *window, GtkWidget *map, double x0, double y0, double x1, double y1)
{
  g_autoptr (GPtrArray) args = xdotool_new ();

  if (args == NULL || !xdotool_move (args, window, map, x0, y0))
    return FALSE;
  xdotool_add (args, "sleep", "0.3", "mousedown", "1", NULL);
  for (int step = 1; step <= 10; step++)
    {
      xdotool_add (args, "sleep", "0.05", NULL);
      if (!xdotool_move (args, window, map, x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10))
        return FALSE;
    }
  xdotool_add (args, "sleep", "0.3", "mouseup", "1", NULL);
  return xdotool_run (args);
}

/* The header bar's toggle button for a tool. */
static GtkWidget *
find_tool_button (GtkWidget *widget, const char *tool)
{
  GVariant *target;

  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.tool") == 0 &&
      (target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget))) != NULL &&
      g_str_equal (g_variant_get_string (target, NULL), tool))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_tool_button (c, tool);

      if (found != NULL)
        return found;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  DmWindow *window;
  DmEditLayer *edit;
  DmEngine *engine;
  DmDocument *doc;
  GtkWidget *map;
  g_autofree char *sample = NULL;
  g_autofree char *original = NULL;
  g_autoptr (GFile) file = NULL;
  guint line_id;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
  sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  file = g_file_new_for_path (sample);
  dm_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  check (wait_for_results (window, 60), "/gui/edit/sample-loads");
  engine = (DmEngine *) dm_window_get_engine (window);
  if (engine == NULL)
    return 1;
  spin (800);
  doc = dm_engine_get_document (engine);
  edit = DM_EDIT_LAYER (dm_window_get_edit_layer (window));
  map = dm_window_get_map (window);
  line_id = dm_feature_get_id (dm_document_get_contact_line (doc));
  original = describe (doc);
  g_signal_connect (engine, "results-changed", G_CALLBACK (results_arrived), NULL);

  /* Select: a click on the line selects it; one on empty land clears. */
  {
    guint index = 0;
    double x = 0, y = 0;

    check (vertex_in_view (edit, feature (doc, line_id), &index, &x, &y), "/gui/edit/vertex-in-view");
    dm_edit_layer_click (edit, x, y, 1, 0);
    check (dm_edit_layer_get_selected_feature (edit) == line_id, "/gui/edit/select-line");
    dm_edit_layer_click (edit, 15, 15, 1, 0);
    check (dm_edit_layer_get_selected_feature (edit) == 0, "/gui/edit/click-away-deselects");
  }

  /* A click on a vertex handle selects it and changes nothing. */
  {
    guint index, n, depth = dm_document_get_undo_depth (doc);
    double x, y;
    const guint *sel;

    dm_edit_layer_select (edit, line_id, NULL, 0);
    vertex_in_view (edit, feature (doc, line_id), &index, &x, &y);
    dm_edit_layer_drag_begin (edit, x, y, 0);
    dm_edit_layer_drag_end (edit, x, y);
    sel = dm_edit_layer_get_selected_vertices (edit, &n);
    check (n == 1 && sel[0] == index && dm_document_get_undo_depth (doc) == depth && !dm_document_is_modified (doc),
           "/gui/edit/click-handle-selects-only");
  }

  /* Drag a vertex through the gesture entry points: it lands where the
   * pointer went, within a pixel's worth of metres, as one undo step;
   * the engine recomputes the DMZ meanwhile. */
  {
    guint index, depth, seen;
    double x, y, lon, lat, want_lon, want_lat, px;
    DmResults *before = dm_engine_get_results (engine);
    double dmz_before =
      dm_zone_result_get_area_m2 (((DmZoneFigures *) g_ptr_array_index (before->zones, 0))->zone, DM_SIDE_NONE);

    dm_edit_layer_select (edit, line_id, NULL, 0);
    vertex_in_view (edit, feature (doc, line_id), &index, &x, &y);
    depth = dm_document_get_undo_depth (doc);
    seen = n_results;
    check (dm_edit_layer_drag_begin (edit, x, y, 0), "/gui/edit/drag-claims-handle");
    for (int s = 1; s <= 20; s++)
      {
        dm_edit_layer_drag_update (edit, x + 3 * s, y + 2 * s);
        g_main_context_iteration (NULL, FALSE);
      }
    dm_edit_layer_drag_end (edit, x + 60, y + 40);
    to_location (edit, x + 60, y + 40, &want_lon, &want_lat);
    dm_geometry_get_point (dm_feature_get_geometry (feature (doc, line_id)), index, &lon, &lat);
    px = pixel_metres (edit, want_lon, want_lat);
    g_print ("# dragged vertex %u: off by %.2f m (a pixel is %.0f m)\n", index,
             dm_geodesy_distance_m (lon, lat, want_lon, want_lat), px);
    check (dm_geodesy_distance_m (lon, lat, want_lon, want_lat) <= px, "/gui/edit/drag-lands");
    check (dm_document_get_undo_depth (doc) == depth + 1, "/gui/edit/drag-one-step");
    g_print ("# title after the drag: %s\n", gtk_window_get_title (GTK_WINDOW (window)));
    check (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• contact-line.geojson"),
           "/gui/edit/title-shows-unsaved");
    check (wait_for_new_results (seen, 30), "/gui/edit/drag-recomputed");
    while (wait_for_new_results (n_results, 1))
      ;
    {
      DmResults *after = dm_engine_get_results (engine);
      double dmz_after =
        dm_zone_result_get_area_m2 (((DmZoneFigures *) g_ptr_array_index (after->zones, 0))->zone, DM_SIDE_NONE);
      g_print ("# DMZ %.3f km² before, %.3f km² after the drag\n", dmz_before / 1e6, dmz_after / 1e6);
      check (fabs (dmz_after - dmz_before) > 1e3, "/gui/edit/drag-changes-dmz");
    }
    dm_document_undo (doc);
    {
      g_autofree char *now = describe (doc);
      check (g_str_equal (now, original), "/gui/edit/drag-undo-exact");
      check (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "contact-line.geojson"),
             "/gui/edit/undo-clears-unsaved");
    }
  }

  /* The same drag with real pointer events (xdotool under Xvfb): the
   * capture-phase gesture takes it, so the map does not pan. */
  {
    guint index;
    double x, y, lon, lat, want_lon, want_lat, px;
    ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
    double center_lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
    double center_lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));

    dm_edit_layer_select (edit, line_id, NULL, 0);
    spin (200);
    vertex_in_view (edit, feature (doc, line_id), &index, &x, &y);
    guint depth = dm_document_get_undo_depth (doc);

    if (xdotool_drag (window, map, x, y, x - 50, y + 30))
      {
        /* The release makes the undo step. */
        undo_depth_reaches (doc, depth + 1, 10000);
        g_print ("# xdotool drag: %u undo steps\n", dm_document_get_undo_depth (doc) - depth);
        to_location (edit, x - 50, y + 30, &want_lon, &want_lat);
        dm_geometry_get_point (dm_feature_get_geometry (feature (doc, line_id)), index, &lon, &lat);
        px = pixel_metres (edit, want_lon, want_lat);
        g_print ("# xdotool drag of vertex %u: off by %.1f m (a pixel is %.0f m); map moved %.2g°\n", index,
                 dm_geodesy_distance_m (lon, lat, want_lon, want_lat), px,
                 fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - center_lat) +
                   fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - center_lon));
        check (dm_geodesy_distance_m (lon, lat, want_lon, want_lat) <= 1.5 * px, "/gui/edit/xdotool-drag-lands");
        check (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) == center_lat &&
                 shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) == center_lon,
               "/gui/edit/xdotool-drag-no-pan");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        {
          g_autofree char *now = describe (doc);
          if (!g_str_equal (now, original))
            {
              g_auto (GStrv) a = g_strsplit (original, "\n", -1), b = g_strsplit (now, "\n", -1);
              for (guint i = 0; a[i] != NULL && b[i] != NULL; i++)
                if (!g_str_equal (a[i], b[i]))
                  {
                    g_auto (GStrv) va = g_strsplit (a[i], " ", -1), vb = g_strsplit (b[i], " ", -1);
                    for (guint k = 0; va[k] != NULL && vb[k] != NULL; k++)
                      if (!g_str_equal (va[k], vb[k]))
                        g_print ("# token %u differs: %s against %s\n", k, vb[k], va[k]);
                    g_print ("# tokens %u against %u\n", g_strv_length (vb), g_strv_length (va));
                    break;
                  }
            }
          check (g_str_equal (now, original), "/gui/edit/xdotool-undo-exact");
        }
      }
    else
      g_print ("# xdotool unavailable: real-input drag not run\n");
  }

  /* Real keys and clicks.  A click on a header bar tool button leaves the
   * keyboard to the map: the tool and snapping keys still work. */
  {
    g_autoptr (GPtrArray) args = xdotool_new ();
    GtkWidget *line_button = find_tool_button (GTK_WIDGET (window), "line");
    gboolean snapping = dm_edit_layer_get_snapping (edit);

    if (args != NULL && line_button != NULL &&
        xdotool_move (args, window, line_button, gtk_widget_get_width (line_button) / 2.0,
                      gtk_widget_get_height (line_button) / 2.0))
      {
        xdotool_add (args, "sleep", "0.2", "click", "1", "sleep", "0.3", NULL);
        check (xdotool_run (args) && dm_edit_layer_get_tool (edit) == DM_EDIT_TOOL_LINE, "/gui/keys/tool-button-click");
        g_ptr_array_set_size (args, 1);
        xdotool_add (args, "key", "m", "sleep", "0.2", NULL);
        xdotool_run (args);
        check (dm_edit_layer_get_tool (edit) == DM_EDIT_TOOL_MEASURE, "/gui/keys/m-after-button-click");
        g_ptr_array_set_size (args, 1);
        xdotool_add (args, "key", "s", "sleep", "0.2", NULL);
        xdotool_run (args);
        check (dm_edit_layer_get_snapping (edit) == !snapping, "/gui/keys/s-toggles-snapping");
        g_ptr_array_set_size (args, 1);
        xdotool_add (args, "key", "s", "sleep", "0.1", "key", "v", "sleep", "0.2", NULL);
        xdotool_run (args);
        check (dm_edit_layer_get_snapping (edit) == snapping && dm_edit_layer_get_tool (edit) == DM_EDIT_TOOL_SELECT,
               "/gui/keys/v-select");
      }
    else
      g_print ("# xdotool unavailable: real keys not tried\n");
  }

  /* The real pointer over the map: the status bar shows where it is, in
   * decimal degrees and in degrees, minutes and seconds. */
  {
    g_autoptr (GPtrArray) args = xdotool_new ();
    GtkWidget *label = find_css (GTK_WIDGET (window), "dm-coordinates");
    int w = gtk_widget_get_width (map), h = gtk_widget_get_height (map);

    if (args != NULL && label != NULL && xdotool_move (args, window, map, w * 0.37, h * 0.61))
      {
        double lat, lon, want_lon, want_lat;
        const char *text;
        int dlat, mlat;
        double slat;

        xdotool_add (args, "sleep", "0.2", NULL);
        xdotool_run (args);
        text = gtk_label_get_text (GTK_LABEL (label));
        to_location (edit, round (w * 0.37), round (h * 0.61), &want_lon, &want_lat);
        g_print ("# pointer at %.5f, %.5f: \"%s\"\n", want_lat, want_lon, text);
        check (sscanf (text, "%lf° N, %lf° E", &lat, &lon) == 2 && fabs (lat - want_lat) < 2e-4 &&
                 fabs (lon - want_lon) < 2e-4,
               "/gui/map/pointer-decimal");
        check (strstr (text, "′") != NULL && strstr (text, "″") != NULL &&
                 sscanf (strstr (text, "   ") != NULL ? strstr (text, "   ") : "", " %d°%d′%lf″ N", &dlat, &mlat,
                         &slat) == 3 &&
                 fabs (dlat + mlat / 60.0 + slat / 3600.0 - want_lat) < 2e-4,
               "/gui/map/pointer-dms");
      }
    else
      g_print ("# xdotool unavailable: pointer coordinates not checked\n");
  }

  /* Keyboard zoom steps a whole level; a real double-click that finishes
   * a line does not zoom the map. */
  {
    g_autoptr (GPtrArray) args = xdotool_new ();
    ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
    double zoom = shumate_viewport_get_zoom_level (viewport);
    int w = gtk_widget_get_width (map), h = gtk_widget_get_height (map);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
    zoom_reaching (viewport, zoom - 1, 10000);
    g_print ("# zoom %.2f, out: %.2f\n", zoom, shumate_viewport_get_zoom_level (viewport));
    check (shumate_viewport_get_zoom_level (viewport) == zoom - 1, "/gui/zoom/out-whole-level");
    if (args != NULL && xdotool_move (args, window, map, w / 2.0, h / 2.0))
      {
        guint n_parts = dm_geometry_get_n_parts (dm_feature_get_geometry (dm_document_get_contact_line (doc)));
        const DmGeometry *drawn;
        guint n_drawn = 0;

        int double_click_ms = 0;

        /* GTK counts a second press as a double-click only while a timer
         * started at the first runs; under the sanitizers a busy main
         * loop (tiles after the zoom) can let it lapse before the press
         * is read.  The clicks at other places are far apart anyway. */
        g_object_get (gtk_settings_get_default (), "gtk-double-click-time", &double_click_ms, NULL);
        g_object_set (gtk_settings_get_default (), "gtk-double-click-time", 2000, NULL);
        gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "line");
        g_ptr_array_set_size (args, 1);
        xdotool_move (args, window, map, w * 0.3, h * 0.4);
        xdotool_add (args, "sleep", "0.1", "click", "1", "sleep", "0.5", NULL);
        xdotool_move (args, window, map, w * 0.5, h * 0.45);
        xdotool_add (args, "sleep", "0.1", "click", "1", "sleep", "0.5", NULL);
        xdotool_move (args, window, map, w * 0.7, h * 0.4);
        xdotool_add (args, "sleep", "0.1", "click", "--repeat", "2", "--delay", "60", "1", "sleep", "0.5", NULL);
        xdotool_run (args);
        line_parts_reach (doc, n_parts + 1, 10000);
        g_object_set (gtk_settings_get_default (), "gtk-double-click-time", double_click_ms, NULL);
        /* Drawn where there is a contact line, a new part of it. */
        drawn = dm_feature_get_geometry (dm_document_get_contact_line (doc));
        if (dm_geometry_get_n_parts (drawn) > n_parts)
          dm_geometry_get_ring (drawn, dm_geometry_get_n_parts (drawn) - 1, 0, &n_drawn);
        g_print ("# double-click: %u parts (were %u), zoom %.2f\n", dm_geometry_get_n_parts (drawn), n_parts,
                 shumate_viewport_get_zoom_level (viewport));
        check (dm_geometry_get_n_parts (drawn) == n_parts + 1 && dm_edit_layer_get_n_draft_points (edit) == 0 &&
                 n_drawn == 3 && dm_edit_layer_get_selected_part (edit) == n_parts,
               "/gui/edit/double-click-finishes");
        check (shumate_viewport_get_zoom_level (viewport) == zoom - 1, "/gui/edit/double-click-does-not-zoom");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "select");

        g_ptr_array_set_size (args, 1);
        xdotool_move (args, window, map, w / 2.0, h / 2.0);
        xdotool_add (args, "key", "plus", "sleep", "0.5", NULL);
        xdotool_run (args);
        zoom_reaching (viewport, zoom, 10000);
        g_print ("# + key: %.2f\n", shumate_viewport_get_zoom_level (viewport));
        check (shumate_viewport_get_zoom_level (viewport) == zoom, "/gui/zoom/plus-key-whole-level");
      }
    else
      {
        gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
        spin (400);
      }
  }

  /* Draw a contact line: three clicks, Backspace drops the last, a click
   * and Enter finish it where the clicks were.  In a proposal of its own:
   * where there is a line, a line drawn is a part of it. */
  dm_document_add_proposal (doc, "Drawn", FALSE);
  {
    int w = gtk_widget_get_width (GTK_WIDGET (edit)), h = gtk_widget_get_height (GTK_WIDGET (edit));
    double xs[] = { w * 0.2, w * 0.45, w * 0.9, w * 0.7 };
    double ys[] = { h * 0.8, h * 0.6, h * 0.1, h * 0.75 };
    guint id, index, n_before = dm_document_get_undo_depth (doc);
    double lon, lat, want_lon, want_lat, mx, my;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "line");
    check (dm_edit_layer_get_tool (edit) == DM_EDIT_TOOL_LINE, "/gui/edit/tool-action");
    for (int i = 0; i < 3; i++)
      dm_edit_layer_click (edit, xs[i], ys[i], 1, 0);
    dm_edit_layer_key (edit, GDK_KEY_BackSpace, 0);
    check (dm_edit_layer_get_n_draft_points (edit) == 2, "/gui/edit/draw-backspace");
    dm_edit_layer_click (edit, xs[3], ys[3], 1, 0);
    dm_edit_layer_key (edit, GDK_KEY_Return, 0);
    id = dm_edit_layer_get_selected_feature (edit);
    check (id != 0 && id != line_id && dm_feature_get_role (feature (doc, id)) == DM_ROLE_CONTACT_LINE &&
             dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == 3 &&
             dm_document_get_undo_depth (doc) == n_before + 1,
           "/gui/edit/draw-line");
    to_location (edit, xs[3], ys[3], &want_lon, &want_lat);
    dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 2, &lon, &lat);
    check (dm_geodesy_distance_m (lon, lat, want_lon, want_lat) < 1.0, "/gui/edit/draw-line-where-clicked");

    /* Drag the first segment's midpoint handle: a vertex is inserted. */
    mx = (xs[0] + xs[1]) / 2;
    my = (ys[0] + ys[1]) / 2;
    check (dm_edit_layer_drag_begin (edit, mx, my, 0), "/gui/edit/midpoint-claims");
    dm_edit_layer_drag_end (edit, mx + 20, my - 25);
    {
      const guint *sel = dm_edit_layer_get_selected_vertices (edit, &index);
      check (dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == 4 && index == 1 && sel[0] == 1,
             "/gui/edit/midpoint-inserts");
    }
    to_location (edit, mx + 20, my - 25, &want_lon, &want_lat);
    dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 1, &lon, &lat);
    check (dm_geodesy_distance_m (lon, lat, want_lon, want_lat) <= pixel_metres (edit, lon, lat),
           "/gui/edit/midpoint-lands");

    /* Delete removes the selected vertex; undo puts it back. */
    dm_edit_layer_key (edit, GDK_KEY_Delete, 0);
    check (dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == 3, "/gui/edit/delete-vertex");
    /* A line keeps two vertices: deleting two of three is refused. */
    {
      guint two[] = { 0, 1 };
      dm_edit_layer_select (edit, id, two, 2);
      check (!dm_edit_layer_delete_selection (edit) &&
               dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == 3,
             "/gui/edit/delete-keeps-two");
    }
    /* Arrow keys nudge the selection by a pixel (Shift: ten). */
    {
      guint one[] = { 2 };
      double lon0, lat0, x0, y0, x1, y1;

      dm_edit_layer_select (edit, id, one, 1);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 2, &lon0, &lat0);
      dm_edit_layer_key (edit, GDK_KEY_Right, GDK_SHIFT_MASK);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 2, &lon, &lat);
      to_pixel (edit, lon0, lat0, &x0, &y0);
      to_pixel (edit, lon, lat, &x1, &y1);
      g_print ("# nudge moved %.2f, %.2f px\n", x1 - x0, y1 - y0);
      check (fabs (x1 - x0 - 10) < 0.05 && fabs (y1 - y0) < 0.05, "/gui/edit/nudge");
    }
    /* With the feature selected and no vertex, the arrows move all of it;
     * undo puts it back exactly. */
    {
      g_autoptr (DmGeometry) before = dm_geometry_copy (dm_feature_get_geometry (feature (doc, id)));
      const DmGeometry *g;
      gboolean all_moved = TRUE;
      double x0, y0, x1, y1, blon, blat;

      dm_edit_layer_select (edit, id, NULL, 0);
      dm_edit_layer_key (edit, GDK_KEY_Up, 0);
      g = dm_feature_get_geometry (feature (doc, id));
      for (guint v = 0; v < dm_geometry_get_n_points (g); v++)
        {
          dm_geometry_get_point (before, v, &blon, &blat);
          dm_geometry_get_point (g, v, &lon, &lat);
          to_pixel (edit, blon, blat, &x0, &y0);
          to_pixel (edit, lon, lat, &x1, &y1);
          all_moved = all_moved && fabs (x1 - x0) < 0.05 && fabs (y1 - y0 + 1) < 0.05;
        }
      check (all_moved && dm_geometry_get_n_points (g) == dm_geometry_get_n_points (before), "/gui/edit/nudge-feature");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      check (dm_geometry_equal (dm_feature_get_geometry (feature (doc, id)), before), "/gui/edit/nudge-feature-undo");
    }
    /* Shift-drag a box around the first two vertices: both selected, then
     * dragged together. */
    {
      double ax, ay, bx, by;
      const guint *sel;
      guint n_sel;

      dm_edit_layer_select (edit, id, NULL, 0);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 0, &lon, &lat);
      to_pixel (edit, lon, lat, &ax, &ay);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 1, &lon, &lat);
      to_pixel (edit, lon, lat, &bx, &by);
      check (dm_edit_layer_drag_begin (edit, MIN (ax, bx) - 5, MIN (ay, by) - 5, GDK_SHIFT_MASK),
             "/gui/edit/box-claims");
      dm_edit_layer_drag_update (edit, MAX (ax, bx) + 5, MAX (ay, by) + 5);
      dm_edit_layer_drag_end (edit, MAX (ax, bx) + 5, MAX (ay, by) + 5);
      sel = dm_edit_layer_get_selected_vertices (edit, &n_sel);
      check (n_sel == 2 && sel[0] == 0 && sel[1] == 1, "/gui/edit/box-selects");
      dm_edit_layer_drag_begin (edit, ax, ay, 0);
      dm_edit_layer_drag_end (edit, ax + 30, ay);
      {
        double nx, ny;

        dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 1, &lon, &lat);
        to_pixel (edit, lon, lat, &nx, &ny);
        check (fabs (nx - bx - 30) < 0.5 && fabs (ny - by) < 0.5, "/gui/edit/group-drag");
      }
    }
    /* Reverse direction swaps the line's vertex order. */
    {
      double first_lon, first_lat;

      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 0, &first_lon, &first_lat);
      dm_edit_layer_select (edit, id, NULL, 0);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.reverse-line", NULL);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), 2, &lon, &lat);
      check (lon == first_lon && lat == first_lat, "/gui/edit/reverse-line");
    }
    /* Delete with no vertex selected removes the feature. */
    dm_edit_layer_select (edit, id, NULL, 0);
    dm_edit_layer_key (edit, GDK_KEY_Delete, 0);
    check (feature (doc, id) == NULL && dm_edit_layer_get_selected_feature (edit) == 0, "/gui/edit/delete-feature");
  }
  dm_document_set_active_proposal (doc, 0);

  /* Draw a land swap: four clicks, a double click finishes it; the ring is
   * stored counter-clockwise and the swap's sides are left to inference. */
  {
    int w = gtk_widget_get_width (GTK_WIDGET (edit)), h = gtk_widget_get_height (GTK_WIDGET (edit));
    guint id;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "swap");
    dm_edit_layer_click (edit, w * 0.3, h * 0.3, 1, 0);
    dm_edit_layer_click (edit, w * 0.6, h * 0.3, 1, 0);
    dm_edit_layer_click (edit, w * 0.6, h * 0.6, 1, 0);
    dm_edit_layer_click (edit, w * 0.3, h * 0.6, 1, 0);
    dm_edit_layer_click (edit, w * 0.3, h * 0.6, 2, 0);
    id = dm_edit_layer_get_selected_feature (edit);
    check (id != 0 && dm_feature_get_role (feature (doc, id)) == DM_ROLE_LAND_SWAP &&
             dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == 4 &&
             dm_geodesy_geometry_area_m2 (dm_feature_get_geometry (feature (doc, id))) > 0 &&
             dm_feature_get_from_side (feature (doc, id)) == DM_SIDE_NONE,
           "/gui/edit/draw-swap");
    check (dm_edit_layer_get_tool (edit) == DM_EDIT_TOOL_SELECT, "/gui/edit/back-to-select");
    /* Its giver and receiver are inferred by the engine. */
    check (wait_for_results (window, 30), "/gui/edit/swap-recomputed");
    {
      DmResults *r = settled_results (window, 60);
      gboolean found = FALSE;

      for (guint i = 0; r != NULL && r->swaps != NULL && i < r->swaps->len; i++)
        {
          DmSwapFigures *sf = g_ptr_array_index (r->swaps, i);
          found |= sf->giver != DM_SIDE_NONE && sf->receiver != DM_SIDE_NONE && sf->giver != sf->receiver;
        }
      check (found, "/gui/edit/swap-sides-inferred");
    }
    /* The selection panel sets them: the giver row's third entry says
     * side B gives; undo goes back to inferring, and the row with it.
     * Its name row renames the swap, one step of the history. */
    {
      GtkWidget *panel = find_type (GTK_WIDGET (window), DM_TYPE_SELECTION_PANEL);
      GtkWidget *giver, *name, *figures;
      guint depth;

      dm_edit_layer_select (edit, id, NULL, 0);
      spin (100);
      giver = panel != NULL ? find_type (panel, ADW_TYPE_COMBO_ROW) : NULL;
      check (panel != NULL && gtk_widget_get_visible (panel) && giver != NULL && gtk_widget_get_visible (giver),
             "/gui/edit/selection-panel-swap");
      if (giver != NULL)
        adw_combo_row_set_selected (ADW_COMBO_ROW (giver), 2);
      check (giver != NULL && dm_feature_get_from_side (feature (doc, id)) == DM_SIDE_B &&
               dm_feature_get_to_side (feature (doc, id)) == DM_SIDE_A,
             "/gui/edit/swap-giver-set");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      spin (50);
      check (dm_feature_get_from_side (feature (doc, id)) == DM_SIDE_NONE && giver != NULL &&
               adw_combo_row_get_selected (ADW_COMBO_ROW (giver)) == 0,
             "/gui/edit/swap-giver-undo");
      depth = dm_document_get_undo_depth (doc);
      name = panel != NULL ? find_type (panel, ADW_TYPE_ENTRY_ROW) : NULL;
      if (name != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (name), "Swap near Robotyne");
          g_signal_emit_by_name (name, "apply");
        }
      check (name != NULL && g_strcmp0 (dm_feature_get_name (feature (doc, id)), "Swap near Robotyne") == 0 &&
               dm_document_get_undo_depth (doc) == depth + 1,
             "/gui/edit/selection-rename");
      /* Its figure is the engine's: the swap's area, and its corners. */
      figures = panel != NULL ? gui_test_find (panel, gui_test_has_css, "numeric") : NULL;
      g_print ("# selection figures: %s\n", figures != NULL ? gtk_label_get_text (GTK_LABEL (figures)) : "(none)");
      check (figures != NULL && strstr (gtk_label_get_text (GTK_LABEL (figures)), "km²") != NULL &&
               strstr (gtk_label_get_text (GTK_LABEL (figures)), "vertices") != NULL,
             "/gui/edit/selection-figures");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
      /* Make a Zone: the swap's area becomes a zone of its own, with the
       * swap's area as its figure; one undo step takes it away. */
      {
        guint n_rules = dm_document_get_n_zone_rules (doc);
        double swap_area = dm_geodesy_geometry_area_m2 (dm_feature_get_geometry (feature (doc, id)));
        DmResults *r;
        double zone_area = 0;

        dm_edit_layer_select (edit, id, NULL, 0);
        spin (50);
        gtk_widget_activate_action (GTK_WIDGET (window), "win.zone-from-selection", NULL);
        r = settled_results (window, 60);
        if (r != NULL && r->zones != NULL && r->zones->len == n_rules + 1)
          {
            DmZoneFigures *zf = g_ptr_array_index (r->zones, n_rules);

            zone_area = zf->zone != NULL ? dm_zone_result_get_area_m2 (zf->zone, DM_SIDE_NONE) : 0;
          }
        g_print ("# zone of the swap: %.1f km² (the swap: %.1f km²)\n", zone_area / 1e6, swap_area / 1e6);
        check (dm_document_get_n_zone_rules (doc) == n_rules + 1 &&
                 dm_document_get_zone_rule (doc, n_rules)->type == DM_ZONE_RULE_POLYGON &&
                 fabs (zone_area / swap_area - 1) < 1e-6,
               "/gui/edit/zone-from-selection");
        gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
        check (dm_document_get_n_zone_rules (doc) == n_rules, "/gui/edit/zone-from-selection-undo");
      }
      /* Nothing selected: the panel is hidden. */
      dm_edit_layer_select (edit, 0, NULL, 0);
      check (panel != NULL && !gtk_widget_get_visible (panel), "/gui/edit/selection-panel-hidden");
    }
    /* An Escape during drawing drops the path, nothing is added. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "swap");
    dm_edit_layer_click (edit, w * 0.1, h * 0.1, 1, 0);
    dm_edit_layer_click (edit, w * 0.2, h * 0.1, 1, 0);
    dm_edit_layer_key (edit, GDK_KEY_Escape, 0);
    check (dm_edit_layer_get_n_draft_points (edit) == 0, "/gui/edit/escape-cancels");
  }

  /* Annotate: a click asks for the text in a dialog; its Add response puts
   * the note where the click was. */
  {
    double where[2] = { G_MAXDOUBLE, G_MAXDOUBLE }, lon, lat;
    gulong handler = g_signal_connect (edit, "annotate", G_CALLBACK (annotate_seen), where);
    AdwMessageDialog *dialog;
    g_autoptr (GPtrArray) notes_before = dm_document_list_features (doc, DM_ROLE_ANNOTATION);
    g_autoptr (GPtrArray) notes = NULL;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "annotate");
    dm_edit_layer_click (edit, 200, 150, 1, 0);
    g_signal_handler_disconnect (edit, handler);
    spin (200);
    dialog = find_dialog (window);
    check (dialog != NULL, "/gui/edit/annotate-dialog");
    if (dialog != NULL)
      {
        GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

        gtk_editable_set_text (GTK_EDITABLE (entry), "Crossing point 7");
        adw_message_dialog_response (dialog, "add");
        spin (100);
      }
    notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);
    to_location (edit, 200, 150, &lon, &lat);
    check (notes->len == notes_before->len + 1 &&
             g_str_equal (dm_feature_get_text (g_ptr_array_index (notes, notes->len - 1)), "Crossing point 7") &&
             fabs (where[0] - lon) < 1e-9 && fabs (where[1] - lat) < 1e-9,
           "/gui/edit/annotate");
  }

  /* Measure: two clicks a degree of latitude apart give the meridian arc
   * (111,180.976 m from 47° to 48° N by GeodSolve); a third adds an area. */
  {
    double x0, y0, x1, y1, length, area;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "measure");
    dm_window_go_to (window, 47.5, 35.9, 7);
    spin (300);
    to_pixel (edit, 35.9, 47.0, &x0, &y0);
    to_pixel (edit, 35.9, 48.0, &x1, &y1);
    dm_edit_layer_hover_end (edit);
    dm_edit_layer_click (edit, x0, y0, 1, 0);
    /* The first click and the pointer: a length already. */
    dm_edit_layer_hover (edit, x1, y1);
    check (dm_edit_layer_get_measure (edit, &length, &area) && fabs (length - 111180.587) < 200,
           "/gui/edit/measure-follows-pointer");
    dm_edit_layer_hover_end (edit);
    dm_edit_layer_click (edit, x1, y1, 1, 0);
    check (dm_edit_layer_get_measure (edit, &length, &area), "/gui/edit/measure");
    g_print ("# measured %.1f m along the meridian\n", length);
    check (fabs (length - 111180.587) < 1.0 && area == 0, "/gui/edit/measure-meridian");
    {
      double live_length, live_area;

      /* The pointer beside the path: the figures as if clicked there. */
      dm_edit_layer_hover (edit, x1 + 100, y1);
      dm_edit_layer_get_measure (edit, &live_length, &live_area);
      dm_edit_layer_click (edit, x1 + 100, y1, 1, 0);
      dm_edit_layer_hover_end (edit);
      dm_edit_layer_get_measure (edit, &length, &area);
      g_print ("# with the pointer: %.1f m, %.0f m²; clicked there: %.1f m, %.0f m²\n", live_length, live_area, length,
               area);
      check (area > 0 && fabs (live_area - area) < 1e-6 * area && fabs (live_length - length) < 1e-6,
             "/gui/edit/measure-area");
    }
    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "select");
    dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
    spin (300);
  }

  /* Proposals: a new one copies the active one and becomes active;
   * switching back restores the first one's line. */
  {
    guint n0 = dm_document_get_n_proposals (doc);
    GtkWidget *panel = find_type (GTK_WIDGET (window), DM_TYPE_PROPOSALS_PANEL);
    GtkWidget *active = panel != NULL ? find_type (panel, ADW_TYPE_COMBO_ROW) : NULL;
    GtkWidget *compare = active != NULL ? gtk_widget_get_next_sibling (active) : NULL;
    DmEngine *eng = (DmEngine *) dm_window_get_engine (window);
    DmFeature *line = dm_document_get_contact_line (doc);

    check (active != NULL && ADW_IS_COMBO_ROW (compare), "/gui/edit/proposals-panel");
    /* A selection belongs to its proposal: switching drops it. */
    dm_edit_layer_select (edit, dm_feature_get_id (line), NULL, 0);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-proposal", NULL);
    check (dm_document_get_n_proposals (doc) == n0 + 1 && dm_document_get_active_proposal (doc) == n0,
           "/gui/edit/new-proposal");
    check (dm_edit_layer_get_selected_feature (edit) == 0, "/gui/edit/new-proposal-deselects");
    check (active != NULL && g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (active))) == n0 + 1 &&
             adw_combo_row_get_selected (ADW_COMBO_ROW (active)) == n0,
           "/gui/edit/proposals-listed");
    /* Compare with: "Nothing", then the others; choosing the first one
     * is the engine's comparison, and the window says the same. */
    if (ADW_IS_COMBO_ROW (compare))
      adw_combo_row_set_selected (ADW_COMBO_ROW (compare), 1);
    check (eng != NULL && dm_engine_get_compare_proposal (eng) == 0, "/gui/edit/compare-chosen");
    /* Switching to the compared one ends the comparison, and the row
     * says "Nothing" again. */
    if (active != NULL)
      adw_combo_row_set_selected (ADW_COMBO_ROW (active), 0);
    check (dm_document_get_active_proposal (doc) == 0, "/gui/edit/switch-proposal");
    check (eng != NULL && dm_engine_get_compare_proposal (eng) == -1 && ADW_IS_COMBO_ROW (compare) &&
             adw_combo_row_get_selected (ADW_COMBO_ROW (compare)) == 0,
           "/gui/edit/compare-ends");
    /* The fingerprint under the title is the window's. */
    {
      DmResults *r = settled_results (window, 60);
      const char *description = panel != NULL ? adw_preferences_group_get_description (
                                                  ADW_PREFERENCES_GROUP (find_type (panel, ADW_TYPE_PREFERENCES_GROUP)))
                                              : NULL;

      g_print ("# proposals panel: %s\n", description != NULL ? description : "(none)");
      check (r != NULL && dm_window_get_fingerprint (window) != NULL && description != NULL &&
               strstr (description, dm_window_get_fingerprint (window)) != NULL,
             "/gui/edit/fingerprint-shown");
    }
  }

  /* Random edits through the gesture entry points and keys, then undo to
   * the start: the document is exactly the original again. */
  {
    GRand *rand = g_rand_new_with_seed (20261123);
    guint edits = 0;
    g_autofree char *now = NULL;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "select");
    for (int step = 0; step < 60; step++)
      {
        guint index, op = g_rand_int_range (rand, 0, 5);
        double x, y;

        dm_edit_layer_select (edit, line_id, NULL, 0);
        if (!vertex_in_view_random (edit, feature (doc, line_id), rand, &index, &x, &y))
          break;
        switch (op)
          {
          case 0:
          case 1:
            if (dm_edit_layer_drag_begin (edit, x, y, 0))
              {
                dm_edit_layer_drag_update (edit, x + g_rand_double_range (rand, -40, 40),
                                           y + g_rand_double_range (rand, -40, 40));
                dm_edit_layer_drag_end (edit, x + g_rand_double_range (rand, -40, 40),
                                        y + g_rand_double_range (rand, -40, 40));
                edits++;
              }
            break;
          case 2:
            dm_edit_layer_select (edit, line_id, &index, 1);
            edits += dm_edit_layer_key (edit, GDK_KEY_Delete, 0);
            break;
          case 3:
            dm_edit_layer_select (edit, line_id, &index, 1);
            edits += dm_edit_layer_key (edit, GDK_KEY_Up, 0);
            break;
          default:
            /* A vertex inserted by dragging between two others. */
            {
              double lon, lat, nx, ny;

              dm_geometry_get_point (dm_feature_get_geometry (feature (doc, line_id)), index + 1, &lon, &lat);
              to_pixel (edit, lon, lat, &nx, &ny);
              if (dm_edit_layer_drag_begin (edit, (x + nx) / 2, (y + ny) / 2, 0))
                {
                  dm_edit_layer_drag_end (edit, (x + nx) / 2 + 10, (y + ny) / 2 + 10);
                  edits++;
                }
            }
            break;
          }
        if (step % 10 == 0)
          g_main_context_iteration (NULL, FALSE);
      }
    g_print ("# %u random edits\n", edits);
    while (dm_document_can_undo (doc))
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    now = describe (doc);
    check (edits >= 30 && g_str_equal (now, original), "/gui/edit/random-undo-to-start");
    /* And redo all the way gives the last state back without error. */
    while (dm_document_can_redo (doc))
      gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
    check (!dm_document_can_redo (doc), "/gui/edit/redo-all");
    g_rand_free (rand);
  }

  /* Line operations and snapping on a line drawn for them: a new part of
   * the sample's contact line, its vertices after the sample's. */
  {
    int w = gtk_widget_get_width (GTK_WIDGET (edit)), h = gtk_widget_get_height (GTK_WIDGET (edit));
    guint id, base, n_parts, one[1];
    double lon, lat;

    dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
    spin (300);
    base = dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, line_id)));
    n_parts = dm_geometry_get_n_parts (dm_feature_get_geometry (feature (doc, line_id)));
    one[0] = base + 1;
    gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "line");
    dm_edit_layer_click (edit, w * 0.2, h * 0.3, 1, 0);
    dm_edit_layer_click (edit, w * 0.4, h * 0.25, 1, 0);
    dm_edit_layer_click (edit, w * 0.6, h * 0.3, 1, 0);
    dm_edit_layer_click (edit, w * 0.8, h * 0.25, 1, 0);
    dm_edit_layer_key (edit, GDK_KEY_Return, 0);
    id = dm_edit_layer_get_selected_feature (edit);
    check (id == line_id && dm_edit_layer_get_selected_part (edit) == n_parts &&
             dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, id))) == base + 4,
           "/gui/ops/drawn-part");

    /* Typed coordinates move the selected vertex. */
    {
      g_autoptr (GError) error = NULL;

      dm_edit_layer_select (edit, id, one, 1);
      check (dm_window_set_vertex_coordinates (window, "47°30'00\"N 35°52'30\"E", &error), "/gui/ops/coordinates");
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), base + 1, &lon, &lat);
      check (fabs (lat - 47.5) < 1e-9 && fabs (lon - 35.875) < 1e-9, "/gui/ops/coordinates-where");
      /* Decimal degrees, latitude first, as the status bar shows them. */
      check (dm_window_set_vertex_coordinates (window, "47.51234, 35.8642", &error), "/gui/ops/coordinates-decimal");
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), base + 1, &lon, &lat);
      check (fabs (lat - 47.51234) < 1e-9 && fabs (lon - 35.8642) < 1e-9, "/gui/ops/coordinates-decimal-where");
      g_clear_error (&error);
      check (!dm_window_set_vertex_coordinates (window, "91°N 35°E", &error) && error != NULL,
             "/gui/ops/coordinates-bad");
    }

    /* Split at the selected vertex, then join again: parts of one line. */
    dm_edit_layer_select (edit, id, one, 1);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.split-line", NULL);
    {
      const DmGeometry *g = dm_feature_get_geometry (feature (doc, id));
      guint n;

      dm_geometry_get_ring (g, MIN (n_parts, dm_geometry_get_n_parts (g) - 1), 0, &n);
      check (dm_geometry_get_n_parts (g) == n_parts + 2 && n == 2 &&
               dm_edit_layer_get_selected_part (edit) == n_parts + 1,
             "/gui/ops/split");
    }
    gtk_widget_activate_action (GTK_WIDGET (window), "win.join-lines", NULL);
    {
      const DmGeometry *g = dm_feature_get_geometry (feature (doc, id));
      guint n;

      dm_geometry_get_ring (g, MIN (n_parts, dm_geometry_get_n_parts (g) - 1), 0, &n);
      check (dm_geometry_get_n_parts (g) == n_parts + 1 && n == 4, "/gui/ops/join");
    }

    /* Snapping: a vertex dropped 4 px from a vertex of the sample line
     * lands exactly on it. */
    {
      guint index;
      double x, y, tx, ty, tlon, tlat;
      const DmGeometry *sample_line = dm_feature_get_geometry (feature (doc, line_id));

      gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "select");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.snapping", NULL);
      check (dm_edit_layer_get_snapping (edit), "/gui/snap/on");
      vertex_in_view (edit, feature (doc, line_id), &index, &tx, &ty);
      dm_geometry_get_point (sample_line, index, &tlon, &tlat);
      dm_edit_layer_select (edit, id, NULL, 0);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), base + 2, &lon, &lat);
      to_pixel (edit, lon, lat, &x, &y);
      dm_edit_layer_drag_begin (edit, x, y, 0);
      dm_edit_layer_drag_update (edit, tx + 4, ty - 2);
      dm_edit_layer_drag_end (edit, tx + 4, ty - 2);
      dm_geometry_get_point (dm_feature_get_geometry (feature (doc, id)), base + 2, &lon, &lat);
      check (lon == tlon && lat == tlat, "/gui/snap/vertex-exact");
    }

    /* Tracing along a river: snapped clicks on two vertices of one river
     * part, the second with Shift, give the river's vertices between. */
    {
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
      const DmGeometry *rivers = basemap != NULL ? dm_basemap_get_linework (basemap, DM_LINEWORK_RIVER) : NULL;
      gboolean traced = FALSE;

      for (guint p = 0; rivers != NULL && p < dm_geometry_get_n_parts (rivers) && !traced; p++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (rivers, p, 0, &n);
          double ax, ay, bx, by;
          guint tid, k = 12;

          if (n < 40)
            continue;
          /* A part near the view's centre: put it there. */
          dm_window_go_to (window, xy[2 * (n / 2) + 1], xy[2 * (n / 2)], 10);
          spin (200);
          to_pixel (edit, xy[2 * (n / 2 - k)], xy[2 * (n / 2 - k) + 1], &ax, &ay);
          to_pixel (edit, xy[2 * (n / 2 + k)], xy[2 * (n / 2 + k) + 1], &bx, &by);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "line");
          dm_edit_layer_click (edit, ax + 2, ay, 1, 0);
          dm_edit_layer_click (edit, bx + 2, by, 1, GDK_SHIFT_MASK);
          g_print ("# traced %u points along river part %u (%u vertices)\n", dm_edit_layer_get_n_draft_points (edit), p,
                   n);
          if (dm_edit_layer_get_n_draft_points (edit) >= 2 * k + 1)
            {
              dm_edit_layer_key (edit, GDK_KEY_Return, 0);
              tid = dm_edit_layer_get_selected_feature (edit);
              traced = TRUE;
              {
                /* The traced line is the contact line's last part. */
                const DmGeometry *whole = dm_feature_get_geometry (feature (doc, tid));
                guint np;
                const double *pxy = dm_geometry_get_ring (whole, dm_geometry_get_n_parts (whole) - 1, 0, &np);
                gboolean on_river = np == 2 * k + 1;

                for (guint v = 0; on_river && v < np; v++)
                  on_river = pxy[2 * v] == xy[2 * (n / 2 - k + v)] && pxy[2 * v + 1] == xy[2 * (n / 2 - k + v) + 1];
                check (on_river, "/gui/snap/trace-follows-river");
              }
            }
          else
            dm_edit_layer_cancel_draft (edit);
          break;
        }
      check (traced, "/gui/snap/trace");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.snapping", NULL);

      /* With snapping off, a Shift-click cannot trace: the window is told
       * why and the click adds a plain point. */
      {
        g_autofree char *said = NULL;
        gulong handler;

        handler = g_signal_connect (edit, "message", G_CALLBACK (keep_message), &said);
        gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "line");
        dm_edit_layer_click (edit, w * 0.4, h * 0.5, 1, 0);
        dm_edit_layer_click (edit, w * 0.5, h * 0.5, 1, 0);
        dm_edit_layer_click (edit, w * 0.6, h * 0.55, 1, GDK_SHIFT_MASK);
        g_print ("# untraced: %s\n", said != NULL ? said : "(nothing said)");
        check (said != NULL && strstr (said, "snapping (S)") != NULL && dm_edit_layer_get_n_draft_points (edit) == 3,
               "/gui/snap/trace-unsnapped-says-why");
        dm_edit_layer_cancel_draft (edit);
        g_signal_handler_disconnect (edit, handler);
      }
      gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "select");
      dm_window_go_to (window, CENTER_LAT, CENTER_LON, ZOOM);
      spin (200);
    }

    /* Simplify through its dialog: fewer vertices; undo restores them. */
    {
      g_autofree char *before = describe (doc);
      guint n0 = dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, line_id)));
      AdwMessageDialog *dialog;

      dm_edit_layer_select (edit, line_id, NULL, 0);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.simplify", NULL);
      spin (100);
      dialog = find_dialog_with (window, "dm-spin");
      check (dialog != NULL, "/gui/ops/simplify-dialog");
      if (dialog != NULL)
        {
          gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "dm-spin"), 200);
          adw_message_dialog_response (dialog, "simplify");
          spin (100);
        }
      g_print ("# simplified at 200 m: %u → %u vertices\n", n0,
               dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, line_id))));
      check (dm_geometry_get_n_points (dm_feature_get_geometry (feature (doc, line_id))) < n0 * 3 / 4,
             "/gui/ops/simplify");
      dm_document_undo (doc);
      {
        g_autofree char *after = describe (doc);
        check (g_str_equal (before, after), "/gui/ops/simplify-undo");
      }
    }
  }

  /* Derive the contact line from the sample control polygon: the line is
   * replaced in one undo step, by the same line derive-line writes (988 km
   * in two pieces); undo brings the sample's back. */
  {
    g_autofree char *control =
      g_build_filename (g_getenv ("DM_DATADIR"), "samples", "occupied-territory.geojson", NULL);
    g_autoptr (GFile) control_file = g_file_new_for_path (control);
    g_autofree char *before = describe (doc);
    guint depth = dm_document_get_undo_depth (doc);
    const DmGeometry *line;
    double length;

    dm_window_import (window, control_file, DM_WINDOW_IMPORT_CONTROL);
    while (dm_window_is_loading (window))
      g_main_context_iteration (NULL, TRUE);
    line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
    length = dm_geodesy_geometry_length_m (line);
    g_print ("# derived line: %.1f km in %u pieces\n", length / 1000, dm_geometry_get_n_parts (line));
    check (dm_window_get_last_error (window) == NULL && length > 900e3 && length < 1100e3 &&
             dm_document_get_undo_depth (doc) == depth + 1,
           "/gui/import/derive-line");
    dm_document_undo (doc);
    {
      g_autofree char *after = describe (doc);
      check (g_str_equal (before, after), "/gui/import/derive-undo");
    }
    /* A polygon file is no line: importing it as the line says so. */
    dm_window_import (window, control_file, DM_WINDOW_IMPORT_LINE);
    while (dm_window_is_loading (window))
      g_main_context_iteration (NULL, TRUE);
    check (dm_window_get_last_error (window) != NULL &&
             strstr (dm_window_get_last_error (window), "occupied-territory.geojson") != NULL &&
             dm_document_get_undo_depth (doc) == depth,
           "/gui/import/line-needs-line");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  return gui_test_finish ();
}
