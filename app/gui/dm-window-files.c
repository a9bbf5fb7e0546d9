/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DmWindow and files: opening and importing (in worker threads, with
 * progress), the derived line's offer, saving, exporting, autosave and
 * recovery, and printing. */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-application.h"
#include "dm-window-private.h"

/* Loading */

/* The progress bar follows the reading: its fraction when the reader
 * reports one, a pulse while it cannot tell. */
static gboolean
loading_tick (gpointer data)
{
  DmWindow *self = data;
  double fraction = self->loading != NULL && DM_IS_PROGRESS (self->loading)
                      ? dm_progress_get_fraction (DM_PROGRESS (self->loading))
                      : -1;

  if (fraction < 0)
    gtk_progress_bar_pulse (self->loading_bar);
  else
    gtk_progress_bar_set_fraction (self->loading_bar, fraction);
  return G_SOURCE_CONTINUE;
}

void
_dm_window_set_loading (DmWindow *self, const char *name)
{
  g_clear_handle_id (&self->loading_tick_id, g_source_remove);
  if (name != NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_ ("Opening “%s”…"), name);

      gtk_label_set_text (self->loading_label, text);
      gtk_progress_bar_set_fraction (self->loading_bar, 0);
      self->loading_tick_id = g_timeout_add (100, loading_tick, self);
    }
  gtk_revealer_set_reveal_child (self->loading_revealer, name != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-open", name != NULL);
}

/* A new reading of @file: the one under way (if any) is cancelled; the
 * new one's cancellable reports its progress. */
static void
start_loading (DmWindow *self, GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = G_CANCELLABLE (dm_progress_new ());
  _dm_window_set_loading (self, name);
}

/* What opening a file takes and gives. */
typedef struct {
  GFile *file;
  DmDeriveOptions options; /* for a polygon of held territory */
  DmDeriveReport *derived; /* (out) what deriving made of it */
  gboolean is_project;     /* (out) */
  GStrv problems;          /* (out) what is wrong with a project opened anyway */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->derived, dm_derive_report_free);
  g_strfreev (job->problems);
  g_free (job);
}

static void
load_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  g_autofree char *path = g_file_get_path (job->file);
  DmDocument *doc;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("Only files on this computer can be opened"));
      return;
    }
  /* A project, or else any geodata, as the CLI opens them: a tracker's
   * polygon has its contact line derived (dm-scenario.h). */
  doc =
    dm_scenario_load_full (path, &job->options, &job->derived, &job->is_project, &job->problems, cancellable, &error);
  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, g_object_unref);
}

static void
results_changed_trim (DmEngine *engine, gpointer data)
{
  dm_application_trim_memory_soon ();
}

void
_dm_window_set_engine (DmWindow *self, DmEngine *engine)
{
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (dm_engine_get_document (self->engine), self);
    }
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      /* The engine recomputes what each change touches, by itself; a
       * newer update cancels the one it supersedes. */
      dm_engine_set_follows_document (engine, TRUE);
      /* A drag's step joins the history when the drag ends, with no
       * change of its own: follow the history, not the changes. */
      g_signal_connect_object (dm_engine_get_document (engine), "notify::can-undo",
                               G_CALLBACK (_dm_window_update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dm_engine_get_document (engine), "notify::can-redo",
                               G_CALLBACK (_dm_window_update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dm_engine_get_document (engine), "notify::modified",
                               G_CALLBACK (_dm_window_update_title), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "results-changed", G_CALLBACK (results_changed_trim), self, 0);
    }
  dm_document_layer_set_engine (self->layer, engine);
  dm_edit_layer_set_engine (self->edit, engine);
  dm_figures_panel_set_engine (self->figures_panel, engine);
  dm_warnings_panel_set_engine (self->warnings_panel, engine);
  dm_annex_panel_set_engine (self->annex_panel, engine);
  dm_monitoring_panel_set_engine (self->monitoring_panel, engine);
  dm_zones_panel_set_document (self->zones_panel, engine != NULL ? dm_engine_get_document (engine) : NULL);
  dm_sides_panel_set_document (self->sides_panel, engine != NULL ? dm_engine_get_document (engine) : NULL);
  dm_selection_panel_set_engine (self->selection_panel, engine);
  dm_proposals_panel_set_engine (self->proposals_panel, engine);
  _dm_window_update_proposals (self);
  _dm_window_selection_changed (self);
  _dm_window_update_undo_actions (self);
}

static void offer_derived_line (DmWindow *self);

