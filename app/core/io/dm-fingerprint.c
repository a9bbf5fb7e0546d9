/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-fingerprint"

#include "config.h"

#include <math.h>
#include <string.h>
#include <openssl/evp.h>

#include "dm-fingerprint.h"
#include "dm-units.h"

#define FORMAT_VERSION 2

/*
 * @v to 7 decimals exactly as printf's "%.7f" writes it (the exact binary
 * value rounded to nearest, ties to even), "-0.0000000" written
 * "0.0000000", and the double that text reads back as; about 20 times
 * faster than formatting and parsing, which a dense line's fingerprint on
 * every edit needs.  Values beyond ±9e8 (never coordinates) go the slow
 * way.
 */
void
dm_fingerprint_round_coord (double v, char buf[G_ASCII_DTOSTR_BUF_SIZE], double *rounded)
{
  double a = fabs (v);
  gint64 units;
  char digits[24];
  int n = 0, len = 0;

  if (!(a < 9e8))
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.7f", v);
      if (strcmp (buf, "-0.0000000") == 0)
        strcpy (buf, "0.0000000");
      *rounded = g_ascii_strtod (buf, NULL);
      return;
    }
  units = dm_round_scaled_exact (a, 1e7);
  if (units == 0)
    v = 0.0;
  *rounded = (v < 0 ? -1.0 : 1.0) * ((double) units / 1e7);
  if (v < 0)
    buf[len++] = '-';
  /* The units' digits, at least eight (one before the point). */
  do
    {
      digits[n++] = (char) ('0' + units % 10);
      units /= 10;
    }
  while (units > 0 || n < 8);
  while (n > 7)
    buf[len++] = digits[--n];
  buf[len++] = '.';
  while (n > 0)
    buf[len++] = digits[--n];
  buf[len] = '\0';
}

/* SHA-256 by OpenSSL (its SHA instructions: 2 GB/s, GLib's 0.2). */
typedef EVP_MD_CTX Sha256;

