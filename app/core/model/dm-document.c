/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-document"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dm-command-private.h"
#include "dm-document-private.h"
#include "dm-document.h"
#include "dm-default-names.h"
#include "dm-i18n.h"
#include "dm-line-ops.h"
#include "dm-feature-private.h"

static DmChange *
dm_change_copy (const DmChange *change)
{
  return g_memdup2 (change, sizeof *change);
}

G_DEFINE_BOXED_TYPE (DmChange, dm_change, dm_change_copy, g_free)

typedef struct {
  char *name;
  GPtrArray *features; /* DmFeature: contact lines and swaps */
} Proposal;

typedef struct {
  char *name;
  char *source;
  GPtrArray *features; /* DmFeature with DM_ROLE_REFERENCE */
} ReferenceLayer;

typedef struct {
  char *name;
  char *color;
} Side;

struct _DmDocument {
  GObject parent_instance;

  Side sides[2];
  GPtrArray *proposals; /* Proposal, rc-boxed */
  guint active;
  GPtrArray *annotations; /* DmFeature */
  GPtrArray *references;  /* ReferenceLayer, rc-boxed */
  GPtrArray *zone_rules;  /* DmZoneRule */
  GHashTable *by_id;      /* id → DmFeature (borrowed) */
  guint next_id;
  guint64 revision;
  DmUndoStack *undo;
  guint64 clean_serial; /* the top step when last saved (0: none) */
  gboolean modified;    /* as last notified */
};

G_DEFINE_FINAL_TYPE (DmDocument, dm_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_ACTIVE_PROPOSAL,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
proposal_clear (gpointer data)
{
  Proposal *p = data;

  g_free (p->name);
  g_ptr_array_unref (p->features);
}

static Proposal *
proposal_new (const char *name)
{
  Proposal *p = g_rc_box_new0 (Proposal);

  p->name = g_strdup (name);
  p->features = g_ptr_array_new_with_free_func (g_object_unref);
  return p;
}

static void
proposal_unref (gpointer data)
{
  g_rc_box_release_full (data, proposal_clear);
}

static void
reference_layer_clear (gpointer data)
{
  ReferenceLayer *l = data;

  g_free (l->name);
  g_free (l->source);
  g_ptr_array_unref (l->features);
}

static void
reference_layer_unref (gpointer data)
{
  g_rc_box_release_full (data, reference_layer_clear);
}

static Side *
side_get (DmDocument *self, DmSide side)
{
  g_assert (side == DM_SIDE_A || side == DM_SIDE_B);
  return &self->sides[side == DM_SIDE_A ? 0 : 1];
}

static void
emit_change (DmDocument *self, DmChangeKind kind, guint feature_id, guint first_vertex, guint n_vertices)
{
  DmChange change = { kind, feature_id, first_vertex, n_vertices };

  self->revision++;
  g_signal_emit (self, signals[CHANGED], 0, &change);
}

static void
register_feature (DmDocument *self, DmFeature *feature)
{
  if (dm_feature_get_id (feature) == 0)
    _dm_feature_set_id (feature, ++self->next_id);
  else
    /* A feature loaded with its saved id: new ids count on from it. */
    self->next_id = MAX (self->next_id, dm_feature_get_id (feature));
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (dm_feature_get_id (feature)), feature);
}

static void
unregister_feature (DmDocument *self, DmFeature *feature)
{
  g_hash_table_remove (self->by_id, GUINT_TO_POINTER (dm_feature_get_id (feature)));
}

static Proposal *
active_proposal (DmDocument *self)
{
  return g_ptr_array_index (self->proposals, self->active);
}