static void
loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DmWindow *self = DM_WINDOW (source);
  g_autoptr (GFile) file = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = g_task_propagate_pointer (G_TASK (result), &error);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr (DmEngine) engine = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* a newer open, or Cancel, already reset the view */
  _dm_window_set_loading (self, NULL);
  if (doc == NULL)
    {
      /* Translators: the first %s is a file name, the second why it failed */
      g_autofree char *message = g_strdup_printf (_ ("Could not open “%s”: %s"), name, error->message);
      g_message ("%s", message);
      _dm_window_show_error (self, message);
      /* Files dropped with it were to join this document. */
      g_queue_clear_full (&self->import_queue, g_object_unref);
      return;
    }

  /* A file that brought only the built-in default DMZ gets the width the
   * user prefers, as part of loading (not an undoable edit). */
  if (dm_document_get_n_zone_rules (doc) > 0 && self->default_dmz_width_m > 0)
    {
      g_autoptr (DmZoneRule) builtin = dm_zone_rule_new_default_dmz ();
      const DmZoneRule *first = dm_document_get_zone_rule (doc, 0);

      if (dm_zone_rule_equal (first, builtin) &&
          fabs (builtin->width_a_m + builtin->width_b_m - self->default_dmz_width_m) > 0.01)
        {
          g_autoptr (DmZoneRule) rule = dm_zone_rule_copy (first);

          rule->width_a_m = rule->width_b_m = self->default_dmz_width_m / 2;
          dm_document_set_zone_rule (doc, 0, g_steal_pointer (&rule));
          dm_document_clear_history (doc);
        }
    }
  /* As opened is as on disk (the preferred width included); a recovered
   * document is unsaved work. */
  if (self->from_recovery)
    dm_document_mark_unsaved (doc);
  else
    dm_document_mark_saved (doc);
  engine = dm_engine_new (doc);
  if (!self->from_recovery)
    {
      g_autofree char *path = g_file_get_path (file);

      g_set_object (&self->file, file);
      /* A damaged project is not saved over: Save asks for a new name. */
      self->is_project = job->is_project && job->problems == NULL;
      dm_file_stamp_get (path, &self->stamp, NULL);
    }
  self->autosaved_revision = dm_document_get_revision (doc);
  _dm_window_set_engine (self, engine);
  _dm_window_update_title (self);
  _dm_window_bring_document_into_view (self);
  _dm_window_show_problems (self, name, (const char *const *) job->problems);
  if (!self->from_recovery)
    {
      g_autofree char *uri = g_file_get_uri (file);
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
  g_clear_pointer (&self->derived, dm_derive_report_free);
  self->derived = g_steal_pointer (&job->derived);
  /* Files dropped with it are imported once the derived line is settled,
   * so that giving it up forgets nothing but the line. */
  if (self->derived != NULL)
    offer_derived_line (self);
  else
    _dm_window_import_next_queued (self);
}

void
dm_window_open (DmWindow *self, GFile *file)
{
  GTask *task;
  LoadJob *job;

  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Unsaved work first: Save, Discard or Cancel, then this file. */
  if (_dm_window_current_document (self) != NULL && dm_document_is_modified (_dm_window_current_document (self)))
    {
      g_set_object (&self->pending_open, file);
      _dm_window_ask_unsaved (self);
      return;
    }
  self->from_recovery = FALSE;
  start_loading (self, file);
  job = g_new0 (LoadJob, 1);
  job->file = g_object_ref (file);
  job->options = self->derive_options;
  task = g_task_new (self, self->loading, loaded, g_object_ref (file));
  g_task_set_source_tag (task, dm_window_open);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_in_thread);
  g_object_unref (task);
}

/* The line derived from the file just opened, offered with what was
 * left out: kept, given up for the polygon alone, or derived again with
 * other tolerances. */
static void
derive_dialog_response (DmDeriveDialog *dialog, const char *response, DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);

  if (g_strcmp0 (response, "rederive") == 0 && self->file != NULL)
    {
      g_autoptr (GFile) file = g_object_ref (self->file);

      dm_derive_dialog_get_options (dialog, &self->derive_options);
      dm_window_open (self, file);
      return;
    }
  if (g_strcmp0 (response, "reference") == 0 && doc != NULL && dm_document_get_contact_line (doc) != NULL)
    {
      /* Part of opening the file, not an edit to undo. */
      dm_document_remove_feature (doc, dm_feature_get_id (dm_document_get_contact_line (doc)));
      dm_document_clear_history (doc);
      dm_document_mark_saved (doc);
      _dm_window_show_message (self,
                               _ ("The polygon is a reference layer; draw the contact line, or derive it later from "
                                  "the menu"));
    }
  _dm_window_import_next_queued (self);
}

