/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-basemap.h"
#include "dm-document.h"
#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * DmSnapIndex: what a pointer can snap to while editing — the vertices
 * and segments of document features and of basemap linework — in a
 * uniform longitude/latitude grid, so that a query looks at a few cells
 * only (well under a millisecond with all of the basemap's linework).
 *
 * Tolerances are an ellipse in degrees, so that the GUI can pass its
 * pixel radius as it is on screen.  In Web Mercator at zoom z (256-pixel
 * tiles) a pixel spans 360 / (256 · 2^z) degrees of longitude everywhere
 * and that times cos(latitude) of latitude, so for a radius of r pixels
 * at the pointer's latitude φ:
 *
 *   tol_lon_deg = r · 360 / (256 · 2^z)
 *   tol_lat_deg = tol_lon_deg · cos φ
 *
 * (with a fractional zoom z as the map shows it; multiply by the scale
 * factor when r is in logical rather than device pixels, or not, as long
 * as r and the zoom count the same pixels).  "Nearest" is measured in
 * this ellipse, which on a Mercator map is the distance on screen.
 *
 * Not thread-safe: one thread (the GUI's) builds, updates and queries.
 */

typedef enum {
  DM_SNAP_VERTEX = 1 << 0,
  DM_SNAP_SEGMENT = 1 << 1,
} DmSnapFlags;

typedef enum {
  DM_SNAP_SOURCE_NONE,
  DM_SNAP_SOURCE_FEATURE,
  DM_SNAP_SOURCE_BASEMAP,
} DmSnapSource;

typedef struct {
  DmSnapSource source;
  guint feature_id;    /* DM_SNAP_SOURCE_FEATURE */
  DmLineworkKind kind; /* DM_SNAP_SOURCE_BASEMAP */
  guint part;          /* part and ring (path) of the geometry hit */
  guint ring;
  DmSnapFlags type; /* DM_SNAP_VERTEX or DM_SNAP_SEGMENT */
  /* The vertex, or the segment's first vertex; over the whole coordinate
   * array of the feature's (or linework's) geometry, as DmDocument's
   * vertex indices count. */
  guint index;
  double fraction; /* along the segment, 0 for a vertex */
  double lon;      /* the snapped position */
  double lat;
  double distance; /* in tolerances: 0 on the spot, 1 at the edge */
} DmSnapResult;

#define DM_SNAP_ERROR (dm_snap_error_quark ())
GQuark dm_snap_error_quark (void);

typedef enum {
  DM_SNAP_ERROR_NOT_SNAPPED,
  DM_SNAP_ERROR_DIFFERENT_LINES,
  DM_SNAP_ERROR_SAME_POINT,
} DmSnapError;

typedef struct _DmSnapIndex DmSnapIndex;

DmSnapIndex *dm_snap_index_new (void);
void dm_snap_index_free (DmSnapIndex *self);
/* Adds one kind of basemap linework (kept by reference, not copied). */
void dm_snap_index_add_linework (DmSnapIndex *self, DmBasemap *basemap, DmLineworkKind kind);
/* Adds or replaces the geometry of a document feature (copied); a NULL
 * @geometry removes it, as dm_snap_index_remove_feature() does. */
void dm_snap_index_set_feature (DmSnapIndex *self, guint id, const DmGeometry *geometry);
void dm_snap_index_remove_feature (DmSnapIndex *self, guint id);
/* Every feature of the active proposal, the annotations and the
 * reference layers, by their ids (call again, or set_feature on
 * DmDocument::changed, to follow edits). */
void dm_snap_index_add_document (DmSnapIndex *self, DmDocument *document);
guint dm_snap_index_get_n_segments (DmSnapIndex *self);

/* The nearest vertex within the tolerance ellipse around (@lon, @lat)
 * when @flags has DM_SNAP_VERTEX, else (or when there is none) the
 * nearest point on a segment when it has DM_SNAP_SEGMENT.  A feature
 * @exclude_feature (0 for none) is left out entirely when
 * @exclude_vertex < 0, else only its vertex @exclude_vertex and the two
 * segments at it (the vertex being dragged).  FALSE when nothing is near. */
gboolean dm_snap_index_query (DmSnapIndex *self,
                              double lon,
                              double lat,
                              double tol_lon_deg,
                              double tol_lat_deg,
                              DmSnapFlags flags,
                              guint exclude_feature,
                              gint exclude_vertex,
                              DmSnapResult *out);

/* The path along one line (one part's path, or a polygon's ring) from
 * @from to @to, both snapped points included, the shorter way round a
 * closed ring; a new LineString.  When the two points are on different
 * lines, the shortest way over the basemap's linework (and the features
 * the points are on), a line's end joining another line that passes
 * within 1.5 km: the river's parts and the reservoirs' shores carry a
 * trace along the Dnieper.  DM_SNAP_ERROR_DIFFERENT_LINES when no such
 * way joins them. */
DmGeometry *dm_snap_trace (DmSnapIndex *self, const DmSnapResult *from, const DmSnapResult *to, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSnapIndex, dm_snap_index_free)

G_END_DECLS
