/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * Geodesy on the WGS 84 ellipsoid with GeographicLib's algorithms as PROJ
 * ships them (geodesic.h): lengths and areas are geodesic, never planar
 * degrees or Web Mercator.  Arguments are longitude first, as everywhere
 * in Demarcate; all functions are thread-safe.
 */
#define DM_WGS84_A 6378137.0
#define DM_WGS84_F (1.0 / 298.257223563)

double dm_geodesy_distance_m (double lon1, double lat1, double lon2, double lat2);
void dm_geodesy_inverse (double lon1,
                         double lat1,
                         double lon2,
                         double lat2,
                         double *distance_m,
                         double *azimuth1_deg,
                         double *azimuth2_deg);
void dm_geodesy_direct (double lon1, double lat1, double azimuth_deg, double distance_m, double *lon2, double *lat2);

double dm_geodesy_path_length_m (const double *xy, guint n_points);
/* Signed: positive for counter-clockwise rings (stored open or closed). */
double dm_geodesy_ring_area_m2 (const double *xy, guint n_points);
/* Lines: the sum of their lengths; polygons: their perimeter. */
double dm_geodesy_geometry_length_m (const DmGeometry *geometry);
/* Whether dm_geodesy_geometry_length_m() is more than 0, measuring only
 * up to the first segment of some length (not a million of them). */
gboolean dm_geodesy_geometry_has_length (const DmGeometry *geometry);
/* Polygons: exterior minus holes, summed over parts; 0 for others. */
double dm_geodesy_geometry_area_m2 (const DmGeometry *geometry);
/* Shortest geodesic distance from a point to a path (m), and optionally
 * the segment index and the fraction along it of the nearest point. */
double dm_geodesy_point_path_distance_m (double lon,
                                         double lat,
                                         const double *xy,
                                         guint n_points,
                                         guint *segment,
                                         double *fraction);

G_END_DECLS
