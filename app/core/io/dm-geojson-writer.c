/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-io"
#include "config.h"

#include "dm-geojson-writer.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "dm-export.h"
#include "dm-gdal.h"
#include "dm-units.h"
#include "dm-write.h"

/* GDAL's RFC 7946 writer cuts what comes this near the antimeridian. */
#define ANTIMERIDIAN_MARGIN_DEG 170.0

/* ---- Numbers -------------------------------------------------------------- */

/* GDAL's tidying of a "%.7f" text longer than ten characters: a last
 * digit after five zeros is dropped, and one after five nines rounds
 * the number up at the digit before the nines.  (Its other two rules
 * need eight decimals or more.)  Returns the new length. */
static int
tidy_last_digits (char *s, int len)
{
  gboolean negative = s[0] == '-';
  int start = negative ? 1 : 0, pos;

  if (len <= 10 || memchr (s, '.', len) == NULL)
    return len;
  if (s[len - 2] == '0' && s[len - 3] == '0' && s[len - 4] == '0' && s[len - 5] == '0' && s[len - 6] == '0')
    return len - 1;
  if (!(s[len - 2] == '9' && s[len - 3] == '9' && s[len - 4] == '9' && s[len - 5] == '9' && s[len - 6] == '9'))
    return len;
  /* Up by one at the last digit kept, carrying over the point. */
  len -= 6;
  for (pos = len - 1; pos >= start; pos--)
    {
      if (s[pos] == '.')
        continue;
      if (s[pos] != '9')
        {
          s[pos]++;
          return len;
        }
      s[pos] = '0';
    }
  /* Carried past the first digit: one more in front. */
  memmove (s + start + 1, s + start, len - start);
  s[start] = '1';
  return len + 1;
}

int
dm_geojson_format_coordinate (double v, char buf[DM_GEOJSON_NUMBER_BUF_SIZE])
{
  double a = fabs (v);
  int len = 0;

  if (isnan (v))
    return g_snprintf (buf, DM_GEOJSON_NUMBER_BUF_SIZE, "nan");
  if (isinf (v))
    return g_snprintf (buf, DM_GEOJSON_NUMBER_BUF_SIZE, v > 0 ? "inf" : "-inf");
  if (a > 1e50)
    /* (GDAL's own cut-off: "%.18g", as it is.) */
    return g_snprintf (buf, DM_GEOJSON_NUMBER_BUF_SIZE, "%.18g", v);
  if (a < 1e8)
    {
      /* "%.7f" (the product under 2^53, so units are exact): the exact binary value rounded to 7 decimals, ties to
       * even, with the sign of a negative value even when it rounds to
       * zero (as printf). */
      gint64 units = dm_round_scaled_exact (a, 1e7);
      gint64 whole = units / 10000000, frac = units % 10000000;
      char digits[24];
      int n = 0;

      if (signbit (v))
        buf[len++] = '-';
      do
        {
          digits[n++] = (char) ('0' + whole % 10);
          whole /= 10;
        }
      while (whole > 0);
      while (n > 0)
        buf[len++] = digits[--n];
      buf[len++] = '.';
      for (int i = 6; i >= 0; i--)
        {
          buf[len + i] = (char) ('0' + frac % 10);
          frac /= 10;
        }
      len += 7;
    }
  else
    len = (int) strlen (g_ascii_formatd (buf, DM_GEOJSON_NUMBER_BUF_SIZE, "%.7f", v));
  len = tidy_last_digits (buf, len);
  /* No trailing zeros, but one digit after the point. */
  while (buf[len - 1] == '0')
    len--;
  if (buf[len - 1] == '.')
    buf[len++] = '0';
  buf[len] = '\0';
  return len;
}

/* A real field as GDAL writes it: 17 significant digits, or down to 14
 * when the decimals show a run of six zeros or nines (4023.36, not
 * 4023.3600000000001), and ".0" on a whole number. */
