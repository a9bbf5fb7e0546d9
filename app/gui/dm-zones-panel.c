/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-zones-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-core-enums.h"
#include "dm-zones-panel.h"

/* One row of the group: a rule's width on one side, or a rule without
 * widths (a region's side, a polygon). */
typedef struct {
  GtkWidget *row;
  GtkSpinButton *spin; /* NULL: no width */
  guint rule;
  DmSide side;
} Row;

struct _DmZonesPanel {
  AdwBin parent_instance;

  AdwPreferencesGroup *group;

  DmDocument *document;
  DmLengthUnit units;
  GPtrArray *rows;   /* Row, in order */
  gboolean updating; /* the widgets are being set from the document */
};

G_DEFINE_FINAL_TYPE (DmZonesPanel, dm_zones_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_UNITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
width_changed (GtkSpinButton *spin, DmZonesPanel *self)
{
  g_autoptr (DmZoneRule) rule = NULL;
  const Row *r = NULL;
  double metres;

  if (self->updating || self->document == NULL)
    return;
  for (guint i = 0; i < self->rows->len && r == NULL; i++)
    if (((Row *) g_ptr_array_index (self->rows, i))->spin == spin)
      r = g_ptr_array_index (self->rows, i);
  if (r == NULL || r->rule >= dm_document_get_n_zone_rules (self->document))
    return;
  rule = dm_zone_rule_copy (dm_document_get_zone_rule (self->document, r->rule));
  metres = dm_length_to_m (gtk_spin_button_get_value (spin), self->units);
  if (r->side == DM_SIDE_A)
    rule->width_a_m = metres;
  else
    rule->width_b_m = metres;
  /* The document coalesces consecutive changes of a rule: one undo step
   * however long the spin button turns. */
  self->updating = TRUE;
  dm_document_set_zone_rule (self->document, r->rule, g_steal_pointer (&rule));
  self->updating = FALSE;
}

static void
clear_rows (DmZonesPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, ((Row *) g_ptr_array_index (self->rows, i))->row);
  g_ptr_array_set_size (self->rows, 0);
}

static void
rebuild (DmZonesPanel *self)
{
  guint n = self->document != NULL ? dm_document_get_n_zone_rules (self->document) : 0;

  if (self->group == NULL) /* disposed */
    return;
  self->updating = TRUE;
  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (self->document, i);
      const DmSide sides[] = { DM_SIDE_A, DM_SIDE_B };

      if (rule->type != DM_ZONE_RULE_LINE_BAND)
        {
          Row *r = g_new0 (Row, 1);

          r->row = adw_action_row_new ();
          r->rule = i;
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), rule->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (r->row), rule->region_name != NULL ? rule->region_name : "");
          adw_preferences_group_add (self->group, r->row);
          g_ptr_array_add (self->rows, r);
          continue;
        }
      for (guint s = 0; s < 2; s++)
        {
          Row *r = g_new0 (Row, 1);
          GtkWidget *unit = gtk_label_new (dm_length_unit_symbol (self->units));
          /* Translators: a zone and a side: “Demilitarised zone — Ukraine” */
          g_autofree char *title =
            g_strdup_printf (_ ("%s — %s"), rule->name, dm_document_get_side_name (self->document, sides[s]));
          double metres = sides[s] == DM_SIDE_A ? rule->width_a_m : rule->width_b_m;

          r->row = adw_action_row_new ();
          r->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 500, 0.1));
          r->rule = i;
          r->side = sides[s];
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (r->row), sides[s] == DM_SIDE_A
                                                                  ? _ ("Side A, left of the line")
                                                                  : _ ("Side B, right of the line"));
          gtk_spin_button_set_digits (r->spin, 2);
          gtk_spin_button_set_increments (r->spin, 0.25, 1);
          gtk_spin_button_set_value (r->spin, dm_length_from_m (metres, self->units));
          gtk_widget_set_valign (GTK_WIDGET (r->spin), GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (unit, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (r->row), GTK_WIDGET (r->spin));
          adw_action_row_add_suffix (ADW_ACTION_ROW (r->row), unit);
          g_signal_connect_object (r->spin, "value-changed", G_CALLBACK (width_changed), self, 0);
          adw_preferences_group_add (self->group, r->row);
          g_ptr_array_add (self->rows, r);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  self->updating = FALSE;
}

