// Debian's Chromium (ARCHITECTURE.md, "Tests") and the flags every launch here needs: as root it needs
// --no-sandbox; the rest keep it off this machine's closed network.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
