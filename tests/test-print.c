/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "dm-engine.h"
#include "dm-geodesy.h"
#include "dm-annex.h"
#include "dm-figures.h"
#include "dm-fingerprint.h"
#include "dm-monitoring.h"
#include "dm-print-layout.h"
#include "dm-scenario.h"
#include "dm-units.h"

/* Printed maps: what a PDF says (pdftotext, pdfinfo), what a page looks
 * like (a reference PNG), that sheets cover the line and that scale bars
 * measure true. */

static char *tmpdir;
static DmDocument *sample;
static DmResults *sample_results;
static DmBasemapRenderer *basemap;

static char *
sample_path (void)
{
  return g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
}

/* Runs a program; returns its exit status, stdout in @out. */
static int
run (char **out, char **err, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error));
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static const char *
tool (const char *variable)
{
  const char *path = g_getenv (variable);

  return path != NULL && *path != '\0' ? path : NULL;
}

static DmPrintLayout *
sample_layout (void)
{
  DmPrintLayout *layout = dm_print_layout_new (sample, sample_results);

  dm_print_layout_set_basemap (layout, basemap);
  dm_print_layout_set_attribution (layout, "Test sources");
  return layout;
}

/* ---- What the PDF says -------------------------------------------------- */

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *txt = g_build_filename (tmpdir, "page.txt", NULL);
  char *text = NULL;

  g_assert_cmpint (run (&out, NULL, tool ("PDFTOTEXT"), "-enc", "UTF-8", pdf, txt, NULL), ==, 0);
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  return text;
}

static void
assert_contains (const char *text, const char *what)
{
  if (strstr (text, what) == NULL)
    g_error ("“%s” is not in the printed text:\n%s", what, text);
}

/* The figures on paper are analyse's: line length and DMZ area parsed
 * from analyse --json, formatted as the figures module formats them. */
static void
test_pdf_text (void)
{
  g_autofree char *file = sample_path ();
  g_autofree char *pdf = g_build_filename (tmpdir, "a3.pdf", NULL);
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *zone;
  g_autofree char *length = NULL;
  g_autofree char *length_mi = NULL;
  g_autofree char *area = NULL;
  g_autofree char *area_a = NULL;
  g_autofree char *population = NULL;

  if (tool ("PDFTOTEXT") == NULL || tool ("PDFINFO") == NULL)
    {
      g_test_skip ("pdftotext or pdfinfo not found (poppler-utils)");
      return;
    }
  g_assert_cmpint (run (&json, NULL, g_getenv ("DEMARCATE_CLI"), "analyse", "--json", file, NULL), ==, 0);
  g_assert_cmpint (run (&out, NULL, g_getenv ("DEMARCATE_CLI"), "render", file, "-o", pdf, "--paper", "a3",
                        "--landscape", "--title", "Proposal for the table", "--marking",
                        "RESTRICTED — NEGOTIATORS ONLY", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "1 page"));

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  zone = json_array_get_object_element (json_object_get_array_member (root, "zones"), 0);
  length = dm_format_length (json_object_get_double_member (root, "line_length_m"), DM_LENGTH_KM);
  length_mi = dm_format_length (json_object_get_double_member (root, "line_length_m"), DM_LENGTH_MI);
  area = dm_format_area (json_object_get_double_member (zone, "area_m2"), DM_AREA_KM2);
  area_a = dm_format_area (json_object_get_double_member (zone, "area_a_m2"), DM_AREA_KM2);
  population = dm_format_number (json_object_get_int_member (zone, "population"), 0);

  text = pdf_text (pdf);
  g_test_message ("line %s (%s), DMZ %s, on side A %s, population %s", length, length_mi, area, area_a, population);
  assert_contains (text, "Proposal for the table");
  assert_contains (text, "RESTRICTED — NEGOTIATORS ONLY");
  assert_contains (text, "Legend");
  assert_contains (text, "Ukraine (side A");
  assert_contains (text, "Russia (side B");
  assert_contains (text, "Demilitarised zone");
  assert_contains (text, "Key figures");
  assert_contains (text, length);
  assert_contains (text, length_mi);
  assert_contains (text, area);
  assert_contains (text, area_a);
  assert_contains (text, population);
  assert_contains (text, "Scale 1:");
  /* The proposal's fingerprint, as `fingerprint` gives it. */
  {
    g_autofree char *fp = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run (&fp, NULL, g_getenv ("DEMARCATE_CLI"), "fingerprint", file, NULL), ==, 0);
    g_strstrip (fp);
    g_assert_cmpuint (strlen (fp), ==, 14);
    line = g_strconcat ("Fingerprint of the proposal: ", fp, NULL);
    assert_contains (text, line);
  }
  /* Place names of the basemap are text too. */
  assert_contains (text, "Mariupol");

  g_assert_cmpint (run (&info, NULL, tool ("PDFINFO"), pdf, NULL), ==, 0);
  assert_contains (info, "Page size:       1190.55 x 841.89 pts (A3)");
  assert_contains (info, "Pages:           1\n");
}