static Sha256 *
sha256_new (void)
{
  Sha256 *sha = EVP_MD_CTX_new ();

  if (sha == NULL || EVP_DigestInit_ex (sha, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return sha;
}

static void
sha256_update (Sha256 *sha, const char *data, gsize len)
{
  if (len > 0 && EVP_DigestUpdate (sha, data, len) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
}

static Sha256 *
sha256_copy (const Sha256 *sha)
{
  Sha256 *copy = EVP_MD_CTX_new ();

  if (copy == NULL || EVP_MD_CTX_copy_ex (copy, sha) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return copy;
}

/* The digest in lower-case hex; @sha is freed. */
static char *
sha256_finish (Sha256 *sha)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  char *hex;

  if (EVP_DigestFinal_ex (sha, digest, &len) != 1 || len != 32)
    g_error ("OpenSSL cannot compute SHA-256");
  EVP_MD_CTX_free (sha);
  hex = g_new (char, 2 * len + 1);
  for (unsigned int i = 0; i < len; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
  hex[2 * len] = '\0';
  return hex;
}

static char *
sha256_hex (const char *text)
{
  Sha256 *sha = sha256_new ();

  sha256_update (sha, text, strlen (text));
  return sha256_finish (sha);
}

typedef struct {
  double lon, lat;
  char text[2 * G_ASCII_DTOSTR_BUF_SIZE + 2];
} Vertex;

static GArray *
round_ring (const double *xy, guint n)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Vertex), n);

  for (guint i = 0; i < n; i++)
    {
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
      Vertex v;

      size_t la, lb;

      dm_fingerprint_round_coord (xy[2 * i], a, &v.lon);
      dm_fingerprint_round_coord (xy[2 * i + 1], b, &v.lat);
      la = strlen (a);
      lb = strlen (b);
      memcpy (v.text, a, la);
      v.text[la] = ' ';
      memcpy (v.text + la + 1, b, lb + 1);
      g_array_append_val (out, v);
    }
  return out;
}

/* Twice the signed area (shoelace): positive for counter-clockwise. */
static double
signed_area2 (GArray *ring)
{
  double sum = 0;

  for (guint i = 0; i < ring->len; i++)
    {
      const Vertex *p = &g_array_index (ring, Vertex, i);
      const Vertex *q = &g_array_index (ring, Vertex, (i + 1) % ring->len);

      sum += p->lon * q->lat - q->lon * p->lat;
    }
  return sum;
}

static int
vertex_cmp (const Vertex *a, const Vertex *b)
{
  if (a->lon != b->lon)
    return a->lon < b->lon ? -1 : 1;
  if (a->lat != b->lat)
    return a->lat < b->lat ? -1 : 1;
  return 0;
}

static char *
ring_text (const double *xy, guint n, gboolean ccw)
{
  g_autoptr (GArray) ring = round_ring (xy, n);
  g_autoptr (GString) s = g_string_new ("ring\n");
  guint start = 0;

  if (ring->len > 2 && (signed_area2 (ring) > 0) != ccw)
    for (guint i = 0, j = ring->len - 1; i < j; i++, j--)
      {
        Vertex t = g_array_index (ring, Vertex, i);

        g_array_index (ring, Vertex, i) = g_array_index (ring, Vertex, j);
        g_array_index (ring, Vertex, j) = t;
      }
  for (guint i = 1; i < ring->len; i++)
    if (vertex_cmp (&g_array_index (ring, Vertex, i), &g_array_index (ring, Vertex, start)) < 0)
      start = i;
  for (guint k = 0; k < ring->len; k++)
    {
      g_string_append (s, g_array_index (ring, Vertex, (start + k) % ring->len).text);
      g_string_append_c (s, '\n');
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
str_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char
side_char (DmSide side)
{
  return side == DM_SIDE_A ? 'A' : side == DM_SIDE_B ? 'B' : '-';
}

/* A line's parts, one "part" and its vertices each, in order: written
 * straight into @s (a dense line's text is megabytes), and when @sum is
 * given, passed to it a block at a time. */
static void
append_parts (GString *s, const DmGeometry *g, Sha256 *sum)
{
  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
      {
        guint n;
        const double *xy = dm_geometry_get_ring (g, p, r, &n);

        g_string_append (s, "part\n");
        for (guint i = 0; i < n; i++)
          {
            char text[2 * G_ASCII_DTOSTR_BUF_SIZE + 2];
            double rounded;
            size_t la, lb;

            dm_fingerprint_round_coord (xy[2 * i], text, &rounded);
            la = strlen (text);
            text[la] = ' ';
            dm_fingerprint_round_coord (xy[2 * i + 1], text + la + 1, &rounded);
            lb = strlen (text + la + 1);
            text[la + 1 + lb] = '\n';
            g_string_append_len (s, text, (gssize) (la + lb + 2));
            if (sum != NULL && s->len >= 65536)
              {
                sha256_update (sum, s->str, s->len);
                g_string_truncate (s, 0);
              }
          }
      }
}

/* Polygons, each "polygon" and its rings, in the order that makes the
 * text the same for the same shape. */
static void
append_polygons (GString *s, const DmGeometry *g)
{
  g_autoptr (GPtrArray) polygons = g_ptr_array_new_with_free_func (g_free);

  if (!dm_geometry_is_polygonal (g))
    return;
  for (guint p = 0; p < dm_geometry_get_n_parts (g); p++)
    {
      g_autoptr (GPtrArray) holes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GString) poly = g_string_new ("polygon\n");
      g_autofree char *outer = NULL;

      for (guint r = 0; r < dm_geometry_get_n_rings (g, p); r++)
        {
          guint n;
          const double *xy = dm_geometry_get_ring (g, p, r, &n);

          if (r == 0)
            outer = ring_text (xy, n, TRUE);
          else
            g_ptr_array_add (holes, ring_text (xy, n, FALSE));
        }
      g_ptr_array_sort (holes, str_cmp);
      if (outer != NULL)
        g_string_append (poly, outer);
      for (guint h = 0; h < holes->len; h++)
        g_string_append (poly, g_ptr_array_index (holes, h));
      g_ptr_array_add (polygons, g_string_free (g_steal_pointer (&poly), FALSE));
    }
  g_ptr_array_sort (polygons, str_cmp);
  for (guint p = 0; p < polygons->len; p++)
    g_string_append (s, g_ptr_array_index (polygons, p));
}

static char *
line_record (const DmGeometry *g)
{
  g_autoptr (GString) s = g_string_new ("line\n");

  append_parts (s, g, NULL);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
swap_record (const DmGeometry *g, DmSide from, DmSide to)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_string_append_printf (s, "swap %c %c\n", side_char (from), side_char (to));
  append_polygons (s, g);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
rule_line (const DmZoneRule *rule)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *region = g_strescape (rule->region_name != NULL ? rule->region_name : "", NULL);
  g_autofree char *boundary = g_strescape (rule->boundary_name != NULL ? rule->boundary_name : "", NULL);
  g_autofree char *name =
    g_strescape (rule->name != NULL ? dm_document_default_name_in_english (rule->name) : "", NULL);

  g_ascii_formatd (a, sizeof a, "%.3f", rule->width_a_m);
  g_ascii_formatd (b, sizeof b, "%.3f", rule->width_b_m);
  g_ascii_formatd (d, sizeof d, "%.3f", rule->distance_m);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "zone %s %s a=%s b=%s d=%s side=%c region=\"%s\" boundary=\"%s\" name=\"%s\"\n",
                          dm_zone_rule_type_to_string (rule->type), dm_zone_kind_to_string (rule->kind), a, b, d,
                          side_char (rule->side), region, boundary, name);
  if (rule->region != NULL)
    {
      g_string_append (s, "region\n");
      append_polygons (s, rule->region);
    }
  if (rule->boundary != NULL)
    {
      g_string_append (s, "boundary\n");
      if (dm_geometry_is_polygonal (rule->boundary))
        append_polygons (s, rule->boundary);
      else
        append_parts (s, rule->boundary, NULL);
    }
  return g_string_free (s, FALSE);
}

/* The canonical form from its records and rule lines, both sorted here. */
/* The canonical form's first lines. */
static void
append_header (GString *s, const char *side_a, const char *side_b)
{
  g_autofree char *a = g_strescape (side_a != NULL ? dm_document_default_name_in_english (side_a) : "", NULL);
  g_autofree char *b = g_strescape (side_b != NULL ? dm_document_default_name_in_english (side_b) : "", NULL);

  g_string_append_printf (s, "demarcate-fingerprint %d\n", FORMAT_VERSION);
  g_string_append_printf (s, "sides A=\"%s\" B=\"%s\"\n", a, b);
}

static char *
canonical_form (const char *side_a, const char *side_b, GPtrArray *records, GPtrArray *rules)
{
  GString *s;

  g_ptr_array_sort (records, str_cmp);
  g_ptr_array_sort (rules, str_cmp);
  s = g_string_new (NULL);
  append_header (s, side_a, side_b);
  for (guint i = 0; i < records->len; i++)
    g_string_append (s, g_ptr_array_index (records, i));
  for (guint i = 0; i < rules->len; i++)
    g_string_append (s, g_ptr_array_index (rules, i));
  return g_string_free (s, FALSE);
}

char *
dm_fingerprint_canonical_form (DmDocument *document, guint proposal)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *features;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (proposal < dm_document_get_n_proposals (document), NULL);

  features = dm_document_get_proposal_features (document, proposal);
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);
      DmRole role = dm_feature_get_role (f);

      if (role == DM_ROLE_CONTACT_LINE)
        g_ptr_array_add (records, line_record (dm_feature_get_geometry (f)));
      else if (role == DM_ROLE_LAND_SWAP)
        g_ptr_array_add (records, swap_record (dm_feature_get_geometry (f), dm_feature_get_from_side (f),
                                               dm_feature_get_to_side (f)));
    }
  for (guint i = 0; i < dm_document_get_n_zone_rules (document); i++)
    g_ptr_array_add (rules, rule_line (dm_document_get_zone_rule (document, i)));
  return canonical_form (dm_document_get_side_name (document, DM_SIDE_A),
                         dm_document_get_side_name (document, DM_SIDE_B), records, rules);
}

