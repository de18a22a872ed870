"""Drives the official, unchanged `mlflow` Python client (2.x) against a running Baton.

Run it through scripts/mlflow-client-check.mjs, which starts Baton, creates the users, project and
token it expects, and passes them in the environment:

  BATON_URL           the server root (e.g. http://127.0.0.1:8080)
  BATON_PROJECT       the project the scoped tracking URI points at
  BATON_WRITER        a member who may write runs, register models and move aliases
  BATON_WRITER_TOKEN  an API token of that member (used as MLFLOW_TRACKING_TOKEN)
  BATON_VIEWER        a member with the viewer role only
  BATON_PASSWORD      the password of both

Each check prints PASS or FAIL with the reason; the exit code is the number of failures (capped).
"""

import json
import math
import os
import sys
import tempfile
import time
import traceback
import uuid

import mlflow
import requests
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunStatus, RunTag
from mlflow.exceptions import MlflowException

BASE = os.environ["BATON_URL"].rstrip("/")
PROJECT = os.environ["BATON_PROJECT"]
WRITER = os.environ["BATON_WRITER"]
WRITER_TOKEN = os.environ["BATON_WRITER_TOKEN"]
VIEWER = os.environ["BATON_VIEWER"]
PASSWORD = os.environ["BATON_PASSWORD"]
SCOPED_URI = f"{BASE}/projects/{PROJECT}"
SUFFIX = uuid.uuid4().hex[:8]

results = []


def check(name):
    """Runs the decorated function at once and records its outcome; returns its value or None."""

    def run(fn):
        try:
            value = fn()
            results.append((name, "PASS", ""))
            print(f"PASS  {name}", flush=True)
            return value
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
            reason = f"{type(error).__name__}: {error}"
            results.append((name, "FAIL", reason))
            print(f"FAIL  {name}\n      {reason[:600]}", flush=True)
            if os.environ.get("MLFLOW_CHECK_TRACE"):
                traceback.print_exc()
            return None

    return run


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def expect_error(fn, code):
    try:
        fn()
    except MlflowException as error:
        expect(error.error_code == code, f"expected {code}, got {error.error_code}: {error.message}")
        return error
    raise AssertionError(f"expected {code}, but the call succeeded")


def use_basic(username):
    os.environ.pop("MLFLOW_TRACKING_TOKEN", None)
    os.environ["MLFLOW_TRACKING_USERNAME"] = username
    os.environ["MLFLOW_TRACKING_PASSWORD"] = PASSWORD


def use_token(token):
    os.environ.pop("MLFLOW_TRACKING_USERNAME", None)
    os.environ.pop("MLFLOW_TRACKING_PASSWORD", None)
    os.environ["MLFLOW_TRACKING_TOKEN"] = token


def use_uri(uri):
    os.environ["MLFLOW_TRACKING_URI"] = uri
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)


print(f"mlflow {mlflow.__version__} against {SCOPED_URI}", flush=True)
use_uri(SCOPED_URI)
use_basic(WRITER)
client = MlflowClient()
state = {}
work = tempfile.mkdtemp(prefix="mlflow-check-")

# --- experiments -------------------------------------------------------------------------------


@check("create_experiment with tags, get_experiment, get_experiment_by_name")
def _():
    exp_id = mlflow.create_experiment(f"check-{SUFFIX}", tags={"team": "risk"})
    state["exp_id"] = exp_id
    exp = client.get_experiment(exp_id)
    expect(exp.name == f"check-{SUFFIX}", f"name {exp.name}")
    expect(exp.tags.get("team") == "risk", f"tags {exp.tags}")
    expect(exp.lifecycle_stage == "active", exp.lifecycle_stage)
    expect(exp.artifact_location.startswith("mlflow-artifacts:/"), exp.artifact_location)
    by_name = mlflow.get_experiment_by_name(f"check-{SUFFIX}")
    expect(by_name.experiment_id == exp_id, "get_experiment_by_name id")
    expect(mlflow.get_experiment_by_name(f"missing-{SUFFIX}") is None, "missing name gives None")


@check("create_experiment twice is RESOURCE_ALREADY_EXISTS")
def _():
    expect_error(lambda: mlflow.create_experiment(f"check-{SUFFIX}"), "RESOURCE_ALREADY_EXISTS")


@check("set_experiment_tag, rename_experiment")
def _():
    client.set_experiment_tag(state["exp_id"], "stage", "dev")
    client.rename_experiment(state["exp_id"], f"check-{SUFFIX}-renamed")
    exp = client.get_experiment(state["exp_id"])
    expect(exp.name == f"check-{SUFFIX}-renamed", exp.name)
    expect(exp.tags.get("stage") == "dev", exp.tags)
    client.rename_experiment(state["exp_id"], f"check-{SUFFIX}")


@check("search_experiments with filter_string, order_by and paging")
def _():
    for i in range(3):
        mlflow.create_experiment(f"page-{SUFFIX}-{i}")
    found = mlflow.search_experiments(filter_string=f"name LIKE 'page-{SUFFIX}-%'", order_by=["name DESC"])
    expect([e.name for e in found] == [f"page-{SUFFIX}-{i}" for i in (2, 1, 0)], [e.name for e in found])
    page = client.search_experiments(filter_string=f"name LIKE 'page-{SUFFIX}-%'", max_results=2)
    expect(len(page) == 2 and page.token, f"first page {len(page)} token {page.token!r}")
    rest = client.search_experiments(
        filter_string=f"name LIKE 'page-{SUFFIX}-%'", max_results=2, page_token=page.token
    )
    expect(len(rest) == 1, f"second page {len(rest)}")
    tagged = mlflow.search_experiments(filter_string="tags.team = 'risk'")
    expect(state["exp_id"] in [e.experiment_id for e in tagged], "tag filter")


@check("delete_experiment, search deleted, restore_experiment")
def _():
    doomed = mlflow.create_experiment(f"doomed-{SUFFIX}")
    client.delete_experiment(doomed)
    expect(client.get_experiment(doomed).lifecycle_stage == "deleted", "deleted stage")
    deleted = mlflow.search_experiments(view_type=mlflow.entities.ViewType.DELETED_ONLY)
    expect(doomed in [e.experiment_id for e in deleted], "DELETED_ONLY lists it")
    client.restore_experiment(doomed)
    expect(client.get_experiment(doomed).lifecycle_stage == "active", "restored")