/* The whole page in Ukrainian or Russian: asked for with --lang while the
 * interface speaks English, and by the interface's language (LANGUAGE)
 * without it; the annex's tables too; figures and fingerprint as in
 * English, in the language's number format. */
static void
test_pdf_languages (void)
{
  static const struct {
    const char *code;
    const char *words[6]; /* on every page 1 */
    const char *figures;  /* without the annex */
    const char *annex[2]; /* with it */
  } languages[] = {
    { "uk",
      { "Умовні позначення", "Лінія зіткнення", "Демілітаризована зона", "ПРОЄКТ — ДЛЯ ОБГОВОРЕННЯ", "Запоріжжя",
        "Відбиток пропозиції: " },
      "Основні показники",
      { "Поворотні точки", "Широта" } },
    { "ru",
      { "Условные обозначения", "Линия соприкосновения", "Демилитаризованная зона", "ПРОЕКТ — ДЛЯ ОБСУЖДЕНИЯ",
        "Запорожье", "Отпечаток предложения: " },
      "Основные показатели",
      { "Поворотные точки", "Широта" } },
  };
  g_autofree char *file = sample_path ();
  g_autofree char *pdf = g_build_filename (tmpdir, "language.pdf", NULL);
  g_autofree char *fp = NULL;
  g_autofree char *today = NULL;

  if (tool ("PDFTOTEXT") == NULL)
    {
      g_test_skip ("pdftotext not found (poppler-utils)");
      return;
    }
  g_assert_cmpint (run (&fp, NULL, g_getenv ("DEMARCATE_CLI"), "fingerprint", file, NULL), ==, 0);
  g_strstrip (fp);
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();

    today = g_date_time_format (now, "%d.%m.%Y");
  }
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    for (guint how = 0; how < 2; how++)
      {
        g_autofree char *out = NULL, *text = NULL;

        /* 0: --lang while the interface speaks English, the figures;
         * 1: the interface's language (LANGUAGE), the annex. */
        if (how == 0)
          g_assert_cmpint (run (&out, NULL, g_getenv ("DEMARCATE_CLI"), "render", file, "-o", pdf, "--lang",
                                languages[i].code, "--paper", "a3", "--landscape", NULL),
                           ==, 0);
        else
          {
            g_setenv ("LANGUAGE", languages[i].code, TRUE);
            g_assert_cmpint (run (&out, NULL, g_getenv ("DEMARCATE_CLI"), "render", file, "-o", pdf, "--annex", NULL),
                             ==, 0);
            g_unsetenv ("LANGUAGE");
          }
        text = pdf_text (pdf);
        for (guint w = 0; w < G_N_ELEMENTS (languages[i].words); w++)
          assert_contains (text, languages[i].words[w]);
        if (how == 0)
          assert_contains (text, languages[i].figures);
        else
          for (guint w = 0; w < G_N_ELEMENTS (languages[i].annex); w++)
            assert_contains (text, languages[i].annex[w]);
        assert_contains (text, fp);
        /* Grouped by a narrow no-break space (pdftotext may give a space). */
        {
          g_autoptr (GString) spaced = g_string_new (text);

          g_string_replace (spaced, "\u202f", " ", 0);
          assert_contains (spaced->str, "1 087 км");
        }
        assert_contains (text, today);
        g_assert_null (strstr (text, "Key figures"));
        g_assert_null (strstr (text, "Legend"));
        g_assert_null (strstr (text, "Demilitarised zone"));
      }
  /* A Russian page from a Ukrainian interface: names Demarcate gave and
   * the region's name (computed in Ukrainian) are worded in Russian too. */
  {
    g_autofree char *out = NULL, *text = NULL;

    g_setenv ("LANGUAGE", "uk", TRUE);
    g_assert_cmpint (run (&out, NULL, g_getenv ("DEMARCATE_CLI"), "render", file, "-o", pdf, "--lang", "ru", "--paper",
                          "a3", "--landscape", NULL),
                     ==, 0);
    g_unsetenv ("LANGUAGE");
    text = pdf_text (pdf);
    assert_contains (text, "Предложение 1");
    assert_contains (text, "Украина");
    assert_contains (text, "Донецкая область");
    g_assert_null (strstr (text, "UA-14"));
    assert_contains (text, "Основные показатели");
    g_assert_null (strstr (text, "Пропозиція"));
    g_assert_null (strstr (text, "Україна"));
  }
}

