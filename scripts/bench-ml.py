#!/usr/bin/python3
"""Python side of scripts/bench-ml.mjs: fits one reference model and prints one JSON line.

Usage: bench-ml.py <job> <data-dir> [--repeat] where job is xgboost | hgb | logistic (with
--repeat, the fit is timed REFITS more times in the same process and refit_s is their
median), run on the
data set whose files bench-ml.mjs wrote (X_train.f64, y_train.i8, X_test.f64, y_test.i8,
meta.json). Needs Debian's python3-sklearn, python3-numpy and python3-xgboost.
"""
import json
import pathlib
import resource
import sys
import time
import warnings

import numpy as np


def peak_rss_mb():
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


REFITS = 5


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def refits(fn):
    return sorted(timed(fn) for _ in range(REFITS))[REFITS // 2]


def main():
    job, data = sys.argv[1], pathlib.Path(sys.argv[2])
    repeat = len(sys.argv) > 3 and sys.argv[3] == "--repeat"
    meta = json.loads((data / "meta.json").read_text())
    f = meta["features"]
    X = np.fromfile(data / "X_train.f64", dtype=np.float64).reshape(-1, f)
    y = np.fromfile(data / "y_train.i8", dtype=np.int8).astype(np.int64)
    Xt = np.fromfile(data / "X_test.f64", dtype=np.float64).reshape(-1, f)
    yt = np.fromfile(data / "y_test.i8", dtype=np.int8).astype(np.int64)
    from sklearn.metrics import roc_auc_score

    rss_loaded = peak_rss_mb()
    p = meta["gbdt"]
    out = {"job": job}
    if job == "xgboost":
        import xgboost

        model = xgboost.XGBClassifier(
            n_estimators=p["nTrees"], max_depth=p["maxDepth"], learning_rate=p["learningRate"],
            max_bin=p["maxBins"], reg_lambda=p["l2"], min_child_weight=p["minChildWeight"],
            tree_method="hist", n_jobs=2,
            # Start from the training prior's log-odds, as Baton, scikit-learn and XGBoost 2.x
            # do (1.7 starts every fit at 0.5).
            base_score=float(y.mean()),
        )
        out["fit_s"] = timed(lambda: model.fit(X, y))
        if repeat:
            out["refit_s"] = refits(lambda: model.fit(X, y))
        out["version"] = xgboost.__version__
        score = model.predict_proba(Xt)[:, 1]
    elif job == "hgb":
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier

        model = HistGradientBoostingClassifier(
            max_iter=p["nTrees"], max_depth=p["maxDepth"], learning_rate=p["learningRate"],
            max_bins=p["maxBins"], l2_regularization=p["l2"], max_leaf_nodes=None, early_stopping=False,
        )
        out["fit_s"] = timed(lambda: model.fit(X, y))
        if repeat:
            out["refit_s"] = refits(lambda: model.fit(X, y))
        out["version"] = sklearn.__version__
        score = model.predict_proba(Xt)[:, 1]
    else:
        import sklearn
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        C = 1.0 / meta["logistic"]["l2"]
        warnings.filterwarnings("ignore")
        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
        out["fit_s"] = timed(lambda: model.fit(X, y))
        if repeat:
            out["refit_s"] = refits(lambda: model.fit(X, y))
        out["version"] = sklearn.__version__
        score = model.predict_proba(Xt)[:, 1]
        lr = model[-1]
        out["coef"] = [float(v) for v in lr.coef_[0]] + [float(lr.intercept_[0])]
        # The exact optimum of the same objective, to judge both fits by.
        Xs = model[0].transform(X)
        exact = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(Xs, y)
        out["exact_coef"] = [float(v) for v in exact.coef_[0]] + [float(exact.intercept_[0])]
    out["auc"] = float(roc_auc_score(yt, score))
    out["rss_loaded_mb"] = rss_loaded
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
