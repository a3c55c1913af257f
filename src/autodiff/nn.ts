// Small neural-net pieces for the playground: a dense layer, a chain, and optimisers that
// update parameters in place. Layout follows the posts: rows are samples, Z = X·W + b with
// W of shape (in, out) and b of shape (1, out).
import { AutodiffError, Tensor, fmtShape } from './tensor.ts';
import { affine } from './linalg.ts';
import { leakyRelu, relu, sigmoid, softplus, tanh } from './unary.ts';
import { randn, type Rng } from './rng.ts';

export type Activation = 'tanh' | 'sigmoid' | 'relu' | 'leakyRelu' | 'softplus' | 'linear' | ((z: Tensor) => Tensor);

export interface Layer {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

export interface Dense extends Layer {
  readonly W: Tensor;
  readonly b: Tensor;
  readonly activation: Activation;
}

const ACTIVATIONS: Record<string, (z: Tensor) => Tensor> = {
  tanh,
  sigmoid,
  relu,
  leakyRelu: (z) => leakyRelu(z),
  softplus,
  linear: (z) => z,
};

/**
 * A fully connected layer, act(X·W + b) (computed with the fused `affine`). Weights are drawn N(0, 1)·scale with scale
 * defaulting to 1/√nIn (Xavier/LeCun), biases start at 0.
 * `const layer = dense(2, 4, 'tanh', rng(1)); layer.forward(X)`
 */
export function dense(nIn: number, nOut: number, activation: Activation, r: Rng, scale = 1 / Math.sqrt(nIn)): Dense {
  const W = randn([nIn, nOut], r);
  for (let i = 0; i < W.size; i++) W.data[i] *= scale;
  const b = new Tensor([1, nOut], new Float64Array(nOut));
  const act = typeof activation === 'function' ? activation : ACTIVATIONS[activation];
  if (!act)
    throw new AutodiffError(
      'dense',
      `unknown activation '${String(activation)}'; use 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'softplus', 'linear' or a function.`,
    );
  return {
    W,
    b,
    activation,
    forward(x: Tensor): Tensor {
      if (x.shape.length !== 2 || x.shape[1] !== nIn) {
        throw new AutodiffError(
          'dense',
          `input of shape ${fmtShape(x.shape)} does not fit a layer with ${nIn} inputs; it needs shape [samples, ${nIn}] (one row per sample).`,
        );
      }
      return act(affine(x, W, b));
    },
    parameters: () => [W, b],
  };
}

/** Layers applied in order; parameters listed layer by layer. `chain(dense(2, 8, 'tanh', r), dense(8, 1, 'sigmoid', r))` */
export function chain(...layers: Layer[]): Layer & { layers: Layer[] } {
  return {
    layers,
    forward(x: Tensor): Tensor {
      let h = x;
      for (const l of layers) h = l.forward(h);
      return h;
    },
    parameters: () => layers.flatMap((l) => l.parameters()),
  };
}

export interface Optimizer {
  /** Updates each parameter in place from its gradient. */
  step(params: Tensor[], grads: Tensor[]): void;
  /** Forgets accumulated state (momentum, Adam moments). */
  reset(): void;
}

function checkPairs(params: Tensor[], grads: Tensor[]): void {
  if (params.length !== grads.length)
    throw new AutodiffError(
      'optimizer',
      `got ${params.length} parameters but ${grads.length} gradients; pass them in the same order (e.g. from gradientsOf).`,
    );
  params.forEach((p, i) => {
    if (p.size !== grads[i].size)
      throw new AutodiffError(
        'optimizer',
        `parameter ${i} has shape ${fmtShape(p.shape)} but its gradient has ${fmtShape(grads[i].shape)}.`,
      );
  });
}

/** Plain gradient descent: p ← p − lr·g. */
export function sgd(opts: { lr: number }): Optimizer {
  return {
    step(params, grads) {
      checkPairs(params, grads);
      params.forEach((p, i) => {
        const g = grads[i].data,
          d = p.data;
        for (let k = 0; k < d.length; k++) d[k] -= opts.lr * g[k];
      });
    },
    reset() {},
  };
}

/** Heavy-ball momentum (PyTorch's form): v ← β·v + g; p ← p − lr·v. */
export function momentum(opts: { lr: number; beta?: number }): Optimizer {
  const beta = opts.beta ?? 0.9;
  let state = new WeakMap<Tensor, Float64Array>();
  return {
    step(params, grads) {
      checkPairs(params, grads);
      params.forEach((p, i) => {
        let v = state.get(p);
        if (!v) {
          v = new Float64Array(p.size);
          state.set(p, v);
        }
        const g = grads[i].data,
          d = p.data;
        for (let k = 0; k < d.length; k++) {
          v[k] = beta * v[k] + g[k];
          d[k] -= opts.lr * v[k];
        }
      });
    },
    reset() {
      state = new WeakMap();
    },
  };
}

/** Adam (Kingma & Ba) with bias correction; defaults lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8. */
export function adam(opts: { lr?: number; beta1?: number; beta2?: number; eps?: number } = {}): Optimizer {
  const lr = opts.lr ?? 1e-3,
    b1 = opts.beta1 ?? 0.9,
    b2 = opts.beta2 ?? 0.999,
    eps = opts.eps ?? 1e-8;
  let state = new WeakMap<Tensor, { m: Float64Array; v: Float64Array; t: number }>();
  return {
    step(params, grads) {
      checkPairs(params, grads);
      params.forEach((p, i) => {
        let s = state.get(p);
        if (!s) {
          s = { m: new Float64Array(p.size), v: new Float64Array(p.size), t: 0 };
          state.set(p, s);
        }
        s.t++;
        const c1 = 1 - b1 ** s.t,
          c2 = 1 - b2 ** s.t;
        const g = grads[i].data,
          d = p.data,
          m = s.m,
          v = s.v;
        for (let k = 0; k < d.length; k++) {
          m[k] = b1 * m[k] + (1 - b1) * g[k];
          v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
          d[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
        }
      });
    },
    reset() {
      state = new WeakMap();
    },
  };
}