static void
test_pdf_paper (void)
{
  static const struct {
    const char *paper;
    gboolean landscape;
    const char *size;
  } cases[] = {
    { "a4", FALSE, "595.276 x 841.89 pts (A4)" },
    { "letter", TRUE, "792 x 612 pts (letter)" },
    { "tabloid", FALSE, "792 x 1224 pts" },
  };
  g_autofree char *file = sample_path ();

  if (tool ("PDFINFO") == NULL)
    {
      g_test_skip ("pdfinfo not found (poppler-utils)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *pdf = g_build_filename (tmpdir, "paper.pdf", NULL);
      g_autofree char *out = NULL;
      g_autofree char *info = NULL;

      g_assert_cmpint (run (&out, NULL, g_getenv ("DEMARCATE_CLI"), "render", file, "-o", pdf, "--paper",
                            cases[i].paper, cases[i].landscape ? "--landscape" : "--units=mi", NULL),
                       ==, 0);
      g_assert_cmpint (run (&info, NULL, tool ("PDFINFO"), pdf, NULL), ==, 0);
      assert_contains (info, cases[i].size);
    }
}

/* ---- What the page looks like -------------------------------------------- */

static guint32
pixel_at (cairo_surface_t *surface, int px, int py)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (gconstpointer) (data + py * stride))[px] & 0xffffff;
}

static cairo_surface_t *
load_rgb24 (const char *path)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  cairo_surface_t *rgb;
  cairo_t *cr;

  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cairo_image_surface_get_width (png),
                                    cairo_image_surface_get_height (png));
  cr = cairo_create (rgb);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (png);
  cairo_surface_flush (rgb);
  return rgb;
}

/* A4 landscape at 72 DPI against tests/data/print-a4.png.  Fonts and
 * antialiasing differ a little between machines: a pixel counts as
 * different when a channel is off by more than 48 levels, and at most
 * 2 % of pixels may be, with a mean difference under 4 levels.
 * DM_UPDATE_REFERENCE=1 rewrites the reference (look at it first). */
static void
test_reference (void)
{
  g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "data", "print-a4.png", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "print-a4.png", NULL);
  g_autoptr (DmPrintLayout) layout = sample_layout ();
  g_autoptr (GError) error = NULL;
  cairo_surface_t *got, *want;
  int w, h, n = 0;
  double sum = 0;

  dm_print_layout_set_paper (layout, DM_PAPER_A4, TRUE);
  dm_print_layout_set_subtitle (layout, "Proposal 1 — 2025-11-01");
  g_assert_true (dm_print_layout_export (layout, png, 72, &error));
  g_assert_no_error (error);
  if (g_strcmp0 (g_getenv ("DM_UPDATE_REFERENCE"), "1") == 0)
    {
      g_autofree char *data = NULL;
      gsize size;

      g_assert_true (g_file_get_contents (png, &data, &size, NULL));
      g_assert_true (g_file_set_contents (reference, data, size, NULL));
      g_test_message ("reference written to %s", reference);
    }
  got = load_rgb24 (png);
  want = load_rgb24 (reference);
  w = cairo_image_surface_get_width (got);
  h = cairo_image_surface_get_height (got);
  /* 842 × 595 pixels: A4 landscape at 72 DPI. */
  g_assert_cmpint (w, ==, 842);
  g_assert_cmpint (h, ==, 596);
  g_assert_cmpint (cairo_image_surface_get_width (want), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (want), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 a = pixel_at (got, x, y), b = pixel_at (want, x, y);
        int worst = 0;

        for (int shift = 0; shift < 24; shift += 8)
          {
            int d = ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff));

            worst = MAX (worst, d);
            sum += d;
          }
        n += worst > 48;
      }
  sum /= 3.0 * w * h;
  g_test_message ("%d of %d pixels differ by more than 48 levels, mean difference %.2f (page in %s)", n, w * h, sum,
                  png);
  g_assert_cmpint (n, <=, w * h / 50);
  g_assert_cmpfloat (sum, <, 4.0);
  cairo_surface_destroy (got);
  cairo_surface_destroy (want);
}

/* ---- Sheets ------------------------------------------------------------------ */

