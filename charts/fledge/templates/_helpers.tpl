{{/* Name of the chart, overridable. */}}
{{- define "fledge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name when it already says "fledge". */}}
{{- define "fledge.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fledge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fledge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fledge.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "fledge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: fledge
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fledge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fledge.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "fledge.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when leader election is on: forced by value, or auto with more than one replica. */}}
{{- define "fledge.leaderElect" -}}
{{- if eq (toString .Values.leaderElection.enabled) "auto" }}
{{- gt (int .Values.replicaCount) 1 }}
{{- else }}
{{- toString .Values.leaderElection.enabled }}
{{- end }}
{{- end }}

{{/*
The API verbs Fledge uses, derived from the code (src/canary, src/flags,
src/routing, src/kube). Shared by the ClusterRole (cluster-wide mode) and by
every per-namespace Role (namespaced mode). The Lease for leader election is
granted separately, in the release namespace only.
*/}}
{{- define "fledge.rules" -}}
# Canaries: informer (list/watch), re-read on conflict (get), finalizer and
# manual-control annotations (patch), status through the subresource (update).
- apiGroups: [fledge.dev]
  resources: [canaries]
  verbs: [get, list, watch, patch]
- apiGroups: [fledge.dev]
  resources: [canaries/status, featureflags/status]
  verbs: [update]
# Owner references with blockOwnerDeletion on objects owned by a Canary.
- apiGroups: [fledge.dev]
  resources: [canaries/finalizers]
  verbs: [update]
# FeatureFlags and MetricTemplates are read only; their status is above.
- apiGroups: [fledge.dev]
  resources: [featureflags, metrictemplates]
  verbs: [get, list, watch]
# Target and primary Deployments: create the primary, copy the template
# (update), scale the target (patch).
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch]
# The apex, -primary and -canary Services.
- apiGroups: ['']
  resources: [services]
  verbs: [get, list, watch, create, patch]
# Flag-set ConfigMaps (server-side apply, deleted when a set is empty) and
# -primary copies of ConfigMaps a canaried pod template mounts.
- apiGroups: ['']
  resources: [configmaps]
  verbs: [get, list, watch, create, update, patch, delete]
{{- if .Values.rbac.secrets }}
# See rbac.secrets in values.yaml: no delete. list/watch feed a cache that
# holds only a content hash of each Secret, never its data.
- apiGroups: ['']
  resources: [secrets]
  verbs: [get, list, watch, create, update]
{{- end }}
# spec.autoscalerRef: read (cache, minReplicas on scale-up) and the
# <name>-primary copy targeting the primary (create, kept in sync by update).
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch, create, update]
- apiGroups: [networking.istio.io]
  resources: [virtualservices]
  verbs: [get, list, watch, create, patch]
- apiGroups: [networking.istio.io]
  resources: [destinationrules]
  verbs: [get, create, patch]
# Events are created, and patched to count repeats as a series.
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end }}
