/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include "dm-window.h"

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
#include "dm-snap.h"
#include "dm-units.h"
#include "dm-resources.h"
#include "dm-scenario.h"
#include "dm-tile-source.h"

#define TILE_SIZE 256
#define MIN_ZOOM 2
#define MAX_ZOOM 12
/* Warnings listed in the sidebar; the map shows them all. */
#define MAX_WARNING_ROWS 50

struct _DmWindow {
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toasts;
  AdwWindowTitle *title;
  AdwFlap *flap;
  GtkOverlay *map_overlay;
  ShumateMap *map;
  ShumateScale *scale;
  GtkRevealer *loading_revealer;
  GtkProgressBar *loading_bar;
  GtkLabel *loading_label;
  GtkLabel *coordinates;
  GtkLabel *attribution;
  GtkLabel *tool_hint;
  DmFiguresPanel *figures_panel;
  AdwPreferencesGroup *zones_group;
  AdwPreferencesGroup *sides_group;
  AdwPreferencesGroup *warnings_group;
  GtkListBox *warnings_list;
  GMenu *recent_menu;
  AdwPreferencesGroup *selection_group;
  GtkBox *selection_box;
  AdwComboRow *proposal_row;
  AdwComboRow *compare_row;
  GArray *compare_map;      /* int: the proposal each compare_row item is (−1: none) */
  AdwPreferencesGroup *proposals_group;
  GtkListBox *history_list;
  GtkPopover *history_popover;

  ShumateMapLayer *basemap_layer;
  DmDocumentLayer *layer;
  DmEditLayer *edit;
  DmBasemapRenderer *renderer;
  char *basemap_error;
  gboolean show_basemap;
  DmLabelLanguage language;
  DmLengthUnit units;
  gboolean online;
  double default_dmz_width_m;

  DmEngine *engine;
  GFile *file;              /* where the document came from, or NULL */
  GtkPrintSettings *print_settings;  /* the last print's, for the next */
  gboolean is_project;      /* file is a Demarcate project (Save writes it) */
  gboolean from_recovery;   /* the document came from a recovery file */
  DmFileStamp stamp;        /* file as last opened or saved */
  char *recovery_path;      /* this window's autosave, once written */
  guint64 autosaved_revision;
  guint autosave_id;
  guint autosave_seconds;
  double zoom_goal;         /* where the last zoom step is going */
  gint64 zoom_goal_until;   /* monotonic µs: the step's animation ends */
  guint fingerprint_id;
  char *fingerprint;        /* short form, of the active proposal */
  GFile *pending_open;      /* to open once unsaved changes are settled */
  gboolean pending_new;     /* an empty document, once they are */
  gboolean close_after_save;
  DmSnapIndex *snap;        /* document and basemap linework, for snapping */
  GHashTable *snap_dirty;   /* feature ids whose geometry the index lacks */
  gboolean snap_rebuild;    /* features added or removed: rebuild it */
  GCancellable *loading;      /* a DmProgress while a file is read */
  guint loading_tick_id;
  gboolean editing_panel;      /* a selection panel widget is changing the document */
  guint selection_idle_id;
  GQueue import_queue;        /* GFile: dropped files still to import as reference layers */
  DmDeriveOptions derive_options;  /* for the next file that is a polygon of held territory */
  DmDeriveReport *derived;    /* what deriving made of the open file, until offered */
  char *last_error;

  GPtrArray *zone_rows;     /* widgets in zones_group */
  GPtrArray *side_rows;     /* AdwEntryRow, side A then B */
  GtkWidget *side_colors[2];
  gboolean updating;        /* guards spin and entry callbacks */
  gboolean updating_proposals;
  GPtrArray *shown_warnings; /* the DmResults.warnings the list shows */
  guint selection_figures_id;
};

G_DEFINE_FINAL_TYPE (DmWindow, dm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_BASEMAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_sidebar (DmWindow *self);
static void update_undo_actions (DmWindow *self);
static void import_next_queued (DmWindow *self);
static void update_selection (DmWindow *self);
static void update_selection_figures (DmWindow *self);
static void update_proposals (DmWindow *self);
static void update_title (DmWindow *self);
static void update_fingerprint (DmWindow *self);
static void ask_unsaved (DmWindow *self);
static DmDocument *current_document (DmWindow *self);
static gboolean fingerprint_timeout (gpointer data);
static gboolean selection_figures_timeout (gpointer data);

static void
show_error (DmWindow *self, const char *message)
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
static void
show_message (DmWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Warnings */

static void
warning_activated (GtkListBox *list, GtkListBoxRow *row, DmWindow *self)
{
  double *where = g_object_get_data (G_OBJECT (row), "dm-location");
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  if (where == NULL)
    return;
  shumate_map_go_to_full (self->map, where[1], where[0],
                          MAX (shumate_viewport_get_zoom_level (viewport), 10));
}

static void
update_warnings (DmWindow *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  GtkWidget *child;

  /* Quick results during a drag carry the last complete ones' warnings:
   * the list is already showing them. */
  if (r != NULL && r->warnings == self->shown_warnings)
    return;
  g_clear_pointer (&self->shown_warnings, g_ptr_array_unref);
  if (r != NULL && r->warnings != NULL)
    self->shown_warnings = g_ptr_array_ref (r->warnings);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);
  if (r == NULL || r->warnings == NULL || r->warnings->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), TRUE);
  for (guint i = 0; i < MIN (r->warnings->len, MAX_WARNING_ROWS); i++)
    {
      const DmWarning *w = g_ptr_array_index (r->warnings, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      double *where = g_new (double, 2);

      where[0] = w->lon;
      where[1] = w->lat;
      g_object_set_data_full (G_OBJECT (row), "dm-location", where, g_free);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), w->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->warnings_list, row);
    }
  if (r->warnings->len > MAX_WARNING_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("%u more on the map"), r->warnings->len - MAX_WARNING_ROWS);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->warnings_list, row);
    }
}

/* Zone widths */

typedef struct {
  DmWindow *window;
  guint rule;
  DmSide side;
} WidthRow;

static void
width_changed (GtkSpinButton *spin, WidthRow *wr)
{
  DmWindow *self = wr->window;
  DmDocument *doc;
  g_autoptr (DmZoneRule) rule = NULL;
  double metres;

  if (self->updating || self->engine == NULL)
    return;
  doc = dm_engine_get_document (self->engine);
  if (wr->rule >= dm_document_get_n_zone_rules (doc))
    return;
  rule = dm_zone_rule_copy (dm_document_get_zone_rule (doc, wr->rule));
  metres = dm_length_to_m (gtk_spin_button_get_value (spin), self->units);
  if (wr->side == DM_SIDE_A)
    rule->width_a_m = metres;
  else
    rule->width_b_m = metres;
  /* The document coalesces consecutive changes of a rule: one undo step
   * however long the spin button turns. */
  dm_document_set_zone_rule (doc, wr->rule, g_steal_pointer (&rule));
}

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
update_zone_rows (DmWindow *self)
{
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  guint n = doc != NULL ? dm_document_get_n_zone_rules (doc) : 0;

  self->updating = TRUE;
  clear_rows (self->zones_group, self->zone_rows);
  for (guint i = 0; i < n; i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (doc, i);
      const DmSide sides[] = { DM_SIDE_A, DM_SIDE_B };

      if (rule->type != DM_ZONE_RULE_LINE_BAND)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rule->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       rule->region_name != NULL ? rule->region_name : "");
          adw_preferences_group_add (self->zones_group, row);
          g_ptr_array_add (self->zone_rows, row);
          continue;
        }
      for (guint s = 0; s < 2; s++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *spin = gtk_spin_button_new_with_range (0, 500, 0.1);
          GtkWidget *unit = gtk_label_new (dm_length_unit_symbol (self->units));
          WidthRow *wr = g_new0 (WidthRow, 1);
          g_autofree char *title = g_strdup_printf ("%s — %s", rule->name,
                                                    dm_document_get_side_name (doc, sides[s]));
          double metres = sides[s] == DM_SIDE_A ? rule->width_a_m : rule->width_b_m;

          wr->window = self;
          wr->rule = i;
          wr->side = sides[s];
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       sides[s] == DM_SIDE_A ? _("Side A, left of the line")
                                                             : _("Side B, right of the line"));
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
          gtk_spin_button_set_increments (GTK_SPIN_BUTTON (spin), 0.25, 1);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), dm_length_from_m (metres, self->units));
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (unit, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
          g_object_set_data_full (G_OBJECT (spin), "dm-width-row", wr, g_free);
          g_object_set_data (G_OBJECT (row), "dm-width-spin", spin);
          g_signal_connect (spin, "value-changed", G_CALLBACK (width_changed), wr);
          adw_preferences_group_add (self->zones_group, row);
          g_ptr_array_add (self->zone_rows, row);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->zones_group), n > 0);
  self->updating = FALSE;
}

/* The zone rows show the document's rules again (after an undo, a
 * proposal switch or another window's edit); rebuilt when the rules are
 * no longer the ones the rows were made for, otherwise their values set
 * in place, so that a spin button being turned keeps its focus. */
static void
refresh_zone_rows (DmWindow *self)
{
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  guint n = doc != NULL ? dm_document_get_n_zone_rules (doc) : 0, n_rows = 0;

  for (guint i = 0; i < n; i++)
    n_rows += dm_document_get_zone_rule (doc, i)->type == DM_ZONE_RULE_LINE_BAND ? 2 : 1;
  if (n_rows != self->zone_rows->len)
    {
      update_zone_rows (self);
      return;
    }
  self->updating = TRUE;
  for (guint r = 0; r < self->zone_rows->len; r++)
    {
      GtkSpinButton *spin = g_object_get_data (g_ptr_array_index (self->zone_rows, r), "dm-width-spin");
      const WidthRow *wr = spin != NULL ? g_object_get_data (G_OBJECT (spin), "dm-width-row") : NULL;
      const DmZoneRule *rule;
      double value;

      if (wr == NULL || wr->rule >= n)
        continue;
      rule = dm_document_get_zone_rule (doc, wr->rule);
      value = dm_length_from_m (wr->side == DM_SIDE_A ? rule->width_a_m : rule->width_b_m, self->units);
      if (fabs (gtk_spin_button_get_value (spin) - value) > 1e-9)
        gtk_spin_button_set_value (spin, value);
    }
  self->updating = FALSE;
}

