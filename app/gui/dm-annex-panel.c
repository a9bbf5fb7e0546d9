/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-annex-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dm-spin-button.h"
#include "dm-annex-panel.h"
#include "dm-fingerprint.h"

/* A moment after the last change: a drag of the line makes one annex. */
#define RECOMPUTE_DELAY_MS 300

struct _DmAnnexPanel {
  AdwBin parent_instance;

  GtkAdjustment *tolerance;
  GtkAdjustment *spacing;
  GtkSpinButton *tolerance_spin;
  GtkSpinButton *spacing_spin;
  GtkSwitch *enabled;
  GtkWidget *tolerance_row;
  GtkWidget *markers_row;
  GtkWidget *list_window;
  GtkLabel *summary;
  GtkListView *list;
  GtkStringList *rows;
  GtkSingleSelection *selection;

  DmEngine *engine;
  DmLengthUnit units;
  DmAnnex *annex;
  DmGeometry *line; /* the line the annex (or the one being made) is of */
  double made_tolerance, made_spacing;
  guint timeout;
  guint running;
  guint generation;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DmAnnexPanel, dm_annex_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TOLERANCE_M,
  PROP_MARKER_SPACING_KM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  GO_TO,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  DmGeometry *line;
  double tolerance_m, spacing_m;
  guint generation;
} Job;

static void
job_free (Job *job)
{
  dm_geometry_free (job->line);
  g_free (job);
}

static void
make_annex (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  DmAnnex *annex = dm_annex_new (job->line, job->tolerance_m, job->spacing_m, &error);

  if (annex != NULL)
    g_task_return_pointer (task, annex, (GDestroyNotify) dm_annex_free);
  else
    g_task_return_error (task, error);
}

static char *
row_text (const DmAnnexPoint *p, gboolean marker)
{
  g_autofree char *lat = dm_annex_point_lat_dms (p);
  g_autofree char *lon = dm_annex_point_lon_dms (p);
  g_autofree char *mgrs = dm_annex_point_mgrs (p);

  /* The number (a marker's “M12”), a tab, then the place. */
  /* Translators: a marker's number in the annex list, “M12” */
  g_autofree char *number = marker ? g_strdup_printf (C_ ("annex", "M%u"), p->number)
                                   : g_strdup_printf ("%u", p->number);

  return g_strdup_printf ("%s\t%s  %s   %s", number, lat, lon, mgrs != NULL ? mgrs : "");
}

