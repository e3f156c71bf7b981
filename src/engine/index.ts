/**
 * The recommendation engine's public surface: data structures, algorithms, the registry that builds
 * them by Surprise name, evaluation (accuracy, ranking, model selection), top-N and model files.
 * Modules inside the engine import each other directly; everything outside imports from here.
 */
export { Trainset, type Csr, type RatingArrays, type RatingScale } from './trainset.ts';
export { Random } from './random.ts';

export {
  AlgoBase,
  PredictionImpossible,
  type Estimate,
  type Params,
  type Prediction,
  type PredictionDetails,
  type TypedArray,
} from './prediction-algorithms/algo-base.ts';
export { InvalidParameterError } from './prediction-algorithms/algo-params.ts';
export { BaselineOnly } from './prediction-algorithms/baseline-only.ts';
export { CoClustering } from './prediction-algorithms/co-clustering.ts';
export { KNNBaseline, KNNBasic, KNNWithMeans, KNNWithZScore } from './prediction-algorithms/knns.ts';
export { NMF, SVD } from './prediction-algorithms/matrix-factorization.ts';
export { Popularity } from './prediction-algorithms/popularity.ts';
export { NormalPredictor } from './prediction-algorithms/random-pred.ts';
export { SlopeOne } from './prediction-algorithms/slope-one.ts';
export { SVDpp } from './prediction-algorithms/svdpp.ts';

export {
  NESTED_OPTION_KEYS,
  UnknownAlgorithmError,
  algorithmConstructor,
  algorithmNames,
  canonicalName,
  createAlgorithm,
  defaultParams,
  loadAlgorithm,
  parseParams,
  type AlgoClass,
  type AlgoSpec,
} from './algorithms.ts';

export { fcp, mae, mse, rmse, toColumns, type PredictionColumns } from './accuracy.ts';
export {
  DEFAULT_RELEVANCE_THRESHOLD,
  catalogueCoverage,
  rankingAtK,
  topNHitRate,
  type RankingOptions,
  type RankingScores,
} from './ranking-metrics.ts';
export {
  KFold,
  LeaveLastOut,
  TrainTestSplit,
  foldCount,
  foldRows,
  type FoldPlan,
  type FoldRows,
  type Splitter,
} from './model-selection/split.ts';
export { predictRows, type FoldResult } from './model-selection/fold-task.ts';
export { computeMeasures, higherIsBetter, normalizeMeasure, type Measure } from './model-selection/measures.ts';
export { crossValidate, crossValidateAll, type CrossValidateOptions, type CvResult } from './model-selection/validation.ts';
export {
  gridSearch,
  randomizedSearch,
  type Distribution,
  type ParamDistributions,
  type ParamGrid,
  type SearchResult,
} from './model-selection/search.ts';

export { TopNRanker, type RankedItems, type Recommendations, type TopNOptions } from './top-n.ts';
export { canFoldIn, foldInUser, rankFoldedIn, type FoldedInUser } from './fold-in.ts';
export { itemNeighboursOf, type ItemNeighbours } from './item-neighbours.ts';
export { FORMAT_VERSION, ModelFileError, readModel, writeModel, type ModelFileMeta, type ModelMeta } from './model-file.ts';