static void
offer_derived_line (DmWindow *self)
{
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup ("");
  DmDeriveDialog *dialog = dm_derive_dialog_new (GTK_WINDOW (self), name, self->derived, self->units);

  g_signal_connect_object (dialog, "response", G_CALLBACK (derive_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Importing into the open document: a reference layer as it is, or a
 * file's line as the contact line, or a control polygon from which the
 * contact line is derived. */

typedef DmWindowImport ImportMode;
#define IMPORT_REFERENCE  DM_WINDOW_IMPORT_REFERENCE
#define IMPORT_LINE       DM_WINDOW_IMPORT_LINE
#define IMPORT_CONTROL    DM_WINDOW_IMPORT_CONTROL
#define IMPORT_COMPARISON DM_WINDOW_IMPORT_COMPARISON

typedef struct {
  GFile *file;
  ImportMode mode;
  DmImportLayer *layer;    /* IMPORT_REFERENCE */
  DmGeometry *line;        /* IMPORT_LINE, IMPORT_CONTROL, IMPORT_COMPARISON */
  DmDeriveReport *report;  /* IMPORT_CONTROL, or a polygon for IMPORT_COMPARISON */
  DmDeriveOptions options; /* for deriving */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->layer, dm_import_layer_free);
  g_clear_pointer (&job->line, dm_geometry_free);
  g_clear_pointer (&job->report, dm_derive_report_free);
  g_free (job);
}

static void
import_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  g_autofree char *path = g_file_get_path (job->file);
  g_autofree char *name = g_file_get_basename (job->file);
  g_autoptr (DmImportLayer) layer = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("Only files on this computer can be opened"));
      return;
    }
  if (job->mode == IMPORT_COMPARISON)
    {
      /* Whatever a file is, as opening it makes it: a project, a line,
       * a polygon of held territory. */
      g_autoptr (DmDocument)
        other = dm_scenario_load_full (path, &job->options, &job->report, NULL, NULL, cancellable, &error);
      DmFeature *line;

      if (other == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if ((line = dm_document_get_contact_line (other)) == NULL)
        {
          g_autofree char *why = dm_scenario_explain_no_line (other, path);

          g_task_return_new_error (task, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "%s", why);
          return;
        }
      job->line = dm_geometry_copy (dm_feature_get_geometry (line));
      g_task_return_boolean (task, TRUE);
      return;
    }
  if ((layer = dm_import_read (path, NULL, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  switch (job->mode)
    {
    case IMPORT_REFERENCE:
      job->layer = g_steal_pointer (&layer);
      break;
    case IMPORT_LINE:
      if ((job->line = dm_scenario_pick_line (layer)) == NULL)
        {
          g_task_return_new_error (task, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                                   _ ("it holds no line; to use a polygon of controlled territory, "
                                      "choose Derive Contact Line from Control Polygon"));
          return;
        }
      break;
    case IMPORT_CONTROL:
    default:
      {
        g_autoptr (DmGeometry) control = dm_import_layer_union_polygons (layer);
        g_autoptr (DmFeature) derived = NULL;

        if (control == NULL)
          {
            g_task_return_new_error (task, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                                     _ ("it holds no polygon of held territory"));
            return;
          }
        if ((derived = dm_scenario_derive_line (control, name, &job->options, &job->report, &error)) == NULL)
          {
            g_task_return_error (task, error);
            return;
          }
        job->line = dm_geometry_copy (dm_feature_get_geometry (derived));
        /* Kept for “Reference Only” in the offer. */
        job->layer = g_steal_pointer (&layer);
      }
      break;
    }
  g_task_return_boolean (task, TRUE);
}

/* @line, from @file, as a new proposal the active one is compared with:
 * one undo step, the active proposal staying active. */
static void
compare_with_line (DmWindow *self, DmDocument *doc, GFile *file, DmGeometry *line)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *base = dm_scenario_source_stem (name);
  guint active = dm_document_get_active_proposal (doc), index;
  g_autoptr (DmFeature) feature = NULL;
  g_autofree char *message = NULL;

  feature = dm_feature_new (DM_ROLE_CONTACT_LINE, base, line);
  dm_document_begin_group (doc, _ ("Add a proposal to compare with"));
  index = dm_document_add_proposal (doc, base, FALSE);
  dm_document_add_feature (doc, feature);
  dm_document_set_active_proposal (doc, active);
  dm_document_end_group (doc);
  dm_window_set_compare_proposal (self, (int) index);
  /* Translators: %s is a file's name */
  message = g_strdup_printf (_ ("Compared with “%s”: land changing hands is hatched in the colour of the side that "
                                "gets it"),
                             base);
  _dm_window_show_message (self, message);
}

/* The line derived by Import, offered as on opening: kept, given up for
 * the polygon as a reference layer, or derived again. */
typedef struct {
  DmWindow *window; /* weak: the dialog may answer after the window is gone */
  GFile *file;
  DmImportLayer *layer;
  guint64 revision; /* the document after the import */
} ImportOffer;

static void
import_offer_free (gpointer data)
{
  ImportOffer *offer = data;

  g_clear_weak_pointer (&offer->window);
  g_clear_object (&offer->file);
  g_clear_pointer (&offer->layer, dm_import_layer_free);
  g_free (offer);
}

static void
import_offer_response (DmDeriveDialog *dialog, const char *response, ImportOffer *offer)
{
  DmWindow *self = offer->window;
  DmDocument *doc = self != NULL ? _dm_window_current_document (self) : NULL;
  gboolean undone = FALSE;

  if (g_strcmp0 (response, "use") == 0 || doc == NULL)
    return;
  /* Undone only when nothing came after it. */
  if (dm_document_get_revision (doc) == offer->revision && dm_document_can_undo (doc))
    undone = dm_document_undo (doc);
  if (!undone)
    {
      _dm_window_show_message (self, _ ("The line has been edited since: use Undo to take it back"));
      return;
    }
  if (g_strcmp0 (response, "rederive") == 0)
    {
      dm_derive_dialog_get_options (dialog, &self->derive_options);
      dm_window_import (self, offer->file, IMPORT_CONTROL);
    }
  else if (offer->layer != NULL)
    {
      g_autofree char *name = g_file_get_basename (offer->file);
      g_autofree char *path = g_file_get_path (offer->file);
      GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < offer->layer->features->len; i++)
        {
          DmImportFeature *f = g_ptr_array_index (offer->layer->features, i);

          g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, f->name, g_steal_pointer (&f->geometry)));
        }
      dm_document_add_reference_layer (doc, name, path, features);
    }
}

