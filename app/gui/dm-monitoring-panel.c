/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-monitoring-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-figures.h"
#include "dm-monitoring-panel.h"

#define RECOMPUTE_DELAY_MS 300

struct _DmMonitoringPanel {
  AdwBin parent_instance;

  GtkAdjustment *range;
  GtkAdjustment *spacing;
  GtkAdjustment *crew;
  GtkSwitch *enabled;
  GtkWidget *range_row;
  GtkWidget *spacing_row;
  GtkWidget *crew_row;
  GtkGrid *figures;
  GtkLabel *status;

  DmEngine *engine;
  DmDocument *document; /* of the plan shown */
  DmLengthUnit units;
  DmMonitoringPlan *plan;
  char *zone_name;
  DmResults *planned; /* the results the plan (or the one being made) is of */
  double made[3];     /* range, spacing, crew it was made with */
  guint timeout;
  guint running;
  guint generation;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DmMonitoringPanel, dm_monitoring_panel, ADW_TYPE_BIN)

typedef struct {
  DmGeometry *line;
  DmZoneRule *rule;
  DmZoneResult *zone;
  DmMonitoringOptions options;
  guint generation;
} Job;

static void
job_free (Job *job)
{
  dm_geometry_free (job->line);
  dm_zone_rule_free (job->rule);
  dm_zone_result_unref (job->zone);
  g_free (job);
}

static void
make_plan (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  DmMonitoringPlan *plan = dm_monitoring_plan_new (job->line, job->rule, job->zone, &job->options, &error);

  if (plan != NULL)
    g_task_return_pointer (task, plan, (GDestroyNotify) dm_monitoring_plan_free);
  else
    g_task_return_error (task, error);
}

static void
clear_figures (DmMonitoringPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures))) != NULL)
    gtk_grid_remove (self->figures, child);
}

static GtkWidget *
grid_label (const char *text, gboolean value, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), value ? 1 : 0);
  gtk_label_set_wrap (GTK_LABEL (label), !value);
  gtk_widget_set_hexpand (label, !value);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  if (value)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* The plan's figures as the CLI and the page word them. */
static void
show (DmMonitoringPanel *self, const char *message)
{
  g_autoptr (GPtrArray) figures = NULL;
  DmFiguresStyle style = DM_FIGURES_STYLE_INIT;
  int row = 0;

  clear_figures (self);
  gtk_label_set_text (self->status, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), message != NULL);
  if (self->plan == NULL || self->document == NULL)
    return;
  style.units = self->units;
  figures = dm_figures_build_monitoring_plan (self->document, self->zone_name, self->plan, &style);
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (!(f->uses & DM_FIGURE_PANEL))
        continue;
      if (f->kind == DM_FIGURE_ROW)
        {
          GtkWidget *label = grid_label (f->label, FALSE, FALSE);

          if (f->detail != NULL)
            gtk_widget_set_tooltip_text (label, f->detail);
          gtk_grid_attach (self->figures, label, 0, row, 1, 1);
          gtk_grid_attach (self->figures, grid_label (f->value, TRUE, FALSE), 1, row++, 1, 1);
        }
      else if (f->kind == DM_FIGURE_NOTE)
        {
          GtkWidget *note = grid_label (f->label, FALSE, FALSE);

          gtk_widget_add_css_class (note, "dim-label");
          gtk_widget_add_css_class (note, "caption");
          gtk_grid_attach (self->figures, note, 0, row++, 2, 1);
        }
      else
        gtk_grid_attach (self->figures, grid_label (f->label, FALSE, TRUE), 0, row++, 2, 1);
    }
}

static void
plan_made (GObject *source, GAsyncResult *result, gpointer data)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  DmMonitoringPlan *plan = g_task_propagate_pointer (G_TASK (result), &error);

  self->running--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->generation)
    {
      g_clear_pointer (&plan, dm_monitoring_plan_free);
      return;
    }
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  self->plan = plan;
  g_free (self->zone_name);
  self->zone_name = g_strdup (job->rule->name);
  show (self, error != NULL ? error->message : NULL);
}

/* The demilitarised zone of @r (the first band along the line without one). */
static DmZoneFigures *
watched_zone (DmResults *r)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; r->zones != NULL && i < r->zones->len; i++)
      {
        DmZoneFigures *z = g_ptr_array_index (r->zones, i);

        if (z->zone != NULL && z->rule->type == DM_ZONE_RULE_LINE_BAND &&
            (pass == 1 || z->rule->kind == DM_ZONE_DEMILITARISED))
          return z;
      }
  return NULL;
}