static void
append_real_field (GString *b, double v)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *dot;

  g_ascii_formatd (number, sizeof number, "%.17g", v);
  dot = strchr (number, '.');
  if (dot != NULL && (strstr (dot, "999999") != NULL || strstr (dot, "000000") != NULL))
    {
      gboolean tidy = FALSE;

      for (int digits = 16; digits >= 14 && !tidy; digits--)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (number, sizeof number, format, v);
          dot = strchr (number, '.');
          tidy = dot != NULL && strstr (dot, "999999") == NULL && strstr (dot, "000000") == NULL;
        }
      if (!tidy)
        g_ascii_formatd (number, sizeof number, "%.17g", v);
    }
  g_string_append (b, number);
  if (strpbrk (number, ".e") == NULL)
    g_string_append (b, ".0");
}

/* ---- JSON text as json-c spaces it ----------------------------------------- */

/* A JSON string as json-c writes it: with "/" as "\\/" when
 * @escape_slash (as GDAL's header is written; not its features). */
static void
append_string (GString *b, const char *s, gboolean escape_slash)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (b, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (b, "\\\"");
          break;
        case '\\':
          g_string_append (b, "\\\\");
          break;
        case '\b':
          g_string_append (b, "\\b");
          break;
        case '\f':
          g_string_append (b, "\\f");
          break;
        case '\n':
          g_string_append (b, "\\n");
          break;
        case '\r':
          g_string_append (b, "\\r");
          break;
        case '\t':
          g_string_append (b, "\\t");
          break;
        case '/':
          g_string_append (b, escape_slash ? "\\/" : "/");
          break;
        default:
          if (*p < 0x20)
            {
              g_string_append (b, "\\u00");
              g_string_append_c (b, hex[*p >> 4]);
              g_string_append_c (b, hex[*p & 0xf]);
            }
          else
            g_string_append_c (b, (char) *p);
        }
    }
  g_string_append_c (b, '"');
}

/* JSON text as json-c writes what it has parsed: the structure spaced,
 * strings decoded and escaped again, numbers and literals as they stand
 * (json-c keeps a number's text: 4023.3600000000001 and 25.000 stay so).
 * The text was found valid by json-glib first. */
static void
skip_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static int
hex_value (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    v = v * 16 + g_ascii_xdigit_value (p[i]);
  return v;
}

/* A string token at *@p (its opening quote), decoded. */
static char *
read_string (const char **p)
{
  GString *out = g_string_new (NULL);
  const char *q = *p + 1;

  while (*q != '"' && *q != '\0')
    {
      if (*q != '\\')
        {
          g_string_append_c (out, *q++);
          continue;
        }
      q++;
      switch (*q)
        {
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'u':
          {
            gunichar c = (gunichar) hex_value (q + 1);

            q += 4;
            /* A pair of surrogates is one character. */
            if (c >= 0xd800 && c < 0xdc00 && q[1] == '\\' && q[2] == 'u')
              {
                gunichar low = (gunichar) hex_value (q + 3);

                if (low >= 0xdc00 && low < 0xe000)
                  {
                    c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                    q += 6;
                  }
              }
            g_string_append_unichar (out, c);
          }
          break;
        default: /* " \ / */
          g_string_append_c (out, *q);
          break;
        }
      if (*q != '\0')
        q++;
    }
  *p = *q == '"' ? q + 1 : q;
  return g_string_free (out, FALSE);
}

static void respace_value (GString *b, const char **p, gboolean escape_slash);

/* The members of the object at *@p (past its "{"), each as
 * ", NAME: VALUE" (the first with a space only), or, with @one_per_line,
 * as "NAME: VALUE,\n" leaving out @skip's names; *@has_name tells
 * whether a "name" was written. */
static void
respace_members (GString *b,
                 const char **p,
                 gboolean escape_slash,
                 gboolean one_per_line,
                 const char *const *skip,
                 gboolean *has_name)
{
  gboolean first = TRUE;

  for (;;)
    {
      g_autofree char *name = NULL;
      gboolean skipped = FALSE;
      gsize mark;

      skip_space (p);
      if (**p != '"')
        break;
      name = read_string (p);
      skip_space (p);
      if (**p == ':')
        (*p)++;
      for (guint i = 0; skip != NULL && skip[i] != NULL; i++)
        skipped |= g_str_equal (name, skip[i]);
      mark = b->len;
      if (!one_per_line)
        g_string_append (b, first ? " " : ", ");
      append_string (b, name, escape_slash);
      g_string_append (b, ": ");
      respace_value (b, p, escape_slash);
      if (one_per_line)
        g_string_append (b, ",\n");
      if (skipped)
        g_string_truncate (b, mark);
      else
        first = FALSE;
      if (has_name != NULL && !skipped && g_str_equal (name, "name"))
        *has_name = TRUE;
      skip_space (p);
      if (**p != ',')
        break;
      (*p)++;
    }
  skip_space (p);
  if (**p == '}')
    (*p)++;
}