static void
offer_imported_line (DmWindow *self, ImportJob *job)
{
  g_autofree char *name = g_file_get_basename (job->file);
  DmDeriveDialog *dialog = dm_derive_dialog_new (GTK_WINDOW (self), name, job->report, self->units);
  ImportOffer *offer = g_new0 (ImportOffer, 1);

  g_set_weak_pointer (&offer->window, self);
  offer->file = g_object_ref (job->file);
  offer->layer = g_steal_pointer (&job->layer);
  offer->revision = dm_document_get_revision (_dm_window_current_document (self));
  g_signal_connect_data (dialog, "response", G_CALLBACK (import_offer_response), offer,
                         (GClosureNotify) (void (*) (void)) import_offer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DmWindow *self = DM_WINDOW (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *path = g_file_get_path (job->file);
  DmDocument *doc;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _dm_window_set_loading (self, NULL);
  doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  if (error != NULL || doc == NULL)
    {
      /* Translators: the first %s is a file name, the second why it failed */
      g_autofree char *message = g_strdup_printf (_ ("Could not import “%s”: %s"), name,
                                                  error != NULL ? error->message : _ ("open a document first"));
      _dm_window_show_error (self, message);
      _dm_window_import_next_queued (self);
      return;
    }

  /* Beside what the document holds, in its turn of longitude: a layer
   * from west of the 180th meridian joins a line that runs past it. */
  if (job->layer != NULL)
    for (guint i = 0; i < job->layer->features->len; i++)
      dm_document_wrap_beside (doc, ((DmImportFeature *) g_ptr_array_index (job->layer->features, i))->geometry);
  if (job->line != NULL)
    dm_document_wrap_beside (doc, job->line);

  if (job->mode == IMPORT_REFERENCE)
    {
      GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < job->layer->features->len; i++)
        {
          DmImportFeature *f = g_ptr_array_index (job->layer->features, i);

          g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, f->name, g_steal_pointer (&f->geometry)));
        }
      dm_document_add_reference_layer (doc, name, path, features);
      _dm_window_import_next_queued (self);
    }
  else if (job->mode == IMPORT_COMPARISON)
    compare_with_line (self, doc, job->file, g_steal_pointer (&job->line));
  else
    {
      DmFeature *line = dm_document_get_contact_line (doc);
      g_autofree char *length = dm_format_length (dm_geodesy_geometry_length_m (job->line), self->units);
      g_autofree char *message = NULL;
      g_autofree char *line_name = job->mode == IMPORT_CONTROL
                                     /* Translators: the name of a contact line, %s a file name */
                                     ? g_strdup_printf (_ ("Contact line derived from %s"), name)
                                     : NULL;

      /* One undo step replaces the active proposal's line (or adds one),
       * named after the file it was derived from. */
      dm_document_begin_group (doc,
                               job->mode == IMPORT_CONTROL ? _ ("Derive contact line") : _ ("Import contact line"));
      if (line != NULL)
        {
          dm_document_set_geometry (doc, dm_feature_get_id (line), g_steal_pointer (&job->line));
          if (line_name != NULL)
            dm_document_set_feature_name (doc, dm_feature_get_id (line), line_name);
        }
      else
        {
          g_autoptr (DmFeature)
            feature = dm_feature_new (DM_ROLE_CONTACT_LINE, line_name != NULL ? line_name : _ ("Contact line"),
                                      g_steal_pointer (&job->line));
          dm_document_add_feature (doc, feature);
        }
      /* Sides not yet named are named after the polygon's country and
       * its neighbour. */
      if (job->report != NULL)
        {
          g_autoptr (DmDocument) defaults = dm_document_new ();

          for (guint s = 0; s < 2; s++)
            {
              DmSide side = s == 0 ? DM_SIDE_A : DM_SIDE_B;
              const char *wanted = s == 0 ? job->report->country_name : job->report->neighbour_name;

              if (wanted != NULL &&
                  g_strcmp0 (dm_document_get_side_name (doc, side), dm_document_get_side_name (defaults, side)) == 0)
                dm_document_set_side (doc, side, wanted, dm_document_get_side_color (doc, side));
            }
        }
      dm_document_end_group (doc);
      if (job->mode == IMPORT_CONTROL && job->report != NULL)
        offer_imported_line (self, job);
      else
        {
          /* Translators: %s is a length */
          message = g_strdup_printf (_ ("Contact line imported: %s (Undo restores the previous line)"), length);
          _dm_window_show_message (self, message);
        }
    }
}

void
dm_window_import (DmWindow *self, GFile *file, DmWindowImport mode)
{
  GTask *task;
  ImportJob *job;

  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (ImportJob, 1);
  start_loading (self, file);
  job->file = g_object_ref (file);
  job->mode = mode;
  job->options = self->derive_options;
  task = g_task_new (self, self->loading, imported, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_in_thread);
  g_object_unref (task);
}

/* What the file chooser is for: opening, or one of the imports. */
#define CHOOSE_OPEN (-1)

