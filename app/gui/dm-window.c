/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-window-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>

#include "dm-basemap.h"
#include "dm-derive.h"
#include "dm-derive-dialog.h"
#include "dm-document-layer.h"
#include "dm-edit-layer.h"
#include "dm-geodesy.h"
#include "dm-engine.h"
#include "dm-import.h"
#include "dm-print-operation.h"
#include "dm-progress.h"
#include "dm-project.h"
#include "dm-export.h"
#include "dm-figures-panel.h"
#include "dm-fingerprint.h"
#include "dm-recovery.h"
#include "dm-line-ops.h"
#include "dm-mercator.h"
#include "dm-units.h"
#include "dm-resources.h"
#include "dm-scenario.h"
#include "dm-tile-source.h"

G_DEFINE_FINAL_TYPE (DmWindow, dm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_BASEMAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_dm_window_show_error (DmWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_assert (DM_IS_WINDOW (self));

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  /* Errors stay until dismissed: a negotiator may look away. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* A passing note (why an edit was refused, what an import did). */
void
_dm_window_show_message (DmWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

void
_dm_window_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

DmDocument *
_dm_window_current_document (DmWindow *self)
{
  return self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
}

void
_dm_window_update_undo_actions (DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", doc != NULL && dm_document_can_undo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", doc != NULL && dm_document_can_redo (doc));
}

/* What is wrong with the project just opened, above the map until
 * closed or another file is opened (@problems NULL or empty: nothing). */
void
_dm_window_show_problems (DmWindow *self, const char *name, const char *const *problems)
{
  g_autoptr (GString) text = NULL;

  if (problems == NULL || problems[0] == NULL)
    {
      gtk_info_bar_set_revealed (self->problems_bar, FALSE);
      return;
    }
  text = g_string_new (NULL);
  /* Translators: %s is a project file's name; a list of what is wrong follows */
  g_string_append_printf (text, _ ("“%s” is not whole; what could be read is open:"), name);
  for (guint i = 0; problems[i] != NULL; i++)
    g_string_append_printf (text, "\n• %s", problems[i]);
  g_string_append_c (text, '\n');
  g_string_append (text, _ ("Save keeps the damaged file as it is: save what is open under a new name."));
  gtk_label_set_text (self->problems_label, text->str);
  gtk_info_bar_set_revealed (self->problems_bar, TRUE);
}

static void
problems_bar_response (DmWindow *self, int response)
{
  gtk_info_bar_set_revealed (self->problems_bar, FALSE);
}

/* A warning or an annex's point chosen in the sidebar: the map goes there. */
static void
panel_go_to (DmWindow *self, double lat, double lon)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  shumate_map_go_to_full (self->map, lat, lon, MAX (shumate_viewport_get_zoom_level (viewport), 10));
}

/* The annex's points on the map, the selected one ringed. */
static void
annex_changed (DmWindow *self)
{
  if (self->edit != NULL)
    dm_edit_layer_set_annex (self->edit, dm_annex_panel_get_annex (self->annex_panel),
                             dm_annex_panel_get_selected (self->annex_panel));
}

/* The title: the file's name, marked while there are unsaved changes,
 * and its folder. */
void
_dm_window_update_title (DmWindow *self)
{
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_ ("Untitled"));
  g_autoptr (GFile) parent = self->file != NULL ? g_file_get_parent (self->file) : NULL;
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;
  gboolean modified = doc != NULL && dm_document_is_modified (doc);
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  if (doc == NULL)
    {
      adw_window_title_set_title (self->title, _ ("Demarcate"));
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _ ("Demarcate"));
      return;
    }
  /* The bundled sample says what it is. */
  {
    DmFeature *line = dm_document_get_contact_line (doc);
    const char *illustrative = line != NULL ? dm_feature_get_property (line, "illustrative") : NULL;

    if (illustrative != NULL && (g_str_equal (illustrative, "1") || g_ascii_strcasecmp (illustrative, "true") == 0))
      {
        /* Translators: a document's name, then what it is */
        char *marked = g_strdup_printf (_ ("%s (illustrative sample)"), name);

        g_free (name);
        name = marked;
      }
  }
  /* Translators: the mark before a document's name while it has unsaved changes */
  title = modified ? g_strdup_printf (_ ("• %s"), name) : g_strdup (name);
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, folder);
  /* Translators: the window's title: a document's name and the application's */
  window_title = g_strdup_printf (_ ("%s — Demarcate"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* What can be done with proposals: nothing without a document. */
void
_dm_window_update_proposals (DmWindow *self)
{
  gboolean has_document = _dm_window_current_document (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-file", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-proposal", has_document);
}

void
dm_window_set_compare_proposal (DmWindow *self, int index)
{
  g_return_if_fail (DM_IS_WINDOW (self));

  if (self->engine != NULL)
    dm_engine_set_compare_proposal (self->engine, index);
}

void
_dm_window_compare_file_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _dm_window_choose_file (DM_WINDOW (widget), DM_WINDOW_IMPORT_COMPARISON);
}

void
_dm_window_new_proposal_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = _dm_window_current_document (self);
  g_autofree char *proposal = NULL;

  if (doc == NULL)
    return;
  /* Translators: the name of a new proposal; %u numbers them */
  proposal = g_strdup_printf (_ ("Proposal %u"), dm_document_get_n_proposals (doc) + 1);
  dm_document_add_proposal (doc, proposal, TRUE);
  /* Translators: %s is the new proposal's name */
  {
    g_autofree char *message =
      g_strdup_printf (_ ("“%s” is a copy of the previous proposal; edits now go to it"), proposal);
    _dm_window_show_message (self, message);
  }
}

