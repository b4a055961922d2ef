#!/usr/bin/env python3
"""Writes testdata/midsize-cluster/: `kubectl get ns,deploy,rs,sts,ds,job,cronjob,pod,svc,cm,sa,
sc,pv,pvc,netpol,role,rolebinding,clusterrole,clusterrolebinding -A -o yaml` of a mid-size
payments cluster, as kubectl prints it (List, status, managedFields, ownerReferences, pods and
ReplicaSets created by their controllers), with a handful of deliberate findings that
core/tests/midsize.rs names one by one. Deterministic: rerunning gives the same bytes."""

import hashlib
import os
import yaml

OUT = os.path.join(os.path.dirname(__file__), "..", "midsize-cluster")
ECR = "111122223333.dkr.ecr.eu-west-1.amazonaws.com"
T0 = "2026-09-14T08:12:33Z"


class Dumper(yaml.SafeDumper):
    pass


def _str(d, s):
    style = '"' if s in ("", "true", "false", "0", "1") or s.isdigit() else None
    return d.represent_scalar("tag:yaml.org,2002:str", s, style=style)


Dumper.add_representer(str, _str)


def uid(*parts):
    h = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def meta(kind, name, ns=None, labels=None, annotations=None, owner=None, rv=1000):
    m = {"creationTimestamp": T0}
    if annotations:
        m["annotations"] = annotations
    m["generation"] = 1
    if labels:
        m["labels"] = labels
    m["managedFields"] = [{"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}},
                           "manager": "kubectl-client-side-apply" if owner is None else "kube-controller-manager",
                           "operation": "Update", "time": T0}]
    m["name"] = name
    if ns:
        m["namespace"] = ns
    if owner:
        m["ownerReferences"] = [{"apiVersion": owner[0], "blockOwnerDeletion": True, "controller": True,
                                 "kind": owner[1], "name": owner[2], "uid": uid(owner[1], ns or "", owner[2])}]
    m["resourceVersion"] = str(rv)
    m["uid"] = uid(kind, ns or "", name)
    return m


def hardened_container(name, image, port=8080, probe=True):
    c = {"name": name, "image": f"{ECR}/{image}", "imagePullPolicy": "IfNotPresent",
         "ports": [{"containerPort": port, "name": "http", "protocol": "TCP"}],
         "resources": {"limits": {"memory": "512Mi"}, "requests": {"cpu": "200m", "memory": "256Mi"}},
         "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                             "readOnlyRootFilesystem": True},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
         "volumeMounts": [{"mountPath": "/tmp", "name": "tmp"}]}
    if probe:
        c["readinessProbe"] = {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                               "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1}
    return c


def pod_spec(app, image, sa=None):
    return {"automountServiceAccountToken": False,
            "containers": [hardened_container(app.split("-")[-1], image)],
            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
            "securityContext": {"fsGroup": 10001, "runAsGroup": 10001, "runAsNonRoot": True, "runAsUser": 10001,
                                "seccompProfile": {"type": "RuntimeDefault"}},
            "serviceAccount": sa or app, "serviceAccountName": sa or app, "terminationGracePeriodSeconds": 30,
            "volumes": [{"emptyDir": {"sizeLimit": "64Mi"}, "name": "tmp"}]}


objects = []
rv = [5000]


def add(obj):
    rv[0] += 7
    obj["metadata"]["resourceVersion"] = str(rv[0])
    objects.append(obj)
    return obj


def namespace(name, level=None, version=None, team=None):
    labels = {"kubernetes.io/metadata.name": name}
    if team:
        labels["team"] = team
    if level:
        labels["pod-security.kubernetes.io/enforce"] = level
        labels["pod-security.kubernetes.io/audit"] = "restricted"
        labels["pod-security.kubernetes.io/warn"] = "restricted"
    if version:
        labels["pod-security.kubernetes.io/enforce-version"] = version
    add({"apiVersion": "v1", "kind": "Namespace", "metadata": meta("Namespace", name, labels=labels),
         "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})


def workload(kind, app, ns, image, replicas=2, mutate=None, pods=True):
    spec = pod_spec(app, image)
    labels = {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": ns}
    tpl = {"metadata": {"labels": {"app": app}}, "spec": spec}
    if mutate:
        mutate(spec, tpl["metadata"])
    api = "apps/v1"
    if kind == "Deployment":
        body = {"progressDeadlineSeconds": 600, "replicas": replicas, "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": app}},
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                "template": tpl}
        status = {"availableReplicas": replicas, "observedGeneration": 1, "readyReplicas": replicas, "replicas": replicas}
    elif kind == "StatefulSet":
        body = {"podManagementPolicy": "OrderedReady", "replicas": replicas, "selector": {"matchLabels": {"app": app}},
                "serviceName": app, "template": tpl,
                "volumeClaimTemplates": [{"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
                                          "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "gp3-encrypted",
                                                   "resources": {"requests": {"storage": "20Gi"}}}}]}
        status = {"availableReplicas": replicas, "readyReplicas": replicas, "replicas": replicas}
    elif kind == "DaemonSet":
        body = {"selector": {"matchLabels": {"app": app}}, "template": tpl,
                "updateStrategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"}}
        status = {"currentNumberScheduled": 6, "desiredNumberScheduled": 6, "numberReady": 6}
    elif kind == "CronJob":
        api = "batch/v1"
        spec["restartPolicy"] = "OnFailure"
        for c in spec["containers"]:
            c.pop("ports", None)
            c.pop("readinessProbe", None)
        body = {"concurrencyPolicy": "Forbid", "failedJobsHistoryLimit": 1, "schedule": "17 2 * * *",
                "successfulJobsHistoryLimit": 3, "suspend": False,
                "jobTemplate": {"metadata": {}, "spec": {"backoffLimit": 2, "template": tpl}}}
        status = {"lastScheduleTime": "2026-11-29T02:17:00Z"}
    add({"apiVersion": api, "kind": kind, "metadata": meta(kind, app, ns, labels=labels), "spec": body, "status": status})
    if not pods or kind == "CronJob":
        return
    owner_kind, owner_name = kind, app
    if kind == "Deployment":
        rs = f"{app}-{uid(app)[:10]}"
        add({"apiVersion": "apps/v1", "kind": "ReplicaSet",
             "metadata": meta("ReplicaSet", rs, ns, labels={"app": app, "pod-template-hash": uid(app)[:10]},
                              annotations={"deployment.kubernetes.io/revision": "1"}, owner=("apps/v1", "Deployment", app)),
             "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app}}, "template": tpl},
             "status": {"availableReplicas": replicas, "readyReplicas": replicas, "replicas": replicas}})
        owner_kind, owner_name = "ReplicaSet", rs
    for i in range(min(replicas, 2)):
        name = f"{owner_name}-{uid(owner_name, str(i))[:5]}" if kind != "StatefulSet" else f"{app}-{i}"
        pspec = yaml.safe_load(yaml.safe_dump(spec))
        pspec["nodeName"] = f"ip-10-0-{12 + i}-{40 + i}.eu-west-1.compute.internal"
        add({"apiVersion": "v1", "kind": "Pod",
             "metadata": meta("Pod", name, ns, labels=dict(tpl["metadata"]["labels"]), annotations=tpl["metadata"].get("annotations"),
                              owner=("apps/v1", owner_kind, owner_name)),
             "spec": pspec, "status": {"phase": "Running", "podIP": f"10.0.{40 + i}.{len(objects) % 250}", "qosClass": "Burstable"}})