static void
chooser_response (GtkNativeDialog *dialog, int response, DmWindow *self)
{
  int mode = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "dm-mode"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL && mode == CHOOSE_OPEN)
        dm_window_open (self, file);
      else if (file != NULL)
        dm_window_import (self, file, (DmWindowImport) mode);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_dm_window_choose_file (DmWindow *self, int mode)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *geodata = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();
  static const char *patterns[] = { "*.geojson", "*.json", "*.kml", "*.kmz", "*.gpkg",
                                    "*.shp",     "*.gpx",  "*.fgb", "*.csv", "*.zip" };
  const char *title, *accept;

  switch (mode)
    {
    case IMPORT_REFERENCE:
      title = _ ("Import a Reference Layer");
      accept = _ ("_Import");
      break;
    case IMPORT_LINE:
      title = _ ("Import the Contact Line");
      accept = _ ("_Import");
      break;
    case IMPORT_CONTROL:
      title = _ ("Derive the Contact Line from a Control Polygon");
      accept = _ ("_Derive");
      break;
    case IMPORT_COMPARISON:
      title = _ ("Compare with a Line or a Control Polygon");
      accept = _ ("_Compare");
      break;
    case CHOOSE_OPEN:
    default:
      title = _ ("Open a File");
      accept = _ ("_Open");
      break;
    }
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, accept, _ ("_Cancel"));
  gtk_file_filter_set_name (geodata, _ ("Geodata (GeoJSON, KML, GeoPackage, shapefile, …)"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (geodata, patterns[i]);
  gtk_file_filter_set_name (all, _ ("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), geodata);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_set_data (G_OBJECT (chooser), "dm-mode", GINT_TO_POINTER (mode));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
dm_window_new_document (DmWindow *self)
{
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmZoneRule) dmz = dm_zone_rule_new_default_dmz ();

  g_return_if_fail (DM_IS_WINDOW (self));

  /* Unsaved work first: Save, Discard or Cancel, then the new document. */
  if (_dm_window_current_document (self) != NULL && dm_document_is_modified (_dm_window_current_document (self)))
    {
      self->pending_new = TRUE;
      _dm_window_ask_unsaved (self);
      return;
    }
  g_cancellable_cancel (self->loading);
  _dm_window_set_loading (self, NULL);
  doc = dm_document_new ();
  if (self->default_dmz_width_m > 0)
    dmz->width_a_m = dmz->width_b_m = self->default_dmz_width_m / 2;
  dm_document_add_zone_rule (doc, g_steal_pointer (&dmz));
  dm_document_clear_history (doc);
  dm_document_mark_saved (doc);
  g_clear_object (&self->file);
  self->is_project = FALSE;
  self->from_recovery = FALSE;
  g_clear_pointer (&self->derived, dm_derive_report_free);
  engine = dm_engine_new (doc);
  self->autosaved_revision = dm_document_get_revision (doc);
  _dm_window_set_engine (self, engine);
  _dm_window_update_title (self);
  _dm_window_show_message (self, _ ("A new, empty document: draw the contact line (L), or open or drop a file"));
}

void
_dm_window_new_action (GtkWidget *widget, const char *name, GVariant *param)
{
  dm_window_new_document (DM_WINDOW (widget));
}

void
_dm_window_open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _dm_window_choose_file (DM_WINDOW (widget), CHOOSE_OPEN);
}

void
_dm_window_import_reference_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _dm_window_choose_file (DM_WINDOW (widget), IMPORT_REFERENCE);
}

void
_dm_window_import_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _dm_window_choose_file (DM_WINDOW (widget), IMPORT_LINE);
}

void
_dm_window_derive_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _dm_window_choose_file (DM_WINDOW (widget), IMPORT_CONTROL);
}

void
_dm_window_open_recent_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  dm_window_open (DM_WINDOW (widget), file);
}

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (tb, ta);
}

/* Recent files: the ones this application opened, newest first. */
void
_dm_window_update_recent_menu (DmWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr (GPtrArray) ours = g_ptr_array_new ();
  const char *app = g_get_application_name ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    if (app != NULL && gtk_recent_info_has_application (l->data, app) && gtk_recent_info_is_local (l->data))
      g_ptr_array_add (ours, l->data);
  g_ptr_array_sort (ours, compare_recent);
  for (guint i = 0; i < MIN (ours->len, 10u); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (ours, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->recent_menu, item);
    }
  if (ours->len == 0)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ ("No recent files"), "win.no-recent");
      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* A file chooser for saving or exporting: one filter per kind of file
 * (names translated), modal, @response connected with the window. */

static GtkFileChooserNative *
new_save_chooser (DmWindow *self,
                  const char *title,
                  const char *accept,
                  const FileKind *kinds,
                  guint n_kinds,
                  const char *suggested,
                  GCallback response)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, accept, _ ("_Cancel"));

  for (guint i = 0; i < n_kinds; i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _ (kinds[i].name));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", response, self);
  return chooser;
}

/* Files: save, export, autosave and recovery */

const char *
dm_window_get_fingerprint (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return dm_proposals_panel_get_fingerprint (self->proposals_panel);
}

static void
current_view (DmWindow *self, DmProjectView *view)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  view->has_view = TRUE;
  view->center_lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  view->center_lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  view->zoom = shumate_viewport_get_zoom_level (viewport);
  view->units = self->units;
}

/* Results of the current revision only: zones saved with a project must
 * be those of what is saved. */
static DmResults *
current_results (DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;

  return r != NULL && r->complete && r->revision == dm_document_get_revision (doc) ? r : NULL;
}

static void after_saved (DmWindow *self);

gboolean
dm_window_save_to (DmWindow *self, GFile *file, gboolean force, GError **error)
{
  DmDocument *doc = _dm_window_current_document (self);
  g_autofree char *path = NULL;
  DmProjectView view;
  DmFileStamp now;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (doc == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("There is no document to save"));
      return FALSE;
    }
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("Only files on this computer can be written"));
      return FALSE;
    }
  /* Never overwrite silently what someone else changed since we read it. */
  if (!force && self->file != NULL && g_file_equal (file, self->file) && self->stamp.exists &&
      dm_file_stamp_get (path, &now, NULL) && now.exists && !dm_file_stamp_equal (&now, &self->stamp))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG, _ ("“%s” was changed on disk since it was opened"), path);
      return FALSE;
    }
  current_view (self, &view);
  if (!dm_project_save (doc, current_results (self), &view, path, error))
    return FALSE;
  dm_document_mark_saved (doc);
  g_set_object (&self->file, file);
  self->is_project = TRUE;
  self->from_recovery = FALSE;
  dm_file_stamp_get (path, &self->stamp, NULL);
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  _dm_window_update_title (self);
  after_saved (self);
  return TRUE;
}