static void
notify_undo_state (DmDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Called after every change to the history. */
static void
update_modified (DmDocument *self)
{
  gboolean modified = dm_undo_stack_get_top_serial (self->undo) != self->clean_serial;

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
push (DmDocument *self, DmCommand *command)
{
  gboolean could_undo = dm_document_can_undo (self);
  gboolean could_redo = dm_document_can_redo (self);

  dm_undo_stack_push (self->undo, command);
  if (could_undo != dm_document_can_undo (self) || could_redo != dm_document_can_redo (self))
    notify_undo_state (self);
  update_modified (self);
}

/* ---- Commands ---------------------------------------------------------- */

typedef struct {
  DmCommand parent;
  DmFeature *feature;
  guint index;
  double old_xy[2];
  double new_xy[2];
} MoveVertex;

static void
move_vertex_set (DmDocument *self, MoveVertex *cmd, const double *xy)
{
  dm_geometry_set_point (_dm_feature_get_geometry_mut (cmd->feature), cmd->index, xy[0], xy[1]);
  emit_change (self, DM_CHANGE_VERTICES_MOVED, dm_feature_get_id (cmd->feature), cmd->index, 1);
}

static void
move_vertex_apply (DmCommand *command, gpointer target)
{
  MoveVertex *cmd = (MoveVertex *) command;

  move_vertex_set (target, cmd, cmd->new_xy);
}

static void
move_vertex_revert (DmCommand *command, gpointer target)
{
  MoveVertex *cmd = (MoveVertex *) command;

  move_vertex_set (target, cmd, cmd->old_xy);
}

/* A drag is hundreds of moves of one vertex: one undo step. */
static gboolean
move_vertex_merge (DmCommand *command, const DmCommand *next)
{
  MoveVertex *cmd = (MoveVertex *) command;
  const MoveVertex *n = (const MoveVertex *) next;

  if (cmd->feature != n->feature || cmd->index != n->index)
    return FALSE;
  cmd->new_xy[0] = n->new_xy[0];
  cmd->new_xy[1] = n->new_xy[1];
  return TRUE;
}

static void
feature_command_finalize (DmCommand *command)
{
  MoveVertex *cmd = (MoveVertex *) command; /* every feature command starts so */

  g_clear_object (&cmd->feature);
}

static const DmCommandClass move_vertex_class = {
  "move-vertex", move_vertex_apply, move_vertex_revert, move_vertex_merge, feature_command_finalize,
};

typedef struct {
  DmCommand parent;
  DmFeature *feature;
  guint index;
  double xy[2];
  gboolean insert; /* else remove */
} InsertVertex;

static void
insert_vertex_do (DmDocument *self, InsertVertex *cmd, gboolean insert)
{
  DmGeometry *g = _dm_feature_get_geometry_mut (cmd->feature);

  if (insert)
    dm_geometry_insert_point (g, cmd->index, cmd->xy[0], cmd->xy[1]);
  else
    dm_geometry_remove_point (g, cmd->index);
  emit_change (self, insert ? DM_CHANGE_VERTEX_INSERTED : DM_CHANGE_VERTEX_REMOVED, dm_feature_get_id (cmd->feature),
               cmd->index, 1);
}

static void
insert_vertex_apply (DmCommand *command, gpointer target)
{
  InsertVertex *cmd = (InsertVertex *) command;

  insert_vertex_do (target, cmd, cmd->insert);
}

static void
insert_vertex_revert (DmCommand *command, gpointer target)
{
  InsertVertex *cmd = (InsertVertex *) command;

  insert_vertex_do (target, cmd, !cmd->insert);
}

static const DmCommandClass insert_vertex_class = {
  "insert-vertex", insert_vertex_apply, insert_vertex_revert, NULL, feature_command_finalize,
};

typedef struct {
  DmCommand parent;
  DmFeature *feature;
  DmGeometry *old_geometry;
  DmGeometry *new_geometry;
} SetGeometry;

static void
set_geometry_do (DmDocument *self, SetGeometry *cmd, DmGeometry *geometry)
{
  _dm_feature_set_geometry (cmd->feature, dm_geometry_copy (geometry));
  emit_change (self, DM_CHANGE_GEOMETRY, dm_feature_get_id (cmd->feature), 0, 0);
}

static void
set_geometry_apply (DmCommand *command, gpointer target)
{
  SetGeometry *cmd = (SetGeometry *) command;

  set_geometry_do (target, cmd, cmd->new_geometry);
}

static void
set_geometry_revert (DmCommand *command, gpointer target)
{
  SetGeometry *cmd = (SetGeometry *) command;

  set_geometry_do (target, cmd, cmd->old_geometry);
}

static void
set_geometry_finalize (DmCommand *command)
{
  SetGeometry *cmd = (SetGeometry *) command;

  g_clear_object (&cmd->feature);
  g_clear_pointer (&cmd->old_geometry, dm_geometry_free);
  g_clear_pointer (&cmd->new_geometry, dm_geometry_free);
}

static const DmCommandClass set_geometry_class = {
  "set-geometry", set_geometry_apply, set_geometry_revert, NULL, set_geometry_finalize,
};

typedef struct {
  DmCommand parent;
  DmFeature *feature;
  Proposal *proposal; /* NULL: the shared annotations */
  guint position;
  gboolean add; /* else remove */
} AddFeature;

static GPtrArray *
feature_container (DmDocument *self, AddFeature *cmd)
{
  return cmd->proposal != NULL ? cmd->proposal->features : self->annotations;
}

static void
add_feature_do (DmDocument *self, AddFeature *cmd, gboolean add)
{
  GPtrArray *container = feature_container (self, cmd);
  guint id;

  if (add)
    {
      g_ptr_array_insert (container, cmd->position, g_object_ref (cmd->feature));
      register_feature (self, cmd->feature);
    }
  else
    {
      g_assert (g_ptr_array_index (container, cmd->position) == cmd->feature);
      unregister_feature (self, cmd->feature);
      g_ptr_array_remove_index (container, cmd->position);
    }
  id = dm_feature_get_id (cmd->feature);
  emit_change (self, add ? DM_CHANGE_FEATURE_ADDED : DM_CHANGE_FEATURE_REMOVED, id, 0, 0);
}

static void
add_feature_apply (DmCommand *command, gpointer target)
{
  AddFeature *cmd = (AddFeature *) command;

  add_feature_do (target, cmd, cmd->add);
}

static void
add_feature_revert (DmCommand *command, gpointer target)
{
  AddFeature *cmd = (AddFeature *) command;

  add_feature_do (target, cmd, !cmd->add);
}

static void
add_feature_finalize (DmCommand *command)
{
  AddFeature *cmd = (AddFeature *) command;

  g_clear_object (&cmd->feature);
  g_clear_pointer (&cmd->proposal, proposal_unref);
}

static const DmCommandClass add_feature_class = {
  "add-feature", add_feature_apply, add_feature_revert, NULL, add_feature_finalize,
};

typedef struct {
  DmCommand parent;
  DmFeature *feature;
  char *old_name, *new_name;
  char *old_text, *new_text;
  DmSide old_sides[2], new_sides[2];
} SetAttrs;

static void
set_attrs_do (DmDocument *self, SetAttrs *cmd, gboolean forward)
{
  _dm_feature_set_name (cmd->feature, forward ? cmd->new_name : cmd->old_name);
  _dm_feature_set_text (cmd->feature, forward ? cmd->new_text : cmd->old_text);
  if (forward)
    _dm_feature_set_sides (cmd->feature, cmd->new_sides[0], cmd->new_sides[1]);
  else
    _dm_feature_set_sides (cmd->feature, cmd->old_sides[0], cmd->old_sides[1]);
  emit_change (self, DM_CHANGE_FEATURE_PROPERTIES, dm_feature_get_id (cmd->feature), 0, 0);
}

static void
set_attrs_apply (DmCommand *command, gpointer target)
{
  set_attrs_do (target, (SetAttrs *) command, TRUE);
}

static void
set_attrs_revert (DmCommand *command, gpointer target)
{
  set_attrs_do (target, (SetAttrs *) command, FALSE);
}

static void
set_attrs_finalize (DmCommand *command)
{
  SetAttrs *cmd = (SetAttrs *) command;

  g_clear_object (&cmd->feature);
  g_free (cmd->old_name);
  g_free (cmd->new_name);
  g_free (cmd->old_text);
  g_free (cmd->new_text);
}

static const DmCommandClass set_attrs_class = {
  "set-attributes", set_attrs_apply, set_attrs_revert, NULL, set_attrs_finalize,
};

typedef struct {
  DmCommand parent;
  DmSide side;
  Side old_value, new_value;
} SetSide;

static void
set_side_do (DmDocument *self, SetSide *cmd, const Side *value)
{
  Side *s = side_get (self, cmd->side);

  g_free (s->name);
  g_free (s->color);
  s->name = g_strdup (value->name);
  s->color = g_strdup (value->color);
  emit_change (self, DM_CHANGE_SIDES, 0, 0, 0);
}

static void
set_side_apply (DmCommand *command, gpointer target)
{
  SetSide *cmd = (SetSide *) command;

  set_side_do (target, cmd, &cmd->new_value);
}

static void
set_side_revert (DmCommand *command, gpointer target)
{
  SetSide *cmd = (SetSide *) command;

  set_side_do (target, cmd, &cmd->old_value);
}

static void
set_side_finalize (DmCommand *command)
{
  SetSide *cmd = (SetSide *) command;

  g_free (cmd->old_value.name);
  g_free (cmd->old_value.color);
  g_free (cmd->new_value.name);
  g_free (cmd->new_value.color);
}

static const DmCommandClass set_side_class = {
  "set-side", set_side_apply, set_side_revert, NULL, set_side_finalize,
};

typedef struct {
  DmCommand parent;
  Proposal *proposal;
  guint position;
  gboolean add;
  guint old_active, new_active;
} AddProposal;

static void
add_proposal_do (DmDocument *self, AddProposal *cmd, gboolean add)
{
  if (add)
    {
      g_ptr_array_insert (self->proposals, cmd->position, g_rc_box_acquire (cmd->proposal));
      for (guint i = 0; i < cmd->proposal->features->len; i++)
        register_feature (self, g_ptr_array_index (cmd->proposal->features, i));
    }
  else
    {
      for (guint i = 0; i < cmd->proposal->features->len; i++)
        unregister_feature (self, g_ptr_array_index (cmd->proposal->features, i));
      g_ptr_array_remove_index (self->proposals, cmd->position);
    }
  {
    guint was_active = self->active;

    self->active = add == cmd->add ? cmd->new_active : cmd->old_active;
    emit_change (self, DM_CHANGE_PROPOSALS, 0, 0, 0);
    if (self->active != was_active)
      emit_change (self, DM_CHANGE_ACTIVE_PROPOSAL, 0, 0, 0);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROPOSAL]);
}

static void
add_proposal_apply (DmCommand *command, gpointer target)
{
  AddProposal *cmd = (AddProposal *) command;

  add_proposal_do (target, cmd, cmd->add);
}

static void
add_proposal_revert (DmCommand *command, gpointer target)
{
  AddProposal *cmd = (AddProposal *) command;

  add_proposal_do (target, cmd, !cmd->add);
}

static void
add_proposal_finalize (DmCommand *command)
{
  AddProposal *cmd = (AddProposal *) command;

  g_clear_pointer (&cmd->proposal, proposal_unref);
}

static const DmCommandClass add_proposal_class = {
  "add-proposal", add_proposal_apply, add_proposal_revert, NULL, add_proposal_finalize,
};

typedef struct {
  DmCommand parent;
  guint index;
  char *old_name, *new_name;
  guint old_active, new_active;
} ProposalState;

static void
proposal_state_do (DmDocument *self, ProposalState *cmd, gboolean forward)
{
  Proposal *p = g_ptr_array_index (self->proposals, cmd->index);
  guint active = forward ? cmd->new_active : cmd->old_active;

  if (cmd->new_name != NULL)
    {
      g_free (p->name);
      p->name = g_strdup (forward ? cmd->new_name : cmd->old_name);
      emit_change (self, DM_CHANGE_PROPOSALS, 0, 0, 0);
    }
  if (active != self->active)
    {
      self->active = active;
      emit_change (self, DM_CHANGE_ACTIVE_PROPOSAL, 0, 0, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROPOSAL]);
    }
}

