/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-io"
#include "config.h"

#include "dm-kml-writer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>

#include "dm-export.h"
#include "dm-units.h"
#include "dm-write.h"

/* The KML as it is made (dm-write.h). */
typedef DmWriteStream Out;

/* Whether @text holds a character XML 1.0 forbids (controls other than
 * tab and line ends, U+FFFE, U+FFFF). */
static gboolean
has_forbidden_chars (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
        (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)))
      return TRUE;
  return FALSE;
}

/* @text without the characters XML forbids (each a space): a note
 * pasted with a stray control character still makes a file every reader
 * opens. */
static char *
xml_clean (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        g_string_append_c (out, ' ');
      else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
        {
          g_string_append_c (out, ' ');
          p += 2;
        }
      else
        g_string_append_c (out, (char) *p);
    }
  return g_string_free (out, FALSE);
}

static void
indent (Out *o, int n)
{
  for (int i = 0; i < n; i++)
    g_string_append_c (o->buf, ' ');
}

/* Element text as LIBKML writes it: as it is, or in CDATA when it holds
 * markup or straight quotes (a balloon's table, a note saying “<7> &
 * bridge”, the zone rules' JSON). */
static void
append_text (GString *b, const char *text)
{
  g_autofree char *clean = has_forbidden_chars (text) ? xml_clean (text) : NULL;

  if (clean != NULL)
    text = clean;
  if (strpbrk (text, "<>&\"'") == NULL)
    {
      g_string_append (b, text);
      return;
    }
  g_string_append (b, "<![CDATA[");
  for (const char *p = text;;)
    {
      const char *end = strstr (p, "]]>");

      if (end == NULL)
        {
          g_string_append (b, p);
          break;
        }
      /* "]]>" cannot stand in CDATA: split it across two sections. */
      g_string_append_len (b, p, end - p + 2);
      g_string_append (b, "]]><![CDATA[");
      p = end + 2;
    }
  g_string_append (b, "]]>");
}

static void
open_element (Out *o, int ind, const char *element)
{
  indent (o, ind);
  g_string_append_printf (o->buf, "<%s>\n", element);
}

static void
close_element (Out *o, int ind, const char *element)
{
  indent (o, ind);
  g_string_append_printf (o->buf, "</%s>\n", element);
}

static void
append_element (Out *o, int ind, const char *element, const char *text)
{
  indent (o, ind);
  g_string_append_printf (o->buf, "<%s>", element);
  append_text (o->buf, text);
  g_string_append_printf (o->buf, "</%s>\n", element);
}

static void
append_attribute_value (GString *b, const char *value)
{
  g_autofree char *clean = has_forbidden_chars (value) ? xml_clean (value) : NULL;
  g_autofree char *escaped = g_markup_escape_text (clean != NULL ? clean : value, -1);

  g_string_append (b, escaped);
}

/* ---- Styles --------------------------------------------------------------- */

/* The parameter @key of an OGR style tool, e.g. "1.3px" for "w" of
 * "PEN(c:#141414FF,w:1.3px)"; NULL when the tool lacks it. */
static char *
tool_param (const char *style, const char *tool, const char *key)
{
  g_autofree char *open = g_strconcat (tool, "(", NULL);
  const char *start = strstr (style, open), *end;
  g_autofree char *params = NULL;
  g_auto (GStrv) items = NULL;

  if (start == NULL || (end = strchr (start, ')')) == NULL)
    return NULL;
  start += strlen (open);
  params = g_strndup (start, end - start);
  items = g_strsplit (params, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *colon = strchr (items[i], ':');

      if (colon != NULL && (gsize) (colon - items[i]) == strlen (key) && strncmp (items[i], key, strlen (key)) == 0)
        return g_strdup (colon + 1);
    }
  return NULL;
}

/* "#RRGGBB" or "#RRGGBBAA" as KML's "aabbggrr". */
static gboolean
kml_color (const char *ogr, char out[9])
{
  gsize n = ogr != NULL ? strlen (ogr) : 0;

  if (n != 7 && n != 9)
    return FALSE;
  if (ogr[0] != '#')
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if (!g_ascii_isxdigit (ogr[i]))
      return FALSE;
  out[0] = n == 9 ? g_ascii_tolower (ogr[7]) : 'f';
  out[1] = n == 9 ? g_ascii_tolower (ogr[8]) : 'f';
  for (int k = 0; k < 3; k++)
    {
      out[2 + 2 * k] = g_ascii_tolower (ogr[5 - 2 * k]);
      out[3 + 2 * k] = g_ascii_tolower (ogr[6 - 2 * k]);
    }
  out[8] = '\0';
  return TRUE;
}