/* What was to happen once unsaved changes were settled (close, open a
 * file, a new document) does not, when they are not. */
static void
forget_pending (DmWindow *self)
{
  self->close_after_save = FALSE;
  self->pending_new = FALSE;
  g_clear_object (&self->pending_open);
}

/* What waits on a save: closing, opening another file, or a new document. */
static void
after_saved (DmWindow *self)
{
  /* Saved work needs no recovery copy. */
  if (self->recovery_path != NULL)
    {
      dm_recovery_remove (self->recovery_path);
      g_clear_pointer (&self->recovery_path, g_free);
    }
  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (self->pending_open != NULL)
    {
      g_autoptr (GFile) file = g_steal_pointer (&self->pending_open);

      dm_window_open (self, file);
    }
  if (self->pending_new)
    {
      self->pending_new = FALSE;
      dm_window_new_document (self);
    }
}

static void save_as (DmWindow *self);

static void
changed_on_disk_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "overwrite"))
    {
      if (!dm_window_save_to (self, self->file, TRUE, &error))
        {
          g_autofree char *message = g_strdup_printf (_ ("Could not save: %s"), error->message);
          _dm_window_show_error (self, message);
        }
    }
  else if (g_str_equal (response, "save-as"))
    save_as (self);
  else
    {
      forget_pending (self);
    }
}

static void
save_to_reporting (DmWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;

  if (dm_window_save_to (self, file, FALSE, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_ ("Saved “%s”"), name);

      _dm_window_show_message (self, message);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("The File Changed on Disk"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _ ("%s Saving over it would lose those changes. "
                                         "Save under another name to keep both."),
                                      error->message);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "overwrite",
                                        _ ("_Overwrite"), "save-as", _ ("Save _As…"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save-as", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save-as");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (changed_on_disk_response), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  {
    /* Translators: the first %s is a file, the second why it failed; the
     * document stays open and unsaved */
    g_autofree char *path = g_file_get_parse_name (file);
    g_autofree char *message = g_strdup_printf (_ ("Could not save “%s”: %s. Nothing was lost: "
                                                   "choose another place with Save As."),
                                                path, error->message);
    forget_pending (self);
    _dm_window_show_error (self, message);
  }
}

static void
save_as_response (GtkNativeDialog *dialog, int response, DmWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = chosen != NULL ? g_file_get_basename (chosen) : NULL;
      g_autoptr (GFile) file = NULL;

      /* A project is a GeoPackage: say so in its name. */
      if (chosen != NULL && !g_str_has_suffix (name, ".gpkg"))
        {
          g_autoptr (GFile) parent = g_file_get_parent (chosen);
          g_autofree char *with = g_strconcat (name, ".gpkg", NULL);

          file = g_file_get_child (parent, with);
        }
      else
        file = g_steal_pointer (&chosen);
      if (file != NULL)
        save_to_reporting (self, file);
    }
  else
    {
      forget_pending (self);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as (DmWindow *self)
{
  static const FileKind kinds[] = { { N_ ("Demarcate project (GeoPackage)"), "*.gpkg" } };
  GtkFileChooserNative *chooser;
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_ ("Untitled"));
  char *dot = strrchr (name, '.');
  g_autofree char *suggested = NULL;

  if (_dm_window_current_document (self) == NULL)
    return;
  if (dot != NULL)
    *dot = '\0';
  suggested = g_strconcat (name, ".gpkg", NULL);
  chooser = new_save_chooser (self, _ ("Save the Project"), _ ("_Save"), kinds, G_N_ELEMENTS (kinds), suggested,
                              G_CALLBACK (save_as_response));
  if (self->file != NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (self->file);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
dm_window_get_saves_in_place (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  return self->file != NULL && self->is_project;
}

static void
save (DmWindow *self)
{
  if (dm_window_get_saves_in_place (self))
    save_to_reporting (self, self->file);
  else
    save_as (self); /* geodata opened: the project is a new file */
}

void
_dm_window_save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DM_WINDOW (widget));
}

void
_dm_window_save_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save_as (DM_WINDOW (widget));
}

/* Unsaved changes before closing or opening another file: Save, Discard
 * or Cancel. */
static void
unsaved_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  if (g_str_equal (response, "save"))
    save (self);
  else if (g_str_equal (response, "discard"))
    {
      if (self->recovery_path != NULL)
        {
          dm_recovery_remove (self->recovery_path);
          g_clear_pointer (&self->recovery_path, g_free);
        }
      if (_dm_window_current_document (self) != NULL)
        dm_document_mark_saved (_dm_window_current_document (self));
      after_saved (self);
    }
  else
    {
      forget_pending (self);
    }
}

void
_dm_window_ask_unsaved (DmWindow *self)
{
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_ ("Untitled"));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Save Changes?"), NULL);

  /* Translators: %s is a file name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _ ("“%s” has changes that are not saved. Without saving, they are lost."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "discard", _ ("_Discard"),
                                    "save", _ ("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Export for partners: GeoJSON, KML, KMZ, GeoPackage or CSV of the active
 * proposal, with its fingerprint. */