/* The canonical form's records and rule lines after the line, sorted. */
static void
append_rest (GString *s, const DmFingerprintSwap *swaps, guint n_swaps, DmZoneRule *const *rules, guint n_rules)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_swaps; i++)
    g_ptr_array_add (records, swap_record (swaps[i].geometry, swaps[i].from, swaps[i].to));
  for (guint i = 0; i < n_rules; i++)
    g_ptr_array_add (lines, rule_line (rules[i]));
  g_ptr_array_sort (records, str_cmp);
  g_ptr_array_sort (lines, str_cmp);
  for (guint i = 0; i < records->len; i++)
    g_string_append (s, g_ptr_array_index (records, i));
  for (guint i = 0; i < lines->len; i++)
    g_string_append (s, g_ptr_array_index (lines, i));
}

char *
dm_fingerprint_compute_from (const char *const *side_names,
                             const DmGeometry *line,
                             const DmFingerprintSwap *swaps,
                             guint n_swaps,
                             DmZoneRule *const *rules,
                             guint n_rules)
{
  Sha256 *sum = sha256_new ();
  g_autoptr (GString) s = g_string_new (NULL);

  /* The canonical form, fed to the checksum as it is written rather than
   * made whole first (a dense line's is megabytes): the header, the
   * records in order ("line" sorts before every "swap"), the rules. */
  append_header (s, side_names != NULL ? side_names[0] : NULL, side_names != NULL ? side_names[1] : NULL);
  if (line != NULL)
    {
      g_string_append (s, "line\n");
      append_parts (s, line, sum);
    }
  append_rest (s, swaps, n_swaps, rules, n_rules);
  sha256_update (sum, s->str, s->len);
  return sha256_finish (sum);
}

