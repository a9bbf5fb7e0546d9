/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "dm-basemap-renderer.h"

#define TILE 256

static DmBasemapRenderer *renderer;

static guint32
pixel_at (cairo_surface_t *surface, int px, int py)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (gconstpointer) (data + py * stride))[px] & 0xffffff;
}

static gboolean
close_to (guint32 rgb, guint32 want, int tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((rgb >> shift) & 0xff) - (int) ((want >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

/* Renders the z tile holding lon/lat and returns the pixel there; with
 * @n_land, also counts land-coloured pixels in the 9×9 window around it. */
static guint32
render_pixel (double lon, double lat, int z, const char *save_as, int *n_land)
{
  double wx, wy;
  int tx, ty, px, py;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint32 rgb;

  dm_web_mercator_project (lon, lat, z, TILE, &wx, &wy);
  tx = (int) floor (wx / TILE);
  ty = (int) floor (wy / TILE);
  px = (int) floor (wx - tx * TILE);
  py = (int) floor (wy - ty * TILE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cr = cairo_create (surface);
  dm_basemap_renderer_draw_tile (renderer, cr, tx, ty, z, TILE);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (save_as != NULL)
    {
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), save_as, NULL);
      cairo_surface_write_to_png (surface, path);
      g_test_message ("tile %d/%d/%d written to %s", z, tx, ty, path);
    }
  rgb = pixel_at (surface, px, py);
  if (n_land != NULL)
    {
      *n_land = 0;
      for (int dy = -4; dy <= 4; dy++)
        for (int dx = -4; dx <= 4; dx++)
          if (close_to (pixel_at (surface, CLAMP (px + dx, 0, TILE - 1), CLAMP (py + dy, 0, TILE - 1)),
                        DM_BASEMAP_LAND_RGB, 8))
            (*n_land)++;
    }
  cairo_surface_destroy (surface);
  return rgb;
}

static void
test_sea_and_land (void)
{
  int n_land = 0;
  guint32 sea = render_pixel (33.0, 43.5, 6, "dm-test-render-sea.png", NULL);
  guint32 land = render_pixel (31.0, 50.0, 6, "dm-test-render-land.png", &n_land);
  guint32 steppe = render_pixel (35.0, 48.0, 6, NULL, NULL);

  g_test_message ("sea pixel %06x, land pixel %06x (%d/81 land around), steppe %06x",
                  sea, land, n_land, steppe);
  /* Black Sea, well off the coast. */
  g_assert_true (close_to (sea, DM_BASEMAP_SEA_RGB, 8));
  /* 31.0E 50.0N is on land a pixel from the Dnipro (Rzhyshchiv, 31.04E
   * 49.97N), so the river's antialiased stroke may touch that very pixel:
   * it must not be sea, and land must be most of the window around it. */
  g_assert_false (close_to (land, DM_BASEMAP_SEA_RGB, 8));
  g_assert_cmpint (n_land, >=, 41);
  /* Open steppe north of Zaporizhzhia: exactly land. */
  g_assert_true (close_to (steppe, DM_BASEMAP_LAND_RGB, 8));
}

static void
test_tile_extent (void)
{
  double px, py;

  dm_web_mercator_project (0, 0, 0, TILE, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 128, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 128, 1e-9);
  dm_web_mercator_project (-180, 85.05112877980659, 1, TILE, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 0, 1e-6);
}

static gpointer
render_thread (gpointer data)
{
  int i = GPOINTER_TO_INT (data);
  GError *error = NULL;
  GBytes *png = dm_basemap_renderer_render_png (renderer, 36 + i % 4, 21 + i / 4, 6, TILE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (png);
  return png;
}

static void
test_threads (void)
{
  GThread *threads[8];
  static const guint8 magic[] = { 0x89, 'P', 'N', 'G' };

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_thread, GINT_TO_POINTER (i));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr (GBytes) png = g_thread_join (threads[i]);
      gsize size;
      const guint8 *data = g_bytes_get_data (png, &size);

      g_assert_cmpuint (size, >, 1000);
      g_assert_cmpmem (data, 4, magic, 4);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  renderer = dm_basemap_renderer_new (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/render/tile-extent", test_tile_extent);
  g_test_add_func ("/render/sea-and-land", test_sea_and_land);
  g_test_add_func ("/render/threads", test_threads);
  ret = g_test_run ();
  dm_basemap_renderer_unref (renderer);
  return ret;
}
