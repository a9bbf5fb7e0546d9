/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DmWindow: the map's zoom and pan actions, the table of every window
 * action, and the keys that fire them. */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-window-private.h"

/* Actions */

/* Zoom steps go to the next whole level (shumate_map_zoom_in() moves a
 * fifth of one), animated; a step pressed during the animation goes on
 * from where the last one was going. */
#define ZOOM_STEP_MS 200

static void
zoom_step (DmWindow *self, int direction)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  gint64 now = g_get_monotonic_time ();
  double from = now < self->zoom_goal_until ? self->zoom_goal : shumate_viewport_get_zoom_level (viewport);
  double goal = direction > 0 ? floor (from + 1e-6) + 1 : ceil (from - 1e-6) - 1;

  goal = CLAMP (goal, MIN_ZOOM, MAX_ZOOM);
  self->zoom_goal = goal;
  self->zoom_goal_until = now + ZOOM_STEP_MS * 1000;
  shumate_map_go_to_full_with_duration (self->map, shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                        shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), goal,
                                        ZOOM_STEP_MS);
}

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  zoom_step (DM_WINDOW (widget), 1);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  zoom_step (DM_WINDOW (widget), -1);
}

/* Pans by a fifth of the map's size in the direction given. */
static void
pan_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  int w = gtk_widget_get_width (GTK_WIDGET (self->map));
  int h = gtk_widget_get_height (GTK_WIDGET (self->map));
  int dx, dy;
  double lat, lon;

  g_variant_get (param, "(ii)", &dx, &dy);
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map), w / 2.0 + dx * w / 5.0,
                                              h / 2.0 + dy * h / 5.0, &lat, &lon);
  shumate_map_center_on (self->map, lat, lon);
}

static void
cancel_open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);

  g_cancellable_cancel (self->loading);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  _dm_window_set_loading (self, NULL);
}

static void
toggle_sidebar_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* Every action of the window, and the keys with modifiers that fire them. */
void
_dm_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, _dm_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.compare-file", NULL, _dm_window_compare_file_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, _dm_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.import-reference", NULL, _dm_window_import_reference_action);
  gtk_widget_class_install_action (widget_class, "win.import-line", NULL, _dm_window_import_line_action);
  gtk_widget_class_install_action (widget_class, "win.derive-line", NULL, _dm_window_derive_line_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", _dm_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-open", NULL, cancel_open_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-basemap", "show-basemap");
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, _dm_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, _dm_window_print_action);
  gtk_widget_class_install_action (widget_class, "win.split-line", NULL, _dm_window_split_line_action);
  gtk_widget_class_install_action (widget_class, "win.join-lines", NULL, _dm_window_join_lines_action);
  gtk_widget_class_install_action (widget_class, "win.simplify", NULL, _dm_window_simplify_action);
  gtk_widget_class_install_action (widget_class, "win.set-coordinates", NULL, _dm_window_set_coordinates_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, _dm_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, _dm_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, _dm_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.export-map", NULL, _dm_window_export_map_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, _dm_window_redo_action);
  gtk_widget_class_install_action (widget_class, "win.new-proposal", NULL, _dm_window_new_proposal_action);
  gtk_widget_class_install_action (widget_class, "win.reverse-line", NULL, _dm_window_reverse_line_action);
  gtk_widget_class_install_action (widget_class, "win.zone-from-selection", NULL,
                                   _dm_window_zone_from_selection_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selection", NULL, _dm_window_delete_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reverse-line", NULL);
}

/* Single keys without modifiers.  The arrows pan the map while it has
 * the focus (elsewhere they move through the sidebar's widgets); the
 * letters and + and − work from anywhere in the window (a header button
 * just clicked, say) unless a text field or spin button takes them first:
 * the window sees them in the bubble phase, after the focused widget. */
void
_dm_window_init_actions (DmWindow *self)
{
  GtkEventController *map_keys = gtk_shortcut_controller_new ();
  GtkEventController *window_keys = gtk_shortcut_controller_new ();
  static const struct {
    guint key;
    const char *action;
    const char *tool;
    int dx, dy;
  } keys[] = {
    { GDK_KEY_Left, "win.pan", NULL, -1, 0 },
    { GDK_KEY_Right, "win.pan", NULL, 1, 0 },
    { GDK_KEY_Up, "win.pan", NULL, 0, -1 },
    { GDK_KEY_Down, "win.pan", NULL, 0, 1 },
    { GDK_KEY_KP_Left, "win.pan", NULL, -1, 0 },
    { GDK_KEY_KP_Right, "win.pan", NULL, 1, 0 },
    { GDK_KEY_KP_Up, "win.pan", NULL, 0, -1 },
    { GDK_KEY_KP_Down, "win.pan", NULL, 0, 1 },
    { GDK_KEY_plus, "win.zoom-in", NULL, 0, 0 },
    { GDK_KEY_equal, "win.zoom-in", NULL, 0, 0 },
    { GDK_KEY_KP_Add, "win.zoom-in", NULL, 0, 0 },
    { GDK_KEY_minus, "win.zoom-out", NULL, 0, 0 },
    { GDK_KEY_KP_Subtract, "win.zoom-out", NULL, 0, 0 },
    { GDK_KEY_v, "win.tool", "select", 0, 0 },
    { GDK_KEY_l, "win.tool", "line", 0, 0 },
    { GDK_KEY_p, "win.tool", "swap", 0, 0 },
    { GDK_KEY_t, "win.tool", "annotate", 0, 0 },
    { GDK_KEY_m, "win.tool", "measure", 0, 0 },
    { GDK_KEY_o, "win.tool", "post", 0, 0 },
    { GDK_KEY_s, "win.snapping", NULL, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutAction *action = gtk_named_action_new (keys[i].action);
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0), action);
      gboolean pan = g_str_equal (keys[i].action, "win.pan");

      if (pan)
        gtk_shortcut_set_arguments (shortcut, g_variant_new ("(ii)", keys[i].dx, keys[i].dy));
      else if (keys[i].tool != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].tool));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (pan ? map_keys : window_keys), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->map), map_keys);
  gtk_event_controller_set_propagation_phase (window_keys, GTK_PHASE_BUBBLE);
  gtk_widget_add_controller (GTK_WIDGET (self), window_keys);
}
