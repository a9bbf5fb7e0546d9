/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <glib.h>

G_BEGIN_DECLS

/* Web Mercator's latitude limit: the world is a square. */
#define DM_MERCATOR_MAX_LAT 85.05112877980659

/*
 * Web Mercator in units of the world's width: (0, 0) at 180° W and the
 * northern limit, (1, 1) at 180° E and the southern one.  Inline: the
 * renderers project every vertex they draw through it.
 */
static inline void
dm_mercator_unit (double lon, double lat, double *mx, double *my)
{
  lat = CLAMP (lat, -DM_MERCATOR_MAX_LAT, DM_MERCATOR_MAX_LAT);
  *mx = (lon + 180.0) / 360.0;
  *my = (1.0 - log (tan (lat * G_PI / 180.0) + 1.0 / cos (lat * G_PI / 180.0)) / G_PI) / 2.0;
}

static inline void
dm_mercator_unit_inverse (double mx, double my, double *lon, double *lat)
{
  *lon = mx * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * my))) * 180.0 / G_PI;
}

G_END_DECLS
