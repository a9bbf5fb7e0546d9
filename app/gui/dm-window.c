/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-window.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "dm-basemap-renderer.h"
#include "dm-basemap.h"
#include "dm-document-layer.h"
#include "dm-engine.h"
#include "dm-scenario.h"
#include "dm-tile-source.h"
#include "dm-units.h"

#define TILE_SIZE 256

struct _DmWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toasts;
  AdwWindowTitle *title;
  ShumateSimpleMap *map;
  DmDocumentLayer *layer;
  GtkBox *figures;
  GtkLabel *attribution;

  DmEngine *engine;
  GCancellable *loading;
};

G_DEFINE_FINAL_TYPE (DmWindow, dm_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (DmWindow *self, const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toasts, t);
}

/* Figures panel */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
add_heading (GtkBox *box, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (box, label);
}

static void
add_row (GtkBox *box, const char *name, const char *value, const char *color)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *n = gtk_label_new (NULL);
  GtkWidget *v = gtk_label_new (value);

  if (color != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s",
                                                         color, name);
      gtk_label_set_markup (GTK_LABEL (n), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (n), name);
  gtk_label_set_xalign (GTK_LABEL (n), 0);
  gtk_label_set_wrap (GTK_LABEL (n), TRUE);
  gtk_widget_set_hexpand (n, TRUE);
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_add_css_class (v, "numeric");
  gtk_box_append (GTK_BOX (row), n);
  gtk_box_append (GTK_BOX (row), v);
  gtk_box_append (box, row);
}

static void
add_note (GtkBox *box, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (box, label);
}

static void
update_figures (DmWindow *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  DmDocument *doc;
  const DmSide sides[] = { DM_SIDE_A, DM_SIDE_B };

  clear_box (self->figures);
  if (r == NULL)
    {
      add_note (self->figures, _("Computing…"));
      return;
    }
  doc = dm_engine_get_document (self->engine);

  add_heading (self->figures, _("Contact line"));
  if (r->has_line)
    {
      g_autofree char *len = dm_format_length (r->line_length_m, DM_LENGTH_KM);
      g_autofree char *len_mi = dm_format_length (r->line_length_m, DM_LENGTH_MI);
      g_autofree char *both = g_strdup_printf ("%s (%s)", len, len_mi);
      add_row (self->figures, _("Length"), both, NULL);
    }
  else
    add_note (self->figures, _("No contact line"));

  for (guint i = 0; r->zones != NULL && i < r->zones->len; i++)
    {
      DmZoneFigures *zf = g_ptr_array_index (r->zones, i);

      add_heading (self->figures, zf->rule->name);
      if (zf->zone == NULL)
        {
          add_note (self->figures, zf->error != NULL ? zf->error : _("Could not be computed"));
          continue;
        }
      {
        g_autofree char *area = dm_format_area (dm_zone_result_get_area_m2 (zf->zone, DM_SIDE_NONE),
                                                DM_AREA_KM2);
        add_row (self->figures, _("Area"), area, zf->rule->color);
      }
      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          g_autofree char *area = dm_format_area (dm_zone_result_get_area_m2 (zf->zone, sides[s]),
                                                  DM_AREA_KM2);
          g_autofree char *name = g_strdup_printf (_("On %s’s side"),
                                                   dm_document_get_side_name (doc, sides[s]));
          add_row (self->figures, name, area, dm_document_get_side_color (doc, sides[s]));
        }
      if (zf->settlements != NULL)
        {
          g_autofree char *pop = dm_format_number ((double) zf->settlements->population, 0);
          g_autofree char *text = g_strdup_printf (ngettext ("%u settlement, pop. %s",
                                                             "%u settlements, pop. %s",
                                                             zf->settlements->n_settlements),
                                                   zf->settlements->n_settlements, pop);
          add_row (self->figures, _("Inside"), text, NULL);
        }
    }

  add_heading (self->figures, r->territory != NULL && r->territory->region_name != NULL
                              ? r->territory->region_name : _("Territory"));
  if (r->territory != NULL)
    for (guint s = 0; s < 2; s++)
      {
        g_autofree char *area = dm_format_area (r->territory->area_m2_side[s], DM_AREA_KM2);
        g_autofree char *share = dm_format_percent (r->territory->share_side[s]);
        g_autofree char *text = g_strdup_printf ("%s (%s)", area, share);
        g_autofree char *name = g_strdup_printf (_("Held by %s"),
                                                 dm_document_get_side_name (doc, sides[s]));
        add_row (self->figures, name, text, dm_document_get_side_color (doc, sides[s]));
      }
  else
    add_note (self->figures, r->territory_error != NULL ? r->territory_error : "");

  add_heading (self->figures, _("Monitoring estimate"));
  {
    g_autofree char *obs = dm_format_number (r->observers, 0);
    g_autofree char *pat = dm_format_number (r->patrols_per_day, 0);
    add_row (self->figures, _("Observers"), obs, NULL);
    add_row (self->figures, _("Patrols per day"), pat, NULL);
  }
}

