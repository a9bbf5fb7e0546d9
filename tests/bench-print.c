/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "dm-engine.h"
#include "dm-print-layout.h"
#include "dm-scenario.h"

/* Seconds to print the sample (data/samples/contact-line.geojson): the
 * A3 page of the whole line, and the line on A3 sheets at 1:250,000, as
 * PDF (figures computed once, before the clock starts; the basemap is
 * loaded inside the first timing, as the CLI does). */

static double
time_export (DmPrintLayout *layout, const char *path, guint *n_pages)
{
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  *n_pages = dm_print_layout_get_n_pages (layout);
  if (!dm_print_layout_export (layout, path, 0, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autofree char *dir = g_dir_make_tmp ("dm-bench-print-XXXXXX", &error);
  g_autofree char *page_pdf = g_build_filename (dir, "page.pdf", NULL);
  g_autofree char *sheets_pdf = g_build_filename (dir, "sheets.pdf", NULL);
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmEngine) engine = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (DmPrintLayout) page = NULL;
  g_autoptr (DmPrintLayout) sheets = NULL;
  GStatBuf st;
  guint n_page, n_sheets;
  double t_page, t_sheets;

  if (dir == NULL || (doc = dm_scenario_load_geodata (file, NULL, NULL, &error)) == NULL)
    g_error ("%s", error->message);
  engine = dm_engine_new (doc);
  if ((results = dm_engine_compute (engine, NULL, &error)) == NULL)
    g_error ("%s", error->message);

  page = dm_print_layout_new (doc, results);
  dm_print_layout_set_paper (page, DM_PAPER_A3, TRUE);
  t_page = time_export (page, page_pdf, &n_page);
  g_stat (page_pdf, &st);
  printf ("render: A3 landscape, whole line, %u page: %.2f s, %.1f MB\n", n_page, t_page, st.st_size / 1e6);

  sheets = dm_print_layout_new (doc, results);
  dm_print_layout_set_paper (sheets, DM_PAPER_A3, TRUE);
  dm_print_layout_set_scale (sheets, 250000);
  dm_print_layout_set_sheets (sheets, TRUE, 0.1);
  t_sheets = time_export (sheets, sheets_pdf, &n_sheets);
  g_stat (sheets_pdf, &st);
  printf ("render: A3 landscape sheets at 1:250,000, %u pages (index + %u sheets): %.2f s, %.1f MB\n", n_sheets,
          n_sheets - 1, t_sheets, st.st_size / 1e6);

  g_unlink (page_pdf);
  g_unlink (sheets_pdf);
  g_rmdir (dir);
  return 0;
}