/* The rows show the document's rules again (after an undo, a proposal
 * switch); rebuilt when the rules are no longer the ones the rows were
 * made for, otherwise their values set in place, so that a spin button
 * being turned keeps its focus. */
static void
refresh (DmZonesPanel *self)
{
  guint n = self->document != NULL ? dm_document_get_n_zone_rules (self->document) : 0, n_rows = 0;

  for (guint i = 0; i < n; i++)
    n_rows += dm_document_get_zone_rule (self->document, i)->type == DM_ZONE_RULE_LINE_BAND ? 2 : 1;
  if (n_rows != self->rows->len)
    {
      rebuild (self);
      return;
    }
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *r = g_ptr_array_index (self->rows, i);
      const DmZoneRule *rule;
      double value;

      if (r->spin == NULL || r->rule >= n)
        continue;
      rule = dm_document_get_zone_rule (self->document, r->rule);
      value = dm_length_from_m (r->side == DM_SIDE_A ? rule->width_a_m : rule->width_b_m, self->units);
      if (fabs (gtk_spin_button_get_value (r->spin) - value) > 1e-9)
        gtk_spin_button_set_value (r->spin, value);
    }
  self->updating = FALSE;
}

static void
document_changed (DmZonesPanel *self, DmChange *change)
{
  /* The titles name the sides. */
  if (change->kind == DM_CHANGE_SIDES)
    rebuild (self);
  else if (change->kind == DM_CHANGE_ZONE_RULES && !self->updating)
    refresh (self);
}

static void
dm_zones_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmZonesPanel *self = DM_ZONES_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_UNITS:
      g_value_set_enum (value, self->units);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_zones_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmZonesPanel *self = DM_ZONES_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      dm_zones_panel_set_document (self, g_value_get_object (value));
      break;
    case PROP_UNITS:
      dm_zones_panel_set_units (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_zones_panel_dispose (GObject *object)
{
  DmZonesPanel *self = DM_ZONES_PANEL (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_ZONES_PANEL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->group = NULL;
  G_OBJECT_CLASS (dm_zones_panel_parent_class)->dispose (object);
}

static void
dm_zones_panel_class_init (DmZonesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_zones_panel_get_property;
  object_class->set_property = dm_zones_panel_set_property;
  object_class->dispose = dm_zones_panel_dispose;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DM_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] = g_param_spec_enum ("units", NULL, NULL, DM_TYPE_LENGTH_UNIT, DM_LENGTH_KM,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-zones-panel.ui");
}

static void
dm_zones_panel_init (DmZonesPanel *self)
{
  self->units = DM_LENGTH_KM;
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's child, not bound: the bin unparents it itself. */
  self->group = ADW_PREFERENCES_GROUP (adw_bin_get_child (ADW_BIN (self)));
  rebuild (self);
}

GtkWidget *
dm_zones_panel_new (void)
{
  return g_object_new (DM_TYPE_ZONES_PANEL, NULL);
}

DmDocument *
dm_zones_panel_get_document (DmZonesPanel *self)
{
  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), NULL);
  return self->document;
}

void
dm_zones_panel_set_document (DmZonesPanel *self, DmDocument *document)
{
  g_return_if_fail (DM_IS_ZONES_PANEL (self));
  g_return_if_fail (document == NULL || DM_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (document_changed), self, G_CONNECT_SWAPPED);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

DmLengthUnit
dm_zones_panel_get_units (DmZonesPanel *self)
{
  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), DM_LENGTH_KM);
  return self->units;
}

void
dm_zones_panel_set_units (DmZonesPanel *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_ZONES_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}
