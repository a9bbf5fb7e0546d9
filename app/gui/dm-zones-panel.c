/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-zones-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-spin-button.h"
#include "dm-basemap.h"
#include "dm-core-enums.h"
#include "dm-zone-presets.h"
#include "dm-zones-panel.h"
#include "dm-zones.h"

/* One zone rule: an expander row with its colour, a switch to show it on
 * the map and a menu (move, delete) in its header; its name, kind and
 * what it is made from inside. */
typedef struct {
  guint rule;
  GtkWidget *row;         /* AdwExpanderRow */
  GtkWidget *color;       /* GtkColorButton */
  GtkWidget *shown;       /* GtkSwitch */
  GtkWidget *name;        /* AdwEntryRow */
  GtkWidget *kind;        /* AdwComboRow */
  GtkWidget *side;        /* AdwComboRow; region-side rules */
  GtkSpinButton *spin[2]; /* line bands: side A, side B; border bands: [0] the distance */
  GtkWidget *region;      /* AdwEntryRow; line bands: only within this region */
} Row;

struct _DmZonesPanel {
  AdwBin parent_instance;

  AdwPreferencesGroup *group;

  DmDocument *document;
  DmLengthUnit units;
  GPtrArray *rows;   /* Row, in order */
  gboolean updating; /* the widgets are being set from the document */
  char *last_error;
};

G_DEFINE_FINAL_TYPE (DmZonesPanel, dm_zones_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_UNITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const DmZoneKind kinds[] = { DM_ZONE_DEMILITARISED, DM_ZONE_WITHDRAWAL, DM_ZONE_RESTRICTION,
                                    DM_ZONE_MONITORING };

static const char *
kind_label (DmZoneKind kind)
{
  switch (kind)
    {
    case DM_ZONE_DEMILITARISED:
      return _ ("Demilitarised");
    case DM_ZONE_WITHDRAWAL:
      return _ ("Withdrawal of weapons");
    case DM_ZONE_RESTRICTION:
      return _ ("Restrictions");
    case DM_ZONE_MONITORING:
      return _ ("Monitoring");
    default:
      return "";
    }
}

static void rebuild (DmZonesPanel *self);

/* Says what went wrong (and keeps it for tests): in a dialog over the
 * window. */
static void
show_error (DmZonesPanel *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (!GTK_IS_WINDOW (root))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _ ("The zone could not be made"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const Row *
row_of (DmZonesPanel *self, GtkWidget *widget)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *r = g_ptr_array_index (self->rows, i);

      if (r->color == widget || r->shown == widget || r->name == widget || r->kind == widget || r->side == widget ||
          r->region == widget || (GtkWidget *) r->spin[0] == widget || (GtkWidget *) r->spin[1] == widget)
        return r;
    }
  return NULL;
}

/* A copy of the row's rule, to change and give back (set_rule). */
static DmZoneRule *
rule_copy (DmZonesPanel *self, const Row *r)
{
  if (r == NULL || self->document == NULL || r->rule >= dm_document_get_n_zone_rules (self->document))
    return NULL;
  return dm_zone_rule_copy (dm_document_get_zone_rule (self->document, r->rule));
}

static void
set_rule (DmZonesPanel *self, const Row *r, DmZoneRule *rule)
{
  /* The document coalesces consecutive changes of a rule: one undo step
   * however long a spin button turns. */
  self->updating = TRUE;
  dm_document_set_zone_rule (self->document, r->rule, rule);
  self->updating = FALSE;
}

static void
spin_changed (GtkSpinButton *spin, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (spin));
  g_autoptr (DmZoneRule) rule = NULL;
  double metres;

  if (self->updating || (rule = rule_copy (self, r)) == NULL)
    return;
  metres = dm_length_to_m (gtk_spin_button_get_value (spin), self->units);
  if (rule->type == DM_ZONE_RULE_BOUNDARY_BAND)
    {
      /* A zone needs some distance: the last good one stays. */
      if (!(metres > 0.0))
        return;
      rule->distance_m = metres;
    }
  else if (spin == r->spin[0])
    rule->width_a_m = metres;
  else
    rule->width_b_m = metres;
  set_rule (self, r, g_steal_pointer (&rule));
}