/* Map */

void
dm_window_go_to (DmWindow *self, double lat, double lon, double zoom)
{
  ShumateViewport *viewport;

  g_return_if_fail (DM_IS_WINDOW (self));

  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_zoom_level (viewport, CLAMP (zoom, MIN_ZOOM, MAX_ZOOM));
  shumate_map_center_on (self->map, lat, lon);
}

static gboolean
bring_into_view_when_allocated (GtkWidget *map, GdkFrameClock *clock, gpointer user_data)
{
  if (gtk_widget_get_width (map) < 1)
    return G_SOURCE_CONTINUE;
  _dm_window_bring_document_into_view (DM_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

void
_dm_window_bring_document_into_view (DmWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  DmDocument *doc = _dm_window_current_document (self);
  double w = gtk_widget_get_width (GTK_WIDGET (self->map)), h = gtk_widget_get_height (GTK_WIDGET (self->map));
  double box[4], view[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double x0, y0, x1, y1, zoom, lon, lat;

  if (doc == NULL || !dm_document_get_extent (doc, box))
    return;
  if (w < 1 || h < 1)
    {
      /* Opened as the window starts: once the map has its size. */
      gtk_widget_add_tick_callback (GTK_WIDGET (self->map), bring_into_view_when_allocated, g_object_ref (self),
                                    g_object_unref);
      return;
    }
  /* What the map shows now, corner by corner (it may be turned). */
  for (guint corner = 0; corner < 4; corner++)
    {
      shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map), corner % 2 ? w : 0,
                                                  corner / 2 ? h : 0, &lat, &lon);
      view[0] = MIN (view[0], lon);
      view[1] = MIN (view[1], lat);
      view[2] = MAX (view[2], lon);
      view[3] = MAX (view[3], lat);
    }
  /* Some of it in view, in any turn of longitude: the user's view stays. */
  for (int turn = -1; turn <= 1; turn++)
    if (box[0] + 360.0 * turn <= view[2] && box[2] + 360.0 * turn >= view[0] && box[1] <= view[3] && box[3] >= view[1])
      return;

  /* Centred on its box, at the zoom that holds it with a margin. */
  dm_mercator_unit (box[0], box[3], &x0, &y0);
  dm_mercator_unit (box[2], box[1], &x1, &y1);
  zoom = log2 (MIN (w / MAX (x1 - x0, 1e-9), h / MAX (y1 - y0, 1e-9)) / TILE_SIZE) - 0.3;
  dm_mercator_unit_inverse ((x0 + x1) / 2, (y0 + y1) / 2, &lon, &lat);
  dm_window_go_to (self, lat, lon, CLAMP (floor (zoom * 4) / 4, MIN_ZOOM, MAX_ZOOM));
}

static void
update_map_source (DmWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autoptr (ShumateMapSource) source = NULL;
  const char *attribution = NULL;
  g_autoptr (DmBasemap) basemap = NULL;

  if (self->online)
    {
      g_autoptr (ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
      ShumateMapSource *osm = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);

      if (osm != NULL)
        {
          source = g_object_ref (osm);
          attribution = shumate_map_source_get_license (osm);
        }
    }
  if (source == NULL && self->renderer != NULL)
    {
      int scale = MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self->map)), 1);
      static const char *ids[] = { "demarcate-offline-en", "demarcate-offline-uk", "demarcate-offline-ru" };

      source = SHUMATE_MAP_SOURCE (dm_tile_source_new (self->renderer, ids[self->language], _ ("Offline basemap"),
                                                       MIN_ZOOM, MAX_ZOOM, TILE_SIZE, MIN (scale, 4), self->language));
      basemap = dm_basemap_get_default (NULL);
      attribution = basemap != NULL ? dm_basemap_get_attribution (basemap) : NULL;
    }

  if (self->basemap_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->basemap_layer));
      self->basemap_layer = NULL;
    }
  if (source != NULL)
    {
      shumate_viewport_set_reference_map_source (viewport, source);
      self->basemap_layer = shumate_map_layer_new (source, viewport);
      gtk_widget_set_visible (GTK_WIDGET (self->basemap_layer), self->show_basemap);
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->basemap_layer), SHUMATE_LAYER (self->layer));
    }
  else
    {
      /* No basemap yet (it is set up in a thread) or none at all: the map
       * still needs the projection and zoom range of one, and draws
       * nothing of it (no layer, and its address leads nowhere). */
      g_autoptr (ShumateRasterRenderer) reference =
        shumate_raster_renderer_new_full_from_url ("demarcate-no-basemap", _ ("No basemap"), "", NULL, MIN_ZOOM,
                                                   MAX_ZOOM, TILE_SIZE, SHUMATE_MAP_PROJECTION_MERCATOR,
                                                   "file:///nonexistent/{z}/{x}/{y}.png");

      shumate_viewport_set_reference_map_source (viewport, SHUMATE_MAP_SOURCE (reference));
    }
  {
    /* Translators: the basemap's data sources follow */
    g_autofree char *text = attribution != NULL ? g_strdup_printf (_ ("Map data: %s"), attribution) : NULL;
    gtk_label_set_text (self->attribution, text != NULL ? text : "");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->attribution), text);
  }
}

