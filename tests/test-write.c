/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every file the command-line tool writes, on a disk that fails: full,
 * read-only, or a folder the user may not write to.  Each output must
 * fail with a message naming the cause and exit non-zero, leave the file
 * there before exactly as it was, and leave nothing else behind.
 *
 * The full and read-only disks are a tmpfs the test mounts in a mount
 * namespace of its own (when it runs as root); where it
 * cannot, it says so and checks the folder it may not write to only.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define OLD_CONTENT "the file a user had here before\n"

typedef struct {
  const char *what;
  const char *command;
  const char *output; /* file name the command writes */
  gboolean polygon;   /* its input is a tracker's polygon */
} Output;

static const Output outputs[] = {
  { "export GeoJSON", "export", "proposal.geojson", FALSE },
  { "export KML", "export", "proposal.kml", FALSE },
  { "export KMZ", "export", "proposal.kmz", FALSE },
  { "export GeoPackage", "export", "proposal.gpkg", FALSE },
  { "export CSV", "export", "figures.csv", FALSE },
  { "zones -o", "zones", "zones.geojson", FALSE },
  { "derive-line -o", "derive-line", "line.geojson", TRUE },
  { "render PDF", "render", "map.pdf", FALSE },
  { "render SVG", "render", "map.svg", FALSE },
  { "render PNG", "render", "map.png", FALSE },
};

typedef enum {
  FAULT_FULL,
  FAULT_READ_ONLY,
  FAULT_DENIED
} Fault;

static const char *const fault_names[] = { "full disk", "read-only disk", "folder not writable" };
static const char *const fault_causes[] = { "No space left on device", "Read-only file system", "Permission denied" };

static char *mount_dir;    /* a tmpfs of our own, or NULL */
static gboolean as_nobody; /* root: the denied case runs the tool as nobody */

static void
drop_to_nobody (gpointer data)
{
  if (setgid (65534) != 0 || setuid (65534) != 0)
    _exit (99);
}

/* Runs the tool writing @out->output into @dir; its exit status, and
 * what it said in @err. */
static int
run (const Output *out, const char *dir, gboolean nobody, char **err)
{
  const char *cli = g_getenv ("DEMARCATE_CLI");
  g_autofree char *sample = g_build_filename (g_getenv ("DM_DATADIR"), "samples", "contact-line.geojson", NULL);
  g_autofree char *polygon = g_test_build_filename (G_TEST_DIST, "data", "occupied-2024-11-01.geojson", NULL);
  g_autofree char *path = g_build_filename (dir, out->output, NULL);
  g_autoptr (GError) error = NULL;
  const char *argv[8];
  guint n = 0;
  int status = -1;

  argv[n++] = cli;
  argv[n++] = out->command;
  argv[n++] = out->polygon ? polygon : sample;
  argv[n++] = "-o";
  argv[n++] = path;
  argv[n] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, nobody ? drop_to_nobody : NULL,
                               NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : 128);
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Fills @dir's file system to the last byte. */
static void
fill (const char *dir)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  char block[4096];
  FILE *f = fopen (filler, "wb");

  g_assert_nonnull (f);
  memset (block, 'x', sizeof block);
  setvbuf (f, NULL, _IONBF, 0);
  while (fwrite (block, 1, sizeof block, f) == sizeof block)
    ;
  while (fwrite (block, 1, 1, f) == 1)
    ;
  fclose (f);
}

static void
check_fault (const Output *out, Fault fault, const char *dir)
{
  g_autofree char *path = g_build_filename (dir, out->output, NULL);
  g_autofree char *err = NULL;
  g_autofree char *content = NULL;
  guint entries;
  int status;

  entries = count_entries (dir);
  status = run (out, dir, fault == FAULT_DENIED && as_nobody, &err);
  g_strchomp (err);
  g_test_message ("%s, %s: exit %d: %s", out->what, fault_names[fault], status, err);
  /* Non-zero, the cause said, the path named. */
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, fault_causes[fault]));
  g_assert_nonnull (strstr (err, out->output));
  /* The file there before, as it was; nothing left beside it. */
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, OLD_CONTENT);
  g_assert_cmpuint (count_entries (dir), ==, entries);
}