@check("set_experiment by name (existing and new)")
def _():
    exp = mlflow.set_experiment(f"check-{SUFFIX}")
    expect(exp.experiment_id == state["exp_id"], "existing experiment")
    made = mlflow.set_experiment(f"made-by-set-{SUFFIX}")
    expect(made.experiment_id != state["exp_id"], "a new experiment")
    mlflow.set_experiment(experiment_id=state["exp_id"])


# --- runs --------------------------------------------------------------------------------------


@check("start_run, log_param(s), log_metric(s) with steps, set_tag, nested run, end_run")
def _():
    with mlflow.start_run(run_name="parent", description="the parent run") as parent:
        state["run_id"] = parent.info.run_id
        mlflow.log_param("lr", 0.1)
        mlflow.log_params({"depth": 6, "loss": "logloss"})
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics({"auc": 0.91, "acc": 0.87}, step=4)
        mlflow.log_metric("nan_metric", float("nan"))
        mlflow.log_metric("inf_metric", float("inf"))
        mlflow.set_tag("team", "risk")
        mlflow.set_tags({"owner": WRITER, "doomed": "yes"})
        with mlflow.start_run(run_name="child", nested=True) as child:
            state["child_id"] = child.info.run_id
            mlflow.log_metric("loss", 0.5)
    run = client.get_run(state["run_id"])
    expect(run.info.status == "FINISHED", run.info.status)
    expect(run.info.end_time is not None and run.info.end_time >= run.info.start_time, "end_time")
    expect(run.info.run_name == "parent", run.info.run_name)
    expect(run.data.params == {"lr": "0.1", "depth": "6", "loss": "logloss"}, run.data.params)
    expect(run.data.metrics["loss"] == 0.2 and run.data.metrics["auc"] == 0.91, run.data.metrics)
    expect(math.isnan(run.data.metrics["nan_metric"]), "NaN kept")
    expect(run.data.metrics["inf_metric"] == float("inf"), "Inf kept")
    expect(run.data.tags["team"] == "risk" and run.data.tags["owner"] == WRITER, run.data.tags)
    expect(run.data.tags.get("mlflow.note.content") == "the parent run", "description tag")
    child = client.get_run(state["child_id"])
    expect(child.data.tags.get("mlflow.parentRunId") == state["run_id"], "parent tag")
    expect(child.info.status == "FINISHED", child.info.status)


@check("log_param with a different value is INVALID_PARAMETER_VALUE")
def _():
    run = client.create_run(state["exp_id"])
    client.log_param(run.info.run_id, "p", "1")
    expect_error(lambda: client.log_param(run.info.run_id, "p", "2"), "INVALID_PARAMETER_VALUE")
    client.set_terminated(run.info.run_id)


@check("MlflowClient: create_run with tags, log_batch, log_metric, delete_tag, set_terminated FAILED")
def _():
    run = client.create_run(state["exp_id"], run_name="batch", tags={"kind": "batch"})
    rid = run.info.run_id
    state["batch_id"] = rid
    now = int(time.time() * 1000)
    client.log_batch(
        rid,
        metrics=[Metric("m", float(i), now + i, i) for i in range(100)],
        params=[Param(f"p{i}", str(i)) for i in range(10)],
        tags=[RunTag("t", "v"), RunTag("gone", "x")],
    )
    client.log_metric(rid, "single", 3.5, timestamp=now, step=7)
    client.set_tag(rid, "extra", "1")
    client.delete_tag(rid, "gone")
    client.set_terminated(rid, status="FAILED")
    got = client.get_run(rid)
    expect(got.info.status == "FAILED", got.info.status)
    expect(got.data.metrics["m"] == 99.0 and got.data.metrics["single"] == 3.5, got.data.metrics)
    expect(len(got.data.params) == 10, got.data.params)
    expect("gone" not in got.data.tags and got.data.tags["t"] == "v" and got.data.tags["kind"] == "batch", got.data.tags)
    expect_error(lambda: client.delete_tag(rid, "never-set"), "RESOURCE_DOES_NOT_EXIST")


@check("update_run (rename) and status KILLED")
def _():
    run = client.create_run(state["exp_id"], run_name="to-rename")
    client.update_run(run.info.run_id, name="renamed")
    client.set_terminated(run.info.run_id, status="KILLED")
    got = client.get_run(run.info.run_id)
    expect(got.info.run_name == "renamed", got.info.run_name)
    expect(got.info.status == "KILLED", got.info.status)


@check("get_metric_history (values, steps, timestamps)")
def _():
    history = client.get_metric_history(state["run_id"], "loss")
    expect([m.step for m in history] == [0, 1, 2, 3, 4], [m.step for m in history])
    expect([m.value for m in history] == [1.0, 0.5, 1 / 3, 0.25, 0.2], [m.value for m in history])
    expect(all(m.timestamp > 0 for m in history), "timestamps")
    long = client.get_metric_history(state["batch_id"], "m")
    expect(len(long) == 100, len(long))


@check("search_runs (client) with a filter string, order_by and paging")
def _():
    runs = client.search_runs(
        [state["exp_id"]],
        filter_string="metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'risk' and attributes.status = 'FINISHED'",
        order_by=["metrics.auc DESC"],
    )
    expect([r.info.run_id for r in runs] == [state["run_id"]], [r.info.run_id for r in runs])
    by_name = client.search_runs([state["exp_id"]], filter_string="attributes.run_name LIKE 'ch%'")
    expect([r.info.run_id for r in by_name] == [state["child_id"]], "run_name LIKE")
    ordered = client.search_runs([state["exp_id"]], order_by=["attributes.start_time ASC"])
    starts = [r.info.start_time for r in ordered]
    expect(starts == sorted(starts) and len(ordered) >= 4, f"{len(ordered)} runs")
    first = client.search_runs([state["exp_id"]], max_results=2)
    expect(len(first) == 2 and first.token, "first page and a token")
    second = client.search_runs([state["exp_id"]], max_results=2, page_token=first.token)
    expect(not {r.info.run_id for r in first} & {r.info.run_id for r in second}, "pages do not overlap")
    in_list = client.search_runs([state["exp_id"]], filter_string="attributes.status IN ('FAILED', 'KILLED')")
    expect(len(in_list) == 2, f"IN: {len(in_list)}")


