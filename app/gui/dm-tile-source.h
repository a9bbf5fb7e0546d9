/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "dm-basemap-renderer.h"

G_BEGIN_DECLS

/* A ShumateMapSource that renders the offline basemap's tiles in worker
 * threads and fills each ShumateTile with a paintable that paints the
 * cairo image: GTK 4.8's cairo renderer would convert a texture's every
 * pixel on every frame.  The last CACHE_TILES tiles are kept, so panning
 * back shows them at once. */
#define DM_TYPE_TILE_SOURCE (dm_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (DmTileSource, dm_tile_source, DM, TILE_SOURCE, ShumateMapSource)

/* Tiles of @tile_size logical pixels for zoom levels @min_zoom to
 * @max_zoom, rendered at @scale (the widget's scale factor) with labels in
 * @language; @id names the source (ShumateMapLayer caches tiles by it),
 * @name is for people. */
DmTileSource *dm_tile_source_new (DmBasemapRenderer *renderer,
                                  const char *id,
                                  const char *name,
                                  int min_zoom,
                                  int max_zoom,
                                  int tile_size,
                                  int scale,
                                  DmLanguage language);

/* Places @renderer's labels of zooms @min_zoom…@max_zoom in a worker
 * thread (dm_basemap_renderer_prepare_labels), a zoom at a time, each
 * counted among the renders dm_tile_source_finish_renders() waits for. */
void dm_tile_source_prepare_labels (DmBasemapRenderer *renderer,
                                    int min_zoom,
                                    int max_zoom,
                                    int tile_size,
                                    DmLanguage language);

/* Tiles asked for and not yet drawn, in every offline source (tests wait
 * for none before reading the map's pixels).  Main thread. */
guint dm_tile_source_get_n_pending (void);

/* Before the process exits: tiles not yet begun are not drawn, and those
 * being drawn are waited for (up to @timeout_ms), since a worker thread
 * still drawing text when exit() frees the text shaper's tables reads
 * freed memory. */
void dm_tile_source_finish_renders (guint timeout_ms);

G_END_DECLS