static void
respace_value (GString *b, const char **p, gboolean escape_slash)
{
  skip_space (p);
  if (**p == '{')
    {
      (*p)++;
      g_string_append_c (b, '{');
      respace_members (b, p, escape_slash, FALSE, NULL, NULL);
      g_string_append (b, " }");
    }
  else if (**p == '[')
    {
      gboolean first = TRUE;

      (*p)++;
      g_string_append_c (b, '[');
      for (;;)
        {
          skip_space (p);
          if (**p == ']' || **p == '\0')
            break;
          g_string_append (b, first ? " " : ", ");
          first = FALSE;
          respace_value (b, p, escape_slash);
          skip_space (p);
          if (**p == ',')
            (*p)++;
        }
      if (**p == ']')
        (*p)++;
      g_string_append (b, " ]");
    }
  else if (**p == '"')
    {
      g_autofree char *text = read_string (p);

      append_string (b, text, escape_slash);
    }
  else
    {
      /* A literal or a real as it stands; a whole number as json-c
       * prints the integer it read (-0 is 0). */
      const char *start = *p;
      g_autofree char *token = NULL;
      char *end;
      gint64 whole;

      while (**p != '\0' && strchr (" \t\n\r,]}:", **p) == NULL)
        (*p)++;
      token = g_strndup (start, *p - start);
      errno = 0;
      whole = g_ascii_strtoll (token, &end, 10);
      if (strpbrk (token, ".eE") == NULL && end != token && *end == '\0' && errno == 0)
        g_string_append_printf (b, "%" G_GINT64_FORMAT, whole);
      else
        g_string_append (b, token);
    }
}

/* Whether @text is JSON json-c would take for a value (json-glib's
 * judgement; a bare null json-c takes for no value at all). */
static gboolean
is_json_value (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  return json_parser_load_from_data (parser, text, -1, NULL) && (root = json_parser_get_root (parser)) != NULL &&
         !JSON_NODE_HOLDS_NULL (root);
}

/* @text as the JSON it holds; FALSE when it holds none. */
static gboolean
append_json_text (GString *b, const char *text)
{
  if (!is_json_value (text))
    return FALSE;
  respace_value (b, &text, FALSE);
  return TRUE;
}

/* ---- Geometry ------------------------------------------------------------- */

typedef struct {
  double *x, *y;
  int size;
} Points;

/* The points of a curve, into @pts (grown as needed); their number. */
static int
points_load (Points *pts, OGRGeometryH g)
{
  int n = OGR_G_GetPointCount (g);

  if (n > pts->size)
    {
      pts->size = MAX (n, 2 * pts->size);
      pts->x = g_renew (double, pts->x, pts->size);
      pts->y = g_renew (double, pts->y, pts->size);
    }
  if (n > 0)
    OGR_G_GetPoints (g, pts->x, sizeof (double), pts->y, sizeof (double), NULL, 0);
  return n;
}

/* Whether a closed ring runs clockwise, decided as GDAL decides it (so
 * that the same rings are turned): by the turn at its lowest, then
 * rightmost vertex, or by its signed area when that vertex is repeated
 * or has a neighbour within 1e-5 of it. */