@check("mlflow.search_runs (pandas) and search_runs over experiment names")
def _():
    frame = mlflow.search_runs(
        experiment_ids=[state["exp_id"]], filter_string="params.depth = '6'", order_by=["metrics.loss ASC"]
    )
    expect(list(frame["run_id"]) == [state["run_id"]], list(frame["run_id"]))
    expect(frame["metrics.auc"].iloc[0] == 0.91 and frame["params.lr"].iloc[0] == "0.1", "columns")
    listed = mlflow.search_runs(experiment_names=[f"check-{SUFFIX}"], output_format="list")
    expect(len(listed) >= 4, len(listed))


@check("invalid filter is INVALID_PARAMETER_VALUE")
def _():
    expect_error(
        lambda: client.search_runs([state["exp_id"]], filter_string="metrics.auc >> 1"),
        "INVALID_PARAMETER_VALUE",
    )


@check("get_run of an unknown id is RESOURCE_DOES_NOT_EXIST")
def _():
    expect_error(lambda: client.get_run("0" * 32), "RESOURCE_DOES_NOT_EXIST")


@check("delete_run, search DELETED_ONLY, restore_run")
def _():
    run = client.create_run(state["exp_id"], run_name="doomed")
    client.set_terminated(run.info.run_id)
    client.delete_run(run.info.run_id)
    expect(client.get_run(run.info.run_id).info.lifecycle_stage == "deleted", "deleted")
    deleted = client.search_runs([state["exp_id"]], run_view_type=mlflow.entities.ViewType.DELETED_ONLY)
    expect(run.info.run_id in [r.info.run_id for r in deleted], "listed as deleted")
    active = client.search_runs([state["exp_id"]])
    expect(run.info.run_id not in [r.info.run_id for r in active], "hidden from active")
    client.restore_run(run.info.run_id)
    expect(client.get_run(run.info.run_id).info.lifecycle_stage == "active", "restored")


# --- artifacts ---------------------------------------------------------------------------------


@check("log_artifact, log_artifacts (a folder), log_text, log_dict")
def _():
    with open(os.path.join(work, "notes.txt"), "w") as f:
        f.write("hello baton\n")
    folder = os.path.join(work, "plots")
    os.makedirs(os.path.join(folder, "deep"))
    with open(os.path.join(folder, "a.csv"), "w") as f:
        f.write("x,y\n1,2\n")
    with open(os.path.join(folder, "deep", "b.bin"), "wb") as f:
        f.write(bytes(range(256)) * 1000)
    open(os.path.join(folder, "empty.txt"), "w").close()
    with mlflow.start_run(run_id=state["batch_id"]):
        mlflow.log_artifact(os.path.join(work, "notes.txt"))
        mlflow.log_artifact(os.path.join(work, "notes.txt"), artifact_path="docs")
        mlflow.log_artifacts(folder, artifact_path="plots")
        mlflow.log_text("some text", "text/readme.md")
        mlflow.log_dict({"a": 1}, "config.json")
        state["artifact_uri"] = mlflow.get_artifact_uri()
    expect(state["artifact_uri"].startswith("mlflow-artifacts:/"), state["artifact_uri"])


@check("list_artifacts (root and a folder)")
def _():
    top = {f.path: f for f in client.list_artifacts(state["batch_id"])}
    expect({"notes.txt", "docs", "plots", "text", "config.json"} <= set(top), sorted(top))
    expect(top["plots"].is_dir and not top["notes.txt"].is_dir, "is_dir")
    expect(top["notes.txt"].file_size == 12, top["notes.txt"].file_size)
    plots = {f.path: f for f in client.list_artifacts(state["batch_id"], "plots")}
    expect(set(plots) == {"plots/a.csv", "plots/deep", "plots/empty.txt"}, sorted(plots))
    deep = client.list_artifacts(state["batch_id"], "plots/deep")
    expect([(f.path, f.file_size) for f in deep] == [("plots/deep/b.bin", 256000)], deep)


@check("download_artifacts (a file, a folder, the whole run) and load_text/load_dict")
def _():
    dest = tempfile.mkdtemp(dir=work)
    path = mlflow.artifacts.download_artifacts(run_id=state["batch_id"], artifact_path="notes.txt", dst_path=dest)
    expect(open(path).read() == "hello baton\n", "file content")
    folder = client.download_artifacts(state["batch_id"], "plots", tempfile.mkdtemp(dir=work))
    with open(os.path.join(folder, "deep", "b.bin"), "rb") as f:
        expect(f.read() == bytes(range(256)) * 1000, "binary content")
    expect(os.path.getsize(os.path.join(folder, "empty.txt")) == 0, "empty file")
    whole = mlflow.artifacts.download_artifacts(run_id=state["batch_id"], dst_path=tempfile.mkdtemp(dir=work))
    expect(os.path.exists(os.path.join(whole, "docs", "notes.txt")), os.listdir(whole))
    by_uri = mlflow.artifacts.download_artifacts(f"runs:/{state['batch_id']}/config.json", dst_path=tempfile.mkdtemp(dir=work))
    expect(json.load(open(by_uri)) == {"a": 1}, "runs:/ uri")
    expect(mlflow.artifacts.load_text(f"runs:/{state['batch_id']}/text/readme.md") == "some text", "load_text")
    expect(mlflow.artifacts.load_dict(f"{state['artifact_uri']}/config.json") == {"a": 1}, "mlflow-artifacts uri")


# --- datasets ----------------------------------------------------------------------------------


