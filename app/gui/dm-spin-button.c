/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-gui"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-spin-button.h"
#include "dm-units.h"

static gboolean
spin_output (GtkSpinButton *spin, gpointer user_data)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%uf", gtk_spin_button_get_digits (spin));
  g_autoptr (GString) text = g_string_new (g_ascii_formatd (buf, sizeof buf, format, gtk_spin_button_get_value (spin)));

  g_string_replace (text, ".", dm_decimal_mark (), 1);
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (spin)), text->str))
    gtk_editable_set_text (GTK_EDITABLE (spin), text->str);
  return TRUE;
}

static int
spin_input (GtkSpinButton *spin, double *new_value, gpointer user_data)
{
  g_autoptr (GString) text = g_string_new (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;
  double value;

  /* Grouping as people type it (spaces; commas where the mark is a
   * point), the language's mark or a point. */
  g_string_replace (text, "\u202f", "", 0);
  g_string_replace (text, "\u00a0", "", 0);
  g_string_replace (text, " ", "", 0);
  if (g_str_equal (dm_decimal_mark (), "."))
    g_string_replace (text, ",", "", 0);
  else
    g_string_replace (text, dm_decimal_mark (), ".", 1);
  value = g_ascii_strtod (text->str, &end);
  if (text->len == 0 || end == NULL || *end != '\0' || !isfinite (value))
    return GTK_INPUT_ERROR;
  *new_value = value;
  return TRUE;
}

void
dm_spin_button_localize (GtkSpinButton *spin)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  /* A numeric spin button lets through the C library's decimal point
   * only (and gtk_spin_button_new_with_range() makes one numeric):
   * spin_input() says what is a number. */
  gtk_spin_button_set_numeric (spin, FALSE);
  g_signal_connect (spin, "output", G_CALLBACK (spin_output), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (spin_input), NULL);
  spin_output (spin, NULL);
}
