/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "dm-annex.h"
#include "dm-basemap.h"
#include "dm-feature-private.h"
#include "dm-geodesy.h"
#include "dm-import.h"
#include "dm-line-ops.h"
#include "dm-project.h"
#include "dm-scenario.h"
#include "dm-zone-presets.h"

static const char *
prop (const DmImportFeature *f, const char *key)
{
  const char *v = g_hash_table_lookup (f->properties, key);

  return v != NULL && *v != '\0' ? v : NULL;
}

static DmFeature *
feature_from_import (const DmImportFeature *f, DmRole role)
{
  DmFeature *feature;
  GHashTable *props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (role == DM_ROLE_ANNOTATION && dm_geometry_is_puntal (f->geometry))
    {
      double lon, lat;
      const char *text = prop (f, "text");

      dm_geometry_get_point (f->geometry, 0, &lon, &lat);
      feature = dm_feature_new_annotation (lon, lat, text != NULL ? text : f->name);
    }
  else if (role == DM_ROLE_LAND_SWAP)
    {
      DmSide from = dm_side_from_letter (prop (f, "from_side"));
      DmSide to = dm_side_from_letter (prop (f, "to_side"));

      feature = dm_feature_new_land_swap (f->name, dm_geometry_copy (f->geometry), from, to);
    }
  else
    feature = dm_feature_new (role, f->name, dm_geometry_copy (f->geometry));

  g_hash_table_iter_init (&iter, f->properties);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (props, g_strdup (key), g_strdup (value));
  dm_feature_take_properties (feature, props);
  return feature;
}

static const char *
json_str (JsonObject *o, const char *member)
{
  return json_object_get_string_member_with_default (o, member, NULL);
}

/* The zone rules a Demarcate export carries on its contact line (see
 * dm_export_document): line bands as they were; rules that need a region
 * or a boundary get it from the basemap by name, and are left out when
 * it has none by that name.  FALSE when there is no such attribute. */
static gboolean
add_zone_rules (DmDocument *doc, const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (DmBasemap) basemap = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      const char *name, *type, *kind_s, *color, *side_s, *region_name, *boundary_name;
      const DmGeometry *region = NULL, *boundary = NULL;
      g_autoptr (DmZoneRule) rule = NULL;
      DmZoneKind kind = DM_ZONE_DEMILITARISED;
      DmSide side;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      name = json_str (o, "name");
      type = json_str (o, "type");
      kind_s = json_str (o, "kind");
      color = json_str (o, "color");
      side_s = json_str (o, "side");
      region_name = json_str (o, "region_name");
      boundary_name = json_str (o, "boundary_name");
      side = dm_side_from_letter (side_s);
      if (name == NULL || type == NULL)
        continue;
      if (kind_s != NULL)
        dm_zone_kind_from_string (kind_s, &kind);

      if (region_name != NULL || boundary_name != NULL)
        {
          g_autoptr (GError) error = NULL;

          if (basemap == NULL && (basemap = dm_basemap_get_default (&error)) == NULL)
            {
              g_debug ("Zone “%s” left out: %s", name, error->message);
              continue;
            }
          /* A border between countries (“RU/NATO”), made again by name. */
          if (g_str_equal (type, "boundary-band") && boundary_name != NULL && strchr (boundary_name, '/') != NULL)
            {
              g_auto (GStrv) pair = g_strsplit (boundary_name, "/", 2);

              rule = dm_zone_rule_new_border_band (basemap, name, kind,
                                                   json_object_get_double_member_with_default (o, "distance_m", 0),
                                                   pair[0], pair[1], region_name, &error);
              if (rule == NULL)
                {
                  g_debug ("Zone “%s” left out: %s", name, error->message);
                  continue;
                }
              goto made;
            }
          if (region_name != NULL && (region = dm_basemap_find_region (basemap, region_name, NULL, NULL)) == NULL)
            continue;
          if (boundary_name != NULL && (boundary = dm_basemap_find_region (basemap, boundary_name, NULL, NULL)) == NULL)
            continue;
        }

      if (g_str_equal (type, "line-band"))
        {
          rule = dm_zone_rule_new_line_band (name, kind, json_object_get_double_member_with_default (o, "width_a_m", 0),
                                             json_object_get_double_member_with_default (o, "width_b_m", 0));
          rule->region = region != NULL ? dm_geometry_copy (region) : NULL;
        }
      else if (g_str_equal (type, "region-side") && region != NULL && side != DM_SIDE_NONE)
        rule = dm_zone_rule_new_region_side (name, kind, region, side);
      else if (g_str_equal (type, "boundary-band") && boundary != NULL &&
               json_object_get_double_member_with_default (o, "distance_m", 0) > 0)
        rule = dm_zone_rule_new_boundary_band (name, kind, boundary,
                                               json_object_get_double_member_with_default (o, "distance_m", 0), region);
      else
        continue; /* a drawn polygon: its shape does not travel */

    made:
      rule->side = side;
      g_free (rule->region_name);
      rule->region_name = g_strdup (region_name);
      g_free (rule->boundary_name);
      rule->boundary_name = g_strdup (boundary_name);
      if (color != NULL)
        {
          g_free (rule->color);
          rule->color = g_strdup (color);
        }
      dm_document_add_zone_rule (doc, g_steal_pointer (&rule));
    }
  return TRUE;
}

