/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * Operations on lines for editing: pure functions, geometry in and new
 * geometry out (DmDocument wraps them in undoable commands).
 */

#define DM_LINE_OPS_ERROR (dm_line_ops_error_quark ())
GQuark dm_line_ops_error_quark (void);

typedef enum {
  DM_LINE_OPS_ERROR_NOT_A_LINE,
  DM_LINE_OPS_ERROR_BAD_VERTEX,
  DM_LINE_OPS_ERROR_SAME_LINE,
  DM_LINE_OPS_ERROR_TOO_FAR,   /* the parts' ends are too far apart to join */
  DM_LINE_OPS_ERROR_DIRECTION, /* joining would turn one part's sides round */
} DmLineOpsError;

/* Two parts of a contact line are joined when their ends lie at most
 * this far apart (the gap is bridged by a straight segment). */
#define DM_LINE_JOIN_MAX_GAP_M 10000.0

/*
 * Parts of a line (a contact line has one or several: real front lines
 * meet borders and have bridgeheads).  Each returns a new geometry: a
 * LineString when one part is left, else a MultiLineString.
 */
/* Cuts the part holding the inner vertex @vertex (an index over the whole
 * geometry) there: the vertex ends one part and begins the next. */
DmGeometry *dm_line_split_part (const DmGeometry *line, guint vertex, GError **error);
/* Joins parts @part_a and @part_b end to start, keeping both directions
 * (the sides of a contact line follow them): @part_a's end to @part_b's
 * start or @part_b's end to @part_a's start, whichever ends are nearer;
 * the gap, at most @max_gap_m, is bridged by a segment.  The joined part
 * takes the place of the earlier one.  DM_LINE_OPS_ERROR_TOO_FAR,
 * _DIRECTION (only reversing one part would bring the ends together),
 * _SAME_LINE.  @gap_m: (out) (optional) the distance bridged. */
DmGeometry *dm_line_join_parts (const DmGeometry *line,
                                guint part_a,
                                guint part_b,
                                double max_gap_m,
                                double *gap_m,
                                GError **error);
/* The other part whose end is nearest to @part's start or whose start is
 * nearest to its end (the ends dm_line_join_parts() joins); FALSE when
 * the line has no other part. */
gboolean dm_line_nearest_part (const DmGeometry *line, guint part, guint *other, double *gap_m);
/* Without part @part (NULL when it is the only one). */
DmGeometry *dm_line_remove_part (const DmGeometry *line, guint part);
/* With part @part's direction turned round (its sides swap). */
DmGeometry *dm_line_reverse_part (const DmGeometry *line, guint part);
/* @line's parts followed by @more's (both lineal). */
DmGeometry *dm_line_add_parts (const DmGeometry *line, const DmGeometry *more);

/* Douglas–Peucker with @tolerance_m metres, measured in an azimuthal
 * equidistant projection centred on the geometry; the ends of every line
 * are kept, and a polygon ring keeps its first vertex and at least three.
 * Lines and polygons; other geometries come back unchanged. */
DmGeometry *dm_line_simplify (const DmGeometry *geometry, double tolerance_m);
/* The number of vertices dm_line_simplify() would keep, without making
 * the geometry (a preview while a slider moves). */
guint dm_line_simplify_count (const DmGeometry *geometry, double tolerance_m);
/* Moves the vertices at @indices (over the whole coordinate array) by
 * (@dlon, @dlat) degrees, in place; an index listed twice moves once. */
void dm_line_move_vertices (DmGeometry *geometry, const guint *indices, guint n_indices, double dlon, double dlat);

/* Each part of @line moved @distance_m to its left (negative: its
 * right), square to it, as GEOS offsets a curve in an azimuthal
 * equidistant projection centred on the part (DM_LOCAL_PROJ_FAST: 250 m
 * comes out within 2 cm along a 670 km line), after leaving out the
 * vertices within DM_LINE_OFFSET_TOLERANCE_M of the line through their
 * neighbours: for drawing a side's fringe where a format cannot offset a
 * line on screen (KML).  NULL when no part gives one. */
#define DM_LINE_OFFSET_TOLERANCE_M 1.0
DmGeometry *dm_line_offset (const DmGeometry *line, double distance_m);

G_END_DECLS
