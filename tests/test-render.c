/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dm-basemap-renderer.h"
#include "dm-document-renderer.h"
#include "dm-engine.h"
#include "dm-scenario.h"

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
  dm_basemap_renderer_draw_tile (renderer, cr, tx, ty, z, TILE, DM_LANGUAGE_EN);
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

  g_test_message ("sea pixel %06x, land pixel %06x (%d/81 land around), steppe %06x", sea, land, n_land, steppe);
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
  GBytes *png =
    dm_basemap_renderer_render_png (renderer, 36 + i % 4, 21 + i / 4, 6, TILE, 1, i % DM_N_LANGUAGES, &error);

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

static int
compare_doubles (const void *pa, const void *pb)
{
  const double *a = pa, *b = pb;

  return *a < *b ? -1 : *a > *b;
}

static cairo_surface_t *
render_tile (int x, int y, int z, DmLanguage language)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cairo_t *cr = cairo_create (surface);

  dm_basemap_renderer_draw_tile (renderer, cr, x, y, z, TILE, language);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels of @a and @b that differ by more than @threshold in a channel;
 * @mean: the mean absolute difference over all channels. */
static int
count_differences (cairo_surface_t *a, cairo_surface_t *b, int threshold, double *mean)
{
  int n = 0;
  double sum = 0;

  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  for (int py = 0; py < cairo_image_surface_get_height (a); py++)
    for (int px = 0; px < cairo_image_surface_get_width (a); px++)
      {
        guint32 pa = pixel_at (a, px, py), pb = pixel_at (b, px, py);
        int worst = 0;

        for (int shift = 0; shift < 24; shift += 8)
          {
            int d = ABS ((int) ((pa >> shift) & 0xff) - (int) ((pb >> shift) & 0xff));
            worst = MAX (worst, d);
            sum += d;
          }
        n += worst > threshold;
      }
  if (mean != NULL)
    *mean = sum / (3.0 * cairo_image_surface_get_width (a) * cairo_image_surface_get_height (a));
  return n;
}

/* Tile 6/38/22 (Kharkiv, Donbas, the Sea of Azov's north shore) against
 * the reference in tests/data.  Fonts and antialiasing differ a little
 * between machines, so: at most 2 % of pixels off by more than 40 levels,
 * and a mean difference under 3 levels.  DM_UPDATE_REFERENCE=1 rewrites
 * the reference (look at it before committing it). */