static void
export_response (GtkNativeDialog *dialog, int response, DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);

  if (response == GTK_RESPONSE_ACCEPT && doc != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      DmExportOptions options = DM_EXPORT_OPTIONS_INIT;
      DmExportFormat format;
      DmProjectView view;

      current_view (self, &view);
      options.units = self->units;
      options.view = &view;
      {
        const char *csv = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "csv-style");

        if (csv == NULL || !dm_csv_style_from_string (csv, &options.csv_style))
          options.csv_style = dm_csv_style_for_locale ();
      }
      if (path != NULL && !dm_export_format_for_path (path, &format))
        {
          char *with = g_strconcat (path, ".geojson", NULL);

          g_free (path);
          path = with;
        }
      if (path == NULL)
        _dm_window_show_error (self, _ ("Only files on this computer can be written"));
      else if (!dm_export_document (doc, current_results (self), dm_document_get_active_proposal (doc), path, &options,
                                    &error))
        {
          g_autofree char *message = g_strdup_printf (_ ("Could not export to “%s”: %s"), path, error->message);
          _dm_window_show_error (self, message);
        }
      else
        {
          /* The proposal as written, whether or not the figures have
           * caught up with the last edit. */
          g_autofree char *full = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
          g_autofree char *fingerprint = dm_fingerprint_short (full);
          /* Translators: the first %s is a file, the second a short hash */
          g_autofree char *message = g_strdup_printf (_ ("Exported “%s” (fingerprint %s)"), path, fingerprint);
          _dm_window_show_message (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_dm_window_export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  static const FileKind kinds[] = {
    { N_ ("GeoJSON (RFC 7946)"), "*.geojson" },
    { N_ ("KML (Google Earth)"), "*.kml" },
    { N_ ("KMZ (Google Earth, zipped)"), "*.kmz" },
    { N_ ("GeoPackage (QGIS)"), "*.gpkg" },
    { N_ ("Figures as CSV"), "*.csv" },
  };

  GtkFileChooserNative *chooser;
  /* A CSV for a spreadsheet in this locale, or for programs. */
  static const char *const csv_ids[] = { "spreadsheet", "machine", NULL };
  const char *csv_labels[] = { _ ("For a spreadsheet"), _ ("For programs (comma, decimal point)"), NULL };

  if (_dm_window_current_document (self) == NULL)
    return;
  chooser = new_save_chooser (self, _ ("Export the Proposal"), _ ("_Export"), kinds, G_N_ELEMENTS (kinds),
                              _ ("proposal.geojson"), G_CALLBACK (export_response));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "csv-style", _ ("CSV figures"), (const char **) csv_ids,
                               csv_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "csv-style", "spreadsheet");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Autosave: unsaved work goes to a recovery file every few seconds. */
gboolean
dm_window_autosave (DmWindow *self, GError **error)
{
  DmDocument *doc = _dm_window_current_document (self);
  g_autofree char *original = NULL;
  DmProjectView view;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);

  if (doc == NULL || !dm_document_is_modified (doc) || dm_document_get_revision (doc) == self->autosaved_revision)
    return TRUE;
  if (self->recovery_path == NULL && (self->recovery_path = dm_recovery_new_path (error)) == NULL)
    return FALSE;
  current_view (self, &view);
  if (!dm_project_save (doc, NULL, &view, self->recovery_path, error))
    return FALSE;
  original = self->file != NULL ? g_file_get_path (self->file) : NULL;
  if (!dm_recovery_write_info (self->recovery_path, original, error))
    return FALSE;
  self->autosaved_revision = dm_document_get_revision (doc);
  return TRUE;
}

static gboolean
autosave_tick (gpointer data)
{
  DmWindow *self = data;
  g_autoptr (GError) error = NULL;

  /* Not in the middle of a drag: the next tick will do. */
  if (dm_edit_layer_is_dragging (self->edit))
    return G_SOURCE_CONTINUE;
  if (!dm_window_autosave (self, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message =
        g_strdup_printf (_ ("Autosave failed: %s. Save the document to keep your work."), error->message);
      _dm_window_show_error (self, message);
      /* Once: the next failure will say it again after a success. */
      self->autosaved_revision = dm_document_get_revision (_dm_window_current_document (self));
    }
  return G_SOURCE_CONTINUE;
}

void
dm_window_set_autosave_interval (DmWindow *self, guint seconds)
{
  g_return_if_fail (DM_IS_WINDOW (self));

  if (self->autosave_seconds == seconds && self->autosave_id != 0)
    return;
  self->autosave_seconds = seconds;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (seconds > 0)
    self->autosave_id = g_timeout_add_seconds (seconds, autosave_tick, self);
}

/* Opens a recovery file as unsaved work on the document it came from. */
void
dm_window_restore (DmWindow *self, const char *recovery_path, const char *original)
{
  g_autoptr (GFile) file = NULL;

  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (recovery_path != NULL);

  file = g_file_new_for_path (recovery_path);
  dm_window_open (self, file);
  g_free (self->recovery_path);
  self->recovery_path = g_strdup (recovery_path);
  self->from_recovery = TRUE;
  g_clear_object (&self->file);
  if (original != NULL)
    {
      self->file = g_file_new_for_path (original);
      self->is_project = g_str_has_suffix (original, ".gpkg");
      dm_file_stamp_get (original, &self->stamp, NULL);
    }
}

/* Printing */

/* The document's complete results, or NULL with a message saying why
 * there are none to print or export yet. */
static DmResults *
complete_results (DmWindow *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;

  if (self->engine == NULL)
    _dm_window_show_message (self, _ ("Open a document first"));
  else if (r == NULL || !r->complete)
    {
      _dm_window_show_message (self, _ ("The figures are still being computed: try again in a moment"));
      return NULL;
    }
  return r;
}

static DmPrintOperation *
new_print_operation (DmWindow *self, DmResults *results)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autofree char *fingerprint = results->fingerprint != NULL ? dm_fingerprint_short (results->fingerprint) : NULL;
  DmPrintView view = {
    .lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
    .lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
    .zoom = shumate_viewport_get_zoom_level (viewport),
    .language = dm_i18n_get_language (),
    .units = self->units,
    .fingerprint = fingerprint,
    .annex_tolerance_m = dm_annex_panel_get_tolerance_m (self->annex_panel),
    .annex_marker_spacing_m = 1000.0 * dm_annex_panel_get_marker_spacing_km (self->annex_panel),
    .plan = dm_monitoring_panel_get_plan (self->monitoring_panel),
    .plan_zone = dm_monitoring_panel_get_zone_name (self->monitoring_panel),
  };
  DmPrintOperation *operation = dm_print_operation_new (dm_engine_get_document (self->engine), results, &view);

  if (self->renderer != NULL)
    dm_print_layout_set_basemap (dm_print_operation_get_layout (operation), self->renderer);
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (operation), self->print_settings);
  return operation;
}

