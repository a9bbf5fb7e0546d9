/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Commands: one change to a document, with what it takes to do it again
 * and to undo it.  The concrete commands live in dm-document.c, beside
 * the state they change; this file holds the undo stack.
 */
typedef struct _DmCommand DmCommand;

typedef struct {
  const char *type_name;
  void (*apply) (DmCommand *command, gpointer target);
  void (*revert) (DmCommand *command, gpointer target);
  /* Coalesce @next into @command; TRUE when it did (next is then dropped). */
  gboolean (*merge) (DmCommand *command, const DmCommand *next);
  void (*finalize) (DmCommand *command);
} DmCommandClass;

struct _DmCommand {
  const DmCommandClass *klass;
  char *label;
  guint64 serial; /* set when it becomes a step of an undo stack */
};

gpointer dm_command_alloc (const DmCommandClass *klass, gsize size, const char *label);
void dm_command_free (DmCommand *command);
/* A group: sub-commands applied in order and reverted in reverse. */
DmCommand *dm_command_group_new (const char *label);
void dm_command_group_add (DmCommand *group, DmCommand *command);
guint dm_command_group_get_size (DmCommand *group);

typedef struct _DmUndoStack DmUndoStack;

DmUndoStack *dm_undo_stack_new (gpointer target);
void dm_undo_stack_free (DmUndoStack *stack);
/* Applies @command and records it (or merges it into the top step). */
void dm_undo_stack_push (DmUndoStack *stack, DmCommand *command);
gboolean dm_undo_stack_undo (DmUndoStack *stack);
gboolean dm_undo_stack_redo (DmUndoStack *stack);
void dm_undo_stack_seal (DmUndoStack *stack);
void dm_undo_stack_clear (DmUndoStack *stack);
guint dm_undo_stack_get_undo_depth (DmUndoStack *stack);
guint dm_undo_stack_get_redo_depth (DmUndoStack *stack);
const char *dm_undo_stack_get_undo_label (DmUndoStack *stack);
const char *dm_undo_stack_get_redo_label (DmUndoStack *stack);
/* The label of the step @depth back (0: the next to undo, or redo). */
const char *dm_undo_stack_get_label (DmUndoStack *stack, gboolean redo, guint depth);
/* The serial of the step that undo would revert (0: none): equal serials,
 * equal states (a saved document is clean while it is on top). */
guint64 dm_undo_stack_get_top_serial (DmUndoStack *stack);
void dm_undo_stack_begin_group (DmUndoStack *stack, const char *label);
void dm_undo_stack_end_group (DmUndoStack *stack);

G_END_DECLS
