/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <errno.h>
#include <glib-unix.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <unistd.h>

#include "dm-engine.h"
#include "dm-tile-source.h"
#include "dm-window.h"
#include "gui-test-find.h"

/* What every GUI test does: TAP lines, the main loop spun, the engine's
 * figures awaited, and an orderly end. */

#define SKIP 77 /* meson's exit status for a skipped test: no display */

static int n_tests;
static int n_failed;

static inline void
check (gboolean ok, const char *name)
{
  n_tests++;
  if (!ok)
    n_failed++;
  g_print ("%s %d %s\n", ok ? "ok" : "not ok", n_tests, name);
}

/* The main loop, for @ms. */
static inline void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Programs the tests run (xdotool, the application, pdftotext) are started
 * without fork(): libproj frees memory in an atfork child handler, and in
 * a child forked from this process, whose threads draw tiles and place
 * labels, AddressSanitizer's allocator lock may be held by a thread the
 * child does not have, so the child spins for ever.  GLib starts a program
 * with posix_spawn() when descriptors are left open and there is no child
 * set-up; posix_spawn() runs no atfork handler.  @argv[0] is a path. */
static inline GPid
gui_test_spawn (const char *const *argv, const char *const *envp, int *stdout_fd)
{
  GPid pid = 0;

  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, envp,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN |
                                           G_SPAWN_CLOEXEC_PIPES,
                                         NULL, NULL, -1, -1, -1, NULL, NULL, 0, &pid, NULL, stdout_fd, NULL, NULL))
    return 0;
  return pid;
}

typedef struct {
  gboolean exited;
  int wait_status;
} GuiTestChild;

static inline void
gui_test_child_exited (GPid pid, int wait_status, gpointer data)
{
  GuiTestChild *child = data;

  child->exited = TRUE;
  child->wait_status = wait_status;
  g_spawn_close_pid (pid);
}

/* Waits for @pid, the main loop turning meanwhile; after @seconds it is
 * killed.  TRUE when it exited with status 0; its wait status in
 * @wait_status when not NULL.  @out_fd (-1: none) is read to its end, into
 * @out when not NULL, and closed. */
static inline gboolean
gui_test_wait (GPid pid, guint seconds, int out_fd, char **out, int *wait_status)
{
  GuiTestChild child = { FALSE, 0 };
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  g_autoptr (GString) text = out != NULL ? g_string_new (NULL) : NULL;
  gboolean eof = out_fd < 0, killed = FALSE;

  g_child_watch_add (pid, gui_test_child_exited, &child);
  if (out_fd >= 0)
    g_unix_set_fd_nonblocking (out_fd, TRUE, NULL);
  while (!child.exited || !eof)
    {
      gboolean busy = g_main_context_iteration (NULL, FALSE);

      if (!eof)
        {
          char buf[4096];
          gssize n = read (out_fd, buf, sizeof buf);

          if (n > 0 && text != NULL)
            g_string_append_len (text, buf, n);
          else if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            eof = TRUE;
          if (n > 0)
            busy = TRUE;
        }
      if (!killed && g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          killed = TRUE;
        }
      if (!busy)
        g_usleep (2000);
    }
  if (out_fd >= 0)
    close (out_fd);
  if (out != NULL)
    *out = g_string_free (g_steal_pointer (&text), FALSE);
  if (wait_status != NULL)
    *wait_status = child.wait_status;
  return !killed && g_spawn_check_wait_status (child.wait_status, NULL);
}

/* Runs @argv to its end (at most @seconds), its output in @out when not
 * NULL; TRUE when it exited with status 0. */
static inline gboolean
gui_test_run (const char *const *argv, guint seconds, char **out)
{
  int fd = -1;
  GPid pid = gui_test_spawn (argv, NULL, out != NULL ? &fd : NULL);

  if (out != NULL)
    *out = NULL;
  return pid != 0 && gui_test_wait (pid, seconds, fd, out, NULL);
}

/* Complete results (territory and warnings too) of the document as it is
 * now, within @seconds; NULL if they do not come. */
static inline DmResults *
settled_results (DmWindow *window, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      DmEngine *engine;
      DmResults *r;

      g_main_context_iteration (NULL, FALSE);
      engine = (DmEngine *) dm_window_get_engine (window);
      if (engine == NULL || dm_window_is_loading (window) || dm_engine_is_busy (engine))
        continue;
      r = dm_engine_get_results (engine);
      if (r != NULL && r->complete && r->revision == dm_document_get_revision (dm_engine_get_document (engine)))
        return r;
    }
  return NULL;
}

/* The plan line, once no tile is being drawn; the exit status. */
static inline int
gui_test_finish (void)
{
  dm_tile_source_finish_renders (2000);
  g_print ("1..%d\n", n_tests);
  return n_failed > 0 ? 1 : 0;
}
