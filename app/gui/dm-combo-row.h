/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @row offers @names, @selected chosen.  Its list is replaced only when
 * the names differ, so a panel refreshed by a choice made in @row never
 * replaces the list under that choice; @selected is set only when it
 * changes. */
void dm_combo_row_set_strings (AdwComboRow *row, GtkStringList *names, guint selected);

G_END_DECLS