/* Sides */

static void
side_applied (AdwEntryRow *row, DmWindow *self)
{
  DmDocument *doc;
  DmSide side = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dm-side"));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->updating || self->engine == NULL || name == NULL || *name == '\0')
    return;
  doc = dm_engine_get_document (self->engine);
  dm_document_set_side (doc, side, name, dm_document_get_side_color (doc, side));
}

static void
side_color_set (GtkColorButton *button, DmWindow *self)
{
  DmDocument *doc;
  DmSide side = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "dm-side"));
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  if (self->updating || self->engine == NULL)
    return;
  doc = dm_engine_get_document (self->engine);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255),
                         (int) lround (rgba.green * 255), (int) lround (rgba.blue * 255));
  dm_document_set_side (doc, side, dm_document_get_side_name (doc, side), hex);
}

static void
update_side_rows (DmWindow *self)
{
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  const DmSide sides[] = { DM_SIDE_A, DM_SIDE_B };

  self->updating = TRUE;
  if (self->side_rows->len == 0)
    for (guint s = 0; s < 2; s++)
      {
        GtkWidget *row = adw_entry_row_new ();
        GtkWidget *color = gtk_color_button_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                       s == 0 ? _("Side A (left)") : _("Side B (right)"));
        adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
        g_object_set_data (G_OBJECT (row), "dm-side", GINT_TO_POINTER (sides[s]));
        g_signal_connect (row, "apply", G_CALLBACK (side_applied), self);
        gtk_color_button_set_modal (GTK_COLOR_BUTTON (color), TRUE);
        gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (color, _("The side’s colour on the map"));
        g_object_set_data (G_OBJECT (color), "dm-side", GINT_TO_POINTER (sides[s]));
        g_signal_connect (color, "color-set", G_CALLBACK (side_color_set), self);
        adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), color);
        adw_preferences_group_add (self->sides_group, row);
        g_ptr_array_add (self->side_rows, row);
        self->side_colors[s] = color;
      }
  for (guint s = 0; s < 2; s++)
    {
      GdkRGBA rgba;

      if (doc == NULL)
        break;
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (self->side_rows, s)),
                             dm_document_get_side_name (doc, sides[s]));
      if (gdk_rgba_parse (&rgba, dm_document_get_side_color (doc, sides[s])))
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->side_colors[s]), &rgba);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sides_group), doc != NULL);
  self->updating = FALSE;
}

static void
update_sidebar (DmWindow *self)
{
  update_warnings (self);
  update_zone_rows (self);
  update_side_rows (self);
}

static void
results_changed (DmWindow *self)
{
  update_warnings (self);
}

static void
document_changed (DmWindow *self, DmChange *change, DmDocument *doc)
{
  g_assert (DM_IS_WINDOW (self));

  /* The engine recomputes only what the change touched; a newer update
   * cancels the one it supersedes. */
  dm_engine_update (self->engine);
  if (change->kind == DM_CHANGE_SIDES)
    {
      update_side_rows (self);
      update_zone_rows (self);
    }
  else if (change->kind == DM_CHANGE_ZONE_RULES && !self->updating)
    refresh_zone_rows (self);
  else if (change->kind == DM_CHANGE_PROPOSALS || change->kind == DM_CHANGE_ACTIVE_PROPOSAL)
    update_proposals (self);
  if (change->kind == DM_CHANGE_FEATURE_ADDED || change->kind == DM_CHANGE_FEATURE_REMOVED ||
      change->kind == DM_CHANGE_ACTIVE_PROPOSAL || change->kind == DM_CHANGE_PROPOSALS ||
      change->kind == DM_CHANGE_REFERENCE_LAYERS)
    self->snap_rebuild = TRUE;
  else if (change->feature_id != 0)
    g_hash_table_add (self->snap_dirty, GUINT_TO_POINTER (change->feature_id));
  /* The fingerprint covers lines, swaps and zone rules: a few times a
   * second is enough during a drag. */
  if (self->fingerprint_id == 0)
    self->fingerprint_id = g_timeout_add (300, fingerprint_timeout, self);
  if (change->feature_id != 0 && change->feature_id == dm_edit_layer_get_selected_feature (self->edit) &&
      self->selection_figures_id == 0)
    /* A drag moves the selection 60 times a second; the length of a
     * 30,000-vertex line takes milliseconds: a few updates a second. */
    self->selection_figures_id = g_timeout_add (150, selection_figures_timeout, self);
}

/* The title: the file's name, marked while there are unsaved changes,
 * and its folder. */
static void
update_title (DmWindow *self)
{
  DmDocument *doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("Untitled"));
  g_autoptr (GFile) parent = self->file != NULL ? g_file_get_parent (self->file) : NULL;
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;
  gboolean modified = doc != NULL && dm_document_is_modified (doc);
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  if (doc == NULL)
    {
      adw_window_title_set_title (self->title, _("Demarcate"));
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Demarcate"));
      return;
    }
  /* The bundled sample says what it is. */
  {
    DmFeature *line = dm_document_get_contact_line (doc);
    const char *illustrative = line != NULL ? dm_feature_get_property (line, "illustrative") : NULL;

    if (illustrative != NULL && (g_str_equal (illustrative, "1") || g_ascii_strcasecmp (illustrative, "true") == 0))
      {
        /* Translators: a document's name, then what it is */
        char *marked = g_strdup_printf (_("%s (illustrative sample)"), name);

        g_free (name);
        name = marked;
      }
  }
  /* Translators: the mark before a document's name while it has unsaved changes */
  title = modified ? g_strdup_printf (_("• %s"), name) : g_strdup (name);
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, folder);
  /* Translators: the window's title: a document's name and the application's */
  window_title = g_strdup_printf (_("%s — Demarcate"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Loading */

/* The progress bar follows the reading: its fraction when the reader
 * reports one, a pulse while it cannot tell. */
static gboolean
loading_tick (gpointer data)
{
  DmWindow *self = data;
  double fraction = self->loading != NULL && DM_IS_PROGRESS (self->loading)
                    ? dm_progress_get_fraction (DM_PROGRESS (self->loading)) : -1;

  if (fraction < 0)
    gtk_progress_bar_pulse (self->loading_bar);
  else
    gtk_progress_bar_set_fraction (self->loading_bar, fraction);
  return G_SOURCE_CONTINUE;
}

static void
set_loading (DmWindow *self, const char *name)
{
  g_clear_handle_id (&self->loading_tick_id, g_source_remove);
  if (name != NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Opening “%s”…"), name);

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
  set_loading (self, name);
}

/* What opening a file takes and gives. */
typedef struct {
  GFile *file;
  DmDeriveOptions options;     /* for a polygon of held territory */
  DmDeriveReport *derived;     /* (out) what deriving made of it */
  gboolean is_project;         /* (out) */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->derived, dm_derive_report_free);
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
                               _("Only files on this computer can be opened"));
      return;
    }
  /* A project, or else any geodata: what a file is, not its name, says.
   * A tracker's polygon has its contact line derived (dm-scenario.h). */
  doc = dm_project_load (path, NULL, cancellable, &error);
  job->is_project = doc != NULL;
  if (doc == NULL && g_error_matches (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT))
    {
      g_clear_error (&error);
      doc = dm_scenario_load_geodata_full (path, NULL, &job->options, &job->derived, cancellable, &error);
    }
  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, g_object_unref);
}

