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
} DmLineOpsError;

/* Cuts a LineString at an inner vertex, which ends @first and begins
 * @second.  DM_LINE_OPS_ERROR_NOT_A_LINE for other geometries,
 * _BAD_VERTEX for an end vertex or one past the end. */
gboolean     dm_line_split           (const DmGeometry  *line,
                                      guint              vertex,
                                      DmGeometry       **first,
                                      DmGeometry       **second,
                                      GError           **error);
/* One LineString from two, joined at their nearest ends and following
 * @a's direction (@b is reversed when need be); a vertex both share is
 * kept once.  @gap_m: (out) (optional) the geodesic distance bridged. */
DmGeometry  *dm_line_join            (const DmGeometry  *a,
                                      const DmGeometry  *b,
                                      double            *gap_m,
                                      GError           **error);
/* Douglas–Peucker with @tolerance_m metres, measured in an azimuthal
 * equidistant projection centred on the geometry; the ends of every line
 * are kept, and a polygon ring keeps its first vertex and at least three.
 * Lines and polygons; other geometries come back unchanged. */
DmGeometry  *dm_line_simplify        (const DmGeometry  *geometry,
                                      double             tolerance_m);
/* The number of vertices dm_line_simplify() would keep, without making
 * the geometry (a preview while a slider moves). */
guint        dm_line_simplify_count  (const DmGeometry  *geometry,
                                      double             tolerance_m);
/* Moves the vertices at @indices (over the whole coordinate array) by
 * (@dlon, @dlat) degrees, in place; an index listed twice moves once. */
void         dm_line_move_vertices   (DmGeometry        *geometry,
                                      const guint       *indices,
                                      guint              n_indices,
                                      double             dlon,
                                      double             dlat);

G_END_DECLS
