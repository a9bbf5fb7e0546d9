/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fuzz target over what reads files people send: GDAL's import of every
 * format it reads here (GeoJSON, KML, KMZ, GeoPackage, zipped shapefile,
 * FlatGeobuf, CSV with WKT, GPX), the scenario loader that derives a line
 * from a polygon, and the project reader.  An input is its format's
 * extension (the first byte picks it) and the file's bytes.
 *
 * LLVMFuzzerTestOneInput() is for libFuzzer (meson -Dlibfuzzer=true with
 * clang).  Without it, main() is a small mutational fuzzer of its own,
 * which CI runs for a fixed number of runs under the sanitizers:
 *
 *   fuzz-import [--runs N] [--seed S] CORPUS_DIR
 *
 * runs every seed file as it is, then N inputs made from them by flipping,
 * setting, dropping, repeating and splicing bytes.  Before each input runs
 * it is written to fuzz-last-input.EXT in the working folder: after a
 * crash, that file reproduces it (fuzz-import --replay FILE).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dm-derive.h"
#include "dm-document.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-project.h"
#include "dm-scenario.h"

static const char *const extensions[] = { "geojson", "kml", "kmz", "gpkg", "zip", "fgb", "csv", "gpx" };

static char *scratch_dir;

/* Reads @path every way a user's file is read; whatever it holds, the
 * answer is a document or an error, never a crash. */
static void
read_all_ways (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DmSourceInfo) info = dm_import_probe (path, &error);
  g_auto (GStrv) problems = NULL;

  g_clear_error (&error);
  {
    g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
    g_autoptr (DmGeometry) held = layer != NULL ? dm_import_layer_union_polygons (layer) : NULL;

    /* As an export would write each feature: split at ±180. */
    for (guint i = 0; layer != NULL && i < layer->features->len; i++)
      {
        g_autoptr (DmGeometry) split =
          dm_geometry_split_antimeridian (((DmImportFeature *) g_ptr_array_index (layer->features, i))->geometry);
      }
    g_clear_error (&error);
  }
  {
    g_autoptr (DmDocument) doc = dm_scenario_load_full (path, NULL, NULL, NULL, &problems, NULL, &error);

    g_clear_error (&error);
    g_clear_pointer (&problems, g_strfreev);
  }
  {
    g_autoptr (DmDocument) project = dm_project_load (path, NULL, &problems, NULL, &error);

    g_clear_error (&error);
  }
}

static void
run_one (const uint8_t *data, size_t size, const char *ext, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("cannot write %s: %s", path, error->message);
  read_all_ways (path);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *ext;
  g_autofree char *path = NULL;

  if (size < 1)
    return 0;
  if (scratch_dir == NULL)
    scratch_dir = g_dir_make_tmp ("dm-fuzz-XXXXXX", NULL);
  ext = extensions[data[0] % G_N_ELEMENTS (extensions)];
  path = g_strdup_printf ("%s/input.%s", scratch_dir, ext);
  run_one (data + 1, size - 1, ext, path);
  g_unlink (path);
  return 0;
}

#ifndef DM_LIBFUZZER

typedef struct {
  char *ext;
  GBytes *bytes;
} Seed;

static void
seed_free (gpointer data)
{
  Seed *seed = data;

  g_free (seed->ext);
  g_bytes_unref (seed->bytes);
  g_free (seed);
}

