/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-i18n.h"

static const struct {
  const char *name;
  DmCliCommandFunc func;
  const char *summary;
} commands[] = {
  { "info", dm_cli_info, N_ ("Layers, feature counts, geometry types, CRS and extent of a geodata file") },
  { "stats", dm_cli_stats, N_ ("Vertices, geodesic lengths and areas per feature and in total") },
  { "zones", dm_cli_zones, N_ ("DMZ and withdrawal zones along the contact line, as polygons with their figures") },
  { "analyse", dm_cli_analyse, N_ ("Every figure: line, zones, settlements, territory, swaps, monitoring") },
  { "compare", dm_cli_compare, N_ ("Two proposals of the line: land changing hands and every figure’s difference") },
  { "derive-line", dm_cli_derive_line, N_ ("The contact line from a control-of-territory polygon") },
  { "render", dm_cli_render, N_ ("The map on paper: one page, or an index and map sheets, as PDF, SVG or PNG") },
  { "export", dm_cli_export,
    N_ ("A proposal for partners: GeoJSON, KML, KMZ, a GeoPackage project, or a CSV of the figures") },
  { "annex", dm_cli_annex,
    N_ ("The contact line as a treaty annex: numbered turning points, markers, as CSV, GeoJSON, KML or PDF") },
  { "monitoring", dm_cli_monitoring,
    N_ ("A monitoring plan: observation posts along a zone, their sensors’ coverage, observers and patrols") },
  { "fingerprint", dm_cli_fingerprint, N_ ("The fingerprint that says two files hold the same proposal") },
  { "bench", dm_cli_bench, N_ ("Benchmarks: DMZ from scratch and after one edit, against one GEOS buffer") },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _ ("Usage: demarcate-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n\n", _ ("Demarcate's engine from the command line: the figures the application shows."));
  fprintf (out, "%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (out, "\n%s\n", _ ("Run “demarcate-cli COMMAND --help” for a command’s options."));
}

int
main (int argc, char *argv[])
{
  /* --json speaks English whatever the user's language: a script gets the
   * same document from the same file anywhere. */
  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], "--json"))
      g_setenv ("LANGUAGE", "en", TRUE);
  dm_i18n_init ();
  g_set_prgname ("demarcate-cli");

  if (argc < 2)
    {
      print_help (stderr);
      return DM_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("demarcate-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  fprintf (stderr, _ ("demarcate-cli: unknown command “%s”; run “demarcate-cli --help” for the list\n"), argv[1]);
  return DM_CLI_EXIT_USAGE;
}
