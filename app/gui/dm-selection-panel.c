/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-selection-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dm-combo-row.h"
#include "dm-core-enums.h"
#include "dm-selection-panel.h"

struct _DmSelectionPanel {
  AdwBin parent_instance;

  AdwPreferencesGroup *group; /* the template's child (not bound: AdwBin unparents it) */
  AdwEntryRow *name_row;
  AdwComboRow *giver_row;
  GtkLabel *figures;
  GtkFlowBox *operations;
  GtkWidget *coordinates_item;
  GtkWidget *split_item;
  GtkWidget *join_item;
  GtkWidget *simplify_item;
  GtkWidget *reverse_button;
  GtkWidget *zone_button;
  GtkButton *delete_button;

  DmEngine *engine;
  DmEditLayer *edit_layer;
  GSignalGroup *engine_signals;     /* on engine */
  GSignalGroup *document_signals;   /* on engine's document */
  GSignalGroup *edit_layer_signals; /* on edit_layer */
  DmLengthUnit units;
  gboolean updating; /* the widgets are being set from the document */
};

G_DEFINE_FINAL_TYPE (DmSelectionPanel, dm_selection_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_EDIT_LAYER,
  PROP_UNITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The givers the giver row offers, in its order. */
static const DmSide givers[] = { DM_SIDE_NONE, DM_SIDE_A, DM_SIDE_B };

static DmDocument *
document (DmSelectionPanel *self)
{
  return self->engine != NULL ? dm_engine_get_document (self->engine) : NULL;
}

static DmFeature *
selected_feature (DmSelectionPanel *self)
{
  DmDocument *doc = document (self);
  guint id = self->edit_layer != NULL ? dm_edit_layer_get_selected_feature (self->edit_layer) : 0;

  return doc != NULL && id != 0 ? dm_document_lookup_feature (doc, id) : NULL;
}

static const char *
role_title (DmRole role)
{
  switch (role)
    {
    case DM_ROLE_CONTACT_LINE:
      return _ ("Contact line");
    case DM_ROLE_LAND_SWAP:
      return _ ("Land swap");
    case DM_ROLE_ANNOTATION:
      return _ ("Annotation");
    case DM_ROLE_OBSERVATION_POST:
      return _ ("Observation post");
    case DM_ROLE_REFERENCE:
    default:
      return _ ("Reference feature");
    }
}

/* The selected feature's figure, from the engine's latest results (a
 * drag's are a frame or two behind the pointer): a swap's area, the
 * line's length and its selected part's.  NULL when the results have
 * none for it yet. */
static char *
figure_text (DmSelectionPanel *self, DmFeature *feature)
{
  DmResults *r = dm_engine_get_results (self->engine);
  const DmGeometry *g = dm_feature_get_geometry (feature);
  guint n_parts = dm_geometry_get_n_parts (g);

  if (dm_feature_get_role (feature) == DM_ROLE_OBSERVATION_POST)
    {
      DmDocument *doc = document (self);
      DmSide side = dm_feature_get_post_side (feature);
      double range = dm_feature_get_post_range_m (feature);
      g_autofree char *range_text = range > 0 ? dm_format_length_both (range, self->units) : NULL;

      if (side == DM_SIDE_NONE || doc == NULL)
        return g_steal_pointer (&range_text);
      /* Translators: an observation post's side and its sensor's range, “On Ukraine’s side, range 10 km (6.2 mi)” */
      return range_text != NULL
               ? g_strdup_printf (_ ("On %s’s side, range %s"), dm_document_get_side_name (doc, side), range_text)
               : g_strdup_printf (_ ("On %s’s side"), dm_document_get_side_name (doc, side));
    }
  if (r == NULL)
    return NULL;
  if (dm_feature_get_role (feature) == DM_ROLE_LAND_SWAP)
    {
      const DmSwapFigures *sf = dm_results_find_swap (r, dm_feature_get_id (feature));
      g_autofree char *area = NULL;
      g_autofree char *people = NULL;

      if (sf == NULL)
        return NULL;
      area = dm_format_area (sf->area_m2, dm_area_unit_for_length (self->units));
      if (sf->settlements == NULL)
        return g_steal_pointer (&area);
      people = dm_people_describe (sf->moved_population, sf->moved_settlements);
      /* Translators: a land swap's area and the people it moves: “1,572 km² · 12,345 in 3 settlements change hands” */
      return g_strdup_printf (_ ("%s · %s change hands"), area, people);
    }
  if (dm_feature_get_role (feature) != DM_ROLE_CONTACT_LINE || !r->has_line || r->part_lengths_m->len != n_parts)
    return NULL;
  if (n_parts > 1)
    {
      guint part = dm_edit_layer_get_selected_part (self->edit_layer);
      g_autofree char *whole = dm_format_length_both (r->line_length_m, self->units);

      if (part < n_parts)
        {
          g_autofree char *len = dm_format_length_both (g_array_index (r->part_lengths_m, double, part), self->units);

          /* Translators: “Part 3 of 6: 33.3 km (20.7 mi) of 1,359 km (844 mi)” */
          return g_strdup_printf (_ ("Part %u of %u: %s of %s"), part + 1, n_parts, len, whole);
        }
      /* Translators: a line's length and how many parts it has */
      return g_strdup_printf (ngettext ("%s in %u part", "%s in %u parts", n_parts), whole, n_parts);
    }
  return dm_format_length_both (r->line_length_m, self->units);
}

/* The figures line: the figure, then the vertices and how many are
 * selected. */
static void
refresh_figures (DmSelectionPanel *self)
{
  DmFeature *feature = selected_feature (self);
  g_autofree char *figure = NULL;
  g_autofree char *vertices = NULL;
  guint n_points, n_selected;

  if (feature == NULL)
    return;
  figure = figure_text (self, feature);
  n_points = dm_geometry_get_n_points (dm_feature_get_geometry (feature));
  dm_edit_layer_get_selected_vertices (self->edit_layer, &n_selected);
  {
    g_autofree char *points = dm_format_number (n_points, 0);
    g_autofree char *selected = dm_format_number (n_selected, 0);

    if (n_selected > 0)
      /* Translators: vertices of a feature (“1,407”), and how many are selected */
      vertices =
        g_strdup_printf (ngettext ("%s vertex, %s selected", "%s vertices, %s selected", n_points), points, selected);
    else
      /* Translators: vertices of a feature (“1,407”) */
      vertices = g_strdup_printf (ngettext ("%s vertex", "%s vertices", n_points), points);
  }
  if (figure != NULL)
    {
      /* Translators: a feature's figure, then its vertices */
      g_autofree char *text = g_strdup_printf (_ ("%s · %s"), figure, vertices);

      gtk_label_set_text (self->figures, text);
    }
  else
    gtk_label_set_text (self->figures, vertices);
}

/* The giver row: inferred, or one of the sides by name. */
static void
refresh_givers (DmSelectionPanel *self, DmFeature *feature)
{
  DmDocument *doc = document (self);
  const char *names[] = { _ ("Inferred from where it lies"), dm_document_get_side_name (doc, DM_SIDE_A),
                          dm_document_get_side_name (doc, DM_SIDE_B), NULL };
  g_autoptr (GtkStringList) list = gtk_string_list_new (names);
  DmSide from = dm_feature_get_from_side (feature);

  for (guint i = 0; i < G_N_ELEMENTS (givers); i++)
    if (givers[i] == from)
      dm_combo_row_set_strings (self->giver_row, list, i);
}

static void
refresh (DmSelectionPanel *self)
{
  DmFeature *feature = selected_feature (self);
  guint n_selected, n_parts;
  DmRole role;
  gboolean line, one_vertex, part;
  const char *text;

  gtk_widget_set_visible (GTK_WIDGET (self), feature != NULL);
  if (feature == NULL)
    return;
  role = dm_feature_get_role (feature);
  line = role == DM_ROLE_CONTACT_LINE;
  n_parts = dm_geometry_get_n_parts (dm_feature_get_geometry (feature));
  dm_edit_layer_get_selected_vertices (self->edit_layer, &n_selected);
  one_vertex = n_selected == 1 && !dm_geometry_is_puntal (dm_feature_get_geometry (feature));
  part = line && dm_edit_layer_get_selected_part (self->edit_layer) != G_MAXUINT;

  self->updating = TRUE;
  adw_preferences_group_set_title (self->group, role_title (role));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 role == DM_ROLE_ANNOTATION ? _ ("Text") : _ ("Name"));
  text = role == DM_ROLE_ANNOTATION ? dm_feature_get_text (feature) : dm_feature_get_name (feature);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->giver_row), role == DM_ROLE_LAND_SWAP);
  if (role == DM_ROLE_LAND_SWAP)
    refresh_givers (self, feature);
  self->updating = FALSE;

  refresh_figures (self);

  /* Operations on the line or its selected vertex: coordinates for one
   * vertex; split at it, and join, for the contact line (join when it
   * has parts to join); simplify for any line or polygon. */
  gtk_widget_set_visible (self->coordinates_item, one_vertex);
  gtk_widget_set_visible (self->split_item, one_vertex && line);
  gtk_widget_set_visible (self->join_item, line && n_parts >= 2);
  gtk_widget_set_visible (self->simplify_item, !dm_geometry_is_puntal (dm_feature_get_geometry (feature)));
  gtk_widget_set_visible (GTK_WIDGET (self->operations), !dm_geometry_is_puntal (dm_feature_get_geometry (feature)));
  gtk_widget_set_visible (self->reverse_button, line);
  gtk_widget_set_visible (self->zone_button, role == DM_ROLE_LAND_SWAP);
  gtk_button_set_label (self->delete_button, part && n_selected == 0 ? _ ("_Delete Part") : _ ("_Delete"));
}