/* The map's labels placed for every zoom in a thread, once the basemap is
 * there or the language changes: zooming in never waits for them. */
static void
prepare_labels (DmWindow *self)
{
  if (self->renderer != NULL)
    dm_tile_source_prepare_labels (self->renderer, MIN_ZOOM, MAX_ZOOM, TILE_SIZE, self->language);
}

static void
basemap_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  DmBasemapRenderer *renderer = dm_basemap_renderer_get_default_finish (result, &error);
  DmWindow *self;

  /* Cancelled: the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DM_WINDOW (user_data);
  g_clear_object (&self->basemap_loading);
  if (renderer == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("The offline basemap could not be loaded: %s"), error->message);
      _dm_window_show_error (self, message);
      return;
    }
  self->renderer = renderer;
  update_map_source (self);
  prepare_labels (self);
}

gboolean
dm_window_has_basemap (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  return self->renderer != NULL;
}

DmLanguage
dm_window_get_label_language (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), DM_LANGUAGE_EN);
  return self->language;
}

void
dm_window_set_label_language (DmWindow *self, DmLanguage language)
{
  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (language < DM_N_LANGUAGES);

  if (self->language == language)
    return;
  self->language = language;
  if (!self->online)
    update_map_source (self);
  prepare_labels (self);
}

void
dm_window_set_units (DmWindow *self, DmLengthUnit unit)
{
  g_return_if_fail (DM_IS_WINDOW (self));

  if (self->units == unit)
    return;
  self->units = unit;
  dm_edit_layer_set_units (self->edit, unit);
  dm_figures_panel_set_units (self->figures_panel, unit);
  dm_zones_panel_set_units (self->zones_panel, unit);
  dm_annex_panel_set_units (self->annex_panel, unit);
  dm_monitoring_panel_set_units (self->monitoring_panel, unit);
  dm_selection_panel_set_units (self->selection_panel, unit);
}

void
dm_window_set_default_dmz_width (DmWindow *self, double width_m)
{
  g_return_if_fail (DM_IS_WINDOW (self));
  self->default_dmz_width_m = width_m;
}

void
dm_window_set_online_tiles (DmWindow *self, gboolean online)
{
  g_return_if_fail (DM_IS_WINDOW (self));

  if (self->online == !!online)
    return;
  self->online = !!online;
  update_map_source (self);
}

static void
pointer_moved (GtkEventControllerMotion *motion, double x, double y, DmWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double lat, lon;
  g_autofree char *dms_lat = NULL, *dms_lon = NULL, *decimal = NULL, *text = NULL;

  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map), x, y, &lat, &lon);
  decimal = dm_format_position (lat, lon, 5);
  dms_lat = dm_format_dms (lat, TRUE);
  dms_lon = dm_format_dms (lon, FALSE);
  text = g_strdup_printf ("%s   %s %s", decimal, dms_lat, dms_lon);
  gtk_label_set_text (self->coordinates, text);
}

static void
map_pressed (GtkGestureClick *click, int n_press, double x, double y, DmWindow *self)
{
  /* The map takes keyboard focus when clicked, so arrows pan it. */
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