gboolean
dm_zones_panel_set_band_region (DmZonesPanel *self, guint index, const char *region, GError **error)
{
  g_autoptr (DmZoneRule) rule = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), FALSE);

  if (self->document == NULL || index >= dm_document_get_n_zone_rules (self->document) ||
      dm_document_get_zone_rule (self->document, index)->type != DM_ZONE_RULE_LINE_BAND)
    {
      g_set_error_literal (error, DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                           _ ("Only a zone along the contact line is kept within a region this way."));
      return FALSE;
    }
  rule = dm_zone_rule_copy (dm_document_get_zone_rule (self->document, index));
  text = g_strstrip (g_strdup (region != NULL ? region : ""));
  g_clear_pointer (&rule->region, dm_geometry_free);
  g_clear_pointer (&rule->region_name, g_free);
  if (*text != '\0')
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (DmBasemap) basemap = dm_basemap_get_default (&local);
      DmRegionInfo info;

      if (basemap == NULL || !dm_basemap_find_region_info (basemap, text, &info, &local))
        {
          g_free (self->last_error);
          self->last_error = g_strdup (local->message);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      rule->region = dm_geometry_copy (info.geometry);
      rule->region_name = g_strdup (info.code != NULL ? info.code : info.name);
    }
  self->updating = TRUE;
  dm_document_set_zone_rule (self->document, index, g_steal_pointer (&rule));
  self->updating = FALSE;
  dm_document_seal_undo (self->document);
  g_clear_pointer (&self->last_error, g_free);
  return TRUE;
}

/* A line band's region typed in: the last good one stays when the name
 * matches nothing or several, and the message says which. */
static void
region_applied (AdwEntryRow *entry, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (entry));
  g_autoptr (GError) error = NULL;

  if (r == NULL || self->document == NULL)
    return;
  gboolean ok = dm_zones_panel_set_band_region (self, r->rule, gtk_editable_get_text (GTK_EDITABLE (entry)), &error);
  const DmZoneRule *rule = dm_document_get_zone_rule (self->document, r->rule);

  /* What the zone is kept within now, by its code ("Donetsk" → "UA-14"). */
  gtk_editable_set_text (GTK_EDITABLE (entry), rule->region_name != NULL ? rule->region_name : "");
  if (!ok)
    show_error (self, error->message);
}

static void
name_applied (AdwEntryRow *entry, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (entry));
  g_autoptr (DmZoneRule) rule = rule_copy (self, r);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (rule == NULL)
    return;
  if (*name == '\0')
    {
      /* A zone keeps a name. */
      gtk_editable_set_text (GTK_EDITABLE (entry), rule->name);
      return;
    }
  /* The title first: the row is then still the one the rule was made for. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), name);
  g_free (rule->name);
  rule->name = g_steal_pointer (&name);
  set_rule (self, r, g_steal_pointer (&rule));
  dm_document_seal_undo (self->document);
}

static void
kind_changed (AdwComboRow *combo, GParamSpec *pspec, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (combo));
  g_autoptr (DmZoneRule) rule = NULL;
  guint selected = adw_combo_row_get_selected (combo);

  if (self->updating || selected >= G_N_ELEMENTS (kinds) || (rule = rule_copy (self, r)) == NULL)
    return;
  rule->kind = kinds[selected];
  set_rule (self, r, g_steal_pointer (&rule));
}

static void
side_changed (AdwComboRow *combo, GParamSpec *pspec, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (combo));
  g_autoptr (DmZoneRule) rule = NULL;

  if (self->updating || (rule = rule_copy (self, r)) == NULL)
    return;
  rule->side = adw_combo_row_get_selected (combo) == 0 ? DM_SIDE_A : DM_SIDE_B;
  set_rule (self, r, g_steal_pointer (&rule));
}

static void
shown_changed (GtkSwitch *sw, GParamSpec *pspec, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (sw));
  g_autoptr (DmZoneRule) rule = NULL;

  if (self->updating || (rule = rule_copy (self, r)) == NULL)
    return;
  rule->hidden = !gtk_switch_get_active (sw);
  set_rule (self, r, g_steal_pointer (&rule));
  dm_document_seal_undo (self->document);
}

static void
color_set (GtkColorButton *button, DmZonesPanel *self)
{
  const Row *r = row_of (self, GTK_WIDGET (button));
  g_autoptr (DmZoneRule) rule = rule_copy (self, r);
  GdkRGBA rgba;

  if (rule == NULL)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  g_free (rule->color);
  rule->color = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255), (int) lround (rgba.green * 255),
                                 (int) lround (rgba.blue * 255));
  set_rule (self, r, g_steal_pointer (&rule));
  dm_document_seal_undo (self->document);
}

/* The wheel over a spin button the user is not editing scrolls the
 * sidebar, as over any other row: a zone's width never changes under a
 * pointer passing by. */
