// The playground's state in the page URL (search params, replaced, never pushed: the
// back button should leave the page, not undo a slider). A second playground on the same
// page namespaces its params with "p2." and so on.
import { parseParams, serialise, type Parsed, type Segment, type State } from './state.ts';

export function prefixFor(root: HTMLElement): string {
  const all = [...document.querySelectorAll('figure[data-widget="nn-playground"]')];
  const index = all.findIndex((figure) => figure.contains(root));
  return index > 0 ? `p${index + 1}.` : '';
}

export function readUrl(base: State, prefix: string): Parsed {
  return parseParams(new URLSearchParams(location.search), base, prefix);
}

export function writeUrl(state: State, segments: readonly Segment[], prefix: string): void {
  const url = new URL(location.href);
  serialise(state, url.searchParams, prefix, segments);
  const next = `${url.pathname}?${url.searchParams}${url.hash}`;
  if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
}