static void
append_color (Out *o, int ind, const char *ogr_color)
{
  char color[9];

  if (kml_color (ogr_color, color))
    {
      indent (o, ind);
      g_string_append_printf (o->buf, "<color>%s</color>\n", color);
    }
}

/* An OGR style string as a KML Style: LABEL as LabelStyle, PEN as
 * LineStyle, BRUSH as PolyStyle (the order KML's schema asks). */
static void
append_style (Out *o, int ind, const char *id, const char *style)
{
  g_autofree char *label = tool_param (style, "LABEL", "c");
  g_autofree char *pen = tool_param (style, "PEN", "c");
  g_autofree char *width = tool_param (style, "PEN", "w");
  g_autofree char *brush = tool_param (style, "BRUSH", "fc");

  indent (o, ind);
  if (id != NULL)
    {
      g_string_append (o->buf, "<Style id=\"");
      append_attribute_value (o->buf, id);
      g_string_append (o->buf, "\">\n");
    }
  else
    g_string_append (o->buf, "<Style>\n");
  if (label != NULL)
    {
      open_element (o, ind + 2, "LabelStyle");
      append_color (o, ind + 4, label);
      close_element (o, ind + 2, "LabelStyle");
    }
  if (pen != NULL || width != NULL)
    {
      open_element (o, ind + 2, "LineStyle");
      append_color (o, ind + 4, pen);
      if (width != NULL)
        {
          indent (o, ind + 4);
          g_string_append_printf (o->buf, "<width>%.15g</width>\n", g_ascii_strtod (width, NULL));
        }
      close_element (o, ind + 2, "LineStyle");
    }
  if (brush != NULL)
    {
      open_element (o, ind + 2, "PolyStyle");
      append_color (o, ind + 4, brush);
      close_element (o, ind + 2, "PolyStyle");
    }
  close_element (o, ind, "Style");
}

/* ---- Geometry ------------------------------------------------------------- */

int
dm_kml_format_number (double v, char buf[DM_KML_NUMBER_BUF_SIZE])
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  double a = fabs (v), scale;
  gint64 units;
  char digits[16];
  int n_int = 1, len = 0, last;

  /* Longitudes and latitudes of 1° or more, and metres: fifteen digits
   * from the exact binary value, rounded to nearest, ties to even.  The
   * rest (below 1, or rounding up to another digit) as printf does. */
  if (!(a >= 1.0 && a < 1e9))
    return g_snprintf (buf, DM_KML_NUMBER_BUF_SIZE, "%.15g", v);
  while (n_int < 9 && a >= powers[n_int])
    n_int++;
  scale = powers[15 - n_int > 9 ? 9 : 15 - n_int] * (15 - n_int > 9 ? powers[15 - n_int - 9] : 1.0);
  units = dm_round_scaled_exact (a, scale);
  if (units >= G_GINT64_CONSTANT (1000000000000000))
    return g_snprintf (buf, DM_KML_NUMBER_BUF_SIZE, "%.15g", v);
  for (int i = 14; i >= 0; i--)
    {
      digits[i] = (char) ('0' + units % 10);
      units /= 10;
    }
  if (v < 0)
    buf[len++] = '-';
  memcpy (buf + len, digits, n_int);
  len += n_int;
  /* The decimals without their trailing zeros, and no point without them. */
  for (last = 14; last >= n_int && digits[last] == '0'; last--)
    ;
  if (last >= n_int)
    {
      buf[len++] = '.';
      memcpy (buf + len, digits + n_int, last - n_int + 1);
      len += last - n_int + 1;
    }
  buf[len] = '\0';
  return len;
}

static void
append_coordinates (Out *o, int ind, OGRGeometryH g)
{
  int n = OGR_G_GetPointCount (g);

  open_element (o, ind, "coordinates");
  for (int i = 0; i < n; i++)
    {
      char number[DM_KML_NUMBER_BUF_SIZE];
      int len;

      indent (o, ind + 2);
      len = dm_kml_format_number (OGR_G_GetX (g, i), number);
      g_string_append_len (o->buf, number, len);
      g_string_append_c (o->buf, ',');
      len = dm_kml_format_number (OGR_G_GetY (g, i), number);
      g_string_append_len (o->buf, number, len);
      g_string_append (o->buf, ",0\n");
      if (o->buf->len >= DM_WRITE_STREAM_CHUNK)
        dm_write_stream_flush (o);
    }
  close_element (o, ind, "coordinates");
}