static gboolean
spin_scroll (GtkEventControllerScroll *controller, double dx, double dy, gpointer user_data)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *scrolled;
  GtkAdjustment *adj;

  if (gtk_widget_has_focus (spin) || gtk_widget_is_focus (spin) ||
      gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (spin)))))
    return FALSE;
  scrolled = gtk_widget_get_ancestor (spin, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return TRUE;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * 50.0);
  return TRUE;
}

static GtkSpinButton *
add_spin_row (DmZonesPanel *self, Row *r, const char *title, const char *subtitle, double metres, double min)
{
  GtkWidget *row = adw_action_row_new ();
  GtkSpinButton *spin =
    GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (min, dm_length_from_m (DM_ZONE_MAX_DISTANCE_M, self->units), 0.1));
  GtkWidget *unit = gtk_label_new (dm_length_unit_symbol (self->units));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (spin, 2);
  dm_spin_button_localize (spin);
  gtk_spin_button_set_increments (spin, 0.25, 1);
  gtk_spin_button_set_value (spin, dm_length_from_m (metres, self->units));
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (spin));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_changed), self, 0);
  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (spin_scroll), NULL);
    gtk_widget_add_controller (GTK_WIDGET (spin), scroll);
  }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), row);
  return spin;
}

static GMenuModel *
row_menu (guint index, guint n)
{
  GMenu *menu = g_menu_new ();
  GMenuItem *item;

  if (index > 0)
    {
      item = g_menu_item_new (_ ("Move _Up"), NULL);
      g_menu_item_set_action_and_target (item, "zones.move-up", "u", index);
      g_menu_append_item (menu, item);
      g_object_unref (item);
    }
  if (index + 1 < n)
    {
      item = g_menu_item_new (_ ("Move _Down"), NULL);
      g_menu_item_set_action_and_target (item, "zones.move-down", "u", index);
      g_menu_append_item (menu, item);
      g_object_unref (item);
    }
  item = g_menu_item_new (_ ("_Delete"), NULL);
  g_menu_item_set_action_and_target (item, "zones.remove", "u", index);
  g_menu_append_item (menu, item);
  g_object_unref (item);
  return G_MENU_MODEL (menu);
}