static void
proposal_state_apply (DmCommand *command, gpointer target)
{
  proposal_state_do (target, (ProposalState *) command, TRUE);
}

static void
proposal_state_revert (DmCommand *command, gpointer target)
{
  proposal_state_do (target, (ProposalState *) command, FALSE);
}

static void
proposal_state_finalize (DmCommand *command)
{
  ProposalState *cmd = (ProposalState *) command;

  g_free (cmd->old_name);
  g_free (cmd->new_name);
}

static const DmCommandClass proposal_state_class = {
  "proposal-state", proposal_state_apply, proposal_state_revert, NULL, proposal_state_finalize,
};

typedef struct {
  DmCommand parent;
  ReferenceLayer *layer;
  guint position;
  gboolean add;
} AddReference;

static void
add_reference_do (DmDocument *self, AddReference *cmd, gboolean add)
{
  if (add)
    {
      g_ptr_array_insert (self->references, cmd->position, g_rc_box_acquire (cmd->layer));
      for (guint i = 0; i < cmd->layer->features->len; i++)
        register_feature (self, g_ptr_array_index (cmd->layer->features, i));
    }
  else
    {
      for (guint i = 0; i < cmd->layer->features->len; i++)
        unregister_feature (self, g_ptr_array_index (cmd->layer->features, i));
      g_ptr_array_remove_index (self->references, cmd->position);
    }
  emit_change (self, DM_CHANGE_REFERENCE_LAYERS, 0, 0, 0);
}

static void
add_reference_apply (DmCommand *command, gpointer target)
{
  AddReference *cmd = (AddReference *) command;

  add_reference_do (target, cmd, cmd->add);
}

static void
add_reference_revert (DmCommand *command, gpointer target)
{
  AddReference *cmd = (AddReference *) command;

  add_reference_do (target, cmd, !cmd->add);
}

static void
add_reference_finalize (DmCommand *command)
{
  AddReference *cmd = (AddReference *) command;

  g_clear_pointer (&cmd->layer, reference_layer_unref);
}

static const DmCommandClass add_reference_class = {
  "add-reference-layer", add_reference_apply, add_reference_revert, NULL, add_reference_finalize,
};

typedef struct {
  DmCommand parent;
  guint index;
  DmZoneRule *old_rule; /* NULL: the rule is added */
  DmZoneRule *new_rule; /* NULL: the rule is removed */
} ZoneRuleCmd;

static void
zone_rule_do (DmDocument *self, ZoneRuleCmd *cmd, const DmZoneRule *from, const DmZoneRule *to)
{
  if (from == NULL)
    g_ptr_array_insert (self->zone_rules, cmd->index, dm_zone_rule_copy (to));
  else if (to == NULL)
    g_ptr_array_remove_index (self->zone_rules, cmd->index);
  else
    {
      dm_zone_rule_free (g_ptr_array_index (self->zone_rules, cmd->index));
      g_ptr_array_index (self->zone_rules, cmd->index) = dm_zone_rule_copy (to);
    }
  emit_change (self, DM_CHANGE_ZONE_RULES, 0, cmd->index, 1);
}

static void
zone_rule_apply (DmCommand *command, gpointer target)
{
  ZoneRuleCmd *cmd = (ZoneRuleCmd *) command;

  zone_rule_do (target, cmd, cmd->old_rule, cmd->new_rule);
}

static void
zone_rule_revert (DmCommand *command, gpointer target)
{
  ZoneRuleCmd *cmd = (ZoneRuleCmd *) command;

  zone_rule_do (target, cmd, cmd->new_rule, cmd->old_rule);
}