/* Construction */

static void
dm_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmWindow *self = DM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_BASEMAP:
      g_value_set_boolean (value, self->show_basemap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmWindow *self = DM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_BASEMAP:
      if (self->show_basemap != g_value_get_boolean (value))
        {
          self->show_basemap = g_value_get_boolean (value);
          if (self->basemap_layer != NULL)
            gtk_widget_set_visible (GTK_WIDGET (self->basemap_layer), self->show_basemap);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_window_dispose (GObject *object)
{
  DmWindow *self = DM_WINDOW (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->basemap_loading);
  g_clear_object (&self->basemap_loading);
  g_clear_handle_id (&self->loading_tick_id, g_source_remove);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->engine != NULL)
    _dm_window_set_engine (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_WINDOW);
  G_OBJECT_CLASS (dm_window_parent_class)->dispose (object);
}

static void
dm_window_finalize (GObject *object)
{
  DmWindow *self = DM_WINDOW (object);

  g_clear_pointer (&self->renderer, dm_basemap_renderer_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->pending_open);
  g_free (self->recovery_path);
  g_free (self->basemap_error);
  g_free (self->last_error);
  g_clear_pointer (&self->derived, dm_derive_report_free);
  G_OBJECT_CLASS (dm_window_parent_class)->finalize (object);
}

static void
ensure_resources (void)
{
  /* main() registers them for AdwApplication's style sheet; tests that
   * build windows in-process may not have. */
  if (!g_resources_get_info ("/io/github/demarcate/Demarcate/dm-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL,
                             NULL))
    dm_register_resource ();
}

static gboolean
dm_window_close_request (GtkWindow *window)
{
  DmWindow *self = DM_WINDOW (window);
  DmDocument *doc = _dm_window_current_document (self);

  if (doc != NULL && dm_document_is_modified (doc))
    {
      self->close_after_save = TRUE;
      _dm_window_ask_unsaved (self);
      return TRUE;
    }
  /* A clean close leaves nothing to recover. */
  if (self->recovery_path != NULL)
    dm_recovery_remove (self->recovery_path);
  return GTK_WINDOW_CLASS (dm_window_parent_class)->close_request (window);
}

static void
dm_window_class_init (DmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_window_get_property;
  object_class->set_property = dm_window_set_property;
  object_class->dispose = dm_window_dispose;
  object_class->finalize = dm_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = dm_window_close_request;

  properties[PROP_SHOW_BASEMAP] =
    g_param_spec_boolean ("show-basemap", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ensure_resources ();
  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (DM_TYPE_SCALE_BAR);
  g_type_ensure (DM_TYPE_FIGURES_PANEL);
  g_type_ensure (DM_TYPE_WARNINGS_PANEL);
  g_type_ensure (DM_TYPE_ANNEX_PANEL);
  g_type_ensure (DM_TYPE_MONITORING_PANEL);
  g_type_ensure (DM_TYPE_ZONES_PANEL);
  g_type_ensure (DM_TYPE_SIDES_PANEL);
  g_type_ensure (DM_TYPE_SELECTION_PANEL);
  g_type_ensure (DM_TYPE_PROPOSALS_PANEL);
  g_type_ensure (DM_TYPE_LAYERS_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DmWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, title);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, map);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, scale);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, coordinates);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, attribution);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, tool_hint);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, problems_bar);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, figures_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, zones_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, sides_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, warnings_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, annex_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, monitoring_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, selection_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, proposals_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, history_popover);
  gtk_widget_class_bind_template_callback (widget_class, panel_go_to);
  gtk_widget_class_bind_template_callback (widget_class, annex_changed);
  gtk_widget_class_bind_template_callback (widget_class, problems_bar_response);
  gtk_widget_class_bind_template_callback_full (widget_class, "history_shown", G_CALLBACK (_dm_window_history_shown));
  gtk_widget_class_bind_template_callback_full (widget_class, "history_activated",
                                                G_CALLBACK (_dm_window_history_activated));

  _dm_window_class_init_actions (widget_class);
}

