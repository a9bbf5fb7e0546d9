/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-analytics.h"

G_BEGIN_DECLS

/*
 * DmTerritoryCache: the territory split kept current through edits of the
 * contact line.  Moving, inserting or removing vertices of a stretch of
 * line changes each side's territory by exactly the geodesic area between
 * the old and the new stretch, and moves to the other side exactly the
 * settlements between them; the cache applies that difference instead of
 * splitting the region again, when it can prove it exact:
 *
 * - the line was simple (no part crosses itself or another) and stays so;
 * - the stretch lies properly inside the region (no border, coast, hole
 *   or island between the old and the new stretch) and inside one listed
 *   sub-region, whose holding stays listed;
 * - it is not near a line end (ends are extended to the region's edge),
 *   every end reaches that edge (or lies outside the region), and no land
 *   swap lies near it;
 * - the side holding less of the whole stays the same.
 *
 * Otherwise it splits from scratch (dm_territory_compute(), then the
 * sub-regions and people) and keeps that as its new base.  Figures carried
 * by difference keep the base's side geometry for drawing
 * (side_geometry_current FALSE) until the next split from scratch.
 *
 * Not thread-safe: one thread at a time (the engine's worker).
 */
typedef struct _DmTerritoryCache DmTerritoryCache;

DmTerritoryCache *dm_territory_cache_new (void);
void dm_territory_cache_free (DmTerritoryCache *cache);

/* The territory for @line, by difference when it can be, else from
 * scratch.  @regions (the territory's sub-regions, may be NULL) and
 * @places (may be NULL) as for dm_territory_add_regions() and
 * dm_territory_add_population(); they must be the same arrays on every
 * call (the same index) for the difference to be used.  @by_difference: (out) (optional). */
DmTerritory *dm_territory_cache_compute (DmTerritoryCache *cache,
                                         const DmGeometry *line,
                                         const DmGeometry *region,
                                         const char *region_name,
                                         GPtrArray *swaps,
                                         const DmRegionInfo *regions,
                                         guint n_regions,
                                         const DmPlaceIndex *places,
                                         gboolean *by_difference,
                                         GError **error);

/* The same by difference only: NULL (no error) when it cannot be. */
DmTerritory *dm_territory_cache_update (DmTerritoryCache *cache,
                                        const DmGeometry *line,
                                        const DmGeometry *region,
                                        const char *region_name,
                                        GPtrArray *swaps,
                                        const DmRegionInfo *regions,
                                        guint n_regions,
                                        const DmPlaceIndex *places);

/* Forgets the base: the next compute splits from scratch. */
void dm_territory_cache_reset (DmTerritoryCache *cache);

/* Whether the last line the cache was shown is known to be simple (it
 * checks that for the difference anyway): a caller may skip its own
 * test. */
gboolean dm_territory_cache_line_is_simple (DmTerritoryCache *cache, const DmGeometry *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmTerritoryCache, dm_territory_cache_free)

G_END_DECLS
