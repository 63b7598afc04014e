// The views the page can show, by region. Each view lives in its own folder under src/ui and
// registers itself here with one entry.

import type { ComponentType } from 'react';

export interface PanelDef {
  readonly id: string;
  readonly title: string;
  /** Tooltip for its tab. */
  readonly hint: string;
  readonly component: ComponentType;
}

/** Tabs of the inspector (right of the ensemble). */
export const INSPECTOR_PANELS: PanelDef[] = [];

/** Tabs of the bottom region (beside the consoles). */
export const BOTTOM_PANELS: PanelDef[] = [];
