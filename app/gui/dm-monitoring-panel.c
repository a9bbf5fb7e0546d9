/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-monitoring-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-spin-button.h"
#include "dm-figures.h"
#include "dm-monitoring-panel.h"

struct _DmMonitoringPanel {
  AdwBin parent_instance;

  GtkAdjustment *range;
  GtkAdjustment *spacing;
  GtkAdjustment *crew;
  GtkSpinButton *range_spin;
  GtkSpinButton *spacing_spin;
  GtkSpinButton *crew_spin;
  GtkWidget *place_button;
  GtkGrid *figures;
  GtkLabel *status;

  DmEngine *engine;
  DmDocument *document; /* whose "changed" is followed */
  DmLengthUnit units;
  DmMonitoringPlan *plan; /* of the document's posts, with its cells */
  char *zone_name;
  guint refresh_idle;
  /* Measuring the document's posts afresh (a new line or zone), in a
   * thread, one at a time (a drag of the line does not pile them up): a
   * job of an older generation is dropped when it ends. */
  guint measuring;
  guint generation;
  /* Placing posts, in a thread. */
  guint placing;
  guint place_generation;
  gboolean adding;  /* the placed posts are joining the document */
  gboolean waiting; /* for the engine's zones of the document as it is */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DmMonitoringPanel, dm_monitoring_panel, ADW_TYPE_BIN)

typedef struct {
  DmDocument *document;
  DmGeometry *line;
  DmZoneRule *rule;
  DmZoneResult *zone;
  DmMonitoringOptions options;
  GArray *posts; /* NULL: place them */
  guint generation;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->document);
  dm_geometry_free (job->line);
  dm_zone_rule_free (job->rule);
  dm_zone_result_unref (job->zone);
  g_clear_pointer (&job->posts, g_array_unref);
  g_free (job);
}

static void
run_job (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  DmMonitoringPlan *plan;

  if (job->posts != NULL)
    plan = dm_monitoring_plan_new_for_posts (job->line, job->rule, job->zone, &job->options,
                                             (const DmPost *) job->posts->data, job->posts->len, &error);
  else
    plan = dm_monitoring_plan_new (job->line, job->rule, job->zone, &job->options, &error);
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

/* The demilitarised zone of @r (the first band along the line without one). */
static DmZoneFigures *
watched_zone (DmResults *r)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; r != NULL && r->zones != NULL && i < r->zones->len; i++)
      {
        DmZoneFigures *z = g_ptr_array_index (r->zones, i);

        if (z->zone != NULL && z->rule->type == DM_ZONE_RULE_LINE_BAND &&
            (pass == 1 || z->rule->kind == DM_ZONE_DEMILITARISED))
          return z;
      }
  return NULL;
}

static DmMonitoringOptions
current_options (DmMonitoringPanel *self)
{
  return (DmMonitoringOptions){ gtk_adjustment_get_value (self->range) * 1000.0,
                                gtk_adjustment_get_value (self->spacing) * 1000.0, 0,
                                (guint) gtk_adjustment_get_value (self->crew) };
}

static void refresh (DmMonitoringPanel *self);

static gboolean
refresh_now (gpointer data)
{
  DmMonitoringPanel *self = data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (DmMonitoringPanel *self)
{
  /* Before the next frame: a drag's moves of a post coalesce into one. */
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_now, self, NULL);
}

static void
measured (GObject *source, GAsyncResult *result, gpointer data)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  DmMonitoringPlan *plan = g_task_propagate_pointer (G_TASK (result), &error);

  self->measuring--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&plan, dm_monitoring_plan_free);
      return;
    }
  if (job->generation != self->generation)
    {
      /* Forgotten meanwhile: what there is now is measured next. */
      g_clear_pointer (&plan, dm_monitoring_plan_free);
      queue_refresh (self);
      return;
    }
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  self->plan = plan;
  g_free (self->zone_name);
  self->zone_name = g_strdup (job->rule->name);
  if (error != NULL)
    {
      show (self, error->message);
      return;
    }
  /* Posts moved while it was measured are measured now. */
  refresh (self);
}

