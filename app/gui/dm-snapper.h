/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"
#include "dm-document-renderer.h"

G_BEGIN_DECLS

/*
 * DmSnapper: what the editing tools snap to and trace along: the
 * vertices and segments of a document's features and the basemap's
 * borders, rivers, coasts and shores, in one index (dm-snap.h) that
 * follows the document's edits (an edited feature is brought up to date
 * when next needed; added or removed ones rebuild it).
 */
typedef struct _DmSnapper DmSnapper;

DmSnapper *dm_snapper_new (DmDocument *document);
void dm_snapper_free (DmSnapper *self);
/* The point within @radius_px of (@x, @y) in @view to snap to; the
 * vertex @skip_vertex of feature @skip_feature (and its two segments),
 * being dragged, is no target (0 and −1: none).  FALSE: nothing near. */
gboolean dm_snapper_snap (DmSnapper *self,
                          const DmViewport *view,
                          double x,
                          double y,
                          double radius_px,
                          guint skip_feature,
                          gint skip_vertex,
                          double *lon,
                          double *lat);
/* The path along the line both points lie on (they were snapped onto
 * it), appended to @xy without its first point; FALSE with @error set,
 * saying why, when none leads from one to the other. */
gboolean
dm_snapper_trace (DmSnapper *self, double lon0, double lat0, double lon1, double lat1, GArray *xy, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmSnapper, dm_snapper_free)

G_END_DECLS
