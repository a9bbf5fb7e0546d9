/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* What core tests share: another program, fed @input, its output (the
 * tests compare against GeographicLib's own tools). */
static inline char *
run_tool (const char *argv0, const char *extra, const char *input)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s", argv0, extra);
  g_autofree char *in_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *full = NULL;
  int fd;

  fd = g_file_open_tmp ("dm-geodesy-XXXXXX", &in_path, NULL);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_set_contents (in_path, input, -1, NULL));
  close (fd);
  full = g_strdup_printf ("%s < %s", cmd, in_path);
  {
    g_autofree char *sh_argv = g_shell_quote (full);
    g_autofree char *line = g_strdup_printf ("sh -c %s", sh_argv);
    gint status = 0;

    g_assert_true (g_spawn_command_line_sync (line, &out, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
  }
  g_unlink (in_path);
  return g_steal_pointer (&out);
}