static void
test_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render-6-38-22.png", NULL);
  cairo_surface_t *tile = render_tile (38, 22, 6, DM_LANGUAGE_EN);
  cairo_surface_t *reference, *converted;
  cairo_t *cr;
  double mean;
  int n;

  if (g_strcmp0 (g_getenv ("DM_UPDATE_REFERENCE"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (tile, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("reference written to %s", path);
    }
  reference = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (reference), ==, CAIRO_STATUS_SUCCESS);
  /* The PNG may load as ARGB32: paint it onto RGB24 to compare alike. */
  converted = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cr = cairo_create (converted);
  cairo_set_source_surface (cr, reference, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (converted);

  n = count_differences (tile, converted, 40, &mean);
  g_test_message ("%d pixels differ by more than 40, mean difference %.2f", n, mean);
  if (n > TILE * TILE / 50 || mean >= 3.0)
    {
      g_autofree char *out = g_build_filename (g_get_tmp_dir (), "dm-test-render-6-38-22.png", NULL);
      cairo_surface_write_to_png (tile, out);
      g_test_message ("rendered tile written to %s", out);
    }
  g_assert_cmpint (n, <=, TILE * TILE / 50);
  g_assert_cmpfloat (mean, <, 3.0);
  cairo_surface_destroy (converted);
  cairo_surface_destroy (reference);
  cairo_surface_destroy (tile);
}

/* An area drawn in one pass is the tiles it covers: the same styles,
 * the same labels in the same places.  The area is 3 × 3 tiles and its
 * centre is compared, since an area leaves out labels its edge would
 * cut. */
static void
test_area (void)
{
  cairo_surface_t *tile = render_tile (38, 22, 6, DM_LANGUAGE_EN);
  cairo_surface_t *area = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 3 * TILE, 3 * TILE);
  cairo_surface_t *centre = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cairo_t *cr = cairo_create (area);
  int n;

  dm_basemap_renderer_draw_area (renderer, cr, 37 * TILE, 21 * TILE, 3 * TILE, 3 * TILE, 6, TILE, DM_LANGUAGE_EN);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (area);
  cr = cairo_create (centre);
  cairo_set_source_surface (cr, area, -TILE, -TILE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (centre);
  /* Antialiasing may differ a level or two where a path crosses a seam. */
  n = count_differences (centre, tile, 8, NULL);
  g_test_message ("%d pixels of the area's centre differ from the tile", n);
  g_assert_cmpint (n, <=, TILE / 4);
  cairo_surface_destroy (centre);
  cairo_surface_destroy (area);
  cairo_surface_destroy (tile);
}

/* Kyiv's tile at z 6 reads "Kyiv", "Київ" or "Киев": the labels change,
 * the rest does not. */
static void
test_languages (void)
{
  double wx, wy;
  cairo_surface_t *en, *uk, *ru, *en2;
  int d_uk, d_ru, d_same;

  dm_web_mercator_project (30.52, 50.45, 6, TILE, &wx, &wy);
  en = render_tile ((int) (wx / TILE), (int) (wy / TILE), 6, DM_LANGUAGE_EN);
  uk = render_tile ((int) (wx / TILE), (int) (wy / TILE), 6, DM_LANGUAGE_UK);
  ru = render_tile ((int) (wx / TILE), (int) (wy / TILE), 6, DM_LANGUAGE_RU);
  en2 = render_tile ((int) (wx / TILE), (int) (wy / TILE), 6, DM_LANGUAGE_EN);
  d_uk = count_differences (en, uk, 40, NULL);
  d_ru = count_differences (en, ru, 40, NULL);
  d_same = count_differences (en, en2, 0, NULL);
  g_test_message ("en/uk differ at %d pixels, en/ru at %d", d_uk, d_ru);
  g_assert_cmpint (d_same, ==, 0);
  g_assert_cmpint (d_uk, >, 50);
  g_assert_cmpint (d_ru, >, 50);
  /* Labels only: most of the tile is the same. */
  g_assert_cmpint (d_uk, <, TILE * TILE / 5);
  cairo_surface_destroy (en);
  cairo_surface_destroy (uk);
  cairo_surface_destroy (ru);
  cairo_surface_destroy (en2);
}

/* A tile of open sea far from the basemap's extent is plain sea, and a
 * scale factor of 2 doubles the pixels. */
static void
test_scale_and_empty (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = dm_basemap_renderer_render_png (renderer, 0, 0, 3, TILE, 2, DM_LANGUAGE_EN, &error);
  const guint8 *data;
  gsize size;

  g_assert_no_error (error);
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 24);
  /* IHDR width and height, big-endian, at bytes 16 and 20. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (gconstpointer) (data + 16)), ==, 2 * TILE);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (gconstpointer) (data + 20)), ==, 2 * TILE);
}

/* A document with a straight contact line from 36E 47N to 38E 49N, sides
 * blue (A) and red (B), and optionally a reference line of @n_ref
 * vertices across the region, about 650 km long. */
static DmDocument *
make_document (guint n_ref)
{
  DmDocument *doc = dm_document_new ();
  double line[] = { 36.0, 47.0, 37.0, 48.0, 38.0, 49.0 };

  dm_document_set_side (doc, DM_SIDE_A, "A", "#0000ff");
  dm_document_set_side (doc, DM_SIDE_B, "B", "#ff0000");
  dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "line", dm_geometry_new_linestring (line, 3)));
  if (n_ref > 0)
    {
      g_autofree double *xy = g_new (double, 2 * n_ref);
      GPtrArray *features = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n_ref; i++)
        {
          double t = (double) i / n_ref;

          /* Front-like: a broad meander, wiggles of a few km, and
           * digitising noise of a hundred metres. */
          xy[2 * i] = 30.0 + 8.0 * t;
          xy[2 * i + 1] = 48.0 + 0.8 * sin (t * 20.0) + 0.02 * sin (t * 3000.0) + 0.001 * sin (t * 90000.0);
        }
      g_ptr_array_add (features, dm_feature_new (DM_ROLE_REFERENCE, "ref", dm_geometry_new_linestring (xy, n_ref)));
      dm_document_add_reference_layer (doc, "ref", "generated", features);
    }
  return doc;
}

