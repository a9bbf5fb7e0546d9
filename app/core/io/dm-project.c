/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dm-document-private.h"
#include "dm-write.h"
#include "dm-feature-private.h"
#include "dm-fingerprint.h"
#include "dm-project.h"
#include "dm-style.h"

/* clang-format off */
G_DEFINE_QUARK (dm-project-error-quark, dm_project_error)
/* clang-format on */

#define METADATA_TABLE "demarcate_metadata"

/* ---- Writing ------------------------------------------------------------ */

static OGRwkbGeometryType
ogr_type (DmGeometryType type)
{
  switch (type)
    {
    case DM_GEOMETRY_POINT:
      return wkbPoint;
    case DM_GEOMETRY_LINESTRING:
      return wkbLineString;
    case DM_GEOMETRY_POLYGON:
      return wkbPolygon;
    case DM_GEOMETRY_MULTIPOINT:
      return wkbMultiPoint;
    case DM_GEOMETRY_MULTILINESTRING:
      return wkbMultiLineString;
    case DM_GEOMETRY_MULTIPOLYGON:
      return wkbMultiPolygon;
    default:
      return wkbUnknown;
    }
}

/* The layer's declared type: the features' own when they agree (what
 * QGIS handles best), else "any geometry". */
static OGRwkbGeometryType
common_type (GPtrArray *features, OGRwkbGeometryType fallback)
{
  OGRwkbGeometryType type = wkbNone;

  for (guint i = 0; i < features->len; i++)
    {
      OGRwkbGeometryType t =
        ogr_type (dm_geometry_get_geometry_type (dm_feature_get_geometry (g_ptr_array_index (features, i))));

      if (type == wkbNone)
        type = t;
      else if (type != t)
        return wkbUnknown;
    }
  return type == wkbNone ? fallback : type;
}

static char *
properties_json (DmFeature *feature)
{
  GHashTable *props = dm_feature_get_properties (feature);
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonGenerator) gen = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) keys = NULL;

  if (props == NULL || g_hash_table_size (props) == 0)
    return NULL;
  b = json_builder_new ();
  gen = json_generator_new ();
  keys = g_list_sort (g_hash_table_get_keys (props), (GCompareFunc) g_strcmp0);
  json_builder_begin_object (b);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (b, l->data);
      json_builder_add_string_value (b, g_hash_table_lookup (props, l->data));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static OGRLayerH
create_layer (DmGdalDataset *ds,
              const char *name,
              const char *identifier,
              const char *description,
              OGRwkbGeometryType type,
              GError **error)
{
  g_autofree char *id_opt = g_strdup_printf ("IDENTIFIER=%s", identifier);
  g_autofree char *desc_opt = description != NULL ? g_strdup_printf ("DESCRIPTION=%s", description) : NULL;
  char *lco[] = { id_opt, desc_opt, NULL };
  OGRLayerH layer = dm_write_create_layer (ds, name, type, lco);

  if (layer == NULL)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Cannot add the table “%s”: %s"), name,
                 CPLGetLastErrorMsg ());
  return layer;
}

static gboolean
create_feature (OGRLayerH layer, OGRFeatureH f, GError **error)
{
  if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing to the table “%s” failed: %s"),
                   OGR_L_GetName (layer), CPLGetLastErrorMsg ());
      return FALSE;
    }
  return TRUE;
}

static void
set_str (OGRFeatureH f, const char *name, const char *value)
{
  if (value != NULL)
    OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, name), value);
}

/* One feature of the document as a row: its id as the fid. */
static gboolean
write_feature (OGRLayerH layer,
               DmFeature *feature,
               int proposal_index,
               const char *proposal_name,
               guint position,
               GError **error)
{
  g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  g_autofree char *props = properties_json (feature);
  OGRGeometryH g = dm_geometry_to_ogr (dm_feature_get_geometry (feature));

  OGR_F_SetFID (f, dm_feature_get_id (feature));
  if (g != NULL)
    OGR_F_SetGeometryDirectly (f, g);
  OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "position"), (int) position);
  if (proposal_index >= 0)
    {
      OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "proposal_index"), proposal_index);
      set_str (f, "proposal", proposal_name);
    }
  set_str (f, "name", dm_feature_get_name (feature));
  set_str (f, "text", dm_feature_get_text (feature));
  if (dm_feature_get_role (feature) == DM_ROLE_LAND_SWAP)
    {
      set_str (f, "from_side", dm_side_to_letter (dm_feature_get_from_side (feature)));
      set_str (f, "to_side", dm_side_to_letter (dm_feature_get_to_side (feature)));
    }
  set_str (f, "properties", props);
  return create_feature (layer, f, error);
}

static void
add_feature_fields (OGRLayerH layer, gboolean proposals, gboolean sides)
{
  dm_write_add_field (layer, "position", OFTInteger);
  if (proposals)
    {
      dm_write_add_field (layer, "proposal", OFTString);
      dm_write_add_field (layer, "proposal_index", OFTInteger);
    }
  dm_write_add_field (layer, "name", OFTString);
  dm_write_add_field (layer, "text", OFTString);
  if (sides)
    {
      dm_write_add_field (layer, "from_side", OFTString);
      dm_write_add_field (layer, "to_side", OFTString);
    }
  dm_write_add_field (layer, "properties", OFTString);
}

/* Contact lines, land swaps or observation posts of every proposal in one
 * layer. */