def simple(kind, name, ns, body, api="v1"):
    obj = {"apiVersion": api, "kind": kind, "metadata": meta(kind, name, ns)}
    obj.update(body)
    add(obj)


def default_deny(ns, egress=True):
    types = ["Ingress", "Egress"] if egress else ["Ingress"]
    simple("NetworkPolicy", "default-deny", ns, {"spec": {"podSelector": {}, "policyTypes": types}}, "networking.k8s.io/v1")


def allow_app(ns, app):
    simple("NetworkPolicy", f"allow-{app}", ns,
           {"spec": {"podSelector": {"matchLabels": {"app": app}}, "policyTypes": ["Ingress", "Egress"],
                     "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress"}}}],
                                  "ports": [{"port": 8080, "protocol": "TCP"}]}],
                     "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/16", "except": ["169.254.169.254/32"]}}]}]}},
           "networking.k8s.io/v1")


def team(ns, level, version, apps, sts=(), cronjobs=(), egress=True, policies=True):
    namespace(ns, level, version, team=ns)
    if policies:
        default_deny(ns, egress)
    for app in list(apps) + list(sts) + list(cronjobs):
        simple("ServiceAccount", app, ns, {"automountServiceAccountToken": False})
        simple("ConfigMap", f"{app}-config", ns, {"data": {"LOG_LEVEL": "info", "REGION": "eu-west-1"}})
        if policies:
            allow_app(ns, app)
    for app in apps:
        workload("Deployment", app, ns, f"{ns}/{app}:3.{len(app)}.0")
        simple("Service", app, ns, {"spec": {"type": "ClusterIP", "selector": {"app": app},
                                             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}})
    for app in sts:
        workload("StatefulSet", app, ns, f"{ns}/{app}:16.4")
    for app in cronjobs:
        workload("CronJob", app, ns, f"{ns}/{app}:1.0.{len(app)}")
    simple("Role", f"{ns}-deployer", ns, {"rules": [{"apiGroups": ["apps"], "resources": ["deployments"],
                                                    "verbs": ["get", "list", "watch", "update", "patch"]}]},
           "rbac.authorization.k8s.io/v1")
    simple("RoleBinding", f"{ns}-deployer", ns, {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": f"{ns}-deployer"},
                                                "subjects": [{"kind": "Group", "name": f"{ns}-deployers", "apiGroup": "rbac.authorization.k8s.io"}]},
           "rbac.authorization.k8s.io/v1")