static gboolean
ring_is_clockwise (const double *x, const double *y, int n)
{
  const double eps = 1e-5;
  gboolean fallback = FALSE;
  int v = 0, prev, next;
  double dx0, dy0, dx1, dy1, cross, sum;

  if (n < 2)
    return TRUE;
  for (int i = 1; i < n - 1; i++)
    {
      if (y[i] < y[v] || (y[i] == y[v] && x[i] > x[v]))
        {
          v = i;
          fallback = FALSE;
        }
      else if (y[i] == y[v] && x[i] == x[v])
        fallback = TRUE;
    }
  prev = v - 1 < 0 ? n - 2 : v - 1;
  if (fabs (x[prev] - x[v]) < eps && fabs (y[prev] - y[v]) < eps)
    fallback = TRUE;
  dx0 = x[prev] - x[v];
  dy0 = y[prev] - y[v];
  next = v + 1 >= n - 1 ? 0 : v + 1;
  if (fabs (x[next] - x[v]) < eps && fabs (y[next] - y[v]) < eps)
    fallback = TRUE;
  dx1 = x[next] - x[v];
  dy1 = y[next] - y[v];
  cross = dx1 * dy0 - dx0 * dy1;
  if (!fallback && cross != 0)
    return cross < 0;
  /* Green's formula, in GDAL's order of terms. */
  sum = x[0] * (y[1] - y[n - 1]);
  for (int i = 1; i < n - 1; i++)
    sum += x[i] * (y[i + 1] - y[i - 1]);
  sum += x[n - 1] * (y[0] - y[n - 2]);
  return sum < 0;
}

static void
append_position (GString *b, double x, double y)
{
  char number[DM_GEOJSON_NUMBER_BUF_SIZE];
  int len;

  g_string_append (b, "[ ");
  len = dm_geojson_format_coordinate (x, number);
  g_string_append_len (b, number, len);
  g_string_append (b, ", ");
  len = dm_geojson_format_coordinate (y, number);
  g_string_append_len (b, number, len);
  g_string_append (b, " ]");
}

/* @n positions, backwards when @reverse. */
static void
append_positions (DmWriteStream *o, const Points *pts, int n, gboolean reverse)
{
  g_string_append_c (o->buf, '[');
  for (int i = 0; i < n; i++)
    {
      int k = reverse ? n - 1 - i : i;

      g_string_append (o->buf, i == 0 ? " " : ", ");
      append_position (o->buf, pts->x[k], pts->y[k]);
      if ((i & 1023) == 1023)
        dm_write_stream_maybe_flush (o);
    }
  g_string_append (o->buf, " ]");
}

static void
append_polygon (DmWriteStream *o, Points *pts, OGRGeometryH polygon)
{
  int n_rings = OGR_G_GetGeometryCount (polygon);

  g_string_append_c (o->buf, '[');
  for (int r = 0; r < n_rings; r++)
    {
      int n = points_load (pts, OGR_G_GetGeometryRef (polygon, r));
      gboolean clockwise = ring_is_clockwise (pts->x, pts->y, n);

      g_string_append (o->buf, r == 0 ? " " : ", ");
      /* Exterior anticlockwise, holes clockwise (RFC 7946 §3.1.6). */
      append_positions (o, pts, n, r == 0 ? clockwise : !clockwise);
    }
  g_string_append (o->buf, " ]");
}

static const char *
geometry_type_name (OGRwkbGeometryType type)
{
  switch (type)
    {
    case wkbPoint:
      return "Point";
    case wkbLineString:
      return "LineString";
    case wkbPolygon:
      return "Polygon";
    case wkbMultiLineString:
      return "MultiLineString";
    case wkbMultiPolygon:
      return "MultiPolygon";
    default:
      g_assert_not_reached ();
    }
}

static void
append_geometry (DmWriteStream *o, Points *pts, OGRGeometryH g)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (g));
  int n_parts;

  /* One part as that part (GDAL's cutting at the antimeridian gathers
   * the pieces, and keeps one piece as it is). */
  if ((type == wkbMultiPolygon || type == wkbMultiLineString) && OGR_G_GetGeometryCount (g) == 1)
    {
      append_geometry (o, pts, OGR_G_GetGeometryRef (g, 0));
      return;
    }
  g_string_append (o->buf, "{ \"type\": \"");
  g_string_append (o->buf, geometry_type_name (type));
  g_string_append (o->buf, "\", \"coordinates\": ");
  switch (type)
    {
    case wkbPoint:
      append_position (o->buf, OGR_G_GetX (g, 0), OGR_G_GetY (g, 0));
      break;
    case wkbLineString:
      append_positions (o, pts, points_load (pts, g), FALSE);
      break;
    case wkbPolygon:
      append_polygon (o, pts, g);
      break;
    case wkbMultiLineString:
    case wkbMultiPolygon:
      n_parts = OGR_G_GetGeometryCount (g);
      g_string_append_c (o->buf, '[');
      for (int p = 0; p < n_parts; p++)
        {
          OGRGeometryH part = OGR_G_GetGeometryRef (g, p);

          g_string_append (o->buf, p == 0 ? " " : ", ");
          if (type == wkbMultiPolygon)
            append_polygon (o, pts, part);
          else
            append_positions (o, pts, points_load (pts, part), FALSE);
        }
      g_string_append (o->buf, " ]");
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_append (o->buf, " }");
}

