/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-figures-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-core-enums.h"
#include "dm-figures-panel.h"

struct _DmFiguresPanel
{
  AdwBin parent_instance;

  GtkBox *rows;
  GPtrArray *items;   /* Item: rows's children, in order */
  guint cursor;       /* the next item a refresh may reuse */

  DmEngine *engine;
  DmLengthUnit units;
};

G_DEFINE_FINAL_TYPE (DmFiguresPanel, dm_figures_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_UNITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rows are rebuilt in place: each add_*() reuses the item at the
 * cursor when it is the same heading, note or row (a row then only
 * changes its value), so results arriving many times a second during a
 * drag do not make and lay out new labels. */

typedef struct {
  char *key;          /* kind, name and colour: what makes it the same item */
  GtkWidget *widget;  /* in rows */
  GtkLabel *value;    /* a row's value, else NULL */
} Item;

static void
item_free (Item *item)
{
  g_free (item->key);
  g_free (item);
}

static void
begin_rows (DmFiguresPanel *self)
{
  self->cursor = 0;
}

/* Removes what the cursor did not reach. */
static void
end_rows (DmFiguresPanel *self)
{
  for (guint i = self->cursor; i < self->items->len; i++)
    gtk_box_remove (self->rows, ((Item *) g_ptr_array_index (self->items, i))->widget);
  if (self->cursor < self->items->len)
    g_ptr_array_set_size (self->items, self->cursor);
}

/* The item at the cursor when its key is @key (and moves past it); else
 * removes it and everything after, and returns NULL. */
static Item *
reuse (DmFiguresPanel *self, const char *key)
{
  Item *item = self->cursor < self->items->len ? g_ptr_array_index (self->items, self->cursor) : NULL;

  if (item != NULL && g_str_equal (item->key, key))
    {
      self->cursor++;
      return item;
    }
  end_rows (self);
  return NULL;
}

static Item *
append (DmFiguresPanel *self, GtkWidget *widget, GtkLabel *value, const char *key)
{
  Item *item = g_new0 (Item, 1);

  item->key = g_strdup (key);
  item->widget = widget;
  item->value = value;
  gtk_box_append (self->rows, widget);
  g_ptr_array_add (self->items, item);
  self->cursor = self->items->len;
  return item;
}

static void
add_heading (DmFiguresPanel *self, const char *text)
{
  g_autofree char *key = g_strconcat ("h:", text, NULL);
  GtkWidget *label;

  if (reuse (self, key) != NULL)
    return;
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  if (self->items->len > 0)
    gtk_widget_set_margin_top (label, 10);
  append (self, label, NULL, key);
}

/* Returns the row, for a tooltip. */
static GtkWidget *
add_row (DmFiguresPanel *self, const char *name, const char *value, const char *color)
{
  g_autofree char *key = g_strconcat ("r:", name, "\x1f", color != NULL ? color : "", NULL);
  Item *item = reuse (self, key);
  GtkWidget *row, *n, *v;

  if (item != NULL)
    {
      if (g_strcmp0 (gtk_label_get_text (item->value), value) != 0)
        gtk_label_set_text (item->value, value);
      return item->widget;
    }
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  n = gtk_label_new (NULL);
  v = gtk_label_new (value);
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
  append (self, row, GTK_LABEL (v), key);
  return row;
}

/* Returns the note, for a tooltip. */
static GtkWidget *
add_note (DmFiguresPanel *self, const char *text)
{
  g_autofree char *key = g_strconcat ("n:", text, NULL);
  Item *item = reuse (self, key);
  GtkWidget *label;

  if (item != NULL)
    return item->widget;
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  append (self, label, NULL, key);
  return label;
}

static void
refresh (DmFiguresPanel *self)
{
  DmResults *r = self->engine != NULL ? dm_engine_get_results (self->engine) : NULL;
  DmAreaUnit area_unit = dm_area_unit_for_length (self->units);
  DmDocument *doc;
  const DmSide sides[] = { DM_SIDE_A, DM_SIDE_B };

  if (self->items == NULL)   /* disposed */
    return;
  begin_rows (self);
  if (self->engine == NULL)
    {
      add_note (self, _("No document is open."));
      end_rows (self);
      return;
    }
  if (r == NULL)
    {
      add_note (self, _("Computing…"));
      end_rows (self);
      return;
    }
  doc = dm_engine_get_document (self->engine);

  add_heading (self, _("Contact line"));
  if (r->has_line)
    {
      g_autofree char *len = dm_format_length_both (r->line_length_m, self->units);
      add_row (self, _("Length"), len, NULL);
    }
  else
    add_note (self, _("No contact line"));

  for (guint i = 0; r->zones != NULL && i < r->zones->len; i++)
    {
      DmZoneFigures *zf = g_ptr_array_index (r->zones, i);

      add_heading (self, zf->rule->name);
      if (zf->zone == NULL)
        {
          add_note (self, zf->error != NULL ? zf->error : _("Could not be computed"));
          continue;
        }
      {
        g_autofree char *area = dm_format_area (dm_zone_result_get_area_m2 (zf->zone, DM_SIDE_NONE),
                                                area_unit);
        add_row (self, _("Area"), area, zf->rule->color);
      }
      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          g_autofree char *area = dm_format_area (dm_zone_result_get_area_m2 (zf->zone, sides[s]),
                                                  area_unit);
          /* Translators: %s is a side's name, e.g. "Ukraine" */
          g_autofree char *name = g_strdup_printf (_("On %s’s side"),
                                                   dm_document_get_side_name (doc, sides[s]));
          add_row (self, name, area, dm_document_get_side_color (doc, sides[s]));
        }
      if (zf->settlements != NULL)
        {
          g_autofree char *pop = dm_format_number ((double) zf->settlements->population, 0);
          g_autofree char *text = g_strdup_printf (ngettext ("%u settlement, pop. %s",
                                                             "%u settlements, pop. %s",
                                                             zf->settlements->n_settlements),
                                                   zf->settlements->n_settlements, pop);
          add_row (self, _("Inside"), text, NULL);
        }
    }

  if (r->swaps != NULL && r->swaps->len > 0)
    {
      add_heading (self, _("Land swaps"));
      for (guint i = 0; i < r->swaps->len; i++)
        {
          DmSwapFigures *sf = g_ptr_array_index (r->swaps, i);
          g_autofree char *area = dm_format_area (sf->transfer_m2, area_unit);
          g_autofree char *name = g_strdup_printf ("%s: %s → %s",
                                                   sf->name != NULL ? sf->name : _("Swap"),
                                                   dm_document_get_side_name (doc, sf->giver),
                                                   dm_document_get_side_name (doc, sf->receiver));
          add_row (self, name, area, dm_document_get_side_color (doc, sf->receiver));
        }
      for (guint s = 0; s < 2; s++)
        {
          g_autofree char *net = dm_format_area (fabs (r->balance.net_m2[s]), area_unit);
          g_autofree char *text = g_strdup_printf ("%s%s", r->balance.net_m2[s] < 0 ? "−" : "+", net);
          /* Translators: %s is a side's name */
          g_autofree char *name = g_strdup_printf (_("Net for %s"),
                                                   dm_document_get_side_name (doc, sides[s]));
          add_row (self, name, text, dm_document_get_side_color (doc, sides[s]));
        }
    }

  add_heading (self, r->territory != NULL && r->territory->region_name != NULL
                              ? r->territory->region_name : _("Territory"));
  if (r->territory != NULL)
    for (guint s = 0; s < 2; s++)
      {
        g_autofree char *text = dm_format_area_share (r->territory->area_m2_side[s], r->territory->share_side[s],
                                                      area_unit);
        /* Translators: %s is a side's name */
        g_autofree char *name = g_strdup_printf (_("Held by %s"),
                                                 dm_document_get_side_name (doc, sides[s]));
        add_row (self, name, text, dm_document_get_side_color (doc, sides[s]));
      }
  else
    add_note (self, r->territory_error != NULL ? r->territory_error : "");
  if (r->territory != NULL && r->territory->regions != NULL && r->territory->regions->len > 0)
    {
      /* What the side holding less of the whole holds of each region, as
       * on paper; the whole split of each in its tooltip. */
      guint less = r->territory->area_m2_side[0] <= r->territory->area_m2_side[1] ? 0 : 1;
      const char *names[2] = { dm_document_get_side_name (doc, DM_SIDE_A), dm_document_get_side_name (doc, DM_SIDE_B) };
      /* Translators: %s is a side's name: “Held by Russia, by region” */
      g_autofree char *heading = g_strdup_printf (_("Held by %s, by region"), names[less]);

      add_heading (self, heading);
      for (guint i = 0; i < r->territory->regions->len; i++)
        {
          const DmTerritoryRegion *tr = g_ptr_array_index (r->territory->regions, i);
          g_autofree char *text = dm_format_area_share (tr->area_m2_side[less], tr->share_side[less], area_unit);
          g_autofree char *whole = dm_territory_region_describe (tr, names, area_unit);
          GtkWidget *row = add_row (self, tr->name, text, dm_document_get_side_color (doc, less == 0 ? DM_SIDE_A : DM_SIDE_B));

          gtk_widget_set_tooltip_text (row, whole);
        }
    }

  if (r->comparison != NULL || r->comparison_error != NULL)
    {
      const char *names[2] = { dm_document_get_side_name (doc, DM_SIDE_A), dm_document_get_side_name (doc, DM_SIDE_B) };
      /* Translators: %s is a proposal's name: “Since occupied-2024-11-01” */
      g_autofree char *heading = g_strdup_printf (_("Since %s"), r->comparison_name != NULL ? r->comparison_name : "");

      add_heading (self, heading);
      if (r->comparison == NULL)
        add_note (self, r->comparison_error);
      else
        {
          const DmComparison *c = r->comparison;

          for (guint k = 0; k < 2; k++)
            {
              g_autofree char *area = dm_format_area (k == 0 ? c->a_to_b_area_m2 : c->b_to_a_area_m2, area_unit);
              /* Translators: “From Ukraine to Russia” */
              g_autofree char *label = g_strdup_printf (_("From %s to %s"), names[k], names[1 - k]);

              add_row (self, label, area, dm_document_get_side_color (doc, k == 0 ? DM_SIDE_B : DM_SIDE_A));
            }
          for (guint i = 0; c->regions != NULL && i < c->regions->len; i++)
            {
              const DmComparisonRegion *cr = g_ptr_array_index (c->regions, i);
              g_autofree char *line = dm_comparison_region_describe (cr, names, area_unit);

              add_note (self, line);
            }
          {
            /* Which ones, in the tooltip. */
            g_autofree char *text = dm_comparison_places_describe (c, names);
            GtkWidget *note = add_note (self, text);
            g_autoptr (GString) list = g_string_new (NULL);

            for (guint i = 0; c->places != NULL && i < c->places->len; i++)
              {
                g_autofree char *place = dm_comparison_place_describe (g_ptr_array_index (c->places, i), names);

                g_string_append_printf (list, "%s%s", i > 0 ? "\n" : "", place);
              }
            gtk_widget_set_tooltip_text (note, list->len > 0 ? list->str : NULL);
          }
        }
    }

  add_heading (self, _("Monitoring estimate"));
  {
    g_autofree char *obs = dm_format_number (r->observers, 0);
    g_autofree char *pat = dm_format_number (r->patrols_per_day, 0);
    add_row (self, _("Observers"), obs, NULL);
    add_row (self, _("Patrols per day"), pat, NULL);
    add_note (self, _("Scaled from UNIIMOG (Iran–Iraq, 1988) to the line’s length"));
  }
  end_rows (self);
}

