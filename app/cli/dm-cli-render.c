/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dm-cli.h"
#include "dm-write.h"
#include "dm-annex.h"
#include "dm-fingerprint.h"
#include "dm-print-layout.h"

/* "1:250000", "1:250,000", "250000" → 250000. */
static gboolean
parse_scale (const char *text, double *denominator)
{
  g_autofree char *digits = NULL;
  const char *colon = strchr (text, ':');
  GString *s = g_string_new (NULL);
  char *end = NULL;

  if (colon != NULL && (colon - text != 1 || text[0] != '1'))
    {
      g_string_free (s, TRUE);
      return FALSE;
    }
  for (const char *c = colon != NULL ? colon + 1 : text; *c != '\0'; c++)
    if (*c != ',' && *c != '_' && *c != ' ')
      g_string_append_c (s, *c);
  digits = g_string_free (s, FALSE);
  *denominator = g_ascii_strtod (digits, &end);
  return *digits != '\0' && end != NULL && *end == '\0' && *denominator >= 1000 && *denominator <= 1e8;
}

static gboolean
parse_numbers (const char *text, double *values, guint n)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;

      values[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (*parts[i] == '\0' || end == NULL || *end != '\0')
        return FALSE;
    }
  return TRUE;
}

DmPrintLayout *
dm_cli_new_layout (DmDocument *doc, DmResults *results, DmLengthUnit units)
{
  DmPrintLayout *layout = dm_print_layout_new (doc, results);
  g_autofree char *full = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
  g_autofree char *fingerprint = dm_fingerprint_short (full);

  dm_print_layout_set_units (layout, units);
  dm_print_layout_set_fingerprint (layout, fingerprint);
  return layout;
}

