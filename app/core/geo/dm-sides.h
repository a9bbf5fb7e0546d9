/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"
#include "dm-types.h"

G_BEGIN_DECLS

/*
 * Which side of a contact line: side A lies to the left of the line's
 * direction, side B to its right.  A point takes the side of the nearest
 * point of the line; when that nearest point is a vertex, the side of the
 * angle bisector there (so a point in the wedge outside a bend gets the
 * side of the bend's outside, never the side of one segment's extension).
 * Points exactly on the line are DM_SIDE_NONE.
 */

#define DM_SIDES_ERROR (dm_sides_error_quark ())
GQuark dm_sides_error_quark (void);

typedef enum {
  DM_SIDES_ERROR_INVALID, /* not a line, not a region, too few points */
  DM_SIDES_ERROR_FAILED,  /* the geometry engine could not split */
} DmSidesError;

/* @line_xy: lon/lat pairs of a path of @n_points.  The nearest segment is
 * found in a local equirectangular frame at the point (sides are a local
 * question; the frame's distortion over a few hundred km cannot swap them). */
DmSide dm_sides_classify_point (const double *line_xy, guint n_points, double lon, double lat);

/* The same for a line of one part or several: the nearest segment of any
 * part decides (DM_SIDE_NONE for a line without a segment). */
DmSide dm_sides_classify_point_on_line (const DmGeometry *line, double lon, double lat);

/*
 * DmSidesNear: the sides of many points inside one box (a land swap's,
 * say) against a long line.  Only the segments that can be the nearest to
 * some point of the box are kept, so each point costs a few of them
 * instead of the whole line; the answers are dm_sides_classify_point_on_line()'s
 * everywhere (a point outside the box is classified against the whole
 * line).  Borrows @line, which must outlive it unchanged.
 */
typedef struct _DmSidesNear DmSidesNear;

DmSidesNear *dm_sides_near_new (const DmGeometry *line, double min_lon, double min_lat, double max_lon, double max_lat);
DmSide dm_sides_near_classify (const DmSidesNear *near, double lon, double lat);
void dm_sides_near_free (DmSidesNear *near);
/* (transfer full): doubles that decide every answer for a point of the
 * box: each kept segment's two vertices with the vertices before and
 * after it along its part up to one clearly apart (a bend's bisector
 * takes its direction from them), in order.  Two of the
 * same box with equal signatures give every point of it the same side,
 * and the same line runs through the box.  NULL for a box with a NaN
 * edge (it holds no point). */
GArray *dm_sides_near_signature (const DmSidesNear *near);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSidesNear, dm_sides_near_free)

/* The same in a plane (projected metres), over several paths (the nearest
 * segment of any of them decides).  @distance: (out) (optional) the planar
 * distance to the nearest point. */
DmSide dm_sides_classify_point_planar (const double *const *paths,
                                       const guint *n_points,
                                       guint n_paths,
                                       double x,
                                       double y,
                                       double *distance);

/*
 * Splits a (multi)polygon @region by the contact @line (a LineString, or
 * a MultiLineString whose parts are taken as separate stretches).  A line
 * end that stops inside the region within @extend_tolerance_m of its
 * boundary (measured along the end segment's direction, geodesically) is
 * extended to the boundary first.  Region boundary and line are noded
 * and polygonised; each face goes to the side its interior point lies on;
 * a region the line does not cut goes whole to one side.
 *
 * Topology is done in lon/lat: it is only a partition (every face keeps
 * its edges, which are short next to the earth's curvature), so the areas
 * of @side_a and @side_b, computed geodesically, add up to the region's.
 *
 * @side_a, @side_b: (out) (transfer full) MultiPolygons, possibly empty.
 */
gboolean dm_sides_split_region (const DmGeometry *line,
                                const DmGeometry *region,
                                double extend_tolerance_m,
                                DmGeometry **side_a,
                                DmGeometry **side_b,
                                GError **error);

G_END_DECLS