static gboolean
write_proposal_layer (DmGdalDataset *ds, DmDocument *doc, DmRole role, GError **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  gboolean swaps = role == DM_ROLE_LAND_SWAP;
  const char *table = swaps ? "land_swaps" : role == DM_ROLE_OBSERVATION_POST ? "observation_posts" : "contact_lines";
  const char *title = swaps                              ? _ ("Land swaps")
                      : role == DM_ROLE_OBSERVATION_POST ? _ ("Observation posts")
                                                         : _ ("Contact lines");
  OGRwkbGeometryType type = swaps ? wkbPolygon : role == DM_ROLE_OBSERVATION_POST ? wkbPoint : wkbLineString;
  OGRLayerH layer;

  for (guint p = 0; p < dm_document_get_n_proposals (doc); p++)
    {
      GPtrArray *features = dm_document_get_proposal_features (doc, p);

      for (guint i = 0; i < features->len; i++)
        if (dm_feature_get_role (g_ptr_array_index (features, i)) == role)
          g_ptr_array_add (all, g_ptr_array_index (features, i));
    }
  layer = create_layer (ds, table, title, NULL, common_type (all, type), error);
  if (layer == NULL)
    return FALSE;
  add_feature_fields (layer, TRUE, swaps);
  for (guint p = 0; p < dm_document_get_n_proposals (doc); p++)
    {
      GPtrArray *features = dm_document_get_proposal_features (doc, p);

      /* The position counts over the proposal's lines and swaps together,
       * so that opening restores their order. */
      for (guint i = 0; i < features->len; i++)
        if (dm_feature_get_role (g_ptr_array_index (features, i)) == role &&
            !write_feature (layer, g_ptr_array_index (features, i), (int) p, dm_document_get_proposal_name (doc, p), i,
                            error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
write_annotations (DmGdalDataset *ds, DmDocument *doc, GError **error)
{
  g_autoptr (GPtrArray) notes = dm_document_list_features (doc, DM_ROLE_ANNOTATION);
  OGRLayerH layer = create_layer (ds, "annotations", _ ("Annotations"), NULL, common_type (notes, wkbPoint), error);

  if (layer == NULL)
    return FALSE;
  add_feature_fields (layer, FALSE, FALSE);
  for (guint i = 0; i < notes->len; i++)
    if (!write_feature (layer, g_ptr_array_index (notes, i), -1, NULL, i, error))
      return FALSE;
  return TRUE;
}

static gboolean
write_references (DmGdalDataset *ds, DmDocument *doc, GHashTable *meta, GError **error)
{
  guint n = dm_document_get_n_reference_layers (doc);

  g_hash_table_insert (meta, g_strdup ("reference_count"), g_strdup_printf ("%u", n));
  for (guint l = 0; l < n; l++)
    {
      GPtrArray *features = dm_document_get_reference_layer_features (doc, l);
      const char *name = dm_document_get_reference_layer_name (doc, l);
      const char *source = dm_document_get_reference_layer_source (doc, l);
      g_autofree char *table = g_strdup_printf ("reference_%u", l + 1);
      OGRLayerH layer = create_layer (ds, table, name, source, common_type (features, wkbUnknown), error);

      if (layer == NULL)
        return FALSE;
      add_feature_fields (layer, FALSE, FALSE);
      for (guint i = 0; i < features->len; i++)
        if (!write_feature (layer, g_ptr_array_index (features, i), -1, NULL, i, error))
          return FALSE;
      g_hash_table_insert (meta, g_strdup_printf ("reference.%u.table", l), g_strdup (table));
      g_hash_table_insert (meta, g_strdup_printf ("reference.%u.name", l), g_strdup (name));
      if (source != NULL)
        g_hash_table_insert (meta, g_strdup_printf ("reference.%u.source", l), g_strdup (source));
    }
  return TRUE;
}

static void
set_wkb (OGRFeatureH f, const char *field, const DmGeometry *g)
{
  g_autoptr (DmOgrGeometry) og = g != NULL ? dm_geometry_to_ogr (g) : NULL;
  g_autofree guchar *wkb = NULL;
  size_t size;

  if (og == NULL)
    return;
  size = OGR_G_WkbSizeEx (og);
  wkb = g_malloc (size);
  OGR_G_ExportToIsoWkb (og, wkbNDR, wkb);
  OGR_F_SetFieldBinary (f, OGR_F_GetFieldIndex (f, field), (int) size, wkb);
}

static gboolean
write_zone_rules (DmGdalDataset *ds, DmDocument *doc, GError **error)
{
  OGRLayerH layer = create_layer (ds, "zone_rules", _ ("Zone rules"), NULL, wkbNone, error);

  if (layer == NULL)
    return FALSE;
  dm_write_add_field (layer, "position", OFTInteger);
  dm_write_add_field (layer, "name", OFTString);
  dm_write_add_field (layer, "kind", OFTString);
  dm_write_add_field (layer, "type", OFTString);
  dm_write_add_field (layer, "color", OFTString);
  dm_write_add_field (layer, "width_a_m", OFTReal);
  dm_write_add_field (layer, "width_b_m", OFTReal);
  dm_write_add_field (layer, "distance_m", OFTReal);
  dm_write_add_field (layer, "side", OFTString);
  dm_write_add_field (layer, "region_name", OFTString);
  dm_write_add_field (layer, "boundary_name", OFTString);
  dm_write_add_field (layer, "region_wkb", OFTBinary);
  dm_write_add_field (layer, "boundary_wkb", OFTBinary);
  dm_write_add_field (layer, "hidden", OFTInteger);

  for (guint i = 0; i < dm_document_get_n_zone_rules (doc); i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (doc, i);
      g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "position"), (int) i);
      set_str (f, "name", rule->name);
      set_str (f, "kind", dm_zone_kind_to_string (rule->kind));
      set_str (f, "type", dm_zone_rule_type_to_string (rule->type));
      set_str (f, "color", rule->color);
      /* Doubles in SQLite REAL columns: saved to the bit. */
      OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "width_a_m"), rule->width_a_m);
      OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "width_b_m"), rule->width_b_m);
      OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, "distance_m"), rule->distance_m);
      set_str (f, "side", dm_side_to_letter (rule->side));
      set_str (f, "region_name", rule->region_name);
      set_str (f, "boundary_name", rule->boundary_name);
      set_wkb (f, "region_wkb", rule->region);
      set_wkb (f, "boundary_wkb", rule->boundary);
      OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "hidden"), rule->hidden ? 1 : 0);
      if (!create_feature (layer, f, error))
        return FALSE;
    }
  return TRUE;
}

