/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-basemap.h"
#include "dm-geometry.h"
#include "dm-units.h"

G_BEGIN_DECLS

#define DM_DERIVE_ERROR (dm_derive_error_quark ())
GQuark dm_derive_error_quark (void);

typedef enum {
  DM_DERIVE_ERROR_INVALID,      /* not polygonal, or no coordinates */
  DM_DERIVE_ERROR_NO_OVERLAP,   /* the polygon lies in no country of the basemap */
  DM_DERIVE_ERROR_NOTHING_LEFT, /* all of its edge follows a border or the coast */
  DM_DERIVE_ERROR_FAILED,       /* the geometry engine failed */
} DmDeriveError;

/*
 * Trackers draw the state border and the coast several kilometres off the
 * basemap's Natural Earth outlines.  Measured on DeepStateMap's snapshots
 * of 2024-11-01 and 2025-11-01 (every 500 m of Ukraine's outline within
 * 30 km of the occupied polygon): 59–66 % of the border lies within 2 km
 * of the polygon's edge, 78–87 % within 3 km, 82–90 % within 4 km, and
 * beyond that only the stretches the polygon does not follow; the coast
 * 84 % within 2 km and 88 % within 4 km.  A strip of the other side's land
 * narrower than this between the polygon and the border or coast is taken
 * for that mismatch, not for a front.
 */
#define DM_DERIVE_DEFAULT_TOLERANCE_M 4000.0
/* Pieces of front shorter than this are slivers of the mismatch. */
#define DM_DERIVE_DEFAULT_MIN_LENGTH_M 5000.0

typedef struct {
  double tolerance_m;  /* see DM_DERIVE_DEFAULT_TOLERANCE_M */
  double min_length_m; /* see DM_DERIVE_DEFAULT_MIN_LENGTH_M */
  const char *country; /* code or name; NULL: the country holding most of the polygon */
} DmDeriveOptions;

#define DM_DERIVE_OPTIONS_INIT                                          \
  {                                                                     \
    DM_DERIVE_DEFAULT_TOLERANCE_M, DM_DERIVE_DEFAULT_MIN_LENGTH_M, NULL \
  }

/* What deriving made of a polygon, and what it left out. */
typedef struct {
  char *country_code; /* side A: the country the polygon lies in */
  char *country_name;
  char *neighbour_code; /* side B: the country whose border the polygon follows longest; */
  char *neighbour_name; /* NULL when it follows none */
  double tolerance_m;
  double min_length_m;
  guint n_parts;
  double length_m;  /* of the contact line */
  double border_m;  /* the polygon's edge left out along a land border */
  double coast_m;   /* along the coast */
  double outside_m; /* beyond the country's border or coast */
  guint n_stubs;    /* pieces of front shorter than min_length_m */
  double stubs_m;
  guint n_joined; /* pieces joined where they met */
} DmDeriveReport;

void dm_derive_report_free (DmDeriveReport *report);
/* One paragraph for people: what was made and what was left out, e.g.
 * "Contact line derived: 1,176 km in 6 parts, Ukraine (side A) against
 * Russia (side B). Left out: 612 km along the border, 410 km along the
 * coast, 7 stubs shorter than 5 km (54 km)." */
char *dm_derive_report_describe (const DmDeriveReport *report, DmLengthUnit unit);

/* A country the line is derived against (borrowed). */
typedef struct {
  const char *code;
  const char *name;
  const DmGeometry *geometry;
} DmDeriveCountry;

/*
 * Derives a contact line from a polygon of held territory: the stretches
 * of its edge where it meets the rest of its country (the other side's
 * territory), without those that follow the state border or the coast.
 *
 * The polygon's country is @options->country, else the one of @countries
 * that holds most of its edge.  A stretch of edge follows the border or
 * coast when, looking out of the held territory, the country's outline
 * lies within @options->tolerance_m: a strip of the other side's land
 * narrower than that is a mismatch between the tracker's border and the
 * basemap's, not territory.  Each remaining stretch is carried on to the
 * outline where it approaches it, pieces that meet are joined, and those
 * shorter than @options->min_length_m are dropped.  Every part is
 * oriented so that the held territory lies on its right (side B); a part
 * that never comes near the border (an enclave) is a closed ring.
 *
 * Returns a LineString or a MultiLineString; @report: (out) (optional).
 */
DmGeometry *dm_derive_contact_line (const DmGeometry *held,
                                    const DmDeriveCountry *countries,
                                    guint n_countries,
                                    const DmDeriveOptions *options,
                                    DmDeriveReport **report,
                                    GError **error);
/* The same against the basemap's countries. */
DmGeometry *dm_derive_contact_line_basemap (const DmGeometry *held,
                                            DmBasemap *basemap,
                                            const DmDeriveOptions *options,
                                            DmDeriveReport **report,
                                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmDeriveReport, dm_derive_report_free)

G_END_DECLS