static void
forget_plan (DmMonitoringPanel *self, const char *message)
{
  self->generation++;
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  show (self, message);
}

/* The plan of the document's posts as they are now: at once for the
 * same line and zone, else in a thread when the engine's zones are of
 * the document as it is. */
static void
refresh (DmMonitoringPanel *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  DmDocument *doc = self->document;
  DmFeature *line = doc != NULL ? dm_document_get_contact_line (doc) : NULL;
  DmZoneFigures *zone = watched_zone (r);
  g_autoptr (GArray) posts = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  DmMonitoringOptions options = current_options (self);
  Job *job;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  self->waiting = FALSE;
  if (self->adding)
    return;
  gtk_widget_set_sensitive (self->place_button, self->placing == 0);
  if (doc == NULL || line == NULL)
    {
      forget_plan (self, _ ("There is no contact line yet: draw one, or open a file that has one."));
      return;
    }
  posts = dm_monitoring_document_posts (doc);
  if (posts->len == 0)
    {
      forget_plan (self, self->placing > 0 ? _ ("Placing posts…")
                                           : _ ("No observation posts yet: Place Posts puts them along each side of "
                                                "the DMZ, and the post tool (O) places one where you click."));
      return;
    }
  if (zone == NULL)
    {
      if (r != NULL && r->complete && r->revision == dm_document_get_revision (doc))
        forget_plan (self, _ ("There is no DMZ along the line to watch: add one in Zones."));
      else
        self->waiting = TRUE;
      return;
    }
  if (self->plan != NULL &&
      dm_monitoring_plan_is_for (self->plan, dm_feature_get_geometry (line), zone->rule, zone->zone))
    {
      self->plan->options.crew = options.crew;
      if (!dm_monitoring_plan_set_posts (self->plan, dm_feature_get_geometry (line), zone->rule, zone->zone,
                                         (const DmPost *) posts->data, posts->len, &error))
        {
          forget_plan (self, error->message);
          return;
        }
      g_free (self->zone_name);
      self->zone_name = g_strdup (zone->rule->name);
      show (self, NULL);
      return;
    }

  /* A new line or zone: measured afresh once the engine's zones are of
   * this revision (results-changed comes back here). */
  if (r == NULL || r->revision != dm_document_get_revision (doc))
    {
      self->waiting = TRUE;
      return;
    }
  /* One at a time: the one running refreshes when it ends (the figures
   * shown meanwhile are the last plan's). */
  if (self->measuring > 0)
    {
      self->waiting = TRUE;
      return;
    }
  self->generation++;
  job = g_new0 (Job, 1);
  job->line = dm_geometry_copy (dm_feature_get_geometry (line));
  job->rule = dm_zone_rule_copy (zone->rule);
  job->zone = dm_zone_result_ref (zone->zone);
  job->options = options;
  job->posts = g_steal_pointer (&posts);
  job->generation = self->generation;
  task = g_task_new (self, self->cancellable, measured, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->measuring++;
  if (self->plan == NULL)
    show (self, _ ("Measuring what the posts cover…"));
  g_task_run_in_thread (task, run_job);
}

static void
placed (GObject *source, GAsyncResult *result, gpointer data)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (DmMonitoringPlan) plan = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr (GArray) posts = NULL;

  self->placing--;
  gtk_widget_set_sensitive (self->place_button, self->placing == 0);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->generation != self->place_generation ||
      job->document != self->document)
    return;
  if (plan == NULL)
    {
      show (self, error->message);
      return;
    }
  /* The posts join the document as one step; the plan measured for them
   * is kept, told which feature each post is. */
  self->adding = TRUE;
  dm_monitoring_place_posts (self->document, plan);
  self->adding = FALSE;
  posts = dm_monitoring_document_posts (self->document);
  for (guint i = 0; i < posts->len && posts->len == plan->posts->len; i++)
    g_array_index (plan->posts, DmPost, i).feature_id = g_array_index (posts, DmPost, i).feature_id;
  self->generation++;
  g_clear_pointer (&self->plan, dm_monitoring_plan_free);
  self->plan = g_steal_pointer (&plan);
  g_free (self->zone_name);
  self->zone_name = g_strdup (job->rule->name);
  refresh (self);
}