static void
dm_window_init (DmWindow *self)
{
  ShumateViewport *viewport;
  GtkEventController *motion;
  GtkGesture *click;
  GtkDropTarget *drop;
  static const char *layer_props[] = { "show-zones",      "show-line",     "show-swaps", "show-annotations",
                                       "show-references", "show-warnings", "show-posts" };

  self->show_basemap = TRUE;
  self->derive_options = (DmDeriveOptions) DM_DERIVE_OPTIONS_INIT;
  self->units = DM_LENGTH_KM;
  self->language = dm_i18n_get_language ();
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    /* AdwApplication adds the resource icons; windows built without
     * one (the tests) add them here. */
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

    if (!gtk_icon_theme_has_icon (theme, "dm-tool-select-symbolic"))
      gtk_icon_theme_add_resource_path (theme, "/io/github/demarcate/Demarcate/icons");
  }

  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (viewport, MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (viewport, MAX_ZOOM);
  dm_scale_bar_set_viewport (self->scale, viewport);

  self->layer = dm_document_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->layer));
  for (guint i = 0; i < G_N_ELEMENTS (layer_props); i++)
    {
      g_autoptr (GPropertyAction) action = g_property_action_new (layer_props[i], self->layer, layer_props[i]);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }

  self->edit = dm_edit_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->edit));
  dm_edit_layer_attach (self->edit, GTK_WIDGET (self->map));
  dm_selection_panel_set_edit_layer (self->selection_panel, self->edit);
  g_signal_connect_object (self->edit, "selection-changed", G_CALLBACK (_dm_window_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit, "annotate", G_CALLBACK (_dm_window_annotate_requested), self, 0);
  g_signal_connect_object (self->edit, "post", G_CALLBACK (_dm_window_post_requested), self, 0);
  g_signal_connect_object (self->edit, "message", G_CALLBACK (_dm_window_edit_message), self, 0);
  g_signal_connect_object (self->edit, "notify::tool", G_CALLBACK (_dm_window_update_tool_hint), self,
                           G_CONNECT_SWAPPED);
  _dm_window_update_tool_hint (self);
  {
    static const char *edit_props[] = { "tool", "snapping" };

    for (guint i = 0; i < G_N_ELEMENTS (edit_props); i++)
      {
        g_autoptr (GPropertyAction) action = g_property_action_new (edit_props[i], self->edit, edit_props[i]);
        g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
      }
  }

  /* The basemap (a world of it) is set up in a thread; the window and
   * the document do not wait for it. */
  self->basemap_loading = g_cancellable_new ();
  dm_basemap_renderer_get_default_async (self->basemap_loading, basemap_loaded, self);
  update_map_source (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (map_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (_dm_window_file_dropped), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map_overlay), GTK_EVENT_CONTROLLER (drop));
  _dm_window_init_actions (self);

  _dm_window_set_loading (self, NULL);
  _dm_window_update_proposals (self);
  _dm_window_selection_changed (self);
  _dm_window_update_undo_actions (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (_dm_window_update_recent_menu),
                           self, G_CONNECT_SWAPPED);
  _dm_window_update_recent_menu (self);
  dm_window_set_autosave_interval (self, 30);
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

DmWindow *
dm_window_new (AdwApplication *app)
{
  return g_object_new (DM_TYPE_WINDOW, "application", app, NULL);
}

GtkWidget *
dm_window_get_map (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->map);
}

GtkWidget *
dm_window_get_layer (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->layer);
}

GtkWidget *
dm_window_get_edit_layer (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->edit);
}

GtkWidget *
dm_window_get_annex_panel (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->annex_panel);
}

GtkWidget *
dm_window_get_monitoring_panel (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->monitoring_panel);
}

GObject *
dm_window_get_engine (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return G_OBJECT (self->engine);
}

const char *
dm_window_get_last_error (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return self->last_error;
}

gboolean
dm_window_is_loading (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->loading_revealer);
}