@check("log_input with mlflow.data.from_pandas")
def _():
    import pandas as pd

    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
    dataset = mlflow.data.from_pandas(frame, source="s3://bucket/train.csv", name="train", targets="y")
    with mlflow.start_run(run_name="with-input") as run:
        mlflow.log_input(dataset, context="training", tags={"split": "train"})
    got = client.get_run(run.info.run_id)
    inputs = got.inputs.dataset_inputs
    expect(len(inputs) == 1, inputs)
    expect(inputs[0].dataset.name == "train" and inputs[0].dataset.digest == dataset.digest, inputs[0].dataset)
    expect(inputs[0].dataset.source_type == "s3", inputs[0].dataset.source_type)
    tags = {t.key: t.value for t in inputs[0].tags}
    expect(tags.get("mlflow.data.context") == "training" and tags.get("split") == "train", tags)
    expect(json.loads(inputs[0].dataset.schema)["mlflow_colspec"], "schema")


# --- models and the registry -------------------------------------------------------------------


@check("log_model (sklearn flavour, explicit requirements) records the model on the run")
def _():
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    with mlflow.start_run(run_name="model") as run:
        info = mlflow.sklearn.log_model(model, "model", pip_requirements=["scikit-learn"])
    state["model_run"] = run.info.run_id
    expect(info.model_uri == f"runs:/{run.info.run_id}/model", info.model_uri)
    got = client.get_run(run.info.run_id)
    history = json.loads(got.data.tags["mlflow.log-model.history"])
    expect(history[0]["artifact_path"] == "model" and "sklearn" in history[0]["flavors"], history)
    names = {f.path for f in client.list_artifacts(run.info.run_id, "model")}
    expect({"model/MLmodel", "model/model.pkl"} <= names, sorted(names))


MODEL = f"check-model-{SUFFIX}"


@check("mlflow.register_model from runs:/<id>/model (twice: versions 1 and 2)")
def _():
    v1 = mlflow.register_model(f"runs:/{state['model_run']}/model", MODEL)
    expect(v1.name == MODEL and v1.version == "1", (v1.name, v1.version))
    expect(v1.status == "READY", v1.status)
    expect(v1.run_id == state["model_run"], v1.run_id)
    v2 = mlflow.register_model(f"runs:/{state['model_run']}/model", MODEL, tags={"candidate": "yes"})
    expect(v2.version == "2", v2.version)


@check("get_registered_model, update_registered_model, set/delete_registered_model_tag")
def _():
    client.update_registered_model(MODEL, description="credit model")
    client.set_registered_model_tag(MODEL, "owner", "risk")
    client.set_registered_model_tag(MODEL, "temp", "x")
    client.delete_registered_model_tag(MODEL, "temp")
    model = client.get_registered_model(MODEL)
    expect(model.description == "credit model", model.description)
    expect(model.tags == {"owner": "risk"}, model.tags)
    expect([v.version for v in model.latest_versions] == ["2"], [v.version for v in model.latest_versions])


@check("create_registered_model, rename_registered_model, delete_registered_model")
def _():
    other = f"other-{SUFFIX}"
    made = client.create_registered_model(other, tags={"k": "v"}, description="d")
    expect(made.name == other and made.tags == {"k": "v"}, (made.name, made.tags))
    expect_error(lambda: client.create_registered_model(other), "RESOURCE_ALREADY_EXISTS")
    client.rename_registered_model(other, f"{other}-new")
    expect(client.get_registered_model(f"{other}-new").description == "d", "renamed model keeps its fields")
    expect_error(lambda: client.get_registered_model(other), "RESOURCE_DOES_NOT_EXIST")
    client.delete_registered_model(f"{other}-new")
    expect_error(lambda: client.get_registered_model(f"{other}-new"), "RESOURCE_DOES_NOT_EXIST")


@check("search_registered_models with filter_string and order_by")
def _():
    found = client.search_registered_models(filter_string=f"name LIKE 'check-model-{SUFFIX}%'", order_by=["name ASC"])
    expect([m.name for m in found] == [MODEL], [m.name for m in found])
    expect(found[0].tags == {"owner": "risk"}, found[0].tags)


@check("model versions: get, update, set/delete tag, search_model_versions, get_latest_versions")
def _():
    client.update_model_version(MODEL, "1", description="first")
    client.set_model_version_tag(MODEL, "1", "validated", "true")
    client.set_model_version_tag(MODEL, "1", "temp", "x")
    client.delete_model_version_tag(MODEL, "1", "temp")
    v1 = client.get_model_version(MODEL, "1")
    expect(v1.description == "first" and v1.tags == {"validated": "true"}, (v1.description, v1.tags))
    expect(v1.source.startswith("mlflow-artifacts:/") or v1.source.startswith("runs:/"), v1.source)
    versions = client.search_model_versions(f"name = '{MODEL}'", order_by=["version_number DESC"])
    expect([v.version for v in versions] == ["2", "1"], [v.version for v in versions])
    by_run = client.search_model_versions(f"run_id = '{state['model_run']}'")
    expect(len(by_run) == 2, len(by_run))
    latest = client.get_latest_versions(MODEL, stages=["None"])
    expect([v.version for v in latest] == ["2"], [v.version for v in latest])
    expect_error(lambda: client.get_model_version(MODEL, "99"), "RESOURCE_DOES_NOT_EXIST")


@check("transition_model_version_stage (Staging, Production with archive_existing_versions)")
def _():
    v = client.transition_model_version_stage(MODEL, "1", "Staging")
    expect(v.current_stage == "Staging", v.current_stage)
    client.transition_model_version_stage(MODEL, "1", "Production")
    client.transition_model_version_stage(MODEL, "2", "Production", archive_existing_versions=True)
    expect(client.get_model_version(MODEL, "1").current_stage == "Archived", "archived")
    latest = client.get_latest_versions(MODEL, stages=["Production"])
    expect([v.version for v in latest] == ["2"], [v.version for v in latest])


@check("set/get/delete registered model alias")
def _():
    client.set_registered_model_alias(MODEL, "champion", "1")
    client.set_registered_model_alias(MODEL, "challenger", "2")
    v = client.get_model_version_by_alias(MODEL, "champion")
    expect(v.version == "1" and "champion" in v.aliases, (v.version, v.aliases))
    expect(client.get_registered_model(MODEL).aliases == {"champion": "1", "challenger": "2"}, "model aliases")
    client.delete_registered_model_alias(MODEL, "challenger")
    expect_error(lambda: client.get_model_version_by_alias(MODEL, "challenger"), "RESOURCE_DOES_NOT_EXIST")


