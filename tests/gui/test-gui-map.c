/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window on the sample at a known centre and zoom: basemap tiles and
 * the contact line appear where Web Mercator puts them.  Skips (77)
 * without a display; run under Xvfb. */
#include "config.h"

#include <adwaita.h>
#include <shumate/shumate.h>

#include "dm-document.h"
#include "dm-engine.h"
#include "dm-window.h"

#define SKIP 77

static gboolean
close_to (const guint8 *p, guint32 rgb, int tolerance)
{
  return ABS ((int) p[0] - (int) ((rgb >> 16) & 0xff)) <= tolerance &&
         ABS ((int) p[1] - (int) ((rgb >> 8) & 0xff)) <= tolerance &&
         ABS ((int) p[2] - (int) (rgb & 0xff)) <= tolerance;
}

/* The map widget rendered to bytes in R, G, B, A order. */
static guint8 *
grab (GtkWidget *window, GtkWidget *map, int *width, int *height, gsize *stride)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (map);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  guint8 *data;

  *width = gtk_widget_get_width (map);
  *height = gtk_widget_get_height (map);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  *stride = (gsize) *width * 4;
  data = g_malloc (*stride * *height);
  gdk_texture_download (texture, data, *stride);
  /* cairo's ARGB32 in memory (B, G, R, A here) to R, G, B, A */
  for (gsize i = 0; i < *stride * *height; i += 4)
    {
      guint8 b = data[i];
      data[i] = data[i + 2];
      data[i + 2] = b;
    }
  return data;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int argc, char **argv)
{
  g_autoptr (AdwApplication) app = NULL;
  DmWindow *window;
  GtkWidget *map, *layer;
  DmEngine *engine = NULL;
  g_autofree char *sample = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree guint8 *pixels = NULL;
  int width, height, found_line = 0, tried = 0;
  gsize stride;
  gint64 deadline;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return SKIP;
    }
  /* No g_test_init(): it would make GTK's warning about a missing session
   * bus (usual under Xvfb) fatal.  Criticals stay fatal (G_DEBUG). */
  if (!gtk_init_check ())
    return SKIP;
  adw_init ();

  window = dm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  dm_window_go_to (window, 47.8, 35.5, 7);
  sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  file = g_file_new_for_path (sample);
  dm_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));

  /* Wait for the document's results, then for the tiles. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      engine = (DmEngine *) dm_window_get_engine (window);
      if (engine != NULL && dm_engine_get_results (engine) != NULL)
        break;
    }
  g_assert_nonnull (engine);
  g_assert_nonnull (dm_engine_get_results (engine));
  spin (3000);

  map = dm_window_get_map (window);
  layer = dm_window_get_layer (window);
  pixels = grab (GTK_WIDGET (window), map, &width, &height, &stride);
  g_print ("# map is %d×%d\n", width, height);
  g_assert_cmpint (width, >, 300);

  /* The Sea of Azov, well off its coasts, is sea blue. */
  {
    ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
    double x, y, mx, my;
    const guint8 *p;

    shumate_viewport_location_to_widget_coords (viewport, layer, 46.0, 36.8, &x, &y);
    gtk_widget_translate_coordinates (layer, map, x, y, &mx, &my);
    g_assert_cmpint ((int) mx, >=, 0);
    g_assert_cmpint ((int) mx, <, width);
    p = pixels + (gsize) my * stride + (gsize) mx * 4;
    g_print ("# Azov pixel at %.0f,%.0f: %02x%02x%02x\n", mx, my, p[0], p[1], p[2]);
    g_assert_true (close_to (p, 0xaad3df, 10));

    /* The contact line: near each of a sample of its vertices, a dark
     * core pixel (the line) within two pixels. */
    {
      DmDocument *doc = dm_engine_get_document (engine);
      const DmGeometry *line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
      guint n = dm_geometry_get_n_points (line);

      for (guint i = 0; i < n; i += MAX (n / 40, 1))
        {
          double lon, lat;
          gboolean dark = FALSE;

          dm_geometry_get_point (line, i, &lon, &lat);
          shumate_viewport_location_to_widget_coords (viewport, layer, lat, lon, &x, &y);
          gtk_widget_translate_coordinates (layer, map, x, y, &mx, &my);
          if (mx < 3 || my < 3 || mx >= width - 3 || my >= height - 3)
            continue;
          tried++;
          for (int dy = -2; dy <= 2 && !dark; dy++)
            for (int dx = -2; dx <= 2 && !dark; dx++)
              {
                p = pixels + (gsize) (my + dy) * stride + (gsize) (mx + dx) * 4;
                dark = p[0] < 100 && p[1] < 100 && p[2] < 110;
              }
          found_line += dark;
        }
      g_print ("# line found at %d of %d vertices\n", found_line, tried);
      g_assert_cmpint (tried, >=, 10);
      g_assert_cmpint (found_line, >=, tried * 9 / 10);
    }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  g_print ("1..1\nok 1 /gui/map/sample-pixels\n");
  return 0;
}
