// Every widget an author can place with `::name{…}`: plain imports, no registration by
// side effect, so "go to definition" leads to the spec. Adding a widget means a folder
// src/widgets/<name>/ (spec.ts, element.ts, Loader.astro), a line here and a line in
// WidgetScripts.astro; tests/widgets/registry.test.ts checks the three agree.
import { spec as autodiffGraph } from './autodiff-graph/spec.ts';
import { spec as dualSqrt } from './dual-sqrt/spec.ts';
import { spec as gradCheck } from './grad-check/spec.ts';
import { spec as nnPlayground } from './nn-playground/spec.ts';
import type { WidgetSpec } from './types.ts';

export const registry = {
  'autodiff-graph': autodiffGraph,
  'dual-sqrt': dualSqrt,
  'grad-check': gradCheck,
  'nn-playground': nnPlayground,
} as const satisfies Record<string, WidgetSpec>;

export type WidgetName = keyof typeof registry;
