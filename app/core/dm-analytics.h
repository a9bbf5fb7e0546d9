/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-zones.h"

G_BEGIN_DECLS

/* ---- Land swaps -------------------------------------------------------- */

typedef struct {
  guint feature_id;
  char *name;
  double area_m2;
  double area_on_a_m2;     /* the part lying on side A of the line */
  double area_on_b_m2;
  DmSide giver;
  DmSide receiver;
  gboolean inferred;       /* giver and receiver come from where it lies */
} DmSwapFigures;

typedef struct {
  double gives_m2[2];      /* [0]: side A, [1]: side B */
  double gets_m2[2];
  double net_m2[2];        /* gets − gives */
  double ratio_a;          /* what A gets per unit A gives (0 when A gives nothing) */
} DmSwapBalance;

void            dm_swap_figures_free   (DmSwapFigures     *figures);
/* Figures of one swap; giver/receiver overridden when @giver is set. */
DmSwapFigures  *dm_swap_figures_compute (const DmGeometry *line,
                                         const DmGeometry *swap,
                                         guint             feature_id,
                                         const char       *name,
                                         DmSide            giver,
                                         DmSide            receiver);
void            dm_swap_balance_compute (GPtrArray        *swaps,
                                         DmSwapBalance    *balance);

/* ---- Territory --------------------------------------------------------- */

typedef struct {
  char *region_name;
  double area_m2;
  double area_m2_side[2];        /* by the line alone */
  double share_side[2];
  double after_swaps_m2_side[2]; /* with the swaps applied */
  double after_swaps_share_side[2];
  DmGeometry *side_geometry[2];
} DmTerritory;

void            dm_territory_free      (DmTerritory       *territory);
/* Splits @region by @line (ends extended by up to 50 km to the region's
 * edge), then moves each swap's area from giver to receiver. */
DmTerritory    *dm_territory_compute   (const DmGeometry  *line,
                                        const DmGeometry  *region,
                                        const char        *region_name,
                                        GPtrArray         *swaps,
                                        GError           **error);

/* ---- Settlements ------------------------------------------------------- */

typedef struct {
  guint n_settlements;
  gint64 population;
  GPtrArray *names;        /* the largest first, "Name (pop.)" */
} DmSettlements;

void            dm_settlements_free    (DmSettlements     *settlements);
/* The places of @places inside the zone's pieces. */
DmSettlements  *dm_settlements_in_zone (DmZoneResult      *zone,
                                        const DmPlace     *places,
                                        guint              n_places);

/* ---- Monitoring -------------------------------------------------------- */

/* UNIIMOG (Iran–Iraq, 1988): about 400 unarmed observers and 64 patrols a
 * day for an almost 900-mile line. */
typedef struct {
  double observers;
  double patrols_per_day;
  double line_length_m;
} DmMonitoringRatio;

#define DM_MONITORING_UNIIMOG ((DmMonitoringRatio) { 400.0, 64.0, 900.0 * 1609.344 })

void            dm_monitoring_estimate (double                   line_length_m,
                                        const DmMonitoringRatio *ratio,
                                        double                  *observers,
                                        double                  *patrols_per_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmTerritory, dm_territory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSwapFigures, dm_swap_figures_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSettlements, dm_settlements_free)

G_END_DECLS