static char *
dtostr (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static gboolean
write_metadata (DmGdalDataset *ds, GHashTable *meta, GError **error)
{
  OGRLayerH layer = create_layer (ds, METADATA_TABLE, _ ("Demarcate project"), NULL, wkbNone, error);
  g_autoptr (GList) keys = NULL;

  if (layer == NULL)
    return FALSE;
  dm_write_add_field (layer, "key", OFTString);
  dm_write_add_field (layer, "value", OFTString);
  keys = g_list_sort (g_hash_table_get_keys (meta), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      set_str (f, "key", l->data);
      set_str (f, "value", g_hash_table_lookup (meta, l->data));
      if (!create_feature (layer, f, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- QGIS styles (QML) --------------------------------------------------- */

typedef GString Qml;

/* A symbol layer's properties, in the <Option> map QGIS 3.18+ writes and
 * the <prop> list older versions read. */
static void
qml_props (Qml *q, const char *const *kv)
{
  g_string_append (q, "<Option type=\"Map\">");
  for (guint i = 0; kv[i] != NULL; i += 2)
    {
      g_autofree char *v = g_markup_escape_text (kv[i + 1], -1);

      g_string_append_printf (q, "<Option name=\"%s\" type=\"QString\" value=\"%s\"/>", kv[i], v);
    }
  g_string_append (q, "</Option>");
  for (guint i = 0; kv[i] != NULL; i += 2)
    {
      g_autofree char *v = g_markup_escape_text (kv[i + 1], -1);

      g_string_append_printf (q, "<prop k=\"%s\" v=\"%s\"/>", kv[i], v);
    }
}

static char *
num (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", v));
}

static void
qml_simple_line (Qml *q, DmRgb color, double alpha, double width, double offset, const char *style)
{
  g_autofree char *c = dm_style_to_qml_rgba (color, alpha);
  g_autofree char *w = num (width);
  g_autofree char *o = num (offset);
  const char *const kv[] = {
    "line_color",
    c,
    "line_width",
    w,
    "line_width_unit",
    "Pixel",
    "offset",
    o,
    "offset_unit",
    "Pixel",
    "line_style",
    style,
    "capstyle",
    "round",
    "joinstyle",
    "round",
    "customdash",
    "6;3",
    "customdash_unit",
    "Pixel",
    "use_custom_dash",
    g_str_equal (style, "dash") ? "1" : "0",
    NULL,
  };

  g_string_append (q, "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  qml_props (q, kv);
  g_string_append (q, "</layer>");
}

static void
qml_simple_fill (Qml *q,
                 DmRgb fill,
                 double fill_alpha,
                 DmRgb edge,
                 double edge_alpha,
                 double edge_width,
                 const char *edge_style)
{
  g_autofree char *c = dm_style_to_qml_rgba (fill, fill_alpha);
  g_autofree char *oc = dm_style_to_qml_rgba (edge, edge_alpha);
  g_autofree char *ow = num (edge_width);
  const char *const kv[] = {
    "color",
    c,
    "style",
    "solid",
    "outline_color",
    oc,
    "outline_width",
    ow,
    "outline_width_unit",
    "Pixel",
    "outline_style",
    edge_style,
    "joinstyle",
    "round",
    NULL,
  };

  g_string_append (q, "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  qml_props (q, kv);
  g_string_append (q, "</layer>");
}

/* Hatching as on the screen: in a side's colour, one way per side. */
static void
qml_hatch (Qml *q, DmRgb color, double angle, guint symbol, guint layer)
{
  g_autofree char *a = num (angle);
  g_autofree char *d = num (DM_STYLE_ZONE_HATCH_SPACING);
  const char *const kv[] = { "lineangle", a, "distance", d, "distance_unit", "Pixel", NULL };

  g_string_append (q, "<layer class=\"LinePatternFill\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  qml_props (q, kv);
  g_string_append_printf (q, "<symbol type=\"line\" name=\"@%u@%u\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">",
                          symbol, layer);
  qml_simple_line (q, color, DM_STYLE_ZONE_HATCH_ALPHA, DM_STYLE_ZONE_HATCH_WIDTH, 0, "solid");
  g_string_append (q, "</symbol></layer>");
}

/* A marker of @shape ("circle", "square") @size pixels across, edged in
 * white @edge_width wide. */
static void
qml_marker_shape (Qml *q, const char *shape, DmRgb color, double alpha, double size_px, double edge_width)
{
  g_autofree char *c = dm_style_to_qml_rgba (color, alpha);
  g_autofree char *size = num (size_px);
  g_autofree char *ow = num (edge_width);
  const char *const kv[] = {
    "name",
    shape,
    "color",
    c,
    "size",
    size,
    "size_unit",
    "Pixel",
    "outline_color",
    "255,255,255,255",
    "outline_width",
    ow,
    "outline_width_unit",
    "Pixel",
    NULL,
  };

  g_string_append (q, "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">");
  qml_props (q, kv);
  g_string_append (q, "</layer>");
}

static void
qml_marker (Qml *q, DmRgb color, double alpha, double radius)
{
  qml_marker_shape (q, "circle", color, alpha, 2 * radius, DM_STYLE_ANNOTATION_EDGE_WIDTH);
}

static Qml *
qml_begin (void)
{
  return g_string_new ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                       "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">");
}

static char *
qml_end (Qml *q)
{
  g_string_append (q, "</qgis>\n");
  return g_string_free (q, FALSE);
}

static void
qml_symbol_begin (Qml *q, const char *type, guint name)
{
  g_string_append_printf (q, "<symbol type=\"%s\" name=\"%u\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">", type,
                          name);
}

static void
qml_category (Qml *q, const char *value, guint symbol, const char *label)
{
  g_autofree char *v = g_markup_escape_text (value, -1);
  g_autofree char *l = g_markup_escape_text (label, -1);

  g_string_append_printf (q, "<category render=\"true\" value=\"%s\" symbol=\"%u\" label=\"%s\"/>", v, symbol, l);
}

/* The contact line: casing, a fringe in each side's colour on its side,
 * the line.  QGIS offsets a line in screen coordinates, whose y axis
 * points down: a positive offset lies to the right of the line's
 * direction, so side A (left) has the negative one. */
static char *
qml_contact_lines (DmDocument *doc)
{
  Qml *q = qml_begin ();

  g_string_append (q, "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
                      "forceraster=\"0\"><symbols>");
  qml_symbol_begin (q, "line", 0);
  qml_simple_line (q, (DmRgb){ 1, 1, 1 }, DM_STYLE_LINE_CASING_ALPHA, DM_STYLE_LINE_CASING_WIDTH, 0, "solid");
  qml_simple_line (q, dm_style_parse_rgb (dm_document_get_side_color (doc, DM_SIDE_A), DM_STYLE_FALLBACK_COLOR), 1.0,
                   DM_STYLE_LINE_FRINGE_WIDTH, -DM_STYLE_LINE_FRINGE_OFFSET, "solid");
  qml_simple_line (q, dm_style_parse_rgb (dm_document_get_side_color (doc, DM_SIDE_B), DM_STYLE_FALLBACK_COLOR), 1.0,
                   DM_STYLE_LINE_FRINGE_WIDTH, DM_STYLE_LINE_FRINGE_OFFSET, "solid");
  qml_simple_line (q, DM_STYLE_LINE_COLOR, 1.0, DM_STYLE_LINE_WIDTH, 0, "solid");
  g_string_append (q, "</symbol></symbols></renderer-v2>");
  return qml_end (q);
}

/* Swaps by giver: filled in the receiver's colour, edged in the giver's. */
/* Observation posts: a square in the colour of the side its "side"
 * attribute (kept in the properties) names, as the map draws them. */
static char *
qml_observation_posts (DmDocument *doc)
{
  Qml *q = qml_begin ();

  g_string_append (q, "<renderer-v2 type=\"categorizedSymbol\" "
                      "attr=\"map_get(json_to_map(&quot;properties&quot;), 'side')\" symbollevels=\"0\" "
                      "enableorderby=\"0\" forceraster=\"0\"><categories>");
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      /* Translators: a legend entry in QGIS, “Observation post on Ukraine’s side” */
      g_autofree char *label =
        g_strdup_printf (_ ("Observation post on %s’s side"), dm_document_get_side_name (doc, side));

      qml_category (q, dm_side_to_letter (side), side == DM_SIDE_A ? 0 : 1, label);
    }
  g_string_append (q, "</categories><symbols>");
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      qml_symbol_begin (q, "marker", side == DM_SIDE_A ? 0 : 1);
      qml_marker_shape (q, "square",
                        dm_style_parse_rgb (dm_document_get_side_color (doc, side), DM_STYLE_FALLBACK_COLOR), 1.0,
                        DM_STYLE_POST_SIZE, DM_STYLE_POST_EDGE_WIDTH);
      g_string_append (q, "</symbol>");
    }
  g_string_append (q, "</symbols></renderer-v2>");
  return qml_end (q);
}

static char *
qml_land_swaps (DmDocument *doc)
{
  Qml *q = qml_begin ();
  DmRgb c[2] = { dm_style_parse_rgb (dm_document_get_side_color (doc, DM_SIDE_A), DM_STYLE_FALLBACK_COLOR),
                 dm_style_parse_rgb (dm_document_get_side_color (doc, DM_SIDE_B), DM_STYLE_FALLBACK_COLOR) };
  const char *n[2] = { dm_document_get_side_name (doc, DM_SIDE_A), dm_document_get_side_name (doc, DM_SIDE_B) };
  g_autofree char *ab = g_strdup_printf ("%s → %s", n[0], n[1]);
  g_autofree char *ba = g_strdup_printf ("%s → %s", n[1], n[0]);

  g_string_append (q, "<renderer-v2 type=\"categorizedSymbol\" attr=\"from_side\" symbollevels=\"0\" "
                      "enableorderby=\"0\" forceraster=\"0\"><categories>");
  qml_category (q, "A", 0, ab);
  qml_category (q, "B", 1, ba);
  qml_category (q, "", 2, _ ("Inferred from where it lies"));
  g_string_append (q, "</categories><symbols>");
  for (guint s = 0; s < 3; s++)
    {
      guint giver = s == 1 ? 1 : 0;

      qml_symbol_begin (q, "fill", s);
      qml_simple_fill (q, s == 2 ? DM_STYLE_FALLBACK_COLOR : c[1 - giver], DM_STYLE_SWAP_FILL_ALPHA,
                       s == 2 ? DM_STYLE_FALLBACK_COLOR : c[giver], DM_STYLE_SWAP_EDGE_ALPHA, DM_STYLE_SWAP_EDGE_WIDTH,
                       "dash");
      g_string_append (q, "</symbol>");
    }
  g_string_append (q, "</symbols></renderer-v2>");
  return qml_end (q);
}

/* Zones by rule and side: the rule's colour, hatched in the side's. */
static char *
qml_zones (DmDocument *doc, DmResults *results)
{
  Qml *q = qml_begin ();
  guint n = 0;

  g_string_append (q,
                   "<renderer-v2 type=\"categorizedSymbol\" attr=\"concat(&quot;name&quot;, '|', &quot;side&quot;)\" "
                   "symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>");
  for (guint i = 0; i < results->zones->len; i++)
    for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
      {
        DmZoneFigures *z = g_ptr_array_index (results->zones, i);
        g_autofree char *value = g_strdup_printf ("%s|%s", z->rule->name, dm_side_to_letter (side));
        g_autofree char *label = g_strdup_printf ("%s — %s", z->rule->name, dm_document_get_side_name (doc, side));

        qml_category (q, value, n++, label);
      }
  g_string_append (q, "</categories><symbols>");
  n = 0;
  for (guint i = 0; i < results->zones->len; i++)
    for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
      {
        DmZoneFigures *z = g_ptr_array_index (results->zones, i);
        DmRgb fill = dm_style_parse_rgb (z->rule->color, DM_STYLE_ZONE_DEFAULT_COLOR);

        qml_symbol_begin (q, "fill", n);
        qml_simple_fill (q, fill, DM_STYLE_ZONE_FILL_ALPHA, dm_style_darken (fill, DM_STYLE_ZONE_EDGE_DARKEN),
                         DM_STYLE_ZONE_EDGE_ALPHA, DM_STYLE_ZONE_EDGE_WIDTH, "solid");
        qml_hatch (q, dm_style_parse_rgb (dm_document_get_side_color (doc, side), DM_STYLE_FALLBACK_COLOR),
                   side == DM_SIDE_A ? 45 : 135, n, 1);
        g_string_append (q, "</symbol>");
        n++;
      }
  g_string_append (q, "</symbols></renderer-v2>");
  return qml_end (q);
}

static char *
qml_single (const char *type, guint what) /* 0 annotations, 1 reference */
{
  Qml *q = qml_begin ();

  g_string_append (q, "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
                      "forceraster=\"0\"><symbols>");
  qml_symbol_begin (q, type, 0);
  if (what == 0 && g_str_equal (type, "marker"))
    qml_marker (q, DM_STYLE_ANNOTATION_COLOR, 1.0, DM_STYLE_ANNOTATION_RADIUS);
  else if (what == 0)
    qml_simple_line (q, DM_STYLE_ANNOTATION_COLOR, 1.0, DM_STYLE_ANNOTATION_EDGE_WIDTH, 0, "solid");
  else if (g_str_equal (type, "fill"))
    qml_simple_fill (q, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_FILL_ALPHA, DM_STYLE_REFERENCE_COLOR,
                     DM_STYLE_REFERENCE_EDGE_ALPHA, DM_STYLE_REFERENCE_EDGE_WIDTH, "solid");
  else if (g_str_equal (type, "line"))
    qml_simple_line (q, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_LINE_ALPHA, DM_STYLE_REFERENCE_LINE_WIDTH, 0,
                     "solid");
  else
    qml_marker (q, DM_STYLE_REFERENCE_COLOR, DM_STYLE_REFERENCE_LINE_ALPHA, 3.0);
  g_string_append (q, "</symbol></symbols></renderer-v2>");
  return qml_end (q);
}

static const char *
symbol_type (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbPoint:
    case wkbMultiPoint:
      return "marker";
    case wkbLineString:
    case wkbMultiLineString:
      return "line";
    default:
      return "fill";
    }
}

/* QGIS's own table of styles (QgsOgrProviderUtils::saveStyle makes the
 * same columns): QGIS applies the default style of a layer it opens. */
static gboolean
write_styles (DmGdalDataset *ds, DmDocument *doc, DmResults *results, GError **error)
{
  OGRLayerH layer = create_layer (ds, "layer_styles", "layer_styles", NULL, wkbNone, error);
  static const struct {
    const char *name;
    OGRFieldType type;
    int width;
  } fields[] = {
    { "f_table_catalog", OFTString, 256 },
    { "f_table_schema", OFTString, 256 },
    { "f_table_name", OFTString, 256 },
    { "f_geometry_column", OFTString, 256 },
    { "styleName", OFTString, 30 },
    { "styleQML", OFTString, 0 },
    { "styleSLD", OFTString, 0 },
    { "useAsDefault", OFTInteger, 0 },
    { "description", OFTString, 0 },
    { "owner", OFTString, 30 },
    { "ui", OFTString, 30 },
    { "update_time", OFTDateTime, 0 },
  };

  if (layer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      OGRFieldDefnH def = OGR_Fld_Create (fields[i].name, fields[i].type);

      OGR_Fld_SetWidth (def, fields[i].width);
      if (g_str_equal (fields[i].name, "useAsDefault"))
        OGR_Fld_SetSubType (def, OFSTBoolean);
      if (g_str_equal (fields[i].name, "update_time"))
        OGR_Fld_SetDefault (def, "CURRENT_TIMESTAMP");
      OGR_L_CreateField (layer, def, TRUE);
      OGR_Fld_Destroy (def);
    }

  for (int l = 0; l < GDALDatasetGetLayerCount (ds); l++)
    {
      OGRLayerH target = GDALDatasetGetLayer (ds, l);
      const char *table = OGR_L_GetName (target);
      OGRwkbGeometryType type = OGR_L_GetGeomType (target);
      g_autofree char *qml = NULL;
      g_autoptr (DmOgrFeature) f = NULL;

      if (type == wkbNone)
        continue;
      if (g_str_equal (table, "contact_lines"))
        qml = qml_contact_lines (doc);
      else if (g_str_equal (table, "land_swaps"))
        qml = qml_land_swaps (doc);
      else if (g_str_equal (table, "observation_posts"))
        qml = qml_observation_posts (doc);
      else if (g_str_equal (table, "zones") && results != NULL)
        qml = qml_zones (doc, results);
      else if (g_str_equal (table, "annotations"))
        qml = qml_single (symbol_type (type), 0);
      else if (g_str_has_prefix (table, "reference_"))
        qml = qml_single (symbol_type (type), 1);
      else
        continue;

      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      set_str (f, "f_table_catalog", "");
      set_str (f, "f_table_schema", "");
      set_str (f, "f_table_name", table);
      set_str (f, "f_geometry_column", OGR_L_GetGeometryColumn (target));
      set_str (f, "styleName", table);
      set_str (f, "styleQML", qml);
      set_str (f, "styleSLD", "");
      OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "useAsDefault"), 1);
      set_str (f, "description", _ ("As Demarcate draws it"));
      set_str (f, "owner", "");
      set_str (f, "ui", "");
      if (!create_feature (layer, f, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dm_project_save_proposal (DmDocument *document,
                          DmResults *results,
                          const DmProjectView *view,
                          guint active,
                          const char *path,
                          GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_autoptr (GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *fingerprint = NULL;
  GDALDriverH driver;
  gboolean ok;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (active < dm_document_get_n_proposals (document), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  scope = dm_gdal_error_scope_begin ();
  if ((driver = dm_write_check_destination (path, "GPKG", error)) == NULL)
    return FALSE;
  tmp = dm_write_staging_path (path);
  if ((ds = dm_write_create (driver, tmp, path, NULL, error)) == NULL)
    return FALSE;

  g_hash_table_insert (meta, g_strdup ("format_version"), g_strdup_printf ("%d", DM_PROJECT_FORMAT_VERSION));
  g_hash_table_insert (meta, g_strdup ("application"), g_strdup ("Demarcate " PACKAGE_VERSION));
  g_hash_table_insert (meta, g_strdup ("side_a_name"), g_strdup (dm_document_get_side_name (document, DM_SIDE_A)));
  g_hash_table_insert (meta, g_strdup ("side_a_color"), g_strdup (dm_document_get_side_color (document, DM_SIDE_A)));
  g_hash_table_insert (meta, g_strdup ("side_b_name"), g_strdup (dm_document_get_side_name (document, DM_SIDE_B)));
  g_hash_table_insert (meta, g_strdup ("side_b_color"), g_strdup (dm_document_get_side_color (document, DM_SIDE_B)));
  g_hash_table_insert (meta, g_strdup ("proposal_count"),
                       g_strdup_printf ("%u", dm_document_get_n_proposals (document)));
  for (guint p = 0; p < dm_document_get_n_proposals (document); p++)
    g_hash_table_insert (meta, g_strdup_printf ("proposal.%u.name", p),
                         g_strdup (dm_document_get_proposal_name (document, p)));
  g_hash_table_insert (meta, g_strdup ("active_proposal"), g_strdup_printf ("%u", active));
  fingerprint = dm_fingerprint_compute (document, active);
  g_hash_table_insert (meta, g_strdup ("fingerprint"), dm_fingerprint_short (fingerprint));
  g_hash_table_insert (meta, g_strdup ("fingerprint_sha256"), g_strdup (fingerprint));
  if (view != NULL)
    {
      g_hash_table_insert (meta, g_strdup ("units"), g_strdup (dm_length_unit_symbol (view->units)));
      if (view->has_view)
        {
          g_hash_table_insert (meta, g_strdup ("view_center_lon"), dtostr (view->center_lon));
          g_hash_table_insert (meta, g_strdup ("view_center_lat"), dtostr (view->center_lat));
          g_hash_table_insert (meta, g_strdup ("view_zoom"), dtostr (view->zoom));
        }
    }

  /* One transaction: a GeoPackage writes much faster so. */
  GDALDatasetStartTransaction (ds, FALSE);
  ok = write_proposal_layer (ds, document, DM_ROLE_CONTACT_LINE, error) &&
       write_proposal_layer (ds, document, DM_ROLE_LAND_SWAP, error) &&
       write_proposal_layer (ds, document, DM_ROLE_OBSERVATION_POST, error) &&
       write_annotations (ds, document, error) && write_references (ds, document, meta, error) &&
       write_zone_rules (ds, document, error);
  if (ok && results != NULL)
    {
      OGRLayerH zones = create_layer (ds, "zones", _ ("Zones"), NULL, wkbMultiPolygon, error);

      ok = zones != NULL && dm_write_zones (zones, document, results, error);
    }
  ok = ok && write_metadata (ds, meta, error) && write_styles (ds, document, results, error);
  if (ok && GDALDatasetCommitTransaction (ds) != OGRERR_NONE)
    ok = FALSE;
  return dm_write_finish (g_steal_pointer (&ds), tmp, path, ok, error);
}

gboolean
dm_project_save (DmDocument *document, DmResults *results, const DmProjectView *view, const char *path, GError **error)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);

  /* Zones of another revision would not match the lines. */
  if (results != NULL && results->revision != dm_document_get_revision (document))
    results = NULL;
  return dm_project_save_proposal (document, results, view, dm_document_get_active_proposal (document), path, error);
}

/* ---- Reading -------------------------------------------------------------- */

static char *
get_str (OGRFeatureH f, const char *name)
{
  int i = OGR_F_GetFieldIndex (f, name);

  if (i < 0 || !OGR_F_IsFieldSetAndNotNull (f, i))
    return NULL;
  return g_strdup (OGR_F_GetFieldAsString (f, i));
}

static int
get_int (OGRFeatureH f, const char *name, int fallback)
{
  int i = OGR_F_GetFieldIndex (f, name);

  if (i < 0 || !OGR_F_IsFieldSetAndNotNull (f, i))
    return fallback;
  return OGR_F_GetFieldAsInteger (f, i);
}

static GHashTable *
parse_properties (const char *json)
{
  GHashTable *props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (json == NULL)
    return props;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL) || (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return props;
  {
    JsonObject *o = json_node_get_object (root);
    g_autoptr (GList) members = json_object_get_members (o);

    for (GList *l = members; l != NULL; l = l->next)
      {
        const char *v = json_object_get_string_member_with_default (o, l->data, NULL);

        if (v != NULL)
          g_hash_table_insert (props, g_strdup (l->data), g_strdup (v));
      }
  }
  return props;
}

typedef struct {
  int proposal;
  int position;
  DmFeature *feature;
} Loaded;

static void
loaded_clear (gpointer data)
{
  g_clear_object (&((Loaded *) data)->feature);
}

static int
loaded_cmp (gconstpointer a, gconstpointer b)
{
  const Loaded *x = a, *y = b;

  if (x->proposal != y->proposal)
    return x->proposal < y->proposal ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

static gboolean
corrupt (GError **error, const char *display, const char *what)
{
  g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_CORRUPT,
               _ ("The project “%s” is damaged (%s). Open a copy or an autosave of it."), display, what);
  return FALSE;
}

/* Every feature of a layer the project wrote; FALSE on a broken one. */
static gboolean
read_features (OGRLayerH layer, DmRole role, GArray *out, const char *display, GError **error)
{
  OGR_L_ResetReading (layer);
  for (;;)
    {
      g_autoptr (DmOgrFeature) f = OGR_L_GetNextFeature (layer);
      g_autoptr (DmGeometry) g = NULL;
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;
      g_autofree char *props = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      Loaded item;

      if (f == NULL)
        break;
      if ((g = dm_geometry_from_ogr (OGR_F_GetGeometryRef (f))) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_ ("feature %lld of “%s” has no shape"),
                                                   (long long) OGR_F_GetFID (f), OGR_L_GetName (layer));

          return corrupt (error, display, what);
        }
      name = get_str (f, "name");
      text = get_str (f, "text");
      props = get_str (f, "properties");
      from = get_str (f, "from_side");
      to = get_str (f, "to_side");

      item.proposal = get_int (f, "proposal_index", 0);
      item.position = get_int (f, "position", 0);
      item.feature = dm_feature_new (role, name, g_steal_pointer (&g));
      _dm_feature_set_text (item.feature, text);
      _dm_feature_set_sides (item.feature, dm_side_from_letter (from), dm_side_from_letter (to));
      dm_feature_take_properties (item.feature, parse_properties (props));
      if (OGR_F_GetFID (f) > 0 && OGR_F_GetFID (f) <= G_MAXUINT)
        _dm_feature_set_id (item.feature, (guint) OGR_F_GetFID (f));
      g_array_append_val (out, item);
    }
  return TRUE;
}

static DmGeometry *
get_wkb (OGRFeatureH f, const char *name)
{
  int i = OGR_F_GetFieldIndex (f, name);
  g_autoptr (DmOgrGeometry) g = NULL;
  GByte *wkb;
  int size = 0;

  if (i < 0 || !OGR_F_IsFieldSetAndNotNull (f, i))
    return NULL;
  wkb = OGR_F_GetFieldAsBinary (f, i, &size);
  if (OGR_G_CreateFromWkb (wkb, NULL, (OGRGeometryH *) &g, size) != OGRERR_NONE)
    return NULL;
  return dm_geometry_from_ogr (g);
}

static gboolean
read_zone_rules (OGRLayerH layer, DmDocument *doc, const char *display, GError **error)
{
  g_autoptr (GPtrArray) rules = g_ptr_array_new ();
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);

  OGR_L_ResetReading (layer);
  for (;;)
    {
      g_autoptr (DmOgrFeature) f = OGR_L_GetNextFeature (layer);
      g_autofree char *kind_s = NULL;
      g_autofree char *type_s = NULL;
      g_autofree char *side_s = NULL;
      DmZoneRule *rule;
      DmZoneKind kind;
      DmZoneRuleType type;

      if (f == NULL)
        break;
      kind_s = get_str (f, "kind");
      type_s = get_str (f, "type");
      if (kind_s == NULL || !dm_zone_kind_from_string (kind_s, &kind) || type_s == NULL ||
          !dm_zone_rule_type_from_string (type_s, &type))
        return corrupt (error, display, _ ("a zone rule of an unknown kind"));

      rule = dm_zone_rule_new_line_band ("", kind, 0, 0);
      g_ptr_array_add (owned, rule);
      g_free (rule->name);
      rule->name = get_str (f, "name");
      rule->type = type;
      {
        g_autofree char *color = get_str (f, "color");

        if (color != NULL)
          {
            g_free (rule->color);
            rule->color = g_steal_pointer (&color);
          }
      }
      rule->width_a_m = OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "width_a_m"));
      rule->width_b_m = OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "width_b_m"));
      rule->distance_m = OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "distance_m"));
      side_s = get_str (f, "side");
      rule->side = dm_side_from_letter (side_s);
      rule->region_name = get_str (f, "region_name");
      rule->boundary_name = get_str (f, "boundary_name");
      rule->region = get_wkb (f, "region_wkb");
      rule->boundary = get_wkb (f, "boundary_wkb");
      /* Projects written before zones could be hidden have no column. */
      if (OGR_F_GetFieldIndex (f, "hidden") >= 0)
        rule->hidden = OGR_F_GetFieldAsInteger (f, OGR_F_GetFieldIndex (f, "hidden")) != 0;
      g_ptr_array_add (rules, rule);
    }
  /* Rows come back in fid order, the order they were saved in. */
  for (guint i = 0; i < rules->len; i++)
    dm_document_add_zone_rule (doc, dm_zone_rule_copy (g_ptr_array_index (rules, i)));
  return TRUE;
}

