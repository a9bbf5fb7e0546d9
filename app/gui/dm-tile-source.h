/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dm-basemap-renderer.h"

G_BEGIN_DECLS

/* A ShumateDataSource that renders the offline basemap into PNG tiles in
 * worker threads; give it to shumate_raster_renderer_new_full().  libshumate
 * 1.0.3's raster renderer shows a tile only after "received-data" was
 * emitted for it, so the source emits it before completing each task. */
#define DM_TYPE_TILE_SOURCE (dm_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (DmTileSource, dm_tile_source, DM, TILE_SOURCE, ShumateDataSource)

/* Tiles of @tile_size logical pixels rendered at @scale (the widget's
 * scale factor) with labels in @language. */
DmTileSource *dm_tile_source_new (DmBasemapRenderer *renderer,
                                  int                tile_size,
                                  int                scale,
                                  DmLabelLanguage    language);

G_END_DECLS