static gboolean
on_map (const DmPrintPageInfo *info, double lon, double lat)
{
  double x, y;

  dm_viewport_to_widget (&info->viewport, lon, lat, &x, &y);
  return x >= 0 && y >= 0 && x <= info->map_width && y <= info->map_height;
}

/* Every vertex of the line is on a sheet, and so is every point between
 * them (checked every 200 m); each sheet holds the vertices it claims,
 * and the claims run on from sheet to sheet. */
static void
check_cover (DmDocument *doc, DmResults *results, DmPaper paper, gboolean landscape, double scale, guint *n_sheets)
{
  g_autoptr (DmPrintLayout) layout = dm_print_layout_new (doc, results);
  const DmGeometry *line = dm_feature_get_geometry (dm_document_get_contact_line (doc));
  const double *xy = dm_geometry_get_coords (line);
  guint n = dm_geometry_get_n_points (line), n_pages;
  g_autofree DmPrintPageInfo *info = NULL;
  guint missed = 0;

  dm_print_layout_set_basemap (layout, basemap);
  dm_print_layout_set_paper (layout, paper, landscape);
  dm_print_layout_set_scale (layout, scale);
  dm_print_layout_set_sheets (layout, TRUE, 0.1);
  n_pages = dm_print_layout_get_n_pages (layout);
  *n_sheets = dm_print_layout_get_n_sheets (layout);
  g_assert_cmpuint (n_pages, ==, *n_sheets + 1);
  g_assert_cmpuint (*n_sheets, >=, 1);
  info = g_new0 (DmPrintPageInfo, n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      g_assert_true (dm_print_layout_get_page_info (layout, p, &info[p]));
      g_assert_cmpuint (info[p].sheet, ==, p);
      if (p > 0)
        g_assert_cmpfloat (fabs (info[p].scale / scale - 1), <, 1e-3);
      /* Consecutive: each sheet starts where the last ended (sharing
       * that vertex) or just after. */
      if (p > 1)
        g_assert_cmpuint (info[p].first_vertex, <=, info[p - 1].last_vertex + 1);
    }
  g_assert_false (dm_print_layout_get_page_info (layout, n_pages, &info[0]));
  g_assert_cmpuint (info[1].first_vertex, ==, 0);
  g_assert_cmpuint (info[n_pages - 1].last_vertex, ==, n - 1);

  for (guint i = 0; i < n; i++)
    {
      guint steps = 1;

      if (i + 1 < n)
        steps = MAX (1, (guint) (dm_geodesy_distance_m (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]) / 200));
      for (guint k = 0; k < steps; k++)
        {
          double t = (double) k / steps;
          double lon = i + 1 < n ? xy[2 * i] + t * (xy[2 * i + 2] - xy[2 * i]) : xy[2 * i];
          double lat = i + 1 < n ? xy[2 * i + 1] + t * (xy[2 * i + 3] - xy[2 * i + 1]) : xy[2 * i + 1];
          gboolean found = FALSE;

          for (guint p = 1; p < n_pages && !found; p++)
            found = on_map (&info[p], lon, lat);
          missed += !found;
          if (!found && k == 0)
            g_test_message ("vertex %u (%g, %g) is on no sheet", i, lon, lat);
        }
      /* And the vertex is on the sheet that claims it. */
      for (guint p = 1; p < n_pages; p++)
        if (i >= info[p].first_vertex && i <= info[p].last_vertex)
          g_assert_true (on_map (&info[p], xy[2 * i], xy[2 * i + 1]));
    }
  g_assert_cmpuint (missed, ==, 0);
  /* The index shows the whole line. */
  for (guint i = 0; i < n; i++)
    g_assert_true (on_map (&info[0], xy[2 * i], xy[2 * i + 1]));
}

static void
test_sheets_cover (void)
{
  guint n250, n100, n_long;
  g_autoptr (DmDocument) doc = dm_document_new ();
  /* A long straight stretch and a sharp turn back: segments much longer
   * than a sheet. */
  double line[] = { 30.0, 46.0, 36.0, 50.0, 30.5, 47.0 };

  check_cover (sample, sample_results, DM_PAPER_A3, TRUE, 250000, &n250);
  check_cover (sample, sample_results, DM_PAPER_A4, FALSE, 100000, &n100);
  g_test_message ("the sample on %u A3 sheets at 1:250,000, %u A4 sheets at 1:100,000", n250, n100);
  g_assert_cmpuint (n100, >, n250);

  dm_document_add_feature (doc, dm_feature_new (DM_ROLE_CONTACT_LINE, "long", dm_geometry_new_linestring (line, 3)));
  check_cover (doc, NULL, DM_PAPER_A4, TRUE, 250000, &n_long);
  g_test_message ("a 1,300 km line of two segments on %u sheets", n_long);
  g_assert_cmpuint (n_long, >, 10);
}

