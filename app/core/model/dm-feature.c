/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-feature"

#include "config.h"

#include "dm-core-enums.h"
#include "dm-feature-private.h"

#include <math.h>

struct _DmFeature {
  GObject parent_instance;

  guint id;
  DmRole role;
  char *name;
  char *text;
  DmGeometry *geometry;
  DmSide from_side;
  DmSide to_side;
  GHashTable *properties;
};

G_DEFINE_FINAL_TYPE (DmFeature, dm_feature, G_TYPE_OBJECT)

/* g_set_str() arrives in GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_str (char **ptr, const char *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

enum {
  PROP_0,
  PROP_ID,
  PROP_ROLE,
  PROP_NAME,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dm_feature_finalize (GObject *object)
{
  DmFeature *self = (DmFeature *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->geometry, dm_geometry_free);
  g_clear_pointer (&self->properties, g_hash_table_unref);

  G_OBJECT_CLASS (dm_feature_parent_class)->finalize (object);
}

static void
dm_feature_get_gproperty (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmFeature *self = DM_FEATURE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_feature_class_init (DmFeatureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dm_feature_finalize;
  object_class->get_property = dm_feature_get_gproperty;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, DM_TYPE_ROLE, DM_ROLE_REFERENCE,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dm_feature_init (DmFeature *self)
{
  self->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * dm_feature_new:
 * @geometry: (transfer full): WGS 84 geometry
 */
DmFeature *
dm_feature_new (DmRole role, const char *name, DmGeometry *geometry)
{
  DmFeature *self;

  g_return_val_if_fail (geometry != NULL, NULL);

  self = g_object_new (DM_TYPE_FEATURE, NULL);
  self->role = role;
  self->name = g_strdup (name);
  self->geometry = geometry;
  return self;
}

DmFeature *
dm_feature_new_annotation (double lon, double lat, const char *text)
{
  DmFeature *self = dm_feature_new (DM_ROLE_ANNOTATION, NULL, dm_geometry_new_point (lon, lat));

  self->text = g_strdup (text);
  return self;
}

DmFeature *
dm_feature_new_observation_post (double lon, double lat, DmSide side, double range_m)
{
  DmFeature *self = dm_feature_new (DM_ROLE_OBSERVATION_POST, NULL, dm_geometry_new_point (lon, lat));

  if (side != DM_SIDE_NONE)
    g_hash_table_insert (self->properties, g_strdup ("side"), g_strdup (dm_side_to_letter (side)));
  if (range_m > 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_hash_table_insert (self->properties, g_strdup ("range_m"),
                           g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", range_m)));
    }
  return self;
}

DmSide
dm_feature_get_post_side (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), DM_SIDE_NONE);
  return dm_side_from_letter (g_hash_table_lookup (self->properties, "side"));
}

double
dm_feature_get_post_range_m (DmFeature *self)
{
  const char *text;
  char *end = NULL;
  double v;

  g_return_val_if_fail (DM_IS_FEATURE (self), 0);

  if ((text = g_hash_table_lookup (self->properties, "range_m")) == NULL)
    return 0;
  v = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (v) && v > 0 ? v : 0;
}

DmFeature *
dm_feature_new_land_swap (const char *name, DmGeometry *geometry, DmSide from_side, DmSide to_side)
{
  DmFeature *self = dm_feature_new (DM_ROLE_LAND_SWAP, name, geometry);

  self->from_side = from_side;
  self->to_side = to_side;
  return self;
}

void
dm_feature_take_properties (DmFeature *self, GHashTable *props)
{
  g_return_if_fail (DM_IS_FEATURE (self));
  g_return_if_fail (self->id == 0);
  g_return_if_fail (props != NULL);

  g_clear_pointer (&self->properties, g_hash_table_unref);
  self->properties = props;
}

guint
dm_feature_get_id (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), 0);
  return self->id;
}

DmRole
dm_feature_get_role (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), DM_ROLE_REFERENCE);
  return self->role;
}

const char *
dm_feature_get_name (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);
  return self->name;
}

const char *
dm_feature_get_text (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);
  return self->text;
}

const DmGeometry *
dm_feature_get_geometry (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);
  return self->geometry;
}

DmSide
dm_feature_get_from_side (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), DM_SIDE_NONE);
  return self->from_side;
}

DmSide
dm_feature_get_to_side (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), DM_SIDE_NONE);
  return self->to_side;
}

const char *
dm_feature_get_property (DmFeature *self, const char *key)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->properties, key);
}

GHashTable *
dm_feature_get_properties (DmFeature *self)
{
  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);
  return self->properties;
}

DmFeature *
dm_feature_duplicate (DmFeature *self)
{
  DmFeature *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (DM_IS_FEATURE (self), NULL);

  copy = dm_feature_new (self->role, self->name, dm_geometry_copy (self->geometry));
  copy->text = g_strdup (self->text);
  copy->from_side = self->from_side;
  copy->to_side = self->to_side;
  g_hash_table_iter_init (&iter, self->properties);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->properties, g_strdup (key), g_strdup (value));
  return copy;
}

gboolean
dm_feature_equal (DmFeature *a, DmFeature *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (DM_IS_FEATURE (a), FALSE);
  g_return_val_if_fail (DM_IS_FEATURE (b), FALSE);

  if (a->role != b->role || g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->text, b->text) != 0 ||
      a->from_side != b->from_side || a->to_side != b->to_side || !dm_geometry_equal (a->geometry, b->geometry) ||
      g_hash_table_size (a->properties) != g_hash_table_size (b->properties))
    return FALSE;

  g_hash_table_iter_init (&iter, a->properties);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b->properties, key)) != 0)
      return FALSE;
  return TRUE;
}

void
_dm_feature_set_id (DmFeature *self, guint id)
{
  g_assert (DM_IS_FEATURE (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

DmGeometry *
_dm_feature_get_geometry_mut (DmFeature *self)
{
  g_assert (DM_IS_FEATURE (self));
  return self->geometry;
}

void
_dm_feature_set_geometry (DmFeature *self, DmGeometry *geometry)
{
  g_assert (DM_IS_FEATURE (self));
  g_assert (geometry != NULL);

  g_clear_pointer (&self->geometry, dm_geometry_free);
  self->geometry = geometry;
}

void
_dm_feature_set_name (DmFeature *self, const char *name)
{
  g_assert (DM_IS_FEATURE (self));
  if (set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
_dm_feature_set_text (DmFeature *self, const char *text)
{
  g_assert (DM_IS_FEATURE (self));
  if (set_str (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
_dm_feature_set_sides (DmFeature *self, DmSide from_side, DmSide to_side)
{
  g_assert (DM_IS_FEATURE (self));
  self->from_side = from_side;
  self->to_side = to_side;
}

void
_dm_feature_set_property (DmFeature *self, const char *key, const char *value)
{
  g_assert (DM_IS_FEATURE (self));
  if (value == NULL)
    g_hash_table_remove (self->properties, key);
  else
    g_hash_table_insert (self->properties, g_strdup (key), g_strdup (value));
}