static void
set_engine (DmWindow *self, DmEngine *engine)
{
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (dm_engine_get_document (self->engine), self);
    }
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "results-changed", G_CALLBACK (results_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (dm_engine_get_document (engine), "changed",
                               G_CALLBACK (document_changed), self, G_CONNECT_SWAPPED);
      /* A drag's step joins the history when the drag ends, with no
       * change of its own: follow the history, not the changes. */
      g_signal_connect_object (dm_engine_get_document (engine), "notify::can-undo",
                               G_CALLBACK (update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dm_engine_get_document (engine), "notify::can-redo",
                               G_CALLBACK (update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dm_engine_get_document (engine), "notify::modified",
                               G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
    }
  dm_document_layer_set_engine (self->layer, engine);
  dm_edit_layer_set_engine (self->edit, engine);
  dm_figures_panel_set_engine (self->figures_panel, engine);
  self->snap_rebuild = TRUE;
  update_sidebar (self);
  update_proposals (self);
  update_selection (self);
  update_undo_actions (self);
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
    return;   /* a newer open, or Cancel, already reset the view */
  set_loading (self, NULL);
  if (doc == NULL)
    {
      /* Translators: the first %s is a file name, the second why it failed */
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"),
                                                  name, error->message);
      g_message ("%s", message);
      show_error (self, message);
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
      self->is_project = job->is_project;
      dm_file_stamp_get (path, &self->stamp, NULL);
    }
  self->autosaved_revision = dm_document_get_revision (doc);
  set_engine (self, engine);
  update_title (self);
  update_fingerprint (self);
  if (!self->from_recovery)
    {
      g_autofree char *uri = g_file_get_uri (file);
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
  dm_engine_update (self->engine);
  g_clear_pointer (&self->derived, dm_derive_report_free);
  self->derived = g_steal_pointer (&job->derived);
  /* Files dropped with it are imported once the derived line is settled,
   * so that giving it up forgets nothing but the line. */
  if (self->derived != NULL)
    offer_derived_line (self);
  else
    import_next_queued (self);
}

void
dm_window_open (DmWindow *self, GFile *file)
{
  GTask *task;
  LoadJob *job;

  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Unsaved work first: Save, Discard or Cancel, then this file. */
  if (current_document (self) != NULL && dm_document_is_modified (current_document (self)))
    {
      g_set_object (&self->pending_open, file);
      ask_unsaved (self);
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
  DmDocument *doc = current_document (self);

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
      dm_engine_update (self->engine);
      show_message (self, _("The polygon is a reference layer; draw the contact line, or derive it later from "
                            "the menu"));
    }
  import_next_queued (self);
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
#define IMPORT_REFERENCE DM_WINDOW_IMPORT_REFERENCE
#define IMPORT_LINE DM_WINDOW_IMPORT_LINE
#define IMPORT_CONTROL DM_WINDOW_IMPORT_CONTROL
#define IMPORT_COMPARISON DM_WINDOW_IMPORT_COMPARISON

typedef struct {
  GFile *file;
  ImportMode mode;
  DmImportLayer *layer;     /* IMPORT_REFERENCE */
  DmGeometry *line;         /* IMPORT_LINE, IMPORT_CONTROL, IMPORT_COMPARISON */
  DmDeriveReport *report;   /* IMPORT_CONTROL, or a polygon for IMPORT_COMPARISON */
  DmDeriveOptions options;  /* for deriving */
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

/* The file's contact line: the feature whose role says so, else the
 * longest line. */
static DmGeometry *
pick_line (DmImportLayer *layer)
{
  DmImportFeature *best = NULL;
  double best_length = 0;

  for (guint i = 0; i < layer->features->len; i++)
    {
      DmImportFeature *f = g_ptr_array_index (layer->features, i);
      const char *role = f->properties != NULL ? g_hash_table_lookup (f->properties, "role") : NULL;
      double length;

      if (!dm_geometry_is_lineal (f->geometry))
        continue;
      if (g_strcmp0 (role, "contact_line") == 0)
        return dm_geometry_copy (f->geometry);
      length = dm_geodesy_geometry_length_m (f->geometry);
      if (length > best_length)
        {
          best = f;
          best_length = length;
        }
    }
  return best != NULL ? dm_geometry_copy (best->geometry) : NULL;
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
                               _("Only files on this computer can be opened"));
      return;
    }
  if (job->mode == IMPORT_COMPARISON)
    {
      /* Whatever a file is, as opening it makes it: a project, a line,
       * a polygon of held territory. */
      g_autoptr (DmDocument) other = dm_project_load (path, NULL, cancellable, &error);
      DmFeature *line;

      if (other == NULL && g_error_matches (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT))
        {
          g_clear_error (&error);
          other = dm_scenario_load_geodata_full (path, NULL, &job->options, &job->report, cancellable, &error);
        }
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
      if ((job->line = pick_line (layer)) == NULL)
        {
          g_task_return_new_error (task, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                                   _("it holds no line; to use a polygon of controlled territory, "
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
                                     _("it holds no polygon of held territory"));
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
  dm_document_begin_group (doc, _("Add a proposal to compare with"));
  index = dm_document_add_proposal (doc, base, FALSE);
  dm_document_add_feature (doc, feature);
  dm_document_set_active_proposal (doc, active);
  dm_document_end_group (doc);
  dm_window_set_compare_proposal (self, (int) index);
  /* Translators: %s is a file's name */
  message = g_strdup_printf (_("Compared with “%s”: land changing hands is hatched in the colour of the side that "
                               "gets it"), base);
  show_message (self, message);
}

/* The line derived by Import, offered as on opening: kept, given up for
 * the polygon as a reference layer, or derived again. */
typedef struct {
  DmWindow *window;          /* weak: the dialog may answer after the window is gone */
  GFile *file;
  DmImportLayer *layer;
  guint64 revision;          /* the document after the import */
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
  DmDocument *doc = self != NULL ? current_document (self) : NULL;
  gboolean undone = FALSE;

  if (g_strcmp0 (response, "use") == 0 || doc == NULL)
    return;
  /* Undone only when nothing came after it. */
  if (dm_document_get_revision (doc) == offer->revision && dm_document_can_undo (doc))
    undone = dm_document_undo (doc);
  if (!undone)
    {
      show_message (self, _("The line has been edited since: use Undo to take it back"));
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
  offer->revision = dm_document_get_revision (current_document (self));
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

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, NULL);
  doc = self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
  if (error != NULL || doc == NULL)
    {
      /* Translators: the first %s is a file name, the second why it failed */
      g_autofree char *message = g_strdup_printf (_("Could not import “%s”: %s"), name,
                                                  error != NULL ? error->message
                                                                : _("open a document first"));
      show_error (self, message);
      import_next_queued (self);
      return;
    }

  if (job->mode == IMPORT_REFERENCE)
    {
      GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < job->layer->features->len; i++)
        {
          DmImportFeature *f = g_ptr_array_index (job->layer->features, i);

          g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, f->name,
                                                     g_steal_pointer (&f->geometry)));
        }
      dm_document_add_reference_layer (doc, name, path, features);
      import_next_queued (self);
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
                                   ? g_strdup_printf (_("Contact line derived from %s"), name) : NULL;

      /* One undo step replaces the active proposal's line (or adds one),
       * named after the file it was derived from. */
      dm_document_begin_group (doc, job->mode == IMPORT_CONTROL ? _("Derive contact line") : _("Import contact line"));
      if (line != NULL)
        {
          dm_document_set_geometry (doc, dm_feature_get_id (line), g_steal_pointer (&job->line));
          if (line_name != NULL)
            dm_document_set_feature_name (doc, dm_feature_get_id (line), line_name);
        }
      else
        {
          g_autoptr (DmFeature) feature = dm_feature_new (DM_ROLE_CONTACT_LINE,
                                                          line_name != NULL ? line_name : _("Contact line"),
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
          message = g_strdup_printf (_("Contact line imported: %s (Undo restores the previous line)"), length);
          show_message (self, message);
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

      source = SHUMATE_MAP_SOURCE (dm_tile_source_new (self->renderer, ids[self->language], _("Offline basemap"),
                                                       MIN_ZOOM, MAX_ZOOM, TILE_SIZE, MIN (scale, 4),
                                                       self->language));
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
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->basemap_layer),
                                       SHUMATE_LAYER (self->layer));
    }
  {
    /* Translators: the basemap's data sources follow */
    g_autofree char *text = attribution != NULL ? g_strdup_printf (_("Map data: %s"), attribution) : NULL;
    gtk_label_set_text (self->attribution, text != NULL ? text : "");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->attribution), text);
  }
}

void
dm_window_set_label_language (DmWindow *self, DmLabelLanguage language)
{
  g_return_if_fail (DM_IS_WINDOW (self));
  g_return_if_fail (language < DM_N_LABEL_LANGUAGES);

  if (self->language == language)
    return;
  self->language = language;
  if (!self->online)
    update_map_source (self);
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
  update_zone_rows (self);
  update_selection (self);
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

/* Dropped files wait here to be imported one after the other. */
static void
import_next_queued (DmWindow *self)
{
  g_autoptr (GFile) next = g_queue_pop_head (&self->import_queue);

  if (next != NULL)
    dm_window_import (self, next, DM_WINDOW_IMPORT_REFERENCE);
}

static void
drop_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "dm-files");

  if (g_str_equal (response, "reference"))
    {
      for (guint i = 0; i < files->len; i++)
        g_queue_push_tail (&self->import_queue, g_object_ref (g_ptr_array_index (files, i)));
      import_next_queued (self);
    }
  else if (g_str_equal (response, "line"))
    dm_window_import (self, g_ptr_array_index (files, 0), DM_WINDOW_IMPORT_LINE);
  else if (g_str_equal (response, "control"))
    dm_window_import (self, g_ptr_array_index (files, 0), DM_WINDOW_IMPORT_CONTROL);
  else if (g_str_equal (response, "open"))
    dm_window_open (self, g_ptr_array_index (files, 0));
}

/* Files dropped onto the map, or given to the window otherwise: with no
 * document, the first is opened (the others follow as reference layers);
 * with one, the user says what they are. */
void
dm_window_drop_files (DmWindow *self, GFile **files, guint n_files)
{
  AdwMessageDialog *dialog;
  GPtrArray *kept;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (DM_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (current_document (self) == NULL)
    {
      for (guint i = 1; i < n_files; i++)
        g_queue_push_tail (&self->import_queue, g_object_ref (files[i]));
      dm_window_open (self, files[0]);
      return;
    }
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (kept, g_object_ref (files[i]));
  name = g_file_get_basename (files[0]);
  if (n_files == 1)
    /* Translators: %s is a file name */
    heading = g_strdup_printf (_("What is “%s”?"), name);
  else
    heading = g_strdup_printf (ngettext ("Add %u file as a reference layer?", "Add %u files as reference layers?",
                                         n_files), n_files);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       n_files == 1
                                                       ? _("A reference layer is drawn under the document for comparison. "
                                                           "A contact line replaces the current one (Undo restores it). "
                                                           "Opening replaces the document.")
                                                       : _("Each file is drawn under the document for comparison.")));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (n_files == 1)
    {
      adw_message_dialog_add_responses (dialog,
                                        "open", _("_Open Instead"),
                                        "control", _("_Derive Line from Control Polygon"),
                                        "line", _("Use as Contact _Line"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "reference", _("Add as _Reference Layer"));
  adw_message_dialog_set_response_appearance (dialog, "reference", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reference");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dm-files", kept, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (drop_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
file_dropped (GtkDropTarget *target, const GValue *value, double x, double y, DmWindow *self)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new ();
  g_autoptr (GSList) list = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  dm_window_drop_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

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
  shumate_map_go_to_full_with_duration (self->map,
                                        shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                        shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                        goal, ZOOM_STEP_MS);
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
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map),
                                              w / 2.0 + dx * w / 5.0, h / 2.0 + dy * h / 5.0,
                                              &lat, &lon);
  shumate_map_center_on (self->map, lat, lon);
}

static void
cancel_open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);

  g_cancellable_cancel (self->loading);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  set_loading (self, NULL);
}

static void
toggle_sidebar_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
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