# Cluster-scoped objects.
for name, encrypted in (("gp3-encrypted", "true"), ("gp2", "false")):
    obj = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": meta("StorageClass", name),
           "provisioner": "ebs.csi.aws.com", "parameters": {"type": name[:3], "encrypted": encrypted},
           "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": True}
    if name == "gp3-encrypted":
        obj["parameters"]["kmsKeyId"] = "arn:aws:kms:eu-west-1:111122223333:key/0000aaaa-1111-2222-3333-444455556666"
    add(obj)

# Well-run teams.
team("payments", "restricted", "latest", ["payments-api", "payments-gateway", "card-tokenizer", "payments-worker"],
     sts=["payments-ledger-db"], cronjobs=["settlement-report", "chargeback-sync"])
team("ledger", "restricted", "latest", ["ledger-api", "ledger-projector", "ledger-audit"], sts=["ledger-kafka"],
     cronjobs=["ledger-snapshot"])
team("customer", "restricted", "v1.33", ["customer-profile", "kyc-checks", "notifications"], cronjobs=["gdpr-erasure"])
team("fraud", "restricted", "v1.30", ["fraud-scoring", "fraud-rules"], cronjobs=["model-refresh"])
team("treasury", "restricted", "latest", ["fx-rates", "liquidity-api", "treasury-ui", "swift-gateway"],
     sts=["treasury-db"], cronjobs=["eod-positions", "rate-import"])
team("onboarding", "restricted", "latest", ["onboarding-api", "document-scan", "onboarding-ui"],
     cronjobs=["abandoned-cleanup"])

# Teams with deliberate findings (see core/tests/midsize.rs).
team("risk", "baseline", "latest", ["risk-engine", "exposure-calc"], cronjobs=["packet-capture"])
team("ingress", "baseline", "latest", ["edge-proxy"])
team("batch", None, None, ["statement-renderer"], cronjobs=["nightly-export"], egress=False)
team("reporting", "baseline", "latest", ["report-portal"], policies=False)
namespace("monitoring", "privileged", None, team="platform")


def mutate_by_name(name, fn):
    for obj in objects:
        if obj["metadata"]["name"] == name or obj["metadata"].get("ownerReferences", [{}])[0].get("name", "").startswith(name):
            kind = obj["kind"]
            if kind == "CronJob":
                fn(obj["spec"]["jobTemplate"]["spec"]["template"]["spec"])
            elif kind == "Pod":
                fn(obj["spec"])
            elif "template" in obj.get("spec", {}):
                fn(obj["spec"]["template"]["spec"])


def add_net_admin(spec):
    spec["containers"][0]["securityContext"]["capabilities"] = {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}


def host_port(spec):
    spec["containers"][0]["ports"].append({"containerPort": 8443, "hostPort": 443, "name": "https", "protocol": "TCP"})


def legacy_security(spec):
    spec["securityContext"] = {"fsGroup": 2000}
    for c in spec["containers"]:
        c["securityContext"] = {"readOnlyRootFilesystem": False}


def unconfined(spec):
    spec["containers"][0]["securityContext"]["seccompProfile"] = {"type": "Unconfined"}


mutate_by_name("packet-capture", add_net_admin)
mutate_by_name("edge-proxy", host_port)
mutate_by_name("statement-renderer", legacy_security)
mutate_by_name("nightly-export", legacy_security)
mutate_by_name("report-portal", unconfined)

# The node exporter runs in a privileged namespace, as platform teams do.
workload("DaemonSet", "node-exporter", "monitoring", "monitoring/node-exporter:1.8.2",
         mutate=lambda s, m: s.update({"hostNetwork": True, "hostPID": True}))
simple("ServiceAccount", "node-exporter", "monitoring", {"automountServiceAccountToken": False})

# kube-system as EKS creates it (exempt by default).
namespace("kube-system")
namespace("kube-public")
namespace("kube-node-lease")
namespace("default")
workload("DaemonSet", "aws-node", "kube-system", "amazon-k8s-cni:v1.19.2",
         mutate=lambda s, m: (s.update({"hostNetwork": True}),
                              s["containers"][0]["securityContext"].update({"privileged": True})))
workload("Deployment", "coredns", "kube-system", "eks/coredns:v1.11.4-eksbuild.2")
simple("ConfigMap", "aws-auth", "kube-system",
       {"data": {"mapRoles": "- rolearn: arn:aws:iam::111122223333:role/eks-node-payments\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n  - system:bootstrappers\n  - system:nodes\n"}})
simple("ClusterRole", "platform-readonly", None, {"rules": [{"apiGroups": ["", "apps"], "resources": ["pods", "deployments"], "verbs": ["get", "list", "watch"]}]},
       "rbac.authorization.k8s.io/v1")
simple("ClusterRoleBinding", "platform-readonly", None,
       {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "platform-readonly"},
        "subjects": [{"kind": "Group", "name": "platform-oncall", "apiGroup": "rbac.authorization.k8s.io"}]},
       "rbac.authorization.k8s.io/v1")

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "k8s.yaml"), "w") as f:
    yaml.dump({"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}},
              f, Dumper=Dumper, sort_keys=False, default_flow_style=False, width=200)
print(f"wrote {len(objects)} objects to {OUT}/k8s.yaml")
