/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-types"

#include "config.h"

#include "dm-types.h"

DmSide
dm_side_opposite (DmSide side)
{
  switch (side)
    {
    case DM_SIDE_A:
      return DM_SIDE_B;
    case DM_SIDE_B:
      return DM_SIDE_A;
    case DM_SIDE_NONE:
    default:
      return DM_SIDE_NONE;
    }
}

static const char *const role_names[] = {
  [DM_ROLE_CONTACT_LINE] = "contact_line",
  [DM_ROLE_LAND_SWAP] = "land_swap",
  [DM_ROLE_ANNOTATION] = "annotation",
  [DM_ROLE_REFERENCE] = "reference",
  [DM_ROLE_OBSERVATION_POST] = "observation_post",
};

const char *
dm_role_to_string (DmRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
dm_role_from_string (const char *str, DmRole *role)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (str, role_names[i]) == 0)
      {
        if (role != NULL)
          *role = i;
        return TRUE;
      }
  return FALSE;
}

const char *
dm_side_to_letter (DmSide side)
{
  return side == DM_SIDE_A ? "A" : side == DM_SIDE_B ? "B" : NULL;
}

DmSide
dm_side_from_letter (const char *letter)
{
  return g_strcmp0 (letter, "A") == 0 ? DM_SIDE_A : g_strcmp0 (letter, "B") == 0 ? DM_SIDE_B : DM_SIDE_NONE;
}