static void
choose_file (DmWindow *self, int mode)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *geodata = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();
  static const char *patterns[] = { "*.geojson", "*.json", "*.kml", "*.kmz", "*.gpkg", "*.shp",
                                    "*.gpx", "*.fgb", "*.csv", "*.zip" };
  const char *title, *accept;

  switch (mode)
    {
    case IMPORT_REFERENCE:
      title = _("Import a Reference Layer");
      accept = _("_Import");
      break;
    case IMPORT_LINE:
      title = _("Import the Contact Line");
      accept = _("_Import");
      break;
    case IMPORT_CONTROL:
      title = _("Derive the Contact Line from a Control Polygon");
      accept = _("_Derive");
      break;
    case IMPORT_COMPARISON:
      title = _("Compare with a Line or a Control Polygon");
      accept = _("_Compare");
      break;
    case CHOOSE_OPEN:
    default:
      title = _("Open a File");
      accept = _("_Open");
      break;
    }
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         accept, _("_Cancel"));
  gtk_file_filter_set_name (geodata, _("Geodata (GeoJSON, KML, GeoPackage, shapefile, …)"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (geodata, patterns[i]);
  gtk_file_filter_set_name (all, _("All files"));
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
  if (current_document (self) != NULL && dm_document_is_modified (current_document (self)))
    {
      self->pending_new = TRUE;
      ask_unsaved (self);
      return;
    }
  g_cancellable_cancel (self->loading);
  set_loading (self, NULL);
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
  set_engine (self, engine);
  update_title (self);
  update_fingerprint (self);
  dm_engine_update (self->engine);
  show_message (self, _("A new, empty document: draw the contact line (L), or open or drop a file"));
}

static void
new_action (GtkWidget *widget, const char *name, GVariant *param)
{
  dm_window_new_document (DM_WINDOW (widget));
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (DM_WINDOW (widget), CHOOSE_OPEN);
}

static void
import_reference_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (DM_WINDOW (widget), IMPORT_REFERENCE);
}

static void
import_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (DM_WINDOW (widget), IMPORT_LINE);
}

static void
derive_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (DM_WINDOW (widget), IMPORT_CONTROL);
}

static void
open_recent_action (GtkWidget *widget, const char *name, GVariant *param)
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
static void
update_recent_menu (DmWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr (GPtrArray) ours = g_ptr_array_new ();
  const char *app = g_get_application_name ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    if (app != NULL && gtk_recent_info_has_application (l->data, app) &&
        gtk_recent_info_is_local (l->data))
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
      g_autoptr (GMenuItem) item = g_menu_item_new (_("No recent files"), "win.no-recent");
      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* Editing */

/* Pixels within which a pointer snaps to a vertex. */
#define SNAP_RADIUS 10.0

static DmDocument *
current_document (DmWindow *self)
{
  return self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
}

static void
update_undo_actions (DmWindow *self)
{
  DmDocument *doc = current_document (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 doc != NULL && dm_document_can_undo (doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 doc != NULL && dm_document_can_redo (doc));
}

/* Snapping: to vertices and segments of the document's features and of
 * the basemap's borders, rivers and coast, within SNAP_RADIUS pixels. */
static DmSnapIndex *
snap_index (DmWindow *self)
{
  DmDocument *doc = current_document (self);

  if (doc == NULL)
    return NULL;
  if (self->snap == NULL || self->snap_rebuild)
    {
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);
      static const DmLineworkKind kinds[] = { DM_LINEWORK_BORDER, DM_LINEWORK_ADMIN1,
                                              DM_LINEWORK_RIVER, DM_LINEWORK_COAST,
                                              DM_LINEWORK_SHORE };

      g_clear_pointer (&self->snap, dm_snap_index_free);
      self->snap = dm_snap_index_new ();
      if (basemap != NULL)
        for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
          dm_snap_index_add_linework (self->snap, basemap, kinds[i]);
      dm_snap_index_add_document (self->snap, doc);
      g_hash_table_remove_all (self->snap_dirty);
      self->snap_rebuild = FALSE;
    }
  else if (g_hash_table_size (self->snap_dirty) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      /* Edited features, brought up to date when next needed. */
      g_hash_table_iter_init (&iter, self->snap_dirty);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          DmFeature *f = dm_document_lookup_feature (doc, GPOINTER_TO_UINT (key));

          dm_snap_index_set_feature (self->snap, GPOINTER_TO_UINT (key),
                                     f != NULL ? dm_feature_get_geometry (f) : NULL);
        }
      g_hash_table_remove_all (self->snap_dirty);
    }
  return self->snap;
}

static void
snap_tolerance (const DmViewport *view, double lat, double radius_px, double *tol_lon, double *tol_lat)
{
  *tol_lon = radius_px * 360.0 / (view->tile_size * exp2 (view->zoom));
  *tol_lat = *tol_lon * cos (lat * G_PI / 180.0);
}

static gboolean
snap_to_map (const DmViewport *view, double x, double y, double *lon, double *lat, gpointer data)
{
  DmWindow *self = data;
  DmSnapIndex *index = snap_index (self);
  guint selected, n_selected;
  const guint *vertices;
  double plon, plat, tol_lon, tol_lat;
  DmSnapResult hit;

  if (index == NULL)
    return FALSE;
  dm_viewport_to_location (view, x, y, &plon, &plat);
  snap_tolerance (view, plat, SNAP_RADIUS, &tol_lon, &tol_lat);
  selected = dm_edit_layer_get_selected_feature (self->edit);
  vertices = dm_edit_layer_get_selected_vertices (self->edit, &n_selected);
  /* The vertex being dragged (and its two segments) is no target. */
  if (!dm_snap_index_query (index, plon, plat, tol_lon, tol_lat, DM_SNAP_VERTEX | DM_SNAP_SEGMENT,
                            dm_edit_layer_is_dragging (self->edit) && n_selected == 1 ? selected : 0,
                            dm_edit_layer_is_dragging (self->edit) && n_selected == 1 ? (gint) vertices[0] : -1,
                            &hit))
    return FALSE;
  *lon = hit.lon;
  *lat = hit.lat;
  return TRUE;
}

/* Tracing along the lines both points were snapped onto. */
static gboolean
trace_along (double lon0, double lat0, double lon1, double lat1, GArray *xy, gpointer data,
             GError **error)
{
  DmWindow *self = data;
  DmSnapIndex *index = snap_index (self);
  DmSnapResult from, to;
  g_autoptr (DmGeometry) path = NULL;
  /* Both points lie on the line (they were snapped): a hair's tolerance. */
  const double tol = 1e-7;

  if (index == NULL ||
      !dm_snap_index_query (index, lon0, lat0, tol, tol, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &from) ||
      !dm_snap_index_query (index, lon1, lat1, tol, tol, DM_SNAP_VERTEX | DM_SNAP_SEGMENT, 0, -1, &to))
    {
      g_set_error_literal (error, DM_SNAP_ERROR, DM_SNAP_ERROR_NOT_SNAPPED,
                           _("Tracing runs between two points snapped onto a river, border or coast; turn on snapping (S) and click on the line"));
      return FALSE;
    }
  if ((path = dm_snap_trace (index, &from, &to, error)) == NULL)
    return FALSE;
  for (guint i = 1; i < dm_geometry_get_n_points (path); i++)
    {
      double p[2];

      dm_geometry_get_point (path, i, &p[0], &p[1]);
      g_array_append_vals (xy, p, 2);
    }
  return TRUE;
}

static const char *
role_title (DmRole role)
{
  switch (role)
    {
    case DM_ROLE_CONTACT_LINE:
      return _("Contact line");
    case DM_ROLE_LAND_SWAP:
      return _("Land swap");
    case DM_ROLE_ANNOTATION:
      return _("Annotation");
    case DM_ROLE_REFERENCE:
    default:
      return _("Reference feature");
    }
}

static char *
selection_figures_text (DmWindow *self, DmFeature *feature)
{
  const DmGeometry *g = dm_feature_get_geometry (feature);
  guint n_selected;
  g_autofree char *figure = NULL;
  g_autofree char *vertices = NULL;

  dm_edit_layer_get_selected_vertices (self->edit, &n_selected);
  if (dm_feature_get_role (feature) == DM_ROLE_LAND_SWAP)
    figure = dm_format_area (dm_geodesy_geometry_area_m2 (g), dm_area_unit_for_length (self->units));
  else if (dm_feature_get_role (feature) == DM_ROLE_CONTACT_LINE && dm_geometry_get_n_parts (g) > 1)
    {
      guint part = dm_edit_layer_get_selected_part (self->edit), n_parts = dm_geometry_get_n_parts (g);
      g_autofree char *whole = dm_format_length_both (dm_geodesy_geometry_length_m (g), self->units);

      if (part < n_parts)
        {
          guint np;
          const double *xy = dm_geometry_get_ring (g, part, 0, &np);
          g_autofree char *len = dm_format_length_both (dm_geodesy_path_length_m (xy, np), self->units);

          /* Translators: “Part 3 of 6: 33.3 km (20.7 mi) of 1,359 km (844 mi)” */
          figure = g_strdup_printf (_("Part %u of %u: %s of %s"), part + 1, n_parts, len, whole);
        }
      else
        /* Translators: a line's length and how many parts it has */
        figure = g_strdup_printf (ngettext ("%s in %u part", "%s in %u parts", n_parts), whole, n_parts);
    }
  else if (dm_feature_get_role (feature) == DM_ROLE_CONTACT_LINE)
    figure = dm_format_length_both (dm_geodesy_geometry_length_m (g), self->units);
  if (n_selected > 0)
    /* Translators: vertices of a feature, and how many are selected */
    vertices = g_strdup_printf (ngettext ("%u vertex, %u selected", "%u vertices, %u selected",
                                          dm_geometry_get_n_points (g)),
                                dm_geometry_get_n_points (g), n_selected);
  else
    vertices = g_strdup_printf (ngettext ("%u vertex", "%u vertices", dm_geometry_get_n_points (g)),
                                dm_geometry_get_n_points (g));
  return figure != NULL ? g_strdup_printf ("%s · %s", figure, vertices) : g_steal_pointer (&vertices);
}

static void
selection_name_applied (GtkEntry *entry, DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  gboolean text = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "dm-text"));

  if (doc == NULL || id == 0)
    return;
  self->editing_panel = TRUE;
  if (text)
    dm_document_set_feature_text (doc, id, gtk_editable_get_text (GTK_EDITABLE (entry)));
  else
    dm_document_set_feature_name (doc, id, gtk_editable_get_text (GTK_EDITABLE (entry)));
  self->editing_panel = FALSE;
}

static void
swap_giver_changed (GtkDropDown *dropdown, GParamSpec *pspec, DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  static const DmSide givers[] = { DM_SIDE_NONE, DM_SIDE_A, DM_SIDE_B };
  guint i = gtk_drop_down_get_selected (dropdown);
  DmSide giver;

  if (doc == NULL || id == 0 || self->updating || i >= G_N_ELEMENTS (givers))
    return;
  giver = givers[i];
  self->editing_panel = TRUE;
  dm_document_set_swap_sides (doc, id, giver,
                              giver == DM_SIDE_NONE ? DM_SIDE_NONE
                                                    : giver == DM_SIDE_A ? DM_SIDE_B : DM_SIDE_A);
  self->editing_panel = FALSE;
}