/* One input made from @seeds: a copy of one, changed a few times. */
static GByteArray *
mutate (GRand *rand, GPtrArray *seeds, guint *which)
{
  Seed *seed;
  GByteArray *out = g_byte_array_new ();
  gsize size;
  const guint8 *data;
  guint n_changes = g_rand_int_range (rand, 1, 9);

  *which = g_rand_int_range (rand, 0, (gint32) seeds->len);
  seed = g_ptr_array_index (seeds, *which);
  data = g_bytes_get_data (seed->bytes, &size);
  g_byte_array_append (out, data, size);
  for (guint c = 0; c < n_changes; c++)
    {
      guint len = out->len;
      guint at = len > 0 ? g_rand_int_range (rand, 0, (gint32) len) : 0;
      guint span = g_rand_int_range (rand, 1, 257); /* drawn once: MIN() evaluates twice */

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0: /* a bit flipped */
          if (len > 0)
            out->data[at] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
          break;
        case 1: /* a byte set to one that matters to parsers */
          if (len > 0)
            {
              static const guint8 special[] = { 0, 0xff, '"', '<', '>', '{', '}', '[', ']', ',', '-', '9', 0x80 };

              out->data[at] = special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
            }
          break;
        case 2: /* cut short */
          g_byte_array_set_size (out, at);
          break;
        case 3: /* a stretch dropped */
          if (len > 0)
            g_byte_array_remove_range (out, at, MIN (span % 64 + 1, len - at));
          break;
        case 4: /* a stretch repeated */
          if (len > 0)
            {
              guint n = MIN (span, len - at);
              g_autofree guint8 *copy = g_memdup2 (out->data + at, n);

              g_byte_array_append (out, copy, n);
            }
          break;
        case 5: /* a number made huge or negative */
          for (guint i = at; i < len; i++)
            if (out->data[i] >= '0' && out->data[i] <= '9')
              {
                static const char *const numbers[] = { "1e308", "-1e308", "nan", "-0", "99999999999", "-180.000001" };
                const char *num = numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))];

                g_byte_array_remove_index (out, i);
                {
                  g_autoptr (GByteArray) tail = g_byte_array_new ();

                  g_byte_array_append (tail, out->data + i, out->len - i);
                  g_byte_array_set_size (out, i);
                  g_byte_array_append (out, (const guint8 *) num, strlen (num));
                  g_byte_array_append (out, tail->data, tail->len);
                }
                break;
              }
          break;
        default: /* spliced with another seed */
          {
            Seed *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, (gint32) seeds->len));
            gsize other_size;
            const guint8 *other_data = g_bytes_get_data (other->bytes, &other_size);

            if (other_size > 0)
              {
                guint from = g_rand_int_range (rand, 0, (gint32) other_size);

                g_byte_array_set_size (out, at);
                g_byte_array_append (out, other_data + from, MIN (other_size - from, 4096));
              }
          }
          break;
        }
    }
  return out;
}

int
main (int argc, char **argv)
{
  gint64 runs = 1000, seed_value = 20261206;
  g_autofree char *replay = NULL;
  g_autofree char *corpus = NULL;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Mutated inputs to run (default 1000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed_value, "Seed of the mutations", "S" },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &replay, "Run one input file and stop", "FILE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("CORPUS_DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) seeds = g_ptr_array_new_with_free_func (seed_free);
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GHashTable) per_ext = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name;
  gint64 start = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (replay != NULL)
    {
      read_all_ways (replay);
      g_print ("%s: read without a crash\n", replay);
      return 0;
    }
  if (argc != 2)
    {
      g_printerr ("Usage: fuzz-import [--runs N] [--seed S] CORPUS_DIR\n");
      return 2;
    }
  corpus = g_strdup (argv[1]);
  dir = g_dir_open (corpus, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *dot = strrchr (name, '.');
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      g_autofree char *contents = NULL;
      gsize size;
      Seed *seed;

      if (dot == NULL || !g_file_get_contents (path, &contents, &size, NULL))
        continue;
      seed = g_new0 (Seed, 1);
      seed->ext = g_strdup (dot + 1);
      seed->bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
      g_ptr_array_add (seeds, seed);
      g_hash_table_insert (per_ext, seed->ext,
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (per_ext, seed->ext)) + 1));
    }
  if (seeds->len == 0)
    {
      g_printerr ("no seed files in %s\n", corpus);
      return 2;
    }
  g_print ("# %u seeds in %u formats, %" G_GINT64_FORMAT " runs, seed %" G_GINT64_FORMAT "\n", seeds->len,
           g_hash_table_size (per_ext), runs, seed_value);

  /* Every seed as it is, then the mutations. */
  rand = g_rand_new_with_seed ((guint32) seed_value);
  for (gint64 r = -(gint64) seeds->len; r < runs; r++)
    {
      g_autoptr (GByteArray) input = NULL;
      g_autofree char *path = NULL;
      guint which;
      Seed *seed;

      if (r < 0)
        {
          gsize size;
          const guint8 *data;

          which = (guint) (r + seeds->len);
          data = g_bytes_get_data (((Seed *) g_ptr_array_index (seeds, which))->bytes, &size);
          input = g_byte_array_new ();
          g_byte_array_append (input, data, size);
        }
      else
        input = mutate (rand, seeds, &which);
      seed = g_ptr_array_index (seeds, which);
      path = g_strdup_printf ("fuzz-last-input.%s", seed->ext);
      run_one (input->data, input->len, seed->ext, path);
    }
  g_print ("# %u seeds and %" G_GINT64_FORMAT " mutated inputs read without a crash in %.1f s\n", seeds->len, runs,
           (g_get_monotonic_time () - start) / 1e6);
  g_print ("1..1\nok 1 /fuzz/import\n");
  return 0;
}

#endif
