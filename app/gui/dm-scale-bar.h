/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/*
 * DmScaleBar: the map's scale, a metric bar above a bar in miles, each as
 * long as a round distance at the centre of the view, labelled as the
 * figures are (dm_format_length(): “100 км” in Ukrainian).  It replaces
 * ShumateScale, whose “km” and “mi” are not translated.
 */
#define DM_TYPE_SCALE_BAR (dm_scale_bar_get_type ())
G_DECLARE_FINAL_TYPE (DmScaleBar, dm_scale_bar, DM, SCALE_BAR, GtkWidget)

GtkWidget *dm_scale_bar_new (void);
/* The viewport it measures (nullable: nothing drawn). */
void dm_scale_bar_set_viewport (DmScaleBar *self, ShumateViewport *viewport);
/* What the bars show now: @metric TRUE for the upper bar.  Their ground
 * lengths in metres (@metres, optional) and their labels. */
const char *dm_scale_bar_get_label (DmScaleBar *self, gboolean metric, double *metres);

G_END_DECLS
