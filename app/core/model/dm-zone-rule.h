/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dm-geometry.h"
#include "dm-types.h"
#include "dm-units.h"

G_BEGIN_DECLS

typedef enum {
  DM_ZONE_DEMILITARISED, /* no forces or equipment at all */
  DM_ZONE_WITHDRAWAL,    /* some weapons withdrawn (Minsk II: 50/70/140 km) */
  DM_ZONE_RESTRICTION,   /* limits on bases, missiles, exercises */
  DM_ZONE_MONITORING,
} DmZoneKind;

typedef enum {
  /* A band along the contact line, its own width on each side (0 on one
   * side: a one-sided zone), flat ends, optionally clipped to a region. */
  DM_ZONE_RULE_LINE_BAND,
  /* A band at a distance from a boundary (line or polygon outline), kept
   * on one side of it: inside @region (e.g. "100 mi from NATO's border,
   * inside Russia"). */
  DM_ZONE_RULE_BOUNDARY_BAND,
  /* A region on one side of the contact line (e.g. the part of Donetsk
   * oblast held by side A). */
  DM_ZONE_RULE_REGION_SIDE,
  /* A polygon the user drew. */
  DM_ZONE_RULE_POLYGON,
} DmZoneRuleType;

/*
 * A zone rule: plain data, copied into commands and worker threads.
 * Geometries are WGS 84; which ones are used depends on @type:
 *   LINE_BAND:      width_a_m, width_b_m, region (optional clip)
 *   BOUNDARY_BAND:  boundary, distance_m, region (the side to keep; optional)
 *   REGION_SIDE:    region, side
 *   POLYGON:        region (the polygon)
 * region_name/boundary_name say where a geometry came from ("UA-14",
 * "Ukraine") so a document can show and store it by name.
 */
typedef struct {
  char *name;
  DmZoneKind kind;
  char *color;     /* "#rrggbb" */
  gboolean hidden; /* kept, computed and exported, but not drawn on the map */
  DmZoneRuleType type;
  double width_a_m;
  double width_b_m;
  double distance_m;
  DmSide side;
  DmGeometry *region;
  char *region_name;
  DmGeometry *boundary;
  char *boundary_name;
} DmZoneRule;

#define DM_TYPE_ZONE_RULE (dm_zone_rule_get_type ())
GType dm_zone_rule_get_type (void) G_GNUC_CONST;

DmZoneRule *dm_zone_rule_new_line_band (const char *name, DmZoneKind kind, double width_a_m, double width_b_m);
DmZoneRule *dm_zone_rule_new_boundary_band (const char *name,
                                            DmZoneKind kind,
                                            const DmGeometry *boundary,
                                            double distance_m,
                                            const DmGeometry *keep_region);
DmZoneRule *dm_zone_rule_new_region_side (const char *name, DmZoneKind kind, const DmGeometry *region, DmSide side);
DmZoneRule *dm_zone_rule_new_polygon (const char *name, DmZoneKind kind, const DmGeometry *polygon);
DmZoneRule *dm_zone_rule_copy (const DmZoneRule *rule);
void dm_zone_rule_free (DmZoneRule *rule);
gboolean dm_zone_rule_equal (const DmZoneRule *a, const DmZoneRule *b);
const char *dm_zone_kind_to_string (DmZoneKind kind);
gboolean dm_zone_kind_from_string (const char *str, DmZoneKind *kind);
/* "line-band", "boundary-band", "region-side", "polygon": the names files
 * and fingerprints use. */
const char *dm_zone_rule_type_to_string (DmZoneRuleType type);
gboolean dm_zone_rule_type_from_string (const char *str, DmZoneRuleType *type);
/* What the rule makes, in a few words for a list or a legend: “4.02 km
 * on each side”, “Up to 160.93 km from the RU/NATO border, inside RU”,
 * “UA-14 on Ukraine’s side”; a band clipped to a region adds “, within
 * UA”.  Lengths in @units, with the other system's after them when
 * @both_units (“4.02 km (2.50 mi)”, for paper); @side_a and @side_b are
 * the sides' names. */
char *dm_zone_rule_describe (const DmZoneRule *rule,
                             DmLengthUnit units,
                             gboolean both_units,
                             const char *side_a,
                             const char *side_b);

/* The policy paper's DMZ: 5 miles wide, 2.5 mi (4,023.36 m) each side. */
DmZoneRule *dm_zone_rule_new_default_dmz (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmZoneRule, dm_zone_rule_free)

G_END_DECLS