static char *
file_display_name (const char *path)
{
  return g_path_get_basename (path);
}

static gboolean
looks_like_sqlite (const char *path)
{
  static const char magic[] = "SQLite format 3";
  char buf[sizeof magic] = { 0 };
  FILE *fp = g_fopen (path, "rb");
  gboolean yes;

  if (fp == NULL)
    return FALSE;
  yes = fread (buf, 1, sizeof magic, fp) == sizeof magic && memcmp (buf, magic, sizeof magic) == 0;
  fclose (fp);
  return yes;
}

/* What a project's tables say against each other: a required table
 * missing, a row of a line or swap repeated, a proposal with two contact
 * lines.  Added to @problems. */
static void
check_tables (GDALDatasetH ds, GArray *items, GPtrArray *problems)
{
  static const struct {
    const char *table;
    const char *lost;
  } required[] = {
    { "contact_lines", N_ ("the proposals’ contact lines are lost") },
    { "land_swaps", N_ ("the proposals’ land swaps are lost") },
    { "annotations", N_ ("the annotations are lost") },
    { "zone_rules", N_ ("no zones are drawn or measured") },
  };
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), items->len);
  g_autoptr (GHashTable) lines = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (GDALDatasetGetLayerByName (ds, required[i].table) == NULL)
      /* Translators: a table of a project file, then what is lost without it */
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("the table “%s” is missing: %s"), required[i].table, _ (required[i].lost)));

  /* Keys first, then the table over them: the array does not move. */
  for (guint i = 0; i < items->len; i++)
    {
      const Loaded *item = &g_array_index (items, Loaded, i);
      gint64 key = (gint64) (((guint64) (guint32) item->proposal << 32) | (guint32) item->position);

      g_array_append_val (keys, key);
    }
  for (guint i = 0; i < items->len; i++)
    {
      const Loaded *item = &g_array_index (items, Loaded, i);
      gint64 *key = &g_array_index (keys, gint64, i);

      if (!g_hash_table_add (seen, key))
        /* Translators: a repeated row of a project's table */
        g_ptr_array_add (problems, g_strdup_printf (_ ("a row of proposal %d (place %d) is repeated; both are kept"),
                                                    item->proposal + 1, item->position + 1));
      if (dm_feature_get_role (item->feature) == DM_ROLE_CONTACT_LINE)
        {
          gpointer p = GINT_TO_POINTER (item->proposal);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (lines, p)) + 1;

          g_hash_table_insert (lines, p, GUINT_TO_POINTER (n));
          if (n == 2)
            g_ptr_array_add (problems,
                             g_strdup_printf (_ ("proposal %d has more than one contact line; the first is measured"),
                                              item->proposal + 1));
        }
    }
}