static void
add_rule_row (DmZonesPanel *self, guint index, guint n)
{
  const DmZoneRule *rule = dm_document_get_zone_rule (self->document, index);
  const char *a = dm_document_get_side_name (self->document, DM_SIDE_A);
  const char *b = dm_document_get_side_name (self->document, DM_SIDE_B);
  g_autofree char *summary = dm_zone_rule_describe (rule, self->units, FALSE, a, b);
  g_autoptr (GMenuModel) menu = row_menu (index, n);
  g_autoptr (GtkStringList) kind_names = gtk_string_list_new (NULL);
  GtkWidget *more = gtk_menu_button_new ();
  Row *r = g_new0 (Row, 1);
  GdkRGBA rgba;

  r->rule = index;
  r->row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), rule->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r->row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (r->row), summary);
  /* The first zone (usually the DMZ) open, its widths at hand. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (r->row), index == 0);

  r->color = gtk_color_button_new ();
  if (!gdk_rgba_parse (&rgba, rule->color != NULL ? rule->color : "#e5a50a"))
    gdk_rgba_parse (&rgba, "#e5a50a");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (r->color), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (r->color), FALSE);
  gtk_widget_set_valign (r->color, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (r->color, _ ("Colour"));
  g_signal_connect_object (r->color, "color-set", G_CALLBACK (color_set), self, 0);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (r->row), r->color);

  r->shown = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (r->shown), !rule->hidden);
  gtk_widget_set_valign (r->shown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (r->shown, _ ("Show on the Map"));
  g_signal_connect_object (r->shown, "notify::active", G_CALLBACK (shown_changed), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (r->row), r->shown);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), menu);
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (more, _ ("Zone Menu"));
  gtk_widget_add_css_class (more, "flat");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (r->row), more);

  r->name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->name), _ ("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (r->name), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (r->name), rule->name);
  g_signal_connect_object (r->name, "apply", G_CALLBACK (name_applied), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), r->name);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    gtk_string_list_append (kind_names, kind_label (kinds[k]));
  r->kind = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->kind), _ ("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (r->kind), G_LIST_MODEL (kind_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (r->kind), MIN ((guint) rule->kind, G_N_ELEMENTS (kinds) - 1));
  g_signal_connect_object (r->kind, "notify::selected", G_CALLBACK (kind_changed), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), r->kind);

  switch (rule->type)
    {
    case DM_ZONE_RULE_LINE_BAND:
      for (guint s = 0; s < 2; s++)
        {
          /* Translators: a zone's width on one side: “On Ukraine’s side” */
          g_autofree char *title = g_strdup_printf (_ ("On %s’s side"), s == 0 ? a : b);

          r->spin[s] = add_spin_row (self, r, title,
                                     s == 0 ? _ ("Side A, left of the line") : _ ("Side B, right of the line"),
                                     s == 0 ? rule->width_a_m : rule->width_b_m, 0);
        }
      /* Clipped to a region (Minsk II's lines within Ukraine, say). */
      r->region = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->region), _ ("Only within a region or country"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (r->region), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (r->region), rule->region_name != NULL ? rule->region_name : "");
      g_signal_connect_object (r->region, "apply", G_CALLBACK (region_applied), self, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), r->region);
      break;
    case DM_ZONE_RULE_BOUNDARY_BAND:
      r->spin[0] = add_spin_row (self, r, _ ("Distance from the border"), rule->boundary_name, rule->distance_m, 0.01);
      break;
    case DM_ZONE_RULE_REGION_SIDE:
      {
        const char *const names[] = { a, b, NULL };
        g_autoptr (GtkStringList) sides = gtk_string_list_new (names);

        r->side = adw_combo_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->side), _ ("Side of the line"));
        adw_combo_row_set_model (ADW_COMBO_ROW (r->side), G_LIST_MODEL (sides));
        adw_combo_row_set_selected (ADW_COMBO_ROW (r->side), rule->side == DM_SIDE_B ? 1 : 0);
        g_signal_connect_object (r->side, "notify::selected", G_CALLBACK (side_changed), self, 0);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), r->side);
        break;
      }
    default:
      break;
    }
  adw_preferences_group_add (self->group, r->row);
  g_ptr_array_add (self->rows, r);
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
    add_rule_row (self, i, n);
  gtk_widget_set_visible (GTK_WIDGET (self), self->document != NULL);
  self->updating = FALSE;
}

/* The rows show the document's rules again (after an undo, a proposal
 * switch); rebuilt when the rules are no longer the ones the rows were
 * made for, otherwise their values set in place, so that a spin button
 * being turned keeps its focus. */
static void
refresh (DmZonesPanel *self)
{
  guint n = self->document != NULL ? dm_document_get_n_zone_rules (self->document) : 0;
  gboolean same = n == self->rows->len;

  for (guint i = 0; same && i < n; i++)
    {
      const Row *r = g_ptr_array_index (self->rows, i);
      const DmZoneRule *rule = dm_document_get_zone_rule (self->document, i);

      same = g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r->row)), rule->name) == 0 &&
             (rule->type == DM_ZONE_RULE_REGION_SIDE) == (r->side != NULL) &&
             (rule->type == DM_ZONE_RULE_LINE_BAND) == (r->spin[1] != NULL) &&
             (rule->type == DM_ZONE_RULE_BOUNDARY_BAND) == (r->spin[0] != NULL && r->spin[1] == NULL);
    }
  if (!same)
    {
      rebuild (self);
      return;
    }
  self->updating = TRUE;
  for (guint i = 0; i < n; i++)
    {
      const Row *r = g_ptr_array_index (self->rows, i);
      const DmZoneRule *rule = dm_document_get_zone_rule (self->document, i);
      g_autofree char *summary = dm_zone_rule_describe (rule, self->units, FALSE,
                                                        dm_document_get_side_name (self->document, DM_SIDE_A),
                                                        dm_document_get_side_name (self->document, DM_SIDE_B));
      double values[2] = { rule->type == DM_ZONE_RULE_BOUNDARY_BAND ? rule->distance_m : rule->width_a_m,
                           rule->width_b_m };

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (r->row), summary);
      for (guint s = 0; s < 2; s++)
        if (r->spin[s] != NULL &&
            fabs (gtk_spin_button_get_value (r->spin[s]) - dm_length_from_m (values[s], self->units)) > 1e-9)
          gtk_spin_button_set_value (r->spin[s], dm_length_from_m (values[s], self->units));
      if (gtk_switch_get_active (GTK_SWITCH (r->shown)) == rule->hidden)
        gtk_switch_set_active (GTK_SWITCH (r->shown), !rule->hidden);
      if (adw_combo_row_get_selected (ADW_COMBO_ROW (r->kind)) != (guint) rule->kind)
        adw_combo_row_set_selected (ADW_COMBO_ROW (r->kind), rule->kind);
      if (r->side != NULL)
        adw_combo_row_set_selected (ADW_COMBO_ROW (r->side), rule->side == DM_SIDE_B ? 1 : 0);
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
  else if (change->kind == DM_CHANGE_ZONE_RULES)
    {
      /* The row's own change: its summary follows. */
      self->updating = FALSE;
      refresh (self);
      self->updating = TRUE;
    }
}