static gboolean
zone_rule_merge (DmCommand *command, const DmCommand *next)
{
  ZoneRuleCmd *cmd = (ZoneRuleCmd *) command;
  const ZoneRuleCmd *n = (const ZoneRuleCmd *) next;

  /* Only changes of one existing rule coalesce, not adds and removes. */
  if (cmd->index != n->index || cmd->old_rule == NULL || cmd->new_rule == NULL || n->old_rule == NULL ||
      n->new_rule == NULL)
    return FALSE;
  dm_zone_rule_free (cmd->new_rule);
  cmd->new_rule = dm_zone_rule_copy (n->new_rule);
  return TRUE;
}

static void
zone_rule_finalize (DmCommand *command)
{
  ZoneRuleCmd *cmd = (ZoneRuleCmd *) command;

  g_clear_pointer (&cmd->old_rule, dm_zone_rule_free);
  g_clear_pointer (&cmd->new_rule, dm_zone_rule_free);
}

static const DmCommandClass zone_rule_class = {
  "zone-rule", zone_rule_apply, zone_rule_revert, zone_rule_merge, zone_rule_finalize,
};

/* ---- GObject ----------------------------------------------------------- */

static void
dm_document_finalize (GObject *object)
{
  DmDocument *self = (DmDocument *) object;

  /* Commands hold features and proposals: free them first. */
  g_clear_pointer (&self->undo, dm_undo_stack_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_clear_pointer (&self->zone_rules, g_ptr_array_unref);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->sides[i].name);
      g_free (self->sides[i].color);
    }

  G_OBJECT_CLASS (dm_document_parent_class)->finalize (object);
}

static void
dm_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DmDocument *self = DM_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, dm_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, dm_document_can_redo (self));
      break;
    case PROP_ACTIVE_PROPOSAL:
      g_value_set_uint (value, self->active);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dm_document_class_init (DmDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dm_document_finalize;
  object_class->get_property = dm_document_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Changed since opened or last saved (undo back to that state clears
   * it). */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_PROPOSAL] =
    g_param_spec_uint ("active-proposal", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DmDocument::changed:
   * @change: (type DmChange): what changed
   *
   * Emitted once for every change, including undo and redo.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, DM_TYPE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* The names Demarcate gives by itself.  gen-default-names.py reads this
 * table and the catalogues into default_name_translations[] (built into
 * the program: a fingerprint does not depend on the locales a machine
 * has), so a name added here is known in every language at once. */
static const char *const default_names[] = {
  N_ ("Side A"),
  N_ ("Side B"),
  N_ ("Proposal 1"),
  N_ ("Contact line"),
  N_ ("Demilitarised zone"),
  N_ ("Artillery of 100 mm and more (Minsk II)"),
  N_ ("Multiple rocket launchers (Minsk II)"),
  N_ ("Tornado-S, Uragan, Smerch, Tochka-U (Minsk II)"),
  N_ ("Donetsk buffer zone"),
  N_ ("Russian forces 100 miles from NATO"),
  N_ ("Ukraine–Belarus border, 50 km"),
  NULL,
};

G_STATIC_ASSERT (DM_DEFAULT_NAMES_COLUMNS == DM_N_LANGUAGES);
G_STATIC_ASSERT (DM_N_DEFAULT_NAMES == G_N_ELEMENTS (default_names) - 1);

/* The row of default_name_translations[] that has @name in any language. */
static const char *const *
default_name_row (const char *name)
{
  for (guint i = 0; name != NULL && i < DM_N_DEFAULT_NAMES; i++)
    for (guint l = 0; l < DM_N_LANGUAGES; l++)
      if (g_str_equal (name, default_name_translations[i][l]))
        return default_name_translations[i];
  return NULL;
}

const char *
dm_document_default_name_in_english (const char *name)
{
  const char *const *row = default_name_row (name);

  return row != NULL ? row[DM_LANGUAGE_EN] : name;
}

const char *
dm_document_default_name_localized (const char *name)
{
  const char *const *row = default_name_row (name);

  return row != NULL ? row[dm_i18n_get_language ()] : name;
}

static void
dm_document_init (DmDocument *self)
{
  /* Neutral defaults; a scenario names its sides (e.g. Ukraine and Russia). */
  self->sides[0].name = g_strdup (_ ("Side A"));
  self->sides[0].color = g_strdup ("#1c71d8");
  self->sides[1].name = g_strdup (_ ("Side B"));
  self->sides[1].color = g_strdup ("#c01c28");
  self->proposals = g_ptr_array_new_with_free_func (proposal_unref);
  g_ptr_array_add (self->proposals, proposal_new (_ ("Proposal 1")));
  self->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->references = g_ptr_array_new_with_free_func (reference_layer_unref);
  self->zone_rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  self->by_id = g_hash_table_new (NULL, NULL);
  self->undo = dm_undo_stack_new (self);
}

DmDocument *
dm_document_new (void)
{
  return g_object_new (DM_TYPE_DOCUMENT, NULL);
}

/* ---- Sides ------------------------------------------------------------- */

const char *
dm_document_get_side_name (DmDocument *self, DmSide side)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (side == DM_SIDE_A || side == DM_SIDE_B, NULL);
  return side_get (self, side)->name;
}

const char *
dm_document_get_side_color (DmDocument *self, DmSide side)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (side == DM_SIDE_A || side == DM_SIDE_B, NULL);
  return side_get (self, side)->color;
}

void
dm_document_set_side (DmDocument *self, DmSide side, const char *name, const char *color)
{
  SetSide *cmd;
  Side *s;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (side == DM_SIDE_A || side == DM_SIDE_B);
  g_return_if_fail (name != NULL && color != NULL);

  s = side_get (self, side);
  if (g_strcmp0 (s->name, name) == 0 && g_strcmp0 (s->color, color) == 0)
    return;

  cmd = dm_command_alloc (&set_side_class, sizeof *cmd, _ ("Change side"));
  cmd->side = side;
  cmd->old_value.name = g_strdup (s->name);
  cmd->old_value.color = g_strdup (s->color);
  cmd->new_value.name = g_strdup (name);
  cmd->new_value.color = g_strdup (color);
  push (self, &cmd->parent);
}

/* ---- Features ---------------------------------------------------------- */

GPtrArray *
dm_document_list_features (DmDocument *self, int role)
{
  GPtrArray *out;
  GPtrArray *sources[2];

  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);

  out = g_ptr_array_new_with_free_func (g_object_unref);
  if (role == DM_ROLE_REFERENCE)
    {
      for (guint l = 0; l < self->references->len; l++)
        {
          ReferenceLayer *layer = g_ptr_array_index (self->references, l);

          for (guint i = 0; i < layer->features->len; i++)
            g_ptr_array_add (out, g_object_ref (g_ptr_array_index (layer->features, i)));
        }
      return out;
    }

  sources[0] = active_proposal (self)->features;
  sources[1] = self->annotations;
  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < sources[s]->len; i++)
      {
        DmFeature *f = g_ptr_array_index (sources[s], i);

        if (role < 0 || dm_feature_get_role (f) == (DmRole) role)
          g_ptr_array_add (out, g_object_ref (f));
      }
  return out;
}

