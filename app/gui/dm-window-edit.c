/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DmWindow: editing the document: the selection on the map, undo and the history popover, annotations, and the operations
 * on the selected line. */
#define G_LOG_DOMAIN "dm-gui"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-spin-button.h"
#include "dm-sides.h"
#include "dm-window-private.h"

/* The selection, shown on the map: the selected feature (and its
 * selected part) highlighted; Delete enabled while there is one. */
void
_dm_window_selection_changed (DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmDocumentRenderer *renderer = dm_document_layer_get_renderer (self->layer);
  gboolean selected = doc != NULL && id != 0 && dm_document_lookup_feature (doc, id) != NULL;

  dm_document_renderer_set_highlight (renderer, selected ? id : 0);
  dm_document_renderer_set_highlight_part (renderer, dm_edit_layer_get_selected_part (self->edit));
  gtk_widget_queue_draw (GTK_WIDGET (self->layer));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selection", selected);
}

void
_dm_window_undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmDocument *doc = _dm_window_current_document (DM_WINDOW (widget));

  if (doc != NULL)
    dm_document_undo (doc);
}

void
_dm_window_redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmDocument *doc = _dm_window_current_document (DM_WINDOW (widget));

  if (doc != NULL)
    dm_document_redo (doc);
}

void
_dm_window_reverse_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = _dm_window_current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmFeature *feature = doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;

  if (feature == NULL && doc != NULL)
    feature = dm_document_get_contact_line (doc);
  if (feature == NULL || dm_feature_get_role (feature) != DM_ROLE_CONTACT_LINE)
    {
      _dm_window_show_message (self, _ ("Select a contact line to reverse"));
      return;
    }
  /* A selected part turns round alone. */
  if (dm_feature_get_id (feature) == id && dm_edit_layer_get_selected_part (self->edit) != G_MAXUINT)
    dm_document_reverse_part (doc, id, dm_edit_layer_get_selected_part (self->edit));
  else
    dm_document_reverse_line (doc, dm_feature_get_id (feature));
}

/* The selected area (a land swap drawn on the map) as a zone of its own:
 * named after it, demilitarised until the zones panel says otherwise. */
void
_dm_window_zone_from_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = _dm_window_current_document (self);
  guint id = dm_edit_layer_get_selected_feature (self->edit);
  DmFeature *feature = doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;
  g_autofree char *zone_name = NULL;

  if (feature == NULL || !dm_geometry_is_polygonal (dm_feature_get_geometry (feature)))
    {
      _dm_window_show_message (self, _ ("Select an area drawn on the map to make a zone of it"));
      return;
    }
  if (dm_feature_get_name (feature) != NULL && *dm_feature_get_name (feature) != '\0')
    /* Translators: a zone made of a drawn area, named after it: “Land swap 1 (zone)” */
    zone_name = g_strdup_printf (_ ("%s (zone)"), dm_feature_get_name (feature));
  else
    zone_name = g_strdup (_ ("Drawn zone"));
  dm_document_add_zone_rule (doc, dm_zone_rule_new_polygon (zone_name, DM_ZONE_DEMILITARISED,
                                                            dm_feature_get_geometry (feature)));
  /* Translators: %s is the new zone's name */
  {
    g_autofree char *message = g_strdup_printf (_ ("“%s” is a zone now: see Zones in the sidebar"), zone_name);

    _dm_window_show_message (self, message);
  }
}

void
_dm_window_delete_selection_action (GtkWidget *widget, const char *name, GVariant *param)
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
  gtk_list_box_append (self->history_list, row);
}

void
_dm_window_history_shown (DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
  GtkWidget *child;
  guint n_redo, n_undo;
  const guint max_rows = 100;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  if (doc == NULL)
    {
      add_history_row (self, _ ("No document is open"), 0, TRUE);
      return;
    }
  n_redo = MIN (dm_document_get_redo_depth (doc), max_rows);
  self->history_n_redo = n_redo;
  n_undo = MIN (dm_document_get_undo_depth (doc), max_rows);
  for (guint i = n_redo; i > 0; i--)
    add_history_row (self, dm_document_get_history_label (doc, TRUE, i - 1), -(int) i, TRUE);
  for (guint i = 0; i < n_undo; i++)
    add_history_row (self, dm_document_get_history_label (doc, FALSE, i), (int) i, i > 0);
  if (n_undo == dm_document_get_undo_depth (doc))
    add_history_row (self, _ ("Opened"), (int) n_undo, n_undo > 0);
}