@check("get_model_version_download_uri")
def _():
    uri = client.get_model_version_download_uri(MODEL, "1")
    expect(uri.startswith("mlflow-artifacts:/") and uri.rstrip("/").endswith("/model"), uri)


@check("download models:/name@alias and models:/name/version, load the model back")
def _():
    path = mlflow.artifacts.download_artifacts(f"models:/{MODEL}@champion", dst_path=tempfile.mkdtemp(dir=work))
    expect(os.path.exists(os.path.join(path, "MLmodel")), os.listdir(path))
    path = mlflow.artifacts.download_artifacts(f"models:/{MODEL}/2", dst_path=tempfile.mkdtemp(dir=work))
    expect(os.path.exists(os.path.join(path, "model.pkl")), os.listdir(path))
    model = mlflow.sklearn.load_model(f"models:/{MODEL}@champion")
    expect(list(model.predict([[0.0], [3.0]])) == [0, 1], "predictions")


@check("delete_model_version")
def _():
    client.delete_registered_model_alias(MODEL, "champion")
    client.transition_model_version_stage(MODEL, "1", "None")
    client.delete_model_version(MODEL, "1")
    expect_error(lambda: client.get_model_version(MODEL, "1"), "RESOURCE_DOES_NOT_EXIST")


# --- limits, odd names and the rest of the client's surface ----------------------------------


@check("MLflow's limits: 6000-char param, 8000-char tag, 5000-char experiment tag, keys with / . - and spaces")
def _():
    with mlflow.start_run(run_name="limits \u00e9t\u00e9 \U0001f680") as run:
        mlflow.log_param("long", "p" * 6000)
        mlflow.set_tag("long", "t" * 8000)
        mlflow.log_metric("train/loss v2.x-y", 0.5, step=2**40)
    client.set_experiment_tag(state["exp_id"], "long", "e" * 5000)
    got = client.get_run(run.info.run_id)
    expect(got.info.run_name == "limits \u00e9t\u00e9 \U0001f680", got.info.run_name)
    expect(len(got.data.params["long"]) == 6000 and len(got.data.tags["long"]) == 8000, "lengths")
    history = client.get_metric_history(run.info.run_id, "train/loss v2.x-y")
    expect([(m.value, m.step) for m in history] == [(0.5, 2**40)], history)
    expect(len(client.get_experiment(state["exp_id"]).tags["long"]) == 5000, "experiment tag")


@check("log_params/log_metrics over one batch's limits (client splits 250 params, 2500 metrics)")
def _():
    with mlflow.start_run(run_name="wide") as run:
        mlflow.log_params({f"p{i:03}": i for i in range(250)})
        mlflow.log_metrics({f"m{i:04}": float(i) for i in range(2500)})
    got = client.get_run(run.info.run_id)
    expect(len(got.data.params) == 250 and len(got.data.metrics) == 2500, (len(got.data.params), len(got.data.metrics)))


@check("a 20,000-point metric series through log_batch comes back whole from get_metric_history")
def _():
    run = client.create_run(state["exp_id"], run_name="long-series")
    now = int(time.time() * 1000)
    for start in range(0, 20000, 1000):
        client.log_batch(run.info.run_id, metrics=[Metric("s", i * 0.5, now, i) for i in range(start, start + 1000)])
    client.set_terminated(run.info.run_id)
    history = client.get_metric_history(run.info.run_id, "s")
    expect(len(history) == 20000, len(history))
    expect(sorted(m.step for m in history) == list(range(20000)), "every step")


@check("asynchronous logging (synchronous=False) and flush")
def _():
    with mlflow.start_run(run_name="async") as run:
        for step in range(20):
            mlflow.log_metric("a", float(step), step=step, synchronous=False)
        mlflow.log_params({"x": 1}, synchronous=False)
        mlflow.set_tag("t", "1", synchronous=False)
        mlflow.flush_async_logging()
    got = client.get_run(run.info.run_id)
    expect(got.data.metrics["a"] == 19.0 and got.data.params == {"x": "1"} and got.data.tags["t"] == "1", got.data)
    expect(len(client.get_metric_history(run.info.run_id, "a")) == 20, "history")


# The client puts artifact paths into URLs unquoted, so a '#' or '?' in a file name cuts the path
# (against MLflow's own server too); such names are left out.
@check("artifact names with spaces, unicode, '%', '+', '&', '=' and ';' round-trip")
def _():
    names = ["with space.txt", "\u00fcml\u00e4ut.txt", "100%.txt", "a+b.txt", "x&y=z;w.txt"]
    folder = os.path.join(work, "odd")
    os.makedirs(folder)
    for name in names:
        with open(os.path.join(folder, name), "w") as f:
            f.write(name)
    with mlflow.start_run(run_name="odd-names") as run:
        mlflow.log_artifacts(folder, artifact_path="odd dir")
    listed = sorted(f.path for f in client.list_artifacts(run.info.run_id, "odd dir"))
    expect(listed == sorted(f"odd dir/{n}" for n in names), listed)
    out = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="odd dir", dst_path=tempfile.mkdtemp(dir=work))
    for name in names:
        expect(open(os.path.join(out, name)).read() == name, name)


@check("a 40 MB artifact uploads and downloads intact")
def _():
    big = os.path.join(work, "big.bin")
    block = os.urandom(1024 * 1024)
    with open(big, "wb") as f:
        for _ in range(40):
            f.write(block)
    with mlflow.start_run(run_name="big") as run:
        mlflow.log_artifact(big)
    entry = client.list_artifacts(run.info.run_id)[0]
    expect(entry.file_size == 40 * 1024 * 1024, entry.file_size)
    out = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="big.bin", dst_path=tempfile.mkdtemp(dir=work))
    with open(out, "rb") as f:
        expect(f.read() == block * 40, "content")


@check("log_table and load_table")
def _():
    import pandas as pd

    with mlflow.start_run(run_name="table") as run:
        mlflow.log_table({"a": [1, 2], "b": ["x", "y"]}, "eval/table.json")
    frame = mlflow.load_table("eval/table.json", run_ids=[run.info.run_id])
    expect(list(frame["a"]) == [1, 2] and list(frame["b"]) == ["x", "y"], frame)
    expect(isinstance(frame, pd.DataFrame), type(frame))


