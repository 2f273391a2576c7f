#!/usr/bin/env bash
# One command to a working demo: the emulator on 127.0.0.1:8089 seeded with demo/fleet.json, and a development Jenkins
# (mvn hpi:run, http://localhost:8080/jenkins/) with this plugin, configured by demo/jenkins.yaml (a credential and
# the resource 'demo') and holding the example jobs of demo/jobs. Open the browser and press Build.
# Needs the Jenkins artifact repository (as any hpi:run). Stop with Ctrl-C: the emulator stops with Jenkins.
# JENKINS_HOME is ./work (hpi:run's): jobs already there are kept; `rm -rf work` starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089

echo "demo: building the emulator"
mvn -B -ntp -q -f toolkit -pl emulator -am package -DskipTests -Dspotbugs.skip=true -Dmaven.javadoc.skip=true \
  -Dspotless.check.skip=true
java -jar toolkit/emulator/target/foundry-fine-tuning-emulator.jar --port "$PORT" --api-key demo-key \
  --jobs-file demo/fleet.json --quiet &
EMULATOR=$!
trap 'kill "$EMULATOR" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$EMULATOR" 2>/dev/null || { echo "demo: the emulator did not start (is port $PORT in use?)" >&2; exit 1; }
  sleep 0.2
done

mkdir -p work/jobs
for job in demo/jobs/*/; do
  name=$(basename "$job")
  [ -e "work/jobs/$name" ] || cp -r "$job" "work/jobs/$name"
done

echo "demo: starting Jenkins at http://localhost:8080/jenkins/ (the example jobs are on its front page)"
CASC_JENKINS_CONFIG="$PWD/demo/jenkins.yaml" mvn -B -ntp hpi:run -Dio.jenkins.plugins.finetune.allowLoopbackHttp=true
