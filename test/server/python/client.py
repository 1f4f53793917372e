# The official Kubernetes Python client against kubesim serve: list, create, watch, logs, exec,
# delete. Prints one JSON line per step; the test reads them.
import json
import sys

from kubernetes import client, config, watch
from kubernetes.stream import stream


def say(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()

pods = core.list_namespaced_pod("default", label_selector="app=web")
say("list", names=sorted(p.metadata.name for p in pods.items), phases=sorted(p.status.phase for p in pods.items))

pod = client.V1Pod(
    metadata=client.V1ObjectMeta(name="from-python", labels={"made-by": "python"}),
    spec=client.V1PodSpec(containers=[client.V1Container(name="app", image="busybox:1.36", command=["sh", "-c", "echo hello from python; sleep 3600"])]),
)
created = core.create_namespaced_pod("default", pod)
say("create", name=created.metadata.name, uid_set=bool(created.metadata.uid))

# watch=True on the wire, from the create's resourceVersion (as informers do after a list): every
# change after it arrives, however fast the pod runs, until it is Running
seen = []
w = watch.Watch()
for event in w.stream(core.list_namespaced_pod, "default", label_selector="made-by=python", resource_version=created.metadata.resource_version, timeout_seconds=60):
    seen.append([event["type"], event["object"].status.phase])
    if event["object"].status.phase == "Running":
        w.stop()
say("watch", first=seen[0][0], last=seen[-1])

say("logs", text=core.read_namespaced_pod_log("from-python", "default"))

out = stream(core.connect_get_namespaced_pod_exec, "from-python", "default", command=["sh", "-c", "echo $((6*7)); hostname"], stderr=True, stdin=False, stdout=True, tty=False)
say("exec", out=out)

core.delete_namespaced_pod("from-python", "default", grace_period_seconds=0)
try:
    core.read_namespaced_pod("from-python", "default")
    say("delete", gone=False)
except client.exceptions.ApiException as e:
    say("delete", gone=e.status == 404)
