/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-units.h"

G_BEGIN_DECLS

#define DM_COMPARE_ERROR (dm_compare_error_quark ())
GQuark dm_compare_error_quark (void);

typedef enum {
  DM_COMPARE_ERROR_INVALID, /* not lines, or no region */
  DM_COMPARE_ERROR_FAILED,  /* splitting or the geometry engine failed */
} DmCompareError;

/* Ends of a line that stop this close to the region's boundary are
 * extended to it before splitting (as for territory). */
#define DM_COMPARE_EXTEND_TOLERANCE_M 50000.0

/*
 * Two proposals of the contact line over one region.  "A to B" is the
 * land on side A under the first line and on side B under the second
 * (it changes hands from A to B); "B to A" the reverse.  Polygons are
 * MultiPolygons, or NULL when nothing changes hands that way.  Areas are
 * geodesic (WGS 84).
 */
/* Land changing hands in one sub-region (an oblast). */
typedef struct {
  char *code;
  char *name;
  double a_to_b_m2;
  double b_to_a_m2;
} DmComparisonRegion;

/* A settlement changing hands. */
typedef struct {
  char *name;
  gint64 population;
  double lon, lat;
  DmSide from; /* the side holding it under the first line */
  DmSide to;
} DmComparisonPlace;

typedef struct {
  DmGeometry *a_to_b; /* (nullable) */
  DmGeometry *b_to_a; /* (nullable) */
  double a_to_b_area_m2;
  double b_to_a_area_m2;
  double net_to_b_m2;     /* a_to_b − b_to_a */
  double side_a1_area_m2; /* the region's split by each line */
  double side_b1_area_m2;
  double side_a2_area_m2;
  double side_b2_area_m2;
  double length1_m;
  double length2_m;
  GPtrArray *regions;   /* DmComparisonRegion, most land changing hands first (NULL: not asked) */
  GPtrArray *places;    /* DmComparisonPlace, largest first (NULL: not asked) */
  gint64 population[2]; /* [0]: people passing from A to B, [1]: from B to A */
} DmComparison;

void dm_comparison_free (DmComparison *self);

/* Splits @region by @line1 and by @line2 (dm_sides_split_region) and
 * returns what passes between the sides, or NULL with @error set. */
DmComparison *
dm_compare_lines (const DmGeometry *line1, const DmGeometry *line2, const DmGeometry *region, GError **error);

/* The same, with where the land lies: each of @regions (admin-1 regions,
 * may be NULL) that land changes hands in, and the @places (may be NULL)
 * that change hands with it. */
DmComparison *dm_compare_lines_full (const DmGeometry *line1,
                                     const DmGeometry *line2,
                                     const DmGeometry *region,
                                     const DmRegionInfo *regions,
                                     guint n_regions,
                                     const DmPlaceIndex *places,
                                     GError **error);

/* In words, as the window, the page and the CLI give them: "Donetsk:
 * 3,702 km² from Ukraine to Russia, 2.10 km² from Russia to Ukraine";
 * "Pokrovsk (pop. 68,263), from Ukraine to Russia". */
char *
dm_comparison_region_describe (const DmComparisonRegion *region, const char *const side_names[2], DmAreaUnit unit);
char *dm_comparison_place_describe (const DmComparisonPlace *place, const char *const side_names[2]);
/* "7 settlements change hands: 82,282 people from Ukraine to Russia, 0
 * from Russia to Ukraine"; "No settlement changes hands". */
char *dm_comparison_places_describe (const DmComparison *comparison, const char *const side_names[2]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmComparison, dm_comparison_free)

G_END_DECLS