static cairo_surface_t *
draw_document (DmDocumentRenderer *r, const DmViewport *vp, double *ms)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) vp->width, (int) vp->height);
  cairo_t *cr = cairo_create (surface);
  gint64 t0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  t0 = g_get_monotonic_time ();
  dm_document_renderer_draw (r, cr, vp);
  cairo_surface_flush (surface);
  if (ms != NULL)
    *ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* The line where the projection puts it, side A's colour on its left and
 * B's on its right; hidden when its layer is off; viewport round trip. */
static void
test_document_line (void)
{
  g_autoptr (DmDocument) doc = make_document (0);
  g_autoptr (DmDocumentRenderer) r = dm_document_renderer_new ();
  DmViewport vp = { 48.0, 37.0, 9.0, 400, 300, 0, TILE };
  cairo_surface_t *surface;
  double x, y, lon, lat;
  guint32 core, left, right;

  dm_document_renderer_set_document (r, doc);
  dm_viewport_to_widget (&vp, 37.0, 48.0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 200, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 150, 1e-6);
  dm_viewport_to_location (&vp, 10, 20, &lon, &lat);
  dm_viewport_to_widget (&vp, lon, lat, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 10, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 20, 1e-6);

  surface = draw_document (r, &vp, NULL);
  /* The line runs north-east through the centre: its left is north-west,
   * i.e. up-left on screen. */
  /* Pixel centres: (199.5, 149.5) lies on the line; (198.5, 148.5) and
   * (201.5, 151.5) about 2 px to either side, inside the fringes. */
  core = 0xffffff;
  for (int dy = -1; dy <= 0; dy++)
    for (int dx = -1; dx <= 0; dx++)
      core = MIN (core, pixel_at (surface, 200 + dx, 150 + dy));
  left = pixel_at (surface, 198, 148);
  right = pixel_at (surface, 201, 151);
  g_test_message ("core %06x, left %06x, right %06x", core, left, right);
  g_assert_true (((core >> 16) & 0xff) < 90 && ((core >> 8) & 0xff) < 90 && (core & 0xff) < 90);
  g_assert_true ((left & 0xff) > 150 && ((left >> 16) & 0xff) < 120);
  g_assert_true (((right >> 16) & 0xff) > 150 && (right & 0xff) < 120);
  cairo_surface_destroy (surface);

  dm_document_renderer_set_layers (r, DM_DOCUMENT_LAYER_ALL & ~DM_DOCUMENT_LAYER_LINE);
  surface = draw_document (r, &vp, NULL);
  g_assert_true (close_to (pixel_at (surface, 200, 150), 0xffffff, 0));
  cairo_surface_destroy (surface);
}

/* A 300,000-vertex reference layer: culling and level of detail keep what
 * reaches cairo near the number of pixels, and frames short. */
static void
test_document_lod (void)
{
  g_autoptr (DmDocument) doc = make_document (300000);
  g_autoptr (DmDocumentRenderer) r = dm_document_renderer_new ();
  DmViewport wide = { 48.0, 36.0, 6.0, 1200, 800, 0, TILE };
  DmViewport close = { 48.0, 36.0, 11.0, 1200, 800, 0, TILE };
  double ms_wide[5], ms_close[5];
  guint n_wide, n_close;

  dm_document_renderer_set_document (r, doc);
  cairo_surface_destroy (draw_document (r, &wide, NULL)); /* projects once */
  for (guint i = 0; i < 5; i++)
    {
      cairo_surface_destroy (draw_document (r, &wide, &ms_wide[i]));
      cairo_surface_destroy (draw_document (r, &close, &ms_close[i]));
    }
  {
    cairo_surface_t *s;

    s = draw_document (r, &wide, NULL);
    n_wide = dm_document_renderer_get_last_vertex_count (r);
    cairo_surface_destroy (s);
    s = draw_document (r, &close, NULL);
    n_close = dm_document_renderer_get_last_vertex_count (r);
    cairo_surface_destroy (s);
  }
  qsort (ms_wide, 5, sizeof (double), compare_doubles);
  qsort (ms_close, 5, sizeof (double), compare_doubles);
  g_test_message ("300,000 vertices: zoom 6 draws %u vertices in %.1f ms (median), "
                  "zoom 11 draws %u in %.1f ms",
                  n_wide, ms_wide[2], n_close, ms_close[2]);
  /* Frame times are figures to read (meson test -v), not assertions. */
  g_assert_cmpuint (n_wide, <, 20000);
  g_assert_cmpuint (n_close, <, 20000);
}

