/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in Ukrainian or Russian (argv[1]: uk or ru), started as a
 * user would start it (LANGUAGE=uk), on the sample: the header, the main
 * menu, the sidebar's titles and the figures panel's labels are found
 * translated on the widgets, and no text on screen is an English string
 * that has a translation.  Skips (77) without a display. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dm-i18n.h"
#include "dm-scale-bar.h"
#include "dm-spin-button.h"
#include "dm-window.h"
#include "gui-test.h"

/* Every text the window shows: labels (sidebar titles and figures among
 * them), buttons, tooltips, the header's title, and the main menu. */
static void
collect_menu (GMenuModel *model, GPtrArray *texts)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      GMenuLinkIter *links;
      const char *name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_ptr_array_add (texts, g_strdup (label));
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &name, &link))
        {
          collect_menu (link, texts);
          g_object_unref (link);
        }
      g_object_unref (links);
    }
}

static void
collect (GtkWidget *widget, GPtrArray *texts)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (!gtk_widget_get_visible (widget))
    return;
  if (tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (tooltip));
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  if (DM_IS_SCALE_BAR (widget))
    for (int metric = 0; metric < 2; metric++)
      if (dm_scale_bar_get_label (DM_SCALE_BAR (widget), metric, NULL) != NULL)
        g_ptr_array_add (texts, g_strdup (dm_scale_bar_get_label (DM_SCALE_BAR (widget), metric, NULL)));
  if (ADW_IS_WINDOW_TITLE (widget))
    g_ptr_array_add (texts, g_strdup (adw_window_title_get_title (ADW_WINDOW_TITLE (widget))));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    collect_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), texts);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, texts);
}

static gboolean
shown (GPtrArray *texts, const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;
  return FALSE;
}

static gboolean
cyrillic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x400 && c <= 0x4ff)
        return TRUE;
    }
  return FALSE;
}

int
main (int argc, char **argv)
{
  /* What a negotiator sees first, by where it is. */
  static const struct {
    const char *where, *english;
  } expected[] = {
    { "header", "Open a File (Ctrl+O)" },
    { "header", "Undo (Ctrl+Z)" },
    { "header", "Main Menu" },
    { "header", "Draw a Contact Line (L)" },
    { "menu", "_Open…" },
    { "menu", "_Save" },
    { "menu", "_Print…" },
    { "menu", "_Derive Contact Line from Control Polygon…" },
    { "menu", "_Label Language" },
    { "menu", "As the Interface" },
    { "sidebar", "Figures" },
    { "sidebar", "Zones" },
    { "sidebar", "Layers" },
    { "sidebar", "Treaty Annex" },
    { "figures", "Contact line" },
    { "figures", "Length" },
    { "figures", "Area" },
  };
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GFile) file = NULL;
  g_autofree char *sample = NULL;
  DmLanguage language;
  DmWindow *window;
  guint untranslated = 0;

  if (argc < 2 || !dm_language_from_string (argv[1], &language) || language == DM_LANGUAGE_EN)
    {
      g_printerr ("usage: %s uk|ru\n", argv[0]);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return SKIP;
    }
  /* As demarcate.c starts, with the user's language in LANGUAGE. */
  g_unsetenv ("LC_ALL");
  g_setenv ("LANGUAGE", argv[1], TRUE);
  gtk_disable_setlocale ();
  dm_i18n_init ();
  check (dm_i18n_get_language () == language, "/gui/i18n/interface-language");
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP cannot open the display\n");
      return SKIP;
    }
  adw_init ();

  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  file = g_file_new_for_path (sample);
  dm_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  check (settled_results (window, 120) != NULL, "/gui/i18n/sample-computed");
  spin (500);

  collect (GTK_WIDGET (window), texts);
  g_print ("# %u texts on the window\n", texts->len);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *translated = _ (expected[i].english);
      g_autofree char *name = g_strdup_printf ("/gui/i18n/%s/%s", expected[i].where, expected[i].english);

      g_print ("# %s: “%s” → “%s”\n", expected[i].where, expected[i].english, translated);
      check (cyrillic (translated) && shown (texts, translated) && !shown (texts, expected[i].english), name);
    }
  /* Nothing in English where a translation exists. */
  for (guint i = 0; i < texts->len; i++)
    {
      const char *t = g_ptr_array_index (texts, i);

      if (t[0] != '\0' && !g_str_equal (_ (t), t))
        {
          g_print ("# untranslated on screen: “%s”\n", t);
          untranslated++;
        }
    }
  check (untranslated == 0, "/gui/i18n/nothing-untranslated");
  /* The scale bar's units too (ShumateScale's were English). */
  {
    GtkWidget *bar = gui_test_find (GTK_WIDGET (window), gui_test_has_type, GSIZE_TO_POINTER (DM_TYPE_SCALE_BAR));
    const char *km = bar != NULL ? dm_scale_bar_get_label (DM_SCALE_BAR (bar), TRUE, NULL) : NULL;
    const char *mi = bar != NULL ? dm_scale_bar_get_label (DM_SCALE_BAR (bar), FALSE, NULL) : NULL;

    g_print ("# scale bar: %s, %s\n", km, mi);
    check (km != NULL && mi != NULL && (g_str_has_suffix (km, " км") || g_str_has_suffix (km, " м")) &&
             g_str_has_suffix (mi, " миль"),
           "/gui/i18n/scale-bar");
  }
  /* The map's place names follow the interface (the preference's default). */
  check (dm_window_get_label_language (window) == language, "/gui/i18n/label-language");

  /* Numbers typed and shown as the figures write them (“2,50”), a point
   * read too. */
  {
    GtkSpinButton *spin = GTK_SPIN_BUTTON (g_object_ref_sink (gtk_spin_button_new_with_range (0, 100000, 0.1)));
    static const struct {
      const char *typed;
      double value;
    } typed[] = { { "3,25", 3.25 }, { "4.5", 4.5 }, { "1 000,5", 1000.5 }, { "1\u202f234,75", 1234.75 } };
    gboolean ok;

    gtk_spin_button_set_digits (spin, 2);
    dm_spin_button_localize (spin);
    gtk_spin_button_set_value (spin, 2.5);
    ok = g_str_equal (gtk_editable_get_text (GTK_EDITABLE (spin)), "2,50");
    g_print ("# spin button shows “%s”\n", gtk_editable_get_text (GTK_EDITABLE (spin)));
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gtk_editable_set_text (GTK_EDITABLE (spin), typed[i].typed);
        gtk_spin_button_update (spin);
        g_print ("# typed “%s”: %g\n", typed[i].typed, gtk_spin_button_get_value (spin));
        ok = ok && G_APPROX_VALUE (gtk_spin_button_get_value (spin), typed[i].value, 1e-9);
      }
    check (ok, "/gui/i18n/spin-button-decimal-mark");
    g_object_unref (spin);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  return gui_test_finish ();
}