DmFeature *
dm_document_get_contact_line (DmDocument *self)
{
  GPtrArray *features;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);

  features = active_proposal (self)->features;
  for (guint i = 0; i < features->len; i++)
    {
      DmFeature *f = g_ptr_array_index (features, i);

      if (dm_feature_get_role (f) == DM_ROLE_CONTACT_LINE)
        return f;
    }
  return NULL;
}

DmFeature *
dm_document_lookup_feature (DmDocument *self, guint id)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  return g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
}

static DmFeature *
lookup_editable (DmDocument *self, guint id)
{
  DmFeature *f = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));

  if (f == NULL)
    {
      g_critical ("No feature with id %u in the document", id);
      return NULL;
    }
  if (dm_feature_get_role (f) == DM_ROLE_REFERENCE)
    {
      g_critical ("Feature %u belongs to a reference layer, which is read-only", id);
      return NULL;
    }
  return f;
}

static void push_set_geometry (DmDocument *self, DmFeature *f, DmGeometry *geometry, const char *label);
static guint add_feature_internal (DmDocument *self, DmFeature *feature);

guint
dm_document_add_feature (DmDocument *self, DmFeature *feature)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (DM_IS_FEATURE (feature), 0);
  g_return_val_if_fail (dm_feature_get_id (feature) == 0, 0);
  g_return_val_if_fail (dm_feature_get_role (feature) != DM_ROLE_REFERENCE, 0);

  return add_feature_internal (self, feature);
}

guint
_dm_document_add_feature_keep_id (DmDocument *self, DmFeature *feature)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (DM_IS_FEATURE (feature), 0);
  g_return_val_if_fail (dm_feature_get_role (feature) != DM_ROLE_REFERENCE, 0);
  g_return_val_if_fail (dm_feature_get_id (feature) == 0 ||
                          dm_document_lookup_feature (self, dm_feature_get_id (feature)) == NULL,
                        0);

  return add_feature_internal (self, feature);
}

static guint
add_feature_internal (DmDocument *self, DmFeature *feature)
{
  AddFeature *cmd;
  DmRole role = dm_feature_get_role (feature);
  const char *label;
  DmFeature *line;

  /* A proposal has one contact line: another line becomes more parts of
   * it (a front line in several pieces is still one line). */
  if (role == DM_ROLE_CONTACT_LINE && (line = dm_document_get_contact_line (self)) != NULL &&
      dm_geometry_is_lineal (dm_feature_get_geometry (feature)))
    {
      push_set_geometry (self, line,
                         dm_line_add_parts (dm_feature_get_geometry (line), dm_feature_get_geometry (feature)),
                         _ ("Add contact line part"));
      return dm_feature_get_id (line);
    }

  switch (role)
    {
    case DM_ROLE_CONTACT_LINE:
      label = _ ("Add contact line");
      break;
    case DM_ROLE_LAND_SWAP:
      label = _ ("Add land swap");
      break;
    case DM_ROLE_OBSERVATION_POST:
      label = _ ("Add observation post");
      break;
    case DM_ROLE_ANNOTATION:
    case DM_ROLE_REFERENCE:
    default:
      label = _ ("Add annotation");
      break;
    }

  cmd = dm_command_alloc (&add_feature_class, sizeof *cmd, label);
  cmd->feature = g_object_ref (feature);
  cmd->add = TRUE;
  if (role == DM_ROLE_ANNOTATION)
    cmd->position = self->annotations->len;
  else
    {
      cmd->proposal = g_rc_box_acquire (active_proposal (self));
      cmd->position = cmd->proposal->features->len;
    }
  push (self, &cmd->parent);
  return dm_feature_get_id (feature);
}

void
dm_document_remove_feature (DmDocument *self, guint id)
{
  DmFeature *f;
  AddFeature *cmd;
  GPtrArray *container = NULL;
  Proposal *owner = NULL;
  guint position = 0;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;

  if (g_ptr_array_find (self->annotations, f, &position))
    container = self->annotations;
  else
    for (guint i = 0; i < self->proposals->len && container == NULL; i++)
      {
        Proposal *p = g_ptr_array_index (self->proposals, i);

        if (g_ptr_array_find (p->features, f, &position))
          {
            container = p->features;
            owner = p;
          }
      }
  g_return_if_fail (container != NULL);

  cmd = dm_command_alloc (&add_feature_class, sizeof *cmd, _ ("Delete feature"));
  cmd->feature = g_object_ref (f);
  cmd->proposal = owner != NULL ? g_rc_box_acquire (owner) : NULL;
  cmd->position = position;
  cmd->add = FALSE;
  push (self, &cmd->parent);
}

void
dm_document_move_vertex (DmDocument *self, guint id, guint index, double lon, double lat)
{
  DmFeature *f;
  MoveVertex *cmd;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (index < dm_geometry_get_n_points (dm_feature_get_geometry (f)));

  cmd = dm_command_alloc (&move_vertex_class, sizeof *cmd,
                          dm_feature_get_role (f) == DM_ROLE_OBSERVATION_POST ? _ ("Move observation post")
                          : dm_feature_get_role (f) == DM_ROLE_ANNOTATION     ? _ ("Move annotation")
                                                                              : _ ("Move vertex"));
  cmd->feature = g_object_ref (f);
  cmd->index = index;
  dm_geometry_get_point (dm_feature_get_geometry (f), index, &cmd->old_xy[0], &cmd->old_xy[1]);
  cmd->new_xy[0] = lon;
  cmd->new_xy[1] = lat;
  push (self, &cmd->parent);
}

void
dm_document_move_vertices (DmDocument *self, guint id, const guint *indices, guint n_indices, double dlon, double dlat)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (indices != NULL || n_indices == 0);

  if ((f = lookup_editable (self, id)) == NULL || n_indices == 0)
    return;

  dm_document_begin_group (self, _ ("Move vertices"));
  for (guint i = 0; i < n_indices; i++)
    {
      double lon, lat;

      g_return_if_fail (indices[i] < dm_geometry_get_n_points (dm_feature_get_geometry (f)));
      dm_geometry_get_point (dm_feature_get_geometry (f), indices[i], &lon, &lat);
      dm_document_move_vertex (self, id, indices[i], lon + dlon, lat + dlat);
    }
  dm_document_end_group (self);
}