typedef enum {
  GEOMETRY_AS_IS,      /* GDAL writes it as it is */
  GEOMETRY_DATELINE,   /* GDAL cuts it at the antimeridian first (or may) */
  GEOMETRY_GDAL_ALONE, /* left to GDAL's driver: see dm_geojson_write() */
} GeometryCase;

static GeometryCase
geometry_case (OGRGeometryH g, Points *pts)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (g));
  GeometryCase worst = GEOMETRY_AS_IS;

  if (OGR_G_Is3D (g) || OGR_G_IsMeasured (g) || OGR_G_IsEmpty (g))
    return GEOMETRY_GDAL_ALONE;
  switch (type)
    {
    case wkbPoint:
    case wkbLineString:
    case wkbLinearRing:
      {
        int n = points_load (pts, g);

        for (int i = 0; i < n; i++)
          {
            if (!isfinite (pts->x[i]) || !isfinite (pts->y[i]) || fabs (pts->y[i]) > 90.0)
              return GEOMETRY_GDAL_ALONE;
            if (fabs (pts->x[i]) >= ANTIMERIDIAN_MARGIN_DEG ||
                (i > 0 && fabs (pts->x[i] - pts->x[i - 1]) >= ANTIMERIDIAN_MARGIN_DEG))
              worst = GEOMETRY_DATELINE;
          }
        return worst;
      }
    case wkbPolygon:
    case wkbMultiLineString:
    case wkbMultiPolygon:
      for (int p = 0; p < OGR_G_GetGeometryCount (g); p++)
        worst = MAX (worst, geometry_case (OGR_G_GetGeometryRef (g, p), pts));
      return worst;
    default:
      return GEOMETRY_GDAL_ALONE;
    }
}

/* ---- Features ------------------------------------------------------------- */

static void
append_properties (GString *b, OGRFeatureDefnH defn, OGRFeatureH f)
{
  int n_fields = OGR_FD_GetFieldCount (defn);
  gboolean first = TRUE;

  g_string_append_c (b, '{');
  for (int i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH field = OGR_FD_GetFieldDefn (defn, i);
      OGRFieldType type = OGR_Fld_GetType (field);
      double v;

      if (!OGR_F_IsFieldSet (f, i))
        continue;
      /* GDAL leaves out a real that is not finite. */
      if (type == OFTReal && !OGR_F_IsFieldNull (f, i) && !isfinite (v = OGR_F_GetFieldAsDouble (f, i)))
        continue;
      g_string_append (b, first ? " " : ", ");
      first = FALSE;
      append_string (b, OGR_Fld_GetNameRef (field), FALSE);
      g_string_append (b, ": ");
      if (OGR_F_IsFieldNull (f, i))
        {
          g_string_append (b, "null");
          continue;
        }
      switch (type)
        {
        case OFTInteger:
          if (OGR_Fld_GetSubType (field) == OFSTBoolean)
            g_string_append (b, OGR_F_GetFieldAsInteger (f, i) != 0 ? "true" : "false");
          else
            g_string_append_printf (b, "%d", OGR_F_GetFieldAsInteger (f, i));
          break;
        case OFTInteger64:
          g_string_append_printf (b, "%" G_GINT64_FORMAT, (gint64) OGR_F_GetFieldAsInteger64 (f, i));
          break;
        case OFTReal:
          append_real_field (b, OGR_F_GetFieldAsDouble (f, i));
          break;
        default:
          {
            const char *text = OGR_F_GetFieldAsString (f, i);

            if (OGR_Fld_GetSubType (field) != OFSTJSON || !append_json_text (b, text))
              append_string (b, text, FALSE);
          }
          break;
        }
    }
  g_string_append (b, " }");
}

/* Whether every field and geometry of @layer can be written here
 * (@dateline: GDAL's cutting at the antimeridian). */