@check("log_model with a 120-column signature: history tag recorded, signature read back from MLmodel")
def _():
    import pandas as pd
    from sklearn.linear_model import LinearRegression

    frame = pd.DataFrame({f"feature_with_a_long_name_{i:03}": [float(i), float(i + 1)] for i in range(120)})
    model = LinearRegression().fit(frame, [0.0, 1.0])
    with mlflow.start_run(run_name="wide-model") as run:
        mlflow.sklearn.log_model(model, "model", input_example=frame.head(1), pip_requirements=["scikit-learn"])
    tag = client.get_run(run.info.run_id).data.tags.get("mlflow.log-model.history")
    expect(tag is not None, "no mlflow.log-model.history tag: the log-model call was refused")
    expect(json.loads(tag)[0]["artifact_path"] == "model", tag[:200])
    info = mlflow.models.get_model_info(f"runs:/{run.info.run_id}/model")
    expect(len(info.signature.inputs.inputs) == 120, info.signature)


@check("log_model(registered_model_name=...), pyfunc model loaded by models:/name@alias")
def _():
    import pandas as pd

    class AddOne(mlflow.pyfunc.PythonModel):
        def predict(self, context, model_input, params=None):
            return model_input["x"] + 1

    name = f"pyfunc-{SUFFIX}"
    with mlflow.start_run(run_name="pyfunc"):
        info = mlflow.pyfunc.log_model("model", python_model=AddOne(), registered_model_name=name, pip_requirements=["pandas"])
    expect(str(info.registered_model_version) == "1", info.registered_model_version)
    client.set_registered_model_alias(name, "prod", "1")
    loaded = mlflow.pyfunc.load_model(f"models:/{name}@prod")
    expect(list(loaded.predict(pd.DataFrame({"x": [1, 2]}))) == [2, 3], "predictions")
    expect(loaded.metadata.run_id == info.run_id, (loaded.metadata.run_id, info.run_id))
    # mlflow.models.get_model_info("models:/name@alias") is not used: this client appends
    # "/MLmodel" and then reads "name@alias" as a model name (against any server).


@check("copy_model_version to another registered model")
def _():
    source = f"pyfunc-{SUFFIX}"
    copy = client.copy_model_version(f"models:/{source}/1", f"copy-{SUFFIX}")
    expect(copy.name == f"copy-{SUFFIX}" and copy.version == "1", (copy.name, copy.version))
    path = mlflow.artifacts.download_artifacts(f"models:/copy-{SUFFIX}/1", dst_path=tempfile.mkdtemp(dir=work))
    expect(os.path.exists(os.path.join(path, "MLmodel")), os.listdir(path))


@check("registry search: tag filters and paging")
def _():
    by_tag = client.search_registered_models(filter_string="tags.owner = 'risk'")
    expect([m.name for m in by_tag] == [MODEL], [m.name for m in by_tag])
    first = client.search_registered_models(max_results=1, order_by=["name ASC"])
    expect(len(first) == 1 and first.token, "first page")
    second = client.search_registered_models(max_results=1, order_by=["name ASC"], page_token=first.token)
    expect(len(second) == 1 and second[0].name != first[0].name, "second page")
    versions = client.search_model_versions(f"name = '{MODEL}' and tags.candidate = 'yes'")
    expect([v.version for v in versions] == ["2"], [v.version for v in versions])
    page = client.search_model_versions(max_results=1)
    expect(len(page) == 1 and page.token, "model version paging")


@check("search language forms the client passes through: quoted keys, dotted tags, datasets., IN, ILIKE, !=")
def _():
    exp = state["exp_id"]

    def ids(flt, **kw):
        return {r.info.run_id for r in client.search_runs([exp], filter_string=flt, run_view_type=mlflow.entities.ViewType.ALL, **kw)}

    expect(ids(f"tags.mlflow.parentRunId = '{state['run_id']}'") == {state["child_id"]}, "dotted tag key")
    expect(ids('tags."mlflow.runName" = \'parent\'') == {state["run_id"]}, "double-quoted key")
    expect(ids("tags.`mlflow.runName` = 'parent'") == {state["run_id"]}, "backquoted key")
    expect(state["run_id"] in ids("metrics.`loss` <= 0.2 and params.loss != 'x'"), "backquoted metric, !=")
    expect(ids("attributes.run_name ILIKE 'PAR%'") == {state["run_id"]}, "ILIKE")
    expect(ids(f"attributes.run_id IN ('{state['run_id']}', '{state['child_id']}')") == {state["run_id"], state["child_id"]}, "run_id IN")
    expect(state["run_id"] in ids("attributes.start_time > 0 and attributes.end_time > 0"), "times")
    expect(state["run_id"] in ids(f"attributes.user_id = '{WRITER}'"), "user_id")
    with_input = ids("datasets.name = 'train' and datasets.context = 'training'")
    expect(len(with_input) == 1, f"datasets filter: {len(with_input)}")
    expect(ids("attributes.lifecycle_stage = 'deleted'") == set(), "none deleted now")
    ordered = client.search_runs([exp], filter_string="metrics.loss < 10", order_by=["metrics.loss ASC", "attributes.start_time DESC"])
    losses = [r.data.metrics["loss"] for r in ordered]
    expect(losses == sorted(losses), losses)
    by_param = client.search_runs([exp], filter_string="params.depth = '6'", order_by=["params.lr DESC"])
    expect([r.info.run_id for r in by_param] == [state["run_id"]], "order by a param")
    everywhere = mlflow.search_runs(search_all_experiments=True, filter_string="params.lr = '0.1'", output_format="list")
    expect(state["run_id"] in [r.info.run_id for r in everywhere], "search_all_experiments")
    exps = mlflow.search_experiments(filter_string=f"attributes.creation_time > 0 and name ILIKE 'CHECK-{SUFFIX}' and tags.`team` = 'risk'", order_by=["last_update_time DESC"])
    expect([e.experiment_id for e in exps] == [exp], [e.name for e in exps])


