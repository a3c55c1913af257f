// One full gradient step (forward + backward, no update) of the shallow net, timed for the
// engine, the fused hand-written backprop and TensorFlow.js's CPU backend, plus the size of
// the engine as the playground bundles it. Median over many batches after a warm-up.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as tf from '@tensorflow/tfjs';
import { affine, binaryCrossEntropy, gradientsOf, randn, rng, sigmoid, tanh, tensor } from '../src/autodiff/index.ts';
import { handwrittenStep } from './handwritten.ts';

const SIZES: [number, number][] = [
  [400, 4],
  [400, 16],
  [400, 64],
  [4000, 16],
];
const N = 2;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function batchSize(f: () => void): number {
  let batch = 1;
  for (;;) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) f();
    if (performance.now() - s > 4) return batch;
    batch *= 2;
  }
}

/**
 * Median per-call time in µs of each function. Samples of the functions are interleaved
 * round by round, so on a shared machine a burst of load hits all of them alike and the
 * ratios stay meaningful.
 */
function timeTogether(fs: (() => void)[], budgetMs = 1500): number[] {
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs / 5) for (const f of fs) f(); // warm-up (JIT)
  const batches = fs.map(batchSize);
  const samples: number[][] = fs.map(() => []);
  const end = performance.now() + budgetMs;
  while (performance.now() < end || samples[0].length < 9) {
    fs.forEach((f, k) => {
      const s = performance.now();
      for (let i = 0; i < batches[k]; i++) f();
      samples[k].push(((performance.now() - s) * 1000) / batches[k]);
    });
  }
  return samples.map(median);
}

function problem(m: number, h: number) {
  const r = rng(m * 1000 + h);
  const X = randn([m, N], r);
  const y = tensor(
    Float64Array.from({ length: m }, () => (r.uniform() < 0.5 ? 0 : 1)),
    [m, 1],
  );
  const W1 = randn([N, h], r),
    b1 = randn([1, h], r),
    W2 = randn([h, 1], r),
    b2 = randn([1, 1], r);
  return { X, y, W1, b1, W2, b2 };
}

await tf.setBackend('cpu');
tf.env().set('DEBUG', false);

const rows: Record<string, string | number>[] = [];
for (const [m, h] of SIZES) {
  const { X, y, W1, b1, W2, b2 } = problem(m, h);
  const params = [W1, b1, W2, b2];
  // affine = the fused X·W + b that nn.dense uses, i.e. what the playground runs.
  const loss = () => binaryCrossEntropy(sigmoid(affine(tanh(affine(X, W1, b1)), W2, b2)), y);

  const hw = handwrittenStep(X.data, y.data, m, N, h);
  const hp = { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };

  const tX = tf.tensor2d(Float32Array.from(X.data), [m, N]),
    ty = tf.tensor2d(Float32Array.from(y.data), [m, 1]);
  const tp = [
    tf.tensor2d(Float32Array.from(W1.data), [N, h]),
    tf.tensor2d(Float32Array.from(b1.data), [1, h]),
    tf.tensor2d(Float32Array.from(W2.data), [h, 1]),
    tf.tensor2d(Float32Array.from(b2.data), [1, 1]),
  ];
  const tfLoss = (w1: tf.Tensor, c1: tf.Tensor, w2: tf.Tensor, c2: tf.Tensor) => {
    const a2 = tf.sigmoid(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tX, w1 as tf.Tensor2D), c1)), w2 as tf.Tensor2D), c2));
    const l = tf.add(tf.mul(ty, tf.log(a2)), tf.mul(tf.sub(1, ty), tf.log(tf.sub(1, a2))));
    return tf.neg(tf.mean(l)) as tf.Scalar;
  };
  const grads = tf.grads((a, b, c, d) => tfLoss(a, b, c, d));
  const [engine, hand, tfjs] = timeTogether([
    () => {
      gradientsOf(params, loss);
    },
    () => {
      hw(hp);
    },
    () =>
      tf.tidy(() => {
        for (const g of grads(tp)) g.dataSync();
      }),
  ]);
  tf.dispose([tX, ty, ...tp]);

  rows.push({ size: `${m}×${N}, hidden ${h}`, engine, hand, tfjs, 'engine/hand': engine / hand, 'tfjs/engine': tfjs / engine });
}

const us = (v: number) => `${v.toFixed(v < 100 ? 1 : 0)} µs`;
const lines = [
  '| shallow net (X m×n, hidden h) | engine | hand-written | tfjs-cpu | engine / hand-written | tfjs-cpu / engine |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.size} | ${us(r.engine as number)} | ${us(r.hand as number)} | ${us(r.tfjs as number)} | ${(r['engine/hand'] as number).toFixed(2)}× | ${(r['tfjs/engine'] as number).toFixed(1)}× |`,
  ),
];

const entry = fileURLToPath(new URL('../src/autodiff/index.ts', import.meta.url));
const bundle = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022' });
const code = bundle.outputFiles[0].contents;
const gz = gzipSync(code, { level: 9 }).length;
lines.push(
  '',
  `Engine bundle (esbuild --bundle --minify, src/autodiff/index.ts): ${(code.length / 1024).toFixed(1)} KB minified, ${(gz / 1024).toFixed(1)} KB gzipped.`,
);
lines.push(
  `Node ${process.version}, tfjs ${tf.version.tfjs} (cpu backend, float32); times are medians per gradient step (forward + backward, no update).`,
);

console.log(lines.join('\n'));
writeFileSync(new URL('./.out/engine.md', import.meta.url), `${lines.join('\n')}\n`);
writeFileSync(
  new URL('./.out/engine.json', import.meta.url),
  JSON.stringify({ rows, bundle: { minified: code.length, gzipped: gz } }, null, 2),
);
