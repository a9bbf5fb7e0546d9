/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include <geos_c.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * GEOS through its reentrant API only, with one context per thread.
 *
 * The context is made on first use in a thread and finished when the
 * thread exits.  GEOS notices are logged with g_debug(); errors too, and
 * the last error of the calling thread stays available from
 * dm_geos_last_error() (NULL when there was none).
 */
GEOSContextHandle_t dm_geos_get_context (void);
const char *dm_geos_last_error (void);

/* Destroys @geometry with the calling thread's context; NULL is fine. */
void dm_geos_geometry_free (GEOSGeometry *geometry);

typedef GEOSGeometry DmGeosGeometry;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmGeosGeometry, dm_geos_geometry_free)

/*
 * DmGeometry → GEOS.  Polygon rings, stored open in DmGeometry, are closed
 * again.  An empty DmGeometry gives an empty GEOS geometry of its type.
 * Returns NULL when GEOS refuses the coordinates (a ring of fewer than 3
 * distinct points, a line of one point); dm_geos_last_error() says why.
 */
GEOSGeometry *dm_geometry_to_geos (GEOSContextHandle_t ctx, const DmGeometry *geometry);

/*
 * GEOS → DmGeometry.  Points, lines, linear rings (as lines), polygons and
 * their Multi* types keep their type.  A GeometryCollection is flattened to
 * its dominant dimension: polygonal if it holds any polygon, else lineal,
 * else puntal; the lower-dimension parts are dropped (a single part gives a
 * single geometry, several a Multi*).  Z and M are dropped.  Returns NULL
 * when the geometry is empty or has no point, line or polygon in it.
 * @dropped_parts, if not NULL, receives the number of non-empty parts
 * dropped from a collection.
 */
DmGeometry *dm_geometry_from_geos (GEOSContextHandle_t ctx, const GEOSGeometry *geometry);
DmGeometry *dm_geometry_from_geos_full (GEOSContextHandle_t ctx, const GEOSGeometry *geometry, guint *dropped_parts);

/*
 * A valid copy of @geometry.  When @geometry is valid already, a clone and
 * @what_was_wrong is set to NULL.  Otherwise @what_was_wrong (if not NULL)
 * receives GEOS's reason in words, with the place as "near LON LAT" (for
 * example "Self-intersection near 37.12300 48.45600"), and the repaired
 * geometry keeps @geometry's dimension: a polygon stays polygonal, a line
 * lineal; parts that collapsed to a lower dimension are dropped.  Returns
 * NULL when nothing of that dimension is left (beyond repair) or GEOS
 * fails.
 */
GEOSGeometry *dm_geos_make_valid (GEOSContextHandle_t ctx, const GEOSGeometry *geometry, char **what_was_wrong);

/* @geometry split at the 180th meridian with every longitude in
 * −180…180° (RFC 7946, section 3.1.9), or NULL when it already lies in
 * that range; lines and polygons become multilines and multipolygons when
 * cut.  See dm_geometry_unwrap_rings(). */
DmGeometry *dm_geometry_split_antimeridian (const DmGeometry *geometry);

G_END_DECLS