/* ---- Adding ------------------------------------------------------------- */

/* @rules added as one undo step named @label. */
static void
add_rules (DmZonesPanel *self, GPtrArray *rules, const char *label)
{
  if (self->document == NULL || rules->len == 0)
    return;
  dm_document_begin_group (self->document, label);
  for (guint i = 0; i < rules->len; i++)
    dm_document_add_zone_rule (self->document, dm_zone_rule_copy (g_ptr_array_index (rules, i)));
  dm_document_end_group (self->document);
  g_clear_pointer (&self->last_error, g_free);
}

gboolean
dm_zones_panel_add_preset (DmZonesPanel *self, DmZonePreset preset)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autoptr (DmBasemap) basemap = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), FALSE);
  g_return_val_if_fail (preset < DM_ZONE_N_PRESETS, FALSE);

  if (self->document == NULL)
    return FALSE;
  if ((preset != DM_ZONE_PRESET_DMZ_5MI && preset != DM_ZONE_PRESET_MINSK_II &&
       (basemap = dm_basemap_get_default (&error)) == NULL) ||
      !dm_zone_preset_make (preset, self->document, basemap, rules, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  /* Translators: an undo step, e.g. “Add Minsk II withdrawal lines” */
  label = g_strdup_printf (_ ("Add %s"), dm_zone_preset_get_title (preset));
  add_rules (self, rules, label);
  return TRUE;
}

static void
add_preset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  guint preset = g_variant_get_uint32 (parameter);

  if (preset < DM_ZONE_N_PRESETS)
    dm_zones_panel_add_preset (DM_ZONES_PANEL (widget), preset);
}

static void
add_band_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DmZonesPanel *self = DM_ZONES_PANEL (widget);
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autofree char *name = NULL;

  if (self->document == NULL)
    return;
  /* Translators: a new zone's name, “Zone 3” */
  name = g_strdup_printf (_ ("Zone %u"), dm_document_get_n_zone_rules (self->document) + 1);
  g_ptr_array_add (rules, dm_zone_rule_new_line_band (name, DM_ZONE_WITHDRAWAL, 10e3, 10e3));
  add_rules (self, rules, _ ("Add zone"));
}

/* The dialogs that ask what a zone is made from: a border's two sides,
 * where it is kept and its distance; or a region and a side.  An answer
 * the basemap cannot serve is said in the dialog, which stays open. */
typedef struct {
  DmZonesPanel *self;
  gboolean border;
  GtkWidget *name, *a, *b, *inside, *distance, *region, *side, *message;
} AskDialog;

static void
ask_dialog_free (gpointer data)
{
  AskDialog *ask = data;

  g_clear_object (&ask->self);
  g_free (ask);
}

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

gboolean
dm_zones_panel_add_border_band (DmZonesPanel *self,
                                const char *name,
                                const char *a,
                                const char *b,
                                const char *inside,
                                double distance_m,
                                GError **error)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autoptr (DmBasemap) basemap = NULL;
  DmZoneRule *rule;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), FALSE);

  if (self->document == NULL || (basemap = dm_basemap_get_default (error)) == NULL)
    return FALSE;
  rule = dm_zone_rule_new_border_band (basemap, name, DM_ZONE_RESTRICTION, distance_m, a, b, inside, error);
  if (rule == NULL)
    return FALSE;
  g_ptr_array_add (rules, rule);
  add_rules (self, rules, _ ("Add zone"));
  return TRUE;
}

gboolean
dm_zones_panel_add_region_side (DmZonesPanel *self, const char *name, const char *region, DmSide side, GError **error)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autoptr (DmBasemap) basemap = NULL;
  DmRegionInfo info;
  DmZoneRule *rule;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), FALSE);

  if (self->document == NULL || (basemap = dm_basemap_get_default (error)) == NULL ||
      !dm_basemap_find_region_info (basemap, region, &info, error))
    return FALSE;
  rule = dm_zone_rule_new_region_side (name, DM_ZONE_DEMILITARISED, info.geometry, side);
  rule->region_name = g_strdup (info.code != NULL ? info.code : info.name);
  g_ptr_array_add (rules, rule);
  add_rules (self, rules, _ ("Add zone"));
  return TRUE;
}