static DmDocument *load_geodata (const char *path,
                                 const char *layer_name,
                                 const DmDeriveOptions *derive_options,
                                 DmDeriveReport **derived,
                                 GCancellable *cancellable,
                                 GError **error);

DmDocument *
dm_scenario_load_geodata_full (const char *path,
                               const char *layer_name,
                               const DmDeriveOptions *derive_options,
                               DmDeriveReport **derived,
                               GCancellable *cancellable,
                               GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (derived != NULL)
    *derived = NULL;
  return load_geodata (path, layer_name, derive_options, derived, cancellable, error);
}

DmDocument *
dm_scenario_load_geodata (const char *path, const char *layer_name, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return load_geodata (path, layer_name, NULL, NULL, cancellable, error);
}

static gboolean
has_roles (DmImportLayer *layer)
{
  for (guint i = 0; i < layer->features->len; i++)
    if (prop (g_ptr_array_index (layer->features, i), "role") != NULL)
      return TRUE;
  return FALSE;
}

/* What @f is in a document made from its layer: its role when it says
 * one; without roles anywhere in the layer, every line of a layer of
 * lines alone is a part of the contact line, and so is the one line among
 * other features; anything else is for reference.  A role that does not
 * fit the geometry (a contact line that is a polygon) is dropped. */
static DmRole
feature_role (const DmImportFeature *f, gboolean roles, guint n_lineal, guint n_features)
{
  const char *role_str = prop (f, "role");
  DmRole role = DM_ROLE_REFERENCE;

  if (role_str != NULL)
    dm_role_from_string (role_str, &role);
  else if (!roles && n_lineal > 0 && n_lineal == n_features)
    role = DM_ROLE_CONTACT_LINE; /* lines only: the parts of one line */
  else if (!roles && n_lineal == 1 && dm_geometry_is_lineal (f->geometry))
    role = DM_ROLE_CONTACT_LINE;

  if (role == DM_ROLE_CONTACT_LINE && !dm_geometry_is_lineal (f->geometry))
    role = DM_ROLE_REFERENCE;
  if (role == DM_ROLE_LAND_SWAP && !dm_geometry_is_polygonal (f->geometry))
    role = DM_ROLE_REFERENCE;
  if (role == DM_ROLE_OBSERVATION_POST && !dm_geometry_is_puntal (f->geometry))
    role = DM_ROLE_REFERENCE;
  return role;
}

