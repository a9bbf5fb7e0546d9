/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-figures-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dm-core-enums.h"
#include "dm-figures.h"
#include "dm-figures-panel.h"

struct _DmFiguresPanel {
  AdwBin parent_instance;

  GtkBox *rows;
  GPtrArray *items; /* Item: rows's children, in order */
  guint cursor;     /* the next item a refresh may reuse */

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
  char *key;         /* kind, name and colour: what makes it the same item */
  GtkWidget *widget; /* in rows */
  GtkLabel *value;   /* a row's value, else NULL */
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

/* A long value (“23 772 862 осіб у 1 094 населених пунктах”) wraps,
 * rather than squeezing its name into a column of single words; a short
 * one never does. */
#define LONG_VALUE 24

static void
value_wraps (GtkLabel *value_label, const char *value)
{
  gtk_label_set_wrap (value_label, value != NULL && g_utf8_strlen (value, -1) > LONG_VALUE);
}

static GtkWidget *
add_row (DmFiguresPanel *self, const char *name, const char *value, const char *color)
{
  g_autofree char *key = g_strconcat ("r:", name, "\x1f", color != NULL ? color : "", NULL);
  Item *item = reuse (self, key);
  GtkWidget *row, *n, *v;

  if (item != NULL)
    {
      if (g_strcmp0 (gtk_label_get_text (item->value), value) != 0)
        {
          gtk_label_set_text (item->value, value);
          value_wraps (item->value, value);
        }
      return item->widget;
    }
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  n = gtk_label_new (NULL);
  v = gtk_label_new (value);
  if (color != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s", color, name);
      gtk_label_set_markup (GTK_LABEL (n), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (n), name);
  gtk_label_set_xalign (GTK_LABEL (n), 0);
  gtk_label_set_wrap (GTK_LABEL (n), TRUE);
  gtk_widget_set_hexpand (n, TRUE);
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_label_set_justify (GTK_LABEL (v), GTK_JUSTIFY_RIGHT);
  gtk_label_set_max_width_chars (GTK_LABEL (v), LONG_VALUE);
  value_wraps (GTK_LABEL (v), value);
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
  DmFiguresStyle style = { self->units, TRUE, FALSE };
  g_autoptr (GPtrArray) figures = NULL;

  if (self->items == NULL) /* disposed */
    return;
  begin_rows (self);
  if (self->engine == NULL)
    {
      add_note (self, _ ("No document is open."));
      end_rows (self);
      return;
    }
  if (r == NULL)
    {
      add_note (self, _ ("Computing…"));
      end_rows (self);
      return;
    }
  /* The rows as the page and the CLI word them (dm-figures.h). */
  figures = dm_figures_build (dm_engine_get_document (self->engine), r, &style);
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);
      GtkWidget *widget = NULL;

      if (!(f->uses & DM_FIGURE_PANEL))
        continue;
      switch (f->kind)
        {
        case DM_FIGURE_HEADING:
          add_heading (self, f->label);
          break;
        case DM_FIGURE_ROW:
          widget = add_row (self, f->label, f->value, f->color);
          break;
        case DM_FIGURE_NOTE:
        default:
          widget = add_note (self, f->label);
          break;
        }
      if (widget != NULL && g_strcmp0 (gtk_widget_get_tooltip_text (widget), f->detail) != 0)
        gtk_widget_set_tooltip_text (widget, f->detail);
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

  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DM_TYPE_ENGINE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] = g_param_spec_enum ("units", NULL, NULL, DM_TYPE_LENGTH_UNIT, DM_LENGTH_KM,
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
dm_figures_panel_set_engine (DmFiguresPanel *self, DmEngine *engine)
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
dm_figures_panel_set_units (DmFiguresPanel *self, DmLengthUnit units)
{
  g_return_if_fail (DM_IS_FIGURES_PANEL (self));

  if (self->units == units)
    return;
  self->units = units;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}