static void
ask_response (AdwMessageDialog *dialog, const char *response, AskDialog *ask)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "add") != 0)
    return;
  name = g_strstrip (g_strdup (entry_text (ask->name)));
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (_ ("New zone"));
    }
  if (ask->border)
    {
      guint inside = adw_combo_row_get_selected (ADW_COMBO_ROW (ask->inside));
      g_autofree char *a = g_strstrip (g_strdup (entry_text (ask->a)));
      g_autofree char *b = g_strstrip (g_strdup (entry_text (ask->b)));

      ok = dm_zones_panel_add_border_band (ask->self, name, a, b,
                                           inside == 1   ? a
                                           : inside == 2 ? b
                                                         : NULL,
                                           dm_length_to_m (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ask->distance)),
                                                           ask->self->units),
                                           &error);
    }
  else
    {
      g_autofree char *region = g_strstrip (g_strdup (entry_text (ask->region)));

      ok = dm_zones_panel_add_region_side (ask->self, name, region,
                                           adw_combo_row_get_selected (ADW_COMBO_ROW (ask->side)) == 1 ? DM_SIDE_B
                                                                                                       : DM_SIDE_A,
                                           &error);
    }
  if (ok)
    return;
  /* The dialog closes after any answer: it comes back as it was, with
   * what is wrong said in it. */
  g_free (ask->self->last_error);
  ask->self->last_error = g_strdup (error->message);
  {
    GtkWidget *again = dm_zones_panel_ask (ask->self, ask->border);
    AskDialog *next = g_object_get_data (G_OBJECT (again), "dm-ask");

    gtk_editable_set_text (GTK_EDITABLE (next->name), entry_text (ask->name));
    if (ask->border)
      {
        gtk_editable_set_text (GTK_EDITABLE (next->a), entry_text (ask->a));
        gtk_editable_set_text (GTK_EDITABLE (next->b), entry_text (ask->b));
        adw_combo_row_set_selected (ADW_COMBO_ROW (next->inside),
                                    adw_combo_row_get_selected (ADW_COMBO_ROW (ask->inside)));
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (next->distance),
                                   gtk_spin_button_get_value (GTK_SPIN_BUTTON (ask->distance)));
      }
    else
      {
        gtk_editable_set_text (GTK_EDITABLE (next->region), entry_text (ask->region));
        adw_combo_row_set_selected (ADW_COMBO_ROW (next->side), adw_combo_row_get_selected (ADW_COMBO_ROW (ask->side)));
      }
    gtk_label_set_text (GTK_LABEL (next->message), error->message);
    gtk_widget_set_visible (next->message, TRUE);
  }
}

/* The rows of an asking dialog. */
static GtkWidget *
ask_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

/* An asking dialog's Cancel and Add, what it asks (@extra), and @ask (the
 * answer's state, freed with the dialog) given to @response. */