/* ---- Kept from one edit to the next ---------------------------------------- */

/* The checksum's state is kept every CHECKPOINT_BYTES of the text. */
#define CHECKPOINT_BYTES (256 * 1024)

struct _DmFingerprintCache {
  /* The header, "line\n" and each vertex's text ("part\n" first when it
   * starts a part), as last computed. */
  GString *text;
  guint n;           /* vertices */
  double *xy;        /* theirs, as they were */
  guint8 *starts;    /* 1 where a part starts */
  gsize *offsets;    /* n + 1: where each vertex's text starts in text */
  gsize header_len;  /* the header and "line\n" */
  GPtrArray *states; /* Sha256: after text[0 .. k · CHECKPOINT_BYTES) */
  guint n_reused;    /* vertices whose text was kept, last time */
};

DmFingerprintCache *
dm_fingerprint_cache_new (void)
{
  DmFingerprintCache *cache = g_new0 (DmFingerprintCache, 1);

  cache->states = g_ptr_array_new_with_free_func ((GDestroyNotify) EVP_MD_CTX_free);
  return cache;
}

static void
cache_reset (DmFingerprintCache *cache)
{
  if (cache->text != NULL)
    g_string_free (cache->text, TRUE);
  cache->text = NULL;
  g_clear_pointer (&cache->xy, g_free);
  g_clear_pointer (&cache->starts, g_free);
  g_clear_pointer (&cache->offsets, g_free);
  cache->n = 0;
  g_ptr_array_set_size (cache->states, 0);
}

void
dm_fingerprint_cache_free (DmFingerprintCache *cache)
{
  if (cache == NULL)
    return;
  cache_reset (cache);
  g_ptr_array_unref (cache->states);
  g_free (cache);
}

guint
dm_fingerprint_cache_get_n_reused (const DmFingerprintCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);
  return cache->n_reused;
}

/* A vertex's text: "part\n" first when it starts a part. */
static void
append_vertex (GString *s, double lon, double lat, gboolean start)
{
  char text[2 * G_ASCII_DTOSTR_BUF_SIZE + 2];
  double rounded;
  size_t la, lb;

  if (start)
    g_string_append (s, "part\n");
  dm_fingerprint_round_coord (lon, text, &rounded);
  la = strlen (text);
  text[la] = ' ';
  dm_fingerprint_round_coord (lat, text + la + 1, &rounded);
  lb = strlen (text + la + 1);
  text[la + 1 + lb] = '\n';
  g_string_append_len (s, text, (gssize) (la + lb + 2));
}

/* The line's vertices and where parts start, or FALSE for a line the
 * cache does not keep (an empty part). */
static gboolean
line_vertices (const DmGeometry *line, guint8 **starts)
{
  guint n = dm_geometry_get_n_points (line), k = 0;

  *starts = g_new0 (guint8, MAX (n, 1));
  for (guint p = 0; p < dm_geometry_get_n_parts (line); p++)
    for (guint r = 0; r < dm_geometry_get_n_rings (line, p); r++)
      {
        guint m;

        dm_geometry_get_ring (line, p, r, &m);
        if (m == 0)
          {
            g_clear_pointer (starts, g_free);
            return FALSE;
          }
        (*starts)[k] = 1;
        k += m;
      }
  return k == n;
}

static inline gboolean
same_vertex (const double *a, const guint8 *sa, guint i, const double *b, const guint8 *sb, guint j)
{
  return memcmp (&a[2 * i], &b[2 * j], 2 * sizeof (double)) == 0 && sa[i] == sb[j];
}