static GtkWidget *
add_entry (DmWindow *self, const char *title, const char *value, gboolean text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  g_object_set_data (G_OBJECT (entry), "dm-text", GINT_TO_POINTER (text));
  g_signal_connect (entry, "activate", G_CALLBACK (selection_name_applied), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (self->selection_box, box);
  return entry;
}

static void
update_selection (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmFeature *feature = doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;
  GtkWidget *buttons, *button, *figures;
  DmRole role;

  dm_document_renderer_set_highlight (dm_document_layer_get_renderer (self->layer), feature != NULL ? id : 0);
  dm_document_renderer_set_highlight_part (dm_document_layer_get_renderer (self->layer),
                                           dm_edit_layer_get_selected_part (self->edit));
  gtk_widget_queue_draw (GTK_WIDGET (self->layer));
  clear_box (self->selection_box);
  gtk_widget_set_visible (GTK_WIDGET (self->selection_group), feature != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selection", feature != NULL);
  if (feature == NULL)
    return;
  role = dm_feature_get_role (feature);
  adw_preferences_group_set_title (self->selection_group, role_title (role));

  if (role == DM_ROLE_ANNOTATION)
    add_entry (self, _("Text (press Enter to apply)"), dm_feature_get_text (feature), TRUE);
  else
    add_entry (self, _("Name (press Enter to apply)"), dm_feature_get_name (feature), FALSE);

  if (role == DM_ROLE_LAND_SWAP)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (_("Given by"));
      g_autofree char *inferred = g_strdup (_("Inferred from where it lies"));
      const char *items[] = { inferred, dm_document_get_side_name (doc, DM_SIDE_A),
                              dm_document_get_side_name (doc, DM_SIDE_B), NULL };
      GtkWidget *dropdown = gtk_drop_down_new_from_strings (items);
      DmSide from = dm_feature_get_from_side (feature);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      self->updating = TRUE;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                                  from == DM_SIDE_A ? 1 : from == DM_SIDE_B ? 2 : 0);
      self->updating = FALSE;
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (swap_giver_changed), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), dropdown);
      gtk_box_append (self->selection_box, row);
    }

  figures = gtk_label_new (NULL);
  {
    g_autofree char *text = selection_figures_text (self, feature);
    gtk_label_set_text (GTK_LABEL (figures), text);
  }
  gtk_label_set_xalign (GTK_LABEL (figures), 0);
  gtk_label_set_wrap (GTK_LABEL (figures), TRUE);
  gtk_widget_add_css_class (figures, "numeric");
  gtk_widget_add_css_class (figures, "dim-label");
  gtk_widget_set_name (figures, "selection-figures");
  gtk_box_append (self->selection_box, figures);

  {
    /* Operations on the line or its selected vertex. */
    GtkWidget *ops = gtk_flow_box_new ();
    guint n_selected;
    static const struct { const char *label, *action, *tooltip; gboolean vertex, line; } items[] = {
      { N_("_Coordinates…"), "win.set-coordinates", N_("Type the selected vertex’s position"), TRUE, FALSE },
      { N_("S_plit Here"), "win.split-line", N_("Cut the line in two at the selected vertex"), TRUE, TRUE },
      { N_("_Join"), "win.join-lines", N_("Join this part to the part whose end is nearest"), FALSE, TRUE },
      { N_("Si_mplify…"), "win.simplify", N_("Remove vertices within a tolerance"), FALSE, FALSE },
    };

    dm_edit_layer_get_selected_vertices (self->edit, &n_selected);
    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (ops), GTK_SELECTION_NONE);
    gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (ops), 6);
    gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (ops), 6);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (ops), 3);
    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        GtkWidget *b;

        if ((items[i].vertex && n_selected != 1) || (items[i].line && role != DM_ROLE_CONTACT_LINE) ||
            role == DM_ROLE_ANNOTATION)
          continue;
        /* Join is for a line of several parts. */
        if (g_str_equal (items[i].action, "win.join-lines") &&
            dm_geometry_get_n_parts (dm_feature_get_geometry (feature)) < 2)
          continue;
        b = gtk_button_new_with_mnemonic (_(items[i].label));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (b), items[i].action);
        gtk_widget_set_tooltip_text (b, _(items[i].tooltip));
        gtk_flow_box_append (GTK_FLOW_BOX (ops), b);
      }
    if (gtk_widget_get_first_child (ops) != NULL)
      gtk_box_append (self->selection_box, ops);
    else
      {
        g_object_ref_sink (ops);
        g_object_unref (ops);
      }
  }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (role == DM_ROLE_CONTACT_LINE)
    {
      button = gtk_button_new_with_mnemonic (_("_Reverse Direction"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.reverse-line");
      gtk_widget_set_tooltip_text (button, _("Swap the sides: side A lies left of the line’s direction"));
      gtk_box_append (GTK_BOX (buttons), button);
    }
  {
    guint n_sel;
    gboolean part = role == DM_ROLE_CONTACT_LINE && dm_edit_layer_get_selected_part (self->edit) != G_MAXUINT;

    dm_edit_layer_get_selected_vertices (self->edit, &n_sel);
    button = gtk_button_new_with_mnemonic (part && n_sel == 0 ? _("_Delete Part") : _("_Delete"));
  }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.delete-selection");
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (self->selection_box, buttons);
}

static gboolean
selection_idle (gpointer data)
{
  DmWindow *self = data;

  self->selection_idle_id = 0;
  update_selection (self);
  return G_SOURCE_REMOVE;
}

/* The panel is rebuilt when the selection (or what it shows) changes;
 * when one of its own widgets made the change, once that widget's signal
 * is over, not from inside it. */
static void
selection_changed (DmWindow *self)
{
  if (self->editing_panel)
    {
      if (self->selection_idle_id == 0)
        self->selection_idle_id = g_idle_add (selection_idle, self);
      return;
    }
  g_clear_handle_id (&self->selection_idle_id, g_source_remove);
  update_selection (self);
}

/* Only the figures line, while a drag moves the selection. */
static void
update_selection_figures (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmFeature *feature = doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;

  if (feature == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->selection_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), "selection-figures") == 0)
      {
        g_autofree char *text = selection_figures_text (self, feature);
        gtk_label_set_text (GTK_LABEL (child), text);
      }
}

static gboolean
selection_figures_timeout (gpointer data)
{
  DmWindow *self = data;

  self->selection_figures_id = 0;
  update_selection_figures (self);
  return G_SOURCE_REMOVE;
}

static void
update_proposals (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  self->updating_proposals = TRUE;
  for (guint i = 0; doc != NULL && i < dm_document_get_n_proposals (doc); i++)
    gtk_string_list_append (names, dm_document_get_proposal_name (doc, i));
  adw_combo_row_set_model (self->proposal_row, G_LIST_MODEL (names));
  if (doc != NULL)
    adw_combo_row_set_selected (self->proposal_row, dm_document_get_active_proposal (doc));
  gtk_widget_set_sensitive (GTK_WIDGET (self->proposal_row), doc != NULL);

  /* Compare with: none, or any other proposal. */
  {
    g_autoptr (GtkStringList) others = gtk_string_list_new (NULL);
    int current = self->engine != NULL ? dm_engine_get_compare_proposal (self->engine) : -1;
    int none = -1;
    guint selected = 0;

    if (doc != NULL && current >= 0 &&
        ((guint) current >= dm_document_get_n_proposals (doc) || (guint) current == dm_document_get_active_proposal (doc)))
      {
        current = -1;
        dm_engine_set_compare_proposal (self->engine, -1);
      }
    g_array_set_size (self->compare_map, 0);
    gtk_string_list_append (others, _("Nothing"));
    g_array_append_val (self->compare_map, none);
    for (guint i = 0; doc != NULL && i < dm_document_get_n_proposals (doc); i++)
      if (i != dm_document_get_active_proposal (doc))
        {
          int index = (int) i;

          if (index == current)
            selected = self->compare_map->len;
          gtk_string_list_append (others, dm_document_get_proposal_name (doc, i));
          g_array_append_val (self->compare_map, index);
        }
    adw_combo_row_set_model (self->compare_row, G_LIST_MODEL (others));
    adw_combo_row_set_selected (self->compare_row, selected);
    gtk_widget_set_sensitive (GTK_WIDGET (self->compare_row), doc != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-file", doc != NULL);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-proposal", doc != NULL);
  self->updating_proposals = FALSE;
}

static void
proposal_selected (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint i = adw_combo_row_get_selected (self->proposal_row);

  if (self->updating_proposals || doc == NULL || i == GTK_INVALID_LIST_POSITION ||
      i == dm_document_get_active_proposal (doc))
    return;
  dm_edit_layer_select (self->edit, 0, NULL, 0);
  dm_document_set_active_proposal (doc, i);
}

void
dm_window_set_compare_proposal (DmWindow *self, int index)
{
  g_return_if_fail (DM_IS_WINDOW (self));

  if (self->engine == NULL)
    return;
  dm_engine_set_compare_proposal (self->engine, index);
  update_proposals (self);
  dm_engine_update (self->engine);
}

static void
compare_selected (DmWindow *self)
{
  guint i = adw_combo_row_get_selected (self->compare_row);
  int index;

  if (self->updating_proposals || self->engine == NULL || self->compare_map == NULL ||
      i == GTK_INVALID_LIST_POSITION || i >= self->compare_map->len)
    return;
  index = g_array_index (self->compare_map, int, i);
  if (index != dm_engine_get_compare_proposal (self->engine))
    dm_window_set_compare_proposal (self, index);
}

static void
compare_file_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (DM_WINDOW (widget), IMPORT_COMPARISON);
}

