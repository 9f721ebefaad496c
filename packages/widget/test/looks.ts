/**
 * The element's looks, checked and kept: axe (every impact) and a screenshot in light and dark
 * at a desktop and a phone width, and right to left (Arabic) at both, saved as
 * test-results/screenshots/{state}-{look}-{width}.png (a test artifact, not committed).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, waitFor } from './helpers.js';

const WIDTHS = [1100, 375];

/** Checks and photographs the element as it is now, in each look. */
export async function looks(el: SecureUploaderElement, state: string) {
  for (const width of WIDTHS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await executeServerCommand('look', { width, colorScheme });
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      await expect(el).to.be.accessible();
      await executeServerCommand('screenshot', { name: `${state}-${colorScheme}-${width}` });
    }
    el.lang = 'ar';
    await waitFor(() => $(el, '.root')?.getAttribute('dir') === 'rtl', 'right to left');
    await executeServerCommand('look', { width, colorScheme: 'light' });
    await expect(el).to.be.accessible();
    await executeServerCommand('screenshot', { name: `${state}-rtl-${width}` });
    el.removeAttribute('lang');
    await waitFor(() => $(el, '.root')?.getAttribute('dir') === 'ltr', 'back to left to right');
  }
  await executeServerCommand('look', { width: 1100, colorScheme: 'light' });
}