static void
name_applied (DmSelectionPanel *self)
{
  DmDocument *doc = document (self);
  DmFeature *feature = selected_feature (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (self->updating || feature == NULL)
    return;
  if (dm_feature_get_role (feature) == DM_ROLE_ANNOTATION)
    dm_document_set_feature_text (doc, dm_feature_get_id (feature), text);
  else
    dm_document_set_feature_name (doc, dm_feature_get_id (feature), text);
}

static void
giver_selected (DmSelectionPanel *self)
{
  DmFeature *feature = selected_feature (self);
  guint i = adw_combo_row_get_selected (self->giver_row);
  DmSide giver;

  if (self->updating || feature == NULL || i >= G_N_ELEMENTS (givers) ||
      givers[i] == dm_feature_get_from_side (feature))
    return;
  giver = givers[i];
  dm_document_set_swap_sides (document (self), dm_feature_get_id (feature), giver,
                              giver == DM_SIDE_NONE ? DM_SIDE_NONE
                              : giver == DM_SIDE_A  ? DM_SIDE_B
                                                    : DM_SIDE_A);
}

static void
results_changed (DmSelectionPanel *self)
{
  refresh_figures (self);
}

static void
selection_changed (DmSelectionPanel *self)
{
  refresh (self);
}

static void
document_changed (DmSelectionPanel *self, DmChange *change)
{
  /* The givers are named after the sides; the rest follows the edit
   * layer, which says when the selected feature changes. */
  if (change->kind == DM_CHANGE_SIDES)
    refresh (self);
}

static void
dm_selection_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmSelectionPanel *self = DM_SELECTION_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_EDIT_LAYER:
      g_value_set_object (value, self->edit_layer);
      break;
    case PROP_UNITS:
      g_value_set_enum (value, self->units);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_selection_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmSelectionPanel *self = DM_SELECTION_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dm_selection_panel_set_engine (self, g_value_get_object (value));
      break;
    case PROP_EDIT_LAYER:
      dm_selection_panel_set_edit_layer (self, g_value_get_object (value));
      break;
    case PROP_UNITS:
      dm_selection_panel_set_units (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_selection_panel_dispose (GObject *object)
{
  DmSelectionPanel *self = DM_SELECTION_PANEL (object);

  g_clear_object (&self->engine_signals);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->edit_layer_signals);
  g_clear_object (&self->engine);
  g_clear_object (&self->edit_layer);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_SELECTION_PANEL);
  G_OBJECT_CLASS (dm_selection_panel_parent_class)->dispose (object);
}

