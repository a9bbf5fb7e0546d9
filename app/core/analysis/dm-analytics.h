/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-units.h"
#include "dm-zones.h"

G_BEGIN_DECLS

/*
 * The figures negotiators argue over: territory per side, land swaps and
 * their balance, settlements in a zone, the monitoring estimate.  Pure
 * functions (inputs in, results out, no global state), callable from any
 * thread.  Areas are geodesic on the WGS 84 ellipsoid; topology (splits,
 * intersections) is done by GEOS in longitude/latitude, where it is exact
 * as a partition.
 */

#define DM_ANALYTICS_ERROR (dm_analytics_error_quark ())
GQuark dm_analytics_error_quark (void);

typedef enum {
  DM_ANALYTICS_ERROR_EMPTY_REGION, /* the region has no area */
  DM_ANALYTICS_ERROR_NOT_DIVIDED,  /* the line leaves the region whole on one side */
  DM_ANALYTICS_ERROR_INVALID,      /* not a line, not a polygon */
  DM_ANALYTICS_ERROR_FAILED,       /* the geometry engine failed */
} DmAnalyticsError;

/* How far a line end that stops short of the region's edge is extended
 * to meet it: front lines end near, not on, a border or a coast. */
#define DM_TERRITORY_EXTEND_TOLERANCE_M 50000.0

/* ---- Land swaps -------------------------------------------------------- */

typedef struct {
  guint feature_id;
  char *name;
  double area_m2;
  double area_on_a_m2; /* the part lying on side A of the line */
  double area_on_b_m2;
  double transfer_m2; /* what changes hands: the part on the giver's
                       * side (all of it without a line) */
  DmSide giver;
  DmSide receiver;
  gboolean inferred;    /* giver and receiver come from where it lies */
  gboolean straddles;   /* the line crosses it (each side holds ≥ 0.1 %) */
  char *note;           /* NULL, or a sentence for people (straddling) */
  DmGeometry *geometry; /* a copy of the swap's polygon */
  /* The basemap's places inside it (NULL until added); those of them not
   * already on the receiver's side change hands. */
  struct _DmSettlements *settlements;
  guint moved_settlements;
  gint64 moved_population;
} DmSwapFigures;

/* The balance counts each swap's transfer_m2: land a side already holds
 * is not given to it. */
typedef struct {
  double gives_m2[2]; /* [0]: side A, [1]: side B */
  double gets_m2[2];
  double net_m2[2]; /* gets − gives */
  double ratio_a;   /* what A gets per unit A gives (0 when A gives nothing) */
  double ratio_b;   /* what B gets per unit B gives (0 when B gives nothing) */
  /* The same in people (the swaps' moved_population). */
  gint64 people_gives[2];
  gint64 people_gets[2];
  gint64 people_net[2];
} DmSwapBalance;

void dm_swap_figures_free (DmSwapFigures *figures);
/* Who gives a swap and who gets it, as every display shows it: its
 * figures' when there are some (@figures may be NULL), else its own @from
 * and @to sides, side A giving when they say nothing. */
void dm_swap_sides (const DmSwapFigures *figures, DmSide from, DmSide to, DmSide *giver, DmSide *receiver);
/* Figures of one swap.  The giver is the side the swap mostly lies on
 * (a swap straddling the line goes by the majority of its area, and its
 * note says so), the receiver the other; @giver (and @receiver) other
 * than DM_SIDE_NONE, from the feature's own from/to sides, win.  @line
 * may be NULL (no line: side A is taken as the giver). */
DmSwapFigures *dm_swap_figures_compute (const DmGeometry *line,
                                        const DmGeometry *swap,
                                        guint feature_id,
                                        const char *name,
                                        DmSide giver,
                                        DmSide receiver);
void dm_swap_balance_compute (GPtrArray *swaps, DmSwapBalance *balance);

/* ---- Territory --------------------------------------------------------- */

