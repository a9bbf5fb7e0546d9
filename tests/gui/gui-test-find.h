/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

/* Finding widgets in a window's tree, depth first, for the GUI tests. */

typedef gboolean (*GuiTestMatch) (GtkWidget *widget, gconstpointer data);

static inline GtkWidget *
gui_test_find (GtkWidget *widget, GuiTestMatch match, gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = gui_test_find (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
gui_test_has_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static inline gboolean
gui_test_has_css (GtkWidget *widget, gconstpointer css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

static inline gboolean
gui_test_has_data (GtkWidget *widget, gconstpointer key)
{
  return g_object_get_data (G_OBJECT (widget), key) != NULL;
}

/* The first widget of @type, with CSS class @css_class, or carrying
 * object data @key. */
static inline GtkWidget *
find_type (GtkWidget *root, GType type)
{
  return gui_test_find (root, gui_test_has_type, GSIZE_TO_POINTER (type));
}

static inline GtkWidget *
find_css (GtkWidget *root, const char *css_class)
{
  return gui_test_find (root, gui_test_has_css, css_class);
}

static inline GtkWidget *
find_data (GtkWidget *root, const char *key)
{
  return gui_test_find (root, gui_test_has_data, key);
}