static void
new_proposal_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = current_document (self);
  g_autofree char *proposal = NULL;

  if (doc == NULL)
    return;
  /* Translators: the name of a new proposal; %u numbers them */
  proposal = g_strdup_printf (_("Proposal %u"), dm_document_get_n_proposals (doc) + 1);
  dm_edit_layer_select (self->edit, 0, NULL, 0);
  dm_document_add_proposal (doc, proposal, TRUE);
  /* Translators: %s is the new proposal's name */
  {
    g_autofree char *message = g_strdup_printf (_("“%s” is a copy of the previous proposal; edits now go to it"),
                                                proposal);
    show_message (self, message);
  }
}

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmDocument *doc = current_document (DM_WINDOW (widget));

  if (doc != NULL)
    dm_document_undo (doc);
}

static void
redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmDocument *doc = current_document (DM_WINDOW (widget));

  if (doc != NULL)
    dm_document_redo (doc);
}

static void
reverse_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmFeature *feature = doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;

  if (feature == NULL && doc != NULL)
    feature = dm_document_get_contact_line (doc);
  if (feature == NULL || dm_feature_get_role (feature) != DM_ROLE_CONTACT_LINE)
    {
      show_message (self, _("Select a contact line to reverse"));
      return;
    }
  /* A selected part turns round alone. */
  if (dm_feature_get_id (feature) == id && dm_edit_layer_get_selected_part (self->edit) != G_MAXUINT)
    dm_document_reverse_part (doc, id, dm_edit_layer_get_selected_part (self->edit));
  else
    dm_document_reverse_line (doc, dm_feature_get_id (feature));
}

static void
delete_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  dm_edit_layer_delete_selection (DM_WINDOW (widget)->edit);
}

/* The history popover: steps to redo (dimmed) above the ones to undo;
 * activating one undoes or redoes up to it. */
static void
add_history_row (DmWindow *self, const char *label, int steps, gboolean dim)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_margin_start (text, 8);
  gtk_widget_set_margin_end (text, 8);
  gtk_widget_set_margin_top (text, 4);
  gtk_widget_set_margin_bottom (text, 4);
  if (dim)
    gtk_widget_add_css_class (text, "dim-label");
  if (steps == 0)
    gtk_widget_add_css_class (text, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), text);
  g_object_set_data (G_OBJECT (row), "dm-steps", GINT_TO_POINTER (steps));
  gtk_list_box_append (self->history_list, row);
}

static void
history_shown (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  GtkWidget *child;
  guint n_redo, n_undo;
  const guint max_rows = 100;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  if (doc == NULL)
    {
      add_history_row (self, _("No document is open"), 0, TRUE);
      return;
    }
  n_redo = MIN (dm_document_get_redo_depth (doc), max_rows);
  n_undo = MIN (dm_document_get_undo_depth (doc), max_rows);
  for (guint i = n_redo; i > 0; i--)
    add_history_row (self, dm_document_get_history_label (doc, TRUE, i - 1), -(int) i, TRUE);
  for (guint i = 0; i < n_undo; i++)
    add_history_row (self, dm_document_get_history_label (doc, FALSE, i), (int) i, i > 0);
  if (n_undo == dm_document_get_undo_depth (doc))
    add_history_row (self, _("Opened"), (int) n_undo, n_undo > 0);
}

static void
history_activated (GtkListBox *list, GtkListBoxRow *row, DmWindow *self)
{
  DmDocument *doc = current_document (self);
  int steps = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dm-steps"));

  if (doc == NULL)
    return;
  /* A row shows the state after its step: undo the steps above it, or
   * redo up to it. */
  for (int i = 0; i < steps && dm_document_can_undo (doc); i++)
    dm_document_undo (doc);
  for (int i = 0; i < -steps && dm_document_can_redo (doc); i++)
    dm_document_redo (doc);
  gtk_popover_popdown (self->history_popover);
}

static void
annotate_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  DmDocument *doc = current_document (self);
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "dm-entry");
  double *where = g_object_get_data (G_OBJECT (dialog), "dm-where");
  g_autofree char *text = g_strdup (gtk_editable_get_text (entry));

  g_strstrip (text);
  if (g_str_equal (response, "add") && doc != NULL && text[0] != '\0')
    {
      g_autoptr (DmFeature) feature = dm_feature_new_annotation (where[0], where[1], text);
      guint id = dm_document_add_feature (doc, feature);

      dm_edit_layer_select (self->edit, id, NULL, 0);
    }
}

static void
annotate_requested (DmEditLayer *edit, double lon, double lat, DmWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Annotation"),
                                              _("The text appears on the map and in print."));
  GtkWidget *entry = gtk_entry_new ();
  double *where = g_new (double, 2);

  where[0] = lon;
  where[1] = lat;
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: crossing point"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dm-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "dm-where", where, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (annotate_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* What the current tool does with a click, in the status bar. */
static void
update_tool_hint (DmWindow *self)
{
  static const char *hints[] = {
    [DM_EDIT_TOOL_SELECT] = N_("Click a feature to select it; drag its handles; Shift adds vertices"),
    [DM_EDIT_TOOL_LINE] = N_("Click to add points · Shift-click traces a river or border · Enter or double-click finishes · Backspace · Esc"),
    [DM_EDIT_TOOL_SWAP] = N_("Click the corners · Shift-click traces a river or border · Enter or double-click closes the swap · Esc cancels"),
    [DM_EDIT_TOOL_ANNOTATE] = N_("Click where the note goes"),
    [DM_EDIT_TOOL_MEASURE] = N_("Click to measure along a path; three points give an area · Esc clears"),
  };
  DmEditTool tool = dm_edit_layer_get_tool (self->edit);

  gtk_label_set_text (self->tool_hint, tool < G_N_ELEMENTS (hints) ? _(hints[tool]) : "");
  /* The whole hint, when the status bar shortens it. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tool_hint), tool < G_N_ELEMENTS (hints) ? _(hints[tool]) : NULL);
}

static void
edit_message (DmEditLayer *edit, const char *message, DmWindow *self)
{
  show_message (self, message);
}

/* A file chooser for saving or exporting: one filter per kind of file
 * (names translated), modal, @response connected with the window. */
typedef struct {
  const char *name;
  const char *pattern;
} FileKind;

static GtkFileChooserNative *
new_save_chooser (DmWindow *self, const char *title, const char *accept, const FileKind *kinds,
                  guint n_kinds, const char *suggested, GCallback response)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               accept, _("_Cancel"));

  for (guint i = 0; i < n_kinds; i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", response, self);
  return chooser;
}

/* Line operations on the selection */

static DmFeature *
selected_feature (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);

  return doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;
}

/* The one selected vertex, if exactly one is. */
static gboolean
selected_vertex (DmWindow *self, guint *vertex)
{
  guint n;
  const guint *vertices = dm_edit_layer_get_selected_vertices (self->edit, &n);

  if (selected_feature (self) == NULL || n != 1)
    return FALSE;
  *vertex = vertices[0];
  return TRUE;
}

static void
split_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  guint vertex, new_part = 0;

  if (feature == NULL || !selected_vertex (self, &vertex) ||
      !dm_geometry_is_lineal (dm_feature_get_geometry (feature)))
    {
      show_message (self, _("Select one inner vertex of a line to split it there"));
      return;
    }
  if (!dm_document_split_line (current_document (self), dm_feature_get_id (feature), vertex, &new_part))
    {
      show_message (self, _("A line splits at an inner vertex, not at the end of a part"));
      return;
    }
  dm_edit_layer_select_part (self->edit, dm_feature_get_id (feature), new_part);
  show_message (self, _("Line split in two parts (Undo joins them again)"));
}

/* The part of the selected line that Join, Delete and Reverse act on:
 * the selected part, the part of the selected vertex, or the first of a
 * line of two. */
static gboolean
selected_part (DmWindow *self, DmFeature *feature, guint *part)
{
  const DmGeometry *g = dm_feature_get_geometry (feature);
  guint n;
  const guint *vertices = dm_edit_layer_get_selected_vertices (self->edit, &n);
  guint ring;

  if (dm_edit_layer_get_selected_part (self->edit) != G_MAXUINT)
    *part = dm_edit_layer_get_selected_part (self->edit);
  else if (n > 0)
    {
      if (!dm_geometry_locate_point (g, vertices[0], part, &ring))
        return FALSE;
    }
  else if (dm_geometry_get_n_parts (g) == 2)
    *part = 0;
  else
    return FALSE;
  return *part < dm_geometry_get_n_parts (g);
}

/* Joins the selected part of the contact line to the part whose end is
 * nearest to one of its ends. */
static void
join_lines_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = current_document (self);
  DmFeature *feature = selected_feature (self);
  g_autoptr (GError) error = NULL;
  guint part, other;
  double gap_m;

  if (feature == NULL || dm_feature_get_role (feature) != DM_ROLE_CONTACT_LINE)
    {
      show_message (self, _("Select a part of the contact line to join it to the next"));
      return;
    }
  if (dm_geometry_get_n_parts (dm_feature_get_geometry (feature)) < 2)
    {
      show_message (self, _("The contact line is one unbroken part: there is nothing to join"));
      return;
    }
  if (!selected_part (self, feature, &part))
    {
      show_message (self, _("Click the part of the line to join to its nearest neighbour"));
      return;
    }
  if (!dm_line_nearest_part (dm_feature_get_geometry (feature), part, &other, &gap_m) ||
      !dm_document_join_parts (doc, dm_feature_get_id (feature), part, other, DM_LINE_JOIN_MAX_GAP_M, &error))
    {
      show_message (self, error != NULL ? error->message : _("There is no other part to join"));
      return;
    }
  dm_edit_layer_select_part (self->edit, dm_feature_get_id (feature), MIN (part, other));
  {
    g_autofree char *gap = dm_format_length (gap_m, self->units);
    /* Translators: %s is a distance */
    g_autofree char *message = g_strdup_printf (_("Parts joined across a gap of %s"), gap);

    show_message (self, message);
  }
}

static void
simplify_preview (GtkSpinButton *spin, GtkLabel *preview)
{
  DmWindow *self = g_object_get_data (G_OBJECT (spin), "dm-window");
  DmFeature *feature = selected_feature (self);
  guint before, after;
  g_autofree char *text = NULL;

  if (feature == NULL)
    return;
  before = dm_geometry_get_n_points (dm_feature_get_geometry (feature));
  after = dm_line_simplify_count (dm_feature_get_geometry (feature), gtk_spin_button_get_value (spin));
  /* Translators: vertex counts before and after simplifying */
  text = g_strdup_printf (_("%u vertices now, %u after"), before, after);
  gtk_label_set_text (preview, text);
}

