/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-basemap.h"
#include "dm-geometry.h"

G_BEGIN_DECLS

typedef enum {
  DM_WARNING_SETTLEMENT_CUT,
  DM_WARNING_SWAP_OVERLAP,
  DM_WARNING_SELF_INTERSECTION,
  DM_WARNING_ZONE_CROSSES_BORDER,
} DmWarningKind;

/* Something a negotiator should look at, where to look, and what it is. */
typedef struct {
  DmWarningKind kind;
  double lon, lat;
  char *message;
} DmWarning;

DmWarning *dm_warning_new (DmWarningKind kind, double lon, double lat, const char *message);
void dm_warning_free (DmWarning *warning);

/*
 * The radius (m) inside which a line cuts a settlement of @population:
 * clamp (600 m × sqrt (population / 1000), 500 m, 12 km).  An estimate:
 * a round town of uniform density about 1,000 people/km² has a radius of
 * sqrt (population / (1000 π)) km ≈ 0.56 km × sqrt (population / 1000),
 * rounded up to 0.6; unknown populations (0) get the minimum.
 */
double dm_warnings_settlement_radius_m (gint64 population);

/* All functions return a GPtrArray of DmWarning* (owned by the array,
 * possibly empty), never NULL. */

/* Places the line (or a polygon's boundary) passes within their radius
 * of, in the order of @places.  @what starts the message, e.g. "The
 * contact line" (translated by the caller). */
GPtrArray *dm_warnings_settlements (const DmGeometry *line_or_boundary, const char *what, const DmPlaceIndex *places);

/* Every point where the line crosses or touches itself (parts of a
 * MultiLineString crossing each other too), planar in lon/lat. */
GPtrArray *dm_warnings_self_intersections (const DmGeometry *line);

/* Settlements cut by the outer edge of a band along @line: a place at
 * distance d on side s is cut when |d − width(s)| is within its radius.
 * Works from the line, not the band's polygons, so tile edges never count
 * as boundary. */
GPtrArray *dm_warnings_band_settlements (const DmGeometry *line,
                                         double width_a_m,
                                         double width_b_m,
                                         const char *zone_name,
                                         const DmPlaceIndex *places);

/* Each pair of swaps (DmGeometry*, polygonal) whose overlap has an area,
 * at the overlap's centroid.  @swap_names: char*, the same length, or
 * NULL for "Swap 1", "Swap 2", ... */
GPtrArray *dm_warnings_swap_overlaps (GPtrArray *swap_geometries, GPtrArray *swap_names);

/* Each piece of @zone outside @allowed larger than one hectare, at its
 * centroid, with its area. */
GPtrArray *dm_warnings_zone_outside (const DmGeometry *zone,
                                     const char *zone_name,
                                     const DmGeometry *allowed,
                                     const char *allowed_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmWarning, dm_warning_free)

G_END_DECLS