static guint
count_lineal (DmImportLayer *layer)
{
  guint n = 0;

  for (guint i = 0; i < layer->features->len; i++)
    n += dm_geometry_is_lineal (((DmImportFeature *) g_ptr_array_index (layer->features, i))->geometry);
  return n;
}

DmGeometry *
dm_scenario_pick_line (DmImportLayer *layer)
{
  gboolean roles;
  guint n_lineal;
  g_autoptr (DmGeometry) line = NULL;
  const DmImportFeature *longest = NULL;
  double longest_m = 0;

  g_return_val_if_fail (layer != NULL, NULL);

  roles = has_roles (layer);
  n_lineal = count_lineal (layer);
  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      double length;

      if (!dm_geometry_is_lineal (f->geometry))
        continue;
      if (feature_role (f, roles, n_lineal, layer->features->len) == DM_ROLE_CONTACT_LINE)
        {
          if (line == NULL)
            line = dm_geometry_copy (f->geometry);
          else
            {
              DmGeometry *more = dm_line_add_parts (line, f->geometry);

              dm_geometry_free (line);
              line = more;
            }
        }
      length = dm_geodesy_geometry_length_m (f->geometry);
      if (length > longest_m)
        {
          longest = f;
          longest_m = length;
        }
    }
  if (line == NULL && longest != NULL)
    line = dm_geometry_copy (longest->geometry);
  return g_steal_pointer (&line);
}

/* A Demarcate export in KML keeps each role in a folder of its own: when
 * the layer read first says roles, the file's other layers join it. */
static gboolean
read_other_layers (const char *path, DmImportLayer *first, GCancellable *cancellable, GError **error)
{
  g_auto (GStrv) names = NULL;

  /* (A file of one layer is not opened again: a GeoJSON is parsed whole
   * on opening, 0.7 s for a million vertices.) */
  if (!has_roles (first) || first->n_source_layers < 2 || (names = dm_import_list_layers (path, NULL)) == NULL ||
      g_strv_length (names) < 2)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (DmImportLayer) other = NULL;
      g_autoptr (GError) local = NULL;

      if (g_strcmp0 (names[i], first->layer_name) == 0)
        continue;
      if ((other = dm_import_read (path, names[i], cancellable, &local)) == NULL)
        {
          if (g_error_matches (local, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      for (guint k = 0; k < other->features->len; k++)
        g_ptr_array_add (first->features, g_ptr_array_index (other->features, k));
      g_ptr_array_set_free_func (other->features, NULL);
    }
  return TRUE;
}

DmDocument *
dm_scenario_load (const char *path, GCancellable *cancellable, GError **error)
{
  return dm_scenario_load_full (path, NULL, NULL, NULL, NULL, cancellable, error);
}

DmDocument *
dm_scenario_load_full (const char *path,
                       const DmDeriveOptions *derive_options,
                       DmDeriveReport **derived,
                       gboolean *is_project,
                       GStrv *problems,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autoptr (GError) local = NULL;
  DmDocument *doc;

  g_return_val_if_fail (path != NULL, NULL);

  if (derived != NULL)
    *derived = NULL;
  doc = dm_project_load (path, NULL, problems, cancellable, &local);
  if (is_project != NULL)
    *is_project = doc != NULL;
  if (doc != NULL)
    return doc;
  if (!g_error_matches (local, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return load_geodata (path, NULL, derive_options, derived, cancellable, error);
}

/* A document of @line alone, as an annex describes it: the default DMZ,
 * the proposal named after the file. */
static DmDocument *
document_with_line (const DmGeometry *line, const char *stem)
{
  DmDocument *doc = dm_document_new ();
  g_autoptr (DmFeature) feature = dm_feature_new (DM_ROLE_CONTACT_LINE, NULL, dm_geometry_copy (line));

  dm_document_add_feature (doc, feature);
  dm_document_rename_proposal (doc, 0, stem);
  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  dm_document_clear_history (doc);
  return doc;
}

/* The turning points of a layer written by dm_export_annex() (points with
 * the role "turning_point", a part and a number), or NULL when it has
 * none. */
static GArray *
annex_points (DmImportLayer *layer)
{
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (DmAnnexPoint));

  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      const char *part = prop (f, "part"), *number = prop (f, "point");
      DmAnnexPoint p = { 0, 0, 0, 0, NAN, NAN };
      guint64 a, b;

      if (g_strcmp0 (prop (f, "role"), "turning_point") != 0 || !dm_geometry_is_puntal (f->geometry) ||
          dm_geometry_get_n_points (f->geometry) != 1 || part == NULL || number == NULL ||
          !g_ascii_string_to_unsigned (part, 10, 1, G_MAXUINT, &a, NULL) ||
          !g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT, &b, NULL))
        continue;
      p.part = (guint) a;
      p.number = (guint) b;
      dm_geometry_get_point (f->geometry, 0, &p.lon, &p.lat);
      g_array_append_val (points, p);
    }
  return points->len > 0 ? g_steal_pointer (&points) : NULL;
}

char *
dm_scenario_source_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* The polygons of @layer as one geometry: a single feature as it is (the
 * reader made it valid), several merged. */
static DmGeometry *
held_territory (DmImportLayer *layer)
{
  const DmImportFeature *only = NULL;
  guint n = 0;

  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);

      if (dm_geometry_is_polygonal (f->geometry))
        {
          only = f;
          n++;
        }
    }
  if (n == 1)
    return dm_geometry_copy (only->geometry);
  return n > 0 ? dm_import_layer_union_polygons (layer) : NULL;
}

