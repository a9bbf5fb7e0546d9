/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dm-engine.h"
#include "dm-monitoring.h"

G_BEGIN_DECLS

/*
 * DmMonitoringPanel: the monitoring plan of the DMZ in the sidebar.
 *
 * Place Posts puts observation posts along each side's edge of the DMZ
 * at the panel's spacing, each with a sensor of the panel's range, as
 * features of the document (one undo step); the user then moves, adds
 * (the post tool) and deletes them like any feature.  The plan's figures
 * (coverage, stretches out of range, observers) are those of the
 * document's posts, worded as the CLI's monitoring command words them
 * (dm-figures.h): measured in a thread when the line or the DMZ changed,
 * and for a post moved, added or deleted at once, measuring only what is
 * within its range again.
 */
#define DM_TYPE_MONITORING_PANEL (dm_monitoring_panel_get_type ())
G_DECLARE_FINAL_TYPE (DmMonitoringPanel, dm_monitoring_panel, DM, MONITORING_PANEL, AdwBin)

GtkWidget *dm_monitoring_panel_new (void);
void dm_monitoring_panel_set_engine (DmMonitoringPanel *self, DmEngine *engine);
void dm_monitoring_panel_set_units (DmMonitoringPanel *self, DmLengthUnit units);
/* The panel's settings: the range of new posts' sensors, the spacing
 * Place Posts uses, the crew of every post. */
void dm_monitoring_panel_set_options (DmMonitoringPanel *self, double range_m, double spacing_m, guint crew);
double dm_monitoring_panel_get_range_m (DmMonitoringPanel *self);
/* Places posts along the DMZ (in a thread; then one undo step), as the
 * Place Posts button does.  FALSE, saying why in the panel, when there is
 * no line or no DMZ yet. */
gboolean dm_monitoring_panel_place_posts (DmMonitoringPanel *self);
/* The plan of the document's posts shown (NULL while there are none or
 * it is being measured); TRUE while posts are placed or measured. */
const DmMonitoringPlan *dm_monitoring_panel_get_plan (DmMonitoringPanel *self);
gboolean dm_monitoring_panel_is_busy (DmMonitoringPanel *self);
/* The name of the zone the plan shown watches (NULL without a plan). */
const char *dm_monitoring_panel_get_zone_name (DmMonitoringPanel *self);

G_END_DECLS
