/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-command"

#include "config.h"

#include "dm-command-private.h"

gpointer
dm_command_alloc (const DmCommandClass *klass, gsize size, const char *label)
{
  DmCommand *command;

  g_return_val_if_fail (klass != NULL, NULL);
  g_return_val_if_fail (size >= sizeof (DmCommand), NULL);

  command = g_malloc0 (size);
  command->klass = klass;
  command->label = g_strdup (label);
  return command;
}

void
dm_command_free (DmCommand *command)
{
  if (command == NULL)
    return;
  if (command->klass->finalize != NULL)
    command->klass->finalize (command);
  g_free (command->label);
  g_free (command);
}

typedef struct {
  DmCommand parent;
  GPtrArray *commands;
} GroupCommand;

static void
group_apply (DmCommand *command, gpointer target)
{
  GroupCommand *self = (GroupCommand *) command;

  for (guint i = 0; i < self->commands->len; i++)
    {
      DmCommand *c = g_ptr_array_index (self->commands, i);

      c->klass->apply (c, target);
    }
}

static void
group_revert (DmCommand *command, gpointer target)
{
  GroupCommand *self = (GroupCommand *) command;

  for (guint i = self->commands->len; i > 0; i--)
    {
      DmCommand *c = g_ptr_array_index (self->commands, i - 1);

      c->klass->revert (c, target);
    }
}

static void
group_finalize (DmCommand *command)
{
  GroupCommand *self = (GroupCommand *) command;

  g_ptr_array_unref (self->commands);
}

static const DmCommandClass group_class = {
  .type_name = "group",
  .apply = group_apply,
  .revert = group_revert,
  .finalize = group_finalize,
};

DmCommand *
dm_command_group_new (const char *label)
{
  GroupCommand *self = dm_command_alloc (&group_class, sizeof (GroupCommand), label);

  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_command_free);
  return (DmCommand *) self;
}

void
dm_command_group_add (DmCommand *group, DmCommand *command)
{
  g_return_if_fail (group != NULL && group->klass == &group_class);
  g_ptr_array_add (((GroupCommand *) group)->commands, command);
}

guint
dm_command_group_get_size (DmCommand *group)
{
  g_return_val_if_fail (group != NULL && group->klass == &group_class, 0);
  return ((GroupCommand *) group)->commands->len;
}

struct _DmUndoStack {
  gpointer target;
  GPtrArray *undo; /* oldest first */
  GPtrArray *redo; /* most recently undone last */
  GPtrArray *open_groups;
  gboolean sealed;
  guint64 next_serial;
};

DmUndoStack *
dm_undo_stack_new (gpointer target)
{
  DmUndoStack *stack = g_new0 (DmUndoStack, 1);

  stack->target = target;
  stack->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_command_free);
  stack->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_command_free);
  stack->open_groups = g_ptr_array_new ();
  stack->sealed = TRUE;
  return stack;
}

void
dm_undo_stack_free (DmUndoStack *stack)
{
  if (stack == NULL)
    return;
  /* Groups left open belong to no stack yet. */
  g_ptr_array_set_free_func (stack->open_groups, (GDestroyNotify) dm_command_free);
  g_ptr_array_unref (stack->open_groups);
  g_ptr_array_unref (stack->undo);
  g_ptr_array_unref (stack->redo);
  g_free (stack);
}

void
dm_undo_stack_push (DmUndoStack *stack, DmCommand *command)
{
  DmCommand *top;

  g_return_if_fail (stack != NULL);
  g_return_if_fail (command != NULL);

  command->klass->apply (command, stack->target);
  g_ptr_array_set_size (stack->redo, 0);

  if (stack->open_groups->len > 0)
    {
      dm_command_group_add (g_ptr_array_index (stack->open_groups, stack->open_groups->len - 1), command);
      return;
    }

  top = stack->undo->len > 0 ? g_ptr_array_index (stack->undo, stack->undo->len - 1) : NULL;
  if (!stack->sealed && top != NULL && top->klass == command->klass && top->klass->merge != NULL &&
      top->klass->merge (top, command))
    {
      dm_command_free (command);
      return;
    }

  command->serial = ++stack->next_serial;
  g_ptr_array_add (stack->undo, command);
  stack->sealed = FALSE;
}