DmFeature *
dm_scenario_derive_line (const DmGeometry *held,
                         const char *source_name,
                         const DmDeriveOptions *derive_options,
                         DmDeriveReport **report,
                         GError **error)
{
  g_autoptr (DmBasemap) basemap = NULL;
  g_autoptr (DmGeometry) line = NULL;
  g_autoptr (DmDeriveReport) rep = NULL;
  GHashTable *props;
  DmFeature *feature;
  g_autofree char *name = NULL;

  g_return_val_if_fail (held != NULL, NULL);

  if ((basemap = dm_basemap_get_default (error)) == NULL)
    return NULL;
  if ((line = dm_derive_contact_line_basemap (held, basemap, derive_options, &rep, error)) == NULL)
    return NULL;
  /* Translators: the name of a contact line, %s a file name */
  name = g_strdup_printf (_ ("Contact line derived from %s"), source_name);
  feature = dm_feature_new (DM_ROLE_CONTACT_LINE, name, g_steal_pointer (&line));
  props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (props, g_strdup ("derived_from"), g_strdup (source_name));
  g_hash_table_insert (props, g_strdup ("method"),
                       g_strdup (_ ("Derived by Demarcate from a polygon of held territory: its edge less the "
                                    "stretches along the state border and the coast")));
  dm_feature_take_properties (feature, props);
  if (report != NULL)
    *report = g_steal_pointer (&rep);
  return feature;
}

static const char *
geometry_word (const DmGeometry *g)
{
  if (dm_geometry_is_polygonal (g))
    return "polygon";
  if (dm_geometry_is_lineal (g))
    return "line";
  return "point";
}

