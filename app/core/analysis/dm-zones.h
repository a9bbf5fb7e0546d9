/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-zone-rule.h"

G_BEGIN_DECLS

/*
 * Zones: the polygons of a zone rule for a contact line, in WGS 84, with
 * their geodesic areas in total and per side.
 *
 * A line band is computed in fixed tiles of longitude/latitude: each tile
 * buffers the stretches of the line that can reach it, in an azimuthal
 * equidistant projection centred on the tile, splits the buffer into side A
 * and side B by the line, takes each side at its own width and clips the
 * result to the tile.  Tiles partition the plane, so the pieces of a band
 * are disjoint, its area is the sum of theirs, and an edit recomputes only
 * the tiles its segments can reach.  Pieces of neighbouring tiles meet
 * along tile edges: fill them as one path with the nonzero rule (exterior
 * rings are counter-clockwise, holes clockwise), or dissolve them for
 * export.
 */

#define DM_ZONES_ERROR (dm_zones_error_quark ())
GQuark dm_zones_error_quark (void);

typedef enum {
  DM_ZONES_ERROR_INVALID, /* a rule or a line the zone cannot be made from */
  DM_ZONES_ERROR_NO_LINE, /* the rule needs a contact line and there is none */
  DM_ZONES_ERROR_FAILED,  /* the geometry engine failed */
} DmZonesError;

/* Results: immutable, reference counted, usable from any thread. */
typedef struct _DmZoneResult DmZoneResult;

#define DM_TYPE_ZONE_RESULT (dm_zone_result_get_type ())
GType dm_zone_result_get_type (void) G_GNUC_CONST;

DmZoneResult *dm_zone_result_ref (DmZoneResult *result);
void dm_zone_result_unref (DmZoneResult *result);
/* Geodesic area (m²) of the side's pieces; DM_SIDE_NONE: the whole zone. */
double dm_zone_result_get_area_m2 (DmZoneResult *result, DmSide side);
/* Number of pieces (polygons) of a side; DM_SIDE_NONE: all. */
guint dm_zone_result_get_n_pieces (DmZoneResult *result, DmSide side);
/* (transfer full): the side's pieces as one MultiPolygon (not dissolved:
 * tile pieces share edges); DM_SIDE_NONE: both sides. */
DmGeometry *dm_zone_result_get_geometry (DmZoneResult *result, DmSide side);
/* For drawing without copies: every ring of the side's pieces, lon/lat,
 * open (first point not repeated). */
typedef void (*DmZoneRingFunc) (const double *xy, guint n_points, gboolean is_hole, gpointer user_data);
void dm_zone_result_foreach_ring (DmZoneResult *result, DmSide side, DmZoneRingFunc func, gpointer user_data);
/* (transfer full): the union of all pieces, for export (keep it off the
 * hot path).  One side's tiles are joined along the tiles' edges
 * (dm_zone_result_stitch_side()), else merged by a GEOS union
 * (dm_zone_result_union_side(), 20 times as slow).  NULL when GEOS
 * fails. */
DmGeometry *dm_zone_result_dissolve (DmZoneResult *result);
DmGeometry *dm_zone_result_dissolve_side (DmZoneResult *result, DmSide side);
/* The two ways dm_zone_result_dissolve_side() takes, for tests and
 * benchmarks: NULL from the first when the pieces are not one side's
 * tiles or do not join up unambiguously. */
DmGeometry *dm_zone_result_stitch_side (DmZoneResult *result, DmSide side);
DmGeometry *dm_zone_result_union_side (DmZoneResult *result, DmSide side);
/* Both sides' at once (@out[0]: side A, @out[1]: side B; NULL where that
 * failed), each on its own core when there are two and the zone is large:
 * the same polygons as dm_zone_result_dissolve_side() gives each. */
void dm_zone_result_dissolve_sides (DmZoneResult *result, DmGeometry *out[2]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmZoneResult, dm_zone_result_unref)

/* The cache: one contact line and the tiles of every band rule evaluated
 * for it.  Used by one thread at a time; no global state. */
typedef struct _DmZoneCache DmZoneCache;

DmZoneCache *dm_zone_cache_new (void);
void dm_zone_cache_free (DmZoneCache *cache);
/* A full rebuild (NULL: no line).  The line is a LineString, or a
 * MultiLineString of one part. */
