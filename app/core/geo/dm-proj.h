/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <geos_c.h>
#include <proj.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * Local metric projections for buffering: GEOS works in a plane, so a
 * band is buffered in an azimuthal equidistant projection (AEQD) centred
 * near the part being buffered, on WGS 84, and transformed back.
 *
 * Thread safety: the PROJ context is per thread (dm_proj_get_context());
 * a DmLocalProj is used by one thread at a time (it may move between
 * threads: its PJ follows the calling thread's context).
 */

/* The calling thread's PROJ context, created on first use and destroyed
 * when the thread exits. */
PJ_CONTEXT *dm_proj_get_context (void);

typedef enum {
  /* PROJ's ellipsoidal "+proj=aeqd" (GeographicLib geodesics inside):
   * the reference, about 1 µs a point. */
  DM_LOCAL_PROJ_PROJ,
  /* The same AEQD through geod_inverse/geod_direct, without PROJ's
   * pipeline overhead. */
  DM_LOCAL_PROJ_GEODESIC,
  /* Demarcate's own AEQD for the near field: the tangent plane of the
   * ellipsoid at the centre (ECEF → ENU, exact inverse) with the
   * equidistant radial correction on the Gaussian sphere.  Agrees with
   * PROJ's aeqd to a few millimetres within 50 km of the centre (the test
   * checks it) and is 10-20 times faster; the tiles of a band use it. */
  DM_LOCAL_PROJ_FAST,
} DmLocalProjMethod;

typedef struct _DmLocalProj DmLocalProj;

/* AEQD centred at (@lon0, @lat0) with DM_LOCAL_PROJ_PROJ. */
DmLocalProj *dm_local_proj_new (double lon0, double lat0);
DmLocalProj *dm_local_proj_new_with_method (double lon0, double lat0, DmLocalProjMethod method);
void dm_local_proj_free (DmLocalProj *self);
void dm_local_proj_get_centre (const DmLocalProj *self, double *lon0, double *lat0);
DmLocalProjMethod dm_local_proj_get_method (const DmLocalProj *self);

/* In place: @xy holds @n_points pairs, lon/lat degrees ↔ x/y metres
 * (x east, y north at the centre).  FALSE (and the array partly
 * transformed) only when PROJ fails on a point. */
gboolean dm_local_proj_forward (DmLocalProj *self, double *xy, guint n_points);
gboolean dm_local_proj_inverse (DmLocalProj *self, double *xy, guint n_points);

/* Whole geometries: a new DmGeometry with projected coordinates (x/y in
 * the lon/lat slots; polygon rings stay open), and back. */
DmGeometry *dm_local_proj_forward_geometry (DmLocalProj *self, const DmGeometry *geometry);
DmGeometry *dm_local_proj_inverse_geometry (DmLocalProj *self, const DmGeometry *geometry);
/* A new GEOS geometry with every coordinate transformed; NULL on failure. */
GEOSGeometry *dm_local_proj_forward_geos (DmLocalProj *self, GEOSContextHandle_t ctx, const GEOSGeometry *geometry);
GEOSGeometry *dm_local_proj_inverse_geos (DmLocalProj *self, GEOSContextHandle_t ctx, const GEOSGeometry *geometry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmLocalProj, dm_local_proj_free)

G_END_DECLS
