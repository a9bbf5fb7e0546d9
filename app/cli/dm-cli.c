/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-scenario.h"

int
dm_cli_parse (const char    *command,
              const char    *parameter_string,
              const char    *summary,
              GOptionEntry  *entries,
              GOptionEntry  *extra,
              int           *argc,
              char        ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *params = g_strdup_printf ("%s %s", command, parameter_string);

  context = g_option_context_new (params);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "demarcate-cli %s: %s\n", command, error->message);
      return DM_CLI_EXIT_USAGE;
    }
  return -1;
}

int
dm_cli_fail (const GError *error)
{
  /* One line a person can act on: the message says what and where. */
  fprintf (stderr, _("demarcate-cli: error: %s\n"), error->message);
  return DM_CLI_EXIT_FAILURE;
}

DmDocument *
dm_cli_load (const char   *path,
             gboolean     need_line,
             DmLengthUnit units,
             GError     **error)
{
  g_autoptr (DmDeriveReport) derived = NULL;
  g_autoptr (DmDocument) doc = NULL;

  if ((doc = dm_scenario_load_full (path, NULL, &derived, NULL, NULL, error)) == NULL)
    return NULL;
  if (derived != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *text = dm_derive_report_describe (derived, units);

      /* One line, on stderr: --json output stays one document.
       * Translators: “occupied.geojson” is a polygon of held territory: … */
      fprintf (stderr, _("“%s” is a polygon of held territory. %s\n"), base, text);
    }
  if (need_line && dm_document_get_contact_line (doc) == NULL)
    {
      g_autofree char *why = dm_scenario_explain_no_line (doc, path);

      g_set_error_literal (error, DM_DERIVE_ERROR, DM_DERIVE_ERROR_INVALID, why);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

int
dm_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, _("demarcate-cli %s: %s (see “demarcate-cli %s --help”)\n"), command, msg, command);
  return DM_CLI_EXIT_USAGE;
}

gboolean
dm_cli_parse_length_unit (const char   *command,
                          const char   *str,
                          DmLengthUnit *unit,
                          int          *exit_code)
{
  if (str == NULL)
    return TRUE;
  if (!dm_length_unit_from_string (str, unit))
    {
      *exit_code = dm_cli_usage_error (command, _("unknown unit “%s”; use km, mi, nmi or m"), str);
      return FALSE;
    }
  return TRUE;
}

void
dm_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}