/* ---- Scale bars ------------------------------------------------------------- */

/* A bar's length on paper, laid on the map's centre line, against the
 * ground: the geodesic between the locations of its two ends. */
static double
bar_error (const DmPrintPageInfo *info, double bar_pt, double bar_m)
{
  const DmViewport *vp = &info->viewport;
  double lon0, lat0, lon1, lat1;

  dm_viewport_to_location (vp, vp->width / 2 - bar_pt / 2, vp->height / 2, &lon0, &lat0);
  dm_viewport_to_location (vp, vp->width / 2 + bar_pt / 2, vp->height / 2, &lon1, &lat1);
  return dm_geodesy_distance_m (lon0, lat0, lon1, lat1) / bar_m - 1;
}

static void
check_page_scale (DmPrintLayout *layout, guint page, double want_scale)
{
  DmPrintPageInfo info;
  double e_km, e_mi, paper_m;

  g_assert_true (dm_print_layout_get_page_info (layout, page, &info));
  e_km = bar_error (&info, info.bar_pt, info.bar_m);
  e_mi = bar_error (&info, info.bar_mi_pt, info.bar_mi_m);
  g_test_message ("page %u at latitude %.4f: 1:%.0f, %g km bar %.1f pt (off by %.4f %%), %g mi bar %.1f pt (off by "
                  "%.4f %%)",
                  page, info.viewport.lat, info.scale, info.bar_m / 1000, info.bar_pt, 100 * e_km,
                  info.bar_mi_m / DM_METRES_PER_MILE, info.bar_mi_pt, 100 * e_mi);
  g_assert_cmpfloat (fabs (e_km), <, 0.01);
  g_assert_cmpfloat (fabs (e_mi), <, 0.01);
  /* Miles are whole-number-ish and km round: the bars are nice numbers. */
  g_assert_cmpfloat (fabs (info.bar_mi_m / DM_METRES_PER_MILE - round (info.bar_mi_m / DM_METRES_PER_MILE)), <, 1e-6);
  /* The bar on paper, in metres of paper, times the scale: the ground. */
  paper_m = info.bar_pt * 0.0254 / 72;
  g_assert_cmpfloat (fabs (paper_m * info.scale / info.bar_m - 1), <, 0.01);
  if (want_scale > 0)
    g_assert_cmpfloat (fabs (info.scale / want_scale - 1), <, 0.01);
  /* The bar is short enough for the panel and long enough to read. */
  g_assert_cmpfloat (info.bar_pt, >, 40);
  g_assert_cmpfloat (info.bar_pt, <, 300);
}

static void
test_scale_bar (void)
{
  g_autoptr (DmPrintLayout) layout = sample_layout ();

  /* Fitted to the line, whatever scale that makes. */
  dm_print_layout_set_paper (layout, DM_PAPER_A3, TRUE);
  check_page_scale (layout, 0, 0);
  /* 1:250,000 asked for, on one page. */
  dm_print_layout_set_scale (layout, 250000);
  check_page_scale (layout, 0, 250000);
  /* A view as the screen shows it, far north, where Web Mercator
   * stretches most. */
  dm_print_layout_set_scale (layout, 0);
  dm_print_layout_frame_view (layout, 30.0, 69.0, 9.0);
  check_page_scale (layout, 0, 0);
  /* Sheets at 1:100,000. */
  dm_print_layout_frame_line (layout);
  dm_print_layout_set_scale (layout, 100000);
  dm_print_layout_set_sheets (layout, TRUE, 0.1);
  for (guint p = 1; p < dm_print_layout_get_n_pages (layout); p += 5)
    check_page_scale (layout, p, 100000);
}

/* ---- Files --------------------------------------------------------------------- */