/* Redraws into @picture what the renderer reports damaged, as the map
 * window's document layer does; returns the damaged pixels. */
static double
apply_damage (DmDocumentRenderer *r, cairo_surface_t *picture, const DmViewport *vp)
{
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (DmDamageBox));
  cairo_region_t *region = cairo_region_create ();
  cairo_t *cr = cairo_create (picture);
  double area = 0;

  if (!dm_document_renderer_take_damage (r, boxes))
    {
      cairo_rectangle_int_t all = { 0, 0, (int) vp->width, (int) vp->height };

      cairo_region_union_rectangle (region, &all);
    }
  for (guint i = 0; i < boxes->len; i++)
    {
      cairo_rectangle_int_t rect;

      if (dm_damage_box_to_rect (&g_array_index (boxes, DmDamageBox, i), vp, &rect))
        cairo_region_union_rectangle (region, &rect);
    }
  for (int i = 0; i < cairo_region_num_rectangles (region); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (region, i, &rect);
      area += (double) rect.width * rect.height;
      cairo_save (cr);
      cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
      cairo_clip (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_restore (cr);
      dm_document_renderer_draw_area (r, cr, vp, rect.x, rect.y, rect.width, rect.height);
    }
  cairo_surface_flush (picture);
  cairo_destroy (cr);
  cairo_region_destroy (region);
  return area;
}

/* Pixels of @a and @b differing by more than 48 levels in a channel. */
static guint
count_different (cairo_surface_t *a, cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 pa = pixel_at (a, x, y), pb = pixel_at (b, x, y);

        for (int shift = 0; shift < 24; shift += 8)
          if (abs ((int) ((pa >> shift) & 0xff) - (int) ((pb >> shift) & 0xff)) > 48)
            {
              n++;
              break;
            }
      }
  return n;
}

/* Pixels of @picture (kept up to date by damage) that differ from a
 * whole redraw of the document now. */
static guint
differs_from_whole (DmDocumentRenderer *r, cairo_surface_t *picture, const DmViewport *vp)
{
  cairo_surface_t *whole = draw_document (r, vp, NULL);
  guint off = count_different (picture, whole);

  cairo_surface_destroy (whole);
  return off;
}

static void
recompute (DmEngine *engine, DmDocumentRenderer *r)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmResults) results = dm_engine_compute (engine, NULL, &error);

  g_assert_no_error (error);
  dm_document_renderer_set_results (r, results);
}

/* Edits of the sample's contact line damage only where the line and its
 * zones changed, and a picture redrawn only there equals a whole redraw;
 * without the zones' damage it would not. */
