/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * DmGeometry: a WGS 84 geometry as plain arrays, cheap to edit.
 *
 * Coordinates are longitude/latitude pairs (degrees, traditional GIS order)
 * in one array.  A geometry has parts (one for single geometries); a part
 * has rings or paths (a polygon: exterior then holes; a line or a point:
 * one path).  Offsets index into the coordinate array, so a vertex of a
 * 300,000-vertex line is moved by writing two doubles.
 */
typedef enum {
  DM_GEOMETRY_POINT = 1,
  DM_GEOMETRY_LINESTRING,
  DM_GEOMETRY_POLYGON,
  DM_GEOMETRY_MULTIPOINT,
  DM_GEOMETRY_MULTILINESTRING,
  DM_GEOMETRY_MULTIPOLYGON,
} DmGeometryType;

typedef struct _DmGeometry DmGeometry;

#define DM_TYPE_GEOMETRY (dm_geometry_get_type ())
GType dm_geometry_get_type (void) G_GNUC_CONST;

DmGeometry *dm_geometry_new (DmGeometryType type);
DmGeometry *dm_geometry_new_point (double lon, double lat);
DmGeometry *dm_geometry_new_linestring (const double *xy, guint n_points);
DmGeometry *dm_geometry_new_polygon (const double *xy, guint n_points);
DmGeometry *dm_geometry_copy (const DmGeometry *self);
void dm_geometry_free (DmGeometry *self);
gboolean dm_geometry_equal (const DmGeometry *a, const DmGeometry *b);

/* Building: start a part, then add rings (paths) to it. */
void dm_geometry_begin_part (DmGeometry *self);
void dm_geometry_add_ring (DmGeometry *self, const double *xy, guint n_points);

DmGeometryType dm_geometry_get_geometry_type (const DmGeometry *self);
const char *dm_geometry_type_to_string (DmGeometryType type);
gboolean dm_geometry_is_lineal (const DmGeometry *self);
gboolean dm_geometry_is_polygonal (const DmGeometry *self);
gboolean dm_geometry_is_puntal (const DmGeometry *self);
gboolean dm_geometry_is_empty (const DmGeometry *self);

guint dm_geometry_get_n_points (const DmGeometry *self);
guint dm_geometry_get_n_parts (const DmGeometry *self);
guint dm_geometry_get_n_rings (const DmGeometry *self, guint part);
/* Index of the ring's first point in the whole coordinate array. */
guint dm_geometry_get_ring_offset (const DmGeometry *self, guint part, guint ring);
const double *dm_geometry_get_ring (const DmGeometry *self, guint part, guint ring, guint *n_points);
const double *dm_geometry_get_coords (const DmGeometry *self);

/* Editing single vertices; index counts over the whole coordinate array. */
void dm_geometry_get_point (const DmGeometry *self, guint index, double *lon, double *lat);
void dm_geometry_set_point (DmGeometry *self, guint index, double lon, double lat);
void dm_geometry_insert_point (DmGeometry *self, guint index, double lon, double lat);
void dm_geometry_remove_point (DmGeometry *self, guint index);
/* Locates the part and ring holding a vertex index; FALSE when out of range. */
gboolean dm_geometry_locate_point (const DmGeometry *self, guint index, guint *part, guint *ring);

void dm_geometry_reverse (DmGeometry *self);
void
dm_geometry_get_extent (const DmGeometry *self, double *min_lon, double *min_lat, double *max_lon, double *max_lat);
/* TRUE when every coordinate is finite with |lon| <= 180 and |lat| <= 90. */
gboolean dm_geometry_coords_in_range (const DmGeometry *self);
/* TRUE when every coordinate is finite with |lat| <= 90 and |lon| <= 540:
 * a longitude and latitude, unwrapped past the 180th meridian or not. */
gboolean dm_geometry_coords_on_earth (const DmGeometry *self);

/*
 * The 180th meridian.  Inside Demarcate a geometry that crosses it is
 * unwrapped: its longitudes run on past ±180° (179.5, 180.5, …) so that
 * every step between vertices is the short way round, and GEOS, the local
 * projections and the map see one continuous shape.  Files written for
 * others are split at ±180° again (dm_geometry_split_antimeridian() in
 * dm-geos.h).
 */

/* Each ring or path made continuous (no step of more than 180° of
 * longitude: a longer step crosses the 180th meridian), each hole beside
 * its shell.  TRUE when a coordinate changed. */
gboolean dm_geometry_unwrap_rings (DmGeometry *self);
/* Each part moved by whole turns of longitude so that its middle lies
 * within 180° of @centre_lon.  TRUE when a coordinate changed. */
gboolean dm_geometry_wrap_near (DmGeometry *self, double centre_lon);
/* A line's parts that a file split at the 180th meridian (RFC 7946) joined
 * again, once unwrapped: where one part ends at ±180 + 360 k exactly where
 * the next begins.  Returns the joined copy, or NULL when nothing joins. */
DmGeometry *dm_geometry_join_at_antimeridian (const DmGeometry *self);

/* Which frame of longitude a set of geometries fits best: −180…180° or,
 * for a set that straddles the 180th meridian, 0…360°. */
typedef struct {
  double west[2], east[2]; /* per frame: 0 = −180…180, 1 = 0…360 */
} DmLonFrame;

void dm_lon_frame_init (DmLonFrame *frame);
void dm_lon_frame_add (DmLonFrame *frame, const DmGeometry *geometry);
/* 0 or 180: the centre to give dm_geometry_wrap_near(). */
double dm_lon_frame_centre (const DmLonFrame *frame);

/* Whether the edges that polygons @a and @b (indices into the array given
 * to dm_geometry_shared_boundaries) have in common count as a boundary. */
typedef gboolean (*DmBoundaryPairFunc) (guint a, guint b, gpointer user_data);

/* The boundaries between polygons that share their vertices exactly (as
 * Natural Earth's neighbouring regions do, to 1e-6°): every edge two
 * different polygons have, each once, joined into runs along the rings,
 * as a multilinestring.  NULL entries of @polygons are skipped; @pair_func
 * (may be NULL: every pair) decides which pairs' edges count. */
DmGeometry *dm_geometry_shared_boundaries (const DmGeometry *const *polygons,
                                           guint n_polygons,
                                           DmBoundaryPairFunc pair_func,
                                           gpointer user_data);

/* A ring of @n lon/lat pairs (open or closed) turned round in place. */
void dm_ring_reverse (double *xy, guint n);
/* A ring turned round in place unless it already runs counter-clockwise
 * (@ccw) or clockwise (!@ccw) in the lon/lat plane. */
void dm_ring_orient (double *xy, guint n, gboolean ccw);
/* The planar area of a ring of @n points (open or closed) in its own
 * units (degrees² for lon/lat): positive counter-clockwise. */
double dm_ring_signed_area (const double *xy, guint n);
/* Whether (x, y) lies within a ring of @n points (open or closed) by the
 * even-odd rule: an edge counts when the point's y is in [y0, y1) either
 * way and the edge passes strictly east of it (as the territory's edge
 * index decides a settlement within a swap). */
gboolean dm_ring_contains_point (const double *xy, guint n, double x, double y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmGeometry, dm_geometry_free)

G_END_DECLS