static gboolean
layer_as_is (OGRLayerH layer, OGRGeomTransformerH dateline)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  Points pts = { 0 };
  gboolean ok = TRUE;
  OGRFeatureH f;

  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      OGRFieldDefnH field = OGR_FD_GetFieldDefn (defn, i);

      switch (OGR_Fld_GetType (field))
        {
        case OFTInteger:
        case OFTInteger64:
        case OFTString:
          break;
        case OFTReal:
          ok &= OGR_Fld_GetSubType (field) != OFSTFloat32;
          break;
        default:
          ok = FALSE;
        }
    }
  OGR_L_ResetReading (layer);
  while (ok && (f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH g = OGR_F_GetGeometryRef (f);

      switch (g != NULL ? geometry_case (g, &pts) : GEOMETRY_AS_IS)
        {
        case GEOMETRY_AS_IS:
          break;
        case GEOMETRY_DATELINE:
          {
            /* Cut, it must lie within ±180°, or GDAL refuses it. */
            OGRGeometryH cut = dateline != NULL ? OGR_GeomTransformer_Transform (dateline, g) : NULL;
            OGREnvelope env = { 0 };

            if (cut != NULL)
              OGR_G_GetEnvelope (cut, &env);
            ok = cut != NULL && geometry_case (cut, &pts) != GEOMETRY_GDAL_ALONE && env.MinX >= -180.0 &&
                 env.MaxX <= 180.0;
            if (cut != NULL)
              OGR_G_DestroyGeometry (cut);
          }
          break;
        default:
          ok = FALSE;
        }
      OGR_F_Destroy (f);
    }
  g_free (pts.x);
  g_free (pts.y);
  return ok;
}

/* The layer by GDAL's own driver, for what it would change on the way. */
static gboolean
write_with_gdal (OGRLayerH layer,
                 const DmGeoJsonDocument *document,
                 const char *path,
                 const char *display,
                 GError **error)
{
  g_auto (DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  g_autofree char *desc_opt = NULL;
  g_autofree char *native_opt = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autofree char *message = NULL;
  char *lco[6] = { (char *) "RFC7946=YES", (char *) "COORDINATE_PRECISION=7", NULL };
  int n_lco = 2;
  OGRLayerH out;
  OGRFeatureH f;
  gboolean ok = TRUE;

  if (document->description != NULL)
    lco[n_lco++] = desc_opt = g_strdup_printf ("DESCRIPTION=%s", document->description);
  if (document->members != NULL)
    {
      lco[n_lco++] = native_opt = g_strdup_printf ("NATIVE_DATA=%s", document->members);
      lco[n_lco++] = (char *) "NATIVE_MEDIA_TYPE=application/vnd.geo+json";
    }
  CPLErrorReset ();
  ds = GDALCreate (GDALGetDriverByName ("GeoJSON"), path, 0, 0, 0, GDT_Unknown, NULL);
  if (ds == NULL || (out = dm_write_create_layer (ds, document->name, OGR_L_GetGeomType (layer), lco)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), display,
                   CPLGetLastErrorMsg ());
      return FALSE;
    }
  for (int i = 0; i < OGR_FD_GetFieldCount (defn) && ok; i++)
    ok = OGR_L_CreateField (out, OGR_FD_GetFieldDefn (defn, i), TRUE) == OGRERR_NONE;
  OGR_L_ResetReading (layer);
  while (ok && (f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRFeatureH copy = OGR_F_Create (OGR_L_GetLayerDefn (out));

      ok = OGR_F_SetFrom (copy, f, FALSE) == OGRERR_NONE && OGR_L_CreateFeature (out, copy) == OGRERR_NONE;
      OGR_F_Destroy (copy);
      OGR_F_Destroy (f);
    }
  /* GDAL's message before closing clears it ("Geometry extent outside of
   * [-180.0,180.0]x[-90.0,90.0] bounds"). */
  if (!ok)
    message = g_strdup (CPLGetLastErrorMsg ());
  CPLErrorReset ();
  dm_gdal_dataset_close (g_steal_pointer (&ds));
  if (ok && CPLGetLastErrorType () >= CE_Failure)
    {
      ok = FALSE;
      message = g_strdup (CPLGetLastErrorMsg ());
    }
  if (!ok)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing “%s” failed: %s"), display,
                 message != NULL && *message != '\0' ? message : g_strerror (ENOMEM));
  return ok;
}