static void
test_document_damage (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmDocument) doc = dm_scenario_load_geodata (file, NULL, NULL, &error);
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmDocumentRenderer) r = dm_document_renderer_new ();
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (DmDamageBox));
  DmFeature *line;
  guint id, n, mid;
  double lon, lat, area, total;
  DmViewport vp = { 0, 0, 10.0, 900, 700, 0, TILE };
  cairo_surface_t *picture;
  guint stale, off;

  g_assert_no_error (error);
  engine = dm_engine_new (doc);
  dm_document_renderer_set_document (r, doc);
  recompute (engine, r);
  line = dm_document_get_contact_line (doc);
  id = dm_feature_get_id (line);
  n = dm_geometry_get_n_points (dm_feature_get_geometry (line));
  mid = n / 2;
  dm_geometry_get_point (dm_feature_get_geometry (line), mid, &lon, &lat);
  vp.lon = lon;
  vp.lat = lat;
  total = vp.width * vp.height;

  picture = draw_document (r, &vp, NULL);
  g_assert_false (dm_document_renderer_take_damage (r, boxes)); /* a new document */

  /* A vertex dragged about 4 km: the line's stretch at once... */
  dm_document_move_vertex (doc, id, mid, lon + 0.04, lat + 0.03);
  area = apply_damage (r, picture, &vp);
  g_test_message ("vertex moved: %.1f %% of the view redrawn", 100 * area / total);
  g_assert_cmpfloat (area, >, 0);
  g_assert_cmpfloat (area, <, 0.25 * total);
  /* ...its zones when the results come.  Before that, the picture is
   * stale where the DMZ moved. */
  recompute (engine, r);
  stale = differs_from_whole (r, picture, &vp);
  area = apply_damage (r, picture, &vp);
  g_test_message ("zones followed: %.1f %% of the view redrawn; %u pixels were stale", 100 * area / total, stale);
  g_assert_cmpuint (stale, >, 200);
  g_assert_cmpfloat (area, <, 0.5 * total);
  off = differs_from_whole (r, picture, &vp);
  g_test_message ("after the damage: %u pixels differ from a whole redraw", off);
  g_assert_cmpuint (off, <, 5);

  /* Several edits before the results: a vertex inserted, one removed,
   * three moved together. */
  dm_document_insert_vertex (doc, id, mid + 3, lon - 0.02, lat + 0.05);
  apply_damage (r, picture, &vp);
  dm_document_remove_vertex (doc, id, mid - 2);
  apply_damage (r, picture, &vp);
  dm_document_move_vertices (doc, id, (guint[]){ mid - 5, mid - 4, mid - 3 }, 3, 0.03, -0.02);
  apply_damage (r, picture, &vp);
  recompute (engine, r);
  apply_damage (r, picture, &vp);
  off = differs_from_whole (r, picture, &vp);
  g_test_message ("after four edits: %u pixels differ from a whole redraw", off);
  g_assert_cmpuint (off, <, 5);
  /* Zones' rings projected for earlier results and kept: the same as a
   * new renderer projecting everything afresh. */
  {
    g_autoptr (DmDocumentRenderer) fresh = dm_document_renderer_new ();
    cairo_surface_t *a, *b;

    dm_document_renderer_set_document (fresh, doc);
    dm_document_renderer_set_results (fresh, dm_engine_get_results (engine));
    a = draw_document (r, &vp, NULL);
    b = draw_document (fresh, &vp, NULL);
    g_assert_cmpuint (count_different (a, b), ==, 0);
    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
  }

  /* Undo of the last edit, with its results. */
  g_assert_true (dm_document_undo (doc));
  area = apply_damage (r, picture, &vp);
  recompute (engine, r);
  area += apply_damage (r, picture, &vp);
  off = differs_from_whole (r, picture, &vp);
  g_test_message ("after an undo: %.1f %% of the view redrawn, %u pixels differ", 100 * area / total, off);
  g_assert_cmpuint (off, <, 5);

  /* The selection's glow: set, then dragged with its line. */
  dm_document_renderer_set_highlight (r, id);
  area = apply_damage (r, picture, &vp);
  g_assert_cmpfloat (area, >, 0);
  dm_document_move_vertex (doc, id, mid + 1, lon + 0.05, lat - 0.02);
  apply_damage (r, picture, &vp);
  recompute (engine, r);
  apply_damage (r, picture, &vp);
  off = differs_from_whole (r, picture, &vp);
  g_test_message ("highlighted and dragged: %u pixels differ", off);
  g_assert_cmpuint (off, <, 5);
  dm_document_renderer_set_highlight (r, 0);
  apply_damage (r, picture, &vp);
  g_assert_cmpuint (differs_from_whole (r, picture, &vp), <, 5);

  /* A wider change damages everything: a zone's width, a layer hidden. */
  {
    DmZoneRule *rule = dm_zone_rule_copy (dm_document_get_zone_rule (doc, 0));

    rule->width_a_m *= 2;
    dm_document_set_zone_rule (doc, 0, rule);
  }
  g_assert_false (dm_document_renderer_take_damage (r, boxes));
  recompute (engine, r);
  g_assert_false (dm_document_renderer_take_damage (r, boxes));
  g_assert_true (dm_document_renderer_take_damage (r, boxes));
  g_assert_cmpuint (boxes->len, ==, 0);
  dm_document_renderer_set_layers (r, DM_DOCUMENT_LAYER_ALL & ~DM_DOCUMENT_LAYER_ZONES);
  g_assert_false (dm_document_renderer_take_damage (r, boxes));
  g_assert_true (dm_document_renderer_take_damage (r, boxes));
  g_assert_cmpuint (boxes->len, ==, 0);
  cairo_surface_destroy (picture);
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
  g_test_add_func ("/render/reference", test_reference);
  g_test_add_func ("/render/languages", test_languages);
  g_test_add_func ("/render/area", test_area);
  g_test_add_func ("/render/scale", test_scale_and_empty);
  g_test_add_func ("/render/document/line", test_document_line);
  g_test_add_func ("/render/document/lod", test_document_lod);
  g_test_add_func ("/render/document/damage", test_document_damage);
  ret = g_test_run ();
  dm_basemap_renderer_unref (renderer);
  return ret;
}
