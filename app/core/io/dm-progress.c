/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-progress"

#include "config.h"

#include "dm-progress.h"

struct _DmProgress {
  GCancellable parent_instance;

  GMutex lock;
  double fraction; /* -1 until the first report */
  DmProgressFunc func;
  gpointer user_data;
};

G_DEFINE_FINAL_TYPE (DmProgress, dm_progress, G_TYPE_CANCELLABLE)

static void
dm_progress_finalize (GObject *object)
{
  DmProgress *self = DM_PROGRESS (object);

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (dm_progress_parent_class)->finalize (object);
}

static void
dm_progress_class_init (DmProgressClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dm_progress_finalize;
}

static void
dm_progress_init (DmProgress *self)
{
  g_mutex_init (&self->lock);
  self->fraction = -1;
}

DmProgress *
dm_progress_new (void)
{
  return g_object_new (DM_TYPE_PROGRESS, NULL);
}

double
dm_progress_get_fraction (DmProgress *self)
{
  double fraction;

  g_return_val_if_fail (DM_IS_PROGRESS (self), -1);

  g_mutex_lock (&self->lock);
  fraction = self->fraction;
  g_mutex_unlock (&self->lock);
  return fraction;
}

void
dm_progress_set_func (DmProgress *self, DmProgressFunc func, gpointer user_data)
{
  g_return_if_fail (DM_IS_PROGRESS (self));

  g_mutex_lock (&self->lock);
  self->func = func;
  self->user_data = user_data;
  g_mutex_unlock (&self->lock);
}

void
dm_progress_report (GCancellable *cancellable, double fraction)
{
  DmProgress *self;
  DmProgressFunc func;
  gpointer user_data;

  if (cancellable == NULL || !DM_IS_PROGRESS (cancellable))
    return;
  self = DM_PROGRESS (cancellable);
  fraction = CLAMP (fraction, 0.0, 1.0);
  g_mutex_lock (&self->lock);
  self->fraction = fraction;
  func = self->func;
  user_data = self->user_data;
  g_mutex_unlock (&self->lock);
  if (func != NULL)
    func (self, fraction, user_data);
}
