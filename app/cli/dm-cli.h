/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dm-document.h"
#include "dm-monitoring.h"
#include "dm-print-layout.h"
#include "dm-results.h"
#include "dm-units.h"

G_BEGIN_DECLS

/* --csv-style, for export and compare: one wording. */
#define CSV_STYLE_HELP                                                                                                \
  N_ ("CSV for programs (machine: “,” and a decimal point, the default) or for a spreadsheet (spreadsheet: "      \
      "this locale’s; spreadsheet-point; spreadsheet-comma: “;” and a decimal comma, as German, Ukrainian and " \
      "Russian spreadsheets read)")
#define CSV_STYLE_ERROR _ ("unknown CSV style “%s”; use machine, spreadsheet, spreadsheet-point or spreadsheet-comma")

/* Exit codes: 0 success, 1 the work failed (bad input), 2 bad usage. */
#define DM_CLI_EXIT_FAILURE 1
#define DM_CLI_EXIT_USAGE   2

typedef int (*DmCliCommandFunc) (int argc, char **argv);

/* Parses @argv with @entries; prints --help and usage errors itself.
 * Returns -1 to go on, or the exit code to return. */
int dm_cli_parse (const char *command,
                  const char *parameter_string,
                  const char *summary,
                  GOptionEntry *entries,
                  GOptionEntry *extra,
                  int *argc,
                  char ***argv);
int dm_cli_fail (const GError *error);
/* FILE as every command opens it (dm_scenario_load_full): a polygon of
 * held territory has its contact line derived, and the command says so
 * in one line on stderr.  With @need_line, a document without a contact
 * line is an error saying what the file holds and what to do. */
DmDocument *dm_cli_load (const char *path, gboolean need_line, DmLengthUnit units, GError **error);
int dm_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
gboolean dm_cli_parse_length_unit (const char *command, const char *str, DmLengthUnit *unit, int *exit_code);
void dm_cli_print_json (JsonNode *root);
/* Figures (dm-figures.h) as the CLI's text shows them. */
void dm_cli_print_figures (GPtrArray *figures);

int dm_cli_info (int argc, char **argv);
int dm_cli_stats (int argc, char **argv);
/* The zone options zones and analyse share. */
typedef struct {
  char *dmz;
  char *side_a;
  char *side_b;
  char *clip;
  char **bands;
  char **region_zones;
  char **border_bands;
} DmCliZoneOptions;

void dm_cli_zone_options_clear (DmCliZoneOptions *options);
/* Entries to pass as @extra to dm_cli_parse (static storage). */
GOptionEntry *dm_cli_zone_option_entries (DmCliZoneOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DmCliZoneOptions, dm_cli_zone_options_clear)

gboolean dm_cli_apply_zone_options (DmDocument *doc, DmCliZoneOptions *options, GError **error);
int dm_cli_zones (int argc, char **argv);
/* One zone's figures as a JSON object (shared by zones and analyse). */
void dm_cli_add_zone_json (JsonBuilder *b, DmZoneFigures *z);
/* The figures for FILE as analyse computes them: the file loaded, the
 * zone options applied, the engine run once.  @region, @ratio: (nullable). */
DmResults *dm_cli_compute (const char *path,
                           DmCliZoneOptions *zone_options,
                           const char *region,
                           const DmMonitoringRatio *ratio,
                           DmLengthUnit units,
                           DmDocument **document,
                           GError **error);
int dm_cli_analyse (int argc, char **argv);
int dm_cli_render (int argc, char **argv);
/* A print layout as render makes it: the figures in @units, the
 * proposal's fingerprint. */
DmPrintLayout *dm_cli_new_layout (DmDocument *doc, DmResults *results, DmLengthUnit units);
int dm_cli_compare (int argc, char **argv);
int dm_cli_derive_line (int argc, char **argv);
int dm_cli_annex (int argc, char **argv);
int dm_cli_monitoring (int argc, char **argv);
/* The monitoring plan's options, shared by monitoring and analyse --plan. */
typedef struct {
  char *zone;
  char *sensor;
  char *range;
  char *spacing;
  char *coverage;
  int crew;
  gboolean place; /* --spacing or --coverage: posts placed anew */
} DmCliPlanOptions;

void dm_cli_plan_options_clear (DmCliPlanOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DmCliPlanOptions, dm_cli_plan_options_clear)
/* Entries (static storage) to join to a command's own. */
GOptionEntry *dm_cli_plan_option_entries (DmCliPlanOptions *options);
/* The options as a plan takes them; FALSE with the exit code after
 * saying what is wrong. */
gboolean
dm_cli_plan_options_parse (const char *command, DmCliPlanOptions *options, DmMonitoringOptions *out, int *exit_code);
/* The plan for @zone_name (NULL: the DMZ) of the computed document:
 * for its observation posts when it has some and not @place, else for
 * posts placed by @options, which then become the document's (so that
 * maps and exports draw them); @zone_used: the zone's name. */
DmMonitoringPlan *dm_cli_make_plan (DmDocument *doc,
                                    DmResults *results,
                                    const char *zone_name,
                                    const DmMonitoringOptions *options,
                                    gboolean place,
                                    const char **zone_used,
                                    GError **error);
/* The plan as one JSON object (posts, coverage, uncovered, figures). */
void dm_cli_add_plan_json (JsonBuilder *b, const char *zone_name, const DmMonitoringPlan *plan);
/* @a's entries then @b's, NULL-terminated (free the array only). */
GOptionEntry *dm_cli_entries_join (const GOptionEntry *a, const GOptionEntry *b);
int dm_cli_bench (int argc, char **argv);
int dm_cli_export (int argc, char **argv);
int dm_cli_fingerprint (int argc, char **argv);

/* A JSON member: a number, or a string (null for NULL). */
void dm_cli_json_double (JsonBuilder *b, const char *name, double value);
void dm_cli_json_int (JsonBuilder *b, const char *name, gint64 value);
void dm_cli_json_string (JsonBuilder *b, const char *name, const char *value);

G_END_DECLS