static void
show (DmAnnexPanel *self, const char *message)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (self->annex != NULL)
    {
      g_autofree char *described = dm_annex_describe (self->annex, self->units);
      g_autofree char *full = dm_fingerprint_line (self->annex->line);
      g_autofree char *fp = dm_fingerprint_short (full);
      /* Translators: the annex panel's summary: what the annex holds, then the line's fingerprint */
      g_autofree char *text = g_strdup_printf (_ ("%s Fingerprint of the line through the points: %s."), described, fp);

      gtk_label_set_text (self->summary, text);
      for (guint m = 0; m < 2; m++)
        {
          GArray *points = m == 0 ? self->annex->points : self->annex->markers;

          for (guint i = 0; i < points->len; i++)
            g_ptr_array_add (texts, row_text (&g_array_index (points, DmAnnexPoint, i), m == 1));
        }
    }
  else
    gtk_label_set_text (self->summary, message != NULL ? message : "");
  g_ptr_array_add (texts, NULL);
  gtk_string_list_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          (const char *const *) texts->pdata);
  gtk_widget_set_visible (self->list_window, self->annex != NULL && gtk_switch_get_active (self->enabled));
  gtk_widget_set_visible (GTK_WIDGET (self->summary), message != NULL || self->annex != NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
annex_made (GObject *source, GAsyncResult *result, gpointer data)
{
  DmAnnexPanel *self = DM_ANNEX_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  DmAnnex *annex = g_task_propagate_pointer (G_TASK (result), &error);

  self->running--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    {
      g_clear_pointer (&annex, dm_annex_free);
      return;
    }
  g_clear_pointer (&self->annex, dm_annex_free);
  self->annex = annex;
  show (self, error != NULL ? error->message : NULL);
}

static const DmGeometry *
current_line (DmAnnexPanel *self)
{
  DmFeature *line;

  if (self->engine == NULL)
    return NULL;
  line = dm_document_get_contact_line (dm_engine_get_document (self->engine));
  return line != NULL ? dm_feature_get_geometry (line) : NULL;
}

static gboolean
start (gpointer data)
{
  DmAnnexPanel *self = data;
  const DmGeometry *line = current_line (self);
  g_autoptr (GTask) task = NULL;
  Job *job;

  self->timeout = 0;
  self->generation++;
  g_clear_pointer (&self->line, dm_geometry_free);
  self->made_tolerance = gtk_adjustment_get_value (self->tolerance);
  self->made_spacing = gtk_adjustment_get_value (self->spacing);
  if (line == NULL)
    {
      g_clear_pointer (&self->annex, dm_annex_free);
      show (self, _ ("There is no contact line yet: draw one, or open a file that has one."));
      return G_SOURCE_REMOVE;
    }
  self->line = dm_geometry_copy (line);
  job = g_new0 (Job, 1);
  job->line = dm_geometry_copy (line);
  job->tolerance_m = self->made_tolerance;
  job->spacing_m = self->made_spacing * 1000.0;
  job->generation = self->generation;
  task = g_task_new (self, self->cancellable, annex_made, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->running++;
  g_task_run_in_thread (task, make_annex);
  return G_SOURCE_REMOVE;
}

/* A new annex a moment from now, unless it would be the same; none while
 * the panel is switched off (a long line's annex takes seconds). */
static void
schedule (DmAnnexPanel *self)
{
  const DmGeometry *line = current_line (self);

  if (!gtk_switch_get_active (self->enabled))
    return;

  if (self->timeout == 0 && self->generation > 0 &&
      gtk_adjustment_get_value (self->tolerance) == self->made_tolerance &&
      gtk_adjustment_get_value (self->spacing) == self->made_spacing &&
      (line == NULL ? self->line == NULL : self->line != NULL && dm_geometry_equal (line, self->line)))
    return;
  if (self->timeout != 0)
    g_source_remove (self->timeout);
  self->timeout = g_timeout_add (RECOMPUTE_DELAY_MS, start, self);
}

static void
enabled_changed (DmAnnexPanel *self)
{
  gboolean on = gtk_switch_get_active (self->enabled);

  gtk_widget_set_visible (self->tolerance_row, on);
  gtk_widget_set_visible (self->markers_row, on);
  /* Off: nothing made, nothing kept. */
  self->generation++;
  g_clear_handle_id (&self->timeout, g_source_remove);
  g_clear_pointer (&self->annex, dm_annex_free);
  g_clear_pointer (&self->line, dm_geometry_free);
  if (on)
    {
      show (self, _ ("Making the annex…"));
      self->timeout = g_timeout_add (RECOMPUTE_DELAY_MS, start, self);
    }
  else
    show (self, NULL);
}

static void
go_to (DmAnnexPanel *self, guint index)
{
  const DmAnnexPoint *p;

  if (self->annex == NULL)
    return;
  if (index < self->annex->points->len)
    p = &g_array_index (self->annex->points, DmAnnexPoint, index);
  else if (index - self->annex->points->len < self->annex->markers->len)
    p = &g_array_index (self->annex->markers, DmAnnexPoint, index - self->annex->points->len);
  else
    return;
  g_signal_emit (self, signals[GO_TO], 0, p->lat, p->lon);
}

static void
row_activated (DmAnnexPanel *self, guint position)
{
  go_to (self, position);
}

/* A row: the number right-aligned in a column of its own, the place. */
static void
setup_row (GtkListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *place = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_label_set_width_chars (GTK_LABEL (number), 5);
  gtk_label_set_xalign (GTK_LABEL (place), 0);
  gtk_widget_add_css_class (box, "numeric");
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), place);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkListItemFactory *factory, GtkListItem *item)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *tab = strchr (text, '\t');
  GtkWidget *number = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *head = g_strndup (text, tab != NULL ? (gsize) (tab - text) : 0);

  gtk_label_set_text (GTK_LABEL (number), head);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (number)), tab != NULL ? tab + 1 : text);
}

static void
dm_annex_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmAnnexPanel *self = DM_ANNEX_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOLERANCE_M:
      g_value_set_double (value, gtk_adjustment_get_value (self->tolerance));
      break;
    case PROP_MARKER_SPACING_KM:
      g_value_set_double (value, gtk_adjustment_get_value (self->spacing));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_annex_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmAnnexPanel *self = DM_ANNEX_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOLERANCE_M:
      dm_annex_panel_set_tolerance_m (self, g_value_get_double (value));
      break;
    case PROP_MARKER_SPACING_KM:
      dm_annex_panel_set_marker_spacing_km (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tolerance_changed (DmAnnexPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOLERANCE_M]);
  schedule (self);
}

static void
spacing_changed (DmAnnexPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKER_SPACING_KM]);
  schedule (self);
}

static void
dm_annex_panel_dispose (GObject *object)
{
  DmAnnexPanel *self = DM_ANNEX_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_ANNEX_PANEL);
  G_OBJECT_CLASS (dm_annex_panel_parent_class)->dispose (object);
}