/* One sub-region (an oblast, a province) of the territory split. */
typedef struct {
  char *code; /* "UA-14" */
  char *name;
  double area_m2;
  double area_m2_side[2]; /* by the line alone */
  double share_side[2];
  gint64 population_side[2]; /* by the line alone (dm_territory_add_population) */
} DmTerritoryRegion;

typedef struct {
  char *region_name;
  double area_m2;
  double area_m2_side[2]; /* by the line alone */
  double share_side[2];
  double after_swaps_m2_side[2]; /* with the swaps applied */
  double after_swaps_share_side[2];
  double swapped_m2;            /* land that changed hands through swaps */
  DmGeometry *side_geometry[2]; /* by the line alone, MultiPolygons */
  GPtrArray *regions;           /* DmTerritoryRegion (NULL until added) */
  /* People: the basemap's places on each side (dm_territory_add_population;
   * has_population FALSE until then). */
  gboolean has_population;
  guint settlements_side[2];
  gint64 population_side[2];
  guint after_swaps_settlements_side[2];
  gint64 after_swaps_population_side[2];
  /* FALSE when the figures were carried to a newer line by difference
   * (dm-territory-cache.h) and side_geometry is still the older line's,
   * for drawing until the split is made again. */
  gboolean side_geometry_current;
  gpointer shapes; /* private: holds side_geometry, shared by copies */
} DmTerritory;

void dm_territory_free (DmTerritory *territory);
/* A copy sharing the side geometries (they are never changed). */
DmTerritory *dm_territory_copy (const DmTerritory *territory);
/* Each side's share of the whole, before and after swaps, and of each
 * listed sub-region, from the areas; sub-regions ordered as
 * dm_territory_add_regions() orders them. */
void dm_territory_update_shares (DmTerritory *territory);
/*
 * Splits @region by @line, extending line ends that stop short of the
 * region's edge by up to @extend_tolerance_m, and reports each side's
 * geodesic area and share.  Then applies @swaps (DmSwapFigures, in
 * order): each moves (its polygon ∩ @region) from its giver to its
 * receiver, so a swap reaching outside the region moves only the part
 * inside, a part already held by the receiver stays, and where swaps
 * overlap the later one decides.
 *
 * Errors: DM_ANALYTICS_ERROR_EMPTY_REGION, _NOT_DIVIDED (the line misses
 * the region, or stops inside it too far from the edge), _INVALID.
 */
DmTerritory *dm_territory_compute_full (const DmGeometry *line,
                                        const DmGeometry *region,
                                        const char *region_name,
                                        GPtrArray *swaps,
                                        double extend_tolerance_m,
                                        GError **error);
/* Each sub-region's split, for the sub-regions (admin-1 regions of the
 * territory's country) where the side that holds less of the whole holds
 * any land: the oblasts the line crosses and those held whole.  Largest
 * such holding first. */
void dm_territory_add_regions (DmTerritory *territory, const DmRegionInfo *regions, guint n_regions);
/* One sub-region's split in words, as the window, the page and the CLI
 * give it: "Donetsk (26,517 km²): Ukraine 5,812 km² (21.9 %), Russia
 * 20,705 km² (78.1 %)". */
char *dm_territory_region_describe (const DmTerritoryRegion *region, const char *const side_names[2], DmAreaUnit unit);
/* The same with DM_TERRITORY_EXTEND_TOLERANCE_M. */
DmTerritory *dm_territory_compute (const DmGeometry *line,
                                   const DmGeometry *region,
                                   const char *region_name,
                                   GPtrArray *swaps,
                                   GError **error);

/* ---- An area by country ------------------------------------------------ */

typedef struct {
  char *code; /* "UA" */
  char *name; /* "Ukraine" */
  double area_m2;
} DmRegionArea;

/* (transfer full): DmRegionArea of @area (a zone, say) in each of @regions
 * it covers, geodesic, largest first; regions it only touches (under
 * 0.1 km²) left out. */
GArray *dm_area_by_region (const DmGeometry *area, const DmRegionInfo *regions, guint n_regions);

/* ---- Settlements ------------------------------------------------------- */