static void
test_export_files (void)
{
  g_autoptr (DmPrintLayout) layout = sample_layout ();
  g_autoptr (GError) error = NULL;
  g_autofree char *svg = g_build_filename (tmpdir, "map.svg", NULL);
  g_autofree char *svg2 = g_build_filename (tmpdir, "map-2.svg", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "map.png", NULL);
  g_autofree char *png3 = g_build_filename (tmpdir, "map-3.png", NULL);
  g_autofree char *partial = g_build_filename (tmpdir, "map.png.partial", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "map.tiff", NULL);
  g_autofree char *nowhere = g_build_filename (tmpdir, "no", "such", "map.pdf", NULL);
  g_autofree char *data = NULL;
  cairo_surface_t *surface;

  dm_print_layout_set_paper (layout, DM_PAPER_A4, TRUE);
  dm_print_layout_set_scale (layout, 1000000);
  dm_print_layout_set_sheets (layout, TRUE, 0.1);
  g_assert_cmpuint (dm_print_layout_get_n_pages (layout), >=, 3);

  g_assert_true (dm_print_layout_export (layout, svg, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg2, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "width=\"841.88")); /* A4 landscape, in points */

  g_assert_true (dm_print_layout_export (layout, png, 30, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png3);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  /* 297 × 210 mm at 30 DPI. */
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 351);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 249);
  cairo_surface_destroy (surface);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  g_assert_false (dm_print_layout_export (layout, bad, 72, &error));
  g_assert_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (dm_print_layout_export (layout, nowhere, 72, &error));
  g_assert_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);
  g_assert_false (dm_print_layout_export (layout, png, 5000, &error));
  g_assert_error (error, DM_PRINT_ERROR, DM_PRINT_ERROR_INVALID);
}

/* ---- The command line ----------------------------------------------------------- */

static void
assert_cli (int want_status, const char *must_contain, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0, status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DEMARCATE_CLI"));
  g_ptr_array_add (argv, "render");
  va_start (args, must_contain);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error));
  status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d, stderr: %s", status, err);
  g_assert_cmpint (status, ==, want_status);
  if (want_status != 0)
    {
      /* One line on stderr, nothing on stdout. */
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
      g_assert_nonnull (strstr (err, must_contain));
    }
  else
    g_assert_nonnull (strstr (out, must_contain));
}

/* A title of 100,000 characters is cut to one line ended with "…" (the
 * header has room for one), and the page is drawn with its subtitle and
 * figures: laying it all out took seconds and ran it over the map.  (The
 * PDF's text keeps what the "…" stands for, up to the cut.) */