static void
push_insert_vertex (DmDocument *self, DmFeature *f, guint index, double lon, double lat, gboolean insert)
{
  InsertVertex *cmd;

  cmd = dm_command_alloc (&insert_vertex_class, sizeof *cmd, insert ? _ ("Insert vertex") : _ ("Delete vertex"));
  cmd->feature = g_object_ref (f);
  cmd->index = index;
  cmd->xy[0] = lon;
  cmd->xy[1] = lat;
  cmd->insert = insert;
  push (self, &cmd->parent);
}

void
dm_document_insert_vertex (DmDocument *self, guint id, guint index, double lon, double lat)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (index <= dm_geometry_get_n_points (dm_feature_get_geometry (f)));

  push_insert_vertex (self, f, index, lon, lat, TRUE);
}

void
dm_document_remove_vertex (DmDocument *self, guint id, guint index)
{
  DmFeature *f;
  double lon, lat;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (index < dm_geometry_get_n_points (dm_feature_get_geometry (f)));

  dm_geometry_get_point (dm_feature_get_geometry (f), index, &lon, &lat);
  push_insert_vertex (self, f, index, lon, lat, FALSE);
}

static void
push_set_geometry (DmDocument *self, DmFeature *f, DmGeometry *geometry, const char *label)
{
  SetGeometry *cmd;

  cmd = dm_command_alloc (&set_geometry_class, sizeof *cmd, label);
  cmd->feature = g_object_ref (f);
  cmd->old_geometry = dm_geometry_copy (dm_feature_get_geometry (f));
  cmd->new_geometry = geometry;
  push (self, &cmd->parent);
}

void
dm_document_set_geometry (DmDocument *self, guint id, DmGeometry *geometry)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (geometry != NULL);

  if ((f = lookup_editable (self, id)) == NULL)
    {
      dm_geometry_free (geometry);
      return;
    }
  push_set_geometry (self, f, geometry, _ ("Change geometry"));
}

void
dm_document_reverse_line (DmDocument *self, guint id)
{
  DmFeature *f;
  DmGeometry *g;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g = dm_geometry_copy (dm_feature_get_geometry (f));
  dm_geometry_reverse (g);
  push_set_geometry (self, f, g, _ ("Reverse direction"));
}

gboolean
dm_document_split_line (DmDocument *self, guint id, guint vertex, guint *new_part_out)
{
  g_autoptr (GError) error = NULL;
  DmGeometry *split;
  DmFeature *f;
  guint part = 0, ring;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);

  if ((f = lookup_editable (self, id)) == NULL)
    return FALSE;
  if ((split = dm_line_split_part (dm_feature_get_geometry (f), vertex, &error)) == NULL)
    {
      g_debug ("Cannot split feature %u: %s", id, error->message);
      return FALSE;
    }
  dm_geometry_locate_point (dm_feature_get_geometry (f), vertex, &part, &ring);
  push_set_geometry (self, f, split, _ ("Split line"));
  if (new_part_out != NULL)
    *new_part_out = part + 1;
  return TRUE;
}

gboolean
dm_document_join_parts (DmDocument *self, guint id, guint part_a, guint part_b, double max_gap_m, GError **error)
{
  DmFeature *f;
  DmGeometry *joined;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((f = lookup_editable (self, id)) == NULL)
    {
      g_set_error (error, DM_LINE_OPS_ERROR, DM_LINE_OPS_ERROR_NOT_A_LINE, _ ("There is no line to join"));
      return FALSE;
    }
  if ((joined = dm_line_join_parts (dm_feature_get_geometry (f), part_a, part_b, max_gap_m, NULL, error)) == NULL)
    return FALSE;
  push_set_geometry (self, f, joined, _ ("Join parts"));
  return TRUE;
}

void
dm_document_remove_part (DmDocument *self, guint id, guint part)
{
  DmFeature *f;
  DmGeometry *rest;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (part < dm_geometry_get_n_parts (dm_feature_get_geometry (f)));
  if ((rest = dm_line_remove_part (dm_feature_get_geometry (f), part)) == NULL)
    dm_document_remove_feature (self, id);
  else
    push_set_geometry (self, f, rest, _ ("Delete part"));
}

void
dm_document_reverse_part (DmDocument *self, guint id, guint part)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (part < dm_geometry_get_n_parts (dm_feature_get_geometry (f)));
  push_set_geometry (self, f, dm_line_reverse_part (dm_feature_get_geometry (f), part), _ ("Reverse direction"));
}

guint
dm_document_simplify_feature (DmDocument *self, guint id, double tolerance_m)
{
  DmFeature *f;
  DmGeometry *simple;
  guint before, after;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (tolerance_m >= 0, 0);

  if ((f = lookup_editable (self, id)) == NULL)
    return 0;
  simple = dm_line_simplify (dm_feature_get_geometry (f), tolerance_m);
  before = dm_geometry_get_n_points (dm_feature_get_geometry (f));
  after = dm_geometry_get_n_points (simple);
  if (after == before)
    {
      dm_geometry_free (simple);
      return 0;
    }
  dm_document_begin_group (self, _ ("Simplify"));
  push_set_geometry (self, f, simple, _ ("Simplify"));
  dm_document_end_group (self);
  return before - after;
}

static void
push_set_attrs (DmDocument *self,
                DmFeature *f,
                const char *name,
                const char *text,
                DmSide from_side,
                DmSide to_side,
                const char *label)
{
  SetAttrs *cmd;

  if (g_strcmp0 (name, dm_feature_get_name (f)) == 0 && g_strcmp0 (text, dm_feature_get_text (f)) == 0 &&
      from_side == dm_feature_get_from_side (f) && to_side == dm_feature_get_to_side (f))
    return;

  cmd = dm_command_alloc (&set_attrs_class, sizeof *cmd, label);
  cmd->feature = g_object_ref (f);
  cmd->old_name = g_strdup (dm_feature_get_name (f));
  cmd->old_text = g_strdup (dm_feature_get_text (f));
  cmd->old_sides[0] = dm_feature_get_from_side (f);
  cmd->old_sides[1] = dm_feature_get_to_side (f);
  cmd->new_name = g_strdup (name);
  cmd->new_text = g_strdup (text);
  cmd->new_sides[0] = from_side;
  cmd->new_sides[1] = to_side;
  push (self, &cmd->parent);
}

void
dm_document_set_feature_name (DmDocument *self, guint id, const char *name)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  if ((f = lookup_editable (self, id)) == NULL)
    return;
  push_set_attrs (self, f, name, dm_feature_get_text (f), dm_feature_get_from_side (f), dm_feature_get_to_side (f),
                  _ ("Rename"));
}

