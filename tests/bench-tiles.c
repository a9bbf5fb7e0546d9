/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dm-basemap-renderer.h"
#include "dm-basemap.h"
#include "dm-mercator.h"

/*
 * The offline basemap's cost: opening it, setting up the tile renderer,
 * its memory, and the time to draw 256-pixel tiles zoom by zoom over the
 * front (30–41° E, 44–51° N: every basemap Demarcate has shipped covers
 * it, so figures compare across basemaps) and over the other places the
 * tool is used for (the whole world at low zoom; Korea, Kashmir, Cyprus,
 * the Caucasus and Finland's border with Russia at zoom 7).
 *
 *   bench-tiles [BASEMAP.gpkg]        (default: the installed basemap)
 *
 * A zoom's first tile also places that zoom's labels for the whole world
 * (once per zoom and language): reported apart from the median.  The
 * window places them ahead, in a thread (dm_basemap_renderer_prepare_labels,
 * timed last).
 */

#define TILE 256

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (p = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return strtol (p + 6, NULL, 10);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
tile_of (double lon, double lat, int z, int *tx, int *ty)
{
  double mx, my, n = ldexp (1, z);

  dm_mercator_unit (lon, lat, &mx, &my);
  *tx = CLAMP ((int) floor (mx * n), 0, (int) n - 1);
  *ty = CLAMP ((int) floor (my * n), 0, (int) n - 1);
}

/* Draws up to @max tiles of the box at zoom @z, nearest its centre first;
 * prints the first tile's time and the others' median, 90th percentile and
 * maximum. */
static void
bench_box (DmBasemapRenderer *renderer, const char *what, double w, double e, double s, double n, int z, guint max)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  int x0, y0, x1, y1, cx, cy;
  double first = 0;
  g_autoptr (GArray) tiles = g_array_new (FALSE, FALSE, sizeof (int) * 2);

  tile_of (w, n, z, &x0, &y0);
  tile_of (e, s, z, &x1, &y1);
  cx = (x0 + x1) / 2;
  cy = (y0 + y1) / 2;
  /* rings around the centre, so a capped run stays where the data are */
  for (int r = 0; tiles->len < max && r <= MAX (x1 - x0, y1 - y0); r++)
    for (int y = cy - r; y <= cy + r; y++)
      for (int x = cx - r; x <= cx + r; x++)
        if ((ABS (x - cx) == r || ABS (y - cy) == r) && x >= x0 && x <= x1 && y >= y0 && y <= y1 && tiles->len < max)
          {
            int xy[2] = { x, y };
            g_array_append_val (tiles, xy);
          }

  for (guint i = 0; i < tiles->len; i++)
    {
      const int *xy = &g_array_index (tiles, int, 2 * i);
      cairo_t *cr = cairo_create (surface);
      double t0 = now_ms (), ms;

      dm_basemap_renderer_draw_tile (renderer, cr, xy[0], xy[1], z, TILE, DM_LANGUAGE_EN);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms = now_ms () - t0;
      if (i == 0)
        first = ms;
      else
        g_array_append_val (times, ms);
    }
  cairo_surface_destroy (surface);
  g_array_sort (times, compare_doubles);
  if (times->len == 0)
    {
      printf ("  %-10s z%-2d %4u tiles  first %7.1f ms\n", what, z, tiles->len, first);
      return;
    }
  printf ("  %-10s z%-2d %4u tiles  first %7.1f ms  median %6.2f  p90 %6.2f  max %6.2f ms\n", what, z, tiles->len,
          first, g_array_index (times, double, times->len / 2),
          g_array_index (times, double, (guint) (times->len * 0.9)), g_array_index (times, double, times->len - 1));
  printf ("BENCH tiles area=%s z=%d median_ms=%.3f first_ms=%.1f\n", what, z,
          g_array_index (times, double, times->len / 2), first);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  const char *path = argc > 1 ? argv[1] : dm_basemap_default_path ();
  g_autoptr (DmBasemap) basemap = NULL;
  DmBasemapRenderer *renderer;
  double t0, t_open, t_renderer;
  long rss0 = rss_kb (), rss1;
  GStatBuf st;
  static const struct {
    const char *what;
    double w, e, s, n;
  } elsewhere[] = {
    { "korea", 124, 131, 33, 43 },    { "kashmir", 72, 80, 32, 37 },   { "cyprus", 32, 35, 34.5, 35.8 },
    { "caucasus", 39, 50, 38.5, 44 }, { "finland", 22, 32, 59, 70.2 },
  };

  if (g_stat (path, &st) != 0)
    {
      fprintf (stderr, "bench-tiles: %s: no such file\n", path);
      return 1;
    }
  t0 = now_ms ();
  if ((basemap = dm_basemap_open (path, &error)) == NULL)
    {
      fprintf (stderr, "bench-tiles: %s\n", error->message);
      return 1;
    }
  t_open = now_ms () - t0;
  t0 = now_ms ();
  if ((renderer = dm_basemap_renderer_new (basemap, &error)) == NULL)
    {
      fprintf (stderr, "bench-tiles: %s\n", error->message);
      return 1;
    }
  t_renderer = now_ms () - t0;
  rss1 = rss_kb ();
  printf ("basemap %s: %.2f MB; open %.0f ms, tile renderer %.0f ms, memory +%.0f MB\n", path, st.st_size / 1e6, t_open,
          t_renderer, (rss1 - rss0) / 1024.0);
  printf ("BENCH basemap size_mb=%.2f open_ms=%.0f renderer_ms=%.0f rss_mb=%.0f\n", st.st_size / 1e6, t_open,
          t_renderer, (rss1 - rss0) / 1024.0);

  printf ("256-pixel tiles over the front (30–41° E, 44–51° N):\n");
  for (int z = 4; z <= 13; z++)
    bench_box (renderer, "front", 30, 41, 44, 51, z, 40);
  printf ("elsewhere:\n");
  for (int z = 1; z <= 3; z++)
    bench_box (renderer, "world", -180, 180, -85, 85, z, 64);
  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    bench_box (renderer, elsewhere[i].what, elsewhere[i].w, elsewhere[i].e, elsewhere[i].s, elsewhere[i].n, 7, 24);
  {
    /* What the window does in a thread once the basemap is loaded (here
     * for Ukrainian labels, not yet placed by the tiles above). */
    double t = now_ms ();

    dm_basemap_renderer_prepare_labels (renderer, 2, 12, TILE, DM_LANGUAGE_UK);
    t = now_ms () - t;
    printf ("labels of zooms 2–12 placed ahead (the window does it in a thread): %.0f ms\n", t);
    printf ("BENCH labels prepare_ms=%.0f\n", t);
  }
  dm_basemap_renderer_unref (renderer);
  return 0;
}