void dm_zone_cache_set_line (DmZoneCache *cache, const DmGeometry *line);
/*
 * The line was edited: @new_line is the whole line after the edit, @kind
 * and @first_vertex/@n_vertices say what changed, as in DmChange
 * (DM_CHANGE_VERTICES_MOVED: @n_vertices from @first_vertex;
 * DM_CHANGE_VERTEX_INSERTED: the new vertex is @first_vertex;
 * DM_CHANGE_VERTEX_REMOVED: it was @first_vertex; anything else: a full
 * rebuild).  Only tiles within reach of the old and the new positions of
 * the touched segments become dirty.
 */
void dm_zone_cache_line_changed (DmZoneCache *cache,
                                 const DmGeometry *new_line,
                                 guint first_vertex,
                                 guint n_vertices,
                                 DmChangeKind kind);
/* Evaluates @rule for the cache's line, recomputing only dirty tiles of
 * band rules (tiles are kept per band parameters: widths and clip region;
 * a new width starts a new set).  NULL with G_IO_ERROR_CANCELLED when
 * cancelled (work done so far is kept). */
DmZoneResult *
dm_zone_cache_evaluate (DmZoneCache *cache, const DmZoneRule *rule, GCancellable *cancellable, GError **error);
/* Tiles recomputed by the last evaluate, and tiles held for all rules. */
void dm_zone_cache_get_stats (DmZoneCache *cache, guint *n_recomputed, guint *n_tiles);
/* The mean length of the cached line's segments, in degrees (the larger
 * of Δlat and Δlon·cos lat), kept through edits exactly as a line given
 * afresh has it: what a sparse line's tile size follows. */
double dm_zone_cache_get_mean_segment_deg (DmZoneCache *cache);

/* A fresh cache for one evaluation. */
DmZoneResult *dm_zones_evaluate_from_scratch (const DmGeometry *line,
                                              const DmZoneRule *rule,
                                              GCancellable *cancellable,
                                              GError **error);

/* At most @n threads compute a band's tiles when many change at once (a
 * line from scratch); 0 (the default): one per core.  Results are the
 * same whatever the number. */
void dm_zones_set_max_threads (guint n);

/* The tile size (degrees) used for bands that reach @reach_m from their
 * line (the larger of the two widths); a sparse line's tiles are larger,
 * up to 0.25°. */
double dm_zones_tile_size_deg (double reach_m);
/* Every tile size is a multiple of this: tiles' edges, where a zone's
 * pieces meet, fall on its multiples of longitude and latitude. */
#define DM_ZONES_TILE_GRID_DEG 0.05

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmZoneCache, dm_zone_cache_free)

/*
 * DmZonePlaces: which of a set of places lie inside zones, kept per tile
 * while the tile is unchanged, so that an edit re-examines only the
 * places of the tiles it touched.  @places (borrowed) must outlive it (the
 * basemap's do).  One thread at a time.
 */
typedef struct _DmZonePlaces DmZonePlaces;

DmZonePlaces *dm_zone_places_new (const DmPlaceIndex *places);
void dm_zone_places_free (DmZonePlaces *places);
const DmPlaceIndex *dm_zone_places_get_index (DmZonePlaces *places);
/* (transfer full): guint indices into the places of those inside @zone,
 * ascending; the same places as a crossing-parity test over all its
 * rings finds. */
GArray *dm_zone_places_find (DmZonePlaces *places, DmZoneResult *zone);
/* Forgets the tiles of no zone found since the last sweep. */
void dm_zone_places_sweep (DmZonePlaces *places);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmZonePlaces, dm_zone_places_free)

/*
 * DmZoneOutside: which polygons of zones are not wholly inside a region
 * (those that may spill over its border), kept per tile while the tile is
 * unchanged, with the region prepared once: an edit re-examines only the
 * tiles it touched.  @region (borrowed) must outlive it.  One thread at a
 * time.
 */
typedef struct _DmZoneOutside DmZoneOutside;

DmZoneOutside *dm_zone_outside_new (const DmGeometry *region);
void dm_zone_outside_free (DmZoneOutside *outside);
const DmGeometry *dm_zone_outside_get_region (DmZoneOutside *outside);
/* (transfer full): the polygons of @zone's pieces (all sides, in
 * dm_zone_result_get_geometry()'s order) not wholly inside the region, as
 * a MultiPolygon; NULL when there are none or the region cannot be read. */
DmGeometry *dm_zone_outside_find (DmZoneOutside *outside, DmZoneResult *zone);
/* Forgets the tiles of no zone found since the last sweep. */
void dm_zone_outside_sweep (DmZoneOutside *outside);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmZoneOutside, dm_zone_outside_free)

G_END_DECLS