static void
simplify_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "dm-spin");
  DmFeature *feature = selected_feature (self);

  if (g_str_equal (response, "simplify") && feature != NULL)
    {
      guint removed = dm_document_simplify_feature (current_document (self), dm_feature_get_id (feature),
                                                    gtk_spin_button_get_value (spin));
      g_autofree char *message = g_strdup_printf (ngettext ("%u vertex removed", "%u vertices removed", removed),
                                                  removed);

      dm_edit_layer_select (self->edit, dm_feature_get_id (feature), NULL, 0);
      show_message (self, message);
    }
}

static void
simplify_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  GtkWidget *dialog, *box, *row, *spin, *preview;

  if (feature == NULL || dm_feature_get_role (feature) == DM_ROLE_ANNOTATION)
    {
      show_message (self, _("Select a line or a land swap to simplify"));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Simplify"),
                                   _("Vertices closer than the tolerance to the line through their "
                                     "neighbours go; the ends stay."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  spin = gtk_spin_button_new_with_range (1, 5000, 10);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 50);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_("Tolerance")));
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_("m")));
  preview = gtk_label_new (NULL);
  gtk_widget_add_css_class (preview, "dim-label");
  gtk_widget_add_css_class (preview, "numeric");
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), preview);
  g_object_set_data (G_OBJECT (spin), "dm-window", self);
  g_signal_connect (spin, "value-changed", G_CALLBACK (simplify_preview), preview);
  simplify_preview (GTK_SPIN_BUTTON (spin), GTK_LABEL (preview));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "simplify", _("_Simplify"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "simplify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "simplify");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dm-spin", spin);
  g_signal_connect (dialog, "response", G_CALLBACK (simplify_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sets the selected vertex where typed coordinates say. */
gboolean
dm_window_set_vertex_coordinates (DmWindow *self, const char *text, GError **error)
{
  DmFeature *feature;
  guint vertex;
  double lat, lon;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);

  feature = selected_feature (self);
  if (feature == NULL || !selected_vertex (self, &vertex))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Select one vertex first"));
      return FALSE;
    }
  if (!dm_parse_coordinate (text, &lat, &lon, error))
    return FALSE;
  dm_document_move_vertex (current_document (self), dm_feature_get_id (feature), vertex, lon, lat);
  dm_document_seal_undo (current_document (self));
  return TRUE;
}

static void
coordinates_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "dm-entry");
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "set") &&
      !dm_window_set_vertex_coordinates (self, gtk_editable_get_text (entry), &error))
    {
      /* Translators: %s says what is wrong with the typed position */
      g_autofree char *message = g_strdup_printf (_("The vertex did not move: %s"), error->message);
      show_error (self, message);
    }
}

static void
set_coordinates_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  GtkWidget *dialog, *entry;
  guint vertex;
  double lon, lat;
  g_autofree char *dms_lat = NULL, *dms_lon = NULL, *now = NULL;

  if (feature == NULL || !selected_vertex (self, &vertex))
    {
      show_message (self, _("Select one vertex to set its coordinates"));
      return;
    }
  dm_geometry_get_point (dm_feature_get_geometry (feature), vertex, &lon, &lat);
  dms_lat = dm_format_dms (lat, TRUE);
  dms_lon = dm_format_dms (lon, FALSE);
  now = g_strdup_printf ("%s %s", dms_lat, dms_lon);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Vertex Coordinates"),
                                   _("Latitude then longitude, in degrees, minutes and seconds "
                                     "(47°50′12″ N 35°07′00″ E) or decimal degrees (47.8367, 35.1167)."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), now);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "set", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dm-entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (coordinates_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Files: save, export, autosave and recovery */

static gboolean
fingerprint_timeout (gpointer data)
{
  DmWindow *self = data;

  self->fingerprint_id = 0;
  update_fingerprint (self);
  return G_SOURCE_REMOVE;
}

/* The active proposal's fingerprint, under the proposal's name: two
 * delegations read it out to confirm they hold the same version. */
static void
update_fingerprint (DmWindow *self)
{
  DmDocument *doc = current_document (self);
  g_autofree char *full = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->fingerprint, g_free);
  if (doc == NULL)
    {
      adw_preferences_group_set_description (self->proposals_group, NULL);
      return;
    }
  full = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
  self->fingerprint = dm_fingerprint_short (full);
  /* Translators: %s is a short hash such as a1b2-c3d4-e5f6 */
  text = g_strdup_printf (_("Fingerprint %s"), self->fingerprint);
  adw_preferences_group_set_description (self->proposals_group, text);
}

const char *
dm_window_get_fingerprint (DmWindow *self)
{
  g_return_val_if_fail (DM_IS_WINDOW (self), NULL);
  return self->fingerprint;
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
  DmDocument *doc = current_document (self);
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;

  return r != NULL && r->complete && r->revision == dm_document_get_revision (doc) ? r : NULL;
}

static void after_saved (DmWindow *self);

gboolean
dm_window_save_to (DmWindow *self, GFile *file, gboolean force, GError **error)
{
  DmDocument *doc = current_document (self);
  g_autofree char *path = NULL;
  DmProjectView view;
  DmFileStamp now;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (doc == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no document to save"));
      return FALSE;
    }
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only files on this computer can be written"));
      return FALSE;
    }
  /* Never overwrite silently what someone else changed since we read it. */
  if (!force && self->file != NULL && g_file_equal (file, self->file) && self->stamp.exists &&
      dm_file_stamp_get (path, &now, NULL) && now.exists && !dm_file_stamp_equal (&now, &self->stamp))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("“%s” was changed on disk since it was opened"), path);
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
  update_title (self);
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
          g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);
          show_error (self, message);
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
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      show_message (self, message);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The File Changed on Disk"),
                                                  NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("%s Saving over it would lose those changes. "
                                        "Save under another name to keep both."), error->message);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "overwrite", _("_Overwrite"), "save-as", _("Save _As…"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save-as",
                                                  ADW_RESPONSE_SUGGESTED);
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
    g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s. Nothing was lost: "
                                                  "choose another place with Save As."),
                                                path, error->message);
    forget_pending (self);
    show_error (self, message);
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
  static const FileKind kinds[] = { { N_("Demarcate project (GeoPackage)"), "*.gpkg" } };
  GtkFileChooserNative *chooser;
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("Untitled"));
  char *dot = strrchr (name, '.');
  g_autofree char *suggested = NULL;

  if (current_document (self) == NULL)
    return;
  if (dot != NULL)
    *dot = '\0';
  suggested = g_strconcat (name, ".gpkg", NULL);
  chooser = new_save_chooser (self, _("Save the Project"), _("_Save"), kinds, G_N_ELEMENTS (kinds),
                             suggested, G_CALLBACK (save_as_response));
  if (self->file != NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (self->file);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save (DmWindow *self)
{
  if (self->file != NULL && self->is_project)
    save_to_reporting (self, self->file);
  else
    save_as (self);   /* geodata opened: the project is a new file */
}

static void
save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DM_WINDOW (widget));
}

static void
save_as_action (GtkWidget *widget, const char *name, GVariant *param)
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
      if (current_document (self) != NULL)
        dm_document_mark_saved (current_document (self));
      after_saved (self);
    }
  else
    {
      forget_pending (self);
    }
}

static void
ask_unsaved (DmWindow *self)
{
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("Untitled"));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);

  /* Translators: %s is a file name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has changes that are not saved. Without saving, they are lost."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "discard", _("_Discard"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
dm_window_close_request (GtkWindow *window)
{
  DmWindow *self = DM_WINDOW (window);
  DmDocument *doc = current_document (self);

  if (doc != NULL && dm_document_is_modified (doc))
    {
      self->close_after_save = TRUE;
      ask_unsaved (self);
      return TRUE;
    }
  /* A clean close leaves nothing to recover. */
  if (self->recovery_path != NULL)
    dm_recovery_remove (self->recovery_path);
  return GTK_WINDOW_CLASS (dm_window_parent_class)->close_request (window);
}

/* Export for partners: GeoJSON, KML, KMZ, GeoPackage or CSV of the active
 * proposal, with its fingerprint. */
static void
export_response (GtkNativeDialog *dialog, int response, DmWindow *self)
{
  DmDocument *doc = current_document (self);

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
      if (path != NULL && !dm_export_format_for_path (path, &format))
        {
          char *with = g_strconcat (path, ".geojson", NULL);

          g_free (path);
          path = with;
        }
      if (path == NULL)
        show_error (self, _("Only files on this computer can be written"));
      else if (!dm_export_document (doc, current_results (self), dm_document_get_active_proposal (doc),
                                    path, &options, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not export to “%s”: %s"), path, error->message);
          show_error (self, message);
        }
      else
        {
          /* Translators: the first %s is a file, the second a short hash */
          g_autofree char *message = g_strdup_printf (_("Exported “%s” (fingerprint %s)"), path,
                                                      self->fingerprint != NULL ? self->fingerprint : "—");
          show_message (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  static const FileKind kinds[] = {
    { N_("GeoJSON (RFC 7946)"), "*.geojson" },
    { N_("KML (Google Earth)"), "*.kml" },
    { N_("KMZ (Google Earth, zipped)"), "*.kmz" },
    { N_("GeoPackage (QGIS)"), "*.gpkg" },
    { N_("Figures as CSV"), "*.csv" },
  };

  if (current_document (self) == NULL)
    return;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (new_save_chooser (self, _("Export the Proposal"), _("_Export"),
                                                               kinds, G_N_ELEMENTS (kinds),
                                                               _("proposal.geojson"),
                                                               G_CALLBACK (export_response))));
}

/* Autosave: unsaved work goes to a recovery file every few seconds. */
gboolean
dm_window_autosave (DmWindow *self, GError **error)
{
  DmDocument *doc = current_document (self);
  g_autofree char *original = NULL;
  DmProjectView view;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);

  if (doc == NULL || !dm_document_is_modified (doc) ||
      dm_document_get_revision (doc) == self->autosaved_revision)
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
      g_autofree char *message = g_strdup_printf (_("Autosave failed: %s. Save the document to keep your work."),
                                                  error->message);
      show_error (self, message);
      /* Once: the next failure will say it again after a success. */
      self->autosaved_revision = dm_document_get_revision (current_document (self));
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
    show_message (self, _("Open a document first"));
  else if (r == NULL || !r->complete)
    {
      show_message (self, _("The figures are still being computed: try again in a moment"));
      return NULL;
    }
  return r;
}

static DmPrintOperation *
new_print_operation (DmWindow *self, DmResults *results)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  DmPrintView view = {
    .lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
    .lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
    .zoom = shumate_viewport_get_zoom_level (viewport),
    .language = self->language,
    .units = self->units,
    .fingerprint = self->fingerprint,
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
      message = g_strdup_printf (_("Could not print: %s"), error != NULL ? error->message : "");
      show_error (self, message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
}

static void
print_action (GtkWidget *widget, const char *name, GVariant *param)
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
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"), error->message);
      show_error (self, message);
    }
}

