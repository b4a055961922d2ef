//! A synthetic but realistic evidence folder: one EKS cluster with its node groups and launch
//! templates, plus a `kubectl get -A -o yaml` dump of `resources` Kubernetes objects.

use std::fmt::Write;

pub fn cluster_json() -> String {
    r#"{
    "cluster": {
        "name": "bench-prod",
        "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/bench-prod",
        "createdAt": "2025-03-04T10:11:12.345000+00:00",
        "version": "1.33",
        "endpoint": "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
        "roleArn": "arn:aws:iam::111122223333:role/eks-cluster",
        "resourcesVpcConfig": {
            "subnetIds": ["subnet-0a1", "subnet-0b2"],
            "securityGroupIds": [],
            "clusterSecurityGroupId": "sg-0c3",
            "vpcId": "vpc-0d4",
            "endpointPublicAccess": false,
            "endpointPrivateAccess": true,
            "publicAccessCidrs": ["0.0.0.0/0"]
        },
        "logging": {"clusterLogging": [{"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": true}]},
        "identity": {"oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"}},
        "status": "ACTIVE",
        "encryptionConfig": [{"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:eu-west-1:111122223333:key/0000aaaa-1111-2222-3333-444455556666"}}],
        "accessConfig": {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": false},
        "upgradePolicy": {"supportType": "STANDARD"},
        "deletionProtection": true
    }
}
"#
    .to_string()
}

pub fn nodegroup_json(i: usize) -> String {
    format!(
        r#"{{
    "nodegroup": {{
        "nodegroupName": "ng-{i}",
        "clusterName": "bench-prod",
        "version": "1.33",
        "status": "ACTIVE",
        "capacityType": "ON_DEMAND",
        "instanceTypes": null,
        "subnets": ["subnet-0a1", "subnet-0b2"],
        "amiType": "BOTTLEROCKET_x86_64",
        "remoteAccess": null,
        "launchTemplate": {{"id": "lt-{i:04}", "name": "ng-{i}", "version": "2"}},
        "resources": {{"autoScalingGroups": [{{"name": "eks-ng-{i}-abcd"}}]}}
    }}
}}
"#
    )
}

pub fn launch_templates_json(groups: usize) -> String {
    let mut out = String::from("{\n    \"LaunchTemplateVersions\": [\n");
    for i in 0..groups {
        for version in 1..=2 {
            let tokens = if version == 2 { "required" } else { "optional" };
            let _ = write!(
                out,
                r#"        {{"LaunchTemplateId": "lt-{i:04}", "LaunchTemplateName": "ng-{i}", "VersionNumber": {version}, "DefaultVersion": {default},
          "LaunchTemplateData": {{"InstanceType": "m7i.xlarge", "MetadataOptions": {{"HttpTokens": "{tokens}", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"}},
            "BlockDeviceMappings": [{{"DeviceName": "/dev/xvda", "Ebs": {{"Encrypted": true, "VolumeSize": 50, "VolumeType": "gp3"}}}}],
            "NetworkInterfaces": [{{"DeviceIndex": 0, "AssociatePublicIpAddress": false}}]}}}}{comma}
"#,
                default = version == 2,
                comma = if i + 1 == groups && version == 2 {
                    ""
                } else {
                    ","
                }
            );
        }
    }
    out.push_str("    ]\n}\n");
    out
}

/// A `kubectl get -A -o yaml` List with `resources` objects across 20 namespaces.
pub fn kubernetes_yaml(resources: usize) -> String {
    let mut out =
        String::from("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n");
    for i in 0..resources {
        let ns = format!("team-{}", i % NAMESPACES);
        // Each namespace is listed with its Pod Security labels and a default-deny policy, as
        // `kubectl get ns,netpol,... -A` lists them, before the workloads.
        if i < NAMESPACES {
            namespace(&mut out, &ns, i);
            continue;
        }
        if i < 2 * NAMESPACES {
            default_deny(&mut out, &ns);
            continue;
        }
        match i % 5 {
            0 | 1 => deployment(&mut out, i, &ns),
            2 => {
                let _ = write!(out, "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: config-{i}\n    namespace: {ns}\n    uid: 6f1c2b8e-{i:04}-4a7d-9f0e-1b2c3d4e5f60\n    resourceVersion: \"{i}\"\n  data:\n    LOG_LEVEL: info\n    FEATURE_FLAGS: \"payments,ledger\"\n");
            }
            3 => {
                let _ = write!(out, "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc-{i}\n    namespace: {ns}\n  spec:\n    type: ClusterIP\n    selector:\n      app: app-{i}\n    ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n      protocol: TCP\n");
            }
            _ => {
                let _ = write!(out, "- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: sa-{i}\n    namespace: {ns}\n  automountServiceAccountToken: false\n");
            }
        }
    }
    out
}

/// Namespaces the workloads are spread over.
const NAMESPACES: usize = 20;

fn namespace(out: &mut String, name: &str, i: usize) {
    // Most teams enforce restricted at a pinned version; a few stay at baseline.
    let level = if i % 5 == 4 { "baseline" } else { "restricted" };
    let _ = write!(out, "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: {name}\n    labels:\n      kubernetes.io/metadata.name: {name}\n      pod-security.kubernetes.io/enforce: {level}\n      pod-security.kubernetes.io/enforce-version: v1.33\n      pod-security.kubernetes.io/warn: restricted\n  spec:\n    finalizers:\n    - kubernetes\n  status:\n    phase: Active\n");
}

fn default_deny(out: &mut String, ns: &str) {
    let _ = write!(out, "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n    name: default-deny\n    namespace: {ns}\n  spec:\n    podSelector: {{}}\n    policyTypes:\n    - Ingress\n    - Egress\n");
}

fn deployment(out: &mut String, i: usize, ns: &str) {
    let privileged = i.is_multiple_of(7);
    let _ = write!(
        out,
        r#"- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-{i}
    namespace: {ns}
    labels:
      app: app-{i}
      team: {ns}
    annotations:
      deployment.kubernetes.io/revision: "3"
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: app-{i}
    template:
      metadata:
        labels:
          app: app-{i}
      spec:
        serviceAccountName: sa-{i}
        automountServiceAccountToken: false
        securityContext:
          runAsNonRoot: true
          runAsUser: 10001
          seccompProfile:
            type: RuntimeDefault
        initContainers:
        - name: migrate
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-{i}@sha256:4f5a2b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80912a
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
        containers:
        - name: app
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-{i}:1.4.{i}
          ports:
          - containerPort: 8080
            protocol: TCP
          env:
          - name: LOG_LEVEL
            value: info
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{memory: 256Mi}}
          readinessProbe:
            httpGet: {{path: /healthz, port: 8080}}
          securityContext:
            privileged: {privileged}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
"#
    );
}