char *
dm_scenario_explain_no_line (DmDocument *doc, const char *path)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *base = NULL;
  guint counts[3] = { 0, 0, 0 }; /* points, lines, polygons */

  g_return_val_if_fail (DM_IS_DOCUMENT (doc), NULL);

  if (dm_document_get_contact_line (doc) != NULL)
    return NULL;
  base = g_path_get_basename (path);
  refs = dm_document_list_features (doc, DM_ROLE_REFERENCE);
  for (guint i = 0; i < refs->len; i++)
    {
      const char *w = geometry_word (dm_feature_get_geometry (g_ptr_array_index (refs, i)));

      counts[g_str_equal (w, "polygon") ? 2 : g_str_equal (w, "line") ? 1 : 0]++;
    }
  if (counts[1] > 1)
    return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "“%s” holds no contact line: it has %u line and no attribute saying which is the contact line. "
                   "Give a file with the contact line alone, or a “role” attribute of “contact_line” on its parts.",
                   "“%s” holds no contact line: it has %u lines and no attribute saying which are the contact line. "
                   "Give a file with the contact line alone, or a “role” attribute of “contact_line” on its parts.",
                   counts[1]),
      base, counts[1]);
  if (refs->len > 0)
    {
      g_autofree char *points =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points", counts[0]), counts[0]);
      g_autofree char *lines =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", counts[1]), counts[1]);
      g_autofree char *polygons =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u polygon", "%u polygons", counts[2]), counts[2]);

      /* Translators: “pins.kml” holds no contact line: it has 3 points, 0 lines and 0 polygons, … */
      return g_strdup_printf (_ ("“%s” holds no contact line: it has %s, %s and %s, none of them a line to draw "
                                 "zones from. Give a file with the contact line, or a polygon of held territory "
                                 "alone to derive it from."),
                              base, points, lines, polygons);
    }
  return g_strdup_printf (_ ("“%s” holds no contact line and no features to derive one from: draw the line, "
                             "or give a file with it or with a polygon of held territory."),
                          base);
}