/*
 * People are counted from the basemap's places (GeoNames: settlements of
 * 1,000 people or more, each with the population of its census year): the
 * sum of the populations of the settlements whose centre lies in an area,
 * not a census of the area.  A settlement a line or a swap's edge cuts
 * goes wholly to the side holding its centre (the warnings name it).
 */
typedef struct _DmSettlements {
  guint n_settlements;
  gint64 population;
  GPtrArray *names; /* the largest first, "Name (pop.)" */
} DmSettlements;

void dm_settlements_free (DmSettlements *settlements);
/* The places of @places inside the zone's pieces. */
DmSettlements *dm_settlements_in_zone (DmZoneResult *zone, const DmPlaceIndex *places);
/* The same from places kept per tile (@kept's), as a drag needs: only
 * the tiles the last edit touched are examined. */
DmSettlements *dm_settlements_in_zone_kept (DmZonePlaces *kept, DmZoneResult *zone);
/* People and where they live in words, as every display gives them:
 * “12,345 in 3 settlements”, “No settlement”. */
char *dm_people_describe (gint64 population, guint n_settlements);
/* The places of @places inside @area (a polygon or multipolygon). */
DmSettlements *dm_settlements_in_area (const DmGeometry *area, const DmPlaceIndex *places);
/* A swap's settlements and the people it moves: those inside it not
 * already on its receiver's side of @line (all of them without a line). */
void dm_swap_figures_add_settlements (DmSwapFigures *figures, const DmGeometry *line, const DmPlaceIndex *places);

/*
 * DmSwapCache: each swap's figures and people kept from one edit of the
 * line to the next while nothing that decides them changed: the swap, its
 * sides as given, the places, the language, and the stretch of line that
 * can be nearest to it (dm_sides_near_signature() of the swap's box).  An
 * edit away from a swap costs it a pass over the line's vertices instead
 * of a split (16 ms at 300,000 vertices).  One thread at a time.
 */
typedef struct _DmSwapCache DmSwapCache;

DmSwapCache *dm_swap_cache_new (void);
void dm_swap_cache_free (DmSwapCache *cache);
/* (transfer full): dm_swap_figures_compute() then, when @places is not
 * NULL, dm_swap_figures_add_settlements(), or the same figures kept.
 * @reused: (out) (optional) whether they were kept. */
DmSwapFigures *dm_swap_cache_compute (DmSwapCache *cache,
                                      const DmGeometry *line,
                                      const DmGeometry *swap,
                                      guint feature_id,
                                      const char *name,
                                      DmSide giver,
                                      DmSide receiver,
                                      const DmPlaceIndex *places,
                                      gboolean *reused);
/* Forgets the swaps not computed since the last sweep. */
void dm_swap_cache_sweep (DmSwapCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSwapCache, dm_swap_cache_free)

/* Each side's settlements and people, by the line alone and after
 * @swaps (DmSwapFigures, in order: the last swap holding a place gives
 * it to its receiver), and each of the territory's listed sub-regions'
 * people on each side (@regions: their shapes, by code). */
void dm_territory_add_population (DmTerritory *territory,
                                  GPtrArray *swaps,
                                  const DmRegionInfo *regions,
                                  guint n_regions,
                                  const DmPlaceIndex *places);

/* ---- Monitoring -------------------------------------------------------- */

/* Observers and patrols a day for a length of line: the reference ratio
 * scaled to @line_length_m.  UNIIMOG (Iran–Iraq, 1988–91): about 400
 * unarmed observers and 64 patrols a day for an almost 900-mile line
 * (1,448.4 km); editable, as other missions had other ratios. */
typedef struct {
  double observers;
  double patrols_per_day;
  double line_length_m;
} DmMonitoringRatio;

#define DM_MONITORING_UNIIMOG ((DmMonitoringRatio){ 400.0, 64.0, 900.0 * 1609.344 })

void dm_monitoring_estimate (double line_length_m,
                             const DmMonitoringRatio *ratio,
                             double *observers,
                             double *patrols_per_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmTerritory, dm_territory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSwapFigures, dm_swap_figures_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSettlements, dm_settlements_free)

G_END_DECLS
