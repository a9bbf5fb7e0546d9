/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dm-document-renderer.h"
#include "dm-engine.h"

G_BEGIN_DECLS

/* The document drawn live over the basemap by render's
 * DmDocumentRenderer: zones from the engine's results, land swaps, the
 * contact line with its sides' colours, annotations, reference layers and
 * warnings, each behind a show-* property.  The drawing is kept as a
 * picture a margin larger than the view: a pan moves it, a zoom scales it
 * until the view settles, and an edit or fresh results redraw only the
 * parts the renderer reports damaged. */
#define DM_TYPE_DOCUMENT_LAYER (dm_document_layer_get_type ())
G_DECLARE_FINAL_TYPE (DmDocumentLayer, dm_document_layer, DM, DOCUMENT_LAYER, ShumateLayer)

DmDocumentLayer *dm_document_layer_new (ShumateViewport *viewport);
void dm_document_layer_set_engine (DmDocumentLayer *self, DmEngine *engine);
/* The view as render sees it (for tests, and for hit-testing later). */
void dm_document_layer_get_view (DmDocumentLayer *self, DmViewport *view);
DmDocumentRenderer *dm_document_layer_get_renderer (DmDocumentLayer *self);

/* How the layer's cached picture has been drawn, for benchmarks and
 * tests: frames painted, redraws of the whole picture and of damaged
 * parts, and how long the last redraw took; the picture's chunks now,
 * and how many of them hold an image (the empty ones keep none). */
typedef struct {
  guint frames;
  guint full_redraws;
  guint partial_redraws;
  guint chunks_painted;
  double last_redraw_ms;
  guint chunks;
  guint chunks_kept;
} DmDocumentLayerStats;

void dm_document_layer_get_stats (DmDocumentLayer *self, DmDocumentLayerStats *stats);

G_END_DECLS