static void
present_ask (GtkWidget *dialog, GtkWidget *extra, gpointer ask, GDestroyNotify free_ask, GCallback response)
{
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "add", _ ("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dm-ask", ask, free_ask);
  g_signal_connect (dialog, "response", response, ask);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
ask_entry (GtkWidget *list, const char *title, const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
ask_combo (GtkWidget *list, const char *title, const char *const *choices)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (choices);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

GtkWidget *
dm_zones_panel_ask (DmZonesPanel *self, gboolean border)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AskDialog *ask;
  GtkWidget *dialog, *box, *list;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), NULL);

  ask = g_new0 (AskDialog, 1);

  ask->self = g_object_ref (self);
  ask->border = border;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   border ? _ ("Zone Along a Border") : _ ("Zone of a Region on One Side"),
                                   border ? _ ("Countries by code or name, or NATO; several joined by +")
                                          : _ ("A region by name in English, Ukrainian or Russian, or its code"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = ask_list ();
  gtk_box_append (GTK_BOX (box), list);
  ask->name = ask_entry (list, _ ("Name"), border ? _ ("Border zone") : _ ("Buffer zone"));
  if (border)
    {
      const char *const insides[] = { _ ("Both"), _ ("The first"), _ ("The second"), NULL };
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *unit = gtk_label_new (dm_length_unit_symbol (self->units));

      ask->a = ask_entry (list, _ ("Between"), "RU");
      ask->b = ask_entry (list, _ ("And"), "NATO");
      ask->inside = ask_combo (list, _ ("Kept inside"), insides);
      adw_combo_row_set_selected (ADW_COMBO_ROW (ask->inside), 1);
      ask->distance = gtk_spin_button_new_with_range (0.01, dm_length_from_m (DM_ZONE_MAX_DISTANCE_M, self->units), 1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (ask->distance), 2);
      dm_spin_button_localize (GTK_SPIN_BUTTON (ask->distance));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (ask->distance), dm_length_from_m (50e3, self->units));
      gtk_widget_set_valign (ask->distance, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Distance from the border"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), ask->distance);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  else
    {
      const char *const sides[] = { dm_document_get_side_name (self->document, DM_SIDE_A),
                                    dm_document_get_side_name (self->document, DM_SIDE_B), NULL };

      ask->region = ask_entry (list, _ ("Region"), "UA-14");
      ask->side = ask_combo (list, _ ("Side of the line"), sides);
    }
  ask->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (ask->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (ask->message), 0);
  gtk_widget_add_css_class (ask->message, "error");
  gtk_widget_set_visible (ask->message, FALSE);
  gtk_box_append (GTK_BOX (box), ask->message);
  present_ask (dialog, box, ask, ask_dialog_free, G_CALLBACK (ask_response));
  return dialog;
}

static void
add_border_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  if (DM_ZONES_PANEL (widget)->document != NULL)
    dm_zones_panel_ask (DM_ZONES_PANEL (widget), TRUE);
}

static void
add_region_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  if (DM_ZONES_PANEL (widget)->document != NULL)
    dm_zones_panel_ask (DM_ZONES_PANEL (widget), FALSE);
}

/* ---- A zone of a reference layer's area --------------------------------- */

/* The areas (polygons) of the document's reference layers, as layer and
 * feature indices, with a label each when @labels is given. */
static GArray *
reference_areas (DmZonesPanel *self, GPtrArray *labels)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  for (guint l = 0; self->document != NULL && l < dm_document_get_n_reference_layers (self->document); l++)
    {
      GPtrArray *features = dm_document_get_reference_layer_features (self->document, l);
      const char *layer_name = dm_document_get_reference_layer_name (self->document, l);

      for (guint f = 0; features != NULL && f < features->len; f++)
        {
          DmFeature *feature = g_ptr_array_index (features, f);
          const char *name = dm_feature_get_name (feature);
          guint pair[2] = { l, f };

          if (!dm_geometry_is_polygonal (dm_feature_get_geometry (feature)))
            continue;
          g_array_append_vals (out, pair, 1);
          if (labels == NULL)
            continue;
          if (name != NULL && *name != '\0')
            /* Translators: a reference layer's name, then one of its areas': “occupied.geojson — Crimea” */
            g_ptr_array_add (labels, g_strdup_printf (_ ("%s — %s"), layer_name, name));
          else
            /* Translators: a reference layer's name, then the number of one of its areas */
            g_ptr_array_add (labels, g_strdup_printf (_ ("%s — area %u"), layer_name, f + 1));
        }
    }
  return out;
}

gboolean
dm_zones_panel_add_reference_area (DmZonesPanel *self, const char *name, guint layer, guint feature, GError **error)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  GPtrArray *features;
  DmFeature *f;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->document == NULL || layer >= dm_document_get_n_reference_layers (self->document) ||
      (features = dm_document_get_reference_layer_features (self->document, layer)) == NULL ||
      feature >= features->len ||
      !dm_geometry_is_polygonal (dm_feature_get_geometry (f = g_ptr_array_index (features, feature))))
    {
      g_autoptr (GError) local = g_error_new_literal (DM_ZONES_ERROR, DM_ZONES_ERROR_INVALID,
                                                      _ ("That feature of the reference layers is not an area: "
                                                         "choose an area to make a zone of it."));

      g_free (self->last_error);
      self->last_error = g_strdup (local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* As a drawn area made a zone (win.zone-from-selection). */
  g_ptr_array_add (rules, dm_zone_rule_new_polygon (name, DM_ZONE_DEMILITARISED, dm_feature_get_geometry (f)));
  add_rules (self, rules, _ ("Add zone"));
  return TRUE;
}

typedef struct {
  DmZonesPanel *self;
  GtkWidget *name, *area;
  GArray *areas; /* guint pairs: layer, feature */
} AskReference;

static void
ask_reference_free (gpointer data)
{
  AskReference *ask = data;

  g_object_unref (ask->self);
  g_array_unref (ask->areas);
  g_free (ask);
}

static void
ask_reference_response (AdwMessageDialog *dialog, const char *response, AskReference *ask)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  guint chosen;

  if (g_strcmp0 (response, "add") != 0 || ask->areas->len == 0)
    return;
  chosen = adw_combo_row_get_selected (ADW_COMBO_ROW (ask->area));
  if (chosen >= ask->areas->len)
    return;
  name = g_strstrip (g_strdup (entry_text (ask->name)));
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (_ ("New zone"));
    }
  if (!dm_zones_panel_add_reference_area (ask->self, name, g_array_index (ask->areas, guint, 2 * chosen),
                                          g_array_index (ask->areas, guint, 2 * chosen + 1), &error))
    show_error (ask->self, error->message);
}