static gboolean
start (gpointer data)
{
  DmMonitoringPanel *self = data;
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  DmFeature *line = doc != NULL ? dm_document_get_contact_line (doc) : NULL;
  DmZoneFigures *zone = r != NULL ? watched_zone (r) : NULL;
  g_autoptr (GTask) task = NULL;
  Job *job;

  self->timeout = 0;
  self->generation++;
  g_clear_pointer (&self->planned, dm_results_unref);
  self->made[0] = gtk_adjustment_get_value (self->range);
  self->made[1] = gtk_adjustment_get_value (self->spacing);
  self->made[2] = gtk_adjustment_get_value (self->crew);
  g_set_object (&self->document, doc);
  if (line == NULL || zone == NULL)
    {
      g_clear_pointer (&self->plan, dm_monitoring_plan_free);
      show (self, line == NULL ? _ ("There is no contact line yet: draw one, or open a file that has one.")
                               : _ ("There is no DMZ along the line to watch: add one in Zones."));
      return G_SOURCE_REMOVE;
    }
  self->planned = dm_results_ref (r);
  job = g_new0 (Job, 1);
  job->line = dm_geometry_copy (dm_feature_get_geometry (line));
  job->rule = dm_zone_rule_copy (zone->rule);
  job->zone = dm_zone_result_ref (zone->zone);
  job->options = (DmMonitoringOptions){ self->made[0] * 1000.0, self->made[1] * 1000.0, 0, (guint) self->made[2] };
  job->generation = self->generation;
  task = g_task_new (self, self->cancellable, plan_made, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->running++;
  g_task_run_in_thread (task, make_plan);
  return G_SOURCE_REMOVE;
}

/* A new plan a moment from now for complete figures of a new revision,
 * or new settings. */
static void
schedule (DmMonitoringPanel *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;

  /* Switched off: no plan (one for a long line takes seconds). */
  if (!gtk_switch_get_active (self->enabled) || (r != NULL && !r->complete))
    return;
  if (self->timeout == 0 && self->generation > 0 && self->made[0] == gtk_adjustment_get_value (self->range) &&
      self->made[1] == gtk_adjustment_get_value (self->spacing) &&
      self->made[2] == gtk_adjustment_get_value (self->crew) && self->planned != NULL && r != NULL &&
      self->planned->revision == r->revision)
    return;
  if (self->timeout != 0)
    g_source_remove (self->timeout);
  self->timeout = g_timeout_add (RECOMPUTE_DELAY_MS, start, self);
}

static void
enabled_changed (DmMonitoringPanel *self)
{
  gboolean on = gtk_switch_get_active (self->enabled);

  gtk_widget_set_visible (self->range_row, on);
  gtk_widget_set_visible (self->spacing_row, on);
  gtk_widget_set_visible (self->crew_row, on);
  self->generation++;
  g_clear_handle_id (&self->timeout, g_source_remove);
  g_clear_pointer (&self->planned, dm_results_unref);
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  show (self, on ? _ ("Making the plan…") : NULL);
  schedule (self);
}

static void
dm_monitoring_panel_dispose (GObject *object)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_MONITORING_PANEL);
  G_OBJECT_CLASS (dm_monitoring_panel_parent_class)->dispose (object);
}

static void
dm_monitoring_panel_finalize (GObject *object)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (object);

  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  g_clear_pointer (&self->planned, dm_results_unref);
  g_clear_pointer (&self->zone_name, g_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dm_monitoring_panel_parent_class)->finalize (object);
}

static void
dm_monitoring_panel_class_init (DmMonitoringPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dm_monitoring_panel_dispose;
  object_class->finalize = dm_monitoring_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-monitoring-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, range);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, spacing);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, crew);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, figures);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, status);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, enabled);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, range_row);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, spacing_row);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, crew_row);
  gtk_widget_class_bind_template_callback (widget_class, enabled_changed);
  gtk_widget_class_bind_template_callback (widget_class, schedule);
}

static void
dm_monitoring_panel_init (DmMonitoringPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->units = DM_LENGTH_KM;
  self->cancellable = g_cancellable_new ();
  enabled_changed (self);
}

GtkWidget *
dm_monitoring_panel_new (void)
{
  return g_object_new (DM_TYPE_MONITORING_PANEL, NULL);
}

void
dm_monitoring_panel_set_engine (DmMonitoringPanel *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_MONITORING_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "results-changed", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  /* Another document: never the last one's plan, even for a moment. */
  self->generation++;
  g_clear_pointer (&self->planned, dm_results_unref);
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  show (self, gtk_switch_get_active (self->enabled) ? _ ("Making the plan…") : NULL);
  schedule (self);
}

void
dm_monitoring_panel_set_enabled (DmMonitoringPanel *self, gboolean enabled)
{
  g_return_if_fail (DM_IS_MONITORING_PANEL (self));
  gtk_switch_set_active (self->enabled, enabled);
}

void
dm_monitoring_panel_set_units (DmMonitoringPanel *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_MONITORING_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  if (self->plan != NULL)
    show (self, NULL);
}

void
dm_monitoring_panel_set_options (DmMonitoringPanel *self, double range_m, double spacing_m, guint crew)
{
  g_return_if_fail (DM_IS_MONITORING_PANEL (self));

  gtk_adjustment_set_value (self->range, range_m / 1000.0);
  gtk_adjustment_set_value (self->spacing, spacing_m / 1000.0);
  gtk_adjustment_set_value (self->crew, crew);
}

const DmMonitoringPlan *
dm_monitoring_panel_get_plan (DmMonitoringPanel *self)
{
  g_return_val_if_fail (DM_IS_MONITORING_PANEL (self), NULL);
  return self->plan;
}

const char *
dm_monitoring_panel_get_zone_name (DmMonitoringPanel *self)
{
  g_return_val_if_fail (DM_IS_MONITORING_PANEL (self), NULL);
  return self->plan != NULL ? self->zone_name : NULL;
}

gboolean
dm_monitoring_panel_is_busy (DmMonitoringPanel *self)
{
  g_return_val_if_fail (DM_IS_MONITORING_PANEL (self), FALSE);
  return self->timeout != 0 || self->running > 0;
}
