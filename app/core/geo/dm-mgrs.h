/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * UTM and MGRS references on WGS 84, as soldiers and surveyors on the
 * ground read them.  UTM is the transverse Mercator projection by
 * Krüger's series to sixth order (as GeographicLib's TransverseMercator:
 * accurate to a few nanometres within a zone); the zone is the standard
 * one with the exceptions for south-west Norway (32V) and Svalbard (31X,
 * 33X, 35X, 37X).  Thread-safe.
 */

/* The UTM zone (1–60) and hemisphere of a point between 80° S and 84° N,
 * its easting and northing in metres (false easting 500 km, false
 * northing 10,000 km south of the equator).  FALSE outside those
 * latitudes, where MGRS uses the polar stereographic grid instead. */
gboolean dm_utm_forward (double lon, double lat, int *zone, gboolean *north, double *easting, double *northing);

/* The Universal Polar Stereographic easting and northing of a point at
 * 84° N or beyond (@north) or beyond 80° S: scale 0.994 at the pole,
 * false easting and northing 2,000 km.  FALSE between those latitudes. */
gboolean dm_ups_forward (double lon, double lat, gboolean *north, double *easting, double *northing);

/* The MGRS reference of a point to one metre, grouped as it is read
 * aloud: "37U CQ 12345 67890" (zone and latitude band, 100 km square,
 * easting and northing within it, truncated as MGRS requires); at 84° N
 * and beyond 80° S the polar grid's "Z AF 12345 67890" (band, square,
 * easting and northing).  NULL for a latitude that is not one. */
char *dm_mgrs_format (double lon, double lat);

G_END_DECLS