static void
dm_figures_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmFiguresPanel *self = DM_FIGURES_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_UNITS:
      g_value_set_enum (value, self->units);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_figures_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DmFiguresPanel *self = DM_FIGURES_PANEL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dm_figures_panel_set_engine (self, g_value_get_object (value));
      break;
    case PROP_UNITS:
      dm_figures_panel_set_units (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_figures_panel_dispose (GObject *object)
{
  DmFiguresPanel *self = DM_FIGURES_PANEL (object);

  dm_figures_panel_set_engine (self, NULL);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DM_TYPE_FIGURES_PANEL);
  G_OBJECT_CLASS (dm_figures_panel_parent_class)->dispose (object);
}

static void
dm_figures_panel_class_init (DmFiguresPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dm_figures_panel_get_property;
  object_class->set_property = dm_figures_panel_set_property;
  object_class->dispose = dm_figures_panel_dispose;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, DM_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] =
    g_param_spec_enum ("units", NULL, NULL, DM_TYPE_LENGTH_UNIT, DM_LENGTH_KM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/demarcate/Demarcate/dm-figures-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DmFiguresPanel, rows);
}

static void
dm_figures_panel_init (DmFiguresPanel *self)
{
  self->units = DM_LENGTH_KM;
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}

GtkWidget *
dm_figures_panel_new (void)
{
  return g_object_new (DM_TYPE_FIGURES_PANEL, NULL);
}

DmEngine *
dm_figures_panel_get_engine (DmFiguresPanel *self)
{
  g_return_val_if_fail (DM_IS_FIGURES_PANEL (self), NULL);
  return self->engine;
}

void
dm_figures_panel_set_engine (DmFiguresPanel *self,
                             DmEngine       *engine)
{
  g_return_if_fail (DM_IS_FIGURES_PANEL (self));
  g_return_if_fail (engine == NULL || DM_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "results-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

DmLengthUnit
dm_figures_panel_get_units (DmFiguresPanel *self)
{
  g_return_val_if_fail (DM_IS_FIGURES_PANEL (self), DM_LENGTH_KM);
  return self->units;
}

void
dm_figures_panel_set_units (DmFiguresPanel *self,
                            DmLengthUnit    units)
{
  g_return_if_fail (DM_IS_FIGURES_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}