static void
append_ground (Out *o, int ind, gboolean tessellate)
{
  if (!tessellate)
    return;
  indent (o, ind);
  g_string_append (o->buf, "<tessellate>1</tessellate>\n");
  indent (o, ind);
  g_string_append (o->buf, "<altitudeMode>clampToGround</altitudeMode>\n");
}

static void
append_ring (Out *o, int ind, const char *boundary, OGRGeometryH ring)
{
  open_element (o, ind, boundary);
  open_element (o, ind + 2, "LinearRing");
  append_coordinates (o, ind + 4, ring);
  close_element (o, ind + 2, "LinearRing");
  close_element (o, ind, boundary);
}

static void
append_geometry (Out *o, int ind, OGRGeometryH g, gboolean tessellate)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (g));

  switch (type)
    {
    case wkbPoint:
      open_element (o, ind, "Point");
      append_coordinates (o, ind + 2, g);
      close_element (o, ind, "Point");
      break;
    case wkbLineString:
      open_element (o, ind, "LineString");
      append_ground (o, ind + 2, tessellate);
      append_coordinates (o, ind + 2, g);
      close_element (o, ind, "LineString");
      break;
    case wkbPolygon:
      open_element (o, ind, "Polygon");
      append_ground (o, ind + 2, tessellate);
      for (int r = 0; r < OGR_G_GetGeometryCount (g); r++)
        append_ring (o, ind + 2, r == 0 ? "outerBoundaryIs" : "innerBoundaryIs", OGR_G_GetGeometryRef (g, r));
      close_element (o, ind, "Polygon");
      break;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      /* One part is written as that part, as LIBKML does. */
      if (OGR_G_GetGeometryCount (g) == 1)
        {
          append_geometry (o, ind, OGR_G_GetGeometryRef (g, 0), tessellate);
          break;
        }
      open_element (o, ind, "MultiGeometry");
      for (int p = 0; p < OGR_G_GetGeometryCount (g); p++)
        append_geometry (o, ind + 2, OGR_G_GetGeometryRef (g, p), tessellate);
      close_element (o, ind, "MultiGeometry");
      break;
    default:
      g_warning ("A geometry of type %s left out of the KML", OGRGeometryTypeToName (type));
      break;
    }
}

/* ---- Layers --------------------------------------------------------------- */

/* The fields KML has elements of its own for (LIBKML's default names). */
static gboolean
placemark_field (const char *name)
{
  return g_ascii_strcasecmp (name, "name") == 0 || g_ascii_strcasecmp (name, "description") == 0 ||
         g_ascii_strcasecmp (name, "tessellate") == 0;
}

static const char *
schema_type (OGRFieldType type)
{
  switch (type)
    {
    case OFTInteger:
      return "int";
    case OFTReal:
      return "float";
    default:
      return "string";
    }
}

static void
append_schema (Out *o, OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  indent (o, 4);
  g_string_append (o->buf, "<Schema id=\"");
  append_attribute_value (o->buf, OGR_L_GetName (layer));
  g_string_append (o->buf, ".schema\">\n");
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      OGRFieldDefnH field = OGR_FD_GetFieldDefn (defn, i);

      if (placemark_field (OGR_Fld_GetNameRef (field)))
        continue;
      indent (o, 6);
      g_string_append (o->buf, "<SimpleField name=\"");
      append_attribute_value (o->buf, OGR_Fld_GetNameRef (field));
      g_string_append_printf (o->buf, "\" type=\"%s\"/>\n", schema_type (OGR_Fld_GetType (field)));
    }
  indent (o, 4);
  g_string_append (o->buf, "</Schema>\n");
}

