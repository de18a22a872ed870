import { requireParam } from '../errors.ts';

/** Hyper-parameters of `fitGbdt` (names follow XGBoost where one exists). */
export interface GbdtParams {
  /** Boosting rounds (default 100); multiclass grows one tree per class per round. */
  readonly nTrees?: number;
  /** Shrinkage applied to every leaf (default 0.1). */
  readonly learningRate?: number;
  /** Deepest a tree may grow (default 6). */
  readonly maxDepth?: number;
  /** Most leaves per tree; when set, trees grow leaf-wise, best gain first (default: no cap). */
  readonly maxLeaves?: number;
  /** Least hessian sum in a child (default 1). */
  readonly minChildWeight?: number;
  /** L2 penalty on leaf values (default 1). */
  readonly l2?: number;
  /** Least gain to split (default 0). */
  readonly minSplitGain?: number;
  /** Fraction of rows drawn (without replacement) for each round (default 1). */
  readonly subsample?: number;
  /** Fraction of features drawn for each tree (default 1). */
  readonly colsampleByTree?: number;
  /** Value bins per feature, at most 255 (default 255; missing values get their own bin). */
  readonly maxBins?: number;
  /** Stop when the validation loss has not improved for this many rounds (default: off). */
  readonly earlyStoppingRounds?: number;
  /** Share of training rows held out for early stopping when no validation set is given (default 0.1). */
  readonly validationFraction?: number;
  /** Seed for binning samples, subsampling and the validation split (default 0). */
  readonly seed?: number;
  /**
   * Threads for histogram building (default 1). Work is split by feature, so results are
   * identical for any thread count; more than one pays off from about a million cells.
   */
  readonly threads?: number;
  /** Called after each round with the mean training (and validation) loss. */
  readonly onIteration?: (progress: BoostingProgress) => void;
}

/** Progress of one boosting round. */
export interface BoostingProgress {
  readonly iteration: number;
  readonly totalIterations: number;
  readonly trainLoss: number;
  readonly validationLoss: number | null;
}

/** `GbdtParams` with defaults filled in and ranges checked (throws `invalid_param`). */
export type ResolvedGbdtParams = Required<Omit<GbdtParams, 'earlyStoppingRounds' | 'onIteration'>> &
  Pick<GbdtParams, 'earlyStoppingRounds' | 'onIteration'>;

export function resolveGbdtParams(p: GbdtParams): ResolvedGbdtParams {
  const r = {
    nTrees: p.nTrees ?? 100,
    learningRate: p.learningRate ?? 0.1,
    maxDepth: p.maxDepth ?? 6,
    maxLeaves: p.maxLeaves ?? Number.POSITIVE_INFINITY,
    minChildWeight: p.minChildWeight ?? 1,
    l2: p.l2 ?? 1,
    minSplitGain: p.minSplitGain ?? 0,
    subsample: p.subsample ?? 1,
    colsampleByTree: p.colsampleByTree ?? 1,
    maxBins: p.maxBins ?? 255,
    validationFraction: p.validationFraction ?? 0.1,
    seed: p.seed ?? 0,
    threads: p.threads ?? 1,
    earlyStoppingRounds: p.earlyStoppingRounds,
    onIteration: p.onIteration,
  };
  requireParam(Number.isInteger(r.nTrees) && r.nTrees >= 1, 'nTrees must be a positive integer', {
    nTrees: r.nTrees,
  });
  requireParam(r.learningRate > 0 && r.learningRate <= 1, 'learningRate must be in (0, 1]', {
    learningRate: r.learningRate,
  });
  requireParam(Number.isInteger(r.maxDepth) && r.maxDepth >= 1, 'maxDepth must be a positive integer', {
    maxDepth: r.maxDepth,
  });
  requireParam(r.maxLeaves >= 2, 'maxLeaves must be at least 2', { maxLeaves: r.maxLeaves });
  requireParam(r.minChildWeight >= 0, 'minChildWeight must be >= 0', { minChildWeight: r.minChildWeight });
  requireParam(r.l2 >= 0, 'l2 must be >= 0', { l2: r.l2 });
  requireParam(r.minSplitGain >= 0, 'minSplitGain must be >= 0', { minSplitGain: r.minSplitGain });
  requireParam(r.subsample > 0 && r.subsample <= 1, 'subsample must be in (0, 1]', {
    subsample: r.subsample,
  });
  requireParam(r.colsampleByTree > 0 && r.colsampleByTree <= 1, 'colsampleByTree must be in (0, 1]', {
    colsampleByTree: r.colsampleByTree,
  });
  requireParam(r.validationFraction > 0 && r.validationFraction < 1, 'validationFraction must be in (0, 1)', {
    validationFraction: r.validationFraction,
  });
  requireParam(
    Number.isInteger(r.threads) && r.threads >= 1 && r.threads <= 64,
    'threads must be in [1, 64]',
    {
      threads: r.threads,
    },
  );
  if (r.earlyStoppingRounds !== undefined) {
    requireParam(
      Number.isInteger(r.earlyStoppingRounds) && r.earlyStoppingRounds >= 1,
      'earlyStoppingRounds must be a positive integer',
      {
        earlyStoppingRounds: r.earlyStoppingRounds,
      },
    );
  }
  return r;
}
