/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"

int
dm_cli_parse (const char    *command,
              const char    *parameter_string,
              const char    *summary,
              GOptionEntry  *entries,
              GOptionEntry  *extra,
              int           *argc,
              char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
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
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}
