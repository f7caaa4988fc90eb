// Helpers of the inspector's browser tests.

import type { Page } from 'playwright-core';
import { expectAccessible } from './axe';
import { bothThemes } from './window';

/** Screenshots and axe, light and dark, of the page as it is now. */
export async function lookInBoth(page: Page, name: string): Promise<void> {
  await bothThemes(page, name);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
