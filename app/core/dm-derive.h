/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

#define DM_DERIVE_ERROR (dm_derive_error_quark ())
GQuark dm_derive_error_quark (void);

typedef enum {
  DM_DERIVE_ERROR_INVALID,      /* not polygonal, or no coordinates */
  DM_DERIVE_ERROR_NO_OVERLAP,   /* the controlled area lies outside the country */
  DM_DERIVE_ERROR_NOTHING_LEFT, /* all of the boundary follows the border or is too short */
  DM_DERIVE_ERROR_FAILED,       /* the geometry engine failed */
} DmDeriveError;

/* A boundary vertex within 2 km of the border or coast follows it; runs of
 * contact line shorter than 5 km are slivers of the intersection. */
#define DM_DERIVE_DEFAULT_TOLERANCE_M  2000.0
#define DM_DERIVE_DEFAULT_MIN_LENGTH_M 5000.0

/*
 * Derives a contact line from a controlled (multi)polygon: the boundary of
 * @control clipped to @country, minus the stretches that lie within
 * @tolerance_m (geodesic) of @country's boundary (state border and coast
 * alike), minus the remaining runs shorter than @min_length_m.  Each run
 * keeps the border vertex at both of its ends, so it reaches the border.
 *
 * The result is a LineString when one run is left, a MultiLineString of
 * the runs (in boundary order) when several are, each oriented so that
 * the controlled territory lies on side B (the right of the direction).
 * A run that never touches the border (an enclave) is a closed ring.
 */
DmGeometry *dm_derive_contact_line (const DmGeometry *control,
                                    const DmGeometry *country,
                                    double            tolerance_m,
                                    double            min_length_m,
                                    GError          **error);

G_END_DECLS