DmDocument *
dm_project_load (const char *path,
                 DmProjectView *view_out,
                 GStrv *problems_out,
                 GCancellable *cancellable,
                 GError **error)
{
  static const char *const gpkg_only[] = { "GPKG", NULL };
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autoptr (GHashTable) meta = NULL;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (GArray) items = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *display = NULL;
  g_autofree char *lower = NULL;
  OGRLayerH layer;
  const char *v;
  gint64 version;
  guint n_proposals, active, n_refs;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems_out != NULL)
    *problems_out = NULL;
  display = file_display_name (path);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (dm_gdal_path_is_remote (path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_FOUND, _ ("There is no file “%s”"), path);
      return NULL;
    }

  dm_gdal_init ();
  scope = dm_gdal_error_scope_begin ();
  CPLErrorReset ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, gpkg_only, NULL, NULL);
  lower = g_ascii_strdown (path, -1);
  if (ds == NULL)
    {
      if (g_str_has_suffix (lower, ".gpkg") || looks_like_sqlite (path))
        {
          const char *why = CPLGetLastErrorMsg ();

          g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_CORRUPT,
                       _ ("“%s” is damaged or not a GeoPackage (%s). Open a copy or an autosave of it."), display,
                       *why != '\0' ? why : _ ("unknown format"));
          return NULL;
        }
      g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT, _ ("“%s” is not a Demarcate project"),
                   display);
      return NULL;
    }
  if ((layer = GDALDatasetGetLayerByName (ds, METADATA_TABLE)) == NULL)
    {
      g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT,
                   _ ("“%s” is a GeoPackage but not a Demarcate project"), display);
      return NULL;
    }

  meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  OGR_L_ResetReading (layer);
  for (;;)
    {
      g_autoptr (DmOgrFeature) f = OGR_L_GetNextFeature (layer);
      char *key, *value;

      if (f == NULL)
        break;
      key = get_str (f, "key");
      value = get_str (f, "value");
      if (key != NULL && value != NULL)
        g_hash_table_insert (meta, key, value);
      else
        {
          g_free (key);
          g_free (value);
        }
    }

  v = g_hash_table_lookup (meta, "format_version");
  if (v == NULL || !g_ascii_string_to_signed (v, 10, 1, G_MAXINT, &version, NULL))
    {
      corrupt (error, display, _ ("no format version"));
      return NULL;
    }
  if (version > DM_PROJECT_FORMAT_VERSION)
    {
      g_set_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_TOO_NEW,
                   _ ("“%s” was saved by a newer Demarcate (project format %lld, this one reads "
                      "up to %d). Update Demarcate to open it."),
                   display, (long long) version, DM_PROJECT_FORMAT_VERSION);
      return NULL;
    }

  doc = dm_document_new ();
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      const char *name = g_hash_table_lookup (meta, side == DM_SIDE_A ? "side_a_name" : "side_b_name");
      const char *color = g_hash_table_lookup (meta, side == DM_SIDE_A ? "side_a_color" : "side_b_color");

      dm_document_set_side (doc, side, name != NULL ? name : dm_document_get_side_name (doc, side),
                            color != NULL ? color : dm_document_get_side_color (doc, side));
    }

  v = g_hash_table_lookup (meta, "proposal_count");
  n_proposals = v != NULL ? (guint) g_ascii_strtoull (v, NULL, 10) : 1;
  if (n_proposals == 0 || n_proposals > 100000)
    {
      corrupt (error, display, _ ("no proposals"));
      return NULL;
    }
  for (guint p = 0; p < n_proposals; p++)
    {
      g_autofree char *key = g_strdup_printf ("proposal.%u.name", p);
      const char *name = g_hash_table_lookup (meta, key);
      g_autofree char *fallback = g_strdup_printf (_ ("Proposal %u"), p + 1);

      if (name == NULL || *name == '\0')
        name = fallback;
      if (p == 0)
        dm_document_rename_proposal (doc, 0, name);
      else
        dm_document_add_proposal (doc, name, FALSE);
    }

  items = g_array_new (FALSE, TRUE, sizeof (Loaded));
  g_array_set_clear_func (items, loaded_clear);
  if ((layer = GDALDatasetGetLayerByName (ds, "contact_lines")) != NULL &&
      !read_features (layer, DM_ROLE_CONTACT_LINE, items, display, error))
    return NULL;
  if ((layer = GDALDatasetGetLayerByName (ds, "land_swaps")) != NULL &&
      !read_features (layer, DM_ROLE_LAND_SWAP, items, display, error))
    return NULL;
  /* Files before monitoring plans have no posts. */
  if ((layer = GDALDatasetGetLayerByName (ds, "observation_posts")) != NULL &&
      !read_features (layer, DM_ROLE_OBSERVATION_POST, items, display, error))
    return NULL;
  g_array_sort (items, loaded_cmp);
  check_tables (ds, items, problems);
  for (guint i = 0; i < items->len; i++)
    {
      Loaded *item = &g_array_index (items, Loaded, i);

      if (item->proposal < 0 || (guint) item->proposal >= n_proposals)
        {
          corrupt (error, display, _ ("a feature of a proposal that does not exist"));
          return NULL;
        }
      if (dm_document_get_active_proposal (doc) != (guint) item->proposal)
        dm_document_set_active_proposal (doc, item->proposal);
      if (dm_feature_get_id (item->feature) != 0 &&
          dm_document_lookup_feature (doc, dm_feature_get_id (item->feature)) != NULL)
        _dm_feature_set_id (item->feature, 0);
      _dm_document_add_feature_keep_id (doc, item->feature);
    }
  g_array_set_size (items, 0);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if ((layer = GDALDatasetGetLayerByName (ds, "annotations")) != NULL &&
      !read_features (layer, DM_ROLE_ANNOTATION, items, display, error))
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      Loaded *item = &g_array_index (items, Loaded, i);

      if (dm_feature_get_id (item->feature) != 0 &&
          dm_document_lookup_feature (doc, dm_feature_get_id (item->feature)) != NULL)
        _dm_feature_set_id (item->feature, 0);
      _dm_document_add_feature_keep_id (doc, item->feature);
    }
  g_array_set_size (items, 0);

  v = g_hash_table_lookup (meta, "reference_count");
  n_refs = v != NULL ? (guint) g_ascii_strtoull (v, NULL, 10) : 0;
  for (guint l = 0; l < n_refs; l++)
    {
      g_autofree char *table_key = g_strdup_printf ("reference.%u.table", l);
      g_autofree char *name_key = g_strdup_printf ("reference.%u.name", l);
      g_autofree char *source_key = g_strdup_printf ("reference.%u.source", l);
      const char *table = g_hash_table_lookup (meta, table_key);
      GPtrArray *features;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (table == NULL || (layer = GDALDatasetGetLayerByName (ds, table)) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_ ("the reference layer %u is missing"), l + 1);

          corrupt (error, display, what);
          return NULL;
        }
      if (!read_features (layer, DM_ROLE_REFERENCE, items, display, error))
        return NULL;
      features = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < items->len; i++)
        {
          Loaded *item = &g_array_index (items, Loaded, i);

          if (dm_feature_get_id (item->feature) != 0 &&
              dm_document_lookup_feature (doc, dm_feature_get_id (item->feature)) != NULL)
            _dm_feature_set_id (item->feature, 0);
          g_ptr_array_add (features, g_steal_pointer (&item->feature));
        }
      g_array_set_size (items, 0);
      dm_document_add_reference_layer (doc, g_hash_table_lookup (meta, name_key),
                                       g_hash_table_lookup (meta, source_key), features);
    }

  if ((layer = GDALDatasetGetLayerByName (ds, "zone_rules")) != NULL && !read_zone_rules (layer, doc, display, error))
    return NULL;

  v = g_hash_table_lookup (meta, "active_proposal");
  active = v != NULL ? (guint) g_ascii_strtoull (v, NULL, 10) : 0;
  if (active >= n_proposals)
    active = 0;
  if (dm_document_get_active_proposal (doc) != active)
    dm_document_set_active_proposal (doc, active);

  if (view_out != NULL)
    {
      const char *lon = g_hash_table_lookup (meta, "view_center_lon");
      const char *lat = g_hash_table_lookup (meta, "view_center_lat");
      const char *zoom = g_hash_table_lookup (meta, "view_zoom");
      const char *units = g_hash_table_lookup (meta, "units");

      memset (view_out, 0, sizeof *view_out);
      view_out->units = DM_LENGTH_KM;
      if (units != NULL)
        dm_length_unit_from_string (units, &view_out->units);
      if (lon != NULL && lat != NULL && zoom != NULL)
        {
          view_out->has_view = TRUE;
          view_out->center_lon = g_ascii_strtod (lon, NULL);
          view_out->center_lat = g_ascii_strtod (lat, NULL);
          view_out->zoom = g_ascii_strtod (zoom, NULL);
        }
    }

  /* The fingerprint saved is the active proposal's as it was written:
   * another now means the file was changed since, or damaged. */
  v = g_hash_table_lookup (meta, "fingerprint_sha256");
  if (v != NULL)
    {
      g_autofree char *now = dm_fingerprint_compute (doc, active);

      if (g_strcmp0 (now, v) != 0)
        {
          g_autofree char *saved_short = dm_fingerprint_short (v);
          g_autofree char *now_short = dm_fingerprint_short (now);

          /* Translators: two fingerprints such as a1b2-c3d4-e5f6 */
          g_ptr_array_add (problems, g_strdup_printf (_ ("it was saved with the fingerprint %s but its contents "
                                                         "now give %s: it was changed outside Demarcate, or damaged"),
                                                      saved_short, now_short));
        }
    }
  if (problems->len > 0)
    {
      if (problems_out != NULL)
        {
          g_ptr_array_add (problems, NULL);
          *problems_out = (GStrv) g_ptr_array_free (g_steal_pointer (&problems), FALSE);
        }
    }

  /* Opening is not an edit: nothing to undo. */
  dm_document_clear_history (doc);
  return g_steal_pointer (&doc);
}

/* ---- Changed on disk ------------------------------------------------------ */

gboolean
dm_file_stamp_get (const char *path, DmFileStamp *stamp, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (stamp != NULL, FALSE);

  memset (stamp, 0, sizeof *stamp);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC
                                                           "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local);
  if (info == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  stamp->exists = TRUE;
  stamp->size = g_file_info_get_size (info);
  stamp->mtime_us = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                    g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}

gboolean
dm_file_stamp_equal (const DmFileStamp *a, const DmFileStamp *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->exists == b->exists && (!a->exists || (a->mtime_us == b->mtime_us && a->size == b->size));
}
