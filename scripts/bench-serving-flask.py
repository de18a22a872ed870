"""The serving baseline for scripts/bench-serving.mjs: a scikit-learn model behind Flask, the
way `mlflow models serve` serves one (JSON records -> pandas DataFrame -> predict_proba).

    /usr/bin/python3 scripts/bench-serving-flask.py train DATA.csv MODEL.pkl
    OMP_NUM_THREADS=1 MODEL=MODEL.pkl gunicorn -w 2 -b 127.0.0.1:PORT --chdir scripts bench-serving-flask:app
"""
import os
import pickle
import sys

import pandas as pd


def train(data_path, model_path):
    from sklearn.ensemble import GradientBoostingClassifier

    frame = pd.read_csv(data_path)
    y = frame.pop("label")
    model = GradientBoostingClassifier(n_estimators=100, max_depth=6, learning_rate=0.1, random_state=1)
    model.fit(frame, y)
    with open(model_path, "wb") as f:
        pickle.dump({"model": model, "columns": list(frame.columns)}, f)


if __name__ == "__main__":
    train(sys.argv[2], sys.argv[3])
else:
    from flask import Flask, jsonify, request

    with open(os.environ["MODEL"], "rb") as f:
        saved = pickle.load(f)
    model = saved["model"]
    columns = saved["columns"]
    app = Flask(__name__)

    @app.post("/invocations")
    def invocations():
        body = request.get_json()
        frame = pd.DataFrame.from_records(body["records"], columns=columns)
        proba = model.predict_proba(frame)
        labels = model.classes_[proba.argmax(axis=1)]
        return jsonify(
            {"predictions": [{"label": str(l), "probabilities": p.tolist()} for l, p in zip(labels, proba)]}
        )
