/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dm-combo-row.h"

void
dm_combo_row_set_strings (AdwComboRow *row, GtkStringList *names, guint selected)
{
  GListModel *model;
  guint n;
  gboolean same;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (GTK_IS_STRING_LIST (names));

  model = adw_combo_row_get_model (row);
  n = g_list_model_get_n_items (G_LIST_MODEL (names));
  same = GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) == n;
  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), gtk_string_list_get_string (names, i)) ==
           0;
  if (!same)
    adw_combo_row_set_model (row, G_LIST_MODEL (names));
  if (selected < n && adw_combo_row_get_selected (row) != selected)
    adw_combo_row_set_selected (row, selected);
}