char *
dm_fingerprint_compute_cached (DmFingerprintCache *cache,
                               const char *const *side_names,
                               const DmGeometry *line,
                               const DmFingerprintSwap *swaps,
                               guint n_swaps,
                               DmZoneRule *const *rules,
                               guint n_rules)
{
  g_autoptr (GString) header = g_string_new (NULL);
  g_autoptr (GString) rest = g_string_new (NULL);
  g_autofree guint8 *starts = NULL;
  const double *xy;
  guint n, a = 0, b = 0, valid;
  gsize from, changed;
  Sha256 *sum;

  g_return_val_if_fail (cache != NULL, NULL);

  if (line == NULL || !line_vertices (line, &starts))
    {
      cache_reset (cache);
      cache->n_reused = 0;
      return dm_fingerprint_compute_from (side_names, line, swaps, n_swaps, rules, n_rules);
    }
  xy = dm_geometry_get_coords (line);
  n = dm_geometry_get_n_points (line);
  append_header (header, side_names != NULL ? side_names[0] : NULL, side_names != NULL ? side_names[1] : NULL);
  g_string_append (header, "line\n");

  if (cache->text == NULL || cache->header_len != header->len ||
      memcmp (cache->text->str, header->str, header->len) != 0)
    {
      /* Everything anew. */
      cache_reset (cache);
      cache->text = g_string_sized_new (header->len + (gsize) n * 24);
      g_string_append_len (cache->text, header->str, (gssize) header->len);
      cache->header_len = header->len;
      cache->offsets = g_new (gsize, n + 1);
      for (guint i = 0; i < n; i++)
        {
          cache->offsets[i] = cache->text->len;
          append_vertex (cache->text, xy[2 * i], xy[2 * i + 1], starts[i]);
        }
      cache->offsets[n] = cache->text->len;
      changed = header->len;
      cache->n_reused = 0;
    }
  else
    {
      /* The vertices alike at both ends are kept; the text of those
       * between is made anew and put in place of the old. */
      g_autoptr (GString) middle = g_string_new (NULL);
      gsize old_from, old_to;
      gssize delta;
      gsize *offsets;

      while (a < MIN (n, cache->n) && same_vertex (xy, starts, a, cache->xy, cache->starts, a))
        a++;
      while (b < MIN (n, cache->n) - a &&
             same_vertex (xy, starts, n - 1 - b, cache->xy, cache->starts, cache->n - 1 - b))
        b++;
      old_from = cache->offsets[a];
      old_to = cache->offsets[cache->n - b];
      offsets = g_new (gsize, n + 1);
      memcpy (offsets, cache->offsets, (a + 1) * sizeof (gsize));
      for (guint i = a; i < n - b; i++)
        {
          offsets[i] = old_from + middle->len;
          append_vertex (middle, xy[2 * i], xy[2 * i + 1], starts[i]);
        }
      delta = (gssize) middle->len - (gssize) (old_to - old_from);
      for (guint i = n - b; i <= n; i++)
        offsets[i] = (gsize) ((gssize) cache->offsets[cache->n - (n - i)] + delta);
      g_string_erase (cache->text, (gssize) old_from, (gssize) (old_to - old_from));
      g_string_insert_len (cache->text, (gssize) old_from, middle->str, (gssize) middle->len);
      g_free (cache->offsets);
      cache->offsets = offsets;
      changed = old_from;
      cache->n_reused = a + b;
    }
  g_free (cache->xy);
  cache->xy = g_memdup2 (xy, 2 * sizeof (double) * MAX (n, 1));
  g_free (cache->starts);
  cache->starts = g_steal_pointer (&starts);
  cache->n = n;

  /* The checksum from the last state kept before the first changed
   * byte; the states after it are made anew on the way. */
  valid = (guint) MIN ((gsize) cache->states->len, changed / CHECKPOINT_BYTES + 1);
  g_ptr_array_set_size (cache->states, valid);
  if (valid == 0)
    {
      sum = sha256_new ();
      g_ptr_array_add (cache->states, sha256_copy (sum));
      valid = 1;
    }
  else
    sum = sha256_copy (g_ptr_array_index (cache->states, valid - 1));
  from = (gsize) (valid - 1) * CHECKPOINT_BYTES;
  while (from + CHECKPOINT_BYTES <= cache->text->len)
    {
      sha256_update (sum, cache->text->str + from, CHECKPOINT_BYTES);
      from += CHECKPOINT_BYTES;
      g_ptr_array_add (cache->states, sha256_copy (sum));
    }
  sha256_update (sum, cache->text->str + from, cache->text->len - from);
  append_rest (rest, swaps, n_swaps, rules, n_rules);
  sha256_update (sum, rest->str, rest->len);
  return sha256_finish (sum);
}

char *
dm_fingerprint_compute (DmDocument *document, guint proposal)
{
  g_autofree char *canonical = dm_fingerprint_canonical_form (document, proposal);

  g_return_val_if_fail (canonical != NULL, NULL);
  return sha256_hex (canonical);
}

char *
dm_fingerprint_line (const DmGeometry *line)
{
  g_autofree char *record = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  record = line_record (line);
  text = g_strconcat ("demarcate-line-fingerprint 1\n", record, NULL);
  return sha256_hex (text);
}

char *
dm_fingerprint_short (const char *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL && strlen (fingerprint) >= 12, NULL);

  return g_strdup_printf ("%.4s-%.4s-%.4s", fingerprint, fingerprint + 4, fingerprint + 8);
}