gboolean
dm_window_export_map (DmWindow *self, const char *path, gboolean frame_view, GError **error)
{
  DmResults *results;
  g_autoptr (DmPrintOperation) operation = NULL;

  g_return_val_if_fail (DM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  results = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  if (results == NULL || !results->complete)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The figures are still being computed: try again in a moment"));
      return FALSE;
    }
  operation = new_print_operation (self, results);
  dm_print_operation_set_frame_view (operation, frame_view);
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
        show_error (self, _("Only files on this computer can be written"));
      else if (!dm_window_export_map (self, path, FALSE, &error))
        {
          /* Translators: the first %s is a file name, the second why it failed */
          g_autofree char *message = g_strdup_printf (_("Could not export the map to “%s”: %s"),
                                                      path, error->message);
          show_error (self, message);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Map written to “%s”"), path);
          show_message (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_map_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  static const FileKind kinds[] = {
    { N_("PDF (vector, text selectable)"), "*.pdf" },
    { N_("SVG (vector)"), "*.svg" },
    { N_("PNG image (150 dpi)"), "*.png" },
  };

  if (complete_results (self) == NULL)
    return;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (new_save_chooser (self, _("Export the Map"), _("_Export"),
                                                               kinds, G_N_ELEMENTS (kinds), _("map.pdf"),
                                                               G_CALLBACK (export_map_response))));
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
  g_clear_handle_id (&self->loading_tick_id, g_source_remove);
  g_clear_handle_id (&self->selection_idle_id, g_source_remove);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_clear_handle_id (&self->selection_figures_id, g_source_remove);
  g_clear_handle_id (&self->fingerprint_id, g_source_remove);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->engine != NULL)
    set_engine (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_WINDOW);
  G_OBJECT_CLASS (dm_window_parent_class)->dispose (object);
}

static void
dm_window_finalize (GObject *object)
{
  DmWindow *self = DM_WINDOW (object);

  g_clear_pointer (&self->renderer, dm_basemap_renderer_unref);
  g_clear_pointer (&self->zone_rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown_warnings, g_ptr_array_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->pending_open);
  g_clear_pointer (&self->snap, dm_snap_index_free);
  g_clear_pointer (&self->snap_dirty, g_hash_table_unref);
  g_free (self->recovery_path);
  g_free (self->fingerprint);
  g_clear_pointer (&self->side_rows, g_ptr_array_unref);
  g_clear_pointer (&self->compare_map, g_array_unref);
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
  if (!g_resources_get_info ("/io/github/demarcate/Demarcate/dm-window.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    dm_register_resource ();
}

/* A frame waits up to this long for the zones of the edit it shows, when
 * the engine's quick figures have been taking no longer: a drag then shows
 * the line and its DMZ moving together, and the frame still fits in 16 ms.
 * Longer computations (a 30,000-vertex line) let the zones lag instead. */
#define FRAME_WAIT_MS 8

static void
frame_update (GdkFrameClock *clock, DmWindow *self)
{
  DmResults *r;

  if (self->engine == NULL)
    return;
  r = dm_engine_get_results (self->engine);
  if (r == NULL || r->revision >= dm_document_get_revision (dm_engine_get_document (self->engine)) ||
      r->compute_ms > FRAME_WAIT_MS)
    return;
  dm_engine_wait (self->engine, FRAME_WAIT_MS);
}

static void
dm_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dm_window_parent_class)->realize (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "update", G_CALLBACK (frame_update), widget, 0);
}

static void
dm_window_unrealize (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (widget), frame_update, widget);
  GTK_WIDGET_CLASS (dm_window_parent_class)->unrealize (widget);
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
  widget_class->realize = dm_window_realize;
  widget_class->unrealize = dm_window_unrealize;

  properties[PROP_SHOW_BASEMAP] =
    g_param_spec_boolean ("show-basemap", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ensure_resources ();
  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (DM_TYPE_FIGURES_PANEL);
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
  gtk_widget_class_bind_template_child (widget_class, DmWindow, figures_panel);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, zones_group);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, sides_group);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, selection_group);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, selection_box);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, proposal_row);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, compare_row);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, proposals_group);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, DmWindow, history_popover);
  gtk_widget_class_bind_template_callback (widget_class, warning_activated);
  gtk_widget_class_bind_template_callback (widget_class, proposal_selected);
  gtk_widget_class_bind_template_callback (widget_class, compare_selected);
  gtk_widget_class_bind_template_callback (widget_class, history_shown);
  gtk_widget_class_bind_template_callback (widget_class, history_activated);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.compare-file", NULL, compare_file_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import-reference", NULL, import_reference_action);
  gtk_widget_class_install_action (widget_class, "win.import-line", NULL, import_line_action);
  gtk_widget_class_install_action (widget_class, "win.derive-line", NULL, derive_line_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-open", NULL, cancel_open_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-basemap", "show-basemap");
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.split-line", NULL, split_line_action);
  gtk_widget_class_install_action (widget_class, "win.join-lines", NULL, join_lines_action);
  gtk_widget_class_install_action (widget_class, "win.simplify", NULL, simplify_action);
  gtk_widget_class_install_action (widget_class, "win.set-coordinates", NULL, set_coordinates_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-map", NULL, export_map_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.new-proposal", NULL, new_proposal_action);
  gtk_widget_class_install_action (widget_class, "win.reverse-line", NULL, reverse_line_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selection", NULL, delete_selection_action);

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
static void
add_single_keys (DmWindow *self)
{
  GtkEventController *map_keys = gtk_shortcut_controller_new ();
  GtkEventController *window_keys = gtk_shortcut_controller_new ();
  static const struct { guint key; const char *action; const char *tool; int dx, dy; } keys[] = {
    { GDK_KEY_Left, "win.pan", NULL, -1, 0 }, { GDK_KEY_Right, "win.pan", NULL, 1, 0 },
    { GDK_KEY_Up, "win.pan", NULL, 0, -1 }, { GDK_KEY_Down, "win.pan", NULL, 0, 1 },
    { GDK_KEY_KP_Left, "win.pan", NULL, -1, 0 }, { GDK_KEY_KP_Right, "win.pan", NULL, 1, 0 },
    { GDK_KEY_KP_Up, "win.pan", NULL, 0, -1 }, { GDK_KEY_KP_Down, "win.pan", NULL, 0, 1 },
    { GDK_KEY_plus, "win.zoom-in", NULL, 0, 0 }, { GDK_KEY_equal, "win.zoom-in", NULL, 0, 0 },
    { GDK_KEY_KP_Add, "win.zoom-in", NULL, 0, 0 }, { GDK_KEY_minus, "win.zoom-out", NULL, 0, 0 },
    { GDK_KEY_KP_Subtract, "win.zoom-out", NULL, 0, 0 },
    { GDK_KEY_v, "win.tool", "select", 0, 0 }, { GDK_KEY_l, "win.tool", "line", 0, 0 },
    { GDK_KEY_p, "win.tool", "swap", 0, 0 }, { GDK_KEY_t, "win.tool", "annotate", 0, 0 },
    { GDK_KEY_m, "win.tool", "measure", 0, 0 }, { GDK_KEY_s, "win.snapping", NULL, 0, 0 },
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

static void
dm_window_init (DmWindow *self)
{
  ShumateViewport *viewport;
  GtkEventController *motion;
  GtkGesture *click;
  GtkDropTarget *drop;
  g_autoptr (GError) error = NULL;
  static const char *layer_props[] = { "show-zones", "show-line", "show-swaps", "show-annotations",
                                       "show-references", "show-warnings" };

  self->show_basemap = TRUE;
  self->derive_options = (DmDeriveOptions) DM_DERIVE_OPTIONS_INIT;
  self->units = DM_LENGTH_KM;
  self->language = DM_LABEL_LANGUAGE_EN;
  self->zone_rows = g_ptr_array_new ();
  self->compare_map = g_array_new (FALSE, FALSE, sizeof (int));
  self->side_rows = g_ptr_array_new ();
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
  shumate_scale_set_viewport (self->scale, viewport);

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
  dm_edit_layer_set_snap_func (self->edit, snap_to_map, self);
  dm_edit_layer_set_trace_func (self->edit, trace_along, self);
  self->snap_dirty = g_hash_table_new (NULL, NULL);
  g_signal_connect_object (self->edit, "selection-changed", G_CALLBACK (selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit, "annotate", G_CALLBACK (annotate_requested), self, 0);
  g_signal_connect_object (self->edit, "message", G_CALLBACK (edit_message), self, 0);
  g_signal_connect_object (self->edit, "notify::tool", G_CALLBACK (update_tool_hint), self,
                           G_CONNECT_SWAPPED);
  update_tool_hint (self);
  {
    static const char *edit_props[] = { "tool", "snapping" };

    for (guint i = 0; i < G_N_ELEMENTS (edit_props); i++)
      {
        g_autoptr (GPropertyAction) action = g_property_action_new (edit_props[i], self->edit, edit_props[i]);
        g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
      }
  }

  self->renderer = dm_basemap_renderer_new (NULL, &error);
  if (self->renderer == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The offline basemap could not be loaded: %s"),
                                                  error->message);
      show_error (self, message);
    }
  update_map_source (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (map_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (file_dropped), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map_overlay), GTK_EVENT_CONTROLLER (drop));
  add_single_keys (self);

  set_loading (self, NULL);
  update_sidebar (self);
  update_proposals (self);
  update_selection (self);
  update_undo_actions (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
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