int
dm_cli_render (int argc, char **argv)
{
  g_auto (DmCliZoneOptions) zo = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *paper_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *lang = NULL;
  DmLanguage language = dm_i18n_get_language ();
  DmLanguageScope *scope;
  g_autofree char *units = NULL;
  g_autofree char *center = NULL;
  g_autofree char *bbox = NULL;
  gboolean landscape = FALSE, sheets = FALSE, annex = FALSE, with_plan = FALSE;
  g_autofree char *tolerance_str = NULL;
  g_autofree char *markers_str = NULL;
  double tolerance_m = DM_ANNEX_DEFAULT_TOLERANCE_M, spacing_m = 0;
  double dpi = 150, zoom = -1, overlap = 10;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("Write the map to OUT: .pdf (every page in one document), .svg or .png (one file a page)"), N_ ("OUT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_name, N_ ("Paper: a4 (default), a3, letter or tabloid"),
      N_ ("PAPER") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_ ("Landscape (default: portrait)"), NULL },
    { "annex", 0, 0, G_OPTION_ARG_NONE, &annex,
      N_ ("The treaty annex: the numbered turning points on the map and their tables on pages after it"), NULL },
    { "tolerance", 0, 0, G_OPTION_ARG_STRING, &tolerance_str,
      N_ ("With --annex: how far the drawn line may be from the turning points’ geodesics (default 25 m)"),
      N_ ("DISTANCE") },
    { "markers", 0, 0, G_OPTION_ARG_STRING, &markers_str,
      N_ ("With --annex: numbered markers this far apart along the line"), N_ ("DISTANCE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_ ("Title (default: the contact line’s name)"), N_ ("TEXT") },
    { "subtitle", 0, 0, G_OPTION_ARG_STRING, &subtitle, N_ ("Subtitle (default: the proposal’s name and today’s date)"),
      N_ ("TEXT") },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking,
      N_ ("Marking line at the top and bottom (default “DRAFT — FOR DISCUSSION”; \"\" for none)"), N_ ("TEXT") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      N_ ("Scale at the map’s centre, e.g. 1:250000 (default: fit the line; sheets: 1:250000)"), N_ ("1:N") },
    { "sheets", 0, 0, G_OPTION_ARG_NONE, &sheets,
      N_ ("An index page, then the line on consecutive map sheets at the scale"), NULL },
    { "overlap", 0, 0, G_OPTION_ARG_DOUBLE, &overlap, N_ ("Overlap of consecutive sheets in percent (default 10)"),
      N_ ("PERCENT") },
    { "center", 0, 0, G_OPTION_ARG_STRING, &center, N_ ("Centre the map on LAT,LON (with --zoom or --scale)"),
      N_ ("LAT,LON") },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, N_ ("Zoom level of the view, as on the screen (with --center)"),
      N_ ("Z") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox, N_ ("Fit the map to WEST,SOUTH,EAST,NORTH (degrees)"), N_ ("BOX") },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_ ("Pixels per inch of a PNG (default 150)"), N_ ("N") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_ ("Language of the page and its place names: en, uk or ru (default: the interface’s)"), N_ ("LANG") },
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units, N_ ("Figures in km (default) or mi first, the other in brackets"),
      N_ ("UNIT") },
    { "plan", 0, 0, G_OPTION_ARG_NONE, &with_plan,
      N_ ("A monitoring plan on the map (posts and their sensors’ ranges) and its figures, with the monitoring "
          "command’s options"),
      NULL },
    { NULL }
  };
  g_auto (DmCliPlanOptions) po = { 0 };
  g_autofree GOptionEntry *all = dm_cli_entries_join (entries, dm_cli_plan_option_entries (&po));
  DmMonitoringOptions plan_options;
  g_autoptr (DmMonitoringPlan) plan = NULL;
  const char *plan_zone = NULL;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (DmResults) results = NULL;
  g_autoptr (DmPrintLayout) layout = NULL;
  g_autoptr (GError) error = NULL;
  DmPaper paper = DM_PAPER_A4;
  DmLengthUnit lu = DM_LENGTH_KM;
  double scale = 0, ll[2], box[4];
  guint n_pages;
  int ret;

  if ((ret = dm_cli_parse ("render", _ ("FILE"),
                           _ ("Prints the map of FILE’s contact line: title, the map with its graticule, "
                              "legend, key figures (as analyse computes them), scale bars in km and mi, "
                              "north arrow, notes, sources and the marking line; or, with --sheets, an "
                              "index and the line on consecutive sheets at a fixed scale."),
                           all, dm_cli_zone_option_entries (&zo), &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("render", _ ("expected one FILE"));
  if (!dm_cli_plan_options_parse ("render", &po, &plan_options, &ret))
    return ret;
  if (output == NULL)
    return dm_cli_usage_error ("render", _ ("say where to write the map with -o OUT.pdf, OUT.svg or OUT.png"));
  {
    g_autoptr (GError) same = NULL;

    if (!dm_write_check_not_source (argv[1], output, &same))
      return dm_cli_fail (same);
  }
  if (paper_name != NULL && !dm_paper_from_string (paper_name, &paper))
    return dm_cli_usage_error ("render", _ ("unknown paper “%s”; use a4, a3, letter or tabloid"), paper_name);
  if (scale_text != NULL && !parse_scale (scale_text, &scale))
    return dm_cli_usage_error ("render",
                               _ ("“%s” is not a scale: write 1:N with N from 1,000 to 100,000,000, e.g. 1:250000"),
                               scale_text);
  if (lang != NULL && !dm_language_from_string (lang, &language))
    return dm_cli_usage_error ("render", _ ("unknown language “%s”; use en, uk or ru"), lang);
  /* A page in another language than the interface's needs its locale. */
  if ((scope = dm_language_scope_begin (language, &error)) == NULL)
    return dm_cli_fail (error);
  g_clear_pointer (&scope, dm_language_scope_end);
  if (!dm_cli_parse_length_unit ("render", units, &lu, &ret))
    return ret;
  if (lu != DM_LENGTH_KM && lu != DM_LENGTH_MI)
    return dm_cli_usage_error ("render", _ ("print figures in km or mi"));
  if (dpi < 10 || dpi > 1200)
    return dm_cli_usage_error ("render", _ ("--dpi takes 10 to 1200"));
  if (overlap < 0 || overlap >= 50)
    return dm_cli_usage_error ("render", _ ("--overlap takes 0 to 49 percent"));
  if (center != NULL && (!parse_numbers (center, ll, 2) || ll[0] < -85 || ll[0] > 85 || ll[1] < -180 || ll[1] > 180))
    return dm_cli_usage_error ("render", _ ("“%s” is not a centre: write LAT,LON in degrees"), center);
  if (center != NULL && zoom < 0 && scale == 0)
    return dm_cli_usage_error ("render", _ ("--center needs --zoom or --scale"));
  if (zoom >= 0 && (center == NULL || zoom > 22))
    return dm_cli_usage_error ("render", _ ("--zoom takes 0 to 22, with --center"));
  if (bbox != NULL && (!parse_numbers (bbox, box, 4) || box[0] >= box[2] || box[1] >= box[3] || box[1] < -85 ||
                       box[3] > 85 || box[0] < -180 || box[2] > 180))
    return dm_cli_usage_error ("render", _ ("“%s” is not a box: write WEST,SOUTH,EAST,NORTH in degrees"), bbox);
  if (sheets && (center != NULL || bbox != NULL))
    return dm_cli_usage_error ("render", _ ("--sheets follow the whole line: leave out --center and --bbox"));
  if (center != NULL && bbox != NULL)
    return dm_cli_usage_error ("render", _ ("give --center or --bbox, not both"));
  if ((tolerance_str != NULL || markers_str != NULL) && !annex)
    return dm_cli_usage_error ("render", _ ("--tolerance and --markers go with --annex"));
  if ((tolerance_str != NULL && !dm_parse_distance (tolerance_str, DM_LENGTH_KM, &tolerance_m, &error)) ||
      (markers_str != NULL && !dm_parse_distance (markers_str, DM_LENGTH_KM, &spacing_m, &error)))
    return dm_cli_fail (error);

  /* The same figures as analyse, computed the same way. */
  if ((results = dm_cli_compute (argv[1], &zo, NULL, NULL, lu, &doc, &error)) == NULL)
    return dm_cli_fail (error);

  layout = dm_cli_new_layout (doc, results, lu);
  dm_print_layout_set_paper (layout, paper, landscape);
  dm_print_layout_set_title (layout, title);
  dm_print_layout_set_subtitle (layout, subtitle);
  dm_print_layout_set_marking (layout, marking);
  dm_print_layout_set_language (layout, language);
  dm_print_layout_set_scale (layout, scale);
  dm_print_layout_set_sheets (layout, sheets, overlap / 100.0);
  if (annex)
    dm_print_layout_set_annex (layout, TRUE, tolerance_m, spacing_m);
  if (with_plan)
    {
      if ((plan = dm_cli_make_plan (doc, results, po.zone, &plan_options, po.place, &plan_zone, &error)) == NULL)
        return dm_cli_fail (error);
      dm_print_layout_set_monitoring_plan (layout, plan, plan_zone);
    }
  if (center != NULL)
    dm_print_layout_frame_view (layout, ll[1], ll[0], zoom >= 0 ? zoom : 0);
  else if (bbox != NULL)
    dm_print_layout_frame_box (layout, box[0], box[1], box[2], box[3]);

  n_pages = dm_print_layout_get_n_pages (layout);
  if (!dm_print_layout_export (layout, output, dpi, &error))
    return dm_cli_fail (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%u page)\n", "Wrote %s (%u pages)\n", n_pages), output, n_pages);
  return 0;
}