void
dm_document_set_feature_text (DmDocument *self, guint id, const char *text)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  if ((f = lookup_editable (self, id)) == NULL)
    return;
  push_set_attrs (self, f, dm_feature_get_name (f), text, dm_feature_get_from_side (f), dm_feature_get_to_side (f),
                  _ ("Edit text"));
}

void
dm_document_set_swap_sides (DmDocument *self, guint id, DmSide from_side, DmSide to_side)
{
  DmFeature *f;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  if ((f = lookup_editable (self, id)) == NULL)
    return;
  g_return_if_fail (dm_feature_get_role (f) == DM_ROLE_LAND_SWAP);
  push_set_attrs (self, f, dm_feature_get_name (f), dm_feature_get_text (f), from_side, to_side,
                  _ ("Change giver and receiver"));
}

/* ---- Proposals --------------------------------------------------------- */

guint
dm_document_get_n_proposals (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return self->proposals->len;
}

const char *
dm_document_get_proposal_name (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->proposals->len, NULL);
  return ((Proposal *) g_ptr_array_index (self->proposals, index))->name;
}

guint
dm_document_get_active_proposal (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return self->active;
}

GPtrArray *
dm_document_get_proposal_features (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->proposals->len, NULL);
  return ((Proposal *) g_ptr_array_index (self->proposals, index))->features;
}

static void
push_proposal_state (DmDocument *self, guint index, const char *new_name, guint new_active, const char *label)
{
  ProposalState *cmd;

  cmd = dm_command_alloc (&proposal_state_class, sizeof *cmd, label);
  cmd->index = index;
  if (new_name != NULL)
    {
      cmd->old_name = g_strdup (dm_document_get_proposal_name (self, index));
      cmd->new_name = g_strdup (new_name);
    }
  cmd->old_active = self->active;
  cmd->new_active = new_active;
  push (self, &cmd->parent);
}

void
dm_document_set_active_proposal (DmDocument *self, guint index)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->proposals->len);

  if (index == self->active)
    return;
  push_proposal_state (self, index, NULL, index, _ ("Switch proposal"));
}

void
dm_document_rename_proposal (DmDocument *self, guint index, const char *name)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->proposals->len);
  g_return_if_fail (name != NULL && *name != '\0');

  if (g_strcmp0 (name, dm_document_get_proposal_name (self, index)) == 0)
    return;
  push_proposal_state (self, index, name, self->active, _ ("Rename proposal"));
}

guint
dm_document_add_proposal (DmDocument *self, const char *name, gboolean copy_active)
{
  AddProposal *cmd;
  Proposal *p;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  p = proposal_new (name);
  if (copy_active)
    {
      GPtrArray *src = active_proposal (self)->features;

      for (guint i = 0; i < src->len; i++)
        g_ptr_array_add (p->features, dm_feature_duplicate (g_ptr_array_index (src, i)));
    }

  cmd = dm_command_alloc (&add_proposal_class, sizeof *cmd, _ ("New proposal"));
  cmd->proposal = p;
  cmd->position = self->proposals->len;
  cmd->add = TRUE;
  cmd->old_active = self->active;
  cmd->new_active = self->proposals->len;
  push (self, &cmd->parent);
  return cmd->new_active;
}

void
dm_document_remove_proposal (DmDocument *self, guint index)
{
  AddProposal *cmd;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->proposals->len);
  /* A document always has a proposal to draw in. */
  g_return_if_fail (self->proposals->len > 1);

  cmd = dm_command_alloc (&add_proposal_class, sizeof *cmd, _ ("Delete proposal"));
  cmd->proposal = g_rc_box_acquire (g_ptr_array_index (self->proposals, index));
  cmd->position = index;
  cmd->add = FALSE;
  /* For a remove, "new" is the state after it, "old" the one before. */
  cmd->old_active = self->active;
  if (self->active > index)
    cmd->new_active = self->active - 1;
  else if (self->active == index)
    cmd->new_active = index > 0 ? index - 1 : 0;
  else
    cmd->new_active = self->active;
  push (self, &cmd->parent);
}

/* ---- Reference layers -------------------------------------------------- */

guint
dm_document_get_n_reference_layers (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return self->references->len;
}

static ReferenceLayer *
reference_get (DmDocument *self, guint index)
{
  return g_ptr_array_index (self->references, index);
}

const char *
dm_document_get_reference_layer_name (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->references->len, NULL);
  return reference_get (self, index)->name;
}

const char *
dm_document_get_reference_layer_source (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->references->len, NULL);
  return reference_get (self, index)->source;
}

GPtrArray *
dm_document_get_reference_layer_features (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->references->len, NULL);
  return reference_get (self, index)->features;
}

guint
dm_document_add_reference_layer (DmDocument *self, const char *name, const char *source, GPtrArray *features)
{
  ReferenceLayer *layer;
  AddReference *cmd;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (features != NULL, 0);

  for (guint i = 0; i < features->len; i++)
    g_return_val_if_fail (dm_feature_get_role (g_ptr_array_index (features, i)) == DM_ROLE_REFERENCE, 0);

  layer = g_rc_box_new0 (ReferenceLayer);
  layer->name = g_strdup (name);
  layer->source = g_strdup (source);
  layer->features = features;
  g_ptr_array_set_free_func (features, g_object_unref);

  cmd = dm_command_alloc (&add_reference_class, sizeof *cmd, _ ("Add reference layer"));
  cmd->layer = layer;
  cmd->position = self->references->len;
  cmd->add = TRUE;
  push (self, &cmd->parent);
  return cmd->position;
}

void
dm_document_remove_reference_layer (DmDocument *self, guint index)
{
  AddReference *cmd;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->references->len);

  cmd = dm_command_alloc (&add_reference_class, sizeof *cmd, _ ("Remove reference layer"));
  cmd->layer = g_rc_box_acquire (reference_get (self, index));
  cmd->position = index;
  cmd->add = FALSE;
  push (self, &cmd->parent);
}

/* ---- Zone rules -------------------------------------------------------- */

guint
dm_document_get_n_zone_rules (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return self->zone_rules->len;
}

const DmZoneRule *
dm_document_get_zone_rule (DmDocument *self, guint index)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->zone_rules->len, NULL);
  return g_ptr_array_index (self->zone_rules, index);
}

guint
dm_document_add_zone_rule (DmDocument *self, DmZoneRule *rule)
{
  ZoneRuleCmd *cmd;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (rule != NULL, 0);

  cmd = dm_command_alloc (&zone_rule_class, sizeof *cmd, _ ("Add zone"));
  cmd->index = self->zone_rules->len;
  cmd->new_rule = rule;
  push (self, &cmd->parent);
  return cmd->index;
}

