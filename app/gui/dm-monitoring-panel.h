/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-engine.h"
#include "dm-monitoring.h"

G_BEGIN_DECLS

/*
 * DmMonitoringPanel: a monitoring plan of the DMZ in the sidebar: the
 * sensors' range, the posts' spacing and crew, and the plan's figures as
 * the CLI's monitoring command words them (dm-figures.h).  The plan is
 * made in a thread, a moment after the line, the DMZ or a setting last
 * changed.
 */
#define DM_TYPE_MONITORING_PANEL (dm_monitoring_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmMonitoringPanel, dm_monitoring_panel, DM, MONITORING_PANEL, AdwBin)

GtkWidget *dm_monitoring_panel_new (void);
void dm_monitoring_panel_set_engine (DmMonitoringPanel *self, DmEngine *engine);
void dm_monitoring_panel_set_units (DmMonitoringPanel *self, DmLengthUnit units);
/* The panel's switch: off (the default), no plan is made. */
void dm_monitoring_panel_set_enabled (DmMonitoringPanel *self, gboolean enabled);
/* The options the plan is made with (range, spacing, crew). */
void dm_monitoring_panel_set_options (DmMonitoringPanel *self, double range_m, double spacing_m, guint crew);
/* The plan shown (NULL while none is made); TRUE while one is made. */
const DmMonitoringPlan *dm_monitoring_panel_get_plan (DmMonitoringPanel *self);
gboolean dm_monitoring_panel_is_busy (DmMonitoringPanel *self);
/* The name of the zone the plan shown watches (NULL without a plan). */
const char *dm_monitoring_panel_get_zone_name (DmMonitoringPanel *self);

G_END_DECLS