static void
dm_annex_panel_finalize (GObject *object)
{
  DmAnnexPanel *self = DM_ANNEX_PANEL (object);

  g_clear_pointer (&self->annex, dm_annex_free);
  g_clear_pointer (&self->line, dm_geometry_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dm_annex_panel_parent_class)->finalize (object);
}

static void
dm_annex_panel_class_init (DmAnnexPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_annex_panel_get_property;
  object_class->set_property = dm_annex_panel_set_property;
  object_class->dispose = dm_annex_panel_dispose;
  object_class->finalize = dm_annex_panel_finalize;

  properties[PROP_TOLERANCE_M] =
    g_param_spec_double ("tolerance-m", NULL, NULL, DM_ANNEX_MIN_TOLERANCE_M, DM_ANNEX_MAX_TOLERANCE_M,
                         DM_ANNEX_DEFAULT_TOLERANCE_M,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARKER_SPACING_KM] =
    g_param_spec_double ("marker-spacing-km", NULL, NULL, 0, 1000, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Latitude, longitude: where the selected point is. */
  /* The annex or the selected row changed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[GO_TO] = g_signal_new ("go-to", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-annex-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, tolerance);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, spacing);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, tolerance_spin);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, spacing_spin);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, enabled);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, tolerance_row);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, markers_row);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, list_window);
  gtk_widget_class_bind_template_callback (widget_class, enabled_changed);
  gtk_widget_class_bind_template_child (widget_class, DmAnnexPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, tolerance_changed);
  gtk_widget_class_bind_template_callback (widget_class, spacing_changed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
}

static void
selection_changed (DmAnnexPanel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dm_annex_panel_init (DmAnnexPanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  dm_spin_button_localize (self->tolerance_spin);
  dm_spin_button_localize (self->spacing_spin);
  self->units = DM_LENGTH_KM;
  self->cancellable = g_cancellable_new ();
  self->rows = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->rows));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_object_unref (self->selection);
  enabled_changed (self);
}

GtkWidget *
dm_annex_panel_new (void)
{
  return g_object_new (DM_TYPE_ANNEX_PANEL, NULL);
}

void
dm_annex_panel_set_engine (DmAnnexPanel *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "results-changed", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  /* Another document: never the last one's annex, even for a moment. */
  self->generation++;
  g_clear_pointer (&self->line, dm_geometry_free);
  g_clear_pointer (&self->annex, dm_annex_free);
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (gtk_switch_get_active (self->enabled))
    {
      show (self, _ ("Making the annex…"));
      self->timeout = g_timeout_add (RECOMPUTE_DELAY_MS, start, self);
    }
  else
    show (self, NULL);
}

void
dm_annex_panel_set_enabled (DmAnnexPanel *self, gboolean enabled)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));
  gtk_switch_set_active (self->enabled, enabled);
}

void
dm_annex_panel_set_units (DmAnnexPanel *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  if (self->annex != NULL)
    show (self, NULL);
}

double
dm_annex_panel_get_tolerance_m (DmAnnexPanel *self)
{
  g_return_val_if_fail (DM_IS_ANNEX_PANEL (self), DM_ANNEX_DEFAULT_TOLERANCE_M);
  return gtk_adjustment_get_value (self->tolerance);
}

void
dm_annex_panel_set_tolerance_m (DmAnnexPanel *self, double tolerance_m)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));
  gtk_adjustment_set_value (self->tolerance, tolerance_m);
}

double
dm_annex_panel_get_marker_spacing_km (DmAnnexPanel *self)
{
  g_return_val_if_fail (DM_IS_ANNEX_PANEL (self), 0);
  return gtk_adjustment_get_value (self->spacing);
}

void
dm_annex_panel_set_marker_spacing_km (DmAnnexPanel *self, double spacing_km)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));
  gtk_adjustment_set_value (self->spacing, spacing_km);
}

const DmAnnex *
dm_annex_panel_get_annex (DmAnnexPanel *self)
{
  g_return_val_if_fail (DM_IS_ANNEX_PANEL (self), NULL);
  return self->annex;
}

gboolean
dm_annex_panel_is_busy (DmAnnexPanel *self)
{
  g_return_val_if_fail (DM_IS_ANNEX_PANEL (self), FALSE);
  return self->timeout != 0 || self->running > 0;
}

void
dm_annex_panel_select (DmAnnexPanel *self, guint index)
{
  g_return_if_fail (DM_IS_ANNEX_PANEL (self));

  gtk_single_selection_set_selected (self->selection, index);
  go_to (self, index);
}

guint
dm_annex_panel_get_selected (DmAnnexPanel *self)
{
  guint selected;

  g_return_val_if_fail (DM_IS_ANNEX_PANEL (self), G_MAXUINT);

  selected = gtk_single_selection_get_selected (self->selection);
  return self->annex != NULL && selected != GTK_INVALID_LIST_POSITION ? selected : G_MAXUINT;
}