static void
test_long_title (void)
{
  g_autoptr (DmPrintLayout) layout = sample_layout ();
  g_autofree char *pdf = g_build_filename (tmpdir, "long-title.pdf", NULL);
  g_autofree char *title = g_strnfill (100000, 'x');
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;

  if (tool ("PDFTOTEXT") == NULL)
    {
      g_test_skip ("pdftotext not found (poppler-utils)");
      return;
    }
  memcpy (title, "Ceasefire", 9);
  dm_print_layout_set_title (layout, title);
  g_assert_true (dm_print_layout_export (layout, pdf, 72, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Ceasefire"))
      {
        g_test_message ("title line: %zu characters", strlen (lines[i]));
        g_assert_cmpuint (strlen (lines[i]), <=, 2000);
        assert_contains (text, "Proposal 1");
        assert_contains (text, "Contact line");
        return;
      }
  g_error ("the title is not on the page:\n%s", text);
}

static void
test_cli_errors (void)
{
  g_autofree char *file = sample_path ();
  g_autofree char *pdf = g_build_filename (tmpdir, "cli.pdf", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "cli.png", NULL);
  g_autofree char *tiff = g_build_filename (tmpdir, "cli.tiff", NULL);
  g_autofree char *nowhere = g_build_filename (tmpdir, "no", "cli.pdf", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.geojson", NULL);

  assert_cli (0, "--sheets", "--help", NULL);
  assert_cli (2, "-o OUT", file, NULL);
  assert_cli (2, "expected one FILE", "-o", pdf, NULL);
  assert_cli (2, "unknown paper", file, "-o", pdf, "--paper", "a9", NULL);
  assert_cli (2, "not a scale", file, "-o", pdf, "--scale", "1:abc", NULL);
  assert_cli (2, "not a scale", file, "-o", pdf, "--scale", "2:5000", NULL);
  assert_cli (2, "unknown language", file, "-o", pdf, "--lang", "fr", NULL);
  assert_cli (2, "--dpi", file, "-o", png, "--dpi", "0", NULL);
  assert_cli (2, "--center", file, "-o", pdf, "--sheets", "--center", "48,37", "--zoom", "9", NULL);
  assert_cli (2, "not a box", file, "-o", pdf, "--bbox", "40,45,30,50", NULL);
  assert_cli (2, "Unknown option", file, "-o", pdf, "--frobnicate", NULL);
  assert_cli (2, "go with --annex", file, "-o", pdf, "--markers", "5km", NULL);
  assert_cli (2, "not a share", file, "-o", pdf, "--plan", "--coverage", "most", NULL);
  assert_cli (0, "Wrote", file, "-o", pdf, "--plan", "--sensor", "ground-radar", "--spacing", "50km", NULL);
  assert_cli (1, "tolerance", file, "-o", pdf, "--annex", "--tolerance", "20km", NULL);
  assert_cli (1, ".pdf, .svg or .png", file, "-o", tiff, NULL);
  assert_cli (1, "does not exist", file, "-o", nowhere, NULL);
  assert_cli (1, "missing.geojson", missing, "-o", pdf, NULL);
  assert_cli (0, "Wrote", file, "-o", png, "--dpi", "20", "--lang", "uk", "--center", "48.0,37.8", "--scale",
              "1:500,000", "--dmz", "10km", NULL);
  assert_cli (0, "Wrote", file, "-o", pdf, "--bbox", "33,46,36,48.5", "--units", "mi", NULL);
}

/* The annex after the map: every turning point in the tables (their
 * numbers in order, the first row as the CSV gives it), the headings and
 * both fingerprints on every annex page, the markers' table last; the
 * annex's pages have no map.  A bad tolerance fails the export, saying
 * so. */
static void
test_annex_pages (void)
{
  g_autoptr (DmPrintLayout) layout = sample_layout ();
  g_autofree char *pdf = g_build_filename (tmpdir, "annex.pdf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmAnnex)
    annex = dm_annex_new (dm_feature_get_geometry (dm_document_get_contact_line (sample)), 25, 20000, NULL);
  g_autofree char *full = dm_fingerprint_line (annex->line);
  g_autofree char *line_fp = dm_fingerprint_short (full);
  g_autofree char *text = NULL;
  g_autofree char *csv = dm_annex_csv (annex->points);
  g_auto (GStrv) rows = g_strsplit (csv, "\n", 3);
  g_auto (GStrv) first = g_strsplit (rows[1], ",", -1);
  g_auto (GStrv) pages = NULL;
  guint n_pages, n_annex_pages, next = 1;
  DmPrintPageInfo info;

  dm_print_layout_set_fingerprint (layout, "abcd-ef01-2345");
  dm_print_layout_set_annex (layout, TRUE, 25, 20000);
  n_pages = dm_print_layout_get_n_pages (layout);
  n_annex_pages = n_pages - 1;
  g_test_message ("%u turning points, %u markers, %u annex pages", annex->points->len, annex->markers->len,
                  n_annex_pages);
  g_assert_cmpuint (n_annex_pages, >=, annex->points->len / 80);
  g_assert_true (dm_print_layout_get_page_info (layout, 0, &info));
  g_assert_false (dm_print_layout_get_page_info (layout, 1, &info));
  g_assert_true (dm_print_layout_export (layout, pdf, 72, &error));
  g_assert_no_error (error);
  if (tool ("PDFTOTEXT") == NULL)
    {
      g_test_skip ("pdftotext not found (poppler-utils)");
      return;
    }
  text = pdf_text (pdf);
  pages = g_strsplit (text, "\f", -1);
  for (guint p = 1; p < n_pages; p++)
    {
      g_autofree char *says = g_strdup_printf ("Annex, page %u of %u", p, n_annex_pages);
      g_auto (GStrv) lines = g_strsplit (pages[p], "\n", -1);
      gboolean markers = strstr (pages[p], "Markers every 20 km") != NULL;

      assert_contains (pages[p], says);
      assert_contains (pages[p], "Azimuth (°)");
      assert_contains (pages[p], "Proposal abcd-ef01-2345 · line ");
      assert_contains (pages[p], line_fp);
      g_assert_cmpint (markers, ==, p == n_pages - 1);
      /* The points' numbers run on from page to page (pdftotext gives a
       * column at a time: the first column's numbers, in order). */
      for (guint l = 0; lines[l] != NULL && !markers; l++)
        {
          guint64 v;

          if (g_ascii_string_to_unsigned (g_strstrip (lines[l]), 10, 1, G_MAXUINT, &v, NULL) && v == next)
            next++;
        }
    }
  g_assert_cmpuint (next, ==, annex->points->len + 1);
  assert_contains (pages[1], "Fingerprint of the line through these points");
  for (guint c = 2; c < 7; c++)
    assert_contains (pages[1], first[c]);

  dm_print_layout_set_annex (layout, TRUE, 0, 0);
  g_assert_false (dm_print_layout_export (layout, pdf, 72, &error));
  g_assert_nonnull (strstr (error->message, "tolerance"));
}

/* A monitoring plan on paper: its figures in the panel, worded as the
 * monitoring command words them. */
static void
test_plan (void)
{
  g_autoptr (DmPrintLayout) layout = sample_layout ();
  g_autofree char *pdf = g_build_filename (tmpdir, "plan.pdf", NULL);
  DmZoneFigures *dmz = g_ptr_array_index (sample_results->zones, 0);
  DmMonitoringOptions options = { 5000, 40000, 0, 8 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DmMonitoringPlan)
    plan = dm_monitoring_plan_new (dm_feature_get_geometry (dm_document_get_contact_line (sample)), dmz->rule,
                                   dmz->zone, &options, &error);
  g_autoptr (GPtrArray) figures = dm_figures_build_monitoring_plan (sample, dmz->rule->name, plan, NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  dm_print_layout_set_paper (layout, DM_PAPER_A3, TRUE);
  dm_print_layout_set_monitoring_plan (layout, plan, dmz->rule->name);
  g_assert_true (dm_print_layout_export (layout, pdf, 72, &error));
  g_assert_no_error (error);
  if (tool ("PDFTOTEXT") == NULL)
    {
      g_test_skip ("pdftotext not found (poppler-utils)");
      return;
    }
  text = pdf_text (pdf);
  assert_contains (text, "Monitoring plan: Demilitarised zone");
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (f->kind == DM_FIGURE_ROW && (f->uses & DM_FIGURE_PANEL) && g_str_equal (f->id, "plan.coverage"))
        assert_contains (text, f->value);
    }
}

/* The document's observation posts on the map with a legend row a side;
 * on A4 portrait, with the plan's figures, the scale still finds room
 * (under the legend). */
static void
test_posts_legend (void)
{
  g_autoptr (DmPrintLayout) layout = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "posts.pdf", NULL);
  DmZoneFigures *dmz = g_ptr_array_index (sample_results->zones, 0);
  DmMonitoringOptions options = { 10000, 25000, 0, 8 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DmMonitoringPlan)
    plan = dm_monitoring_plan_new (dm_feature_get_geometry (dm_document_get_contact_line (sample)), dmz->rule,
                                   dmz->zone, &options, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  dm_monitoring_place_posts (sample, plan);
  layout = sample_layout ();
  dm_print_layout_set_paper (layout, DM_PAPER_A4, FALSE);
  dm_print_layout_set_monitoring_plan (layout, plan, dmz->rule->name);
  g_assert_true (dm_print_layout_export (layout, pdf, 72, &error));
  g_assert_no_error (error);
  dm_document_undo (sample);
  if (tool ("PDFTOTEXT") == NULL)
    {
      g_test_skip ("pdftotext not found (poppler-utils)");
      return;
    }
  text = pdf_text (pdf);
  assert_contains (text, "Observation post on Ukraine’s side and its sensor’s range");
  assert_contains (text, "Observation post on Russia’s side and its sensor’s range");
  assert_contains (text, "Monitoring plan: Demilitarised zone");
  assert_contains (text, "Scale 1:");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autofree char *file = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dm-test-print-XXXXXX", &error);
  g_assert_no_error (error);
  file = sample_path ();
  sample = dm_scenario_load_geodata (file, NULL, NULL, &error);
  g_assert_no_error (error);
  engine = dm_engine_new (sample);
  sample_results = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  basemap = dm_basemap_renderer_new (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/print/pdf/text-and-figures", test_pdf_text);
  g_test_add_func ("/print/pdf/paper", test_pdf_paper);
  g_test_add_func ("/print/pdf/languages", test_pdf_languages);
  g_test_add_func ("/print/reference", test_reference);
  g_test_add_func ("/print/sheets/cover", test_sheets_cover);
  g_test_add_func ("/print/scale-bar", test_scale_bar);
  g_test_add_func ("/print/export-files", test_export_files);
  g_test_add_func ("/print/cli/errors", test_cli_errors);
  g_test_add_func ("/print/long-title", test_long_title);
  g_test_add_func ("/print/annex", test_annex_pages);
  g_test_add_func ("/print/monitoring-plan", test_plan);
  g_test_add_func ("/print/posts-legend", test_posts_legend);
  ret = g_test_run ();

  dm_basemap_renderer_unref (basemap);
  dm_results_unref (sample_results);
  g_object_unref (sample);
  /* The files are kept for a look when a test failed. */
  if (ret == 0)
    {
      g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tmpdir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (tmpdir);
    }
  g_free (tmpdir);
  return ret;
}
