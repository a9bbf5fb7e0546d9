/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dm-feature-private.h"
#include "dm-import.h"
#include "dm-scenario.h"

static const char *
prop (const DmImportFeature *f,
      const char            *key)
{
  const char *v = g_hash_table_lookup (f->properties, key);

  return v != NULL && *v != '\0' ? v : NULL;
}

static DmFeature *
feature_from_import (const DmImportFeature *f,
                     DmRole                 role)
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
      DmSide from = DM_SIDE_NONE, to = DM_SIDE_NONE;
      const char *giver = prop (f, "from_side");
      const char *receiver = prop (f, "to_side");

      if (g_strcmp0 (giver, "A") == 0) from = DM_SIDE_A;
      if (g_strcmp0 (giver, "B") == 0) from = DM_SIDE_B;
      if (g_strcmp0 (receiver, "A") == 0) to = DM_SIDE_A;
      if (g_strcmp0 (receiver, "B") == 0) to = DM_SIDE_B;
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

DmDocument *
dm_scenario_load_geodata (const char   *path,
                          const char   *layer_name,
                          GCancellable *cancellable,
                          GError      **error)
{
  g_autoptr(DmImportLayer) layer = NULL;
  g_autoptr(DmDocument) doc = NULL;
  g_autoptr(GPtrArray) references = NULL;
  guint n_lineal = 0;
  const DmImportFeature *sides_from = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((layer = dm_import_read (path, layer_name, cancellable, error)) == NULL)
    return NULL;

  for (guint i = 0; i < layer->features->len; i++)
    if (dm_geometry_is_lineal (((DmImportFeature *) g_ptr_array_index (layer->features, i))->geometry))
      n_lineal++;

  doc = dm_document_new ();
  references = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);
      const char *role_str = prop (f, "role");
      DmRole role = DM_ROLE_REFERENCE;

      if (role_str != NULL)
        dm_role_from_string (role_str, &role);
      else if (n_lineal == 1 && dm_geometry_is_lineal (f->geometry))
        role = DM_ROLE_CONTACT_LINE;

      /* A contact line is one path: a multi-part line stays a reference. */
      if (role == DM_ROLE_CONTACT_LINE &&
          (!dm_geometry_is_lineal (f->geometry) || dm_geometry_get_n_parts (f->geometry) != 1))
        role = DM_ROLE_REFERENCE;
      if (role == DM_ROLE_LAND_SWAP && !dm_geometry_is_polygonal (f->geometry))
        role = DM_ROLE_REFERENCE;

      if (role == DM_ROLE_CONTACT_LINE && sides_from == NULL)
        sides_from = f;

      if (role == DM_ROLE_REFERENCE)
        g_ptr_array_add (references, feature_from_import (f, DM_ROLE_REFERENCE));
      else
        {
          g_autoptr(DmFeature) feature = feature_from_import (f, role);

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
    {
      g_autofree char *base = g_path_get_basename (path);

      dm_document_add_reference_layer (doc, layer->layer_name != NULL ? layer->layer_name : base,
                                       path, g_steal_pointer (&references));
    }

  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  /* Loading is not an edit: nothing to undo. */
  dm_document_clear_history (doc);
  return g_steal_pointer (&doc);
}