static void
print_done (GtkPrintOperation *operation, GtkPrintOperationResult result, DmWindow *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why printing failed */
      message = g_strdup_printf (_ ("Could not print: %s"), error != NULL ? error->message : "");
      _dm_window_show_error (self, message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
}

void
_dm_window_print_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmResults *results = complete_results (self);
  g_autoptr (DmPrintOperation) operation = NULL;
  g_autoptr (GError) error = NULL;

  if (results == NULL)
    return;
  operation = new_print_operation (self, results);
  g_signal_connect (operation, "done", G_CALLBACK (print_done), self);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_ ("Could not print: %s"), error->message);
      _dm_window_show_error (self, message);
    }
}

gboolean
dm_window_export_map (DmWindow *self, const char *path, DmMapExportFlags flags, GError **error)
{
  gboolean frame_view = (flags & DM_MAP_EXPORT_VIEW) != 0, annex = (flags & DM_MAP_EXPORT_ANNEX) != 0;
  DmResults *results;
  g_autoptr (DmPrintOperation) operation = NULL;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  results = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  if (results == NULL || !results->complete)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _ ("The figures are still being computed: try again in a moment"));
      return FALSE;
    }
  operation = new_print_operation (self, results);
  dm_print_operation_set_frame_view (operation, frame_view);
  dm_print_operation_set_annex (operation, annex);
  dm_print_operation_set_plan (operation, (flags & DM_MAP_EXPORT_PLAN) != 0);
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    {
      /* Through GTK's print operation, as printing does: A3 landscape. */
      gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
      return gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                      GTK_WINDOW (self), error) != GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  /* SVG and PNG straight from the layout, same page. */
  dm_print_layout_set_paper (dm_print_operation_get_layout (operation), DM_PAPER_A3, TRUE);
  if (frame_view)
    {
      ShumateViewport *viewport = shumate_map_get_viewport (self->map);

      dm_print_layout_frame_view (dm_print_operation_get_layout (operation),
                                  shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                  shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                  shumate_viewport_get_zoom_level (viewport));
    }
  dm_print_layout_set_annex (dm_print_operation_get_layout (operation), annex,
                             dm_annex_panel_get_tolerance_m (self->annex_panel),
                             1000.0 * dm_annex_panel_get_marker_spacing_km (self->annex_panel));
  if (flags & DM_MAP_EXPORT_PLAN)
    dm_print_layout_set_monitoring_plan (dm_print_operation_get_layout (operation),
                                         dm_monitoring_panel_get_plan (self->monitoring_panel),
                                         dm_monitoring_panel_get_zone_name (self->monitoring_panel));
  return dm_print_layout_export (dm_print_operation_get_layout (operation), path, 150, error);
}

static void
export_map_response (GtkNativeDialog *dialog, int response, DmWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;

      if (path != NULL && !g_str_has_suffix (path, ".pdf") && !g_str_has_suffix (path, ".svg") &&
          !g_str_has_suffix (path, ".png"))
        {
          char *with = g_strconcat (path, ".pdf", NULL);

          g_free (path);
          path = with;
        }
      if (path == NULL)
        _dm_window_show_error (self, _ ("Only files on this computer can be written"));
      else if (!dm_window_export_map (self, path, DM_MAP_EXPORT_DEFAULT, &error))
        {
          /* Translators: the first %s is a file name, the second why it failed */
          g_autofree char *message = g_strdup_printf (_ ("Could not export the map to “%s”: %s"), path, error->message);
          _dm_window_show_error (self, message);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_ ("Map written to “%s”"), path);
          _dm_window_show_message (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_dm_window_export_map_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  static const FileKind kinds[] = {
    { N_ ("PDF (vector, text selectable)"), "*.pdf" },
    { N_ ("SVG (vector)"), "*.svg" },
    { N_ ("PNG image (150 dpi)"), "*.png" },
  };

  if (complete_results (self) == NULL)
    return;
  gtk_native_dialog_show (
    GTK_NATIVE_DIALOG (new_save_chooser (self, _ ("Export the Map"), _ ("_Export"), kinds, G_N_ELEMENTS (kinds),
                                         _ ("map.pdf"), G_CALLBACK (export_map_response))));
}
