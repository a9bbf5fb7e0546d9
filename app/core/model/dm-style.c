/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-style"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dm-style.h"

DmRgb
dm_style_parse_rgb (const char *spec, DmRgb fallback)
{
  unsigned int v;

  if (spec != NULL && spec[0] == '#' && strlen (spec) == 7 && sscanf (spec + 1, "%6x", &v) == 1)
    return (DmRgb){ ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };
  return fallback;
}

static guint
byte (double v)
{
  return (guint) lround (CLAMP (v, 0.0, 1.0) * 255.0);
}

char *
dm_style_to_hex_rgba (DmRgb c, double alpha)
{
  return g_strdup_printf ("#%02X%02X%02X%02X", byte (c.r), byte (c.g), byte (c.b), byte (alpha));
}

char *
dm_style_to_qml_rgba (DmRgb c, double alpha)
{
  return g_strdup_printf ("%u,%u,%u,%u", byte (c.r), byte (c.g), byte (c.b), byte (alpha));
}

DmRgb
dm_style_darken (DmRgb c, double factor)
{
  return (DmRgb){ c.r * factor, c.g * factor, c.b * factor };
}
