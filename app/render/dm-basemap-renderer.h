/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "dm-basemap.h"
#include "dm-i18n.h"

G_BEGIN_DECLS

/*
 * DmBasemapRenderer: draws Web Mercator tiles of the offline basemap
 * (data/basemap.gpkg) with cairo and pango.  The layers are read once;
 * afterwards the renderer is read-only (the per-zoom label placement is
 * computed once under a lock), so any number of threads may draw tiles
 * at the same time.
 */
typedef struct _DmBasemapRenderer DmBasemapRenderer;

/* The sea colour, as 0xRRGGBB, for tests and for the map's background. */
#define DM_BASEMAP_SEA_RGB  0xaad3df
#define DM_BASEMAP_LAND_RGB 0xf2efe9

/* Draws @basemap (NULL: dm_basemap_get_default()), reading its land,
 * lakes and rivers through it and taking its borders and places, so
 * that the basemap file is read once for the figures and the map. */
DmBasemapRenderer *dm_basemap_renderer_new (DmBasemap *basemap, GError **error);
/* The renderer of the default basemap, made once for the process and
 * shared (a world of land, lakes and rivers: about a second to set up):
 * the call blocks the first time; the async pair does that in a thread. */
DmBasemapRenderer *dm_basemap_renderer_get_default (GError **error);
void
dm_basemap_renderer_get_default_async (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
DmBasemapRenderer *dm_basemap_renderer_get_default_finish (GAsyncResult *result, GError **error);
DmBasemapRenderer *dm_basemap_renderer_ref (DmBasemapRenderer *self);
void dm_basemap_renderer_unref (DmBasemapRenderer *self);

/* Places the labels of zoom levels @min_zoom…@max_zoom for the whole world
 * now (each level once, kept), so that the first tile drawn at a new
 * level does not wait for it: a world of places takes 0.1–0.4 s a level.
 * Thread-safe; meant for a worker thread. */
void dm_basemap_renderer_prepare_labels (DmBasemapRenderer *self,
                                         int min_zoom,
                                         int max_zoom,
                                         int tile_size,
                                         DmLanguage language);

/* Draws tile (x, y) of zoom level @z into @cr's area (0, 0)–(tile_size,
 * tile_size) in user space (scale @cr for HiDPI or print). */
void dm_basemap_renderer_draw_tile (DmBasemapRenderer *self,
                                    cairo_t *cr,
                                    int x,
                                    int y,
                                    int z,
                                    int tile_size,
                                    DmLanguage language);

/* Draws any area of the world at zoom level @z: the world pixels (@x,
 * @y)–(@x + @width, @y + @height) into @cr's area (0, 0)–(@width,
 * @height), clipped to it.  The same drawing as a tile's (styles and
 * labels of level @z, labels placed as on the tiles, but only those
 * wholly inside: a map's edge does not cut a name), in one pass, so
 * that print and PDF get one set of vector paths and selectable text
 * instead of tiles; scale @cr for fractional zoom levels. */
void dm_basemap_renderer_draw_area (DmBasemapRenderer *self,
                                    cairo_t *cr,
                                    double x,
                                    double y,
                                    double width,
                                    double height,
                                    int z,
                                    int tile_size,
                                    DmLanguage language);

/* Renders a tile to PNG bytes (transfer full) of (tile_size × @scale)
 * pixels square; NULL with @error set. */
GBytes *dm_basemap_renderer_render_png (DmBasemapRenderer *self,
                                        int x,
                                        int y,
                                        int z,
                                        int tile_size,
                                        int scale,
                                        DmLanguage language,
                                        GError **error);

/* Web Mercator helpers: world pixel coordinates at zoom @z for tiles of
 * @tile_size pixels. */
void dm_web_mercator_project (double lon, double lat, int z, int tile_size, double *px, double *py);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmBasemapRenderer, dm_basemap_renderer_unref)

G_END_DECLS