void
_dm_window_history_activated (GtkListBox *list, GtkListBoxRow *row, DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
  /* The redo rows come first, the latest step last of them; then the
   * current state and the steps undo goes back through. */
  int steps = gtk_list_box_row_get_index (row) - (int) self->history_n_redo;

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
  DmDocument *doc = _dm_window_current_document (self);
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

void
_dm_window_annotate_requested (DmEditLayer *edit, double lon, double lat, DmWindow *self)
{
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_WINDOW (self), _ ("New Annotation"), _ ("The text appears on the map and in print."));
  GtkWidget *entry = gtk_entry_new ();
  double *where = g_new (double, 2);

  where[0] = lon;
  where[1] = lat;
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("For example: crossing point"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "add", _ ("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dm-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "dm-where", where, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (annotate_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* The post tool's click: a post on the side of the line it is on, with
 * the Monitoring panel's sensor range; the tool stays for the next. */
void
_dm_window_post_requested (DmEditLayer *edit, double lon, double lat, DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
  DmFeature *line = doc != NULL ? dm_document_get_contact_line (doc) : NULL;
  g_autoptr (DmFeature) post = NULL;
  DmSide side;

  if (line == NULL ||
      (side = dm_sides_classify_point_on_line (dm_feature_get_geometry (line), lon, lat)) == DM_SIDE_NONE)
    {
      _dm_window_show_message (self, _ ("A post stands on one side of the contact line: draw the line first"));
      return;
    }
  post = dm_feature_new_observation_post (lon, lat, side, dm_monitoring_panel_get_range_m (self->monitoring_panel));
  dm_edit_layer_select (self->edit, dm_document_add_feature (doc, post), NULL, 0);
}

/* What the current tool does with a click, in the status bar. */
void
_dm_window_update_tool_hint (DmWindow *self)
{
  static const char *hints[] = {
    [DM_EDIT_TOOL_SELECT] = N_ ("Click a feature to select it; drag its handles; Shift adds vertices"),
    [DM_EDIT_TOOL_LINE] = N_ (
      "Click to add points · Shift-click traces a river or border · Enter or double-click finishes · Backspace · Esc"),
    [DM_EDIT_TOOL_SWAP] = N_ (
      "Click the corners · Shift-click traces a river or border · Enter or double-click closes the swap · Esc cancels"),
    [DM_EDIT_TOOL_ANNOTATE] = N_ ("Click where the note goes"),
    [DM_EDIT_TOOL_MEASURE] = N_ ("Click to measure along a path; three points give an area · Esc clears"),
    [DM_EDIT_TOOL_POST] = N_ ("Click where an observation post stands; its sensor’s range is the Monitoring panel’s"),
  };
  DmEditTool tool = dm_edit_layer_get_tool (self->edit);

  gtk_label_set_text (self->tool_hint, tool < G_N_ELEMENTS (hints) ? _ (hints[tool]) : "");
  /* The whole hint, when the status bar shortens it. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tool_hint), tool < G_N_ELEMENTS (hints) ? _ (hints[tool]) : NULL);
}

void
_dm_window_edit_message (DmEditLayer *edit, const char *message, DmWindow *self)
{
  _dm_window_show_message (self, message);
}

/* Line operations on the selection */

static DmFeature *
selected_feature (DmWindow *self)
{
  DmDocument *doc = _dm_window_current_document (self);
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

void
_dm_window_split_line_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  guint vertex, new_part = 0;

  if (feature == NULL || !selected_vertex (self, &vertex) || !dm_geometry_is_lineal (dm_feature_get_geometry (feature)))
    {
      _dm_window_show_message (self, _ ("Select one inner vertex of a line to split it there"));
      return;
    }
  if (!dm_document_split_line (_dm_window_current_document (self), dm_feature_get_id (feature), vertex, &new_part))
    {
      _dm_window_show_message (self, _ ("A line splits at an inner vertex, not at the end of a part"));
      return;
    }
  dm_edit_layer_select_part (self->edit, dm_feature_get_id (feature), new_part);
  _dm_window_show_message (self, _ ("Line split in two parts (Undo joins them again)"));
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
void
_dm_window_join_lines_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmDocument *doc = _dm_window_current_document (self);
  DmFeature *feature = selected_feature (self);
  g_autoptr (GError) error = NULL;
  guint part, other;
  double gap_m;

  if (feature == NULL || dm_feature_get_role (feature) != DM_ROLE_CONTACT_LINE)
    {
      _dm_window_show_message (self, _ ("Select a part of the contact line to join it to the next"));
      return;
    }
  if (dm_geometry_get_n_parts (dm_feature_get_geometry (feature)) < 2)
    {
      _dm_window_show_message (self, _ ("The contact line is one unbroken part: there is nothing to join"));
      return;
    }
  if (!selected_part (self, feature, &part))
    {
      _dm_window_show_message (self, _ ("Click the part of the line to join to its nearest neighbour"));
      return;
    }
  if (!dm_line_nearest_part (dm_feature_get_geometry (feature), part, &other, &gap_m) ||
      !dm_document_join_parts (doc, dm_feature_get_id (feature), part, other, DM_LINE_JOIN_MAX_GAP_M, &error))
    {
      _dm_window_show_message (self, error != NULL ? error->message : _ ("There is no other part to join"));
      return;
    }
  dm_edit_layer_select_part (self->edit, dm_feature_get_id (feature), MIN (part, other));
  {
    g_autofree char *gap = dm_format_length (gap_m, self->units);
    /* Translators: %s is a distance */
    g_autofree char *message = g_strdup_printf (_ ("Parts joined across a gap of %s"), gap);

    _dm_window_show_message (self, message);
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
  text = g_strdup_printf (_ ("%u vertices now, %u after"), before, after);
  gtk_label_set_text (preview, text);
}

static void
simplify_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "dm-spin");
  DmFeature *feature = selected_feature (self);

  if (g_str_equal (response, "simplify") && feature != NULL)
    {
      guint removed = dm_document_simplify_feature (_dm_window_current_document (self), dm_feature_get_id (feature),
                                                    gtk_spin_button_get_value (spin));
      g_autofree char *message =
        g_strdup_printf (ngettext ("%u vertex removed", "%u vertices removed", removed), removed);

      dm_edit_layer_select (self->edit, dm_feature_get_id (feature), NULL, 0);
      _dm_window_show_message (self, message);
    }
}

void
_dm_window_simplify_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  GtkWidget *dialog, *box, *row, *spin, *preview;

  if (feature == NULL || dm_geometry_is_puntal (dm_feature_get_geometry (feature)))
    {
      _dm_window_show_message (self, _ ("Select a line or a land swap to simplify"));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Simplify"),
                                   _ ("Vertices closer than the tolerance to the line through their "
                                      "neighbours go; the ends stay."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  spin = gtk_spin_button_new_with_range (1, 5000, 10);
  dm_spin_button_localize (GTK_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 50);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("Tolerance")));
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("m")));
  preview = gtk_label_new (NULL);
  gtk_widget_add_css_class (preview, "dim-label");
  gtk_widget_add_css_class (preview, "numeric");
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), preview);
  g_object_set_data (G_OBJECT (spin), "dm-window", self);
  g_signal_connect (spin, "value-changed", G_CALLBACK (simplify_preview), preview);
  simplify_preview (GTK_SPIN_BUTTON (spin), GTK_LABEL (preview));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "simplify", _ ("_Simplify"),
                                    NULL);
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
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("Select one vertex first"));
      return FALSE;
    }
  if (!dm_parse_coordinate (text, &lat, &lon, error))
    return FALSE;
  dm_document_move_vertex (_dm_window_current_document (self), dm_feature_get_id (feature), vertex, lon, lat);
  dm_document_seal_undo (_dm_window_current_document (self));
  return TRUE;
}

