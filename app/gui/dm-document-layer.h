/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dm-engine.h"

G_BEGIN_DECLS

/* The document drawn live over the basemap: zones from the engine's
 * results as translucent fills, then the contact line with its sides'
 * colours.  Redraws when the view moves or the results change. */
#define DM_TYPE_DOCUMENT_LAYER (dm_document_layer_get_type ())
G_DECLARE_FINAL_TYPE (DmDocumentLayer, dm_document_layer, DM, DOCUMENT_LAYER, ShumateLayer)

DmDocumentLayer *dm_document_layer_new        (ShumateViewport *viewport);
void             dm_document_layer_set_engine (DmDocumentLayer *self,
                                               DmEngine        *engine);

G_END_DECLS