static DmDocument *
load_geodata (const char *path,
              const char *layer_name,
              const DmDeriveOptions *derive_options,
              DmDeriveReport **derived,
              GCancellable *cancellable,
              GError **error)
{
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (DmDocument) doc = NULL;
  g_autoptr (GPtrArray) references = NULL;
  g_autofree char *stem = dm_scenario_source_stem (path);
  g_autofree char *base = g_path_get_basename (path);
  guint n_lineal = 0, n_polygonal = 0;
  gboolean roles;
  const DmImportFeature *sides_from = NULL;
  const char *proposal_name = NULL;
  gboolean control = FALSE;

  /* A treaty annex's CSV of turning points: the line through them. */
  {
    g_autofree char *text = NULL;
    gsize len;

    if (g_str_has_suffix (base, ".csv") || g_str_has_suffix (base, ".CSV"))
      if (g_file_get_contents (path, &text, &len, NULL) && dm_annex_csv_recognise (text, len))
        {
          g_autoptr (DmGeometry) line = dm_annex_parse_csv (text, base, error);

          if (line == NULL)
            return NULL;
          return document_with_line (line, stem);
        }
  }

  if ((layer = dm_import_read (path, layer_name, cancellable, error)) == NULL)
    return NULL;
  if (layer_name == NULL && !read_other_layers (path, layer, cancellable, error))
    return NULL;
  dm_import_layer_unwrap (layer);
  /* Its points, exported as GeoJSON or KML: the same line. */
  {
    g_autoptr (GArray) points = annex_points (layer);

    if (points != NULL)
      {
        g_autoptr (DmGeometry) line = dm_annex_line_from_points (points, base, error);

        if (line == NULL)
          return NULL;
        return document_with_line (line, stem);
      }
  }

  roles = has_roles (layer);
  n_lineal = count_lineal (layer);
  for (guint i = 0; i < layer->features->len; i++)
    n_polygonal += dm_geometry_is_polygonal (((DmImportFeature *) g_ptr_array_index (layer->features, i))->geometry);

  doc = dm_document_new ();
  references = g_ptr_array_new_with_free_func (g_object_unref);

  /* Only polygons and no roles: a tracker's held territory. */
  control = !roles && n_lineal == 0 && n_polygonal > 0;
  if (control)
    {
      g_autoptr (DmGeometry) held = held_territory (layer);
      g_autoptr (DmDeriveReport) report = NULL;
      g_autoptr (DmFeature) line = NULL;
      g_autoptr (GError) local = NULL;

      if (held == NULL || (line = dm_scenario_derive_line (held, base, derive_options, &report, &local)) == NULL)
        {
          /* Translators: “occupied.geojson” holds a polygon, but …: the reason */
          g_set_error (error, local != NULL ? local->domain : DM_DERIVE_ERROR,
                       local != NULL ? local->code : DM_DERIVE_ERROR_INVALID,
                       _ ("“%s” holds polygons but no contact line could be derived from them: %s"), base,
                       local != NULL ? local->message : _ ("they are empty"));
          return NULL;
        }
      dm_document_add_feature (doc, line);
      dm_document_set_side (doc, DM_SIDE_A, report->country_name, dm_document_get_side_color (doc, DM_SIDE_A));
      if (report->neighbour_name != NULL)
        dm_document_set_side (doc, DM_SIDE_B, report->neighbour_name, dm_document_get_side_color (doc, DM_SIDE_B));
      for (guint i = 0; i < layer->features->len; i++)
        g_ptr_array_add (references, feature_from_import (g_ptr_array_index (layer->features, i), DM_ROLE_REFERENCE));
      if (derived != NULL)
        *derived = g_steal_pointer (&report);
    }

  for (guint i = 0; i < layer->features->len && !control; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      DmRole role;

      /* Zones, sensors' ranges and the line's sides' fringes in a
       * Demarcate export are drawings, made again from the zone rules, the
       * posts and the line, not data. */
      if (g_strcmp0 (prop (f, "role"), "zone") == 0 || g_strcmp0 (prop (f, "role"), "sensor_range") == 0 ||
          g_strcmp0 (prop (f, "role"), "contact_line_side") == 0)
        continue;
      role = feature_role (f, roles, n_lineal, layer->features->len);

      if (role == DM_ROLE_CONTACT_LINE && sides_from == NULL)
        {
          sides_from = f;
          proposal_name = prop (f, "proposal");
        }

      if (role == DM_ROLE_REFERENCE)
        g_ptr_array_add (references, feature_from_import (f, DM_ROLE_REFERENCE));
      else
        {
          g_autoptr (DmFeature) feature = feature_from_import (f, role);

          /* Parts after the first join it (dm_document_add_feature). */
          dm_document_add_feature (doc, feature);
        }
    }
  if (sides_from != NULL)
    {
      const char *a = prop (sides_from, "side_a");
      const char *b = prop (sides_from, "side_b");
      const char *ca = prop (sides_from, "side_a_color");
      const char *cb = prop (sides_from, "side_b_color");

      if (a != NULL || ca != NULL)
        dm_document_set_side (doc, DM_SIDE_A, a != NULL ? a : dm_document_get_side_name (doc, DM_SIDE_A),
                              ca != NULL ? ca : dm_document_get_side_color (doc, DM_SIDE_A));
      if (b != NULL || cb != NULL)
        dm_document_set_side (doc, DM_SIDE_B, b != NULL ? b : dm_document_get_side_name (doc, DM_SIDE_B),
                              cb != NULL ? cb : dm_document_get_side_color (doc, DM_SIDE_B));
    }

  if (references->len > 0)
    dm_document_add_reference_layer (doc, layer->layer_name != NULL ? layer->layer_name : base, path,
                                     g_steal_pointer (&references));
  /* A Demarcate export keeps its proposal's name; a line derived from a
   * tracker's snapshot is named after the snapshot. */
  if (proposal_name != NULL || control)
    dm_document_rename_proposal (doc, 0, proposal_name != NULL ? proposal_name : stem);

  if (sides_from == NULL || !add_zone_rules (doc, prop (sides_from, "zone_rules")))
    dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  /* Loading is not an edit: nothing to undo. */
  dm_document_clear_history (doc);
  return g_steal_pointer (&doc);
}