static void
put_old (const char *dir, const Output *out)
{
  g_autofree char *path = g_build_filename (dir, out->output, NULL);

  g_assert_true (g_file_set_contents (path, OLD_CONTENT, -1, NULL));
  g_chmod (path, 0644);
}

/* A folder the user may not write to: every output refused, the old
 * file kept. */
static void
test_denied (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dm-write-XXXXXX", NULL);

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    put_old (dir, &outputs[i]);
  /* Root may write anywhere: the tool then runs as nobody. */
  g_chmod (dir, as_nobody ? 0755 : 0555);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    check_fault (&outputs[i], FAULT_DENIED, dir);
  g_chmod (dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, outputs[i].output, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_full (void)
{
  if (mount_dir == NULL)
    {
      g_test_skip ("no tmpfs of our own (not root, or no mount namespace): a full disk is not checked");
      return;
    }
  if (mount ("tmpfs", mount_dir, "tmpfs", 0, "size=256k,mode=0755") != 0)
    {
      g_autofree char *why =
        g_strdup_printf ("cannot mount a tmpfs (%s): a full disk is not checked", g_strerror (errno));

      g_test_skip (why);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    put_old (mount_dir, &outputs[i]);
  fill (mount_dir);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    check_fault (&outputs[i], FAULT_FULL, mount_dir);
  g_assert_cmpint (umount (mount_dir), ==, 0);
}

static void
test_read_only (void)
{
  if (mount_dir == NULL)
    {
      g_test_skip ("no tmpfs of our own (not root, or no mount namespace): a read-only disk is not checked");
      return;
    }
  if (mount ("tmpfs", mount_dir, "tmpfs", 0, "size=1m,mode=0755") != 0)
    {
      g_autofree char *why =
        g_strdup_printf ("cannot mount a tmpfs (%s): a read-only disk is not checked", g_strerror (errno));

      g_test_skip (why);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    put_old (mount_dir, &outputs[i]);
  g_assert_cmpint (mount ("tmpfs", mount_dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m,mode=0755"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    check_fault (&outputs[i], FAULT_READ_ONLY, mount_dir);
  g_assert_cmpint (umount (mount_dir), ==, 0);
}

/* And when the disk is fine, every output is written and replaces the
 * old file, keeping its permissions. */
static void
test_written (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dm-write-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, outputs[i].output, NULL);
      g_autofree char *err = NULL;
      g_autofree char *content = NULL;
      GStatBuf st;

      put_old (dir, &outputs[i]);
      g_chmod (path, 0600);
      g_assert_cmpint (run (&outputs[i], dir, FALSE, &err), ==, 0);
      g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
      g_assert_cmpstr (content, !=, OLD_CONTENT);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_unlink (path);
    }
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_rmdir (dir);
}

/* A mount namespace where this process may mount a tmpfs. */
static gboolean
own_mounts (void)
{
  if (geteuid () == 0)
    {
      if (unshare (CLONE_NEWNS) != 0 || mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DEMARCATE_CLI") == NULL)
    {
      g_print ("1..0 # SKIP DEMARCATE_CLI is not set\n");
      return 0;
    }
  as_nobody = geteuid () == 0;
  if (own_mounts ())
    mount_dir = g_dir_make_tmp ("dm-write-mount-XXXXXX", NULL);
  else
    g_test_message ("cannot mount a tmpfs here (not root, or no mount namespace): full and read-only disks are "
                    "not checked");
  g_test_add_func ("/write/written", test_written);
  g_test_add_func ("/write/full-disk", test_full);
  g_test_add_func ("/write/read-only", test_read_only);
  g_test_add_func ("/write/not-writable", test_denied);
  status = g_test_run ();
  if (mount_dir != NULL)
    g_rmdir (mount_dir);
  return status;
}
