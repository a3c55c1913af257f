// Losses, all compositions of ops (so every gradient below comes from the op rules; the
// tests check them against the textbook formulas). Each returns the mean over samples.
import { AutodiffError, Tensor, asTensor, fmtShape, sameShape, type TensorLike } from './tensor.ts';
import { add, div, maximum, mul, sub } from './binary.ts';
import { needsGrad, record, rulesAreDifferentiated, type Op } from './engine.ts';
import { log, softplus } from './unary.ts';
import { logsumexp, mean, sum } from './reduce.ts';

function sameShapes(op: string, a: Tensor, b: Tensor, what: string): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new AutodiffError(
      op,
      `${what} have shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; they must match (one target per prediction). Reshape the targets to ${fmtShape(a.shape)}.`,
    );
  }
}

/** Mean squared error: mean((pred − target)²). */
export function mse(predL: TensorLike, targetL: TensorLike): Tensor {
  const pred = asTensor(predL),
    target = asTensor(targetL);
  sameShapes('mse', pred, target, 'predictions and targets');
  const d = sub(pred, target);
  return mean(mul(d, d));
}

/**
 * −mean(y·log p + (1−y)·log(1−p)) from probabilities p. Infinite when p hits exactly 0 or 1
 * on the wrong side; from logits, prefer binaryCrossEntropyWithLogits.
 */
export function binaryCrossEntropy(probsL: TensorLike, yL: TensorLike): Tensor {
  const p = asTensor(probsL),
    y = asTensor(yL);
  sameShapes('binaryCrossEntropy', p, y, 'probabilities and labels');
  const pd = p.data,
    yd = y.data;
  let s = 0;
  // Like PyTorch's BCELoss, each log is clamped at −100 so p = 0 or 1 gives a large finite loss.
  for (let i = 0; i < pd.length; i++) s += yd[i] * Math.max(Math.log(pd[i]), -100) + (1 - yd[i]) * Math.max(Math.log(1 - pd[i]), -100);
  return record(BCE, new Tensor([], Float64Array.of(-s / pd.length)), [p, y]);
}

// A primitive for speed (one pass instead of ~10 ops on the playground's output layer).
// The adjoint of p is (p − y) / (p(1 − p)) / m, with PyTorch's 1e-12 floor on the
// denominator. When the rule itself is differentiated (hvp, a gradient of a gradient) it is
// built from ops instead.
const BCE: Op = {
  name: 'binaryCrossEntropy',
  backward: (g, _o, [p, y]) => {
    const m = p.size;
    let gp: Tensor | null = null;
    if (needsGrad(p)) {
      if (rulesAreDifferentiated()) gp = mul(div(sub(p, y), maximum(mul(p, sub(1, p)), 1e-12)), div(g, m));
      else {
        const gd = g.data[0] / m,
          pd = p.data,
          yd = y.data;
        const d = new Float64Array(m);
        for (let i = 0; i < m; i++) d[i] = (gd * (pd[i] - yd[i])) / Math.max(pd[i] * (1 - pd[i]), 1e-12);
        gp = new Tensor(p.shape, d);
      }
    }
    // ∂L/∂y = −(log p − log(1 − p))/m: labels rarely need it, but soft targets can.
    const gy = needsGrad(y) ? mul(sub(log(sub(1, p)), log(p)), div(g, m)) : null;
    return [gp, gy];
  },
  jvp: ([tp, ty], _o, [p, y]) => {
    const m = p.size;
    const a = tp && sum(mul(tp, div(sub(p, y), maximum(mul(p, sub(1, p)), 1e-12))));
    const b = ty && sum(mul(ty, sub(log(sub(1, p)), log(p))));
    const t = a === null ? b : b === null ? a : add(a, b);
    return t && div(t, m);
  },
};

/**
 * The same loss from logits z (p = σ(z)): mean(softplus(z) − y·z). softplus is computed as
 * max(z, 0) + log1p(e^−|z|), so z = ±1000 gives finite values and gradients σ(z) − y.
 */
export function binaryCrossEntropyWithLogits(logitsL: TensorLike, yL: TensorLike): Tensor {
  const z = asTensor(logitsL),
    y = asTensor(yL);
  sameShapes('binaryCrossEntropyWithLogits', z, y, 'logits and labels');
  return mean(sub(softplus(z), mul(y, z)));
}

/**
 * Cross-entropy of softmax(logits) along the last axis, averaged over rows. `targets` is
 * either one-hot/probability rows of the logits' shape, or one class index per row.
 */
export function softmaxCrossEntropy(logitsL: TensorLike, targets: TensorLike): Tensor {
  const z = asTensor(logitsL);
  if (z.shape.length === 0) throw new AutodiffError('softmaxCrossEntropy', 'logits must have at least one axis (the classes).');
  const classes = z.shape[z.shape.length - 1];
  let y = asTensor(targets);
  if (!sameShape(y.shape, z.shape)) {
    const rows = z.size / classes;
    if (y.shape.length > 1 || y.size !== rows) {
      throw new AutodiffError(
        'softmaxCrossEntropy',
        `targets of shape ${fmtShape(y.shape)} fit neither the logits ${fmtShape(z.shape)} (one-hot rows) nor ${rows} class indices.`,
      );
    }
    const oh = new Float64Array(z.size);
    y.data.forEach((c, r) => {
      if (!Number.isInteger(c) || c < 0 || c >= classes)
        throw new AutodiffError('softmaxCrossEntropy', `class index ${c} in row ${r} is not an integer in 0…${classes - 1}.`);
      oh[r * classes + c] = 1;
    });
    y = new Tensor(z.shape, oh);
  }
  return mean(sub(logsumexp(z, -1), sum(mul(y, z), -1)));
}