GtkWidget *
dm_zones_panel_ask_reference (DmZonesPanel *self)
{
  GtkRoot *root;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  AskReference *ask;
  GtkWidget *dialog, *list;

  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  ask = g_new0 (AskReference, 1);
  ask->self = g_object_ref (self);
  ask->areas = reference_areas (self, labels);
  if (ask->areas->len == 0)
    {
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("No Areas to Use"),
                                       _ ("No reference layer holds an area. Import one with “Import Reference "
                                          "Layer…” in the main menu, or keep a tracker’s polygon as a reference "
                                          "layer, then make a zone of one of its areas."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      ask_reference_free (ask);
      gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }
  g_ptr_array_add (labels, NULL);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Zone of a Reference Area"),
                                   _ ("An area of a reference layer, as it is: a zone of its own, with the figures "
                                      "of any other"));
  list = ask_list ();
  ask->name = ask_entry (list, _ ("Name"), _ ("Reference zone"));
  ask->area = ask_combo (list, _ ("Area"), (const char *const *) labels->pdata);
  present_ask (dialog, list, ask, ask_reference_free, G_CALLBACK (ask_reference_response));
  return dialog;
}

static void
add_reference_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  if (DM_ZONES_PANEL (widget)->document != NULL)
    dm_zones_panel_ask_reference (DM_ZONES_PANEL (widget));
}

/* ---- Moving and deleting ------------------------------------------------ */

static void
move_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DmZonesPanel *self = DM_ZONES_PANEL (widget);
  guint i = g_variant_get_uint32 (parameter), n;

  if (self->document == NULL)
    return;
  n = dm_document_get_n_zone_rules (self->document);
  if (g_str_equal (action_name, "zones.move-up") && i > 0 && i < n)
    dm_document_move_zone_rule (self->document, i, i - 1);
  else if (g_str_equal (action_name, "zones.move-down") && i + 1 < n)
    dm_document_move_zone_rule (self->document, i, i + 1);
}

static void
remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DmZonesPanel *self = DM_ZONES_PANEL (widget);
  guint i = g_variant_get_uint32 (parameter);

  if (self->document != NULL && i < dm_document_get_n_zone_rules (self->document))
    dm_document_remove_zone_rule (self->document, i);
}

/* ---- GObject ------------------------------------------------------------ */

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
  g_clear_pointer (&self->last_error, g_free);
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

  gtk_widget_class_install_action (widget_class, "zones.add-preset", "u", add_preset_action);
  gtk_widget_class_install_action (widget_class, "zones.add-band", NULL, add_band_action);
  gtk_widget_class_install_action (widget_class, "zones.add-border", NULL, add_border_action);
  gtk_widget_class_install_action (widget_class, "zones.add-reference", NULL, add_reference_action);
  gtk_widget_class_install_action (widget_class, "zones.add-region", NULL, add_region_action);
  gtk_widget_class_install_action (widget_class, "zones.move-up", "u", move_action);
  gtk_widget_class_install_action (widget_class, "zones.move-down", "u", move_action);
  gtk_widget_class_install_action (widget_class, "zones.remove", "u", remove_action);
}

static void
dm_zones_panel_init (DmZonesPanel *self)
{
  self->units = DM_LENGTH_KM;
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's child, not bound: the bin unparents it itself (a bound
   * child would be unparented twice). */
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

const char *
dm_zones_panel_get_last_error (DmZonesPanel *self)
{
  g_return_val_if_fail (DM_IS_ZONES_PANEL (self), NULL);
  return self->last_error;
}