gboolean
dm_monitoring_panel_place_posts (DmMonitoringPanel *self)
{
  DmResults *r;
  DmFeature *line;
  DmZoneFigures *zone;
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_val_if_fail (DM_IS_MONITORING_PANEL (self), FALSE);

  r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  line = self->document != NULL ? dm_document_get_contact_line (self->document) : NULL;
  zone = watched_zone (r);
  if (line == NULL || zone == NULL)
    {
      show (self, line == NULL ? _ ("There is no contact line yet: draw one, or open a file that has one.")
                               : _ ("There is no DMZ along the line to watch: add one in Zones."));
      return FALSE;
    }
  job = g_new0 (Job, 1);
  job->document = g_object_ref (self->document);
  job->line = dm_geometry_copy (dm_feature_get_geometry (line));
  job->rule = dm_zone_rule_copy (zone->rule);
  job->zone = dm_zone_result_ref (zone->zone);
  job->options = current_options (self);
  job->generation = ++self->place_generation;
  task = g_task_new (self, self->cancellable, placed, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->placing++;
  gtk_widget_set_sensitive (self->place_button, FALSE);
  show (self, _ ("Placing posts…"));
  g_task_run_in_thread (task, run_job);
  return TRUE;
}

static void
place_clicked (DmMonitoringPanel *self)
{
  dm_monitoring_panel_place_posts (self);
}

/* The range is that of posts placed from now on: the posts there keep
 * theirs. */
static void
range_changed (DmMonitoringPanel *self)
{
  queue_refresh (self);
}

static void
document_changed (DmMonitoringPanel *self)
{
  queue_refresh (self);
}

static void
follow_document (DmMonitoringPanel *self, DmDocument *doc)
{
  if (self->document == doc)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, doc);
  if (doc != NULL)
    g_signal_connect_object (doc, "changed", G_CALLBACK (document_changed), self, G_CONNECT_SWAPPED);
  /* Another document: never the last one's plan or posts, even for a
   * moment. */
  self->place_generation++;
  forget_plan (self, NULL);
}

static void
results_changed (DmMonitoringPanel *self)
{
  follow_document (self, dm_engine_get_document (self->engine));
  queue_refresh (self);
}

static void
dm_monitoring_panel_dispose (GObject *object)
{
  DmMonitoringPanel *self = DM_MONITORING_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
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
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, range_spin);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, spacing_spin);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, crew_spin);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, figures);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, status);
  gtk_widget_class_bind_template_child (widget_class, DmMonitoringPanel, place_button);
  gtk_widget_class_bind_template_callback (widget_class, place_clicked);
  gtk_widget_class_bind_template_callback (widget_class, range_changed);
  gtk_widget_class_bind_template_callback (widget_class, queue_refresh);
}

static void
dm_monitoring_panel_init (DmMonitoringPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dm_spin_button_localize (self->range_spin);
  dm_spin_button_localize (self->spacing_spin);
  dm_spin_button_localize (self->crew_spin);
  self->units = DM_LENGTH_KM;
  self->cancellable = g_cancellable_new ();
  show (self, NULL);
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
    g_signal_connect_object (engine, "results-changed", G_CALLBACK (results_changed), self, G_CONNECT_SWAPPED);
  follow_document (self, engine != NULL ? dm_engine_get_document (engine) : NULL);
  queue_refresh (self);
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

double
dm_monitoring_panel_get_range_m (DmMonitoringPanel *self)
{
  g_return_val_if_fail (DM_IS_MONITORING_PANEL (self), DM_MONITORING_DEFAULT_RANGE_M);
  return gtk_adjustment_get_value (self->range) * 1000.0;
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
  return self->refresh_idle != 0 || self->waiting || self->measuring > 0 || self->placing > 0;
}
