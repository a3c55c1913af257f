// The browser tests must never pass by skipping: without Chromium the e2e global set-up
// calls chromiumPath(), which has to fail loudly and say how to install it.
import { describe, expect, it } from 'vitest';
import { chromiumPath, INSTALL_HINT } from '../helpers/browser.ts';

describe('chromiumPath', () => {
  it('fails with the install command when no candidate exists', () => {
    expect(() => chromiumPath(['/nonexistent/chromium', undefined])).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).toContain('apt-get install -y chromium');
  });
  it('returns the first candidate that exists', () => {
    expect(chromiumPath([undefined, '/nonexistent/chromium', process.execPath])).toBe(process.execPath);
  });
});