static void
append_placemark (Out *o, OGRLayerH layer, OGRFeatureH f, guint64 number)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int name = OGR_FD_GetFieldIndex (defn, "name");
  int description = OGR_FD_GetFieldIndex (defn, "description");
  int tessellate = OGR_FD_GetFieldIndex (defn, "tessellate");
  const char *style = OGR_F_GetStyleString (f);
  OGRGeometryH g = OGR_F_GetGeometryRef (f);
  gboolean any_data = FALSE;

  indent (o, 6);
  g_string_append (o->buf, "<Placemark id=\"");
  append_attribute_value (o->buf, OGR_L_GetName (layer));
  g_string_append_printf (o->buf, ".%" G_GUINT64_FORMAT "\">\n", number);
  if (name >= 0 && OGR_F_IsFieldSetAndNotNull (f, name))
    append_element (o, 8, "name", OGR_F_GetFieldAsString (f, name));
  if (description >= 0 && OGR_F_IsFieldSetAndNotNull (f, description))
    append_element (o, 8, "description", OGR_F_GetFieldAsString (f, description));
  if (style != NULL && style[0] == '@')
    {
      indent (o, 8);
      g_string_append (o->buf, "<styleUrl>#");
      append_attribute_value (o->buf, style + 1);
      g_string_append (o->buf, "</styleUrl>\n");
    }
  else if (style != NULL && *style != '\0')
    append_style (o, 8, NULL, style);

  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      const char *field = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));

      if (placemark_field (field) || !OGR_F_IsFieldSetAndNotNull (f, i))
        continue;
      if (!any_data)
        {
          indent (o, 8);
          g_string_append (o->buf, "<ExtendedData>\n");
          indent (o, 10);
          g_string_append (o->buf, "<SchemaData schemaUrl=\"#");
          append_attribute_value (o->buf, OGR_L_GetName (layer));
          g_string_append (o->buf, ".schema\">\n");
          any_data = TRUE;
        }
      indent (o, 12);
      g_string_append (o->buf, "<SimpleData name=\"");
      append_attribute_value (o->buf, field);
      g_string_append (o->buf, "\">");
      append_text (o->buf, OGR_F_GetFieldAsString (f, i));
      g_string_append (o->buf, "</SimpleData>\n");
    }
  if (any_data)
    {
      indent (o, 10);
      g_string_append (o->buf, "</SchemaData>\n");
      indent (o, 8);
      g_string_append (o->buf, "</ExtendedData>\n");
    }
  if (g != NULL && !OGR_G_IsEmpty (g))
    append_geometry (o, 8, g,
                     tessellate >= 0 && OGR_F_IsFieldSetAndNotNull (f, tessellate) &&
                       OGR_F_GetFieldAsInteger (f, tessellate) != 0);
  indent (o, 6);
  g_string_append (o->buf, "</Placemark>\n");
  if (o->buf->len >= DM_WRITE_STREAM_CHUNK)
    dm_write_stream_flush (o);
}

static void
append_folder (Out *o, OGRLayerH layer, const char *title)
{
  OGRFeatureH f;
  guint64 number = 0;

  indent (o, 4);
  g_string_append (o->buf, "<Folder id=\"");
  append_attribute_value (o->buf, OGR_L_GetName (layer));
  g_string_append (o->buf, "\">\n");
  append_element (o, 6, "name", title);
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      append_placemark (o, layer, f, ++number);
      OGR_F_Destroy (f);
    }
  indent (o, 4);
  g_string_append (o->buf, "</Folder>\n");
}

gboolean
dm_kml_write (GDALDatasetH ds, const DmKmlDocument *document, const char *path, const char *display, GError **error)
{
  DmWriteStream o;
  int n_layers;

  g_return_val_if_fail (ds != NULL, FALSE);
  g_return_val_if_fail (document != NULL && document->id != NULL && document->name != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!dm_write_stream_open (&o, path, display, error))
    return FALSE;

  g_string_append (o.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n");
  indent (&o, 2);
  g_string_append (o.buf, "<Document id=\"");
  append_attribute_value (o.buf, document->id);
  g_string_append (o.buf, "\">\n");
  append_element (&o, 4, "name", document->name);
  if (document->description != NULL)
    append_element (&o, 4, "description", document->description);
  if (document->styles != NULL)
    {
      const char *style;

      OGR_STBL_ResetStyleStringReading (document->styles);
      while ((style = OGR_STBL_GetNextStyle (document->styles)) != NULL)
        append_style (&o, 4, OGR_STBL_GetLastStyleName (document->styles), style);
    }
  n_layers = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n_layers; i++)
    append_schema (&o, GDALDatasetGetLayer (ds, i));
  for (int i = 0; i < n_layers; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      const char *title =
        document->folder_names != NULL ? g_hash_table_lookup (document->folder_names, OGR_L_GetName (layer)) : NULL;

      append_folder (&o, layer, title != NULL ? title : OGR_L_GetName (layer));
    }
  indent (&o, 2);
  g_string_append (o.buf, "</Document>\n</kml>\n");
  return dm_write_stream_close (&o, display, error);
}