/* Loading */

static void
load_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  g_autofree char *path = g_file_get_path (task_data);
  DmDocument *doc;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened"));
      return;
    }
  doc = dm_scenario_load_geodata (path, NULL, cancellable, &error);
  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, g_object_unref);
}

static void
loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DmWindow *self = DM_WINDOW (source);
  GFile *file = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = g_file_get_basename (file);

  if (doc == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"),
                                                      name, error->message);
          g_warning ("%s", message);
          toast (self, message);
          if (self->engine == NULL)
            {
              clear_box (self->figures);
              add_note (self->figures, _("No document is open."));
            }
        }
      return;
    }

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  self->engine = dm_engine_new (doc);
  g_signal_connect_swapped (self->engine, "results-changed", G_CALLBACK (update_figures), self);
  dm_document_layer_set_engine (self->layer, self->engine);
  adw_window_title_set_subtitle (self->title, name);
  update_figures (self);
  dm_engine_update (self->engine);
}

void
dm_window_open (DmWindow *self, GFile *file)
{
  GTask *task;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  task = g_task_new (self, self->loading, loaded, g_object_ref (file));
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
  g_object_unref (task);
}

void
dm_window_go_to (DmWindow *self, double lat, double lon, double zoom)
{
  ShumateMap *map = shumate_simple_map_get_map (self->map);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);

  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (map, lat, lon);
}

/* Construction */

static void
setup_map (DmWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmBasemapRenderer) renderer = dm_basemap_renderer_new (NULL, &error);
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
  const char *attribution = basemap != NULL ? dm_basemap_get_attribution (basemap) : NULL;
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);

  if (renderer != NULL)
    {
      g_autoptr (DmTileSource) source = dm_tile_source_new (renderer, TILE_SIZE);
      g_autoptr (ShumateRasterRenderer) raster =
        shumate_raster_renderer_new_full ("demarcate-offline", _("Offline basemap"),
                                          "", NULL, 2, 12, TILE_SIZE,
                                          SHUMATE_MAP_PROJECTION_MERCATOR,
                                          SHUMATE_DATA_SOURCE (source));
      shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (raster));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The offline basemap could not be loaded: %s"),
                                                  error->message);
      toast (self, message);
    }
  /* The licence line: our own label, the map's own one stays empty. */
  gtk_widget_set_visible (GTK_WIDGET (shumate_simple_map_get_license (self->map)), FALSE);
  gtk_label_set_text (self->attribution, attribution != NULL ? attribution : "");
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_BOTH);

  self->layer = dm_document_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->layer));
}

static void
dm_window_dispose (GObject *object)
{
  DmWindow *self = DM_WINDOW (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (dm_window_parent_class)->dispose (object);
}

static void
dm_window_class_init (DmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dm_window_dispose;
}

static void
dm_window_init (DmWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *attribution = gtk_label_new (NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Demarcate"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1400, 900);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Demarcate"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (content), header);

  self->map = shumate_simple_map_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));

  self->attribution = GTK_LABEL (attribution);
  gtk_label_set_ellipsize (self->attribution, PANGO_ELLIPSIZE_END);
  gtk_widget_set_halign (attribution, GTK_ALIGN_END);
  gtk_widget_set_valign (attribution, GTK_ALIGN_END);
  gtk_widget_add_css_class (attribution, "caption");
  gtk_widget_add_css_class (attribution, "osd");
  gtk_widget_set_margin_end (attribution, 6);
  gtk_widget_set_margin_bottom (attribution, 6);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), attribution);

  self->figures = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_widget_set_margin_start (GTK_WIDGET (self->figures), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->figures), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->figures), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->figures));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 300, -1);

  gtk_paned_set_start_child (GTK_PANED (paned), overlay);
  gtk_paned_set_end_child (GTK_PANED (paned), scroller);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 1050);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (content), paned);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), GTK_WIDGET (self->toasts));

  setup_map (self);
  update_figures (self);
}

DmWindow *
dm_window_new (AdwApplication *app)
{
  return g_object_new (DM_TYPE_WINDOW, "application", app, NULL);
}

GtkWidget *
dm_window_get_map (DmWindow *self)
{
  return GTK_WIDGET (self->map);
}

GtkWidget *
dm_window_get_layer (DmWindow *self)
{
  return GTK_WIDGET (self->layer);
}

GObject *
dm_window_get_engine (DmWindow *self)
{
  return G_OBJECT (self->engine);
}
