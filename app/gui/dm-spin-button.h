/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @spin shows its value with the decimal mark the figures use in the
 * interface's language (“2,50” in Ukrainian; dm_decimal_mark()), and
 * reads what is typed with that mark or a point: the program's own
 * LC_NUMERIC stays C (dm_i18n_init()). */
void dm_spin_button_localize (GtkSpinButton *spin);

G_END_DECLS