static void
coordinates_response (AdwMessageDialog *dialog, const char *response, DmWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "dm-entry");
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "set") && !dm_window_set_vertex_coordinates (self, gtk_editable_get_text (entry), &error))
    {
      /* Translators: %s says what is wrong with the typed position */
      g_autofree char *message = g_strdup_printf (_ ("The vertex did not move: %s"), error->message);
      _dm_window_show_error (self, message);
    }
}

void
_dm_window_set_coordinates_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DmWindow *self = DM_WINDOW (widget);
  DmFeature *feature = selected_feature (self);
  GtkWidget *dialog, *entry;
  guint vertex;
  double lon, lat;
  g_autofree char *dms_lat = NULL, *dms_lon = NULL, *now = NULL;

  if (feature == NULL || !selected_vertex (self, &vertex))
    {
      _dm_window_show_message (self, _ ("Select one vertex to set its coordinates"));
      return;
    }
  dm_geometry_get_point (dm_feature_get_geometry (feature), vertex, &lon, &lat);
  dms_lat = dm_format_dms (lat, TRUE);
  dms_lon = dm_format_dms (lon, FALSE);
  now = g_strdup_printf ("%s %s", dms_lat, dms_lon);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Vertex Coordinates"),
                                   _ ("Latitude then longitude, in degrees, minutes and seconds "
                                      "(47°50′12″ N 35°07′00″ E) or decimal degrees (47.8367, 35.1167)."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), now);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "set", _ ("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dm-entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (coordinates_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