static void
dm_selection_panel_class_init (DmSelectionPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_selection_panel_get_property;
  object_class->set_property = dm_selection_panel_set_property;
  object_class->dispose = dm_selection_panel_dispose;

  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DM_TYPE_ENGINE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDIT_LAYER] =
    g_param_spec_object ("edit-layer", NULL, NULL, DM_TYPE_EDIT_LAYER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] = g_param_spec_enum ("units", NULL, NULL, DM_TYPE_LENGTH_UNIT, DM_LENGTH_KM,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-selection-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, name_row);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, giver_row);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, figures);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, operations);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, coordinates_item);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, split_item);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, join_item);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, simplify_item);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, reverse_button);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, zone_button);
  gtk_widget_class_bind_template_child (widget_class, DmSelectionPanel, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, name_applied);
  gtk_widget_class_bind_template_callback (widget_class, giver_selected);
}

static void
dm_selection_panel_init (DmSelectionPanel *self)
{
  self->units = DM_LENGTH_KM;
  /* A drag moves the selection, and the engine measures it again. */
  self->engine_signals = g_signal_group_new (DM_TYPE_ENGINE);
  g_signal_group_connect_object (self->engine_signals, "notify::results", G_CALLBACK (results_changed), self,
                                 G_CONNECT_SWAPPED);
  self->document_signals = g_signal_group_new (DM_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed", G_CALLBACK (document_changed), self,
                                 G_CONNECT_SWAPPED);
  self->edit_layer_signals = g_signal_group_new (DM_TYPE_EDIT_LAYER);
  g_signal_group_connect_object (self->edit_layer_signals, "selection-changed", G_CALLBACK (selection_changed), self,
                                 G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->group = ADW_PREFERENCES_GROUP (adw_bin_get_child (ADW_BIN (self)));
  refresh (self);
}

GtkWidget *
dm_selection_panel_new (void)
{
  return g_object_new (DM_TYPE_SELECTION_PANEL, NULL);
}

DmEngine *
dm_selection_panel_get_engine (DmSelectionPanel *self)
{
  g_return_val_if_fail (DM_IS_SELECTION_PANEL (self), NULL);
  return self->engine;
}

void
dm_selection_panel_set_engine (DmSelectionPanel *self, DmEngine *engine)
{
  g_return_if_fail (DM_IS_SELECTION_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  g_set_object (&self->engine, engine);
  g_signal_group_set_target (self->engine_signals, engine);
  g_signal_group_set_target (self->document_signals, engine != NULL ? dm_engine_get_document (engine) : NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

DmEditLayer *
dm_selection_panel_get_edit_layer (DmSelectionPanel *self)
{
  g_return_val_if_fail (DM_IS_SELECTION_PANEL (self), NULL);
  return self->edit_layer;
}

void
dm_selection_panel_set_edit_layer (DmSelectionPanel *self, DmEditLayer *edit_layer)
{
  g_return_if_fail (DM_IS_SELECTION_PANEL (self));
  g_return_if_fail (edit_layer == NULL || DM_IS_EDIT_LAYER (edit_layer));

  if (self->edit_layer == edit_layer)
    return;
  g_set_object (&self->edit_layer, edit_layer);
  g_signal_group_set_target (self->edit_layer_signals, edit_layer);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDIT_LAYER]);
}

DmLengthUnit
dm_selection_panel_get_units (DmSelectionPanel *self)
{
  g_return_val_if_fail (DM_IS_SELECTION_PANEL (self), DM_LENGTH_KM);
  return self->units;
}

void
dm_selection_panel_set_units (DmSelectionPanel *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_SELECTION_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  refresh_figures (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}
