/**
 * The `max-file-size` attribute as bytes. Apart from files.ts so the element's first paint
 * carries this and not the file checks, which load with the upload panel.
 */

/** Parses `max-file-size`: bytes, or a number with KB, MB, GB (powers of 1024). */
export function parseSize(value: string | number | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase()[0] as 'b' | 'k' | 'm' | 'g';
  return Math.round(Number(match[1]) * { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit]);
}