gboolean
dm_undo_stack_undo (DmUndoStack *stack)
{
  DmCommand *command;

  g_return_val_if_fail (stack != NULL, FALSE);
  g_return_val_if_fail (stack->open_groups->len == 0, FALSE);

  if (stack->undo->len == 0)
    return FALSE;

  command = g_ptr_array_steal_index (stack->undo, stack->undo->len - 1);
  command->klass->revert (command, stack->target);
  g_ptr_array_add (stack->redo, command);
  stack->sealed = TRUE;
  return TRUE;
}

gboolean
dm_undo_stack_redo (DmUndoStack *stack)
{
  DmCommand *command;

  g_return_val_if_fail (stack != NULL, FALSE);
  g_return_val_if_fail (stack->open_groups->len == 0, FALSE);

  if (stack->redo->len == 0)
    return FALSE;

  command = g_ptr_array_steal_index (stack->redo, stack->redo->len - 1);
  command->klass->apply (command, stack->target);
  g_ptr_array_add (stack->undo, command);
  stack->sealed = TRUE;
  return TRUE;
}

void
dm_undo_stack_seal (DmUndoStack *stack)
{
  g_return_if_fail (stack != NULL);
  stack->sealed = TRUE;
}

void
dm_undo_stack_clear (DmUndoStack *stack)
{
  g_return_if_fail (stack != NULL);
  g_return_if_fail (stack->open_groups->len == 0);

  g_ptr_array_set_size (stack->undo, 0);
  g_ptr_array_set_size (stack->redo, 0);
  stack->sealed = TRUE;
}

guint
dm_undo_stack_get_undo_depth (DmUndoStack *stack)
{
  g_return_val_if_fail (stack != NULL, 0);
  return stack->undo->len;
}

guint
dm_undo_stack_get_redo_depth (DmUndoStack *stack)
{
  g_return_val_if_fail (stack != NULL, 0);
  return stack->redo->len;
}

const char *
dm_undo_stack_get_undo_label (DmUndoStack *stack)
{
  g_return_val_if_fail (stack != NULL, NULL);
  if (stack->undo->len == 0)
    return NULL;
  return ((DmCommand *) g_ptr_array_index (stack->undo, stack->undo->len - 1))->label;
}

guint64
dm_undo_stack_get_top_serial (DmUndoStack *stack)
{
  g_return_val_if_fail (stack != NULL, 0);

  if (stack->undo->len == 0)
    return 0;
  return ((DmCommand *) g_ptr_array_index (stack->undo, stack->undo->len - 1))->serial;
}

const char *
dm_undo_stack_get_label (DmUndoStack *stack, gboolean redo, guint depth)
{
  GPtrArray *steps;

  g_return_val_if_fail (stack != NULL, NULL);

  steps = redo ? stack->redo : stack->undo;
  if (depth >= steps->len)
    return NULL;
  return ((DmCommand *) g_ptr_array_index (steps, steps->len - 1 - depth))->label;
}

const char *
dm_undo_stack_get_redo_label (DmUndoStack *stack)
{
  g_return_val_if_fail (stack != NULL, NULL);
  if (stack->redo->len == 0)
    return NULL;
  return ((DmCommand *) g_ptr_array_index (stack->redo, stack->redo->len - 1))->label;
}

void
dm_undo_stack_begin_group (DmUndoStack *stack, const char *label)
{
  g_return_if_fail (stack != NULL);
  g_ptr_array_add (stack->open_groups, dm_command_group_new (label));
}

void
dm_undo_stack_end_group (DmUndoStack *stack)
{
  DmCommand *group;

  g_return_if_fail (stack != NULL);
  g_return_if_fail (stack->open_groups->len > 0);

  group = g_ptr_array_steal_index (stack->open_groups, stack->open_groups->len - 1);
  if (dm_command_group_get_size (group) == 0)
    {
      dm_command_free (group);
      return;
    }
  if (stack->open_groups->len > 0)
    {
      dm_command_group_add (g_ptr_array_index (stack->open_groups, stack->open_groups->len - 1), group);
      return;
    }
  /* Its parts are applied already: record without applying again. */
  group->serial = ++stack->next_serial;
  g_ptr_array_add (stack->undo, group);
  stack->sealed = TRUE;
}