void
dm_document_set_zone_rule (DmDocument *self, guint index, DmZoneRule *rule)
{
  ZoneRuleCmd *cmd;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (rule != NULL);
  g_return_if_fail (index < self->zone_rules->len);

  if (dm_zone_rule_equal (rule, g_ptr_array_index (self->zone_rules, index)))
    {
      dm_zone_rule_free (rule);
      return;
    }
  cmd = dm_command_alloc (&zone_rule_class, sizeof *cmd, _ ("Change zone"));
  cmd->index = index;
  cmd->old_rule = dm_zone_rule_copy (g_ptr_array_index (self->zone_rules, index));
  cmd->new_rule = rule;
  push (self, &cmd->parent);
}

void
dm_document_remove_zone_rule (DmDocument *self, guint index)
{
  ZoneRuleCmd *cmd;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->zone_rules->len);

  cmd = dm_command_alloc (&zone_rule_class, sizeof *cmd, _ ("Delete zone"));
  cmd->index = index;
  cmd->old_rule = dm_zone_rule_copy (g_ptr_array_index (self->zone_rules, index));
  push (self, &cmd->parent);
}

void
dm_document_move_zone_rule (DmDocument *self, guint from, guint to)
{
  ZoneRuleCmd *cmd;
  DmZoneRule *moving;

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (from < self->zone_rules->len && to < self->zone_rules->len);

  if (from == to)
    return;
  moving = dm_zone_rule_copy (g_ptr_array_index (self->zone_rules, from));
  dm_document_begin_group (self, _ ("Move zone"));
  cmd = dm_command_alloc (&zone_rule_class, sizeof *cmd, _ ("Move zone"));
  cmd->index = from;
  cmd->old_rule = dm_zone_rule_copy (moving);
  push (self, &cmd->parent);
  cmd = dm_command_alloc (&zone_rule_class, sizeof *cmd, _ ("Move zone"));
  cmd->index = to;
  cmd->new_rule = moving;
  push (self, &cmd->parent);
  dm_document_end_group (self);
}

/* ---- Undo -------------------------------------------------------------- */

gboolean
dm_document_can_undo (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);
  return dm_undo_stack_get_undo_depth (self->undo) > 0;
}

gboolean
dm_document_can_redo (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);
  return dm_undo_stack_get_redo_depth (self->undo) > 0;
}

const char *
dm_document_get_undo_label (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  return dm_undo_stack_get_undo_label (self->undo);
}

const char *
dm_document_get_redo_label (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  return dm_undo_stack_get_redo_label (self->undo);
}

const char *
dm_document_get_history_label (DmDocument *self, gboolean redo, guint depth)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), NULL);
  return dm_undo_stack_get_label (self->undo, redo, depth);
}

gboolean
dm_document_undo (DmDocument *self)
{
  gboolean ret;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);

  ret = dm_undo_stack_undo (self->undo);
  if (ret)
    notify_undo_state (self);
  update_modified (self);
  return ret;
}

gboolean
dm_document_redo (DmDocument *self)
{
  gboolean ret;

  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);

  ret = dm_undo_stack_redo (self->undo);
  if (ret)
    notify_undo_state (self);
  update_modified (self);
  return ret;
}

guint
dm_document_get_undo_depth (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return dm_undo_stack_get_undo_depth (self->undo);
}

guint
dm_document_get_redo_depth (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return dm_undo_stack_get_redo_depth (self->undo);
}

void
dm_document_seal_undo (DmDocument *self)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));
  dm_undo_stack_seal (self->undo);
}

void
dm_document_clear_history (DmDocument *self)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));

  dm_undo_stack_clear (self->undo);
  /* What was unsaved stays unsaved, with no step to undo to the saved
   * state any more. */
  self->clean_serial = self->modified ? G_MAXUINT64 : 0;
  notify_undo_state (self);
  update_modified (self);
}

gboolean
dm_document_is_modified (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

void
dm_document_mark_unsaved (DmDocument *self)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));

  self->clean_serial = G_MAXUINT64;
  update_modified (self);
}

void
dm_document_mark_saved (DmDocument *self)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));

  /* No later edit merges into the saved step. */
  dm_undo_stack_seal (self->undo);
  self->clean_serial = dm_undo_stack_get_top_serial (self->undo);
  update_modified (self);
}

void
dm_document_begin_group (DmDocument *self, const char *label)
{
  g_return_if_fail (DM_IS_DOCUMENT (self));
  dm_undo_stack_begin_group (self->undo, label);
}

void
dm_document_end_group (DmDocument *self)
{
  gboolean could_undo;

  g_return_if_fail (DM_IS_DOCUMENT (self));

  could_undo = dm_document_can_undo (self);
  dm_undo_stack_end_group (self->undo);
  if (could_undo != dm_document_can_undo (self))
    notify_undo_state (self);
  update_modified (self);
}

guint64
dm_document_get_revision (DmDocument *self)
{
  g_return_val_if_fail (DM_IS_DOCUMENT (self), 0);
  return self->revision;
}

gboolean
dm_document_get_extent (DmDocument *self, double box[4])
{
  DmFeature *line;
  g_autoptr (GPtrArray) features = NULL;
  double b[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

  g_return_val_if_fail (DM_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  line = dm_document_get_contact_line (self);
  if (line != NULL && !dm_geometry_is_empty (dm_feature_get_geometry (line)))
    {
      dm_geometry_get_extent (dm_feature_get_geometry (line), &box[0], &box[1], &box[2], &box[3]);
      return TRUE;
    }
  features = dm_document_list_features (self, -1);
  for (guint i = 0; i < features->len; i++)
    {
      const DmGeometry *g = dm_feature_get_geometry (g_ptr_array_index (features, i));
      double f[4];

      if (dm_geometry_is_empty (g))
        continue;
      dm_geometry_get_extent (g, &f[0], &f[1], &f[2], &f[3]);
      b[0] = MIN (b[0], f[0]);
      b[1] = MIN (b[1], f[1]);
      b[2] = MAX (b[2], f[2]);
      b[3] = MAX (b[3], f[3]);
    }
  if (b[0] > b[2])
    return FALSE;
  memcpy (box, b, sizeof b);
  return TRUE;
}

void
dm_document_wrap_beside (DmDocument *self, DmGeometry *geometry)
{
  double box[4];

  g_return_if_fail (DM_IS_DOCUMENT (self));
  g_return_if_fail (geometry != NULL);

  if (dm_document_get_extent (self, box))
    dm_geometry_wrap_near (geometry, (box[0] + box[2]) / 2);
}