gboolean
dm_geojson_write (OGRLayerH layer,
                  const DmGeoJsonDocument *document,
                  const char *path,
                  const char *display,
                  GError **error)
{
  OGRFeatureDefnH defn;
  DmWriteStream o;
  Points pts = { 0 };
  OGRFeatureH f;
  gboolean first = TRUE, has_name = FALSE, failed = FALSE;
  const char *const wrap_options[] = { "WRAPDATELINE=YES", NULL };
  OGRGeomTransformerH dateline;

  g_return_val_if_fail (layer != NULL, FALSE);
  g_return_val_if_fail (document != NULL && document->name != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dateline = OGR_GeomTransformer_Create (NULL, (CSLConstList) wrap_options);
  if (!layer_as_is (layer, dateline))
    {
      if (dateline != NULL)
        OGR_GeomTransformer_Destroy (dateline);
      return write_with_gdal (layer, document, path, display, error);
    }
  if (!dm_write_stream_open (&o, path, display, error))
    {
      if (dateline != NULL)
        OGR_GeomTransformer_Destroy (dateline);
      return FALSE;
    }
  defn = OGR_L_GetLayerDefn (layer);
  g_string_append (o.buf, "{\n\"type\": \"FeatureCollection\",\n");
  if (document->members != NULL && is_json_value (document->members))
    {
      /* Members GDAL leaves out: its own, and those RFC 7946 §7.1 keeps
       * for other objects.  A "name" among them is the collection's. */
      static const char *const reserved[] = { "type",       "features", "bbox",       "crs", "coordinates",
                                              "geometries", "geometry", "properties", NULL };
      const char *p = document->members;

      skip_space (&p);
      if (*p == '{')
        {
          p++;
          respace_members (o.buf, &p, TRUE, TRUE, reserved, &has_name);
        }
    }
  if (!has_name && document->name[0] != '\0' && g_ascii_strcasecmp (document->name, "OGRGeoJSON") != 0)
    {
      g_string_append (o.buf, "\"name\": ");
      append_string (o.buf, document->name, TRUE);
      g_string_append (o.buf, ",\n");
    }
  if (document->description != NULL)
    {
      g_string_append (o.buf, "\"description\": ");
      append_string (o.buf, document->description, TRUE);
      g_string_append (o.buf, ",\n");
    }
  g_string_append (o.buf, "\"features\": [\n");
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH g = OGR_F_GetGeometryRef (f);

      if (!first)
        g_string_append (o.buf, ",\n");
      first = FALSE;
      g_string_append (o.buf, "{ \"type\": \"Feature\", \"properties\": ");
      append_properties (o.buf, defn, f);
      g_string_append (o.buf, ", \"geometry\": ");
      if (g == NULL)
        g_string_append (o.buf, "null");
      else if (geometry_case (g, &pts) == GEOMETRY_DATELINE)
        {
          /* Cut at the antimeridian as GDAL's driver cuts it
           * (WRAPDATELINE), then written the same way. */
          OGRGeometryH cut = dateline != NULL ? OGR_GeomTransformer_Transform (dateline, g) : NULL;

          if (cut == NULL || geometry_case (cut, &pts) == GEOMETRY_GDAL_ALONE)
            {
              failed = TRUE;
              if (cut != NULL)
                OGR_G_DestroyGeometry (cut);
              OGR_F_Destroy (f);
              break;
            }
          append_geometry (&o, &pts, cut);
          OGR_G_DestroyGeometry (cut);
        }
      else
        append_geometry (&o, &pts, g);
      g_string_append (o.buf, " }");
      OGR_F_Destroy (f);
      dm_write_stream_maybe_flush (&o);
    }
  g_string_append (o.buf, "\n]\n}\n");
  g_free (pts.x);
  g_free (pts.y);
  if (dateline != NULL)
    OGR_GeomTransformer_Destroy (dateline);
  if (!dm_write_stream_close (&o, display, error))
    return FALSE;
  if (failed)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_GEOMETRY,
                   _ ("Writing “%s” failed: a geometry could not be cut at the antimeridian"), display);
      return FALSE;
    }
  return TRUE;
}