@check("experiment with a client-given artifact_location still logs and reads artifacts")
def _():
    exp = mlflow.create_experiment(f"located-{SUFFIX}", artifact_location=os.path.join(work, "elsewhere"))
    with mlflow.start_run(experiment_id=exp) as run:
        mlflow.log_text("located", "x.txt")
    expect(mlflow.artifacts.load_text(f"runs:/{run.info.run_id}/x.txt") == "located", "artifact")


@check("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD: the client falls back to one PUT")
def _():
    os.environ["MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD"] = "true"
    os.environ["MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE"] = str(1024 * 1024)
    try:
        big = os.path.join(work, "mpu.bin")
        with open(big, "wb") as f:
            f.write(os.urandom(3 * 1024 * 1024))
        with mlflow.start_run(run_name="mpu") as run:
            mlflow.log_artifact(big)
        out = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="mpu.bin", dst_path=tempfile.mkdtemp(dir=work))
        expect(open(out, "rb").read() == open(big, "rb").read(), "content")
    finally:
        os.environ.pop("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD")
        os.environ.pop("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE")


@check("artifact repository delete_artifacts (the proxy's DELETE)")
def _():
    from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

    with mlflow.start_run(run_name="deletes") as run:
        mlflow.log_text("a", "keep.txt")
        mlflow.log_text("b", "drop/one.txt")
        mlflow.log_text("c", "gone.txt")
    repo = get_artifact_repository(client.get_run(run.info.run_id).info.artifact_uri)
    repo.delete_artifacts("gone.txt")
    repo.delete_artifacts("drop")
    expect([f.path for f in client.list_artifacts(run.info.run_id)] == ["keep.txt"], client.list_artifacts(run.info.run_id))


@check("sklearn autolog (params, training metrics, model, dataset input)")
def _():
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    mlflow.sklearn.autolog(log_input_examples=False, log_models=True, log_datasets=True, silent=True)
    try:
        x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
        y = np.array([0, 0, 0, 1, 1, 1])
        with mlflow.start_run(run_name="autolog") as run:
            LogisticRegression(C=0.5).fit(x, y)
    finally:
        mlflow.sklearn.autolog(disable=True)
    got = client.get_run(run.info.run_id)
    expect(got.data.params.get("C") == "0.5", got.data.params)
    expect("training_accuracy_score" in got.data.metrics, sorted(got.data.metrics))
    expect(any(f.path == "model" for f in client.list_artifacts(run.info.run_id)), "model artifact")
    expect(len(got.inputs.dataset_inputs) >= 1, "dataset input")


@check("logging to a run after it ended (MLflow allows it; Baton refuses metrics and params)")
def _():
    run = client.create_run(state["exp_id"], run_name="ended")
    client.set_terminated(run.info.run_id)
    client.set_tag(run.info.run_id, "verdict", "good")
    expect_error(lambda: client.log_metric(run.info.run_id, "late", 1.0), "INVALID_PARAMETER_VALUE")
    expect_error(lambda: client.log_param(run.info.run_id, "late", "1"), "INVALID_PARAMETER_VALUE")
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_metric("late", 1.0)
    expect(client.get_run(run.info.run_id).data.metrics == {"late": 1.0}, "reopened run takes metrics")


@check("MLflow's orderings: NaN and missing metrics last both ways, default run, experiment and version orders")
def _():
    exp = mlflow.create_experiment(f"order-{SUFFIX}")
    ids = {}
    for name, auc in [("low", 0.5), ("high", 0.9), ("nan", float("nan")), ("none", None)]:
        run = client.create_run(exp, run_name=name)
        if auc is not None:
            client.log_metric(run.info.run_id, "auc", auc)
        client.set_terminated(run.info.run_id)
        ids[run.info.run_id] = name
        time.sleep(0.01)
    desc = [ids[r.info.run_id] for r in client.search_runs([exp], order_by=["metrics.auc DESC"])]
    asc = [ids[r.info.run_id] for r in client.search_runs([exp], order_by=["metrics.auc ASC"])]
    expect(desc[:2] == ["high", "low"] and set(desc[2:]) == {"nan", "none"}, f"DESC {desc}")
    expect(asc[:2] == ["low", "high"] and set(asc[2:]) == {"nan", "none"}, f"ASC {asc}")
    default = [ids[r.info.run_id] for r in client.search_runs([exp])]
    expect(default == ["none", "nan", "high", "low"], f"default order (newest first) {default}")
    made = [mlflow.create_experiment(f"order-{SUFFIX}-{i}") for i in range(3)]
    listed = [e.experiment_id for e in client.search_experiments(filter_string=f"name LIKE 'order-{SUFFIX}-%'")]
    expect(listed == made[::-1], "experiments newest first by default")


@check("latest metric value is the one with the highest step, then timestamp")
def _():
    run = client.create_run(state["exp_id"], run_name="latest")
    rid = run.info.run_id
    client.log_metric(rid, "m", 1.0, timestamp=100, step=5)
    client.log_metric(rid, "m", 2.0, timestamp=200, step=3)
    client.log_metric(rid, "n", 1.0, timestamp=100, step=1)
    client.log_metric(rid, "n", 3.0, timestamp=300, step=1)
    client.set_terminated(rid)
    got = client.get_run(rid).data.metrics
    expect(got == {"m": 1.0, "n": 3.0}, got)
    found = client.search_runs([state["exp_id"]], filter_string="metrics.m = 1 and metrics.n = 3")
    expect([r.info.run_id for r in found] == [rid], "search uses the latest values")


@check("delete_experiment marks its runs deleted, restore brings them back; deleted names stay taken")
def _():
    exp = mlflow.create_experiment(f"cascade-{SUFFIX}")
    run = client.create_run(exp)
    client.set_terminated(run.info.run_id)
    client.delete_experiment(exp)
    expect(client.get_run(run.info.run_id).info.lifecycle_stage == "deleted", "run deleted with its experiment")
    by_name = client.get_experiment_by_name(f"cascade-{SUFFIX}")
    expect(by_name is not None and by_name.lifecycle_stage == "deleted", "get_experiment_by_name finds it")
    expect_error(lambda: mlflow.create_experiment(f"cascade-{SUFFIX}"), "RESOURCE_ALREADY_EXISTS")
    try:
        mlflow.set_experiment(f"cascade-{SUFFIX}")
        raise AssertionError("set_experiment on a deleted experiment succeeded")
    except MlflowException as error:
        expect("deleted" in error.message, error.message)
    client.restore_experiment(exp)
    expect(client.get_run(run.info.run_id).info.lifecycle_stage == "active", "run restored with it")


@check("registry: a model name with spaces and unicode, reserved aliases, default search orders")
def _():
    name = f"Credit Risk \u00fc {SUFFIX}"
    mv = mlflow.register_model(f"runs:/{state['model_run']}/model", name)
    expect(mv.name == name and mv.version == "1", (mv.name, mv.version))
    mlflow.register_model(f"runs:/{state['model_run']}/model", name)
    client.set_registered_model_alias(name, "prod", "1")
    expect(client.get_model_version_by_alias(name, "prod").version == "1", "alias on a spaced name")
    model = mlflow.sklearn.load_model(f"models:/{name}@prod")
    expect(list(model.predict([[3.0]])) == [1], "load by alias")
    expect_error(lambda: client.set_registered_model_alias(name, "latest", "1"), "INVALID_PARAMETER_VALUE")
    expect_error(lambda: client.set_registered_model_alias(name, "v2", "1"), "INVALID_PARAMETER_VALUE")
    found = client.search_registered_models(filter_string=f"name LIKE '%{SUFFIX}%'")
    names = [m.name for m in found]
    expect(names == sorted(names), f"registered models by name ASC by default: {names}")
    client.update_model_version(name, "1", description="touched last")
    versions = [v.version for v in client.search_model_versions(f"name = '{name}'")]
    expect(versions == ["1", "2"], f"model versions by last update DESC by default: {versions}")


# --- credentials, roles and the default project ------------------------------------------------


@check("MLFLOW_TRACKING_TOKEN (bearer) works for runs and artifacts")
def _():
    use_token(WRITER_TOKEN)
    try:
        with mlflow.start_run(experiment_id=state["exp_id"], run_name="token") as run:
            mlflow.log_metric("x", 1.0)
            mlflow.log_text("via token", "t.txt")
        expect(mlflow.artifacts.load_text(f"runs:/{run.info.run_id}/t.txt") == "via token", "artifact")
    finally:
        use_basic(WRITER)


@check("a token as MLFLOW_TRACKING_PASSWORD works")
def _():
    os.environ["MLFLOW_TRACKING_PASSWORD"] = WRITER_TOKEN
    try:
        expect(client.get_run(state["run_id"]).info.run_id == state["run_id"], "get_run")
    finally:
        use_basic(WRITER)


@check("wrong password is UNAUTHENTICATED")
def _():
    os.environ["MLFLOW_TRACKING_PASSWORD"] = "wrong-password"
    try:
        expect_error(lambda: client.get_experiment(state["exp_id"]), "UNAUTHENTICATED")
    finally:
        use_basic(WRITER)


@check("viewer reads, and every write is PERMISSION_DENIED")
def _():
    use_basic(VIEWER)
    try:
        expect(client.get_run(state["run_id"]).info.run_id == state["run_id"], "viewer reads a run")
        expect(len(client.list_artifacts(state["batch_id"])) > 0, "viewer lists artifacts")
        expect(
            mlflow.artifacts.load_text(f"runs:/{state['batch_id']}/text/readme.md") == "some text",
            "viewer downloads",
        )
        expect(client.get_registered_model(MODEL).name == MODEL, "viewer reads the registry")
        denied = "PERMISSION_DENIED"
        expect_error(lambda: mlflow.create_experiment(f"viewer-{SUFFIX}"), denied)
        expect_error(lambda: client.create_run(state["exp_id"]), denied)
        expect_error(lambda: client.log_metric(state["batch_id"], "x", 1.0), denied)
        expect_error(lambda: client.log_batch(state["batch_id"], params=[Param("v", "1")]), denied)
        expect_error(lambda: client.set_tag(state["batch_id"], "x", "1"), denied)
        expect_error(lambda: client.delete_run(state["batch_id"]), denied)
        # The artifact repository raises requests' HTTPError, not MlflowException (as against
        # MLflow's own server); the answer must still be a 403 with MLflow's error body.
        try:
            client.log_artifact(state["batch_id"], os.path.join(work, "notes.txt"))
            raise AssertionError("a viewer uploaded an artifact")
        except requests.HTTPError as error:
            expect(error.response.status_code == 403, error.response.status_code)
            expect(error.response.json()["error_code"] == denied, error.response.text)
        expect_error(lambda: client.create_registered_model(f"viewer-{SUFFIX}"), denied)
        expect_error(lambda: client.set_registered_model_alias(MODEL, "x", "2"), denied)
        expect_error(lambda: client.transition_model_version_stage(MODEL, "2", "Staging"), denied)
    finally:
        use_basic(WRITER)


@check("bare root URI logs into the default project (default experiment 0, artifacts)")
def _():
    use_uri(BASE)
    try:
        mlflow.set_experiment(experiment_id="0")
        with mlflow.start_run(run_name="at-root") as run:
            mlflow.log_param("where", "root")
            mlflow.log_metric("m", 2.0)
            mlflow.log_text("root artifact", "r.txt")
        expect(run.info.experiment_id != "", run.info.experiment_id)
        expect(mlflow.artifacts.load_text(f"runs:/{run.info.run_id}/r.txt") == "root artifact", "artifact")
        found = mlflow.search_runs(experiment_ids=["0"], filter_string="params.where = 'root'", output_format="list")
        expect([r.info.run_id for r in found] == [run.info.run_id], "search in experiment 0")
        expect(MlflowClient().get_experiment("0").name == "Default", "experiment 0 is Default")
        # The scoped project does not see the root's run.
        use_uri(SCOPED_URI)
        expect_error(lambda: MlflowClient().get_run(run.info.run_id), "RESOURCE_DOES_NOT_EXIST")
    finally:
        use_uri(SCOPED_URI)
        mlflow.set_experiment(experiment_id=state["exp_id"])


# --- summary -----------------------------------------------------------------------------------

failed = [r for r in results if r[1] == "FAIL"]
print(f"\nmlflow {mlflow.__version__}: {len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(min(len(failed), 100))
